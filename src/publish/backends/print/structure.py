"""The booklet's tags carried onto the imposed sheets, so the print file stays a tagged PDF.

Imposition paints each booklet page as a form XObject on a sheet.  The page's content
keeps its marked-content sequences (``/P <</MCID 3>> BDC ... EMC``, artifacts), so its
structure can follow it, as ISO 32000-1 (14.7.4.3) describes for marked content inside a
form: the form gets the page's ``/StructParents`` (the parent tree entry still lists the
same elements by MCID), and every content item of the page becomes a marked-content
reference ``<</Type /MCR /Pg sheet /Stm form /MCID n>>``; each element's ``/Pg`` becomes
the sheet.  The reading order stays the booklet's, whatever the printing order.

What the sheets do not carry is dropped from the tree rather than left pointing at pages
that no longer exist: link annotations (their ``/OBJR`` kids and parent tree entries),
bookmarks and named destinations.
"""

from __future__ import annotations

from dataclasses import dataclass

import pikepdf


@dataclass(frozen=True)
class Placement:
    """Where one booklet page went: the sheet that paints it, and the form it became."""

    sheet: pikepdf.Dictionary
    form: pikepdf.Stream


def carry(pdf: pikepdf.Pdf, placements: dict[tuple[int, int], Placement]) -> None:
    """Point ``pdf``'s structure tree at the sheets and forms (``placements`` by the
    ``objgen`` of the booklet page).  A PDF without a structure tree is left alone."""
    root = pdf.Root.get("/StructTreeRoot")
    dropped: set[int] = set()
    if root is not None:
        for element in _elements(root):
            _retag(element, placements, dropped)
        _drop_parent_entries(root, dropped)
    for key in ("/Outlines", "/PageMode", "/OpenAction"):
        if key in pdf.Root:
            del pdf.Root[key]
    names = pdf.Root.get("/Names")
    if names is not None and "/Dests" in names:
        del names["/Dests"]
        if not names.keys():
            del pdf.Root["/Names"]


def _elements(root: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    """Every structure element, once: those under the root, and those the parent tree
    names with their ancestors (WeasyPrint 70 lists some elements there, e.g. spans under
    ``/NonStruct``, that no ``/K`` reaches; they still hold MCIDs of the pages)."""
    found: dict[tuple[int, int], pikepdf.Dictionary] = {}
    todo = [root]
    tree = root.get("/ParentTree")
    if tree is not None and "/Nums" in tree:
        for value in list(tree.Nums)[1::2]:
            todo += list(value) if isinstance(value, pikepdf.Array) else [value]
    while todo:
        element = todo.pop()
        if not isinstance(element, pikepdf.Dictionary) or \
                element.get("/Type") in ("/MCR", "/OBJR") or element.objgen in found:
            continue
        found[element.objgen] = element
        kids = element.get("/K")
        todo += list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        if element.get("/P") is not None:
            todo.append(element.P)
    del found[root.objgen]
    return list(found.values())


def _retag(element: pikepdf.Dictionary, placements: dict[tuple[int, int], Placement],
           dropped: set[int]) -> None:
    """Rewrite ``element``'s own page and content items (not its child elements')."""
    page = element.get("/Pg")
    place = placements.get(page.objgen) if page is not None else None
    if place is not None:
        element.Pg = place.sheet
    kids = element.get("/K")
    if kids is None:
        return
    single = not isinstance(kids, pikepdf.Array)
    out = []
    for kid in [kids] if single else list(kids):
        if isinstance(kid, int) and not isinstance(kid, bool):
            if place is None:
                raise ValueError("a content item on a page that was not imposed")
            out.append(pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=place.sheet,
                                          Stm=place.form, MCID=kid))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
            annotation = kid.get("/Obj")
            if annotation is not None and "/StructParent" in annotation:
                dropped.add(int(annotation.StructParent))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            mcr = placements.get(kid.Pg.objgen) if "/Pg" in kid else place
            if mcr is None:
                raise ValueError("a content item on a page that was not imposed")
            out.append(pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=mcr.sheet,
                                          Stm=kid.get("/Stm", mcr.form), MCID=kid.MCID))
        else:
            out.append(kid)
    element.K = out[0] if single and len(out) == 1 else pikepdf.Array(out)


def _drop_parent_entries(root: pikepdf.Dictionary, keys: set[int]) -> None:
    """Remove the parent tree entries of the annotations that were left behind.

    WeasyPrint writes the parent tree as one flat ``/Nums`` array; a tree with ``/Kids``
    is left as it is (its stale entries name elements that still exist, which is harmless).
    """
    tree = root.get("/ParentTree")
    if tree is None or "/Nums" not in tree or not keys:
        return
    nums = list(tree.Nums)
    kept = []
    for key, value in zip(nums[::2], nums[1::2]):
        if int(key) not in keys:
            kept += [key, value]
    tree.Nums = pikepdf.Array(kept)
