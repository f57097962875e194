"""The clause frame: a segmented text's clauses as rows of the ``clauses`` table (tags still empty)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


def clauses_frame(seg, doc_id: str, council: str) -> pd.DataFrame:
    """The clauses of ``seg`` (a :class:`SegmentedText`) as a ``clauses`` table, its tag columns empty."""
    import pandas as pd  # (not at import: the per-document step, which needs only clause_rows, never loads pandas)

    from .. import schemas

    return pd.DataFrame(clause_rows(seg, doc_id, council), columns=list(schemas.CLAUSES.columns))


def clause_rows(seg, doc_id: str, council: str) -> list[dict]:
    """The rows of :func:`clauses_frame`, as dicts."""
    return [{
        "doc_id": doc_id, "council": council, "clause_id": c.clause_id, "parent_id": c.parent_id,
        "number": c.number if c.marker_kind != "bullet" else "", "section": c.section,
        "section_number": c.section_number or "", "section_title": c.section_title or "", "level": c.level,
        "is_lead_in": c.is_lead_in, "lead_in": c.lead_in, "text": c.text, "char_start": c.char_start,
        "char_end": c.char_end, "roles": [], "duties": [], "escalation_targets": [], "topics": [],
    } for c in seg.clauses]
