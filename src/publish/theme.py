"""Themes: one folder per theme drives every output.

A theme is ``themes/<name>/`` with a ``theme.toml`` and optional ``templates/`` and
``css/``.  Options merge base theme -> theme -> user overrides (as Sphinx merges
``theme.toml`` options); the ``base`` theme declares every known option, so an unknown key
anywhere is reported as a warning.  Templates and CSS are looked up along the inheritance
chain, child first (as mkdocs does with ``extends``).
"""

from __future__ import annotations

import copy
import functools
import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from .diagnostics import PublishError, did_you_mean
from .theme_checks import (flat_keys, font_option_errors, located, normalise_palette,
                           page_errors, pair_errors, value_errors)

BASE = "base"
MAX_DEPTH = 8
# The font stacks a theme names in [fonts], one per kind of text; a variant edition may
# add ``<role>_<variant>`` stacks (``body_tc``).
FONT_ROLES = ("body", "heading", "sans", "mono")


SHIPPED = Path(__file__).resolve().parents[2] / "themes"


def search_path() -> list[tuple[Path, str]]:
    """Every folder themes are looked for in, in order, whether it exists or not, with
    what puts it there: ``$PUBLISH_THEMES``, ``./themes``, ``shipped``."""
    env = os.environ.get("PUBLISH_THEMES", "")
    return [(Path(p).resolve(), "$PUBLISH_THEMES") for p in env.split(os.pathsep) if p] + \
        [((Path.cwd() / "themes").resolve(), "./themes"), (SHIPPED.resolve(), "shipped")]


def theme_roots() -> list[Path]:
    """Where themes are looked for, first match wins: each folder of ``$PUBLISH_THEMES``
    (``os.pathsep``-separated), ``./themes`` in the current folder, then the themes that
    ship with publish.  So a theme of one's own, in a project's ``themes/``, is found by
    name and may inherit a shipped one (``inherit = "classic"``)."""
    found: list[Path] = []
    for folder, _ in search_path():  # resolved: a relative $PUBLISH_THEMES made file URIs fail
        if folder.is_dir() and folder not in found:
            found.append(folder)
    return found or [SHIPPED]


def themes_dir() -> Path:
    """The first folder themes are looked for in (see ``theme_roots``)."""
    return theme_roots()[0]


def find_theme(name: str, roots: list[Path] | None = None) -> Path | None:
    """The folder of the theme ``name``: the first of ``roots`` that holds it."""
    for root in roots or theme_roots():
        if (root / name / "theme.toml").is_file():
            return root / name
    return None


class ThemeError(PublishError):
    """A theme that cannot be loaded: missing, unreadable, or with a bad option."""


@dataclass(frozen=True)
class Theme:
    """A loaded theme: merged options plus the folders to search for files."""

    name: str
    description: str
    options: Mapping[str, Any]
    chain: tuple[Path, ...]
    warnings: tuple[str, ...] = field(default=(), compare=False)
    # The theme as loaded, when ``language_theme`` has put a language's stacks in place
    # of the plain ones: another language's stacks (a collection's members) come from it.
    loaded: "Theme | None" = field(default=None, compare=False, repr=False)
    # The language's stack suffix ``language_theme`` put in place (``latin``, ``tc``).
    suffix: str = field(default="", compare=False)

    def stack_name(self, role: str) -> str:
        """The theme's own name of the stack ``font_stack(role)`` gives (``body_latin``
        for an English document's ``body``): what an error should tell its author."""
        own = (self.loaded or self).options.get("fonts", {})
        return f"{role}_{self.suffix}" if self.suffix and own.get(f"{role}_{self.suffix}") \
            else role

    def get(self, dotted: str, default: Any = None) -> Any:
        """Option by dotted path, e.g. ``theme.get("slides.key_max_size")``."""
        node: Any = self.options
        for key in dotted.split("."):
            if not isinstance(node, Mapping) or key not in node:
                return default
            node = node[key]
        return node

    def font_stack(self, role: str, variant: str = "") -> list[str]:
        """The font families for ``body``, ``heading``, ``sans`` or ``mono``.

        With a variant (``tc`` for Traditional Chinese) the stack ``<role>_<variant>`` is
        used when the theme has one.
        """
        fonts = self.options.get("fonts", {})
        stack = fonts.get(f"{role}_{variant}") if variant else None
        stack = stack or fonts.get(role) or []
        return [stack] if isinstance(stack, str) else list(stack)

    def find(self, relative: str) -> Path | None:
        """A file of the theme (``css/print.css``), child theme first."""
        for folder in self.chain:
            candidate = folder / relative
            if candidate.is_file():
                return candidate
        return None

    def template_dirs(self) -> list[Path]:
        return [folder / "templates" for folder in self.chain if (folder / "templates").is_dir()]

    def jinja_env(self):  # -> jinja2.Environment; imported lazily, only HTML backends need it
        """A Jinja environment over the chain's templates, autoescaping everything."""
        import jinja2

        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in self.template_dirs()]),
            autoescape=True, trim_blocks=True, lstrip_blocks=True,
            undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
            bytecode_cache=template_cache())
        env.globals["theme"] = self
        env.filters["safe_href"] = safe_href
        return env


def language_theme(theme: Theme, language: str) -> Theme:
    """``theme`` with the font stacks for ``language`` in place of ``body``, ``heading`` ...

    Backends keep asking for ``font_stack("body")`` and get the faces the document's
    language wants: ``<role>_tc`` for Traditional Chinese, ``_ja`` and ``_ko`` for Japanese
    and Korean, ``_latin`` (a Latin face first, a CJK one behind it) for every language
    not written in Han or Hangul; Simplified Chinese keeps the plain stacks.  A theme
    without such a stack keeps the plain one.  For Hong Kong, each ``… CJK TC`` family is
    preceded by its ``… CJK HK`` sibling (the Hong Kong glyph standard); fontconfig drops it
    where it is not installed.

    A theme already made for one language can be made for another: a collection's
    chapter in Japanese gets the Japanese stacks from an English volume's theme.
    """
    from .text.language import fontconfig_lang, stack_suffix

    theme = theme.loaded or theme
    suffix = stack_suffix(language)
    if not suffix:
        return theme
    options = copy.deepcopy(dict(theme.options))
    fonts = options.setdefault("fonts", {})
    hong_kong = fontconfig_lang(language) == "zh-hk"
    for role in FONT_ROLES:
        stack = theme.font_stack(role, suffix)
        if hong_kong:
            stack = [hk for family in stack for hk in (
                [family[:-2] + "HK", family] if family.endswith("CJK TC") else [family])]
        fonts[role] = stack
    return replace(theme, options=options, loaded=theme, suffix=suffix)


def template_cache(cache_dir: str | Path | None = None):  # -> jinja2.BytecodeCache
    """Compiled templates, kept in the build cache between builds.

    Compiling the booklet's templates takes Jinja about 12 ms per process; loading them
    compiled takes under 1.  Jinja checks each entry against the template's source and
    its own version.  A cache that cannot be read or written costs time, never a build.
    """
    from .store.cache import cache_root

    return _quiet_cache_class()(str(cache_root(cache_dir) / "templates"))


@functools.cache
def _quiet_cache_class() -> type:
    """Jinja's file cache, but missing, corrupt or unwritable entries are not errors
    (a class made on first use: Jinja is imported only by the HTML backends)."""
    import jinja2

    class QuietCache(jinja2.FileSystemBytecodeCache):
        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except (OSError, ValueError, EOFError, TypeError):
                bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                Path(self.directory).mkdir(parents=True, exist_ok=True)
                super().dump_bytecode(bucket)
            except OSError:
                pass

    return QuietCache


SAFE_SCHEMES = ("http://", "https://", "mailto:")


def safe_href(url: str | None) -> str:
    """A link target that cannot read local files or run script.

    Readers open links, they are never fetched while building; still, ``file:``,
    ``javascript:`` and relative paths that could point outside the book become ``#``.
    """
    url = (url or "").strip()
    if url.lower().startswith(SAFE_SCHEMES) or (url.startswith("#") and len(url) > 1):
        return url
    return "#"


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ThemeError(f"{path}: error: cannot read it: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ThemeError(f"{path}: error: invalid TOML: {exc}") from None


def available_themes(root: Path | None = None) -> list[tuple[str, str]]:
    """(name, description) of every theme found (``theme_roots``, or ``root`` alone),
    sorted by name; where two folders hold one name, the one found first."""
    found: dict[str, str] = {}
    for folder in [root] if root else theme_roots():
        for toml_path in sorted(folder.glob("*/theme.toml")):
            if toml_path.parent.name in found:
                continue
            try:
                data = read_toml(toml_path)
            except ThemeError:
                continue
            found[toml_path.parent.name] = str(data.get("description", ""))
    return sorted(found.items())


def missing_theme(name: str, roots: list[Path] | None = None) -> str:
    """The error for a theme no folder holds, with the installed name it probably meant
    and where it was looked for: ``roots``, else the whole search path, each folder with
    what puts it there (a missing one too: ``$PUBLISH_THEMES`` unset is said)."""
    installed = [n for n, _ in available_themes(roots[0] if roots and len(roots) == 1
                                                 else None)]
    hint = f" ({near})" if (near := did_you_mean(name, installed)) else ""
    if roots:
        where = ", ".join(str(r) for r in roots)
    else:
        labels: dict[Path, list[str]] = {}
        for folder, label in search_path():
            labels.setdefault(folder, []).append(label)
        where = ", ".join(f"{folder} ({', '.join(said)}{'' if folder.is_dir() else ', absent'})"
                          for folder, said in labels.items())
        if "PUBLISH_THEMES" not in os.environ:
            where = f"$PUBLISH_THEMES (not set), {where}"
    return (f"error: no theme named '{name}'{hint}; looked in {where}; "
            f"installed: {', '.join(installed) or 'none'}")


def load_theme(name: str, overrides: Mapping[str, Any] | None = None,
               root: Path | None = None) -> Theme:
    """Load ``name`` with its parents and apply user ``overrides`` (nested or dotted keys).

    Each theme of the chain is looked for along ``theme_roots`` (or in ``root`` alone)."""
    roots = [root] if root else theme_roots()
    chain: list[Path] = []
    layers: list[dict[str, Any]] = []
    current: str | None = name
    while current:
        # A theme that inherits its own name (a project's "classic" over the shipped
        # one) finds its parent in the folders after its own.
        shadowed = chain and chain[-1].name == current
        after = roots[roots.index(chain[-1].parent) + 1:] \
            if shadowed and chain[-1].parent in roots else roots
        folder = find_theme(current, after) if after else None
        names = " -> ".join([*(f.name for f in chain), current])
        if folder is None and shadowed:
            raise ThemeError(f"{chain[-1] / 'theme.toml'}: error: theme '{current}' "
                             f"inherits from itself (inherit = \"{current}\"), and no "
                             f"folder searched after {chain[-1].parent} holds a theme "
                             f"'{current}' for it to extend")
        if folder is None:
            raise ThemeError(missing_theme(current, None if after == theme_roots() and
                                           not root else after))
        if folder in chain:
            raise ThemeError(f"{chain[-1] / 'theme.toml'}: error: theme '{name}' inherits "
                             f"in a loop: {names}")
        if len(chain) >= MAX_DEPTH:
            raise ThemeError(f"error: theme '{name}' inherits through more than "
                             f"{MAX_DEPTH} themes: {names}")
        data = read_toml(folder / "theme.toml")
        chain.append(folder)
        layers.append(data)
        parent = str(data.get("inherit", "") or "")
        current = parent or (BASE if current != BASE else None)
    schema = layers[-1] if chain[-1].name == BASE else {}
    merged: dict[str, Any] = {}
    warnings: list[str] = []
    errors: list[str] = []
    origins: dict[str, str] = {}  # option -> the file (or --set) its merged value is from
    places = [str(folder / "theme.toml") for folder in reversed(chain)] + ["--set"]
    for folder, layer in zip(reversed(chain), reversed(layers)):
        _zero_as_text(layer, schema)
        warnings += _unknown(layer, schema, str(folder / "theme.toml"))
        errors += _mistyped(layer, schema, str(folder / "theme.toml"))
        errors += value_errors(layer, str(folder / "theme.toml"))
        origins.update(dict.fromkeys(flat_keys(layer), str(folder / "theme.toml")))
        _merge(merged, layer)
    if overrides:
        user = _undot(overrides)
        _zero_as_text(user, schema)
        # A --set key no theme declares is a typo (a theme file's may be for a newer
        # version, so there it stays a warning).
        errors += [w.replace(": warning: ", ": error: ", 1)
                   for w in _unknown(user, schema, "--set")]
        errors += _mistyped(user, schema, "--set")
        errors += value_errors(user, "--set")
        origins.update(dict.fromkeys(flat_keys(user), "--set"))
        _merge(merged, user)
    errors += pair_errors(merged) + page_errors(merged, origins, places) + \
        font_option_errors(merged, origins)
    if errors:  # with the warnings: an unknown option may be the cause (body_sise)
        raise ThemeError("\n".join(located(errors + warnings)))
    normalise_palette(merged)  # every output is handed #rrggbb, whatever CSS wrote
    for key in ("name", "inherit"):
        merged.pop(key, None)
    return Theme(name=name, description=str(layers[0].get("description", "")),
                 options=merged, chain=tuple(chain), warnings=tuple(located(warnings)))


def _merge(into: dict[str, Any], layer: Mapping[str, Any]) -> None:
    for key, value in layer.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = copy.deepcopy(value)


def _unknown(layer: Mapping[str, Any], schema: Mapping[str, Any], where: str,
             prefix: str = "") -> list[str]:
    """Warnings for keys of ``layer`` that the base theme does not declare."""
    if not schema:
        return []
    out = []
    for key, value in layer.items():
        dotted = f"{prefix}{key}"
        if key not in schema:
            near = did_you_mean(str(key), map(str, schema), prefix=prefix)
            hint = f" ({near})" if near else ""
            out.append(f"{where}: warning: unknown theme option '{dotted}'{hint}")
        elif isinstance(value, Mapping) and isinstance(schema[key], Mapping):
            out += _unknown(value, schema[key], where, dotted + ".")
    return out


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list of strings"
    return "a string" if isinstance(value, str) else type(value).__name__


def _fits(value: Any, declared: Any) -> bool:
    """Whether ``value`` has the kind of the base theme's ``declared`` default.

    Numbers are interchangeable (``13`` for ``13.333``); a font stack may be a single
    family instead of a list.
    """
    if isinstance(declared, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(declared, bool)
    if isinstance(declared, (int, float)):
        return isinstance(value, (int, float))
    if isinstance(declared, list):
        return isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value))
    return isinstance(value, type(declared))


def _zero_as_text(layer: dict[str, Any], schema: Mapping[str, Any]) -> None:
    """A bare ``0`` where the base theme declares a text (a margin: ``"18mm"``) is the
    length ``"0"``, which needs no unit: ``--set page.margin_top=0`` reads as a number."""
    for key, value in layer.items():
        declared = schema.get(key)
        if isinstance(declared, Mapping) and isinstance(value, dict):
            _zero_as_text(value, declared)
        elif isinstance(declared, str) and value == 0 and not isinstance(value, bool):
            layer[key] = "0"


def _mistyped(layer: Mapping[str, Any], schema: Mapping[str, Any], where: str,
              prefix: str = "") -> list[str]:
    """Errors for options whose value is not of the kind the base theme declares, which
    no backend could use (``--set fonts.body=3``)."""
    out = []
    for key, value in layer.items():
        if key not in schema:
            continue
        declared, dotted = schema[key], f"{prefix}{key}"
        if isinstance(declared, Mapping):
            if isinstance(value, Mapping):
                out += _mistyped(value, declared, where, dotted + ".")
            else:
                out.append(f"{where}: error: theme option '{dotted}' must be a table")
        elif not _fits(value, declared):
            out.append(f"{where}: error: theme option '{dotted}' must be {_kind(declared)}, "
                       f"not {value!r}")
    return out


def _undot(flat: Mapping[str, Any]) -> dict[str, Any]:
    """``{"slides.key_max_size": 40}`` -> ``{"slides": {"key_max_size": 40}}``."""
    nested: dict[str, Any] = {}
    for key, value in flat.items():
        node = nested
        *parents, last = key.split(".")
        for parent in parents:
            node = node.setdefault(parent, {})
        node[last] = value
    return nested


def parse_override(text: str) -> tuple[str, Any]:
    """``key=value`` from the command line; the value is read as TOML when it parses."""
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise ThemeError(f"error: --set and --option expect KEY=VALUE, got '{text}'")
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return key.strip(), value
