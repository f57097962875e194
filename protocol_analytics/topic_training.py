"""Train the learned topic model and choose how it combines with the patterns, by cross-validation.

``make train`` runs ``python -m protocol_analytics.topic_training``: it reads every hand-coded gold file
that exists on the machine (``--set NAME GOLD RAW_DIR``, or the defaults of :func:`default_sets`), runs
the package's own segmentation and tagging on each coded document's raw file, and

1. cross-validates by leaving whole real sets out (a batch of councils' pages at a time, as councils nobody
   has seen meet the model; invented documents are dealt round the same folds), or with ``--folds-by document``
   by leaving documents out (grouped K-fold by ``doc_id``): the pipeline's clauses of the held-out documents
   are tagged exactly as at run time (:func:`protocol_analytics.topics.assign_topics`,
   so lead-in inheritance and the topics that escalation targets and expectations imply are included),
   with the patterns alone, the model alone and both, and scored as ``shared/tools/score_clauses.py``
   scores (micro-F1 over (clause, label) pairs of matched clauses; council × topic cells);
2. chooses per topic ``rules`` / ``learned`` / ``union`` and a probability threshold on the out-of-fold
   predictions, and reports how well that choice does on documents it was not chosen on (nested K-fold);
3. trains the shipped model on every coded clause and writes ``<name>.npz`` and ``<name>.json``
   (training files with their sha256, seed, hyper-parameters, the cross-validated figures).

scikit-learn is needed here only (``pip install -e '.[train]'``); the run-time model is plain numpy
(:mod:`protocol_analytics.topic_model`). The training examples are the gold clauses: a gold clause the
segmenter found takes its features (text, section title, lead-in) from the pipeline's clause, as at run
time; one it missed takes them from the gold line.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from . import config
from .build.documents import DocumentTask, PreparedDocument, prepare_document
from .build.settings import Settings
from .evaluate import as_set, match_clauses, score
from .ingest import supported_suffixes
from .rules.taxonomy import load_taxonomy
from .topic_model import DEFAULT_MODEL, FeatureSettings, TopicModel
from .topics import assign_topics

SEED = 20261204
CONTRACT_SETS = ("seeds", "corpus", "related")  # ../shared/gold: the product's contract
CONTRACT_FLOOR = 0.95  # every field of every contract file, as the shipped package scores it
THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8)


@dataclass(frozen=True)
class Params:
    """Hyper-parameters of the model (chosen by grouped cross-validation; see the model's JSON)."""
    C: float = 32.0  # inverse L2 strength of each topic's logistic regression
    class_weight: str | None = "balanced"
    min_docs: int = 2  # a feature must occur in this many training documents to enter the vocabulary
    stem: bool = True
    bigrams: bool = True
    section: bool = True
    lead_in: bool = True
    structure: bool = False  # where the clause sits (FeatureSettings.structure): lowered real pages in CV
    document: float = 0.5  # weight of the document block (FeatureSettings.document): nested CV 0.782 -> 0.794
    document_min: int = 1  # every word of the document (2: words of two clauses, lower in CV)
    labels: bool = True  # the clause's roles, duties and targets (FeatureSettings.labels): in-sample choice 0.816 -> 0.827

    def features(self) -> FeatureSettings:
        return FeatureSettings(stem=self.stem, bigrams=self.bigrams, section=self.section, lead_in=self.lead_in,
                               structure=self.structure, document=self.document, document_min=self.document_min,
                               labels=self.labels)


@dataclass
class CodedDocument:
    """One coded document: its gold lines, and the pipeline's clauses, spaCy docs and non-topic tags."""
    set_name: str
    doc_id: str
    gold: list[dict]  # the document line and its clause lines
    clauses: pd.DataFrame  # the pipeline's clauses, roles/duties/targets filled, topics from the patterns
    docs: list  # spaCy Docs of the clauses
    tags: pd.DataFrame  # the pipeline's role/duty/escalation tags (topic rows removed)
    gold_sha256: str = ""  # of the gold file as it was read
    raw_sha256: str = ""  # of the raw file as it was read
    examples: list[dict] = field(default_factory=list)  # training rows: text, section_title, lead_in, topics
    text: str = ""  # the document's text as read

    @cached_property
    def subject(self) -> str | None:
        """The role the document describes, if it is a role description (as the tagging reads it); read once,
        not for every combination the training tries."""
        from .nlp.rules import described_role
        from .tag import pipeline_lexicon

        return described_role(self.text, pipeline_lexicon(None))

    @cached_property
    def procedure(self) -> str | None:
        """The procedure the document's title says it is (as the tagging reads it); read once."""
        from .nlp.rules import titled_procedure
        from .tag import pipeline_lexicon

        return titled_procedure(self.text, pipeline_lexicon(None))


# --------------------------------------------------------------------------- data

def default_sets(root: Path | None = None) -> list[tuple[str, Path, Path]]:
    """(name, gold file, raw folder) of every coded set found beside the checkout.

    The invented and seed gold of ``../shared``, the independently coded holdouts in ``tests/data``, and
    third-party real pages kept outside the project (``../real-gold.jsonl`` with ``../real-pages``;
    ``../real-new/*.jsonl`` with ``../real-new/pages``) when they are there.
    """
    root = root or config.PACKAGE_DIR.parent
    shared = root.parent / "shared"
    cands = [("seeds", shared / "gold/seeds.jsonl", shared / "seeds"),
             ("corpus", shared / "gold/corpus.jsonl", shared / "corpus"),
             ("related", shared / "gold/related.jsonl", shared / "corpus"),
             ("holdout", root / "tests/data/holdout_gold/gold.jsonl", root / "tests/data/holdout"),
             ("holdout2", root / "tests/data/holdout_gold/gold2.jsonl", root / "tests/data/holdout2"),
             ("real", root.parent / "real-gold.jsonl", root.parent / "real-pages")]
    new = root.parent / "real-new"
    # batch files first, a file that gathers them ("gold-all") last: a document is read from its first file only
    for gold in sorted(new.glob("*.jsonl"), key=lambda p: ("all" in p.stem, p.name)) if new.is_dir() else []:
        cands.append((f"real-new/{gold.stem}", gold, new / "pages"))
    return [(n, g, r) for n, g, r in cands if g.is_file() and r.is_dir()]


def without_held_out(sets: list[tuple[str, Path, Path]], held_out) -> list[tuple[str, Path, Path]]:
    """The sets not named in ``held_out`` (by set name, "real-new/gold-batch17", or gold file stem,
    "gold-batch17"): sets kept for scoring the shipped models on pages no model was trained on.

    >>> sets = [("seeds", Path("gold/seeds.jsonl"), Path("seeds")),
    ...         ("real-new/gold-batch17", Path("real-new/gold-batch17.jsonl"), Path("real-new/pages"))]
    >>> [n for n, _, _ in without_held_out(sets, ["gold-batch17"])]
    ['seeds']
    """
    held = set(held_out or ())
    return [(n, g, r) for n, g, r in sets if n not in held and Path(g).stem not in held]


def _shown(path: Path) -> str:
    """A path as the metadata records it: relative to the checkout (``../shared/…``, ``tests/…``)."""
    return Path(os.path.relpath(Path(path).resolve(), config.PACKAGE_DIR.parent)).as_posix()


def _raw_file(raw_dir: Path, doc_id: str) -> Path | None:
    for suffix in supported_suffixes():
        p = raw_dir / f"{doc_id}{suffix}"
        if p.is_file():
            return p
    return None


def _section_title(section: str) -> str:
    return re.sub(r"^\s*[\dA-Za-z]{0,3}(?:[.\d]*\d)?[.)]?\s+(?=\S)", "", section or "") if section else ""


def examples_of(gold_clauses: list[dict], clauses: pd.DataFrame, doc_id: str, set_name: str) -> list[dict]:
    """Training rows of one document: each gold clause with the features of its pipeline clause."""
    pred = clauses.to_dict("records")
    matched = {i: j for i, j, _ in match_clauses(gold_clauses, pred)}
    out = []
    for i, g in enumerate(gold_clauses):
        p = pred[matched[i]] if i in matched else None
        labels = {f: sorted(as_set(p.get(f))) if p else [] for f in ("roles", "duties", "escalation_targets")}
        out.append({"doc_id": doc_id, "set": set_name, "text": p["text"] if p else g["text"], **labels,
                    "section_title": p["section_title"] if p else _section_title(g.get("section", "")),
                    "lead_in": p["lead_in"] if p else "", "level": p["level"] if p else 0,
                    "is_lead_in": bool(p["is_lead_in"]) if p else False,
                    "position": matched[i] if p else i, "topics": sorted(as_set(g.get("topics")))})
    return out


def load_documents(sets: list[tuple[str, Path, Path]], nlp=None, log=print,
                   escalation_model="lexicon", role_model="lexicon") -> list[CodedDocument]:
    """Run segmentation and tagging (patterns only for topics) on every coded document that has a raw file.

    ``escalation_model``, ``role_model``: as :func:`protocol_analytics.tag.tag_document` takes them (None: the
    rules alone).
    """
    from .nlp import PIPE_BATCH  # deferred for start-up speed: tagging loads spaCy
    from .tag import clause_docs, tag_document

    if nlp is None:
        from .nlp import default_nlp  # deferred with the tagging above
        nlp = default_nlp()
    settings = Settings()
    out: list[CodedDocument] = []
    seen: set[str] = set()
    for name, gold_path, raw_dir in sets:
        by_doc: dict[str, list[dict]] = defaultdict(list)
        try:  # read once: the hash recorded is of the lines trained on, even if the file changes meanwhile
            data = Path(gold_path).read_bytes()
        except OSError as exc:
            log(f"{name}: {gold_path} cannot be read ({exc}); skipped")
            continue
        gold_sha = hashlib.sha256(data).hexdigest()
        for r in (json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()):
            if r["doc_id"] not in seen:
                by_doc[r["doc_id"]].append(r)
        seen |= set(by_doc)
        if not by_doc:
            log(f"{name}: no document that an earlier set did not have ({gold_path})")
            continue
        missing = []
        for doc_id, lines in by_doc.items():
            path = _raw_file(Path(raw_dir), doc_id)
            prepared = prepare_document(DocumentTask(path, Path(raw_dir), None, settings, doc_id)) if path else None
            if not isinstance(prepared, PreparedDocument):
                missing.append(doc_id)
                continue
            docs = list(nlp.pipe(clause_docs(prepared.clauses, nlp, prepared.result.text), batch_size=PIPE_BATCH))
            clauses, tags, _ = tag_document(prepared.clauses, nlp, text=prepared.result.text, docs=docs,
                                            topic_model=None, escalation_model=escalation_model,
                                            role_model=role_model)
            gold_clauses = [r for r in lines if r.get("kind") == "clause"]
            doc = CodedDocument(name, doc_id, lines, clauses, docs, tags[tags["field"] != "topic"].reset_index(drop=True),
                                gold_sha, prepared.sha256, text=prepared.result.text)
            doc.examples = examples_of(gold_clauses, clauses, doc_id, name)
            out.append(doc)
        log(f"{name}: {len(by_doc) - len(missing)} documents from {gold_path}"
            + (f" ({len(missing)} without a readable raw file: {', '.join(missing)})" if missing else ""))
    return out


# --------------------------------------------------------------------------- model

def fit(examples: list[dict], topics: list[str], params: Params = Params(), seed: int = SEED,
        name: str = DEFAULT_MODEL) -> TopicModel:
    """One logistic regression per topic over the examples' features (scikit-learn, for training only)."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    fs = params.features()
    by_doc: dict[str, list[int]] = defaultdict(list)  # a document's clauses, in the examples' order
    for i, e in enumerate(examples):
        by_doc[e["doc_id"]].append(i)
    feats: list[list[str]] = [[] for _ in examples]
    for members in by_doc.values():
        rows = [examples[i] for i in members]
        own, doc = fs.blocks(rows, [e["position"] for e in rows])
        for i, fl in zip(members, own, strict=True):
            feats[i] = fl + doc
    docs_of: dict[str, set] = defaultdict(set)
    for e, fl in zip(examples, feats):
        for f in fl:
            docs_of[f].add(e["doc_id"])
    vocab_list = sorted(f for f, d in docs_of.items() if len(d) >= params.min_docs)
    vocab = {f: i for i, f in enumerate(vocab_list)}
    df = np.zeros(len(vocab))
    for fl in feats:
        df[[vocab[f] for f in fl if f in vocab]] += 1
    idf = np.log((1 + len(examples)) / (1 + df)) + 1.0  # scikit-learn's smoothed idf
    bare = TopicModel(name, tuple(topics), vocab, idf, np.zeros((len(vocab), 0)), np.zeros(0), fs)
    blocks, order = [], []
    for members in by_doc.values():  # the run-time vectoriser, one document at a time
        rows = [examples[i] for i in members]
        idx, vals, ptr, doc_idx, doc_vals = bare.feature_rows(rows, [e["position"] for e in rows])
        counts = np.diff(ptr)
        r = np.concatenate([np.repeat(np.arange(len(rows)), counts), np.repeat(np.arange(len(rows)), len(doc_idx))])
        c = np.concatenate([idx, np.tile(doc_idx, len(rows))])
        v = np.concatenate([vals, np.tile(doc_vals, len(rows))])
        blocks.append(sparse.csr_matrix((v, (r, c)), shape=(len(rows), len(vocab))))
        order += members
    X = sparse.vstack(blocks).tocsr()[np.argsort(order)]
    W = np.zeros((len(vocab), len(topics)))
    b = np.full(len(topics), -10.0)
    for k, t in enumerate(topics):
        y = np.asarray([t in e["topics"] for e in examples], dtype=int)
        if y.sum() == 0 or y.sum() == len(y):
            b[k] = -10.0 if y.sum() == 0 else 10.0
            continue
        clf = LogisticRegression(C=params.C, class_weight=params.class_weight, max_iter=2000, random_state=seed)
        clf.fit(X, y)
        W[:, k] = clf.coef_[0]
        b[k] = clf.intercept_[0]
    return TopicModel(name=name, topics=tuple(topics), vocab=vocab, idf=idf, weights=W, bias=b, settings=fs)


def set_grouped_folds(docs: list[CodedDocument], k: int, seed: int = SEED, shuffle: bool = True) -> list[int]:
    """A fold number per document: every real set (a batch of councils' pages) kept whole and the sets dealt round
    the folds (in a seeded shuffle, or in the order they come with ``shuffle=False``), as a batch of pages nobody
    has seen meets the model; invented documents dealt round them.

    Examples:
        >>> docs = [CodedDocument(s, f"{s}-{n}", [], None, [], None) for s in ("real-a", "real-b", "real-c", "seeds")
        ...         for n in range(2)]
        >>> fold = set_grouped_folds(docs, 2)
        >>> [len({f for d, f in zip(docs, fold) if d.set_name == s}) for s in ("real-a", "real-b", "real-c")]
        [1, 1, 1]
    """
    real = list(dict.fromkeys(d.set_name for d in docs if d.set_name.startswith("real")))
    if shuffle:
        random.Random(seed).shuffle(real)
    fold_of_set = {name: n % k for n, name in enumerate(real)}
    invented = [i for i, d in enumerate(docs) if d.set_name not in fold_of_set]
    dealt = folds_of([docs[i] for i in invented], k, seed)
    fold = [fold_of_set.get(d.set_name, 0) for d in docs]
    for i, f in zip(invented, dealt):
        fold[i] = f
    return fold


def fold_numbers(docs: list[CodedDocument], k: int, seed: int = SEED, by_set: bool = True) -> list[int]:
    """:func:`set_grouped_folds` (``by_set``) or :func:`folds_of`."""
    return set_grouped_folds(docs, k, seed) if by_set else folds_of(docs, k, seed)


def folds_of(docs: list[CodedDocument], k: int, seed: int = SEED) -> list[int]:
    """A fold number per document: documents of each set shuffled (seeded) and dealt round the folds."""
    rng = random.Random(seed)
    order = []
    for name in dict.fromkeys(d.set_name for d in docs):
        members = [i for i, d in enumerate(docs) if d.set_name == name]
        rng.shuffle(members)
        order += members
    fold = [0] * len(docs)
    for n, i in enumerate(order):
        fold[i] = n % k
    return fold


# --------------------------------------------------------------------------- tagging and scoring

def predicted_rows(doc: CodedDocument, model: TopicModel | None) -> list[dict]:
    """The document's clauses with topics from the patterns and ``model`` combined as at run time."""
    clauses, _ = assign_topics(doc.clauses, doc.docs, tags=doc.tags, model=model, subject=doc.subject,
                               procedure=doc.procedure)
    return clauses[["doc_id", "clause_id", "text", "roles", "duties", "escalation_targets", "topics"]].to_dict("records")


def topic_counts(docs: list[CodedDocument], preds: dict[str, list[dict]]) -> dict:
    """Per (set, topic): [tp, fp, fn] over matched clauses, and [cells agreeing, cells] over documents."""
    counts: dict = defaultdict(lambda: np.zeros(5, dtype=np.int64))
    for d in docs:
        res = score(d.gold, preds[d.doc_id])
        for lab, m in res["per_label"]["topics"].items():
            counts[(d.set_name, lab)][:3] += (m["tp"], m["fp"], m["fn"])
        gold_cov = {t for r in d.gold if r.get("kind") == "clause" for t in as_set(r.get("topics"))}
        pred_cov = {t for r in preds[d.doc_id] for t in as_set(r.get("topics"))}
        for t in gold_cov | pred_cov:
            counts[(d.set_name, t)][3] += t in gold_cov and t in pred_cov  # cells both cover
            counts[(d.set_name, t)][4] += t in gold_cov ^ pred_cov  # cells that disagree
    return counts


def f1(tp, fp, fn) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def summarise(counts: dict, docs: list[CodedDocument], topics: list[str], choice: dict | None = None) -> dict:
    """Micro-F1 of topics and coverage-cell agreement per set and over all, from per-(set, topic) counts.

    ``choice``: topic -> key of the counts to take that topic's figures from (for mixed combinations):
    ``counts`` is then {key: counts}.
    """
    sets = list(dict.fromkeys(d.set_name for d in docs))
    ndocs = {s: sum(d.set_name == s for d in docs) for s in sets}
    out = {}
    for s in sets + ["all"]:
        members = sets if s == "all" else [s]
        c = np.zeros(5, dtype=np.int64)
        for m in members:
            for t in topics:
                src = counts[choice[t]] if choice is not None else counts
                c += src.get((m, t), 0)
        cells = sum(ndocs[m] for m in members) * len(topics)
        out[s] = {"topics_f1": round(f1(*c[:3]), 4), "precision": round(c[0] / max(c[0] + c[1], 1), 4),
                  "recall": round(c[0] / max(c[0] + c[2], 1), 4), "cells_agree": round(1 - c[4] / cells, 4),
                  "documents": ndocs.get(s, sum(ndocs.values()))}
    return out


def per_topic(counts: dict, topics: list[str], choice: dict | None = None) -> dict:
    out = {}
    for t in topics:
        src = counts[choice[t]] if choice is not None else counts
        c = sum((v for (s, lab), v in src.items() if lab == t), np.zeros(5, dtype=np.int64))
        out[t] = {"f1": round(f1(*c[:3]), 3), "tp": int(c[0]), "fp": int(c[1]), "fn": int(c[2])}
    return out


def _objective(c_by_group: dict) -> float:
    """Mean over the two groups (invented/seed protocols, real pages) of micro-F1: real pages weigh as much."""
    vals = [f1(*c[:3]) for c in c_by_group.values() if c[:3].sum()]
    return float(np.mean(vals)) if vals else 0.0


def _group(set_name: str) -> str:
    return "real" if set_name.startswith("real") else "invented"


def choose(counts_by_key: dict, topics: list[str], keys: list, passes: int = 3) -> dict:
    """Per topic, the key (rules, or (mode, threshold, inherit)) that maximises the objective, by coordinate
    ascent."""
    choice = {t: "rules" for t in topics}

    def total(ch):
        g: dict = defaultdict(lambda: np.zeros(5, dtype=np.int64))
        for t in topics:
            for (s, lab), v in counts_by_key[ch[t]].items():
                if lab == t:
                    g[_group(s)] += v
        return _objective(g)

    best = total(choice)
    for _ in range(passes):
        changed = False
        for t in topics:
            for key in keys:
                if key == choice[t]:
                    continue
                trial = {**choice, t: key}
                val = total(trial)
                if val > best + 1e-9:
                    best, choice, changed = val, trial, True
        if not changed:
            break
    return choice


def strategy_choice(grid: dict, topics: list[str], strategy: str) -> dict:
    """topic -> combination key chosen from a grid of counts, by one of the :data:`STRATEGIES`.

    - ``rules``: the patterns alone;
    - ``global_union``: every topic in union with one threshold;
    - ``per_topic_mode``: one threshold, and per topic rules, union or learned;
    - ``per_topic``: per topic rules, or union or learned at a threshold of its own.

    Each key but ``rules`` also says whether list items take the topic from their lead-in when the model
    gave it there (``inherit``): chosen per topic in ``per_topic_mode`` and ``per_topic``, one for all topics
    in ``global_union``.
    """
    keys = [key for key in grid if key != "rules"]
    if strategy == "rules":
        return {t: "rules" for t in topics}
    if strategy == "global_union":
        best = max((key for key in keys if key[0] == "union"), key=lambda key: _objective(_groups(grid[key], topics)))
        return {t: best for t in topics}
    if strategy == "per_topic_mode":
        options = []
        for thr in sorted({key[1] for key in keys}):
            choice = choose(grid, topics, ["rules"] + [key for key in keys if key[1] == thr])
            options.append((_objective(_groups_mixed(grid, topics, choice)), -thr, choice))
        return max(options, key=lambda o: o[:2])[2]
    if strategy == "per_topic":
        return choose(grid, topics, ["rules"] + keys)
    raise ValueError(f"unknown strategy {strategy!r}")


STRATEGIES = ("rules", "global_union", "per_topic_mode", "per_topic")


def combined_model(base: TopicModel, choice: dict) -> TopicModel:
    modes = tuple("rules" if choice[t] == "rules" else choice[t][0] for t in base.topics)
    thr = np.asarray([0.5 if choice[t] == "rules" else choice[t][1] for t in base.topics])
    inherit = frozenset(t for t in base.topics if choice[t] != "rules" and choice[t][2])
    return replace(base, modes=modes, thresholds=thr, inherit=inherit)


def grid_counts(docs: list[CodedDocument], models: dict[str, TopicModel], topics: list[str],
                thresholds: tuple[float, ...] = THRESHOLDS) -> dict:
    """Counts of every combination key (rules; (union|learned, threshold, inherit)) over ``docs``.

    ``models``: doc_id -> the model that did not see that document. Topics do not interact, so one run
    per key, all topics in the same mode, gives every topic's figures under that key.
    """
    out = {"rules": topic_counts(docs, {d.doc_id: predicted_rows(d, None) for d in docs})}
    for mode in ("union", "learned"):
        for thr in thresholds:
            for inherit in (False, True):
                preds = {}
                for d in docs:
                    m = models[d.doc_id]
                    preds[d.doc_id] = predicted_rows(d, replace(
                        m, modes=(mode,) * len(m.topics), thresholds=np.full(len(m.topics), thr),
                        inherit=frozenset(m.topics) if inherit else frozenset()))
                out[(mode, thr, inherit)] = topic_counts(docs, preds)
    return out


def out_of_fold_models(docs: list[CodedDocument], topics: list[str], params: Params, k: int, seed: int,
                       subset: list[int] | None = None, by_set: bool = True) -> dict[str, TopicModel]:
    """doc_id -> a model trained on the other folds (within ``subset`` of the documents)."""
    subset = list(range(len(docs))) if subset is None else subset
    members = [docs[i] for i in subset]
    fold = fold_numbers(members, k, seed, by_set)
    models = {}
    for f in range(k):
        train = [e for d, fd in zip(members, fold) if fd != f for e in d.examples]
        model = fit(train, topics, params, seed)
        for d, fd in zip(members, fold):
            if fd == f:
                models[d.doc_id] = model
    return models


def _groups(counts: dict, topics: list[str]) -> dict:
    g: dict = defaultdict(lambda: np.zeros(5, dtype=np.int64))
    for (s, lab), v in counts.items():
        if lab in topics:
            g[_group(s)] += v
    return g


def _groups_mixed(grid: dict, topics: list[str], choice: dict) -> dict:
    g: dict = defaultdict(lambda: np.zeros(5, dtype=np.int64))
    for t in topics:
        for (s, lab), v in grid[choice[t]].items():
            if lab == t:
                g[_group(s)] += v
    return g


def _key_json(key) -> dict | str:
    return "rules" if key == "rules" else {"mode": key[0], "threshold": key[1], "inherit_lead_in": key[2]}


def cross_validate(docs: list[CodedDocument], topics: list[str], params: Params = Params(), k: int = 5,
                   seed: int = SEED, nested: bool = True, log=print,
                   thresholds: tuple[float, ...] = THRESHOLDS, by_set: bool = True) -> dict:
    """Grouped K-fold figures of rules, learned and every combination strategy, and the combination chosen.

    Folds hold out whole real sets (``by_set``, :func:`set_grouped_folds`), else documents.
    Out of fold: each document is tagged by a model that did not see it. In sample: a strategy's choice
    (thresholds, modes) is made on all documents' out-of-fold figures and scored on the same documents,
    which flatters it. Nested: each outer fold's choice is made by an inner K-fold on the other documents
    only, then scored on the fold; the strategy with the best nested objective is the one shipped.
    """
    t0 = time.time()
    models = out_of_fold_models(docs, topics, params, k, seed, by_set=by_set)
    grid = grid_counts(docs, models, topics, thresholds)
    log(f"  out-of-fold grid done in {time.time() - t0:.0f}s")
    learned_key = max((key for key in grid if key != "rules" and key[0] == "learned"),
                      key=lambda key: _objective(_groups(grid[key], topics)))
    report: dict = {"folds": k, "folds_by": "set" if by_set else "document", "seed": seed, "documents": len(docs),
                    "objective": "mean micro-F1 of topics over two groups: invented/seed protocols and real pages",
                    "out_of_fold": {"learned": {"threshold": learned_key[1], **summarise(grid[learned_key], docs, topics)}},
                    "in_sample": {}, "nested": {}, "choices": {}}
    objective = {}
    for strategy in STRATEGIES:
        choice = strategy_choice(grid, topics, strategy)
        report["choices"][strategy] = {t: _key_json(c) for t, c in choice.items()}
        report["in_sample"][strategy] = summarise(grid, docs, topics, choice)
        objective[strategy] = round(_objective(_groups_mixed(grid, topics, choice)), 4)
        report["per_topic"] = {"rules": per_topic(grid["rules"], topics),
                               "learned": per_topic(grid[learned_key], topics)}
    report["objective_in_sample"] = objective
    if nested:
        report["nested"], report["objective_nested"] = nested_check(docs, topics, params, k, seed, models, log,
                                                                    thresholds, by_set)
        ranked = report["objective_nested"]
    else:  # without the nested check, the strategy with fewest free choices that beats the rules
        ranked = {s: objective[s] for s in ("rules", "global_union")}
    report["strategy"] = max(ranked, key=lambda s: (ranked[s], -STRATEGIES.index(s)))
    report["choice"] = report["choices"][report["strategy"]]
    return report


def nested_check(docs, topics, params, k, seed, models, log, thresholds=THRESHOLDS,
                 by_set=True) -> tuple[dict, dict]:
    """Per strategy: each outer fold's choice made by an inner K-fold on the other documents, scored on it."""
    fold = fold_numbers(docs, k, seed, by_set)
    counts = {s: defaultdict(lambda: np.zeros(5, dtype=np.int64)) for s in STRATEGIES}
    for f in range(k):
        inner = [i for i in range(len(docs)) if fold[i] != f]
        inner_models = out_of_fold_models(docs, topics, params, k - 1, seed + 1, inner, by_set)
        grid = grid_counts([docs[i] for i in inner], inner_models, topics, thresholds)
        test = [d for d, fd in zip(docs, fold) if fd == f]
        outer_model = models[test[0].doc_id]  # trained on exactly the inner folds' documents
        for strategy in STRATEGIES:
            choice = strategy_choice(grid, topics, strategy)
            preds = {d.doc_id: predicted_rows(d, combined_model(outer_model, choice)) for d in test}
            for key, v in topic_counts(test, preds).items():
                counts[strategy][key] += v
        log(f"  nested fold {f + 1}/{k} done")
    return ({s: {**summarise(counts[s], docs, topics), "per_topic": per_topic(counts[s], topics)} for s in STRATEGIES},
            {s: round(_objective(_groups(counts[s], topics)), 4) for s in STRATEGIES})


def _choice_of(report_choice: dict) -> dict:
    """A report's per-topic choice (JSON) as the keys :func:`combined_model` takes."""
    return {t: ("rules" if c == "rules" else (c["mode"], c["threshold"], c["inherit_lead_in"]))
            for t, c in report_choice.items()}


def contract_strategy(model: TopicModel, report: dict, docs: list[CodedDocument], topics: list[str],
                      floor: float = CONTRACT_FLOOR) -> tuple[str, dict]:
    """The best-ranked strategy (by the objective that chose it) whose model, fitted on every document, keeps
    topics and coverage cells of every contract file (``../shared/gold``) at ``floor`` in sample, with the
    figures of it and of every strategy passed over (the one keeping the highest lowest figure if none passes).
    """
    ranked = report.get("objective_nested") or report["objective_in_sample"]
    order = sorted(ranked, key=lambda s: (-ranked[s], STRATEGIES.index(s)))
    contract = [d for d in docs if d.set_name in CONTRACT_SETS]
    seen: dict[str, dict] = {}
    for strategy in order:
        combined = combined_model(model, _choice_of(report["choices"][strategy]))
        figures = summarise(topic_counts(contract, {d.doc_id: predicted_rows(d, combined) for d in contract}),
                            contract, topics)
        seen[strategy] = {name: {"topics_f1": f["topics_f1"], "cells_agree": f["cells_agree"]}
                          for name, f in figures.items() if name != "all"}
        if all(v >= floor for f in seen[strategy].values() for v in f.values()):
            return strategy, seen
    return max(seen, key=lambda s: min((v for f in seen[s].values() for v in f.values()), default=0.0)), seen


# --------------------------------------------------------------------------- command line

def format_table(report: dict) -> str:
    """Markdown table: topics micro-F1 / coverage cells agreeing, per set, for rules, learned and combined."""
    sets = list(report["in_sample"]["rules"])
    rows = [("rules", report["in_sample"]["rules"]),
            (f"learned alone (p >= {report['out_of_fold']['learned']['threshold']})", report["out_of_fold"]["learned"])]
    for strategy in STRATEGIES[1:]:
        rows.append((f"{strategy}, in sample", report["in_sample"][strategy]))
    for strategy in STRATEGIES[1:] if report["nested"] else ():
        rows.append((f"{strategy}, nested", report["nested"][strategy]))
    lines = ["| | " + " | ".join(sets) + " |", "|---|" + "---|" * len(sets)]
    for name, fig in rows:
        lines.append(f"| {name} | " + " | ".join(f"{fig[s]['topics_f1']:.3f} / {fig[s]['cells_agree']:.3f}"
                                                 for s in sets) + " |")
    obj = report.get("objective_nested") or report["objective_in_sample"]
    lines.append("\nobjective (" + ("nested" if report.get("objective_nested") else "in sample") + "): "
                 + ", ".join(f"{s} {v:.3f}" for s, v in obj.items()))
    inherited = sorted(t for t, c in report["choice"].items() if c != "rules" and c["inherit_lead_in"])
    lines.append(f"shipped: {report['strategy']} (items inherit the learned topics {', '.join(inherited) or 'none'})")
    return "\n".join(lines)


def training_parser(module: str, description: str, name: str, c: float,
                    folds_help: str | None = None) -> argparse.ArgumentParser:
    """The command line every trainer shares: the coded sets, where the model goes, folds, seed, C, --cv-only and
    --hold-out (``folds_help``: a trainer whose folds may also be dealt by document says so, and gets --folds-by)."""
    ap = argparse.ArgumentParser(prog=f"python -m protocol_analytics.{module}", description=description)
    ap.add_argument("--set", nargs=3, action="append", metavar=("NAME", "GOLD", "RAW_DIR"),
                    help="a coded set: its name, gold JSONL and raw folder (repeatable; default: every set found)")
    ap.add_argument("--out", default=str(config.PACKAGE_DATA), help="folder for <name>.npz and <name>.json")
    ap.add_argument("--name", default=name)
    ap.add_argument("--folds", type=int, default=5)
    if folds_help:
        ap.add_argument("--folds-by", choices=("set", "document"), default="set", help=folds_help)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--C", type=float, default=c)
    ap.add_argument("--cv-only", action="store_true", help="report the cross-validation, write no model")
    ap.add_argument("--hold-out", nargs="*", default=[], metavar="SET",
                    help="coded sets left out of training and cross-validation (set name or gold file stem)")
    return ap


def chosen_sets(args: argparse.Namespace) -> list[tuple[str, Path, Path]]:
    """The sets a trainer's command line names (``--set``, else every set found), without those ``--hold-out`` names."""
    return without_held_out([(n, Path(g), Path(r)) for n, g, r in args.set] if args.set else default_sets(),
                            args.hold_out)


def main(argv: list[str] | None = None) -> int:
    ap = training_parser("topic_training", __doc__.split("\n")[0], DEFAULT_MODEL, Params.C,
                         "cross-validation folds hold out whole real sets (a batch of councils' pages), as a new "
                         "batch meets the model (default), or documents dealt round the folds")
    ap.add_argument("--no-nested", action="store_true", help="skip the nested check of the chosen combination")
    ap.add_argument("--report", help="also write the cross-validation report (JSON) here")
    args = ap.parse_args(argv)
    sets = chosen_sets(args)
    topics = [t.id for t in load_taxonomy()]
    params = replace(Params(), C=args.C)
    docs = load_documents(sets)
    if len(docs) < args.folds:
        print(f"only {len(docs)} documents: fewer than {args.folds} folds", file=sys.stderr)
        return 2
    report = cross_validate(docs, topics, params, args.folds, args.seed, nested=not args.no_nested,
                            by_set=args.folds_by == "set")
    print(format_table(report))
    if args.report:
        Path(args.report).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    if args.cv_only:
        return 0
    model = fit([e for d in docs for e in d.examples], topics, params, args.seed, args.name)
    report["cross_validated_strategy"] = report["strategy"]
    report["strategy"], report["contract_in_sample"] = contract_strategy(model, report, docs, topics)
    report["contract_floor"] = CONTRACT_FLOOR
    report["choice"] = report["choices"][report["strategy"]]
    print(f"shipped: {report['strategy']} (in sample on the contract's files: "
          + "; ".join(f"{s}: {name} " + ", ".join(f"{k} {v:.3f}" for k, v in f.items())
                      for s, figs in report["contract_in_sample"].items() for name, f in figs.items()) + ")")
    model = combined_model(model, _choice_of(report["choice"]))
    import sklearn

    meta = {
        "trained_with": {"scikit_learn": sklearn.__version__, "numpy": np.__version__,
                         "command": "make train (python -m protocol_analytics.topic_training)"},
        "seed": args.seed,
        "hyper_parameters": {**params.__dict__, "model": "logistic regression per topic (lbfgs, L2)",
                             "features": "binary stemmed word 1-2-grams, section-title words, lead-in 1-2-grams, the "
                                         "clause's roles, duties and escalation targets; idf; L2; plus the document's "
                                         "words as a block of their own (idf, L2, x document)"},
        "training_files": [{"set": n, "gold": _shown(g), "gold_sha256": next(d.gold_sha256 for d in docs if d.set_name == n), "raw_dir": _shown(r),
                            "documents": sum(d.set_name == n for d in docs),
                            "clauses": sum(len(d.examples) for d in docs if d.set_name == n),
                            "raw_sha256": {d.doc_id: d.raw_sha256 for d in docs if d.set_name == n}}
                           for n, g, r in sets if any(d.set_name == n for d in docs)],
        "held_out": sorted(args.hold_out),
        "vocabulary": {"features": len(model.vocab), "min_documents": params.min_docs},
        # the tags its label features read: retrain when either changes
        "inputs": {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in (
            ("lexicon", config.PACKAGE_DATA / "lexicon.v1.yaml"),
            ("escalation_model_npz", config.PACKAGE_DATA / "escalation_model.v1.npz"),
            ("escalation_model_json", config.PACKAGE_DATA / "escalation_model.v1.json"),
            ("role_model_npz", config.PACKAGE_DATA / "role_model.v1.npz"),
            ("role_model_json", config.PACKAGE_DATA / "role_model.v1.json")) if path.is_file()},
        "cross_validation": {k: v for k, v in report.items() if k not in ("choice", "choices")},
    }
    npz, info = model.save(Path(args.out), meta)
    print(f"wrote {npz} and {info}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
