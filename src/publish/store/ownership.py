"""Which files in an output folder publish wrote, so a build never replaces anything else.

A build writes ``output/<stem>.pdf`` and friends.  A file of that name may be the
user's own (a PDF they made by hand, a deck they edited and saved), and replacing it
would lose it.  So every output written is recorded with the SHA-256 of its bytes (and
the source it was built from), in ``<output folder>/.publish-written/<file name>.sha256`` (one small file per output, so
builds of different formats into one folder never race on a shared list).  Before
anything is rendered, each output a build will write is checked:

- absent: fine;
- present, and its bytes are the ones recorded: publish wrote it, it is replaced (with a
  warning when the record says another source made it: ``built_from_another``);
- present otherwise (never recorded, or changed since): refused without ``--force``;
- one of the build's own inputs (``talk.html`` built into its own folder as html):
  always refused, ``--force`` or not.

All problems are found before the first byte is written, as one error; once every format
is rendered, all outputs are checked again, and each just before it is written
(rendering an anthology takes seconds, and a file saved meanwhile is the user's).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterable

from .output import OutputError, write_atomic

RECORDS = ".publish-written"


def record_path(target: Path) -> Path:
    return target.parent / RECORDS / f"{target.name}.sha256"


def sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _record(target: Path) -> tuple[str, str]:
    """The digest recorded for ``target`` and the source it was built from ('' for a
    record that names none, as records did before they named it)."""
    try:
        lines = record_path(target).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return "", ""
    return (lines[0].strip() if lines else ""), (lines[1] if len(lines) > 1 else "")


def written_by_publish(target: Path) -> bool:
    """Whether ``target`` holds exactly the bytes a build last recorded for it."""
    recorded = _record(target)[0]
    try:
        return bool(recorded) and sha256(target) == recorded
    except OSError:
        return False


def built_from_another(targets: Iterable[Path], source: Path) -> list[str]:
    """A warning for each output a build replaces that an earlier build made from
    another source (``a/talk.md`` and ``b/talk.md``, or ``talk.md`` and ``talk.yaml``,
    built into one folder): allowed, since publish wrote it, but not silently."""
    warnings = []
    mine = str(source.resolve())
    for target in targets:
        earlier = _record(target)[1]  # read first: an output is hashed only if another
        if earlier and earlier != mine and target.is_file() and written_by_publish(target):
            warnings.append(f"warning: {target} was built from {earlier}; this build of "
                            f"{source} replaces it (give another --output-dir to keep both)")
    return warnings


def check_targets(targets: Iterable[Path], inputs: Iterable[Path], force: bool) -> None:
    """Raise OutputError naming every target a build must not write (module docstring),
    and any two targets that are one file (``Talk.handout.pdf`` and ``talk.handout.pdf``
    on a case-insensitive disk, a collection ``x.handout.yaml`` and its member ``x.md``)."""
    sources = {_identity(path) for path in inputs}
    problems = []
    seen: dict[str, Path] = {}
    for target in targets:
        key = os.path.normcase(os.path.abspath(target)).casefold()
        if key in seen:
            problems.append(f"{target}: error: {seen[key]} would be this same file too: "
                            "rename a source")
        seen.setdefault(key, target)
        if not target.exists() and not target.is_symlink():
            continue
        if _identity(target) in sources:
            problems.append(f"{target}: error: this file is an input of this build; writing the output "
                            "there would replace it: give another --output-dir")
        elif target.is_dir():
            problems.append(f"{target}: error: cannot write there: it is a folder")
        elif not force and not written_by_publish(target):
            problems.append(f"{target}: error: exists and was not written by publish (or was "
                            "changed since): pass --force (make: FORCE=1) to replace it, or "
                            "give another --output-dir")
    if problems:
        raise OutputError("\n".join(problems))


def remember(target: Path, data: bytes, source: Path | None = None) -> None:
    """Record ``target`` as written by publish with ``data`` (from ``source``); a record
    that cannot be written only means the next build asks for ``--force``."""
    record = hashlib.sha256(data).hexdigest()
    if source is not None:
        record += "\n" + str(source.resolve())
    try:
        write_atomic(record_path(target), record.encode("utf-8", "surrogateescape"))
    except OutputError:
        pass


def _identity(path: Path) -> tuple[int, int] | Path:
    """The file itself, however it is named (a symlink, ``./x``, a hard link)."""
    try:
        info = path.stat()
        return (info.st_dev, info.st_ino)
    except OSError:
        return path.resolve()
