"""Run the per-document stage on a Dask cluster.

``scheduler`` is ``"local"`` (a LocalCluster on this machine) or the address of a
running scheduler (``tcp://host:8786``). Workers import protocol_analytics and
load the spaCy model once each; they must see the raw files at the same paths.
"""
from __future__ import annotations

from typing import Iterator


def run_on_dask(tasks: list[tuple], scheduler: str, n_workers: int | None = None) -> Iterator:
    from dask.distributed import Client, LocalCluster, as_completed

    from .pipeline import _run_one

    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(n_workers=n_workers or 2, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        futures = client.map(_run_one, tasks, pure=False)
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
