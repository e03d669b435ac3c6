"""WeasyPrint's log records as build warnings (``publish.backends.pdf.logs``): a
theme's stylesheet problem is located at its file, line and column."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import SEED

from publish.backends.pdf.logs import LOGGER_NAME, captured_warnings, located, sheet


def test_a_message_with_a_position_is_located_at_the_sheet() -> None:
    path = Path("/themes/mine/css/print.css")
    assert located("Ignored `colr: red` at 84:10, unknown property.", path) == \
        f"{path}:84:10: warning: Ignored `colr: red`, unknown property."
    assert located("Parse error at 3:1: EOF reached", path) == \
        f"{path}:3:1: warning: Parse error: EOF reached"


def test_a_message_without_a_position_still_names_the_sheet() -> None:
    path = Path("print.css")
    assert located("Invalid or unsupported selector, 'p::x'", path) == \
        "print.css: warning: Invalid or unsupported selector, 'p::x'"


def test_outside_a_sheet_the_message_is_the_pdf_backends() -> None:
    assert located("Anchor defined twice: 'a'", None) == \
        "pdf: warning: weasyprint: Anchor defined twice: 'a'"


def test_only_records_inside_the_block_name_the_sheet() -> None:
    warnings: list[str] = []
    logger = logging.getLogger(LOGGER_NAME)
    with captured_warnings(warnings):
        with sheet(Path("a.css")):
            logger.warning("Ignored `x: 1` at %d:%d, unknown property.", 2, 5)
        logger.warning("Ignored `y: 1` at %d:%d, unknown property.", 7, 1)
    assert warnings == ["a.css:2:5: warning: Ignored `x: 1`, unknown property.",
                        "pdf: warning: weasyprint: Ignored `y: 1` at 7:1, unknown property."]


def test_a_themes_unknown_property_is_one_located_warning(tmp_path: Path) -> None:
    """The booklet and the handout both read ``print.css``: one warning, at its line."""
    theme = tmp_path / "themes" / "mine"
    (theme / "css").mkdir(parents=True)
    (theme / "theme.toml").write_text('name = "mine"\ninherit = "classic"\n',
                                      encoding="utf-8")
    css = theme / "css" / "print.css"
    css.write_text("p { color: black; }\n\n.topic {\n  colr: red;\n}\n", encoding="utf-8")
    shutil.copy(SEED, tmp_path / "talk.md")
    result = subprocess.run([sys.executable, "-m", "publish", "build", "talk.md", "-t",
                             "mine", "-f", "pdf,handout", "-o", "out", "-q"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    mentions = [line for line in result.stderr.splitlines() if "colr" in line]
    assert mentions == [f"{css}:4:3: warning: Ignored `colr: red`, unknown property."]


def test_check_reports_what_the_build_would_of_a_themes_stylesheet(tmp_path: Path) -> None:
    """``publish check`` says what a build says of a theme's own stylesheet and of a
    first font that is not installed, before anything is laid out."""
    theme = tmp_path / "themes" / "mine"
    (theme / "css").mkdir(parents=True)
    (theme / "theme.toml").write_text('name = "mine"\ninherit = "classic"\n[fonts]\n'
                                      'body = ["Missing Font XYZ", "Noto Serif CJK SC"]\n',
                                      encoding="utf-8")
    css = theme / "css" / "handout.css"
    css.write_text(".handout-title {\n  colr: red;\n}\n", encoding="utf-8")
    shutil.copy(SEED, tmp_path / "talk.md")
    result = subprocess.run([sys.executable, "-m", "publish", "check", "talk.md", "-t",
                             "mine"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"{css}:2:3: warning: Ignored `colr: red`, unknown property." in result.stderr
    assert "font 'Missing Font XYZ', first in the theme's 'body' stack, is not installed" \
        in result.stderr
