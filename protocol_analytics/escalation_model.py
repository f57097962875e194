"""The learned escalation-target classifier: which named person, body or procedure a concern goes to.

The rules of :func:`protocol_analytics.nlp.rules.escalation_hits` read routes stated in the constructions
someone wrote a rule for; on pages nobody has seen they miss or overreach. This model judges every place a
clause names a possible target (a lexicon alias of an escalation target, the document's own name for its
personnel committee, a named procedure, conciliation, a complaint under the Code) by the words around it:
its grammatical role and the verb and preposition that govern it, whether it sits in a condition, whether a
concern is in play, what kind of document it is, and whether the rules took it. One logistic regression over
all targets, so what it learns of a construction ("refer … to", "raise it with", the subject of "will hear")
holds for every target; a target is the clause's when its best-scored place reaches the threshold.

Weights ship as ``data/<name>.npz`` (arrays only, ``allow_pickle=False``) beside ``data/<name>.json``
(features, threshold, combination mode, training files with their sha256, cross-validated figures), trained
by ``make train`` (:mod:`protocol_analytics.escalation_training`). The combination, chosen by
cross-validation: ``rules`` (the model is not used), ``union`` (the rules' targets, plus the model's) or
``learned`` (the model decides; it sees the rules' choice as one of its features). A learned target's
evidence is the words that name it, and its rule reads ``escalation_model.v1:<target>:p=0.83``.

The lexicon names the model (``escalation.model``); a lexicon without that key tags by rules alone.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .candidate_model import CandidateModel, load_packaged
from .nlp.rules import governing_verb, in_condition, local_clerk_named, text_of
from .rules.literals import fold

DEFAULT_MODEL = "escalation_model.v1"


@dataclass(frozen=True)
class Candidate:
    """A place in a clause that names a possible escalation target."""
    target: str
    span: Span


def candidates(doc: Doc, lex) -> list[Candidate]:
    """Every place ``doc`` names an escalation target: the lexicon's target aliases, the document's name for
    its personnel committee, named procedures, conciliation and complaints under the Code (in a local council,
    its Chief Executive is its Clerk)."""
    patterns, local_clerk = _document_patterns(doc._.pa_aliases or (), lex)
    out = []
    text = text_of(doc)
    folded = fold(text)
    for target, pattern in patterns:
        if not lex.may_match(pattern, folded):
            continue
        for m in pattern.finditer(text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None and not _complained_about(span.root, lex):
                clerk = target == "senior_officer" and local_clerk and local_clerk_named(
                    text, m.start(), m.end(), lex)  # a local council's Chief Executive is its Clerk
                out.append(Candidate("clerk" if clerk else target, span))
    return out


_PATTERNS: dict[int, tuple] = {}


def _document_patterns(aliases: tuple, lex) -> tuple[list, bool]:
    """(target, pattern) of every place a document's clauses may name a target, and whether the document's
    council is a local one (its Chief Executive a Clerk), worked out once for the document's aliases (one tuple
    that all its clauses share)."""
    kept = _PATTERNS.get(id(aliases))
    if kept is None or kept[0] is not aliases or kept[1] is not lex:
        patterns = list(lex.targets) + [(role, p) for role, p in aliases if role == "personnel_committee"]
        patterns += list(lex.procedures) + [("conciliation", lex.conciliation), ("monitoring_officer", lex.code_complaint)]
        local_clerk = any(role == "clerk" and p.pattern == lex.local_council_clerk.pattern for role, p in aliases)
        if len(_PATTERNS) >= 64:
            _PATTERNS.clear()
        kept = _PATTERNS[id(aliases)] = (aliases, lex, patterns, local_clerk)
    return kept[2], kept[3]


def _complained_about(token, lex) -> bool:
    """"a complaint about the Chair", "unhappy with the Clerk": the one complained about, no candidate."""
    if token.dep_ == "conj":
        token = token.head
    for _ in range(3):  # "a complaint about the conduct of the Chair"
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.dep_ == "pobj":
            token = token.head.head
    if token.dep_ != "pobj":
        return False
    prep = token.head
    return prep.lower_ in lex.about_prepositions or (prep.lower_ == "with" and prep.head.pos_ == "ADJ")


def candidate_features(cand: Candidate, lex, rule_targets: set[str] | frozenset[str], is_item: bool,
                       shared: dict | None = None) -> list[str]:
    """The features of one candidate; each grammatical feature also conjoined with the target ("chair|prep:to").

    The candidate's Doc must be parsed (dependencies, lemmas, sentences); ``rule_targets``: the targets the rules gave the
    clause; ``is_item``: the clause is a list item. ``shared``: a dict kept across the candidates of one clause,
    in which what they share (of the clause, of each sentence) is worked out once.
    """
    return sorted(_feature_set(cand, lex, rule_targets, is_item, shared))


def _feature_set(cand: Candidate, lex, rule_targets: set[str] | frozenset[str], is_item: bool,
                 shared: dict | None = None) -> set[str]:
    """:func:`candidate_features` as a set."""
    out, joint = _feature_parts(cand, lex, rule_targets, is_item, shared)
    prefix = cand.target + "|"
    return out | joint | {prefix + f for f in joint}


def _indices(model: EscalationModel, cand: Candidate, lex, rule_targets: set[str] | frozenset[str], is_item: bool,
             shared: dict | None = None) -> list[int]:
    """``model.indices(_feature_set(…))``, without making the strings conjoined with the target (looked up by
    their parts: :meth:`CandidateModel.conjoined_indices`)."""
    out, joint = _feature_parts(cand, lex, rule_targets, is_item, shared)
    return model.conjoined_indices(out | joint, cand.target, joint, [])


def _feature_parts(cand: Candidate, lex, rule_targets: set[str] | frozenset[str], is_item: bool,
                   shared: dict | None = None) -> tuple[set[str], set[str]]:
    """What :func:`_feature_set` is made of: (the features alone, the features also conjoined with the target)."""
    root = cand.span.root
    sent = root.sent
    doc = cand.span.doc
    t = cand.target
    out = {"t:" + t}
    joint: set[str] = set()
    add = joint.add

    add("dep:" + root.dep_)
    head = root.head
    if root.dep_ == "pobj":
        add("prep:" + head.lower_)
        add("prep:" + head.lower_ + ">" + head.head.lemma_.lower())
        add("pv:" + head.head.lemma_.lower())
    elif root.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "conj", "appos", "compound", "poss"):
        add("hv:" + root.dep_ + ">" + head.lemma_.lower())
    verb = governing_verb(root)
    add("v:" + verb.lemma_.lower())
    if any(c.dep_ == "neg" for c in verb.children):
        add("neg")
    if any(c.tag_ == "MD" for c in verb.children):
        add("modal")
    if in_condition(root, lex):
        add("cond")
    shared = {} if shared is None else shared
    of_sentence = shared.get(sent.start)
    if of_sentence is None:  # (whether the sentence and the clause speak of a concern, the sentence's verbs)
        if "clause" not in shared:
            shared["clause"] = lex.concern.search(text_of(doc)) is not None
        of_sentence = shared[sent.start] = (lex.concern.search(text_of(sent)) is not None, shared["clause"],
                                            ["sv:" + w.lemma_.lower() for w in sent if w.pos_ == "VERB"])
    concern_s, concern_c, sentence_verbs = of_sentence
    if concern_s:
        add("concern_s")
    if concern_c:
        add("concern_c")
    for w in doc[max(sent.start, cand.span.start - 3): cand.span.start]:
        add("L:" + w.lower_)
    for w in doc[cand.span.end: min(sent.end, cand.span.end + 2)]:
        add("R:" + w.lower_)
    if t in rule_targets:
        add("rule")
    if rule_targets:
        out.add("anyrule")
    kind = doc._.pa_procedure
    if kind:
        out.add("kind:" + kind)
        add("kind")
        if kind == t:
            add("kind=t")
    if is_item:
        add("item")
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            add("obj:" + c.lemma_.lower())
        if c.dep_ == "prep":
            out.add("vprep:" + c.lower_)
    out.update(sentence_verbs)
    if root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children):
        add("listed")
    path, x = [], root
    while x.head.i != x.i and len(path) < 4:
        path.append(x.dep_)
        x = x.head
    add("path:" + ">".join(path))
    if cand.span.start == sent.start:
        add("sent_start")
    return out, joint


EscalationModel = CandidateModel  # the name the escalation code and its tests use


def load_escalation_model(name: str = DEFAULT_MODEL) -> EscalationModel:
    """A packaged model by name, loaded once per process and again when its files change."""
    return load_packaged(name, "escalation")


def model_for_lexicon(lex) -> EscalationModel | None:
    """The model the lexicon names (``escalation.model``), or None."""
    return load_escalation_model(lex.escalation_model) if lex.escalation_model else None


def best_per_target(targets: list[str], probs) -> dict[str, tuple[float, int]]:
    """target -> (probability, index) of its best-scored candidate (the first one on a tie)."""
    best: dict[str, tuple[float, int]] = {}
    for n, (target, p) in enumerate(zip(targets, probs, strict=True)):
        if target not in best or p > best[target][0]:
            best[target] = (float(p), n)
    return best


def scored_targets(model: EscalationModel, doc: Doc, lex, rule_targets: set[str] | frozenset[str],
                   is_item: bool) -> dict[str, tuple[float, Candidate]]:
    """target -> (probability, its best-scored candidate) over every candidate of the clause; in ``union`` mode
    only of the targets the rules did not give (those are kept whatever their score: :func:`combined_targets`)."""
    cands = candidates(doc, lex)
    if model.mode == "union":
        cands = [c for c in cands if c.target not in rule_targets]
    if not cands:
        return {}
    shared: dict = {}
    if model.conjoined is not None and not any("|" in c.target for c in cands):
        probs = model.probabilities_of([_indices(model, c, lex, rule_targets, is_item, shared) for c in cands])
    else:
        probs = model.probabilities([_feature_set(c, lex, rule_targets, is_item, shared) for c in cands])
    return {t: (p, cands[n]) for t, (p, n) in best_per_target([c.target for c in cands], probs).items()}


def combined_targets(model: EscalationModel, scored: dict[str, tuple[float, Candidate]],
                     rule_targets: list[str]) -> tuple[list[str], dict[str, tuple[float, Candidate]]]:
    """(the rules' targets the combination keeps, the model's targets it adds, with probability and candidate).

    ``rules``: the rules' targets alone; ``union``: the rules' and the model's; ``learned``: the model's alone,
    a rules' target kept only when the model scores it at the threshold or has no candidate for it (a target
    the rules inferred without naming it, such as a document's own procedure).
    """
    if model.mode == "rules":
        return list(rule_targets), {}
    fires = {t: v for t, v in scored.items() if v[0] >= model.threshold}
    if model.mode == "union":
        kept = list(rule_targets)
    else:
        kept = [t for t in rule_targets if t in fires or t not in scored]
    added = {t: v for t, v in fires.items() if t not in rule_targets}
    return kept, added
