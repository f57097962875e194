"""Run the per-document stage on a Dask cluster.

``scheduler`` is ``"local"`` (a LocalCluster on this machine: 2 worker processes, one thread each, no
dashboard) or the address of a running scheduler (``tcp://host:8786``). Workers import
protocol_analytics and load the spaCy model once each (the one model cache,
:func:`protocol_analytics.nlp.default_nlp`); they must see the raw files at the same paths and run the same version
of the package. Both are checked before any document is sent; each worker's BLAS is held to one thread.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Iterator

from dask.distributed import Client, LocalCluster, as_completed

from .. import __version__
from ..errors import UserError
from .documents import DocumentTask
from .runners import one_blas_thread, quiet_tokenizers, run_chunk, worker_nlp

log = logging.getLogger("protocol_analytics")


def _worker_check(paths: list[str], model: str) -> dict:
    """Runs on each worker: package version, which sample raw files it can read, and a warmed-up model."""
    quiet_tokenizers()
    one_blas_thread()  # a Dask worker is one process among others on its machine
    missing = [p for p in paths if not os.path.isfile(p)]
    error = ""
    try:
        worker_nlp(model)
    except Exception as exc:  # reported below, with the worker's address
        error = f"{type(exc).__name__}: {exc}"
    return {"version": __version__, "missing": missing, "error": error}


def check_workers(client, tasks: list[DocumentTask]) -> None:
    """Fail early, naming the worker, if one runs another package version, lacks the model or the files."""
    sample = sorted({str(t.path) for t in tasks[:3]} | {str(tasks[-1].path)})
    model = tasks[0].settings.model
    problems = []
    for worker, info in client.run(_worker_check, sample, model).items():
        if info["version"] != __version__:
            problems.append(f"{worker} runs protocol_analytics {info['version']}, this client {__version__}")
        if info["missing"]:
            problems.append(f"{worker} cannot see {info['missing'][0]} (raw files must be on a shared path)")
        if info["error"]:
            problems.append(f"{worker} cannot load the model '{model}': {info['error']}")
    if problems:
        raise UserError("PA058", problems="; ".join(problems))


def run_on_dask(tasks: list[DocumentTask], scheduler: str, n_workers: int | None = None,
                chunksize: int | None = None) -> Iterator:
    """Yield each task's DocumentResult as it finishes (completion order)."""
    if not tasks:
        return
    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(n_workers=n_workers or 2, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.WARNING)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        check_workers(client, tasks)
        n = max(1, len(client.scheduler_info().get("workers", {})))
        size = chunksize or max(1, min(8, len(tasks) // (n * 4)))
        chunks = [tasks[i:i + size] for i in range(0, len(tasks), size)]
        # no list of futures is kept: a result leaves the cluster's memory once it has been yielded
        finished = as_completed(client.map(run_chunk, chunks, pure=False))
        for future in finished:
            results = future.result()
            future.release()
            yield from results
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
