"""The anthology laid out in two halves, one on each core, then joined (``merge``).

WeasyPrint lays a document out on one core, page after page, and an anthology of ten
interviews is some 130 pages.  Its chapters each start on a right-hand page and nothing
in one depends on another, so a chapter is laid out the same wherever it starts; only
two things cross chapters: the printed page numbers, and the contents, which print
every chapter's, part's and topic's page.  Given those numbers (``Pages``), the
anthology splits in two: this process lays out the front matter (with the contents'
numbers written in, ``data-page``) and the first chapters, up to where the next
chapter would open (after a blank left-hand page if need be), while a forked child
lays out the other chapters with its page counter starting there.

The numbers come, like LaTeX's ``.aux`` file, from the previous build of the same
collection (kept in the build cache), else from a first attempt.  Every attempt is
checked: the contents' numbers must be where the anchors landed, and the second half
must start on the page after the first ends.  A
failed check gives the exact numbers (a chapter's layout does not depend on where it
starts), so the next attempt holds.  The result depends only on the input: the split
point is chosen from the checked numbers, and a collection that never settles (or has
a single interview) is laid out as one document, as a booklet is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ...child import Aside
from ...model import Collection
from ...store.cache import cache_root, digest
from ...store.output import OutputError, write_atomic
from .. import Options
from .logs import captured_warnings

ATTEMPTS = 3
FOLDER = "anthology-pages"
# Work in body pages, as measured on ten copies of the seed: a front-matter page costs
# about two (each contents entry is a block with a link, a leader and a positioned page
# number), joining the halves about six.
FRONT_WEIGHT = 2
JOIN_PAGES = 6


@dataclass(frozen=True)
class Pages:
    """Where the contents' anchors are (name -> page number) and how many pages there
    are; ``exact`` when a check has proved them (else a guess)."""

    numbers: dict[str, int]
    total: int


@dataclass
class Half:
    """A laid-out and written half: its PDF, anchors (name -> page number, as printed)
    and page count, and what WeasyPrint warned about while making it."""

    data: bytes
    anchors: dict[str, int]
    count: int
    warnings: list[str]


def typeset_halves(collection: Collection, press: Any, html: Callable[..., str],
                   options: Options) -> bytes:
    """The anthology's PDF bytes (see the module docstring)."""
    if len(collection.interviews) < 2:
        return press.write(press.lay_out(html()))
    names = contents_anchors(collection)
    store = _store_path(collection, press, options)
    recalled = pages = _recall(store, names)
    for _ in range(ATTEMPTS):
        data, proved, k = _attempt(collection, press, html, names, pages, options)
        if data is not None and split_point(collection, proved) == k:
            if proved != recalled:  # a rebuild that confirms them writes nothing
                _remember(store, proved)
            return data
        pages = proved
    document = press.lay_out(html())
    _remember(store, Pages(anchor_pages(document, names), len(document.pages)))
    return press.write(document)


def contents_anchors(collection: Collection) -> list[str]:
    """The anchors the contents point at, in order: chapters, parts, topics."""
    names = []
    for number, interview in enumerate(collection.interviews, start=1):
        names.append(f"c{number}-h")
        for part in interview.parts:
            names.append(f"{part.id}-h")
            names += [f"{topic.id}-h" for topic in part.topics]
    return names


def anchor_pages(document: Any, names: list[str]) -> dict[str, int]:
    """The page number (1-based, as printed) of each of ``names`` in a laid-out
    document that has it."""
    wanted, found = set(names), {}
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:
            if name in wanted and name not in found:
                found[name] = number
    return found


def split_point(collection: Collection, pages: Pages) -> int:
    """How many chapters the first half takes: the count that best balances the two
    processes' work (the front matter weighs more, the first half also joins)."""
    n = len(collection.interviews)
    starts = [pages.numbers.get(f"c{k}-h", 0) for k in range(1, n + 1)]
    if not all(b > a for a, b in zip(starts, starts[1:])):  # no usable numbers
        sizes = [len(member.characters()) + sum(len(p.runs) for p in member.paragraphs())
                 for member in collection.interviews]
        starts = [1 + sum(sizes[:k]) for k in range(n)]
        front, total = 0, sum(sizes) + 1
    else:
        front, total = starts[0] - 1, pages.total + 1
    extra = front * (FRONT_WEIGHT - 1) + JOIN_PAGES

    def load(k: int) -> int:
        return max(starts[k] + extra, total - starts[k])

    return min(range(1, n), key=load)


def _attempt(collection: Collection, press: Any, html: Callable[..., str],
             names: list[str], pages: Pages, options: Options
             ) -> tuple[bytes | None, Pages, int]:
    """Lay out both halves from ``pages``: the joined PDF (None if the numbers did not
    hold), the numbers as laid out, and the split point used."""
    k = split_point(collection, pages)
    chapters = list(enumerate(collection.interviews, start=1))
    numbers = {name: pages.numbers.get(name, 1) for name in names}
    start = max(numbers[f"c{k + 1}-h"], 1)  # the second half's first page number
    second = names[names.index(f"c{k + 1}-h"):]

    def second_half() -> Half:
        warnings: list[str] = []
        with captured_warnings(warnings):
            document = press.lay_out(html(front=False, body=chapters[k:]),
                                     first_page_rules(start))
            found = {name: start - 1 + number
                     for name, number in anchor_pages(document, second).items()}
            return Half(press.write(document), found, len(document.pages), warnings)

    with Aside(second_half) as aside:
        first = press.lay_out(html(body=chapters[:k], continued=True, page_numbers=numbers))
        first = first.copy(first.pages[:-1])  # the page the next chapter would open
        laid = anchor_pages(first, names[:len(names) - len(second)])
        real_start = len(first.pages) + 1
        if all(laid[name] == numbers[name] for name in laid) and real_start == start:
            for name in second:  # stand-ins: join() points them at the second half
                first.pages[0].anchors.setdefault(name, (0, 0, 0, 0))
            data = press.write(first)
        else:
            data = None
            press.done(first)
        tail = aside.result() or second_half()
    options.warnings.extend(w for w in tail.warnings if w not in options.warnings)
    laid.update({name: number - start + real_start for name, number in tail.anchors.items()})
    proved = Pages(laid, real_start + tail.count - 1)
    if data is None or laid != numbers:
        return None, proved, k
    from .merge import join  # pikepdf (30 ms) only now: the child forked without waiting

    return join(data, tail.data), proved, k


def first_page_rules(number: int) -> str:
    """CSS that makes a document's first page page ``number``, on the side that number
    falls on: the base theme opens chapters on right-hand (odd) pages, a theme that
    lets them open on any page may start the second half on a left-hand one."""
    rules = f"@page :first {{ counter-increment: page {number} }}"
    return rules if number % 2 else rules + " html { break-before: left }"


def _store_path(collection: Collection, press: Any, options: Options) -> Path:
    """Where the previous build of this collection, in this theme, left its numbers.

    The theme's merged options are part of the key, ``--set`` overrides included: a
    build with another type size lays out other pages, and would otherwise replace the
    numbers the plain build keeps finding (each costing the other a second attempt).
    """
    where = str(Path(collection.path).resolve()) if collection.path else ""
    key = (where, press.theme.name, json.dumps(press.theme.options, sort_keys=True, default=str),
           json.dumps(options.settings, sort_keys=True, default=str))
    return cache_root(options.cache_dir) / FOLDER / (digest(key) + ".json")


def _recall(path: Path, names: list[str]) -> Pages:
    """The numbers of the previous build, or a blank guess."""
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        return Pages({k: int(v) for k, v in saved["numbers"].items() if k in names},
                     int(saved["total"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Pages({}, 0)


def _remember(path: Path, pages: Pages) -> None:
    """Keep the numbers for the next build (an unwritable cache only costs time)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps({"numbers": pages.numbers, "total": pages.total},
                                      sort_keys=True).encode("utf-8"))
    except (OSError, OutputError):
        pass
