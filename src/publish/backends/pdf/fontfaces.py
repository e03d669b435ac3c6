"""Document-sized copies of the faces, handed to WeasyPrint through ``@font-face``.

WeasyPrint subsets embedded fonts but keeps every glyph id up to the highest one used
(``RETAIN_GIDS``).  Han characters sit at glyph ids up to ~65,000 in Noto CJK, so each
embedded face carries ~65,000 empty glyph slots: 80-130 KB per face after compression,
whatever the text.  Four faces make a 750 KB booklet out of 600 distinct characters.

So, before rendering, each face the print CSS can use is cut down
(``publish.fonts.subset``, recipe ``PRINT``), which renumbers its glyphs compactly, and
offered to WeasyPrint under a private family name that comes first in every stack.  The
theme's own stack follows it, so a character the copy lacks still finds its font.  The
fetcher serves the copies from memory; the build cache keeps them between builds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from ...fonts.resolve import GENERIC_FAMILIES, FontFace, match_family
from ...text.language import fontconfig_lang
from ...fonts.subset import PRINT, subset_face

SCHEME = "publish-font"
WEIGHTS = (("normal", ""), ("bold", "Bold"))
SUFFIX = " Subset"


@dataclass(frozen=True)
class Subset:
    """One cut-down face: the family name CSS uses, its weight, and the font bytes."""

    family: str
    weight: str
    url: str
    data: bytes

    def font_face_rule(self) -> str:
        return (f'@font-face {{ font-family: "{self.family}"; font-weight: {self.weight}; '
                f'src: url("{self.url}"); }}')


def named(stack: Sequence[str], lang: str) -> list[str]:
    """The stack's families, a generic one (``serif``) as the family fontconfig gives it
    for ``lang``: the faces the coverage check proved (``resolve_stack``).  Left to
    Pango, a generic's characters were set in whatever its fallback found first (a
    Japanese sans 、 in a Chinese serif text, when no CJK family was named)."""
    out = []
    for family in (f.strip().strip("'\"") for f in stack):
        if family.casefold() in GENERIC_FAMILIES:
            face = match_family(family, lang)
            family = face.family if face is not None else ""
        if family and family not in out:
            out.append(family)
    return out


def make_subsets(stacks: Mapping[str, Sequence[str]], chars: frozenset[str],
                 lang: str, cache_dir: str | Path | None = None,
                 ) -> tuple[dict[str, list[str]], list[Subset]]:
    """Cut-down faces for every family of ``stacks`` (``named``) in both weights.

    Returns each role's new stack (subset families first, then the original stack) and
    the subsets, one per distinct (family, weight); a family without a real bold face
    gets no bold subset, so Pango emboldens the regular one as it would anyway.
    """
    made: dict[tuple[str, str], Subset | None] = {}
    new_stacks: dict[str, list[str]] = {}
    for role, stack in stacks.items():
        front: list[str] = []
        # "body ja": an anthology chapter's stack, its generic families in its language
        own = role.partition(" ")[2]
        for family in named(stack, fontconfig_lang(own) if own else lang):
            regular = match_family(family, lang)
            if regular is None:
                continue
            for weight, style in WEIGHTS:
                key = (family, weight)
                if key not in made:
                    face = regular if not style else match_family(family, lang, style)
                    made[key] = _subset(family, weight, face, regular, chars, cache_dir)
            if made[(family, "normal")] is not None and family + SUFFIX not in front:
                front.append(family + SUFFIX)
        new_stacks[role] = front + list(stack)
    return new_stacks, [s for s in made.values() if s is not None]


def _subset(family: str, weight: str, face: FontFace | None, regular: FontFace,
            chars: frozenset[str], cache_dir: str | Path | None) -> Subset | None:
    if face is None or (weight != "normal" and face == regular):
        return None
    data = subset_face(face, chars, PRINT, cache_dir)
    if not data:
        return None
    slug = "".join(c if c.isalnum() else "-" for c in family.casefold())
    return Subset(family + SUFFIX, weight, f"{SCHEME}:{slug}-{weight}.otf", data)
