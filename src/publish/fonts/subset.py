"""A font face cut down to the characters a document uses, with an on-disk cache.

A Noto CJK face is 20-30 MB; a document needs the few hundred glyphs its text uses.
HarfBuzz's subsetter (uharfbuzz) cuts a CFF CJK face in milliseconds, where fontTools
takes seconds.  The result is still cached by (recipe, HarfBuzz version, font file, face
index, mtime, character set), so a rebuild with unchanged text never cuts again.

Two recipes, because the two consumers want different things:

- ``EMBED``: a font that ships inside the document as it is (the EPUB; the web edition
  too, compressed to WOFF2 by ``web_font``).  ``locl`` and the vertical features (``vert``, ``vrt2`` ...) are not kept:
  their closure pulls in the Japanese/Korean/Traditional variants and vertical forms of
  every character, which nearly doubles the glyph count, and the face chosen for the
  document's language already has that language's forms as its defaults.  The name table
  keeps the license and its URL (name IDs 13, 14), so the copy still carries its SIL OFL
  notice.
- ``PRINT``: a face handed to WeasyPrint, which subsets it again when it embeds it.  Only
  the glyph ids matter here (WeasyPrint keeps every id up to the highest one used, so a
  compact renumbering is what makes the PDF small); hinting is dropped and every layout
  feature is kept, since Pango shapes with this copy.

Both desubroutinize CFF charstrings: the full font's subroutines mostly serve glyphs that
are gone, flat charstrings compress better, and WeasyPrint would do it again anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..store.cache import cache_root, cached, subset_key
from .resolve import FontFace


@dataclass(frozen=True)
class Recipe:
    """How to cut a face, and where its results are cached.

    ``version`` is part of every cache key: bump it when the recipe changes what it
    produces.
    """

    version: str
    folder: str                      # under the build cache
    suffix: str                      # of the cache entries
    no_hinting: bool = False
    drop_locale_and_vertical: bool = False
    drop_tables: tuple[str, ...] = ()
    keep_name_ids: tuple[int, ...] | None = None   # None: HarfBuzz's default set


EMBED = Recipe("1", "fonts", ".sfnt", drop_locale_and_vertical=True,
               drop_tables=("VORG", "vhea", "vmtx", "DSIG"),
               keep_name_ids=(0, 1, 2, 3, 4, 5, 6, 13, 14))
PRINT = Recipe("pdf-subset-1", "pdf-fonts", ".otf", no_hinting=True)


@dataclass(frozen=True)
class Embeddable:
    """A cut-down font as a document embeds it: its bytes, format and glyph count."""

    data: bytes
    media_type: str
    suffix: str
    glyph_count: int


def subset_face(face: FontFace, chars: Iterable[str], recipe: Recipe,
                cache_dir: str | Path | None = None) -> bytes:
    """``face`` cut down to ``chars`` (glyph ids renumbered), as sfnt bytes; from the
    cache when the same face was cut the same way to the same characters before.

    Empty bytes when HarfBuzz cannot cut the face.
    """
    codepoints = sorted({ord(char) for char in chars})
    key = subset_key(recipe.version, face.path, face.index, codepoints)
    data, _ = cached(cache_root(cache_dir) / recipe.folder, f"{key}{recipe.suffix}",
                     lambda: _cut(face, codepoints, recipe))
    return data


def embeddable(face: FontFace, chars: Iterable[str], cache_dir: str | Path | None = None,
               ) -> Embeddable:
    """The ``EMBED`` subset of ``face`` holding ``chars``, described for a package."""
    data = subset_face(face, chars, EMBED, cache_dir)
    if not data:
        raise RuntimeError(f"HarfBuzz could not subset {face.path} (face {face.index})")
    return describe(data)


def web_font(face: FontFace, chars: Iterable[str], cache_dir: str | Path | None = None,
             ) -> Embeddable:
    """The ``EMBED`` subset of ``face`` holding ``chars``, compressed to WOFF2 for a web
    page (a data URI, so every byte counts: WOFF2's Brotli and glyph transforms take a
    CJK subset to about half its sfnt size).  Cached beside the sfnt subsets.

    fontTools writes the WOFF2 (with the Brotli that WeasyPrint already pulls in); the
    subset's ``head`` is kept as HarfBuzz wrote it, so equal inputs give equal bytes.
    """
    chars = list(chars)
    sfnt = subset_face(face, chars, EMBED, cache_dir)
    if not sfnt:
        raise RuntimeError(f"HarfBuzz could not subset {face.path} (face {face.index})")
    key = subset_key(EMBED.version + "-woff2-1", face.path, face.index,
                     {ord(char) for char in chars})
    data, _ = cached(cache_root(cache_dir) / EMBED.folder, f"{key}.woff2",
                     lambda: _woff2(sfnt))
    return Embeddable(data, "font/woff2", ".woff2", describe(sfnt).glyph_count)


def _woff2(sfnt: bytes) -> bytes:
    """``sfnt`` as WOFF2."""
    import io

    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(sfnt), recalcBBoxes=False, recalcTimestamp=False)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    return out.getvalue()


def _cut(face: FontFace, codepoints: list[int], recipe: Recipe) -> bytes:
    """Run HarfBuzz's subsetter (the slow path the cache avoids)."""
    import uharfbuzz as hb

    source = hb.Face(hb.Blob.from_file_path(str(face.path)), face.index)
    plan = hb.SubsetInput()
    plan.unicode_set.update(codepoints)
    plan.flags = hb.SubsetFlags.DESUBROUTINIZE | (
        hb.SubsetFlags.NO_HINTING if recipe.no_hinting else 0)
    if recipe.drop_locale_and_vertical:
        features = plan.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG)
        for tag in [tag for tag in features if not _keep_feature(tag)]:
            features.remove(tag)
    plan.sets(hb.SubsetInputSets.DROP_TABLE_TAG).update(_tag(t) for t in recipe.drop_tables)
    if recipe.keep_name_ids is not None:
        names = plan.sets(hb.SubsetInputSets.NAME_ID)
        names.clear()
        names.update(recipe.keep_name_ids)
    result = hb.subset(source, plan)
    return bytes(result.blob.data) if result is not None else b""


def _keep_feature(tag: int) -> bool:
    name = tag.to_bytes(4, "big").decode("latin-1")
    return name != "locl" and not name.startswith("v")


def _tag(name: str) -> int:
    return int.from_bytes(name.encode("latin-1"), "big")


def describe(data: bytes) -> Embeddable:
    """Tell OpenType-CFF from TrueType outlines by the sfnt version tag."""
    import uharfbuzz as hb

    glyphs = hb.Face(hb.Blob(data)).glyph_count
    if data[:4] == b"OTTO":
        return Embeddable(data, "font/otf", ".otf", glyphs)
    return Embeddable(data, "font/ttf", ".ttf", glyphs)
