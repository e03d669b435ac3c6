"""The web edition's one inline stylesheet: fonts, palette, then the themes' ``web.css``.

The layout lives in the theme chain's ``css/web.css`` files (base first, so a child theme
writes only what differs); they use the theme only through custom properties
(``var(--accent)``, ``var(--body-font)``), which this module writes from ``theme.toml``:
the palette for light screens and print, the derived dark palette under
``prefers-color-scheme: dark`` (screens only: paper stays light), the font stacks and the
type scale.

Fonts: by default the theme's stacks, each followed by the usual system CJK families of
its kind and of the page's language (a phone has no Noto Serif CJK, but has Songti, or
Hiragino Mincho for Japanese), so the page stays small.  With ``web.embed_fonts`` the
body stack's faces are embedded, cut down to the page's characters, as WOFF2 data URIs,
in front of the same stacks.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from ...fonts.subset import Embeddable
from ...text.language import fontconfig_lang, stack_suffix
from ...theme import Theme, ThemeError
from .palette import dark_palette, light_palette

GENERIC = {"serif": "serif", "sans-serif": "sans-serif", "sans": "sans-serif",
           "monospace": "monospace", "mono": "monospace", "system-ui": "system-ui"}
# What a reader's device likely has, by kind of face and script (macOS/iOS, Windows,
# Android and Linux names), after the theme's own families.  The script is the one whose
# stacks ``language_theme`` put in the theme (``system_script``): a Japanese page's
# fallbacks must be Japanese faces, as its stacks are, or a Mac without Noto CJK JP shows
# its kanji in Chinese forms, and a Korean one's Korean faces (most SC faces lack Hangul).
SYSTEM_CJK = {
    ("serif", "sc"): ("Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "STSong",
                      "SimSun"),
    ("serif", "tc"): ("Noto Serif CJK TC", "Source Han Serif TC", "Songti TC", "PMingLiU",
                      "MingLiU"),
    ("serif", "hk"): ("Noto Serif CJK HK", "Source Han Serif HC", "MingLiU_HKSCS",
                      "Noto Serif CJK TC", "Source Han Serif TC", "Songti TC", "PMingLiU",
                      "MingLiU"),
    ("serif", "ja"): ("Noto Serif CJK JP", "Source Han Serif", "Hiragino Mincho ProN",
                      "Yu Mincho", "YuMincho", "MS PMincho"),
    ("serif", "ko"): ("Noto Serif CJK KR", "Source Han Serif K", "AppleMyungjo", "Batang",
                      "Nanum Myeongjo", "NanumMyeongjo"),
    ("sans-serif", "sc"): ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
                           "Hiragino Sans GB", "Microsoft YaHei"),
    ("sans-serif", "tc"): ("Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC",
                           "Microsoft JhengHei"),
    ("sans-serif", "hk"): ("Noto Sans CJK HK", "Source Han Sans HC", "PingFang HK",
                           "Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC",
                           "Microsoft JhengHei"),
    ("sans-serif", "ja"): ("Noto Sans CJK JP", "Source Han Sans",
                           "Hiragino Kaku Gothic ProN", "Hiragino Sans", "Yu Gothic",
                           "YuGothic", "Meiryo"),
    ("sans-serif", "ko"): ("Noto Sans CJK KR", "Source Han Sans K", "Apple SD Gothic Neo",
                           "Malgun Gothic", "Nanum Gothic", "NanumGothic"),
    ("monospace", "sc"): ("Noto Sans Mono CJK SC", "Menlo", "Consolas"),
    ("monospace", "tc"): ("Noto Sans Mono CJK TC", "Menlo", "Consolas"),
    ("monospace", "hk"): ("Noto Sans Mono CJK HK", "Noto Sans Mono CJK TC", "Menlo",
                          "Consolas"),
    ("monospace", "ja"): ("Noto Sans Mono CJK JP", "Menlo", "Consolas"),
    ("monospace", "ko"): ("Noto Sans Mono CJK KR", "Menlo", "Consolas"),
}
ROLE_KIND = {"body": "serif", "heading": "serif", "sans": "sans-serif", "mono": "monospace"}
COMMENT = re.compile(r"/\*.*?\*/\s*", re.S)
UNSAFE = re.compile(r'[<>{}();\\"]')   # nothing of a family name may end its CSS
NUMBER_DEFAULTS = {"line_height": 1.75, "heading_scale": 1.6, "topic_scale": 1.25,
                   "paragraph_indent": 2.0}


@dataclass(frozen=True)
class WebFont:
    """An embedded face: the family name the stylesheet gives it and its WOFF2 bytes."""

    family: str
    font: Embeddable


def stylesheet(theme: Theme, language: str, fonts: Sequence[WebFont],
               warnings: list[str]) -> str:
    """The page's whole ``<style>`` content."""
    light = light_palette(theme.get("palette", {}), warnings)
    dark = dark_palette(light)
    props = {**_colours(light), **_fonts(theme, language, [f.family for f in fonts]),
             **_type(theme, warnings)}
    root = "".join(f"{key}:{value};" for key, value in props.items())
    parts = [font_face(f) for f in fonts]
    parts.append(f":root{{{root}}}")
    parts.append("@media screen and (prefers-color-scheme: dark){:root{"
                 + "".join(f"{k}:{v};" for k, v in _colours(dark).items()) + "}}")
    parts += [_read(path) for path in css_files(theme)]
    return "\n".join(parts) + "\n"


def css_files(theme: Theme) -> list[Path]:
    """Every ``css/web.css`` along the theme chain, base first."""
    found = [folder / "css" / "web.css" for folder in reversed(theme.chain)]
    return [path for path in found if path.is_file()]


def font_face(web: WebFont) -> str:
    data = base64.b64encode(web.font.data).decode("ascii")
    return (f'@font-face{{font-family:"{web.family}";font-style:normal;font-weight:normal;'
            f'font-display:swap;src:url(data:{web.font.media_type};base64,{data}) '
            f'format("woff2");}}')


def family_list(names: Sequence[str], kind: str) -> str:
    """A ``font-family`` value: named families quoted, once each, the generic last."""
    seen: list[str] = []
    for name in names:
        key = UNSAFE.sub("", name.strip().strip("'\""))
        if key and key.casefold() not in GENERIC and key not in seen:
            seen.append(key)
    return ", ".join([f'"{name}"' for name in seen] + [kind])


def _colours(palette: Mapping[str, str]) -> dict[str, str]:
    return {f"--{key.replace('_', '-')}": value for key, value in palette.items()}


def _fonts(theme: Theme, language: str, embedded: list[str]) -> dict[str, str]:
    script = system_script(language)
    body = theme.font_stack("body")
    out = {}
    for role in ROLE_KIND:
        stack = theme.font_stack(role)
        kind = _kind(stack, ROLE_KIND[role])
        first = embedded if role == "body" or (role == "heading" and stack == body) else []
        out[f"--{role}-font"] = family_list([*first, *stack, *SYSTEM_CJK[(kind, script)]],
                                            kind)
    return out


def system_script(language: str) -> str:
    """Which script's system faces follow a page's stacks: the suffix of the stacks
    ``language_theme`` gives ``language`` (``tc``, ``ja``, ``ko``), ``hk`` for Hong Kong
    (whose stacks it heads with the CJK HK faces), and ``sc`` for Simplified Chinese and
    for Latin-script languages (their ``_latin`` stacks fall back to the SC faces)."""
    if fontconfig_lang(language) == "zh-hk":
        return "hk"
    suffix = stack_suffix(language)
    return suffix if suffix in ("tc", "ja", "ko") else "sc"


def _kind(stack: Sequence[str], default: str) -> str:
    """The generic family a stack ends in (``serif``), else the role's default."""
    for family in reversed(stack):
        generic = GENERIC.get(family.strip().casefold())
        if generic in ("serif", "sans-serif", "monospace"):
            return generic
    return default


def _type(theme: Theme, warnings: list[str]) -> dict[str, str]:
    values = {}
    for key, default in NUMBER_DEFAULTS.items():
        value = theme.get(f"type.{key}", default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            warnings.append(f"html: warning: theme option type.{key} = '{value}' is not a "
                            "number; using the default")
            value = default
        values[key] = float(value)
    align = theme.get("type.text_align", "left")
    return {"--line-height": f"{values['line_height']:g}",
            "--part-scale": f"{values['heading_scale']:g}em",
            "--topic-scale": f"{values['topic_scale']:g}em",
            "--indent": f"{values['paragraph_indent']:g}em",
            "--text-align": align if align in ("left", "justify") else "left"}


def _read(path: Path) -> str:
    try:
        css = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ThemeError(f"{path}: error: cannot read: {exc}") from None
    return COMMENT.sub("", css).strip()
