"""Evidence one command away: the clauses behind a coverage cell, with their tags, evidence and rules."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd

from ..errors import UserError, did_you_mean, listing
from ..io import read_table
from ..text import plural
from .selection import resolve_council

EVIDENCE_COLUMNS = ["council", "doc_id", "clause_id", "section", "text", "field", "label", "evidence", "rule",
                    "inherited_from"]


def resolve_topic(topic: str, coverage: pd.DataFrame) -> str:
    """A topic id from an id or a readable name, case-insensitively (PA044 with 'did you mean' otherwise)."""
    names = coverage.drop_duplicates("topic").set_index("topic")["topic_name"].astype(str)
    wanted = str(topic).strip()
    if wanted in names.index:
        return wanted
    lookup = {t.lower(): t for t in names.index}
    lookup.update({n.lower(): t for t, n in names.items()})
    lookup.update({t.replace("_", " ").lower(): t for t in names.index})
    key = wanted.lower().replace("-", " ")
    if key in lookup or key.replace(" ", "_") in lookup:
        return lookup.get(key) or lookup[key.replace(" ", "_")]
    raise UserError("PA044", topic=topic, hint=did_you_mean(wanted, list(names.index) + list(names)),
                    known=listing(names.index, limit=40))


def topic_evidence(council: str, topic: str, processed: Path | None = None,
                   tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """The clauses of ``council`` that carry ``topic`` (the coverage cell), one row per clause and tag.

    ``council``: name (any case) or doc_id; ``topic``: id or readable name. Each clause's rows give every
    tag of the clause (topic, role, duty, escalation target) with its evidence text and the rule that fired,
    the topic's own tags first. Reads the processed tables from ``processed`` unless ``tables`` holds them.
    """
    t = dict(tables or {})
    for name in ("documents", "coverage", "clauses", "tags"):
        if name not in t:
            t[name] = read_table(name, processed)
    council = resolve_council(council, t["documents"] if len(t["documents"]) else t["coverage"])
    topic = resolve_topic(topic, t["coverage"])
    clauses = t["clauses"]
    own = clauses[(clauses["council"] == council) & clauses["topics"].map(lambda ts: topic in ts)]
    if own.empty:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    tags = t["tags"].merge(own[["doc_id", "clause_id"]], on=["doc_id", "clause_id"])
    tags = tags.assign(first=~((tags["field"] == "topic") & (tags["label"] == topic)),
                       order=tags["field"].map({"topic": 0, "role": 1, "duty": 2, "escalation_target": 3}))
    rows = own[["council", "doc_id", "clause_id", "section", "text"]].merge(
        tags[["doc_id", "clause_id", "field", "label", "evidence", "rule", "inherited_from", "first", "order"]],
        on=["doc_id", "clause_id"], how="left")
    position = {key: i for i, key in enumerate(zip(own["doc_id"], own["clause_id"]))}
    rows["pos"] = [position[k] for k in zip(rows["doc_id"], rows["clause_id"])]
    rows = rows.sort_values(["pos", "first", "order", "label"], kind="stable")
    return rows[EVIDENCE_COLUMNS].fillna("").reset_index(drop=True)


def format_evidence(evidence: pd.DataFrame, council: str, topic: str, topic_name: str = "",
                    width: int = 100) -> str:
    """``topic_evidence``'s rows as text: each clause, then its tags with evidence and rule."""
    head = f"{council}: {topic_name or topic} [{topic}]"
    if evidence.empty:
        return f"{head}: no clause carries this topic (not covered)."
    n = evidence[["doc_id", "clause_id"]].drop_duplicates().shape[0]
    out = [f"{head}: {plural(n, 'clause')}", ""]
    for (doc_id, clause_id), group in evidence.groupby(["doc_id", "clause_id"], sort=False):
        first = group.iloc[0]
        out.append(f"{clause_id}  ({first['section'] or 'no section'}, {doc_id})")
        out += textwrap.wrap(first["text"], width, initial_indent="    ", subsequent_indent="    ")
        for r in group.itertuples():
            if not r.field:
                continue
            where = f", from lead-in {r.inherited_from}" if r.inherited_from else ""
            out.append(f"    - {r.field} {r.label}: \"{r.evidence}\"  [{r.rule}{where}]")
        out.append("")
    return "\n".join(out).rstrip()
