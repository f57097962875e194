"""The model's rule lemmatizer with its answers kept (component ``pa_lemma_memo``).

spaCy's rule lemmatizer works a token's lemma out from its text, part of speech and morphology, and nothing
else (its lookup tables are fixed once loaded). It keeps what it works out only for the words its rules
change: a base form (a singular noun, an infinitive, a positive adjective: most tokens) is read again from
the token's morphology every time, at a Python call and a dictionary of features a token. :class:`LemmaMemo`
asks the lemmatizer once per (text, part of speech, morphology) and reads its answer back from the token
arrays for every other token like it: the same lemmas (``tests/test_attributes.py`` checks it against the
model's own lemmatizer) in about a third of the time (0.13 s against 0.35 s for 300 protocols' 180,000 tokens).

A word the rules do change is worked out by :func:`rule_lemma`: spaCy's own steps, with its index of known base
forms (a list of 57,000 nouns, searched word by word for every candidate form) read as a set. That search was
nine tenths of the memo's time (about 100 µs a new word).
"""
from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token

_KEPT = 1 << 17  # (text, part of speech, morphology) answers kept before they are forgotten and asked again


class LemmaMemo:
    """A rule lemmatizer's output, from its answer for the first token of each text, part of speech and
    morphology; tokens that already have a lemma keep it (as the lemmatizer leaves them unless it overwrites)."""

    def __init__(self, name: str, lemmatizer=None):
        self.name = name
        self.lemmatizer = lemmatizer
        self.kept: dict[tuple[int, int, int], int] = {}
        self._tables: dict[str, tuple] = {}  # part of speech -> its tables, the index as a set (rule_lemma)
        self._base_forms: dict[tuple[int, int], bool] = {}  # (part of speech, morphology) -> a base form?

    def __call__(self, doc: Doc) -> Doc:
        lemmatizer = self.lemmatizer
        if lemmatizer is None or not len(doc):
            return doc
        if lemmatizer.overwrite:  # (no model we ship overwrites; this one is asked as spaCy would ask it)
            return lemmatizer(doc)
        if not lemmatizer._validated:  # (its tables checked as it checks them on its first document)
            lemmatizer._validate_tables(Errors.E1004)
        orths, poses, morphs, before = doc.to_array([ORTH, POS, MORPH, LEMMA]).T.tolist()
        if 0 not in before:
            return doc  # (every token has its lemma already)
        kept, strings = self.kept, doc.vocab.strings
        get = kept.get
        lemmas = [lemma or get(key) for lemma, key in zip(before, zip(orths, poses, morphs))]
        for i, lemma in enumerate(lemmas):
            if lemma is None:  # (a text, part of speech and morphology not asked about yet)
                key = (orths[i], poses[i], morphs[i])
                lemma = kept.get(key)
                if lemma is None:
                    lemma = strings.add(self.lemma(doc[i]))
                    if len(kept) >= _KEPT:
                        kept.clear()
                    kept[key] = lemma
                lemmas[i] = lemma
        doc.from_array([LEMMA], numpy.asarray(lemmas, dtype=numpy.uint64))
        return doc

    def lemma(self, token: Token) -> str:
        """The lemmatizer's lemma of ``token`` (the first of its lemmas)."""
        lemmatizer = self.lemmatizer
        if type(lemmatizer).rule_lemmatize is not Lemmatizer.rule_lemmatize or \
                getattr(lemmatizer.lemmatize, "__func__", None) is not Lemmatizer.rule_lemmatize:
            return lemmatizer.lemmatize(token)[0]  # (a lemmatizer of its own kind: asked as it is)
        return rule_lemma(lemmatizer, token, self._tables, self._base_forms)


# is_base_form implementations that read the token's part of speech and morphology and nothing else
_BASE_FORM_TESTS = (EnglishLemmatizer.is_base_form, Lemmatizer.is_base_form)


def rule_lemma(lemmatizer: Lemmatizer, token: Token, tables: dict[str, tuple],
               base_forms: dict[tuple[int, int], bool] | None = None) -> str:
    """``lemmatizer.rule_lemmatize(token)[0]``, the same steps, with the index of base forms of the token's part
    of speech as a set: ``tables`` keeps each part of speech's tables (empty at first), ``base_forms`` the
    lemmatizer's ``is_base_form`` per part of speech and morphology (when that is all it reads). Tokens with no
    part of speech are left to the lemmatizer itself (its warning for them included). (The lemmatizer's cache
    holds only the words its rules changed: a base form, or a token without a part of speech, is never in it.)"""
    univ_pos = token.pos_.lower()
    if univ_pos in ("", "eol", "space"):
        return lemmatizer.lemmatize(token)[0]
    if base_forms is not None and type(lemmatizer).is_base_form in _BASE_FORM_TESTS:
        key = (token.pos, token.morph.key)
        base = base_forms.get(key)
        if base is None:
            base = base_forms[key] = lemmatizer.is_base_form(token)
    else:
        base = lemmatizer.is_base_form(token)
    if base:
        return token.text.lower()
    cached = lemmatizer.cache.get((token.orth, token.pos, token.morph.key))
    if cached is not None:
        return cached[0]
    found = tables.get(univ_pos)
    if found is None:
        index = lemmatizer.lookups.get_table("lemma_index", {}).get(univ_pos)
        exc = lemmatizer.lookups.get_table("lemma_exc", {}).get(univ_pos)
        rules = lemmatizer.lookups.get_table("lemma_rules", {}).get(univ_pos)
        found = tables[univ_pos] = (bool(index or exc or rules), frozenset(index or ()), exc or {}, rules or [])
    any_table, index, exceptions, rules = found
    string = token.text
    if not any_table:
        return string if univ_pos == "propn" else string.lower()
    orig, string = string, string.lower()
    forms, oov_forms = [], []
    for old, new in rules:
        if string.endswith(old):
            form = string[: len(string) - len(old)] + new
            if not form:
                pass
            elif form in index:
                forms.insert(0, form)
            elif not form.isalpha():
                forms.append(form)
            else:
                oov_forms.append(form)
    forms = list(dict.fromkeys(forms))
    for form in exceptions.get(string, []):
        if form not in forms:
            forms.insert(0, form)
    return (forms or oov_forms or [orig])[0]


@Language.factory("pa_lemma_memo")
def make_lemma_memo(nlp: Language, name: str):
    return LemmaMemo(name)


def replace_lemmatizer(nlp: Language, name: str = "lemmatizer") -> bool:
    """Put a ``pa_lemma_memo`` around ``nlp``'s rule lemmatizer in its place. False if there is none, or it is
    not a rule lemmatizer (a lookup lemmatizer reads the token's text alone, already fast)."""
    if name not in nlp.pipe_names or getattr(nlp.get_pipe(name), "mode", None) != "rule":
        return False
    memo = nlp.add_pipe("pa_lemma_memo", before=name)
    memo.lemmatizer = nlp.get_pipe(name)
    nlp.remove_pipe(name)
    return True
