"""Train the learned document subject (:mod:`protocol_analytics.subject_model`) and choose its threshold by
cross-validation.

``make train`` runs ``python -m protocol_analytics.subject_training`` first: the other models are trained on
the tagging it takes part in. Its examples are the coded real pages whose genre is known (the ``genre`` column
of ``tests/data/real/sources.csv`` and ``../shared/real/sources.csv``). A page of a genre that describes one
role or body (:data:`SUBJECT_GENRES`) has as its subject the role that bears the most of its coded duties,
where that role bears at least half of them; any other page has none. Every role of
:data:`~protocol_analytics.subject_model.SUBJECT_ROLES` is a candidate of every page, labelled by whether it
is the page's subject. Folds hold out whole real sets (a batch of councils' pages at a time, as a new batch
meets the model); on the pages the rules leave without a subject, each threshold is scored by the subjects it
gives right, less those it gives wrong and those it gives to pages that have none (a page titled as a
meeting's record gets none, as at run time), and the best is shipped.
"""
from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from . import config
from .candidate_model import CandidateModel, fit_linear
from .subject_model import DEFAULT_MODEL, SUBJECT_ROLES, candidate_features, document_features, titled_as_record
from .topic_training import _raw_file, _shown, chosen_sets, set_grouped_folds, training_parser

C = 10.0  # inverse L2 strength (grouped CV over the real pages: 0.3, 1, 3, 10, 30 -> 10 best at its threshold)
SUBJECT_GENRES = ("role_description", "personnel_tor", "standards_tor", "scrutiny")
MAJORITY = 0.5  # the share of a page's coded duties its subject bears, at least
THRESHOLDS = tuple(round(0.5 + 0.05 * k, 2) for k in range(10))
SOURCES = ("tests/data/real/sources.csv", "../shared/real/sources.csv")  # relative to the checkout


@dataclass(frozen=True)
class CodedPage:
    """One coded page: its text, its coded subject (or None) and the rules' subject (or None)."""
    set_name: str
    doc_id: str
    text: str
    subject: str | None
    rules_subject: str | None
    features: tuple[list[str], ...]  # per role of SUBJECT_ROLES, in that order
    record: bool = False  # titled as a meeting's record: the model gives it no subject


def page_genres(root: Path | None = None) -> dict[str, str]:
    """doc_id -> genre of every real page listed in the sources files beside the checkout."""
    root = root or config.PACKAGE_DIR.parent
    out: dict[str, str] = {}
    for rel in SOURCES:
        path = root / rel
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as f:
                out.update({r["doc_id"]: r["genre"] for r in csv.DictReader(f) if r.get("genre")})
    return out


def coded_subject(clauses: list[dict], genre: str) -> str | None:
    """The role a page of ``genre`` is about, read from its coding: the role bearing the most of its coded duties,
    where it bears at least half of them and the genre describes one role or body.

    >>> coded_subject([{"roles": ["clerk"], "duties": ["obligation"]}, {"roles": [], "duties": ["none"]}],
    ...               "role_description")
    'clerk'
    >>> coded_subject([{"roles": ["clerk"], "duties": ["obligation"]}], "protocol") is None
    True
    """
    if genre not in SUBJECT_GENRES:
        return None
    with_duty = [c for c in clauses if set(c.get("duties") or ()) - {"none"}]
    counts = Counter(r for c in with_duty for r in set(c.get("roles") or ()) if r in SUBJECT_ROLES)
    if not counts:
        return None
    role, n = max(sorted(counts.items()), key=lambda kv: kv[1])
    return role if n >= MAJORITY * len(with_duty) else None


def load_pages(sets: list[tuple[str, Path, Path]], genres: dict[str, str], log=print) -> list[CodedPage]:
    """Every coded page of a known genre that has a raw file, read as the build reads it."""
    from .build.documents import DocumentTask, PreparedDocument, prepare_document
    from .build.settings import Settings
    from .nlp.rules import document_subject
    from .tag import pipeline_lexicon

    lex = pipeline_lexicon(None)
    settings = Settings()
    seen: set[str] = set()
    pages: list[CodedPage] = []
    for name, gold_path, raw_dir in sets:
        by_doc: dict[str, list[dict]] = defaultdict(list)
        for line in Path(gold_path).read_text(encoding="utf-8").splitlines():
            r = json.loads(line) if line.strip() else None
            if r and r.get("kind") == "clause" and r["doc_id"] not in seen and r["doc_id"] in genres:
                by_doc[r["doc_id"]].append(r)
        seen |= set(by_doc)
        for doc_id, clauses in by_doc.items():
            path = _raw_file(Path(raw_dir), doc_id)
            prepared = prepare_document(DocumentTask(path, Path(raw_dir), None, settings, doc_id)) if path else None
            if not isinstance(prepared, PreparedDocument):
                continue
            text = prepared.result.text
            doc = document_features(text, lex)
            pages.append(CodedPage(name, doc_id, text, coded_subject(clauses, genres[doc_id]),
                                   document_subject(text, lex),
                                   tuple(candidate_features(role, doc) for role in SUBJECT_ROLES),
                                   titled_as_record(text, lex)))
        if by_doc:
            log(f"{name}: {len(by_doc)} pages of a known genre")
    return pages


def fit(pages: list[CodedPage], c: float, seed: int, name: str = DEFAULT_MODEL) -> CandidateModel:
    rows, labels, groups = [], [], []
    for page in pages:
        for role, feats in zip(SUBJECT_ROLES, page.features, strict=True):
            rows.append(feats)
            labels.append(role == page.subject)
            groups.append(page.doc_id)
    return fit_linear(rows, labels, groups, name, c, seed)


def choice(model: CandidateModel, page: CodedPage) -> tuple[str, float]:
    probs = model.probabilities(page.features)
    k = int(np.argmax(probs))
    return SUBJECT_ROLES[k], float(probs[k])


def outcome(page: CodedPage, chosen: str | None) -> str:
    """right / wrong (another role) / false (a page without one) / missed / none, for a page the rules left."""
    if chosen is None:
        return "missed" if page.subject else "none"
    return "right" if chosen == page.subject else "wrong" if page.subject else "false"


def cross_validate(pages: list[CodedPage], folds: int, c: float, seed: int) -> dict:
    """Out-of-fold choices on the pages the rules leave without a subject, scored at every threshold."""
    fold = set_grouped_folds(pages, folds, seed)  # (reads each page's set_name only)
    chosen: dict[str, tuple[str, float]] = {}
    for k in range(folds):
        model = fit([p for p, f in zip(pages, fold) if f != k], c, seed)
        for p, f in zip(pages, fold):
            if f == k:
                chosen[p.doc_id] = choice(model, p)
    left = [p for p in pages if p.rules_subject is None]
    for p in left:
        if p.record:
            chosen[p.doc_id] = (chosen[p.doc_id][0], 0.0)
    table = {}
    for t in THRESHOLDS:
        counts = Counter(outcome(p, chosen[p.doc_id][0] if chosen[p.doc_id][1] >= t else None) for p in left)
        table[str(t)] = {**{k: counts[k] for k in ("right", "wrong", "false", "missed", "none")},
                         "net": counts["right"] - counts["wrong"] - counts["false"]}
    best = max(THRESHOLDS, key=lambda t: (table[str(t)]["net"], t))
    return {"folds": folds, "pages": len(pages), "pages_without_rules_subject": len(left),
            "with_coded_subject": sum(p.subject is not None for p in left), "by_threshold": table, "threshold": best}


def main(argv: list[str] | None = None) -> int:
    args = training_parser("subject_training", __doc__.split("\n")[0], DEFAULT_MODEL, C).parse_args(argv)
    sets = chosen_sets(args)
    pages = load_pages(sets, page_genres())
    if len({p.set_name for p in pages}) < args.folds or not any(p.subject for p in pages):
        print(f"{len(pages)} coded pages of a known genre: too few for {args.folds} folds", file=sys.stderr)
        return 2
    report = cross_validate(pages, args.folds, args.C, args.seed)
    for t, row in report["by_threshold"].items():
        print(f"p >= {t}: " + ", ".join(f"{k} {v}" for k, v in row.items()))
    print(f"threshold {report['threshold']} (pages the rules leave without a subject: "
          f"{report['pages_without_rules_subject']}, {report['with_coded_subject']} of them with one coded)")
    if args.cv_only:
        return 0
    model = replace(fit(pages, args.C, args.seed, args.name), threshold=report["threshold"])
    import sklearn

    used = [(n, g, r) for n, g, r in sets if any(p.set_name == n for p in pages)]
    meta = {
        "trained_with": {"scikit_learn": sklearn.__version__, "numpy": np.__version__,
                         "command": "make train (python -m protocol_analytics.subject_training)"},
        "seed": args.seed,
        "hyper_parameters": {"C": args.C, "class_weight": "balanced", "min_documents": 2,
                             "model": "one logistic regression over every role as a page's subject (lbfgs, L2)",
                             "features": "binary, L2-normalised: the words and word pairs of the title lines, the "
                                         "words of the opening, a terms-of-reference heading, a role-description "
                                         "title, the count of function lines, where and how often the role is "
                                         "named in the titles and the opening; each conjoined with the role"},
        "training_files": [{"set": n, "gold": _shown(g), "raw_dir": _shown(r),
                            "gold_sha256": hashlib.sha256(Path(g).read_bytes()).hexdigest(),
                            "pages": sum(p.set_name == n for p in pages),
                            "with_subject": sum(p.set_name == n and p.subject is not None for p in pages)}
                           for n, g, r in used],
        "held_out": sorted(args.hold_out),
        "vocabulary": len(model.vocab),
        "cross_validation": report,
    }
    npz, info = model.save(Path(args.out), meta)
    print(f"wrote {npz} and {info}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
