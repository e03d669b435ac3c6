"""The pure stage of the deck: interview -> deck description, without python-pptx.

What the slides say, in which order, how large, and what the speaker notes keep is
checked here on the description itself; tests/test_pptx.py checks the written file with
LibreOffice and python-pptx.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from dataclasses import replace

import pytest
from conftest import ROOT, squash

from publish.backends import Options
from publish.backends.pptx import describe
from publish.backends.pptx.describe import slide_heading
from publish.backends.pptx import fitting
from publish.backends.pptx.compose import Draft
from publish.backends.pptx.deck import Box, Deck, to_points
from publish.backends.pptx.style import slide_style
from publish.fonts.resolve import MissingFontError
from publish.model import Interview, Run, Style
from publish.theme import load_theme
from test_parse import PANEL

EPOCH = 1_700_000_000


@pytest.fixture(scope="module")
def deck(seed, classic) -> Deck:
    return describe(seed, classic, Options(source_date_epoch=EPOCH))


@pytest.fixture(scope="module")
def modern_deck(seed, modern) -> Deck:
    return describe(seed, modern, Options(source_date_epoch=EPOCH))


def exchange_slides(deck: Deck):
    return [s for s in deck.slides if s.kind == "exchange"]


def test_slide_count_and_order(deck, seed):
    sections = [s for s in deck.slides if s.kind == "section"]
    assert len(sections) == 2  # 一. 引言 (intro) and 二. 语录 (its opening paragraph)
    assert len(deck.slides) == 1 + 1 + len(sections) + 16 + 1
    kinds = [s.kind for s in deck.slides]
    assert kinds == ["title", "agenda", "section", "section"] + ["exchange"] * 16 + ["closing"]
    assert [s.source for s in exchange_slides(deck)] == [e.id for e in seed.exchanges()]
    assert [s.source for s in sections] == [seed.parts[0].id, seed.parts[1].id]
    assert deck.slides[-1].source == seed.summary_part.id


def test_sixteen_by_nine(deck, classic):
    """The theme's 13.333 x 7.5 in is PowerPoint's exact widescreen preset."""
    assert classic.get("slides.width") == 13.333
    assert (deck.width, deck.height) == (12_192_000, 6_858_000)
    assert deck.width * 9 == deck.height * 16


def test_slide_size_snaps_only_to_presets():
    from publish.backends.pptx.style import slide_size

    assert slide_size(13.333, 7.5) == (12_192_000, 6_858_000)
    assert slide_size(10, 7.5) == (9_144_000, 6_858_000)            # 4:3, already exact
    assert slide_size(12, 7.5) == (10_972_800, 6_858_000)           # custom: kept
    assert slide_size(13.3, 7.5) == (12_161_520, 6_858_000)         # not near 16:9: kept


def test_exchange_slide_content(deck, seed):
    host, guest = seed.meta.host.name, seed.meta.guest.name
    pairs = [(t, e) for t in seed.topics() for e in t.exchanges]
    for slide, (topic, exchange) in zip(exchange_slides(deck), pairs):
        assert slide.layout == "Title Only"
        assert slide.box("title").text == topic.title
        question = slide.box("question")
        assert question.paras[0].spans[0].text.startswith(host)
        assert squash(exchange.question.text) in squash(question.text)
        assert slide.box("key").text.replace("\n", "") == exchange.answers[0].highlight
        assert guest in slide.box("attribution").text
        assert slide.box("footer").text == seed.meta.title
        number = slide.box("number").paras[0].spans[0]
        assert number.field == "slidenum" and number.text == str(deck.slides.index(slide) + 1)


def test_key_sentence_is_the_centrepiece(deck, classic):
    low, high = classic.get("slides.key_min_size"), classic.get("slides.key_max_size")
    q_low, q_high = (classic.get("slides.question_min_size"),
                     classic.get("slides.question_max_size"))
    for slide in exchange_slides(deck):
        key = slide.box("key").paras[0].size
        question = slide.box("question").paras[0].size
        assert low <= key <= high
        assert q_low <= question <= q_high
        assert key > question


def test_speaker_notes_keep_every_question_and_answer(deck, seed):
    host, guest = seed.meta.host.name, seed.meta.guest.name
    for slide, exchange in zip(exchange_slides(deck), seed.exchanges()):
        notes = squash(slide.notes_text)
        assert squash(exchange.question.text) in notes
        for paragraph in exchange.answers[0].paragraphs:
            assert squash(paragraph.text) in notes
        assert notes.startswith(squash(host)) and squash(guest) in notes


def test_section_and_closing_notes_carry_the_full_prose(deck, seed):
    by_source = {s.source: s for s in deck.slides}
    for part in seed.parts:
        if part.paragraphs:
            notes = squash(by_source[part.id].notes_text)
            for paragraph in part.paragraphs:
                assert squash(paragraph.text) in notes


def test_title_slide(deck, seed):
    title = deck.slides[0]
    assert title.layout == "Title Slide"
    assert title.box("title").text == seed.meta.title
    assert title.box("subtitle").text == seed.meta.subtitle
    byline = title.box("byline").text
    assert seed.meta.compiler in byline and seed.meta.source in byline


def test_agenda_lists_every_topic_in_two_columns(deck, seed, classic):
    agenda = deck.slides[1]
    columns = [b for b in agenda.boxes if b.role == "agenda"]
    assert len(columns) == 2
    entries = [p.text for column in columns for p in column.paras]
    assert len(entries) == 16
    for entry, topic in zip(entries, seed.topics()):
        assert entry.endswith(topic.title)
    sizes = {p.size for column in columns for p in column.paras}
    assert len(sizes) == 1
    assert classic.get("slides.point_min_size") <= sizes.pop() <= \
        classic.get("slides.point_max_size")


def test_closing_slide_takeaways(deck, seed):
    closing = deck.slides[-1]
    points = closing.box("points").paras
    assert len(points) == len(seed.summary_part.paragraphs)
    for para, paragraph in zip(points, seed.summary_part.paragraphs):
        assert para.bullet
        assert squash(paragraph.text).startswith(squash(para.text).rstrip("…"))
    assert closing.box("title").text == slide_heading(seed.summary_part) == "三．学习总结"


@pytest.mark.parametrize("which, theme", [("deck", "classic"), ("modern_deck", "modern")])
def test_every_box_fits_by_the_fonts_measure(which, theme, request):
    """Re-measure every box at its size: the wrapped lines fit the box's inner size."""
    deck: Deck = request.getfixturevalue(which)
    style = slide_style(request.getfixturevalue(theme), "zh-CN")
    faces = {style.title.family: style.title, style.body.family: style.body}
    for slide in deck.slides:
        for box in slide.boxes:
            _assert_fits(box, faces)


@pytest.mark.parametrize("which", ["deck", "modern_deck"])
def test_boxes_on_the_slide_and_apart(which, request):
    deck: Deck = request.getfixturevalue(which)
    for slide in deck.slides:
        rects = [(b.role, b.x, b.y, b.x + b.width, b.y + b.height) for b in slide.boxes]
        for role, left, top, right, bottom in rects:
            assert 0 <= left < right <= deck.width, (slide.kind, role)
            assert 0 <= top < bottom <= deck.height, (slide.kind, role)
        for i, a in enumerate(rects):
            for b in rects[i + 1:]:
                overlap = min(a[3], b[3]) > max(a[1], b[1]) and min(a[4], b[4]) > max(a[2], b[2])
                assert not overlap, (slide.kind, a[0], b[0])


def test_fonts_are_the_first_resolved_family(deck, modern_deck):
    assert deck.title_font == "Noto Serif CJK SC" and deck.body_font == "Noto Serif CJK SC"
    assert modern_deck.title_font == modern_deck.body_font == "Noto Sans CJK SC"
    for para in deck.paras():
        assert para.font in (deck.title_font, deck.body_font)


def test_properties_from_metadata(deck, seed):
    assert deck.properties.title == seed.meta.title
    assert deck.properties.author == seed.meta.compiler
    assert deck.properties.created == EPOCH
    assert deck.lang == "zh-CN"


def test_answer_without_highlight_uses_first_sentence(seed, classic):
    """The deck shows the first sentence and adds no warning of its own: the parser has
    already warned, once, about the answer without a key sentence."""
    exchange = next(seed.exchanges())
    plain = tuple(replace(p, runs=tuple(replace(r, styles=r.styles - {Style.HIGHLIGHT})
                                        for r in p.runs))
                  for p in exchange.answers[0].paragraphs)
    interview = _replace_answer(seed, exchange.id, plain)
    options = Options(source_date_epoch=EPOCH)
    deck = describe(interview, classic, options)
    key = exchange_slides(deck)[0].box("key").text
    assert key == "在美国每天发生的大量创新里,\n这是非常普通的一个。"   # broken at its pause
    assert options.warnings == []


def test_missing_font_is_an_error(seed):
    theme = load_theme("classic", {"fonts.body": ["No Such Font Family"],
                                   "fonts.heading": ["No Such Font Family"]},
                       root=ROOT / "themes")
    with pytest.raises(MissingFontError, match="matches no installed font"):
        describe(seed, theme, Options())


def test_missing_glyph_names_the_character(seed, classic):
    odd = "\U00013000"  # an Egyptian hieroglyph: no CJK font has it
    exchange = next(seed.exchanges())
    first = exchange.answers[0].paragraphs[0]
    runs = (Run(odd),) + first.runs
    interview = _replace_answer(seed, exchange.id,
                                (replace(first, runs=runs),) + exchange.answers[0].paragraphs[1:])
    with pytest.raises(MissingFontError) as caught:
        describe(interview, classic, Options())
    assert caught.value.missing == (odd,)


LONG_WORD = "a" * 200


def _too_long(tmp_path, key: str = LONG_WORD, title: str = "Beginnings") -> Interview:
    """An English interview whose first key sentence is ``key`` under a topic ``title``,
    and whose second topic's title is 300 letters long."""
    from publish.prepared import prepare

    source = tmp_path / "long.md"
    source.write_text(
        "---\ntitle: Long\nlanguage: en\nspeakers:\n  - {name: Host, role: host}\n"
        "  - {name: Guest, role: guest}\n---\n\n# Part 1: Talk\n\n"
        f"## {title}\n\nHost: How did it start?\n\nGuest: =={key}.==\n\n"
        f"## {'b' * 300}\n\nHost: And then?\n\nGuest: ==It went on.==\n", encoding="utf-8")
    interview, _ = prepare(source)
    return interview


def test_a_check_finds_every_slide_that_cannot_be_made(tmp_path, classic):
    """A build stops at the first slide that cannot be made; given a list of errors the
    description goes on and finds each, worded and located as the build's."""
    from publish.backends.pptx import check
    from publish.diagnostics import SourceError

    interview = _too_long(tmp_path)
    with pytest.raises(SourceError) as caught:
        describe(interview, classic, Options())
    found = check(interview, classic, Options())
    # the agenda (line 11: the topics from the first on), the key sentence, the title
    assert [(d.line, d.is_error) for d in found] == [(11, True), (15, True), (17, True)]
    assert found[0] == caught.value.diagnostics[0]
    assert "the topics from 'Beginnings' on do not fit the agenda slide" in found[0].message
    assert "the key sentence of topic 'Beginnings' does not fit its slide even at 24 pt" \
        in found[1].message
    assert f"title '{'b' * 300}' is too long for a slide; shorten it" == found[2].message
    errors: list = []
    deck = describe(interview, classic, Options(), errors)  # the slides that could be made
    assert errors == found and [s.kind for s in deck.slides].count("exchange") == 0


def test_a_key_sentence_too_long_names_the_size_it_would_fit_at(tmp_path, classic):
    """The message offers the theme's way out, a smaller ``slides.key_min_size``, with
    the size the sentence fits at: with it, the deck is made."""
    import re

    interview = _too_long(tmp_path, key="a" * 120)
    diag = key_error(interview, classic)
    size = re.search(r"it fits at (\d+) pt \(--set slides.key_min_size=(\d+)", diag.message)
    assert size is not None and size[1] == size[2] and 6 <= int(size[1]) < 24
    smaller = load_theme("classic", {"slides.key_min_size": int(size[1])}, root=ROOT / "themes")
    assert key_error(interview, smaller) is None
    # A word that fits at no size the option allows gets no such advice.
    diag = key_error(_too_long(tmp_path, key="a" * 2000), classic)
    assert diag.message.endswith("mark a shorter ==key sentence==")


def key_error(interview, theme):
    from publish.backends.pptx import check

    return next((d for d in check(interview, theme, Options()) if "key sentence" in d.message),
                None)


PURE_STAGE = """
import sys
from pathlib import Path
from publish.backends import Options
from publish.backends.pptx import describe
from publish.source import load
from publish.theme import load_theme

root = Path(sys.argv[1])
interview, _ = load(root / "seeds" / "deepseek-liang-wenfeng-interview.md")
describe(interview, load_theme("classic", root=root / "themes"), Options())
loaded = [name for name in ("pptx", "lxml") if name in sys.modules]
print(loaded)
sys.exit(1 if loaded else 0)
"""


def test_describe_does_not_import_python_pptx():
    """The pure stage runs (and is importable) without python-pptx or lxml."""
    result = subprocess.run([sys.executable, "-c", PURE_STAGE, str(ROOT)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# helpers ---------------------------------------------------------------------------------


def _replace_answer(interview: Interview, exchange_id: str, paragraphs) -> Interview:
    parts = []
    for part in interview.parts:
        topics = []
        for topic in part.topics:
            exchanges = tuple(replace(e, answers=(replace(e.answers[0], paragraphs=paragraphs),))
                              if e.id == exchange_id else e for e in topic.exchanges)
            topics.append(replace(topic, exchanges=exchanges))
        parts.append(replace(part, topics=tuple(topics)))
    return replace(interview, parts=tuple(parts))


def _assert_fits(box: Box, faces) -> None:
    width = to_points(box.width - 2 * box.inset)
    height = to_points(box.height - 2 * box.inset)
    blocks, sizes = [], set()
    for para in box.paras:
        draft = Draft(para.spans, faces[para.font], spacing=(para.line_pitch or 0) / para.size,
                      after=para.space_after / para.size, indent=para.indent)
        blocks.append(draft.block())
        sizes.add(para.size)
    assert len(sizes) == 1, box.role
    size = sizes.pop()
    # Every box leaves at least BALANCE_SAFETY of its width to spare (a balanced box hugs
    # its lines that closely; the others keep WIDTH_SAFETY).
    result = fitting.layout(blocks, width, size, safety=fitting.BALANCE_SAFETY)
    assert result is not None, box.role
    assert result.height <= height + 0.01, (box.role, box.text, result.height, height)


def test_long_intro_is_summarised_on_its_slide(seed, classic):
    """Prose too long for the section slide shows its first sentences; notes keep all."""
    intro = seed.parts[0]
    long = tuple(replace(p, runs=(Run(p.text * 6),)) for p in intro.paragraphs)
    interview = replace(seed, parts=(replace(intro, paragraphs=long), *seed.parts[1:]))
    options = Options()
    slide = describe(interview, classic, options).slides[2]
    assert slide.kind == "section"
    shown = slide.box("prose").text
    assert "……" in shown and len(squash(shown)) < len(squash(intro.paragraphs[0].text * 6))
    for paragraph in long:
        assert squash(paragraph.text) in squash(slide.notes_text)
    assert any(f":{intro.line}:1: warning:" in w for w in options.warnings)


def test_traditional_edition(seed, classic):
    from publish.text.variant import convert, resolve, variant_theme

    edition = resolve("zh-Hant")
    interview, theme = convert(seed, edition), variant_theme(classic, edition)
    deck = describe(interview, theme, Options(variant=edition.name))
    assert deck.lang == "zh-TW"
    assert deck.title_font == deck.body_font == "Noto Serif CJK TC"
    assert deck.slides[1].box("title").text == "目錄"
    assert "編者" in deck.slides[0].box("byline").text


def test_key_sentences_break_at_their_pauses(deck) -> None:
    """A key sentence on several lines breaks after its commas, not inside a word: on one
    more line when that is what it takes (the seed's p2-t15 would otherwise split 逐步)."""
    keys = {s.source: s.box("key").text for s in deck.slides if s.kind == "exchange"}
    broken = [k for k in keys.values() if "\n" in k]
    assert broken, "the seed has multi-line key sentences with commas near their middle"
    assert all(line[-1] in fitting.PAUSES for k in broken for line in k.split("\n")[:-1])
    three = [line[:-1] for line in keys["p2-t15-e1"].split("\n")[:-1]]
    assert three == ["我们认为随着经济发展", "中国也要逐步成为贡献者"]
    assert keys["p2-t16-e1"].split("\n")[0][:-1] == "一代人的时间就变了"


def test_balanced_lines_that_end_at_a_pause_get_a_hard_break(deck):
    """A client fills a balanced box's slack with the next character ("认知是，美 / 国");
    a hard break where the fitter ended the line at a pause prevents it."""
    from publish.backends.pptx.compose import pin_lines
    from publish.backends.pptx.deck import Span

    draft = Draft((Span("主持人：", bold=True), Span("甲乙丙，丁戊己 ABC, def 庚。")), None)
    pinned = pin_lines(draft, ["主持人：甲乙丙，", "丁戊己 ABC,", "def 庚。"])
    assert [(s.text, s.bold, s.is_break) for s in pinned.spans] == [
        ("主持人：", True, False), ("甲乙丙，", False, False), ("\n", False, True),
        ("丁戊己 ABC,", False, False), ("\n", False, True), ("def 庚。", False, False)]
    assert pin_lines(draft, ["主持人：甲乙丙，丁", "戊己 ABC, def 庚。"]) == draft

    questions = [s.box("question").text for s in deck.slides if s.kind == "exchange"]
    assert sum("\n" in q for q in questions) >= 5
    assert all(line[-1] in fitting.PAUSES for q in questions for line in q.split("\n")[:-1])


def test_breaking_at_pauses_stays_cheap_on_hostile_text(classic, monkeypatch):
    """A "sentence" made of pauses neither enumerates every choice nor lays each out at
    every size: a list is not broken at its pauses, and a choice that does not fit at the
    smallest size is dropped after one layout."""
    from publish.backends.pptx import compose
    from publish.backends.pptx.compose import Frame, break_at_pause
    from publish.backends.pptx.deck import Span, inches

    style = slide_style(classic, "zh-CN")
    narrow = Frame(0, 0, inches(3), inches(3), inches(0.05))
    calls = []
    real = fitting.layout
    monkeypatch.setattr(compose.fitting, "layout", lambda *a, **k: calls.append(1) or real(*a, **k))
    listing = Draft((Span("甲，" * (compose.MAX_PAUSES + 2)),), style.title)
    assert break_at_pause(listing, narrow, 40, 24, (3, 4)) is None and not calls
    crowded = Draft((Span("甲乙丙，" * compose.MAX_PAUSES),), style.title)
    assert break_at_pause(crowded, narrow, 40, 24, (3, 4)) is None
    assert len(calls) <= 2 * compose.MAX_PAUSE_TRIALS


def test_part_numbering_is_set_tight_on_slides(seed: Interview) -> None:
    """二. 语录 is drawn 二 . 语录 by presentation programs that space Asian from Latin text;
    slides show 二．语录, a heading without a Chinese numeral stays as written."""
    assert [slide_heading(p) for p in seed.parts] == ["一．引言", "二．语录", "三．学习总结"]
    unnumbered = dataclasses.replace(seed.parts[0], heading="Part 1. Intro", label="Part 1",
                                     title="Intro")
    assert slide_heading(unnumbered) == "Part 1. Intro"


PANEL_SOURCE = PANEL + """
# Part

## Money

Host: Where does the money come from?

Dr. Maria Lopez: ==From the fund.== Mostly.

李娜：==来自基金会。==

## Teams

Host: Who is on the team?

Dr. Maria Lopez: Teachers, and nobody else.
"""


def test_a_panel_gives_one_slide_per_key_answer_with_its_speaker(classic):
    """Two marked answers to one question: two slides, each attributed to its own
    speaker under the quote, both carrying the whole exchange in the notes."""
    from publish.source.parse import parse

    interview, diags = parse(PANEL_SOURCE, "panel.md")
    assert interview is not None and not [d for d in diags if d.is_error]
    options = Options(source_date_epoch=EPOCH)
    deck = describe(interview, classic, options)
    slides = exchange_slides(deck)
    assert [s.box("key").text.replace("\n", " ") for s in slides] == [
        "From the fund.", "来自基金会。", "Teachers, and nobody else."]
    assert [s.box("attribution").text for s in slides] == [
        "— Dr. Maria Lopez", "— 李娜", "— Dr. Maria Lopez"]
    for slide in slides[:2]:
        notes = squash(slide.notes_text)
        for text in ("Wheredoesthemoneycomefrom?", "Fromthefund.Mostly.", "来自基金会。",
                     "Dr.MariaLopez", "李娜"):
            assert text in notes
    assert [s.source for s in slides[:2]] == ["p1-t1-e1", "p1-t1-e1-r2"]
    assert options.warnings == []


SHORT_KEYS = """---
title: Short answers
language: {language}
speakers:
  - {{name: {host}, role: host}}
  - {{name: {guest}, role: guest}}
---

# Part

## Yes or no

{host}: {question}

{guest}: =={key}==
"""


@pytest.mark.parametrize("language, host, guest, question, key", [
    ("en", "Interviewer", "Mrs. Okafor", "Really?", "Yes."),
    ("zh-CN", "主持人", "欧阳娜娜", "是吗？", "是。"),
])
def test_a_name_longer_than_its_short_key_sentence_starts_under_it(
        classic, language, host, guest, question, key):
    """A one-word key sentence hugs a box narrower than its speaker's name: the name
    starts under the sentence and runs on, on one line, instead of failing the deck."""
    from publish.source.parse import parse

    text = SHORT_KEYS.format(language=language, host=host, guest=guest, question=question,
                             key=key)
    interview, diags = parse(text, "short.md")
    assert interview is not None and not [d for d in diags if d.is_error]
    deck = describe(interview, classic, Options(source_date_epoch=EPOCH))
    slide = exchange_slides(deck)[0]
    quote, name = slide.box("key"), slide.box("attribution")
    assert name.text.endswith(guest) and "\n" not in name.text
    assert name.x == quote.x and name.width > quote.width and name.y > quote.y
    style = slide_style(classic, language)
    _assert_fits(name, {style.title.family: style.title, style.body.family: style.body})


def test_no_agenda_topic_ends_in_a_line_of_a_character_or_two(seed):
    """On a 4:3 slide '05 对市场信仰派观点的看法' left '法' alone under its number."""
    theme = load_theme("classic", {"slides.width": 10}, root=ROOT / "themes")
    deck = describe(seed, theme, Options(source_date_epoch=EPOCH))
    style = slide_style(theme, "zh-CN")
    faces = {style.title.family: style.title, style.body.family: style.body}
    agenda = [box for slide in deck.slides if slide.kind == "agenda"
              for box in slide.boxes if box.role == "agenda"]
    assert agenda
    for box in agenda:
        _assert_fits(box, faces)
        width = to_points(box.width - 2 * box.inset)
        for para in box.paras:
            draft = Draft(para.spans, faces[para.font],
                          spacing=(para.line_pitch or 0) / para.size)
            lines = fitting.layout([draft.block()], width, para.size).lines[0]
            assert len(lines) == 1 or len(lines[-1].strip()) > 2, lines
