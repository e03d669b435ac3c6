"""Markdown + YAML front matter -> the interview model, with located diagnostics.

The grammar is small (see docs/source-format.md): ``#`` parts, ``##`` topics, speaker
turns as paragraphs that open with a declared name and a colon, ``==key sentence==``.
markdown-it-py does the Markdown; this module only walks its block tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from ..diagnostics import Diagnostic, SourceError, error, warning
from .language_check import language_mismatch
from ..model import (FORBIDDEN, Exchange, Interview, Meta, Paragraph, Part, Role, Run, Style,
                     Topic, Turn)
from .emphasis import emphasis_plugin
from .frontmatter import parse_front_matter
from .inline import inline_runs
from .labels import CLOSERS, name_key, speaker_label, split_label, turn_label
from .links import check_links
from .mark import mark_plugin

_BLOCK_NAMES = {
    "bullet_list_open": "a list", "ordered_list_open": "a numbered list",
    "blockquote_open": "a block quote", "fence": "a code block", "code_block": "a code block",
    "table_open": "a table", "html_block": "raw HTML",
}


def markdown() -> MarkdownIt:
    """The one Markdown parser configuration: CommonMark with emphasis that works in
    Chinese (``emphasis``), no raw HTML, front matter, ``==``.

    GFM tables are recognised only so that one is reported, not read as a paragraph of
    pipes and dashes.
    """
    return (MarkdownIt("commonmark", {"html": False}).enable("table")
            .use(front_matter_plugin).use(mark_plugin).use(emphasis_plugin))


def decode(data: bytes, path: str) -> str:
    """Bytes -> text; invalid UTF-8 is a located error, a BOM is dropped, CRLF becomes LF."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Notepad's "Unicode" is UTF-16
        raise SourceError([error(path, 1, 1, "the file is UTF-16, not UTF-8; save it as "
                                 "UTF-8")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise SourceError([error(path, line, col,
                                 f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
                                 "save the file as UTF-8")]) from None
    return normalise_newlines(text.removeprefix("\ufeff"))


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load(path: str | Path) -> tuple[Interview, list[Diagnostic]]:
    """Read and check a source file; raise SourceError if it has errors.

    Returns the interview and its warnings.
    """
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SourceError([error(name, 1, 1, f"cannot read source: {exc.strerror}")]) from None
    return parse_checked(decode(data, name), name)


def parse_checked(text: str, path: str = "<source>") -> tuple[Interview, list[Diagnostic]]:
    interview, diags = parse(text, path)
    if interview is None or any(d.is_error for d in diags):
        raise SourceError(sorted(diags, key=lambda d: (not d.is_error, d.line, d.col)))
    return interview, diags


def parse(text: str, path: str = "<source>") -> tuple[Interview | None, list[Diagnostic]]:
    """Parse source text into an interview plus every diagnostic found.

    Never raises for bad input: problems come back as diagnostics and the interview is None
    when an error makes it meaningless.
    """
    text = normalise_newlines(text.removeprefix("\ufeff"))
    if not text.strip():
        return None, [error(path, 1, 1, "empty source: expected front matter and headings")]
    lines = text.split("\n")
    diags = [error(path, n, match.start() + 1,
                   f"character U+{ord(match.group()):04X} is not allowed in text")
             for n, line in enumerate(lines, 1) for match in FORBIDDEN.finditer(line)]
    if diags:
        return None, diags
    tokens = markdown().parse(text)
    if not tokens or tokens[0].type != "front_matter":
        return None, [error(path, 1, 1, "missing front matter: the file must start with a "
                            "'---' line, YAML metadata (title, speakers) and another '---' "
                            "(a raw transcript becomes a source with `publish import "
                            "TRANSCRIPT -o SOURCE.md`)")]
    meta, meta_diags = parse_front_matter(tokens[0].content, 2, path)
    diags.extend(meta_diags)
    if meta is None:
        return None, diags
    builder = _Builder(meta, path, lines, diags)
    for token_index, token in enumerate(tokens[1:], 1):
        builder.block(token, tokens, token_index)
    parts = builder.finish()
    if not parts and not any(d.is_error for d in diags):
        diags.append(error(path, len(lines), 1, "no parts: add a '# Part title' heading"))
    body_start = tokens[0].map[1] if tokens[0].map else 1
    diags += _silent_speakers(meta, parts, path, lines, body_start)
    diags += language_mismatch(meta.language, lines, body_start, path)
    if any(d.is_error for d in diags):
        return None, diags
    interview, link_diags = check_links(
        Interview(meta=meta, parts=parts, path=path), path, lines)
    return interview, diags + link_diags


@dataclass
class _TopicDraft:
    title: str
    line: int
    turns: list[Turn] = field(default_factory=list)


@dataclass
class _PartDraft:
    heading: str
    line: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    topics: list[_TopicDraft] = field(default_factory=list)


class _Builder:
    """Walks block tokens and collects parts, topics and turns with their lines."""

    def __init__(self, meta: Meta, path: str, lines: list[str], diags: list[Diagnostic]):
        self.meta, self.path, self.lines, self.diags = meta, path, lines, diags
        self.parts: list[_PartDraft] = []
        self.nesting = 0

    # -- token walk -------------------------------------------------------------------
    def block(self, token: Token, tokens: list[Token], index: int) -> None:
        line = token.map[0] + 1 if token.map else 1
        if token.type in _BLOCK_NAMES and self.nesting == 0:
            self.err(line, 1, f"{_BLOCK_NAMES[token.type]} is not part of the interview "
                     "format; write paragraphs (see docs/source-format.md)")
        if token.type.endswith("_open") and token.type != "paragraph_open" \
                and token.type != "heading_open":
            self.nesting += 1
        elif token.type.endswith("_close") and token.type not in ("paragraph_close",
                                                                    "heading_close"):
            self.nesting = max(0, self.nesting - 1)
        if self.nesting:
            return
        if token.type == "heading_open":
            self.heading(token, tokens[index + 1], line)
        elif token.type == "paragraph_open":
            self.paragraph(tokens[index + 1], line)
        elif token.type == "hr":
            self.diags.append(warning(self.path, line, 1, "thematic break ignored"))

    def heading(self, token: Token, inline: Token, line: int) -> None:
        runs, _ = inline_runs(inline.children or [])
        text = "".join(run.text for run in runs).strip()
        level = int(token.tag[1:])
        if level == 1:
            self.parts.append(_PartDraft(text, line))
        elif level == 2:
            if not self.parts:
                self.err(line, 1, f"topic '{text}' comes before any part ('# heading')")
                return
            self.parts[-1].topics.append(_TopicDraft(text, line))
        else:
            self.err(line, 1, f"heading level {level} is not part of the format: use '#' "
                     "for parts and '##' for topics")
        if not text:
            self.err(line, 1, "empty heading")

    def paragraph(self, inline: Token, line: int) -> None:
        runs, refused = inline_runs(inline.children or [])
        strays = 0
        for name in refused:
            if name == "unmatched '=='":
                strays += 1
                at, col = self.locate("==", line, occurrence=strays)
                self.err(at, col, "unmatched '==': a highlight must open and close within "
                         "one paragraph (write \\=\\= for a literal '==')")
            else:
                self.err(line, 1, f"{name}s are not part of the interview format")
        if not self.parts:
            self.err(line, 1, "text before the first part heading ('# heading')")
            return
        part = self.parts[-1]
        label = self.label(runs, line)
        if not part.topics:
            if label and self.meta.speaker(label[0]):
                self.err(line, 1, f"turn by '{label[0]}' outside a topic: add a '## topic' "
                         "heading before it")
                return
            part.paragraphs.append(Paragraph("", runs, line))
            return
        topic = part.topics[-1]
        if label is not None:
            speaker = self.meta.speaker(label[0])
            if speaker is None:
                self.err(line, 1, self.undeclared(label[0]))
                return
            first = Run(runs[0].text[label[1]:], runs[0].styles, runs[0].href)
            body = tuple(r for r in (first, *runs[1:]) if r.text)
            topic.turns.append(Turn("", speaker, (Paragraph("", body, line),), line))
            return
        if not topic.turns:
            self.err(line, 1, f"paragraph in topic '{topic.title}' before its first turn; "
                     "start it with a speaker's name and a colon")
            return
        last = topic.turns[-1]
        self.check_bold_label(runs, line, last)
        topic.turns[-1] = Turn("", last.speaker,
                               (*last.paragraphs, Paragraph("", runs, line)), last.line)

    def check_bold_label(self, runs: tuple[Run, ...], line: int, turn: Turn) -> None:
        """Warn when a paragraph that continues ``turn`` opens with another declared
        speaker's name in bold and a colon (``**Anna Berg**: Thank you both.``, as the
        importer keeps a line no turn can carry): it reads as that speaker's words but is
        printed, numbered and noted as part of ``turn``."""
        if not runs or Style.STRONG not in runs[0].styles:
            return
        name = runs[0].text.strip().rstrip(":：").rstrip()
        after = runs[1].text if len(runs) > 1 else ""
        colon = runs[0].text.rstrip().endswith((":", "：")) or after.startswith((":", "："))
        speaker = self.meta.speaker(name)
        if speaker is None or not colon or speaker == turn.speaker:
            return
        self.diags.append(warning(self.path, line, 1, f"paragraph opening with '{name}' in "
                                  f"bold continues the turn by '{turn.speaker.name}', and is "
                                  "printed as part of it; give it a turn of its own "
                                  f"('{name}: …') or move it to a part's prose"))

    def undeclared(self, name: str) -> str:
        """The message for a turn by ``name``, naming the declared speaker it spells
        differently (``mrs. okafor``, ``Dr Maria Lopez``), if one."""
        declared = ", ".join(s.name for s in self.meta.speakers)
        meant = next((s.name for s in self.meta.speakers
                      if name_key(s.name) == name_key(name)), None)
        hint = f"; did you mean '{meant}'?" if meant else ""
        return f"turn by undeclared speaker '{name}' (declared: {declared}){hint}"

    def label(self, runs: tuple[Run, ...], line: int) -> tuple[str, int] | None:
        """The speaker label opening a paragraph, read from the raw source line too, so
        an escaped colon (``Note\\: x``) keeps a paragraph prose."""
        if not runs or runs[0].styles or runs[0].href:
            return None
        names = [s.name for s in self.meta.speakers]
        label = turn_label(runs[0].text, names)
        raw = turn_label(self.lines[line - 1], names) if 0 < line <= len(self.lines) else None
        if label is None or raw is None or raw[0] != label[0]:
            return None
        return label

    # -- assembly ---------------------------------------------------------------------
    def finish(self) -> tuple[Part, ...]:
        parts = []
        for p_index, draft in enumerate(self.parts, 1):
            pid = f"p{p_index}"
            label, title = split_label(draft.heading)
            paragraphs = tuple(Paragraph(f"{pid}-x{i}", para.runs, para.line)
                               for i, para in enumerate(draft.paragraphs, 1))
            topics = tuple(self.topic(t, f"{pid}-t{i}")
                           for i, t in enumerate(draft.topics, 1))
            parts.append(Part(pid, draft.heading, title, label, paragraphs, topics, draft.line))
        return tuple(parts)

    def topic(self, draft: _TopicDraft, tid: str) -> Topic:
        """Group the topic's turns into exchanges: a question, then one or more answers.

        The host's turns are questions.  In a panel a guest may ask another guest: a
        guest's turn after an answer, or opening the topic, that ends with a question
        mark and is followed by another guest's turn opens a new exchange with that
        guest's question.
        """
        exchanges: list[Exchange] = []
        question: Turn | None = None
        answers: list[Turn] = []

        def close() -> None:
            if question is not None and answers:
                eid = f"{tid}-e{len(exchanges) + 1}"
                exchanges.append(Exchange(eid, _ided(question, f"{eid}-q"),
                                          _answers_ided(answers, eid), question.line))

        for index, turn in enumerate(draft.turns):
            following = draft.turns[index + 1] if index + 1 < len(draft.turns) else None
            if turn.speaker.role is Role.HOST or \
                    ((answers or question is None) and _asks(turn, following)):
                if question is not None and not answers:
                    self.err(question.line, 1, f"question in topic '{draft.title}' has no "
                             "answer before the next question")
                close()
                question, answers = turn, []
            elif question is None:
                self.err(turn.line, 1, f"answer by '{turn.speaker.name}' in topic "
                         f"'{draft.title}' has no question before it")
            else:
                answers.append(turn)
                self.check_answer(turn)
        close()
        if question is not None and not answers:
            self.err(question.line, 1, f"topic '{draft.title}' has a question without an answer")
        if not draft.turns:
            self.err(draft.line, 1, f"topic '{draft.title}' has no question and no answer")
        return Topic(tid, draft.title, tuple(exchanges), draft.line)

    def check_answer(self, turn: Turn) -> None:
        marked = [p for p in turn.paragraphs if p.highlight is not None]
        segments = sum(_segments(p.runs) for p in marked)
        if segments > 1:
            second = marked[1] if len(marked) > 1 else marked[0]
            nth = 1 if len(marked) > 1 else 2
            line, col = self.locate("==", second.line, occurrence=2 * nth - 1)
            self.err(line, col, "second highlight in one answer: mark only one key sentence")
        elif segments == 0:
            self.diags.append(warning(self.path, turn.line, 1,
                                      f"answer by '{turn.speaker.name}' has no key sentence "
                                      "marked with ==...=="))

    # -- helpers ----------------------------------------------------------------------
    def locate(self, needle: str, line: int, occurrence: int = 1) -> tuple[int, int]:
        """Line and column of the n-th ``needle`` at or after source line ``line``."""
        seen = 0
        for number in range(line, min(len(self.lines), line + 200) + 1):
            text = self.lines[number - 1]
            start = 0
            while (found := text.find(needle, start)) >= 0:
                seen += 1
                if seen == occurrence:
                    return number, found + 1
                start = found + len(needle)
        return line, 1

    def err(self, line: int, col: int, message: str) -> None:
        self.diags.append(error(self.path, line, col, message))


def _ided(turn: Turn, tid: str, separator: str = "") -> Turn:
    paragraphs = tuple(Paragraph(f"{tid}{separator}{i}", p.runs, p.line)
                       for i, p in enumerate(turn.paragraphs, 1))
    return Turn(tid, turn.speaker, paragraphs, turn.line)


def _answers_ided(answers: list[Turn], eid: str) -> tuple[Turn, ...]:
    """The first answer is ``<eid>-a`` (paragraphs ``-a1``, ``-a2`` ...); a panel's further
    answers are ``<eid>-r2``, ``<eid>-r3`` ... with paragraphs ``-r2-1``: no id can
    collide with another."""
    return (_ided(answers[0], f"{eid}-a"),
            *(_ided(turn, f"{eid}-r{n}", "-") for n, turn in enumerate(answers[1:], 2)))


def _silent_speakers(meta: Meta, parts: tuple[Part, ...], path: str, lines: list[str],
                     front_end: int) -> list[Diagnostic]:
    """A declared speaker no turn is by: warned at the speaker's front-matter line, where a
    misspelt name is fixed (the turns themselves are reported as undeclared speakers)."""
    spoken = {turn.speaker.name for part in parts for topic in part.topics
              for exchange in topic.exchanges for turn in exchange.turns}
    found = []
    for speaker in meta.speakers:
        if speaker.name in spoken or not spoken:
            continue
        line, col = next(((n, text.find(speaker.name) + 1)
                          for n, text in enumerate(lines[:front_end], 1)
                          if speaker.name in text and "name" in text), (1, 1))
        found.append(warning(path, line, col, f"speaker '{speaker.name}' has no turn: no "
                             f"paragraph in a topic opens with '{speaker.name}:'"))
    return found


def asks_another(text: str) -> bool:
    """Whether a guest's turn ending with ``text`` asks a question (closing quotes and
    brackets aside, it ends with a question mark)."""
    return text.rstrip().rstrip(CLOSERS).endswith(("?", "？"))


def _asks(turn: Turn, following: Turn | None) -> bool:
    """A guest's turn that ends with a question mark and is answered by another guest."""
    return (following is not None and following.speaker.role is not Role.HOST
            and following.speaker != turn.speaker and bool(turn.paragraphs)
            and asks_another(turn.paragraphs[-1].text))


def _segments(runs: tuple[Run, ...]) -> int:
    """Count separate highlighted stretches (neighbouring highlighted runs are one)."""
    count, inside = 0, False
    for run in runs:
        if run.highlighted and not inside:
            count += 1
        inside = run.highlighted
    return count


__all__ = ["parse", "parse_checked", "load", "decode", "markdown", "speaker_label", "turn_label",
           "name_key", "split_label", "asks_another"]
