"""The per-document step: read, check, segment, describe and tag one raw file (or a batch of them).

Nothing here raises for bad input: a file that fails comes back as a :class:`DocumentResult` carrying
its error rows. Results are columns of plain lists, cached by :mod:`.cache` under a key that covers the
code this module imports (:func:`.settings.per_document_sources`).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..analysis.routes import edge_rows
from ..columns import COLUMNS
from ..errors import Errors, IngestError
from ..frontmatter import document_metadata
from ..ingest import read_document
from ..ingest.manifest import sha256_of
from ..segment import segment_text
from ..segment.frame import clause_rows
from .limits import TimeLimitExceeded, time_limit
from .settings import Settings

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger("protocol_analytics")

# common English function words: a protocol has plenty of them, whoever it speaks to ("you will", "we can")
ENGLISH_WORDS = frozenset("the of and to a in is be that for by with as are or on it this not their any its you your we "
                          "our they them will shall must should may can at from has have was were if which who when "
                          "what all but".split())
DOCUMENT_TABLES = ("clauses", "tags", "statements", "escalation_edges")


@dataclass(frozen=True)
class DocumentTask:
    """One raw file to process, with what the per-document step needs (it pickles to workers)."""
    path: Path
    raw_dir: Path
    row: dict | None
    settings: Settings
    doc_id: str

    @property
    def file(self) -> str:
        """The file's path relative to the raw folder."""
        return str(self.path.relative_to(self.raw_dir))


@dataclass
class DocumentResult:
    """One document's rows of every per-document table, as columns of plain lists: they serialise (to the
    cache as JSON, between processes) much faster than small DataFrames and join into batches cheaply."""
    doc_id: str
    file: str
    document: dict | None = None
    tables: dict[str, dict[str, list]] = field(default_factory=dict)
    text: str = ""
    errors: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def frame(self, name: str) -> pd.DataFrame:
        """One of the document's tables as a DataFrame (empty when the document failed)."""
        import pandas as pd  # (not at import: the per-document step never loads pandas)

        from .. import schemas

        columns = self.tables.get(name)
        return pd.DataFrame(columns, columns=list(COLUMNS[name])) if columns else schemas.empty(name)


def columns_of_rows(rows: list[dict], name: str) -> dict[str, list]:
    """Rows (dicts) of the table ``name`` as its columns of plain lists."""
    return {c: [r[c] for r in rows] for c in COLUMNS[name]}


def word_count(texts: list[str]) -> int:
    """Words in ``texts``, split at whitespace (as the clause table's ``text.str.split()`` splits them)."""
    return sum(len(t.split()) for t in texts)


def english_share(text: str) -> float:
    words = [w.lower() for w in text.split()[:3000]]
    return sum(w in ENGLISH_WORDS for w in words) / max(len(words), 1)


def error_row(file: str, doc_id: str, code: str, stage: str, message: str) -> dict:
    """A row of the ``errors`` table."""
    return {"file": file, "doc_id": doc_id, "code": code, "stage": stage, "message": message}


@dataclass
class PreparedDocument:
    """A document read, segmented and given its metadata: what is left is the NLP and the tagging."""
    result: DocumentResult
    rows: list[dict]  # the clause table's rows, tags still empty
    meta: dict
    format: str
    sha256: str

    @property
    def clauses(self) -> pd.DataFrame:
        """The document's clause table (tags still empty)."""
        import pandas as pd  # (as in DocumentResult.frame)

        return pd.DataFrame(self.rows, columns=list(COLUMNS["clauses"]))


def prepare_document(task: DocumentTask) -> PreparedDocument | DocumentResult:
    """Read and segment one raw file, within the settings' time limit. Never raises for bad input: a file
    that fails comes back as a DocumentResult carrying its error."""
    result = DocumentResult(doc_id=task.doc_id, file=task.file)
    try:
        with time_limit(task.settings.time_limit):
            return _read_and_segment(task, result)
    except TimeLimitExceeded:
        result.text, result.warnings = "", []
        result.errors = [error_row(result.file, task.doc_id, "PA018", "read",
                                   Errors.PA018.format(path=task.path, limit=task.settings.time_limit))]
        return result


def _read_and_segment(task: DocumentTask, result: DocumentResult) -> PreparedDocument | DocumentResult:
    path, rel, doc_id = task.path, result.file, result.doc_id
    try:
        extracted = read_document(path, max_mb=task.settings.max_mb)
    except IngestError as exc:
        result.errors.append(error_row(rel, doc_id, exc.code, "read", str(exc)))
        return result
    except OSError as exc:  # the file cannot be read at all (permissions, a disk error)
        result.errors.append(error_row(rel, doc_id, "PA060", "read", Errors.PA060.format(path=path, reason=exc.strerror)))
        return result
    except Exception as exc:  # a reader bug must not stop the other files
        result.errors.append(error_row(rel, doc_id, "PA005", "read",
                                       Errors.PA005.format(path=path, fmt=path.suffix.lstrip("."), reason=repr(exc))))
        return result
    result.warnings += extracted.warnings
    result.errors += [error_row(rel, doc_id, code, "read", message) for code, message in extracted.notices]
    text = extracted.text
    result.text = text
    share = english_share(text)
    if share < 0.08:
        result.errors.append(error_row(rel, doc_id, "PA008", "segment", Errors.PA008.format(path=path, share=share)))
        return result
    seg = segment_text(text)
    if not seg.clauses:
        result.errors.append(error_row(rel, doc_id, "PA009", "segment", Errors.PA009.format(path=path)))
        return result
    meta = document_metadata(seg, path.stem, task.row)
    return PreparedDocument(result, clause_rows(seg, doc_id, meta["council"]), meta, extracted.format,
                            sha256_of(path))


def finish_document(prepared: PreparedDocument, settings: Settings, nlp=None, docs=None) -> DocumentResult:
    """Tag a prepared document (``docs``: its clauses already run through ``nlp``) and fill its result."""
    from ..tag import tag_rows  # deferred for start-up speed: spaCy is loaded only when a document is tagged

    result = prepared.result
    tagged = tag_rows(prepared.rows, nlp=nlp, taxonomy=settings.taxonomy, text=result.text, docs=docs)
    tags = tagged.tags + tagged.topic_tags
    result.tables = {"clauses": columns_of_rows(tagged.clauses, "clauses"), "tags": columns_of_rows(tags, "tags"),
                     "statements": columns_of_rows(tagged.statements, "statements"),
                     "escalation_edges": columns_of_rows(edge_rows(tagged.clauses, tags), "escalation_edges")}
    result.document = {
        "doc_id": result.doc_id, **prepared.meta, "source_file": result.file, "format": prepared.format,
        "sha256": prepared.sha256, "n_clauses": len(tagged.clauses),
        "n_words": word_count([r["text"] for r in tagged.clauses]),
        "text_file": f"text/{result.doc_id}.txt",
    }
    return result


def process_documents(tasks: list[DocumentTask], nlp,
                      prepared: list[PreparedDocument | DocumentResult] | None = None) -> list[DocumentResult]:
    """Read, segment and tag a batch of documents; the clauses of all of them go through ``nlp.pipe``
    together, so the model sees full batches however short each document is. ``prepared``: the tasks'
    documents read and segmented already (:func:`prepare_document`, in the same order)."""
    from ..nlp import PIPE_BATCH  # deferred for start-up speed, as in finish_document
    from ..nlp.reuse import pipe_clauses
    from ..tag import clause_docs

    prepared = [prepare_document(task) for task in tasks] if prepared is None else prepared
    ready = [(p, task) for p, task in zip(prepared, tasks) if isinstance(p, PreparedDocument)]
    try:
        docs = list(pipe_clauses(nlp, [d for p, _ in ready for d in clause_docs(p.rows, nlp, p.result.text)],
                                 PIPE_BATCH, reuse=not ready or ready[0][1].settings.reuse_parses))
    except Exception as exc:
        if len(ready) > 1:  # find the document that breaks the pipeline; the others go on
            return [r for task in tasks for r in process_documents([task], nlp)]
        docs, failure = None, exc
    done = iter(docs or [])
    for p, task in ready:
        try:
            if docs is None:
                raise failure
            finish_document(p, task.settings, nlp, [next(done) for _ in range(len(p.rows))])
        except Exception as exc:  # a bug in the rules must not stop the other files
            log.exception("tagging %s failed", p.result.file)
            p.result.errors.append(error_row(p.result.file, p.result.doc_id, "PA013", "tag",
                                             Errors.PA013.format(path=task.path, reason=repr(exc))))
            p.result.document, p.result.tables = None, {}
    return [p.result if isinstance(p, PreparedDocument) else p for p in prepared]


def process_document(task: DocumentTask, nlp=None) -> DocumentResult:
    """Read, segment and tag one raw file. Never raises for bad input: errors go in the result."""
    prepared = prepare_document(task)
    if not isinstance(prepared, PreparedDocument):
        return prepared
    return finish_document(prepared, task.settings, nlp)
