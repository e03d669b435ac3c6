"""The labels a source's lines open with: a part heading's number (``一.``, ``Part 2``)
and a turn's speaker (``主持人：``, ``Dr. Maria Lopez:``).

Kept apart from ``parse`` because the importer reads raw transcripts with the same rules:
a line the importer writes as a turn is one the parser reads back as that turn.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..text.language import is_han
from .inline import is_wide

_PART_LABEL = re.compile(
    # "Part 2", "Chapter III", "第一部分": a space is separator enough ...
    r"^\s*(?:((?i:part|chapter|section)\s+(?:\d+|[IVXLCDM]+|[A-Za-z]+)"
    r"|第[一二三四五六七八九十百零〇\d]+(?:部分|部|章|篇))(?:\s*[.、．:：–—-]\s*|\s+)"
    # ... a bare number ("一", "2", "IV") needs punctuation, so "I love it" is no label.
    r"|([一二三四五六七八九十百零〇]+|\d+|[IVXLCDM]+)\s*[.、．:：–—-]\s*)(?=\S)(.+)$")
_COLON = re.compile(r"\s*[:：](?!//)\s*")
CLOSERS = "\"”’')）」』】]》"
_LABEL_BREAKERS = set("，。,.!?！？、；;「」“”\"'()（）\\/*_[]`<>#=")
MAX_LABEL = 24
MAX_CJK_LABEL = 6  # Chinese names and roles (主持人, 梁文锋, 王教授) are short


def split_label(text: str) -> tuple[str, str]:
    """``一. 引言`` -> (``一``, ``引言``); a heading without a number -> ("", text)."""
    match = _PART_LABEL.match(text)
    if match:
        return match.group(1) or match.group(2), match.group(3).strip()
    return "", text.strip()


def speaker_label(text: str) -> tuple[str, int] | None:
    """If ``text`` opens with ``Name:`` / ``Name：``, return the name and where text starts.

    Only short labels without sentence punctuation count (at most six Chinese
    characters), so ``采访前，王教授说：…`` and ``答案可以有好几段：…`` are prose, not turns.
    This is the generic rule, for labels that are not declared speakers: a declared name
    may hold any characters (``Dr. Maria Lopez``), see ``turn_label``.
    """
    match = re.match(r"^\s*([^:：\n]{1,%d}?)\s*[:：](?!//)\s*" % MAX_LABEL, text)
    if not match:
        return None
    name = match.group(1).strip()
    if not name or (_LABEL_BREAKERS - {"."}) & set(name) or len(name.split()) > 4 \
            or not any(c.isalpha() for c in name):
        return None
    if "." in name and not all(word[:1].isupper() for word in name.split()):
        return None  # "e.g. this: …" is prose; "Dr. Jane Smyth: …" is a (misspelt) name
    if any(is_wide(c) for c in name) and len(name) > MAX_CJK_LABEL:
        return None  # "答案可以有好几段：…" is a sentence, not a speaker
    return name, match.end()


def turn_label(text: str, names: Iterable[str]) -> tuple[str, int] | None:
    """The label a paragraph opens with: a declared speaker's name (whatever characters
    it holds, longest name first) before a colon, else ``speaker_label``'s generic one.

    A declared name in other letter case (``mrs. okafor:`` for ``Mrs. Okafor``) is a
    label too, as written: it names no declared speaker, so it is reported, where the
    generic rule alone would take a lowercase name with a full stop for prose (``e.g.
    this: …``) and glue it to the turn before.
    """
    stripped = text.lstrip()
    ordered = sorted((name for name in names if name), key=len, reverse=True)
    for same in (str.__eq__, lambda a, b: a.casefold() == b.casefold()):
        for name in ordered:
            written = stripped[:len(name)]
            colon = _COLON.match(stripped, len(name)) if same(written, name) else None
            if colon:
                return written, len(text) - len(stripped) + colon.end()
    return speaker_label(text)


def name_key(name: str) -> str:
    """What two spellings of one name share: case, full stops and spacing aside
    (``Prof. Kate Mbeki``, ``Prof Kate Mbeki``, ``prof. kate mbeki``); a space between
    two Chinese characters is no part of a name (``周 明``, ``欧阳　娜娜``: names lined
    up), one beside Hangul or kana is (``김 기자``, ``聞き手 山田``)."""
    words = name.replace(".", " ").casefold().split()
    key = words[0] if words else ""
    for word in words[1:]:
        key += ("" if is_han(key[-1]) and is_han(word[0]) else " ") + word
    return key
