"""Print-ready booklet: the PDF booklet imposed for saddle stitching, or marked for a shop.

Settings (``--option KEY=VALUE``):

- ``paper``: ``a4`` (default) or ``letter``; the A5 pages are scaled to fit and centred.
- ``creep``: inward shift in mm per sheet towards the centre (default 0; ~0.1-0.2 for
  paper of 80-100 g/m² in booklets over 40 pages).
- ``shop``: ``true`` for a print shop: the A5 pages with 3 mm bleed and crop marks
  outside the bleed, not imposed (shops impose on their own sheets).  ``bleed`` sets
  another bleed width (only with ``shop``: without it, a warning).

It builds the booklet through the PDF backend's public ``render()`` and imposes the result;
it uses nothing else of that backend.
"""

from __future__ import annotations

import re

from ...diagnostics import PublishError
from ...theme_checks import MM
from ...model import Interview
from ...theme import Theme
from .. import Options, get

NAME = "print"
SUFFIX = ".print.pdf"


PAPERS = ("a4", "letter")  # as impose.PAPERS, which imports pikepdf
# The page size that is half of each paper's sheet, as the warning of a larger one says.
HALF_SHEET = {"a4": 'an A5 page size (page.size = "A5")',
              "letter": 'a half-letter page size (page.size = "5.5in 8.5in")'}
SHEETS = {"a4": "an A4", "letter": "a Letter"}
TRUE, FALSE = ("1", "true", "yes"), ("0", "false", "no")
BLEED = re.compile(r"(?i)([0-9]+(?:\.[0-9]+)?)(mm|cm|in|pt)?")  # "0" needs no unit
CREEP = re.compile(r"(?i)(-?[0-9]+(?:\.[0-9]+)?)(mm|cm|in|pt)?")  # mm without a unit


def check_settings(settings: dict) -> tuple[str, float]:
    """The paper and the creep (mm) asked for, or a PublishError: checked before any
    format of the build is rendered (``backends.check_settings``).  A shop's file is not
    imposed: its paper and creep are not read."""
    shop = str(settings.get("shop", "false")).lower()
    if shop not in TRUE + FALSE:
        raise PublishError(f"error: shop must be true or false (not {settings['shop']})")
    if is_shop(settings):
        bleed = str(settings.get("bleed", "3mm")).strip()
        found = BLEED.fullmatch(bleed)
        unit = (found[2] or "").casefold() if found else ""
        if not found or (not unit and float(found[1]) != 0) or \
                not 0 <= float(found[1]) * MM.get(unit, 0) <= 10:
            raise PublishError(f"error: bleed must be a length from 0 to 10 mm, such as "
                               f"3mm or 0.125in (not {bleed})")
        return "a4", 0.0
    paper = str(settings.get("paper", "a4")).lower()
    if paper not in PAPERS:
        raise PublishError(f"error: unknown paper '{paper}' (use {', '.join(PAPERS)})")
    given = str(settings.get("creep", 0) or 0).strip()
    found = CREEP.fullmatch(given)  # a length as bleed takes one; millimetres by default
    if not found:
        raise PublishError(f"error: creep must be a length such as 0.15mm or 0.1 (mm), "
                           f"not {given}")
    creep = float(found[1]) * MM[(found[2] or "mm").casefold()]
    if not 0 <= creep <= 2:
        raise PublishError(f"error: creep must be between 0 and 2 mm per sheet (not "
                           f"{settings.get('creep')})")
    return paper, creep


def ignored_settings(settings: dict) -> list[str]:
    """Warnings for settings given that this format does not read: ``bleed`` is read
    only for a shop's file (``render``), the imposed booklet has none; ``paper`` and
    ``creep`` only for the imposed booklet, a shop's file is its own pages, unimposed."""
    if not is_shop(settings):
        if "bleed" in settings:
            return ["print: warning: bleed applies only with shop=true (a print shop's "
                    "file); the imposed booklet has no bleed"]
        return []
    return [f"print: warning: {name} applies only to the imposed booklet, not with "
            "shop=true (a print shop's file has the booklet's own pages, one per page, "
            "which the shop imposes)" for name in ("paper", "creep") if name in settings]


def is_shop(settings: dict) -> bool:
    return str(settings.get("shop", "false")).lower() in TRUE


def render(interview: Interview, theme: Theme, options: Options) -> bytes:
    settings = options.settings
    paper, creep = check_settings(settings)
    shop = is_shop(settings)
    page_options = Options(source_date_epoch=options.source_date_epoch,
                           variant=options.variant, warnings=options.warnings,
                           cache_dir=options.cache_dir)
    if shop:
        page_options.settings.update(bleed=str(settings.get("bleed", "3mm")).strip().lower())
    booklet = get("pdf").render(interview, theme, page_options)
    from .impose import crop_marks, impose, scale_on

    if shop:  # marks outside the bleed (WeasyPrint's own would sit inside it)
        return crop_marks(booklet)
    scale = scale_on(booklet, paper)
    if scale < 0.9:  # a theme's A4 or 170mm x 240mm page (not A5 on Letter, 94 %)
        size = float(theme.get("type.body_size", 10.5))
        options.warnings.append(
            f"print: warning: the booklet's pages are larger than half {SHEETS[paper]} sheet and "
            f"print at {scale:.0%} of their size ({size:g} pt type at {size * scale:.1f} "
            f"pt); {HALF_SHEET[paper]} prints at full size")
    return impose(booklet, paper=paper, creep_mm=creep)
