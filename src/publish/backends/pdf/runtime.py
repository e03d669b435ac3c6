"""How WeasyPrint is loaded and run: the fixed costs of a PDF build, kept down.

A booklet takes WeasyPrint about 0.35 s to lay out and write; importing it used to cost
another 0.2 s.  Most of that import, and a share of the writing, is generality this
build does not use.  Each measure below removes one such cost and falls back to plain
WeasyPrint when it cannot apply.  The import measures and the parsing change no byte of
the PDF, and the compression level changes only how its streams are encoded, not what
they hold (``tests/test_pdf_runtime.py`` and ``tests/test_htmltree.py`` check them).

Library search.  WeasyPrint opens Pango, HarfBuzz and friends by trying several names
per library (``libgobject-2.0-0``, ``gobject-2.0``, ..., ``libgobject-2.0.so.0``).  cffi
hands every name it cannot load to ``ctypes.util.find_library``, which on Linux runs
``ldconfig -p`` and then ``gcc``/``ld`` for each miss (about 0.13 s).  The ``lib*.so.N``
names in each list load directly, so while WeasyPrint is imported the search answers
"not found" at once.

C declarations.  WeasyPrint declares the Pango/HarfBuzz API to cffi as 450 lines of C
text, which cffi parses with pycparser at every import, and parses again for each type
named in ``ffi.new("...")`` (about 70 ms).  cffi can compile such declarations once into
an "out-of-line ABI" module whose types load from a binary table.  That module is
generated on the first build from WeasyPrint's own declarations and kept in the build
cache (keyed by WeasyPrint's source and cffi's version); WeasyPrint is then handed the
prebuilt ``ffi``, which checks that the declarations it is asked for are the ones it was
built from.

Unused modules.  WeasyPrint imports fontTools' subsetter (its fallback when HarfBuzz
cannot subset) and its variable-font instancer at start-up, 40-50 ms together; this
build's fonts are HarfBuzz-subset, static faces.  While WeasyPrint is imported, both are
stand-ins that import the real module the first time they are actually used.

Compression.  pydyf compresses every stream at zlib level 9; level 6 (zlib's default)
writes the booklet 25 ms faster for 0.5 % more bytes.

Writing.  pydyf serializes every object once to write it and, to compute the file
identifier (``/ID``), a second time, compressing each stream again: while a PDF is
written, each indirect object's bytes are kept from the first time (a third of the
writing).  And ``PDF.page_references`` builds a tuple of every page at each call, which
WeasyPrint makes once per link and tagged element, so an anthology of 130 pages spent
0.2 s building it; the tuple is now kept until a page is added.

Parsing.  WeasyPrint parses the HTML with tinyhtml5, in pure Python: 0.3 s of an
anthology's layout.  Where expat's tree of the same string is provably the one tinyhtml5
would build (our templates write well-formed XML in a subset where the two parsers agree),
WeasyPrint is handed that tree, parsed in 10 ms; any other document, or any trouble, is
parsed by tinyhtml5 as before, as is every document with ``PUBLISH_PLAIN_WEASYPRINT=1``
(``htmltree``, which states the subset; ``Press.lay_out``).

User-agent stylesheet.  WeasyPrint's own stylesheet gives every element the five
pseudo-elements of notes (``::footnote-call``, ``::note-marker`` ...: universal
selectors), and WeasyPrint computes a style for each of them, for every element: 2 % of
a chapter's render.  They apply only to an element floated to a footnote or positioned
as a note, which takes ``float: footnote`` or ``note(`` in the CSS or the HTML (in any
letter case; an ``@import`` or the HTML's own stylesheet counts as one too): a
document with none of these gets a copy of the stylesheet without those five rules
(``without_notes``; ``Press.lay_out``).

Garbage collection.  Layout allocates hundreds of thousands of small objects; Python's
cyclic collector keeps interrupting it to scan them (10-15 % of a render).  Nothing
needs collecting until the PDF is written, so the collector is paused meanwhile
(``publish.collector``).
"""

from __future__ import annotations

import ast
import contextlib
import contextvars
import copy as _copy
import ctypes.util
import hashlib
import importlib
import importlib.util
import os
import sys
import tempfile
import types
import zlib
from pathlib import Path
from typing import Any, Callable, Iterator

from ...collector import paused_gc
from ...store.cache import cache_root, cached, digest

FFI_CACHE_VERSION = "weasyprint-ffi-1"  # bump when _generate changes what it writes
FFI_MODULE = "_publish_weasyprint_ffi"
CDEF_HEADER = "# cdef sha256: "
# Imported by WeasyPrint at start-up, used only for fonts this build never embeds;
# the names are those WeasyPrint takes from each module with ``from ... import``.
DEFERRED: dict[str, tuple[str, ...]] = {
    "fontTools.subset": (),
    "fontTools.varLib.instancer": ("instantiateVariableFont",),
}
ZLIB_LEVEL = 6
# Keep each object's bytes while pydyf writes, and the page references (read at each
# write and each reference; False writes as plain pydyf does, to compare).
WRITE_ONCE = True
PLAIN_SWITCH = "PUBLISH_PLAIN_WEASYPRINT"


def import_weasyprint(cache_dir: str | Path | None = None) -> None:
    """Make ``import weasyprint`` cheap for the rest of the process (idempotent).

    If the fast import fails for any reason, WeasyPrint is imported again, plainly;
    with ``PUBLISH_PLAIN_WEASYPRINT=1`` in the environment it is left to a plain import
    (to compare, or to rule these measures out when something looks wrong).
    """
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux") or \
            os.environ.get(PLAIN_SWITCH):
        return
    try:
        with _no_library_search(), _prebuilt_ffi(cache_dir), _deferred(DEFERRED), \
                paused_gc():
            import weasyprint  # noqa: F401
    except Exception:  # noqa: BLE001 - whatever went wrong, a plain import may not
        _forget("weasyprint")
        import weasyprint  # noqa: F401,F811


def faster_compression() -> None:
    """From now on, pydyf compresses at ``ZLIB_LEVEL`` instead of 9 (module docstring).

    Installed once and left in place, so renders in several threads all write the same
    bytes; a pydyf that no longer compresses through its ``zlib`` is left alone.
    """
    import pydyf

    if getattr(pydyf, "zlib", None) is zlib:
        pydyf.zlib = _LEVELLED_ZLIB


_LEVELLED_ZLIB = types.SimpleNamespace(  # reads ZLIB_LEVEL at each call
    compress=lambda data, *args, **kwargs: zlib.compress(data, ZLIB_LEVEL),
    compressobj=lambda *args, **kwargs: zlib.compressobj(ZLIB_LEVEL))


def faster_writing() -> None:
    """From now on, pydyf serializes each object once per write and keeps the page
    references (module docstring).  Installed once; a pydyf without the expected
    ``PDF.write``, ``PDF.page_references`` and ``data`` properties is left alone."""
    import pydyf

    if getattr(pydyf.PDF, "_publish_writes_once", False):
        return
    classes = (pydyf.Dictionary, pydyf.Stream, pydyf.Array, pydyf.String)
    if not all(isinstance(vars(cls).get("data"), property) for cls in classes) or \
            not isinstance(vars(pydyf.PDF).get("page_references"), property) or \
            not callable(vars(pydyf.PDF).get("write")):
        return
    for cls in classes:
        cls.data = _kept_while_writing(vars(cls)["data"])
    pydyf.PDF.page_references = _kept_page_references(vars(pydyf.PDF)["page_references"])
    pydyf.PDF.write = _writing(vars(pydyf.PDF)["write"])
    pydyf.PDF._publish_writes_once = True


# The PDF being written in this thread or task, and its objects' bytes by number.
_WRITING: contextvars.ContextVar[tuple[Any, dict[int, bytes]] | None] = \
    contextvars.ContextVar("publish_pydyf_writing", default=None)


def _writing(write: Callable[..., Any]) -> Callable[..., Any]:
    def writing(self: Any, *args: Any, **kwargs: Any) -> Any:
        token = _WRITING.set((self, {}) if WRITE_ONCE else None)
        try:
            return write(self, *args, **kwargs)
        finally:
            _WRITING.reset(token)
    return writing


def _kept_while_writing(data: property) -> property:
    """``data`` of an indirect object (one in ``pdf.objects``) is computed once per
    write; nested and temporary objects (no number) are serialized as before."""
    compute = data.fget
    assert compute is not None

    def kept(self: Any) -> bytes:
        writing = _WRITING.get()
        number = self.number
        if writing is None or number is None:
            return compute(self)
        pdf, known = writing
        if number >= len(pdf.objects) or pdf.objects[number] is not self:
            return compute(self)
        if number not in known:
            known[number] = compute(self)
        return known[number]
    return property(kept)


def _kept_page_references(references: property) -> property:
    """The references built once, again when the page list is another list or has
    another length (``add_page``, pydyf's only way to add a page, extends it)."""
    compute = references.fget
    assert compute is not None

    def kept(self: Any) -> tuple[bytes, ...]:
        kids = self.pages["Kids"]
        known = self.__dict__.get("_publish_page_references")
        if known is None or known[0] is not kids or known[1] != len(kids) or not WRITE_ONCE:
            known = self.__dict__["_publish_page_references"] = (kids, len(kids),
                                                                 compute(self))
        return known[2]
    return property(kept)


def _forget(package: str) -> None:
    """Drop ``package`` and its submodules from ``sys.modules`` (to import it afresh)."""
    for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
        del sys.modules[name]


@contextlib.contextmanager
def _no_library_search() -> Iterator[None]:
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = original


# --- Deferred modules ------------------------------------------------------------------

class _Deferred(types.ModuleType):
    """A stand-in module: any attribute read imports the real module and reads there."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_real(self.__name__), name)


def _real(name: str) -> types.ModuleType:
    if isinstance(sys.modules.get(name), _Deferred):
        del sys.modules[name]
    return importlib.import_module(name)


def _forwarder(module: str, name: str) -> Callable[..., Any]:
    """A function that calls ``module.name``, importing ``module`` on the first call."""
    def forward(*args: Any, **kwargs: Any) -> Any:
        return getattr(_real(module), name)(*args, **kwargs)
    forward.__name__ = forward.__qualname__ = name
    return forward


@contextlib.contextmanager
def _deferred(modules: dict[str, tuple[str, ...]]) -> Iterator[None]:
    """Stand-ins for ``modules`` (not yet imported) while the block imports."""
    placed = []
    for name, functions in modules.items():
        if name in sys.modules:
            continue
        stand_in = _Deferred(name)
        stand_in.__spec__ = None  # the import system asks; not a real module yet
        for function in functions:
            setattr(stand_in, function, _forwarder(name, function))
        sys.modules[name] = stand_in
        placed.append(name)
    try:
        yield
    finally:
        for name in placed:
            if isinstance(sys.modules.get(name), _Deferred):
                del sys.modules[name]


# --- User-agent stylesheet without notes ---------------------------------------------

NOTE_PSEUDOS = frozenset(("footnote-call", "footnote-marker", "note-call", "note-marker",
                          "note-callback"))


def uses_notes(*texts: str) -> bool:
    """Whether CSS or HTML ``texts`` may make a footnote or a note (module docstring).

    CSS keywords are read in any letter case (``float: Footnote``), and a stylesheet
    that imports another (``@import``), or HTML that brings its own (``<style>``,
    ``<link>``), may hold anything: each counts as making one."""
    marks = ("footnote", "note(", "@import", "<style", "<link")
    return any(mark in text.casefold() for text in texts for mark in marks)


def without_notes(document: Any) -> None:
    """Lay ``document`` (a ``weasyprint.HTML``) out with user-agent stylesheets that have
    no rules for the pseudo-elements of notes; left as it is with the plain switch."""
    if os.environ.get(PLAIN_SWITCH):
        return
    original = document._ua_stylesheets

    def trimmed(*args: Any, **kwargs: Any) -> Any:
        return [_trimmed(sheet) for sheet in original(*args, **kwargs)]
    document._ua_stylesheets = trimmed


_TRIMMED: dict[int, tuple[Any, Any]] = {}  # id(sheet) -> (sheet, its copy without notes)


def _trimmed(sheet: Any) -> Any:
    """A copy of ``sheet`` whose selector matcher leaves out the notes' universal rules
    (cssselect2 keeps those in ``other_selectors``, as ``(test, specificity, order,
    pseudo_element, payload)``); ``sheet`` itself when it is not laid out so."""
    known = _TRIMMED.get(id(sheet))
    if known is not None and known[0] is sheet:
        return known[1]
    matcher = getattr(sheet, "matcher", None)
    entries = getattr(matcher, "other_selectors", None)
    if not isinstance(entries, list) or \
            not all(isinstance(entry, tuple) and len(entry) == 5 for entry in entries):
        return sheet
    kept = [entry for entry in entries if entry[3] not in NOTE_PSEUDOS]
    copy = sheet
    if len(kept) < len(entries):
        copy = _copy.copy(sheet)
        copy.matcher = _copy.copy(matcher)
        copy.matcher.other_selectors = kept
    _TRIMMED[id(sheet)] = (sheet, copy)
    return copy


# --- Prebuilt cffi declarations ----------------------------------------------------------

class StaleDeclarations(ImportError):
    """WeasyPrint declared something other than what the prebuilt module holds."""


def _weasyprint_ffi_source() -> Path | None:
    """``weasyprint/text/ffi.py``, found without importing WeasyPrint."""
    spec = importlib.util.find_spec("weasyprint")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "text" / "ffi.py"
    return path if path.is_file() else None


def declarations(source: str) -> str | None:
    """The C text WeasyPrint passes to ``ffi.cdef`` (the module's one literal call)."""
    found = [node.args[0].value for node in ast.walk(ast.parse(source))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
             and node.func.attr == "cdef" and node.args
             and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)]
    return found[0] if len(found) == 1 else None


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def generate(cdef: str) -> str:
    """The out-of-line ABI module for ``cdef``, as Python source, headed by its digest."""
    import cffi
    from cffi import recompiler

    builder = cffi.FFI()
    builder.cdef(cdef)
    builder.set_source(FFI_MODULE, None)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"{FFI_MODULE}.py"
        recompiler.make_py_source(builder, FFI_MODULE, str(target))
        return f"{CDEF_HEADER}{_sha256(cdef)}\n" + target.read_text(encoding="utf-8")


def _module_text(cache_dir: str | Path | None) -> str | None:
    """The prebuilt module for the installed WeasyPrint and cffi, made once, cached."""
    import _cffi_backend

    ffi_py = _weasyprint_ffi_source()
    if ffi_py is None:
        return None
    source = ffi_py.read_text(encoding="utf-8")
    name = digest((FFI_CACHE_VERSION, _cffi_backend.__version__, sys.version, source))

    def make() -> bytes:  # empty when WeasyPrint's declarations cannot be found
        cdef = declarations(source)
        return generate(cdef).encode("utf-8") if cdef is not None else b""

    data, _ = cached(cache_root(cache_dir) / "weasyprint-ffi", f"{name}.py", make)
    return data.decode("utf-8", "replace") or None


def prebuilt_ffi(text: str) -> Any:
    """The ``ffi`` object of a generated module, answering ``cdef`` with a check only."""
    import _cffi_backend

    first, _, body = text.partition("\n")
    expected = first[len(CDEF_HEADER):] if first.startswith(CDEF_HEADER) else ""
    constructor = "_cffi_backend.FFI("
    if not expected or body.count(constructor) != 1:
        raise StaleDeclarations("not a prebuilt declarations module")

    class Prebuilt(_cffi_backend.FFI):  # type: ignore[misc,name-defined]
        def cdef(self, csource: str, override: bool = False, packed: bool = False,
                 pack: int | None = None) -> None:
            if _sha256(csource) != expected:
                raise StaleDeclarations("WeasyPrint's C declarations changed")

    namespace: dict[str, Any] = {"Prebuilt": Prebuilt}
    exec(compile(body.replace(constructor, "Prebuilt("), FFI_MODULE, "exec"), namespace)
    return namespace["ffi"]


@contextlib.contextmanager
def _prebuilt_ffi(cache_dir: str | Path | None) -> Iterator[None]:
    """While the block imports, the first ``cffi.FFI()`` call gets the prebuilt ffi."""
    try:
        text = _module_text(cache_dir)
        ffi = prebuilt_ffi(text) if text else None
    except Exception:  # noqa: BLE001 - any trouble here means: import plainly
        ffi = None
    if ffi is None:
        yield
        return
    import cffi

    original = cffi.FFI
    handed: list[Any] = []

    def first_ffi(*args: Any, **kwargs: Any) -> Any:
        if handed or args or kwargs:
            return original(*args, **kwargs)
        handed.append(ffi)
        return ffi

    cffi.FFI = first_ffi
    try:
        yield
    finally:
        cffi.FFI = original
