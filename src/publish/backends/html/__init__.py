"""Web edition: the interview as one self-contained, responsive HTML page.

One file a study group can pass around as a link or an attachment: nothing is loaded
from outside it (the stylesheet is inline, fonts are the reader's own or embedded as
data URIs), it needs no script, and it reads on a phone as on a desktop.

Steps:

1. prove the theme's body stack covers every character, as every backend does (a glyph
   missing here is missing on any reader with the same fonts);
2. with ``web.embed_fonts``, cut the body stack's faces down to the page's characters and
   compress them to WOFF2 (``publish.fonts.subset.web_font``, cached);
3. ``styles``: the inline stylesheet (palette, derived dark palette, font stacks with
   system CJK fallbacks, the themes' ``css/web.css``);
4. ``html/page.html`` with the shared partials: the same parts, topics and turns as the
   PDF and the EPUB, with the same ids, so ``page.html#p2-t3`` and the EPUB's
   ``p2.xhtml#p2-t3`` name the same topic.

With ``options.source_date_epoch`` the bytes are reproducible: the only date in the page
is the build's (``build_time``).
"""

from __future__ import annotations

from typing import Any

from ...fonts.resolve import FontFace, check_stack
from ...fonts.subset import web_font
from ...model import Interview
from ...text.labels import labels_for
from ...text.language import fontconfig_lang
from ...theme import Theme
from .. import Options, build_time
from .styles import WebFont, stylesheet

NAME = "html"
SUFFIX = ".html"
# Characters the template adds besides the labels (the speaker colon is one): the build date.
TEMPLATE_CHARACTERS = "·0123456789-"


def preload() -> None:
    """Import Jinja and HarfBuzz and load fontconfig's configuration now."""
    import jinja2  # noqa: F401
    import uharfbuzz  # noqa: F401

    from ...fonts.fontconfig import match

    match("serif")


def render(interview: Interview, theme: Theme, options: Options) -> bytes:
    """The finished page's UTF-8 bytes; MissingFontError when a font lacks a glyph."""
    meta = interview.meta
    lang = meta.language or "zh-CN"
    labels = labels_for(lang)
    chars = page_characters(interview, labels)
    faces = check_stack(theme.stack_name("body"), theme.font_stack("body"), chars,
                        fontconfig_lang(lang))
    fonts = embed(faces, chars, options) if theme.get("web.embed_fonts", False) else []
    css = stylesheet(theme, lang, fonts, options.warnings)
    return page_html(interview, theme, css, options).encode("utf-8")


def page_html(interview: Interview, theme: Theme, css: str, options: Options) -> str:
    """The page from the theme's ``html/page.html``, ``css`` in its head."""
    lang = interview.meta.language or "zh-CN"
    return theme.jinja_env().get_template("html/page.html").render(
        context(interview, labels_for(lang), lang, css, options.source_date_epoch))


def markup(interview: Interview, theme: Theme, options: Options) -> None:
    """The page's HTML without its stylesheet and fonts (``backends.MARKUP``)."""
    page_html(interview, theme, "", options)


def page_characters(interview: Interview, labels: dict[str, str]) -> frozenset[str]:
    """Every character the page shows: the interview's, its labels' and the template's."""
    return interview.characters() | frozenset("".join(labels.values())) | \
        frozenset(TEMPLATE_CHARACTERS)


def embed(faces: list[FontFace], chars: frozenset[str], options: Options) -> list[WebFont]:
    """WOFF2 subsets of the stack's faces, the first taking every character it has, a
    later one only what the earlier ones lack (usually one face does it all)."""
    wanted = {c for c in chars if not c.isspace()}
    fonts: list[WebFont] = []
    for face in faces:
        mine = face.covers(wanted)
        if not mine:
            continue
        wanted -= mine
        name = "publish-body" if not fonts else f"publish-body-{len(fonts) + 1}"
        fonts.append(WebFont(name, web_font(face, mine, options.cache_dir)))
        if not wanted:
            break
    return fonts


def credits(interview: Interview) -> list[tuple[str, str]]:
    """(label key, value) of the colophon, skipping empty fields."""
    meta = interview.meta
    sep = labels_for(meta.language)["list_sep"]
    pairs = [("source", meta.source), ("compiler", meta.compiler),
             ("edition", meta.edition), ("date", meta.date),
             ("keywords", sep.join(meta.keywords)),
             ("speakers", sep.join(s.name for s in meta.speakers))]
    return [(key, value) for key, value in pairs if value]


def context(interview: Interview, labels: dict[str, str], lang: str, css: str,
            source_date_epoch: int | None) -> dict[str, Any]:
    """Everything ``html/page.html`` needs."""
    meta = interview.meta
    when = build_time(source_date_epoch)
    return {"interview": interview, "meta": meta, "lang": lang, "labels": labels,
            "css": css, "credits": credits(interview),
            "subject": meta.description or meta.subtitle,
            "modified": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "built": when.strftime("%Y-%m-%d"), "part_tag": "h2", "heading_tag": "h3"}
