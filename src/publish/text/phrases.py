"""Where a line of Japanese may end in display text: between BudouX's phrases.

Japanese running text breaks between any two characters, but a title, a heading or a
slide's key sentence read badly split inside a word (``頑/張ろう``, ``プロダクトマネー/
ジャー``).  BudouX, the model Chromium uses for CSS ``word-break: auto-phrase``, finds
the phrases; the deck ends its lines between them and the PDF keeps each whole in its
headings.  It is loaded (~30 ms) only for Japanese text.
"""

from __future__ import annotations

import functools
import itertools


def phrase_ends(text: str) -> frozenset[int]:
    """The offsets of ``text`` between two of its phrases (a hard break ``\\n`` ends one),
    its start and end included."""
    ends, start = [], 0
    for line in text.split("\n"):
        ends += itertools.accumulate((len(p) for p in _parser().parse(line)), initial=start)
        start += len(line) + 1
    return frozenset(ends)


@functools.cache
def _parser():  # -> budoux.Parser
    import budoux

    return budoux.load_default_japanese_parser()
