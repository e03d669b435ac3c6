"""The PPTX deck backend: one slide per exchange, fitted with the real font.

Two stages, as pandoc's PowerPoint writer: ``describe`` turns the interview into a pure
deck description (``deck``; no python-pptx involved, so tests can read it directly), and
``emit`` writes that description as a .pptx with python-pptx.  python-pptx is imported
only when a deck is actually written.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic
from ...model import Collection, Interview
from ...theme import Theme
from .. import Options
from .deck import Deck
from .describe import describe, describe_collection

NAME = "pptx"
SUFFIX = ".pptx"

__all__ = ["NAME", "SUFFIX", "Deck", "check", "describe", "render"]


def preload() -> None:
    """Import python-pptx now (``render`` would, ~80 ms), for a build with time to fill."""
    from . import emit  # noqa: F401


def render(interview: Interview, theme: Theme, options: Options) -> bytes:
    """The deck for ``interview`` as .pptx bytes (byte-identical for a fixed
    ``options.source_date_epoch``)."""
    from .emit import emit  # python-pptx (and lxml) load only here

    return emit(describe(interview, theme, options))


def render_collection(collection: Collection, theme: Theme, options: Options) -> bytes:
    """The collection's deck: a title slide per interview, then its key answers."""
    from .emit import emit

    return emit(describe_collection(collection, theme, options))


def check(document: Interview | Collection, theme: Theme, options: Options) -> list[Diagnostic]:
    """Every source error ``render`` (``render_collection`` for a collection) would raise
    for ``document``, worded and located as it words them, where a build stops at the
    first: a key sentence, a title or a heading that does not fit its slide.  Found by
    the description stage alone: no .pptx is written, python-pptx is not loaded.  A
    missing glyph raises MissingFontError, as ``render`` does."""
    errors: list[Diagnostic] = []
    if isinstance(document, Collection):
        describe_collection(document, theme, options, errors)
    else:
        describe(document, theme, options, errors)
    return list(dict.fromkeys(errors))
