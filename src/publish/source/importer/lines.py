"""Stage 1, reading lines: the transcript as numbered non-blank lines, checked for
characters no output can carry, and its language guessed."""

from __future__ import annotations

from dataclasses import dataclass

from ...diagnostics import SourceError, error
from ...model import FORBIDDEN
from ..inline import is_wide


@dataclass(frozen=True)
class Line:
    number: int
    text: str


def read_lines(text: str) -> list[Line]:
    """Non-blank lines, stripped: blank lines carry no meaning in pasted transcripts."""
    return [Line(n, raw.strip()) for n, raw in enumerate(text.split("\n"), 1) if raw.strip()]


def check_characters(text: str, path: str) -> None:
    """Refuse the characters the parser refuses (XML 1.0's forbidden ones) here, located
    in the transcript, not in the draft."""
    diags = [error(path, n, m.start() + 1,
                   f"character U+{ord(m.group()):04X} is not allowed in text")
             for n, line in enumerate(text.split("\n"), 1) for m in FORBIDDEN.finditer(line)]
    if diags:
        raise SourceError(diags[:20])


def guess_language(text: str) -> str:
    """zh-CN when Han characters outnumber Latin letters, else en."""
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "zh-CN" if han and han >= latin else "en"


def fallback_words(language: str) -> dict[str, str]:
    """Fallback headings in the transcript's language."""
    if language.startswith("zh"):
        return {"intro": "引言", "interview": "访谈"}
    return {"intro": "Introduction", "interview": "Interview"}


def width(text: str) -> int:
    return sum(2 if is_wide(ch) else 1 for ch in text)
