"""Raw interview transcript -> a first draft in the Markdown source format.

Transcripts arrive as plain text pasted from web pages: a title line, a byline, a
panel's participant lines (``Host: …``, ``嘉宾：…``), numbered part headings, short topic
lines and ``Name: text`` turns, with blank lines anywhere or nowhere.  The importer
guesses that structure, writes the source format (see docs/source-format.md) and reports
every guess it is unsure of as a located warning, so a human only has to review the
draft and mark the key sentences with ``==``.

Two promises hold for any input text: the result is an :class:`ImportResult` whose
Markdown parses without errors, or a :class:`SourceError`; and every character of the
prose survives (only speaker labels, a recording's timestamps, line-end whitespace and
the wrapping Markdown change).
The parser reads the draft back to prove the first promise and to count what it found.

The stages, one module each: ``lines`` (reading lines), ``timestamps`` (taking out a
recording tool's times), ``speakers`` (guessing speakers), ``classify``, ``header`` and
``participants`` (classifying lines), ``group`` (grouping into exchanges) and ``write``
(writing the source).
"""

from __future__ import annotations

from typing import Sequence

from ...diagnostics import Diagnostic, SourceError, error
from ..parse import decode, normalise_newlines
from .classify import TURN, Reader
from .group import Assembler
from .header import read_header
from .lines import (check_characters, guess_language, read_lines, refuse_sources,
                    warn_of_lists)
from .participants import named_labels, settle
from .speakers import find_speakers, given_speakers, names_written_in
from .timestamps import strip_timestamps
from .write import ImportResult, checked, escape, render

__all__ = ["ImportResult", "escape", "import_bytes", "import_transcript"]


def import_bytes(data: bytes, path: str,
                 speakers: Sequence[str] | None = None) -> ImportResult:
    """Import a transcript file's bytes; decoding (BOM, CRLF, bad UTF-8) as the parser does."""
    return import_transcript(decode(data, path), path, speakers)


def import_transcript(text: str, path: str = "<transcript>",
                      speakers: Sequence[str] | None = None) -> ImportResult:
    """Turn transcript text into a source-format draft.

    ``speakers`` (host first) overrides speaker detection.  Raises SourceError when the
    text cannot be imported at all; everything else becomes a located warning.
    """
    text = normalise_newlines(text.removeprefix("\ufeff"))
    language = guess_language(text)
    with names_written_in(language):  # 山田　太郎 keeps its space in Japanese
        return _import(text, path, speakers, language)


def _import(text: str, path: str, speakers: Sequence[str] | None,
            language: str) -> ImportResult:
    lines = read_lines(text)
    if not lines:
        raise SourceError([error(path, 1, 1, "empty transcript: nothing to import")])
    check_characters(text, path)
    refuse_sources(lines, path)
    diags: list[Diagnostic] = []
    lines = strip_timestamps(lines, path, diags)
    names = (given_speakers(speakers, lines, path) if speakers is not None
             else find_speakers(lines, path, diags))
    # the header is read ahead with the guessed speakers (its turn checks warn nothing);
    # its participant lines may name another host, so the body gets a reader of its own
    meta, body = read_header(lines, Reader(names, path, []), language, path, diags)
    labels = named_labels(names, meta.cast, path, diags) if speakers is None else {}
    names = tuple(dict.fromkeys(labels.get(name, name) for name in names))
    names, kept = settle(names, meta.cast, speakers is not None, path, diags)
    reader = Reader(names, path, diags, labels)
    warn_of_lists(body, path, diags)
    items = [*kept, *reader.classify(body)]
    if not any(item.kind == TURN for item in items):
        raise SourceError([error(path, lines[0].number, 1, "no turn by any speaker "
                                 f"({', '.join(names)}) found: nothing to import")])
    assembler = Assembler(names, language, path, diags)
    for item in items:
        assembler.add(item)
    parts = assembler.finish()
    if not any(topic.exchanges for part in parts for topic in part.topics):
        first = next(item for item in items if item.kind == TURN)
        raise SourceError([error(path, first.line, 1, "no question with an answer found: "
                                 f"the host ('{names[0]}') asks, a guest answers; name the "
                                 "speakers host first with --speakers")])
    return checked(render(meta, names, parts), names, path, diags)
