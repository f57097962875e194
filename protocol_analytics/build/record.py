"""The build's report, and the record of what the live build was made from.

A build with nothing to do (every document's result cached, the same files, rules, code and libraries, and
the live build's files as that build left them) keeps the live build instead of writing the same tables
again: it reads the record, checks it, and returns the report the record holds. The record is a file of its
build's folder, written last before the build goes live, so it goes live (or not) with it. Nothing here
loads pandas.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..columns import COLUMNS
from ..errors import is_warning
from .settings import Settings, code_stamps

if TYPE_CHECKING:
    import pandas as pd

RECORD_NAME = ".record.json"  # in a build's folder
TABLE_LIBRARIES = ("pandas", "pyarrow", "pandera", "numpy", "rapidfuzz")
"""Libraries whose version can change the bytes of a table file (their installed files are stamped)."""


@dataclass
class BuildReport:
    out_dir: Path
    n_files: int
    n_documents: int
    n_clauses: int
    n_errors: int  # rows of `errors` with an error code (PA0xx); warning rows (PA1xx) are not counted
    n_cached: int
    error_rows: list[dict]  # the rows of the `errors` table
    warnings: list[str]
    replaced: bool = True  # the new results replaced the previous ones (not when no document was read)
    kept: bool = field(default=False)  # nothing had changed: the live build was kept as it was

    @property
    def errors(self) -> pd.DataFrame:
        """The `errors` table's rows as a DataFrame."""
        import pandas as pd  # (not at import: a build that keeps the live one never loads pandas)

        return pd.DataFrame(self.error_rows, columns=list(COLUMNS["errors"]))

    @property
    def exit_code(self) -> int:
        """0: everything read; 3: some files failed (partial); 1: nothing could be read."""
        if not self.n_documents:
            return 1
        return 3 if self.n_errors else 0


def inputs_key(settings: Settings, documents: list[str], errors: list[dict], n_files: int) -> str:
    """Hash of everything a build's tables are made from: the documents' cache entry names in file order
    (each covers a file's bytes, path, doc_id, manifest row and the per-document code), the errors found
    before any document is read (the manifest's, refused and duplicate files), the settings, the stamps of
    every file of the package (the code of every table, the rule files) and of the libraries that write
    the tables."""
    h = hashlib.sha256()
    h.update(json.dumps([documents, errors, n_files, settings.model, settings.max_mb, settings.taxonomy],
                        ensure_ascii=False, sort_keys=True).encode())
    h.update(code_stamps(settings, TABLE_LIBRARIES).encode())
    return h.hexdigest()


def build_files(build: Path) -> list[list]:
    """(name, modification time, size) of every file of a build's folder, texts included, by name."""
    found = []
    for folder in (build, build / "text"):
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_file(follow_symlinks=False) and entry.name != RECORD_NAME:
                    stat = entry.stat(follow_symlinks=False)
                    found.append([os.path.relpath(entry.path, build), stat.st_mtime_ns, stat.st_size])
    return sorted(found)


def write_record(build: Path, key: str, report: BuildReport) -> None:
    """Record in the finished build folder ``build`` that it was made from inputs ``key``, with its report."""
    from ..io import atomic_write_bytes

    data = {"key": key, "files": build_files(build),
            "report": {"n_files": report.n_files, "n_documents": report.n_documents, "n_clauses": report.n_clauses,
                       "errors": report.error_rows, "warnings": report.warnings}}
    atomic_write_bytes(build / RECORD_NAME, json.dumps(data, ensure_ascii=False).encode())


def kept_report(live: Path | None, key: str, out_dir: Path) -> BuildReport | None:
    """The report of the live build folder ``live`` when it was made from inputs ``key`` and its files are
    as it left them (None: build again)."""
    if live is None:
        return None
    try:
        data = json.loads((live / RECORD_NAME).read_bytes())
        if data["key"] != key or data["files"] != build_files(live):
            return None
        r = data["report"]
        errors = r["errors"]
        n_errors = sum(not is_warning(e["code"]) for e in errors)
        return BuildReport(Path(out_dir), r["n_files"], r["n_documents"], r["n_clauses"], n_errors, 0, errors,
                           r["warnings"], replaced=r["n_documents"] > 0, kept=True)
    except (OSError, ValueError, KeyError, TypeError):
        return None
