"""The EPUB's XHTML content documents, rendered from the theme's templates.

Parts go one per document (a reading system starts each on a new page, and a part is
the unit a reader jumps to); topics are sections inside them, rendered by the shared
partials, the same ones the PDF uses.  A part too large for one document continues in
more (see ``MAX_DOCUMENT_BYTES``), and every link into the book (table of contents,
landmarks, ``#id`` links in the text) names the document that holds its target.  Every
document is parsed back as XML before it is packaged: a template mistake fails the build
here instead of producing a book that a reading system refuses.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterator, Sequence

from lxml import etree

from ...diagnostics import PublishError, error
from ...model import Interview, Part, Topic
from ...theme import Theme

XHTML = "application/xhtml+xml"
TEXT_DIR = "xhtml"
STYLESHEET = "css/epub.css"
COVER_IMAGE = "images/cover.png"
# Our own output read back: no DTD loading, no entity expansion, no network.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
# A link to an id of the book, as the shared inline partial writes it.
FRAGMENT_HREF = re.compile(rb'href="#([^"]+)"')

MAX_DOCUMENT_BYTES = 128 * 1024
"""The most XHTML a part's document holds before the part continues in another.

Readers: legacy Adobe reading systems (RMSDK: ADE 1.x, older Sony, Nook and Kobo
devices) do not display a content document over 300 KB, which is why calibre splits at
260 KB, and any reader lays out a smaller document sooner after a jump.  128 KB is well
inside that and still a long chapter (about 40,000 CJK characters), so real interviews
keep one document per part.  EPUBCheck: its Schematron rules compare every id of a
document with every other one (duplicate ids, ARIA references), so its time grows with
the square of a document's size: 2,000 short topics in one document take it a minute,
10,000 (5 MB) far over ten; at 128 KB a document takes it about a second.  The bound is
soft: a document holds at least one topic, so a topic larger than the bound (a
50,000-character answer) keeps a document to itself, whole.
"""


@dataclass(frozen=True)
class Document:
    """One XHTML file of the book: where it goes, its title, its bytes and its text."""

    uid: str
    file_name: str            # inside the package folder, e.g. xhtml/p1.xhtml
    title: str
    content: bytes
    text: str                 # every character a reader can see in ``lang``: the subsets
    properties: tuple[str, ...] = ()
    ids: frozenset[str] = frozenset()   # every id in it: where links into it may point
    lang: str = ""            # of its root: an anthology's chapter has its own


@dataclass(frozen=True)
class TocEntry:
    title: str
    href: str                 # relative to the package folder
    uid: str
    children: tuple["TocEntry", ...] = field(default=())
    lang: str = ""            # its entry's, when not the book's (a chapter's)


def href(file_name: str, fragment: str = "") -> str:
    """``xhtml/p2.xhtml#p2-t1`` (relative to the package folder)."""
    return f"{TEXT_DIR}/{file_name}" + (f"#{fragment}" if fragment else "")


def part_file(part: Part, number: int = 1) -> str:
    """``p3.xhtml`` for a part's (first) document, ``p3-2.xhtml`` for its second ..."""
    return f"{part.id}.xhtml" if number == 1 else f"{part.id}-{number}.xhtml"


def part_semantics(interview: Interview, part: Part) -> tuple[str, str]:
    """epub:type and DPUB-ARIA role of a part: introduction, conclusion or chapter."""
    has_topics = any(interview.topics())
    if has_topics and part.is_prose and part is interview.parts[0]:
        return "introduction", "doc-introduction"
    if part is interview.summary_part:
        return "conclusion", "doc-conclusion"
    return "chapter", "doc-chapter"


def table_of_contents(interview: Interview,
                      documents: Sequence[Document] | None = None) -> list[TocEntry]:
    """Parts in model order, each with its topics, pointing into ``documents``.

    ``documents`` are the part documents as rendered (a large part may span several);
    without them every part is taken to be one document, which holds for any book whose
    parts each fit in ``MAX_DOCUMENT_BYTES``.
    """
    where = locations(documents) if documents is not None else {
        node.id: part_file(part) for part in interview.parts for node in (part, *part.topics)}
    return [TocEntry(part.heading, href(where[part.id]), part.id,
                     tuple(TocEntry(topic.title, href(where[topic.id], topic.id), topic.id)
                           for topic in part.topics))
            for part in interview.parts]


def locations(documents: Sequence[Document]) -> dict[str, str]:
    """Each id of the documents -> the name of the document holding it (``p3-2.xhtml``)."""
    return {uid: doc.file_name.removeprefix(f"{TEXT_DIR}/")
            for doc in documents for uid in doc.ids}


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
    """Cover page, title page, navigation document and the parts' documents, in order."""
    page = pager(theme, labels, lang, interview.meta)
    topic_size = topic_sizer(theme, labels)
    parts = link_across([doc for part in interview.parts
                         for doc in part_documents(interview, part, page, topic_size)])
    toc = [nav_entry(entry) for entry in table_of_contents(interview, parts)]
    first = part_file(interview.parts[0]) if interview.parts else "nav.xhtml"
    return front_documents(interview.meta, credits(interview, labels), page, labels, toc,
                           first) + parts


def pager(theme: Theme, labels: dict[str, str], lang: str, meta: Any) -> "Page":
    """The function that renders one content document from a template, with what every
    document shares (language, labels, the book's metadata, the stylesheet)."""
    env = theme.jinja_env()
    common: dict[str, Any] = {"lang": lang, "labels": labels, "meta": meta,
                              "stylesheet": f"../{STYLESHEET}", "body_type": ""}

    def page(uid: str, name: str, template: str, title: str, properties: tuple[str, ...] = (),
             **context: Any) -> Document:
        values = {**common, "title": title, "body_class": uid, **context}
        made = env.get_template(template)
        text = made.render(values)
        return _checked(uid, f"{TEXT_DIR}/{name}", title, text, properties, lang,
                        made.filename or template)

    return page


def topic_sizer(theme: Theme, labels: dict[str, str]) -> Callable[[Topic], int]:
    """How many bytes a topic takes in a document (to split a large part)."""
    template = theme.jinja_env().get_template("partials/topic.html")

    def topic_size(topic: Topic) -> int:
        return len(template.render(topic=topic, heading_tag="h2", labels=labels)
                   .encode("utf-8"))

    return topic_size


def front_documents(meta: Any, credit_pairs: list[tuple[str, str]], page: "Page",
                    labels: dict[str, str], toc: list[dict[str, Any]], first: str,
                    nav_template: str = "epub/nav.xhtml") -> list[Document]:
    """The cover page, the title page and the navigation document."""
    landmarks = [{"type": "cover", "href": "cover.xhtml", "title": labels["cover"]},
                 {"type": "toc", "href": "nav.xhtml#toc", "title": labels["toc"]},
                 {"type": "bodymatter", "href": first, "title": labels["bodymatter"]}]
    return [
        page("cover", "cover.xhtml", "epub/cover.xhtml", labels["cover"],
             body_class="cover-page", cover_src=f"../{COVER_IMAGE}",
             cover_alt=labels["cover_alt"].format(title=meta.title)),
        page("titlepage", "titlepage.xhtml", "epub/titlepage.xhtml", meta.title,
             body_type="frontmatter", credits=credit_pairs),
        page("nav", "nav.xhtml", nav_template, labels["toc"], ("nav",),
             toc=toc, landmarks=landmarks),
    ]


Page = Callable[..., Document]


def part_documents(interview: Interview, part: Part, page: Page,
                   topic_size: Callable[[Topic], int], level: int = 1) -> list[Document]:
    """The part as one document or, when larger than ``MAX_DOCUMENT_BYTES``, as several.

    The first (``p3.xhtml``) opens with the part's heading and prose, later ones
    (``p3-2.xhtml`` ...) hold the next topics only; each is filled with whole topics up
    to the bound.  A part that fits is rendered once, exactly as it always was; a larger
    one is rendered whole once more, to learn that it does not fit.  ``level`` is the
    part heading's (2 in a collection, where the interview's title is the h1).
    """
    part_type, part_role = part_semantics(interview, part)

    def opening(topics: tuple[Topic, ...]) -> Document:
        return page(part.id, part_file(part), "epub/part.xhtml", part.heading,
                    body_class="part", body_type="bodymatter",
                    part=replace(part, topics=topics), part_type=part_type,
                    part_role=part_role, part_tag=f"h{level}", heading_tag=f"h{level + 1}")

    def continued(number: int, topics: tuple[Topic, ...]) -> Document:
        return page(f"{part.id}-{number}", part_file(part, number),
                    "epub/part-continued.xhtml", part.heading, body_class="part",
                    body_type="bodymatter", topics=topics, heading_tag=f"h{level + 1}")

    whole = opening(part.topics)
    if len(whole.content) <= MAX_DOCUMENT_BYTES:
        return [whole]
    sizes = [topic_size(topic) for topic in part.topics]
    heads = (len(whole.content) - sum(sizes), len(continued(2, ()).content))
    runs = pack(sizes, MAX_DOCUMENT_BYTES, heads)
    return [opening(part.topics[run.start:run.stop]) if number == 1
            else continued(number, part.topics[run.start:run.stop])
            for number, run in enumerate(runs, start=1)]


def pack(sizes: Sequence[int], limit: int, heads: tuple[int, int]) -> list[range]:
    """Consecutive runs of items, each with its document's head (``heads``: the first
    document's, every later one's) at most ``limit`` bytes; every run holds at least one
    item, so an item larger than the limit is alone in its run (or in the first, with
    the head)."""
    runs: list[range] = []
    start, used = 0, heads[0]
    for index, size in enumerate(sizes):
        if index > start and used + size > limit:
            runs.append(range(start, index))
            start, used = index, heads[1]
        used += size
    return runs + [range(start, len(sizes))]


def link_across(documents: Sequence[Document]) -> list[Document]:
    """The documents with each ``#id`` link to another document's id naming that document.

    A source may link to any node of the interview by its id (``[see](#p3-t2)``): one
    HTML file in the PDF, but in the EPUB the target may sit in another part or another
    document of a split part, where a bare fragment points nowhere (EPUBCheck RSC-012).
    """
    where = locations(documents)

    def resolved(doc: Document) -> Document:
        def target(match: re.Match[bytes]) -> bytes:
            fragment = html.unescape(match.group(1).decode("utf-8"))
            name = where.get(fragment)
            if name is None or fragment in doc.ids:
                return match.group(0)
            return b'href="' + name.encode("utf-8") + b"#" + match.group(1) + b'"'

        content = FRAGMENT_HREF.sub(target, doc.content)
        return doc if content == doc.content else replace(doc, content=content)

    return [resolved(doc) for doc in documents]


def nav_entry(entry: TocEntry) -> dict[str, Any]:
    """A TOC entry with hrefs relative to the nav document (which sits beside the parts)."""
    return {"title": entry.title, "href": entry.href.removeprefix(f"{TEXT_DIR}/"),
            "children": [nav_entry(child) for child in entry.children], "lang": entry.lang}


def own_text(node: etree._Element, lang: str) -> Iterator[str]:
    """The text of ``node`` (as ``itertext``), but not of its elements in another
    language: an anthology's navigation lists a Japanese chapter's titles with its
    ``lang``, drawn in the Japanese faces, which its own documents bring."""
    if node.text and isinstance(node.tag, str):
        yield node.text
    for child in node:
        if isinstance(child.tag, str) and child.get("lang", lang) == lang:
            yield from own_text(child, lang)
        if child.tail:
            yield child.tail


def _checked(uid: str, file_name: str, title: str, text: str,
             properties: tuple[str, ...], lang: str = "", template: str = "") -> Document:
    """Parse the rendered document as XML; keep its visible text for the font subset.
    Malformed XML is the error of the theme's ``template`` (an XHTML document needs
    ``<br/>``, not ``<br>``), located at the line of the document it made."""
    data = text.encode("utf-8")
    try:
        root = etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as exc:
        raise PublishError([error(template or file_name, 1, 1, "the template makes "
                                  f"malformed XHTML ({file_name}, line {exc.lineno}: "
                                  f"{exc.msg}); an EPUB document must be well-formed XML "
                                  "(<br/>, not <br>)")]) from exc
    body = root.find("{http://www.w3.org/1999/xhtml}body")
    visible = "".join(own_text(body, lang)) if body is not None else ""
    head_title = root.findtext(".//{http://www.w3.org/1999/xhtml}title") or ""
    ids = frozenset(node.get("id") for node in root.iter() if node.get("id"))
    return Document(uid, file_name, title, data, visible + head_title, properties, ids, lang)
