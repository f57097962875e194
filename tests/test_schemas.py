"""schemas.validate: rows that already have their columns' kinds are checked without pandera and come back as
pandera would return them; every other frame goes to pandera, which coerces it or refuses it as before."""
from __future__ import annotations

import pandas as pd
import pytest

from protocol_analytics import schemas
from protocol_analytics.errors import SchemaError


@pytest.mark.parametrize("name", sorted(set(schemas.TABLES) - {"errors"}))
def test_conforming_rows_come_back_as_pandera_returns_them(built, name):
    from protocol_analytics.io import read_table

    df = read_table(name, built)
    assert len(df), name
    text = [c for c, spec in schemas.TABLES[name].columns.items() if spec.kind == "str"]
    for frame in (df, df.astype({c: object for c in text})):  # text as pandas' string type, and as Python objects
        checked = schemas.conforming(schemas.TABLES[name], frame[list(schemas.TABLES[name].columns)])
        assert checked is not None, name
        pd.testing.assert_frame_equal(checked, schemas.pandera_schema(name).validate(frame, lazy=True),
                                      check_exact=True)
        pd.testing.assert_frame_equal(schemas.validate(name, frame), checked, check_exact=True)


def _clauses() -> pd.DataFrame:
    row = {"doc_id": "d1", "council": "Ashby Parva Parish Council", "clause_id": "2.1", "parent_id": None,
           "number": "2.1", "section": "2 Meetings", "section_number": "2", "section_title": "Meetings", "level": 0,
           "is_lead_in": False, "lead_in": "", "text": "Members must not record closed sessions.",
           "char_start": 10, "char_end": 52, "roles": ["councillor"], "duties": ["prohibition"],
           "escalation_targets": [], "topics": ["meeting_conduct"]}
    second = {**row, "clause_id": "2.2", "parent_id": "2", "char_start": 53, "char_end": 90,
              "text": "The Clerk may refuse such a request."}
    return pd.DataFrame([row, second], columns=list(schemas.CLAUSES.columns))


def test_rows_that_need_coercing_are_coerced_by_pandera_as_before():
    df = _clauses().astype({"level": str, "char_start": float})  # "0", 10.0: numbers written otherwise
    assert schemas.conforming(schemas.CLAUSES, df) is None
    out = schemas.validate("clauses", df)
    assert out["level"].tolist() == [0, 0] and str(out["level"].dtype) == "int64"
    assert out["char_start"].tolist() == [10, 53] and str(out["char_start"].dtype) == "int64"


@pytest.mark.parametrize("break_it, problem", [
    (lambda df: df.assign(text=["Members must not record closed sessions.", None]), "text"),
    (lambda df: df.assign(level=[0, -1]), "level"),
    (lambda df: df.assign(clause_id=["2.1", "2.1"]), "clause_id"),
    (lambda df: df.assign(roles=[["councillor"], "clerk"]), "roles"),
    (lambda df: df.assign(topics=[["meeting_conduct"], [3]]), "topics"),
])
def test_rows_that_break_a_check_are_refused_with_pandera_s_words(break_it, problem):
    df = break_it(_clauses())
    assert schemas.conforming(schemas.CLAUSES, df) is None
    with pytest.raises(SchemaError, match=problem) as caught:
        schemas.validate("clauses", df)
    assert "table 'clauses' failed its schema check" in str(caught.value)


def test_a_value_outside_a_column_s_set_is_refused():
    edges = pd.DataFrame([{"council": "Ashby Parva Parish Council", "doc_id": "d1", "clause_id": "4.2",
                           "source": "officer", "target": "line_manager", "step": 1, "relation": "next",
                           "evidence": "Raise it with your line manager."}], columns=list(schemas.ESCALATION_EDGES.columns))
    assert schemas.conforming(schemas.ESCALATION_EDGES, edges) is None
    with pytest.raises(SchemaError, match="relation"):
        schemas.validate("escalation_edges", edges)


def test_the_parquet_types_and_list_columns_follow_the_declaration():
    from protocol_analytics.io import list_columns

    fields = {f.name: str(f.type) for f in schemas.arrow_schema("clauses")}
    assert fields["level"] == "int64" and fields["is_lead_in"] == "bool" and fields["roles"] == "list<item: string>"
    assert fields["parent_id"] == "string" and schemas.arrow_schema("clauses").field("parent_id").nullable
    assert not schemas.arrow_schema("clauses").field("level").nullable
    assert list_columns("coverage") == ["clause_ids"]
    assert list_columns("clauses") == ["roles", "duties", "escalation_targets", "topics"]


@pytest.mark.parametrize("change", [
    lambda df: df.assign(text=pd.Series(["Members must not record closed sessions.", None], dtype=object)),
    lambda df: df.assign(number=pd.Series(["2.1", 2], dtype=object)),  # a number among the text
    lambda df: df.assign(is_lead_in=[1, 0]),
    lambda df: pd.concat([df, df[["text"]]], axis=1),  # a column given twice
])
def test_rows_not_of_their_kinds_are_left_to_pandera(change):
    df = change(_clauses())
    assert schemas.conforming(schemas.CLAUSES, df[list(schemas.CLAUSES.columns)]) is None
    try:
        expected = schemas.pandera_schema("clauses").validate(df[list(schemas.CLAUSES.columns)], lazy=True)
    except Exception:
        with pytest.raises(SchemaError):
            schemas.validate("clauses", df)
    else:
        pd.testing.assert_frame_equal(schemas.validate("clauses", df), expected, check_exact=True)


def test_a_column_that_must_be_unique_is_checked():
    documents = pd.DataFrame([{c: "x" for c in schemas.DOCUMENTS.columns}] * 2).assign(
        council_source="manifest", n_clauses=1, n_words=3)
    assert schemas.conforming(schemas.DOCUMENTS, documents) is None
    with pytest.raises(SchemaError, match="doc_id"):
        schemas.validate("documents", documents)
    documents = documents.assign(doc_id=["d1", "d2"], alignment=None).drop(columns="alignment")
    assert schemas.conforming(schemas.DOCUMENTS, documents) is not None


def test_decimal_columns_are_coerced_by_pandera():
    alignment = pd.DataFrame([{"doc_id": "d1", "council": "A", "clause_id": "1", "rank": 1, "other_doc_id": "d2",
                               "other_council": "B", "other_clause_id": "1", "similarity": 1, "relation": "same",
                               "text": "Members must not record.", "other_text": "Members must not record."}])
    assert schemas.conforming(schemas.ALIGNMENT, alignment) is None  # (a whole number where a decimal goes)
    assert str(schemas.validate("alignment", alignment)["similarity"].dtype) == "float64"
