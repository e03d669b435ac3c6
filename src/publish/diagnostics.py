"""Located messages about a source file, reported compiler-style.

Diagnostics are plain data: deep code returns them and the CLI decides how to print them,
so nothing below the CLI writes to the terminal.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import StrEnum
from typing import Iterable


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One message about one place: ``path:line:col: severity: message``."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(path: str, line: int, col: int, message: str) -> Diagnostic:
    return Diagnostic(path, max(line, 1), max(col, 1), Severity.ERROR, message)


def warning(path: str, line: int, col: int, message: str) -> Diagnostic:
    return Diagnostic(path, max(line, 1), max(col, 1), Severity.WARNING, message)


class PublishError(Exception):
    """A failure the user can fix; the CLI prints it without a traceback (exit 2)."""

    def __init__(self, diagnostics: Iterable[Diagnostic] | str) -> None:
        if isinstance(diagnostics, str):
            self.diagnostics: tuple[Diagnostic, ...] = ()
            self.text = diagnostics
        else:
            self.diagnostics = tuple(diagnostics)
            self.text = "\n".join(str(d) for d in self.diagnostics)
        super().__init__(self.text)


class SourceError(PublishError):
    """The source file has errors; ``diagnostics`` holds every message (errors first)."""

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)


def counted(n: int, word: str) -> str:
    """``1 part``, ``3 parts``: the counts the commands report."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6,
                 prefix: str = "") -> str:
    """``did you mean 'x'?`` for the choice nearest ``word`` (difflib's ratio of at least
    ``cutoff``; ``prefix`` goes before it, as a dotted option's table), else ''."""
    near = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f"did you mean '{prefix}{near[0]}'?" if near else ""

