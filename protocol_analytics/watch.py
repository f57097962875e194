"""``build --watch``: rebuild the tables whenever a raw file is added, changed or removed.

The spaCy model is loaded once and kept. Each rebuild is an ordinary :func:`build.build` (staged in
``OUT/.builds``, made live by one switch of ``OUT/.current``, under ``OUT/.lock``) that takes every unchanged
file from the document cache, so only the changed files are read and parsed. A burst of changes (an
editor's save, a folder copied in) is gathered into one rebuild: the watcher waits until the raw folder
has been quiet for ``quiet_ms``, or at most ``max_ms``. A build error (a file that cannot be read, a
folder locked by another build) is reported and watching goes on.
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import config
from .build import build, model_installed
from .build.cache import clear_cache
from .build.files import IGNORED_NAMES
from .build.outputs import BuildReport
from .build.runners import BACKGROUND_AT_MOST
from .build.settings import Settings
from .errors import ProtocolAnalyticsError, is_warning, os_error
from .ingest.manifest import MANIFEST_NAME


@dataclass
class Rebuild:
    """One build of the watcher: what set it off, its report (or the error that stopped it) and its time."""
    started: datetime
    changes: dict[str, str]  # file (relative to the raw folder) -> "added", "changed" or "removed"
    seconds: float = 0.0
    report: BuildReport | None = None
    error: ProtocolAnalyticsError | None = None
    initial: bool = False
    new_errors: list[str] = field(default_factory=list)  # coded lines of the changed files' problems

    def line(self) -> str:
        """One line for the console: time, files changed, clauses, errors, seconds."""
        from .text import plural

        when = self.started.strftime("%H:%M:%S")
        if self.initial:
            what = "built"
        else:
            names = sorted(self.changes)
            shown = ", ".join(f"{n} ({self.changes[n]})" for n in names[:3]) + (" …" if len(names) > 3 else "")
            what = f"{plural(len(names), 'file')} changed: {shown}"
        if self.error is not None:
            return f"{when} {what}; not rebuilt: error {self.error.code}: {self.error}"
        r = self.report
        kept = "" if r.replaced else "; nothing could be read, the previous results were kept"
        return (f"{when} {what} -> {plural(r.n_documents, 'document')}, {plural(r.n_clauses, 'clause')}, "
                f"{plural(r.n_errors, 'error')} in {self.seconds:.2f} s{kept}")


class Watcher:
    """Build ``raw_dir`` into ``out_dir``, then rebuild on every change of the raw folder until :meth:`stop`.

    Args:
        jobs: worker processes for builds with many files to process (the first build, a folder copied in);
            a few changed files are processed in this process with the loaded model.
        quiet_ms: a rebuild starts once no change has come for this long …
        max_ms: … or this long after the first change of a burst, whichever comes first.

    Examples:
        >>> w = Watcher("data/raw", "data/processed")
        >>> w.stop()        # from another thread, or a callback: run() returns at its next wake-up
        >>> w.stopped.is_set()
        True
    """

    def __init__(self, raw_dir: Path | str, out_dir: Path | str, settings: Settings | None = None, jobs: int = 1,
                 scheduler: str | None = None, quiet_ms: int = 100, max_ms: int = 2000,
                 clear: bool = False, progress: bool = False):
        self.raw_dir = Path(raw_dir).resolve()
        self.out_dir = Path(out_dir).resolve()
        self.settings = settings or Settings()
        self.jobs, self.scheduler = jobs, scheduler
        self.quiet_ms, self.max_ms = quiet_ms, max_ms
        self.clear, self.progress = clear, progress
        self.stopped = threading.Event()

    def stop(self) -> None:
        """Make :meth:`run` return (after the rebuild in progress, if any)."""
        self.stopped.set()

    def run(self, on_rebuild: Callable[[Rebuild], None]) -> None:
        """The first build, then one rebuild per burst of changes, each handed to ``on_rebuild``; returns when
        :meth:`stop` is called. Ctrl-C raises KeyboardInterrupt (the previous results are kept)."""
        from watchfiles import watch

        from .errors import UserError

        if not self.raw_dir.is_dir():
            raise UserError("PA042", path=self.raw_dir, what="raw folder", cwd=os.getcwd())
        if not model_installed(self.settings.model):
            raise UserError("PA057", model=self.settings.model)
        from .nlp import default_nlp  # deferred for start-up speed

        default_nlp(self.settings.model)  # loaded once into the process's model cache, which every rebuild uses
        if self.clear:
            clear_cache(self.out_dir)
        # watching starts before the first build, so a file saved while it runs sets off a rebuild
        changes = watch(self.raw_dir, watch_filter=None, debounce=self.max_ms, step=self.quiet_ms,
                        stop_event=self.stopped, rust_timeout=max(self.quiet_ms, 100), yield_on_timeout=True,
                        raise_interrupt=True)
        try:
            next(changes)  # the first wake-up: the watcher is running
            on_rebuild(self._build({}, initial=True))
            for batch in changes:
                if self.stopped.is_set():
                    break
                changed = self.relevant(batch)
                if changed:
                    on_rebuild(self._build(changed))
        finally:
            changes.close()

    def relevant(self, batch) -> dict[str, str]:
        """The changes a build sees, by file relative to the raw folder: hidden files and folders, the
        output folder (when it is inside the raw folder) and files the build ignores are left out."""
        from watchfiles import Change

        kinds: dict[str, set] = {}
        for change, path in batch:
            path = Path(path)
            if path == self.out_dir or self.out_dir in path.parents or not path.is_relative_to(self.raw_dir):
                continue
            rel = path.relative_to(self.raw_dir)
            if any(part.startswith(".") for part in rel.parts) or (
                    rel.name in IGNORED_NAMES and rel.name != MANIFEST_NAME):
                continue
            kinds.setdefault(rel.as_posix(), set()).add(change)
        out = {}
        for rel, seen in sorted(kinds.items()):
            exists = (self.raw_dir / rel).exists()
            if not exists:
                if seen != {Change.added, Change.deleted}:  # (a file made and removed within a burst: nothing)
                    out[rel] = "removed"
            else:
                out[rel] = "added" if Change.added in seen and Change.deleted not in seen else "changed"
        return out

    def _build(self, changes: dict[str, str], initial: bool = False) -> Rebuild:
        rebuild = Rebuild(datetime.now(), changes, initial=initial)
        many = initial or len(changes) > BACKGROUND_AT_MOST
        start = time.perf_counter()
        try:
            rebuild.report = build(self.raw_dir, self.out_dir, self.settings, jobs=self.jobs if many else 1,
                                   scheduler=self.scheduler if many else None, progress=self.progress and many,
                                   background=False)
        except ProtocolAnalyticsError as exc:
            rebuild.error = exc
        except OSError as exc:
            rebuild.error = os_error(exc)
        rebuild.seconds = time.perf_counter() - start
        if rebuild.report is not None:
            rows = rebuild.report.errors
            mine = rows if initial else rows[rows["file"].isin(list(changes))]
            rebuild.new_errors = [f"{'warning' if is_warning(r.code) else 'error'} {r.code}: {r.message}"
                                  for r in mine.itertuples()]
        return rebuild


def watch_and_print(raw_dir, out_dir, settings: Settings, jobs: int = 1, scheduler: str | None = None,
                    clear: bool = False, progress: bool = True, figures: Path | None = None, echo=print) -> None:
    """The command line's ``build --watch``: one line per rebuild on stdout, each changed file's problems
    on stderr, until Ctrl-C (KeyboardInterrupt, left to the caller)."""
    import sys

    raw_dir = Path(raw_dir or config.raw_dir())
    out_dir = Path(out_dir or config.processed_dir())
    watcher = Watcher(raw_dir, out_dir, settings, jobs=jobs, scheduler=scheduler, clear=clear, progress=progress)

    def report(rebuild: Rebuild) -> None:
        for line in rebuild.new_errors:
            echo(line, file=sys.stderr)
        echo(rebuild.line(), flush=True)
        if rebuild.initial:
            echo(f"watching {raw_dir} for changes (Ctrl-C to stop)", flush=True)
        if figures is not None and rebuild.report is not None and rebuild.report.replaced:
            from .report import write_figures

            write_figures(out_dir, Path(figures))

    watcher.run(report)
