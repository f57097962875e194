"""Declared schemas of every table written to data/processed (pandera).

Each column carries a description; the README's data dictionary is generated
from these (``protocol-analytics schema``), and :func:`validate` runs when a
table is written.
"""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from .errors import Errors, SchemaError


def _is_str_list(series: pd.Series) -> bool:
    return bool(series.map(lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v)).all())


def S(description: str, nullable: bool = False, **kw) -> pa.Column:
    return pa.Column(str, nullable=nullable, description=description, coerce=True, **kw)


def I(description: str, **kw) -> pa.Column:
    return pa.Column(int, description=description, coerce=True, **kw)


def F(description: str, **kw) -> pa.Column:
    return pa.Column(float, description=description, coerce=True, nullable=True, **kw)


def B(description: str) -> pa.Column:
    return pa.Column(bool, description=description, coerce=True)


def L(description: str) -> pa.Column:
    return pa.Column(object, description=description,
                     checks=pa.Check(_is_str_list, element_wise=False, error="not a list of strings"))


DOCUMENTS = pa.DataFrameSchema({
    "doc_id": S("the raw file's name without its extension", unique=True),
    "council": S("council name: manifest, else found in the document, else from the file name"),
    "council_source": S("where `council` came from: manifest, document, domain or filename",
                        checks=pa.Check.isin(["manifest", "document", "domain", "filename"])),
    "council_type": S("parish, town, community, district, … or unknown"),
    "nation": S("England, Wales, Scotland, Northern Ireland, or empty when unknown"),
    "title": S("the document's title line"),
    "source_file": S("path of the raw file, relative to the raw folder"),
    "format": S("reader used: txt, md, html, docx or pdf"),
    "sha256": S("sha256 of the raw file's bytes"),
    "n_clauses": I("number of clauses cut from the document", checks=pa.Check.ge(0)),
    "n_words": I("words in the clause texts", checks=pa.Check.ge(0)),
    "address": S("postal address lines of the front matter, '; '-joined"),
    "telephone": S("telephone numbers of the front matter"),
    "email": S("e-mail addresses of the front matter"),
    "web": S("web addresses of the front matter"),
    "adopted": S("adoption or approval line(s)"),
    "reviewed": S("review or update line(s)"),
    "front_matter": S("every front-matter line, ' | '-joined"),
    "text_file": S("the extracted text, in data/processed/text/; clause offsets point into it"),
})

CLAUSES = pa.DataFrameSchema({
    "doc_id": S("document id"),
    "council": S("council name"),
    "clause_id": S("printed number ('2.3'); list items parent id + position ('3.1.4'); paragraphs 'S.pN'/'pN'"),
    "parent_id": S("clause id of the lead-in a list item belongs to", nullable=True),
    "number": S("the number or marker as printed ('2.3', 'a', 'ii', '' for paragraphs and bullets)"),
    "section": S("number and title of the section the clause sits in ('9 Political Groups')"),
    "section_number": S("the section's number, '' when unnumbered"),
    "section_title": S("the section's heading"),
    "level": I("0 for top-level clauses, 1 for list items, 2 for items of items …", checks=pa.Check.ge(0)),
    "is_lead_in": B("the clause introduces a list (its items are its children)"),
    "lead_in": S("text of the lead-in that introduces this list item ('' for top-level clauses)"),
    "text": S("clause text without its marker, whitespace collapsed"),
    "char_start": I("offset of the clause's first character in the extracted text", checks=pa.Check.ge(0)),
    "char_end": I("offset just past the clause's last character", checks=pa.Check.ge(0)),
    "roles": L("role ids of the actors the clause governs (labels.yaml roles)"),
    "duties": L("deontic types: obligation, prohibition, permission, expectation"),
    "escalation_targets": L("where a concern or complaint is raised, referred or taken (labels.yaml)"),
    "topics": L("topic ids the clause states something on (taxonomy)"),
}, unique=["doc_id", "clause_id"])

TAGS = pa.DataFrameSchema({
    "doc_id": S("document id"),
    "council": S("council name"),
    "clause_id": S("clause id"),
    "field": S("role, duty, escalation_target or topic",
               checks=pa.Check.isin(["role", "duty", "escalation_target", "topic"])),
    "label": S("the label id"),
    "evidence": S("the text that gave the label"),
    "span_start": I("offset of the evidence in the clause text (-1 when inherited from a lead-in)"),
    "span_end": I("offset just past the evidence in the clause text"),
    "doc_char_start": I("offset of the evidence in the document's extracted text (-1 when inherited)"),
    "sentence": S("the sentence the evidence is in"),
    "rule": S("the rule or pattern that fired, with its lexicon version ('roles.v1:councillor')"),
    "inherited_from": S("clause id of the lead-in the label was inherited from, '' if the clause's own"),
})

STATEMENTS = pa.DataFrameSchema({
    "doc_id": S("document id"),
    "council": S("council name"),
    "clause_id": S("clause id"),
    "statement_id": S("clause id, '#', and the statement's position in the clause"),
    "sentence": S("the sentence the statement comes from"),
    "attribute": S("actor text as written ('such councillors')"),
    "role": S("the attribute's role id, '' when none"),
    "deontic": S("the modal as written, with its negation ('should not', 'can expect')"),
    "duty": S("obligation, prohibition, permission or expectation"),
    "aim": S("the governed verb phrase"),
    "object": S("the aim's object, '' when none"),
    "condition": S("the 'If …' / 'Where …' / 'When …' condition of the sentence, '' when none"),
    "or_else": S("escalation targets the sentence names, '; '-joined"),
    "passive": B("the statement is in the passive voice"),
})

ERRORS = pa.DataFrameSchema({
    "file": S("path of the raw file, relative to the raw folder"),
    "doc_id": S("document id the file would have had"),
    "code": S("PA0xx error code, or PA1xx warning code for a file read with a problem (errors.py)"),
    "stage": S("read, manifest, segment, tag or duplicate"),
    "message": S("what went wrong and what to do"),
})

COVERAGE = pa.DataFrameSchema({
    "council": S("council name"),
    "doc_id": S("document id(s) of the council, '; '-joined"),
    "council_type": S("council type"),
    "topic": S("topic id"),
    "topic_name": S("readable topic name"),
    "covered": B("at least one clause of the council carries the topic"),
    "n_clauses": I("clauses carrying the topic", checks=pa.Check.ge(0)),
    "clause_ids": L("ids of those clauses"),
    "strongest_duty": S("the strongest duty among them: obligation > prohibition > expectation > permission > none"),
    "strength": S("none, mention (one clause without duty), clause, or section (a section of its own)",
                  checks=pa.Check.isin(["none", "mention", "clause", "section"])),
}, unique=["council", "topic"])

ALIGNMENT = pa.DataFrameSchema({
    "doc_id": S("document id"),
    "council": S("council name"),
    "clause_id": S("clause id"),
    "rank": I("1 for the closest counterpart, 2 for the next …", checks=pa.Check.ge(1)),
    "other_doc_id": S("the counterpart's document ('' when none)"),
    "other_council": S("the counterpart's council"),
    "other_clause_id": S("the counterpart's clause id"),
    "similarity": F("token-set similarity 0–1 of the two texts"),
    "relation": S("same (≥ 0.9), modified (≥ 0.6) or none",
                  checks=pa.Check.isin(["same", "modified", "none"])),
    "text": S("the clause's text"),
    "other_text": S("the counterpart's text"),
})

SIMILARITY = pa.DataFrameSchema({
    "council": S("council name"),
    "other_council": S("the other council"),
    "similarity": F("share of the council's clauses with a same or modified counterpart in the other's"),
    "n_same": I("clauses with a same-text counterpart"),
    "n_modified": I("clauses with a modified counterpart"),
    "family": S("template family id (councils linked by similarity ≥ the family threshold)"),
})

ESCALATION_EDGES = pa.DataFrameSchema({
    "council": S("council name"),
    "doc_id": S("document id"),
    "clause_id": S("clause the route is stated in"),
    "source": S("who raises the concern (role id, or 'anyone')"),
    "target": S("escalation target it goes to"),
    "step": I("stop of the route the target is (1 = first stop); alternatives share their step"),
    "relation": S("first (the first stop), then (a later stop) or or (an alternative to the stop before it: "
                  "'… or …')", checks=pa.Check.isin(["first", "then", "or"])),
    "evidence": S("the sentence that states the route"),
})

TABLES: dict[str, pa.DataFrameSchema] = {
    "documents": DOCUMENTS, "clauses": CLAUSES, "tags": TAGS, "statements": STATEMENTS, "errors": ERRORS,
    "coverage": COVERAGE, "alignment": ALIGNMENT, "similarity": SIMILARITY, "escalation_edges": ESCALATION_EDGES,
}


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
