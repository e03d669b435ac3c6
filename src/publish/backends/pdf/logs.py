"""WeasyPrint's log messages as build warnings instead of terminal output.

WeasyPrint reports unknown CSS, unreachable resources and font trouble through the
``weasyprint`` logger.  Backends must not print, so while a PDF renders that logger's
records are collected into ``options.warnings`` (and not passed to the root logger).
Progress messages (``weasyprint.progress``, INFO) are dropped.

WeasyPrint locates a CSS problem by line and column only ("Ignored `colr: red` at
84:10, unknown property.").  A theme's stylesheet is parsed inside ``sheet(path)``, so
its warnings read ``path:84:10: warning: ...``, the form of every located message: the
theme's author learns which file, and the booklet and the handout, which both read
``print.css``, give the same words once.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
from pathlib import Path
from typing import Iterator

LOGGER_NAME = "weasyprint"

# The stylesheet being parsed (``sheet``), and where WeasyPrint says a problem is in it.
_SHEET: contextvars.ContextVar[Path | None] = contextvars.ContextVar("sheet", default=None)
_AT = re.compile(r" at (\d+):(\d+)(?=[,.:]|$)")


class _Collect(logging.Handler):
    """Append each WARNING-or-worse record as a ``pdf: warning: ...`` string."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.warnings = warnings

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage().strip().replace("\n", " ")
        except Exception:  # a malformed record must not stop the build
            text = str(record.msg)
        if "RefusedURL" in text:  # SafeFetcher has already said why, in its own words
            return
        message = located(text, _SHEET.get())
        if message not in self.warnings:
            self.warnings.append(message)


def located(text: str, path: Path | None) -> str:
    """``text`` as a build warning: at ``path``'s line and column when it names them."""
    if path is None:
        return f"pdf: warning: weasyprint: {text}"
    found = _AT.search(text)
    if not found:
        return f"{path}: warning: {text}"
    line, col = found.groups()
    rest = (text[:found.start()] + text[found.end():]).strip()
    return f"{path}:{line}:{col}: warning: {rest}"


@contextlib.contextmanager
def sheet(path: Path) -> Iterator[None]:
    """Warnings WeasyPrint gives in the block are about the stylesheet at ``path``."""
    token = _SHEET.set(path)
    try:
        yield
    finally:
        _SHEET.reset(token)


@contextlib.contextmanager
def captured_warnings(warnings: list[str]) -> Iterator[None]:
    """Route the ``weasyprint`` logger into ``warnings`` for the duration of the block."""
    logger = logging.getLogger(LOGGER_NAME)
    handler = _Collect(warnings)
    saved = (logger.propagate, logger.level)
    logger.addHandler(handler)
    logger.propagate = False
    if logger.level == logging.NOTSET or logger.level > logging.WARNING:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate, level = saved
        logger.setLevel(level)
