"""The web edition's colours: the theme's palette for light screens and print, and a dark
palette derived from it for ``prefers-color-scheme: dark``.

A theme declares one palette, drawn for paper.  Asking every theme for a second, dark
one would double what a theme author must get right; instead the dark palette keeps
each colour's hue and moves its lightness until it reads on a dark background with at
least the WCAG AA contrast (4.5:1 for text), so a wine-red theme stays wine-red at night
and a teal one teal.  The theme hands every colour as ``#rrggbb`` (``load_theme`` turns
a name, ``rgb()``, ``hsl()`` ... into it), so a named or ``hsl()`` accent keeps its hue at
night too; a colour ``_rgb`` still cannot read takes neutral dark values.
"""

from __future__ import annotations

import colorsys
import re
from typing import Mapping

from ...theme_checks import PALETTE_DEFAULTS, colour_or_base

# The palette keys the page uses, as CSS custom properties (--text, --cover-background).
KEYS = ("text", "background", "accent", "muted", "highlight", "rule", "question",
        "cover_background", "cover_text")
HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
LIGHT_FALLBACK = PALETTE_DEFAULTS
AA = 4.5           # WCAG 2 AA, normal text
COMFORT = 7.0      # body text on the dark background: AAA, as long reading wants

RGB = tuple[float, float, float]


def light_palette(palette: Mapping[str, object], warnings: list[str]) -> dict[str, str]:
    """The theme's palette as ``#rrggbb``; a value that is no colour (a theme not
    checked by ``load_theme``) takes the base theme's, with a warning (theme values end
    up in the page's CSS)."""
    return {key: colour_or_base(key, palette.get(key, LIGHT_FALLBACK[key]), "html", warnings)
            for key in KEYS}


def dark_palette(light: Mapping[str, str]) -> dict[str, str]:
    """The dark counterpart of ``light`` (see the module docstring)."""
    accent = _rgb(light["accent"]) or _rgb(LIGHT_FALLBACK["accent"])
    hue, _, sat = colorsys.rgb_to_hls(*accent)
    background = _hls(hue, 0.085, min(sat, 0.22))
    text = _hls(hue, 0.90, min(sat, 0.10))
    dark = {
        "background": background,
        "text": text,
        "accent": _readable(light["accent"], background, AA + 1.0),
        "muted": _readable(light["muted"], background, AA + 0.3),
        "question": _readable(light["question"], background, COMFORT),
        "rule": _shade(light["rule"], 0.28, background),
        "highlight": _shade(light["highlight"], 0.24, background),
        "cover_background": _shade(light["cover_background"], 0.16, background),
    }
    dark["cover_text"] = _readable(light["cover_text"], _rgb(dark["cover_background"]),
                                   COMFORT)
    # The key sentence's text is the body text on the highlight: keep that readable.
    while contrast(_rgb(dark["text"]), _rgb(dark["highlight"])) < COMFORT:
        dark["highlight"] = _hex(_darker(_rgb(dark["highlight"])))
    return {key: dark[key] for key in KEYS}


def contrast(a: RGB | None, b: RGB | None) -> float:
    """WCAG 2 contrast ratio of two colours (1 when either is unknown)."""
    if a is None or b is None:
        return 1.0
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _readable(colour: str, background: str | RGB | None, ratio: float) -> str:
    """``colour``'s hue, lightened until it has ``ratio`` against ``background``."""
    ground = _rgb(background) if isinstance(background, str) else background
    hue, light, sat = colorsys.rgb_to_hls(*(_rgb(colour) or (0.5, 0.5, 0.5)))
    light = max(light, 0.55)
    while light < 0.97 and contrast(_rgb(_hls(hue, light, sat)), ground) < ratio:
        light += 0.01  # (measured as written: rounded to #rrggbb)
    return _hls(hue, light, sat)


def _shade(colour: str, lightness: float, background: str) -> str:
    """``colour``'s hue at ``lightness``, its saturation tempered (a dark surface)."""
    rgb = _rgb(colour) or _rgb(background) or (0.2, 0.2, 0.2)
    hue, _, sat = colorsys.rgb_to_hls(*rgb)
    return _hls(hue, lightness, min(sat, 0.45))


def _darker(rgb: RGB | None) -> RGB:
    hue, light, sat = colorsys.rgb_to_hls(*(rgb or (0.2, 0.2, 0.2)))
    return colorsys.hls_to_rgb(hue, max(light - 0.02, 0.0), sat)


def _luminance(rgb: RGB) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _rgb(value: str | None) -> RGB | None:
    match = HEX.fullmatch((value or "").strip())
    if match is None:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return tuple(int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _hls(hue: float, light: float, sat: float) -> str:
    return _hex(colorsys.hls_to_rgb(hue, min(max(light, 0.0), 1.0), sat))


def _hex(rgb: RGB) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in rgb)
