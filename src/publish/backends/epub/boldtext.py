"""Which characters the book sets in bold, read from its own stylesheet and documents.

The EPUB embeds a bold face beside the regular one only for the characters that need it
(headings, speaker labels, ``<strong>``): ~130 glyphs, ~40 KB, where a bold face for the
whole text would take the book over its size budget.  Which elements are bold is the
theme's business, so the stylesheet says: every rule that sets ``font-weight`` bold (or
``font: bold …``) is matched against the documents with cssselect2, as a reading system
would, plus the elements reading systems make bold by default.  An element's whole text
counts, descendants included, even where a rule sets one back to normal: a glyph too many
costs a few hundred bytes, one too few a synthesised bold.  (The bold ``@font-face``
also carries a ``unicode-range``, so a reader draws a character the bold subset lacks in
the regular face, made bold, never in a fallback font.)
"""

from __future__ import annotations

from typing import Iterable

# What reading systems' user-agent stylesheets set in bold (HTML's rendering section).
UA_BOLD = ("b", "strong", "th", "h1", "h2", "h3", "h4", "h5", "h6")


def bold_selectors(css: str) -> list[str]:
    """The selectors of the rules in ``css`` that set a bold weight."""
    import tinycss2

    return _bold_in(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True))


def _bold_in(rules: list) -> list[str]:  # tinycss2 nodes
    """``bold_selectors`` for a list of rules, looking inside ``@media`` and ``@supports``
    blocks too (a reading system may apply either)."""
    import tinycss2

    found = []
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") \
                and rule.content is not None:
            found += _bold_in(tinycss2.parse_rule_list(rule.content, skip_whitespace=True,
                                                       skip_comments=True))
        if rule.type != "qualified-rule":
            continue
        for declaration in tinycss2.parse_declaration_list(
                rule.content, skip_whitespace=True, skip_comments=True):
            if declaration.type == "declaration" and _sets_bold(declaration):
                found.append(tinycss2.serialize(rule.prelude).strip())
                break
    return found


def _sets_bold(declaration) -> bool:  # a tinycss2 Declaration
    if declaration.lower_name not in ("font-weight", "font"):
        return False
    for token in declaration.value:
        if token.type == "ident" and token.lower_value in ("bold", "bolder"):
            return True
        if token.type == "number" and token.is_integer and token.int_value >= 600:
            return True
    return False


def bold_characters(css: str, documents: Iterable[bytes]) -> frozenset[str]:
    """Every character inside an element that ``css`` (or a reading system's defaults)
    sets in bold, in the XHTML ``documents``; whitespace left out."""
    import cssselect2
    from lxml import etree

    from .documents import PARSER

    matcher = cssselect2.Matcher()
    for selector_text in (*UA_BOLD, *bold_selectors(css)):
        try:
            selectors = cssselect2.compile_selector_list(selector_text)
        except cssselect2.SelectorError:  # a selector the matcher can't read: skipped
            continue
        for selector in selectors:
            if selector.pseudo_element is None:
                matcher.add_selector(selector, None)
    chars: set[str] = set()
    for content in documents:
        root = etree.fromstring(content, PARSER)
        for element in cssselect2.ElementWrapper.from_xml_root(root).iter_subtree():
            if matcher.match(element):
                chars.update("".join(element.etree_element.itertext()))
    return frozenset(c for c in chars if not c.isspace())


def unicode_range(chars: Iterable[str]) -> str:
    """A CSS ``unicode-range`` value naming exactly ``chars``: ``U+4E0A-4E0B, U+4E2D``."""
    points = sorted({ord(c) for c in chars})
    ranges: list[list[int]] = []
    for point in points:
        if ranges and point == ranges[-1][1] + 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in ranges)
