"""The build's outputs: every table written from the batches of per-document results, then the corpus-wide
tables (coverage, alignment, similarity) from the clauses; and the build's report."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
from tqdm.auto import tqdm

from .. import schemas
from ..errors import is_warning
from ..io import TableSink, release_memory, write_table
from .batches import Batch
from .corpus import CLAUSE_COLUMNS, write_corpus_tables
from .documents import DOCUMENT_TABLES
from .record import BuildReport

CLAUSES_FILE = ".clauses.arrow"  # the clause columns the corpus-wide tables read, while the tables are written

__all__ = ["BuildReport", "write_outputs"]


def write_outputs(batches: Iterable[Batch], out_dir: Path, errors: list[dict], warnings: list[str],
                  n_files: int, n_cached: int = 0, taxonomy: str | None = None, progress: bool = False,
                  doc_keys: dict[str, str] | None = None, cache_dir: Path | None = None,
                  early: list | None = None) -> BuildReport:
    """Write every table from batches of per-document results (consumed once, in the order to write).

    Per-document tables are streamed batch by batch; only the clause table's columns the corpus-wide tables
    (coverage, alignment, similarity) read are kept for them, in a file of the build folder (CLAUSES_FILE,
    read back mapped into memory): at association scale they would otherwise add up in memory while the
    worker processes hold the model. ``doc_keys`` (raw file -> document cache entry) and ``cache_dir``: the
    corpus-wide tables are updated from the previous build's (:mod:`.corpus`); ``early``: a list that holds,
    once the batches are made, the ones made while the changed documents were parsed (:func:`.corpus.early_tables`).
    """
    out_dir = Path(out_dir)
    documents_rows: list[dict] = []
    kept = out_dir / CLAUSES_FILE
    clause_schema = schemas.arrow_schema("clauses")
    clause_schema = pa.schema([clause_schema.field(c) for c in CLAUSE_COLUMNS])
    sinks = {name: TableSink(name, out_dir, pieces=True) for name in DOCUMENT_TABLES}
    try:
        with (tqdm(total=n_files, unit="doc", desc="tables", disable=not progress, leave=False) as bar,
              pa.OSFile(str(kept), "wb") as sink, pa.ipc.new_file(sink, clause_schema) as clause_file):
            for batch in batches:
                errors += batch.errors
                warnings += batch.warnings
                documents_rows += batch.documents
                for name, sink in sinks.items():
                    sink.write_encoded(batch.tables[name])
                clause_file.write_table(batch.tables["clauses"].table.select(list(CLAUSE_COLUMNS)).cast(clause_schema))
                bar.update(len(batch.documents))
                del batch
                release_memory()
        documents = pd.DataFrame(documents_rows, columns=list(schemas.DOCUMENTS.columns))
        write_table(documents, "documents", out_dir)  # first: it checks doc_ids are unique across documents
        for name in DOCUMENT_TABLES:
            sinks.pop(name).close()
    finally:
        for sink in sinks.values():
            sink.abort()
    clauses = pa.ipc.open_file(pa.memory_map(str(kept))).read_all()
    kept.unlink()  # (the mapping stays until the table is dropped)

    (out_dir / "text").mkdir(parents=True, exist_ok=True)
    write_table(pd.DataFrame(errors, columns=list(schemas.ERRORS.columns)), "errors", out_dir)
    keys = doc_keys or {}
    write_corpus_tables(clauses, documents, [keys.get(f, f) for f in documents["source_file"]], out_dir,
                        taxonomy=taxonomy, cache_dir=cache_dir, early=early[0] if early else None)
    n_errors = sum(not is_warning(e["code"]) for e in errors)
    return BuildReport(out_dir, n_files, len(documents), clauses.num_rows, n_errors, n_cached, errors, warnings)
