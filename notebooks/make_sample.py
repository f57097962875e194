"""The processed tables the notebooks are tested on: ``notebooks/sample/data/processed``.

``make sample`` builds the bundled ``data/raw`` and keeps its tables (parquet only; the notebooks read
nothing else). Run it when a table's columns or the tagging change on purpose, and commit the result. The
tests point ``PROTOCOL_ANALYTICS_DATA`` at ``notebooks/sample`` (conftest.py), so nbval never
builds; anyone can do the same to open the notebooks before a first ``make build``.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = Path(__file__).resolve().parent / "sample"
SAMPLE_TABLES = SAMPLE / "data" / "processed"


def write_sample(raw: Path = ROOT / "data" / "raw", target: Path = SAMPLE_TABLES) -> list[Path]:
    """Build ``raw`` and put its tables in ``target``, replacing the folder whole (the old one is kept if the
    build fails)."""
    from protocol_analytics import schemas
    from protocol_analytics.build import build

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".sample-") as tmp:
        built, new = Path(tmp) / "built", Path(tmp) / "processed"
        build(raw, built, progress=False)
        new.mkdir()
        for name in schemas.TABLES:
            shutil.copyfile(built / f"{name}.parquet", new / f"{name}.parquet")  # the build's links resolved
        old = Path(tmp) / "old"
        if target.exists():
            target.rename(old)
        new.rename(target)
    return sorted(target.glob("*.parquet"))


def main() -> int:
    written = write_sample()
    size = sum(p.stat().st_size for p in written)
    print(f"{len(written)} tables ({size / 1024:.0f} KB) -> {SAMPLE_TABLES.relative_to(ROOT)}; "
          f"review `git status {SAMPLE.relative_to(ROOT)}` and commit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
