"""A build replaces only files it wrote itself (``store.ownership``), never its input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SEED

from publish import backends
from publish.cli import main
from publish.store.ownership import RECORDS, check_targets, record_path, remember
from publish.store.output import OutputError


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(SEED, tmp_path / "talk.md")
    return tmp_path


def test_a_file_publish_did_not_write_is_kept_and_nothing_is_written(folder, capsys):
    (folder / "talk.epub").write_bytes(b"my own notes")
    code, err = run(capsys, "build", str(folder / "talk.md"), "-f", "pdf,epub",
                    "-o", str(folder), "-q")
    assert code == 2
    assert f"{folder / 'talk.epub'}: error: exists and was not written by publish" in err
    assert "--force" in err
    assert (folder / "talk.epub").read_bytes() == b"my own notes"
    assert not (folder / "talk.pdf").exists()  # refused before anything was rendered


def test_force_replaces_it_and_then_rebuilds_need_no_force(folder, capsys):
    (folder / "talk.epub").write_bytes(b"my own notes")
    assert run(capsys, "build", str(folder / "talk.md"), "-f", "epub", "-o", str(folder),
               "-q", "--force")[0] == 0
    first = (folder / "talk.epub").read_bytes()
    assert first.startswith(b"PK")
    assert run(capsys, "build", str(folder / "talk.md"), "-f", "epub", "-o", str(folder),
               "-q")[0] == 0
    assert (folder / RECORDS / "talk.epub.sha256").is_file()


def test_an_output_changed_since_it_was_written_is_kept(folder, capsys):
    assert run(capsys, "build", str(folder / "talk.md"), "-f", "epub", "-o", str(folder),
               "-q")[0] == 0
    with (folder / "talk.epub").open("ab") as handle:  # edited and saved in a reader
        handle.write(b"annotations")
    edited = (folder / "talk.epub").read_bytes()
    code, err = run(capsys, "build", str(folder / "talk.md"), "-f", "epub",
                    "-o", str(folder), "-q")
    assert code == 2 and "was not written by publish (or was changed since)" in err
    assert (folder / "talk.epub").read_bytes() == edited


def test_the_source_is_never_an_output_even_with_force(tmp_path, capsys):
    """A source named talk.html, built as html into its own folder, would become its
    own web edition."""
    source = tmp_path / "talk.html"
    shutil.copy(SEED, source)
    for force in ([], ["--force"]):
        code, err = run(capsys, "build", str(source), "-f", "html", "-o", str(tmp_path),
                        "-q", *force)
        assert code == 2 and "is an input of this build" in err
    assert source.read_bytes() == SEED.read_bytes()


def test_a_collection_member_is_never_an_output(tmp_path):
    member = tmp_path / "talk.handout.pdf"
    member.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="is an input of this build"):
        check_targets([tmp_path / "." / "talk.handout.pdf"], [member], force=True)


def test_a_folder_in_the_way_is_named(tmp_path):
    (tmp_path / "talk.pdf").mkdir()
    with pytest.raises(OutputError, match="it is a folder"):
        check_targets([tmp_path / "talk.pdf"], [], force=True)


def test_a_record_matches_only_the_bytes_written(tmp_path):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"one")
    remember(target, b"one")
    check_targets([target], [], force=False)
    target.write_bytes(b"two")
    with pytest.raises(OutputError):
        check_targets([target], [], force=False)
    record_path(target).write_text("garbage", encoding="ascii")
    with pytest.raises(OutputError):
        check_targets([target], [], force=False)


def test_an_output_another_source_made_is_replaced_with_a_warning(tmp_path, capsys):
    """``a/talk.md`` and ``b/talk.md`` built into one folder: the second replaces the
    first's output (publish wrote it) but says so, once."""
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        shutil.copy(SEED, tmp_path / name / "talk.md")
    out = str(tmp_path / "out")
    assert run(capsys, "build", str(tmp_path / "a" / "talk.md"), "-f", "epub", "-o", out,
               "-q") == (0, "")
    code, err = run(capsys, "build", str(tmp_path / "b" / "talk.md"), "-f", "epub", "-o",
                    out, "-q")
    assert code == 0
    assert err.strip() == (f"warning: {tmp_path / 'out' / 'talk.epub'} was built from "
                           f"{tmp_path / 'a' / 'talk.md'}; this build of "
                           f"{tmp_path / 'b' / 'talk.md'} replaces it (give another "
                           "--output-dir to keep both)")
    assert run(capsys, "build", str(tmp_path / "b" / "talk.md"), "-f", "epub", "-o", out,
               "-q") == (0, "")


def test_a_record_naming_no_source_still_counts_as_written_by_publish(tmp_path):
    """Records made before they named the source: replaced without --force or warning."""
    from publish.store.ownership import built_from_another

    target = tmp_path / "a.pdf"
    target.write_bytes(b"one")
    remember(target, b"one")
    assert record_path(target).read_text(encoding="ascii").count("\n") == 0
    check_targets([target], [], force=False)
    assert built_from_another([target], tmp_path / "a.md") == []


def test_a_format_that_cannot_make_a_collection_is_refused_before_any_output(tmp_path,
                                                                             capsys):
    series = tmp_path / "series.yaml"
    shutil.copy(SEED, tmp_path / "talk.md")
    series.write_text("title: X\ninterviews:\n  - talk.md\n", encoding="utf-8")
    code, err = run(capsys, "build", str(series), "-f", "pdf,html", "-o", str(tmp_path / "o"))
    assert code == 2 and "format 'html' cannot build a collection" in err
    assert not (tmp_path / "o").exists()


def test_the_registry_knows_each_backends_suffix_and_anthology():
    """``backends.SUFFIXES`` and ``COLLECTIONS`` name outputs before any backend is
    imported; they must say what the modules do."""
    from publish.build import PER_INTERVIEW

    for name in backends.REGISTRY:
        module = backends.get(name)
        assert backends.SUFFIXES[name] == module.SUFFIX, name
        makes_anthology = hasattr(module, "render_collection") or name in PER_INTERVIEW
        assert (name in backends.COLLECTIONS) == makes_anthology, name


def test_two_outputs_that_are_one_file_are_refused(tmp_path, capsys):
    """A collection x.handout.yaml's anthology and its member x.md's handout share a
    name: the handout replaced the anthology."""
    shutil.copy(SEED, tmp_path / "x.md")
    series = tmp_path / "x.handout.yaml"
    series.write_text("title: X\ninterviews:\n  - x.md\n", encoding="utf-8")
    code, err = run(capsys, "build", str(series), "-f", "pdf,handout", "-o", str(tmp_path / "o"))
    assert code == 2 and "would be this same file too: rename a source" in err
    assert not (tmp_path / "o").exists()


def test_a_file_saved_while_the_build_renders_is_kept(folder):
    """Each output is checked again just before it is written."""
    from publish.build import build

    def saved_meanwhile(name: str, path: Path) -> None:
        if name == "pdf":
            (folder / "talk.epub").write_bytes(b"saved while the PDF was written")

    with pytest.raises(OutputError, match="talk.epub: error: exists and was not written"):
        build(folder / "talk.md", ["pdf", "epub"], output_dir=folder, written=saved_meanwhile)
    assert (folder / "talk.epub").read_bytes() == b"saved while the PDF was written"


def test_the_preview_serves_what_the_command_line_lets_through():
    """``cli.PREVIEWED`` refuses formats before the preview module loads; it must name
    what the preview links (``preview.LABELS``)."""
    from publish import cli, preview

    assert cli.PREVIEWED == tuple(preview.LABELS)
    assert preview.SUFFIXES == {name: backends.SUFFIXES[name] for name in ("html",
                                                                           *cli.PREVIEWED)}
