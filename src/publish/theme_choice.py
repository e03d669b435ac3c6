"""Which theme a build uses: ``--theme``, else the one the document names, else classic.

A theme the document names that is not installed is the document's error, reported at
the ``theme:`` line that names it; one asked for with ``--theme`` is the option's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from .diagnostics import SourceError, error
from .model import Collection, Interview
from .theme import Theme, find_theme, load_theme, missing_theme

DEFAULT_THEME = "classic"


def document_theme(asked: str | None, document: Interview | Collection,
                   overrides: Mapping[str, Any] | None) -> Theme:
    """The theme ``--theme`` asks for, else the document's; a theme the document names
    that is not installed is reported at the ``theme:`` line that names it."""
    name = asked or theme_name(document)
    named_in = None if asked else _theme_source(document)
    if named_in and find_theme(name) is None:
        line, col = _key_position(Path(named_in), "theme")
        raise SourceError([error(named_in, line, col,
                                 missing_theme(name).removeprefix("error: "))])
    return load_theme(name, overrides)


def _theme_source(document: Interview | Collection) -> str | None:
    """The file whose ``theme:`` names the document's theme (see ``theme_name``)."""
    if document.meta.theme:
        return document.path or None
    if isinstance(document, Collection) and document.interviews:
        first = document.interviews[0]
        return first.path if first.meta.theme else None
    return None


def _key_position(path: Path, key: str) -> tuple[int, int]:
    """Line and column of a top-level ``key:`` in a source's front matter or a YAML
    file (1, 1 if it cannot be found)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1, 1
    for number, line in enumerate(lines, start=1):
        if line.startswith(f"{key}:") or line.startswith(f"{key} :"):
            return number, 1
    return 1, 1


def theme_name(document: Interview | Collection) -> str:
    """The theme a document asks for; a collection without one takes its first member's."""
    if document.meta.theme:
        return document.meta.theme
    if isinstance(document, Collection) and document.interviews:
        return document.interviews[0].meta.theme or DEFAULT_THEME
    return DEFAULT_THEME
