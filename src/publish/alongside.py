"""The formats after the first, shared between this process and a forked child.

A build renders its first format here (the PDF takes ~0.45 s for an interview) while a
child (``child.Aside``) renders the others (the EPUB and the deck, ~0.2 s together): a
machine has two cores.  The child only returns bytes; this process takes them in order
(``take``) and, once every format is rendered, writes every output (``build``), so a
failed build writes nothing, as a sequential one that renders all first would.

Which process renders which format is settled as they go.  Each format is a *job* with a
claim of its own, a pipe holding one byte: whoever reads the byte renders the job, and
the other finds the pipe empty.  The child claims jobs from the last to the first; this
process, once its own format is done, claims from the first on, in the order it writes
them.  So neither waits while the other has a job left unstarted: for an anthology, whose
PDF takes both cores (laid out in halves) and whose deck takes three times its EPUB, the
child starts on the deck when the PDF's second half is done, and this process renders the
EPUB once it has joined the halves, instead of waiting for the child to render both.

Whatever the child did not deliver (it failed, hung, or could not be forked) is rendered
here, and a job that fails here while claimed early raises its error in its turn (this
process then claims no more: the build fails there, or at an earlier job), so results
and errors are exactly those of a sequential build.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Sequence

from . import backends
from .child import Aside, lend_core

if TYPE_CHECKING:
    from .build import Rendered


class Claims:
    """One claim per job, each a pipe holding one byte (module docstring).  Created
    before the fork, so both processes hold every read end; the write ends are closed
    at once, so an emptied pipe reads as empty instead of blocking."""

    def __init__(self, count: int) -> None:
        self._ends: list[int] = []
        try:
            for _ in range(count):
                reader, writer = os.pipe()
                self._ends.append(reader)
                os.write(writer, b"\0")
                os.close(writer)
        except OSError:  # out of descriptors: every job is the child's, as if claimed
            self.close()

    def claim(self, job: int) -> bool:
        """True once, to the first process that asks for ``job``; False to any other
        (and to every process when the claims could not be made)."""
        if job >= len(self._ends):
            return False
        try:
            return os.read(self._ends[job], 1) == b"\0"
        except OSError:
            return False

    @property
    def made(self) -> bool:
        return bool(self._ends)

    def close(self) -> None:
        while self._ends:
            with contextlib.suppress(OSError):
                os.close(self._ends.pop())


class Alongside:
    """The jobs after the first, rendered by a forked child and by this process once it is
    free (module docstring).  ``deferred`` when the first job takes both cores itself:
    the child then imports its backends, and waits for a core to free before rendering
    (``child``)."""

    def __init__(self, names: Sequence[str], render: Callable[[str], "Rendered"],
                 deferred: bool = False) -> None:
        self._names = list(names)
        self._render = render
        self._claims = Claims(len(self._names))
        self._aside: Aside[dict[str, "Rendered"]] | None = None
        self._done: dict[str, "Rendered"] | None = None
        self._mine: dict[str, "Rendered"] = {}
        self._failed: dict[str, Exception] = {}
        if self._names:
            self._aside = Aside(self._render_claimed, deferred=deferred,
                                ready=lambda: self._preload(self._names))

    def _render_claimed(self) -> dict[str, "Rendered"]:
        """In the child: each job it claims, from the last; a failing one is left out,
        to be rendered again here, where its error is reported."""
        done = {}
        for job in reversed(range(len(self._names))):
            if not self._claims.made or self._claims.claim(job):
                with contextlib.suppress(Exception):
                    done[self._names[job]] = self._render(self._names[job])
        return done

    @staticmethod
    def _preload(names: Sequence[str]) -> None:
        """In the child, before it waits for a core: import the formats' backends."""
        for fmt in dict.fromkeys(name.partition("#")[0] for name in names):
            with contextlib.suppress(Exception):  # rendering reports what failed, here
                backends.preload(fmt)

    def take(self, name: str) -> "Rendered | None":
        """What was rendered alongside for ``name``, or None: then render it here.

        The first time, this process renders every job the child has not claimed, in
        order (up to one that fails: its error is raised in its turn), then waits for the
        child's."""
        if self._aside is None or name not in self._names:
            return None
        if self._done is None:
            lend_core()  # this process is free: a deferred child may start
            for job, other in enumerate(self._names):
                if self._failed or not self._aside.started or not self._claims.claim(job):
                    continue
                try:
                    self._mine[other] = self._render(other)
                except Exception as exc:  # noqa: BLE001 - raised in its turn, below
                    self._failed[other] = exc
            self._done = (self._aside.result() or {}) if self._aside.started else {}
            self._claims.close()
        if name in self._failed:
            raise self._failed.pop(name)
        if name in self._mine:
            return self._mine.pop(name)
        done = self._done.pop(name, None)
        return None if done is None else replace(done, alongside=True)

    def __enter__(self) -> "Alongside":
        return self

    def __exit__(self, *exc: object) -> None:
        self._claims.close()
        if self._aside is not None:
            self._aside.cancel()
