"""Declared schemas of every table written to data/processed (pandera).

Each column carries a description; the README's data dictionary is generated
from these (``protocol-analytics schema``), and :func:`validate` runs when a
table is written.
"""
from __future__ import annotations

from functools import cache

import pandas as pd
import pandera.pandas as pa

from .errors import Errors, SchemaError


def _is_str_list(series: pd.Series) -> bool:
    return bool(series.map(lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v)).all())


def text_column(description: str, nullable: bool = False, **kw) -> pa.Column:
    """A text column."""
    return pa.Column(str, nullable=nullable, description=description, coerce=True, **kw)


def int_column(description: str, **kw) -> pa.Column:
    """A whole-number column."""
    return pa.Column(int, description=description, coerce=True, **kw)


def float_column(description: str, **kw) -> pa.Column:
    """A decimal column (may be empty)."""
    return pa.Column(float, description=description, coerce=True, nullable=True, **kw)


def bool_column(description: str) -> pa.Column:
    """A true/false column."""
    return pa.Column(bool, description=description, coerce=True)


def list_column(description: str) -> pa.Column:
    """A column of lists of strings (label ids, clause ids)."""
    return pa.Column(object, description=description,
                     checks=pa.Check(_is_str_list, element_wise=False, error="not a list of strings"))


DOCUMENTS = pa.DataFrameSchema({
    "doc_id": text_column("the raw file's name without its extension", unique=True),
    "council": text_column("council name: manifest, else found in the document, else from the file name"),
    "council_source": text_column("where `council` came from: manifest, document, domain or filename",
                        checks=pa.Check.isin(["manifest", "document", "domain", "filename"])),
    "council_type": text_column("parish, town, community, district, … or unknown"),
    "nation": text_column("England, Wales, Scotland, Northern Ireland, or empty when unknown"),
    "title": text_column("the document's title line"),
    "source_file": text_column("path of the raw file, relative to the raw folder"),
    "format": text_column("reader used: txt, md, html, docx or pdf"),
    "sha256": text_column("sha256 of the raw file's bytes"),
    "n_clauses": int_column("number of clauses cut from the document", checks=pa.Check.ge(0)),
    "n_words": int_column("words in the clause texts", checks=pa.Check.ge(0)),
    "address": text_column("postal address lines of the front matter, '; '-joined"),
    "telephone": text_column("telephone numbers of the front matter"),
    "email": text_column("e-mail addresses of the front matter"),
    "web": text_column("web addresses of the front matter"),
    "adopted": text_column("adoption or approval line(s)"),
    "reviewed": text_column("review or update line(s)"),
    "front_matter": text_column("every front-matter line, ' | '-joined"),
    "text_file": text_column("the extracted text, in data/processed/text/; clause offsets point into it"),
})

CLAUSES = pa.DataFrameSchema({
    "doc_id": text_column("document id"),
    "council": text_column("council name"),
    "clause_id": text_column("printed number ('2.3'); list items parent id + position ('3.1.4'); paragraphs 'S.pN'/'pN'"),
    "parent_id": text_column("clause id of the lead-in a list item belongs to", nullable=True),
    "number": text_column("the number or marker as printed ('2.3', 'a', 'ii', '' for paragraphs and bullets)"),
    "section": text_column("number and title of the section the clause sits in ('9 Political Groups')"),
    "section_number": text_column("the section's number, '' when unnumbered"),
    "section_title": text_column("the section's heading"),
    "level": int_column("0 for top-level clauses, 1 for list items, 2 for items of items …", checks=pa.Check.ge(0)),
    "is_lead_in": bool_column("the clause introduces a list (its items are its children)"),
    "lead_in": text_column("text of the lead-in that introduces this list item ('' for top-level clauses)"),
    "text": text_column("clause text without its marker, whitespace collapsed"),
    "char_start": int_column("offset of the clause's first character in the extracted text", checks=pa.Check.ge(0)),
    "char_end": int_column("offset just past the clause's last character", checks=pa.Check.ge(0)),
    "roles": list_column("role ids of the actors the clause governs (labels.yaml roles)"),
    "duties": list_column("deontic types: obligation, prohibition, permission, expectation"),
    "escalation_targets": list_column("where a concern or complaint is raised, referred or taken (labels.yaml)"),
    "topics": list_column("topic ids the clause states something on (taxonomy)"),
}, unique=["doc_id", "clause_id"])

TAGS = pa.DataFrameSchema({
    "doc_id": text_column("document id"),
    "council": text_column("council name"),
    "clause_id": text_column("clause id"),
    "field": text_column("role, duty, escalation_target or topic",
               checks=pa.Check.isin(["role", "duty", "escalation_target", "topic"])),
    "label": text_column("the label id"),
    "evidence": text_column("the text that gave the label"),
    "span_start": int_column("offset of the evidence in the clause text (-1 when inherited from a lead-in)"),
    "span_end": int_column("offset just past the evidence in the clause text"),
    "doc_char_start": int_column("offset of the evidence in the document's extracted text (-1 when inherited)"),
    "sentence": text_column("the sentence the evidence is in"),
    "rule": text_column("the rule or pattern that fired, with its lexicon version ('roles.v1:councillor')"),
    "inherited_from": text_column("clause id of the lead-in the label was inherited from, '' if the clause's own"),
})

STATEMENTS = pa.DataFrameSchema({
    "doc_id": text_column("document id"),
    "council": text_column("council name"),
    "clause_id": text_column("clause id"),
    "statement_id": text_column("clause id, '#', and the statement's position in the clause"),
    "sentence": text_column("the sentence the statement comes from"),
    "attribute": text_column("actor text as written ('such councillors')"),
    "role": text_column("the attribute's role id, '' when none"),
    "deontic": text_column("the modal as written, with its negation ('should not', 'can expect')"),
    "duty": text_column("obligation, prohibition, permission or expectation"),
    "aim": text_column("the governed verb phrase"),
    "object": text_column("the aim's object, '' when none"),
    "condition": text_column("the 'If …' / 'Where …' / 'When …' condition of the sentence, '' when none"),
    "or_else": text_column("escalation targets the sentence names, '; '-joined"),
    "passive": bool_column("the statement is in the passive voice"),
})

ERRORS = pa.DataFrameSchema({
    "file": text_column("path of the raw file, relative to the raw folder"),
    "doc_id": text_column("document id the file would have had"),
    "code": text_column("PA0xx error code, or PA1xx warning code for a file read with a problem (errors.py)"),
    "stage": text_column("read, manifest, segment, tag or duplicate"),
    "message": text_column("what went wrong and what to do"),
})

COVERAGE = pa.DataFrameSchema({
    "council": text_column("council name"),
    "doc_id": text_column("document id(s) of the council, '; '-joined"),
    "council_type": text_column("council type"),
    "topic": text_column("topic id"),
    "topic_name": text_column("readable topic name"),
    "covered": bool_column("at least one clause of the council carries the topic"),
    "n_clauses": int_column("clauses carrying the topic", checks=pa.Check.ge(0)),
    "clause_ids": list_column("ids of those clauses"),
    "strongest_duty": text_column("the strongest duty among them: obligation > prohibition > expectation > permission > none"),
    "strength": text_column("none, mention (one clause without duty), clause, or section (a section of its own)",
                  checks=pa.Check.isin(["none", "mention", "clause", "section"])),
}, unique=["council", "topic"])

ALIGNMENT = pa.DataFrameSchema({
    "doc_id": text_column("document id"),
    "council": text_column("council name"),
    "clause_id": text_column("clause id"),
    "rank": int_column("1 for the closest counterpart, 2 for the next …", checks=pa.Check.ge(1)),
    "other_doc_id": text_column("the counterpart's document ('' when none)"),
    "other_council": text_column("the counterpart's council"),
    "other_clause_id": text_column("the counterpart's clause id"),
    "similarity": float_column("token-set similarity 0–1 of the two texts"),
    "relation": text_column("same (≥ 0.9), modified (≥ 0.6) or none",
                  checks=pa.Check.isin(["same", "modified", "none"])),
    "text": text_column("the clause's text"),
    "other_text": text_column("the counterpart's text"),
})

SIMILARITY = pa.DataFrameSchema({
    "council": text_column("council name"),
    "other_council": text_column("the other council"),
    "similarity": float_column("share of the council's clauses with a same or modified counterpart in the other's"),
    "n_same": int_column("clauses with a same-text counterpart"),
    "n_modified": int_column("clauses with a modified counterpart"),
    "family": text_column("template family id (councils linked by similarity ≥ the family threshold)"),
})

ESCALATION_EDGES = pa.DataFrameSchema({
    "council": text_column("council name"),
    "doc_id": text_column("document id"),
    "clause_id": text_column("clause the route is stated in"),
    "source": text_column("who raises the concern (role id, or 'anyone')"),
    "target": text_column("escalation target it goes to"),
    "step": int_column("stop of the route the target is (1 = first stop); alternatives share their step"),
    "relation": text_column("first (the first stop), then (a later stop) or or (an alternative to the stop before it: "
                  "'… or …')", checks=pa.Check.isin(["first", "then", "or"])),
    "evidence": text_column("the sentence that states the route"),
})

TABLES: dict[str, pa.DataFrameSchema] = {
    "documents": DOCUMENTS, "clauses": CLAUSES, "tags": TAGS, "statements": STATEMENTS, "errors": ERRORS,
    "coverage": COVERAGE, "alignment": ALIGNMENT, "similarity": SIMILARITY, "escalation_edges": ESCALATION_EDGES,
}


@cache
def arrow_schema(name: str):
    """The parquet (arrow) schema of a table, from its declared columns: every batch written has it."""
    import pyarrow as pa_

    types = {str: pa_.string(), int: pa_.int64(), float: pa_.float64(), bool: pa_.bool_()}
    fields = []
    for col, spec in TABLES[name].columns.items():
        if spec.checks and str(spec.dtype) == "object":
            fields.append(pa_.field(col, pa_.list_(pa_.string())))
        else:
            kind = {"str": str, "int64": int, "float64": float, "bool": bool}.get(str(spec.dtype), str)
            fields.append(pa_.field(col, types[kind], nullable=spec.nullable or kind in (str, float)))
    return pa_.schema(fields)


def empty(name: str) -> pd.DataFrame:
    return pd.DataFrame({col: pd.Series([], dtype=object) for col in TABLES[name].columns})


def validate(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Check a table against its schema (all problems at once) and return it coerced, columns in order."""
    schema = TABLES[name]
    missing = [c for c in schema.columns if c not in df.columns]
    if missing:
        raise SchemaError(Errors.PA031.format(table=name, problem=f"missing columns {missing}"))
    df = df[list(schema.columns)]
    if df.empty:
        return df
    try:
        return schema.validate(df, lazy=True)
    except (pa.errors.SchemaErrors, pa.errors.SchemaError) as exc:
        raise SchemaError(Errors.PA031.format(table=name, problem=str(exc)[:2000])) from exc


def data_dictionary_markdown() -> str:
    """The README's data dictionary, from the declared schemas."""
    out = []
    for name, schema in TABLES.items():
        out.append(f"#### `{name}`\n\n| column | description |\n|---|---|")
        for col, spec in schema.columns.items():
            out.append(f"| `{col}` | {spec.description} |")
        out.append("")
    return "\n".join(out)


def records(df: pd.DataFrame) -> list[dict]:
    """``df.to_dict("records")`` without its per-row indexing (a few times faster on small frames)."""
    columns = list(df.columns)
    return [dict(zip(columns, values)) for values in zip(*(df[c].tolist() for c in columns))]
