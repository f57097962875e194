"""Tagging rules: syntax helpers on hand-built Docs, then case tables of realistic clauses."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from protocol_analytics.nlp.rules import (
    ActorResolver,
    document_aliases,
    escalation_hits,
    in_condition,
    present_tense_line,
    role_mentions,
    subject_of,
)
from protocol_analytics.rules.lexicon import load_lexicon
from protocol_analytics.segment import segment_text
from protocol_analytics.segment.frame import clauses_frame
from protocol_analytics.tag import tag_document

LEX = load_lexicon()
VOCAB = spacy.blank("en").vocab  # lexical attributes (lower_, is_punct) without a model


def hand_doc(words, heads, deps, tags=None, lemmas=None):
    """A parsed Doc without a model: heads are absolute token indices."""
    return Doc(VOCAB, words=words, heads=heads, deps=deps, tags=tags or ["XX"] * len(words),
               lemmas=lemmas or [w.lower() for w in words], sent_starts=[True] + [False] * (len(words) - 1))


# ---------------------------------------------------------------- on hand-built Docs

def test_subject_of_climbs_coordinated_verbs():
    # "Members must respect officers and must not obstruct them"
    doc = hand_doc(["Members", "must", "respect", "officers", "and", "must", "not", "obstruct", "them"],
                   [2, 2, 2, 2, 2, 7, 7, 2, 7], ["nsubj", "aux", "ROOT", "dobj", "cc", "aux", "neg", "conj", "dobj"])
    assert subject_of(doc[7]).text == "Members"


def test_passive_conjunct_does_not_take_the_active_subject():
    # "Members have the same rights and should be treated equally"
    doc = hand_doc(["Members", "have", "rights", "and", "should", "be", "treated", "equally"],
                   [1, 1, 1, 1, 6, 6, 1, 6], ["nsubj", "ROOT", "dobj", "cc", "aux", "auxpass", "conj", "advmod"])
    assert subject_of(doc[6]) is None


def test_in_condition_finds_if_clauses():
    # "If the matter cannot be resolved , it will be referred"
    words = ["If", "the", "matter", "cannot", "be", "resolved", ",", "it", "will", "be", "referred"]
    heads = [5, 2, 5, 5, 5, 10, 10, 10, 10, 10, 10]
    deps = ["mark", "det", "nsubjpass", "aux", "auxpass", "advcl", "punct", "nsubjpass", "aux", "auxpass", "ROOT"]
    doc = hand_doc(words, heads, deps)
    assert in_condition(doc[3], LEX) and not in_condition(doc[8], LEX)


def test_relative_pronoun_resolves_to_its_antecedent():
    # "refer it to the Chief Executive , who will decide"
    words = ["refer", "it", "to", "the", "Chief", "Executive", ",", "who", "will", "decide"]
    heads = [0, 0, 0, 5, 5, 2, 5, 9, 9, 5]
    deps = ["ROOT", "dobj", "prep", "det", "compound", "pobj", "punct", "nsubj", "aux", "relcl"]
    doc = hand_doc(words, heads, deps)
    resolver = ActorResolver(doc, role_mentions(doc.text, LEX), LEX, [])
    roles, *_ = resolver.roles_of(doc[7], doc[9])
    assert roles == ["officer"]


@pytest.mark.parametrize("text,expected", [
    ("The Town Clerk and members of staff", [("clerk", "Town Clerk"), ("officer", "members of staff")]),
    ("the Deputy Clerk reports to the Clerk", [("officer", "Deputy Clerk"), ("clerk", "Clerk")]),
    ("Cllrs and co-opted members", [("councillor", "Cllrs"), ("councillor", "co-opted members")]),
    ("the Vice-Chairman of the Staffing Committee", [("chair", "Vice-Chairman"), ("personnel_committee", "Staffing Committee")]),
    ("a member of the public", []),
    ("the Monitoring Officer", [("monitoring_officer", "Monitoring Officer")]),
])
def test_role_mentions_map_synonyms_to_one_id(text, expected):
    assert [(m.role, m.text) for m in role_mentions(text, LEX)] == expected


def test_document_definitions_become_aliases():
    aliases = document_aliases("a framework for councillors ('Members') and our employees (the 'Team')", LEX)
    assert {role for role, _ in aliases} == {"councillor", "officer"}
    found = role_mentions("The Team will reply within five days.", LEX, tuple(aliases))
    assert [(m.role, m.text) for m in found] == [("officer", "Team")]


# ---------------------------------------------------------------- with the model

def tag_text(nlp, text: str):
    """Tag a protocol text; a single sentence is tagged as clause 1.1 of a one-section protocol.

    Topics come from the taxonomy's rules alone, and escalation targets, roles and the document's subject from the
    rules alone (the learned models are tested in tests/test_topic_model.py, tests/test_escalation_model.py,
    tests/test_role_model.py and tests/test_subject_model.py).
    """
    if "\n" not in text:
        text = f"1. Test\n\n1.1 {text}\n"
    seg = segment_text(text)
    clauses, tags, statements = tag_document(clauses_frame(seg, "doc", "Ashcombe District Council"), nlp=nlp, text=text,
                                             topic_model=None, escalation_model=None,
                                             role_model=None, subject_model=None)
    return clauses.set_index("clause_id"), tags, statements


CASES = [
    # deontic versus epistemic "may"/"can"
    ("The relationship between members and staff may sometimes become strained.", [], []),
    ("It may be necessary to involve the Personnel Committee.", [], []),
    ("Officers may decline to attend a meeting of a political group.", ["officer"], ["permission"]),
    ("An employee can refuse a request that falls outside their job description.", ["officer"], ["permission"]),
    ("Close friendships can create an impression of bias.", [], []),
    ("Any such concern can be referred to the Clerk.", [], ["permission"]),
    ("A complaint may be rejected if it repeats one already decided.", [], ["permission"]),
    ("Speakers may use slides, but printed handouts are also not allowed.", [], ["permission", "prohibition"]),
    ("No late written statements will be accepted at the meeting.", [], ["prohibition"]),
    ("Co-opted advisers have no voting rights on the committee.", [], ["prohibition"]),
    ("Extra questions are allowed at the Chair's discretion.", ["chair"], ["permission"]),
    ("Late items may be taken at the discretion of the Mayor.", ["chair"], ["permission"]),
    ("Requests from journalists should be co-ordinated by the Clerk.", ["clerk"], ["obligation"]),
    # a say reserved to someone over another statement
    ("Reports shall be heard in the printed sequence unless the sequence is varied at the discretion of the "
     "Chairman.", ["chair"], ["obligation", "permission"]),
    ("Each visitor may speak once on an item unless the Chair allows otherwise.", ["chair"], ["permission"]),
    ("Unless the Council resolves otherwise, a committee may set up a working group.", ["committee", "council"],
     ["permission"]),
    ("A speaker's statement must not exceed five minutes unless directed by the Chairman.", ["chair"],
     ["permission", "prohibition"]),
    ("Amendments shall be put in the sequence directed by the chairman.", ["chair"], ["obligation", "permission"]),
    ("Visitors shall speak in an order agreed by the Clerk.", [], ["obligation"]),
    # striving and commitment are obligations; a verb the parser took for a plural noun keeps its subject
    ("The Council endeavours to answer every letter within ten days.", ["council"], ["obligation"]),
    ("We have a firm commitment to courtesy in all our dealings.", ["council"], ["obligation"]),
    ("Staff strive to treat every caller fairly.", ["officer"], ["obligation"]),
    # officers by their place in the organisation
    ("The Head of Service will reply to you with the decision.", ["officer"], ["obligation"]),
    ("The complaints team will look into the matter and reply.", ["officer"], ["obligation"]),
    ("Heads of Department should brief councillors on local matters.", ["officer"], ["obligation"]),
    ("Statements to newspapers will be drafted by the Press Office.", ["officer"], ["obligation"]),
    # what one recognises describes
    ("Our Clerk must keep in mind that only the Council as a body is responsible for decisions.", ["clerk"],
     ["obligation"]),
    ("The clerk serves the whole council, aware that the full council is responsible for what it decides.", [], []),
    ("The Council recognises it has a duty to treat each grievance even-handedly.", ["council"], ["obligation"]),
    ("The Communications and Engagement Team will manage the council's social media.", ["officer"], ["obligation"]),
    ("The Building Control Department is committed to good service.", ["officer"], ["obligation"]),
    ("Your HR section will give advice on complex cases.", ["officer"], ["obligation"]),
    ("The Department for Transport will publish new guidance.", [], []),
    ("Reviews are held at the discretion of the Complaints Officer who will decide on the basis of the file.",
     ["officer"], ["obligation", "permission"]),
    ("The Remuneration and Appointments Committee will set the pay of chief officers.", ["personnel_committee"],
     ["obligation"]),
    ("Officers carry out the Council's work as directed by the Council.", [], []),
    ("Letters are signed by the Clerk unless the Chair asks otherwise, when the Chair signs them.", [], []),
    ("By law the Chairman is unable to decide anything on the council's behalf.", ["chair"], ["prohibition"]),
    ("Staff have the right for the decision to be reviewed on appeal.", ["officer"], ["permission"]),
    ("Staff will be told of the outcome in writing and may appeal against it if they wish.", ["officer"],
     ["obligation", "permission"]),
    ("The employee will be invited to the hearing and can bring a colleague as they wish.", ["officer"],
     ["obligation", "permission"]),
    ("Posts may be deleted by the moderator without notice.", [], ["permission"]),
    ("Some residents may be affected by the change.", [], []),
    # negation scope
    ("Councillors should not contact contractors directly.", ["councillor"], ["prohibition"]),
    ("The Clerk has no power to commit the Council to expenditure.", ["clerk"], ["prohibition"]),
    ("Bullying of staff is not acceptable.", [], ["prohibition"]),
    ("It is not the role of the Chairman to manage the Clerk on a day-to-day basis.", ["chair"], ["prohibition"]),
    ("Councillors must never give instructions to staff.", ["councillor"], ["prohibition"]),
    ("Staff are not obliged to answer enquiries outside office hours.", ["officer"], ["permission"]),
    ("No councillor may act alone on a staffing matter.", ["councillor"], ["prohibition"]),
    ("There is no place for abuse of staff in the work of this council.", [], ["prohibition"]),
    ("Those taking part in a hearing will keep its papers confidential.", [], ["obligation"]),
    ("The Parish Council reserves the right to read any message sent from its accounts.", ["council"], ["permission"]),
    ("The Staffing Panel meets twice a year. Its duty and power is to appoint the Clerk.", ["personnel_committee"],
     ["obligation"]),
    # an instruction joined to a negated one states both
    ("Treat every caller with respect and do not raise your voice.", [], ["obligation", "prohibition"]),
    ("Read the papers first and never vote on an item you have not read.", [], ["obligation", "prohibition"]),
    ("Read the papers first and do your best to attend.", [], ["obligation"]),
    # passives with and without an agent
    ("Every complaint must be acknowledged within five working days.", [], ["obligation"]),
    ("Complaints about the Clerk will be investigated by the Personnel Committee.", ["personnel_committee"], ["obligation"]),
    # actors named in a condition
    ("If a councillor is unhappy with a reply from an officer, the matter should be raised with the Parish Clerk.",
     ["councillor"], ["obligation"]),
    ("Where an employee feels they have been treated unfairly, they should speak to the Chairman.",
     ["officer"], ["obligation"]),
    # predicates
    ("Members are encouraged to attend training courses.", ["councillor"], ["obligation"]),
    ("The Clerk is responsible for the management of all other staff.", ["clerk"], ["obligation"]),
    ("Councillors are responsible to the electorate.", [], []),
    ("The role of officers is to advise the Council.", ["officer"], ["obligation"]),
    ("Councillors are entitled to information they need for their duties.", ["councillor"], ["permission"]),
    ("Staffing matters are dealt with by the Personnel Committee, which has delegated authority for them.",
     ["personnel_committee"], ["permission"]),
    # commitments and future facts
    ("The Clerk will reply to every enquiry within ten days.", ["clerk"], ["obligation"]),
    ("The following principles will apply.", [], []),
    ("This protocol will be reviewed every year.", [], ["obligation"]),
    # conditions are not statements; inverted "should" is a condition
    ("The Council has a grievance procedure should it be needed.", [], []),
    # role descriptions without a modal
    ("The duties of the Parish Clerk include keeping the minutes of every meeting.", ["clerk"], ["obligation"]),
    ("The Town Clerk's principal functions are to advise the Council and to carry out its decisions.",
     ["clerk"], ["obligation"]),
    ("The role of co-opted members (who are appointed by the Council) is to represent their ward.",
     ["councillor"], ["obligation"]),
    # the actor as the object of "requires"; a modal before it states the duty itself
    ("Our Code of Conduct requires councillors to treat everyone with courtesy.", ["councillor"], ["obligation"]),
    ("Councillors must not require the Clerk to work late.", ["councillor"], ["prohibition"]),
    # procedure steps written as "X to do"
    ("The Chairman to open the hearing and introduce everyone present.", ["chair"], ["obligation"]),
    ("Officers attend committee meetings to give advice.", [], []),
    # accountability is no duty; a shared responsibility to act is
    ("Employees have a responsibility to the Council as a whole.", [], []),
    ("Members and staff share a responsibility to protect confidential papers.", ["councillor", "officer"],
     ["obligation"]),
    # negated permissions are prohibitions
    ("Individual members are not authorised to give instructions to the caretaker.", ["councillor"],
     ["prohibition"]),
    # people without a role id still carry duties
    ("The person accompanying the employee may not answer questions on the employee's behalf.", [],
     ["prohibition"]),
    # instructions to the reader
    ("Please post the completed form to the Monitoring Officer. Do not copy it to the press.", [],
     ["obligation", "prohibition"]),
    # the Chair of the personnel committee acts for both
    ("The Chair of the Staffing Committee will agree the Clerk's annual objectives.", ["chair", "personnel_committee"],
     ["obligation"]),
    # possibility, not permission: a time phrase right after the modal, verbs of perceiving
    ("Staff may, at some time, disagree with a decision about their hours.", [], []),
    ("Staff may find some remarks offensive even when none was meant.", [], []),
    # commitments and duties stated without a modal
    ("We commit to treating every employee fairly.", ["council"], ["obligation"]),
    ("The Council undertakes to reply to every letter within ten days.", ["council"], ["obligation"]),
    ("The Clerk is under a statutory duty to publish the notices of meetings.", ["clerk"], ["obligation"]),
    ("The Clerk is the Proper Officer and responsible for all the records of the council.", ["clerk"], ["obligation"]),
    ("It will be the duty of the Clerk to keep the register of interests in good order.", ["clerk"], ["obligation"]),
    ("When the vote is tied, the person presiding may give a second vote.", ["chair"], ["permission"]),
    # "X is to <verb>" binds a named actor only
    ("The Clerk is to keep the accounts up to date.", ["clerk"], ["obligation"]),
    ("Members are not to discuss exempt business in public.", ["councillor"], ["prohibition"]),
    ("The aim of this guide is to help new members.", [], []),
    # a body speaking of itself in a that-clause; managers are staff
    ("The Parish Council agrees that it has a duty to keep its accounts open to inspection.", ["council"], ["obligation"]),
    ("Managers have a responsibility for the training of new starters.", ["officer"], ["obligation"]),
    # "it" after a sentence about a body is that body; a decision resting with a body
    ("The Appeals Panel has three members. It will hear each appeal within a month.", ["personnel_committee"],
     ["obligation"]),
    ("The Appeals Panel has three members who sat on no earlier stage. It will hear each appeal within a month.",
     ["personnel_committee"], ["obligation"]),
    ("Where the complaint concerns the Clerk, the decision rests with the Staffing Panel.", ["personnel_committee"],
     ["obligation"]),
    ("The Clerk writes the agenda. It will list every item of business.", [], []),
    ("The Committee commissioned an independent review. It will recommend changes to the rota.", [], []),
    ("The Council recognises that it may take several weeks to arrange a hearing.", [], []),
    # "and responsible for" binds only an actor the sentence names in a role
    ("The course helps new councillors become confident and accountable for their choices.", [], []),
    # possibility needs the time phrase set off by commas
    ("In an emergency the Clerk may at times act without first asking the Chair.", ["clerk"], ["permission"]),
    # a passive with an agent: the agent acts, the subject is acted on
    ("The Chair of the panel is to be chosen each May by the Staffing Committee.", ["personnel_committee"],
     ["obligation"]),
    ("Each new Mayor will be appointed by the council in May.", ["council"], ["obligation"]),
    # semi-modals: "need to" and "have to" state obligations; negated they lift one; not in a relative clause
    ("Councillors need to declare an interest before the item is discussed.", ["councillor"], ["obligation"]),
    ("The Clerk has to publish the agenda three clear days before a meeting.", ["clerk"], ["obligation"]),
    ("Councillors do not have to attend every civic event.", ["councillor"], ["permission"]),
    ("Councillors will not have to attend every civic event.", ["councillor"], ["permission"]),
    ("The Clerk need not attend the annual parish meeting.", ["clerk"], ["permission"]),
    ("Members need not stay for the closed part of the meeting.", ["councillor"], ["permission"]),
    ("The Clerk had to resign after the audit.", [], []),
    ("The power to dismiss staff is not delegated to the Clerk.", [], []),
    ("The Chair of Personnel will hear the appeal.", ["chair", "personnel_committee"], ["obligation"]),
    ("Staff should be given the papers they need to prepare for the hearing.", [], ["obligation"]),
    ("Some members also have other responsibilities, such as chairing a committee.", ["councillor"], ["obligation"]),
    # what is reserved or delegated to a body is its permission, unless a relative clause only describes it
    ("Appointments to senior posts are reserved to the full Council.", ["council"], ["permission"]),
    ("Urgent repairs under 500 pounds are delegated to the Clerk.", ["clerk"], ["permission"]),
    ("The Mayor must not take decisions which are reserved to the Council.", ["chair"], ["prohibition"]),
    # "can" in a contact clause says what someone is able to do
    ("The Deputy Mayor stands in at meetings the Mayor cannot attend.", [], []),
    # an instruction after a fronted phrase and its comma
    ("As a member of the council, agree the annual budget and the precept.", [], ["obligation"]),
    # a personal pronoun after a person with no role is a person: its "may" is a permission; not after a thing
    ("If the applicant is not satisfied with the reply, they may ask for the decision to be looked at again.", [],
     ["permission"]),
    ("If a customer is still unhappy after the second reply, they can write to the Ombudsman.", [], ["permission"]),
    ("The minutes of a long meeting are long. They can take an hour to read.", [], []),
    # "may wish to" is a likely wish, not a leave
    ("Some applicants may wish to bring a friend to the interview.", [], []),
    # "only" on a duty excludes everything else: an obligation and a prohibition; not "for information only"
    ("Only the council's own address should be used for council e-mail.", [], ["obligation", "prohibition"]),
    ("Members shall only visit a site with an officer present.", ["councillor"], ["obligation", "prohibition"]),
    ("Members will receive the weekly bulletin for information only.", ["councillor"], ["obligation"]),
    # a may/can in a purpose clause or an indirect question grants nothing
    ("Please book a visit in advance so that the Clerk can set aside the papers you need.", [], ["obligation"]),
    ("After each stage the Clerk will explain what steps you can take after that.", ["clerk"], ["obligation"]),
    # an instruction may open with an adverb; a named actor's duty may carry an aside in brackets
    ("Always check a post for errors before it goes out.", [], ["obligation"]),
    ("Independently check the accounts each quarter.", [], ["obligation"]),
    ("Previously the council met in the school hall.", [], []),
    # a committee's clerk is an officer; the council's Clerk is the Clerk
    ("The clerk to the Hearings Panel will send the papers to every member.", ["officer"], ["obligation"]),
    ("The Clerk to the Council will send the papers to every member.", ["clerk"], ["obligation"]),
    # "e-mail" is one word, so the reader's "can" has its verb
    ("You can e-mail us at the address below.", [], ["permission"]),
    # any adverb of degree before "responsible for"; "it is important" with its "that" left out
    ("The Clerk is totally responsible for seeing that the council's decisions are carried out.", ["clerk"],
     ["obligation"]),
    ("At each stage it is important the managers and staff settle problems early.", [], ["obligation"]),
    # a heading's indirect question states no duty; a duty put first in a "what" clause does
    ("What you need to know about holding meetings in an election period.", [], []),
    ("What the Clerk must do first is open the post.", ["clerk"], ["obligation"]),
    ("The employee (or their companion) to set out the grounds of the appeal.", ["officer"], ["obligation"]),
    ("It is expected that every councillor attends the annual parish meeting.", ["councillor"], ["obligation"]),
    # powers held, delegated or given: permissions
    ("The Leader has delegated responsibility for some functions to individual Cabinet Members.", ["councillor"],
     ["permission"]),
    ("The head of paid service has authority over all council staff.", ["officer"], ["permission"]),
    ("Decisions on grants have been delegated to the Clerk.", ["clerk"], ["permission"]),
    ("Where talking it through fails, staff have the option of lodging a written grievance.", ["officer"],
     ["permission"]),
    # a body's decision to act; an approval a thing requires
    ("The Staffing Committee has agreed to delegate the first hearing to the Clerk.", ["personnel_committee"],
     ["obligation"]),
    ("Any overnight stay at a conference requires council approval.", [], ["obligation"]),
    # management and a council's named services are its officers; the managing of something is no one
    ("Management will present the case at the hearing and call its witnesses.", ["officer"], ["obligation"]),
    ("Democratic Services will confirm the time of the hearing in writing.", ["officer"], ["obligation"]),
    # "it is your / their responsibility to": a duty of the reader or of those just named
    ("It is your responsibility to arrange for your companion to come to the hearing.", [], ["obligation"]),
    ("Councillors keep their passwords safe and it is their responsibility to report any loss at once.", ["councillor"],
     ["obligation"]),
    ("During these informal talks the supervisor should try to find out what is worrying the employee.", ["officer"],
     ["obligation"]),
    ("Performance management will apply to every member of the team.", [], []),
    # the members of a community council are its councillors; "agrees to" commits; every agent of "by X or by Y"
    ("Every member of the community council is accountable for the decisions it takes.", ["councillor"],
     ["obligation"]),
    ("Each councillor agrees to read the papers before every meeting.", ["councillor"], ["obligation"]),
    ("A special meeting may be called by the Chairperson or by any four councillors.", ["chair", "councillor"],
     ["permission"]),
    ("Once a concern is raised, the first step is for the line manager to meet the employee.", ["officer"],
     ["obligation"]),
    # a semi-modal with a passive: "have to be made"
    ("Applications to speak have to be made in writing by noon on the day before.", [], ["obligation"]),
    # a participle after a quantified object is no clause of its own: the verb joined to it is the sentence's
    ("The Monitoring Officer will read every complaint received and may consult an Independent Person first.",
     ["monitoring_officer"], ["obligation", "permission"]),
    ("The Clerk will acknowledge every letter received and may ask the writer for more details.", ["clerk"],
     ["obligation", "permission"]),
    # people without a role id still act: their "may" is a leave
    ("The candidates may present their case in whatever order they choose.", [], ["permission"]),
    ("Petitioners may ask for the decision to be looked at again.", [], ["permission"]),
    # an actor the parser read as the object of an opening phrase, an aside between it and its modal
    ("On receipt of the form the duty officer, with the agreement of the Mayor, will add the matter to the agenda.",
     ["officer"], ["obligation"]),
    # a meeting open to the public says who may watch; a person "open to" suggestions may take them
    ("Every Town Council meeting is open to press and public.", [], []),
    ("The Clerk is open to suggestions from councillors about the agenda.", ["clerk"], ["permission"]),
    ("Membership of the working group is open to all councillors.", [], ["permission"]),
    # "May" after "every", "in" or a day is the month, not a modal
    ("The Chairman is chosen every May to lead the civic events of the year.", [], []),
    ("Councillors elected in May take office four days later.", [], []),
    ("The Chairman is chosen in May and may attend events on the Council's behalf.", ["chair"], ["permission"]),
    # an office taken to fulfil roles, and functions given to an office, are its duties
    ("The Town Mayor is chosen each year to fulfil three important roles:", ["chair"], ["obligation"]),
    ("These functions are allocated to the Leader:", ["councillor"], ["obligation"]),
    ("These responsibilities are assigned to the Clerk:", ["clerk"], ["obligation"]),
    # who may hold a seat is a rule; a body that "cannot look at" something is barred from it; "not accepted",
    # "has no responsibility for" and "is not responsible for" rule out (not in a clause that says who is meant)
    # (who may sit on a body is the body's rule, as its quorum is: ANNOTATION.md section 3)
    ("Members of the Appeals Panel cannot also sit as members of the Disciplinary Committee.",
     ["personnel_committee"], ["prohibition"]),
    ("A councillor who employs a relative of the Clerk cannot be a member of the Staffing Committee.", ["councillor"],
     ["prohibition"]),
    ("The Ombudsman cannot look at complaints about staffing.", [], ["prohibition"]),
    ("Anonymous complaints are not accepted.", [], ["prohibition"]),
    ("The Clerk has no responsibility for buying equipment.", ["clerk"], ["prohibition"]),
    ("A manager who is not responsible for that team will look into the complaint.", ["officer"], ["obligation"]),
    ("The decision may look unfair to the complainant.", [], []),
    # the press and the public are not the council's members; what a forum is for is no one's leave
    ("Members of the press and the public are welcome to sit in the gallery during open business.", [],
     ["permission"]),
    # a paragraph that is only an infinitive and that no one is given to is an aim, no one's duty (the read
    # pages: 14 such lines coded without a duty against 2 with one)
    ("To ensure that the annual assembly is an event at which members are able to question the Leader.", [], []),
    # a council's departments named as its services are its officers
    ("The Housing and Planning Service will send a letter to each neighbour.", ["officer"], ["obligation"]),
    ("Planning Services will tell every objector about the meeting.", ["officer"], ["obligation"]),
    # what someone does, said with a possessive, is theirs to do, passive or not; an agent still acts for a passive
    ("The Parish Council's approach to the press should be prompt and fair.", ["council"], ["obligation"]),
    ("The Council's contact with the media should be handled in a positive way.", ["council"], ["obligation"]),
    ("The Clerk's conduct will be reviewed by the Staffing Committee.", ["personnel_committee"], ["obligation"]),
    # what a reply the council issues will contain is a commitment; what will merely happen is not
    ("Our written reply will include the reasons for the decision.", [], ["obligation"]),
    ("The following principles will apply.", [], []),
    # what an office's role involves or covers is its duty
    ("The role of the Vice-Chair involves deputising for the Chair at meetings.", ["chair"], ["obligation"]),
    # "the job of the Council's officers" names the officers, as "The Council's officers must" does
    ("The job of councillors is not to run the office; that is the job of the Council's paid officers.",
     ["councillor", "officer"], ["obligation", "prohibition"]),
    ("It is the responsibility of the Council's staff to keep the minutes.", ["officer"], ["obligation"]),
    # acting under delegated powers is a permission of whoever acts; no one holds them in the third
    ("Staff carry out the Council's decisions and take others under powers delegated to them.", ["officer"],
     ["permission"]),
    ("Between meetings the Clerk settles urgent matters under delegated authority.", ["clerk"], ["permission"]),
    ("Decisions made under delegated powers appear in the weekly bulletin.", [], []),
    # "they" after a member of the public is that person, not the employee or councillor the condition names
    ("When a member of the public is unhappy with one of our staff, they should write to the Chairman.", [],
     ["obligation"]),
    ("If members of the public want to raise a matter about a councillor, they must give notice first.", [], ["obligation"]),
    ("If a member of the Committee has an interest, they must leave the room.", ["councillor"], ["obligation"]),
    # what should exist between parties binds each of them; no one between, no party bound
    ("There should always be a spirit of openness between councillors and the Clerk.", ["clerk", "councillor"],
     ["obligation"]),
    ("There must be a relationship of trust between members and staff.", ["councillor", "officer"], ["obligation"]),
    ("There should be a copy of the agenda for members and staff.", [], ["obligation"]),
    # a council asking or encouraging someone to act: the active of "is asked / encouraged to" (ANNOTATION.md
    # section 3), the addressee's obligation; the reader's, with no role, when it is "you"
    ("So that every meeting ends on time, we ask you to keep your question short.", [], ["obligation"]),
    ("The Town Council encourages its staff to take up training each year.", ["officer"], ["obligation"]),
    ("We ask that councillors copy the Clerk into every e-mail about council business.", ["councillor"],
     ["obligation"]),
    ("There is an expectation that councillors will answer residents within a week.", ["councillor"], ["obligation"]),
    ("It is sensible to check the facts with the Clerk before posting.", [], ["obligation"]),
    # asking under a modal is the asker's permission, not a duty of the one asked
    ("Councillors may ask the Clerk to add an item to the agenda.", ["councillor"], ["permission"]),
    # what a document describes is no duty, also in a relative clause on what it describes
    ("This guide describes the channels through which the Council will publish its news.", [], []),
    ("This policy explains the ways in which the Clerk can help residents.", [], []),
    ("The Clerk keeps a list of the ways in which the Council will publish its news.", ["council"], ["obligation"]),
    # a council named without its kind ("Ashcombe Council", "ABC Council"), and the leader of one, where a verb follows
    ("Brackenfold Council will answer every letter within ten working days.", ["council"], ["obligation"]),
    ("ABC Council shall keep a register of gifts offered to its members.", ["council"], ["obligation"]),
    ("The Leader of Brackenfold Council will chair the Cabinet.", ["councillor"], ["obligation"]),
    # … but not a youth council, a tax or the members of a named council
    ("The Youth Council will meet twice a year.", [], []),
    ("Members of Brackenfold City Council must declare any gift.", ["councillor"], ["obligation"]),
    # a lead-in naming whose jobs or core functions its list gives
    ("The two key jobs of the Monitoring Officer are:", ["monitoring_officer"], ["obligation"]),
    ("The core functions of the Clerk are:", ["clerk"], ["obligation"]),
    # a member of a team or department is staff; a service team acts; a panel named by its work is a committee
    ("A member of the customer relations team will log the complaint.", ["officer"], ["obligation"]),
    ("The relevant service team will reply within ten working days.", ["officer"], ["obligation"]),
    ("The Assessment Panel will meet within a month of the complaint.", ["committee"], ["obligation"]),
    ("Members of the Planning Committee must attend training.", ["councillor"], ["obligation"]),
    # "if you wish to complain" sets the scene for an instruction; "if they wish" alone is a permission
    ("If you wish to raise a complaint, please fill in the form online.", [], ["obligation"]),
    ("An employee may bring a colleague to the hearing if they wish.", ["officer"], ["permission"]),
    # ability as a purpose ("to be able to") is no permission
    ("The Council values its place in the town to be able to lead local projects.", [], []),
]


@pytest.mark.parametrize("text,roles,duties", CASES)
def test_roles_and_duties(nlp, text, roles, duties):
    clauses, _, _ = tag_text(nlp, text)
    row = clauses.iloc[0]
    assert (sorted(row["roles"]), sorted(row["duties"])) == (sorted(roles), sorted(duties))


def test_expectations_follow_the_counterpart_rule(nlp):
    text = ("1. Expectations\n\n1.1 Members can expect:\n- a prompt reply to enquiries\n"
            "- that the Clerk will not share confidential information\n\n"
            "1.2 Officers can expect from councillors:\n- courtesy at all times\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1", "roles"] == ["officer"] and clauses.loc["1.1", "duties"] == ["expectation"]
    assert clauses.loc["1.1.1", "roles"] == ["officer"] and clauses.loc["1.1.1", "duties"] == ["expectation"]
    assert clauses.loc["1.1.2", "roles"] == ["clerk"]
    assert sorted(clauses.loc["1.1.2", "duties"]) == ["expectation", "prohibition"]
    assert clauses.loc["1.2.1", "roles"] == ["councillor"]


def test_list_items_inherit_the_lead_in(nlp):
    text = ("2. Conduct\n\n2.1 Councillors should not:\n- approach contractors directly;\n"
            "- ask staff to do private work.\n\n2.2 When officers attend a group meeting:\n"
            "- they must not take part in debate;\n- the group leader should thank them.\n")
    clauses, tags, _ = tag_text(nlp, text)
    assert clauses.loc["2.1.1", "roles"] == ["councillor"] and clauses.loc["2.1.1", "duties"] == ["prohibition"]
    inherited = tags[(tags["clause_id"] == "2.1.1") & (tags["field"] == "role")]
    assert inherited["inherited_from"].tolist() == ["2.1"]
    # a lead-in that states no duty has no role; its items are coded on their own
    assert clauses.loc["2.2", "roles"] == [] and clauses.loc["2.2", "duties"] == []
    assert clauses.loc["2.2.1", "roles"] == ["officer"] and clauses.loc["2.2.1", "duties"] == ["prohibition"]
    assert clauses.loc["2.2.2", "roles"] == ["councillor"]


def test_a_lead_in_naming_an_actor_and_to_governs_its_steps(nlp):
    text = ("Handling a complaint\n\n1. On receipt\n\n1.1 The Clerk to:\n- log the complaint on the day it arrives;\n"
            "- send a copy of it to every councillor.\n\n1.2 The following apply to:\n- every written complaint.\n")
    clauses, tags, _ = tag_text(nlp, text)
    for cid in ("1.1", "1.1.1", "1.1.2"):
        assert clauses.loc[cid, "roles"] == ["clerk"] and clauses.loc[cid, "duties"] == ["obligation"], cid
    assert tags[(tags["clause_id"] == "1.1.2") & (tags["field"] == "role")]["inherited_from"].tolist() == ["1.1"]
    assert clauses.loc["1.2", "roles"] == [] and clauses.loc["1.2.1", "roles"] == []


def test_a_pronoun_after_a_clause_bearing_no_duty_is_the_role_descriptions_subject(nlp):
    text = ("What does the Mayor do at a council meeting?\n\n"
            "Settles the running order with the town clerk beforehand.\n\n"
            "Makes sure each vote is recorded in words the Town Clerk can minute.\n\n"
            "Once the meeting opens, they will:\n\n  - welcome any visitors;\n  - take the apologies.\n\n"
            "Letters to the Mayor come in many forms.\n\nThey must carry the sender's address.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    for line in ("Once the meeting opens, they will:", "welcome any visitors;", "take the apologies."):
        assert by_text.loc[line, "roles"] == ["chair"], line
    # a pronoun outside a list's lead-in is not taken for the subject ("They" are the letters)
    assert by_text.loc["They must carry the sender's address.", "roles"] == []


def test_terms_of_reference_that_never_name_their_staffing_committee_mean_it_by_the_committee(nlp):
    text = ("Adopted by the parish council in June; remit reviewed every two years\n\n"
            "The functions of this committee are:\n- to agree the staff handbook;\n"
            "- to hear appeals against disciplinary warnings.\n\nIts members are four councillors.\n\n"
            "The committee must meet at least twice a year.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["The committee must meet at least twice a year.", "roles"] == ["personnel_committee"]
    # a committee the terms name keeps its own kind
    named = text.replace("The functions of this committee", "The functions of the Planning Committee")
    clauses, _, _ = tag_text(nlp, named)
    assert clauses.reset_index().set_index("text").loc[
        "The committee must meet at least twice a year.", "roles"] != ["personnel_committee"]
    # a protocol with a remit and a word of discipline, but no functions of "this committee", is no such terms
    protocol = ("Member and Officer Protocol\n\nRemit\n\nThis protocol covers how members and staff work "
                "together; breaches by staff may lead to disciplinary action.\n\n"
                "The committee will review this protocol each year.\n")
    clauses, _, _ = tag_text(nlp, protocol)
    assert clauses.reset_index().set_index("text").loc[
        "The committee will review this protocol each year.", "roles"] != ["personnel_committee"]


def test_a_terms_of_reference_heading_under_a_bodys_title_gives_that_body_its_lines_and_their_items(nlp):
    text = ("Staff Appeals Panel\n\nThree councillors who have taken no part in the case.\n\n"
            "The panel elects its own chair at each hearing.\n\nTerms of reference\n\n1. To hear appeals against:\n\n"
            "   (a) dismissal\n\n   (b) a final written warning\n\n2. To decide grievances that the Clerk has not resolved.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    for line in ("To hear appeals against:", "dismissal", "a final written warning",
                 "To decide grievances that the Clerk has not resolved."):
        assert by_text.loc[line, "roles"] == ["personnel_committee"], line
    assert by_text.loc["dismissal", "escalation_targets"] == ["personnel_committee"]
    assert by_text.loc["a final written warning", "escalation_targets"] == []
    # the Chair of a personnel body named without its noun, and national standards bodies, are targets
    clauses, _, _ = tag_text(nlp, "Complaints about the Town Clerk go to the Chair of Personnel.")
    assert sorted(clauses.iloc[0]["escalation_targets"]) == ["chair", "personnel_committee"]
    clauses, _, _ = tag_text(nlp, "If you remain dissatisfied, you can ask NIPSO to review your complaint.")
    assert clauses.iloc[0]["escalation_targets"] == ["monitoring_officer"]


def test_a_page_titled_only_with_a_staffing_bodys_name_is_its_terms_of_reference(nlp):
    text = ("Skip to main content\n\nStaffing Committee\n\n(Agreed May 2021, next review May 2024)\n\n"
            "Five councillors sit on this body, which the Council appoints each May; the Committee reports to the "
            "Finance Committee on its spending.\n\n1. To interview and appoint new employees.\n\n"
            "2. To agree the annual training plan for staff.\n\n3. The Committee must meet at least twice a year.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    for line in ("To interview and appoint new employees.", "To agree the annual training plan for staff.",
                 "The Committee must meet at least twice a year."):
        assert by_text.loc[line, "roles"] == ["personnel_committee"], line
    # a title that says more than the body's name is no terms of reference
    minutes = text.replace("Staffing Committee\n", "Staffing Committee minutes, March\n")
    clauses, _, _ = tag_text(nlp, minutes)
    assert clauses.reset_index().set_index("text").loc["To interview and appoint new employees.", "roles"] == []


def test_a_committee_named_above_its_terms_section_headings_owns_their_lines(nlp):
    text = ("Conduct Hearings Sub-Committee\n\nPurpose\n\nTo consider complaints that a councillor has broken the "
            "Code of Conduct.\n\nResponsibilities\n\n- To hold hearings once an investigation is finished.\n"
            "- To decide what sanction fits where a breach is found.\n\nQuorum\n\nThree members.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    for line in ("To hold hearings once an investigation is finished.",
                 "To decide what sanction fits where a breach is found."):
        assert by_text.loc[line, "roles"] == ["committee"], line
    # a committee's meetings page is no terms of reference: what it tells the reader to do is nobody's function
    meetings = ("Standards Committee\n\nMeetings and minutes\n\nTo view the papers for a meeting, choose its date "
                "from the list.\n\nTo ask a question at a meeting, write to the clerk a week before.\n")
    clauses, _, _ = tag_text(nlp, meetings)
    assert all("committee" not in roles for roles in clauses["roles"])
    # a heading that is no section of terms of reference still makes the title more than a body's name
    report = text.replace("Purpose\n", "Annual Report\n")
    clauses, _, _ = tag_text(nlp, report)
    assert clauses.reset_index().set_index("text").loc[
        "To hold hearings once an investigation is finished.", "roles"] == []


def test_a_hearings_bodys_terms_route_code_allegations_and_own_its_membership(nlp):
    text = ("Conduct Hearings Sub-Committee\n\nTerms of Reference\n\n"
            "This Sub-Committee hears allegations that a councillor failed, in a resident's view, to comply with "
            "the Code of Conduct, and decides what action to take.\n\n"
            "The membership of the Conduct Hearings Sub-Committee shall be drawn from the Standards Committee in turn.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    hears = by_text.loc[by_text.index.str.startswith("This Sub-Committee hears")].iloc[0]
    assert hears["escalation_targets"] == ["monitoring_officer"]
    membership = by_text.loc[by_text.index.str.startswith("The membership of")].iloc[0]
    assert membership["roles"] == ["committee"] and membership["duties"] == ["obligation"]
    # a failure to do something else, beside the Code's name, is no Code complaint
    other = text.replace("comply with the Code", "attend a hearing held under the Code")
    clauses, _, _ = tag_text(nlp, other.replace("hears allegations that a councillor", "notes when a witness"))
    assert clauses.reset_index().set_index("text").filter(like="This Sub-Committee notes", axis=0).iloc[0][
        "escalation_targets"] == []
    # the membership of something that is no body (a pension scheme) is nobody's rule
    clauses, _, _ = tag_text(nlp, "The membership of the Local Pension Scheme will be drawn from every employee.")
    assert clauses.iloc[0]["roles"] == []


def test_a_page_titled_with_a_body_whose_list_says_what_their_role_is_is_that_bodys(nlp):
    text = ("Employment panel\n\nTheir role is to:-\n\n  • Interview candidates for the posts of senior officers.\n"
            "  • Hear appeals by staff against dismissal under the council's procedures.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert list(clauses["roles"]) == [["personnel_committee"]] * 3
    # without a body in the title the list is nobody's
    clauses, _, _ = tag_text(nlp, text.replace("Employment panel", "Useful information"))
    assert list(clauses["roles"]) == [[]] * 3


def test_a_committee_sites_page_about_one_body_gives_it_the_pages_instructions_but_not_the_readers(nlp):
    text = ("Browse meetings\n\nConduct Hearings Sub-Committee\n\nInformation about Conduct Hearings Sub-Committee\n\n"
            "Hold hearings into complaints that a councillor has broken the Code of Conduct, once an investigation is "
            "finished.\n\nDecide what sanction fits where a breach is found.\n\n"
            "Please contact the Democratic Services team with any questions about a hearing.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["Decide what sanction fits where a breach is found.", "roles"] == ["committee"]
    assert by_text.iloc[0]["roles"] == ["committee"]
    # a request to whoever reads the page is no function of the body
    request = by_text.loc["Please contact the Democratic Services team with any questions about a hearing."]
    assert request["roles"] == [] and request["duties"] == ["obligation"]
    # "Information about" a council names no body the page's lines belong to
    clauses, _, _ = tag_text(nlp, text.replace("about Conduct Hearings Sub-Committee", "about Council"))
    assert clauses.reset_index().set_index("text").loc[
        "Decide what sanction fits where a breach is found.", "roles"] == []


def test_a_list_item_opening_with_not_and_a_bare_verb_is_a_prohibition(nlp):
    text = ("Posting guidance\n\nPOSTS BY THE COUNCIL WILL MEET THESE STANDARDS:\n\na) Be polite and on topic;\n\n"
            "b) Not contain any personal details of residents;\n\nc) Not include advertising.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["Be polite and on topic;", "duties"] == ["obligation"]
    for line in ("Not contain any personal details of residents;", "Not include advertising."):
        assert by_text.loc[line, "duties"] == ["prohibition"], line
    clauses, _, _ = tag_text(nlp, "Not every complaint leads to a hearing.")
    assert clauses.iloc[0]["duties"] == []


def test_a_single_question_over_a_page_can_title_its_role_description(nlp):
    text = ("Site settings\n\nTel: 01234 567890\n\nWhat is the role of the Chair at meetings of the Town Council?\n\n"
            "Agrees the agenda with the clerk a week ahead and makes sure each item may lawfully be decided.\n\n"
            "During each meeting, they will:\n\n- Confirm that enough members are present\n\n- Keep order\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    for line in ("During each meeting, they will:", "Confirm that enough members are present", "Keep order"):
        assert by_text.loc[line, "roles"] == ["chair"], line
    # a page of several questions is an FAQ: none of them titles it
    faq = text.replace("Tel: 01234 567890", "Who can attend our meetings?")
    clauses, _, _ = tag_text(nlp, faq)
    assert clauses.reset_index().set_index("text").loc["Keep order", "roles"] != ["chair"]


def test_a_chair_named_by_its_bodys_noun_chairs_that_body(nlp):
    terms = ("Staffing Committee Terms of Reference\n\n1. Meetings\n\n1.1 Extra meetings may be convened by the "
             "Committee Chair at short notice.\n\n1.2 To appoint staff.\n")
    clauses, _, _ = tag_text(nlp, terms)
    assert sorted(clauses.loc["1.1", "roles"]) == ["chair", "personnel_committee"]
    # in a complaints procedure the Committee Chairman is a chair, not a committee
    clauses, _, _ = tag_text(nlp, "The Mayor or the Committee Chairman will open each hearing.")
    assert clauses.iloc[0]["roles"] == ["chair"]


def test_committee_opening_a_clause_of_a_staffing_committees_terms_is_that_committee(nlp):
    text = ("Staffing Committee Terms of Reference\n\n5. Powers\n\n5.1 Committee may decide any staffing matter "
            "within its budget.\n\n5.2 Finance Committee must approve any spending over that budget.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["5.1", "roles"] == ["personnel_committee"]
    assert clauses.loc["5.2", "roles"] == ["committee"]  # another committee named keeps its kind


def test_a_verbless_remit_line_of_staff_discipline_routes_to_the_staffing_committee(nlp):
    text = ("Staffing Committee Terms of Reference\n\nThe committee is responsible for:\n\n- staff recruitment and appraisal;\n\n"
            "- staff grievance and disciplinary matters.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["staff grievance and disciplinary matters.", "escalation_targets"] == ["personnel_committee"]
    assert by_text.loc["staff recruitment and appraisal;", "escalation_targets"] == []


def test_an_instruction_is_the_readers_where_the_document_says_who_its_reader_is(nlp):
    code = ("Members' Social Media Code\n\n1. Posting\n\n1.1 Do not post anything you would not say at a council "
            "meeting.\n")
    clauses, tags, _ = tag_text(nlp, code)
    assert clauses.loc["1.1", "roles"] == ["councillor"]
    assert tags[(tags["field"] == "role")]["rule"].str.endswith("actor:reader").all()
    public = "Complaints Procedure\n\n1. Making a complaint\n\n1.1 Please send your complaint to the Clerk.\n"
    clauses, _, _ = tag_text(nlp, public)
    assert clauses.loc["1.1", "roles"] == []


def test_a_numbered_appendix_titled_for_councillors_speaks_to_them(nlp):
    text = ("Ashby District Council\n\nCookies information\n\n4. Appendix B - Guidance for Councillors\n\n"
            "What to keep in mind\n\nYou are personally responsible for what you publish online.\n\n"
            "Be careful when using social media during a council meeting.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert all(r == ["councillor"] for r in clauses["roles"])
    # the same page for residents is no code for members
    public = text.replace("Guidance for Councillors", "Guidance for Residents")
    clauses, _, _ = tag_text(nlp, public)
    assert all(r == [] for r in clauses["roles"])


def test_a_long_title_of_dashes_and_parts_can_name_a_role_description(nlp):
    text = ("Display options\n\nText size\n\nThe Constitution - Part Two - Chapter 9 – Codes and Protocols - "
            "Appendix 4 - Role of Mayor\n\nMain role\n\nB-1.1 To chair meetings of the Council.\n\n"
            "B-1.2 To represent the Council at civic events.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["B-1.1", "roles"] == ["chair"] and clauses.loc["B-1.2", "roles"] == ["chair"]


def test_a_verbless_purpose_lead_in_gives_its_body_the_items(nlp):
    text = ("Staff Panel\n\nPurpose of the Staffing Committee:\n\n- To hear appeals against dismissal.\n\n"
            "- To agree the pay of staff.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    for line in ("To hear appeals against dismissal.", "To agree the pay of staff."):
        assert by_text.loc[line, "roles"] == ["personnel_committee"], line


def test_a_body_named_with_an_ampersand_is_one_body(nlp):
    text = ("Staffing & Conduct Committee\n\nTerms of Reference\n\n1. The Staffing & Conduct Committee is "
            "appointed by the full Council. The Committee will meet at least once a year.\n\n"
            "2. To appraise the Clerk each year.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1", "roles"] == ["personnel_committee"]


def test_items_of_a_may_only_lead_in_inherit_its_permission_and_its_prohibition(nlp):
    text = ("Staffing Committee terms\n\n1. Reserved matters\n\n1.1 The following decisions are reserved to the full "
            "Council, and the Committee may only make recommendations on them:\n\n- the dismissal of any employee;\n"
            "- the creation of a post.\n")
    clauses, _, _ = tag_text(nlp, text)
    for cid in ("1.1.1", "1.1.2"):
        assert sorted(clauses.loc[cid, "duties"]) == ["permission", "prohibition"], cid
        # the matters are both bodies': the Council's to decide, the Committee's only to recommend on
        assert sorted(clauses.loc[cid, "roles"]) == ["council", "personnel_committee"], cid


def test_the_purpose_of_a_named_office_is_its_duty_and_its_list_inherits_it(nlp):
    text = ("Deputy Mayor\n\nThese duties are in addition to those of the Mayor.\n\nThe purpose of the Deputy Mayor is to:"
            "\n\n  • stand in for the Mayor at civic events\n\n"
            "The purpose of this policy is to set out the civic calendar.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["The purpose of the Deputy Mayor is to:", "roles"] == ["chair"]
    item = by_text.loc["stand in for the Mayor at civic events"]
    assert item["roles"] == ["chair"] and item["duties"] == ["obligation"]
    assert by_text.loc["The purpose of this policy is to set out the civic calendar.", "duties"] == []


def test_a_committee_chairmans_role_description_is_the_chairs(nlp):
    text = ("Committee Chairman\n\nThis profile applies to every chair of a committee.\n\nDuties:\n\n"
            "(a) To agree the agenda with the clerk.\n\n(b) To sign the minutes once approved.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    for line in ("To agree the agenda with the clerk.", "To sign the minutes once approved."):
        assert by_text.loc[line, "roles"] == ["chair"], line


def test_you_in_a_code_for_members_is_the_councillor_but_not_in_a_complaints_procedure(nlp):
    line = "If you are unsure whether you have an interest, you should ask the Monitoring Officer first."
    for title, roles in (("Members' Planning Code of Good Practice", ["councillor"]),
                         ("Complaints about Councillors", [])):
        text = f"{title}\n\nThis note applies to the councillors of the borough.\n\n{line}\n"
        clauses, _, _ = tag_text(nlp, text)
        assert clauses.reset_index().set_index("text").loc[line, "roles"] == roles, title


def test_a_paragraph_that_ends_its_sentence_governs_no_list_after_it(nlp):
    text = ("The Mayor\n\nThe Mayor chairs the meetings of the council and may use a casting vote.\n\n"
            "- Holds office for one year\n- Is a member of the council\n\n"
            "The Mayor should:\n\n- open the meeting on time\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    for item in ("Holds office for one year", "Is a member of the council"):
        assert by_text.loc[item, "duties"] == [], item
    assert by_text.loc["open the meeting on time", "duties"] == ["obligation"]
    assert by_text.loc["open the meeting on time", "roles"] == ["chair"]


def test_a_line_that_is_only_an_infinitive_is_a_duty_unless_its_list_gives_aims(nlp):
    text = ("Civic Events Guide\n\n1. Civic duties\n\nThe Town Mayor has many public engagements in the "
            "course of a year, and the following are the ones every Mayor takes on.\n\n"
            "- To open the summer fair.\n- Not to speak for the council on matters of policy.\n\n"
            "The aims of this policy are:\n\n- To keep staff and members on good terms.\n\n"
            "To keep order, the Chair will call speakers by name.\n")
    clauses, tags, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["To open the summer fair.", "duties"] == ["obligation"]
    assert by_text.loc["Not to speak for the council on matters of policy.", "duties"] == ["prohibition"]
    assert by_text.loc["To keep staff and members on good terms.", "duties"] == []
    main_clause = "To keep order, the Chair will call speakers by name."
    assert by_text.loc[main_clause, "duties"] == ["obligation"] and by_text.loc[main_clause, "roles"] == ["chair"]
    rules = tags[(tags["field"] == "duty") & tags["rule"].str.endswith("infinitive_line")]["evidence"].tolist()
    assert sorted(rules) == ["Not to speak", "To open"]


def test_a_body_with_these_roles_and_responsibilities_governs_its_list(nlp):
    text = ("1. Recruitment\n\n1.1 The Staffing Panel holds these roles and responsibilities:\n"
            "- Agree the job description of each senior post.\n- Interview the candidates on the shortlist.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1", "roles"] == ["personnel_committee"] and clauses.loc["1.1", "duties"] == ["obligation"]
    assert clauses.loc["1.1.2", "roles"] == ["personnel_committee"] and clauses.loc["1.1.2", "duties"] == ["obligation"]


@pytest.mark.parametrize("opening,role", [
    ("What does a Ward Councillor do?\n\nIn short\n\n", "councillor"),  # a question as the title
    ("What do Village Councillors do?\n\n", "councillor"),  # the same question of the plural
    ("Being a Community Councillor\n\n", "councillor"),
    ("Mayor of Exampleton\n\n", "chair"),  # an office and where it is held: only its name
    ("Chair and Vice-Chair of the Council\n\n", "chair"),  # two names of one office, the body it sits on
    ("Chairperson: Role on community councils\n\n", "chair"),
    ("Post\n\nAllotments and Green Spaces Committee Chair\n\nSummary\n\nPurpose:\n\n", "chair"),  # the body's name
    # qualifies the office it names before it
    ("The role of our Village Clerk is wide, and this page sets out what a clerk does from week to week for the "
     "members.\n\n", "clerk"),  # no title: the opening sentence says whose role it is
])
def test_a_role_description_is_known_by_a_question_title_or_its_opening_sentence(nlp, opening, role):
    from protocol_analytics.nlp.rules import document_subject

    text = opening + "- Keep the accounts of the council in good order.\n- Attend every meeting of the council.\n"
    assert document_subject(text, LEX) == role
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["Attend every meeting of the council.", "roles"] == [role]
    # a protocol that opens on the roles of two parties is no role description
    assert document_subject("The role of councillors and officers is set out below.\n\n- Attend meetings.\n", LEX) is None
    # a title that says more of the office than where it is held is no role description's
    assert document_subject("Mayor of Exampleton Charity Rules\n\n- Attend meetings.\n", LEX) is None
    # a body's name and its title's other words: no office's description; nor a body's own page that names its chair
    assert document_subject("Allotments Committee Chair Election Rules\n\n- Attend meetings.\n", LEX) is None
    assert document_subject("Allotments Committee\n\nAllotments Committee Chair\n\nThe committee meets monthly.\n\n"
                            "- Let the plots.\n", LEX) != "chair"
    # a question about what the reader does is no councillor's role description
    assert document_subject("What do I do if I want to complain about a councillor?\n\n- Write to the clerk.\n",
                            LEX) is None


def test_a_terms_of_reference_line_can_make_its_body_responsible(nlp):
    text = ("Staffing Committee: Terms of Reference\n\nThe committee meets twice a year.\n\n"
            "- To be responsible for the training of staff.\n- To appoint the Clerk.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["To be responsible for the training of staff.", "roles"] == ["personnel_committee"]
    assert by_text.loc["To appoint the Clerk.", "roles"] == ["personnel_committee"]


def test_the_steps_of_a_standards_bodys_terms_that_deal_with_a_complaint_are_code_routes(nlp):
    text = ("Audit and Standards Committee\n\nTerms of reference\n\n1. To promote high standards of conduct among "
            "councillors.\n\n2. To assess, investigate and determine allegations of misconduct by councillors.\n\n"
            "3. To grant dispensations to councillors with an interest.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["2", "escalation_targets"] == ["monitoring_officer"]
    assert clauses.loc["1", "escalation_targets"] == [] and clauses.loc["3", "escalation_targets"] == []
    # a body that hears staff appeals beside standards is not a standards body alone
    both = ("Appeals and Standards Committee\n\nTerms of reference\n\n1. To hear appeals by employees under the "
            "disciplinary procedure.\n")
    clauses, _, _ = tag_text(nlp, both)
    assert "monitoring_officer" not in clauses.loc["1", "escalation_targets"]


def test_how_members_of_a_body_behave_is_no_rule_of_the_body(nlp):
    clauses, _, _ = tag_text(nlp, "Members of the Staffing Panel must sit with an open mind when they hear an appeal.")
    assert "personnel_committee" not in clauses.iloc[0]["roles"]


def test_an_it_opening_a_clause_of_a_bodys_terms_is_that_body(nlp):
    text = ("Audit and Standards Committee\n\nTerms of reference\n\n1. The committee oversees the conduct of members.\n\n"
            "2. It is also responsible for:\n\n2.1 granting dispensations;\n\n2.2 the annual ethics report.\n\n"
            "3. It is expected that members of the committee attend training.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["2", "roles"] == ["committee"] and clauses.loc["2", "duties"] == ["obligation"]
    assert clauses.loc["2.1", "roles"] == ["committee"]
    assert "committee" not in clauses.loc["3", "roles"]  # an 'it' that stands for nothing
    # after a clause about someone else's work, 'it' is that work
    staffing = ("Staffing Committee\n\nTerms of reference\n\n1. The Clerk will prepare an annual training plan for "
                "all staff.\n\n2. It should cover the Code of Conduct and data protection.\n")
    clauses, _, _ = tag_text(nlp, staffing)
    assert "personnel_committee" not in clauses.loc["2", "roles"]


def test_role_description_items_inherit_the_lead_in(nlp):
    text = ("1. Roles\n\n1.1 The main responsibilities of councillors are:\n- to represent their residents;\n"
            "- to set the budget.\n\n1.2 Officers can expect from members:\n- Members to respect their advice;\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1.1", "roles"] == ["councillor"] and clauses.loc["1.1.1", "duties"] == ["obligation"]
    # an expectation item written as "X to do" is an expectation only
    assert clauses.loc["1.2.1", "duties"] == ["expectation"]


def test_a_pronoun_opening_a_clause_refers_to_the_clause_before(nlp):
    text = ("1. Officers\n\n1.1 Staff are employed by the Council as a whole.\n\n"
            "1.2 Their job is to advise members and to carry out the Council's decisions.\n")
    clauses, tags, _ = tag_text(nlp, text)
    assert clauses.loc["1.2", "roles"] == ["officer"]
    assert "pronoun_previous_" in tags[tags["clause_id"] == "1.2"]["rule"].str.cat()


@pytest.mark.parametrize("sentence,role,duty", [
    ("Once the Licensing Committee has visited the site, it will decide the application within ten days.",
     "committee", "obligation"),
    ("Where the Appeals Panel upholds the appeal, it may order that the warning be removed.", "personnel_committee",
     "permission"),
    ("When the Council has received the auditor's letter, it must tell the auditor what it will do.", "council",
     "obligation"),
])
def test_it_after_a_clause_about_a_body_is_that_body(nlp, sentence, role, duty):
    clauses, tags, _ = tag_text(nlp, sentence)
    assert clauses.iloc[0]["roles"] == [role] and clauses.iloc[0]["duties"] == [duty]
    assert "pronoun" in tags[tags["field"] == "role"]["rule"].str.cat()
    # "it" of no body: nobody's duty
    clauses, _, _ = tag_text(nlp, "When the form arrives, it must be checked for errors.")
    assert clauses.iloc[0]["roles"] == []
    # "it" after a concession is what the concession names, not the body
    clauses, _, _ = tag_text(nlp, "Although the Council has a complaints procedure, it cannot deal with complaints "
                                  "about councillors.")
    assert clauses.iloc[0]["roles"] == []


def test_the_final_say_is_a_bodys_permission_and_its_list_inherits_it(nlp):
    text = ("1. Decisions\n\n1.1 Although the cabinet now takes most decisions, the full Council still has the final say "
            "on several matters, the main ones being:\n- setting the budget and the council tax;\n"
            "- adopting the local plan.\n\n1.2 The Chairman keeps the last word on points of order.\n")
    clauses, tags, _ = tag_text(nlp, text)
    for cid in ("1.1", "1.1.1", "1.1.2"):
        assert clauses.loc[cid, "roles"] == ["council"] and clauses.loc[cid, "duties"] == ["permission"]
    assert clauses.loc["1.2", "roles"] == ["chair"] and clauses.loc["1.2", "duties"] == ["permission"]
    assert "has_final_say" in tags[tags["clause_id"] == "1.1"]["rule"].str.cat()
    clauses, _, _ = tag_text(nlp, "Who has the final say on the budget?")
    assert clauses.iloc[0]["duties"] == []


@pytest.mark.parametrize("sentence,role,duty", [
    ("Members appointed to the panel can make awards of up to five hundred pounds.", "councillor", "permission"),
    ("Officers invited to the meeting may speak only when the Chairman asks them.", "officer", "permission"),
])
def test_a_role_qualified_by_a_participle_is_the_subject_of_the_modal_after_it(nlp, sentence, role, duty):
    clauses, _, _ = tag_text(nlp, sentence)
    assert clauses.iloc[0]["roles"] == [role] and clauses.iloc[0]["duties"] == [duty]


def test_a_post_employed_to_do_something_holds_that_duty(nlp):
    clauses, _, _ = tag_text(nlp, "The clerk is employed to advise the councillors on the law.")
    assert clauses.iloc[0]["roles"] == ["clerk"] and clauses.iloc[0]["duties"] == ["obligation"]
    # employed to a council is no duty
    clauses, _, _ = tag_text(nlp, "The Clerk is employed to the Council on a part-time basis.")
    assert clauses.iloc[0]["duties"] == []


@pytest.mark.parametrize("sentence", ["You can view the agendas and minutes of every meeting by choosing a date below.",
                                      "You can read the constitution in full on our website."])
def test_what_a_reader_can_look_at_on_the_site_is_no_permission(nlp, sentence):
    clauses, _, _ = tag_text(nlp, sentence)
    assert clauses.iloc[0]["duties"] == []
    # what the reader may do about their case still is, and so is what they may or may not do with papers
    for other, duty in (("You may appeal against the decision within ten days.", "permission"),
                        ("You can read your own personnel file at any time by asking the Clerk.", "permission"),
                        ("You may not download or print the confidential appendices.", "prohibition")):
        clauses, _, _ = tag_text(nlp, other)
        assert clauses.iloc[0]["duties"] == [duty], other


@pytest.mark.parametrize("sentence,roles", [
    ("The 2011 Act requires local authorities to keep a register of interests.", ["council"]),
    ("The law requires the Council to publish its accounts every year.", ["council"]),
    ("The Act requires a register of interests to be kept.", []),  # no one named: the law's duty, nobody's role
    ("The Act requires the Council's accounts to be audited every year.", []),  # a role's thing, not the role
])
def test_whom_the_law_requires_to_act_holds_the_duty(nlp, sentence, roles):
    clauses, _, _ = tag_text(nlp, sentence)
    assert clauses.iloc[0]["roles"] == roles and clauses.iloc[0]["duties"] == ["obligation"]


@pytest.mark.parametrize("sentence,role", [
    ("Every parish council is required by law to adopt a code of conduct.", "council"),
    ("Officers were requested to amend the role descriptions as suggested.", "officer"),
    ("The Chair was directed to write to the complainant within a week.", "chair"),
    ("The Clerk undertook to circulate the revised policy to all members.", "clerk"),
])
def test_reported_and_statutory_requests_are_duties(nlp, sentence, role):
    clauses, _, _ = tag_text(nlp, sentence)
    assert clauses.iloc[0]["roles"] == [role] and clauses.iloc[0]["duties"] == ["obligation"]
    # a thing directed to someone is where it went, not a duty; so is a request of no role
    for other in ("The letter was directed to the Clerk by mistake.",
                  "Questions at the meeting are directed to members of the Cabinet.",
                  "The report was requested to inform the budget decision."):
        clauses, _, _ = tag_text(nlp, other)
        assert clauses.iloc[0]["duties"] == [], other


@pytest.mark.parametrize("sentence,role", [
    ("The Standards Committee is charged with overseeing the conduct of members.", "committee"),
    ("The Clerk is tasked with keeping the register of interests up to date.", "clerk"),
])
def test_a_charge_given_to_a_role_is_its_duty(nlp, sentence, role):
    clauses, _, _ = tag_text(nlp, sentence)
    assert clauses.iloc[0]["roles"] == [role] and clauses.iloc[0]["duties"] == ["obligation"]
    clauses, _, _ = tag_text(nlp, "The meeting was charged with emotion after the vote.")
    assert clauses.iloc[0]["duties"] == []


def test_list_items_of_a_lead_in_do_not_read_as_instructions(nlp):
    text = "1. Conduct\n\n1.1 Councillors should not:\n- discuss an officer's pay in public;\n- copy staff e-mails to the press.\n"
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1.1", "duties"] == ["prohibition"] and clauses.loc["1.1.2", "duties"] == ["prohibition"]


def test_the_named_personnel_body_is_what_the_bare_noun_means(nlp):
    text = ("1. Grievances\n\n1.1 Formal grievances are heard by the Employment Panel of three councillors.\n\n"
            "1.2 The Panel will give its decision in writing within a week.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.2", "roles"] == ["personnel_committee"]


def test_a_bare_noun_stays_generic_when_the_document_names_other_bodies(nlp):
    text = ("1. Bodies\n\n1.1 The Staffing Committee and the Planning Committee meet monthly.\n\n"
            "1.2 The Committee must publish its minutes.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.2", "roles"] == ["committee"]


def test_document_definitions_are_used_for_roles(nlp):
    text = ("1. Introduction\n\n1.1 This protocol applies to our employees (the 'Team') and to councillors.\n\n"
            "1.2 The Team must keep proper records of every request.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.2", "roles"] == ["officer"]


ESCALATION_CASES = [
    ("If a member is dissatisfied with the conduct of the Clerk, the matter should be referred to the Chairman, "
     "who will place it before the Staffing Committee.", ["chair", "personnel_committee"]),
    ("Any allegation that a member broke the Code of Conduct will be passed to the Monitoring Officer.",
     ["monitoring_officer"]),
    ("An employee may also use the Council's grievance procedure.", ["grievance_procedure"]),
    # a senior officer named by the body they work for
    ("If you remain dissatisfied, a senior council officer from another team will review your case.",
     ["senior_officer"]),
    ("Action will be taken under the disciplinary or capability procedures.",
     ["disciplinary_procedure", "capability_procedure"]),
    # an outcome is no route: "disciplinary action" names no procedure
    ("No disciplinary action will be taken until the facts have been established.", []),
    ("The parties may agree to mediation by an independent person.", ["conciliation"]),
    ("Members may seek guidance from the Monitoring Officer.", []),
    ("Requests for work should be made to the Town Clerk.", []),
    ("A close relationship should be disclosed to the Chief Executive.", []),
    ("Where the concern is about a Director, it should be raised with the Chief Executive, not with other councillors.",
     ["senior_officer"]),
    # the person or body that handles the concern it was given
    ("The Head of Paid Service will investigate the complaint and reply in writing.", ["senior_officer"]),
    ("The Chairman should not try to deal with grievances on his own.", []),
    ("The Council will deal with every grievance fairly.", []),
    # a concern passed on, told, or appealed against
    ("An employee who is not satisfied with the outcome may appeal to the Appeals Panel.", ["personnel_committee"]),
    ("The Clerk will pass the grievance without delay to the Staffing Panel.", ["clerk", "personnel_committee"]),
    ("A member of staff with a concern about a councillor should tell their line manager.", ["senior_officer"]),
    ("Grievances the Clerk cannot settle are put before the full Council.", ["council"]),
    ("Complaints that remain unresolved will be placed before Council at its next meeting.", ["council"]),
    ("If the concern is about your own manager, take it to the next level of management.", ["senior_officer"]),
    ("An employee unhappy with the outcome of a grievance may appeal to a panel of three councillors.",
     ["personnel_committee"]),
    ("The employee should first put the grievance in writing to his/her manager.", ["senior_officer"]),
    ("If the matter is not settled, the complaint shall be brought to the attention of the Council.", ["council"]),
    ("A resident with a complaint may send it in writing to the Clerk.", ["clerk"]),
    # a meeting of the council where a concern is put on the agenda goes to the council; reporting to one, or
    # doing without one, does not
    ("Any complaint that cannot be resolved by the Clerk will be placed on the agenda of the next meeting of the "
     "Parish Council.", ["council"]),
    ("The Clerk will ask for the complaint to be added as an agenda item for the next council meeting.", ["council"]),
    ("Unsettled complaints will be referred to the next Town Council meeting.", ["council"]),
    ("The Clerk will report any complaint already resolved to the next meeting of the Council.", []),
    ("A new grievance may be referred to the Appeals Panel without a meeting of the Council.", ["personnel_committee"]),
    ("Minutes of the previous meeting will be placed on the agenda of the following meeting of the Town Council.", []),
    ("A summary of the complaints closed each quarter goes on the agenda of the next council meeting for information.",
     []),
    ("If it cannot be settled, the Clerk will report the complaint to the next meeting of the Council for a decision.",
     ["council"]),
    ("Any complaint the Clerk cannot settle will go to the following Parish Council meeting.", ["council"]),
    ("Unresolved complaints will be referred to the Town Council's next meeting.", ["council"]),
    ("A member worried about an officer's work should speak to the Clerk and must not raise it at a meeting of the "
     "Council.", ["clerk"]),
    ("If you remain unhappy, the complaint will be reviewed by a more senior officer.", ["senior_officer"]),
    ("If you are still dissatisfied, a second review will be held by a director of another service.",
     ["senior_officer"]),
]


def test_a_concern_procedure_puts_a_concern_in_play_for_every_clause(nlp):
    text = ("Dignity at Work Policy\n\n1. Stage one\n\n1.1 Speak first to the Clerk, or to the Chairman "
            "where it is about the Clerk.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert sorted(clauses.loc["1.1", "escalation_targets"]) == ["chair", "clerk"]
    plain = "Working Together\n\n1. Stage one\n\n1.1 Speak first to the Clerk.\n"
    clauses, _, _ = tag_text(nlp, plain)
    assert clauses.loc["1.1", "escalation_targets"] == []


@pytest.mark.parametrize("text,targets", ESCALATION_CASES)
def test_escalation_targets(nlp, text, targets):
    clauses, tags, _ = tag_text(nlp, text)
    assert sorted(clauses.iloc[0]["escalation_targets"]) == sorted(targets)
    evidence = tags[tags["field"] == "escalation_target"]
    assert (evidence["rule"].str.len() > 0).all() and (evidence["evidence"].str.len() > 0).all()


def test_escalation_candidates_are_plain_functions(nlp):
    doc = nlp("Any complaint should be raised with the Clerk.")
    assert [h.target for h in escalation_hits(doc, LEX)] == ["clerk"]


def test_statements_give_the_institutional_grammar_view(nlp):
    text = "If a Member is dissatisfied with an officer, he or she should not raise it at a public meeting."
    _, _, statements = tag_text(nlp, text)
    st = statements.iloc[0]
    assert st["deontic"] == "should not" and st["duty"] == "prohibition" and st["role"] == "councillor"
    assert st["condition"].startswith("If a Member is dissatisfied") and st["aim"].startswith("raise")


def test_every_tag_keeps_its_evidence(nlp):
    text = "1. Roles\n\n1.1 Councillors must not direct staff. Officers may refuse such requests."
    clauses, tags, _ = tag_text(nlp, text)
    own = tags[tags["inherited_from"] == ""]
    assert len(own) >= 4
    for row in own.itertuples():
        if row.span_start >= 0:
            assert clauses.loc[row.clause_id, "text"][row.span_start:row.span_end] == row.evidence
        assert row.rule


def test_terms_of_reference_items_are_personnel_committee_delegation(nlp):
    text = ("Personnel Panel: terms of reference\n\n1. Functions\n\n1.1 The Panel may:\n"
            "- set the hours of the caretaker;\n- agree the Clerk's annual leave.\n")
    clauses, tags, _ = tag_text(nlp, text)
    assert clauses.loc["1.1.1", "roles"] == ["personnel_committee"]
    assert "personnel_committee_delegation" in clauses.loc["1.1.1", "topics"]
    rules = tags[(tags["clause_id"] == "1.1") & (tags["label"] == "personnel_committee_delegation")]["rule"]
    assert rules.str.contains("from_role:personnel_committee").all() and len(rules) == 1


TOPIC_CASES = [
    # a document speaking of itself, whatever it is called
    ("These terms of reference set out what the Personnel Panel may decide.", "purpose_and_scope"),
    ("The procedure does not cover complaints from residents about services.", "purpose_and_scope"),
    ("The main aim of the Council's capability procedure is to help staff improve.", "purpose_and_scope"),
    ("Issues that are excluded from this procedure include pay scales set nationally.", "purpose_and_scope"),
    ("These arrangements set out what happens when a complaint is received.", "purpose_and_scope"),
    # a web page or guide speaking of itself
    ("This webpage gives you the facts you need before you stand for the parish council.", "purpose_and_scope"),
    ("How the cabinet and its members share out the work is set out below.", "purpose_and_scope"),
    ("This is for complaints about the behaviour of councillors only.", "purpose_and_scope"),
    # grievances stated without the procedure named
    ("Any formal grievance will be heard within ten working days.", "grievance_procedure"),
    ("An employee may raise a grievance with the Chairman.", "grievance_procedure"),
    # the route and stages of a complaint without "raise"
    ("Any member of staff may appeal against the outcome within ten days.", "raising_concerns"),
    ("Every grievance will be acknowledged in writing within a week.", "raising_concerns"),
    # Code complaints that name no Monitoring Officer
    ("Complaints against councillors are dealt with under the district's arrangements.",
     "monitoring_officer_complaints"),
    # the disciplinary topic without a route
    ("No disciplinary action will be taken until the facts have been established.",
     "disciplinary_capability_procedure"),
    # complying with a code without the verb "comply"
    ("The Code of Conduct applies to every member whenever they act as a councillor.", "code_of_conduct"),
    # what councillors do, without "responsible for"
    ("Each councillor represents the people of their ward.", "councillor_role"),
    # channels named without "e-mail" or "correspondence"
    ("Only the Mayor may speak to the local media on the council's behalf.", "communications"),
    ("Posts on the council's Facebook page are checked by the Clerk.", "communications"),
    ("The Clerk acts as the council's spokesperson.", "communications"),
    ("Think before you post anything online about council business.", "communications"),
    ("Interviews with reporters are given by the Leader alone.", "communications"),
    # political groups named by their place in the council, and the opposition
    ("The opposition groups may each nominate one councillor to the panel.", "political_groups"),
    ("The leader must hold the administration to account on behalf of the opposition.", "political_groups"),
    ("Group whips must tell the Clerk of any change to committee places.", "political_groups"),
    # an officer's neutrality in the words of employees' codes
    ("Staff in politically restricted posts may not stand for election.", "officer_impartiality"),
    ("Employees must not let their personal opinions influence the service they give.", "officer_impartiality"),
    ("Officers give their advice without fear or favour.", "officer_impartiality"),
    ("The Clerk gives members objective professional advice on every item.", "officer_impartiality"),
]
NOT_TOPIC_CASES = [
    # a lead-in pointing at its list is no word on the document
    ("Below is a summary of the approach the council takes to each kind of petition:", "purpose_and_scope"),
    # groups and opposition in their everyday sense
    ("The largest group of complaints concerns the state of the footpaths.", "political_groups"),
    ("The council noted the opposition of residents to the new car park.", "political_groups"),
    # impartial decisions, complaint handling and publicity are not an officer's neutrality
    ("Planning decisions must be taken openly and impartially on their merits.", "officer_impartiality"),
    ("We deal with every complaint fairly and impartially.", "officer_impartiality"),
    ("Council publicity must be politically neutral during an election period.", "officer_impartiality"),
    ("Councillors campaign on local issues on behalf of their residents.", "officer_impartiality"),
    ("The employee may take independent advice from a trade union representative.", "officer_impartiality"),
    ("Members' political affiliations are recorded by the Clerk in the register of interests.", "officer_impartiality"),
]


@pytest.mark.parametrize("text,topic", NOT_TOPIC_CASES)
def test_words_of_a_topic_in_another_sense_are_not_that_topic(nlp, text, topic):
    clauses, _, _ = tag_text(nlp, text)
    assert topic not in clauses.iloc[0]["topics"]


@pytest.mark.parametrize("text,topic", TOPIC_CASES)
def test_topics_of_genre_wording(nlp, text, topic):
    clauses, _, _ = tag_text(nlp, text)
    assert topic in clauses.iloc[0]["topics"]


def test_items_of_a_lead_in_that_names_officers_are_about_their_impartiality(nlp):
    text = ("Conduct of officers\n\n1. Officers must:\n\n(a) remain politically neutral;\n\n"
            "(b) not take part in party political campaigns.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert all("officer_impartiality" in clauses.loc[c, "topics"] for c in ("1.1", "1.2"))


def test_a_chair_hearing_a_stage_of_a_procedure_is_no_chairs_role(nlp):
    procedure = ("Staff Grievance Procedure\n\n1. The formal stage\n\n1.1 The Chairman will hear the grievance "
                 "within ten working days and give a decision in writing.\n")
    clauses, _, _ = tag_text(nlp, procedure)
    assert "chair" in clauses.loc["1.1", "roles"] and "chair_role" not in clauses.loc["1.1", "topics"]
    description = ("The Role of the Chairman\n\n1. Meetings\n\n1.1 The Chairman will sign the minutes "
                   "once the council has approved them.\n")
    clauses, _, _ = tag_text(nlp, description)
    assert "chair_role" in clauses.loc["1.1", "topics"]


def test_the_code_a_page_speaks_of_is_not_the_page_itself(nlp):
    page = ("Complaints about councillors\n\nThe Code of Conduct sets out the standards of behaviour that every "
            "councillor must keep.\n\nYou can complain to the Monitoring Officer in writing.\n")
    clauses, _, _ = tag_text(nlp, page)
    assert "purpose_and_scope" not in clauses.iloc[0]["topics"]
    code = "Code of Conduct for Members\n\nThis Code sets out the standards of behaviour that every councillor must keep.\n"
    clauses, _, _ = tag_text(nlp, code)
    assert "purpose_and_scope" in clauses.iloc[0]["topics"]


def test_a_bare_mention_of_a_grievance_is_no_topic(nlp):
    clauses, _, _ = tag_text(nlp, "Officers should keep the office tidy, as untidy desks are a common grievance.")
    assert "grievance_procedure" not in clauses.iloc[0]["topics"]


@pytest.mark.parametrize("text,targets", [
    # typographic apostrophes read like plain ones
    ("A complaint about bullying can be raised with the employee’s line manager.", ["senior_officer"]),
    # targets joined by a slash or "or" after one preposition
    ("The employee must put the grievance in writing and give a copy to their Chairman/Clerk.", ["chair", "clerk"]),
    # terms of reference: the committee acting as the body that hears grievances
    ("The Committee will act as the Council's Disciplinary Panel.", ["personnel_committee"]),
    # asking someone to have a word, and bringing someone in
    ("A clerk troubled by a councillor's conduct may ask the leader of that councillor's political group to "
     "speak to them.", ["group_leader"]),
    ("If the dispute goes on, the line manager will involve the Chief Executive.", ["senior_officer"]),
    # a second target after a condition of its own ("… or, where it concerns X, to Y")
    ("Send any complaint about staff to the Town Clerk or, where it concerns the Town Clerk, to the Town Mayor.",
     ["clerk", "chair"]),
    ("An employee with a grievance should tell their line manager and, where the grievance is about that manager, "
     "the Chief Executive.", ["senior_officer"]),
    # a body the sentence before names, handling the concern as "it"
    ("The Appeal Panel has three members chosen by lot. It will hear any appeal within a month.",
     ["personnel_committee"]),
    # "it" that does something else handles nothing
    ("The Appeal Panel has three members chosen by lot. It will elect its own chair each May.", []),
    # a concern's maker or the decision it is against is not where it goes
    ("The committee deals with appeals against grading and grievances by Directors.", []),
    ("An appeal against a ruling of the Chief Executive must be lodged within ten days.", []),
    ("An appeal against a dismissal goes to the Appeals Committee.", ["personnel_committee"]),
])
def test_escalation_targets_in_real_layouts(nlp, text, targets):
    clauses, _, _ = tag_text(nlp, text)
    assert sorted(clauses.iloc[0]["escalation_targets"]) == sorted(targets)


def test_items_that_go_on_from_a_verbless_lead_in_take_its_subject(nlp):
    text = ("Staffing Committee\n\n1. Terms\n\n1.1 The Committee:\n- has no delegated powers;\n"
            "- will report to every meeting of the full Council.\n")
    clauses, tags, _ = tag_text(nlp, text)
    assert clauses.loc["1.1.1", "roles"] == ["personnel_committee"]
    assert clauses.loc["1.1.1", "duties"] == ["prohibition"]
    assert clauses.loc["1.1.2", "roles"] == ["personnel_committee"]
    assert clauses.loc["1.1", "roles"] == []  # the lead-in itself states no duty


@pytest.mark.parametrize("text,roles,duties", [
    ("If asked, the Clerk to read out the written complaint.", ["clerk"], ["obligation"]),
    ("The Clerk and the complainant to be given time to sum up.", ["clerk"], ["obligation"]),
    ("The Appeals Panel is appointed by the Council to hear appeals against dismissal.", ["personnel_committee"],
     ["obligation"]),
    # a step in the passive that names no one is still a step
    ("Complaints to be acknowledged in writing within five working days.", [], ["obligation"]),
    ("The complaint to be discussed at the next meeting of the council.", [], ["obligation"]),
    # not a step: a finite verb comes first, or is the sentence's own, or the infinitive completes a noun
    ("Councillors attend meetings to be informed about local matters.", [], []),
    ("The form to be used has been agreed with the unions.", [], []),
    ("Right to be accompanied: an employee may bring a colleague.", ["officer"], ["permission"]),
])
def test_procedure_steps_and_appointments(nlp, text, roles, duties):
    clauses, _, _ = tag_text(nlp, text)
    row = clauses.iloc[0]
    assert (sorted(row["roles"]), sorted(row["duties"])) == (sorted(roles), sorted(duties))


def test_a_procedure_document_is_the_route_its_clauses_name(nlp):
    text = ("Staff Grievance Procedure\n\n1. Stages\n\n1.1 If the informal stage has not settled it, an employee may "
            "use the formal stage of this procedure.\n\n1.2 Meetings under this procedure are held in private.\n")
    clauses, tags, _ = tag_text(nlp, text)
    assert clauses.loc["1.1", "escalation_targets"] == ["grievance_procedure"]
    assert clauses.loc["1.2", "escalation_targets"] == []  # where meetings are held is no route
    protocol = text.replace("Staff Grievance Procedure", "Member and Officer Protocol")
    clauses, _, _ = tag_text(nlp, protocol)
    assert clauses.loc["1.1", "escalation_targets"] == []


def test_in_a_code_complaints_procedure_its_handler_is_the_monitoring_officer(nlp):
    text = ("Complaints about councillors: our procedure\n\n1. Assessment\n\n1.1 The Monitoring Officer will decide, "
            "after talking to the Independent Person, whether to:\n- take no action;\n- investigate.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1", "escalation_targets"] == ["monitoring_officer"]


def test_asking_someone_to_look_at_a_complaint_is_a_route(nlp):
    clauses, _, _ = tag_text(nlp, "Anyone still dissatisfied once the process has finished may ask "
                                  "the Ombudsman to review the case.")
    assert clauses.iloc[0]["escalation_targets"] == ["monitoring_officer"]


def test_in_a_code_complaints_procedure_every_complaint_made_goes_to_the_monitoring_officer(nlp):
    text = ("Complaints about councillors\n\n1. Making a complaint\n\n1.1 You can send us a complaint about "
            "more than one councillor at once.\n\n1.2 We publish a summary of decisions every year.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1", "escalation_targets"] == ["monitoring_officer"]
    assert clauses.loc["1.2", "escalation_targets"] == []


def test_a_complaint_to_our_officer_is_a_route(nlp):
    clauses, _, _ = tag_text(nlp, "If you think a councillor has broken the rules, you can complain to our "
                                  "Monitoring Officer or get in touch with the Ombudsman.")
    assert clauses.iloc[0]["escalation_targets"] == ["monitoring_officer"]


def test_a_lead_in_governs_its_list_only_through_its_last_sentence(nlp):
    text = ("1. Misconduct\n\n1.1 This procedure will normally be followed in cases of misconduct. "
            "Examples of misconduct are:\n- poor timekeeping;\n- rudeness to residents.\n\n"
            "1.2 Councillors are responsible for setting policy. This is done by:\n- debating proposals;\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1.1", "duties"] == [] and clauses.loc["1.1.1", "roles"] == []
    assert clauses.loc["1.2.1", "roles"] == ["councillor"] and clauses.loc["1.2.1", "duties"] == ["obligation"]


@pytest.mark.parametrize("text,roles,duties", [
    ("At no time will an employee be penalised for raising a grievance.", [], ["prohibition"]),
    ("It is critical that councillors are briefed before the press.", [], ["obligation"]),
    ("Responsibility for keeping the register rests with the Parish Clerk.", ["clerk"], ["obligation"]),
    ("Before any decision the staff member will be given the chance to explain what happened.", ["officer"],
     ["permission"]),
])
def test_more_duty_cues(nlp, text, roles, duties):
    clauses, _, _ = tag_text(nlp, text)
    row = clauses.iloc[0]
    assert (sorted(row["roles"]), sorted(row["duties"])) == (sorted(roles), sorted(duties))


def test_items_completing_an_infinitive_are_not_instructions(nlp):
    text = "1. Aims\n\n1.1 This procedure is meant to help staff to:\n- keep high standards;\n- be honest.\n"
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1.1", "duties"] == [] and clauses.loc["1.1.2", "duties"] == []


def test_a_terms_of_reference_lines_belong_to_its_body(nlp):
    text = ("Personnel Committee\nTerms of Reference\n\nTo be elected each May at the annual meeting.\n\n"
            "A quorum shall be three members.\n\nTo agree the pay and conditions of all staff.\n\n"
            "To the Council's relief, meetings are short.\n")
    clauses, tags, _ = tag_text(nlp, text)
    rows = clauses.reset_index().set_index("text")
    for line in ("To be elected each May at the annual meeting.", "A quorum shall be three members.",
                 "To agree the pay and conditions of all staff."):
        assert rows.loc[line, "roles"] == ["personnel_committee"] and "obligation" in rows.loc[line, "duties"]
    assert rows.loc["To the Council's relief, meetings are short.", "roles"] == []
    bullets = ("Personnel Committee\nTerms of Reference\n\nTo look after the staff.\n\n"
               "- To be elected each May.\n- A quorum shall be three members.\n")
    clauses, _, _ = tag_text(nlp, bullets)
    assert all(r == ["personnel_committee"] for r in clauses["roles"])
    plain = text.replace("Terms of Reference", "Annual report")
    clauses, _, _ = tag_text(nlp, plain)
    # a quorum is a body's rule wherever it stands (ANNOTATION.md section 3); the other lines are nobody's
    assert all(r == [] for t, r in zip(clauses["text"], clauses["roles"], strict=True) if "quorum" not in t)


@pytest.mark.parametrize("text,roles,duties", [
    ("Councillors have shared responsibility for the council's finances.", ["councillor"], ["obligation"]),
    ("It will normally be inappropriate for officers to accept gifts from councillors.", ["officer"], ["prohibition"]),
    ("The Staffing Committee chair shall be elected every May.", ["chair", "personnel_committee"], ["obligation"]),
    ("The Mayor or the Committee Chairman will open each hearing.", ["chair"], ["obligation"]),
])
def test_responsibilities_limits_and_chairs(nlp, text, roles, duties):
    clauses, _, _ = tag_text(nlp, text)
    row = clauses.iloc[0]
    assert (sorted(row["roles"]), sorted(row["duties"])) == (sorted(roles), sorted(duties))


def test_a_hearing_panel_is_the_personnel_committee(nlp):
    text = ("1. Hearings\n\n1.1 The Grievance and Appeals Hearing Panel hears staff grievances.\n\n"
            "1.2 At a hearing this panel will:\n- ask the employee to explain the grievance;\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.2.1", "roles"] == ["personnel_committee"]


def test_matters_a_committee_has_authority_to_deal_with_are_routes(nlp):
    text = ("Staffing Committee\nTerms of Reference\n\n1. Remit\n\n1.1 The Committee has authority to deal "
            "with these matters:\n- staff grievances;\n- the office rota.\n\n"
            "To hear appeals against disciplinary decisions.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1.1", "escalation_targets"] == ["personnel_committee"]
    assert clauses.loc["1.1.2", "escalation_targets"] == []
    last = clauses[clauses["text"].str.startswith("To hear")].iloc[0]
    assert "personnel_committee" in last["escalation_targets"]


def test_a_long_code_complaint_is_still_a_code_complaint(nlp):
    clauses, _, _ = tag_text(nlp, "Residents may lodge a complaint that a sitting member of the town council, or "
                                  "of one of the many parish councils in the surrounding rural area, has broken "
                                  "the Code of Conduct.")
    assert clauses.iloc[0]["escalation_targets"] == ["monitoring_officer"]


def test_the_council_by_its_own_name(nlp):
    text = "1. Policy\n\n1.1 Ashcombe is committed to treating every employee with respect.\n"
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1", "roles"] == ["council"]


@pytest.mark.parametrize("text,roles,duties", [
    ("The role of councillors is not to manage staff; that is the role of the Clerk.", ["clerk", "councillor"],
     ["obligation", "prohibition"]),
    ("The Council expects all councillors, officers and visitors to be courteous.", ["councillor", "officer"],
     ["obligation"]),
])
def test_roles_stated_and_denied(nlp, text, roles, duties):
    clauses, _, _ = tag_text(nlp, text)
    row = clauses.iloc[0]
    assert (sorted(row["roles"]), sorted(row["duties"])) == (sorted(roles), sorted(duties))


@pytest.mark.parametrize("text,roles", [
    ("The Personnel and Review Committee will agree the staff rota.", ["personnel_committee"]),
    ("The Appointments Committee will hear any appeal against dismissal.", ["personnel_committee"]),
    ('It is the duty of the Chairman, "to keep order at meetings".', ["chair"]),
    # "officials" of a council are its staff (the word's Scottish and Irish use); the adjective names no one
    ("Once a request reaches the Council, council officials will check that it is complete.", ["officer"]),
    ("Officials of the Council must not take sides in a local election.", ["officer"]),
    ("Any councillor may ask for official advice from the Clerk.", ["councillor"]),
])
def test_more_names_for_bodies_and_duties(nlp, text, roles):
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.iloc[0]["roles"] == roles


def test_a_committee_responsible_for_grievances_is_where_they_go(nlp):
    text = ("Personnel Committee\nTerms of Reference\n\n1. Remit\n\n1.1 The Personnel Committee will be responsible "
            "for the following:\n- all grievance and disciplinary matters;\n- the staff handbook.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1.1", "escalation_targets"] == ["personnel_committee"]
    assert clauses.loc["1.1.2", "escalation_targets"] == []


def test_a_lead_in_giving_a_panel_its_matters_passes_the_target_to_the_items_naming_concerns(nlp):
    text = ("Hearings Panel\n\nWhat the panel does\n\nThe Grievance Panel considers and decides:\n"
            "- grievances that the Clerk could not settle;\n- appeals against a written warning;\n"
            "- the dates of its own meetings.\n")
    clauses, _, _ = tag_text(nlp, text)
    rows = clauses.set_index("text")["escalation_targets"]
    assert rows["The Grievance Panel considers and decides:"] == []
    assert rows["grievances that the Clerk could not settle;"] == ["personnel_committee"]
    assert rows["appeals against a written warning;"] == ["personnel_committee"]
    assert rows["the dates of its own meetings."] == []


@pytest.mark.parametrize("text,targets", [
    ("Most grievances are settled in an informal discussion with the employee's immediate line manager.",
     ["senior_officer"]),
    ("An employee who cannot resolve a complaint informally with their manager may use the grievance procedure.",
     ["grievance_procedure", "senior_officer"]),
    # every recipient of a list of titles after the verb's preposition, the first a target or not
    ("Complaints may also go to the Leader, the Chief Executive or the Police Commissioner.", ["senior_officer"]),
    ("Complaints may also go to the Clerk, the Deputy Clerk or the Chief Executive.", ["clerk", "senior_officer"]),
    ("Any complaint can be referred to a suitably senior officer.", ["senior_officer"]),
    # the organisation's name may stand between the article and the senior manager
    ("Written complaints are passed on to a Westmoor Fire and Rescue Service senior manager, who replies within a week.",
     ["senior_officer"]),
    # what is submitted or forwarded may be any few words before "to" ("this", "the completed form")
    ("Failing an informal settlement, the employee should complete the grievance form and submit it with any papers to "
     "their manager.", ["senior_officer"]),
    ("An employee with a grievance should submit the completed form to their line manager.", ["senior_officer"]),
    ("An employee with a grievance should forward the completed form and any papers to their line manager.",
     ["senior_officer"]),
    ("An employee with a grievance should submit the form, with any papers, to their line manager.", ["senior_officer"]),
    # the words before "to" stop at a new clause ("if …") and at an infinitive's "to" ("to show")
    ("Employees should submit a grievance form if they object to the Clerk's decision.", []),
    ("Employees may submit further evidence to show that the grievance was mishandled by their manager.", []),
])
def test_informal_routes_to_managers(nlp, text, targets):
    clauses, _, _ = tag_text(nlp, text)
    assert sorted(clauses.iloc[0]["escalation_targets"]) == sorted(targets)


@pytest.mark.parametrize("text,roles,duties", [
    ("To help us assess your complaint quickly, please make sure you have:", [], ["obligation"]),
    ("Only the Clerk may open post marked confidential.", ["clerk"], ["permission", "prohibition"]),
    ("Complaints can only be accepted if they are about a councillor's conduct.", [], ["permission", "prohibition"]),
    ("The timescales in this procedure may be extended by agreement.", [], ["permission"]),
    # being advised to go elsewhere, under "may", opens a way; "are advised to" still asks
    ("A complainant who does not want the Clerk to handle it may be advised to write to the Chair instead.", [],
     ["permission"]),
    ("Councillors who are unsure may also be strongly advised to take legal advice first.", ["councillor"], ["permission"]),
    ("Members are advised to read the code before each meeting.", ["councillor"], ["obligation"]),
    # an opportunity "of" something is offered as one "to" do it is
    ("The Clerk and the complainant to be offered the chance of a final word.", ["clerk"], ["obligation", "permission"]),
    # what may be issued is left to whoever issues it; being eligible is a leave, "only" restricts it
    ("A written warning can be issued for a first offence.", [], ["permission"]),
    ("Only residents of the parish are eligible to join the panel.", [], ["permission", "prohibition"]),
    # "get in touch" is an act, though "get" alone speaks of what may happen
    ("If you remain unhappy with the outcome, you can get in touch with the Ombudsman.", [], ["permission"]),
])
def test_please_only_and_passive_permissions(nlp, text, roles, duties):
    clauses, _, _ = tag_text(nlp, text)
    row = clauses.iloc[0]
    assert (sorted(row["roles"]), sorted(row["duties"])) == (sorted(roles), sorted(duties))


def test_a_local_resolution_protocol_is_no_code_complaints_procedure(nlp):
    text = ("Local Resolution Protocol\nMinor complaints from members about members\n\n1. Steps\n\n"
            "1.1 The Clerk will first try to settle the complaint by speaking to each member.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1", "escalation_targets"] == ["clerk"]


def test_panels_named_for_what_they_hear(nlp):
    clauses, _, _ = tag_text(nlp, "Staff grievances and disciplinary cases are referred to the Grievance "
                                  "or Disciplinary panels.")
    assert clauses.iloc[0]["escalation_targets"] == ["personnel_committee"]


def test_an_untitled_procedure_is_known_by_the_kind_it_keeps_naming(nlp):
    from protocol_analytics.nlp import pipeline_lexicon
    from protocol_analytics.nlp.rules import document_procedure

    lex = pipeline_lexicon(nlp)
    grievances = ("Staff may sometimes have a grievance about their work. A grievance should first be talked "
                  "through informally. If the grievance is not settled, it can be put in writing.")
    assert document_procedure(grievances, lex) == "grievance_procedure"
    # one mention among others is no kind, and two kinds named alike are neither
    assert document_procedure("Members and officers work together. A grievance is rare.", lex) is None
    both = grievances + " Discipline is separate. Disciplinary hearings differ. Disciplinary outcomes vary."
    assert document_procedure(both, lex) is None


def test_a_title_naming_two_procedures_is_read_by_what_the_text_keeps_naming(nlp):
    from protocol_analytics.nlp import pipeline_lexicon
    from protocol_analytics.nlp.rules import document_procedure

    lex = pipeline_lexicon(nlp)
    body = ("Disciplinary rules tell staff what conduct is expected. Misconduct is dealt with fairly. A disciplinary "
            "hearing comes before any warning. Serious misconduct may lead to dismissal.")
    assert document_procedure("Grievance and Disciplinary Policy\n\n" + body, lex) == "disciplinary_procedure"
    assert document_procedure("Grievance Policy\n\n" + body, lex) == "grievance_procedure"  # one kind: the title


def test_a_code_complaints_page_is_known_by_complaints_against_councillors(nlp):
    from protocol_analytics.nlp import pipeline_lexicon
    from protocol_analytics.nlp.rules import document_procedure

    lex = pipeline_lexicon(nlp)
    text = ("These arrangements explain how to complain about a councillor who has failed to comply with the "
            "District Council's Code of Conduct. Complaints of councillor misconduct are assessed first. You may "
            "complain about more than one councillor in one form. We publish how many complaints we receive.")
    assert document_procedure(text, lex) == "monitoring_officer"


@pytest.mark.parametrize("text,targets", [
    ("Carrow Vale Parish Council\n\nStaff concerns at work\n\n1. Purpose\n\n1.1 This procedure explains how "
     "an employee can raise a grievance about their work and how the Council will resolve it. A grievance is "
     "any problem at work. Every grievance is taken seriously.\n", ["grievance_procedure"]),
    # a purpose that names no concern is no route
    ("Carrow Vale Parish Council\n\nStaff concerns at work\n\n1. Purpose\n\n1.1 This procedure is designed "
     "to help employees improve. A grievance is any problem at work. Every grievance is taken seriously.\n", []),
])
def test_a_procedure_naming_its_own_purpose_is_a_route(nlp, text, targets):
    clauses, _, _ = tag_text(nlp, text)
    assert sorted(clauses.loc["1.1", "escalation_targets"]) == targets


def test_lines_of_a_role_description_belong_to_the_role_its_title_names(nlp):
    text = ("The Role of the Town Clerk\n\n1. Duties\n\n1.1 To prepare the agenda of every meeting.\n\n"
            "1.2 Not to take sides in a political debate.\n\n1.3 Keeps the minutes of every meeting and must sign them.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1", "roles"] == ["clerk"] and clauses.loc["1.1", "duties"] == ["obligation"]
    assert clauses.loc["1.2", "roles"] == ["clerk"] and clauses.loc["1.2", "duties"] == ["prohibition"]
    assert clauses.loc["1.3", "roles"] == ["clerk"]


def test_the_person_appointed_in_a_role_description_is_its_role(nlp):
    text = ("The Role of the Parish Clerk\n\nThe Clerk keeps the council's records.\n\nThe person appointed will look "
            "after the parish's money and will give the members a report on it every quarter.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.iloc[-1]["roles"] == ["clerk"] and clauses.iloc[-1]["duties"] == ["obligation"]
    # elsewhere "the person" is no role
    clauses, _, _ = tag_text(nlp, "Complaints procedure\n\nThe person will be told the outcome within a month.\n")
    assert clauses.iloc[-1]["roles"] == []


def test_a_portfolio_holders_page_is_a_role_description(nlp):
    text = ("Portfolio Holder for Parks – delegated powers\n\nThe Portfolio Holder answers to the Cabinet.\n\n"
            "To agree the yearly tree planting programme.\n\nTo set the fees for the sports pitches.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert list(clauses["roles"])[-2:] == [["councillor"], ["councillor"]]


def test_a_heading_naming_whose_lines_follow_adds_its_roles(nlp):
    text = ("Board Member role profile\n\nWhat every board member does\n\nTo read the papers before each meeting.\n\n"
            "For Panel Chairs and Vice-Chairs\n\nTo agree each panel's agenda with the officers.\n\n"
            "Leading the panel's visits to the parks.\n")
    clauses, tags, _ = tag_text(nlp, text)
    assert list(clauses["roles"]) == [["councillor"], ["councillor", "chair"], ["councillor", "chair"]]
    heading = tags[(tags["field"] == "role") & (tags["label"] == "chair")]
    assert set(heading["evidence"]) == {"For Panel Chairs and Vice-Chairs"}


def test_a_first_person_role_page_states_its_duties(nlp):
    text = ("The Role of the Commissioner\n\nAs your Commissioner, I am responsible for:\n- setting the yearly budget;\n"
            "- publishing a plan.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert all(d == ["obligation"] for d in clauses["duties"])


@pytest.mark.parametrize(("words", "tags", "opens"), [
    (["considers", "complaints", "."], ["VBZ", "NNS", "."], "considers"),
    # the tagger's plural noun for a sentence's first verb: a stem the lexicon knows as a verb
    (["Promotes", "good", "conduct", "."], ["NNS", "JJ", "NN", "."], "Promotes"),
    (["Minutes", "of", "meetings", "."], ["NNS", "IN", "NNS", "."], None),  # a plural noun, not a verb
    (["is", "responsible", "for", "training", "."], ["VBZ", "JJ", "IN", "NN", "."], None),  # a cue of its own
    (["reports", "and", "will", "advise", "."], ["VBZ", "CC", "MD", "VB", "."], None),  # a modal of its own
    (["hear", "appeals", "."], ["VB", "NNS", "."], None),  # an instruction, not a description
])
def test_a_present_tense_line_opens_on_a_verb_with_no_subject_or_modal(words, tags, opens):
    doc = hand_doc(words, [0] * len(words), ["ROOT"] + ["dep"] * (len(words) - 1), tags=tags)
    found = present_tense_line(doc, LEX)
    assert (found.text if found is not None else None) == opens


def test_an_infinitive_line_no_one_is_given_to_states_an_aim_not_a_duty(nlp):
    # a policy's principles, an agenda's items: lines that are only an infinitive, which nothing gives an actor
    text = ("Ashcombe Parish Council\n\nCommunications Policy\n\n1. Principles\n\nTo keep the village informed "
            "about the council's work.\n\nTo answer every letter in plain English.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert [(row.roles, row.duties) for _, row in clauses.iterrows()] == [([], [])] * 2
    # a role profile's line is its office's duty
    clauses, _, _ = tag_text(nlp, "Role of the Chairman\n\nTo lead the council's meetings fairly.\n")
    assert (clauses.iloc[0]["roles"], clauses.iloc[0]["duties"]) == (["chair"], ["obligation"])


def test_a_gerund_line_may_govern_a_clause_with_its_own_verb(nlp):
    text = ("Scrutiny Chair role profile\n\nDuties\n\nEnsuring that the members are briefed before every meeting.\n\n"
            "Being a chair is hard work.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert (list(clauses["roles"]), list(clauses["duties"])) == ([["chair"], []], [["obligation"], []])


def test_a_title_naming_several_roles_names_no_subject(nlp):
    from protocol_analytics.nlp import pipeline_lexicon
    from protocol_analytics.nlp.rules import role_description_subject

    lex = pipeline_lexicon(nlp)
    assert role_description_subject("Office of Mayor\n\nThe Mayor chairs meetings.\n", lex) == "chair"
    assert role_description_subject("The Chairperson\n\nChairs meetings.\n", lex) == "chair"
    contents = "The role of councillors\nThe role of officers\n\nBoth serve the public.\n"
    assert role_description_subject(contents, lex) is None


def test_the_panel_of_a_staff_procedure_is_the_personnel_committee(nlp):
    text = ("Hearing a grievance\n\n1. Hearings\n\n1.1 At a grievance hearing the Panel will let the employee "
            "state the grievance in full.\n\n1.2 A grievance that concerns discipline is heard under the "
            "disciplinary rules.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1", "roles"] == ["personnel_committee"]
    # a Code complaints document's panel is the Standards hearing panel, not a personnel body
    code = ("Complaints about councillors\n\n1. Hearings\n\n1.1 At the hearing the Panel will decide whether the "
            "councillor breached the Code of Conduct.\n\n1.2 A complaint about a councillor goes to the Monitoring "
            "Officer first.\n")
    clauses, _, _ = tag_text(nlp, code)
    assert "personnel_committee" not in clauses.loc["1.1", "roles"]


@pytest.mark.parametrize("text", ["Officers' main functions are: advising members on policy.",
                                  "Officers’ chief duties include keeping the accounts."])
def test_a_plural_possessive_names_the_actor_of_its_role(nlp, text):
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.iloc[0]["roles"] == ["officer"]


@pytest.mark.parametrize("text,duties", [
    # a subject the parser hangs on the modal, before a parenthesis
    ("At any stage the Council may, with the employee's agreement, arrange mediation.", ["permission"]),
    # "then" orders steps; it does not make the modal a guess
    ("The matter may then be dealt with under the disciplinary procedure.", ["permission"]),
])
def test_permissions_around_commas_and_sequence_words(nlp, text, duties):
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.iloc[0]["duties"] == duties


@pytest.mark.parametrize("text,duties", [
    # what a meeting's rules restrict, put to it by someone: "may not" of it is a prohibition
    ("Questions may not relate to a planning application.", ["prohibition"]),
    ("A petition cannot concern a matter before the courts.", ["prohibition"]),
    # a thing's possibility stays one
    ("The statement may not reflect the Council's view.", []),
    ("The meeting may not be quorate.", []),
])
def test_may_not_of_what_is_put_to_a_meeting(nlp, text, duties):
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.iloc[0]["duties"] == duties


@pytest.mark.parametrize("text,items,roles,duties", [
    # the sentence that points at the list governs it, not a remark on it after
    ("IT Policy\n\n4. Staff are expected to use the system responsibly. The following uses are not acceptable "
     "and whoever is found making them can be disciplined. Sometimes the matter will count as gross "
     "misconduct:\n\n- Using offensive language\n\n- Downloading games\n",
     ("Using offensive language", "Downloading games"), ["officer"], ["prohibition"]),
    # a last sentence the items complete governs them; "the following procedure" is the document, not the list
    ("Policy\n\n2.1 The following procedure tells councillors what is unacceptable. The Town Council will not tolerate "
     "harassment of its:\n\n- employees\n\n- volunteers\n", ("employees", "volunteers"), ["council"], ["prohibition"]),
])
def test_the_sentence_of_a_lead_in_that_points_at_its_list_governs_it(nlp, text, items, roles, duties):
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    for item in items:
        assert (by_text.loc[item, "roles"], by_text.loc[item, "duties"]) == (roles, duties), item


def test_a_lead_in_ending_on_reasons_gives_aims_not_duties(nlp):
    text = ("Press Policy\n\nThe Council uses the local papers and radio for a number of reasons:\n\n"
            "- To raise awareness of the Council's services\n\n- To publicise meetings and decisions of the Council\n\n"
            "The Clerk will issue all press releases.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    for item in ("To raise awareness of the Council's services", "To publicise meetings and decisions of the Council"):
        assert (by_text.loc[item, "roles"], by_text.loc[item, "duties"]) == ([], []), item
    assert by_text.loc["The Clerk will issue all press releases.", "duties"] == ["obligation"]


@pytest.mark.parametrize("text,roles,duties", [
    ("It is permissible for the Clerk to act as the Responsible Financial Officer.", ["clerk"], ["permission"]),
    ("It is acceptable for councillors to speak to the press about their own views.", ["councillor"], ["permission"]),
    ("There is no requirement for councillors to give notice of their questions.", ["councillor"], ["permission"]),
    ("If the votes are equal, the Mayor has a second or casting vote.", ["chair"], ["permission"]),
    # only the negative is a prohibition; "appropriate" alone states no duty
    ("It is not acceptable for councillors to speak for the Council without its agreement.", [], ["prohibition"]),
    ("It is inappropriate for officers to canvass councillors.", ["officer"], ["prohibition"]),
    ("It is appropriate for officers to brief the Chair before a meeting.", [], []),
])
def test_what_it_is_permissible_or_acceptable_for_someone_to_do(nlp, text, roles, duties):
    clauses, _, _ = tag_text(nlp, text)
    assert (clauses.iloc[0]["roles"], clauses.iloc[0]["duties"]) == (roles, duties)


@pytest.mark.parametrize("text,duties", [
    ("This policy sets out how complaints will be handled.", []),
    ("The leaflet explains how members can claim their expenses.", []),
    # the one who explains still acts
    ("The Clerk will explain how members can claim their expenses.", ["obligation"]),
])
def test_what_a_document_describes_is_no_duty(nlp, text, duties):
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.iloc[0]["duties"] == duties


def test_guidance_and_a_procedure_speaking_of_itself_are_no_routes(nlp):
    text = ("Staff Disciplinary Procedure\n\n1. Aims\n\n1.1 At each stage of the disciplinary procedure the employee "
            "may bring a colleague.\n\n1.2 The Council follows the ACAS Code of Practice on Disciplinary Procedures "
            "in every case.\n\n1.3 An employee accused of misconduct may appeal under the disciplinary procedure.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1", "escalation_targets"] == []
    assert clauses.loc["1.2", "escalation_targets"] == []
    assert clauses.loc["1.3", "escalation_targets"] == ["disciplinary_procedure"]


@pytest.mark.parametrize("text,roles", [
    # the parties of a relation a duty binds
    ("The working relationship between councillors and staff should rest on mutual respect.",
     ["councillor", "officer"]),
    # a difference between parties is what is settled, not who settles it
    ("Disagreements between councillors and staff should be settled quickly.", []),
    # "the principle is for X to …"
    ("The guiding principle is for councillors and the Clerk to share information openly.", ["councillor", "clerk"]),
    # a subject shared with a passive verb before it still acts in the active one
    ("Any employee who is being harassed or bullied should try to settle it informally, at first.", ["officer"]),
])
def test_actors_of_relations_principles_and_shared_subjects(nlp, text, roles):
    clauses, _, _ = tag_text(nlp, text)
    assert sorted(clauses.iloc[0]["roles"]) == sorted(roles)


def test_a_policys_readers_are_the_people_its_scope_names_all_of_them(nlp):
    text = ("Computers and E-mail Policy\n\nScope\n\nThis policy applies to all councillors and employees of "
            "Ashcombe Parish Council who use its computers.\n\nUsers must:\n\n- keep their passwords private;\n\n"
            "- lock the screen when they leave the desk.\n\nYou must not install software without the Clerk's "
            "agreement.\n\nEveryone must report a lost laptop to the Clerk at once.\n\nAlways log out at the end of "
            "the day.\n")
    clauses, tags, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    for clause in ("keep their passwords private;", "You must not install software without the Clerk's agreement.",
                   "Everyone must report a lost laptop to the Clerk at once.", "Always log out at the end of the day."):
        assert by_text.loc[clause, "roles"] == ["councillor", "officer"], clause
    # the evidence of each role is the word that stands for them
    you = tags[(tags["field"] == "role") & (tags["clause_id"] == by_text.loc[
        "You must not install software without the Clerk's agreement.", "clause_id"])]
    assert set(you["label"]) == {"councillor", "officer"} and set(you["evidence"]) == {"You"}
    # a scope that names what the page is about, not who reads it, names no reader: a complainant is no one's role
    complaints = ("Complaints Procedure\n\nThis procedure applies to complaints about councillors.\n\n"
                  "You may complain in writing to the Clerk.\n")
    other, _, _ = tag_text(nlp, complaints)
    assert "councillor" not in other.reset_index().set_index("text").loc[
        "You may complain in writing to the Clerk.", "roles"]


def test_a_scope_sentence_hard_wrapped_into_short_lines_is_read_as_prose_not_as_titles(nlp):
    """A PDF's text breaks the opening sentence into lines of a dozen words: they are one paragraph, whose scope
    names the readers (councillors and the clerk), not a stack of titles naming councillors alone."""
    text = ("ASHCOMBE PARISH COUNCIL\n\nMessaging Policy\n\n"
            "Ashcombe Parish Council's messaging policy is intended to guide good practice in\n"
            "written messages on council business for all parish councillors and the clerk.\n\n"
            "Councillors use their own accounts, as the Council provides none, and follow\n"
            "this policy whenever they write on council business.\n\n"
            "When writing messages:\n\n- keep them short and courteous;\n\n- do not forward private details.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    for item in ("keep them short and courteous;", "do not forward private details."):
        assert by_text.loc[item, "roles"] == ["councillor", "clerk"], item


def test_a_list_item_that_is_a_thing_with_a_participle_after_it_completes_its_lead_in(nlp):
    """"The gift or hospitality offered;" is a noun phrase the parser reads as a clause ("gift" the subject of
    "offered"): under "… will be recorded:" it is one more thing recorded, as its siblings are; a person who did
    something ("The Clerk resigned.") is a clause of its own."""
    text = ("Gifts Register\n\n3. The register\n\n3.1 The following details will be recorded:\n\n"
            "(a) The member to whom the offer was made;\n\n(b) The gift or hospitality offered;\n\n"
            "(c) The action taken by the member concerned.\n\n3.2 The Clerk will keep the register:\n\n"
            "(a) The Clerk resigned.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    for item in ("The gift or hospitality offered;", "The action taken by the member concerned."):
        assert by_text.loc[item, "duties"] == ["obligation"], item
    assert by_text.loc["The Clerk resigned.", "duties"] == []


@pytest.mark.parametrize("text,titles", [
    # a long title wrapped onto an "and …" line, with no full stop: still a title
    ("Ashcombe Town Council Grievance Procedure for Employees of the Council\n"
     "and for the Town Clerk and Responsible Financial Officer\n\n1. Scope\n\n1.1 An employee may raise a grievance.\n",
     ["Ashcombe Town Council Grievance Procedure for Employees of the Council",
      "and for the Town Clerk and Responsible Financial Officer"]),
    # a title over its adoption line in brackets
    ("Ashcombe Town Council\n\nPolicy for the Use of Social Media and Messaging Services by Councillors\n"
     "(adopted by the Council at its meeting on 12 May 2024, minute 24/051)\n\n1. Scope\n\n1.1 It applies to members.\n",
     ["Ashcombe Town Council", "Policy for the Use of Social Media and Messaging Services by Councillors"]),
])
def test_a_title_wrapped_over_two_lines_or_over_its_adoption_line_stays_a_title(text, titles):
    from protocol_analytics.nlp.rules import title_lines
    from protocol_analytics.rules.lexicon import load_lexicon

    assert title_lines(text, load_lexicon(), kind=False)[:len(titles)] == titles


@pytest.mark.parametrize("text,duties", [
    # a concession is asserted, not a condition
    ("Although councillors are entitled to disagree with the Clerk's advice, they should not criticise the Clerk "
     "in public.", ["permission", "prohibition"]),
    ("Councillors have a legitimate right to question the work of the Council.", ["permission"]),
    ("Members have the ability to reject any proposal the Clerk puts to them.", ["permission"]),
    ("What the Panel decides is final: there is no right of appeal.", ["prohibition"]),
    # a right the clause says was conferred, or that it names beside another
    ("The right to film a meeting of the parish council was conferred on everyone by statute in 2015.",
     ["permission"]),
    ("This sits beside the rights of the press to report on the meeting.", ["permission"]),
    ("The right to speak does not extend to site visits.", []),
    ("Officers will respect the right of the Leader to take the decisions delegated to the Leader.", ["obligation"]),
])
def test_permissions_and_prohibitions_without_a_modal(nlp, text, duties):
    clauses, _, _ = tag_text(nlp, text)
    assert sorted(clauses.iloc[0]["duties"]) == sorted(duties)


def test_a_procedure_to_be_followed_when_something_happens_is_a_route(nlp):
    text = ("Staff Disciplinary Procedure\n\n1. Scope\n\n1.1 This procedure is to be followed whenever an "
            "employee's conduct may call for formal action.\n\n1.2 The procedure will be applied fairly to all.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1", "escalation_targets"] == ["disciplinary_procedure"]
    assert clauses.loc["1.2", "escalation_targets"] == []


def test_every_agent_of_a_passive_is_an_actor(nlp):
    clauses, _, _ = tag_text(nlp, "Minutes of each hearing will be taken by the Clerk, or by the Chair of the "
                                  "Staffing Committee where the hearing concerns the Clerk.")
    assert sorted(clauses.iloc[0]["roles"]) == ["chair", "clerk", "personnel_committee"]


def test_a_pronoun_refers_to_who_raises_the_concern_not_who_is_reported(nlp):
    clauses, _, _ = tag_text(nlp, "Where a councillor believes that an employee has harassed them, they should "
                                  "inform the Clerk.")
    assert clauses.iloc[0]["roles"] == ["councillor"]


def test_a_verb_with_its_own_subject_does_not_make_a_committee_handle_a_grievance(nlp):
    text = ("Staffing Committee\n\n1. Hearings\n\n1.1 Notes of every grievance hearing will be kept by the Chair of "
            "the Staffing Committee, and the employee will receive a copy.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1", "escalation_targets"] == []


def test_you_in_a_staff_procedure_is_the_employee(nlp):
    text = ("Grievance Procedure\n\n1. Raising a grievance\n\n1.1 You should first raise any grievance with your "
            "line manager.\n\n1.2 A grievance not settled informally goes to the Staffing Committee.\n\n"
            "1.3 The Committee hears every grievance within a month.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1", "roles"] == ["officer"]


@pytest.mark.parametrize("text,targets", [
    ("Responsibility for reviewing this procedure each year rests with the Clerk.", []),
    ("Responsibility for settling grievances rests with the Clerk.", ["clerk"]),
    ("A complaint received by the Clerk about a councillor is passed on within a week.", ["clerk"]),
    ("The Council will delegate both the investigation of the allegation and the running of any hearing that "
     "follows to the Staffing Committee.", ["personnel_committee"]),
])
def test_routes_that_need_their_concern_named(nlp, text, targets):
    clauses, _, _ = tag_text(nlp, text)
    assert sorted(clauses.iloc[0]["escalation_targets"]) == sorted(targets)


def test_a_title_below_a_web_pages_menu_is_found(nlp):
    from protocol_analytics.nlp import pipeline_lexicon
    from protocol_analytics.nlp.rules import document_subject

    lex = pipeline_lexicon(nlp)
    page = ("Skip to main content\nWe use cookies to improve this site. Accept all cookies\nBrookvale Parish Council\n"
            "Home\nAbout us\nCouncillors\nMeetings\nNews\nContact\nHome › Committees › Staffing\n"
            "Staffing Committee – Terms of Reference\n\nThe Committee is appointed by the Council each May and "
            "reports to every ordinary meeting of the Council.\n\nTo appoint the Clerk.\n")
    assert document_subject(page, lex) == "personnel_committee"
    # a section heading below the first paragraph is no title
    protocol = ("Protocol on member and officer relations\n\nThis protocol guides councillors and officers in their "
                "dealings with one another and is part of the constitution.\n\nThe role of councillors\n\n"
                "Councillors set the budget.\n")
    assert document_subject(protocol, lex) is None


@pytest.mark.parametrize("text,duties", [
    ("Contractors working for the Council are equally expected to treat staff with courtesy.", ["obligation"]),
    ("Anyone with a complaint about a councillor is advised to contact the Monitoring Officer.", ["obligation"]),
])
def test_obligations_of_expectation_and_advice(nlp, text, duties):
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.iloc[0]["duties"] == duties


def test_a_committee_given_disciplinary_matters_is_a_route(nlp):
    text = ("Staffing Committee - Terms of Reference\n\n1. Powers\n\n1.1 The Committee has authority to deal "
            "with the following:\n- pay and conditions\n- disciplinary matters\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1.2", "escalation_targets"] == ["personnel_committee"]
    assert clauses.loc["1.1.1", "escalation_targets"] == []


def test_a_long_list_of_procedures_names_each(nlp):
    clauses, _, _ = tag_text(nlp, "The Committee oversees the disciplinary, grievance, capability, sickness and "
                                  "appeal procedures.")
    assert {"disciplinary_procedure", "grievance_procedure", "capability_procedure"} <= set(
        clauses.iloc[0]["escalation_targets"])


def test_whoever_decides_in_a_disciplinary_procedure_is_a_route(nlp):
    text = ("Disciplinary Procedure for the Clerk\n\n1. Investigation\n\n1.1 The Chair of the Staffing Committee "
            "will decide whether an investigation is needed.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert sorted(clauses.loc["1.1", "escalation_targets"]) == ["chair", "personnel_committee"]


def test_a_long_protocol_naming_a_procedure_now_and_then_is_not_that_procedure(nlp):
    from protocol_analytics.nlp import pipeline_lexicon
    from protocol_analytics.nlp.rules import procedure_by_content

    lex = pipeline_lexicon(nlp)
    filler = "Councillors and officers work together with courtesy and respect at every meeting. " * 60
    text = filler + "An officer may use the grievance procedure. A grievance is rare. Each grievance is heard."
    assert procedure_by_content(text, lex) is None
    assert procedure_by_content(text[-120:], lex) == "grievance_procedure"


def test_the_documents_own_name_for_its_committee_is_a_route(nlp):
    text = ("Staffing Committee - Terms of Reference\n\n1. Appeals\n\n1.1 Where an appeal panel already sits, a "
            "new grievance may be referred to that panel rather than to the Council.\n\n1.2 The Appeal Panel has "
            "three members.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert "personnel_committee" in clauses.loc["1.1", "escalation_targets"]


@pytest.mark.parametrize("text", ["Councillors shouldn’t contact staff at home.",
                                  "The Clerk will on no account disclose personal data.",
                                  "Members must no longer instruct staff directly."])
def test_negations_typed_or_phrased_otherwise(nlp, text):
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.iloc[0]["duties"] == ["prohibition"]


def test_a_staffing_bodys_lines_that_make_decisions_on_its_matters_make_it_the_route(nlp):
    text = ("HR Committee - Terms of Reference\n\n1. To reach decisions on staff discipline under the council's "
            "policies.\n2. To make determinations on grievances the Clerk could not settle.\n"
            "3. To keep the staff handbook up to date.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1", "escalation_targets"] == ["personnel_committee"]
    assert clauses.loc["2", "escalation_targets"] == ["personnel_committee"]
    assert clauses.loc["3", "escalation_targets"] == []
    # suspending an officer while misconduct is looked into, taking disciplinary action
    more = ("HR Committee - Terms of Reference\n\n1. To suspend a chief officer while an allegation of misconduct "
            "is looked into.\n2. To take disciplinary action against a chief officer.\n3. To keep the staff "
            "handbook up to date.\n")
    clauses, _, _ = tag_text(nlp, more)
    assert [clauses.loc[n, "escalation_targets"] for n in "123"] == [["personnel_committee"]] * 2 + [[]]
    # a person who may take action is no handler a concern is put to: the body's terms only
    for person in ("Where a grievance about a colleague is upheld, the Clerk may take action under the disciplinary "
                   "procedure.", "The Clerk may suspend an employee on full pay while an allegation of misconduct is "
                   "investigated."):
        clauses, _, _ = tag_text(nlp, f"Grievance Procedure\n\n{person}\n")
        assert "clerk" not in clauses.iloc[0]["escalation_targets"], person


def test_a_page_whose_opening_names_complaints_about_a_councillor_is_a_code_complaints_procedure(nlp):
    # ANNOTATION.md section 4: a Code complaint goes to monitoring_officer wherever it goes; the title alone
    # ("Handling complaints") does not say which complaints the page is about, its first sentence does
    text = ("Handling complaints\n\nOnce a complaint about a councillor reaches us, an acknowledgement is sent out "
            "within a week.\n\nThe Head of Legal Services will assess your complaint within twenty working days.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["p2", "escalation_targets"] == ["monitoring_officer"]
    # complaints about councillors as one kind among others: no Code complaints procedure
    general = text.replace("a complaint about a councillor", "a complaint about a councillor, the Clerk or a service")
    clauses, _, _ = tag_text(nlp, general)
    assert "monitoring_officer" not in clauses.loc["p2", "escalation_targets"]
    # complaints about councillors sent elsewhere, or about a member of staff: no Code complaints procedure either
    for opening in ("We welcome comments on our services; complaints about councillors are dealt with separately.",
                    "You can make a complaint about a member of staff or about one of our services."):
        clauses, _, _ = tag_text(nlp, text.replace(text.split("\n\n")[1], opening))
        assert "monitoring_officer" not in clauses.loc["p2", "escalation_targets"], opening
    # a date line above the first sentence, a comma after the councillor
    dated = "Handling complaints\n\nUpdated 4 March 2026\n\nIf you wish to complain about a councillor, read this page first.\n\n" \
            "The Head of Legal Services will assess your complaint within twenty working days.\n"
    clauses, _, _ = tag_text(nlp, dated)
    assert clauses.loc["p2", "escalation_targets"] == ["monitoring_officer"]


def test_every_step_of_a_code_complaints_procedure_is_a_route_to_the_monitoring_officer(nlp):
    # ANNOTATION.md section 4: its assessment, ruling and investigation deal with the complaint, named or not
    text = ("Complaints about councillors\n\nThis page explains how a complaint that a councillor broke the Code of "
            "Conduct is handled.\n\nThe Monitoring Officer will carry out an initial assessment within fifteen working "
            "days.\n\nIn every case the ruling of the Standards Sub-Committee is final.\n\n"
            "The council publishes an annual report on standards.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["p2", "escalation_targets"] == ["monitoring_officer"]
    assert clauses.loc["p3", "escalation_targets"] == ["monitoring_officer"]
    assert clauses.loc["p4", "escalation_targets"] == []
    more = text.replace("The council publishes an annual report on standards.\n",
                        "The Sub-Committee may hold a hearing before it decides on a sanction.\n\n"
                        "If you think we have breached data protection law, you may write to the regulator.\n")
    clauses, _, _ = tag_text(nlp, more)
    assert clauses.loc["p4", "escalation_targets"] == ["monitoring_officer"]
    assert clauses.loc["p5", "escalation_targets"] == []
    # telling the parties the outcome, or a question the page asks, takes the complaint nowhere
    told = text.replace("The council publishes an annual report on standards.\n",
                        "Once the matter closes, the Monitoring Officer writes to both parties with the decision on "
                        "the complaint.\n\nIs there an easy way to settle the complaint?\n")
    clauses, _, _ = tag_text(nlp, told)
    assert clauses.loc["p4", "escalation_targets"] == []
    assert clauses.loc["p5", "escalation_targets"] == []
    # told the outcome and sent on: still a step
    sent_on = told.replace("writes to both parties with the decision on the complaint.",
                           "writes to both parties with the decision and refers the complaint to the Standards Panel.")
    clauses, _, _ = tag_text(nlp, sent_on)
    assert "monitoring_officer" in clauses.loc["p4", "escalation_targets"]


def test_a_general_staffing_remit_is_no_route(nlp):
    # ANNOTATION.md section 4: a remit that names no concern and does not forbid handling alone gives no target
    text = ("Personnel Committee - Terms of Reference\n\n1. Powers\n\n1.1 The Committee shall have delegated powers "
            "over every staffing and employment question.\n\n1.2 The Committee has delegated authority to hear "
            "grievances.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1", "escalation_targets"] == []
    assert clauses.loc["1.2", "escalation_targets"] == ["personnel_committee"]


def test_a_local_councils_chief_executive_is_its_clerk(nlp):
    from protocol_analytics.segment import segment_text
    from protocol_analytics.segment.frame import clauses_frame
    from protocol_analytics.tag import tag_document

    text = ("Complaints Procedure\n\n1. Steps\n\n1.1 Send your complaint by letter or email to our Chief "
            "Executive Officer.\n\n1.2 The Chief Executive will reply within ten days.\n")
    for council, role, target in (("Ashcombe Town Council", "clerk", "clerk"),
                                  ("Ashcombe District Council", "officer", "senior_officer")):
        clauses, _, _ = tag_document(clauses_frame(segment_text(text), "doc", council), nlp=nlp, text=text,
                                     topic_model=None, escalation_model=None, role_model=None)
        assert clauses["escalation_targets"].tolist()[0] == [target], council
        assert clauses["roles"].tolist()[1] == [role], council


def test_a_page_that_names_its_own_local_council_makes_its_chief_executive_the_clerk(nlp):
    """Without a manifest the council's name is the file's; a page naming one local council by name, and no principal
    council, is that council's own."""
    text = ("Our staff\n\nAshcombe Parish Council employs a small team. The Chief Executive Officer must advise the "
            "members on the law before they decide.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.iloc[0]["roles"] == ["clerk"]
    # beside a principal council by name, the title is that council's officer
    clauses, _, _ = tag_text(nlp, text.replace("a small team.", "a small team with Exampleton District Council."))
    assert clauses.iloc[0]["roles"] == ["officer"]


@pytest.mark.parametrize("sentence,role", [
    ("Cabinet: cabinet is answerable for the decisions on housing and transport.", "committee"),
    ("The Executive Board may meet in private to discuss exempt items.", "committee"),
    ("A cabinet member must declare any interest before the meeting.", "councillor"),  # a member of it is a councillor
])
def test_a_cabinet_named_without_its_article_is_a_committee(nlp, sentence, role):
    clauses, _, _ = tag_text(nlp, sentence)
    assert clauses.iloc[0]["roles"] == [role]


def test_a_say_reserved_to_someone_leaves_a_terms_of_reference_line_its_bodys(nlp):
    text = ("Terms of Reference: Staffing Committee\n\n1. To deal with such matters as may be referred to it by the "
            "Council from time to time.\n\n2. Not to hold its meetings in public unless the Council decides otherwise."
            "\n\n3. To review the staff appraisals each year.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1", "roles"] == ["personnel_committee"]  # "as may be referred" says which matters
    assert clauses.loc["1", "duties"] == ["obligation"]
    assert set(clauses.loc["2", "roles"]) == {"council", "personnel_committee"}
    assert set(clauses.loc["2", "duties"]) == {"permission", "prohibition"}


@pytest.mark.parametrize("text", [
    # an excerpt that lost its title: it opens with the functions
    "1.1 To agree changes to the staff handbook.\n1.2 To set the annual pay award for employees.\n"
    "1.3 To hear appeals against dismissal.\n1.4 To report to the Council each year.\n",
    # a terms of reference heading whose functions are about staff, the body never named
    "Agenda item 6\n\nMembership and Terms of Reference\n\nFive councillors, one of them from the Cabinet.\n\n"
    "a) To decide on the suspension of a statutory officer.\n\nb) To hear appeals by employees against "
    "dismissal.\n\nc) To report to the Council each year.\n",
    # a body named for what it does, not for staff, whose functions are staff matters
    "Hearings Panel - Terms of Reference\n\n1. To hear appeals by employees against dismissal.\n"
    "2. To decide grievances raised by the Clerk.\n3. To set the annual pay award for employees.\n"
    "4. To report to the Council each year.\n",
    # the body it belongs to, named for another remit, does not make it that body
    "Hearings Panel - Terms of Reference\n\nThe Panel is a sub-committee of the Policy and Resources Committee.\n\n"
    "1. To hear appeals by employees against dismissal.\n2. To hear grievances raised by staff.\n"
    "3. To decide disciplinary cases referred by the Clerk.\n",
])
def test_function_lines_about_staff_are_a_staffing_bodys_without_its_name(nlp, text):
    clauses, _, _ = tag_text(nlp, text)
    functions = clauses[clauses.text.str.startswith("To ")]
    assert len(functions) >= 3
    assert all("personnel_committee" in roles for roles in functions.roles)


@pytest.mark.parametrize("text", [
    "1. To maintain the play areas.\n2. To agree the grass cutting contract.\n3. To report to the Council each year.\n",
    # a named body with one staff matter among others
    "Hearings Panel - Terms of Reference\n\n1. To hear appeals by employees against dismissal.\n"
    "2. To hear complaints that a councillor broke the Code of Conduct.\n3. To decide appeals on grants.\n"
    "4. To report to the Council each year.\n",
    # misconduct of councillors is no staff matter; a chairman or representatives appointed are no staff
    "Hearings Panel - Terms of Reference\n\n1. To hear allegations of misconduct by councillors.\n"
    "2. To decide whether a councillor's misconduct broke the Code of Conduct.\n3. To decide what action to take.\n",
    "Joint Committee - Terms of Reference\n\n1. To appoint a chairman each year.\n"
    "2. To appoint representatives to outside bodies.\n3. To agree the annual budget.\n",
])
def test_function_lines_about_other_matters_name_no_staffing_body(nlp, text):
    clauses, _, _ = tag_text(nlp, text)
    assert not any("personnel_committee" in roles for roles in clauses.roles)


def test_unmarked_lines_completing_a_verb_lead_in_take_its_actor_and_duty(nlp):
    text = ("The parish council meets in the village hall on a Monday evening once a month.\n\n"
            "Each councillor has a duty to:\n\nCome to meetings of the council.\n\n"
            "Read the papers before each meeting.\n")
    clauses, _, _ = tag_text(nlp, text)
    for item in ("p2.1", "p2.2"):
        assert clauses.loc[item, "roles"] == ["councillor"]
        assert clauses.loc[item, "duties"] == ["obligation"]


def test_a_terms_of_reference_list_of_aims_gives_no_duties(nlp):
    text = ("Staffing Committee: Terms of Reference\n\nThe committee meets twice a year.\n\n"
            "The objectives of the committee are:\n\n- To keep staff and members on good terms.\n\n"
            "The committee will:\n\n- To appoint the Clerk.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["To keep staff and members on good terms.", "roles"] == []
    assert by_text.loc["To appoint the Clerk.", "roles"] == ["personnel_committee"]


def test_a_signpost_is_no_duty(nlp):
    clauses, _, _ = tag_text(nlp, "To find out more: see the council's website.")
    assert clauses.iloc[0]["duties"] == []


def test_a_staff_complaints_page_is_no_code_complaints_procedure(nlp):
    from protocol_analytics.nlp.rules import document_procedure

    text = ("Complaints about members of staff are handled by the Clerk. Complaints about members of the public "
            "using the hall go to the booking officer. A complaint about members of staff is answered in ten days.")
    assert document_procedure(text, LEX) != "monitoring_officer"


def test_a_lead_in_that_ends_its_sentence_but_points_at_its_list_still_governs_it(nlp):
    text = "1. Tasks\n\n1.1 Councillors must not do any of the following.\n(a) give instructions to staff;\n"
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1.1", "roles"] == ["councillor"] and clauses.loc["1.1.1", "duties"] == ["prohibition"]


def test_unmarked_infinitive_items_of_a_committees_lead_in_are_its_duties_and_its_hearings(nlp):
    text = ("The remit of the Employment Panel is :\n"
            "To appoint the Clerk and the Deputy Clerk\n"
            "To hear appeals from staff against dismissal\n"
            "To deal with grievance complaints about the Clerk\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    for line in ("To appoint the Clerk and the Deputy Clerk", "To hear appeals from staff against dismissal",
                 "To deal with grievance complaints about the Clerk"):
        assert by_text.loc[line, "roles"] == ["personnel_committee"], line
    # a body that hears appeals and grievances is where they escalate; appointing staff is no route
    assert by_text.loc["To hear appeals from staff against dismissal", "escalation_targets"] == ["personnel_committee"]
    assert by_text.loc["To deal with grievance complaints about the Clerk", "escalation_targets"] == [
        "personnel_committee"]
    assert by_text.loc["To appoint the Clerk and the Deputy Clerk", "escalation_targets"] == []


@pytest.mark.parametrize(("sentence", "duties"), [
    ("The Panel will have full decision-making powers on the pay of staff.", ["permission"]),
    ("Councillors retain discretion over how they answer messages from residents.", ["permission"]),
    ("The meeting room is only available for the work of the council.", ["permission"]),
    ("Council printers will not be available for election leaflets.", ["prohibition"]),
    # availability that is neither restricted nor withheld states no duty
    ("Copies of the agenda are available from the Clerk.", []),
])
def test_powers_discretion_and_restricted_availability_are_duties(nlp, sentence, duties):
    clauses, _, _ = tag_text(nlp, sentence)
    assert clauses.loc["1.1", "duties"] == duties


def test_a_committees_full_powers_over_staffing_matters_make_it_their_route(nlp):
    text = "The Staffing Panel has full delegated powers over grievances and discipline of staff."
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1", "escalation_targets"] == ["personnel_committee"]


@pytest.mark.parametrize(("sentence", "roles", "duties"), [
    ("It is the policy of the council to pay staff on the national scales.", ["council"], ["obligation"]),
    ("It is the main, if not the only, task of the Clerk to advise the council.", ["clerk"], ["obligation"]),
    ("Urgent decisions may not be taken by Council without notice.", ["council"], ["prohibition"]),
    ("Northshire County Council is committed to treating every employee with respect.", ["council"],
     ["obligation"]),
])
def test_councils_named_by_kind_or_bare_and_policy_statements_are_the_councils(nlp, sentence, roles, duties):
    clauses, _, _ = tag_text(nlp, sentence)
    assert (clauses.loc["1.1", "roles"], clauses.loc["1.1", "duties"]) == (roles, duties)


def test_a_committee_named_after_the_officers_it_employs_is_the_personnel_committee(nlp):
    for text in ("The Senior Officers Appointments Committee will hear appeals against dismissal.",
                 "The Chief Officers' Appointments Panel will hear grievances of chief officers."):
        clauses, _, _ = tag_text(nlp, text)
        assert clauses.loc["1.1", "roles"] == ["personnel_committee"], text
        assert clauses.loc["1.1", "escalation_targets"] == ["personnel_committee"], text
    # the officers in the body's name are no target of their own
    clauses, _, _ = tag_text(nlp, "Appeals against dismissal go to the Senior Officers Appointments Committee.")
    assert clauses.loc["1.1", "escalation_targets"] == ["personnel_committee"]


def test_matters_delegated_to_a_staffing_body_are_its_permissions_and_its_hearings_its_routes(nlp):
    text = ("Staffing Sub-Committee\n"
            "The Staffing Sub-Committee is delegated to decide these questions for the Council:\n"
            "- Hearings of grievance and disciplinary matters about the Clerk.\n"
            "- The Clerk's annual appraisal\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    lead_in = "The Staffing Sub-Committee is delegated to decide these questions for the Council:"
    assert (by_text.loc[lead_in, "roles"], by_text.loc[lead_in, "duties"]) == (["personnel_committee"], ["permission"])
    hearings = by_text.loc["Hearings of grievance and disciplinary matters about the Clerk."]
    assert (hearings["duties"], hearings["escalation_targets"]) == (["permission"], ["personnel_committee"])
    assert by_text.loc["The Clerk's annual appraisal", "escalation_targets"] == []


def test_a_staffing_bodys_terms_listing_concern_matters_without_a_verb_route_them_to_it(nlp):
    text = ("Staff Appeals Panel\n\nTerms of Reference\n\n1.1 To appoint the Clerk.\n\n"
            "1.2 Grievances and disciplinary matters concerning the Clerk or the Deputy Clerk;\n\n"
            "1.3 Appraisal of the Clerk.\n\n"
            "1.4 To be fair, it may be necessary for other members to sit on grievance hearings.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.2", "escalation_targets"] == ["personnel_committee"]
    assert clauses.loc["1.3", "escalation_targets"] == []
    assert clauses.loc["1.4", "escalation_targets"] == []  # a sentence about who sits, not a matter it takes


@pytest.mark.parametrize(("sentence", "roles", "duties"), [
    ("Press releases will only be issued by the Leader of the Council.", ["councillor"],
     ["permission", "prohibition"]),
    ("Its proposer may withdraw a motion only with the agreement of the meeting.", ["councillor"],
     ["permission", "prohibition"]),
    # an "only" of a condition restricts nothing, and "by email" is no one
    ("Papers will be sent to all members by email on the same day, unless they concern one ward only.", [],
     ["obligation"]),
])
def test_only_before_or_after_the_verb_restricts_a_permission_to_its_actor(nlp, sentence, roles, duties):
    clauses, _, _ = tag_text(nlp, sentence)
    assert (clauses.loc["1.1", "roles"], sorted(clauses.loc["1.1", "duties"])) == (roles, duties)


@pytest.mark.parametrize(("sentence", "roles", "duties"), [
    ("Councillors must tell the meeting about any interests they may have before the item is discussed.",
     ["councillor"], ["obligation"]),
    ("Officers should answer any questions residents can reasonably ask.", ["officer"], ["obligation"]),
    # a relative clause that says who may do what keeps its duty
    ("These are the matters on which councillors may seek the advice of officers.", ["councillor"], ["permission"]),
    ("The website allows messages to reach residents quickly.", [], []),
    ("Standing orders allow the Chair to close a debate.", ["chair"], ["permission"]),
])
def test_what_a_contact_clause_or_a_thing_allows_is_no_duty(nlp, sentence, roles, duties):
    clauses, _, _ = tag_text(nlp, sentence)
    assert (clauses.loc["1.1", "roles"], clauses.loc["1.1", "duties"]) == (roles, duties)


@pytest.mark.parametrize(("sentence", "duties"), [
    ("It is the primary, if not the main, duty of the Clerk to advise the council.", ["obligation"]),
    ("Councillors must declare any interests that they may have before the vote.", ["obligation"]),
    # a "not" that bounds a number states a minimum or a limit, an obligation, not a prohibition
    ("The quorum of the panel shall be not less than three members.", ["obligation"]),
    ("The quorum shall not be less than a third of the members.", ["obligation"]),
    ("Notice of a motion must reach the Clerk not later than seven days before the meeting.", ["obligation"]),
    ("The Clerk shall not share a complaint with anyone outside the panel.", ["prohibition"]),
    # a doubted ability forbids nothing; a rule opened by "under no circumstances" is one, not a condition
    ("The Deputy Mayor stands in at events the Mayor may not be able to attend.", []),
    ("The Mayor may not always be able to attend every civic event.", []),
    ("Members with a pecuniary interest are not able to vote on the item.", ["prohibition"]),
    ("Under no circumstances should a councillor give instructions to staff.", ["prohibition"]),
    ("Should it be required, the Clerk will arrange a meeting.", ["obligation"]),
])
def test_a_hedge_or_a_bound_is_no_negation_and_a_relative_clause_about_its_object_no_permission(nlp, sentence,
                                                                                                duties):
    clauses, _, _ = tag_text(nlp, sentence)
    assert clauses.loc["1.1", "duties"] == duties


@pytest.mark.parametrize(("sentence", "roles", "duties"), [
    ("Five members shall form a quorum.", ["council"], ["obligation"]),
    ("The quorum of the Planning Committee shall be three members.", ["committee"], ["obligation"]),
    ("A quorum is one half of the members of the Council.", ["council"], ["obligation"]),
    ("Two committee members are needed for decision making.", ["committee"], ["obligation"]),
    # a sentence that only mentions a quorum is whoever acts in it
    ("If the meeting is not quorate after ten minutes, the Chairman shall close it.", ["chair"], ["obligation"]),
    # who may sit on a body is the body's rule too
    ("Members of the Staffing Panel may not also sit on the Finance Committee.", ["personnel_committee"],
     ["prohibition"]),
    ("Six councillors are allowed to serve on the Staffing Panel.", ["personnel_committee"], ["permission"]),
    ("Councillors are appointed to the Appeals Panel each year at the annual meeting.", ["personnel_committee"],
     ["obligation"]),
    ("At least three Planning Committee members must be present for a decision to be made.", ["committee"],
     ["obligation"]),
    # … but not a duty of its members that mentions their election in passing, nor members' own conduct
    ("Councillors on the Staffing Panel must attend training within a month of the day they are elected to the panel.",
     ["councillor"], ["obligation"]),
    ("Councillors should be present at the start of each meeting and stay until its close.", ["councillor"],
     ["obligation"]),
    ("Councillors are allowed to sit on the public benches when they are not on the committee.", ["councillor"],
     ["permission"]),
])
def test_a_quorum_rule_is_an_obligation_of_its_body_not_of_the_members_it_counts(nlp, sentence, roles, duties):
    clauses, tags, _ = tag_text(nlp, sentence)
    assert (clauses.loc["1.1", "roles"], clauses.loc["1.1", "duties"]) == (roles, duties)


def test_a_quorum_in_a_personnel_committees_terms_is_that_committees(nlp):
    text = ("Staffing Committee\n\nTerms of Reference\n\n1. The committee shall have five members.\n\n"
            "2. Three members shall form a quorum.\n\n3. To appoint staff.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["2", "roles"] == ["personnel_committee"]


def test_membership_written_as_steps_in_a_committees_terms_is_that_committees_rule(nlp):
    text = ("Staffing Committee – Terms of Reference\n\n1. Five members to be drawn from the councillors of the "
            "Parish Council.\n\n2. Its Chair and Vice-Chair to be elected at its first meeting each year.\n\n"
            "3. Three members of the Council shall form a quorum.\n\n4. To appoint the Clerk.\n")
    clauses, _, _ = tag_text(nlp, text)
    for clause_id in ("1", "2", "3"):
        assert (clauses.loc[clause_id, "roles"], clauses.loc[clause_id, "duties"]) == (
            ["personnel_committee"], ["obligation"]), clause_id
    # a step of a procedure is its actor's, not a membership rule
    steps, _, _ = tag_text(nlp, "Hearing Procedure\n\n1. The Clerk to be asked to leave the room while members decide.\n")
    assert steps.loc["1", "roles"] == ["clerk"]


@pytest.mark.parametrize(("sentence", "roles"), [
    ("The Vale of Ashby Community Council is committed to dealing fairly with complaints.", ["council"]),
    ("The Isle of Marram Town Council will publish its decisions.", ["council"]),
    ("The Chair of the Council will sign the minutes.", ["chair"]),  # a role of its own before "of"
    ("The handling of complaints by the Council will be reviewed.", []),  # no name: lower case
    ("The Annual Meeting of Parish Council will review the committee.", []),  # an event, no place's name
])
def test_a_council_whose_proper_name_has_of_in_it_is_the_subject(nlp, sentence, roles):
    clauses, _, _ = tag_text(nlp, sentence)
    assert clauses.loc["1.1", "roles"] == roles


def test_a_sub_committee_written_with_a_space_is_the_body_its_name_says(nlp):
    text = ("Staff Appeals Sub Committee\n\nThe Sub Committee will:\n\n(a) hear appeals against dismissal;\n\n"
            "(b) hear disputes raised by trade unions.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert all(row.roles == ["personnel_committee"] for _, row in clauses.iterrows())
    # a committee site's page ("Purpose of committee" over its functions) that names other committees too: "the
    # Sub Committee" is the one sub-committee it names
    page = ("Committee details\n\nGrievance Appeals Sub Committee\n\nPurpose of committee\n\n1. To hear staff "
            "appeals referred to the former Staff Appeals Committee or this Sub Committee.\n\n2. The Sub Committee "
            "shall have five members from the Finance Governance Committee.\n\n3. The Sub Committee will:\n\n"
            "3.1 determine appeals against dismissal;\n\n3.2 determine disputes raised by trade unions.\n")
    clauses, _, _ = tag_text(nlp, page)
    for _, row in clauses.iterrows():
        assert (row.roles, row.duties) == (["personnel_committee"], ["obligation"]), row.text
    assert clauses.loc["3.1", "escalation_targets"] == ["personnel_committee"]


def test_an_office_bearer_named_with_its_community_council_is_a_member_and_a_hedged_responsibility_a_duty(nlp):
    text = ("The Treasurer\n\nThe treasurer of the community council will generally be responsible for:\n\n"
            "- keeping the accounts;\n- paying the bills.\n")
    clauses, _, _ = tag_text(nlp, text)
    for _, row in clauses.iterrows():
        assert (row.roles, row.duties) == (["councillor"], ["obligation"]), row.text
    # a secretary named with no community council stays no one's (test_office_bearers_of_a_community_council_…)
    elsewhere, _, _ = tag_text(nlp, "The Secretary of the golf club is usually responsible for the fixtures.")
    assert elsewhere.loc["1.1", "roles"] == [] and elsewhere.loc["1.1", "duties"] == ["obligation"]
    broadly, _, _ = tag_text(nlp, "The Clerk is broadly responsible for the council's records.")
    assert (broadly.loc["1.1", "roles"], broadly.loc["1.1", "duties"]) == (["clerk"], ["obligation"])


def test_office_bearers_of_a_community_council_are_its_members(nlp):
    text = ("Glenmorrow Community Council\n\n1. Meetings\n\n"
            "1.1 The Treasurer shall present the accounts to the Community Council each quarter.\n\n"
            "1.2 The Convener shall keep order at meetings.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1", "roles"] == ["councillor"]
    assert clauses.loc["1.2", "roles"] == ["chair"]
    # outside a community council a secretary is no councillor
    elsewhere, _, _ = tag_text(nlp, "The Secretary shall circulate the agenda.")
    assert elsewhere.loc["1.1", "roles"] == []


@pytest.mark.parametrize(("sentence", "roles", "duties"), [
    ("Town councils should publish their accounts.", ["council"], ["obligation"]),
    ("It is recommended that councillors keep a note of any meetings with developers.", ["councillor"],
     ["obligation"]),
    ("The Highways Act 1980 requires that the council keeps a register.", ["council"], ["obligation"]),
    ("The Clerk has a central role in preparing the budget.", ["clerk"], ["obligation"]),
    ("Its main responsibility is to serve the parish.", [], ["obligation"]),
    # without its apostrophe a possessive must name a role ("Various tasks are …" names none)
    ("The treasurers duties include keeping the accounts.", [], []),
    ("Our clerks duties include the payroll and the minutes.", ["clerk"], ["obligation"]),
    ("Members of the public may speak at the start of each meeting.", [], ["permission"]),
    ("Councillors can lead working parties on the village green.", ["councillor"], ["permission"]),
    ("Late submissions can lead to delays.", [], []),
    ("Catering costs not to exceed £90 a meeting.", [], ["prohibition"]),
])
def test_more_ways_of_stating_a_duty(nlp, sentence, roles, duties):
    clauses, _, _ = tag_text(nlp, sentence)
    assert (clauses.loc["1.1", "roles"], clauses.loc["1.1", "duties"]) == (roles, duties)


@pytest.mark.parametrize(("sentence", "roles"), [
    ("It is vital that the Clerk records every decision.", ["clerk"]),
    ("It is vital that councillors are told of decisions affecting their ward.", []),
])
def test_the_actor_of_an_essential_that_clause_is_its_active_subject(nlp, sentence, roles):
    clauses, _, _ = tag_text(nlp, sentence)
    assert (clauses.loc["1.1", "roles"], clauses.loc["1.1", "duties"]) == (roles, ["obligation"])


def test_a_pronoun_after_an_office_of_a_body_is_the_office_holder(nlp):
    sentence = "Where the law gives a task to the proper officer of the Council, he or she shall be the Clerk."
    clauses, _, _ = tag_text(nlp, sentence)
    assert clauses.loc["1.1", "roles"] == ["clerk"]


@pytest.mark.parametrize(("sentence", "roles"), [
    ("The guidance must be studied and signed by every new councillor.", ["councillor"]),
    ("The Mayor must be chosen each May and is thanked by the members at the end of the year.", []),
])
def test_a_by_phrase_is_the_agent_of_the_passives_joined_to_it_without_their_own_auxiliary(nlp, sentence, roles):
    clauses, _, _ = tag_text(nlp, sentence)
    assert (clauses.loc["1.1", "roles"], clauses.loc["1.1", "duties"]) == (roles, ["obligation"])


def test_a_lead_in_naming_a_bodys_areas_of_responsibility_governs_its_items(nlp):
    text = ("HR Committee\n\nTerms of Reference\n\n1. Remit\n\n"
            "1.1 Listed below are this Standing Committee's main areas of responsibility:\n"
            "- Running the yearly staff appraisals\n- Approving new job descriptions\n\n"
            "2. Links\n\n2.1 The Finance Committee's duties:\n- Setting the budget\n")
    clauses, _, _ = tag_text(nlp, text)
    for item in ("1.1.1", "1.1.2"):
        assert (clauses.loc[item, "roles"], clauses.loc[item, "duties"]) == (["personnel_committee"], ["obligation"])
    # another committee named in the same terms stays a committee of its own
    assert clauses.loc["2.1.1", "roles"] == ["committee"]


def test_a_local_authority_is_the_council(nlp):
    clauses, _, _ = tag_text(nlp, "Each local authority should keep its accounts open to inspection.")
    assert clauses.loc["1.1", "roles"] == ["council"]


@pytest.mark.parametrize("text", [
    "1. Publicity\n\n1.1 Leaflets from the Council must follow this guide. It must:\n- be accurate;\n- avoid party politics.\n",
    "1. Publicity\n\n1.1 Every newsletter issued on behalf of the council will:\n- be accurate;\n- avoid party politics.\n",
    "1. Publicity\n\n1.1 The Council's posts will:\n- be accurate;\n- avoid party politics.\n",
])
def test_a_rule_on_what_a_body_issues_binds_the_body(nlp, text):
    clauses, _, _ = tag_text(nlp, text)
    assert list(clauses["roles"]) == [["council"]] * 3


def test_what_is_sent_to_someone_does_not_bind_them(nlp):
    clauses, _, _ = tag_text(nlp, "Messages to the Clerk must be short.")
    assert clauses.loc["1.1", "roles"] == []


@pytest.mark.parametrize(("sentence", "roles", "duties"), [
    ("The Chairman has the casting vote.", ["chair"], ["permission"]),
    ("The Chairman has control of the agenda at every meeting.", ["chair"], ["permission"]),
    ("Full delegated powers to decide staff pay reviews.", [], ["permission"]),
    ("The parish relies on an HR Panel with delegated authority to settle any staff grievance.",
     ["personnel_committee"], ["permission"]),
    ("An appeal may be lodged by the employee within ten days.", ["officer"], ["permission"]),
    ("This code may be applied to past conduct too.", [], ["permission"]),
    # precedence is standing, not leave
    ("The Mayor has precedence at civic events.", [], []),
])
def test_powers_held_and_passive_leave_are_permissions(nlp, sentence, roles, duties):
    clauses, _, _ = tag_text(nlp, sentence)
    assert (clauses.loc["1.1", "roles"], clauses.loc["1.1", "duties"]) == (roles, duties)


@pytest.mark.parametrize(("sentence", "roles", "duties"), [
    ("Filming the hearing is strictly prohibited.", [], ["prohibition"]),
    ("The Act forbids disclosing the names of complainants.", [], ["prohibition"]),
    ("Councillors are barred from voting on their own pay.", ["councillor"], ["prohibition"]),
    ("Duty not to harass colleagues.", [], ["prohibition"]),
    ("Only the Clerk is authorised to sign cheques.", ["clerk"], ["permission", "prohibition"]),
    ("A closed complaint cannot be reconsidered unless new facts emerge.", [], ["prohibition"]),
])
def test_more_ways_of_stating_a_prohibition(nlp, sentence, roles, duties):
    clauses, _, _ = tag_text(nlp, sentence)
    assert (clauses.loc["1.1", "roles"], sorted(clauses.loc["1.1", "duties"])) == (roles, duties)


@pytest.mark.parametrize(("sentence", "targets"), [
    ("Suspected breaches of the Code of Conduct by parish councillors.", ["monitoring_officer"]),
    ("Considering any breach of the members' code of conduct.", ["monitoring_officer"]),
    # a sentence that only mentions a past breach routes nothing
    ("A member found in breach of the Code of Conduct cannot sit on the panel.", []),
    ("Persistent non-compliance with these rules will be referred to the Monitoring Officer.", ["monitoring_officer"]),
])
def test_a_line_naming_a_breach_of_the_code_is_a_code_complaint(nlp, sentence, targets):
    clauses, _, _ = tag_text(nlp, sentence)
    assert clauses.loc["1.1", "escalation_targets"] == targets


def test_appeals_in_a_code_complaints_procedure_are_code_complaints(nlp):
    text = ("How to complain about a Member of the Council\n\n1. Appeals\n\n"
            "1.1 Any appeal must be received by the Monitoring Officer within ten days.\n\n"
            "1.2 An appeal must give its reasons.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.2", "escalation_targets"] == ["monitoring_officer"]


@pytest.mark.parametrize(("sentence", "roles", "duties"), [
    ("Much of the Chairman's civic role involves visiting local schools.", ["chair"], ["obligation"]),
    ("The Clerk's main duties at meetings include taking the minutes.", ["clerk"], ["obligation"]),
    ("Your role as a Councillor on the planning committee is to weigh each application fairly.", ["councillor"],
     ["obligation"]),
    ("A ward member's primary role is to speak up for the people of the ward.", ["councillor"], ["obligation"]),
    ("Her main task as a Councillor will be to listen to residents.", ["councillor"], ["obligation"]),
    ("Each appellant is to bring any papers they rely on.", [], ["obligation"]),
    ("The aim is to settle complaints quickly.", [], []),
    ("It is advised that staff keep a note of the meeting.", ["officer"], ["obligation"]),
])
def test_roles_described_by_what_they_involve_state_duties(nlp, sentence, roles, duties):
    clauses, _, _ = tag_text(nlp, sentence)
    assert (clauses.loc["1.1", "roles"], clauses.loc["1.1", "duties"]) == (roles, duties)


@pytest.mark.parametrize(("sentence", "roles", "duties"), [
    # a pronoun's role sentence keeps its actor; a plural that is no possessive states nothing
    ("The Clerk is the Proper Officer. His role is to keep the accounts.", ["clerk"], ["obligation"]),
    ("Various tasks are waiting for the new Clerk.", [], []),
    ("Town councils functions are changing after devolution.", [], []),
    # the person a request goes to is who "he or she" stands for
    ("A request from a councillor to the Clerk will be logged, and he or she will reply within a week.", ["clerk"],
     ["obligation"]),
    # a saving clause and a negated prohibition prohibit nothing
    ("Nothing in this protocol prevents a councillor from asking the Clerk for advice.", [], []),
    ("This policy does not prohibit staff from joining a union.", [], []),
    # a quorum formed by arriving on time, a quorum not reached, a verbless quorum line
    ("Councillors should arrive on time so as to form a quorum.", ["councillor"], ["obligation"]),
    ("The quorum was not reached, so the meeting ended.", [], []),
    ("Three members of the Council shall form a quorum of the Planning Committee.", ["committee"], ["obligation"]),
    # the that-clause's own subject, not the one of a clause inside it
    ("It is important that, where the Clerk is away, the Chairman signs the cheques.", ["chair"], ["obligation"]),
    ("It is not recommended that councillors use personal email.", [], []),
    ("Councillors have a duty not to disclose confidential papers.", ["councillor"], ["prohibition"]),
    ("Not only the Clerk but also the Chairman is entitled to sign.", ["clerk", "chair"], ["permission"]),
])
def test_what_the_reviews_sentences_do_not_state(nlp, sentence, roles, duties):
    clauses, _, _ = tag_text(nlp, sentence)
    assert (clauses.loc["1.1", "roles"], clauses.loc["1.1", "duties"]) == (roles, duties)


@pytest.mark.parametrize("sentence", ["Avoid any breach of the Code of Conduct.",
                                      "Breach of the staff code of conduct by an employee."])
def test_a_breach_line_that_is_no_code_complaint(nlp, sentence):
    clauses, _, _ = tag_text(nlp, sentence)
    assert "monitoring_officer" not in clauses.loc["1.1", "escalation_targets"]


def test_an_item_ending_in_someones_duties_is_no_lead_in(nlp):
    text = "1. Conduct\n\n1.1 Councillors should not:\n- interfere with the Clerk's duties\n- give instructions to staff\n"
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1.1", "roles"] == ["councillor"] and clauses.loc["1.1.1", "duties"] == ["prohibition"]


def test_it_after_what_a_person_issues_is_not_that_person(nlp):
    text = ("1. Media\n\n1.1 The Council runs a village page. Posts from councillors must be polite. It will:\n"
            "- list events;\n- share news.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert "councillor" not in clauses.loc["1.1.1", "roles"]


def test_office_bearers_are_councillors_only_in_a_community_councils_own_document(nlp):
    text = ("Ashcombe Town Council\n\n1. Partners\n\n1.1 We work with the community councils nearby. "
            "The Treasurer shall present the accounts each quarter.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert "councillor" not in clauses.loc["1.1", "roles"]


@pytest.mark.parametrize(("sentence", "roles"), [
    ("Where a law gives duties to the proper officer of the Council in these cases, it shall be the Clerk.", ["clerk"]),
    # a membership description names who sits, not who acts: the body whose membership it sets (ANNOTATION.md
    # section 3)
    ("The Panel will have three members, and all three will be councillors.", ["committee"]),
])
def test_it_shall_be_the_clerk_names_who_acts(nlp, sentence, roles):
    clauses, _, _ = tag_text(nlp, sentence)
    assert clauses.loc["1.1", "roles"] == roles


@pytest.mark.parametrize("sentence", ["Only one member of staff may attend the hearing.",
                                      "Only one councillor is permitted to speak at a time."])
def test_only_on_a_counted_subject_restricts_a_modal_and_a_predicate_alike(nlp, sentence):
    clauses, _, _ = tag_text(nlp, sentence)
    assert sorted(clauses.loc["1.1", "duties"]) == ["permission", "prohibition"]


@pytest.mark.parametrize(("lead_in", "role"), [
    ("The Mayor, and the Deputy Mayor whenever the Mayor is away, has the following roles and functions under "
     "the constitution:", "chair"),
    ("By adopting the respect charter, the Parish Council has agreed:", "council"),
    ("The Clerk has three main tasks:", "clerk"),
    ("The Planning Committee has the following terms of reference:", "committee"),
])
def test_a_lead_in_giving_someone_the_listed_functions_or_commitments_governs_its_items(nlp, lead_in, role):
    text = f"1. Role\n\n1.1 {lead_in}\n- To chair meetings of the council fairly.\n- To welcome visiting groups.\n"
    clauses, _, _ = tag_text(nlp, text)
    for cid in ("1.1", "1.1.1", "1.1.2"):
        assert (clauses.loc[cid, "roles"], clauses.loc[cid, "duties"]) == ([role], ["obligation"])


def test_a_body_that_has_agreed_something_in_prose_has_no_listed_duty(nlp):
    clauses, _, _ = tag_text(nlp, "The Parish Council has agreed a new budget for the hall.")
    assert clauses.loc["1.1", "duties"] == []


@pytest.mark.parametrize(("sentence", "duties"), [
    ("Be friendly: be polite in your tone and act online as you would in a meeting.", ["obligation"]),
    ("Be candid: don't claim to be somebody else.", ["obligation", "prohibition"]),
    ("Plan ahead: decide what you want to say before you post.", ["obligation"]),
    ("The web is permanent: be aware that posts can be found years later.", ["obligation"]),
    ("Note: the hall is closed in August.", []),
    # signposts and contact lines, as "To find out more: see …"
    ("For details: visit the council's website.", []),
    ("More information: see the complaints page.", []),
    ("Enquiries: contact the Clerk on the number below.", []),
    ("By email: write to the office address.", []),
])
def test_an_instruction_after_a_run_in_label_is_one(nlp, sentence, duties):
    clauses, _, _ = tag_text(nlp, sentence)
    assert sorted(clauses.loc["1.1", "duties"]) == duties


def test_instructions_listed_under_a_lead_in_that_governs_nothing_are_for_whoever_it_names(nlp):
    text = ("1. Principles\n\n1.1 Councillors, staff and the council itself will each use online channels for "
            "different purposes. Even so, a few shared principles are worth remembering.\n"
            "- Be friendly: be polite in your tone.\n- Plan ahead: decide what you want to say before you post.\n")
    clauses, _, _ = tag_text(nlp, text)
    for cid in ("1.1.1", "1.1.2"):
        assert sorted(clauses.loc[cid, "roles"]) == ["council", "councillor", "officer"]
        assert clauses.loc[cid, "duties"] == ["obligation"]


@pytest.mark.parametrize(("sentence", "roles"), [
    ("The Clerk to the Council (or Chair) will tell the next meeting about every complaint settled.", ["chair", "clerk"]),
    ("On receipt of a written complaint, the Clerk (except where the complaint is about the Clerk) or the Chair "
     "(where it is), will try to settle it with the complainant.", ["chair", "clerk"]),
    # a role named only inside the brackets is no actor
    ("The Clerk (who reports to the Chair) will file every complaint.", ["clerk"]),
])
def test_roles_co_ordinated_across_brackets_all_act(nlp, sentence, roles):
    clauses, _, _ = tag_text(nlp, sentence)
    assert sorted(clauses.loc["1.1", "roles"]) == roles


@pytest.mark.parametrize(("sentence", "duties"), [
    ("No business may be transacted while fewer than four councillors are in the room.", ["prohibition"]),
    ("Once the meeting turns inquorate, no business shall be transacted.", ["prohibition"]),
    ("Five councillors need to attend for the meeting to be quorate.", ["obligation"]),
])
def test_a_quorum_stated_as_business_that_may_not_be_done_is_the_bodys_rule(nlp, sentence, duties):
    clauses, _, _ = tag_text(nlp, sentence)
    assert (clauses.loc["1.1", "roles"], clauses.loc["1.1", "duties"]) == (["council"], duties)


def test_terms_and_reference_titles_a_bodys_terms_as_terms_of_reference_does(nlp):
    text = ("Terms and reference for the Staffing Working Group\n\n"
            "- Four members need to attend for it to be quorate.\n"
            "- To agree the yearly appraisal of the Clerk.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert all(roles == ["personnel_committee"] for roles in clauses["roles"])


def test_items_nested_under_a_closed_sentence_do_not_take_its_topics(nlp):
    text = ("1. Meetings\n\n1.1 A member with a personal interest in an item must declare it and leave the room.\n"
            "- The minutes are kept by the Clerk.\n- The agenda is posted a week ahead.\n\n"
            "2. Interests\n\n2.1 Members must declare the following personal interests:\n- gifts over fifty pounds;\n"
            "- land they own in the parish.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert "personal_interests" in clauses.loc["1.1", "topics"]
    assert not any("personal_interests" in clauses.loc[cid, "topics"] for cid in ("1.1.1", "1.1.2"))
    assert all("personal_interests" in clauses.loc[cid, "topics"] for cid in ("2.1.1", "2.1.2"))


@pytest.mark.parametrize(("sentence", "roles"), [
    ("Every year a Council must choose one of its members to chair it.", ["council"]),
    ("The national body advises that councils should write their own planning codes.", ["council"]),
    ("Each council must publish its accounts.", ["council"]),
    # other councils, and a council's meetings or staff, are not the council acting
    ("Officers of other councils may attend.", ["officer"]),
    ("A council meeting must be held in May.", []),
])
def test_a_council_in_general_is_the_council(nlp, sentence, roles):
    clauses, _, _ = tag_text(nlp, sentence)
    assert clauses.loc["1.1", "roles"] == roles


@pytest.mark.parametrize("sentence", ["The appellant or their companion to leave the room while the panel decides.",
                                      "Complainant to outline the grounds for the complaint."])
def test_a_procedure_step_of_a_person_without_a_role_is_an_obligation_of_no_role(nlp, sentence):
    clauses, _, _ = tag_text(nlp, sentence)
    assert (clauses.loc["1.1", "roles"], clauses.loc["1.1", "duties"]) == ([], ["obligation"])


@pytest.mark.parametrize("head", [
    "Ashcombe Town Council\n\nStaffing Committee\n\nCommittee Members:\n\nCllr A Brown\nCllr B Green\nCllr C White\n\n"
    "Terms of Reference:\n\n",
    "Staffing Committee\n\nQuorum: Three members\n\nTerms of Reference and Powers Given to It:\n",
])
def test_a_staffing_body_named_above_terms_of_reference_owns_them(nlp, head):
    text = head + ("1. To agree the yearly appraisal of the Clerk and report its outcome to the full council.\n"
                   "2. To review the staff handbook each year and propose any changes to the council.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert [r for r in clauses["roles"] if r] and all(r == ["personnel_committee"] for r in clauses["roles"] if r)


def test_a_staffing_body_named_only_in_a_sentence_above_the_terms_does_not_own_them(nlp):
    text = ("The Committee reports to the council, and to the Staffing Committee on pay costs.\n\n"
            "Terms of Reference:\n\n1. To set the budget for the coming year each winter and report it to the council.\n"
            "2. To check the accounts each quarter and report any concern to the full council.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert not any("personnel_committee" in roles for roles in clauses["roles"])


def test_a_finance_committees_terms_stay_a_committees(nlp):
    text = ("Finance Committee\n\nTerms of Reference:\n\n"
            "1. To set the budget for the coming year each winter and report it to the full council.\n"
            "2. To report to the Staffing Committee on the cost of pay awards when they are agreed.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.iloc[1]["roles"] == ["committee"]


def test_a_title_naming_one_office_over_a_role_heading_makes_a_role_description(nlp):
    text = ("Planning Committee Chair\n\n\nMain Purpose of Role\n\n\n"
            "In addition to what every member does, to lead the work of the Planning Committee and keep it to time.\n\n"
            "Duties and Responsibilities\n\n*   To chair the Planning Committee fairly.\n\n*   To agree its agenda with the officers.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert all(r == ["chair"] for r in clauses["roles"])


def test_portfolio_holders_and_cabinet_members_are_councillors(nlp):
    clauses, _, _ = tag_text(nlp, "The Portfolio Holders need to present reports to the scrutiny committee.")
    assert clauses.loc["1.1", "roles"] == ["councillor"]


@pytest.mark.parametrize(("sentence", "targets"), [
    ("The Appeals Committee will make decisions on every appeal a member of staff brings.", ["personnel_committee"]),
    # giving a decision reports it: the appeal is not sent anywhere by it
    ("The Appeals Committee will give you its decision on your appeal in writing.", []),
])
def test_a_body_that_makes_decisions_on_appeals_is_where_they_go(nlp, sentence, targets):
    clauses, _, _ = tag_text(nlp, sentence)
    assert clauses.loc["1.1", "escalation_targets"] == targets


def test_a_semi_modal_lead_in_governs_its_items(nlp):
    text = "1. Duties\n\n1.1 The Portfolio Holders need to:\n- present reports to the scrutiny committee;\n- not speak for the Leader.\n"
    clauses, _, _ = tag_text(nlp, text)
    assert [(r, d) for r, d in zip(clauses["roles"], clauses["duties"], strict=True)] == [
        (["councillor"], ["obligation"]), (["councillor"], ["obligation"]), (["councillor"], ["prohibition"])]


@pytest.mark.parametrize(("lead_in", "roles"), [
    ("The following tasks are shared by all Portfolio Holders:", ["councillor"]),
    ("The following tasks apply to the Clerk:", ["clerk"]),
    ("The following duties apply to everyone:", []),
])
def test_a_lead_in_saying_whose_the_following_duties_are_names_their_actor(nlp, lead_in, roles):
    text = f"1. Duties\n\n1.1 {lead_in}\n- writing the yearly report;\n- attending the annual meeting.\n"
    clauses, _, _ = tag_text(nlp, text)
    assert all(r == roles for r in clauses["roles"])


def test_image_file_names_over_a_role_heading_do_not_hide_it(nlp):
    # a web page prints its pictures' file names; with them the page's opening lines looked like a menu
    text = ("hills-at-dusk-2.jpg\n\nThe role of a board member\n\nbanner_front.png\n\nThe role of a board member\n\n"
            "What the role is for\n\nA board member is there to see that the board keeps to its aims and spends "
            "its money wisely for the good of the valley.\n\nMain tasks\n\n"
            "  \u2022 act fairly and with an open mind\n  \u2022 independently review the plans the officers bring\n"
            "  \u2022 regularly attend the board and its panels\n")
    clauses, _, _ = tag_text(nlp, text)
    items = clauses[clauses["text"].str.contains("fairly|review|attend")]
    assert len(items) == 3
    assert all(r == ["councillor"] for r in items["roles"]), items[["text", "roles"]]
    assert all(d == ["obligation"] for d in items["duties"]), items[["text", "duties"]]


def test_a_councils_name_over_a_role_heading_makes_no_role_description(nlp):
    text = ("Ashcombe Borough Council Home Page\n\nCommittee papers\n\n"
            "Duties and responsibilities\n1. To ensure that the committee's work is planned each year and reviewed\n"
            "2. To encourage every member of the committee to take up the training offered\n")
    clauses, _, _ = tag_text(nlp, text)
    assert not any("council" in roles for roles in clauses["roles"])


def test_they_after_a_list_is_whoever_the_list_items_were_for(nlp):
    text = ("1. Chairman\n\n1.1 The Chairman's role is to;\n- chair the meetings of the council that they attend;\n"
            "- represent the Parish Council at events.\n\n1.2 They must:\n- sign the minutes of each meeting;\n"
            "- sign the declaration of office.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert all(clauses.loc[cid, "roles"] == ["chair"] for cid in ("1.2", "1.2.1", "1.2.2"))


@pytest.mark.parametrize("sentence", ["Some councils ask their clerks to hold a qualification.",
                                      "Many councils publish their minutes online."])
def test_some_councils_are_not_the_council(nlp, sentence):
    clauses, _, _ = tag_text(nlp, sentence)
    assert "council" not in clauses.loc["1.1", "roles"]


def test_a_committee_page_titled_only_by_its_name_is_its_terms(nlp):
    text = ("Employment Procedure Committee\n\nInformation about Employment Procedure Committee\n\n"
            "Three members of the council are chosen each May to sit on it, one of them from the Cabinet.\n\n"
            "The role of the Committee is to choose senior staff and settle questions about the staff procedures.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.iloc[-1]["roles"] == ["personnel_committee"]


@pytest.mark.parametrize("sentence", [
    "If you are still unhappy you may take your complaint to the Ombudsman.",
    "Anyone may complain to the Local Government Commissioner for Standards about a councillor.",
    "If you remain dissatisfied you can refer the matter to the SPSO.",
])
def test_national_ombudsmen_and_standards_commissioners_are_the_monitoring_officers_route(nlp, sentence):
    clauses, _, _ = tag_text(nlp, sentence)
    assert clauses.loc["1.1", "escalation_targets"] == ["monitoring_officer"]


@pytest.mark.parametrize(("sentence", "roles", "duties"), [
    ("Being an employer, we are legally obligated to keep our staff safe at work.", ["council"], ["obligation"]),
    ("We accept our moral duty to keep the hall safe for every visitor.", ["council"], ["obligation"]),
    # the council's own policy: its prohibition, and the council its actor (as the coders read it)
    ("The council takes a zero tolerance line on bullying.", ["council"], ["prohibition"]),
    # an aim of zero tolerance states no rule (ANNOTATION.md section 3)
    ("Our aim is zero tolerance of litter.", [], []),
])
def test_legal_obligations_owned_duties_and_zero_tolerance_policies(nlp, sentence, roles, duties):
    clauses, _, _ = tag_text(nlp, sentence)
    assert (clauses.loc["1.1", "roles"], clauses.loc["1.1", "duties"]) == (roles, duties)



@pytest.mark.parametrize("sentence", [
    "The new website has three main functions:",  # a lead-in of functions gives a role's duties only
    "The Clerk recognises the duties that councillors have to the public.",  # someone else's duties
    "No explanation can be found for the delay.",  # "can" of a passive with "No": a finding, not a rule
    "Person to contact: the Clerk.",  # a label, not a procedure step
    "Every council tenant may apply for a parking permit.",  # "council" naming a kind of tenant
    "Each council ward will elect two members.",
])
def test_constructions_near_this_sessions_rules_that_state_no_duty_of_a_role(nlp, sentence):
    clauses, _, _ = tag_text(nlp, sentence)
    assert "council" not in clauses.loc["1.1", "roles"] and clauses.loc["1.1", "duties"] in ([], ["permission"])



def test_a_rule_that_nothing_new_may_be_brought_is_a_prohibition(nlp):
    clauses, _, _ = tag_text(nlp, "No new papers can be handed in once the hearing has begun.")
    assert clauses.loc["1.1", "duties"] == ["prohibition"]


@pytest.mark.parametrize(("sentence", "roles"), [
    ("The Council, acting for the district as its planning authority, should weigh each case fairly.", ["council"]),
    ("All elected representatives must attend the yearly training.", ["councillor"]),
])
def test_a_subject_before_a_bracketing_phrase_and_elected_representatives(nlp, sentence, roles):
    clauses, _, _ = tag_text(nlp, sentence)
    assert clauses.loc["1.1", "roles"] == roles


FUNCTION_LINES = ("- To hear appeals by employees against a dismissal or a final warning.\n"
                  "- To decide whether a fresh investigation is needed.\n"
                  "- To report its findings to the Council once a year.\n")


@pytest.mark.parametrize("opening", [
    "Dates and papers for the Staff Appeals Panel are published here.\n",  # a sentence, not a title
    # a terms of reference heading, the body named only in a sentence about its papers
    "Copies of the agendas of the Staffing Committee can be had from the office for a small charge.\n\n"
    "Quorum: three members\n\nTerms of Reference and Matters Delegated:\n",
])
def test_function_lines_of_a_page_naming_only_a_staffing_body_are_its_terms(nlp, opening):
    from protocol_analytics.nlp.rules import document_subject

    text = opening + FUNCTION_LINES
    assert document_subject(text, LEX) == "personnel_committee"
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    appeals = "To hear appeals by employees against a dismissal or a final warning."
    assert by_text.loc[appeals, "roles"] == ["personnel_committee"]
    assert by_text.loc[appeals, "escalation_targets"] == ["personnel_committee"]


@pytest.mark.parametrize("opening,subject", [
    ("Papers of the Staff Appeals Panel and the Planning Committee.\n", None),  # two kinds of body
    ("Role of the Chair of the Staff Appeals Panel\n\n", "chair"),  # a role description
])
def test_function_lines_are_no_staffing_bodys_where_the_page_names_more(opening, subject):
    from protocol_analytics.nlp.rules import document_subject

    assert document_subject(opening + FUNCTION_LINES, LEX) == subject


@pytest.mark.parametrize("line,verb", [
    ("To annually review the pay of the Clerk.", "review"),  # a split infinitive
    ("To chair council meetings.", "chair"),  # tagged as a noun
    ("To authorise an investigation into a complaint.", "authorise"),  # tagged as an adverb
    ("To approve the budget.", "approve"),
])
def test_an_infinitive_line_keeps_its_verb_where_the_tagger_misreads_it(nlp, line, verb):
    from protocol_analytics.nlp.rules import infinitive_line, infinitive_verb

    doc = nlp(line)
    assert infinitive_verb(doc).lower_ == verb
    assert infinitive_line(doc).text.endswith(verb)  # the evidence reaches the verb ("To annually review")
    clauses, _, _ = tag_text(nlp, f"The role of the Chairman\n\n- {line}\n- To sign the minutes of each meeting.\n")
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc[line, "roles"] == ["chair"] and by_text.loc[line, "duties"] == ["obligation"]


@pytest.mark.parametrize("line", ["To date, the Council has met ten times.", "To members of staff, the Clerk is the manager.",
                                  "To this end the Council has set up a panel."])
def test_a_line_opening_with_to_and_no_verb_is_no_infinitive(nlp, line):
    from protocol_analytics.nlp.rules import infinitive_line, infinitive_verb

    doc = nlp(line)
    assert infinitive_verb(doc) is None and infinitive_line(doc) is None


def test_gerund_lines_of_a_role_profile_are_its_offices_duties_but_not_a_bodys_matters(nlp):
    profile = ("Role profile: Chair of the Board\n\nTime commitment\n\n- Chairing twelve meetings of the Board each "
               "year.\n- Attending its sub-committees as needed.\n- Meeting the Chief Executive every month.\n")
    clauses, _, _ = tag_text(nlp, profile)
    for _, row in clauses.iterrows():
        assert (row.roles, row.duties) == (["chair"], ["obligation"])
    terms = ("Staffing Committee: Terms of Reference\n\n1. To appoint the Clerk.\n2. To agree staff pay.\n\n"
             "Matters only the Full Council may resolve\n\n- Setting the precept.\n- Borrowing money for projects.\n")
    clauses, _, _ = tag_text(nlp, terms)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["Borrowing money for projects.", "duties"] == []


def test_gerund_lines_of_a_bodys_terms_are_its_duties_unless_a_heading_reserves_them(nlp):
    terms = ("Allotments Committee: Terms of Reference\n\nFunctions\n\n1. Letting the plots to residents on the waiting "
             "list.\n\n2. Setting the yearly rent of each plot.\n\nMatters reserved to the Council\n\n"
             "3. Buying land for new plots.\n")
    clauses, _, _ = tag_text(nlp, terms)
    by_text = clauses.reset_index().set_index("text")
    for line in ("Letting the plots to residents on the waiting list.", "Setting the yearly rent of each plot."):
        assert (by_text.loc[line, "roles"], by_text.loc[line, "duties"]) == (["committee"], ["obligation"]), line
    assert by_text.loc["Buying land for new plots.", "roles"] == []
    for heading in ("Reserved matters", "Matters outside the committee's remit"):
        clauses, _, _ = tag_text(nlp, terms.replace("Matters reserved to the Council", heading))
        assert clauses.reset_index().set_index("text").loc["Buying land for new plots.", "roles"] == [], heading
    membership = ("Staffing Committee: Terms of Reference\n\nMembership\n\nIncluding at least one member of the "
                  "Finance Committee.\n")
    clauses, _, _ = tag_text(nlp, membership)
    assert clauses.iloc[0]["duties"] == []


def test_items_of_a_bare_to_lead_in_in_a_role_description_are_the_offices_duties(nlp):
    text = ("Portfolio Holder for Housing: Role Description\n\nIn addition to the duties expected of all members, "
            "to:\n- hold political responsibility for the housing service;\n- lead the council's work with housing "
            "associations.\n")
    clauses, _, _ = tag_text(nlp, text)
    items = clauses[clauses["text"].str.match(r"(?:hold|lead) ")]
    assert len(items) == 2
    for _, row in items.iterrows():
        assert (row.roles, row.duties) == (["councillor"], ["obligation"]), row.text
    # elsewhere such items stay the lead-in's verb's ("… help employees to:" names whose they are)
    guide = ("Staff Guidance\n\nThe Clerk will help employees to:\n- plan their training;\n- record their hours.\n")
    clauses, _, _ = tag_text(nlp, guide)
    assert all(row.roles != ["councillor"] for _, row in clauses.iterrows())


def test_a_role_description_names_its_own_role_as_the_post_or_its_holder(nlp):
    description = ("Job Description: Clerk to the Parish Council\n\nThe postholder will keep the council's "
                   "records in good order.\n\nThe main duties of the post are:\n\n- To prepare the agendas of meetings.\n"
                   "- To answer letters from residents.\n\nThe key objectives of the role are:\n\n"
                   "- To support the council's work in the village.\n")
    clauses, _, _ = tag_text(nlp, description)
    for _, row in clauses.iterrows():
        assert (row.roles, row.duties) == (["clerk"], ["obligation"]), row.text
    # outside a role description, the post is nobody's; and the aims of a policy are no one's duty
    policy = ("Lone Working Policy\n\nThe aims of this policy are:\n\n- To keep staff safe.\n\n"
              "The post holder will be told of the risks.\n\nThe main aim of the Council's lone working procedure is "
              "to protect employees.\n")
    clauses, _, _ = tag_text(nlp, policy)
    assert all(row.roles == [] for _, row in clauses.iterrows())
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["The aims of this policy are:", "duties"] == []
    assert by_text.loc["The main aim of the Council's lone working procedure is to protect employees.", "duties"] == []
    # the aims of a body are aims (test_a_terms_of_reference_list_of_aims_gives_no_duties), and not those of the
    # council that qualifies its name
    clauses, _, _ = tag_text(nlp, "The purpose of the Ashdown Parish Council (APC) Staffing Committee is to look "
                                  "after the council's staff.\n")
    assert "council" not in clauses.iloc[0].roles


def test_what_a_documents_aliases_and_subject_both_ask_is_worked_out_once_per_text_and_lexicon():
    from protocol_analytics.nlp import rules as rules_module

    asked = []
    once = rules_module._once_per_text(lambda text, lex: asked.append((text, lex)) or len(text))
    first, second = object(), object()
    assert [once("abc", first), once("abc", first), once("abcd", first), once("abc", second)] == [3, 3, 4, 3]
    assert asked == [("abc", first), ("abcd", first), ("abc", second)]
    for n in range(40):  # (the last 32 are kept)
        once(str(n), first)
    assert once("abc", first) == 3 and len(asked) == 3 + 40 + 1


def test_a_definition_is_looked_for_only_where_its_bracket_and_quote_open():
    from protocol_analytics.nlp import rules as rules_module

    for text in ("our employees (the 'Team') reply", "the Town Clerk ( hereafter “Proper Officer”)",
                 "staff (\"Officers\")", "the panel (together 'the Panel')"):
        assert rules_module._DEFINITION.search(text) and rules_module._DEFINITION_OPENING.search(text), text
    assert not rules_module._DEFINITION_OPENING.search("the Clerk (or the Chair) and 'the Team'")


@pytest.mark.parametrize("opening,role", [
    # a council or committee that only qualifies the role named after it
    ("The District Council Councillor: Personal Profile\n\nWhat the job involves\n\n", "councillor"),
    ("Town Council Clerk – Role Profile\n\n", "clerk"),
    # an untitled page opening on the role and responsibility of a committee's members
    ("The role and responsibility of Licensing Committee members in the hearing of applications.\n\n",
     "councillor"),
])
def test_a_role_named_with_the_body_it_serves_titles_its_role_description(nlp, opening, role):
    from protocol_analytics.nlp.rules import document_subject

    text = opening + "- To read every report before the meeting\n- To declare any interest in good time\n"
    assert document_subject(text, LEX) == role
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["To read every report before the meeting", "roles"] == [role]


def test_an_authority_names_itself_the_authority_and_its_appointing_committee_is_a_staffing_body(nlp):
    text = ("Marshfield Fire and Rescue Authority: Members' Handbook\n\nThe Authority will publish a plan for "
            "the prevention of fires each year.\n\nThe Appointing Committee must interview every candidate for "
            "a chief officer post.\n\nThe Fire and Rescue Authority shall keep a register of members' interests.\n\n"
            "The Chief Fire Officer has the authority to deploy crews across the county.\n\n"
            "The Chair of the Police Authority Board will report to the Board each quarter.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["The Authority will publish a plan for the prevention of fires each year.", "roles"] == [
        "council"]
    assert by_text.loc["The Appointing Committee must interview every candidate for a chief officer post.",
                       "roles"] == ["personnel_committee"]
    assert by_text.loc["The Fire and Rescue Authority shall keep a register of members' interests.", "roles"] == [
        "council"]
    # power to act ("has the authority to") and a board named after the authority are no mention of the body
    assert "council" not in by_text.loc["The Chief Fire Officer has the authority to deploy crews across the county.",
                                        "roles"]
    assert "council" not in by_text.loc["The Chair of the Police Authority Board will report to the Board each "
                                        "quarter.", "roles"]

def test_a_fire_and_rescue_service_names_itself_by_its_name_its_initials_and_the_service(nlp):
    text = ("Compliments and complaints\n\nHarbourside Fire and Rescue Service (HFRS) values what residents tell "
            "us.\n\nThe HFRS will acknowledge every complaint within five working days.\n\n"
            "The Service may accept a complaint made by telephone.\n\n"
            "The Service Manager will review the complaint with the crew concerned.\n\n"
            "The Park Authority will publish its own procedure.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["The HFRS will acknowledge every complaint within five working days.", "roles"] == ["council"]
    assert by_text.loc["The Service may accept a complaint made by telephone.", "roles"] == ["council"]
    assert by_text.loc["The Park Authority will publish its own procedure.", "roles"] == ["council"]
    # a manager of the service is one of its officers, not the service
    assert by_text.loc["The Service Manager will review the complaint with the crew concerned.", "roles"] == [
        "officer"]
    # a council's page speaking of "the Service" (one of its departments) does not make it the council
    elsewhere, _, _ = tag_text(nlp, "Ashdown Parish Council\n\nThe Service may close early on Fridays.\n")
    assert "council" not in elsewhere.iloc[0]["roles"]



def test_an_instruction_the_tagger_misreads_is_still_an_instruction(nlp):
    text = ("The Role of a Ward Councillor\n\nAct as a voice for every resident of the ward.\n\n"
            "Uphold high ethical standards, declaring interests where they arise.\n\n"
            "Make good use of the support services available to members.\n\n"
            "Attend meetings when summoned; a summons to a meeting is a legal notice.\n\n"
            "Review of the role every two years.\n\nSupport for members is provided by the Clerk.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    for line in ("Act as a voice for every resident of the ward.",
                 "Uphold high ethical standards, declaring interests where they arise.",
                 "Make good use of the support services available to members.",
                 "Attend meetings when summoned; a summons to a meeting is a legal notice."):
        assert by_text.loc[line, "duties"] == ["obligation"], line
        assert by_text.loc[line, "roles"] == ["councillor"], line
    # a noun that only looks like such a verb is none
    assert by_text.loc["Review of the role every two years.", "duties"] == []
    assert by_text.loc["Support for members is provided by the Clerk.", "duties"] == []
    clauses, _, _ = tag_text(nlp, "Grievance Policy\n\nThe policy covers:\n\n- Work relations\n- Pay and conditions\n")
    assert clauses.set_index("text").loc["Work relations", "duties"] == []


def test_an_abbreviation_a_document_defines_by_its_initials_names_the_same_actor(nlp):
    text = ("Grievance Procedure of Ashdown Parish Council (APC)\n\nAPC will arrange a hearing within ten days.\n\n"
            "The Deputy Clerk (DC) will take notes of the hearing.\n\nThe DC must send the notes to the employee.\n\n"
            "The Human Resources Committee (HR) meets twice a year.\n\nHR will write to the employee.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["APC will arrange a hearing within ten days.", "roles"] == ["council"]
    assert by_text.loc["The DC must send the notes to the employee.", "roles"] == ["officer"]
    # letters that are not the name's initials define no alias
    assert "personnel_committee" not in by_text.loc["HR will write to the employee.", "roles"]


def test_a_verb_the_parser_joined_to_a_prepositions_phrase_keeps_the_sentences_subject():
    # "The Committee sits as and when necessary and has the following duties", as the parser reads it: "has"
    # co-ordinated with "necessary", itself co-ordinated with the preposition "as"
    words = ["The", "Committee", "sits", "as", "and", "when", "necessary", "and", "has", "duties"]
    doc = Doc(VOCAB, words=words, heads=[1, 2, 2, 2, 3, 6, 3, 6, 6, 8],
              deps=["det", "nsubj", "ROOT", "prep", "cc", "advmod", "conj", "cc", "conj", "dobj"],
              tags=["DT", "NNP", "VBZ", "IN", "CC", "WRB", "JJ", "CC", "VBZ", "NNS"],
              pos=["DET", "PROPN", "VERB", "ADP", "CCONJ", "ADV", "ADJ", "CCONJ", "VERB", "NOUN"])
    assert subject_of(doc[8]).text == "Committee"
    # a conjunct of a noun's preposition has no subject there ("the panel of officers and has" is no sentence)
    doc = Doc(VOCAB, words=["panel", "of", "officers", "and", "has"], heads=[0, 0, 1, 2, 2],
              deps=["ROOT", "prep", "pobj", "cc", "conj"], tags=["NN", "IN", "NNS", "CC", "VBZ"],
              pos=["NOUN", "ADP", "NOUN", "CCONJ", "VERB"])
    assert subject_of(doc[4]) is None


def test_the_panel_a_page_is_about_is_a_committee(nlp):
    clauses, _, _ = tag_text(nlp, "Scrutiny Panel: Handling Complaints\n\nThe Panel will record each complaint "
                                  "within five working days.\n\nA panel of experts may advise it.\n")
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["The Panel will record each complaint within five working days.", "roles"] == ["committee"]
    assert by_text.loc["A panel of experts may advise it.", "roles"] == []


def test_a_code_written_as_the_members_own_commitments_speaks_for_the_member(nlp):
    text = ("Gifts and Hospitality\n\n1. As a councillor:\n\na. I do not accept gifts that could be seen to "
            "influence my decisions.\n\nb. I record with the Monitoring Officer every gift worth more than £50.\n\n"
            "2. You should refuse any offer made while a planning application of the giver is open.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["I do not accept gifts that could be seen to influence my decisions.", "duties"] == [
        "prohibition"]
    row = by_text.loc["I record with the Monitoring Officer every gift worth more than £50."]
    assert (row.roles, row.duties) == (["councillor"], ["obligation"])
    assert by_text.loc["You should refuse any offer made while a planning application of the giver is open.",
                       "roles"] == ["councillor"]
    # a complainant's "I" on a form is nobody's commitment
    clauses, _, _ = tag_text(nlp, "Complaint about a Councillor\n\nI attach the minutes of the meeting at which "
                                  "the councillor spoke.\n\nI believe the councillor broke the code.\n")
    assert len(clauses) == 2
    assert all((row.roles, row.duties) == ([], []) for _, row in clauses.iterrows())


def test_the_leader_of_a_councils_pages_is_a_councillor(nlp):
    text = ("The Role of the Leader\n\nIt is the responsibility of the Leader to chair the Cabinet and to select "
            "its members.\n\nThe Deputy Leader will act for the Leader when the Leader is absent.\n\n"
            "The leader of each political group must nominate its members to committees.\n")
    clauses, _, _ = tag_text(nlp, text)
    for _, row in clauses.iterrows():
        assert row.roles == ["councillor"], row.text


def test_a_group_leader_however_the_group_is_named_is_a_councillor(nlp):
    text = ("Minority Group Leader\n\nThe main duties of a Minority Group Leader are to:\n\n"
            "- speak for the group in debates at full council\n- hold the administration to account\n\n"
            "The Leader of the Opposition must meet the Chief Executive once a month.\n")
    clauses, _, _ = tag_text(nlp, text)
    for _, row in clauses.iterrows():
        assert row.roles == ["councillor"], row.text
    # the groups themselves stay political groups
    clauses, _, _ = tag_text(nlp, "Each opposition group may nominate one member of the panel.")
    assert clauses.iloc[0]["roles"] == ["political_group"]


def test_bare_verbs_in_a_list_of_examples_are_no_instructions(nlp):
    text = ("Unreasonable complainants\n\nThis policy explains how we deal with complainants whose behaviour is "
            "unreasonable.\n\nExamples of unreasonable behaviour include:\n\n- Refuse to say what the complaint is "
            "about\n- Phone the office many times a day about one matter\n\n"
            "Officers must log every contact with the complainant.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["Refuse to say what the complaint is about", "duties"] == []
    assert by_text.loc["Phone the office many times a day about one matter", "duties"] == []
    assert by_text.loc["Officers must log every contact with the complainant.", "duties"] == ["obligation"]
    # nor are they under a lead-in that ends in a modal its items complete, where no role bears it
    may = text.replace("Examples of unreasonable behaviour include:", "A persistent complainant may:")
    clauses, _, _ = tag_text(nlp, may)
    assert clauses.reset_index().set_index("text").loc["Refuse to say what the complaint is about", "duties"] == []
    # in a role description, what its office's tasks "could include" are the office's duties
    role = ("The Role of the Clerk\n\nThe Clerk must keep the minutes of every meeting.\n\n"
            "Other tasks could include:\n\n- Prepare the agenda for each meeting\n")
    clauses, _, _ = tag_text(nlp, role)
    assert clauses.reset_index().set_index("text").loc["Prepare the agenda for each meeting", "duties"] == [
        "obligation"]
    # the same verbs under a lead-in that instructs stay instructions, whatever nouns it has
    for lead_in in ("When you contact us, please:", "When a complaint form is received, please:"):
        told = text.replace("Examples of unreasonable behaviour include:", lead_in)
        clauses, _, _ = tag_text(nlp, told)
        assert clauses.reset_index().set_index("text").loc["Refuse to say what the complaint is about", "duties"] \
            == ["obligation"], lead_in


def test_what_a_passive_says_is_permitted_is_a_permission(nlp):
    text = ("Public Participation\n\nPublic participation will be permitted at every meeting of the council.\n\n"
            "Smoking is not permitted in the building.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["Public participation will be permitted at every meeting of the council.", "duties"] == [
        "permission"]
    assert by_text.loc["Smoking is not permitted in the building.", "duties"] == ["prohibition"]


def test_help_that_can_be_sought_is_a_permission_and_its_items_take_it(nlp):
    text = ("Dignity at Work\n\nConfidential support and advice can be sought from:\n\n- a line manager;\n"
            "- a trade union representative.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert [row.duties for _, row in clauses.iterrows()] == [["permission"]] * 3


def test_an_instruction_whose_verb_the_tagger_took_for_a_noun_on_hand_built_docs():
    from protocol_analytics.nlp import rules as rules_module

    def parsed(words, tags, deps, heads):
        doc = Doc(VOCAB, words=words, tags=tags, deps=deps, heads=heads,
                  sent_starts=[True] + [False] * (len(words) - 1))
        return rules_module._imperative(doc[:], 0, LEX)

    # "Chair meetings of the Cabinet", the first word read as a noun before its object
    st = parsed(["Chair", "meetings", "of", "the", "Cabinet"], ["NN", "NNS", "IN", "DT", "NNP"],
                ["compound", "ROOT", "prep", "det", "pobj"], [1, 1, 1, 4, 2])
    assert st is not None and st.duty == "obligation"
    # a noun that is the subject of the sentence's verb, and a two-word heading, are no instruction
    assert parsed(["Review", "meetings", "are", "held", "monthly"], ["NN", "NNS", "VBP", "VBN", "RB"],
                  ["compound", "nsubjpass", "auxpass", "ROOT", "advmod"], [1, 3, 3, 3, 3]) is None
    assert parsed(["Work", "relations"], ["NN", "NNS"], ["compound", "ROOT"], [1, 1]) is None


def test_a_body_with_the_power_to_act_is_given_a_permission(nlp):
    clauses, _, _ = tag_text(nlp, "Members' Guide\n\nThe Fire Authority is an independent body, with the power to set "
                                  "its own budget and policies.\n\nThe Clerk deals with the Council in accordance "
                                  "with its standing orders.\n")
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["The Fire Authority is an independent body, with the power to set its own budget and "
                       "policies.", "duties"] == ["permission"]
    assert by_text.loc["The Clerk deals with the Council in accordance with its standing orders.", "duties"] == []


def test_a_bodys_own_zero_tolerance_is_its_prohibition(nlp):
    text = ("Dignity at Work Policy\n\nThe Parish Council takes a zero tolerance stance on abuse of its clerk.\n\n"
            "A zero tolerance approach applies to abuse of staff.\n\nOur aim is zero tolerance of harassment.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    row = by_text.loc["The Parish Council takes a zero tolerance stance on abuse of its clerk."]
    assert (row.roles, row.duties) == (["council"], ["prohibition"])
    row = by_text.loc["A zero tolerance approach applies to abuse of staff."]
    assert (row.roles, row.duties) == ([], ["prohibition"])
    # an aim is no policy stated (ANNOTATION.md section 3)
    assert by_text.loc["Our aim is zero tolerance of harassment.", "duties"] == []


def test_council_with_no_article_opening_a_sentence_is_the_council(nlp):
    clauses, _, _ = tag_text(nlp, "Complaints Procedure\n\nCouncil will respond at this stage within five working "
                                  "days.\n\nCouncil meetings are held monthly.\n")
    by_text = clauses.reset_index().set_index("text")
    row = by_text.loc["Council will respond at this stage within five working days."]
    assert (row.roles, row.duties) == (["council"], ["obligation"])
    assert by_text.loc["Council meetings are held monthly.", "roles"] == []


def test_a_lead_in_whose_colon_has_a_dash_keeps_its_modal(nlp):
    # spaCy keeps ":-" on the word ("should:-"), and the tagger then sees no modal
    assert [t.text for t in nlp("The Chair should:-")] == ["The", "Chair", "should", ":", "-"]
    assert [t.text for t in nlp("Ring 01632 960:-")][-1] == "960:-"  # not after a number
    text = ("Role of the Vice-Chair\n\nThe Vice-Chair will:-\n\n- stand in for the Chair when asked;\n"
            "- help new councillors settle in.\n")
    clauses, _, _ = tag_text(nlp, text)
    for _, row in clauses.iterrows():
        assert (row.roles, row.duties) == (["chair"], ["obligation"]), row.text


def test_a_policys_readers_take_the_instructions_of_its_lists(nlp):
    top = ("Ashcombe Parish Council\n\nE-mail Policy\n\nAshcombe Parish Council’s e-mail policy aims to guide good "
           "practice in e-mail for all councillors and the clerk.\n\n")
    clauses, _, _ = tag_text(nlp, top + "Do not:\n\n- write in capitals\n- forward private messages\n")
    for _, row in clauses.iloc[1:].iterrows():
        assert (sorted(row.roles), row.duties) == (["clerk", "councillor"], ["prohibition"]), row.text
    clauses, _, _ = tag_text(nlp, top + "When writing e-mails:\n\n- be polite\n- keep to the point\n")
    for _, row in clauses.iloc[2:].iterrows():
        assert (sorted(row.roles), row.duties) == (["clerk", "councillor"], ["obligation"]), row.text
    # without a scope, "Do not:" is still a prohibition, of no one named
    clauses, _, _ = tag_text(nlp, "Using the Hall\n\nDo not:\n\n- park on the grass\n- leave litter\n")
    assert [(row.roles, row.duties) for _, row in clauses.iterrows()] == [([], ["prohibition"])] * 3


def test_a_bare_imperative_lead_in_after_a_fronted_phrase_or_condition(nlp):
    # "When …, do not:" is the reader's prohibition (the fronted phrase once left "do" read as an instruction to
    # do), and "If you …, please either:" the reader's obligation, which the items complete
    top = ("Brambleford Town Council\n\nGuidance for residents\n\nThis page tells residents how to reach the "
           "council and what to think about before they write to it.\n\n")
    clauses, _, _ = tag_text(nlp, top + "When writing to a councillor, do not:\n\n- send the same letter to every "
                                        "member\n- include other people's details\n")
    assert [(row.roles, row.duties) for _, row in clauses.iloc[1:].iterrows()] == [([], ["prohibition"])] * 3
    clauses, _, _ = tag_text(nlp, top + "If you would like to complain about a councillor, please either:\n\n"
                                        "- use the form on this page; or\n- write to the Monitoring Officer.\n")
    assert [row.duties for _, row in clauses.iloc[1:].iterrows()] == [["obligation"]] * 3
    assert clauses.iloc[1].roles == []
    # "please note:" opens no list of instructions
    _, tags, _ = tag_text(nlp, top + "Please note: our offices close at noon on Fridays.\n")
    assert not tags.rule.str.contains("imperative_lead_in").any()
    assert tags.rule.str.contains("cue:imperative").any()  # ("note" is still an instruction)


def test_a_sentence_opening_on_an_office_gives_its_duties_to_the_office(nlp):
    clauses, _, _ = tag_text(nlp, "1. The Lord Mayor\n\n1.1 As Lord Mayor of Northtown, Councillor Jane Smith carries "
                                  "several duties:\n\n- presiding over council meetings\n"
                                  "- receiving visitors to the city\n")
    assert [row.roles for _, row in clauses.iterrows()] == [["chair"]] * 3
    # a body or the seat itself is no office held
    clauses, _, _ = tag_text(nlp, "As a community council member you should speak for every resident.")
    assert "council" not in clauses.iloc[0].roles


def test_a_holder_of_so_many_primary_roles_does_its_items(nlp):
    clauses, _, _ = tag_text(nlp, "1. The Chair\n\n1.1 Our council has a Chair who has three primary roles:\n\n"
                                  "- To represent the council at formal meetings.\n- To make sure that meetings run "
                                  "well.\n")
    assert [row.roles for _, row in clauses.iterrows()] == [["chair"]] * 3


def test_a_list_that_is_its_own_subject_binds_the_lead_ins_actors(nlp):
    text = ("1. Use of IT\n\n1.1 Staff are expected to use the council's computers with care. The following are "
            "not permitted:\n\n- Sending offensive messages\n- Playing games in working hours\n")
    clauses, _, _ = tag_text(nlp, text)
    for cid in ("1.1.1", "1.1.2"):
        assert (clauses.loc[cid, "roles"], clauses.loc[cid, "duties"]) == (["officer"], ["prohibition"]), cid
    # so does a lead-in whose subject is what the actor issues, named without its owner
    text = ("1. Communications\n\n1.1 The Parish Council will keep residents informed about its work. All methods of "
            "communication should:\n\n- be concise\n- be polite\n")
    clauses, _, _ = tag_text(nlp, text)
    assert [clauses.loc[cid, "roles"] for cid in ("1.1.1", "1.1.2")] == [["council"], ["council"]]
    # a list whose lead-in names its actor keeps that actor, not the sentence before's
    text = ("1. Meetings\n\n1.1 Staff are expected to attend when asked. The Chair must:\n\n- Open the meeting\n"
            "- Keep order\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1.1", "roles"] == ["chair"]


@pytest.mark.parametrize("lead_in", ["The role includes:", "The job involves:", "The work of the post covers:"])
def test_a_lead_in_on_the_role_itself_lists_the_duties_of_the_role_described(nlp, lead_in):
    text = (f"Village Councillor Roles\n\nWhat does a village councillor do?\n\n{lead_in}\n\n"
            "- Attending council meetings.\n\n- Reading the papers before each meeting.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert (by_text.loc[lead_in, "roles"], by_text.loc[lead_in, "duties"]) == (["councillor"], ["obligation"])
    # with no role described, the lead-in names no one
    clauses, _, _ = tag_text(nlp, f"Parking at the hall\n\n{lead_in}\n\n- Checking the car park at night.\n")
    assert clauses.reset_index().set_index("text").loc[lead_in, "roles"] == []
    # the council's work, or the terms of the job, are not the role's duties
    for other in ("Our work covers:", "The job is:"):
        clauses, _, _ = tag_text(nlp, text.replace(lead_in, other))
        assert clauses.reset_index().set_index("text").loc[other, "roles"] == [], other


def test_a_lead_in_naming_no_one_lists_the_duties_of_what_the_document_describes(nlp):
    profile = ("Role of the Chair\n\nThe Chair is elected each May at the annual meeting of the council.\n\n"
               "Typical duties include:\n\n- presiding over each meeting of the council\n- speaking for the council at "
               "civic occasions\n")
    clauses, _, _ = tag_text(nlp, profile)
    by_text = clauses.reset_index().set_index("text")
    for text in ("Typical duties include:", "presiding over each meeting of the council",
                 "speaking for the council at civic occasions"):
        assert (by_text.loc[text, "roles"], by_text.loc[text, "duties"]) == (["chair"], ["obligation"]), text
    terms = ("Staffing Committee: Terms of Reference\n\nThe committee meets twice a year and reports to the full "
             "council.\n\nOther responsibilities include –\n\n- To set the staff training budget\n- Approval of "
             "overtime claims over £500\n")
    clauses, _, _ = tag_text(nlp, terms)
    by_text = clauses.reset_index().set_index("text")
    for text in ("Other responsibilities include –", "Approval of overtime claims over £500"):
        assert by_text.loc[text, "roles"] == ["personnel_committee"], text
    profile = ("Role of a Councillor\n\nCouncillors are elected for four years and speak for everyone in their "
               "ward.\n\nConstituency responsibilities include;\n\n- holding a surgery each month;\n- taking up "
               "problems with the county council.\n")
    clauses, _, _ = tag_text(nlp, profile)
    by_text = clauses.reset_index().set_index("text")
    for text in ("Constituency responsibilities include;", "holding a surgery each month;"):
        assert by_text.loc[text, "roles"] == ["councillor"], text
    # a portfolio's areas are its holder's duties, even as bare nouns
    profile = ("Role of the Leader of the Council\n\nThe Leader is elected by the council every four years and leads "
               "the Cabinet.\n\nThe portfolio covers these areas of work:\n\n- Economic development and regeneration.\n"
               "- The running of registration services.\n")
    clauses, _, _ = tag_text(nlp, profile)
    by_text = clauses.reset_index().set_index("text")
    for text in ("The portfolio covers these areas of work:", "Economic development and regeneration.",
                 "The running of registration services."):
        assert (by_text.loc[text, "roles"], by_text.loc[text, "duties"]) == (["councillor"], ["obligation"]), text
    # in a document that describes no one it names no one; nor a sentence that does not open a list
    clauses, _, _ = tag_text(nlp, "Dignity at Work Policy\n\nOur responsibilities include:\n\n- treating everyone "
                                  "with respect\n\nThe Clerk's duties include keeping the register.\n")
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["Our responsibilities include:", "roles"] == []


def test_a_pronoun_does_not_refer_to_a_body_named_in_a_bracketed_aside(nlp):
    text = ("Information about the Appointments Committee\n\nThe Appointments Committee’s terms are set out in Part 3 "
            "of the Constitution (Committees and Panels). Its function is to appoint the chief officers of the "
            "council.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.iloc[0].roles == ["personnel_committee"]


def test_a_pronoun_after_a_person_with_no_role_is_that_persons(nlp):
    text = ("Complaints Procedure\n\nThe complainant should be asked to set out the complaint in a letter to the "
            "Clerk.\n\nShould the complainant prefer not to write to the Clerk, they can be advised to write to the "
            "Mayor.\n\nWhen the Clerk receives a complaint, he must acknowledge it within five days.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["Should the complainant prefer not to write to the Clerk, they can be advised to write to the "
                       "Mayor.", "roles"] == []
    assert by_text.loc["When the Clerk receives a complaint, he must acknowledge it within five days.",
                       "roles"] == ["clerk"]


def test_an_instruction_to_avoid_or_refrain_is_a_prohibition(nlp):
    text = ("Speaking at Planning Committee\n\nWhen you address the committee you should:\n\n- speak clearly;\n"
            "- avoid raising matters that are not planning issues;\n- refrain from personal remarks.\n\n"
            "Avoid personal remarks about the applicant.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["speak clearly;", "duties"] == ["obligation"]
    for line in ("avoid raising matters that are not planning issues;", "refrain from personal remarks.",
                 "Avoid personal remarks about the applicant."):
        assert by_text.loc[line, "duties"] == ["prohibition"], line


def test_a_condition_names_an_actor_only_as_its_subject(nlp):
    text = ("Attending Outside Bodies\n\nIf committee approval is needed, a short report written by officers "
            "should be sent to the committee.\n\nIf a Member is unhappy with the answer, the matter should be taken "
            "up with the Clerk.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["If committee approval is needed, a short report written by officers should be sent to the "
                       "committee.", "roles"] == []
    assert by_text.loc["If a Member is unhappy with the answer, the matter should be taken up with the Clerk.",
                       "roles"] == ["councillor"]
    # a condition's subject may be what an actor issues
    clauses, _, _ = tag_text(nlp, "Letters\n\nWhere a letter from the Clerk is copied to others, this should be made "
                                  "clear on the letter.\n")
    assert clauses.iloc[0].roles == ["clerk"]


def test_the_parts_of_a_roles_work_listed_are_its_duties(nlp):
    text = ("Being a Councillor\n\nCouncillors have three main elements to their work:\n\n- making decisions\n\n"
            "The council has three parts:\n\n- the full council\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    for line in ("Councillors have three main elements to their work:", "making decisions"):
        assert (by_text.loc[line, "roles"], by_text.loc[line, "duties"]) == (["councillor"], ["obligation"]), line
    assert by_text.loc["The council has three parts:", "duties"] == []


def test_a_guide_to_bullying_at_work_speaks_to_employees(nlp):
    guide = ("Reporting Bullying at Work\n\nIf you are bullied or harassed at work, or see a colleague treated so, "
             "act on it.\n\nYou should tell your manager about each incident of harassment.\n\nIf you would rather, "
             "you can talk to another manager.\n\nStaff and managers must treat everyone in the workplace with "
             "respect.\n")
    clauses, _, _ = tag_text(nlp, guide)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["You should tell your manager about each incident of harassment.", "roles"] == ["officer"]
    assert by_text.loc["If you would rather, you can talk to another manager.", "roles"] == ["officer"]
    # a pledge that names councillors does not say its "you" is staff
    pledge = ("Civility and Respect\n\nBullying and harassment of councillors, staff and managers has no place "
              "here.\n\nYou should report any harassment to the Clerk.\n\nStaff and managers will be supported "
              "when they report bullying in the workplace.\n")
    clauses, _, _ = tag_text(nlp, pledge)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["You should report any harassment to the Clerk.", "roles"] == []


def test_an_expectation_of_people_with_no_role_is_owed_by_no_counterpart(nlp):
    text = ("Grievance Procedure\n\nThis grievance procedure lets an employee raise a grievance about work. A "
            "grievance should be raised in writing.\n\nYou can expect your colleagues to:\n\n- treat you with "
            "respect;\n\nCouncillors can expect:\n\n- timely replies.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["You can expect your colleagues to:", "roles"] == []
    assert by_text.loc["Councillors can expect:", "roles"] == ["officer"]  # the counterpart, Y unnamed


def test_a_list_lead_in_pronoun_in_a_role_description_is_the_role_described(nlp):
    text = ("The Role of the Chair at Meetings\n\nThe Chair prepares fully for each meeting.\n\nMakes sure each "
            "decision is clear enough for the Clerk to carry out. At every meeting they will:\n\n- check there is a "
            "quorum\n- open the meeting\n\nThe Clerk writes the minutes. They will:\n\n- send them out\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["Makes sure each decision is clear enough for the Clerk to carry out. At every meeting they "
                       "will:", "roles"] == ["chair"]
    assert by_text.loc["check there is a quorum", "roles"] == ["chair"]
    # a pronoun after a subject that names a role is that role's
    assert by_text.loc["The Clerk writes the minutes. They will:", "roles"] == ["clerk"]


def test_an_items_own_do_not_is_a_prohibition_beside_the_duty_it_inherits(nlp):
    text = ("Role of a ward councillor\n\nAs a councillor you will:\n- Speak up for the whole ward and do not favour "
            "one street over another\n- Keep residents informed of decisions\n- Do not promise what the council "
            "cannot deliver\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    first = by_text.loc["Speak up for the whole ward and do not favour one street over another"]
    assert (first["roles"], sorted(first["duties"])) == (["councillor"], ["obligation", "prohibition"])
    assert by_text.loc["Keep residents informed of decisions", "duties"] == ["obligation"]
    assert by_text.loc["Do not promise what the council cannot deliver", "duties"] == ["prohibition"]


def test_the_agent_of_a_passive_beside_a_lead_in_does_not_own_its_list(nlp):
    text = ("The role of the Mayor\n\nThe Mayor will be chosen by the Council each May and will take on the following "
            "tasks:\n- To chair meetings of the Council;\n- To represent the town at civic events.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["To chair meetings of the Council;", "roles"] == ["chair"]
    assert by_text.loc["To represent the town at civic events.", "roles"] == ["chair"]


def test_a_pronoun_opening_a_clause_is_the_role_the_clause_before_had_as_its_subject(nlp):
    text = ("Senior officers\n\nThe head of paid service leads the staff of the council.\n\nThe monitoring officer "
            "keeps the constitution under review.\n\nHe or she is responsible for advice on the lawfulness of "
            "decisions.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    row = by_text.loc["He or she is responsible for advice on the lawfulness of decisions."]
    assert (row["roles"], row["duties"]) == (["monitoring_officer"], ["obligation"])


def test_a_document_that_names_its_reader_as_a_member_speaks_to_councillors(nlp):
    text = ("Gifts and hospitality\n\nYou must register any gift worth more than fifty pounds that you receive as a "
            "member within 28 days.\n\nThe Clerk keeps the register.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.iloc[0]["roles"] == ["councillor"]
    # a member of the public is no councillor, and a complaints page's reader is whoever complains
    for text in ("Public speaking\n\nYou may speak for three minutes as a member of the public.\n",
                 "Complaints procedure\n\nIf you are unhappy, you may write to the Clerk as a resident.\n"):
        clauses, _, _ = tag_text(nlp, text)
        assert clauses.iloc[0]["roles"] == []


def test_a_rule_on_who_may_sit_on_a_committee_is_the_committees(nlp):
    text = ("Terms of reference of the Staffing Committee\n\n1. Membership\n\nCouncillors found in breach of the "
            "Code in the last two years are ineligible for appointment to the committee.\n\nThree councillors shall "
            "be appointed to the committee each May.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert [r for r in clauses["roles"]] == [["personnel_committee"], ["personnel_committee"]]


def test_the_items_of_an_item_that_says_what_to_avoid_are_prohibitions(nlp):
    text = ("Speaking at the committee\n\n1. Speakers should:\n\n(a) keep to the point;\n\n(b) avoid matters the "
            "committee cannot weigh, such as:\n\n(i) the motives of the applicant;\n\n(ii) private disputes.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.1", "duties"] == ["obligation"]
    for item in ("1.2", "1.2.1", "1.2.2"):
        assert clauses.loc[item, "duties"] == ["prohibition"], item


def test_a_role_profiles_line_that_says_what_it_is_responsible_for_is_a_duty(nlp):
    text = ("Role of the Monitoring Officer\n\nThe Monitoring Officer is a statutory post.\n\nResponsible for keeping "
            "the constitution up to date.\n\nAccountable for the register of members' interests.\n")
    clauses, _, _ = tag_text(nlp, text)
    for line in ("Responsible for keeping the constitution up to date.",
                 "Accountable for the register of members' interests."):
        row = clauses.reset_index().set_index("text").loc[line]
        assert (row["roles"], row["duties"]) == (["monitoring_officer"], ["obligation"]), line


def test_what_a_body_recognises_or_believes_can_happen_is_no_permission(nlp):
    text = ("Resolving concerns at work\n\nWe recognise that managers and staff can work together to settle "
            "issues early.\n\nThe Council believes that by listening to complaints it can improve its "
            "services.\n\nIf you believe that a councillor has broken the Code, you can complain to the Monitoring "
            "Officer.\n\nCouncillors must recognise that officers can refuse an improper request.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    for kept_in_mind in ("We recognise that managers and staff can work together to settle issues early.",
                         "The Council believes that by listening to complaints it can improve its services."):
        assert by_text.loc[kept_in_mind, "duties"] == []
        assert by_text.loc[kept_in_mind, "roles"] == []
    # a belief in a condition leaves the main clause's permission; a duty to recognise keeps what it recognises
    assert by_text.loc["If you believe that a councillor has broken the Code, you can complain to the Monitoring "
                       "Officer.", "duties"] == ["permission"]
    assert by_text.loc["Councillors must recognise that officers can refuse an improper request.", "duties"] == [
        "obligation", "permission"]


def test_an_instruction_after_a_long_fronted_condition_is_still_an_instruction(nlp):
    text = ("Bullying and harassment at work: informal steps\n\nBullying and harassment of employees by colleagues "
            "or managers is never acceptable in our workplace. Bullying harms staff.\n\nIf you feel you have been "
            "bullied and cannot sort it out yourself, talk to your manager.\n")
    clauses, _, _ = tag_text(nlp, text)
    step = clauses.reset_index().set_index("text").loc[
        "If you feel you have been bullied and cannot sort it out yourself, talk to your manager."]
    assert step["duties"] == ["obligation"]
    assert step["roles"] == ["officer"]  # a staff guide's reader is an employee


def test_a_say_reserved_subject_to_someones_discretion_is_their_permission(nlp):
    text = ("Public question time\n\nEach speaker may, subject to the Chair's discretion, put a second point "
            "to the meeting.\n\nSpeeches are limited to five minutes, subject to the discretion of the Mayor.\n\n"
            "All payments are subject to audit and to the approval of the Council.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["Each speaker may, subject to the Chair's discretion, put a second point to the meeting.", "roles"] == [
        "chair"]
    speeches = by_text.loc["Speeches are limited to five minutes, subject to the discretion of the Mayor."]
    assert (speeches["roles"], speeches["duties"]) == (["chair"], ["permission"])
    assert by_text.loc["All payments are subject to audit and to the approval of the Council.", "duties"] == []


def test_a_presiding_member_and_a_provost_chair_their_council(nlp):
    text = ("Questions at council meetings\n\nThe Presiding Member may reject a question that is defamatory.\n\n"
            "The Provost may stop a councillor who strays from the motion.\n\n"
            "Members must address the Presiding Member when they speak.\n")
    clauses, _, _ = tag_text(nlp, text)
    roles = clauses.reset_index().set_index("text")["roles"]
    assert roles["The Presiding Member may reject a question that is defamatory."] == ["chair"]
    assert roles["The Provost may stop a councillor who strays from the motion."] == ["chair"]
    assert roles["Members must address the Presiding Member when they speak."] == ["councillor"]


def test_the_purpose_of_a_long_titled_role_is_its_duty_and_the_purpose_of_a_document_is_nobodys(nlp):
    text = ("Role profile\n\nThe purpose of the Vice-Chairman of the Audit and Governance Review Board is to "
            "oversee the review of accounts.\n\nThe purpose of the protocol on relations between members "
            "and officers is to set out good practice.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    chairman = by_text.loc["The purpose of the Vice-Chairman of the Audit and Governance Review Board is to "
                           "oversee the review of accounts."]
    assert (chairman["roles"], chairman["duties"]) == (["chair"], ["obligation"])
    protocol = by_text.loc["The purpose of the protocol on relations between members and officers is to set out "
                           "good practice."]
    assert (protocol["roles"], protocol["duties"]) == ([], [])


def test_a_committee_acting_as_the_final_appeal_body_is_where_appeals_go(nlp):
    text = ("Staffing Committee: terms of reference\n\nThe Personnel Panel acts as an independent appeal body "
            "for staff dismissed for misconduct or poor attendance.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.iloc[0]["escalation_targets"] == ["personnel_committee"]


def test_a_role_line_joining_two_verbs_the_tagger_took_for_nouns_is_an_instruction(nlp):
    text = ("Role of the Deputy Leader\n\nStand in for the Leader whenever the Leader is away;\n\n"
            "Share and support in general the whole workload of the Leader;\n\n"
            "Work with the Leader to co-ordinate the Cabinet.\n")
    clauses, _, _ = tag_text(nlp, text)
    line = clauses.reset_index().set_index("text").loc["Share and support in general the whole workload of the Leader;"]
    assert (line["roles"], line["duties"]) == (["councillor"], ["obligation"])
    # a noun phrase opening a sentence with its own verb stays a description
    other, _, _ = tag_text(nlp, "Review and support arrangements are agreed each year by the Council.")
    assert other.iloc[0]["duties"] == []


def test_a_staffing_bodys_own_terms_make_it_the_appeal_body_for_the_matters_listed(nlp):
    text = ("Staffing Committee: terms of reference\n\n1. The Staffing Committee deals with all staffing matters of "
            "the Council.\n\n2. To act as the final appeal body to hear and determine appeals, under the "
            "Council's procedures, against:\n\na) dismissal for serious misconduct;\n\nb) dismissal on grounds of "
            "capability.\n\n3. To agree the staff pay award.\n")
    clauses, _, _ = tag_text(nlp, text)
    targets = clauses.reset_index().set_index("text")["escalation_targets"]
    assert targets["To act as the final appeal body to hear and determine appeals, under the Council's procedures, "
                   "against:"] == ["personnel_committee"]
    assert targets["dismissal for serious misconduct;"] == ["personnel_committee"]
    assert targets["dismissal on grounds of capability."] == ["personnel_committee"]
    assert targets["To agree the staff pay award."] == []


def test_a_staffing_committees_lead_in_passes_its_appeal_remit_to_the_lines_below(nlp):
    text = ("Personnel Committee\n\nThe functions of the Personnel Committee are to:\n\n"
            "a) act as the final appeal body to hear appeals, under the Council's procedures, against:\n\n"
            "i) dismissal for gross misconduct;\n\nii) a formal warning given by the Clerk.\n\n"
            "b) review the staff handbook each year.\n")
    clauses, _, _ = tag_text(nlp, text)
    targets = clauses.reset_index().set_index("text")["escalation_targets"]
    assert targets["act as the final appeal body to hear appeals, under the Council's procedures, against:"] == [
        "personnel_committee"]
    assert targets["dismissal for gross misconduct;"] == ["personnel_committee"]
    assert targets["review the staff handbook each year."] == []


def test_a_capability_procedure_speaks_to_employees_and_is_the_route_it_describes(nlp):
    text = ("Managing performance\n\nThis capability procedure helps managers support employees whose performance "
            "falls below the standard their post needs.\n\nPoor performance is first discussed informally, and "
            "the capability procedure is used only when informal support has not worked.\n\nYou may bring a "
            "colleague or a union representative to every formal capability meeting.\n")
    clauses, _, _ = tag_text(nlp, text)
    accompanied = clauses.reset_index().set_index("text").loc[
        "You may bring a colleague or a union representative to every formal capability meeting."]
    assert (accompanied["roles"], accompanied["duties"]) == (["officer"], ["permission"])


def test_a_route_the_sentence_denies_is_no_route_and_a_phrase_before_by_keeps_one(nlp):
    text = ("Complaints about councillors\n\nComplaints about a councillor's conduct are not dealt with by the "
            "Town Council.\n\nThey are handled, in line with the agreed arrangements, by the Monitoring Officer of "
            "Westshire District Council.\n")
    clauses, _, _ = tag_text(nlp, text)
    targets = clauses.reset_index().set_index("text")["escalation_targets"]
    assert "council" not in targets["Complaints about a councillor's conduct are not dealt with by the Town Council."]
    assert targets["They are handled, in line with the agreed arrangements, by the Monitoring Officer of Westshire "
                   "District Council."] == ["monitoring_officer"]
    appeal, _, _ = tag_text(nlp, "An appeal against dismissal is heard under the appeals procedure by the Staffing Panel.")
    assert appeal.iloc[0]["escalation_targets"] == ["personnel_committee"]
    # the same routes stated plainly are still routes
    plain, _, _ = tag_text(nlp, "Any grievance about the Clerk is dealt with by the Town Council.")
    assert plain.iloc[0]["escalation_targets"] == ["council"]


def test_a_body_where_the_council_meets_its_staff_is_a_personnel_committee(nlp):
    text = ("Joint Consultative Committee: terms of reference\n\nThe Joint Consultative Committee will:\n\n"
            "a) give the Council and its employees' unions a regular place to consult on conditions of service;\n\n"
            "b) consider any matter either side refers to it.\n\nA dispute that cannot be settled by the "
            "Committee may be referred to the Works Council.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    item = by_text.loc["consider any matter either side refers to it."]
    assert item["roles"] == ["personnel_committee"] and "personnel_committee_delegation" in item["topics"]
    assert by_text.loc["A dispute that cannot be settled by the Committee may be referred to the Works Council.",
                       "escalation_targets"] == ["personnel_committee"]
    # a joint committee of two councils is not one
    other, _, _ = tag_text(nlp, "The Joint Planning Committee shall meet four times a year.")
    assert other.iloc[0]["roles"] == ["committee"]


@pytest.mark.parametrize("body", ["Joint Consultative and Wellbeing Committee", "Staff Advisory Committee",
                                  "Local Joint Committee"])
def test_a_staff_consultation_body_named_with_more_words_is_a_personnel_committee(nlp, body):
    text = (f"{body}\n\nTerms of reference\n\n1. To receive and comment on proposals about the pay and grading of "
            "council staff.\n\n2. To look at any matter that either side refers to it.\n")
    clauses, _, _ = tag_text(nlp, text)
    item = clauses.reset_index().set_index("text").loc["To look at any matter that either side refers to it."]
    assert item["roles"] == ["personnel_committee"]


@pytest.mark.parametrize("body", ["Chief Officers' Committee", "Employee Appeals Panel", "Senior Officer Pay Panel"])
def test_a_committee_named_after_the_staff_it_deals_with_is_a_personnel_committee(nlp, body):
    text = (f"1. The {body} deals with the appointment and dismissal of the council's most senior staff.\n\n"
            f"2. The functions of the {body} are to:\n\n(a) Appoint the Director of Housing;\n\n"
            "(b) Hear any appeal against dismissal.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["Appoint the Director of Housing;", "roles"] == ["personnel_committee"]
    # the staff the body is named after are not an actor of the clause
    assert "officer" not in by_text.loc[f"The functions of the {body} are to:", "roles"]
    # officers who attend a committee are officers ("Attending" is no part of a name)
    plain, _, _ = tag_text(nlp, "Officers attending Committee meetings must sit with the Clerk.")
    assert "officer" in plain.iloc[0]["roles"]


@pytest.mark.parametrize("body", ["Workforce Committee", "Pay and Conditions Panel", "Staff Governance Committee",
                                  "Chief Executive's Appraisal Panel", "People Committee"])
def test_a_committee_named_after_the_staff_matters_it_deals_with_is_a_personnel_committee(nlp, body):
    clauses, _, _ = tag_text(nlp, f"The {body} shall meet four times a year and report to the Council.")
    assert clauses.iloc[0]["roles"] == ["personnel_committee"]


@pytest.mark.parametrize("body", ["Children and Young People Committee", "People and Communities Committee",
                                  "Older People Panel", "Conservation Area Character Appraisal Working Group"])
def test_a_services_committee_or_a_working_group_on_places_is_no_personnel_committee(nlp, body):
    clauses, _, _ = tag_text(nlp, f"The {body} shall meet monthly.")
    assert "personnel_committee" not in clauses.iloc[0]["roles"]


def test_every_step_of_a_disciplinary_procedure_is_about_it_but_its_scope(nlp):
    text = ("Staff Disciplinary Procedure\n\n1. This procedure applies to all employees except casual workers.\n\n"
            "2. The manager will write to the employee setting out the allegation in full.\n\n"
            "3. The employee may bring a colleague or a union representative to the meeting.\n")
    clauses, tags, _ = tag_text(nlp, text)
    topic = "disciplinary_capability_procedure"
    assert topic in clauses.loc["2", "topics"] and topic in clauses.loc["3", "topics"]
    assert topic not in clauses.loc["1", "topics"] and "purpose_and_scope" in clauses.loc["1", "topics"]
    evidence = tags[(tags["field"] == "topic") & (tags["label"] == topic) & (tags["clause_id"] == "3")]
    assert len(evidence) == 1 and evidence["rule"].iloc[0].endswith("from_document_procedure:disciplinary_procedure")
    # the same steps in a body's terms of reference are the body's functions, not the procedure
    terms, tags, _ = tag_text(nlp, text.replace("Staff Disciplinary Procedure", "Disciplinary Panel - Terms of Reference"))
    assert not tags["rule"].str.contains("from_document_procedure").any()
    # a handbook that names discipline in its text is no disciplinary procedure: its other clauses keep their topics
    handbook = ("Employee Handbook\n\n1. Staff must report sickness to their manager by ten o'clock.\n\n"
                "2. Disciplinary matters follow the disciplinary procedure; a disciplinary hearing may follow an "
                "investigation, and the disciplinary outcome is confirmed in writing.\n\n"
                "3. Staff may take twenty five days of annual leave a year.\n")
    clauses, tags, _ = tag_text(nlp, handbook)
    assert not tags["rule"].str.contains("from_document_procedure").any()
    assert topic not in clauses.loc["3", "topics"]


def test_a_role_description_of_a_councillors_office_gives_its_duties_the_councillors_role_topic(nlp):
    text = ("Role Description: Member Champion for Young People\n\nThe Member Champion will:\n\n"
            "a) Speak up for young people when the Cabinet sets its priorities;\n\n"
            "b) Meet the youth forum each term.\n")
    clauses, tags, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert "councillor_role" in by_text.loc["Meet the youth forum each term.", "topics"]
    evidence = tags[(tags["field"] == "topic") & (tags["label"] == "councillor_role")]
    assert evidence["rule"].str.endswith("from_subject_role:councillor").any()
    # a title that only names the office ("Member Champions") says the same
    titled, _, _ = tag_text(nlp, text.replace("Role Description: Member Champion for Young People", "Member Champions"))
    assert "councillor_role" in titled.reset_index().set_index("text").loc["Meet the youth forum each term.", "topics"]
    # the same duty in a protocol about something else is not about the councillor's role
    other, _, _ = tag_text(nlp, "Member–officer protocol\n\nMembers should meet the youth forum each term.\n")
    assert "councillor_role" not in other.iloc[0]["topics"]


def test_a_procedure_named_by_what_it_is_about_is_a_route(nlp):
    text = ("Appeals Panel: terms of reference\n\n1. To hear appeals from staff under the Council's procedures for "
            "dealing with grievances and misconduct.\n\n2. To hear appeals under the procedures relating to "
            "capability.\n\n3. To keep the policy on flexible working under review.\n")
    clauses, _, _ = tag_text(nlp, text)
    targets = clauses.reset_index().set_index("text")["escalation_targets"]
    assert set(targets["To hear appeals from staff under the Council's procedures for dealing with grievances and "
                       "misconduct."]) >= {"grievance_procedure", "disciplinary_procedure"}
    assert "capability_procedure" in targets["To hear appeals under the procedures relating to capability."]
    assert targets["To keep the policy on flexible working under review."] == []
    # a procedure named among the things a role keeps in order routes nothing
    kept, _, _ = tag_text(nlp, "The Clerk makes sure that staff have contracts and procedures for appraisal and "
                               "grievances.")
    assert kept.iloc[0]["escalation_targets"] == []


def test_the_parties_a_staff_procedure_names_are_its_employees(nlp):
    text = ("Dignity at Work Policy\n\nBullying and harassment of staff are never acceptable.\n\nIf you feel you are "
            "being bullied at work, talk to your manager first.\n\nThe complainant and the alleged bully have the right to:\n\na) have a union representative with "
            "them;\n\nb) be joined at every meeting by a colleague from work.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    assert by_text.loc["The complainant and the alleged bully have the right to:", "roles"] == ["officer"]
    assert by_text.loc["be joined at every meeting by a colleague from work.", "roles"] == ["officer"]
    # a councillor complaints procedure's complainant is a member of the public
    code, _, _ = tag_text(nlp, "Complaints about councillors\n\nThe complainant may ask for a review of the "
                               "decision within 14 days.\n")
    assert "officer" not in code.iloc[0]["roles"]


def test_a_modal_the_parser_hung_on_the_phrase_before_its_verb_keeps_its_actor(nlp):
    clauses, _, _ = tag_text(nlp, "The Chair may at his/her own discretion turn down any petition that he/she "
                                  "judges to be improper.")
    assert (clauses.iloc[0]["roles"], clauses.iloc[0]["duties"]) == (["chair"], ["permission"])
    # a modal with no verb after its phrase states nothing
    bare, _, _ = tag_text(nlp, "The questions, as the Chair may at the end of the meeting.")
    assert bare.iloc[0]["duties"] == []


def test_a_committee_vice_chair_is_the_chair_not_also_the_committee(nlp):
    text = ("Vice-chairs\n\nThe main duties of a committee vice-chair are:\n\n"
            "1. To help the chair plan the business of the committee they sit on\n\n"
            "2. To take the chair when the chair is away\n")
    clauses, _, _ = tag_text(nlp, text)
    for roles in clauses["roles"]:
        assert roles == ["chair"]


@pytest.mark.parametrize("title", ["Our Codes of Conduct and making a complaint",
                                   "How to complain about the conduct of an elected councillor"])
def test_a_page_titled_for_complaints_about_councillors_conduct_is_a_code_complaints_procedure(nlp, title):
    from protocol_analytics.nlp import pipeline_lexicon
    from protocol_analytics.nlp.rules import document_procedure

    lex = pipeline_lexicon(nlp)
    assert document_procedure(f"{title}\n\nCouncillors are expected to behave well.\n", lex) == "monitoring_officer"
    assert document_procedure("How to complain about the conduct of a planning application\n\nText.\n", lex) is None


def test_a_negated_passive_joined_to_a_deontic_verb_is_a_prohibition(nlp):
    clauses, _, _ = tag_text(nlp, "Sessions held in private may not be photographed or recorded.")
    assert clauses.iloc[0]["duties"] == ["prohibition"]
    # a verb with a modal of its own is read by that modal; a possibility stays none
    own, _, _ = tag_text(nlp, "The complaint may not be upheld or may be rejected in part.")
    assert own.iloc[0]["duties"] == ["permission"]
    possible, _, _ = tag_text(nlp, "The decision may not be known for some weeks.")
    assert possible.iloc[0]["duties"] == []



@pytest.mark.parametrize("text, role", [("Officers are not permitted to campaign.", "officer"),
                                        ("Members are never allowed to film a closed session.", "councillor"),
                                        ("Staff hear about the neutrality rules at induction. In short, they are "
                                         "not allowed to take part in any campaign.", "officer")])
def test_who_is_not_permitted_to_act_keeps_the_prohibition_and_the_actor(nlp, text, role):
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.iloc[0]["duties"] == ["prohibition"] and clauses.iloc[0]["roles"] == [role]
    # what is not permitted, with nobody named, is still a prohibition
    bare, _, _ = tag_text(nlp, "Smoking is not allowed in the chamber.")
    assert bare.iloc[0]["duties"] == ["prohibition"] and bare.iloc[0]["roles"] == []


@pytest.mark.parametrize("text, role, duty", [
    ("Members are required not to use jargon in reports.", "councillor", "prohibition"),
    ("Officers are encouraged never to reply in anger.", "officer", "prohibition"),
    ("Members are not required to attend the training.", "councillor", "permission"),
    ("Officers are under no obligation to answer a late request.", "officer", "permission"),
    ("No member is allowed to speak twice on one motion.", "councillor", "prohibition"),
])
def test_a_negation_inside_a_predicate_cue_sets_the_duty_and_keeps_the_actor(nlp, text, role, duty):
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.iloc[0]["roles"] == [role] and clauses.iloc[0]["duties"] == [duty]


def test_unnamed_staffing_terms_with_bare_verb_lines_are_the_committees(nlp):
    text = ("Terms of reference for this committee\n\n"
            "The Town Council has delegated to this Committee the power to settle staff pay and conditions, "
            "dismissal procedures among them;\n\n"
            "Consider and decide collective disputes between the council and the trade union;\n\n"
            "Review the staff training plan each year;\n\n"
            "Functions delegated to the Grievance Sub Committee are listed in the constitution.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    delegated = by_text.iloc[0]
    assert delegated["roles"] == ["personnel_committee"] and delegated["duties"] == ["permission"]
    for line in ("Consider and decide collective disputes between the council and the trade union;",
                 "Review the staff training plan each year;"):
        assert by_text.loc[line, "roles"] == ["personnel_committee"]
    assert by_text.loc["Consider and decide collective disputes between the council and the trade union;",
                       "escalation_targets"] == ["personnel_committee"]
    # an instruction to the reader of a protocol stays the reader's
    protocol, _, _ = tag_text(nlp, "Member and officer protocol\n\nAs an officer, you should raise any concern early.\n\n"
                                   "Keep a note of what was agreed.\n")
    assert protocol.reset_index().set_index("text").loc["Keep a note of what was agreed.", "roles"] != ["committee"]


@pytest.mark.parametrize("text, role", [
    ("The Council has delegated to the Staffing Committee the power to appoint staff.", "personnel_committee"),
    ("The Council delegates to the Clerk the authority to spend up to 500 pounds.", "clerk"),
])
def test_the_body_a_power_is_delegated_to_holds_it(nlp, text, role):
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.iloc[0]["roles"] == [role] and clauses.iloc[0]["duties"] == ["permission"]


def test_a_committee_hearing_appeals_beside_another_remit_is_the_personnel_committee(nlp):
    text = ("Appeals and Standards Committee\n\nTerms of Reference\n\n"
            "i) To act as the appeals panel for employees under the disciplinary procedure;\n\n"
            "ii) To grant dispensations to members.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert all(roles == ["personnel_committee"] for roles in clauses["roles"])


def test_a_terms_of_reference_line_opening_with_a_phrase_is_still_the_bodys(nlp):
    text = ("Appointments Committee\n\nTerms of Reference\n\n1. Acting for the Town Council, to prepare a note "
            "listing:\n\n1.1 the tasks of the job;\n\n2. Where asked, not to discuss candidates outside the "
            "meeting.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("text")
    line = by_text.loc["Acting for the Town Council, to prepare a note listing:"]
    assert line["roles"] == ["personnel_committee"] and line["duties"] == ["obligation"]
    assert by_text.loc["the tasks of the job;", "roles"] == ["personnel_committee"]
    assert by_text.loc["Where asked, not to discuss candidates outside the meeting.", "duties"] == ["prohibition"]


def test_a_line_under_a_role_heading_that_opens_is_to_states_that_roles_duty(nlp):
    text = ("The Chairperson\n\n  • Sits on the council as one of its members and is chosen each May.\n"
            "  • Is to check that every resolution is worded so that the clerk can act on it.\n")
    clauses, _, _ = tag_text(nlp, text)
    rows = clauses.set_index("text")
    duty = rows.loc["Is to check that every resolution is worded so that the clerk can act on it."]
    assert (list(duty["roles"]), list(duty["duties"])) == (["chair"], ["obligation"])
    assert list(rows.loc["Sits on the council as one of its members and is chosen each May."]["duties"]) == []
    # mid-sentence "is to" after an aim stays an aim
    aim, _, _ = tag_text(nlp, "The aim of the panel is to settle each grievance quickly.")
    assert list(aim.iloc[0]["duties"]) == []


def test_a_document_whose_title_names_its_staff_alone_speaks_to_them(nlp):
    """A code or guidance whose title names the council's employees and no other role: its "you" is the officer, as
    a code whose title names members speaks to councillors."""
    text = ("Hospitality Rules for Employees\n\nYou should decline any gift from a firm that bids for council "
            "work.\n\nYou must record every offer of hospitality in the register.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert [r for r in clauses["roles"]] == [["officer"], ["officer"]]
    # a title naming the staff beside the members, a complaint about them, or staff as what it deals with names no
    # single reader
    for title in ("Hospitality Rules for Employees and Councillors", "Complaints about Employees",
                  "Staff Recruitment Procedure"):
        clauses, _, _ = tag_text(nlp, f"{title}\n\nYou should decline any gift from a firm that bids for council "
                                      "work.\n")
        assert clauses.iloc[0]["roles"] != ["officer"], title


def test_a_page_that_speaks_to_complainants_has_no_reader_role_whatever_its_title_names(nlp):
    """A title naming councillors ("Members' conduct") over a page that speaks to whoever complains ("Your complaint
    must …", "Who can you complain about"): its "you" is the complainant, no role; a members' code keeps its reader."""
    text = ("Members' conduct\n\nEvery member of the council must follow the Code of Conduct, which sets out how they "
            "should behave in office and which interests they must declare.\n\nOur conduct complaints process\n\n"
            "Your complaint must be about something a member did while in office. What a person did before being "
            "elected, or after leaving office, cannot be looked at.\n\nWho can you complain about\n\nPlease include "
            "the following details:\n\n  \u2022 the name of the member\n  \u2022 the date of the event\n\n"
            "You can also write to the Monitoring Officer.\n")
    clauses = tag_text(nlp, text)[0].set_index("text")
    assert clauses.loc["Please include the following details:", "roles"] == []
    assert clauses.loc["the name of the member", "roles"] == []
    assert clauses.loc["You can also write to the Monitoring Officer.", "roles"] == []
    code = ("Members' conduct\n\nEvery member must follow the Code of Conduct.\n\nYou should register every gift "
            "within 28 days.\n")
    clauses = tag_text(nlp, code)[0].set_index("text")
    assert clauses.loc["You should register every gift within 28 days.", "roles"] == ["councillor"]


def test_a_reader_named_as_a_council_employee_is_an_officer(nlp):
    text = ("Standards of Conduct\n\nThe public rightly expect high standards. These rules set out what is expected "
            "of you as a council employee.\n\nYou must not use your position for private gain.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.set_index("text").loc["You must not use your position for private gain.", "roles"] == ["officer"]


def test_guidance_given_to_the_councils_officers_speaks_to_them(nlp):
    """A scope naming whom guidance is given to ("guidance to its officers on …") names the readers, though an
    earlier "procedure for dealing with …" names no one."""
    text = ("Gifts and Hospitality\n\nThis page sets out the procedure for dealing with offers. Here is the Council's "
            "guidance to its officers on offers of gifts from suppliers.\n\nYou should refuse cash in any form.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.set_index("text").loc["You should refuse cash in any form.", "roles"] == ["officer"]


def test_a_councils_complaints_procedure_that_sets_code_complaints_aside_is_no_code_procedure(nlp):
    """A parish's own complaints procedure names Code complaints often in the paragraph that sends them elsewhere:
    its other steps (to the Clerk, to the Chair) are no routes to the Monitoring Officer."""
    text = ("Ashcombe Parish Council Complaints Procedure\n\nThe council aims to give a good service to everyone who "
            "lives in or visits the parish. It wants to hear when it falls short, and it learns from what it hears.\n\n(a) Complaints against "
            "councillors. A complaint against a councillor falls under the Code of Conduct; any such complaint is "
            "passed to the Monitoring Officer of the district, who deals with every Code of Conduct complaint.\n\n"
            "(b) Other complaints. Send your complaint to the Clerk, who confirms receipt within a week "
            "and tries to settle it within a fortnight.\n\n(c) If your complaint is about the Clerk, the Chairman will deal "
            "with it instead.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.reset_index().set_index("number")
    assert "monitoring_officer" in by_text.loc["a", "escalation_targets"]
    assert by_text.loc["b", "escalation_targets"] == ["clerk"]
    assert by_text.loc["c", "escalation_targets"] == ["chair"]


def test_a_complaints_page_with_a_general_opening_and_only_code_complaints_is_a_code_procedure(nlp):
    """A page titled only "Complaints" whose first sentences say nothing of whom complaints are about, and whose
    body is all Code complaints, is a Code procedure: only a page that also names complaints about the council's
    services, decisions or staff is the council's own procedure setting Code complaints aside."""
    text = ("Complaints\n\nThis page explains how to make a complaint and what happens next. Please read all of it "
            "before you begin.\n\nA complaint that a councillor has broken the Code of Conduct must be made in "
            "writing. The Monitoring Officer decides whether a complaint about a councillor should be investigated."
            "\n\nWhere a breach of the Code of Conduct may have happened, an investigator is appointed.\n\nThe "
            "investigator's report "
            "will be considered at a hearing of the Standards Sub-Committee.\n")
    clauses, _, _ = tag_text(nlp, text)
    last = "The investigator's report will be considered at a hearing of the Standards Sub-Committee."
    assert clauses.set_index("text").loc[last, "escalation_targets"] == ["monitoring_officer"]
    own = text.replace("Please read all of it before you begin.",
                       "Complaints about the council's services go to the Clerk.")
    clauses, _, _ = tag_text(nlp, own)
    assert clauses.set_index("text").loc[last, "escalation_targets"] == []
    elsewhere = text.replace("Please read all of it before you begin.",
                             "This page is not for complaints about council services.")
    clauses, _, _ = tag_text(nlp, elsewhere)
    assert clauses.set_index("text").loc[last, "escalation_targets"] == ["monitoring_officer"]


def test_a_page_titled_as_complaints_about_elected_and_co_opted_members_is_a_code_complaints_procedure(nlp):
    text = ("Complaints about elected and co-opted members\n\nThe district council decides such complaints for every "
            "parish in its area. It publishes its arrangements each year.\n\nA complaint will not normally go "
            "ahead if it is made more than three months after the events.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["p2", "escalation_targets"] == ["monitoring_officer"]


def test_a_complaints_page_whose_opening_speaks_of_the_subject_member_is_a_code_complaints_procedure(nlp):
    """"The Subject Member" is a party only a Code complaint has: a stage of such a procedure is a route, though its
    opening names no complaint about a councillor in so many words."""
    text = ("Complaints procedure\n\nStage 4: the hearing\n\nHearings are held in public unless the Subject Member "
            "shows good reason for a private session.\n\nThe hearing panel usually meets within two months of the "
            "investigation's end.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.iloc[-1]["escalation_targets"] == ["monitoring_officer"]
    for other in ("the person who complained shows good reason",
                  "a caller who would subject members of staff to abuse shows good reason"):
        clauses, _, _ = tag_text(nlp, text.replace("the Subject Member shows good reason", other))
        assert clauses.iloc[-1]["escalation_targets"] == [], other


@pytest.mark.parametrize(("sentence", "targets"), [
    ("The Independent Person is asked for views whenever a complaint against a member is received.",
     ["monitoring_officer"]),
    ("A resident may complain about the conduct of a co-opted or elected member of this authority.",
     ["monitoring_officer"]),
    # one party among others, or sent elsewhere: no Code complaint
    ("Anyone may make a complaint about a councillor, an officer or a service.", []),
    ("Complaints about councillors are dealt with separately by the district council.", []),
    ("A complaint about a member of our staff is passed to the Clerk.", ["clerk"]),
    # a count is routine reporting, no route
    ("The number of complaints about councillors is reported to the committee each year.", []),
])
def test_a_complaint_against_a_councillor_in_any_sentence_is_a_code_complaint(nlp, sentence, targets):
    # ANNOTATION.md section 4: a complaint that a member broke the Code goes to monitoring_officer wherever it goes
    text = f"Standards\n\nThe council promotes high standards among its members.\n\n{sentence}\n"
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.iloc[-1]["escalation_targets"] == targets


@pytest.mark.parametrize(("sentence", "duties"), [
    ("There shall be no filming of the public gallery.", ["prohibition"]),
    ("There must be no smoking anywhere on council premises.", ["prohibition"]),
    ("There shall be a quorum of three members.", ["obligation"]),
    ("There shall be no fewer than three members present.", ["obligation"]),
])
def test_there_shall_be_no_is_a_prohibition(nlp, sentence, duties):
    clauses, _, _ = tag_text(nlp, sentence)
    assert clauses.iloc[0]["duties"] == duties


def test_the_lines_of_terms_under_a_heading_of_delegated_powers_are_permissions(nlp):
    """"Matters delegated for decision" over "To appoint Directors": what the body may do ("has delegated authority
    to"), not what it must; under a heading of its responsibilities the same lines stay obligations."""
    text = ("Appointments Committee\n\nTerms of Reference\n\nMatters Delegated for Decision\n\nTo appoint the "
            "Directors and agree the terms of their employment.\n\nTo suspend a chief officer while an allegation of misconduct is investigated.\n")
    clauses, tags, _ = tag_text(nlp, text)
    assert [d for d in clauses["duties"]] == [["permission"], ["permission"]]
    duty = tags[(tags["field"] == "duty")].iloc[0]
    assert duty["rule"].endswith("+delegated_heading")
    for heading in ("Delegated Responsibilities", "Matters which cannot be Delegated", "Limits on Delegation"):
        owed = text.replace("Matters Delegated for Decision", heading)
        clauses, _, _ = tag_text(nlp, owed)
        assert [d for d in clauses["duties"]] == [["obligation"], ["obligation"]], heading


@pytest.mark.parametrize("opening", ["The purpose of the Chair of the Licensing and Regulatory Committee is to:",
                                     "The key duties of the Chair of the Licensing and Regulatory Committee are to:"])
def test_the_role_of_a_committees_chair_is_the_chairs_not_the_committees(nlp, opening):
    """As a subject, "the Chair of the Planning Committee" is the chair: so it is in "The purpose of … is to:"."""
    text = f"Licensing Committee Chair: role profile\n\n{opening}\n\n- lead the committee's work;\n\n- chair its meetings fairly.\n"
    clauses, _, _ = tag_text(nlp, text)
    assert [r for r in clauses["roles"]] == [["chair"]] * 3
    # the chair of a personnel committee is both (ANNOTATION.md section 2)
    staffing = text.replace("Licensing and Regulatory Committee", "Personnel Committee")
    clauses, _, _ = tag_text(nlp, staffing)
    assert clauses.iloc[0]["roles"] == ["chair", "personnel_committee"]


def test_instructions_under_a_heading_of_what_not_to_do_are_prohibitions(nlp):
    """"Don't do this" over bullets of instructions: each is a prohibition, as under a "Do not:" lead-in; under
    "Do this" they stay obligations."""
    text = ("Election Period Guidance\n\nDo this\n\n  • Keep all publicity factual.\n  • Treat every candidate "
            "alike.\n\nDon't do this\n\n  • Launch new council projects during the period.\n")
    clauses, tags, _ = tag_text(nlp, text)
    assert [d for d in clauses["duties"]] == [["obligation"], ["obligation"], ["prohibition"]]
    assert tags[(tags["field"] == "duty") & (tags["label"] == "prohibition")]["rule"].str.endswith(
        "+prohibiting_heading").all()
    # the line that says what to do instead keeps its obligation
    instead = text + "  • If in doubt, ask the Clerk before you act.\n"
    clauses, _, _ = tag_text(nlp, instead)
    assert clauses.iloc[-1]["duties"] == ["obligation"]


def test_a_staffing_bodys_lines_on_the_matter_it_takes_route_it_there(nlp):
    """In an investigating committee's terms, "To decide whether the matter can be settled informally" and "To
    authorise an investigation into the matters referred to above" give it the allegation of the line before; a
    general remit ("such matters as the Council delegates") does not."""
    text = ("Terms of Reference of the Investigating and Disciplinary Committee\n\nTo consider any allegation of "
            "misconduct against the Head of Paid Service.\n\nTo authorise an investigation into the matters referred to "
            "above.\n\nTo decide whether the matter can be settled informally or whether there is no case to answer."
            "\n\nTo consider such matters as the Council may delegate to it.\n")
    clauses, _, _ = tag_text(nlp, text)
    by_text = clauses.set_index("text")["escalation_targets"]
    assert by_text["To authorise an investigation into the matters referred to above."] == ["personnel_committee"]
    assert by_text["To decide whether the matter can be settled informally or whether there is no case to "
                   "answer."] == ["personnel_committee"]
    assert by_text["To consider such matters as the Council may delegate to it."] == []
    staffing = ("Staffing Committee - Terms of Reference\n\nTo recruit and appoint the Clerk.\n\nTo set the salaries of "
                "all staff.\n\nTo determine the matters referred to above within the budget.\n\nTo hear any "
                "grievance of a member of staff.\n\nTo deal with the matter of staff car parking.\n\nTo hear the case "
                "for regrading a post.\n")
    by_text = tag_text(nlp, staffing)[0].set_index("text")["escalation_targets"]
    assert by_text["To determine the matters referred to above within the budget."] == []  # (pay and recruitment)
    assert by_text["To deal with the matter of staff car parking."] == []
    assert by_text["To hear the case for regrading a post."] == []


def test_a_committee_page_that_says_what_this_committee_is_responsible_for_is_its_terms(nlp):
    """A committee site's page ("Information about Appointments Sub Committee") whose lead-in says "This
    Committee is responsible for:" over -ing items states that staffing body's functions."""
    text = ("Browse meetings\n\nAppointments Sub Committee\n\nThis page lists the meetings of the committee.\n\n"
            "Information about Appointments Sub Committee\n\nIt has five members and meets when a post at the top of "
            "the council falls vacant.\n\nThis Committee is responsible for:\n\n  • appointing and dismissing "
            "directors and heads of service\n  • setting the pay and grading of chief officers\n")
    clauses, _, _ = tag_text(nlp, text)
    lead_in = clauses.index[clauses["text"] == "This Committee is responsible for:"][0]
    assert all(roles == ["personnel_committee"] for roles in clauses.loc[lead_in:, "roles"])


def test_terms_of_reference_that_name_no_body_are_a_committees(nlp):
    """A page titled only "Terms of Reference" whose lines are functions ("To oversee …") is a committee's terms:
    its lines are the committee's duties. One whose functions are staff matters (discipline, grievances) is not
    called a plain committee's."""
    text = ("TERMS OF REFERENCE\n\n1. To oversee the council's arrangements for high standards of conduct.\n\n2. To "
            "advise the council on its ethical framework.\n\n3. To receive the annual governance statement.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert list(clauses["roles"]) == [["committee"]] * 3
    assert all(duties == ["obligation"] for duties in clauses["duties"])
    staff = text.replace("To receive the annual governance statement.", "To hear staff grievances and disciplinary "
                         "appeals.")
    clauses, _, _ = tag_text(nlp, staff)
    assert "committee" not in clauses["roles"].iloc[0]


@pytest.mark.parametrize("title", ["Mental Health Champion", "Lead Councillor for Adult Social Care",
                                   "Cabinet Member for Housing"])
def test_a_page_describing_a_councillors_office_gives_its_lines_to_the_councillor(nlp, title):
    """A councillor's office named by its cause or portfolio ("Mental Health Champion", "Lead Councillor for …")
    heads a role description when the first role it names is a councillor: its lines are the councillor's duties."""
    text = (f"{title}\n\nA member of the Cabinet is appointed to this role each May.\n\nTo raise the profile of the "
            "issue inside the council and with its partners.\n\nTo keep the Executive informed of developments at "
            "least every quarter.\n")
    clauses, _, _ = tag_text(nlp, text)
    line = clauses.set_index("text").loc["To keep the Executive informed of developments at least every quarter."]
    assert line["roles"] == ["councillor"] and line["duties"] == ["obligation"]


@pytest.mark.parametrize("text", [
    "Wellbeing Champions\n\nOur Wellbeing Champions are employees who offer a listening ear to colleagues.\n\n"
    "To keep the Executive informed of developments at least every quarter.\n",
    "Report of the Cabinet Member for Finance\n\nThe report sets out the budget for next year.\n\n"
    "To keep the Executive informed of developments at least every quarter.\n"])
def test_staff_champions_and_a_cabinet_members_report_describe_no_councillors_office(nlp, text):
    clauses, _, _ = tag_text(nlp, text)
    line = clauses.set_index("text").loc["To keep the Executive informed of developments at least every quarter."]
    assert "councillor" not in line["roles"]


@pytest.mark.parametrize("text", ["This procedure will not apply to disputes about a collective agreement.",
                                  "The policy shall cover agency workers and volunteers.",
                                  "This protocol will not replace the Code of Conduct."])
def test_a_document_saying_what_it_reaches_states_its_scope_not_a_duty(nlp, text):
    clauses, _, _ = tag_text(nlp, f"Grievance Procedure\n\nThis procedure sets out how staff raise concerns.\n\n{text}\n")
    assert clauses.set_index("text").loc[text, "duties"] == []


def test_a_document_that_will_be_applied_or_a_person_who_will_not_apply_keeps_the_duty(nlp):
    clauses, _, _ = tag_text(nlp, "Grievance Procedure\n\nThe policy will be applied fairly and consistently.\n\n"
                                  "Managers will not apply the procedure to their own grievances.\n")
    duties = clauses.set_index("text")["duties"]
    assert duties["The policy will be applied fairly and consistently."] == ["obligation"]
    clauses, _, _ = tag_text(nlp, "Grievance Procedure\n\nThe process must cover every member of staff.\n")
    assert clauses.iloc[0]["duties"] == ["obligation"]
    assert duties["Managers will not apply the procedure to their own grievances."] == ["prohibition"]


def test_untitled_terms_of_reference_about_staff_are_no_plain_committees(nlp):
    """Terms of reference that name no body but whose lines are about the council's staff (the Clerk's appraisal,
    the staff handbook) are not given to a plain committee."""
    text = ("TERMS OF REFERENCE\n\n1. To carry out the Clerk's annual appraisal.\n\n2. To agree the Clerk's training "
            "plan.\n\n3. To review the staff handbook each year.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert not any("committee" in roles for roles in clauses["roles"])
