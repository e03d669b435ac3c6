"""Deck description -> .pptx bytes, with python-pptx (only this module and ``shapes``
import it).

What python-pptx does not do for Chinese, this does by hand: every run, line break, field
and paragraph end names the face in ``a:latin`` *and* ``a:ea`` (without ``a:ea`` macOS
PowerPoint, Keynote and LibreOffice may pick a face without Han glyphs) and carries the
document's ``lang`` (its slide's, for an anthology's chapter in another language); the theme part's major/minor fonts name the same families, so text
typed later in PowerPoint uses them too.  Autofit is off everywhere: ``describe`` already
chose sizes that fit.  The zip is written with fixed entry dates so that a build with
SOURCE_DATE_EPOCH is byte-identical.

Slides, shapes and notes slides are written as the XML python-pptx's calls would write
(``shapes``: the same bytes in a fraction of the time); python-pptx still makes the
package, each layout's empty slide (once) and the deck's first notes slide, and
serializes the parts.  Uses python-pptx internals (``_sldIdLst`` and the package writer's
steps here, more in ``shapes``): pinned below 2.0, and ``tests/test_pptx_emit.py``
compares the output with what its public API writes.
"""

from __future__ import annotations

import functools
import re

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from pptx.opc.serialized import _ContentTypesItem
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from ...store.ziputil import archive
from .. import build_time
from .deck import Deck, Para, Slide, Span
from .shapes import (NotesSlides, Skeleton, add_rect, add_textbox, clone, move_title,
                     new_slide, set_background)

ALIGN = {"left": "l", "center": "ctr", "right": "r"}
# PowerPoint reuses one field id for every slide-number field; a fixed GUID keeps the
# output deterministic.
SLIDENUM_ID = "{8A4F5C1E-2B6D-4E3A-9C7F-1D2E3F4A5B6C}"
PARAGRAPH_END = Span("")  # a:endParaRPr: the paragraph's own style, no link


class Tags(dict):
    """Clark names by prefixed name, each worked out by ``qn`` once: a deck writes a few
    dozen tags hundreds of thousands of times."""

    def __missing__(self, name: str) -> str:
        self[name] = clark = qn(name)
        return clark


TAG = Tags()


def emit(deck: Deck) -> bytes:
    """The .pptx file for ``deck``."""
    prs = Presentation()
    package = prs.part.package
    package.next_partname = PartNames(package)
    prs.slide_width, prs.slide_height = Emu(deck.width), Emu(deck.height)
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    skeletons: dict[str, Skeleton] = {}
    sld_ids = prs.slides._sldIdLst  # once: ``prs.slides`` renames every slide part
    notes = NotesSlides(package)
    for number, described in enumerate(deck.slides, 1):
        layout = layouts[described.layout]
        if described.layout not in skeletons:
            skeletons[described.layout] = Skeleton.of(layout)
        skeleton = skeletons[described.layout]
        part = new_slide(prs.part, sld_ids, layout, skeleton, number)
        fill_slide(part, skeleton, described, described.lang or deck.lang, notes)
    set_properties(prs, deck)
    set_theme_fonts(prs, deck)
    drop_thumbnail(prs)
    return archive(package_entries(prs.part.package), deck.properties.created)


def package_entries(package) -> list[tuple[str, bytes]]:
    """The zip entries ``prs.save`` writes, in its order: content types, the package's
    relationships, then every part followed by its relationships if it has any.

    Written by ``archive`` directly rather than saved by python-pptx and re-zipped by
    ``normalise``, which deflated every part twice and inflated it once between.  Uses
    python-pptx internals (``PackageWriter._write``'s steps); ``tests/test_pptx_emit.py``
    compares the file with ``prs.save`` re-zipped.
    """
    parts = tuple(package.iter_parts())
    entries = [(CONTENT_TYPES_URI.membername,
                serialize_part_xml(_ContentTypesItem.xml_for(parts))),
               (PACKAGE_URI.rels_uri.membername, package._rels.xml)]
    for part in parts:
        entries.append((part.partname.membername, part.blob))
        if part.rels:
            entries.append((part.partname.rels_uri.membername, part.rels.xml))
    return entries


class PartNames:
    """``next_partname`` for this one package, in constant time.

    python-pptx finds the next free ``notesSlide%d.xml`` by walking every part of the
    package, once per notes slide: quadratic, 40 s for 2,000 slides.  This remembers
    the names taken (read once) and counts up per template instead.
    """

    def __init__(self, package) -> None:
        self.package = package
        self.taken: set[str] | None = None
        self.next: dict[str, int] = {}

    def __call__(self, template: str) -> PackURI:
        if self.taken is None:
            self.taken = {str(part.partname) for part in self.package.iter_parts()}
        number = self.next.get(template, 1)
        while template % number in self.taken:
            number += 1
        self.next[template] = number + 1
        self.taken.add(template % number)
        return PackURI(template % number)


def fill_slide(part, skeleton: Skeleton, described: Slide, lang: str,
               notes: NotesSlides) -> None:
    """Background, rectangles, text boxes (the title into its placeholder), notes: what
    python-pptx's shape calls would write (see ``shapes``), ids counting up from the
    skeleton's."""
    sld = part._element
    tree = sld[0][0]  # p:cSld/p:spTree, before the background goes in front of it
    set_background(sld, described.background)
    title = None if skeleton.title is None else tree[skeleton.title]
    shape_id = skeleton.next_id
    for rect in described.rects:
        add_rect(tree, shape_id, rect)
        shape_id += 1
    for box in described.boxes:
        if box.role == "title" and title is not None:
            body = move_title(title, box)
        else:
            body = add_textbox(tree, shape_id, box)
            shape_id += 1
        write_paras(body, box.paras, lang, part)
    if title is not None and described.box("title") is None:
        tree.remove(title)
    if described.notes:
        notes_part, body = notes.add(part)
        write_paras(body, described.notes, lang, notes_part)


def write_paras(body, paras: tuple[Para, ...], lang: str, part) -> None:
    """Replace the paragraphs of ``body`` (a p:txBody) with ours (built as XML:
    python-pptx's paragraph API costs an XPath query per property, and has no a:ea,
    fields or bullets anyway)."""
    for old in body.findall(TAG["a:p"]):
        body.remove(old)
    for para in paras:
        body.append(paragraph_xml(para, lang, part))


def paragraph_xml(para: Para, lang: str, part) -> etree._Element:
    """``a:p``: properties in schema order (lnSpc, spcBef, spcAft, bullets), the runs,
    then ``a:endParaRPr`` so text typed at the end gets the same face and language."""
    p = etree.Element(TAG["a:p"])
    p.append(clone(paragraph_properties(
        para.align, para.line_pitch, para.space_after, para.bullet,
        para.bullet_color or para.color, para.indent, para.font)))
    for span in para.spans:
        if span.is_break:
            etree.SubElement(p, TAG["a:br"]).append(run_properties("a:rPr", span, para, lang,
                                                                   part))
            continue
        run = etree.SubElement(p, TAG["a:fld" if span.field else "a:r"])
        if span.field:
            run.set("id", SLIDENUM_ID)
            run.set("type", span.field)
        run.append(run_properties("a:rPr", span, para, lang, part))
        etree.SubElement(run, TAG["a:t"]).text = span.text
    p.append(run_properties("a:endParaRPr", PARAGRAPH_END, para, lang, part))
    return p


def run_properties(tag: str, span: Span, para: Para, lang: str, part) -> etree._Element:
    """The span's style (a copy of the one element per style) and a link to its target,
    last as the schema orders it (after solidFill, latin, ea)."""
    rpr = clone(style(tag, lang, para.size, span.bold, span.italic, span.color or para.color,
                      para.font, para.east))
    if span.href:
        rid = part.relate_to(span.href, RT.HYPERLINK, is_external=True)
        etree.SubElement(rpr, TAG["a:hlinkClick"]).set(TAG["r:id"], rid)
    return rpr


@functools.lru_cache(maxsize=1024)
def style(tag: str, lang: str, size: float, bold: bool, italic: bool, color: str | None,
          font: str, east: str = "") -> etree._Element:
    """Size, weight, colour, language and the face for Latin *and* East Asian text.  Built
    once per style and copied (``clone``): a deck has a few dozen styles and tens of
    thousands of runs.  Never to be appended itself."""
    rpr = etree.Element(TAG[tag])
    rpr.set("lang", lang)
    rpr.set("sz", str(round(size * 100)))
    rpr.set("b", "1" if bold else "0")  # explicit: layouts may make titles bold
    rpr.set("i", "1" if italic else "0")
    if color:
        fill = etree.SubElement(rpr, TAG["a:solidFill"])
        etree.SubElement(fill, TAG["a:srgbClr"]).set("val", color)
    etree.SubElement(rpr, TAG["a:latin"]).set("typeface", font)
    etree.SubElement(rpr, TAG["a:ea"]).set("typeface", east or font)
    return rpr


@functools.lru_cache(maxsize=1024)
def paragraph_properties(align: str, line_pitch: float | None, space_after: float,
                         bullet: str | None, bullet_color: str | None, indent: float,
                         font: str) -> etree._Element:
    """``a:pPr``: alignment, exact line pitch, spacing and a hanging bullet in the accent
    colour at 60 % of the text size.  Built once and copied, as ``style``."""
    ppr = etree.Element(TAG["a:pPr"], algn=ALIGN[align])
    if line_pitch is not None:
        spacing(ppr, "a:lnSpc", line_pitch)
    spacing(ppr, "a:spcBef", 0)
    spacing(ppr, "a:spcAft", space_after)
    if bullet:
        ppr.set("marL", str(Pt(indent)))
        ppr.set("indent", str(-Pt(indent)))
        if bullet_color:
            etree.SubElement(etree.SubElement(ppr, TAG["a:buClr"]), TAG["a:srgbClr"]).set(
                "val", bullet_color)
        etree.SubElement(ppr, TAG["a:buSzPct"]).set("val", "60000")
        etree.SubElement(ppr, TAG["a:buFont"]).set("typeface", font)
        etree.SubElement(ppr, TAG["a:buChar"]).set("char", bullet)
    return ppr


def spacing(ppr, tag: str, value: float) -> None:
    etree.SubElement(etree.SubElement(ppr, TAG[tag]), TAG["a:spcPts"]).set(
        "val", str(round(value * 100)))


def set_properties(prs, deck: Deck) -> None:
    """Core properties, dated from SOURCE_DATE_EPOCH when given, never 'python-pptx'."""
    props = deck.properties
    core = prs.core_properties
    core.title = props.title
    core.author = props.author
    core.subject = props.subject
    core.keywords = props.keywords
    core.comments = props.comments
    core.language = props.language
    core.last_modified_by = props.author or "publish"
    core.revision = 1
    when = build_time(props.created).replace(tzinfo=None)
    core.created = core.modified = core.last_printed = when
    app = prs.part.package.part_related_by(RT.EXTENDED_PROPERTIES)
    app.blob = app_properties(app.blob, deck)


def app_properties(xml: bytes, deck: Deck) -> bytes:
    """docProps/app.xml with this deck's counts and format instead of the template's."""
    notes = sum(1 for slide in deck.slides if slide.notes)
    ratio = deck.width / deck.height
    shape = "Widescreen" if abs(ratio - 16 / 9) < 0.01 else "Custom"
    for tag, value in (("Slides", str(len(deck.slides))), ("Notes", str(notes)),
                       ("PresentationFormat", shape), ("Application", "publish")):
        xml = re.sub(rf"<{tag}>[^<]*</{tag}>".encode(), f"<{tag}>{value}</{tag}>".encode(), xml)
    return xml


def set_theme_fonts(prs, deck: Deck) -> None:
    """Major (titles) and minor (body) theme fonts name the deck's families for Latin,
    East Asian and Simplified Chinese script text."""
    master = prs.slide_masters[0]
    theme = master.part.part_related_by(RT.THEME)
    xml = theme.blob.decode("utf-8")
    for block, family, east in (("majorFont", deck.title_font, deck.title_east),
                                ("minorFont", deck.body_font, deck.body_east)):
        def patch(match: re.Match[str], family: str = family, east: str = east) -> str:
            text = re.sub(r'(<a:latin typeface=")[^"]*"', rf'\g<1>{family}"', match.group(0))
            text = re.sub(r'(<a:ea typeface=")[^"]*"', rf'\g<1>{east or family}"', text)
            return re.sub(r'(<a:font script="Hans" typeface=")[^"]*"',
                          rf'\g<1>{east or family}"', text)
        xml = re.sub(rf"<a:{block}>.*?</a:{block}>", patch, xml, flags=re.S)
    theme.blob = xml.encode("utf-8")


def drop_thumbnail(prs) -> None:
    """The template's thumbnail shows an empty 4:3 slide; a wrong preview is worse than
    none."""
    package = prs.part.package
    for rid, rel in list(package._rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package._rels.pop(rid)
