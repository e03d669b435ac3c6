"""Editions in another script: the Traditional Chinese edition of a Simplified source.

``publish build SOURCE --variant zh-Hant`` converts the whole model with OpenCC, phrase by
phrase (Taiwan's ``s2twp`` writes 软件 as 軟體 and 信息 as 資訊, as Taiwan does) and swaps the
theme's ``*_tc`` font stacks in, so backends need no variant logic at all: they render
the model they are given in the fonts the theme names, and read ``meta.language``.

Taiwan and Hong Kong quote with corner brackets, so “…” becomes 「…」 and ‘…’ 『…』.
Names (the compiler, the source, the speakers) are converted character by character:
phrase conversion would rename them (数据小栗子 is not 資料小栗子).  OpenCC matches the
longest phrase without segmenting words, so a few known cross-word mistakes are put right
afterwards (``FIXES``).
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, replace
from typing import Any

from .diagnostics import PublishError
from .language import fontconfig_lang
from .model import Interview, Meta, Run, Speaker
from .rewrite import map_interview, rewrite_runs
from .theme import Theme

FONT_ROLES = ("body", "heading", "sans", "mono")
CORNER_QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})
# OpenCC's longest-match across word boundaries (BYVoid/OpenCC issues #982, #1497):
# 一个中学生 -> 一箇中學生, 被发明 -> 被髮明, 学习了如何 -> 學習瞭如何, 参与制造 -> 參與制造.
FIXES = (("一箇中", "一個中"), ("被髮明", "被發明"), ("被髮掘", "被發掘"),
         ("瞭如何", "了如何"), ("與制造", "與製造"))


@dataclass(frozen=True)
class Variant:
    """An edition: what to call it, how to convert, and what language it is in."""

    name: str        # as in output names: <stem>.<name>.<ext>
    opencc: str      # OpenCC configuration
    language: str    # BCP 47 tag for meta.language (EPUB, HTML lang, PPTX lang)
    fonts: str = "tc"  # the theme's font-stack suffix (fonts.body_tc ...)


VARIANTS: dict[str, Variant] = {v.name.casefold(): v for v in (
    Variant("zh-Hant", "s2twp", "zh-Hant-TW"),
    Variant("zh-Hant-TW", "s2twp", "zh-Hant-TW"),
    Variant("zh-Hant-HK", "s2hk", "zh-Hant-HK"),
)}


class UnknownVariant(PublishError):
    """``--variant`` names no known edition (exit status 2, supported ones listed)."""


def resolve(name: str) -> Variant | None:
    """The variant called ``name`` (case-insensitive); None for no variant."""
    if not name:
        return None
    found = VARIANTS.get(name.strip().casefold())
    if found is None:
        known = ", ".join(v.name for v in VARIANTS.values())
        raise UnknownVariant(f"error: unknown variant '{name}' (supported: {known})")
    return found


@functools.lru_cache(maxsize=None)
def _converter(config: str) -> Any:
    """An OpenCC converter; loading its dictionaries takes tens of ms, so once per process."""
    import opencc

    return opencc.OpenCC(config)


def convert_text(text: str, variant: Variant) -> str:
    """One string in ``variant``'s script: OpenCC, known fixes, corner quotes."""
    if not text:
        return text
    out = _converter(variant.opencc).convert(text)
    for wrong, right in FIXES:
        out = out.replace(wrong, right)
    return out.translate(CORNER_QUOTES)


@functools.lru_cache(maxsize=65536)
def _convert_char(char: str, variant: Variant) -> str:
    """One character converted alone: the guess that aligns a converted paragraph."""
    return convert_text(char, variant)


def convert_name(name: str, variant: Variant) -> str:
    """A proper name in ``variant``'s script, character by character: no vocabulary
    replacement, so 数据小栗子 becomes 數據小栗子, not 資料小栗子."""
    return "".join(_convert_char(char, variant) for char in name)


def convert(interview: Interview, variant: Variant) -> Interview:
    """The whole interview in ``variant``'s script and language: every run (code
    excepted: code is verbatim), heading, topic title, metadata string and speaker name.
    """
    text = functools.partial(convert_text, variant=variant)
    char = functools.partial(_convert_char, variant=variant)

    def runs(old: tuple[Run, ...]) -> tuple[Run, ...]:
        return rewrite_runs(old, text, reference=char)

    def meta(m: Meta) -> Meta:
        return replace(m, title=text(m.title), subtitle=text(m.subtitle),
                       compiler=convert_name(m.compiler, variant),
                       source=convert_name(m.source, variant), date=text(m.date),
                       description=text(m.description),
                       keywords=tuple(text(k) for k in m.keywords),
                       language=variant.language)

    def speaker(s: Speaker) -> Speaker:
        return replace(s, name=convert_name(s.name, variant))

    return map_interview(interview, runs=runs, title=text, label=text, meta=meta,
                         speaker=speaker)


def variant_theme(theme: Theme, variant: Variant) -> Theme:
    """``theme`` with its ``<role>_tc`` font stacks in place of ``body``, ``heading`` ...

    Backends keep asking for ``font_stack("body")`` and get the Traditional Chinese faces.
    For Hong Kong, each ``… CJK TC`` family is preceded by its ``… CJK HK`` sibling (the
    Hong Kong glyph standard); fontconfig drops it where it is not installed.
    """
    options = copy.deepcopy(dict(theme.options))
    fonts = options.setdefault("fonts", {})
    hong_kong = fontconfig_lang(variant.language) == "zh-hk"
    for role in FONT_ROLES:
        stack = theme.font_stack(role, variant.fonts)
        if hong_kong:
            stack = [hk for family in stack for hk in (
                [family[:-2] + "HK", family] if family.endswith("CJK TC") else [family])]
        fonts[role] = stack
    return replace(theme, options=options)


__all__ = ["FONT_ROLES", "VARIANTS", "Variant", "UnknownVariant", "convert",
           "convert_name", "convert_text", "resolve", "variant_theme"]
