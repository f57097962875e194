"""Exports for other tools: one Excel workbook an analyst can filter, and the statements in IG Script.

* :func:`write_workbook` (``protocol-analytics export --xlsx FILE``): sheets ``councils`` (one row per
  council: type, nation, adopted/reviewed, clauses, topics covered, key topics, first escalation stop,
  closest protocol), ``coverage`` (council × topic, wide), ``gaps``, ``clauses`` (with their tags) and
  ``escalation_edges``; every sheet has a filter row and a frozen header (openpyxl).
* :func:`write_ig_script` (``--ig-script FILE``): the statements table in the Institutional Grammar's
  IG Script notation as IG-Parser reads it (``A(…) D(…) I(…) Bdir(…) Cac(…) O(…)``), one statement a
  row of a tab-separated file; :func:`parse_ig_script` reads an encoded statement back.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from .analysis.compare import gap_report
from .io import atomic_write, read_table

KEY_TOPICS = ("political_groups", "meeting_etiquette", "personnel_committee_delegation")


# ---------------------------------------------------------------- workbook

def council_summary(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per council: what an association's analyst filters on first."""
    docs, cov, edges, sim = (tables[n] for n in ("documents", "coverage", "escalation_edges", "similarity"))
    names = cov.drop_duplicates("topic").set_index("topic")["topic_name"]
    rows = []
    for council, group in docs.groupby("council", sort=True):
        own = cov[cov["council"] == council]
        covered = own[own["covered"].astype(bool)]
        first = edges[(edges["council"] == council) & (edges["step"] == 1)]
        first = first.drop_duplicates(["clause_id", "target"])["target"].value_counts()
        others = sim[(sim["council"] == council) & (sim["other_council"] != council)].sort_values(
            ["similarity", "other_council"], ascending=[False, True])
        try:
            n_gaps = len(gap_report(cov, tables["clauses"], council, examples=0)) if len(own) else 0
        except Exception:
            n_gaps = 0
        rows.append({
            "council": council, "doc_id": "; ".join(group["doc_id"]), "council_type": group["council_type"].iloc[0],
            "nation": group["nation"].iloc[0], "title": group["title"].iloc[0],
            "adopted": "; ".join(x for x in group["adopted"] if x), "reviewed": "; ".join(x for x in group["reviewed"] if x),
            "clauses": int(group["n_clauses"].sum()), "words": int(group["n_words"].sum()),
            "topics_covered": len(covered), "of_topics": own["topic"].nunique(),
            **{f"key: {names.get(k, k)}": (own.loc[own["topic"] == k, "strength"].iloc[0]
                                           if (own["topic"] == k).any() else "none") for k in KEY_TOPICS},
            "gaps_vs_all_peers": n_gaps,
            "first_escalation_stop": first.index[0].replace("_", " ") if len(first) else "",
            "closest_protocol": others["other_council"].iloc[0] if len(others) else "",
            "closest_similarity": float(others["similarity"].iloc[0]) if len(others) else 0.0,
            "template_family": sim.loc[sim["council"] == council, "family"].iloc[0] if (sim["council"] == council).any() else "",
        })
    return pd.DataFrame(rows)


def _gaps_all(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    frames = []
    for council in sorted(tables["coverage"]["council"].unique()):
        g = gap_report(tables["coverage"], tables["clauses"], council, examples=1)
        if len(g):
            frames.append(g.assign(council=council, example=g["examples"].map(lambda e: e[0] if e else "")))
    cols = ["council", "topic", "topic_name", "peers_covering", "n_peers", "share_of_peers", "example"]
    return pd.concat(frames, ignore_index=True)[cols] if frames else pd.DataFrame(columns=cols)


def _flat(df: pd.DataFrame) -> pd.DataFrame:
    """List columns joined with '; ' (Excel cells hold text)."""
    out = df.copy()
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, (list, tuple))).any():
            out[col] = out[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out


def workbook_sheets(processed: Path | None = None) -> dict[str, pd.DataFrame]:
    """Sheet name -> table, as :func:`write_workbook` writes them."""
    t = {n: read_table(n, processed) for n in ("documents", "clauses", "coverage", "escalation_edges", "similarity")}
    cov = t["coverage"]
    wide = cov.pivot(index="council", columns="topic_name", values="strength") if len(cov) else pd.DataFrame()
    if len(cov):
        order = list(dict.fromkeys(cov["topic_name"]))
        wide = wide[order].reset_index()
        types = cov.drop_duplicates("council").set_index("council")["council_type"]
        wide.insert(1, "council_type", wide["council"].map(types))
    return {
        "councils": council_summary(t),
        "coverage": wide,
        "gaps": _gaps_all(t),
        "clauses": _flat(t["clauses"].drop(columns=["char_start", "char_end"], errors="ignore")),
        "escalation_edges": t["escalation_edges"],
    }


def write_workbook(path: Path, processed: Path | None = None) -> Path:
    """One .xlsx workbook of the processed tables (sheets: see the module doc), written atomically."""
    from openpyxl.utils import get_column_letter

    sheets = workbook_sheets(processed)

    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh, pd.ExcelWriter(fh, engine="openpyxl") as xl:
            for name, df in sheets.items():
                df.to_excel(xl, sheet_name=name, index=False)
                ws = xl.sheets[name]
                ws.freeze_panes = "B2"
                if ws.max_row > 1:
                    ws.auto_filter.ref = ws.dimensions
                for k, col in enumerate(df.columns, start=1):
                    values = [str(col)] + [str(v) for v in df[col].head(200)]
                    width = min(max(len(v) for v in values) + 2, 60 if col in ("text", "evidence", "example") else 40)
                    ws.column_dimensions[get_column_letter(k)].width = max(width, 8)

    return atomic_write(Path(path), write)


# ---------------------------------------------------------------- IG Script

IG_COMPONENTS = (("A", "attribute"), ("D", "deontic"), ("I", "aim"), ("Bdir", "object"), ("Cac", "condition"),
                 ("O", "or_else"))
IG_COLUMNS = ["statement_id", "council", "doc_id", "clause_id", "original_statement", "encoded_statement"]


def ig_text(text: str) -> str:
    """Component text IG-Parser can read: its parentheses, brackets and braces (IG Script's own symbols)
    removed, whitespace collapsed.

    >>> ig_text("the Clerk (or, in their absence, the Chair) [see 4.2]")
    'the Clerk or, in their absence, the Chair see 4.2'
    """
    return " ".join(re.sub(r"[()\[\]{}]", " ", str(text)).split())


def ig_script(statement: dict) -> str:
    """One statement as IG Script: ``A(attribute) D(deontic) I(aim) Bdir(object) Cac(condition) O(or else)``,
    empty components left out.

    >>> ig_script({"attribute": "Councillors", "deontic": "should not", "aim": "give instructions",
    ...            "object": "to staff", "condition": "", "or_else": ""})
    'A(Councillors) D(should not) I(give instructions) Bdir(to staff)'
    """
    parts = []
    for symbol, column in IG_COMPONENTS:
        value = ig_text(statement.get(column, "") or "")
        if value:
            parts.append(f"{symbol}({value})")
    return " ".join(parts)


_COMPONENT = re.compile(r"(?<![\w,])(A|D|I|Bdir|Cac|O)(?:\[[^\]]*\])?\(")


def parse_ig_script(encoded: str) -> dict[str, str]:
    """The components of one IG Script statement, as IG-Parser reads it: ``attribute``, ``deontic``, ``aim``,
    ``object``, ``condition``, ``or_else`` (several of one kind joined with ' [AND] ', as IG-Parser combines
    them). Text outside components is ignored; parentheses inside a component must balance.

    >>> parse_ig_script("A(Councillors) D(should not) I(give instructions) Bdir(to staff)")["aim"]
    'give instructions'
    """
    names = dict(IG_COMPONENTS)
    found: dict[str, list[str]] = {}
    pos = 0
    while True:
        m = _COMPONENT.search(encoded, pos)
        if not m:
            break
        depth, k = 1, m.end()
        while k < len(encoded) and depth:
            depth += {"(": 1, ")": -1}.get(encoded[k], 0)
            k += 1
        if depth:
            raise ValueError(f"unbalanced parentheses in IG Script component at {m.start()}: {encoded[m.start():][:60]!r}")
        found.setdefault(names[m.group(1)], []).append(encoded[m.end():k - 1].strip())
        pos = k
    return {column: " [AND] ".join(found.get(column, [])) for _, column in IG_COMPONENTS}


def ig_script_table(statements: pd.DataFrame) -> pd.DataFrame:
    """The statements table as rows of :data:`IG_COLUMNS` (encoded statement = :func:`ig_script`)."""
    rows = []
    for r in statements.to_dict("records"):
        rows.append({"statement_id": f"{r['doc_id']}/{r['statement_id']}", "council": r["council"],
                     "doc_id": r["doc_id"], "clause_id": r["clause_id"],
                     "original_statement": " ".join(str(r["sentence"]).split()), "encoded_statement": ig_script(r)})
    return pd.DataFrame(rows, columns=IG_COLUMNS)


def write_ig_script(path: Path, processed: Path | None = None) -> Path:
    """The statements in IG Script as a tab-separated file with a header row (UTF-8): one statement a row,
    its id, council, document, clause, original sentence and encoded statement (paste the last into
    IG-Parser's 'Encoded Statement' field, the id into 'Statement ID')."""

    table = ig_script_table(read_table("statements", processed))
    return atomic_write(Path(path), lambda tmp: table.to_csv(tmp, sep="\t", index=False, quoting=csv.QUOTE_MINIMAL,
                                                              lineterminator="\n"))


def read_ig_script(path: Path) -> pd.DataFrame:
    """A file :func:`write_ig_script` wrote, each encoded statement parsed back into its components."""
    table = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    parsed = pd.DataFrame([parse_ig_script(e) for e in table["encoded_statement"]])
    return pd.concat([table.reset_index(drop=True), parsed], axis=1)
