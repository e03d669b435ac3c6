"""Language tags: BCP 47 as the model keeps it, and the dialects fontconfig and Office speak.

The model says ``zh-Hant-TW``; fontconfig wants ``zh-tw`` (it does not know script subtags,
and a generic family asked for with ``lang=zh-hant-tw`` resolves to a face without Han);
DrawingML runs want ``zh-TW``.
"""

from __future__ import annotations


def _subtags(language: str) -> tuple[str, str, str]:
    """(language, script, region) of a BCP 47 tag, lower-case; missing parts empty."""
    parts = language.replace("_", "-").lower().split("-")
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), "")
    region = next((p for p in parts[1:] if len(p) == 2 or (len(p) == 3 and p.isdigit())), "")
    return parts[0], script, region


def fontconfig_lang(language: str) -> str:
    """The fontconfig ``lang`` for a BCP 47 tag: ``zh-Hant-TW`` -> ``zh-tw``.

    fontconfig knows Chinese as zh-cn, zh-sg, zh-tw, zh-hk and zh-mo, and matches
    ``Noto Sans CJK TC`` for zh-tw but the SC face for plain ``zh``.  Traditional script
    without a region counts as Taiwan, Simplified or bare ``zh`` as mainland China.
    """
    lang, script, region = _subtags(language or "zh-CN")
    if lang != "zh":
        return lang
    if region in ("cn", "sg", "tw", "hk", "mo"):
        return f"zh-{region}"
    return "zh-tw" if script == "hant" else "zh-cn"


def ooxml_lang(language: str) -> str:
    """The ``lang`` attribute of a DrawingML run: ``zh-Hant-TW`` -> ``zh-TW``.

    Office knows languages as language-REGION (zh-CN, zh-TW, zh-HK); a script subtag is
    not understood there.
    """
    lang, _, region = _subtags(language or "zh-CN")
    if lang == "zh":
        return "zh-" + fontconfig_lang(language)[3:].upper()
    return f"{lang}-{region.upper()}" if region else lang


def is_traditional(language: str) -> bool:
    """True for zh-Hant*, zh-TW, zh-HK, zh-MO."""
    return fontconfig_lang(language) in ("zh-tw", "zh-hk", "zh-mo")
