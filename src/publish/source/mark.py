"""``==highlight==`` for markdown-it-py (the key sentence of an answer).

mdit-py-plugins has no mark plugin, so this is a port of markdown-it-mark built on
markdown-it-py's own delimiter machinery, the same way its ``~~strikethrough~~`` rule works.

One deliberate difference: CommonMark's flanking rules refuse to close a delimiter that
follows punctuation and precedes a letter, which breaks ``==要点。==后文`` in every
Chinese text.  ``==`` never occurs in Chinese prose, so here an ``==`` run can open unless
whitespace follows it and close unless whitespace precedes it.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_inline.state_inline import Delimiter, StateInline

_EQUALS = 0x3D


def mark_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("emphasis", "mark", _tokenize)
    md.inline.ruler2.before("emphasis", "mark", _post_process)


def _tokenize(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if silent or state.src[start] != "=":
        return False
    end = start
    while end < state.posMax and state.src[end] == "=":
        end += 1
    length = end - start
    if length < 2:
        return False
    before = state.src[start - 1] if start > 0 else " "
    after = state.src[end] if end < state.posMax else " "
    can_open = not after.isspace()
    can_close = not before.isspace()
    if length % 2:
        token = state.push("text", "", 0)
        token.content = "="
        length -= 1
    for _ in range(length // 2):
        token = state.push("text", "", 0)
        token.content = "=="
        state.delimiters.append(Delimiter(marker=_EQUALS, length=0, token=len(state.tokens) - 1,
                                          end=-1, open=can_open, close=can_close))
    state.pos = end
    return True


def _pair(state: StateInline, delimiters: list[Delimiter]) -> None:
    """Turn matched ``==`` delimiters into mark_open / mark_close tokens.

    An ``==`` left unmatched becomes a ``mark_stray`` token (not ``text``, so the
    text_join rule cannot merge it away): the checker reports it, while an escaped
    ``\\=\\=`` stays ordinary text.
    """
    # The balance_pairs rule matches openers and closers by marker; we only convert them.
    closers = {d.end for d in delimiters if d.marker == _EQUALS and d.end != -1}
    for index, delim in enumerate(delimiters):
        if delim.marker != _EQUALS:
            continue
        if delim.end == -1:
            if index not in closers:
                state.tokens[delim.token].type = "mark_stray"
            continue
        opener = state.tokens[delim.token]
        opener.type, opener.tag, opener.nesting = "mark_open", "mark", 1
        opener.markup, opener.content = "==", ""
        closer = state.tokens[delimiters[delim.end].token]
        closer.type, closer.tag, closer.nesting = "mark_close", "mark", -1
        closer.markup, closer.content = "==", ""


def _post_process(state: StateInline) -> None:
    _pair(state, state.delimiters)
    for meta in state.tokens_meta:
        if meta and "delimiters" in meta:
            _pair(state, meta["delimiters"])
