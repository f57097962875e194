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
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import config, schemas
from ..analysis.compare import (
    _norm,
    align_clauses,
    council_similarity,
    scored_candidates,
    text_shingles,
    touched_clauses,
)
from ..analysis.coverage import coverage_matrix
from ..io import FILE_MODE, TableSink, encoded_rows, release_memory, table_frame, validated_rows, write_table
from ..rules.taxonomy import DEFAULT_TAXONOMY

log = logging.getLogger("protocol_analytics")

CLAUSE_COLUMNS = ("doc_id", "council", "clause_id", "section", "lead_in", "text", "duties", "topics")
"""The clause table's columns the corpus-wide tables read."""
IDENTITY = ("doc_id", "council", "clause_id", "lead_in", "text")
"""The columns alignment and similarity read (segmenting gives them: no tag is needed)."""
CANDIDATE_TYPES = {"i": pa.int64(), "j": pa.int64(), "similarity": pa.float64(), "ranking": pa.float64(),
                   "rank": pa.int64()}
ROWS_PER_GROUP = 100_000  # the alignment and similarity tables are written this many rows at a time
COVERAGE_COUNCILS = 500  # coverage is counted for this many councils at a time
ALIGNMENT_CLAUSES = 25_000  # the alignment table is made for this many clauses at a time
TOP_K = 1  # the alignment table's counterparts a clause
STATE_NAME = "corpus.state"
MAGIC = b"PACORPUS4"
CODE_FILES = ("analysis/compare.py", "analysis/coverage.py", "build/corpus.py", "rules/labels.py",
              "rules/taxonomy.py", "data/labels.yaml")


# the state's Arrow streams (coverage is written first by a build that counts it first, last by one that made the
# others while its worker parsed)
STREAMS = ("coverage", "norm", "lead", "shingles", "words", "candidates")
SHINGLE_TYPES = {"row": pa.int64(), "key": pa.int64()}


@dataclass
class CorpusState:
    """What a build keeps for the next one's corpus-wide tables (read by :meth:`read`, written by
    :class:`StateWriter` a stream at a time)."""
    key: str  # the code and taxonomy they were made with
    documents: list[tuple[str, str, int]]  # (cache entry name, council, number of clauses), in file order
    norm: list[str]  # every clause's text as compare._norm gives it
    candidates: pd.DataFrame  # i, j, similarity, ranking, rank
    coverage: pa.Table
    build: str = ""  # the name of the build folder whose tables these are (its clause table holds the clauses)
    shingles: tuple[np.ndarray, np.ndarray] | None = None  # the clauses' 3-grams (compare.text_shingles: rows, keys)
    words: pa.Array | None = None  # their words, in the order they are numbered (None: no numbering to go on with)
    lead: pa.Array | None = None  # every clause's lead-in, as in the clause table

    @classmethod
    def read(cls, fh, size: int) -> CorpusState | None:
        """The state a :class:`StateWriter` wrote, read from the binary file ``fh`` of ``size`` bytes a stream at
        a time (each stream's bytes dropped once converted), or None when it is anything else."""
        if size < len(MAGIC) + 8 or fh.read(len(MAGIC)) != MAGIC:
            return None
        fh.seek(size - 8)
        length = int.from_bytes(fh.read(8), "big")
        fh.seek(size - 8 - length)
        header = json.loads(fh.read(length))
        if sorted(name for name, _ in header["streams"]) != sorted(STREAMS):
            return None
        fh.seek(len(MAGIC))
        found = {}
        for name, stream_size in header["streams"]:
            table = pa.ipc.open_stream(pa.py_buffer(fh.read(stream_size))).read_all()
            if name == "candidates" and not table.schema.equals(pa.schema(CANDIDATE_TYPES)):
                return None
            if name == "shingles" and not table.schema.equals(pa.schema(SHINGLE_TYPES)):
                return None
            found[name] = (table.column("norm").to_pylist() if name == "norm" else
                           table.to_pandas() if name == "candidates" else
                           (table.column("row").to_numpy(), table.column("key").to_numpy()) if name == "shingles" else
                           table.column("word").combine_chunks() if name == "words" else
                           table.column("lead").combine_chunks() if name == "lead" else table)
            del table
        documents = [(str(name), str(council), int(n)) for name, council, n in header["documents"]]
        rows, keys = found["shingles"]
        if (fh.tell() != size - 8 - length or sum(n for _, _, n in documents) != len(found["norm"])
                or len(found["lead"]) != len(found["norm"]) or found["lead"].type != pa.string()
                or not found["coverage"].schema.equals(schemas.arrow_schema("coverage"), check_metadata=False)
                or (len(rows) and not (0 <= rows.min() and rows.max() < len(found["norm"])
                                       and (keys[1:] >= keys[:-1]).all()))):
            return None
        words = found["words"] if header.get("words") else None
        return cls(header["key"], documents, found["norm"], found["candidates"], found["coverage"],
                   str(header.get("build", "")), (rows, keys) if words is not None else None, words, found["lead"])


class StateWriter:
    """The corpus state written a stream at a time, each as soon as the build has it (and can drop it): magic,
    the Arrow streams of STREAMS, a JSON header (key, documents, each stream's name and length) and the
    header's length. The file replaces the previous state when :meth:`finish` closes it; :meth:`abort`
    removes it."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        os.close(fd)
        self.tmp = Path(tmp)
        self.sink = pa.OSFile(tmp, "wb")
        self.sink.write(MAGIC)
        self.streams: list[tuple[str, int]] = []

    def add(self, name: str, table: pa.Table) -> None:
        start = self.sink.tell()
        with pa.ipc.new_stream(self.sink, table.schema) as writer:
            writer.write_table(table)
        self.streams.append((name, self.sink.tell() - start))

    def add_texts(self, norm: list[str], lead) -> None:
        """The clauses' normalised texts and their lead-ins (``lead``: the clause table's column)."""
        self.add("norm", pa.table({"norm": pa.array(norm, pa.string())}))
        self.add("lead", pa.table({"lead": pa.array(lead, pa.string()) if not isinstance(lead, pa.ChunkedArray)
                                   else lead.cast(pa.string())}))

    def add_shingles(self, shingles: tuple[np.ndarray, np.ndarray] | None, words: pa.Array | None) -> None:
        """The clauses' 3-grams and their words (``words`` None: none kept, the next build numbers them anew)."""
        rows, keys = shingles if shingles is not None and words is not None else (np.zeros(0), np.zeros(0))
        self.add("shingles", pa.table({"row": pa.array(rows, pa.int64()), "key": pa.array(keys, pa.int64())}))
        self.add("words", pa.table({"word": words if words is not None else pa.array([], pa.string())}))
        self.words = words is not None

    def finish(self, key: str, documents: list[tuple[str, str, int]], build: str = "") -> None:
        header = json.dumps({"key": key, "documents": documents, "streams": self.streams, "build": build,
                             "words": getattr(self, "words", False)}, ensure_ascii=False).encode()
        self.sink.write(header + len(header).to_bytes(8, "big"))
        self.sink.close()
        os.chmod(self.tmp, FILE_MODE)
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        self.sink.close()
        self.tmp.unlink(missing_ok=True)


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


def write_corpus_tables(clauses: pa.Table, documents: pd.DataFrame, doc_keys: list[str], out_dir: Path,
                        taxonomy: str | None = None, cache_dir: Path | None = None,
                        early: EarlyTables | None = None) -> None:
    """Coverage, alignment and similarity of the clause table ``clauses`` (arrow, file order; at least the
    columns CLAUSE_COLUMNS), whose rows are those of ``documents`` in turn (``n_clauses`` each), whose cache
    entry names are ``doc_keys``, written into ``out_dir``. With ``cache_dir``, the previous build's state
    there is used and this build's is written. ``early``: alignment and similarity already written into
    ``out_dir`` (:func:`early_tables`), used when they were made from these very clauses.

    Each table is made, written and dropped, and the memory its making freed handed back, before the next
    one; coverage and alignment are made a part at a time (COVERAGE_COUNCILS councils, ALIGNMENT_CLAUSES
    clauses), so that at association scale no table is ever whole in memory as Python objects.
    """
    key = state_key(taxonomy) if cache_dir is not None else ""
    sizes = documents["n_clauses"].to_numpy(dtype=np.int64)
    new_docs = list(zip(doc_keys, documents["council"].tolist(), sizes.tolist()))
    if early is not None and not early.fits(clauses, new_docs, key):
        log.info("the changed documents' clauses differ from those read while they were parsed: "
                 "making the corpus-wide tables again")
        early.state.abort()
        early = None
    old = None if early is not None or cache_dir is None else load_state(cache_dir, key)
    state = (early.state if early is not None else
             StateWriter(Path(cache_dir) / STATE_NAME) if cache_dir is not None else None)
    try:
        if early is not None:
            _finish_early(early, clauses, documents, out_dir, taxonomy, state)
        else:
            _write_tables(clauses, documents, new_docs, out_dir, taxonomy, old, state)
        del old, early
        if state is not None:
            state.finish(key, new_docs, Path(out_dir).name)
    except BaseException:
        if state is not None:
            state.abort()
        raise
    release_memory()


def _write_tables(clauses: pa.Table, documents: pd.DataFrame, new_docs: list, out_dir: Path,
                  taxonomy: str | None, old: CorpusState | None, state: StateWriter | None) -> None:
    """:func:`write_corpus_tables`' work: each table written, each part of the state handed to ``state`` as
    soon as it is made (and dropped here)."""
    frame = table_frame("clauses", clauses.select(list(IDENTITY)))
    previous_build = Path(out_dir).parent / old.build if old is not None and old.build else None
    update = _update(old, new_docs, frame, previous_build) if old is not None and len(frame) else None
    _write_coverage(clauses, documents, taxonomy, old.coverage if update is not None else None,
                    update.redo if update is not None else None, out_dir, state)
    if old is not None:
        old.coverage = None
    if update is None:
        norm = frame["text"].map(_norm).tolist()
        if state is not None:
            state.add_texts(norm, clauses.column("lead_in"))
        rows, keys, words = text_shingles(norm)
        if state is not None:
            state.add_shingles((rows, keys), words)
        candidates = scored_candidates(frame, norm=norm, shingles=(rows, keys)) if len(frame) else None
        del rows, keys, words
        kept = None
    else:
        norm, candidates, kept = update.norm, update.candidates, update.kept
        if state is not None:
            state.add_texts(norm, clauses.column("lead_in"))
            state.add_shingles(update.shingles, update.words)
    del update, norm
    release_memory()
    _write_comparison(frame, candidates, out_dir, kept)
    del kept
    del frame
    if state is not None:
        state.add("candidates", _candidate_table(candidates))


def _write_coverage(clauses: pa.Table, documents: pd.DataFrame, taxonomy: str | None, kept: pa.Table | None,
                    redo: set[str] | None, out_dir: Path, state: StateWriter | None) -> None:
    """Write the coverage table: every council counted, or (``kept``: the previous build's rows) only the
    councils in ``redo`` counted again and the others' rows kept as they were validated."""
    if kept is None:
        coverage = _coverage_rows(clauses, documents, taxonomy)
    else:
        kept = kept.filter(pc.invert(pc.is_in(kept.column("council"), pa.array(sorted(redo), pa.string()))))
        coverage = pa.concat_tables([kept.replace_schema_metadata(),
                                     _coverage_rows(clauses, documents, taxonomy, councils=redo)])
        coverage = coverage.take(pc.sort_indices(coverage, [("council", "ascending")]))  # (stable)
        del kept
    write_rows("coverage", [coverage], out_dir)
    if state is not None:
        state.add("coverage", coverage)
    del coverage
    release_memory()


def _write_comparison(frame: pd.DataFrame, candidates: pd.DataFrame | None, out_dir: Path, kept=None) -> None:
    """Write the alignment and similarity tables of the clauses ``frame`` (IDENTITY columns) and their
    scored ``candidates``; ``kept``: where the previous build's alignment rows that stay are (Update.kept)."""
    kept = _kept_alignment(*kept) if kept is not None else None
    write_rows("alignment", _alignment_parts(frame, candidates, kept), out_dir, ROWS_PER_GROUP)
    del kept
    release_memory()
    similarity = council_similarity(None, frame, candidates=candidates)  # (reads no alignment)
    write_table(similarity, "similarity", out_dir, ROWS_PER_GROUP)
    del similarity
    release_memory()


def _candidate_table(candidates: pd.DataFrame | None) -> pa.Table:
    columns = {c: candidates[c].to_numpy() if candidates is not None else np.zeros(0) for c in CANDIDATE_TYPES}
    return pa.table({c: pa.array(v, CANDIDATE_TYPES[c]) for c, v in columns.items()})


# ------------------------------------------------------------------ made while the changed files are parsed


@dataclass
class EarlyTables:
    """Alignment and similarity written while a background worker still parses the changed documents, from
    their clauses as this process cut them (:func:`early_tables`), and what the build needs to finish."""
    key: str
    ids: pa.Table  # the IDENTITY columns of every clause, in file order
    new_docs: list[tuple[str, str, int]]
    kept: pa.Table  # the previous build's coverage rows
    redo: set[str]  # councils whose coverage is counted again
    state: StateWriter  # this build's state, all but coverage written (the rest needs no memory meanwhile)

    def fits(self, clauses: pa.Table, new_docs: list, key: str) -> bool:
        """Whether the build's clauses and documents are those these tables were made from."""
        return (key == self.key and new_docs == self.new_docs
                and clauses.select(list(IDENTITY)).equals(self.ids))


def early_tables(entries: list[tuple[str, str]], changed: dict[str, tuple[str, list[dict]] | None],
                 live: Path | None, out_dir: Path, cache_dir: Path, taxonomy: str | None) -> EarlyTables | None:
    """Write the alignment and similarity tables into ``out_dir`` before the changed documents are tagged:
    they read only the clauses' texts and ids, which segmenting gives.

    ``entries``: every document of the build in file order, (raw file, cache entry name); ``changed``: raw
    file -> (council, clause rows) of a changed document as this process segmented it, or None when it has
    no clauses. The other documents' clauses come from the live build's clause table, which the previous
    build's state belongs to. None (nothing written) when the state does not fit.
    """
    import pyarrow.parquet as pq

    key = state_key(taxonomy)
    old = load_state(cache_dir, key)
    if old is None or live is None or old.build != live.name or not (live / "clauses.parquet").is_file():
        return None
    # (read on this thread: the worker holds the other core meanwhile, and Arrow's threads starting up on a busy
    # machine took up to 0.1 s of CPU for what one thread reads in 0.01 s)
    previous = pq.read_table(live / "clauses.parquet", columns=list(IDENTITY), use_threads=False)
    if previous.num_rows != len(old.norm):
        return None
    start = dict(zip((name for name, _, _ in old.documents),
                     np.concatenate([[0], np.cumsum([n for _, _, n in old.documents])]).tolist()))
    size = {name: (council, n) for name, council, n in old.documents}
    schema = pa.schema([pa.field(c, pa.string()) for c in IDENTITY])
    parts, new_docs = [], []
    run = [0, 0]  # (a run of the previous rows, taken as one slice: consecutive unchanged documents)
    for rel, name in entries:
        if rel in changed:
            if changed[rel] is not None:
                council, rows = changed[rel]
                parts += [previous.slice(*run), pa.table({c: pa.array([r[c] for r in rows], pa.string())
                                                          for c in IDENTITY})]
                run = [0, 0]
                new_docs.append((name, council, len(rows)))
        elif name in size:
            council, n = size[name]
            if start[name] != run[0] + run[1]:
                parts.append(previous.slice(*run))
                run = [start[name], 0]
            run[1] += n
            new_docs.append((name, council, n))
        else:  # (a document of the cache the state does not hold: one that gave no clauses, or another state)
            return None
    parts.append(previous.slice(*run))
    ids = pa.concat_tables([p.cast(schema) for p in parts if p.num_rows] or [schema.empty_table()])  # (a few slices)
    frame = table_frame("clauses", ids)
    update = _update(old, new_docs, frame, live) if len(frame) else None
    if update is None:
        return None
    state = StateWriter(Path(cache_dir) / STATE_NAME)
    try:  # (each part of the state written as soon as it is made, and dropped)
        state.add_texts(update.norm, ids.column("lead_in"))
        state.add_shingles(update.shingles, update.words)
        update.norm = update.shingles = update.words = None
        release_memory()
        _write_comparison(frame, update.candidates, out_dir, update.kept)
        state.add("candidates", _candidate_table(update.candidates))
    except BaseException:
        state.abort()
        raise
    return EarlyTables(key, ids, new_docs, old.coverage, update.redo, state)


def _finish_early(early: EarlyTables, clauses: pa.Table, documents: pd.DataFrame, out_dir: Path,
                  taxonomy: str | None, state: StateWriter | None) -> None:
    """The corpus-wide tables of a build whose alignment and similarity ``early`` wrote: coverage (the state's
    last part)."""
    _write_coverage(clauses, documents, taxonomy, early.kept, early.redo, out_dir, state)


def write_rows(name: str, parts, out_dir: Path, rows_per_group: int | None = None) -> None:
    """Write table ``name`` from ``parts``: validated arrow tables of its rows (the parquet form), in order;
    a row group of ``rows_per_group`` rows at a time (None: one row group), as :func:`io.write_table` writes
    the same rows from one DataFrame. Each row group is written from one chunk a column, as a DataFrame's
    rows are: the Parquet writer gives up dictionary encoding at a point that depends on the chunks."""
    with TableSink(name, out_dir) as sink:
        waiting: list[pa.Table] = []
        n_waiting = 0
        for part in parts:
            waiting.append(part)
            n_waiting += part.num_rows
            while rows_per_group is not None and n_waiting >= rows_per_group:
                rows = pa.concat_tables(waiting)
                group = rows.slice(0, rows_per_group).combine_chunks()
                n_waiting -= rows_per_group
                waiting = [rows.slice(rows_per_group).combine_chunks()] if n_waiting else []
                del rows
                sink.write_encoded(encoded_rows(name, group))
                del group
                release_memory()
        if n_waiting or not sink.n_rows:
            rows = pa.concat_tables(waiting) if waiting else schemas.arrow_schema(name).empty_table()
            del waiting
            sink.write_encoded(encoded_rows(name, rows.combine_chunks()))


def _coverage_rows(clauses: pa.Table, documents: pd.DataFrame, taxonomy: str | None,
                   councils: set[str] | None = None) -> pa.Table:
    """The coverage table's rows (validated, arrow) of every council of ``clauses`` (or of ``councils``),
    counted COVERAGE_COUNCILS councils at a time, in the order of their names."""
    column = clauses.column("council")
    names = sorted(set(pc.unique(column).to_pylist()) if councils is None else councils)
    parts = []
    for start in range(0, len(names), COVERAGE_COUNCILS):
        some = names[start:start + COVERAGE_COUNCILS]
        mask = pc.is_in(column, pa.array(some, pa.string()))
        counted = coverage_matrix(_with_lists(clauses.filter(mask)), documents[documents["council"].isin(some)],
                                  taxonomy=taxonomy)
        parts.append(validated_rows("coverage", counted))
        del counted
    return pa.concat_tables(parts) if parts else schemas.arrow_schema("coverage").empty_table()


def _alignment_parts(frame: pd.DataFrame, candidates: pd.DataFrame | None, kept=None):
    """The alignment table's rows (validated, arrow), ALIGNMENT_CLAUSES clauses at a time; with ``kept``
    (:func:`_kept_alignment`), the previous build's rows where they stay and only the others made."""
    if not len(frame):
        yield validated_rows("alignment", align_clauses(frame, candidates=candidates))
        return
    for start in range(0, len(frame), ALIGNMENT_CLAUSES):
        end = min(start + ALIGNMENT_CLAUSES, len(frame))
        if kept is None:
            yield validated_rows("alignment", align_clauses(frame, top_k=TOP_K, candidates=candidates,
                                                            rows=(start, end)))
            continue
        previous, old_row = kept  # (both it and the rows made have the table's schema: slices need no cast)
        rows = old_row[start:end]
        made = start + np.flatnonzero(rows < 0)
        fresh = (validated_rows("alignment", align_clauses(frame, top_k=TOP_K, candidates=candidates, rows=made))
                 if len(made) else None)
        # one row a clause, in clause order: runs of the previous rows (slices, not copies) and the rows made
        made_here = rows < 0
        cut = np.flatnonzero(np.r_[True, (made_here[1:] != made_here[:-1])
                                   | (~made_here[1:] & (rows[1:] != rows[:-1] + 1))])
        parts, at = [], 0
        for lo, hi in zip(cut.tolist(), cut[1:].tolist() + [len(rows)]):
            if rows[lo] >= 0:
                parts.append(previous.slice(int(rows[lo]), hi - lo))
            else:
                parts.append(fresh.slice(at, hi - lo))
                at += hi - lo
        yield pa.concat_tables(parts)


def _kept_alignment(build: Path | None, old_row: np.ndarray, n_old: int):
    """The previous build's alignment rows that stay as they were, those of the clauses the change did not
    touch (their candidates, and so their rows, are the same: :func:`analysis.compare.touched_clauses`): the
    previous table and, for each clause, its row there (``old_row``, -1: made again). None when the build
    folder ``build`` holds no such table (one row a clause of ``n_old``)."""
    import pyarrow.parquet as pq

    path = Path(build) / "alignment.parquet" if build is not None else None
    if path is None or not path.is_file():
        return None
    try:
        previous = pq.read_table(path, use_threads=False)  # (a rebuild's: as in early_tables)
    except (OSError, pa.ArrowException):
        return None
    if previous.num_rows != n_old or not previous.schema.equals(schemas.arrow_schema("alignment"),
                                                                check_metadata=False):
        return None
    return previous.replace_schema_metadata(), old_row


def _with_lists(clauses: pa.Table) -> pd.DataFrame:
    """The clause columns coverage reads, its list columns as Python lists."""
    return table_frame("clauses", clauses.select(["doc_id", "council", "clause_id", "section", "duties", "topics"]))


@dataclass
class Update:
    """This build's comparison made from the previous build's (:func:`_update`)."""
    norm: list[str]
    candidates: pd.DataFrame
    redo: set[str]  # councils whose coverage is counted again
    shingles: tuple[np.ndarray, np.ndarray]
    words: pa.Array | None
    kept: tuple  # the build folder of the previous alignment rows, each clause's row there (-1: made again)
    # and their number (_kept_alignment reads them when the table is written)


def _update(old: CorpusState, new_docs: list[tuple[str, str, int]], frame: pd.DataFrame,
            previous_build: Path | None = None) -> Update | None:
    """This build's normalised texts and candidates from the previous build's ``old``, scored again only for
    the clauses the change touches, and the councils whose coverage must be counted again (those of changed
    and removed documents), with the alignment rows of the build folder ``previous_build`` that stay; None
    when the state does not fit."""
    n = len(frame)
    starts = np.concatenate([[0], np.cumsum([k for _, _, k in new_docs])]).astype(np.int64)
    old_start = np.concatenate([[0], np.cumsum([k for _, _, k in old.documents])]).astype(np.int64)
    old_at = {name: d for d, (name, _, _) in enumerate(old.documents)}
    old_index = np.full(n, -1, dtype=np.int64)  # each clause's index in the previous build (-1: new or changed)
    norm: list[str] = []
    mapped: set[str] = set()
    whole: list[tuple[int, int]] = []  # (document, its index in the previous build) of those kept as they were
    for d, (name, _, size) in enumerate(new_docs):
        o = old_at.get(name)
        if o is not None and old.documents[o][2] == size and name not in mapped:
            lo = int(old_start[o])
            old_index[starts[d]:starts[d] + size] = np.arange(lo, lo + size)
            norm += old.norm[lo:lo + size]
            mapped.add(name)
            whole.append((d, o))
        else:
            norm += [_norm(t) for t in frame["text"].iloc[starts[d]:starts[d] + size]]
    exact = old_index >= 0  # (the clauses of documents kept as they were: their alignment rows may stay)
    if old.lead is not None and all(a[1] < b[1] for a, b in zip(whole, whole[1:])):
        _match_unchanged_clauses(old, new_docs, frame, norm, whole, starts, old_start, old_index)
    changed = old_index < 0
    new_of_old = np.full(len(old.norm), -1, dtype=np.int64)
    new_of_old[old_index[~changed]] = np.flatnonzero(~changed)
    removed = [old.norm[k] for k in np.flatnonzero(new_of_old < 0).tolist()]
    shingles, words = _shingles(old, norm, changed, new_of_old, removed)  # (of norm + removed)
    touched = touched_clauses(norm, changed, removed, shingles=shingles)
    rows, keys = shingles
    kept = rows < n
    shingles = (rows[kept], keys[kept])  # (those of this build's clauses: what is scored, and the next build's)
    del rows, keys, kept
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
    # an alignment row stays where its clause and its counterpart are of documents kept as they were
    top = prev["rank"].to_numpy() <= TOP_K
    stays = exact & ~touched
    stays[prev["i"].to_numpy()[top][~exact[prev["j"].to_numpy()[top]]]] = False
    kept = (previous_build, np.where(stays, old_index, -1), len(old.norm))
    old.norm, old.candidates = [], None  # (not read again: their memory goes before the new candidates are made)
    del i_new, j_new, keep
    release_memory()
    fresh = (scored_candidates(frame, rows=touched, norm=norm, shingles=shingles) if touched.any()
             else prev.iloc[:0])
    release_memory()
    candidates = pd.concat([prev, fresh[list(CANDIDATE_TYPES)]], ignore_index=True)
    candidates = candidates.sort_values("i", kind="stable").reset_index(drop=True)
    for col, kind in CANDIDATE_TYPES.items():
        candidates[col] = candidates[col].astype("int64" if kind == pa.int64() else "float64")
    redo = ({council for name, council, _ in new_docs if name not in mapped}
            | {council for name, council, _ in old.documents if name not in mapped})
    return Update(norm, candidates, redo, shingles, words, kept)


def _match_unchanged_clauses(old: CorpusState, new_docs: list[tuple[str, str, int]], frame: pd.DataFrame,
                             norm: list[str], whole: list[tuple[int, int]], starts: np.ndarray, old_start: np.ndarray,
                             old_index: np.ndarray) -> None:
    """Map (in ``old_index``) the clauses of changed and added documents that a change left as they were to the
    previous build's: between two documents kept whole (``whole``, in the same order in both builds), the clauses
    at the start and at the end of the run of this build's other documents that have the council, text
    (``norm``) and lead-in of those at the start and end of the previous build's run. Their candidates stay (a
    clause's candidates depend on its council, text and lead-in, the 3-grams and texts it shares and the order
    of the clauses, which this mapping keeps), unless the change touches them (touched_clauses); their
    alignment rows are made again (their documents' ids, clause ids and texts may not be the same)."""
    council = np.repeat(np.arange(len(new_docs)), [k for _, _, k in new_docs])
    old_council = np.repeat(np.arange(len(old.documents)), [k for _, _, k in old.documents])
    lead = frame["lead_in"]

    def same(k: int, o: int) -> bool:
        return (norm[k] == old.norm[o] and new_docs[council[k]][1] == old.documents[old_council[o]][1]
                and _or_empty(lead.iat[k]) == _or_empty(old.lead[o].as_py()))

    bounds = [(-1, -1), *whole, (len(new_docs), len(old.documents))]
    for (d0, o0), (d1, o1) in zip(bounds, bounds[1:]):
        k, k_end = int(starts[d0 + 1]), int(starts[d1])
        o, o_end = int(old_start[o0 + 1]), int(old_start[o1])
        while k < k_end and o < o_end and same(k, o):  # (the run's first clauses)
            old_index[k] = o
            k, o = k + 1, o + 1
        while k < k_end and o < o_end and same(k_end - 1, o_end - 1):  # (its last ones)
            k_end, o_end = k_end - 1, o_end - 1
            old_index[k_end] = o_end


def _or_empty(text) -> str:
    """A lead-in as text ("" for none: a missing value or an empty one)."""
    return text if isinstance(text, str) else ""


def _shingles(old: CorpusState, norm: list[str], changed: np.ndarray, new_of_old: np.ndarray,
              removed: list[str]) -> tuple[tuple[np.ndarray, np.ndarray], pa.Array | None]:
    """The 3-grams of ``norm`` and then of ``removed`` (compare.text_shingles: rows, keys by key) and their
    words: the previous build's, renumbered (its removed clauses after this build's), with those of the
    ``changed`` clauses numbered on from its words; numbered anew when it kept none."""
    n = len(norm)
    if old.shingles is None or old.words is None:
        rows, keys, words = text_shingles(norm + removed)
        return (rows, keys), words
    todo = np.flatnonzero(changed)
    new_rows, new_keys, words = text_shingles([norm[k] for k in todo.tolist()], old.words)
    if words is None:  # (the words outgrew the numbering)
        rows, keys, words = text_shingles(norm + removed)
        return (rows, keys), words
    place = new_of_old.copy()
    gone = np.flatnonzero(place < 0)
    place[gone] = n + np.arange(len(gone))  # (removed clauses follow, in the order of ``removed``)
    rows, keys = old.shingles
    old.shingles = None
    at = np.searchsorted(keys, new_keys, side="right")  # (both by key: the new ones go in after their equals)
    return (np.insert(place[rows], at, todo[new_rows]), np.insert(keys, at, new_keys)), words
