"""The document's element tree parsed by expat when it is provably tinyhtml5's tree.

WeasyPrint parses every document with tinyhtml5, a pure-Python HTML5 parser: some
0.3 s of CPU for an anthology of ten interviews (140 KB of HTML).  The HTML this
package's templates write is also well-formed XML, which expat (``xml.etree``) parses
in a few milliseconds.  But an HTML5 parser builds another tree than an XML parser from
some well-formed XML (``<p/>`` leaves the ``p`` open, a ``div`` ends an open ``p``,
``&#150;`` is an en dash, ``<table>`` gains a ``tbody`` ...), and a theme may bring its
own templates.  So ``tree`` gives expat's tree only for documents in a subset where the
two parsers provably agree, and ``None`` for anything else (WeasyPrint then parses as
usual).  ``html_document`` runs WeasyPrint's own ``HTML(string=...)``, whose one call
of ``tinyhtml5.parse`` is answered with that tree: a stand-in for the module in
WeasyPrint's namespace answers so for that very string, in that thread or task only,
and asks tinyhtml5 for anything else.

The subset, and why each rule makes the two trees equal:

* Lexically (regular expressions over the source): exactly ``<!DOCTYPE html>`` first
  (no-quirks mode; whitespace before it is ignored by both), then no other ``<!`` or
  ``<?`` (comments, CDATA, processing instructions); no character reference but the
  five Jinja's escaping writes (``&amp; &lt; &gt; &#34; &#39;``: XML and HTML5 differ on
  named ones and on ``&#128;``-``&#159;``); no ``xmlns`` attribute (``xml.etree``
  consumes it); no ``/>`` on a non-void element (HTML5 ignores the slash) nor an end
  tag of a void one (``</br>`` is a second ``br``); no tab or newline inside an
  attribute value (XML reads it as a space); no control character or CR (expat
  rejects most; in an attribute XML reads CR as a space, HTML5 as a newline), nor C1
  control, BOM, surrogate or noncharacter (in text both keep most of them: not worth
  telling apart).  Text that merely looks like these (``xmlns=``, ``/>``) is refused
  too: it is rare.
* In the tree: only the elements the base templates and partials write (``HEAD``,
  ``BODY``); ``html`` holding a ``head`` of ``meta`` and ``title`` (text only) and then
  a ``body``, with only whitespace between them; attribute names in lower-case ASCII
  (HTML5 lower-cases them, XML keeps them).  Then every start tag is, for HTML5, "insert
  an element" and every end tag "pop the current node", as for XML, as long as no rule
  ends an element implicitly: so only phrasing elements inside a ``p`` (a ``div`` or
  ``li`` would close it), no ``a`` inside an ``a``, no heading inside a heading, and
  each ``li`` directly in an ``ol``.  Formatting elements (``a em strong code``) cannot
  be misnested in well-formed XML, so no adoption or reconstruction happens.
* Whitespace outside ``head`` and ``body``: HTML5 drops it between ``<html>`` and
  ``<head>``, keeps it after ``</head>``, and appends what follows ``</body>`` (and
  ``</html>``) to the end of ``body``; the expat tree is moved to match.

``tests/test_htmltree.py`` compares both trees for every document this package makes
from the seeds and test sources, for generated interviews, and for each refused case.
"""

from __future__ import annotations

import contextvars
import io
import os
import re
import types
from typing import Any
from xml.etree import ElementTree

from .runtime import PLAIN_SWITCH

# Elements the templates write (themes/base/templates/pdf and partials, inline runs).
HEAD = frozenset(("meta", "title"))
PHRASING = frozenset(("a", "br", "code", "em", "img", "mark", "span", "strong"))
HEADINGS = frozenset(("h1", "h2", "h3"))
BODY = PHRASING | HEADINGS | frozenset(
    ("blockquote", "div", "header", "li", "main", "nav", "ol", "p", "section"))
# HTML's void elements (all of them: their end tags are refused even where not allowed).
VOID = frozenset(("area", "base", "basefont", "bgsound", "br", "col", "embed", "frame",
                  "hr", "image", "img", "input", "keygen", "link", "meta", "param",
                  "source", "track", "wbr"))
SPACE = " \t\n"  # whitespace both parsers treat alike (CR and FF are refused)
FAST_PARSE = True  # False parses every document with tinyhtml5 (to compare)

_DOCTYPE = re.compile(r"[ \t\n]*<!DOCTYPE html>")
_REFUSED = [re.compile(pattern) for pattern in (
    r"<[!?]",                        # comment, CDATA, DOCTYPE, processing instruction
    r"&(?!(?:amp|lt|gt|#34|#39);)",  # any other character reference
    r"xmlns(?<=\sxmlns)[\s:=]",      # an xmlns attribute (or such text)
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufeff\ufffe\uffff]",
    r"""=[ \t\n]*(?:"[^"]*[\t\n]|'[^']*[\t\n])""",  # tab or newline in a value
    r"</(?:%s)[\s>]" % "|".join(sorted(VOID)),  # the end tag of a void element
)]
# Noncharacters beyond the BMP (looked for only when there are such characters: a
# class of them costs ten times one of the BMP's).
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASTRAL_NONCHARACTERS = re.compile("[%s]" % "".join(
    chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(1, 17)))
_TAG_NAME = re.compile(r"<([^\s/>]*)")
_END = re.compile(r"</html[ \t\n]*>([ \t\n]*)\Z")
_ATTRIBUTE = re.compile(r"[a-z][a-z0-9-]*\Z")


def tree(html: str) -> ElementTree.Element | None:
    """The ``html`` element tinyhtml5 would build from ``html`` (with
    ``namespace_html_elements=False``, as WeasyPrint asks), parsed by expat; ``None``
    when ``html`` is outside the subset where that is proved (module docstring) or
    anything goes wrong."""
    try:
        return _tree(html)
    except Exception:  # noqa: BLE001 - unparsable or unforeseen: tinyhtml5 decides
        return None


def _tree(html: str) -> ElementTree.Element | None:
    start = _DOCTYPE.match(html)
    end = _END.search(html)
    if start is None or end is None or \
            any(pattern.search(html, start.end()) for pattern in _REFUSED) or \
            (_ASTRAL.search(html) and _ASTRAL_NONCHARACTERS.search(html)) or \
            not _only_void_elements_closed(html):
        return None
    root = ElementTree.fromstring(html)
    if root.tag != "html" or len(root) != 2 or not _attributes(root) or \
            not _space(root.text):
        return None
    head, body = root
    if head.tag != "head" or not _attributes(head) or not _space(head.text) or \
            not _space(head.tail) or body.tag != "body" or not _attributes(body) or \
            not _space(body.tail):
        return None
    for element in head:
        if element.tag not in HEAD or len(element) or not _attributes(element) or \
                not _space(element.tail) or (element.tag == "meta" and element.text):
            return None
    if not _flow(body, False, False, False):
        return None
    return html5_whitespace(root, end.group(1))


def html5_whitespace(root: ElementTree.Element, after: str) -> ElementTree.Element:
    """``root`` (``html``, holding ``head`` and ``body``) with the whitespace outside
    them where HTML5 puts it: none before ``head``, the text after ``head`` kept, and
    what follows ``body`` (then ``after``, what follows ``</html>``) at its end."""
    root.text = None
    body = root[-1]
    trailing = (body.tail or "") + after
    body.tail = None
    if trailing:
        if len(body):
            body[-1].tail = (body[-1].tail or "") + trailing
        else:
            body.text = (body.text or "") + trailing
    return root


def _only_void_elements_closed(html: str) -> bool:
    """Every ``/>`` in ``html`` ends a void element's tag (or is refused).

    In well-formed XML no ``<`` stands in an attribute value, so the tag a ``/>``
    ends starts at the ``<`` before it; a ``/>`` in text (rare) is refused too."""
    at = html.find("/>")
    while at != -1:
        name = _TAG_NAME.match(html, max(html.rfind("<", 0, at), 0))
        if name is None or name.group(1) not in VOID:
            return False
        at = html.find("/>", at + 2)
    return True


def _space(text: str | None) -> bool:
    """Whitespace only (HTML5 does not take U+3000 and friends for whitespace)."""
    return not text or not text.strip(SPACE)


_NAMES: set[str] = set()  # attribute names seen to be lower-case ASCII


def _attributes(element: ElementTree.Element) -> bool:
    for name in element.attrib:
        if name not in _NAMES:
            if not _ATTRIBUTE.match(name):
                return False
            _NAMES.add(name)
    return True


def _flow(parent: ElementTree.Element, in_p: bool, in_a: bool, in_heading: bool) -> bool:
    """Every element under ``parent`` is one whose start and end tags HTML5 handles as
    XML does: no element is closed implicitly by another's start tag."""
    for element in parent:
        tag = element.tag
        if tag not in BODY or (in_p and tag not in PHRASING) or (in_a and tag == "a") or \
                (in_heading and tag in HEADINGS) or (tag == "li" and parent.tag != "ol") \
                or not _attributes(element):
            return False
        if len(element):
            if tag in VOID or not _flow(element, in_p or tag == "p", in_a or tag == "a",
                                        in_heading or tag in HEADINGS):
                return False
        elif element.text and tag in VOID:
            return False
    return True


# --- Handing the tree to WeasyPrint ----------------------------------------------------

_GIVEN: contextvars.ContextVar[tuple[str, ElementTree.Element] | None] = \
    contextvars.ContextVar("publish_given_html_tree", default=None)


class _Tinyhtml5(types.ModuleType):
    """Stands in for ``tinyhtml5`` in WeasyPrint's namespace: ``parse`` answers with the
    tree ``html_document`` gave for exactly this document, else asks tinyhtml5."""

    def __init__(self, module: types.ModuleType) -> None:
        super().__init__(module.__name__, module.__doc__)
        self.module = module

    def __getattr__(self, name: str) -> Any:
        return getattr(self.module, name)

    def parse(self, document: Any, **kwargs: Any) -> Any:
        given = _GIVEN.get()
        if given is not None and kwargs == {"namespace_html_elements": False} and \
                isinstance(document, io.StringIO) and document.getvalue() == given[0]:
            _GIVEN.set(None)  # one document, one tree
            return given[1]
        return self.module.parse(document, **kwargs)


def _installed() -> bool:
    """Put the stand-in in WeasyPrint's namespace (once); False if WeasyPrint does not
    parse through a module-level ``tinyhtml5`` any more (then nothing is changed)."""
    import weasyprint

    current = getattr(weasyprint, "tinyhtml5", None)
    if isinstance(current, _Tinyhtml5):
        return True
    if not isinstance(current, types.ModuleType) or not callable(getattr(current, "parse",
                                                                         None)):
        return False
    weasyprint.tinyhtml5 = _Tinyhtml5(current)
    return True


def html_document(html: str, **kwargs: Any) -> Any:  # -> weasyprint.HTML
    """``weasyprint.HTML(string=html, **kwargs)``, its tree parsed by expat when
    ``tree`` proves that the same (WeasyPrint's own ``HTML`` does the rest)."""
    from weasyprint import HTML

    root = tree(html) if FAST_PARSE and not os.environ.get(PLAIN_SWITCH) \
        else None
    if root is None or not _installed():
        return HTML(string=html, **kwargs)
    token = _GIVEN.set((html, root))
    try:
        return HTML(string=html, **kwargs)
    finally:
        _GIVEN.reset(token)
