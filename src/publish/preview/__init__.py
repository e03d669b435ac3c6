"""``publish preview``: build, serve, watch, rebuild on save, reload the open page.

Three parts, one process each where it matters:

- ``worker``: the warm build process (single-threaded, so it can fork the PDF aside);
- ``server``: the HTTP server, in a thread of this process;
- this module: starts both, watches the source and the theme's folders (``watchfiles``:
  inotify on Linux, the platform's own notification elsewhere), asks the worker for a
  build on every change and turns its reports into what the server shows.

Outputs go to a folder of the preview's own (``output/preview`` by default), marked as
the preview's by a ``.publish-preview`` file: a folder holding anything else is refused
without ``--force``; and each build in it, as any build, replaces only the outputs it wrote
(``store.ownership``), so a deck edited and saved there is kept.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TextIO

from .. import backends
from ..diagnostics import PublishError
from .server import Server, State, start
from .watch import watched

MARKER = ".publish-preview"
LABELS = {"pdf": "PDF", "epub": "EPUB", "pptx": "PPTX", "print": "print PDF"}
SUFFIXES = {name: backends.SUFFIXES[name] for name in ("html", *LABELS)}


@dataclass
class Settings:
    """What ``publish preview`` was asked for."""

    source: Path
    formats: list[str]
    output_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    theme: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    variant: str = ""
    force: bool = False
    browser: bool = True
    options: dict[str, Any] = field(default_factory=dict)  # backend settings (--option)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def claim(folder: Path, force: bool) -> None:
    """Make ``folder`` the preview's (see the module docstring) or refuse."""
    if folder.exists() and not folder.is_dir():
        raise PublishError(f"{folder}: error: cannot preview into it: it is not a folder")
    if folder.is_dir() and not (folder / MARKER).exists() and any(folder.iterdir()) \
            and not force:
        raise PublishError(f"{folder}: error: holds files the preview did not write; give "
                           "another --output-dir (or --force to write there anyway)")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("written by `publish preview`\n", encoding="utf-8")


def file_names(settings: Settings) -> tuple[str, dict[str, str]]:
    """The web page's file name, and label -> file name of the other outputs."""
    middle = f".{settings.variant}" if settings.variant else ""
    stem = settings.source.stem + middle
    return f"{stem}.html", {LABELS[name]: stem + SUFFIXES[name]
                            for name in settings.formats if name in LABELS}


class Preview:
    """A running preview: the worker, the server and what they share."""

    def __init__(self, settings: Settings, say: Callable[[str], None]) -> None:
        self.settings, self.say = settings, say
        claim(settings.output_dir, settings.force)
        page, files = file_names(settings)
        self.state = State(settings.output_dir, page, files)
        self.built = threading.Event()          # set after each finished build
        try:
            self.server: Server = start(self.state, settings.host, settings.port)
        except OSError as exc:
            raise PublishError(f"error: cannot serve on {settings.host}:{settings.port}: "
                               f"{exc.strerror or exc}; give another --port (or --port 0 "
                               "for any free one)") from None
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "publish.preview.worker", json.dumps(self._config())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        threading.Thread(target=self._listen, args=(self.worker.stdout,), daemon=True,
                         name="publish-preview-worker").start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{'[' + host + ']' if ':' in str(host) else host}:{port}/"

    def _config(self) -> dict[str, Any]:
        s = self.settings
        return {"source": str(s.source), "formats": s.formats, "theme": s.theme,
                "output_dir": str(s.output_dir), "overrides": s.overrides,
                "variant": s.variant, "force": s.force, "settings": s.options}

    def rebuild(self) -> None:
        """Ask the worker for a build (requests while one runs make one more build)."""
        try:
            self.worker.stdin.write("\n")  # type: ignore[union-attr]
            self.worker.stdin.flush()  # type: ignore[union-attr]
        except (BrokenPipeError, ValueError):
            raise PublishError("error: the preview's build process ended") from None

    def _listen(self, stream: TextIO) -> None:
        """Turn the worker's reports into what the server shows and the terminal says."""
        for line in stream:
            try:
                report = json.loads(line)
            except ValueError:
                continue
            at = time.strftime("%H:%M:%S")
            seconds = report.get("seconds", 0.0)
            if "written" in report:
                name = report["written"]
                if name == "html":
                    self.state.update(reload=True, errors=[],
                                      status=f"page rebuilt at {at}; building the rest…")
                else:
                    self.state.update(status=f"{LABELS.get(name, name)} rebuilt at {at}")
                self.say(f"  {seconds * 1000:6.0f} ms  {name}: {report.get('path')}")
            elif "failed" in report:
                errors = list(report["failed"])
                self.state.update(reload=True, errors=errors,
                                  status=f"build failed at {at}")
                for error in errors:
                    self.say(error)
                self.built.set()
            elif "done" in report:
                for warning in report.get("warnings", []):
                    self.say(warning)
                self.state.update(status=f"all rebuilt at {at} in {seconds:.2f} s")
                self.say(f"publish preview: built in {seconds:.2f} s")
                self.built.set()

    def watch(self, stop: threading.Event | None = None) -> None:
        """Rebuild on every change until ``stop`` is set (or Ctrl-C)."""
        import watchfiles

        folders, wanted = watched(self.settings.source)
        for _ in watchfiles.watch(*folders, watch_filter=wanted, step=10, recursive=False,
                                  stop_event=stop, raise_interrupt=True):
            self.built.clear()
            self.rebuild()

    def close(self) -> None:
        """Stop serving, end the event streams and the worker."""
        self.state.stop()
        self.server.shutdown()
        self.server.server_close()
        if self.worker.stdin is not None:
            try:
                self.worker.stdin.close()
            except OSError:
                pass
        try:
            self.worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.worker.kill()
            self.worker.wait()


def run(settings: Settings, say: Callable[[str], None]) -> int:
    """The ``publish preview`` command: serve until Ctrl-C (or SIGTERM)."""
    # Ctrl-C stops the preview even where it was started with SIGINT ignored (a
    # background job of a script); SIGTERM stops it the same way.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    preview = Preview(settings, say)
    try:
        say(f"publish preview: serving {preview.url} (outputs in {settings.output_dir}); "
            "Ctrl-C stops")
        preview.rebuild()
        if settings.browser:
            import webbrowser

            preview.built.wait(60)
            webbrowser.open(preview.url)
        preview.watch()
    except KeyboardInterrupt:
        pass
    finally:
        preview.close()
    say("publish preview: stopped")
    return 0
