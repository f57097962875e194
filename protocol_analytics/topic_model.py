"""The learned topic classifier: a linear model over a clause's words, run in plain numpy.

The taxonomy's patterns (:mod:`protocol_analytics.topics`) are precise but miss topics stated in words
nobody wrote a pattern for. This model adds recall: one logistic regression per topic over binary,
idf-weighted, L2-normalised features of a clause (its word 1- and 2-grams, the words of its section
title and of its lead-in, and the roles, duties and escalation targets tagged on it) and of the document it sits
in (the words of all its clauses, a block normalised on its own and weighted: what kind of document it is),
trained on every hand-coded clause
by ``make train`` (:mod:`protocol_analytics.topic_training`).

Weights ship in the package as ``data/<name>.npz`` (arrays only, read with ``allow_pickle=False``)
beside ``data/<name>.json`` (topic ids, features, per-topic combination with the patterns, training
files with their sha256, seed, hyper-parameters and cross-validated figures). The vocabulary holds only
features seen in at least two training documents.

Per topic the JSON says how the model combines with the patterns, as cross-validation chose it:
``rules`` (the model is not used), ``union`` (a pattern's hit, else the model at its threshold) or
``learned`` (the model alone). A learned tag's evidence is the sentence that contributes most to the
topic's score, and its rule reads ``topic_model.v1:<topic>:p=0.83``.

Which model a taxonomy uses is the taxonomy file's ``model`` key: the packaged taxonomy names
``topic_model.v1``; a user's file that replaces the taxonomy uses no model unless it names one, and a
file with ``extends: packaged`` keeps the packaged one unless it says ``model: none``. The model only
ever emits topic ids that the taxonomy in use has.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from .config import PACKAGE_DATA, file_stamp, packaged_model_stamps, read_rule_file
from .errors import Errors, RuleFileError
from .io import read_model_files, write_model_files
from .text import as_set

DEFAULT_MODEL = "topic_model.v1"
NO_MODEL = ("none", "off", "false", "")
MODES = ("rules", "union", "learned")

_WORD = re.compile(r"[a-z]+")
_SUFFIXES = (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light suffix stripper, so that "councillors"/"councillor" and "raised"/"raising" share a feature.

    Examples:
        >>> [stem(w) for w in ("councillors", "bullying", "raised", "policies", "business", "this")]
        ['councillor', 'bully', 'rais', 'policy', 'business', 'this']
    """
    if len(word) <= 4 or word.endswith(("ss", "us", "is")):
        return word
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + repl
    return word


def words(text: str, stemmed: bool = True) -> list[str]:
    """Lower-cased word tokens of ``text`` (letters only), stemmed by :func:`stem` unless ``stemmed=False``.

    Examples:
        >>> words("The Clerk's duties: raising concerns")
        ['the', 'clerk', 's', 'duty', 'rais', 'concern']
    """
    return list(_words(text, stemmed))


@lru_cache(maxsize=1 << 12)  # (a clause's words are read for its own features and its document's; a section
def _words(text: str, stemmed: bool) -> tuple[str, ...]:  # title's and a lead-in's for every clause under them)
    toks = _WORD.findall(text.lower())
    return tuple(stem(t) for t in toks) if stemmed else tuple(toks)


@lru_cache(maxsize=1 << 12)
def _ngrams_of(text: str, stemmed: bool, bigrams: bool, prefix: str = "") -> tuple[str, ...]:
    """``prefix`` + each of :func:`ngrams` of the words of ``text``."""
    return tuple(prefix + g for g in ngrams(list(_words(text, stemmed)), bigrams))


def ngrams(toks: list[str], bigrams: bool = True) -> list[str]:
    """Unigrams and (with ``bigrams``) space-joined bigrams of a token list."""
    out = list(toks)
    if bigrams:
        out += [f"{a} {b}" for a, b in zip(toks, toks[1:])]
    return out


@dataclass(frozen=True)
class FeatureSettings:
    """Which features a clause gives (stored in the model's JSON, so training and run time agree)."""
    stem: bool = True
    bigrams: bool = True
    section: bool = True  # words of the section title, as "s:word"
    lead_in: bool = True  # 1-(2-)grams of the list item's lead-in, as "l:word" ("l:expect from")
    structure: bool = False  # where the clause sits: "x:first" / "x:early" (1st / first 3 clauses), "x:item", "x:lead_in"
    document: float = 0.0  # weight of the document's own words ("d:word"), a block normalised apart; 0 = unused
    document_min: int = 2  # a word enters the document block when this many of its clauses have it
    labels: bool = False  # the clause's roles, duties and escalation targets as the rules and models gave them

    def text_features(self, text: str) -> list[str]:
        return list(_ngrams_of(text, self.stem, self.bigrams))

    def features(self, text: str, section_title: str = "", lead_in: str = "", position: int = -1,
                 level: int = 0, is_lead_in: bool = False) -> list[str]:
        """Distinct feature strings of one clause (``position``: its index in the document, -1 unknown).

        Examples:
            >>> FeatureSettings().features("Staff may raise a grievance.", "5 Concerns", "", position=7)
            ['staff', 'may', 'raise', 'a', 'grievance', 'staff may', 'may raise', 'raise a', 'a grievance', 's:concern']
        """
        out = self.text_features(text)
        if self.section and section_title:
            out += _ngrams_of(section_title, self.stem, False, "s:")
        if self.lead_in and lead_in:
            out += _ngrams_of(lead_in, self.stem, self.bigrams, "l:")
        if self.structure:
            out += (["x:first"] if position == 0 else []) + (["x:early"] if 0 <= position < 3 else [])
            out += (["x:item"] if level and level > 0 else []) + (["x:lead_in"] if is_lead_in else [])
        return list(dict.fromkeys(out))

    def document_features(self, rows: list[dict]) -> list[str]:
        """Features of the whole document, shared by its clauses: what kind of document it is.

        A word (stemmed unigram, as ``"d:word"``) of the clauses' text or section titles that at least
        :attr:`document_min` of the clauses have; none when :attr:`document` is 0.

        Examples:
            >>> FeatureSettings(document=0.5).document_features(
            ...     [{"text": "A grievance is heard."}, {"text": "The grievance panel meets."}])
            ['d:grievance']
        """
        if not self.document:
            return []
        counts: dict[str, int] = defaultdict(int)
        for r in rows:  # (the words of "text section_title": those of each, no word being across the space)
            for w in set(_words(r.get("text") or "", self.stem)).union(_words(r.get("section_title") or "", self.stem)):
                counts[w] += 1
        need = min(self.document_min, len(rows))
        return sorted("d:" + w for w, n in counts.items() if n >= need)

    def blocks(self, rows: list[dict], positions: list[int] | None = None) -> tuple[list[list[str]], list[str]]:
        """The features of one document's clause rows: each row's own (:meth:`row_features`) and the document
        block they share (:meth:`document_features`). ``positions``: each row's index in its document
        (default: its index in ``rows``)."""
        own = [self.row_features(r, n if positions is None else positions[n]) for n, r in enumerate(rows)]
        return own, self.document_features(rows)

    def row_features(self, row: dict, position: int = -1) -> list[str]:
        """:meth:`features` of a clause row (a dict with the clause table's columns), and with :attr:`labels`
        its roles, duties and escalation targets ("r:clerk", "u:permission", "e:grievance_procedure").

        Examples:
            >>> FeatureSettings(labels=True, bigrams=False).row_features(
            ...     {"text": "Raise it.", "roles": ["officer"], "escalation_targets": ["clerk"]})
            ['raise', 'it', 'r:officer', 'e:clerk']
        """
        out = self.features(row.get("text") or "", row.get("section_title") or "", row.get("lead_in") or "",
                            position, int(row.get("level") or 0), bool(row.get("is_lead_in")))
        if self.labels:
            for column, prefix in (("roles", "r:"), ("duties", "u:"), ("escalation_targets", "e:")):
                out += [prefix + str(v) for v in _label_list(row.get(column))]
        return list(dict.fromkeys(out))


def _label_list(value) -> list[str]:
    """A label column's value (list, array, "a;b" string, None or NaN) as a sorted list of label ids,
    read as the scorer reads it (:func:`protocol_analytics.evaluate.as_set`)."""
    return sorted(as_set(value))


_KEPT_BLOCKS = 1 << 12  # blocks of features whose indices a model remembers (cleared when full)


@dataclass(repr=False)
class TopicModel:
    """A trained model: vocabulary, idf, weights (features × topics), biases, and its combination."""
    name: str
    topics: tuple[str, ...]
    vocab: dict[str, int]
    idf: np.ndarray  # (n_features,)
    weights: np.ndarray  # (n_features, n_topics)
    bias: np.ndarray  # (n_topics,)
    settings: FeatureSettings = field(default_factory=FeatureSettings)
    thresholds: np.ndarray | None = None  # (n_topics,) probability at which a topic is emitted
    modes: tuple[str, ...] = ()  # per topic: rules | union | learned
    inherit: frozenset[str] = frozenset()  # topics whose learned labels list items take from their lead-in
    meta: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"TopicModel({self.name!r}, {len(self.topics)} topics, {len(self.vocab)} features)"

    def __post_init__(self):
        n = len(self.topics)
        if self.thresholds is None:
            self.thresholds = np.full(n, 0.5)
        if not self.modes:
            self.modes = ("union",) * n
        self.index = {t: i for i, t in enumerate(self.topics)}
        self._blocks: dict[tuple[str, bool, str], tuple[int, ...]] = {}  # (text, bigrams, prefix) -> indices

    # ------------------------------------------------------------------ inference
    def feature_rows(self, rows: list[dict], positions: list[int] | None = None
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The features of one document's clause rows, binary × idf.

        Returns (feature indices, values, row offsets) of each clause's own features, L2-normalised per
        clause, and (indices, values) of the document block that every clause shares, L2-normalised and
        scaled by the settings' ``document`` weight (empty when unused). ``positions``: each row's index in
        its document (default: its index in ``rows``).
        """
        doc = self.settings.document_features(rows)
        idx, starts = [], [0]
        for n, row in enumerate(rows):
            idx += self._row_indices(row, n if positions is None else positions[n])
            starts.append(len(idx))
        idx_a = np.asarray(idx, dtype=np.int64)
        vals = self.idf[idx_a].astype(np.float64)
        ptr = np.asarray(starts, dtype=np.int64)
        row_of = np.repeat(np.arange(len(rows)), np.diff(ptr))
        norms = np.sqrt(np.bincount(row_of, weights=vals ** 2, minlength=len(rows)))
        vals = vals / np.where(norms > 0, norms, 1.0)[row_of]
        doc_idx = np.asarray([self.vocab[f] for f in doc if f in self.vocab], dtype=np.int64)
        doc_vals = self.idf[doc_idx].astype(np.float64)
        if len(doc_vals):
            doc_vals = doc_vals * (self.settings.document / np.linalg.norm(doc_vals))
        return idx_a, vals, ptr, doc_idx, doc_vals

    def _row_indices(self, row: dict, position: int) -> list[int]:
        """The vocabulary indices of :meth:`FeatureSettings.row_features` of a clause row, in their order: its
        text's, section title's and lead-in's features come in blocks of their own (no feature of one is one of
        another's: each but the text's has a prefix of its own), each looked up once a block (a section title's
        and a lead-in's are those of many clauses)."""
        settings = self.settings
        idx = list(self._block_indices(row.get("text") or "", settings.bigrams, ""))
        section, lead_in = row.get("section_title") or "", row.get("lead_in") or ""
        if settings.section and section:
            idx += self._block_indices(section, False, "s:")
        if settings.lead_in and lead_in:
            idx += self._block_indices(lead_in, settings.bigrams, "l:")
        extra = []
        if settings.structure:
            level = int(row.get("level") or 0)
            extra += (["x:first"] if position == 0 else []) + (["x:early"] if 0 <= position < 3 else [])
            extra += (["x:item"] if level and level > 0 else []) + (["x:lead_in"] if row.get("is_lead_in") else [])
        if settings.labels:
            for column, prefix in (("roles", "r:"), ("duties", "u:"), ("escalation_targets", "e:")):
                extra += [prefix + str(v) for v in _label_list(row.get(column))]
        get = self.vocab.get
        idx += [i for f in dict.fromkeys(extra) if (i := get(f)) is not None]
        return idx

    def _block_indices(self, text: str, bigrams: bool, prefix: str) -> tuple[int, ...]:
        """The vocabulary indices of the distinct features ``prefix`` + each n-gram of ``text``, in order
        (remembered for the last few thousand blocks)."""
        key = (text, bigrams, prefix)
        found = self._blocks.get(key)
        if found is None:
            get = self.vocab.get
            found = tuple(i for f in dict.fromkeys(_ngrams_of(text, self.settings.stem, bigrams, prefix))
                          if (i := get(f)) is not None)
            if len(self._blocks) >= _KEPT_BLOCKS:
                self._blocks.clear()
            self._blocks[key] = found
        return found

    def predict(self, rows: list[dict]) -> np.ndarray:
        """Probability of each topic for each of one document's clause rows, in document order.

        ``rows``: dicts with the clause table's columns (text, section_title, lead_in, level, is_lead_in),
        all the clauses of one document (the document block is computed over them).

        Returns an array of shape (len(rows), len(self.topics)).
        """
        if not rows:
            return np.zeros((0, len(self.topics)))
        idx, vals, ptr, doc_idx, doc_vals = self.feature_rows(rows)
        base = self.bias.astype(np.float64) + doc_vals @ self.weights[doc_idx].astype(np.float64)
        scores = np.tile(base, (len(rows), 1))
        if len(idx):
            contrib = self.weights[idx].astype(np.float64) * vals[:, None]
            row_of = np.repeat(np.arange(len(rows)), np.diff(ptr))
            np.add.at(scores, row_of, contrib)
        return 1.0 / (1.0 + np.exp(-scores))

    def best_sentence(self, topic: str, sentences: list[tuple[int, str]]) -> tuple[int, str]:
        """The (offset, sentence) whose own words weigh most for ``topic`` (the first one on a tie)."""
        if len(sentences) <= 1:
            return sentences[0] if sentences else (0, "")
        col = self.index[topic]
        best, best_score = sentences[0], -np.inf
        for offset, sent in sentences:
            feats = [self.vocab[f] for f in dict.fromkeys(self.settings.text_features(sent)) if f in self.vocab]
            score = float((self.weights[feats, col] * self.idf[feats]).sum()) if feats else 0.0
            if score > best_score:
                best, best_score = (offset, sent), score
        return best

    def emitted(self, allowed: set[str] | frozenset[str] | None = None) -> list[tuple[int, str]]:
        """(column, topic id) of the topics this model decides on (mode not ``rules``), within ``allowed``."""
        return [(i, t) for i, t in enumerate(self.topics)
                if self.modes[i] != "rules" and (allowed is None or t in allowed)]

    # ------------------------------------------------------------------ files
    def save(self, folder: Path, meta: dict | None = None) -> tuple[Path, Path]:
        """Write ``<name>.npz`` (arrays) and ``<name>.json`` (everything else) into ``folder``."""
        vocab = sorted(self.vocab, key=self.vocab.get)
        arrays = {"vocab": np.asarray(vocab, dtype=str), "idf": self.idf.astype(np.float32),
                  "weights": self.weights.astype(np.float32), "bias": self.bias.astype(np.float32)}
        info = {
            "name": self.name, "format": 1, "topics": list(self.topics),
            "features": asdict(self.settings),
            "combination": {"topics": {t: {"mode": m, "threshold": round(float(th), 4), "inherit_lead_in": t in self.inherit}
                                       for t, m, th in zip(self.topics, self.modes, self.thresholds)}},
            **(meta if meta is not None else self.meta),
        }
        return write_model_files(folder, self.name, arrays, info)

    @classmethod
    def from_files(cls, npz: Path, info_path: Path) -> TopicModel:
        """A model from the two files :meth:`save` writes; arrays that do not fit its topics are a PA030 error."""
        arrays, info = read_model_files(npz, info_path)
        vocab = arrays["vocab"].tolist()
        idf, weights, bias = arrays["idf"], arrays["weights"], arrays["bias"]
        topics = tuple(info["topics"])
        if weights.shape != (len(vocab), len(topics)) or idf.shape != (len(vocab),) or bias.shape != (len(topics),):
            raise RuleFileError(Errors.PA030.format(path=npz, problem="array shapes do not match the topics and vocabulary"))
        combo = info.get("combination", {})
        per_topic = combo.get("topics", {})
        modes = tuple(per_topic.get(t, {}).get("mode", "union") for t in topics)
        bad = [m for m in modes if m not in MODES]
        if bad:
            raise RuleFileError(Errors.PA030.format(path=info_path, problem=f"unknown combination modes {bad}"))
        meta = {k: v for k, v in info.items() if k not in ("name", "format", "topics", "features", "combination")}
        return cls(name=info.get("name", Path(npz).stem), topics=topics, vocab={f: i for i, f in enumerate(vocab)},
                   idf=idf, weights=weights, bias=bias, settings=FeatureSettings(**info.get("features", {})),
                   thresholds=np.asarray([per_topic.get(t, {}).get("threshold", 0.5) for t in topics], dtype=float),
                   modes=modes, inherit=_inherited(combo, topics), meta=meta)


def _inherited(combination: dict, topics: tuple[str, ...]) -> frozenset[str]:
    """The topics whose learned labels list items inherit: per topic, or (files written before that) all or
    none by one ``inherit_lead_in`` flag."""
    per_topic = combination.get("topics", {})
    every = bool(combination.get("inherit_lead_in", False))
    return frozenset(t for t in topics if per_topic.get(t, {}).get("inherit_lead_in", every))


def load_model(name: str = DEFAULT_MODEL) -> TopicModel:
    """A packaged model by name (``topic_model.v1``), loaded once per process and again when its files change."""
    return _load_model(*packaged_model_stamps(name, "topic"))


@lru_cache(maxsize=4)
def _load_model(npz: tuple[str, int, int], info: tuple[str, int, int]) -> TopicModel:
    return TopicModel.from_files(Path(npz[0]), Path(info[0]))


@lru_cache(maxsize=8)
def _model_name_of(stamp: tuple[str, int, int]) -> str | None:
    """The ``model`` a taxonomy file names (None for none), with the defaults the module docstring gives."""
    path = Path(stamp[0])
    data = read_rule_file(path) or {}
    name = data.get("model") if isinstance(data, dict) else None
    if name is None and isinstance(data, dict) and data.get("extends") == "packaged":
        return _model_name_of(file_stamp(PACKAGE_DATA / "topics.v1.yaml"))
    if name is None or name is False or str(name).strip().lower() in NO_MODEL:
        return None
    return str(name)


def model_for_taxonomy(taxonomy: str | Path | None = None) -> TopicModel | None:
    """The topic model a taxonomy file names (the packaged taxonomy when ``taxonomy`` is None), or None."""
    name = _model_name_of(file_stamp(Path(taxonomy) if taxonomy else PACKAGE_DATA / "topics.v1.yaml"))
    return load_model(name) if name else None


def learned_rows(model: TopicModel, probs: np.ndarray, sentences: list[tuple[int, str]], found: list[dict],
                 allowed: set[str] | frozenset[str] | None = None) -> list[dict]:
    """One clause's topic rows after combining the patterns' rows (``found``) with the model.

    ``probs``: the clause's row of :meth:`TopicModel.predict`. For a topic in mode ``union`` the pattern's
    row stays and the model adds the topic when the pattern did not fire; in mode ``learned`` the model
    alone decides (a pattern's row is kept as the evidence when both agree), but for a decisive pattern's
    hit (the taxonomy's ``decisive_patterns``), which stays. Learned rows carry the best sentence as
    evidence and its span, and the rule ``<model>:<topic>:p=<probability>``.
    """
    out = list(found)
    have = {f["label"] for f in found}
    decided = {f["label"] for f in found if f.get("decisive")}
    for col, topic in model.emitted(allowed):
        p = float(probs[col])
        fires = p >= model.thresholds[col]
        if model.modes[col] == "learned" and not fires and topic in have and topic not in decided:
            out = [f for f in out if f["label"] != topic]
            continue
        if fires and topic not in have:
            offset, sent = model.best_sentence(topic, sentences)
            offset, sent = offset + len(sent) - len(sent.lstrip()), sent.strip()
            out.append({"label": topic, "evidence": sent, "span_start": offset, "span_end": offset + len(sent),
                        "sentence": sent, "rule": f"{model.name}:{topic}:p={p:.2f}", "learned": True})
    return out
