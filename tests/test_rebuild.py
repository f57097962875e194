"""What makes a rebuild fast, and that none of it changes a table (issue #16, item 4): the build package and
the per-document step load no more than they need, a build with nothing changed keeps the live build, a
changed batch encodes only its changed documents, and the shortcuts give the bytes of a clean build."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocol_analytics.build import Settings, build
from protocol_analytics.build.record import inputs_key
from protocol_analytics.build.store import OutputFolder

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pandas", "pandera", "pyarrow", "spacy")


def _loaded_after(code: str) -> list[str]:
    """The HEAVY libraries a fresh interpreter holds after running ``code``."""
    probe = f"{code}\nimport sys\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1].replace("'", '"'))


def test_the_build_package_loads_neither_pandas_nor_spacy():
    """A build decides what to parse, and starts the worker that parses it, before it loads any of them."""
    assert _loaded_after("import protocol_analytics.build, protocol_analytics.cli") == []


def test_the_per_document_step_loads_spacy_but_not_pandas_or_pyarrow():
    loaded = _loaded_after("import protocol_analytics.build.documents, protocol_analytics.tag, "
                           "protocol_analytics.topics, protocol_analytics.escalation_model")
    assert loaded == ["spacy"]


def _write_corpus(raw: Path, n: int = 4) -> list[Path]:
    from test_scale import _load_make_corpus

    return _load_make_corpus().generate_corpus(n, raw, seed=3, formats=("txt",))


PROBE = f"HEAVY = {HEAVY!r}\n" + """
import json, os, sys
from protocol_analytics.build import runners
from protocol_analytics.cli import main
seen = {}
real_init, real_chunk = runners.BackgroundDocuments.__init__, runners.run_chunk
def init(self, *args, **kwargs):
    seen["main process at the worker's start"] = sorted(m for m in HEAVY if m in sys.modules)
    real_init(self, *args, **kwargs)
def chunk(*args):
    results = real_chunk(*args)
    with open(os.environ["PROBE_WORKER"], "w") as fh:  # (the worker process: forked with this module)
        json.dump(sorted(m for m in HEAVY if m in sys.modules), fh)
    return results
runners.BackgroundDocuments.__init__, runners.run_chunk = init, chunk
code = main(["build", sys.argv[1], "--out", sys.argv[2], "--quiet", "--jobs", "1"])
seen["main process at the end"] = sorted(m for m in HEAVY if m in sys.modules)
print(json.dumps(seen))
sys.exit(code)
"""


def _probe_build(raw: Path, out: Path, tmp_path: Path) -> tuple[dict, list | None]:
    marker = tmp_path / "worker.json"
    marker.unlink(missing_ok=True)
    done = subprocess.run([sys.executable, "-c", PROBE, str(raw), str(out)], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "PROBE_WORKER": str(marker)})
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    return seen, json.loads(marker.read_text()) if marker.exists() else None


@pytest.mark.slow
def test_a_rebuild_loads_the_model_only_for_a_changed_file_in_a_worker_that_never_loads_pandas(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    paths = _write_corpus(raw)
    assert build(raw, out, jobs=1, progress=False).n_documents == len(paths)
    live = OutputFolder(out).live()

    seen, worker = _probe_build(raw, out, tmp_path)  # nothing changed
    assert worker is None and seen["main process at the end"] == []  # no worker, no spaCy, not even pandas
    assert OutputFolder(out).live() == live  # the live build was kept

    with open(paths[1], "a", encoding="utf-8") as fh:
        fh.write("\n\n30. Members must return council equipment within seven days of leaving office.\n")
    seen, worker = _probe_build(raw, out, tmp_path)
    assert seen["main process at the worker's start"] == []  # the worker started before the build loaded them
    assert worker == ["spacy"]  # it parsed the changed file without pandas, pandera or pyarrow
    assert "spacy" not in seen["main process at the end"]  # the build's own process never loaded the model
    assert "pandera" not in seen["main process at the end"]  # nor pandera: the rows it wrote had their kinds
    assert OutputFolder(out).live() != live
    # the rule files' literal prefilters, read in both processes, are kept for the next rebuild's
    kept = sorted(p.name.split("-")[0] for p in (out / ".cache" / "literals").iterdir())
    assert kept == ["lexicon.v1", "segmentation.v1", "topics.v1"]


def test_a_rebuild_guesses_from_the_files_stamps_whether_it_will_parse(tmp_path):
    """likely_to_parse: a raw file (or the manifest) written after the live build's record was; none, or no
    live build, and no worker is started before the files are hashed."""
    from protocol_analytics.build import likely_to_parse
    from protocol_analytics.build.record import RECORD_NAME

    live, raw = tmp_path / "live", tmp_path / "raw"
    live.mkdir()
    raw.mkdir()
    files = [raw / "a.txt", raw / "b.txt"]
    for path in files:
        path.write_text("text")
        os.utime(path, ns=(10**18, 10**18))
    (live / RECORD_NAME).write_text("{}")
    os.utime(live / RECORD_NAME, ns=(2 * 10**18, 2 * 10**18))
    assert not likely_to_parse(files + [raw / "missing-manifest.csv"], live)
    assert not likely_to_parse(files, None) and not likely_to_parse(files, tmp_path / "gone")
    os.utime(files[1], ns=(3 * 10**18, 3 * 10**18))
    assert likely_to_parse(files, live)


def test_numpy_started_with_one_blas_thread_is_not_limited_again_in_the_worker():
    """A rebuild's process imports numpy with OpenBLAS starting one thread; the model worker forked from it
    then skips threadpoolctl (its look through the loaded libraries took 10 ms of the worker's start), and has
    one BLAS thread all the same. A process whose numpy was loaded otherwise still limits it."""
    probe = ("from protocol_analytics.build import runners\n"
             "runners.one_blas_thread_from_the_start()\n"
             "from threadpoolctl import threadpool_info\n"
             "import os, sys\n"
             "assert 'threadpoolctl' in sys.modules\n"
             "del sys.modules['threadpoolctl']\n"
             "runners.one_blas_thread()\n"
             "print(runners._BLAS_STARTED_WITH_ONE_THREAD, 'threadpoolctl' in sys.modules, os.environ.get('OPENBLAS_NUM_THREADS'),"
             " sorted({i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas'}))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                          env={k: v for k, v in {**os.environ, "PYTHONPATH": str(ROOT)}.items()
                               if k != "OPENBLAS_NUM_THREADS"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False", "None", "[1]"]  # (the variable set for numpy's import only)
    probe = ("import numpy\nfrom protocol_analytics.build import runners\nimport sys\n"
             "runners.one_blas_thread_from_the_start()\nrunners.one_blas_thread()\n"
             "print(runners._BLAS_STARTED_WITH_ONE_THREAD, 'threadpoolctl' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]


def test_a_serial_run_holds_numpy_blas_to_one_thread():
    """A serial run (--jobs 1) tags with numpy's BLAS held to one thread: OpenBLAS's other threads only spun
    between the model's small matrix products (a --jobs 1 build of 300 protocols took 38 s of CPU with a thread a
    core, 20 s with one). numpy not loaded yet is loaded so; numpy loaded already is limited for the run and
    given back its threads after it."""
    probe = ("{first}from threadpoolctl import threadpool_info\n"
             "from protocol_analytics.build import runners\n"
             "def threads():\n"
             "    return sorted({{i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas'}})\n"
             "before = threads() if 'numpy' in __import__('sys').modules else None\n"
             "seen = []\n"
             "def spy(tasks, progress_bar=None):\n"
             "    seen.append(threads())\n"
             "    yield from ()\n"
             "runners._serial_results = spy\n"
             "assert list(runners.run_serially([])) == []\n"
             "print(seen, before is None or threads() == before, runners._BLAS_STARTED_WITH_ONE_THREAD)\n")
    env = {k: v for k, v in {**os.environ, "PYTHONPATH": str(ROOT)}.items() if k != "OPENBLAS_NUM_THREADS"}
    for first, started_with_one in (("", "True"), ("import numpy\n", "False")):
        done = subprocess.run([sys.executable, "-c", probe.format(first=first)], capture_output=True, text=True,
                              cwd=ROOT, env=env)
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == ["[[1]]", "True", started_with_one]


def test_a_build_command_loads_pandera_without_its_data_synthesis():
    """The process of a build run as the program loads pandera without hypothesis (as a core install does: 45 ms
    less) and validates as before; a process that has pandera already keeps it as it is."""
    probe = ("import sys\n"
             "from protocol_analytics.cli import without_data_synthesis\n"
             "without_data_synthesis()\n"
             "import pandas as pd\n"
             "from protocol_analytics import schemas\n"
             "schemas.validate('errors', pd.DataFrame({c: ['-'] for c in schemas.ERRORS.columns}))\n"
             "try:\n"
             "    schemas.validate('errors', pd.DataFrame({'x': [1]}))\n"
             "except Exception as exc:\n"
             "    print(type(exc).__name__)\n"
             "print(sys.modules.get('hypothesis', 'absent'))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "None" and "Error" in done.stdout.split()[0], done.stdout
    probe = ("import sys\nimport pandera.pandas\n"
             "from protocol_analytics.cli import without_data_synthesis\n"
             "without_data_synthesis()\n"
             "print(sys.modules.get('hypothesis', 'absent') is not None)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0 and done.stdout.split() == ["True"], (done.stdout, done.stderr)


@pytest.mark.slow
def test_a_worker_started_on_a_wrong_guess_is_stopped_and_the_live_build_kept(tmp_path, monkeypatch, nlp):
    """A raw file touched but not changed: the build starts the model's worker before hashing it, finds nothing
    to parse, stops the worker and keeps the live build; no process is left."""
    import multiprocessing

    from protocol_analytics.build import runners

    raw, out = tmp_path / "raw", tmp_path / "out"
    paths = _write_corpus(raw, 3)
    build(raw, out, jobs=1, progress=False)
    live = OutputFolder(out).live()
    started = []
    real = runners.ModelWorker.__init__
    monkeypatch.setattr(runners.ModelWorker, "__init__", lambda self, model: (started.append(model),
                                                                               real(self, model))[1])
    os.utime(paths[0])  # (now: after the live build's record)
    report = build(raw, out, jobs=1, progress=False)
    assert started and report.kept and OutputFolder(out).live() == live
    assert multiprocessing.active_children() == []


@pytest.mark.slow
def test_new_batches_validated_together_are_the_batches_made_one_by_one(tmp_path, monkeypatch, nlp):
    """A cold build validates the rows of consecutive new batches at once and cuts them apart
    (batches.split_batch): the tables, texts and cached batches are those of batches made one at a time."""
    from protocol_analytics.build import batches

    raw = tmp_path / "raw"
    _write_corpus(raw, 12)
    monkeypatch.setattr(batches, "BATCH_DOCUMENTS", 2)
    validated = []
    real = batches.encode_batch
    monkeypatch.setattr(batches, "encode_batch", lambda name, df: (validated.append(name), real(name, df))[1])
    made = {}
    for together in (1, 100):
        monkeypatch.setattr(batches, "VALIDATED_TOGETHER", together)
        validated.clear()
        out = tmp_path / f"out-{together}"
        build(raw, out, jobs=1, progress=False)
        made[together] = (_table_files(out), len(validated),
                          sorted(p.name for p in (out / ".cache" / "batches").glob("*.batch")))
    (one_by_one, validations_alone, files_alone), (together, validations_together, files_together) = made[1], made[100]
    assert len(files_alone) > 2 and files_together == files_alone
    assert validations_together < validations_alone  # (one validation a table for them all)
    assert [name for name in one_by_one if together.get(name) != one_by_one[name]] == []
    for name in files_alone:  # (the same rows and pieces: a cut batch's Arrow streams may be laid out otherwise)
        alone, cut = (batches.batch_from_bytes((tmp_path / f"out-{n}" / ".cache" / "batches" / name).read_bytes(),
                                               batches.BatchCache.MAGIC) for n in (1, 100))
        assert (alone.documents, alone.errors, alone.texts, alone.parts) == (cut.documents, cut.errors, cut.texts,
                                                                             cut.parts)
        for table in batches.DOCUMENT_TABLES:
            assert alone.tables[table].table.equals(cut.tables[table].table)
            assert bytes(alone.tables[table].piece.parquet) == bytes(cut.tables[table].piece.parquet)
            assert bytes(alone.tables[table].piece.csv) == bytes(cut.tables[table].piece.csv)


def test_a_process_that_freezes_what_it_loads_freezes_its_model_once_not_each_chunk(nlp):
    """worker_nlp is called for every chunk of documents: in a process that freezes what it loads (a command's,
    a worker), only the call that loads the model freezes; freezing at every call would keep each chunk's cyclic
    garbage from ever being collected (a cold build's memory grew with its documents)."""
    import gc

    from protocol_analytics.build.runners import worker_nlp
    from protocol_analytics.nlp import pipeline_loaded

    worker_nlp(nlp.meta["lang"] + "_" + nlp.meta["name"])
    assert pipeline_loaded()
    gc.freeze()  # (as a command's process has frozen what it loaded)
    try:
        frozen = gc.get_freeze_count()
        chunk_garbage = [[] for _ in range(1000)]
        worker_nlp(nlp.meta["lang"] + "_" + nlp.meta["name"])
        assert gc.get_freeze_count() <= frozen and chunk_garbage  # (frozen objects freed meanwhile: fewer)
    finally:
        gc.unfreeze()


def test_loading_pauses_collections_even_when_a_library_turns_the_collector_on():
    """The model's weights are read by srsly, which turns the collector on after each file: within loading(),
    nothing is collected all the same, and the collector's state and thresholds are restored afterwards."""
    import gc

    from protocol_analytics.build.runners import loading

    collections = []

    def callback(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    thresholds, enabled = gc.get_threshold(), gc.isenabled()
    gc.callbacks.append(callback)
    try:
        with loading():
            gc.enable()  # (what srsly.msgpack_loads does)
            cycles = []
            for _ in range(50_000):
                node: list = []
                node.append(node)
                cycles.append(node)
            del cycles
            inside = list(collections)
        assert inside == []
        assert gc.get_threshold() == thresholds and gc.isenabled() == enabled
    finally:
        gc.callbacks.remove(callback)


def _table_files(out: Path) -> dict[str, bytes]:
    from protocol_analytics import schemas

    files = {f"{name}.{ext}": (out / f"{name}.{ext}").read_bytes() for name in schemas.TABLES
             for ext in ("parquet", "csv")}
    files.update({f"text/{p.name}": p.read_bytes() for p in sorted((out / "text").glob("*.txt"))})
    return files


@pytest.mark.slow
def test_a_build_with_nothing_changed_keeps_the_live_build_until_one_of_its_files_changes(tmp_path, nlp):
    raw, out = tmp_path / "raw", tmp_path / "out"
    _write_corpus(raw, 3)
    first = build(raw, out, progress=False)
    live, tables = OutputFolder(out).live(), _table_files(out)
    again = build(raw, out, progress=False)
    assert again.kept and not first.kept and OutputFolder(out).live() == live
    assert (again.n_documents, again.n_clauses, again.n_errors, again.error_rows, again.exit_code) == \
           (first.n_documents, first.n_clauses, first.n_errors, first.error_rows, first.exit_code)
    assert again.n_cached == again.n_files == first.n_files
    os.utime(live / "tags.csv", ns=(0, 10**18))  # someone touched a table of the live build
    third = build(raw, out, progress=False)
    assert not third.kept and OutputFolder(out).live() != live and _table_files(out) == tables


def test_the_inputs_key_follows_documents_errors_settings_and_the_packages_files(tmp_path, monkeypatch):
    import shutil

    from protocol_analytics import config

    pkg = tmp_path / "protocol_analytics"
    shutil.copytree(config.PACKAGE_DIR, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(config, "PACKAGE_DIR", pkg)
    monkeypatch.setattr(config, "PACKAGE_DATA", pkg / "data")
    error = {"file": "x.txt", "doc_id": "x", "code": "PA021", "stage": "manifest", "message": "m"}
    key = inputs_key(Settings(), ["a.json", "b.json"], [error], 3)
    assert key == inputs_key(Settings(), ["a.json", "b.json"], [error], 3)
    others = [inputs_key(Settings(), ["b.json", "a.json"], [error], 3),
              inputs_key(Settings(), ["a.json", "b.json"], [], 3),
              inputs_key(Settings(), ["a.json", "b.json"], [error], 4),
              inputs_key(Settings(max_mb=1.0), ["a.json", "b.json"], [error], 3)]
    coverage = pkg / "analysis" / "coverage.py"  # code of a corpus-wide table, not of the per-document step
    os.utime(coverage, ns=(0, 10**18))
    others.append(inputs_key(Settings(), ["a.json", "b.json"], [error], 3))
    assert len({key, *others}) == len(others) + 1


@pytest.mark.slow
def test_a_changed_batch_encodes_only_its_changed_document_and_gives_the_bytes_of_a_clean_build(tmp_path, monkeypatch,
                                                                                                  nlp):
    from protocol_analytics.build import batches

    raw, out = tmp_path / "raw", tmp_path / "out"
    paths = _write_corpus(raw, 12)
    build(raw, out, jobs=1, progress=False, background=False)
    encoded = []
    real = batches.encode_batch
    monkeypatch.setattr(batches, "encode_batch", lambda name, df: (encoded.append((name, set(df["doc_id"]))),
                                                                   real(name, df))[1])
    with open(paths[5], "a", encoding="utf-8") as fh:
        fh.write("\n\n30. Members must return council equipment within seven days of leaving office.\n")
    report = build(raw, out, jobs=1, progress=False, background=False)
    assert report.n_cached == len(paths) - 1
    assert encoded and all(ids <= {paths[5].stem} for _, ids in encoded)  # only the changed document's rows
    clean = tmp_path / "clean"
    build(raw, clean, jobs=1, use_cache=False, progress=False)
    mine, theirs = _table_files(out), _table_files(clean)
    assert [name for name in theirs if mine.get(name) != theirs[name]] == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=8), max_size=4), max_size=20))
def test_json_arrays_are_what_json_dumps_writes(cells):
    import pyarrow as pa

    from protocol_analytics.io import json_arrays

    column = pa.array(cells, pa.list_(pa.string()))
    assert json_arrays(column).to_pylist() == [json.dumps(c, ensure_ascii=False) for c in cells]
    if len(cells) > 2:  # a slice, and a column of chunks
        assert json_arrays(column.slice(1)).to_pylist() == [json.dumps(c, ensure_ascii=False) for c in cells[1:]]
        chunked = pa.chunked_array([column.slice(0, 2), column.slice(2)])
        assert json_arrays(chunked).to_pylist() == [json.dumps(c, ensure_ascii=False) for c in cells]


def _families_by_groupby(similarity: pd.DataFrame, threshold: float) -> dict[str, str]:
    """Template families as the code before the numpy version found them (pandas groupby), for comparison."""
    from protocol_analytics.analysis.compare import connected_components

    names = np.asarray(sorted(similarity["council"].unique()), dtype=object)
    code = {name: n for n, name in enumerate(names)}
    pairs = similarity[similarity["council"] != similarity["other_council"]]
    a = pairs["council"].map(code).to_numpy(dtype=np.int64)
    b = pairs["other_council"].map(code).to_numpy(dtype=np.int64)
    low, high = np.minimum(a, b), np.maximum(a, b)
    mean = pd.DataFrame({"a": low, "b": high, "s": pairs["similarity"].to_numpy(dtype=float)}).groupby(
        ["a", "b"], sort=False)["s"].mean()
    linked = mean[mean >= threshold].index
    labels = connected_components(len(names), linked.get_level_values(0).to_numpy(dtype=np.int64),
                                  linked.get_level_values(1).to_numpy(dtype=np.int64))
    roots, size = np.unique(labels, return_counts=True)
    order = sorted(range(len(roots)), key=lambda k: (-size[k], roots[k]))
    number = {roots[k]: rank for rank, k in enumerate(order, start=1)}
    sizes = dict(zip(roots, size))
    return {name: f"F{number[labels[n]]}" if sizes[labels[n]] > 1 else f"F{number[labels[n]]} (own template)"
            for n, name in enumerate(names)}


@pytest.mark.parametrize("seed", range(5))
def test_template_families_are_those_the_groupby_found(seed):
    from protocol_analytics.analysis.compare import FAMILY_AT, template_families

    rng = np.random.default_rng(seed)
    councils = [f"Council {k:02d}" for k in range(30)]
    rows = [(c, c, 1.0) for c in councils]
    for _ in range(120):
        a, b = rng.choice(len(councils), 2, replace=False)
        rows.append((councils[a], councils[b], float(rng.choice([0.1, 0.25, 0.3, 0.35, 0.6, 0.9]))))
    table = pd.DataFrame(rows, columns=["council", "other_council", "similarity"]).drop_duplicates(
        ["council", "other_council"])
    assert template_families(table) == _families_by_groupby(table, FAMILY_AT)


_REAL_RUN_CHUNK = None


def _slow_run_chunk(*args):
    """runners.run_chunk, a second and a half later (a module function: the worker gets it by name)."""
    import time

    time.sleep(1.5)
    return _REAL_RUN_CHUNK(*args)


def _slow_worker(monkeypatch) -> None:
    """The background worker (forked from this process) waits before parsing: the build reaches the changed
    file's batch first and has to wait for it."""
    from protocol_analytics.build import runners

    monkeypatch.setattr(sys.modules[__name__], "_REAL_RUN_CHUNK", runners.run_chunk)
    monkeypatch.setattr(runners, "run_chunk", _slow_run_chunk)


@pytest.mark.slow
@pytest.mark.parametrize("fits", [True, False])
def test_the_comparison_made_while_the_worker_parses_is_used_only_for_the_clauses_it_read(tmp_path, monkeypatch,
                                                                                           nlp, fits):
    """While it waits for the worker, the build makes alignment and similarity from the changed files as it
    segments them itself; they are kept when the tagged clauses are those, made again when not, and either
    way the tables are the bytes of a clean build."""
    from protocol_analytics.build import corpus

    raw, out = tmp_path / "raw", tmp_path / "out"
    paths = _write_corpus(raw, 8)
    build(raw, out, jobs=1, progress=False)
    _slow_worker(monkeypatch)
    seen = []
    real_fits, real_early = corpus.EarlyTables.fits, corpus.early_tables
    monkeypatch.setattr(corpus.EarlyTables, "fits", lambda self, *a: seen.append(real_fits(self, *a)) or seen[-1])
    if not fits:  # the clauses read early are not those the worker tags (as if the file changed meanwhile)
        def misread(entries, changed, *args):
            changed = {rel: (council, [{**r, "text": r["text"] + " (misread)"} for r in rows])
                       for rel, (council, rows) in changed.items()}
            return real_early(entries, changed, *args)
        monkeypatch.setattr(corpus, "early_tables", misread)
    with open(paths[4], "a", encoding="utf-8") as fh:
        fh.write("\n\n30. Members must return council equipment within seven days of leaving office.\n")
    report = build(raw, out, jobs=1, progress=False)
    assert report.n_cached == len(paths) - 1 and seen == [fits]
    clean = tmp_path / "clean"
    build(raw, clean, jobs=1, use_cache=False, progress=False)
    mine, theirs = _table_files(out), _table_files(clean)
    assert [name for name in theirs if mine.get(name) != theirs[name]] == []


POOL_PROBE = """
import json, os, sys
from protocol_analytics import nlp
from protocol_analytics.build import runners
from protocol_analytics.cli import main

real_make_nlp, real_init = nlp.make_nlp, runners._pool_init

def make_nlp(*args, **kwargs):
    with open(os.environ["PROBE_LOADS"], "a") as fh:
        fh.write(f"{os.getpid()}\\n")
    return real_make_nlp(*args, **kwargs)

def pool_init(model):
    with open(os.environ["PROBE_WORKERS"], "a") as fh:  # (what the worker holds when it starts)
        fh.write(json.dumps({"pid": os.getpid(), "pandas": "pandas" in sys.modules}) + "\\n")
    real_init(model)

nlp.make_nlp, runners._pool_init = make_nlp, pool_init
sys.exit(main(["build", sys.argv[1], "--out", sys.argv[2], "--quiet", "--no-cache", "--jobs", "2"]))
"""


@pytest.mark.slow
def test_a_cold_parallel_build_starts_its_worker_early_with_the_model_it_loaded_once(tmp_path):
    """The build's process loads the model, then forks the worker, which has it too (each loaded its own), before
    it loads the tables' libraries (the worker started after them)."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    _write_corpus(raw, n=6)
    loads, workers = tmp_path / "loads.txt", tmp_path / "workers.jsonl"
    done = subprocess.run([sys.executable, "-c", POOL_PROBE, str(raw), str(out)], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "PROBE_LOADS": str(loads),
                                         "PROBE_WORKERS": str(workers)})
    assert done.returncode == 0, done.stderr
    started = [json.loads(line) for line in workers.read_text().splitlines()]
    assert len(started) == 1 and not started[0]["pandas"]  # one worker, started before the tables' libraries
    loaded_in = loads.read_text().split()
    assert len(loaded_in) == 1 and loaded_in[0] != str(started[0]["pid"])  # loaded once, not in the worker
    assert len(pd.read_parquet(out / "documents.parquet")) == 6
