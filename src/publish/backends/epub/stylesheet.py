"""The EPUB stylesheet: the theme chain's ``css/epub.css`` files, filled with theme values.

Every theme in the chain may ship a ``css/epub.css``; they are concatenated base first,
so a child theme only writes the rules it changes.  Each file is a Jinja template (without
HTML autoescaping) that sees the theme's ``palette`` and ``type`` tables, the CSS
``font-family`` lists for body, heading and mono text, and the ``@font-face`` rules of the
embedded subsets, so colours and fonts are written once, in ``theme.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ...theme import Theme, ThemeError

GENERIC = {"serif": "serif", "sans-serif": "sans-serif", "sans": "sans-serif",
           "monospace": "monospace", "mono": "monospace", "cursive": "cursive",
           "fantasy": "fantasy", "system-ui": "system-ui"}
COMMENT = re.compile(r"/\*.*?\*/\s*", re.S)   # theme notes stay out of the book
TAG = re.compile(r"[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*")
FORMATS = {"font/otf": "opentype", "font/ttf": "truetype", "font/woff2": "woff2"}


@dataclass(frozen=True)
class EmbeddedFont:
    """A font file in the book and the family name the stylesheet gives it."""

    uid: str
    file_name: str            # inside the package folder, e.g. fonts/body.otf
    media_type: str
    data: bytes
    family: str
    glyph_count: int
    weight: str = "normal"
    unicode_range: str = ""   # the characters it has, when it covers only some of them


@dataclass(frozen=True)
class LanguageFonts:
    """A language an anthology's chapters are set in besides the volume's: its theme
    (``language_theme``: its stacks) and the subsets embedded for its chapters."""

    lang: str
    theme: Theme
    fonts: tuple[EmbeddedFont, ...] = ()


def render_stylesheet(theme: Theme, fonts: Sequence[EmbeddedFont],
                      collection: bool = False,
                      languages: Sequence[LanguageFonts] = ()) -> str:
    """The book's one stylesheet; a collection's adds each ``css/epub-collection.css``
    of the chain (its chapter openings and nested contents), and the rules that set the
    chapters in ``languages`` in their faces (``language_rules``)."""
    context = {
        "palette": theme.get("palette", {}),
        "type": theme.get("type", {}),
        "font_faces": "\n\n".join(font_face(f) for f in
                                   (*fonts, *(f for other in languages for f in other.fonts))),
        **families(theme, fonts),
    }
    env = css_env(theme)
    files = css_files(theme) + (css_files(theme, "epub-collection.css") if collection else [])
    return "\n".join([*(_render(env, name, path, context) for name, path in files),
                      *(language_rules(other) for other in
                        sorted(languages, key=lambda other: other.lang.count("-")))])


def families(theme: Theme, fonts: Sequence[EmbeddedFont]) -> dict[str, str]:
    """The ``font-family`` lists of body, heading and mono text: the theme's stacks with
    the embedded subsets (``fonts``) first where they apply."""
    embedded = [f.family for f in fonts]
    body = theme.font_stack("body")
    heading = theme.font_stack("heading")
    mono = theme.font_stack("mono")
    return {
        "body_family": family_list(embedded + body),
        "heading_family": family_list((embedded if heading == body else []) + heading
                                      + embedded),
        "mono_family": family_list(mono + embedded, generic="monospace"),
    }


def language_rules(other: LanguageFonts) -> str:
    """Rules that set a chapter in ``other``'s language, and its entries in the
    navigation, in that language's faces: a Japanese chapter of an English volume in
    Noto CJK JP, not in the SC face the English stacks fall back to.

    A chapter's documents carry its language on their root, and the rules match that
    tag exactly: ``:lang(zh-Hant)`` would also match the volume's own ``zh-Hant-HK``
    documents and set them in faces cut to the chapter's text only.  A tag that is not a
    plain BCP 47 tag (the front matter allows no other) gets no rule."""
    tag = other.lang
    if not TAG.fullmatch(tag):
        return ""
    found = families(other.theme, other.fonts)
    root = f'html[lang="{tag}"]'
    return (f'{root} body, [lang="{tag}"] {{\n  font-family: {found["body_family"]};\n}}\n'
            f"{root} h1, {root} h2, {root} h3 {{\n"
            f'  font-family: {found["heading_family"]};\n}}\n'
            f'{root} code {{\n  font-family: {found["mono_family"]};\n}}\n')


def css_files(theme: Theme, name: str = "epub.css") -> list[tuple[str, Path]]:
    """``(template name, path)`` of each ``css/<name>`` in the chain, base first."""
    return [(f"{depth}/css/{name}", folder / "css" / name)
            for depth, folder in enumerate(theme.chain)
            if (folder / "css" / name).is_file()][::-1]


def css_env(theme: Theme):  # -> jinja2.Environment
    """The theme's environment without HTML autoescaping, loading each chain folder's CSS
    by its depth (``0/css/epub.css`` is the theme's own, the last the base theme's).

    A loader (rather than ``from_string`` on every call) lets Jinja keep the compiled
    templates in its build-cache bytecode store and in the environment.
    """
    import jinja2

    loader = jinja2.PrefixLoader({str(depth): jinja2.FileSystemLoader(str(folder))
                                  for depth, folder in enumerate(theme.chain)})
    return theme.jinja_env().overlay(autoescape=False, loader=loader)


def _render(env, name: str, path: Path, context: dict[str, Any]) -> str:
    """One theme CSS file through Jinja, without comments; errors name the file and line."""
    import jinja2

    try:
        css = env.get_template(name).render(context)
    except (OSError, UnicodeDecodeError) as exc:
        raise ThemeError(f"{path}: error: cannot read: {exc}") from None
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None) or 1
        raise ThemeError(f"{path}:{line}: error: {exc}") from None
    return COMMENT.sub("", css).strip() + "\n"


def font_face(font: EmbeddedFont) -> str:
    """An ``@font-face`` rule for an embedded subset."""
    url, kind = "../" + font.file_name, FORMATS[font.media_type]
    limited = f"  unicode-range: {font.unicode_range};\n" if font.unicode_range else ""
    return (f'@font-face {{\n  font-family: "{font.family}";\n  font-style: normal;\n'
            f'  font-weight: {font.weight};\n  src: url("{url}") format("{kind}");\n'
            f'{limited}}}')


def family_list(names: Sequence[str], generic: str = "") -> str:
    """A CSS ``font-family`` value: named families quoted, once each, a generic last."""
    seen: list[str] = []
    generics: list[str] = []
    for name in names:
        key = name.strip().strip("'\"")
        if key.casefold() in GENERIC:
            generics.append(GENERIC[key.casefold()])
        elif key and key not in seen:
            seen.append(key)
    last = generic or (generics[0] if generics else "serif")
    quoted = ['"' + n.replace("\\", "\\\\").replace('"', '\\"') + '"' for n in seen]
    return ", ".join(quoted + [last])
