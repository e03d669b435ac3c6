"""The ``publish`` command line: import, check, build, preview, themes.

Exit status: 0 success, 2 a problem with the input (source, theme, font, option) reported
as ``path:line:col: error: ...``, 1 an unexpected internal error (one line, no traceback),
130 interrupted.  Everything below this module returns data; only this module prints.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Sequence

from . import __version__
from .diagnostics import PublishError, counted

EXIT_OK, EXIT_INTERNAL, EXIT_USER = 0, 1, 2
_one_shot = False  # set by ``run``: this process ends when ``main`` returns
# The editions --variant accepts (the names of text.variant.VARIANTS, not imported here:
# that module costs every command 0.1 s; tests/test_cli.py keeps the two equal).
VARIANTS = ("zh-Hant", "zh-Hant-TW", "zh-Hant-HK")
EDITIONS = (f"edition variant, one of {', '.join(VARIANTS)}: Traditional Chinese in "
            "Taiwan's phrasing (zh-Hant and zh-Hant-TW are one edition) or Hong Kong's "
            "standard")
VARIANT_HELP = EDITIONS + "; outputs are named <name>.<variant>.<ext>"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publish",
        description="Turn one structured interview (Markdown + YAML front matter) into a "
                    "PDF booklet, an EPUB and a PowerPoint deck, styled by one theme.",
        epilog="Source format: docs/source-format.md.  Example: publish build "
               "seeds/deepseek-liang-wenfeng-interview.md --format all")
    parser.add_argument("--version", action="version", version=f"publish {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p_import = sub.add_parser("import", help="turn a raw transcript into the source format",
                              description="Turn a raw transcript (title line, byline, "
                              "participant lines such as 'Host: Name', numbered parts, "
                              "topic lines, 'Name: text' turns, a recording tool's "
                              "timestamps) into the Markdown source format. Prints what it "
                              "guessed.")
    p_import.add_argument("transcript", help="raw transcript (.txt, UTF-8)")
    p_import.add_argument("-o", "--output", metavar="SOURCE.md",
                          help="the source file to write (default: stdout), not a folder; "
                          "missing folders on its path are created, as build's --output-dir "
                          "is. An existing file is replaced only with --force; the transcript "
                          "itself, never")
    p_import.add_argument("--force", action="store_true",
                          help="replace an existing output file")
    p_import.add_argument("--speakers", help="comma-separated speaker names, host first "
                          "(default: found automatically)")

    p_check = sub.add_parser("check", help="check a source and report problems",
                             description="Check a source file as a build would take it, "
                             "in the theme it would be built with, the deck's slides "
                             "included (a key sentence or title that does not fit) and "
                             "the templates a theme brings; print "
                             "every problem as path:line:col: severity: message. Exit 2 "
                             "on errors.")
    p_check.add_argument("source", help="an interview source (.md) or a collection (.yaml), "
                         "checked as the volume its build makes, in the volume's theme")
    p_check.add_argument("--lint", action="store_true",
                         help="also list what the typography pass would change")
    p_check.add_argument("-t", "--theme", help="check with this theme, as build --theme "
                         "(default: the source's `theme`, else classic)")
    p_check.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                         help="override a theme option, as for build, e.g. --set "
                         "slides.key_min_size=20")
    p_check.add_argument("--variant", default="", help="check this edition, as build "
                         "--variant makes it (converted, in its faces): " + EDITIONS)

    p_build = sub.add_parser("build", help="build outputs from a source",
                             description="Build outputs from a source. Each output is "
                             "written to a temporary file and renamed into place; an "
                             "existing file publish did not write is never replaced "
                             "without --force, and the source never.")
    p_build.add_argument("source", help="an interview source (.md), or a collection "
                         "(.yaml: title, compiler ..., interviews: a list of sources) built "
                         "as one anthology, output/<collection-name>.<ext>")
    p_build.add_argument("-f", "--format", default="all",
                         help="pdf, epub, pptx, print, html, handout (the discussion handout; "
                         "one per interview of a collection) or all (default: all = "
                         "pdf,epub,pptx); several may be given comma-separated")
    p_build.add_argument("-t", "--theme", help="theme name (default: the source's "
                         "`theme`, else classic); see `publish themes`")
    p_build.add_argument("-o", "--output-dir", default="output",
                         help="where outputs go (default: output/)")
    p_build.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                         help="override a theme option, e.g. --set slides.key_max_size=36")
    p_build.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                         help="backend setting, e.g. --option paper=letter")
    p_build.add_argument("--variant", default="", help=VARIANT_HELP)
    p_build.add_argument("--force", action="store_true",
                         help="replace an existing output that publish did not write, or "
                         "that was changed since (without it such a file is never replaced)")
    p_build.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    p_preview = sub.add_parser(
        "preview", help="serve the web edition and the outputs, rebuilt on every save",
        description="Build the web edition and the outputs, serve them (the web edition "
        "at /, the others at /<name>.pdf, .epub, .pptx), and rebuild whenever the source "
        "or a theme file changes; an open page reloads itself. Errors in the source are "
        "shown on the page while the last good outputs stay. Ctrl-C stops.")
    p_preview.add_argument("source")
    p_preview.add_argument("-f", "--format", default="all",
                           help="outputs besides the web edition: pdf, epub, pptx, print, "
                           "or all (default: all = pdf,epub,pptx), comma-separated; one "
                           "interview only (a collection has no web edition)")
    p_preview.add_argument("--port", type=int, default=8000,
                           help="port to serve on (default: 8000; 0: any free one)")
    p_preview.add_argument("--host", default="127.0.0.1",
                           help="address to serve on (default: 127.0.0.1, this machine "
                           "only; give another to let other hosts in)")
    p_preview.add_argument("--no-browser", action="store_true",
                           help="do not open the page in a browser")
    p_preview.add_argument("-t", "--theme", help="theme name (as for build)")
    p_preview.add_argument("-o", "--output-dir", default="output/preview",
                           help="the preview's own output folder (default: output/preview)")
    p_preview.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                           help="override a theme option, as for build")
    p_preview.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                           help="backend setting, as for build, e.g. --option paper=letter "
                           "with -f print")
    p_preview.add_argument("--variant", default="", help=VARIANT_HELP)
    p_preview.add_argument("--force", action="store_true",
                           help="write into --output-dir even if it holds other files")

    sub.add_parser("themes", help="list installed themes",
                   description="List the installed themes with their descriptions.")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USER
    handler = {"import": _import, "check": _check, "build": _build, "preview": _preview,
               "themes": _themes}
    try:
        return handler[args.command](args)
    except PublishError as exc:
        print(exc.text, file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        print("publish: interrupted; outputs left as they were", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the one place that turns bugs into one line
        print(f"publish: internal error: {type(exc).__name__}: {exc} "
              "(this is a bug in publish; please report it with the source file)",
              file=sys.stderr)
        return EXIT_INTERNAL


def _print_all(lines: Sequence[object]) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def _import(args: argparse.Namespace) -> int:
    from .source.importer import import_bytes
    from .store.output import write_atomic

    path = Path(args.transcript)
    if args.output:
        _may_write(args.output, path, args.force)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PublishError(f"{path}:1:1: error: cannot read transcript: {exc.strerror}") \
            from None
    speakers = [s.strip() for s in args.speakers.split(",") if s.strip()] \
        if args.speakers else None
    result = import_bytes(data, str(path), speakers)
    _print_all(result.diagnostics)
    print(f"publish import: {result.summary()}", file=sys.stderr)
    if args.output:
        write_atomic(args.output, result.markdown.encode("utf-8"))
        print(f"publish import: wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(result.markdown)
    return EXIT_OK


def _may_write(output: str, source: Path, force: bool) -> None:
    """Refuse to write over the input, or over an existing file without ``--force``.

    ``-o`` names the file, as the docs write it (``-o FILE.md``): a folder there is
    refused with the file name it probably meant, not written into, so one command never
    means "this file" in one place and "a file in here" in another.
    """
    target = Path(output)
    if target.is_dir() or output.endswith(("/", os.sep)):
        suggestion = target / source.with_suffix(".md").name
        raise PublishError(f"{output}: error: -o names a folder; give the source file "
                           f"to write (e.g. -o {suggestion})")
    same = target.exists() and source.exists() and os.path.samefile(target, source)
    if same or target.resolve() == source.resolve():
        raise PublishError(f"{target}: error: the output is the transcript itself; "
                           "write the source to another file (e.g. -o "
                           f"{source.with_suffix('.md').name})")
    if target.exists() and not force:
        raise PublishError(f"{target}: error: the file exists; publish import does not "
                           "replace it (edits would be lost): pass --force to replace it, "
                           "or choose another name")


def _check(args: argparse.Namespace) -> int:
    from .check import check
    from .theme import parse_override

    overrides = dict(parse_override(item) for item in args.set)
    checked = check(args.source, theme=args.theme, overrides=overrides,
                    variant=args.variant)
    _print_all(checked.warnings)
    for interview in checked.interviews:
        if args.lint:
            from .text.typography import lint  # provided by the copy-editing pass

            _print_all(lint(interview.path))
        topics = sum(1 for _ in interview.topics())
        exchanges = sum(1 for _ in interview.exchanges())
        edition = f" ({args.variant} edition)" if args.variant else ""
        print(f"{interview.path}: ok{edition}: {counted(len(interview.parts), 'part')}, "
              f"{counted(topics, 'topic')}, {counted(exchanges, 'exchange')}",
              file=sys.stderr)
    if checked.is_collection:
        print(f"{args.source}: ok: {counted(len(checked.interviews), 'interview')}",
              file=sys.stderr)
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    from .build import build
    from .theme import parse_override

    formats = _formats(args.format)
    overrides = dict(parse_override(item) for item in args.set)
    settings = dict(parse_override(item) for item in args.option)
    quiet = args.quiet

    def progress(step: str, seconds: float) -> None:
        if not quiet:
            print(f"  {seconds * 1000:7.0f} ms  {step}", file=sys.stderr)

    if _one_shot:  # this process exits after the build (see publish.collector)
        from .collector import leave_garbage_to_exit
        leave_garbage_to_exit()
    started = time.perf_counter()
    result = build(args.source, formats, theme=args.theme, output_dir=args.output_dir,
                   overrides=overrides, settings=settings, variant=args.variant,
                   progress=progress, force=args.force)
    _print_all(result.warnings)
    if not quiet:
        print(f"publish: built {len(result.outputs)} file(s) in "
              f"{time.perf_counter() - started:.2f} s", file=sys.stderr)
    return EXIT_OK


# What a preview can serve beside the web edition (preview.LABELS, not imported here).
PREVIEWED = ("pdf", "epub", "pptx", "print")


def _preview(args: argparse.Namespace) -> int:
    from . import backends
    from .preview import Settings, run
    from .theme import parse_override

    if not 0 <= args.port <= 65535:
        raise PublishError(f"error: --port {args.port} is not a port number (0-65535)")
    formats = [name for name in _formats(args.format) if name != "html"]
    served = [name for name in formats if name not in PREVIEWED]
    if served:
        raise PublishError(f"error: the preview serves {', '.join(PREVIEWED)} beside the web "
                           f"edition, not {served[0]}; build it with `publish build`")
    if Path(args.source).suffix.lower() in (".yaml", ".yml"):
        raise PublishError(f"{args.source}: error: the preview shows one interview's web "
                           "edition; a collection has none: preview a member, or build "
                           "the collection with `publish build`")
    options = dict(parse_override(item) for item in args.option)
    backends.check_settings(["html", *formats], options)  # before anything is served
    _print_all(backends.unused_settings(["html", *formats], options))
    settings = Settings(source=Path(args.source), formats=formats,
                        output_dir=Path(args.output_dir), host=args.host, port=args.port,
                        theme=args.theme, variant=args.variant, force=args.force,
                        overrides=dict(parse_override(item) for item in args.set),
                        options=options, browser=not args.no_browser)
    if not settings.source.is_file():
        raise PublishError(f"{settings.source}:1:1: error: no such source file")
    return run(settings, lambda line: print(line, file=sys.stderr, flush=True))


def _formats(spec: str) -> list[str]:
    from . import backends

    names: list[str] = []
    for item in spec.split(","):
        item = item.strip().lower()
        names += list(backends.ALL) if item == "all" else [item]
    unknown = [n for n in names if n not in backends.available()]
    if unknown:
        raise backends.unknown_format(unknown[0])
    return list(dict.fromkeys(names))


def _themes(args: argparse.Namespace) -> int:
    from .theme import available_themes, theme_roots

    themes = available_themes()
    if not themes:
        raise PublishError("error: no themes found in "
                           f"{', '.join(str(r) for r in theme_roots())}")
    width = max(len(name) for name, _ in themes)
    for name, description in themes:
        print(f"{name:<{width}}  {description}")
    return EXIT_OK


def run() -> None:
    """The console entry point: ``main()``, then leave without tearing the interpreter
    down.

    Freeing every object of a finished build (WeasyPrint's layout, fonts, modules) takes
    about 0.1 s and serves nothing: outputs are already written, flushed and closed, and
    publish registers no exit handlers.  So streams are flushed and the process exits.
    For the same reason a build's render garbage is not collected either
    (``publish.collector``).
    """
    global _one_shot
    _one_shot = True
    status = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(status)


if __name__ == "__main__":
    run()
