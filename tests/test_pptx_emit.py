"""The emitter writes exactly what python-pptx's own calls write, only faster.

``emit`` (with ``shapes``) builds slides, shapes and notes slides as XML instead of
through python-pptx's API, and relies on python-pptx internals to do so.  Here a deck is
also written the slow way, slide by slide through the public API the emitter used to
call (``add_slide``, ``add_shape``, ``add_textbox``, the fill, line, shadow and text-frame
setters, ``notes_slide``), and the two files must be the same bytes: a python-pptx
release that changes what its calls write, or moves an internal, fails here first.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.util import Emu
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls

from publish.backends import Options
from publish.backends.pptx import describe, emit
from publish.backends.pptx.deck import Box, Deck, Para, Properties, Rect, Slide, Span
from publish.backends.pptx.shapes import DECORATIVE, Skeleton
from publish.store.ziputil import normalise

EPOCH = 1_700_000_000
ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}
LAYOUTS = ("Title Slide", "Title and Content", "Section Header", "Two Content",
           "Comparison", "Title Only", "Blank", "Content with Caption",
           "Picture with Caption", "Title and Vertical Text", "Vertical Title and Text")


def with_python_pptx(deck: Deck) -> bytes:
    """``deck`` written through python-pptx's public API (the emitter before it wrote
    the XML itself); paragraphs, properties and fonts as the emitter writes them."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(deck.width), Emu(deck.height)
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    for described in deck.slides:
        slide = prs.slides.add_slide(layouts[described.layout])
        slide.background.fill.solid()
        slide.background.fill.fore_color.rgb = RGBColor.from_string(described.background)
        title = slide.shapes.title
        for placeholder in list(slide.placeholders):
            if title is None or placeholder.shape_id != title.shape_id:
                placeholder.element.getparent().remove(placeholder.element)
        for rect in described.rects:
            shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(rect.x), Emu(rect.y),
                                           Emu(rect.width), Emu(rect.height))
            shape.name = f"Accent {shape.shape_id}"
            shape._element.nvSpPr.cNvPr.append(parse_xml(  # marked decorative
                DECORATIVE.replace("<a:extLst>", f'<a:extLst {nsdecls("a")}>', 1)))
            shape.fill.solid()
            shape.fill.fore_color.rgb = RGBColor.from_string(rect.color)
            shape.line.fill.background()
            shape.shadow.inherit = False
        for box in described.boxes:
            if box.role == "title" and title is not None:
                shape = title
                shape.left, shape.top = Emu(box.x), Emu(box.y)
                shape.width, shape.height = Emu(box.width), Emu(box.height)
            else:
                shape = slide.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.width),
                                                 Emu(box.height))
                shape.name = f"{box.role.capitalize()} {shape.shape_id}"
            frame = shape.text_frame
            frame.word_wrap = True
            frame.auto_size = MSO_AUTO_SIZE.NONE
            inset = Emu(box.inset)
            frame.margin_left = frame.margin_right = inset
            frame.margin_top = frame.margin_bottom = inset
            frame.vertical_anchor = ANCHOR[box.anchor]
            emit.write_paras(frame._txBody, box.paras, deck.lang, slide.part)
        if title is not None and described.box("title") is None:
            title.element.getparent().remove(title.element)
        if described.notes:
            notes = slide.notes_slide
            emit.write_paras(notes.notes_text_frame._txBody, described.notes, deck.lang,
                             notes.part)
    emit.set_properties(prs, deck)
    emit.set_theme_fonts(prs, deck)
    emit.drop_thumbnail(prs)
    out = io.BytesIO()
    prs.save(out)
    return normalise(out.getvalue(), deck.properties.created)


def para(text: str, **style) -> Para:
    return Para((Span(text),), "Noto Serif CJK SC", 20, **style)


def box(role: str, n: int, **kw) -> Box:
    return Box(role, 100000 * n, 200000, 3000000, 900000,
               (para(f"{role} {n}", color="1F1F1F"),), **kw)


def odd_slide(n: int, layout: str) -> Slide:
    """Slide ``n`` in ``layout``: every inset python-pptx treats specially, every anchor,
    links on the slide and in the notes (one target twice), fields, breaks, bullets."""
    insets = (0, 45720, 91440, 12345)
    anchor = ("top", "middle", "bottom")[n % 3]
    link = "https://example.org/a?b=1&c=2"
    linked = Para((Span("见"), Span("官网", href=link), Span("", is_break=True),
                   Span("again", href=link),
                   Span("2", field="slidenum", bold=True, italic=True, color="8c2f39")),
                  "Noto Sans CJK SC", 12.5, color=None, align="right", line_pitch=18.2,
                  space_after=6, bullet="•", bullet_color="aa0000", indent=14)
    boxes = [box("question", n, inset=insets[n % 4], anchor=anchor),
             Box("key", 10, 20, 30, 40, (linked,), inset=insets[(n + 1) % 4])]
    if n % 4 != 3:  # every fourth slide without a title box: its placeholder goes
        boxes.insert(n % 2, box("title", n, inset=insets[(n + 2) % 4], anchor="bottom"))
    notes = (para("注"), linked) if n % 2 else ()
    rects = (Rect(1, 2, 3, 4, "8c2f39"), Rect(0, 0, 914400, 45720, "FFFDF8"))[:n % 3]
    return Slide("exchange", layout, "fffdf8", tuple(boxes), notes, rects)


@pytest.fixture(scope="module")
def odd_deck() -> Deck:
    slides = [odd_slide(n, layout) for n, layout in enumerate(LAYOUTS * 2)]
    return Deck(9144000, 6858000, tuple(slides),
                Properties("奇怪的幻灯片", created=EPOCH), "Noto Serif CJK SC",
                "Noto Sans CJK SC", lang="zh-TW")


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_every_layout_and_setting_is_written_as_python_pptx_writes_it(odd_deck) -> None:
    fast, slow = emit.emit(odd_deck), with_python_pptx(odd_deck)
    assert parts(fast) == parts(slow)  # part by part first: a readable difference
    assert fast == slow


def test_the_seed_deck_is_written_as_python_pptx_writes_it(seed, classic) -> None:
    deck = describe(seed, classic, Options(source_date_epoch=EPOCH))
    assert emit.emit(deck) == with_python_pptx(deck)


def test_every_skeleton_keeps_only_the_title_placeholder() -> None:
    """The layouts of python-pptx's template: the title stays where the layout has one
    (the first shape after the group properties), with the ids the slide started with."""
    for layout in Presentation().slide_layouts:
        skeleton = Skeleton.of(layout)
        tree = skeleton.sld[0][0]
        shapes = tree[2:]
        if layout.name == "Blank":
            assert skeleton.title is None and shapes == [] and skeleton.next_id == 2
        else:
            assert skeleton.title == 2 and len(shapes) == 1, layout.name
            assert skeleton.next_id == 3
