"""The Chinese copy-editing pass: full-width punctuation, spacing and quotes.

Transcripts are typed fast: ``采访,真的`` with an ASCII comma, ``创始人DeepSeek`` without a
space, ``"敢"`` with straight quotes.  ``typeset()`` corrects the model (never the source
file) before any backend sees it, so every format gets the same text.  The rules are
AutoCorrect's (``autocorrect-py``, the Rust linter used by many Chinese documentation
projects), plus three it leaves alone: straight double quotes around Chinese text become
“…”; a half-width ``,:;?!`` after a Han character or a closing quote or bracket
(``」,``) and before more text becomes full-width, even with spaces around it or when
AutoCorrect skips it (``;``); and ASCII brackets around Chinese words with no Latin
letter inside become full-width (``(笑)`` -> ``（笑）``).

``lint()`` reports the same changes against the source file, located by line and column,
so an editor can fix the source by hand if they want the original to read well too.
"""

from __future__ import annotations

import functools
import json
import re
from bisect import bisect_right
from dataclasses import replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import Iterator

from ..diagnostics import Diagnostic, SourceError, error, warning
from ..model import Interview, Meta, Paragraph
from .rewrite import map_interview, rewrite_runs

# AutoCorrect's rules, spelled out so a user's ~/.autocorrectrc cannot change a build.
RULES = {
    "space-word": 1,             # 梁文锋DeepSeek -> 梁文锋 DeepSeek; 30年 -> 30 年
    "space-punctuation": 1,
    "space-bracket": 1,
    "space-backticks": 1,
    "space-dash": 1,
    "fullwidth": 1,              # 采访,真的 -> 采访，真的
    "no-space-fullwidth": 1,     # Open AI 、硅谷 -> Open AI、硅谷
    "no-space-fullwidth-quote": 1,
    "halfwidth-word": 1,         # ＡＩ -> AI
    "halfwidth-punctuation": 1,
    "spellcheck": 0,
}
META_FIELDS = ("title", "subtitle", "compiler", "source", "description")

HAN = "\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff" \
      "\U00020000-\U0003134f"
FULLWIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
# After a Han character and before more text, ``,:;?!`` belongs to the Chinese sentence.
_AFTER_HAN = re.compile(rf"(?<=[{HAN}])[ \t]*([,:;?!])[ \t]*(?=[{HAN}“‘「『（A-Za-z0-9])")
_HAN_CHAR = re.compile(rf"[{HAN}]")
# ... and after a quotation or a bracket that closes Chinese text: 「搭舞台」,不是 -> 」，
# (After ”, only before Chinese: “Hello”, she said is English; ’ is an apostrophe too.)
_AFTER_CLOSE = re.compile(rf"(?:(?<=[」』）》】〉])[ \t]*([,:;?!])[ \t]*(?=[{HAN}“‘「『（A-Za-z0-9])"
                          rf"|(?<=”)[ \t]*([,:;?!])[ \t]*(?=[{HAN}“‘「『（]))")
# ASCII brackets around Chinese words (no Latin letter inside) are full-width: (笑) -> （笑）;
# the spaces AutoCorrect would put around ASCII ones go where Chinese text is beside them.
_HAN_BRACKETS = re.compile(rf"\(([^()A-Za-z]*[{HAN}][^()A-Za-z]*)\)")
_SPACED_BRACKET = re.compile(rf"(?<=[{HAN}])[ \t]+(?=（)|(?<=）)[ \t]+(?=[{HAN}，。、；：？！])")


@functools.cache
def _autocorrect():  # -> module; configured once per process
    import autocorrect_py

    autocorrect_py.load_config(json.dumps({"rules": RULES}))
    return autocorrect_py


def curly_quotes(text: str) -> str:
    """Straight double quotes around or beside Chinese text -> “…”.

    Only when the quotes pair up in this text; a lone ``"`` (a unit, a typo) stays.
    """
    marks = [m.start() for m in re.finditer('"', text)]
    if not marks or len(marks) % 2:
        return text
    chars = list(text)
    for open_at, close_at in zip(marks[::2], marks[1::2]):
        around = text[max(open_at - 1, 0):open_at] + text[close_at + 1:close_at + 2]
        if _HAN_CHAR.search(text[open_at:close_at]) or _HAN_CHAR.search(around):
            chars[open_at], chars[close_at] = "“", "”"
    return "".join(chars)


def _full_width_brackets(match: re.Match[str]) -> str:
    """（…） for ASCII brackets around Chinese words that stand in Chinese text (Han or
    a full-width mark beside them, or the string's edge); in an English sentence,
    ``Beijing (北京) a lot``, they stay."""
    text = match.string
    before = text[:match.start()].rstrip(" \t")[-1:]
    after = text[match.end():].lstrip(" \t")[:1]
    if (before and before.isascii()) and (after and after.isascii()):
        return match.group(0)
    return f"（{match.group(1)}）"


def correct(text: str) -> str:
    """One string through the whole pass (quotes, AutoCorrect, punctuation between Han)."""
    if text.isascii():  # no Chinese, no full-width forms: nothing for this pass
        return text
    text = curly_quotes(text)
    while (bracketed := _HAN_BRACKETS.sub(_full_width_brackets, text)) != text:
        text = bracketed  # nested: the inner ones first
    text = _autocorrect().format(_SPACED_BRACKET.sub("", text))
    text = _AFTER_HAN.sub(lambda m: FULLWIDTH[m.group(1)], text)
    return _AFTER_CLOSE.sub(lambda m: FULLWIDTH[m.group(1) or m.group(2)], text)


def _meta(meta: Meta) -> Meta:
    return replace(meta, **{name: correct(getattr(meta, name)) for name in META_FIELDS})


def applies(interview: Interview) -> bool:
    """The pass runs on Chinese documents only, and not with ``typography: off``: its
    rules (full-width punctuation, a space between Han and Latin) are Chinese rules, and
    would space Japanese ``5年`` apart or give an English book ``Interviewer：``."""
    return (interview.meta.typography != "off"
            and (interview.meta.language or "zh-CN").casefold().startswith("zh"))


def typeset(interview: Interview) -> Interview:
    """The interview with the copy-editing pass applied (unchanged when ``typography: off``).

    Pure: returns a new frozen model.  Code runs, link targets, speaker names, part
    numbering (``一.``) and the date are left as written.
    """
    if not applies(interview):
        return interview
    return map_interview(interview, runs=lambda runs: rewrite_runs(runs, correct),
                         title=correct, meta=_meta)


# --- lint: the same changes, located in the source file ------------------------------

_LINK_TARGET = re.compile(r"\]\([^)\n]*\)")
_META_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


class _Source:
    """The source text with line starts, to turn offsets into line and column."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line) + 1)
        # Link targets are not text; never align a character of the text with them.
        self.hidden = {i for m in _LINK_TARGET.finditer(text) for i in range(*m.span())}

    def where(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def block_end(self, line: int) -> int:
        """Offset just past the block (paragraph) that starts on 1-based ``line``."""
        number = line
        while number < len(self.lines) and self.lines[number].strip():
            number += 1
        return self.starts[number] - 1 if number < len(self.starts) else len(self.text)

    def align(self, string: str, start: int, end: int) -> list[int]:
        """The source offset of each character of ``string``, searching [start, end).

        Model text is the source minus its markup, so each character is found in order;
        a space the parser made from a line break matches that line break.  A character
        not found (an entity such as ``&amp;``) takes the previous one's place.
        """
        text, hidden, out, at = self.text, self.hidden, [], start
        for char in string:
            found = next((k for k in range(at, end) if k not in hidden and (
                text[k] == char or (char == " " and text[k] == "\n"))), None)
            if found is None:
                out.append(out[-1] if out else start)
            else:
                out.append(found)
                at = found + 1
        return out


def _changes(old: str, new: str) -> Iterator[tuple[int, str, str]]:
    """(offset in ``old``, what was there, what the pass puts there), with context for
    insertions and deletions so a lone space is visible in the message."""
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "replace":
            yield i1, old[i1:i2], new[j1:j2]
        else:
            left, right = old[i1 - 1:i1] if i1 else "", old[i2:i2 + 1]
            yield i1 - len(left), left + old[i1:i2] + right, left + new[j1:j2] + right


Change = tuple[str, str, int, int]  # old text, new text, source span [start, end)


def _located(interview: Interview, source: _Source) -> Iterator[Change]:
    """Every string the pass changes, with the span of the source it was read from."""
    for name in META_FIELDS:
        value = getattr(interview.meta, name)
        span = _meta_span(source, name) if value and correct(value) != value else None
        if span:
            yield value, correct(value), *span
    for part in interview.parts:
        yield from _heading(source, part.line, part.title)
        for topic in part.topics:
            yield from _heading(source, topic.line, topic.title)
    opens_turn = {id(turn.paragraphs[0]) for exchange in interview.exchanges()
                  for turn in exchange.turns if turn.paragraphs}
    names = [speaker.name for speaker in interview.meta.speakers]
    for paragraph in interview.paragraphs():
        yield from _paragraph(source, paragraph, names if id(paragraph) in opens_turn else None)


def _paragraph(source: _Source, paragraph: Paragraph,
               speakers: list[str] | None) -> Iterator[Change]:
    """A paragraph's text (after the speaker's ``Name:`` when it opens a turn, that is when
    ``speakers`` are given) and that colon, which every output prints full-width and
    unspaced."""
    from ..source.labels import turn_label

    line = source.lines[paragraph.line - 1]
    start = source.starts[paragraph.line - 1]
    label = turn_label(line, speakers) if speakers is not None else None
    if label is not None:
        after_name = line.find(label[0]) + len(label[0])
        written = line[after_name:label[1]]
        if written != "：":
            yield written, "：", start + after_name, start + label[1]
        start += label[1]
    new = "".join(run.text for run in rewrite_runs(paragraph.runs, correct))
    if new != paragraph.text:
        yield paragraph.text, new, start, source.block_end(paragraph.line)


def _heading(source: _Source, line: int, title: str) -> Iterator[Change]:
    new = correct(title)
    if new != title:
        text = source.lines[line - 1]
        found = text.rfind(title)
        start = source.starts[line - 1] + (found if found >= 0 else 0)
        yield title, new, start, source.starts[line] - 1


def _meta_span(source: _Source, key: str) -> tuple[int, int] | None:
    """Where the value of front-matter ``key`` is written (it may continue on more lines)."""
    for number in range(1, len(source.lines)):
        line = source.lines[number]
        if line.strip() == "---":
            return None
        match = _META_KEY.match(line)
        if match and match.group(1) == key:
            end = number + 1
            while end < len(source.lines) and source.lines[end][:1] in (" ", "\t"):
                end += 1
            return source.starts[number] + match.end(), source.starts[end] - 1
    return None


def lint(path: str | Path) -> list[Diagnostic]:
    """What ``typeset()`` would change, as ``path:line:col: warning: typography: ...``.

    The source must be valid (the caller checks it first); an unreadable or invalid file
    yields the parser's errors instead.
    """
    from ..source.parse import decode, parse_checked

    name = str(path)
    try:
        text = decode(Path(path).read_bytes(), name)
        interview, _ = parse_checked(text, name)
    except OSError as exc:
        return [error(name, 1, 1, f"cannot read source: {exc.strerror}")]
    except SourceError as exc:
        return list(exc.diagnostics)
    source = _Source(text)
    if not applies(interview):
        key = "typography" if interview.meta.typography == "off" else "language"
        line = next((n for n, l in enumerate(source.lines, 1) if l.startswith(key)), 1)
        why = ("typography: off: the copy-editing pass is disabled" if key == "typography"
               else f"language: {interview.meta.language}: the copy-editing pass is for "
               "Chinese only")
        return [warning(name, line, 1, f"{why}, nothing would change")]
    out = []
    for old, new, start, end in _located(interview, source):
        places = source.align(old, start, end)
        for offset, before, after in _changes(old, new):
            at = places[offset] if offset < len(places) else (places[-1] + 1 if places
                                                                else start)
            line, col = source.where(at)
            out.append(warning(name, line, col, f"typography: '{before}' -> '{after}'"))
    return sorted(out)
