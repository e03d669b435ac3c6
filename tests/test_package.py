"""The package's layout rules, checked on the source tree itself.

- the model imports nothing of the project and no output library;
- the lower floors (source, text, fonts, store, model, diagnostics) never import the
  floors above them (backends, build, cli, prepared, preview), and backends never import each other's
  internals;
- no module grows past 450 lines;
- the README's layout section names every module at the root and every subpackage.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "publish"
MAX_LINES = 450
LOWER = ("source", "text", "fonts", "store", "model", "diagnostics")
UPPER = ("backends", "build", "cli", "prepared", "preview")
MODULES = sorted(PACKAGE.rglob("*.py"))


def dotted(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, as absolute dotted names (relative ones resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = dotted(path) if path.name == "__init__.py" else dotted(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def test_the_model_knows_no_output_format() -> None:
    outside = {name for name in imports(PACKAGE / "model.py")
               if name.split(".")[0] not in sys.stdlib_module_names}
    assert outside == set()


@pytest.mark.parametrize("path", MODULES, ids=lambda p: dotted(p))
def test_no_import_runs_up_a_floor(path: Path) -> None:
    name = dotted(path)
    floor = name.split(".")[1] if "." in name else ""
    upward = {imported for imported in imports(path)
              if imported.startswith("publish.") and floor in LOWER
              and imported.split(".")[1] in UPPER}
    assert upward == set(), f"{name} imports from a floor above it"


@pytest.mark.parametrize("path", sorted((PACKAGE / "backends").rglob("*.py")),
                         ids=lambda p: dotted(p))
def test_backends_use_only_each_others_public_render(path: Path) -> None:
    """A backend may call another's ``render`` through ``backends.get``, never import
    its modules."""
    own = dotted(path).split(".")[:3]
    others = {imported for imported in imports(path)
              if imported.startswith("publish.backends.") and imported.split(".")[:3] != own
              and imported.split(".")[2] in {"pdf", "epub", "pptx", "print", "html"}}
    assert others == set()


@pytest.mark.parametrize("path", MODULES, ids=lambda p: dotted(p))
def test_no_module_is_over_450_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_the_readme_layout_names_every_room() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout"):]
    layout = layout[:layout.index("```", layout.index("```") + 3)]
    rooms = {p.name for p in PACKAGE.iterdir()
             if (p.suffix == ".py" and not p.name.startswith("__"))
             or (p.is_dir() and (p / "__init__.py").exists())}
    rooms |= {p.name for p in (PACKAGE / "backends").iterdir() if p.is_dir()
              and (p / "__init__.py").exists()}
    missing = {room for room in rooms
               if not re.search(rf"(?<![\w.]){re.escape(Path(room).stem)}(\.py|/)?(?!\w)", layout)}
    assert missing == set()
