"""The packaged lexicon and taxonomy are valid, consistent with the coding scheme, and checked when loaded."""
from __future__ import annotations

import pytest
import yaml

from protocol_analytics.config import PACKAGE_DATA
from protocol_analytics.errors import RuleFileError
from protocol_analytics.rules.lexicon import load_lexicon
from protocol_analytics.rules.taxonomy import load_taxonomy

LABELS = yaml.safe_load((PACKAGE_DATA / "labels.yaml").read_text(encoding="utf-8"))


def test_packaged_labels_match_the_shared_spec(shared_dir):
    shared = yaml.safe_load((shared_dir / "spec" / "labels.yaml").read_text(encoding="utf-8"))
    assert {k: set(v) for k, v in shared.items()} == {k: set(v) for k, v in LABELS.items()}


def test_taxonomy_has_every_topic_of_the_scheme():
    topics = load_taxonomy()
    assert [t.id for t in topics] == list(LABELS["topics"])
    assert all(t.name and t.definition for t in topics)
    assert all(t.patterns or t.from_targets or t.from_expectation_roles for t in topics)


def test_lexicon_covers_every_role_and_target():
    lex = load_lexicon()
    assert {role for role, _ in lex.roles} == set(LABELS["roles"])
    targets = {t for t, _ in lex.targets} | {t for t, _ in lex.procedures} | {"conciliation"}
    assert targets == set(LABELS["escalation_targets"])
    assert {c.duty for c in lex.cues} <= set(LABELS["duties"])


@pytest.mark.parametrize("body,problem", [
    ("topics:\n  - id: gifts\n    name: Gifts\n    pattern: ['gift']\n", "unknown keys"),
    ("topics:\n  - id: Gifts\n    name: Gifts\n", "snake_case"),
    ("topics:\n  - id: gifts\n    patterns: ['(gift']\n", "bad patterns"),
    ("topics:\n  - id: gifts\n  - id: gifts\n", "duplicate topic id"),
    ("topics:\n  - id: gifts\n    from_targets: [ombudsman]\n", "unknown ids"),
    ("just: text\n", "'topics' list"),
    ("topics:\n  - id: gifts\n    from_roles: [chair]\n    from_roles_outside_procedures: 'yes'\n", "true or false"),
])
def test_broken_taxonomy_files_are_rejected_with_their_path(tmp_path, body, problem):
    path = tmp_path / "checklist.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_taxonomy(path)
    assert str(path) in str(info.value) and problem in str(info.value)


@pytest.mark.parametrize("change,problem", [
    (lambda d: d["roles"].update({"mayor": ["mayors?"]}), "not a role id"),
    (lambda d: d["cues"].append({"id": "x", "kind": "modal", "pattern": "ought", "duty": "duty"}), "not in labels.yaml"),
    (lambda d: d["cues"].append({"id": "x", "kind": "magic", "pattern": "ought", "duty": "obligation"}), "unknown kind"),
    (lambda d: d.update({"extra": 1}), "unknown keys"),
    (lambda d: d["escalation"]["targets"].update({"ombudsman": "ombudsman"}), "not an escalation target"),
    (lambda d: d["roles"]["clerk"].append("(clerk"), "does not compile"),
])
def test_broken_lexicon_files_are_rejected_with_their_path(tmp_path, change, problem):
    data = yaml.safe_load((PACKAGE_DATA / "lexicon.v1.yaml").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "lexicon.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_lexicon(path)
    assert str(path) in str(info.value) and problem in str(info.value)


def test_a_users_file_can_extend_the_packaged_taxonomy(tmp_path):
    path = tmp_path / "more.yaml"
    path.write_text("extends: packaged\ntopics:\n  - id: gifts\n    name: Gifts\n    patterns: ['gifts?']\n"
                    "  - id: confidentiality\n    name: Secrets\n    patterns: ['secret']\n", encoding="utf-8")
    topics = {t.id: t for t in load_taxonomy(path)}
    assert len(topics) == len(LABELS["topics"]) + 1
    assert topics["gifts"].name == "Gifts" and topics["confidentiality"].name == "Secrets"


def test_every_lexicon_entry_is_used_by_the_package():
    """A key of the lexicon file that no code reads is a rule nobody applies."""
    import dataclasses
    import re
    from pathlib import Path

    from protocol_analytics.rules.lexicon import Lexicon

    package = Path(__file__).resolve().parents[1] / "protocol_analytics"
    code = "\n".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py") if p.name != "lexicon.py")
    unused = [f.name for f in dataclasses.fields(Lexicon) if not re.search(rf"\.{f.name}\b", code)]
    assert unused == []


def test_an_edited_lexicon_is_read_again(tmp_path):
    """Rule files are cached, but never past an edit."""
    import os

    from protocol_analytics.config import PACKAGE_DATA

    path = tmp_path / "lexicon.yaml"
    text = (PACKAGE_DATA / "lexicon.v1.yaml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    before = load_lexicon(path)
    path.write_text(text.replace('pronouns: ["they",', 'pronouns: ["thon", "they",'), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different time, whatever the file system's resolution
    after = load_lexicon(path)
    assert not before.pronouns.search("thon") and after.pronouns.search("thon")


@pytest.mark.slow
def test_tagging_reads_the_lexicon_of_its_pipeline(tmp_path):
    """One rule set throughout: a pipeline built on a user's lexicon tags with it, document aliases included."""
    from protocol_analytics.config import PACKAGE_DATA
    from protocol_analytics.nlp import make_nlp, pipeline_lexicon

    path = tmp_path / "lexicon.yaml"
    text = (PACKAGE_DATA / "lexicon.v1.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("  clerk:\n", '  clerk:\n    - "steward"\n', 1), encoding="utf-8")
    nlp = make_nlp(lexicon_path=str(path))
    assert pipeline_lexicon(nlp) is load_lexicon(path)
    from protocol_analytics.segment import segment_text
    from protocol_analytics.segment.frame import clauses_frame
    from protocol_analytics.tag import tag_document

    text = "1. Minutes\n\n1.1 The steward must keep the minutes of every meeting.\n"
    clauses, _, _ = tag_document(clauses_frame(segment_text(text), "doc", "Ashcombe Parish Council"), nlp=nlp, text=text)
    assert clauses.iloc[0]["roles"] == ["clerk"]

# ---------------------------------------------------------------- segmentation rules

def test_packaged_segmentation_rules_load_and_every_key_is_used():
    from protocol_analytics.rules.segmentation import (
        KEY_FIELDS,
        KEYS,
        PACKAGED_SEGMENT_RULES,
        SegmentRules,
        load_segment_rules,
    )

    data = yaml.safe_load(PACKAGED_SEGMENT_RULES.read_text(encoding="utf-8"))
    assert set(data) == KEYS == set(KEY_FIELDS)
    rules = load_segment_rules()
    assert isinstance(rules, SegmentRules) and rules.version == "segmentation.v1"
    # every key of the file is compiled into fields of the rule set, and segment/ reads every field
    fields = [f for key in KEY_FIELDS.values() for f in key]
    assert sorted(fields) == sorted(SegmentRules.__dataclass_fields__)
    source = "\n".join(p.read_text(encoding="utf-8") for p in (PACKAGE_DATA.parent / "segment").glob("*.py"))
    unread = [f for f in fields if f != "version" and f"rules.{f}" not in source]
    assert not unread


@pytest.mark.parametrize("change,problem", [
    (lambda d: d.update({"extra": ["x"]}), "unknown keys"),
    (lambda d: d.pop("connectors"), "missing keys"),
    (lambda d: d["furniture_lines"].append("(unclosed"), "does not compile"),
    (lambda d: d.update({"heading_cues": []}), "non-empty list"),
    (lambda d: d.update({"sentence_openers": ["the", 3]}), "list of words"),
    (lambda d: d.update({"cookie_notice": ""}), "cookie_notice"),
])
def test_broken_segmentation_rules_are_rejected_with_their_path(tmp_path, change, problem):
    from protocol_analytics.rules.segmentation import PACKAGED_SEGMENT_RULES, load_segment_rules

    data = yaml.safe_load(PACKAGED_SEGMENT_RULES.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "segmentation.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_segment_rules(path)
    assert str(path) in str(info.value) and problem in str(info.value)
