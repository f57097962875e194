"""Scale: serial, process-pool and Dask builds agree; incremental rebuilds redo only what changed;
the synthetic corpus generator (benchmarks/make_corpus.py) writes protocols that build cleanly."""
from __future__ import annotations

import hashlib
import importlib.util
import re
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from protocol_analytics.build import Settings, build
from protocol_analytics.build.files import discover_files

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("clauses", "tags", "coverage")


def _load_make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_corpus", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _folder_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _table(out: Path, name: str) -> pd.DataFrame:
    df = pd.read_parquet(out / f"{name}.parquet")
    # list columns compare badly after sorting: make them tuples, then sort by every column
    for col in df.columns:
        if df[col].map(lambda v: hasattr(v, "__len__") and not isinstance(v, str)).any():
            df[col] = df[col].map(lambda v: tuple(v) if v is not None else None)
    return df.sort_values(list(df.columns), key=lambda s: s.astype(str)).reset_index(drop=True)


def _assert_same_tables(a: Path, b: Path) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(_table(a, name), _table(b, name), obj=name)


@pytest.fixture(scope="session")
def raw_copy(tmp_path_factory, raw_dir) -> Path:
    dest = tmp_path_factory.mktemp("raw_copy") / "raw"
    shutil.copytree(raw_dir, dest)
    return dest


@pytest.fixture(scope="session")
def serial_build(tmp_path_factory, raw_copy, nlp) -> Path:
    out = tmp_path_factory.mktemp("serial")
    report = build(raw_copy, out, jobs=1, use_cache=False, progress=False)
    assert report.n_errors == 0
    return out


def test_jobs2_matches_serial(tmp_path, raw_copy, serial_build, monkeypatch):
    """--jobs 2 runs one worker process and this one, which takes chunks of documents itself; every table is
    the bytes of the serial build's."""
    from protocol_analytics.build import runners

    pools, here = [], []
    real_pool, real_here = runners.ProcessPoolExecutor, runners.run_here

    def pool(max_workers, **kw):
        pools.append(max_workers)
        return real_pool(max_workers=max_workers, **kw)

    monkeypatch.setattr(runners, "ProcessPoolExecutor", pool)
    monkeypatch.setattr(runners, "run_here", lambda chunk: (here.extend(t.file for t in chunk), real_here(chunk))[1])
    report = build(raw_copy, tmp_path, jobs=2, use_cache=False, progress=False)
    assert report.n_errors == 0 and report.n_documents == len(discover_files(raw_copy))
    assert pools == [1]  # two processes hold the model: one worker and this one
    assert 0 < len(here) < report.n_documents  # both did documents
    mine, serial = _table_bytes(tmp_path), _table_bytes(serial_build)
    assert [name for name in mine if mine[name] != serial[name]] == []


@pytest.mark.slow
def test_dask_local_matches_serial(tmp_path, raw_copy, serial_build):
    pytest.importorskip("dask.distributed")
    report = build(raw_copy, tmp_path, scheduler="local", use_cache=False, progress=False)
    assert report.n_errors == 0
    _assert_same_tables(serial_build, tmp_path)


def test_incremental_rebuild_redoes_only_the_changed_file(tmp_path, raw_copy, nlp):
    raw = tmp_path / "raw"
    shutil.copytree(raw_copy, raw)
    out = tmp_path / "out"
    first = build(raw, out, progress=False)
    n_files = len([p for p in discover_files(raw) if p.suffix == ".txt"])
    assert first.n_cached == 0 and first.n_documents == n_files

    changed = raw / "ostbury-town-council.txt"
    new_clause = "9.9 Members must not ask the Town Clerk to process their personal parking permits."
    with open(changed, "a", encoding="utf-8") as fh:
        fh.write(f"\n\n9. Parking permits\n\n{new_clause}\n")
    # councils.csv records each file's sha256: drop the stale one so the manifest does not flag the edit
    manifest = pd.read_csv(raw / "councils.csv", dtype=str, keep_default_na=False)
    manifest.loc[manifest["file"] == changed.name, "sha256"] = ""
    manifest.to_csv(raw / "councils.csv", index=False)
    before = _folder_digest(raw)

    second = build(raw, out, progress=False)
    assert second.n_cached == n_files - 1
    assert _folder_digest(raw) == before  # the build only reads the raw folder
    clauses = pd.read_parquet(out / "clauses.parquet")
    ostbury = clauses[clauses["doc_id"] == "ostbury-town-council"]
    assert ostbury["text"].str.contains("personal parking permits").any()
    assert set(clauses["doc_id"]) == set(pd.read_parquet(out / "documents.parquet")["doc_id"])
    # the corpus-wide tables are recomputed from all documents, the changed one included
    coverage = pd.read_parquet(out / "coverage.parquet")
    assert set(coverage["doc_id"]) == set(clauses["doc_id"])
    assert (out / "text" / "ostbury-town-council.txt").read_text(encoding="utf-8").rstrip().endswith(new_clause)

    third = build(raw, out, progress=False)
    assert third.n_cached == n_files


def test_cache_key_ignores_report_code_but_not_nlp_code(monkeypatch, tmp_path):
    from protocol_analytics import config

    pkg = tmp_path / "protocol_analytics"
    shutil.copytree(config.PACKAGE_DIR, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(config, "PACKAGE_DIR", pkg)
    monkeypatch.setattr(config, "PACKAGE_DATA", pkg / "data")
    key = Settings().key()
    (pkg / "plots.py").write_text((pkg / "plots.py").read_text() + "\n# restyled\n")
    (pkg / "report.py").write_text((pkg / "report.py").read_text() + "\n# reworded\n")
    assert Settings().key() == key
    (pkg / "nlp" / "rules.py").write_text((pkg / "nlp" / "rules.py").read_text() + "\n# new rule\n")
    assert Settings().key() != key
    taxonomy = tmp_path / "topics.yaml"
    taxonomy.write_text((pkg / "data" / "topics.v1.yaml").read_text())
    assert Settings(taxonomy=str(taxonomy)).key() != Settings().key()


def test_generated_corpus_builds_without_errors(tmp_path, nlp):
    make_corpus = _load_make_corpus()
    n = 6
    paths = make_corpus.generate_corpus(n, tmp_path / "corpus", seed=7)
    assert len(paths) == n and len({p.name for p in paths}) == n
    again = make_corpus.generate_corpus(n, tmp_path / "again", seed=7)
    assert [p.read_bytes() for p in paths] == [p.read_bytes() for p in again]  # deterministic
    html_md = make_corpus.generate_corpus(2, tmp_path / "corpus", seed=8, formats=("html", "md"))
    assert {p.suffix for p in html_md} <= {".html", ".md"}
    report = build(tmp_path / "corpus", tmp_path / "out", progress=False)
    assert report.n_errors == 0, report.errors.to_dict("records")
    assert report.n_documents == len(list((tmp_path / "corpus").iterdir()))
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert (documents["n_clauses"] > 0).all()
    assert documents["council"].str.endswith("Council").all()


# ------------------------------------------------------------------ streaming and block reuse

def test_block_runs_are_content_defined():
    from protocol_analytics.build.batches import batch_runs

    names = [f"{n:05d}-council.pkl" for n in range(400)]
    runs = batch_runs(names, target=20)
    assert [a for a, _ in runs] == [0] + [b for _, b in runs[:-1]] and runs[-1][1] == len(names)
    assert all(b - a <= 80 for a, b in runs) and len(runs) > 5
    inserted = names[:200] + ["new-council.pkl"] + names[200:]
    before = {tuple(names[a:b]) for a, b in runs}
    after = {tuple(inserted[a:b]) for a, b in batch_runs(inserted, target=20)}
    assert len(before - after) == 1 and len(after - before) == 1  # only the run the new file joined


def test_rebuild_rewrites_only_the_changed_block_and_matches_a_clean_build(tmp_path, monkeypatch, nlp):
    from protocol_analytics.build import batches

    make_corpus = _load_make_corpus()
    raw = tmp_path / "raw"
    paths = make_corpus.generate_corpus(24, raw, seed=11, formats=("txt",))
    monkeypatch.setattr(batches, "BATCH_DOCUMENTS", 4)
    out = tmp_path / "out"
    build(raw, out, progress=False)
    n_blocks = len(list((out / ".cache" / "batches").glob("*.batch")))
    assert n_blocks > 3

    puts = []
    real_put = batches.BatchCache.put
    monkeypatch.setattr(batches.BatchCache, "put", lambda self, key, block, **kw: (puts.append(key),
                                                                                    real_put(self, key, block, **kw)))
    with open(paths[10], "a", encoding="utf-8") as fh:
        fh.write("\n\n30. Gifts\n\n30.1 Officers must not accept gifts from councillors.\n")
    report = build(raw, out, progress=False)
    assert report.n_cached == len(paths) - 1
    assert len(puts) == 1  # the other blocks came from the block cache as they were
    assert len(list((out / ".cache" / "batches").glob("*.batch"))) == n_blocks  # the stale block was removed

    clean = tmp_path / "clean"
    build(raw, clean, use_cache=False, progress=False)
    assert not (clean / ".cache").exists()
    for name in ("documents", "clauses", "tags", "statements", "escalation_edges", "coverage", "alignment"):
        pd.testing.assert_frame_equal(pd.read_parquet(out / f"{name}.parquet"), pd.read_parquet(clean / f"{name}.parquet"),
                                      obj=name)
    clauses = pd.read_parquet(out / "clauses.parquet")
    assert clauses["text"].str.contains("accept gifts from councillors").sum() == 1


def test_candidate_pairs_do_not_depend_on_the_chunk_size(serial_build):
    from protocol_analytics.analysis.compare import _norm, candidate_pairs

    clauses = pd.read_parquet(serial_build / "clauses.parquet")
    norm = clauses["text"].map(_norm).tolist()
    councils = pd.factorize(clauses["council"])[0]
    whole = candidate_pairs(norm, councils, max_pairs=10**9)
    assert len(whole[0]) > 100 and (councils[whole[0]] != councils[whole[1]]).all()
    for size in (50, 1_000):
        chunked = candidate_pairs(norm, councils, max_pairs=size)
        assert all((x == y).all() for x, y in zip(whole, chunked, strict=True))


def test_the_candidates_of_some_clauses_are_theirs_among_all(serial_build):
    """candidate_pairs for a mask of clauses (a rebuild's touched ones) leaves out the posting lists and shared
    texts none of them is in: the pairs are those of the same clauses among all."""
    from protocol_analytics.analysis.compare import _norm, candidate_pairs

    clauses = pd.read_parquet(serial_build / "clauses.parquet")
    norm = clauses["text"].map(_norm).tolist()
    councils = pd.factorize(clauses["council"])[0]
    whole = candidate_pairs(norm, councils)
    rng = np.random.default_rng(7)
    for share in (0.01, 0.1, 0.5):
        wanted = rng.random(len(norm)) < share
        some = candidate_pairs(norm, councils, rows=wanted)
        keep = wanted[whole[0]]
        assert len(some[0]) and all((x == y[keep]).all() for x, y in zip(some, whole, strict=True))


def test_identical_texts_of_a_few_copies_pair_as_those_of_many(monkeypatch):
    """Identical texts of at most FEW_COPIES copies are paired in plain Python (compare._copies_elsewhere), the
    others with numpy: each copy with its first per_clause copies in other councils, the same pairs either way."""
    from protocol_analytics.analysis import compare

    rng = np.random.default_rng(11)
    texts = [f"the clerk keeps record number {k} of the meetings held" for k in range(40)]
    copies = rng.integers(0, len(texts), 400)  # texts of 1 to about 20 copies, often several in one council
    norm = [compare._norm(texts[k]) for k in copies]
    councils = rng.integers(0, 12, len(norm))
    for per_clause in (1, 3, 10):
        for rows in (None, rng.random(len(norm)) < 0.2):
            few = compare.candidate_pairs(norm, councils, per_clause=per_clause, rows=rows)
            monkeypatch.setattr(compare, "FEW_COPIES", 0)
            many = compare.candidate_pairs(norm, councils, per_clause=per_clause, rows=rows)
            monkeypatch.undo()
            assert len(few[0]) > 50 and all((x == y).all() for x, y in zip(few, many, strict=True))


def test_table_sink_writes_blocks_as_row_groups_and_replaces_the_table_at_close(serial_build, tmp_path):
    import pyarrow.parquet as pq

    from protocol_analytics.io import TableSink, read_table

    tags = read_table("tags", serial_build)
    (tmp_path / "tags.parquet").write_bytes(b"the previous table")
    sink = TableSink("tags", tmp_path)
    for part in (tags.iloc[:100], tags.iloc[100:250], tags.iloc[250:]):
        sink.append(part)
        assert (tmp_path / "tags.parquet").read_bytes() == b"the previous table"
    sink.close()
    assert pq.ParquetFile(tmp_path / "tags.parquet").num_row_groups == 3
    pd.testing.assert_frame_equal(read_table("tags", tmp_path), tags)
    assert pd.read_csv(tmp_path / "tags.csv", keep_default_na=False).shape == tags.shape
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tags.csv", "tags.parquet"]


def test_connected_components_label_each_node_with_its_smallest_member():
    import numpy as np

    from protocol_analytics.analysis.compare import connected_components

    # 0-4-2 (a chain reached from its far end), 1-3, 5 alone
    labels = connected_components(6, np.array([4, 2, 3]), np.array([2, 0, 1]))
    assert labels.tolist() == [0, 1, 0, 1, 0, 5]
    assert connected_components(3, np.zeros(0, dtype=int), np.zeros(0, dtype=int)).tolist() == [0, 1, 2]


def test_template_families_join_councils_sharing_a_template():
    from protocol_analytics.analysis.compare import template_families

    rows = [("Ash", "Birch", 0.5), ("Birch", "Ash", 0.4), ("Cedar", "Deal", 0.6), ("Deal", "Cedar", 0.1),
            ("Elm", "Ash", 0.2), ("Ash", "Elm", 0.2), ("Fir", "Gorse", 0.35), ("Gorse", "Holly", 0.9)]
    rows += [(c, c, 1.0) for c in ("Ash", "Birch", "Cedar", "Deal", "Elm", "Fir", "Gorse", "Holly")]
    families = template_families(pd.DataFrame(rows, columns=["council", "other_council", "similarity"]))
    # Fir-Gorse-Holly (3) first; Ash-Birch before Elm alone; Cedar-Deal's mean 0.35 links them too
    assert families == {"Fir": "F1", "Gorse": "F1", "Holly": "F1", "Ash": "F2", "Birch": "F2",
                        "Cedar": "F3", "Deal": "F3", "Elm": "F4 (own template)"}


def test_a_tagging_bug_in_one_document_spares_the_others(tmp_path, raw_copy, monkeypatch, nlp):
    from protocol_analytics import tag

    real = tag.tag_rows

    def flaky(rows, *args, **kwargs):
        if any(r["doc_id"] == "ostbury-town-council" for r in rows):
            raise RuntimeError("rule crashed")
        return real(rows, *args, **kwargs)

    monkeypatch.setattr(tag, "tag_rows", flaky)
    report = build(raw_copy, tmp_path, use_cache=False, progress=False)
    n_files = len([p for p in discover_files(raw_copy) if p.suffix == ".txt"])
    assert report.n_documents == n_files - 1 and report.exit_code == 3
    error = report.errors.set_index("file").loc["ostbury-town-council.txt"]
    assert error["code"] == "PA013" and "rule crashed" in error["message"] and "report it" in error["message"]
    assert "ostbury-town-council" not in set(pd.read_parquet(tmp_path / "clauses.parquet")["doc_id"])


def test_a_document_whose_tagging_failed_is_tagged_again_by_the_next_build(tmp_path, raw_copy, monkeypatch, nlp):
    """A crash of the package (a missing file it needed, memory) says nothing about the raw file: the cache
    must not keep it, or every later build would repeat the error until the cache is cleared."""
    from protocol_analytics import tag

    real = tag.tag_rows

    def broken(rows, *args, **kwargs):
        if any(r["doc_id"] == "ostbury-town-council" for r in rows):
            raise FileNotFoundError(2, "No such file or directory")
        return real(rows, *args, **kwargs)

    monkeypatch.setattr(tag, "tag_rows", broken)
    first = build(raw_copy, tmp_path, progress=False, background=False)
    assert set(first.errors["code"]) == {"PA013"}
    monkeypatch.setattr(tag, "tag_rows", real)
    second = build(raw_copy, tmp_path, progress=False, background=False)
    assert second.errors.empty and second.n_cached == first.n_documents
    assert "ostbury-town-council" in set(pd.read_parquet(tmp_path / "clauses.parquet")["doc_id"])


# ------------------------------------------------------------------ incremental corpus-wide tables

def _table_bytes(out: Path) -> dict[str, bytes]:
    from protocol_analytics import schemas

    return {f"{name}.{ext}": (out / f"{name}.{ext}").read_bytes() for name in schemas.TABLES for ext in ("parquet", "csv")}


def test_an_incremental_rebuild_writes_the_bytes_of_a_clean_build_after_add_change_remove(tmp_path, monkeypatch, nlp):
    """The corpus-wide tables of a rebuild come from the previous build's state, scored again only where the
    change reaches (build/corpus.py), and are byte for byte those of a build from scratch."""
    from protocol_analytics.build import corpus

    make_corpus = _load_make_corpus()
    raw = tmp_path / "raw"
    paths = make_corpus.generate_corpus(30, raw, seed=5, formats=("txt",))
    out = tmp_path / "out"
    build(raw, out, jobs=1, progress=False, background=False)
    scored = []
    real = corpus.scored_candidates
    monkeypatch.setattr(corpus, "scored_candidates",
                        lambda frame, **kw: (scored.append((len(frame), int(kw["rows"].sum()) if kw.get("rows") is not None
                                                            else len(frame))), real(frame, **kw))[1])
    aligned = []  # (clauses, the rows align_clauses made)
    real_align = corpus.align_clauses
    monkeypatch.setattr(corpus, "align_clauses",
                        lambda frame, **kw: (aligned.append((len(frame), kw.get("rows"))), real_align(frame, **kw))[1])
    changed = []  # the clauses counted as new or changed (the others keep their candidates unless touched)
    real_touched = corpus.touched_clauses
    monkeypatch.setattr(corpus, "touched_clauses", lambda norm, new, *a, **kw: (
        changed.append(int(new.sum())), real_touched(norm, new, *a, **kw))[1])
    text = paths[7].read_text(encoding="utf-8")
    lead_in = next(p for p in paths[21:]
                   if re.search(r"(?m)^[^\n]* can expect [^\n]*:$", p.read_text(encoding="utf-8")))

    def edit_middle(path: Path, old: str, new: str) -> None:
        before = path.read_text(encoding="utf-8")
        at = before.index(old, len(before) // 3)
        path.write_text(before[:at] + new + before[at + len(old):], encoding="utf-8")

    edits = {
        "change": lambda: paths[12].write_text(paths[12].read_text(encoding="utf-8")
                                               + "\n\n40. Members must return council laptops when they leave office.\n"),
        "clause edited in the middle": lambda: edit_middle(paths[14], " the ", " the whole "),
        # (the same words: the clause keeps its candidates, but the rows that quote it as a counterpart change)
        "only a clause's case changed": lambda: _recase_a_counterpart(out, raw),
        "lead-in edited": lambda: lead_in.write_text(re.sub(r"(?m)^([^\n]*) can expect ([^\n]*:)$", r"\1 may expect \2",
                                                            lead_in.read_text(encoding="utf-8"), count=1),
                                                     encoding="utf-8"),
        "add": lambda: (raw / "zz-new-council.txt").write_text(text.replace("Council", "Borough Council", 2)
                                                                + "\n\n41. The Clerk keeps a register of gifts.\n"),
        "remove": lambda: paths[20].unlink(),
        "council renamed": lambda: paths[3].write_text(paths[3].read_text(encoding="utf-8").replace("Council", "Kouncil")),
    }
    for n, (what, edit) in enumerate(edits.items()):
        edit()
        scored.clear()
        aligned.clear()
        changed.clear()
        report = build(raw, out, jobs=1, progress=False, background=False)
        assert report.n_errors == 0
        if what in ("change", "clause edited in the middle"):  # (the document's other clauses are as they were)
            assert changed == [1], (what, changed)
        if what == "lead-in edited":  # (the lead-in's line, and the items under it: a tie between equal texts is
            # broken by their lead-ins)
            assert len(changed) == 1 and changed[0] > 1, changed
        if what == "only a clause's case changed":  # (its words are the same: no clause is scored again)
            assert scored == [] and changed == [0], (scored, changed)
        else:
            assert len(scored) == 1 and 0 < scored[0][1] < scored[0][0], (what, scored)  # only the touched clauses
        # the other clauses' alignment rows are the previous build's
        assert aligned and all(not isinstance(rows, tuple) and 0 < len(rows) < n for n, rows in aligned), what
        clean = tmp_path / f"clean{n}"
        build(raw, clean, jobs=1, use_cache=False, progress=False)
        mine, theirs = _table_bytes(out), _table_bytes(clean)
        assert [name for name in mine if mine[name] != theirs[name]] == [], what


def _recase_a_counterpart(out: Path, raw: Path) -> None:
    """Change the case of one letter of a clause that another council's clause has as its same-text counterpart."""
    alignment = pd.read_parquet(out / "alignment.parquet")
    documents = pd.read_parquet(out / "documents.parquet").set_index("doc_id")
    for row in alignment[alignment["relation"] == "same"].itertuples():
        path = raw / documents.loc[row.other_doc_id, "source_file"]
        text = path.read_text(encoding="utf-8")
        if text.count(row.other_text) == 1:
            at = next(k for k, ch in enumerate(row.other_text) if k and ch.islower())
            recased = row.other_text[:at] + row.other_text[at].upper() + row.other_text[at + 1:]
            path.write_text(text.replace(row.other_text, recased), encoding="utf-8")
            return
    raise AssertionError("no clause to recase")


def test_a_broken_corpus_state_is_made_again(tmp_path, raw_copy, nlp):
    out = tmp_path / "out"
    build(raw_copy, out, jobs=1, progress=False)
    state = out / ".cache" / "corpus.state"
    before = _table_bytes(out)
    state.write_bytes(state.read_bytes()[:-100])
    build(raw_copy, out, jobs=1, progress=False)
    assert _table_bytes(out) == before and len(state.read_bytes()) > 1000


def test_the_settings_key_kept_under_file_stamps_follows_an_edit(tmp_path, monkeypatch):
    import os
    import shutil

    from protocol_analytics import config

    pkg = tmp_path / "protocol_analytics"
    shutil.copytree(config.PACKAGE_DIR, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(config, "PACKAGE_DIR", pkg)
    monkeypatch.setattr(config, "PACKAGE_DATA", pkg / "data")
    kept = tmp_path / "cache"
    key = Settings().key(kept)
    assert key == Settings().key() == Settings().key(kept) and (kept / "settings.key.json").is_file()
    cues = pkg / "segment" / "cues.py"
    cues.write_text(cues.read_text().replace('_OPENING_QUOTES = "', '_OPENING_QUOTES = "‹', 1))
    os.utime(cues, ns=(0, 10**18))
    assert Settings().key(kept) == Settings().key() != key


@pytest.mark.parametrize("loaded_before", [False, True])
def test_a_build_drops_the_model_it_loaded_for_its_documents_and_keeps_one_it_found(raw_copy, nlp, monkeypatch,
                                                                                    loaded_before):
    """The model a build loads for its own share of the documents is dropped once it has no document left
    (its memory is free for the corpus-wide tables); a model the process held before (build --watch) stays."""
    from functools import lru_cache

    import protocol_analytics.nlp as nlp_module
    from protocol_analytics.build.documents import DocumentTask
    from protocol_analytics.build.runners import run_serially

    cache = lru_cache(maxsize=2)(lambda model: nlp)  # the session's pipeline stands for a loaded one
    monkeypatch.setattr(nlp_module, "_loaded", cache)
    if loaded_before:
        nlp_module.default_nlp(Settings().model)
    files = [p for p in discover_files(raw_copy)][:3]
    tasks = [DocumentTask(p, raw_copy, None, Settings(), p.stem) for p in files]
    results = list(run_serially(tasks))
    assert [r.file for r in results] == [t.file for t in tasks] and all(r.document for r in results)
    assert cache.cache_info().currsize == (1 if loaded_before else 0)


def test_a_rebuild_does_its_later_work_while_the_background_worker_is_still_busy():
    """BackgroundDocuments.wait_for runs ``while_waiting`` (the rebuild's warm-up) once, before it would block
    on a worker still loading the model, and not when the worker's results are already there."""
    from types import SimpleNamespace

    from protocol_analytics.build.documents import DocumentResult
    from protocol_analytics.build.runners import BackgroundDocuments

    def background(done: bool):
        bg = BackgroundDocuments.__new__(BackgroundDocuments)  # (no worker process: a stand-in holds its result)
        result = DocumentResult("a", "a.txt")
        worker = SimpleNamespace(ready=done, result=lambda: [result])
        worker.done = lambda: worker.ready
        bg.tasks, bg.received, bg.calls = [], [], []
        bg.on_result, bg.pending, bg.worker = bg.received.append, {"a.txt"}, worker
        bg.while_waiting = lambda: (bg.calls.append("warm"), setattr(worker, "ready", True))
        return bg, result

    busy, result = background(done=False)
    busy.wait_for(["b.txt"])  # a batch without the worker's files: nothing to wait for
    assert busy.calls == [] and busy.received == []
    busy.wait_for(["a.txt"])
    busy.wait_for(["a.txt"])
    assert busy.calls == ["warm"] and busy.received == [result]
    ready, result = background(done=True)
    ready.wait_for(["a.txt"])
    assert ready.calls == [] and ready.received == [result]


def _tagged_by(parent: int, chunk, prepared=None):
    """A stand-in for runners.run_chunk: which process took each document (a worker's take a while)."""
    import os
    import time

    if os.getpid() != parent:
        time.sleep(0.05)
    return [(os.getpid(), task) for task in chunk]


def test_a_pool_run_leaves_its_last_documents_to_the_workers_while_this_process_drops_its_model(monkeypatch):
    import functools
    import os

    import protocol_analytics.nlp as nlp
    from protocol_analytics.build import runners

    released = []
    monkeypatch.setattr(runners, "worker_nlp", lambda model: None)
    monkeypatch.setattr(runners, "_pool_init", lambda model: None)
    monkeypatch.setattr(runners, "load_before_fork", lambda settings, tasks: None)
    monkeypatch.setattr(runners, "run_chunk", functools.partial(_tagged_by, os.getpid()))
    monkeypatch.setattr(nlp, "pipeline_loaded", lambda: False)
    monkeypatch.setattr(nlp, "release_pipelines", lambda: released.append(True))
    results = list(runners.run_in_pool(list(range(40)), Settings(), 2))
    assert sorted(task for _, task in results) == list(range(40)) and released == [True]
    by = dict((task, pid) for pid, task in results)
    assert any(pid == os.getpid() for pid in by.values())  # this process took chunks too
    assert all(by[task] != os.getpid() for task in range(40 - runners.TAIL_TO_WORKERS, 40))


def test_a_pool_run_loads_what_every_process_needs_before_its_workers_fork(monkeypatch, tmp_path):
    """The taxonomy, the segmentation rules, the learned models and (for web pages) the HTML parser are loaded
    in the build's process before the pool forks its workers, which then do not load them again."""
    from protocol_analytics import tag, topic_model
    from protocol_analytics.build import runners
    from protocol_analytics.build.documents import DocumentTask
    from protocol_analytics.rules import segmentation, taxonomy

    loaded = []
    monkeypatch.setattr(runners, "worker_nlp", lambda model: None)
    for module, name in ((taxonomy, "load_taxonomy"), (topic_model, "model_for_taxonomy"),
                         (segmentation, "packaged_rules"), (tag, "model_for_lexicon"), (tag, "role_model_for_lexicon")):
        monkeypatch.setattr(module, name, lambda *args, _name=name: loaded.append(_name))
    monkeypatch.delitem(sys.modules, "bs4", raising=False)
    settings = Settings()
    runners.load_before_fork(settings, [DocumentTask(tmp_path / "a.txt", tmp_path, None, settings, "a")])
    assert sorted(loaded) == sorted(["load_taxonomy", "model_for_taxonomy", "packaged_rules", "model_for_lexicon",
                                     "role_model_for_lexicon"]) and "bs4" not in sys.modules
    runners.load_before_fork(settings, [DocumentTask(tmp_path / "a.HTML", tmp_path, None, settings, "a")])
    assert "bs4" in sys.modules


def test_the_benchmark_report_names_the_machine_and_the_blas_numpy_uses():
    spec = importlib.util.spec_from_file_location("run_benchmark", ROOT / "benchmarks" / "run_benchmark.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("run_benchmark", module)
    spec.loader.exec_module(module)
    from threadpoolctl import threadpool_info

    described = module.machine_description()
    assert f"numpy {np.__version__}" in described
    blas = [p for p in threadpool_info() if p.get("user_api") == "blas"]
    if blas:  # the library and the kernels it chose: what moved the ratio to spaCy between machines
        assert blas[0]["internal_api"] in described and "kernels" in described


def test_the_benchmark_report_keeps_the_written_notes_of_earlier_rounds(tmp_path):
    spec = importlib.util.spec_from_file_location("run_benchmark", ROOT / "benchmarks" / "run_benchmark.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("run_benchmark", module)
    spec.loader.exec_module(module)
    previous = ("# Benchmark results\n\nMeasured before.\n\n## The issue's targets (#16)\n\n| old targets |\n\n"
                "## Round three: what we changed\n\nNotes written by hand.\n\n## All figures\n\n| old figures |\n")
    generated = ("# Benchmark results\n\nMeasured now.\n\n## The issue's targets (#16)\n\n| new targets |\n\n"
                 "## All figures\n\n| new figures |\n")
    kept = module.with_kept_sections(generated, previous)
    assert "Measured now." in kept and "| new targets |" in kept and "| new figures |" in kept
    assert "Notes written by hand." in kept and "old" not in kept
    assert kept.index("| new targets |") < kept.index("Notes written by hand.") < kept.index("| new figures |")
    assert module.with_kept_sections(generated, "") == generated
