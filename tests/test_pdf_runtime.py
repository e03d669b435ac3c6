"""How WeasyPrint is loaded and run (``publish.backends.pdf.runtime``): each speed measure
must leave the booklet as plain WeasyPrint makes it, and fall back when it cannot apply.

Imports are per process, so the import measures are checked in fresh interpreters.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from conftest import SEED
from publish.backends import Options
from publish.backends import pdf
from publish.backends.pdf import runtime
from publish.model import Interview
from publish.theme import Theme

EPOCH = "1700000000"
PROBE = """
import json, sys
from publish.backends.pdf import runtime
runtime.import_weasyprint()
import weasyprint.text.ffi as ffi_module, weasyprint.pdf.fonts as wp_fonts
report = {"ffi": type(ffi_module.ffi).__name__,
          "subset_loaded": "fontTools.subset" in sys.modules,
          "instancer_loaded": "fontTools.varLib.instancer" in sys.modules}
report["subset_options"] = wp_fonts.subset.Options.__name__      # first use: real module
report["subset_loaded_after_use"] = "fontTools.subset" in sys.modules
print(json.dumps(report))
"""


def fresh(code: str, cwd: Path, **env: str) -> str:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True,
                          text=True, check=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **env}).stdout


def build_pdf(cwd: Path, out: Path, **env: str) -> bytes:
    subprocess.run([sys.executable, "-m", "publish", "build", str(SEED), "-f", "pdf",
                    "-o", str(out), "-q"], cwd=cwd, check=True,
                   env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **env})
    return (out / f"{SEED.stem}.pdf").read_bytes()


def test_fast_import_uses_prebuilt_declarations_and_defers_unused_modules(tmp_path):
    report = json.loads(fresh(PROBE, tmp_path))
    assert report["ffi"] == "Prebuilt"
    assert not report["subset_loaded"] and not report["instancer_loaded"]
    assert report["subset_options"] == "Options"
    assert report["subset_loaded_after_use"]
    assert list((tmp_path / ".cache" / "publish" / "weasyprint-ffi").glob("*.py"))


def test_plain_switch_imports_weasyprint_untouched(tmp_path):
    report = json.loads(fresh(PROBE, tmp_path, PUBLISH_PLAIN_WEASYPRINT="1"))
    assert report["ffi"] == "FFI" and report["subset_loaded"]


def test_fast_import_changes_no_byte_of_the_booklet(tmp_path):
    fast = build_pdf(tmp_path, tmp_path / "fast")
    plain = build_pdf(tmp_path, tmp_path / "plain", PUBLISH_PLAIN_WEASYPRINT="1")
    assert fast == plain


def test_a_broken_cache_entry_falls_back_to_a_plain_import(tmp_path):
    good = build_pdf(tmp_path, tmp_path / "first")
    entries = list((tmp_path / ".cache" / "publish" / "weasyprint-ffi").glob("*.py"))
    assert entries
    for entry in entries:
        entry.write_text("# cdef sha256: 0\nffi = _cffi_backend.FFI(garbage\n")
    assert build_pdf(tmp_path, tmp_path / "second") == good


def test_declarations_are_found_checked_and_stale_ones_refused():
    source = runtime._weasyprint_ffi_source()
    assert source is not None
    cdef = runtime.declarations(source.read_text(encoding="utf-8"))
    assert cdef and "pango_layout_new" in cdef
    ffi = runtime.prebuilt_ffi(runtime.generate(cdef))
    ffi.cdef(cdef)  # the declarations it was built from: accepted, nothing parsed
    assert ffi.sizeof("PangoRectangle") == 16
    with pytest.raises(runtime.StaleDeclarations):
        ffi.cdef(cdef + "\nint extra_function(void);")
    with pytest.raises(runtime.StaleDeclarations):
        runtime.prebuilt_ffi("not generated\n")


def test_no_second_cdef_literal_goes_unnoticed():
    assert runtime.declarations("ffi.cdef('int a;')\nffi.cdef('int b;')") is None
    assert runtime.declarations("ffi.cdef(TEXT)") is None


def stream_contents(data: bytes) -> list[bytes]:
    """Every stream's decoded bytes, but the cross-reference stream (byte offsets)."""
    with pikepdf.open(io.BytesIO(data)) as document:
        return [obj.read_bytes() for obj in document.objects
                if isinstance(obj, pikepdf.Stream) and obj.get("/Type") != "/XRef"]


def test_compression_level_changes_only_the_encoding(seed: Interview, classic: Theme,
                                                     monkeypatch):
    default = pdf.render(seed, classic, Options(source_date_epoch=int(EPOCH)))
    monkeypatch.setattr(runtime, "ZLIB_LEVEL", 9)
    level9 = pdf.render(seed, classic, Options(source_date_epoch=int(EPOCH)))
    assert default != level9
    assert len(default) < 1.02 * len(level9)
    assert stream_contents(default) == stream_contents(level9)


def test_compression_is_installed_once_for_pydyf(seed: Interview, classic: Theme):
    import pydyf
    import zlib

    pdf.render(seed, classic, Options(source_date_epoch=int(EPOCH)))
    assert pydyf.zlib is runtime._LEVELLED_ZLIB
    runtime.faster_compression()  # idempotent
    assert pydyf.zlib is runtime._LEVELLED_ZLIB
    data = b"publish " * 1000
    assert zlib.decompress(pydyf.zlib.compress(data)) == data


def test_writing_once_changes_no_byte(seed: Interview, classic: Theme, monkeypatch):
    """Each object serialized once per write, and the page references kept: the same
    PDF as pydyf's own way of writing, for a booklet and for several writes of one
    laid-out document (as ``split`` writes halves)."""
    import pydyf

    options = Options(source_date_epoch=int(EPOCH))
    kept = pdf.render(seed, classic, options)
    assert pydyf.PDF._publish_writes_once
    monkeypatch.setattr(runtime, "WRITE_ONCE", False)
    assert pdf.render(seed, classic, options) == kept
    press = pdf.Press.prepare(pdf.printable_characters(seed), "zh-cn", pdf.used_roles(seed),
                              pdf.allowed_roots(seed, classic), classic, options)
    document = press.lay_out(pdf.book_html(seed, classic, int(EPOCH)))
    plain = press.write(document)
    monkeypatch.setattr(runtime, "WRITE_ONCE", True)
    assert press.write(document) == press.write(document) == plain
    runtime.faster_writing()  # idempotent: the properties are wrapped once
    assert press.write(document) == plain


def test_writing_once_compresses_each_stream_once(seed: Interview, classic: Theme,
                                                  monkeypatch):
    """pydyf alone compresses every stream twice per write (the /ID hashes them all
    again); kept bytes halve that, so the measure is really taken."""
    options = Options(source_date_epoch=int(EPOCH))
    press = pdf.Press.prepare(pdf.printable_characters(seed), "zh-cn", pdf.used_roles(seed),
                              pdf.allowed_roots(seed, classic), classic, options)
    calls = []
    monkeypatch.setattr(runtime._LEVELLED_ZLIB, "compressobj",
                        lambda *a, **k: calls.append(1) or runtime.zlib.compressobj(6))
    counts = {}
    for once in (True, False):
        monkeypatch.setattr(runtime, "WRITE_ONCE", once)
        calls.clear()
        press.write(press.lay_out(pdf.book_html(seed, classic, int(EPOCH))))
        counts[once] = len(calls)
    assert counts[True] > 10
    assert counts[False] >= 2 * counts[True] - 2  # all but the xref stream, twice


def test_deferred_stand_ins_are_removed_and_forward_calls(monkeypatch):
    name = "json.tool"  # any module not imported yet, with a function to forward
    monkeypatch.delitem(sys.modules, name, raising=False)
    with runtime._deferred({name: ("main",)}):
        stand_in = sys.modules[name]
        assert isinstance(stand_in, runtime._Deferred)
        forward = stand_in.main
    assert name not in sys.modules  # never used: the real module was never imported
    assert callable(forward) and forward.__name__ == "main"


def test_the_user_agent_stylesheet_loses_only_the_notes_rules():
    from weasyprint import HTML
    from weasyprint.html import UA_STYLESHEET

    document = HTML(string="<p>x</p>")
    runtime.without_notes(document)
    (sheet,) = document._ua_stylesheets()
    kept = {entry[3] for entry in sheet.matcher.other_selectors}
    every = {entry[3] for entry in UA_STYLESHEET.matcher.other_selectors}
    assert every - kept == runtime.NOTE_PSEUDOS and "marker" in kept
    assert sheet.matcher.lower_local_name_selectors is \
        UA_STYLESHEET.matcher.lower_local_name_selectors  # the rest shared, not copied
    assert document._ua_stylesheets()[0] is sheet  # made once


@pytest.mark.parametrize("text, notes", [("p { float: footnote }", True),
                                         ("aside { position: note(side) }", True),
                                         (".speaker { float: Footnote }", True),
                                         ('@import "notes.css";', True),
                                         ('<p style="float: FOOTNOTE">', True),
                                         ("<style>p { color: red }</style>", True),
                                         ("p { color: red }", False)])
def test_what_may_make_a_note_is_noticed(text: str, notes: bool):
    assert runtime.uses_notes("h1 { color: blue }", text) is notes


def test_a_footnote_in_the_html_keeps_its_call_and_marker(seed: Interview, classic: Theme):
    """An inline ``float: footnote`` (a theme's template may write one) still gets the
    user agent's ``::footnote-call`` and ``::footnote-marker``: its number, twice."""
    chars = frozenset("正文注释") | pdf.printable_characters(seed)
    press = pdf.Press.prepare(chars, "zh-cn", pdf.used_roles(seed), list(classic.chain),
                              classic, Options())
    html = ('<!DOCTYPE html><html><head><title>t</title></head><body><p>正文'
            '<span style="float: footnote">注释</span></p></body></html>')
    text = subprocess.run(["pdftotext", "-", "-"], input=press.write(press.lay_out(html)),
                          capture_output=True, check=True).stdout.decode()
    assert "正文1" in text.replace(" ", "") and "1.注释" in text.replace(" ", "")


def test_a_theme_importing_its_footnotes_keeps_the_notes_rules(seed: Interview, tmp_path: Path,
                                                              monkeypatch):
    """A child theme whose print.css imports a sheet that floats the speaker's name to a
    footnote: the booklet is laid out (it crashed in WeasyPrint without the rules)."""
    from publish.theme import load_theme

    folder = tmp_path / "themes" / "noted"
    (folder / "css").mkdir(parents=True)
    (folder / "theme.toml").write_text('name = "noted"\ninherit = "classic"\n',
                                       encoding="utf-8")
    (folder / "css" / "print.css").write_text('@import "notes.css";\n', encoding="utf-8")
    (folder / "css" / "notes.css").write_text(".speaker { float: FOOTNOTE }\n",
                                              encoding="utf-8")
    monkeypatch.setenv("PUBLISH_THEMES", str(tmp_path / "themes"))
    theme = load_theme("noted")
    data = pdf.render(seed, theme, Options(source_date_epoch=int(EPOCH)))
    assert data.startswith(b"%PDF")
