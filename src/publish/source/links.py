"""Links inside the interview (``[see](#p2-t1)``): each must name something that exists.

Every part, topic, exchange, turn and paragraph has a positional id (``p2-t1-e1-a2``),
and the outputs give the same ids to the same elements, so a source may link to any of
them.  A fragment naming nothing would be a dead link in the PDF and the deck, and makes
an EPUB invalid (EPUBCheck RSC-012), so it is reported where it is written and the link
is dropped, its text kept.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from ..diagnostics import Diagnostic, warning
from ..model import Interview, Run
from ..text.rewrite import map_interview


def link_targets(interview: Interview) -> frozenset[str]:
    """Every id the outputs give an element (headings carry ``<id>-h``)."""
    ids: set[str] = set()
    for part in interview.parts:
        ids |= {part.id, f"{part.id}-h", *(p.id for p in part.paragraphs)}
        for topic in part.topics:
            ids |= {topic.id, f"{topic.id}-h"}
            for exchange in topic.exchanges:
                ids.add(exchange.id)
                for turn in exchange.turns:
                    ids |= {turn.id, *(p.id for p in turn.paragraphs)}
    return frozenset(ids)


def check_links(interview: Interview, path: str,
                lines: Sequence[str] = ()) -> tuple[Interview, list[Diagnostic]]:
    """The interview without links to ids it lacks, and a warning for each, located at
    the link target in ``lines`` (the source) when it can be found there."""
    targets = link_targets(interview)

    def dead(href: str | None) -> bool:
        return bool(href) and href.startswith("#") and href[1:] not in targets

    diags = []
    for paragraph in interview.paragraphs():
        for href in dict.fromkeys(r.href for r in paragraph.runs if dead(r.href)):
            line, col = _place(lines, paragraph.line or 1, str(href))
            diags.append(warning(path, line, col,
                                 f"link to '{href}': no part, topic or paragraph has that "
                                 "id, so it is left as plain text"))
    if not diags:
        return interview, []

    def runs(old: tuple[Run, ...]) -> tuple[Run, ...]:
        return tuple(replace(run, href=None) if dead(run.href) else run for run in old)

    return map_interview(interview, runs=runs, title=lambda text: text), diags


def _place(lines: Sequence[str], first: int, href: str) -> tuple[int, int]:
    """Line and column of ``](href`` in the paragraph starting at line ``first``."""
    for number in range(first, min(first + 50, len(lines)) + 1):
        col = lines[number - 1].find(f"]({href}")
        if col >= 0:
            return number, col + 3
    return first, 1
