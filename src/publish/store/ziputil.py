"""Re-zipping an archive into byte-identical form (EPUB and PPTX are zips).

ebooklib 0.20 and python-pptx stamp every zip entry with the current time, so two
builds of the same book differ.  The archive is rewritten with every entry dated from
``SOURCE_DATE_EPOCH`` (1980-01-01 without it, the zip format's epoch), the same
permissions and creator system everywhere, and a fixed compression level.  Entry order
is kept.  An EPUB also needs its ``mimetype`` entry first and stored (OCF).
"""

from __future__ import annotations

import io
import time
import zipfile
from typing import Sequence

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
LEVEL = 9


def zip_date(epoch: int | None) -> tuple[int, int, int, int, int, int]:
    """The entry timestamp: the epoch in UTC, clamped to what a zip can store."""
    if epoch is None:
        return ZIP_EPOCH
    stamp = time.gmtime(max(epoch, 315532800))  # 1980-01-01T00:00:00Z
    if stamp.tm_year > 2107:
        return (2107, 12, 31, 23, 59, 58)
    return (stamp.tm_year, stamp.tm_mon, stamp.tm_mday, stamp.tm_hour, stamp.tm_min,
            stamp.tm_sec - stamp.tm_sec % 2)


def normalise(data: bytes, epoch: int | None,
              stored_first: tuple[str, bytes] | None = None) -> bytes:
    """``data`` (a zip) rewritten deterministically.

    ``stored_first`` is a (name, content) entry written first and uncompressed, replacing
    any entry of that name (an EPUB's ``mimetype``).
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    return archive(entries, epoch, stored_first)


def archive(entries: Sequence[tuple[str, bytes]], epoch: int | None,
            stored_first: tuple[str, bytes] | None = None) -> bytes:
    """A zip of ``entries`` (name, content) in their order, written as ``normalise``
    writes: for a writer that has the entries at hand, so nothing is compressed twice."""
    date = zip_date(epoch)
    names = [name for name, _ in entries]
    if len(set(names)) != len(names):
        raise RuntimeError("duplicate entry in the archive: " + ", ".join(
            sorted({n for n in names if names.count(n) > 1})))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        if stored_first is not None:
            target.writestr(_info(stored_first[0], date, zipfile.ZIP_STORED), stored_first[1])
        for name, content in entries:
            if stored_first is None or name != stored_first[0]:
                target.writestr(_info(name, date, zipfile.ZIP_DEFLATED), content,
                                compresslevel=LEVEL)
    return out.getvalue()


def _info(name: str, date: tuple[int, ...], method: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date)  # type: ignore[arg-type]
    info.compress_type = method
    info.create_system = 3                        # Unix, whatever the build machine is
    info.external_attr = (0o100644 & 0xFFFF) << 16
    return info
