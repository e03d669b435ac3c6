"""Each chapter of an anthology tagged with its own language in the PDF's structure tree.

The catalog's ``/Lang`` names the volume's language, and WeasyPrint writes no ``/Lang``
on the structure elements it makes from an element with a ``lang`` of its own.  So a
Japanese chapter in an English volume would be read aloud by a screen reader as English
(PDF/UA-1, 7.2: the language of every passage must be determinable).  This sets ``/Lang``
on every top-level structure element of a chapter whose language is not the volume's.

Chapters open on a page of their own, so the elements WeasyPrint makes for a page (one
per top-level box: ``main`` becomes a ``Part`` on each page it spans) belong to the
chapter that page is in, found from the chapters' anchors (``c<n>-h``, the named
destinations the contents link to).  Only a mixed-language anthology is rewritten
(pikepdf, ~0.1 s); the result is saved with an identifier computed from its content, as
``merge.join`` saves, so equal inputs give equal bytes.
"""

from __future__ import annotations

import bisect
import io

import pikepdf
from pikepdf import Dictionary, Pdf


def tag_chapter_languages(data: bytes, languages: list[str], volume: str) -> bytes:
    """``data`` with ``/Lang`` on the structure elements of each chapter whose language
    (``languages[n - 1]`` for chapter ``n``) is not ``volume``'s; unchanged if none is."""
    if all(language == volume for language in languages):
        return data
    with Pdf.open(io.BytesIO(data)) as pdf:
        index = {page.objgen: number for number, page in enumerate(pdf.pages)}
        starts = _chapter_starts(pdf, index, languages)
        if not starts:
            return data
        first_pages = [page for page, _ in starts]
        for element in _top_elements(pdf):
            page = index.get(element.Pg.objgen, -1) if "/Pg" in element else -1
            at = bisect.bisect_right(first_pages, page) - 1
            if page >= 0 and at >= 0 and starts[at][1] != volume:
                element.Lang = pikepdf.String(starts[at][1])
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


def _chapter_starts(pdf: Pdf, index: dict[tuple[int, int], int],
                    languages: list[str]) -> list[tuple[int, str]]:
    """(first page, language) of each chapter, in page order; empty if a chapter's
    anchor is missing (then nothing is tagged rather than tagged wrongly)."""
    if "/Names" not in pdf.Root or "/Dests" not in pdf.Root.Names:
        return []
    dests = pikepdf.NameTree(pdf.Root.Names.Dests)
    found = []
    for number, language in enumerate(languages, start=1):
        target = dests.get(f"c{number}-h")
        if isinstance(target, Dictionary):
            target = target.get("/D")
        page = index.get(target[0].objgen) if isinstance(target, pikepdf.Array) else None
        if page is None:
            return []
        found.append((page, language))
    return sorted(found)


def _top_elements(pdf: Pdf) -> list[Dictionary]:
    """The structure elements right under the ``Document`` element."""
    root = pdf.Root.get("/StructTreeRoot")
    kids = root.get("/K") if root is not None else None
    document = kids[0] if isinstance(kids, pikepdf.Array) and len(kids) else kids
    elements = document.get("/K") if isinstance(document, Dictionary) else None
    if isinstance(elements, Dictionary):
        return [elements]
    return [e for e in elements or [] if isinstance(e, Dictionary)]
