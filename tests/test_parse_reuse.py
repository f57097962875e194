"""A clause text met before is not parsed again (nlp/reuse.py): its Doc is new, with its own document's state,
and the tags are those of a build that parses every clause."""
from __future__ import annotations

import pandas as pd
import pytest

from protocol_analytics.build import Settings, build
from protocol_analytics.io import read_table
from protocol_analytics.nlp import PIPE_BATCH
from protocol_analytics.nlp.reuse import ATTRS, ParseMemo, pipe_clauses
from protocol_analytics.tag import clause_docs

pytestmark = pytest.mark.slow

SHARED = "2.1 If the matter is not settled, the employee may take the grievance to the Panel."
# a grievance procedure that calls its staffing committee "the Panel", and a relations protocol that copied one of
# its clauses word for word
GRIEVANCE = f"""Hillford Parish Council

Grievance Procedure

1. Purpose
1.1 This procedure lets an employee raise a concern about their work.
1.2 The Staffing Committee ("the Panel") hears appeals. An employee who is unhappy should first speak to the
Clerk informally.

2. Formal stage
{SHARED}
2.2 The Staffing Committee will hear the grievance within 20 working days.
"""
RELATIONS = f"""Marsh End Town Council

Protocol on Member and Officer Relations

1. Purpose
1.1 This protocol describes how councillors and officers work together.
1.2 Councillors must treat officers with respect.

2. Concerns
{SHARED}
2.2 A councillor with a concern about an officer should raise it with the Clerk.
"""
FILES = {"hillford-grievance.txt": GRIEVANCE, "marsh-end-relations.txt": RELATIONS}
SHARED_TEXT = SHARED.split(" ", 1)[1]


def _rows(text: str, council: str) -> list[dict]:
    return [{"text": SHARED_TEXT, "council": council}, {"text": "The Clerk will reply within ten days.",
                                                         "council": council}]


def test_a_repeated_text_gets_a_new_doc_with_its_own_document_and_the_same_parse(nlp):
    memo = ParseMemo(nlp)
    grievance = clause_docs(_rows(GRIEVANCE, "Hillford Parish Council"), nlp, GRIEVANCE)
    relations = clause_docs(_rows(RELATIONS, "Marsh End Town Council"), nlp, RELATIONS)
    docs = list(memo.pipe(nlp, grievance + relations, PIPE_BATCH))
    assert (memo.misses, memo.hits) == (2, 2)  # each text parsed once
    first, again = docs[0], docs[2]
    assert first is not again and first.user_data is not again.user_data
    assert first._.pa_procedure == "grievance_procedure" and again._.pa_procedure is None
    assert [role for role, _ in first._.pa_aliases].count("personnel_committee") > \
        [role for role, _ in again._.pa_aliases].count("personnel_committee")
    parsed = next(nlp.pipe(clause_docs(_rows(RELATIONS, "Marsh End Town Council"), nlp, RELATIONS)[:1]))
    assert (again.to_array(list(ATTRS)) == parsed.to_array(list(ATTRS))).all()
    assert [t.dep_ for t in again] == [t.dep_ for t in parsed] and list(again.sents)[0].text == SHARED_TEXT
    assert repr(again._.pa_escalations) == repr(parsed._.pa_escalations)
    assert repr(again._.pa_statements) == repr(parsed._.pa_statements)
    # "the Panel" is the staffing committee, a route for the grievance, in one document only
    assert [h.target for h in first._.pa_escalations] == ["personnel_committee"] and not again._.pa_escalations
    assert [m.role for m in first._.pa_mentions] != [m.role for m in again._.pa_mentions]


@pytest.mark.parametrize("texts, rows", [(1, 1000), (50, 8)])
def test_a_memo_keeps_at_most_its_bounds_and_parses_a_text_let_go_again(nlp, texts, rows):
    memo = ParseMemo(nlp, texts=texts, rows=rows)
    texts = ["The Clerk will reply.", "Members must declare an interest.", "The Clerk will reply."]
    docs = list(memo.pipe(nlp, clause_docs([{"text": t} for t in texts], nlp, " ".join(texts)), PIPE_BATCH))
    assert len(memo.texts) == 1 and len(memo.row_ids) <= max(rows, 6)
    assert memo.misses + memo.hits == 3 and 0 < memo.memory() < 100_000
    fresh = list(nlp.pipe(clause_docs([{"text": t} for t in texts], nlp, " ".join(texts))))
    for doc, parsed in zip(docs, fresh):
        assert (doc.to_array(list(ATTRS)) == parsed.to_array(list(ATTRS))).all()


def test_a_pipeline_without_our_components_is_run_as_it_is(nlp):
    import spacy

    blank = spacy.blank("en")
    assert [d.text for d in pipe_clauses(blank, [blank.make_doc("A b.")], PIPE_BATCH)] == ["A b."]


def _build(tmp_path, name: str, files: dict, reuse: bool = True) -> dict[str, pd.DataFrame]:
    raw, out = tmp_path / f"raw-{name}", tmp_path / f"out-{name}"
    raw.mkdir()
    for file, text in files.items():
        (raw / file).write_text(text, encoding="utf-8")
    build(raw, out, settings=Settings(reuse_parses=reuse), jobs=1, use_cache=False, progress=False)
    return {t: read_table(t, out) for t in ("clauses", "tags", "statements", "escalation_edges")}


def _of(table: pd.DataFrame, council: str) -> pd.DataFrame:
    return table[table["council"] == council].reset_index(drop=True)


def test_two_documents_sharing_a_clause_are_tagged_as_each_alone(tmp_path, nlp):
    from protocol_analytics.nlp.reuse import parse_memo

    memo = parse_memo(nlp)
    hits = memo.hits
    together = _build(tmp_path, "both", FILES)
    assert memo.hits > hits  # (the shared clause's parse reused)
    hits = memo.hits
    unshared = _build(tmp_path, "both-parsed", FILES, reuse=False)
    assert memo.hits == hits  # (nothing reused with reuse off)
    alone = {council: _build(tmp_path, file, {file: text})
             for file, text, council in zip(FILES, FILES.values(), ("Hillford Parish Council", "Marsh End Town Council"))}
    for council, tables in alone.items():
        for name, table in tables.items():
            pd.testing.assert_frame_equal(_of(together[name], council), _of(table, council))
            pd.testing.assert_frame_equal(_of(unshared[name], council), _of(table, council))
    # the shared clause: the same text, tagged by its own document
    clauses = together["clauses"].set_index("council")
    shared = clauses[clauses["text"] == SHARED_TEXT]
    assert len(shared) == 2
    assert list(shared.loc["Hillford Parish Council", "escalation_targets"]) != \
        list(shared.loc["Marsh End Town Council", "escalation_targets"])
