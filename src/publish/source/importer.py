"""Raw interview transcript -> a first draft in the Markdown source format.

Transcripts arrive as plain text pasted from web pages: a title line, a byline, numbered
part headings, short topic lines and ``Name: text`` turns, with blank lines anywhere or
nowhere.  The importer guesses that structure, writes the source format (see
docs/source-format.md) and reports every guess it is unsure of as a located warning, so a
human only has to review the draft and mark the key sentences with ``==``.

Two promises hold for any input text: the result is an :class:`ImportResult` whose
Markdown parses without errors, or a :class:`SourceError`; and every character of the
prose survives (only speaker labels, line-end whitespace and the wrapping Markdown change).
The parser reads the draft back to prove the first promise and to count what it found.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import yaml

from ..diagnostics import Diagnostic, SourceError, error, warning
from ..model import FORBIDDEN
from .inline import is_wide
from .parse import decode, normalise_newlines, parse, speaker_label, split_label

PART, TOPIC, TURN, PROSE = "part", "topic", "turn", "prose"

_CJK_DIGITS = "一二三四五六七八九十百零〇两"
_PART_RE = re.compile(
    rf"^(?:(?P<chapter>第[{_CJK_DIGITS}\d]+(?:部分|部|章|篇|节))(?:\s*[.、．:：]\s*|\s*)"
    r"|(?P<word>(?i:part|chapter|section)\s+(?i:\d+|[ivxlc]+|one|two|three|four|five|six"
    r"|seven|eight|nine|ten)\b)(?:\s*[.:：\-–—]\s*|\s*)"
    rf"|(?P<cjk>[{_CJK_DIGITS}]+)\s*[.、．]\s*(?=\S)"
    r"|(?P<digit>\d{1,3})(?:[.．](?!\d)|、)\s*(?=\S)"
    r"|(?P<roman>[IVXLC]+)\.\s+(?=\S))")
_ROMAN = re.compile(r"^C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_TITLE_NUMBER = re.compile(r"^(\d{1,4})(?:[.．)]\s+|、\s*)(\S.*)$")
_SENTENCE_END = ".。!！?？…;；,，、:："
_SENTENCE_MARKS = "。！？!?"
_CLOSERS = "\"”’')）」』】]》>"
MAX_HEADING_WIDTH = 60
MAX_BYLINE_WIDTH = 100
HOST_NAMES = {"主持人", "记者", "采访者", "采访人", "问", "q", "interviewer", "host",
              "moderator"}
_NOT_NAMES = {"http", "https", "ftp", "mailto", "file", "www"}
_BYLINE_SOURCE = re.compile(
    r"^(?P<compiler>.*?)\s*(?:来源|出处|转自|(?i:source|from))\s*[:：]\s*(?P<source>\S.*)$")
_BYLINE_COMPILER = re.compile(
    r"^(?:(?i:(?:compiled |edited |transcribed )?by)\s+|(?:编者|编辑|整理|作者)\s*[:：]\s*)"
    r"(?P<compiler>\S.*)$")
_BYLINE_TRIM = ",，;；|｜丨/·-–— \t"

# Inline Markdown that would change the text: escape it.  ``<`` only before a non-space
# (autolinks), ``&`` only where it would start an entity.  ``|`` needs none: a table
# needs a delimiter row (``---|---``) under another line of its block, and the only lines
# joined into one block open with a ``Name:`` label, which no delimiter row does.
_INLINE_SPECIAL = re.compile(r"[\\`*_\[\]]|<(?=\S)|&(?=#?[0-9A-Za-z]+;)")
_EQUALS_RUN = re.compile(r"={2,}")
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])")


@dataclass(frozen=True)
class ImportResult:
    """The imported draft plus what the importer guessed, for the CLI to report."""

    markdown: str
    speakers: tuple[str, ...]
    parts: int
    topics: int
    exchanges: int
    diagnostics: tuple[Diagnostic, ...] = ()

    def summary(self) -> str:
        """One line saying what was guessed, so a user can spot a wrong guess at once."""
        roles = [f"{name} ({'host' if i == 0 else 'guest'})"
                 for i, name in enumerate(self.speakers)]
        return (f"speakers: {', '.join(roles)}; {self.parts} parts, {self.topics} topics, "
                f"{self.exchanges} exchanges")


def import_bytes(data: bytes, path: str,
                 speakers: Sequence[str] | None = None) -> ImportResult:
    """Import a transcript file's bytes; decoding (BOM, CRLF, bad UTF-8) as the parser does."""
    return import_transcript(decode(data, path), path, speakers)


def import_transcript(text: str, path: str = "<transcript>",
                      speakers: Sequence[str] | None = None) -> ImportResult:
    """Turn transcript text into a source-format draft.

    ``speakers`` (host first) overrides speaker detection.  Raises SourceError when the
    text cannot be imported at all; everything else becomes a located warning.
    """
    text = normalise_newlines(text.removeprefix("\ufeff"))
    lines = _lines(text)
    if not lines:
        raise SourceError([error(path, 1, 1, "empty transcript: nothing to import")])
    _check_characters(text, path)
    names = _given_speakers(speakers, path) if speakers is not None else _find_speakers(lines, path)
    diags: list[Diagnostic] = []
    language = _guess_language(text)
    reader = _Reader(names, path, diags)
    meta, body = _header(lines, reader, language, path, diags)
    items = reader.classify(body)
    if not any(item.kind == TURN for item in items):
        raise SourceError([error(path, lines[0].number, 1, "no turn by any speaker "
                                 f"({', '.join(names)}) found: nothing to import")])
    assembler = _Assembler(names, language, path, diags)
    for item in items:
        assembler.add(item)
    rendered = _render(meta, names, assembler.finish())
    return _checked(rendered, names, path, diags)


# -- lines, characters, language ------------------------------------------------------

@dataclass(frozen=True)
class _Line:
    number: int
    text: str


def _lines(text: str) -> list[_Line]:
    """Non-blank lines, stripped: blank lines carry no meaning in pasted transcripts."""
    return [_Line(n, raw.strip()) for n, raw in enumerate(text.split("\n"), 1) if raw.strip()]


def _check_characters(text: str, path: str) -> None:
    """Refuse the characters the parser refuses (XML 1.0's forbidden ones) here, located
    in the transcript, not in the draft."""
    diags = [error(path, n, m.start() + 1,
                   f"character U+{ord(m.group()):04X} is not allowed in text")
             for n, line in enumerate(text.split("\n"), 1) for m in FORBIDDEN.finditer(line)]
    if diags:
        raise SourceError(diags[:20])


def _guess_language(text: str) -> str:
    """zh-CN when Han characters outnumber Latin letters, else en."""
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "zh-CN" if han and han >= latin else "en"


def _words(language: str) -> dict[str, str]:
    """Fallback headings in the transcript's language."""
    if language.startswith("zh"):
        return {"intro": "引言", "interview": "访谈"}
    return {"intro": "Introduction", "interview": "Interview"}


def _width(text: str) -> int:
    return sum(2 if is_wide(ch) else 1 for ch in text)


# -- speakers -------------------------------------------------------------------------

def _plausible_name(name: str) -> bool:
    """Filter labels that are not people: ``10:30``, ``https://``, names Markdown mangles."""
    return (any(ch.isalpha() for ch in name) and name.casefold() not in _NOT_NAMES
            and "==" not in name)


def _find_speakers(lines: list[_Line], path: str) -> tuple[str, ...]:
    """Names that open two or more turns; the host is a usual host name or the first."""
    counts: Counter[str] = Counter()
    for line in lines:
        label = speaker_label(line.text)
        if label and _plausible_name(label[0]):
            counts[label[0]] += 1
    names = [name for name, count in counts.items() if count >= 2]
    if len(names) < 2:
        found = f" (only '{names[0]}')" if names else ""
        raise SourceError([error(path, lines[0].number, 1,
                                 f"no speakers found{found}: a speaker is a name that opens "
                                 "two or more lines as 'Name: text'; name them with "
                                 "--speakers host,guest")])
    host = next((n for n in names if n.casefold() in HOST_NAMES), names[0])
    return (host, *(n for n in names if n != host))


def _given_speakers(speakers: Sequence[str], path: str) -> tuple[str, ...]:
    """Validate explicit names: each must read back as a turn label, host first."""
    names = tuple(str(name).strip() for name in speakers)
    problems = [f"'{name}' cannot be a speaker name (it must be short, without colons or "
                "sentence punctuation)" for name in names
                if not name or "==" in name or (speaker_label(name + ": x") or ("",))[0] != name]
    if len(set(names)) != len(names):
        problems.append("a speaker is named twice")
    if len(names) < 2:
        problems.append("name a host and at least one guest (host first)")
    if problems:
        raise SourceError([error(path, 1, 1, f"speakers: {p}") for p in problems])
    return names


# -- header: title and byline ---------------------------------------------------------

@dataclass(frozen=True)
class _Meta:
    title: str
    number: str = ""
    compiler: str = ""
    source: str = ""
    language: str = "zh-CN"


def _header(lines: list[_Line], reader: _Reader, language: str, path: str,
            diags: list[Diagnostic]) -> tuple[_Meta, list[_Line]]:
    """Title (first line) and byline (second line), unless they are already the body."""
    first = lines[0]
    if reader.turn(first, None):
        title = Path(path).stem if not path.startswith("<") else _words(language)["interview"]
        diags.append(warning(path, first.number, 1, f"no title line; used '{title}'"))
        return _Meta(title or "Interview", language=language), lines
    number, title = _split_title(first.text)
    rest = lines[1:]
    if not rest or not _is_byline(rest, reader):
        return _Meta(title, number, language=language), rest
    compiler, source = _split_byline(rest[0], path, diags)
    return _Meta(title, number, compiler, source, language), rest[1:]


def _split_title(text: str) -> tuple[str, str]:
    """``5. Title`` -> ("5", "Title"): the list number belongs in front matter."""
    match = _TITLE_NUMBER.match(text)
    return (match.group(1), match.group(2).strip()) if match else ("", text)


def _is_byline(rest: list[_Line], reader: _Reader) -> bool:
    """The second line is a byline unless it is structure (turn, heading) or long prose."""
    line = rest[0]
    following = rest[1] if len(rest) > 1 else None
    if reader.turn(line, None) or _part_scheme(line.text):
        return False
    if _heading_like(line.text) and reader.host_turn(following, None):
        return False
    return _width(line.text) <= MAX_BYLINE_WIDTH


def _split_byline(line: _Line, path: str, diags: list[Diagnostic]) -> tuple[str, str]:
    """``X 来源：Y`` / ``By X, source: Y`` -> (compiler, source); else all of it, warned."""
    match = _BYLINE_SOURCE.match(line.text)
    if match:
        return _clean_compiler(match.group("compiler")), match.group("source").strip()
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


# -- classifying lines ----------------------------------------------------------------

@dataclass(frozen=True)
class _Item:
    """One classified line; for turns ``text`` is the body and ``source`` the whole line."""

    kind: str
    line: int
    text: str
    speaker: str = ""
    source: str = ""
    colonless: bool = False


def _part_scheme(text: str) -> str:
    """The numbering scheme of a part heading (``cjk``, ``digit``...), or "" if none."""
    match = _PART_RE.match(text)
    if not match or not _heading_like(text):
        return ""
    scheme = next(name for name, value in match.groupdict().items() if value)
    if scheme == "roman" and not _ROMAN.match(match.group("roman")):
        return ""
    return scheme


def _heading_like(text: str) -> bool:
    """Short, no sentence punctuation, and safe as a raw ATX heading (no trailing ``#``)."""
    core = text.rstrip(_CLOSERS)
    return (bool(core) and _width(text) <= MAX_HEADING_WIDTH and core[-1] not in _SENTENCE_END
            and not any(mark in text for mark in _SENTENCE_MARKS) and not text.endswith("#"))


class _Reader:
    """Classifies body lines as part headings, topic headings, turns or prose."""

    def __init__(self, speakers: tuple[str, ...], path: str, diags: list[Diagnostic]):
        self.speakers, self.host, self.path, self.diags = speakers, speakers[0], path, diags
        self.by_length = sorted(speakers, key=len, reverse=True)
        self.first_scheme = ""

    def turn(self, line: _Line, previous: str | None) -> _Item | None:
        """``Name: text`` by a speaker, or a CJK name, a space, text (colon forgotten)."""
        label = speaker_label(line.text)
        if label and label[0] in self.speakers:
            return _Item(TURN, line.number, line.text[label[1]:], label[0], line.text)
        for name in self.by_length:
            rest = line.text[len(name):]
            if (line.text.startswith(name) and rest[:1].isspace() and rest.strip()
                    and is_wide(name[-1]) and name != previous):
                return _Item(TURN, line.number, rest.strip(), name, line.text, colonless=True)
        return None

    def host_turn(self, line: _Line | None, previous: str | None) -> bool:
        item = self.turn(line, previous) if line is not None else None
        return item is not None and item.speaker == self.host

    def classify(self, lines: list[_Line]) -> list[_Item]:
        """Classify in order; a turn's speaker matters for the next colon-less turn."""
        items: list[_Item] = []
        previous: str | None = None
        for index, line in enumerate(lines):
            following = lines[index + 1] if index + 1 < len(lines) else None
            item = (self.turn(line, previous) or self.heading(line, following, previous)
                    or self.prose(line))
            if item.kind == TURN:
                previous = item.speaker
                if item.colonless:
                    self.warn(line, f"read as a turn by '{item.speaker}' although the colon "
                              "after the name is missing")
            items.append(item)
        return items

    def heading(self, line: _Line, following: _Line | None,
                previous: str | None) -> _Item | None:
        """Numbered lines are parts; other short lines followed by a question are topics.

        A numbered line in a second numbering scheme (``1.`` under ``一.``) followed by a
        question is a topic: transcripts number topics inside numbered parts.
        """
        scheme = _part_scheme(line.text)
        host_next = self.host_turn(following, previous)
        if scheme and (not host_next or scheme == (self.first_scheme or scheme)):
            self.first_scheme = self.first_scheme or scheme
            return _Item(PART, line.number, line.text)
        if _heading_like(line.text) and host_next:
            return _Item(TOPIC, line.number, line.text)
        return None

    def prose(self, line: _Line) -> _Item:
        """Anything else is prose; warn about lines that look like structure but are not."""
        label = speaker_label(line.text)
        if label and _plausible_name(label[0]):
            self.warn(line, f"'{label[0]}' is not a speaker (only speakers "
                      f"{', '.join(self.speakers)} open turns); kept as prose")
        elif _heading_like(line.text) and len(line.text) > 1:
            self.warn(line, "looks like a heading, but no question by "
                      f"'{self.host}' follows; kept as prose")
        return _Item(PROSE, line.number, line.text)

    def warn(self, line: _Line, message: str) -> None:
        self.diags.append(warning(self.path, line.number, 1, message))


# -- assembling parts, topics and exchanges ---------------------------------------------

@dataclass
class _Segment:
    line: int
    text: str


@dataclass
class _Para:
    """A paragraph: segments joined by hard breaks.

    ``speaker`` renders the first segment as ``speaker: text`` (a turn); ``bold`` renders
    its first ``bold`` characters in bold, which keeps a ``Name:`` line from being read as
    a turn where no turn can stand.
    """

    segments: list[_Segment]
    speaker: str = ""
    bold: int = 0

    @property
    def line(self) -> int:
        return self.segments[0].line

    @property
    def text(self) -> str:
        return self.segments[0].text


@dataclass
class _TurnDraft:
    speaker: str
    line: int
    source: str
    paras: list[_Para]

    def unlabelled(self) -> list[_Para]:
        """The paragraphs without the speaker label (for merging into the same speaker)."""
        first = self.paras[0]
        head = [_Para(first.segments)] if first.text else []
        return head + self.paras[1:]

    def demoted(self) -> list[_Para]:
        """The whole line as prose with the name in bold: where no turn can stand."""
        first, *rest = self.paras
        head = _Para([_Segment(self.line, self.source)], bold=len(self.speaker))
        if first.line != self.line:  # "Name:" alone, its text on the next line
            return [head, _Para(first.segments), *rest]
        return [head, *rest]


@dataclass
class _TopicDraft:
    title: str
    line: int
    synthetic: bool = False
    turns: list[_TurnDraft] = field(default_factory=list)
    lead: list[_Para] = field(default_factory=list)


@dataclass
class _PartDraft:
    heading: str
    line: int
    synthetic: bool = False
    prose: list[_Para] = field(default_factory=list)
    topics: list[_TopicDraft] = field(default_factory=list)


@dataclass
class _Exchange:
    question: _TurnDraft
    answer: _TurnDraft


@dataclass
class _Topic:
    title: str
    line: int
    exchanges: list[_Exchange]


@dataclass
class _Part:
    heading: str
    line: int
    prose: list[_Para]
    topics: list[_Topic]


class _Assembler:
    """Builds parts/topics/turns from items, then settles them into what the parser takes."""

    def __init__(self, speakers: tuple[str, ...], language: str, path: str,
                 diags: list[Diagnostic]):
        self.speakers, self.host = speakers, speakers[0]
        self.words, self.path, self.diags = _words(language), path, diags
        self.parts: list[_PartDraft] = []

    def add(self, item: _Item) -> None:
        handlers: dict[str, Callable[[_Item], None]] = {
            PART: self.part, TOPIC: self.topic, TURN: self.turn, PROSE: self.prose}
        handlers[item.kind](item)

    def part(self, item: _Item) -> None:
        self.parts.append(_PartDraft(item.text, item.line))

    def current_part(self, line: int) -> _PartDraft:
        """The open part; a transcript without part headings gets one."""
        if not self.parts:
            self.parts.append(_PartDraft("", line, synthetic=True))
        return self.parts[-1]

    def topic(self, item: _Item) -> None:
        self.current_part(item.line).topics.append(_TopicDraft(item.text, item.line))

    def turn(self, item: _Item) -> None:
        part = self.current_part(item.line)
        if not part.topics:
            part.topics.append(_TopicDraft("", item.line, synthetic=True))
        para = _Para([_Segment(item.line, item.text)], speaker=item.speaker)
        part.topics[-1].turns.append(_TurnDraft(item.speaker, item.line, item.source, [para]))

    def prose(self, item: _Item) -> None:
        """Prose continues the last turn, or is the part's prose before any topic."""
        part = self.current_part(item.line)
        para = _Para([_Segment(item.line, item.text)])
        if not part.topics:
            part.prose.append(para)
        elif not part.topics[-1].turns:
            part.topics[-1].lead.append(para)
        elif not (last := part.topics[-1].turns[-1]).paras[-1].text and len(last.paras) == 1:
            last.paras[0].segments[0] = _Segment(item.line, item.text)  # "Name:" then text
        else:
            last.paras.append(para)

    # -- settling ---------------------------------------------------------------------
    def finish(self) -> list[_Part]:
        return [self.settle_part(draft) for draft in self.parts]

    def settle_part(self, draft: _PartDraft) -> _Part:
        """Keep topics with at least one exchange; dissolve the rest into the prose."""
        if draft.synthetic:
            draft.heading = self.words["interview" if draft.topics else "intro"]
            self.warn(draft.line, f"no part heading before this line; added '# {draft.heading}'")
        part = _Part(draft.heading, draft.line, list(draft.prose), [])
        for topic in draft.topics:
            exchanges, spill = self.settle_topic(topic)
            if not exchanges and not topic.synthetic:
                self.warn(topic.line, f"topic '{topic.title}' has no complete question and "
                          "answer; kept as prose")
                spill.insert(0, _Para([_Segment(topic.line, topic.title)]))
            self.container(part).extend(spill)
            if exchanges and topic.synthetic:
                topic.title = split_label(draft.heading)[1] or draft.heading
                self.warn(topic.line, f"no topic heading before this turn; added '## "
                          f"{topic.title}'")
            if exchanges:
                part.topics.append(_Topic(topic.title, topic.line, exchanges))
        return part

    def container(self, part: _Part) -> list[_Para]:
        """Where displaced paragraphs go: the last answer, or the part's prose."""
        return part.topics[-1].exchanges[-1].answer.paras if part.topics else part.prose

    def settle_topic(self, topic: _TopicDraft) -> tuple[list[_Exchange], list[_Para]]:
        """Pair turns into question/answer exchanges; demote turns that cannot pair.

        Returns the exchanges and the paragraphs that come before the first of them.
        """
        exchanges: list[_Exchange] = []
        spill = list(topic.lead)
        question: _TurnDraft | None = None
        for turn in topic.turns:
            if turn.speaker == self.host:
                if question is None:
                    question = turn
                else:
                    question.paras.extend(turn.unlabelled())
            elif question is not None:
                exchanges.append(_Exchange(question, turn))
                question = None
            elif exchanges and exchanges[-1].answer.speaker == turn.speaker:
                exchanges[-1].answer.paras.extend(turn.unlabelled())
            else:
                self.demote(turn, exchanges[-1].answer.paras if exchanges else spill,
                            "has no question before it")
        if question is not None:
            self.demote(question, exchanges[-1].answer.paras if exchanges else spill,
                        "has no answer after it")
        return exchanges, spill

    def demote(self, turn: _TurnDraft, into: list[_Para], why: str) -> None:
        self.warn(turn.line, f"turn by '{turn.speaker}' {why}; kept as prose")
        into.extend(turn.demoted())

    def warn(self, line: int, message: str) -> None:
        self.diags.append(warning(self.path, line, 1, message))


# -- rendering --------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    """Indented block sequences, and double quotes for strings with unusual characters."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    odd = any(not ch.isprintable() or ch in "\x85\u2028\u2029\ufeff" for ch in value)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if odd else None)


_Dumper.add_representer(str, _represent_str)


def _front_matter(meta: _Meta, speakers: tuple[str, ...]) -> str:
    data: dict[str, object] = {"title": meta.title}
    data.update({key: value for key, value in (("number", meta.number),
                 ("compiler", meta.compiler), ("source", meta.source)) if value})
    data.update(language=meta.language, theme="classic", typography="auto")
    data["speakers"] = [{"name": name, "role": "host" if i == 0 else "guest"}
                        for i, name in enumerate(speakers)]
    dumped = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                       width=1_000_000, default_flow_style=False)
    return f"---\n{dumped}---\n"


def escape(text: str, at_start: bool = True) -> str:
    """Escape ``text`` so the parser reads it back as exactly this plain text.

    Every ``=`` of an ``==`` run is escaped (``\\=\\=``), so it stays literal text
    instead of opening a highlight.
    """
    out = _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(), text)
    out = _EQUALS_RUN.sub(lambda m: "\\=" * len(m.group()), out)
    if not at_start or not out:
        return out
    if out[0] in "#>-+=~":
        return "\\" + out
    return _ORDERED_MARKER.sub(r"\1\\\2", out, count=1)


def _shield(paras: list[_Para], in_topic: bool, speakers: tuple[str, ...]) -> list[_Para]:
    """Keep plain paragraphs that open like ``Name:`` from being read as turns.

    Inside a topic every such paragraph joins the one before it (hard break); in a part's
    prose only declared names matter, and those get the bold label.
    """
    out: list[_Para] = []
    for para in paras:
        label = speaker_label(para.text) if not (para.speaker or para.bold) else None
        if label and in_topic and out:
            out[-1] = _Para(out[-1].segments + para.segments, out[-1].speaker, out[-1].bold)
            continue
        if label and (in_topic or label[0] in speakers):
            para = _Para(para.segments, bold=len(label[0]))
        out.append(para)
    return out


def _para_lines(para: _Para) -> list[tuple[str, int]]:
    """Markdown lines of one paragraph with the transcript line each comes from."""
    first = para.segments[0]
    if para.speaker:
        head = escape(f"{para.speaker}: {first.text}").rstrip()
    elif para.bold:
        head = f"**{escape(first.text[:para.bold], False)}**{escape(first.text[para.bold:], False)}"
    else:
        head = escape(first.text)
    texts = [head, *(escape(seg.text) for seg in para.segments[1:])]
    lines = [text + "\\" for text in texts[:-1]] + texts[-1:]
    return list(zip(lines, (seg.line for seg in para.segments)))


def _render(meta: _Meta, speakers: tuple[str, ...],
            parts: list[_Part]) -> list[tuple[str, int]]:
    """The draft as (markdown line, transcript line) pairs, for errors to point back."""
    out = [(line, 1) for line in _front_matter(meta, speakers).splitlines()]

    def block(lines: list[tuple[str, int]]) -> None:
        out.append(("", lines[0][1]))
        out.extend(lines)

    for part in parts:
        block([(f"# {escape(part.heading, at_start=False)}", part.line)])
        for para in _shield(part.prose, False, speakers):
            block(_para_lines(para))
        for topic in part.topics:
            block([(f"## {escape(topic.title, at_start=False)}", topic.line)])
            for exchange in topic.exchanges:
                for turn in (exchange.question, exchange.answer):
                    for para in _shield(turn.paras, True, speakers):
                        block(_para_lines(para))
    return out


def _checked(rendered: list[tuple[str, int]], speakers: tuple[str, ...], path: str,
             diags: list[Diagnostic]) -> ImportResult:
    """Parse the draft back: its errors would be importer bugs, so they stop the import."""
    markdown = "\n".join(line for line, _ in rendered) + "\n"
    interview, parsed = parse(markdown, path)
    errors = [error(path, max(rendered[d.line - 1][1], 1) if d.line <= len(rendered) else 1,
                    1, f"cannot import: the draft would not parse ({d.message})")
              for d in parsed if d.is_error]
    if errors or interview is None:
        raise SourceError(errors or [error(path, 1, 1, "cannot import this transcript")])
    topics = list(interview.topics())
    return ImportResult(markdown, speakers, len(interview.parts), len(topics),
                        sum(len(t.exchanges) for t in topics),
                        tuple(sorted(diags, key=lambda d: (d.line, d.col))))


__all__ = ["ImportResult", "import_bytes", "import_transcript", "escape"]
