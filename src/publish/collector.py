"""When Python's cyclic garbage collector may run during a build.

Layout allocates hundreds of thousands of small objects, many in reference cycles (boxes
and their parents, styles and theirs).  The collector would keep interrupting it to scan
them (10-15 % of a render), and nothing needs collecting until the render is done, so
it is paused meanwhile (``paused_gc``).

When it resumes, its first pass scans everything allocated during the pause: for a
ten-interview anthology 330,000 objects, a quarter of a second at the end of the build.
A process that exits right after its build (``publish build`` from the command line)
has no use for that memory back: there, instead, every object the process holds is
frozen (``gc.freeze``), left out of every later pass and returned to the system at exit.
So a frozen cycle's finalizers never run: whatever one would clean up is cleaned up
explicitly (WeasyPrint's copies of the fonts: ``pdf.Press.done``).  Each further render
in the same process adds its garbage to the memory held.  A long-lived process (the
preview server, a test session) collects as usual.
"""

from __future__ import annotations

import contextlib
import gc
from typing import Iterator

_one_shot = False


def leave_garbage_to_exit() -> None:
    """This process ends after its build: from now on, the end of a pause freezes every
    object instead of letting the collector scan them (module docstring)."""
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
