"""The document cache: each document's result on disk, as data (JSON), keyed by everything it depends on."""
from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import fields
from pathlib import Path

from ..columns import COLUMNS
from ..io import atomic_write_bytes
from .documents import DOCUMENT_TABLES, DocumentResult

UNCACHED_CODES = {"PA013", "PA018", "PA060"}
"""Errors that say nothing of the file's content (the package's own failure, a time limit on a busy machine, a
permission): not cached, so the next build tries the file again (with a mended package, on an idle machine)."""


def row_key(row: dict | None) -> str:
    """A manifest row's share of the cache key: editing a row of councils.csv redoes that file only
    (its sha256 cell is left out: it only checks the file, whose own hash is already in the key)."""
    fields = sorted((str(k), str(v)) for k, v in (row or {}).items() if k != "sha256" and v)
    return hashlib.sha256(repr(fields).encode()).hexdigest()[:8] if fields else ""


def cacheable(result: DocumentResult) -> bool:
    return not any(e["code"] in UNCACHED_CODES for e in result.errors)


class DocumentCache:
    """Per-document results on disk, keyed by the file's sha256, path and doc_id, its manifest row and the
    settings' key.

    One JSON file per result (data only: loading an entry runs no code); an entry that is corrupt, of another
    format or for another file counts as a miss and is made again. The extracted text is kept (the outputs
    write text/ from it) but nothing else is stored twice. Results with a transient error are kept in
    memory for this build only.
    """
    FORMAT = "protocol_analytics.document/1"

    def __init__(self, root: Path, settings_key: str):
        self.root = Path(root)
        self.key = settings_key
        self.transient: dict[str, DocumentResult] = {}

    def _path(self, sha: str, file: str, doc_id: str, row: dict | None = None) -> Path:
        extra = row_key(row)
        where = hashlib.sha256(f"{file}|{doc_id}".encode()).hexdigest()[:8]  # renamed, or its id changed: made again
        return self.root / f"{sha}-{self.key}-{where}{'-' + extra if extra else ''}.json"

    def name(self, sha: str, file: str, doc_id: str, row: dict | None = None) -> str:
        """The entry's file name: it changes whenever the document's result would."""
        return self._path(sha, file, doc_id, row).name

    def has(self, sha: str, file: str, doc_id: str, row: dict | None = None) -> bool:
        return self._path(sha, file, doc_id, row).is_file()

    def get(self, sha: str, file: str, doc_id: str, row: dict | None = None) -> DocumentResult | None:
        path = self._path(sha, file, doc_id, row)
        if path.name in self.transient:
            return self.transient[path.name]
        try:
            data = json.loads(path.read_bytes())
            result = DocumentResult(**data["result"]) if data.get("format") == self.FORMAT else None
        except Exception:  # missing, unreadable, not JSON, not a result
            return None
        ok = result is not None and result.file == file and result.doc_id == doc_id and well_formed(result)
        return result if ok else None

    def put(self, sha: str, result: DocumentResult, row: dict | None = None) -> None:
        path = self._path(sha, result.file, result.doc_id, row)
        if not cacheable(result):
            self.transient[path.name] = result
            return
        # (the fields as they are: dataclasses.asdict would deep-copy every list first)
        data = {"format": self.FORMAT, "result": {f.name: getattr(result, f.name) for f in fields(result)}}
        atomic_write_bytes(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def well_formed(result: DocumentResult) -> bool:
    """The shape a result must have to be used: every field of its type, every table with its columns,
    of equal length (cell values are checked by the schemas when its batch is made)."""
    if not (isinstance(result.doc_id, str) and isinstance(result.file, str) and isinstance(result.text, str)
            and are_strings(result.warnings) and are_rows(result.errors, COLUMNS["errors"])
            and isinstance(result.tables, dict)
            and (result.document is None or are_rows([result.document], COLUMNS["documents"]))):
        return False
    for name, columns in result.tables.items():
        if name not in DOCUMENT_TABLES or not isinstance(columns, dict) or set(columns) != set(COLUMNS[name]):
            return False
        if not all(isinstance(v, list) for v in columns.values()) or len({len(v) for v in columns.values()}) > 1:
            return False
    return True


def are_strings(items) -> bool:
    """A list of strings."""
    return isinstance(items, list) and all(isinstance(x, str) for x in items)


def are_rows(items, columns) -> bool:
    """A list of rows (dicts) with exactly the ``columns`` (a table's, :data:`columns.COLUMNS`)."""
    names = set(columns)
    return isinstance(items, list) and all(isinstance(r, dict) and set(r) == names for r in items)


def clear_cache(out_dir: Path) -> None:
    """Remove the output folder's caches (documents and batches)."""
    shutil.rmtree(Path(out_dir) / ".cache", ignore_errors=True)
