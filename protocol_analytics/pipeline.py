"""The build: raw folder -> processed tables.

The per-document stage (:func:`process_document`: read, segment, tag, topics)
is pure and cached by the file's content hash and the code's own hash, so a
re-run redoes only changed files. It runs serially, in worker processes, or
on a Dask cluster. Corpus-wide tables (coverage, comparison, escalation
routes) are computed from the per-document results afterwards.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import stat
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

import pandas as pd
from tqdm.auto import tqdm

from . import __version__, config, schemas
from .errors import UserError, Errors, IngestError, ManifestError, is_warning
from .ingest import read_document, supported_suffixes
from .io import EncodedBlock, TableSink, atomic_write_bytes, encode_block, table_frame, write_table
from .limits import TimeLimitExceeded, exit_with_parent, time_limit
from .manifest import MANIFEST_NAME, read_manifest, sha256_of
from .metadata import (clean_front_matter, clean_title, council_from_domain, council_from_filename, council_type_of,
                       find_council_name, front_matter_fields, nation_of)
from .segment import segment_text
from .store import OutputFolder

log = logging.getLogger("protocol_analytics")

IGNORED_NAMES = {MANIFEST_NAME, "README.md", "README.txt", ".gitkeep", ".DS_Store"}
ENGLISH_WORDS = frozenset("the of and to a in is be that for by with as are or on it this not their any its".split())


@dataclass
class Settings:
    model: str = field(default_factory=config.model_name)
    max_mb: float = 50.0
    taxonomy: str | None = None  # a user's topic file instead of the packaged one
    time_limit: float = 300.0  # seconds to read and segment one file (0: none); not in the key: see _cacheable

    def key(self) -> str:
        """Hash of everything a document's result depends on besides its bytes (and its manifest row).

        Only the per-document code (readers, segmenter, metadata, NLP, tagging, topics, schemas, error
        texts and the per-document functions of this module), the package's data files, the model's
        name and version, spaCy's version and the user's taxonomy file: editing the report, plots,
        CLI or corpus-wide tables does not invalidate the cache.
        """
        import inspect
        from importlib import metadata

        versions = []  # spaCy's and the model package's (or a model folder's meta.json), without importing spaCy
        for dist in ("spacy", self.model):
            try:
                versions.append(metadata.version(dist))
            except (metadata.PackageNotFoundError, ValueError):
                meta = Path(self.model) / "meta.json"
                versions.append(hashlib.sha256(meta.read_bytes()).hexdigest()[:12] if meta.is_file() else "?")
        h = hashlib.sha256(f"{__version__}|{self.model}|{self.max_mb}|{'/'.join(versions)}".encode())
        pkg = config.PACKAGE_DIR
        sources = [pkg / name for name in ("segment.py", "segment_rules.py", "metadata.py", "tag.py", "topics.py",
                                           "taxonomy.py", "literals.py", "escalation.py", "schemas.py", "errors.py",
                                           "topic_model.py")]
        for folder in ("ingest", "nlp"):
            sources += sorted((pkg / folder).glob("*.py"))
        sources += sorted(p for p in config.PACKAGE_DATA.rglob("*") if p.suffix in (".yaml", ".yml", ".npz", ".json"))
        for path in sources:
            if path.is_file():
                h.update(str(path.relative_to(pkg)).encode())
                h.update(path.read_bytes())
        # the per-document part of this module, by source, so edits to the rest of it keep the cache
        for obj in (DocumentResult, _columns, english_share, _error, document_metadata, PreparedDocument, prepare_document,
                    finish_document, process_documents, clauses_frame):
            h.update(inspect.getsource(obj).encode())
        if self.taxonomy:
            h.update(Path(self.taxonomy).read_bytes())
        return h.hexdigest()[:16]


DOCUMENT_TABLES = ("clauses", "tags", "statements", "escalation_edges")


@dataclass
class DocumentResult:
    """One document's rows of every per-document table, as columns of plain lists: they serialise (to the
    cache as JSON, between processes) much faster than small DataFrames and join into blocks cheaply."""
    doc_id: str
    file: str
    document: dict | None = None
    tables: dict[str, dict[str, list]] = field(default_factory=dict)
    text: str = ""
    errors: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def frame(self, name: str) -> pd.DataFrame:
        """One of the document's tables as a DataFrame (empty when the document failed)."""
        columns = self.tables.get(name)
        return pd.DataFrame(columns, columns=list(schemas.TABLES[name].columns)) if columns else schemas.empty(name)


def _columns(df: pd.DataFrame) -> dict[str, list]:
    return {c: df[c].tolist() for c in df.columns}


def discover(raw_dir: Path) -> tuple[list[Path], list[tuple[Path, str, dict]]]:
    """Raw files the build reads, in a stable order (hidden files and the manifest skipped), and the
    entries it refuses, each with its error code and message fields: links that lead out of the raw
    folder or nowhere, and special files (FIFOs, sockets, devices), which are never opened."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise UserError("PA042", path=raw_dir, what="raw folder", cwd=os.getcwd())
    root = raw_dir.resolve()
    files, refused = [], []
    for path in sorted(raw_dir.rglob("*")):
        if path.name in IGNORED_NAMES or any(p.startswith(".") for p in path.relative_to(raw_dir).parts):
            continue
        try:
            target = path.resolve(strict=True)
            mode = target.stat().st_mode
        except (OSError, RuntimeError) as exc:  # dangling, or a loop (RuntimeError before Python 3.13)
            refused.append((path, "PA015", {"reason": getattr(exc, "strerror", None) or str(exc)}))
            continue
        if path.is_symlink() and not target.is_relative_to(root):
            refused.append((path, "PA014", {"target": target}))
        elif stat.S_ISREG(mode):
            files.append(path)
        elif not stat.S_ISDIR(mode):  # a folder is walked (a link to one inside the raw folder is not needed)
            refused.append((path, "PA016", {"kind": _file_kind(mode)}))
    return files, refused


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "named pipe (FIFO)"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
             (stat.S_ISBLK, "block device"))
    return next((name for test, name in kinds if test(mode)), "special file")


def discover_files(raw_dir: Path) -> list[Path]:
    """Raw files the build reads, in a stable order (hidden files and the manifest skipped)."""
    return discover(raw_dir)[0]


MAX_DOC_ID_BYTES = 100
"""A doc_id names files (text/DOC_ID.txt, temporary files beside it): longer ones are cut and hashed."""


def assign_doc_ids(files: list[Path], raw_dir: Path) -> dict[str, str]:
    """Every file's doc_id, by its path relative to the raw folder: the name without its extension.

    Files sharing a name stem (a.txt and a.pdf; x/a.txt and y/a.txt) are named by their whole relative
    path instead (a-txt, x-a-txt); a file in the raw folder itself only by its siblings. An id longer than
    MAX_DOC_ID_BYTES is cut and given a short hash of the path; ids still shared by two files (a/x.txt and
    a-x-txt.txt) get one too, a longer one while any is still shared. Every id is unique and bounded.
    """
    from collections import Counter

    supported = set(supported_suffixes())
    rels = [path.relative_to(raw_dir) for path in files]
    readable: dict[str, list[Path]] = {}
    for rel in rels:
        if rel.suffix.lower() in supported:
            readable.setdefault(rel.stem, []).append(rel)
    ids = {}
    for rel in rels:
        namesakes = [o for o in readable.get(rel.stem, []) if o != rel]
        if rel.parent == Path(".") or any(o.parent == rel.parent for o in namesakes):
            namesakes = [o for o in namesakes if o.parent == rel.parent]
        ids[str(rel)] = bounded_id(re.sub(r"[^\w-]+", "-", rel.as_posix()).strip("-") if namesakes else rel.stem, rel)
    for length in (8, 16, 64):
        counts = Counter(ids.values())
        shared = [rel for rel, doc_id in ids.items() if counts[doc_id] > 1]
        for rel in shared:
            ids[rel] = f"{ids[rel]}-{_path_hash(rel, length)}"
    return ids


def _path_hash(rel, length: int = 8) -> str:
    return hashlib.sha256(str(rel).encode()).hexdigest()[:length]


def bounded_id(doc_id: str, rel) -> str:
    """``doc_id`` cut to MAX_DOC_ID_BYTES (in UTF-8) with a hash of the path, when it is longer."""
    if len(doc_id.encode()) <= MAX_DOC_ID_BYTES:
        return doc_id
    return f"{doc_id.encode()[:MAX_DOC_ID_BYTES - 9].decode(errors='ignore')}-{_path_hash(rel)}"


def english_share(text: str) -> float:
    words = [w.lower() for w in text.split()[:3000]]
    return sum(w in ENGLISH_WORDS for w in words) / max(len(words), 1)


def _error(file: str, doc_id: str, code: str, stage: str, message: str) -> dict:
    return {"file": file, "doc_id": doc_id, "code": code, "stage": stage, "message": message}


def document_metadata(seg, doc_id: str, row: dict | None) -> dict:
    """Council, type, nation and front-matter fields: manifest first, then the document, then the file name."""
    row = row or {}
    front = clean_front_matter(seg.front_matter)  # cookie notices, menus, share links, 'related documents' out
    title = clean_title(seg.title, seg.front_matter)
    found = find_council_name(front) or find_council_name([title])
    if not found:
        # a council name line above unnumbered paragraphs can be taken for a section heading
        for heading in getattr(seg, "headings", [])[:1]:
            name = find_council_name([heading])
            if name and name.lower() == re.sub(r"^(?:the\s+)", "", heading.strip(), flags=re.I).lower():
                found = name
    source = "document"
    if not found:
        found = council_from_domain(front)
        source = "domain"
    if not found:
        found = council_from_filename(doc_id)
        source = "filename"
    council = row.get("council") or found
    if row.get("council"):
        source = "manifest"
    fields = front_matter_fields(front, title, council)
    kind = row.get("council_type") or council_type_of(council)
    body = " ".join(c.text for c in getattr(seg, "clauses", [])[:20])
    nation = row.get("nation", "") or nation_of(seg.front_matter + [title], council, body)
    return {"council": council, "council_source": source, "council_type": kind, "nation": nation,
            "title": title, **fields, "front_matter": " | ".join(front)}


@dataclass
class PreparedDocument:
    """A document read, segmented and given its metadata: what is left is the NLP and the tagging."""
    result: DocumentResult
    clauses: pd.DataFrame
    meta: dict
    format: str
    sha256: str


def prepare_document(path: Path, raw_dir: Path, row: dict | None, settings: Settings,
                     doc_id: str) -> PreparedDocument | DocumentResult:
    """Read and segment one raw file, within the settings' time limit. Never raises for bad input: a file
    that fails comes back as a DocumentResult carrying its error."""
    result = DocumentResult(doc_id=doc_id, file=str(path.relative_to(raw_dir)))
    try:
        with time_limit(settings.time_limit):
            return _read_and_segment(path, result, row, settings)
    except TimeLimitExceeded:
        result.text, result.warnings = "", []
        result.errors = [_error(result.file, doc_id, "PA018", "read",
                                Errors.PA018.format(path=path, limit=settings.time_limit))]
        return result


def _read_and_segment(path: Path, result: DocumentResult, row: dict | None,
                      settings: Settings) -> PreparedDocument | DocumentResult:
    rel, doc_id = result.file, result.doc_id
    try:
        extracted = read_document(path, max_mb=settings.max_mb)
    except IngestError as exc:
        result.errors.append(_error(rel, doc_id, exc.code, "read", str(exc)))
        return result
    except OSError as exc:  # the file cannot be read at all (permissions, a disk error)
        result.errors.append(_error(rel, doc_id, "PA060", "read", Errors.PA060.format(path=path, reason=exc.strerror)))
        return result
    except Exception as exc:  # a reader bug must not stop the other files
        result.errors.append(_error(rel, doc_id, "PA005", "read",
                                    Errors.PA005.format(path=path, fmt=path.suffix.lstrip("."), reason=repr(exc))))
        return result
    result.warnings += extracted.warnings
    result.errors += [_error(rel, doc_id, code, "read", message) for code, message in extracted.notices]
    text = extracted.text
    result.text = text
    share = english_share(text)
    if share < 0.08:
        result.errors.append(_error(rel, doc_id, "PA008", "segment", Errors.PA008.format(path=path, share=share)))
        return result
    seg = segment_text(text)
    if not seg.clauses:
        result.errors.append(_error(rel, doc_id, "PA009", "segment", Errors.PA009.format(path=path)))
        return result
    meta = document_metadata(seg, path.stem, row)
    return PreparedDocument(result, clauses_frame(seg, doc_id, meta["council"]), meta, extracted.format,
                            sha256_of(path))


def finish_document(prepared: PreparedDocument, settings: Settings, nlp=None, docs=None) -> DocumentResult:
    """Tag a prepared document (``docs``: its clauses already run through ``nlp``) and fill its result."""
    from .escalation import escalation_edges
    from .tag import tag_document

    result = prepared.result
    clauses, tags, statements = tag_document(prepared.clauses, nlp=nlp, taxonomy=settings.taxonomy,
                                             text=result.text, docs=docs)
    edges = escalation_edges(clauses, tags)
    result.tables = {"clauses": _columns(clauses), "tags": _columns(tags), "statements": _columns(statements),
                     "escalation_edges": _columns(edges)}
    result.document = {
        "doc_id": result.doc_id, **prepared.meta, "source_file": result.file, "format": prepared.format,
        "sha256": prepared.sha256, "n_clauses": len(clauses),
        "n_words": int(clauses["text"].str.split().str.len().sum()),
        "text_file": f"text/{result.doc_id}.txt",
    }
    return result


class Task(NamedTuple):
    """One raw file to process, with what :func:`prepare_document` needs (it pickles to workers)."""
    path: Path
    raw_dir: Path
    row: dict | None
    settings: Settings
    doc_id: str


def process_documents(tasks: list[Task], nlp) -> list[DocumentResult]:
    """Read, segment and tag a batch of documents; the clauses of all of them go through ``nlp.pipe``
    together, so the model sees full batches however short each document is."""
    from .tag import clause_docs

    prepared = [prepare_document(*task) for task in tasks]
    ready = [(p, task) for p, task in zip(prepared, tasks) if isinstance(p, PreparedDocument)]
    try:
        docs = list(nlp.pipe([d for p, _ in ready for d in clause_docs(p.clauses, nlp, p.result.text)],
                             batch_size=256))
    except Exception as exc:
        if len(ready) > 1:  # find the document that breaks the pipeline; the others go on
            return [r for task in tasks for r in process_documents([task], nlp)]
        docs, failure = None, exc
    done = iter(docs or [])
    for p, task in ready:
        try:
            if docs is None:
                raise failure
            finish_document(p, task[3], nlp, [next(done) for _ in range(len(p.clauses))])
        except Exception as exc:  # a bug in the rules must not stop the other files
            log.exception("tagging %s failed", p.result.file)
            p.result.errors.append(_error(p.result.file, p.result.doc_id, "PA013", "tag",
                                          Errors.PA013.format(path=task[0], reason=repr(exc))))
            p.result.document, p.result.tables = None, {}
    return [p.result if isinstance(p, PreparedDocument) else p for p in prepared]


def process_document(path: Path, raw_dir: Path, row: dict | None, settings: Settings, doc_id: str,
                     nlp=None) -> DocumentResult:
    """Read, segment and tag one raw file. Never raises for bad input: errors go in the result."""
    prepared = prepare_document(path, raw_dir, row, settings, doc_id)
    if not isinstance(prepared, PreparedDocument):
        return prepared
    return finish_document(prepared, settings, nlp)


def clauses_frame(seg, doc_id: str, council: str) -> pd.DataFrame:
    rows = [{
        "doc_id": doc_id, "council": council, "clause_id": c.clause_id, "parent_id": c.parent_id,
        "number": c.number if c.marker_kind != "bullet" else "", "section": c.section,
        "section_number": c.section_number or "", "section_title": c.section_title or "", "level": c.level,
        "is_lead_in": c.is_lead_in, "lead_in": c.lead_in, "text": c.text, "char_start": c.char_start,
        "char_end": c.char_end, "roles": [], "duties": [], "escalation_targets": [], "topics": [],
    } for c in seg.clauses]
    return pd.DataFrame(rows, columns=list(schemas.CLAUSES.columns))


# ----------------------------------------------------------------------- execution

SERIAL_BATCH = 8  # documents whose clauses go through nlp.pipe together in a serial build
_WORKER_NLP: dict[str, object] = {}  # one spaCy pipeline per model name and process (worker or main)


def _worker_nlp(model: str):
    """The process's pipeline for ``model``, loaded on first use (pool initializer, Dask task, serial run)."""
    nlp = _WORKER_NLP.get(model)
    if nlp is None:
        from .nlp import make_nlp

        nlp = _WORKER_NLP[model] = make_nlp(model)
    return nlp


def _run_chunk(chunk: list[tuple]) -> list[DocumentResult]:
    return process_documents(chunk, _worker_nlp(chunk[0][3].model)) if chunk else []


def _row_key(row: dict | None) -> str:
    """A manifest row's share of the cache key: editing a row of councils.csv redoes that file only
    (its sha256 cell is left out: it only checks the file, whose own hash is already in the key)."""
    fields = sorted((str(k), str(v)) for k, v in (row or {}).items() if k != "sha256" and v)
    return hashlib.sha256(repr(fields).encode()).hexdigest()[:8] if fields else ""


TRANSIENT_CODES = {"PA018", "PA060"}
"""Errors of the moment, not of the file (a time limit on a busy machine, a permission): not cached."""


def _cacheable(result: DocumentResult) -> bool:
    return not any(e["code"] in TRANSIENT_CODES for e in result.errors)


class DocumentCache:
    """Per-document results on disk, keyed by the file's sha256, path and doc_id, its manifest row and the
    settings' key.

    One JSON file per result (data only: loading an entry runs no code); an entry that is corrupt, of another
    format or for another file counts as a miss and is made again. The extracted text is kept (write_outputs
    writes text/ from it) but nothing else is stored twice. Results with a transient error are kept in
    memory for this build only.
    """
    FORMAT = "protocol_analytics.document/1"

    def __init__(self, root: Path, settings_key: str):
        self.root = Path(root)
        self.key = settings_key
        self.transient: dict[str, DocumentResult] = {}

    def _path(self, sha: str, file: str, doc_id: str, row: dict | None = None) -> Path:
        extra = _row_key(row)
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
        ok = result is not None and result.file == file and result.doc_id == doc_id and _well_formed(result)
        return result if ok else None

    def put(self, sha: str, result: DocumentResult, row: dict | None = None) -> None:
        path = self._path(sha, result.file, result.doc_id, row)
        if not _cacheable(result):
            self.transient[path.name] = result
            return
        data = {"format": self.FORMAT, "result": asdict(result)}
        atomic_write_bytes(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _well_formed(result: DocumentResult) -> bool:
    """The shape a result must have to be used: every field of its type, every table with its columns,
    of equal length (cell values are checked by the schemas when its block is made)."""
    if not (isinstance(result.doc_id, str) and isinstance(result.file, str) and isinstance(result.text, str)
            and _strings(result.warnings) and _rows(result.errors, schemas.ERRORS) and isinstance(result.tables, dict)
            and (result.document is None or _rows([result.document], schemas.DOCUMENTS))):
        return False
    for name, columns in result.tables.items():
        if name not in DOCUMENT_TABLES or not isinstance(columns, dict) or set(columns) != set(schemas.TABLES[name].columns):
            return False
        if not all(isinstance(v, list) for v in columns.values()) or len({len(v) for v in columns.values()}) > 1:
            return False
    return True


def _strings(items) -> bool:
    return isinstance(items, list) and all(isinstance(x, str) for x in items)


def _rows(items, schema) -> bool:
    """A list of rows (dicts) with exactly the columns of ``schema``."""
    return isinstance(items, list) and all(isinstance(r, dict) and set(r) == set(schema.columns) for r in items)


def one_blas_thread() -> None:
    """Keep numpy's BLAS to one thread in this process: worker processes already use every core."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def _pool_init(model: str) -> None:
    """Process-pool initializer: the worker ends with the build, holds one BLAS thread, and loads the
    model once, before the first document."""
    exit_with_parent()
    one_blas_thread()
    _worker_nlp(model)


def _run_in_pool(tasks: list[Task], settings: Settings, jobs: int) -> Iterator[DocumentResult]:
    """Chunks of documents on ``jobs`` processes, at most a few chunks in flight: results stream back as
    they finish, so neither the pending futures nor the finished results pile up in memory."""
    from concurrent.futures import FIRST_COMPLETED, wait

    jobs = min(jobs, len(tasks))
    chunksize = max(1, min(8, len(tasks) // (jobs * 4)))
    chunks = iter([tasks[i:i + chunksize] for i in range(0, len(tasks), chunksize)])
    with ProcessPoolExecutor(max_workers=jobs, initializer=_pool_init, initargs=(settings.model,)) as pool:
        pending = set()
        for chunk in chunks:
            pending.add(pool.submit(_run_chunk, chunk))
            if len(pending) >= jobs * 2:
                break
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                for chunk in chunks:
                    pending.add(pool.submit(_run_chunk, chunk))
                    break
                yield from future.result()


def run_documents(tasks: list[Task], settings: Settings, jobs: int = 1, scheduler: str | None = None,
                  progress: bool = True) -> Iterator[DocumentResult]:
    """Process documents serially, in `jobs` processes, or on a Dask cluster; yields results as they finish
    (in completion order: callers key them by ``result.file``)."""
    bar = dict(total=len(tasks), unit="doc", desc="protocols", disable=not progress or not tasks)
    if not tasks:
        return
    if scheduler:
        from .distributed import run_on_dask

        yield from tqdm(run_on_dask(tasks, scheduler), **bar)
    elif jobs > 1 and len(tasks) > 1:
        yield from tqdm(_run_in_pool(tasks, settings, jobs), **bar)
    else:
        with tqdm(**bar) as progress_bar:
            for i in range(0, len(tasks), SERIAL_BATCH):
                for result in _run_chunk(tasks[i:i + SERIAL_BATCH]):
                    progress_bar.update()
                    yield result


@dataclass
class BuildReport:
    out_dir: Path
    n_files: int
    n_documents: int
    n_clauses: int
    n_errors: int  # rows of `errors` with an error code (PA0xx); warning rows (PA1xx) are not counted
    n_cached: int
    errors: pd.DataFrame
    warnings: list[str]
    replaced: bool = True  # the new results replaced the previous ones (not when no document was read)

    @property
    def exit_code(self) -> int:
        """0: everything read; 3: some files failed (partial); 1: nothing could be read."""
        if not self.n_documents:
            return 1
        return 3 if self.n_errors else 0


BLOCK_DOCUMENTS = 100  # about this many documents are validated and written as one block (a parquet row group)


@dataclass
class DocumentSummary:
    """What the build keeps of a document while others are processed: the rest waits in the cache."""
    file: str
    doc_id: str
    document: dict | None
    errors: list[dict]
    warnings: list[str]


def _summary(result: DocumentResult) -> DocumentSummary:
    return DocumentSummary(result.file, result.doc_id, result.document, list(result.errors), list(result.warnings))


def build(raw_dir: Path | str | None = None, out_dir: Path | str | None = None, settings: Settings | None = None,
          jobs: int = 1, scheduler: str | None = None, use_cache: bool = True, progress: bool = True,
          nlp=None) -> BuildReport:
    """Rebuild every table of ``out_dir`` from ``raw_dir``. Raw files are only read.

    ``nlp``: the pipeline of ``settings.model``, already loaded (``build --watch`` keeps one): documents
    processed in this process use it, and a few changed files are redone here rather than in a background
    worker that would load the model again.

    A raw folder that is missing (PA042) or holds no file (PA051), or a broken ``settings.taxonomy``, is
    refused before ``out_dir`` is touched; a build already writing into ``out_dir`` refuses this one
    (PA055). The tables and texts are written into a new build folder and replace the previous ones all
    at once (:class:`store.OutputFolder`), and only when at least one document was read: otherwise the
    report says ``replaced=False`` and the previous results stay. A build killed at any point leaves the
    previous results whole, and the next build removes what it left.

    Each document's result goes to the document cache (a scratch folder with ``use_cache=False``, which
    also clears the cache) as soon as it is made and is not kept in memory; the tables are then written in
    file order, a block of documents at a time, so memory stays flat however many documents there are.
    """
    from .taxonomy import load_taxonomy

    raw_dir = Path(raw_dir or config.raw_dir()).resolve()
    out_dir = Path(out_dir or config.processed_dir()).resolve()
    settings = settings or Settings()
    files, refused = discover(raw_dir)
    if not files and not refused:
        raise UserError("PA051", path=raw_dir)
    if not model_installed(settings.model):  # checked here: in a worker process it would break the pool
        raise UserError("PA057", model=settings.model)
    if settings.taxonomy:  # a missing or broken taxonomy file is one error now, not one per document
        if not Path(settings.taxonomy).is_file():
            raise UserError("PA042", path=settings.taxonomy, what="taxonomy file", cwd=os.getcwd())
        load_taxonomy(settings.taxonomy)
    out_dir.mkdir(parents=True, exist_ok=True)
    folder = OutputFolder(out_dir)
    with folder.lock():
        folder.remove_leftovers()
        if not use_cache:
            clear_cache(out_dir)
        new = folder.new_build()
        try:
            if nlp is not None:
                _WORKER_NLP[settings.model] = nlp
            report = _build_into(new, folder, raw_dir, files, refused, settings, jobs, scheduler, use_cache, progress,
                                 background_ok=nlp is None)
            report.out_dir, report.replaced = out_dir, report.n_documents > 0
            if report.replaced:
                folder.switch(new)
        finally:
            if folder.live() != new:
                folder.discard(new)
    return report


def model_installed(model: str) -> bool:
    """Whether spaCy can load ``model``: an installed package or a pipeline folder (without importing spaCy)."""
    from importlib.util import find_spec

    return (Path(model) / "meta.json").is_file() or (model.isidentifier() and find_spec(model) is not None)


def _build_into(new: Path, folder: OutputFolder, raw_dir: Path, files: list[Path], refused: list, settings: Settings,
                jobs: int, scheduler: str | None, use_cache: bool, progress: bool, background_ok: bool = True) -> BuildReport:
    """Process the documents and write every table and text into the build folder ``new``."""
    import tempfile

    out_dir = folder.path
    doc_ids = assign_doc_ids(files, raw_dir)
    errors: list[dict] = []
    warnings: list[str] = []
    try:
        manifest, problems = read_manifest(raw_dir)
    except ManifestError as exc:
        manifest, problems = {}, []
        errors.append(_error(MANIFEST_NAME, "", "PA021", "manifest", str(exc)))
    for p in problems:
        errors.append(_error(p.file, Path(p.file).stem, p.code, "manifest", p.message))
    for path, code, fields in refused:
        rel = path.relative_to(raw_dir)
        errors.append(_error(str(rel), bounded_id(rel.stem, rel), code, "read",
                             getattr(Errors, code).format(path=path, **fields)))

    scratch = None
    if use_cache:
        cache = DocumentCache(out_dir / ".cache" / "documents", settings.key())
    else:
        scratch = tempfile.TemporaryDirectory(prefix=".scratch-", dir=out_dir)
        cache = DocumentCache(Path(scratch.name), "nocache")
    try:
        entries: list[Entry] = []  # in file order
        seen_sha: dict[str, str] = {}
        todo: list[Task] = []
        n_cached = 0
        for path in files:
            rel = str(path.relative_to(raw_dir))
            doc_id = doc_ids[rel]
            try:
                sha = sha256_of(path)
            except OSError as exc:
                errors.append(_error(rel, doc_id, "PA060", "read", Errors.PA060.format(path=path, reason=exc.strerror)))
                continue
            if sha in seen_sha and path.stat().st_size > 0:
                errors.append(_error(rel, doc_id, "PA010", "duplicate",
                                     Errors.PA010.format(path=path, other=seen_sha[sha], sha256=sha)))
                continue
            seen_sha[sha] = rel
            row = manifest.get(rel)
            entries.append(Entry(rel, sha, row, doc_id))
            if use_cache and cache.has(sha, rel, doc_id, row):
                n_cached += 1
            else:
                todo.append(Task(path, raw_dir, row, settings, doc_id))
        shas = {e.rel: e.sha for e in entries}

        def keep(result: DocumentResult) -> None:  # its text goes to text/ when its block is made
            cache.put(shas[result.file], result, manifest.get(result.file))

        background = None
        if background_ok and n_cached and 0 < len(todo) <= BACKGROUND_AT_MOST and not scheduler:
            # a few changed files among many cached ones: a worker process loads the model and redoes them
            # while this one copies the unchanged blocks into the new tables
            background = BackgroundDocuments(todo, settings, keep)
        else:
            # results are consumed as they arrive (any order): cached at once and dropped, so an interrupted
            # build keeps what it finished and memory does not grow with the corpus
            for result in run_documents(todo, settings, jobs=jobs, scheduler=scheduler, progress=progress):
                keep(result)
        blocks = BlockCache(out_dir / ".cache" / "blocks") if use_cache else None
        try:
            report = write_outputs(_blocks(entries, cache, blocks, raw_dir, new, folder.live_text(), settings, background),
                                   new, errors, warnings, n_files=len(files) + len(refused), n_cached=n_cached,
                                   taxonomy=settings.taxonomy, progress=progress)
        finally:
            if background is not None:
                background.close()
        if blocks is not None:
            blocks.keep_only(blocks.used)
        return report
    finally:
        if scratch is not None:
            scratch.cleanup()


class Entry(NamedTuple):
    """A raw file the build makes a document of: its path relative to the raw folder, its sha256, its
    manifest row and its doc_id."""
    rel: str
    sha: str
    row: dict | None
    doc_id: str


BACKGROUND_AT_MOST = 16  # changed files a serial rebuild redoes in a worker process, overlapping the table writes


class BackgroundDocuments:
    """A few documents processed in one worker process while the caller goes on; :meth:`wait_for` blocks
    until they are done (and handed to ``on_result``) when the caller needs one of them. If the worker
    dies, the documents are processed here instead."""

    def __init__(self, tasks: list[Task], settings: Settings, on_result):
        self.tasks, self.on_result = tasks, on_result
        self.pending = {str(task.path.relative_to(task.raw_dir)) for task in tasks}
        self.pool = ProcessPoolExecutor(max_workers=1, initializer=_pool_init, initargs=(settings.model,))
        self.future = self.pool.submit(_run_chunk, tasks)

    def wait_for(self, files: Iterable[str]) -> None:
        if self.pending and not self.pending.isdisjoint(files):
            self.finish()

    def finish(self) -> None:
        if not self.pending:
            return
        try:
            results = self.future.result()
        except Exception as exc:  # a broken worker must not lose the documents
            log.warning("background worker failed (%s): processing %d file(s) here", exc, len(self.tasks))
            results = _run_chunk(self.tasks)
        for result in results:
            self.on_result(result)
        self.pending.clear()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _cached_results(entries: list[Entry], cache: "DocumentCache", raw_dir: Path,
                    settings: Settings) -> Iterator[DocumentResult]:
    """Every document's result in file order, from the cache (an unreadable entry is made again)."""
    for rel, sha, row, doc_id in entries:
        result = cache.get(sha, rel, doc_id, row)
        if result is None:
            log.warning("cache entry for %s is unreadable: processing it again", rel)
            result = process_document(raw_dir / rel, raw_dir, row, settings, doc_id, nlp=_worker_nlp(settings.model))
            cache.put(sha, result, row)
        yield result


@dataclass
class Block:
    """The rows of a run of consecutive documents, validated and encoded for every per-document table."""
    documents: list[dict]
    errors: list[dict]
    warnings: list[str]
    texts: list[str]  # names of the documents' files in text/
    tables: dict[str, EncodedBlock]


def make_block(results: Iterable[DocumentResult], out_dir: Path, previous_texts: Path | None = None) -> Block:
    results = list(results)
    block = Block([], [], [], [], {})
    for r in results:
        block.errors += r.errors
        block.warnings += r.warnings
        if r.document is not None:
            _keep_text_on_disk(r, out_dir, previous_texts)
            block.texts.append(f"{r.doc_id}.txt")
            block.documents.append(r.document)
    good = [r for r in results if r.document is not None]
    for name in DOCUMENT_TABLES:
        block.tables[name] = encode_block(name, _block([r.tables.get(name) for r in good], name))
    return block


class BlockCache:
    """Blocks of an earlier build, keyed by the cache entries of their documents: a rebuild re-reads and
    re-validates only the blocks with a changed document. Blocks not used by the last build are removed.

    One file per block: a JSON header (the documents' rows, errors, warnings, text names and the lengths of
    the streams) and every table's rows as Arrow IPC streams: data only, so loading an entry runs no code.
    An entry that is corrupt, of another format or of another shape counts as a miss and is made again.
    """
    MAGIC = b"PABLOCK1"
    SUFFIX = ".block"

    def __init__(self, root: Path):
        self.root = Path(root)
        self.used: set[str] = set()

    def get(self, key: str) -> Block | None:
        self.used.add(key)
        try:
            return block_from_bytes((self.root / f"{key}{self.SUFFIX}").read_bytes(), self.MAGIC)
        except Exception:  # missing, truncated, or not what block_from_bytes accepts
            return None

    def put(self, key: str, block: Block) -> None:
        self.used.add(key)
        atomic_write_bytes(self.root / f"{key}{self.SUFFIX}", block_to_bytes(block, self.MAGIC))

    def keep_only(self, keys: set[str]) -> None:
        for path in self.root.glob("*"):
            if path.suffix != self.SUFFIX or path.stem not in keys:  # entries of older formats too
                path.unlink(missing_ok=True)


def block_to_bytes(block: Block, magic: bytes) -> bytes:
    import pyarrow as pa

    streams = []
    for name in DOCUMENT_TABLES:
        for table in (block.tables[name].table, block.tables[name].csv):
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, table.schema) as writer:
                writer.write_table(table)
            streams.append(sink.getvalue().to_pybytes())
    header = json.dumps({"documents": block.documents, "errors": block.errors, "warnings": block.warnings,
                         "texts": block.texts, "streams": [len(b) for b in streams]}, ensure_ascii=False).encode()
    return magic + len(header).to_bytes(8, "big") + header + b"".join(streams)


def block_from_bytes(data: bytes, magic: bytes) -> Block | None:
    """The block :func:`block_to_bytes` wrote, or None when ``data`` is anything else."""
    import pyarrow as pa

    from .io import csv_schema

    if not data.startswith(magic):
        return None
    start = len(magic) + 8
    end = start + int.from_bytes(data[len(magic):start], "big")
    header = json.loads(data[start:end])
    if not _well_formed_header(header):
        return None
    tables, offset, sizes = {}, end, iter(header["streams"])
    for name in DOCUMENT_TABLES:
        parts = []
        for schema in (schemas.arrow_schema(name), csv_schema(name)):
            size = next(sizes)
            table = pa.ipc.open_stream(pa.py_buffer(data[offset:offset + size])).read_all()
            offset += size
            if not table.schema.equals(schema, check_metadata=False):
                return None
            table.validate(full=True)
            parts.append(table)
        tables[name] = EncodedBlock(name, *parts)
    if offset != len(data):
        return None
    return Block(header["documents"], header["errors"], header["warnings"], header["texts"], tables)


def _well_formed_header(header) -> bool:
    """The header of a block file: rows of documents and errors, warnings, plain text file names (they are
    linked into the new build), and a length for each table's two streams."""
    return (isinstance(header, dict) and _rows(header.get("documents"), schemas.DOCUMENTS)
            and _rows(header.get("errors"), schemas.ERRORS) and _strings(header.get("warnings"))
            and _strings(header.get("texts"))
            and all(t == os.path.basename(t) and t.endswith(".txt") and not t.startswith(".") for t in header["texts"])
            and isinstance(header.get("streams"), list) and len(header["streams"]) == 2 * len(DOCUMENT_TABLES)
            and all(isinstance(n, int) and n >= 0 for n in header["streams"]))


def block_runs(names: list[str], target: int = BLOCK_DOCUMENTS) -> list[tuple[int, int]]:
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


def _blocks(entries: list[Entry], cache: "DocumentCache", blocks: "BlockCache | None", raw_dir: Path, out_dir: Path,
            previous_texts: Path, settings: Settings, background: BackgroundDocuments | None = None) -> Iterator[Block]:
    """The build's blocks in file order: from the block cache when none of their documents changed, their
    texts linked from ``previous_texts`` (``background``: documents still being processed, waited for when a
    block needs one). Texts go to ``out_dir``/text."""
    import inspect

    from . import io

    names = [cache.name(sha, rel, doc_id, row) for rel, sha, row, doc_id in entries]
    # what a block's bytes depend on besides its documents: how blocks are made and encoded
    salt = hashlib.sha256((inspect.getsource(io) + inspect.getsource(make_block)).encode()).hexdigest()
    for start, end in block_runs([e.rel for e in entries], BLOCK_DOCUMENTS):
        key = hashlib.sha256("|".join([salt] + names[start:end]).encode()).hexdigest()[:24]
        block = blocks.get(key) if blocks is not None else None
        if block is not None and _adopt_texts(block.texts, previous_texts, out_dir / "text"):
            yield block
            continue
        if background is not None:
            background.wait_for(e.rel for e in entries[start:end])
        block = make_block(_cached_results(entries[start:end], cache, raw_dir, settings), out_dir, previous_texts)
        if blocks is not None and not any(e["code"] in TRANSIENT_CODES for e in block.errors):
            blocks.put(key, block)  # (a block with a transient error is made again next time, as its document)
        yield block
    if background is not None:
        background.finish()


def _adopt_texts(names: list[str], source: Path, dest: Path) -> bool:
    """Hard-link the texts ``names`` from the previous build's text folder into the new one (copy them where
    links fail); False when one is missing. A linked text is never written in place (_keep_text_on_disk)."""
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


def _keep_text_on_disk(result: DocumentResult, out_dir: Path, previous_texts: Path | None = None) -> DocumentResult:
    """Put a document's extracted text in text/ unless it is there already, and drop it from memory: a link
    to the previous build's copy when that is the same text, else a new file renamed into place (the one
    there may be linked from the previous build, and is never written in place)."""
    if result.document is not None and result.text:
        name = f"{result.doc_id}.txt"
        data = result.text.encode("utf-8")
        if not _same_bytes(out_dir / "text" / name, data) and not (
                previous_texts is not None and _same_bytes(previous_texts / name, data)
                and _adopt_texts([name], previous_texts, out_dir / "text")):
            atomic_write_bytes(out_dir / "text" / name, data)
        result.text = ""
    return result


def _same_bytes(path: Path, data: bytes) -> bool:
    return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data


def write_outputs(blocks: Iterable[Block], out_dir: Path, errors: list[dict], warnings: list[str],
                  n_files: int, n_cached: int = 0, taxonomy: str | None = None, progress: bool = False) -> BuildReport:
    """Write every table from blocks of per-document results (consumed once, in the order to write).

    Per-document tables are streamed block by block; only the clause table is kept for the corpus-wide
    tables (coverage, alignment, similarity).
    """
    import pyarrow as pa

    from .compare import align_clauses, council_similarity, scored_candidates
    from .coverage import coverage_matrix

    out_dir = Path(out_dir)
    documents_rows: list[dict] = []
    clause_tables: list = []
    sinks = {name: TableSink(name, out_dir) for name in DOCUMENT_TABLES}
    try:
        with tqdm(total=n_files, unit="doc", desc="tables", disable=not progress, leave=False) as bar:
            for block in blocks:
                errors += block.errors
                warnings += block.warnings
                documents_rows += block.documents
                for name, sink in sinks.items():
                    sink.write_encoded(block.tables[name])
                clause_tables.append(block.tables["clauses"].table)
                bar.update(len(block.documents))
        documents = pd.DataFrame(documents_rows, columns=list(schemas.DOCUMENTS.columns))
        write_table(documents, "documents", out_dir)  # first: it checks doc_ids are unique across documents
        for name in DOCUMENT_TABLES:
            sinks.pop(name).close()
    finally:
        for sink in sinks.values():
            sink.abort()
    clauses = table_frame("clauses", pa.concat_tables(clause_tables) if clause_tables else None)
    del clause_tables

    (out_dir / "text").mkdir(parents=True, exist_ok=True)
    write_table(pd.DataFrame(errors, columns=list(schemas.ERRORS.columns)), "errors", out_dir)
    write_table(coverage_matrix(clauses, documents, taxonomy=taxonomy), "coverage", out_dir)
    candidates = scored_candidates(clauses) if len(clauses) else None
    alignment = align_clauses(clauses, candidates=candidates)
    write_table(alignment, "alignment", out_dir)
    write_table(council_similarity(alignment, clauses, candidates=candidates), "similarity", out_dir)
    n_errors = sum(not is_warning(e["code"]) for e in errors)
    return BuildReport(out_dir, n_files, len(documents), len(clauses), n_errors, n_cached,
                       pd.DataFrame(errors, columns=list(schemas.ERRORS.columns)), warnings)


def _block(parts: list[dict[str, list] | None], name: str) -> pd.DataFrame:
    """One DataFrame of several documents' rows of a table (given as columns of lists)."""
    from itertools import chain

    parts = [p for p in parts if p]
    columns = list(schemas.TABLES[name].columns)
    if not parts:
        return schemas.empty(name)
    return pd.DataFrame({c: list(chain.from_iterable(p[c] for p in parts)) for c in columns}, columns=columns)


def clear_cache(out_dir: Path) -> None:
    shutil.rmtree(Path(out_dir) / ".cache", ignore_errors=True)


os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
