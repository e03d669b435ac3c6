"""The source read, checked and copy-edited: the model every backend starts from, cached.

Reading a source means importing markdown-it-py and PyYAML, parsing, checking, then the
copy-editing pass, whose first AutoCorrect call builds its rule set: about 55 ms of a
0.6 s PDF build, spent again on every rebuild of a source that did not change.  So the
prepared model (and the warnings found on the way) is kept in the build cache
(``.cache/publish/models``) and read back in about 1 ms when nothing it depends on
changed.

An entry is named by a digest of everything that can change the model: the source's
bytes and path (as given: ``seeds/a.md`` and ``/abs/seeds/a.md`` are two entries, since
the model and its located warnings carry the path as written), every module of this
package (so any change to the code, the parser or the pass makes new entries) and the
installed parser, YAML and AutoCorrect libraries.
A source with errors is never cached: its located errors are raised on every build.
An unreadable or unwritable cache costs time, never the build.

A collection file is kept the same way (``read_collection``): reading it imports PyYAML,
and copy-editing the volume's title (``typeset_meta``) makes AutoCorrect build its rule
set, 50 ms together at the start of an anthology whose members all come from the cache.
Its members' presence is checked again on every build, since the file names them only.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from .diagnostics import Diagnostic
from .model import Interview, Meta
from .store.cache import cache_root
from .store.output import OutputError, write_atomic

CACHE_VERSION = "model-1"  # bump when the entry's layout changes
# Libraries whose behaviour shapes the model; identified by their installed files.
LIBRARIES = ("markdown_it", "mdit_py_plugins", "yaml", "autocorrect_py")
PACKAGE = Path(__file__).resolve().parent
T = TypeVar("T")

if TYPE_CHECKING:
    from .source.collection import CollectionFile


def prepare(source: str | Path,
            cache_dir: str | Path | None = None) -> tuple[Interview, list[Diagnostic]]:
    """``load(source)`` then ``typeset()``, or the same result from the build cache."""
    try:
        data = Path(source).read_bytes()
    except OSError:
        return _prepare(source)  # ``load`` reports it, located
    return _remembered("models", _key(Path(source), data), lambda: _prepare(source, data),
                       _is_prepared, cache_dir)


def read_collection(source: str | Path,
                    cache_dir: str | Path | None = None) -> CollectionFile:
    """``load_collection(source)``, or the same reading from the build cache while the
    file is unchanged and its members are still in place (``members_in_place``)."""
    from .source.collection import CollectionFile, load_collection, members_in_place

    try:
        data = Path(source).read_bytes()
    except OSError:
        return load_collection(source)  # which reports it, located
    return _remembered("collections", _key(Path(source), data),
                       lambda: load_collection(source),
                       lambda found: isinstance(found, CollectionFile)
                       and found.path == str(source) and members_in_place(found),
                       cache_dir)


def typeset_meta(meta: Meta, path: str, cache_dir: str | Path | None = None) -> Meta:
    """A collection's own metadata (title, subtitle ...) copy-edited as its interviews'
    are (``typography.typeset``), or the same result from the build cache."""
    def produce() -> Meta:
        from .text.typography import typeset

        return typeset(Interview(meta, (), path)).meta

    key = _key(Path(path), repr(meta).encode("utf-8", "surrogatepass"))
    return _remembered("metadata", key, produce, lambda found: isinstance(found, Meta),
                       cache_dir)


def _remembered(folder: str, key: str, produce: Callable[[], T],
                accept: Callable[[Any], bool], cache_dir: str | Path | None) -> T:
    """The entry ``key`` of the cache's ``folder`` if it holds what ``accept`` accepts,
    else ``produce()``, kept there (an error raised by ``produce`` keeps nothing)."""
    entry = cache_root(cache_dir) / folder / f"{key}.pickle"
    try:
        found = pickle.loads(entry.read_bytes())
        if accept(found):
            return found
    except Exception:  # noqa: BLE001 - missing, truncated or foreign: produce afresh
        pass
    value = produce()
    try:
        write_atomic(entry, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except (OutputError, OSError, pickle.PicklingError):
        pass
    return value


def _prepare(source: str | Path,
             data: bytes | None = None) -> tuple[Interview, list[Diagnostic]]:
    """Read (unless ``data`` holds the file already), check and copy-edit ``source``."""
    from .source import load
    from .source.parse import decode, parse_checked
    from .text.typography import typeset

    if data is None:
        interview, diagnostics = load(source)
    else:
        name = str(source)
        interview, diagnostics = parse_checked(decode(data, name), name)
    return typeset(interview), list(diagnostics)


def _is_prepared(found: Any) -> bool:
    return isinstance(found, tuple) and len(found) == 2 and \
        isinstance(found[0], Interview) and isinstance(found[1], list)


def _key(source: Path, data: bytes | None = None) -> str:
    """The entry name for ``source`` (holding ``data``, read when not given) as the
    installed code would prepare it."""
    data = source.read_bytes() if data is None else data
    path = str(source)  # as given, as the model and its diagnostics carry it
    state = hashlib.sha256()
    for part in (CACHE_VERSION.encode(), sys.version.encode(), path.encode("utf-8",
                 "surrogateescape"), data, _code_fingerprint().encode()):
        state.update(len(part).to_bytes(8, "big") + part)
    return state.hexdigest()[:32]


def _code_fingerprint() -> str:
    """Every module of this package by content, and the libraries by their installed
    files' size and modification time: taken once per process (and package folder), as
    the code a process runs does not change under it; a collection's members would
    otherwise read the package's 80 files once each."""
    return _fingerprint(PACKAGE)


@functools.lru_cache(maxsize=4)
def _fingerprint(package: Path) -> str:
    state = hashlib.sha256()
    for module in sorted(package.rglob("*.py")):
        code = module.read_bytes()
        state.update(str(module.relative_to(package)).encode() + b"\0" +
                     len(code).to_bytes(8, "big") + code)
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin) if spec is not None and spec.origin else None
        if origin is None or not origin.exists():
            state.update(f"{name}: missing\n".encode())
            continue
        stat = origin.stat()
        state.update(f"{name}: {origin} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return state.hexdigest()
