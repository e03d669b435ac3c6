"""The deck's look, read from the theme's ``[slides]`` table, with its fonts resolved.

Sizes, colours and font stacks are shared with the other outputs through the theme.  A
run names a typeface for Latin text (``a:latin``) and one for East Asian text
(``a:ea``), and the client picks by each character's script.  So a role is one family of
the stack (the first fontconfig resolves that draws every character), named for both,
or, for a Latin-first stack (an English deck) whose first face has no Han, that face
for Latin text and the stack's first face that draws the Han for East Asian text: an
English deck quoting 温故而知新 keeps its Latin face.  Text is measured with the face
each character is drawn in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from ...fonts import resolve as fonts
from ...text.labels import label_characters, labels_for
from ...text.language import fontconfig_lang, ooxml_lang
from ...theme import Theme
from .deck import EMU_PER_INCH
from .measure import ASIAN_PUNCT, WORDS, FontMetrics, MixedMetrics, is_asian, metrics


@dataclass(frozen=True)
class Face:
    """A resolved font role: the family the deck names and the metrics to measure with."""

    role: str                 # the theme's [fonts] stack name (heading, sans...)
    stack: tuple[str, ...]
    face: fonts.FontFace
    regular: FontMetrics
    bold: FontMetrics
    words: str = ""           # the language whose words line ends keep whole (measure.WORDS)
    east: "Face | None" = None  # the face of East Asian text, if not this one

    @property
    def family(self) -> str:
        return self.face.family

    @property
    def east_family(self) -> str:
        return self.east.family if self.east else self.family

    def metrics_for(self, bold: bool) -> FontMetrics | MixedMetrics:
        own = self.bold if bold else self.regular
        return MixedMetrics(own, self.east.metrics_for(bold)) if self.east else own


@dataclass(frozen=True)
class SlideStyle:
    """Everything the slide builders need from the theme, in points and EMU."""

    width: int
    height: int
    title: Face
    body: Face
    background: str
    title_color: str
    text_color: str
    key_color: str
    accent_color: str
    muted_color: str
    title_size: float
    question_sizes: tuple[float, float]
    key_sizes: tuple[float, float]
    point_sizes: tuple[float, float]
    footer_size: float
    lang: str                 # the DrawingML lang of every run (zh-CN, zh-TW)
    labels: dict[str, str]

    @property
    def credit_sizes(self) -> tuple[float, float]:
        """A name or a credit line (under a key sentence, on the title slide): set as a
        question is, but smaller, down to the footer's size, where a theme's large
        question sizes leave its one-line box no room."""
        return min(self.footer_size, self.question_sizes[0]), self.question_sizes[1]

    @property
    def scale(self) -> float:
        """Vertical scale against the 7.5 in high slide the layout is drawn for."""
        return self.height / (7.5 * EMU_PER_INCH)


def colour(value: str) -> str:
    """``#8c2f39`` -> ``8C2F39`` (DrawingML's srgbClr; the theme checked its shape)."""
    return str(value).lstrip("#").upper()


def resolve_face(theme: Theme, role: str, lang: str, chars: Iterable[str] = ()) -> Face:
    """The first family of the theme's ``role`` stack that fontconfig has and that draws
    every one of ``chars``; else the first it has (``check_coverage`` then names what is
    missing).  In a language not written in Han or Hangul, a first family that lacks
    only the East Asian characters keeps the Latin text, and the stack's first family
    that draws those sets them (``east``: a run's ``a:ea``), as the module docstring
    says.  Families are asked for one by one and only until one answers.  A stack that
    resolves to nothing raises MissingFontError.
    """
    stack = tuple(theme.font_stack(role))
    wanted = frozenset(chars)
    found_faces = (found for family in stack
                   if (found := fonts.match_family(family, lang)) is not None)
    face = first = next(found_faces, None)
    if first is not None and lang.partition("-")[0] not in ("zh", "ja", "ko") and \
            fonts.missing_characters([first], wanted) and \
            (split := _latin_and_east(stack, lang, wanted)):
        latin, east = split
        return replace(_face(role, stack, latin, lang), east=_face(role, stack, east, lang))
    while face is not None and fonts.missing_characters([face], wanted):
        face = next(found_faces, None)
    face = face or first
    if face is None:
        fonts.check_stack(theme.stack_name(role), stack, (), lang)  # raises "matches no …"
        raise fonts.MissingFontError(f"error: font stack '{role}' matches no font", (), role)
    return _face(role, stack, face, lang)


def _face(role: str, stack: tuple[str, ...], face: fonts.FontFace, lang: str) -> Face:
    bold = fonts.match_family(face.family, lang, "Bold") or face
    return Face(role, stack, face, metrics(str(face.path), face.index),
                metrics(str(bold.path), bold.index),
                lang.partition("-")[0] if lang.partition("-")[0] in WORDS else "")


def _latin_and_east(stack: Sequence[str], lang: str, wanted: frozenset[str]
                    ) -> tuple[fonts.FontFace, fonts.FontFace] | None:
    """A Latin-first stack's first face for the text that is not East Asian and first
    face for the East Asian text, when no single face draws both; None otherwise."""
    latin_chars, east_chars = by_script(wanted)
    faces = [found for family in stack if (found := fonts.match_family(family, lang))]
    latin = next((f for f in faces if not fonts.missing_characters([f], latin_chars)), None)
    east = next((f for f in faces if not fonts.missing_characters([f], east_chars)), None)
    if latin is None or east is None or latin == east or not east_chars:
        return None
    return latin, east


def by_script(chars: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """``chars`` as (Latin and common, East Asian).  Punctuation both scripts use
    (quotes, dashes: ``ASIAN_PUNCT``) goes with the Latin text: a client sets it in the
    script of the text around it, and must find it in the Latin face too."""
    east = frozenset(c for c in chars if is_asian(c) and c not in ASIAN_PUNCT)
    return frozenset(chars) - east, east


def check_coverage(face: Face, chars: Iterable[str],
                   what: str = "the first family it has, which the deck names") -> None:
    """Prove the named family draws every character the deck sets in it (with an East
    Asian face, each draws its script's characters).

    A .pptx run names one typeface per script, so that family must cover the text on
    its own: a later family of the stack would not be used by the client.
    """
    if face.east is not None:
        latin, east = by_script(chars)
        check_coverage(replace(face, east=None), latin)
        check_coverage(face.east, east, "the family the deck names for East Asian text")
        return
    missing = fonts.missing_characters([face.face], chars)
    if missing:
        packages = sorted({fonts.package_for(c) for c in missing})
        raise fonts.MissingFontError(
            f"error: font '{face.family}' (of the '{face.role}' stack, {what}) has no glyph "
            f"for {len(missing)} character(s): "
            f"{fonts.describe(missing)}; install {' or '.join(packages)} or put a family "
            "that covers them first in the theme's stack", missing, face.role)


def slide_size(width: float, height: float) -> tuple[int, int]:
    """The slide in EMU.  A size written to three decimals as 16:9 or 4:3 (13.333 x 7.5 in)
    is PowerPoint's exact preset (12192000 x 6858000 EMU), not 305 EMU narrower: a deck
    slightly off the preset is "Custom" to PowerPoint."""
    emu_width, emu_height = round(width * EMU_PER_INCH), round(height * EMU_PER_INCH)
    for ratio in (16 / 9, 4 / 3):
        exact = round(emu_height * ratio)
        if emu_width != exact and abs(emu_width - exact) <= 0.0005 * EMU_PER_INCH:
            return exact, emu_height
    return emu_width, emu_height


def slide_style(theme: Theme, language: str, chars: Iterable[str] = ()) -> SlideStyle:
    """Read the ``[slides]`` table and resolve its two font roles for ``chars``."""
    lang = fontconfig_lang(language)

    def opt(key: str) -> float:
        return float(theme.get(f"slides.{key}"))

    chars = frozenset(chars) | label_characters(language)
    title = resolve_face(theme, str(theme.get("slides.title_font", "heading")), lang, chars)
    body = resolve_face(theme, str(theme.get("slides.body_font", "sans")), lang, chars)
    width, height = slide_size(opt("width"), opt("height"))
    return SlideStyle(
        width=width, height=height,
        title=title, body=body,
        background=colour(theme.get("slides.background")),
        title_color=colour(theme.get("slides.title_color")),
        text_color=colour(theme.get("slides.text_color")),
        key_color=colour(theme.get("slides.key_color")),
        accent_color=colour(theme.get("slides.accent_color")),
        muted_color=colour(theme.get("slides.muted_color")),
        title_size=opt("title_size"),
        question_sizes=(opt("question_min_size"), opt("question_max_size")),
        key_sizes=(opt("key_min_size"), opt("key_max_size")),
        point_sizes=(opt("point_min_size"), opt("point_max_size")),
        footer_size=opt("footer_size"),
        lang=ooxml_lang(language), labels=labels_for(language))
