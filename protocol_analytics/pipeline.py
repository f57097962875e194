"""The build: raw folder -> processed tables.

The per-document stage (:func:`process_document`: read, segment, tag, topics)
is pure and cached by the file's content hash and the code's own hash, so a
re-run redoes only changed files. It runs serially, in worker processes, or
on a Dask cluster. Corpus-wide tables (coverage, comparison, escalation
routes) are computed from the per-document results afterwards.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd
from tqdm.auto import tqdm

from . import __version__, config, schemas
from .errors import Errors, IngestError, ManifestError
from .ingest import read_document, supported_suffixes
from .io import atomic_write_bytes, atomic_write_text, write_table
from .manifest import MANIFEST_NAME, read_manifest, sha256_of
from .metadata import (council_from_domain, council_from_filename, council_type_of, find_council_name,
                       front_matter_fields)
from .segment import segment_text

log = logging.getLogger("protocol_analytics")

IGNORED_NAMES = {MANIFEST_NAME, "README.md", "README.txt", ".gitkeep", ".DS_Store"}
ENGLISH_WORDS = frozenset("the of and to a in is be that for by with as are or on it this not their any its".split())


@dataclass
class Settings:
    model: str = field(default_factory=config.model_name)
    max_mb: float = 50.0
    taxonomy: str | None = None  # a user's topic file instead of the packaged one

    def key(self) -> str:
        """Hash of everything a document's result depends on besides its bytes."""
        h = hashlib.sha256(f"{__version__}|{self.model}|{self.max_mb}".encode())
        for path in sorted(config.PACKAGE_DIR.rglob("*")):
            if path.suffix in (".py", ".yaml", ".yml", ".jsonl", ".json") and "__pycache__" not in path.parts:
                h.update(path.read_bytes())
        if self.taxonomy:
            h.update(Path(self.taxonomy).read_bytes())
        return h.hexdigest()[:16]


@dataclass
class DocumentResult:
    doc_id: str
    file: str
    document: dict | None = None
    clauses: pd.DataFrame | None = None
    tags: pd.DataFrame | None = None
    statements: pd.DataFrame | None = None
    text: str = ""
    errors: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def discover_files(raw_dir: Path) -> list[Path]:
    """Raw files the build reads, in a stable order (hidden files and the manifest skipped)."""
    files = []
    for path in sorted(Path(raw_dir).rglob("*")):
        if not path.is_file() or path.name in IGNORED_NAMES or any(p.startswith(".") for p in path.relative_to(raw_dir).parts):
            continue
        files.append(path)
    return files


def english_share(text: str) -> float:
    words = [w.lower() for w in text.split()[:3000]]
    return sum(w in ENGLISH_WORDS for w in words) / max(len(words), 1)


def _error(file: str, doc_id: str, code: str, stage: str, message: str) -> dict:
    return {"file": file, "doc_id": doc_id, "code": code, "stage": stage, "message": message}


def document_metadata(seg, doc_id: str, row: dict | None) -> dict:
    """Council, type, nation and front-matter fields: manifest first, then the document, then the file name."""
    row = row or {}
    found = find_council_name(seg.front_matter) or find_council_name([seg.title])
    source = "document"
    if not found:
        found = council_from_domain(seg.front_matter)
        source = "domain"
    if not found:
        found = council_from_filename(doc_id)
        source = "filename"
    council = row.get("council") or found
    if row.get("council"):
        source = "manifest"
    fields = front_matter_fields(seg.front_matter, seg.title, council)
    kind = row.get("council_type") or council_type_of(council)
    nation = row.get("nation", "")
    if not nation and re.search(r"\b(?:cyngor|community council)\b", " ".join(seg.front_matter + [council]), re.I):
        nation = "Wales"
    return {"council": council, "council_source": source, "council_type": kind, "nation": nation,
            "title": seg.title, **fields, "front_matter": " | ".join(seg.front_matter)}


def process_document(path: Path, raw_dir: Path, row: dict | None, settings: Settings, nlp=None) -> DocumentResult:
    """Read, segment and tag one raw file. Never raises for bad input: errors go in the result."""
    from .tag import tag_document

    rel = str(path.relative_to(raw_dir))
    doc_id = path.stem
    result = DocumentResult(doc_id=doc_id, file=rel)
    try:
        extracted = read_document(path, max_mb=settings.max_mb)
    except IngestError as exc:
        result.errors.append(_error(rel, doc_id, exc.code, "read", str(exc)))
        return result
    except Exception as exc:  # a reader bug must not stop the other files
        result.errors.append(_error(rel, doc_id, "PA005", "read",
                                    Errors.PA005.format(path=path, fmt=path.suffix.lstrip("."), reason=repr(exc))))
        return result
    result.warnings += extracted.warnings
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
    meta = document_metadata(seg, doc_id, row)
    clauses = clauses_frame(seg, doc_id, meta["council"])
    clauses, tags, statements = tag_document(clauses, nlp=nlp, taxonomy=settings.taxonomy, text=text)
    result.clauses, result.tags, result.statements = clauses, tags, statements
    result.document = {
        "doc_id": doc_id, **meta, "source_file": rel, "format": extracted.format,
        "sha256": sha256_of(path), "n_clauses": len(clauses),
        "n_words": int(clauses["text"].str.split().str.len().sum()),
        "text_file": f"text/{doc_id}.txt",
    }
    return result


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

_WORKER_NLP = None


def _worker_nlp(model: str):
    global _WORKER_NLP
    if _WORKER_NLP is None:
        from .nlp import make_nlp

        _WORKER_NLP = make_nlp(model)
    return _WORKER_NLP


def _run_one(args) -> DocumentResult:
    path, raw_dir, row, settings = args
    return process_document(path, raw_dir, row, settings, nlp=_worker_nlp(settings.model))


class DocumentCache:
    """Per-document results on disk, keyed by the file's sha256 and the settings' key."""

    def __init__(self, root: Path, settings_key: str):
        self.root = Path(root)
        self.key = settings_key

    def _path(self, sha: str) -> Path:
        return self.root / f"{sha}-{self.key}.pkl"

    def get(self, sha: str) -> DocumentResult | None:
        path = self._path(sha)
        if not path.exists():
            return None
        try:
            with open(path, "rb") as fh:
                return pickle.load(fh)
        except Exception:
            return None

    def put(self, sha: str, result: DocumentResult) -> None:
        atomic_write_bytes(self._path(sha), pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))


def run_documents(tasks: list[tuple], settings: Settings, jobs: int = 1, scheduler: str | None = None,
                  progress: bool = True) -> Iterator[DocumentResult]:
    """Process documents serially, in `jobs` processes, or on a Dask cluster; yields results as they finish."""
    bar = dict(total=len(tasks), unit="doc", desc="protocols", disable=not progress or not tasks)
    if scheduler:
        from .distributed import run_on_dask

        yield from tqdm(run_on_dask(tasks, scheduler), **bar)
    elif jobs > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from tqdm(pool.map(_run_one, tasks, chunksize=max(1, len(tasks) // (jobs * 8))), **bar)
    else:
        for task in tqdm(tasks, **bar):
            yield _run_one(task)


@dataclass
class BuildReport:
    out_dir: Path
    n_files: int
    n_documents: int
    n_clauses: int
    n_errors: int
    n_cached: int
    errors: pd.DataFrame
    warnings: list[str]

    @property
    def exit_code(self) -> int:
        """0: everything read; 3: some files failed (partial); 1: nothing could be read."""
        if self.n_errors and not self.n_documents:
            return 1
        return 3 if self.n_errors else 0


def build(raw_dir: Path | str | None = None, out_dir: Path | str | None = None, settings: Settings | None = None,
          jobs: int = 1, scheduler: str | None = None, use_cache: bool = True, progress: bool = True) -> BuildReport:
    """Rebuild every table of ``out_dir`` from ``raw_dir``. Raw files are only read."""
    raw_dir = Path(raw_dir or config.raw_dir()).resolve()
    out_dir = Path(out_dir or config.processed_dir()).resolve()
    settings = settings or Settings()
    out_dir.mkdir(parents=True, exist_ok=True)
    errors: list[dict] = []
    warnings: list[str] = []
    try:
        manifest, problems = read_manifest(raw_dir)
    except ManifestError as exc:
        manifest, problems = {}, []
        errors.append(_error(MANIFEST_NAME, "", "PA021", "manifest", str(exc)))
    for p in problems:
        errors.append(_error(p.file, Path(p.file).stem, p.code, "manifest", p.message))

    files = discover_files(raw_dir)
    cache = DocumentCache(out_dir / ".cache" / "documents", settings.key()) if use_cache else None
    results: dict[str, DocumentResult] = {}
    seen_sha: dict[str, str] = {}
    todo: list[tuple] = []
    shas: dict[str, str] = {}
    n_cached = 0
    for path in files:
        rel = str(path.relative_to(raw_dir))
        sha = sha256_of(path)
        if sha in seen_sha and path.stat().st_size > 0:
            errors.append(_error(rel, path.stem, "PA010", "duplicate",
                                 Errors.PA010.format(path=path, other=seen_sha[sha], sha256=sha)))
            continue
        seen_sha[sha] = rel
        shas[rel] = sha
        cached = cache.get(sha) if cache else None
        if cached is not None and cached.file == rel:
            results[rel] = cached
            n_cached += 1
        else:
            todo.append((path, raw_dir, manifest.get(rel), settings))
    for result in run_documents(todo, settings, jobs=jobs, scheduler=scheduler, progress=progress):
        results[result.file] = result
        if cache:
            cache.put(shas[result.file], result)

    ordered = [results[str(p.relative_to(raw_dir))] for p in files if str(p.relative_to(raw_dir)) in results]
    return write_outputs(ordered, out_dir, errors, warnings, n_files=len(files), n_cached=n_cached,
                         taxonomy=settings.taxonomy)


def write_outputs(results: list[DocumentResult], out_dir: Path, errors: list[dict], warnings: list[str],
                  n_files: int, n_cached: int = 0, taxonomy: str | None = None) -> BuildReport:
    from .compare import align_clauses, council_similarity
    from .coverage import coverage_matrix
    from .escalation import escalation_edges

    good = [r for r in results if r.document is not None]
    for r in results:
        errors += r.errors
        warnings += r.warnings
    documents = pd.DataFrame([r.document for r in good], columns=list(schemas.DOCUMENTS.columns))
    clauses = _concat([r.clauses for r in good], "clauses")
    tags = _concat([r.tags for r in good], "tags")
    statements = _concat([r.statements for r in good], "statements")

    text_dir = out_dir / "text"
    text_dir.mkdir(parents=True, exist_ok=True)
    for r in good:
        atomic_write_text(text_dir / f"{r.doc_id}.txt", r.text)

    write_table(documents, "documents", out_dir)
    write_table(clauses, "clauses", out_dir)
    write_table(tags, "tags", out_dir)
    write_table(statements, "statements", out_dir)
    write_table(pd.DataFrame(errors, columns=list(schemas.ERRORS.columns)), "errors", out_dir)
    write_table(coverage_matrix(clauses, documents, taxonomy=taxonomy), "coverage", out_dir)
    alignment = align_clauses(clauses)
    write_table(alignment, "alignment", out_dir)
    write_table(council_similarity(alignment, clauses), "similarity", out_dir)
    write_table(escalation_edges(clauses, tags), "escalation_edges", out_dir)
    return BuildReport(out_dir, n_files, len(documents), len(clauses), len(errors), n_cached,
                       pd.DataFrame(errors, columns=list(schemas.ERRORS.columns)), warnings)


def _concat(frames: Iterable[pd.DataFrame | None], name: str) -> pd.DataFrame:
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return schemas.empty(name)
    return pd.concat(frames, ignore_index=True)


def clear_cache(out_dir: Path) -> None:
    shutil.rmtree(Path(out_dir) / ".cache", ignore_errors=True)


os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
