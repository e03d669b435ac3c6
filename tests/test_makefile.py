"""``make all``: what is out of date is built by one ``publish build``, PDF first; nothing
is built when nothing changed; ``make pdf`` builds the PDF alone."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, SEED

# make's own bootstrap (pip, apt) must have run already: a test never installs anything.
BOOTSTRAPPED = all((ROOT / ".venv" / stamp).is_file() for stamp in (".installed", ".system-ok"))
pytestmark = pytest.mark.skipif(shutil.which("make") is None or not BOOTSTRAPPED,
                                reason="needs make, and the venv bootstrapped by make")


def make(*args: str, **extra: str) -> list[str]:
    """Run make in the project (``extra``: more environment); the publish commands it ran
    (its echoed recipe lines)."""
    env = {key: value for key, value in os.environ.items()  # not the flags of a make
           if key not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}  # running these tests
    env["SOURCE_DATE_EPOCH"] = "1700000000"
    env.update(extra)
    keep = ["-o", ".venv/.installed", "-o", ".venv/.system-ok"]  # never reinstall here
    result = subprocess.run(["make", "--no-print-directory", *keep, *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if "publish build" in line]


def test_make_all_builds_what_is_stale_in_one_command(tmp_path: Path) -> None:
    source = tmp_path / SEED.name
    shutil.copy(SEED, source)
    out = tmp_path / "out"
    where = (f"SOURCE={source}", f"OUT={out}")

    ran = make("all", *where)
    assert len(ran) == 1 and ran[0].endswith("--format pdf,epub,pptx")
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == [f"{source.stem}{s}" for s in (".epub", ".pdf", ".pptx")]

    assert make("all", *where) == []  # nothing changed: nothing built
    (out / f"{source.stem}.epub").unlink()
    (out / f"{source.stem}.pdf").unlink()
    assert [r.split("--format ")[-1] for r in make("all", *where)] == ["pdf,epub"]
    assert not list(out.glob(".*.pending"))

    os.utime(source)  # edited: `make pdf` rebuilds the PDF alone
    ran = make("pdf", *where)
    assert len(ran) == 1 and ran[0].endswith("--format pdf")
    assert [r.split("--format ")[-1] for r in make("all", *where)] == ["epub,pptx"]


def test_a_theme_in_publish_themes_is_tracked_as_the_project_s_are(tmp_path: Path) -> None:
    """A theme found through $PUBLISH_THEMES: editing it rebuilds, as editing one in
    themes/ does."""
    theme = tmp_path / "themes-elsewhere" / "ext"
    theme.mkdir(parents=True)
    (theme / "theme.toml").write_text('name = "ext"\ninherit = "classic"\n', encoding="utf-8")
    source = tmp_path / SEED.name
    shutil.copy(SEED, source)
    where = (f"SOURCE={source}", f"OUT={tmp_path / 'out'}", "THEME=ext")
    folders = {"PUBLISH_THEMES": f"{tmp_path / 'nowhere'}:{theme.parent}"}
    assert len(make("html", *where, **folders)) == 1
    assert make("html", *where, **folders) == []
    (theme / "theme.toml").write_text('name = "ext"\ninherit = "classic"\n\n[palette]\n'
                                      'accent = "#2f6b3a"\n', encoding="utf-8")
    assert len(make("html", *where, **folders)) == 1


def test_a_collection_is_rebuilt_when_one_of_its_interviews_changes(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "a.md")
    shutil.copy(SEED, tmp_path / "b.md")
    collection = tmp_path / "series.yaml"
    collection.write_text("title: 合集\ninterviews:\n  - a.md\n  - \"b.md\"\n",
                          encoding="utf-8")
    out = tmp_path / "out"
    where = (f"SOURCE={collection}", f"OUT={out}")
    ran = make("pdf", *where)
    assert len(ran) == 1 and ran[0].endswith("--format pdf")
    assert (out / "series.pdf").is_file()
    assert make("pdf", *where) == []
    os.utime(tmp_path / "b.md")  # a member edited (its entry quoted in the YAML)
    assert len(make("pdf", *where)) == 1
    ran = make("handout", *where)
    assert len(ran) == 1 and ran[0].endswith("--format handout")
    assert {p.name for p in out.glob("*.handout.pdf")} == {"a.handout.pdf", "b.handout.pdf"}
    assert make("handout", *where) == []


def test_make_preview_passes_force_and_options_as_the_builds_do() -> None:
    """``make preview FORCE=1`` dropped the --force ``make pdf`` passes; OPTIONS go to
    ``publish preview --option`` as to the print build's."""
    def dry_run(*args: str) -> subprocess.CompletedProcess:
        keep = ["-o", ".venv/.installed", "-o", ".venv/.system-ok"]
        return subprocess.run(["make", "-n", "--no-print-directory", *keep, "preview", *args],
                              cwd=ROOT, capture_output=True, text=True, timeout=60,
                              check=True)

    forced = dry_run("FORCE=1", "THEME=modern", "OPTIONS=paper=letter")
    command = " ".join(forced.stdout.replace("\\\n", " ").split())
    assert "publish preview" in command
    assert "--theme modern --option paper=letter --force --output-dir" in command
    plain = dry_run()
    assert "--force" not in plain.stdout and "--option" not in plain.stdout


def test_a_missing_source_is_said_so() -> None:
    """make's own "No rule to make target" did not say which file was missing."""
    result = subprocess.run(["make", "-n", "--no-print-directory", "all",
                             "SOURCE=seeds/nosuch.md"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode != 0
    assert "SOURCE=seeds/nosuch.md: no such file" in result.stderr

