"""Stage 3 for the first lines: the title line, the byline and the participant lines
(``Host: …``, ``嘉宾：…``, read by ``participants``) above the body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ...diagnostics import Diagnostic, warning
from .classify import Reader, heading_like, part_scheme
from .lines import Line, fallback_words, width
from .participants import (Cast, header_casts, read_cast, self_contradicting,
                           speaking_cast)

MAX_BYLINE_WIDTH = 100
_TITLE_NUMBER = re.compile(r"^(\d{1,4})(?:[.．)]\s+|、\s*)(\S.*)$")
# Source and compiler words in Chinese (Simplified and Traditional), Japanese, Korean and
# English: "来源：", "出典：", "출처:", "source:"; "整理：", "編集：", "정리:", "Compiled by".
# (?<!\s) and \s*+ match a run of spaces once: split between .*? and \s* it cost the
# square of its length (a 20,000-space line took 15 s).
_BYLINE_SOURCE = re.compile(
    r"^(?P<compiler>.*?)(?<!\s)\s*+(?:来源|來源|出处|出處|转自|轉自|出典|出所|출처|"
    r"(?i:source|from))\s*+[:：]\s*+(?P<source>\S.*)$")
_BYLINE_COMPILER = re.compile(
    r"^(?:(?i:(?:compiled |edited |transcribed |interview )?by)\s+"
    r"|(?:编者|编辑|整理|作者|編者|編輯|編集|構成|文|정리|편집|엮은이|글)\s*[:：]\s*)"
    r"(?P<compiler>\S.*)$")
_BYLINE_TRIM = ",，;；|｜丨/·-–— \t.。"


@dataclass(frozen=True)
class Meta:
    title: str
    number: str = ""
    compiler: str = ""
    source: str = ""
    language: str = "zh-CN"
    cast: tuple[Cast, ...] = ()   # the participant lines, for ``participants.settle``


def read_header(lines: list[Line], reader: Reader, language: str, path: str,
            diags: list[Diagnostic]) -> tuple[Meta, list[Line]]:
    """Title (first line), then participant lines and one byline in any order, unless
    they are already the body.

    After a participant line only a byline that says so (``整理：``, ``Source:``) is one:
    an unmarked short line there is as likely the first line of the body.

    A transcript may have no title line: it opens with a turn, or with its participant
    lines (``主持人：张三``), which then are no title.  The file's name is the title; a
    participant line whose role word also labels turns counts there only when every
    name in it opens turns, so a line such as ``主持人：欢迎`` stays the first question.
    """
    first = lines[0]
    untitled = reader.turn(first, None) is not None or \
        read_cast(first, reader.speakers) is not None
    if untitled:
        title = (Path(path).stem if not path.startswith("<")
                 else fallback_words(language)["interview"]) or "Interview"
        diags.append(warning(path, first.number, 1, f"no title line; used '{title}'"))
        number, rest = "", lines
    else:
        number, title = _split_title(first.text)
        rest = lines[1:]
    header: list[Cast | Line] = []   # a Line is the byline
    for index, line in enumerate(rest):
        cast = read_cast(line, reader.speakers)
        if cast is not None and self_contradicting(cast, reader.speakers):
            cast = None
        if cast is not None and (not untitled or not cast.label_speaks
                                 or speaking_cast(cast, reader.speakers)):
            header.append(cast)
        elif any(isinstance(entry, Line) for entry in header):
            break
        elif _is_byline(rest[index:], reader, marked=untitled or index > 0):
            header.append(line)
        else:
            break
    if not any(reader.turn(line, None) for line in rest[len(header):]):
        header = header[:1] if header and isinstance(header[0], Line) else []  # all talk
    casts = [entry for entry in header if isinstance(entry, Cast)]
    after = reader.turn(rest[len(header)], None) if len(header) < len(rest) else None
    standing = casts[:header_casts(casts, after.speaker if after else None)]
    if len(standing) < len(casts):  # the header ends at the first line that is a turn
        header = header[:header.index(casts[len(standing)])]
    byline = next((entry for entry in header if isinstance(entry, Line)), None)
    compiler, source = _split_byline(byline, path, diags) if byline else ("", "")
    return (Meta(title, number, compiler, source, language, tuple(standing)),
            rest[len(header):])


def _split_title(text: str) -> tuple[str, str]:
    """``5. Title`` -> ("5", "Title"): the list number belongs in front matter."""
    match = _TITLE_NUMBER.match(text)
    return (match.group(1), match.group(2).strip()) if match else ("", text)


def _is_byline(rest: list[Line], reader: Reader, marked: bool = False) -> bool:
    """The line under the title is a byline unless it is structure (turn, heading) or
    long prose; with ``marked``, only if it says so (``整理：``, ``Source:``)."""
    line = rest[0]
    following = rest[1] if len(rest) > 1 else None
    if reader.turn(line, None) or part_scheme(line.text):
        return False
    if _BYLINE_SOURCE.match(line.text) or _BYLINE_COMPILER.match(line.text):
        return True
    if marked:
        return False
    if heading_like(line.text) and reader.host_turn(following, None):
        return False
    return width(line.text) <= MAX_BYLINE_WIDTH


def _split_byline(line: Line, path: str, diags: list[Diagnostic]) -> tuple[str, str]:
    """``X 来源：Y`` / ``By X, source: Y`` -> (compiler, source); else all of it, warned."""
    match = _BYLINE_SOURCE.match(line.text)
    if match:
        return (_clean_compiler(match.group("compiler")),
                match.group("source").strip().rstrip("。."))
    match = _BYLINE_COMPILER.match(line.text)
    if match:
        return match.group("compiler").strip(_BYLINE_TRIM), ""
    diags.append(warning(path, line.number, 1, "byline not split into compiler and source; "
                         "kept it all as 'compiler' (edit the front matter)"))
    return line.text, ""


def _clean_compiler(text: str) -> str:
    text = text.strip(_BYLINE_TRIM)
    match = _BYLINE_COMPILER.match(text)
    return match.group("compiler").strip(_BYLINE_TRIM) if match else text
