"""The next interview: transcripts of other shapes import, check clean and build whole.

Each transcript in ``tests/data`` is imported with the real command, checked, and built
in every format; then every sentence of it is looked for in what a reader gets: the
PDF's text (pdftotext), the EPUB's XHTML, and the deck's slides and speaker notes.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, require, squash
from lxml import etree
from pptx import Presentation

from publish.text.language import ooxml_lang
from publish.source import load

DATA = ROOT / "tests" / "data"
# name -> (language, speakers host first, parts, topics, exchanges)
TRANSCRIPTS = {
    "transcript-en-titled": ("en", ("Interviewer", "Dr. Jane Smith", "Mrs. Okafor"), 3, 2, 4),
    "transcript-panel": ("zh-CN", ("主持人", "李娜", "Dr. Maria Lopez", "王强"), 3, 2, 4),
    "transcript-no-parts": ("zh-CN", ("记者", "馆长"), 1, 2, 4),
    "transcript-no-topics": ("zh-CN", ("主持人", "作家"), 1, 3, 3),
    "transcript-ja": ("ja", ("司会", "店主"), 2, 2, 3),
    "transcript-panel-en": ("en", ("Dr. Jane Smith", "Prof. Li Wei", "Ms. Ana Costa"), 1, 3, 3),
    "transcript-recorded": ("zh-CN", ("周老师", "陈馆长"), 1, 3, 3),  # a meeting tool's times
}
# A recording's time beside a speaker's name, on a line of its own ("周老师  00:00:03").
NAME_AND_TIME = re.compile(r"^(?P<name>.+?)\s+\d{1,3}:\d{2}(?::\d{2})?$")


@dataclass
class Imported:
    transcript: Path
    source: Path
    stderr: str
    pdf_text: str
    epub_text: str
    deck_text: str
    notes_text: str
    out: Path


def publish(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publish", *args], capture_output=True,
                          text=True, timeout=300, cwd=ROOT)


def epub_text(path: Path) -> str:
    with zipfile.ZipFile(path) as book:
        return "\n".join(
            "".join(etree.fromstring(book.read(name)).itertext())
            for name in book.namelist() if name.endswith(".xhtml"))


def deck_texts(path: Path) -> tuple[str, str]:
    deck = Presentation(io.BytesIO(path.read_bytes()))
    slides = "\n".join(shape.text_frame.text for slide in deck.slides
                       for shape in slide.shapes if shape.has_text_frame)
    notes = "\n".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides
                      if slide.has_notes_slide)
    return slides, notes


@pytest.fixture(scope="module", params=sorted(TRANSCRIPTS))
def imported(request, tmp_path_factory) -> Imported:
    """Import one transcript and build it in every format, once, with the real command."""
    pdftotext = require("pdftotext", "poppler-utils")
    name = request.param
    out = tmp_path_factory.mktemp(name)
    transcript, source = DATA / f"{name}.txt", out / f"{name}.md"
    done = publish("import", str(transcript), "-o", str(source))
    assert done.returncode == 0, done.stderr
    built = publish("build", str(source), "--format", "all", "--output-dir", str(out), "-q")
    assert built.returncode == 0, built.stderr
    pdf = subprocess.run([pdftotext, "-enc", "UTF-8", str(out / f"{name}.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    slides, notes = deck_texts(out / f"{name}.pptx")
    return Imported(transcript, source, done.stderr, pdf, epub_text(out / f"{name}.epub"),
                    slides, notes, out)


def body_lines(imported: Imported) -> tuple[list[str], list[str], list[str]]:
    """The transcript after its title, byline and participant lines (front matter now):
    its part headings, its topic lines, and every other line without its speaker label."""
    interview, _ = load(imported.source)
    names = sorted((s.name for s in interview.meta.speakers), key=len, reverse=True)
    label = re.compile(rf"^({'|'.join(map(re.escape, names))})\s*[:：]\s*")
    lines = _labelled([line.strip() for line in
                       imported.transcript.read_text("utf-8").splitlines() if line.strip()],
                      names)
    parts = {p.heading for p in interview.parts}
    topics = {t.title for t in interview.topics()}
    header = next(i for i, line in enumerate(lines[:5])
                  if label.match(line) or line in parts | topics)
    body = lines[header:]
    return ([line for line in body if line in parts], [line for line in body if line in topics],
            [label.sub("", line) for line in body if line not in parts | topics])


def _labelled(lines: list[str], names: list[str]) -> list[str]:
    """A recording's ``Name  00:00:03`` line labels the line below it: ``Name：…``."""
    out: list[str] = []
    for line in lines:
        match = NAME_AND_TIME.match(out[-1]) if out else None
        if match and match.group("name") in names:
            out[-1] = f"{match.group('name')}：{line}"
        else:
            out.append(line)
    return out


def test_imports_with_the_expected_structure_and_no_turn_demoted(imported: Imported) -> None:
    language, speakers, parts, topics, exchanges = TRANSCRIPTS[imported.source.stem]
    interview, diags = load(imported.source)
    assert [d for d in diags if d.is_error] == []
    assert interview.meta.language == language
    assert tuple(s.name for s in interview.meta.speakers) == speakers
    assert (len(interview.parts), sum(1 for _ in interview.topics()),
            sum(1 for _ in interview.exchanges())) == (parts, topics, exchanges)
    assert "kept as prose" not in imported.stderr or "turn by" not in imported.stderr


def test_publish_check_is_clean_of_errors(imported: Imported) -> None:
    done = publish("check", str(imported.source))
    assert done.returncode == 0, done.stderr
    assert ": error:" not in done.stderr


def test_every_sentence_reaches_the_pdf_the_epub_and_the_deck_notes(
        imported: Imported) -> None:
    pdf, epub = squash(imported.pdf_text), squash(imported.epub_text)
    notes, slides = squash(imported.notes_text), squash(imported.deck_text)
    parts, topics, sentences = body_lines(imported)
    missing = {"pdf": [], "epub": [], "notes": [], "slides": []}
    checks = [(s, ("pdf", "epub", "notes")) for s in sentences] + \
             [(t, ("pdf", "epub", "slides")) for t in topics] + \
             [(p, ("pdf", "epub")) for p in parts]
    texts = {"pdf": pdf, "epub": epub, "notes": notes, "slides": slides}
    for line, places in checks:
        for where in places:
            if squash(line) not in texts[where]:
                missing[where].append(line)
    assert missing == {"pdf": [], "epub": [], "notes": [], "slides": []}
    assert len(sentences) >= 6


def test_every_turn_is_in_the_speaker_notes(imported: Imported) -> None:
    interview, _ = load(imported.source)
    notes = squash(imported.notes_text)
    for exchange in interview.exchanges():
        for turn in exchange.turns:
            assert squash(turn.speaker.name) in notes
            for paragraph in turn.paragraphs:
                assert squash(paragraph.text) in notes or \
                    squash(paragraph.text.replace("==", "")) in notes


def test_every_output_says_the_language(imported: Imported) -> None:
    """PDF /Lang, EPUB dc:language and <html lang>, and lang on every run of the deck."""
    import pikepdf

    language = TRANSCRIPTS[imported.source.stem][0]
    stem = imported.out / imported.source.stem
    with pikepdf.open(stem.with_suffix(".pdf")) as pdf:
        assert str(pdf.Root.Lang) == language
    with zipfile.ZipFile(stem.with_suffix(".epub")) as book:
        opf = next(n for n in book.namelist() if n.endswith(".opf"))
        assert f">{language}</dc:language>" in book.read(opf).decode()
        first = next(n for n in book.namelist() if n.endswith(".xhtml"))
        assert f'lang="{language}"' in book.read(first).decode()
    with zipfile.ZipFile(stem.with_suffix(".pptx")) as deck:
        langs = {value for name in deck.namelist() if name.startswith("ppt/slides/slide")
                 for value in re.findall(r'<a:rPr[^>]* lang="([^"]+)"', deck.read(name).decode())}
    assert langs == {ooxml_lang(language)}  # zh -> zh-CN, ja -> ja-JP, en -> en-US


@pytest.mark.parametrize("imported", ["transcript-en-titled"], indirect=True)
def test_an_english_book_is_set_in_latin_faces(imported: Imported) -> None:
    fonts = subprocess.run([require("pdffonts", "poppler-utils"),
                            str(imported.out / f"{imported.source.stem}.pdf")],
                           capture_output=True, text=True, check=True).stdout
    assert "Noto-Serif-Subset" in fonts and "CJK" not in fonts
    assert "：" not in imported.pdf_text and "Contents" in imported.pdf_text


@pytest.mark.parametrize("imported", ["transcript-recorded"], indirect=True)
def test_a_recordings_timestamps_are_in_no_output(imported: Imported) -> None:
    assert "took out 6 timestamps of the recording" in imported.stderr
    for text in (imported.source.read_text("utf-8"), imported.pdf_text, imported.epub_text,
                 imported.deck_text, imported.notes_text):
        assert not re.search(r"\d{2}:\d{2}", text)


@pytest.mark.parametrize("imported", ["transcript-panel-en"], indirect=True)
def test_a_panels_participant_lines_are_neither_the_byline_nor_a_topic(
        imported: Imported) -> None:
    """``Host: …`` made the title slide say "Compiled by: Host: Dr. Jane Smith", and
    ``Guests: …`` was a topic on the agenda and a heading in the book."""
    interview, _ = load(imported.source)
    assert (interview.meta.compiler, interview.meta.source) == ("", "")
    assert [(s.name, s.role.value) for s in interview.meta.speakers] == [
        ("Dr. Jane Smith", "host"), ("Prof. Li Wei", "guest"), ("Ms. Ana Costa", "guest")]
    for text in (imported.deck_text, imported.notes_text, imported.pdf_text,
                 imported.epub_text):
        assert "Compiled by" not in text and "Host:" not in text and "Guests:" not in text
