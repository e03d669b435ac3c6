"""Sentences of a paragraph, in Chinese, Japanese, Korean and Latin-script text.

The deck shows an answer's first sentence where no key sentence is marked, and the
closing slide the first sentence of each summary paragraph; a split in the wrong place
puts "It costs about 10% more time, e.g." on a slide.  So a full stop ends a sentence
only before white space (or the end) and not after an abbreviation (``e.g.``, ``Dr.``),
an initial (``J. K. Rowling``) or inside a number (``2.5``); ``。！？`` always end one.
Closing quotes and brackets stay with the sentence they close.
"""

from __future__ import annotations

import re

# Lower-case, without their final period.
ABBREVIATIONS = frozenset({
    "e.g", "i.e", "cf", "etc", "vs", "approx", "ca", "no", "nos", "vol", "fig", "p", "pp",
    "dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "mt", "gen", "col", "lt", "sgt",
    "rev", "hon", "inc", "ltd", "co", "corp", "dept", "univ", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
_CLOSERS = "”’」』）)】》\"'"
_END = re.compile(rf"[。！？]+[{_CLOSERS}]*|[.!?…]+[{_CLOSERS}]*(?=\s|$)")


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, each with its closing punctuation, stripped."""
    out: list[str] = []
    start = 0
    for match in _END.finditer(text):
        if match.group().startswith(".") and _abbreviated(text[start:match.start()]):
            continue
        piece = text[start:match.end()].strip()
        if piece:
            out.append(piece)
        start = match.end()
    rest = text[start:].strip()
    return out + ([rest] if rest else [])


def _abbreviated(before: str) -> bool:
    """Whether a full stop after ``before`` belongs to an abbreviation or an initial."""
    words = before.split()
    if not words:
        return False
    word = words[-1].lstrip("(\"'“‘").casefold()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (all of it when it has no sentence end)."""
    found = split_sentences(text)
    return found[0] if found else text.strip()
