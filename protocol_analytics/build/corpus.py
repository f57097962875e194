"""The corpus-wide tables (coverage, alignment, similarity), made again only where changed documents reach.

Each build keeps what the next one needs in ``OUT/.cache/corpus.state``: its documents (cache entry name,
council, number of clauses) in file order, every clause's normalised text, the scored candidate pairs
(:func:`analysis.compare.scored_candidates`) and the coverage rows. A rebuild scores again only the clauses
:func:`analysis.compare.touched_clauses` finds (a changed document's clauses and those sharing a 3-gram or a
text with them, before or after the change) and counts coverage again only for the councils of changed
documents; every other clause keeps its candidates and every other council its coverage rows. The result is
the same as computing everything from scratch (``tests/test_scale.py`` compares the bytes of every table).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from .. import config, schemas
from ..analysis.compare import (
    _norm,
    align_clauses,
    council_similarity,
    scored_candidates,
    shingle_keys,
    touched_clauses,
)
from ..analysis.coverage import coverage_matrix
from ..io import atomic_write, release_memory, table_frame
from ..rules.taxonomy import DEFAULT_TAXONOMY

log = logging.getLogger("protocol_analytics")

CLAUSE_COLUMNS = ("doc_id", "council", "clause_id", "section", "lead_in", "text", "duties", "topics")
"""The clause table's columns the corpus-wide tables read."""
CANDIDATE_TYPES = {"i": pa.int64(), "j": pa.int64(), "similarity": pa.float64(), "ranking": pa.float64(),
                   "rank": pa.int64()}
ROWS_PER_GROUP = 100_000  # the alignment and similarity tables are written this many rows at a time
STATE_NAME = "corpus.state"
MAGIC = b"PACORPUS1"
CODE_FILES = ("analysis/compare.py", "analysis/coverage.py", "build/corpus.py", "rules/labels.py",
              "rules/taxonomy.py", "data/labels.yaml")


@dataclass
class CorpusState:
    """What a build keeps for the next one's corpus-wide tables."""
    key: str  # the code and taxonomy they were made with
    documents: list[tuple[str, str, int]]  # (cache entry name, council, number of clauses), in file order
    norm: list[str] | pa.Array  # every clause's text as compare._norm gives it
    candidates: pd.DataFrame  # i, j, similarity, ranking, rank
    coverage: pa.Table

    def write(self, path: Path) -> None:
        """Write the state to ``path`` atomically: magic, header length, a JSON header, three Arrow streams,
        each written straight into the file (its length measured first without writing it anywhere)."""
        norm = self.norm if isinstance(self.norm, pa.Array) else pa.array(self.norm, pa.string())
        tables = (pa.table({"norm": norm}),
                  pa.Table.from_pandas(self.candidates, schema=pa.schema(CANDIDATE_TYPES), preserve_index=False),
                  self.coverage)

        def stream(table: pa.Table, sink) -> None:
            with pa.ipc.new_stream(sink, table.schema) as writer:
                writer.write_table(table)

        sizes = []
        for table in tables:
            mock = pa.MockOutputStream()
            stream(table, mock)
            sizes.append(mock.size())
        header = json.dumps({"key": self.key, "documents": self.documents, "streams": sizes},
                            ensure_ascii=False).encode()

        def writer(tmp: str) -> None:
            with pa.OSFile(tmp, "wb") as sink:
                sink.write(MAGIC + len(header).to_bytes(8, "big") + header)
                for table in tables:
                    stream(table, sink)

        atomic_write(path, writer)

    @classmethod
    def read(cls, fh, size: int) -> CorpusState | None:
        """The state :meth:`write` wrote, read from the binary file ``fh`` of ``size`` bytes a stream at a time
        (each stream's bytes dropped once converted), or None when it is anything else."""
        if fh.read(len(MAGIC)) != MAGIC:
            return None
        header = json.loads(fh.read(int.from_bytes(fh.read(8), "big")))
        tables = []
        for stream_size in header["streams"]:
            table = pa.ipc.open_stream(pa.py_buffer(fh.read(stream_size))).read_all()
            tables.append(table.column("norm").to_pylist() if not tables else
                          table.to_pandas() if len(tables) == 1 else table)
            if len(tables) == 2 and not table.schema.equals(pa.schema(CANDIDATE_TYPES)):
                return None
            del table
        norm, candidates, coverage = tables
        documents = [(str(name), str(council), int(n)) for name, council, n in header["documents"]]
        if (fh.tell() != size or sum(n for _, _, n in documents) != len(norm)
                or not coverage.schema.equals(schemas.arrow_schema("coverage"), check_metadata=False)):
            return None
        return cls(header["key"], documents, norm, candidates, coverage)


def state_key(taxonomy: str | None) -> str:
    """What the corpus-wide tables depend on besides the documents: their code, the labels and the taxonomy."""
    h = hashlib.sha256()
    for name in CODE_FILES:
        h.update((config.PACKAGE_DIR / name).read_bytes())
    h.update(Path(taxonomy or DEFAULT_TAXONOMY).read_bytes())
    return h.hexdigest()[:16]


def load_state(cache_dir: Path, key: str) -> CorpusState | None:
    try:
        path = Path(cache_dir) / STATE_NAME
        with open(path, "rb") as fh:
            state = CorpusState.read(fh, os.fstat(fh.fileno()).st_size)
    except Exception:  # missing, truncated, or of another format: everything is computed again
        return None
    return state if state is not None and state.key == key else None


def write_corpus_tables(clauses: pa.Table, documents: pd.DataFrame, doc_keys: list[str], write,
                        taxonomy: str | None = None, cache_dir: Path | None = None) -> None:
    """Coverage, alignment and similarity of the clause table ``clauses`` (arrow, file order; at least the
    columns CLAUSE_COLUMNS), whose rows are those of ``documents`` in turn (``n_clauses`` each), whose cache
    entry names are ``doc_keys``; each handed to ``write(frame, name, rows_per_group)``, which returns it
    validated (coverage) or writes it ROWS_PER_GROUP rows at a time (alignment, similarity). With
    ``cache_dir``, the previous build's state there is used and this build's is written."""
    key = state_key(taxonomy) if cache_dir is not None else ""
    old = load_state(cache_dir, key) if cache_dir is not None else None
    sizes = documents["n_clauses"].to_numpy(dtype=np.int64)
    frame = table_frame("clauses", clauses.select(["doc_id", "council", "clause_id", "lead_in", "text"]))
    new_docs = list(zip(doc_keys, documents["council"].tolist(), sizes.tolist()))
    update = _update(old, new_docs, frame, clauses, documents, taxonomy) if old is not None and len(frame) else None
    if update is None:
        norm = frame["text"].map(_norm).tolist()
        candidates = scored_candidates(frame, norm=norm) if len(frame) else None
        release_memory()
        coverage = coverage_matrix(_with_lists(clauses), documents, taxonomy=taxonomy)
    else:
        norm, candidates, coverage = update
    # each table is written and dropped, and the memory its making freed handed back, before the next one:
    # at association scale each takes hundreds of MB for a moment
    coverage = pa.Table.from_pandas(write(coverage, "coverage", None), schema=schemas.arrow_schema("coverage"),
                                    preserve_index=False)
    norm = pa.array(norm, pa.string())  # (kept for the corpus state)
    release_memory()
    write(align_clauses(frame, candidates=candidates), "alignment", ROWS_PER_GROUP)
    release_memory()
    write(council_similarity(None, frame, candidates=candidates), "similarity", ROWS_PER_GROUP)  # (reads no alignment)
    del frame
    release_memory()
    if cache_dir is not None:
        empty = pd.DataFrame({c: pd.Series([], dtype="int64" if t == pa.int64() else "float64")
                              for c, t in CANDIDATE_TYPES.items()})
        state = CorpusState(key, new_docs, norm, empty if candidates is None else candidates[list(CANDIDATE_TYPES)],
                            coverage)
        state.write(Path(cache_dir) / STATE_NAME)
    release_memory()


def _with_lists(clauses: pa.Table) -> pd.DataFrame:
    """The clause columns coverage reads, its list columns as Python lists."""
    return table_frame("clauses", clauses.select(["doc_id", "council", "clause_id", "section", "duties", "topics"]))


def _update(old: CorpusState, new_docs: list[tuple[str, str, int]], frame: pd.DataFrame, clauses: pa.Table,
            documents: pd.DataFrame, taxonomy: str | None):
    """This build's normalised texts, candidates and coverage from the previous build's ``old``: scored
    again only for the clauses the change touches, counted again only for the councils it touches (None
    when the state does not fit)."""
    n = len(frame)
    starts = np.concatenate([[0], np.cumsum([k for _, _, k in new_docs])]).astype(np.int64)
    old_start = np.concatenate([[0], np.cumsum([k for _, _, k in old.documents])]).astype(np.int64)
    old_at = {name: d for d, (name, _, _) in enumerate(old.documents)}
    old_index = np.full(n, -1, dtype=np.int64)  # each clause's index in the previous build (-1: new or changed)
    norm: list[str] = []
    mapped: set[str] = set()
    for d, (name, _, size) in enumerate(new_docs):
        o = old_at.get(name)
        if o is not None and old.documents[o][2] == size and name not in mapped:
            lo = int(old_start[o])
            old_index[starts[d]:starts[d] + size] = np.arange(lo, lo + size)
            norm += old.norm[lo:lo + size]
            mapped.add(name)
        else:
            norm += [_norm(t) for t in frame["text"].iloc[starts[d]:starts[d] + size]]
    changed = old_index < 0
    new_of_old = np.full(len(old.norm), -1, dtype=np.int64)
    new_of_old[old_index[~changed]] = np.flatnonzero(~changed)
    removed = [old.norm[k] for k in np.flatnonzero(new_of_old < 0).tolist()]
    shingles = shingle_keys(norm + removed)  # (one numbering of the 3-grams for both steps)
    touched = touched_clauses(norm, changed, removed, shingles=shingles)
    # the previous candidates of untouched clauses, renumbered (their counterparts are never changed clauses)
    prev = old.candidates
    i_new = new_of_old[prev["i"].to_numpy()]
    keep = i_new >= 0
    keep[keep] = ~touched[i_new[keep]]
    j_new = new_of_old[prev["j"].to_numpy()[keep]]
    if (j_new < 0).any():  # (cannot happen with the state this module writes)
        log.warning("corpus state does not fit this build: comparing every clause again")
        return None
    prev = prev[keep].assign(i=i_new[keep], j=j_new)
    old.norm, old.candidates = [], None  # (not read again: their memory goes before the new candidates are made)
    del i_new, j_new, keep
    release_memory()
    fresh = (scored_candidates(frame, rows=touched, norm=norm, shingles=shingles) if touched.any()
             else prev.iloc[:0])
    del shingles
    release_memory()
    candidates = pd.concat([prev, fresh[list(CANDIDATE_TYPES)]], ignore_index=True)
    candidates = candidates.sort_values("i", kind="stable").reset_index(drop=True)
    for col, kind in CANDIDATE_TYPES.items():
        candidates[col] = candidates[col].astype("int64" if kind == pa.int64() else "float64")
    # coverage: the councils of changed and removed documents counted again, the others' rows kept
    redo = ({council for name, council, _ in new_docs if name not in mapped}
            | {council for name, council, _ in old.documents if name not in mapped})
    kept_rows = table_frame("coverage", old.coverage)
    kept_rows = kept_rows[~kept_rows["council"].isin(redo)]
    mask = pa.array(frame["council"].isin(redo).to_numpy())
    counted = coverage_matrix(_with_lists(clauses.filter(mask)), documents[documents["council"].isin(redo)],
                              taxonomy=taxonomy)
    coverage = pd.concat([kept_rows, counted], ignore_index=True) if len(counted) else kept_rows
    coverage = coverage.sort_values("council", kind="stable").reset_index(drop=True)
    return norm, candidates, coverage
