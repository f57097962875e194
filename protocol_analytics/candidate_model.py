"""A learned judge of candidates: one logistic regression over binary features, shipped as arrays.

The escalation-target model (:mod:`protocol_analytics.escalation_model`) and the role model
(:mod:`protocol_analytics.role_model`) both judge the candidates of a clause (a place that names a target, a
role the clause or its context offers) by the features around them. Weights ship as ``data/<name>.npz``
(arrays only, ``allow_pickle=False``) beside ``data/<name>.json`` (threshold, combination mode, provenance and
cross-validated figures). The combination with the rules, chosen by cross-validation: ``rules`` (the model is
not used), ``union`` (the rules' labels, plus the model's) or ``learned`` (the model decides; it sees the rules'
choice as one of its features).
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from .config import packaged_model_stamps
from .errors import Errors, RuleFileError
from .io import read_model_files, write_model_files

MODES = ("rules", "union", "learned")


@dataclass(frozen=True, repr=False)
class CandidateModel:
    """A trained model: vocabulary, weights, bias, the threshold and how it combines with the rules."""
    name: str
    vocab: dict[str, int]
    weights: np.ndarray  # (n_features,)
    bias: float
    threshold: float = 0.5
    mode: str = "learned"
    meta: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r}, {len(self.vocab)} features, {self.mode} at p >= {self.threshold})"

    @cached_property
    def _sorted_vocab(self) -> bool:
        """Whether the vocabulary's indices follow its features' order (as :func:`fit_linear` numbers them)."""
        features = sorted(self.vocab, key=self.vocab.get)
        return all(a < b for a, b in zip(features, features[1:]))

    def indices(self, features) -> list[int]:
        """The vocabulary indices of ``features`` (distinct strings, any order), in the order of the sorted
        features: the order in which a candidate's weights are summed."""
        vocab = self.vocab
        if not self._sorted_vocab:
            return [vocab[f] for f in sorted(features) if f in vocab]
        found = set(map(vocab.get, features))  # (looked up in C: most of a candidate's features are unknown)
        found.discard(None)
        return sorted(found)

    def probabilities(self, feature_lists) -> np.ndarray:
        """Probability that each candidate (given by its features: distinct strings, as a sorted list or a
        set) is a label of its clause.

        Features are binary, L2-normalised per candidate (as in training).
        """
        return self.probabilities_of([self.indices(feats) for feats in feature_lists])

    def probabilities_of(self, index_lists: list[list[int]]) -> np.ndarray:
        """:meth:`probabilities` of candidates given by the vocabulary indices of their features (each list
        as :meth:`indices` returns it: distinct, in the order in which the weights are summed)."""
        scores = np.full(len(index_lists), float(self.bias))
        for n, idx in enumerate(index_lists):
            if idx:  # (math.sqrt and numpy's are both the correctly rounded root)
                scores[n] += float(self.weights[idx].sum()) / math.sqrt(len(idx))
        return 1.0 / (1.0 + np.exp(-scores))

    @cached_property
    def conjoined(self) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]] | None:
        """The vocabulary's conjoined features by their parts: ("a" -> {"b": index of "a|b"}, "a" -> {"b": index
        of "a&b"}), split at the first separator, so that a candidate's conjunctions are looked up without
        making their strings (:meth:`conjoined_indices`); None where the indices do not follow the features'
        order (the weights are then summed in the features' order, which needs the strings)."""
        if not self._sorted_vocab:
            return None
        bar: dict[str, dict[str, int]] = defaultdict(dict)
        amp: dict[str, dict[str, int]] = defaultdict(dict)
        for feature, i in self.vocab.items():
            a, sep, b = feature.partition("|")
            if sep:
                bar[a][b] = i
            a, sep, b = feature.partition("&")
            if sep:
                amp[a][b] = i
        return dict(bar), dict(amp)

    def conjoined_indices(self, plain, prefix: str, prefixed, pairs: list[tuple[list[str], set | frozenset]]) -> list[int]:
        """:meth:`indices` of the features ``plain`` + ``prefix|f`` for each ``f`` of ``prefixed`` + ``s&c`` for
        each ``s`` and ``c`` of each (``ss``, ``cs``) of ``pairs``, made without their strings; ``prefix`` and
        each ``s`` must hold no "|" and no "&" respectively (ids and "src:…" names). Only where
        :attr:`conjoined` is not None."""
        bar, amp = self.conjoined
        idx = set(map(self.vocab.get, plain))  # (looked up in C: most of a candidate's features are unknown)
        sub = bar.get(prefix)
        if sub:
            idx.update(map(sub.get, prefixed))
        for ss, cs in pairs:
            for s in ss:
                sub = amp.get(s)
                if sub:
                    idx.update(map(sub.get, cs))
        idx.discard(None)
        return sorted(idx)

    def save(self, folder: Path, meta: dict | None = None) -> tuple[Path, Path]:
        """Write ``<name>.npz`` (arrays) and ``<name>.json`` (everything else) into ``folder``."""
        vocab = sorted(self.vocab, key=self.vocab.get)
        arrays = {"vocab": np.asarray(vocab, dtype=str), "weights": self.weights.astype(np.float32),
                  "bias": np.asarray([self.bias], dtype=np.float32)}
        info = {"name": self.name, "format": 1, "mode": self.mode, "threshold": round(float(self.threshold), 4),
                **(meta if meta is not None else self.meta)}
        return write_model_files(folder, self.name, arrays, info)

    @classmethod
    def from_files(cls, npz: Path, info_path: Path) -> CandidateModel:
        """A model from the two files :meth:`save` writes; arrays or a mode that do not fit are a PA030 error."""
        arrays, info = read_model_files(npz, info_path)
        vocab, weights, bias = arrays["vocab"].tolist(), arrays["weights"], arrays["bias"]
        if weights.shape != (len(vocab),) or bias.shape != (1,):
            raise RuleFileError(Errors.PA030.format(path=npz, problem="array shapes do not match the vocabulary"))
        if info.get("mode", "learned") not in MODES:
            raise RuleFileError(Errors.PA030.format(path=info_path, problem=f"unknown combination mode {info.get('mode')!r}"))
        meta = {k: v for k, v in info.items() if k not in ("name", "format", "mode", "threshold")}
        return cls(name=info.get("name", Path(npz).stem), vocab={f: i for i, f in enumerate(vocab)},
                   weights=weights.astype(np.float64), bias=float(bias[0]), threshold=float(info.get("threshold", 0.5)),
                   mode=info.get("mode", "learned"), meta=meta)


def load_packaged(name: str, kind: str) -> CandidateModel:
    """A packaged model by name (``kind``: "escalation", "role", for the error naming it), loaded once per
    process and again when its files change."""
    return _load(*packaged_model_stamps(name, kind))


@lru_cache(maxsize=8)
def _load(npz: tuple[str, int, int], info: tuple[str, int, int]) -> CandidateModel:
    return CandidateModel.from_files(Path(npz[0]), Path(info[0]))


def fit_linear(feature_rows: list[list[str]], labels: list[bool], doc_ids: list[str], name: str, c: float,
               seed: int, min_docs: int = 2) -> CandidateModel:
    """One logistic regression (scikit-learn, for training only) over binary features, L2-normalised per row;
    a feature is kept when at least ``min_docs`` documents have it."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    docs_of: dict[str, set] = defaultdict(set)
    for feats, doc_id in zip(feature_rows, doc_ids, strict=True):
        for f in feats:
            docs_of[f].add(doc_id)
    vocab = {f: n for n, f in enumerate(sorted(f for f, d in docs_of.items() if len(d) >= min_docs))}
    if not feature_rows or len(set(labels)) < 2:
        return CandidateModel(name, vocab, np.zeros(len(vocab)), -10.0 if not any(labels) else 10.0)
    r, col, val = [], [], []
    for n, feats in enumerate(feature_rows):
        idx = sorted({vocab[f] for f in feats if f in vocab})
        r += [n] * len(idx)
        col += idx
        val += [1 / np.sqrt(len(idx))] * len(idx)
    X = sparse.csr_matrix((val, (r, col)), shape=(len(feature_rows), len(vocab)))
    clf = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=seed)
    clf.fit(X, np.asarray(labels, dtype=int))
    return CandidateModel(name, vocab, clf.coef_[0].astype(np.float64), float(clf.intercept_[0]))
