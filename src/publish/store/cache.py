"""A small content-addressed file cache for derived assets (font subsets, the cover).

Entries are named by a digest of everything they depend on, so a stale entry is never
read: it is simply never asked for again.  Writes are atomic; an unwritable cache costs
time, never the build.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable, Iterable

from .output import OutputError, write_atomic

DEFAULT_CACHE = Path(".cache") / "publish"
CACHE_VARIABLE = "PUBLISH_CACHE_DIR"


def cache_root(cache_dir: str | Path | None) -> Path:
    """``cache_dir`` if given, else ``$PUBLISH_CACHE_DIR``, else ``.cache/publish`` under
    the current directory."""
    if cache_dir:
        return Path(cache_dir)
    return Path(os.environ.get(CACHE_VARIABLE) or DEFAULT_CACHE)


def digest(parts: Iterable[str]) -> str:
    """A short, collision-safe name for a tuple of strings."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()[:32]


def subset_key(version: str, font_path: str | Path, index: int,
               codepoints: Iterable[int]) -> str:
    """The cache name of a font subset: everything the bytes depend on (our recipe's
    version, HarfBuzz's version, the font file and its face, the characters)."""
    import uharfbuzz as hb

    path = Path(font_path)
    stat = path.stat()
    return digest((version, hb.version_string(), str(path.resolve()), str(index),
                   str(stat.st_mtime_ns), str(stat.st_size),
                   ",".join(map(str, sorted(codepoints)))))


def cached(folder: Path, name: str, produce: Callable[[], bytes]) -> tuple[bytes, bool]:
    """``folder/name`` if present, else ``produce()`` stored there; and whether it was a hit."""
    entry = folder / name
    try:
        data = entry.read_bytes()
    except OSError:
        data = b""
    if data:
        return data, True
    data = produce()
    try:
        write_atomic(entry, data)
    except (OutputError, OSError):
        pass
    return data, False
