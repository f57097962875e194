"""Literal prefilters: a pattern is skipped only where it cannot match."""
from __future__ import annotations

import copy
import json
import pickle
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocol_analytics.rules import literals
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


# ------------------------------------------------------------------ kept between processes (a build's cache)


def _load_counting(rule_file: Path, folder: Path, patterns: list[str], monkeypatch) -> tuple[list, int]:
    """The prefilters of ``patterns`` asked for while ``rule_file`` loads in a fresh process (nothing known
    yet), with the cache ``folder``; and how many patterns had their parse trees read."""
    monkeypatch.setattr(literals, "_KNOWN", {})
    parsed = []
    real = literals._read_literals
    monkeypatch.setattr(literals, "_read_literals", lambda p, f: parsed.append(p) or real(p, f))
    with literals.kept_in(folder), literals.kept_for(rule_file):
        found = [required_literals(re.compile(p, re.I)) for p in patterns]
    return found, len(parsed)


KEPT_PATTERNS = ["(?:personnel|staffing) panel", r"mutual (?:respect|trust)", r"\w+\s\d+"]
EXPECTED = [frozenset({"personnel", "staffing"}), frozenset({"mutual "}), None]


def test_prefilters_kept_by_one_process_are_read_back_by_the_next(tmp_path, monkeypatch):
    rules, folder = tmp_path / "rules.yaml", tmp_path / "cache"
    rules.write_text("patterns: [a, b]\n", encoding="utf-8")
    assert _load_counting(rules, folder, KEPT_PATTERNS, monkeypatch) == (EXPECTED, 3)
    assert [p.name.split("-")[0] for p in folder.iterdir()] == ["rules"]
    assert _load_counting(rules, folder, KEPT_PATTERNS, monkeypatch) == (EXPECTED, 0)  # none parsed again
    # a pattern the kept entry does not hold is read and kept too
    assert _load_counting(rules, folder, [*KEPT_PATTERNS, "clerk"], monkeypatch) == ([*EXPECTED, {"clerk"}], 1)
    assert _load_counting(rules, folder, [*KEPT_PATTERNS, "clerk"], monkeypatch)[1] == 0


def test_kept_prefilters_are_not_used_once_the_rule_file_changes(tmp_path, monkeypatch):
    rules, folder = tmp_path / "rules.yaml", tmp_path / "cache"
    rules.write_text("patterns: [a, b]\n", encoding="utf-8")
    _load_counting(rules, folder, KEPT_PATTERNS, monkeypatch)
    before = list(folder.iterdir())
    rules.write_text("patterns: [a, b, c]\n", encoding="utf-8")
    assert _load_counting(rules, folder, KEPT_PATTERNS, monkeypatch) == (EXPECTED, 3)
    after = list(folder.iterdir())
    assert len(after) == 1 and after != before  # the entry of the old bytes replaced, not kept beside it


def test_kept_prefilters_are_not_used_once_the_code_changes(tmp_path, monkeypatch):
    rules, folder = tmp_path / "rules.yaml", tmp_path / "cache"
    rules.write_text("patterns: [a, b]\n", encoding="utf-8")
    _load_counting(rules, folder, KEPT_PATTERNS, monkeypatch)
    code = tmp_path / "literals.py"
    code.write_bytes(Path(literals.__file__).read_bytes() + b"\n# edited\n")
    monkeypatch.setattr(literals, "__file__", str(code))
    assert _load_counting(rules, folder, KEPT_PATTERNS, monkeypatch) == (EXPECTED, 3)


@pytest.mark.parametrize("kept", [b"\x00not json", b'{"a": 1}', b"[[1, 2, 3]]", b'[["x", 2, [""]]]',
                                  b'[["(?:personnel|staffing) panel", 34, []]]', b""])
def test_a_corrupt_kept_file_is_ignored_and_replaced(tmp_path, monkeypatch, kept):
    rules, folder = tmp_path / "rules.yaml", tmp_path / "cache"
    rules.write_text("patterns: [a, b]\n", encoding="utf-8")
    _load_counting(rules, folder, KEPT_PATTERNS, monkeypatch)
    (path,) = folder.iterdir()
    path.write_bytes(kept)
    assert _load_counting(rules, folder, KEPT_PATTERNS, monkeypatch) == (EXPECTED, 3)
    assert _load_counting(rules, folder, KEPT_PATTERNS, monkeypatch) == (EXPECTED, 0)  # written again, whole


def test_a_kept_entry_stands_only_for_its_own_pattern_and_flags(tmp_path, monkeypatch):
    rules, folder = tmp_path / "rules.yaml", tmp_path / "cache"
    rules.write_text("patterns: [a, b]\n", encoding="utf-8")
    _load_counting(rules, folder, ["clerk"], monkeypatch)
    (path,) = folder.iterdir()
    path.write_text(json.dumps([["clerk", int(re.compile("clerk", re.I).flags), ["chair"]]]), encoding="utf-8")
    assert _load_counting(rules, folder, ["clerk"], monkeypatch)[0] == [{"chair"}]  # (what was kept is read)
    assert _load_counting(rules, folder, ["clerks"], monkeypatch) == ([{"clerks"}], 1)
    monkeypatch.setattr(literals, "_KNOWN", {})
    with literals.kept_in(folder), literals.kept_for(rules):
        assert required_literals(re.compile("clerk")) == {"clerk"}  # other flags: not the kept entry


def test_without_a_folder_nothing_is_kept_and_a_folder_that_cannot_be_written_costs_nothing(tmp_path, monkeypatch):
    rules = tmp_path / "rules.yaml"
    rules.write_text("patterns: [a, b]\n", encoding="utf-8")
    with literals.kept_in(None), literals.kept_for(rules):
        assert required_literals(KEPT_PATTERNS[0]) == EXPECTED[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rules.yaml"]
    blocked = tmp_path / "file"
    blocked.write_text("")  # (a file where the folder would be)
    assert _load_counting(rules, blocked / "cache", KEPT_PATTERNS, monkeypatch) == (EXPECTED, 3)


def _sorted(found: frozenset | None) -> list[str]:
    return sorted(found) if found is not None else ["(none)"]


def test_the_packaged_rule_files_load_the_same_prefilters_kept_or_not(tmp_path, monkeypatch):
    from protocol_analytics.rules import lexicon, taxonomy

    fresh_lexicon = lexicon._read(lexicon.DEFAULT_LEXICON).literals
    fresh_topics = [t.literals for t in taxonomy._read(taxonomy.DEFAULT_TAXONOMY)]
    for _ in range(2):  # kept, then read back
        monkeypatch.setattr(literals, "_KNOWN", {})
        with literals.kept_in(tmp_path):
            lexicon._load.cache_clear()
            taxonomy._load.cache_clear()
            lex, topics = lexicon.load_lexicon(), taxonomy.load_taxonomy()
        assert sorted(map(_sorted, lex.literals.values())) == sorted(map(_sorted, fresh_lexicon.values()))
        assert [t.literals for t in topics] == fresh_topics
    assert sorted(p.name.split("-")[0] for p in tmp_path.iterdir()) == ["lexicon.v1", "topics.v1"]
    lexicon._load.cache_clear()
    taxonomy._load.cache_clear()


def _compile_in_process(rule_file: Path, folder: Path, pattern: str, flags: int, monkeypatch):
    """``pattern`` compiled by compile_rule while ``rule_file`` loads in a fresh process, its prefilter asked for."""
    monkeypatch.setattr(literals, "_KNOWN", {})
    with literals.kept_in(folder), literals.kept_for(rule_file):
        compiled = literals.compile_rule(pattern, flags)
        required_literals(compiled)
    return compiled


def test_a_pattern_compiled_from_the_same_bytes_before_is_compiled_when_first_used(tmp_path, monkeypatch):
    rules, folder = tmp_path / "rules.yaml", tmp_path / "cache"
    rules.write_text("patterns: [a, b]\n", encoding="utf-8")
    pattern, text = r"(?<![\w-])(?:(?:personnel|staffing) (?P<what>panel|committee))", "The Staffing Panel and a personnel committee"
    first = _compile_in_process(rules, folder, pattern, re.I, monkeypatch)
    assert isinstance(first, re.Pattern)  # nothing kept yet: compiled now
    lazy = _compile_in_process(rules, folder, pattern, re.I, monkeypatch)
    assert isinstance(lazy, literals.LazyPattern) and "search" not in vars(lazy)  # not compiled yet
    compiled = re.compile(pattern, re.I)
    assert lazy == compiled and compiled == lazy and (lazy.pattern, lazy.flags) == (compiled.pattern, compiled.flags)
    assert len({lazy, literals.LazyPattern(pattern, compiled.flags)}) == 1
    assert [m.span("what") for m in lazy.finditer(text)] == [m.span("what") for m in compiled.finditer(text)]
    assert "search" in vars(lazy)  # compiled once, on first use
    assert lazy.search(text).group(0) == "Staffing Panel" and lazy.match(text) is None
    assert lazy.sub("x", text) == compiled.sub("x", text) and lazy.groupindex == compiled.groupindex
    assert required_literals(lazy) == required_literals(compiled)
    copied = pickle.loads(pickle.dumps(lazy))
    assert isinstance(copied, re.Pattern) and copied == compiled and copy.deepcopy(lazy) == compiled
    # another rule file's bytes: compiled at once, and a pattern that does not compile still raises
    rules.write_text("patterns: [a, b, c]\n", encoding="utf-8")
    assert isinstance(_compile_in_process(rules, folder, pattern, re.I, monkeypatch), re.Pattern)
    with pytest.raises(re.error):
        _compile_in_process(rules, folder, "(unclosed", re.I, monkeypatch)
    with literals.kept_in(None), literals.kept_for(rules):  # no cache folder: compiled at once
        assert isinstance(literals.compile_rule(pattern, re.I), re.Pattern)


def test_a_rebuild_compiles_the_packaged_rule_files_patterns_when_first_used(tmp_path, monkeypatch):
    from protocol_analytics.rules import lexicon, taxonomy

    for kept in (False, True):  # a build keeps the prefilters; the next one's processes read them back
        monkeypatch.setattr(literals, "_KNOWN", {})
        with literals.kept_in(tmp_path):
            lexicon._load.cache_clear()
            taxonomy._load.cache_clear()
            lex, topics = lexicon.load_lexicon(), taxonomy.load_taxonomy()
        patterns = [p for t in topics for p in t.patterns] + [c.pattern for c in lex.cues]
        assert all(isinstance(p, literals.LazyPattern) if kept else isinstance(p, re.Pattern) for p in patterns)
        assert lex == lexicon._read(lexicon.DEFAULT_LEXICON) and topics == taxonomy._read(taxonomy.DEFAULT_TAXONOMY)
    lexicon._load.cache_clear()
    taxonomy._load.cache_clear()


LITERALS = sorted({s for _, _, _, lit in TOPIC_PATTERNS for s in lit or ()} | {" - ", "’s ", "2.", "café", "ß"})


def test_an_index_finds_the_literals_every_test_finds_in_real_protocols():
    """LiteralIndex.present is ``{s for s in literals if s in text}``, with literals of several words, of part
    of a word, without a word character, and texts whose words it has seen before and not."""
    index = literals.LiteralIndex(LITERALS)
    texts = [fold(s) for s in _sentences()] + ["", " - ", "the council’s ", "strasse straße", "café-bar", "2.1"]
    assert len(texts) > 1000
    for text in texts + texts:  # (the second time from the words it keeps)
        assert index.present(text) == {s for s in LITERALS if s in text}, text


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="abcdeéß .-’'\n", max_size=40), st.lists(st.text(alphabet="abcdeéß .-’'", min_size=1,
                                                                           max_size=6), min_size=1, max_size=8))
def test_an_index_finds_exactly_the_literals_a_text_holds(text, found):
    assert literals.LiteralIndex(found).present(fold(text)) == {s for s in found if s in fold(text)}


def test_an_index_is_made_once_per_loaded_rule_file():
    from protocol_analytics.rules.lexicon import load_lexicon

    cues = load_lexicon().cues
    assert literals.index_of(cues) is literals.index_of(cues)
    assert literals.index_of(cues).literals == tuple(sorted({s for c in cues for s in c.literals or ()}))
    assert literals.index_of(tuple(cues)[:3]) is not literals.index_of(cues)


def test_a_rebuild_compiles_the_segmentation_rules_when_first_used_and_segments_the_same(tmp_path, monkeypatch):
    from protocol_analytics.rules import segmentation
    from protocol_analytics.segment import segment_text

    text = "Protocol on Member and Officer Relations\n\n1. Introduction\n\nMembers must treat officers with respect.\n"
    fresh = segmentation.load_segment_rules()
    for kept in (False, True):  # a build keeps the patterns it compiled; the next one's processes read them back
        monkeypatch.setattr(literals, "_KNOWN", {})
        with literals.kept_in(tmp_path):
            rules = segmentation.load_segment_rules()
        assert isinstance(rules.furniture, literals.LazyPattern) == kept and rules == fresh
        assert segment_text(text, rules=rules) == segment_text(text, rules=fresh)
    assert sorted(p.name.split("-")[0] for p in tmp_path.iterdir()) == ["segmentation.v1"]
    with literals.kept_in(None):  # no folder (build --no-cache): nothing parsed for a prefilter
        monkeypatch.setattr(literals, "_read_literals", lambda p, f: pytest.fail("parsed"))
        assert isinstance(segmentation.load_segment_rules().furniture, re.Pattern)
