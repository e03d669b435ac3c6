"""Stage 2, guessing speakers: the names that open turns, host first, or the names the
user gave, checked.

A name is whatever short label stands before the first ``:`` or ``：`` of a line, when
that label opens two or more lines: ``Dr. Maria Lopez``, ``O'Brien``, ``Jean-Luc``,
``J. K. Rowling`` and ``梁文锋`` alike.  What tells a name from a prose line with a colon
(``Note: the recording was cut here.``, ``采访前，王教授特意说明：…``) is how often it
opens a line, where it stands and how long it is, not which letters it uses: a name
starts with a letter, holds at most five words (six CJK characters), has no sentence
punctuation and no character Markdown would read as markup.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from ...diagnostics import SourceError, error
from ..inline import is_wide
from .lines import Line

HOST_NAMES = {"主持人", "记者", "采访者", "采访人", "问", "q", "interviewer", "host",
              "moderator"}
_NOT_NAMES = {"http", "https", "ftp", "mailto", "file", "www"}
_LABEL = re.compile(r"^\s*([^:：\n]{1,48}?)\s*[:：](?!//)")
# Sentence punctuation, brackets and quotes end a name; Markdown specials cannot stand in
# one (the source's "Name:" must read back as plain text).
_NOT_IN_NAMES = set("，。,!?！？；;、…“”\"()（）【】《》「」『』{}\\`*_[]<>&=#|~^")
MAX_WORDS = 5
MAX_WIDE = 6          # Chinese names and roles (主持人, 梁文锋, 王教授) are short
MIN_TURNS = 2


def name_label(text: str) -> str | None:
    """The label before the first colon of ``text`` if it could be a person's name."""
    match = _LABEL.match(text)
    if not match:
        return None
    name = match.group(1).strip()
    return name if plausible_name(name) else None


def plausible_name(name: str) -> bool:
    """Short, opening with a letter, no sentence punctuation or markup, not a scheme."""
    return (bool(name) and name[0].isalpha() and not (_NOT_IN_NAMES & set(name))
            and len(name.split()) <= MAX_WORDS
            and sum(1 for ch in name if is_wide(ch)) <= MAX_WIDE
            and name.casefold() not in _NOT_NAMES)


def find_speakers(lines: list[Line], path: str) -> tuple[str, ...]:
    """Names that open two or more lines; the host is a usual host name or the first."""
    counts: Counter[str] = Counter()
    for line in lines:
        name = name_label(line.text)
        if name:
            counts[name] += 1
    names = [name for name, count in counts.items() if count >= MIN_TURNS]
    if len(names) < 2:
        found = f" (only '{names[0]}')" if names else ""
        raise SourceError([error(path, lines[0].number, 1,
                                 f"no speakers found{found}: a speaker is a name that opens "
                                 "two or more lines as 'Name: text'; name them with "
                                 "--speakers 'Host,Guest'")])
    host = next((n for n in names if n.casefold() in HOST_NAMES), names[0])
    return (host, *(n for n in names if n != host))


def given_speakers(speakers: Sequence[str], lines: list[Line],
                   path: str) -> tuple[str, ...]:
    """Validate explicit names, host first: each must be a plausible name (reported at
    the first line that uses it) and open at least one line."""
    names = tuple(str(name).strip() for name in speakers)
    problems = []
    for name in names:
        first = next((line for line in lines if line.text.startswith(name)), None) \
            if name else None
        where = first.number if first else 1
        if not plausible_name(name):
            problems.append(error(path, where, 1, f"speakers: '{name}' cannot be a speaker "
                                  "name (a name is at most five words, starts with a letter "
                                  "and has no sentence punctuation or Markdown characters)"))
        elif first is None:
            problems.append(error(path, 1, 1, f"speakers: no line opens with '{name}'; "
                                  "check the spelling"))
    if len(set(names)) != len(names):
        problems.append(error(path, 1, 1, "speakers: a speaker is named twice"))
    if len(names) < 2:
        problems.append(error(path, 1, 1, "speakers: name a host and at least one guest "
                              "(host first)"))
    if problems:
        raise SourceError(problems)
    return names
