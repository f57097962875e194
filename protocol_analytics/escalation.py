"""Escalation routes: who raises a concern, where it goes, and where it goes next."""
from __future__ import annotations

import pandas as pd

from . import schemas

RAISER_ROLES = ("councillor", "officer", "clerk", "chair")


def escalation_edges(clauses: pd.DataFrame, tags: pd.DataFrame) -> pd.DataFrame:
    """One row per (clause, raiser, target) in the order the clause names its targets.

    The raiser is the clause's role that can raise a concern (councillor, officer, clerk, chair),
    else 'anyone'; targets come from the escalation_target tags, ordered by their position.
    """
    if clauses.empty:
        return schemas.empty("escalation_edges")
    esc = tags[tags["field"] == "escalation_target"] if len(tags) else tags
    by_clause = {key: group.sort_values("span_start") for key, group in esc.groupby(["doc_id", "clause_id"])} \
        if len(esc) else {}
    empty = esc.iloc[0:0]
    rows = []
    for r in clauses[clauses["escalation_targets"].map(len) > 0].itertuples():
        own = by_clause.get((r.doc_id, r.clause_id), empty)
        targets = list(dict.fromkeys(own["label"])) or list(r.escalation_targets)
        evidence = dict(zip(own["label"], own["sentence"]))
        raisers = [x for x in r.roles if x in RAISER_ROLES and x not in targets[:1]] or ["anyone"]
        for raiser in raisers:
            for step, target in enumerate(targets, start=1):
                rows.append({"council": r.council, "doc_id": r.doc_id, "clause_id": r.clause_id, "source": raiser,
                             "target": target, "step": step, "evidence": evidence.get(target, r.text)})
    return pd.DataFrame(rows, columns=list(schemas.ESCALATION_EDGES.columns))


def route_graph(edges: pd.DataFrame, council: str):
    """A networkx DiGraph of one council's routes: raiser → first target → next target …, weighted by clauses."""
    import networkx as nx

    g = nx.DiGraph()
    for (clause_id, source), group in edges[edges["council"] == council].groupby(["clause_id", "source"]):
        chain = [source] + list(group.sort_values("step")["target"])
        for a, b in zip(chain, chain[1:]):
            if a == b:
                continue
            if g.has_edge(a, b):
                g[a][b]["weight"] += 1
                g[a][b]["clauses"].append(clause_id)
            else:
                g.add_edge(a, b, weight=1, clauses=[clause_id])
    return g
