"""Asking fontconfig which font it would use, in this process.

Pango (and so WeasyPrint) resolves families through fontconfig; asking the same library
gives the same answer.  Each ``fc-match`` subprocess costs ~5 ms and a build asks about
ten times, so the library is called through ctypes; the ``fc-match`` command is the
fallback where the library cannot be loaded.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import shutil
import subprocess
from typing import NamedTuple

FC_MATCH_PATTERN = 0
FC_RESULT_MATCH = 0


class Match(NamedTuple):
    """The font fontconfig picked: file, face index in it, and its family names."""

    file: str
    index: int
    families: tuple[str, ...]


class FontconfigMissing(RuntimeError):
    pass


def escape(family: str) -> str:
    """A family name as a literal in fontconfig's pattern syntax (``Name:lang=..``)."""
    return "".join("\\" + c if c in "\\-:," else c for c in family)


def match(pattern: str) -> Match | None:
    """What fontconfig returns for ``pattern`` (e.g. ``Noto Serif CJK SC:lang=zh-cn``)."""
    library = _library()
    return _match_in_process(library, pattern) if library else _match_with_command(pattern)


@functools.lru_cache(maxsize=1)
def _library() -> ctypes.CDLL | None:
    try:  # the soname first: find_library would run ldconfig in a subprocess
        lib = ctypes.CDLL("libfontconfig.so.1")
    except OSError:
        name = ctypes.util.find_library("fontconfig")
        try:
            lib = ctypes.CDLL(name) if name else None
        except OSError:
            lib = None
    if lib is None:
        return None
    lib.FcNameParse.restype = ctypes.c_void_p
    lib.FcNameParse.argtypes = [ctypes.c_char_p]
    lib.FcConfigSubstitute.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
    lib.FcDefaultSubstitute.argtypes = [ctypes.c_void_p]
    lib.FcFontMatch.restype = ctypes.c_void_p
    lib.FcFontMatch.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
    lib.FcPatternGetString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                       ctypes.POINTER(ctypes.c_char_p)]
    lib.FcPatternGetInteger.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                        ctypes.POINTER(ctypes.c_int)]
    lib.FcPatternDestroy.argtypes = [ctypes.c_void_p]
    return lib


def _match_in_process(lib: ctypes.CDLL, pattern: str) -> Match | None:
    query = lib.FcNameParse(pattern.encode("utf-8"))
    if not query:
        return None
    try:
        lib.FcConfigSubstitute(None, query, FC_MATCH_PATTERN)
        lib.FcDefaultSubstitute(query)
        result = ctypes.c_int(0)
        found = lib.FcFontMatch(None, query, ctypes.byref(result))
    finally:
        lib.FcPatternDestroy(query)
    if not found:
        return None
    try:
        text, number = ctypes.c_char_p(), ctypes.c_int(0)
        if lib.FcPatternGetString(found, b"file", 0, ctypes.byref(text)) != FC_RESULT_MATCH:
            return None
        path = (text.value or b"").decode("utf-8", "replace")
        index = number.value if lib.FcPatternGetInteger(
            found, b"index", 0, ctypes.byref(number)) == FC_RESULT_MATCH else 0
        families = []
        while lib.FcPatternGetString(found, b"family", len(families),
                                     ctypes.byref(text)) == FC_RESULT_MATCH:
            families.append((text.value or b"").decode("utf-8", "replace"))
        return Match(path, index, tuple(families)) if path else None
    finally:
        lib.FcPatternDestroy(found)


def _match_with_command(pattern: str) -> Match | None:
    if shutil.which("fc-match") is None:
        raise FontconfigMissing("fontconfig is not installed (Debian: fontconfig)")
    result = subprocess.run(["fc-match", "-f", "%{file}\n%{index}\n%{family}\n", pattern],
                            capture_output=True, text=True, check=False)
    fields = result.stdout.split("\n")
    if result.returncode != 0 or len(fields) < 3 or not fields[0]:
        return None
    families = tuple(name.strip() for name in fields[2].split(","))
    return Match(fields[0], int(fields[1] or 0), families)
