"""What a preview watches: the source file, and every folder of the installed themes.

``watchfiles`` watches folders, not files: an editor that saves by writing a new file
and renaming it over the old one would leave a watch on the file itself watching
nothing.  So the source's folder is watched (without its subfolders) and only changes
to the source itself pass the filter.  The themes' folders are few and small; each is
watched on its own, non-recursively (a source beside a large tree costs nothing), and
any change to a theme file passes, minus editors' swap and backup files.  The theme a
build uses may change with the source's front matter, so all of them are watched.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

from ..theme import theme_roots


def watched(source: Path) -> tuple[list[Path], Callable[[Any, str], bool]]:
    """The folders to watch and the filter of the changes that ask for a build."""
    import watchfiles

    target = os.path.realpath(source)
    roots = [root.resolve() for root in theme_roots()]
    folders = [Path(target).parent]
    for root in roots:
        folders += [root] + sorted(p for p in root.rglob("*") if p.is_dir())
    ignore = watchfiles.DefaultFilter()
    prefixes = tuple(str(root) + os.sep for root in roots)

    def wanted(change: Any, path: str) -> bool:
        real = os.path.realpath(path)
        if real == target:
            return True
        return real.startswith(prefixes) and ignore(change, path)

    return folders, wanted
