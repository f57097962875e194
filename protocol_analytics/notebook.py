"""What the notebooks in ``notebooks/`` share: the processed tables they read and the gold files they score.

The notebooks never build. They read ``config.processed_dir()`` (the checkout's ``data/processed``, or
``$PROTOCOL_ANALYTICS_DATA/data/processed``: the committed sample ``notebooks/sample`` in the tests); when
a table is missing they stop with one line (PA048) saying to run ``make build``.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import config, schemas
from .errors import UserError, listing


def processed_tables(processed: Path | None = None) -> Path:
    """The processed folder holding every table, or PA048 naming the missing tables and ``make build``."""
    folder = Path(processed or config.processed_dir())
    missing = [name for name in schemas.TABLES if not (folder / f"{name}.parquet").is_file()]
    if missing:
        raise UserError("PA048", path=folder, missing=listing(missing, 3))
    return folder


def gold_files(gold_dir: Path | None = None) -> list[Path]:
    """The hand-coded gold files (``*.jsonl``) of ``gold_dir``, by default ``shared/gold`` beside the checkout;
    none when the folder is not there."""
    folder = Path(gold_dir) if gold_dir else config.PACKAGE_DIR.parent.parent / "shared" / "gold"
    return sorted(folder.glob("*.jsonl")) if folder.is_dir() else []


def document_scores(results: dict[str, dict]) -> pd.DataFrame:
    """One row per gold file and document of :func:`evaluate.evaluate` results: clauses in the gold file,
    predicted and matched.

    >>> document_scores({"seeds": {"documents": {"a": {"gold": 3, "predicted": 2, "matched": 2}}}})
      gold_file doc_id  gold_clauses  predicted_clauses  matched
    0     seeds      a             3                  2        2
    """
    rows = [{"gold_file": name, "doc_id": doc_id, "gold_clauses": counts["gold"],
             "predicted_clauses": counts["predicted"], "matched": counts["matched"]}
            for name, result in results.items() for doc_id, counts in result.get("documents", {}).items()]
    return pd.DataFrame(rows, columns=["gold_file", "doc_id", "gold_clauses", "predicted_clauses", "matched"])
