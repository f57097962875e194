"""The learned document subject: the role a role description is about, or the body whose terms of reference a
page is, where the title rules (:func:`protocol_analytics.nlp.rules.document_subject`) find none.

A document's subject gives its lines that name no actor ("To sign the minutes", "Attend meetings of the
Council") to that role. The rules read the subject from titles written in the layouts someone wrote a rule
for; on pages nobody has seen the title is often a site's heading, a question, or missing. This model judges
each role of :data:`SUBJECT_ROLES` as the subject of a document, from the words of its opening and of the title
lines that name a kind of document (:func:`~protocol_analytics.nlp.rules.title_lines`), whether its
terms-of-reference and role-description headings are there, how many of its lines are functions ("To appoint
…"), and where and how often the role is named in those titles and in the opening; each also conjoined with
the role. One logistic regression over all roles (the model class:
:mod:`protocol_analytics.candidate_model`), trained by :mod:`protocol_analytics.subject_training` on the
coded real pages. The best role at ``p >= threshold`` is the subject; a role a line takes from it has the
model's rule beside its own as evidence (``subject_model.v1:councillor:p=0.91``). The lexicon names the model
(``subject_model``); a lexicon without that key reads subjects by the rules alone.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .candidate_model import CandidateModel, load_packaged
from .nlp.rules import document_subject, function_lines, role_mentions, title_lines
from .segment.markers import strip_marker

DEFAULT_MODEL = "subject_model.v1"
SUBJECT_ROLES = ("councillor", "chair", "clerk", "officer", "monitoring_officer", "committee",
                 "personnel_committee", "council")
OPENING_CHARS = 600  # the opening whose words are features
MENTION_CHARS = 1500  # the opening whose role mentions are counted
TERMS_CHARS = 2000  # where a terms-of-reference heading counts
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class DocumentFeatures:
    """What a document's opening says, once for all candidate roles."""
    words: frozenset[str]  # words and pairs of the lines naming its kind ("t:", "t2:"), opening words ("h:"), headings
    title_roles: tuple[str, ...]  # the roles its title lines name, in order
    opening_roles: tuple[str, ...]  # the roles its opening names, in order


@dataclass(frozen=True)
class LearnedSubject:
    """A subject the model chose, with the rule string that is its evidence."""
    role: str
    probability: float
    rule: str


def document_features(text: str, lex) -> DocumentFeatures:
    """The features of a document's titles and opening that every candidate role shares."""
    titles = title_lines(text, lex)
    head = " ".join(titles)
    title_words = _WORD.findall(head.lower())
    words = {"t:" + w for w in title_words} | {f"t2:{a}_{b}" for a, b in zip(title_words, title_words[1:])}
    words |= {"h:" + w for w in _WORD.findall(text[:OPENING_CHARS].lower())}
    words.add(f"fl:{min(len(function_lines(text, lex)), 5)}")
    if lex.terms_of_reference_titles.search(text[:TERMS_CHARS]):
        words.add("tor")
    if lex.role_description_titles.search(head):
        words.add("rdt")
    return DocumentFeatures(frozenset(words), tuple(m.role for m in role_mentions(head, lex)),
                            tuple(m.role for m in role_mentions(text[:MENTION_CHARS], lex)))


def candidate_features(role: str, doc: DocumentFeatures) -> list[str]:
    """The features of ``role`` as the document's subject: where it is named, and the document's features,
    each conjoined with the role and with where it is named (opening words only with the role)."""
    counts = Counter(doc.opening_roles)
    placed = {f"n:{min(counts[role], 4)}"}
    if role in doc.title_roles:
        placed.add("in_title")
    if doc.title_roles[:1] == (role,):
        placed.add("title_first")
    if doc.opening_roles[:1] == (role,):
        placed.add("open_first")
    if counts and counts.most_common(1)[0][0] == role:
        placed.add("most")
    feats = {f"{role}|{w}" for w in doc.words} | placed | {f"{role}&{p}" for p in placed}
    feats |= {f"{p}&{w}" for p in placed for w in doc.words if not w.startswith("h:")}
    return sorted(feats)


def scored_subjects(text: str, lex, model: CandidateModel) -> dict[str, float]:
    """The model's probability that each role of :data:`SUBJECT_ROLES` is the document's subject."""
    doc = document_features(text, lex)
    probs = model.probabilities([candidate_features(role, doc) for role in SUBJECT_ROLES])
    return {role: float(p) for role, p in zip(SUBJECT_ROLES, probs, strict=True)}


def titled_as_record(text: str, lex) -> bool:
    """Whether a title line names a meeting's record ("Staffing Committee minutes, March"; lexicon
    ``record_titles``): such a page describes no one role or body, whatever its numbered items say. A list item
    is no title ("- Chair Cabinet meetings")."""
    return any(lex.record_titles.search(line) for line in title_lines(text, lex, kind=False)
               if strip_marker(line.strip()) == line.strip())


def learned_subject(text: str, lex, model: CandidateModel) -> LearnedSubject | None:
    """The role the model judges the document's subject at ``p >= model.threshold``, or None (and None for a
    page titled as a meeting's record)."""
    if titled_as_record(text, lex):
        return None
    scores = scored_subjects(text, lex, model)
    role = max(scores, key=scores.get)
    if scores[role] < model.threshold:
        return None
    return LearnedSubject(role, scores[role], f"{model.name}:{role}:p={scores[role]:.2f}")


def resolved_subject(text: str, lex, model: CandidateModel | None) -> tuple[str | None, LearnedSubject | None]:
    """A document's subject: the rules' (:func:`~protocol_analytics.nlp.rules.document_subject`), else the
    model's where it is sure enough (returned too, as the evidence of the roles it gives), else None."""
    subject = document_subject(text, lex)
    if subject is not None or model is None or model.mode == "rules":
        return subject, None
    learned = learned_subject(text, lex, model)
    return (learned.role, learned) if learned else (None, None)


def load_subject_model(name: str = DEFAULT_MODEL) -> CandidateModel:
    """A packaged model by name, loaded once per process and again when its files change."""
    return load_packaged(name, "subject")


def model_for_lexicon(lex) -> CandidateModel | None:
    """The model the lexicon names (``subject_model``), or None."""
    return load_subject_model(lex.subject_model) if lex.subject_model else None
