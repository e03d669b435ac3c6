"""Stage 1b, timestamps: the times a recording tool writes into its transcript.

Transcripts exported from recording and meeting tools carry times, in two shapes:
before each turn (``[00:01:23] Jane Smith: …``, ``00:01:23 张三：…``,
``张三(00:01:23)：…``), or on a line of their own that names who speaks next, the talk
on the lines below (``Jane Smith  0:05``, ``Speaker 1 (00:00):``, ``发言人1 00:01:23``,
or a name under a line of times).  Some write lines that are only a time; subtitle
files (WebVTT, SRT) number their cues too.

The times are not part of the interview, and read as text they hide the names: no
speaker is found, or every turn is taken for prose.  So when times take a good share of
the lines, this stage takes them out before anything else reads the lines:

- a time before a turn (``[00:01:23] Jane Smith: …``), between a name and its colon, or
  right after the colon (``记者：[00:00:12] …``; bare only with seconds, ``A：00:02:41``,
  as ``嘉宾：10:30 开始`` is said), goes, the turn stays; a time that opens any other line
  is part of the talk, and stays (a label counts as a turn's when two or more lines give
  it after a time);
- a time in the recording's own bracketed shape (``[00:00:15]``, most of the times
  taken out have it) inside the talk goes too: tools mark the time mid-turn;
- a line that is a name and a time labels the line below it, which becomes ``Name: …``
  (a name counts when it comes back on two or more such lines, each over a line of
  talk; once two names do, a name shaped like a person's counts the first time too);
  the lines after that are more of the turn, as under any ``Name: …`` line;
- a line that is only a time (or a range, ``00:00:01.000 --> 00:00:04.000``) goes, and
  so do a subtitle file's cue numbers and its WebVTT header; a WebVTT voice tag
  (``<v Jane Smith>…``) is the speaker's label.

Every line keeps its number, so later warnings point into the transcript; one warning
says how many times went.  Only times leave: every other character stays.
"""

from __future__ import annotations

import re
from collections import Counter

from ...diagnostics import Diagnostic, warning
from ..inline import is_wide
from .lines import Line
from .speakers import name_key, name_label, name_shaped, plausible_name

# 0:05, 00:01:23, 100:00, 00:00:05.120, 12:30pm; never a longer run of digits.
_TIME = (r"\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?(?!\d)"
         r"(?:\s?[aApP]\.?[mM]\.?(?![A-Za-z]))?")
_SPAN = rf"{_TIME}(?:\s*(?:-->|[-–—~～])\s*{_TIME})?"
_OPEN, _CLOSE = r"[\[(（【]?", r"[\])）】]?"
# Spaces are matched once (``(?<!\s)``, possessive ``\s*+``): a run of them that the engine
# could split between two ``\s*`` costs the square or the cube of its length, on every line.
_LEADING = re.compile(rf"^{_OPEN}\s*{_SPAN}\s*+{_CLOSE}\s*+(?:[-–—|｜]\s*+)?(?=\S)")
_TRAILING = re.compile(rf"(?<!\s)\s*(?:[\[(（【]\s*)?{_TIME}\s*+{_CLOSE}\s*+[:：]?$")
# A time between a name and its colon: "张三(00:01:23)：…", "Jane Smith [0:05]: …".
_AFTER_NAME = re.compile(rf"^(?P<name>[^\s:：\[(（【][^:：\[(（【]{{0,40}}?)"
                         rf"\s*[\[(（【]\s*{_TIME}\s*[\])）】]\s*(?=[:：])")
# A time right after the speaker's colon: "记者：[00:00:12] …", "Q：(00:01:05)…", and bare
# only with seconds, "A：00:02:41 …" ("嘉宾：10:30 开始" is as likely said).
_AFTER_COLON = re.compile(rf"^(?P<label>[^\s:：\[(（【][^:：]{{0,47}}[:：])\s*+"
                          rf"(?:[\[(（【]\s*{_TIME}\s*[\])）】]"
                          r"|\d{1,3}:\d{2}:\d{2}(?:[.,]\d{1,3})?(?![\d:]))\s*+(?=\S)")
# A time in the recording's own bracketed shape, "[00:00:15]"; a bare one is talk.
_BRACKETED = re.compile(rf"[\[(（【]\s*{_TIME}\s*[\])）】]")
# A cue's times, "0:0:5.0 --> 0:0:9.500" (Teams writes single digits, only there).
_ARROW = r"\d{1,3}:\d{1,2}(?::\d{1,2})?(?:[.,]\d{1,3})?(?!\d)"
# (A WebVTT cue's settings may follow its range: "align:start position:10%".)
_ALONE = re.compile(rf"^{_OPEN}\s*(?:{_ARROW}\s*-->\s*{_ARROW}(?:\s++[a-z]+:\S++)*+|{_SPAN})"
                    r"(?:\s*+[\])）】])?$")
# A subtitle file's own lines: WebVTT's header and metadata, a cue's number over its times.
_SUBTITLE_HEADER = re.compile(r"^(?:WEBVTT\b.*|(?:Kind|Language|NOTE)\b.*)$")
# WebVTT's voice tag names who speaks: "<v Jane Smith>Welcome.</v>".
_VOICE = re.compile(r"^<v(?:\.[\w.-]+)?\s+([^>]+)>")
# Times take a share of the lines at least this large (a third: a time line over each
# one-line turn is a half) and at least MIN_TIMES of them before any is taken out; two
# names that each come back over the talk are a recording's shape whatever the share.
SHARE = 1 / 3
MIN_TIMES = 3


def without_time(text: str) -> str:
    """``text`` without the time that opens it, follows its speaker's name or the colon
    after it (``[00:01:23] Host: Hi``, ``Host (00:01:23): Hi``, ``Host: [00:01:23] Hi``
    -> ``Host: Hi``).  One time per line: after a time before the turn, a time that
    opens the talk was said (``[00:00:09] 选手：2:45:30，在北京跑的。``)."""
    stripped = _LEADING.sub("", text, count=1)
    stripped = _AFTER_NAME.sub(lambda match: match.group("name"), stripped, count=1)
    if stripped != text:
        return stripped
    return _AFTER_COLON.sub(lambda match: match.group("label"), text, count=1)


def only_time(text: str) -> bool:
    """A line that is a time and nothing else (``0:05``, ``[00:01:23]``, a range)."""
    return _ALONE.match(text) is not None


def strip_timestamps(lines: list[Line], path: str,
                     diags: list[Diagnostic]) -> list[Line]:
    """``lines`` with the recording tool's times taken out (module docstring), or as they
    are when times are no more than an occasional ``10:30`` in the talk."""
    original = lines
    lines = [Line(line.number, _unvoiced(line.text)) for line in lines]
    alone = {index for index, line in enumerate(lines) if only_time(line.text)}
    names = _names_over_talk(lines, alone)
    labels = [_label_after_time(line.text) for line in lines]
    recurring = {label for label, n in Counter(filter(None, labels)).items() if n > 1}
    turns = {index for index, label in enumerate(labels)
             if index not in names and label in recurring}
    subtitle = _subtitle_lines(lines, alone)
    timed = sorted(names.keys() | turns | subtitle | alone)
    shaped = len({name_key(name) for name in names.values()}) > 1
    if len(timed) < MIN_TIMES or (len(timed) < SHARE * len(lines) and not shaped):
        return original
    kept = []
    for index, line in enumerate(lines):
        if index - 1 in names:  # the talk under a name: one turn, numbered as the talk
            kept.append(Line(line.number, f"{names[index - 1]}: {line.text}"))
        elif index in names or index in subtitle or index in alone:
            continue
        else:
            kept.append(Line(line.number, without_time(line.text) if index in turns
                             else line.text))
    if not kept:  # only times: nothing to import, as the next stage says
        return original
    kept, inline = _without_inline_times(kept, _own_shape(lines, timed))
    first = next((match.group() for index in timed
                  if (match := re.search(_TIME, lines[index].text))), "")
    said = f", {first!r} the first" if first else ""
    diags.append(warning(path, lines[timed[0]].number, 1, f"took out {len(timed) + inline} "
                         f"timestamps of the recording{said}; the talk is kept, and a name "
                         "beside a time labels the line below"))
    return kept


def _own_shape(lines: list[Line], timed: list[int]) -> str:
    """The bracketed shape most of the recording's times take out have, digits as 0
    (``[00:00:00]``), or "" when they are bare (``00:01:23 张三：``, ``Jane Smith  0:05``)."""
    shapes = Counter(re.sub(r"\d", "0", match.group()) for index in timed
                     if (match := _BRACKETED.search(lines[index].text)))
    bracketed = shapes.most_common(1)
    return bracketed[0][0] if bracketed and bracketed[0][1] * 2 > len(timed) else ""


def _without_inline_times(lines: list[Line], shape: str) -> tuple[list[Line], int]:
    """``lines`` without the times of the recording's own bracketed ``shape`` inside the
    talk (``那时候我妈妈 [00:00:15] 带我去``: the tool marks the time mid-turn), and how
    many went.  A time that opens a line, and any other shape, is the talk's."""
    if not shape:
        return lines, 0
    core = re.escape(shape).replace("0", r"\d")
    # (?<=\S) and \s*+: a run of spaces is tried once, from its start
    pattern = re.compile(rf"(?<=\S)\s*+{core}\s*+")
    count = 0

    def joined(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        text, end, found = match.string, match.end(), match.group()
        left, right = text[match.start() - 1], text[end:end + 1]
        spaced = found[:1].isspace() and found[-1:].isspace() and right
        return " " if spaced and not (is_wide(left) or is_wide(right)) else ""

    return [Line(line.number, pattern.sub(joined, line.text)) for line in lines], count


def _unvoiced(text: str) -> str:
    """``<v Jane Smith>Welcome.</v>`` -> ``Jane Smith: Welcome.``"""
    voiced = _VOICE.match(text)
    if voiced is None:
        return text
    return f"{voiced.group(1).strip()}: {text[voiced.end():].removesuffix('</v>').strip()}"


def _subtitle_lines(lines: list[Line], alone: set[int]) -> set[int]:
    """A subtitle file's header (``WEBVTT``, ``Kind: captions``) and cue numbers (a number
    over a line of times, ``alone``), by index."""
    cues = {index - 1 for index in alone if index and lines[index - 1].text.isdigit()}
    if not lines or not lines[0].text.startswith("WEBVTT"):
        return cues
    header = next((index for index, line in enumerate(lines)
                   if not _SUBTITLE_HEADER.match(line.text)), len(lines))
    return cues | set(range(header))


def _names_over_talk(lines: list[Line], alone: set[int]) -> dict[int, str]:
    """The lines that are a name and a time over a line of talk, by index: their names
    (``alone``: the lines that are only a time).

    A name counts when it comes back on two or more such lines; once two names do, a
    name shaped like a person's counts the first time too (a panel guest who speaks once).
    """
    found = {index: name for index, line in enumerate(lines[:-1])
             if (name := _speaker_line(line.text) or
                 (index - 1 in alone and _bare_name(line.text)))}
    counts = Counter(name_key(name) for name in found.values())
    recurring = {key for key, n in counts.items() if n > 1}
    names = {index: name for index, name in found.items()
             if name_key(name) in recurring or (len(recurring) > 1 and name_shaped(name))}
    kept: dict[int, str] = {}
    for index, name in names.items():  # in order: the line under a kept one is its talk
        below = names.get(index + 1)
        if index - 1 in kept or index + 1 in alone:
            continue
        if below is None or (name_key(below) not in recurring and
                             name_key(name) in recurring):
            kept[index] = name  # over talk, or over a one-off "name" that is talk
    return kept


def _label_after_time(text: str) -> str | None:
    """The speaker label a time opens (``[0:05] Host: …``), as a key.  A line counts as a
    turn when two or more lines give its label after a time: a time that opens any other
    line (``9:30 is when we open``) is part of the talk."""
    rest = without_time(text)
    label = name_label(rest) if rest != text else None
    return name_key(label) if label else None


def _bare_name(text: str) -> str | None:
    """``text`` if it is a name and nothing else (under a time: ``0:0:5.0 --> 0:0:9.500``
    over ``Tom Hale``)."""
    if ":" in text or "：" in text:
        return None
    return text if plausible_name(text) and len(text) <= 40 else None


def _speaker_line(text: str) -> str | None:
    """The name of a line that is only a name and a time (``Jane Smith  0:05``,
    ``00:01:23 张三``, ``Speaker 1 (00:00):``, ``[Jane Smith] 10:01:23``), else None."""
    rest = without_time(text)
    if rest == text:
        rest = _TRAILING.sub("", text, count=1)
        if rest == text:
            return None
    rest = rest.strip().rstrip(":：").strip()
    if rest[:1] in "[【" and rest[-1:] in "]】":
        rest = rest[1:-1].strip()
    return rest if rest and ":" not in rest and "：" not in rest and \
        plausible_name(rest) else None
