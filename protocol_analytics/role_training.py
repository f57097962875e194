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

import sys

from .escalation_training import ClauseExample, TrainerSpec, train
from .evaluate import as_set, match_clauses
from .nlp.rules import title_lines
from .role_model import DEFAULT_MODEL, candidates, role_contexts, title_roles
from .subject_model import model_for_lexicon as subject_model_for_lexicon
from .subject_model import resolved_subject
from .topic_training import CodedDocument

C = 3.0  # inverse L2 strength (grouped CV over roles: 0.3 -> 0.810, 1 -> 0.816, 3 -> 0.824 on all real pages)


def clause_examples(doc: CodedDocument) -> list[ClauseExample]:
    """The matched clauses of one coded document, with the features of every role offered to them."""
    from .tag import only_describes, pipeline_lexicon  # deferred: the lexicon the tagging used

    lex = pipeline_lexicon(None)
    gold = [r for r in doc.gold if r.get("kind") == "clause"]
    rows = doc.clauses.to_dict("records")
    rule_roles = [sorted(as_set(r.get("roles"))) for r in rows]
    contexts = role_contexts(rows, doc.docs, rule_roles, [sorted(as_set(r.get("duties"))) for r in rows],
                             resolved_subject(doc.text, lex, subject_model_for_lexicon(lex))[0],
                             title_roles(title_lines(doc.text, lex), lex), lex)  # (the subject as tagging reads it)
    by_id = {r["clause_id"]: r for r in rows}
    out = []
    for i, j, _ in match_clauses(gold, rows):
        is_item = bool(rows[j].get("lead_in"))
        lead_in = by_id.get(rows[j].get("parent_id") or "")
        if only_describes(is_item, rule_roles[j], as_set(rows[j].get("duties")),
                          as_set(lead_in.get("duties")) if lead_in else [], doc.docs[j], lex):
            continue  # (tagging does not ask the model about a description)
        cands = candidates(doc.docs[j], contexts[j], lex, is_item)
        out.append(ClauseExample(doc.doc_id, doc.set_name, as_set(gold[i].get("roles")), rule_roles[j],
                                 list(cands.items())))
    return out


def main(argv: list[str] | None = None) -> int:
    return train(TrainerSpec(
        "role_training", DEFAULT_MODEL, C, "roles", clause_examples, {"role_model": None},
        "one logistic regression over every role offered to a clause (lbfgs, L2)",
        "binary, L2-normalised: what offered the role (a mention, the lead-in, the clause before, the document's "
        "subject or title, the rules), the grammar around each mention, how the clause begins, its duties, its "
        "place in a list, the document's kind; each also conjoined with the role"),
        argv, __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
