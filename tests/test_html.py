"""The web edition: one self-contained page, checked as a file and in headless Chromium.

The page is built by the real command (``publish build --format html``).  One Chromium
process (session-scoped) opens each artefact once per viewport and colour scheme, and
records what the checks below assert on: screenshots at phone (390x844) and desktop
(1280x900) widths, the phone layout's overflow, and axe-core's violations.
"""

from __future__ import annotations

import base64
import colorsys
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from chromium import DESKTOP, PHONE, Chromium
from conftest import ROOT, SEED, model_sentences, squash
from publish import backends
from publish.backends.html.palette import AA, COMFORT, _rgb, contrast, dark_palette, \
    light_palette
from publish.backends.html.styles import SYSTEM_CJK, system_script
from publish.theme_checks import palette_colour

EPOCH = "1700000000"
AXE = ROOT / "tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(
  v => ({id: v.id, impact: v.impact, help: v.help,
         nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))})))"""
MEASURE = "[document.documentElement.scrollWidth, window.innerWidth]"


def build_html(source: Path, out: Path, *args: str) -> Path:
    """Build the web edition with the real command; the written page's path."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    result = subprocess.run([sys.executable, "-m", "publish", "build", str(source),
                             "--format", "html", "--output-dir", str(out), "-q", *args],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return out / f"{source.stem}.html"


@pytest.fixture(scope="session")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seed's page in both themes, with embedded fonts, and a source whose text has
    a 300-character run without a break opportunity (a pasted URL)."""
    out = tmp_path_factory.mktemp("html")
    long_run = out / "long" / "long-run.md"
    long_run.parent.mkdir()
    text = SEED.read_text(encoding="utf-8")
    long_run.write_text(text.replace("最近看了", "最近看了 https://example.org/" + "x" * 300
                                     + " ", 1), encoding="utf-8")
    return {"classic": build_html(SEED, out / "classic"),
            "modern": build_html(SEED, out / "modern", "--theme", "modern"),
            "embedded": build_html(SEED, out / "embedded", "--set", "web.embed_fonts=true"),
            "long": build_html(long_run, out / "long-out"),
            "korean": build_html(ROOT / "tests" / "data" / "interview-ko.md", out / "ko")}


@pytest.fixture(scope="session")
def browser(pages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory,
            ) -> dict[str, Any]:
    """Every artefact opened in one Chromium: screenshots, overflow and axe per
    (page, viewport, scheme), and the embedded page's fonts as Chromium loaded them."""
    shots = tmp_path_factory.mktemp("shots")
    axe = AXE.read_text(encoding="utf-8")
    found: dict[str, Any] = {}
    with Chromium() as chromium:
        for name in ("classic", "modern"):
            for size in (PHONE, DESKTOP):
                for dark in (False, True):
                    key = f"{name}-{size[0]}-{'dark' if dark else 'light'}"
                    chromium.open(pages[name].as_uri(), *size, dark=dark)
                    found[key] = {
                        "size": chromium.evaluate(MEASURE),
                        "screenshot": chromium.screenshot(shots / f"{key}.png"),
                        "axe": chromium.evaluate(axe + ";" + AXE_RUN, await_promise=True),
                    }
                    if not dark and size == PHONE:
                        found[f"{name}-part-titles"] = chromium.evaluate(
                            "[...document.querySelectorAll('.part-title')]"
                            ".map(h => h.innerText)")
        chromium.open(pages["korean"].as_uri(), *PHONE)
        found["korean-breaks"] = chromium.evaluate(
            "[...new Set([...document.querySelectorAll('h1, h2, h3, p, li')]"
            ".map(e => getComputedStyle(e).wordBreak))]")
        chromium.open(pages["long"].as_uri(), *PHONE)
        found["long"] = {"size": chromium.evaluate(MEASURE)}
        chromium.open(pages["embedded"].as_uri(), *PHONE)
        found["fonts"] = chromium.evaluate(
            "document.fonts.ready.then(() => [...document.fonts].map("
            "f => [f.family, f.status]))", await_promise=True)
        found["body-font"] = chromium.evaluate(
            "getComputedStyle(document.body).fontFamily")
    return found


def document(path: Path) -> Any:
    return lxml_html.fromstring(path.read_bytes())


# ---------------------------------------------------------------- the file


def test_html_is_a_format_but_not_part_of_all() -> None:
    assert "html" in backends.available()
    assert backends.get("html").SUFFIX == ".html"
    assert "html" not in backends.ALL


def test_the_page_is_named_after_the_source(pages: dict[str, Path]) -> None:
    assert pages["classic"].name == "deepseek-liang-wenfeng-interview.html"


def test_byte_identical_under_source_date_epoch(pages: dict[str, Path],
                                                tmp_path: Path) -> None:
    again = build_html(SEED, tmp_path)
    assert again.read_bytes() == pages["classic"].read_bytes()


def test_every_sentence_of_the_interview_is_on_the_page(pages: dict[str, Path], seed) -> None:
    for name in ("classic", "modern", "embedded"):
        text = squash(document(pages[name]).body.text_content())
        missing = [s for s in model_sentences(seed) if squash(s) not in text]
        assert missing == [], name


def test_head_language_viewport_dark_palette_and_print(pages: dict[str, Path]) -> None:
    root = document(pages["classic"])
    assert root.get("lang") == "zh-CN"
    assert root.xpath("//meta[@name='viewport']/@content") == \
        ["width=device-width, initial-scale=1"]
    css = "".join(root.xpath("//style/text()"))
    assert "@media screen and (prefers-color-scheme: dark)" in css
    assert "@media print" in css


def test_self_contained_and_without_script(pages: dict[str, Path]) -> None:
    """Nothing is fetched: no stylesheet, script, image, frame or font from elsewhere;
    every ``url()`` is a data URI; links are only for the reader to follow."""
    for name in ("classic", "embedded"):
        root = document(pages[name])
        assert root.xpath("//script | //link | //img | //iframe | //object | //embed") == []
        css = "".join(root.xpath("//style/text()"))
        urls = re.findall(r"url\(\s*([^)]{0,20})", css)
        assert all(u.strip("'\"").startswith("data:") for u in urls), urls
        assert "@import" not in css


def test_cover_toc_parts_topics_turns_and_key_sentences(pages: dict[str, Path], seed) -> None:
    root = document(pages["classic"])
    assert squash(root.xpath("string(//header[@class='cover']//h1)")) == \
        squash(seed.meta.title)
    topics = list(seed.topics())
    assert root.xpath("//main//section[@class='topic']/@id") == [t.id for t in topics]
    assert root.xpath("//main//section[starts-with(@class, 'part')]/@id") == \
        [p.id for p in seed.parts]
    # the contents link every part and topic, and every link lands on an id of the page
    hrefs = root.xpath("//nav[@class='toc']//a/@href")
    assert hrefs == [f"#{n.id}" for p in seed.parts for n in (p, *p.topics)]
    ids = set(root.xpath("//@id"))
    assert all(h[1:] in ids for h in root.xpath("//a[starts-with(@href, '#')]/@href"))
    # every turn is labelled with its speaker; key sentences are marked as in the booklet
    turns = root.xpath("//div[contains(@class, 'turn')]")
    assert len(turns) == 2 * sum(len(t.exchanges) for t in topics)
    assert all(t.xpath("string(.//span[@class='speaker'])") for t in turns)
    marks = [squash(m.text_content()) for m in root.xpath("//mark[@class='key']")]
    assert marks == [squash(a.highlight) for ex in seed.exchanges() for a in ex.answers
                     if a.highlight]


def test_topic_anchors_are_the_epubs(pages: dict[str, Path], seed, classic) -> None:
    """``page.html#p2-t3`` and the EPUB's ``p2.xhtml#p2-t3`` name the same topic."""
    from publish.backends.epub.documents import render_documents
    from publish.text.labels import labels_for

    documents = render_documents(seed, classic, labels_for("zh-CN"), "zh-CN")
    epub_topics = [i for doc in documents for i in re.findall(
        rb'<section class="topic" id="([^"]+)"', doc.content)]
    page_topics = document(pages["classic"]).xpath("//section[@class='topic']/@id")
    assert [i.decode() for i in epub_topics] == page_topics != []


def test_embedded_fonts_are_woff2_subsets_covering_the_page(pages: dict[str, Path],
                                                            seed) -> None:
    from fontTools.ttLib import TTFont

    plain, embedded = pages["classic"], pages["embedded"]
    assert "@font-face" not in plain.read_text(encoding="utf-8")
    css = "".join(document(embedded).xpath("//style/text()"))
    data = re.findall(r"url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)", css)
    assert len(data) >= 1
    font = TTFont(io.BytesIO(base64.b64decode(data[0])))
    assert font.flavor == "woff2"
    cmap = font.getBestCmap()
    text = document(embedded).body.text_content()
    missing = {c for c in text if not c.isspace() and ord(c) not in cmap}
    assert missing == set()
    assert len(font.getGlyphOrder()) < 2000  # a subset, not the 65,535-glyph face


def test_dark_palettes_read_well(classic, modern) -> None:
    """The derived dark palette keeps WCAG contrast for every kind of text."""
    for theme in (classic, modern):
        dark = dark_palette(light_palette(theme.get("palette"), []))
        ground = _rgb(dark["background"])
        assert contrast(_rgb(dark["text"]), ground) >= COMFORT
        assert contrast(_rgb(dark["question"]), ground) >= COMFORT
        for key in ("accent", "muted"):
            assert contrast(_rgb(dark[key]), ground) >= AA, key
        assert contrast(_rgb(dark["text"]), _rgb(dark["highlight"])) >= COMFORT
        assert contrast(_rgb(dark["cover_text"]), _rgb(dark["cover_background"])) >= AA
        assert _rgb(dark["background"]) < (0.2, 0.2, 0.2)


def test_a_colour_that_is_not_one_is_reported() -> None:
    warnings: list[str] = []
    palette = light_palette({"accent": "red;}body{display:none"}, warnings)
    assert palette["accent"] == "#8c2f39"
    assert warnings and "palette.accent" in warnings[0]
    # a theme load_theme did not check still gets its colours as #rrggbb
    palette = light_palette({"accent": "hsl(120, 40%, 30%)", "muted": "Grey"}, warnings)
    assert (palette["accent"], palette["muted"], len(warnings)) == ("#2e6b2e", "#808080", 1)


def hls(hexed: str) -> tuple[float, float, float]:
    rgb = _rgb(hexed)
    assert rgb is not None, hexed
    return colorsys.rgb_to_hls(*rgb)


@pytest.mark.parametrize("value", ["DarkGreen", "rgb(47 107 58)", "hsl(120, 40%, 30%)",
                                   "hwb(131 18% 58%)", "#2f6b3a"])
def test_a_named_rgb_or_hsl_accent_keeps_its_hue_at_night(tmp_path: Path,
                                                          value: str) -> None:
    """The dark palette read only hex: DarkGreen's dark accent was grey (#8c8c8c), and
    hsl() was dropped for the base theme's accent."""
    page = build_html(SEED, tmp_path, "--set", f"palette.accent={value}")
    css = page.read_text(encoding="utf-8")
    night = css.split("(prefers-color-scheme: dark){:root{", 1)[1].split("}", 1)[0]
    light, dark = re.findall(r"--accent:(#[0-9a-f]{6});", css)[0], \
        re.findall(r"--accent:(#[0-9a-f]{6});", night)[0]
    background = re.findall(r"--background:(#[0-9a-f]{6});", night)[0]
    assert light == palette_colour(value)[0]
    (hue, _, _), (dark_hue, _, dark_saturation) = hls(light), hls(dark)
    assert abs(dark_hue - hue) < 0.02 and dark_saturation > 0.3  # green, not grey
    assert contrast(_rgb(dark), _rgb(background)) >= AA
    if value.startswith("rgb"):  # the same colour as #2f6b3a, so the same page
        assert css == build_html(SEED, tmp_path / "hex", "--set",
                                 "palette.accent=#2f6b3a").read_text(encoding="utf-8")


# ---------------------------------------------------------------- fonts per language

JA_SOURCE = """---
title: 町の本屋
language: ja
speakers:
  - {name: 聞き手, role: host}
  - {name: 山田太郎, role: guest}
---

# 第一部 はじまり

## 開店

聞き手: お店を始めたきっかけは？

山田太郎: ==祖父の倉庫を改装して、本屋を始めました。==
"""
KO_SOURCE = """---
title: 동네 서점
language: ko
speakers:
  - {name: 기자, role: host}
  - {name: 김민준, role: guest}
---

# 1부 시작

## 개업

기자: 서점을 연 계기는 무엇입니까?

김민준: ==할아버지의 창고를 고쳐서 서점을 열었습니다.==
"""
# Simplified Chinese faces, which a page in another CJK language must not fall back to.
SC_FACES = {"Source Han Serif SC", "Songti SC", "STSong", "SimSun", "Source Han Sans SC",
            "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei"}


def font_stacks(page: Path) -> dict[str, list[str]]:
    """``--body-font`` ... of the page's stylesheet, as lists of family names."""
    css = "".join(document(page).xpath("//style/text()"))
    return {role: [name.strip().strip('"') for name in value.split(",")]
            for role, value in re.findall(r"--(body|heading|sans|mono)-font:([^;]*);", css)}


@pytest.fixture(scope="module")
def language_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Web editions in Japanese and Korean (classic and modern) and the seed's zh-Hant
    and zh-Hant-HK editions, built by the real command."""
    out = tmp_path_factory.mktemp("languages")
    pages = {}
    for lang, text in (("ja", JA_SOURCE), ("ko", KO_SOURCE)):
        source = out / f"{lang}.md"
        source.write_text(text, encoding="utf-8")
        pages[lang] = build_html(source, out / "classic")
        pages[f"{lang}-modern"] = build_html(source, out / "modern", "--theme", "modern")
    for variant in ("zh-Hant", "zh-Hant-HK"):
        build_html(SEED, out / variant, "--variant", variant)
        pages[variant] = out / variant / f"{SEED.stem}.{variant}.html"
    return pages


def test_a_japanese_page_falls_back_to_japanese_faces(
        language_pages: dict[str, Path]) -> None:
    """A reader without Noto CJK JP got SC faces after it: kanji in Chinese forms."""
    stacks = font_stacks(language_pages["ja"])
    assert stacks["body"][:4] == ["Noto Serif CJK JP", "Source Han Serif",
                                  "Hiragino Mincho ProN", "Yu Mincho"]
    assert stacks["heading"] == stacks["body"] and stacks["body"][-1] == "serif"
    assert {"Hiragino Kaku Gothic ProN", "Hiragino Sans", "Yu Gothic", "Meiryo"} <= \
        set(stacks["sans"])
    modern = font_stacks(language_pages["ja-modern"])
    assert modern["body"][:3] == ["Noto Sans CJK JP", "Source Han Sans",
                                  "Hiragino Kaku Gothic ProN"]
    for found in (stacks, modern):
        names = {name for stack in found.values() for name in stack}
        assert not names & SC_FACES and not any(n.endswith(("CJK SC", "CJK KR"))
                                                for n in names), found


def test_a_korean_page_falls_back_to_korean_faces(
        language_pages: dict[str, Path]) -> None:
    """Most SC faces have no Hangul: a Korean page fell back to an unrelated face."""
    stacks = font_stacks(language_pages["ko"])
    assert stacks["body"][:3] == ["Noto Serif CJK KR", "Source Han Serif K", "AppleMyungjo"]
    assert {"Batang", "Nanum Myeongjo"} <= set(stacks["body"])
    assert {"Apple SD Gothic Neo", "Malgun Gothic", "Nanum Gothic"} <= set(stacks["sans"])
    modern = font_stacks(language_pages["ko-modern"])
    assert modern["body"][:3] == ["Noto Sans CJK KR", "Source Han Sans K",
                                  "Apple SD Gothic Neo"]
    for found in (stacks, modern):
        names = {name for stack in found.values() for name in stack}
        assert not names & SC_FACES and not any(n.endswith(("CJK SC", "CJK JP"))
                                                for n in names), found
        assert not any(n.startswith(("Hiragino", "Yu ")) for n in names), found


def test_traditional_chinese_pages_fall_back_to_tc_and_hk_faces(
        language_pages: dict[str, Path]) -> None:
    taiwan = font_stacks(language_pages["zh-Hant"])
    assert taiwan["sans"][:4] == ["Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC",
                                  "Microsoft JhengHei"]
    assert taiwan["body"][:3] == ["Noto Serif CJK TC", "Source Han Serif TC", "Songti TC"]
    hong_kong = font_stacks(language_pages["zh-Hant-HK"])
    assert hong_kong["sans"].index("PingFang HK") < hong_kong["sans"].index("PingFang TC")
    assert hong_kong["body"][0] == "Noto Serif CJK HK"
    assert "MingLiU_HKSCS" in hong_kong["body"]
    for found in (taiwan, hong_kong):
        names = {name for stack in found.values() for name in stack}
        assert not names & SC_FACES and not any(n.endswith("CJK SC") for n in names), found


def test_a_simplified_chinese_page_keeps_its_faces(pages: dict[str, Path]) -> None:
    stacks = font_stacks(pages["classic"])
    assert stacks["body"] == ["Noto Serif CJK SC", "Source Han Serif SC", "Songti SC",
                              "STSong", "SimSun", "serif"]
    assert stacks["sans"] == ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
                              "Hiragino Sans GB", "Microsoft YaHei", "sans-serif"]


@pytest.mark.parametrize("language, script", [
    ("zh-CN", "sc"), ("zh", "sc"), ("en", "sc"), ("fr", "sc"), ("zh-Hant", "tc"),
    ("zh-TW", "tc"), ("zh-Hant-TW", "tc"), ("zh-HK", "hk"), ("zh-Hant-HK", "hk"),
    ("ja", "ja"), ("ja-JP", "ja"), ("ko", "ko"), ("ko-KR", "ko")])
def test_system_faces_follow_the_languages_stacks(language: str, script: str) -> None:
    assert system_script(language) == script
    for kind in ("serif", "sans-serif", "monospace"):
        assert (kind, script) in SYSTEM_CJK


# ---------------------------------------------------------------- in Chromium


def test_screenshots_at_phone_and_desktop_width(browser: dict[str, Any]) -> None:
    from PIL import Image

    for key, shot in browser.items():
        if "screenshot" not in shot:
            continue
        with Image.open(shot["screenshot"]) as image:
            width = int(key.split("-")[1])
            assert image.size == ((390, 844) if width == 390 else (1280, 900))
            colours = image.convert("RGB").getcolors(1 << 20) or []
            assert len(colours) > 50, key  # text was drawn, not a blank page


def test_no_horizontal_overflow_on_a_phone(browser: dict[str, Any]) -> None:
    for key, shot in browser.items():
        if key == "long" or "-390-" in key:
            scroll_width, inner_width = shot["size"]
            assert inner_width == 390, key
            assert scroll_width <= inner_width, key


def test_axe_finds_no_serious_or_critical_violation(browser: dict[str, Any]) -> None:
    serious = {key: [v for v in shot["axe"] if v["impact"] in ("serious", "critical")]
               for key, shot in browser.items() if "axe" in shot}
    assert serious == {key: [] for key in serious}, json.dumps(serious, indent=1)


def test_a_part_number_on_its_own_line_shows_no_separator(browser: dict[str, Any],
                                                          seed) -> None:
    """The label is set above the part's name: "一." over "引言" read badly (the EPUB and
    the booklets hide the separator too)."""
    for name in ("classic", "modern"):
        shown = browser[f"{name}-part-titles"]
        assert [line.split("\n") for line in shown] == [
            [part.label, part.title] for part in seed.parts], name


def test_chromium_uses_the_embedded_font(browser: dict[str, Any]) -> None:
    assert ["publish-body", "loaded"] in browser["fonts"]
    assert browser["body-font"].strip('"').startswith("publish-body")


def test_korean_breaks_at_its_spaces_in_headings_too(browser: dict[str, Any]) -> None:
    """Every heading, paragraph and list item of a Korean page is ``keep-all`` in
    Chromium: lines break between words, not between the syllables of one."""
    assert browser["korean-breaks"] == ["keep-all"]
