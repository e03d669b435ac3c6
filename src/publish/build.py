"""One build: source -> model -> theme -> each backend -> atomic output files.

The CLI and the tests both drive builds through ``build()``; progress and warnings come
back as data (a callback and lists), so nothing here prints.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from . import backends
from .alongside import Alongside
from .diagnostics import Diagnostic, PublishError, SourceError, counted, error
from .fonts.resolve import (MissingFontError, absent_first_choices, describe, locate,
                            package_for)
from .model import Collection, Interview
from .prepared import prepare, read_collection, typeset_meta
from .store.output import write_atomic
from .template_errors import located as template_error
from .store.ownership import built_from_another, check_targets, remember
from .theme import Theme, language_theme
from .theme_choice import document_theme

Progress = Callable[[str, float], None]
# A source named so is a collection (source/collection.py, SUFFIXES; not imported here:
# a warm rebuild of an interview loads no parser).
COLLECTION_SUFFIXES = (".yaml", ".yml")


@dataclass
class BuildResult:
    """What a build produced and what it has to say."""

    outputs: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` as an int, or None when unset or not a number."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def output_name(source: Path, fmt: str, variant: str = "") -> str:
    """``<source-stem>[.<variant>]<suffix>``."""
    middle = f".{variant}" if variant else ""
    return f"{source.stem}{middle}{backends.SUFFIXES[fmt]}"


def build(source: str | Path, formats: Iterable[str], *, theme: str | None = None,
          output_dir: str | Path = "output", overrides: Mapping[str, Any] | None = None,
          settings: Mapping[str, Any] | None = None, variant: str = "",
          progress: Progress | None = None, aside: Sequence[str] | None = None,
          written: Callable[[str, Path], None] | None = None,
          force: bool = False) -> BuildResult:
    """Build ``formats`` from ``source``; raise PublishError on any user-fixable failure.

    Every format is rendered before any is written: a source error found by the last
    (a key sentence the deck cannot fit) leaves every output as it was, not the PDF
    and the EPUB new beside an old deck.  Then each is written atomically, in the order
    of ``formats``; ``written(format, path)`` is told of each as soon as it is.  Before
    anything is rendered, each output is checked (``store.ownership``): an existing file
    publish did not write is replaced only with ``force``, an input never; all are
    checked again once rendered, and each right before it is written.
    ``aside`` names the formats a forked child renders meanwhile (default: all but the
    first).  A caller that wants one output sooner than the others builds it on its
    own: the preview builds its quick web page alone, then the rest with the PDF aside
    (``preview.worker.stages``), so its page is written before the PDF is laid out.
    """
    report = progress or (lambda step, seconds: None)
    result = BuildResult()
    names = list(formats)
    backends.check_settings(names, dict(settings or {}))
    result.warnings += backends.unused_settings(names, dict(settings or {}))
    if Path(source).suffix.lower() in COLLECTION_SUFFIXES:
        if variant:
            raise PublishError(f"{source}: error: --variant is not available for a "
                               "collection; build each interview's edition on its own")
        document: Interview | Collection = prepare_collection(source, result, report)
        edition = None
    else:
        document, edition = _prepare_source(source, variant, result, report)
    started = time.perf_counter()
    loaded = document_theme(theme, document, overrides)
    result.warnings += list(loaded.warnings)
    report(f"load theme '{loaded.name}'", time.perf_counter() - started)
    if isinstance(document, Interview) and edition is not None:
        document = _convert(document, edition, names, report)
    loaded = language_theme(loaded, document.meta.language)  # the language's font stacks
    result.warnings += absent_first_choices(loaded, document.meta.language or "zh-CN")

    def render(name: str) -> Rendered:
        return _render(name, document, loaded, edition, Path(source), variant, settings)

    jobs = list(jobs_for(names, document))
    targets = {job: Path(output_dir) / planned_name(job, document, Path(source), variant)
               for job in jobs}
    sources = inputs(document, source)
    check_targets(targets.values(), sources, force)
    result.warnings += built_from_another(targets.values(), Path(source))
    meanwhile = jobs[1:] if aside is None else [j for j in jobs if j.partition("#")[0] in aside]
    deferred = _takes_both_cores(jobs, meanwhile, document)
    with Alongside(meanwhile, render, deferred=deferred) as alongside:
        rendered = {name: alongside.take(name) or render(name) for name in jobs}
    check_targets(targets.values(), sources, force)  # again: rendering took time
    for name, done in rendered.items():
        check_targets([targets[name]], sources, force)  # and each, right before its write
        target = write_atomic(targets[name], done.data)
        remember(target, done.data, Path(source))
        result.warnings += done.warnings
        result.outputs.append(target)
        if written is not None:
            written(name, target)
        report(f"{name}: {target} ({len(done.data) / 1024:.0f} KB)"
               f"{' (rendered alongside)' if done.alongside else ''}", done.seconds)
    # once each: the booklet and the handout read one stylesheet and warn of it alike
    result.warnings = list(dict.fromkeys(result.warnings))
    return result


def _takes_both_cores(jobs: list[str], meanwhile: list[str],
                      document: Interview | Collection) -> bool:
    """The first job, rendered here, uses both cores itself (``backends.TWO_CORES``): an
    anthology of two interviews or more, laid out in two halves."""
    return bool(jobs) and jobs[0] in backends.TWO_CORES and jobs[0] not in meanwhile \
        and isinstance(document, Collection) and len(document.interviews) > 1


def _prepare_source(source: str | Path, variant: str, result: BuildResult,
                    report: Progress) -> tuple[Interview, Any]:
    edition = edition_of(variant)  # an unknown variant fails before any work
    started = time.perf_counter()
    interview, diags = prepare(source)
    result.warnings += [str(d) for d in diags]
    if edition is not None:
        check_variant_language(source, interview, edition)
    report(f"read, check and copy-edit source (typography: {interview.meta.typography})",
           time.perf_counter() - started)
    return interview, edition


def _convert(interview: Interview, edition: Any, names: list[str],
             report: Progress) -> Interview:
    from .text.variant import convert_meanwhile

    started = time.perf_counter()
    converted = convert_meanwhile(interview, edition)
    if names:  # while OpenCC may be loading in a child process; the formats after
        backends.preload(names[0])  # the first load in the child rendering them
    interview = converted()
    report(f"convert to {edition.name} ({edition.opencc}) and load the backends",
           time.perf_counter() - started)
    return interview


def prepare_collection(source: str | Path, result: BuildResult,
                       report: Progress) -> Collection:
    """The collection file read, each member prepared as a single source is (from the
    build cache when unchanged); a member's errors name the member's own file."""
    started = time.perf_counter()
    found = read_collection(source)
    members, errors = [], []
    for path in found.members:
        try:
            interview, diags = prepare(path)
        except SourceError as exc:  # every member's errors, not only the first's
            errors += exc.diagnostics
            continue
        result.warnings += [str(d) for d in diags]
        members.append(interview)
    if errors:
        raise SourceError(errors)
    meta = found.meta
    if not meta.language:
        meta = replace(meta, language=members[0].meta.language)
    meta = typeset_meta(meta, found.path)  # copy-edited as its interviews' are
    report(f"read, check and copy-edit {counted(len(members), 'interview')} of the "
           "collection",
           time.perf_counter() - started)
    return Collection.of(meta, members, found.path)


def jobs_for(names: list[str], document: Interview | Collection) -> list[str]:
    """What to render: the formats, except that a collection's handouts are one per
    interview (``handout#2`` is the second interview's).  A format that cannot make a
    collection is refused here, before any output is written."""
    jobs = []
    if isinstance(document, Collection):
        wrong = [name for name in names if name not in backends.COLLECTIONS]
        if wrong:
            can = ", ".join(name for name in backends.REGISTRY if name in backends.COLLECTIONS)
            raise PublishError(f"{document.path}: error: format '{wrong[0]}' cannot build a "
                               f"collection ({can} can)")
    for name in names:
        if isinstance(document, Collection) and name in PER_INTERVIEW:
            stems = [Path(member.path).stem for member in document.interviews]
            twice = next((stem for stem in stems if stems.count(stem) > 1), None)
            if twice is not None:
                raise PublishError(f"{document.path}: error: two interviews are named "
                                   f"'{twice}': their {name}s would have the same name; "
                                   "rename one")
            jobs += [f"{name}#{n}" for n in range(1, len(document.interviews) + 1)]
        else:
            jobs.append(name)
    return jobs


# Formats made for one interview at a time: a collection gets one file per interview.
PER_INTERVIEW = frozenset({"handout"})


def planned_name(job: str, document: Interview | Collection, source: Path,
                 variant: str) -> str:
    """The file name ``_render`` gives the output of ``job``."""
    fmt, _, number = job.partition("#")
    if isinstance(document, Collection) and number:
        source = Path(document.interviews[int(number) - 1].path)
    return output_name(source, fmt, variant)


def inputs(document: Interview | Collection, source: str | Path) -> list[Path]:
    """The files a build reads its text from: the source, and a collection's members."""
    found = [Path(source)]
    if isinstance(document, Collection):
        found += [Path(member.path) for member in document.interviews if member.path]
    return found


@dataclass
class Rendered:
    """One format's finished bytes, what its backend warned about and how long it took."""

    data: bytes
    warnings: list[str]
    seconds: float
    alongside: bool = False  # rendered in a child process while this one rendered another


def _render(name: str, document: Interview | Collection, theme: Theme, edition: Any,
            source: Path, variant: str, settings: Mapping[str, Any] | None) -> Rendered:
    """One job: a format of the interview, of the collection, or (``handout#2``) of one
    interview of the collection (written under that interview's name, ``planned_name``)."""
    started = time.perf_counter()
    fmt, _, number = name.partition("#")
    backend = backends.get(fmt)
    options = backends.Options(source_date_epoch=source_date_epoch(), variant=variant,
                               settings=dict(settings or {}))
    try:
        if isinstance(document, Collection) and number:
            member = document.interviews[int(number) - 1]  # in its own language's faces
            data = render_located(backend, member,
                                  language_theme(theme, member.meta.language), options)
        elif isinstance(document, Collection):
            data = render_collection(backend, document, theme, options)
        else:
            data = render_located(backend, document, theme, options, edition)
    except Exception as exc:  # a theme's template that fails is the theme's error
        if (error := template_error(exc)) is None:
            raise
        raise error from None
    return Rendered(data, list(options.warnings), time.perf_counter() - started)


def render_collection(backend: Any, collection: Collection, theme: Theme,
                      options: backends.Options) -> bytes:
    """The backend's anthology of ``collection``; a missing glyph is reported in the
    member that holds it (or, for the collection's own metadata, in the collection)."""
    render = getattr(backend, "render_collection", None)
    if render is None:
        raise PublishError(f"{collection.path}: error: format '{backend.NAME}' cannot build "
                           "a collection")  # jobs_for refuses it first
    try:
        return render(collection, theme, options)
    except MissingFontError as exc:
        if not exc.missing:
            raise
        diags: list[Diagnostic] = []
        left = list(exc.missing)
        for member in collection.interviews:
            mine = [c for c in left if c in member.characters()]
            if mine and member.path:
                diags += missing_glyph_diagnostics(member.path,
                                                   MissingFontError(str(exc), mine, exc.stack))
                left = [c for c in left if c not in mine]
        if left:
            diags += missing_glyph_diagnostics(collection.path,
                                               MissingFontError(str(exc), left, exc.stack))
        raise SourceError(sorted(diags)) from None


def check_variant_language(source: str | Path, interview: Interview, edition: Any) -> None:
    """A zh-Hant edition converts Simplified Chinese; any other text would be mangled
    (OpenCC would turn Japanese 会 into 會) and mislabelled zh-Hant."""
    from .text.language import is_traditional

    language = interview.meta.language or "zh-CN"
    if not language.casefold().startswith("zh") or is_traditional(language):
        raise PublishError(f"{source}:{_key_line(source, 'language')}:1: error: --variant "
                           f"{edition.name} converts Simplified Chinese; this source's "
                           f"language is '{language}'")


def _key_line(source: str | Path, key: str) -> int:
    """The line of the source's front matter that sets ``key`` (1 if none is found)."""
    try:
        lines = Path(source).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    for number, line in enumerate(lines[1:], 2):  # the front matter: from its first ---
        if line.strip() == "---":
            break
        if line.startswith(f"{key}:"):
            return number
    return 1


def edition_of(variant: str) -> Any:  # -> publish.text.variant.Variant | None
    """The edition ``variant`` names (None for none); its module loads only when asked."""
    if not variant:
        return None
    from .text.variant import resolve

    return resolve(variant)


def render_located(backend: Any, interview: Interview, theme: Theme,
                   options: backends.Options, edition: Any = None) -> bytes:
    """Render, turning a missing-glyph failure into errors located in the source.

    ``edition`` is the variant the model was converted to, if any: its characters may
    not be in the source as such, and are then looked for in the converted lines.
    """
    try:
        return backend.render(interview, theme, options)
    except MissingFontError as exc:
        if not exc.missing or not interview.path:
            raise
        raise SourceError(missing_glyph_diagnostics(interview.path, exc, edition)) from None


def missing_glyph_diagnostics(path: str, exc: MissingFontError,
                              edition: Any = None) -> list[Diagnostic]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    places = locate(text, exc.missing)
    unplaced = [char for char in exc.missing if char not in places]
    if unplaced and edition is not None:
        places.update(locate_converted(text, unplaced, edition))
    diags = []
    for char in exc.missing:
        line, col = places.get(char, (1, 1))
        origin = "" if char in places else \
            " (not in the source as written: the copy-editing pass or the theme adds it)"
        diags.append(error(path, line, col,
                           f"no font in the theme's '{exc.stack}' stack has a glyph for "
                           f"{describe([char])}{origin}; install {package_for(char)} or "
                           "remove it"))
    return sorted(diags)


def locate_converted(text: str, chars: Sequence[str], edition: Any,
                     ) -> dict[str, tuple[int, int]]:
    """Where ``chars`` first appear once each line of ``text`` is converted to
    ``edition`` (创 is not in the source, but its line becomes 創), else where a source
    character that converts to them alone first is.  The column is the converted line's,
    which matches the source's wherever the conversion kept lengths.
    """
    from .text.variant import convert_text

    found: dict[str, tuple[int, int]] = {}
    for number, line in enumerate(text.split("\n"), 1):
        converted = convert_text(line, edition) if line.strip() else line
        for char in chars:
            if char not in found and char in converted:
                found[char] = (number, converted.index(char) + 1)
        if len(found) == len(chars):
            return found
    # Names are converted character by character (数据 -> 數據, where the phrase is 資料).
    alone = {c: convert_text(c, edition) for c in set(text) if not c.isspace()}
    sources = {char: {c for c, out in alone.items() if char in out}
               for char in chars if char not in found}
    for char, origins in sources.items():
        places = locate(text, origins).values()
        if places:
            found[char] = min(places)
    return found
