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

import contextlib
import contextvars
import re
from collections import Counter
from typing import Iterator, Sequence

from ...diagnostics import Diagnostic, PublishError, SourceError, error, warning
from ..inline import is_wide
from ...text.language import is_han
from ..labels import name_key  # the parser names the speaker a label spells differently
from .lines import Line

HOST, GUEST, ANY = "host", "guest", ""
# Words that name a role, not a person: the labels of a panel's participant lines under
# the title (``Host: Dr. Jane Smith``, ``嘉宾：李四、王五``, ``司会：山田``, ``사회: 김철수``),
# and, used as turn labels, the usual names of a host.  ANY is a role the front matter
# cannot hold (``대담``, ``Participants``: everyone taking part).
ROLE_WORDS: dict[str, str] = {
    **dict.fromkeys(("host", "hosts", "interviewer", "interviewers", "moderator",
                     "moderators", "主持人", "主持", "采访者", "採訪者", "采访人", "採訪人",
                     "记者", "記者", "司会", "司会者", "聞き手", "インタビュアー", "사회",
                     "사회자", "진행", "진행자", "인터뷰어", "기자", "질문자"), HOST),
    **dict.fromkeys(("guest", "guests", "panelist", "panelists", "panellist", "panellists",
                     "interviewee", "interviewees", "嘉宾", "嘉賓", "特邀嘉宾", "特邀嘉賓",
                     "受访者", "受訪者", "受访人", "受訪人", "与谈人", "與談人", "与谈者",
                     "與談者", "来宾", "來賓", "贵宾", "貴賓", "讲者", "講者", "主讲人",
                     "主講人", "ゲスト", "講師",
                     "パネリスト", "登壇者", "게스트", "패널", "출연", "출연자"), GUEST),
    **dict.fromkeys(("participants", "panel", "对谈", "對談", "参与者", "參與者", "出席者",
                     "参加者", "対談", "대담", "참석자"), ANY),
}
HOST_NAMES = {word for word, role in ROLE_WORDS.items() if role == HOST} | {"问", "q"}
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
    name = unspaced(match.group(1).strip())
    return name if plausible_name(name) else None


def label_end(text: str) -> int:
    """Where the talk after ``text``'s label and its colon starts (``name_label``'s)."""
    match = _LABEL.match(text)
    return len(text) - len(text[match.end():].lstrip()) if match else 0


# Whether the transcript being imported is Japanese (``names_written_in``): there an
# ideographic space between kanji parts a family name from a given one (山田　太郎).
_JAPANESE: contextvars.ContextVar[bool] = contextvars.ContextVar("publish_japanese_names",
                                                                 default=False)


@contextlib.contextmanager
def names_written_in(language: str) -> Iterator[None]:
    """Read speakers' names as a transcript in ``language`` writes them (``unspaced``)."""
    token = _JAPANESE.set(language.split("-")[0].casefold() == "ja")
    try:
        yield
    finally:
        _JAPANESE.reset(token)


def unspaced(name: str) -> str:
    """A Chinese name without the spaces that line the labels up (``记  者``, ``周　明``
    over ``王小明``): kept, they make ``记  者`` no host word.  Only padding between
    Chinese characters: a run of two or more, or an ideographic space; a single space
    may be the writer's (``山田 太郎``), and beside Hangul or kana it is a word space
    (``김 기자``, ``聞き手 山田``).  In a Japanese transcript one ideographic space
    between kanji is the name's own (``山田　太郎``)."""
    if not re.search(r"\s{2,}|\u3000", name) or not all(is_han(ch) for ch in name
                                                         if not ch.isspace()):
        return name
    if _JAPANESE.get() and re.fullmatch(r"\S+\u3000\S+", name):
        return name
    return "".join(name.split())


def plausible_name(name: str) -> bool:
    """Short, opening with a letter, no sentence punctuation or markup, not a scheme.
    A role word is a label whatever its length (``インタビュアー`` is seven wide
    characters)."""
    return (bool(name) and name[0].isalpha() and not (_NOT_IN_NAMES & set(name))
            and len(name.split()) <= MAX_WORDS
            and (sum(1 for ch in name if is_wide(ch)) <= MAX_WIDE
                 or name.casefold() in ROLE_WORDS)
            and name.casefold() not in _NOT_NAMES)


TITLES = {"dr", "mr", "mrs", "ms", "mx", "prof", "professor", "sir", "dame", "rev", "fr",
          "hon", "judge", "president", "senator", "minister"}
# Honorifics after a name or a family name addressed (山田さん, 김민준 대표님, 김 씨, 李先生),
# as written in the casefolded ``name_key``; Chinese also puts one before a family
# name (小李, 老王).  With one, a speaker's name is someone addressed, as with a title.
HONORIFIC_AFTER = re.compile(
    r"さん|さま|様|先生|氏|くん|君|ちゃん|殿|社長|監督|教授|博士"
    r"|\S*님|씨|군|양|선생|대표|교수|박사|작가|감독"
    r"|老师|老師|女士|小姐|总|總|同学|同學|师傅|師傅|主任|校长|校長")
HONORIFIC_BEFORE = re.compile(r"[小老阿]")
NOT_PEOPLE = {"part", "chapter", "section", "note", "notes", "editor", "editors", "update",
              "source", "question", "answer", "transcript", "interview", "introduction",
              "appendix", "summary", "correction", "disclaimer", "warning", "photo", "credit",
              "caption", "ps", "p.s", "translator", "translation", "addendum", "postscript"}
NOT_PEOPLE_CJK = {"注", "注意", "备注", "備註", "编者按", "編者按", "编者注", "編者注", "按", "附",
                  "问", "答", "問", "提示", "声明", "聲明", "说明", "說明", "更新", "来源", "來源",
                  "出处", "出處", "时间", "時間", "地点", "地點", "译者注", "譯者注", "图", "圖",
                  "主题", "主題", "话题", "話題", "摘要", "总结", "總結"}


def name_shaped(name: str) -> bool:
    """A label that reads as a person even when it opens only one line: a title and a
    capitalised name (``Mr. Tom Hale``), two or more capitalised words (``Mary Jones``),
    or two to four CJK characters (``王芳``); never a word that labels prose (``Note``,
    ``Part 2``, ``编者按``) nor a role (``嘉宾``, ``Guests``): a role word that opens one
    line labels a participant line under the title, not a guest who speaks once."""
    words = name.replace(".", " ").split()
    if name.casefold() in ROLE_WORDS:
        return False
    if all(is_wide(ch) for ch in name):
        return 2 <= len(name) <= 4 and name not in NOT_PEOPLE_CJK
    if any(word.casefold().strip("'’") in NOT_PEOPLE for word in words):
        return False
    capitalised = [w for w in words if w[0].isupper() and w[0].isalpha()]
    if words and words[0].casefold() in TITLES:
        return len(capitalised) >= 2
    return len(words) >= 2 and len(capitalised) == len(words)


def find_speakers(lines: list[Line], path: str,
                  diags: list[Diagnostic] | None = None) -> tuple[str, ...]:
    """Names that open two or more lines (spellings of one name counted together, the
    most used spelling kept), then name-shaped labels that open one line (a panel guest
    who speaks once, warned); the host is a usual host name or the first."""
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    first_line: dict[str, int] = {}
    for line in lines:
        name = name_label(line.text)
        if name:
            key = name_key(name)
            counts[key] += 1
            spellings.setdefault(key, Counter())[name] += 1
            first_line.setdefault(key, line.number)
    def spelling(key: str) -> str:  # the most used; a capitalised one on a tie
        return max(spellings[key].items(), key=lambda kv: (kv[1], kv[0][:1].isupper()))[0]

    names = [spelling(key) for key, n in counts.items() if n >= MIN_TURNS]
    if len(names) < 2:
        found = f" (only '{names[0]}')" if names else ""
        raise SourceError([error(path, lines[0].number, 1,
                                 f"no speakers found{found}: a speaker is a name that opens "
                                 "two or more lines as 'Name: text'; name them with "
                                 "--speakers 'Host,Guest'" + _timestamp_hint(lines))])
    # a single line can be a guest's only turn once the frequent speakers have begun
    begun = min(first_line[name_key(name)] for name in names)
    for key, n in counts.items():
        name = spelling(key)
        if n == 1 and first_line[key] > begun and name_shaped(name):
            names.append(name)
            if diags is not None:
                diags.append(warning(path, first_line[key], 1, f"'{name}' opens only this "
                                     "line; read as a speaker by the shape of the name (name "
                                     "the speakers with --speakers if it is not one)"))
    host = next((n for n in names if n.casefold() in HOST_NAMES), names[0])
    return (host, *(n for n in names if n != host))


def given_speakers(speakers: Sequence[str], lines: list[Line],
                   path: str) -> tuple[str, ...]:
    """Validate explicit names, host first: each must be a plausible name (reported at
    the first line that uses it) and open at least one line.  A problem with the names
    as given, not with a line of the transcript (a name no line opens with, one named
    twice, too few), is the ``--speakers`` argument's, and said so, not located."""
    names = tuple(str(name).strip() for name in speakers)
    problems, argument = [], []
    for name in names:
        first = next((line for line in lines if line.text.startswith(name)
                      or name_key(name_label(line.text) or "") == name_key(name)), None) \
            if name else None
        if not plausible_name(name):
            what = (f"'{name}' cannot be a speaker name (a name is at most five words, "
                    "starts with a letter and has no sentence punctuation or Markdown "
                    "characters)")
            if first is None:
                argument.append(what)
            else:
                problems.append(error(path, first.number, 1, f"speakers: {what}"))
        elif first is None:
            argument.append(f"no line of {path} opens with '{name}'; check the spelling")
    if len(set(names)) != len(names):
        argument.append("a speaker is named twice")
    if len(names) < 2:
        argument.append("name a host and at least one guest (host first)")
    if argument:
        raise PublishError("\n".join([*map(str, problems),
                                      *(f"--speakers: error: {what}" for what in argument)]))
    if problems:
        raise SourceError(problems)
    return names


_TIMESTAMP = re.compile(r"^\s*[\[(]?\d{1,2}:\d{1,2}\b")


def _timestamp_hint(lines: list[Line]) -> str:
    """Most lines opening with a time the ``timestamps`` stage cannot read (``0:0:0.0``
    over unnamed talk) hide the names behind it."""
    stamped = sum(1 for line in lines if _TIMESTAMP.match(line.text))
    if stamped * 2 < len(lines):
        return ""
    return ("; most lines start with a timestamp, which hides the names after it: remove "
            "the timestamps first")
