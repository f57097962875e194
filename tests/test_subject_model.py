"""The learned document subject: its features, its choice where the title rules find none, the roles and
evidence it gives at run time, its files, and its training."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from protocol_analytics.candidate_model import CandidateModel
from protocol_analytics.errors import RuleFileError
from protocol_analytics.nlp.rules import document_subject
from protocol_analytics.rules.lexicon import load_lexicon
from protocol_analytics.subject_model import (
    SUBJECT_ROLES,
    candidate_features,
    document_features,
    learned_subject,
    load_subject_model,
    model_for_lexicon,
    resolved_subject,
)

ROOT = Path(__file__).resolve().parents[1]
LEX = load_lexicon()

# invented pages whose titles name no role in a layout the title rules read
MAYOR_PAGE = ("The Civic Head of Exampleton\n\n"
              "The Mayor, chosen every May by the councillors from their own number, is the borough's civic head "
              "for the year.\n\nMain tasks in the year of office:\n\n"
              "To take the chair at the Council's own meetings\n"
              "To represent the borough at civic and ceremonial events\n"
              "To welcome visiting guests on behalf of residents\n")
CANDIDATES_PAGE = ("Information for residents thinking of standing for election\n\n"
                   "Councillors are elected for four years to represent their ward. They attend meetings of the "
                   "council and its committees, take part in decisions on local services, and help residents with "
                   "problems.\n\n"
                   "Represent the views of the ward at council meetings\n"
                   "Hold surgeries or other contact points for residents\n"
                   "Take part in training offered by the council\n")
# a member/officer protocol: about several roles, no one role's description
PROTOCOL = ("Protocol on Relations between Members and Officers\n\n"
            "1. Introduction\n\n1.1 This protocol sets out how councillors and officers should work together.\n\n"
            "2. Councillors\n\n2.1 Councillors should not give instructions to officers other than through the "
            "proper channels.\n\n3. Officers\n\n3.1 Officers will give impartial advice to all members.\n\n"
            "3.2 Concerns about an officer should be raised with the Chief Executive.\n")


def tagged(nlp, text, subject_model="lexicon"):
    from protocol_analytics.segment import segment_text
    from protocol_analytics.segment.frame import clauses_frame
    from protocol_analytics.tag import tag_document

    frame = clauses_frame(segment_text(text), "doc", "Exampleton Borough Council")
    clauses, tags, _ = tag_document(frame, nlp=nlp, text=text, topic_model=None, role_model=None,
                                    subject_model=subject_model)
    return clauses.set_index("text"), tags


@pytest.mark.parametrize("text, role", [(MAYOR_PAGE, "chair"), (CANDIDATES_PAGE, "councillor")])
def test_the_model_names_the_role_a_page_describes_where_the_title_rules_find_none(text, role):
    model = load_subject_model()
    assert document_subject(text, LEX) is None
    found = learned_subject(text, LEX, model)
    assert found is not None and found.role == role and found.probability >= model.threshold
    assert found.rule.startswith(f"subject_model.v1:{role}:p=")
    assert resolved_subject(text, LEX, model) == (role, found)


def test_a_protocol_about_several_roles_gets_no_learned_subject():
    assert resolved_subject(PROTOCOL, LEX, load_subject_model()) == (None, None)


def test_the_rules_subject_stands_without_the_model():
    terms = "Staffing Committee - Terms of Reference\n\nTo appoint the Clerk\nTo agree the pay of staff\n"
    model = CandidateModel("subject_model.test", {}, np.zeros(0), 10.0)  # sure of every role
    assert resolved_subject(terms, LEX, model) == ("personnel_committee", None)
    assert resolved_subject(MAYOR_PAGE, LEX, None) == (None, None)
    assert resolved_subject(MAYOR_PAGE, LEX, CandidateModel("m", {}, np.zeros(0), 10.0, mode="rules")) == (None, None)


def test_candidate_features_say_where_the_role_is_named_and_conjoin_the_page_with_the_role():
    doc = document_features("Town Clerk Protocol\n\nThe Clerk is the council's proper officer.\n", LEX)
    clerk, chair = candidate_features("clerk", doc), candidate_features("chair", doc)
    assert {"in_title", "title_first", "open_first", "most", "clerk&in_title", "clerk|t:clerk", "clerk|t2:town_clerk"} <= set(clerk)
    assert "in_title&t:clerk" in clerk and "n:0" in chair and "in_title" not in chair
    assert not any(f.startswith("in_title&h:") for f in clerk)  # opening words only with the role


@pytest.mark.slow
def test_lines_that_name_no_one_take_the_learned_subject_with_the_models_evidence(nlp):
    clauses, tags = tagged(nlp, MAYOR_PAGE)
    line = "To represent the borough at civic and ceremonial events"
    assert "chair" in clauses.loc[line, "roles"]
    rules = tags[(tags.field == "role") & (tags.label == "chair") & tags.rule.str.contains("subject_model.v1:chair:p=")]
    assert not rules.empty
    alone, _ = tagged(nlp, MAYOR_PAGE, subject_model=None)
    assert "chair" not in alone.loc[line, "roles"]


def test_the_packaged_lexicon_names_the_packaged_model_and_a_lexicon_can_turn_it_off(tmp_path):
    packaged = model_for_lexicon(LEX)
    assert packaged is not None and packaged.name == "subject_model.v1" and 0.5 <= packaged.threshold < 1
    assert packaged.meta["cross_validation"]["by_threshold"]
    text = (ROOT / "protocol_analytics/data/lexicon.v1.yaml").read_text(encoding="utf-8")
    off = tmp_path / "lexicon.yaml"
    off.write_text(text.replace("subject_model: subject_model.v1", "subject_model: none"), encoding="utf-8")
    assert model_for_lexicon(load_lexicon(off)) is None
    with pytest.raises(RuleFileError, match="no packaged subject model named 'subject_model.v9'"):
        load_subject_model("subject_model.v9")


def test_training_learns_a_subject_from_titles_and_chooses_a_threshold_out_of_fold():
    pytest.importorskip("sklearn")
    from protocol_analytics.subject_training import CodedPage, choice, cross_validate, fit

    def page(n, title, subject):
        text = f"{title}\n\nThe page explains what happens in the post.\n\nAttend meetings\nRead the papers\n"
        doc = document_features(text, LEX)
        return CodedPage(f"real-new/gold-batch{n % 5}", f"p{n}", text, subject, None,
                         tuple(candidate_features(r, doc) for r in SUBJECT_ROLES))

    pages = [page(n, *[("Being a ward councillor", "councillor"), ("Working for the council", None),
                       ("Our civic mayor", "chair")][n % 3]) for n in range(30)]
    model = fit(pages, 10.0, 1)
    assert choice(model, page(99, "Being a ward councillor", None))[0] == "councillor"
    assert choice(model, page(98, "Our civic mayor", None))[0] == "chair"
    report = cross_validate(pages, 5, 10.0, 1)
    best = report["by_threshold"][str(report["threshold"])]
    assert best["right"] == 20 and best["wrong"] == 0 and best["false"] == 0


def test_a_list_item_naming_meetings_is_no_record_title_but_notes_of_a_meeting_are():
    from protocol_analytics.subject_model import titled_as_record

    profile = ("Cllr Jo Bright\n\nLeader, Exampleton Borough Council\n\n"
               "Jo has led the council since May, after six years representing Millbrook ward.\n\n"
               "- Set the priorities of the council for the year\n- Chair Cabinet meetings\n"
               "- Speak for the borough at regional bodies\n")
    notes = ("Notes of the Staffing Panel, 4 March\n\nThree councillors attended. The panel heard two appeals.\n\n"
             "1. To agree the pay award for all staff.\n\n2. To approve the new job description of the Clerk.\n")
    assert not titled_as_record(profile, LEX)
    assert titled_as_record(notes, LEX)
    assert resolved_subject(notes, LEX, CandidateModel("m", {}, np.zeros(0), 10.0)) == (None, None)
