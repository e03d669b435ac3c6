"""Re-zipping ebooklib's output into byte-identical, OCF-conforming archives.

ebooklib 0.20 stamps every zip entry with the current local time, so two builds of the
same book differ.  The archive is rewritten with: ``mimetype`` first and stored (OCF
requires it), every entry dated from ``SOURCE_DATE_EPOCH`` (1980-01-01 without it, the
zip format's epoch), the same permissions and creator system everywhere, and a fixed
compression level.  Entry order is kept: ebooklib writes container, package document,
then items in manifest order.
"""

from __future__ import annotations

import io
import time
import zipfile

MIMETYPE = b"application/epub+zip"
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


def normalise(data: bytes, epoch: int | None) -> bytes:
    """``data`` (an EPUB zip) rewritten deterministically."""
    date = zip_date(epoch)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    names = [name for name, _ in entries]
    if len(set(names)) != len(names):
        raise RuntimeError("epub: duplicate entry in the archive: " + ", ".join(
            sorted({n for n in names if names.count(n) > 1})))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr(_info("mimetype", date, zipfile.ZIP_STORED), MIMETYPE)
        for name, content in entries:
            if name != "mimetype":
                target.writestr(_info(name, date, zipfile.ZIP_DEFLATED), content,
                                compresslevel=LEVEL)
    return out.getvalue()


def _info(name: str, date: tuple[int, ...], method: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date)  # type: ignore[arg-type]
    info.compress_type = method
    info.create_system = 3                        # Unix, whatever the build machine is
    info.external_attr = (0o100644 & 0xFFFF) << 16
    return info
