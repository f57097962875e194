"""Escalation routes: who raises a concern, where it goes, and where it goes next."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

RAISER_ROLES = ("councillor", "officer", "clerk", "chair")
RELATIONS = ("first", "then", "or")

# between two targets of one sentence: words that make the second an alternative to the first ...
_ALTERNATIVE = re.compile(r"\b(?:or|and/or|alternatively|instead|also|either)\b", re.I)
# ... unless words of a sequence say it comes after the first
_SEQUENCE = re.compile(
    r"\b(?:then|next|thereafter|afterwards|after|failing|who (?:will|may|should|can|shall|would)|which (?:will|may)|"
    r"refers?|referred|passe[sd] on|(?:will|shall|would|may) (?:then )?be (?:taken|dealt with|considered|handled|investigated|heard)|(?:is|are|cannot be|can ?not be|has not been) (?:not )?resolved|escalate[sd]?)\b",
    re.I)


def target_relation(text: str, prev: tuple[int, int, str], cur: tuple[int, int, str]) -> str:
    """'or' when the target at span ``cur`` is an alternative to the one at ``prev`` (same sentence, joined by
    'or', 'also' …, no word of a sequence between them), else 'then'. Spans are (start, end, sentence).

    >>> s = "Raise it with the Clerk or, where the Clerk is involved, with the Chair."
    >>> target_relation(s, (0, 23, s), (0, 71, s))
    'or'
    >>> s = "Raise it with the Clerk, who will refer it to the Staffing Committee."
    >>> target_relation(s, (0, 23, s), (38, 68, s))
    'then'
    """
    (p_start, p_end, p_sentence), (c_start, c_end, c_sentence) = prev, cur
    if p_sentence != c_sentence or min(p_start, c_start) < 0:
        return "then"
    gap = text[p_end:c_end] if c_start >= p_end else text[min(p_start, c_start):c_end]
    return "or" if _ALTERNATIVE.search(gap) and not _SEQUENCE.search(gap) else "then"


def escalation_edges(clauses: pd.DataFrame, tags: pd.DataFrame) -> pd.DataFrame:
    """One row per (clause, raiser, target) in the order the clause names its targets.

    The raiser is the clause's role that can raise a concern (councillor, officer, clerk, chair),
    else 'anyone'; targets come from the escalation_target tags, ordered by where their mention ends.
    ``relation`` says whether a target is the first stop, a later stop (``then``: ``step`` counts up) or an
    alternative to the stop before it (``or``: same ``step``), read from the words between the two.
    :func:`edge_rows` does the same on rows.
    """
    import pandas as pd  # (not at import: the per-document step, which needs only edge_rows, never loads pandas)

    from .. import schemas

    if clauses.empty:
        return schemas.empty("escalation_edges")
    esc = schemas.records(tags[tags["field"] == "escalation_target"]) if len(tags) else []
    return pd.DataFrame(edge_rows(schemas.records(clauses), esc), columns=list(schemas.ESCALATION_EDGES.columns))


def edge_rows(clauses: list[dict], tags: list[dict]) -> list[dict]:
    """:func:`escalation_edges` on rows: clause rows and tag rows (dicts with the tables' columns)."""
    by_clause: dict[tuple[str, str], list[dict]] = {}
    for t in tags:
        if t["field"] == "escalation_target":
            by_clause.setdefault((t["doc_id"], t["clause_id"]), []).append(t)
    rows = []
    for r in clauses:
        if not len(r["escalation_targets"]):
            continue
        own, seen = [], set()  # ordered by where the mention ends, each target once
        for t in sorted(by_clause.get((r["doc_id"], r["clause_id"]), ()),
                        key=lambda t: (int(t["span_end"]), int(t["span_start"]))):
            if t["label"] not in seen:
                seen.add(t["label"])
                own.append(t)
        if own:
            targets = [t["label"] for t in own]
            spans = [(int(t["span_start"]), int(t["span_end"]), t["sentence"]) for t in own]
        else:
            targets = list(dict.fromkeys(r["escalation_targets"]))
            spans = [(-1, -1, "")] * len(targets)
        evidence = {t["label"]: t["sentence"] for t in own}
        relations, steps = ["first"], [1]
        for k in range(1, len(targets)):
            rel = target_relation(r["text"], spans[k - 1], spans[k])
            relations.append(rel)
            steps.append(steps[-1] + (rel == "then"))
        raisers = [x for x in r["roles"] if x in RAISER_ROLES and x not in targets[:1]] or ["anyone"]
        for raiser in raisers:
            for target, step, rel in zip(targets, steps, relations):
                rows.append({"council": r["council"], "doc_id": r["doc_id"], "clause_id": r["clause_id"],
                             "source": raiser, "target": target, "step": step, "relation": rel,
                             "evidence": evidence.get(target, r["text"])})
    return rows


def route_graph(edges: pd.DataFrame, council: str):
    """A networkx DiGraph of one council's routes, laid out in layers.

    Nodes are ``(layer, label)``: layer 0 holds who raises the concern, layer *k* the *k*-th stop (a body
    named as the first stop in one clause and as the second in another appears in both layers). Node
    attributes: ``layer``, ``label``, ``clauses`` (ids of the clauses naming it there). Edges join each stop
    to the stops of the next step of the same clause; ``weight`` counts clauses, ``alternatives`` counts the
    clauses in which the edge leads to one of several alternatives ('… or …').
    """
    import networkx as nx  # deferred for start-up speed: the build's per-document step imports this module

    g = nx.DiGraph()
    if edges is None or edges.empty:
        return g
    own = edges[edges["council"] == council]
    if "relation" not in own.columns:  # tables written before `relation` existed: every target a step
        own = own.assign(relation=["first" if s == 1 else "then" for s in own["step"]])

    def node(layer: int, label: str, clause: str):
        key = (layer, label)
        if key not in g:
            g.add_node(key, layer=layer, label=label, clauses=[])
        if clause not in g.nodes[key]["clauses"]:
            g.nodes[key]["clauses"].append(clause)
        return key

    for (clause_id, source), group in own.groupby(["clause_id", "source"], sort=False):
        group = group.sort_values("step", kind="stable")
        layers = [[node(0, source, clause_id)]]
        for step, stops in group.groupby("step", sort=True):
            layers.append([node(int(step), t, clause_id) for t in dict.fromkeys(stops["target"])])
        for before, after in zip(layers, layers[1:]):
            alternative = len(after) > 1
            for a in before:
                for b in after:
                    if g.has_edge(a, b):
                        g[a][b]["weight"] += 1
                        g[a][b]["alternatives"] += alternative
                        g[a][b]["clauses"].append(clause_id)
                    else:
                        g.add_edge(a, b, weight=1, alternatives=int(alternative), clauses=[clause_id])
    return g


def first_stops(edges: pd.DataFrame) -> pd.DataFrame:
    """Council × first stop: clauses naming each body as (one of) the first stop(s) of a route."""
    import pandas as pd  # (as in escalation_edges)

    if edges is None or edges.empty:
        return pd.DataFrame()
    first = edges[edges["step"] == 1].drop_duplicates(["council", "clause_id", "target"])
    return first.pivot_table(index="council", columns="target", values="clause_id", aggfunc="count",
                             fill_value=0, observed=True)
