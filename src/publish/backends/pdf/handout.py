"""The discussion handout: one A4 sheet or two a reading group brings to its meeting.

It holds the interview's title and a one-line description, then each topic numbered
with the host's question in full and the answer's key sentence as a short quote, with
ruled space for notes under each; and, when the front matter gives a ``url``, the
address and a QR code of it (``segno``).  It is the booklet's machinery on another
template: the same model, theme, fonts (cut to what the handout prints) and WeasyPrint
run (``typeset``), with ``css/handout.css`` after the theme's print CSS for the A4 page.

Registered as its own format (``handout``, ``.handout.pdf``); a collection gets one
handout per interview (see ``build.jobs_for``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...model import Collection, Interview, Role, Topic, Turn
from ...text.labels import collection_label_characters, collection_labels, labels_for
from ...theme import Theme, language_theme
from .. import Options, build_time
from . import allowed_roots, check_fonts, language, typeset, used_roles
from .document import printed_label_characters

NAME = "handout"
SUFFIX = ".handout.pdf"
QR_ERROR = "m"   # QR error correction: M restores 15 % of a smudged code


@dataclass(frozen=True)
class Question:
    """One question to discuss: who asks (empty for the host), what, and the key
    sentences of its answers with their speakers."""

    asker: str
    runs: Any          # the question's paragraphs (inline runs for the template)
    quotes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Item:
    """A numbered topic of the handout."""

    number: int
    topic: Topic
    questions: tuple[Question, ...]


def items(interview: Interview) -> list[Item]:
    """Every topic with every question asked in it, numbered from 1."""
    opener = collection_labels(interview.meta.language)["quote_open"]
    found = []
    for number, topic in enumerate(interview.topics(), start=1):
        found.append(Item(number, topic, tuple(question(ex.question, ex.answers, opener)
                                               for ex in topic.exchanges)))
    return found


def question(turn: Turn, answers: tuple[Turn, ...], opener: str = "“") -> Question:
    asker = "" if turn.speaker.role is Role.HOST else turn.speaker.name
    quotes = tuple((answer.speaker.name, quoted_within(answer.highlight, opener))
                   for answer in answers if answer.highlight)
    return Question(asker, turn.paragraphs, quotes)


# The handout sets each key sentence in its language's quotation marks (``opener``); a
# sentence that quotes someone itself keeps its marks, one level in, as typesetters nest
# them: 「…『…』…」 in Japanese and Traditional Chinese, “…‘…’…” elsewhere.  Without
# this, 「自分の店を持ちたい」という… printed with its opening mark doubled.
INNER = {"「": str.maketrans({"「": "『", "」": "』"}),
         "“": str.maketrans({"“": "‘", "”": "’"})}


def quoted_within(text: str, opener: str) -> str:
    """``text`` with its quotation marks turned to the ones used inside ``opener``'s;
    straight double quotes, in pairs, become curly inner ones."""
    text = text.translate(INNER.get(opener, {}))
    pieces = text.split('"')
    if opener == "“" and len(pieces) % 2 == 1:  # an even number of straight quotes
        text = "".join(piece + ("‘" if n % 2 == 0 else "’") * (n < len(pieces) - 1)
                       for n, piece in enumerate(pieces))
    return text


def handout_characters(interview: Interview) -> frozenset[str]:
    """What the handout can print: the interview's text, the labels, the address, and
    the key sentences as quoted (their marks one level in)."""
    lang = interview.meta.language
    quoted = "".join(text for item in items(interview) for q in item.questions
                     for _, text in q.quotes)
    return (interview.characters() | printed_label_characters(lang) |
            collection_label_characters(lang) | frozenset(interview.meta.url) |
            frozenset(quoted))


def qr_code(url: str) -> str:
    """A QR code of ``url`` as an SVG ``data:`` URI (black modules, no quiet zone: the
    CSS gives it room)."""
    import segno

    return segno.make(url, error=QR_ERROR, micro=False).svg_data_uri(
        scale=4, border=0, dark="#000000", light=None, nl=False)


def handout_html(interview: Interview, theme: Theme,
                 source_date_epoch: int | None = None) -> str:
    """The handout as HTML (``pdf/handout.html``; autoescaped)."""
    meta = interview.meta
    when = build_time(source_date_epoch).strftime("%Y-%m-%dT%H:%M:%SZ")
    template = theme.jinja_env().get_template("pdf/handout.html")
    return template.render(
        interview=interview, meta=meta, lang=meta.language or "zh-CN",
        labels=labels_for(meta.language), words=collection_labels(meta.language),
        line=meta.description or meta.subtitle, items=items(interview),
        host=meta.host.name if meta.host else "", created=when,
        qr=qr_code(meta.url) if meta.url else "")


def stylesheets(theme: Theme) -> tuple[Path, ...]:
    """Every ``css/handout.css`` along the theme chain, base first."""
    found = [folder / "css" / "handout.css" for folder in reversed(theme.chain)]
    return tuple(path for path in found if path.is_file())


def render(interview: Interview, theme: Theme, options: Options) -> bytes:
    """The handout's PDF bytes: tagged (PDF/UA-1), fonts checked and subset."""
    chars = handout_characters(interview)
    check_fonts(interview, theme, chars)
    return typeset(handout_html(interview, theme, options.source_date_epoch), chars,
                   language(interview), used_roles(interview),
                   allowed_roots(interview, theme), theme, options, stylesheets(theme))


def markup(document: Interview | Collection, theme: Theme, options: Options) -> None:
    """The handout's HTML (each interview's, for a collection), not laid out
    (``backends.MARKUP``)."""
    for interview in document.interviews if isinstance(document, Collection) else (document,):
        handout_html(interview, language_theme(theme, interview.meta.language),
                     options.source_date_epoch)
