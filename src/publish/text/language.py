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


def stack_suffix(language: str) -> str:
    """Which of a theme's font stacks a language uses: "" (the plain stacks) for
    Simplified Chinese, ``tc`` for Traditional, ``ja``, ``ko``, and ``latin`` for every
    language not written in Han or Hangul."""
    lang, _, _ = _subtags(language or "zh-CN")
    if lang == "zh":
        return "tc" if is_traditional(language) else ""
    return lang if lang in ("ja", "ko") else "latin"


def is_traditional(language: str) -> bool:
    """True for zh-Hant*, zh-TW, zh-HK, zh-MO."""
    return fontconfig_lang(language) in ("zh-tw", "zh-hk", "zh-mo")


def _script(char: str) -> str:
    """The script a character counts for: han, kana, hangul, latin, or "" (anything else)."""
    code = ord(char)
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF \
            or 0x20000 <= code <= 0x3134F:
        return "han"
    if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9D:
        return "kana"
    if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "hangul"
    if char.isalpha() and code < 0x250:
        return "latin"
    return ""


def detect(text: str) -> str:
    """The language a transcript is written in, as a BCP 47 tag: ``zh-CN`` (Simplified),
    ``zh-Hant`` (Traditional), ``ja``, ``ko`` or ``en``.

    Mixed text counts by majority: each Han character counts for Chinese (for Japanese
    when kana make a tenth or more of the Japanese-looking text), each kana for Japanese,
    each Hangul syllable for Korean, and each Latin word (not letter: a Han character
    carries about a word's meaning) for English.  Simplified and Traditional Chinese are
    told apart by the characters OpenCC would change (loaded only for Chinese text).
    """
    counts = {"han": 0, "kana": 0, "hangul": 0, "latin": 0}
    han: dict[str, int] = {}
    previous = ""
    for char in text:
        script = _script(char)
        if script and not (script == "latin" == previous):  # a Latin word counts once
            counts[script] += 1
        previous = script
        if script == "han":
            han[char] = han.get(char, 0) + 1
    japanese = counts["kana"] >= 0.1 * (counts["kana"] + counts["han"]) and counts["kana"]
    votes = {"ja": counts["kana"] + (counts["han"] if japanese else 0),
             "zh": 0 if japanese else counts["han"],
             "ko": counts["hangul"], "en": counts["latin"]}
    best = max(votes, key=lambda k: (votes[k], k == "zh"))
    if best == "zh" or not any(votes.values()):
        return "zh-Hant" if _traditional(han) else "zh-CN"
    return best


def _traditional(han: dict[str, int]) -> bool:
    """More uses of characters only Traditional Chinese writes than of Simplified ones."""
    if not han:
        return False
    import opencc

    chars = sorted(han)
    to_simplified = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    to_traditional = opencc.OpenCC("s2t").convert("\n".join(chars)).split("\n")
    if len(to_simplified) != len(chars) or len(to_traditional) != len(chars):
        return False
    traditional = sum(han[c] for c, s in zip(chars, to_simplified) if s != c)
    simplified = sum(han[c] for c, t in zip(chars, to_traditional) if t != c)
    return traditional > simplified
