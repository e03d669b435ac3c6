"""Fuzzing the whole path: parse, check, copy-edit, the deck description and the HTML.

Generated sources are close enough to the format to get past the parser often, and
hostile enough (markup, control characters, emoji, long runs, odd nesting) to find the
corners.  Every outcome must be a model or a located PublishError; anything else is a
bug.  CI runs a few hundred examples; ``make fuzz`` runs 10,000 (FUZZ_EXAMPLES).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publish.backends import Options
from publish.backends.pdf.document import book_html
from publish.backends.pptx import describe
from publish.diagnostics import PublishError
from publish.source.parse import parse
from publish.theme import Theme
from publish.text.typography import typeset

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))
FRONT = ("---\ntitle: {title}\nspeakers:\n  - name: 主持人\n    role: host\n"
         "  - name: Guest\n    role: guest\n---\n\n")

ALPHABET = st.sampled_from(list(
    "创新开源的是了，。、；：？！“”（）《》「」abcXYZ 019,.;:?!'\"()[]*_=`<>&#\\-+~|"
    "\t\u3000\u00a0\u200b😀𠀀é"))
TEXT = st.text(ALPHABET, min_size=1, max_size=60)


@st.composite
def sources(draw: st.DrawFn) -> str:
    """A front matter and a body of parts, topics and turns with fuzzed text."""
    body = []
    for _ in range(draw(st.integers(1, 3))):
        body.append(f"# {draw(TEXT)}\n")
        body += [f"{draw(TEXT)}\n" for _ in range(draw(st.integers(0, 2)))]
        for _ in range(draw(st.integers(0, 3))):
            body.append(f"## {draw(TEXT)}\n")
            for _ in range(draw(st.integers(0, 2))):
                marked = draw(st.booleans())
                key = f"=={draw(TEXT)}==" if marked else ""
                body.append(f"主持人: {draw(TEXT)}\n")
                body.append(f"{draw(st.sampled_from(['Guest:', 'Guest：', 'Other:']))} "
                            f"{draw(TEXT)}{key}{draw(st.one_of(st.just(''), TEXT))}\n")
    title = draw(st.one_of(st.just("标题"), TEXT.map(lambda t: repr(t))))
    return FRONT.format(title=title) + "\n".join(body)


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(sources())
def test_whole_path_has_no_unexpected_exception(classic: Theme, source: str) -> None:
    interview, diags = parse(source, "fuzz.md")
    assert all(d.line >= 1 and d.col >= 1 for d in diags)
    if interview is None:
        assert any(d.is_error for d in diags)
        return
    interview = typeset(interview)
    html = book_html(interview, classic)
    assert "<script" not in html.replace("&lt;script", "")
    try:
        deck = describe(interview, classic, Options())
    except PublishError as exc:  # a missing glyph or a key sentence that cannot fit
        assert str(exc)
        return
    assert len(deck.slides) >= 1 + sum(1 for _ in interview.exchanges())


NAMES = st.sampled_from(["主持人", "Interviewer", "Dr. Maria Lopez", "O'Brien", "李娜",
                         "Jean-Luc", "J. K. Rowling", "Mrs. Okafor", "Note"])
LINES = st.one_of(
    st.tuples(NAMES, st.sampled_from([": ", "：", ":", " "]), TEXT).map("".join),
    TEXT, st.sampled_from(["一、开场", "Part 2: Talk", "第三部分", "话题", "Note: cut here.",
                           "---", "# x", "整理：读书会", "Compiled by the Group.", ""]))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, min_size=0, max_size=30))
def test_the_importer_imports_or_fails_with_located_errors(lines: list[str]) -> None:
    """Any transcript-like text: a draft that parses without errors, or located errors."""
    from publish.diagnostics import SourceError
    from publish.source.importer import import_transcript

    try:
        result = import_transcript("\n".join(lines), "fuzz.txt")
    except SourceError as exc:
        assert exc.diagnostics and all(d.path == "fuzz.txt" and d.line >= 1 and d.col >= 1
                                       for d in exc.diagnostics)
        assert not any("would not parse" in d.message for d in exc.diagnostics), exc
        return
    interview, diags = parse(result.markdown, "draft.md")
    assert interview is not None and not [d for d in diags if d.is_error]
    assert result.exchanges >= 1
