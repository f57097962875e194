"""Topic assignment per clause (ANNOTATION.md section 5), driven by the taxonomy file.

A clause carries a topic when one of the topic's patterns matches one of its
sentences, when its escalation targets or expectations imply the topic, or
(for a list item) when the last sentence of its lead-in carries it.
"""
from __future__ import annotations

import re

import pandas as pd

from . import schemas
from .literals import fold
from .taxonomy import Topic, load_taxonomy, taxonomy_version

_SENTENCE = re.compile(r"[^.;!?]+(?:[.;!?]+|$)")


def _sentences(text: str, doc=None) -> list[tuple[int, str]]:
    if doc is not None and len(doc):
        return [(s.start_char - doc[0].idx, s.text) for s in doc.sents]
    return [(m.start(), m.group(0)) for m in _SENTENCE.finditer(text)]


def taxonomy_literals(topics: tuple[Topic, ...]) -> tuple[str, ...]:
    """Every required literal of every topic pattern, each once."""
    return tuple(sorted({s for t in topics for lit in t.literals if lit for s in lit}))


def literals_present(folded: str, all_literals: tuple[str, ...]) -> frozenset[str]:
    return frozenset([s for s in all_literals if s in folded])


def match_topic(topic: Topic, sentences: list[tuple[int, str]], present: frozenset[str] | None = None):
    """(start, end, evidence, sentence, pattern index) of the first pattern hit, or None.

    ``present``: the required literals (:func:`taxonomy_literals`) found in the clause; a pattern none of
    whose literals is present cannot match and is not tried.
    """
    literals = topic.literals or (None,) * len(topic.patterns)
    candidates = [(n, p) for n, (p, lit) in enumerate(zip(topic.patterns, literals))
                  if present is None or lit is None or not lit.isdisjoint(present)]
    if not candidates:
        return None
    for offset, sent in sentences:
        for n, pattern in candidates:
            m = pattern.search(sent)
            if m is None:
                continue
            if not all(r.search(sent) for r in topic.requires) or any(x.search(sent) for x in topic.excludes):
                continue
            return offset + m.start(), offset + m.end(), m.group(0), sent, n
    return None


def clause_topics(text: str, doc, targets: list[str], target_rules: dict[str, str], duties: list[str],
                  roles: list[str], topics: tuple[Topic, ...], version: str,
                  all_literals: tuple[str, ...] | None = None) -> list[dict]:
    """Evidence rows (topic, evidence, span, sentence, rule) for one clause, without inheritance."""
    sentences = _sentences(text, doc)
    present = literals_present(fold(text), all_literals if all_literals is not None else taxonomy_literals(topics))
    out = []
    for topic in topics:
        hit = match_topic(topic, sentences, present)
        if hit:
            a, b, ev, sent, n = hit
            out.append({"label": topic.id, "evidence": ev, "span_start": a, "span_end": b, "sentence": sent,
                        "rule": f"{version}:{topic.id}:patterns[{n}]"})
            continue
        t = next((t for t in targets if t in topic.from_targets), None)
        if t is None:
            t = next((t for t in targets if t in topic.from_escalation_rules
                      and target_rules.get(t, "").endswith(f"escalation.{t}")), None)
        if t is not None:
            out.append({"label": topic.id, "evidence": t, "span_start": -1, "span_end": -1, "sentence": "",
                        "rule": f"{version}:{topic.id}:from_target:{t}"})
            continue
        if "expectation" in duties and any(r in topic.from_expectation_roles for r in roles):
            out.append({"label": topic.id, "evidence": "expectation", "span_start": -1, "span_end": -1,
                        "sentence": "", "rule": f"{version}:{topic.id}:from_expectation"})
    return out


def assign_topics(clauses: pd.DataFrame, docs=None, taxonomy: str | None = None,
                  tags: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fill the ``topics`` column of one document's clauses and return (clauses, topic tag rows)."""
    topics = load_taxonomy(taxonomy)
    version = taxonomy_version(taxonomy)
    all_literals = taxonomy_literals(topics)
    docs = docs if docs is not None else [None] * len(clauses)
    rule_of: dict[tuple[str, str], str] = {}
    if tags is not None and len(tags):
        esc = tags[tags["field"] == "escalation_target"]
        rule_of = {(r.clause_id, r.label): r.rule for r in esc.itertuples()}
    rows = clauses.to_dict("records")
    final_sentence_topics: dict[str, list[str]] = {}
    result, tag_rows = [], []
    for row, doc in zip(rows, docs):
        cid = row["clause_id"]
        target_rules = {t: rule_of.get((cid, t), "") for t in row["escalation_targets"]}
        found = clause_topics(row["text"], doc, list(row["escalation_targets"]), target_rules, list(row["duties"]),
                              list(row["roles"]), topics, version, all_literals)
        labels = [f["label"] for f in found]
        sentences = _sentences(row["text"], doc)
        last_start = sentences[-1][0] if sentences else 0
        final_sentence_topics[cid] = [f["label"] for f in found
                                      if f["span_start"] >= last_start or f["rule"].endswith("from_expectation")]
        parent = row.get("parent_id")
        if parent and parent in final_sentence_topics:
            for label in final_sentence_topics[parent]:
                if label not in labels:
                    labels.append(label)
                    found.append({"label": label, "evidence": "", "span_start": -1, "span_end": -1, "sentence": "",
                                  "rule": f"{version}:inherit.lead_in", "inherited_from": parent})
            if row.get("is_lead_in"):
                final_sentence_topics[cid] = list(dict.fromkeys(final_sentence_topics[cid] + final_sentence_topics[parent]))
        result.append(labels)
        for f in found:
            tag_rows.append({"doc_id": row["doc_id"], "council": row["council"], "clause_id": cid, "field": "topic",
                             "label": f["label"], "evidence": f["evidence"], "span_start": f["span_start"],
                             "span_end": f["span_end"], "doc_char_start": -1, "sentence": f["sentence"],
                             "rule": f["rule"], "inherited_from": f.get("inherited_from", "")})
    out = clauses.copy()
    out["topics"] = result
    return out, pd.DataFrame(tag_rows, columns=list(schemas.TAGS.columns))
