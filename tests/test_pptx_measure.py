"""Measuring with the real font, Chinese line breaking, fitting, and the located error
when a key sentence cannot fit its slide."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publish.backends import Options
from publish.backends.pptx import describe, fitting, measure
from publish.backends.pptx.fitting import Block, fit
from publish.backends.pptx.measure import NO_END, NO_START, break_allowed, is_asian, wrap
from publish.backends.pptx.style import resolve_face
from publish.diagnostics import SourceError
from publish.model import Interview, Run, Style


@pytest.fixture(scope="module")
def face(classic):
    return resolve_face(classic, "body", "zh-cn").regular


def measured(face, text: str) -> measure.Measured:
    return measure.measure([(text, face)])


def test_advances_come_from_the_font(face):
    widths = face.advances("创新DeepSeek，")
    assert widths[:2] == (1.0, 1.0)           # Han: one em in Noto CJK
    assert 3.5 < sum(widths[2:10]) < 5.5      # proportional Latin
    assert widths[-1] == 1.0                  # full-width comma


def test_autospace_between_han_and_latin(face):
    plain = sum(face.advances("创新DeepSeek"))
    assert sum(measured(face, "创新DeepSeek").widths) == pytest.approx(plain + 0.25)
    assert sum(measured(face, "创新 DeepSeek").widths) == pytest.approx(
        sum(face.advances("创新 DeepSeek")))


@pytest.mark.parametrize("before, after, allowed", [
    ("创", "新", True),        # between two Han characters
    ("新", "，", False),       # never before closing punctuation
    ("新", "。", False),
    ("新", "）", False),
    ("新", "”", False),
    ("（", "创", False),       # never after opening punctuation
    ("“", "创", False),
    ("《", "创", False),
    ("e", "e", False),         # never inside a Latin word
    (" ", "D", True),          # after a space
    ("k", " ", False),         # the space stays on the line it ends
    ("k", "创", True),         # Latin word, then Han
    ("—", "—", False),         # —— stays together
    ("…", "…", False),
    ("4", "5", False),
])
def test_break_rules(before, after, allowed):
    assert break_allowed(before, after) is allowed


def test_wrap_keeps_latin_words_whole(face):
    lines = wrap(measured(face, "我们说 DeepSeek 是一家公司"), 5.0)
    assert any("DeepSeek" in line for line in lines)
    assert all(line == line.strip() for line in lines)


def test_wrap_reports_an_unbreakable_word(face):
    assert wrap(measured(face, "Supercalifragilistic"), 3.0) is None


TEXT = st.text(alphabet=st.sampled_from(list("创新技术的人才信心我们是，。、；：？！）》」』”’（《「『“‘ "
                                             "abcDEF12—…")), min_size=1, max_size=80)


@settings(max_examples=300, deadline=None)
@given(text=TEXT, max_em=st.floats(min_value=3, max_value=30))
def test_wrap_never_breaks_the_rules(face, text, max_em):
    result = wrap(measured(face, text), max_em)
    if result is None:
        return
    assert "".join(result).replace(" ", "") == text.replace(" ", "")  # nothing lost
    for number, line in enumerate(result):
        if number > 0 and line:
            assert line[0] not in NO_START, (result, line)
        if number < len(result) - 1 and line:
            assert line[-1] not in NO_END, (result, line)


@settings(max_examples=200, deadline=None)
@given(text=TEXT, max_em=st.floats(min_value=3, max_value=30))
def test_lines_fit_their_width(face, text, max_em):
    m = measured(face, text)
    result = measure.wrap_measured(m, max_em)
    if result is None:
        return
    for line, width in result:
        assert width <= max_em + 1e-9


def test_closing_punctuation_never_starts_a_line(face):
    text = "创新不完全是商业驱动的，还需要好奇心和创造欲。我们只是被过去那种惯性束缚了。"
    for max_em in range(3, len(text)):
        lines = wrap(measured(face, text), max_em)
        assert all(line[0] not in NO_START for line in lines[1:]), lines


def test_fit_picks_the_largest_size_that_fits(face):
    block = Block(measured(face, "我们创新缺的肯定不是资本。而是缺乏信心，以及不知道怎么组织高密度的人才。"),
                  line_spacing=1.3)
    result = fit([block], 400, 120, 20, 40)
    assert result is not None and 20 <= result.size <= 40
    assert result.height <= 120
    larger = fitting.layout([block], 400, result.size + 0.5)
    assert result.size == 40 or larger is None or larger.height > 120


def test_fit_returns_none_when_nothing_fits(face):
    block = Block(measured(face, "创新" * 200))
    assert fit([block], 400, 100, 24, 40) is None


def test_balance_keeps_the_line_count_and_removes_orphans(face):
    block = Block(measured(face, "中国产业结构的调整会更依赖硬核技术的创新"), line_spacing=1.3)
    result = fitting.layout([block], 830, 40)
    assert result is not None and [len(x) for x in result.lines] == [2]
    assert len(result.lines[0][-1]) == 1  # an orphan at the full width
    width, balanced = fitting.balance([block], result, 830)
    assert width < 830
    assert [len(x) for x in balanced.lines] == [2]
    assert min(len(line) for line in balanced.lines[0]) >= 8
    assert balanced.widest <= width * fitting.BALANCE_SAFETY


def test_is_asian():
    assert is_asian("创") and is_asian("，") and is_asian("“")
    assert not is_asian("a") and not is_asian(",") and not is_asian(" ")


def test_key_sentence_too_long_is_a_located_error(seed, classic):
    """A marked sentence that cannot fit even at key_min_size names topic and line."""
    topic = list(seed.topics())[3]
    exchange = topic.exchanges[0]
    paragraph = next(p for p in exchange.answers[0].paragraphs if p.highlight)
    long_key = "在颠覆性的技术面前闭源形成的护城河是短暂的" * 12
    runs = tuple(replace(r, text=long_key) if Style.HIGHLIGHT in r.styles else r
                 for r in paragraph.runs)
    interview = _with_paragraph(seed, replace(paragraph, runs=runs))
    with pytest.raises(SourceError) as caught:
        describe(interview, classic, Options())
    (diag,) = caught.value.errors
    assert diag.path == seed.path
    assert diag.line == exchange.answers[0].line == paragraph.line
    assert topic.title in diag.message
    assert f"{classic.get('slides.key_min_size'):g} pt" in diag.message


def test_long_question_is_shortened_on_the_slide_with_a_warning(seed, classic):
    exchange = next(seed.exchanges())
    paragraph = exchange.question.paragraphs[0]
    long_question = "为什么 DeepSeek 会让硅谷的很多人惊讶？" * 12
    interview = _with_paragraph(seed, replace(paragraph, runs=(Run(long_question),)))
    options = Options()
    deck = describe(interview, classic, options)
    slide = next(s for s in deck.slides if s.source == exchange.id)
    shown = slide.box("question").text
    assert shown.endswith("……") and len(shown) < len(long_question)
    assert long_question in slide.notes_text.replace("\n", "")
    assert any(f":{exchange.question.line}:1: warning:" in w for w in options.warnings)


def _with_paragraph(interview: Interview, new) -> Interview:
    """The interview with the paragraph of the same id replaced."""
    def turn(t):
        return replace(t, paragraphs=tuple(new if p.id == new.id else p for p in t.paragraphs))

    parts = []
    for part in interview.parts:
        topics = tuple(replace(topic, exchanges=tuple(
            replace(e, question=turn(e.question), answers=(turn(e.answers[0]),))
            for e in topic.exchanges)) for topic in part.topics)
        parts.append(replace(part, topics=topics))
    return replace(interview, parts=tuple(parts))


# The fitter as first written (strings built by concatenation at every trial width): the
# fast path must give exactly its results, floats included, or the decks' bytes change.

def _reference_wrap(m: measure.Measured, max_em: float) -> list[tuple[str, float]] | None:
    lines: list[tuple[str, float]] = []
    line, line_w, core = "", 0.0, 0.0
    for seg, core_w, full_w in m.segments:
        if seg == "\n":
            lines.append((line.rstrip(), core))
            line, line_w, core = "", 0.0, 0.0
            continue
        if core_w > max_em:
            return None
        if line and line_w + core_w > max_em:
            lines.append((line.rstrip(), core))
            line, line_w, core = seg.lstrip(), full_w, core_w
        else:
            line, core, line_w = line + seg, line_w + core_w, line_w + full_w
    lines.append((line.rstrip(), core))
    return lines


def _reference_layout(blocks, width, size, safety=measure.WIDTH_SAFETY):
    wrapped = []
    height = widest = 0.0
    for number, block in enumerate(blocks):
        usable = (width - block.indent) * safety / size
        lines = _reference_wrap(block.measured, usable) if usable > 0 else None
        if lines is None:
            return None
        wrapped.append(tuple(line for line, _ in lines))
        widest = max([widest] + [w * size + block.indent for _, w in lines])
        height += len(lines) * size * block.line_spacing
        if number < len(blocks) - 1:
            height += block.space_after * size
    return fitting.Fit(size, tuple(wrapped), height, widest)


def _reference_fit(blocks, width, height, smallest, largest, step=0.5, max_lines=None):
    count = max(0, math.floor((largest - smallest) / step + 1e-9))
    for i in range(count + 1):
        size = round(largest - i * step, 2)
        result = _reference_layout(blocks, width, size)
        if result is None or result.height > height + 1e-6:
            continue
        if max_lines is not None and any(len(lines) > max_lines for lines in result.lines):
            continue
        return result
    return None


def _reference_balance(blocks, result, width):
    target = [len(lines) for lines in result.lines]

    def same(trial):
        return trial is not None and [len(lines) for lines in trial.lines] == target

    low, high = width * 0.3, width
    for _ in range(24):
        middle = (low + high) / 2
        if same(_reference_layout(blocks, middle, result.size)):
            high = middle
        else:
            low = middle
    best, best_pauses = result, -1
    for step in range(fitting.BALANCE_STEPS + 1):
        trial = _reference_layout(blocks, high + (width - high) * step / fitting.BALANCE_STEPS,
                                  result.size)
        if trial is None or not same(trial) or not _reference_even(trial):
            continue
        pauses = sum(1 for lines in trial.lines for line in lines[:-1]
                     if line and line[-1] in fitting.PAUSES)
        if pauses > best_pauses:
            best, best_pauses = trial, pauses
    return min(width, best.widest / fitting.BALANCE_SAFETY + 0.5), best


def _reference_even(result):
    for lines in result.lines:
        longest = max(len(line) for line in lines)
        if len(lines) > 1 and len(lines[-1]) < fitting.MIN_LAST_LINE * longest:
            return False
    return True


# Chinese, Latin words (one too long for any narrow line), spaces (ideographic too),
# hard line breaks, brackets and quotes, —— and ……, in runs of either weight.
TOKENS = st.sampled_from([
    "创新", "技术", "的", "人才", "我们", "是", "信心", "硬核", "，", "。", "、", "；", "？", "！",
    "（", "）", "《", "》", "“", "”", "——", "……", " ", "  ", "\u3000", "\n", "DeepSeek",
    "AI", "open source", "Supercalifragilisticexpialidocious", "2024", "x", "(", ")", ", ",
    ". ", "%",
])
RUNS = st.lists(st.tuples(st.lists(TOKENS, min_size=0, max_size=30).map("".join),
                          st.booleans()), min_size=1, max_size=3)


@pytest.fixture(scope="module")
def faces(classic):
    both = resolve_face(classic, "body", "zh-cn")
    return {False: both.regular, True: both.bold}


def _measured_runs(faces, runs) -> measure.Measured:
    return measure.measure([(text, faces[bold]) for text, bold in runs])


BLOCK_SETTINGS = st.tuples(st.sampled_from([1.2, 1.3, 1.45]), st.sampled_from([0.0, 0.35]),
                           st.sampled_from([0.0, 12.5, 18.0]))


@settings(max_examples=300, deadline=None)
@given(runs=RUNS, widths=st.lists(st.floats(min_value=-1, max_value=40), min_size=1,
                                  max_size=12))
def test_wrap_matches_the_reference_at_any_width_in_any_order(faces, runs, widths):
    """One Wrapper asked for many widths (and for the very sums where a break flips, and
    the floats either side of them) gives what a fresh greedy fill gives."""
    m = _measured_runs(faces, runs)
    wrapper = measure.Wrapper(m)
    probes = list(widths)
    for max_em in widths:
        found = wrapper.at(max_em)
        if found is not None:
            for edge in (found.floor, found.ceiling):
                if math.isfinite(edge):
                    probes += [edge, math.nextafter(edge, -math.inf),
                               math.nextafter(edge, math.inf)]
    for max_em in probes:
        expected = _reference_wrap(m, max_em)
        found = wrapper.at(max_em)
        got = None if found is None else list(zip(wrapper.texts(found),
                                                  (width for _, _, width, _ in found.lines),
                                                  strict=True))
        assert got == expected, (m.text, max_em)
        assert measure.wrap_measured(m, max_em) == expected


@settings(max_examples=150, deadline=None)
@given(paragraphs=st.lists(st.tuples(RUNS, BLOCK_SETTINGS), min_size=1, max_size=3),
       width=st.floats(min_value=40, max_value=900), size=st.integers(20, 96),
       height=st.floats(min_value=10, max_value=400), max_lines=st.sampled_from([None, 1, 2]))
def test_layout_fit_and_balance_match_the_reference(faces, paragraphs, width, size, height,
                                                    max_lines):
    blocks = [Block(_measured_runs(faces, runs), *setting) for runs, setting in paragraphs]
    size = size / 2
    assert fitting.layout(blocks, width, size) == _reference_layout(blocks, width, size)
    assert fitting.layout(blocks, width, size, 0.96) == _reference_layout(blocks, width,
                                                                          size, 0.96)
    expected = _reference_fit(blocks, width, height, 10, 48, max_lines=max_lines)
    assert fit(blocks, width, height, 10, 48, max_lines=max_lines) == expected
    if expected is not None and expected.line_count > 1:
        assert fitting.balance(blocks, expected, width) == _reference_balance(
            blocks, expected, width)


def test_balance_matches_the_reference_on_the_seed(faces, seed):
    """The seed's sentences (and whole short paragraphs) fitted and balanced as key
    sentences and questions are: the same sizes, lines, widths and box widths, floats
    included."""
    texts = []
    for exchange in seed.exchanges():
        for turn in (exchange.question, *exchange.answers):
            for paragraph in turn.paragraphs:
                texts += [p + "。" for p in paragraph.text.split("。") if p.strip()][:4]
                if len(paragraph.text) < 160:
                    texts.append(paragraph.text)
    changed = 0
    for number, text in enumerate(texts):
        runs = [(text, False)] if number % 3 else [("梁文锋：", True), (text, False)]
        block = Block(_measured_runs(faces, runs), 1.35, 0.0, 12.5 * (number % 2))
        for width, sizes in ((830.0, (28, 44)), (560.5, (18, 26))):
            expected = _reference_fit([block], width, 160, *sizes)
            assert fit([block], width, 160, *sizes) == expected
            if expected is None or expected.line_count < 2:
                continue
            balanced = fitting.balance([block], expected, width)
            assert balanced == _reference_balance([block], expected, width), text
            changed += balanced[1] != expected
    assert changed > 20  # balancing was really exercised, not only its first trial


JA_KEY = "売り上げが半分になりましたが、常連のお客さんが毎週来てくれたので、なんとか頑張ろうと思えました。"
KO_KEY = "사람들이 책을 싫어하는 게 아니라, 책을 고를 시간과 장소가 없을 뿐이라고 생각했거든요."


def line_ends(text: str, lines: list[str]) -> list[int]:
    """Where each line but the last ends in ``text`` (its spaces skipped)."""
    ends, position = [], 0
    for line in lines[:-1]:
        position = text.index(line, position) + len(line)
        ends.append(position)
    return ends


@pytest.mark.parametrize("width", [x / 2 for x in range(16, 60)])  # 来てくれたので、: 8 em
def test_japanese_lines_end_between_phrases(classic, width: float) -> None:
    """A Japanese line ends where BudouX ends a phrase, as CSS ``auto-phrase`` does:
    ``頑張ろう`` is never ``頑`` over ``張ろう``."""
    face = resolve_face(classic, "body", "ja")
    assert face.words == "ja"
    text = measure.measure([(JA_KEY, face.regular)], face.words)
    phrases = measure.word_breaks(JA_KEY, "ja")
    assert phrases is not None and 15 <= JA_KEY.index("頑張") in phrases
    lines = wrap(text, width)
    assert lines is not None and "".join(lines) == JA_KEY
    assert all(end in phrases for end in line_ends(JA_KEY, lines)), lines


@pytest.mark.parametrize("width", [x / 2 for x in range(16, 60)])
def test_korean_lines_end_at_spaces(classic, width: float) -> None:
    face = resolve_face(classic, "body", "ko")
    assert face.words == "ko"
    lines = wrap(measure.measure([(KO_KEY, face.regular)], face.words), width)
    assert lines is not None and " ".join(lines) == KO_KEY
    assert all(KO_KEY[end] == " " for end in line_ends(KO_KEY, lines)), lines


def test_chinese_breaks_between_any_two_characters(classic, face) -> None:
    assert resolve_face(classic, "body", "zh-cn").words == ""
    assert measure.word_breaks("我们做的事情", "") is None
    assert wrap(measured(face, "我们做的事情"), 2.5) == ["我们", "做的", "事情"]


def test_a_hard_break_ends_a_japanese_phrase() -> None:
    breaks = measure.word_breaks("一行目\n二行目です", "ja")
    assert breaks is not None and {3, 4} <= breaks
