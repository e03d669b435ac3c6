"""The slide, shape and notes XML that python-pptx's own calls would write, built directly.

python-pptx spends most of a slide's ~8 ms in bookkeeping: an XPath query for every
property it sets or child it looks for, a scan of every id before each new shape, every
layout placeholder cloned (then all but the title deleted again), and every notes
slide's placeholders cloned afresh from the notes master.  The emitter writes the same
thing for every slide, so this module writes it once and copies it:

- a *skeleton* per layout: python-pptx's empty slide with the layout's placeholders
  cloned and all but the title removed, made once with python-pptx itself;
- rectangles and text boxes from templates of exactly what ``add_shape`` and
  ``add_textbox`` plus the property setters the emitter calls leave behind, in the same
  element and attribute order, with the same ids (one more than the largest so far) and
  names, so the serialized parts are byte-identical;
- notes slides copied from the deck's first one, which python-pptx makes (creating the
  notes master on the way), related as its ``NotesSlidePart.new`` relates them.

Uses python-pptx internals (``SlidePart`` and ``NotesSlidePart`` constructors, ``_rels``,
``parse_xml``): pinned below 2.0, and ``tests/test_pptx_emit.py`` checks that a deck
written this way equals one written with python-pptx's own calls.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.oxml.slide import CT_Slide
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.slide import Slide
from pptx.util import Emu

from .deck import Box, Rect

ANCHOR = {"top": "t", "middle": "ctr", "bottom": "b"}  # MSO_ANCHOR's XML values
# a:bodyPr insets and python-pptx's defaults for them: setting an inset to its default
# removes the attribute instead of writing it.
INSETS = (("lIns", 91440), ("rIns", 91440), ("tIns", 45720), ("bIns", 45720))
NO_AUTOFIT = qn("a:noAutofit")
SLD_ID, R_ID = qn("p:sldId"), qn("r:id")
TX_BODY = qn("p:txBody")
NOTES = "/ppt/notesSlides/notesSlide%d.xml"
# lxml copies an element with its whole subtree either way; copy.copy skips deepcopy's
# memo dictionary (a third of the time)
clone = copy.copy

# add_shape(RECTANGLE) after fill.solid(), fill.fore_color.rgb, line.fill.background()
# and shadow.inherit = False.
# PowerPoint's "Mark as decorative" (Office 2019+): an accent bar or rule carries no
# meaning, so accessibility checkers and screen readers pass over it instead of asking
# for its alternative text.
DECORATIVE = ('<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
              '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/'
              '2017/decorative" val="1"/></a:ext></a:extLst>')
RECT = parse_xml(
    f'<p:sp {nsdecls("a", "p")}><p:nvSpPr><p:cNvPr id="" name="">{DECORATIVE}</p:cNvPr>'
    '<p:cNvSpPr/><p:nvPr/>'
    '</p:nvSpPr><p:spPr><a:xfrm><a:off x="" y=""/><a:ext cx="" cy=""/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val=""/>'
    "</a:solidFill><a:ln><a:noFill/></a:ln><a:effectLst/></p:spPr><p:style>"
    '<a:lnRef idx="1"><a:schemeClr val="accent1"/></a:lnRef><a:fillRef idx="3">'
    '<a:schemeClr val="accent1"/></a:fillRef><a:effectRef idx="2"><a:schemeClr '
    'val="accent1"/></a:effectRef><a:fontRef idx="minor"><a:schemeClr val="lt1"/>'
    '</a:fontRef></p:style><p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/>'
    '<a:p><a:pPr algn="ctr"/></a:p></p:txBody></p:sp>')
# add_textbox() after word_wrap = True and auto_size = NONE, its paragraph removed;
# ``frame`` sets the insets and the anchor.
TEXTBOX = parse_xml(
    f'<p:sp {nsdecls("a", "p")}><p:nvSpPr><p:cNvPr id="" name=""/><p:cNvSpPr txBox="1"/>'
    '<p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="" y=""/><a:ext cx="" cy=""/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody>'
    '<a:bodyPr wrap="square"><a:noAutofit/></a:bodyPr><a:lstStyle/></p:txBody></p:sp>')
# slide.background.fill.solid() and its fore_color.rgb
BACKGROUND = parse_xml(
    f'<p:bg {nsdecls("a", "p")}><p:bgPr><a:solidFill><a:srgbClr val=""/></a:solidFill>'
    "<a:effectLst/></p:bgPr></p:bg>")
# shape.left, .top, .width, .height on a placeholder (whose p:spPr is empty)
XFRM = parse_xml(f'<a:xfrm {nsdecls("a")}><a:off x="" y=""/><a:ext cx="" cy=""/></a:xfrm>')


@dataclass(frozen=True)
class Skeleton:
    """A new slide of one layout as python-pptx makes it, with the layout's placeholders
    cloned and all but the title removed: the element, where the title is in the shape
    tree (None: the layout has none) and the id the next shape gets."""

    sld: etree._Element
    title: int | None
    next_id: int

    @classmethod
    def of(cls, layout) -> Skeleton:
        slide = Slide(CT_Slide.new(), None)
        slide.shapes.clone_layout_placeholders(layout)
        title = slide.shapes.title
        for placeholder in list(slide.placeholders):
            if title is None or placeholder.shape_id != title.shape_id:
                placeholder.element.getparent().remove(placeholder.element)
        tree = slide.shapes._spTree
        index = None if title is None else list(tree).index(title.element)
        return cls(slide.element, index, tree.max_shape_id + 1)


def new_slide(presentation, sld_ids, layout, skeleton: Skeleton, number: int) -> SlidePart:
    """``prs.slides.add_slide(layout)`` for slide ``number`` of a new deck, from the
    layout's skeleton and in constant time.

    python-pptx scans every slide id and every relationship of the presentation for each
    slide it adds (quadratic: minutes for a 10,000-topic interview), and validates the
    new id through three layers of descriptors.  A new deck's slide ids and part names are
    simply 255 + n and slide<n>.xml; the p:sldId is written as its ``_add_sldId`` writes
    it (id, then r:id).
    """
    part = SlidePart(PackURI(f"/ppt/slides/slide{number}.xml"), CT.PML_SLIDE,
                     presentation.package, clone(skeleton.sld))
    part.relate_to(layout.part, RT.SLIDE_LAYOUT)
    rid = presentation._rels._add_relationship(RT.SLIDE, part)
    etree.SubElement(sld_ids, SLD_ID, {"id": str(255 + number), R_ID: rid})
    return part


def set_background(sld: etree._Element, color: str) -> None:
    """The slide's solid background: p:bg first in p:cSld, the colour in capitals as
    python-pptx's RGBColor writes it."""
    bg = clone(BACKGROUND)
    bg[0][0][0].set("val", str(RGBColor.from_string(color)))
    sld[0].insert(0, bg)


def add_rect(tree: etree._Element, shape_id: int, rect: Rect) -> None:
    """A filled rectangle without outline or shadow, named ``Accent <id>``, marked
    decorative."""
    sp = clone(RECT)
    sp[0][0].set("id", str(shape_id))
    sp[0][0].set("name", f"Accent {shape_id}")
    place(sp[1][0], rect.x, rect.y, rect.width, rect.height)
    sp[1][2][0].set("val", str(RGBColor.from_string(rect.color)))
    tree.append(sp)


def add_textbox(tree: etree._Element, shape_id: int, box: Box) -> etree._Element:
    """A text box named after its role, set as ``frame`` sets it; its p:txBody."""
    sp = clone(TEXTBOX)
    sp[0][0].set("id", str(shape_id))
    sp[0][0].set("name", f"{box.role.capitalize()} {shape_id}")
    place(sp[1][0], box.x, box.y, box.width, box.height)
    frame(sp[2][0], box)
    tree.append(sp)
    return sp[2]


def move_title(title: etree._Element, box: Box) -> etree._Element:
    """The title placeholder moved and sized to ``box``, set as ``frame`` sets it; its
    p:txBody."""
    sppr = title[1]
    if not len(sppr):
        sppr.append(clone(XFRM))
    place(sppr[0], box.x, box.y, box.width, box.height)
    body = title.find(TX_BODY)
    frame(body[0], box)
    return body


def place(xfrm: etree._Element, x: int, y: int, width: int, height: int) -> None:
    off, ext = xfrm
    off.set("x", str(Emu(x)))
    off.set("y", str(Emu(y)))
    ext.set("cx", str(Emu(width)))
    ext.set("cy", str(Emu(height)))


def frame(body_pr: etree._Element, box: Box) -> None:
    """What word_wrap = True, auto_size = NONE, the four margins and vertical_anchor
    write to ``a:bodyPr``, in the order the emitter sets them."""
    body_pr.set("wrap", "square")
    if not len(body_pr):
        etree.SubElement(body_pr, NO_AUTOFIT)
    inset = Emu(box.inset)
    for name, default in INSETS:
        if inset == default:
            body_pr.attrib.pop(name, None)
        else:
            body_pr.set(name, str(inset))
    body_pr.set("anchor", ANCHOR[box.anchor])


class NotesSlides:
    """Notes slides for one new deck: the first made by python-pptx (``slide.notes_slide``,
    which creates the notes master too), every later one a copy of that first one as it
    was before its text was written, related as python-pptx relates a new one."""

    def __init__(self, package) -> None:
        self.package = package
        self.template: etree._Element | None = None
        self.master = None
        self.path: list[int] = []  # child indices from p:notes to the notes p:txBody

    def add(self, slide: SlidePart) -> tuple[NotesSlidePart, etree._Element]:
        """A new notes slide for ``slide``: its part and its notes placeholder's p:txBody."""
        if self.template is None:
            notes = slide.notes_slide
            body = notes.notes_text_frame._txBody
            element = notes.part._element
            self.template = clone(element)
            self.master = notes.part.part_related_by(RT.NOTES_MASTER)
            node = body
            while node is not element:
                self.path.insert(0, node.getparent().index(node))
                node = node.getparent()
            return notes.part, body
        element = clone(self.template)
        part = NotesSlidePart(self.package.next_partname(NOTES), CT.PML_NOTES_SLIDE,
                              self.package, element)
        part.relate_to(self.master, RT.NOTES_MASTER)
        part.relate_to(slide, RT.SLIDE)
        slide.relate_to(part, RT.NOTES_SLIDE)
        for index in self.path:
            element = element[index]
        return part, element
