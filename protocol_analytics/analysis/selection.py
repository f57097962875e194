"""Choosing councils: one council by name or doc_id, or a set by type, nation, names or a file of names.

Every function checks what it is given against the processed tables and raises a coded
:class:`~protocol_analytics.errors.UserError` that lists the valid values and suggests the closest
("did you mean"), rather than returning an empty selection.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from ..errors import Errors, UnknownCouncilError, UserError, did_you_mean, listing
from ..rules.labels import COUNCIL_TYPES, NATIONS

ALL = ("all", "*", "")
TYPES = tuple(t.replace(" ", "_") for t in COUNCIL_TYPES) + ("unknown",)


def council_table(table: pd.DataFrame) -> pd.DataFrame:
    """One row per council and doc_id with its type and nation, from the documents table (or any table with a
    ``council`` column: coverage, clauses, escalation_edges)."""
    cols = {"council": "", "doc_id": "", "council_type": "unknown", "nation": ""}
    out = pd.DataFrame({c: table[c].astype(str) if c in table.columns else default for c, default in cols.items()})
    rows = []
    for r in out.drop_duplicates().itertuples(index=False):
        for doc_id in str(r.doc_id).split("; ") if r.doc_id else [""]:
            rows.append((r.council, doc_id, r.council_type, r.nation))
    return pd.DataFrame(rows, columns=list(cols)).drop_duplicates().reset_index(drop=True)


def resolve_council(name: str, table: pd.DataFrame | Iterable[str]) -> str:
    """The council ``name`` means: its exact name, the same name in other case, or a doc_id.

    ``table`` is the documents table (or any table with ``council``, and ``doc_id`` for ids), or a list of names.

    >>> docs = pd.DataFrame({"council": ["Seaton Town Council"], "doc_id": ["seaton-town-council"]})
    >>> resolve_council("seaton town council", docs), resolve_council("seaton-town-council", docs)
    ('Seaton Town Council', 'Seaton Town Council')
    """
    if not isinstance(table, pd.DataFrame):
        table = pd.DataFrame({"council": list(table)})
    known = council_table(table)
    names = sorted(known["council"].unique())
    wanted = str(name).strip()
    if wanted in names:
        return wanted
    by_lower = {n.lower(): n for n in names}
    by_lower.update({d.lower(): c for c, d in zip(known["council"], known["doc_id"]) if d})
    slug = re.sub(r"[^a-z0-9]+", "-", wanted.lower()).strip("-")
    for key in (wanted.lower(), re.sub(r"\s+", " ", wanted.lower()), slug):
        if key in by_lower:
            return by_lower[key]
    hint = did_you_mean(wanted, names + [d for d in known["doc_id"] if d])
    raise UnknownCouncilError(Errors.PA040.format(council=name, hint=hint, known=listing(names)))


def read_council_file(path: Path) -> list[str]:
    """Council names or doc_ids in a text file, one a line ('#' starts a comment; a CSV's first column)."""
    path = Path(path)
    names = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.split("#", 1)[0].strip()
        if path.suffix.lower() == ".csv":
            line = line.split(",", 1)[0].strip().strip('"')
        if line and line.lower() not in ("council", "name", "doc_id"):
            names.append(line)
    if not names:
        raise UserError("PA045", path=path)
    return names


def select_councils(spec: str | Sequence[str] | Path | None, table: pd.DataFrame,
                    exclude: str | None = None) -> list[str]:
    """The councils ``spec`` selects, sorted (a list keeps its own order).

    ``spec``: None or 'all' for every council; a council type ('parish', 'town' …); a nation ('Wales');
    council names or doc_ids (a list, or comma-separated); or the path of a file of names (one a line).
    Types and nations may be combined ('town,parish'; 'Wales'). ``table`` is the documents table (or any
    table with ``council`` and, for types and nations, ``council_type`` / ``nation``).

    >>> docs = pd.DataFrame({"council": ["A Town Council", "B Parish Council"], "doc_id": ["a", "b"],
    ...                      "council_type": ["town", "parish"], "nation": ["England", "Wales"]})
    >>> select_councils("town", docs), select_councils("wales", docs), select_councils("a, B parish council", docs)
    (['A Town Council'], ['B Parish Council'], ['A Town Council', 'B Parish Council'])
    """
    known = council_table(table)
    names = sorted(known["council"].unique())
    if spec is None or (isinstance(spec, str) and spec.strip().lower() in ALL):
        chosen = names
    else:
        if isinstance(spec, str) and _looks_like_path(spec) and not _is_file(spec):
            check_file(spec, "file of council names")
        if isinstance(spec, Path) or (isinstance(spec, str) and _is_file(spec)):
            tokens, from_file = read_council_file(Path(spec)), True
        elif isinstance(spec, str):
            tokens, from_file = [t.strip() for t in spec.split(",") if t.strip()], False
        else:
            tokens, from_file = [str(t) for t in spec], True
        nations = {n.lower(): n for n in NATIONS if n}
        chosen = []
        for token in tokens:
            low = token.lower().replace(" ", "_")
            if not from_file and low in TYPES:
                picked = sorted(known.loc[known["council_type"] == low, "council"].unique())
                if not picked:
                    present = sorted(set(known["council_type"]))
                    raise UserError("PA046", value=token, what=" (no council of that type)",
                                    known=f"Types present: {listing(present)}.")
            elif not from_file and token.lower() in nations:
                picked = sorted(known.loc[known["nation"].str.lower() == token.lower(), "council"].unique())
                if not picked:
                    present = sorted(n for n in set(known["nation"]) if n)
                    raise UserError("PA046", value=token, what=" (no council of that nation)",
                                    known=f"Nations present: {listing(present) if present else 'none recorded'}.")
            else:
                try:
                    picked = [resolve_council(token, table)]
                except UnknownCouncilError:
                    if from_file:
                        raise
                    hint = did_you_mean(token, list(TYPES) + list(nations.values()) + names)
                    raise UserError("PA043", value=token, hint=hint, types=", ".join(TYPES),
                                    nations=", ".join(nations.values())) from None
            chosen += [c for c in picked if c not in chosen]
        if isinstance(spec, str) and not from_file:
            chosen = sorted(chosen) if len(tokens) > 1 or tokens[0].lower().replace(" ", "_") in TYPES \
                or tokens[0].lower() in nations else chosen
    if exclude is not None:
        chosen = [c for c in chosen if c != exclude]
    return chosen


def _looks_like_path(spec: str) -> bool:
    return "/" in spec or spec.lower().endswith((".txt", ".csv"))


def _is_file(spec: str) -> bool:
    try:
        return Path(spec).is_file()
    except OSError:
        return False


def check_file(path: str | Path, what: str = "file") -> Path:
    """``path`` as a Path, or a PA042 error when it does not exist."""
    p = Path(path)
    if not p.exists():
        raise UserError("PA042", path=p, what=what, cwd=os.getcwd())
    return p
