"""Literal prefilters: a pattern is skipped only where it cannot match."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocol_analytics.rules.literals import fold, may_match, required_literals
from protocol_analytics.rules.taxonomy import load_taxonomy

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
HOLDOUTS = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize("pattern,expected", [
    ("personnel committee", {"personnel committee"}),
    ("(?:personnel|staffing) committee", {" committee"}),  # the longest literal every match has
    ("(?:personnel|staffing) panel", {"personnel", "staffing"}),  # any of a branch's, when they are longer
    ("mutual (?:respect|trust)", {"mutual "}),
    (r"(?:a |timely )?(?:reply|response|respond)\w* (?:to|within)", {"ply", "sponse", "spond"}),  # re factors "re" out
    (r"\btrust\b", {"trust"}),
    (r"advocates?\b", {"advocate"}),
    (r"(?:ab)+cd|x", {"ab", "x"}),
    (r"Monitoring\s+Officer", {"monitoring"}),
    (r"\w+ing", {"ing"}),
    (r"\w+\s\d+", None),
    (r"(?:the )?clerk|\w+", None),  # one branch needs no literal: nothing is required
    (r"(?:chair)?", None),
])
def test_required_literals(pattern, expected):
    found = required_literals(re.compile(pattern, re.I))
    assert (set(found) if found is not None else None) == expected


def test_no_literal_means_the_pattern_always_runs():
    assert may_match(None, "")
    assert not may_match(frozenset({"clerk"}), fold("The Chairman decides."))
    assert may_match(frozenset({"clerk"}), fold("The CLERK decides."))


def _sentences():
    files = sorted(RAW.glob("*.txt")) + sorted(HOLDOUTS.glob("holdout*/*"))
    for path in files:
        if path.is_file():
            yield from re.split(r"(?<=[.;:!?])\s+|\n", path.read_text(encoding="utf-8", errors="replace"))


TOPIC_PATTERNS = [(t.id, n, p, lit) for t in load_taxonomy() for n, (p, lit) in enumerate(zip(t.patterns, t.literals))]


def test_every_packaged_topic_pattern_has_a_prefilter():
    assert all(lit for _, _, _, lit in TOPIC_PATTERNS)


def test_prefilter_never_hides_a_match_in_real_protocols():
    sentences = [s for s in _sentences() if s.strip()]
    assert len(sentences) > 500
    hidden = [(tid, n, s) for s in sentences for tid, n, p, lit in TOPIC_PATTERNS
              if p.search(s) and not may_match(lit, fold(s))]
    assert hidden == []


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much], deadline=None)
@given(data=st.data())
def test_every_string_a_topic_pattern_matches_contains_one_of_its_literals(data):
    _, _, pattern, literals = data.draw(st.sampled_from(TOPIC_PATTERNS))
    inner = pattern.pattern.removeprefix(r"(?<![\w-])")  # hypothesis cannot generate for look-behinds
    text = data.draw(st.from_regex(re.compile(inner, pattern.flags)))
    assert may_match(literals, fold(text)), (pattern.pattern, text)


# ------------------------------------------------------------------ the lexicon's patterns (Lexicon.may_match)

def _lexicon_patterns():
    from protocol_analytics.rules.lexicon import load_lexicon

    lex = load_lexicon()
    return lex, [p for p in lex.__dict__.values() if isinstance(p, re.Pattern)] + [
        x[1] for v in lex.__dict__.values() if isinstance(v, tuple) for x in v
        if isinstance(x, tuple) and isinstance(x[-1], re.Pattern)]


def test_every_lexicon_pattern_has_a_prefilter_and_none_hides_a_match_in_real_protocols():
    lex, patterns = _lexicon_patterns()
    assert len(patterns) > 60 and all(id(p) in lex.literals for p in patterns)
    sentences = [s for s in _sentences() if s.strip()]
    hidden = [(p.pattern[:60], s) for s in sentences for p in patterns
              if p.search(s) and not lex.may_match(p, fold(s))]
    assert hidden == []
    roles = dict(lex.roles)
    assert not lex.may_match(roles["clerk"], fold("The Chairman decides."))  # a prefilter that filters
    assert lex.may_match(re.compile("not one of the lexicon's"), "")  # any other pattern is always tried


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much], deadline=None)
@given(data=st.data())
def test_every_string_a_lexicon_pattern_matches_passes_its_prefilter(data):
    lex, patterns = _lexicon_patterns()
    pattern = data.draw(st.sampled_from(patterns))
    inner = re.sub(r"^\(\?<!\[\\w-\]\)|\(\?!\[\\w-\]\)$", "", pattern.pattern)  # (no look-arounds for hypothesis)
    text = data.draw(st.from_regex(re.compile(inner, pattern.flags)))
    assert lex.may_match(pattern, fold(text)), (pattern.pattern, text)
