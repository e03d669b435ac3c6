"""Rewrite the text of an interview while keeping its structure and its inline runs.

The copy-editing pass (``typography``) and the Traditional Chinese conversion
(``variant``) both rewrite whole paragraphs of text: a rule often needs both sides of a
run boundary (``创新`` **``DeepSeek``** needs a space that belongs to neither run alone;
``信`` ==``息``== is one phrase for OpenCC).  So each paragraph is rewritten as one
string, and the result is cut back into runs by aligning it with the original:
unchanged characters stay in their run, a replaced character stays where it was, and an
insertion at a run boundary goes to the plainer neighbour (fewer styles, no link), so a
new space never extends an emphasis, a link or the highlighted key sentence.

``code`` runs and hard breaks are never rewritten: inside the joined string each code run
is one stand-in letter (so spacing rules still see "Latin text here") and each break is a
newline; if a rewrite would change either, the paragraph is left as written.
"""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher
from typing import Callable, Sequence

from ..model import Interview, Meta, Paragraph, Part, Run, Speaker, Style, Topic, Turn

Transform = Callable[[str], str]
CODE_STAND_IN = "X"


def _joined(runs: Sequence[Run]) -> tuple[str, list[int], set[int]]:
    """The paragraph as one string, the run owning each character, and protected indices."""
    chars: list[str] = []
    owner: list[int] = []
    protected: set[int] = set()
    for index, run in enumerate(runs):
        if run.is_break or Style.CODE in run.styles:
            protected.add(len(chars))
            chars.append("\n" if run.is_break else CODE_STAND_IN)
            owner.append(index)
            continue
        chars.extend(run.text)
        owner.extend([index] * len(run.text))
    return "".join(chars), owner, protected


def _weight(run: Run) -> int:
    """How styled a run is; an inserted character goes to the lighter neighbour."""
    return len(run.styles) + (1 if run.href else 0)


def _insert_owner(runs: Sequence[Run], owner: list[int], protected: set[int],
                  at: int) -> int | None:
    """Which run receives text inserted before original position ``at``."""
    left = owner[at - 1] if at > 0 and at - 1 not in protected else None
    right = owner[at] if at < len(owner) and at not in protected else None
    if left is None or right is None:
        return right if left is None else left
    if left == right or _weight(runs[left]) <= _weight(runs[right]):
        return left
    return right


def _share(text: str, owner: list[int], i1: int, i2: int,
           new: str) -> list[tuple[int, str]]:
    """Split the replacement of ``text[i1:i2]`` among the runs that held it.

    One run: all of it.  Several (a phrase across a highlight boundary, 信|息 -> 資|訊):
    in proportion, over the characters that are not spaces, so a run keeps a share and a
    highlight never vanishes; ``, `` -> ``，`` stays with the comma.
    """
    places = [k for k in range(i1, i2) if not text[k].isspace()] or list(range(i1, i2))
    if len({owner[k] for k in places}) == 1:
        return [(owner[places[0]], new)]
    count, out = len(places), []
    for n, k in enumerate(places):
        start, end = -(-n * len(new) // count), -(-(n + 1) * len(new) // count)
        out.append((owner[k], new[start:end]))
    return out


def rewrite_runs(runs: Sequence[Run], transform: Transform,
                 reference: Transform | None = None) -> tuple[Run, ...]:
    """Apply ``transform`` to the paragraph's text and cut the result back into runs.

    ``reference`` maps one character to what ``transform`` would most likely make of it
    (for a character conversion); it guides the alignment only.  Runs whose text becomes
    empty are dropped.  When the rewrite would touch a code run or a break, or cannot be
    placed, the runs come back unchanged: leaving text as written is always safe.
    """
    runs = tuple(runs)
    text, owner, protected = _joined(runs)
    new = transform(text)
    if new == text:
        return runs
    basis = "".join(reference(c) if reference and i not in protected else c
                    for i, c in enumerate(text))
    if len(basis) != len(text):
        basis = text
    pieces: list[list[str]] = [[] for _ in runs]
    matcher = SequenceMatcher(None, basis, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        touched = protected.intersection(range(i1, i2))
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1 and not touched):
            for k in range(i2 - i1):
                pieces[owner[i1 + k]].append(new[j1 + k])
        elif touched:
            return runs
        elif op == "replace":
            for target, piece in _share(text, owner, i1, i2, new[j1:j2]):
                pieces[target].append(piece)
        elif op == "insert":
            target = _insert_owner(runs, owner, protected, i1)
            if target is None:
                return runs
            pieces[target].append(new[j1:j2])
    out = []
    for index, run in enumerate(runs):
        if run.is_break or Style.CODE in run.styles:
            out.append(run)
        elif pieces[index]:
            out.append(replace(run, text="".join(pieces[index])))
    return tuple(out)


def map_interview(interview: Interview, runs: Callable[[tuple[Run, ...]], tuple[Run, ...]],
                  title: Transform, label: Transform | None = None,
                  meta: Callable[[Meta], Meta] | None = None,
                  speaker: Callable[[Speaker], Speaker] | None = None) -> Interview:
    """A new interview with every paragraph's runs, title and label rewritten.

    ``title`` rewrites part and topic titles; ``label`` the numbering of part headings
    (``一.``), left alone when None; ``speaker`` rewrites each speaker once, so a turn's
    speaker stays the same object as the one declared in the metadata.
    """
    new_meta = meta(interview.meta) if meta else interview.meta
    speakers = dict(zip(interview.meta.speakers, new_meta.speakers))
    if speaker:
        speakers = {s: speaker(s) for s in interview.meta.speakers}
        new_meta = replace(new_meta, speakers=tuple(speakers.values()))

    def para(p: Paragraph) -> Paragraph:
        return replace(p, runs=runs(p.runs))

    def turn(t: Turn) -> Turn:
        return replace(t, speaker=speakers.get(t.speaker, t.speaker),
                       paragraphs=tuple(para(p) for p in t.paragraphs))

    def topic(t: Topic) -> Topic:
        exchanges = tuple(replace(e, question=turn(e.question),
                                  answers=tuple(turn(a) for a in e.answers))
                          for e in t.exchanges)
        return replace(t, title=title(t.title), exchanges=exchanges)

    def part(p: Part) -> Part:
        new_title = title(p.title)
        prefix = p.heading[: len(p.heading) - len(p.title)] \
            if p.title and p.heading.endswith(p.title) else None
        if prefix is None:
            heading, new_label = title(p.heading), p.label
        else:
            heading = (label(prefix) if label else prefix) + new_title
            new_label = label(p.label) if label else p.label
        return replace(p, heading=heading, title=new_title, label=new_label,
                       paragraphs=tuple(para(x) for x in p.paragraphs),
                       topics=tuple(topic(t) for t in p.topics))

    return replace(interview, meta=new_meta, parts=tuple(part(p) for p in interview.parts))
