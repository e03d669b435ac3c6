"""The build cache (``publish.store.cache``): entries by digest, and a cache that cannot be
written costs time, never the build."""

from __future__ import annotations

from pathlib import Path

from publish.store.cache import cache_root, cached, digest


def test_an_entry_is_made_once_then_read(tmp_path: Path) -> None:
    calls = []

    def produce() -> bytes:
        calls.append(1)
        return b"data"

    assert cached(tmp_path / "things", "a.bin", produce) == (b"data", False)
    assert cached(tmp_path / "things", "a.bin", produce) == (b"data", True)
    assert calls == [1]


def test_an_unwritable_cache_still_gives_the_data(tmp_path: Path) -> None:
    blocker = tmp_path / "things"
    blocker.write_text("a file where the cache folder would go")
    assert cached(blocker, "a.bin", lambda: b"data") == (b"data", False)


def test_digest_separates_parts_and_the_default_root(monkeypatch) -> None:
    assert digest(("ab", "c")) != digest(("a", "bc"))
    monkeypatch.delenv("PUBLISH_CACHE_DIR", raising=False)
    assert cache_root(None) == Path(".cache") / "publish"
    assert cache_root("elsewhere") == Path("elsewhere")
    monkeypatch.setenv("PUBLISH_CACHE_DIR", "/tmp/somewhere")
    assert cache_root(None) == Path("/tmp/somewhere")
    assert cache_root("elsewhere") == Path("elsewhere")
