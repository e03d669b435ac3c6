"""Font resolution through fontconfig and the no-tofu coverage check.

Every backend draws text with fonts named by the theme's font stacks.  Before anything
is rendered, the stacks are resolved to real font files the way Pango would find them
(fontconfig), and the characters of the document are checked against their character maps:
a missing glyph becomes a clear error naming the characters, never a box on the page.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..diagnostics import PublishError
from ..text.language import fontconfig_lang
from . import fontconfig
from .fontconfig import escape

GENERIC_FAMILIES = frozenset({"serif", "sans-serif", "sans", "monospace", "mono", "cursive",
                              "fantasy", "system-ui"})


@dataclass(frozen=True)
class FontFace:
    """One face inside a font file (``index`` selects it inside a .ttc collection)."""

    family: str
    path: Path
    index: int = 0

    @functools.cached_property
    def unicodes(self) -> frozenset[int]:
        return _unicodes(str(self.path), self.index)

    def covers(self, chars: Iterable[str]) -> frozenset[str]:
        """Those of ``chars`` this face has a glyph for, asking its cmap about these
        characters only (~0.3 ms), not listing all its 45,000 (``unicodes``, ~2.5 ms)."""
        font = _hb_font(str(self.path), self.index)
        return frozenset(c for c in chars if font.get_nominal_glyph(ord(c)) is not None)


class MissingFontError(PublishError):
    """A font stack resolves to nothing, or leaves characters without a glyph.

    ``missing`` lists the characters without a glyph so a caller can locate them in the
    source; ``stack`` names the theme's font stack.
    """

    def __init__(self, message: str, missing: Sequence[str] = (), stack: str = "") -> None:
        super().__init__(message)
        self.missing = tuple(missing)
        self.stack = stack


@functools.lru_cache(maxsize=None)
def _unicodes(path: str, index: int) -> frozenset[int]:
    return frozenset(_hb_font(path, index).face.unicodes)


@functools.lru_cache(maxsize=256)
def match_family(family: str, lang: str = "zh-cn", style: str = "") -> FontFace | None:
    """Ask fontconfig for ``family``; None unless it really has that family.

    fontconfig always answers with *some* font, so a named family counts only when the
    answer lists that name; generic families (serif, sans-serif) take what it gives.
    """
    lang = fontconfig_lang(lang)  # zh-Hant-TW -> zh-tw: fontconfig has no script subtags
    pattern = f"{escape(family.strip())}:lang={lang}" + (f":style={style}" if style else "")
    try:
        found = fontconfig.match(pattern)
    except fontconfig.FontconfigMissing as exc:
        raise MissingFontError(f"error: {exc}") from None
    if found is None or not found.families:
        return None
    wanted = family.strip().strip("'\"").casefold()
    if wanted not in GENERIC_FAMILIES and wanted not in (n.casefold() for n in found.families):
        return None
    return FontFace(found.families[0], Path(found.file), found.index)


def resolve_stack(stack: Sequence[str], lang: str = "zh-cn", style: str = "") -> list[FontFace]:
    """Resolve each family of a stack to a face, dropping families fontconfig lacks."""
    faces = []
    for family in stack:
        face = match_family(family, lang, style)
        if face is not None and face not in faces:
            faces.append(face)
    return faces


def missing_characters(faces: Sequence[FontFace], chars: Iterable[str]) -> list[str]:
    """Characters (sorted) that no face of the stack can draw.

    Whitespace, controls and format characters (ZWJ, variation selectors) draw nothing, so
    they never count as missing.
    """
    wanted = {c for c in set(chars) if not _draws_nothing(c)}
    for face in faces:
        wanted -= face.covers(wanted)
        if not wanted:
            break
    return sorted(wanted)


@functools.lru_cache(maxsize=None)
def _hb_font(path: str, index: int) -> Any:  # -> uharfbuzz.Font
    import uharfbuzz as hb

    return hb.Font(hb.Face(hb.Blob.from_file_path(path), index))


def _draws_nothing(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Mn", "Zs") or \
        0xFE00 <= ord(char) <= 0xFE0F


def package_for(char: str) -> str:
    """The Debian package most likely to provide a glyph for ``char``."""
    code = ord(char)
    if code >= 0x20000:  # CJK Extension B and beyond (planes 2 and 3)
        return "fonts-noto-cjk-extra (or another font with CJK Extension B+)"
    if code >= 0x1F000 or 0x2600 <= code <= 0x27BF:
        return "fonts-noto-color-emoji"
    name = unicodedata.name(char, "")
    if any(word in name for word in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO",
                                       "FULLWIDTH", "IDEOGRAPHIC")):
        return "fonts-noto-cjk"
    return "fonts-noto-core"


def describe(chars: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(f"'{c}' U+{ord(c):04X}" for c in chars[:limit])
    more = f" and {len(chars) - limit} more" if len(chars) > limit else ""
    return shown + more


def absent_first_choices(theme: Any, language: str,
                         roles: Sequence[str] = ("body", "heading", "sans")) -> list[str]:
    """A warning for each stack whose first family is not installed: the text is then set
    in the next one that is, which the theme's author should hear of (``LXGW WenKai``
    named first, Noto Serif printed)."""
    out: dict[str, str] = {}  # one warning a family (body and heading often share one)
    for role in roles:
        stack = [family.strip().strip("'\"") for family in theme.font_stack(role)]
        if stack and stack[0].endswith("CJK HK") and stack[1:2] == [stack[0][:-2] + "TC"]:
            stack = stack[1:]  # language_theme's own first choice for Hong Kong, optional
        first = stack[0] if stack else ""
        if first and first not in out and first.casefold() not in GENERIC_FAMILIES and \
                match_family(first, language) is None:
            faces = resolve_stack(stack, language)
            instead = f"'{faces[0].family}'" if faces else "nothing"
            out[first] = (f"warning: font '{first}', first in the theme's "
                          f"'{theme.stack_name(role)}' stack, "
                          f"is not installed; its text is set in {instead}")
    return list(out.values())


def check_stack(name: str, stack: Sequence[str], chars: Iterable[str],
                lang: str = "zh-cn") -> list[FontFace]:
    """Resolve a theme font stack and prove it covers ``chars``; raise otherwise.

    Returns the resolved faces, first face first (the one text is set in).
    """
    faces = resolve_stack(stack, lang)
    families = ", ".join(stack)
    if not faces:
        package = "fonts-noto-core" if name.endswith("_latin") else "fonts-noto-cjk"
        raise MissingFontError(
            f"error: font stack '{name}' ({families}) matches no installed font; install "
            f"one (Debian: {package}) or change the theme's [fonts] table")
    missing = missing_characters(faces, chars)
    if missing:
        packages = sorted({package_for(c) for c in missing})
        raise MissingFontError(
            f"error: font stack '{name}' ({families}) has no glyph for {len(missing)} "
            f"character(s): {describe(missing)}; install {' or '.join(packages)}, add a "
            "font that covers them to the theme, or remove them from the source",
            missing, name)
    return faces


def locate(text: str, chars: Iterable[str]) -> dict[str, tuple[int, int]]:
    """First line and column of each of ``chars`` in ``text`` (for located errors)."""
    wanted = set(chars)
    found: dict[str, tuple[int, int]] = {}
    for number, line in enumerate(text.split("\n"), 1):
        for col, char in enumerate(line, 1):
            if char in wanted and char not in found:
                found[char] = (number, col)
        if len(found) == len(wanted):
            break
    return found
