"""When Python's cyclic garbage collector may run during a build.

Layout allocates hundreds of thousands of small objects, many in reference cycles (boxes
and their parents, styles and theirs).  The collector would keep interrupting it to scan
them (10-15 % of a render), and nothing needs collecting until the render is done, so
it is paused meanwhile (``paused_gc``).

When it resumes, its first pass scans everything allocated during the pause: for a
ten-interview anthology 330,000 objects, a quarter of a second at the end of the build.
A process that exits right after its build (``publish build`` from the command line)
has no use for that memory back: there the render's objects are frozen instead
(``gc.freeze``), left out of every later pass and returned to the system at exit.  A
long-lived process (the preview server, a test session) collects as usual.
"""

from __future__ import annotations

import contextlib
import gc
from typing import Iterator

_one_shot = False


def leave_garbage_to_exit() -> None:
    """This process ends after its build: from now on, what a paused render allocated
    is frozen, not collected (module docstring)."""
    global _one_shot
    _one_shot = True


def leaves_garbage_to_exit() -> bool:
    return _one_shot


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (reference counting goes on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if _one_shot:
                gc.freeze()
            gc.enable()
