"""Font resolution through fontconfig and the coverage check."""

from __future__ import annotations

import pytest

from publish.fonts.resolve import MissingFontError, check_stack, locate, match_family, package_for


def test_noto_cjk_resolves_to_a_collection_face() -> None:
    face = match_family("Noto Serif CJK SC")
    assert face is not None and face.path.suffix in (".ttc", ".otf", ".ttf")
    assert ord("梁") in face.unicodes


def test_a_font_that_does_not_exist_resolves_to_nothing() -> None:
    assert match_family("No Such Font Family 123") is None


def test_a_stack_without_any_real_font_is_a_clear_error() -> None:
    with pytest.raises(MissingFontError, match="matches no installed font"):
        check_stack("body", ["No Such Font Family 123"], "文字")


def test_missing_characters_are_named_with_a_package() -> None:
    with pytest.raises(MissingFontError) as info:
        check_stack("body", ["Noto Serif CJK SC"], "好\U0001F600")
    assert info.value.missing == ("\U0001F600",)
    assert "U+1F600" in str(info.value) and "fonts-noto-color-emoji" in str(info.value)


def test_whitespace_and_joiners_never_count_as_missing() -> None:
    assert check_stack("body", ["Noto Serif CJK SC"], "好 \n\u200d\ufe0f")


def test_package_for_han_and_locate() -> None:
    assert package_for("汉") == "fonts-noto-cjk"
    assert package_for("\U0001F600") == package_for("\u2603") == "fonts-noto-color-emoji"
    # CJK Extension B lies above the emoji planes' start: it must not be sent to emoji
    assert package_for("\U00020000").startswith("fonts-noto-cjk-extra")
    assert package_for("\U00030000").startswith("fonts-noto-cjk-extra")
    assert locate("ab\ncd好", ["好", "a"]) == {"a": (1, 1), "好": (2, 3)}


@pytest.mark.parametrize("pattern", ["Noto Serif CJK SC:lang=zh-cn", "serif:lang=zh-cn",
                                     "Noto Sans CJK TC:lang=zh-tw", "No Such Font:lang=zh-cn",
                                     "Noto Serif CJK SC:lang=zh-cn:style=Bold"])
def test_in_process_matching_agrees_with_fc_match(pattern: str) -> None:
    """The library, called through ctypes, answers exactly as the fc-match command."""
    from publish.fonts import fontconfig

    library = fontconfig._library()
    assert library is not None, "libfontconfig should load where Pango is installed"
    assert fontconfig._match_in_process(library, pattern) == \
        fontconfig._match_with_command(pattern)


def test_family_names_are_escaped_in_patterns() -> None:
    from publish.fonts.fontconfig import escape

    assert escape("Odd:Name-1,2\\") == "Odd\\:Name\\-1\\,2\\\\"
    assert match_family("Noto Serif CJK SC:lang=en") is None


def test_a_first_choice_that_is_not_installed_is_said(tmp_path) -> None:
    """The text was set in the next family of the stack without a word."""
    from conftest import SEED, THEMES
    from publish.build import build
    from publish.fonts.resolve import absent_first_choices
    from publish.theme import load_theme

    wish = {"fonts.heading": ["No Such Kai Font", "Noto Serif CJK SC", "serif"]}
    assert absent_first_choices(load_theme("classic", wish, root=THEMES), "zh-CN") == [
        "warning: font 'No Such Kai Font', first in the theme's 'heading' stack, is not "
        "installed; its text is set in 'Noto Serif CJK SC'"]
    assert absent_first_choices(load_theme("classic", root=THEMES), "zh-CN") == []
    result = build(SEED, ["epub"], output_dir=tmp_path, overrides=wish)
    assert any("'No Such Kai Font'" in w for w in result.warnings)


def test_an_error_names_the_stack_the_documents_language_uses(tmp_path) -> None:
    """An English document's body is set in body_latin: the error named 'body', and
    sent a Latin stack's author to fonts-noto-cjk."""
    from conftest import SEED
    from publish.build import build
    from publish.diagnostics import PublishError

    source = tmp_path / "en.md"
    source.write_text(SEED.read_text(encoding="utf-8").replace("language: zh-CN",
                                                                "language: en"),
                      encoding="utf-8")
    with pytest.raises(PublishError) as info:
        build(source, ["epub"], output_dir=tmp_path, overrides={"fonts.body_latin": ["Nope"]})
    assert "font stack 'body_latin' (Nope) matches no installed font" in str(info.value)
    assert "fonts-noto-core" in str(info.value)
