"""Batches of consecutive documents: their rows of every per-document table, validated and encoded once,
and cached so that a rebuild re-reads only the batches with a changed document, and in those validates and
encodes only the changed documents' rows (the others' are taken from the batch an earlier build made of the
same run of files)."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import pandas as pd
import pyarrow as pa

from .. import config, schemas
from ..columns import COLUMNS
from ..io import EncodedBatch, atomic_write_bytes, csv_rows, encode_batch, encoded_piece
from ..table_pieces import piece_from
from .cache import UNCACHED_CODES, DocumentCache, are_rows, are_strings
from .documents import DOCUMENT_TABLES, DocumentResult, DocumentTask, process_document
from .files import RawFile
from .runners import BackgroundDocuments, StreamedDocuments, worker_nlp
from .settings import Settings

log = logging.getLogger("protocol_analytics")

BATCH_DOCUMENTS = 20  # about this many documents are written as one batch (a parquet row group), cached together
VALIDATED_TOGETHER = 100  # about this many documents of consecutive new batches are validated at once


@dataclass
class Batch:
    """The rows of a run of consecutive documents, validated and encoded for every per-document table.

    ``parts``: what each document of the run added, in file order: its cache entry name, its numbers of
    errors, warnings and documents rows (0 or 1, with a text) and its rows of each of DOCUMENT_TABLES, so that
    a later batch of the same run can take an unchanged document's rows from this one.
    """
    documents: list[dict]
    errors: list[dict]
    warnings: list[str]
    texts: list[str]  # names of the documents' files in text/
    tables: dict[str, EncodedBatch]
    parts: list[list] = field(default_factory=list)  # [name, n_errors, n_warnings, n_documents, *n_rows]
    unchecked: set[str] = field(default_factory=set)  # tables read from a file and not yet fully validated

    def check(self) -> None:
        """Validate the tables read from a batch file whose rows were not read yet (their Arrow data, in full:
        an unreadable entry raises here rather than crash a reader)."""
        for name in sorted(self.unchecked):
            self.tables[name].table.validate(full=True)
        self.unchecked.clear()


def make_batch(results: Iterable[DocumentResult | None], out_dir: Path, previous_texts: Path | None = None,
               names: list[str] | None = None, earlier: Batch | None = None) -> Batch:
    """The batch of a run of documents (``results`` in file order, ``names`` their cache entry names).

    A result may be None where ``earlier`` (a batch an earlier build made of the same run of files) holds the
    document under its name: its rows, errors, documents row and text are taken from there as they were
    validated and encoded then (:meth:`Batch.parts`). The others' rows are validated and encoded now, those of
    consecutive documents together. Either way each table's rows are those of one batch made from scratch.
    """
    results = list(results)
    names = names if names is not None else [""] * len(results)
    held = _parts_by_name(earlier) if earlier is not None else {}
    batch = Batch([], [], [], [], {})
    pieces: dict[str, list] = {name: [] for name in DOCUMENT_TABLES}  # EncodedBatch, or [table, start, n] of earlier
    fresh: list[DocumentResult] = []

    def encode_fresh() -> None:
        if fresh:
            for name in DOCUMENT_TABLES:
                pieces[name].append(encode_batch(name, rows_of([r.tables.get(name) for r in fresh], name)))
            fresh.clear()

    for result, name in zip(results, names):
        if result is None:
            encode_fresh()
            part, at = held[name]
            n_errors, n_warnings, n_documents, *n_rows = part[1:]
            batch.errors += earlier.errors[at["errors"]:at["errors"] + n_errors]
            batch.warnings += earlier.warnings[at["warnings"]:at["warnings"] + n_warnings]
            batch.documents += earlier.documents[at["documents"]:at["documents"] + n_documents]
            batch.texts += earlier.texts[at["documents"]:at["documents"] + n_documents]
            adopt_texts(earlier.texts[at["documents"]:at["documents"] + n_documents], previous_texts, out_dir / "text")
            for table, n in zip(DOCUMENT_TABLES, n_rows):
                runs = pieces[table]
                if runs and isinstance(runs[-1], list) and runs[-1][1] + runs[-1][2] == at[table]:
                    runs[-1][2] += n  # (a run of the earlier batch's rows goes on: one slice)
                else:
                    runs.append([earlier.tables[table].table, at[table], n])
            batch.parts.append(list(part))
            continue
        batch.errors += result.errors
        batch.warnings += result.warnings
        if result.document is not None:
            keep_text_on_disk(result, out_dir, previous_texts)
            batch.texts.append(f"{result.doc_id}.txt")
            batch.documents.append(result.document)
            fresh.append(result)
        rows = [len(next(iter(result.tables[t].values()), [])) if result.tables.get(t) and result.document is not None
                else 0 for t in DOCUMENT_TABLES]
        batch.parts.append([name, len(result.errors), len(result.warnings), int(result.document is not None), *rows])
    encode_fresh()
    for name in DOCUMENT_TABLES:
        lines = _lines(pieces[name], earlier.tables[name].piece) if earlier is not None else None
        parts = [p if isinstance(p, EncodedBatch) else EncodedBatch(name, p[0].slice(p[1], p[2])) for p in pieces[name]]
        if not parts:
            batch.tables[name] = encode_batch(name, rows_of([], name))
        elif len(parts) == 1:
            batch.tables[name] = parts[0]
        else:  # (one chunk a column, as when the rows are encoded together)
            batch.tables[name] = EncodedBatch(name, pa.concat_tables([p.table for p in parts]).combine_chunks())
        if parts and batch.tables[name].piece is None:
            batch.tables[name].lines = lines
    return batch


def _lines(parts: list, piece) -> bytes | None:
    """The CSV lines of a batch's rows of a table, ``parts`` in order (EncodedBatch: rows encoded now, or
    [table, start, n]: a run of the rows of the earlier batch whose piece is ``piece``), the earlier rows'
    lines cut from the piece's; None when they cannot be cut (no piece, a cell holding a line break) or no
    row is the earlier batch's."""
    from ..table_pieces import assembly_works, csv_lines, line_ends

    if piece is None or not assembly_works() or all(isinstance(p, EncodedBatch) for p in parts):
        return None
    ends = line_ends(piece)
    if ends is None:
        return None
    ends = [0, *ends.tolist()]
    data = memoryview(piece.csv)
    return b"".join(csv_lines(csv_rows(p.table)) if isinstance(p, EncodedBatch) else data[ends[p[1]]:ends[p[1] + p[2]]]
                    for p in parts)


def _parts_by_name(batch: Batch) -> dict[str, tuple[list, dict[str, int]]]:
    """Each document of ``batch`` by its cache entry name: its part, and where its items start in the batch's
    lists and tables."""
    at = dict.fromkeys(("errors", "warnings", "documents", *DOCUMENT_TABLES), 0)
    found = {}
    for part in batch.parts:
        found[part[0]] = (part, dict(at))
        for key, n in zip(("errors", "warnings", "documents", *DOCUMENT_TABLES), part[1:]):
            at[key] += n
    return found


def reusable(batch: Batch | None, names: list[str], texts: Path) -> set[str]:
    """The names among ``names`` whose document ``batch`` (made by an earlier build) holds, with its text
    still in the previous build's folder ``texts`` (None: no such batch)."""
    if batch is None:
        return set()
    held = _parts_by_name(batch)
    found = set()
    for name in set(names) & set(held):
        part, at = held[name]
        if all((texts / t).is_file() for t in batch.texts[at["documents"]:at["documents"] + part[3]]):
            found.add(name)
    return found


def rows_of(parts: list[dict[str, list] | None], name: str) -> pd.DataFrame:
    """One DataFrame of several documents' rows of a table (given as columns of lists)."""
    parts = [p for p in parts if p]
    columns = list(schemas.TABLES[name].columns)
    if not parts:
        return schemas.empty(name)
    return pd.DataFrame({c: list(chain.from_iterable(p[c] for p in parts)) for c in columns}, columns=columns)


class BatchCache:
    """Batches of an earlier build, keyed by the cache entries of their documents: a rebuild re-reads and
    re-validates only the batches with a changed document. Batches not used by the last build are removed.

    One file per batch, ``<run>-<key>.batch`` (``run`` names the run of files, ``key`` its documents' cache
    entries): a JSON header (the documents' rows, errors, warnings, text names, each document's part, the
    lengths of the streams and the pieces' layouts) and every table's rows as an Arrow IPC stream and as the
    piece its files are assembled from (:mod:`table_pieces`): data only, so loading an entry runs no code. An
    entry that is corrupt, of another format or of another shape counts as a miss and is made again.
    """
    MAGIC = b"PABATCH3"
    SUFFIX = ".batch"

    def __init__(self, root: Path):
        self.root = Path(root)
        self.used: set[str] = set()
        self._writer = None  # a thread writing entries put in the background, and its writes
        self._writes: list = []
        self._runs: dict[str, list[Path]] | None = None  # the entries there were before this build, by run

    def get(self, key: str) -> Batch | None:
        self.used.add(key)
        try:
            path = self.root / f"{key}{self.SUFFIX}"
            return batch_from_bytes(_mapped(path), self.MAGIC, path)
        except Exception:  # missing, truncated, or not what batch_from_bytes accepts
            return None

    def earlier(self, run: str, key: str) -> Batch | None:
        """The batch of the files of ``run`` an earlier build made (with other documents: not ``key``), if any,
        its tables validated (their rows are read)."""
        if self._runs is None:  # (the folder listed once: a cold build asks for every batch's run)
            self._runs = {}
            for path in self.root.glob(f"*{self.SUFFIX}"):
                self._runs.setdefault(path.stem.split("-")[0], []).append(path)
        found = [p for p in self._runs.get(run, []) if p.stem != key and p.is_file()]
        for path in sorted(found, key=lambda p: p.stat().st_mtime_ns, reverse=True)[:1]:
            try:
                batch = batch_from_bytes(_mapped(path), self.MAGIC, path)
                if batch is not None:
                    batch.check()
                return batch
            except Exception:  # (as in get)
                return None
        return None

    def put(self, key: str, batch: Batch, in_background: bool = False) -> None:
        """Keep ``batch`` under ``key``; ``in_background``: written by a thread while the build goes on
        (:meth:`wait` for it)."""
        from concurrent.futures import ThreadPoolExecutor

        self.used.add(key)
        path = self.root / f"{key}{self.SUFFIX}"
        if not in_background:
            atomic_write_bytes(path, batch_to_bytes(batch, self.MAGIC))
            return
        if self._writer is None:
            self._writer = ThreadPoolExecutor(1)
        self._writes.append(self._writer.submit(lambda: atomic_write_bytes(path, batch_to_bytes(batch, self.MAGIC))))

    def wait(self, raise_errors: bool = True) -> None:
        """Wait for the entries put in the background; raise what a write raised (unless not ``raise_errors``)."""
        if self._writer is not None:
            self._writer.shutdown(wait=True)
            self._writer = None
        writes, self._writes = self._writes, []
        for write in writes if raise_errors else ():
            write.result()

    def keep_only(self, keys: set[str]) -> None:
        for path in self.root.glob("*"):
            if path.suffix != self.SUFFIX or path.stem not in keys:  # entries of older formats too
                path.unlink(missing_ok=True)


def batch_to_bytes(batch: Batch, magic: bytes) -> list:
    """The bytes of a batch file, as the list of its parts: the magic, the header's length, the header (JSON)
    and the streams: each table's rows as an Arrow IPC stream, then (where the table files are assembled from
    pieces) its piece's Parquet and CSV bytes, whose layout the header holds."""
    from ..table_pieces import assembly_works

    streams, layouts = [], {}
    for name in DOCUMENT_TABLES:
        table = batch.tables[name].table
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        streams.append(sink.getvalue())
        piece = encoded_piece(batch.tables[name]) if assembly_works() else None
        streams += [piece.parquet, piece.csv] if piece is not None else [b"", b""]
        layouts[name] = piece.layout() if piece is not None else None
    header = json.dumps({"documents": batch.documents, "errors": batch.errors, "warnings": batch.warnings,
                         "texts": batch.texts, "parts": batch.parts, "streams": [len(b) for b in streams],
                         "pieces": layouts}, ensure_ascii=False).encode()
    return [magic + len(header).to_bytes(8, "big") + header, *streams]


def _mapped(path: Path):
    """A file's bytes mapped into memory (read as they are used, never copied)."""
    return pa.memory_map(str(path)).read_buffer()


def batch_from_bytes(data, magic: bytes, path: Path | None = None) -> Batch | None:
    """The batch :func:`batch_to_bytes` wrote, or None when ``data`` (bytes, or a buffer) is anything else.
    The tables point into ``data``: nothing is copied. ``path``: the file ``data`` is, whose pieces the
    table files copy from it."""
    data = memoryview(data).cast("B")
    if bytes(data[:len(magic)]) != magic:
        return None
    start = len(magic) + 8
    end = start + int.from_bytes(data[len(magic):start], "big")
    header = json.loads(bytes(data[start:end]))
    if not _well_formed_header(header):
        return None
    tables, offset, sizes = {}, end, iter(header["streams"])
    for name in DOCUMENT_TABLES:
        spans, starts = [], []
        for size in (next(sizes), next(sizes), next(sizes)):
            spans.append(data[offset:offset + size])
            starts.append(offset)
            offset += size
        table = pa.ipc.open_stream(pa.py_buffer(spans[0])).read_all()
        if not table.schema.equals(schemas.arrow_schema(name), check_metadata=False):
            return None
        table.validate(full=name == "clauses")  # (the clauses' rows are read for every batch, the others' when
        # they are: Batch.check)
        layout = header["pieces"][name]
        piece = (piece_from(layout, spans[1], spans[2], (str(path), starts[1], starts[2]) if path else None)
                 if layout is not None else None)
        if piece is not None and piece.rows != table.num_rows:
            return None
        tables[name] = EncodedBatch(name, table, piece=piece)
    if offset != data.nbytes:
        return None
    totals = [sum(p[k] for p in header["parts"]) for k in range(1, 4 + len(DOCUMENT_TABLES))]
    if totals != [len(header["errors"]), len(header["warnings"]), len(header["documents"]),
                  *(tables[name].table.num_rows for name in DOCUMENT_TABLES)]:
        return None
    return Batch(header["documents"], header["errors"], header["warnings"], header["texts"], tables, header["parts"],
                 set(DOCUMENT_TABLES) - {"clauses"})


def _well_formed_header(header) -> bool:
    """The header of a batch file: rows of documents and errors, warnings, plain text file names (they are
    linked into the new build), a length for each table's three streams and each table's piece layout."""
    return (isinstance(header, dict) and are_rows(header.get("documents"), COLUMNS["documents"])
            and are_rows(header.get("errors"), COLUMNS["errors"]) and are_strings(header.get("warnings"))
            and are_strings(header.get("texts"))
            and all(t == os.path.basename(t) and t.endswith(".txt") and not t.startswith(".") for t in header["texts"])
            and isinstance(header.get("parts"), list)
            and all(isinstance(p, list) and len(p) == 4 + len(DOCUMENT_TABLES) and isinstance(p[0], str)
                    and all(isinstance(n, int) and n >= 0 for n in p[1:]) for p in header["parts"])
            and len(header["texts"]) == len(header["documents"])
            and isinstance(header.get("streams"), list) and len(header["streams"]) == 3 * len(DOCUMENT_TABLES)
            and all(isinstance(n, int) and n >= 0 for n in header["streams"])
            and isinstance(header.get("pieces"), dict) and set(header["pieces"]) == set(DOCUMENT_TABLES)
            and all(p is None or (isinstance(p, list) and len(p) == 4) for p in header["pieces"].values()))


def batch_runs(names: list[str], target: int = BATCH_DOCUMENTS) -> list[tuple[int, int]]:
    """Cut a list of the documents' file paths into runs (start, end) of about ``target`` documents.

    A run ends after a file whose path hashes to 0 modulo ``target`` (boundaries defined by the content of
    the list, as in rsync), so adding or removing a file changes only the run it falls in, and editing a
    file only the run it is in, not every run after it.
    """
    runs, start = [], 0
    for n, name in enumerate(names):
        size = n + 1 - start
        if int(hashlib.sha256(name.encode()).hexdigest()[:12], 16) % target == 0 or size >= 4 * target:
            runs.append((start, n + 1))
            start = n + 1
    if start < len(names):
        runs.append((start, len(names)))
    return runs


def batch_code_key() -> str:
    """What a batch's bytes depend on besides its documents: how batches are made and encoded (the files
    of this module, io.py and table_pieces.py, as they are on disk) and the version of pyarrow, whose
    writers encoded the pieces."""
    h = hashlib.sha256(pa.__version__.encode())
    for path in (config.PACKAGE_DIR / "io.py", config.PACKAGE_DIR / "build" / "batches.py",
                 config.PACKAGE_DIR / "table_pieces.py"):
        h.update(path.read_bytes())
    return h.hexdigest()


def cached_results(entries: list[RawFile], cache: DocumentCache, raw_dir: Path, settings: Settings,
                   running: BackgroundDocuments | StreamedDocuments | None = None,
                   skip: set[str] = frozenset()) -> Iterator[DocumentResult | None]:
    """Every document's result in file order: from ``running`` when it has it, else from the cache (an
    unreadable entry is made again); None for the documents whose cache entry name is in ``skip``."""
    for e in entries:
        if skip and cache.name(e.sha, e.rel, e.doc_id, e.row) in skip:
            yield None
            continue
        result = running.take(e.rel) if running is not None else None
        if result is None:
            result = cache.get(e.sha, e.rel, e.doc_id, e.row)
        if result is None:
            log.warning("cache entry for %s is unreadable: processing it again", e.rel)
            task = DocumentTask(raw_dir / e.rel, raw_dir, e.row, settings, e.doc_id)
            result = process_document(task, nlp=worker_nlp(settings.model))
            cache.put(e.sha, result, e.row)
        yield result


def build_batches(entries: list[RawFile], cache: DocumentCache, batches: BatchCache | None, raw_dir: Path,
                  out_dir: Path, previous_texts: Path, settings: Settings,
                  background: BackgroundDocuments | StreamedDocuments | None = None) -> Iterator[Batch]:
    """The build's batches in file order: from the batch cache when none of their documents changed, their
    texts linked from ``previous_texts`` (``background``: documents still being processed, waited for or
    taken when a batch needs one). Texts go to ``out_dir``/text. Consecutive batches made from scratch (a
    cold build's) are made together, about VALIDATED_TOGETHER documents at a time, and then cut apart
    (:func:`split_batch`): one validation a table for them all."""
    names = [cache.name(e.sha, e.rel, e.doc_id, e.row) for e in entries]
    salt = batch_code_key()
    rebuild = isinstance(background, BackgroundDocuments)  # (a batch is waited for: the work left)
    fresh: list[tuple[str, int, int]] = []  # (key, start, end) of batches to make from scratch together

    def made(runs: list[tuple[str, int, int]], earlier: Batch | None = None, reuse: set[str] = frozenset()):
        start, end = runs[0][1], runs[-1][2]
        if background is not None:
            background.wait_for(e.rel for e, name in zip(entries[start:end], names[start:end]) if name not in reuse)
        whole = make_batch(cached_results(entries[start:end], cache, raw_dir, settings, background, reuse), out_dir,
                           previous_texts, names[start:end], earlier if reuse else None)
        for (key, _, _), batch in zip(runs, split_batch(whole, [b - a for _, a, b in runs])):
            if rebuild:
                encode_pieces(batch)
            if batches is not None and not any(e["code"] in UNCACHED_CODES for e in batch.errors):
                batches.put(key, batch, in_background=rebuild)  # (a batch with a transient error is made again
                # next time, as its document)
            yield batch
        runs.clear()

    runs = []
    for start, end in batch_runs([e.rel for e in entries], BATCH_DOCUMENTS):
        run = hashlib.sha256(f"{salt}|{entries[start].rel}".encode()).hexdigest()[:12]  # (its first file names a run)
        runs.append((start, end, run, f"{run}-{hashlib.sha256('|'.join([salt] + names[start:end]).encode()).hexdigest()[:24]}"))
    ahead: dict[int, Batch] = {}  # batches of the cache looked up before they are written

    def cached(k: int) -> Batch | None:
        if k in ahead:
            return ahead.pop(k)
        batch = batches.get(runs[k][3]) if batches is not None else None
        if batch is not None and not _writable(batch):
            batch = None  # (its rows are read, and one of its tables is not what the file should hold)
        return batch if batch is not None and adopt_texts(batch.texts, previous_texts, out_dir / "text") else None

    for k, (start, end, run, key) in enumerate(runs):
        batch = cached(k)
        if batch is not None:
            yield from made(fresh) if fresh else ()
            yield batch
            continue
        earlier = batches.earlier(run, key) if batches is not None else None
        reuse = reusable(earlier, names[start:end], previous_texts)
        if not reuse:
            fresh.append((key, start, end))
            if end - fresh[0][1] >= VALIDATED_TOGETHER:
                yield from made(fresh)
            continue
        yield from made(fresh) if fresh else ()
        if rebuild:  # the batches of the cache that follow, looked up while the worker may still be busy
            for later in range(k + 1, len(runs)):
                found = cached(later)
                if found is None:
                    break
                ahead[later] = found
        yield from made([(key, start, end)], earlier, reuse)
    yield from made(fresh) if fresh else ()
    if background is not None:
        background.finish()


def split_batch(batch: Batch, sizes: list[int]) -> list[Batch]:
    """``batch`` cut into consecutive batches of ``sizes`` documents: each holds its documents' rows, errors,
    warnings, texts and parts, as the batch of those documents alone would."""
    if len(sizes) == 1:
        return [batch]
    keys = ("errors", "warnings", "documents", *DOCUMENT_TABLES)
    at = dict.fromkeys(keys, 0)
    found, first = [], 0
    for size in sizes:
        parts = batch.parts[first:first + size]
        first += size
        n = {key: sum(part[k] for part in parts) for k, key in enumerate(keys, start=1)}
        documents = slice(at["documents"], at["documents"] + n["documents"])
        found.append(Batch(batch.documents[documents], batch.errors[at["errors"]:at["errors"] + n["errors"]],
                           batch.warnings[at["warnings"]:at["warnings"] + n["warnings"]], batch.texts[documents],
                           {name: EncodedBatch(name, batch.tables[name].table.slice(at[name], n[name]))
                            for name in DOCUMENT_TABLES}, [list(part) for part in parts]))
        for key in keys:
            at[key] += n[key]
    return found


def _writable(batch: Batch) -> bool:
    """Whether a batch from the cache can be written: its tables' files are copied from its pieces (its rows
    are not read), or it is fully validated (the writers read them)."""
    from ..table_pieces import assembly_works

    if assembly_works() and all(encoded.piece is not None for encoded in batch.tables.values()):
        return True
    try:
        batch.check()
    except Exception:  # (an unreadable entry: made again, as in BatchCache.get)
        return False
    return True


def encode_pieces(batch: Batch) -> None:
    """Encode every table's piece of ``batch`` (:func:`io.encoded_piece`) at once, a thread each: the writers
    and Arrow's functions let go of the GIL, and in a rebuild the batch of a changed file is what is left to
    do once it is tagged."""
    from concurrent.futures import ThreadPoolExecutor

    from ..table_pieces import assembly_works

    if assembly_works():
        with ThreadPoolExecutor(len(batch.tables)) as pool:
            list(pool.map(encoded_piece, batch.tables.values()))


def adopt_texts(names: list[str], source: Path, dest: Path) -> bool:
    """Hard-link the texts ``names`` from the previous build's text folder into the new one (copy them where
    links fail); False when one is missing. A linked text is never written in place (keep_text_on_disk)."""
    for name in names:
        target = dest / name
        if target.exists():
            continue
        try:
            os.link(source / name, target)
        except FileNotFoundError:
            return False
        except OSError:  # a file system without hard links
            if not (source / name).is_file():
                return False
            shutil.copyfile(source / name, target)
    return True


def keep_text_on_disk(result: DocumentResult, out_dir: Path, previous_texts: Path | None = None) -> DocumentResult:
    """Put a document's extracted text in text/ unless it is there already, and drop it from memory: a link
    to the previous build's copy when that is the same text, else a new file renamed into place (the one
    there may be linked from the previous build, and is never written in place)."""
    if result.document is not None and result.text:
        name = f"{result.doc_id}.txt"
        data = result.text.encode("utf-8")
        if not _same_bytes(out_dir / "text" / name, data) and not (
                previous_texts is not None and _same_bytes(previous_texts / name, data)
                and adopt_texts([name], previous_texts, out_dir / "text")):
            atomic_write_bytes(out_dir / "text" / name, data)
        result.text = ""
    return result


def _same_bytes(path: Path, data: bytes) -> bool:
    return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
