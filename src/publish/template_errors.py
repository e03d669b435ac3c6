"""A theme's template that fails, reported as the theme author's mistake, located.

A theme may bring its own Jinja templates (``templates/pdf/cover.html`` ...).  A typo
in one (``{% endfro %}``, ``{{ meta.titel }}``, an unknown filter) raised Jinja's own
exception, which the command line reported as an internal error of publish, without the
file or the line.  ``located`` turns it into ``path:line:1: error: template: ...``
(exit status 2), as a theme's CSS warnings are located: a syntax error knows its file and
line; an error raised while a template renders is found in the traceback, where Jinja
puts each template's frame at its own file and line.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from .diagnostics import PublishError, error

TEMPLATE_SUFFIXES = (".html", ".xhtml", ".xml", ".svg", ".txt", ".j2", ".jinja")


def located(exc: BaseException) -> PublishError | None:
    """The error to report for ``exc`` if it is Jinja's (a template's), else None."""
    try:
        import jinja2
    except ImportError:  # pragma: no cover - a dependency
        return None
    if not isinstance(exc, jinja2.TemplateError):
        return None
    path, line = _where(exc)
    message = getattr(exc, "message", None) or str(exc)
    kind = "syntax error" if isinstance(exc, jinja2.TemplateSyntaxError) else "error"
    if not path:
        return PublishError(f"theme template: error: template {kind}: {message}")
    return PublishError([error(path, line, 1, f"template {kind}: {message}")])


def _where(exc: BaseException) -> tuple[str, int]:
    """The template file and line ``exc`` arose at ('' when none is known)."""
    filename, lineno = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if filename and lineno:
        return filename, lineno
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(TEMPLATE_SUFFIXES) and Path(frame.filename).is_file():
            return frame.filename, frame.lineno or 1
    return "", 0
