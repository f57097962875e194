"""The learned role classifier: which of the roles a clause or its context offers the clause governs.

The rules find an actor where a construction someone wrote a rule for names it: the subject of a modal, the
actor of a role phrase, a lead-in the items inherit. On pages nobody has seen the bearer of a duty is often
named elsewhere: in the lead-in of a list whose items are bare verbs ("Clerk to:"), in the title of a role
description or of terms of reference, in the clause before. This model judges every role a clause is offered:
the roles it names, the roles of its lead-in and of the clause before, the role its document is about, and
the roles the rules gave it ("you" is a mention where the document says whose it is), by what kind of offer
it is, the words around each mention, how the clause
begins, its duties, and what kind of document it is. One logistic regression over all roles, so what it learns
of a layout holds for every role (the model class: :mod:`protocol_analytics.candidate_model`).

The context of a clause is read from the rules' roles of its lead-in and of the clause before, never from
the model's, so training (on the rules' output) and tagging see the same features. A role the model adds has
as evidence the words in the clause that name it, else the words of the lead-in or title that offered it,
and its rule reads ``role_model.v1:<role>:p=0.83``. The lexicon names the model (``role_model``); a lexicon
without that key tags roles by rules alone.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc

from .candidate_model import CandidateModel, load_packaged
from .nlp.rules import governing_verb, in_brackets, in_condition, role_mentions, text_of

DEFAULT_MODEL = "role_model.v1"


@dataclass(frozen=True)
class RoleContext:
    """What a clause's document and neighbours offer it: the rules' roles and duties of the clause, of its
    lead-in and of the clause before, the document's subject and title roles."""
    rules: frozenset[str]
    duties: frozenset[str]
    lead_in_roles: frozenset[str] = frozenset()
    lead_in_mentions: frozenset[str] = frozenset()
    lead_in_text: str = ""
    previous_roles: frozenset[str] = frozenset()
    document_body: str | None = None
    title_roles: frozenset[str] = frozenset()
    is_lead_in: bool = False


def title_roles(lines: list[str], lex) -> frozenset[str]:
    """The roles a document's title lines (:func:`protocol_analytics.nlp.rules.title_lines`) name."""
    return frozenset(m.role for line in lines for m in role_mentions(line, lex))


def mention_features(doc: Doc, start: int, end: int, lex) -> set[str]:
    """The grammar around one mention of a role: dependency, governing verb and preposition, a modal or a
    negation on that verb, a condition, the words either side, whether it opens its sentence."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return set()
    root = span.root
    sent, dep, head = root.sent, root.dep_, root.head
    out = {"dep:" + dep}
    if dep == "pobj":
        out |= {"prep:" + head.lower_, "pv:" + head.head.lemma_.lower()}
    elif dep in ("dobj", "nsubj", "nsubjpass", "attr", "conj", "appos", "compound", "poss"):
        out.add("hv:" + dep + ">" + head.lemma_.lower())
    verb = governing_verb(root)
    out.add("v:" + verb.lemma_.lower())
    children = list(verb.children)
    if any(c.dep_ == "neg" for c in children):
        out.add("neg")
    if any(c.tag_ == "MD" for c in children):
        out.add("modal")
    if in_condition(root, lex):
        out.add("cond")
    out |= {"L:" + w.lower_ for w in doc[max(sent.start, span.start - 2): span.start]}
    out |= {"R:" + w.lower_ for w in doc[span.end: min(sent.end, span.end + 2)]}
    if span.start == sent.start or span.start - sent.start == 1 and doc[sent.start].lower_ in lex.leading_determiners:
        out.add("sent_start")
    path, x = [], root
    while x.head.i != x.i and len(path) < 3:
        path.append(x.dep_)
        x = x.head
    out.add("path:" + ">".join(path))
    return out


def clause_features(doc: Doc, ctx: RoleContext, is_item: bool, lex) -> set[str]:
    """What the clause is like, whatever the role: how it begins, its duties, its place in a list, its length,
    whether it speaks to the reader, and its document's kind."""
    out = set()
    if len(doc):
        out |= {"first:" + doc[0].tag_, "firstw:" + doc[0].lower_}
    out |= {"duty:" + d for d in ctx.duties} or {"noduty"}
    if is_item:
        out.add("item")
        lead = ctx.lead_in_text.rstrip()
        if lead.endswith(":"):
            out.add("lead_colon")
        if lead.endswith(("to:", " to")):
            out.add("lead_to")
    if ctx.is_lead_in:
        out.add("is_lead")
    out.add("len:" + ("s" if len(doc) < 8 else "m" if len(doc) < 25 else "l"))
    lowered = text_of(doc).lower()  # (a token's lower form is a slice of it: no token is one where no text is)
    if any(p in lowered for p in lex.reader_pronouns) and any(t.lower_ in lex.reader_pronouns for t in doc):
        out.add("you")
    if doc._.pa_procedure:
        out.add("kind:" + doc._.pa_procedure)
    return out


def candidates(doc: Doc, ctx: RoleContext, lex, is_item: bool,
               skip: frozenset[str] | set[str] = frozenset()) -> dict[str, list[str]]:
    """role -> features, for every role the clause or its context offers; each feature also conjoined with the
    role ("clerk|dep:nsubj"), and each offer with each feature of the clause ("src:lead_mentions&first:VB").

    ``skip``: roles left out (a role's features do not depend on the other roles offered)."""
    offers = _offers(doc, ctx, lex, skip)
    return {role: sorted(feats) for role, feats in _feature_sets(offers, doc, ctx, lex, is_item).items()}


def _offers(doc: Doc, ctx: RoleContext, lex, skip: frozenset[str] | set[str] = frozenset()) -> dict[str, set[str]]:
    """role -> the offers and mention features of every role the clause or its context offers (but ``skip``),
    in the order they are offered: its mentions in the text, then each source's roles in sorted order (not a
    set's, which differs between processes: it orders the roles the model adds)."""
    offers: dict[str, set[str]] = defaultdict(set)
    for m in doc._.pa_mentions or ():
        if m.role not in skip:
            offers[m.role] |= {"src:mention"} | mention_features(doc, m.start, m.end, lex)
    for source, roles in (("src:rule", ctx.rules), ("src:lead_roles", ctx.lead_in_roles),
                          ("src:lead_mentions", ctx.lead_in_mentions), ("src:previous", ctx.previous_roles),
                          ("src:title", ctx.title_roles)):
        for role in sorted(roles):
            if role not in skip:
                offers[role].add(source)
    if ctx.document_body and ctx.document_body not in skip:
        offers[ctx.document_body].add("src:body")
    return offers


def _feature_sets(offers: dict[str, set[str]], doc: Doc, ctx: RoleContext, lex, is_item: bool) -> dict[str, set[str]]:
    """role -> its features (a set), from :func:`_offers`."""
    return {role: _strings(role, parts) for role, parts in _feature_parts(offers, doc, ctx, lex, is_item).items()}


def _feature_parts(offers: dict[str, set[str]], doc: Doc, ctx: RoleContext, lex,
                   is_item: bool) -> dict[str, tuple[list[str], set[str], set[str]]]:
    """role -> what its features are made of (:func:`_strings`): its sources ("src:…", sorted), its offers'
    and mention features with the clause's, and the clause's (:func:`clause_features`)."""
    if not offers:
        return {}
    of_clause = clause_features(doc, ctx, is_item, lex)
    return {role: (sorted(f for f in found if f.startswith("src:")), found | of_clause, of_clause)
            for role, found in offers.items()}


def _strings(role: str, parts: tuple[list[str], set[str], set[str]]) -> set[str]:
    """A role's features from :func:`_feature_parts`: the role, its sources joined (also conjoined with the
    role), every feature alone and conjoined with the role, and each source conjoined with each feature of the
    clause."""
    sources, every, of_clause = parts
    joined = "+".join(sources)
    prefix = role + "|"
    feats = {"t:" + role, "srcs:" + joined, f"{prefix}srcs:{joined}"}
    feats.update(every)
    feats.update([prefix + f for f in every])
    feats.update([f"{s}&{c}" for s in sources for c in of_clause])
    return feats


def _indices(model: CandidateModel, role: str, parts: tuple[list[str], set[str], set[str]]) -> list[int]:
    """``model.indices(_strings(role, parts))``, without making the conjoined strings (the role's prefix and
    each source's conjunctions looked up by their parts: :meth:`CandidateModel.conjoined_indices`)."""
    sources, every, of_clause = parts
    joined = "+".join(sources)
    return model.conjoined_indices(("t:" + role, "srcs:" + joined, f"{role}|srcs:{joined}", *every), role, every,
                                   [(sources, of_clause)])


def combined_roles(model: CandidateModel, scored: dict[str, float], rule_roles: list[str]) -> tuple[list[str], dict]:
    """(the rules' roles the combination keeps, the model's roles it adds with their probability)."""
    if model.mode == "rules":
        return list(rule_roles), {}
    fires = {r: p for r, p in scored.items() if p >= model.threshold}
    kept = list(rule_roles) if model.mode == "union" else [r for r in rule_roles if r in fires or r not in scored]
    return kept, {r: p for r, p in fires.items() if r not in rule_roles}


def scored_roles(model: CandidateModel, doc: Doc, ctx: RoleContext, lex, is_item: bool,
                 rule_roles: list[str] | None = None) -> dict[str, float]:
    """role -> probability, for every role offered to the clause; with ``rule_roles`` (the rules' roles of the
    clause) only for those that can change what :func:`combined_roles` returns: in ``union`` mode the rules'
    roles are kept whatever their score, so they are not scored."""
    skip = frozenset(rule_roles) if rule_roles is not None and model.mode == "union" else frozenset()
    cands = _feature_parts(_offers(doc, ctx, lex, skip), doc, ctx, lex, is_item)
    if not cands:
        return {}
    if model.conjoined is not None and not any("|" in role for role in cands):
        probs = model.probabilities_of([_indices(model, role, parts) for role, parts in cands.items()])
    else:
        probs = model.probabilities([_strings(role, parts) for role, parts in cands.items()])
    return {role: float(p) for role, p in zip(cands, probs, strict=True)}


def load_role_model(name: str = DEFAULT_MODEL) -> CandidateModel:
    """A packaged model by name, loaded once per process and again when its files change."""
    return load_packaged(name, "role")


def model_for_lexicon(lex) -> CandidateModel | None:
    """The model the lexicon names (``role_model``), or None."""
    return load_role_model(lex.role_model) if lex.role_model else None


def _introducing(lead_in: Doc, lex) -> frozenset[str] | None:
    """The roles a list goes on from, of those its lead-in offers: where the lead-in's last sentence has an actor
    of its own, only the roles that sentence names ("The Chair opens the item. Anyone who speaks should:" offers
    no one); None (all of them) where it names no one or goes on with a pronoun ("Members and officers use it
    differently. Some principles hold for all:", "They will:")."""
    sentences = list(lead_in.sents)
    if len(sentences) < 2:
        return None
    last = sentences[-1]
    if any(t.lower_ in _PERSONAL_PRONOUNS for t in last):
        return None  # "The code requires them to act on these principles:"
    named = frozenset(m.role for m in lead_in._.pa_mentions or () if m.start >= last.start_char
                      and not in_brackets(text_of(lead_in), m.start))
    own_actor = named or any(t.dep_ in ("nsubj", "nsubjpass") and any(
        w.lemma_.lower() in lex.person_words for w in t.subtree) for t in last)
    return named if own_actor else None


_PERSONAL_PRONOUNS = frozenset({"they", "them", "their", "he", "him", "his", "she", "her"})


def role_contexts(rows: list[dict], docs: list[Doc], rule_roles: list[list[str]], rule_duties: list[list[str]],
                  document_body: str | None, titles: frozenset[str], lex) -> list[RoleContext]:
    """The context of each clause of one document (rows in document order, with their Docs and the rules'
    roles and duties)."""
    index = {r["clause_id"]: n for n, r in enumerate(rows)}
    introducing: dict[int, frozenset[str] | None] = {}  # lead-in -> what its list goes on from (once a lead-in)

    def offered(lead_in: int, roles) -> frozenset[str]:
        if lead_in not in introducing:
            introducing[lead_in] = _introducing(docs[lead_in], lex)
        keep = introducing[lead_in]
        return frozenset(roles) if keep is None else frozenset(roles) & keep

    out = []
    for n, row in enumerate(rows):
        parent = index.get(row.get("parent_id") or "")
        out.append(RoleContext(
            rules=frozenset(rule_roles[n]), duties=frozenset(rule_duties[n]),
            lead_in_roles=offered(parent, rule_roles[parent]) if parent is not None else frozenset(),
            lead_in_mentions=offered(parent, (m.role for m in docs[parent]._.pa_mentions or ()))
            if parent is not None else frozenset(),
            lead_in_text=rows[parent]["text"] if parent is not None else "",
            previous_roles=frozenset() if not n else offered(parent, rule_roles[n - 1]) if n - 1 == parent
            else frozenset(rule_roles[n - 1]),
            document_body=document_body, title_roles=titles, is_lead_in=bool(row.get("is_lead_in"))))
    return out
