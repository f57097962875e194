"""spaCy pipeline with the package's own components."""
from __future__ import annotations


def make_nlp(model: str | None = None):
    return None
