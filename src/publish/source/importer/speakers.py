"""Stage 2, guessing speakers: the names that open turns, host first, or the names the
user gave, checked."""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from ...diagnostics import SourceError, error
from ..parse import speaker_label
from .lines import Line

HOST_NAMES = {"主持人", "记者", "采访者", "采访人", "问", "q", "interviewer", "host",
              "moderator"}
_NOT_NAMES = {"http", "https", "ftp", "mailto", "file", "www"}


def plausible_name(name: str) -> bool:
    """Filter labels that are not people: ``10:30``, ``https://``, names Markdown mangles."""
    return (any(ch.isalpha() for ch in name) and name.casefold() not in _NOT_NAMES
            and "==" not in name)


def find_speakers(lines: list[Line], path: str) -> tuple[str, ...]:
    """Names that open two or more turns; the host is a usual host name or the first."""
    counts: Counter[str] = Counter()
    for line in lines:
        label = speaker_label(line.text)
        if label and plausible_name(label[0]):
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


def given_speakers(speakers: Sequence[str], path: str) -> tuple[str, ...]:
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
