"""Korean words, and Japanese headings' phrases, kept whole at line ends in the PDF.

Korean breaks lines between words, at its spaces; the line-breaking rules of Unicode
(UAX #14) also allow a break between any two Hangul syllables, and Pango takes them, so
the PDF split words (``어렵/거든요``) and left a syllable alone under a heading.  The
EPUB and the web edition ask reading systems for ``keep-all``; WeasyPrint does not
support it.  So the HTML handed to WeasyPrint gets a WORD JOINER (U+2060), which forbids
a break on either side, inside every word that holds Hangul: between two Hangul
letters, and between Hangul and a letter or digit (``2019년에``, ``Zoom으로``), as
``keep-all`` keeps them.  Decomposed Hangul (conjoining jamo) is left as it is.

The joiner is default-ignorable: Pango gives it no glyph, so nothing is drawn, the PDF's
text (copied, searched, read aloud) is the source's, and no font needs to cover it.
Only text between tags is touched, never an attribute (``data-heading``, the bookmarks'
labels) nor the ``title`` element (the PDF's metadata); a document without Hangul is
returned as it is.

Japanese breaks between any two characters in running text, as books are set; but a
display line (a title, a heading, a contents entry) that ends inside a word
(``プロダクトづく/り``) reads badly, so browsers offer ``word-break: auto-phrase``
(BudouX's phrases; the web edition and the EPUB ask for it).  In the PDF, the text of
a heading or a title that holds kana gets a joiner between the characters of each of
BudouX's phrases, so it breaks between phrases (``keep_japanese_phrases``).
"""

from __future__ import annotations

import html
import re

WORD_JOINER = "\u2060"
# Whole Hangul letters: syllables and compatibility jamo (``ㅋㅋ``).  Conjoining jamo
# (decomposed text, U+1100-11FF, A960-A97F, D7B0-D7FF) are parts of one syllable: a
# joiner between them would keep HarfBuzz from composing it, so none goes beside them.
HANGUL = "\u3130-\u318f\uac00-\ud7a3"
JAMO = "\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff"
LETTER = f"[^\\W_{JAMO}]"  # a letter or digit of any script but a conjoining jamo
_HANGUL = re.compile(f"[{HANGUL}]")
# Inside a word: Hangul beside Hangul, or beside a letter or digit (``2019년``, ``Zoom으로``).
_INSIDE_WORD = re.compile(f"(?<=[{HANGUL}])(?={LETTER})|(?<={LETTER})(?=[{HANGUL}])")
_TAG = re.compile(r"(<[^>]*>)")
_RAW = {"title", "style", "script"}  # their text is not laid out as the body's is


def keep_hangul_words(html: str) -> str:
    """``html`` with a word joiner between adjacent Hangul syllables in its text."""
    if not _HANGUL.search(html):
        return html
    pieces = _TAG.split(html)
    raw = None  # the element whose text is left as it is, while inside it
    for i, piece in enumerate(pieces):
        if i % 2:  # a tag
            name = piece[1:].split(None, 1)[0].rstrip("/>").lower() if len(piece) > 2 else ""
            if raw is None and name in _RAW:
                raw = name
            elif raw is not None and name == "/" + raw:
                raw = None
        elif raw is None and piece:
            pieces[i] = _INSIDE_WORD.sub(WORD_JOINER, piece)
    return "".join(pieces)


# Kana letters: Japanese text (Han alone may be Chinese, whose headings break anywhere;
# the middle dot ・ and the long mark ー are written in Chinese names too).
_KANA = re.compile("[\u3041-\u3096\u30a1-\u30fa]")
_ENTITY = re.compile(r"&#?\w+;|.", re.S)  # a character reference is one character
# Display lines: headings, and elements whose class names a title or a contents label.
_DISPLAY = re.compile(r'<(h[1-6])\b|<(\w+)\b[^>]*\bclass="[^"]*(?:title|toc-label)[^"]*"')
_VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "col", "area", "source"}


def keep_japanese_phrases(html: str) -> str:
    """``html`` with a word joiner inside each BudouX phrase of the Japanese text of its
    headings, titles and contents labels (module docstring)."""
    if not _KANA.search(html):
        return html
    pieces = _TAG.split(html)
    stack: list[str] = []
    display = 0  # the depth of the stack at which a display element opened, or 0
    for i, piece in enumerate(pieces):
        if i % 2 and len(piece) > 2:
            name = piece[1:].split(None, 1)[0].rstrip("/>").lower()
            if name.startswith("/"):
                while stack and stack.pop() != name[1:]:
                    pass
                if display > len(stack):
                    display = 0
            elif name not in _VOID and not piece.endswith("/>"):
                stack.append(name)
                if not display and _DISPLAY.match(piece):
                    display = len(stack)
        elif display and _KANA.search(piece) and not _RAW.intersection(stack):
            pieces[i] = _joined_phrases(piece)
    return "".join(pieces)


def _joined_phrases(text: str) -> str:
    """HTML text with a word joiner between the letters of each phrase (not beside
    punctuation: a joiner beside ―― lost the dashes from the PDF's text); a character
    reference (``&amp;``) counts as the one character it stands for and is left whole."""
    from ...text.phrases import phrase_ends

    units = _ENTITY.findall(text)
    plain = "".join(html.unescape(unit)[:1] if len(unit) > 1 else unit for unit in units)
    ends = phrase_ends(plain)
    return "".join(WORD_JOINER + unit if n not in ends and plain[n].isalnum()
                   and plain[n - 1].isalnum() else unit for n, unit in enumerate(units))
