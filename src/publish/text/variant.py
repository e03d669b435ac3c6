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

Loading OpenCC costs a fresh process ~60 ms (importing it, then its C++ constructor
reading the phrase dictionaries), against ~4 ms for converting the seed, so conversions
are remembered in the build cache (``Memo``): a rebuild whose strings were all converted
before never imports OpenCC.  When some are new (the source was edited), a child process
loads OpenCC and converts them while the build loads its backends
(``convert_meanwhile``), so the conversion costs a build almost no time either way.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

from .. import child
from ..diagnostics import PublishError
from ..model import Interview, Meta, Run, Speaker, uuid_urn
from ..store.cache import cache_root, digest
from ..store.output import OutputError, write_atomic
from ..theme import Theme, language_theme
from .language import fontconfig_lang
from .rewrite import map_interview, rewrite_runs

CORNER_QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})
# OpenCC's longest-match across word boundaries (BYVoid/OpenCC issues #982, #1497):
# 一个中学生 -> 一箇中學生, 被发明 -> 被髮明, 学习了如何 -> 學習瞭如何, 参与制造 -> 參與制造.
FIXES = (("一箇中", "一個中"), ("被髮明", "被發明"), ("被髮掘", "被發掘"),
         ("瞭如何", "了如何"), ("與制造", "與製造"))
# The memo's recipe: bump it when convert_text's steps change (its tables are keyed anyway).
MEMO_FORMAT = "1"
MEMO_FOLDER = "opencc"


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


def _by_character(name: str, text: Callable[[str], str]) -> str:
    """``name`` converted one character at a time by ``text``: no vocabulary replacement,
    so the name 数据小栗子 becomes 數據小栗子, not 資料小栗子."""
    return "".join(text(char) for char in name)


def _opencc_version() -> str | None:
    """The installed OpenCC's version, found without importing OpenCC (that is the cost
    the memo saves) and without importlib.metadata (~10 ms to import in a build).

    Read from the ``opencc-<version>.dist-info`` folder beside the package ``import
    opencc`` would load; anything unusual (an editable install) asks importlib.metadata.
    None when OpenCC is not installed: no memo then, and conversion fails as before.
    """
    try:
        spec = importlib.util.find_spec("opencc")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    site = Path(spec.origin).parent.parent
    try:
        infos = [n[len("opencc-"):-len(".dist-info")] for n in os.listdir(site)
                 if n.casefold().startswith("opencc-") and n.endswith(".dist-info")]
    except OSError:
        infos = []
    versions = [v for v in infos if v and "-" not in v]
    if len(versions) == 1:
        return versions[0]
    from importlib import metadata
    try:
        return metadata.version("opencc")
    except metadata.PackageNotFoundError:
        return None


def memo_path(variant: Variant, cache_dir: str | Path | None = None) -> Path | None:
    """The memo file for ``variant``: its name holds everything a conversion depends on
    (the OpenCC configuration, OpenCC's version, our fixes and quotes), so an entry made
    by another OpenCC or another recipe is never read.  None without OpenCC."""
    version = _opencc_version()
    if version is None:
        return None
    recipe = digest((variant.opencc, version, MEMO_FORMAT, repr(FIXES),
                     repr(sorted(CORNER_QUOTES.items()))))[:16]
    safe = re.sub(r"[^0-9A-Za-z.+_]", "_", version)
    return cache_root(cache_dir) / MEMO_FOLDER / f"{variant.opencc}-{safe}-{recipe}.json"


class Memo:
    """``convert_text`` for one variant, remembering its results across builds.

    One JSON object per memo file, source text -> converted text, holding exactly the
    strings the latest build converted (paragraphs, headings, metadata, and the single
    characters names and run alignment use): it never grows beyond one build's worth,
    and is rewritten only when that set changes.  A missing, unreadable or corrupt file
    is an empty memo and an unwritable one is not saved: either costs time, never the
    build.  ``Memo(variant)`` without a path is a memo of this build only.
    """

    def __init__(self, variant: Variant, path: Path | None = None) -> None:
        self.variant, self.path = variant, path
        self.stored = _read_memo(path)
        self.used: dict[str, str] = {}

    @classmethod
    def open(cls, variant: Variant, cache_dir: str | Path | None = None) -> Memo:
        """The memo for ``variant`` in the build cache (``.cache/publish`` by default)."""
        return cls(variant, memo_path(variant, cache_dir))

    def __call__(self, text: str) -> str:
        """``convert_text(text, variant)``: remembered, else converted (loading OpenCC)."""
        if not text:
            return text
        out = self.used.get(text)
        if out is None:
            out = self.stored.get(text)
            if out is None:
                out = convert_text(text, self.variant)
            self.used[text] = out
        return out

    def remembered(self, text: str) -> str:
        """``text`` converted, from the memo only: NotRemembered when it is not there."""
        if not text:
            return text
        out = self.used.get(text) or self.stored.get(text)
        if out is None:
            raise NotRemembered(text)
        self.used[text] = out
        return out

    def save(self) -> None:
        """Keep this build's conversions for the next build (atomically; best effort)."""
        if self.path is None or self.used == self.stored:
            return
        try:
            data = json.dumps(self.used, ensure_ascii=False, sort_keys=True,
                              separators=(",", ":")).encode("utf-8")
            write_atomic(self.path, data)
        except (OutputError, OSError, ValueError):
            return
        self.stored = dict(self.used)


class NotRemembered(LookupError):
    """A string the memo does not hold (so OpenCC has to be loaded)."""


def _read_memo(path: Path | None) -> dict[str, str]:
    """The memo file's mapping; empty when it is missing, unreadable or not one."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        return {}
    return data


def convert(interview: Interview, variant: Variant, cache_dir: str | Path | None = None,
            *, memo: Memo | None = None) -> Interview:
    """The whole interview in ``variant``'s script and language: every run (code
    excepted: code is verbatim), heading, topic title, metadata string and speaker name.

    Conversions go through ``memo``, by default the variant's memo file under
    ``cache_dir`` (see ``Memo``), which is saved once the interview is converted.
    """
    memo = Memo.open(variant, cache_dir) if memo is None else memo
    converted = _convert(interview, variant, memo)
    memo.save()
    return converted


def convert_meanwhile(interview: Interview, variant: Variant,
                      cache_dir: str | Path | None = None) -> Callable[[], Interview]:
    """Start ``convert(interview, variant)``; the function returned gives its result.

    When the memo holds every string, the conversion is done at once (~4 ms).
    Otherwise OpenCC must load (~60 ms, holding the GIL), so on Linux a forked child
    process converts and fills the memo while the caller does other work (the build
    loads its backends, ~100 ms for the PDF's); the result is then read from the memo.
    The child only ever writes the memo: if it cannot be forked or fails, the result is
    converted in this process, exactly as ``convert`` would.
    """
    memo = Memo.open(variant, cache_dir)
    try:
        done = _convert(interview, variant, memo.remembered)
    except NotRemembered:
        pid = child.fork(lambda: convert(interview, variant, cache_dir))

        def result() -> Interview:
            child.reap(pid)
            return convert(interview, variant, cache_dir)
        return result
    memo.save()  # only if this build used fewer strings than the memo held
    return lambda: done


def edition_identifier(meta: Meta, variant: Variant) -> str:
    """The converted edition's own identifier, named by the source's and the variant's
    language: another edition is another publication (a reading system keeps both)."""
    return uuid_urn(meta.publication_id, variant.language)


def _convert(interview: Interview, variant: Variant, text: Callable[[str], str]) -> Interview:
    """``convert`` with ``text`` converting each string and, for names and the run
    alignment's guesses, each character."""
    def runs(old: tuple[Run, ...]) -> tuple[Run, ...]:
        return rewrite_runs(old, text, reference=text)

    def meta(m: Meta) -> Meta:
        return replace(m, title=text(m.title), subtitle=text(m.subtitle),
                       compiler=_by_character(m.compiler, text),
                       source=_by_character(m.source, text), date=text(m.date),
                       description=text(m.description),
                       keywords=tuple(text(k) for k in m.keywords),
                       language=variant.language, identifier=edition_identifier(m, variant))

    def speaker(s: Speaker) -> Speaker:
        return replace(s, name=_by_character(s.name, text))

    return map_interview(interview, runs=runs, title=text, label=text, meta=meta,
                         speaker=speaker)


def variant_theme(theme: Theme, variant: Variant) -> Theme:
    """``theme`` for the edition's language (``language_theme``): its ``<role>_tc`` stacks,
    with the Hong Kong faces first for ``zh-Hant-HK``."""
    return language_theme(theme, variant.language)


__all__ = ["VARIANTS", "Memo", "NotRemembered", "Variant", "UnknownVariant",
           "convert", "convert_meanwhile", "convert_text", "memo_path",
           "resolve", "variant_theme"]
