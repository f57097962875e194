"""The learned role model: what offers a role to a clause, the features of each offer, its combination with
the rules, its files, its training, and what it adds at run time with its evidence."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from protocol_analytics.candidate_model import CandidateModel
from protocol_analytics.errors import RuleFileError
from protocol_analytics.role_model import (
    RoleContext,
    candidates,
    combined_roles,
    load_role_model,
    model_for_lexicon,
    role_contexts,
)
from protocol_analytics.rules.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parents[1]
LEX = load_lexicon()

# an invented job outline whose list names no one, under a lead-in that states no duty: a layout the rules miss
PROFILE = ("Parish Clerk: role outline\n\nThis outline was agreed by the council for its clerk.\n\n"
           "Day to day work covers;\n\n  • keeping the council's accounts in order;\n"
           "  • booking rooms for meetings;\n  • sending out notices of meetings.\n")


def tagged(nlp, text, role_model="lexicon"):
    from protocol_analytics.segment import segment_text
    from protocol_analytics.segment.frame import clauses_frame
    from protocol_analytics.tag import tag_document

    frame = clauses_frame(segment_text(text), "doc", "Ashcombe Parish Council")
    clauses, tags, _ = tag_document(frame, nlp=nlp, text=text, topic_model=None, role_model=role_model)
    return clauses.set_index("clause_id"), tags


def parsed_rows(nlp, text):
    from protocol_analytics.segment import segment_text
    from protocol_analytics.segment.frame import clauses_frame
    from protocol_analytics.tag import clause_docs

    frame = clauses_frame(segment_text(text), "doc", "Ashcombe Parish Council")
    rows = frame.to_dict("records")
    return rows, list(nlp.pipe(clause_docs(rows, nlp, text)))


def test_an_item_is_offered_the_roles_its_lead_in_names(nlp):
    rows, docs = parsed_rows(nlp, "1. Receipt\n\n1.1 The Chairman of the panel and:\n- log the complaint;\n")
    contexts = role_contexts(rows, docs, [[] for _ in rows], [[] for _ in rows], None, frozenset(), LEX)
    item = next(n for n, r in enumerate(rows) if r["text"].startswith("log the"))
    offered = candidates(docs[item], contexts[item], LEX, True)
    assert "chair" in offered
    feats = offered["chair"]
    assert "src:lead_mentions" in feats and "chair|src:lead_mentions" in feats and "src:mention" not in feats
    assert "item" in feats and any(f.startswith("src:lead_mentions&first:") for f in feats)


def test_an_item_is_offered_only_what_the_lead_ins_last_sentence_names(nlp):
    text = ("Speaking at the Licensing Committee\n\nThe Chair opens each item and calls the speakers in turn. "
            "Anyone who speaks should:\n\n- give their name and address;\n- keep to the application in hand.\n\n"
            "The Chair reads out the rules. They will then:\n\n- ask who wishes to speak.\n")
    rows, docs = parsed_rows(nlp, text)
    rule_roles = [["chair"] if r["text"].startswith("The Chair") else [] for r in rows]
    contexts = role_contexts(rows, docs, rule_roles, [[] for _ in rows], None, frozenset(), LEX)
    item = next(n for n, r in enumerate(rows) if r["text"].startswith("give their"))
    assert "chair" not in candidates(docs[item], contexts[item], LEX, True)
    clauses, _ = tagged(nlp, text)
    assert clauses[clauses["text"].str.startswith("give their")].iloc[0].roles == []
    # a pronoun closing the lead-in goes on with whoever it names, and a sentence naming no actor with all
    item = next(n for n, r in enumerate(rows) if r["text"].startswith("ask who"))
    assert "chair" in candidates(docs[item], contexts[item], LEX, True)
    rows, docs = parsed_rows(nlp, "Using the Web\n\nThe Clerk posts news each week. There are a few rules of "
                                  "thumb for everyone:\n\n- check a fact before posting it.\n")
    rule_roles = [["clerk"] if r["text"].startswith("The Clerk") else [] for r in rows]
    contexts = role_contexts(rows, docs, rule_roles, [[] for _ in rows], None, frozenset(), LEX)
    item = next(n for n, r in enumerate(rows) if r["text"].startswith("check a"))
    assert "clerk" in candidates(docs[item], contexts[item], LEX, True)
    rows, docs = parsed_rows(nlp, "Being a Councillor\n\nCouncillors sign up to the code of conduct. The code "
                                  "(the Clerk keeps a copy) asks them to follow three rules:\n\n- honesty\n")
    rule_roles = [["councillor"] if r["text"].startswith("Councillors") else [] for r in rows]
    contexts = role_contexts(rows, docs, rule_roles, [[] for _ in rows], None, frozenset(), LEX)
    item = next(n for n, r in enumerate(rows) if r["text"] == "honesty")
    assert "councillor" in candidates(docs[item], contexts[item], LEX, True)


def test_a_mention_is_described_by_its_grammar_and_the_documents_subject_is_offered(nlp):
    rows, docs = parsed_rows(nlp, "1. Duties\n\n1.1 If asked, the Clerk must send the papers.\n")
    ctx = RoleContext(rules=frozenset({"clerk"}), duties=frozenset({"obligation"}), document_body="councillor")
    offered = candidates(docs[-1], ctx, LEX, False)
    assert {"clerk|src:mention", "clerk|src:rule", "clerk|dep:nsubj", "clerk|modal", "clerk|duty:obligation"} <= set(
        offered["clerk"])
    assert "councillor|src:body" in offered["councillor"] and "councillor|src:mention" not in offered["councillor"]


def model(threshold=0.5, mode="union") -> CandidateModel:
    return CandidateModel("role_model.test", {"good": 0}, np.asarray([3.0]), -1.0, threshold, mode)


def test_the_combination_keeps_adds_or_drops_as_its_mode_says():
    scored = {"clerk": 0.9, "chair": 0.2}
    assert combined_roles(model(0.5, "union"), scored, ["chair"]) == (["chair"], {"clerk": 0.9})
    assert combined_roles(model(0.5, "learned"), scored, ["chair", "council"]) == (["council"], {"clerk": 0.9})
    assert combined_roles(model(0.5, "rules"), scored, ["chair"]) == (["chair"], {})
    assert combined_roles(model(0.95, "union"), scored, []) == ([], {})


def test_a_model_in_rules_mode_is_not_run_and_tags_as_the_rules(nlp, monkeypatch):
    import protocol_analytics.tag as tag_module

    def fail(*args, **kwargs):
        raise AssertionError("a model in rules mode was run")

    monkeypatch.setattr(tag_module, "scored_roles", fail)
    rules, _ = tagged(nlp, PROFILE, role_model=None)
    same, _ = tagged(nlp, PROFILE, role_model=model(0.5, "rules"))
    assert same.roles.tolist() == rules.roles.tolist()


def test_the_packaged_lexicon_names_the_packaged_model_and_a_lexicon_can_turn_it_off(tmp_path):
    packaged = model_for_lexicon(LEX)
    assert packaged is not None and packaged.name == "role_model.v1" and packaged.mode in ("rules", "union", "learned")
    assert packaged.meta["cross_validation"]["figures"]["rules"]
    text = (ROOT / "protocol_analytics/data/lexicon.v1.yaml").read_text(encoding="utf-8")
    off = tmp_path / "lexicon.yaml"
    off.write_text(text.replace("role_model: role_model.v1", "role_model: none"), encoding="utf-8")
    assert model_for_lexicon(load_lexicon(off)) is None
    with pytest.raises(RuleFileError, match="no packaged role model named 'role_model.v9'"):
        load_role_model("role_model.v9")


def test_training_learns_that_a_lead_in_offer_holds_for_bare_verb_items():
    pytest.importorskip("sklearn")
    from protocol_analytics.escalation_training import ClauseExample, fit

    examples = []
    for n in range(6):
        for role in ("clerk", "chair"):
            examples.append(ClauseExample(f"d{n}", "t", {role}, [], [(role, ["src:lead_mentions&first:VB"])]))
            examples.append(ClauseExample(f"e{n}", "t", set(), [], [(role, ["src:lead_mentions&first:DT"])]))
    m = fit(examples, c=10.0, seed=1)
    verb, other = m.probabilities([["src:lead_mentions&first:VB"], ["src:lead_mentions&first:DT"]])
    assert verb > 0.8 and other < 0.2


def profile_with_body_items_model(nlp):
    """PROFILE tagged by the rules alone and with a model that gives an outline's bare items its subject:
    (rules, combined, combined's tags, the ids of the bare items)."""
    body_items = CandidateModel("role_model.test", {"src:body&item": 0}, np.asarray([6.0]), -2.0, 0.5, "union")
    rules, _ = tagged(nlp, PROFILE, role_model=None)
    combined, tags = tagged(nlp, PROFILE, role_model=body_items)
    items = [cid for cid in combined.index if combined.loc[cid, "text"].startswith(("keeping", "booking"))]
    return rules, combined, tags, items


def test_a_model_gives_a_role_outlines_bare_lines_its_subject_with_the_title_as_evidence(nlp):
    rules, combined, tags, items = profile_with_body_items_model(nlp)
    assert items and all(rules.loc[cid, "roles"] == [] for cid in items)
    assert all(combined.loc[cid, "roles"] == ["clerk"] for cid in items)
    assert combined.loc["p1", "roles"] == []  # not an item: the model gives it nothing
    row = tags[(tags["clause_id"] == items[0]) & (tags["field"] == "role")].iloc[0]
    assert row["rule"].startswith("role_model.test:clerk:p=") and row["rule"].endswith(":document")
    assert row["evidence"] == "Parish Clerk: role outline" and row["span_start"] == -1


def test_a_clause_given_a_role_without_a_cue_states_its_obligation_with_the_roles_evidence(nlp):
    rules, combined, tags, items = profile_with_body_items_model(nlp)
    assert items and all(rules.loc[cid, "duties"] == [] for cid in items)
    assert all(combined.loc[cid, "duties"] == ["obligation"] for cid in items)
    assert combined.loc["p1", "duties"] == []  # no role, no duty
    row = tags[(tags["clause_id"] == items[0]) & (tags["field"] == "duty")].iloc[0]
    assert row["rule"].endswith(":uncued_role:clerk") and row["evidence"] == "Parish Clerk: role outline"


# an invented committee page whose functions are listed in the present tense under a lead-in with no duty
FUNCTIONS = ("Conduct Committee\n\nThe Conduct Committee of Ashcombe Parish Council has five members.\n\n"
             "The Committee:\n\n- considers complaints that a councillor has broken the Code;\n"
             "- Promotes good conduct among councillors;\n- hear appeals from staff.\n")


def test_a_model_gives_no_role_to_items_that_only_describe_in_the_present_tense(nlp):
    # ANNOTATION.md sections 2 and 3: a present-tense description states no duty, so names no role; a bare verb
    # ("hear appeals") under the same lead-in is an instruction the model may give the lead-in's body
    lead_in_items = CandidateModel("role_model.test", {"src:lead_mentions&item": 0}, np.asarray([6.0]), -2.0, 0.5,
                                   "union")
    combined, _ = tagged(nlp, FUNCTIONS, role_model=lead_in_items)
    by_text = {row.text.split()[0]: row for _, row in combined.iterrows()}
    assert (by_text["considers"].roles, by_text["considers"].duties) == ([], [])
    assert (by_text["Promotes"].roles, by_text["Promotes"].duties) == ([], [])  # (tagged as a plural noun)
    assert (by_text["hear"].roles, by_text["hear"].duties) == (["committee"], ["obligation"])


def test_a_model_gives_no_role_to_a_paragraph_that_only_describes_in_the_simple_present(nlp):
    # what a committee is made of or does, in the simple present with no modal, is a description (ANNOTATION.md
    # sections 2 and 3): no role, so no duty; what it will do is its duty
    mentions = CandidateModel("role_model.test", {"src:mention": 0}, np.asarray([6.0]), -2.0, 0.5, "union")
    text = ("Standards Committee\n\nIn line with the law, independent members make up most of the committee."
            "\n\nThe committee publishes a report on its work every year.\n\nThe committee will meet four times a "
            "year.\n")
    combined, _ = tagged(nlp, text, role_model=mentions)
    by_verb = {word: row for _, row in combined.iterrows() for word in ("make up", "publishes", "will")
               if f" {word} " in row.text}
    assert (by_verb["make up"].roles, by_verb["make up"].duties) == ([], [])
    assert (by_verb["publishes"].roles, by_verb["publishes"].duties) == ([], [])
    assert (by_verb["will"].roles, by_verb["will"].duties) == (["committee"], ["obligation"])


def _labels(*evidence):
    from protocol_analytics.tag import ClauseLabels, Evidence

    return ClauseLabels([Evidence(field, label, text, 0, len(text), text, "test") for field, label, text in evidence])


def test_an_item_with_a_role_and_no_duty_takes_its_lead_ins_duty_but_not_an_expectation():
    from dataclasses import replace

    from protocol_analytics.tag import uncued_role_duties

    rows = [{"clause_id": "2", "parent_id": ""}, {"clause_id": "2.1", "parent_id": "2"},
            {"clause_id": "2.2", "parent_id": "2"}, {"clause_id": "3", "parent_id": ""},
            {"clause_id": "3.1", "parent_id": "3"}]
    labelled = [_labels(("duty", "expectation", "can expect"), ("duty", "permission", "may")),
                _labels(("role", "councillor", "Members")),
                _labels(("role", "councillor", "Members"), ("duty", "prohibition", "must not")),
                _labels(("duty", "expectation", "can expect")),
                _labels(("role", "officer", "staff"))]
    uncued_role_duties(labelled, rows, LEX)
    assert [labels.labels("duty") for labels in labelled] == [
        ["expectation", "permission"], ["permission"], ["prohibition"], ["expectation"], ["obligation"]]
    inherited = next(e for e in labelled[1].evidence if e.field == "duty")
    assert inherited.inherited_from == "2" and inherited.rule.endswith(":uncued_role:inherit_lead_in")
    alone = [_labels(("role", "officer", "staff"))]
    uncued_role_duties(alone, rows[:1], replace(LEX, uncued_role_duty=None))
    assert alone[0].labels("duty") == []


def test_a_lexicon_names_a_duty_of_the_scheme_for_uncued_roles_or_none(tmp_path):
    text = (ROOT / "protocol_analytics/data/lexicon.v1.yaml").read_text(encoding="utf-8")
    assert "uncued_role_duty: obligation" in text
    off = tmp_path / "lexicon.yaml"
    off.write_text(text.replace("uncued_role_duty: obligation", "uncued_role_duty: none"), encoding="utf-8")
    assert load_lexicon(off).uncued_role_duty is None
    off.write_text(text.replace("uncued_role_duty: obligation", "uncued_role_duty: expectation"), encoding="utf-8")
    with pytest.raises(RuleFileError, match="uncued_role_duty: 'expectation'"):
        load_lexicon(off)


def test_training_sees_the_features_tagging_sees_and_added_roles_keep_their_evidence(nlp, monkeypatch):
    """The role model is trained on the features :func:`role_training.clause_examples` makes and applied to
    those :func:`tag.apply_role_model` makes: on coded documents they must be the same (tagging with a model in
    ``union`` mode scores only the roles the rules did not give, so those of the training candidates),
    and every role a model adds must carry evidence (its words in the clause, or the clause that offered it)."""
    pytest.importorskip("sklearn")
    import protocol_analytics.role_model as rm
    from protocol_analytics import schemas
    from protocol_analytics.role_training import clause_examples
    from protocol_analytics.tag import tag_rows
    from protocol_analytics.topic_training import load_documents

    sets = [("holdout", ROOT / "tests/data/holdout_gold/gold.jsonl", ROOT / "tests/data/holdout")]
    docs = load_documents(sets, nlp=nlp, log=lambda *a: None, role_model=None)
    recorded, original = [], rm._feature_parts

    def record(*args):  # (tagging scores the parts of the features; their strings are those :func:`_strings` makes)
        found = original(*args)
        recorded.append({role: sorted(rm._strings(role, parts)) for role, parts in found.items()})
        return found

    monkeypatch.setattr(rm, "_feature_parts", record)
    keen = CandidateModel("role_model.test", {"src:lead_mentions": 0, "src:previous": 1, "src:mention": 2},
                          np.asarray([4.0, 4.0, 4.0]), -1.0, 0.5, "union")  # adds roles the rules did not give
    added = 0
    for d in docs:
        trained = [({r: f for r, f in e.candidates if r not in e.rules}) for e in clause_examples(d)]
        recorded.clear()
        rows = schemas.records(d.clauses.drop(columns=["roles", "duties", "escalation_targets", "topics"]))
        tagged = tag_rows(rows, None, None, d.text, d.docs, topic_model=None, role_model=keen)
        assert trained and all(c in recorded for c in trained), d.doc_id
        texts = {r["clause_id"]: r["text"] for r in rows}
        for t in tagged.tags:
            if t["field"] != "role" or not t["rule"].startswith("role_model.test"):
                continue
            added += 1
            assert t["evidence"], t
            if t["span_start"] >= 0:
                assert texts[t["clause_id"]][t["span_start"]:t["span_end"]] == t["evidence"]
            else:
                assert t["rule"].endswith((":lead_in", ":previous", ":document")) and t["span_end"] == -1
                if not t["rule"].endswith(":document"):
                    assert texts[t["inherited_from"]] == t["evidence"]
    assert added > 0


def test_the_roles_offered_come_in_an_order_no_process_changes(nlp):
    """Offers from the clause's context are sets; they come in sorted order within each source (a set's order
    differs between processes, PYTHONHASHSEED), after the roles the clause names in its order, so the roles a
    model adds are listed in the same order by every build."""
    rows, docs = parsed_rows(nlp, "1. Duties\n\n1.1 The Clerk will advise.\n")
    lead = frozenset({"officer", "councillor", "committee", "personnel_committee", "chair", "council"})
    ctx = RoleContext(rules=frozenset(), duties=frozenset({"obligation"}), lead_in_roles=lead,
                      previous_roles=frozenset({"monitoring_officer", "group_leader", "clerk"}))
    assert list(candidates(docs[-1], ctx, LEX, True)) == ["clerk", *sorted(lead), "group_leader", "monitoring_officer"]


def test_a_union_model_scores_only_the_roles_the_rules_did_not_give_and_combines_as_when_it_scored_all(nlp):
    """In union mode the rules' roles are kept whatever their score, so they are not scored: what the
    combination keeps and adds is what scoring every role offered gives."""
    from dataclasses import replace

    from protocol_analytics.role_model import scored_roles

    rows, docs = parsed_rows(nlp, PROFILE + "\nThe Clerk and the Chairman must consult the council.\n")
    packaged = load_role_model()
    union = replace(packaged, mode="union", threshold=0.2)
    checked = 0
    for doc in docs:
        offered = sorted({m.role for m in doc._.pa_mentions or ()} | {"clerk", "chair"})
        ctx = RoleContext(rules=frozenset(), duties=frozenset({"obligation"}), previous_roles=frozenset({"chair"}),
                          title_roles=frozenset({"clerk"}))
        every = scored_roles(union, doc, ctx, LEX, False)
        assert set(every) == set(offered)
        for rules in ([], offered[:1], offered[1:], offered):
            some = scored_roles(union, doc, ctx, LEX, False, rules)
            assert some == {r: p for r, p in every.items() if r not in rules}
            assert combined_roles(union, some, rules) == combined_roles(union, every, rules)
            checked += 1
    assert checked >= 8


def test_roles_are_scored_on_the_indices_of_their_feature_strings(nlp):
    """Tagging looks a role's conjoined features up by their parts, without making their strings: the indices,
    and so the probabilities, are those of the strings the model was trained on, on every clause of the
    bundled and held-out protocols (with the shipped model, and one that knows every feature offered)."""
    import protocol_analytics.role_model as rm
    from protocol_analytics.nlp.rules import document_subject
    from protocol_analytics.tag import tag_rows

    shipped = load_role_model()
    assert shipped.conjoined is not None
    checked, every = 0, set()
    texts = sorted((ROOT / "data/raw").glob("*.txt")) + sorted((ROOT / "tests/data/holdout").glob("*.txt"))[:4]
    for path in texts:
        text = path.read_text(encoding="utf-8")
        rows, docs = parsed_rows(nlp, text)
        tagged_rows = tag_rows(rows, nlp, None, text, docs, topic_model=None, role_model=None).clauses
        roles = [r["roles"] for r in tagged_rows]
        contexts = role_contexts(rows, docs, roles, [r["duties"] for r in tagged_rows], document_subject(text, LEX),
                                 frozenset(), LEX)
        for doc, ctx, row in zip(docs, contexts, rows, strict=True):
            parts = rm._feature_parts(rm._offers(doc, ctx, LEX), doc, ctx, LEX, bool(row.get("lead_in")))
            for role, part in parts.items():
                strings = rm._strings(role, part)
                every |= strings
                assert rm._indices(shipped, role, part) == shipped.indices(strings), (row["text"], role)
                checked += 1
    knowing = CandidateModel("role_model.all", {f: n for n, f in enumerate(sorted(every))},
                             np.linspace(-1.0, 1.0, len(every)), 0.1, 0.5, "learned")
    assert knowing.conjoined is not None and checked > 100
    for path in texts[:3]:
        text = path.read_text(encoding="utf-8")
        rows, docs = parsed_rows(nlp, text)
        contexts = role_contexts(rows, docs, [[] for _ in rows], [[] for _ in rows], None, frozenset(), LEX)
        for doc, ctx in zip(docs, contexts, strict=True):
            parts = rm._feature_parts(rm._offers(doc, ctx, LEX), doc, ctx, LEX, False)
            index_lists = [rm._indices(knowing, role, part) for role, part in parts.items()]
            strings = [rm._strings(role, part) for role, part in parts.items()]
            assert index_lists == [knowing.indices(s) for s in strings]
            assert all(len(i) == len(s) for i, s in zip(index_lists, strings))  # (every feature known)
            assert knowing.probabilities_of(index_lists).tolist() == knowing.probabilities(strings).tolist()
