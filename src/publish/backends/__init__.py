"""Backends: one module per output format, imported only when that format is asked for.

The contract is small, as docutils' writers and Sphinx's builders keep it.  A backend
module defines:

- ``NAME``: the format name used on the command line (``pdf``);
- ``SUFFIX``: the output file suffix (``.pdf``);
- ``render(interview, theme, options) -> bytes``: the finished file's bytes.

A backend that can make one volume of several interviews (an anthology) also defines
``render_collection(collection, theme, options) -> bytes`` (``model.Collection``).

A backend may also define ``preload()``, importing what ``render`` will need, so a build
can load it while other work runs elsewhere (see ``preload`` below), and
``check(document, theme, options) -> list[Diagnostic]``: every located source error its
``render`` (or ``render_collection``, for a collection) would raise, found without
rendering, for ``publish check`` (``CHECKS`` below).

Backends depend on the model and the theme only, never on each other's internals.
Warnings go into ``options.warnings`` (data the CLI prints), never to the terminal.
"""

from __future__ import annotations

import datetime as dt
import difflib
import importlib
import importlib.machinery
import importlib.util
import sys
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Protocol

from ..diagnostics import PublishError, did_you_mean
from ..model import Collection, Interview
from ..theme import FONT_ROLES, Theme, language_theme

# format name -> module.  `--format all` is ALL: the three files of a finished edition;
# the web edition (html) and the imposed booklet (print) are asked for by name.
REGISTRY: dict[str, str] = {
    "pdf": "publish.backends.pdf",
    "epub": "publish.backends.epub",
    "pptx": "publish.backends.pptx",
    "print": "publish.backends.print",
    "html": "publish.backends.html",
    "handout": "publish.backends.pdf.handout",
}
# format name -> the file suffix its backend's SUFFIX gives, and the formats that can
# make a collection's anthology (``render_collection``), kept here so a build can name
# and check its outputs before importing any backend (tests/test_ownership.py keeps them
# in step with the modules).
SUFFIXES: dict[str, str] = {
    "pdf": ".pdf", "epub": ".epub", "pptx": ".pptx", "print": ".print.pdf",
    "html": ".html", "handout": ".handout.pdf",
}
COLLECTIONS = frozenset({"pdf", "epub", "pptx", "handout"})
ALL = ("pdf", "epub", "pptx")
# Formats whose anthology uses both cores by itself (the PDF is laid out in two halves,
# ``pdf/split.py``): a build renders the other formats once a core is free (``child``).
TWO_CORES = frozenset({"pdf"})
# format name -> the ``--option`` settings its backend reads (kept here, not in the
# backend modules, so a build can check them without importing any backend).
SETTINGS: dict[str, frozenset[str]] = {
    "pdf": frozenset({"marks", "bleed"}),
    "print": frozenset({"paper", "creep", "shop", "bleed"}),
}


# Formats whose backend finds a source's errors without rendering it (``check``, cheap
# to import): ``publish check`` asks those of ``ALL`` (the deck's fit errors).
CHECKS = frozenset({"pptx"})


# Formats whose markup a theme's templates make, with a ``markup(document, theme,
# options)`` that renders that markup and nothing else (no fonts, no layout): ``publish
# check`` renders a theme's own templates through them (``check.templates_errors``).
MARKUP = ("pdf", "handout", "epub", "html")


# Formats whose backend checks its settings before any format is rendered, with a
# ``check_settings(settings)`` cheap to import (so ``-f pdf,print --option paper=x``
# fails before it writes the PDF), and an ``ignored_settings(settings)`` that warns of
# those it would not read.
CHECKS_SETTINGS = frozenset({"print"})


def check_settings(formats: list[str], settings: dict[str, Any]) -> None:
    """Raise the first PublishError the settings give: a setting no format has at all
    is a typo (``papr=letter`` built on A4), an error naming the nearest known setting,
    as ``--set`` does for a theme option; then each requested format's own check."""
    known = sorted(set().union(*SETTINGS.values()))
    errors = []
    for key in settings:
        if key not in known:
            hint = did_you_mean(key, known) or f"known: {', '.join(known)}"
            errors.append(f"--option: error: unknown option '{key}' ({hint})")
    if errors:
        raise PublishError("\n".join(errors))
    for name in formats:
        if name in CHECKS_SETTINGS:
            get(name).check_settings(settings)


def unused_settings(formats: list[str], settings: dict[str, Any]) -> list[str]:
    """A warning for each setting no requested format reads (``--option paper=letter
    --format pdf`` would otherwise be ignored without a word), and for each a requested
    format reads only beside another (``bleed`` without ``shop=true`` for print).  A
    setting no format has is ``check_settings``'s error, not a warning here."""
    warnings = []
    for key in settings:
        readers = [name for name, keys in SETTINGS.items() if key in keys]
        if not readers or any(name in readers for name in formats):
            continue
        warnings.append(f"warning: option '{key}' is not used by {', '.join(formats)}; "
                        f"it is a setting of {', '.join(readers)}")
    for name in formats:
        if name in CHECKS_SETTINGS and any(key in SETTINGS[name] for key in settings):
            warnings += get(name).ignored_settings(settings)
    return warnings


@dataclass
class Options:
    """What a build asks of a backend beyond the model and the theme.

    ``source_date_epoch`` fixes every date and identifier that would otherwise change
    between builds (``SOURCE_DATE_EPOCH``); ``settings`` holds backend options
    (e.g. ``paper=letter`` for print); backends append messages to ``warnings``.
    """

    source_date_epoch: int | None = None
    variant: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    cache_dir: str | None = None


def build_time(source_date_epoch: int | None) -> dt.datetime:
    """The build's timestamp in UTC, to the second: ``SOURCE_DATE_EPOCH`` when given (so
    equal inputs give equal bytes), else now.  Every date an output records comes from
    here (PDF metadata, EPUB ``dcterms:modified``, the deck's core properties)."""
    if source_date_epoch is not None:
        return dt.datetime.fromtimestamp(source_date_epoch, dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def chapter_languages(collection: Collection, theme: Theme) -> dict[str, Theme]:
    """The members' languages whose faces are not the volume's, each with its theme
    (``language_theme``): a Japanese chapter of an English volume is set in the Japanese
    stacks.  Empty when every chapter is set as the volume is (``theme`` is the
    volume's)."""
    found: dict[str, Theme] = {}
    for member in collection.interviews:
        language = member.meta.language or "zh-CN"
        own = language_theme(theme, language)
        if language not in found and any(own.font_stack(role) != theme.font_stack(role)
                                          for role in FONT_ROLES):
            found[language] = own
    return found


class Backend(Protocol):
    NAME: str
    SUFFIX: str

    def render(self, interview: Interview, theme: Theme, options: Options) -> bytes: ...


class UnknownFormat(PublishError):
    pass


def available() -> list[str]:
    """Format names whose backend module exists in this installation."""
    return [name for name, module in REGISTRY.items() if _exists(module)]


def _exists(module: str) -> bool:
    """Whether ``module`` is installed, found without importing it or its packages:
    ``find_spec`` of a submodule imports its parent, and the handout's parent is the PDF
    backend (WeasyPrint, 0.2 s), which an EPUB-only build would then import for nothing."""
    parent = module.rpartition(".")[0]
    try:
        if not parent or parent in sys.modules:
            return importlib.util.find_spec(module) is not None
        package = importlib.util.find_spec(parent)
        if package is None or package.submodule_search_locations is None:
            return False
        return importlib.machinery.PathFinder.find_spec(
            module, list(package.submodule_search_locations)) is not None
    except (ImportError, ValueError):
        return False


# What users call a format that has another name here.
ALIASES = {"web": "html", "website": "html", "deck": "pptx", "slides": "pptx",
           "ppt": "pptx", "powerpoint": "pptx", "booklet": "pdf", "ebook": "epub"}


def unknown_format(name: str) -> UnknownFormat:
    """The error for a format ``name`` that is not available, naming the one meant (a
    near spelling, or the name of what the user called it) and every one there is."""
    names = available()
    near = ALIASES.get(name) or next(iter(difflib.get_close_matches(name, names, n=1)), None)
    hint = f"; did you mean '{near}'?" if near in names else ""
    listed = ", ".join(names) + ", or all" if names else "none yet"
    return UnknownFormat(f"error: unknown or unavailable format '{name}'{hint} "
                         f"(available: {listed})")


def get(name: str) -> ModuleType:
    """Import and return the backend for ``name`` (lazily: only now is it imported)."""
    module = REGISTRY.get(name)
    if module is None or not _exists(module):
        raise unknown_format(name)
    return importlib.import_module(module)


def preload(name: str) -> None:
    """Import the backend for ``name`` and whatever its ``render`` imports lazily.

    A build calls this while a child process converts the text (``variant``), so the
    imports fill time that would otherwise be spent waiting.
    """
    hook = getattr(get(name), "preload", None)
    if hook is not None:
        hook()
