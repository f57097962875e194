"""The learned topic model: its shipped weights, its inference, how it combines with the patterns, the
taxonomy's switch, and its training script on a tiny sample. Clauses are written for these tests."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from protocol_analytics import schemas
from protocol_analytics.config import model_files
from protocol_analytics.errors import RuleFileError
from protocol_analytics.rules.taxonomy import load_taxonomy
from protocol_analytics.topic_model import (
    DEFAULT_MODEL,
    MODES,
    FeatureSettings,
    TopicModel,
    load_model,
    model_for_taxonomy,
)
from protocol_analytics.topics import assign_topics

ROOT = Path(__file__).resolve().parents[1]

# a grievance procedure that never says "grievance"
GRIEVANCE = ("An employee who wishes to take up a complaint about their employment should write to the Clerk, "
             "who will arrange a hearing within ten working days; the employee may bring a colleague or trade "
             "union representative.")

# topics the patterns miss and the model finds, in words of our own
CASES = [
    (GRIEVANCE, "grievance_procedure"),
    ("If an employee is dissatisfied with the outcome of the hearing, they may appeal in writing within five "
     "working days to a panel of councillors who have not been involved.", "grievance_procedure"),
    ("The aim of these notes is to help councillors and staff understand their different roles and work well "
     "together.", "purpose_and_scope"),
    ("As elected members, councillors set the direction of the council and take decisions on behalf of residents.",
     "councillor_role"),
    ("The Clerk looks after the council's money, keeps its records and carries out what the council decides.",
     "officer_role"),
]


def frame(texts: list[str], section_title: str = "") -> pd.DataFrame:
    rows = [{"doc_id": "t", "council": "Testing Parish Council", "clause_id": str(n), "parent_id": None,
             "number": str(n), "section": section_title, "section_number": "", "section_title": section_title,
             "level": 0, "is_lead_in": False, "lead_in": "", "text": t, "char_start": 0, "char_end": len(t),
             "roles": [], "duties": [], "escalation_targets": [], "topics": []}
            for n, t in enumerate(texts, start=1)]
    return pd.DataFrame(rows, columns=list(schemas.CLAUSES.columns))


# ---------------------------------------------------------------- the shipped weights

def test_weights_load_and_match_the_taxonomy():
    model = load_model()
    assert model.name == DEFAULT_MODEL
    assert list(model.topics) == [t.id for t in load_taxonomy()]
    npz, info = model_files(DEFAULT_MODEL)
    with np.load(npz, allow_pickle=False) as arrays:  # arrays only: nothing that runs code on load
        assert set(arrays.files) == {"vocab", "idf", "weights", "bias"}
        assert arrays["vocab"].dtype.kind == "U"
    assert model.weights.shape == (len(model.vocab), len(model.topics))
    assert np.isfinite(model.weights).all() and np.isfinite(model.bias).all() and (model.idf > 0).all()
    assert set(model.modes) <= set(MODES)
    assert ((model.thresholds > 0) & (model.thresholds < 1)).all()
    meta = json.loads(info.read_text(encoding="utf-8"))
    assert meta["seed"] and meta["hyper_parameters"]["min_docs"] >= 2
    assert meta["training_files"] and all(re.fullmatch(r"[0-9a-f]{64}", f["gold_sha256"])
                                          for f in meta["training_files"])
    cv = meta["cross_validation"]
    assert {"in_sample", "out_of_fold", "strategy"} <= set(cv)


# ---------------------------------------------------------------- inference and combination

@pytest.mark.parametrize("text,topic", CASES)
def test_model_adds_topics_the_patterns_miss(text, topic):
    without, _ = assign_topics(frame([text]), model=None)
    assert topic not in without["topics"][0]
    with_model, tags = assign_topics(frame([text]))
    assert topic in with_model["topics"][0]
    row = tags[tags["label"] == topic].iloc[0]
    assert re.fullmatch(rf"topic_model\.v1:{topic}:p=(0\.\d\d|1\.00)", row["rule"])
    assert float(row["rule"].rsplit("=", 1)[1]) >= load_model().thresholds[load_model().index[topic]] - 0.005
    assert row["evidence"] == row["sentence"] == text[row["span_start"]:row["span_end"]]


def test_grievance_clause_has_no_grievance_word():
    assert "grievance" not in GRIEVANCE.lower()


def test_evidence_is_the_sentence_that_carries_the_topic():
    other = "This section applies to all staff."  # (a sentence the model reads as no topic's)
    text = other + " " + GRIEVANCE
    clauses, tags = assign_topics(frame([text]))
    row = tags[tags["label"] == "grievance_procedure"].iloc[0]
    assert row["span_start"] > len(other) and row["evidence"] in GRIEVANCE
    assert text[row["span_start"]:row["span_end"]] == row["evidence"]


def test_pattern_evidence_wins_when_both_fire():
    text = "Bullying and harassment of staff will not be tolerated."
    assert load_model().predict(frame([text]).to_dict("records"))[0, load_model().index["dignity_and_bullying"]] > 0.5
    _, tags = assign_topics(frame([text]))
    rows = tags[tags["label"] == "dignity_and_bullying"]
    assert len(rows) == 1 and rows["rule"].iloc[0].startswith("topics.v1:dignity_and_bullying:patterns[")


def unit(values: np.ndarray) -> np.ndarray:
    return values / np.linalg.norm(values) if len(values) else values


def test_predict_is_the_linear_model_it_says():
    model = load_model()
    rows = frame([GRIEVANCE, "The Clerk keeps a note of each hearing."], section_title="Concerns at work").to_dict("records")
    feats = [model.vocab[f] for f in model.settings.row_features(rows[0], 0) if f in model.vocab]
    shared = [model.vocab[f] for f in model.settings.document_features(rows) if f in model.vocab]
    logit = unit(model.idf[feats]) @ model.weights[feats] + model.bias
    logit += model.settings.document * unit(model.idf[shared]) @ model.weights[shared]
    assert np.allclose(model.predict(rows)[0], 1 / (1 + np.exp(-logit)), atol=1e-6)


# a small hand-made model: "hear" says little, the document speaking of grievances says a lot
HAND_VOCAB = {f: i for i, f in enumerate(["hear", "panel", "d:grievance", "d:hear"])}
HAND_WEIGHTS = np.array([[0.5], [0.5], [4.0], [0.0]])


def hand_model(document: float, document_min: int = 2) -> TopicModel:
    return TopicModel("topic_model.hand", ("grievance_procedure",), HAND_VOCAB, np.ones(4), HAND_WEIGHTS,
                      np.array([-2.0]), FeatureSettings(document=document, document_min=document_min))


HEARING = "The panel will hear the case."


def test_the_document_block_is_unused_at_weight_zero():
    model = hand_model(0.0)
    alone = model.predict(frame([HEARING]).to_dict("records"))
    among = model.predict(frame([HEARING, "A grievance goes to the Clerk.", "A grievance is answered."]).to_dict("records"))
    assert model.settings.document_features(frame([HEARING, HEARING]).to_dict("records")) == []
    assert np.allclose(alone[0], among[0])


def test_a_clause_takes_the_topic_of_the_document_it_sits_in():
    model = hand_model(1.0)
    plain = frame([HEARING, "Meetings are held monthly.", "Minutes are published."]).to_dict("records")
    grievance = frame([HEARING, "A grievance goes to the Clerk.", "A grievance is answered."]).to_dict("records")
    p_plain, p_grievance = model.predict(plain)[0, 0], model.predict(grievance)[0, 0]
    assert p_plain < 0.5 < p_grievance
    # every clause of the document gets the same document block
    assert np.all(model.predict(grievance)[:, 0] > model.predict(plain)[:, 0])


def test_a_word_of_one_clause_only_is_not_the_documents_until_allowed():
    rows = frame([HEARING, "A grievance goes to the Clerk.", "Minutes are published."]).to_dict("records")
    assert "d:grievance" not in FeatureSettings(document=1.0, document_min=2).document_features(rows)
    assert "d:grievance" in FeatureSettings(document=1.0, document_min=1).document_features(rows)
    assert hand_model(1.0, 1).predict(rows)[0, 0] > hand_model(1.0, 2).predict(rows)[0, 0]


def test_a_document_of_one_clause_has_its_own_words_as_its_block():
    rows = frame(["A grievance goes to the Clerk."]).to_dict("records")
    assert "d:grievance" in FeatureSettings(document=1.0, document_min=3).document_features(rows)


def test_a_model_file_without_the_document_settings_loads_without_the_block(tmp_path):
    model = hand_model(0.7, 1)
    npz, info = model.save(tmp_path)
    data = json.loads(info.read_text(encoding="utf-8"))
    assert data["features"]["document"] == 0.7 and data["features"]["document_min"] == 1
    assert TopicModel.from_files(npz, info).settings == model.settings
    del data["features"]["document"], data["features"]["document_min"]  # a file written before the block existed
    info.write_text(json.dumps(data), encoding="utf-8")
    assert TopicModel.from_files(npz, info).settings.document == 0.0


def test_a_saved_model_loads_back_identically(tmp_path):
    rng = np.random.default_rng(0)
    vocab = {f: i for i, f in enumerate(["clerk", "hearing", "s:concern", "l:member", "trade union"])}
    model = TopicModel("topic_model.test", ("a", "b"), vocab, rng.random(5) + 1, rng.normal(size=(5, 2)),
                       np.array([-1.0, 0.5]), FeatureSettings(), np.array([0.3, 0.6]), ("union", "learned"),
                       frozenset({"b"}))
    npz, info = model.save(tmp_path, {"seed": 1})
    again = TopicModel.from_files(npz, info)
    rows = frame(["The Clerk will arrange a hearing; a trade union representative may attend."],
                 "Raising a concern").to_dict("records")
    assert again.modes == model.modes and again.inherit == frozenset({"b"}) and again.meta == {"seed": 1}
    assert np.allclose(again.predict(rows), model.predict(rows), atol=1e-6)
    # a file written when one flag said whether items inherit every learned topic
    data = json.loads(info.read_text(encoding="utf-8"))
    for per_topic in data["combination"]["topics"].values():
        del per_topic["inherit_lead_in"]
    data["combination"]["inherit_lead_in"] = True
    info.write_text(json.dumps(data), encoding="utf-8")
    assert TopicModel.from_files(npz, info).inherit == frozenset({"a", "b"})


def test_learned_mode_drops_a_pattern_the_model_does_not_back():
    from protocol_analytics.topic_model import learned_rows

    model = load_model()
    n = len(model.topics)
    only = model.index["chair_role"]
    forced = TopicModel(model.name, model.topics, model.vocab, model.idf, model.weights, model.bias, model.settings,
                        np.full(n, 0.5), tuple("learned" if i == only else "rules" for i in range(n)))
    found = [{"label": "chair_role", "evidence": "Chair", "span_start": 0, "span_end": 5, "sentence": "x",
              "rule": "topics.v1:chair_role:patterns[0]"}]
    assert learned_rows(forced, np.zeros(n), [(0, "x")], found) == []
    assert learned_rows(forced, np.ones(n), [(0, "x")], found) == found
    # a decisive pattern's hit ("whistleblowing") stays whatever the model says
    decisive = [{**found[0], "rule": "topics.v1:chair_role:decisive_patterns[0]", "decisive": True}]
    assert learned_rows(forced, np.zeros(n), [(0, "x")], decisive) == decisive


def test_whistleblowing_words_give_raising_concerns_whatever_the_learned_model_says():
    texts = ["Any member of staff can use the council's whistleblowing policy if they see something wrong.",
             "You are encouraged to speak out if you think that malpractice is going on in your team.",
             "Every public interest disclosure is protected by law.",
             # an ordinary pattern matches too ("raising concerns"): the decisive hit is the row kept
             "Staff raising concerns under the whistleblowing policy will be protected from reprisal.",
             # a policy named in a list of others, an audit body's reports, a disclosure of information: no concern
             "This policy should be read with the Code of Conduct, the Dignity at Work Policy and the Whistleblowing "
             "Policy.",
             "The Audit Committee receives reports on fraud and malpractice twice a year.",
             "A councillor may disclose confidential information where the disclosure is reasonable and in the public "
             "interest."]
    clauses, tags = assign_topics(frame(texts))
    assert ["raising_concerns" in t for t in clauses["topics"]][:4] == [True] * 4
    kept = tags[tags["label"] == "raising_concerns"].set_index("clause_id")["rule"]
    assert all(":decisive_patterns[" in kept[c] for c in clauses["clause_id"][:4])
    assert not any(":decisive_patterns[" in r for r in kept[kept.index.isin(clauses["clause_id"][4:])])


# ---------------------------------------------------------------- the taxonomy's switch

def write(tmp_path, text: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_replaced_taxonomy_uses_no_model_unless_it_names_one(tmp_path):
    mine = write(tmp_path, "version: 1\ntopics:\n  - id: grievance_procedure\n    patterns: ['grievances?']\n"
                           "  - id: gifts\n    patterns: ['gifts?']\n")
    assert model_for_taxonomy(mine) is None
    clauses, tags = assign_topics(frame([GRIEVANCE]), taxonomy=str(mine))
    assert clauses["topics"][0] == [] and tags.empty


def test_a_model_emits_only_the_topics_the_taxonomy_has(tmp_path):
    mine = write(tmp_path, "version: 1\nmodel: topic_model.v1\ntopics:\n  - id: grievance_procedure\n"
                           "    patterns: ['grievances?']\n  - id: gifts\n    patterns: ['gifts?']\n")
    text = ("A member of staff who feels bullied by a councillor should raise a grievance with the Clerk, who will "
            "treat the matter in confidence.")
    packaged, _ = assign_topics(frame([text]))
    assert set(packaged["topics"][0]) > {"grievance_procedure"}  # the packaged taxonomy finds other topics too
    clauses, tags = assign_topics(frame([text]), taxonomy=str(mine))
    assert clauses["topics"][0] == ["grievance_procedure"]
    assert set(tags["label"]) == {"grievance_procedure"}


def test_extending_the_packaged_taxonomy_keeps_the_model_unless_turned_off(tmp_path):
    on = write(tmp_path, "extends: packaged\ntopics:\n  - id: gifts\n    patterns: ['gifts?']\n")
    assert model_for_taxonomy(on) is load_model()
    off = tmp_path / "off.yaml"
    off.write_text("extends: packaged\nmodel: none\ntopics: []\n", encoding="utf-8")
    assert model_for_taxonomy(off) is None
    clauses, _ = assign_topics(frame([GRIEVANCE]), taxonomy=str(off))
    assert "grievance_procedure" not in clauses["topics"][0]


def test_an_unknown_model_name_is_an_error_naming_it(tmp_path):
    bad = write(tmp_path, "version: 1\nmodel: topic_model.v9\ntopics:\n  - id: gifts\n    patterns: ['gifts?']\n")
    with pytest.raises(RuleFileError, match="topic_model.v9"):
        model_for_taxonomy(bad)


# ---------------------------------------------------------------- training and cross-validation

@pytest.mark.slow
def test_cross_validation_runs_on_a_tiny_sample(tmp_path, nlp):
    pytest.importorskip("sklearn")
    from protocol_analytics import topic_training as tt
    from protocol_analytics.evaluate import score

    sets = [("holdout", ROOT / "tests/data/holdout_gold/gold.jsonl", ROOT / "tests/data/holdout"),
            ("holdout2", ROOT / "tests/data/holdout_gold/gold2.jsonl", ROOT / "tests/data/holdout2")]
    docs = tt.load_documents(sets, nlp=nlp, log=lambda *a: None)
    assert len(docs) == 6 and all(d.examples for d in docs)
    topics = [t.id for t in load_taxonomy()]
    report = tt.cross_validate(docs, topics, k=3, log=lambda *a: None, thresholds=(0.3, 0.5))
    assert report["strategy"] in tt.STRATEGIES and set(report["nested"]) == set(tt.STRATEGIES)
    # whether list items inherit a learned topic from their lead-in is chosen per topic
    assert all(c == "rules" or isinstance(c["inherit_lead_in"], bool) for c in report["choice"].values())
    # the rules' row is the reference scorer's figure over the same clauses
    gold = [r for d in docs for r in d.gold]
    preds = [r for d in docs for r in tt.predicted_rows(d, None)]
    assert report["in_sample"]["rules"]["all"]["topics_f1"] == pytest.approx(score(gold, preds)["topics"]["f1"], abs=1e-4)
    model = tt.fit([e for d in docs for e in d.examples], topics, seed=1, name="topic_model.tiny")
    choice = {t: ("learned", 0.5, t == topics[0]) for t in topics}
    assert tt.combined_model(model, choice).inherit == frozenset(topics[:1])
    # the strategy shipped is the best-ranked one keeping every contract file at the floor, in sample
    contract = [replace(d, set_name="related") for d in docs]
    ranked = report["objective_nested"]
    order = sorted(ranked, key=lambda s: (-ranked[s], tt.STRATEGIES.index(s)))
    assert tt.contract_strategy(model, report, contract, topics, floor=0.0)[0] == order[0]
    _, seen = tt.contract_strategy(model, report, contract, topics, floor=1.01)
    assert set(seen) == set(tt.STRATEGIES)
    lowest = {s: min(seen[s]["related"].values()) for s in seen}
    floor = max(lowest.values())
    strategy, _ = tt.contract_strategy(model, report, contract, topics, floor=floor)
    assert lowest[strategy] == floor and all(lowest[s] < floor for s in order[:order.index(strategy)])
    npz, info = model.save(tmp_path)
    again = TopicModel.from_files(npz, info)
    assert again.topics == tuple(topics) and len(again.vocab) == len(model.vocab) > 100
    probs = again.predict(docs[0].clauses.to_dict("records"))
    assert probs.shape == (len(docs[0].clauses), len(topics)) and ((probs >= 0) & (probs <= 1)).all()


def kind_examples(doc_id: str, kind: str) -> list[dict]:
    """Three clauses of one document: the middle one reads the same in every kind of document."""
    lines = {"grievance": ["An employee may raise a grievance in writing.", "The panel will meet within ten days.",
                           "The grievance outcome is sent to the employee."],
             "meetings": ["Meetings of the council are held monthly.", "The panel will meet within ten days.",
                          "The minutes of meetings are published online."]}[kind]
    return [{"doc_id": doc_id, "set": "t", "text": t, "section_title": "", "lead_in": "", "level": 0,
             "is_lead_in": False, "position": n, "topics": ["grievance_procedure"] if kind == "grievance" else []}
            for n, t in enumerate(lines)]


def test_training_learns_the_document_block_used_at_run_time():
    pytest.importorskip("sklearn")
    from protocol_analytics import topic_training as tt

    examples = [e for n in range(4) for kind in ("grievance", "meetings") for e in kind_examples(f"{kind}{n}", kind)]
    topics = ["grievance_procedure", "meeting_etiquette"]
    test_docs = {kind: kind_examples(f"new-{kind}", kind) for kind in ("grievance", "meetings")}
    with_block = tt.fit(examples, topics, tt.Params(document=1.0, document_min=2), seed=1)
    without = tt.fit(examples, topics, tt.Params(document=0.0), seed=1)
    assert any(f.startswith("d:") for f in with_block.vocab) and not any(f.startswith("d:") for f in without.vocab)
    # the shared clause can only be told apart by the document around it
    same = [without.predict(test_docs[kind])[1, 0] for kind in ("grievance", "meetings")]
    assert same[0] == pytest.approx(same[1])
    told = [with_block.predict(test_docs[kind])[1, 0] for kind in ("grievance", "meetings")]
    assert told[0] > 0.5 > told[1]


def test_a_model_with_label_features_reads_the_clause_tags():
    vocab = {"e:grievance_procedure": 0, "note": 1}
    model = TopicModel("topic_model.hand", ("grievance_procedure",), vocab, np.ones(2), np.array([[6.0], [0.0]]),
                       np.array([-2.0]), FeatureSettings(labels=True))
    rows = [{"text": "Keep a note.", "escalation_targets": np.array(["grievance_procedure"])},
            {"text": "Keep a note.", "escalation_targets": []}]
    with_target, without = model.predict(rows)[:, 0]
    assert with_target > 0.9 and without < 0.2
    # a model saved without the setting reads no tags
    plain = TopicModel("topic_model.hand", ("grievance_procedure",), vocab, np.ones(2), np.array([[6.0], [0.0]]),
                       np.array([-2.0]), FeatureSettings())
    assert np.allclose(plain.predict(rows)[:, 0], plain.predict(rows[1:])[0, 0])


@pytest.mark.parametrize("value,expected", [
    (np.array(["clerk", "chair"]), ["chair", "clerk"]), ("clerk;chair", ["chair", "clerk"]), (None, []),
    (float("nan"), []), (pd.NA, []), ([], []),
])
def test_label_features_read_every_form_of_a_label_column(value, expected):
    row = {"text": "", "roles": value}
    assert FeatureSettings(labels=True).row_features(row) == [f"r:{x}" for x in expected]


def test_training_rows_carry_the_pipeline_clauses_tags():
    from protocol_analytics import topic_training as tt

    gold = [{"kind": "clause", "doc_id": "d", "clause_id": "1", "text": "The Clerk must keep the minutes.",
             "topics": ["officer_role"]}]
    clauses = pd.DataFrame([{"doc_id": "d", "clause_id": "1", "text": "The Clerk must keep the minutes.",
                             "section_title": "", "lead_in": "", "level": 0, "is_lead_in": False,
                             "roles": ["clerk"], "duties": ["obligation"], "escalation_targets": []}])
    row = tt.examples_of(gold, clauses, "d", "t")[0]
    assert (row["roles"], row["duties"], row["escalation_targets"]) == (["clerk"], ["obligation"], [])


@pytest.mark.parametrize(("inherited", "item_topics"), [(frozenset({"communications"}), ["communications"]),
                                                         (frozenset({"chair_role"}), []), (frozenset(), [])])
def test_list_items_take_a_learned_topic_of_their_lead_in_only_where_the_model_says_so(inherited, item_topics):
    from dataclasses import replace

    from protocol_analytics.topics import topic_rows

    base = load_model()
    column = base.index["communications"]
    model = replace(base, modes=("learned",) * len(base.topics), inherit=inherited)
    probs = np.zeros((2, len(base.topics)))
    probs[0, column] = 0.9  # the model gives the lead-in the topic, not the item
    model.predict = lambda rows: probs
    rows = [{"doc_id": "d", "council": "Ashcombe Town Council", "clause_id": "1", "text": "The Council will:",
             "escalation_targets": [], "duties": ["obligation"], "roles": ["council"], "parent_id": "",
             "is_lead_in": True},
            {"doc_id": "d", "council": "Ashcombe Town Council", "clause_id": "1.1", "text": "be polite;",
             "escalation_targets": [], "duties": ["obligation"], "roles": ["council"], "parent_id": "1",
             "is_lead_in": False}]
    topics, _ = topic_rows(rows, model=model)
    assert topics == [["communications"], item_topics]


def test_a_rows_feature_indices_are_those_of_its_feature_strings():
    """The model looks a clause's features up by blocks (its text's, section title's and lead-in's, each
    remembered): the indices, in order, are those of :meth:`FeatureSettings.row_features`, whatever the settings,
    on every clause of the bundled protocols and again once the blocks are remembered."""
    from dataclasses import replace

    from protocol_analytics.segment import segment_text
    from protocol_analytics.segment.frame import clauses_frame

    rows = []
    for path in sorted((ROOT / "data/raw").glob("*.txt")):
        frame = clauses_frame(segment_text(path.read_text(encoding="utf-8")), path.stem, "Ashcombe Town Council")
        rows += frame.to_dict("records")
    for n, row in enumerate(rows):  # (labels as the tagger gives them, some on every kind of row)
        row.update(roles=["clerk", "chair"][: n % 3], duties=["obligation"] if n % 2 else [],
                   escalation_targets=["monitoring_officer"] if n % 5 == 0 else [])
    shipped = load_model()
    assert len(rows) > 100
    for settings in (shipped.settings, replace(shipped.settings, structure=True, labels=False, bigrams=False),
                     replace(shipped.settings, section=False, lead_in=True, stem=False)):
        model = replace(shipped, settings=settings)
        every = {f for n, row in enumerate(rows) for f in settings.row_features(row, n)}
        for vocab in (model.vocab, {f: k for k, f in enumerate(sorted(every)[::3])}):
            model = replace(model, vocab=vocab)
            for _ in range(2):
                for n, row in enumerate(rows):
                    assert model._row_indices(row, n) == [vocab[f] for f in settings.row_features(row, n) if f in vocab]


def test_a_users_taxonomy_may_name_decisive_patterns(tmp_path):
    mine = write(tmp_path, "version: 1\ntopics:\n  - id: gifts\n    patterns: ['presents?']\n"
                           "    decisive_patterns: ['gifts? and hospitality']\n")
    from protocol_analytics.rules.taxonomy import load_taxonomy

    (gifts,) = load_taxonomy(mine)
    assert (len(gifts.patterns), gifts.decisive) == (2, 1)
    clauses, tags = assign_topics(frame(["Officers must record any gifts and hospitality they are offered."]),
                                  taxonomy=str(mine))
    assert clauses["topics"][0] == ["gifts"] and tags["rule"].tolist() == ["mine:gifts:decisive_patterns[0]"]
