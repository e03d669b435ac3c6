"""``publish preview``: the real command on a free port of 127.0.0.1, driven like a user.

One preview runs for the module (its first build warms the worker); the tests edit a copy
of the seed and watch the page in headless Chromium and the PDF as served.  The last test
stops it with Ctrl-C (SIGINT).
"""

from __future__ import annotations

import http.client
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

from chromium import PHONE, Chromium, ChromiumError
from conftest import ROOT, SEED, require

STEM = "interview"
# How long a test waits for an edit to show.  The bound (<= 1 s from a save to the
# page and to the PDF) is a speed, and speeds are measured in bench/ (bench_preview.py),
# never asserted here: on a loaded machine a correct preview can take longer.
PATIENCE = 15.0


class Running:
    """A ``publish preview`` process and what it printed."""

    def __init__(self, folder: Path) -> None:
        self.source = folder / f"{STEM}.md"
        shutil.copy(SEED, self.source)
        self.out = folder / "out"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "publish", "preview", str(self.source), "--port", "0",
             "--no-browser", "--output-dir", str(self.out)],
            cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True)
        first = self.process.stderr.readline()  # type: ignore[union-attr]
        match = re.search(r"serving http://127\.0\.0\.1:(\d+)/", first)
        assert match, first
        self.port = int(match.group(1))
        self.lines: list[str] = [first]
        threading.Thread(target=self._drain, daemon=True).start()
        self.wait_for(lambda: all((self.out / f"{STEM}{s}").is_file()
                                  for s in (".html", ".pdf", ".epub", ".pptx")), 120)

    def _drain(self) -> None:
        for line in self.process.stderr:  # type: ignore[union-attr]
            self.lines.append(line)

    def get(self, path: str) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, data

    def edit(self, old: str, new: str) -> float:
        """Replace ``old`` in the source as an editor saves; the time of the save."""
        text = self.source.read_text(encoding="utf-8")
        assert old in text
        saved = time.monotonic()
        self.source.write_text(text.replace(old, new, 1), encoding="utf-8")
        return saved

    @staticmethod
    def wait_for(condition, seconds: float, step: float = 0.01) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(step)
        return condition()


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    running = Running(tmp_path_factory.mktemp("preview"))
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


@pytest.fixture(scope="module")
def page(preview: Running) -> Iterator[Chromium]:
    with Chromium() as chromium:
        chromium.open(f"http://127.0.0.1:{preview.port}/", *PHONE)
        yield chromium


def read(page: Chromium, expression: str) -> str:
    """A string the page gives, or "" while it is between two loads."""
    try:
        return page.evaluate(f"(() => {{ try {{ return {expression}; }} catch (e) "
                             "{ return ''; } })()") or ""
    except ChromiumError:  # the page's context went away under the call (a reload)
        return ""


BODY = "document.body.innerText"
ALERT = "document.querySelector('[role=alert]').innerText"


def pdf_text(data: bytes, folder: Path) -> str:
    path = folder / "served.pdf"
    path.write_bytes(data)
    return subprocess.run([require("pdftotext", "poppler-utils"), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_serves_the_page_and_the_outputs(preview: Running) -> None:
    status, body = preview.get("/")
    assert status == 200
    assert b'<html lang="zh-CN">' in body and b"/_preview/events" in body
    for suffix, magic in ((".pdf", b"%PDF-"), (".epub", b"PK"), (".pptx", b"PK")):
        status, data = preview.get(f"/{STEM}{suffix}")
        assert status == 200 and data.startswith(magic)
        assert f'href="/{STEM}{suffix}"'.encode() in body
    # the file on disk is the web edition as `build --format html` writes it
    assert b"/_preview/events" not in (preview.out / f"{STEM}.html").read_bytes()


@pytest.mark.parametrize("path", ["/../interview.md", "/..%2finterview.md",
                                  "/%2e%2e/%2e%2e/etc/passwd", "/out/", "//etc/passwd",
                                  "/.publish-preview", f"/{STEM}.md", "/nothing.pdf"])
def test_nothing_else_is_served(preview: Running, path: str) -> None:
    status, body = preview.get(path)
    assert status == 404
    assert b"Index of" not in body


def test_listens_on_this_machine_only(preview: Running) -> None:
    listening = subprocess.run(["ss", "-Hltn", f"sport = :{preview.port}"],
                               capture_output=True, text=True).stdout \
        if shutil.which("ss") else f"127.0.0.1:{preview.port}"
    assert f"127.0.0.1:{preview.port}" in listening
    assert f"0.0.0.0:{preview.port}" not in listening


def test_an_edit_reaches_the_open_page_and_the_pdf(preview: Running, page: Chromium,
                                                  tmp_path: Path) -> None:
    marker = "预览即时可见"
    saved = preview.edit("最近看了", f"最近看了{marker}")
    # the open page reloads itself (server-sent event), with no action of ours
    assert preview.wait_for(lambda: marker in read(page, BODY), PATIENCE)
    on_page = time.monotonic() - saved
    assert preview.wait_for(lambda: marker in pdf_text(preview.get(f"/{STEM}.pdf")[1],
                                                       tmp_path), PATIENCE)
    in_pdf = time.monotonic() - saved
    print(f"save -> page {on_page:.2f} s, save -> PDF served {in_pdf:.2f} s")


def test_errors_are_shown_located_and_the_last_good_outputs_stay(
        preview: Running, page: Chromium) -> None:
    good_pdf = preview.get(f"/{STEM}.pdf")[1]
    preview.edit("title:", "tittle:")
    try:
        assert preview.wait_for(lambda: b'role="alert"' in preview.get("/")[1], PATIENCE)
        assert preview.wait_for(lambda: "error: missing title" in read(page, ALERT),
                                PATIENCE)
        assert re.search(rf"{re.escape(str(preview.source))}:1:1: error: missing title",
                         read(page, ALERT))
        assert "最近看了" in read(page, BODY)  # the last good page
        top = page.evaluate(
            "document.querySelector('[role=alert]').getBoundingClientRect().top")
        assert 0 <= top < PHONE[1]  # in view, wherever the reloaded page kept its place
        assert preview.get(f"/{STEM}.pdf")[1] == good_pdf
    finally:
        preview.edit("tittle:", "title:")
    assert preview.wait_for(lambda: b'role="alert"' not in preview.get("/")[1], PATIENCE)
    assert preview.wait_for(lambda: read(page, ALERT) == "" and
                            "最近看了" in read(page, BODY), PATIENCE)


def test_a_theme_file_change_rebuilds(preview: Running, tmp_path: Path) -> None:
    """The themes' folders are watched too (here: a theme file rewritten as it was)."""
    css = ROOT / "themes" / "classic" / "css" / "web.css"
    before = (preview.out / f"{STEM}.html").stat().st_mtime_ns
    css.write_bytes(css.read_bytes())
    assert preview.wait_for(
        lambda: (preview.out / f"{STEM}.html").stat().st_mtime_ns != before, PATIENCE)


def test_ctrl_c_stops_cleanly(preview: Running) -> None:
    preview.process.send_signal(signal.SIGINT)
    assert preview.process.wait(timeout=20) == 0
    time.sleep(0.2)
    text = "".join(preview.lines)
    assert "publish preview: stopped" in text
    assert "Traceback" not in text
    with pytest.raises(OSError):
        preview.get("/")


def test_a_folder_of_other_files_is_not_written_into(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / f"{STEM}.pdf").write_bytes(b"my own file")
    source = tmp_path / f"{STEM}.md"
    shutil.copy(SEED, source)
    result = subprocess.run([sys.executable, "-m", "publish", "preview", str(source),
                             "--port", "0", "--no-browser", "--output-dir", str(folder)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "did not write" in result.stderr and "Traceback" not in result.stderr
    assert (folder / f"{STEM}.pdf").read_bytes() == b"my own file"


@pytest.mark.parametrize("args, message", [
    ([str(ROOT / "seeds" / "series.yaml")], "a collection has none"),
    ([str(SEED), "--format", "handout"], "not handout; build it with `publish build`"),
    ([str(SEED), "--option", "papr=letter"], "unknown option 'papr' (did you mean 'paper'?)"),
])
def test_what_it_cannot_serve_is_refused_before_it_starts(capsys, args, message) -> None:
    """A collection used to start serving, then show an error page; a handout was built
    but never linked."""
    from publish.cli import main

    assert main(["preview", *args, "--no-browser", "--port", "0"]) == 2
    assert message in capsys.readouterr().err


def test_a_source_with_errors_from_the_start_is_said_to_have_built_nothing() -> None:
    """The page spoke of 'the last good build' when there had been none, and its bar
    showed empty links ('preview ·  · build failed')."""
    from publish.preview.page import served

    page = served(None, 1, ["s.md:3:1: error: bad"], [], "build failed").decode("utf-8")
    assert "nothing is built yet" in page and "last good build" not in page
    assert "·  ·" not in page
    shown = served(b"<html><body><p>x</p></body></html>", 2, ["s.md:3:1: error: bad"],
                   [("PDF", "s.pdf")], "build failed").decode("utf-8")
    assert "last good build" in shown and '<a href="/s.pdf">PDF</a>' in shown


def test_the_options_reach_the_formats_that_read_them(tmp_path: Path) -> None:
    """``--option paper=letter`` imposes the preview's print sheets on Letter; the page's
    own build (the first stage) is given none, so it warns of none."""
    import io
    import json

    from publish.preview.worker import build_once, read_by

    assert read_by(["html"], {"paper": "letter"}) == {}
    source = tmp_path / f"{STEM}.md"
    shutil.copy(SEED, source)
    config = {"source": str(source), "formats": ["print"], "theme": None, "variant": "",
              "output_dir": str(tmp_path / "out"), "overrides": {}, "force": False,
              "settings": {"paper": "letter"}}
    report = io.StringIO()
    assert build_once(config, report, warm=False)
    done = [json.loads(line) for line in report.getvalue().splitlines()][-1]
    assert done["done"] and done["warnings"] == []
    require("pdfinfo", "poppler-utils")
    info = subprocess.run(["pdfinfo", str(tmp_path / "out" / f"{STEM}.print.pdf")],
                          capture_output=True, text=True, check=True).stdout
    assert "792 x 612 pts (letter)" in info  # two pages to a landscape sheet

