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
