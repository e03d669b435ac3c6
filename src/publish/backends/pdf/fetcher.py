"""A URL fetcher for WeasyPrint that reads only the theme's and the source's folders.

WeasyPrint fetches whatever a stylesheet or document names: ``file:`` paths anywhere,
``http(s)`` URLs, ``ftp``.  A book build must not read ``/etc/passwd`` because a theme or a
source says so, nor touch the network, so every URL goes through ``SafeFetcher``: a
``file:`` URL is served only when its real path (symlinks and ``..`` resolved) lies inside
one of the allowed folders, ``data:`` URLs are served (they read nothing), so are the
in-memory resources the backend made itself (its font subsets), and anything else is
refused with a warning.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Iterable, Mapping, NoReturn
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedURL(ValueError):
    """A URL the build may not read; WeasyPrint catches it and skips the resource."""


class SafeFetcher(URLFetcher):
    """Serve ``file:`` URLs under ``roots`` and ``data:`` URLs; refuse the rest.

    Refusals are appended to ``warnings`` (the backend's ``options.warnings``), once per
    URL, so a build reports what a theme or source tried to read.
    """

    def __init__(self, roots: Iterable[Path], warnings: list[str],
                 memory: Mapping[str, bytes] | None = None) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False,
                         timeout=1)
        self.roots = tuple(Path(root).resolve() for root in roots)
        self.warnings = warnings
        self.memory = dict(memory or {})

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if url in self.memory:
            return URLFetcherResponse(url, self.memory[url],
                                      headers={"Content-Type": "font/otf"})
        if scheme != "file":
            self.refuse(url, "only files of the theme and the source's folder are read")
        path = self.local_path(url)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                  headers={"Content-Type": kind})

    def local_path(self, url: str) -> Path:
        """The real file a ``file:`` URL names; refused unless it lies inside a root."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            self.refuse(url, "remote file URLs are not read")
        try:
            path = Path(unquote(parts.path)).resolve()
        except (OSError, RuntimeError):
            self.refuse(url, "not a readable path")
        if not any(path.is_relative_to(root) for root in self.roots):
            self.refuse(url, "outside the theme and source folders")
        if not path.is_file():
            self.refuse(url, "no such file")
        return path

    def refuse(self, url: str, why: str) -> NoReturn:
        message = f"pdf: warning: refused to read {_short(url)}: {why}"
        if message not in self.warnings:
            self.warnings.append(message)
        raise RefusedURL(f"refused {_short(url)}")


def _short(url: str, limit: int = 120) -> str:
    return url if len(url) <= limit else url[:limit] + "..."
