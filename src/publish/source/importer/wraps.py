"""Hard-wrapped turns: a transcript pasted from a PDF or a fixed-width export breaks its
lines inside sentences (``…是固定的`` over ``时间吗？``); each such line would otherwise be
a paragraph of its own.

A line continues the turn's line above it only when all of these hold, so that a
transcript whose every line is a paragraph is left as it is:

- it comes right under that line (a blank line between them is a paragraph break);
- it opens with no speaker label, part number or list item (``第一，``, ``一、``, ``1.``);
- the line above is as wide as wrapped text is (twelve CJK characters) and ends no
  sentence, and the run of such lines goes on to one that does (a transcript without
  punctuation joins nothing);
- after Latin text, it does not open with a capital (a new sentence, not a wrap).

Each line is looked at once, against the one line above it: linear in the turn's length.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Sequence

from .lines import Line, width

# What ends a paragraph's line: a sentence's end, a closing quote or bracket, and, to be
# safe, a colon, a semicolon or a dash (a list or an interruption may follow).
PARAGRAPH_END = tuple("。．.！!？?…‥\"”’')）」』】]》>：:；;—–-～~")
LIST_ITEM = re.compile(r"^(?:[-*+•·●○■□◆◇▪–—]\s|\(?\d{1,3}[.)）、]|[（(][一二三四五六七八九十\d]+[)）]"
                       r"|第[一二三四五六七八九十百\d]+[，,、：:]|[一二三四五六七八九十]+[、，,])")
MIN_WRAP_WIDTH = 24   # twelve CJK characters: text wrapped at a width is no shorter


def run_ends(lines: Sequence[Line], plain: Callable[[str], bool]) -> list[bool]:
    """For each line, whether it is plain (``plain``, and no list item) and it, or the
    run of open plain lines right under it, ends a sentence."""
    ends = [False] * (len(lines) + 1)
    for index in range(len(lines) - 1, -1, -1):
        text = lines[index].text
        if not plain(text) or LIST_ITEM.match(text):
            continue
        below = index + 1 < len(lines) and lines[index + 1].number == lines[index].number + 1
        ends[index] = text.endswith(PARAGRAPH_END) or (is_open(text) and below
                                                       and ends[index + 1])
    return ends


def is_open(text: str) -> bool:
    """A line that ends no sentence and is as wide as a wrapped line is: a hard wrap may
    follow.  A short one (``补充说明``, ``明天上午 9:30``, a table's row) is a paragraph."""
    return width(text) >= MIN_WRAP_WIDTH and not text.rstrip().endswith(PARAGRAPH_END)


def continues(above: Line, line: Line, run_ends: bool) -> bool:
    """Whether ``line`` is the rest of ``above``'s paragraph (module docstring)."""
    if not run_ends or line.number != above.number + 1 or not is_open(above.text):
        return False
    last, first = above.text.rstrip()[-1], line.text.lstrip()[:1]
    return not (first.isupper() and last.isascii())


def joined(text: str, more: str) -> str:
    """``text`` and its wrapped rest: without a space beside Chinese or Japanese
    (``是固定的`` + ``时间吗？``), with one beside Latin, Hangul (Korean wraps at its word
    spaces) or an emoji."""
    text, more = text.rstrip(), more.strip()
    tight = _unspaced(text[-1]) or _unspaced(more[0])
    return text + ("" if tight else " ") + more


def _unspaced(char: str) -> bool:
    """Han, kana and full-width punctuation: written without spaces between them."""
    if unicodedata.category(char) == "So" or "HANGUL" in unicodedata.name(char, ""):
        return False
    return unicodedata.east_asian_width(char) in ("W", "F")
