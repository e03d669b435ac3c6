"""The document's tree parsed by expat (``publish.backends.pdf.htmltree``) must be, node
for node, the tree tinyhtml5 builds for WeasyPrint, or not be used at all.

Every document this package makes from the seeds and the test transcripts takes the fast
path and gives tinyhtml5's tree; generated interviews with hostile text give it whenever
the fast path accepts them; each case where HTML5 and XML could read a document
differently is refused (and, where they really do differ, the difference is shown); and
the PDF is the same, byte for byte, either way.
"""

from __future__ import annotations

import dataclasses
import io
import os
from pathlib import Path
from xml.etree import ElementTree

import pytest
import tinyhtml5
from markupsafe import escape
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import ROOT, SEED
from publish.backends import Options
from publish.backends import pdf
from publish.backends.pdf import htmltree
from publish.backends.pdf.document import book_html, collection_html
from publish.backends.pdf.handout import handout_html
from publish.backends.pdf.split import contents_anchors
from publish.build import BuildResult, prepare_collection
from publish.model import (Exchange, Interview, Meta, Paragraph, Part, Role, Run, Speaker,
                           Style, Topic, Turn)
from publish.source import load
from publish.source.importer import import_transcript
from publish.source.parse import parse
from publish.text.typography import typeset
from publish.text.variant import Memo, convert, resolve, variant_theme
from publish.theme import Theme, language_theme

EPOCH = 1700000000
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
ROUNDTABLE = ROOT / "seeds" / "open-source-education-roundtable.md"
TRANSCRIPTS = sorted((ROOT / "tests" / "data").glob("transcript-*.txt"))


# --- comparing trees -------------------------------------------------------------------

def html5_tree(html: str) -> ElementTree.Element:
    """The tree WeasyPrint's ``HTML(string=html)`` parses (a StringIO, no namespace)."""
    return tinyhtml5.parse(io.StringIO(html), namespace_html_elements=False)


def differences(a: ElementTree.Element, b: ElementTree.Element, path: str = "") -> list[str]:
    """Where two trees differ (tag, attributes in order, text, tail, children), as
    ``path: a != b`` lines; empty when they are equal."""
    path = f"{path}/{a.tag}"
    found = []
    mine = (a.tag, list(a.attrib.items()), a.text, a.tail)
    theirs = (b.tag, list(b.attrib.items()), b.text, b.tail)
    if mine != theirs:
        found.append(f"{path}: {mine!r} != {theirs!r}")
    if len(a) != len(b):
        found.append(f"{path}: {len(a)} children != {len(b)}")
    for index, (x, y) in enumerate(zip(a, b)):
        found += differences(x, y, f"{path}[{index}]")
    return found


def assert_fast_and_same(html: str) -> None:
    fast = htmltree.tree(html)
    assert fast is not None, "the fast path refused a document of our own templates"
    assert differences(html5_tree(html), fast) == []


def expat_tree(html: str) -> ElementTree.Element:
    """What a naive fast path would give: expat's tree, whitespace moved as HTML5 does."""
    root = ElementTree.fromstring(html)
    after = html[html.rindex(">") + 1:]
    return htmltree.html5_whitespace(root, after) if len(root) else root


# --- every document this package makes ---------------------------------------------------

def prepared(path: Path) -> Interview:
    interview, _ = load(path)
    return typeset(interview)


@pytest.fixture(scope="module")
def roundtable() -> Interview:
    return prepared(ROUNDTABLE)


@pytest.fixture(scope="module")
def series():
    return prepare_collection(ROOT / "seeds" / "series.yaml", BuildResult(), lambda *a: None)


@pytest.mark.parametrize("theme_name", ["classic", "modern"])
def test_the_seed_booklet_parses_to_tinyhtml5s_tree(seed: Interview, theme_name: str,
                                                    request) -> None:
    theme = request.getfixturevalue(theme_name)
    assert_fast_and_same(book_html(typeset(seed), theme, EPOCH))
    assert_fast_and_same(book_html(seed, theme))


def test_the_traditional_chinese_booklet_parses_to_tinyhtml5s_tree(seed: Interview,
                                                                  classic: Theme) -> None:
    variant = resolve("zh-Hant")
    converted = convert(typeset(seed), variant, memo=Memo(variant))
    assert_fast_and_same(book_html(converted, variant_theme(classic, variant), EPOCH))


def test_the_anthology_and_its_halves_parse_to_tinyhtml5s_tree(series, classic: Theme
                                                               ) -> None:
    theme = language_theme(classic, series.meta.language)
    chapters = list(enumerate(series.interviews, start=1))
    numbers = {name: n for n, name in enumerate(contents_anchors(series), 3)}
    for part in ({}, {"body": chapters[:1], "continued": True, "page_numbers": numbers},
                 {"front": False, "body": chapters[1:]},
                 {"front": False, "body": []}):
        assert_fast_and_same(collection_html(series, theme, EPOCH, **part))


def test_the_handouts_parse_to_tinyhtml5s_tree(seed: Interview, roundtable: Interview,
                                               classic: Theme) -> None:
    assert roundtable.meta.url  # its handout has the QR code (an <img> with a data: URI)
    for interview in (typeset(seed), roundtable):
        html = handout_html(interview, classic, EPOCH)
        assert_fast_and_same(html)
    assert "<img" in html


@pytest.mark.parametrize("transcript", TRANSCRIPTS, ids=lambda path: path.stem)
def test_every_test_transcript_parses_to_tinyhtml5s_tree(transcript: Path,
                                                         classic: Theme) -> None:
    result = import_transcript(transcript.read_text(encoding="utf-8"), transcript.name)
    interview, diagnostics = parse(result.markdown, transcript.name)
    assert interview is not None, [str(d) for d in diagnostics]
    interview = typeset(interview)
    theme = language_theme(classic, interview.meta.language)
    assert_fast_and_same(book_html(interview, theme, EPOCH))
    assert_fast_and_same(handout_html(interview, theme, EPOCH))


# --- generated interviews ----------------------------------------------------------------

# Markup-like text, references as text, RTL, astral characters: escaped, and accepted.
ODD = st.sampled_from([
    "<", ">", "&", '"', "'", "&amp;", "&#128;", "&#150;", "&nbsp;", "&copy", "<p/>",
    "</p>", "<br>", "<!-- c -->", "]]>", "<?x?>", "<![CDATA[x]]>", "xmlns", 'a="b"', "/>",
    "</html>", "<body>", "\u200f", "\u202e", "\u2028", "\u3000", "\u00a0", "שלום",
    "مرحبا", "創新開源", "😀", "𠀀", " ", "  "])
# Newlines, CR, tabs, controls, BOM, noncharacters, anything: refused where they matter.
HOSTILE = st.one_of(st.sampled_from([
    "\n", "\r\n", "\r", "\t", "=\n", "\x00", "\x01", "\x0c", "\x7f", "\x85", "\x9f",
    "\ufeff", "\ufdd0", "\ufffe", "\U0001fffe"]), st.text(max_size=6))
TEXT = st.lists(st.one_of(ODD, st.text(st.characters(codec="utf-8", exclude_categories=(
    "Cc", "Cs", "Cn")), max_size=6)), max_size=5).map("".join)
HOSTILE_TEXT = st.lists(st.one_of(ODD, HOSTILE), max_size=5).map("".join)
PLAIN = st.text(st.sampled_from(list("创新abc 1-")), min_size=1, max_size=6)


@st.composite
def interviews(draw: st.DrawFn) -> Interview:
    """A model made in code, not from a source: its text may hold anything, even what
    the source parser refuses (control characters, CR, lone surrogates aside)."""
    hostile = draw(st.booleans())

    def text() -> str:
        return draw(st.one_of(PLAIN, TEXT, HOSTILE_TEXT) if hostile else
                    st.one_of(PLAIN, TEXT))

    def runs() -> tuple[Run, ...]:
        made = []
        for _ in range(draw(st.integers(1, 4))):
            if draw(st.integers(0, 6)) == 0:
                made.append(Run("\n", is_break=True))
                continue
            styles = frozenset(draw(st.sets(st.sampled_from(list(Style)))))
            href = draw(st.sampled_from([None, None, "https://example.org/?a=1&b=2", "#p1",
                                         "javascript:alert(1)", "http://x/\n"]))
            made.append(Run(text(), styles, href))
        return tuple(made)

    def paragraph(key: str) -> Paragraph:
        return Paragraph(draw(st.sampled_from([key, key, text()])), runs())

    host = Speaker(text() or "主持人", Role.HOST)
    guest = Speaker(text() or "嘉宾", Role.GUEST)
    parts = []
    for p in range(1, draw(st.integers(1, 3)) + 1):
        topics = []
        for t in range(1, draw(st.integers(0, 2)) + 1):
            key = f"p{p}-t{t}"
            exchanges = tuple(
                Exchange(f"{key}-e{e}", Turn(f"{key}-e{e}-q", host, (paragraph("q"),)),
                         tuple(Turn(f"{key}-e{e}-a{a}", guest, (paragraph(f"a{a}"),))
                               for a in range(draw(st.integers(1, 2)))))
                for e in range(draw(st.integers(1, 2))))
            topics.append(Topic(key, text(), exchanges))
        label = draw(st.sampled_from(["", "一", "2"]))
        title = text()
        prose = tuple(paragraph(f"p{p}-x{x}") for x in range(draw(st.integers(0, 2))))
        parts.append(Part(f"p{p}", f"{label}. {title}" if label else title, title, label,
                          prose, tuple(topics)))
    meta = Meta(title=text() or "标题", number=draw(st.sampled_from(["", "5"])),
                subtitle=text(), compiler=text(), source=text(), date=text(),
                edition=text(), speakers=(host, guest),
                keywords=tuple(draw(st.lists(PLAIN, max_size=2))), description=text(),
                url=draw(st.sampled_from(["", "https://example.org/a?b=1&c=2"])))
    return Interview(meta, tuple(parts))


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(interviews())
def test_generated_interviews_parse_to_tinyhtml5s_tree_when_accepted(
        classic: Theme, interview: Interview) -> None:
    for html in (book_html(interview, classic, EPOCH), handout_html(interview, classic)):
        fast = htmltree.tree(html)
        event("fast" if fast is not None else "refused")
        if fast is not None:
            assert differences(html5_tree(html), fast) == []


# Markup no template writes: the whitelist's elements nested in every way the fast path
# accepts, with a few that it refuses (other elements, a block in a p, an a in an a, a
# self-closed div ...), odd text and attributes, serialized as well-formed XML.
OTHER_TAGS = ["ul", "h4", "b", "i", "nobr", "dl", "dt", "table", "tr", "td", "pre", "button",
              "select", "option", "svg", "ruby", "rt", "hr", "P", "Span"]
ATTRIBUTE_NAMES = ["class", "id", "href", "data-x", "aria-label", "Title"]


def allowed(tag: str, parent: str, in_p: bool, in_a: bool, in_heading: bool) -> bool:
    """The fast path's own rules, restated: an independent generator of what it accepts."""
    return not ((in_p and tag not in htmltree.PHRASING) or (in_a and tag == "a") or
                (in_heading and tag in htmltree.HEADINGS) or (tag == "li") != (parent == "ol"))


@st.composite
def bodies(draw: st.DrawFn, leaf: st.SearchStrategy[str], rogue: int) -> str:
    """A body's markup; each element breaks a rule with probability 1/``rogue`` (0:
    never)."""
    def content(parent: str, in_p: bool, in_a: bool, in_heading: bool, depth: int) -> str:
        pieces = []
        for _ in range(draw(st.integers(0, 4 if depth < 5 else 0))):
            if draw(st.booleans()):
                pieces.append(str(escape(draw(leaf))))
                continue
            if rogue and draw(st.integers(0, rogue - 1)) == 0:
                tag = draw(st.sampled_from(OTHER_TAGS + sorted(htmltree.BODY)))
            else:
                tag = draw(st.sampled_from(sorted(
                    t for t in htmltree.BODY if allowed(t, parent, in_p, in_a, in_heading))))
            names = draw(st.lists(st.sampled_from(ATTRIBUTE_NAMES[:-1] if not rogue else
                                                  ATTRIBUTE_NAMES), max_size=2, unique=True))
            start = tag + "".join(f' {name}="{escape(draw(leaf))}"' for name in names)
            if tag in htmltree.VOID or (rogue and draw(st.integers(0, 3 * rogue)) == 0):
                pieces.append(f"<{start} />")
                continue
            inner = content(tag, in_p or tag == "p", in_a or tag == "a",
                            in_heading or tag in htmltree.HEADINGS, depth + 1)
            pieces.append(f"<{start}>{inner}</{tag}>")
        return draw(st.sampled_from(["", "\n"])).join(pieces)

    return content("body", False, False, False, 0)


BODIES = st.one_of(bodies(st.one_of(PLAIN, TEXT), 0),  # accepted: the trees must match
                   bodies(st.one_of(PLAIN, PLAIN, TEXT, HOSTILE_TEXT), 12))


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(BODIES)
def test_generated_markup_parses_to_tinyhtml5s_tree_when_accepted(body: str) -> None:
    html = document(body)
    fast = htmltree.tree(html)
    event("fast" if fast is not None else "refused")
    if fast is not None:
        assert differences(html5_tree(html), fast) == []


def test_generated_text_with_markup_like_characters_takes_the_fast_path(
        seed: Interview, classic: Theme) -> None:
    """Escaped markup, references as text, RTL and astral characters are no reason to
    refuse: the property above is not vacuous for them."""
    odd = "<p/> &#128; &nbsp; \"q\" 'a' ]]> <!-- x --> שלום \u202e 😀 𠀀 \u3000 &amp;"
    part = dataclasses.replace(seed.parts[0], paragraphs=(
        Paragraph("odd", (Run(odd), Run("\n", is_break=True),
                          Run(odd, frozenset(Style), "https://example.org/?a=1&b=2"))),))
    interview = dataclasses.replace(seed, parts=(part, *seed.parts[1:]),
                                    meta=dataclasses.replace(seed.meta, title=odd))
    html = book_html(interview, classic, EPOCH)
    assert "&amp;#128;" in html and "<mark" in html and "<br />" in html
    assert_fast_and_same(html)


# --- what is refused -----------------------------------------------------------------------

HEAD = '<meta charset="utf-8" />\n<title>t</title>\n'


def document(body: str, head: str = HEAD, html_attributes: str = ' lang="en"',
             doctype: str = "<!DOCTYPE html>\n", between: str = "\n",
             after: str = "\n") -> str:
    return (f'{doctype}<html{html_attributes}>\n<head>\n{head}</head>{between}<body>\n'
            f'{body}\n</body>\n</html>{after}')


ACCEPTED = {
    "plain": document('<p class="x">a <a href="#b">b</a> c</p>'),
    "empty body": document(""),
    "whitespace around the tree": "\n \t<!DOCTYPE html>\n\n<html>\t<head> <title>t</title>"
                                  "</head>\n \n<body></body>\n\t</html>\n \n",
    "no whitespace": "<!DOCTYPE html><html><head><title>t</title></head><body><p>x</p>"
                     "</body></html>",
    "inline nesting": document('<p><a href="#x" class="ext"><mark><strong><em><code>x'
                               '</code></em></strong></mark></a><br /><img src="x" />'
                               '</p>'),
    "same formatting element four deep": document('<p><em><em><em><em>x</em></em></em>'
                                                  '</em>y</p>'),
    "block in a link": document('<div><a href="#x"><div><p>x</p></div></a></div>'),
    "nested lists": document('<ol><li><a href="#x">x</a>\n<ol><li>y</li></ol></li></ol>'),
    "sections": document('<main><section id="s"><header><h1>x</h1></header><div><h2>y'
                         '</h2><blockquote><p>z</p></blockquote></div></section>'
                         '<nav><h3>n</h3></nav></main>'),
    "five references": document('<p title="&amp;&lt;&gt;&#34;&#39;">&amp;&lt;&gt;&#34;'
                                '&#39;</p>', head="<title>&amp;&lt;</title>\n"),
    "C1 and RTL text in a non-refused way": document("<p>\u200f\u202eש x\u2028y</p>"),
    "quotes in attributes": document("<p title='say \"hi\"' class=\"it's\">x</p>"),
    "greater-than in an attribute": document('<p title="a>b">x</p>'),
    "'xmlns' in text and a data: URI": document('<p><img src="data:x,%20xmlns%3D" />'
                                                "xmlns</p>"),
}


@pytest.mark.parametrize("html", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_accepted_snippets_parse_to_tinyhtml5s_tree(html: str) -> None:
    assert_fast_and_same(html)


# name -> (document, whether a naive expat tree differs from tinyhtml5's)
REFUSED = {
    # lexical
    "another doctype": (document("<p>x</p>", doctype="<!DOCTYPE html PUBLIC "
                                 '"-//W3C//DTD XHTML 1.0 Strict//EN" "x">\n'), False),
    "lower-case doctype": (document("<p>x</p>", doctype="<!doctype html>\n"), None),
    "no doctype": (document("<p>x</p>", doctype=""), False),
    "XML declaration": ('<?xml version="1.0"?>\n' + document("<p>x</p>"), False),
    "comment": (document("<p>x<!-- y --></p>"), True),
    "CDATA": (document("<p><![CDATA[x]]></p>"), True),
    "processing instruction": (document("<p><?x y?></p>"), True),
    "internal subset": ('<!DOCTYPE html [<!ENTITY e "x">]>\n<html><head><title>t</title>'
                        '</head><body><p>&e;</p></body></html>', True),
    "named reference": (document("<p>&nbsp;</p>"), None),  # expat: undefined entity
    "C1 reference": (document("<p>&#128;&#150;</p>"), True),
    "other numeric reference": (document("<p>&#65;&#x41;</p>"), False),
    "C1 reference in an attribute": (document('<p title="&#150;">x</p>'), True),
    "newline reference in an attribute": (document('<p title="a&#10;b">x</p>'), False),
    "xmlns": (document("<p>x</p>", html_attributes=' xmlns="http://www.w3.org/1999/xhtml"'),
              True),
    "xmlns prefix": (document("<p>x</p>", html_attributes=' xmlns:epub="urn:x"'), True),
    "prefixed attribute": (document('<p xml:lang="en">x</p>'), True),
    "self-closed p": (document('<div><p class="x"/>y</div>'), True),
    "self-closed span": (document("<p><span/>y</p>"), True),
    "self-closed a": (document('<p><a href="#x" />y</p>'), True),
    "br end tag": (document("<p>x<br></br>y</p>"), True),
    "img with content": (document('<p><img src="x">alt</img></p>'), True),
    "newline in an attribute": (document('<p title="a\nb">x</p>'), True),
    "tab in an attribute": (document("<p title='a\tb'>x</p>"), True),
    "CR": (document("<p>a\r\nb</p>"), False),
    "CR in an attribute": (document('<p title="a\rb">x</p>'), True),
    "NUL": (document("<p>a\x00b</p>"), None),
    "control": (document("<p>a\x01b</p>"), None),
    "C1 control": (document("<p>a\x85b</p>"), False),
    "BOM": ("\ufeff" + document("<p>x</p>"), True),
    "noncharacter": (document("<p>a\ufdd0b</p>"), False),
    "astral noncharacter": (document("<p>a\U0001fffeb</p>"), False),
    "lone surrogate": (document("<p>a\ud800b</p>"), None),  # not even UTF-8
    "'/>' in text": (document("<p>a/>b</p>"), False),
    # elements and attributes
    "upper-case tag": (document("<P>x</P>"), True),
    "upper-case attribute": (document('<p Class="x">x</p>'), True),
    "table": (document("<table><tr><td>x</td></tr></table>"), True),
    "svg": (document('<p><svg viewBox="0 0 1 1"><path d="M0 0"/></svg></p>'), True),
    "math": (document("<div><math><mi>x</mi></math></div>"), True),
    "pre": (document("<pre>\nx</pre>"), True),
    "textarea": (document("<div><textarea>\nx</textarea></div>"), True),
    "listing": (document("<listing>\nx</listing>"), True),
    "script": (document("<script>var a = 1;</script>"), False),
    "style in body": (document("<style>p {}</style>"), False),
    "style in head": (document("<p>x</p>", head="<style>p { }</style>\n"), False),
    "template": (document("<template><p>x</p></template>"), False),
    "noscript": (document("<noscript><p>x</p></noscript>"), False),
    "select": (document("<select><option>a<option>b</option></option></select>"), True),
    "form": (document("<form><form></form></form>"), True),
    "button": (document("<button><button>x</button></button>"), True),
    "ruby": (document("<ruby>a<rt>b</rt></ruby>"), False),
    "frameset": (document("<frameset></frameset>"), True),
    "ul": (document("<ul><li>x</li></ul>"), False),
    "h4": (document("<h4>x</h4>"), False),
    "title with an element": (document("<p>x</p>", head="<title>a<b>b</b></title>\n"), True),
    "meta in body": (document('<meta name="x" content="y" />'), False),
    "link in head": (document("<p>x</p>", head='<link rel="stylesheet" href="x.css" />\n'),
                     False),
    "base in head": (document("<p>x</p>", head='<base href="http://x/" />\n'), False),
    "text in head": (document("<p>x</p>", head="<title>t</title>x\n"), True),
    "text between head and body": (document("<p>x</p>", between="\nx\n"), True),
    "ideographic space between head and body": (document("<p>x</p>", between="\u3000"),
                                                True),
    "text after body": (document("<p>x</p>").replace("</body>\n", "</body>x"), False),
    "body in body": (document('<body class="x"></body>').replace("<body>\n<body", "<body>"
                     "\n<div><body"), True),
    "head without body": ("<!DOCTYPE html><html><head><title>t</title></head></html>", True),
    # implied end tags
    "div in p": (document("<p>a<div>b</div>c</p>"), True),
    "p in p": (document("<p>a<p>b</p>c</p>"), True),
    "section in p": (document("<p><span><section>b</section></span></p>"), True),
    "heading in p": (document("<p>a<h2>b</h2></p>"), True),
    "ol in p": (document("<p><ol><li>b</li></ol></p>"), True),
    "blockquote in p": (document("<p><blockquote>b</blockquote></p>"), True),
    "a in a": (document('<p><a href="#1">a<a href="#2">b</a>c</a></p>'), True),
    "a in a, deeper": (document('<div><a href="#1"><span><a href="#2">b</a></span></a>'
                                "</div>"), True),
    "li in li": (document("<ol><li>a<li>b</li></li></ol>"), True),
    "li in a div in li": (document("<ol><li>a<div><li>b</li></div></li></ol>"), True),
    "li outside ol": (document("<div><li>a</li></div>"), False),
    "heading in heading": (document("<h1>a<h2>b</h2></h1>"), True),
    "heading in a span in a heading": (document("<h1><span><h2>b</h2></span></h1>"), False),
    "dt and dd": (document("<dl><dt>a<dt>b</dt></dt></dl>"), True),
    "nobr": (document("<p><nobr>a<nobr>b</nobr></nobr></p>"), True),
}


@pytest.mark.parametrize("html, differs", REFUSED.values(), ids=REFUSED.keys())
def test_refused_snippets_fall_back(html: str, differs: bool | None) -> None:
    """Each case is refused.  Where expat parses it, ``differs`` says whether a naive
    fast path (expat's tree, whitespace moved) would really give another tree than
    tinyhtml5: True cases show a rule is needed, False ones are refused for safety."""
    assert htmltree.tree(html) is None
    if differs is None:  # expat refuses it too
        with pytest.raises((ElementTree.ParseError, UnicodeEncodeError)):
            ElementTree.fromstring(html)
        return
    try:
        naive = expat_tree(html)
    except ElementTree.ParseError:
        assert differs, "expat refuses it: mark it None"
        return
    assert bool(differences(html5_tree(html), naive)) == differs


def test_any_trouble_falls_back(monkeypatch) -> None:
    def broken(text: str) -> None:
        raise RecursionError("too deep")

    html = ACCEPTED["plain"]
    monkeypatch.setattr(htmltree.ElementTree, "fromstring", broken)
    assert htmltree.tree(html) is None


# --- handing the tree to WeasyPrint ------------------------------------------------------

@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """Each document tinyhtml5 really parses (through the stand-in or not)."""
    calls: list[str] = []
    real = tinyhtml5.parse

    def counting(document, **kwargs):
        calls.append(document.getvalue() if isinstance(document, io.StringIO) else document)
        return real(document, **kwargs)

    monkeypatch.setattr(tinyhtml5, "parse", counting)
    return calls


def test_weasyprint_gets_the_fast_tree_and_the_rest_as_from_its_own_parse(parses) -> None:
    from weasyprint import HTML

    html = ACCEPTED["sections"]
    fast = htmltree.html_document(html, media_type="print")
    assert parses == []
    plain = HTML(string=html, media_type="print")
    assert parses == [html]
    assert differences(plain.etree_element, fast.etree_element) == []
    for name in ("base_url", "media_type", "url_fetcher"):
        assert type(getattr(fast, name)) is type(getattr(plain, name))
        if name != "url_fetcher":
            assert getattr(fast, name) == getattr(plain, name)
    assert [e.etree_element for e in fast.wrapper_element.iter_subtree()] == \
        list(fast.etree_element.iter())


def test_refused_documents_and_other_documents_are_parsed_by_tinyhtml5(parses) -> None:
    from weasyprint import HTML

    refused = REFUSED["div in p"][0]
    htmltree.html_document(refused)
    assert parses == [refused]
    accepted = ACCEPTED["plain"]
    token = htmltree._GIVEN.set((accepted, ElementTree.Element("html")))
    try:  # the stand-in answers only for the very document it was given
        other = ACCEPTED["sections"]
        HTML(string=other)
        assert parses == [refused, other]
    finally:
        htmltree._GIVEN.reset(token)


def test_plain_switch_and_flag_parse_with_tinyhtml5(parses, monkeypatch) -> None:
    html = ACCEPTED["plain"]
    monkeypatch.setenv("PUBLISH_PLAIN_WEASYPRINT", "1")
    htmltree.html_document(html)
    monkeypatch.delenv("PUBLISH_PLAIN_WEASYPRINT")
    monkeypatch.setattr(htmltree, "FAST_PARSE", False)
    htmltree.html_document(html)
    assert parses == [html, html]


def test_a_weasyprint_without_tinyhtml5_in_its_namespace_is_left_alone(parses,
                                                                      monkeypatch) -> None:
    import weasyprint

    monkeypatch.setattr(weasyprint, "tinyhtml5", None, raising=False)
    assert not htmltree._installed()
    assert weasyprint.tinyhtml5 is None


# --- the PDF ----------------------------------------------------------------------------

def test_the_fast_tree_changes_no_byte_of_the_pdf(seed: Interview, roundtable: Interview,
                                                  classic: Theme, parses,
                                                  monkeypatch) -> None:
    from publish.backends.pdf import handout

    options = Options(source_date_epoch=EPOCH)
    fast = [pdf.render(seed, classic, options), handout.render(roundtable, classic, options)]
    assert parses == []  # neither went through tinyhtml5
    monkeypatch.setattr(htmltree, "FAST_PARSE", False)
    plain = [pdf.render(seed, classic, options), handout.render(roundtable, classic, options)]
    assert len(parses) == 2
    assert fast == plain
