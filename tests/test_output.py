"""Atomic writes: a failed write leaves the old file and no stray temporary file."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.store.output import OutputError, write_atomic


def test_write_atomic_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "book.pdf"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in target.parent.iterdir()) == ["book.pdf"]


def test_failed_write_keeps_the_old_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "book.pdf"
    target.write_bytes(b"old")

    def fail(*args: object) -> None:  # interrupted halfway, like Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr("os.fsync", fail)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["book.pdf"]


def test_unwritable_target_is_a_user_error(tmp_path: Path) -> None:
    """A file where the output folder should be: exit status 2 material, no stray file."""
    blocker = tmp_path / "output"
    blocker.write_bytes(b"not a folder")
    with pytest.raises(OutputError, match=f"{blocker}/book.pdf: error: cannot write there: "):
        write_atomic(blocker / "book.pdf", b"new")
    folder = tmp_path / "out"
    (folder / "book.pdf").mkdir(parents=True)   # a folder where the file should be
    with pytest.raises(OutputError, match="cannot write"):
        write_atomic(folder / "book.pdf", b"new")
    assert [p.name for p in folder.iterdir()] == ["book.pdf"]
    assert blocker.read_bytes() == b"not a folder"
