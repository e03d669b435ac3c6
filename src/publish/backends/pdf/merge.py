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
        _join_structure(main, tail, offset, added)
        _join_destinations(main, tail)
        _join_outlines(main, tail)
        out = io.BytesIO()
        main.save(out, deterministic_id=True,
                  object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


def _copy(main: Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """``obj`` of another PDF, usable in ``main``: indirect objects are copied by qpdf
    (which maps each once, so the tail's pages stay the pages already appended), direct
    arrays and dictionaries are rebuilt around their copied contents."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return main.copy_foreign(obj)
    if isinstance(obj, Array):
        return Array([_copy(main, item) for item in obj])
    if isinstance(obj, Dictionary):
        return Dictionary({key: _copy(main, value) for key, value in obj.items()})
    return obj


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


def _join_structure(main: Pdf, tail: Pdf, offset: int, added: list[pikepdf.Page]) -> None:
    """The tail's structure elements under the main ``Document`` element, and its
    parent-tree entries renumbered from ``offset`` (pages' ``StructParents`` and
    annotations' ``StructParent`` with them)."""
    document = main.Root.StructTreeRoot.K[0]
    tail_document = _copy(main, tail.Root.StructTreeRoot.K[0])
    for kid in tail_document.K:
        kid.P = document
        document.K.append(kid)
    nums = _parent_tree(main).Nums
    tail_nums = _parent_tree(tail).Nums
    for i in range(0, len(tail_nums), 2):
        nums.append(int(tail_nums[i]) + offset)
        nums.append(_copy(main, tail_nums[i + 1]))
    for page in added:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annot in page.obj.get("/Annots", Array()):
            if "/StructParent" in annot:
                annot.StructParent = int(annot.StructParent) + offset


def _named(pdf: Pdf) -> dict[bytes, pikepdf.Object]:
    names = pdf.Root.get("/Names", Dictionary()).get("/Dests", Dictionary()).get(
        "/Names", Array())
    return {bytes(names[i]): names[i + 1] for i in range(0, len(names), 2)}


def _join_destinations(main: Pdf, tail: Pdf) -> None:
    """One sorted name tree of destinations: the tail's anchors, and the main's where
    the tail has none of that name (the main's stand-ins for the tail's are replaced)."""
    merged = _named(main)
    for name, dest in _named(tail).items():
        merged[name] = _copy(main, dest)
    flat = Array()
    for name in sorted(merged):
        flat.append(pikepdf.String(name))
        flat.append(merged[name])
    if "/Names" not in main.Root:
        main.Root.Names = Dictionary()
    main.Root.Names.Dests = main.make_indirect(Dictionary(Names=flat))


def _join_outlines(main: Pdf, tail: Pdf) -> None:
    """The tail's top-level outline entries after the main's."""
    if "/Outlines" not in tail.Root or "/First" not in tail.Root.Outlines:
        return
    theirs = _copy(main, tail.Root.Outlines)
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
