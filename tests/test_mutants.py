"""Cases that kill mutants the rest of the suite let live (make mutation), in realistic wording."""
from __future__ import annotations

import re
import textwrap

import pytest
import spacy
import yaml
from spacy.tokens import Doc

from protocol_analytics.errors import RuleFileError, UserError
from protocol_analytics.nlp import make_nlp
from protocol_analytics.nlp.attributes import AttributeLookup
from protocol_analytics.nlp.extensions import register_extensions
from protocol_analytics.nlp.rules import role_description_subject
from protocol_analytics.rules.lexicon import load_lexicon
from protocol_analytics.rules.literals import typographic
from protocol_analytics.rules.segmentation import PACKAGED_SEGMENT_RULES, load_segment_rules
from protocol_analytics.rules.taxonomy import load_taxonomy
from protocol_analytics.segment import segment_text
from protocol_analytics.topics import match_topic
from test_rules import tag_text

# ---------------------------------------------------------------- tagging

@pytest.mark.slow
def test_expectation_topics_come_from_expectations_only(nlp):
    text = ("1. Expectations\n\n1.1 Officers can expect from councillors:\n- courtesy at all times;\n\n"
            "1.2 Councillors must treat officers with courtesy.\n")
    clauses, tags, _ = tag_text(nlp, text)
    assert "expectations_of_councillors" in clauses.loc["1.1", "topics"]
    assert "expectations_of_councillors" in clauses.loc["1.1.1", "topics"]
    assert "expectations_of_councillors" not in clauses.loc["1.2", "topics"]  # an obligation is no expectation
    topic = tags[tags["label"] == "expectations_of_councillors"]
    assert set(topic["field"]) == {"topic"} and set(topic["clause_id"]) == {"1.1", "1.1.1"}
    assert topic["rule"].str.endswith(":from_expectation").all()


@pytest.mark.slow
def test_what_a_statement_aims_at_includes_an_open_complement(nlp):
    _, _, statements = tag_text(nlp, "Members should try to resolve disagreements informally.")
    st = statements.iloc[0]
    assert (st["aim"], st["object"]) == ("try", "to resolve disagreements informally")


@pytest.mark.slow
def test_a_commitment_to_avoid_is_a_prohibition(nlp):
    for text in ("Officers will avoid discussing party politics with councillors.",
                 "Officers will always avoid discussing party politics with councillors."):
        clauses, _, _ = tag_text(nlp, text)
        assert (clauses.iloc[0]["roles"], clauses.iloc[0]["duties"]) == (["officer"], ["prohibition"]), text


@pytest.mark.slow
def test_the_committee_at_a_sentence_start_is_the_one_committee_named(nlp):
    text = ("1. Bodies\n\n1.1 The Staffing Committee meets every month.\n\n"
            "1.2 The Committee must publish its minutes.\n")
    clauses, _, _ = tag_text(nlp, text)
    assert clauses.loc["1.2", "roles"] == ["personnel_committee"]


@pytest.mark.slow
@pytest.mark.parametrize("text,role,targets", [
    ("The Clerk May then speak at the meeting.", "clerk", []),
    ("The Clerk May generally refer the matter to the Chairman.", "clerk", ["chair"]),
])
def test_a_modal_taken_for_the_month_is_read_past_any_adverb(nlp, text, role, targets):
    # the tagger reads a capitalised "May" as the month's name; the verb it governs comes after an adverb
    clauses, _, statements = tag_text(nlp, text)
    assert (clauses.iloc[0]["roles"], clauses.iloc[0]["duties"]) == ([role], ["permission"])
    assert clauses.iloc[0]["escalation_targets"] == targets
    assert statements["deontic"].tolist() == ["May"]


@pytest.mark.slow
def test_the_person_in_each_of_two_joined_conditions_acts_in_a_passive_duty(nlp):
    # the parser hangs the second "if" clause on the first one (a conjunct), not on the main verb
    text = ("If a councillor has a concern about an officer or if an officer is the one who is aggrieved, "
            "the matter must be reported to the Chairman.")
    clauses, _, statements = tag_text(nlp, text)
    assert clauses.iloc[0]["roles"] == ["councillor", "officer"]
    assert statements.iloc[0]["role"] == "councillor;officer"


@pytest.mark.slow
def test_a_phrase_cue_explained_once_still_counts_later_in_the_sentence(nlp):
    # "are entitled to expect" is taken by the earlier cue; the second "can expect" is still an expectation
    text = ("Councillors are entitled to expect courtesy from officers, and officers can expect the same "
            "courtesy from councillors.")
    clauses, _, statements = tag_text(nlp, text)
    assert "expectation" in clauses.iloc[0]["duties"]
    assert "can expect" in statements["deontic"].tolist() and "can" not in statements["deontic"].tolist()


@pytest.mark.slow
def test_a_negation_with_a_typographic_apostrophe_belongs_to_the_modal(nlp):
    _, _, statements = tag_text(nlp, "Officers mustn’t discuss a councillor’s private affairs.")
    assert statements[["deontic", "duty", "role"]].values.tolist() == [["must n’t", "prohibition", "officer"]]


# ---------------------------------------------------------------- the pipeline's set-up

def test_extensions_are_registered_again_when_missing():
    names = ["pa_aliases", "pa_procedure"]
    for name in names:
        Doc.remove_extension(name)
    register_extensions()
    assert all(Doc.has_extension(name) and Doc.get_extension(name)[0] is None for name in names)


def test_a_missing_model_is_a_coded_error():
    with pytest.raises(UserError, match="en_no_such_model_xyz' is not installed") as info:
        make_nlp("en_no_such_model_xyz")
    assert info.value.code == "PA057"


# ---------------------------------------------------------------- rule files with a broken pattern

def test_a_segmentation_word_list_that_does_not_compile_is_named(tmp_path):
    data = yaml.safe_load(PACKAGED_SEGMENT_RULES.read_text(encoding="utf-8"))
    data["chapter_words"] = ["chapter", "(?i)annex"]  # each word compiles, the alternation does not
    path = tmp_path / "segmentation.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(RuleFileError, match="chapter_words: pattern"):
        load_segment_rules(path)


# ---------------------------------------------------------------- where the body starts

def test_a_bracketed_number_heading_starts_the_body_after_the_title():
    seg = segment_text("Ashcombe Parish Council\nMember and Officer Protocol\n\n(1) Introduction\n\n"
                       "(a) This protocol guides the working relationship between councillors and the Clerk.\n\n"
                       "(b) It applies to co-opted members too.\n")
    assert seg.front_matter == ["Ashcombe Parish Council", "Member and Officer Protocol"]
    assert seg.headings == ["1 Introduction"]
    assert [(c.clause_id, c.section_title) for c in seg.clauses] == [("1.a", "Introduction"), ("1.b", "Introduction")]


def test_a_heading_followed_by_bracketed_clauses_belongs_to_the_body():
    # short clauses: neither prose nor long enough to start the body on their own account
    seg = segment_text("Member and Officer Protocol\n\nPurpose\n\n(1) Councillors must be courteous.\n\n"
                       "(2) Officers must stay impartial.\n")
    assert seg.front_matter == ["Member and Officer Protocol"]
    assert [(c.clause_id, c.section_title) for c in seg.clauses] == [("1", "Purpose"), ("2", "Purpose")]


# ---------------------------------------------------------------- the attribute look-up

@pytest.mark.parametrize("index", [1, -2])
def test_an_attribute_rule_pointing_outside_its_match_is_refused(index):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add(patterns=[[{"LOWER": "clerk"}]], attrs={"POS": "PROPN"}, index=index)
    lookup = AttributeLookup(nlp.vocab).load_from_ruler(ruler)
    doc = Doc(nlp.vocab, words=["The", "Clerk", "will", "reply", "."])
    with pytest.raises(IndexError, match=f"token {index} of a 1-token match"):
        lookup(doc)
    assert [t.pos_ for t in doc] == [""] * 5  # no neighbouring word was given the attributes


# ---------------------------------------------------------------- rule files: case and apostrophes

def test_a_topic_pattern_matches_whatever_the_case(tmp_path):
    path = tmp_path / "checklist.yaml"
    path.write_text("topics:\n  - id: gifts\n    patterns: ['gifts? and hospitality']\n", encoding="utf-8")
    (topic,) = load_taxonomy(path)
    sentence = "GIFTS AND HOSPITALITY offered to an officer must be entered in the register."
    assert match_topic(topic, [(0, sentence)])[:3] == (0, 21, "GIFTS AND HOSPITALITY")


def test_an_apostrophe_in_a_character_class_takes_the_typographic_form_too():
    pattern = typographic(r"the clerk[’' ]s [\w' ]+ duties")
    assert re.fullmatch(pattern, "the clerk’s day’s duties") and re.fullmatch(pattern, "the clerk's day's duties")


# ---------------------------------------------------------------- whose lines a role description has

@pytest.mark.parametrize("title,role", [("The Mayor –", "chair"), ("Mayor - Deputy Mayor", "chair"),
                                        ("Town Clerk -", "clerk")])
def test_a_title_naming_one_office_and_a_dash_describes_that_office(title, role):
    text = f"{title}\n\nTo prepare the agenda of each meeting.\n\nTo sign the approved minutes.\n"
    assert role_description_subject(text, load_lexicon()) == role


# ---------------------------------------------------------------- statements that are no duty

@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "This policy describes how the Council deals with complaints so that members will know what to expect.",
    "This protocol sets out how complaints are dealt with, because officers will want to know.",
    "This leaflet explains how the Clerk handles complaints so that they will be resolved quickly.",
])
def test_a_will_in_a_clause_hanging_on_a_described_procedure_is_no_duty(nlp, text):
    # the modal's verb is an adverbial clause of the "how" clause the document describes
    clauses, _, statements = tag_text(nlp, text)
    assert statements.empty and clauses.iloc[0]["duties"] == []


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "There will be a short break halfway through each meeting.",
    "It will not be appropriate to hold a meeting without a quorum.",
])
def test_a_will_be_stating_a_fact_is_no_duty(nlp, text):
    clauses, _, statements = tag_text(nlp, text)
    assert statements.empty and clauses.iloc[0]["duties"] == []


# ---------------------------------------------------------------- evidence without a span

@pytest.mark.slow
def test_evidence_inherited_or_derived_has_no_span(nlp):
    text = ("1. Working together\n\n"
            "1.1 Officers can expect from councillors:\n- courtesy at all times;\n- respect for their impartiality.\n\n"
            "1.2 Individual councillors have no authority to direct staff, and so must not:\n"
            "- ask an officer to change professional advice;\n- set an officer's daily tasks.\n\n"
            "1.3 A councillor with a complaint about the Clerk should raise it with the Chairman.\n\n"
            "1.4 The Chairman must sign the minutes once they are approved.\n")
    _, tags, _ = tag_text(nlp, text)
    kind = tags["rule"].str.extract(r"(inherit\.\w+|:from_\w+)", expand=False)
    without = tags[kind.notna()]
    assert set(zip(without["field"], kind.dropna())) == {
        ("duty", "inherit.expectation"), ("role", "inherit.expectation"), ("duty", "inherit.lead_in"),
        ("role", "inherit.lead_in"), ("topic", "inherit.lead_in"), ("topic", ":from_expectation"),
        ("topic", ":from_target"), ("topic", ":from_role")}
    assert (without["span_start"] == -1).all() and (without["span_end"] == -1).all()
    assert (tags.loc[kind.isna(), "span_start"] >= 0).all()


# ---------------------------------------------------------------- headings and wrapped lines

_WRAPPED_INTRO = textwrap.fill(
    "Councillors and officers of the parish council work together to serve the people of the parish, and each "
    "of them brings different skills and a different role to that shared work. This protocol describes how they "
    "should treat each other and what each of them can expect from the other side.", 72)
_WRAPPED_ADVICE = textwrap.fill(
    "Officers give councillors impartial advice, whatever the political views of those who ask for it, and "
    "councillors respect that impartiality in what they say and in what they ask officers to do.", 72)


def test_a_heading_over_a_four_word_line_of_wrapped_text_is_a_heading():
    seg = segment_text(f"Member and Officer Protocol\n\n{_WRAPPED_INTRO}\n\nImpartiality\n"
                       f"Officers stay politically neutral.\n{_WRAPPED_ADVICE}\n")
    assert seg.headings == ["Member and Officer Protocol", "Impartiality"]
    assert [(c.section_title, c.text[:30]) for c in seg.clauses[1:]] == [
        ("Impartiality", "Officers stay politically neut"), ("Impartiality", "Officers give councillors impa")]


def test_a_line_ending_in_a_plus_sign_runs_on():
    seg = segment_text("Member and Officer Protocol\n\n1. Purpose\n\nCouncillors, officers +\n"
                       "Co-opted members must all follow this protocol.\n\n2. Conduct\n\nOfficers must stay impartial.\n")
    assert seg.headings == ["1 Purpose", "2 Conduct"]
    assert [(c.section_title, c.text) for c in seg.clauses] == [
        ("Purpose", "Councillors, officers + Co-opted members must all follow this protocol."),
        ("Conduct", "Officers must stay impartial.")]
