"""Reading sources: the Markdown interview format and the raw-transcript importer.

``load`` and ``parse_checked`` come from ``parse`` (the module, whose ``parse`` function
parses a text), imported on first use: a collection file is read (``collection``)
without loading the Markdown parser, which a build whose members are all in the build
cache never needs (60 ms of its start).
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["load", "parse_checked"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module(".parse", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
