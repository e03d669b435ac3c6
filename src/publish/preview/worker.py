"""The warm build process of a preview: ``python -m publish.preview.worker CONFIG``.

It builds whenever it reads a line on stdin and reports, one JSON object a line on
stdout, each output as soon as it is written (``{"written": "html", ...}``), then the
build's end (``{"done": ...}``) or its located errors (``{"failed": [...]}``).

Why a process of its own: the preview's server and file watcher run threads, and a
process with threads never forks (``child.fork``), so in there every format would render
one after the other.  This process stays single-threaded, keeps everything a build loads
(WeasyPrint, fonts, fontconfig's answers, compiled templates, HarfBuzz faces) from one
build to the next, and asks ``build`` for the web page first, then for the rest with the
PDF in a forked child (once warm, see ``build_once``): the page is rewritten tens of
milliseconds after a save, and everything after about the PDF's own time.

A request that arrives while a build runs is not queued up one by one: the lines waiting
when a build starts are read at once, so a burst of saves costs one build.
"""

from __future__ import annotations

import json
import os
import select
import signal
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from .. import backends
from ..build import build
from ..diagnostics import PublishError

FIRST, ASIDE = "html", "pdf"


def stages(formats: list[str]) -> list[list[str]]:
    """The web page alone, then the rest: the formats this process renders, the PDF last
    (rendered meanwhile in a forked child).  A build writes its outputs once all are
    rendered (``build.build``): the page is a build of its own so that it is written
    before the PDF is laid out.

    Two builds, not one: the child is forked only once the page is written, so it takes
    no CPU from the page (on two busy cores that was a third of the page's time).  The
    second build reads the model the first one prepared from the build cache (~1 ms).
    """
    rest = [name for name in formats if name != FIRST]
    later = [n for n in rest if n != ASIDE] + [n for n in rest if n == ASIDE]
    return [[FIRST], later] if later else [[FIRST]]


def read_by(names: list[str], settings: dict[str, Any]) -> dict[str, Any]:
    """The ``--option`` settings a stage's formats read: the page's stage reads none, and
    a build warns of each setting it is given and does not use (the CLI warned once)."""
    return {key: value for key, value in settings.items()
            if any(key in backends.SETTINGS.get(name, ()) for name in names)}


def build_once(config: dict[str, Any], out: TextIO, warm: bool) -> bool:
    """One build as ``config`` describes it, reported on ``out`` (see the docstring);
    True when it succeeded.

    Until a build succeeded (``warm``), every format renders here, one after another: a
    forked child's imports, fonts and caches die with it, so the PDF rendered in a child
    of a cold process would be cold again on every save (0.9 s where a warm one takes
    0.55 s).  Once this process has rendered each format, a child inherits all of it.
    """
    started = time.perf_counter()

    def send(**message: Any) -> None:
        message["seconds"] = round(time.perf_counter() - started, 4)
        out.write(json.dumps(message, ensure_ascii=False) + "\n")
        out.flush()

    warnings: list[str] = []
    try:
        for names in stages(config["formats"]):
            result = build(config["source"], names, theme=config["theme"],
                           output_dir=config["output_dir"], overrides=config["overrides"],
                           settings=read_by(names, config.get("settings", {})),
                           variant=config["variant"], aside=[ASIDE] if warm else [],
                           force=config.get("force", False),
                           written=lambda name, path: send(written=name, path=str(path)))
            warnings += result.warnings
    except PublishError as exc:
        send(failed=exc.text.splitlines() or ["error: the build failed"])
    except Exception as exc:  # noqa: BLE001 - shown on the page; the preview goes on
        send(failed=[f"publish: internal error: {type(exc).__name__}: {exc} "
                     "(this is a bug in publish; please report it with the source file)"])
    else:
        send(done=True, warnings=list(dict.fromkeys(warnings)))  # the source's, once
        return True
    return False


def requests(fd: int) -> bool:
    """Wait for a request on ``fd`` and read every one waiting (a burst of saves is one
    build); False once the preview has closed the pipe."""
    if not os.read(fd, 1 << 16):
        return False
    while select.select([fd], [], [], 0)[0]:
        if not os.read(fd, 1 << 16):
            return False
    return True


def main(argv: list[str]) -> int:
    # Ctrl-C reaches the whole process group; the preview stops this process by closing
    # its stdin, after the server is down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    config = json.loads(argv[0])
    Path(config["output_dir"]).mkdir(parents=True, exist_ok=True)
    warm = False
    while requests(sys.stdin.fileno()):
        warm = build_once(config, sys.stdout, warm) or warm
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
