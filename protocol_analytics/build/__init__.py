"""The build: raw folder -> processed tables.

Its steps, one module each:

- :mod:`.files`: which raw files are read, and each one's doc_id;
- :mod:`.documents`: the per-document step (read, check, segment, front matter, tag), pure;
- :mod:`.settings` and :mod:`.cache`: the key of a document's result and the cache that keeps it;
- :mod:`.runners` and :mod:`.distributed`: serially, in worker processes, or on a Dask cluster;
- :mod:`.batches`: runs of documents validated and encoded once, cached for rebuilds;
- :mod:`.outputs`: every table written, then the corpus-wide ones (coverage, comparison);
- :mod:`.store` and :mod:`.limits`: the output folder replaced all at once, a time limit per file.

:func:`build` runs them; a re-run redoes only changed files.

Start-up: until it knows which files changed, a build imports only the standard library and the package's
light modules, so that the background worker of a small rebuild starts at once (before the files are hashed,
when their stamps say one was written since the last build: :func:`likely_to_parse`) and loads spaCy while
this process loads pandas, pandera and pyarrow for the tables (:func:`_build_into`); neither loads what the
other needs, and a rebuild with nothing to parse never loads spaCy in this process.
"""
from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

from .. import config
from ..errors import Errors, ManifestError, UserError
from ..ingest.manifest import MANIFEST_NAME, read_manifest, sha256_of
from ..rules.literals import kept_in
from ..rules.taxonomy import load_taxonomy
from .cache import DocumentCache, clear_cache
from .documents import DocumentResult, DocumentTask, PreparedDocument, error_row, prepare_document
from .files import RawFile, assign_doc_ids, bounded_id, discover
from .record import RECORD_NAME, BuildReport, inputs_key, kept_report, write_record
from .runners import (
    BACKGROUND_AT_MOST,
    BackgroundDocuments,
    ModelWorker,
    StreamedDocuments,
    loading,
    one_blas_thread_from_the_start,
    quiet_tokenizers,
    run_documents,
)
from .settings import Settings
from .store import OutputFolder, remove_in_background

__all__ = ["BuildReport", "Settings", "build", "model_installed"]

log = logging.getLogger("protocol_analytics")
LITERALS_FOLDER = "literals"  # in the build's cache folder: the rule files' literal prefilters (rules/literals.py)


def build(raw_dir: Path | str | None = None, out_dir: Path | str | None = None, settings: Settings | None = None,
          jobs: int = 1, scheduler: str | None = None, use_cache: bool = True, progress: bool = True,
          background: bool = True, detached_cleanup: bool = False) -> BuildReport:
    """Rebuild every table of ``out_dir`` from ``raw_dir``. Raw files are only read.

    A raw folder that is missing (PA042) or holds no file (PA051), or a broken ``settings.taxonomy``, is
    refused before ``out_dir`` is touched; a build already writing into ``out_dir`` refuses this one
    (PA055). The tables and texts are written into a new build folder and replace the previous ones all
    at once (:class:`store.OutputFolder`), and only when at least one document was read: otherwise the
    report says ``replaced=False`` and the previous results stay. A build killed at any point leaves the
    previous results whole, and the next build removes what it left.

    Each document's result goes to the document cache (a scratch folder with ``use_cache=False``, which
    also clears the cache) as soon as it is made and is not kept in memory; the tables are then written in
    file order, a batch of documents at a time, so memory stays flat however many documents there are.

    ``background=False`` parses a few changed files in this process, with the pipeline it already holds
    (``build --watch``), instead of in a background worker that would load the model again.
    ``detached_cleanup=True`` (the ``build`` command) leaves the removal of the build it replaced to a process
    that outlives this one (:func:`.store.remove_in_background`); by default it is removed before ``build``
    returns.
    """
    quiet_tokenizers()
    raw_dir = Path(raw_dir or config.raw_dir()).resolve()
    out_dir = Path(out_dir or config.processed_dir()).resolve()
    settings = settings or Settings()
    files, refused = discover(raw_dir)
    if not files and not refused:
        raise UserError("PA051", path=raw_dir)
    if not model_installed(settings.model):  # checked here: in a worker process it would break the pool
        raise UserError("PA057", model=settings.model)
    # the rule files' literal prefilters are kept with the cache, for the processes of the next build
    with kept_in(out_dir / ".cache" / LITERALS_FOLDER if use_cache else None):
        return _build_in(raw_dir, out_dir, settings, files, refused, jobs, scheduler, use_cache, progress, background,
                         detached_cleanup)


def _build_in(raw_dir: Path, out_dir: Path, settings: Settings, files: list[Path], refused: list, jobs: int,
              scheduler: str | None, use_cache: bool, progress: bool, background: bool,
              detached_cleanup: bool) -> BuildReport:
    """:func:`build` once its arguments are checked."""
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
        worker = None
        try:
            # a rebuild that will likely parse a changed file starts loading the model now, while it finds out which
            if background and use_cache and not scheduler and likely_to_parse([*files, raw_dir / MANIFEST_NAME],
                                                                               folder.live()):
                share_with_worker(settings)
                worker = ModelWorker(settings.model)
            report, inputs = _build_into(new, folder, raw_dir, files, refused, settings, jobs, scheduler, use_cache,
                                         progress, background, worker)
            if not report.kept:
                report.out_dir, report.replaced = out_dir, report.n_documents > 0
            if report.replaced and not report.kept:
                if use_cache:
                    write_record(new, inputs, report)
                replaced = folder.switch(new, remove=not detached_cleanup)
                if detached_cleanup:
                    remove_in_background(replaced)
        finally:
            if worker is not None:
                worker.stop()
            if folder.live() != new:
                folder.discard(new)
    return report


def likely_to_parse(paths: list[Path], live: Path | None) -> bool:
    """Whether a rebuild will likely parse a file: one of ``paths`` (the raw files and the manifest) written,
    created or renamed since the live build ``live`` was recorded. A guess from the files' stamps (the build
    decides from their hashes), which only tells whether to start loading the model before they are hashed."""
    try:
        since = (live / RECORD_NAME).stat().st_mtime_ns if live is not None else None
    except OSError:
        return False
    for path in paths if since is not None else ():
        try:
            stat = path.stat()
        except OSError:
            continue
        if max(stat.st_mtime_ns, stat.st_ctime_ns) >= since:
            return True
    return False


def share_with_worker(settings: Settings) -> None:
    """Load what this process and a background worker both need before the worker forks from this one, so
    that it is loaded once: numpy, the topic taxonomy's and the segmentation's compiled patterns (the worker
    tags with them; this process counts coverage and cuts the changed files for the corpus-wide tables).

    numpy loaded here starts one BLAS thread, not one a core (35 ms less): the worker holds BLAS to one thread
    anyway (:func:`.runners.one_blas_thread`), and this process multiplies no matrices. So are the libraries
    that the tables' (pandera) and spaCy both load (SHARED_LIBRARIES: 66 ms that each process loaded for
    itself after the fork)."""
    import importlib

    with loading(freeze="numpy" not in sys.modules):  # (frozen in a command's process, as in _build_into)
        one_blas_thread_from_the_start()

        from ..rules.segmentation import packaged_rules

        load_taxonomy(settings.taxonomy)
        packaged_rules()
        for name in SHARED_LIBRARIES:
            try:
                importlib.import_module(name)
            except ImportError:  # (another version that does without it: each process loads what it needs)
                pass


# libraries both the build's own process (pandas, pandera, pyarrow) and the model's worker (spaCy, thinc,
# confection) load: pydantic's models (pandera's configuration, spaCy's and confection's schemas), package
# metadata (entry points), numpy's random generators, tqdm; and the standard library's and packaging's modules
# both load (ssl, tarfile, gzip, difflib, gettext, packaging.version: 11 ms that each process loaded for itself)
SHARED_LIBRARIES = ("pydantic.main", "pydantic.types", "pydantic.json_schema", "pydantic.fields", "pydantic.root_model",
                    "importlib.metadata", "numpy.random", "tqdm", "ssl", "tarfile", "gzip", "difflib", "gettext",
                    "packaging.version")


def warm_up(settings: Settings) -> None:
    """Load what the corpus-wide tables and the table files need (the taxonomy, the Parquet and CSV writers,
    the schemas' checks) while a background worker parses the changed files: the time a rebuild would
    otherwise spend waiting."""
    with loading():
        import pandas as pd
        import pyarrow.csv  # noqa: F401 (imported for io.TableSink)
        import pyarrow.parquet  # noqa: F401

        from .. import schemas

        load_taxonomy(settings.taxonomy)
        schemas.validate("errors", pd.DataFrame({c: ["-"] for c in schemas.ERRORS.columns}))  # (the pandas
        # operations a validation uses, loaded on their first call)


def prepare_here(todo: list[DocumentTask]) -> list[PreparedDocument | DocumentResult] | None:
    """The documents of ``todo`` read and segmented in this process (:func:`.documents.prepare_document`), or
    None if that raised (a bug, not bad input: the worker then does it, and reports what it finds)."""
    try:
        return [prepare_document(task) for task in todo]
    except Exception:
        log.exception("reading the changed files failed here; the worker reads them")
        return None


def early_corpus(todo: list[DocumentTask], entries: list[tuple[str, str]], live: Path | None, new: Path,
                 cache_dir: Path, settings: Settings, prepared: list | None = None):
    """Alignment and similarity written into the build folder ``new`` while the background worker tags the
    changed documents: their clauses, as this process read and segmented them (``prepared``, in the order of
    ``todo``; read now when None), are all those tables need (:func:`.corpus.early_tables`). None when they
    cannot be made so (the build makes them later)."""
    from .corpus import early_tables

    changed = {}
    try:
        for task, done in zip(todo, prepared or [None] * len(todo)):
            done = prepare_document(task) if done is None else done
            changed[task.file] = ((done.meta["council"], done.rows) if isinstance(done, PreparedDocument)
                                  else None)
        return early_tables(entries, changed, live, new, cache_dir, settings.taxonomy)
    except OSError:  # (the disk, not the shortcut: as for any other write of the build)
        raise
    except Exception:  # (a shortcut only: whatever else goes wrong here, the build makes the tables as usual)
        log.exception("making the corpus-wide tables early failed; they are made after the documents")
        return None


def model_installed(model: str) -> bool:
    """Whether spaCy can load ``model``: an installed package or a pipeline folder (without importing spaCy)."""
    return config.spacy_model_folder(model) is not None


def _build_into(new: Path, folder: OutputFolder, raw_dir: Path, files: list[Path], refused: list, settings: Settings,
                jobs: int, scheduler: str | None, use_cache: bool, progress: bool,
                background_ok: bool = True, worker: ModelWorker | None = None) -> tuple[BuildReport, str]:
    """Process the documents and write every table and text into the build folder ``new``; or, when nothing
    changed since the live build was made (:mod:`.record`), leave ``new`` empty and return the live build's
    report (``kept``). Returns the report and the key of the build's inputs. ``worker``: a worker process
    already loading the model, for the changed files of a small rebuild (stopped if there is none)."""
    out_dir = folder.path
    doc_ids = assign_doc_ids(files, raw_dir)
    errors: list[dict] = []
    warnings: list[str] = []
    try:
        manifest, problems = read_manifest(raw_dir)
    except ManifestError as exc:
        manifest, problems = {}, []
        errors.append(error_row(MANIFEST_NAME, "", "PA021", "manifest", str(exc)))
    for p in problems:
        errors.append(error_row(p.file, Path(p.file).stem, p.code, "manifest", p.message))
    for path, code, fields in refused:
        rel = path.relative_to(raw_dir)
        errors.append(error_row(str(rel), bounded_id(rel.stem, rel), code, "read",
                                getattr(Errors, code).format(path=path, **fields)))

    scratch = None
    if use_cache:
        cache = DocumentCache(out_dir / ".cache" / "documents", settings.key(out_dir / ".cache"))
    else:
        scratch = tempfile.TemporaryDirectory(prefix=".scratch-", dir=out_dir)
        cache = DocumentCache(Path(scratch.name), "nocache")
    try:
        entries: list[RawFile] = []  # in file order
        seen_sha: dict[str, str] = {}
        todo: list[DocumentTask] = []
        n_cached = 0
        for path in files:
            rel = str(path.relative_to(raw_dir))
            doc_id = doc_ids[rel]
            try:
                sha = sha256_of(path)
            except OSError as exc:
                errors.append(error_row(rel, doc_id, "PA060", "read", Errors.PA060.format(path=path, reason=exc.strerror)))
                continue
            if sha in seen_sha and path.stat().st_size > 0:
                errors.append(error_row(rel, doc_id, "PA010", "duplicate",
                                        Errors.PA010.format(path=path, other=seen_sha[sha], sha256=sha)))
                continue
            seen_sha[sha] = rel
            row = manifest.get(rel)
            entries.append(RawFile(rel, sha, row, doc_id))
            if use_cache and cache.has(sha, rel, doc_id, row):
                n_cached += 1
            else:
                todo.append(DocumentTask(path, raw_dir, row, settings, doc_id))
        shas = {e.rel: e.sha for e in entries}
        names = [cache.name(e.sha, e.rel, e.doc_id, e.row) for e in entries]  # (each document's cache entry)
        inputs = inputs_key(settings, names, errors, len(files) + len(refused)) if use_cache else ""
        small = background_ok and n_cached and 0 < len(todo) <= BACKGROUND_AT_MOST and not scheduler
        if worker is not None and not small:
            worker.stop()  # (started on a guess: nothing to parse, or more than one worker's share)
            worker = None
        if use_cache and not todo:
            kept = kept_report(folder.live(), inputs, out_dir)
            if kept is not None:
                kept.n_cached = n_cached
                return kept, inputs

        def keep(result: DocumentResult) -> None:  # its text goes to text/ when its batch is made
            cache.put(shas[result.file], result, manifest.get(result.file))

        background = None
        early: list = []  # the corpus-wide tables made while the worker parses (early_corpus)
        if small:
            # a few changed files among many cached ones: a worker process loads the model and redoes them
            # while this one copies the unchanged batches into the new tables; if it has to wait for them, it
            # makes the corpus-wide tables that need no tag meanwhile
            def while_waiting() -> None:
                warm_up(settings)
                if use_cache:
                    early.append(early_corpus(todo, [(e.rel, n) for e, n in zip(entries, names)], folder.live(),
                                              new, out_dir / ".cache", settings, prepared))

            if worker is None:
                share_with_worker(settings)
                worker = ModelWorker(settings.model)
            # the changed files read and segmented once, here, while the worker loads the model: it tags them, and
            # the corpus-wide tables made while it does read their clauses
            prepared = prepare_here(todo)
            background = BackgroundDocuments(todo, settings, keep, while_waiting=while_waiting, worker=worker,
                                             prepared=prepared)
        elif todo:
            # results are pulled as the batches need them (they arrive in any order): each cached at once, so
            # an interrupted build keeps what it finished, and dropped once its batch is made, so memory does
            # not grow with the corpus
            background = StreamedDocuments(run_documents(todo, settings, jobs=jobs, scheduler=scheduler,
                                                         progress=progress), (t.file for t in todo), keep)
            if jobs > 1 or scheduler:  # the worker processes start now, and load the model while this one loads
                # the tables' libraries (below), not after
                background.start()
        # imported now: the background worker has started without them, and needs none of them. A build that loads
        # them (a command's process, not a notebook's or a test session's, which has them already) leaves what it
        # holds then out of later collections: the collector would go through it at each one (0.1 s of a rebuild)
        with loading(freeze="pandas" not in sys.modules):
            from .batches import BatchCache, build_batches
            from .outputs import write_outputs

        batches = BatchCache(out_dir / ".cache" / "batches") if use_cache else None
        try:
            batch_stream = build_batches(entries, cache, batches, raw_dir, new, folder.live_text(), settings, background)
            report = write_outputs(batch_stream, new, errors, warnings, n_files=len(files) + len(refused),
                                   n_cached=n_cached, taxonomy=settings.taxonomy, progress=progress,
                                   doc_keys={e.rel: name for e, name in zip(entries, names)},
                                   cache_dir=out_dir / ".cache" if use_cache else None,
                                   early=early)
            if batches is not None:
                batches.wait()
        finally:
            if background is not None:
                background.close()
            if batches is not None:
                batches.wait(raise_errors=False)
        if batches is not None:
            batches.keep_only(batches.used)
        return report, inputs
    finally:
        if scratch is not None:
            scratch.cleanup()
