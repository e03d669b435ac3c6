"""The prepared model (read, checked, copy-edited) and its build cache
(``publish.prepared``): the cache never changes a result, only how long it takes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED
from publish import prepared
from publish.diagnostics import SourceError
from publish.prepared import prepare
from publish.source import load
from publish.text.typography import typeset

WARNED = SEED.read_text(encoding="utf-8").replace("==", "", 2)  # one key sentence unmarked


def entries(cache: Path) -> list[Path]:
    folder = cache / "models"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def no_preparing(*args, **kwargs):
    raise AssertionError("the cached model should have been used")


def test_the_prepared_model_is_load_then_typeset(tmp_path: Path) -> None:
    interview, diagnostics = load(SEED)
    assert prepare(SEED, tmp_path) == (typeset(interview), list(diagnostics))


def test_a_second_prepare_reads_the_cache(tmp_path: Path, monkeypatch) -> None:
    first = prepare(SEED, tmp_path)
    assert len(entries(tmp_path)) == 1
    monkeypatch.setattr(prepared, "_prepare", no_preparing)
    assert prepare(SEED, tmp_path) == first


def test_warnings_come_back_from_the_cache(tmp_path: Path, monkeypatch) -> None:
    source = tmp_path / "warned.md"
    source.write_text(WARNED, encoding="utf-8")
    interview, diagnostics = prepare(source, tmp_path / "cache")
    assert [d for d in diagnostics if not d.is_error]
    monkeypatch.setattr(prepared, "_prepare", no_preparing)
    assert prepare(source, tmp_path / "cache") == (interview, diagnostics)


def test_each_spelling_of_a_path_gets_its_own_located_warnings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A model prepared as ``warned.md`` is not handed to a build of ``/abs/warned.md``:
    its errors and warnings would name the other spelling."""
    (tmp_path / "warned.md").write_text(WARNED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for spelling in ("warned.md", str(tmp_path / "warned.md"), "warned.md"):
        interview, diagnostics = prepare(spelling, tmp_path / "cache")
        assert interview.path == spelling
        assert diagnostics and all(str(d).startswith(f"{spelling}:") for d in diagnostics)
    assert len(entries(tmp_path / "cache")) == 2


def test_an_edited_source_is_prepared_afresh(tmp_path: Path) -> None:
    source = tmp_path / "edited.md"
    source.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    before, _ = prepare(source, tmp_path / "cache")
    source.write_text(WARNED, encoding="utf-8")
    after, diagnostics = prepare(source, tmp_path / "cache")
    assert after != before and diagnostics
    assert len(entries(tmp_path / "cache")) == 2


def test_a_source_with_errors_is_never_cached(tmp_path: Path) -> None:
    source = tmp_path / "broken.md"
    source.write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(SourceError) as caught:
            prepare(source, tmp_path / "cache")
        assert f"{source}:2:" in str(caught.value)
    assert entries(tmp_path / "cache") == []


def test_a_missing_source_is_a_located_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError):
        prepare(tmp_path / "nowhere.md", tmp_path / "cache")


@pytest.mark.parametrize("junk", [b"", b"not a pickle", b"\x80\x05N.",
                                  b"\x80\x05\x95\x05\x00\x00\x00\x00\x00\x00\x00]\x94."])
def test_a_corrupt_entry_is_prepared_afresh(tmp_path: Path, junk: bytes) -> None:
    expected = prepare(SEED, tmp_path)
    for entry in entries(tmp_path):
        entry.write_bytes(junk)
    assert prepare(SEED, tmp_path) == expected


def test_an_unwritable_cache_costs_nothing_but_time(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would go")
    assert prepare(SEED, blocker) == prepare(SEED, tmp_path / "real")


def test_changed_code_makes_new_entries(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "package"
    package.mkdir()
    (package / "module.py").write_text("A = 1\n")
    monkeypatch.setattr(prepared, "PACKAGE", package)
    before = prepared._key(SEED)
    (package / "module.py").write_text("A = 2\n")
    assert prepared._key(SEED) == before  # taken once per process: the code it runs
    prepared._fingerprint.cache_clear()  # a new process
    assert prepared._key(SEED) != before


def build_twice(source: Path, out: Path, cwd: Path) -> tuple[list[str], list[str], bool]:
    """Build ``source``'s EPUB in two fresh processes: the parsing libraries each
    imported (the first fills the cache, the second reads it), and whether the two
    EPUBs are the same bytes."""
    code = ("import json, sys\nfrom publish.build import build\n"
            f"build({str(source)!r}, ['epub'], output_dir={str(out)!r})\n"
            "print(json.dumps([m for m in ('markdown_it', 'yaml', 'autocorrect_py') "
            "if m in sys.modules]))")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}

    def run() -> tuple[list[str], bytes]:
        printed = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env,
                                 capture_output=True, text=True, check=True).stdout
        return json.loads(printed), (out / f"{source.stem}.epub").read_bytes()

    (cold, cold_epub), (warm, warm_epub) = run(), run()
    return cold, warm, cold_epub == warm_epub


def test_a_warm_rebuild_imports_no_parser(tmp_path: Path) -> None:
    """In a fresh process with the model cached, markdown-it, PyYAML and AutoCorrect stay
    unimported (that is the time the cache saves) and the build is unchanged."""
    cold, warm, same = build_twice(SEED, tmp_path, tmp_path)
    assert "markdown_it" in cold and warm == [] and same


# ---------------------------------------------------------------- collection files

def two_copies(folder: Path) -> Path:
    """``folder/series.yaml`` listing two copies of the seed."""
    for name in ("a.md", "b.md"):
        (folder / name).write_bytes(SEED.read_bytes())
    path = folder / "series.yaml"
    path.write_text("title: 读书会访谈合集\ncompiler: 周末读书会\ninterviews:\n"
                    "  - a.md\n  - b.md\n", encoding="utf-8")
    return path


def test_a_collection_file_is_read_once_then_from_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from publish.source import collection

    series = two_copies(tmp_path)
    first = prepared.read_collection(series, tmp_path / "cache")
    assert first == collection.load_collection(series)
    monkeypatch.setattr(collection, "load_collection", no_preparing)
    assert prepared.read_collection(series, tmp_path / "cache") == first


@pytest.mark.parametrize("change", ["removed", "linked"])
def test_a_cached_collection_still_checks_its_members(tmp_path: Path, change: str) -> None:
    """The cache is keyed by the collection file; its members are looked for on every
    read, so a member gone (or made the other's twin) is the same located error."""
    series = two_copies(tmp_path)
    prepared.read_collection(series, tmp_path / "cache")
    (tmp_path / "b.md").unlink()
    if change == "linked":
        (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    with pytest.raises(SourceError) as cached:
        prepared.read_collection(series, tmp_path / "cache")
    with pytest.raises(SourceError) as fresh:
        prepared.read_collection(series, tmp_path / "other-cache")
    assert str(cached.value) == str(fresh.value)
    assert f"{series}:5:5: error:" in str(cached.value)


def test_an_edited_collection_file_is_read_afresh(tmp_path: Path) -> None:
    series = two_copies(tmp_path)
    prepared.read_collection(series, tmp_path / "cache")
    series.write_text(series.read_text(encoding="utf-8").replace("读书会访谈合集", "第二辑"),
                      encoding="utf-8")
    assert prepared.read_collection(series, tmp_path / "cache").meta.title == "第二辑"


def test_the_volume_metadata_is_typeset_once_then_from_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from publish.model import Interview
    from publish.text import typography

    meta = prepared.read_collection(two_copies(tmp_path), tmp_path / "cache").meta
    meta = type(meta)(**{**meta.__dict__, "title": "DeepSeek创始人访谈合集"})
    expected = typeset(Interview(meta, (), "series.yaml")).meta
    assert expected.title == "DeepSeek 创始人访谈合集"  # the pass does run on it
    assert prepared.typeset_meta(meta, "series.yaml", tmp_path / "cache") == expected
    monkeypatch.setattr(typography, "typeset", no_preparing)
    assert prepared.typeset_meta(meta, "series.yaml", tmp_path / "cache") == expected


def test_a_warm_rebuild_of_a_collection_imports_no_parser(tmp_path: Path) -> None:
    """As for one interview: with the collection file, its metadata and its members
    cached, PyYAML, markdown-it and AutoCorrect stay unimported; the build is the same."""
    cold, warm, same = build_twice(two_copies(tmp_path), tmp_path / "out", tmp_path)
    assert "yaml" in cold and warm == [] and same
