"""Stage 3, classifying lines: each body line is a part heading, a topic heading, a turn
or prose."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...diagnostics import Diagnostic, warning
from ..inline import is_wide
from ..labels import turn_label
from ..parse import asks_another
from .lines import BULLET, Line, width
from .speakers import label_end, name_key, name_label

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


@dataclass(frozen=True)
class Item:
    """One classified line; for turns ``text`` is the body and ``source`` the whole line."""

    kind: str
    line: int
    text: str
    speaker: str = ""
    source: str = ""
    colonless: bool = False


def part_scheme(text: str) -> str:
    """The numbering scheme of a part heading (``cjk``, ``digit``...), or "" if none."""
    match = _PART_RE.match(text)
    if not match or not heading_like(text):
        return ""
    scheme = next(name for name, value in match.groupdict().items() if value)
    if scheme == "roman" and not _ROMAN.match(match.group("roman")):
        return ""
    return scheme


def heading_like(text: str) -> bool:
    """Short, no sentence punctuation, safe as a raw ATX heading (no trailing ``#``),
    and not a bulleted list's item (``- water``)."""
    core = text.rstrip(_CLOSERS)
    return (bool(core) and width(text) <= MAX_HEADING_WIDTH and core[-1] not in _SENTENCE_END
            and not any(mark in text for mark in _SENTENCE_MARKS) and not text.endswith("#")
            and not BULLET.match(text))


class Reader:
    """Classifies body lines as part headings, topic headings, turns or prose."""

    def __init__(self, speakers: tuple[str, ...], path: str, diags: list[Diagnostic],
                 labels: dict[str, str] | None = None):
        self.speakers, self.host, self.path, self.diags = speakers, speakers[0], path, diags
        self.by_length = sorted(speakers, key=len, reverse=True)
        self.by_key = {name_key(name): name for name in speakers}
        # labels that stand for a speaker (``Q`` for the host the participant lines name)
        self.labels = {name_key(label): name for label, name in (labels or {}).items()}
        self.first_scheme = ""
        self.variants: set[str] = set()

    def turn(self, line: Line, previous: str | None) -> Item | None:
        """``Name: text`` by a speaker (``interviewer:`` and ``Prof Kate Mbeki:`` are the
        ``Interviewer`` and ``Prof. Kate Mbeki`` they spell), or, the colon forgotten, a
        CJK name, a space, text, or a Latin name, two spaces or a tab, text."""
        label = turn_label(line.text, self.speakers)
        if label and label[0] in self.speakers:
            return Item(TURN, line.number, line.text[label[1]:], label[0], line.text)
        spelt = name_label(line.text)
        if spelt and name_key(spelt) in self.labels:
            name = self.labels[name_key(spelt)]
            rest = line.text[label_end(line.text):]
            # the line as the speaker's: demoted to prose it reads "**Tom Lee**: …"
            return Item(TURN, line.number, rest, name, f"{name}: {rest}")
        if spelt and name_key(spelt) in self.by_key:
            name = self.by_key[name_key(spelt)]
            rest = line.text[label_end(line.text):]
            written = line.text[:label_end(line.text)].rstrip().rstrip(":：").strip()
            if written not in self.variants:
                self.variants.add(written)
                self.warn(line, f"'{written}' read as the speaker '{name}' (the same name "
                          "spelt differently)")
            # demoted to prose it reads "**Prof. Kate Mbeki**: …", the name in bold
            return Item(TURN, line.number, rest, name, name + line.text[len(written):])
        for name in self.by_length:
            rest = line.text[len(name):]
            gap = (rest[:1].isspace() if is_wide(name[-1])
                   else rest[:2] == "  " or rest[:1] == "\t")
            if line.text.startswith(name) and gap and rest.strip() and name != previous:
                return Item(TURN, line.number, rest.strip(), name, line.text, colonless=True)
        return None

    def host_turn(self, line: Line | None, previous: str | None) -> bool:
        item = self.turn(line, previous) if line is not None else None
        return item is not None and item.speaker == self.host

    def asked(self, line: Line | None, after: Line | None, previous: str | None) -> bool:
        """A question opens at ``line``: the host's, or a guest's to another guest (a
        turn ending in a question mark, the next turn another guest's)."""
        item = self.turn(line, previous) if line is not None else None
        if item is None or item.speaker == self.host:
            return item is not None
        answer = self.turn(after, item.speaker) if after is not None else None
        return asks_another(item.text) and answer is not None and \
            answer.speaker not in (self.host, item.speaker)

    def classify(self, lines: list[Line]) -> list[Item]:
        """Classify in order; a turn's speaker matters for the next colon-less turn."""
        items: list[Item] = []
        previous: str | None = None
        for index, line in enumerate(lines):
            following, after = (lines[index + 1:index + 3] + [None, None])[:2]
            item = (self.turn(line, previous) or self.heading(line, following, previous, after)
                    or self.prose(line))
            if item.kind == TURN:
                previous = item.speaker
                if item.colonless:
                    self.warn(line, f"read as a turn by '{item.speaker}' although the colon "
                              "after the name is missing")
            items.append(item)
        return items

    def heading(self, line: Line, following: Line | None, previous: str | None,
                after: Line | None = None) -> Item | None:
        """Numbered lines are parts; other short lines followed by a question are topics
        (the host's, or a guest's to another guest: ``asked``).

        A numbered line in a second numbering scheme (``1.`` under ``一.``) followed by a
        question is a topic: transcripts number topics inside numbered parts.
        """
        scheme = part_scheme(line.text)
        host_next = self.host_turn(following, previous)
        if scheme and (not host_next or scheme == (self.first_scheme or scheme)):
            self.first_scheme = self.first_scheme or scheme
            return Item(PART, line.number, line.text)
        if heading_like(line.text) and (host_next or self.asked(following, after, previous)):
            return Item(TOPIC, line.number, line.text)
        return None

    def prose(self, line: Line) -> Item:
        """Anything else is prose; warn about lines that look like structure but are not."""
        name = name_label(line.text)
        if name:
            self.warn(line, f"'{name}' is not a speaker (only speakers "
                      f"{', '.join(self.speakers)} open turns); kept as prose")
        elif heading_like(line.text) and len(line.text) > 1:
            self.warn(line, "looks like a heading, but no question by "
                      f"'{self.host}' follows; kept as prose")
        return Item(PROSE, line.number, line.text)

    def warn(self, line: Line, message: str) -> None:
        self.diags.append(warning(self.path, line.number, 1, message))

