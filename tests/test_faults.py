"""Faults (issue #12, point 7): a build killed at any point leaves the previous results whole or the new
ones complete, never a mix of the two; the next build removes what the killed one left and gives tables
identical to a clean build. Also: a full disk at any write, and pool workers outliving a killed build.

The build goes from corpus A (state A) to corpus B (one file changed, one removed, one added): every table
and text of OUT must afterwards hash like a clean build of A or a clean build of B.
"""
from __future__ import annotations

import errno
import itertools
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from protocol_analytics.build import Settings, batches, build, cache, store
from protocol_analytics.cli import main
from protocol_analytics.io import TableSink
from protocol_analytics.nlp import default_nlp
from test_reliability import _alive, snapshot, write_corpus

_COPIES = itertools.count()
CORPUS_A = {"alpha.txt": "Alpha", "beta.txt": "Beta", "gamma.txt": "Gamma", "delta.txt": "Delta"}


@pytest.fixture(scope="module")
def states(tmp_path_factory, nlp):
    root = tmp_path_factory.mktemp("faults")
    raw_a = write_corpus(root / "raw-a", CORPUS_A)
    corpus_b = {k: v for k, v in CORPUS_A.items() if k != "gamma.txt"} | {"epsilon.txt": "Epsilon"}
    raw_b = write_corpus(root / "raw-b", corpus_b)
    with open(raw_b / "beta.txt", "a", encoding="utf-8") as fh:
        fh.write("\n4. Gifts\n\n4.1 Officers must not accept gifts from councillors.\n")
    clean_a, clean_b = root / "clean-a", root / "clean-b"
    build(raw_a, clean_a, use_cache=False, progress=False)
    build(raw_b, clean_b, use_cache=False, progress=False)
    template = root / "out-a"  # OUT after a build of A, its cache warm: the starting point of every fault
    build(raw_a, template, progress=False)
    default_nlp(Settings().model)  # loaded once here, inherited by forked builds
    return {"root": root, "raw_b": raw_b, "A": snapshot(clean_a), "B": snapshot(clean_b), "template": template}


def fresh_out(states, name: str) -> Path:
    """A copy of the template at a path not used before: a finished build removes the build it replaced in a
    process it does not wait for, by path, so a copy put back at the same path could lose that folder."""
    out = states["root"] / f"{name}-{next(_COPIES)}"
    shutil.copytree(states["template"], out, symlinks=True)
    assert snapshot(out) == states["A"]
    return out


def assert_whole(states, out: Path) -> str:
    """'A' or 'B': OUT holds one build's results entirely."""
    got = snapshot(out)
    assert got in (states["A"], states["B"]), "a mix of two builds: " + ", ".join(
        name for name in sorted(set(got) | set(states["B"])) if got.get(name) not in (states["A"].get(name),
                                                                                        states["B"].get(name)))
    return "A" if got == states["A"] else "B"


# Everything the build writes goes through one of these; REMOVALS are what it deletes
WRITES = [(TableSink, "write_encoded"), (TableSink, "close"), (cache, "atomic_write_bytes"), (batches, "atomic_write_bytes"),
          (os, "replace"), (os, "rename"), (os, "symlink"), (os, "link"), (os, "mkdir"), (shutil, "copyfile")]
REMOVALS = [(os, "unlink"), (shutil, "rmtree")]
# what can fail for lack of space (os.mkdir is left out: Path.mkdir(exist_ok=True) rightly ignores its errors
# for a folder that exists, where a full disk cannot stop it either)
FILLING = [call for call in WRITES if call != (os, "mkdir")]


def hook_writes(monkeypatch, at: int, act, calls=WRITES + REMOVALS) -> list[int]:
    """Call ``act()`` just before the ``at``-th of ``calls`` in this process (later ones run normally);
    returns a list whose length is the number of calls seen."""
    seen: list[int] = []
    me = os.getpid()
    for owner, name in calls:
        real = getattr(owner, name)

        def hooked(*args, _real=real, **kwargs):
            if os.getpid() == me:
                seen.append(1)
                if len(seen) == at:
                    act()
            return _real(*args, **kwargs)

        monkeypatch.setattr(owner, name, hooked)
    return seen


def build_in_child(states, out: Path, kill_at: int) -> int:
    """Build B into OUT in a forked copy of this process that dies (os._exit, no clean-up at all, like
    kill -9) just before its ``kill_at``-th write; returns the child's exit status (0: it finished)."""
    pid = os.fork()
    if pid == 0:
        try:
            mp = pytest.MonkeyPatch()
            hook_writes(mp, kill_at, lambda: os._exit(9))
            build(states["raw_b"], out, progress=False)
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def count_writes(states, monkeypatch, calls=WRITES + REMOVALS) -> int:
    out = fresh_out(states, "count")
    seen = hook_writes(monkeypatch, 0, lambda: None, calls)
    build(states["raw_b"], out, progress=False)
    monkeypatch.undo()
    assert snapshot(out) == states["B"]
    return len(seen)


def test_a_build_killed_before_any_of_its_writes_leaves_old_or_new_results_whole(states, monkeypatch):
    n = count_writes(states, monkeypatch)
    assert n > 20
    rng = random.Random(20)
    points = sorted({1, 2, n - 2, n - 1, n} | set(rng.sample(range(3, n - 2), min(14, n - 5))))
    seen = []
    for k in points:
        out = fresh_out(states, "killed")
        assert build_in_child(states, out, k) == 9, k
        seen.append(assert_whole(states, out))
        assert not (out / ".lock").exists() or _lock_is_free(out)
    assert seen[0] == "A" and "B" in seen  # the kill points span the switch
    report = build(states["raw_b"], out, progress=False)  # the rerun after the last kill
    assert report.exit_code == 0 and snapshot(out) == states["B"]
    assert len(list((out / ".builds").iterdir())) == 1 and not list(out.glob(".*.tmp"))


def _lock_is_free(out: Path) -> bool:
    try:
        with store.OutputFolder(out).lock():
            return True
    except Exception:
        return False


def test_a_full_disk_at_any_write_is_one_coded_line_and_keeps_the_results_whole(states, monkeypatch, capsys):
    n = count_writes(states, monkeypatch, FILLING)
    rng = random.Random(21)
    for k in sorted({1, n - 1, n} | set(rng.sample(range(2, n - 1), min(8, n - 3)))):
        out = fresh_out(states, "full")

        def disk_full(out=out):
            raise OSError(errno.ENOSPC, "No space left on device", str(out))

        hook_writes(monkeypatch, k, disk_full, FILLING)
        code = main(["build", str(states["raw_b"]), "--out", str(out), "--quiet"])
        monkeypatch.undo()
        err = capsys.readouterr().err
        assert code == 6 and err.strip().splitlines()[-1].startswith("error PA054: ") and "Traceback" not in err
        assert assert_whole(states, out) == "A"
        assert not list(out.glob(".*.tmp")) and len(list((out / ".builds").iterdir())) == 1
        assert build(states["raw_b"], out, progress=False).exit_code == 0 and snapshot(out) == states["B"]


def _children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return kids


def test_a_build_killed_by_sigkill_at_random_moments_leaves_results_whole_and_no_workers(states):
    """The real thing: `protocol-analytics build --jobs 2` killed with SIGKILL after a random delay."""
    command = [sys.executable, "-m", "protocol_analytics", "build", str(states["raw_b"]), "--jobs", "2", "--quiet"]
    out = fresh_out(states, "timed")
    started = time.monotonic()
    subprocess.run(command + ["--out", str(out)], check=True, capture_output=True, timeout=600)
    duration = time.monotonic() - started
    rng = random.Random(22)
    for delay in sorted(rng.uniform(0.2, duration) for _ in range(3)):
        out = fresh_out(states, "timed")
        proc = subprocess.Popen(command + ["--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        workers: set[int] = set()
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline and proc.poll() is None:
            workers.update(_children(proc.pid))
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert_whole(states, out)
        limit = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < limit:
            time.sleep(0.1)
        assert not any(_alive(w) for w in workers), "pool workers outlived the killed build"
    report = build(states["raw_b"], out, progress=False)
    assert report.exit_code == 0 and snapshot(out) == states["B"]
