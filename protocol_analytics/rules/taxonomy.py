"""The topic taxonomy: a versioned YAML file in the package, or a user's own, validated on load."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..config import PACKAGE_DATA, file_stamp, read_rule_file
from ..errors import Errors, RuleFileError
from .labels import label_ids
from .literals import compile_rule, kept_for, required_literals, typographic

DEFAULT_TAXONOMY = PACKAGE_DATA / "topics.v1.yaml"
TOPIC_KEYS = {"id", "name", "definition", "patterns", "decisive_patterns", "requires", "requires_roles", "excludes",
              "from_targets",
              "from_escalation_rules", "from_expectation_roles", "from_roles", "from_roles_outside_procedures",
              "from_subject_roles", "from_document_procedures", "from_document_procedures_unless"}


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    definition: str
    patterns: tuple[re.Pattern, ...] = field(default=())
    # the last ``decisive`` of ``patterns`` are the file's ``decisive_patterns``: words that name the topic outright
    # ("whistleblowing"), whose hit the learned model does not overrule (topic_model.learned_rows)
    decisive: int = 0
    requires: tuple[re.Pattern, ...] = field(default=())
    requires_roles: tuple[str, ...] = field(default=())  # a clause with one of these roles needs no ``requires`` words
    excludes: tuple[re.Pattern, ...] = field(default=())
    from_targets: tuple[str, ...] = field(default=())
    from_escalation_rules: tuple[str, ...] = field(default=())
    from_expectation_roles: tuple[str, ...] = field(default=())
    from_roles: tuple[str, ...] = field(default=())
    from_roles_outside_procedures: bool = False  # a role's duty gives the topic only outside a concern procedure
    from_subject_roles: tuple[str, ...] = field(default=())  # a duty of the role a role description describes
    # a clause of a document that is one of these procedures (its title: "Disciplinary Procedure"), but its
    # scope and its fragments; not of a body's terms of reference
    from_document_procedures: tuple[str, ...] = field(default=())
    from_document_procedures_unless: tuple[str, ...] = field(default=())  # topics a clause's step is not ("its scope")
    # per pattern, strings one of which every match contains (literals.required_literals): a clause with none
    # of them is not searched with that pattern
    literals: tuple[frozenset[str] | None, ...] = field(default=())


def _flag(path: Path, topic_id: str, key: str, value) -> bool:
    if not isinstance(value, bool):
        raise RuleFileError(Errors.PA030.format(path=path, problem=f"{topic_id}.{key} must be true or false"))
    return value


def _compile(path: Path, topic_id: str, key: str, values) -> tuple[re.Pattern, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    out = []
    for v in values:
        try:
            out.append(compile_rule(rf"(?<![\w-])(?:{typographic(v)})", re.I | re.M))
        except re.error as exc:
            raise RuleFileError(Errors.PA030.format(path=path, problem=f"topic {topic_id}: bad {key} {v!r}: {exc}")) from exc
    return tuple(out)


def _ids(path: Path, topic_id: str, key: str, values, allowed: set[str]) -> tuple[str, ...]:
    values = list(values or [])
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise RuleFileError(Errors.PA030.format(path=path, problem=f"topic {topic_id}: {key} names unknown ids {unknown}"))
    return tuple(values)


@lru_cache(maxsize=8)
def _load(path_str: str, mtime_ns: int, size: int) -> tuple[Topic, ...]:
    with kept_for(Path(path_str)):  # (its patterns' literal prefilters, kept by a build: literals.kept_in)
        return _read(Path(path_str))


def _read(path: Path) -> tuple[Topic, ...]:
    data = read_rule_file(path)
    if not isinstance(data, dict) or not isinstance(data.get("topics"), list):
        raise RuleFileError(Errors.PA030.format(path=path, problem="expected a mapping with a 'topics' list"))
    unknown_top = set(data) - {"version", "topics", "extends", "model"}  # model: topic_model.py
    if unknown_top:
        raise RuleFileError(Errors.PA030.format(path=path, problem=f"unknown keys {sorted(unknown_top)}"))
    labels = label_ids()
    targets, roles = set(labels["escalation_targets"]), set(labels["roles"])
    topics, seen = [], set()
    if data.get("extends") is not None:
        # "extends: packaged" adds the file's topics to the packaged taxonomy (a topic with a packaged id replaces it)
        if data["extends"] != "packaged":
            raise RuleFileError(Errors.PA030.format(path=path, problem="'extends' can only be 'packaged'"))
        own_ids = {str(e.get("id")) for e in data["topics"] if isinstance(e, dict)}
        topics = [t for t in load_taxonomy() if t.id not in own_ids]
        seen = {t.id for t in topics}
    for n, entry in enumerate(data["topics"], start=1):
        if not isinstance(entry, dict) or "id" not in entry:
            raise RuleFileError(Errors.PA030.format(path=path, problem=f"entry {n} has no id"))
        unknown = set(entry) - TOPIC_KEYS
        if unknown:
            raise RuleFileError(Errors.PA030.format(path=path, problem=f"topic {entry['id']}: unknown keys {sorted(unknown)}"))
        tid = str(entry["id"])
        if not re.fullmatch(r"[a-z][a-z0-9_]*", tid):
            raise RuleFileError(Errors.PA030.format(path=path, problem=f"topic id {tid!r} must be snake_case"))
        if tid in seen:
            raise RuleFileError(Errors.PA030.format(path=path, problem=f"duplicate topic id {tid}"))
        seen.add(tid)
        topics.append(Topic(
            id=tid, name=str(entry.get("name") or tid.replace("_", " ").capitalize()),
            definition=str(entry.get("definition", "")),
            patterns=(patterns := _compile(path, tid, "patterns", entry.get("patterns"))
                      + (decisive := _compile(path, tid, "decisive_patterns", entry.get("decisive_patterns")))),
            decisive=len(decisive),
            literals=tuple(required_literals(p) for p in patterns),
            requires=_compile(path, tid, "requires", entry.get("requires")),
            requires_roles=_ids(path, tid, "requires_roles", entry.get("requires_roles"), roles),
            excludes=_compile(path, tid, "excludes", entry.get("excludes")),
            from_targets=_ids(path, tid, "from_targets", entry.get("from_targets"), targets),
            from_escalation_rules=_ids(path, tid, "from_escalation_rules", entry.get("from_escalation_rules"), targets),
            from_expectation_roles=_ids(path, tid, "from_expectation_roles", entry.get("from_expectation_roles"), roles),
            from_roles=_ids(path, tid, "from_roles", entry.get("from_roles"), roles),
            from_roles_outside_procedures=_flag(path, tid, "from_roles_outside_procedures",
                                                entry.get("from_roles_outside_procedures", False)),
            from_subject_roles=_ids(path, tid, "from_subject_roles", entry.get("from_subject_roles"), roles),
            from_document_procedures=_ids(path, tid, "from_document_procedures", entry.get("from_document_procedures"),
                                          targets),
            from_document_procedures_unless=tuple(entry.get("from_document_procedures_unless") or ()),
        ))
    for topic in topics:  # (topic ids: known once every topic is read)
        _ids(path, topic.id, "from_document_procedures_unless", topic.from_document_procedures_unless, seen)
    return tuple(topics)


def load_taxonomy(path: str | Path | None = None) -> tuple[Topic, ...]:
    """Topics of the packaged taxonomy, or of a user's YAML file with the same layout.

    A user's file replaces the packaged taxonomy, or adds to it with ``extends: packaged``.
    """
    return _load(*file_stamp(Path(path) if path else DEFAULT_TAXONOMY))


def taxonomy_version(path: str | Path | None = None) -> str:
    name = Path(path).stem if path else DEFAULT_TAXONOMY.stem
    return name
