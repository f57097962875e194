"""Council × topic coverage, from the labelled clause table."""
from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd

from .. import schemas
from ..rules.labels import DUTY_STRENGTH
from ..rules.taxonomy import load_taxonomy


def strongest_duty(duty_lists) -> str:
    best, rank = "none", 0
    for duties in duty_lists:
        for d in duties:
            if DUTY_STRENGTH.get(d, 0) > rank:
                best, rank = d, DUTY_STRENGTH[d]
    return best


def coverage_matrix(clauses: pd.DataFrame, documents: pd.DataFrame | None = None,
                    taxonomy: str | None = None) -> pd.DataFrame:
    """One row per council and topic: covered, clause count and ids, strongest duty, strength.

    Strength: ``section`` when ≥ 2 clauses carrying the topic make up half a section or more,
    ``clause`` when there are several or one states a duty, ``mention`` for one clause without a duty.
    """
    topics = load_taxonomy(taxonomy)
    if clauses.empty:
        return schemas.empty("coverage")
    types = dict(zip(documents["council"], documents["council_type"])) if documents is not None and len(documents) else {}
    council_col, section_col = clauses["council"].tolist(), clauses["section"].tolist()
    doc_ids: dict[str, set] = defaultdict(set)
    for council, doc_id in zip(council_col, clauses["doc_id"].tolist()):
        doc_ids[council].add(doc_id)
    section_sizes = Counter(zip(council_col, section_col))
    ids: dict[tuple, list[str]] = defaultdict(list)
    best: dict[tuple, str] = {}
    with_duty: set[tuple] = set()
    per_section: Counter = Counter()
    for council, section, clause_id, duties, labels in zip(council_col, section_col, clauses["clause_id"].tolist(),
                                                          clauses["duties"].tolist(), clauses["topics"].tolist()):
        for topic in labels:
            key = (council, topic)
            ids[key].append(str(clause_id))
            per_section[(council, topic, section)] += 1
            if len(duties):
                with_duty.add(key)
                strongest = strongest_duty([duties])
                if DUTY_STRENGTH.get(strongest, 0) > DUTY_STRENGTH.get(best.get(key, "none"), 0):
                    best[key] = strongest
    section_cells = {(c, t) for (c, t, sec), n in per_section.items() if n >= 2 and n / section_sizes[(c, sec)] >= 0.5}
    rows = []
    for council in sorted(doc_ids):
        joined = "; ".join(sorted(doc_ids[council]))
        for topic in topics:
            key = (council, topic.id)
            clause_ids = ids.get(key, [])
            n = len(clause_ids)
            if not n:
                strength = "none"
            elif key in section_cells:
                strength = "section"
            else:
                strength = "clause" if n > 1 or key in with_duty else "mention"
            rows.append((council, joined, types.get(council, "unknown"), topic.id, topic.name, n > 0, n, clause_ids,
                         best.get(key, "none") if n else "none", strength))
    return pd.DataFrame(rows, columns=list(schemas.COVERAGE.columns))
