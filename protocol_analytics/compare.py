"""Comparing councils: clause alignment, council similarity, template families, gap reports."""
from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from . import schemas

SAME_AT = 0.9
MODIFIED_AT = 0.6
FAMILY_AT = 0.3


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def relation_of(similarity: float) -> str:
    if similarity >= SAME_AT:
        return "same"
    return "modified" if similarity >= MODIFIED_AT else "none"


def _similarity_matrix(a: list[str], b: list[str]) -> np.ndarray:
    """Pairwise similarity 0–1: the mean of token-sort and plain ratios (punishes partial overlaps)."""
    if not a or not b:
        return np.zeros((len(a), len(b)))
    sort = process.cdist(a, b, scorer=fuzz.token_sort_ratio, workers=1) / 100.0
    plain = process.cdist(a, b, scorer=fuzz.ratio, workers=1) / 100.0
    return (sort + plain) / 2


def align_clauses(clauses: pd.DataFrame, top_k: int = 1, min_words: int = 3) -> pd.DataFrame:
    """For every clause, its closest counterpart(s) in each other council's protocol.

    One row per clause and rank (best first) against the best matching clause of any
    other council; ``relation`` says same text, modified, or no counterpart.
    """
    if clauses.empty:
        return schemas.empty("alignment")
    norm = clauses["text"].map(_norm)
    lead = clauses["lead_in"].map(_norm) if "lead_in" in clauses else norm.map(lambda _: "")
    by_council = {c: g.index.to_list() for c, g in clauses.groupby("council", sort=True)}
    rows = []
    for council, idx in by_council.items():
        others = [i for c, ix in by_council.items() if c != council for i in ix]
        sims = _similarity_matrix([norm[i] for i in idx], [norm[j] for j in others])
        # equal texts ("a working partnership") are told apart by their lead-ins: a tie-breaker only
        ranking = sims + 0.01 * _similarity_matrix([lead[i] for i in idx], [lead[j] for j in others])
        for r, i in enumerate(idx):
            row = clauses.loc[i]
            if sims.shape[1] == 0 or len(norm[i].split()) < min_words:
                best = []
            else:
                order = np.argsort(-ranking[r], kind="stable")[:top_k]
                best = [(others[k], float(sims[r, k])) for k in order]
            if not best:
                best = [(None, 0.0)]
            for rank, (j, s) in enumerate(best, start=1):
                other = clauses.loc[j] if j is not None else None
                rel = relation_of(s) if other is not None else "none"
                rows.append({
                    "doc_id": row["doc_id"], "council": council, "clause_id": row["clause_id"], "rank": rank,
                    "other_doc_id": other["doc_id"] if other is not None and rel != "none" else "",
                    "other_council": other["council"] if other is not None and rel != "none" else "",
                    "other_clause_id": other["clause_id"] if other is not None and rel != "none" else "",
                    "similarity": round(s, 4), "relation": rel, "text": row["text"],
                    "other_text": other["text"] if other is not None and rel != "none" else "",
                })
    return pd.DataFrame(rows, columns=list(schemas.ALIGNMENT.columns))


def pair_alignment(clauses: pd.DataFrame, council_a: str, council_b: str) -> pd.DataFrame:
    """Clauses of two councils side by side: each of A's clauses with its best counterpart in B."""
    a = clauses[clauses["council"] == council_a].reset_index(drop=True)
    b = clauses[clauses["council"] == council_b].reset_index(drop=True)
    sims = _similarity_matrix(a["text"].map(_norm).tolist(), b["text"].map(_norm).tolist())
    ranking = sims + 0.01 * _similarity_matrix(a["lead_in"].map(_norm).tolist(), b["lead_in"].map(_norm).tolist())
    rows = []
    for i, row in a.iterrows():
        j = int(np.argmax(ranking[i])) if sims.shape[1] else None
        s = float(sims[i, j]) if j is not None else 0.0
        rel = relation_of(s)
        rows.append({"clause_id": row["clause_id"], "text": row["text"], "relation": rel, "similarity": round(s, 3),
                     "other_clause_id": b.loc[j, "clause_id"] if j is not None and rel != "none" else "",
                     "other_text": b.loc[j, "text"] if j is not None and rel != "none" else ""})
    return pd.DataFrame(rows)


def council_similarity(alignment: pd.DataFrame, clauses: pd.DataFrame) -> pd.DataFrame:
    """Council × council: the share of one council's clauses with a counterpart in the other's, and families."""
    if clauses.empty:
        return schemas.empty("similarity")
    councils = sorted(clauses["council"].unique())
    norm = {c: g["text"].map(_norm).tolist() for c, g in clauses.groupby("council")}
    rows = []
    for a in councils:
        for b in councils:
            if a == b:
                rows.append({"council": a, "other_council": b, "similarity": 1.0, "n_same": len(norm[a]),
                             "n_modified": 0})
                continue
            sims = _similarity_matrix(norm[a], norm[b])
            best = sims.max(axis=1) if sims.size else np.zeros(len(norm[a]))
            n_same = int((best >= SAME_AT).sum())
            n_mod = int(((best >= MODIFIED_AT) & (best < SAME_AT)).sum())
            rows.append({"council": a, "other_council": b, "similarity": round((n_same + n_mod) / max(len(best), 1), 4),
                         "n_same": n_same, "n_modified": n_mod})
    table = pd.DataFrame(rows)
    families = template_families(table)
    table["family"] = table["council"].map(families)
    return table[list(schemas.SIMILARITY.columns)]


def template_families(similarity: pd.DataFrame, threshold: float = FAMILY_AT) -> dict[str, str]:
    """Connected components of councils whose protocols share ≥ threshold of their clauses (both ways, mean)."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(similarity["council"].unique())
    sym = defaultdict(list)
    for r in similarity.itertuples():
        if r.council != r.other_council:
            sym[tuple(sorted((r.council, r.other_council)))].append(r.similarity)
    for (a, b), values in sym.items():
        if np.mean(values) >= threshold:
            g.add_edge(a, b)
    families = {}
    for n, comp in enumerate(sorted(nx.connected_components(g), key=lambda c: (-len(c), sorted(c))), start=1):
        for council in comp:
            families[council] = f"F{n}" if len(comp) > 1 else f"F{n} (own template)"
    return families


def gap_report(coverage: pd.DataFrame, clauses: pd.DataFrame, council: str, peers: str | None = None,
               examples: int = 2) -> pd.DataFrame:
    """Topics the council's peers cover and it does not, with peers' clauses as examples.

    ``peers``: None or 'all' for every other council, or a council type ('parish', 'town', …).
    """
    from .errors import Errors, UnknownCouncilError

    if council not in set(coverage["council"]):
        raise UnknownCouncilError(Errors.PA040.format(council=council, known=", ".join(sorted(coverage["council"].unique()))))
    peer_cov = coverage[coverage["council"] != council]
    if peers and peers != "all":
        peer_cov = peer_cov[peer_cov["council_type"] == peers]
    n_peers = peer_cov["council"].nunique()
    own = coverage[coverage["council"] == council].set_index("topic")
    rows = []
    for topic, group in peer_cov.groupby("topic", sort=False):
        covered = group[group["covered"]]
        if covered.empty or bool(own.loc[topic, "covered"]):
            continue
        ex = []
        for r in covered.head(examples).itertuples():
            cid = r.clause_ids[0]
            text = clauses.loc[(clauses["council"] == r.council) & (clauses["clause_id"] == cid), "text"]
            ex.append(f"{r.council} {cid}: {text.iloc[0] if len(text) else ''}")
        rows.append({"topic": topic, "topic_name": group["topic_name"].iloc[0], "peers_covering": len(covered),
                     "n_peers": n_peers, "share_of_peers": round(len(covered) / max(n_peers, 1), 3),
                     "examples": ex})
    out = pd.DataFrame(rows, columns=["topic", "topic_name", "peers_covering", "n_peers", "share_of_peers", "examples"])
    return out.sort_values(["share_of_peers", "topic"], ascending=[False, True]).reset_index(drop=True)
