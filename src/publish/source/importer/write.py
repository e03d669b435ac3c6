"""Stage 5, writing the source: the grouped interview as Markdown with YAML front matter,
escaped so the parser reads back exactly the transcript's text, then parsed back."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ...diagnostics import Diagnostic, SourceError, counted, error
from ..parse import parse, turn_label
from .group import Para, Part
from .header import Meta

# Inline Markdown that would change the text: escape it.  ``<`` only before a non-space
# (autolinks), ``&`` only where it would start an entity.  ``|`` needs none: a table
# needs a delimiter row (``---|---``) under another line of its block, and the only lines
# joined into one block open with a ``Name:`` label, which no delimiter row does.
_INLINE_SPECIAL = re.compile(r"[\\`*_\[\]]|<(?=\S)|&(?=#?[0-9A-Za-z]+;)")
_EQUALS_RUN = re.compile(r"={2,}")
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])")
# A heading's trailing run of ``#`` after a space (or alone) is its closing sequence.
_CLOSING_HASHES = re.compile(r"(?:(?<=\s)|^)#+(?=\s*$)")


@dataclass(frozen=True)
class ImportResult:
    """The imported draft plus what the importer guessed, for the CLI to report."""

    markdown: str
    speakers: tuple[str, ...]
    parts: int
    topics: int
    exchanges: int
    diagnostics: tuple[Diagnostic, ...] = ()
    language: str = ""

    def summary(self) -> str:
        """One line saying what was guessed, so a user can spot a wrong guess at once."""
        roles = [f"{name} ({'host' if i == 0 else 'guest'})"
                 for i, name in enumerate(self.speakers)]
        counts = ", ".join(counted(n, word) for n, word in (
            (self.parts, "part"), (self.topics, "topic"), (self.exchanges, "exchange")))
        return f"speakers: {', '.join(roles)}; language: {self.language}; {counts}"



class _Dumper(yaml.SafeDumper):
    """Indented block sequences, and double quotes for strings with unusual characters."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    odd = any(not ch.isprintable() or ch in "\x85\u2028\u2029\ufeff" for ch in value)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if odd else None)


_Dumper.add_representer(str, _represent_str)


def _front_matter(meta: Meta, speakers: tuple[str, ...]) -> str:
    data: dict[str, object] = {"title": meta.title}
    data.update({key: value for key, value in (("number", meta.number),
                 ("compiler", meta.compiler), ("source", meta.source)) if value})
    data.update(language=meta.language, theme="classic", typography="auto")
    data["speakers"] = [{"name": name, "role": "host" if i == 0 else "guest"}
                        for i, name in enumerate(speakers)]
    dumped = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                       width=1_000_000, default_flow_style=False)
    return f"---\n{dumped}---\n"


def escape(text: str, at_start: bool = True) -> str:
    """Escape ``text`` so the parser reads it back as exactly this plain text.

    Every ``=`` of an ``==`` run is escaped (``\\=\\=``), so it stays literal text
    instead of opening a highlight.
    """
    out = _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(), text)
    out = _EQUALS_RUN.sub(lambda m: "\\=" * len(m.group()), out)
    if not at_start or not out:
        return out
    if out[0] in "#>-+=~":
        return "\\" + out
    return _ORDERED_MARKER.sub(r"\1\\\2", out, count=1)


def heading(text: str) -> str:
    """``escape`` for an ATX heading's text: a ``#`` run ending it would be read as the
    heading's closing sequence (``## #`` is an empty heading), so it is escaped too."""
    return _CLOSING_HASHES.sub(lambda m: "\\#" * len(m.group()), escape(text, at_start=False))


def _shield(paras: list[Para], in_topic: bool, speakers: tuple[str, ...]) -> list[Para]:
    """Keep plain paragraphs that open like ``Name:`` from being read as turns.

    Inside a topic every such paragraph joins the one before it (hard break); in a part's
    prose only declared names matter, and those get the bold label.
    """
    out: list[Para] = []
    for para in paras:
        label = turn_label(para.text, speakers) if not (para.speaker or para.bold) else None
        if label and in_topic and out:
            out[-1] = Para(out[-1].segments + para.segments, out[-1].speaker, out[-1].bold)
            continue
        if label and (in_topic or label[0] in speakers):
            para = Para(para.segments, bold=len(label[0]))
        out.append(para)
    return out


def _para_lines(para: Para, colon: str = ": ") -> list[tuple[str, int]]:
    """Markdown lines of one paragraph with the transcript line each comes from."""
    first = para.segments[0]
    if para.speaker:
        head = escape(f"{para.speaker}{colon}{first.text}").rstrip()
    elif para.bold:
        head = f"**{escape(first.text[:para.bold], False)}**{escape(first.text[para.bold:], False)}"
    else:
        head = escape(first.text)
    texts = [head, *(escape(seg.text) for seg in para.segments[1:])]
    lines = [text + "\\" for text in texts[:-1]] + texts[-1:]
    return list(zip(lines, (seg.line for seg in para.segments)))


def render(meta: Meta, speakers: tuple[str, ...],
            parts: list[Part]) -> list[tuple[str, int]]:
    """The draft as (markdown line, transcript line) pairs, for errors to point back."""
    out = [(line, 1) for line in _front_matter(meta, speakers).splitlines()]
    # Chinese labels a turn with the full-width colon every output prints (and that the
    # copy-editing pass would ask for: ``check --lint`` flagged each ASCII one).
    colon = "：" if meta.language.startswith("zh") else ": "

    def block(lines: list[tuple[str, int]]) -> None:
        out.append(("", lines[0][1]))
        out.extend(lines)

    for part in parts:
        block([(f"# {heading(part.heading)}", part.line)])
        for para in _shield(part.prose, False, speakers):
            block(_para_lines(para, colon))
        for topic in part.topics:
            block([(f"## {heading(topic.title)}", topic.line)])
            for exchange in topic.exchanges:
                for turn in (exchange.question, *exchange.answers):
                    for para in _shield(turn.paras, True, speakers):
                        block(_para_lines(para, colon))
    return out


def checked(rendered: list[tuple[str, int]], speakers: tuple[str, ...], path: str,
             diags: list[Diagnostic]) -> ImportResult:
    """Parse the draft back: its errors would be importer bugs, so they stop the import."""
    markdown = "\n".join(line for line, _ in rendered) + "\n"
    interview, parsed = parse(markdown, path)
    errors = [error(path, max(rendered[d.line - 1][1], 1) if d.line <= len(rendered) else 1,
                    1, f"cannot import: the draft would not parse ({d.message})")
              for d in parsed if d.is_error]
    if errors or interview is None:
        raise SourceError(errors or [error(path, 1, 1, "cannot import this transcript")])
    topics = list(interview.topics())
    return ImportResult(markdown, speakers, len(interview.parts), len(topics),
                        sum(len(t.exchanges) for t in topics),
                        tuple(sorted(diags, key=lambda d: (d.line, d.col))),
                        interview.meta.language)
