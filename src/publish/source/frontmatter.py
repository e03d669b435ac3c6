"""YAML front matter: safe loading, alias refusal, located errors, typed metadata.

PyYAML's safe loader already refuses tags and Python objects; we also refuse aliases so a
"billion laughs" document cannot blow up anything that walks the data later.  Dates stay
text as written (``TextLoader``): every date in the model is text, and PyYAML's own date
constructor raised a bare ValueError on ``2025-13-45``; ``calendar_date`` checks the
forms that name a day instead, with a located error.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import replace
from typing import Any

import yaml

from ..diagnostics import Diagnostic, did_you_mean, error, warning
from ..model import Meta, Role, Speaker

KNOWN_KEYS = (
    "title", "number", "subtitle", "compiler", "source", "language", "date", "edition", "theme",
    "typography", "keywords", "description", "speakers", "identifier", "url",
)
TYPOGRAPHY_VALUES = ("auto", "off")
# YYYY-MM and YYYY-MM-DD, optionally with a time (the forms EPUB records, W3CDTF).
CALENDAR_DATE = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[Tt ].*)?")
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class TextLoader(yaml.SafeLoader):
    """PyYAML's safe loader with dates left as the text they were written as."""

    yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")


def is_language_tag(text: str) -> bool:
    """Whether ``text`` has the shape of a BCP 47 tag (``zh-CN``, ``ja``, ``en-GB``)."""
    return bool(LANGUAGE_TAG.fullmatch(text))


def canonical_tag(tag: str) -> str:
    """A BCP 47 tag in its usual case (``zh-hant-tw`` -> ``zh-Hant-TW``, ``JA`` -> ``ja``):
    tags are case-insensitive, and every output and font name then spells one language
    one way (``ja`` and ``JA`` members of an anthology embedded two fonts whose names
    differ only in case, which EPUB forbids)."""
    subtags = tag.split("-")
    out = [subtags[0].lower()]
    for sub in subtags[1:]:
        if len(sub) == 4 and sub.isalpha():
            out.append(sub.title())
        elif len(sub) == 2 and sub.isalpha():
            out.append(sub.upper())
        else:
            out.append(sub.lower())
    return "-".join(out)


def calendar_date(text: str) -> str | None:
    """Why ``text`` is not a real date when it has the form of one (``2025-13-45``,
    ``2025-02-30``), else None: free text such as ``2025年3月`` or ``Spring 2025`` is
    fine."""
    found = CALENDAR_DATE.fullmatch(text)
    if found is None:
        return None
    year, month, day = (int(g) if g else 1 for g in found.groups())
    try:
        dt.date(year, month, day)
    except ValueError as exc:
        return str(exc)
    return None


def parse_front_matter(
    text: str, first_line: int, path: str
) -> tuple[Meta | None, list[Diagnostic]]:
    """Read front matter whose first YAML line is source line ``first_line``.

    Returns the metadata (None when it cannot be built) and every diagnostic found.
    """
    diags: list[Diagnostic] = []

    def at(mark: Any) -> tuple[int, int]:
        return first_line + mark.line, mark.column + 1

    try:
        for event in yaml.parse(text, Loader=TextLoader):
            if isinstance(event, yaml.AliasEvent):
                line, col = at(event.start_mark)
                return None, [error(path, line, col,
                                    "YAML aliases are not allowed in front matter")]
        root = yaml.compose(text, Loader=TextLoader)
        data = yaml.load(text, Loader=TextLoader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = at(mark) if mark else (first_line, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if mark and (slip := wide_colon_before(text, mark.line)):  # the line to fix
            (line, col), problem = (first_line + slip[0], slip[1]), slip[2]
        elif mark and problem == "mapping values are not allowed here":
            problem += quote_hint(text.splitlines()[mark.line], mark.column)
        return None, [error(path, line, col, f"invalid YAML in front matter: {problem}")]
    except yaml.YAMLError as exc:  # reader errors (forbidden characters) and the like
        return None, [error(path, first_line, 1, f"invalid YAML in front matter: {exc}")]

    if slip := wide_colon_read(text, root):  # read as text: 'title：X', '  role：host'
        return None, [error(path, first_line + slip[0], slip[1],
                            f"invalid YAML in front matter: {slip[2]}")]
    if data is None:
        data, root = {}, None
    if not isinstance(data, dict) or (root is not None and not isinstance(root, yaml.MappingNode)):
        return None, [error(path, first_line, 1, "front matter must be a YAML mapping")]

    positions: dict[str, tuple[int, int]] = {}
    values: dict[str, yaml.Node] = {}
    if root is not None:
        for key_node, value_node in root.value:
            key = str(key_node.value)
            positions[key] = at(key_node.start_mark)
            values[key] = value_node

    def where(key: str) -> tuple[int, int]:
        return positions.get(key, (first_line - 1, 1))

    for key in data:
        if str(key) not in KNOWN_KEYS:
            line, col = where(str(key))
            diags.append(warning(path, line, col, f"unknown front-matter key '{key}'"
                                 f" ({_nearest_key(str(key))})"))

    strings: dict[str, str] = {}
    for key in ("title", "number", "subtitle", "compiler", "source", "language", "date", "edition",
                "theme", "typography", "description", "identifier", "url"):
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, (dict, list)):
            line, col = where(key)
            diags.append(error(path, line, col, f"'{key}' must be a single value"))
            continue
        if key == "typography" and isinstance(value, bool):  # YAML 1.1 reads `off` as false
            value = "auto" if value else "off"
        strings[key] = str(value).strip()

    title = strings.get("title", "")
    if "title" not in data:
        diags.append(error(path, first_line - 1, 1, "missing title in front matter"))
    elif not title:
        line, col = where("title")
        diags.append(error(path, line, col, "empty title"))

    language = strings.get("language", "zh-CN") or "zh-CN"
    if is_language_tag(language):
        language = canonical_tag(language)
    else:
        line, col = where("language")
        diags.append(error(path, line, col, f"language '{language}' is not a BCP 47 tag"))

    typography = strings.get("typography", "auto")
    if typography not in TYPOGRAPHY_VALUES:
        line, col = where("typography")
        diags.append(error(path, line, col,
                           f"typography must be one of {', '.join(TYPOGRAPHY_VALUES)}"))

    wrong = calendar_date(strings.get("date", ""))
    if wrong:
        line, col = where("date")
        diags.append(error(path, line, col,
                           f"date '{strings['date']}' is not a real date ({wrong})"))

    identifier = strings.get("identifier", "")
    if "identifier" in data and not identifier:
        line, col = where("identifier")
        diags.append(error(path, line, col, "empty identifier"))

    url = strings.get("url", "")
    if url and (not url.startswith(("https://", "http://")) or any(c.isspace() for c in url)):
        line, col = where("url")
        diags.append(error(path, line, col, f"url '{url}' is not an http(s) address"))

    keywords: tuple[str, ...] = ()
    raw_keywords = data.get("keywords")
    if isinstance(raw_keywords, list):
        keywords = tuple(str(k) for k in raw_keywords if k is not None)
    elif raw_keywords is not None:
        keywords = tuple(k.strip() for k in str(raw_keywords).split(",") if k.strip())

    speakers = _speakers(data.get("speakers"), values.get("speakers"), where, first_line,
                         path, diags)
    if any(d.is_error for d in diags):
        return None, diags
    meta = Meta(
        title=title,
        number=strings.get("number", ""),
        subtitle=strings.get("subtitle", ""),
        compiler=strings.get("compiler", ""),
        source=strings.get("source", ""),
        language=language,
        date=strings.get("date", ""),
        edition=strings.get("edition", ""),
        theme=strings.get("theme", ""),
        speakers=speakers,
        typography=typography,
        keywords=keywords,
        description=strings.get("description", ""),
        identifier=identifier,
        url=url,
    )
    # fixed now, from the title as written: the copy-editing pass may respace the title
    return replace(meta, identifier=meta.publication_id), diags


# ``key: value`` where the value holds ": " (``title: Growing Food: in the City``).
_COLON_VALUE = re.compile(r"(\s*(?:-\s+)?[^\s:#'\"][^:#]*):\s+(\S.*?)\s*")


def quote_hint(line: str, column: int) -> str:
    """How to write a value holding ": ", which YAML reads as a second key: quoted.
    Nothing when the colon YAML stopped at (``column``) is not in a value (a key
    indented too far)."""
    found = _COLON_VALUE.fullmatch(line)
    if found is None or column < found.start(2):
        return ""
    if found[2][0] in "'\"[{":
        return "; quote a value that holds ': '"
    key, value = found[1].strip(), re.sub(r"\s+#.*", "", found[2])  # a comment stays out
    return f"; quote a value that holds ': ', as in {key}: {_quoted(value)}"


def _quoted(value: str) -> str:
    """``value`` quoted for YAML: double quotes, or single ones (one inside written
    twice) when it holds a double quote."""
    return "'" + value.replace("'", "''") + "'" if '"' in value else f'"{value}"'


# A key followed by a full-width colon (``language：ja``), as a CJK input method types
# it: YAML reads no key there, only text, and fails at a later line or takes the line as
# more of a value.  A slip is (line index from 0, the colon's column from 1, the fix).
_WIDE_COLON = re.compile(r"\s*(?:-\s+)?(?:[{,]\s*)?(?P<key>[A-Za-z_][\w-]*)"
                         r"\s*(?P<colon>：)\s*(?P<value>.*)")
FIELD_KEYS = ("name", "role")  # a speaker's
_TRIES = 3  # lines tried as the cause of one YAML error (each try parses it all again)
Slip = tuple[int, int, str]


def wide_colon_before(text: str, last: int) -> Slip | None:
    """The cause of a YAML error at line index ``last``: the last line up to it whose
    key is followed by a full-width colon, if an ASCII colon there takes the error
    away (or further down: another such line)."""
    lines = text.splitlines()
    found = (slip for index in range(min(last, len(lines) - 1), -1, -1)
             if (slip := _slip(lines[index], index)))
    return next((slip for slip in itertools.islice(found, _TRIES)
                 if _fixed_by(lines, slip, last)), None)


def wide_colon_read(text: str, root: Any,
                    keys: tuple[str, ...] = (*KNOWN_KEYS, *FIELD_KEYS)) -> Slip | None:
    """A known key (``keys``) and a full-width colon that YAML read as text where no text
    can stand, in the document it composed to: the whole front matter (``title：X``
    alone), a key (``title：Food: x``) or a speaker (``- name：A``, ``{name：A, …}``).  Anywhere else the
    text may mean what it says (a keyword ``source：新华社``, a description's line), so
    it is left alone, as a quoted or block text is."""
    lines = text.splitlines()
    where = [root] if isinstance(root, yaml.ScalarNode) else []
    if isinstance(root, yaml.MappingNode):  # its keys (``title：Food: x``), its speakers
        where += [key for key, _ in root.value]
        where += [value for key, value in root.value
                  if isinstance(key, yaml.ScalarNode) and key.value == "speakers"]
    for node, value in (found for place in where for found in _plain_texts(place)):
        start = node.start_mark
        if "：" in str(node.value) and not value and \
                (slip := _slip(lines[start.line], start.line, start.column, keys)):
            return slip
    return None


def _fixed_by(lines: list[str], slip: Slip, last: int) -> bool:
    """Whether an ASCII colon for ``slip``'s takes the YAML error at line ``last`` away
    or further down."""
    index, column, _ = slip
    line = lines[index]
    fixed = [*lines[:index], line[:column - 1] + ": " + line[column:].lstrip(),
             *lines[index + 1:]]
    try:
        yaml.compose("\n".join(fixed), Loader=TextLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark is not None and mark.line > last
    except yaml.YAMLError:
        return False
    return True


def _slip(line: str, index: int, start: int = 0, keys: tuple[str, ...] = ()) -> Slip | None:
    """``line`` (from ``start``) as a key (one of ``keys``, if given) and a full-width
    colon, and what to write instead."""
    match = _WIDE_COLON.match(line, start)
    if match is None or (keys and match["key"] not in keys):
        return None
    value = match["value"].strip()
    if "{" in line[:match.start("colon")]:  # {name：A, role: host}
        value = re.split(r"\s*[,}]", value, maxsplit=1)[0]
    return (index, match.start("colon") + 1,
            f"full-width colon '：' after '{match['key']}'; use an ASCII colon and a space, "
            f"as in {match['key']}: {_quoted(value) if ': ' in value else value}".rstrip())


def _plain_texts(node: Any, value: bool = False) -> list[tuple[Any, bool]]:
    """Every plain (unquoted, not block) scalar of a composed YAML document, and whether
    it is a key's value."""
    if isinstance(node, yaml.ScalarNode):
        return [(node, value)] if node.style is None else []
    if isinstance(node, yaml.SequenceNode):
        return [found for item in node.value for found in _plain_texts(item)]
    if isinstance(node, yaml.MappingNode):
        return [found for key, item in node.value
                for found in (*_plain_texts(key), *_plain_texts(item, True))]
    return []


def _nearest_key(key: str) -> str:
    """The known key ``key`` was probably meant to be (``langauge``: ``language``), as
    ``--set`` suggests a theme option, else the list of known keys.  The cut-off is
    above difflib's default, which offered ``date`` for ``auther``."""
    return did_you_mean(key, KNOWN_KEYS, cutoff=0.7) or f"known: {', '.join(KNOWN_KEYS)}"


def _speakers(raw: Any, node: yaml.Node | None, where: Any, first_line: int, path: str,
              diags: list[Diagnostic]) -> tuple[Speaker, ...]:
    """Validate the ``speakers`` list: names unique, roles host/guest, one host.

    The count of hosts and guests is checked only when every entry was taken: an entry
    refused where it stands (a name declared twice, a bad role) leaves the counts wrong
    by itself, and "exactly one host (found 0)" would point away from the line to fix.
    """
    if raw is None:
        diags.append(error(path, first_line - 1, 1,
                           "missing 'speakers' in front matter (a list of {name, role})"))
        return ()
    line, col = where("speakers")
    if not isinstance(raw, list) or not raw:
        diags.append(error(path, line, col, "'speakers' must be a non-empty list"))
        return ()
    items = node.value if isinstance(node, yaml.SequenceNode) else [None] * len(raw)
    speakers: list[Speaker] = []
    refused = len(diags)
    for entry, item_node in zip(raw, items):
        eline, ecol = ((first_line + item_node.start_mark.line, item_node.start_mark.column + 1)
                       if item_node is not None else (line, col))
        if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
            shown = str(entry).strip() if isinstance(entry, (str, int, float)) else "..."
            role = entry.get("role") if isinstance(entry, dict) else None
            role = role if role in (Role.HOST, Role.GUEST) else \
                (Role.GUEST if speakers or len(diags) > refused else Role.HOST)
            diags.append(error(path, eline, ecol, f"a speaker needs a 'name' and a 'role': "
                               f"write {{name: {shown}, role: {role}}} (role is host or "
                               "guest)"))
            continue
        name = str(entry["name"]).strip()
        role = str(entry.get("role") or "").strip()
        if not role:
            diags.append(error(path, eline, ecol, f"speaker '{name}' has no role: add "
                               "'role: host' or 'role: guest'"))
            continue
        if role not in (Role.HOST, Role.GUEST):
            diags.append(error(path, eline, ecol,
                               f"speaker '{name}' has role '{role}'; use host or guest"))
            continue
        if any(s.name == name for s in speakers):
            diags.append(error(path, eline, ecol, f"speaker '{name}' is declared twice"))
            continue
        speakers.append(Speaker(name, Role(role)))
    if len(diags) > refused:
        return tuple(speakers)
    hosts = [s for s in speakers if s.role is Role.HOST]
    if speakers and len(hosts) != 1:
        diags.append(error(path, line, col,
                           f"exactly one speaker must have role host (found {len(hosts)})"))
    if speakers and not any(s.role is Role.GUEST for s in speakers):
        diags.append(error(path, line, col, "at least one speaker must have role guest"))
    return tuple(speakers)
