"""Language tags: BCP 47 as the model keeps it, and the dialects fontconfig and Office speak.

The model says ``zh-Hant-TW``; fontconfig wants ``zh-tw`` (it does not know script subtags,
and a generic family asked for with ``lang=zh-hant-tw`` resolves to a face without Han);
DrawingML runs want ``zh-TW``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter


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


# The region Office takes a language without one to be in, where one is meant: Japanese
# is ja-JP and Korean ko-KR in Office's list of languages, which has no bare ``ja``.
OFFICE_REGIONS = {"ja": "JP", "ko": "KR", "en": "US"}


def ooxml_lang(language: str) -> str:
    """The ``lang`` attribute of a DrawingML run: ``zh-Hant-TW`` -> ``zh-TW``, ``ja`` ->
    ``ja-JP``.

    Office knows languages as language-REGION (zh-CN, zh-TW, zh-HK); a script subtag is
    not understood there, and a language without a region gets the one it is meant in
    (``OFFICE_REGIONS``; other languages stay bare).
    """
    lang, _, region = _subtags(language or "zh-CN")
    if lang == "zh":
        return "zh-" + fontconfig_lang(language)[3:].upper()
    region = (region or OFFICE_REGIONS.get(lang, "")).upper()
    return f"{lang}-{region}" if region else lang


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


_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003134f]")


def is_han(char: str) -> bool:
    """A Chinese character (not kana or Hangul)."""
    return _HAN.fullmatch(char) is not None
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9d]")
_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN_WORD = re.compile("[A-Za-z\u00c0-\u024f]+")


def detect(text: str) -> str:
    """The language a transcript is written in, as a BCP 47 tag: ``zh-CN`` (Simplified),
    ``zh-Hant`` (Traditional), ``ja``, ``ko`` or ``en``.

    Mixed text counts by majority (``script_votes``).  Simplified and Traditional Chinese
    are told apart by the characters OpenCC would change (loaded only for Chinese text).
    """
    votes, han = _votes(text)
    best = max(votes, key=lambda k: (votes[k], k == "zh"))
    if best == "zh" or not any(votes.values()):
        return "zh-Hant" if _traditional(han) else "zh-CN"
    return best


def script_votes(text: str) -> dict[str, int]:
    """How much of ``text`` each of ``zh``, ``ja``, ``ko`` and ``en`` writes: each Han
    character counts for Chinese (for Japanese when kana make 3 % or more of the
    Japanese-looking text), each kana for Japanese, each Hangul syllable for Korean, and
    each Latin word (not letter: a Han character carries about a word's meaning) for
    English."""
    return _votes(text)[0]


def _votes(text: str, kana_share: float = 0.03) -> tuple[dict[str, int], Counter[str]]:
    han = Counter(_HAN.findall(text))
    counts = {"han": sum(han.values()), "kana": len(_KANA.findall(text)),
              "hangul": len(_HANGUL.findall(text)), "latin": len(_LATIN_WORD.findall(text))}
    # Chinese has no kana; Japanese writes its particles in kana even in kanji-heavy text
    japanese = counts["kana"] >= 2 and \
        counts["kana"] >= kana_share * (counts["kana"] + counts["han"])
    return {"ja": counts["kana"] + (counts["han"] if japanese else 0),
            "zh": 0 if japanese else counts["han"],
            "ko": counts["hangul"], "en": counts["latin"]}, han


# The script group a language's text is counted in (``script_votes``): Chinese
# languages are written in Han, every other language but Japanese and Korean is
# counted with English, in Latin letters; a tag naming no language is not checked.
HAN_LANGUAGES = frozenset({"zh", "yue", "cmn", "wuu", "hak", "nan", "gan", "hsn", "lzh"})
NO_LANGUAGE = frozenset({"und", "mul", "zxx", "mis"})


def written_in_another(language: str, text: str) -> str | None:
    """The language ``text`` is clearly written in (``ja``, ``ko``, ``zh`` or ``en``, the
    last for any language written in Latin letters: twice the votes of ``language``'s
    own, and most of them) when that is not ``language`` (``zh-CN`` when empty); None
    when it is, or when the text is too mixed to tell.  Japanese is told as ``detect``
    tells it in a source said to be Japanese, elsewhere only by a fifth of its characters
    in kana, as even kanji-heavy prose writes: a Chinese text quoting a Japanese sentence
    is still Chinese."""
    primary = _subtags(language or "zh-CN")[0]
    if primary in NO_LANGUAGE:
        return None
    own = "zh" if primary in HAN_LANGUAGES else primary if primary in ("ja", "ko") else "en"
    votes = _votes(text, kana_share=0.03 if own == "ja" else 0.2)[0]
    best = max(votes, key=lambda k: (votes[k], k == own))
    if best == own or votes[best] < 20 or votes[best] < 2 * votes.get(own, 0):
        return None
    return best


def _traditional(han: Counter[str]) -> bool:
    """More uses of characters only Traditional Chinese writes than of Simplified ones."""
    if not han:
        return False
    chars = sorted(han)
    to_simplified = _opencc("t2s").convert("\n".join(chars)).split("\n")
    to_traditional = _opencc("s2t").convert("\n".join(chars)).split("\n")
    if len(to_simplified) != len(chars) or len(to_traditional) != len(chars):
        return False
    traditional = sum(han[c] for c, s in zip(chars, to_simplified) if s != c)
    simplified = sum(han[c] for c, t in zip(chars, to_traditional) if t != c)
    return traditional > simplified


@functools.cache
def _opencc(config: str):  # -> opencc.OpenCC; its dictionaries load once per process
    import opencc

    return opencc.OpenCC(config)
