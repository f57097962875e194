"""Bounds on a build's work: a time limit per document, and worker processes that end with their build."""
from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class TimeLimitExceeded(BaseException):
    """Raised in the code that ran too long. A BaseException, so that a reader's ``except Exception`` does
    not take it for a failure of the file's format."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in the block if it runs longer than ``seconds`` (None or 0: no limit).

    A real-time timer (SIGALRM): it works in a process's main thread, which is where serial builds, pool
    workers and the background worker run documents; elsewhere (Dask's worker threads) there is no limit.
    The handler runs between Python bytecodes, so a long call into C ends before the limit takes effect.
    An outer timer (of a test runner, say) is put back afterwards with what is left of it.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise TimeLimitExceeded(f"over the {seconds:g} s limit")

    started = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, expire)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay:
            left = previous_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), previous_interval)


PARENT_POLL_S = 0.5


def exit_with_parent() -> None:
    """In a worker process: end it (os._exit) as soon as the process that started it is gone, killed
    with SIGKILL included, instead of running on as an orphan. Polls the parent's pid from a daemon thread."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_S)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
