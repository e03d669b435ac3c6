"""Subsetting the body font to the characters the book uses, with an on-disk cache.

A Noto CJK face is 20-30 MB; an EPUB only needs the few hundred glyphs its text uses.
HarfBuzz's subsetter (uharfbuzz) cuts a CFF CJK face in milliseconds, where fontTools takes
seconds.  The result is still cached by (font file, face index, mtime, character set), so a
rebuild with unchanged text never subsets again.

Two choices keep the subset small without losing anything horizontal text needs:

- ``locl`` and the vertical features (``vert``, ``vrt2`` ...) are not kept: their closure
  pulls in the Japanese/Korean/Traditional variants and vertical forms of every
  character, which nearly doubles the glyph count.  The face chosen for the book's
  language already has that language's forms as its defaults.
- CFF charstrings are desubroutinized: the full font's subroutines mostly serve glyphs
  that are gone, and flat charstrings compress better inside the zip.

The name table keeps the license and its URL (name IDs 13, 14) besides the usual
family/style names, so the embedded font still carries its SIL OFL notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ...fonts import FontFace
from ...cache import cache_root, cached, subset_key

CACHE_VERSION = "1"  # bump when the subsetting recipe changes
DROP_FEATURES = frozenset({"locl"})
DROP_TABLES = ("VORG", "vhea", "vmtx", "DSIG")
KEEP_NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 13, 14)


@dataclass(frozen=True)
class Subset:
    """An embeddable font: its bytes and format."""

    data: bytes
    media_type: str
    suffix: str
    glyph_count: int


def subset_font(face: FontFace, chars: Iterable[str], cache_dir: str | Path | None = None,
                ) -> Subset:
    """The subset of ``face`` holding ``chars``, from the cache when possible."""
    codepoints = sorted({ord(c) for c in chars})
    folder = cache_root(cache_dir) / "fonts"
    key = subset_key(CACHE_VERSION, face.path, face.index, codepoints)
    data, _ = cached(folder, f"{key}.sfnt", lambda: _subset(face, codepoints))
    return _describe(data)


def _subset(face: FontFace, codepoints: list[int]) -> bytes:
    """Run HarfBuzz's subsetter (the slow path the cache avoids)."""
    import uharfbuzz as hb

    source = hb.Face(hb.Blob.from_file_path(str(face.path)), face.index)
    plan = hb.SubsetInput()
    plan.unicode_set.update(codepoints)
    plan.flags = hb.SubsetFlags.DESUBROUTINIZE
    features = plan.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG)
    dropped = [tag for tag in features if not _keep_feature(tag)]
    for tag in dropped:
        features.remove(tag)
    plan.sets(hb.SubsetInputSets.DROP_TABLE_TAG).update(_tag(t) for t in DROP_TABLES)
    names = plan.sets(hb.SubsetInputSets.NAME_ID)
    names.clear()
    names.update(KEEP_NAME_IDS)
    result = hb.subset(source, plan)
    if result is None:
        raise RuntimeError(f"HarfBuzz could not subset {face.path} (face {face.index})")
    return bytes(result.blob.data)


def _keep_feature(tag: int) -> bool:
    name = tag.to_bytes(4, "big").decode("latin-1")
    return name not in DROP_FEATURES and not name.startswith("v")


def _tag(name: str) -> int:
    return int.from_bytes(name.encode("latin-1"), "big")


def _describe(data: bytes) -> Subset:
    """Tell OpenType-CFF from TrueType outlines by the sfnt version tag."""
    import uharfbuzz as hb

    glyphs = hb.Face(hb.Blob(data)).glyph_count
    if data[:4] == b"OTTO":
        return Subset(data, "font/otf", ".otf", glyphs)
    return Subset(data, "font/ttf", ".ttf", glyphs)
