"""Declared schemas of every table written to data/processed.

Each column is declared once, here: its kind (text, whole number, decimal, true/false, list of strings), whether
it may be empty, its checks and a description. The README's data dictionary is generated from these
(``protocol-analytics schema``), :func:`arrow_schema` gives a table's Parquet types, :func:`pandera_schema` the same
declaration as a pandera schema, and :func:`validate` runs when a table is written.

:func:`validate` checks rows that already have their columns' kinds itself, with a few vectorised comparisons a
column (:func:`conforming`), and hands pandera the rows that do not: pandera coerces what can be coerced and words
every problem of what cannot. The rows a build makes always have their kinds, so a build's process loads pandera
only for a table that is wrong (pandera's import is 0.1 s of a rebuild's start, and its own work 5-15 ms a batch
whatever the batch's size); ``tests/test_schemas.py`` checks that both give the same table or the same refusal.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from .errors import Errors, SchemaError

KINDS = ("str", "int", "float", "bool", "list")


@dataclass(frozen=True)
class ColumnSpec:
    """One column: its kind (one of KINDS), description and checks."""
    kind: str
    description: str
    nullable: bool = False
    unique: bool = False
    isin: tuple[str, ...] | None = None  # the values it may take
    ge: int | None = None  # its least value

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"column kind {self.kind!r} is not one of {KINDS}")


@dataclass(frozen=True, eq=False)
class TableSpec:
    """One table: its columns in order, and the columns whose values together are unique."""
    columns: dict[str, ColumnSpec]
    unique: tuple[str, ...] = ()


def _is_str_list(series: pd.Series) -> bool:
    return bool(series.map(lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v)).all())


def _column(kind: str, description: str, nullable: bool = False, unique: bool = False, isin=None,
            ge: int | None = None) -> ColumnSpec:
    return ColumnSpec(kind, description, nullable, unique, tuple(isin) if isin is not None else None, ge)


def text_column(description: str, nullable: bool = False, **kw) -> ColumnSpec:
    """A text column."""
    return _column("str", description, nullable, **kw)


def int_column(description: str, **kw) -> ColumnSpec:
    """A whole-number column."""
    return _column("int", description, **kw)


def float_column(description: str, **kw) -> ColumnSpec:
    """A decimal column (may be empty)."""
    return _column("float", description, nullable=True, **kw)


def bool_column(description: str) -> ColumnSpec:
    """A true/false column."""
    return _column("bool", description)


def list_column(description: str) -> ColumnSpec:
    """A column of lists of strings (label ids, clause ids)."""
    return _column("list", description)


def table(columns: dict[str, ColumnSpec], unique: tuple[str, ...] = ()) -> TableSpec:
    return TableSpec(columns, tuple(unique))


DOCUMENTS = table({
    "doc_id": text_column("the raw file's name without its extension", unique=True),
    "council": text_column("council name: manifest, else found in the document, else from the file name"),
    "council_source": text_column("where `council` came from: manifest, document, domain or filename",
                        isin=["manifest", "document", "domain", "filename"]),
    "council_type": text_column("parish, town, community, district, … or unknown"),
    "nation": text_column("England, Wales, Scotland, Northern Ireland, or empty when unknown"),
    "title": text_column("the document's title line"),
    "source_file": text_column("path of the raw file, relative to the raw folder"),
    "format": text_column("reader used: txt, md, html, docx or pdf"),
    "sha256": text_column("sha256 of the raw file's bytes"),
    "n_clauses": int_column("number of clauses cut from the document", ge=0),
    "n_words": int_column("words in the clause texts", ge=0),
    "address": text_column("postal address lines of the front matter, '; '-joined"),
    "telephone": text_column("telephone numbers of the front matter"),
    "email": text_column("e-mail addresses of the front matter"),
    "web": text_column("web addresses of the front matter"),
    "adopted": text_column("adoption or approval line(s)"),
    "reviewed": text_column("review or update line(s)"),
    "front_matter": text_column("every front-matter line, ' | '-joined"),
    "text_file": text_column("the extracted text, in data/processed/text/; clause offsets point into it"),
})

CLAUSES = table({
    "doc_id": text_column("document id"),
    "council": text_column("council name"),
    "clause_id": text_column("printed number ('2.3'); list items parent id + position ('3.1.4'); paragraphs 'S.pN'/'pN'"),
    "parent_id": text_column("clause id of the lead-in a list item belongs to", nullable=True),
    "number": text_column("the number or marker as printed ('2.3', 'a', 'ii', '' for paragraphs and bullets)"),
    "section": text_column("number and title of the section the clause sits in ('9 Political Groups')"),
    "section_number": text_column("the section's number, '' when unnumbered"),
    "section_title": text_column("the section's heading"),
    "level": int_column("0 for top-level clauses, 1 for list items, 2 for items of items …", ge=0),
    "is_lead_in": bool_column("the clause introduces a list (its items are its children)"),
    "lead_in": text_column("text of the lead-in that introduces this list item ('' for top-level clauses)"),
    "text": text_column("clause text without its marker, whitespace collapsed"),
    "char_start": int_column("offset of the clause's first character in the extracted text", ge=0),
    "char_end": int_column("offset just past the clause's last character", ge=0),
    "roles": list_column("role ids of the actors the clause governs (labels.yaml roles)"),
    "duties": list_column("deontic types: obligation, prohibition, permission, expectation"),
    "escalation_targets": list_column("where a concern or complaint is raised, referred or taken (labels.yaml)"),
    "topics": list_column("topic ids the clause states something on (taxonomy)"),
}, unique=("doc_id", "clause_id"))

TAGS = table({
    "doc_id": text_column("document id"),
    "council": text_column("council name"),
    "clause_id": text_column("clause id"),
    "field": text_column("role, duty, escalation_target or topic",
               isin=["role", "duty", "escalation_target", "topic"]),
    "label": text_column("the label id"),
    "evidence": text_column("the text that gave the label"),
    "span_start": int_column("offset of the evidence in the clause text (-1 when inherited from a lead-in)"),
    "span_end": int_column("offset just past the evidence in the clause text"),
    "doc_char_start": int_column("offset of the evidence in the document's extracted text (-1 when inherited)"),
    "sentence": text_column("the sentence the evidence is in"),
    "rule": text_column("the rule or pattern that fired, with its lexicon version ('roles.v1:councillor')"),
    "inherited_from": text_column("clause id of the lead-in the label was inherited from, '' if the clause's own"),
})

STATEMENTS = table({
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

ERRORS = table({
    "file": text_column("path of the raw file, relative to the raw folder"),
    "doc_id": text_column("document id the file would have had"),
    "code": text_column("PA0xx error code, or PA1xx warning code for a file read with a problem (errors.py)"),
    "stage": text_column("read, manifest, segment, tag or duplicate"),
    "message": text_column("what went wrong and what to do"),
})

COVERAGE = table({
    "council": text_column("council name"),
    "doc_id": text_column("document id(s) of the council, '; '-joined"),
    "council_type": text_column("council type"),
    "topic": text_column("topic id"),
    "topic_name": text_column("readable topic name"),
    "covered": bool_column("at least one clause of the council carries the topic"),
    "n_clauses": int_column("clauses carrying the topic", ge=0),
    "clause_ids": list_column("ids of those clauses"),
    "strongest_duty": text_column("the strongest duty among them: obligation > prohibition > expectation > permission > none"),
    "strength": text_column("none, mention (one clause without duty), clause, or section (a section of its own)",
                  isin=["none", "mention", "clause", "section"]),
}, unique=("council", "topic"))

ALIGNMENT = table({
    "doc_id": text_column("document id"),
    "council": text_column("council name"),
    "clause_id": text_column("clause id"),
    "rank": int_column("1 for the closest counterpart, 2 for the next …", ge=1),
    "other_doc_id": text_column("the counterpart's document ('' when none)"),
    "other_council": text_column("the counterpart's council"),
    "other_clause_id": text_column("the counterpart's clause id"),
    "similarity": float_column("token-set similarity 0–1 of the two texts"),
    "relation": text_column("same (≥ 0.9), modified (≥ 0.6) or none",
                  isin=["same", "modified", "none"]),
    "text": text_column("the clause's text"),
    "other_text": text_column("the counterpart's text"),
})

SIMILARITY = table({
    "council": text_column("council name"),
    "other_council": text_column("the other council"),
    "similarity": float_column("share of the council's clauses with a same or modified counterpart in the other's"),
    "n_same": int_column("clauses with a same-text counterpart"),
    "n_modified": int_column("clauses with a modified counterpart"),
    "family": text_column("template family id (councils linked by similarity ≥ the family threshold)"),
})

ESCALATION_EDGES = table({
    "council": text_column("council name"),
    "doc_id": text_column("document id"),
    "clause_id": text_column("clause the route is stated in"),
    "source": text_column("who raises the concern (role id, or 'anyone')"),
    "target": text_column("escalation target it goes to"),
    "step": int_column("stop of the route the target is (1 = first stop); alternatives share their step"),
    "relation": text_column("first (the first stop), then (a later stop) or or (an alternative to the stop before it: "
                  "'… or …')", isin=["first", "then", "or"]),
    "evidence": text_column("the sentence that states the route"),
})

TABLES: dict[str, TableSpec] = {
    "documents": DOCUMENTS, "clauses": CLAUSES, "tags": TAGS, "statements": STATEMENTS, "errors": ERRORS,
    "coverage": COVERAGE, "alignment": ALIGNMENT, "similarity": SIMILARITY, "escalation_edges": ESCALATION_EDGES,
}


@cache
def arrow_schema(name: str):
    """The parquet (arrow) schema of a table, from its declared columns: every batch written has it."""
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "list": pa.list_(pa.string())}
    return pa.schema([pa.field(col, types[spec.kind], nullable=spec.nullable or spec.kind in ("str", "float"))
                      if spec.kind != "list" else pa.field(col, types["list"])
                      for col, spec in TABLES[name].columns.items()])


@cache
def pandera_schema(name: str):
    """Table ``name``'s declaration as a pandera schema (text, numbers and true/false coerced)."""
    import pandera.pandas as pa

    columns = {}
    for col, spec in TABLES[name].columns.items():
        if spec.kind == "list":
            columns[col] = pa.Column(object, description=spec.description,
                                     checks=pa.Check(_is_str_list, element_wise=False, error="not a list of strings"))
            continue
        checks = ([pa.Check.isin(list(spec.isin))] if spec.isin is not None else []) + (
            [pa.Check.ge(spec.ge)] if spec.ge is not None else [])
        columns[col] = pa.Column({"str": str, "int": int, "float": float, "bool": bool}[spec.kind],
                                 nullable=spec.nullable, unique=spec.unique, coerce=True, description=spec.description,
                                 checks=checks or None)
    return pa.DataFrameSchema(columns, unique=list(TABLES[name].unique) or None)


def empty(name: str) -> pd.DataFrame:
    return pd.DataFrame({col: pd.Series([], dtype=object) for col in TABLES[name].columns})


def validate(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Check a table against its schema (all problems at once) and return it coerced, columns in order."""
    spec = TABLES[name]
    missing = [c for c in spec.columns if c not in df.columns]
    if missing:
        raise SchemaError(Errors.PA031.format(table=name, problem=f"missing columns {missing}"))
    df = df[list(spec.columns)]
    if df.empty:
        return df
    checked = conforming(spec, df)
    if checked is not None:
        return checked
    import pandera.pandas as pa

    try:
        return pandera_schema(name).validate(df, lazy=True)
    except (pa.errors.SchemaErrors, pa.errors.SchemaError) as exc:
        raise SchemaError(Errors.PA031.format(table=name, problem=str(exc)[:2000])) from exc


_TEXT = pd.Series([], dtype=str).dtype  # what a text column is coerced to (pandas' default string type)


def conforming(spec: TableSpec, df: pd.DataFrame) -> pd.DataFrame | None:
    """``df`` (its columns those of ``spec``, in order) as pandera's :func:`pandera_schema` would return it, when
    every column already has its kind and passes its checks; None when one does not (pandera then coerces
    what it can and words the problems)."""
    if not df.columns.is_unique:  # (a column given twice: pandera says what it makes of that)
        return None
    coerced = {}
    for col, c in spec.columns.items():
        s = df[col]
        if c.kind == "str":
            if s.dtype == _TEXT:
                if not c.nullable and s.isna().any():
                    return None
            elif s.dtype == object and pd.api.types.infer_dtype(s, skipna=c.nullable) in (
                    ("string", "empty") if c.nullable else ("string",)):
                coerced[col] = s.astype(_TEXT)
            else:
                return None
        elif c.kind == "int":
            if s.dtype != np.int64:
                return None
        elif c.kind == "float":
            if s.dtype != np.float64:
                return None
        elif c.kind == "bool":
            if s.dtype != np.bool_:
                return None
        elif s.dtype != object or not _is_str_list(s):
            return None
        if (c.unique and not s.is_unique or c.isin is not None and not s.isin(c.isin).all()
                or c.ge is not None and not (s >= c.ge).all()):
            return None
    if spec.unique and df.duplicated(list(spec.unique)).any():
        return None
    return df.assign(**coerced) if coerced else df.copy(deep=False)


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
