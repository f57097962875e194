"""The lexicon file (actors, deontic cues, escalation phrases), validated when loaded."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..config import MODEL_NAME, PACKAGE_DATA, file_stamp, read_rule_file
from ..errors import Errors, RuleFileError
from .labels import label_ids
from .literals import LazyPattern, compile_rule, kept_for, required_literals, typographic

DEFAULT_LEXICON = PACKAGE_DATA / "lexicon.v1.yaml"
TOP_KEYS = {"version", "roles", "pronouns", "reciprocal", "counterparts", "cues", "epistemic_verbs", "reader_navigation_verbs", "reader_site_pointers", "function_headings", "non_duty_gerunds",
            "deontic_passive_verbs", "acting_phrasal_verbs", "epistemic_adverbs", "epistemic_after_modal", "aim_words", "example_lead_in", "modal_lead_in", "bare_imperative_lead_in", "list_openers", "list_pointers", "impersonal_list_subject", "non_actor_subjects", "person_words", "reader_pronouns", "staff_guidance", "leading_determiners", "handling_verbs", "description_exempt_verbs", "handling_nouns", "handling_noun_verbs", "body_handling_nouns", "body_handling_verbs",
            "condition_marks", "actor_condition_marks", "relative_pronouns", "epistemic_only_modals", "month_modals", "month_may_after", "semi_modals", "scope_subjects", "scope_verbs", "never_phrases",
            "quantity_bounds",
            "actor_prepositions", "issued_nouns", "regulated_submissions", "conduct_nouns", "content_holders", "content_verbs", "issuer_prepositions", "anaphoric_openers", "determiners", "body_nouns", "self_reference_modifiers", "document_kinds", "record_titles",
            "terms_of_reference_titles", "terms_of_reference_sections", "body_page_titles", "terms_of_reference_lines", "signpost_labels", "unnamed_committee_functions", "staffing_functions", "other_remits", "non_staff_matters", "appointed_bodies", "parent_body_before", "role_description_titles", "councillor_office_titles", "role_description_openings", "office_roles", "seat_words", "document_role_actors", "duties_lead_in", "tokenizer_suffixes", "tokenizer_whole_words", "infinitive_nouns", "imperative_verbs", "abstaining_verbs", "remit_cues",
            "instruction_adverbs", "reader_requests", "manner_adverbs", "role_heading", "role_heading_words", "delegated_heading", "prohibiting_heading", "prohibiting_heading_exempt", "purpose_clause", "document_actors", "reader_named", "policy_addressees", "addressee_words", "addressee_roles", "addressee_prefixes", "title_addressee_roles", "title_not_readers", "complainant_address",
            "describing_verbs", "described_modals", "relation_nouns", "recognising_words",
            "local_council_kinds", "principal_council_kinds", "local_council_clerk", "other_council_after", "quorum_rules",
            "community_council_office_bearers", "service_self_reference", "staff_procedure_parties", "escalation",
            "role_model", "subject_model", "uncued_role_duty"}
CUE_KEYS = {"id", "kind", "pattern", "duty", "needs_actor", "qualifies", "actor_is_office"}
CUE_KINDS = {"modal", "predicate", "role_of", "fixed", "expectation", "actor_infinitive"}
ESCALATION_KEYS = {"concern_words", "verbs", "prepositions", "target_modifiers", "bare_target_modifiers", "targets", "procedures", "procedure_words",
                   "procedure_cases", "conciliation", "code_complaint", "code_complaint_title", "code_breach_line",
                   "delegation", "routed_objects",
                   "own_procedure", "own_procedure_named", "procedure_by_content", "guidance_before",
                   "verbs_needing_concern_before", "committee_matters", "committee_matters_referred", "denied_before", "procedure_about",
                   "code_procedure_steps", "code_complaint_elsewhere", "code_complaint_others", "outcome_notice", "complaint_counts",
                   "code_complaint_parties", "councillor_complaint", "own_complaint", "meeting_not_routed_by",
                   "meeting_not_held", "standards_body_title", "meeting_decides", "meeting_for_information", "council_meeting_before",
                   "council_meeting_after", "council_route_of_before"}
OPTIONAL_ESCALATION_KEYS = {"model", "about_prepositions"}  # the learned escalation model (escalation_model.py); none without it


def bounded(pattern: str) -> re.Pattern:
    """A case-insensitive pattern that only matches whole words, either apostrophe standing for both."""
    return compile_rule(rf"(?<![\w-])(?:{typographic(pattern)})(?![\w-])", re.I)


@dataclass(frozen=True)
class Cue:
    id: str
    kind: str
    pattern: re.Pattern
    duty: str
    needs_actor: bool = False
    literals: frozenset | None = None  # one of them is in every text the pattern matches (literals.py)
    qualifies: bool = False  # a say reserved over another statement ("unless the Chair decides otherwise")
    actor_is_office: bool = False  # the actor is the office (``office_roles``) its phrase ends in ("the aims of the
    # Town Clerk"); none where the phrase goes on past it ("… of the Council's procedure") or names a body


@dataclass(frozen=True)
class Lexicon:
    version: str
    roles: tuple[tuple[str, re.Pattern], ...]
    pronouns: re.Pattern
    reciprocal: re.Pattern
    counterparts: dict
    cues: tuple[Cue, ...]
    epistemic_verbs: frozenset
    reader_navigation_verbs: frozenset  # what a page's reader "can" do on the site: no leave ("You can view …")
    reader_site_pointers: re.Pattern  # words by which a sentence points at the site ("here", "on our website")
    function_headings: re.Pattern  # a heading over a body's own functions in its terms ("Functions", "Remit")
    non_duty_gerunds: frozenset  # gerunds opening a membership or condition line ("Including …")
    acting_phrasal_verbs: frozenset  # "look into": an act, though "look" alone is a verb of seeming
    deontic_passive_verbs: frozenset
    epistemic_adverbs: frozenset
    epistemic_after_modal: re.Pattern
    aim_words: re.Pattern
    example_lead_in: re.Pattern  # a lead-in's last sentence that introduces examples ("Such behaviour may include:")
    modal_lead_in: re.Pattern  # a lead-in ending in its modal, which its items' verbs complete ("A complainant may:")
    infinitive_nouns: frozenset  # nouns an infinitive completes ("the right to be heard"): no step
    imperative_verbs: frozenset  # verbs an instruction opens with that the tagger may take for a name ("Act as …")
    document_role_actors: re.Pattern  # a role description's own role named as such ("the postholder", "the post")
    abstaining_verbs: frozenset  # an instruction with one of these forbids ("Avoid …")
    instruction_adverbs: frozenset  # adverbs an instruction may open with ("Always write …")
    reader_requests: frozenset  # words of a request to the reader ("Please contact …")
    role_heading: re.Pattern  # a heading saying whose lines follow ("For Panel Chairs", "Chair's duties")
    role_heading_words: frozenset  # the words such a heading may hold besides role names and other names
    delegated_heading: re.Pattern  # a heading over a body's delegated powers ("Matters Delegated for Decision")
    prohibiting_heading: re.Pattern  # a heading over what not to do ("Don't do this", "Do not"): fullmatch
    prohibiting_heading_exempt: re.Pattern  # a line under it that says what to do instead ("If in doubt, ask …")
    manner_adverbs: re.Pattern  # an adverb of manner a role's line may open with ("independently review …") (fullmatch)
    purpose_clause: re.Pattern  # the text before a modal ends in a purpose clause ("so that the Clerk can …")
    document_actors: re.Pattern  # an actor phrase that names a document ("the protocol on …"), not a role (match)
    reader_named: re.Pattern  # the reader named in a role ("which you accepted as a member"): group "role"
    policy_addressees: re.Pattern  # a policy's scope naming whom it is for: group "who"
    addressee_words: re.Pattern  # the words that stand for a policy's addressees ("you", "users", "everyone")
    addressee_roles: frozenset  # role ids a policy may be addressed to
    addressee_prefixes: frozenset  # words a policy's scope may put before its addressees ("all", "elected")
    title_addressee_roles: frozenset  # role ids a document's title may name as its only reader ("… for Employees")
    title_not_readers: re.Pattern  # a title naming staff as what it is about ("Staff Recruitment"), not its readers
    complainant_address: re.Pattern  # words speaking to a complainant ("your complaint"): no reader role
    duties_lead_in: re.Pattern  # a lead-in naming no one ("Duties include:"): the described role's (fullmatch)
    tokenizer_suffixes: tuple  # patterns the tokenizer splits off a word's end besides spaCy's own
    tokenizer_whole_words: tuple  # words the tokenizer keeps as one token ("e-mail")
    list_openers: re.Pattern
    list_pointers: re.Pattern  # "the following", "as follows": a sentence of a lead-in that points forward at its list
    bare_imperative_lead_in: re.Pattern  # "Do not:" over a list: the reader's prohibition (fullmatch)
    impersonal_list_subject: re.Pattern  # "The following are not permitted:": a lead-in whose subject is its list
    non_actor_subjects: frozenset
    person_words: frozenset
    reader_pronouns: frozenset  # words by which a document speaks to its reader (the role model's "you")
    staff_guidance: tuple  # (at least, topic, staff, councillors): a guide written to employees (nlp/rules.py)
    leading_determiners: frozenset  # words a subject may start with and still open its sentence ("The Clerk …")
    handling_verbs: frozenset
    description_exempt_verbs: frozenset  # verbs whose simple present is a cue, not a description ("has", "needs")
    handling_nouns: frozenset  # what a body "makes" or "reaches" when it deals with a matter ("make decisions on")
    body_handling_nouns: frozenset  # what a body's terms also have it take: "To take disciplinary action"
    body_handling_verbs: frozenset  # what a body's terms also have it do to a matter: "To suspend a chief officer"
    handling_noun_verbs: frozenset  # "make", "take", "reach" (a decision)
    remit_cues: frozenset
    condition_marks: frozenset
    actor_condition_marks: frozenset
    relative_pronouns: frozenset
    epistemic_only_modals: frozenset
    month_modals: frozenset  # modals that are also a month, case-sensitive ("May")
    month_may_after: frozenset  # words after which such a modal is the month ("elected every May")
    semi_modals: frozenset
    scope_subjects: frozenset  # "This procedure will not apply …": a document's scope, not a duty
    scope_verbs: frozenset
    never_phrases: re.Pattern
    quantity_bounds: re.Pattern
    actor_prepositions: re.Pattern  # one of them (and an article) right before a position
    anaphoric_openers: re.Pattern  # at the start of a sentence
    determiners: re.Pattern  # every one of them in a phrase
    named_body: re.Pattern  # capitalised words and a body noun, case-sensitive ("Staffing Committee")
    document_kinds: re.Pattern
    record_titles: re.Pattern  # a page titled as a meeting's record describes no one (subject_model.py)
    terms_of_reference_titles: re.Pattern
    terms_of_reference_sections: re.Pattern
    body_page_titles: re.Pattern
    signpost_labels: re.Pattern  # "Enquiries:", "By email:": the instruction after such a label is no duty
    terms_of_reference_lines: re.Pattern
    self_reference_modifiers: frozenset[str]
    issued_nouns: frozenset[str]
    regulated_submissions: frozenset[str]  # "Questions may not relate to …": what a rule of procedure restricts
    conduct_nouns: frozenset[str]  # "the Council's approach … should be": what its possessive owner does
    content_holders: frozenset[str]  # "the response will include:": what the council issues, whose content it commits to
    content_verbs: frozenset[str]
    issuer_prepositions: frozenset[str]
    quorum_rules: re.Pattern
    community_council: re.Pattern
    community_council_office_bearers: re.Pattern
    service_body: re.Pattern  # a document naming a body that calls itself "the Service" (a fire and rescue service)
    service_self_reference: re.Pattern  # how such a body names itself ("the Service"), case-sensitive
    staff_procedure_parties: re.Pattern  # the parties a staff procedure names, its employees ("the complainant")
    unnamed_committee_functions: re.Pattern  # "The purposes of this committee are:" in terms that never name it
    staffing_functions: re.Pattern  # what a function line about staff names ("To agree the staff pay award")
    other_remits: re.Pattern  # a body's name for a remit other than staff ("Planning Committee")
    non_staff_matters: re.Pattern  # a function line's words that make it about another matter ("… against councillors")
    appointed_bodies: re.Pattern  # "To appoint a sub-committee": a body appointed, not staff
    parent_body_before: re.Pattern  # words before a body that make it another's parent ("a sub-committee of the …")
    role_description_openings: re.Pattern
    local_council_kinds: frozenset
    named_local_council: re.Pattern  # a local council by its name ("Ashcombe Parish Council"), case-sensitive
    named_principal_council: re.Pattern  # a principal council by its name ("Dover District Council"), case-sensitive
    local_council_clerk: re.Pattern
    other_council_after: re.Pattern
    role_description_titles: re.Pattern
    councillor_office_titles: re.Pattern  # "Lead Councillor for …", "Armed Forces Champion" (matched whole)
    office_roles: frozenset
    seat_words: frozenset  # "cannot be a member of": who may hold a seat is a rule
    describing_verbs: frozenset
    recognising_words: frozenset  # "recognising that X is responsible for …": what one keeps in mind, not X's duty
    described_modals: frozenset
    relation_nouns: frozenset
    concern: re.Pattern
    escalation_verbs: re.Pattern
    target_after_preposition: re.Pattern  # a text ending with a preposition and up to three modifiers: a target follows
    bare_target_prefix: re.Pattern  # a text of modifiers only, before a target right after its verb
    targets: tuple[tuple[str, re.Pattern], ...]
    procedures: tuple[tuple[str, re.Pattern], ...]
    procedure_words: re.Pattern
    procedure_cases: re.Pattern
    routed_objects: re.Pattern
    conciliation: re.Pattern
    code_complaint: re.Pattern
    code_complaint_title: re.Pattern
    code_procedure_steps: re.Pattern  # what a Code complaints procedure's steps deal with
    outcome_notice: re.Pattern  # telling the parties an outcome ("will inform you of the decision"): no step
    complaint_counts: re.Pattern  # before "complaints about councillors": a count ("no", "the number of"), no route
    code_complaint_elsewhere: re.Pattern  # an opening that sends complaints about councillors elsewhere
    code_complaint_others: re.Pattern  # after "a councillor": other parties, or "of staff"
    code_complaint_parties: re.Pattern  # the parties only a Code complaint has ("the Subject Member")
    councillor_complaint: re.Pattern  # "a complaint against a councillor": a Code complaint
    own_complaint: re.Pattern  # "complaints about the council's services": the council's own complaints procedure
    code_breach_line: re.Pattern
    delegation: re.Pattern
    own_procedure: re.Pattern
    own_procedure_named: re.Pattern | None = None
    guidance_before: re.Pattern | None = None
    verbs_needing_concern_before: re.Pattern | None = None
    meeting_not_routed_by: re.Pattern | None = None  # "report": to a meeting of the council, routine reporting
    meeting_not_held: re.Pattern | None = None  # "without a meeting of": no meeting, so no route
    standards_body_title: re.Pattern | None = None  # a title naming a standards body: its terms' steps are Code routes
    meeting_decides: re.Pattern | None = None  # "for a decision": reported to a meeting, the matter still goes there
    meeting_for_information: re.Pattern | None = None  # "for information": on an agenda, still routine
    council_meeting_before: re.Pattern | None = None  # "the next meeting of (the Council)"
    council_meeting_after: re.Pattern | None = None  # "(the Council)'s next meeting", "(Council) meeting"
    council_route_of_before: re.Pattern | None = None  # "the attention of (the Council)": a route after "of"
    denied_before: re.Pattern | None = None
    procedure_about: re.Pattern | None = None
    committee_matters: re.Pattern | None = None
    committee_matters_referred: re.Pattern | None = None  # "the matter", "matters referred to above": in a staffing body's terms
    procedure_by_content: tuple = ()
    procedure_mentions_needed: int = 3
    procedure_chars_per_mention: int = 1000
    escalation_model: str | None = None  # the packaged learned model's name (escalation_model.py)
    role_model: str | None = None  # the packaged learned role model's name (role_model.py)
    subject_model: str | None = None  # the packaged learned document-subject model's name (subject_model.py)
    uncued_role_duty: str | None = None  # the duty of a clause with a role and no duty read (None: none)
    about_prepositions: frozenset = frozenset()  # "a complaint about the Chair": the one complained about
    # id of each of the lexicon's patterns -> strings one of which every match contains (literals.py; None:
    # no prefilter): a text is searched only with the patterns it may match (may_match)
    literals: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        patterns = []
        for value in self.__dict__.values():
            if isinstance(value, (re.Pattern, LazyPattern)):
                patterns.append(value)
            elif isinstance(value, tuple):
                patterns += [x[1] for x in value if isinstance(x, tuple) and isinstance(x[-1], (re.Pattern, LazyPattern))]
        object.__setattr__(self, "literals", {id(p): required_literals(p) for p in patterns})

    def may_match(self, pattern: re.Pattern, folded: str) -> bool:
        """False only when ``pattern`` (one of the lexicon's; any other is always tried) cannot match the text
        whose :func:`literals.fold` is ``folded``."""
        literals = self.literals.get(id(pattern))
        if literals is None:
            return True
        for s in literals:  # (a loop, not any() over a generator: called some 800 times a document)
            if s in folded:
                return True
        return False


def _fail(path: Path, problem: str):
    raise RuleFileError(Errors.PA030.format(path=path, problem=problem))


def _rx(path: Path, where: str, pattern) -> re.Pattern:
    if not isinstance(pattern, str) or not pattern:
        _fail(path, f"{where}: pattern must be a non-empty string, got {pattern!r}")
    try:
        return bounded(pattern)
    except re.error as exc:
        _fail(path, f"{where}: pattern {pattern!r} does not compile: {exc}")


def _alternation(data: dict, key: str) -> str:
    return "|".join(re.escape(str(w)) for w in data.get(key) or [])


def _named_council(data: dict, key: str) -> str:
    """A council of one of the kinds listed under ``key`` by its capitalised name ("Ashcombe Parish Council")."""
    kinds = "|".join(re.escape(str(w).capitalize()) for w in data.get(key) or []) or "(?!x)x"
    return rf"\b(?:[A-Z][\w'’-]+ ){{1,3}}(?:{kinds}) Council\b"


def _alternatives(pattern):
    """A pattern given as a list of alternatives (one of them shared with another key through a YAML anchor) as
    one alternation; a string as it is."""
    return "|".join(pattern) if isinstance(pattern, list) and all(isinstance(p, str) for p in pattern) else pattern


def _plain(path: Path, where: str, pattern: str, flags: int) -> re.Pattern:
    """A pattern built around a word list of the file (not bounded: it has anchors of its own)."""
    try:
        return compile_rule(pattern, flags)
    except re.error as exc:
        _fail(path, f"{where}: does not compile: {exc}")


def _staff_guidance(path: Path, block: dict) -> tuple:
    if not isinstance(block, dict) or set(block) - {"at_least", "topic", "staff", "councillors"}:
        _fail(path, "staff_guidance: at_least, topic, staff and councillors")
    return (int(block.get("at_least", 3)),
            *(_rx(path, f"staff_guidance.{key}", block.get(key) or "(?!x)x") for key in ("topic", "staff", "councillors")))


def _checked(path: Path, where: str, pattern: str) -> str:
    """A pattern handed on as text (to spaCy's tokenizer), once it is known to compile."""
    try:
        re.compile(pattern)
    except (re.error, TypeError) as exc:
        _fail(path, f"{where}: does not compile: {exc}")
    return pattern


@lru_cache(maxsize=4)
def _load(path_str: str, mtime_ns: int, size: int) -> Lexicon:
    with kept_for(Path(path_str)):  # (its patterns' literal prefilters, kept by a build: literals.kept_in)
        return _read(Path(path_str))


def _read(path: Path) -> Lexicon:
    data = read_rule_file(path)
    if not isinstance(data, dict):
        _fail(path, "expected a mapping at the top")
    unknown = set(data) - TOP_KEYS
    if unknown:
        _fail(path, f"unknown keys {sorted(unknown)}")
    labels = label_ids()
    roles = []
    for role, patterns in (data.get("roles") or {}).items():
        if role not in labels["roles"]:
            _fail(path, f"roles: '{role}' is not a role id of labels.yaml")
        roles += [(role, _rx(path, f"roles.{role}", p)) for p in patterns]
    cues = []
    for n, cue in enumerate(data.get("cues") or [], start=1):
        if not isinstance(cue, dict) or set(cue) - CUE_KEYS or not {"id", "kind", "pattern", "duty"} <= set(cue):
            _fail(path, f"cue {n}: needs id, kind, pattern, duty (and nothing else but needs_actor, qualifies, actor_is_office): {cue!r}")
        if cue["kind"] not in CUE_KINDS:
            _fail(path, f"cue {cue['id']}: unknown kind {cue['kind']!r}")
        if cue["duty"] not in labels["duties"]:
            _fail(path, f"cue {cue['id']}: duty {cue['duty']!r} is not in labels.yaml")
        pattern = _rx(path, f"cue {cue['id']}", cue["pattern"])
        cues.append(Cue(cue["id"], cue["kind"], pattern, cue["duty"], bool(cue.get("needs_actor", False)),
                        required_literals(pattern), bool(cue.get("qualifies", False)),
                        bool(cue.get("actor_is_office", False))))
    counterparts = data.get("counterparts") or {}
    for a, b in counterparts.items():
        if a not in labels["roles"] or b not in labels["roles"]:
            _fail(path, f"counterparts: {a} -> {b} names an unknown role")
    esc = data.get("escalation") or {}
    if set(esc) - ESCALATION_KEYS - OPTIONAL_ESCALATION_KEYS or not ESCALATION_KEYS <= set(esc):
        _fail(path, f"escalation: expected keys {sorted(ESCALATION_KEYS)}, got {sorted(esc)}")
    for group in ("targets", "procedures"):
        for target in esc[group]:
            if target not in labels["escalation_targets"]:
                _fail(path, f"escalation.{group}: '{target}' is not an escalation target of labels.yaml")

    for key in ("office_roles", "addressee_roles", "title_addressee_roles"):
        for role in data.get(key) or []:
            if role not in labels["roles"]:
                _fail(path, f"{key}: '{role}' is not a role id of labels.yaml")
    by_content = esc["procedure_by_content"]
    bearers = data.get("community_council_office_bearers")
    if not isinstance(bearers, dict) or set(bearers) != {"document", "names"}:
        _fail(path, "community_council_office_bearers: expected keys document and names")
    service = data.get("service_self_reference")
    if not isinstance(service, dict) or set(service) != {"document", "names"}:
        _fail(path, "service_self_reference: expected keys document and names")
    if not isinstance(by_content, dict) or set(by_content) != {"at_least", "chars_per_mention", "kinds"}:
        _fail(path, "escalation.procedure_by_content: expected keys at_least, chars_per_mention and kinds")
    for target in by_content["kinds"]:
        if target not in labels["escalation_targets"]:
            _fail(path, f"escalation.procedure_by_content: '{target}' is not an escalation target of labels.yaml")

    def words(key: str) -> frozenset:
        return frozenset(str(w).lower() for w in data.get(key) or [])

    return Lexicon(
        version=f"lexicon.v{data.get('version', 1)}",
        roles=tuple(roles),
        pronouns=_rx(path, "pronouns", "|".join(data.get("pronouns") or ["they"])),
        reciprocal=_rx(path, "reciprocal", "|".join(data.get("reciprocal") or ["both"])),
        counterparts=dict(counterparts),
        cues=tuple(cues),
        epistemic_verbs=words("epistemic_verbs"),
        reader_navigation_verbs=words("reader_navigation_verbs"),
        reader_site_pointers=_rx(path, "reader_site_pointers", data.get("reader_site_pointers")),
        function_headings=_rx(path, "function_headings", data.get("function_headings")),
        non_duty_gerunds=words("non_duty_gerunds"),
        acting_phrasal_verbs=words("acting_phrasal_verbs"),
        deontic_passive_verbs=words("deontic_passive_verbs"),
        epistemic_adverbs=words("epistemic_adverbs"),
        aim_words=_plain(path, "aim_words", data.get("aim_words") or r"(?!x)x", re.I),
        example_lead_in=_plain(path, "example_lead_in", data.get("example_lead_in") or r"(?!x)x", re.I),
        modal_lead_in=_plain(path, "modal_lead_in", data.get("modal_lead_in") or r"(?!x)x", re.I),
        document_role_actors=_plain(path, "document_role_actors", rf"(?:{data.get('document_role_actors') or '(?!x)x'})$",
                                    re.I),
        duties_lead_in=_plain(path, "duties_lead_in", data.get("duties_lead_in") or r"(?!x)x", re.I),
        tokenizer_suffixes=tuple(_checked(path, "tokenizer_suffixes", p) for p in data.get("tokenizer_suffixes") or ()),
        tokenizer_whole_words=tuple(str(w) for w in data.get("tokenizer_whole_words") or ()),
        list_openers=_plain(path, "list_openers", data.get("list_openers") or r"(?!x)x", re.I),
        list_pointers=_plain(path, "list_pointers", data.get("list_pointers") or r"(?!x)x", re.I),
        bare_imperative_lead_in=_plain(path, "bare_imperative_lead_in", data.get("bare_imperative_lead_in")
                                       or r"(?!x)x", re.I),
        impersonal_list_subject=_plain(path, "impersonal_list_subject", data.get("impersonal_list_subject") or r"(?!x)x",
                                       re.I),
        epistemic_after_modal=_plain(path, "epistemic_after_modal", data.get("epistemic_after_modal") or r"(?!x)x", re.I),
        non_actor_subjects=words("non_actor_subjects"),
        person_words=words("person_words"),
        reader_pronouns=words("reader_pronouns"),
        staff_guidance=_staff_guidance(path, data.get("staff_guidance") or {}),
        leading_determiners=words("leading_determiners"),
        handling_verbs=words("handling_verbs"),
        description_exempt_verbs=words("description_exempt_verbs"),
        handling_nouns=words("handling_nouns"),
        body_handling_nouns=words("body_handling_nouns"),
        body_handling_verbs=words("body_handling_verbs"),
        handling_noun_verbs=words("handling_noun_verbs"),
        remit_cues=words("remit_cues"),
        condition_marks=words("condition_marks"),
        actor_condition_marks=words("actor_condition_marks"),
        relative_pronouns=words("relative_pronouns"),
        epistemic_only_modals=words("epistemic_only_modals"),
        month_modals=frozenset(str(w) for w in data.get("month_modals") or []),
        month_may_after=words("month_may_after"),
        semi_modals=words("semi_modals"),
        scope_subjects=words("scope_subjects"),
        scope_verbs=words("scope_verbs"),
        never_phrases=_rx(path, "never_phrases", data.get("never_phrases")),
        quantity_bounds=_rx(path, "quantity_bounds", data.get("quantity_bounds")),
        actor_prepositions=_plain(path, "actor_prepositions",
                                  rf"\b(?:{_alternation(data, 'actor_prepositions')})\s+(?:the\s+|a\s+|an\s+)?$", re.I),
        anaphoric_openers=_plain(path, "anaphoric_openers", rf"(?:{data.get('anaphoric_openers')})\b", re.I),
        determiners=_plain(path, "determiners", rf"\b(?:{_alternation(data, 'determiners')})\b\s*", re.I),
        named_body=_plain(path, "body_nouns",
                          rf"\b((?:[A-Z][\w&/’'-]*[ \t]+(?:(?:&|and)[ \t]+(?=[A-Z]))?){{1,4}})({_alternation(data, 'body_nouns')})\b", 0),
        document_kinds=_rx(path, "document_kinds", data.get("document_kinds")),
        record_titles=_rx(path, "record_titles", data.get("record_titles")),
        terms_of_reference_titles=_rx(path, "terms_of_reference_titles", data.get("terms_of_reference_titles")),
        terms_of_reference_sections=_rx(path, "terms_of_reference_sections", data.get("terms_of_reference_sections")),
        body_page_titles=_rx(path, "body_page_titles", data.get("body_page_titles")),
        signpost_labels=_rx(path, "signpost_labels", data.get("signpost_labels")),
        terms_of_reference_lines=_rx(path, "terms_of_reference_lines", data.get("terms_of_reference_lines")),
        quorum_rules=_rx(path, "quorum_rules", data.get("quorum_rules")),
        self_reference_modifiers=words("self_reference_modifiers"),
        infinitive_nouns=words("infinitive_nouns"),
        imperative_verbs=words("imperative_verbs"),
        abstaining_verbs=words("abstaining_verbs"),
        instruction_adverbs=words("instruction_adverbs"),
        reader_requests=words("reader_requests"),
        role_heading=_plain(path, "role_heading", data.get("role_heading") or r"(?!x)x", re.I),
        delegated_heading=_plain(path, "delegated_heading", data["delegated_heading"], re.I),
        prohibiting_heading=_plain(path, "prohibiting_heading", data["prohibiting_heading"], re.I),
        prohibiting_heading_exempt=_plain(path, "prohibiting_heading_exempt", data["prohibiting_heading_exempt"], re.I),
        role_heading_words=words("role_heading_words"),
        manner_adverbs=_plain(path, "manner_adverbs", data.get("manner_adverbs") or r"(?!x)x", re.I),
        purpose_clause=_plain(path, "purpose_clause", data.get("purpose_clause") or r"(?!x)x", re.I),
        document_actors=_plain(path, "document_actors", data.get("document_actors") or r"(?!x)x", re.I),
        reader_named=_plain(path, "reader_named", data.get("reader_named") or r"(?!x)x", re.I),
        policy_addressees=_plain(path, "policy_addressees", data.get("policy_addressees") or r"(?!x)x", re.I),
        addressee_words=_plain(path, "addressee_words", rf"(?<![\w-])(?:{data.get('addressee_words') or '(?!x)x'})(?![\w-])", re.I),
        issued_nouns=words("issued_nouns"),
        regulated_submissions=words("regulated_submissions"),
        conduct_nouns=words("conduct_nouns"),
        content_holders=words("content_holders"),
        content_verbs=words("content_verbs"),
        issuer_prepositions=words("issuer_prepositions"),
        community_council=_rx(path, "community_council_office_bearers.document", bearers.get("document")),
        community_council_office_bearers=_rx(path, "community_council_office_bearers.names", bearers.get("names")),
        service_body=_rx(path, "service_self_reference.document", service.get("document")),
        service_self_reference=_plain(path, "service_self_reference.names", service.get("names"), 0),
        staff_procedure_parties=_rx(path, "staff_procedure_parties", data.get("staff_procedure_parties")),
        unnamed_committee_functions=_rx(path, "unnamed_committee_functions", data.get("unnamed_committee_functions")),
        staffing_functions=_rx(path, "staffing_functions", data.get("staffing_functions")),
        other_remits=_rx(path, "other_remits", data.get("other_remits")),
        non_staff_matters=_rx(path, "non_staff_matters", data.get("non_staff_matters")),
        appointed_bodies=_rx(path, "appointed_bodies", data.get("appointed_bodies")),
        parent_body_before=_rx(path, "parent_body_before", data.get("parent_body_before")),
        office_roles=words("office_roles"),
        seat_words=words("seat_words"),
        addressee_roles=words("addressee_roles"),
        addressee_prefixes=words("addressee_prefixes"),
        title_addressee_roles=words("title_addressee_roles"),
        title_not_readers=_plain(path, "title_not_readers", data["title_not_readers"], re.I),
        complainant_address=_plain(path, "complainant_address", data["complainant_address"], re.I),
        describing_verbs=words("describing_verbs"),
        recognising_words=words("recognising_words"),
        described_modals=words("described_modals"),
        relation_nouns=words("relation_nouns"),
        role_description_titles=_rx(path, "role_description_titles", data.get("role_description_titles")),
        councillor_office_titles=_rx(path, "councillor_office_titles", data.get("councillor_office_titles")),
        local_council_kinds=words("local_council_kinds"),
        named_local_council=_plain(path, "local_council_kinds", _named_council(data, "local_council_kinds"), 0),
        named_principal_council=_plain(path, "principal_council_kinds",
                                       _named_council(data, "principal_council_kinds"), 0),
        local_council_clerk=_plain(path, "local_council_clerk", data.get("local_council_clerk") or "(?!x)x", re.I),
        other_council_after=_plain(path, "other_council_after", data.get("other_council_after") or "(?!x)x", re.I),
        role_description_openings=_plain(path, "role_description_openings",
                                         data.get("role_description_openings") or r"(?!x)x", re.I),
        concern=_rx(path, "escalation.concern_words", esc["concern_words"]),
        escalation_verbs=_rx(path, "escalation.verbs", esc["verbs"]),
        target_after_preposition=_plain(
            path, "escalation.target_modifiers",
            rf"(?<![\w-])(?:{esc['prepositions']})(?![\w-])\s+(?:(?:{_alternation(esc, 'target_modifiers')}|\w+['’]s)\s+){{0,3}}$",
            re.I),
        bare_target_prefix=_plain(
            path, "escalation.bare_target_modifiers",
            rf"\s*(?:(?:{_alternation(esc, 'bare_target_modifiers')}|\w+['’]s)\s+)*", re.I),
        targets=tuple((t, _rx(path, f"escalation.targets.{t}", _alternatives(p))) for t, p in esc["targets"].items()),
        procedures=tuple((t, _rx(path, f"escalation.procedures.{t}", p)) for t, p in esc["procedures"].items()),
        procedure_words=_rx(path, "escalation.procedure_words", esc["procedure_words"]),
        procedure_cases=_rx(path, "escalation.procedure_cases", esc["procedure_cases"]),
        routed_objects=_rx(path, "escalation.routed_objects", esc["routed_objects"]),
        conciliation=_rx(path, "escalation.conciliation", esc["conciliation"]),
        code_complaint=_rx(path, "escalation.code_complaint", esc["code_complaint"]),
        code_complaint_title=_rx(path, "escalation.code_complaint_title", esc["code_complaint_title"]),
        code_procedure_steps=_rx(path, "escalation.code_procedure_steps", esc["code_procedure_steps"]),
        outcome_notice=_rx(path, "escalation.outcome_notice", esc["outcome_notice"]),
        complaint_counts=_plain(path, "escalation.complaint_counts", esc["complaint_counts"], re.I),
        code_complaint_elsewhere=_rx(path, "escalation.code_complaint_elsewhere", esc["code_complaint_elsewhere"]),
        code_complaint_others=_rx(path, "escalation.code_complaint_others", esc["code_complaint_others"]),
        code_complaint_parties=_rx(path, "escalation.code_complaint_parties", esc["code_complaint_parties"]),
        councillor_complaint=_rx(path, "escalation.councillor_complaint", esc["councillor_complaint"]),
        own_complaint=_rx(path, "escalation.own_complaint", esc["own_complaint"]),
        code_breach_line=_rx(path, "escalation.code_breach_line", esc["code_breach_line"]),
        delegation=_rx(path, "escalation.delegation", esc["delegation"]),
        own_procedure=_rx(path, "escalation.own_procedure", esc["own_procedure"]),
        own_procedure_named=_rx(path, "escalation.own_procedure_named", esc["own_procedure_named"]),
        committee_matters=_rx(path, "escalation.committee_matters", esc["committee_matters"]),
        committee_matters_referred=_rx(path, "escalation.committee_matters_referred", esc["committee_matters_referred"]),
        verbs_needing_concern_before=_rx(path, "escalation.verbs_needing_concern_before",
                                         esc["verbs_needing_concern_before"]),
        meeting_not_routed_by=_rx(path, "escalation.meeting_not_routed_by", esc["meeting_not_routed_by"]),
        meeting_not_held=_plain(path, "escalation.meeting_not_held", esc["meeting_not_held"], re.I),
        standards_body_title=_rx(path, "escalation.standards_body_title", esc["standards_body_title"]),
        meeting_decides=_rx(path, "escalation.meeting_decides", esc["meeting_decides"]),
        meeting_for_information=_rx(path, "escalation.meeting_for_information", esc["meeting_for_information"]),
        council_meeting_before=_plain(path, "escalation.council_meeting_before", esc["council_meeting_before"], re.I),
        council_meeting_after=_plain(path, "escalation.council_meeting_after", esc["council_meeting_after"], re.I),
        council_route_of_before=_plain(path, "escalation.council_route_of_before", esc["council_route_of_before"],
                                       re.I),
        guidance_before=_plain(path, "escalation.guidance_before", esc["guidance_before"], re.I),
        denied_before=_plain(path, "escalation.denied_before", esc["denied_before"], re.I),
        procedure_about=_rx(path, "escalation.procedure_about", esc["procedure_about"]),
        procedure_by_content=tuple((t, _rx(path, f"escalation.procedure_by_content.{t}", p))
                                   for t, p in by_content["kinds"].items()),
        procedure_mentions_needed=int(by_content["at_least"]),
        procedure_chars_per_mention=int(by_content["chars_per_mention"]),
        escalation_model=_model_name(path, esc.get("model"), "escalation.model"),
        role_model=_model_name(path, data.get("role_model"), "role_model"),
        subject_model=_model_name(path, data.get("subject_model"), "subject_model"),
        uncued_role_duty=_uncued_role_duty(path, data.get("uncued_role_duty")),
        about_prepositions=frozenset(str(w).lower() for w in esc.get("about_prepositions") or ()),
    )


def _is_off(value) -> bool:
    """A key switched off: absent, false or "none"."""
    return value is None or value is False or str(value).strip().lower() in ("none", "off", "false", "")


def _uncued_role_duty(path: Path, duty) -> str | None:
    if _is_off(duty):
        return None
    if duty not in ("obligation", "prohibition", "permission"):
        _fail(path, f"uncued_role_duty: {duty!r} is not obligation, prohibition, permission or none")
    return str(duty)


def _model_name(path: Path, name, key: str) -> str | None:
    if _is_off(name):
        return None
    if not MODEL_NAME.fullmatch(str(name)):
        _fail(path, f"{key}: {name!r} is not a model name")
    return str(name)


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """The lexicon file, validated; cached by its path, time and size, so an edited file is read again."""
    return _load(*file_stamp(Path(path) if path else DEFAULT_LEXICON))
