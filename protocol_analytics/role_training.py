"""Train the learned role model and choose how it combines with the rules, by cross-validation.

``make train`` runs ``python -m protocol_analytics.role_training`` after the escalation model and before the
topic model (whose features include the clause's roles). It reads every hand-coded gold file on the machine,
runs the package's segmentation and tagging with roles by the rules alone, and takes as training examples
every role offered (:func:`protocol_analytics.role_model.candidates`) to every pipeline clause matched to a
gold clause, labelled by whether it is among the gold clause's roles. Cross-validation, the objective (invented
documents and the real sets the rules were not written on, ``--rules-unseen``) and the choice of mode and
threshold are the escalation model's (:func:`protocol_analytics.escalation_training.cross_validate`).
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from . import config
from .escalation_training import ClauseExample, cross_validate, fit, format_table
from .evaluate import as_set, match_clauses
from .nlp.rules import document_subject, title_lines
from .role_model import DEFAULT_MODEL, candidates, role_contexts, title_roles
from .topic_training import SEED, CodedDocument, _shown, default_sets, load_documents

C = 3.0  # inverse L2 strength (grouped CV over roles: 0.3 -> 0.810, 1 -> 0.816, 3 -> 0.824 on all real pages)


def clause_examples(doc: CodedDocument) -> list[ClauseExample]:
    """The matched clauses of one coded document, with the features of every role offered to them."""
    from .tag import pipeline_lexicon  # deferred: the lexicon the tagging used

    lex = pipeline_lexicon(None)
    gold = [r for r in doc.gold if r.get("kind") == "clause"]
    rows = doc.clauses.to_dict("records")
    rule_roles = [sorted(as_set(r.get("roles"))) for r in rows]
    contexts = role_contexts(rows, doc.docs, rule_roles, [sorted(as_set(r.get("duties"))) for r in rows],
                             document_subject(doc.text, lex), title_roles(title_lines(doc.text, lex), lex))
    out = []
    for i, j, _ in match_clauses(gold, rows):
        cands = candidates(doc.docs[j], contexts[j], lex, bool(rows[j].get("lead_in")))
        out.append(ClauseExample(doc.doc_id, doc.set_name, as_set(gold[i].get("roles")), rule_roles[j],
                                 list(cands.items())))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m protocol_analytics.role_training", description=__doc__.split("\n")[0])
    ap.add_argument("--set", nargs=3, action="append", metavar=("NAME", "GOLD", "RAW_DIR"),
                    help="a coded set: its name, gold JSONL and raw folder (repeatable; default: every set found)")
    ap.add_argument("--rules-unseen", nargs="*", default=[], metavar="SET",
                    help="real sets the rules were not written on: the real side of the objective")
    ap.add_argument("--out", default=str(config.PACKAGE_DATA), help="folder for <name>.npz and <name>.json")
    ap.add_argument("--name", default=DEFAULT_MODEL)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--C", type=float, default=C)
    ap.add_argument("--cv-only", action="store_true", help="report the cross-validation, write no model")
    args = ap.parse_args(argv)
    sets = [(n, Path(g), Path(r)) for n, g, r in args.set] if args.set else default_sets()
    docs = load_documents(sets, role_model=None)
    if len(docs) < args.folds:
        print(f"only {len(docs)} documents: fewer than {args.folds} folds", file=sys.stderr)
        return 2
    unseen = {s for s in args.rules_unseen if any(d.set_name == s for d in docs)}
    if not unseen:
        print("no real set the rules were not written on (--rules-unseen): the objective uses invented documents only",
              file=sys.stderr)
    examples = {d.doc_id: clause_examples(d) for d in docs}
    report = cross_validate(docs, examples, unseen, args.folds, args.C, args.seed, what="roles")
    print(format_table(report))
    if args.cv_only:
        return 0
    model = replace(fit([e for d in docs for e in examples[d.doc_id]], args.C, args.seed, name=args.name),
                    mode=report["mode"], threshold=report["threshold"])
    import sklearn

    meta = {
        "trained_with": {"scikit_learn": sklearn.__version__, "numpy": np.__version__,
                         "command": "make train (python -m protocol_analytics.role_training)"},
        "seed": args.seed,
        "hyper_parameters": {"C": args.C, "class_weight": "balanced", "min_documents": 2,
                             "model": "one logistic regression over every role offered to a clause (lbfgs, L2)",
                             "features": "binary, L2-normalised: what offered the role (a mention, the lead-in, the "
                                         "clause before, the document's subject or title, the rules), the grammar "
                                         "around each mention, how the clause begins, its duties, its place in a list, "
                                         "the document's kind; each also conjoined with the role"},
        "training_files": [{"set": n, "gold": _shown(g), "raw_dir": _shown(r),
                            "gold_sha256": next(d.gold_sha256 for d in docs if d.set_name == n),
                            "documents": sum(d.set_name == n for d in docs),
                            "clauses": sum(len(examples[d.doc_id]) for d in docs if d.set_name == n)}
                           for n, g, r in sets if any(d.set_name == n for d in docs)],
        "vocabulary": len(model.vocab),
        "cross_validation": report,
    }
    npz, info = model.save(Path(args.out), meta)
    print(f"wrote {npz} and {info}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
