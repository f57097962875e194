"""`build --watch` (issue #16, item 5): the tables follow the raw folder, one rebuild per burst of changes."""
from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import fixtures as fx
from protocol_analytics.build.settings import Settings
from protocol_analytics.errors import ExitStatus
from protocol_analytics.io import read_table
from protocol_analytics.watch import Rebuild, Watcher

ROOT = Path(__file__).resolve().parents[1]
WAIT = 120  # seconds a rebuild may take on a busy test machine before the test gives up


def protocol(council: str) -> str:
    return fx.protocol_txt().replace("Ashcombe", council)


class Running:
    """A watcher in a thread; :meth:`next` waits for its next rebuild, :meth:`close` stops it."""

    def __init__(self, raw: Path, out: Path, nlp):
        self.rebuilds: queue.Queue[Rebuild] = queue.Queue()
        self.watcher = Watcher(raw, out, Settings(), quiet_ms=100, max_ms=1000)
        self.failure: list[BaseException] = []
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.watcher.run(self.rebuilds.put)
        except BaseException as exc:  # shown by the test, not lost in the thread
            self.failure.append(exc)

    def next(self) -> Rebuild:
        try:
            return self.rebuilds.get(timeout=WAIT)
        except queue.Empty:
            raise AssertionError(f"no rebuild within {WAIT} s; watcher failure: {self.failure}") from None

    def close(self) -> None:
        self.watcher.stop()
        self.thread.join(timeout=WAIT)
        assert not self.thread.is_alive(), "the watcher did not stop"
        assert not self.failure, self.failure


def councils(out: Path) -> list[str]:
    return sorted(read_table("documents", out)["council"])


@pytest.mark.slow
def test_watch_rebuilds_when_a_file_is_added_changed_or_removed(tmp_path, nlp):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "alpha.txt").write_text(protocol("Alphaford"), encoding="utf-8")
    (raw / "beta.txt").write_text(protocol("Betaby"), encoding="utf-8")
    running = Running(raw, out, nlp)
    try:
        first = running.next()
        assert first.initial and first.error is None
        assert councils(out) == ["Alphaford Parish Council", "Betaby Parish Council"]
        n_clauses = first.report.n_clauses

        (raw / "gamma.txt").write_text(protocol("Gammaton"), encoding="utf-8")
        added = running.next()
        assert added.changes == {"gamma.txt": "added"}
        assert councils(out) == ["Alphaford Parish Council", "Betaby Parish Council", "Gammaton Parish Council"]
        assert added.report.n_cached == 2 and added.report.n_clauses == 3 * n_clauses // 2  # only it processed

        (raw / "beta.txt").write_text(protocol("Betaby") + "\n\n9. Extra\n\n9.1 The Clerk must keep a register "
                                      "of every gift offered to a councillor.\n", encoding="utf-8")
        changed = running.next()
        assert changed.changes == {"beta.txt": "changed"}
        clauses = read_table("clauses", out)
        assert clauses["text"].str.contains("register of every gift").any()
        assert changed.report.n_clauses > added.report.n_clauses and changed.report.n_cached == 2

        (raw / "alpha.txt").unlink()
        removed = running.next()
        assert removed.changes == {"alpha.txt": "removed"}
        assert councils(out) == ["Betaby Parish Council", "Gammaton Parish Council"]
        assert "1 file changed: alpha.txt (removed)" in removed.line()

        # a file that cannot be read is an error row; watching goes on
        (raw / "broken.pdf").write_bytes(b"not a pdf at all")
        broken = running.next()
        assert broken.report.n_errors == 1 and any("PA005" in line for line in broken.new_errors)
        (raw / "broken.pdf").unlink()
        assert running.next().report.n_errors == 0

        # hidden files (editors' swap files) set off nothing: the next rebuild is the manifest's
        (raw / ".beta.txt.swp").write_text("scratch")
        (raw / "councils.csv").write_text("file,council,council_type,nation,source_url,sha256\n"
                                          "gamma.txt,Gamma Town Council,town,England,,\n")
        manifest = running.next()
        assert manifest.changes == {"councils.csv": "added"}
        assert "Gamma Town Council" in councils(out)
    finally:
        running.close()
    assert running.rebuilds.empty()


@pytest.mark.slow
def test_watch_reports_a_build_error_and_goes_on(tmp_path, nlp):
    """The raw folder emptied: the build refuses (PA051), the previous tables stay, watching goes on."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "alpha.txt").write_text(protocol("Alphaford"), encoding="utf-8")
    running = Running(raw, out, nlp)
    try:
        assert running.next().report.n_documents == 1
        (raw / "alpha.txt").unlink()
        empty = running.next()
        assert empty.error is not None and empty.error.code == "PA051"
        assert "not rebuilt: error PA051" in empty.line()
        assert councils(out) == ["Alphaford Parish Council"]
        (raw / "beta.txt").write_text(protocol("Betaby"), encoding="utf-8")
        assert running.next().error is None
        assert councils(out) == ["Betaby Parish Council"]
    finally:
        running.close()


def test_relevant_changes_leave_out_hidden_files_and_the_output_folder(tmp_path):
    from watchfiles import Change

    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    (raw / "a.txt").write_text("x")
    (raw / "sub" / "b.md").write_text("x")
    watcher = Watcher(raw, raw / "out")
    batch = {(Change.modified, str(raw / "a.txt")), (Change.added, str(raw / "sub" / "b.md")),
             (Change.deleted, str(raw / "gone.txt")), (Change.added, str(raw / ".a.txt.swp")),
             (Change.added, str(raw / "out" / "clauses.parquet")), (Change.modified, str(raw / "README.md")),
             (Change.added, str(raw / "brief.txt")), (Change.deleted, str(raw / "brief.txt"))}
    assert watcher.relevant(batch) == {"a.txt": "changed", "sub/b.md": "added", "gone.txt": "removed"}


@pytest.mark.slow
def test_ctrl_c_stops_watching_with_status_130(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "alpha.txt").write_text(protocol("Alphaford"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "protocol_analytics", "build", str(raw), "--out", str(out),
                             "--watch", "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=tmp_path,
                            # as from a terminal: a test run in the background inherits SIGINT ignored
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        lines = []
        for line in proc.stdout:  # the first build, then the line saying it watches
            lines.append(line)
            if line.startswith("watching "):
                break
        assert any(" built -> 1 document" in ln for ln in lines), lines
        proc.send_signal(signal.SIGINT)
        out_text, err = proc.communicate(timeout=WAIT)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == ExitStatus.INTERRUPTED == 130, err
    assert "stopped watching" in err and "Traceback" not in err
    assert (out / "clauses.parquet").is_file()
