"""Collections: a YAML file of interviews built as one anthology, checked in the real
artefacts.

The collection holds the seed and a second interview imported from a raw transcript by
the real ``publish import``; it is built once (PDF, EPUB, deck) for the module, and each
slow client (EPUBCheck, LibreOffice) reads each artefact once.  The errors of a
collection file, and of a member, are checked through the command line.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from conftest import ROOT, SEED, model_sentences, require, squash
from publish.build import BuildResult, build, prepare_collection
from publish.cli import main
from publish.model import Collection, Interview
from publish.prepared import prepare
from publish.source import load
from publish.source.collection import load_collection
from publish.text.labels import collection_labels

COLLECTION_WORDS = collection_labels("zh-CN")

PANEL = ROOT / "tests" / "data" / "transcript-panel.txt"
# pdftotext regions (points, A5): the type area, and the running heads above it.
BODY_CROP = ["-r", "72", "-x", "0", "-y", "46", "-W", "420", "-H", "494"]
HEAD_CROP = ["-r", "72", "-x", "0", "-y", "0", "-W", "420", "-H", "46"]
SERIES = ROOT / "seeds" / "series.yaml"


def write_collection(folder: Path, *entries: str, extra: str = "") -> Path:
    path = folder / "series.yaml"
    lines = ["title: 读书会访谈合集", "compiler: 周末读书会", extra, "interviews:"]
    lines += [f"  - {entry}" for entry in entries]
    path.write_text("\n".join(line for line in lines if line) + "\n", encoding="utf-8")
    return path


def run_cli(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


# ---------------------------------------------------------------- errors


def test_a_missing_interview_is_located_in_the_collection(tmp_path, capsys):
    shutil.copy(SEED, tmp_path / "seed.md")
    path = write_collection(tmp_path, "seed.md", "missing.md")
    code, err = run_cli(capsys, "build", str(path), "-o", str(tmp_path / "out"))
    assert code == 2
    assert f"{path}:5:5: error: interview 'missing.md' not found" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_duplicated_interview_is_located_at_its_second_entry(tmp_path, capsys):
    shutil.copy(SEED, tmp_path / "seed.md")
    path = write_collection(tmp_path, "seed.md", "./seed.md")
    code, err = run_cli(capsys, "build", str(path), "--format", "pdf")
    assert code == 2
    assert err.strip() == (f"{path}:5:5: error: interview './seed.md' is listed twice "
                           "(first on line 4)")


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_collection_listing_a_collection_is_located_at_that_entry(tmp_path, capsys,
                                                                     command):
    """``check`` said "ok: 1 interview" (it checked the inner file as a collection) and
    ``build`` read the inner YAML as Markdown ("missing front matter")."""
    shutil.copy(SEED, tmp_path / "seed.md")
    inner = write_collection(tmp_path, "seed.md").rename(tmp_path / "inner.yml")
    outer = tmp_path / "outer.yaml"
    outer.write_text(f"title: 外\ninterviews:\n  - seed.md\n  - {inner.name}\n",
                     encoding="utf-8")
    code, err = run_cli(capsys, command, str(outer), "-o", str(tmp_path / "out")) \
        if command == "build" else run_cli(capsys, command, str(outer))
    assert code == 2
    assert err.strip() == (f"{outer}:4:5: error: a collection cannot list another "
                           "collection ('inner.yml'); list its interviews here instead")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("text, expected", [
    ("title: x\ninterviews: []\n", "2:13: error: 'interviews' must be a non-empty list"),
    ("title: x\n", "1:1: error: a collection needs 'interviews'"),
    ("interviews:\n  - a.md\n", "1:1: error: a collection needs a 'title'"),
    ("title: x\nauthor: y\ninterviews:\n  - a.md\n", "2:1: error: unknown collection key "
     "'author' (known: title,"),
    ("title: x\ninterview:\n  - a.md\n", "2:1: error: unknown collection key 'interview'; "
     "did you mean 'interviews'? (known:"),
    ("title: x\ninterviews:\n  - b.md\n", "3:5: error: interview 'b.md' not found (looked "
     "for "),
    ("title: x\ninterviews:\n  - a.mb\n", ".mb); did you mean 'a.md'?"),
    ("title: x\ninterviews:\n  - talks\n", "3:5: error: interview 'talks' is a folder, "
     "not an interview source"),
    ("title: &t x\nsubtitle: *t\ninterviews:\n  - a.md\n", "2:11: error: YAML aliases"),
    ("- a.md\n", "1:1: error: a collection must be a YAML mapping"),
    ("title: [x\n", "error: invalid YAML"),
    ("title: Reading: a term\ninterviews:\n  - a.md\n", "1:15: error: invalid YAML: mapping "
     "values are not allowed here; quote a value that holds ': ', as in title: \"Reading: "
     "a term\""),
    ("title：Reading\ninterviews:\n  - a.md\n", "1:6: error: invalid YAML: full-width "
     "colon '：' after 'title'; use an ASCII colon and a space, as in title: Reading"),
    ("title：Reading\n", "1:6: error: invalid YAML: full-width colon '：' after 'title'"),
    ("title: x\nlanguage: klingon!!\ninterviews:\n  - a.md\n",
     "2:11: error: language 'klingon!!' is not a BCP 47 tag"),
    ("title: x\ndate: 2025-02-30\ninterviews:\n  - a.md\n",
     "2:7: error: date '2025-02-30' is not a real date (day is out of range for month)"),
])
def test_a_bad_collection_file_is_a_located_error(tmp_path, capsys, text, expected):
    (tmp_path / "a.md").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "talks").mkdir()
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    code, err = run_cli(capsys, "check", str(path))
    assert code == 2
    assert f"{path}:" in err and expected in err, err


def test_a_member_with_an_error_names_its_own_file_and_line(tmp_path, capsys):
    shutil.copy(SEED, tmp_path / "seed.md")
    broken = SEED.read_text(encoding="utf-8").replace("  - name: 梁文锋\n    role: guest\n",
                                                      "  - name: 梁文锋\n    role: guests\n")
    (tmp_path / "broken.md").write_text(broken, encoding="utf-8")
    line = broken.splitlines().index("  - name: 梁文锋") + 1
    path = write_collection(tmp_path, "seed.md", "broken.md")
    code, err = run_cli(capsys, "build", str(path), "--format", "pdf",
                        "-o", str(tmp_path / "out"))
    assert code == 2
    assert re.search(rf"^{re.escape(str(tmp_path / 'broken.md'))}:{line}:\d+: error: "
                     "speaker '梁文锋' has role 'guests'", err, re.M), err
    assert "series.yaml" not in err
    assert not (tmp_path / "out").exists()


def test_every_member_with_an_error_is_reported(tmp_path, capsys):
    for name in ("one.md", "two.md"):
        (tmp_path / name).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    path = write_collection(tmp_path, "one.md", "two.md")
    code, err = run_cli(capsys, "build", str(path), "--format", "epub",
                        "-o", str(tmp_path / "out"))
    assert code == 2
    for name in ("one.md", "two.md"):
        assert f"{tmp_path / name}:1:1: error: missing 'speakers'" in err, err


def test_handouts_of_two_interviews_of_one_name_are_refused(tmp_path, capsys):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(SEED, tmp_path / folder / "seed.md")
    path = write_collection(tmp_path, "a/seed.md", "b/seed.md")
    code, err = run_cli(capsys, "build", str(path), "--format", "handout",
                        "-o", str(tmp_path / "out"))
    assert code == 2 and "two interviews are named 'seed'" in err
    assert not (tmp_path / "out").exists()


def test_print_and_variant_refuse_a_collection(tmp_path, capsys):
    code, err = run_cli(capsys, "build", str(SERIES), "--format", "print",
                        "-o", str(tmp_path))
    assert code == 2 and "format 'print' cannot build a collection" in err
    code, err = run_cli(capsys, "build", str(SERIES), "--variant", "zh-Hant",
                        "-o", str(tmp_path))
    assert code == 2 and "--variant is not available for a collection" in err
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- the model


def ids_of(interview: Interview) -> list[str]:
    """Every id of the interview's nodes."""
    found = []
    for part in interview.parts:
        found += [part.id, *(p.id for p in part.paragraphs)]
        for topic in part.topics:
            found.append(topic.id)
            for exchange in topic.exchanges:
                found.append(exchange.id)
                for turn in exchange.turns:
                    found += [turn.id, *(p.id for p in turn.paragraphs)]
    return found


def test_ids_are_unique_across_the_chapters(tmp_path):
    shutil.copy(SEED, tmp_path / "a.md")
    shutil.copy(SEED, tmp_path / "b.md")
    found = load_collection(write_collection(tmp_path, "a.md", "b.md"))
    members = [load(path)[0] for path in found.members]
    collection = Collection.of(found.meta, members, found.path)
    ids = [i for member in collection.interviews for i in ids_of(member)]
    assert len(ids) == len(set(ids)) == 2 * len(ids_of(members[0]))
    assert {i.split("-")[0] for i in ids} == {"c1", "c2"}


def test_the_volume_title_is_copy_edited_as_an_interview_title_is(tmp_path):
    shutil.copy(SEED, tmp_path / "a.md")
    path = write_collection(tmp_path, "a.md")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: 读书会访谈合集", "title: DeepSeek创始人访谈合集\nsubtitle: 第1季(春)"),
        encoding="utf-8")
    meta = prepare_collection(path, BuildResult(), lambda *a: None).meta
    assert (meta.title, meta.subtitle) == ("DeepSeek 创始人访谈合集", "第 1 季（春）")
    english = path.read_text(encoding="utf-8") + "language: en\n"
    path.write_text(english, encoding="utf-8")
    meta = prepare_collection(path, BuildResult(), lambda *a: None).meta
    assert meta.title == "DeepSeek创始人访谈合集"  # the Chinese pass is for Chinese only


def test_unchanged_members_come_from_the_build_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PUBLISH_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copy(SEED, tmp_path / "a.md")
    shutil.copy(SEED, tmp_path / "b.md")
    path = write_collection(tmp_path, "a.md", "b.md")
    models = tmp_path / "cache" / "models"
    build(path, ["epub"], output_dir=tmp_path / "out")
    first = set(models.iterdir())
    assert len(first) == 2
    edited = (tmp_path / "b.md").read_text(encoding="utf-8") + "\n补充一句。\n"
    (tmp_path / "b.md").write_text(edited, encoding="utf-8")
    build(path, ["epub"], output_dir=tmp_path / "out")
    second = set(models.iterdir())
    assert first < second and len(second) == 3  # a.md's entry read again, b.md's new
    assert prepare(tmp_path / "a.md", tmp_path / "cache") == \
        prepare(tmp_path / "a.md", tmp_path / "cache")


# ---------------------------------------------------------------- the anthology


@pytest.fixture(scope="module")
def anthology(tmp_path_factory) -> dict[str, Path]:
    """The seed and an imported panel as one collection, built in every format once."""
    folder = tmp_path_factory.mktemp("collection")
    assert main(["import", str(PANEL), "-o", str(folder / "panel.md")]) == 0
    shutil.copy(SEED, folder / "seed.md")
    path = write_collection(folder, "seed.md", "panel.md", extra="subtitle: 春季学期")
    result = build(path, ["pdf", "epub", "pptx", "handout"], output_dir=folder / "out")
    files = {p.name: p for p in result.outputs}
    return {"collection": path, "seed": folder / "seed.md", "panel": folder / "panel.md",
            **files}


def members(anthology) -> list:
    return [load(anthology[name])[0] for name in ("seed", "panel")]


def test_every_format_is_named_after_the_collection(anthology):
    assert {"series.pdf", "series.epub", "series.pptx", "seed.handout.pdf",
            "panel.handout.pdf"} <= set(anthology)


def pdftotext(path: Path, *crop: str) -> list[str]:
    """The text of each page (``crop``: a pdftotext region)."""
    require("pdftotext", "poppler-utils")
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *crop, "-layout", str(path), "-"],
                          check=True, capture_output=True, text=True).stdout.split("\f")[:-1]


def test_contents_leaders_leave_no_mark_before_the_labels(anthology):
    # The leader is cut off at each entry's left edge; the label's background must cover
    # what is left of it there, or a screen shows a grey mark before every entry.  The
    # pixel column where each label begins is blank wherever the text covers less than
    # half of it (the mark, when there was one, darkened it to ~105 of 255).
    from PIL import Image

    path = anthology["series.pdf"]
    page = next(n for n, t in enumerate(pdftotext(path), 1) if "目录" in t)
    xml = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(path),
                          "-"], check=True, capture_output=True, text=True).stdout
    firsts: dict[int, tuple[float, float, float, str]] = {}  # each line's first word
    for x0, y0, y1, word in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<', xml):
        if not word.isdigit():  # page numbers stand at the other end
            key = round(float(y0))
            if key not in firsts or float(x0) < firsts[key][0]:
                firsts[key] = (float(x0), float(y0), float(y1), word)
    checked = 0
    for dpi in (50, 60, 72, 100):
        scale = dpi / 72
        png = subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi),
                              "-gray", "-png", str(path)], capture_output=True,
                             check=True).stdout
        image = Image.open(io.BytesIO(png)).convert("L")
        for x0, y0, y1, word in firsts.values():
            edge = x0 * scale
            if edge % 1 < 0.5:
                continue
            checked += 1
            column = [image.getpixel((int(edge), y))
                      for y in range(int(y0 * scale), int(y1 * scale) + 1)]
            assert min(column) > 200, (dpi, word)
    assert checked >= 10


def test_both_interviews_are_whole_in_the_pdf(anthology):
    # The type area only: running heads and folios would split sentences at page breaks.
    printed = squash("".join(pdftotext(anthology["series.pdf"], *BODY_CROP)))
    for interview in members(anthology):
        missing = [s for s in model_sentences(interview) if squash(s) not in printed]
        assert missing == [], interview.meta.title


def test_the_pdf_outline_nests_parts_and_topics_under_each_title(anthology):
    import pikepdf

    with pikepdf.open(anthology["series.pdf"]) as pdf, pdf.open_outline() as outline:
        tree = [(item.title, [(part.title, [t.title for t in part.children])
                              for part in item.children]) for item in outline.root]
    seed, panel = members(anthology)
    assert [title for title, _ in tree] == [squash_spaces(seed.meta.title),
                                           squash_spaces(panel.meta.title)]
    for (_, parts), interview in zip(tree, (seed, panel)):
        assert [p for p, _ in parts] == [part.heading for part in interview.parts]
        assert [t for _, topics in parts for t in topics] == \
            [topic.title for topic in interview.topics()]


def squash_spaces(title: str) -> str:
    """The title as the copy-editing pass spaces it (``DeepSeek创始人`` gains a space)."""
    from publish.text.typography import correct

    return correct(title)


def test_left_running_heads_name_the_interview_of_their_page(anthology):
    heads = [squash(h) for h in pdftotext(anthology["series.pdf"], *HEAD_CROP)]
    texts = [squash(t) for t in pdftotext(anthology["series.pdf"], *BODY_CROP)]
    seed, panel = (squash(squash_spaces(m.meta.title)) for m in members(anthology))
    second = next(n for n, text in enumerate(texts) if text.startswith(
        squash(COLLECTION_WORDS["chapter"].format(2))))
    left = [(n, head) for n, head in enumerate(heads) if n % 2 == 1 and head]
    assert left and {head for n, head in left if n < second} == {seed}
    assert {head for n, head in left if n > second} <= {panel}


def epub_text(path: Path) -> str:
    with zipfile.ZipFile(path) as book:
        return "".join("".join(etree.fromstring(book.read(name)).itertext())
                       for name in book.namelist() if name.endswith(".xhtml"))


def test_both_interviews_are_whole_in_the_epub(anthology):
    text = squash(epub_text(anthology["series.epub"]))
    for interview in members(anthology):
        missing = [s for s in model_sentences(interview) if squash(s) not in text]
        assert missing == [], interview.meta.title


def test_the_epub_nav_nests_by_interview(anthology):
    with zipfile.ZipFile(anthology["series.epub"]) as book:
        nav = etree.fromstring(book.read("EPUB/xhtml/nav.xhtml"))
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    chapters = nav.findall(".//h:ol[@class='toc-chapters']/h:li", ns)
    seed, panel = members(anthology)
    assert [c.find("h:a", ns).text for c in chapters] == \
        [squash_spaces(seed.meta.title), squash_spaces(panel.meta.title)]
    topics = [a.text for a in chapters[0].iterfind(".//h:li[@class='toc-topic']/h:a", ns)]
    assert topics == [topic.title for topic in seed.topics()]


@pytest.mark.slow
def test_epubcheck_finds_nothing_in_the_anthology(anthology):
    from test_epub import epubcheck

    assert epubcheck(anthology["series.epub"]) == []


def test_the_deck_opens_each_interview_with_its_title_slide(anthology):
    from pptx import Presentation

    deck = Presentation(str(anthology["series.pptx"]))
    titles = [slide.shapes.title.text_frame.text if slide.shapes.title else ""
              for slide in deck.slides]
    seed, panel = members(anthology)
    first = titles.index(squash_spaces(seed.meta.title))
    second = titles.index(squash_spaces(panel.meta.title))
    assert titles[0] == "读书会访谈合集" and 0 < first < second
    keyed = sum(max(1, sum(a.highlight is not None for a in ex.answers))
                for ex in seed.exchanges())
    assert second - first - 1 == keyed


@pytest.mark.slow
def test_libreoffice_opens_the_anthology_deck(anthology, tmp_path):
    require("soffice", "libreoffice-impress")
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(anthology["series.pptx"])], check=True, capture_output=True,
                   timeout=240)
    from pptx import Presentation

    slides = len(Presentation(str(anthology["series.pptx"])).slides)
    info = subprocess.run(["pdfinfo", str(tmp_path / "series.pdf")], check=True,
                          capture_output=True, text=True).stdout
    assert f"Pages:           {slides}" in info


# ---------------------------------------------------------------- chapters in their languages


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> dict[str, Path]:
    """An English volume of an English interview and a Japanese one, and the reverse (a
    Japanese volume, the English interview second), imported from the test transcripts
    and built with the real build: each chapter must be set in its own language."""
    folder = tmp_path_factory.mktemp("mixed")
    for language, name in (("en", "transcript-en-titled"), ("ja", "transcript-ja")):
        transcript = ROOT / "tests" / "data" / f"{name}.txt"
        assert main(["import", str(transcript), "-o", str(folder / f"{language}.md")]) == 0
    (folder / "term.yaml").write_text("title: Spring Term\ncompiler: The Reading Group\n"
                                      "language: en\ninterviews:\n  - en.md\n  - ja.md\n",
                                      encoding="utf-8")
    (folder / "term2.yaml").write_text("title: 春学期\ninterviews:\n  - ja.md\n  - en.md\n",
                                       encoding="utf-8")
    result = build(folder / "term.yaml", ["pdf", "epub", "pptx", "handout"],
                   output_dir=folder / "out")
    result.outputs += build(folder / "term2.yaml", ["pdf"], output_dir=folder / "out").outputs
    shutil.copy(folder / "en.md", folder / "en2.md")
    (folder / "term3.yaml").write_text("title: Spring Term\nlanguage: en\ninterviews:\n"
                                       "  - en.md\n  - ja.md\n  - en2.md\n", encoding="utf-8")
    result.outputs += build(folder / "term3.yaml", ["pdf"], output_dir=folder / "out").outputs
    return {p.name: p for p in result.outputs}


def chapters_text(path: Path, contents: str) -> tuple[str, str]:
    """The text of the contents page and of the chapters after it, without whitespace
    (``squash`` would make '：' a ':')."""
    pages = [re.sub(r"\s+", "", page) for page in pdftotext(path, *BODY_CROP)]
    at = next(n for n, page in enumerate(pages) if page.startswith(contents))
    return pages[at], "".join(pages[at + 1:])


def test_a_chapter_is_typeset_with_its_own_languages_labels(mixed):
    contents, text = chapters_text(mixed["term.pdf"], "Contents")
    assert "Interview2町の本屋を続けること" in contents  # the volume's own words
    assert "第2篇" in text and "Interview1" in text and "Interview2" not in text
    assert "司会：なぜ本屋を" in text and "Interviewer:Howdid" in text
    assert "司会:" not in text and "Interviewer：" not in text
    contents, text = chapters_text(mixed["term2.pdf"], "目次")
    assert "Interview2" in text and "第1篇" in text and "第2篇" not in text
    assert "Interviewer:Howdid" in text and "司会：なぜ本屋を" in text
    assert "Interviewer：" not in text and "ReadingGroup編" not in text
    assert contents.startswith("目次第1篇") and "第2篇GrowingFood" in contents


def structure_languages(path: Path) -> list[tuple[int, str | None]]:
    """(page number, ``/Lang``) of each structure element under ``Document``."""
    with pikepdf.open(path) as pdf:
        number = {page.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        return [(number[element.Pg.objgen], element.get("/Lang"))
                for element in pdf.Root.StructTreeRoot.K[0].K]


def chapter_pages(path: Path, count: int = 2) -> list[int]:
    """The page each chapter opens on (its anchor, as the contents link to it)."""
    with pikepdf.open(path) as pdf:
        number = {page.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        dests = pikepdf.NameTree(pdf.Root.Names.Dests)
        return [number[dests[f"c{n}-h"][0].objgen] for n in range(1, count + 1)]


def test_each_chapter_is_tagged_with_its_language_for_a_screen_reader(mixed):
    """The catalog names the volume's language; a chapter in another one carries its
    own on its structure elements (PDF/UA-1 7.2), the volume's chapters none."""
    for name, volume, second in (("term.pdf", "en", "ja"), ("term2.pdf", "ja", "en")):
        with pikepdf.open(mixed[name]) as pdf:
            assert str(pdf.Root.Lang) == volume
        first, other = chapter_pages(mixed[name])
        found = structure_languages(mixed[name])
        assert {lang for page, lang in found if page < other} == {None}, name
        assert {str(lang) for page, lang in found if page >= other} == {second}, name
    # a chapter in the volume's language after one in another is the volume's again
    _, second, third = chapter_pages(mixed["term3.pdf"], 3)
    found = structure_languages(mixed["term3.pdf"])
    assert {str(lang) for page, lang in found if second <= page < third} == {"ja"}
    assert {lang for page, lang in found if page < second or page >= third} == {None}


def pdffonts(path: Path) -> list[str]:
    require("pdffonts", "poppler-utils")
    listing = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                             text=True).stdout
    return [line.split()[0].partition("+")[2] for line in listing.splitlines()[2:]]


def test_a_japanese_chapter_is_set_in_the_japanese_faces(mixed):
    # fontconfig matches faces for the document's language, and a family named in a
    # stack is that family: an English volume's stacks end in Noto CJK SC
    faces = pdffonts(mixed["term.pdf"])
    assert any("Noto-Serif-CJK-JP" in face for face in faces), faces
    assert any("Noto-Sans-CJK-JP" in face for face in faces), faces  # speakers, questions
    faces = pdffonts(mixed["ja.handout.pdf"])  # as the interview's own handout
    assert faces and all("CJK-JP" in face for face in faces), faces
    assert not any("CJK" in face for face in pdffonts(mixed["en.handout.pdf"]))


def test_each_chapter_of_the_epub_is_in_its_language(mixed):
    from fontTools.ttLib import TTFont

    ns = {"h": "http://www.w3.org/1999/xhtml"}
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    with zipfile.ZipFile(mixed["term.epub"]) as book:
        def root(name: str):
            return etree.fromstring(book.read(f"EPUB/xhtml/{name}"))

        for name, lang in (("nav.xhtml", "en"), ("c1-p1.xhtml", "en"), ("c2.xhtml", "ja"),
                           ("c2-p1.xhtml", "ja"), ("c2-p2.xhtml", "ja")):
            assert (root(name).get("lang"), root(name).get(xml_lang)) == (lang, lang), name
        number = root("c2.xhtml").findtext(".//h:p[@class='chapter-number']", namespaces=ns)
        assert number == collection_labels("ja")["chapter"].format(2) + " · No. 4"
        speaker = root("c2-p2.xhtml").find(".//h:span[@class='speaker']", ns)
        assert "".join(speaker.getparent().itertext()).startswith("司会：")
        entries = root("nav.xhtml").findall(".//h:li[@class='toc-chapter']", ns)
        assert [entry.get("lang") for entry in entries] == [None, "ja"]
        opf = etree.fromstring(book.read("EPUB/content.opf"))
        languages = opf.findall(".//{http://purl.org/dc/elements/1.1/}language")
        assert [element.text for element in languages] == ["en", "ja"]  # the volume's first
        css = book.read("EPUB/css/epub.css").decode("utf-8")
        # matched exactly: :lang(zh-Hant) would also take a zh-Hant-HK volume's own text
        assert 'html[lang="ja"] body, [lang="ja"] {\n  font-family: "publish-body-ja"' in css
        assert "body:lang(" not in css
        family = TTFont(io.BytesIO(book.read("EPUB/fonts/body-ja.otf")))["name"]
        assert "CJK JP" in family.getDebugName(1)
        assert not any("CJK" in TTFont(io.BytesIO(book.read(name)))["name"].getDebugName(1)
                       for name in book.namelist()
                       if name.startswith("EPUB/fonts/body") and "-ja" not in name)


@pytest.mark.slow
def test_epubcheck_finds_nothing_in_a_book_of_two_languages(mixed):
    from test_epub import epubcheck

    assert epubcheck(mixed["term.epub"]) == []


TAG_EA = "{http://schemas.openxmlformats.org/drawingml/2006/main}ea"


def test_the_decks_japanese_slides_are_in_japanese(mixed):
    from pptx import Presentation

    from publish.text.language import ooxml_lang

    def runs(shapes) -> list:
        return [r for shape in shapes if shape.has_text_frame
                for p in shape.text_frame.paragraphs for r in p.runs]

    slides = []
    for slide in Presentation(str(mixed["term.pptx"])).slides:
        shown = runs(slide.shapes)
        both = shown + runs(slide.notes_slide.shapes if slide.has_notes_slide else [])
        slides.append((" ".join(r.text for r in shown), {r._r.rPr.get("lang") for r in both},
                       {r._r.rPr.find(TAG_EA).get("typeface") for r in both}))
    first = next(n for n, (text, _, _) in enumerate(slides) if "町の本屋" in text)
    assert 1 < first  # the volume's title slide, then the English chapter's
    for text, langs, faces in slides[:first]:
        assert langs == {ooxml_lang("en")} and not any("CJK" in face for face in faces), text
    for text, langs, faces in slides[first:]:  # as a Japanese source's own deck
        assert langs == {ooxml_lang("ja")}, text
        assert faces and all(face.endswith("CJK JP") for face in faces), text
    title = slides[first][0]
    assert "編者：読書会" in title and "Compiled by" not in title
