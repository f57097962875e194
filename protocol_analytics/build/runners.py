"""Where documents are processed: serially in batches, in a pool of worker processes, or in one
background worker while the build goes on (a Dask cluster is in :mod:`.distributed`)."""
from __future__ import annotations

import gc
import itertools
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager, nullcontext

from ..errors import UserError
from .documents import DocumentResult, DocumentTask, process_documents
from .limits import exit_with_parent
from .settings import Settings

log = logging.getLogger("protocol_analytics")

SERIAL_BATCH = 8  # documents whose clauses go through nlp.pipe together in a serial build
BACKGROUND_AT_MOST = 16  # changed files a serial rebuild redoes in a worker process, overlapping the table writes


def quiet_tokenizers() -> None:
    """Keep Hugging Face tokenizers (a transformer model) from starting threads in forked workers."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def require_dask(scheduler: str) -> None:
    """Raise PA059, naming the ``dask`` extra, when Dask's distributed scheduler is not installed."""
    try:
        import dask.distributed  # noqa: F401 (only checked here; the core never imports Dask)
    except ImportError as exc:
        raise UserError("PA059", scheduler=scheduler, reason=exc) from None


_BLAS_STARTED_WITH_ONE_THREAD = False  # numpy was imported here (or in the process this one forked from) with one
# BLAS thread: one_blas_thread_from_the_start


def one_blas_thread() -> None:
    """Keep numpy's BLAS to one thread in this process: worker processes already use every core. Nothing to do
    where numpy started with one (a rebuild's model worker, forked after :func:`one_blas_thread_from_the_start`:
    threadpoolctl's look through the loaded libraries took 10 ms of the worker's start)."""
    if _BLAS_STARTED_WITH_ONE_THREAD:
        return
    from threadpoolctl import threadpool_limits  # deferred for start-up speed: only worker processes need it

    threadpool_limits(limits=1, user_api="blas")


def one_blas_thread_from_the_start() -> None:
    """Import numpy with OpenBLAS starting one thread (the environment variable it reads when it loads, set for
    that moment only), unless numpy is loaded already: starting a thread a core takes OpenBLAS 35 ms."""
    global _BLAS_STARTED_WITH_ONE_THREAD
    if "numpy" in sys.modules:
        return
    saved = os.environ.get("OPENBLAS_NUM_THREADS")
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    try:
        import numpy

        _BLAS_STARTED_WITH_ONE_THREAD = _openblas(numpy)
    finally:
        if saved is None:
            del os.environ["OPENBLAS_NUM_THREADS"]
        else:
            os.environ["OPENBLAS_NUM_THREADS"] = saved


def _openblas(numpy) -> bool:
    """Whether ``numpy`` was built with OpenBLAS (which reads OPENBLAS_NUM_THREADS when it loads), from the build
    configuration numpy has loaded anyway."""
    try:
        return "openblas" in str(numpy.__config__.CONFIG["Build Dependencies"]["blas"]["name"]).lower()
    except (AttributeError, KeyError, TypeError):
        return False


def worker_nlp(model: str):
    """This process's pipeline for ``model`` (the one model cache: :func:`protocol_analytics.nlp.default_nlp`)."""
    from ..nlp import default_nlp, pipeline_loaded  # deferred for start-up speed: a build whose documents are all
    # cached needs no spaCy

    if pipeline_loaded():  # (only a load is done so: freezing what the process holds at every call would freeze
        # the garbage of each chunk before it is collected)
        return default_nlp(model)
    with loading(freeze=gc.get_freeze_count() > 0):  # (in a process that froze what it loaded, a command's, the
        # model is frozen with the rest: nlp.release_pipelines lets it go)
        return default_nlp(model)


def run_chunk(chunk: list[DocumentTask], prepared: list | None = None) -> list[DocumentResult]:
    """Process a list of documents with this process's pipeline (serial run, pool worker, Dask task);
    ``prepared``: read and segmented already (:func:`.documents.prepare_document`)."""
    return process_documents(chunk, worker_nlp(chunk[0].settings.model), prepared) if chunk else []


@contextmanager
def loading(freeze: bool = False):
    """Load modules or a model without the cyclic garbage collector: what they make lives as long as the
    process, and collecting it meanwhile only costs time (a third of pandas' and pandera's import).
    ``freeze``: then leave everything the process holds out of later collections (``gc.freeze``: for a
    worker process that has just loaded its model, or a build's process that has just loaded the tables'
    libraries for the first time; not for a long-lived process that had them, whose garbage would then never
    be collected)."""
    enabled, thresholds = gc.isenabled(), gc.get_threshold()
    gc.disable()
    gc.set_threshold(0)  # (no collection even if a library turns the collector back on: srsly does, after each
    # msgpack file it reads, and the model's weights are such files: 0.1-0.2 s of collections in a model's load)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if enabled:
            gc.enable()
        else:
            gc.disable()
        if freeze:
            gc.freeze()


def _pool_init(model: str) -> None:
    """Process-pool initializer: the worker ends with the build, holds one BLAS thread, and loads the
    model once, before the first document."""
    exit_with_parent()
    one_blas_thread()
    with loading(freeze=True):
        worker_nlp(model)


def run_here(chunk: list[DocumentTask]) -> list[DocumentResult]:
    """:func:`run_chunk` in this process while worker processes run too (numpy's BLAS held to one thread
    meanwhile: :func:`run_in_pool`)."""
    return run_chunk(chunk)


@contextmanager
def one_blas_thread_meanwhile():
    """numpy's BLAS held to one thread in this process meanwhile (once for a whole run: setting and restoring
    the limit took threadpoolctl 2.8 ms, for each of 50-60 chunks)."""
    from threadpoolctl import threadpool_limits  # deferred for start-up speed, as in one_blas_thread

    with threadpool_limits(limits=1, user_api="blas"):
        yield


def run_in_pool(tasks: list[DocumentTask], settings: Settings, jobs: int) -> Iterator[DocumentResult]:
    """Chunks of documents on ``jobs`` processes: ``jobs - 1`` worker processes and this one, which takes
    the next chunk itself whenever no worker's result is waiting (so ``jobs`` processes hold the model, not
    ``jobs + 1``, and this one's share shrinks as writing the tables keeps it busy). This process loads the
    model before it starts the workers, which are forked with it (where processes start so). A few chunks are in
    flight at the workers; results stream back as they finish, so neither the pending futures nor the
    finished results pile up in memory."""
    from ..nlp import pipeline_loaded  # deferred for start-up speed, as in worker_nlp

    jobs = min(jobs, len(tasks))
    keep_model = pipeline_loaded()  # (build --watch keeps its model; a build that loads one for its share drops it)
    with one_blas_thread_meanwhile():
        yield from _pool_results(tasks, settings, jobs, keep_model)


def _pool_results(tasks: list[DocumentTask], settings: Settings, jobs: int, keep_model: bool):
    """:func:`run_in_pool`'s results (``keep_model``: this process keeps its model once it has no chunk left)."""
    from ..nlp import release_pipelines  # deferred for start-up speed, as in worker_nlp

    chunks = iter(pool_chunks(tasks, jobs))
    left = len(tasks)  # documents not handed out yet
    here = True  # this process takes chunks too, until it drops its model
    workers = jobs - 1
    worker_nlp(settings.model)  # (this process's, loaded before the workers start: forked, they have it too, and
    # do not load it again, 0.45 s of CPU a worker; started another way, each loads its own in _pool_init)
    load_before_fork(settings, tasks)
    with ProcessPoolExecutor(max_workers=workers, initializer=_pool_init, initargs=(settings.model,)) as pool:
        pending: set = set()

        def take() -> list | None:
            nonlocal left
            chunk = next(chunks, None)
            left -= len(chunk or ())
            return chunk

        def submit() -> None:  # keep each worker busy, with its next chunk queued
            while len(pending) < 2 * workers:
                chunk = take()
                if chunk is None:
                    return
                pending.add(pool.submit(run_chunk, chunk))

        submit()
        while True:
            done = {future for future in pending if future.done()}
            if not done:
                if here and (keep_model or left > TAIL_TO_WORKERS):
                    chunk = take()
                    if chunk is not None:
                        yield from run_here(chunk)
                        continue
                if here and not keep_model:
                    release_pipelines()  # (the model is not needed here any more: the workers take what is left)
                    here = False
                if not pending:
                    return
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
            pending -= done
            submit()
            for future in done:
                yield from future.result()


def load_before_fork(settings: Settings, tasks: list[DocumentTask]) -> None:
    """Load what every process loads on its first document, in this process before it forks the pool's workers
    (which then have it too): the topic taxonomy's and the segmentation's compiled patterns, the learned topic,
    role and escalation models, the tagging modules and, for a run with web pages, the HTML reader's parser.
    This process would load them for its own first chunk anyway; each forked worker loaded them again
    (0.15-0.2 s of CPU a worker, on its first chunk)."""
    from ..nlp import pipeline_lexicon
    from ..rules.segmentation import packaged_rules
    from ..rules.taxonomy import load_taxonomy
    from ..tag import model_for_lexicon, role_model_for_lexicon
    from ..topic_model import model_for_taxonomy

    with loading():
        load_taxonomy(settings.taxonomy)
        model_for_taxonomy(settings.taxonomy)
        packaged_rules()
        lex = pipeline_lexicon(worker_nlp(settings.model))
        model_for_lexicon(lex)
        role_model_for_lexicon(lex)
        if any(task.path.suffix.lower() in (".html", ".htm") for task in tasks):
            import bs4  # noqa: F401  (what ingest.html imports when it reads its first page)


CHUNK_AT_MOST = 8  # documents in one chunk of a process pool
TAIL_TO_WORKERS = 2  # the last documents of a run, left to the worker processes by a process that drops its model
# after its last chunk: it drops it (a full collection, 0.1 s) while they finish them, not after, on one core


def pool_chunks(tasks: list, jobs: int) -> list[list]:
    """``tasks`` cut into chunks for ``jobs`` processes: at most CHUNK_AT_MOST, and a quarter of a process's
    share of what is left, so the chunks get smaller towards the end and the processes finish together (the
    last chunk of 8 held one core for 0.4 s while the other had nothing left).

    >>> [len(c) for c in pool_chunks(list(range(40)), 2)]
    [5, 4, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    """
    chunks, start = [], 0
    while start < len(tasks):
        size = max(1, min(CHUNK_AT_MOST, (len(tasks) - start) // (jobs * 4)))
        chunks.append(tasks[start:start + size])
        start += size
    return chunks


def run_serially(tasks: list[DocumentTask], progress_bar=None) -> Iterator[DocumentResult]:
    """Batches of SERIAL_BATCH documents in this process (a model it loads for them is dropped after the last),
    numpy's BLAS held to one thread meanwhile: OpenBLAS's other threads spin between the model's small matrix
    products, so a --jobs 1 build of 300 synthetic protocols took 38-39 s of CPU and 41-43 s of wall with a thread
    a core, and 20 s of CPU and 22-25 s of wall with one (perf14, load 3-5)."""
    one_blas_thread_from_the_start()  # (numpy not loaded yet: loaded so, threadpoolctl not needed)
    with nullcontext() if _BLAS_STARTED_WITH_ONE_THREAD else one_blas_thread_meanwhile():
        yield from _serial_results(tasks, progress_bar)


def _serial_results(tasks: list[DocumentTask], progress_bar=None) -> Iterator[DocumentResult]:
    """:func:`run_serially`'s results."""
    from ..nlp import pipeline_loaded, release_pipelines  # deferred for start-up speed, as in worker_nlp

    keep_model = pipeline_loaded()
    for i in range(0, len(tasks), SERIAL_BATCH):
        results = run_chunk(tasks[i:i + SERIAL_BATCH])
        if i + SERIAL_BATCH >= len(tasks) and not keep_model:
            release_pipelines()
        for result in results:
            if progress_bar is not None:
                progress_bar.update()
            yield result


def run_documents(tasks: list[DocumentTask], settings: Settings, jobs: int = 1, scheduler: str | None = None,
                  progress: bool = True) -> Iterator[DocumentResult]:
    """Process documents serially, in `jobs` processes, or on a Dask cluster; yields results as they finish
    (in completion order: callers key them by ``result.file``)."""
    bar = dict(total=len(tasks), unit="doc", desc="protocols", disable=not progress or not tasks)
    if not tasks:
        return
    from tqdm.auto import tqdm  # (not at import: tqdm.auto loads asyncio, and a rebuild's start-up waits for it)
    if scheduler:
        require_dask(scheduler)
        from .distributed import run_on_dask  # deferred for start-up speed: dask is optional and slow to import

        yield from tqdm(run_on_dask(tasks, scheduler), **bar)
    elif jobs > 1 and len(tasks) > 1:  # (jobs - 1 worker processes and this one)
        yield from tqdm(run_in_pool(tasks, settings, jobs), **bar)
    else:
        with tqdm(**bar) as progress_bar:
            yield from run_serially(tasks, progress_bar)


class StreamedDocuments:
    """The results of a run of documents, pulled as the batches need them (:func:`batches.build_batches`): each
    handed to ``on_result`` (the cache) on arrival and kept in memory until its batch takes it, so a cold
    build writes its tables while the workers go on and never reads its own results back from the cache.
    Results arrive nearly in file order (a few chunks in flight), so few wait in memory."""

    def __init__(self, results: Iterable[DocumentResult], files: Iterable[str], on_result):
        self.results, self.on_result = iter(results), on_result
        self.source = self.results  # (what close closes)
        self.pending = set(files)
        self.ready: dict[str, DocumentResult] = {}

    def start(self) -> None:
        """Start the run now (a generator runs from its first result): its worker processes start while the
        caller goes on to other work before it takes a result. Closed if it fails to start."""
        try:
            first = next(self.results, None)
        except BaseException:
            self.close()
            raise
        if first is not None:
            self.results = itertools.chain([first], self.results)

    def take(self, file: str) -> DocumentResult | None:
        """The result of ``file`` (None: not one of this run's, read it from the cache)."""
        if file not in self.pending:
            return None
        while file not in self.ready:
            result = next(self.results)
            self.on_result(result)
            self.ready[result.file] = result
        self.pending.discard(file)
        return self.ready.pop(file)

    def wait_for(self, files: Iterable[str]) -> None:
        """(Results are taken one by one: nothing to wait for.)"""

    def finish(self) -> None:
        """Hand every result not taken yet to ``on_result`` (a file no batch asked for)."""
        for result in self.results:
            self.on_result(result)
        self.pending.clear()

    def close(self) -> None:
        close = getattr(self.source, "close", None)
        if close is not None:
            close()  # (a generator: its pool shuts down)


class ModelWorker:
    """One worker process that loads the model as soon as it starts, before it is told which documents to
    process: a rebuild starts it before it knows which files changed (:func:`likely_to_parse`), so the model
    loads while the files are hashed. :meth:`run` hands it the documents, once; :meth:`stop` ends it, at
    once if it was never needed (it is killed, not waited for)."""

    def __init__(self, model: str):
        import multiprocessing

        context = multiprocessing.get_context()  # (the start method a process pool would use)
        self._conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, model), name="protocol-analytics-model",
                                       daemon=True)
        self.process.start()
        child.close()

    def run(self, tasks: list[DocumentTask], prepared: list | None = None) -> None:
        """Hand the worker its documents (``prepared``: read and segmented already, in the same order)."""
        self._conn.send((tasks, prepared))

    def done(self) -> bool:
        """Whether the result is there (or the worker is gone)."""
        return self._conn.poll()

    def result(self) -> list[DocumentResult]:
        """The documents' results; raises what the worker raised, or EOFError when it died."""
        ok, value = self._conn.recv()
        if not ok:
            raise value
        return value

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self._conn.close()


def _serve(conn, model: str) -> None:
    """A :class:`ModelWorker`'s process: load the model, then process the documents it is sent (None: none)."""
    _pool_init(model)
    tasks, prepared = conn.recv() or (None, None)
    if tasks:
        try:
            reply = (True, run_chunk(tasks, prepared))
        except Exception as exc:  # (handed to the build, which processes the documents itself)
            reply = (False, exc)
        conn.send(reply)
    conn.close()


class BackgroundDocuments:
    """A few documents processed in one worker process (``worker``: one already loading the model, else one
    started now) while the caller goes on; :meth:`wait_for` blocks until they are done (and handed to
    ``on_result``) when the caller needs one of them. If the worker dies, the documents are processed here
    instead. ``prepared``: the documents read and segmented by the caller (the worker tags them)."""

    def __init__(self, tasks: list[DocumentTask], settings: Settings, on_result, while_waiting=None,
                 worker: ModelWorker | None = None, prepared: list | None = None):
        self.tasks, self.on_result = tasks, on_result
        self.while_waiting = while_waiting  # what the caller needs later, done the first time it would wait
        self.pending = {task.file for task in tasks}
        self.worker = worker or ModelWorker(settings.model)
        try:
            self.worker.run(tasks, prepared)
        except OSError:  # (the worker is gone already: finish processes the documents here)
            pass

    def take(self, file: str) -> None:
        """(Results go to the cache: read them from there.)"""
        return None

    def wait_for(self, files: Iterable[str]) -> None:
        if self.pending and not self.pending.isdisjoint(files):
            if self.while_waiting is not None and not self.worker.done():
                self.while_waiting()  # (the worker is still loading the model: this process would be idle)
            self.while_waiting = None
            self.finish()

    def finish(self) -> None:
        if not self.pending:
            return
        try:
            results = self.worker.result()
        except Exception as exc:  # a broken worker must not lose the documents
            log.warning("background worker failed (%r): processing %d file(s) here", exc, len(self.tasks))
            results = run_chunk(self.tasks)
        for result in results:
            self.on_result(result)
        self.pending.clear()

    def close(self) -> None:
        self.worker.stop()
