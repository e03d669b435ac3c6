"""Themes: inheritance, merging, unknown-option warnings, lookup, listing."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import THEMES
from publish.theme import (Theme, ThemeError, available_themes, language_theme, load_theme,
                           parse_override, safe_href)


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
    theme = load_theme("odd", {"slides.key_size": 3}, root=tmp_path)
    assert any("unknown theme option 'palette.acent'" in w for w in theme.warnings)
    assert any("unknown theme option 'nope'" in w for w in theme.warnings)
    assert any("option override: warning: unknown theme option 'slides.key_size'" == w
               for w in theme.warnings)


def test_options_of_the_wrong_kind_are_errors(tmp_path: Path) -> None:
    """A value no backend could use stops the build (exit 2) instead of crashing it."""
    overrides = {"fonts.body": 3, "slides.key_max_size": "big", "epub.embed_font": 1,
                 "palette": "red"}
    with pytest.raises(ThemeError) as info:
        load_theme("classic", overrides, root=THEMES)
    assert str(info.value).splitlines() == [
        "option override: error: theme option 'fonts.body' must be a list of strings, not 3",
        "option override: error: theme option 'slides.key_max_size' must be a number, "
        "not 'big'",
        "option override: error: theme option 'epub.embed_font' must be true or false, not 1",
        "option override: error: theme option 'palette' must be a table"]
    # numbers are interchangeable and a font stack may be one family
    theme = load_theme("classic", {"slides.width": 13, "fonts.body": "Noto Serif CJK SC"},
                       root=THEMES)
    assert theme.font_stack("body") == ["Noto Serif CJK SC"]
    (tmp_path / "base").symlink_to(THEMES / "base")
    (tmp_path / "odd").mkdir()
    (tmp_path / "odd" / "theme.toml").write_text('[type]\nbody_size = "11pt"\n')
    with pytest.raises(ThemeError, match=r"odd/theme.toml: error: theme option "
                       "'type.body_size' must be a number, not '11pt'"):
        load_theme("odd", root=tmp_path)


def test_missing_theme_names_the_installed_ones() -> None:
    with pytest.raises(ThemeError, match="installed: base, classic, modern"):
        load_theme("nonexistent", root=THEMES)


def test_inheritance_loop_is_an_error(tmp_path: Path) -> None:
    for a, b in (("a", "b"), ("b", "a")):
        (tmp_path / a).mkdir()
        (tmp_path / a / "theme.toml").write_text(f'inherit = "{b}"\n')
    with pytest.raises(ThemeError, match="loop"):
        load_theme("a", root=tmp_path)


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
