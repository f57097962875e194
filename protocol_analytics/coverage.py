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


def coverage_strength(hit: pd.DataFrame, section_sizes: pd.Series) -> str:
    """none; mention (one clause, no duty); clause; section (≥ 2 clauses making up half a section or more)."""
    if hit.empty:
        return "none"
    for section, n in hit["section"].value_counts().items():
        if n >= 2 and n / max(int(section_sizes.get(section, n)), 1) >= 0.5:
            return "section"
    return "clause" if len(hit) > 1 or strongest_duty(hit["duties"]) != "none" else "mention"


def coverage_matrix(clauses: pd.DataFrame, documents: pd.DataFrame | None = None,
                    taxonomy: str | None = None) -> pd.DataFrame:
    """One row per council and topic: covered, clause count and ids, strongest duty, strength.

    Strength: ``section`` when most clauses of one section carry the topic (and it has ≥ 2),
    ``clause`` when a clause carrying it states a duty or there are several, ``mention`` otherwise.
    """
    topics = load_taxonomy(taxonomy)
    if clauses.empty:
        return schemas.empty("coverage")
    types = {}
    if documents is not None and len(documents):
        types = dict(zip(documents["council"], documents["council_type"]))
    rows = []
    for council, group in clauses.groupby("council", sort=True):
        doc_ids = "; ".join(sorted(group["doc_id"].unique()))
        section_sizes = group["section"].value_counts()
        for topic in topics:
            hit = group[group["topics"].map(lambda ts: topic.id in ts)]
            rows.append({
                "council": council, "doc_id": doc_ids, "council_type": types.get(council, "unknown"),
                "topic": topic.id, "topic_name": topic.name, "covered": len(hit) > 0, "n_clauses": len(hit),
                "clause_ids": [str(c) for c in hit["clause_id"]], "strongest_duty": strongest_duty(hit["duties"]),
                "strength": coverage_strength(hit, section_sizes),
            })
    return pd.DataFrame(rows, columns=list(schemas.COVERAGE.columns))


def coverage_pivot(coverage: pd.DataFrame, value: str = "covered") -> pd.DataFrame:
    """Council × topic matrix of one coverage column (for heatmaps)."""
    return coverage.pivot(index="council", columns="topic", values=value)
