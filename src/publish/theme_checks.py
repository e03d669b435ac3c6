"""What a theme option's value may be, beyond its kind (``theme._mistyped`` checks that).

A type size of 0 printed a booklet with no visible text, a slide 0 inches wide was
blamed on the source ("title too long for the title slide"), ``reddish`` reached the
CSS as an ignored colour and the deck as an invalid ``srgbClr``, ``A4 portait`` gave an
A5 booklet, ``title_font = "headline"`` asked for fonts to be installed.  Each option has
the range or shape a backend can use; a value outside it is an error naming the option,
in the theme file or the ``--set`` that gave it, before anything is rendered.
"""

from __future__ import annotations

import difflib
import functools
import re
from pathlib import Path
from typing import Any, Mapping, Sequence

from .diagnostics import did_you_mean

# option -> (least, greatest): sizes in pt, slide sides in inches (PowerPoint's limits
# are 1 and 56), scales and line height as ratios, the indent in em.
RANGES: dict[str, tuple[float, float]] = {
    "type.body_size": (4, 72), "type.line_height": (0.8, 4),
    "type.heading_scale": (0.5, 6), "type.topic_scale": (0.5, 6),
    "type.paragraph_indent": (0, 10),
    "slides.width": (1, 56), "slides.height": (1, 56),
    "slides.title_size": (6, 200), "slides.footer_size": (4, 72),
    **{f"slides.{kind}_{end}_size": (6, 200)
       for kind in ("question", "key", "point") for end in ("min", "max")},
}
# (smaller, larger): a range the deck's fitter searches must not be upside down.
PAIRS = tuple((f"slides.{kind}_min_size", f"slides.{kind}_max_size")
              for kind in ("question", "key", "point"))
# A slide colour is DrawingML's srgbClr: six hex digits (the '#' optional, as the deck
# has always read it).
# The page sizes WeasyPrint knows by name, (width, height, unit), as in its own table
# (tests/test_theme.py keeps them equal; importing WeasyPrint here would cost every
# build 0.2 s).
PAGE_SIZES: dict[str, tuple[float, float, str]] = {
    "a10": (26, 37, "mm"), "a9": (37, 52, "mm"), "a8": (52, 74, "mm"),
    "a7": (74, 105, "mm"), "a6": (105, 148, "mm"), "a5": (148, 210, "mm"),
    "a4": (210, 297, "mm"), "a3": (297, 420, "mm"), "a2": (420, 594, "mm"),
    "a1": (594, 841, "mm"), "a0": (841, 1189, "mm"), "b10": (31, 44, "mm"),
    "b9": (44, 62, "mm"), "b8": (62, 88, "mm"), "b7": (88, 125, "mm"),
    "b6": (125, 176, "mm"), "b5": (176, 250, "mm"), "b4": (250, 353, "mm"),
    "b3": (353, 500, "mm"), "b2": (500, 707, "mm"), "b1": (707, 1000, "mm"),
    "b0": (1000, 1414, "mm"), "c10": (28, 40, "mm"), "c9": (40, 57, "mm"),
    "c8": (57, 81, "mm"), "c7": (81, 114, "mm"), "c6": (114, 162, "mm"),
    "c5": (162, 229, "mm"), "c4": (229, 324, "mm"), "c3": (324, 458, "mm"),
    "c2": (458, 648, "mm"), "c1": (648, 917, "mm"), "c0": (917, 1297, "mm"),
    "jis-b10": (32, 45, "mm"), "jis-b9": (45, 64, "mm"), "jis-b8": (64, 91, "mm"),
    "jis-b7": (91, 128, "mm"), "jis-b6": (128, 182, "mm"), "jis-b5": (182, 257, "mm"),
    "jis-b4": (257, 364, "mm"), "jis-b3": (364, 515, "mm"), "jis-b2": (515, 728, "mm"),
    "jis-b1": (728, 1030, "mm"), "jis-b0": (1030, 1456, "mm"), "letter": (8.5, 11, "in"),
    "legal": (8.5, 14, "in"), "ledger": (11, 17, "in"),
}
MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "pc": 25.4 / 6, "px": 25.4 / 96}
# A page side (what the booklet's @page takes), and a margin (also px, em, rem: a margin
# in em has no size in mm, and is not summed).
SIDE = re.compile(r"(?i)([0-9]+(?:\.[0-9]+)?)(mm|cm|in|pt)")
MARGIN = re.compile(r"(?i)0|([0-9]+(?:\.[0-9]+)?)(mm|cm|in|pt|pc|px|em|rem)")
TURNS = ("portrait", "landscape")
HEX = re.compile(r"#?[0-9a-fA-F]{6}")
# The options that name one of the theme's [fonts] stacks (the deck's two faces): a
# misspelt one reached the font resolver as a stack of no families.
FONT_OPTIONS = ("slides.title_font", "slides.body_font")
# The stacks a language picks for itself (``body_tc``), left out of an error's list.
LANGUAGE_STACKS = ("tc", "ja", "ko", "latin")
# A palette colour as every output is handed it (and as the shipped themes write it).
PALETTE_HEX = re.compile(r"#[0-9a-f]{6}")
# The colour spaces tinycss2 turns into sRGB (rgb() and the names and hex are sRGB).
SRGB_SPACES = ("srgb", "hsl", "hwb")
COLOUR_SHAPES = "#2f6b3a, darkgreen, rgb(47 107 58), hsl(131 39% 30%) or hwb(131 18% 58%)"
# The base theme's palette (tests/test_theme.py keeps them equal): what a backend handed
# an unchecked theme paints in place of a value that is no colour.
PALETTE_DEFAULTS = {"text": "#1f1f1f", "background": "#ffffff", "accent": "#8c2f39",
                    "muted": "#6b6b6b", "highlight": "#fdf0c2", "rule": "#d9d2c5",
                    "question": "#3d3d3d", "cover_background": "#8c2f39",
                    "cover_text": "#ffffff"}


def value_errors(options: Mapping[str, Any], where: str) -> list[str]:
    """An error for each value of ``options`` (nested tables, one layer of a theme or
    the overrides) outside what its option allows."""
    out = []
    for dotted, value in _flat(options):
        if isinstance(value, bool):
            continue
        bounds = RANGES.get(dotted)
        if bounds and isinstance(value, (int, float)) and not bounds[0] <= value <= bounds[1]:
            out.append(f"{where}: error: theme option '{dotted}' must be between "
                       f"{bounds[0]:g} and {bounds[1]:g}, not {value:g}")
        elif dotted.startswith("slides.") and dotted.endswith("_color") and \
                isinstance(value, str) and not HEX.fullmatch(value):
            out.append(f"{where}: error: theme option '{dotted}' must be a #RRGGBB colour, "
                       f"not {value!r}")
        elif dotted.startswith("palette.") and isinstance(value, str) and \
                (colour := palette_colour(value))[0] is None:
            out.append(f"{where}: error: theme option '{dotted}' {colour[1]}")
    return out


def page_size_mm(size: str) -> tuple[float, float] | None:
    """Width and height in mm of a ``page.size`` as CSS writes it (``A5``, ``A4
    landscape``, ``landscape A4``, ``170mm 240mm``, ``170mm`` for a square page), None if
    it is none.  Every word counts: ``A4 portait`` and ``A5 B5`` are none (WeasyPrint
    drops them, and the booklet was A5)."""
    words = size.casefold().split()
    turn = [w for w in words if w in TURNS]
    rest = [w for w in words if w not in TURNS]
    if len(turn) > 1 or not rest:
        return None
    if len(rest) == 1 and rest[0] in PAGE_SIZES:
        width, height, unit = PAGE_SIZES[rest[0]]
        width, height = width * MM[unit], height * MM[unit]
        return (height, width) if turn == ["landscape"] else (width, height)
    if turn or len(rest) > 2:
        return None
    sides = [SIDE.fullmatch(w) for w in rest]
    if not all(sides):
        return None
    mm = [float(m[1]) * MM[m[2].casefold()] for m in sides if m]
    return None if 0 in mm else (mm[0], mm[-1])


def page_size_hint(size: str) -> str:
    """Why ``size`` (no page size) is none: its first word that is no size, orientation
    or length, with the keyword it probably meant; else what its words may be together."""
    words = size.split()
    for word in words:
        folded = word.casefold()
        if folded in PAGE_SIZES or folded in TURNS or SIDE.fullmatch(folded):
            continue
        near = difflib.get_close_matches(folded, [*TURNS, *PAGE_SIZES], n=1)
        if len(words) == 1 and not near:
            return ""
        hint = f" (did you mean '{_size_name(near[0])}'?)" if near else ""
        return (f"'{word}' is no page size, orientation or length in mm, cm, in or pt"
                f"{hint}")
    folded = [w.casefold() for w in words]
    turns = [w for w in folded if w in TURNS]
    if len(turns) > 1:
        return "portrait or landscape is said once"
    if any(w in PAGE_SIZES for w in folded) and len(folded) - len(turns) > 1:
        return "a page size names one size (A4, A4 landscape), not two"
    if turns:
        return "portrait or landscape goes with a named size (A4 landscape)"
    return "a page is one length (square) or two" if len(words) > 2 else ""


def _size_name(name: str) -> str:
    """``a4`` -> ``A4``, ``jis-b5`` -> ``JIS-B5``; ``letter`` and ``portrait`` as they are."""
    return name.upper() if name[-1].isdigit() else name


def margin_mm(text: str) -> float | None:
    """A margin in mm (``0``, ``18mm``, ``0.5in``); NaN for one in em or rem (it has
    no size in mm), None if it is no length."""
    found = MARGIN.fullmatch(text.strip())
    if found is None:
        return None
    if found[1] is None:
        return 0.0
    unit = found[2].casefold()
    return float("nan") if unit in ("em", "rem") else float(found[1]) * MM[unit]


def page_errors(merged: Mapping[str, Any], origins: Mapping[str, str] | None = None,
                layers: Sequence[str] = ()) -> list[str]:
    """The page size must be one, and its margins lengths that leave room for text.

    ``origins`` names where each merged option's value comes from (a theme file, or
    ``--set``), ``layers`` those places base first: an error for one value names it, as
    ``value_errors`` does; margins that leave no room name the last place that set one of
    the values that add up (the others follow the error, each with its place)."""
    page = merged.get("page") if isinstance(merged.get("page"), Mapping) else {}
    origins = origins or {}
    out = []

    def where(option: str) -> str:
        origin = origins.get(option)
        return f"{origin}: " if origin else ""

    size = page_size_mm(str(page.get("size", "A5")))
    if size is None:
        hint = page_size_hint(str(page.get("size", "")))
        out.append(f"{where('page.size')}error: theme option 'page.size' must be a page "
                   f"size such as A5, A4 landscape, letter or 170mm 240mm, not "
                   f"{page.get('size')!r}{': ' + hint if hint else ''}")
    margins = {}
    for side in ("top", "bottom", "inner", "outer"):
        value = page.get(f"margin_{side}", "0")
        margins[side] = margin_mm(str(value))
        if margins[side] is None:
            out.append(f"{where(f'page.margin_{side}')}error: theme option "
                       f"'page.margin_{side}' must be a length such as 18mm or 0.75in, "
                       f"not {value!r}")
    if size is None:
        return out
    short = []  # (the two margins, their sum, the page's side, which way)
    for pair, length, way in ((("inner", "outer"), size[0], "across"),
                              (("top", "bottom"), size[1], "down")):
        total = sum(margins[side] or 0 for side in pair)  # NaN when in em
        if total >= length * 0.8:
            short.append((pair, total, length, way))
    if short:
        involved = ["page.size", *(f"page.margin_{side}" for pair, *_ in short
                                   for side in pair)]
        rank = {place: n for n, place in enumerate(layers)}
        last = max((origins[o] for o in involved if o in origins),
                   key=lambda place: rank.get(place, -1), default="")
        sums = ", ".join(
            " + ".join(f"page.margin_{side} {page.get(f'margin_{side}', '0')}"
                       for side in pair) + f" = {total:g} mm of {length:g} mm {way}"
            for pair, total, length, way in short)
        elsewhere: dict[str, list[str]] = {}
        for option in involved:
            if origins.get(option, last) != last:
                said = f"page.size {page.get('size')}" if option == "page.size" else option
                elsewhere.setdefault(origins[option], []).append(said)
        also = "; ".join(f"{', '.join(names)} from {place}"
                         for place, names in elsewhere.items())
        out.append(f"{last + ': ' if last else ''}error: the page margins leave less than "
                   f"a fifth of the {size[0]:g} x {size[1]:g} mm page for text: "
                   f"{sums}{f' ({also})' if also else ''}")
    return out


def font_option_errors(merged: Mapping[str, Any],
                       origins: Mapping[str, str] | None = None) -> list[str]:
    """An error for each option that names a font stack (``slides.title_font``) none of
    the theme's [fonts] stacks has the name of, with the one it probably meant."""
    fonts = merged.get("fonts") if isinstance(merged.get("fonts"), Mapping) else {}
    stacks = [str(name) for name in fonts]
    plain = [n for n in stacks if n.rpartition("_")[2] not in LANGUAGE_STACKS]
    own = [n for n in stacks if n not in plain]
    out = []
    for option in FONT_OPTIONS:
        value = _get(merged, option)
        if not isinstance(value, str) or value in stacks:
            continue
        origin = (origins or {}).get(option)
        hint = f" ({near})" if (near := did_you_mean(value, stacks)) else ""
        listed = ", ".join(plain) + (f"; or a language's own, such as {own[0]}" if own
                                     else "")
        out.append(f"{origin + ': ' if origin else ''}error: theme option '{option}' must "
                   f"name one of the theme's [fonts] stacks ({listed}), not "
                   f"{value!r}{hint}")
    return out


def pair_errors(merged: Mapping[str, Any]) -> list[str]:
    """An error for each min/max pair of the merged options that is upside down."""
    out = []
    for low, high in PAIRS:
        a, b = _get(merged, low), _get(merged, high)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and a > b:
            out.append(f"error: theme option '{low}' ({a:g}) is larger than '{high}' "
                       f"({b:g})")
    return out


@functools.lru_cache(maxsize=256)
def palette_colour(value: str) -> tuple[str | None, str]:
    """``value`` as ``#rrggbb``, the one form every output is handed, and ``""``; or None
    and what is wrong with it, to follow the option's name in an error.

    Any opaque sRGB colour of CSS is one: hex (``#2f6b3a``, ``#abc``, ``#2f6b3aff``), a
    name (``DarkGreen``), ``rgb()``/``rgba()`` and ``hsl()``/``hsla()`` in either syntax
    (``rgb(47, 107, 58)``, ``rgb(47 107 58 / 100%)``), ``hwb()``; channels past their
    range are clamped, as CSS clamps them.  The booklet, the EPUB's CSS and cover, and
    the web page's light and dark palettes each read colours their own way (hsl() once
    reached the booklet as #1f1f1f and the web page as the base theme's accent), so all
    are handed the same six hex digits.  Not a colour: ``currentcolor`` (none of its
    own), a translucent one (``transparent``, ``rgba(..., 0.5)``: the outputs paint the
    palette solid), one in another space (``lab()``, ``oklch()``, ``color(display-p3
    ...)``: not turned into sRGB here).
    """
    text = value.strip()
    if PALETTE_HEX.fullmatch(text):
        return text, ""
    from tinycss2.color4 import parse_color  # pure Python, loaded only for such a value

    colour = parse_color(text)
    if colour is None:
        return None, f"must be a colour ({COLOUR_SHAPES}), not {value!r}"
    if not hasattr(colour, "space"):
        return None, f"must be a colour of its own, not {value!r}"
    if colour.alpha < 1:
        return None, (f"must be opaque, not {value!r}, whose alpha is {colour.alpha:.3g}: "
                      f"the outputs paint each palette colour solid")
    if colour.space not in SRGB_SPACES:
        return None, (f"must be an sRGB colour ({COLOUR_SHAPES}), not {value!r}: "
                      f"{colour.space} colours are not converted")
    channels = colour.to("srgb").coordinates
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in channels), ""


def colour_or_base(key: str, value: object, fmt: str, warnings: list[str]) -> str:
    """The palette's ``key`` as ``#rrggbb``; a ``value`` that is no colour (a theme
    ``load_theme`` did not check: its values end up in the output's CSS) takes the base
    theme's, with a warning in ``fmt``'s name."""
    text = str(value).strip()
    colour = palette_colour(text)[0]
    if colour is None:
        warnings.append(f"{fmt}: warning: theme option palette.{key} = '{text}' is not a "
                        "colour; using the base theme's")
        return PALETTE_DEFAULTS[key]
    return colour


def normalise_palette(merged: dict[str, Any]) -> None:
    """Every colour of the merged options' palette as ``#rrggbb`` (``palette_colour``), in
    place; ``value_errors`` has refused what is not one."""
    palette = merged.get("palette")
    for key, value in (palette.items() if isinstance(palette, dict) else ()):
        if isinstance(value, str):
            palette[key] = palette_colour(value)[0] or value


def flat_keys(options: Mapping[str, Any]) -> list[str]:
    """The dotted name of every value of ``options`` (``page.size``)."""
    return [dotted for dotted, _ in _flat(options)]


def _flat(options: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out = []
    for key, value in options.items():
        if isinstance(value, Mapping):
            out += _flat(value, f"{prefix}{key}.")
        else:
            out.append((f"{prefix}{key}", value))
    return out


def _get(options: Mapping[str, Any], dotted: str) -> Any:
    node: Any = options
    for part in dotted.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


# "path/theme.toml: error: theme option 'page.size' must be ..." (and unknown options).
_ABOUT_OPTION = re.compile(r"(?P<path>.+theme\.toml): (?P<rest>(?:error|warning): .*?"
                           r"theme option '(?P<option>[^']+)'.*)", re.S)
_TABLE = re.compile(r"\s*\[\s*([A-Za-z0-9_.\- ]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"\s*([A-Za-z0-9_.\-\"' ]+?)\s*=")


def located(messages: list[str]) -> list[str]:
    """Each message about a theme option in a theme.toml, at the line and column where
    the file sets it (``path:12:1: error: ...``): TOML's parser keeps no places."""
    out = []
    for message in messages:
        found = _ABOUT_OPTION.fullmatch(message)
        place = toml_place(Path(found["path"]), found["option"]) if found else None
        out.append(f"{found['path']}:{place[0]}:{place[1]}: {found['rest']}"
                   if found and place else message)
    return out


def toml_place(path: Path, dotted: str) -> tuple[int, int] | None:
    """(line, column) of the key that sets ``dotted`` in the TOML file, or None."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    table = ""
    for number, line in enumerate(lines, 1):
        if (header := _TABLE.match(line)) and not _KEY.match(line):
            table = header[1].replace(" ", "").replace('"', "").replace("'", "")
            if table == dotted:  # a table the theme should not have (``[slide]``)
                return number, len(line) - len(line.lstrip()) + 1
            continue
        key = _KEY.match(line)
        if key is None:
            continue
        name = key[1].replace('"', "").replace("'", "").replace(" ", "")
        if (f"{table}.{name}" if table else name) == dotted:
            return number, len(line) - len(line.lstrip()) + 1
    return None