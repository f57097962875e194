"""The golden file of the bundled corpus's tags: every label the build gives, with the rule that gave it.

``make golden`` rewrites ``tests/data/expected_tags.csv`` from a fresh build of ``data/raw``; do it only on
purpose (a rule changed what it should) and read the diff before committing it. ``test_pipeline.py``
compares every build of the bundled data with it, so a change of behaviour cannot pass unnoticed.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "data" / "expected_tags.csv"
COLUMNS = ["doc_id", "clause_id", "field", "label", "rule", "inherited_from"]


def golden_rows(tags: pd.DataFrame) -> pd.DataFrame:
    """The tags as the golden file holds them: the identifying columns, sorted, without evidence text."""
    return tags[COLUMNS].astype(str).sort_values(COLUMNS).reset_index(drop=True)


def main() -> int:
    from protocol_analytics.build import build

    with tempfile.TemporaryDirectory() as out:
        build(ROOT / "data" / "raw", Path(out), progress=False)
        rows = golden_rows(pd.read_parquet(Path(out) / "tags.parquet"))
    rows.to_csv(GOLDEN, index=False)
    print(f"{len(rows)} tags -> {GOLDEN.relative_to(ROOT)}; review `git diff {GOLDEN.relative_to(ROOT)}`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
