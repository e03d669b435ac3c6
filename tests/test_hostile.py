"""Hostile input: each case builds valid outputs or stops with a located error.

Nothing reads outside the project, nothing touches the network, no traceback, no hang.
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, require

FRONT = """\
---
title: 恶意输入测试
speakers:
  - name: 主持人
    role: host
  - name: 嘉宾
    role: guest
---

# 一. 部分

"""


def source(tmp_path: Path, body: str, front: str = FRONT, name: str = "hostile.md") -> Path:
    path = tmp_path / name
    path.write_text(front + body, encoding="utf-8")
    return path


MEMORY_LIMIT = 4 * 1024 ** 3  # address space: a runaway build fails instead of swapping


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def publish(*args: str, timeout: int = 240) -> subprocess.CompletedProcess[str]:
    """The real CLI in a fresh process, bounded in time and memory, with no network
    (proxies point at a closed local port) and no user configuration."""
    return subprocess.run([sys.executable, "-m", "publish", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout,
                          preexec_fn=_limit_memory,
                          env={"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1700000000",
                               "HOME": str(ROOT), "http_proxy": "http://127.0.0.1:9",
                               "https_proxy": "http://127.0.0.1:9"})


def assert_located_error(result: subprocess.CompletedProcess[str], path: Path,
                         line: int, col: int, words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert f"{path}:{line}:{col}: error: " in result.stderr and words in result.stderr
    assert "Traceback" not in result.stderr


SPECIALS = ("## 话题\n\n主持人: <script>alert(1)</script> & ]]> <!-- x --> 问？\n\n"
            "嘉宾: ==<b>&amp;</b> ]]> <!-- 关键 -->== 见[链接](file:///etc/passwd)和"
            "[网站](http://example.com/x?a=1&b=2)，![图](../../../etc/passwd)\n")


def test_markup_specials_build_valid_outputs(tmp_path: Path) -> None:
    path = source(tmp_path, SPECIALS.replace("，![图](../../../etc/passwd)", "。"))
    out = tmp_path / "out"
    result = publish("build", str(path), "-f", "all", "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out / "hostile.epub") as book:
        xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith("html"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xhtml and "<script>" not in xhtml
    # markdown-it refuses file: links, so the link stays literal text, never an href
    assert 'href="file:' not in xhtml and "root:x:0" not in xhtml
    assert 'href="http://example.com/x?a=1&amp;b=2"' in xhtml
    text = subprocess.run(["pdftotext", str(out / "hostile.pdf"), "-"], capture_output=True,
                          text=True).stdout
    assert "<script>alert(1)</script>" in text and "root:x:0" not in text
    from test_epub import epubcheck  # the real validator, shared with the EPUB tests
    assert epubcheck(out / "hostile.epub") == []
    assert libreoffice_pages(out / "hostile.pptx", tmp_path) == 3  # title, section, exchange


def test_links_to_ids_inside_and_nowhere_build_a_valid_epub(tmp_path: Path) -> None:
    """A link to an existing id is kept (across parts, too); one naming nothing is a
    located warning and plain text, never a dangling link in the EPUB."""
    body = ("## 话题\n\n主持人: 问？\n\n嘉宾: ==答。==见[第二部分](#p2)和[别处](#nowhere)。\n\n"
            "# 二. 第二部分\n\n回到[话题](#p1-t1)。\n")
    path = source(tmp_path, body)
    out = tmp_path / "out"
    result = publish("build", str(path), "-f", "epub", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert f"{path}:" in result.stderr and "link to '#nowhere'" in result.stderr
    with zipfile.ZipFile(out / "hostile.epub") as book:
        xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith("html"))
    assert "nowhere" not in xhtml and "别处" in xhtml
    from test_epub import epubcheck
    assert epubcheck(out / "hostile.epub") == []


AUDIT = """
import json, os, sys
# Every process of the build (the formats after the first render in a forked child,
# which inherits the hook) appends what it does to one log, through a descriptor opened
# before the hook: os.write raises no audit event, so logging never logs itself.
log = os.open(sys.argv.pop(1), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
def note(kind, value):
    os.write(log, (json.dumps([os.getpid(), kind, value]) + "\\n").encode())
def hook(event, args):
    if event == "open" or event.startswith("os."):  # open, listdir, remove, rename ...
        for arg in args[:2]:
            if isinstance(arg, (str, bytes, os.PathLike)):
                note("touched", os.path.abspath(os.fsdecode(arg)))
    elif event.split(".")[0] in ("socket", "urllib", "http", "ftplib", "smtplib",
                                 "subprocess", "webbrowser"):
        note("event", [event, [str(arg) for arg in args[:2]]])
sys.addaudithook(hook)
from publish.cli import main
print(json.dumps({"status": main(sys.argv[1:]), "pid": os.getpid()}))
"""


def test_a_hostile_build_reads_nothing_outside_and_never_connects(tmp_path: Path) -> None:
    """Python's audit hooks watch a whole build of the hostile source (``file:`` and
    ``../`` links, an http link): every path opened, listed or written is in the project,
    the source's folder, Python's installation, a temporary folder or /usr; no socket is
    opened; no program is run (fontconfig is asked in-process)."""
    import json
    import tempfile

    path = source(tmp_path, SPECIALS.replace("，![图](../../../etc/passwd)",
                                             "，[上级](../../../../etc/passwd)。"))
    log = tmp_path / "audit.jsonl"
    result = subprocess.run([sys.executable, "-c", AUDIT, str(log), "build", str(path), "-f",
                             "pdf,epub,pptx,print", "-o", str(tmp_path / "out"), "-q"],
                            cwd=ROOT, capture_output=True, text=True, timeout=240,
                            env={"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1700000000",
                                 "HOME": str(tmp_path)})
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["status"] == 0, result.stderr
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    touched = {value for _, kind, value in entries if kind == "touched"}
    # both processes were watched: this one, and the child rendering the formats after the
    # PDF (each takes the next one not yet started, so which renders the deck, opening
    # python-pptx's template, depends on timing: see publish.alongside)
    assert len({pid for pid, kind, _ in entries if kind == "touched"}) == 2
    assert any(p.endswith(".pptx") for pid, kind, p in entries if kind == "touched")
    # /proc/self/task: a process counts its own threads before it forks
    allowed = [ROOT, tmp_path, Path(tempfile.gettempdir()), Path(sys.prefix),
               Path(sys.base_prefix), Path("/usr"), Path("/etc/mime.types"),
               Path("/proc/self/task")]
    assert [p for p in sorted(touched)
            if not any(Path(p).is_relative_to(root) for root in allowed)] == []
    assert "/etc/passwd" not in touched
    # WeasyPrint reads data: URLs (the contents' leader is an SVG one) through urllib,
    # which decodes them in-process: no connection
    assert [value for _, kind, value in entries if kind == "event" and not (
        value[0] == "urllib.Request" and value[1][0].startswith("data:"))] == []


def libreoffice_pages(deck: Path, tmp_path: Path) -> int:
    """Open the deck in LibreOffice (headless, throw-away profile); its PDF's page count."""
    require("soffice", "libreoffice-impress")
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)],
                   check=True, capture_output=True, timeout=180)
    info = subprocess.run(["pdfinfo", str(tmp_path / f"{deck.stem}.pdf")],
                          capture_output=True, text=True, check=True).stdout
    return int(next(l.split()[-1] for l in info.splitlines() if l.startswith("Pages:")))


def test_image_outside_the_project_is_a_located_error(tmp_path: Path) -> None:
    path = source(tmp_path, SPECIALS)
    result = publish("check", str(path))
    assert_located_error(result, path, 16, 1, "images are not part of the interview format")


def test_forbidden_characters(tmp_path: Path) -> None:
    path = source(tmp_path, "正文\x0b和\x00。\n")
    assert_located_error(publish("check", str(path)), path, 12, 3, "U+000B")


@pytest.mark.parametrize("data,line,col", [
    (b"---\ntitle: \xed\xa0\x80\n", 2, 8),        # an encoded lone surrogate
    (b"---\ntitle: ok\n\xc3\x28\n", 3, 1),          # invalid continuation byte
])
def test_invalid_utf8_and_lone_surrogates(tmp_path: Path, data: bytes, line: int, col: int) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(data)
    assert_located_error(publish("check", str(path)), path, line, col, "not valid UTF-8")


def test_billion_laughs_front_matter(tmp_path: Path) -> None:
    lines = ["---", "title: t", 'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"l{n}: &l{n} [{','.join(f'*l{n - 1}' for _ in range(9))}]" for n in range(1, 10)]
    path = tmp_path / "bomb.md"
    path.write_text("\n".join(lines + ["---", "# P", ""]), encoding="utf-8")
    assert_located_error(publish("check", str(path), timeout=20), path, 4, 10,
                         "YAML aliases are not allowed")


def test_deeply_nested_markdown(tmp_path: Path) -> None:
    path = source(tmp_path, "> " * 5000 + "深\n\n" + "*" * 3000 + "强调" + "*" * 3000 + "\n")
    assert_located_error(publish("check", str(path), timeout=60), path, 12, 1,
                         "a block quote is not part of the interview format")


def test_deeply_nested_inline_markup_builds(tmp_path: Path) -> None:
    """Inline nesting is allowed: 3,000 levels of emphasis, 2,000 of brackets."""
    nested = "*" * 3000 + "强调" + "*" * 3000 + " " + "[" * 2000 + "x" + "]" * 2000 + " " + \
        "**粗 *斜 `码` 斜* 粗**" * 200
    path = source(tmp_path, f"## 话题\n\n主持人: 问？\n\n嘉宾: ==要点。=={nested}\n")
    out = tmp_path / "out"
    result = publish("build", str(path), "-f", "all", "-o", str(out), "-q", timeout=120)
    assert result.returncode == 0, result.stderr
    from test_epub import epubcheck
    assert epubcheck(out / "hostile.epub") == []
    with zipfile.ZipFile(out / "hostile.epub") as book:
        xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith("html"))
    assert "强调" in xhtml and xhtml.count("[") == xhtml.count("]") == 2000
    text = subprocess.run(["pdftotext", str(out / "hostile.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "强调" in text


def test_emoji_outside_the_font_is_located(tmp_path: Path) -> None:
    body = "## 话题\n\n主持人: 问？\n\n嘉宾: ==答。==\U0001F600\U00020000\n"
    path = source(tmp_path, body)
    result = publish("build", str(path), "-f", "pdf", "-o", str(tmp_path / "out"))
    assert_located_error(result, path, 16, 11, "U+1F600")
    assert f"{path}:16:12: error: " in result.stderr and "U+20000" in result.stderr
    emoji, ext_b = (line for line in result.stderr.splitlines() if ": error: " in line)
    assert "install fonts-noto-color-emoji" in emoji
    assert "install fonts-noto-cjk-extra" in ext_b


def test_a_50000_character_answer_builds(tmp_path: Path) -> None:
    long = "这是一个很长的回答，用来测试分页和备注。" * 2500
    path = source(tmp_path, f"## 话题\n\n主持人: 问？\n\n嘉宾: ==要点在这里。=={long}\n")
    out = tmp_path / "out"
    result = publish("build", str(path), "-f", "all", "-o", str(out), "-q", timeout=300)
    assert result.returncode == 0, result.stderr
    from pptx import Presentation
    notes = "".join(s.notes_slide.notes_text_frame.text for s in Presentation(out / "hostile.pptx").slides
                    if s.has_notes_slide)
    assert notes.count("这是一个很长的回答") == 2500
    text = subprocess.run(["pdftotext", str(out / "hostile.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    # drop page numbers and running heads (the title, the topic) between the pages
    body = [line.strip() for line in text.replace("\f", "\n").splitlines()]
    body = [line for line in body if not line.isdigit() and line not in ("话题", "恶意输入测试")]
    assert "".join(body).count("这是一个很长的回答") == 2500
    from test_epub import epubcheck
    assert epubcheck(out / "hostile.epub") == []
    assert libreoffice_pages(out / "hostile.pptx", tmp_path) == 3  # title, section, exchange


def test_ten_thousand_topics_parse_quickly(tmp_path: Path) -> None:
    body = "".join(f"## 话题{n}\n\n主持人: 问{n}？\n\n嘉宾: ==答{n}。==\n\n" for n in range(10000))
    path = source(tmp_path, body)
    result = publish("check", str(path), timeout=60)
    assert result.returncode == 0, result.stderr
    assert "10000 topics" in result.stderr


def test_ten_thousand_topics_build_deck_and_epub(tmp_path: Path) -> None:
    """The EPUB is valid too: the part goes over 40 documents of at most 128 KB, so
    EPUBCheck takes about 40 s instead of well over 10 minutes (its duplicate-id checks
    grow with the square of a document's size), and the NCX keeps to the parts."""
    body = "".join(f"## 话题{n}\n\n主持人: 问{n}？\n\n嘉宾: ==答{n}。==\n\n" for n in range(10000))
    path = source(tmp_path, body)
    result = publish("build", str(path), "-f", "epub,pptx", "-o", str(tmp_path), "-q",
                     timeout=600)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "hostile.pptx") as deck:
        assert deck.testzip() is None
        slides = [n for n in deck.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
        assert len(slides) >= 10000 + 2   # title and section slides, one per exchange
        last = max(slides, key=lambda name: int(name[len("ppt/slides/slide"):-4]))
        assert "答 9999。" in deck.read(last).decode()   # spaced by the copy-editing pass
    with zipfile.ZipFile(tmp_path / "hostile.epub") as book:
        assert book.testzip() is None
        nav = next(book.read(n).decode() for n in book.namelist() if n.endswith("nav.xhtml"))
        assert nav.count("话题") >= 10000 and "话题 9999" in nav
        parts = [info for info in book.infolist() if re.search(r"/p1(-\d+)?\.xhtml$",
                                                                 info.filename)]
        assert len(parts) > 10 and max(info.file_size for info in parts) <= 128 * 1024
    from test_epub import epubcheck
    assert epubcheck(tmp_path / "hostile.epub") == []
