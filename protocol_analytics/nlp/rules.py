"""The tagging decisions as plain functions over spaCy ``Doc``/``Span``/``Token``.

A clause is analysed sentence by sentence:

- :func:`role_mentions` finds actor names (lexicon ``roles``);
- :func:`statements_of_sentence` finds deontic cues (modals, predicates such as
  "is required to", "it is not the role of X to", expectations) and, for each,
  the actor it governs (the syntactic subject, a relative clause's antecedent,
  a resolved pronoun, a passive's agent, or the actor of an "If …" condition);
- :func:`escalation_hits` finds where a concern goes.

A lead-in's governing statement (:func:`governing_statement`) is what its list items inherit; the
inheritance itself, which needs the document's structure, is :func:`protocol_analytics.tag.label_clause`.
Every result carries its evidence span and the id of the rule that produced it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache, wraps
from itertools import islice, takewhile

from spacy.tokens import Doc, Span, Token

from ..rules.lexicon import Lexicon
from ..rules.literals import fold
from ..segment.lines import classify_lines, split_lines
from ..segment.markers import strip_marker
from ..text import SENTENCE_BREAK, last_sentence
from .prefilter import cues_to_try, matches_in, roles_to_try

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}


@dataclass
class Mention:
    role: str
    start: int  # character offsets in the clause text
    end: int
    text: str
    rule: str
    also: tuple[str, ...] = ()  # the other roles of an alias for several people ("you": councillors and staff)


@dataclass
class Statement:
    sentence: Span
    cue_id: str
    duty: str
    deontic: str  # the cue as written
    cue_start: int
    cue_end: int
    roles: list[str] = field(default_factory=list)
    actor_text: str = ""
    actor_start: int = -1
    actor_end: int = -1
    actor_rule: str = ""
    verb: Token | None = None
    passive: bool = False
    condition: str = ""
    has_own_subject: bool = False
    kind: str = ""  # the cue's kind (lexicon cues), "modal" or "imperative"
    qualifies: bool = False  # reserves a say over another statement; the clause's own line still speaks

    @property
    def rule(self) -> str:
        return f"cue:{self.cue_id}"


@dataclass
class EscalationHit:
    target: str
    start: int
    end: int
    text: str
    rule: str
    sentence: Span
    needs_concern: bool = True
    remit_of_items: bool = False  # "The Grievance Panel considers and decides:": the target of the items that
    # name concerns, not of the lead-in, whose only concern word is the body's name


@dataclass
class ClauseAnalysis:
    mentions: list[Mention]
    statements: list[Statement]
    escalations: list[EscalationHit]
    concern: bool


# ------------------------------------------------------------------ role mentions


_DEFINITION = re.compile(
    r"(?P<term>\b[\w'’ -]{2,40}?)\s*\(\s*(?:the\s+|hereafter\s+|together\s+)?['‘\"“](?:the\s+)?(?P<alias>[A-Z][\w'’ -]{1,40}?)['’\"”]\s*\)")
_DEFINITION_OPENING = re.compile(r"\(\s*(?:the\s+|hereafter\s+|together\s+)?['‘\"“]")  # in every definition: a fast test


def document_aliases(text: str, lex: Lexicon, council: str = "") -> list[tuple[str, re.Pattern]]:
    """Aliases a document defines for an actor: "staff ('Officers')", "the Town Clerk (the 'Proper Officer')".

    >>> from protocol_analytics.rules.lexicon import load_lexicon
    >>> [(role, bool(p.search("The Team will reply."))) for role, p in
    ...  document_aliases("Our employees (the 'Team') reply to letters.", load_lexicon())]
    [('officer', True)]
    """
    out, seen = [], set()
    for m in _DEFINITION.finditer(text) if _DEFINITION_OPENING.search(text) else ():
        found = role_mentions(m.group("term"), lex, ())
        if not found:
            continue
        alias = re.escape(m.group("alias").strip())
        if (found[-1].role, alias) not in seen:
            seen.add((found[-1].role, alias))
            out.append((found[-1].role, re.compile(rf"(?<![\w-])(?:{alias}|{alias}s)(?![\w-])")))
    for role, alias in _acronym_aliases(text, lex):
        if (role, alias) not in seen:
            seen.add((role, alias))
            out.append((role, re.compile(rf"(?<![\w-]){re.escape(alias)}(?![\w-])")))
    staff = _about_staff_matters(text, lex)
    out += _body_aliases(text, lex, staff, _unnamed_staffing_terms(text, lex))
    out += _council_aliases(council)
    out += local_clerk_aliases(council, lex) or local_clerk_aliases(_local_council_named(text, lex), lex)
    if lex.community_council.search(council) or len(lex.community_council.findall(text)) >= _SELF_MENTIONS:
        # "the Secretary" of a community council is one of its members
        out.append(("councillor", lex.community_council_office_bearers))
    if lex.service_body.search(text):  # a fire and rescue service's page: "the Service will reply"
        out.append(("council", lex.service_self_reference))
    if staff:  # a staff procedure speaks to its employees: "you may raise a grievance"
        out.append(("officer", re.compile(r"(?<![\w-])you(?![\w-])", re.I)))
        out.append(("officer", lex.staff_procedure_parties))  # and names them as its parties: "the complainant"
    elif (addressee := _title_addressee(text, lex)) is not None:
        # "Members' Planning Code", "Code of Conduct for Employees": "you must declare …" is theirs
        out.append((addressee, re.compile(r"(?<![\w-])you(?![\w-])", re.I)))
    elif (reader := _reader_named(text, lex)) is not None:  # "… which you have accepted as a member"
        out.append((reader, re.compile(r"(?<![\w-])you(?![\w-])", re.I)))
    elif addressees := policy_addressees(text, lex):
        # a policy whose scope names whom it is for ("applies to councillors and employees"): its "you", "users" and
        # "everyone" are those people, all of them (ANNOTATION.md section 2: a document's own definitions)
        out.append((ADDRESSEES_JOINER.join(addressees), lex.addressee_words))
    if (speaker := _first_person_role(text, lex)) is not None:
        # a code written as the member's own commitments ("As a councillor: I treat others with respect"):
        # its "I" is that member, and its "you" too unless the document speaks to staff
        out.append((speaker, re.compile(r"(?<![\w'’-])I(?![\w'’-])")))
        if not staff and speaker != "officer":
            out.append((speaker, re.compile(r"(?<![\w-])you(?![\w-])", re.I)))
    return out


_FIRST_PERSON_LEAD_IN = re.compile(r"^[ \t]*(?:[\w.()]{1,6}[ \t]+)?as an? (?P<role>[\w' -]{2,30}?)\s*[:,–-]?[ \t]*$"
                                   r"\s+(?:[\w.()]{1,4}[ \t]+)?I\b", re.I | re.M)


ADDRESSEES_JOINER = "+"  # joins the roles of one alias that stands for several people ("councillor+officer")
_ADDRESSEES_CHARS = 1500  # a policy states its scope near its top


def policy_addressees(text: str, lex: Lexicon) -> list[str]:
    """The people a policy's scope says it is for ("This policy applies to all councillors and employees",
    "… the use of e-mail by members and staff"), in the order named; [] where its top names none.

    >>> from protocol_analytics.rules.lexicon import load_lexicon
    >>> policy_addressees("Scope\\nThis policy applies to all councillors and employees of the council.", load_lexicon())
    ['councillor', 'officer']
    """
    head = " ".join(title_lines(text, lex, kind=False))
    for m in lex.policy_addressees.finditer(text[:_ADDRESSEES_CHARS]) if not lex.concern.search(head) else ():
        found = role_mentions(m.group("who"), lex)
        # the scope must open on the people ("all councillors and staff"), not on what they do ("complaints about
        # councillors": a complaints page's "you" is whoever complains; "the procedure for dealing with …")
        if found and not set(m.group("who")[:found[0].start].lower().split()) - lex.addressee_prefixes:
            return list(dict.fromkeys(x.role for x in found if x.role in lex.addressee_roles))
    return []


def alias_roles(role: str) -> list[str]:
    """The roles an alias stands for: one, or several joined ("councillor+officer")."""
    return role.split(ADDRESSEES_JOINER)


def expand_addressees(statements: list[Statement], mentions: list[Mention]) -> None:
    """A statement whose actor is an alias for several people ("you", defined as councillors and employees) holds
    for all of them: the mention's other roles are added after its own, in the alias's order."""
    groups = [m for m in mentions if m.also]
    for st in statements if groups else ():
        for m in groups:
            if m.role in st.roles and st.actor_start <= m.start < st.actor_end:
                st.roles = list(dict.fromkeys([*st.roles, m.role, *m.also]))


def _first_person_role(text: str, lex: Lexicon) -> str | None:
    """The role of a code's speaker where a lead-in names it and its lines speak as "I" ("As a Member:" then
    "I register any gift …"), or None."""
    m = _FIRST_PERSON_LEAD_IN.search(text) if "I " in text else None
    roles = {x.role for x in role_mentions(m.group("role"), lex)} if m else set()
    return roles.pop() if len(roles) == 1 else None


def _title_addressee(text: str, lex: Lexicon) -> str | None:
    """The one role a document's title names, councillors or the council's staff, where it names no other role and
    no concern (a code or guidance for members or for employees, not a procedure for complaints about them): its
    "you" is that role; else None."""
    head = " ".join(strip_marker(ln) for ln in _opening_lines(text)[:8]  # "7. Appendix C - Guidance for Councillors"
                    if len(ln) <= 120 and not _NOT_A_TITLE.search(strip_marker(ln)))
    # the council's own name over the page ("Ashcombe District Council") names no addressee
    roles = {m.role for m in role_mentions(head, lex)} - {"council"}
    if roles == {"officer"} and lex.title_not_readers.search(head):
        return None  # "Staff Recruitment Procedure": about staff, for whoever applies
    if len(lex.complainant_address.findall(text[:_COMPLAINANT_CHARS])) >= _COMPLAINANT_MENTIONS:
        return None  # "Councillor conduct" over "Your complaint must be about …": for whoever complains
    return roles.pop() if len(roles) == 1 and roles <= lex.title_addressee_roles and not lex.concern.search(head) else None


_READER_NAMED_CHARS = 3000
_COMPLAINANT_CHARS = 2000  # the opening in which a page that speaks to complainants says so …
_COMPLAINANT_MENTIONS = 2  # … this often


def _reader_named(text: str, lex: Lexicon) -> str | None:
    """The one role the document names its reader by ("you … as a member", "As a councillor, you"), or None; not in
    a document that opens on a concern (a complaints page's "you" is whoever complains)."""
    head = " ".join(title_lines(text, lex, kind=False))
    m = lex.reader_named.search(text[:_READER_NAMED_CHARS]) if not lex.concern.search(head) else None
    roles = {x.role for x in role_mentions(m.group("role") or m.group("role2"), lex)} - {"council"} if m else set()
    return roles.pop() if len(roles) == 1 else None


_COUNCIL_KIND = re.compile(r"\s+(?:parish|town|community|village|neighbourhood|city|district|borough|county|"
                           r"metropolitan borough|county borough|london borough)?\s*council$", re.I)


_ACRONYM = re.compile(r"(?P<term>\b[A-Z][\w'’-]*(?:\s+(?:(?:of|and|the|for|&)\s+)?[A-Z][\w'’-]*){1,6})\s*"
                      r"\(\s*(?:the\s+)?(?P<alias>[A-Z][A-Za-z]{1,6})\s*\)")
_ACRONYM_SKIPPED = frozenset({"of", "and", "the", "for", "&"})


def _acronym_aliases(text: str, lex: Lexicon) -> list[tuple[str, str]]:
    """Abbreviations a document defines for an actor by its initials: "Ashdown Parish Council (APC)", "the
    Responsible Financial Officer (RFO)". Not an abbreviation of other words ("Human Resources Committee (HR)")."""
    out = []
    for m in _ACRONYM.finditer(text) if "(" in text else ():
        alias = m.group("alias")
        letters = [c for c in alias if c.isupper()]
        words = [w for w in m.group("term").split() if w.lower() not in _ACRONYM_SKIPPED]
        if len(letters) < 2 or len(words) < len(letters) or \
                [w[0] for w in words[-len(letters):]] != letters:
            continue
        found = role_mentions(m.group("term"), lex, ())
        if found and found[-1].end == len(m.group("term")):
            out.append((found[-1].role, alias))
    return out


def _council_aliases(council: str) -> list[tuple[str, re.Pattern]]:
    """The council's own name, and its name without "Parish Council", stand for the council as a body
    ("Ashcombe Parish Council is committed to …", "Ashcombe believes …")."""
    name = council.strip()
    if not name or not _COUNCIL_KIND.search(name):
        return []
    short = _COUNCIL_KIND.sub("", name).strip()
    names = [re.escape(name)] + ([re.escape(short)] if len(short) >= 4 else [])
    return [("council", re.compile(rf"(?<![\w-])(?:{'|'.join(names)})(?![\w-])"))]


def local_clerk_aliases(council: str, lex: Lexicon) -> list[tuple[str, re.Pattern]]:
    """In a local council ("Ashcombe Town Council") its Chief Executive or head of paid service is the Clerk
    (not "the Chief Executive of Ashcombe District Council", another council's officer)."""
    words = council.strip().lower().split()
    if len(words) >= 2 and words[-1] == "council" and words[-2] in lex.local_council_kinds:
        return [("clerk", lex.local_council_clerk)]
    return []


def _local_council_named(text: str, lex: Lexicon) -> str:
    """The one local council a page names by name ("Ashcombe Parish Council employs …") when it names no principal
    council (no "… District Council"): the page is that council's own, whatever its file is called; "" otherwise."""
    if lex.named_principal_council.search(text):  # (not "a district or unitary council" in general)
        return ""
    named = set(lex.named_local_council.findall(text))
    return named.pop() if len(named) == 1 else ""


def local_clerk_named(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """``text[start:end]`` ends with a local council's chief officer title ("… to the Chief Executive"), which
    names its Clerk, and no other council follows it ("… of Ashcombe District Council")."""
    return any(m.end() == end for m in lex.local_council_clerk.finditer(text, start, end)) and \
        not lex.other_council_after.match(text, end)


def _unnamed_staffing_terms(text: str, lex: Lexicon, chars: int = 600) -> bool:
    """Terms of reference that never name their committee and give it staff matters (an excerpt that lost the
    page's title: "Approved … terms of reference", "The functions of this committee are: … to hear
    disciplinary appeals"; the sub-committees it names are not it)."""
    lines = _unmarked_lines(text)
    if lex.terms_of_reference_titles.search(text[:chars]) and not _names_a_committee(text, lex) and (
            lex.unnamed_committee_functions.search(text) and lex.committee_matters.search(text)
            or _staffing_functions(_function_lines(lines, lex), lex)):
        return True
    # an excerpt that lost its title and opens with a run of function lines
    opening = _function_lines(lines[:_FUNCTION_LINES + 1], lex)
    return len(opening) >= _FUNCTION_LINES and opening[0] == lines[0] and _staffing_functions(opening, lex)


_FUNCTION_LINES = 3  # "To agree …" lines opening an excerpt before they count as a body's functions


def _names_a_committee(text: str, lex: Lexicon) -> bool:
    """Whether a text names a committee or panel by its title ("Staffing Committee"); the sub-committees a
    committee's terms delegate to ("the Grievance Sub Committee") are not it."""
    return any(not re.search(r"\bsub[- ]?$", m.group(1).strip(), re.I) and not m.group(2).lower().startswith("sub")
               for m in lex.named_body.finditer(text))


def _unmarked_lines(text: str) -> list[str]:
    """A document's non-empty lines without their list markers."""
    return [strip_marker(ln.strip()) for ln in text.splitlines() if ln.strip()]


def _function_lines(lines: list[str], lex: Lexicon) -> list[str]:
    """A body's function lines among lines without their markers ("To agree the staff pay award")."""
    return [ln for ln in lines if lex.terms_of_reference_lines.match(ln) and not ln.lower().startswith("quor")]


def function_lines(text: str, lex: Lexicon) -> list[str]:
    """A document's function lines, without their list markers ("To agree the staff pay award")."""
    return _function_lines(_unmarked_lines(text), lex)


def _staffing_functions(functions: list[str], lex: Lexicon) -> bool:
    """Two or more function lines, most of them about staff ("To set the pay award for employees")."""
    return len(functions) >= 2 and sum(bool(lex.staffing_functions.search(ln)) for ln in functions) * 2 > len(functions)


def _body_aliases(text: str, lex: Lexicon, staff: bool = False,
                  unnamed_staffing: bool = False) -> list[tuple[str, re.Pattern]]:
    """"the Panel" for the one kind of panel a document names ("the Personnel Panel … sit on the Panel").

    Only the personnel committee is resolved this way, and only when every body the document names with
    that word is a personnel committee (a document naming a Standards Committee too keeps "the Committee"
    ambiguous).
    """
    kinds: dict[str, set[str]] = {}
    for head, role in _named_bodies(text, lex):
        kinds.setdefault(head, set()).add(role)
    for head in ("panel", "hearing panel") if staff else ():
        if head not in kinds:
            kinds[head] = {"personnel_committee"}  # a grievance or disciplinary hearing's panel, named no other way
    if unnamed_staffing or terms_of_reference_body(text, lex) == "personnel_committee":
        kinds["committee"] = {"personnel_committee"}  # a personnel committee's terms: "the Committee" is it
    # "the Committee", or "Committee" alone opening a sentence ("5.1 Committee may decide …")
    modifiers = "|".join(sorted(lex.self_reference_modifiers))
    return [("personnel_committee", re.compile(rf"(?:(?<![\w-])(?:the|this|that) (?:(?:{modifiers}) )?|^|(?<=[.;:] )){_head_name(head)}(?![\w-])(?!\s+members?\b)",
                                               re.I))
            for head, roles in sorted(kinds.items()) if roles == {"personnel_committee"}]


def _head_name(head: str) -> str:
    """A body's head word as a pattern ("sub-committee" also as "Sub Committee" and "Subcommittee")."""
    return re.escape(head).replace(r"sub\-committee", r"sub[- ]?committee")


def _named_bodies(text: str, lex: Lexicon) -> list[tuple[str, str]]:
    """(head word, role) of every body the text names with more than a determiner ("the Personnel Panel" →
    ("panel", "personnel_committee"); a body whose name is no one role → "other"; "The Committee" and "this
    Standing Committee" name none)."""
    out = []
    for m in lex.named_body.finditer(text):
        words = lex.determiners.sub("", m.group(1)).split()
        if all(w.lower() in lex.self_reference_modifiers for w in words):  # ("The Sub Committee" names none either)
            continue
        roles = {x.role for x in role_mentions(m.group(0), lex, ()) if x.end == len(m.group(0))}
        head = "sub-committee" if words[-1].lower() == "sub" else m.group(2).lower().replace("subcommittee", "sub-committee")
        out.append((head, roles.pop() if len(roles) == 1 else "other"))  # ("Appeals Sub Committee": a sub-committee)
    return out


def _about_staff_matters(text: str, lex: Lexicon) -> bool:
    """A document about employees' grievances or discipline, not about complaints under the Code; or a guide to
    bullying at work written to employees."""
    counts = procedure_mentions(text, lex)
    staff = sum(n for target, n in counts.items() if target != "monitoring_officer")
    if staff >= lex.procedure_mentions_needed and not counts.get("monitoring_officer"):
        return True
    # a guide to bullying at work written to employees
    at_least, topic, staff_words, councillors = lex.staff_guidance
    return len(topic.findall(text)) >= at_least and len(staff_words.findall(text)) >= at_least \
        and not councillors.search(text)


def role_mentions(text: str, lex: Lexicon, aliases: tuple = ()) -> list[Mention]:
    """Actor names in ``text``, longest first, without overlaps (a document's own aliases included).

    >>> from protocol_analytics.rules.lexicon import load_lexicon
    >>> [(m.role, m.text) for m in role_mentions("The Town Clerk and members of staff", load_lexicon())]
    [('clerk', 'Town Clerk'), ('officer', 'members of staff')]
    """
    found = []
    for role, pattern in roles_to_try(lex, text):  # (the roles text may match: nlp/prefilter.py)
        for m in matches_in(pattern, text):
            found.append(Mention(role, m.start(), m.end(), m.group(0), f"{lex.version}:roles.{role}"))
    for role, pattern in aliases:
        first, *also = alias_roles(role)
        for m in pattern.finditer(text):
            found.append(Mention(first, m.start(), m.end(), m.group(0), f"definition:{role}", tuple(also)))
    found.sort(key=lambda m: (-(m.end - m.start), m.start, not m.rule.startswith("definition")))
    chosen: list[Mention] = []
    for m in found:
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def mentions_in(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    return [m for m in mentions if m.start >= start and m.end <= end]


def mention_at(mentions: list[Mention], token: Token) -> Mention | None:
    for m in mentions:
        if m.start <= token.idx < m.end:
            return m
    return None


# ------------------------------------------------------------------ syntax helpers


_TEXT = "pa_text"  # the key of a Doc's text in its user_data


def text_of(item: Doc | Span) -> str:
    """The text of a Doc or Span, the same as ``item.text``: spaCy joins every token's text again on each
    ``.text``, so the Doc's text is joined once, kept in ``doc.user_data`` and sliced for its spans.

    >>> from spacy.lang.en import English
    >>> doc = English()("The Clerk will reply.")
    >>> text_of(doc), text_of(doc[1:3])
    ('The Clerk will reply.', 'Clerk will')
    """
    doc = item if isinstance(item, Doc) else item.doc
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text if item is doc else text[item.start_char:item.end_char]


def keep_text(doc: Doc, text: str) -> Doc:
    """``doc``, made of ``text`` by the tokenizer (whose Docs always hold their text as it was), with the text kept
    for :func:`text_of`: joined from the tokens, it took 10 % of the role mentions' time."""
    doc.user_data[_TEXT] = text
    return doc


def subject_of(verb: Token, passive_conjunct: bool = False) -> Token | None:
    """The subject of a verb, climbing conjunctions and open complements.

    A passive verb co-ordinated with an active one does not take its subject ("Members have rights and
    should be treated equally") unless ``passive_conjunct`` ("… and are entitled to decline").
    """
    seen = 0
    while verb is not None and seen < 6:
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
        if verb.dep_ == "conj" and not passive_conjunct and is_passive(verb) and not is_passive(verb.head):
            return None
        if verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
            if verb.dep_ == "conj" and _bare_participle_clause(verb.head):
                # "reviews every complaint received and may consult …": the participle describes the object, and
                # the verb joined to it is the sentence's own
                verb = verb.head.head
            else:
                verb = verb.head
            seen += 1
            continue
        if verb.dep_ == "ccomp" and _reduced_relative(verb.head) and any(c.tag_ == "MD" for c in verb.children) \
                and not is_passive(verb):  # ("Members appointed to the panel will be trained by …": the agent's)
            # "Members appointed to the cabinet can take …", parsed as "Members appointed" + a clause: the
            # participle's noun is the subject
            verb = verb.head
            seen += 1
            continue
        if seen and verb.dep_ == "prep" and verb.pos_ == "ADP" and verb.head.i != verb.i:
            # a verb the parser co-ordinated with a preposition's phrase ("sits as and when necessary and has
            # the following duties"): the preposition's verb's subject
            verb = verb.head
            seen += 1
            continue
        return None
    return None


def _content_commitment(subj: Token, verb: Token, lex: Lexicon) -> bool:
    """What something the council issues will contain ("The response will include:", "Your acknowledgement will
    give the name of the officer"): a commitment, not a prediction."""
    return subj.lemma_.lower() in lex.content_holders and verb.lemma_.lower() in lex.content_verbs


def _reduced_relative(verb: Token) -> bool:
    """A past participle the parser made the sentence's verb ("Members appointed to the cabinet" + "can take …"):
    no auxiliary or object of its own, a subject before it and a prepositional phrase after it."""
    return verb.dep_ == "ROOT" and verb.tag_ in ("VBD", "VBN") and not any(
        c.dep_ in ("aux", "auxpass", "dobj", "neg") for c in verb.children) and any(
        c.dep_ == "nsubj" and c.i == verb.i - 1 for c in verb.children) and any(
        c.dep_ == "prep" and c.i == verb.i + 1 for c in verb.children)


def _bare_participle_clause(verb: Token) -> bool:
    """A past participle the parser made a clause of its own ("every complaint received" as "complaint" +
    "received"): no auxiliary, hung as a complement on a verb before it, its "subject" a quantified noun."""
    if verb.tag_ not in ("VBN", "VBD") or verb.dep_ != "ccomp" or verb.head.i > verb.i or \
            any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subj is not None and subj.i == verb.i - 1 and any(
        c.dep_ == "det" and c.lower_ in ("every", "each", "any", "all") for c in subj.children)


def conjuncts(token: Token) -> list[Token]:
    """A noun and the nouns co-ordinated with it ("Members and Officers")."""
    out, stack = [], [token]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ in ("conj", "appos"))
    return sorted(out, key=lambda t: t.i)


def governing_verb(token: Token) -> Token:
    """The verb a token hangs on (the token itself when it is one), climbing at most six heads."""
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
            break
        token = token.head
    return token


def in_condition(token: Token, lex: Lexicon) -> bool:
    """True when the token sits inside an 'If …' / 'Where …' / 'When …' clause."""
    t = token
    while t.head.i != t.i:
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in lex.condition_marks for c in t.children):
            return True
        if t.dep_ == "advcl" and t.i > 0 and t.doc[t.left_edge.i].lower_ in lex.condition_marks:
            return True
        t = t.head
    return False


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or verb.tag_ == "VBN" and any(
        c.lemma_ == "be" and c.dep_ in ("aux", "auxpass") for c in verb.children)


_OF_ANOTHER = re.compile(r"\s+(?:of|to)\s+(?:the\s+)?(?:[\w&'’-]+\s+){0,5}", re.I)  # "… of the Planning …"
_POSSESSOR = re.compile(r"['’]s?\s+(?:[\w-]+\s+){0,2}")  # the gap after a possessor ("'s ", "'s senior ")
_NEGATIONS = ("not", "never", "n't", "n’t")  # the apostrophe typed either way


def is_negated(anchor: Token, verb: Token, lex: Lexicon, before: str = "") -> bool:
    """Whether the statement at ``anchor`` is negated; ``before``: its sentence's text before the anchor."""
    if before and lex.never_phrases.search(before):
        return True  # "At no time will a member of staff lose out"
    if any((c.dep_ == "neg" or c.lower_ in _NEGATIONS) and not _bounds_a_number(c, lex) for c in verb.children):
        return True
    nxt = anchor.nbor(1) if anchor.i + 1 < len(anchor.doc) else None
    if nxt is not None and nxt.lower_ in _NEGATIONS and not _bounds_a_number(nxt, lex):
        return True
    after = text_of(anchor.doc)[anchor.idx + len(anchor.text): verb.idx] if verb.i > anchor.i else ""
    if after and lex.never_phrases.search(after):
        return True  # "The Clerk will on no account disclose …"
    subj = subject_of(verb)
    if subj is not None and (subj.lower_ in ("nobody", "none", "neither") or subj.lower_ == "one" and any(
            c.lower_ == "no" for c in subj.children) or any(c.lower_ in ("no", "neither") and c.dep_ in ("det", "preconj") for c in subj.children)):
        return True
    # "There shall be no filming": what there must be is nothing
    return verb.lemma_ == "be" and any(c.dep_ == "expl" for c in verb.children) and any(
        c.dep_ in ("attr", "dobj", "nsubj") and any(d.lower_ == "no" and d.dep_ == "det" for d in c.children)
        for c in verb.children)




def _bounds_a_number(negation: Token, lex: Lexicon) -> bool:
    """A "not" that bounds a number ("shall be not less than three", "not more than ten"), not one that denies."""
    return lex.quantity_bounds.match(text_of(negation.doc), negation.idx + len(negation.text) + 1) is not None


def condition_span(sentence: Span, lex: Lexicon) -> tuple[str, list[Token]]:
    """The text of the sentence's condition clauses ("If …", "Where …") and their subjects."""
    texts, subjects = [], []
    for tok in sentence:
        if tok.dep_ in ("advcl", "conj") and (
                any(c.dep_ == "mark" and c.lower_ in lex.actor_condition_marks for c in tok.children)
                or (tok.dep_ == "advcl" and tok.doc[tok.left_edge.i].lower_ in lex.actor_condition_marks)):
            if tok.dep_ == "conj" and tok.head.dep_ != "advcl":
                continue
            span = tok.doc[tok.left_edge.i: tok.right_edge.i + 1]
            texts.append(text_of(span))
            subj = subject_of(tok)
            if subj is not None:
                subjects.append(subj)
    return " … ".join(texts), subjects


# ------------------------------------------------------------------ actor resolution


_BODIES = {"council", "committee", "personnel_committee", "political_group"}
_ISSUER_LINKS = ("poss", "pobj", "prep", "agent", "acl", "pcomp", "compound")


def expletive_it(it: Token) -> bool:
    """"It may take several weeks to arrange …", "it is clear that …": an 'it' that stands for nothing."""
    head = it.head
    return head.lemma_ in ("be", "take", "seem", "appear", "remain", "become") and any(
        c.dep_ in ("xcomp", "ccomp", "advcl") for c in head.children)


def _other_antecedent(before: Span, mentions: list[Mention]) -> bool:
    """The sentence before names a thing 'it' could stand for ("commissioned a report. It will …")."""
    last = list(before.sents)[-1] if len(before) else None
    if last is None:
        return False
    return any(t.dep_ in ("dobj", "attr") and t.pos_ in ("NOUN", "PROPN") and mention_at(mentions, t) is None
               and not any(a.dep_ in ("relcl", "acl", "advcl") for a in t.ancestors)  # "… who have taken no part"
               for t in last)


_OF_LINK = re.compile(r"\s+of\s+(?:the\s+)?", re.I)


class ActorResolver:
    """Maps a subject token to role ids: names, relative pronouns, pronouns, 'neither party'."""

    def __init__(self, doc: Doc, mentions: list[Mention], lex: Lexicon, fallback: list[str]):
        self.doc = doc
        self.mentions = mentions
        self.lex = lex
        self.fallback = fallback
        self.subject_mentions: list[tuple[int, Mention]] = []
        for tok in doc:
            if tok.dep_ in SUBJECT_DEPS:
                for t in conjuncts(tok):
                    m = mention_at(mentions, t)
                    if m is not None:
                        self.subject_mentions.append((t.i, m))
        # "Leaflets from the Council …": their issuer, which a following "It must:" stands for
        self.issued_subjects = [(t.i, m) for t in doc if t.dep_ in SUBJECT_DEPS and mention_at(mentions, t) is None
                                and (m := self._issuer(t)) is not None]

    def _issuer(self, noun: Token) -> Mention | None:
        """Who issues ``noun`` ("Leaflets from the Council", "the Council's posts", "a newsletter issued
        on behalf of the council"), or None."""
        if noun.lemma_.lower() not in self.lex.issued_nouns:
            return None
        for tok in noun.subtree:
            m = mention_at(self.mentions, tok) if tok.i != noun.i else None
            if m is None:
                continue
            path = [a for a in [tok, *tok.ancestors] if a.i != noun.i and noun in a.ancestors]
            if all(a.dep_ in _ISSUER_LINKS for a in path) and all(
                    a.lower_ in self.lex.issuer_prepositions for a in path if a.dep_ == "prep"):
                return m
        return None

    _OF_NAME = re.compile(r"\s+(?:to|of) (?:the\s+)?")
    _ALTERNATIVE_AFTER = re.compile(r"\s*(?:\([^()]{0,120}\)\s*)?,?\s*\(?\s*(?:or|and|and/or)\s+(?:the\s+)?")

    def _alternatives_across_brackets(self, end: int, verb: Token) -> list[Mention]:
        """Roles co-ordinated with a subject across brackets the parser cut the co-ordination at ("The Clerk (or
        Chair) will …", "the Clerk (except where …) or the Chair (if …), will …"), up to the verb."""
        found = []
        for m in sorted(self.mentions, key=lambda m: m.start):
            if m.start < end or m.end > verb.idx:
                continue
            gap = text_of(self.doc)[end:m.start]
            if self._ALTERNATIVE_AFTER.fullmatch(gap):
                found.append(m)
                end = m.end
                continue
            if gap.count("(") > gap.count(")"):
                continue  # a role named inside the brackets ("(unless it concerns the Clerk)")
            if self._OF_NAME.fullmatch(gap):
                end = m.end  # the rest of the subject's name ("the Clerk to the Council (or Chair)")
                continue
            break
        return found

    def _named_with_of(self, token: Token) -> Mention | None:
        """The body a proper name with "of" in it names ("The Vale of Ashby Community Council", parsed as "Vale"
        with "of … Council" after it): the mention its "of" phrase ends in, where every word up to it is a name's."""
        if not token.text[:1].isupper():
            return None
        of = next((p for p in token.children if p.dep_ == "prep" and p.lower_ == "of"), None)
        obj = next((o for o in of.children if o.dep_ == "pobj"), None) if of is not None else None
        m = mention_at(self.mentions, obj) if obj is not None else None
        if m is None:
            return None
        # the place's own name between "of" and the body ("of Ashby Community Council"; not "Meeting of Parish
        # Council", "Committee of the Council")
        place = [x for x in self.doc[of.i + 1:obj.i + 1] if x.idx + len(x.text) <= m.start]
        ok = place and all(x.text[:1].isupper() for x in place) and all(
            x.text[:1].isupper() or x.lower_ in ("of", "and", "&") for x in self.doc[token.i:of.i])
        return m if ok else None

    def roles_of(self, subject: Token | None, verb: Token | None = None) -> tuple[list[str], str, int, int, str]:
        """(roles, actor text, start, end, rule) for a subject token."""
        if subject is None:
            return [], "", -1, -1, ""
        if subject.lower_ in self.lex.relative_pronouns and verb is not None and verb.dep_ == "relcl":
            return self.roles_of(verb.head)
        if subject.lower_ in self.lex.relative_pronouns and subject.head.dep_ == "relcl":
            return self.roles_of(subject.head.head)
        if subject.lower_ in ("it", "he", "she") and verb is not None and verb.lemma_ == "be":
            named = next((mention_at(self.mentions, c) for c in verb.children if c.dep_ == "attr"
                          and mention_at(self.mentions, c) is not None), None)
            if named is not None:  # "… the proper officer …, it shall be the Clerk": the one it names
                return [named.role], named.text, named.start, named.end, "attribute"
        if subject.dep_ == "expl" and verb is not None and verb.lemma_ == "be":
            between = [m for c in verb.children if c.dep_ == "attr" for m in self._between_in(c)]
            if between:  # "there should be trust between members and officers" binds both
                return [m.role for m in between], " and ".join(m.text for m in between), between[0].start, \
                    between[-1].end, "between"
        if any(c.lower_ == "such" for c in subject.children):
            roles = self.resolve_pronoun(subject)
            if roles:
                return roles, text_of(self.doc[subject.left_edge.i: subject.i + 1]), subject.idx, \
                    subject.idx + len(subject.text), "pronoun"
        roles, texts, start, end = [], [], None, None
        owner = False
        for t in conjuncts(subject):
            m = mention_at(self.mentions, t)
            if m is None:
                # "the officer's Director", "Chairmen … of the council": look at the token's own left modifiers
                for child in t.lefts:
                    if (child.dep_ in ("compound", "amod", "nmod") or child.dep_ == "poss"
                            and t.lemma_.lower() in self.lex.conduct_nouns) and mention_at(self.mentions, child):
                        # "the Council's approach to the press should be …": its owner acts
                        m = mention_at(self.mentions, child)
                        owner = child.dep_ == "poss"
                        break
                if m is None:
                    m = self._named_with_of(t)
            if m is not None and m.role not in roles:
                roles.append(m.role)
                texts.append(m.text)
                start = m.start if start is None else min(start, m.start)
                end = m.end if end is None else max(end, m.end)
            if m is not None and m.role == "chair":  # "the Chair of the Staffing Committee" acts for both
                body = next((mention_at(self.mentions, o) for p in t.children if p.dep_ == "prep" and p.lower_ == "of"
                             for o in p.children if o.dep_ == "pobj"), None) or next(
                    (mention_at(self.mentions, c) for c in t.children if c.dep_ in ("compound", "nmod")
                     and mention_at(self.mentions, c) is not None and mention_at(self.mentions, c).role != "chair"),
                    None)
                if body is not None and body.role == "personnel_committee" and body.role not in roles:
                    roles.append(body.role)
                elif body is None and "personnel_committee" not in roles and self._chairs_personnel_body(m):
                    roles.append("personnel_committee")  # "the Committee Chair" in a staffing committee's terms
        if roles and verb is not None:
            for m in self._alternatives_across_brackets(end, verb):
                if m.role not in roles:
                    roles.append(m.role)
                end = m.end
        if roles:
            return roles, text_of(self.doc)[start:end], start, end, "owner" if owner and len(roles) == 1 else "subject"
        between = self._between(subject)
        if between:  # "the relationship between members and officers should …" binds both
            return [m.role for m in between], " and ".join(m.text for m in between), between[0].start, \
                between[-1].end, "between"
        span_text = text_of(self.doc[subject.left_edge.i: subject.right_edge.i + 1])
        if self.lex.reciprocal.fullmatch(span_text.strip()) or self.lex.reciprocal.search(span_text):
            roles = list(dict.fromkeys(m.role for m in self.mentions if m.start < subject.idx)) or list(self.fallback)
            return roles, span_text, subject.idx, subject.idx + len(subject.text), "reciprocal"
        if self.lex.pronouns.fullmatch(span_text.strip()) or (subject.lower_ in ("they", "he", "she", "them")):
            roles = self.resolve_pronoun(subject)
            rule = "pronoun" if roles or not self.person_antecedent(subject) else "pronoun_person"
            if roles and not self.subjects_before(subject):
                rule = "pronoun_mention"  # no subject before it names anyone: the nearest role named at all
            return roles, subject.text, subject.idx, subject.idx + len(subject.text), rule
        m = next((m for m in self.mentions if m.start <= subject.idx < m.end), None)
        if m is not None:
            return [m.role], m.text, m.start, m.end, "subject"
        issuer = self._issuer(subject)
        if issuer is not None:
            return [issuer.role], issuer.text, issuer.start, issuer.end, "issuer"
        if subject.lower_ == "it" and expletive_it(subject):
            return [], span_text, subject.idx, subject.idx + len(span_text), ""
        if subject.lower_ == "it" and subject.dep_ in ("nsubj", "nsubjpass"):
            # "When the Committee is considering a complaint, it must tell …": the body of the condition before it
            # (not after a concession: "Although the Council has a procedure, it cannot …" is the procedure)
            clauses = [subject_of(c) for c in subject.head.children if c.dep_ == "advcl" and c.i < subject.i
                       and any(m.dep_ in ("mark", "advmod") and m.lower_ in self.lex.condition_marks for m in c.children)]
            roles = [r for s in clauses if s is not None and s.i != subject.i for r in self.roles_of(s)[0]]
            if roles and set(roles) <= _BODIES:
                return list(dict.fromkeys(roles)), subject.text, subject.idx, subject.idx + len(subject.text), "pronoun"
        if subject.lower_ == "it" and subject.sent.start > 0:
            before = self.doc[subject.sent.start - 1].sent
            issued = [m for i, m in self.issued_subjects if before.start <= i < before.end and m.role in _BODIES]
            if issued:  # "Leaflets from the Council must follow this guide. It must:"
                return [issued[-1].role], subject.text, subject.idx, subject.idx + len(subject.text), "pronoun"
        if subject.lower_ == "it" and subject.dep_ in ("nsubj", "nsubjpass") and subject.sent.start > 0 \
                and subject.head.dep_ != "ccomp" and not _other_antecedent(self.doc[:subject.sent.start], self.mentions):
            # "The Appeals Panel is made up of three councillors. It will hear the appeal …": the body the
            # sentence before was about
            earlier = [m for i, m in self.subject_mentions if i < subject.sent.start]
            if earlier and earlier[-1].role in _BODIES:
                return [earlier[-1].role], subject.text, subject.idx, subject.idx + len(subject.text), "pronoun"
        if subject.lower_ == "it" and subject.head.dep_ == "ccomp":
            # "The Board agrees that it must publish …": a body speaking of itself
            main = subject_of(subject.head.head)
            roles = self.roles_of(main)[0] if main is not None and main.i != subject.i else []
            if roles and set(roles) <= _BODIES:
                return roles, subject.text, subject.idx, subject.idx + len(subject.text), "pronoun"
        return [], span_text, subject.idx, subject.idx + len(span_text), ""

    def _chairs_personnel_body(self, m: Mention) -> bool:
        """A chair named by its body's noun ("Committee Chair", "Panel Chairman") where the document's own
        alias makes that noun the personnel committee."""
        noun = re.match(r"(?:sub-)?committee|panel", m.text, re.I)
        return noun is not None and any(role == "personnel_committee" and pattern.search(f"the {noun.group(0)}")
                                        for role, pattern in (self.doc._.pa_aliases or ()))

    def _between(self, subject: Token) -> list[Mention]:
        """The parties a subject is "between" ("the partnership between members and officers")."""
        if subject.lemma_.lower() not in self.lex.relation_nouns:
            return []  # "differences between members and officers" are what is settled, not who settles
        return self._parties_between([subject])

    def _between_in(self, noun: Token) -> list[Mention]:
        """The parties a noun or the nouns of its "of" phrase are "between" ("a relationship of trust between
        members and officers")."""
        return self._parties_between([noun, *(o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
                                              for o in p.children if o.dep_ == "pobj")])

    def _parties_between(self, heads: list[Token]) -> list[Mention]:
        """The role mentions, one a role, of the "between" phrases of ``heads``: two or more, else none."""
        found: list[Mention] = []
        for head in heads:
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ == "between":
                    for t in (t for pobj in prep.children if pobj.dep_ == "pobj" for t in conjuncts(pobj)):
                        m = mention_at(self.mentions, t)
                        if m is not None and m.role not in {x.role for x in found}:
                            found.append(m)
        return found if len(found) >= 2 else []

    def subjects_before(self, pronoun: Token) -> list[tuple[int, Mention]]:
        """The role mentions before a pronoun that are subjects of their verbs, but not of an infinitive ("… clear
        enough for the Clerk to act on")."""
        return [(i, m) for i, m in self.subject_mentions if i < pronoun.i and not (
            self.doc[i].head.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in self.doc[i].head.children))]

    def _antecedent_subjects(self, pronoun: Token) -> list[tuple[int, Mention]]:
        """The subject mentions a pronoun may refer to: those of main clauses first, else any before it."""
        before = self.subjects_before(pronoun)
        main = [(i, m) for i, m in before if self.doc[i].head.dep_ not in ("relcl", "ccomp")
                and self.doc[i].head.i != pronoun.head.i]
        return main or before

    def resolve_pronoun(self, pronoun: Token) -> list[str]:
        before = self._antecedent_subjects(pronoun)
        if self._person_after(pronoun, before):
            return []  # "Should a complainant rather not write to the Clerk, they can …": the complainant
        if before:
            i, m = before[-1]
            roles = [mm.role for j, mm in before if j == i or self._same_group(j, i)]
            return list(dict.fromkeys(roles or [m.role]))
        prior = [m for m in self.mentions if m.end <= pronoun.idx]
        # an aside in brackets ("… set out in Part 4 (Other Committees). Its function is …") is no antecedent
        prior = [m for m in prior if not in_brackets(text_of(self.doc), m.start)] or prior
        # "the proper officer of the Council …, he/she": the officer, not the body the officer is of
        heads = [m for m in prior if not (m.role in _BODIES and any(_OF_LINK.fullmatch(text_of(self.doc), o.end, m.start)
                                                                    for o in prior))]
        if heads or prior:
            return [(heads or prior)[-1].role]
        return list(self.fallback)

    def person_antecedent(self, pronoun: Token) -> bool:
        """Whether a person with no role ("the complainant") is the subject nearest before a personal pronoun,
        after the last subject that names a role: the pronoun is that person's."""
        return self._person_after(pronoun, self._antecedent_subjects(pronoun))

    def _person_after(self, pronoun: Token, subjects: list[tuple[int, Mention]]) -> bool:
        if pronoun.lower_ in ("it", "its"):
            return False
        after = subjects[-1][0] if subjects else -1
        start = self.doc[pronoun.sent.start - 1].sent.start if pronoun.sent.start > 0 else 0
        return any(t.dep_ in ("nsubj", "nsubjpass") and (t.lemma_.lower() in self.lex.person_words or self._one_of(t))
                   and t.lower_ not in self.lex.reader_pronouns and mention_at(self.mentions, t) is None
                   for t in self.doc[max(start, after + 1):pronoun.i])

    def _one_of(self, noun: Token) -> bool:
        """A noun for one of a kind of person with no role ("a member of the public")."""
        return any(p.lower_ == "of" and o.dep_ == "pobj" and mention_at(self.mentions, o) is None
                   and any(w.lemma_.lower() in self.lex.person_words for w in (*o.lefts, o))  # ("the public wish")
                   for p in noun.children if p.dep_ == "prep" for o in p.children)

    def _same_group(self, j: int, i: int) -> bool:
        a, b = self.doc[j], self.doc[i]
        return a in conjuncts(b) or b in conjuncts(a)


def _named_as_qualifier(subject: Token, mentions: list[Mention]) -> bool:
    """A subject that names a role only in a word qualifying it ("If committee approval is needed"), not as
    the one it is about ("If a Member is …") or whose it is ("If correspondence from the Clerk is …")."""
    return mention_at(mentions, subject) is None and subject.tag_ != "PRP" and not any(
        c.dep_ == "prep" for c in subject.children) and any(
        c.dep_ in ("compound", "amod", "nmod") and mention_at(mentions, c) is not None for c in subject.children)


def in_brackets(text: str, at: int) -> bool:
    """Whether ``at`` lies inside a bracket opened before it and not yet closed."""
    return text.rfind("(", 0, at) > text.rfind(")", 0, at)


# ------------------------------------------------------------------ deontic statements


def _modal_verb(modal: Token) -> Token:
    if modal.dep_ in ("aux", "auxpass") and modal.head.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
        return modal.head
    if modal.dep_ in ("aux", "auxpass") and modal.head.pos_ == "ADP" and modal.head.i > modal.i:
        # the parser hung the modal on a phrase between it and its verb ("may at his/her discretion refuse")
        phrase = {t.i for t in modal.head.subtree}
        after = modal.head.right_edge.i + 1
        if after < len(modal.doc) and modal.doc[after].tag_ in ("VB", "VBP") and all(
                i in phrase for i in range(modal.i + 1, after)):
            return modal.doc[after]
    if modal.tag_ != "MD":  # a modal the tagger missed ("may" as a proper noun): take the next verb
        nxt = _next_verb(modal)
        if nxt is not None:
            return nxt.head if nxt.dep_ in ("aux", "auxpass") else nxt
    return modal


def _semi_modal_verb(tok: Token, lex: Lexicon) -> Token | None:
    """The verb a semi-modal governs ("need to declare", "has to publish", "need not attend"), or None."""
    if tok.lemma_.lower() not in lex.semi_modals or tok.pos_ not in ("VERB", "AUX") or tok.tag_ in ("MD", "VBD"):
        return None  # (a past "had to resign" tells what happened)
    main = tok
    while main.dep_ == "conj" and main.head.i != main.i:
        main = main.head
    if main.dep_ != "ROOT" and tok.dep_ != "aux":
        return None  # in a relative or subordinate clause ("the information they need to do their job")
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ == "not" and tok.lemma_.lower() == "need":  # "need not attend"
        after = doc[tok.i + 2] if tok.i + 2 < len(doc) else None
        if after is None or after.tag_ != "VB" or main.dep_ != "ROOT" and not (tok.dep_ == "aux" and after.dep_ == "ROOT"):
            return None
        return after
    if nxt is None or nxt.lower_ != "to" or main.dep_ != "ROOT":
        return None
    if re.fullmatch(r"\s*[:–—-]+\s*", text_of(doc)[nxt.idx + len(nxt.text):]):
        return tok  # "The Portfolio Holders need to:" (the verbs are in the items, as "Members should:")
    if tok.i + 2 >= len(doc):
        return None
    verb = doc[tok.i + 2]
    if verb.lower_ == "be" and verb.dep_ == "auxpass" and verb.head.tag_ == "VBN" and verb.head.head.i == tok.i:
        return verb.head  # "Requests have to be made in writing"
    return verb if verb.tag_ == "VB" and verb.head.i == tok.i else None


def _next_verb(tok: Token, window: int = 5) -> Token | None:
    """The first verb after a word, skipping commas, adverbs and 'not'."""
    doc = tok.doc
    for t in doc[tok.i + 1: min(len(doc), tok.i + 1 + window)]:
        if t.is_punct or t.pos_ in ("ADV", "PART") or t.lower_ in ("however", "also", "not", "never"):
            continue
        return t if t.tag_ in ("VB", "VBN") or t.lemma_ in ("be", "have") else None
    return None


def _inverted(modal: Token, verb: Token) -> bool:
    """'should it be required': a modal before its own subject is a condition."""
    subj = subject_of(verb)
    return subj is not None and modal.i < subj.i < verb.i


def _modal_is_deontic(modal: Token, verb: Token, lex: Lexicon, subject_roles: list[str], subject: Token | None,
                      mentions: list[Mention], negated: bool = False) -> bool:
    if any(c.lower_ in lex.epistemic_adverbs and c.dep_ == "advmod" for c in verb.children) or (
            modal.i + 1 < len(modal.doc) and modal.nbor(1).lower_ in lex.epistemic_adverbs) or \
            lex.epistemic_after_modal.match(text_of(modal.doc), modal.idx + len(modal.text)):
        return False
    if any(c.lemma_ == "have" and c.dep_ == "aux" and c.i > modal.i for c in verb.children) and verb.tag_ == "VBN":
        return False  # "may have breached"
    if is_passive(verb):
        # "No business may be transacted …": a passive whose subject nothing may be is a rule, whatever its verb
        # ("may not be photographed or recorded": a verb it is joined to counts)
        joined = [v for v in verb.children if v.dep_ == "conj" and v.tag_ == "VBN" and not any(
            c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in v.children)]
        return any(v.lemma_.lower() in lex.deontic_passive_verbs for v in (verb, *joined)) or \
            subject is not None and any(c.dep_ == "det" and c.lower_ == "no" for c in subject.children) and \
            not _epistemic_verb(verb, lex)
    if verb.i == modal.i:  # "the officer may:" (the verb is in the list items)
        return bool(subject_roles)
    if _epistemic_verb(verb, lex) and not (verb.lemma_ == "have" and any(
            c.lower_ in ("recourse", "access", "right") for c in verb.children)) and not _holds_a_seat(verb, mentions, lex):
        return False
    if subject_roles:
        return True
    if not negated and subject is not None and subject.lower_ in lex.reader_pronouns and \
            verb.lemma_.lower() in lex.reader_navigation_verbs and lex.reader_site_pointers.search(text_of(verb.sent)):
        return False  # "You can view the agendas here": where to look, not a leave
    if negated and subject is not None and subject.lemma_.lower() in lex.regulated_submissions:
        return True  # "Questions may not concern a live planning application": a rule on what may be put
    return is_person(subject, lex) or _pronoun_of_person(subject, lex, mentions)


def _relative_of_place(verb: Token) -> bool:
    """A relative clause that says what happens at a place or forum ("at which", "in which", "where")."""
    return any(c.dep_ == "advmod" and c.lower_ == "where" or c.dep_ == "prep" and any(
        g.lower_ == "which" for g in c.children) for c in verb.children)


def _holds_a_seat(verb: Token, mentions: list[Mention], lex: Lexicon) -> bool:
    """"may be a member of", "cannot also be members of the Panel", "may not be its Chair": who may hold a seat
    or an office is a rule, not a possibility."""
    return verb.lemma_ == "be" and any(c.dep_ == "attr" and (c.lemma_.lower() in lex.seat_words or mention_at(
        mentions, c) is not None) for c in verb.children)


_QUESTION_WORDS = ("how", "what", "whether", "why")


def _in_question_clause(modal: Token, verb: Token) -> bool:
    """'explain what steps you can take after that', 'ideas on how we can do better': a may/can in an indirect question says what is
    possible, it grants nothing."""
    return verb.dep_ != "ROOT" and any(c.lower_ in _QUESTION_WORDS and c.i < modal.i for c in verb.children)


_QUESTION_LINE_MODAL_AT = 3  # "What [the] councillors need to …": the modal follows the question word and its subject


def _heads_a_question_line(sentence: Span, modal: Token) -> bool:
    """A sentence that opens "What/How" + subject + modal ("What you need to know about …", "How members can
    help"): an indirect question heading a passage, which says what is asked, not what anyone must do."""
    first = next((t for t in sentence if not (t.is_punct or t.is_space)), None)
    if first is None or first.lower_ not in ("what", "how") or not 0 < modal.i - first.i <= _QUESTION_LINE_MODAL_AT:
        return False
    verb = modal.head if modal.dep_ == "aux" else modal
    if verb.dep_ == "csubj":
        return False  # "What the Clerk must do is keep the minutes": a duty put first
    return any(c.dep_ in SUBJECT_DEPS and first.i < c.i < modal.i for c in verb.children)


def _pronoun_of_person(subject: Token | None, lex: Lexicon, mentions: list[Mention]) -> bool:
    """'If the complainant is unhappy, they may appeal': a personal pronoun whose nearest noun subject before it (this
    sentence or the one before) is a person or a role, or that has none; not 'The papers are long. They can take …'."""
    if subject is None or not lex.pronouns.fullmatch(subject.lower_):
        return False
    doc = subject.doc
    start = doc[subject.sent.start - 1].sent.start if subject.sent.start > 0 else 0
    for t in reversed(doc[start:subject.i]):
        if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN"):
            return t.lemma_.lower() in lex.person_words or mention_at(mentions, t) is not None
    return True


_FINITE_TAGS = ("MD", "VBZ", "VBP", "VBD")


def has_finite_verb(span: Doc | Span) -> bool:
    """A modal or a verb in the present or past: a sentence, not a verbless line ("Breach of the Code")."""
    return any(t.tag_ in _FINITE_TAGS for t in span)


def _finite_root(sentence: Span) -> bool:
    """The sentence's main verb is finite, or has a finite auxiliary ("are held", "has been agreed")."""
    root = sentence.root
    return root.tag_ in _FINITE_TAGS or any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE_TAGS
                                            for c in root.children)


_THAT = re.compile(r"(?<=\bthat)|\s+that\b", re.I)


def _passive_step(be: Token | None, before: str, sentence: Span, lex: Lexicon) -> bool:
    """A step in the passive that has no finite verb of its own ("Complaints to be acknowledged within a week",
    "The appellant and the Clerk to be shown into the room"): an obligation, of whoever it names, if anyone. Not a
    noun's complement ("Right to be accompanied: …") nor a subject whose verb comes later ("The form to be used
    has been agreed")."""
    if be is None or be.lower_ != "be" or be.i + 1 >= len(be.doc) or be.nbor(1).tag_ != "VBN":
        return False
    words = before.split()
    if len(words) < 2 or words[-2].lower().strip(":") in lex.infinitive_nouns:
        return False
    if _finite_root(sentence):
        return False
    return not any(t.tag_ in _FINITE_TAGS for t in sentence if t.idx - sentence.start_char < len(before))


def _that_clause_actor(st: Statement, sentence: Span, text: str, end: int, resolver: ActorResolver) -> None:
    """The actor of a fixed cue that governs a that-clause ("It is essential that the Clerk keeps …", "The Act
    requires that the council …"): the subject of the clause's verb, in place."""
    that = _THAT.match(text, end)
    first = next((t for t in sentence if t.idx - sentence.start_char >= that.end() and not t.is_punct), None) \
        if that is not None else None  # (past a comma: "that, where …")
    verb = first
    while verb is not None and verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    while verb is not None and verb.dep_ in ("advcl", "mark") and verb.head.i != verb.i:
        verb = verb.head  # "that, where the Clerk is absent, the Chairman signs": the Chairman's
    if first is None or verb is None or verb.pos_ not in ("VERB", "AUX") or is_passive(verb):
        return  # "It is vital that staff are told": a passive's subject does nothing
    subj = subject_of(verb)
    if subj is not None and subj.i >= first.i:
        st.roles, st.actor_text, st.actor_start, st.actor_end, st.actor_rule = resolver.roles_of(subj, verb)
        st.verb = verb


def _epistemic_verb(verb: Token, lex: Lexicon) -> bool:
    """A verb of possibility ("may arise"), or one with the preposition that makes it one ("may lead to")."""
    lemma = verb.lemma_.lower()
    particles = [c for c in verb.children if c.dep_ in ("prep", "prt")]
    phrases = [f"{lemma} {c.lower_}" for c in particles]
    with_objects = [f"{lemma} {c.lower_} {g.lower_}" for c in particles for g in c.children if g.dep_ == "pobj"]
    if any(p in lex.acting_phrasal_verbs for p in phrases + with_objects):
        return False  # "cannot look at complaints", "may look into it", "can get in touch with": an act
    return lemma in lex.epistemic_verbs or any(p in lex.epistemic_verbs for p in phrases)


def is_person(subject: Token | None, lex: Lexicon) -> bool:
    """A subject that is a person without a role id ("the companion"; "the person accompanying …")."""
    if subject is None:
        return False
    if subject.dep_ in ("csubj", "csubjpass"):  # the parser's reading of "the person accompanying X"
        subject = next((c for c in subject.children if c.dep_ == "nsubj"), subject)
    if subject.lemma_.lower() in ("member", "members"):  # "members of the public", "a member of staff"
        of = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        subject = next((c for c in of.children if c.dep_ == "pobj"), subject) if of is not None else subject
    return subject.lemma_.lower() in lex.person_words


def _copular_will(verb: Token) -> bool:
    """'it will always be preferable': a future fact, no commitment."""
    return verb.lemma_ == "be" and not any(c.dep_ in ("auxpass",) for c in verb.children) and any(
        c.dep_ in ("acomp", "attr", "prep") for c in verb.children)


def statements_of_sentence(sentence: Span, mentions: list[Mention], resolver: ActorResolver,
                           lex: Lexicon) -> list[Statement]:
    """The deontic statements of one sentence, each with its actor."""
    text = text_of(sentence)
    base = sentence.start_char - sentence.doc[0].idx if len(sentence.doc) else 0
    statements: list[Statement] = []
    claimed: list[tuple[int, int]] = []  # character ranges already explained by a cue
    cond_text, cond_subjects = condition_span(sentence, lex)

    def claim(a: int, b: int) -> None:
        claimed.append((a, b))

    def overlaps(a: int, b: int) -> bool:
        return any(a < y and b > x for x, y in claimed)

    def token_at(char: int) -> Token | None:
        span = sentence.doc.char_span(sentence.start_char + char, sentence.start_char + char + 1,
                                      alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    # phrase cues first: they are more specific than the bare modal
    for cue in cues_to_try(lex.cues, text):  # (the cues but the modals the sentence may match: nlp/prefilter.py)
        for m in matches_in(cue.pattern, text):
            if overlaps(m.start(), m.end()):
                continue
            anchor = token_at(m.start("actor") if cue.kind == "actor_infinitive" else m.start())
            # a cue that is itself a condition ("… if they wish") asks whether what it qualifies is in one
            probe = anchor.head.head if anchor is not None and anchor.dep_ == "mark" and \
                anchor.lower_ in lex.condition_marks else anchor
            if anchor is None or in_condition(probe, lex):
                continue
            st = Statement(sentence, cue.id, cue.duty, m.group(0), base + m.start(), base + m.end(), kind=cue.kind,
                           qualifies=cue.qualifies)
            only_subject, subj = False, None
            passive_step = False
            if cue.kind == "actor_infinitive":
                after = token_at(m.end() + 1)
                if (after is None or after.tag_ != "VB") and text[m.end():].strip() != ":":
                    continue  # a step ("The Chair to open the meeting"), or the lead-in of steps ("The Clerk to:")
                passive_step = _passive_step(after, text[:m.end()], sentence, lex)
            if cue.kind in ("role_of", "actor_infinitive"):
                actor = m.group("actor") if "actor" in m.re.groupindex else ""
                if cue.needs_actor and lex.document_actors.match(actor):
                    continue  # "the purpose of the protocol on members and officers is to …": the document's aim
                a0 = m.start("actor")
                # + 1: a plural possessive's "s" ("Officers' functions") sits outside the actor group
                found = [x for x in mentions_in(mentions, base + a0, base + a0 + len(actor) + 1)
                         if not lex.actor_prepositions.search(actor[:x.start - base - a0])]  # "(co-opted onto the Council)"
                if cue.actor_is_office:
                    found = [x for x in found[-1:] if x.end >= base + a0 + len(actor.rstrip()) and x.role in lex.office_roles]
                # "the Chair of the Planning Committee" is the chair, as it is as a subject: not the body it chairs
                # (the chair of a personnel committee is both: ANNOTATION.md section 2)
                found = [x for i, x in enumerate(found) if i == 0 or x.role == "personnel_committee" or
                         not _OF_ANOTHER.fullmatch(actor[found[i - 1].end - base - a0: x.start - base - a0])]
                # "the job of the Council's officers" is the officers', as it is as a subject: not the possessor's
                found = [x for i, x in enumerate(found) if i + 1 == len(found) or
                         not _POSSESSOR.fullmatch(actor[x.end - base - a0: found[i + 1].start - base - a0])]
                if found:
                    st.roles = list(dict.fromkeys(x.role for x in found))
                    st.actor_text, st.actor_start, st.actor_end = actor, base + a0, base + a0 + len(actor)
                    st.actor_rule = "role_of"
                elif actor.lower() in ("their", "his", "her", "his or her", "its", "them", "him"):
                    st.roles = resolver.resolve_pronoun(anchor)
                    st.actor_text, st.actor_rule = actor, "pronoun"
                    st.actor_start, st.actor_end = base + a0, base + a0 + len(actor)
                elif lex.document_role_actors.match(actor.strip()):  # "the duties of the post are:" (tag.py)
                    st.actor_text, st.actor_rule = actor, "document_role"
                    st.actor_start, st.actor_end = base + a0, base + a0 + len(actor)
                if cue.needs_actor and not found and st.actor_rule != "document_role" and not passive_step and not (
                        cue.kind == "actor_infinitive" and actor.strip() and _names_only(actor, [], base + a0, lex)
                        and not re.match(r"\s*\w+\s*:", text[m.end():])):  # ("Person to contact: the Clerk")
                    continue  # (a step of a person with no role is still one: "The complainant to outline …")
                if cue.duty == "obligation" and re.search(
                        r"\bnot\b(?! (?:the |a |an )?(?:only|sole|main|primary|principal)\b)", m.group(0), re.I):
                    st.duty = "prohibition"  # "the role of Members is not to …"
                if cue.kind == "actor_infinitive" and not passive_step and not _names_only(actor, found, base + a0, lex):
                    continue  # "Officers attend meetings to advise" is no procedure step
                perfect = anchor.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in anchor.children)
                if cue.kind == "role_of" and cue.needs_actor and anchor.pos_ in ("AUX", "VERB") and (
                        anchor.tag_ not in ("VBZ", "VBP", "VBD") and not perfect or any(
                        c.dep_ == "neg" or c.dep_ == "aux" and c.lemma_ != "have" for c in anchor.children)
                        or "relcl" in (anchor.dep_, anchor.head.dep_)):
                    continue  # "must not require the Clerk to": the modal states the duty; "decisions which are
                    # reserved to the Council": a relative clause describes ("has delegated to …" is in force)
                st.has_own_subject = bool(st.roles) and not cue.qualifies
            elif cue.kind == "expectation":
                st = _expectation(st, sentence, m, mentions, resolver, lex, base, token_at)
            elif cue.kind == "fixed":
                _that_clause_actor(st, sentence, text, m.end(), resolver)
            elif cue.kind == "predicate":
                verb = anchor.head if anchor.dep_ in ("aux", "auxpass", "cop") else \
                    _verb_of_phrase(anchor) if anchor.pos_ == "ADP" else anchor  # ("decides under delegated powers")
                if anchor.dep_ == "cc":  # "… is the Proper Officer and responsible for": the verb before the "and"
                    head = anchor.head
                    if head.dep_ != "attr" and not (head.lemma_ == "be" and any(c.dep_ == "attr" for c in head.children)):
                        continue  # "confident and accountable for …" describes; it states no duty
                    verb = anchor.head
                    while verb.dep_ in ("conj", "attr", "acomp") and verb.head.i != verb.i:
                        verb = verb.head
                if m.group(0).lower().startswith("with "):
                    holder = anchor.head
                    roles, atext, a, b, rule = resolver.roles_of(holder)
                else:
                    subj = subject_of(verb, passive_conjunct=True) or subject_of(anchor, passive_conjunct=True)
                    if subj is None and anchor.tag_ == "NNS" and anchor.i == verb.i:
                        # "The Council endeavours to …" parsed as a noun phrase: its subject became a compound
                        subj = next((c for c in reversed(list(anchor.lefts)) if c.dep_ == "compound"), None)
                    roles, atext, a, b, rule = resolver.roles_of(subj, verb)
                    st.has_own_subject = subj is not None and subj.lower_ not in lex.relative_pronouns
                negated = re.search(r"\b(?:not|never)\b", m.group(0), re.I) is not None or is_negated(
                    anchor, verb, lex, text[:m.start()])
                if negated and cue.duty == "obligation":
                    # "not required to": no obligation; "required not to": a prohibition
                    st.duty = "permission" if re.search(r"required|obliged|bound|obligated", m.group(0), re.I) and \
                        not re.search(r"\b(?:not|never) to$", m.group(0), re.I) else "prohibition"
                elif negated and cue.duty == "permission" and not re.search(
                        r"not (?:obliged|required)|no obligation", m.group(0), re.I):
                    st.duty = "prohibition"  # "No councillor has authority to …", "are not authorised to"
                if st.duty == "permission" and verb.dep_ == "relcl" and _relative_of_place(verb):
                    continue  # "a meeting at which any member is able to speak" describes the meeting
                if cue.id == "responsible_for" and negated and verb.dep_ == "relcl":
                    continue  # "a manager who is not responsible for that team": who is meant, no duty
                if cue.id == "responsible_for" and verb.dep_ == "ccomp" and _recognising(verb.head, lex) and \
                        verb.tag_ in ("VBZ", "VBP") and not any(c.tag_ == "MD" for c in verb.children):
                    continue  # "aware that the Council is responsible for what it decides"
                st.roles, st.actor_text, st.actor_start, st.actor_end, st.actor_rule = roles, atext, a, b, rule
                st.verb = verb
                if cue.needs_actor and not roles and not is_person(subj, lex):
                    continue  # "The aim is to …" states no one's duty ("An appellant is to …" a person's)
                # "Only the Clerk is authorised to sign": a permission and a prohibition, as "Only X may"
                only_subject = st.duty == "permission" and not negated and _restricted_by_only(anchor, verb, subj)
            # a modal right before the phrase ("should feel free to") is explained by it
            before = text[:m.start()].rstrip().split(" ")[-1:]
            claim(m.start(), m.end())
            if before and before[0].lower() in ("should", "must", "shall", "will", "may", "can", "might", "could"):
                claim(m.start() - len(before[0]) - 1, m.start())
            statements.append(st)
            if only_subject:
                statements.append(replace(st, cue_id=f"{cue.id}_only", duty="prohibition"))

    for tok in sentence:
        semi = _semi_modal_verb(tok, lex)
        if tok.tag_ != "MD" and tok.lower_ not in ("must", "shall", "should", "may", "can", "will", "ought") \
                and semi is None:
            continue
        if tok.lower_ in ("will", "may", "can") and tok.tag_ != "MD" and _next_verb(tok) is None:
            continue  # "the will of the council", "May 2023"
        if tok.text in lex.month_modals and tok.i > sentence.start and (tok.nbor(-1).lower_ in lex.month_may_after
                                                                        or tok.nbor(-1).like_num):
            continue  # "elected every May to …", "from 1 May": the month
        rel = tok.idx - sentence.start_char
        if overlaps(rel, rel + len(tok.text)):
            continue
        lemma = tok.lemma_.lower() if semi is not None else tok.lower_
        if lemma in lex.epistemic_only_modals or lemma == "'d":
            continue
        verb = semi or _modal_verb(tok)
        if semi is None and verb is not tok and _semi_modal_verb(verb, lex) is not None:
            continue  # "will not have to attend": the semi-modal states the duty
        if in_condition(verb, lex) or in_condition(tok, lex) or (lemma == "should" and _inverted(tok, verb) and not any(
                not text[m.end():rel].strip(" ,") for m in lex.never_phrases.finditer(text[:rel]))):
            continue  # ("should it be required": a condition; "Under no circumstances should …": a rule)
        if lemma in ("can", "may") and verb.dep_ == "relcl" and not any(
                t.lower_ in lex.relative_pronouns and t.dep_ != "dobj" for t in verb.subtree if t.i < tok.i):
            # "meetings the Mayor cannot attend", "any concerns (that) you may raise": a relative clause whose
            # object is the noun it describes says what can happen, not who may act
            continue
        if tok.i > sentence.start and tok.nbor(-1).lower_ == "as" and tok.nbor(-1).dep_ == "mark":
            continue  # "such matters as may be delegated to it", "as shall be required": what is meant, not a duty
        if lemma in lex.described_modals and _described(verb, lex):
            continue  # "this policy explains how we will respond": what a document describes, not a duty
        if _heads_a_question_line(sentence, tok):
            continue  # "What you need to know about …", "How you can complain": a heading's indirect question
        subj = subject_of(tok if semi is not None and tok.dep_ != "aux" else verb)
        if subj is None:  # "the Council may, with the employee's agreement, arrange …" hangs it on the modal
            subj = next((c for c in tok.children if c.dep_ in SUBJECT_DEPS), None) or _subject_left_unparsed(
                tok, resolver)
        if lemma != "must" and subj is not None and subj.dep_ == "nsubj" and not is_passive(verb) \
                and subj.lemma_.lower() in lex.scope_subjects and verb.lemma_.lower() in lex.scope_verbs:
            continue  # "This procedure will not apply to …", "The policy shall cover …": its scope, not a duty
            # (not "The process must cover …", a requirement on it)
        roles, atext, a, b, rule = resolver.roles_of(subj, verb)
        if subj is not None and subj.dep_ == "nsubjpass" and (subj.head == verb or is_passive(verb)) \
                and rule != "between" and not (rule == "owner" and not any(c.dep_ == "agent" for c in verb.children)):
            roles, rule = [], ""  # a passive's subject is what is acted on, not the actor (not so for an active
            # verb it is shared with: "an employee who is bullied … should try to resolve it")
        negated = is_negated(tok, verb, lex, text[:rel]) or semi is not None and any(
            c.dep_ == "neg" for c in tok.children)  # "does not have to attend"
        if lemma in ("may", "can"):
            if not _modal_is_deontic(tok, verb, lex, roles, subj, mentions, negated) or lex.purpose_clause.search(text[:rel]) \
                    or _in_question_clause(tok, verb) or _recognised_possibility(verb, lex):
                continue
            duty = "prohibition" if negated else "permission"
            if not negated and _restricted_by_only(tok, verb, subj):
                # "Only X may do Y", "can only be accepted if": a permission and a prohibition
                statements.append(_only_statement(sentence, lemma, tok, base + rel, verb, (roles, atext, a, b, rule)))
        elif lemma in ("will", "'ll", "shall") and not negated and is_passive(verb) and _restricted_by_only(tok, verb, subj) \
                and any(c.dep_ == "agent" and any(g.dep_ == "pobj" and (is_person(g, lex) or resolver.roles_of(g)[0])
                                                  for g in c.children) for c in verb.children):
            # "Statements will only be issued by the Leader": only X may, as "Only X may do Y" (ANNOTATION.md section 3)
            duty = "permission"
            statements.append(_only_statement(sentence, lemma, tok, base + rel, verb, (roles, atext, a, b, rule)))
        elif lemma in ("will", "'ll"):
            if _copular_will(verb) and not roles:
                continue
            if subj is not None and not is_passive(verb) and not roles and not is_person(subj, lex) \
                    and verb.i != tok.i and not negated and not _content_commitment(subj, verb, lex):
                continue  # "the following principles will apply" (not "the response will include:")
            duty = "prohibition" if negated else "obligation"
        elif semi is not None or lemma in lex.semi_modals:
            duty = "permission" if negated else "obligation"  # "need not attend": no obligation
        else:
            duty = "prohibition" if negated or verb.lemma_ in ("avoid", "refrain") else "obligation"
            if duty == "obligation" and _restricted_by_only(tok, verb, subj, trailing=False):
                # "Only this address should be used", "shall only attend": a duty and, beside it, a prohibition
                statements.append(_only_statement(sentence, lemma, tok, base + rel, verb, (roles, atext, a, b, rule)))
        if verb.lemma_ in ("avoid", "refrain"):
            duty = "prohibition"
        negs = [t for t in sentence.doc[tok.i + 1: max(verb.i, tok.i + 1)]
                if t.dep_ == "neg" or t.lower_ in ("not", "never", "n't")]
        words = [tok.text] + [t.text for t in negs]
        end = max([rel + len(tok.text)] + [t.idx + len(t.text) - sentence.start_char for t in negs
                                           if t.i - tok.i <= 2])
        st = Statement(sentence, f"modal_{lemma}", duty, " ".join(words), base + rel, base + end, kind="modal")
        st.roles, st.actor_text, st.actor_start, st.actor_end, st.actor_rule = roles, atext, a, b, rule
        st.verb = verb
        st.passive = is_passive(verb)
        st.has_own_subject = subj is not None and subj.lower_ not in lex.relative_pronouns and verb.dep_ != "relcl"
        statements.append(st)

    bare = lex.bare_imperative_lead_in.fullmatch(text.strip()) if not statements else None
    if bare is not None:
        # "Do not:" over a list of what not to do: the reader's prohibition, which the items complete
        duty = "prohibition" if bare.group("negative") else "obligation"
        group = next(name for name in ("negative", "positive", "please") if bare.group(name))
        words, start = bare.group(group), len(text) - len(text.lstrip()) + bare.start(group)
        claim(start, start + len(words))  # (its "do" is not also an instruction to do)
        statements.append(Statement(sentence, "imperative_lead_in", duty, words, base + start, base + start + len(words),
                                    kind="imperative"))
    for imperative in (_imperative(sentence, base, lex), _imperative_after_label(sentence, base, lex)):
        if imperative is not None and not overlaps(imperative.cue_start - base, imperative.cue_end - base):
            claim(imperative.cue_start - base, imperative.cue_end - base)
            statements.append(imperative)
            negated = _negated_conjunct(imperative, base, lex)
            if negated is not None and not overlaps(negated.cue_start - base, negated.cue_end - base):
                claim(negated.cue_start - base, negated.cue_end - base)
                statements.append(negated)

    for st in statements:
        st.condition = cond_text
        if st.verb is not None and st.passive is False:
            st.passive = is_passive(st.verb)
        if st.kind == "predicate" and st.verb is not None and not st.deontic.lower().endswith(" to"):
            # "are to be elected by the Staffing Committee": the agent acts, the subject is acted on (not so for
            # "is appointed by the Council to hear appeals", which states what the subject is for)
            done = next((v for v in (st.verb, *st.verb.children) if v.tag_ == "VBN"
                         and (v is st.verb or v.dep_ == "xcomp")), None)
            agent = _agent_roles(done, resolver) if done is not None else []
            if agent:
                st.roles, st.actor_rule = agent, "passive_agent"
                _set_actor_span(st, _agent_phrase(done), sentence, base)
        if not st.roles and st.cue_id != "imperative":
            agent = _agent_roles(st.verb, resolver) if st.verb is not None else []
            if agent:
                st.roles, st.actor_rule = agent, "passive_agent"
                _set_actor_span(st, _agent_phrase(st.verb), sentence, base)
            elif cond_subjects and (st.passive or st.verb is None or subject_of(st.verb) is None
                                    or subject_of(st.verb).lower_ in lex.non_actor_subjects):
                cond_roles = []
                for s in cond_subjects:
                    if not _named_as_qualifier(s, resolver.mentions):
                        cond_roles += resolver.roles_of(s)[0]
                if cond_roles:
                    st.roles, st.actor_rule = list(dict.fromkeys(cond_roles)), "condition"
                    _set_actor_span(st, sentence.doc[cond_subjects[0].i: cond_subjects[0].i + 1], sentence, base)
    office = _office_held(text, base, resolver.mentions, lex)
    for st in statements if office is not None else ():
        if st.actor_rule == "subject" and st.roles == ["councillor"] and st.actor_start > office.end:
            # "As Lord Mayor, Councillor Jones has a number of duties:": the duties of the office held
            st.roles, st.actor_rule = [office.role], "office_held"
            st.actor_text, st.actor_start, st.actor_end = office.text, office.start, office.end
    return sorted(statements, key=lambda s: s.cue_start)


_AS_OFFICE = re.compile(r"\s*As (?:the |a |an |our )?", re.I)


def _office_held(text: str, base: int, mentions: list[Mention], lex: Lexicon) -> Mention | None:
    """The office a sentence opens by naming ("As Lord Mayor of Northtown, …"), when it is an office a councillor
    may hold besides their seat (not a body, nor the seat itself)."""
    m = _AS_OFFICE.match(text)
    first = next((x for x in mentions_in(mentions, base, base + len(text)) if x.start >= base + m.end()
                  and re.fullmatch(r"(?:[A-Z][\w'’-]* ){0,3}", text[m.end():x.start - base])), None) if m else None
    comma = text.find(",")
    return first if first is not None and first.role in lex.office_roles and first.role != "councillor" \
        and 0 < comma and first.end <= base + comma else None


def _agent_phrase(verb: Token) -> Span | None:
    """A passive's "by …" phrase ("by the Staffing Committee")."""
    by = next((c for v in _sharing_agent(verb) for c in v.children if c.dep_ == "agent"), None)
    return verb.doc[by.i: by.right_edge.i + 1] if by is not None else None


def _sharing_agent(verb: Token) -> list[Token]:
    """A passive verb and the passive verbs joined to it, whose "by …" is theirs too ("read and understood by
    all councillors")."""
    joined = [c for c in verb.children if c.dep_ == "conj" and c.tag_ == "VBN"
              and not any(a.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for a in c.children)]
    # a participle the tokenizer split at its hyphen ("be co-ordinated by the Clerk") hangs on "be" as a complement
    split = [c for c in verb.children if c.dep_ == "acomp" and c.i > 0 and c.nbor(-1).text == "-"] \
        if verb.lemma_ == "be" else []
    return [verb] + joined + split


def _set_actor_span(st: Statement, phrase: Span | None, sentence: Span, base: int) -> None:
    """Make a statement's actor evidence the words of ``phrase``, as offsets into the clause's text."""
    if phrase is None:
        return
    st.actor_text = phrase.text
    st.actor_start = base + phrase.start_char - sentence.start_char
    st.actor_end = st.actor_start + len(phrase.text)


def _names_only(actor: str, found: list[Mention], start: int, lex: Lexicon) -> bool:
    """The actor phrase is nothing but role names and people ("The Chairman", "Clerk and complainant")."""
    rest, pos = [], start
    for m in found:
        rest.append(actor[pos - start: m.start - start])
        pos = m.end
    rest.append(actor[pos - start:])
    words = {w for r in rest for w in re.findall(r"[\w'’-]+", r.lower())}
    return words <= {"the", "a", "an", "each", "every", "all", "and", "or", "their", "his", "her"} | lex.person_words


def _imperative(sentence: Span, base: int, lex: Lexicon) -> Statement | None:
    """An instruction to the reader ("Please send …", "Do not post …"): an obligation or prohibition
    without a role (ANNOTATION.md section 3)."""
    words = (t for t in sentence if not (t.is_punct or t.is_space))
    # the first three words decide, unless a "please" further on starts the instruction
    words = list(words) if "please" in text_of(sentence).lower() else list(islice(words, 3))
    please = next((t for t in words if t.lower_ == "please" and t.head.tag_ == "VB"), None)
    if please is not None and please.i > words[0].i:  # "To help us, please make sure you have: …"
        words = [t for t in words if t.i >= please.i]
    if words and words[0].lower_ == "please":
        words = words[1:]
    adverbed = False
    while len(words) > 1 and (words[0].lower_ in lex.instruction_adverbs and words[1].tag_ == "VB" or
                              words[0].tag_ == "RB" and lex.manner_adverbs.fullmatch(words[0].lower_)
                              and words[1].tag_ in ("VB", "VBP")):
        words, adverbed = words[1:], True  # "Always write …", "please clearly state …", "independently review …"
    if not words:
        return None
    first, negated = _instruction_verb(words)
    misread = not negated and _misread_instruction(first, sentence, lex)
    # the parser's "Not include" is a VBP, and so is a role line's "independently review …" with no subject
    bare = first.tag_ == "VB" or first.tag_ == "VBP" and (negated or adverbed and first.dep_ == "ROOT")
    if not misread and (not bare or first.dep_ != "ROOT" and not _opening_verb_subordinated(first, sentence)):
        first = _fronted_imperative(sentence)  # "As a member of the council, agree the budget"
        if first is None:
            return None
        words = [first]
    if any(c.dep_ in SUBJECT_DEPS for c in first.children):
        return None
    return _imperative_statement(sentence, base, words[0], first, negated, lex)


_SUBORDINATED_DEPS = ("advcl", "ccomp", "xcomp", "dep")


def _opening_verb_subordinated(first: Token, sentence: Span) -> bool:
    """A sentence's first word, a capitalised bare verb, that the parser hung under a later verb ("Attend meetings
    when summoned; the notice is a summons", "Make good use of the services available"): still an instruction."""
    return first.i == sentence.start and first.tag_ == "VB" and first.text[:1].isupper() \
        and first.dep_ in _SUBORDINATED_DEPS


_MISREAD_FOLLOWERS = ("IN", "DT", "JJ", "PRP$", "RB", "NNS")
_MISREAD_MIN_TOKENS = 4  # "Work relations" is a heading, "Chair meetings of the Cabinet" an instruction


def _misread_instruction(first: Token, sentence: Span, lex: Lexicon) -> bool:
    """A sentence opening with an instruction's verb that the tagger took for a name ("Act as a voice for residents",
    "Uphold high standards", "Chair and manage the Cabinet's work"): a verb of the lexicon's list, capitalised, not
    "X of …", and not a finite verb's subject."""
    if first.i != sentence.start or first.tag_ not in ("NNP", "NN") or first.lower_ not in lex.imperative_verbs \
            or not first.text[:1].isupper() or len(sentence) < _MISREAD_MIN_TOKENS:
        return False
    after, then = sentence.doc[first.i + 1], sentence.doc[first.i + 2]
    joined = after.lower_ in ("and", "or") and (then.tag_ == "VB" or then.lower_ in lex.imperative_verbs)  # "Chair and manage …"
    if not joined and (after.tag_ not in _MISREAD_FOLLOWERS or after.lower_ in ("of", "for", "and", "or")):
        return False
    # not the subject of a finite verb ("Review of …", "Support for members is provided …", "Review meetings are
    # held monthly")
    return first.dep_ not in SUBJECT_DEPS and (sentence.root.i == first.i or not _finite_root(sentence))


def _recognised_possibility(verb: Token, lex: Lexicon) -> bool:
    """A "can"/"may" in what someone recognises or believes ("We recognise that managers and staff can settle
    issues early"): a possibility kept in mind, not a permission; not a duty to recognise ("Members must
    recognise that …") nor a condition ("If you believe that …")."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    head = verb.head
    return verb.dep_ == "ccomp" and head.tag_ in ("VBZ", "VBP") and _recognising(head, lex) \
        and not any(c.tag_ == "MD" for c in head.children) and not in_condition(head, lex)


def _recognising(verb: Token, lex: Lexicon) -> bool:
    """'recognise', 'be aware', 'keep/bear in mind': what follows is what someone keeps in mind."""
    return verb.lemma_.lower() in lex.recognising_words or any(
        c.lower_ == "in" and any(g.lower_ == "mind" for g in c.children) for c in verb.children)


def _instruction_verb(words: list[Token]) -> tuple[Token, bool]:
    """The verb an instruction opens with, and whether it is negated ("Do not post …", "Never post …", a list's
    "Not contain …")."""
    first = words[0]
    if first.lower_ == "do" and len(words) > 2 and words[1].lower_ in ("not", "n't"):
        return words[2], True
    if first.lower_ in ("never", "not") and len(words) > 1:
        return words[1], True
    return first, False


def _imperative_statement(sentence: Span, base: int, opening: Token, verb: Token, negated: bool,
                          lex: Lexicon) -> Statement:
    """An instruction's statement: its cue runs from its first word to its verb; "Avoid …" forbids."""
    start = opening.idx - sentence.start_char
    cue = sentence.doc[opening.i: verb.i + 1]
    forbids = negated or verb.lemma_.lower() in lex.abstaining_verbs or verb.lower_ in lex.abstaining_verbs
    st = Statement(sentence, "imperative", "prohibition" if forbids else "obligation", cue.text,
                   base + start, base + start + len(cue.text), kind="imperative")
    st.verb = verb
    return st


def _negated_conjunct(imperative: Statement, base: int, lex: Lexicon) -> Statement | None:
    """The negated instruction joined to an instruction ("Be courteous and do not interrupt", "… and never
    …"): a prohibition beside the instruction's duty, or None."""
    verb = imperative.verb
    if verb is None or imperative.duty != "obligation":
        return None
    for conj in verb.conjuncts:
        if conj.i <= verb.i or conj.tag_ not in ("VB", "VBP") or any(c.dep_ in SUBJECT_DEPS for c in conj.children):
            continue
        neg = [c for c in conj.children if c.dep_ == "neg" or c.lower_ == "never"]
        if neg:
            opening = next((c for c in conj.children if c.dep_ == "aux" and c.lower_ == "do" and c.i < neg[0].i),
                           neg[0])
            return _imperative_statement(imperative.sentence, base, opening, conj, True, lex)
    return None


_LABEL_WORDS = 5  # "Be open:", "Check your facts:": a run-in label before an instruction


def _imperative_after_label(sentence: Span, base: int, lex: Lexicon) -> Statement | None:
    """The instruction after a short run-in label and its colon ("Be open: answer questions …", "Know your
    audience: do not post …"): an obligation or prohibition without a role, as :func:`_imperative`."""
    if ":" not in text_of(sentence):
        return None  # (no colon token, no label: the sentence's tokens left unmade)
    words = [t for t in sentence if not t.is_space]
    colon = next((i for i, t in enumerate(words[:_LABEL_WORDS + 1]) if t.text == ":"), None)
    if colon is None or colon == 0 or len(words) < colon + 2 or lex.signpost_labels.match(
            text_of(sentence.doc)[words[0].idx:words[colon].idx].lower()):
        return None  # a signpost or a contact line: "To find out more: see …", "Enquiries: contact …"
    after = words[colon + 1:]
    first, negated = _instruction_verb(after)
    if first.tag_ not in ("VB", "VBP") or first.i > 0 and first.nbor(-1).lower_ == "to":
        return None
    if any(c.dep_ in SUBJECT_DEPS and c.i > words[colon].i for c in first.children):
        return None  # (the parser may take the label for the subject: "Plan ahead: decide …")
    return _imperative_statement(sentence, base, after[0], first, negated, lex)


def _fronted_imperative(sentence: Span, window: int = 12) -> Token | None:
    """The verb of an instruction after a fronted phrase and its comma ("As a member, agree …", "Where
    possible, avoid …"), or None."""
    root = sentence.root
    doc = sentence.doc
    opening = doc[sentence.start]
    # a fronted condition may be long ("If you feel you have been bullied and cannot sort it out, talk to …"):
    # its length does not matter when the parser hung the whole of it on the instruction's verb
    fronted_clause = opening.dep_ == "mark" and opening.head.dep_ == "advcl" and opening.head.head.i == root.i
    if root.tag_ not in ("VB", "VBP") or root.i == sentence.start or doc[root.i - 1].text != "," or \
            root.i - sentence.start > window and not fronted_clause:
        return None
    return root if doc[sentence.start].pos_ in ("ADP", "ADV", "SCONJ") else None


def _described(verb: Token, lex: Lexicon) -> bool:
    """A verb in a "how"/"what" clause of a verb of describing ("sets out how concerns will be managed"), or in a
    relative clause on what such a verb describes ("outlines the means by which the Council will …")."""
    t = verb
    while t.dep_ in ("ccomp", "xcomp", "conj", "advcl") and t.head.i != t.i:
        if t.dep_ == "ccomp" and any(c.tag_ in ("WRB", "WP", "WDT") for c in t.subtree if c.i < t.i) \
                and t.head.lemma_.lower() in lex.describing_verbs:
            return True
        if t.dep_ == "relcl":
            break
        t = t.head
    if t.dep_ != "relcl" or not any(c.dep_ == "prep" and any(o.lower_ in ("which", "whom") for o in c.children)
                                    for c in t.children):
        return False
    described = t.head
    while described.dep_ == "conj" and described.head.i != described.i:
        described = described.head
    return described.dep_ == "dobj" and described.head.lemma_.lower() in lex.describing_verbs


_ASIDE_TOKENS = 12  # the longest aside between an actor and its modal ("…, with the consent of the Chair, will")


def _subject_left_unparsed(modal: Token, resolver: ActorResolver) -> Token | None:
    """The actor right before a modal the parser left without a subject ("At a grievance hearing the Panel
    will:", where "the Panel" was read as the object of "hearing")."""
    before = modal.i - 1
    verb = modal.head
    if before >= 0 and modal.doc[before].text == "," and verb.dep_ == "advcl" and verb.head.i < modal.i \
            and verb.head.pos_ in ("NOUN", "PROPN") and mention_at(resolver.mentions, verb.head) is not None:
        return verb.head  # "The Council, as the planning authority, should …", the verb hung on the subject
    if before >= 0 and modal.doc[before].text == ",":
        # "On receipt of the form the duty officer, with the agreement of the Mayor, will …": the actor
        # before the aside the parser read as the object of the opening phrase
        opening = next((t for t in reversed(modal.doc[max(0, before - _ASIDE_TOKENS):before]) if t.text == ","), None)
        named = modal.doc[opening.i - 1] if opening is not None and opening.i > 0 else None
        if named is not None and named.pos_ in ("NOUN", "PROPN") and named.dep_ not in SUBJECT_DEPS \
                and named.head.i < named.i and mention_at(resolver.mentions, named) is not None:
            return named
    if before < 0 or modal.doc[before].pos_ not in ("NOUN", "PROPN") or modal.doc[before].dep_ in SUBJECT_DEPS:
        return None
    return modal.doc[before] if mention_at(resolver.mentions, modal.doc[before]) is not None else None


def _agent_roles(verb: Token, resolver: ActorResolver) -> list[str]:
    """The roles of a passive's agents: "kept by the Clerk, or by the Chair of the Panel" names both."""
    roles: list[str] = []
    agents = next(([c for c in v.children if c.dep_ == "agent"] for v in _sharing_agent(verb)
                   if any(c.dep_ == "agent" for c in v.children)), [])
    agents += [c for c in verb.children if c.dep_ == "conj" and c.lower_ == "by" and agents]
    agents += [c for a in list(agents) for c in a.children if c.dep_ == "conj" and c.lower_ == "by"]  # "by X or by Y"
    for agent in agents:
        for pobj in agent.children:
            if pobj.dep_ == "pobj":
                roles += [r for r in resolver.roles_of(pobj)[0] if r not in roles]
    return roles


def _expectation(st: Statement, sentence: Span, m: re.Match, mentions: list[Mention], resolver: ActorResolver,
                 lex: Lexicon, base: int, token_at) -> Statement:
    """'X can expect from Y': the role is Y, or X's counterpart when Y is not named."""
    rest = text_of(sentence)[m.end():]
    # "… expect from Y", then "… expect Y to …"
    for pattern, rule in ((r"\s*(?:\w+\s+){0,3}?from\s+(.{1,120}?)(?::|;|\.|$| to | that |,)", "expectation_from"),
                          (r"\s+(?:that\s+)?(.{1,80}?)\s+(?:to|will|would|should|shall)\b", "expectation_object")):
        found = re.match(pattern, rest)
        if not found:
            continue
        a = base + m.end() + found.start(1)
        ys = mentions_in(mentions, a, a + len(found.group(1)))
        if ys or any(w.lower() in lex.person_words for w in re.findall(r"[\w'’]+", found.group(1))):
            # Y named: a role, or people with none ("… expect your colleagues to:"), who are no counterpart
            st.roles = list(dict.fromkeys(y.role for y in ys))
            st.actor_text, st.actor_start, st.actor_end, st.actor_rule = found.group(1), a, a + len(found.group(1)), rule
            return st
    anchor = token_at(m.start())
    verb = anchor.head if anchor is not None and anchor.dep_ in ("aux",) else anchor
    xs, xtext, xa, xb, _ = resolver.roles_of(subject_of(verb) if verb is not None else None, verb)
    ys = [lex.counterparts[x] for x in xs if x in lex.counterparts]
    st.roles = list(dict.fromkeys(ys))
    st.actor_text, st.actor_start, st.actor_end, st.actor_rule = xtext, xa, xb, "expectation_counterpart"
    return st


# ------------------------------------------------------------------ escalation


def escalation_hits(doc: Doc, lex: Lexicon) -> list[EscalationHit]:
    """Candidate escalation targets of a clause; person targets need a concern in play (checked later)."""
    hits: list[EscalationHit] = []
    # the document's own name for its personnel committee is a target too ("refer it to the Panel")
    targets = list(lex.targets) + [(role, pattern) for role, pattern in (doc._.pa_aliases or ())
                                   if role == "personnel_committee"]
    procedure = doc._.pa_procedure  # (read once: every doc._ makes an object)
    for sent in doc.sents:
        text = text_of(sent)
        folded = fold(text)  # (a pattern none of whose literals the sentence holds is not tried: Lexicon.may_match)
        base = sent.start_char - doc[0].idx if len(doc) else 0
        # procedures: "the Council's grievance procedure", "disciplinary or capability procedures"
        concern_here = lex.may_match(lex.concern, folded) and lex.concern.search(text) is not None
        for target, pattern in lex.procedures:
            if not lex.may_match(pattern, folded):
                continue
            for m in pattern.finditer(text):
                if lex.guidance_before.search(text[max(0, m.start() - 40): m.start()]):
                    continue  # "the ACAS Code of Practice on Disciplinary Procedures" names guidance, not a route
                if target == procedure and not concern_here:
                    continue  # a procedure speaking of itself ("at every stage of this disciplinary procedure …")
                tail = text[m.end(): m.end() + 60]
                word = lex.procedure_words.match(tail.lstrip())
                listed = re.match(r"\s*(?:(?:and|or|and/or|,)\s+(?:the\s+)?(?:council's\s+)?(?:formal\s+)?\w+\s*){1,5}"
                                  r"(?:procedures?|polic(?:y|ies)|process)", tail, re.I)
                if word or listed:
                    end = m.end() + (len(tail) - len(tail.lstrip()) + word.end() if word else listed.end())
                    hits.append(EscalationHit(target, base + m.start(), base + end, text[m.start():end],
                                              f"{lex.version}:escalation.procedures.{target}", sent, False))
        for m in lex.procedure_about.finditer(text) if concern_here and lex.may_match(lex.procedure_about, folded) \
                else ():
            about = re.match(r"[^.;]{0,80}", text[m.end():]).group(0)  # "… for dealing with grievances and appeals"
            for target, pattern in lex.procedure_by_content:
                named = pattern.search(about)
                end = m.end() + named.end() if named else -1
                if named and lex.concern.search(text[:m.start()] + " " + text[end:]):  # besides the one it names
                    hits.append(EscalationHit(target, base + m.start(), base + end, text[m.start():end],
                                              f"{lex.version}:escalation.procedure_about", sent, False))
        for m in lex.procedure_cases.finditer(text) if lex.may_match(lex.procedure_cases, folded) else ():
            kind = next(t for t, pattern in lex.procedures if pattern.search(m.group(0)))
            hits.append(EscalationHit(kind, base + m.start(), base + m.end(), m.group(0),
                                      f"{lex.version}:escalation.procedure_cases", sent, False))
        for m in lex.conciliation.finditer(text) if lex.may_match(lex.conciliation, folded) else ():
            hits.append(EscalationHit("conciliation", base + m.start(), base + m.end(), m.group(0),
                                      f"{lex.version}:escalation.conciliation", sent, False))
        for m in lex.code_complaint.finditer(text) if lex.may_match(lex.code_complaint, folded) else ():
            hits.append(EscalationHit("monitoring_officer", base + m.start(), base + m.end(), m.group(0),
                                      f"{lex.version}:escalation.code_complaint", sent, False))
        for m in councillor_complaints(text, lex) if lex.may_match(lex.councillor_complaint, folded) \
                and not lex.code_complaint_elsewhere.search(text) else ():
            if not lex.complaint_counts.search(text[max(0, m.start() - 20):m.start()]):
                # "a complaint against a councillor" is a complaint about a member's conduct: a Code complaint
                hits.append(EscalationHit("monitoring_officer", base + m.start(), base + m.end(), m.group(0),
                                          f"{lex.version}:escalation.councillor_complaint", sent, False))
        breach = lex.code_breach_line.search(text) if lex.may_match(lex.code_breach_line, folded) else None
        if breach is not None and not has_finite_verb(sent):
            hits.append(EscalationHit("monitoring_officer", base + breach.start(), base + breach.end(), breach.group(0),
                                      f"{lex.version}:escalation.code_breach_line", sent, False))
        for m in lex.delegation.finditer(text) if lex.may_match(lex.delegation, folded) else ():
            if any(pattern.search(text) for role, pattern in targets if role == "personnel_committee"):  # named
                hits.append(EscalationHit("personnel_committee", base + m.start(), base + m.end(), m.group(0),
                                          f"{lex.version}:escalation.delegation", sent, False))
        in_sentence = [(n, target, pattern) for n, (target, pattern) in enumerate(targets)
                       if lex.may_match(pattern, folded)]
        for v in lex.escalation_verbs.finditer(text) if in_sentence and lex.may_match(lex.escalation_verbs, folded) \
                else ():
            if lex.verbs_needing_concern_before.fullmatch(v.group(0)) and not lex.concern.search(text[:v.start()]):
                continue  # "responsibility for this review rests with the Clerk" routes nothing
            if lex.denied_before.search(text[max(0, v.start() - 20): v.start()]):
                continue  # "complaints are not dealt with by the Town Council"
            window_end = len(text)
            stop = re.search(r"[;]|\.\s|, (?:and|but) (?:any|the|it|he|she|they)\b|\bwho\b|\bwhich\b", text[v.end():])
            if stop:
                window_end = v.end() + stop.start()
            window = text[v.end(): window_end]
            listed_end = -1  # end of the last target taken, for "the Chairman/Clerk", "the Clerk or Chair"
            found = sorted((t.start(), n, target, t) for n, target, pattern in in_sentence for t in pattern.finditer(window))
            for _, _, target, t in found:
                a, b = v.end() + t.start(), v.end() + t.end()
                before = text[max(v.end(), a - 40): a]
                if listed_end >= 0 and _LISTED_TARGET.fullmatch(text[listed_end:a]) or _TITLE_LIST.fullmatch(
                        text[v.end():a]):
                    pass
                elif not lex.target_after_preposition.search(before):
                    if not lex.bare_target_prefix.fullmatch(before):
                        continue
                if re.search(r"\bnot\s+(?:with|to)\s+(?:\w+\s+){0,2}$", before, re.I):
                    continue
                if _names_party_of_concern(sent, v.start(), text[v.end():a]):
                    continue
                if target == "council" and re.search(r"\bof\s+(?:the\s+)?(?:\w+\s+){0,2}$", before, re.I) and \
                        not lex.council_route_of_before.search(before) and not lex.council_meeting_before.search(before):
                    continue  # "the Chair of the Council" names a person; "the attention of the Council" and "the next
                    # meeting of the Council" are routes
                if target == "council" and _council_meeting(text, a, b, lex) and _routine_meeting(
                        v.group(0), before, text[b:window_end], lex):
                    continue  # reporting to a meeting of the council is routine; "not … at a meeting of the Council"
                if target == "chair" and re.search(r"\bthrough\s+(?:the\s+)?$", before, re.I):
                    continue
                routed = lex.routed_objects.match(text[v.end():].lstrip()) is not None
                listed_end = b
                hits.append(EscalationHit(target, base + v.start(), base + b, text[v.start():b],
                                          f"{lex.version}:escalation.{target}", sent, not routed))
        hits += _handler_hits(sent, base, lex, procedure is not None)
        step = lex.code_procedure_steps.search(text) if procedure == "monitoring_officer" and not \
            text.rstrip().endswith("?") and not _outcome_told(text, lex) else None  # (not a question asked)
        if step is not None and (
                lex.escalation_verbs.search(text) or any(t.lemma_.lower() in lex.handling_verbs and t.pos_ == "VERB"
                                                         for t in sent)
                or dict(lex.targets)["monitoring_officer"].search(text)):
            # in a Code complaints procedure every step that deals with the complaint is a route of a Code complaint
            m = step
            hits.append(EscalationHit("monitoring_officer", base + m.start(), base + m.end(), m.group(0),
                                      f"{lex.version}:escalation.code_complaint_procedure", sent, False))
        if procedure:
            for m in lex.own_procedure.finditer(text):
                hits.append(EscalationHit(procedure, base + m.start(), base + m.end(), m.group(0),
                                          f"{lex.version}:escalation.own_procedure", sent, False))
            named = lex.own_procedure_named.search(text) if lex.may_match(lex.own_procedure_named, folded) else None
            if named and lex.concern.search(text):
                hits.append(EscalationHit(procedure, base + named.start(), base + named.end(), named.group(0),
                                          f"{lex.version}:escalation.own_procedure_named", sent, False))
    hits += _chair_of_committee_hits(doc, hits, lex)
    if any(role == "clerk" and pattern.pattern == lex.local_council_clerk.pattern for role, pattern in (doc._.pa_aliases or ())):
        hits = [replace(h, target="clerk", rule=h.rule.replace("escalation.senior_officer", "escalation.clerk"))
                if h.target == "senior_officer" and local_clerk_named(text_of(doc), h.start, h.end, lex) else h
                for h in hits]
    # a target named twice counts once: a route stated with a verb wins over a bare mention, then the first
    seen, out = set(), []
    for h in sorted(hits, key=lambda h: (not h.rule.endswith(f"escalation.{h.target}"), h.start)):
        if h.target not in seen:
            seen.add(h.target)
            out.append(h)
    return sorted(out, key=lambda h: h.start)


def _council_meeting(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """Whether the council named at ``text[start:end]`` is named as a meeting of it ("the next meeting of the
    Council", "the next Council meeting", "the Council's next meeting")."""
    return lex.council_meeting_before.search(text[max(0, start - 30):start]) is not None \
        or lex.council_meeting_after.match(text[end:end + 40]) is not None


def _routine_meeting(verb: str, before: str, after: str, lex: Lexicon) -> bool:
    """Whether a matter taken to a meeting of the council goes there routinely, not as a route: reported to it
    (unless for a decision), put before it only for information, or kept from it ("should not raise it at …")."""
    if lex.meeting_not_held.search(before) or lex.meeting_for_information.search(after):
        return True
    return lex.meeting_not_routed_by.fullmatch(verb) is not None and lex.meeting_decides.search(after) is None


def _names_party_of_concern(sent: Span, start: int, between: str) -> bool:
    """A concern named by a noun ("appeals", "a report") whose last preposition before a target makes the
    target its maker or its subject ("grievances by Chief Officers", "an appeal against a decision of the
    Panel"), not where it goes ("an appeal to the Panel")."""
    verb = next((t for t in sent if t.idx - sent.start_char == start), None)
    if verb is None or verb.pos_ != "NOUN":
        return False
    last = _LAST_PREPOSITION.findall(between)
    return bool(last) and last[-1].lower() in _PARTY_PREPOSITIONS


_LAST_PREPOSITION = re.compile(r"\b(to|with|before|by|of|against|about|concerning|regarding|from)\b", re.I)
_PARTY_PREPOSITIONS = frozenset({"by", "of", "against", "about", "concerning", "regarding", "from"})
# between two targets of one verb: "the Clerk or Chair", "the Clerk or, where it concerns the Clerk, the Chair"
# "sent to the Leader, the Deputy Leader, [the Chief Executive] …": a list of titles right after the verb's
# preposition, each of them a recipient
_TITLE_WORDS = r"(?:[A-Z][\w'’-]*|of|to|for|the)(?:\s+(?:[A-Z][\w'’-]*|of|to|for|the)){0,6}"
_TITLE_LIST = re.compile(rf"\s*(?:(?:to|with)\s+)?(?:the\s+)?[A-Z][\w'’-]*(?:\s+{_TITLE_WORDS})?"
                         rf"(?:\s*,\s*(?:the\s+)?{_TITLE_WORDS})*\s*,?\s*(?:or\s+|and\s+|and/or\s+)?(?:the\s+)?")
_LISTED_TARGET = re.compile(r"\s*(?:\([^()]{1,60}\)\s*)?,?\s*(?:/|or|and|and/or)\s*,?\s*"
                            r"(?:(?:where|if|when|unless|in case)\b[^,;.]{1,80},\s*)?(?:to\s+|with\s+)?"
                            r"(?:the\s+|their\s+|his or her\s+|that\s+|its\s+)?", re.I)


def _chair_of_committee_hits(doc: Doc, hits: list[EscalationHit], lex: Lexicon) -> list[EscalationHit]:
    """"the Chair of the Staffing Committee" is both chair and personnel committee, as a target too
    (ANNOTATION.md section 2)."""
    committee = dict(lex.targets)["personnel_committee"]
    out = []
    for h in hits:
        if h.target != "chair":
            continue
        after = text_of(doc)[h.end: h.end + 80]
        m = re.match(r"\s+of\s+(?:the\s+|its\s+|that\s+)?", after, re.I)
        named = committee.match(after, m.end()) if m else None
        if named:
            out.append(EscalationHit("personnel_committee", h.end + named.start(), h.end + named.end(),
                                     named.group(0), f"{lex.version}:escalation.chair_of_committee", h.sentence,
                                     h.needs_concern))
    return out


def _handler_hits(sent: Span, base: int, lex: Lexicon, in_procedure: bool = False) -> list[EscalationHit]:
    """A person or body that handles the concern of its sentence ("The Director will look into the
    concern", "the Panel will hear the appeal") is where the concern went (ANNOTATION.md section 4)."""
    text = text_of(sent)
    folded = fold(text)
    if not (in_procedure or lex.may_match(lex.concern, folded) and lex.concern.search(text)) and not (
            lex.may_match(lex.routed_objects, folded) and any(
            t.dep_ == "dobj" and t.head.lemma_.lower() in lex.handling_verbs
            and lex.routed_objects.fullmatch(text_of(sent.doc[t.left_edge.i: t.i + 1])) for t in sent)):
        return []  # no concern in play, none routed
    out = []
    lead_in = not in_procedure and opens_list(text)
    for target, pattern in lex.targets:
        if target == "council" or not lex.may_match(pattern, folded):
            continue  # "the Council will deal with grievances fairly" states a commitment, not a route
        for m in pattern.finditer(text):
            span = sent.doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
            if span is None:
                continue
            head = span.root
            while head.dep_ == "conj" and head.head.i != head.i:
                head = head.head
            if head.dep_ != "nsubj":
                continue
            verb = head.head  # negated: "the Chairman should not attempt to deal with grievances"
            if _handles(verb, lex):
                named_only = lead_in and not any(c.end() <= m.start() or c.start() >= m.end()
                                                 for c in lex.concern.finditer(text))
                out.append(EscalationHit(target, base + m.start(), base + m.end(), m.group(0),
                                         f"{lex.version}:escalation.handler.{target}", sent, True,
                                         remit_of_items=named_only))
    if not out and sent.start > 0:
        out += _pronoun_handler_hits(sent, base, lex)
    return out


def _outcome_told(text: str, lex: Lexicon) -> bool:
    """Whether a sentence tells the parties an outcome ("will inform you of the decision") and sends the complaint
    nowhere besides ("… and refers it to the panel" is still a step)."""
    notice = lex.outcome_notice.search(text)
    return notice is not None and lex.escalation_verbs.search(f"{text[:notice.start()]} {text[notice.end():]}") is None


def _handles(verb: Token, lex: Lexicon) -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return False
    return is_handling(verb, lex) or any(c.dep_ == "xcomp" and is_handling(c, lex) for c in verb.children)


def is_handling(verb: Token, lex: Lexicon, body: bool = False) -> bool:
    """A verb of dealing with a matter ("hear", "decide"), or one that makes a decision on it ("make decisions
    on any appeal", "reach a determination"); ``body``: a body's terms' line, which may also "take action"
    or "suspend"."""
    lemma = verb.lemma_.lower()
    nouns = lex.handling_nouns | lex.body_handling_nouns if body else lex.handling_nouns
    return lemma in lex.handling_verbs or body and lemma in lex.body_handling_verbs or \
        lemma in lex.handling_noun_verbs and any(c.dep_ == "dobj" and c.lemma_.lower() in nouns for c in verb.children)


def _pronoun_handler_hits(sent: Span, base: int, lex: Lexicon) -> list[EscalationHit]:
    """"The Appeals Panel is made up of three councillors. It will hear the appeal …": the body the sentence
    before is about handles the concern that "it" or "they" handles."""
    pronoun = next((t for t in sent if t.dep_ == "nsubj" and t.lower_ in ("it", "they") and t.head == sent.root
                    and _handles(t.head, lex)), None)
    if pronoun is None:
        return []
    before = sent.doc[:sent.start].sents
    previous = list(before)[-1] if sent.start else None
    if previous is None:
        return []
    for target, pattern in lex.targets:
        if target == "council":
            continue
        for m in pattern.finditer(text_of(previous)):
            span = sent.doc.char_span(previous.start_char + m.start(), previous.start_char + m.end(),
                                      alignment_mode="expand")
            if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
                at = base - (sent.start_char - previous.start_char) + m.start()  # the antecedent, as evidence
                return [EscalationHit(target, at, at + len(m.group(0)), m.group(0),
                                      f"{lex.version}:escalation.handler_pronoun.{target}", sent, True)]
    return []


_NOT_A_TITLE = re.compile(r"[.;:,]$|^(?:\d+(?:\.\d+)*\.?|\(?[a-z]\)|\(?[ivx]+\))\s")  # a sentence or a numbered clause


def title_lines(text: str, lex: Lexicon, lines: int = 8, kind: bool = True) -> list[str]:
    """The lines among a document's first that name what kind of document it is ("Staff Grievance
    Procedure", "Dignity at Work Policy"); ``kind=False``: every title-like line."""
    head = _opening_lines(text)[:lines]
    return [ln for ln in head if len(ln) <= 120 and not _NOT_A_TITLE.search(ln)
            and (not kind or lex.document_kinds.search(ln))]


_MENU_RUN = 5  # this many short lines in a row, none a sentence, are a web page's menu


@lru_cache(maxsize=32)  # (read for the opening lines and the first content line: classified once)
def _classified_lines(text: str, chars: int = 3000) -> list:
    found = split_lines(text[:chars])
    classify_lines(found)
    return found


@lru_cache(maxsize=4)
def _first_content_line(text: str, chars: int = 3000) -> str:
    """The first line of a document that is not a web page's furniture."""
    found = _classified_lines(text, chars)
    return next((ln.text.strip() for ln in found if ln.kind == "content" and ln.text.strip()), "")


_PARAGRAPH_WORDS = 16  # more words than this in a line, or in the lines of one sentence wrapped, is a paragraph
_WRAPPED = re.compile(r"^[a-z]")  # a line that goes on with the sentence of the line before ("… effective communication"
# + "using e-mail for all councillors."): the line a page broke a sentence at
_WRAP_WORDS = 8  # a line a page broke a sentence at is a full line of prose: this many words at least (a title is shorter)


def _wrapped_run(lines: list[str], k: int) -> str:
    """Line ``k`` with the lines it is wrapped from and into, when they make one sentence a page (or its PDF)
    broke over several lines ("The Council's e-mail policy aims to guide effective communication" / "using e-mail
    for all members and the clerk."), joined, so that a paragraph hard-wrapped into short lines is not read as a
    stack of titles. A line is taken as broken only after a full line of prose (``_WRAP_WORDS``) and before a
    lower-case word, and the joined lines must end their sentence: a long title wrapped onto an "and …" line, or
    over "(adopted …)", stays a title."""
    def broken_after(n: int) -> bool:
        return (_WRAPPED.match(lines[n + 1]) is not None and not SENTENCE_END.search(lines[n])
                and len(lines[n].split()) >= _WRAP_WORDS)

    lo = k
    while lo > 0 and broken_after(lo - 1):
        lo -= 1
    hi = k
    while hi + 1 < len(lines) and broken_after(hi):
        hi += 1
    return " ".join(lines[lo:hi + 1]) if lo < hi and SENTENCE_END.search(lines[hi]) else lines[k]


@lru_cache(maxsize=32)  # asked for the document kind, its body, its role and its concern: read once (a batch of 8)
def _opening_lines(text: str, chars: int = 3000) -> tuple[str, ...]:
    """A document's lines above its first paragraph, without a web page's furniture: cookie notices,
    breadcrumbs, skip links (the segmenter's line classes) and menus (runs of short lines, none a sentence)."""
    found = [ln.text for ln in _classified_lines(text, chars) if ln.kind == "content" and ln.text]
    content = []
    for k, line in enumerate(found):
        run = _wrapped_run(found, k)
        if sum(1 for w in run.split() if any(c.isalpha() for c in w)) > _PARAGRAPH_WORDS:
            break  # the body's first paragraph: the titles are above it (a title's dashes are no words)
        content.append(line)
    short = [len(t.split()) <= 4 and not re.search(r"[.;:,?!]$", t) for t in content]
    keep, i = [], 0
    while i < len(content):
        j = i
        while j < len(content) and short[j]:
            j += 1
        if j - i >= _MENU_RUN:
            i = j  # a menu
            continue
        keep.extend(content[i:max(j, i + 1)])
        i = max(j, i + 1)
    return tuple(keep)


def document_procedure(text: str, lex: Lexicon) -> str | None:
    """The escalation target a document is the procedure of: "use this procedure" in a grievance
    procedure is a route to the grievance procedure (ANNOTATION.md section 4)."""
    titles = title_lines(text, lex, kind=False)
    for line in titles:
        if lex.code_complaint.search(line) or lex.code_complaint_title.search(line) or _standards_body(line, lex) or \
                next(councillor_complaints(line, lex), None) is not None:
            return "monitoring_officer"
    complaints_title = any(_COMPLAINT_WORD.search(line) for line in titles)
    if complaints_title and _opening_names_code_complaint(text, titles, lex):
        return "monitoring_officer"  # "Handling complaints" over "Once your complaint about a councillor arrives …"
    for line in title_lines(text, lex):
        for target, pattern in lex.procedures:
            if pattern.search(line):
                # a title naming two kinds ("Disciplinary and Grievance Policy"): the text says which this is
                named = sum(1 for _, kind in lex.procedure_by_content if kind.search(line))
                return (procedure_by_content(text, lex) or target) if named > 1 else target
    found = procedure_by_content(text, lex)
    # a council's own complaints procedure (complaints about its services, decisions or staff) whose opening names
    # no complaint about a councillor only sets Code complaints aside, however often it names them
    if found == "monitoring_officer" and complaints_title and any(
            lex.own_complaint.search(sent) and not lex.code_complaint_elsewhere.search(sent)
            for sent in SENTENCE_BREAK.split(text)):
        return None
    return found


def _standards_body(title: str, lex: Lexicon) -> bool:
    """Whether a title names a standards body, and no staffing body beside it ("Appeals and Standards Committee"
    hears staff appeals too: its steps are not all Code routes)."""
    return lex.standards_body_title.search(title) is not None and not any(
        target == "personnel_committee" and pattern.search(title) for target, pattern in lex.targets)


def titled_procedure(text: str, lex: Lexicon) -> str | None:
    """The one kind of procedure a document's title says it is ("Staff Disciplinary Procedure"), when it is no
    body's terms of reference ("Disciplinary Panel - Terms of Reference"); None for a title naming two kinds or
    none (what its text names does not count)."""
    kinds = {target for line in title_lines(text, lex) for target, pattern in lex.procedures if pattern.search(line)}
    return kinds.pop() if len(kinds) == 1 and not terms_of_reference_body(text, lex) else None


_COMPLAINT_WORD = re.compile(r"\bcomplain", re.I)
_OPENING_SENTENCES = 2  # sentences after a page's titles that can say what its complaints are about
_PROSE_LINE_WORDS = 8  # a line of prose has this many words at least


def _opening_names_code_complaint(text: str, titles: list[str], lex: Lexicon) -> bool:
    """Whether the first sentences after a page's titles name complaints about councillors."""
    after = text.find(titles[-1]) + len(titles[-1]) if titles else 0
    sentences = [sent for ln in text[after:].splitlines() if len(ln.split()) >= _PROSE_LINE_WORDS
                 for sent in SENTENCE_BREAK.split(ln.strip())]  # (lines of prose: not "Last updated 4 March 2025")
    opening = " ".join(sentences[:_OPENING_SENTENCES])
    if lex.code_complaint_elsewhere.search(opening):
        return False  # "This procedure is not for complaints about a councillor", "… are handled separately"
    if lex.code_complaint.search(opening) or lex.code_complaint_parties.search(opening):
        return True  # "… complaints that a councillor broke the Code", "… unless the Subject Member persuades …"
    # complaints about councillors alone, not one of a list ("complaints against Councillors, the Clerk, …")
    return next(councillor_complaints(opening, lex, lex.code_complaint_title), None) is not None or \
        next(councillor_complaints(opening, lex), None) is not None


def councillor_complaints(text: str, lex: Lexicon, pattern: re.Pattern | None = None):
    """The complaints about councillors ``text`` names (``pattern``, by default the lexicon's
    ``councillor_complaint``) that are not about one party among others ("complaints against councillors, the Clerk
    or a service") nor about someone else ("a member of our staff")."""
    return (m for m in (pattern or lex.councillor_complaint).finditer(text)
            if not lex.code_complaint_others.match(text[m.end():].lstrip()))


def procedure_by_content(text: str, lex: Lexicon) -> str | None:
    """The procedure a document without a telling title keeps naming: at least a few mentions, one every
    thousand characters or so, and twice as many as any other kind ("… grievance … grievances … the
    grievance …" in an untitled page)."""
    counts = sorted(((n, target) for target, n in procedure_mentions(text, lex).items()), reverse=True)
    if not counts:
        return None
    (top, target), runner_up = counts[0], counts[1][0] if len(counts) > 1 else 0
    needed = max(lex.procedure_mentions_needed, len(text) // lex.procedure_chars_per_mention)
    return target if top >= needed and top >= 2 * runner_up else None


def _once_per_text(function):
    """``function(text, lex)`` worked out once for a document's text and lexicon (the last 32 asked): its
    aliases and its subject both ask it."""
    kept: dict[tuple[str, int], tuple[Lexicon, object]] = {}

    @wraps(function)
    def once(text: str, lex: Lexicon):
        found = kept.get((text, id(lex)))
        if found is None or found[0] is not lex:
            if len(kept) >= 32:
                kept.clear()
            found = kept[text, id(lex)] = (lex, function(text, lex))
        return found[1]
    return once


@_once_per_text  # (read-only: a dict)
def procedure_mentions(text: str, lex: Lexicon) -> dict[str, int]:
    """How often a document names each kind of procedure (the lexicon's ``procedure_by_content``)."""
    return {target: len(pattern.findall(text)) for target, pattern in lex.procedure_by_content}


@_once_per_text
def terms_of_reference_body(text: str, lex: Lexicon) -> str | None:
    """The role of the body whose terms of reference the document is ("Staffing Committee – Terms of
    Reference"): its unnumbered functions ("To appoint staff") and quorum are that body's."""
    body = _terms_of_reference_body(text, lex)
    if body == "committee" or body is None and lex.terms_of_reference_titles.search(text[:_TOR_HEADING_CHARS]):
        functions = function_lines(text, lex)
        staff = [ln for ln in functions if lex.staffing_functions.search(ln) and not lex.non_staff_matters.search(ln)]
        if len(functions) >= 2 and len(staff) * 2 > len(functions) \
                and not _introduces_another_remit(text, functions[0], lex):
            return "personnel_committee"  # a body named for no remit whose functions are staff matters ("Hearings Panel")
    return body


def _introduces_another_remit(text: str, first_function: str, lex: Lexicon) -> bool:
    """Whether the text before its first function line names a body for a remit other than staff ("The
    functions of the Planning Committee are:")."""
    opening = text[:text.find(first_function)]
    return any(lex.other_remits.search(m.group(0)) for m in lex.named_body.finditer(opening)
               if not any(x.role == "personnel_committee" for x in role_mentions(m.group(0), lex, ()))
               and not lex.parent_body_before.search(opening[:m.start()]))


def _terms_of_reference_body(text: str, lex: Lexicon) -> str | None:
    if _unnamed_staffing_terms(text, lex):
        return "personnel_committee"
    titles = title_lines(text, lex, kind=False)
    head = " ".join(titles)
    if not lex.terms_of_reference_titles.search(head) and not _terms_of_reference_heading(text, lex):
        return _body_named_by_title(titles, text, lex) or _body_page(titles, lex) \
            or _staffing_body_of_functions(text, lex)
    named = next((m for m in role_mentions(head, lex) if m.role in BODY_ROLES), None)
    if named is None or named.role == "committee" and _ROLE_NAME.sub("", named.text).strip().lower() == "committee":
        # the titles name no body, or only "the Committee": a staffing body the page names above its terms
        # ("Staffing Committee" over its members' names, "copies of Staffing Committee agendas …")
        tor = lex.terms_of_reference_titles.search(text[:_TOR_HEADING_CHARS])
        headings = [ln.strip() for ln in (text[:tor.start()] if tor else "").splitlines()
                    if 0 < len(ln.split()) <= _TOR_HEADING_WORDS and not SENTENCE_END.search(ln)]
        if any(m.role == "personnel_committee" for ln in headings for m in role_mentions(ln, lex)):
            return "personnel_committee"
    if named is not None:
        return named.role
    # terms of reference whose titles name no body ("TERMS OF REFERENCE" over "To oversee …"): a committee's, unless
    # it deals with staff matters (then a staffing body's, or left for terms_of_reference_body to judge)
    staffing = _staffing_body_of_functions(text, lex)
    functions = function_lines(text, lex)
    if staffing is None and functions and not any(
            lex.staffing_functions.search(ln) and not lex.non_staff_matters.search(ln)
            and not lex.appointed_bodies.search(ln) for ln in functions) \
            and not lex.committee_matters.search(text) and not _names_staff_procedures(text, lex) \
            and not any(m.role == "personnel_committee" for m in role_mentions(text, lex)):
        return "committee"
    return staffing


BODY_ROLES = ("personnel_committee", "committee")  # the bodies terms of reference are of

def _names_staff_procedures(text: str, lex: Lexicon) -> bool:
    """Whether a text names grievances, discipline or capability (the lexicon's ``procedure_by_content``)."""
    return any(n for target, n in procedure_mentions(text, lex).items() if target != "monitoring_officer")


def _body_named_by_title(titles: list[str], text: str, lex: Lexicon) -> str | None:
    """A page titled only with a body's name ("Staffing Committee", "The HR Panel") whose lines include its
    functions ("To appoint staff") is that body's terms of reference without saying so. The name must be the
    last title line but dates and the terms' own section headings ("Standards Sub-Committee" over "Purpose";
    "Personnel Committee" over "Annual report" is a report)."""
    opening = list(takewhile(lambda line: not _LEAD_IN_OR_ITEM.search(line), titles))  # (above "Its role is to:-")
    named = [line for line in opening if not re.search(r"\d", line)]
    while len(named) > 1 and lex.terms_of_reference_sections.fullmatch(named[-1].strip(" :.-–")):
        named.pop()
    for line in named[-1:]:
        found = role_mentions(line, lex)
        if len(found) != 1 or found[0].role not in BODY_ROLES:
            continue
        rest = (line[:found[0].start] + line[found[0].end:]).strip(" -–:")
        if found[0].role == "committee" and lex.named_body.fullmatch(line.strip(" -–:")):
            rest = ""  # a committee's name: its remit qualifies the noun ("Standards Sub-Committee")
        if _ROLE_NAME.sub("", rest).strip(" -–:") or lex.document_kinds.search(rest):
            continue  # more than a name ("Staffing Committee minutes", "Appeals Panel Procedure")
        if any(lex.terms_of_reference_lines.match(strip_marker(ln.strip())) for ln in text.splitlines()) \
                or lex.unnamed_committee_functions.search(text):  # "The role of the Committee is to …"
            return found[0].role
    return None


_OPENS_LIST = re.compile(r":\s*[-–—]?\s*$")  # "… are:", "Its role is to:-"
_LEAD_IN_OR_ITEM = re.compile(rf"{_OPENS_LIST.pattern}|^\s*[•·▪◦*-]")  # a line that opens a list or is in one


def opens_list(text: str) -> bool:
    """Whether a clause ends as a list's lead-in does: with a colon, or the colon and dash of "Its role is to:-"."""
    return _OPENS_LIST.search(text) is not None


def _body_page(titles: list[str], lex: Lexicon) -> str | None:
    """The body a committee site's page is about ("Information about Appeals Committee"): its lines that name
    no actor are that body's, whatever they list (the site's pages give a body's remit in its own layout)."""
    for line in titles:
        opening = lex.body_page_titles.match(line.strip())
        if opening is None:
            continue
        name = re.sub(r"\s*\([^()]*\)$", "", line.strip()[opening.end():]).strip(" -–:")  # "(Chief Officers)"
        found = role_mentions(name, lex)
        article = lex.determiners.match(name)
        if len(found) == 1 and found[0].role in BODY_ROLES and lex.named_body.fullmatch(
                name[article.end():] if article else name):
            return found[0].role
    return None


def _staffing_body_of_functions(text: str, lex: Lexicon) -> str | None:
    """A page of a body's function lines ("To hear appeals …") whose only named bodies are staffing bodies
    ("Dates of the Staff Appeals Panel", "copies of Staffing Committee agendas") and which describes no one
    role: that body's terms of reference, its title lost or never a title. A page titled as another kind of
    document ("Councillor and Clerk Protocol", "Dignity at Work Policy") is not."""
    if len(function_lines(text, lex)) < _FUNCTION_LINES or any(
            lex.document_kinds.search(t) and not lex.terms_of_reference_titles.search(t)
            for t in title_lines(text, lex, kind=False)):
        return None
    named = {m.role for m in role_mentions(text, lex) if m.role in BODY_ROLES
             and _ROLE_NAME.sub("", m.text).strip().lower() not in _BARE_BODY_NAMES}
    named |= {role for _, role in _named_bodies(text, lex) if role != "other"}  # "the Planning Committee"
    if named == {"personnel_committee"} and role_description_subject(text, lex) is None:
        return "personnel_committee"
    return None


_BARE_BODY_NAMES = ("committee", "panel", "sub-committee", "subcommittee")
_TOR_HEADING_CHARS = 2000
_TOR_HEADING_WORDS = 10


def _terms_of_reference_heading(text: str, lex: Lexicon, chars: int = _TOR_HEADING_CHARS) -> bool:
    """A heading line that opens with "Terms of reference" near the top, under a title that names the body
    ("Appeals Panel" … "Terms of reference", "Terms of Reference and what is delegated:")."""
    return any(lex.terms_of_reference_titles.match(line.strip(" :.-–").lower())
               and len(line.split()) <= _TOR_HEADING_WORDS and not SENTENCE_END.search(line)
               for line in text[:chars].splitlines())


# words around a name that say nothing more ("Information about Staffing Committee": a committee site's page)
_ROLE_NAME = re.compile(r"\b(?:the|a|an|our)\b|\b(?:town|parish|city|community|lord|deputy|vice)\b|^information about\b",
                        re.I)


def role_description_subject(text: str, lex: Lexicon) -> str | None:
    """The one role a role description is about ("The Role of the Town Clerk", "Office of Mayor", a title
    that is only "The Chairperson"): its unnumbered lines ("To sign the minutes") are that role's. A document
    whose titles describe several roles (a protocol's contents) has none."""
    subjects, named_alone = set(), set()
    titles = title_lines(text, lex, kind=False)
    if _councillor_office(text, titles, lex):
        return "councillor"
    questions = sum(1 for line in titles if line.rstrip().endswith("?"))
    for n, line in enumerate(titles):
        if n and line.rstrip().endswith("?") and questions > 1:
            continue  # questions further down ("What does the Clerk do?" in an FAQ) are no title; one alone is
        found = _without_seats(_without_qualifying_bodies(role_mentions(line, lex)), line)
        of = re.search(r"\b(?:role|duties|responsibilities|office) of (?:the |a |an |our )?", line, re.I)
        if of and any(m.start == of.end() for m in found):
            found = [m for m in found if m.start == of.end()]  # "The role of the Chair at meetings of the Town Council"
        if {m.role for m in found} in ({"chair", "committee"}, {"chair", "personnel_committee"}):
            found = [m for m in found if m.role == "chair"]  # "Committee Chairman", "Chair of the Staffing Committee"
        if len({m.role for m in found}) != 1:
            continue
        rest = _without_body_name(line, lex, titles)
        for m in sorted(role_mentions(rest, lex), key=lambda m: -m.start):  # (the bodies qualifying it too)
            rest = rest[:m.start] + rest[m.end:]
        only_name = not _ROLE_NAME.sub("", _SEAT.sub("", rest)).strip(" -–:&") \
            and not lex.document_kinds.search(rest)  # "Mayor of Exampleton", not "… Charity Appeal Policy"
        if lex.role_description_titles.search(line) or only_name and found[0].role in lex.office_roles:
            subjects.add(found[0].role)
        elif found[0].role in lex.office_roles:  # (not the council, whose name heads every page of its site)
            named_alone.add(found[0].role)
    if not subjects and len(named_alone) == 1 and any(
            lex.role_description_titles.search(line) and not role_mentions(line, lex) for line in titles):
        subjects |= named_alone  # "Scrutiny Committee Chair" over "Main Purpose of Role" / "Duties and Responsibilities"
    if not subjects:  # an untitled page that opens "The role of the Parish Clerk is …"
        m = lex.role_description_openings.match(_first_content_line(text))
        found = {x.role for x in _without_qualifying_bodies(role_mentions(m.group(0), lex))} if m else set()
        if len(found) == 1:
            subjects |= found
    return subjects.pop() if len(subjects) == 1 else None


def _without_body_name(title: str, lex: Lexicon, titles: list[str]) -> str:
    """A title opening with a body's name and the office it qualifies, without the name ("Licensing Committee
    Chair" -> "Committee Chair"); any other title as it is ("For Panel Chairs": whose lines follow), and every title
    of a body's own page (another title line is only the body's name: "Licensing Committee")."""
    m = lex.named_body.match(title)
    if m is None or m.group(1).split()[0].lower() in lex.role_heading_words or not any(
            o.start == m.start(2) and o.end > m.end(2) for o in role_mentions(title, lex)) or any(
            t != title and lex.named_body.fullmatch(t.strip(" :-–")) for t in titles):
        return title
    return title[m.start(2):]


def _without_seats(found: list[Mention], line: str) -> list[Mention]:
    """Mentions without the council or committee an office named before it sits on ("Chair and Vice-Chair of
    the Council", "Chairperson: Role on community councils"): the office is what the title names."""
    return [m for m in found if not (m.role in _QUALIFYING_BODIES and _SEAT_BEFORE.search(line[:m.start]) and any(
        o.role not in _QUALIFYING_BODIES and o.end <= m.start for o in found))]


_SEAT_BEFORE = re.compile(r"\b(?:of|on)\s+(?:the\s+|a\s+|our\s+)?$", re.I)
# what may follow an office's name in a title that is only that name: "and" another of its names, the place or
# body it is held in, in at most two capitalised words ("Provost of Exampleshire", "Chair and Vice-Chair of the
# Council"; not "Mayor of Exampleton Charity Rules")
_SEAT = re.compile(r"\b(?i:and)\b|&|\b(?i:of|on)\b(?:\s+(?:(?i:the)\s+)?[A-Z][\w'’-]*){0,2}(?![\w'’ -]*[A-Z])")


def _councillor_office(text: str, titles: list[str], lex: Lexicon) -> bool:
    """A page titled with a councillor's office ("Lead Councillor for Children", "Armed Forces Champion") whose
    first role named after its titles is a councillor's ("A Member of the Executive …"): that office's description."""
    office = next((t for t in titles if lex.councillor_office_titles.fullmatch(t.strip())), None)
    if office is None:
        return False
    after = text.find(titles[-1]) + len(titles[-1])
    first = next(iter(role_mentions(text[after:after + _OFFICE_OPENING_CHARS], lex)), None)
    return first.role == "councillor" if first is not None else \
        any(m.role == "councillor" for m in role_mentions(office, lex))


_OFFICE_OPENING_CHARS = 600  # where a councillor's office page says who holds it
_QUALIFYING_BODIES = frozenset({"council", "committee"})


def _without_qualifying_bodies(found: list[Mention]) -> list[Mention]:
    """Mentions without a council or committee that only qualifies the role named right after it ("Town Council
    Clerk", "Local Authority Councillor", "Planning Committee members")."""
    return [m for m in found if not (m.role in _QUALIFYING_BODIES and any(
        o.role not in _QUALIFYING_BODIES and 0 <= o.start - m.end <= 1 for o in found))]


def heading_roles(heading: str, lex: Lexicon) -> list[str]:
    """The roles a section heading of a role description names and nothing else ("For Scrutiny Chairs and
    Leads", "General for all Cabinet Members:", "Vice-Chair's duties"): the holders of its lines; [] otherwise.

    >>> from protocol_analytics.rules.lexicon import load_lexicon
    >>> heading_roles("For all Councillors and the Chair:", load_lexicon()), heading_roles("Meetings", load_lexicon())
    (['councillor', 'chair'], [])
    """
    found = role_mentions(heading, lex)
    if not found or len(heading) > _HEADING_ROLE_CHARS or not lex.role_heading.search(heading.strip()):
        return []
    rest = heading
    for m in sorted(found, key=lambda m: -m.start):
        rest = rest[:m.start] + " " + rest[m.end:]
    # other capitalised words qualify the roles ("Scrutiny", "Cabinet"); lower-case ones must be of the heading's kind
    allowed = lex.role_heading_words
    words = {w.lower() for w in re.findall(r"[\w&]+", rest) if not w[:1].isupper() or w.lower() in allowed}
    return list(dict.fromkeys(m.role for m in sorted(found, key=lambda m: m.start))) if words <= allowed else []


_HEADING_ROLE_CHARS = 60


def document_subject(text: str, lex: Lexicon) -> str | None:
    """Whose lines a document's verbless and infinitive lines are: the body of its terms of reference, else
    the role its title describes."""
    return terms_of_reference_body(text, lex) or described_role(text, lex)


@_once_per_text
def described_role(text: str, lex: Lexicon) -> str | None:
    """The role a role description is about; None for terms of reference (their body is no role described)
    and for any other document."""
    return None if terms_of_reference_body(text, lex) else role_description_subject(text, lex)


_QUORUM_BODIES = ("personnel_committee", "committee", "council")
COMMITTEE_BODIES = ("personnel_committee", "committee")
QUORUM_COUNTED = frozenset({"councillor", *_QUORUM_BODIES})  # the members a quorum rule counts act in nothing
_QUORUM_NAME_CHARS = 30  # "a quorum of the Planning and Highways Committee"
_SELF_MENTIONS = 2  # a community council's own page names it more than once; a town council's names others once
_QUORUM_OF = re.compile(r"\bquorum (?:of|for) (?:the |a |this |each |any )?", re.I)  # "a quorum of the Committee"


def quorum_body(sentence: Span, lex: Lexicon, document_body: str | None) -> Mention | None:
    """The body a sentence sets the quorum of ("The Committee's quorum shall be four members", "Four members shall
    constitute a quorum"), with the words that set it as evidence: the body it names, else the document's own
    committee, else the council; None when the sentence sets no quorum ("If a quorum is not present, the
    Chair …" is the Chair's)."""
    text = text_of(sentence)
    rule = lex.quorum_rules.search(text)
    if rule is None:
        return None
    base = sentence.start_char - sentence.doc[0].idx if len(sentence.doc) else 0  # mentions count from the clause
    bodies = [m for m in mentions_in(sentence.doc._.pa_mentions or [], base, base + len(text))
              if m.role in _QUORUM_BODIES]
    of = _QUORUM_OF.search(text)
    named_after_of = [m.role for m in bodies if of is not None and 0 <= m.start - base - of.end() <= _QUORUM_NAME_CHARS]
    own = [document_body] if document_body in COMMITTEE_BODIES else []  # a committee's terms: its own rules, even
    # where they count "members of the Council"
    named = named_after_of or own or [m.role for m in bodies]
    body = named[0] if named else document_body if document_body in _QUORUM_BODIES else "council"
    if body == "committee" and document_body == "personnel_committee":
        body = document_body  # "the committee" of a personnel committee's terms is that committee
    start = base + rule.start()
    return Mention(body, start, start + len(rule.group(0)), rule.group(0), f"{lex.version}:quorum_rules")


def has_concern(text: str, lex: Lexicon) -> bool:
    return bool(lex.concern.search(text))


# ------------------------------------------------------------------ a whole clause


def governing_statement(analysis: ClauseAnalysis, lex: Lexicon) -> Statement | None:
    """The statement of a lead-in that governs its list: the last one of the sentence that ends in the colon
    ("… will normally be followed. Examples of misconduct are:" governs nothing)."""
    if not analysis.statements:
        return None
    if ends_sentence(text_of(analysis.statements[0].sentence.doc), lex):
        return None
    sentences = list(analysis.statements[0].sentence.doc.sents)
    final = [s for s in analysis.statements if s.sentence.start == sentences[-1].start]
    pointing = [(sent, m) for sent in sentences[:-1] if (m := lex.list_pointers.search(text_of(sent)))]
    if pointing and not lex.list_openers.search(text_of(sentences[-1])) and not _completed_by_items(sentences[-1]):
        # "Staff must not do any of the following, on pain of discipline. A few count as gross misconduct:": the
        # statement on the list, in the sentence that points at it, governs it, not a remark after
        sent, pointer = pointing[-1]
        at = sent.start_char - sent.doc[0].idx + pointer.start()
        on_list = [s for s in analysis.statements if s.sentence.start == sent.start and s.cue_start >= at]
        if on_list:
            return on_list[0]
    if not final and len(sentences) > 1 and lex.anaphoric_openers.match(text_of(sentences[-1])):
        # "X is responsible for … This is achieved through:" goes on with the sentence before
        final = [s for s in analysis.statements if s.sentence.start == sentences[-2].start]
    if not final:
        return None
    expectation = [s for s in final if s.duty == "expectation"]
    return expectation[-1] if expectation else final[-1]


SENTENCE_END = re.compile(r"[.!?][\"'’”)]*\s*$")  # a clause that ends its sentence


def _completed_by_items(sentence: Span) -> bool:
    """A lead-in's sentence its list's items complete: it breaks off on a function word ("… harassment of its:",
    "… the right to:")."""
    words = [t for t in sentence if not t.is_punct and not t.is_space]
    return bool(words) and words[-1].pos_ in ("DET", "ADP", "CCONJ", "SCONJ", "PART", "AUX", "PRON")


def ends_sentence(text: str, lex: Lexicon) -> bool:
    """A clause that ends its sentence ("… by managing the meetings.") governs no list after it; one that ends
    in a colon, a dash, "to" or nothing does ("The Chair should:-", "Members will"), and so does a sentence that
    points at what follows ("The Clerk will carry out the following tasks.")."""
    if SENTENCE_END.search(text) is None:
        return False
    return lex.list_openers.search(last_sentence(text)) is None


def infinitive_line(doc: Doc) -> Span | None:
    """The opening words of a clause that is only an infinitive ("To uphold …", "Not to convene …"): its
    first sentence's root is the verb after "to" (not "To ensure fairness, the Clerk will …"), or None."""
    at = 1 if len(doc) > 2 and doc[0].lower_ == "not" else 0
    if len(doc) >= 2 and doc[0].pos_ == "ADP" and doc[0].lower_ != "to":
        return _infinitive_after_fronted_phrase(doc)
    verb = infinitive_verb(doc, at)
    if verb is None:
        return None
    if verb.tag_ == "VB" and verb.head.i != verb.i and verb.dep_ != "ROOT" or verb.tag_ != "VB" and has_finite_verb(
            next(iter(doc.sents))):
        return None
    if ":" in next(iter(doc.sents)).text:
        return None  # a signpost ("To find out more: www…"), not a duty
    return doc[0: verb.i + 1]


def _verb_of_phrase(preposition: Token) -> Token:
    """The verb a prepositional phrase tells about, also where the parser hung it on the verb's object ("settles
    urgent matters under delegated authority"); the preposition itself when it tells about no verb."""
    head = preposition.head
    while head.pos_ in ("NOUN", "PROPN") and head.dep_ in ("dobj", "attr") and head.head.i != head.i:
        head = head.head
    return head if head.pos_ in ("VERB", "AUX") else preposition


def present_tense_line(doc: Doc, lex: Lexicon) -> Token | None:
    """The verb a clause opens with when the clause only describes, in the present tense and with no subject or
    modal of its own, what someone does ("Considers complaints about councillors.", "reports to Full Council;"
    under "The Committee:"): a description, which states no duty and so no role (ANNOTATION.md sections 2 and
    3). The tagger often takes such a verb for a plural noun ("Promotes and maintains …"): a word in -s whose
    stem is one of the lexicon's verbs of instruction or of handling counts too. None otherwise."""
    if len(doc) < 2:
        return None
    first = doc[0]
    word = first.lower_
    if not word.endswith("s") or word in _NOT_DESCRIBING:
        return None
    stems = {word[:-1], word[:-2], word[:-3] + "y"}
    if first.tag_ != "VBZ" and not (first.tag_ in ("NNS", "NNPS") and not (stems.isdisjoint(lex.imperative_verbs)
                                                                 and stems.isdisjoint(lex.handling_verbs))):
        return None
    return None if any(t.tag_ == "MD" for t in next(iter(doc.sents))) else first


_NOT_DESCRIBING = frozenset({"is", "has", "was", "does", "needs", "means", "includes"})  # (cues, or a definition)


def present_tense_paragraph(doc: Doc, lex: Lexicon) -> bool:
    """A paragraph whose every sentence says in the simple present, with no modal, what someone does or is made of
    ("The committee publishes a report every year.", "The panel comprises five members."): a description, with no
    duty and so no role (ANNOTATION.md sections 2 and 3); not where its verb is one whose present carries a cue
    ("is", "has", "needs", "expects": lexicon ``description_exempt_verbs``)."""
    sents = list(doc.sents)
    if not sents:
        return False
    for sent in sents:
        root = sent.root
        if root.tag_ not in ("VBZ", "VBP") or root.lemma_.lower() in lex.description_exempt_verbs \
                or any(t.tag_ == "MD" or t.lower_ == "to" for t in sent):
            return False
    return True


def gerund_line(doc: Doc) -> Span | None:
    """The opening word of a clause that is only a gerund phrase ("Chairing the monthly meetings.", a role
    profile's line), with no finite verb and no label's colon in its first sentence, or None."""
    if len(doc) < 2 or doc[0].tag_ != "VBG" or not doc[0].text[:1].isupper():
        return None
    first = next(iter(doc.sents))
    # a finite verb only in what the gerund governs is part of the line ("Ensuring that members are briefed")
    governs_all = doc[0].dep_ == "ROOT" and all(t.i == doc[0].i or doc[0] in t.ancestors for t in first
                                                if t.tag_ in _FINITE_TAGS)
    return None if has_finite_verb(first) and not governs_all or ":" in first.text else doc[0:1]


def infinitive_verb(doc: Doc, at: int = 0) -> Token | None:
    """The verb of a line opening with an infinitive at ``doc[at]`` ("To appoint …"), also where the tagger
    misread it: after an adverb ("To annually review …") or taken for a noun or adverb before its object ("To
    chair meetings", "To authorise an investigation"); not "To date, …" or "To members of staff"."""
    if len(doc) < at + 2 or doc[at].lower_ != "to":
        return None
    word = doc[at + 1]
    if word.tag_ == "VB":
        return word
    if len(doc) < at + 3:
        return None
    after = doc[at + 2]
    if word.tag_ == "RB" and after.tag_ == "VB":
        return after  # a split infinitive
    misread = word.is_lower and word.is_alpha and word.tag_ in _MISREAD_VERB_TAGS and not after.is_punct \
        and after.tag_ in _OBJECT_TAGS
    return word if misread else None


_MISREAD_VERB_TAGS = ("NN", "RB", "JJ", "VBP")
_OBJECT_TAGS = ("DT", "PRP$", "PRP", "NN", "NNS", "NNP", "NNPS", "JJ", "CD", "PDT")
_FRONTED_TOKENS = 25  # "In addition to the duties of every member, to lead …": the phrase before the comma


def _infinitive_after_fronted_phrase(doc: Doc) -> Span | None:
    """"In addition to what every member does, to lead the committee's work": an infinitive line behind a
    fronted phrase and its comma, with no finite verb of its own after the comma."""
    first = next(iter(doc.sents))
    for t in first[:_FRONTED_TOKENS]:
        if t.text == "," and t.i + 2 < first.end and doc[t.i + 1].lower_ == "to" and doc[t.i + 2].tag_ == "VB":
            rest = doc[t.i + 1: first.end]
            if has_finite_verb(rest) or ":" in rest.text:
                return None
            return doc[t.i + 1: t.i + 3]
    return None


def _only_statement(sentence: Span, lemma: str, modal: Token, start: int, verb: Token, actor: tuple) -> Statement:
    """The prohibition that "only" adds to a modal's permission or duty: everyone or everything else is excluded."""
    only = Statement(sentence, f"modal_{lemma}_only", "prohibition", modal.text, start, start + len(modal.text),
                     kind="modal")
    only.roles, only.actor_text, only.actor_start, only.actor_end, only.actor_rule = actor
    only.verb = verb
    return only


def _restricted_by_only(modal: Token, verb: Token, subj: Token | None, trailing: bool = True) -> bool:
    """"Only X may …", "can only be accepted if …", "may be withdrawn only with the consent of …": "only"
    before the verb, on the subject, or (when trailing) on the verb or a phrase that hangs on it."""
    doc = modal.doc
    if any(_only(t) for t in doc[modal.i + 1: verb.i]):
        return True
    if subj is not None and any(_only(t) for t in subj.subtree if t.i < subj.i):  # "Only one person", "Only X"
        return True
    return trailing and any(_only(c) or c.dep_ in ("prep", "agent") and any(_only(g) for g in c.children)
               for c in verb.children if c.i > verb.i)


def _only(token: Token) -> bool:
    """An "only" that restricts ("Only X may"), not the "not only" of "not only X but also Y"."""
    return token.lower_ == "only" and not (token.i and token.nbor(-1).lower_ == "not")


def item_needs_lead_in(doc: Doc, analysis: ClauseAnalysis) -> bool:
    """A list item without a subject of its own ("give instructions to …", "a working partnership")."""
    if not len(doc):
        return True
    first = next(iter(doc.sents))
    root = first.root
    if doc[0].lower_ in ("not", "to", "never") or doc[0].tag_ in ("VB", "VBG") and doc[0].lower_ != "that":
        return True
    if any(c.dep_ in SUBJECT_DEPS for c in root.children) and root.pos_ in ("VERB", "AUX") \
            and not _participle_phrase(root, analysis.mentions):
        return False
    return not any(s.has_own_subject for s in analysis.statements if s.sentence.start == first.start)


_COMPLEMENTS = {"dobj", "dative", "ccomp", "xcomp", "attr", "acomp", "oprd", "aux", "auxpass", "neg"}


def _participle_phrase(root: Token, mentions: list[Mention]) -> bool:
    """A noun with a past participle after it that the parser made a clause ("The gift or hospitality offered;",
    "The reasons for any decision made" in a list under "The register will record:"): a participle with no
    auxiliary, object or complement, whose "subject" is a thing, not a role ("The Clerk resigned." is a clause)."""
    if root.tag_ not in ("VBN", "VBD") or any(c.dep_ in _COMPLEMENTS for c in root.children):
        return False
    subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
    return subject is not None and subject.dep_ == "nsubj" and subject.i < root.i \
        and subject.pos_ in ("NOUN", "PROPN") and mention_at(mentions, subject) is None


def starts_negated(doc: Doc, lex: Lexicon) -> bool:
    """An item that turns its lead-in's duty into a prohibition: "not …", "never …", "avoid …", "do not …"."""
    return len(doc) > 0 and (doc[0].lower_ in ("not", "never") or doc[0].lower_ in lex.abstaining_verbs or len(doc) > 1
                             and doc[0].lower_ == "do" and doc[1].lower_ in ("not", "n't", "never"))
