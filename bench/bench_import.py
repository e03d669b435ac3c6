"""Import benchmark: the raw seed transcript at 1x, 10x and 100x its size.

The topic lines and turns of part 二 are repeated (topics renumbered) so the 100x
transcript has 1,600 exchanges.  Each row is the median of fresh ``publish import``
processes (imports and the parse-back included) and of ``import_transcript`` in this
process.  Target (issue 14): the 100x transcript imports in <= 1 s.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, RUNS, fmt_s, median_in_process, publish_cmd, table, time_cmd  # noqa: E402

RAW = ROOT / "seeds" / "deepseek-liang-wenfeng-interview.txt"
FACTORS = (1, 10, 100)


def scaled_transcript(factor: int) -> str:
    """The raw seed with the topics of its second part repeated ``factor`` times."""
    lines = RAW.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("二"))
    start += 2  # the part heading and its opening prose stay once
    end = next(i for i, line in enumerate(lines) if line.startswith("三"))
    topics = lines[start:end]
    heading = re.compile(r"^(?!主持人|梁文锋)(\S.{0,30})$")
    copies = [line if n == 1 else heading.sub(rf"\1（{n}）", line)
              for n in range(1, factor + 1) for line in topics]
    return "\n".join(lines[:start] + copies + lines[end:])


def main() -> int:
    from publish.source.importer import import_transcript

    rows, hundred = [], None
    with tempfile.TemporaryDirectory() as tmp:
        for factor in FACTORS:
            text = scaled_transcript(factor)
            path = Path(tmp) / f"seed-{factor}x.txt"
            path.write_text(text, encoding="utf-8")
            fresh = time_cmd(publish_cmd("import", str(path), "-o", str(Path(tmp) / "o.md"),
                                         "--force"))
            warm = median_in_process(lambda: import_transcript(text, str(path)),
                                     max(RUNS, 3))
            exchanges = import_transcript(text, str(path)).exchanges
            rows.append([f"{factor}x", f"{len(text) / 1024:.0f} KB", str(exchanges),
                         fmt_s(fresh), fmt_s(warm)])
            if factor == 100:
                hundred = fresh
    print(table(["transcript", "size", "exchanges", "publish import", "in process"], rows))
    met = hundred is not None and hundred <= 1.0
    print(f"target: 100x imports in <= 1 s: {'ok' if met else 'MISSED'} ({fmt_s(hundred)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
