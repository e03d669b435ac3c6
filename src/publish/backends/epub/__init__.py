"""EPUB 3 backend: a reflowable, validated, deterministic e-book of the interview.

The steps, each in its own module (as Sphinx's EPUB builder lists its finish steps):

1. ``xmlsafe``: strip characters XML 1.0 forbids from the model (warning per node);
2. ``documents``: cover page, title page, navigation document and one XHTML document
   per part (more for a part too large for one), rendered from the theme's templates
   and the shared partials;
3. fonts: check the theme's body stack covers every character, then embed a subset of
   it holding exactly those characters (``publish.fonts.subset``, cached on disk), and
   a subset of its bold face holding the characters set in bold (``boldtext``);
4. ``cover``: draw the cover image from the palette and metadata (cached);
5. ``stylesheet``: the theme chain's ``css/epub.css`` files with the theme's values;
6. ``package``: OPF metadata (stable identifier, accessibility), spine, NCX via ebooklib;
7. ``publish.store.ziputil``: rewrite the archive so equal inputs give equal bytes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Mapping, Sequence

from ...fonts.resolve import FontFace, check_stack, match_family
from ...fonts.subset import embeddable
from ...model import Collection, Interview
from ...store.cache import cache_root, cached, digest
from ...store.ziputil import normalise
from ...text.labels import labels_for
from ...text.language import fontconfig_lang
from ...theme import Theme
from .. import Options, chapter_languages
from .boldtext import bold_characters, unicode_range
from .cover import cover_faces, cover_key, draw_cover
from .anthology import collection_documents
from .documents import (COVER_IMAGE, STYLESHEET, Document, TocEntry, render_documents,
                        table_of_contents)
from .package import Asset, build_package
from .stylesheet import EmbeddedFont, LanguageFonts, render_stylesheet
from .xmlsafe import clean_model

NAME = "epub"
SUFFIX = ".epub"


def preload() -> None:
    """Import Jinja, HarfBuzz and the CSS parser and matcher, and load fontconfig's
    configuration now (~35 ms that ``render`` would spend), for a build with time to
    fill."""
    import cssselect2  # noqa: F401
    import jinja2  # noqa: F401
    import tinycss2  # noqa: F401
    import uharfbuzz  # noqa: F401

    from ...fonts.fontconfig import match

    match("serif")


def render(interview: Interview, theme: Theme, options: Options) -> bytes:
    """The finished EPUB's bytes; MissingFontError when a font lacks a glyph."""
    interview = clean_model(interview, options.warnings)
    lang = interview.meta.language or "zh-CN"
    labels = labels_for(lang)
    documents = render_documents(interview, theme, labels, lang)
    chars = book_characters(interview, documents)
    toc = table_of_contents(interview, documents)
    return assemble(interview, documents, toc, chars, theme, options, labels)


def render_collection(collection: Collection, theme: Theme, options: Options) -> bytes:
    """One book of the collection's interviews, the nav nested by interview (see
    ``anthology``); packaged, with its fonts and cover, as a single interview's book."""
    collection = cleaned(collection, options.warnings)
    lang = collection.meta.language or "zh-CN"
    labels = labels_for(lang)
    documents, toc = collection_documents(collection, theme, labels, lang)
    languages = chapter_languages(collection, theme)
    others = [LanguageFonts(language, own, tuple(language_fonts(
                  collection, language, own, documents, options)))
              for language, own in languages.items()]
    book = Interview(collection.meta, (), collection.path)
    return assemble(book, documents, toc, volume_characters(collection, documents, languages),
                    theme, options, labels, collection=True, languages=others)


def markup(document: Interview | Collection, theme: Theme, options: Options) -> None:
    """The book's XHTML documents from the theme's templates, each parsed as XML, with
    no fonts, cover or package (``backends.MARKUP``)."""
    lang = document.meta.language or "zh-CN"
    if isinstance(document, Collection):
        collection_documents(cleaned(document, options.warnings), theme, labels_for(lang),
                             lang)
    else:
        render_documents(clean_model(document, options.warnings), theme, labels_for(lang),
                         lang)


def cleaned(collection: Collection, warnings: list[str]) -> Collection:
    """The collection with no character XML forbids in its interviews (``clean_model``)."""
    return replace(collection, interviews=tuple(
        clean_model(member, warnings) for member in collection.interviews))


def volume_characters(collection: Collection, documents: list[Document],
                      languages: Mapping[str, Theme]) -> frozenset[str]:
    """What the volume's faces draw: the collection's text and its documents', but for
    the chapters set in another language's faces (``languages``)."""
    kept = replace(collection, interviews=tuple(
        m for m in collection.interviews if (m.meta.language or "zh-CN") not in languages))
    return frozenset(kept.characters() |
                     {c for doc in documents if doc.lang not in languages for c in doc.text})


def language_fonts(collection: Collection, language: str, theme: Theme,
                   documents: list[Document], options: Options) -> list[EmbeddedFont]:
    """The faces of ``language`` (its ``theme``'s body stack) checked against, and cut
    down to, the text of its chapters, named ``publish-body-<language>``."""
    mine = [doc for doc in documents if doc.lang == language]
    chars = frozenset(c for doc in mine for c in doc.text).union(
        *(m.characters() for m in collection.interviews
          if (m.meta.language or "zh-CN") == language))
    stem = "body-" + "".join(c if c.isascii() and c.isalnum() else "-" for c in language)
    return body_fonts(theme, chars, language, mine, options, True, stem)


def assemble(book: Interview, documents: list[Document], toc: list[TocEntry],
            chars: frozenset[str], theme: Theme, options: Options,
            labels: dict[str, str], collection: bool = False,
            languages: Sequence[LanguageFonts] = ()) -> bytes:
    """Fonts (checked, subset), stylesheet, cover image and the package around
    ``documents``; ``book`` gives the metadata (an interview, or a collection's), and
    ``languages`` the faces of an anthology's chapters in other languages."""
    lang = book.meta.language or "zh-CN"
    others = {other.lang for other in languages}
    fonts = body_fonts(theme, chars, lang, [d for d in documents if d.lang not in others],
                       options, collection)
    css = render_stylesheet(theme, fonts, collection, languages)
    fonts += [font for other in languages for font in other.fonts]
    assets = [Asset("style", STYLESHEET, "text/css", css.encode("utf-8")),
              *(Asset(f.uid, f.file_name, f.media_type, f.data) for f in fonts),
              Asset("cover-img", COVER_IMAGE, "image/png", cover_png(book, theme, options),
                    cover=True)]
    data = build_package(book, lang, documents, toc, assets, labels,
                         options.source_date_epoch, options.warnings, bool(fonts))
    return normalise(data, options.source_date_epoch,
                     stored_first=("mimetype", b"application/epub+zip"))


def body_fonts(theme: Theme, chars: frozenset[str], lang: str, documents: list[Document],
               options: Options, collection: bool = False,
               stem: str = "body") -> list[EmbeddedFont]:
    """The body stack checked against ``chars``, and (``epub.embed_font``) its faces cut
    down to them, with a bold face for the characters ``documents`` set in bold."""
    fc_lang = fontconfig_lang(lang)
    faces = check_stack(theme.stack_name("body"), theme.font_stack("body"), chars, fc_lang)
    if not theme.get("epub.embed_font", True):
        return []
    # which rules set bold does not depend on the fonts: a font-less stylesheet says
    bold = bold_characters(render_stylesheet(theme, [], collection),
                           (doc.content for doc in documents))
    return embed_fonts(faces, chars, options, stem) + \
        embed_bold(faces[0], bold, fc_lang, options, stem)


def book_characters(interview: Interview, documents: list[Document]) -> frozenset[str]:
    """Every character a reader can see: the model's text plus labels and template text."""
    chars = set(interview.characters())
    for doc in documents:
        chars.update(doc.text)
    return frozenset(chars)


def embed_fonts(faces: list[FontFace], chars: frozenset[str], options: Options,
                stem: str = "body") -> list[EmbeddedFont]:
    """Subsets of the stack's faces, the first face taking every character it has.

    Usually the first face covers everything and one font is embedded; a later face only
    contributes the characters the earlier ones lack.
    """
    wanted = set(chars)
    fonts: list[EmbeddedFont] = []
    for face in faces:
        mine = face.covers(wanted)
        if not mine:
            continue
        wanted -= mine
        subset = embeddable(face, mine, options.cache_dir)
        number = len(fonts) + 1
        name = stem if number == 1 else f"{stem}-{number}"
        fonts.append(EmbeddedFont(f"font-{name}", f"fonts/{name}{subset.suffix}",
                                  subset.media_type, subset.data, f"publish-{name}",
                                  subset.glyph_count))
        if not wanted:
            break
    return fonts


def embed_bold(regular: FontFace, chars: frozenset[str], lang: str, options: Options,
               stem: str = "body") -> list[EmbeddedFont]:
    """The bold face of the first body family, cut to the characters the book sets in
    bold (``boldtext``) that it has: a ``publish-body`` face of bold weight whose
    ``unicode-range`` names exactly those characters.  Nothing when the family has no bold
    face (fontconfig then answers with the regular one) or nothing is bold."""
    face = match_family(regular.family, lang, "Bold")
    if face is None or (face.path, face.index) == (regular.path, regular.index):
        return []
    mine = face.covers(chars)
    if not mine:
        return []
    subset = embeddable(face, mine, options.cache_dir)
    return [EmbeddedFont(f"font-{stem}-bold", f"fonts/{stem}-bold{subset.suffix}",
                         subset.media_type, subset.data, f"publish-{stem}",
                         subset.glyph_count, weight="bold", unicode_range=unicode_range(mine))]


def cover_png(interview: Interview, theme: Theme, options: Options) -> bytes:
    """The cover image, drawn once per distinct title/palette/font and then cached."""
    faces = cover_faces(interview.meta, theme)
    palette = theme.get("palette", {})
    name = digest(cover_key(interview.meta, palette, faces)) + ".png"
    data, _ = cached(cache_root(options.cache_dir) / "covers", name,
                     lambda: draw_cover(interview.meta, palette, faces))
    return data
