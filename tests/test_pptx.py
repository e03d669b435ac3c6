"""The written .pptx, checked by real clients: LibreOffice opens and prints it,
python-pptx reads it back, and the XML is asked directly for what Chinese text needs.

One LibreOffice conversion per module (both themes in one call) feeds every check.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import require, sentences, squash
from lxml import etree
from pptx import Presentation

from publish.backends import Options
from publish.backends.pptx import describe, render
from publish.backends.pptx.deck import Deck, to_points
from publish.backends.pptx.measure import NO_START
from publish.build import build
from publish.model import Interview, Run
from publish.text.typography import typeset

EPOCH = 1_700_000_000  # 2023-11-14 22:13:20 UTC
NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                  r"([^<]*)</word>")
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


@dataclass
class Artefact:
    """One theme's deck: its description, bytes, file, and LibreOffice's PDF of it."""

    deck: Deck
    data: bytes
    path: Path
    pdf: Path | None = None


@pytest.fixture(scope="module")
def interview(seed) -> Interview:
    return typeset(seed)  # what a build renders


@pytest.fixture(scope="module")
def artefacts(interview, classic, modern, tmp_path_factory) -> dict[str, Artefact]:
    """Both themes, and the Traditional Chinese edition as ``--variant zh-Hant`` builds it."""
    from publish.text.variant import convert, resolve, variant_theme

    edition = resolve("zh-Hant")
    folder = tmp_path_factory.mktemp("pptx")
    out = {}
    for name, source, theme, variant in (
            ("classic", interview, classic, ""), ("modern", interview, modern, ""),
            ("zh-Hant", convert(interview, edition), variant_theme(classic, edition),
             edition.name)):
        options = Options(source_date_epoch=EPOCH, variant=variant)
        deck = describe(source, theme, options)
        data = render(source, theme, Options(source_date_epoch=EPOCH, variant=variant))
        path = folder / f"{name}.pptx"
        path.write_bytes(data)
        out[name] = Artefact(deck, data, path)
    return out


@pytest.fixture(scope="module")
def pdfs(artefacts, tmp_path_factory) -> dict[str, Artefact]:
    """Every deck converted by LibreOffice in one headless run."""
    require("soffice", "libreoffice-impress")
    folder = tmp_path_factory.mktemp("lo")
    profile = (folder / "profile").as_uri()
    paths = [str(a.path) for a in artefacts.values()]
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile}",
                    "--convert-to", "pdf", "--outdir", str(folder), *paths],
                   check=True, capture_output=True, timeout=180)
    for name, artefact in artefacts.items():
        artefact.pdf = folder / f"{name}.pdf"
        assert artefact.pdf.is_file(), f"LibreOffice did not convert {name}.pptx"
    return artefacts


THEMES = ["classic", "modern", "zh-Hant"]
LANGS = {"classic": "zh-CN", "modern": "zh-CN", "zh-Hant": "zh-TW"}


def pages_of(pdf: Path) -> list[tuple[tuple[float, float], list[tuple]]]:
    """Per page: (width, height) and the words with their boxes, from pdftotext -bbox."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = []
    for chunk in html.split("<page ")[1:]:
        size = PAGE.search("<page " + chunk)
        words = [(float(a), float(b), float(c), float(d), text)
                 for a, b, c, d, text in WORD.findall(chunk)]
        pages.append(((float(size.group(1)), float(size.group(2))), words))
    return pages


# LibreOffice -------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", THEMES)
def test_libreoffice_prints_one_page_per_slide(pdfs, name):
    info = subprocess.run(["pdfinfo", str(pdfs[name].pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages == len(pdfs[name].deck.slides) == 21


@pytest.mark.slow
@pytest.mark.parametrize("name", THEMES)
def test_every_word_lies_inside_the_slide(pdfs, name):
    deck = pdfs[name].deck
    for (width, height), words in pages_of(pdfs[name].pdf):
        assert width == pytest.approx(to_points(deck.width), abs=0.5)
        assert height == pytest.approx(to_points(deck.height), abs=0.5)
        assert words
        for x0, y0, x1, y1, text in words:
            assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height, text


@pytest.mark.slow
@pytest.mark.parametrize("name", THEMES)
def test_libreoffice_wraps_every_text_inside_its_box(pdfs, name):
    """The fitter's promise, checked by a real client: no text box overflows.

    A line LibreOffice wrapped differently would stick out of its box by a whole line
    (>= 12 pt); glyph boxes may overhang a line by a few points, hence the tolerance.
    LibreOffice hangs a closing comma or full stop past the right edge (hanging
    punctuation, as Chinese typesetting allows): one character's width is allowed there.
    """
    deck = pdfs[name].deck
    for slide, (_, words) in zip(deck.slides, pages_of(pdfs[name].pdf)):
        boxes = [(to_points(b.x), to_points(b.y), to_points(b.x + b.width),
                  to_points(b.y + b.height), b.role) for b in slide.boxes]
        for x0, y0, x1, y1, text in words:
            hang = (y1 - y0) if text[-1] in NO_START else 1
            inside = [role for bx0, by0, bx1, by1, role in boxes
                      if bx0 - 1 <= x0 and x1 <= bx1 + hang and by0 - 6 <= y0 and y1 <= by1 + 6]
            assert inside, (slide.kind, slide.source, text, (x0, y0, x1, y1))


@pytest.mark.slow
@pytest.mark.parametrize("name", THEMES)
def test_libreoffice_breaks_lines_where_the_deck_does(pdfs, name):
    """A line the fitter ends at a pause (a hard break in the deck) ends there in
    LibreOffice's print too: the next word is not split to fill the box's slack."""
    layout = subprocess.run(["pdftotext", "-layout", str(pdfs[name].pdf), "-"],
                            capture_output=True, text=True, check=True).stdout.split("\f")
    checked = 0
    for slide, page in zip(pdfs[name].deck.slides, layout):
        printed = [squash(line) for line in page.splitlines()]
        for box in slide.boxes:
            for para in box.paras:
                pieces = [""]
                for span in para.spans:
                    if span.is_break:
                        pieces.append("")
                    else:
                        pieces[-1] += span.text
                for piece in pieces[:-1]:
                    assert any(line.endswith(squash(piece)) for line in printed), \
                        (slide.source, box.role, piece)
                    checked += 1
    assert checked >= 10


@pytest.mark.slow
@pytest.mark.parametrize("name", THEMES)
def test_libreoffice_draws_with_the_theme_font_only(pdfs, name):
    """No fallback face: every glyph on every slide came from the family the deck names."""
    listing = subprocess.run(["pdffonts", str(pdfs[name].pdf)], capture_output=True,
                             text=True, check=True).stdout.splitlines()[2:]
    families = {line.split()[0].split("+")[-1].split("-")[0] for line in listing if line}
    wanted = {"classic": "NotoSerifCJK", "modern": "NotoSansCJK",
              "zh-Hant": "NotoSerifCJK"}[name]
    assert families and all(f.startswith(wanted) for f in families), families


@pytest.mark.slow
@pytest.mark.parametrize("name", THEMES)
def test_every_slide_text_reaches_the_pdf(pdfs, name):
    """What LibreOffice printed is what the deck description says, slide by slide."""
    deck = pdfs[name].deck
    for slide, (_, words) in zip(deck.slides, pages_of(pdfs[name].pdf)):
        printed = squash("".join(w[4] for w in words)).replace("&amp;", "&")
        for box in slide.boxes:
            assert squash(box.text) in printed or _scattered(squash(box.text), printed), \
                (slide.kind, box.role)


def _scattered(text: str, printed: str) -> bool:
    """Every character of ``text`` printed, in order (word order across boxes varies)."""
    position = 0
    for char in text:
        position = printed.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


# python-pptx reads it back -----------------------------------------------------------------


@pytest.fixture(scope="module")
def presentation(artefacts):
    return Presentation(io.BytesIO(artefacts["classic"].data))


def test_python_pptx_finds_every_note(presentation, artefacts):
    deck = artefacts["classic"].deck
    assert len(presentation.slides) == len(deck.slides)
    for slide, described in zip(presentation.slides, deck.slides):
        if described.notes:
            assert slide.has_notes_slide, described.kind
            assert squash(slide.notes_slide.notes_text_frame.text) == \
                squash(described.notes_text)
    exchanges = [s for s in deck.slides if s.kind == "exchange"]
    assert len(exchanges) == 16 and all(s.notes for s in exchanges)


def test_deck_is_powerpoint_widescreen(presentation):
    assert (presentation.slide_width, presentation.slide_height) == (12_192_000, 6_858_000)


def test_slide_titles_are_title_placeholders(presentation, artefacts):
    """Titles sit in the layout's title placeholder: outline view and screen readers."""
    for slide, described in zip(presentation.slides, artefacts["classic"].deck.slides):
        assert slide.shapes.title is not None
        assert slide.shapes.title.text_frame.text == described.box("title").text


def test_accent_shapes_are_marked_decorative(presentation):
    """Bars and rules carry no meaning: PowerPoint's accessibility checker asked for the
    alternative text of each; marked decorative, readers pass over them."""
    flag = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
    accents = [shape for slide in presentation.slides for shape in slide.shapes
               if shape.name.startswith("Accent ")]
    assert accents
    for shape in accents:
        marks = shape._element.nvSpPr.cNvPr.findall(f".//{flag}")
        assert [m.get("val") for m in marks] == ["1"], shape.name
    assert not any(shape.name.startswith("Accent ") for slide in presentation.slides
                   for shape in slide.shapes if shape.has_text_frame and shape.text_frame.text)


def test_nothing_of_the_interview_is_lost(presentation, interview):
    """Every question and answer, every prose paragraph and heading: in slides + notes."""
    texts = []
    for slide in presentation.slides:
        texts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    everything = squash("\n".join(texts))
    for exchange in interview.exchanges():
        for paragraph in exchange.question.paragraphs + exchange.answers[0].paragraphs:
            assert squash(paragraph.text) in everything, paragraph.id
    meta = interview.meta
    shown = [meta.title, meta.subtitle, meta.compiler, meta.source, meta.date,
             meta.description, *(s.name for s in meta.speakers)]
    for part in interview.parts:
        shown += [part.heading, *(p.text for p in part.paragraphs),
                  *(t.title for t in part.topics)]
    for text in shown:
        for sentence in sentences(text):
            assert squash(sentence) in everything, sentence


# the XML -----------------------------------------------------------------------------------


def parts_xml(data: bytes, pattern: str) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in archive.namelist()
                if re.fullmatch(pattern, name)}


@pytest.mark.parametrize("name", THEMES)
def test_every_run_names_latin_and_east_asian_font_and_language(artefacts, name):
    deck = artefacts[name].deck
    assert deck.lang == LANGS[name]
    families = {deck.title_font, deck.body_font}
    xml = parts_xml(artefacts[name].data, r"ppt/(slides/slide|notesSlides/notesSlide)\d+\.xml")
    assert len(xml) == 21 + 20
    checked = 0
    for part, root in xml.items():
        assert not root.xpath("//a:r[not(a:rPr)] | //a:fld[not(a:rPr)]", namespaces=NS), part
        for rpr in root.xpath("//a:rPr | //a:endParaRPr", namespaces=NS):
            children = [etree.QName(c).localname for c in rpr]
            assert rpr.get("lang") == deck.lang, part
            assert "latin" in children and "ea" in children, (part, children)
            assert children.index("latin") < children.index("ea"), (part, children)
            latin = rpr.find("a:latin", NS).get("typeface")
            assert latin in families and rpr.find("a:ea", NS).get("typeface") == latin
            checked += 1
    assert checked > 400


@pytest.mark.parametrize("name", THEMES)
def test_text_frames_wrap_without_autofit_and_stay_text(artefacts, name):
    slides = parts_xml(artefacts[name].data, r"ppt/slides/slide\d+\.xml")
    for part, root in slides.items():
        assert not root.xpath("//p:pic", namespaces=NS), part  # no pictures of text
        for body in root.xpath("//p:txBody/a:bodyPr[../a:p/a:r]", namespaces=NS):
            assert body.get("wrap") == "square", part
            assert body.find("a:noAutofit", NS) is not None, part


def test_sizes_and_colours_come_from_the_theme(artefacts, classic):
    slides = parts_xml(artefacts["classic"].data, r"ppt/slides/slide\d+\.xml")
    sizes = {int(s) for root in slides.values()
             for s in root.xpath("//a:rPr/@sz", namespaces=NS)}
    assert min(sizes) == classic.get("slides.footer_size") * 100
    assert max(sizes) <= classic.get("slides.title_size") * 1.6 * 100
    colours = {c for root in slides.values()
               for c in root.xpath("//a:rPr/a:solidFill/a:srgbClr/@val", namespaces=NS)}
    theme_colours = {classic.get(f"slides.{k}").lstrip("#").upper() for k in
                     ("title_color", "text_color", "key_color", "accent_color", "muted_color")}
    assert colours <= theme_colours


# determinism -------------------------------------------------------------------------------


def test_two_renders_are_byte_identical(interview, classic, artefacts):
    again = render(interview, classic, Options(source_date_epoch=EPOCH))
    assert again == artefacts["classic"].data


def test_dates_come_from_source_date_epoch(artefacts):
    data = artefacts["classic"].data
    when = dt.datetime.fromtimestamp(EPOCH, dt.timezone.utc)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        stamps = {info.date_time for info in archive.infolist()}
        core = archive.read("docProps/core.xml").decode()
        names = archive.namelist()
    assert stamps == {(when.year, when.month, when.day, when.hour, when.minute, when.second)}
    assert names[0] == "[Content_Types].xml"
    assert "docProps/thumbnail.jpeg" not in names
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        assert re.search(rf"<{tag}[^>]*>{stamp}</{tag}>", core), tag
    assert "<cp:revision>1</cp:revision>" in core
    assert "python-pptx" not in core


def test_build_writes_a_reproducible_deck(seed_path, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    first = build(seed_path, ["pptx"], output_dir=tmp_path / "a").outputs[0]
    second = build(seed_path, ["pptx"], output_dir=tmp_path / "b").outputs[0]
    assert first.suffix == ".pptx" and first.name == second.name
    assert first.read_bytes() == second.read_bytes()


def test_links_in_answers_reach_the_notes_safely(seed, classic):
    """A link keeps its target in the notes; a javascript: link becomes plain text."""
    from dataclasses import replace

    exchange = next(seed.exchanges())
    first = exchange.answers[0].paragraphs[0]
    runs = first.runs + (Run("官网", href="https://example.org/deepseek"),
                         Run("脚本", href="javascript:alert(1)"))
    answer = replace(exchange.answers[0], paragraphs=(replace(first, runs=runs),)
                     + exchange.answers[0].paragraphs[1:])
    topic = seed.parts[1].topics[0]
    topics = (replace(topic, exchanges=(replace(exchange, answers=(answer,)),)),) + \
        seed.parts[1].topics[1:]
    interview = replace(seed, parts=(seed.parts[0], replace(seed.parts[1], topics=topics),
                                     *seed.parts[2:]))
    data = render(interview, classic, Options(source_date_epoch=EPOCH))
    slide = Presentation(io.BytesIO(data)).slides[4]
    notes = slide.notes_slide
    targets = [rel.target_ref for rel in notes.part.rels.values() if rel.is_external]
    assert targets == ["https://example.org/deepseek"]
    assert "官网" in notes.notes_text_frame.text and "脚本" in notes.notes_text_frame.text
