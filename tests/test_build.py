"""The build pipeline: atomic outputs, located font errors, reproducible bytes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SEED, end_thread
from publish import backends
from publish.build import build
from publish.diagnostics import PublishError, SourceError

FORMATS = ("pdf", "epub", "pptx", "print")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every format built twice with the same SOURCE_DATE_EPOCH, each time by the real
    command in a fresh process with its own hash seed (set and dict orders differ), the
    first with the project's warm font and cover cache, the second with a cold one."""
    results: dict[str, bytes] = {}
    for run, seed, cwd in (("a", "1", ROOT), ("b", "2", tmp_path_factory.mktemp("cold"))):
        out = tmp_path_factory.mktemp(run)
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "publish", "build", str(SEED), "--format",
                        ",".join(FORMATS), "--output-dir", str(out), "-q"],
                       cwd=cwd, env=env, check=True, timeout=300)
        for path in out.iterdir():
            if path.is_file():  # not .publish-written, the record of what was written
                results[f"{run}/{path.name}"] = path.read_bytes()
    assert (cwd / ".cache" / "publish").is_dir()  # the second build filled its own cache
    return results


@pytest.mark.parametrize("suffix", [".pdf", ".epub", ".pptx", ".print.pdf"])
def test_builds_are_byte_identical(built: dict[str, bytes], suffix: str) -> None:
    name = SEED.stem + suffix
    assert built[f"a/{name}"] == built[f"b/{name}"]


def test_output_names(built: dict[str, bytes]) -> None:
    assert sorted(k for k in built if k.startswith("a/")) == sorted(
        f"a/{SEED.stem}{s}" for s in (".epub", ".pdf", ".pptx", ".print.pdf"))


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A source copy and an output folder holding a good earlier build."""
    source = tmp_path / SEED.name
    shutil.copy(SEED, source)
    out = tmp_path / "out"
    build(source, ("epub", "pptx"), output_dir=out)
    return source, out, _outputs(out)


def test_bad_source_leaves_previous_outputs(previous: tuple[Path, Path, dict[str, bytes]]) -> None:
    source, out, before = previous
    source.write_text(source.read_text(encoding="utf-8").replace("title:", "titel:"),
                      encoding="utf-8")
    with pytest.raises(SourceError):
        build(source, ("epub", "pptx"), output_dir=out)
    assert _outputs(out) == before


@pytest.mark.parametrize("failure", [RuntimeError("backend bug"), KeyboardInterrupt()])
def test_backend_failure_or_interrupt_leaves_previous_outputs(
        previous: tuple[Path, Path, dict[str, bytes]], failure: BaseException,
        monkeypatch: pytest.MonkeyPatch) -> None:
    source, out, before = previous
    pptx = backends.get("pptx")

    def broken(*args: object) -> bytes:
        raise failure

    monkeypatch.setattr(pptx, "render", broken)
    with pytest.raises(type(failure)):
        build(source, ("epub", "pptx"), output_dir=out)
    assert _outputs(out).keys() == before.keys()
    assert _outputs(out)[f"{source.stem}.pptx"] == before[f"{source.stem}.pptx"]


def test_a_source_error_of_the_last_format_writes_none_of_the_build(
        previous: tuple[Path, Path, dict[str, bytes]]) -> None:
    """The deck is rendered last and finds a key sentence it cannot fit: the PDF and the
    EPUB, rendered before it, are not written either; earlier outputs stay as they were."""
    source, out, before = previous
    text = source.read_text(encoding="utf-8")
    key = text[text.index("=="):text.index("==", text.index("==") + 2) + 2]
    source.write_text(text.replace(key, "==" + "a" * 200 + "==", 1), encoding="utf-8")
    written: list[str] = []
    with pytest.raises(SourceError, match="does not fit its slide even at 24 pt"):
        build(source, ["pdf", "epub", "pptx"], output_dir=out,
              written=lambda name, path: written.append(name))
    assert written == []
    assert _outputs(out) == before  # no PDF; the EPUB and the deck of the earlier build
    fresh = out.parent / "fresh"
    with pytest.raises(SourceError):
        build(source, ["pdf", "epub", "pptx"], output_dir=fresh)
    assert not fresh.exists()


def test_every_output_is_written_once_all_are_rendered(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``written`` and the progress hear of each output as it is written, in order; the
    outputs are checked before rendering, again once all are rendered, and each right
    before its write."""
    import publish.build as module

    fake_backends(monkeypatch)
    checks: list[list[Path]] = []
    check = module.check_targets
    monkeypatch.setattr(module, "check_targets",
                        lambda targets, *rest: checks.append(list(targets)) or
                        check(targets, *rest))
    events: list[tuple[str, bool]] = []
    steps: list[str] = []
    result = build(SEED, ["pdf", "epub", "pptx"], output_dir=tmp_path,
                   written=lambda name, path: events.append((name, path.is_file())),
                   progress=lambda step, seconds: steps.append(step))
    assert events == [("pdf", True), ("epub", True), ("pptx", True)]
    assert [step.partition(":")[0] for step in steps if " KB)" in step] == ["pdf", "epub", "pptx"]
    assert [p.suffix for p in result.outputs] == [".pdf", ".epub", ".pptx"]
    # before rendering, once rendered (all), then each right before its write
    assert [len(targets) for targets in checks] == [3, 3, 1, 1, 1]


def test_missing_glyph_is_a_located_source_error(tmp_path: Path) -> None:
    source = tmp_path / "emoji.md"
    text = SEED.read_text(encoding="utf-8").replace("个人觉得很好", "个人觉得很好\U0001F600")
    source.write_text(text, encoding="utf-8")
    line = next(n for n, l in enumerate(text.split("\n"), 1) if "\U0001F600" in l)
    col = text.split("\n")[line - 1].index("\U0001F600") + 1
    for fmt in ("pdf", "epub", "pptx"):
        with pytest.raises(SourceError) as info:
            build(source, (fmt,), output_dir=tmp_path / "out")
        assert str(info.value).startswith(f"{source}:{line}:{col}: error: no font"), fmt
        assert "U+1F600" in str(info.value)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_theme_font_that_does_not_exist(tmp_path: Path) -> None:
    overrides = {f"fonts.{role}": ["No Such Font 42"] for role in ("body", "heading", "sans", "mono")}
    for fmt in ("pdf", "epub", "pptx"):
        with pytest.raises(PublishError, match="matches no installed font"):
            build(SEED, (fmt,), output_dir=tmp_path, overrides=overrides)


def test_a_traditional_character_without_a_glyph_is_located_where_it_comes_from(
        tmp_path: Path) -> None:
    """创 is in the source; its zh-Hant form 創 is not, yet an error about 創 points at
    the first line that converts to it (the front matter's title, line 2)."""
    with pytest.raises(SourceError) as info:
        build(SEED, ["pdf"], output_dir=tmp_path, variant="zh-Hant",
              overrides={"fonts.body_tc": ["DejaVu Serif"]})
    lines = str(info.value).splitlines()
    text = SEED.read_text(encoding="utf-8").split("\n")
    created = [line for line in lines if "U+5275" in line]            # 創, from 创
    assert len(created) == 1 and created[0].startswith(f"{SEED}:2:")
    number = [line for line in lines if "U+6578" in line]             # 數, from the name 数据…
    first = next(n for n, line in enumerate(text, 1) if "数" in line)
    assert len(number) == 1 and number[0].startswith(f"{SEED}:{first}:")
    assert not list(tmp_path.iterdir())


# ------------------------------------------------- the formats after the first, alongside

def fake_backends(monkeypatch: pytest.MonkeyPatch, marks: Path | None = None,
                  fail_in_child: str = "", held_in_child: str = "",
                  pdf_waits_for: tuple[str, ...] = ()) -> None:
    """Backends whose bytes say which process rendered them, each with a warning.

    Which process takes which job depends on when each is free (``publish.alongside``),
    so the tests make the order certain with marker files in ``marks`` instead of sleeps:
    a format rendered in the child marks ``started-NAME`` and then ``done-NAME``, one
    rendered here marks ``here-NAME``; the PDF (rendered here first) waits until the
    markers ``pdf_waits_for`` exist; ``fail_in_child`` fails in the child, and
    ``held_in_child`` waits there until this process has rendered the EPUB."""
    me = os.getpid()

    def wait(*names: str) -> None:
        deadline = time.monotonic() + 60
        while marks is not None and not all((marks / n).exists() for n in names):
            assert time.monotonic() < deadline, f"markers never came: {names}"
            time.sleep(0.005)

    for name in ("pdf", "epub", "pptx"):
        def render(interview: object, theme: object, options: backends.Options,
                   name: str = name) -> bytes:
            here = os.getpid() == me
            if marks is not None:
                (marks / (f"here-{name}" if here else f"started-{name}")).touch()
            if not here and name == fail_in_child:
                raise RuntimeError("child failure")
            if not here and name == held_in_child:
                wait("here-epub")
            if name == "pdf":
                wait(*pdf_waits_for)
            options.warnings.append(f"{name} says hello")
            if marks is not None and not here:
                (marks / f"done-{name}").touch()
            return str(os.getpid()).encode()
        monkeypatch.setattr(backends.get(name), "render", render)


def markers(tmp_path: Path) -> Path:
    folder = tmp_path / "marks"
    folder.mkdir()
    return folder


def test_formats_after_the_first_render_in_a_child_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_backends(monkeypatch, markers(tmp_path), pdf_waits_for=("done-epub", "done-pptx"))
    steps: list[str] = []
    result = build(SEED, ["pdf", "epub", "pptx"], output_dir=tmp_path / "out",
                   progress=lambda step, seconds: steps.append(step))
    pids = {p.suffix: p.read_text() for p in result.outputs}
    assert pids[".pdf"] == str(os.getpid())
    assert pids[".epub"] == pids[".pptx"] != str(os.getpid())
    assert result.warnings == ["pdf says hello", "epub says hello", "pptx says hello"]
    assert [p.suffix for p in result.outputs] == [".pdf", ".epub", ".pptx"]
    assert sum("rendered alongside" in step for step in steps) == 2


def test_what_the_child_could_not_render_is_rendered_here(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_backends(monkeypatch, markers(tmp_path), fail_in_child="pptx",
                  pdf_waits_for=("started-pptx", "done-epub"))
    result = build(SEED, ["pdf", "epub", "pptx"], output_dir=tmp_path / "out")
    pids = {p.suffix: p.read_text() for p in result.outputs}
    assert pids[".pdf"] == pids[".pptx"] == str(os.getpid()) != pids[".epub"]
    assert result.warnings == ["pdf says hello", "epub says hello", "pptx says hello"]


def test_what_the_child_has_not_started_is_rendered_here_meanwhile(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The child claims the jobs from the last (the deck) and this process, once its PDF
    is done, claims from the first: the EPUB, which the busy child has not started."""
    fake_backends(monkeypatch, markers(tmp_path), held_in_child="pptx",
                  pdf_waits_for=("started-pptx",))
    steps: list[str] = []
    result = build(SEED, ["pdf", "epub", "pptx"], output_dir=tmp_path / "out",
                   progress=lambda step, seconds: steps.append(step))
    pids = {p.suffix: p.read_text() for p in result.outputs}
    assert pids[".pdf"] == pids[".epub"] == str(os.getpid()) != pids[".pptx"]
    assert result.warnings == ["pdf says hello", "epub says hello", "pptx says hello"]
    assert [p.suffix for p in result.outputs] == [".pdf", ".epub", ".pptx"]
    written = [step for step in steps if step.startswith(("pdf:", "epub:", "pptx:"))]
    assert ["rendered alongside" in step for step in written] == [False, False, True]


def test_a_job_that_fails_when_claimed_early_fails_in_its_turn(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The EPUB fails here while the child renders the deck: the build fails at the EPUB,
    with its error, as a sequential build does, and writes nothing (not even the PDF,
    rendered before it)."""
    marks = markers(tmp_path)
    fake_backends(monkeypatch, marks, held_in_child="pptx", pdf_waits_for=("started-pptx",))
    tries = []

    def epub(interview: object, theme: object, options: backends.Options) -> bytes:
        tries.append(os.getpid())
        (marks / "here-epub").touch()
        raise PublishError("epub: error: no")

    monkeypatch.setattr(backends.get("epub"), "render", epub)
    with pytest.raises(PublishError, match="epub: error: no"):
        build(SEED, ["pdf", "epub", "pptx"], output_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert tries == [os.getpid()]  # its error kept for its turn, not rendered again


def test_a_threaded_process_renders_every_format_itself(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    fake_backends(monkeypatch)
    release = threading.Event()
    helper = threading.Thread(target=release.wait)
    helper.start()
    try:
        result = build(SEED, ["pdf", "epub", "pptx"], output_dir=tmp_path)
    finally:
        release.set()
        end_thread(helper)
    assert all(p.read_text() == str(os.getpid()) for p in result.outputs)


def test_an_anthology_s_other_formats_wait_for_the_pdf_s_second_core(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The anthology's PDF takes both cores (a child lays out its second half): the
    EPUB and the deck, rendered alongside, start once that child has finished, while
    this process still lays out the first."""
    from publish import child

    def pdf(collection: object, theme: object, options: backends.Options) -> bytes:
        def second_half() -> tuple[float, bytes]:
            time.sleep(0.3)
            return time.monotonic(), os.urandom(1 << 20)  # a PDF: more than a pipe holds

        with child.Aside(second_half) as half:
            time.sleep(1.0)  # the first half, here
            done = half.result()
            return repr(done[0] if done else None).encode()

    def other(collection: object, theme: object, options: backends.Options) -> bytes:
        return repr((os.getpid(), time.monotonic())).encode()

    monkeypatch.setattr(backends.get("pdf"), "render_collection", pdf)
    for name in ("epub", "pptx"):
        monkeypatch.setattr(backends.get(name), "render_collection", other)
    result = build(ROOT / "seeds" / "series.yaml", ["pdf", "epub", "pptx"],
                   output_dir=tmp_path)
    half_ended = float(result.outputs[0].read_bytes())
    for path in result.outputs[1:]:
        pid, began = eval(path.read_bytes())  # noqa: S307 - our own repr of a tuple
        assert pid != os.getpid() and half_ended <= began < half_ended + 0.6, path.name


def test_alongside_and_one_by_one_give_the_same_bytes(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    together = build(SEED, ["pdf", "epub", "pptx"], output_dir=tmp_path / "together")
    for path in together.outputs:
        fmt = path.suffix.lstrip(".")
        alone = build(SEED, [fmt], output_dir=tmp_path / fmt).outputs[0]
        assert path.read_bytes() == alone.read_bytes(), fmt


def test_a_zh_hant_edition_of_a_source_not_in_simplified_chinese_is_refused(
        tmp_path: Path) -> None:
    source = tmp_path / "ja.md"
    source.write_text("---\ntitle: 本屋\nlanguage: ja\nspeakers:\n  - {name: 司会, role: host}\n"
                      "  - {name: 店主, role: guest}\n---\n\n# 一\n\n## 話\n\n司会：なぜ？\n\n"
                      "店主：==父の店です。==\n", encoding="utf-8")
    with pytest.raises(PublishError, match=f"^{source}:3:1: error: --variant zh-Hant "
                                           "converts Simplified Chinese; this source's "
                                           "language is 'ja'"):
        build(source, ["pdf"], output_dir=tmp_path / "out", variant="zh-Hant")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("key, message", [
    ("papr", "--option: error: unknown option 'papr' (did you mean 'paper'?)"),
    ("colour", "--option: error: unknown option 'colour' (known: bleed, creep, marks, "
     "paper, shop)"),
])
def test_an_option_no_format_has_is_an_error_before_anything_is_written(
        tmp_path: Path, key: str, message: str) -> None:
    """``--option papr=letter`` was a warning, and the booklet was imposed on A4."""
    with pytest.raises(PublishError) as info:
        build(SEED, ("epub", "print"), output_dir=tmp_path, settings={key: "letter"})
    assert str(info.value) == message
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


def test_an_option_of_a_format_not_built_stays_a_warning(tmp_path: Path) -> None:
    result = build(SEED, ("html",), output_dir=tmp_path, settings={"paper": "letter"})
    assert "warning: option 'paper' is not used by html; it is a setting of print" \
        in result.warnings
    assert [p.name for p in result.outputs] == [f"{SEED.stem}.html"]


def test_a_bleed_without_a_shop_is_said_to_be_ignored() -> None:
    """print reads ``bleed`` only for a shop's file; the imposed booklet has none."""
    said = "print: warning: bleed applies only with shop=true"
    assert any(w.startswith(said) for w in backends.unused_settings(["print"],
                                                                    {"bleed": "5mm"}))
    for formats, settings in ((["print"], {"bleed": "5mm", "shop": "true"}),
                              (["pdf"], {"bleed": "5mm"}), (["print"], {"paper": "a4"})):
        assert not any(w.startswith(said)
                       for w in backends.unused_settings(formats, settings)), settings


def test_paper_and_creep_with_a_shop_are_said_to_be_ignored() -> None:
    """A shop's file is the booklet's own pages, unimposed: no paper, no creep."""
    shop = {"shop": "true", "paper": "letter", "creep": "0.5"}
    said = [w for w in backends.unused_settings(["print"], shop) if w.startswith("print:")]
    assert said == [f"print: warning: {name} applies only to the imposed booklet, not with "
                    "shop=true (a print shop's file has the booklet's own pages, one per "
                    "page, which the shop imposes)" for name in ("paper", "creep")]
    assert not [w for w in backends.unused_settings(["print"], {"paper": "letter",
                                                                "creep": "0.5"})
                if w.startswith("print:")]


def test_a_theme_the_source_names_that_is_not_installed_is_located(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    line = text.split("\n").index("theme: classic") + 1
    source = tmp_path / "fancy.md"
    source.write_text(text.replace("theme: classic", "theme: fancy"), encoding="utf-8")
    with pytest.raises(SourceError) as info:
        build(source, ["epub"], output_dir=tmp_path / "out")
    assert str(info.value).startswith(f"{source}:{line}:1: error: no theme named 'fancy'")
    with pytest.raises(PublishError) as asked:  # --theme: an option, not the source
        build(source, ["epub"], output_dir=tmp_path / "out", theme="nope")
    assert str(asked.value).startswith("error: no theme named 'nope'")


def test_a_warning_two_formats_give_alike_is_reported_once(tmp_path: Path,
                                                           monkeypatch) -> None:
    """The booklet and the handout read one stylesheet: a theme's unknown CSS property
    was reported once by each."""
    theme = tmp_path / "themes" / "warn"
    (theme / "css").mkdir(parents=True)
    (theme / "theme.toml").write_text('name = "warn"\ninherit = "classic"\n', encoding="utf-8")
    (theme / "css" / "print.css").write_text(".cover-title { colr: red; }\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = build(SEED, ["pdf", "handout"], theme="warn", output_dir=tmp_path / "out")
    found = [w for w in result.warnings if "colr: red" in w]
    assert len(found) == 1, result.warnings
