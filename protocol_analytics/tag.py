"""Clause table in; labelled clause table, tags and statements out.

The spaCy components (:mod:`protocol_analytics.nlp.components`) analyse each
clause on its own; this module adds what needs the document's structure:
list items inheriting their lead-in's governing statement, and the concern a
lead-in puts in play for its items' escalation targets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from .candidate_model import CandidateModel
from .escalation_model import EscalationModel, combined_targets, model_for_lexicon, scored_targets
from .nlp import PIPE_BATCH, pipeline_lexicon
from .nlp.rules import (
    BODY_ROLES,
    COMMITTEE_BODIES,
    QUORUM_COUNTED,
    ClauseAnalysis,
    Statement,
    alias_roles,
    described_role,
    document_aliases,
    document_procedure,
    ends_sentence,
    expletive_it,
    gerund_line,
    governing_statement,
    has_concern,
    has_finite_verb,
    heading_roles,
    infinitive_line,
    infinitive_verb,
    is_handling,
    item_needs_lead_in,
    keep_text,
    opens_list,
    present_tense_line,
    present_tense_paragraph,
    quorum_body,
    role_mentions,
    starts_negated,
    subject_of,
    text_of,
    title_lines,
    titled_procedure,
)
from .role_model import combined_roles, role_contexts, scored_roles, title_roles
from .role_model import model_for_lexicon as role_model_for_lexicon
from .rules.labels import DUTY_ORDER
from .subject_model import LearnedSubject, resolved_subject
from .subject_model import model_for_lexicon as subject_model_for_lexicon
from .text import SENTENCE_BREAK, last_sentence

if TYPE_CHECKING:  # (pandas and the schemas are loaded by the DataFrame functions only: the build's workers never need them)
    import pandas as pd


@dataclass
class Evidence:
    field: str
    label: str
    text: str
    start: int
    end: int
    sentence: str
    rule: str
    inherited_from: str = ""


@dataclass
class ClauseLabels:
    evidence: list[Evidence] = field(default_factory=list)
    governing: tuple[list[str], str, str] | None = None  # roles, duty, clause id it came from
    mentioned: list[str] = field(default_factory=list)  # roles named in the clause, in order
    actors: list[str] = field(default_factory=list)  # roles of the clause's statements, else its first mention
    actors_stated: bool = False  # the actors are its statements' (not only its first mention)
    subjects: list[str] = field(default_factory=list)  # roles named as the subject of a verb, in order
    governing_also: list[str] = field(default_factory=list)  # other duties of the governing statement's cue
    handles: bool = False  # the clause (or its lead-in) gives its actor matters to deal with
    ends_in_to: bool = False  # a lead-in whose items complete an infinitive ("… is designed to help staff to:")
    remit_target: str | None = None  # a lead-in giving a body the matters its items name ("The Panel hears:")

    def labels(self, name: str) -> list[str]:
        return list(dict.fromkeys(e.label for e in self.evidence if e.field == name))

    def add(self, ev: Evidence) -> None:
        if not any(e.field == ev.field and e.label == ev.label for e in self.evidence):
            self.evidence.append(ev)


def _statement_evidence(st: Statement, out: ClauseLabels, lex_version: str) -> None:
    sentence = text_of(st.sentence)
    clause = text_of(st.sentence.doc)
    cue = clause[st.cue_start:st.cue_end] if 0 <= st.cue_start < st.cue_end <= len(clause) else st.deontic
    out.add(Evidence("duty", st.duty, cue, st.cue_start, st.cue_end, sentence, f"{lex_version}:{st.rule}"))
    for role in st.roles:
        start, end, text = st.actor_start, st.actor_end, st.actor_text or st.deontic
        if start < 0:
            start, end = st.cue_start, st.cue_end
        out.add(Evidence("role", role, text, start, end, sentence,
                         f"{lex_version}:{st.rule}+actor:{st.actor_rule or 'subject'}"))


def _own_labels(out: ClauseLabels, name: str, reserved: set[str]) -> list[str]:
    """The clause's labels of one field, without those of a say reserved over its statements."""
    return [e.label for e in out.evidence if e.field == name and e.rule.split("+")[0] not in reserved]


def _is_subject(doc, mention) -> bool:
    """Whether a role mention is the subject of a main verb ("The Monitoring Officer acts as …"), not of a relative
    or subordinate clause ("… in words the Clerk can minute")."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in ("nsubj", "nsubjpass") and span.root.head.dep_ in ("ROOT", "conj")


def reader_roles(doc) -> list[str]:
    """The roles the document's "you" stands for (its own alias: one, or a policy's addressees), or [] where "you"
    is the public."""
    return next((alias_roles(role) for role, pattern in (doc._.pa_aliases or ()) if pattern.fullmatch("you")), [])


def _relabel_duty(labels: ClauseLabels, rule_end: str, label: str, why: str) -> None:
    """The obligations a rule ending ``rule_end`` gave the clause become ``label``, the rule noting ``why``."""
    for i, e in enumerate(labels.evidence):
        if e.field == "duty" and e.label == "obligation" and e.rule.endswith(rule_end):
            labels.evidence[i] = replace(e, label=label, rule=f"{e.rule}+{why}")


def _delegated_powers(labels: ClauseLabels, heading: str, lex) -> None:
    """A line of a body's terms under a heading over its delegated powers ("Matters Delegated for Decision" over
    "To appoint Directors"): a permission, as "has delegated authority to" is, not an obligation."""
    if heading and lex.delegated_heading.search(heading):
        _relabel_duty(labels, ":terms_of_reference", "permission", "delegated_heading")


def _prohibiting_heading(labels: ClauseLabels, heading: str, text: str, lex) -> None:
    """An instruction under a heading over what not to do ("Don't do this" over "Launch new projects during the
    period"): a prohibition, as under a "Do not:" lead-in, not an obligation; not a line of several sentences nor
    one that says what to do instead ("If in doubt, ask the Clerk")."""
    if heading and lex.prohibiting_heading.fullmatch(heading.strip()) and not \
            lex.prohibiting_heading_exempt.match(text.strip()) and len(SENTENCE_BREAK.split(text.strip())) == 1:
        _relabel_duty(labels, ":cue:imperative", "prohibition", "prohibiting_heading")


_DOCUMENT_SUBJECT_RULES = ("document_subject_line", "terms_of_reference", "duties_lead_in", "+actor:document_role",
                           "+actor:document_subject", "+actor:pronoun_document_subject")


def _learned_subject_evidence(labels: ClauseLabels, learned: LearnedSubject) -> None:
    """The model's rule beside a rule's that gave a line the document's subject, where the model chose it."""
    for ev in labels.evidence:
        if ev.field == "role" and ev.label == learned.role and ev.rule.endswith(_DOCUMENT_SUBJECT_RULES):
            ev.rule = f"{ev.rule};{learned.rule}"


def _heading_holders(labels: ClauseLabels, body: str, heading: str, lex) -> None:
    """A line a role description gives its own role, under a heading naming whose lines follow ("For Scrutiny
    Chairs and Leads"): the heading's roles hold it too."""
    given = [e for e in labels.evidence if e.field == "role" and e.label == body and e.rule.endswith(_DOCUMENT_SUBJECT_RULES)]
    holders = heading_roles(heading, lex) if given else []
    for role in holders:
        labels.add(Evidence("role", role, heading, -1, -1, "", f"{lex.version}:section_heading_roles"))  # (not in the clause)


def _opening_it(st: Statement, doc) -> bool:
    """Whether a statement's actor is an 'it' that opens the clause's first sentence (nothing named before it in
    the sentence) as the subject of an active verb, not an empty 'it' ("It is important that …")."""
    if st.actor_text.strip().lower() != "it":
        return False
    it = next((t for t in doc if t.idx == st.actor_start), None)
    if it is None or it.dep_ != "nsubj" or expletive_it(it):
        return False
    sent = doc[0].sent
    return sent.start <= it.i < sent.end and not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in doc[sent.start:it.i])


def _requests_reader(sentence, lex) -> bool:
    """Whether a sentence asks its reader ("Please contact …", lexicon ``reader_requests``): nobody's function."""
    return any(t.lower_ in lex.reader_requests for t in sentence)


def _bodys_own_line(doc, document_body: str | None, parent: ClauseLabels | None, section: str, lex) -> bool:
    """A line of a committee's terms that states its own function: not an item of a list (whose lead-in may reserve
    its matters to others), under no heading or one over its functions (not "Reserved matters", "Membership"), not a
    membership line ("Including …")."""
    return document_body in COMMITTEE_BODIES and parent is None and len(doc) > 0 \
        and doc[0].lower_ not in lex.non_duty_gerunds \
        and (not section or lex.function_headings.match(section.strip()) is not None)


def label_clause(analysis: ClauseAnalysis, doc, parent: ClauseLabels | None, parent_id: str | None,
                 context_concern: bool, lex, previous: ClauseLabels | None = None,
                 document_body: str | None = None, lead_in: str = "", remit_before: bool = False,
                 section: str = "") -> ClauseLabels:
    """Roles, duties and escalation targets of one clause, with evidence; items inherit from their lead-in.

    ``previous``: the clause before, whose actor a pronoun opening this clause refers to ("Their job is …").
    ``document_body``: the role whose lines the document's infinitive lines are (:func:`document_subject`).
    ``lead_in``: the text of the lead-in of a list item ("" for other clauses).
    ``remit_before``: an earlier clause of the document names a concern or a staffing body's matter (what its later
    lines may refer back to: "To decide whether the matter can be settled informally").
    ``section``: the heading the clause sits under.
    """
    out = ClauseLabels()
    lex_version = lex.version
    readers = reader_roles(doc)
    inherits = parent is not None and parent.governing is not None
    # an item that goes on from a verbless lead-in ("The Committee:" / "will report to the Council")
    continues_lead_in = parent is not None and parent.governing is None and len(doc) > 0 and doc[0].tag_ in (
        "VBZ", "VBP", "MD")
    quorums = {s.start: quorum_body(s, lex, document_body) for s in doc.sents}
    # what the lead-in's last sentence opens: aims, examples (in a role description "Other tasks could include:"
    # lists the office's duties), or a modal its items complete
    lead_last = last_sentence(lead_in)
    aims = lex.aim_words.search(lead_last) is not None
    examples = bool(lead_in) and document_body not in lex.office_roles and lex.example_lead_in.search(lead_last) is not None
    modal_lead = bool(lead_in) and lex.modal_lead_in.search(lead_last) is not None
    # a say reserved over another statement ("unless the Chair decides otherwise") comes last: the clause's
    # own statements keep their evidence, and its own line still speaks (below)
    for st in sorted(analysis.statements, key=lambda s: s.qualifies):
        if st.kind == "imperative" and examples and not inherits:
            continue  # "Unreasonable behaviour may include:" + "Refuse to give a reason": an example, no instruction
        if st.kind == "imperative" and not inherits and parent is not None and parent.ends_in_to \
                and document_body in lex.office_roles:
            # "In addition to the duties of all members, to:" in a role description: its items are the office's
            st.roles, st.actor_rule = [document_body], "document_subject"
        elif st.kind == "imperative" and inherits and st.duty == "prohibition" and parent.governing[1] == "obligation" \
                and not starts_negated(doc, lex):
            # "You will:" + "Promote equality and do not discriminate": the item's own "do not" is the lead-in
            # actor's prohibition beside the duty it inherits
            st.roles, st.actor_rule = list(parent.governing[0]), "lead_in"
        elif st.kind == "imperative" and (inherits or parent is not None and (parent.ends_in_to or modal_lead)):
            # the item's verb belongs to its lead-in ("Councillors should not:", "… help employees to:", "A
            # complainant may:")
            continue
        if inherits and st.kind == "actor_infinitive" and parent.governing[1] == "expectation":
            continue  # "can expect: officers to …" is an expectation only
        if not st.roles and st.actor_rule == "pronoun" and parent is not None and parent.mentioned:
            st.roles, st.actor_rule = [parent.mentioned[-1]], "pronoun_lead_in"  # "they" in an item of "When officers …:"
        elif not st.roles and st.actor_rule == "pronoun" and previous is not None and previous.actors \
                and previous.actors_stated:
            st.roles, st.actor_rule = list(previous.actors), "pronoun_previous_clause"
        elif not st.roles and st.actor_rule == "pronoun" and document_body and opens_list(text_of(doc)):
            # "At each meeting they will:" opening a list in a role description whose clause before bears no
            # duty: its subject
            st.roles, st.actor_rule = [document_body], "pronoun_document_subject"
        elif not st.roles and st.actor_rule == "pronoun" and previous is not None and previous.subjects:
            # "… copy of the constitution. The Monitoring Officer acts as its guardian." + "He or she is responsible
            # for …": the subject of the clause before, not the first role it names in passing
            st.roles, st.actor_rule = previous.subjects[-1:], "pronoun_previous_subject"
        elif not st.roles and st.actor_rule == "pronoun" and previous is not None and previous.actors \
                and not document_body:
            st.roles, st.actor_rule = list(previous.actors), "pronoun_previous_clause"
        elif not st.roles and document_body in BODY_ROLES and _opening_it(st, doc) and (
                previous is None or not previous.subjects or previous.subjects[-1] in BODY_ROLES):
            # "It is also responsible for:" opening a clause of a committee's terms: the committee, or the body the
            # clause before was about (not after "The Clerk will prepare a plan.": "It should cover …" is the plan)
            body = previous.subjects[-1:] if previous is not None and previous.subjects else [document_body]
            st.roles, st.actor_rule = body, "pronoun_document_subject"
        elif not st.roles and document_body and (st.actor_rule == "document_role" or lex.document_role_actors.match(
                st.actor_text.strip())):
            st.roles, st.actor_rule = [document_body], "document_role"  # "The postholder will …" in a role description
        elif not st.roles and not st.has_own_subject and continues_lead_in and parent.mentioned:
            st.roles, st.actor_rule = [parent.mentioned[-1]], "lead_in_subject"  # "The Committee:" + "has no powers"
        elif not st.roles and st.kind == "imperative" and parent is not None and parent.actors_stated:
            # "Members and officers will use it differently. Some principles hold for all:" + "Be open: …": the
            # instructions are for whoever the lead-in's statements name
            st.roles, st.actor_rule = list(parent.actors), "lead_in_actors"
        elif not st.roles and st.kind == "imperative" and parent is None and document_body in BODY_ROLES \
                and not _requests_reader(st.sentence, lex):
            # "Review the staff training plan;" as a line of a committee's terms of reference: the committee's
            # function, as "To review …" is
            st.roles, st.actor_rule = [document_body], "document_subject"
        elif not st.roles and st.kind == "imperative" and readers and (parent is None or not parent.mentioned):
            # an instruction in a document that says whose "you" it is, alone or in a list under a lead-in that
            # names no one ("When writing e-mails:"): the reader's (ANNOTATION.md section 3)
            st.roles, st.actor_rule = list(readers), "reader"
        if st.actor_rule == "pronoun_mention" and document_body in lex.office_roles and document_body not in st.roles \
                and opens_list(text_of(doc)):
            # "… for the Clerk to act on. At every meeting they will:" in a description of the Chair's role: the
            # list is the Chair's, not the role last named in passing
            st.roles, st.actor_rule = [document_body], "pronoun_document_subject"
        quorum = quorums.get(st.sentence.start)
        if quorum is not None and st.actor_rule != "passive_agent" and \
                set(st.roles) <= QUORUM_COUNTED | ({"chair"} if quorum.role == document_body else set()):
            # a quorum or membership rule is the body's, not its members' or (in its own terms) its chair's
            # (ANNOTATION.md section 3)
            st.roles, st.actor_rule = [quorum.role], "quorum"
            st.actor_text, st.actor_start, st.actor_end = quorum.text, quorum.start, quorum.end
        _statement_evidence(st, out, lex_version)
    stated_in = {st.sentence.start for st in analysis.statements}
    for sentence in doc.sents:
        quorum = quorums[sentence.start] if sentence.start not in stated_in else None
        if quorum is not None:  # "The quorum is five members.": a rule on the body without a modal
            for name, label in (("duty", "obligation"), ("role", quorum.role)):
                out.add(Evidence(name, label, quorum.text, quorum.start, quorum.end, text_of(sentence),
                                 f"{lex_version}:quorum"))
    out.mentioned = [m.role for m in analysis.mentions]
    out.subjects = [m.role for m in analysis.mentions if _is_subject(doc, m)]
    text = text_of(doc)
    out.ends_in_to = bool(re.search(r"\bto\s*:?\s*$", text))
    stated = list(dict.fromkeys(r for st in analysis.statements if not st.qualifies for r in st.roles))
    reserved = {f"{lex_version}:{st.rule}" for st in analysis.statements if st.qualifies}
    out.actors, out.actors_stated = stated or out.mentioned[:1], bool(stated)
    own_gov = governing_statement(analysis, lex)
    if parent is not None and parent.governing is not None:
        roles, duty, origin = parent.governing
        needs = item_needs_lead_in(doc, analysis)
        if duty == "expectation":
            out.add(Evidence("duty", "expectation", "", -1, -1, "", f"{lex_version}:inherit.expectation", origin))
            if needs or not out.labels("role"):
                for role in roles:
                    out.add(Evidence("role", role, "", -1, -1, "", f"{lex_version}:inherit.expectation", origin))
        elif needs:
            inherited = duty
            if starts_negated(doc, lex) and duty == "obligation":
                inherited = "prohibition"
            out.add(Evidence("duty", inherited, "", -1, -1, "", f"{lex_version}:inherit.lead_in", origin))
            for also in parent.governing_also:  # "may only make recommendations on:" a permission and a prohibition
                out.add(Evidence("duty", also, "", -1, -1, "", f"{lex_version}:inherit.lead_in", origin))
            for role in roles:
                out.add(Evidence("role", role, "", -1, -1, "", f"{lex_version}:inherit.lead_in", origin))
            if roles and not out.actors_stated:
                # the item's actors are its lead-in's: "They must:" after the list goes on with them
                out.actors, out.actors_stated = list(roles), True
    if own_gov is not None:
        # "… are reserved to the Council, and the Committee may only recommend on them:" its items are both
        # bodies' matters: every party to the governing sentence's statements; not the agent of a passive beside it
        # ("The Mayor is chosen each May by the Council and will take on these tasks:")
        joint = [r for st in analysis.statements if st.sentence.start == own_gov.sentence.start
                 and st.duty != "expectation" and st.actor_rule != "passive_agent" for r in st.roles]
        governed = list(dict.fromkeys(list(own_gov.roles) + joint))
        if not governed and out.actors_stated and (lex.impersonal_list_subject.match(text_of(own_gov.sentence))
                                                   or _owned_output(own_gov, lex)):
            # "Staff must use the system responsibly. The following are not permitted:", "The Council will keep
            # residents informed. All methods of communication should:": what the list forbids or requires is of
            # whoever the lead-in's other statements bind
            governed = list(out.actors)
        out.governing = (governed, own_gov.duty, "")
        out.governing_also = sorted({st.duty for st in analysis.statements if st is not own_gov and st.cue_start ==
                                     own_gov.cue_start and st.duty not in (own_gov.duty, "expectation")})
    elif parent is not None and parent.governing is not None and not ends_sentence(text_of(doc), lex):
        out.governing, out.governing_also = parent.governing, parent.governing_also
    lead = lex.duties_lead_in.fullmatch(text.strip()) if document_body and out.governing is None \
        and not out.labels("role") else None
    if lead is not None:
        # "Typical duties include:" in a role description or terms of reference: the duties of what the document describes
        for name, label in (("duty", "obligation"), ("role", document_body)):
            out.add(Evidence(name, label, lead.group(0), lead.start(), lead.end(), text, f"{lex_version}:duties_lead_in"))
        out.governing = ([document_body], "obligation", "")
    for hit in analysis.escalations:
        if hit.remit_of_items:
            out.remit_target = hit.target
            continue
        if hit.needs_concern and not (analysis.concern or context_concern):
            continue
        out.add(Evidence("escalation_target", hit.target, hit.text, hit.start, hit.end, text_of(hit.sentence), hit.rule))
    remitted = lex.concern.search(text) or lex.committee_matters.search(text) \
        if parent is not None and parent.remit_target else None
    if remitted is not None:
        # an item of "The Grievance Panel considers and decides:" naming a concern ("grievances the Clerk could not settle")
        sentence = _sentence_at(doc, remitted.start()) or text
        out.add(Evidence("escalation_target", parent.remit_target, remitted.group(0), remitted.start(), remitted.end(),
                         sentence, f"{lex_version}:escalation.remit_item"))
    m = lex.terms_of_reference_lines.search(text) if document_body and not _own_labels(out, "role", reserved) \
        and not aims else None
    verb = infinitive_verb(doc)
    if m is not None and (doc[0].lower_ != "to" or verb is not None):
        # a terms of reference's own lines: "To appoint staff", "To be elected annually", "A quorum will be three"
        duty = "prohibition" if re.match(r"(?:[^,;:]*, )?not ", m.group(0), re.I) else "obligation"
        for name, label in (("duty", duty), ("role", document_body)):
            out.add(Evidence(name, label, m.group(0), m.start(), m.end(), text_of(next(iter(doc.sents))),
                             f"{lex_version}:terms_of_reference"))
        if out.governing is None and opens_list(text):
            out.governing = ([document_body], duty, "")  # "To hear appeals against:" governs its items
    line = infinitive_line(doc) if m is None and not _own_labels(out, "duty", reserved) and not aims else None
    if line is not None:
        # a line that is only an infinitive ("To uphold the Constitution.", "Not to speak for the council") is a
        # duty of whoever the list or document is about, named or not; not an aim ("The objectives are: to …")
        duty = "prohibition" if doc[0].lower_ == "not" else "obligation"
        out.add(Evidence("duty", duty, line.text, line.start_char, line.end_char, line.sent.text,
                         f"{lex_version}:infinitive_line"))
    # a role profile's line that is only a gerund phrase ("Chairing the board's meetings."): a duty of the office
    # the document describes; a body's terms' own line too (_bodys_own_line)
    gerund = gerund_line(doc) if (document_body in lex.office_roles or _bodys_own_line(doc, document_body, parent,
                                                                                      section, lex)) \
        and line is None and m is None and not inherits and not out.labels("duty") and not aims else None
    if gerund is not None:
        out.add(Evidence("duty", "obligation", gerund.text, gerund.start_char, gerund.end_char, gerund.sent.text,
                         f"{lex_version}:gerund_line"))
    if document_body and not out.labels("role") and out.labels("duty") and len(doc) and doc[0].tag_ != "TO" \
            and item_needs_lead_in(doc, analysis) and not _requests_reader(next(iter(doc.sents)), lex):
        # a line of a role description that starts with its verb ("Has the authority at meetings and must …")
        out.add(Evidence("role", document_body, doc[0].text, 0, len(doc[0].text), text_of(next(iter(doc.sents))),
                         f"{lex_version}:document_subject_line"))
    # "To hear appeals …" of a terms of reference, or an item of a committee's lead-in ("… are:" / "To deal with …")
    body_handles = (m is not None or inherits and infinitive_line(doc) is not None) and verb is not None \
        and is_handling(verb, lex, body=True)  # ("To hear appeals", "To reach decisions on discipline")
    # a statement handling matters counts for the committee only when it is the committee's (or names no one)
    out.handles = body_handles or any(handles_matters(st, lex) and (not st.roles or "personnel_committee" in st.roles)
                                      for st in analysis.statements) or (
        inherits and parent.handles and item_needs_lead_in(doc, analysis))
    matters = lex.concern.search(text) or lex.committee_matters.search(text) or (
        lex.committee_matters_referred.search(text) if document_body == "personnel_committee" and remit_before
        else None)
    # a staffing body's terms listing the matters it takes ("Grievances and discipline of senior staff")
    matters_line = document_body == "personnel_committee" and parent is None and not analysis.statements \
        and _names_matters_only(doc)
    if matters and (out.handles and "personnel_committee" in out.labels("role") or matters_line):
        # terms of reference giving the committee grievances, discipline or complaints (ANNOTATION.md section 4)
        sentence = _sentence_at(doc, matters.start())
        out.add(Evidence("escalation_target", "personnel_committee", matters.group(0), matters.start(), matters.end(),
                         sentence, f"{lex_version}:escalation.committee_remit"))
    staffing_body = "personnel_committee" in (document_body, *out.labels("role"))
    own_remit = lex.delegation.search(text) if staffing_body else None
    if own_remit is not None:
        # a staffing body's own line, by its terms or by its lead-in ("The Personnel Panel's functions are:" then
        # "to act as the last appeal body for: …"): the committee's remit, named or not
        out.add(Evidence("escalation_target", "personnel_committee", own_remit.group(0), own_remit.start(),
                         own_remit.end(), _sentence_at(doc, own_remit.start()),
                         f"{lex_version}:escalation.delegation_own_terms"))
        if opens_list(text):
            out.remit_target = "personnel_committee"
    return out


def _owned_output(st: Statement, lex) -> bool:
    """A modal whose subject is what someone issues or does, named without its owner ("All methods of
    communication should:", "Responses must:")."""
    subj = subject_of(st.verb) if st.kind == "modal" and st.verb is not None else None
    if subj is None:
        return False
    nouns = [subj] + [o for p in subj.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                      if o.dep_ == "pobj"]
    return any(n.lemma_.lower() in lex.issued_nouns or n.lemma_.lower() in lex.conduct_nouns for n in nouns)


def _sentence_at(doc, char: int) -> str:
    """The text of the sentence of ``doc`` that holds character ``char`` ("" if none does)."""
    return next((text_of(s) for s in doc.sents if s.start_char <= char < s.end_char), "")


_MATTERS_LINE_TOKENS = 30  # a line of terms of reference, not a paragraph


def _names_matters_only(doc) -> bool:
    """A short line with no finite verb and no infinitive near its start: a list of matters, not a sentence."""
    return len(doc) <= _MATTERS_LINE_TOKENS and not any(t.lower_ == "to" for t in doc[:3]) \
        and not has_finite_verb(doc)


def apply_escalation_model(labels: ClauseLabels, model: EscalationModel, doc, lex, is_item: bool) -> None:
    """Combine the rules' escalation targets of one clause with the learned model's, in place: targets the
    model rejects lose their rows, targets it adds get rows whose evidence is the words that name them."""
    rule_targets = labels.labels("escalation_target")
    scored = scored_targets(model, doc, lex, set(rule_targets), is_item)
    kept, added = combined_targets(model, scored, rule_targets)
    labels.evidence = [e for e in labels.evidence if e.field != "escalation_target" or e.label in kept]
    for target, (p, cand) in added.items():
        span = cand.span
        labels.add(Evidence("escalation_target", target, text_of(span), span.start_char, span.end_char, text_of(span.sent),
                            f"{model.name}:{target}:p={p:.2f}"))


def apply_role_model(labelled: list[ClauseLabels], rows: list[dict], docs: list, model: CandidateModel, lex,
                     body: str | None, text: str) -> None:
    """Combine the rules' roles of one document's clauses with the learned model's, in place: roles the model
    rejects lose their rows; a role it adds has as evidence the words of the clause that name it, else the
    lead-in, clause before or title that offered it."""
    rule_roles = [labels.labels("role") for labels in labelled]
    lines = title_lines(text, lex)
    evidence_lines = lines + title_lines(text, lex, kind=False)  # where a role offered by the document is named
    contexts = role_contexts(rows, docs, rule_roles, [labels.labels("duty") for labels in labelled], body,
                             title_roles(lines, lex), lex)
    by_id = {row["clause_id"]: labels for row, labels in zip(rows, labelled, strict=True)}
    for n, (labels, row, doc, ctx) in enumerate(zip(labelled, rows, docs, contexts, strict=True)):
        is_item = bool(row.get("lead_in"))
        lead_in = by_id.get(row.get("parent_id") or "")
        if only_describes(is_item, labels.labels("role"), labels.labels("duty"),
                          lead_in.labels("duty") if lead_in else [], doc, lex):
            continue
        kept, added = combined_roles(model, scored_roles(model, doc, ctx, lex, is_item, rule_roles[n]), rule_roles[n])
        labels.evidence = [e for e in labels.evidence if e.field != "role" or e.label in kept]
        for role, p in added.items():
            rule = f"{model.name}:{role}:p={p:.2f}"
            mention = next((m for m in doc._.pa_mentions or () if m.role == role), None)
            if mention is not None:
                span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
                labels.add(Evidence("role", role, mention.text, mention.start, mention.end,
                                    text_of(span.sent) if span is not None else "", rule))
            elif role in ctx.lead_in_roles | ctx.lead_in_mentions:
                labels.add(Evidence("role", role, ctx.lead_in_text, -1, -1, "", rule + ":lead_in", row["parent_id"]))
            elif role in ctx.previous_roles:
                labels.add(Evidence("role", role, rows[n - 1]["text"], -1, -1, "", rule + ":previous",
                                    rows[n - 1]["clause_id"]))
            else:  # the title line that names the role
                named = next((line for line in evidence_lines if any(m.role == role for m in role_mentions(line, lex))), "")
                labels.add(Evidence("role", role, named, -1, -1, "", rule + ":document"))


def only_describes(is_item: bool, roles, duties, lead_in_duties, doc, lex) -> bool:
    """A clause that the rules give no role and no duty and that only describes, in the present tense, what someone
    does or is made of: a list item under a lead-in that states no duty to hand down ("The Committee:" over
    "considers complaints about councillors"), or a paragraph in the simple present ("The committee publishes a
    report every year."). The scheme's description, with no duty and so no role (ANNOTATION.md sections 2 and 3),
    which the role model must not give one (it is not asked, in training or in tagging)."""
    if roles or duties:
        return False
    if is_item:
        return not lead_in_duties and present_tense_line(doc, lex) is not None
    return present_tense_paragraph(doc, lex)


def ownerless_infinitive_duties(labelled: list[ClauseLabels], rows: list[dict]) -> None:
    """Drop, in place, the duty of a paragraph that is only an infinitive ("To publish the council's news …")
    where neither the rules nor the role model give it anyone to act: a policy's aim or principle, or an agenda's
    item, not anyone's duty (a role profile's or a body's lines have their office or body; a list's items go
    with their lead-in)."""
    for labels, row in zip(labelled, rows, strict=True):
        if not row.get("lead_in") and not labels.labels("role"):
            labels.evidence = [e for e in labels.evidence if e.field != "duty" or not e.rule.endswith(":infinitive_line")]


def uncued_role_duties(labelled: list[ClauseLabels], rows: list[dict], lex) -> None:
    """Give a duty to each clause that has a role and no duty, in place (the scheme codes no role without one):
    its lead-in's duty when the lead-in states one other than an expectation, else ``lex.uncued_role_duty``,
    with the role's words as evidence."""
    if lex.uncued_role_duty is None:
        return
    by_id: dict[str, ClauseLabels] = {}
    for row, labels in zip(rows, labelled, strict=True):
        by_id[row["clause_id"]] = labels
        role = next((e for e in labels.evidence if e.field == "role"), None)
        if role is None or labels.labels("duty"):
            continue
        parent = by_id.get(row["parent_id"]) if row["parent_id"] else None
        inherited = [d for d in (parent.labels("duty") if parent else []) if d != "expectation"]
        if inherited:
            labels.add(Evidence("duty", min(inherited, key=DUTY_ORDER.index), "", -1, -1, "",
                                f"{lex.version}:uncued_role:inherit_lead_in", row["parent_id"]))
        else:
            labels.add(Evidence("duty", lex.uncued_role_duty, role.text, role.start, role.end, role.sentence,
                                f"{lex.version}:uncued_role:{role.label}", role.inherited_from))


def handles_matters(st: Statement, lex) -> bool:
    """A statement that gives its actor matters to deal with ("to hear grievances", "has the authority to deal
    with", "has delegated authority")."""
    if st.cue_id in lex.remit_cues and st.duty != "prohibition":
        return True
    if st.duty not in ("obligation", "permission"):
        return False
    doc = st.sentence.doc
    start = doc[0].idx + st.cue_start if len(doc) else 0
    near = [t for t in st.sentence if start <= t.idx <= start + len(st.deontic) + 30]
    # a verb joined by "and" counts only when it shares the statement's subject ("… and the employee will receive")
    verbs = near + ([st.verb] + [c for c in st.verb.children if c.dep_ == "xcomp" or c.dep_ == "conj" and not any(
        g.dep_ in ("nsubj", "nsubjpass") for g in c.children)] if st.verb else [])
    return any(v.pos_ in ("VERB", "AUX") and is_handling(v, lex) for v in verbs)


def _aim_and_object(st: Statement) -> tuple[str, str]:
    verb = st.verb
    if verb is None:
        return "", ""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr", "xcomp", "ccomp", "prep", "acomp")]
    obj = ""
    if objects:
        o = objects[0]
        obj = text_of(verb.doc[o.left_edge.i: o.right_edge.i + 1])
    particles = " ".join(c.text for c in verb.children if c.dep_ == "prt")
    aim = " ".join(x for x in (verb.text, particles) if x)
    return aim, obj[:200]


@lru_cache(maxsize=4096)
def _evidence_pattern(words: tuple[str, ...]) -> re.Pattern:
    """The words of a piece of evidence as a whitespace-insensitive pattern of whole words (:func:`_doc_offset`),
    made once for each evidence text (the same few are found in many clauses)."""
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words))


def _doc_offset(raw: str, clause_start: int, clause_end: int, evidence: str, clause_text: str = "",
                span_start: int = -1) -> int:
    """Where the evidence text sits in the document's extracted text (whitespace-insensitive, whole words):
    the same occurrence as at ``span_start`` in the clause's text (the n-th, when it occurs earlier too)."""
    words = evidence.split()
    if not words:
        return -1
    pattern = _evidence_pattern(tuple(words[:8]))
    nth = len(pattern.findall(clause_text[:span_start])) if clause_text and span_start > 0 else 0
    for k, m in enumerate(pattern.finditer(raw[clause_start:clause_end + 1])):
        if k == nth:
            return clause_start + m.start()
    return -1


def clause_docs(clauses: pd.DataFrame | list[dict], nlp, text: str = "") -> list:
    """Unprocessed Docs of one document's clauses (its clause table, or that table's rows), each carrying the
    document's own actor aliases (``doc._.pa_aliases``), ready for ``nlp.pipe`` together with other
    documents' clauses."""
    if isinstance(clauses, list):
        rows = clauses
    else:  # a clause table (the schemas, and so pandas, are loaded only then)
        from . import schemas

        rows = schemas.records(clauses)
    lex = pipeline_lexicon(nlp)
    texts = [r["text"] for r in rows]
    council = rows[0].get("council", "") if rows else ""
    aliases = tuple(document_aliases(text or " ".join(texts), lex, council))
    procedure = document_procedure(text, lex)
    docs = [keep_text(nlp.make_doc(t), t) for t in texts]
    for doc in docs:
        doc._.pa_aliases = aliases
        doc._.pa_procedure = procedure
    return docs


@dataclass
class TaggedRows:
    """One document's tagged clauses as rows (dicts with the tables' columns): what :func:`tag_document`
    returns as DataFrames, without the cost of small DataFrames (the build keeps them as columns)."""
    clauses: list[dict]
    tags: list[dict]  # roles, duties and escalation targets
    topic_tags: list[dict]
    statements: list[dict]


def tag_document(clauses: pd.DataFrame, nlp=None, taxonomy: str | None = None, text: str = "", docs=None,
                 topic_model="taxonomy", escalation_model="lexicon", role_model="lexicon", subject_model="lexicon"):
    """Fill roles, duties, escalation_targets and topics of one document's clauses.

    ``topic_model``: the learned topic model (:func:`protocol_analytics.topics.assign_topics`); by default the
    one the taxonomy names, None for the taxonomy's patterns alone. ``escalation_model``: the learned
    escalation-target model (:mod:`protocol_analytics.escalation_model`); by default the one the lexicon names,
    None for the rules alone. ``role_model``: the learned role model (:mod:`protocol_analytics.role_model`),
    and ``subject_model``: the learned document subject (:mod:`protocol_analytics.subject_model`), likewise.

    ``docs``: the clauses already run through ``nlp`` (one Doc per row, from :func:`clause_docs`), when a
    caller batches several documents through the pipeline at once. Returns (clauses, tags, statements);
    the input frame is not modified. :func:`tag_rows` does the same on rows.
    """
    import pandas as pd

    from . import schemas

    if clauses.empty:
        return clauses.copy(), schemas.empty("tags"), schemas.empty("statements")
    tagged = tag_rows(schemas.records(clauses), nlp, taxonomy, text, docs, topic_model, escalation_model, role_model,
                      subject_model)
    out_clauses = clauses.copy()
    for column in ("roles", "duties", "escalation_targets", "topics"):
        out_clauses[column] = [r[column] for r in tagged.clauses]
    tags = pd.DataFrame(tagged.tags, columns=list(schemas.TAGS.columns))
    if tagged.topic_tags:
        tags = pd.concat([tags, pd.DataFrame(tagged.topic_tags, columns=list(schemas.TAGS.columns))],
                         ignore_index=True)
    statements = pd.DataFrame(tagged.statements, columns=list(schemas.STATEMENTS.columns))
    return out_clauses, tags, statements


def tag_rows(rows: list[dict], nlp=None, taxonomy: str | None = None, text: str = "", docs=None,
             topic_model="taxonomy", escalation_model="lexicon", role_model="lexicon",
             subject_model="lexicon") -> TaggedRows:
    """:func:`tag_document` on one document's clause rows (dicts with the clause table's columns, at least
    one); the rows are not modified."""
    from .nlp import default_nlp
    from .topics import topic_rows

    if docs is None:
        nlp = nlp or default_nlp()
    lex = pipeline_lexicon(nlp)
    if escalation_model == "lexicon":
        escalation_model = model_for_lexicon(lex)
    if role_model == "lexicon":
        role_model = role_model_for_lexicon(lex)
    if subject_model == "lexicon":
        subject_model = subject_model_for_lexicon(lex)
    if docs is None:
        docs = list(nlp.pipe(clause_docs(rows, nlp, text), batch_size=PIPE_BATCH))
    by_id: dict[str, ClauseLabels] = {}
    text_by_id = {r["clause_id"]: r["text"] for r in rows}
    parent_of = {r["clause_id"]: r["parent_id"] for r in rows}
    tags, statement_rows, out_rows = [], [], []
    # a grievance, disciplinary or complaints procedure is about concerns throughout
    document_concern = has_concern(" ".join(title_lines(text, lex)), lex) or bool(docs and docs[0]._.pa_procedure)
    body, learned = resolved_subject(text, lex, subject_model)
    described = described_role(text, lex)  # the role a role description is about (its topics)
    previous: ClauseLabels | None = None
    remit_before = False  # a clause so far named a concern or a staffing body's matter
    labelled: list[tuple[ClauseAnalysis, ClauseLabels]] = []
    concern_of: dict[str, bool] = {}  # clause id -> whether its text speaks of a concern (read once a clause)
    for row, doc in zip(rows, docs):
        analysis = ClauseAnalysis(doc._.pa_mentions or [], doc._.pa_statements or [], doc._.pa_escalations or [],
                                  has_concern(text_of(doc), lex))
        chain, pid = [], row["parent_id"]
        while pid and pid in text_by_id and len(chain) < 6:
            chain.append(pid)
            pid = parent_of.get(pid)
        context_concern = document_concern or any(
            concern_of[p] if p in concern_of else has_concern(text_by_id[p], lex) for p in chain)
        concern_of[row["clause_id"]] = analysis.concern
        parent = by_id.get(row["parent_id"]) if row["parent_id"] else None
        labels = label_clause(analysis, doc, parent, row["parent_id"], context_concern, lex, previous, body,
                              text_by_id.get(row["parent_id"], "") if row["parent_id"] else "", remit_before,
                              row.get("section_title") or "")
        if body in lex.office_roles:
            _heading_holders(labels, body, row.get("section_title") or "", lex)
        elif body:
            _delegated_powers(labels, row.get("section_title") or "", lex)
        _prohibiting_heading(labels, row.get("section_title") or "", row["text"], lex)
        if escalation_model is not None and escalation_model.mode != "rules":
            apply_escalation_model(labels, escalation_model, doc, lex, bool(row.get("lead_in")))
        by_id[row["clause_id"]] = labels
        previous = labels
        if body == "personnel_committee" and not remit_before:  # (only a staffing body's terms refer back so)
            remit_before = analysis.concern or lex.committee_matters.search(row["text"]) is not None
        labelled.append((analysis, labels))
    if role_model is not None and role_model.mode != "rules":  # (a model shipped in rules mode adds nothing)
        apply_role_model([labels for _, labels in labelled], rows, docs, role_model, lex, body, text)
    # (after the model: the rules give no role without a duty, so the model reads the duties it was trained on)
    ownerless_infinitive_duties([labels for _, labels in labelled], rows)
    uncued_role_duties([labels for _, labels in labelled], rows, lex)
    for row, (analysis, labels) in zip(rows, labelled):
        if learned is not None:
            _learned_subject_evidence(labels, learned)
        targets = labels.labels("escalation_target")
        out_rows.append({**row, "roles": labels.labels("role"),
                         "duties": sorted(labels.labels("duty"), key=DUTY_ORDER.index), "escalation_targets": targets})
        for ev in labels.evidence:
            inherited = ev.rule.split(":")[-1].startswith("inherit")
            origin = ev.inherited_from or (row["parent_id"] if inherited else "")
            tags.append({
                "doc_id": row["doc_id"], "council": row["council"], "clause_id": row["clause_id"], "field": ev.field,
                "label": ev.label, "evidence": ev.text or (text_by_id.get(origin, "") if inherited else ""),
                "span_start": ev.start, "span_end": ev.end,
                "doc_char_start": _doc_offset(text, row["char_start"], row["char_end"], ev.text, row["text"], ev.start)
                if text and ev.start >= 0 else -1,
                "sentence": ev.sentence, "rule": ev.rule, "inherited_from": origin or "",
            })
        for n, st in enumerate(analysis.statements, start=1):
            aim, obj = _aim_and_object(st)
            sent = text_of(st.sentence)
            or_else = [h.target for h in analysis.escalations if h.sentence.start == st.sentence.start
                       and h.target in targets]
            statement_rows.append({
                "doc_id": row["doc_id"], "council": row["council"], "clause_id": row["clause_id"],
                "statement_id": f"{row['clause_id']}#{n}", "sentence": sent, "attribute": st.actor_text,
                "role": ";".join(st.roles), "deontic": st.deontic, "duty": st.duty, "aim": aim, "object": obj,
                "condition": st.condition, "or_else": "; ".join(dict.fromkeys(or_else)), "passive": bool(st.passive),
            })
    topics, topic_tags = topic_rows(out_rows, docs, taxonomy=taxonomy, tags=tags, model=topic_model,
                                    subject=described, procedure=titled_procedure(text, lex))
    for row, labels in zip(out_rows, topics):
        row["topics"] = labels
    return TaggedRows(out_rows, tags, topic_tags, statement_rows)
