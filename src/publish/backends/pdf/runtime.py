"""How WeasyPrint is loaded and run: the fixed costs of a PDF build, kept down.

Import.  WeasyPrint opens Pango, HarfBuzz and friends by trying several names per
library (``libgobject-2.0-0``, ``gobject-2.0``, ..., ``libgobject-2.0.so.0``).  cffi hands
every name it cannot load as given to ``ctypes.util.find_library``, which on Linux runs
``ldconfig -p`` and then ``gcc``/``ld`` for each miss: about 0.13 s of a 1 s build.  The
``lib*.so.N`` names in each list load directly through the dynamic linker, so while
WeasyPrint is first imported on Linux the search answers "not found" at once.  If that
import fails for any reason, it is retried with the real ``find_library``.

Render.  Layout allocates hundreds of thousands of small objects; Python's cyclic
garbage collector keeps interrupting it to scan them (10-15 % of a render).  Nothing
needs collecting until the PDF is written, so the collector is paused meanwhile and
resumed (as it was) afterwards.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import gc
import sys
from typing import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (reference counting goes on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def _no_library_search() -> Iterator[None]:
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = original


def import_weasyprint() -> None:
    """Make ``import weasyprint`` cheap for the rest of the process (idempotent)."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        return
    try:
        with _no_library_search(), paused_gc():
            import weasyprint  # noqa: F401
    except (OSError, ImportError):
        for name in [n for n in sys.modules if n == "weasyprint" or
                     n.startswith("weasyprint.")]:
            del sys.modules[name]
        import weasyprint  # noqa: F401,F811
