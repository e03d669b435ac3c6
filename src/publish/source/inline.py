"""markdown-it inline tokens -> flat model runs.

Runs are flat (one set of styles each) because both HTML and DrawingML want flat runs; the
style stack below flattens nesting such as ``*a ==b==*``.
"""

from __future__ import annotations

import unicodedata
from typing import Sequence

from markdown_it.token import Token

from ..model import Run, Style

_STYLE_OF = {"em": Style.EMPHASIS, "strong": Style.STRONG, "mark": Style.HIGHLIGHT}
SOFT_BREAK = "\x00soft"


def is_wide(char: str) -> bool:
    """True for characters typeset without spaces between them (Han, kana, fullwidth)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def inline_runs(children: Sequence[Token]) -> tuple[tuple[Run, ...], list[str]]:
    """Convert the children of an ``inline`` token to runs.

    Returns the runs and the names of constructs that were refused (e.g. ``image``), so
    the caller can report them with a location.
    """
    styles: list[Style] = []
    hrefs: list[str] = []
    runs: list[Run] = []
    refused: list[str] = []
    for token in children:
        kind = token.type
        if kind.endswith("_open") and kind[:-5] in _STYLE_OF:
            styles.append(_STYLE_OF[kind[:-5]])
        elif kind.endswith("_close") and kind[:-6] in _STYLE_OF:
            style = _STYLE_OF[kind[:-6]]
            if style in styles:
                styles.reverse()
                styles.remove(style)
                styles.reverse()
        elif kind == "link_open":
            hrefs.append(str(token.attrGet("href") or ""))
        elif kind == "link_close":
            if hrefs:
                hrefs.pop()
        elif kind == "text" or kind == "html_inline":
            runs.append(Run(token.content, frozenset(styles), hrefs[-1] if hrefs else None))
        elif kind == "code_inline":
            runs.append(Run(token.content, frozenset([*styles, Style.CODE]),
                            hrefs[-1] if hrefs else None))
        elif kind == "softbreak":
            runs.append(Run(SOFT_BREAK, frozenset(styles), hrefs[-1] if hrefs else None))
        elif kind == "hardbreak":
            runs.append(Run("\n", frozenset(), None, is_break=True))
        elif kind == "mark_stray":
            refused.append("unmatched '=='")
            runs.append(Run(token.content, frozenset(styles), hrefs[-1] if hrefs else None))
        elif kind == "image":
            refused.append("image")
            alt = "".join(child.content for child in token.children or ())
            if alt:
                runs.append(Run(alt, frozenset(styles), None))
        else:  # any other inline token keeps its text so nothing is lost
            if token.content:
                runs.append(Run(token.content, frozenset(styles), hrefs[-1] if hrefs else None))
    return _merge(_resolve_soft_breaks(runs)), refused


def _resolve_soft_breaks(runs: list[Run]) -> list[Run]:
    """A source line break joins Chinese lines with nothing and Latin lines with a space."""
    out: list[Run] = []
    for index, run in enumerate(runs):
        if run.text != SOFT_BREAK:
            out.append(run)
            continue
        before = next((r.text[-1] for r in reversed(out) if r.text and not r.is_break), "")
        after = next((r.text[0] for r in runs[index + 1:]
                      if r.text and r.text != SOFT_BREAK and not r.is_break), "")
        joiner = "" if (before and after and is_wide(before) and is_wide(after)) else " "
        if before and after:
            out.append(Run(joiner, run.styles, run.href))
    return out


def _merge(runs: list[Run]) -> tuple[Run, ...]:
    """Join neighbouring runs that share styles and link; drop empty runs."""
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        last = merged[-1] if merged else None
        if (last is not None and not last.is_break and not run.is_break
                and last.styles == run.styles and last.href == run.href):
            merged[-1] = Run(last.text + run.text, last.styles, last.href)
        else:
            merged.append(run)
    return tuple(merged)
