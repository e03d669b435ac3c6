"""PDF backend: an A5 booklet typeset by WeasyPrint from Jinja-rendered HTML.

Steps: prove the theme's fonts cover every character (``fonts.resolve.check_stack``; a
MissingFontError propagates), cut the faces down to the document (``fontfaces``), render
``pdf/book.html`` with the shared partials, then let WeasyPrint lay it out with the
theme's CSS.  WeasyPrint reads files only through ``SafeFetcher`` and logs only into
``options.warnings``.  The result is a tagged PDF (PDF/UA-1) with bookmarks, metadata
and subset, embedded fonts; with ``options.source_date_epoch`` its bytes are
reproducible.

``render_collection`` makes a collection's anthology the same way from
``pdf/collection.html``, each chapter in its own language (its ``lang``, labels and
faces: ``chapter_languages``; its structure elements' ``/Lang``: ``lang_tags``), and the discussion handout (``handout``, a format of its
own) is a third template: all three go through the one ``typeset`` step.
"""

from __future__ import annotations

import shutil
import string
from pathlib import Path
from typing import Any, Mapping

from ...fonts.resolve import check_stack
from ...model import Collection, Interview, Style
from ...text.labels import collection_label_characters
from ...text.language import fontconfig_lang
from ...theme import FONT_ROLES, Theme
from .. import Options, chapter_languages
from .runtime import (faster_compression, faster_writing, import_weasyprint, paused_gc,
                      uses_notes, without_notes)

import_weasyprint()  # before anything below imports it (this module loads only for PDF)

from .document import book_html, collection_html, printed_label_characters  # noqa: E402
from .fetcher import SafeFetcher  # noqa: E402
from .fontfaces import make_subsets  # noqa: E402
from .htmltree import html_document  # noqa: E402
from .keep_words import keep_hangul_words, keep_japanese_phrases  # noqa: E402
from .logs import captured_warnings, sheet  # noqa: E402
from .styles import language_rules, stylesheets, theme_css  # noqa: E402

NAME = "pdf"
SUFFIX = ".pdf"
PDF_VARIANT = "pdf/ua-1"
PDF_OPTIONS = {"pdf_variant": PDF_VARIANT, "pdf_tags": True, "pdf_identifier": True}


def render(interview: Interview, theme: Theme, options: Options) -> bytes:
    """The booklet's PDF bytes (see the module docstring)."""
    chars = printable_characters(interview)
    check_fonts(interview, theme, chars)
    return typeset(book_html(interview, theme, options.source_date_epoch), chars,
                   language(interview), used_roles(interview), allowed_roots(interview, theme),
                   theme, options)


def render_collection(collection: Collection, theme: Theme, options: Options) -> bytes:
    """The anthology's PDF: the collection's cover, colophon and contents, then each
    interview as a chapter (``pdf/collection.html``), typeset as one booklet is but laid
    out in two halves on two cores (``split``)."""
    from .split import typeset_halves

    chars = collection.characters() | printed_label_characters(collection.meta.language) \
        | collection_label_characters(collection.meta.language)
    lang = fontconfig_lang(collection.meta.language or "zh-CN")
    for role in FONT_ROLES:
        check_stack(theme.stack_name(role), theme.font_stack(role), chars, lang)
    languages = chapter_languages(collection, theme)
    for language, own in languages.items():
        check_language(collection, language, own)
    chars |= {c for language in languages for c in chapter_label_characters(language)}
    roots = list(theme.chain) + [source_folder(member) for member in collection.interviews
                                 if member.path]
    press = Press.prepare(chars, lang, used_roles(collection), roots, theme, options,
                          languages=languages)

    def html(**part: object) -> str:
        return collection_html(collection, theme, options.source_date_epoch, **part)

    with captured_warnings(options.warnings), paused_gc():
        data = typeset_halves(collection, press, html, options)
    volume = collection.meta.language or "zh-CN"
    own = [member.meta.language or "zh-CN" for member in collection.interviews]
    if any(language != volume for language in own):
        from .lang_tags import tag_chapter_languages  # pikepdf: a mixed volume only

        data = tag_chapter_languages(data, own, volume)
    return data


def stylesheet_warnings(theme: Theme, paths: list[Path]) -> list[str]:
    """What WeasyPrint warns of in the stylesheets at ``paths`` (a theme's own), each
    parsed as a build parses it, its warnings at its lines (``logs.sheet``)."""
    from weasyprint import CSS

    warnings: list[str] = []
    fetcher = SafeFetcher(list(theme.chain), warnings)
    with captured_warnings(warnings):
        for path in paths:
            with sheet(path):
                CSS(url=path.as_uri(), url_fetcher=fetcher)
    return warnings


def markup(document: Interview | Collection, theme: Theme, options: Options) -> None:
    """The booklet's HTML from the theme's templates, not laid out (``backends.MARKUP``)."""
    if isinstance(document, Collection):
        collection_html(document, theme, options.source_date_epoch, front=True,
                        body=list(enumerate(document.interviews, 1)))
    else:
        book_html(document, theme, options.source_date_epoch)


def chapter_label_characters(language: str) -> frozenset[str]:
    """What a chapter in ``language`` prints besides its text: its labels, its number."""
    return printed_label_characters(language) | collection_label_characters(language)


def check_language(collection: Collection, language: str, theme: Theme) -> None:
    """The stacks of ``language`` (its ``theme``) draw every character of its chapters."""
    chars = chapter_label_characters(language).union(
        *(m.characters() for m in collection.interviews
          if (m.meta.language or "zh-CN") == language))
    for role in FONT_ROLES:
        check_stack(theme.stack_name(role), theme.font_stack(role), chars,
                    fontconfig_lang(language))


def typeset(html: str, chars: frozenset[str], lang: str, roles: tuple[str, ...],
            roots: list[Path], theme: Theme, options: Options,
            extra_css: tuple[Path, ...] = ()) -> bytes:
    """Cut the fonts of ``roles`` down to ``chars``, then lay out and write ``html`` with
    the theme's CSS (and ``extra_css`` after it): the one WeasyPrint run of every PDF this
    package writes but the anthology (two runs, see ``split``)."""
    press = Press.prepare(chars, lang, roles, roots, theme, options, extra_css)
    with captured_warnings(options.warnings), paused_gc():
        return press.write(press.lay_out(html))


class Press:
    """What every WeasyPrint run of one document shares: the fonts cut down to its
    characters, the theme's CSS with their ``@font-face`` rules, and the fetcher that
    serves them.  ``lay_out`` then ``write`` is one run; a forked child may lay out and
    write another half with the same press."""

    def __init__(self, css: str, theme: Theme, fetcher: SafeFetcher,
                 extra_css: tuple[Path, ...] = ()) -> None:
        self.css, self.theme, self.fetcher, self.extra_css = css, theme, fetcher, extra_css
        self.sheets = [*stylesheets(theme), *extra_css]
        self.notes = uses_notes(css, *(read_text(path) for path in self.sheets))

    @classmethod
    def prepare(cls, chars: frozenset[str], lang: str, roles: tuple[str, ...],
                roots: list[Path], theme: Theme, options: Options,
                extra_css: tuple[Path, ...] = (),
                languages: Mapping[str, Theme] | None = None) -> "Press":
        """``languages`` (an anthology's, see ``chapter_languages``) adds each language's
        stacks, cut down as the document's own, for the elements that carry it."""
        stacks = {role: theme.font_stack(role) for role in roles}
        for language, own in (languages or {}).items():  # one make_subsets: one face each
            stacks.update({f"{role} {language}": own.font_stack(role) for role in roles})
        stacks, subsets = make_subsets(stacks, chars | frozenset(string.printable.strip()),
                                       lang, options.cache_dir)
        fetcher = SafeFetcher(roots, options.warnings,
                              memory={s.url: s.data for s in subsets})
        css = "\n".join(s.font_face_rule() for s in subsets) + "\n" + \
            theme_css(theme, options.warnings, stacks, options.settings) + \
            language_rules({language: {role: stacks[f"{role} {language}"] for role in roles}
                            for language in languages or {}})
        faster_compression()
        faster_writing()
        return cls(css, theme, fetcher, extra_css)

    def lay_out(self, html: str, rules: str = "") -> Any:  # -> weasyprint.Document
        """Lay ``html`` out into pages, with the theme's CSS and then ``rules``.

        The HTML gets no base URL: content links are absolute or ``#`` (``safe_href``),
        and without a base the build's own path never ends up inside the PDF.  It is
        parsed by expat where that gives tinyhtml5's tree (``htmltree``).
        """
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        sheets = [CSS(string=self.css, base_url=self.theme.chain[0].as_uri() + "/",
                      url_fetcher=self.fetcher, font_config=fonts)]
        for path in self.sheets:
            with sheet(path):
                sheets.append(CSS(url=path.as_uri(), url_fetcher=self.fetcher,
                                  font_config=fonts))
        if rules:
            sheets.append(CSS(string=rules, font_config=fonts))
        document = html_document(keep_japanese_phrases(keep_hangul_words(html)),
                                 url_fetcher=self.fetcher)
        if not (self.notes or uses_notes(html, rules)):
            without_notes(document)
        return document.render(stylesheets=sheets, font_config=fonts, **PDF_OPTIONS)

    @staticmethod
    def write(document: Any) -> bytes:
        """The tagged PDF/UA-1 bytes of a laid-out document (then ``done`` with it)."""
        try:
            return document.write_pdf(**PDF_OPTIONS)
        finally:
            Press.done(document)

    @staticmethod
    def done(document: Any) -> None:
        """Remove the folder WeasyPrint copied the document's ``@font-face`` files to.

        WeasyPrint removes it when its font configuration is garbage-collected, which a
        one-shot build (``publish.collector``) and a forked child (``child``) never wait
        for; the fonts are embedded by then, and writing again reads them from memory.
        """
        fonts = getattr(document, "font_config", None)
        folder = getattr(fonts, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def read_text(path: Path) -> str:
    """A stylesheet's text, to look into ('' if it cannot be read: WeasyPrint reports)."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def printable_characters(interview: Interview) -> frozenset[str]:
    """What the booklet can print: the interview's text plus the templates' labels."""
    return interview.characters() | printed_label_characters(interview.meta.language)


def used_roles(document: Interview | Collection) -> tuple[str, ...]:
    """The font roles the booklet sets text in: ``mono`` only when there is code."""
    code = any(Style.CODE in run.styles for p in document.paragraphs() for run in p.runs)
    return FONT_ROLES if code else tuple(r for r in FONT_ROLES if r != "mono")


def language(interview: Interview) -> str:
    """The fontconfig language to match faces in (``zh-Hant-TW`` -> ``zh-tw``)."""
    return fontconfig_lang(interview.meta.language or "zh-CN")


def check_fonts(interview: Interview, theme: Theme,
                chars: frozenset[str] | None = None) -> None:
    """Every font stack the print CSS uses must draw every character it may print."""
    chars = chars if chars is not None else printable_characters(interview)
    for role in FONT_ROLES:
        check_stack(theme.stack_name(role), theme.font_stack(role), chars,
                    language(interview))


def source_folder(interview: Interview) -> Path:
    return Path(interview.path).resolve().parent if interview.path else Path.cwd()


def allowed_roots(interview: Interview, theme: Theme) -> list[Path]:
    """Where the build may read: the theme folders and the source's folder."""
    roots = list(theme.chain)
    if interview.path:
        roots.append(source_folder(interview))
    return roots
