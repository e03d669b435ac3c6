"""Emphasis that works in Chinese: CommonMark's flanking rules with the CJK amendment.

CommonMark decides whether ``**`` opens or closes emphasis by what stands on each side,
and treats every punctuation mark alike.  So in ``他说：**重要。**然后`` the second ``**``
(after 。, before 然) closes nothing, and the reader sees the asterisks.  Chinese sets no
spaces around emphasis, and its sentences end in punctuation, so this happens all the
time.  The CommonMark CJK-friendly amendment (github.com/tats-u/markdown-cjk-friendly,
proposed as CommonMark issue 650) changes only the flanking definitions: a delimiter run
beside a CJK character, or beside CJK (full-width) punctuation, flanks as if the text
were spaced.  Text without CJK characters parses exactly as before.

markdown-it-py calls ``StateInline.scanDelims`` for ``*`` and ``_``; ``emphasis_plugin``
gives one parser an inline stage whose state answers with the amended rules.  (The
``mdit-py-cjk-friendly`` package does the same, but does not support markdown-it-py 4.)
"""

from __future__ import annotations

import unicodedata

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_inline.state_inline import Scanned, StateInline
from markdown_it.token import Token

# Wide characters that are symbols and emoji, not CJK text.
_NOT_CJK = ((0x2300, 0x2BFF), (0x1F000, 0x1FAFF))
_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF))
_STANDARD_VS = range(0xFE00, 0xFE0F)          # U+FE00-FE0E; U+FE0F asks for an emoji
_IDEOGRAPHIC_VS = range(0xE0100, 0xE01F0)


def is_cjk(char: str) -> bool:
    """A CJK character as the amendment defines it: East Asian Width W, F or H (not an
    emoji or symbol), or Hangul."""
    code = ord(char)
    if any(low <= code <= high for low, high in _HANGUL):
        return True
    if any(low <= code <= high for low, high in _NOT_CJK):
        return False
    return unicodedata.east_asian_width(char) in ("W", "F", "H")


def _is_punct(char: str) -> bool:
    return isMdAsciiPunct(ord(char)) or isPunctChar(char)


class CJKStateInline(StateInline):
    """Inline parser state whose delimiter scan follows the CJK-friendly amendment."""

    def scanDelims(self, start: int, canSplitWord: bool) -> Scanned:  # noqa: N802, N803
        marker = self.src[start]
        pos = start
        while pos < self.posMax and self.src[pos] == marker:
            pos += 1
        before = self.src[start - 1] if start > 0 else " "   # line ends count as spaces
        after = self.src[pos] if pos < self.posMax else " "
        ivs_before = ord(before) in _IDEOGRAPHIC_VS
        if ord(before) in _STANDARD_VS and start > 1:  # a sequence: judge its base
            before = self.src[start - 2]

        space_before, space_after = isWhiteSpace(ord(before)), isWhiteSpace(ord(after))
        punct_before, punct_after = _is_punct(before), _is_punct(after)
        cjk_before, cjk_after = is_cjk(before), is_cjk(after)
        plain_punct_before = punct_before and not cjk_before    # non-CJK punctuation
        plain_punct_after = punct_after and not cjk_after

        left = not space_after and (not plain_punct_after or space_before or
                                    plain_punct_before or cjk_before or ivs_before)
        right = not space_before and (not plain_punct_before or space_after or
                                      plain_punct_after or cjk_after)
        can_open = left and (canSplitWord or not right or punct_before)
        can_close = right and (canSplitWord or not left or punct_after)
        return Scanned(can_open, can_close, pos - start)


class _CJKParserInline(ParserInline):
    """The inline stage, unchanged but for the state it parses with."""

    def parse(self, src: str, md: MarkdownIt, env: dict, tokens: list[Token]) -> list[Token]:
        state = CJKStateInline(src, md, env, tokens)
        self.tokenize(state)
        for rule in self.ruler2.getRules(""):
            rule(state)
        return state.tokens


def emphasis_plugin(md: MarkdownIt) -> None:
    """Use the CJK-friendly flanking rules in ``md``, keeping its inline rules as set."""
    inline = _CJKParserInline()
    inline.ruler, inline.ruler2 = md.inline.ruler, md.inline.ruler2
    md.inline = inline
