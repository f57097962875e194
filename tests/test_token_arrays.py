"""The rules' token walks read from arrays (nlp/token_arrays.py) keep the tokens a walk over every token keeps."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from protocol_analytics.nlp.rules import _MODAL_WORDS, SUBJECT_DEPS, _semi_modal_verb
from protocol_analytics.nlp.token_arrays import (
    DEP_COL,
    POS_COL,
    forget_columns,
    ids,
    lemmas_with,
    sentence_modals,
    token_columns,
    tokens_from_char,
    tokens_with,
    words,
)
from protocol_analytics.rules.lexicon import load_lexicon

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
HOLDOUTS = Path(__file__).resolve().parent / "data"
LEX = load_lexicon()


def _clauses(limit: int = 1500) -> list[str]:
    files = sorted(RAW.glob("*.txt")) + sorted(HOLDOUTS.glob("holdout*/*"))
    found = [c.strip() for path in files if path.is_file()
             for c in re.split(r"\n\s*\n|\n(?=\s*(?:\d+\.|\(?[a-z]\)|[•-]))", path.read_text(encoding="utf-8", errors="replace"))
             if c.strip()]
    return found[:limit]


@pytest.fixture(scope="module")
def docs(nlp):
    return list(nlp.pipe(_clauses() + ["", "Need not attend.", "May 2023: the will of the council", "You need to: "]))


def test_the_columns_are_the_tokens_own_attributes(docs):
    for doc in docs:
        dep, tag, pos, lower, lemma, idx = token_columns(doc)
        assert [(t.dep, t.tag, t.pos, t.lex.lower, t.lemma, t.idx) for t in doc] == list(zip(dep, tag, pos, lower, lemma, idx))
        assert token_columns(doc) is token_columns(doc)  # (read once)


def test_label_ids_are_the_ids_the_arrays_hold(docs):
    seen = {(t.dep_, t.dep) for doc in docs for t in doc} | {(t.pos_, t.pos) for doc in docs for t in doc} | {
        (t.tag_, t.tag) for doc in docs for t in doc}
    for label, value in seen:
        assert ids([label]) == {value}, label


def test_the_tokens_kept_are_those_a_walk_over_every_token_keeps(docs):
    subject_ids, pairs = ids(SUBJECT_DEPS), ids(("advcl", "conj"))
    verbs = ids(("VERB",))
    n_modals = 0
    for doc in docs:
        assert [t.i for t in tokens_with(doc, DEP_COL, subject_ids)] == [t.i for t in doc if t.dep_ in SUBJECT_DEPS]
        assert lemmas_with(doc, POS_COL, verbs) == [t.lemma_ for t in doc if t.pos_ == "VERB"]
        for sent in doc.sents:
            assert [t.i for t in tokens_with(sent, DEP_COL, pairs)] == [t.i for t in sent if t.dep_ in ("advcl", "conj")]
            walked = [t.i for t in sent if t.tag_ == "MD" or t.lower_ in _MODAL_WORDS or _semi_modal_verb(t, LEX) is not None]
            kept = [t.i for t in sentence_modals(sent, LEX, _MODAL_WORDS)]
            assert set(walked) <= set(kept) and kept == sorted(kept)  # (the loop's own test then drops the others)
            assert kept == [t.i for t in sent if t.tag_ == "MD" or t.lower_ in _MODAL_WORDS or (
                t.lemma_.lower() in LEX.semi_modals and t.pos_ in ("VERB", "AUX") and t.tag_ not in ("MD", "VBD"))]
            n_modals += len(kept)
            for a in range(sent.start_char - 2, sent.end_char + 2, 7):
                for width in (0, 5, 40):
                    assert [t.i for t in tokens_from_char(sent, a, a + width)] == \
                        [t.i for t in sent if a <= t.idx <= a + width]
        for start in range(-1, len(doc) + 2, 3):
            for end in (start, start + 1, start + 3):
                assert words(doc, max(0, start), min(len(doc), end)) == \
                    [t.lower_ for t in doc[max(0, start): min(len(doc), end)]]
    assert n_modals > 100  # (the clauses hold modals and semi-modals to test)


def test_columns_are_read_again_once_forgotten(nlp):
    doc = nlp("The Clerk must reply.")
    before = token_columns(doc)
    doc[2].tag_ = "NN"
    forget_columns(doc)
    assert token_columns(doc) is not before and token_columns(doc)[1][2] == doc[2].tag
