"""The interview model: one immutable, typed description of an interview.

Every backend renders from this model and nothing else, so it must know no output
format.  Nodes are frozen dataclasses holding tuples, which makes a parsed interview safe
to share between backends and cheap to compare in tests.

Ids are derived from position only (``p2``, ``p2-t3``, ``p2-t3-e1`` ...): they are stable
across builds, valid as XML ids and HTML anchors, and never random.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Iterator

# Characters no text of the model may hold: XML 1.0 forbids them (so no EPUB, XHTML or
# OOXML file could carry them) and no reader can show them.  C0 controls except tab, LF
# and CR; U+FFFE/U+FFFF; lone surrogates (only reachable from a str, never from UTF-8).
# The source parser and importer reject them with located errors; the EPUB backend strips
# them from models built by other means.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class Role(StrEnum):
    """What a speaker does in the interview."""

    HOST = "host"
    GUEST = "guest"


class Style(StrEnum):
    """Inline styles a run can carry; several may apply at once."""

    EMPHASIS = "emphasis"
    STRONG = "strong"
    HIGHLIGHT = "highlight"
    CODE = "code"


def uuid_urn(*parts: str) -> str:
    """A ``urn:uuid:`` named by ``parts`` (a UUID 5): the same parts, the same identifier."""
    name = "\x1f".join(("publish-interview", *parts))
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


@dataclass(frozen=True)
class Run:
    """A stretch of inline text with one set of styles.

    Nested Markdown (``*a **b** ==c==*``) is flattened into runs whose ``styles`` hold every
    style that applies, which is the shape both HTML and DrawingML runs want.
    A hard line break is a run whose text is ``"\\n"`` and ``is_break`` is true.
    """

    text: str
    styles: frozenset[Style] = frozenset()
    href: str | None = None
    is_break: bool = False

    @property
    def highlighted(self) -> bool:
        return Style.HIGHLIGHT in self.styles


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of inline runs; ``line`` is its first line in the source file."""

    id: str
    runs: tuple[Run, ...]
    line: int = 0

    @property
    def text(self) -> str:
        """Plain text of the paragraph, hard breaks as newlines."""
        return "".join(run.text for run in self.runs)

    @property
    def highlight(self) -> str | None:
        """Text of the highlighted runs, or None when the paragraph has no highlight."""
        marked = [run.text for run in self.runs if run.highlighted]
        return "".join(marked) if marked else None


@dataclass(frozen=True)
class Speaker:
    """A declared participant: the name used in the source and a role."""

    name: str
    role: Role


@dataclass(frozen=True)
class Turn:
    """What one speaker says in one go; may span several paragraphs."""

    id: str
    speaker: Speaker
    paragraphs: tuple[Paragraph, ...]
    line: int = 0

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def highlight(self) -> str | None:
        """The marked key sentence of this turn (at most one, enforced by the checker)."""
        for paragraph in self.paragraphs:
            if paragraph.highlight is not None:
                return paragraph.highlight
        return None


@dataclass(frozen=True)
class Exchange:
    """A question and its answers: one answer in a two-person interview, one or more, by
    one or more guests, in a panel."""

    id: str
    question: Turn
    answers: tuple[Turn, ...]
    line: int = 0

    @property
    def turns(self) -> tuple[Turn, ...]:
        """The question, then each answer, in reading order."""
        return (self.question, *self.answers)


@dataclass(frozen=True)
class Topic:
    """A titled group of exchanges inside a part."""

    id: str
    title: str
    exchanges: tuple[Exchange, ...]
    line: int = 0


@dataclass(frozen=True)
class Part:
    """A numbered part: opening prose paragraphs, then topics (either may be empty).

    ``heading`` is the heading exactly as written (``一. 引言``); ``label`` is its number
    (``一``, ``2``, ``第一部分``) or empty, and ``title`` the rest (``引言``).
    """

    id: str
    heading: str
    title: str
    label: str = ""
    paragraphs: tuple[Paragraph, ...] = ()
    topics: tuple[Topic, ...] = ()
    line: int = 0

    @property
    def label_text(self) -> str:
        """The numbering exactly as written, separator included (``一.``, ``第一部分``)."""
        if self.label and self.heading.endswith(self.title):
            return self.heading[: len(self.heading) - len(self.title)].rstrip()
        return self.label

    @property
    def is_prose(self) -> bool:
        """True for a part made only of prose (an introduction, a summary)."""
        return not self.topics


@dataclass(frozen=True)
class Meta:
    """Front-matter metadata of an interview."""

    title: str
    number: str = ""
    subtitle: str = ""
    compiler: str = ""
    source: str = ""
    language: str = "zh-CN"
    date: str = ""
    edition: str = ""
    theme: str = ""
    speakers: tuple[Speaker, ...] = ()
    typography: str = "auto"
    keywords: tuple[str, ...] = ()
    description: str = ""
    # The publication's identifier (``urn:isbn:…``, ``urn:uuid:…``): as the front matter
    # gives it, else a ``uuid_urn`` of the title, edition and language as written.  The
    # copy-editing pass never touches it, so a book keeps its identity in reading
    # systems whatever the pass does to its title; another edition (zh-Hant) gets its own.
    identifier: str = ""
    # Where the interview can be read online (the handout prints it with a QR code).
    url: str = ""

    def speaker(self, name: str) -> Speaker | None:
        for speaker in self.speakers:
            if speaker.name == name:
                return speaker
        return None

    @property
    def publication_id(self) -> str:
        """``identifier``, or for a model built without one (in code, not from a source)
        a ``uuid_urn`` of the title, edition and language."""
        return self.identifier or uuid_urn(self.title, self.edition, self.language)

    @property
    def host(self) -> Speaker | None:
        return next((s for s in self.speakers if s.role is Role.HOST), None)

    @property
    def guest(self) -> Speaker | None:
        return next((s for s in self.speakers if s.role is Role.GUEST), None)

    @property
    def texts(self) -> tuple[str, ...]:
        """Every human-readable metadata string, for coverage checks."""
        values = [self.title, self.subtitle, self.compiler, self.source, self.date,
                  self.edition, self.description, *self.keywords]
        values += [s.name for s in self.speakers]
        return tuple(v for v in values if v)


@dataclass(frozen=True)
class Interview:
    """The whole interview: metadata and parts, plus where it came from."""

    meta: Meta
    parts: tuple[Part, ...]
    path: str = field(default="", compare=False)

    def topics(self) -> Iterator[Topic]:
        for part in self.parts:
            yield from part.topics

    def exchanges(self) -> Iterator[Exchange]:
        for topic in self.topics():
            yield from topic.exchanges

    def paragraphs(self) -> Iterator[Paragraph]:
        """Every paragraph in reading order: part prose, questions, answers."""
        for part in self.parts:
            yield from part.paragraphs
            for topic in part.topics:
                for exchange in topic.exchanges:
                    for turn in exchange.turns:
                        yield from turn.paragraphs

    def texts(self) -> Iterator[str]:
        """Every string a reader can see, in reading order (metadata first)."""
        yield from self.meta.texts
        for part in self.parts:
            yield part.heading
            yield from (p.text for p in part.paragraphs)
            for topic in part.topics:
                yield topic.title
                for exchange in topic.exchanges:
                    for turn in exchange.turns:
                        yield from (p.text for p in turn.paragraphs)

    def characters(self) -> frozenset[str]:
        """The set of characters the interview uses: what the fonts must cover."""
        chars: set[str] = set()
        for text in self.texts():
            chars.update(text)
        return frozenset(chars)

    @property
    def summary_part(self) -> Part | None:
        """The closing prose part (a study summary), if the interview ends with one."""
        if len(self.parts) > 1 and self.parts[-1].is_prose and any(self.topics()):
            return self.parts[-1]
        return None


def prefixed(interview: Interview, prefix: str) -> Interview:
    """``interview`` with every id, and every ``#id`` link of its text, prefixed.

    A collection prints several interviews in one document, where each one's ``p1-t1``
    would clash: chapter 2 becomes ``c2-p1-t1`` (``prefix`` ``c2-``), and its links still
    point into it.
    """
    def run(r: Run) -> Run:
        if r.href and r.href.startswith("#"):
            return replace(r, href=f"#{prefix}{r.href[1:]}")
        return r

    def paragraph(p: Paragraph) -> Paragraph:
        return replace(p, id=prefix + p.id, runs=tuple(run(r) for r in p.runs))

    def turn(t: Turn) -> Turn:
        return replace(t, id=prefix + t.id, paragraphs=tuple(map(paragraph, t.paragraphs)))

    def exchange(e: Exchange) -> Exchange:
        return replace(e, id=prefix + e.id, question=turn(e.question),
                       answers=tuple(map(turn, e.answers)))

    def topic(t: Topic) -> Topic:
        return replace(t, id=prefix + t.id, exchanges=tuple(map(exchange, t.exchanges)))

    def part(p: Part) -> Part:
        return replace(p, id=prefix + p.id, paragraphs=tuple(map(paragraph, p.paragraphs)),
                       topics=tuple(map(topic, p.topics)))

    return replace(interview, parts=tuple(map(part, interview.parts)))


@dataclass(frozen=True)
class Collection:
    """Several interviews in one volume (an anthology): its own metadata, then each
    interview as a chapter, in order.

    ``interviews`` are the members as prepared from their own sources, each keeping its
    ``path`` (errors name the member's file) and with its ids prefixed by its chapter
    (``c1-``, ``c2-`` ...: see ``prefixed``), so ids stay unique across the volume.
    ``meta`` holds the collection's title, subtitle, compiler, language, date, theme and
    identifier; it has no speakers (each chapter has its own).
    """

    meta: Meta
    interviews: tuple[Interview, ...]
    path: str = field(default="", compare=False)

    @classmethod
    def of(cls, meta: Meta, members: tuple[Interview, ...] | list[Interview],
           path: str = "") -> "Collection":
        """The collection of ``members`` as prepared, each given its chapter's ids."""
        return cls(meta, tuple(prefixed(m, chapter_prefix(n))
                               for n, m in enumerate(members, start=1)), path)

    def texts(self) -> Iterator[str]:
        """Every string a reader can see: the collection's metadata, then each member."""
        yield from self.meta.texts
        for interview in self.interviews:
            yield from interview.texts()

    def characters(self) -> frozenset[str]:
        chars: set[str] = set()
        for text in self.texts():
            chars.update(text)
        return frozenset(chars)

    def paragraphs(self) -> Iterator[Paragraph]:
        for interview in self.interviews:
            yield from interview.paragraphs()


def chapter_prefix(number: int) -> str:
    """The id prefix of the ``number``th interview of a collection: ``c2-``."""
    return f"c{number}-"
