"""The output folder: one build at a time, and its results replaced all at once.

Layout of an output folder ``OUT``::

    OUT/.builds/<build id>/      one build's tables (NAME.parquet, NAME.csv) and extracted texts (text/)
    OUT/.current                 a symbolic link to the live build: .builds/<build id>
    OUT/NAME.parquet, NAME.csv   symbolic links to .current/NAME.parquet …, and OUT/text to .current/text
    OUT/.lock                    held (flock) by the build writing into OUT, and naming it
    OUT/.cache/                  the per-document and per-batch caches

A build writes everything into a new folder under ``.builds`` and, once every table and text is there,
points ``.current`` at it with one ``rename(2)``: whoever opens ``OUT/clauses.parquet`` or
``OUT/text/X.txt`` gets the previous build or the new one, never a mix, whenever the build is killed.
Anything a killed build leaves behind (its folder under ``.builds``, ``.*.tmp`` files, ``.scratch-*``
folders) is removed by the next build into ``OUT``.

The lock is an advisory ``flock`` on ``OUT/.lock``: the kernel releases it when its holder dies, so a
lock left by a killed build is simply taken over; the file names the holder (pid, host, start time) for
the message of a build that finds it taken.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..columns import COLUMNS
from ..errors import UserError

BUILDS = ".builds"
CURRENT = ".current"
LOCK = ".lock"
TEXT = "text"

log = logging.getLogger("protocol_analytics")


def entry_names() -> list[str]:
    """The names in OUT that lead into the live build: every table's files and the text folder."""
    return [f"{name}.{ext}" for name in COLUMNS for ext in ("parquet", "csv")] + [TEXT]


_HELD_LOCKS: set[int] = set()  # lock file descriptors this process holds


def _drop_inherited_locks() -> None:
    """In a forked worker: close the parent's lock descriptors, so the lock ends with the parent."""
    for fd in list(_HELD_LOCKS):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_drop_inherited_locks)


class OutputFolder:
    def __init__(self, path: Path):
        self.path = Path(path)

    # ------------------------------------------------------------------ lock

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold OUT/.lock for a build, or raise PA055 naming the build that holds it."""
        fd = os.open(self.path / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise UserError("PA055", path=self.path, pid=holder.get("pid", "?"), host=holder.get("host", "?"),
                             started=holder.get("started", "?")) from None
        except OSError as exc:  # a file system without locks (some network or FUSE mounts)
            log.warning("%s: cannot lock the output folder (%s); building without a lock", self.path, exc)
        _HELD_LOCKS.add(fd)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                      "started": time.strftime("%Y-%m-%d %H:%M:%S")}).encode(), 0)
            yield
        finally:
            _HELD_LOCKS.discard(fd)
            os.close(fd)  # releases the flock

    # ---------------------------------------------------------------- builds

    def live(self) -> Path | None:
        """The live build's folder, or None before the first build of this layout."""
        link = self.path / CURRENT
        if not link.is_symlink():
            return None
        target = self.path / os.readlink(link)
        return target if target.is_dir() else None

    def live_text(self) -> Path:
        """The folder holding the live build's texts (OUT/text, a link or, before this layout, a folder)."""
        return self.path / TEXT

    def remove_leftovers(self) -> None:
        """Remove what killed builds left: build folders other than the live one, temporary files and
        scratch folders. Only called while holding the lock."""
        live = self.live()
        for folder in (self.path / BUILDS).glob("*"):
            if live is None or folder.name != live.name:
                _remove(folder)
        # (.cache/*/*.pkl: entries of the pickle cache of earlier versions, which are never loaded;
        # .cache/blocks: the batch cache of earlier versions, now .cache/batches)
        for pattern in (".*.tmp", ".scratch-*", f"{TEXT}/.*.tmp", ".cache/.*.tmp", ".cache/*/.*.tmp", ".cache/*/*.pkl", ".cache/blocks"):
            for leftover in self.path.glob(pattern):
                _remove(leftover)

    def new_build(self) -> Path:
        """A new, empty build folder (with its text/ folder), not yet live."""
        folder = self.path / BUILDS / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{secrets.token_hex(3)}"
        (folder / TEXT).mkdir(parents=True)
        return folder

    def switch(self, build: Path, remove: bool = True) -> list[Path]:
        """Make ``build`` the live build in one step, then remove the one it replaces; ``remove=False`` leaves
        that to the caller (:func:`remove_in_background`). Returns the folders of the builds replaced."""
        _replace_with_link(self.path / CURRENT, os.path.join(BUILDS, build.name))
        for name in entry_names():  # links made once; a folder of the layout before is moved aside
            entry = self.path / name
            target = os.path.join(CURRENT, name)
            if entry.is_symlink() and os.readlink(entry) == target:
                continue
            if entry.is_dir() and not entry.is_symlink():
                entry.rename(self.path / BUILDS / f"{entry.name}-{secrets.token_hex(3)}.old")
            _replace_with_link(entry, target)
        replaced = [folder for folder in (self.path / BUILDS).glob("*") if folder.name != build.name]  # (only one
        # build runs at a time)
        for folder in replaced if remove else ():
            _remove(folder)
        return replaced

    def discard(self, build: Path) -> None:
        _remove(build)


def remove_in_background(paths: list[Path]) -> None:
    """Remove ``paths`` (builds no longer live) in a process of their own that this one does not wait for: a
    command's build ends once its results are live, not once the disk has freed the replaced build's files
    (0.01-0.1 s of a rebuild on this machine, its ext4 mounted with ``discard``). Whatever that process leaves,
    killed or not started, the next build removes (:meth:`OutputFolder.remove_leftovers`); where it cannot
    start, the folders are removed here."""
    if not paths:
        return
    try:
        subprocess.Popen([sys.executable, "-I", "-S", "-c", _REMOVE, *map(str, paths)], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except (OSError, ValueError):  # (no interpreter to start: an embedded Python, a process limit)
        for path in paths:
            _remove(path)


# (a folder that is live again by the time this runs, OUT put back from a copy, is left alone)
_REMOVE = ("import os, shutil, sys\n"
           "for path in sys.argv[1:]:\n"
           f"    live = os.path.realpath(os.path.join(os.path.dirname(os.path.dirname(path)), {CURRENT!r}))\n"
           "    if os.path.realpath(path) != live:\n"
           "        shutil.rmtree(path, ignore_errors=True)\n")


def _replace_with_link(path: Path, target: str) -> None:
    """Put a symbolic link to ``target`` at ``path`` in one step (rename over whatever file is there)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    os.symlink(target, tmp)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _read_holder(fd: int) -> dict:
    try:
        holder = json.loads(os.pread(fd, 4096, 0).decode() or "{}")
    except (OSError, ValueError):
        return {}
    return holder if isinstance(holder, dict) else {}


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
