"""``publish check``: every error a build of the source would raise from its content.

Reading the source finds most of them (``source``), but not all: the deck fits each
key sentence, title and heading to its slide, and one that does not fit even at the
theme's smallest size is an error of the source found only when the deck is made.  A
build renders the PDF and the EPUB first; so a check that read the source alone would
say "ok" to a source whose build then fails.  So a check also loads the theme the
source would be built with (``--theme``, else its ``theme:``, else the default:
``theme_choice.document_theme``, with the build's ``--set`` overrides) and asks each
default format that can check without rendering (``backends.CHECKS``: the deck's
description stage, no .pptx written) for its errors, all of them where a build stops
at the first, worded and located as the build words them.

A collection is checked as the volume a build of it makes: in the volume's theme (the
collection's ``theme:``, else its first interview's), which its deck and handouts are
made in; an interview's own ``theme:`` counts only when it is built on its own.  Each
interview's errors are located in its own file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Mapping

from . import backends
from .build import (COLLECTION_SUFFIXES, BuildResult, check_variant_language, edition_of,
                    prepare_collection, render_collection, render_located, source_date_epoch)
from .diagnostics import Diagnostic, PublishError, SourceError
from .model import Collection, Interview
from .prepared import prepare
from .template_errors import located as template_error
from .fonts.resolve import absent_first_choices
from .theme import SHIPPED, Theme, language_theme
from .theme_choice import document_theme


@dataclass
class Checked:
    """A source that a build would take: the document, what to warn of, in order."""

    document: Interview | Collection
    warnings: list[str] = field(default_factory=list)

    @property
    def is_collection(self) -> bool:
        return isinstance(self.document, Collection)

    @property
    def interviews(self) -> tuple[Interview, ...]:
        """The interviews checked: the source's, or each of the collection's."""
        if isinstance(self.document, Collection):
            return tuple(self.document.interviews)
        return (self.document,)


def check(source: str | Path, theme: str | None = None,
          overrides: Mapping[str, Any] | None = None, variant: str = "") -> Checked:
    """Check ``source`` (an interview or a collection) as ``publish build SOURCE
    [--theme THEME] [--set ...] [--variant VARIANT]`` would take it; raise SourceError
    with every error found (the module docstring), else return what it warns of.  A
    variant (``zh-Hant``) is checked as its edition: converted, in its faces, so a key
    sentence that the conversion makes too long for its slide is found too."""
    result = BuildResult()
    edition = None
    if Path(source).suffix.lower() in COLLECTION_SUFFIXES:
        if variant:
            raise PublishError(f"{source}: error: --variant is not available for a "
                               "collection; check each interview's edition on its own")
        document: Interview | Collection = prepare_collection(source, result,
                                                              lambda *_: None)
    else:
        edition = edition_of(variant)  # an unknown variant fails before any work
        document, diagnostics = prepare(source)
        result.warnings += [str(d) for d in diagnostics]
        if edition is not None:
            from .text.variant import convert

            check_variant_language(source, document, edition)
            document = convert(document, edition)
    errors = formats_errors(document, theme, overrides, result, edition)
    if errors:
        raise SourceError(dict.fromkeys(errors))
    return Checked(document, list(dict.fromkeys(result.warnings)))


def formats_errors(document: Interview | Collection, theme: str | None,
                   overrides: Mapping[str, Any] | None, result: BuildResult,
                   edition: Any = None) -> list[Diagnostic]:
    """The errors the default formats that can check (``backends.CHECKS``) find in
    ``document`` set in the theme a build of it uses."""
    loaded = document_theme(theme, document, overrides)
    result.warnings += list(loaded.warnings)
    loaded = language_theme(loaded, document.meta.language)
    result.warnings += absent_first_choices(loaded, document.meta.language or "zh-CN")
    result.warnings += stylesheet_warnings(loaded)
    errors: list[Diagnostic] = []
    for name in backends.ALL:
        if name not in backends.CHECKS:
            continue
        backend = backends.get(name)
        options = backends.Options(source_date_epoch=source_date_epoch())
        # The backend's check in the place of its render: a missing glyph is then
        # located as a build locates it (in the member that holds it).
        checking = SimpleNamespace(NAME=backend.NAME, render=backend.check,
                                   render_collection=backend.check)
        try:
            if isinstance(document, Collection):
                errors += render_collection(checking, document, loaded, options)
            else:
                errors += render_located(checking, document, loaded, options, edition)
        except SourceError as exc:
            errors += exc.errors
        result.warnings += options.warnings
    return errors + templates_errors(document, loaded)


def stylesheet_warnings(theme: Theme) -> list[str]:
    """What WeasyPrint says of the booklet's and the handout's stylesheets the theme
    brings (``css/print.css``, ``css/handout.css``), located as a build reports it."""
    own = [path for name in ("print.css", "handout.css") for folder in theme.chain
           if SHIPPED not in folder.parents and (path := folder / "css" / name).is_file()]
    return backends.get("pdf").stylesheet_warnings(theme, own) if own else []


def templates_errors(document: Interview | Collection, theme: Theme) -> list[Diagnostic]:
    """The errors of the templates the theme brings (the shipped ones are tested): each
    format's markup (``backends.MARKUP``) is rendered as its build renders it, so a
    typo (``{% endfro %}``, ``{{ meta.titel }}``, ``<br>`` in XHTML) is found before a
    build stops at it, at the template's file and line: the first each format meets."""
    if not any(SHIPPED not in folder.parents for folder in theme.template_dirs()):
        return []
    errors: list[Diagnostic] = []
    for name in backends.MARKUP:
        if isinstance(document, Collection) and name not in backends.COLLECTIONS:
            continue
        try:
            backends.get(name).markup(document, theme, backends.Options(
                source_date_epoch=source_date_epoch()))
        except Exception as exc:  # noqa: BLE001 - Jinja's, made located, or re-raised
            error = template_error(exc) or exc
            if not isinstance(error, PublishError) or not error.diagnostics:
                raise error from None
            errors += error.diagnostics
    return errors
