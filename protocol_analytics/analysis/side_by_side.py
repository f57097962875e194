"""Two councils side by side: their clauses aligned one to one (same / modified / only in A / only in B),
with word-level differences, as a table and as one standalone HTML page."""
from __future__ import annotations

import difflib
import html
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..io import atomic_write, read_table
from ..text import slugify
from .compare import MODIFIED_AT, SAME_AT, _norm, _similarity_matrix
from .selection import resolve_council

RELATIONS = ("same", "modified", "only in A", "only in B")
COLUMNS = ["relation", "similarity", "a_clause_id", "a_section", "a_text", "b_clause_id", "b_section", "b_text"]


def side_by_side(clauses: pd.DataFrame, council_a: str, council_b: str) -> pd.DataFrame:
    """A's and B's clauses aligned one to one, in A's order (B's unmatched clauses where B has them).

    Pairs are matched greedily, most similar first, when their similarity (:mod:`compare`'s score) is at
    least the 'modified' threshold; ``relation`` is same (≥ 0.9), modified, only in A or only in B.
    """
    a = clauses[clauses["council"] == council_a].reset_index(drop=True)
    b = clauses[clauses["council"] == council_b].reset_index(drop=True)
    sims = _similarity_matrix(a["text"].map(_norm).tolist(), b["text"].map(_norm).tolist())
    match_a: dict[int, int] = {}
    if sims.size:
        order = np.dstack(np.unravel_index(np.argsort(-sims, axis=None, kind="stable"), sims.shape))[0]
        used_b: set[int] = set()
        for i, j in order:
            if sims[i, j] < MODIFIED_AT:
                break
            if i in match_a or j in used_b:
                continue
            match_a[int(i)] = int(j)
            used_b.add(int(j))
    rows: list[dict] = []
    for i in range(len(a)):
        j = match_a.get(i)
        rows.append(_row(a.loc[i], b.loc[j] if j is not None else None, float(sims[i, j]) if j is not None else 0.0))
    matched_b = sorted(match_a.values())
    # each clause only in B goes after the row of B's last matched clause before it
    row_of_b = {j: i for i, j in match_a.items()}
    out: list[dict] = []
    pending: dict[int, list[dict]] = {}
    lead: list[dict] = []
    for j in range(len(b)):
        if j in row_of_b:
            continue
        before = [jj for jj in matched_b if jj < j]
        if before:
            pending.setdefault(row_of_b[before[-1]], []).append(_row(None, b.loc[j], 0.0))
        else:
            lead.append(_row(None, b.loc[j], 0.0))
    out += lead
    for i, row in enumerate(rows):
        out.append(row)
        out += pending.get(i, [])
    return pd.DataFrame(out, columns=COLUMNS)


def _row(ra, rb, sim: float) -> dict:
    if ra is not None and rb is not None:
        relation = "same" if sim >= SAME_AT else "modified"
    else:
        relation = "only in A" if ra is not None else "only in B"
    return {"relation": relation, "similarity": round(sim, 3),
            "a_clause_id": ra["clause_id"] if ra is not None else "", "a_section": ra["section"] if ra is not None else "",
            "a_text": ra["text"] if ra is not None else "",
            "b_clause_id": rb["clause_id"] if rb is not None else "", "b_section": rb["section"] if rb is not None else "",
            "b_text": rb["text"] if rb is not None else ""}


def word_diff(a: str, b: str) -> tuple[str, str]:
    """HTML of ``a`` with the words B lacks in ``<del>`` and of ``b`` with the words A lacks in ``<ins>``.

    >>> word_diff("Members should contact the Clerk.", "Councillors should contact the Town Clerk.")
    ('<del>Members</del> should contact the Clerk.', '<ins>Councillors</ins> should contact the <ins>Town</ins> Clerk.')
    """
    wa, wb = a.split(), b.split()
    matcher = difflib.SequenceMatcher(None, [w.lower() for w in wa], [w.lower() for w in wb], autojunk=False)
    left, right = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        ta, tb = html.escape(" ".join(wa[i1:i2])), html.escape(" ".join(wb[j1:j2]))
        if op == "equal":
            left.append(ta)
            right.append(tb)
            continue
        if ta:
            left.append(f"<del>{ta}</del>")
        if tb:
            right.append(f"<ins>{tb}</ins>")
    return " ".join(left), " ".join(right)


_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1300px; margin: 0 auto; padding: 0 1.5em 2em; color: #222; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #f2f2f2; position: sticky; top: 0; }
td.id { white-space: nowrap; color: #555; }
del { background: #fbd3cf; text-decoration: line-through; }
ins { background: #cdeccd; text-decoration: none; }
tr.same td.rel { color: #0072B2; } tr.modified td.rel { color: #E69F00; }
tr.only-in-a td.rel, tr.only-in-b td.rel { color: #D55E00; }
tr.only-in-a td.b, tr.only-in-b td.a { background: #f7f7f7; }
.summary span { display: inline-block; margin-right: 1.2em; }
"""


def render_comparison_html(table: pd.DataFrame, council_a: str, council_b: str) -> str:
    """One standalone HTML page (no scripts, nothing fetched) of :func:`side_by_side`'s table."""
    counts = table["relation"].value_counts()
    e = html.escape
    rows = []
    for r in table.itertuples():
        if r.relation in ("same", "modified"):
            ta, tb = word_diff(r.a_text, r.b_text)
        else:
            ta, tb = e(r.a_text), e(r.b_text)
        css = re.sub(r"\W+", "-", r.relation).lower()
        sim = f"<br><small>{r.similarity:.2f}</small>" if r.relation in ("same", "modified") else ""
        rows.append(f'<tr class="{css}"><td class="id">{e(r.a_clause_id)}</td><td class="a">{ta}</td>'
                    f'<td class="rel">{e(r.relation)}{sim}</td><td class="id">{e(r.b_clause_id)}</td>'
                    f'<td class="b">{tb}</td></tr>')
    summary = "".join(f"<span><b>{counts.get(k, 0)}</b> {e(k.replace('A', council_a).replace('B', council_b)) if k.startswith('only') else k}</span>"
                      for k in RELATIONS)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{e(council_a)} and {e(council_b)}: '
            f'clauses side by side</title><style>{_CSS}</style></head><body>\n'
            f"<h1>{e(council_a)} and {e(council_b)}</h1>\n"
            "<p>Their protocols' clauses aligned one to one: <b>same</b> text (similarity ≥ 0.9), <b>modified</b> "
            "(≥ 0.6; words only one of them has are marked, <del>deleted</del> in A and <ins>inserted</ins> in B), "
            "or found in only one of them.</p>\n"
            f'<p class="summary">{summary}</p>\n'
            f"<h2>Clauses</h2>\n<table><thead><tr><th>A</th><th>{e(council_a)}</th><th>relation</th><th>B</th>"
            f"<th>{e(council_b)}</th></tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>\n</body></html>\n")


def write_comparison(council_a: str, council_b: str, processed: Path | None = None, out_dir: Path | None = None,
                     clauses: pd.DataFrame | None = None) -> Path:
    """``protocol-analytics compare A B``: the side-by-side page as ``out_dir/compare-<a>--<b>.html``.

    Councils are matched by name (any case) or doc_id, with 'did you mean' for an unknown one.
    """
    known = clauses if clauses is not None else read_table("documents", processed)
    clauses = read_table("clauses", processed) if clauses is None else clauses
    a, b = resolve_council(council_a, known), resolve_council(council_b, known)
    page = render_comparison_html(side_by_side(clauses, a, b), a, b)
    path = Path(out_dir or config.reports_dir()) / f"compare-{slugify(a)}--{slugify(b)}.html"
    return atomic_write(path, lambda tmp: Path(tmp).write_text(page, encoding="utf-8"))
