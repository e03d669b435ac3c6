"""The discussion handout, read back from the real PDF (poppler).

Built once per module: the seed's (no url) and the roundtable's (a url: address and QR
code).  The seed's must fit two A4 sheets printed on both sides and hold every question.
"""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ROOT, SEED, require, squash
from publish.backends.pdf.handout import handout_html, items, qr_code
from publish.build import build
from publish.cli import main
from publish.source import load

ROUNDTABLE = ROOT / "seeds" / "open-source-education-roundtable.md"


def run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def handouts(tmp_path_factory) -> dict[str, Path]:
    require("pdftotext", "poppler-utils")
    out = tmp_path_factory.mktemp("handouts")
    files = {}
    for name, source in (("seed", SEED), ("roundtable", ROUNDTABLE)):
        [path] = build(source, ["handout"], output_dir=out).outputs
        files[name] = path
    return files


def text_of(path: Path) -> str:
    return squash(run("pdftotext", "-enc", "UTF-8", str(path), "-"))


def test_named_after_the_source_and_a4_portrait(handouts):
    assert handouts["seed"].name == f"{SEED.stem}.handout.pdf"
    info = run("pdfinfo", str(handouts["seed"]))
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info


def test_the_seed_fits_two_sheets(handouts):
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(handouts["seed"]))).group(1))
    assert 1 <= pages <= 4


def test_every_question_in_full_and_every_key_sentence(handouts, seed):
    text = text_of(handouts["seed"])
    assert squash(seed.meta.title) in text and squash(seed.meta.description) in text
    questions = [ex.question for ex in seed.exchanges()]
    assert questions and all(q.speaker == seed.meta.host for q in questions)
    assert [q.text for q in questions if squash(q.text) not in text] == []
    keys = [a.highlight for ex in seed.exchanges() for a in ex.answers if a.highlight]
    assert len(keys) == 16 and [k for k in keys if squash(k) not in text] == []


def test_topics_are_numbered_in_order(handouts, seed):
    text = text_of(handouts["seed"])
    places = [text.index(squash(f"{n}.{topic.title}"))
              for n, topic in enumerate(seed.topics(), start=1)]
    assert places == sorted(places)


def test_a_panel_keeps_each_guest_question_and_speaker(handouts):
    panel, _ = load(ROUNDTABLE)
    text = text_of(handouts["roundtable"])
    for exchange in panel.exchanges():
        assert squash(exchange.question.text) in text
        for answer in exchange.answers:
            if answer.highlight:
                assert squash(answer.highlight + answer.speaker.name) in text \
                    or squash(answer.highlight) in text
    asked = [q for item in items(panel) for q in item.questions if q.asker]
    assert [q.asker for q in asked] == ["李娜"]


def test_the_address_and_qr_code_only_with_a_url(handouts, seed, classic):
    panel, _ = load(ROUNDTABLE)
    assert panel.meta.url and squash(panel.meta.url) in text_of(handouts["roundtable"])
    assert 'src="data:image/svg+xml' in handout_html(panel, classic)
    assert "data:image/svg+xml" not in handout_html(seed, classic)
    assert "https" not in text_of(handouts["seed"])


def test_the_qr_code_is_an_svg_drawn_the_same_every_time():
    # No QR decoder is installed to read it back; segno's own tests cover its encoding.
    url = "https://example.org/reading-group/x"
    svg = qr_code(url)
    assert svg.startswith("data:image/svg+xml") and qr_code(url) == svg
    assert qr_code(url + "y") != svg


def test_ruled_lines_for_notes_after_each_topic(seed, classic):
    html = handout_html(seed, classic)
    assert html.count('class="handout-notes"') == sum(1 for _ in seed.topics())


def test_a_url_that_is_not_an_address_is_a_located_error(tmp_path, capsys):
    text = SEED.read_text(encoding="utf-8").replace("theme: classic\n",
                                                    "theme: classic\nurl: see our site\n")
    path = tmp_path / "bad.md"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("url: see our site") + 1
    assert main(["build", str(path), "--format", "handout", "-o", str(tmp_path)]) == 2
    assert f"{path}:{line}:1: error: url 'see our site' is not an http(s) address" in \
        capsys.readouterr().err
    assert not (tmp_path / "bad.handout.pdf").exists()


def test_quotes_follow_the_language(seed, classic):
    from dataclasses import replace

    key = next(a.highlight for ex in seed.exchanges() for a in ex.answers if a.highlight)
    assert f"“{key}”" in handout_html(seed, classic)
    traditional = replace(seed, meta=replace(seed.meta, language="zh-Hant-TW"))
    assert f"「{key}」" in handout_html(traditional, classic)


@pytest.mark.parametrize("language, key, shown", [
    ("ja", "「自分の店を持ちたい」という気持ち。", "「『自分の店を持ちたい』という気持ち。」"),
    ("zh-CN", "“开源不是慈善”，而是一种组织方式。", "“‘开源不是慈善’，而是一种组织方式。”"),
    ("ko", '"내 가게를 갖고 싶다"는 생각.', "“‘내 가게를 갖고 싶다’는 생각.”"),
    ("en", 'He said "no", twice.', "“He said ‘no’, twice.”"),
])
def test_a_key_sentence_that_quotes_keeps_its_marks_one_level_in(tmp_path, language, key,
                                                                  shown):
    """A key sentence opening with a quotation printed its mark doubled (「「…」…」)."""
    require("pdftotext", "poppler-utils")
    text = SEED.read_text(encoding="utf-8")
    first = next(n for n in range(len(text)) if text.startswith("==", n))
    end = text.index("==", first + 2)
    source = tmp_path / "quoted.md"
    text = text[:first] + f"=={key}==" + text[end + 2:]
    source.write_text(text.replace("language: zh-CN", f"language: {language}", 1),
                      encoding="utf-8")
    [path] = build(source, ["handout"], output_dir=tmp_path).outputs
    assert squash(shown) in text_of(path)


def word_boxes(path: Path, page: int = 1) -> list[tuple[str, float, float, float, float]]:
    """Each word poppler reads on ``page``: its text and box in points, y down."""
    xhtml = run("pdftotext", "-enc", "UTF-8", "-bbox", "-f", str(page), "-l", str(page),
                str(path), "-")
    return [(word, float(x0), float(y0), float(x1), float(y1)) for x0, y0, x1, y1, word
            in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                          r'yMax="([\d.]+)">([^<]*)</word>', xhtml)]


def figure_boxes(path: Path, page: int = 0) -> list[tuple[float, float, float, float]]:
    """The box, in points with y down, of what each ``/Figure`` of the page's content
    draws: every point of its paths through the current matrix, widened by half the line
    width (the QR code is an SVG, drawn as stroked paths, not an image)."""
    import pikepdf

    def times(m, n):  # m then n, as PDF's ``cm`` concatenates
        return (m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
                m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
                m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5])

    with pikepdf.open(path) as pdf:
        sheet = pdf.pages[page]
        height = float(sheet.MediaBox[3])
        matrix, width, saved = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 1.0, []
        depth, boxes, points = 0, [], []
        for operands, operator in pikepdf.parse_content_stream(sheet):
            op, numbers = str(operator), [float(x) for x in operands
                                          if isinstance(x, (int, float, Decimal))]
            if op == "q":
                saved.append((matrix, width))
            elif op == "Q":
                matrix, width = saved.pop()
            elif op == "cm":
                matrix = times(tuple(numbers), matrix)
            elif op == "w":
                width = numbers[0]
            elif op in ("BDC", "BMC"):
                if depth or str(operands[0]) == "/Figure":
                    depth += 1
            elif op == "EMC" and depth:
                depth -= 1
                if not depth:
                    xs, ys = [x for x, _ in points], [y for _, y in points]
                    boxes.append((min(xs), min(ys), max(xs), max(ys)))
                    points = []
            elif depth:
                assert op != "Do", "a figure drawn from an XObject: read its stream too"
                if op == "re":
                    x, y, w, h = numbers
                    corners = [(x, y), (x + w, y + h)]
                else:
                    corners = list(zip(numbers[0::2], numbers[1::2])) \
                        if op in ("m", "l", "c", "v", "y") else []
                half = width / 2
                for x, y in corners:
                    for dx in (-half, half):
                        for dy in (-half, half):
                            a, b, c, d, e, f = matrix
                            u, v = x + dx, y + dy
                            points.append((a * u + c * v + e, height - (b * u + d * v + f)))
        return boxes


@pytest.mark.parametrize("theme", ["base", "classic", "modern"])
@pytest.mark.parametrize("language, title, line", [
    ("ja", "地方の本屋を続けるということ――山田太郎さんインタビュー",
     "長野で小さな本屋を営む山田太郎さんに、開店から10年後の夢までを聞いた。"),
    ("ja", "地方の本屋を続けるということ――山田太郎さんインタビュー",
     "長野で小さな本屋を営む山田太郎さんに、開店のきっかけから資金のこと、町の人たちとの"
     "関係、オンライン書店との競争、そして10年後の夢までを聞いた。"),
    ("en", "Growing Food in the City and Keeping It Growing for the Next Generation", ""),
])
def test_a_long_title_wraps_before_the_qr_code(tmp_path, theme, language, title, line):
    """The QR code was floated after the title's line, 14 mm up, so a title of two lines
    and no line after it (a user's trial), or a long line, ran under it, the text hidden.
    Nothing on the page may overlap the code's box."""
    require("pdftotext", "poppler-utils")
    text = re.sub(r"(?m)^title: .*$", f"title: {title}", SEED.read_text(encoding="utf-8"), 1)
    text = re.sub(r"(?m)^(subtitle|description): .*\n", "", text)
    if line:
        text = text.replace("theme: classic\n", f"theme: classic\ndescription: {line}\n", 1)
    text = text.replace("language: zh-CN", f"language: {language}", 1).replace(
        "theme: classic\n", "theme: classic\nurl: https://example.org/reading-group/x\n", 1)
    source = tmp_path / f"{language}.md"
    source.write_text(text, encoding="utf-8")
    [path] = build(source, ["handout"], theme=theme, output_dir=tmp_path).outputs
    [(left, top, right, bottom)] = figure_boxes(path)
    side = 22 * 72 / 25.4   # 22 mm; the box read is at most a module (2.5 pt) wider
    assert side - 1 < right - left < side + 3 and side - 1 < bottom - top < side + 3
    assert abs(right - (595.28 - 18 * 72 / 25.4)) < 2   # at the right margin
    words = word_boxes(path)
    assert squash(title + line) in squash("".join(word for word, *_ in words))
    under = [word for word, x0, y0, x1, y1 in words
             if x0 < right and x1 > left and y0 < bottom and y1 > top]
    assert under == []
    assert int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(path))).group(1)) <= 4
