"""Reliability (issue #12): every attack that lost a user's results, hung a build or ran a stranger's code,
kept as a small generated test, numbered as the issue's "What to build":

1. mistaken commands refused, results replaced whole, leftovers removed, one build per output folder;
2. every user or environment error a coded line with its own exit status, never a traceback;
3. bounded work per file (growth checked at n and 4n, not wall time), zip bombs, a time limit, workers
   that end with their build;
4. honest text: damaged UTF-8, BOMs, list numbers of any size, PDF readers standing in for each other;
5. safe outputs: CSV formula cells neutralised, a cache that cannot run code and survives corruption;
6. paths: links and special files, malformed manifest rows, deep HTML, long and colliding names.

Kills at random points are in test_faults.py.
"""
from __future__ import annotations

import faulthandler
import hashlib
import importlib.util
import json
import os
import pickle
import random
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import fixtures as fx
from protocol_analytics import schemas, segment
from protocol_analytics.build import Settings, build, documents, store
from protocol_analytics.build.batches import BatchCache
from protocol_analytics.build.cache import DocumentCache
from protocol_analytics.build.files import MAX_DOC_ID_BYTES, assign_doc_ids
from protocol_analytics.build.record import RECORD_NAME
from protocol_analytics.build.store import OutputFolder
from protocol_analytics.cli import main
from protocol_analytics.errors import ExitStatus, IngestError
from protocol_analytics.io import csv_rows, encode_batch, read_table
from protocol_analytics.segment import clauses, paragraphs

ROOT = Path(__file__).resolve().parents[1]


def protocol(council: str = "Ashcombe") -> str:
    return fx.protocol_txt().replace("Ashcombe", council)


def write_corpus(raw: Path, councils: dict[str, str]) -> Path:
    """``councils``: file name -> council name; each file the fixture protocol of that council."""
    for name, council in councils.items():
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_text(protocol(council), encoding="utf-8")
    return raw


def snapshot(out: Path) -> dict[str, str]:
    """Hashes of every table file and text, read through OUT as a user reads them."""
    files = {f"{name}.{ext}": hashlib.sha256((out / f"{name}.{ext}").read_bytes()).hexdigest()
             for name in schemas.TABLES for ext in ("parquet", "csv")}
    files.update({f"text/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest() for p in (out / "text").glob("*.txt")})
    return files


def cli(args: list[str], capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_coded_line(err: str, code: str) -> None:
    lines = [ln for ln in err.splitlines() if ln.startswith("error ")]
    assert lines and lines[-1].startswith(f"error {code}: "), err
    assert "Traceback" not in err


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, nlp):
    """Three small protocols built once into OUT: the previous results the refusals must keep."""
    root = tmp_path_factory.mktemp("corpus")
    raw = write_corpus(root / "raw", {"alpha.txt": "Alpha", "beta.txt": "Beta", "gamma.txt": "Gamma"})
    out = root / "out"
    report = build(raw, out, progress=False)
    assert report.exit_code == 0
    return {"raw": raw, "out": out, "snapshot": snapshot(out)}


# ============================================================ 1. refusals, whole results, leftovers, lock


def test_missing_raw_folder_is_refused_and_out_untouched(corpus, tmp_path, capsys):
    code, _, err = cli(["build", tmp_path / "typo", "--out", corpus["out"], "--quiet"], capsys)
    assert code == ExitStatus.MISSING_INPUT == 4
    assert_one_coded_line(err, "PA042")
    assert "no such raw folder" in err
    assert snapshot(corpus["out"]) == corpus["snapshot"]
    code, _, err = cli(["build", tmp_path / "typo", "--out", tmp_path / "new-out", "--quiet"], capsys)
    assert code == 4 and not (tmp_path / "new-out").exists()


def test_empty_raw_folder_is_refused_and_out_untouched(corpus, tmp_path, capsys):
    empty = tmp_path / "empty"
    (empty / ".hidden").mkdir(parents=True)
    (empty / ".hidden" / "x.txt").write_text(protocol())
    (empty / "README.md").write_text("not a protocol")
    code, _, err = cli(["build", empty, "--out", corpus["out"], "--quiet"], capsys)
    assert code == ExitStatus.NOTHING_READ == 1
    assert_one_coded_line(err, "PA051")
    assert snapshot(corpus["out"]) == corpus["snapshot"]


def test_raw_folder_without_a_readable_document_keeps_the_previous_results(corpus, tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "empty.txt").write_text("")
    (raw / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (raw / "notes.xyz").write_text("not a format")
    code, out, err = cli(["build", raw, "--out", corpus["out"], "--quiet"], capsys)
    assert code == 1
    assert [ln.split(":")[0] for ln in err.splitlines() if ln.startswith("error ")] == [
        "error PA002", "error PA001", "error PA007", "error PA052"]
    assert "previous results" in err.splitlines()[-1] and "0 documents" in out
    assert snapshot(corpus["out"]) == corpus["snapshot"]
    assert len(list((corpus["out"] / ".builds").iterdir())) == 1  # the refused build's folder is gone


def test_every_table_and_text_comes_from_one_build(corpus):
    out = corpus["out"]
    live = OutputFolder(out).live()
    assert live is not None and live.parent == out / ".builds"
    for name in [f"{t}.{ext}" for t in schemas.TABLES for ext in ("parquet", "csv")] + ["text"]:
        assert (out / name).resolve().parent == live.resolve() or (out / name).resolve() == (live / "text").resolve()
    documents = read_table("documents", out)
    assert sorted(p.name for p in (out / "text").iterdir()) == sorted(f"{d}.txt" for d in documents["doc_id"])


def test_a_rebuild_replaces_tables_and_texts_together_and_drops_the_old_build(corpus, tmp_path):
    raw = tmp_path / "raw"
    write_corpus(raw, {"alpha.txt": "Alpha", "delta.txt": "Delta"})
    out = tmp_path / "out"
    build(raw, out, progress=False)
    first = OutputFolder(out).live()
    (raw / "alpha.txt").unlink()
    write_corpus(raw, {"epsilon.txt": "Epsilon"})
    build(raw, out, progress=False)
    live = OutputFolder(out).live()
    assert live != first and not first.exists() and [p.name for p in (out / ".builds").iterdir()] == [live.name]
    assert sorted(read_table("documents", out)["doc_id"]) == ["delta", "epsilon"]
    assert sorted(p.name for p in (out / "text").iterdir()) == ["delta.txt", "epsilon.txt"]


def _gone(path: Path, within: float = 30.0) -> bool:
    deadline = time.monotonic() + within
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    return not path.exists()


def test_a_switch_can_leave_the_replaced_build_to_a_process_of_its_own(tmp_path, monkeypatch):
    folder = OutputFolder(tmp_path)
    first = folder.new_build()
    assert folder.switch(first) == []
    (first / "clauses.csv").write_text("a,b\n")
    second = folder.new_build()
    assert folder.switch(second, remove=False) == [first]
    assert folder.live() == second and first.is_dir()  # live at once; the replaced build not removed yet
    store.remove_in_background([first])
    assert _gone(first) and folder.live() == second and second.is_dir()
    third = folder.new_build()
    replaced = folder.switch(third, remove=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-python"))  # no process can start: removed here
    store.remove_in_background(replaced)
    assert replaced == [second] and not second.exists() and folder.live() == third


def test_the_background_removal_leaves_a_folder_that_is_live_again(tmp_path):
    """OUT put back from a copy taken before the build, at once: the folder the build replaced is live again."""
    folder = OutputFolder(tmp_path)
    first = folder.new_build()
    folder.switch(first)
    (first / "clauses.csv").write_text("a,b\n")
    second = folder.new_build()
    folder.switch(second, remove=False)
    folder.switch(first, remove=False)  # (what restoring the copy amounts to)
    subprocess.run([sys.executable, "-I", "-S", "-c", store._REMOVE, str(first), str(second)], check=True)
    assert folder.live() == first and (first / "clauses.csv").exists() and not second.exists()


@pytest.mark.slow
def test_the_build_command_ends_with_its_results_live_and_the_replaced_build_removed_after_it(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"alpha.txt": "Alpha", "delta.txt": "Delta"})
    out = tmp_path / "out"
    build(raw, out, progress=False)
    first = OutputFolder(out).live()
    (raw / "alpha.txt").write_text(protocol("Alpha") + "\n\n99. The Clerk keeps a register of gifts.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "protocol_analytics", "build", str(raw), "--out", str(out), "--quiet",
                           "--jobs", "1"], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("2 documents") and "(1 from cache)" in done.stdout  # (its output flushed)
    live = OutputFolder(out).live()
    assert live != first and "register of gifts" in (out / "clauses.csv").read_text(encoding="utf-8")
    assert _gone(first) and [p.name for p in (out / ".builds").iterdir()] == [live.name]


@pytest.mark.slow
def test_leftovers_of_killed_builds_are_removed_by_the_next_build(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"alpha.txt": "Alpha"})
    out = tmp_path / "out"
    build(raw, out, progress=False)
    live = OutputFolder(out).live()
    leftovers = [out / ".clauses.parquet.x1y2.tmp", out / ".builds" / "20240101T000000-1-abcdef",
                 out / ".scratch-k9", out / ".cache" / "documents" / ".entry.json.q.tmp",
                 out / ".cache" / "batches" / "old.pkl", out / ".current.zz.tmp"]
    for path in leftovers:
        if path.suffix in (".tmp", ".pkl"):
            path.write_bytes(b"half written")
        else:
            (path / "text").mkdir(parents=True)
    os.symlink("nowhere", out / ".current.link.tmp")
    build(raw, out, progress=False)
    assert [p for p in leftovers if p.exists()] == []
    assert not os.path.lexists(out / ".current.link.tmp")
    # (nothing changed: the live build is kept as it was, and is the only one)
    assert OutputFolder(out).live() == live and len(list((out / ".builds").iterdir())) == 1


def _hold_lock(out: Path) -> subprocess.Popen:
    """Another process holding OUT's build lock, as a running build does."""
    code = ("import sys, time; from protocol_analytics.build.store import OutputFolder\n"
            "with OutputFolder(sys.argv[1]).lock():\n    print('locked', flush=True); time.sleep(120)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(out)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_second_build_into_the_same_folder_is_refused_naming_the_first(corpus, capsys):
    holder = _hold_lock(corpus["out"])
    try:
        code, _, err = cli(["build", corpus["raw"], "--out", corpus["out"], "--quiet"], capsys)
        assert code == ExitStatus.LOCKED == 7
        assert_one_coded_line(err, "PA055")
        assert f"pid {holder.pid} on " in err and "started 20" in err
        assert snapshot(corpus["out"]) == corpus["snapshot"]
    finally:
        holder.kill()
        holder.wait()
    # the holder died without letting go: its lock is stale and the next build takes it over
    report = build(corpus["raw"], corpus["out"], progress=False)
    assert report.exit_code == 0
    assert json.loads((corpus["out"] / ".lock").read_text())["pid"] == os.getpid()
    assert snapshot(corpus["out"]) == corpus["snapshot"]


# ================================================================ 2. coded errors and exit statuses


def _fail_with(errno_: int, where: str):
    def fail(*args, **kwargs):
        raise OSError(errno_, os.strerror(errno_), where)
    return fail


@pytest.mark.parametrize("errno_, code, status", [
    (28, "PA054", ExitStatus.DISK_FULL),      # ENOSPC
    (122, "PA054", ExitStatus.DISK_FULL),     # EDQUOT
    (30, "PA053", ExitStatus.NOT_WRITABLE),   # EROFS
    (13, "PA053", ExitStatus.NOT_WRITABLE),   # EACCES
    (5, "PA056", ExitStatus.ENVIRONMENT),     # EIO
], ids=["disk-full", "quota", "read-only", "permission", "io-error"])
def test_disk_errors_while_writing_tables_are_one_coded_line_and_keep_the_results(corpus, monkeypatch, capsys,
                                                                               errno_, code, status):
    (OutputFolder(corpus["out"]).live() / RECORD_NAME).unlink(missing_ok=True)  # (a build that writes its tables, not one that finds nothing changed)
    monkeypatch.setattr(pq.ParquetWriter, "write_table", _fail_with(errno_, "clauses.parquet"))
    got, _, err = cli(["build", corpus["raw"], "--out", corpus["out"], "--quiet"], capsys)
    assert got == status
    assert_one_coded_line(err, code)
    assert snapshot(corpus["out"]) == corpus["snapshot"]
    assert len(list((corpus["out"] / ".builds").iterdir())) == 1


def test_an_output_folder_that_cannot_be_created_is_one_coded_line(corpus, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(Path, "mkdir", _fail_with(30, str(tmp_path / "out")))
    code, _, err = cli(["build", corpus["raw"], "--out", tmp_path / "out", "--quiet"], capsys)
    assert code == ExitStatus.NOT_WRITABLE
    assert_one_coded_line(err, "PA053")


@pytest.mark.parametrize("args, code, status", [
    (["gaps", "Nowhere Parish Council"], "PA040", ExitStatus.USAGE),
    (["report", "Nowhere Parish Council", "--out", "{tmp}"], "PA040", ExitStatus.USAGE),
    (["evaluate", "{tmp}/missing-gold.jsonl"], "PA042", ExitStatus.MISSING_INPUT),
], ids=["gaps-unknown-council", "report-unknown-council", "evaluate-missing-gold"])
def test_command_errors_are_one_coded_line(corpus, tmp_path, capsys, args, code, status):
    args = [a.format(tmp=tmp_path) for a in args]
    got, _, err = cli(args + ["--processed", corpus["out"]], capsys)
    assert got == status
    assert_one_coded_line(err, code)


@pytest.mark.parametrize("command", [["gaps", "Alpha Parish Council"], ["evaluate", "{gold}"]], ids=["gaps", "evaluate"])
def test_missing_processed_tables_are_one_coded_line(tmp_path, capsys, command):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("{}\n")
    got, _, err = cli([a.format(gold=gold) for a in command] + ["--processed", tmp_path / "none"], capsys)
    assert got == ExitStatus.MISSING_INPUT
    assert_one_coded_line(err, "PA041")


def test_a_broken_or_missing_taxonomy_stops_the_build_before_it_starts(corpus, tmp_path, capsys):
    broken = tmp_path / "topics.yaml"
    broken.write_text("topics:\n  - id: Not Snake Case\n    name: x\n")
    code, _, err = cli(["build", corpus["raw"], "--out", corpus["out"], "--taxonomy", broken, "--quiet"], capsys)
    assert code == ExitStatus.BAD_RULES
    assert_one_coded_line(err, "PA030")
    code, _, err = cli(["build", corpus["raw"], "--out", corpus["out"], "--taxonomy", tmp_path / "no.yaml",
                        "--quiet"], capsys)
    assert code == ExitStatus.MISSING_INPUT
    assert_one_coded_line(err, "PA042")
    assert snapshot(corpus["out"]) == corpus["snapshot"]


def test_a_model_that_is_not_installed_stops_the_build_before_it_starts(corpus, capsys):
    code, _, err = cli(["build", corpus["raw"], "--out", corpus["out"], "--model", "no_such_model_pkg", "--jobs", "2",
                        "--quiet"], capsys)
    assert code == ExitStatus.ENVIRONMENT
    assert_one_coded_line(err, "PA057")
    assert snapshot(corpus["out"]) == corpus["snapshot"]


def test_the_command_line_process_prints_no_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "protocol_analytics", "build", str(tmp_path / "typo"), "--out",
                           str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 4 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("error PA042: ") and len(proc.stderr.strip().splitlines()) == 1


def test_output_into_a_closed_pipe_ends_quietly_with_its_own_status():
    # "protocol-analytics schema | head": the reader went away; not "input/output error … check the disk"
    read, write = os.pipe()
    os.close(read)  # (closed before the command writes: every write fails, as after head has exited)
    try:
        proc = subprocess.run([sys.executable, "-m", "protocol_analytics", "schema"], stdout=write,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write)
    assert (proc.returncode, proc.stderr) == (ExitStatus.PIPE_CLOSED, "")


def test_every_command_error_code_has_a_message_and_an_exit_status():
    from protocol_analytics.errors import EXIT_STATUS, Errors

    for code, status in EXIT_STATUS.items():
        assert hasattr(Errors, code) and status in list(ExitStatus)
    statuses = {s.value for s in ExitStatus}
    readme = (ROOT / "README.md").read_text()
    for status in statuses:
        assert re.search(rf"^\| `?{status}`? \|", readme, re.M), f"exit status {status} is not in the README"


# ======================================================================= 3. bounded work per file


def joined_chars(monkeypatch, text: str) -> int:
    """Characters handed to _join_lines while segmenting ``text`` (the work the quadratic walk did)."""
    seen = []
    real = paragraphs._join_lines
    counting = lambda parts: (seen.append(sum(map(len, parts))), real(parts))[1]  # noqa: E731
    for module in (paragraphs, clauses):  # grouping lines into paragraphs; joining paragraphs onto a clause
        monkeypatch.setattr(module, "_join_lines", counting)
    segment.segment_text(text)
    for module in (paragraphs, clauses):
        monkeypatch.setattr(module, "_join_lines", real)
    return sum(seen)


def _attacks() -> dict:
    """The hostile inputs of benchmarks/segmentation_growth.py (which times them; the tests count the work)."""
    spec = importlib.util.spec_from_file_location("segmentation_growth", ROOT / "benchmarks" / "segmentation_growth.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ATTACKS


SEGMENTATION_ATTACKS = _attacks()


@pytest.mark.parametrize("attack", list(SEGMENTATION_ATTACKS), ids=list(SEGMENTATION_ATTACKS))
def test_segmentation_work_grows_linearly(attack, monkeypatch):
    """The characters the segmenter joins grow with the text, not with its square (the work counted, which no
    load on the machine changes; benchmarks/segmentation_growth.py measures the time)."""
    make = SEGMENTATION_ATTACKS[attack]
    chars = [joined_chars(monkeypatch, make(n)) for n in (500, 2000)]
    assert chars[0] > 0 and chars[1] <= 5 * chars[0], chars  # quadratic: 16x


def test_continued_clause_keeps_its_text(monkeypatch):
    seg = segment.segment_text(SEGMENTATION_ATTACKS["clause-then-paragraphs"](300))
    assert len(seg.clauses) == 1 and seg.clauses[0].text.endswith("Further paragraph 299 of the same clause, with "
                                                                  "several words in it.")
    assert seg.clauses[0].text.count("Further paragraph") == 300


def test_a_documents_aliases_are_listed_once_however_often_it_repeats():
    from protocol_analytics.nlp.rules import document_aliases
    from protocol_analytics.rules.lexicon import load_lexicon

    text = "1.1 Our employees (the 'Team') and the Town Clerk (the 'Proper Officer') work together.\n\n"
    once = document_aliases(text, load_lexicon())
    assert len(once) == 2
    assert [(r, p.pattern) for r, p in document_aliases(text * 500, load_lexicon())] == [(r, p.pattern) for r, p in once]


@pytest.fixture
def small_zip_limits(monkeypatch):
    from protocol_analytics.ingest import docx

    monkeypatch.setattr(docx, "MAX_XML_PART_MB", 1)
    monkeypatch.setattr(docx, "MAX_INFLATED_MB", 2)


def _docx_with(tmp_path: Path, name: str, member: str, size: int) -> Path:
    source = fx.write_docx(tmp_path)
    path = tmp_path / name
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename != member:
                zout.writestr(item, zin.read(item.filename))
        zout.writestr(member, b" " * size)
    return path


@pytest.mark.parametrize("member, size, words", [
    ("word/media/zeros.png", 3 * 1024 * 1024, "all parts of a Word file"),
    ("word/document.xml", int(1.5 * 1024 * 1024), "one XML part"),
], ids=["zero-filled-image", "huge-document-xml"])
def test_a_docx_zip_bomb_is_refused_from_the_zip_directory_before_inflating(tmp_path, small_zip_limits, monkeypatch,
                                                                          member, size, words):
    from protocol_analytics.ingest.docx import read_docx

    path = _docx_with(tmp_path, "bomb.docx", member, size)
    assert path.stat().st_size < 100_000
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("a part was inflated"))
    with pytest.raises(IngestError) as info:
        read_docx(path)
    assert info.value.code == "PA019" and words in str(info.value)


def test_a_document_over_the_time_limit_is_an_error_row_and_the_others_go_on(tmp_path, monkeypatch, nlp):
    raw = write_corpus(tmp_path / "raw", {"alpha.txt": "Alpha", "slow.txt": "Slowcombe", "gamma.txt": "Gamma"})
    real = documents.segment_text

    def slow_for_one(text):
        if "Slowcombe" in text:
            time.sleep(30)  # the time limit interrupts it
        return real(text)

    monkeypatch.setattr(documents, "segment_text", slow_for_one)
    started = time.monotonic()
    report = build(raw, tmp_path / "out", settings=Settings(time_limit=0.5), progress=False)
    assert time.monotonic() - started < 25
    assert report.exit_code == 3 and report.n_documents == 2
    row = report.errors.set_index("file").loc["slow.txt"]
    assert row["code"] == "PA018" and "0.5 s limit" in row["message"] and "--time-limit" in row["message"]
    # a time-out depends on the machine, not the file: it is not cached, the next build tries again
    monkeypatch.setattr(documents, "segment_text", real)
    again = build(raw, tmp_path / "out", settings=Settings(time_limit=0.5), progress=False)
    assert again.exit_code == 0 and again.n_documents == 3 and again.n_cached == 2


def test_time_limit_restores_an_outer_timer():
    from protocol_analytics.build.limits import TimeLimitExceeded, time_limit

    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 1.0)
        with time_limit(5):
            pass
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 1.0
        with pytest.raises(TimeLimitExceeded):
            with time_limit(0.05):
                time.sleep(2)
        time.sleep(1.1)
        assert fired == [True]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_pool_workers_exit_when_their_parent_is_killed(tmp_path):
    script = (
        "import os, sys, time\n"
        "from concurrent.futures import ProcessPoolExecutor\n"
        "from protocol_analytics.build.limits import exit_with_parent\n"
        "pool = ProcessPoolExecutor(max_workers=2, initializer=exit_with_parent)\n"
        "pool.submit(time.sleep, 0).result()\n"
        "print(' '.join(str(pid) for pid in pool._processes), flush=True)\n"
        "time.sleep(120)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    workers = [int(p) for p in parent.stdout.readline().split()]
    assert workers and all(_alive(p) for p in workers)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in workers)


def _alive(pid: int) -> bool:
    """Running (not a zombie waiting for its parent to reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


# ============================================================================== 4. honest text


def test_utf8_with_a_stray_byte_is_read_as_utf8_with_a_warning_row(tmp_path, capsys, nlp):
    raw = tmp_path / "raw"
    raw.mkdir()
    text = protocol().replace("Members' Code", "Members’ Code").replace("courtesy", "courtesy – always –")
    data = text.encode("utf-8")
    cut = data.index(b"Staff Handbook")
    (raw / "stray.txt").write_bytes(data[:cut] + b"\xff" + data[cut:])
    code, out, err = cli(["build", raw, "--out", tmp_path / "out", "--quiet"], capsys)
    assert code == 0 and "0 errors, 1 warning" in out
    assert [ln.split(":")[0] for ln in err.splitlines()] == ["warning PA105"]
    errors = read_table("errors", tmp_path / "out")
    assert list(errors["code"]) == ["PA105"] and errors["stage"].iloc[0] == "read"
    assert f"byte {cut}" in errors["message"].iloc[0]
    kept = (tmp_path / "out" / "text" / "stray.txt").read_text(encoding="utf-8")
    assert "Members’ Code" in kept and "courtesy – always –" in kept and "\ufffdStaff Handbook" in kept


def test_a_legacy_code_page_is_still_detected():
    from protocol_analytics.ingest.text import decode_bytes

    decoded = decode_bytes(("Councillors’ duties cost £5. " * 40).encode("cp1252"), Path("old.txt"))
    assert decoded.notices == [] and decoded.warnings  # no valid UTF-8 beyond ASCII: a code page, reported


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                           ("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"\x00\x00\xfe\xff"),
                                           ("utf-8", b"\xef\xbb\xbf")])
@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_text_with_a_byte_order_mark_is_read(tmp_path, encoding, bom, suffix):
    from protocol_analytics.ingest import read_document

    text = protocol().replace("Members' Code", "Members’ Code")
    if suffix == ".html":
        text = "<html><body>" + "".join(f"<p>{block}</p>" for block in text.split("\n\n")) + "</body></html>"
    path = tmp_path / f"bom{suffix}"
    path.write_bytes(bom + text.encode(encoding))
    extracted = read_document(path)
    assert "Members’ Code of Conduct" in extracted.text and extracted.notices == []
    assert "Ashcombe Parish Council" in extracted.text


def test_list_numbers_over_999_are_markers():
    seg = segment.segment_text(SEGMENTATION_ATTACKS["long-list"](1500))
    items = [c for c in seg.clauses if c.parent_id]
    assert len(items) == 1500 and [c.number for c in items[998:1001]] == ["999", "1000", "1001"]
    assert all(c.text == f"do thing {c.number};" for c in items)


def test_html_list_of_thousands_of_items_gives_each_its_clause(tmp_path):
    from protocol_analytics.ingest.html import read_html

    path = tmp_path / "long.html"
    path.write_text("<html><body><p>Members must:</p>" + "".join(f"<p>{i}. do thing {i};</p>" for i in range(1, 1201))
                    + "</body></html>")
    seg = segment.segment_text(read_html(path).text)
    assert [c.number for c in seg.clauses[-2:]] == ["1199", "1200"]


def _broken_pdfs() -> dict[str, bytes]:
    data = fx.build_pdf()
    table = re.search(rb"xref\s+0 \d+\s+", data).end()
    trailer = data.index(b"trailer", table)
    shifted = re.sub(rb"(\d{10}) (\d{5}) n", lambda m: b"%010d %s n" % (int(m.group(1)) + 7, m.group(2)),
                     data[table:trailer])
    return {"no-startxref": data[:data.rfind(b"startxref")] + b"%%EOF\n",   # pypdf refuses, pdfplumber reads
            "shifted-xref": data[:table] + shifted + data[trailer:]}          # pdfplumber finds no text, pypdf does


@pytest.mark.parametrize("name, failed, reader", [("no-startxref", "pypdf", "pdfplumber"),
                                                  ("shifted-xref", "pdfplumber", "pypdf")])
def test_pdf_readers_stand_in_for_each_other_before_calling_a_pdf_a_scan(tmp_path, name, failed, reader):
    from protocol_analytics.ingest.pdf import read_pdf

    path = tmp_path / f"{name}.pdf"
    path.write_bytes(_broken_pdfs()[name])
    extracted = read_pdf(path)
    [warning] = extracted.warnings
    assert warning.startswith(f"{path}: {failed} could not read the file (")
    assert warning.endswith(f"its text was read with {reader} instead.")
    clauses = lambda text: [(c.clause_id, c.text) for c in segment.segment_text(text).clauses]  # noqa: E731
    assert clauses(extracted.text) == clauses(read_pdf(fx.write_pdf(tmp_path)).text)  # all of it, as when intact
    with pytest.raises(IngestError, match="no text layer"):  # a scan is still a scan
        read_pdf(fx.write_scanned_pdf(tmp_path))


# ============================================================================== 5. safe outputs


def test_csv_cells_a_spreadsheet_would_run_get_an_apostrophe_and_parquet_keeps_the_text(tmp_path, nlp):
    raw = tmp_path / "raw"
    raw.mkdir()
    text = protocol().replace("1.1 This protocol", '1.1 =HYPERLINK("http://evil.example","x") This protocol')
    text = text.replace("1.2 It should", "1.2 +cmd|' /C calc'!A0 It should")
    text = text.replace("2.2 The Clerk", "2.2 @SUM(1+1) The Clerk")
    (raw / "evil.txt").write_text(text, encoding="utf-8")
    (raw / "councils.csv").write_text("file,council,council_type,nation,source_url,sha256\n"
                                      "evil.txt,-2+3 Town Council,town,England,,\n", encoding="utf-8")
    out = tmp_path / "out"
    build(raw, out, progress=False)
    clauses = read_table("clauses", out).set_index("clause_id")
    csv = pd.read_csv(out / "clauses.csv", keep_default_na=False, dtype=str).set_index("clause_id")
    for clause_id, start in (("1.1", "=HYPERLINK("), ("1.2", "+cmd"), ("2.2", "@SUM(")):
        assert clauses.loc[clause_id, "text"].startswith(start)
        assert csv.loc[clause_id, "text"] == "'" + clauses.loc[clause_id, "text"]
    assert read_table("documents", out)["council"].iloc[0] == "-2+3 Town Council"
    assert pd.read_csv(out / "documents.csv", keep_default_na=False)["council"].iloc[0] == "'-2+3 Town Council"
    assert set(pd.read_csv(out / "coverage.csv", keep_default_na=False)["council"]) == {"'-2+3 Town Council"}


def test_every_formula_start_is_neutralised_in_csv_only():
    cells = ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "plain", "a=b", " =no", ""]
    rows = pd.DataFrame({"file": cells, "doc_id": "d", "code": "PA001", "stage": "read", "message": "m"})
    encoded = encode_batch("errors", rows)
    assert encoded.table.column("file").to_pylist() == cells
    assert csv_rows(encoded.table).column("file").to_pylist() == ["'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", "plain",
                                                       "a=b", " =no", ""]


@pytest.fixture
def cached(tmp_path, nlp):
    raw = write_corpus(tmp_path / "raw", {"alpha.txt": "Alpha", "beta.txt": "Beta"})
    out = tmp_path / "out"
    build(raw, out, progress=False)
    return raw, out, snapshot(out)


def test_the_cache_holds_data_not_pickles(cached):
    _, out, _ = cached
    documents = list((out / ".cache" / "documents").iterdir())
    blocks = list((out / ".cache" / "batches").iterdir())
    assert documents and blocks
    for path in documents:
        assert json.loads(path.read_bytes())["format"] == DocumentCache.FORMAT
    for path in blocks:
        assert path.read_bytes().startswith(BatchCache.MAGIC)


class _RunsCode:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return Path.touch, (self.marker,)


def test_a_crafted_pickle_in_the_cache_runs_nothing(cached, tmp_path):
    raw, out, before = cached
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_RunsCode(marker))
    assert pickle.loads(payload) is None and marker.exists()  # the payload does run when unpickled
    marker.unlink()
    cache = out / ".cache"
    for path in [*cache.glob("documents/*"), *cache.glob("batches/*")]:
        path.write_bytes(payload)
        path.with_suffix(".pkl").write_bytes(payload)  # where the pickle cache kept its entries
    report = build(raw, out, progress=False)
    assert report.exit_code == 0 and not marker.exists()
    assert snapshot(out) == before


@pytest.mark.parametrize("damage", ["truncated", "garbage", "foreign-json", "wrong-shape", "other-file"])
def test_a_corrupt_or_foreign_cache_entry_is_ignored_and_made_again(cached, damage):
    raw, out, before = cached
    entries = sorted((out / ".cache" / "documents").iterdir())
    blocks = sorted((out / ".cache" / "batches").iterdir())
    for path in entries + blocks:
        data = path.read_bytes()
        damaged = {
            "truncated": data[:len(data) // 2],
            "garbage": random.Random(1).randbytes(len(data)),
            "foreign-json": json.dumps({"format": "something/else", "result": {}}).encode(),
            "wrong-shape": data.replace(b'"tables":{', b'"tables":{"x":1,', 1) if path in entries else
                           BatchCache.MAGIC + (3).to_bytes(8, "big") + b"[1]",
            "other-file": entries[0].read_bytes() if path != entries[0] else entries[1].read_bytes(),
        }[damage]
        path.write_bytes(damaged)
    (OutputFolder(out).live() / RECORD_NAME).unlink(missing_ok=True)  # (a build that reads its cache, not one that finds nothing changed)
    report = build(raw, out, progress=False)
    assert report.exit_code == 0
    assert snapshot(out) == before
    for path in (out / ".cache" / "documents").iterdir():  # made again, and now sound
        assert DocumentCache("x", "y").FORMAT == json.loads(path.read_bytes())["format"]


# ===================================================================================== 6. paths


def test_links_out_of_the_raw_folder_and_special_files_are_error_rows(tmp_path, nlp):
    raw = write_corpus(tmp_path / "raw", {"alpha.txt": "Alpha"})
    secret = tmp_path / "outside" / "secret.txt"
    write_corpus(secret.parent, {"secret.txt": "Secretly"})
    os.symlink(secret, raw / "to-secret.txt")
    os.symlink(secret.parent, raw / "outside-folder")
    os.symlink(raw / "missing.txt", raw / "dangling.txt")
    os.symlink("loop-b.txt", raw / "loop-a.txt")
    os.symlink("loop-a.txt", raw / "loop-b.txt")
    os.mkfifo(raw / "pipe.txt")
    os.symlink("/dev/zero", raw / "zero.txt")  # a device, and outside the raw folder
    os.symlink(raw / "alpha.txt", raw / "inner-link.txt")  # inside the raw folder: read (a duplicate of alpha)
    faulthandler.dump_traceback_later(120, exit=True)  # opening the FIFO would block for ever
    try:
        report = build(raw, tmp_path / "out", progress=False)
    finally:
        faulthandler.cancel_dump_traceback_later()
    codes = report.errors.set_index("file")["code"].to_dict()
    assert codes == {"to-secret.txt": "PA014", "outside-folder": "PA014", "zero.txt": "PA014", "dangling.txt": "PA015",
                     "loop-a.txt": "PA015", "loop-b.txt": "PA015", "pipe.txt": "PA016", "inner-link.txt": "PA010"}
    assert "named pipe" in report.errors.set_index("file").loc["pipe.txt", "message"]
    assert list(read_table("documents", tmp_path / "out")["doc_id"]) == ["alpha"]
    texts = " ".join(p.read_text() for p in (tmp_path / "out" / "text").iterdir())
    assert "Secretly" not in texts and report.exit_code == 3


def test_manifest_rows_outside_the_raw_folder_or_malformed_are_error_rows(tmp_path, nlp):
    raw = write_corpus(tmp_path / "raw", {"alpha.txt": "Alpha", "beta.txt": "Beta", "gamma.txt": "Gamma"})
    (tmp_path / "elsewhere.txt").write_text("not in the raw folder")
    (raw / "councils.csv").write_text(
        "file,council,council_type,nation,source_url,sha256\n"
        "alpha.txt,Alpha Town Council,town,England,,\n"
        "/etc/passwd,Root Town Council,town,England,,\n"
        "../elsewhere.txt,Away Town Council,town,England,,\n"
        "beta.txt,Beta, Town Council,town,England,,\n"          # an unquoted comma: one cell too many
        'gamma.txt,"Gamma Town Council,town,England,,\n'       # a quote left open to the end
        "delta.txt,Delta Town Council,town,England,,\n", encoding="utf-8")
    report = build(raw, tmp_path / "out", progress=False)
    errors = report.errors.set_index("file")
    assert set(errors["code"]) == {"PA020"} and set(errors["stage"]) == {"manifest"}
    assert "outside the raw folder" in errors.loc["/etc/passwd", "message"]
    assert "outside the raw folder" in errors.loc["../elsewhere.txt", "message"]
    assert "7 cells, the header 6" in errors.loc["beta.txt", "message"]
    unclosed = errors.loc["councils.csv:6", "message"]
    assert "cannot be parsed" in unclosed and "close the quote" in unclosed
    documents = read_table("documents", tmp_path / "out").set_index("doc_id")
    assert sorted(documents.index) == ["alpha", "beta", "gamma"]
    assert documents.loc["alpha", "council"] == "Alpha Town Council"
    assert documents.loc["beta", "council_source"] == documents.loc["gamma", "council_source"] == "document"


def test_very_deep_html_nesting_gives_an_accurate_message(tmp_path):
    from protocol_analytics.ingest.html import MAX_DEPTH, read_html

    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 10_000 + "<p>1. Councillors must be courteous.</p>"
                    + "</div>" * 10_000 + "</body></html>")
    started = time.monotonic()
    with pytest.raises(IngestError) as info:
        read_html(path)
    assert time.monotonic() - started < 20
    assert info.value.code == "PA017" and f"{MAX_DEPTH} levels" in str(info.value)
    assert "Recursion" not in str(info.value)
    shallow = tmp_path / "shallow.html"
    shallow.write_text("<html><body>" + "<div>" * 300 + "<p>1. Councillors must be courteous to all officers.</p>"
                       + "</div>" * 300 + "</body></html>")
    assert "Councillors must be courteous" in read_html(shallow).text


def test_long_names_and_colliding_doc_ids_get_unique_bounded_ids(tmp_path, nlp):
    long_stem = "protocol-of-the-council-" * 10 + "x"
    raw = write_corpus(tmp_path / "raw", {"a/x.txt": "Ayton", "b/x.txt": "Beeton", "a-x-txt.txt": "Axton",
                                          f"{long_stem}.txt": "Longton"})
    assert len(long_stem) > 238
    report = build(raw, tmp_path / "out", progress=False)
    assert report.exit_code == 0 and report.n_documents == 4
    documents = read_table("documents", tmp_path / "out").set_index("source_file")
    ids = documents["doc_id"]
    assert ids.is_unique and all(len(i.encode()) <= MAX_DOC_ID_BYTES + 17 for i in ids)
    assert ids["b/x.txt"] == "b-x-txt" and re.fullmatch(r"a-x-txt-[0-9a-f]{8}", ids["a/x.txt"])
    assert re.fullmatch(r"a-x-txt-[0-9a-f]{8}", ids["a-x-txt.txt"]) and ids["a/x.txt"] != ids["a-x-txt.txt"]
    assert ids[f"{long_stem}.txt"].startswith(long_stem[:80])
    for doc_id in ids:
        assert (tmp_path / "out" / "text" / f"{doc_id}.txt").is_file()


def test_assigned_doc_ids_are_unique_bounded_and_stable():
    rng = random.Random(12)
    stems = ["x", "a-x-txt", "a-x", "Protocol", "protocol", "é" * 80, "y" * 250, "x-txt"]
    for _ in range(200):
        rels = {f"{rng.choice(['', 'a/', 'b/', 'a/x/'])}{rng.choice(stems)}{rng.choice(['.txt', '.pdf', '.TXT', '.xyz'])}"
                for _ in range(rng.randint(1, 12))}
        files = [Path("/raw") / r for r in sorted(rels)]
        ids = assign_doc_ids(files, Path("/raw"))
        assert len(set(ids.values())) == len(ids)
        assert all(len(i.encode()) <= MAX_DOC_ID_BYTES + 17 and "/" not in i for i in ids.values())
        assert assign_doc_ids(list(reversed(files)), Path("/raw")) == ids


def test_available_cores_respects_affinity_and_a_cgroup_quota(monkeypatch, tmp_path):
    from protocol_analytics import config

    monkeypatch.setattr(config.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    real_path = config.Path

    def fake_path(p, *a):
        return real_path(tmp_path / "cpu.max") if str(p) == "/sys/fs/cgroup/cpu.max" else real_path(p, *a)

    monkeypatch.setattr(config, "Path", fake_path)
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert config.available_cores() == 4
    (tmp_path / "cpu.max").write_text("150000 100000\n")  # one and a half cores: two workers
    assert config.available_cores() == 2
    (tmp_path / "cpu.max").unlink()
    assert config.available_cores() == 4
