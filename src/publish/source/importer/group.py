"""Stage 4, grouping: classified lines into parts, topics and question/answer exchanges,
then settled into what the source format can hold (a turn that cannot pair is demoted
to prose, with a warning)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

from ...diagnostics import Diagnostic, warning
from ..labels import name_key
from ..parse import asks_another
from .classify import PART, PROSE, TOPIC, TURN, Item
from .lines import fallback_words, width
from ..inline import is_wide
from .speakers import HONORIFIC_AFTER, HONORIFIC_BEFORE, TITLES, name_shaped


@dataclass
class Segment:
    line: int
    text: str


@dataclass
class Para:
    """A paragraph: segments joined by hard breaks.

    ``speaker`` renders the first segment as ``speaker: text`` (a turn); ``bold`` renders
    its first ``bold`` characters in bold, which keeps a ``Name:`` line from being read as
    a turn where no turn can stand.
    """

    segments: list[Segment]
    speaker: str = ""
    bold: int = 0

    @property
    def line(self) -> int:
        return self.segments[0].line

    @property
    def text(self) -> str:
        return self.segments[0].text


@dataclass
class TurnDraft:
    speaker: str
    line: int
    source: str
    paras: list[Para]

    def unlabelled(self) -> list[Para]:
        """The paragraphs without the speaker label (for merging into the same speaker)."""
        first = self.paras[0]
        head = [Para(first.segments)] if first.text else []
        return head + self.paras[1:]

    def demoted(self) -> list[Para]:
        """The whole line as prose with the name in bold: where no turn can stand."""
        first, *rest = self.paras
        head = Para([Segment(self.line, self.source)], bold=len(self.speaker))
        if first.line != self.line:  # "Name:" alone, its text on the next line
            return [head, Para(first.segments), *rest]
        return [head, *rest]


@dataclass
class TopicDraft:
    title: str
    line: int
    synthetic: bool = False
    turns: list[TurnDraft] = field(default_factory=list)
    lead: list[Para] = field(default_factory=list)


@dataclass
class PartDraft:
    heading: str
    line: int
    synthetic: bool = False
    prose: list[Para] = field(default_factory=list)
    topics: list[TopicDraft] = field(default_factory=list)


@dataclass
class Exchange:
    question: TurnDraft
    answers: list[TurnDraft] = field(default_factory=list)


@dataclass
class Topic:
    title: str
    line: int
    exchanges: list[Exchange]


@dataclass
class Part:
    heading: str
    line: int
    prose: list[Para]
    topics: list[Topic]


class Assembler:
    """Builds parts/topics/turns from items, then settles them into what the parser takes."""

    def __init__(self, speakers: tuple[str, ...], language: str, path: str,
                 diags: list[Diagnostic]):
        self.speakers, self.host = speakers, speakers[0]
        self.words, self.path, self.diags = fallback_words(language), path, diags
        self.parts: list[PartDraft] = []
        self.closing: Part | None = None

    def add(self, item: Item) -> None:
        handlers: dict[str, Callable[[Item], None]] = {
            PART: self.part, TOPIC: self.topic, TURN: self.turn, PROSE: self.prose}
        handlers[item.kind](item)

    def part(self, item: Item) -> None:
        self.parts.append(PartDraft(item.text, item.line))

    def current_part(self, line: int) -> PartDraft:
        """The open part; a transcript without part headings gets one."""
        if not self.parts:
            self.parts.append(PartDraft("", line, synthetic=True))
        return self.parts[-1]

    def topic(self, item: Item) -> None:
        self.current_part(item.line).topics.append(TopicDraft(item.text, item.line))

    def turn(self, item: Item) -> None:
        part = self.current_part(item.line)
        if not part.topics:
            part.topics.append(TopicDraft("", item.line, synthetic=True))
        para = Para([Segment(item.line, item.text)], speaker=item.speaker)
        part.topics[-1].turns.append(TurnDraft(item.speaker, item.line, item.source, [para]))

    def prose(self, item: Item) -> None:
        """Prose continues the last turn, or is the part's prose before any topic."""
        part = self.current_part(item.line)
        para = Para([Segment(item.line, item.text)])
        if not part.topics:
            part.prose.append(para)
        elif not part.topics[-1].turns:
            part.topics[-1].lead.append(para)
        elif not (last := part.topics[-1].turns[-1]).paras[-1].text and len(last.paras) == 1:
            last.paras[0].segments[0] = Segment(item.line, item.text)  # "Name:" then text
        else:
            last.paras.append(para)

    # -- settling ---------------------------------------------------------------------
    def finish(self) -> list[Part]:
        parts = [self.settle_part(draft, draft is self.parts[-1]) for draft in self.parts]
        return parts + [self.closing] if self.closing else parts

    def settle_part(self, draft: PartDraft, final: bool = False) -> Part:
        """Keep topics with at least one exchange; dissolve the rest into the prose.

        Turns before any topic line get a topic per question, titled by the question
        cut at a clause boundary (a guess, and said so).  ``final``: the transcript's
        last part, whose last unanswered question closes the interview (``close``).
        """
        if draft.synthetic:
            draft.heading = self.words["interview" if draft.topics else "intro"]
            self.warn(draft.line, f"no part heading before this line; added '# {draft.heading}'")
        part = Part(draft.heading, draft.line, list(draft.prose), [])
        for topic in draft.topics:
            exchanges, spill, unanswered = self.settle_topic(topic)
            closes = final and unanswered is not None and topic is draft.topics[-1]
            heading = ""
            if not exchanges and not topic.synthetic:
                if closes and not spill:  # "Closing remarks" over "Host: Thank you both."
                    heading = topic.title
                else:
                    self.warn(topic.line, f"topic '{topic.title}' has no complete question "
                              "and answer; kept as prose")
                    spill.insert(0, Para([Segment(topic.line, topic.title)]))
            self.container(part).extend(spill)
            if exchanges and topic.synthetic:
                for exchange in exchanges:
                    if exchange.question.speaker != self.host and part.topics:
                        part.topics[-1].exchanges.append(exchange)  # a guest's follow-up
                        continue
                    asked = _asked(exchange.question.paras, self.speakers)
                    title = topic_title(asked, self.speakers)
                    if not title and part.topics:  # "Dr. Chen, and you?": the same topic
                        part.topics[-1].exchanges.append(exchange)
                        continue
                    title = title or self.words["interview"]
                    self.warn(exchange.question.line, "no topic line before this question; "
                              f"added '## {title}' (a guess: edit it)")
                    part.topics.append(Topic(title, exchange.question.line, [exchange]))
            elif exchanges:
                part.topics.append(Topic(topic.title, topic.line, exchanges))
            if closes and unanswered is not None:
                self.close(unanswered, heading)
            elif unanswered is not None:
                answer = part.topics[-1].exchanges[-1].answers[-1] if part.topics else None
                where = f", at the end of the answer by '{answer.speaker}'" if answer else ""
                self.demote(unanswered, self.container(part), "has no answer after it", where)
        return part

    def close(self, turn: TurnDraft, heading: str) -> None:
        """The host's last words with no answer after them (``Thank you both.``): a
        closing prose part, where a reader sees them as the host's, not as more of the
        last guest's answer (the format has no question without an answer)."""
        heading = heading or self.words["closing"]
        self.warn(turn.line, f"turn by '{turn.speaker}' has no answer after it; kept as "
                  f"prose in a closing part, '# {heading}' (a guess: edit it)")
        self.closing = Part(heading, turn.line, turn.demoted(), [])

    def container(self, part: Part) -> list[Para]:
        """Where displaced paragraphs go: the last answer, or the part's prose."""
        return part.topics[-1].exchanges[-1].answers[-1].paras if part.topics else part.prose

    def settle_topic(self, topic: TopicDraft
                     ) -> tuple[list[Exchange], list[Para], TurnDraft | None]:
        """Group turns into exchanges as the parser will: a question, then one or more
        answers by one or more guests; a guest's question to another guest (after an
        answer, or opening the topic) opens an exchange of its own.  Turns that cannot be placed are demoted to prose.

        Returns the exchanges, the paragraphs that come before the first of them, and
        the last question when nothing answers it (placed by ``settle_part``).
        """
        exchanges: list[Exchange] = []
        spill = list(topic.lead)
        turns = self.merged(topic.turns)
        for index, turn in enumerate(turns):
            following = turns[index + 1] if index + 1 < len(turns) else None
            current = exchanges[-1] if exchanges else None
            if turn.speaker == self.host or ((current is None or current.answers)
                                             and self.asks(turn, following)):
                if current is not None and not current.answers:
                    current.question.paras.extend(turn.unlabelled())  # never two in a row
                else:
                    exchanges.append(Exchange(turn))
            elif current is None:
                self.demote(turn, spill, "has no question before it")
            else:
                current.answers.append(turn)
        unanswered = exchanges.pop().question if exchanges and not exchanges[-1].answers \
            else None
        return exchanges, spill, unanswered

    def merged(self, turns: list[TurnDraft]) -> list[TurnDraft]:
        """The host's consecutive turns as one (a question is one turn); every guest turn
        stays a turn, labelled, even after the same guest's."""
        out: list[TurnDraft] = []
        for turn in turns:
            if out and out[-1].speaker == turn.speaker == self.host:
                out[-1].paras.extend(turn.unlabelled())
            else:
                out.append(turn)
        return out

    def asks(self, turn: TurnDraft, following: TurnDraft | None) -> bool:
        """A guest's turn ending in a question mark that another guest answers."""
        return (following is not None and following.speaker not in (self.host, turn.speaker)
                and asks_another(turn.paras[-1].segments[-1].text))

    def demote(self, turn: TurnDraft, into: list[Para], why: str, where: str = "") -> None:
        self.warn(turn.line, f"turn by '{turn.speaker}' {why}; kept as prose{where}")
        into.extend(turn.demoted())

    def warn(self, line: int, message: str) -> None:
        self.diags.append(warning(self.path, line, 1, message))


_CLAUSE_END = re.compile(r"[，,；;：:。？?！!、]")
_TRAILING = "，,；;：:。？?！!、…. "
MIN_TITLE, MAX_TITLE = 8, 40    # display width (a CJK character counts 2)
SLACK = 12                       # a question this much longer is kept whole


def topic_title(question: str, names: Sequence[str] = ()) -> str:
    """A topic name from its question: the sentence that asks (the first ending in a
    question mark, else the first), up to a clause boundary that leaves a title of
    reasonable length, else that sentence whole if it is not much longer, else cut at a
    word with ``…``.

    A host turns to a guest by name (``Dr. Smith, what worries you?``): that first
    clause says who is asked, not what about, so it is left out; a question that is
    only a name gives no title ("")."""
    from ...text.sentences import split_sentences

    sentences = split_sentences(" ".join(question.split())) or [question.strip()]
    text = without_lead_in(without_vocative(next((s for s in sentences
                                                  if s.endswith(("?", "？"))),
                                                 sentences[0]), names))
    if not text or vocative(text.rstrip(_TRAILING), names) or \
            _ONLY_YOU.fullmatch(text.rstrip(_TRAILING)):
        return ""
    best = ""
    for match in _CLAUSE_END.finditer(text):
        piece = text[:match.start()].strip()
        if width(piece) > MAX_TITLE:
            break
        best = piece
        if width(best) >= MIN_TITLE:
            break
    if width(best) >= MIN_TITLE // 2:
        return best
    whole = text.rstrip(_TRAILING)
    if width(whole) <= MAX_TITLE + SLACK:
        return whole or text
    cut, used = [], 0
    for char in whole:
        used += width(char)
        if used > MAX_TITLE:
            break
        cut.append(char)
    title = "".join(cut)
    if " " in title and not title.endswith(" "):
        title = title.rsplit(" ", 1)[0]
    return title.rstrip(_TRAILING) + "…"


_ADDRESS_END = re.compile(r"[,，、]")
# A first clause that only leads in to the question, naming no subject: "那您覺得，…",
# "从您的角度看，…", "好，…"; and a question that only turns to someone ("您呢？", "And
# you?").
_LEAD_IN = re.compile(r"(?:那|那么|那麼|所以|然后|然後|好)?(?:您|你)(?:们|們)?"
                      r"(?:覺得|觉得|認為|认为|怎麼看|怎么看|看)"
                      r"|(?:從|从)(?:您|你|我)(?:们|們)?(?:的)?(?:角度|立場|立场)(?:來|来)?"
                      r"(?:看|說|说|講|讲)"
                      r"|那|那么|那麼|所以|然后|然後|好|好的|嗯")
_ONLY_YOU = re.compile(r"(?i)(?:(?:那|那么|那麼)?(?:您|你)(?:们|們)?(?:覺得|觉得|認為|认为|看)?"
                       r"(?:呢|吗|嗎|怎么样|怎麼樣)?"
                       r"|(?:and|so|what|how)?\s*(?:about\s+)?you(?:rself)?"
                       r"|(?:and\s+)?(?:what|how)\s+about\s+you)")


def without_lead_in(text: str) -> str:
    """``text`` without first clauses that only lead in to what it asks."""
    while (end := _CLAUSE_END.search(text)) and _LEAD_IN.fullmatch(text[:end.start()].strip()):
        text = text[end.end():].lstrip()
    return text


def _asked(paras: Sequence[Para], names: Sequence[str]) -> str:
    """A question's text for its title, without a first paragraph that only names whom
    it asks (``记者：欧阳娜娜`` over ``记者：你是什么时候…``): that says who, not what."""
    texts = [" ".join(seg.text for seg in para.segments) for para in paras]
    while len(texts) > 1 and vocative(texts[0].rstrip(_TRAILING), names):
        texts.pop(0)
    return " ".join(texts)


# Words to the one addressed: "you", 你/您, あなた, 당신 (and their forms).
_SECOND_PERSON = re.compile(r"(?i)\byou(?:r|rs|rself)?\b|[你您]|あなた|당신")


_ASKING = frozenset("what how why when where who whom whose which is are was were do does "
                    "did can could would will should shall may tell please let".split())


def _to_someone(then: str, names: Sequence[str]) -> bool:
    """Words that follow a name addressed: a question or request (``what next?``), words
    to "you", or another name addressed (``Jane, Alan, what next?``)."""
    for _ in range(4):  # "Jane, Alan, Mo, what next?": names, then the question
        first = then.lstrip().split(" ", 1)[0].strip(",，").casefold()
        if first in _ASKING or _SECOND_PERSON.search(then):
            return True
        match = _ADDRESS_END.search(then)
        if match is None or not vocative(then[:match.start()], names):
            return False
        then = then[match.end():]
    return False


def without_vocative(text: str, names: Sequence[str]) -> str:
    """``text`` without the names it opens by addressing (``Prof. Wu, how cheap…`` ->
    ``How cheap…``), its first letter raised where one went (not ``iPhone``'s)."""
    rest = text
    while (match := _ADDRESS_END.search(rest)) and \
            vocative(rest[:match.start()], names, rest[match.end():]):
        rest = rest[match.end():].lstrip()
    if rest == text or not rest.split(" ", 1)[0].islower():
        return rest
    return rest[0].upper() + rest[1:]


def vocative(clause: str, names: Sequence[str], then: str | None = None) -> bool:
    """A clause that only names someone: a speaker (``Anna Berg``, ``李明``), part of a
    speaker's name with or without a title (``Prof. Wu``, ``Jane``), a speaker's name or
    family name with an honorific (``山田さん``, ``김민준 씨``: ``honoured``), or a title
    and a name (``Mr. Hale``).  A part of a name alone, a given name, must be followed
    (``then``) by words to the one it names (``Jane, what do you think?``): ``May,
    June and July are hot?`` by May Chen names months."""
    key = name_key(clause)
    words = key.split()
    if not words:
        return False
    if any(name_key(name) == key for name in names) or honoured(key, names):
        return True
    known = {word for name in names for word in name_key(name).split()}
    if any(word in known for word in words) and all(word in known or word in TITLES
                                                     for word in words):
        titled = any(word in TITLES for word in words) or len(words) > 1
        return titled or then is None or _to_someone(then, names)
    return words[0] in TITLES and len(words) <= 3 and name_shaped(clause.strip())


def honoured(key: str, names: Sequence[str]) -> bool:
    """A speaker's name or family name with an honorific (``key`` as ``name_key``
    spells it): ``山田さん`` and ``山田太郎さん`` for 山田太郎, ``김민준 대표님`` and ``김 씨``
    for 김민준, ``李先生`` and ``小李`` for 李明, ``Lopez 博士`` for Dr. Maria Lopez.  A
    given name with one (``太郎くん``) is not taken: only the name, or its family name."""
    for name in names:
        whole = name_key(name)
        for base in (whole, *_family_names(whole)):
            rest = key[len(base):].lstrip() if key.startswith(base) else None
            if rest and HONORIFIC_AFTER.fullmatch(rest):
                return True
            if base != whole and key[1:] == base and HONORIFIC_BEFORE.fullmatch(key[:1]):
                return True
    return False


def _family_names(key: str) -> tuple[str, ...]:
    """The parts of a speaker's name (``name_key``) that may be its family name: a CJK
    name's first characters (山田 of 山田太郎, 김 of 김민준), the first word of a CJK name
    written spaced (김 of 김 민준), the last word of a Latin one (smith of dr jane smith)."""
    words = key.split()
    if len(words) > 1:
        return (words[0],) if is_wide(words[0][-1]) else (words[-1],)
    if all(is_wide(ch) and ch.isalpha() for ch in key):
        return tuple(key[:end] for end in range(len(key) - 1, 0, -1))
    return ()
