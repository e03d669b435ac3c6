"""Stage 1, reading lines: the transcript as numbered non-blank lines, checked for
characters no output can carry, and its language guessed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...diagnostics import Diagnostic, SourceError, error, warning
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


def refuse_sources(lines: list[Line], path: str) -> None:
    """A file that opens with YAML front matter is a source already, not a transcript:
    importing it would make its metadata lines into prose and its keys into speakers."""
    if lines[0].text != "---" or lines[0].number != 1:
        return
    if any(line.text == "---" for line in lines[1:]):
        raise SourceError([error(path, 1, 1, "this file is already a source (it opens with "
                                 "'---' front matter); check it with `publish check` or "
                                 "build it with `publish build`")])


# A bulleted list's item: the source format has no lists (docs/source-format.md).
BULLET = re.compile(r"(?:[-*]\s+|[•・·]\s*)\S")  # "- item", "・項目"


def warn_of_lists(lines: list[Line], path: str, diags: list[Diagnostic]) -> None:
    """A warning at the first item of each bulleted list: its items become paragraphs
    of their own, each marker kept as text (``\\- item``), which the draft's author
    may want to write otherwise."""
    run: list[Line] = []  # non-blank lines: items a blank line apart are one list
    for line in [*lines, Line(0, "")]:
        if BULLET.match(line.text):
            run.append(line)
            continue
        if len(run) > 1:  # one "- " line may be a dash
            diags.append(warning(path, run[0].number, 1, "a bulleted list: its items are "
                                 "kept as paragraphs, each marker as text (the source "
                                 "format has no lists); edit them if need be"))
        run = []


def guess_language(text: str) -> str:
    """The transcript's language (``text.language.detect``): zh-CN, zh-Hant, ja, ko, en."""
    from ...text.language import detect

    return detect(text)


FALLBACK_WORDS = {
    "zh-Hans": {"intro": "引言", "interview": "访谈", "closing": "结语"},
    "zh-Hant": {"intro": "引言", "interview": "訪談", "closing": "結語"},
    "ja": {"intro": "はじめに", "interview": "インタビュー", "closing": "おわりに"},
    "ko": {"intro": "들어가며", "interview": "인터뷰", "closing": "맺으며"},
    "en": {"intro": "Introduction", "interview": "Interview", "closing": "Closing"},
}


def fallback_words(language: str) -> dict[str, str]:
    """Headings the importer adds where the transcript has none, in its language."""
    from ...text.language import is_traditional

    tag = language.casefold()
    if tag.startswith("zh"):
        return FALLBACK_WORDS["zh-Hant" if is_traditional(language) else "zh-Hans"]
    return FALLBACK_WORDS.get(tag.split("-")[0], FALLBACK_WORDS["en"])


def width(text: str) -> int:
    return sum(2 if is_wide(ch) else 1 for ch in text)
