"""Council × topic coverage, from the labelled clause table."""
from __future__ import annotations

import pandas as pd

from . import schemas
from .taxonomy import load_taxonomy

DUTY_STRENGTH = {"obligation": 4, "prohibition": 3, "expectation": 2, "permission": 1}


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
    councils = sorted(clauses["council"].unique())
    doc_ids = clauses.groupby("council")["doc_id"].agg(lambda s: "; ".join(sorted(s.unique())))
    hits = clauses[["council", "clause_id", "section", "duties", "topics"]].explode("topics").dropna(subset=["topics"])
    hits = hits.rename(columns={"topics": "topic"})
    by_cell = hits.groupby(["council", "topic"], sort=False)
    ids = by_cell["clause_id"].agg(lambda s: [str(x) for x in s])
    duty = by_cell["duties"].agg(strongest_duty)
    with_duty = by_cell["duties"].agg(lambda s: any(len(d) for d in s))
    section_sizes = clauses.groupby(["council", "section"]).size()
    per_section = hits.groupby(["council", "topic", "section"]).size().rename("n").reset_index()
    per_section["share"] = per_section["n"] / section_sizes.reindex(
        list(zip(per_section["council"], per_section["section"]))).to_numpy()
    own_section = per_section[(per_section["n"] >= 2) & (per_section["share"] >= 0.5)]
    section_cells = set(zip(own_section["council"], own_section["topic"]))
    rows = []
    for council in councils:
        for topic in topics:
            key = (council, topic.id)
            clause_ids = ids.get(key, [])
            n = len(clause_ids)
            if not n:
                strength = "none"
            elif key in section_cells:
                strength = "section"
            else:
                strength = "clause" if n > 1 or bool(with_duty.get(key, False)) else "mention"
            rows.append({"council": council, "doc_id": doc_ids[council], "council_type": types.get(council, "unknown"),
                         "topic": topic.id, "topic_name": topic.name, "covered": n > 0, "n_clauses": n,
                         "clause_ids": clause_ids, "strongest_duty": duty.get(key, "none") if n else "none",
                         "strength": strength})
    return pd.DataFrame(rows, columns=list(schemas.COVERAGE.columns))


def coverage_pivot(coverage: pd.DataFrame, value: str = "covered") -> pd.DataFrame:
    """Council × topic matrix of one coverage column (for heatmaps)."""
    return coverage.pivot(index="council", columns="topic", values=value)
