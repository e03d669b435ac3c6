"""What a theme option's value may be, beyond its kind (``theme._mistyped`` checks that).

A type size of 0 printed a booklet with no visible text, a slide 0 inches wide was
blamed on the source ("title too long for the title slide"), ``reddish`` reached the
CSS as an ignored colour and the deck as an invalid ``srgbClr``.  Each option below has
the range or shape a backend can use; a value outside it is an error naming the option,
in the theme file or the ``--set`` that gave it, before anything is rendered.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

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
HEX = re.compile(r"#?[0-9a-fA-F]{6}")


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
                not is_css_colour(value):
            out.append(f"{where}: error: theme option '{dotted}' must be a colour "
                       f"(#RRGGBB, rgb(...) or a CSS colour name), not {value!r}")
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


def is_css_colour(value: str) -> bool:
    """Whether every output can paint ``value``: the CSS of the booklet, EPUB and web
    edition (tinycss2 reads it as WeasyPrint does) and the EPUB's cover image (Pillow):
    ``#8c2f39``, ``rgb(140, 47, 57)``, ``teal``, but not ``currentcolor`` or
    ``transparent``, which have no colour of their own to draw a cover in."""
    from PIL import ImageColor
    from tinycss2.color4 import parse_color  # pure Python, loaded only for a palette

    if parse_color(value) is None:
        return False
    try:
        ImageColor.getrgb(value)
    except ValueError:
        return False
    return True


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
