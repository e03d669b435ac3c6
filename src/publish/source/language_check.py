"""Whether a source's text is written in the language its front matter gives.

The ``language`` key decides how every output looks (faces, labels, copy-editing, line
breaking), and it is easy to misspell (``langauge: ja``: warned as an unknown key, then
built as the default, Chinese) or to forget.  So a text clearly written in another
language (``text.language.written_in_another``) is a warning at the ``language`` line.
"""

from __future__ import annotations

import re

from ..diagnostics import Diagnostic, warning

LANGUAGE_NAMES = {"zh": "Chinese", "ja": "Japanese", "ko": "Korean",
                  "en": "English (or another language in Latin letters)"}


def language_mismatch(language: str, lines: list[str], body_start: int,
                      path: str) -> list[Diagnostic]:
    """A warning when the text is clearly in another language than the front matter
    says (a misspelt or forgotten ``language`` makes a Japanese interview a Chinese book:
    Chinese faces, labels and copy-editing), at the ``language`` line or the first."""
    from ..text.language import written_in_another

    from ..text.language import detect

    body = "\n".join(lines[body_start:])
    found = written_in_another(language, body)
    if found is None:
        return []
    name = LANGUAGE_NAMES[found]
    tag = detect(body) if found == "zh" else found  # zh-CN or zh-Hant (OpenCC tells)
    short = name.split(" (")[0]
    line = next((n for n, text in enumerate(lines[:body_start], 1)
                 if re.match(r"language\s*:", text)), 1)
    said = f"'{language}'" if language else "not given (so zh-CN)"
    return [warning(path, line, 1, f"the text looks {name}, but the source's language is "
                    f"{said}; set 'language: {tag}' for {short} faces, labels and line "
                    "breaking")]
