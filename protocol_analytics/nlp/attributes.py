"""The model's attribute ruler as hash look-ups (component ``pa_attribute_lookup``).

spaCy's ``attribute_ruler`` maps fine-grained tags to POS and morphology, with exceptions for words
("'s" after a noun, "whom" …). It runs a ``Matcher`` over every token for its ~180 patterns and was
the slowest part of our pipeline after the neural layers. Nearly all its patterns are conjunctions of
exact attribute values (TAG, LOWER, DEP, IS_SPACE; IN lists; NOT_IN and REGEX tests beside them), so
they can be found by dictionary look-ups on the token's attribute hashes. :class:`AttributeLookup` does that, applies the rules' attributes in the
ruler's own order (later rules win), and leaves patterns it cannot turn into look-ups (operators, a
token with no exact value) to a ``Matcher`` of its own, so its output is the ruler's (``tests/test_attributes.py``).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import product
from operator import itemgetter

from spacy.attrs import intify_attr
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

_ALIASES = {"TEXT": "ORTH"}


@dataclass(frozen=True)
class TokenTest:
    """One token of a pattern: exact values (any of a set, for IN) on some attributes, plus NOT_IN and
    REGEX tests on others."""
    keys: tuple[int, ...]
    values: tuple[tuple[int, ...], ...]  # every allowed combination of the keys' values
    not_in: tuple[tuple[int, frozenset[int]], ...] = ()
    regex: tuple[tuple[int, re.Pattern], ...] = ()


def _value_id(value, vocab) -> int | None:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        return vocab.strings.add(value)
    return value if isinstance(value, int) else None


def token_test(spec: dict, vocab) -> TokenTest | None:
    """The test of a token pattern, or None when it has an operator or a predicate other than IN, NOT_IN
    and REGEX, or neither an exact value nor a regex."""
    exact: dict[int, list[int]] = {}
    not_in, regex = [], []
    for key, value in spec.items():
        key = _ALIASES.get(key.upper(), key.upper())
        attr = intify_attr(key) if key != "OP" else None
        if attr is None:
            return None
        if isinstance(value, dict):
            if set(value) == {"IN"} and isinstance(value["IN"], list):
                ids = [_value_id(v, vocab) for v in value["IN"]]
            elif set(value) == {"NOT_IN"} and isinstance(value["NOT_IN"], list):
                ids = [_value_id(v, vocab) for v in value["NOT_IN"]]
                if None in ids:
                    return None
                not_in.append((attr, frozenset(ids)))
                continue
            elif set(value) == {"REGEX"} and isinstance(value["REGEX"], str):
                regex.append((attr, re.compile(value["REGEX"])))
                continue
            else:
                return None
        else:
            ids = [_value_id(value, vocab)]
        if None in ids or not ids:
            return None
        exact[attr] = ids
    if not exact and not regex:
        return None
    keys = tuple(sorted(exact))
    return TokenTest(keys, tuple(product(*(exact[k] for k in keys))), tuple(not_in), tuple(regex))


class AttributeLookup:
    """An ``attribute_ruler`` compiled to look-ups. Empty until :meth:`load_from_ruler`."""

    def __init__(self, vocab, name: str = "pa_attribute_lookup"):
        self.name = name
        self.vocab = vocab
        self.attrs: list[dict] = []
        self.indices: list[int] = []
        self.columns: tuple[int, ...] = ()
        # per set of attributes a first token tests exactly: (getter of those columns, {values: [(rule, checks)]})
        self.tables: list[tuple[itemgetter, dict]] = []
        self.scans: list[tuple] = []  # rules whose first token has no exact value (a regex): tried on every token
        self.residual = Matcher(vocab)
        self.n_residual = 0
        self._starting: dict[tuple[int, ...], tuple] = {}  # a token's attribute values -> the rules it may start

    def load_from_ruler(self, ruler) -> AttributeLookup:
        self.attrs, self.indices = list(ruler.attrs), list(ruler.indices)
        compiled: list[tuple[int, list[TokenTest]]] = []
        columns: set[int] = set()
        for rule, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                tests = [token_test(spec, self.vocab) for spec in pattern]
                if pattern and all(t is not None for t in tests):
                    compiled.append((rule, tests))
                    for t in tests:
                        columns.update(t.keys)
                        columns.update(a for a, _ in t.not_in + t.regex)
                else:
                    self.residual.add(str(rule), [pattern])
                    self.n_residual += 1
        self.columns = tuple(sorted(columns))
        col = {attr: n for n, attr in enumerate(self.columns)}

        def checks(t: TokenTest):
            """What is left to test on a token once its look-up matched (the first) or for the others."""
            exact = (itemgetter(*[col[k] for k in t.keys]), frozenset(v if len(v) > 1 else v[0] for v in t.values)) \
                if t.keys else (None, None)
            return (exact, tuple((col[a], ids) for a, ids in t.not_in), tuple((col[a], rx) for a, rx in t.regex))

        by_keys: dict[tuple[int, ...], dict] = defaultdict(lambda: defaultdict(list))
        for rule, tests in compiled:
            first, rest = tests[0], tests[1:]
            _, not_in, rx = checks(first)
            entry = (rule, not_in, rx, tuple(checks(t) for t in rest))
            if not first.keys:
                self.scans.append(entry)
            for values in first.values if first.keys else ():
                by_keys[first.keys][values if len(values) > 1 else values[0]].append(entry)
        self.tables = [(itemgetter(*[col[k] for k in keys]), dict(table)) for keys, table in by_keys.items()]
        return self

    def _passes(self, row, not_in, rx) -> bool:
        strings = self.vocab.strings
        return all(row[c] not in ids for c, ids in not_in) and all(r.search(strings[row[c]]) for c, r in rx)

    def starting(self, row: tuple[int, ...]) -> tuple:
        """(rule, tests of its other tokens) of the rules whose first token a token with the attribute values
        ``row`` passes; worked out once per distinct ``row`` (most tokens repeat one seen before)."""
        found = self._starting.get(row)
        if found is None:
            candidates = [hit for getter, table in self.tables for hit in table.get(getter(row), ())] + self.scans
            found = tuple((rule, rest) for rule, not_in, rx, rest in candidates
                          if not ((not_in or rx) and not self._passes(row, not_in, rx)))
            if len(self._starting) >= 20_000:  # (a bound on a long run's memory)
                self._starting.clear()
            self._starting[row] = found
        return found

    def matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(rule, start, end) of every rule matching ``doc``, in the order the ruler applies them."""
        found = set()
        if self.columns and len(doc):
            array = doc.to_array(list(self.columns))
            rows = list(map(tuple, array.reshape(len(doc), len(self.columns)).tolist()))
            n = len(rows)
            seen = self._starting.get  # (most rows were seen before: read here, without a call)
            for i, row in enumerate(rows):
                starting = seen(row)
                for rule, rest in starting if starting is not None else self.starting(row):
                    end = i + 1 + len(rest)
                    if end > n:
                        continue
                    if not rest or all((get is None or get(rows[i + 1 + j]) in allowed)
                                       and self._passes(rows[i + 1 + j], ni, r)
                                       for j, ((get, allowed), ni, r) in enumerate(rest)):
                        found.add((rule, i, end))
        if self.n_residual:
            for match_id, start, end in self.residual(doc, allow_missing=True):
                found.add((int(self.vocab.strings[match_id]), start, end))
        return sorted(found)

    def __call__(self, doc: Doc) -> Doc:
        for rule, start, end in self.matches(doc):
            index = self.indices[rule]
            if not -(end - start) <= index < end - start:
                raise IndexError(f"attribute rule {rule}: token {index} of a {end - start}-token match")
            set_token_attrs(doc[start + index if index >= 0 else end + index], self.attrs[rule])
        return doc


@Language.factory("pa_attribute_lookup")
def make_attribute_lookup(nlp: Language, name: str):
    return AttributeLookup(nlp.vocab, name)


def replace_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Put a ``pa_attribute_lookup`` compiled from ``nlp``'s attribute ruler in its place. False if there is none."""
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    lookup = nlp.add_pipe("pa_attribute_lookup", before=name)
    lookup.load_from_ruler(ruler)
    nlp.remove_pipe(name)
    return True
