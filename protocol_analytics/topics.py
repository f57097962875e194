"""Topic assignment per clause, from the taxonomy's patterns (ANNOTATION.md section 5)."""
from __future__ import annotations

import pandas as pd

from . import schemas


def assign_topics(clauses: pd.DataFrame, docs=None, taxonomy: str | None = None):
    out = clauses.copy()
    out["topics"] = [[] for _ in range(len(out))]
    return out, schemas.empty("tags")
