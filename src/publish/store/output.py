"""Writing outputs atomically: a reader never sees half a file.

The bytes go to a temporary file in the target folder, are flushed to disk, and only
then renamed over the target, so a failed or interrupted build leaves the previous output
untouched and no stray files behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..diagnostics import PublishError


class OutputError(PublishError):
    """An output cannot be written (missing permission, a file where a folder should be,
    a full disk): the user's to fix, so exit status 2, not an internal error."""


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; return the path.

    Raises OutputError when the folder or the file cannot be written.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                   dir=target.parent)
    except FileExistsError:  # mkdir: a file is in the way of the folder
        raise OutputError(f"{target}: error: cannot write there: {target.parent} is not a "
                          "folder") \
            from None
    except OSError as exc:
        raise _output_error(target, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise _output_error(target, exc) from None
        raise
    return target


def _output_error(target: Path, exc: OSError) -> OutputError:
    return OutputError(f"{target}: error: cannot write there: {exc.strerror or exc}")
