"""EPUB build time and size beside ``pandoc SOURCE -t epub3`` on the same machine.

Fresh process per run (a user runs one build at a time), median of ``BENCH_RUNS`` (at
least 5), with the font-subset/cover cache warm (the usual rebuild) and cold (a new
checkout: an empty cache, so HarfBuzz subsets and Pillow draws).  Then where the time goes
inside one in-process render.  Targets (issue): <= 0.3 s and <= 400 KB with the embedded
font.  Measures; never fails.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (RUNS, SEED, env, fmt_s, median_in_process, ratio, size_kb, table,  # noqa: E402
                    time_cmd)

EPOCH = 1700000000


def build_cmd(source: Path, out: Path, theme: str) -> list[str]:
    code = (f"from publish.build import build; build({str(source)!r}, ['epub'], "
            f"theme={theme!r}, output_dir={str(out)!r})")
    return [sys.executable, "-c", code]


def cold_runs(source: Path, out: Path, theme: str, runs: int) -> float | None:
    """Median of fresh processes, each in a new working folder (so an empty cache)."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cwd:
            started = time.perf_counter()
            result = subprocess.run(build_cmd(source, out, theme), cwd=cwd, env=env(),
                                    capture_output=True)
            times.append(time.perf_counter() - started)
            if result.returncode != 0:
                sys.stderr.write(result.stderr.decode(errors="replace")[-800:])
                return None
    return statistics.median(times)


def steps(source: Path, theme_name: str) -> list[list[str]]:
    """Median time of each step of one render, in this process (imports excluded)."""
    from publish.backends import Options
    from publish.backends import epub
    from publish.store import ziputil
    from publish.backends.epub import boldtext, documents, package, stylesheet
    from publish.fonts import subset as fontsubset
    from publish.backends.epub.cover import cover_faces, draw_cover
    from publish.fonts.resolve import check_stack
    from publish.source import load
    from publish.theme import load_theme
    from publish.text.typography import typeset

    interview = typeset(load(source)[0])
    theme = load_theme(theme_name)
    with tempfile.TemporaryDirectory() as cache:
        options = Options(EPOCH, cache_dir=cache)
        epub.render(interview, theme, options)        # warm: imports, fontconfig, cache
        labels = epub.labels_for(interview.meta.language)
        lang = interview.meta.language
        docs = documents.render_documents(interview, theme, labels, lang)
        chars = epub.book_characters(interview, docs)
        faces = check_stack("body", theme.font_stack("body"), chars)
        codepoints = sorted({ord(c) for c in chars} & faces[0].unicodes)
        fonts = epub.embed_fonts(faces, chars, options)
        cfaces = cover_faces(interview.meta, theme)
        palette = theme.get("palette")
        toc = documents.table_of_contents(interview, docs)
        raw = package.build_package(interview, lang, docs, toc, [], labels, EPOCH, [], True)
        work = {
            "render XHTML documents (Jinja + XML check)":
                lambda: documents.render_documents(interview, theme, labels, lang),
            "font coverage check": lambda: check_stack("body", theme.font_stack("body"), chars),
            "font subset (HarfBuzz, uncached)": lambda: fontsubset._cut(faces[0], codepoints,
                                                                      fontsubset.EMBED),
            "font subset (cache hit)": lambda: epub.embed_fonts(faces, chars, options),
            "cover drawing (Pillow, uncached)": lambda: draw_cover(interview.meta, palette, cfaces),
            "stylesheet": lambda: stylesheet.render_stylesheet(theme, fonts),
            "bold text (stylesheet matched against the documents)":
                lambda: boldtext.bold_characters(stylesheet.render_stylesheet(theme, []),
                                                 [doc.content for doc in docs]),
            "package (ebooklib)": lambda: package.build_package(
                interview, lang, docs, toc, [], labels, EPOCH, [], True),
            "deterministic re-zip": lambda: ziputil.normalise(raw, EPOCH),
            "whole render (warm cache)": lambda: epub.render(interview, theme, options),
        }
        bold = epub.embed_bold(faces[0], boldtext.bold_characters(
            stylesheet.render_stylesheet(theme, []), [doc.content for doc in docs]),
            lang, options)
        for font in fonts + bold:
            print(f"embedded font: {font.glyph_count} glyphs ({font.weight}) of "
                  f"{faces[0].family}, {len(font.data) / 1024:.0f} KB {font.media_type}")
        print()
        rows = [[name, fmt_s(median_in_process(step, max(RUNS, 5)))]
                for name, step in work.items()]
    return rows


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SEED
    runs = max(RUNS, 5)
    print(f"# EPUB: {source.name}, median of {runs} fresh processes\n")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        rows, warm_times = [], {}
        for theme in ("classic", "modern"):
            ours_dir = out / theme
            warm = time_cmd(build_cmd(source, ours_dir, theme), runs=runs)
            cold = cold_runs(source, ours_dir, theme, runs)
            warm_times[theme] = warm
            ours_path = ours_dir / f"{source.stem}.epub"
            rows.append([f"publish ({theme}, warm cache)", fmt_s(warm), size_kb(ours_path)])
            rows.append([f"publish ({theme}, cold cache)", fmt_s(cold), size_kb(ours_path)])
        theirs_path = out / "pandoc.epub"
        theirs = time_cmd(["pandoc", str(source), "-t", "epub3", "-o", str(theirs_path)],
                          runs=runs)
        rows.append(["pandoc -t epub3 (no font, no cover)", fmt_s(theirs),
                     size_kb(theirs_path)])
        print(table(["build", "median", "size"], rows))
        print(f"\nwarm classic vs pandoc: {ratio(warm_times['classic'], theirs)}")
    print("targets: <= 0.300 s, <= 400 KB with the embedded font\n")
    print(table(["step (in-process, classic)", "median"], steps(source, "classic")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
