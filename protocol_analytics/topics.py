"""Topic assignment per clause (ANNOTATION.md section 5), driven by the taxonomy file.

A clause carries a topic when one of the topic's patterns matches one of its
sentences, when its escalation targets or expectations imply the topic, or
(for a list item) when the last sentence of its lead-in carries it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .nlp.prefilter import required_sets
from .nlp.rules import SENTENCE_END, text_of
from .rules.literals import LiteralIndex, fold
from .rules.taxonomy import Topic, load_taxonomy, taxonomy_version
from .topic_model import learned_rows, model_for_taxonomy

if TYPE_CHECKING:  # (pandas and the schemas are loaded by assign_topics only: the build's workers never need them)
    import pandas as pd

_SENTENCE = re.compile(r"[^.;!?]+(?:[.;!?]+|$)")
_POINTS_ON = re.compile(r"\b(?:the following|as follows|below)\b", re.I)


def _closes_itself(text: str) -> bool:
    """A clause ending its sentence ("… must leave the room.") leads no list, whatever the layout nests under
    it; one that points at what follows ("… the following tasks.") does."""
    return bool(SENTENCE_END.search(text)) and not _POINTS_ON.search(text[-200:])


def _sentences(text: str, doc=None) -> list[tuple[int, str]]:
    if doc is not None and len(doc):
        return [(s.start_char - doc[0].idx, text_of(s)) for s in doc.sents]
    return [(m.start(), m.group(0)) for m in _SENTENCE.finditer(text)]


_NOTHING: frozenset[int] = frozenset()


@dataclass(frozen=True)
class PatternIndex:
    """Which topic patterns each required literal belongs to, for finding a clause's candidate patterns."""
    literals: tuple[str, ...]
    owners: dict[str, tuple[tuple[int, int], ...]]  # literal -> (topic index, pattern index)
    always: tuple[tuple[int, int], ...]  # patterns without a literal prefilter
    index: LiteralIndex | None = field(default=None, compare=False)  # finds a text's literals (default: of literals)
    # topic index -> per pattern, the other sets of strings its matches all contain (worked out when first asked)
    further: dict[int, tuple[tuple[frozenset[str], ...], ...]] = field(default_factory=dict, compare=False)
    # label -> indices of the topics it can give a clause without a pattern: a target (from_targets,
    # from_escalation_rules), a role with an expectation (from_expectation_roles), a role (from_roles)
    by_target: dict[str, frozenset[int]] = field(default_factory=dict, compare=False)
    by_expectation_role: dict[str, frozenset[int]] = field(default_factory=dict, compare=False)
    by_role: dict[str, frozenset[int]] = field(default_factory=dict, compare=False)
    by_subject_role: dict[str, frozenset[int]] = field(default_factory=dict, compare=False)

    def __post_init__(self):
        if self.index is None:
            object.__setattr__(self, "index", LiteralIndex(self.literals))

    def required(self, ti: int, topic: Topic) -> tuple[tuple[frozenset[str], ...], ...]:
        """Per pattern of ``topic`` (the ``ti``-th), every set of strings one of which each of its matches
        contains (:func:`~protocol_analytics.nlp.prefilter.required_sets`), but its literal prefilter: a
        sentence holding none of a set's strings is not searched with it."""
        found = self.further.get(ti)
        if found is None:
            own = topic.literals if len(topic.literals) == len(topic.patterns) else (None,) * len(topic.patterns)
            found = self.further[ti] = tuple(tuple(s for s in required_sets(pattern) if s != lit)
                                             for pattern, lit in zip(topic.patterns, own))
        return found

    @classmethod
    def of(cls, topics: tuple[Topic, ...]) -> PatternIndex:
        owners: dict[str, list[tuple[int, int]]] = {}
        always = []
        for ti, topic in enumerate(topics):
            for n, lit in enumerate(topic.literals or (None,) * len(topic.patterns)):
                if lit is None:
                    always.append((ti, n))
                for s in lit or ():
                    owners.setdefault(s, []).append((ti, n))
        def by(*names: str) -> dict[str, frozenset[int]]:
            found: dict[str, set[int]] = {}
            for ti, topic in enumerate(topics):
                for name in names:
                    for label in getattr(topic, name):
                        found.setdefault(label, set()).add(ti)
            return {label: frozenset(v) for label, v in found.items()}

        return cls(tuple(sorted(owners)), {k: tuple(v) for k, v in owners.items()}, tuple(always),
                   by_target=by("from_targets", "from_escalation_rules"),
                   by_expectation_role=by("from_expectation_roles"), by_role=by("from_roles"),
                   by_subject_role=by("from_subject_roles"))

    def may_give(self, candidates: dict[int, list[int]], targets: list[str], roles: list[str], expects: bool,
                 duties: bool, subject: str | None = None) -> list[int]:
        """In order, the indices of the topics a clause can have (:func:`clause_topics`): those of its candidate
        patterns, of its targets, of its roles where it states an expectation, of its roles where it has
        duties, and of the role its document describes (``subject``) where the clause gives it a duty; every
        other topic gives it nothing."""
        found = set(candidates)
        for t in targets:
            found |= self.by_target.get(t, _NOTHING)
        if roles and expects:
            for r in roles:
                found |= self.by_expectation_role.get(r, _NOTHING)
        if roles and duties:
            for r in roles:
                found |= self.by_role.get(r, _NOTHING)
            if subject in roles:
                found |= self.by_subject_role.get(subject, _NOTHING)
        return sorted(found)

    def candidates(self, text: str) -> dict[int, list[int]]:
        """Topic index -> indices of its patterns that can match ``text``, in the taxonomy's order."""
        found = set(self.always)
        for s in self.index.present(fold(text)):
            found.update(self.owners[s])
        out: dict[int, list[int]] = {}
        for ti, n in sorted(found):
            out.setdefault(ti, []).append(n)
        return out


_INDEXES: dict[int, tuple[tuple[Topic, ...], PatternIndex]] = {}


def _pattern_index(topics: tuple[Topic, ...]) -> PatternIndex:
    """The index of a loaded taxonomy (the loader returns the same tuple until its file changes)."""
    cached = _INDEXES.get(id(topics))
    if cached is None or cached[0] is not topics:
        if len(_INDEXES) > 8:
            _INDEXES.clear()
        cached = _INDEXES[id(topics)] = (topics, PatternIndex.of(topics))
    return cached[1]


def match_topic(topic: Topic, sentences: list[tuple[int, str]], candidates: list[int] | None = None,
                folded: list[str] | None = None, required: tuple | None = None, roles: list[str] | tuple = ()):
    """(start, end, evidence, sentence, pattern index) of the first pattern hit, or None.

    ``candidates``: the indices of the patterns that can match (:meth:`PatternIndex.candidates`); the
    others are not tried. ``folded``: each sentence's :func:`fold`, to try a pattern only on the sentences
    that hold one of its literals (a clause of several sentences holds them in one of them at most), and
    (``required``: :meth:`PatternIndex.required`) a string of every other set its matches all contain.
    """
    candidates = [(n, topic.patterns[n]) for n in (range(len(topic.patterns)) if candidates is None else candidates)]
    if not candidates:
        return None
    literals = topic.literals if folded is not None and len(topic.literals) == len(topic.patterns) else None
    met = any(r in topic.requires_roles for r in roles)  # ("Officers must:" over "remain politically neutral")
    required = required if folded is not None else None
    for k, (offset, sent) in enumerate(sentences):
        for n, pattern in candidates:
            if literals is not None and literals[n] is not None and not any(s in folded[k] for s in literals[n]):
                continue
            if required is not None and not _holds(folded[k], required[n]):
                continue  # (a set none of whose strings the sentence holds: the pattern cannot match it)
            m = pattern.search(sent)
            if m is None:
                continue
            if not (met or all(r.search(sent) for r in topic.requires)) or any(x.search(sent) for x in topic.excludes):
                continue
            return offset + m.start(), offset + m.end(), m.group(0), sent, n
    return None


def _holds(folded: str, sets: tuple[frozenset[str], ...]) -> bool:
    """Whether ``folded`` holds a string of each of ``sets``."""
    for strings in sets:
        for x in strings:
            if x in folded:
                break
        else:
            return False
    return True


def clause_topics(text: str, doc, targets: list[str], target_rules: dict[str, str], duties: list[str],
                  roles: list[str], topics: tuple[Topic, ...], version: str, index: PatternIndex | None = None,
                  sentences: list[tuple[int, str]] | None = None, subject: str | None = None,
                  procedure: str | None = None) -> list[dict]:
    """Evidence rows (topic, evidence, span, sentence, rule) for one clause, without inheritance.

    ``subject``: the role the document describes, if it is a role description
    (:func:`protocol_analytics.nlp.rules.role_description_subject`). ``procedure``: the procedure the document's
    title says it is (:func:`protocol_analytics.nlp.rules.titled_procedure`)."""
    sentences = sentences if sentences is not None else _sentences(text, doc)
    index = index or PatternIndex.of(topics)
    candidates = index.candidates(text)
    folded = [fold(sent) for _, sent in sentences] if candidates else None
    expects = "expectation" in duties
    out = []
    for ti in index.may_give(candidates, targets, roles, expects, bool(duties), subject):
        topic = topics[ti]
        plain = len(topic.patterns) - topic.decisive
        hit = None
        if ti in candidates:
            found, required = candidates[ti], index.required(ti, topic)
            if topic.decisive:  # (a decisive hit first: it is the row the learned model may not drop)
                hit = match_topic(topic, sentences, [n for n in found if n >= plain], folded, required, roles)
                found = [n for n in found if n < plain]
            if hit is None:
                hit = match_topic(topic, sentences, found, folded, required, roles)
        if hit:
            a, b, ev, sent, n = hit
            row = {"label": topic.id, "evidence": ev, "span_start": a, "span_end": b, "sentence": sent,
                   "rule": f"{version}:{topic.id}:patterns[{n}]" if n < plain else
                   f"{version}:{topic.id}:decisive_patterns[{n - plain}]"}
            if n >= plain:
                row["decisive"] = True
            out.append(row)
            continue
        t = None
        if targets:
            t = next((t for t in targets if t in topic.from_targets), None)
            if t is None:
                t = next((t for t in targets if t in topic.from_escalation_rules
                          and target_rules.get(t, "").endswith(f"escalation.{t}")), None)
        if t is not None:
            out.append({"label": topic.id, "evidence": t, "span_start": -1, "span_end": -1, "sentence": "",
                        "rule": f"{version}:{topic.id}:from_target:{t}"})
            continue
        if expects and any(r in topic.from_expectation_roles for r in roles):
            out.append({"label": topic.id, "evidence": "expectation", "span_start": -1, "span_end": -1,
                        "sentence": "", "rule": f"{version}:{topic.id}:from_expectation"})
            continue
        r = next((r for r in roles if r in topic.from_roles), None) if duties and roles else None
        if r is not None and topic.from_roles_outside_procedures and doc is not None and doc._.pa_procedure:
            r = None  # the Chair hearing a grievance's stage is the procedure's business, not the Chair's role
        if r is not None:
            out.append({"label": topic.id, "evidence": r, "span_start": -1, "span_end": -1, "sentence": "",
                        "rule": f"{version}:{topic.id}:from_role:{r}"})
        elif duties and subject in roles and subject in topic.from_subject_roles:
            out.append({"label": topic.id, "evidence": subject, "span_start": -1, "span_end": -1, "sentence": "",
                        "rule": f"{version}:{topic.id}:from_subject_role:{subject}"})
    if procedure and (duties or roles or targets):
        have = {f["label"] for f in out}
        for topic in topics:
            if procedure in topic.from_document_procedures and topic.id not in have \
                    and have.isdisjoint(topic.from_document_procedures_unless):
                # a step of a disciplinary procedure (someone's duty, a route) is about the procedure, whether or
                # not it names it; the learned model does not overrule it (decisive)
                out.append({"label": topic.id, "evidence": procedure, "span_start": -1, "span_end": -1,
                            "sentence": "", "rule": f"{version}:{topic.id}:from_document_procedure:{procedure}",
                            "decisive": True})
    return out


def assign_topics(clauses: pd.DataFrame, docs=None, taxonomy: str | None = None,
                  tags: pd.DataFrame | None = None, model="taxonomy",
                  subject: str | None = None, procedure: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fill the ``topics`` column of one document's clauses and return (clauses, topic tag rows).

    ``subject``: the role the document describes, if it is a role description. ``procedure``: the procedure its
    title says it is (:func:`protocol_analytics.nlp.rules.titled_procedure`).

    ``model``: the learned topic model combined with the patterns (:mod:`protocol_analytics.topic_model`);
    by default the one the taxonomy file names, None for the patterns alone. :func:`topic_rows` does the
    same on rows.
    """
    import pandas as pd

    from . import schemas

    esc = []
    if tags is not None and len(tags):
        esc = schemas.records(tags[tags["field"] == "escalation_target"][["clause_id", "label", "rule", "field"]])
    labels, tag_rows = topic_rows(schemas.records(clauses), docs, taxonomy, esc, model, subject, procedure)
    out = clauses.copy()
    out["topics"] = labels
    return out, pd.DataFrame(tag_rows, columns=list(schemas.TAGS.columns))


def topic_rows(rows: list[dict], docs=None, taxonomy: str | None = None, tags: list[dict] | None = None,
               model="taxonomy", subject: str | None = None,
               procedure: str | None = None) -> tuple[list[list[str]], list[dict]]:
    """:func:`assign_topics` on one document's clause rows and tag rows (dicts with the tables' columns):
    (each clause's topics, the topic tag rows). ``procedure``: as :func:`clause_topics` reads it."""
    topics = load_taxonomy(taxonomy)
    version = taxonomy_version(taxonomy)
    index = _pattern_index(topics)
    if isinstance(model, str):
        model = model_for_taxonomy(taxonomy)
    allowed = frozenset(t.id for t in topics)
    docs = docs if docs is not None else [None] * len(rows)
    rule_of = {(t["clause_id"], t["label"]): t["rule"] for t in tags or () if t["field"] == "escalation_target"}
    probs = model.predict(rows) if model is not None else None
    final_sentence_topics: dict[str, list[str]] = {}
    result, tag_rows = [], []
    for n, (row, doc) in enumerate(zip(rows, docs, strict=True)):
        cid = row["clause_id"]
        target_rules = {t: rule_of.get((cid, t), "") for t in row["escalation_targets"]}
        sentences = _sentences(row["text"], doc)
        found = clause_topics(row["text"], doc, list(row["escalation_targets"]), target_rules, list(row["duties"]),
                              list(row["roles"]), topics, version, index, sentences, subject, procedure)
        if model is not None:
            found = learned_rows(model, probs[n], sentences, found, allowed)
        labels = [f["label"] for f in found]
        last_start = sentences[-1][0] if sentences else 0
        final_sentence_topics[cid] = [] if _closes_itself(row["text"]) else [f["label"] for f in found
                                      if (f["span_start"] >= last_start and (model is None or f["label"] in model.inherit
                                                                             or not f.get("learned")))
                                      or f["rule"].endswith("from_expectation")]
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
    return result, tag_rows
