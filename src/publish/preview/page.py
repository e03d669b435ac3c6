"""What the preview adds to the web edition as it serves it (never to the file itself).

The file on disk stays exactly what ``publish build --format html`` writes.  The page the
preview serves at ``/`` opens with a bar linking the other outputs with the last build's
state, and ends with a small script that listens to the server's events and
reloads the page when it is rebuilt (without script the bar and page still work; reload by
hand).  When the last build failed, the located errors (``path:line:col: error: ...``)
open the page, above the last good edition, and stay at the top of the window however
far it is scrolled (a reloaded page keeps its place, which would leave them out of view).
"""

from __future__ import annotations

import html
from typing import Sequence

EVENTS = "/_preview/events"

STYLE = """<style>
.publish-preview{font:14px/1.5 system-ui,sans-serif;padding:.5rem 1.25rem;
background:#1f2937;color:#f9fafb}
.publish-preview a{color:#bfdbfe}
.publish-preview-errors{font:14px/1.5 system-ui,sans-serif;padding:1rem 1.25rem;
background:#fef2f2;color:#7f1d1d;border-bottom:3px solid #b91c1c;
position:sticky;top:0;z-index:3;max-height:45vh;overflow:auto}
.publish-preview-errors pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:.5rem 0 0;
font:13px/1.5 ui-monospace,monospace}
</style>"""

SCRIPT = """<script>(function(){if(!window.EventSource)return;
var s=new EventSource("%s?v=%d");
s.addEventListener("reload",function(){s.close();location.reload()});
s.addEventListener("status",function(e){var n=document.getElementById("publish-preview-status");
if(n)n.textContent=e.data})})();</script>"""


def errors_block(errors: Sequence[str], label: str) -> str:
    lines = html.escape("\n".join(errors))
    return (f'<div class="publish-preview-errors" role="alert"><strong>{html.escape(label)}'
            f'</strong><pre>{lines}</pre></div>')


def bar(links: Sequence[tuple[str, str]], status: str) -> str:
    items = [f'<a href="/{html.escape(name)}">{html.escape(label)}</a>'
             for label, name in links]  # none before a first good build
    parts = ["<span>preview</span>", *items,
             f'<span id="publish-preview-status">{html.escape(status)}</span>']
    return f'<div class="publish-preview" role="status">{" · ".join(parts)}</div>'


def served(page: bytes | None, version: int, errors: Sequence[str],
           links: Sequence[tuple[str, str]], status: str) -> bytes:
    """The page as served: the last good edition (or an empty page when there is none
    yet) opening with the errors and the bar, the reload script at its end."""
    label = ("The source has errors; the outputs are those of the last good build."
             if page is not None else "The source has errors; nothing is built yet.")
    failed = errors_block(errors, label) if errors else ""
    top = STYLE + failed + bar(links, status)
    script = SCRIPT % (EVENTS, version)
    if page is None:
        return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<title>publish preview</title></head><body><main>{top}</main>{script}'
                '</body></html>\n').encode("utf-8")
    text = page.decode("utf-8", "replace")
    body = text.find("<body")
    start = text.index(">", body) + 1 if body >= 0 else 0
    end = text.rfind("</body>")
    end = end if end >= start else len(text)
    return (text[:start] + top + text[start:end] + script + text[end:]).encode("utf-8")
