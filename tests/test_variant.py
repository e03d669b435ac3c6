"""The Traditional Chinese edition: conversion of hand-built models and of the seed, the
theme's TC fonts, fontconfig and Office language tags, and the real zh-Hant outputs
(EPUBCheck, pdftotext, pdffonts, the deck's XML)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from lxml import etree

from conftest import SEED
from publish import backends, child
from publish.text import variant as variant_module
from publish.build import build
from publish.cli import main
from publish.fonts.resolve import match_family
from publish.model import (Exchange, Interview, Meta, Paragraph, Part, Role, Run, Speaker,
                           Style, Topic, Turn)
from publish.text.typography import typeset
from publish.text.language import fontconfig_lang, is_traditional, ooxml_lang
from publish.theme import FONT_ROLES
from publish.text.variant import (Memo, UnknownVariant, convert, convert_meanwhile,
                             convert_text, memo_path, resolve, variant_theme)
from test_typography import leftovers, output_texts

HL, STRONG, CODE = (frozenset({s}) for s in (Style.HIGHLIGHT, Style.STRONG, Style.CODE))
TW = resolve("zh-Hant")
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def interview(answer: tuple[Run, ...]) -> Interview:
    host, guest = Speaker("主持人", Role.HOST), Speaker("梁文锋", Role.GUEST)
    question = Turn("p2-t1-e1-q", host, (Paragraph("p2-t1-e1-q1", (Run("为什么？"),)),))
    reply = Turn("p2-t1-e1-a", guest, (Paragraph("p2-t1-e1-a1", answer),))
    topic = Topic("p2-t1", "创新与开源", (Exchange("p2-t1-e1", question, (reply,)),))
    parts = (Part("p1", "一. 学习总结", "学习总结", "一", (Paragraph("p1-x1", (Run("引言。"),)),)),
             Part("p2", "二. 语录", "语录", "二", (), (topic,)))
    meta = Meta(title="关于创新", subtitle="访谈语录", compiler="华夏中医人", source="数据小栗子",
                speakers=(host, guest), keywords=("人工智能", "开源"), description="软件。")
    return Interview(meta, parts)


def answer_runs(model: Interview) -> tuple[Run, ...]:
    return next(model.exchanges()).answers[0].paragraphs[0].runs


# ------------------------------------------------------------------ variants and tags


def test_resolve() -> None:
    assert resolve("") is None
    assert (TW.opencc, TW.language) == ("s2twp", "zh-Hant-TW")
    assert resolve("ZH-hant") is TW
    hk = resolve("zh-Hant-HK")
    assert (hk.opencc, hk.language) == ("s2hk", "zh-Hant-HK")
    with pytest.raises(UnknownVariant, match="unknown variant 'zh-Hans'.*zh-Hant, zh-Hant-TW, "
                                             "zh-Hant-HK"):
        resolve("zh-Hans")


def test_unknown_variant_exits_2_and_writes_nothing(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(SEED), "--variant", "klingon", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "unknown variant 'klingon' (supported: zh-Hant, zh-Hant-TW, zh-Hant-HK)" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("tag, fontconfig, office", [
    ("zh-Hant-TW", "zh-tw", "zh-TW"), ("zh-Hant-HK", "zh-hk", "zh-HK"),
    ("zh-Hant", "zh-tw", "zh-TW"), ("zh-TW", "zh-tw", "zh-TW"),
    ("zh-CN", "zh-cn", "zh-CN"), ("zh-Hans", "zh-cn", "zh-CN"), ("zh", "zh-cn", "zh-CN"),
    ("en-US", "en", "en-US"), ("ja", "ja", "ja-JP"), ("ko", "ko", "ko-KR"),
    ("en-GB", "en", "en-GB"), ("en", "en", "en-US"), ("fr", "fr", "fr"),
])
def test_language_tags(tag: str, fontconfig: str, office: str) -> None:
    assert (fontconfig_lang(tag), ooxml_lang(tag)) == (fontconfig, office)
    assert is_traditional(tag) == (fontconfig in ("zh-tw", "zh-hk"))


def test_fontconfig_needs_the_region_not_the_script() -> None:
    # Asked with the BCP 47 tag itself, fontconfig gives a generic family no Han at all ...
    raw = subprocess.run(["fc-match", "-f", "%{family}", "serif:lang=zh-hant-tw"],
                         capture_output=True, text=True, check=True).stdout
    assert "CJK" not in raw
    # ... so the font check translates the tag (any caller may pass meta.language).
    assert match_family("serif", fontconfig_lang("zh-Hant-TW")).family == "Noto Serif CJK TC"
    assert match_family("serif", "zh-Hant-TW").family == "Noto Serif CJK TC"
    assert match_family("sans-serif", "zh-hant-hk").family == "Noto Sans CJK HK"
    assert match_family("serif", "zh-CN").family == "Noto Serif CJK SC"


def test_variant_theme_swaps_the_tc_stacks(classic, modern) -> None:
    for theme in (classic, modern):
        tc = variant_theme(theme, TW)
        for role in FONT_ROLES:
            assert tc.font_stack(role) == theme.font_stack(role, "tc")
            assert any(f.endswith("CJK TC") for f in tc.font_stack(role))
        assert theme.font_stack("body")[0].endswith("SC")                # not mutated
    hk = variant_theme(classic, resolve("zh-Hant-HK"))
    assert hk.font_stack("body")[:2] == ["Noto Serif CJK HK", "Noto Serif CJK TC"]


# ------------------------------------------------------------------ conversion


def test_phrases_convert_across_run_boundaries() -> None:
    runs = (Run("软"), Run("件和信", STRONG), Run("息"), Run("pip 软件", CODE), Run("。"))
    out = answer_runs(convert(interview(runs), TW))
    assert out == (Run("軟"), Run("體和資", STRONG), Run("訊"), Run("pip 软件", CODE), Run("。"))


def test_a_longer_phrase_keeps_the_highlight() -> None:
    model = convert(interview((Run("买了U"), Run("盘", HL), Run("。"))), TW)
    answer = next(model.exchanges()).answers[0]
    assert answer.text == "買了隨身碟。" and answer.highlight and answer.highlight in answer.text


def test_everything_a_reader_sees_is_converted() -> None:
    model = convert(interview((Run("创新"), Run("“敢”", HL))), TW)
    meta = model.meta
    assert (meta.title, meta.subtitle, meta.description) == ("關於創新", "訪談語錄", "軟體。")
    assert meta.keywords == ("人工智慧", "開源") and meta.language == "zh-Hant-TW"
    assert (meta.compiler, meta.source) == ("華夏中醫人", "數據小栗子")  # names: no vocabulary
    assert [p.heading for p in model.parts] == ["一. 學習總結", "二. 語錄"]
    assert [p.label_text for p in model.parts] == ["一.", "二."]
    assert next(model.topics()).title == "創新與開源"
    assert answer_runs(model) == (Run("創新"), Run("「敢」", HL))      # Taiwan's quotes
    answer = next(model.exchanges()).answers[0]
    assert answer.speaker.name == "梁文鋒" and answer.speaker is meta.guest


def test_known_opencc_mistakes_are_put_right() -> None:
    assert convert_text("这是一个中国公司，一个中学生", TW) == "這是一個中國公司，一個中學生"
    assert convert_text("被发明", TW) == "被發明"


def test_hong_kong() -> None:
    model = convert(interview((Run("软件和信息"),)), resolve("zh-Hant-HK"))
    assert answer_runs(model)[0].text == "軟件和信息" and model.meta.language == "zh-Hant-HK"


@pytest.fixture(scope="module")
def seed_tc(seed: Interview) -> Interview:
    return convert(typeset(seed), TW)


def test_seed_converts_paragraph_by_paragraph(seed, seed_tc) -> None:
    before = list(typeset(seed).paragraphs())
    after = list(seed_tc.paragraphs())
    assert [p.id for p in after] == [p.id for p in before]
    for old, new in zip(before, after):
        assert new.text == convert_text(old.text, TW)                  # as one string
        assert [r.styles for r in new.runs] == [r.styles for r in old.runs]
    for exchange in seed_tc.exchanges():
        assert exchange.answers[0].highlight in exchange.answers[0].text
    text = "".join(seed_tc.texts())
    assert "創新" in text and "创新" not in text and leftovers(text) == []


# ------------------------------------------------------------------ the zh-Hant outputs


@pytest.fixture(scope="module")
def hant(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("zh-Hant")
    build(SEED, backends.ALL, variant="zh-Hant", output_dir=folder)
    return folder


def output(folder: Path, suffix: str) -> Path:
    path = folder / f"{SEED.stem}.zh-Hant{suffix}"
    assert path.is_file()
    return path


@pytest.mark.parametrize("suffix", [".pdf", ".epub", ".pptx"])
def test_outputs_read_traditional(hant: Path, suffix: str) -> None:
    path = output(hant, suffix)
    text = output_texts(hant)[path.name]
    assert "創新" in text and "创新" not in text
    assert "梁文鋒" in text and "採訪，真的" in text.replace("\n", "")
    assert leftovers(text) == []


def test_pdf_uses_only_tc_fonts(hant: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(output(hant, ".pdf"))], capture_output=True,
                           text=True, check=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert names and all("CJK-TC" in name for name in names), fonts


@pytest.mark.slow
def test_epub_is_valid_and_says_zh_hant(hant: Path) -> None:
    from test_epub import epubcheck  # the EPUB tests' runner of the W3C jar

    path = output(hant, ".epub")
    assert epubcheck(path) == []
    with zipfile.ZipFile(path) as book:
        opf = next(n for n in book.namelist() if n.endswith(".opf"))
        language = etree.fromstring(book.read(opf)).findtext(
            ".//{http://purl.org/dc/elements/1.1/}language")
        assert language.startswith("zh-Hant")
        for name in (n for n in book.namelist() if n.endswith(".xhtml")):
            root = etree.fromstring(book.read(name))
            assert root.get("lang", "").startswith("zh-Hant"), name
            assert root.get("{http://www.w3.org/XML/1998/namespace}lang").startswith("zh-Hant")


def deck_run_properties(path: Path) -> list[etree._Element]:
    with zipfile.ZipFile(path) as deck:
        names = [n for n in deck.namelist()
                 if n.startswith(("ppt/slides/slide", "ppt/notesSlides/")) and n.endswith(".xml")]
        roots = [etree.parse(io.BytesIO(deck.read(n))).getroot() for n in names]
    return [rpr for root in roots for rpr in root.iter(f"{A}rPr", f"{A}endParaRPr")]


def test_deck_runs_are_traditional_chinese(hant: Path) -> None:
    props = deck_run_properties(output(hant, ".pptx"))
    assert props
    assert {rpr.get("lang") for rpr in props} == {"zh-TW"}
    faces = {ea.get("typeface") for rpr in props for ea in rpr.iter(f"{A}ea")}
    assert faces and all(face.startswith("Noto") and face.endswith("TC") for face in faces)


def test_hong_kong_deck(tmp_path: Path) -> None:
    (path,) = build(SEED, ["pptx"], variant="zh-Hant-HK", output_dir=tmp_path).outputs
    assert path.name == f"{SEED.stem}.zh-Hant-HK.pptx"
    props = deck_run_properties(path)
    assert {rpr.get("lang") for rpr in props} == {"zh-HK"}
    assert {ea.get("typeface") for rpr in props for ea in rpr.iter(f"{A}ea")} <= {
        "Noto Serif CJK HK", "Noto Sans CJK HK"}


from hypothesis import given, settings  # noqa: E402

from test_typography import RUNS, assert_runs_follow, is_code  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(RUNS)
def test_converting_any_runs_matches_converting_the_paragraph(runs: list[Run]) -> None:
    model = convert(interview(tuple(runs)), TW)
    out = answer_runs(model)
    assert_runs_follow(out, runs)
    if not any(is_code(r) for r in runs):
        assert "".join(r.text for r in out) == convert_text("".join(r.text for r in runs), TW)


# ------------------------------------------------------------------ the conversion memo


def no_opencc(config: str) -> None:
    raise AssertionError(f"OpenCC loaded ({config}) although the memo had every string")


def uncached(model: Interview, variant=TW) -> Interview:
    return convert(model, variant, memo=Memo(variant))          # no memo file at all


def test_a_warm_memo_gives_what_opencc_gives_without_loading_it(
        seed: Interview, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = typeset(seed)
    expected = uncached(model)
    first = convert(model, TW, tmp_path)                             # empty memo
    assert memo_path(TW, tmp_path).is_file()
    monkeypatch.setattr(variant_module, "_converter", no_opencc)
    second = convert(model, TW, tmp_path)                            # warm memo
    assert first == second == expected
    assert list(first.texts()) == list(second.texts()) == list(expected.texts())


def test_a_rebuild_does_not_import_opencc(seed: Interview, tmp_path: Path) -> None:
    expected = convert(typeset(seed), TW, tmp_path)
    script = ("import json, sys\n"
              "from publish.source import load\n"
              "from publish.text.typography import typeset\n"
              "from publish.text.variant import convert, resolve\n"
              f"model = convert(typeset(load({str(SEED)!r})[0]), resolve('zh-Hant'), "
              f"{str(tmp_path)!r})\n"
              "print(json.dumps(['opencc' in sys.modules, list(model.texts())]))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout
    imported, texts = json.loads(out)
    assert not imported and texts == list(expected.texts())


def test_new_strings_are_converted_and_only_they(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    convert(interview((Run("软件"),)), TW, tmp_path)
    known = set(json.loads(memo_path(TW, tmp_path).read_bytes()))
    asked: list[str] = []
    real = variant_module._converter

    class Recording:
        def __init__(self, config: str) -> None:
            self.opencc = real(config)

        def convert(self, text: str) -> str:
            asked.append(text)
            return self.opencc.convert(text)

    model = interview((Run("信"), Run("息", HL)))
    expected = uncached(model)
    monkeypatch.setattr(variant_module, "_converter", Recording)
    assert convert(model, TW, tmp_path) == expected
    assert "信息" in asked and not known.intersection(asked)


def test_the_memo_keeps_only_the_latest_build(tmp_path: Path) -> None:
    convert(interview((Run("软件"),)), TW, tmp_path)
    latest, used = interview((Run("信息"),)), Memo(TW)
    convert(latest, TW, tmp_path)
    convert(latest, TW, memo=used)
    stored = json.loads(memo_path(TW, tmp_path).read_bytes())
    assert stored == used.used and "软件" not in stored and stored["信息"] == "資訊"


@pytest.mark.parametrize("content", [b"{\"\xe8\xbd\xaf\xe4\xbb\xb6\": ", b"\xff\xfe\x00",
                                     b"", b"[1, 2]", b'{"x": 1}', b"[" * 100_000])
def test_a_corrupt_memo_costs_time_not_the_build(content: bytes, tmp_path: Path) -> None:
    path = memo_path(TW, tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    model = interview((Run("软件和信息"), Run("“敢”", HL)))
    assert convert(model, TW, tmp_path) == uncached(model)
    assert json.loads(path.read_bytes())["软件和信息“敢”"] == "軟體和資訊「敢」"  # anew


def test_an_unwritable_cache_costs_time_not_the_build(tmp_path: Path) -> None:
    in_the_way = tmp_path / "cache"
    in_the_way.write_text("a file where the cache folder should be")
    model = interview((Run("软件和信息"),))
    assert convert(model, TW, in_the_way) == uncached(model)
    assert in_the_way.read_text() == "a file where the cache folder should be"


def test_the_memo_is_keyed_by_everything_a_conversion_depends_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = memo_path(TW, tmp_path)
    assert path.parent == tmp_path / "opencc"
    assert path.name.startswith(f"s2twp-{metadata.version('opencc')}-")
    assert memo_path(resolve("zh-Hant-TW"), tmp_path) == path     # same configuration
    assert memo_path(resolve("zh-Hant-HK"), tmp_path).name.startswith("s2hk-")
    for name, value in [("FIXES", variant_module.FIXES[1:]), ("MEMO_FORMAT", "x"),
                        ("CORNER_QUOTES", str.maketrans({"“": "«"})),
                        ("_opencc_version", lambda: "0.0.1")]:
        with monkeypatch.context() as m:
            m.setattr(variant_module, name, value)
            assert memo_path(TW, tmp_path) != path, name


def test_without_an_opencc_version_there_is_no_memo(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(variant_module, "_opencc_version", lambda: None)
    assert memo_path(TW, tmp_path) is None
    model = interview((Run("软件"),))
    assert convert(model, TW, tmp_path) == uncached(model)
    assert not (tmp_path / "opencc").exists()


def test_the_default_memo_is_in_the_build_cache(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert memo_path(TW) == Path(".cache/publish/opencc") / memo_path(TW, "x").name


def test_a_warm_memo_build_is_byte_identical(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)                                  # .cache/publish in here
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    cold = build(SEED, ["epub", "pptx"], variant="zh-Hant", output_dir="cold").outputs
    assert memo_path(TW).is_file()
    monkeypatch.setattr(variant_module, "_converter", no_opencc)
    warm = build(SEED, ["epub", "pptx"], variant="zh-Hant", output_dir="warm").outputs
    assert [p.name for p in warm] == [p.name for p in cold]
    for old, new in zip(cold, warm):
        assert old.read_bytes() == new.read_bytes(), old.name


# ------------------------------------------------------- converting while the backends load

def no_fork(work) -> None:
    raise AssertionError("forked although the memo had every string")


def test_meanwhile_with_a_warm_memo_converts_at_once(seed: Interview, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    model = typeset(seed)
    expected = convert(model, TW, tmp_path)
    monkeypatch.setattr(child, "fork", no_fork)
    monkeypatch.setattr(variant_module, "_converter", no_opencc)
    assert convert_meanwhile(model, TW, tmp_path)() == expected


def test_meanwhile_a_child_fills_the_memo_and_this_process_never_loads_opencc(
        tmp_path: Path) -> None:
    """A fresh process with an empty memo: the child converts, the build's own process
    reads the result from the memo, and every output is what a plain conversion gives."""
    script = ("import json, sys\n"
              "from publish.build import build\n"
              f"build({str(SEED)!r}, ['epub'], output_dir={str(tmp_path / 'meanwhile')!r}, "
              "variant='zh-Hant')\n"
              "print(json.dumps('opencc' in sys.modules))\n")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000",
           "PUBLISH_CACHE_DIR": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, env=env).stdout
    assert json.loads(out) is False
    assert memo_path(TW, tmp_path / "cache").is_file()
    plain = build(SEED, ["epub"], output_dir=tmp_path / "plain", variant="zh-Hant")
    name = f"{SEED.stem}.zh-Hant.epub"
    assert (tmp_path / "meanwhile" / name).read_bytes() != b""
    with zipfile.ZipFile(tmp_path / "meanwhile" / name) as ours, \
            zipfile.ZipFile(plain.outputs[0]) as theirs:
        for entry in theirs.namelist():
            if entry.endswith(".xhtml"):
                assert ours.read(entry) == theirs.read(entry), entry


@pytest.mark.parametrize("kind", ["not forked", "does nothing", "fails"])
def test_meanwhile_without_a_useful_child_converts_here(seed: Interview, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        kind: str) -> None:
    model = typeset(seed)
    expected = uncached(model)
    work = {"not forked": None, "does nothing": lambda: None, "fails": lambda: 1 / 0}[kind]
    fork = child.fork
    monkeypatch.setattr(child, "fork", lambda _: None if work is None else fork(work))
    assert convert_meanwhile(model, TW, tmp_path)() == expected


def test_a_hanging_child_is_killed_and_the_build_goes_on(seed: Interview, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    model = typeset(seed)
    monkeypatch.setattr(child, "CHILD_PATIENCE", 0.2)
    fork = child.fork
    monkeypatch.setattr(child, "fork", lambda _: fork(lambda: time.sleep(60)))
    assert convert_meanwhile(model, TW, tmp_path)() == uncached(model)


