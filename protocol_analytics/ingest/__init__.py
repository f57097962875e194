"""Readers behind one interface: ``read_document(path) -> ExtractedText``.

Each format module registers its reader with :func:`base.register_reader`;
importing this package imports them all.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import IngestError
from . import docx, html, pdf, text  # noqa: F401  (each registers its reader: .docx, .html/.htm, .pdf, .txt/.md)
from .base import READERS, ExtractedText, register_reader

DEFAULT_MAX_MB = 50.0


def supported_suffixes() -> list[str]:
    return sorted(READERS)


def read_document(path: str | Path, max_mb: float = DEFAULT_MAX_MB) -> ExtractedText:
    """Read one raw file into text, or raise IngestError naming the file and the fix."""
    path = Path(path)
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise IngestError("PA007", path, suffix=suffix or "(none)", supported=", ".join(supported_suffixes()))
    size = path.stat().st_size
    if size == 0:
        raise IngestError("PA001", path)
    if size > max_mb * 1024 * 1024:
        raise IngestError("PA006", path, size_mb=size / 1024 / 1024, limit_mb=max_mb)
    return reader(path)


__all__ = ["ExtractedText", "READERS", "read_document", "register_reader", "supported_suffixes"]
