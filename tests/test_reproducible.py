"""Bit-for-bit reproducible tables (issue #16, item 6): nothing depends on Python's salted ``hash()`` or on
the iteration order of sets, so two clean builds under different PYTHONHASHSEED values write the same bytes."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import fixtures as fx
from protocol_analytics import schemas

ROOT = Path(__file__).resolve().parents[1]


def build_with_seed(raw: Path, out: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "protocol_analytics", "build", str(raw), "--out", str(out),
                           "--no-cache", "--quiet", "--jobs", "1"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def table_files(out: Path) -> dict[str, bytes]:
    """Every table (parquet and CSV) and extracted text, read through OUT as a user reads them."""
    files = {f"{name}.{ext}": (out / f"{name}.{ext}").read_bytes()
             for name in schemas.TABLES for ext in ("parquet", "csv")}
    files.update({f"text/{p.name}": p.read_bytes() for p in sorted((out / "text").glob("*.txt"))})
    return files


@pytest.mark.slow
def test_two_builds_under_different_hash_seeds_write_identical_tables(tmp_path, raw_dir):
    raw = tmp_path / "raw"
    shutil.copytree(raw_dir, raw)
    (raw / "formats").mkdir()
    fx.write_all(raw / "formats")  # the mini protocol as .txt, .md, .html, .docx and .pdf
    build_with_seed(raw, tmp_path / "a", "0")
    build_with_seed(raw, tmp_path / "b", "12345")
    a, b = table_files(tmp_path / "a"), table_files(tmp_path / "b")
    assert sorted(a) == sorted(b) and len(a) > 2 * len(schemas.TABLES)
    assert len(a["clauses.csv"].splitlines()) > 200 and len(a["alignment.csv"].splitlines()) > 200
    differ = [name for name in a if a[name] != b[name]]
    assert not differ, f"tables differ between PYTHONHASHSEED=0 and 12345: {differ}"


def test_the_package_never_calls_the_salted_builtin_hash():
    """hash() of a str differs between processes (PYTHONHASHSEED): keys that reach a table come from hashlib
    or from numbering in order of appearance (compare.shingle_keys)."""
    import ast

    calls = []
    for path in sorted((ROOT / "protocol_analytics").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "hash":
                calls.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not calls, calls
