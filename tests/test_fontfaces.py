"""The faces handed to WeasyPrint (``publish.backends.pdf.fontfaces``): the faces the
coverage check proved, cut down, a generic family (``serif``) included."""

from __future__ import annotations

import subprocess

from conftest import THEMES, one_part, require

from publish.backends import Options
from publish.backends import pdf
from publish.backends.pdf.fontfaces import make_subsets, named
from publish.fonts.resolve import match_family
from publish.model import Interview
from publish.theme import load_theme


def test_a_generic_family_is_the_face_fontconfig_gives() -> None:
    serif = match_family("serif", "zh-cn")
    assert serif is not None and "CJK" in serif.family
    assert named(["DejaVu Serif", "serif"], "zh-cn") == ["DejaVu Serif", serif.family]
    # named first, and fontconfig's answer for the generic is the same family: once
    assert named([serif.family, "serif"], "zh-cn") == [serif.family]


def test_a_generic_family_is_cut_down_with_the_named_ones() -> None:
    stacks, subsets = make_subsets({"body": ["DejaVu Serif", "serif"]}, frozenset("中文a"),
                                   "zh-cn")
    serif = match_family("serif", "zh-cn")
    assert serif is not None
    assert stacks["body"][:2] == ["DejaVu Serif Subset", f"{serif.family} Subset"]
    assert {s.family for s in subsets} == {"DejaVu Serif Subset", f"{serif.family} Subset"}


def test_a_stack_naming_no_cjk_family_sets_chinese_in_the_checked_face(
        seed: Interview, tmp_path) -> None:
    """A theme whose body stack names a Latin face and ``serif``: the Chinese text is
    set in the face the check proved (fontconfig's serif for zh-CN), cut down, not in
    what Pango's fallback found (a Japanese sans for 、, an uncut Noto Serif)."""
    theme = load_theme("classic", {"fonts.body": ["DejaVu Serif", "serif"]}, root=THEMES)
    path = tmp_path / "latin-first.pdf"
    path.write_bytes(pdf.render(seed, theme, Options(source_date_epoch=1700000000)))
    require("pdffonts", "poppler-utils")
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    faces = [line.split()[0].partition("+")[2] for line in listing]
    assert any(face.startswith("DejaVu-Serif-Subset") for face in faces), faces
    assert all(face.endswith(("-Subset", "-Subset-Bold")) for face in faces), faces
    assert not any("JP" in face or "KR" in face for face in faces), faces


def test_a_chapters_generic_family_is_resolved_in_its_own_language() -> None:
    """An anthology's Japanese chapter (stack ``body ja``) set in ``serif``: the face
    fontconfig gives for Japanese, not for the volume's Chinese."""
    stacks, _ = make_subsets({"body": ["serif"], "body ja": ["serif"]}, frozenset("字"),
                             "zh-cn")
    chinese, japanese = match_family("serif", "zh-cn"), match_family("serif", "ja")
    assert chinese is not None and japanese is not None
    assert stacks["body"][0] == f"{chinese.family} Subset"
    assert stacks["body ja"][0] == f"{japanese.family} Subset"


def test_an_english_book_needs_no_cjk_face(tmp_path) -> None:
    """A stack of Latin faces only is enough for an English source: no character the
    booklet or the web page adds is Chinese (the speaker colon is ': ' in English)."""
    from publish.backends import html

    interview = one_part(tmp_path, "## Soil\n\nHost: Why soil?\n\nDr. Ada Lee: ==Soil is life.==",
                         "Gardens", "en", "Host", "Dr. Ada Lee", part="One")
    theme = load_theme("classic", {"fonts.body_latin": ["DejaVu Serif", "serif"],
                                   "fonts.heading_latin": ["DejaVu Serif", "serif"],
                                   "fonts.sans_latin": ["DejaVu Sans", "sans-serif"]},
                       root=THEMES)
    from publish.theme import language_theme

    theme = language_theme(theme, "en")
    assert pdf.render(interview, theme, Options(source_date_epoch=1)).startswith(b"%PDF")
    assert b"Soil is life." in html.render(interview, theme, Options(source_date_epoch=1))
