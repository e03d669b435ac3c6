"""A cover image drawn from the theme palette and the interview's metadata.

Reading systems show the cover image in the library and the store, long before any
embedded font or stylesheet is used, so the title is drawn into the picture itself, in the
theme's CJK heading face (the file fontconfig resolved, ``.ttc`` index included).  Every
character is drawn by the first face of the stack that has it, after the coverage check, so
the cover never shows a box.

Chinese has no spaces to wrap at; titles are wrapped at their spaces first (which
is where a compiler puts a visual pause: ``DeepSeek创始人 – 梁文锋采访 太燃了``) and
between characters only when a space-free stretch is too wide, never before closing or
after opening punctuation.  Lines are balanced: the narrowest width that keeps the line
count is used, so no line is left with a single character.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from ...fonts.resolve import FontFace, check_stack, resolve_stack
from ...model import Meta
from ...text.language import fontconfig_lang
from ...theme import Theme

COVER_VERSION = "2"                 # bump when the drawing changes
WIDTH, HEIGHT = 1600, 2400          # 2:3, above Apple Books' 1400 px minimum width
MARGIN = 170
NO_LINE_START = set("，。、：；！？）》」』”’〕〗】…—–-·,.;:!?)]}%")
NO_LINE_END = set("（《「『“‘〔〖【([{")
_TOKEN = re.compile(r"[0-9A-Za-z\u00C0-\u024F]+(?:[.'’\-][0-9A-Za-z\u00C0-\u024F]+)*|.", re.S)

Measure = Callable[[str], float]


@dataclass(frozen=True)
class TextBlock:
    """A piece of cover text: what, how big at most, and how many lines it may take."""

    text: str
    max_size: int
    min_size: int
    max_lines: int


def cover_text(meta: Meta) -> str:
    """Every character the cover draws (for the font coverage check)."""
    return meta.title + meta.subtitle + meta.compiler


@dataclass(frozen=True)
class CoverFaces:
    """The faces the cover draws with, first choice first: bold for the title."""

    bold: tuple[FontFace, ...]
    regular: tuple[FontFace, ...]


def cover_faces(meta: Meta, theme: Theme) -> CoverFaces:
    """Resolve the heading stack; raises MissingFontError when a cover glyph is missing."""
    stack = theme.font_stack("heading")
    lang = fontconfig_lang(meta.language)
    regular = check_stack(theme.stack_name("heading"), stack, cover_text(meta), lang)
    bold = _unique(resolve_stack(stack, lang, "Bold") + regular)
    return CoverFaces(tuple(bold), tuple(regular))


def cover_key(meta: Meta, palette: Mapping[str, str], faces: CoverFaces) -> tuple[str, ...]:
    """Everything the picture depends on, for caching it (font files by path and mtime)."""
    import PIL

    files = [f"{face.path}:{face.index}:{face.path.stat().st_mtime_ns}"
             for face in (*faces.bold, *faces.regular)]
    return (COVER_VERSION, PIL.__version__, f"{WIDTH}x{HEIGHT}", meta.title, meta.subtitle,
            meta.compiler, palette.get("cover_background", ""), palette.get("cover_text", ""),
            *files)


def draw_cover(meta: Meta, palette: Mapping[str, str], faces: CoverFaces) -> bytes:
    """Draw the cover: title (bold), a rule and the subtitle, the compiler near the foot.

    Everything on the cover is the ink blended over the background in some proportion
    (text, its anti-aliasing, the fainter frame and byline), so it is drawn as a
    greyscale coverage mask and coloured by a palette from background to ink: an indexed
    PNG, small and quick to encode, identical for identical input.
    """
    from PIL import Image, ImageDraw

    mask = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(mask)
    faint, full = _level(0.45), _level(1.0)
    draw.rectangle((70, 70, WIDTH - 71, HEIGHT - 71), outline=faint, width=4)

    width = WIDTH - 2 * MARGIN
    title = _fit(TextBlock(meta.title, 150, 72, 4), faces.bold, width)
    bottom = _draw_lines(draw, title, int(HEIGHT * 0.30), full, line_gap=0.28)
    if meta.subtitle:
        rule_y = bottom + 70
        draw.line((WIDTH / 2 - 120, rule_y, WIDTH / 2 + 120, rule_y), fill=faint, width=5)
        subtitle = _fit(TextBlock(meta.subtitle, 68, 40, 2), faces.regular, width)
        _draw_lines(draw, subtitle, rule_y + 70, full, line_gap=0.4)
    if meta.compiler:
        byline = _fit(TextBlock(meta.compiler, 56, 32, 1), faces.regular, width)
        _draw_lines(draw, byline, HEIGHT - 330, _level(0.85), line_gap=0.3)

    levels = mask.point(_POSTERIZE)
    image = Image.frombytes("P", levels.size, levels.tobytes())
    image.putpalette(_ramp(palette.get("cover_background", "#333333"),
                           palette.get("cover_text", "#ffffff")))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


LEVELS = 64                          # shades between background and ink; 64 look smooth
_POSTERIZE = [min(255, round(round(v * (LEVELS - 1) / 255) * 255 / (LEVELS - 1)))
              for v in range(256)]


def _level(amount: float) -> int:
    """Mask value for ink at ``amount`` opacity."""
    return round(255 * amount)


def _ramp(background: str, ink: str) -> list[int]:
    """A 256-entry palette: index i is ink at i/255 opacity over the background."""
    bg, fg = _rgb(background), _rgb(ink)
    return [round(fg[c] * v / 255 + bg[c] * (1 - v / 255)) for v in range(256) for c in range(3)]


@dataclass(frozen=True)
class Laid:
    """A text block laid out: its fonts per face, its size and its lines."""

    fonts: tuple[tuple[object, frozenset[int]], ...]
    size: int
    lines: tuple[str, ...]


def _fit(block: TextBlock, faces: Sequence[FontFace], width: int) -> Laid:
    """The largest size at which ``block`` fits in ``max_lines`` balanced lines.

    Sizes at which every space-separated word fits on a line win over larger sizes that
    would have to break a word between characters.  When nothing fits, the smallest size
    takes as many lines as it needs.
    """
    for keep_words in (True, False):
        for size in _sizes(block):
            fonts = _fonts(faces, size)
            measure = _measurer(fonts)
            lines = wrap(block.text, width, measure)
            whole = all(measure(word) <= width for word in words(block.text))
            if len(lines) <= block.max_lines and (whole or not keep_words):
                return Laid(fonts, size, tuple(balance(block.text, width, measure,
                                                       len(lines))))
    return Laid(fonts, size, tuple(lines))


def _sizes(block: TextBlock) -> list[int]:
    """Font sizes to try, largest first, 7 % apart, ending at the minimum."""
    sizes = [block.max_size]
    while sizes[-1] > block.min_size:
        sizes.append(max(block.min_size, int(sizes[-1] * 0.93)))
    return sizes


def _fonts(faces: Sequence[FontFace], size: int) -> tuple[tuple[object, frozenset[int]], ...]:
    from PIL import ImageFont

    return tuple((ImageFont.truetype(str(face.path), size, index=face.index), face.unicodes)
                 for face in faces)


def _measurer(fonts: Sequence[tuple[object, frozenset[int]]]) -> Measure:
    def measure(text: str) -> float:
        runs = _runs(text, fonts)
        return sum(font.getlength(run) for run, font in runs)  # type: ignore[attr-defined]
    return measure


def _runs(text: str, fonts: Sequence[tuple[object, frozenset[int]]]) -> list[tuple[str, object]]:
    """Split ``text`` into runs drawn by the first font that has each character."""
    runs: list[tuple[str, object]] = []
    for char in text:
        font = next((f for f, codes in fonts if ord(char) in codes or char.isspace()),
                    fonts[0][0])
        if runs and runs[-1][1] is font:
            runs[-1] = (runs[-1][0] + char, font)
        else:
            runs.append((char, font))
    return runs


def wrap(text: str, width: float, measure: Measure) -> list[str]:
    """Greedy lines no wider than ``width``: break at spaces, else between characters."""
    lines: list[str] = []
    line = ""
    for word in words(text):
        candidate = f"{line} {word}" if line else word
        if measure(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        pieces = [word] if measure(word) <= width else break_word(word, width, measure)
        lines += pieces[:-1]
        line = pieces[-1]
    if line:
        lines.append(line)
    return lines or [""]


def words(text: str) -> list[str]:
    """Space-separated words; a word of closing punctuation or dashes stays with the last."""
    out: list[str] = []
    for word in text.split():
        if out and all(char in NO_LINE_START for char in word):
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    return out


def break_word(word: str, width: float, measure: Measure) -> list[str]:
    """Break a space-free stretch between characters, keeping punctuation rules."""
    tokens = _TOKEN.findall(word)
    lines: list[list[str]] = [[]]
    for token in tokens:
        current = lines[-1]
        too_wide = current and measure("".join(current) + token) > width
        if too_wide and token[0] not in NO_LINE_START:
            carried = [current.pop()] if current and current[-1][-1] in NO_LINE_END else []
            lines.append(carried + [token])
        else:
            current.append(token)
    return ["".join(tokens) for tokens in lines if tokens]


def balance(text: str, width: float, measure: Measure, count: int) -> list[str]:
    """The same number of lines as at ``width``, at the narrowest width that keeps it.

    Never narrower than the widest word, so balancing does not break a word that fitted.
    """
    widest = max((measure(word) for word in words(text)), default=0.0)
    low, high = max(width * 0.4, widest if widest <= width else 0.0), width
    best = wrap(text, width, measure)
    while high - low > 4:
        middle = (low + high) / 2
        lines = wrap(text, middle, measure)
        if len(lines) <= count and all(measure(line) <= middle for line in lines):
            best, high = lines, middle
        else:
            low = middle
    return best


def _draw_lines(draw, laid: Laid, top: int, fill: int, line_gap: float) -> int:
    """Draw centred lines from ``top`` down; return the y below the last line."""
    step = int(laid.size * (1 + line_gap))
    measure = _measurer(laid.fonts)
    baseline = top + laid.size
    for line in laid.lines:
        x = (WIDTH - measure(line)) / 2
        for run, font in _runs(line, laid.fonts):
            draw.text((x, baseline), run, font=font, fill=fill, anchor="ls")
            x += font.getlength(run)  # type: ignore[attr-defined]
        baseline += step
    return baseline - step + int(laid.size * 0.25)


def _rgb(color: str) -> tuple[int, int, int]:
    """A theme colour (``#8c2f39``, ``#fff`` or a CSS name) as RGB."""
    from PIL import ImageColor

    return ImageColor.getrgb(color)[:3]  # type: ignore[return-value]


def _unique(faces: Sequence[FontFace]) -> list[FontFace]:
    out: list[FontFace] = []
    for face in faces:
        if face not in out:
            out.append(face)
    return out
