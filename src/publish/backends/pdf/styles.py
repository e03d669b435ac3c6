"""The theme as CSS: custom properties and page geometry generated from ``theme.toml``.

The layout lives in the themes' ``css/print.css`` files (base first, then each child
theme), which refer to the palette, fonts and sizes only through CSS custom properties
(``var(--accent)``).  This module writes those properties, and the ``@page`` geometry,
from the merged theme options, so a theme's colours, type and page are set in one place.

Theme values end up inside CSS, so each one is checked against the shape it must have;
a value that does not fit falls back to the base default with a warning instead of
injecting arbitrary CSS.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Mapping
from urllib.parse import quote

from tinycss2.color4 import parse_color
from weasyprint.css.computed_values import PAGE_SIZES

from ...theme import FONT_ROLES, Theme
from ...theme_checks import PALETTE_DEFAULTS, colour_or_base

# Each font role of the theme becomes a custom property --<role>-font in the print CSS.
PALETTE = ("text", "background", "accent", "muted", "highlight", "rule", "question",
           "cover_background", "cover_text")

LENGTH = re.compile(r"(0|[0-9]+(\.[0-9]+)?(mm|cm|in|pt|pc|px|em|rem))")
# A page size WeasyPrint knows by name (A5, JIS-B5, letter ...), optionally turned, or
# one or two lengths (one: a square page); any other name would be dropped by WeasyPrint,
# leaving its default (A4).
_NAMES = "|".join(sorted(map(re.escape, PAGE_SIZES), key=len, reverse=True))
PAGE_SIZE = re.compile(
    rf"(?i)({_NAMES})( (portrait|landscape))?|(portrait|landscape) ({_NAMES})"
    r"|[0-9]+(\.[0-9]+)?(mm|cm|in|pt)( [0-9]+(\.[0-9]+)?(mm|cm|in|pt))?")
# Softer cover text, as custom properties: cover_text mixed over cover_background.
# The cover once used CSS ``opacity`` for this, which WeasyPrint paints as a transparency
# group (a form XObject) outside any marked content: untagged content (PDF/UA, UA-01-003).
# A solid colour looks the same and keeps the cover's text tagged.
COVER_MIXES = {"--cover-text-85": 0.85, "--cover-text-90": 0.9}
# The contents' dot leader (print.css, ``.toc a``) as an SVG image: one dashed line of
# 0.8pt squares every 3pt, LEADER_LENGTH long, drawn leftwards from 2.2pt short of its
# right end.  Set at an entry's right edge, its dots stand where a right-anchored row of
# 3pt cells would put them (the last one 2.2pt short of the edge), in line from row to
# row whatever the entry's indent.  It is one image, not a repeated tile: WeasyPrint
# paints a repeated background as a PDF tiling pattern, which poppler draws cell by cell.
# It is LEADER_LENGTH long, wider than the type area of any page up to A3 landscape, or
# as wide as the page where that is wider (A2, a poster size): the left end of a long
# entry on such a page got no dots.
LEADER_LENGTH = 1200
POINTS = {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pt": 1.0}
TAG = re.compile(r"[A-Za-z0-9]+(-[A-Za-z0-9]+)*")
GENERIC = frozenset({"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"})

DEFAULTS = {"body_size": 10.5, "line_height": 1.75, "heading_scale": 1.6,
            "topic_scale": 1.25, "paragraph_indent": 2.0, "size": "A5",
            "margin_top": "18mm", "margin_bottom": "20mm", "margin_inner": "20mm",
            "margin_outer": "15mm"}


def stylesheets(theme: Theme) -> list[Path]:
    """Every ``css/print.css`` along the theme chain, base first, so children override."""
    found = [folder / "css" / "print.css" for folder in reversed(theme.chain)]
    return [path for path in found if path.is_file()]


def font_family(stack: list[str]) -> str:
    """A CSS ``font-family`` value: names quoted, generic families bare."""
    out = []
    for family in stack:
        name = family.strip().strip("'\"")
        if name.casefold() in GENERIC:
            out.append(name.casefold())
        elif name:
            out.append('"' + name.replace("\\", "").replace('"', "") + '"')
    return ", ".join(out)


def theme_css(theme: Theme, warnings: list[str],
              stacks: Mapping[str, list[str]] | None = None,
              settings: Mapping[str, object] | None = None) -> str:
    """Custom properties and ``@page`` geometry for ``theme`` (see the module docstring).

    ``stacks`` replaces the theme's font stacks by role (the backend puts its subset
    families in front of them); ``settings`` may ask for printer's ``marks`` and a
    ``bleed`` (the print backend's shop mode).
    """
    size = _page(theme, "size", PAGE_SIZE, warnings)
    props = properties(theme, warnings, stacks or {}, page_width(size))
    root = "\n".join(f"  {key}: {value};" for key, value in props.items())
    return _PAGE.format(root=root, background=props["--background"],
                        extra=_print_marks(settings or {}, warnings), size=size,
                        top=_page(theme, "margin_top", LENGTH, warnings),
                        bottom=_page(theme, "margin_bottom", LENGTH, warnings),
                        inner=_page(theme, "margin_inner", LENGTH, warnings),
                        outer=_page(theme, "margin_outer", LENGTH, warnings))


def language_rules(stacks: Mapping[str, Mapping[str, list[str]]]) -> str:
    """Rules that give each element carrying one of the languages of ``stacks`` (a
    language -> its font stacks by role) that language's ``--<role>-font`` properties.

    An anthology's chapter in Japanese is set in the Japanese faces even in an English
    volume: fontconfig matches faces for the document's language, and a family named in
    a stack (``Noto Serif CJK SC``) is that family whatever the text's ``lang``.  A tag
    that is not a plain BCP 47 tag (the front matter allows no other) gets no rule."""
    rules = []
    for language, roles in stacks.items():
        if not TAG.fullmatch(language):
            continue
        body = " ".join(f"--{role}-font: {font_family(stack)};" for role, stack in roles.items())
        rules.append(f'[lang="{language}"] {{ {body} }}')
    return "\n".join(rules) + "\n" if rules else ""


def properties(theme: Theme, warnings: list[str], stacks: Mapping[str, list[str]],
               width: float = 0.0) -> dict[str, str]:
    """The custom properties print.css uses: palette, font stacks, type sizes, and the
    contents' dot leader drawn in the palette's muted colour, for a page ``width`` points
    wide."""
    props = {f"--{name.replace('_', '-')}": _color(theme, name, warnings)
             for name in PALETTE}
    for name, amount in COVER_MIXES.items():
        props[name] = mix(props["--cover-text"], props["--cover-background"], amount)
    for role in FONT_ROLES:
        props[f"--{role}-font"] = font_family(stacks.get(role) or
                                              theme.font_stack(role))
    size = _number(theme, "type.body_size", warnings)
    props["--body-size"] = f"{size:g}pt"
    props["--line-height"] = f"{_number(theme, 'type.line_height', warnings):g}"
    props["--part-size"] = f"{size * _number(theme, 'type.heading_scale', warnings):.2f}pt"
    props["--topic-size"] = f"{size * _number(theme, 'type.topic_scale', warnings):.2f}pt"
    props["--indent"] = f"{_number(theme, 'type.paragraph_indent', warnings):g}em"
    align = theme.get("type.text_align", "left")
    if align not in ("left", "justify"):
        warnings.append(f"pdf: warning: theme option type.text_align = '{align}' is not "
                        "'left' or 'justify'; using 'left'")
        align = "left"
    props["--text-align"] = align
    props["--toc-leader"] = f'url("{leader(props["--muted"], width)}")'
    return props


def page_width(size: str) -> float:
    """The width in points of a page ``size`` that PAGE_SIZE accepts (``A5``,
    ``A4 landscape``, ``170mm 240mm``)."""
    words = size.casefold().split()
    named = [word for word in words if word in PAGE_SIZES]
    if named:
        width, height = (d.value * POINTS[d.unit] for d in PAGE_SIZES[named[0]])
        return height if "landscape" in words else width
    number, unit = re.fullmatch(r"([0-9.]+)([a-z]+)", words[0]).groups()  # as PAGE_SIZE
    return float(number) * POINTS[unit]


def leader(color: str, page_width: float = 0.0) -> str:
    """The contents' dot leader in ``color``: an SVG, as a data URI, long enough for a
    page ``page_width`` points wide (see LEADER_LENGTH)."""
    length = max(LEADER_LENGTH, math.ceil(page_width / 3) * 3)
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='{length}pt' height='0.8pt' "
           f"viewBox='0 0 {length} 0.8'><path d='M{length - 2.2:g} 0.4H0' fill='none' "
           f"stroke='{color}' stroke-width='0.8' stroke-dasharray='0.8 2.2'/></svg>")
    return "data:image/svg+xml," + quote(svg, safe=" '=/:.")


_PAGE = """:root {{
{root}
}}
@page {{ size: {size}; margin: {top} {outer} {bottom} {inner}; background: {background};{extra} }}
@page :left {{ margin-left: {outer}; margin-right: {inner}; }}
@page :right {{ margin-left: {inner}; margin-right: {outer}; }}
"""


def _print_marks(settings: Mapping[str, object], warnings: list[str]) -> str:
    """``marks`` / ``bleed`` declarations from backend settings, checked."""
    out = ""
    marks = str(settings.get("marks", "") or "").strip()
    if marks:
        if set(marks.split()) <= {"crop", "cross"} or marks == "none":
            out += f" marks: {marks};"
        else:
            warnings.append(f"pdf: warning: marks = '{marks}' is not 'crop', 'cross' or "
                            "'crop cross'; no marks")
    bleed = str(settings.get("bleed", "") or "").strip()
    if bleed:
        if LENGTH.fullmatch(bleed):
            out += f" bleed: {bleed};"
        else:
            warnings.append(f"pdf: warning: bleed = '{bleed}' is not a length; no bleed")
    return out


def mix(color: str, under: str, amount: float) -> str:
    """``color`` at ``amount`` opacity over ``under``, as one opaque colour.

    PDF composites a group's opacity channel by channel in the sRGB values, so this is
    the colour ``opacity: amount`` showed.  A colour that cannot be mixed (``inherit``,
    a translucent background) is returned as it is.
    """
    top, bottom = parse_color(color), parse_color(under)
    if not hasattr(top, "to") or not hasattr(bottom, "to") or bottom.alpha < 1:
        return color
    alpha = top.alpha * amount
    channels = (round(255 * (a * alpha + b * (1 - alpha)))
                for a, b in zip(top.to("srgb").coordinates, bottom.to("srgb").coordinates))
    return "#" + "".join(f"{min(255, max(0, c)):02x}" for c in channels)


def _color(theme: Theme, name: str, warnings: list[str]) -> str:
    """The palette's ``name`` as ``#rrggbb`` (as ``load_theme`` hands it); a value that is
    no colour (a theme it did not check) takes the base theme's, with a warning."""
    return colour_or_base(name, theme.get(f"palette.{name}", PALETTE_DEFAULTS[name]), "pdf",
                          warnings)


def _number(theme: Theme, dotted: str, warnings: list[str]) -> float:
    value = theme.get(dotted, DEFAULTS[dotted.split(".")[-1]])
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
        return float(value)
    warnings.append(f"pdf: warning: theme option {dotted} = '{value}' is not a number; "
                    "using the default")
    return float(DEFAULTS[dotted.split(".")[-1]])


def _page(theme: Theme, key: str, shape: re.Pattern[str], warnings: list[str]) -> str:
    value = " ".join(str(theme.get(f"page.{key}", DEFAULTS[key])).split())
    if shape.fullmatch(value):
        return value
    warnings.append(f"pdf: warning: theme option page.{key} = '{value}' is not valid "
                    "here; using the default")
    return str(DEFAULTS[key])
