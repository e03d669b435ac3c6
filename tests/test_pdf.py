"""The PDF booklet, checked with real tools: poppler (pdffonts, pdftotext, pdfinfo) and
pikepdf read the PDF back; nothing here trusts the backend's own opinion of itself.

The seed booklet is rendered once per theme for the whole module.
"""

from __future__ import annotations

import dataclasses
import gc
import html
import io
import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pikepdf
import pytest

from conftest import SEED, THEMES, model_sentences, squash
from publish.backends import Options
from publish.backends import pdf
from publish.backends.pdf.fetcher import RefusedURL, SafeFetcher
from publish.backends.pdf.styles import font_family, leader, mix, theme_css
from publish.build import build
from publish.diagnostics import SourceError
from publish.fonts.resolve import MissingFontError
from publish.model import Interview, Paragraph, Run
from publish.source import load
from publish.theme import Theme, ThemeError, load_theme

EPOCH = 1700000000  # 2023-11-14T22:13:20Z
A5 = (419.53, 595.28)  # points
# Closing punctuation that must never begin a line (Chinese and ASCII).
CLOSING = "，。、；：？！）》」』】〕〉”’…,.;:?!)]}"
# pdftotext crop (points) that keeps the type area and drops the running heads and folios.
BODY_CROP = ["-r", "72", "-x", "0", "-y", "46", "-W", "420", "-H", "494"]


def render(interview: Interview, theme: Theme, **kwargs) -> tuple[bytes, Options]:
    options = Options(source_date_epoch=EPOCH, **kwargs)
    return pdf.render(interview, theme, options), options


def run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def booklets(tmp_path_factory, seed: Interview, classic: Theme, modern: Theme):
    """theme name -> (path of the seed PDF, its warnings), rendered once."""
    folder = tmp_path_factory.mktemp("pdf")
    out = {}
    for theme in (classic, modern):
        data, options = render(seed, theme)
        path = folder / f"{theme.name}.pdf"
        path.write_bytes(data)
        out[theme.name] = (path, options.warnings)
    return out


@pytest.fixture(scope="module")
def booklet(booklets) -> Path:
    return booklets["classic"][0]


def page_texts(path: Path, *crop: str) -> list[str]:
    return run("pdftotext", *crop, "-layout", str(path), "-").split("\f")[:-1]


# ---- fonts ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["classic", "modern"])
def test_every_font_is_embedded_subset_and_cjk(booklets, name: str) -> None:
    lines = run("pdffonts", str(booklets[name][0])).splitlines()[2:]
    assert lines, "no fonts at all"
    for line in lines:
        fields = line.split()
        emb, sub, uni = fields[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), line
        assert re.fullmatch(r"[A-Z]{6}\+.+", fields[0]), line
        assert "CJK" in fields[0], f"a non-CJK fallback face was used: {line}"


def test_themes_use_their_own_faces(booklets) -> None:
    classic = run("pdffonts", str(booklets["classic"][0]))
    modern = run("pdffonts", str(booklets["modern"][0]))
    assert "Serif-CJK" in classic and "Serif-CJK" not in modern
    assert booklets["classic"][0].read_bytes() != booklets["modern"][0].read_bytes()


@pytest.mark.parametrize("name", ["classic", "modern"])
def test_no_warnings_and_a_small_file(booklets, name: str) -> None:
    path, warnings = booklets[name]
    assert warnings == []  # would hold WeasyPrint's fontTools-fallback warning, if any
    assert path.stat().st_size <= 400 * 1024


# ---- text -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["classic", "modern"])
def test_every_sentence_of_the_source_is_in_the_text(booklets, seed: Interview,
                                                      name: str) -> None:
    # Running heads and folios are cropped away: they would split sentences at page
    # breaks. The cover and colophon keep every metadata string.
    text = squash("".join(page_texts(booklets[name][0], *BODY_CROP)))
    lost = [s for s in model_sentences(seed) if squash(s) not in text]
    assert lost == []


def test_highlights_and_speakers_are_in_the_text(booklet: Path, seed: Interview) -> None:
    text = squash(run("pdftotext", str(booklet), "-"))
    for exchange in seed.exchanges():
        assert squash(exchange.answers[0].highlight or "") in text
    for speaker in (seed.meta.host, seed.meta.guest):
        assert squash(f"{speaker.name}：") in text


@pytest.mark.parametrize("name", ["classic", "modern"])
def test_no_line_starts_with_closing_punctuation(booklets, name: str) -> None:
    lines = run("pdftotext", str(booklets[name][0]), "-").splitlines()
    bad = [line for line in lines if line.strip() and line.strip()[0] in CLOSING]
    assert bad == []


# ---- structure: outline, TOC, pages -----------------------------------------------

def outline(path: Path) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """[(part title, page number, [(topic title, page number)])] from the PDF outline."""
    with pikepdf.open(path) as doc:
        pages = {page.objgen: n for n, page in enumerate(doc.pages, 1)}

        def number(item) -> int:
            return pages[item.destination[0].objgen]

        with doc.open_outline() as tree:
            return [(i.title, number(i), [(c.title, number(c)) for c in i.children])
                    for i in tree.root]


def test_outline_is_parts_then_topics(booklet: Path, seed: Interview) -> None:
    found = outline(booklet)
    assert [title for title, _, _ in found] == [p.heading for p in seed.parts]
    for (_, _, topics), part in zip(found, seed.parts):
        assert [t for t, _ in topics] == [t.title for t in part.topics]
    assert sum(len(t) for _, _, t in found) == len(list(seed.topics()))


def test_parts_open_on_right_hand_pages(booklet: Path) -> None:
    assert all(page % 2 == 1 for _, page, _ in outline(booklet))


def test_toc_page_numbers_are_the_real_ones(booklet: Path) -> None:
    texts = page_texts(booklet)
    toc = next(t for t in texts if "目录" in t)
    # -layout keeps each entry on its line: the label, the (drawn) leader's gap, the page.
    listed = {m[1]: int(m[2]) for m in re.finditer(r"^\s*(\S.*?)\s{2,}(\d+)\s*$", toc, re.M)}
    expected = {}
    for title, page, topics in outline(booklet):
        expected[title] = page
        expected.update(topics)
    assert listed == expected


def test_toc_leaders_are_dots_between_label_and_number(booklet: Path) -> None:
    # The leader is drawn (not set as text): a row of dots in the gap between each label
    # and its page number, none over the label or the number.
    from PIL import Image

    page = next(n for n, t in enumerate(page_texts(booklet), 1) if "目录" in t)
    xml = run("pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(booklet), "-")
    words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<', xml)]
    scale = 2  # 144 dpi
    png = subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", "144", "-gray",
                          "-png", str(booklet)], capture_output=True, check=True).stdout
    image = Image.open(io.BytesIO(png)).convert("L")
    numbers = [w for w in words if w[4].isdigit()]
    assert len(numbers) == len(outline(booklet)) + sum(len(t) for _, _, t in outline(booklet))
    for x0, y0, x1, y1, _ in numbers:
        label_end = max(w[2] for w in words if abs(w[1] - y0) < 2 and w[2] < x0)
        band = range(round(y0 * scale), round(y1 * scale))
        gap = range(round(label_end * scale) + 6, round(x0 * scale) - 6)
        inked = [x for x in gap if min(image.getpixel((x, y)) for y in band) < 200]
        assert len(inked) > len(gap) / 8, (x0, y0)   # dots all along the gap...
        runs = sum(1 for a, b in zip(inked, inked[1:]) if b > a + 1)
        assert runs > len(gap) / 12                   # ...and separate dots, not a rule


def painted(doc: pikepdf.Pdf, number: int) -> list[tuple[str, list]]:
    """(operator, operands) of everything page ``number`` draws, its forms' included."""
    out: list[tuple[str, list]] = []

    def walk(stream, resources) -> None:
        for operands, operator in pikepdf.parse_content_stream(stream):
            out.append((str(operator), list(operands)))
            if str(operator) == "Do":
                form = resources.XObject[operands[0]]
                if form.Subtype == "/Form":
                    walk(form, form.get("/Resources", resources))

    page = doc.pages[number - 1]
    walk(page, page.Resources)
    return out


@pytest.mark.parametrize("name", ["classic", "modern"])
def test_toc_leader_is_stroked_not_tiled(booklets, request, name: str) -> None:
    # poppler paints a tiling pattern cell by cell, each cell a form that carries the
    # document's fonts: the contents' leader as a 3pt tile (a gradient, SVG or PNG dot)
    # took 4-9 s of CPU to rasterize the page, against ~0.2 s for a page of text.  The
    # page fills with no pattern and no shading; its dots are dashed strokes in the
    # theme's muted colour.
    path = booklets[name][0]
    page = next(n for n, t in enumerate(page_texts(path), 1) if "目录" in t)
    with pikepdf.open(path) as doc:
        ops = painted(doc, page)
    assert not [o for o, args in ops if o in ("cs", "CS") and args == [pikepdf.Name.Pattern]]
    assert not [o for o, _ in ops if o == "sh"]
    dashed, colour = [], None
    for operator, args in ops:
        if operator == "RG":
            colour = "#" + "".join(f"{round(float(c) * 255):02x}" for c in args)
        elif operator == "d" and list(args[0]):
            dashed.append(colour)
    entries = len(outline(path)) + sum(len(t) for _, _, t in outline(path))
    assert dashed == [request.getfixturevalue(name).get("palette.muted")] * entries


@pytest.mark.parametrize("size, length", [
    ("A5", 1200), ("A3 landscape", 1200), ("A2 landscape", 1686), ("600mm 400mm", 1701),
    ("0.5in 11in", 1200), ("05mm 200mm", 1200), ("0mm 100mm", 1200), ("25in 30in", 1800)])
def test_the_leader_is_as_long_as_a_page_wider_than_a3(size: str, length: int) -> None:
    """The leader is drawn leftwards from an entry's right edge: an image shorter than the
    type area left a long entry's first dots out on a wide page."""
    css = unquote(theme_css(unchecked(load_theme("classic"), size=size), []))
    assert f"width='{length}pt'" in css


def unchecked(theme: Theme, **page: str) -> Theme:
    """``theme`` with ``page`` options set past the theme's own checks (``theme_checks``
    refuses a page no text fits on; the CSS must still hold for any it is handed)."""
    import copy
    from dataclasses import replace

    options = copy.deepcopy(dict(theme.options))
    options.setdefault("page", {}).update(page)
    return replace(theme, options=options)


def test_a_wrapped_contents_entry_keeps_clear_of_the_page_numbers(tmp_path: Path) -> None:
    # A label too long for one line wraps short of the page-number column on every
    # line (as in LaTeX's contents), and its number stands on the label's last line.
    long_title = "创新身份的突破：从追随者到引领者的漫长道路，以及中国公司在基础研究领域所面临的挑战"
    source = tmp_path / "long.md"
    source.write_text(SEED.read_text(encoding="utf-8").replace(
        "## 创新身份的突破", f"## {long_title}", 1), encoding="utf-8")
    booklet = build(source, ["pdf"], output_dir=tmp_path / "out").outputs[0]
    page = next(n for n, t in enumerate(page_texts(booklet), 1) if "目录" in t)
    xml = run("pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(booklet), "-")
    words = [(float(a), float(b), float(c), w) for a, b, c, w in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)<', xml)]
    numbers = [w for w in words if w[3].isdigit()]
    column = min(x0 for x0, _, _, _ in numbers)
    assert all(x1 <= column for _, _, x1, w in words if not w.isdigit())
    lines = sorted({round(y0) for _, y0, _, w in words if w.startswith("创新身份的突破")} |
                   {round(y0) for _, y0, _, w in words if w.endswith("挑战")})
    assert len(lines) == 2, lines  # the label took two lines
    assert any(abs(y0 - lines[-1]) < 2 for _, y0, _, _ in numbers)
    assert not any(abs(y0 - lines[0]) < 2 for _, y0, _, _ in numbers)


def test_cover_and_blank_pages_have_no_head_or_number(booklet: Path, seed: Interview) -> None:
    texts = page_texts(booklet)
    assert squash(texts[0]) == squash("".join(
        [f"期号{seed.meta.number}", seed.meta.title, seed.meta.subtitle,
         seed.meta.compiler, "编"]))
    blank = [t for t in texts if not t.strip()]
    assert blank, "the seed has blank versos before right-hand part openings"


@pytest.mark.parametrize("name", ["classic", "modern"])
def test_folios_on_text_pages_only(booklets, name: str) -> None:
    # The strip below the type area holds the page number on every page of text, and
    # nothing on the cover, title page, contents and the blank versos.
    path = booklets[name][0]
    folios = [t.strip() for t in page_texts(path, "-r", "72", "-x", "0", "-y", "540",
                                            "-W", "420", "-H", "56")]
    bodies = [t.strip() for t in page_texts(path, *BODY_CROP)]
    blank = [n for n, body in enumerate(bodies, 1) if not body]
    assert blank and all(n % 2 == 0 for n in blank)  # versos before right-hand openings
    whole = page_texts(path)
    assert [n for n in blank if whole[n - 1].strip()] == []  # no head, no number either
    for n, folio in enumerate(folios, 1):
        expected = "" if n <= 3 or n in blank else str(n)
        assert folio == expected, (n, folio)


def test_running_heads_title_left_section_right(booklet: Path, seed: Interview) -> None:
    heads = [squash(t) for t in page_texts(booklet, "-r", "72", "-x", "0", "-y", "0",
                                           "-W", "420", "-H", "46")]
    sections = {squash(p.heading) for p in seed.parts} | {squash(t.title) for t in seed.topics()}
    body = range(7, len(heads))  # after the cover, colophon, contents and part one
    assert any(heads[n - 1] == squash(seed.meta.title) for n in body if n % 2 == 0)
    for n in body:
        if heads[n - 1] and n % 2 == 1:
            assert heads[n - 1] in sections, (n, heads[n - 1])
        elif heads[n - 1]:
            assert heads[n - 1] == squash(seed.meta.title), (n, heads[n - 1])
    assert heads[0] == "" and heads[1] == "" and heads[2] == ""


# ---- metadata ---------------------------------------------------------------------

def test_pdfinfo_metadata_tags_and_page_size(booklet: Path, seed: Interview) -> None:
    info = dict(line.split(":", 1) for line in run("pdfinfo", str(booklet)).splitlines())
    info = {k.strip(): v.strip() for k, v in info.items()}
    assert info["Title"] == seed.meta.title
    assert info["Author"] == seed.meta.compiler
    assert info["Subject"] == seed.meta.description
    assert all(k in info["Keywords"] for k in seed.meta.keywords)
    assert info["Tagged"] == "yes"
    width, height = (float(x) for x in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert (round(width, 1), round(height, 1)) == (round(A5[0], 1), round(A5[1], 1))
    assert "2023" in info["CreationDate"] and "2023" in info["ModDate"]
    with pikepdf.open(booklet) as doc:
        assert str(doc.Root.Lang) == "zh-CN"
        assert "/StructTreeRoot" in doc.Root
        assert "2023-11-14" in run("pdftotext", "-f", "2", "-l", "2", str(booklet), "-")


def test_two_renders_are_byte_identical(booklet: Path, seed: Interview, classic: Theme) -> None:
    assert render(seed, classic)[0] == booklet.read_bytes()


def test_a_fresh_process_renders_the_same_bytes(booklet: Path, tmp_path: Path) -> None:
    target = tmp_path / "again.pdf"
    code = ("from pathlib import Path; from publish.source import load; from publish.theme import "
            "load_theme; from publish.backends import Options, pdf; "
            f"i, _ = load({str(SEED)!r}); t = load_theme('classic', root=Path({str(THEMES)!r})); "
            f"open({str(target)!r}, 'wb').write(pdf.render(i, t, Options({EPOCH})))")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)
    assert target.read_bytes() == booklet.read_bytes()


# ---- fonts missing ----------------------------------------------------------------

NO_FONTS = {f"fonts.{role}": ["No Such Font"] for role in ("body", "heading", "sans", "mono")}


def test_a_theme_naming_a_missing_font_is_a_clear_error(seed: Interview) -> None:
    theme = load_theme("classic", NO_FONTS, root=THEMES)
    with pytest.raises(MissingFontError, match="No Such Font.*matches no installed font"):
        render(seed, theme)


def test_one_stack_missing_is_enough_to_fail(seed: Interview) -> None:
    theme = load_theme("classic", {"fonts.mono": ["No Such Font"]}, root=THEMES)
    with pytest.raises(MissingFontError, match="'mono'"):
        render(seed, theme)


def test_a_glyph_no_font_has_is_a_located_error(tmp_path: Path) -> None:
    source = tmp_path / "emoji.md"
    source.write_text(SEED.read_text(encoding="utf-8").replace(
        "# 一. 引言\n\n", "# 一. 引言\n\n笑\U0001F600。\n\n", 1), encoding="utf-8")
    with pytest.raises(SourceError) as info:
        build(source, ["pdf"], output_dir=tmp_path)
    assert "U+1F600" in str(info.value) and f"{source}:" in str(info.value)
    assert not (tmp_path / "emoji.pdf").exists()


# ---- security: the URL fetcher ------------------------------------------------------

@pytest.fixture()
def fetcher(tmp_path: Path, classic: Theme) -> SafeFetcher:
    return SafeFetcher([*classic.chain, tmp_path], [], memory={"publish-font:x.otf": b"OTTO"})


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "http://example.com/style.css",
    "https://example.com/font.otf",
    "ftp://example.com/x",
    "javascript:alert(1)",
    "../../etc/passwd",
    "/etc/passwd",
    "file://otherhost/etc/passwd",
])
def test_fetcher_refuses_outside_and_remote_urls(fetcher: SafeFetcher, url: str) -> None:
    with pytest.raises(RefusedURL):
        fetcher(url)
    assert len(fetcher.warnings) == 1 and "refused" in fetcher.warnings[0]


def test_fetcher_refuses_dot_dot_escapes_and_symlinks(fetcher: SafeFetcher, tmp_path: Path,
                                                      classic: Theme) -> None:
    escape = (classic.chain[-1] / "css").as_uri() + "/../../../../../../etc/passwd"
    with pytest.raises(RefusedURL):
        fetcher(escape)
    (tmp_path / "link.css").symlink_to("/etc/passwd")
    with pytest.raises(RefusedURL):
        fetcher((tmp_path / "link.css").as_uri())
    assert len(fetcher.warnings) == 2


def test_fetcher_serves_theme_files_source_folder_and_its_own_fonts(
        fetcher: SafeFetcher, tmp_path: Path, classic: Theme) -> None:
    css = classic.find("css/print.css")
    assert css is not None
    response = fetcher(css.as_uri())
    assert response.read() == css.read_bytes() and response.content_type == "text/css"
    (tmp_path / "pic.svg").write_text("<svg/>")
    assert fetcher((tmp_path / "pic.svg").as_uri()).read() == b"<svg/>"
    assert fetcher("publish-font:x.otf").read() == b"OTTO"
    assert fetcher("data:text/plain,hi").read() == b"hi"
    assert fetcher.warnings == []


def test_a_theme_that_reaches_outside_builds_and_reads_nothing(tmp_path: Path,
                                                              seed: Interview,
                                                              capfd) -> None:
    root = tmp_path / "themes"
    shutil.copytree(THEMES / "base", root / "base")
    (root / "evil" / "css").mkdir(parents=True)
    (root / "evil" / "theme.toml").write_text('name = "evil"\ninherit = "base"\n')
    (root / "evil" / "css" / "print.css").write_text(
        '@import url("file:///etc/passwd");\n'
        'body { background: url("https://example.com/track.png"); }\n'
        '.cover { background: url("../../../../../../../etc/hostname"); }\n')
    data, options = render(seed, load_theme("evil", root=root))
    assert data.startswith(b"%PDF") and b"root:x:0" not in data
    refused = [w for w in options.warnings if "refused" in w]
    assert any("/etc/passwd" in w for w in refused)
    assert any("example.com" in w for w in refused)
    assert any("hostname" in w for w in refused)
    assert capfd.readouterr().err == ""  # WeasyPrint's logger never reaches stderr


# ---- security: hostile source -------------------------------------------------------

HOSTILE = """\
---
title: 恶意 <b>标题</b> & 测试
compiler: 测试者
speakers:
  - name: 主持人
    role: host
  - name: 嘉宾
    role: guest
---

# 一. 引言

这里有 <script>alert(1)</script> 和 &amp; 与 & 符号，链接 [x](file:///etc/passwd) 在此。

# 二. 访谈

## 话题

主持人: 问题里有 <img src="file:///etc/passwd"> 吗？

嘉宾: 回答 `rm -rf /` 不会执行。==这是重点。==
"""


def test_hostile_source_renders_literally_and_reads_nothing(tmp_path: Path, classic: Theme,
                                                             monkeypatch, capfd) -> None:
    source = tmp_path / "hostile.md"
    source.write_text(HOSTILE, encoding="utf-8")
    interview, _ = load(source)
    # A link the parser would never produce, to prove the template's safe_href.
    part = interview.parts[0]
    linked = Paragraph("p1-x", (Run("见"), Run("x", href="file:///etc/passwd"), Run("。")))
    interview = dataclasses.replace(interview, parts=(
        dataclasses.replace(part, paragraphs=part.paragraphs + (linked,)),
        *interview.parts[1:]))
    fetched: list[str] = []
    original = SafeFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(SafeFetcher, "fetch", spy)
    data, options = render(interview, classic)
    path = tmp_path / "hostile.pdf"
    path.write_bytes(data)
    text = run("pdftotext", str(path), "-")
    assert "<script>alert(1)</script>" in text and '<img src="file:///etc/passwd">' in text
    assert "<b>标题</b> & 测试" in text and "[x](file:///etc/passwd)" in squash(text)
    assert "root:x:0" not in text and options.warnings == []
    assert "rm -rf /" in text and "Mono-CJK" in run("pdffonts", str(path))  # code: mono face
    assert capfd.readouterr().err == ""
    # The font subsets, the theme's files and the theme's own contents leader (a data:
    # URL, which reads nothing).
    assert fetched and all(u.startswith(("publish-font:", (THEMES / "base").as_uri(),
                                         (THEMES / "classic").as_uri())) or
                           u == leader(classic.get("palette.muted")) for u in fetched)
    with pikepdf.open(path) as doc:
        uris = [str(a.A.URI) for page in doc.pages for a in page.get("/Annots", [])
                if "/A" in a and "/URI" in a.A]
    assert uris == ["#"]


# ---- both themes through build() --------------------------------------------------

@pytest.mark.parametrize("name", ["classic", "modern"])
def test_build_writes_the_booklet(tmp_path: Path, name: str, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    result = build(SEED, ["pdf"], theme=name, output_dir=tmp_path)
    assert result.outputs == [tmp_path / f"{SEED.stem}.pdf"]
    info = run("pdfinfo", str(result.outputs[0]))
    assert "Tagged:          yes" in info and re.search(r"Pages:\s+1\d", info)
    # build() runs the copy-editing pass: fullwidth punctuation, the real line-start test.
    lines = run("pdftotext", str(result.outputs[0]), "-").splitlines()
    assert sum(line.count("，") for line in lines) > 100
    assert [line for line in lines if line.strip() and line.strip()[0] in CLOSING] == []


def test_print_settings_add_bleed_and_marks(seed: Interview, classic: Theme) -> None:
    data, options = render(seed, classic, settings={"marks": "crop cross", "bleed": "3mm"})
    assert options.warnings == []
    with pikepdf.open(io.BytesIO(data)) as doc:
        page = doc.pages[0]
        trim = [float(x) for x in page.TrimBox]
        media = [float(x) for x in page.MediaBox]
    assert media[2] - media[0] == pytest.approx(trim[2] - trim[0] + 2 * 8.5, abs=0.2)


def test_font_family_quotes_names_and_keeps_generics_bare() -> None:
    assert font_family(['Noto Serif CJK SC', '"Evil"; } x {', "serif"]) == \
        '"Noto Serif CJK SC", "Evil; } x {", serif'


def test_cover_mixes_are_the_solid_colours_opacity_showed() -> None:
    # ink at 85 % over paper, channel by channel, as PDF composites an opacity group
    assert mix("#ffffff", "#000000", 0.85) == "#d9d9d9"
    assert mix("white", "#5b1f26", 0.9) == mix("#fff", "rgb(91, 31, 38)", 0.9) == "#efe9e9"
    assert mix("rgba(255, 255, 255, 0.5)", "#000", 1.0) == "#808080"
    assert mix("inherit", "#000", 0.5) == "inherit"            # cannot mix: unchanged
    assert mix("#fff", "rgba(0, 0, 0, 0.5)", 0.5) == "#fff"    # translucent paper: same


def test_the_cover_paints_no_transparency_group(booklets) -> None:
    """``opacity`` made WeasyPrint paint untagged form XObjects on the cover (pdfua
    UA-01-003); the softer cover text is a solid colour now.  (WeasyPrint shares one
    resource dictionary among the pages, so the contents' leader forms are listed on
    the cover too: what counts is what the cover draws.)"""
    for name in ("classic", "modern"):
        with pikepdf.open(booklets[name][0]) as pdf:
            assert [args for o, args in painted(pdf, 1) if o == "Do"] == [], name


def test_any_css_colour_of_the_palette_reaches_the_booklet_as_hex() -> None:
    """hsl() passed the theme check and then reached the booklet as #1f1f1f, which the
    warning called the text colour."""
    theme = load_theme("classic", {"palette.accent": "hsl(120, 40%, 30%)",
                                   "palette.muted": "SlateGray",
                                   "palette.cover_text": "rgb(250 240 230)"}, root=THEMES)
    warnings: list[str] = []
    css = theme_css(theme, warnings)
    assert warnings == []
    for declaration in ("--accent: #2e6b2e;", "--muted: #708090;", "--cover-text: #faf0e6;",
                        f"--cover-text-85: {mix('#faf0e6', '#5b1f26', 0.85)};"):
        assert declaration in css
    assert "stroke='%23708090'" in css  # the contents' leader, in the muted colour
    # a theme not checked by load_theme: a colour is still made hex, a non-colour is the
    # base theme's, and the warning says so
    options = {**theme.options, "palette": {**theme.get("palette"), "accent": "DarkGreen",
                                            "rule": "red; } p { display: none"}}
    css = theme_css(dataclasses.replace(theme, options=options), warnings)
    assert "--accent: #006400;" in css and "--rule: #d9d2c5;" in css
    assert warnings == ["pdf: warning: theme option palette.rule = 'red; } p { display: "
                        "none' is not a colour; using the base theme's"]


def test_theme_values_cannot_inject_css_and_the_logger_is_restored(seed: Interview) -> None:
    logger = logging.getLogger("weasyprint")
    before = (list(logger.handlers), logger.propagate, logger.level)
    with pytest.raises(ThemeError, match="'palette.accent' must be a colour"):
        load_theme("classic", {"palette.accent": "red; } p { display: none"}, root=THEMES)
    with pytest.raises(ThemeError, match="'page.size' must be a page size"):
        load_theme("classic", {"page.size": "A4; } body { display: none"}, root=THEMES)
    theme = unchecked(load_theme("classic", root=THEMES), size="A4; } body { display: none")
    data, options = render(seed, theme)
    assert (list(logger.handlers), logger.propagate, logger.level) == before
    assert gc.isenabled()  # paused while rendering, resumed after
    assert any("page.size" in w for w in options.warnings)
    with pikepdf.open(io.BytesIO(data)) as doc:
        assert [round(float(x)) for x in doc.pages[3].MediaBox] == [0, 0, 420, 595]


# ---- page size overrides ----------------------------------------------------------

A4 = (595.28, 841.89)  # points


def gray_column(data: bytes, page: int, dpi: int = 72) -> list[int]:
    """The middle pixel column (top to bottom, 0-255) of page ``page`` rendered in grey."""
    from PIL import Image

    png = subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi),
                          "-gray", "-png", "-"], input=data, capture_output=True,
                         check=True).stdout
    image = Image.open(io.BytesIO(png)).convert("L")
    return [image.getpixel((image.width // 2, y)) for y in range(image.height)]


def word_top(data: bytes, page: int, word: str) -> tuple[float, float]:
    """(yMin of ``word`` on ``page``, the page height), from pdftotext -bbox."""
    xml = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", "-", "-"],
                         input=data, capture_output=True, check=True).stdout.decode()
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', xml)[1])
    top = re.search(rf'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>{re.escape(word)}</word>', xml)
    return float(top[1]), height


@pytest.mark.parametrize("name", ["classic", "modern"])
def test_page_size_a4_resizes_every_page_and_the_cover_fills_it(seed: Interview,
                                                                 name: str) -> None:
    # `--set page.size=A4`: every page is A4, and the cover is laid out for the A4 page
    # (its geometry is in pvh), not squeezed into the top 210 mm of it.
    theme = load_theme(name, {"page.size": "A4"}, root=THEMES)
    data, options = render(seed, theme)
    assert options.warnings == []
    with pikepdf.open(io.BytesIO(data)) as doc:
        sizes = {tuple(round(float(v), 1) for v in page.mediabox[2:]) for page in doc.pages}
    assert sizes == {(round(A4[0], 1), round(A4[1], 1))}
    top, height = word_top(data, 1, seed.meta.compiler)
    assert top / height > 0.57  # the byline in the lower half, as on the A5 cover
    if name == "classic":  # the frame's bottom rule (light on the dark cover) at the foot
        column = gray_column(data, 1)
        light = [y for y, value in enumerate(column) if value > 90]
        assert light and max(light) > len(column) * 0.95, (max(light, default=0), len(column))


# A cover whose byline wraps, under a title and a subtitle of several lines. When the
# byline followed the subtitle at a fixed distance, its second line was drawn across the
# foot of the classic theme's frame, and a longer cover went on over a second page.
LONG_TITLE = ("Growing Food in the City, on Rooftops, Balconies and Vacant Lots, "
              "Across Three Winters and a Drought")
LONG_SUBTITLE = ("A long conversation about community gardens, neighbourhood kitchens, "
                 "seed libraries, water rights and what a city owes the people who feed it")
LONG_COMPILER = "The Reading Group of the Northern Riverside Community Library Association"
LONGER_COMPILER = LONG_COMPILER + " and the Friends of the Eastside Allotments Cooperative"
FRAME_INSET = 9 * 72 / 25.4  # classic print.css: .cover { margin: 9mm; border: 0.6pt }
FRAME_RULE = 0.6


def cover_words(data: bytes) -> tuple[list[tuple[float, float, float, float, str]],
                                      float, float]:
    """Every word on page 1 as (xMin, yMin, xMax, yMax, text), and the page's width and
    height, in points from the top left (pdftotext -bbox)."""
    xml = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", "-", "-"],
                         input=data, capture_output=True, check=True).stdout.decode()
    width, height = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', xml).groups()
    words = [(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                        r'yMax="([\d.]+)">(.*?)</word>', xml)]
    return words, float(width), float(height)


@pytest.mark.parametrize("name, subtitle, compiler", [
    # the byline's second line crossed the frame's foot
    ("classic", " ".join(LONG_SUBTITLE.split()[:16]), LONG_COMPILER),
    # the cover went on over a second page, the frame's foot and the byline with it
    ("classic", LONG_SUBTITLE, LONGER_COMPILER),
    ("modern", LONG_SUBTITLE, LONGER_COMPILER),
    ("base", LONG_SUBTITLE, LONGER_COMPILER),
], ids=["classic", "classic-longer", "modern", "base"])
def test_a_long_cover_stays_inside_its_frame(tmp_path: Path, name: str, subtitle: str,
                                             compiler: str) -> None:
    source = tmp_path / "long-cover.md"
    source.write_text(
        f"---\ntitle: {LONG_TITLE}\nnumber: \"12\"\nsubtitle: {subtitle}\n"
        f"compiler: {compiler}\nlanguage: en\nspeakers:\n"
        "  - {name: Interviewer, role: host}\n  - {name: Jane Smith, role: guest}\n---\n\n"
        "# 1. Talk\n\n## Gardens\n\nInterviewer: How did it start?\n\n"
        "Jane Smith: ==With a few pots on a balcony.==\n", encoding="utf-8")
    interview, _ = load(source)
    data, options = render(interview, load_theme(name, root=THEMES))
    assert options.warnings == []
    words, width, height = cover_words(data)
    # The whole cover is on page 1: a cover too long for its page goes on over the next.
    text = [w[4] for w in words]
    for string in (LONG_TITLE, subtitle, compiler):
        assert all(word in text for word in string.split()), (string, text)
    first, last = (next(w for w in words if w[4] == compiler.split()[i]) for i in (0, -1))
    assert last[1] >= first[3] - 1, ("the byline should wrap", first, last)
    # Inside the frame: the inner edge of the classic theme's border (the other themes
    # draw none: the page's edges), with nothing on the rule itself.
    inset = FRAME_INSET + FRAME_RULE if name == "classic" else 0.0
    left, top, right, bottom = inset, inset, width - inset, height - inset
    outside = [w for w in words
               if w[0] < left or w[1] < top or w[2] > right or w[3] > bottom]
    assert outside == [], (name, (left, top, right, bottom), outside)
    if name == "classic":  # the frame is drawn where the CSS puts it: light rules on the
        column = gray_column(data, 1)  # dark cover at its top and foot, dark beyond them
        for edge in (FRAME_INSET, height - FRAME_INSET):
            near = column[int(edge) - 1:int(edge) + 2]
            assert max(near) > 90, (edge, near)
            assert column[int(edge) - 4] < 90 and column[int(edge) + 4] < 90, edge


def test_an_unknown_page_size_warns_and_keeps_the_theme_default(seed: Interview) -> None:
    theme = unchecked(load_theme("classic", root=THEMES), size="huge")
    data, options = render(seed, theme)
    assert any("page.size = 'huge'" in w for w in options.warnings)
    assert not any("weasyprint" in w for w in options.warnings)
    with pikepdf.open(io.BytesIO(data)) as doc:
        assert [round(float(x)) for x in doc.pages[0].MediaBox] == [0, 0, 420, 595]


def test_unbreakable_runs_wrap_instead_of_running_off_the_page(tmp_path):
    """A long URL or a row of symbols has no break opportunity; every character of it
    must still be on the page (nothing lost)."""
    body = ("## 话题\n\n主持人: 问？\n\n嘉宾: ==答。== https://example.org/" + "a" * 400 +
            " " + "[" * 600 + "\n")
    source = tmp_path / "long.md"
    front = "---\ntitle: 长串\nspeakers:\n  - {name: 主持人, role: host}\n" \
            "  - {name: 嘉宾, role: guest}\n---\n\n# 一. 部分\n\n"
    source.write_text(front + body, encoding="utf-8")
    (pdf,) = build(source, ["pdf"], output_dir=tmp_path).outputs
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    squashed = "".join(text.split())  # the run may cross a page: count, don't match
    assert "https://example.org/" + "a" * 54 in squashed
    assert squashed.count("a") == 401 and squashed.count("[") == 600


def test_font_subsets_are_cached_and_give_the_same_bytes(seed, classic, tmp_path, monkeypatch):
    """A rebuild of the same text takes its cut-down faces from the cache, and the
    booklet is byte-identical either way."""
    from publish.backends import Options
    from publish.backends.pdf import render
    from publish.fonts import subset

    cold = render(seed, classic, Options(source_date_epoch=1700000000, cache_dir=str(tmp_path)))
    entries = sorted((tmp_path / "pdf-fonts").iterdir())
    assert entries and all(e.suffix == ".otf" for e in entries)

    def no_cutting(*args, **kwargs):
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr(subset, "_cut", no_cutting)
    warm = render(seed, classic, Options(source_date_epoch=1700000000, cache_dir=str(tmp_path)))
    assert warm == cold
