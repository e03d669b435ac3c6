"""The package: OPF metadata, manifest, spine, NCX, built with ebooklib.

ebooklib writes the package document, the EPUB 2 NCX and the zip; the content documents
and the navigation document are ours (rendered from templates) and are handed over as
plain items so ebooklib stores them byte for byte instead of re-parsing them with an HTML
parser.  Things ebooklib would otherwise get wrong are set explicitly: a stable
identifier instead of a random uuid4, ``dcterms:modified`` in UTC (it uses local time),
media types of fonts, and ``raise_exceptions`` so a write error is not swallowed.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from typing import Sequence

from ebooklib import epub
from lxml import etree

from ...model import Interview
from ...text.language import is_traditional
from .. import build_time
from .documents import XHTML, Document, TocEntry

FOLDER = "EPUB"
IBOOKS = "http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/"
W3CDTF = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?)?)?)?$")
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
ACCESS_FEATURES = ("tableOfContents", "readingOrder", "structuralNavigation",
                   "alternativeText", "displayTransformability")
MAX_NCX_POINTS = 1000
"""The most entries the NCX lists before it keeps to the parts.

The NCX is for EPUB 2 reading systems only (EPUB 3 ones use the navigation document,
which always lists every topic), and such a reader shows it as one list: past a thousand
entries nobody scrolls it.  EPUBCheck's NCX rules (playOrder without gaps, equal targets
with equal playOrder, unique ids) compare every navPoint with every other one: about 2 s
for 1,000 points, 15 s for 3,000, three minutes for 10,000.  Parts are never dropped.
"""
SUMMARY = {
    "zh": ("本书为可重排的文字版访谈记录，提供目录、结构化标题和正确的阅读顺序。"
           "问答以加粗的说话人标签和版式区分，不依赖颜色；封面图片附有替代文本。"),
    "zh-Hant": ("本書為可重排的文字版訪談記錄，提供目錄、結構化標題和正確的閱讀順序。"
                "問答以加粗的說話人標籤和版式區分，不依賴顏色；封面圖片附有替代文字。"),
    "en": ("A reflowable text edition of an interview with a table of contents, structured "
           "headings and a logical reading order. Questions and answers are told apart by "
           "bold speaker labels and layout, not by colour; the cover image has alternative "
           "text."),
}


@dataclass(frozen=True)
class Asset:
    """A non-document resource: stylesheet, font or image."""

    uid: str
    file_name: str
    media_type: str
    content: bytes
    cover: bool = False       # the cover image (manifest property cover-image)


def identifier(interview: Interview) -> str:
    """The model's identifier (see ``Meta.identifier``): stable across builds."""
    return interview.meta.publication_id


def build_package(interview: Interview, lang: str, documents: Sequence[Document],
                  toc: Sequence[TocEntry], assets: Sequence[Asset], labels: dict[str, str],
                  epoch: int | None, warnings: list[str], embedded_font: bool) -> bytes:
    """The EPUB as ebooklib writes it (not yet deterministic: see publish.store.ziputil)."""
    book = epub.EpubBook()
    book.FOLDER_NAME = FOLDER
    _metadata(book, interview, lang, warnings, embedded_font)
    for other in dict.fromkeys(doc.lang for doc in documents if doc.lang and doc.lang != lang):
        book.add_metadata("DC", "language", other)  # an anthology's chapters, after its own
    for asset in assets:
        item_class = epub.EpubCover if asset.cover else epub.EpubItem
        item = item_class(uid=asset.uid, file_name=asset.file_name)
        item.media_type = asset.media_type
        item.content = asset.content
        book.add_item(item)
    items = []
    for doc in documents:
        item = epub.EpubItem(uid=doc.uid, file_name=doc.file_name, media_type=XHTML,
                             content=doc.content)
        item.properties = list(doc.properties)
        items.append(book.add_item(item))
    book.add_item(epub.EpubNcx())
    book.spine = items
    ncx = ncx_entries(toc)
    book.toc = [_ncx_entry(entry) for entry in ncx]
    by_uid = {doc.uid: doc for doc in documents}
    first_part = next((d for d in documents if d.uid not in ("cover", "titlepage", "nav")),
                      by_uid["nav"])
    book.guide = [{"type": "cover", "href": by_uid["cover"].file_name, "title": labels["cover"]},
                  {"type": "toc", "href": by_uid["nav"].file_name, "title": labels["toc"]},
                  {"type": "text", "href": first_part.file_name,
                   "title": labels["bodymatter"]}]
    out = io.BytesIO()
    # compresslevel 0: ziputil.normalise deflates every entry again, at its own level
    options = {"raise_exceptions": True, "mtime": build_time(epoch), "epub3_landmark": False,
               "epub3_pages": False, "play_order": {"enabled": True, "start_from": 1},
               "compresslevel": 0}
    writer = _Writer(out, book, options, ncx, lang)
    writer.process()
    writer.write()
    return out.getvalue()


class _Writer(epub.EpubWriter):
    """ebooklib's writer with a correct NCX and a package document that has a language.

    ebooklib writes ``dtb:depth`` 0 whatever the nesting, names a navPoint with children
    ``sep_N`` instead of its entry's id, and sets no language on the NCX or on the OPF's
    ``<package>`` (DAISY Ace reports the latter as a serious violation, ``epub-lang``).
    Readers that still use the NCX show its depth and labels."""

    def __init__(self, out, book, options, toc: Sequence[TocEntry], lang: str) -> None:
        super().__init__(out, book, options)
        self._entries = toc
        self._lang = lang

    def _write_opf_file(self, root: etree._Element) -> None:
        root.set("{http://www.w3.org/XML/1998/namespace}lang", self._lang)
        super()._write_opf_file(root)

    def _get_ncx(self) -> bytes:
        root = etree.fromstring(super()._get_ncx())
        ns = {"n": "http://www.daisy.org/z3986/2005/ncx/"}
        root.set("{http://www.w3.org/XML/1998/namespace}lang", self._lang)
        depth = root.find("n:head/n:meta[@name='dtb:depth']", ns)
        depth.set("content", str(_depth(self._entries)))
        uids = [entry.uid for entry in _flatten(self._entries)]
        points = root.findall(".//n:navPoint", ns)
        if len(points) == len(uids):
            for point, uid in zip(points, uids):
                point.set("id", uid)
        return etree.tostring(root, pretty_print=True, encoding="utf-8", xml_declaration=True)


def ncx_entries(toc: Sequence[TocEntry]) -> Sequence[TocEntry]:
    """The table of contents as the NCX lists it: whole, or only its parts when it has
    more than ``MAX_NCX_POINTS`` entries."""
    if len(_flatten(toc)) <= MAX_NCX_POINTS:
        return toc
    return [replace(entry, children=()) for entry in toc]


def _depth(entries: Sequence[TocEntry]) -> int:
    return max((1 + _depth(entry.children) for entry in entries), default=0)


def _flatten(entries: Sequence[TocEntry]) -> list[TocEntry]:
    """Entries in document order (the order of the NCX's navPoints)."""
    return [item for entry in entries for item in (entry, *_flatten(entry.children))]


def _ncx_entry(entry: TocEntry) -> epub.Link | tuple[epub.Link, list]:
    """A TOC entry in ebooklib's shape: a Link, or (Link, children) for nesting."""
    link = epub.Link(entry.href, entry.title, entry.uid)
    if not entry.children:
        return link
    return (link, [_ncx_entry(child) for child in entry.children])


def _metadata(book: epub.EpubBook, interview: Interview, lang: str, warnings: list[str],
              embedded_font: bool) -> None:
    """Dublin Core, EPUB 3 refinements and schema.org accessibility metadata."""
    meta = interview.meta
    book.set_identifier(identifier(interview))
    book.title = meta.title
    _refined(book, "title", meta.title, "title", "title-type", "main")
    if meta.subtitle:
        _refined(book, "title", meta.subtitle, "subtitle", "title-type", "subtitle")
    book.set_language(lang)
    if meta.compiler:
        _refined(book, "creator", meta.compiler, "compiler", "role", "com")
    for number, guest in enumerate(s for s in meta.speakers if s.role.value == "guest"):
        _refined(book, "contributor", guest.name, f"guest-{number + 1}", "role", "ive")
    if meta.source:
        _refined(book, "contributor", meta.source, "source", "role", "ant")
        book.add_metadata("DC", "source", meta.source)
    if meta.date and W3CDTF.match(meta.date):
        book.add_metadata("DC", "date", meta.date)
    elif meta.date:
        warnings.append(f"epub: warning: date '{meta.date}' is not YYYY[-MM[-DD]]; "
                        "left out of the EPUB metadata (it stays on the title page)")
    if meta.description:
        book.add_metadata("DC", "description", meta.description)
    for keyword in meta.keywords:
        book.add_metadata("DC", "subject", keyword)
    _accessibility(book, lang)
    if embedded_font:
        book.add_prefix("ibooks", IBOOKS)
        book.add_metadata(None, "meta", "true", {"property": "ibooks:specified-fonts"})
    book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-img"})


def _refined(book: epub.EpubBook, element: str, value: str, uid: str, prop: str,
             refinement: str) -> None:
    """A DC element with an id and one EPUB 3 refinement (role, title-type)."""
    book.add_metadata("DC", element, value, {"id": uid})
    others = {"refines": f"#{uid}", "property": prop}
    if prop == "role":
        others["scheme"] = "marc:relators"
    book.add_metadata(None, "meta", refinement, others)


def _accessibility(book: epub.EpubBook, lang: str) -> None:
    """What is true of every book this backend makes.

    The conformance claim is backed by tests/test_accessibility.py: DAISY Ace finds no
    violation on every edition, and EPUBCheck stays clean (tests/test_epub.py).
    """
    def prop(name: str, value: str) -> None:
        book.add_metadata(None, "meta", value, {"property": f"schema:{name}"})

    book.add_metadata(None, "meta", CONFORMS_TO, {"property": "dcterms:conformsTo"})

    prop("accessMode", "textual")
    prop("accessMode", "visual")
    prop("accessModeSufficient", "textual")
    for feature in ACCESS_FEATURES:
        prop("accessibilityFeature", feature)
    prop("accessibilityHazard", "none")
    prop("accessibilitySummary", SUMMARY[summary_language(lang)])


def summary_language(lang: str) -> str:
    if not lang.casefold().startswith("zh"):
        return "en"
    return "zh-Hant" if is_traditional(lang) else "zh"
