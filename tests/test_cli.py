"""The command line: help, version, exit codes, located errors, no tracebacks."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED
from publish.cli import main


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a fresh process."""
    return subprocess.run([sys.executable, "-m", "publish", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_help_and_version() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("import", "check", "build", "preview", "themes"):
        assert command in result.stdout
    assert run("--version").stdout.startswith("publish ")


@pytest.mark.parametrize("command", ["import", "check", "build", "preview", "themes"])
def test_every_subcommand_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "usage: publish " + command in capsys.readouterr().out


@pytest.mark.parametrize("command", ["build", "preview"])
def test_help_lists_every_variant_the_build_accepts(command: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """``--variant zh-Hant-TW`` was accepted, but the help named zh-Hant alone."""
    from publish.cli import VARIANTS as LISTED
    from publish.text.variant import VARIANTS

    assert LISTED == tuple(v.name for v in VARIANTS.values())
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = "".join(capsys.readouterr().out.split())  # argparse wraps lines at hyphens
    assert "oneofzh-Hant,zh-Hant-TW,zh-Hant-HK:" in text
    assert "<name>.<variant>.<ext>" in text


def test_no_command_prints_help_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage:" in capsys.readouterr().out


def test_check_good_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SEED)]) == 0
    assert "3 parts, 16 topics, 16 exchanges" in capsys.readouterr().err


def test_check_counts_one_of_each_in_the_singular(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "one.md"
    source.write_text("---\ntitle: T\nlanguage: en\nspeakers:\n  - {name: A, role: host}\n"
                      "  - {name: B, role: guest}\n---\n\n# P\n\n## T\n\nA: Q?\n\n"
                      "B: ==Yes.==\n", encoding="utf-8")
    assert main(["check", str(source)]) == 0
    assert f"{source}: ok: 1 part, 1 topic, 1 exchange" in capsys.readouterr().err


def test_check_bad_source_is_located_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: x\nspeakers:\n  - {name: A, role: host}\n"
                   "  - {name: B, role: guest}\n---\n# P\n\n## T\n\nC: hi\n", encoding="utf-8")
    result = run("check", str(bad))
    assert result.returncode == 2
    assert f"{bad}:11:1: error: turn by undeclared speaker 'C'" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_a_full_width_colon_in_the_front_matter_is_located_and_exits_2(
        tmp_path: Path) -> None:
    """'language：ja' on line 5 was 'fw.md:6:1: error: invalid YAML in front matter:
    could not find expected ':'': the wrong line, and no hint."""
    bad = tmp_path / "fw.md"
    bad.write_text("---\ntitle: 本屋\ncompiler: 読書会\nsource: 月刊ブックス\nlanguage：ja\n"
                   "theme: classic\nspeakers:\n  - {name: 聞き手, role: host}\n"
                   "  - {name: 山田, role: guest}\n---\n# P\n", encoding="utf-8")
    result = run("check", str(bad))
    assert result.returncode == 2
    assert result.stderr == (f"{bad}:5:9: error: invalid YAML in front matter: full-width "
                             "colon '：' after 'language'; use an ASCII colon and a space, "
                             "as in language: ja\n")


def test_check_missing_file_and_binary_file(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "nope.md"))
    assert result.returncode == 2 and "cannot read source" in result.stderr
    binary = tmp_path / "bin.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    result = run("check", str(binary))
    assert result.returncode == 2 and "not valid UTF-8" in result.stderr
    assert "Traceback" not in result.stderr


def long_source(folder: Path, key: str = "a" * 200, theme: str = "",
                name: str = "long.md") -> Path:
    """An English interview whose first key sentence is ``key`` (line 15; 16 with a
    ``theme``)."""
    source = folder / name
    source.write_text(
        "---\ntitle: Long\nlanguage: en\n" + (f"theme: {theme}\n" if theme else "") +
        "speakers:\n  - {name: Host, role: host}\n  - {name: Guest, role: guest}\n---\n\n"
        f"# Part 1: Talk\n\n## Beginnings\n\nHost: How did it start?\n\nGuest: =={key}.==\n\n"
        "## Middle\n\nHost: And then?\n\nGuest: ==It went on.==\n", encoding="utf-8")
    return source


def test_check_reports_what_the_deck_cannot_fit_as_build_does(tmp_path: Path) -> None:
    """A key sentence that does not fit its slide is an error of the source: check finds
    it (every one, where build stops at the first), with build's message and place."""
    source = long_source(tmp_path)
    checked = run("check", str(source))
    assert checked.returncode == 2, checked.stderr
    assert checked.stderr.startswith(
        f"{source}:15:1: error: the key sentence of topic 'Beginnings' does not fit its "
        "slide even at 24 pt; mark a shorter ==key sentence==, or let the theme set it "
        "smaller: it fits at ")
    assert ": ok:" not in checked.stderr and "Traceback" not in checked.stderr
    built = run("build", str(source), "-q", "-o", str(tmp_path / "out"))
    assert built.returncode == 2
    assert built.stderr == checked.stderr
    assert not (tmp_path / "out").exists()  # no PDF, no EPUB: the deck failed, nothing written
    # the way out the message names
    size = re.search(r"--set slides.key_min_size=(\d+)", checked.stderr)[1]  # type: ignore
    assert run("check", str(source), "--set", f"slides.key_min_size={size}").returncode == 0
    # a topic title too long: every error, each as build words it
    title = source.read_text(encoding="utf-8").replace("## Middle", "## " + "b" * 300)
    source.write_text(title, encoding="utf-8")
    checked = run("check", str(source))
    built = run("build", str(source), "-q", "-o", str(tmp_path / "out"))
    assert (checked.returncode, built.returncode) == (2, 2)
    assert f"{source}:17:1: error: title '{'b' * 300}' is too long for a slide; shorten it" \
        in checked.stderr.splitlines()
    assert built.stderr.splitlines()[0] in checked.stderr.splitlines()
    assert len(checked.stderr.splitlines()) == 3  # agenda, key sentence, title


def big_theme(folder: Path) -> str:
    """A project theme ``big`` (in ``folder/themes``) whose key sentences are never under
    60 pt, and a key sentence that fits a slide only below that."""
    big = folder / "themes" / "big"
    big.mkdir(parents=True)
    (big / "theme.toml").write_text('name = "big"\ninherit = "classic"\n\n[slides]\n'
                                    "key_min_size = 60\nkey_max_size = 60\n",
                                    encoding="utf-8")
    return ("It started with three raised beds, a borrowed hose and a lot of patience from "
            "the neighbours")


def test_check_uses_the_theme_the_source_would_be_built_with(tmp_path: Path) -> None:
    """The source's ``theme:`` (here a project theme whose key sentences are never under
    60 pt), else ``--theme``; ``--set`` as for build."""
    key = big_theme(tmp_path)
    source = long_source(tmp_path, key=key, theme="big")
    checked = run("check", source.name, cwd=tmp_path)
    assert checked.returncode == 2
    assert "long.md:16:1: error: the key sentence of topic 'Beginnings' does not fit its " \
           "slide even at 60 pt" in checked.stderr
    assert run("check", source.name, "--theme", "classic", cwd=tmp_path).returncode == 0
    assert run("check", source.name, "--set", "slides.key_min_size=24", cwd=tmp_path,
               ).returncode == 0
    # a theme the source names that is not installed: located, as build locates it
    source.write_text(source.read_text(encoding="utf-8").replace("theme: big", "theme: nope"),
                      encoding="utf-8")
    checked = run("check", source.name, cwd=tmp_path)
    assert checked.returncode == 2
    assert checked.stderr.startswith("long.md:4:1: error: no theme named 'nope'")


def test_check_of_a_collection_uses_the_volume_s_theme_as_its_build_does(
        tmp_path: Path) -> None:
    """A member's own ``theme:`` is not the volume's (the first member's): a build of the
    collection never sets the member in it, so neither does its check."""
    key = big_theme(tmp_path)
    long_source(tmp_path, key="It started small", name="first.md")
    long_source(tmp_path, key=key, name="second.md", theme="big")
    series = tmp_path / "series.yaml"
    series.write_text("title: Talks\ncompiler: A club\ninterviews:\n  - first.md\n"
                      "  - second.md\n", encoding="utf-8")
    assert run("check", "second.md", cwd=tmp_path).returncode == 2  # on its own: big
    checked = run("check", series.name, cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert run("build", series.name, "-f", "pptx", "-q", "-o", "out",
               cwd=tmp_path).returncode == 0
    # nor does a theme a later member names that is not installed stop the check
    second = tmp_path / "second.md"
    second.write_text(second.read_text(encoding="utf-8").replace("theme: big", "theme: nope"),
                      encoding="utf-8")
    assert run("check", series.name, cwd=tmp_path).returncode == 0


def test_check_of_a_variant_checks_the_edition_in_its_faces(tmp_path: Path) -> None:
    """``--variant`` checks the converted edition in its own stacks: a project theme whose
    Traditional Chinese faces lack Han characters fails the zh-Hant check only, as it
    fails that build only; a variant a build refuses, check refuses alike."""
    theme = tmp_path / "themes" / "latin-tc"
    theme.mkdir(parents=True)
    (theme / "theme.toml").write_text('name = "latin-tc"\ninherit = "classic"\n\n[fonts]\n'
                                      'body_tc = ["DejaVu Serif"]\n', encoding="utf-8")
    seed = tmp_path / "seed.md"
    seed.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    plain = run("check", seed.name, "--theme", "latin-tc", cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr
    checked = run("check", seed.name, "--theme", "latin-tc", "--variant", "zh-Hant",
                  cwd=tmp_path)
    built = run("build", seed.name, "--theme", "latin-tc", "--variant", "zh-Hant", "-f",
                "pptx", "-q", "-o", "out", cwd=tmp_path)
    assert (checked.returncode, built.returncode) == (2, 2)
    assert built.stderr.splitlines()[0] in checked.stderr.splitlines()
    assert "no font in the theme's 'body' stack has a glyph for" in checked.stderr
    ok = run("check", seed.name, "--variant", "zh-Hant", cwd=tmp_path)
    assert ok.returncode == 0 and "seed.md: ok (zh-Hant edition):" in ok.stderr
    series = tmp_path / "series.yaml"
    series.write_text("title: T\ninterviews:\n  - seed.md\n", encoding="utf-8")
    for source in (series.name, seed.name):
        refused = run("check", source, "--variant", "zh-Hant" if source != seed.name
                      else "zh-Hans", cwd=tmp_path)
        assert refused.returncode == 2, refused.stderr
        built = run("build", source, "--variant", "zh-Hant" if source != seed.name
                    else "zh-Hans", "-o", "out", cwd=tmp_path)
        assert refused.stderr.partition(";")[0] == built.stderr.partition(";")[0]


def test_check_of_a_collection_checks_each_interview_and_the_volume(tmp_path: Path) -> None:
    good = long_source(tmp_path, key="It started small", name="good.md")
    bad = long_source(tmp_path, name="bad.md")
    series = tmp_path / "series.yaml"
    series.write_text("title: Talks\ncompiler: A club\ninterviews:\n  - good.md\n"
                      "  - bad.md\n", encoding="utf-8")
    checked = run("check", str(series))
    assert checked.returncode == 2
    assert checked.stderr.count(f"{bad}:15:1: error: the key sentence of topic "
                                "'Beginnings' does not fit") == 1  # alone and in the volume
    built = run("build", str(series), "-q", "-o", str(tmp_path / "out"))
    assert built.returncode == 2 and built.stderr.splitlines()[0] in checked.stderr
    bad.write_text(good.read_text(encoding="utf-8"), encoding="utf-8")
    checked = run("check", str(series))
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.splitlines()[-3:] == [
        f"{good}: ok: 1 part, 2 topics, 2 exchanges",
        f"{bad}: ok: 1 part, 2 topics, 2 exchanges", f"{series}: ok: 2 interviews"]


def test_themes_lists_installed_themes() -> None:
    result = run("themes")
    assert result.returncode == 0
    assert "classic" in result.stdout and "modern" in result.stdout


def test_unknown_format_says_what_is_available(tmp_path: Path) -> None:
    result = run("build", str(SEED), "--format", "docx", "--output-dir", str(tmp_path))
    assert result.returncode == 2
    assert "unknown or unavailable format 'docx' (available:" in result.stderr
    assert result.stderr.rstrip().endswith(", or all)")


@pytest.mark.parametrize("asked, meant", [("pfd", "pdf"), ("web", "html"), ("slides", "pptx")])
def test_a_format_nearly_named_or_called_otherwise_is_suggested(
        tmp_path: Path, asked: str, meant: str) -> None:
    result = run("build", str(SEED), "--format", f"epub,{asked}", "-o", str(tmp_path))
    assert result.returncode == 2
    assert f"format '{asked}'; did you mean '{meant}'? (available: " in result.stderr
    assert not any(tmp_path.iterdir())


def test_an_epub_build_never_imports_the_pdf_backend(tmp_path: Path) -> None:
    """Checking the format names must not import a backend: the handout lives inside the
    PDF backend's package, and finding it used to import WeasyPrint (0.2 s) for every
    build, an EPUB-only one too."""
    script = ("import json, sys\nfrom publish.cli import main\n"
              f"status = main(['build', {str(SEED)!r}, '-f', 'epub', '-q', '-o', "
              f"{str(tmp_path)!r}])\n"
              "print(json.dumps([status, sorted(m for m in ('weasyprint', "
              "'publish.backends.pdf') if m in sys.modules)]))\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[0, []]"
    assert (tmp_path / f"{SEED.stem}.epub").is_file()


def test_unknown_theme_is_a_clear_error(tmp_path: Path) -> None:
    result = run("build", str(SEED), "--format", "pdf", "--theme", "nope",
                 "--output-dir", str(tmp_path))
    assert result.returncode == 2
    assert "no theme named 'nope'" in result.stderr and "Traceback" not in result.stderr


def test_build_shows_timed_steps_and_quiet_shows_nothing(tmp_path: Path) -> None:
    result = run("build", str(SEED), "--format", "epub", "--output-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    steps = result.stderr.splitlines()
    assert re.fullmatch(r" +\d+ ms  read, check and copy-edit source \(typography: auto\)",
                        steps[0])
    assert re.fullmatch(rf" +\d+ ms  epub: {re.escape(str(tmp_path))}/{SEED.stem}\.epub "
                        r"\(\d+ KB\)", steps[-2])
    assert re.fullmatch(r"publish: built 1 file\(s\) in \d+\.\d\d s", steps[-1])
    quiet = run("build", str(SEED), "--format", "epub", "--output-dir", str(tmp_path), "-q")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    assert (tmp_path / f"{SEED.stem}.epub").is_file()


def test_unwritable_output_is_exit_2_not_an_internal_error(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    result = run("build", str(SEED), "--format", "epub", "--output-dir", str(blocker), "-q")
    assert result.returncode == 2, result.stderr
    assert result.stderr == (f"{blocker}/{SEED.stem}.epub: error: cannot write there: "
                             f"{blocker} is not a folder\n")
    result = run("import", str(SEED.with_suffix(".txt")), "-o", str(blocker / "x.md"))
    assert result.returncode == 2 and "error: cannot write" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_internal_errors_are_one_line_and_exit_1(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("boom")

    monkeypatch.setattr("publish.check.prepare", broken)
    assert main(["check", str(SEED)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: ValueError: boom" in err


def test_output_is_complete_when_the_process_exits_early() -> None:
    """The entry point skips interpreter teardown (os._exit): everything printed to a
    pipe must still arrive, to the last byte."""
    from conftest import SEED_RAW
    from publish.source.importer import import_bytes

    result = run("import", str(SEED_RAW))
    assert result.returncode == 0
    expected = import_bytes(SEED_RAW.read_bytes(), str(SEED_RAW)).markdown
    assert result.stdout == expected
    assert "3 parts, 16 topics, 16 exchanges" in result.stderr


# -- import: never lose a file, clear errors on bad transcripts --------------------------

TRANSCRIPT = "A Talk\nHost: Why?\nGuest: Because.\nHost: How?\nGuest: Slowly.\n"


def test_import_never_writes_over_the_transcript_or_an_existing_file(tmp_path: Path) -> None:
    raw = tmp_path / "c3.txt"
    raw.write_text(TRANSCRIPT, encoding="utf-8")
    result = run("import", str(raw), "-o", str(raw))
    assert result.returncode == 2 and "the output is the transcript itself" in result.stderr
    assert raw.read_text(encoding="utf-8") == TRANSCRIPT
    edited = tmp_path / "c3.md"
    edited.write_text("my edits", encoding="utf-8")
    result = run("import", str(raw), "-o", str(edited))
    assert result.returncode == 2 and "--force" in result.stderr
    assert edited.read_text(encoding="utf-8") == "my edits"
    result = run("import", str(raw), "-o", str(edited), "--force")
    assert result.returncode == 0 and edited.read_text(encoding="utf-8").startswith("---\n")


def test_import_output_names_a_file_not_a_folder(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A folder after -o is refused with the file meant, --force or not; a file in
    folders that do not exist yet is written, as build creates its --output-dir."""
    raw = tmp_path / "c3.txt"
    raw.write_text(TRANSCRIPT, encoding="utf-8")
    folder = tmp_path / "drafts"
    folder.mkdir()
    for output, extra in ((folder, []), (folder, ["--force"]), (tmp_path / "new", [])):
        assert main(["import", str(raw), "-o", f"{output}/", *extra]) == 2
        assert capsys.readouterr().err == (f"{output}/: error: -o names a folder; give the "
                                           f"source file to write (e.g. -o {output}/c3.md)\n")
    assert list(folder.iterdir()) == [] and not (tmp_path / "new").exists()
    assert main(["import", str(raw), "-o", str(folder)]) == 2
    assert f"(e.g. -o {folder}/c3.md)" in capsys.readouterr().err
    deep = tmp_path / "a" / "b" / "c3.md"
    assert main(["import", str(raw), "-o", str(deep)]) == 0
    assert deep.read_text(encoding="utf-8").startswith("---\n")


def test_importing_a_source_is_refused(tmp_path: Path) -> None:
    result = run("import", str(SEED), "-o", str(tmp_path / "again.md"))
    assert result.returncode == 2
    assert f"{SEED}:1:1: error: this file is already a source" in result.stderr
    assert not (tmp_path / "again.md").exists()


@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", ":1:1: error: empty transcript"),
    ("blank.txt", b"\n \n", ":1:1: error: empty transcript"),
    ("one.txt", b"Title\nHost: a?\nHost: b?\n", ":1:1: error: no speakers found"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\xff\xfe", "error:"),
    ("long.txt", b"Title\n" + "\u5b57".encode() * 1_700_000, "error: no speakers found"),
    ("unpaired.txt", b"T\nHost: a\nHost: b\nGuest: c\n", "error: no question"),
])
def test_bad_transcripts_get_located_errors_and_exit_2(tmp_path: Path, name: str,
                                                       data: bytes, message: str) -> None:
    """Empty, one speaker, binary, a 5 MB single line, a host whose only question comes
    last: a located error, exit 2, no traceback, no output file."""
    path = tmp_path / name
    path.write_bytes(data)
    if name == "unpaired.txt":  # 'Guest' hosts: its one question has no answer
        result = run("import", str(path), "--speakers", "Guest,Host", "-o",
                     str(tmp_path / "out.md"))
    else:
        result = run("import", str(path), "-o", str(tmp_path / "out.md"))
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and str(path) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.md").exists()
