"""The one interface every format reader implements.

A reader takes a path and returns an :class:`ExtractedText`: the document as
plain text laid out the way a text export of the protocol would be, so that
segmentation does not care where the text came from:

- one paragraph, heading or list item per block, blocks separated by a blank line
  (consecutive list items may sit on consecutive lines);
- list markers kept as printed (``1.1``, ``(a)``, ``- ``); numbering that a
  format keeps outside the text (Word's list numbering, HTML ``<ol>``) is
  written in front of the item;
- page furniture may be left in: segmentation removes it.

Readers raise :class:`protocol_analytics.errors.IngestError` with a code from
``errors.Errors`` for input they cannot read.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ExtractedText:
    text: str
    format: str
    encoding: str | None = None
    n_pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    notices: list[tuple[str, str]] = field(default_factory=list)  # coded warnings (code, message): rows of `errors`


Reader = Callable[[Path], ExtractedText]

READERS: dict[str, Reader] = {}


def register_reader(*suffixes: str):
    """Register a reader function for file suffixes (lower case, with the dot)."""

    def decorate(func: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix.lower()] = func
        return func

    return decorate


def looks_binary(data: bytes) -> bool:
    """True when a byte string is not text: NUL bytes or many control bytes."""
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control / len(sample) > 0.05
