"""Themes: inheritance, merging, unknown-option warnings, lookup, listing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pikepdf
import pytest

from conftest import ROOT, SEED, THEMES
from publish.theme import (Theme, ThemeError, available_themes, language_theme, load_theme,
                           parse_override, safe_href)
from publish.theme_checks import PALETTE_DEFAULTS, palette_colour


def test_two_shipped_themes_differ_visibly(classic: Theme, modern: Theme) -> None:
    assert classic.font_stack("body")[0] != modern.font_stack("body")[0]
    assert classic.get("palette.accent") != modern.get("palette.accent")
    assert classic.get("slides.background") != modern.get("slides.background")


def test_options_merge_base_then_theme_then_user() -> None:
    theme = load_theme("modern", {"slides.key_max_size": 36}, root=THEMES)
    assert theme.get("slides.key_max_size") == 36          # user
    assert theme.get("palette.accent") == "#0f766e"          # theme
    assert theme.get("page.size") == "A5"                    # base
    assert [p.name for p in theme.chain] == ["modern", "base"]
    assert theme.warnings == ()


def test_a_language_theme_can_be_made_for_another_language(classic: Theme) -> None:
    # A collection's chapters are set in their own languages' stacks, found from the
    # theme already made for the volume's language.
    english = language_theme(classic, "en")
    assert english.font_stack("body") == classic.font_stack("body", "latin")
    assert language_theme(english, "ja").font_stack("body") == \
        classic.font_stack("body", "ja")
    assert language_theme(english, "zh-CN") == classic
    assert language_theme(language_theme(english, "en"), "en") == english


def test_unknown_options_are_warned(tmp_path: Path) -> None:
    (tmp_path / "base").symlink_to(THEMES / "base")
    (tmp_path / "odd").mkdir()
    (tmp_path / "odd" / "theme.toml").write_text(
        'name = "odd"\ndescription = "x"\n[palette]\nacent = "#000"\n[nope]\na = 1\n')
    theme = load_theme("odd", root=tmp_path)
    assert any("unknown theme option 'palette.acent' (did you mean 'palette.accent'?)" in w
               for w in theme.warnings)
    assert any("unknown theme option 'nope'" in w for w in theme.warnings)


def test_an_unknown_option_set_on_the_command_line_is_an_error() -> None:
    """A theme file may name options of a newer version; a --set key nothing declares
    is a typo, which a warning let through (the build went on without it)."""
    with pytest.raises(ThemeError) as info:
        load_theme("classic", {"slides.key_size": 3}, root=THEMES)
    assert str(info.value) == ("--set: error: unknown theme option 'slides.key_size' "
                               "(did you mean 'slides.key_min_size'?)")


@pytest.mark.parametrize("option, value, message", [
    ("type.body_size", 0, "'type.body_size' must be between 4 and 72, not 0"),
    ("type.line_height", -1, "'type.line_height' must be between 0.8 and 4, not -1"),
    ("slides.width", 0, "'slides.width' must be between 1 and 56, not 0"),
    ("slides.key_min_size", 50, "'slides.key_min_size' (50) is larger than "
                                "'slides.key_max_size' (40)"),
    ("palette.accent", "reddish", "'palette.accent' must be a colour"),
    ("slides.key_color", "red", "'slides.key_color' must be a #RRGGBB colour"),
    ("slides.accent_color", "#abc", "'slides.accent_color' must be a #RRGGBB colour"),
    ("palette.cover_background", "currentcolor", "'palette.cover_background' must be a "
                                                 "colour"),
])
def test_a_value_no_backend_can_use_is_an_error(option, value, message) -> None:
    """A type size of 0 printed no visible text; a slide 0 inches wide was blamed on the
    source; 'reddish' reached the CSS and the deck's XML."""
    with pytest.raises(ThemeError, match=re.escape(message)):
        load_theme("classic", {option: value}, root=THEMES)


def test_every_shipped_theme_passes_its_own_checks() -> None:
    for name in ("base", "classic", "modern"):
        assert load_theme(name, root=THEMES).name == name
    loose = {"palette.accent": "teal", "palette.rule": "rgb(140, 47, 57)",
             "slides.key_color": "8c2f39"}  # a slide colour without its '#', as ever
    theme = load_theme("classic", loose, root=THEMES)
    # palette colours are handed on as #rrggbb (see test_palette_colours_...)
    assert [theme.get(key) for key in loose] == ["#008080", "#8c2f39", "8c2f39"]


def test_options_of_the_wrong_kind_are_errors(tmp_path: Path) -> None:
    """A value no backend could use stops the build (exit 2) instead of crashing it."""
    overrides = {"fonts.body": 3, "slides.key_max_size": "big", "epub.embed_font": 1,
                 "palette": "red"}
    with pytest.raises(ThemeError) as info:
        load_theme("classic", overrides, root=THEMES)
    assert str(info.value).splitlines() == [
        "--set: error: theme option 'fonts.body' must be a list of strings, not 3",
        "--set: error: theme option 'slides.key_max_size' must be a number, not 'big'",
        "--set: error: theme option 'epub.embed_font' must be true or false, not 1",
        "--set: error: theme option 'palette' must be a table"]
    # numbers are interchangeable and a font stack may be one family
    theme = load_theme("classic", {"slides.width": 13, "fonts.body": "Noto Serif CJK SC"},
                       root=THEMES)
    assert theme.font_stack("body") == ["Noto Serif CJK SC"]
    # a bare 0 is the length 0 where a text is declared (a margin needs no unit for it)
    assert load_theme("classic", {"page.margin_top": 0}, root=THEMES).get(
        "page.margin_top") == "0"
    with pytest.raises(ThemeError, match="'page.margin_top' must be a string, not 5"):
        load_theme("classic", {"page.margin_top": 5}, root=THEMES)
    (tmp_path / "base").symlink_to(THEMES / "base")
    (tmp_path / "odd").mkdir()
    (tmp_path / "odd" / "theme.toml").write_text('[type]\nbody_size = "11pt"\n')
    with pytest.raises(ThemeError, match=r"odd/theme.toml:2:1: error: theme option "
                       "'type.body_size' must be a number, not '11pt'"):
        load_theme("odd", root=tmp_path)


def test_missing_theme_names_the_installed_ones() -> None:
    with pytest.raises(ThemeError, match="installed: base, classic, modern"):
        load_theme("nonexistent", root=THEMES)


def test_inheritance_loop_is_an_error(tmp_path: Path) -> None:
    for a, b in (("a", "b"), ("b", "a")):
        (tmp_path / a).mkdir()
        (tmp_path / a / "theme.toml").write_text(f'inherit = "{b}"\n')
    with pytest.raises(ThemeError, match=re.escape(
            f"{tmp_path / 'b' / 'theme.toml'}: error: theme 'a' inherits in a loop: "
            "a -> b -> a")):
        load_theme("a", root=tmp_path)


@pytest.mark.parametrize("shipped_too", [False, True])
def test_a_theme_that_inherits_itself_is_said_to(tmp_path: Path, shipped_too: bool,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """It said "no theme named 'bad'" of a theme that exists (or "inherits in a loop"
    when its folder was the last searched)."""
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "theme.toml").write_text('name = "bad"\ninherit = "bad"\n')
    message = (f"{bad / 'theme.toml'}: error: theme 'bad' inherits from itself (inherit = "
               f"\"bad\"), and no folder searched after {tmp_path} holds a theme 'bad' for "
               "it to extend")
    if shipped_too:  # $PUBLISH_THEMES, then the shipped themes, which hold no 'bad'
        monkeypatch.setenv("PUBLISH_THEMES", str(tmp_path))
        with pytest.raises(ThemeError) as info:
            load_theme("bad")
    else:
        with pytest.raises(ThemeError) as info:
            load_theme("bad", root=tmp_path)
    assert str(info.value) == message


def test_a_bad_page_in_a_theme_file_names_the_file(tmp_path: Path) -> None:
    """page.size and the margins named no file, where every other option's error did;
    from --set, they name --set as the others do."""
    (tmp_path / "base").symlink_to(THEMES / "base")
    (tmp_path / "big").mkdir()
    toml = tmp_path / "big" / "theme.toml"
    toml.write_text('[page]\nsize = "A9000"\nmargin_top = "wide"\n')
    with pytest.raises(ThemeError) as info:
        load_theme("big", root=tmp_path)
    assert str(info.value).splitlines() == [
        f"{toml}:2:1: error: theme option 'page.size' must be a page size such as A5, A4 "
        "landscape, letter or 170mm 240mm, not 'A9000'",
        f"{toml}:3:1: error: theme option 'page.margin_top' must be a length such as 18mm or "
        "0.75in, not 'wide'"]
    with pytest.raises(ThemeError) as info:
        load_theme("big", {"page.size": "huge", "page.margin_top": "1cm"}, root=tmp_path)
    assert str(info.value) == ("--set: error: theme option 'page.size' must be a page size "
                               "such as A5, A4 landscape, letter or 170mm 240mm, not 'huge'")


def test_templates_are_found_along_the_chain(classic: Theme) -> None:
    assert classic.find("templates/partials/topic.html") == \
        THEMES / "base" / "templates" / "partials" / "topic.html"
    assert classic.find("no/such/file") is None


def test_available_themes_lists_descriptions() -> None:
    names = dict(available_themes(THEMES))
    assert {"classic", "modern"} <= set(names) and names["modern"]


def test_parse_override_reads_toml_values() -> None:
    assert parse_override("slides.key_max_size=36") == ("slides.key_max_size", 36)
    assert parse_override('fonts.body=["A", "B"]') == ("fonts.body", ["A", "B"])
    assert parse_override("page.size=A4") == ("page.size", "A4")
    with pytest.raises(ThemeError, match="^error: --set and --option expect KEY=VALUE, "
                       "got 'novalue'$"):
        parse_override("novalue")


@pytest.mark.parametrize("url,expected", [
    ("https://example.org/x", "https://example.org/x"), ("mailto:a@b.c", "mailto:a@b.c"),
    ("#p1", "#p1"), ("file:///etc/passwd", "#"), ("javascript:alert(1)", "#"),
    ("../../etc/passwd", "#"), ("", "#"),
])
def test_safe_href(url: str, expected: str) -> None:
    assert safe_href(url) == expected


def test_jinja_autoescapes_content(classic: Theme) -> None:
    env = classic.jinja_env()
    assert env.from_string("{{ x }}").render(x="<script>&") == "&lt;script&gt;&amp;"


def test_compiled_templates_are_cached_and_give_the_same_html(classic: Theme, seed,
                                                              tmp_path, monkeypatch) -> None:
    from publish.backends.pdf.document import book_html

    monkeypatch.chdir(tmp_path)
    first = book_html(seed, classic, source_date_epoch=0)
    cached = list((tmp_path / ".cache" / "publish" / "templates").iterdir())
    assert cached  # the booklet's templates, compiled
    assert book_html(seed, classic, source_date_epoch=0) == first


def test_an_unusable_template_cache_costs_nothing_but_time(classic: Theme, seed,
                                                          tmp_path, monkeypatch) -> None:
    from publish.backends.pdf.document import book_html

    monkeypatch.chdir(tmp_path)
    expected = book_html(seed, classic, source_date_epoch=0)
    for entry in (tmp_path / ".cache" / "publish" / "templates").iterdir():
        entry.write_bytes(b"not bytecode")  # corrupt entries: recompiled
    assert book_html(seed, classic, source_date_epoch=0) == expected
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    monkeypatch.chdir(blocked)
    (blocked / ".cache").write_text("a file where the cache folder would go")
    assert book_html(seed, classic, source_date_epoch=0) == expected


def test_a_projects_own_theme_is_found_and_inherits_a_shipped_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A theme in the current folder's themes/ was found only if that folder also held
    base, and could then not inherit classic."""
    mine = tmp_path / "themes" / "mine"
    mine.mkdir(parents=True)
    (mine / "theme.toml").write_text('name = "mine"\ndescription = "Mine."\n'
                                     'inherit = "classic"\n[palette]\naccent = "#225588"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PUBLISH_THEMES", raising=False)
    theme = load_theme("mine")
    assert [p.name for p in theme.chain] == ["mine", "classic", "base"]
    assert theme.get("palette.accent") == "#225588"
    assert theme.get("palette.highlight") == load_theme("classic").get("palette.highlight")
    assert [name for name, _ in available_themes()] == ["base", "classic", "mine", "modern"]


def test_publish_themes_lists_folders_in_search_order(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for folder, description in ((first, "First."), (second, "Second.")):
        (folder / "house").mkdir(parents=True)
        (folder / "house" / "theme.toml").write_text(f'description = "{description}"\n')
    monkeypatch.setenv("PUBLISH_THEMES", f"{first}{os.pathsep}{second}")
    assert dict(available_themes())["house"] == "First."
    assert load_theme("house").chain[0] == first / "house"
    with pytest.raises(ThemeError, match=re.escape(
            f"no theme named 'nope'; looked in {first} ($PUBLISH_THEMES), {second} "
            "($PUBLISH_THEMES), ")):
        load_theme("nope")


def test_a_misspelt_theme_names_the_one_meant_and_every_folder_searched(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--theme modren`` named only the folders that exist, and no theme to try."""
    monkeypatch.chdir(tmp_path)  # no ./themes here
    monkeypatch.delenv("PUBLISH_THEMES", raising=False)
    with pytest.raises(ThemeError) as info:
        load_theme("modren")
    assert str(info.value) == (
        "error: no theme named 'modren' (did you mean 'modern'?); looked in "
        f"$PUBLISH_THEMES (not set), {tmp_path / 'themes'} (./themes, absent), "
        f"{THEMES} (shipped); installed: base, classic, modern")
    monkeypatch.setenv("PUBLISH_THEMES", str(tmp_path / "mine"))
    (tmp_path / "themes").mkdir()
    with pytest.raises(ThemeError) as info:
        load_theme("zzz")
    assert str(info.value) == (
        f"error: no theme named 'zzz'; looked in {tmp_path / 'mine'} ($PUBLISH_THEMES, "
        f"absent), {tmp_path / 'themes'} (./themes), {THEMES} (shipped); installed: base, "
        "classic, modern")


@pytest.mark.parametrize("option, value, message", [
    ("page.size", "banana", "'page.size' must be a page size such as A5"),
    ("page.margin_top", "-5mm", "'page.margin_top' must be a length such as 18mm"),
    ("page.margin_inner", "200mm", "the page margins leave less than a fifth of the "
                                   "148 x 210 mm page for text"),
])
def test_a_page_no_booklet_can_be_set_on_is_an_error(option, value, message) -> None:
    """These were warnings, and the booklet fell back to A5 (or had 107 pages)."""
    with pytest.raises(ThemeError, match=re.escape(message)):
        load_theme("classic", {option: value}, root=THEMES)


@pytest.mark.parametrize("size, mm", [("A4 landscape", (297, 210)), ("170mm", (170, 170)),
                                      ("170mm 240mm", (170, 240)), ("letter", (215.9, 279.4)),
                                      ("JIS-B5", (182, 257)), ("landscape A5", (210, 148)),
                                      ("A5  landscape", (210, 148)),
                                      ("170MM 240MM", (170, 240))])
def test_page_sizes_are_read_as_weasyprint_reads_them(size, mm) -> None:
    from weasyprint.css.computed_values import PAGE_SIZES as WEASYPRINT
    from publish.theme_checks import PAGE_SIZES, page_size_mm

    assert {name: (w.value, h.value, w.unit) for name, (w, h) in WEASYPRINT.items()} \
        == PAGE_SIZES
    assert page_size_mm(size) == pytest.approx(mm)
    assert load_theme("classic", {"page.size": size}, root=THEMES).get("page.size") == size


def test_a_projects_theme_may_shadow_and_inherit_the_shipped_one_of_its_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A project's themes/classic with inherit = "classic" found itself: "inherits in a
    loop"; and a relative $PUBLISH_THEMES gave file URIs that could not be made."""
    own = tmp_path / "my" / "classic"
    own.mkdir(parents=True)
    (own / "theme.toml").write_text('inherit = "classic"\n[palette]\naccent = "#225588"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PUBLISH_THEMES", "my")
    theme = load_theme("classic")
    assert [p.parent.name for p in theme.chain][:1] == ["my"]
    assert [p.name for p in theme.chain] == ["classic", "classic", "base"]
    assert theme.get("palette.accent") == "#225588" and theme.chain[0].is_absolute()


def test_a_margin_in_em_is_a_length_and_a_size_in_px_no_page() -> None:
    """The booklet's @page takes margins in em and sides in mm, cm, in or pt only."""
    assert load_theme("classic", {"page.margin_outer": "1.5em"},
                      root=THEMES).get("page.margin_outer") == "1.5em"
    with pytest.raises(ThemeError, match="'page.size' must be a page size"):
        load_theme("classic", {"page.size": "800px 600px"}, root=THEMES)


# ---- what a user trial found: checks that named no file, or read half a value -------

def publish(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command line in a fresh process, on this tree's code (an absolute
    PYTHONPATH: a relative one would find the installed copy from ``cwd``)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("PUBLISH_THEMES", None)
    return subprocess.run([sys.executable, "-m", "publish", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def project(folder: Path, name: str, toml: str) -> Path:
    """``folder`` with the seed as ``talk.md`` and a theme ``name`` of its own (inheriting
    classic); the theme file's path."""
    (folder / "talk.md").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    theme = folder / "themes" / name / "theme.toml"
    theme.parent.mkdir(parents=True)
    theme.write_text(f'name = "{name}"\ninherit = "classic"\n{toml}', encoding="utf-8")
    return theme


def refused(folder: Path, *args: str) -> list[str]:
    """The error lines of a check and of a build with ``args``: both exit 2, with the
    same errors, and the build writes nothing."""
    checked = publish("check", "talk.md", *args, cwd=folder)
    built = publish("build", "talk.md", "-o", "out", *args, cwd=folder)
    assert (checked.returncode, built.returncode) == (2, 2), (checked.stderr, built.stderr)
    assert checked.stdout == built.stdout == "" and not (folder / "out").exists()
    errors = [line for line in checked.stderr.splitlines() if ": error: " in line]
    assert errors == [line for line in built.stderr.splitlines() if ": error: " in line]
    return errors


def test_every_word_of_a_page_size_is_checked(tmp_path: Path) -> None:
    """``A4 portait`` was read as A4 by the check and dropped by WeasyPrint: the booklet
    came out A5, with a warning, and ``publish check`` said ok."""
    toml = project(tmp_path, "badpage2", '[page]\nsize = "A4 portait"\n')
    assert refused(tmp_path, "-t", "badpage2") == [
        f"{toml}:4:1: error: theme option 'page.size' must be a page size such as A5, A4 "
        "landscape, letter or 170mm 240mm, not 'A4 portait': 'portait' is no page size, "
        "orientation or length in mm, cm, in or pt (did you mean 'portrait'?)"]
    assert refused(tmp_path, "-t", "classic", "--set", "page.size=A5 B5") == [
        "--set: error: theme option 'page.size' must be a page size such as A5, A4 "
        "landscape, letter or 170mm 240mm, not 'A5 B5': a page size names one size (A4, "
        "A4 landscape), not two"]


@pytest.mark.parametrize("size, hint", [
    ("A4 portait", "'portait' is no page size, orientation or length in mm, cm, in or pt "
                   "(did you mean 'portrait'?)"),
    ("jis-b6 landscap", "'landscap' is no page size"),
    ("A4 leter", "(did you mean 'letter'?)"),
    ("A5 B5", "names one size (A4, A4 landscape), not two"),
    ("A4 170mm", "names one size"),
    ("landscape 170mm 240mm", "portrait or landscape goes with a named size"),
    ("A4 portrait landscape", "portrait or landscape is said once"),
    ("170mm 240mm 10mm", "a page is one length (square) or two"),
])
def test_a_page_size_weasyprint_drops_is_an_error_saying_which_word(size, hint) -> None:
    import tinycss2
    from weasyprint.css.validation.properties import size as weasyprint_size
    from publish.theme_checks import page_size_mm

    tokens = [t for t in tinycss2.parse_component_value_list(size)
              if t.type != "whitespace"]
    assert weasyprint_size(tokens) is None and page_size_mm(size) is None
    with pytest.raises(ThemeError) as info:
        load_theme("classic", {"page.size": size}, root=THEMES)
    assert str(info.value).startswith(f"--set: error: theme option 'page.size' must be a "
                                      f"page size such as A5, A4 landscape, letter or "
                                      f"170mm 240mm, not {size!r}: ")
    assert hint in str(info.value)


def test_a_slide_font_that_names_no_stack_is_a_theme_error(tmp_path: Path) -> None:
    """``title_font = "headline"`` reached the font resolver as a stack of no families:
    "font stack 'headline' () matches no installed font; install fonts-noto-cjk"."""
    toml = project(tmp_path, "badslidefont", '[slides]\ntitle_font = "headline"\n')
    listed = "body, heading, sans, mono; or a language's own, such as body_tc"
    assert refused(tmp_path, "-t", "badslidefont") == [
        f"{toml}:4:1: error: theme option 'slides.title_font' must name one of the theme's "
        f"[fonts] stacks ({listed}), not 'headline' (did you mean 'heading'?)"]
    assert refused(tmp_path, "-t", "classic", "--set", "slides.body_font=snas") == [
        "--set: error: theme option 'slides.body_font' must name one of the theme's [fonts] "
        f"stacks ({listed}), not 'snas' (did you mean 'sans'?)"]
    # any stack of the theme's [fonts] is one, a language's own too
    assert load_theme("classic", {"slides.title_font": "heading_tc", "slides.body_font":
                                  "mono"}, root=THEMES).get("slides.title_font") == \
        "heading_tc"


def test_margins_that_leave_no_room_name_where_they_come_from(tmp_path: Path) -> None:
    """"the page margins leave less than a fifth ..." named no file and no --set."""
    toml = project(tmp_path, "badmargin2", '[page]\nmargin_inner = "80mm"\n'
                                           'margin_outer = "60mm"\n')
    base = THEMES / "base" / "theme.toml"
    assert refused(tmp_path, "-t", "badmargin2") == [
        f"{toml}: error: the page margins leave less than a fifth of the 148 x 210 mm page "
        "for text: page.margin_inner 80mm + page.margin_outer 60mm = 140 mm of 148 mm "
        f"across (page.size A5 from {base})"]
    # an override that makes the page too small is what is named
    assert refused(tmp_path, "-t", "badmargin2", "--set", "page.size=A6") == [
        "--set: error: the page margins leave less than a fifth of the 105 x 148 mm page "
        "for text: page.margin_inner 80mm + page.margin_outer 60mm = 140 mm of 105 mm "
        f"across (page.margin_inner, page.margin_outer from {toml})"]
    assert refused(tmp_path, "-t", "classic", "--set", "page.margin_top=200mm") == [
        "--set: error: the page margins leave less than a fifth of the 148 x 210 mm page "
        "for text: page.margin_top 200mm + page.margin_bottom 20mm = 220 mm of 210 mm down "
        f"(page.size A5, page.margin_bottom from {base})"]
# ---------------------------------------------------------------- palette colours

@pytest.mark.parametrize("value, hexed", [
    ("#2f6b3a", "#2f6b3a"), ("#2F6B3A", "#2f6b3a"), ("#abc", "#aabbcc"),
    ("#2f6b3aff", "#2f6b3a"), ("DarkGreen", "#006400"), ("teal", "#008080"),
    ("rgb(47, 107, 58)", "#2f6b3a"), ("rgb(47 107 58)", "#2f6b3a"),
    ("rgba(47, 107, 58, 1)", "#2f6b3a"), ("rgba(47 107 58 / 100%)", "#2f6b3a"),
    ("rgb(18.4% 42% 22.7%)", "#2f6b3a"), ("rgb(300 -5 0)", "#ff0000"),  # clamped, as CSS
    ("hsl(120, 40%, 30%)", "#2e6b2e"), ("hsla(120deg 40% 30% / 1)", "#2e6b2e"),
    ("hsl(131 39% 30%)", "#2f6a3a"), ("hwb(131 18% 58%)", "#2e6b39"),
    ("color(srgb 0.184 0.42 0.227)", "#2f6b3a"), ("  navy ", "#000080"),
])
def test_palette_colours_are_any_opaque_css_colour_handed_on_as_hex(value: str,
                                                                    hexed: str) -> None:
    assert palette_colour(value) == (hexed, "")
    theme = load_theme("classic", {"palette.accent": value}, root=THEMES)
    assert theme.get("palette.accent") == hexed


@pytest.mark.parametrize("value, why", [
    ("reddish", "must be a colour (#2f6b3a, darkgreen, rgb(47 107 58), hsl(131 39% 30%) "
                "or hwb(131 18% 58%)), not 'reddish'"),
    ("red; } p { display: none", "must be a colour ("),
    ("currentcolor", "must be a colour of its own, not 'currentcolor'"),
    ("rgba(47, 107, 58, 0.5)", "must be opaque, not 'rgba(47, 107, 58, 0.5)', whose alpha "
                               "is 0.5: the outputs paint each palette colour solid"),
    ("rgb(47 107 58 / 20%)", "must be opaque, not 'rgb(47 107 58 / 20%)', whose alpha is "
                             "0.2"),
    ("hsla(120, 40%, 30%, 0.99)", "whose alpha is 0.99"),
    ("#2f6b3a80", "must be opaque, not '#2f6b3a80', whose alpha is 0.502"),
    ("transparent", "must be opaque, not 'transparent', whose alpha is 0"),
    ("lab(40% 60 40)", "must be an sRGB colour (#2f6b3a, darkgreen, rgb(47 107 58), "
                       "hsl(131 39% 30%) or hwb(131 18% 58%)), not 'lab(40% 60 40)': lab "
                       "colours are not converted"),
    ("oklch(70% 0.1 150)", "oklch colours are not converted"),
    ("color(display-p3 0 1 0)", "display-p3 colours are not converted"),
])
def test_a_palette_value_that_is_no_opaque_srgb_colour_is_a_located_error(
        tmp_path: Path, value: str, why: str) -> None:
    with pytest.raises(ThemeError) as info:
        load_theme("classic", {"palette.accent": value}, root=THEMES)
    prefix = "--set: error: theme option 'palette.accent' "
    assert str(info.value).startswith(prefix) and why in str(info.value)[len(prefix):]
    (tmp_path / "base").symlink_to(THEMES / "base")
    (tmp_path / "field").mkdir()
    toml = tmp_path / "field" / "theme.toml"
    toml.write_text(f"[palette]\ncover_text = {value!r}\n")
    with pytest.raises(ThemeError) as info:
        load_theme("field", root=tmp_path)
    prefix = f"{toml}:2:1: error: theme option 'palette.cover_text' "
    assert str(info.value).startswith(prefix) and why in str(info.value)[len(prefix):]


def test_the_shipped_palettes_are_handed_on_as_written() -> None:
    """Their colours are #rrggbb already: the outputs they make stay byte for byte."""
    for name in ("base", "classic", "modern"):
        written = tomllib.loads((THEMES / name / "theme.toml").read_text())["palette"]
        palette = load_theme(name, root=THEMES).get("palette")
        assert {key: palette[key] for key in written} == written
        assert all(palette_colour(value) == (value, "") for value in written.values())
    base = tomllib.loads((THEMES / "base" / "theme.toml").read_text())["palette"]
    assert PALETTE_DEFAULTS == base  # what a backend falls back to, for an unchecked theme


def pdf_colours(path: Path) -> set[tuple[float, ...]]:
    """Every fill and stroke colour the PDF's pages paint, to three decimals."""
    found = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) in ("rg", "RG"):
                    found.add(tuple(round(float(x), 3) for x in operands))
    return found


def rgb(hexed: str) -> tuple[float, ...]:
    return tuple(round(int(hexed[i:i + 2], 16) / 255, 3) for i in (1, 3, 5))


@pytest.mark.parametrize("value, hexed", [("hsl(120, 40%, 30%)", "#2e6b2e"),
                                          ("rgb(47 107 58)", "#2f6b3a")])
def test_a_palette_colour_reaches_every_output_as_one_colour(
        tmp_path: Path, value: str, hexed: str) -> None:
    """The user trial's build: hsl() reached the booklet as #1f1f1f and the web page as
    the base theme's accent; rgb(47 107 58) was refused."""
    result = subprocess.run(
        [sys.executable, "-m", "publish", "build", str(SEED), "-f", "all,html", "-o",
         str(tmp_path), "--force", "-q", "--set", f"palette.accent={value}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    stem = SEED.stem
    painted = pdf_colours(tmp_path / f"{stem}.pdf")
    assert rgb(hexed) in painted and rgb("#8c2f39") not in painted  # not classic's accent
    with zipfile.ZipFile(tmp_path / f"{stem}.epub") as book:
        css = book.read("EPUB/css/epub.css").decode()
    assert f"color: {hexed};" in css and "#8c2f39" not in css
    page = (tmp_path / f"{stem}.html").read_text(encoding="utf-8")
    assert f"--accent:{hexed};" in page


def test_a_theme_files_mistakes_are_at_their_lines_with_its_unknown_options(
        tmp_path: Path) -> None:
    """TOML's parser keeps no places: each message about an option is located where the
    file sets it, and an unknown option (a typo, maybe the cause) is shown beside the
    errors, not dropped with the theme."""
    (tmp_path / "base").symlink_to(THEMES / "base")
    (tmp_path / "mine").mkdir()
    toml = tmp_path / "mine" / "theme.toml"
    toml.write_text('name = "mine"\n\n[palette]\n# the accent\n  accent = "notacolour"\n\n'
                    '[type]\nbody_sise = 11\n', encoding="utf-8")
    with pytest.raises(ThemeError) as info:
        load_theme("mine", root=tmp_path)
    lines = str(info.value).splitlines()
    assert lines[0].startswith(f"{toml}:5:3: error: theme option 'palette.accent' ")
    assert lines[1] == (f"{toml}:8:1: warning: unknown theme option 'type.body_sise' "
                        "(did you mean 'type.body_size'?)")


def test_an_unknown_table_is_located_at_its_header(tmp_path: Path) -> None:
    (tmp_path / "base").symlink_to(THEMES / "base")
    (tmp_path / "mine").mkdir()
    toml = tmp_path / "mine" / "theme.toml"
    toml.write_text('name = "mine"\n\n[slide]\nkey_min_size = 20\n', encoding="utf-8")
    theme = load_theme("mine", root=tmp_path)
    assert any(w.startswith(f"{toml}:3:1: warning: unknown theme option 'slide'")
               for w in theme.warnings), theme.warnings
