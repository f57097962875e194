"""Cases that kill mutants the rest of the suite let live (make mutation), in realistic wording."""
from __future__ import annotations

import pytest
import yaml
from spacy.tokens import Doc

from protocol_analytics.errors import RuleFileError, UserError
from protocol_analytics.nlp import make_nlp
from protocol_analytics.nlp.extensions import register_extensions
from protocol_analytics.rules.segmentation import PACKAGED_SEGMENT_RULES, load_segment_rules
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
