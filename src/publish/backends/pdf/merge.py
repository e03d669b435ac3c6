"""Join two tagged PDFs written by WeasyPrint into one, as if it had written them as one.

The anthology is laid out in two halves on two cores (``split``); this puts the second
half's pages after the first's and joins everything a reader or a checker follows
across them: the structure tree (the second half's elements go under the first's
``Document`` element, its marked-content keys are renumbered after the first's), the
outline (its top-level entries follow the first's), and the named destinations (its
anchors replace the stand-ins the first half's contents links point at).  The first
half's catalog, metadata, language and identifier are kept.  qpdf (pikepdf) copies the
objects; the result is saved with an identifier computed from its content, so equal
halves give equal bytes.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any, NamedTuple

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf


def join(first: bytes, second: bytes) -> bytes:
    """``first`` then ``second``: one PDF."""
    with Pdf.open(io.BytesIO(first)) as main, Pdf.open(io.BytesIO(second)) as tail:
        _retag_subsets(tail, _subset_tags(_fonts(main)))
        offset = _next_struct_key(main)
        start = len(main.pages)
        main.pages.extend(tail.pages)
        added = list(main.pages)[start:]
        theirs = _Tail(*_copy_parts(main, tail))
        _join_structure(main, theirs, offset, added)
        _join_destinations(main, theirs.names)
        _join_outlines(main, theirs.outlines)
        out = io.BytesIO()
        main.save(out, deterministic_id=True,
                  object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


class _Tail(NamedTuple):
    """What the tail adds besides its pages, copied into the main PDF."""

    document: Dictionary  # its ``Document`` structure element
    nums: Array  # its parent tree, flat: key, value, key, value ...
    names: Array  # its named destinations, flat: name, destination ...
    outlines: pikepdf.Object  # its outline dictionary, or null


def _copy_parts(main: Pdf, tail: Pdf) -> tuple[Any, ...]:
    """The tail's structure, parent tree, destinations and outline, usable in ``main``.

    They go across in one foreign copy, of an array holding all four: qpdf copies what
    it reaches in one pass (mapping each indirect object once, so the tail's pages stay
    the pages already appended), where copying them piece by piece from Python cost as
    much as opening both halves.
    """
    parts = tail.make_indirect(Array([
        tail.Root.StructTreeRoot.K[0],
        _parent_tree(tail).Nums,
        _dest_names(tail),
        tail.Root.get("/Outlines", None)]))
    return tuple(main.copy_foreign(parts))


def _fonts(pdf: Pdf) -> list[Dictionary]:
    """The font and font-descriptor dictionaries of ``pdf`` (one scan of its objects)."""
    return [obj for obj in pdf.objects if isinstance(obj, Dictionary)
            and obj.get("/Type") in ("/Font", "/FontDescriptor")]


def _subset_tags(fonts: list[Dictionary]) -> set[str]:
    """The six-letter tags (``ABCDEF+``) of the font subsets among ``fonts``."""
    tags = set()
    for obj in fonts:
        name = str(obj.get("/BaseFont", obj.get("/FontName", "")))[1:]
        if len(name) > 7 and name[6] == "+":
            tags.add(name[:6])
    return tags


def _retag_subsets(tail: Pdf, taken: set[str]) -> None:
    """Give the tail's font subsets tags the main PDF does not use.

    Each half has its own subsets of the same faces, which WeasyPrint tags alike; the
    PDF specification (ISO 32000-1, 9.6.4) wants different subsets in one file to have
    different tags.  New tags are drawn from a digest of the old, so they are stable.
    """
    fonts = _fonts(tail)
    renamed: dict[str, str] = {}
    for tag in sorted(_subset_tags(fonts)):
        seed, new = tag, tag
        while new in taken or new == tag:
            seed = hashlib.sha256(seed.encode()).hexdigest()
            new = "".join(chr(65 + int(seed[i:i + 2], 16) % 26) for i in range(0, 12, 2))
        renamed[tag] = new
        taken.add(new)
    for obj in fonts:
        for key in ("/BaseFont", "/FontName"):
            name = str(obj.get(key, ""))[1:]
            if name[:6] in renamed and name[6:7] == "+":
                obj[key] = Name("/" + renamed[name[:6]] + name[6:])


def _parent_tree(pdf: Pdf) -> pikepdf.Object:
    return pdf.Root.StructTreeRoot.ParentTree


def _next_struct_key(pdf: Pdf) -> int:
    """The first key free in the number tree of marked-content parents (flat in
    WeasyPrint's output: pages first, then annotations)."""
    nums = _parent_tree(pdf).Nums
    return max((int(nums[i]) for i in range(0, len(nums), 2)), default=-1) + 1


def _join_structure(main: Pdf, tail: _Tail, offset: int,
                    added: list[pikepdf.Page]) -> None:
    """The tail's structure elements under the main ``Document`` element, and its
    parent-tree entries renumbered from ``offset`` (pages' ``StructParents`` and
    annotations' ``StructParent`` with them)."""
    document = main.Root.StructTreeRoot.K[0]
    for kid in tail.document.K:
        kid.P = document
        document.K.append(kid)
    nums = _parent_tree(main).Nums
    for i in range(0, len(tail.nums), 2):
        nums.append(int(tail.nums[i]) + offset)
        nums.append(tail.nums[i + 1])
    for page in added:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annot in page.obj.get("/Annots", Array()):
            if "/StructParent" in annot:
                annot.StructParent = int(annot.StructParent) + offset


def _dest_names(pdf: Pdf) -> Array:
    """The flat name tree of ``pdf``'s named destinations (WeasyPrint writes one level)."""
    return pdf.Root.get("/Names", Dictionary()).get("/Dests", Dictionary()).get(
        "/Names", Array())


def _named(names: Array) -> dict[bytes, pikepdf.Object]:
    return {bytes(names[i]): names[i + 1] for i in range(0, len(names), 2)}


def _join_destinations(main: Pdf, theirs: Array) -> None:
    """One sorted name tree of destinations: the tail's anchors, and the main's where
    the tail has none of that name (the main's stand-ins for the tail's are replaced)."""
    merged = _named(_dest_names(main))
    merged.update(_named(theirs))
    flat = Array()
    for name in sorted(merged):
        flat.append(pikepdf.String(name))
        flat.append(merged[name])
    if "/Names" not in main.Root:
        main.Root.Names = Dictionary()
    main.Root.Names.Dests = main.make_indirect(Dictionary(Names=flat))


def _join_outlines(main: Pdf, theirs: pikepdf.Object) -> None:
    """The tail's top-level outline entries after the main's."""
    if not isinstance(theirs, Dictionary) or "/First" not in theirs:
        return
    if "/Outlines" not in main.Root or "/First" not in main.Root.Outlines:
        main.Root.Outlines = theirs
        return
    ours = main.Root.Outlines
    item = theirs.First
    while True:
        item.Parent = ours
        if "/Next" not in item:
            break
        item = item.Next
    ours.Last.Next = theirs.First
    theirs.First.Prev = ours.Last
    ours.Last = theirs.Last
    ours.Count = int(ours.get("/Count", 0)) + int(theirs.get("/Count", 0))
