"""Stage 3 for participant lines: ``Host: Dr. Jane Smith`` and ``嘉宾：李四、王五`` under
the title say who takes part in which role.

A panel transcript names its participants between the title and the talk.  Read as
anything else such a line goes wrong: as the byline it becomes the compiler ("Compiled
by: Host: Dr. Jane Smith"), before a question it becomes a topic heading, and when the
role word also labels turns (``主持人：张三`` above ``主持人：…``) it becomes a question.

The front matter has a place for exactly what these lines say: ``speakers``, each a name
and a role.  So a participant line whose names all open turns is carried by that list
(a host it names becomes the host) and leaves the body.  A line the list cannot carry
whole (a name that opens no turn, an affiliation in brackets or in words, ``Li Wei of
Oxford``, a second host) stays in the draft as prose, with a warning saying why, so no
line of the transcript is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ...diagnostics import Diagnostic, warning
from .classify import PROSE, Item
from .lines import Line
from .speakers import (ANY, GUEST, HOST, ROLE_WORDS, name_key, name_shaped, plausible_name,
                       unspaced)

_WORDS = "|".join(re.escape(word) for word in sorted(ROLE_WORDS, key=len, reverse=True))
# A field opens the line or follows a space or a separator: "主持人：张三　嘉宾：李四".
_FIELD = re.compile(rf"(?:^|(?<=[\s;；|｜/／,，]))({_WORDS})\s*+[:：]\s*+", re.IGNORECASE)
# Spaces are matched once, from the start of their run ((?<!\s), possessive \s*+): a
# pattern that may split a run of them tries every split at every position (a line with
# 10,000 spaces took 6 s).
_NAME_SEPARATORS = re.compile(r"(?<!\s)\s*+[,，、;；/／&＆|｜]\s*+|(?<!\s)\s++and\s++")
# Spaces and ・ set names apart ("李四 王五", "佐藤・鈴木") but also join a name's parts
# ("山田 太郎", "レフ・トルストイ"): a piece is split only when it is not a name whole.
_SOFT_SEPARATORS = re.compile(r"(?<!\s)\s*+・\s*+|\s+")
_TRIM = ",，、;；/／&＆|｜ \t\u3000。."
# A field ending as a sentence ends is something said: a list of names does not.
_SENTENCE_END = tuple("。．.！？!?…")
# "和", "与", "及", "跟" join two names ("李四和王五"), but also sit inside names ("和珅"):
# a name is split at one only when every piece opens turns.
_JOINED = re.compile(r"(?<!\s)\s*+[和与與及跟]\s*+")
# An affiliation after a name: "Prof. Li Wei (Oxford)", "李四（北京大学）".
_AFFILIATION = re.compile(r"^(?P<name>.*?\S)\s*+[(（][^()（）]*[)）]$")
# Or in words: "Li Wei of Oxford", "Ana Costa from Lisbon" (the name must be a speaker's).
_AFFILIATED = re.compile(r"^(?P<name>.*?\S)\s++(?:of|from|at)\s++\S.*$")


@dataclass(frozen=True)
class Person:
    """One name in a participant line; ``extra`` when more than the name was written."""

    name: str
    extra: bool = False


@dataclass(frozen=True)
class Field:
    """``Guests: A, B``: the role word as written, its role and the people it names."""

    word: str
    role: str
    people: tuple[Person, ...]


@dataclass(frozen=True)
class Cast:
    """A participant line: its fields, and whether a role word of it also labels turns
    (then the line reads as a turn too, and only a block of lines tells them apart)."""

    line: Line
    fields: tuple[Field, ...]
    label_speaks: bool = False


def read_cast(line: Line, speakers: Sequence[str]) -> Cast | None:
    """``line`` as a participant line (role words and names only), or None.

    A name is a speaker's (``Prof Li Wei`` for ``Prof. Li Wei``) or shaped like a person's
    (``Ms. Ana Costa``, ``张三``); a bare ``Jane`` counts only when Jane speaks, so
    ``Host: Welcome`` stays what it was.
    """
    matches = list(_FIELD.finditer(line.text))
    if not matches or matches[0].start() != 0:
        return None
    keys = {name_key(name) for name in speakers}
    fields = []
    for match, following in zip(matches, [*matches[1:], None]):
        value = line.text[match.end():following.start() if following else None]
        if value.rstrip().endswith(_SENTENCE_END):  # "主持人：大家好。" is said, not a cast
            return None
        people = _people(value.strip(_TRIM), keys)
        if not people:
            return None
        word = match.group(1)
        fields.append(Field(word, ROLE_WORDS[word.casefold()], people))
    return Cast(line, tuple(fields),
                any(name_key(field.word) in keys for field in fields))


def _people(value: str, keys: set[str]) -> tuple[Person, ...]:
    """The names of one field's value, or () if any piece is not a name."""
    people: list[Person] = []
    for piece in _NAME_SEPARATORS.split(value) if value else []:
        piece = piece.strip(_TRIM)
        match = _AFFILIATION.match(piece)
        name = match.group("name") if match else piece
        parts = _SOFT_SEPARATORS.split(name) if match is None else []
        if _is_name(name, keys):
            people.append(Person(name, extra=match is not None))
        elif len(parts) > 1 and all(_is_name(part, keys) for part in parts):
            people.extend(Person(part) for part in parts)
        elif match is None and (joined := _speakers_joined(name, keys)):
            people.extend(Person(part) for part in joined)
        elif (worded := _AFFILIATED.match(piece)) and name_key(worded.group("name")) in keys:
            people.append(Person(worded.group("name"), extra=True))
        else:
            return ()
    return tuple(people)


def _speakers_joined(name: str, keys: set[str]) -> list[str]:
    """``李四和王五`` -> the names a conjunction joins, if every one is a speaker's; else []."""
    parts = _JOINED.split(name)
    return parts if len(parts) > 1 and all(part and name_key(part) in keys
                                           for part in parts) else []


def speaking_cast(cast: Cast, speakers: Sequence[str]) -> bool:
    """Every name in the participant line opens turns (the speakers list carries it)."""
    keys = {name_key(name) for name in speakers}
    return all(name_key(person.name) in keys and not person.extra
               for field in cast.fields for person in field.people)


def self_contradicting(cast: Cast, speakers: Sequence[str]) -> bool:
    """A role word that labels turns naming someone who opens turns too (``记者：欧阳娜娜``
    over ``记者：…`` and ``欧阳娜娜：…``): the word and the name are two speakers, the
    line cannot make them one, and read as a cast it would make the guest the host."""
    keys = {name_key(name) for name in speakers}
    return any(name_key(field.word) in keys and name_key(person.name) in keys
               and name_key(person.name) != name_key(field.word)
               for field in cast.fields for person in field.people)


def _is_name(text: str, keys: set[str]) -> bool:
    return plausible_name(text) and (name_key(text) in keys or name_shaped(text))


def header_casts(casts: list[Cast], next_speaker: str | None) -> int:
    """How many of a header block's participant lines stand.  A line whose role word
    also labels turns reads as well as the first question, so it stands only in a block
    of two or more role words (``主持人：张三`` and ``嘉宾：李四``) or when that role's turn
    follows at once (``主持人：张三`` over ``主持人：大家好，…``: the name, then the talk)."""
    words = {name_key(field.word) for cast in casts for field in cast.fields}
    after = name_key(next_speaker or "")

    def stands(cast: Cast) -> bool:
        return (not cast.label_speaks or len(words) >= 2
                or (len(casts) == 1 and name_key(cast.fields[0].word) == after))

    return next((index for index, cast in enumerate(casts) if not stands(cast)), len(casts))


def settle(names: tuple[str, ...], casts: Sequence[Cast], given: bool, path: str,
           diags: list[Diagnostic]) -> tuple[tuple[str, ...], list[Item]]:
    """The speakers, host first, as the participant lines declare them (unless the user
    gave them), and the lines the front matter cannot carry, as prose items."""
    by_key = {name_key(name): name for name in names}
    declared: dict[str, str] = {}
    for cast in casts:
        for field in cast.fields:
            for person in field.people:
                speaker = by_key.get(name_key(person.name))
                if speaker and field.role != ANY:
                    declared.setdefault(speaker, field.role)
    if not given:
        names = _host_first(names, declared)
    kept: list[Item] = []
    for cast in casts:
        why = _not_carried(cast, names, by_key)
        if why:
            diags.append(warning(path, cast.line.number, 1, f"participant line kept as "
                                 f"prose: {why} (the front matter's speakers are the names "
                                 "that open turns, one of them the host)"))
            kept.append(Item(PROSE, cast.line.number, cast.line.text))
    return names, kept


# Labels that say which side speaks, not who: "Q: …" / "A: …", "问：…" / "答：…".
QUESTION_LABELS = {"q", "question", "问", "問", "질문"}
ANSWER_LABELS = {"a", "answer", "答", "답", "답변"}


def named_labels(names: tuple[str, ...], casts: Sequence[Cast], path: str,
                 diags: list[Diagnostic]) -> dict[str, str]:
    """``Q``/``A`` labels -> the host and the guest the participant lines name, when
    they name exactly one of each (``Interviewer: Tom Lee``, ``Interviewee: Dr. Jane
    Smith``); else {}.  The draft then speaks with the names the reader should see,
    and the participant lines are carried by the speakers list.

    A role word of those lines that labels turns too (``记者：王芳`` above ``Q：…`` and
    ``记者：…``) is the person it names, and the named people may speak as themselves
    (``李强：…``): every label is then one of two people.  Any other label keeps {}."""
    keys = {name_key(name) for name in names}
    if not (keys & QUESTION_LABELS and keys & ANSWER_LABELS):
        return {}
    people: dict[str, set[str]] = {HOST: set(), GUEST: set(), ANY: set()}
    for cast in casts:
        for field in cast.fields:
            people[field.role].update(person.name for person in field.people)
    if people[ANY] or len(people[HOST]) != 1 or len(people[GUEST]) != 1:
        return {}
    (host,), (guest,) = (unspaced(name) for name in people[HOST]), \
        (unspaced(name) for name in people[GUEST])
    sides = {**dict.fromkeys(QUESTION_LABELS, host), **dict.fromkeys(ANSWER_LABELS, guest),
             **{name_key(field.word): host if field.role == HOST else guest
                for cast in casts for field in cast.fields}}
    if any(key not in sides and key not in (name_key(host), name_key(guest)) for key in keys):
        return {}
    labels = {name: sides[name_key(name)] for name in names if name_key(name) in sides}
    asker = next(name for name in names if name_key(name) in QUESTION_LABELS)
    answerer = next(name for name in names if name_key(name) in ANSWER_LABELS)
    others = "".join(f", '{word}' as '{name}'" for word, name in labels.items()
                     if word not in (asker, answerer))
    diags.append(warning(path, casts[0].line.number, 1, f"'{asker}' read as '{host}'{others} "
                         f"and '{answerer}' as '{guest}', as the participant lines name "
                         "them"))
    return labels


def _host_first(names: tuple[str, ...], declared: dict[str, str]) -> tuple[str, ...]:
    """A declared host is the host; else, if the guessed host is declared a guest, the
    first speaker not declared one; else the guess stands."""
    hosts = [name for name, role in declared.items() if role == HOST]
    host = hosts[0] if hosts else names[0]
    if not hosts and declared.get(host) == GUEST:
        host = next((name for name in names if declared.get(name) != GUEST), host)
    return (host, *(name for name in names if name != host))


def _not_carried(cast: Cast, names: tuple[str, ...], by_key: dict[str, str]) -> str:
    """Why the speakers list cannot carry this line whole, or "" if it can."""
    for field in cast.fields:
        for person in field.people:
            speaker = by_key.get(name_key(person.name))
            if person.extra:
                return f"'{person.name}' comes with more than a name"
            if speaker is None:
                return f"'{person.name}' opens no turn" + (
                    f" ('{field.word}' does)" if name_key(field.word) in by_key else "")
            role = HOST if speaker == names[0] else GUEST
            if field.role not in (ANY, role):
                return f"'{speaker}' is the {role} in the speakers list, not a {field.role}"
    return ""

