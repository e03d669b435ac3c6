"""The anthology laid out in two halves and joined (backends/pdf/split.py, merge.py),
checked against the same anthology laid out as one document.

The collection is ``seeds/series.yaml``'s two interviews (the seed, then a panel), so
the halves meet at a chapter boundary with real content on both sides.  Each variant
is rendered once for the module; poppler and pikepdf read the real files.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pikepdf
import pytest

from conftest import ROOT, SEED, require
from publish import backends
from publish.backends.pdf import split
from publish.build import BuildResult, prepare_collection
from publish.theme import language_theme, load_theme

PANEL = ROOT / "seeds" / "open-source-education-roundtable.md"


def render(collection, cache: Path, theme=None, **patches) -> tuple[bytes, int]:
    """The anthology's PDF, and how many split attempts it took."""
    pdf = backends.get("pdf")
    theme = language_theme(theme or load_theme("classic"), collection.meta.language)
    attempts = []
    real = split._attempt

    def counted(*args, **kwargs):
        attempts.append(1)
        return real(*args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(split, "_attempt", counted)
        for name, value in patches.items():
            mp.setattr(split, name, value)
        options = backends.Options(source_date_epoch=1700000000, cache_dir=str(cache))
        return pdf.render_collection(collection, theme, options), len(attempts)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("split")
    for name, source in (("a.md", SEED), ("b.md", PANEL)):
        shutil.copy(source, folder / name)
    (folder / "series.yaml").write_text(
        "title: 读书会访谈合集\ncompiler: 周末读书会\ninterviews:\n  - a.md\n  - b.md\n",
        encoding="utf-8")
    collection = prepare_collection(folder / "series.yaml", BuildResult(), lambda *a: None)
    cache = folder / "cache"
    out = {"folder": folder, "collection": collection, "cache": cache}
    out["cold"], out["cold_attempts"] = render(collection, cache)
    out["warm"], out["warm_attempts"] = render(collection, cache)
    out["one"], _ = render(collection, folder / "other-cache", ATTEMPTS=0)
    for name in ("cold", "one"):
        (folder / f"{name}.pdf").write_bytes(out[name])
    return out


def pages_as_images(path: Path, folder: Path) -> list[bytes]:
    require("pdftoppm", "poppler-utils")
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(folder / "p")],
                   check=True)
    return [p.read_bytes() for p in sorted(folder.glob("p-*.png"))]


def test_the_halves_print_every_page_as_one_layout_does(built):
    folder = built["folder"]
    halves = pages_as_images(folder / "cold.pdf", folder / "halves")
    whole = pages_as_images(folder / "one.pdf", folder / "whole")
    assert len(halves) == len(whole) > 20
    assert [n for n, (a, b) in enumerate(zip(halves, whole), 1) if a != b] == []


def links_outline_destinations(data: bytes) -> tuple:
    """Every named destination's page, every link's page and target, the outline."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        index = {page.objgen: n for n, page in enumerate(pdf.pages)}
        names = pdf.Root.Names.Dests.Names
        dests = {str(names[i]): index[names[i + 1][0].objgen]
                 for i in range(0, len(names), 2)}
        links = [(n, str(annot.Dest)) for n, page in enumerate(pdf.pages)
                 for annot in page.get("/Annots", []) if "/Dest" in annot]
        with pdf.open_outline() as outline:
            def walk(items, depth=0):
                for item in items:
                    yield depth, item.title, index[item.destination[0].objgen]
                    yield from walk(item.children, depth + 1)
            tree = list(walk(outline.root))
    return dests, links, tree


def test_links_outline_and_destinations_are_those_of_one_layout(built):
    dests, links, tree = links_outline_destinations(built["cold"])
    assert (dests, links, tree) == links_outline_destinations(built["one"])
    # every contents entry of the last chapter (in the second half) is a live link
    assert dests["c2-h"] > dests["c1-h"]
    assert {target for _, target in links if target.startswith("c2-")} == \
        {name for name in split.contents_anchors(built["collection"])
         if name.startswith("c2-")}


def test_the_structure_tree_holds_both_halves(built):
    with pikepdf.open(io.BytesIO(built["cold"])) as pdf:
        root = pdf.Root.StructTreeRoot
        document = root.K[0]
        pages = {page.objgen for page in pdf.pages}
        kids_pages = {kid.Pg.objgen for kid in document.K if "/Pg" in kid}
        assert all(kid.P.objgen == document.objgen for kid in document.K)
        nums = root.ParentTree.Nums
        keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        assert len(keys) == len(set(keys))
        assert {int(page.StructParents) for page in pdf.pages
                if "/StructParents" in page} <= set(keys)
    assert kids_pages <= pages and len(kids_pages) > len(pages) // 2


def test_each_font_subset_has_a_tag_of_its_own(built, tmp_path):
    require("pdffonts", "poppler-utils")
    path = tmp_path / "a.pdf"
    path.write_bytes(built["cold"])
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    tags = [row.split("+")[0] for row in rows]
    assert len(tags) == len(set(tags)) > 0
    assert all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in rows)


def test_a_rebuild_uses_the_recorded_numbers_and_writes_the_same_bytes(built):
    assert built["cold_attempts"] == 2  # a first guess, then the numbers it proved
    assert built["warm_attempts"] == 1
    assert built["warm"] == built["cold"]


def test_stale_numbers_are_corrected_to_the_same_bytes(built, tmp_path):
    cache = tmp_path / "cache"
    shutil.copytree(built["cache"], cache)
    [record] = list((cache / split.FOLDER).glob("*.json"))
    saved = json.loads(record.read_text(encoding="utf-8"))
    saved["numbers"] = {name: page + 2 for name, page in saved["numbers"].items()}
    record.write_text(json.dumps(saved), encoding="utf-8")
    data, attempts = render(built["collection"], cache)
    assert attempts == 2 and data == built["cold"]
    record.write_text("not json", encoding="utf-8")
    assert render(built["collection"], cache)[0] == built["cold"]


def test_a_theme_override_keeps_numbers_of_its_own(built, tmp_path):
    # `--set type.body_size=12` lays out other pages: its numbers are kept beside the
    # plain build's, so neither replaces the other's and each rebuild takes one attempt
    cache = tmp_path / "cache"
    shutil.copytree(built["cache"], cache)
    larger = load_theme("classic", {"type.body_size": 12})
    _, first = render(built["collection"], cache, theme=larger)
    _, again = render(built["collection"], cache, theme=larger)
    _, plain = render(built["collection"], cache)
    assert (first, again, plain) == (2, 1, 1)
    assert len(list((cache / split.FOLDER).glob("*.json"))) == 2


def test_a_child_that_delivers_nothing_is_replaced_here(built):
    class Absent:
        def __init__(self, work):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return None

        def result(self):
            return None

    data, _ = render(built["collection"], built["cache"], Aside=Absent)
    assert data == built["cold"]


def test_numbers_that_never_settle_give_one_layout(built, tmp_path):
    def never(collection, press, html, names, pages, options):
        return None, split.Pages({}, 0), 1

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(split, "_attempt", never)
        pdf = backends.get("pdf")
        theme = language_theme(load_theme("classic"), "zh-CN")
        options = backends.Options(source_date_epoch=1700000000,
                                   cache_dir=str(tmp_path / "cache"))
        data = pdf.render_collection(built["collection"], theme, options)
    assert data == built["one"]


def test_the_split_point_balances_the_two_processes(built):
    two = built["collection"]
    assert split.split_point(two, split.Pages({"c1-h": 5, "c2-h": 21}, 40)) == 1
    # ten chapters of 12 pages after 8 front pages: a front page weighs two body pages
    # and the join six, so this process takes 4 chapters, the child 6
    ten = SimpleNamespace(interviews=two.interviews * 5)
    starts = {f"c{k + 1}-h": 9 + 12 * k for k in range(10)}
    assert split.split_point(ten, split.Pages(starts, 128)) == 4
    # without numbers the chapters' text decides: equal chapters, more to the child
    assert 1 <= split.split_point(ten, split.Pages({}, 0)) <= 5


def test_chapters_that_open_on_any_page_split_on_either_side(built, tmp_path):
    """A theme whose chapters open on the next page, left or right: the second half
    may begin on a left-hand page, and must look as in one layout there too."""
    root = tmp_path / "themes"
    shutil.copytree(ROOT / "themes", root)
    (root / "flat" / "css").mkdir(parents=True)
    (root / "flat" / "theme.toml").write_text('name = "flat"\ninherit = "classic"\n',
                                              encoding="utf-8")
    (root / "flat" / "css" / "print.css").write_text(
        ".chapter, .part { break-before: page; }\n", encoding="utf-8")
    flat = load_theme("flat", root=root)
    halves, _ = render(built["collection"], tmp_path / "cache", theme=flat)
    halves, attempts = render(built["collection"], tmp_path / "cache", theme=flat)
    one, _ = render(built["collection"], tmp_path / "other", theme=flat, ATTEMPTS=0)
    assert attempts == 1
    (tmp_path / "halves.pdf").write_bytes(halves)
    (tmp_path / "one.pdf").write_bytes(one)
    a = pages_as_images(tmp_path / "halves.pdf", tmp_path / "a")
    b = pages_as_images(tmp_path / "one.pdf", tmp_path / "b")
    assert len(a) == len(b) and [n for n, (x, y) in enumerate(zip(a, b), 1) if x != y] == []
    assert links_outline_destinations(halves) == links_outline_destinations(one)
