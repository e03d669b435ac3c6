"""The EPUB's XHTML content documents, rendered from the theme's templates.

Parts go one per document (a reading system starts each on a new page, and a part is
the unit a reader jumps to); topics are sections inside them, rendered by the shared
partials, the same ones the PDF uses.  Every document is parsed back as XML before it is
packaged: a template mistake fails the build here instead of producing a book that a
reading system refuses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ...model import Interview, Part
from ...theme import Theme

XHTML = "application/xhtml+xml"
TEXT_DIR = "xhtml"
STYLESHEET = "css/epub.css"
COVER_IMAGE = "images/cover.png"
# Our own output read back: no DTD loading, no entity expansion, no network.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass(frozen=True)
class Document:
    """One XHTML file of the book: where it goes, its title, its bytes and its text."""

    uid: str
    file_name: str            # inside the package folder, e.g. xhtml/p1.xhtml
    title: str
    content: bytes
    text: str                 # every character a reader can see, for the font subset
    properties: tuple[str, ...] = ()


@dataclass(frozen=True)
class TocEntry:
    title: str
    href: str                 # relative to the package folder
    uid: str
    children: tuple["TocEntry", ...] = field(default=())


def href(file_name: str, fragment: str = "") -> str:
    """``xhtml/p2.xhtml#p2-t1`` (relative to the package folder)."""
    return f"{TEXT_DIR}/{file_name}" + (f"#{fragment}" if fragment else "")


def part_file(part: Part) -> str:
    return f"{part.id}.xhtml"


def part_semantics(interview: Interview, part: Part) -> tuple[str, str]:
    """epub:type and DPUB-ARIA role of a part: introduction, conclusion or chapter."""
    has_topics = any(interview.topics())
    if has_topics and part.is_prose and part is interview.parts[0]:
        return "introduction", "doc-introduction"
    if part is interview.summary_part:
        return "conclusion", "doc-conclusion"
    return "chapter", "doc-chapter"


def table_of_contents(interview: Interview) -> list[TocEntry]:
    """Parts in model order, each with its topics."""
    return [TocEntry(part.heading, href(part_file(part)), part.id,
                     tuple(TocEntry(topic.title, href(part_file(part), topic.id), topic.id)
                           for topic in part.topics))
            for part in interview.parts]


def credits(interview: Interview, labels: dict[str, str]) -> list[tuple[str, str]]:
    """(label key, value) pairs for the title page, skipping empty fields."""
    meta = interview.meta
    sep = labels["list_sep"]
    pairs = [("compiler", meta.compiler), ("source", meta.source), ("date", meta.date),
             ("edition", meta.edition), ("keywords", sep.join(meta.keywords)),
             ("speakers", sep.join(s.name for s in meta.speakers))]
    return [(key, value) for key, value in pairs if value]


def render_documents(interview: Interview, theme: Theme, labels: dict[str, str],
                     lang: str) -> list[Document]:
    """Cover page, title page, navigation document and one document per part, in order."""
    env = theme.jinja_env()
    meta = interview.meta
    common: dict[str, Any] = {"lang": lang, "labels": labels, "meta": meta,
                              "stylesheet": f"../{STYLESHEET}", "body_type": ""}

    def page(uid: str, name: str, template: str, title: str, properties: tuple[str, ...] = (),
             **context: Any) -> Document:
        values = {**common, "title": title, "body_class": uid, **context}
        text = env.get_template(template).render(values)
        return _checked(uid, f"{TEXT_DIR}/{name}", title, text, properties)

    toc = [_relative(entry) for entry in table_of_contents(interview)]
    first = part_file(interview.parts[0]) if interview.parts else "nav.xhtml"
    landmarks = [{"type": "cover", "href": "cover.xhtml", "title": labels["cover"]},
                 {"type": "toc", "href": "nav.xhtml#toc", "title": labels["toc"]},
                 {"type": "bodymatter", "href": first, "title": labels["bodymatter"]}]
    docs = [
        page("cover", "cover.xhtml", "epub/cover.xhtml", labels["cover"],
             body_class="cover-page", cover_src=f"../{COVER_IMAGE}",
             cover_alt=labels["cover_alt"].format(title=meta.title)),
        page("titlepage", "titlepage.xhtml", "epub/titlepage.xhtml", meta.title,
             body_type="frontmatter", credits=credits(interview, labels)),
        page("nav", "nav.xhtml", "epub/nav.xhtml", labels["toc"], ("nav",),
             toc=toc, landmarks=landmarks),
    ]
    for part in interview.parts:
        part_type, part_role = part_semantics(interview, part)
        docs.append(page(part.id, part_file(part), "epub/part.xhtml", part.heading,
                         body_class="part", body_type="bodymatter", part=part,
                         part_type=part_type, part_role=part_role, part_tag="h1",
                         heading_tag="h2"))
    return docs


def _relative(entry: TocEntry) -> dict[str, Any]:
    """A TOC entry with hrefs relative to the nav document (which sits beside the parts)."""
    return {"title": entry.title, "href": entry.href.removeprefix(f"{TEXT_DIR}/"),
            "children": [_relative(child) for child in entry.children]}


def _checked(uid: str, file_name: str, title: str, text: str,
             properties: tuple[str, ...]) -> Document:
    """Parse the rendered document as XML; keep its visible text for the font subset."""
    data = text.encode("utf-8")
    try:
        root = etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as exc:
        raise RuntimeError(f"epub: template produced malformed XHTML in {file_name}: {exc}") \
            from exc
    body = root.find("{http://www.w3.org/1999/xhtml}body")
    visible = "".join(body.itertext()) if body is not None else ""
    head_title = root.findtext(".//{http://www.w3.org/1999/xhtml}title") or ""
    return Document(uid, file_name, title, data, visible + head_title, properties)
