"""Every table's column names, in order, without pandas or pandera.

The per-document step runs in worker processes that never load pandas or pandera (a rebuild's worker
starts before the build's own process has loaded them, and would otherwise spend half a second on them),
so it takes the names from here. :mod:`protocol_analytics.schemas` declares the same columns with their
types, checks and descriptions; ``tests/test_layout.py`` checks that the two agree.
"""
from __future__ import annotations

COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "council", "council_source", "council_type", "nation", "title", "source_file", "format",
                  "sha256", "n_clauses", "n_words", "address", "telephone", "email", "web", "adopted", "reviewed",
                  "front_matter", "text_file"),
    "clauses": ("doc_id", "council", "clause_id", "parent_id", "number", "section", "section_number",
                "section_title", "level", "is_lead_in", "lead_in", "text", "char_start", "char_end", "roles", "duties",
                "escalation_targets", "topics"),
    "tags": ("doc_id", "council", "clause_id", "field", "label", "evidence", "span_start", "span_end",
             "doc_char_start", "sentence", "rule", "inherited_from"),
    "statements": ("doc_id", "council", "clause_id", "statement_id", "sentence", "attribute", "role", "deontic",
                   "duty", "aim", "object", "condition", "or_else", "passive"),
    "errors": ("file", "doc_id", "code", "stage", "message"),
    "coverage": ("council", "doc_id", "council_type", "topic", "topic_name", "covered", "n_clauses", "clause_ids",
                 "strongest_duty", "strength"),
    "alignment": ("doc_id", "council", "clause_id", "rank", "other_doc_id", "other_council", "other_clause_id",
                  "similarity", "relation", "text", "other_text"),
    "similarity": ("council", "other_council", "similarity", "n_same", "n_modified", "family"),
    "escalation_edges": ("council", "doc_id", "clause_id", "source", "target", "step", "relation", "evidence"),
}
"""Table name -> its columns, in the order of its files (the order of :data:`schemas.TABLES`)."""
