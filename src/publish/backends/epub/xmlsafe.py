"""Characters XML 1.0 forbids never reach an EPUB file.

The source parser already rejects them with located errors, but a model can also be built
by hand or by another importer.  An XHTML file with a control character is not well-formed
and a reading system may refuse the whole book, and lxml refuses such strings outright
(ebooklib would then silently drop a metadata element).  So every string of the model is
cleaned once, before anything is rendered, and each removal becomes a warning naming the
node it came from.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from ...model import FORBIDDEN

T = TypeVar("T")


def strip_forbidden(text: str) -> str:
    """``text`` without characters XML 1.0 forbids."""
    return FORBIDDEN.sub("", text)


def clean_model(node: T, warnings: list[str], where: str = "") -> T:
    """A copy of a frozen model tree with forbidden characters removed from every string.

    Returns ``node`` itself when it has none (the usual case, decided by a quick scan);
    otherwise walks dataclasses and tuples, copying only the nodes that change.
    """
    if not where and not has_forbidden(node):
        return node
    return _clean(node, warnings, where)


def has_forbidden(node: object) -> bool:
    """Whether any string anywhere in a tree of dataclasses and tuples has a forbidden char."""
    stack = [node]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str:
            if FORBIDDEN.search(item):  # type: ignore[arg-type]
                return True
        elif kind is tuple:
            stack.extend(item)  # type: ignore[arg-type]
        elif hasattr(kind, "__dataclass_fields__"):
            stack.extend(vars(item).values())
    return False


def _clean(node: T, warnings: list[str], where: str) -> T:
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        here = _describe(node) or where
        changes: dict[str, Any] = {}
        for field in dataclasses.fields(node):
            value = getattr(node, field.name)
            cleaned = _clean(value, warnings, here)
            if cleaned is not value:
                changes[field.name] = cleaned
        return dataclasses.replace(node, **changes) if changes else node  # type: ignore[type-var]
    if isinstance(node, tuple):
        items = tuple(_clean(item, warnings, where) for item in node)
        changed = any(a is not b for a, b in zip(items, node))
        return items if changed else node  # type: ignore[return-value]
    if type(node) is str and FORBIDDEN.search(node):
        found = sorted(set(FORBIDDEN.findall(node)))
        codes = ", ".join(f"U+{ord(c):04X}" for c in found)
        warnings.append(f"epub: warning: removed {codes} (not allowed in XML) from "
                        f"{where or 'the metadata'}")
        return strip_forbidden(node)  # type: ignore[return-value]
    return node


def _describe(node: Any) -> str:
    """``p2-t1-e1-a1 (line 35)`` for a node with an id, else ''."""
    node_id = getattr(node, "id", "")
    if not isinstance(node_id, str) or not node_id:
        return ""
    line = getattr(node, "line", 0)
    return f"{node_id} (line {line})" if line else node_id
