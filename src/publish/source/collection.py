"""Collection files: a YAML list of interview sources with the volume's own metadata.

A reading group gathers a term's interviews into one volume::

    title: 读书会访谈合集
    compiler: 周末读书会
    interviews:
      - deepseek-liang-wenfeng-interview.md
      - another-interview.md

Paths are relative to the collection file.  This module reads the file only (safe
loader, no aliases, every problem located in the collection file as
``collection.yaml:line:col: error: ...``); each member is then read and checked as a
single source is, by the build, so a member's errors name the member's own file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, SourceError, did_you_mean, error
from ..model import Meta, uuid_urn

if TYPE_CHECKING:
    import yaml

SUFFIXES = (".yaml", ".yml")
KEYS = ("title", "subtitle", "compiler", "language", "date", "theme", "identifier",
        "description", "interviews")
STRINGS = KEYS[:-1]


@dataclass(frozen=True)
class CollectionFile:
    """What a collection file says: the volume's metadata and its members' paths (as the
    build should open them: relative to the current folder when the file's path is).
    ``meta.language`` is empty when the file gives none: the build takes the first
    member's."""

    meta: Meta
    members: tuple[str, ...]
    path: str


def is_collection(path: str | Path) -> bool:
    """A collection is named ``*.yaml`` or ``*.yml``; an interview source is Markdown."""
    return Path(path).suffix.lower() in SUFFIXES


def members_in_place(found: CollectionFile) -> bool:
    """The members ``found`` lists are still files, each listed once: what
    ``load_collection`` checked on disk, to check again for a reading kept in the build
    cache (``prepared.read_collection``), which is otherwise keyed by the file alone."""
    real = [os.path.realpath(member) for member in found.members]
    return len(set(real)) == len(real) and all(Path(m).is_file() for m in found.members)


def load_collection(path: str | Path) -> CollectionFile:
    """Read and check the collection file; raise SourceError with every problem found.

    PyYAML (and the front-matter checks) load here, not with the module: a build whose
    collection file is in the build cache (``prepared``) never needs them."""
    import yaml

    from .frontmatter import calendar_date, canonical_tag, is_language_tag

    name = str(path)
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except OSError as exc:
        raise SourceError([error(name, 1, 1, f"cannot read collection: {exc.strerror}")]) \
            from None
    except UnicodeDecodeError as exc:
        raise SourceError([error(name, 1, 1, f"collection is not UTF-8 ({exc.reason})")]) \
            from None
    root = _compose(text, name)
    diags: list[Diagnostic] = []
    fields: dict[str, yaml.Node] = {}
    for key_node, value_node in root.value:
        key = str(key_node.value)
        line, col = _at(key_node)
        if key not in KEYS:
            hint = f"; {near}" if (near := did_you_mean(key, KEYS)) else ""
            diags.append(error(name, line, col, f"unknown collection key '{key}'{hint} "
                               f"(known: {', '.join(KEYS)})"))
        elif key in fields:
            diags.append(error(name, line, col, f"'{key}' is given twice"))
        else:
            fields[key] = value_node
    strings: dict[str, str] = {}
    for key in STRINGS:
        node = fields.get(key)
        if node is None:
            continue
        if not isinstance(node, yaml.ScalarNode):
            diags.append(error(name, *_at(node), f"'{key}' must be a single value"))
            continue
        strings[key] = str(node.value).strip()
    if not strings.get("title"):
        where = _at(fields["title"]) if "title" in fields else (1, 1)
        diags.append(error(name, *where, "a collection needs a 'title'"))
    if strings.get("language") and not is_language_tag(strings["language"]):
        diags.append(error(name, *_at(fields["language"]),
                           f"language '{strings['language']}' is not a BCP 47 tag"))
    elif strings.get("language"):
        strings["language"] = canonical_tag(strings["language"])
    wrong = calendar_date(strings.get("date", ""))
    if wrong:
        diags.append(error(name, *_at(fields["date"]),
                           f"date '{strings['date']}' is not a real date ({wrong})"))
    members = _members(fields.get("interviews"), Path(path).parent, name, diags)
    if diags:
        raise SourceError(sorted(diags, key=lambda d: (d.line, d.col)))
    meta = Meta(title=strings["title"], subtitle=strings.get("subtitle", ""),
                compiler=strings.get("compiler", ""), language=strings.get("language", ""),
                date=strings.get("date", ""), theme=strings.get("theme", ""),
                description=strings.get("description", ""),
                identifier=strings.get("identifier") or
                uuid_urn("collection", strings["title"]))
    return CollectionFile(meta, tuple(members), name)


def _compose(text: str, name: str) -> yaml.MappingNode:
    """The file as a YAML node tree (positions kept); aliases and non-mappings refused."""
    import yaml

    from .frontmatter import quote_hint, wide_colon_before, wide_colon_read

    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise SourceError([error(name, *_mark(event.start_mark),
                                         "YAML aliases are not allowed in a collection")])
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _mark(mark) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if mark and (slip := wide_colon_before(text, mark.line)):  # 'title：…'
            where, problem = (slip[0] + 1, slip[1]), slip[2]
        elif mark and problem == "mapping values are not allowed here":
            problem += quote_hint(text.splitlines()[mark.line], mark.column)
        raise SourceError([error(name, *where, f"invalid YAML: {problem}")]) from None
    except yaml.YAMLError as exc:
        raise SourceError([error(name, 1, 1, f"invalid YAML: {exc}")]) from None
    if slip := wide_colon_read(text, root, KEYS):
        raise SourceError([error(name, slip[0] + 1, slip[1], f"invalid YAML: {slip[2]}")])
    if not isinstance(root, yaml.MappingNode):
        raise SourceError([error(name, 1, 1, "a collection must be a YAML mapping with "
                                 "'title' and 'interviews'")])
    return root


def _members(node: yaml.Node | None, folder: Path, name: str,
             diags: list[Diagnostic]) -> list[str]:
    """The ``interviews`` entries as paths; each missing or repeated one an error, and
    so is a collection file (``*.yaml``): collections do not nest."""
    import yaml

    if node is None:
        diags.append(error(name, 1, 1, "a collection needs 'interviews', a list of "
                           "interview sources"))
        return []
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        diags.append(error(name, *_at(node), "'interviews' must be a non-empty list of "
                           "interview sources"))
        return []
    members: list[str] = []
    seen: dict[str, tuple[int, int]] = {}
    for item in node.value:
        where = _at(item)
        if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
            diags.append(error(name, *where, "an entry of 'interviews' must be a path"))
            continue
        entry = str(item.value).strip()
        member = folder / entry
        if is_collection(member):  # read as Markdown, it had "missing front matter"
            diags.append(error(name, *where, f"a collection cannot list another "
                               f"collection ('{entry}'); list its interviews here instead"))
            continue
        if member.is_dir():
            diags.append(error(name, *where, f"interview '{entry}' is a folder, not an "
                               "interview source: list the source files in it"))
            continue
        if not member.is_file():
            diags.append(error(name, *where, f"interview '{entry}' not found "
                               f"(looked for {member}){_nearest_file(member)}"))
            continue
        key = os.path.realpath(member)
        if key in seen:
            diags.append(error(name, *where, f"interview '{entry}' is listed twice "
                               f"(first on line {seen[key][0]})"))
            continue
        seen[key] = where
        members.append(str(member))
    return members


def _nearest_file(missing: Path) -> str:
    """``; did you mean 'ko.md'?`` for a source beside the one that is missing and named
    almost as it is, else nothing."""
    try:
        names = [p.name for p in missing.parent.iterdir()
                 if p.is_file() and p.suffix.lower() not in SUFFIXES]
    except OSError:
        return ""
    return f"; {near}" if (near := did_you_mean(missing.name, names)) else ""


def _at(node: Any) -> tuple[int, int]:
    return _mark(node.start_mark)


def _mark(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1
