"""Train the learned escalation-target model and choose how it combines with the rules, by cross-validation.

``make train`` runs ``python -m protocol_analytics.escalation_training`` before the topic model (whose
features include the escalation targets this model gives): it reads
every hand-coded gold file on the machine (as :mod:`protocol_analytics.topic_training` does), runs the
package's segmentation and rule tagging (rules alone for escalation), and takes as training examples every
candidate (:func:`protocol_analytics.escalation_model.candidates`) of every pipeline clause matched to a gold
clause, labelled by whether its target is among the gold clause's targets.

Cross-validation leaves documents out (grouped K-fold by ``doc_id``); each held-out clause is combined with
the rules exactly as at run time (:func:`protocol_analytics.escalation_model.combined_targets`) under every
mode and threshold, and scored as ``shared/tools/score_clauses.py`` scores escalation targets (micro-F1 over
matched clauses). The rules themselves cannot be held out: they were written while reading most of the real
pages. So the real pages' side of the objective is taken from the sets the rules were *not* written on
(``--rules-unseen``: the real batches whose first run was recorded before any rule was changed for them);
the objective is the mean of micro-F1 over the invented/seed documents and over those real pages.
"""
from __future__ import annotations

import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .candidate_model import MODES, fit_linear
from .escalation_model import (
    DEFAULT_MODEL,
    EscalationModel,
    best_per_target,
    candidate_features,
    candidates,
    combined_targets,
)
from .evaluate import as_set, match_clauses
from .topic_training import (
    CONTRACT_FLOOR,
    CONTRACT_SETS,
    SEED,
    CodedDocument,
    _shown,
    chosen_sets,
    f1,
    folds_of,
    load_documents,
    set_grouped_folds,
    training_parser,
)

THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
TIE = 0.002  # objectives closer than this are a tie (about one label in 500)
C = 3.0  # inverse L2 strength (grouped CV objective: 0.3 -> 0.809, 1 -> 0.825, 3 -> 0.827, 10 -> 0.818)


@dataclass
class ClauseExample:
    """One matched clause: its gold targets, the rules' targets, and its candidates' (target, features)."""
    doc_id: str
    set_name: str
    gold: set[str]
    rules: list[str]
    candidates: list[tuple[str, list[str]]]


def clause_examples(doc: CodedDocument) -> list[ClauseExample]:
    """The matched clauses of one coded document, with their candidates' features (from the rules' tags)."""
    from .tag import pipeline_lexicon  # deferred: the lexicon the tagging used

    lex = pipeline_lexicon(None)
    gold = [r for r in doc.gold if r.get("kind") == "clause"]
    pred = doc.clauses.to_dict("records")
    out = []
    for i, j, _ in match_clauses(gold, pred):
        rules = sorted(as_set(pred[j].get("escalation_targets")))
        feats = [(c.target, candidate_features(c, lex, set(rules), bool(pred[j].get("lead_in"))))
                 for c in candidates(doc.docs[j], lex)]
        out.append(ClauseExample(doc.doc_id, doc.set_name, as_set(gold[i].get("escalation_targets")), rules, feats))
    return out


def fit(examples: list[ClauseExample], c: float = C, seed: int = SEED, min_docs: int = 2,
        name: str = DEFAULT_MODEL) -> EscalationModel:
    """One logistic regression over every candidate of ``examples``."""
    rows = [(feats, target in e.gold, e.doc_id) for e in examples for target, feats in e.candidates]
    return fit_linear([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], name, c, seed, min_docs)


def scored_of(model: EscalationModel, example: ClauseExample) -> dict:
    """target -> (probability, None) of the example's best-scored candidate per target."""
    if not example.candidates:
        return {}
    probs = model.probabilities([f for _, f in example.candidates])
    return {t: (p, None) for t, (p, _) in best_per_target([t for t, _ in example.candidates], probs).items()}


def predicted(model: EscalationModel, example: ClauseExample, scored: dict) -> set[str]:
    kept, added = combined_targets(model, scored, example.rules)
    return set(kept) | set(added)


def group_of(set_name: str, rules_unseen: set[str]) -> str | None:
    """"invented", "real" (a set the rules were not written on) or None (real, but the rules read it)."""
    if not set_name.startswith("real"):
        return "invented"
    return "real" if set_name in rules_unseen else None


def set_folds(docs: list[CodedDocument], seed: int = SEED) -> tuple[list[int], int]:
    """(a fold per document, the number of folds) holding out one real set (a batch of pages) at a time, as a
    new batch of councils' pages meets the model; invented documents are dealt round the same folds."""
    k = max(len({d.set_name for d in docs if d.set_name.startswith("real")}), 2)
    return set_grouped_folds(docs, k, seed, shuffle=False), k


def cross_validate(docs: list[CodedDocument], examples: dict[str, list[ClauseExample]], rules_unseen: set[str],
                   k: int = 5, c: float = C, seed: int = SEED, log=print, what: str = "escalation targets",
                   by_set: bool = False) -> dict:
    """Out-of-fold figures of every (mode, threshold), per set and per group, and the choice (for any model
    whose examples are :class:`ClauseExample`: the role model's too). ``by_set``: each real set is one fold
    (:func:`set_folds`), else documents are dealt round ``k`` folds."""
    t0 = time.time()
    fold, k = set_folds(docs, seed) if by_set else (folds_of(docs, k, seed), k)
    scored: dict[str, list[dict]] = {}
    for f in range(k):
        model = fit([e for d, fd in zip(docs, fold) if fd != f for e in examples[d.doc_id]], c, seed)
        for d, fd in zip(docs, fold):
            if fd == f:
                scored[d.doc_id] = [scored_of(model, e) for e in examples[d.doc_id]]
    log(f"  out-of-fold models done in {time.time() - t0:.0f}s")
    keys = [("rules", 0.5)] + [(m, t) for m in MODES[1:] for t in THRESHOLDS]
    figures = {}
    for mode, thr in keys:
        probe = EscalationModel("probe", {}, np.zeros(0), 0.0, thr, mode)
        counts: dict = defaultdict(lambda: np.zeros(3, dtype=np.int64))
        for d in docs:
            for e, s in zip(examples[d.doc_id], scored[d.doc_id], strict=True):
                p = predicted(probe, e, s)
                v = np.asarray([len(p & e.gold), len(p - e.gold), len(e.gold - p)])
                counts[d.set_name] += v
                counts["all real" if d.set_name.startswith("real") else "all invented"] += v
                g = group_of(d.set_name, rules_unseen)
                if g:
                    counts[f"objective:{g}"] += v
        groups = [f1(*counts[f"objective:{g}"]) for g in ("invented", "real") if counts[f"objective:{g}"].sum()]
        recalls = [tp / (tp + fn) for tp, _, fn in (counts[f"objective:{g}"] for g in ("invented", "real")) if tp + fn]
        figures[f"{mode}@{thr}" if mode != "rules" else "rules"] = {
            "objective": round(float(np.mean(groups)), 4) if groups else 0.0,
            "recall": round(float(np.mean(recalls)), 4) if recalls else 0.0,
            **{name: round(f1(*v), 4) for name, v in sorted(counts.items()) if not name.startswith("objective")}}
    mode, thr = mode_and_threshold(choose_combination(figures))
    return {"folds": k, "folds_by": "set" if by_set else "document", "seed": seed, "C": c, "documents": len(docs),
            "rules_unseen": sorted(rules_unseen),
            "objective": f"mean micro-F1 of {what} over invented/seed documents and the real sets "
                         "the rules were not written on (out of fold)",
            "figures": figures, "mode": mode, "threshold": thr}


def choose_combination(figures: dict) -> str:
    """The key to ship: within TIE of the best objective, the one with most recall (mean over the objective's
    groups), then the simpler.

    Recall decides a tie because it is what unseen pages lack (precision 0.86, recall 0.52 on a first run);
    simpler means the rules, then union (which keeps every rules' row), then the higher objective.
    """
    top = max(f["objective"] for f in figures.values())
    tied = [key for key in figures if round(top - figures[key]["objective"], 4) < TIE]
    return max(tied, key=lambda key: (figures[key].get("recall", 0.0), key == "rules", key.startswith("union"),
                                      figures[key]["objective"]))


def mode_and_threshold(key: str) -> tuple[str, float]:
    """A combination key of the figures ("rules", "learned@0.7") as (mode, threshold)."""
    if key == "rules":
        return "rules", 0.5
    mode, thr = key.split("@")
    return mode, float(thr)


def ranked_combinations(figures: dict) -> list[str]:
    """Every key in the order :func:`choose_combination` prefers them: its choice, then its choice among the
    rest, and so on."""
    left = dict(figures)
    ranked = []
    while left:
        ranked.append(choose_combination(left))
        del left[ranked[-1]]
    return ranked


def in_sample_f1(model: EscalationModel, examples: list[ClauseExample], key: str) -> float:
    """Micro-F1 of ``examples`` tagged by ``model`` combined as ``key`` says (``"rules"``, ``"learned@0.7"``)."""
    mode, thr = mode_and_threshold(key)
    probe = replace(model, mode=mode, threshold=thr)
    counts = np.zeros(3, dtype=np.int64)
    for e in examples:
        p = predicted(probe, e, scored_of(model, e))
        counts += [len(p & e.gold), len(p - e.gold), len(e.gold - p)]
    return round(f1(*counts), 4)


def contract_choice(model: EscalationModel, ranked: list[str], contract: dict[str, list[ClauseExample]],
                    floor: float = CONTRACT_FLOOR) -> tuple[str, dict]:
    """The first of ``ranked`` whose in-sample figure on every contract file is at least ``floor``, with the
    figures of it and of every key passed over (the key keeping the highest lowest figure if none passes).

    Cross-validation ranks the keys by what they do on pages the model did not see; the shipped model has seen
    the contract's files, and the package is held to ``floor`` on them as shipped."""
    seen: dict[str, dict] = {}
    for key in ranked:
        seen[key] = {name: in_sample_f1(model, ex, key) for name, ex in contract.items()}
        if all(v >= floor for v in seen[key].values()):
            return key, seen
    return max(seen, key=lambda k: min(seen[k].values(), default=0.0)), seen


def format_table(report: dict) -> str:
    """Markdown table of micro-F1 per set, for the rules and the best key of each mode."""
    figs = report["figures"]
    shown = ["rules"] + [max((key for key in figs if key.startswith(m + "@")), key=lambda key: figs[key]["objective"])
                         for m in MODES[1:]]
    sets = [s for s in figs["rules"] if s != "objective"]
    lines = ["| | objective | " + " | ".join(sets) + " |", "|---|---|" + "---|" * len(sets)]
    for key in shown:
        lines.append(f"| {key} | {figs[key]['objective']:.3f} | " + " | ".join(f"{figs[key].get(s, 0):.3f}" for s in sets) + " |")
    lines.append(f"shipped: {report['mode']} at p >= {report['threshold']}")
    for key, figs_in in report.get("contract_in_sample", {}).items():
        lines.append(f"in sample on the contract's files, {key}: "
                     + ", ".join(f"{name} {v:.3f}" for name, v in figs_in.items()))
    return "\n".join(lines)


@dataclass(frozen=True)
class TrainerSpec:
    """What differs between the learned candidate models' trainers (escalation targets, roles)."""
    module: str  # "escalation_training": its ``python -m`` name
    name: str  # the default model name
    c: float
    what: str  # "escalation targets": what the objective scores
    examples: Callable[[CodedDocument], list[ClauseExample]]
    load: dict  # load_documents' model switches (the rules alone for what is trained)
    model_text: str
    features_text: str


def train(spec: TrainerSpec, argv: list[str] | None = None, description: str = "") -> int:
    """The command line of a candidate model's training: grouped CV, the choice of mode and threshold, the
    model fitted on every example and written with its provenance."""
    ap = training_parser(spec.module, description, spec.name, spec.c,
                         "cross-validation folds that choose the mode: one real set (a batch of councils' pages) held "
                         "out at a time, as a new batch meets the model (default), or documents dealt round --folds folds")
    ap.add_argument("--rules-unseen", nargs="*", default=[], metavar="SET",
                    help="real sets the rules were not written on: the real side of the objective")
    args = ap.parse_args(argv)
    sets = chosen_sets(args)
    docs = load_documents(sets, **spec.load)
    if len(docs) < args.folds:
        print(f"only {len(docs)} documents: fewer than {args.folds} folds", file=sys.stderr)
        return 2
    unseen = {s for s in args.rules_unseen if any(d.set_name == s for d in docs)}
    if not unseen:
        print("no real set the rules were not written on (--rules-unseen): the objective uses invented documents only",
              file=sys.stderr)
    examples = {d.doc_id: spec.examples(d) for d in docs}
    report = cross_validate(docs, examples, unseen, args.folds, args.C, args.seed, what=spec.what,
                            by_set=args.folds_by == "set")
    if args.cv_only:
        print(format_table(report))
        return 0
    model = fit([e for d in docs for e in examples[d.doc_id]], args.C, args.seed, name=args.name)
    contract = {name: [e for d in docs if d.set_name == name for e in examples[d.doc_id]]
                for name in CONTRACT_SETS if any(d.set_name == name for d in docs)}
    ranked = ranked_combinations(report["figures"])
    key, report["contract_in_sample"] = contract_choice(model, ranked, contract)
    report["cross_validated_choice"] = ranked[0]
    report["contract_floor"] = CONTRACT_FLOOR
    report["mode"], report["threshold"] = mode_and_threshold(key)
    model = replace(model, mode=report["mode"], threshold=report["threshold"])
    import sklearn

    meta = {
        "trained_with": {"scikit_learn": sklearn.__version__, "numpy": np.__version__,
                         "command": f"make train (python -m protocol_analytics.{spec.module})"},
        "seed": args.seed,
        "hyper_parameters": {"C": args.C, "class_weight": "balanced", "min_documents": 2,
                             "model": spec.model_text, "features": spec.features_text},
        "training_files": [{"set": n, "gold": _shown(g), "raw_dir": _shown(r),
                            "gold_sha256": next(d.gold_sha256 for d in docs if d.set_name == n),
                            "documents": sum(d.set_name == n for d in docs),
                            "clauses": sum(len(examples[d.doc_id]) for d in docs if d.set_name == n)}
                           for n, g, r in sets if any(d.set_name == n for d in docs)],
        "held_out": sorted(args.hold_out),
        "vocabulary": len(model.vocab),
        "cross_validation": report,
    }
    print(format_table(report))
    npz, info = model.save(Path(args.out), meta)
    print(f"wrote {npz} and {info}")
    return 0


def main(argv: list[str] | None = None) -> int:
    return train(TrainerSpec(
        "escalation_training", DEFAULT_MODEL, C, "escalation targets", clause_examples,
        {"escalation_model": None, "role_model": None},  # the escalation rules read no roles
        "one logistic regression over all candidates (lbfgs, L2)",
        "binary, L2-normalised: the candidate's dependency, governing verb and preposition, words around it, "
        "condition, concern, document kind, the rules' choice; each also conjoined with the target"),
        argv, __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
