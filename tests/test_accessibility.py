"""Accessibility, as the checkers publishers use see it.

- DAISY Ace 1.4.6 (axe-core in Debian's Chromium; ``tools/ace``, installed by
  ``make test``) on every EPUB edition, an English and a Japanese book imported from
  ``tests/data`` and a collection's among them: no violation of any impact.
- ``pdfua`` (the machine-checkable part of PDF/UA-1) on every PDF: the booklets, the
  imposed print file, the print-shop file, the discussion handout and a collection's
  anthology: no error, no warning, no rule skipped.
- Headless Chromium renders every content document of each EPUB: the embedded faces
  load and draw every character (no fallback to a system font, no missing glyph).

Each slow client runs once per artefact, in session fixtures.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT, SEED, require
from publish.build import build

ACE = ROOT / "tools" / "ace" / "node_modules" / ".bin" / "ace-puppeteer"
PDFUA = Path(sys.executable).parent / "pdfua"
# name -> (formats, build() keywords): every edition whose EPUB or PDF the project writes.
EDITIONS = {
    "classic": (("pdf", "epub", "print"), {}),
    "modern": (("pdf", "epub"), {"theme": "modern"}),
    "zh-Hant": (("pdf", "epub", "print"), {"variant": "zh-Hant"}),
    "shop": (("print",), {"settings": {"shop": "true"}}),
    "en": (("pdf", "epub"), {}),
    "ja": (("pdf", "epub"), {}),
    "handout": (("handout",), {}),
}
# editions built from a transcript in tests/data (imported first) instead of the seed
TRANSCRIPTS = {"en": "transcript-en-titled", "ja": "transcript-ja"}
# A collection (seeds/series.yaml: the seed and a panel) as one anthology.
COLLECTION = ROOT / "seeds" / "series.yaml"
EPUBS = ("classic", "modern", "zh-Hant", "en", "ja", "collection")
PDFS = ("classic.pdf", "classic.print.pdf", "modern.pdf", "zh-Hant.pdf", "zh-Hant.print.pdf",
        "shop.print.pdf", "en.pdf", "ja.pdf", "handout.handout.pdf", "collection.pdf")
# pdfua 0.1.3 cannot run UA-14-001 (empty headings) on a heading whose /K is an array:
# its as_integer() asks getattr(value, "is_integer"), and pikepdf raises ValueError (not
# AttributeError) for a missing attribute of an Array.  Every heading WeasyPrint writes
# has an array /K.  The skip is the checker's; the rule's own definition is checked below.
PDFUA_BUG = "cannot get key '/is_integer' on object of type array"
XHTML = "application/xhtml+xml"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync")


@pytest.fixture(scope="session")
def artefacts(tmp_path_factory) -> dict[str, Path]:
    """``<edition>.<suffix>`` -> the file, built once with the real build."""
    from publish.source.importer import import_bytes

    folder = tmp_path_factory.mktemp("a11y")
    out = {}
    for name, (formats, keywords) in EDITIONS.items():
        source = SEED
        if name in TRANSCRIPTS:
            transcript = ROOT / "tests" / "data" / f"{TRANSCRIPTS[name]}.txt"
            source = folder / f"{TRANSCRIPTS[name]}.md"
            source.write_text(import_bytes(transcript.read_bytes(), str(transcript)).markdown,
                              encoding="utf-8")
        for path in build(source, formats, output_dir=folder / name, **keywords).outputs:
            suffix = path.name.removeprefix(source.stem).lstrip(".")
            suffix = suffix.removeprefix(keywords.get("variant", "")).lstrip(".")
            out[f"{name}.{suffix}"] = path
    for path in build(COLLECTION, ("pdf", "epub"), output_dir=folder / "collection").outputs:
        out[f"collection{path.suffix}"] = path
    return out


# ---------------------------------------------------------------- DAISY Ace


def ace(epub: Path, out: Path) -> dict:
    """Ace's report on ``epub`` (``ace-puppeteer``: the Electron runner needs a display)."""
    if not ACE.is_file():
        pytest.fail(f"{ACE.relative_to(ROOT)} is missing; run the tests with `make test`, "
                    "which installs DAISY Ace from tools/ace/package-lock.json")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": require("chromium", "chromium")}
    result = subprocess.run([str(ACE), "-f", "-s", "-o", str(out), str(epub)], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def ace_reports(artefacts, tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("ace")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(ace, artefacts[f"{name}.epub"], folder / name)
                   for name in EPUBS}
        return {name: future.result() for name, future in futures.items()}


def content_documents(epub: Path) -> list[str]:
    """The zip paths of the EPUB's XHTML documents, in manifest order."""
    with zipfile.ZipFile(epub) as book:
        container = etree.fromstring(book.read("META-INF/container.xml"))
        opf_path = container.find(".//{*}rootfile").get("full-path")
        opf = etree.fromstring(book.read(opf_path))
    base = opf_path.rpartition("/")[0]
    return [f"{base}/{item.get('href')}" for item in opf.iterfind(".//{*}manifest/{*}item")
            if item.get("media-type") == XHTML]


@pytest.mark.slow
@pytest.mark.parametrize("name", EPUBS)
def test_ace_finds_no_violation(ace_reports, artefacts, name: str) -> None:
    report = ace_reports[name]
    assert report["earl:assertedBy"]["doap:release"]["doap:revision"] == "1.4.6"
    violations = [(doc["earl:testSubject"]["url"], item["earl:test"]["dct:title"],
                   item["earl:test"]["earl:impact"])
                  for doc in report["assertions"] for item in doc["assertions"]
                  if item["earl:result"]["earl:outcome"] == "fail"]
    assert violations == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    # Ace names the documents relative to the package document (the nav once from the
    # container's root too)
    checked = {doc["earl:testSubject"]["url"].lstrip("/") for doc in report["assertions"]}
    documents = content_documents(artefacts[f"{name}.epub"])
    assert [d for d in documents if d not in checked and d.split("/", 1)[1] not in checked] \
        == []


@pytest.mark.slow
def test_ace_sees_the_accessibility_metadata(ace_reports) -> None:
    for name, report in ace_reports.items():
        present = set(report["a11y-metadata"]["present"])
        assert {"schema:accessMode", "schema:accessibilityFeature",
                "schema:accessibilityHazard", "schema:accessibilitySummary",
                "schema:accessModeSufficient", "dcterms:conformsTo"} <= present, name


# ---------------------------------------------------------------- pdfua


def pdfua(path: Path) -> dict:
    """``pdfua check -f json``: exit 0 when clean, 3 on errors; the JSON either way."""
    result = subprocess.run([str(PDFUA), "check", "-f", "json", str(path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1, 2, 3), result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="session")
def pdfua_reports(artefacts) -> dict[str, dict]:
    return {name: pdfua(artefacts[name]) for name in PDFS}


@pytest.mark.parametrize("name", PDFS)
def test_pdfua_finds_no_error_or_warning(pdfua_reports, name: str) -> None:
    report = pdfua_reports[name]
    assert [(f["rule_id"], f["message"]) for f in report["findings"]] == []
    assert report["exit_code"] == 0
    assert report["summary"]["rules_run"] + report["summary"]["rules_skipped"] >= 12


def marks_content(node: object) -> bool:
    """Whether a structure element reaches a content item (an MCID, a marked-content
    reference) through its ``/K``: what UA-14-001 asks of every heading."""
    import pikepdf

    if isinstance(node, int) and not isinstance(node, bool):
        return True
    if isinstance(node, pikepdf.Array):
        return any(marks_content(kid) for kid in node)
    if isinstance(node, pikepdf.Dictionary):
        return node.get("/Type") == "/MCR" or marks_content(node.get("/K"))
    return False


@pytest.mark.parametrize("name", PDFS)
def test_pdfua_skips_no_rule_because_of_our_file(pdfua_reports, artefacts, name: str) -> None:
    """A rule may be skipped only when pdfua itself fails on a valid file (PDFUA_BUG);
    what that rule asks (no empty heading) is then checked here."""
    import pikepdf

    skipped = pdfua_reports[name]["skipped"]
    assert all(s["rule_id"] == "UA-14-001" and PDFUA_BUG in s["reason"] for s in skipped), \
        skipped
    with pikepdf.open(artefacts[name]) as pdf:
        todo, headings = [pdf.Root.StructTreeRoot], []
        while todo:
            node = todo.pop()
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in \
                        ("/MCR", "/OBJR"):
                    todo.append(kid)
            role = str(node.get("/S", ""))
            if len(role) == 3 and role.startswith("/H") and role[2].isdigit():
                headings.append(node)
    assert len(headings) >= 5   # parts and topics at least (3 + 2 in the smallest book)
    assert [str(h.S) for h in headings if not marks_content(h)] == []


# ---------------------------------------------------------------- Chromium


HARNESS = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>fonts</title></head><body>
<pre id="out">pending</pre>
<script>
const DOCS = %(docs)s, SENTINEL = %(sentinel)s;
const IGNORED = /[\\s\\p{Cf}\\p{Mn}]/u;

function frame(src) {
  return new Promise((resolve, reject) => {
    const f = document.createElement("iframe");
    f.onload = () => resolve(f.contentWindow);
    f.onerror = reject;
    f.src = src;
    document.body.appendChild(f);
  });
}

async function examine(src, probe) {
  const win = await frame(src), doc = win.document;
  await doc.fonts.ready;
  const faces = [...doc.fonts];
  const status = await Promise.all(faces.map(f => f.load().then(() => f.status,
                                                                e => "error: " + e)));
  const embedded = new Set(faces.map(f => f.family.replace(/^["']|["']$/g, "")));
  const face = new FontFace("publish-probe", probe);
  await face.load();
  doc.fonts.add(face);
  const ctx = doc.createElement("canvas").getContext("2d");
  const result = {src, faces: faces.map((f, i) => [f.family, f.weight, status[i]]),
                  characters: 0, missing: [], unchecked: [], notEmbedded: []};
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = [...walker.currentNode.data].filter(c => !IGNORED.test(c)).join("");
    if (!text) continue;
    const style = win.getComputedStyle(walker.currentNode.parentElement);
    const ours = style.fontFamily.split(",").map(f => f.trim().replace(/^["']|["']$/g, ""))
                      .filter(f => embedded.has(f)).map(f => '"' + f + '"');
    if (!ours.length) { result.notEmbedded.push(text.slice(0, 20)); continue; }
    const font = `${style.fontStyle} ${style.fontWeight} 100px ${ours.join(", ")}`;
    if (!doc.fonts.check(font, text)) result.unchecked.push([font, text.slice(0, 20)]);
    // Past the embedded faces only the probe is left, whose every glyph is empty: a
    // character the embedded faces lack measures 0.
    ctx.font = font + ', "publish-probe"';
    for (const c of new Set(text)) {
      result.characters += 1;
      if (ctx.measureText(c).width === 0) result.missing.push(c);
    }
    if (ctx.measureText(SENTINEL).width !== 0) result.probeBroken = true;
  }
  return result;
}

window.onload = async () => {
  const out = document.getElementById("out");
  try {
    const probe = await (await fetch("probe.ttf")).arrayBuffer();
    const results = [];
    for (const src of DOCS) results.push(await examine(src, probe));
    out.textContent = JSON.stringify(results);
  } catch (e) {
    out.textContent = JSON.stringify({error: String(e)});
  }
};
</script></body></html>
"""
SENTINEL = "\u2603"  # in the probe, never in a book: proves the probe is what measures 0


def probe_font(path: Path, characters: set[str]) -> None:
    """A TrueType font mapping ``characters`` to one empty glyph with no advance."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "empty"])
    builder.setupCharacterMap({ord(c): "empty" for c in characters})
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf({".notdef": empty, "empty": empty})
    builder.setupHorizontalMetrics({".notdef": (0, 0), "empty": (0, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "publish-probe", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))


def chromium_fonts(epub: Path, folder: Path) -> list[dict]:
    """One headless Chromium run over every content document of ``epub``."""
    chromium = require("chromium", "chromium")
    book = folder / "book"
    with zipfile.ZipFile(epub) as archive:
        archive.extractall(book)
    docs = content_documents(epub)
    characters = {SENTINEL}
    for name in docs:
        characters |= set("".join(etree.parse(str(book / name)).getroot().itertext()))
    probe_font(book / "probe.ttf", {c for c in characters if unicodedata.category(c)[0]
                                    not in "CZ"})
    (book / "harness.html").write_text(HARNESS % {"docs": json.dumps(docs),
                                                  "sentinel": json.dumps(SENTINEL)},
                                       encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
             "--allow-file-access-from-files", "--virtual-time-budget=60000", "--dump-dom",
             (book / "harness.html").as_uri()],
            capture_output=True, text=True, timeout=300)
    out = etree.fromstring(result.stdout.encode(), etree.HTMLParser()).find(".//pre")
    assert out is not None and out.text != "pending", result.stdout[-2000:] + result.stderr
    return json.loads(out.text)


@pytest.fixture(scope="session")
def chromium_reports(artefacts, tmp_path_factory) -> dict[str, list[dict]]:
    return {name: chromium_fonts(artefacts[f"{name}.epub"], tmp_path_factory.mktemp(name))
            for name in EPUBS}


@pytest.mark.slow
@pytest.mark.parametrize("name", EPUBS)
def test_chromium_draws_every_character_with_the_embedded_faces(chromium_reports, artefacts,
                                                                name: str) -> None:
    results = chromium_reports[name]
    assert isinstance(results, list), results
    assert [r["src"] for r in results] == content_documents(artefacts[f"{name}.epub"])
    for result in results:
        assert not result.get("probeBroken"), result["src"]
        assert result["faces"] and all(status == "loaded" for *_, status in result["faces"]), \
            result
        assert result["missing"] == [], result["src"]
        assert result["unchecked"] == [] and result["notEmbedded"] == [], result
    assert sum(r["characters"] for r in results) > 200   # the text was really looked at
