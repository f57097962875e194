"""Property-based tests of segmentation and tagging on arbitrary and protocol-like text (hypothesis)."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from protocol_analytics.build.documents import english_share
from protocol_analytics.segment import segment_text
from protocol_analytics.segment.frame import clauses_frame
from protocol_analytics.segment.lines import _norm_key

LABELS = yaml.safe_load((Path(__file__).resolve().parents[1] / "protocol_analytics" / "data" / "labels.yaml")
                        .read_text(encoding="utf-8"))
FIELD_VOCAB = {"role": "roles", "duty": "duties", "escalation_target": "escalation_targets", "topic": "topics"}

SEGMENT = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TAGGING = settings(max_examples=15, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# --------------------------------------------------------------------------- strategies

WORDS = ("the council councillors members officers clerk staff should must not may can expect raise "
         "concern with chair committee policy respect courtesy matter employee in writing to of and "
         "a is be work day-to-day capa- bility Staffing Personnel Monitoring Officer grievance").split()
MARKERS = ["1.", "2.", "3.", "1.1", "1.2", "2.1", "2.1.1", "10.4", "(a)", "(b)", "(i)", "(ii)", "(1)", "(2)",
           "a)", "b)", "- ", "• ", "* ", "o ", "i."]
HEADINGS = ["Introduction", "Roles of Members and officers", "RAISING CONCERNS", "9.0 Political Groups",
            "3. Expectations"]
FURNITURE = ["Page 2", "Page 3 of 7", "- 4 -", "12", "Ashcombe Parish Council | Member and Officer Relations",
             "Skip to content", "Accept all cookies", "Contents", "Appendix 1"]
FRONT = ["ASHCOMBE PARISH COUNCIL", "Telephone: 01234 567890", "clerk@ashcombe-pc.gov.uk",
         "Adopted: 12 March 2024", "www.ashcombe-pc.gov.uk", "The Village Hall, Church Lane, Ashcombe AB1 2CD"]

words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join)
sentence = st.builds(lambda w, end: w[:1].upper() + w[1:] + end, words, st.sampled_from([".", ":", ";", "", "?"]))
marked = st.builds(lambda m, s: f"{m} {s}", st.sampled_from(MARKERS), sentence)
indented = st.builds(lambda pad, s: pad + s, st.sampled_from(["", " ", "   ", "\t"]), st.one_of(marked, sentence))


def protocol_lines(furniture: bool) -> st.SearchStrategy[str]:
    pieces = [marked, sentence, indented, st.sampled_from(HEADINGS), st.just(""), st.just("")]
    if furniture:  # page furniture, and contact lines, which go to the metadata wherever they are
        pieces += [st.sampled_from(FURNITURE), st.sampled_from(FRONT)]
    return st.lists(st.one_of(*pieces), min_size=1, max_size=30).map("\n".join)


protocol_text = st.one_of(
    protocol_lines(furniture=True),
    protocol_lines(furniture=True).map(lambda t: t.replace("\n", "\r\n")),  # Windows line ends
    # a document whose line breaks were lost: one long line (split where numbers and bullets start)
    st.lists(st.one_of(marked, sentence, st.sampled_from(HEADINGS)), min_size=2, max_size=40).map(" ".join),
)
clean_protocol_text = protocol_lines(furniture=False)
arbitrary_text = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from(list("\n\n\n\t \r\f-.:;()•1aA")), max_size=400)


# --------------------------------------------------------------------------- invariants


def _squash(text: str) -> str:
    """Text without whitespace or hyphens: what a de-hyphenated clause and its source have in common."""
    return re.sub(r"[\s\-‐‑]+", "", text)


def _is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)


def check_offsets(text: str, seg, strict: bool) -> None:
    for c in seg.clauses:
        assert 0 <= c.char_start <= c.char_end <= len(text), (c.clause_id, c.char_start, c.char_end)
        span = " ".join(text[c.char_start:c.char_end].split())
        if span == c.text:
            continue
        assert not strict, (c.clause_id, span, c.text)
        # de-hyphenation ("capa-\nbility") and page furniture inside the clause's span
        squashed_span, squashed_text = _squash(span), _squash(c.text)
        assert squashed_text and squashed_span.startswith(squashed_text[:1]), (c.clause_id, span, c.text)
        assert _is_subsequence(squashed_text, squashed_span), (c.clause_id, span, c.text)


def check_segmentation(text: str, strict: bool) -> None:
    seg = segment_text(text)
    ids = [c.clause_id for c in seg.clauses]
    assert len(ids) == len(set(ids)), ids
    assert all(ids), ids
    by_id = {c.clause_id: c for c in seg.clauses}
    for c in seg.clauses:
        assert c.text and c.text == " ".join(c.text.split()), repr(c.text)
        if c.parent_id is not None:
            assert c.parent_id in by_id, (c.clause_id, c.parent_id)
            assert ids.index(c.parent_id) < ids.index(c.clause_id)
    check_offsets(text, seg, strict)


# --------------------------------------------------------------------------- segmentation


@SEGMENT
@given(arbitrary_text)
def test_segment_arbitrary_text(text):
    check_segmentation(text, strict=False)


@SEGMENT
@given(protocol_text)
def test_segment_protocol_like_text(text):
    check_segmentation(text, strict=False)


def _no_running_heads(text: str) -> bool:
    """No line repeated three times (segment.py takes such a line for a running header or footer)."""
    keys = Counter(_norm_key(ln) for ln in text.split("\n") if ln.strip())
    return not keys or max(keys.values()) < 3


@SEGMENT
@given(clean_protocol_text.filter(lambda t: not re.search(r"-\s*$", t, re.M)).filter(_no_running_heads))
def test_segment_offsets_exact_without_furniture_or_hyphens(text):
    check_segmentation(text, strict=True)


def test_body_line_repeating_list_items_is_kept():
    text = "1. Intro.\n- Report it.\n- Report it.\n2. Then:\nReport it.\nDone."
    seg = segment_text(text)
    assert [c.text for c in seg.clauses][-1] == "Then: Report it. Done."
    check_offsets(text, seg, strict=True)


@SEGMENT
@given(protocol_text)
def test_segment_is_deterministic_and_english_share_bounded(text):
    a, b = segment_text(text), segment_text(text)
    assert [(c.clause_id, c.text, c.char_start) for c in a.clauses] == \
           [(c.clause_id, c.text, c.char_start) for c in b.clauses]
    assert 0.0 <= english_share(text) <= 1.0


# --------------------------------------------------------------------------- tagging


@pytest.fixture(scope="module")
def nlp():
    from protocol_analytics.nlp import default_nlp

    return default_nlp()


def check_tags(text: str, nlp) -> None:
    from protocol_analytics.tag import tag_document

    seg = segment_text(text)
    frame = clauses_frame(seg, "doc", "Council")
    clauses, tags, statements = tag_document(frame, nlp=nlp, text=text)
    assert len(clauses) == len(frame)
    assert list(clauses["clause_id"]) == list(frame["clause_id"])
    for vocab in FIELD_VOCAB.values():
        valid = set(LABELS[vocab])
        for labels in clauses[vocab]:
            assert set(labels) <= valid, (vocab, labels)
    text_by_id = dict(zip(clauses["clause_id"], clauses["text"]))
    for r in tags.itertuples():
        assert r.field in FIELD_VOCAB, r.field
        assert r.label in LABELS[FIELD_VOCAB[r.field]], (r.field, r.label)
        assert r.clause_id in text_by_id
        if r.span_start >= 0:
            clause_text = text_by_id[r.clause_id]
            assert 0 <= r.span_start <= r.span_end <= len(clause_text), (r.clause_id, r.span_start, r.span_end)
        else:
            assert r.span_end < 0 or r.span_end == r.span_start, (r.span_start, r.span_end)
    if len(statements):
        assert set(statements["clause_id"]) <= set(text_by_id)
        assert set(statements["duty"]) <= set(LABELS["duties"])


@TAGGING
@given(protocol_text)
def test_tagging_protocol_like_text(nlp, text):
    check_tags(text, nlp)


@TAGGING
@given(arbitrary_text)
@example("1. Roles\n\n1.1 Councillors can expect from officers:\n- respect\n- courtesy\n\n"
         "1.2 A Member who is unhappy should raise the matter with the Clerk, then the Chair.")
def test_tagging_arbitrary_text(nlp, text):
    check_tags(text, nlp)


def test_role_evidence_is_the_text_at_its_span(nlp):
    from protocol_analytics.tag import tag_document

    text = "1. Councillors may expect."
    _, tags, _ = tag_document(clauses_frame(segment_text(text), "doc", "Council"), nlp=nlp, text=text)
    clause_text = "Councillors may expect."
    for r in tags[(tags["field"] == "role") & (tags["span_start"] >= 0)].itertuples():
        assert clause_text[r.span_start:r.span_end] == r.evidence, (r.label, r.evidence)
