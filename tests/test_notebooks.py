"""The notebooks read processed tables and never build; the committed sample they are tested on
(notebooks/sample, `make sample`) holds every table of the bundled corpus; missing tables are one line."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from protocol_analytics import schemas
from protocol_analytics.errors import UserError, listing
from protocol_analytics.notebook import processed_tables

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SAMPLE = ROOT / "notebooks" / "sample" / "data" / "processed"


def _code(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_never_builds(path):
    code = "\n".join(_code(path))
    assert "processed_tables()" in _code(path)[0]
    for forbidden in ("build(", "pipeline", "subprocess", "sys.path", "def "):
        assert forbidden not in code, f"{path.name}: {forbidden}"


def test_sample_holds_every_table_of_the_bundled_corpus():
    from protocol_analytics.io import read_table

    assert sorted(p.stem for p in SAMPLE.glob("*.parquet")) == sorted(schemas.TABLES)
    for name in schemas.TABLES:
        schemas.validate(name, read_table(name, SAMPLE))
    raw = {p.stem for p in (ROOT / "data" / "raw").iterdir() if p.suffix != ".csv"}
    assert set(read_table("documents", SAMPLE)["doc_id"]) == raw  # run `make sample` after changing data/raw
    assert len(read_table("clauses", SAMPLE)) > 100 and read_table("coverage", SAMPLE)["covered"].any()


def test_missing_tables_are_one_coded_line_naming_make_build(tmp_path):
    (tmp_path / "documents.parquet").write_bytes(b"")
    with pytest.raises(UserError) as caught:
        processed_tables(tmp_path)
    message = str(caught.value)
    assert caught.value.code == "PA048" and "`make build`" in message and "\n" not in message
    assert f"({listing([n for n in schemas.TABLES if n != 'documents'], 3)} missing)" in message
    assert caught.value._render_traceback_() == [f"error PA048: {message}"]
    assert processed_tables(SAMPLE) == SAMPLE


def test_notebook_without_tables_says_so_in_one_line(tmp_path):
    """The first cell of a notebook, run by IPython where no table was built: one line, no traceback, and
    nothing built."""
    pytest.importorskip("IPython")
    setup = _code(NOTEBOOKS[0])[0].replace("%matplotlib inline", "")
    script = ("from IPython.core.interactiveshell import InteractiveShell\n"
              f"result = InteractiveShell.instance().run_cell({setup!r})\n"
              "print('failed' if result.error_in_exec else 'ran')\n")
    env = {**os.environ, "PROTOCOL_ANALYTICS_DATA": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("PROTOCOL_ANALYTICS_PROCESSED", None)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300,
                          cwd=tmp_path, check=False)
    lines = [line for line in (proc.stdout + proc.stderr).splitlines() if line.strip()]
    assert lines[-1] == "failed", lines
    errors = [line for line in lines if "PA048" in line]
    assert len(errors) == 1 and errors[0].startswith("error PA048: ") and "make build" in errors[0]
    assert "Traceback" not in proc.stdout + proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no data/processed made
