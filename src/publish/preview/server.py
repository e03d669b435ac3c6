"""The preview's HTTP server: the web edition at ``/``, the other outputs by name, and
the server-sent events that tell an open page to reload.

The standard library's ``ThreadingHTTPServer``, in a thread: the preview serves one
reader on this machine a handful of files and one event stream per open tab, which needs
no framework and no new dependency.  What a public server would need is kept out by
construction: it answers GET and HEAD only, serves only the files this preview's
builds wrote (by exact name, read from its own output folder), never lists a folder, and
answers 404 for anything else, ``../`` included.  It listens on 127.0.0.1 unless
``--host`` says otherwise.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .page import EVENTS, served

TYPES = {".html": "text/html; charset=utf-8", ".pdf": "application/pdf",
         ".epub": "application/epub+zip",
         ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
KEEPALIVE = 15.0   # seconds between comments on an idle event stream


@dataclass
class State:
    """What the server shows, updated by the preview as builds report."""

    folder: Path
    page: str                                   # the web edition's file name
    files: dict[str, str]                       # label (PDF) -> file name
    errors: list[str] = field(default_factory=list)
    status: str = "building…"
    version: int = 0                            # +1 whenever an open page should reload
    stopping: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)

    def update(self, *, reload: bool = False, status: str | None = None,
               errors: list[str] | None = None) -> None:
        with self.changed:
            if errors is not None:
                self.errors = errors
            if status is not None:
                self.status = status
            if reload:
                self.version += 1
            self.changed.notify_all()

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()


class Handler(BaseHTTPRequestHandler):
    server_version = "publish-preview"
    state: State  # set on the subclass made per server

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        state = self.state
        if path == EVENTS and body:
            return self._events(parse_qs(url.query).get("v", [""])[0])
        if path == "/":
            with state.changed:
                errors, status, version = list(state.errors), state.status, state.version
            page = _read(state.folder / state.page)
            links = [(label, name) for label, name in state.files.items()
                     if (state.folder / name).is_file()]
            return self._send(served(page, version, errors, links, status),
                              TYPES[".html"], body)
        name = path[1:]
        if name in state.files.values() or name == state.page:
            data = _read(state.folder / name)
            if data is not None:
                return self._send(data, TYPES.get(Path(name).suffix, "application/octet-stream"),
                                  body)
        self.send_error(HTTPStatus.NOT_FOUND)

    def _send(self, data: bytes, kind: str, body: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self, seen: str) -> None:
        """One page's event stream: ``reload`` when a build changed what it shows (at once
        if it changed since the page was served), ``status`` as builds report."""
        state = self.state
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        with state.changed:
            version, status = state.version, state.status
        try:
            if seen.isdigit() and int(seen) != version:
                self._event("reload", str(version))
            while True:
                with state.changed:
                    state.changed.wait_for(lambda: state.stopping or state.version != version
                                           or state.status != status, KEEPALIVE)
                    if state.stopping:
                        return
                    news = (state.version, state.status)
                if news[0] != version:
                    self._event("reload", str(news[0]))
                elif news[1] != status:
                    self._event("status", news[1])
                else:
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
                version, status = news
        except (BrokenPipeError, ConnectionResetError):
            return

    def _event(self, name: str, data: str) -> None:
        lines = "".join(f"data: {line}\n" for line in data.splitlines() or [""])
        self.wfile.write(f"event: {name}\n{lines}\n".encode("utf-8"))
        self.wfile.flush()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # the preview reports builds, not requests


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


class Server(ThreadingHTTPServer):
    daemon_threads = True      # an open event stream never holds the preview up
    block_on_close = False


def start(state: State, host: str, port: int) -> Server:
    """Serve ``state`` on ``host:port`` in a thread; the server (``.server_address``
    tells the port when 0 asked for any free one)."""
    handler = type("PreviewHandler", (Handler,), {"state": state})
    kind = type("PreviewServer", (Server,),
                {"address_family": socket.AF_INET6 if ":" in host else socket.AF_INET})
    server = kind((host, port), handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                     name="publish-preview-http", daemon=True).start()
    return server
