"""Clause table in, labelled clause table plus tags and statements out."""
from __future__ import annotations

import pandas as pd

from . import schemas


def tag_document(clauses: pd.DataFrame, nlp=None, taxonomy: str | None = None):
    """Fill roles, duties, escalation_targets and topics of one document's clauses.

    Returns (clauses, tags, statements); the input frame is not modified.
    """
    return clauses.copy(), schemas.empty("tags"), schemas.empty("statements")
