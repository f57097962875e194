"""The optional parts (extras of pyproject.toml): the core declares and imports neither Jupyter nor Dask,
and asking for a part that is not installed is one coded line naming the extra."""
from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

from protocol_analytics.cli import main

ROOT = Path(__file__).resolve().parents[1]
OPTIONAL = {"dask", "distributed", "jupyterlab", "ipykernel", "nbformat", "nbconvert", "papermill", "nbval", "pytest"}


def _name(requirement: str) -> str:
    """'dask[distributed]>=2024.1' -> 'dask'."""
    import re

    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower()


@pytest.fixture(scope="module")
def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_core_dependencies_hold_no_optional_part(project):
    core = {_name(r) for r in project["dependencies"]}
    assert not core & OPTIONAL
    assert "jinja2" in core  # the report's template is rendered by the core


def test_extras_dask_notebooks_and_dev(project):
    extras = {name: [_name(r) for r in reqs] for name, reqs in project["optional-dependencies"].items()}
    assert extras["dask"] == ["dask"] and "[distributed]" in project["optional-dependencies"]["dask"][0]
    assert {"jupyterlab", "ipykernel", "papermill", "nbconvert"} <= set(extras["notebooks"])
    dev = project["optional-dependencies"]["dev"]
    assert "protocol_analytics[notebooks,dask]" in dev  # make test runs the notebooks (nbval) and a Dask build
    assert {"pytest", "nbval", "hypothesis"} <= set(extras["dev"])
    assert project["optional-dependencies"]["test"] == ["protocol_analytics[dev]"]


def test_scheduler_without_dask_is_one_coded_line(monkeypatch, tmp_path, capsys, raw_dir):
    """`build --scheduler local` on an install without the dask extra: PA059 naming the extra, exit status 9,
    before any file is read or anything is written."""
    for module in ("dask", "dask.distributed", "distributed"):
        monkeypatch.setitem(sys.modules, module, None)  # an import of it fails as if it were not installed
    out = tmp_path / "processed"
    status = main(["build", str(raw_dir), "--out", str(out), "--scheduler", "local", "--quiet"])
    err = capsys.readouterr().err.strip()
    assert status == 9
    assert err.startswith("error PA059: --scheduler local runs the build on Dask, which is not installed")
    assert "pip install 'protocol_analytics[dask]'" in err and len(err.splitlines()) == 1
    assert not out.exists()


def test_a_dask_run_without_dask_raises_the_coded_error(monkeypatch):
    from protocol_analytics.build.runners import run_documents
    from protocol_analytics.build.settings import Settings
    from protocol_analytics.errors import UserError

    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(UserError, match="PA059|dask extra") as caught:
        next(run_documents([object()], Settings(), scheduler="tcp://127.0.0.1:8786", progress=False))
    assert caught.value.code == "PA059" and caught.value.exit_status == 9
