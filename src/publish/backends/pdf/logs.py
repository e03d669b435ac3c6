"""WeasyPrint's log messages as build warnings instead of terminal output.

WeasyPrint reports unknown CSS, unreachable resources and font trouble through the
``weasyprint`` logger.  Backends must not print, so while a PDF renders that logger's
records are collected into ``options.warnings`` (and not passed to the root logger).
Progress messages (``weasyprint.progress``, INFO) are dropped.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Iterator

LOGGER_NAME = "weasyprint"


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
        message = f"pdf: warning: weasyprint: {text}"
        if message not in self.warnings:
            self.warnings.append(message)


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
