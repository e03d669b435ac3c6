"""A theme's own template that fails is the theme's error, located
(``publish.template_errors``), never an internal error of publish."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED

BASE = ROOT / "themes" / "base" / "templates"


def broken_theme(folder: Path, template: str, old: str, new: str) -> Path:
    """A project theme ``broken`` whose copy of ``template`` has ``old`` replaced."""
    theme = folder / "themes" / "broken"
    (theme / "templates" / template).parent.mkdir(parents=True)
    (theme / "theme.toml").write_text('name = "broken"\ninherit = "classic"\n',
                                      encoding="utf-8")
    text = (BASE / template).read_text(encoding="utf-8")
    assert old in text
    path = theme / "templates" / template
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in line)


@pytest.mark.parametrize("template, old, new, fmt, kind", [
    ("partials/topic.html", "{% endfor %}", "{% endfro %}", "epub", "syntax error"),
    ("pdf/cover.html", "if meta.subtitle", "if meta.subtitel", "pdf", "error"),
])
def test_a_template_error_is_located_in_the_theme(tmp_path: Path, template: str, old: str,
                                                  new: str, fmt: str, kind: str) -> None:
    path = broken_theme(tmp_path, template, old, new)
    shutil.copy(SEED, tmp_path / "talk.md")
    result = subprocess.run([sys.executable, "-m", "publish", "build", "talk.md", "-t",
                             "broken", "-f", fmt, "-o", "out", "-q"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    line = line_of(path, new)
    assert f"{path}:{line}:1: error: template {kind}: " in result.stderr, result.stderr
    assert "internal error" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_malformed_xhtml_names_the_epub_template(tmp_path: Path) -> None:
    path = broken_theme(tmp_path, "epub/titlepage.xhtml", "</h1>", "<br></h1>")
    shutil.copy(SEED, tmp_path / "talk.md")
    result = subprocess.run([sys.executable, "-m", "publish", "build", "talk.md", "-t",
                             "broken", "-f", "epub", "-o", "out", "-q"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"{path}:1:1: error: the template makes malformed XHTML "
                                    "(xhtml/titlepage.xhtml, line ")
    assert "<br/>, not <br>" in result.stderr


def test_check_renders_a_themes_own_templates(tmp_path: Path) -> None:
    """``publish check`` finds every broken template a theme brings, each at its line,
    with no output written, where a build stops at the first."""
    syntax = broken_theme(tmp_path, "partials/topic.html", "{% endfor %}", "{% endfro %}")
    undefined = tmp_path / "themes" / "broken" / "templates" / "pdf" / "handout.html"
    undefined.parent.mkdir(parents=True)
    text = (BASE / "pdf" / "handout.html").read_text(encoding="utf-8")
    undefined.write_text(text.replace("meta.title", "meta.titel", 1), encoding="utf-8")
    shutil.copy(SEED, tmp_path / "talk.md")
    result = subprocess.run([sys.executable, "-m", "publish", "check", "talk.md", "-t",
                             "broken"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert f"{syntax}:{line_of(syntax, 'endfro')}:1: error: template syntax error: " \
        "Encountered unknown tag 'endfro'." in result.stderr
    assert any(line.startswith(f"{undefined}:{line_of(undefined, 'titel')}:1: error: "
                               "template error: ") and "'titel'" in line for line in lines)
    assert len([line for line in lines if "endfro" in line]) == 1  # four formats, one error
    assert not (tmp_path / "output").exists()


def test_check_with_shipped_templates_lays_nothing_out() -> None:
    """The shipped templates are tested: checking with them renders no markup, so a
    check stays quick (WeasyPrint is not even imported)."""
    probe = ("import sys; from publish.check import check; check(sys.argv[1]); "
             "print('weasyprint' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe, str(SEED)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
