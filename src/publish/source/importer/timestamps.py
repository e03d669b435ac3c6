"""Stage 1b, timestamps: the times a recording tool writes into its transcript.

Transcripts exported from recording and meeting tools carry times, in two shapes: before
each turn (``[00:01:23] Jane Smith: …``, ``00:01:23 张三：…``, ``张三(00:01:23)：…``), or
on a line of their own that names who speaks next, the talk on the lines below (``Jane
Smith  0:05``, ``Speaker 1 (00:00):``, ``发言人1 00:01:23``).  Some write lines that are
only a time.

The times are not part of the interview, and read as text they hide the names: no
speaker is found, or every turn is taken for prose.  So when times open (or close) a good
share of the lines, this stage takes them out before anything else reads the lines:

- a time before a line's text, or between a name and its colon, goes, the text stays
  (``Jane Smith: …``);
- a line that is a name and a time labels the line below it, which becomes ``Name: …``
  (a name counts when it comes back on two or more such lines, each over a line with
  no time); the lines after that are more of the turn, as under any ``Name: …`` line;
- a line that is only a time (or a range, ``00:00:01.000 --> 00:00:04.000``) goes.

Every line keeps its number, so later warnings point into the transcript; one warning
says how many times went.  Only times leave: every other character stays.
"""

from __future__ import annotations

import re
from collections import Counter

from ...diagnostics import Diagnostic, warning
from .lines import Line
from .speakers import name_key, plausible_name

_TIME = r"\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_OPEN, _CLOSE = r"[\[(（【]?", r"[\])）】]?"
_LEADING = re.compile(rf"^{_OPEN}\s*{_TIME}\s*{_CLOSE}\s*(?:[-–—|｜]\s*)?(?=\S)")
_TRAILING = re.compile(rf"\s*{_OPEN}\s*{_TIME}\s*{_CLOSE}\s*[:：]?$")
# A time between a name and its colon: "张三(00:01:23)：…", "Jane Smith [0:05]: …".
_AFTER_NAME = re.compile(rf"^(?P<name>[^\s:：\[(（【][^:：\[(（【]{{0,40}}?)\s*[\[(（【]\s*{_TIME}"
                         rf"\s*[\])）】]\s*(?=[:：])")
_ALONE = re.compile(rf"^{_OPEN}\s*{_TIME}(?:\s*(?:-->|[-–—~～])\s*{_TIME})?\s*{_CLOSE}$")
# Times take a share of the lines at least this large (a third: a time line over each
# one-line turn is a half) and at least MIN_TIMES of them before any is taken out.
SHARE = 1 / 3
MIN_TIMES = 3


def without_time(text: str) -> str:
    """``text`` without the time that opens it or follows its speaker's name
    (``[00:01:23] Host: Hi``, ``Host (00:01:23): Hi`` -> ``Host: Hi``)."""
    text = _LEADING.sub("", text, count=1)
    return _AFTER_NAME.sub(lambda match: match.group("name"), text, count=1)


def only_time(text: str) -> bool:
    """A line that is a time and nothing else (``0:05``, ``[00:01:23]``, a range)."""
    return _ALONE.match(text) is not None


def strip_timestamps(lines: list[Line], path: str,
                     diags: list[Diagnostic]) -> list[Line]:
    """``lines`` with the recording tool's times taken out (module docstring), or as they
    are when times are no more than an occasional ``10:30`` in the talk."""
    names = {index: name for index, line in enumerate(lines[:-1])
             if (name := _speaker_line(line.text)) and not _timed(lines[index + 1].text)}
    recurring = Counter(name_key(name) for name in names.values())
    names = {index: name for index, name in names.items() if recurring[name_key(name)] > 1}
    timed = [index for index, line in enumerate(lines)
             if index in names or only_time(line.text) or without_time(line.text) != line.text]
    if len(timed) < MIN_TIMES or len(timed) < SHARE * len(lines):
        return lines
    kept = []
    for index, line in enumerate(lines):
        if index - 1 in names:  # the talk under a name: one turn, numbered as the talk
            kept.append(Line(line.number, f"{names[index - 1]}: {line.text}"))
        elif index in names or only_time(line.text):
            continue
        else:
            kept.append(Line(line.number, without_time(line.text)))
    first = lines[timed[0]]
    time = re.search(_TIME, first.text)
    diags.append(warning(path, first.number, 1, f"took out {len(timed)} timestamps of the "
                         f"recording, '{time.group() if time else first.text}' the first; "
                         "the talk is kept, and a name beside a time labels the line below"))
    return kept


def _timed(text: str) -> bool:
    return only_time(text) or bool(_TRAILING.search(text)) or without_time(text) != text


def _speaker_line(text: str) -> str | None:
    """The name of a line that is only a name and a time (``Jane Smith  0:05``,
    ``00:01:23 张三``, ``Speaker 1 (00:00):``), else None."""
    rest = without_time(text)
    if rest == text:
        rest = _TRAILING.sub("", text, count=1)
        if rest == text:
            return None
    rest = rest.strip().rstrip(":：").strip()
    return rest if rest and ":" not in rest and "：" not in rest and \
        plausible_name(rest) else None
