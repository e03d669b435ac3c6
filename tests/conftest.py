"""Shared fixtures: the seed interview, themes, and text normalisation for
"nothing lost" checks against real artefacts."""

from __future__ import annotations

import re
import shutil
import threading
import time
import unicodedata
from pathlib import Path

import pytest

from publish.model import Interview
from publish.source import load
from publish.theme import Theme, load_theme

ROOT = Path(__file__).resolve().parents[1]
SEED_RAW = ROOT / "seeds" / "deepseek-liang-wenfeng-interview.txt"
SEED = ROOT / "seeds" / "deepseek-liang-wenfeng-interview.md"
THEMES = ROOT / "themes"


def squash(text: str) -> str:
    """Normalise for text comparison: NFKC (fullwidth/halfwidth), no whitespace at all.

    PDF text extraction breaks lines anywhere and readers reflow, so whitespace carries
    no information when asking "did every character arrive?".
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def sentences(text: str) -> list[str]:
    """Split text into sentences at Chinese/Latin sentence ends and line breaks."""
    parts = re.split(r"(?<=[。！？!?；;])|\n", text)
    return [p.strip() for p in parts if squash(p)]


def model_sentences(interview: Interview) -> list[str]:
    """Every sentence of every paragraph, heading and metadata string of the model."""
    out: list[str] = []
    for text in interview.texts():
        out += sentences(text)
    return out


def end_thread(thread: threading.Thread, patience: float = 10.0) -> None:
    """Join ``thread``, then wait until the kernel has let its task go too.

    ``join`` returns once the thread's Python code is done, a moment before the thread
    itself exits; on a busy machine that moment lasts long enough for the next test's
    fork to find two threads and refuse (``child.single_threaded``), as a threaded
    process must.  So a test that made a thread ends only when it is gone for good.
    """
    from publish.child import single_threaded

    thread.join()
    deadline = time.monotonic() + patience
    while not single_threaded() and time.monotonic() < deadline:
        time.sleep(0.005)
    assert single_threaded(), "a thread outlived the test that made it"


def one_part(folder: Path, body: str, title: str = "本屋", language: str = "",
             host: str = "主持人", guest: str = "嘉宾", front: str = "",
             part: str = "一") -> Interview:
    """A source of one part with ``body`` (its topics and turns) and more ``front``
    matter lines, written to ``folder`` and read back: for the tests of how a few turns
    are rendered."""
    path = folder / "talk.md"
    lang = f"language: {language}\n" if language else ""
    path.write_text(f"---\ntitle: {title}\n{lang}{front}speakers:\n  - {{name: {host}, role: host}}\n"
                    f"  - {{name: {guest}, role: guest}}\n---\n\n# {part}\n\n{body}\n",
                    encoding="utf-8")
    interview, _ = load(path)
    return interview


def require(tool: str, package: str) -> str:
    """The path of a validator the suite needs; fail (never skip) when it is missing.

    ``make test`` installs every validator, so a missing one is a broken set-up that must
    not pass quietly as skipped tests.
    """
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is not installed (Debian: {package}); run the tests with "
                    "`make test`, which installs it")
    return path


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed() -> Interview:
    interview, _ = load(SEED)
    return interview


@pytest.fixture(scope="session")
def classic() -> Theme:
    return load_theme("classic", root=THEMES)


@pytest.fixture(scope="session")
def modern() -> Theme:
    return load_theme("modern", root=THEMES)
