"""One-line behaviour changes that once passed the whole suite (issue 13), each pinned by a case here.

Each test was checked by making its change by hand and seeing the test fail: a negated list item that kept
its lead-in's obligation, a lead-in's concern ignored by its items, fewer roles counting as the one who
raises a concern, and the Welsh-language rule of the nation left out. The texts are written for the tests.
"""
from __future__ import annotations

import pytest

from protocol_analytics.analysis.routes import escalation_edges
from protocol_analytics.frontmatter import nation_of
from test_rules import tag_text

# ---------------------------------------------------------------- a negated item of an obligation list

@pytest.mark.slow
def test_a_negated_item_of_an_obligation_list_is_a_prohibition(nlp):
    text = ("Member and Officer Protocol\n\n3. Working with staff\n\n3.1 Councillors should:\n"
            "- treat every member of staff with courtesy;\n"
            "- not discuss an officer's performance at a public meeting;\n"
            "- never ask the Clerk to run personal errands.\n")
    clauses, tags, _ = tag_text(nlp, text)
    assert clauses.loc["3.1.1", "duties"] == ["obligation"]
    for item in ("3.1.2", "3.1.3"):
        assert clauses.loc[item, "duties"] == ["prohibition"], item  # ANNOTATION.md section 3: the item's own "not"
        assert clauses.loc[item, "roles"] == ["councillor"], item
        duty = tags[(tags["clause_id"] == item) & (tags["field"] == "duty")]
        assert duty["inherited_from"].tolist() == ["3.1"]


# ---------------------------------------------------------------- the concern of a lead-in

@pytest.mark.slow
def test_a_lead_in_concern_puts_its_items_routes_in_play(nlp):
    text = ("Member and Officer Protocol\n\n5. Raising concerns\n\n"
            "5.1 If a councillor has a concern about the work of an officer, they should:\n"
            "- speak first to the Town Clerk;\n"
            "- write to the Chairman if the Town Clerk cannot settle it.\n\n"
            "5.2 When a councillor visits the council office, they should:\n"
            "- speak first to the Town Clerk.\n")
    clauses, tags, _ = tag_text(nlp, text)
    assert clauses.loc["5.1.1", "escalation_targets"] == ["clerk"]
    assert clauses.loc["5.1.2", "escalation_targets"] == ["chair"]
    # the same words under a lead-in without a concern are no route
    assert clauses.loc["5.2.1", "escalation_targets"] == []
    evidence = tags[(tags["clause_id"] == "5.1.1") & (tags["field"] == "escalation_target")]
    assert evidence["evidence"].str.contains("Town Clerk").all()


# ---------------------------------------------------------------- who raises a concern

@pytest.mark.slow
@pytest.mark.parametrize("text,source,target", [
    ("The Clerk should raise any concern about a councillor's conduct with the Chairman.", "clerk", "chair"),
    ("A Chairman who has a concern about the Clerk must report it to the Personnel Committee.", "chair",
     "personnel_committee"),
    ("A councillor with a concern about an officer should raise it with the Clerk.", "councillor", "clerk"),
    ("An officer with a concern about a councillor should raise it with the Clerk.", "officer", "clerk"),
])
def test_each_role_that_can_raise_a_concern_starts_a_route(nlp, text, source, target):
    clauses, tags, _ = tag_text(nlp, text)
    edges = escalation_edges(clauses.reset_index(), tags)
    assert list(zip(edges["source"], edges["target"], edges["relation"])) == [(source, target, "first")]


@pytest.mark.slow
def test_a_route_from_a_role_that_raises_nothing_starts_with_anyone(nlp):
    clauses, tags, _ = tag_text(nlp, "The Council will refer any grievance about the Clerk to the Staffing Committee.")
    edges = escalation_edges(clauses.reset_index(), tags)
    assert clauses.iloc[0]["roles"] == ["council"]
    assert list(zip(edges["source"], edges["target"])) == [("anyone", "personnel_committee")]


# ---------------------------------------------------------------- the nation of a Welsh council

@pytest.mark.parametrize("lines,body,nation", [
    # Welsh-language lines name no domain and no "Cyngor"
    (["Amdanom ni", "Croeso i wefan y cynghorwyr", "Cysylltu"], "", "Wales"),
    (["Member and Officer Protocol"], "Polisi ar gyfer y clerc a'r cynghorwyr. Croeso i bawb.", "Wales"),
    (["Pentreuchaf Community Council", "Member and Officer Protocol"], "", "Wales"),
    (["clerk@pentreuchaf.wales"], "", "Wales"),
    (["Guidance from gov.wales on local councils"], "", "Wales"),
    (["Llywodraeth Leol"], "", "Wales"),
    (["clerk@glenfarrow-cc.scot"], "", "Scotland"),
    # English text with a few words that are also Welsh is not Welsh
    (["Ashcombe Parish Council", "a protocol for the clerk"], "Councillors and officers work as a team.", ""),
])
def test_nation_from_the_document(lines, body, nation):
    assert nation_of(lines, body=body) == nation
