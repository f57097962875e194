"""nbval runs the notebooks on the committed sample of processed tables (notebooks/sample, written by
`make sample`), never on a build: the kernel of each notebook starts with PROTOCOL_ANALYTICS_DATA pointing
at the sample, whatever the shell set. (Here, not in notebooks/: two conftest.py files collected by
--doctest-modules would clash; tests/conftest.py holds the tests' fixtures.)"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"
SAMPLE = NOTEBOOKS / "sample"
_ENV = {"PROTOCOL_ANALYTICS_DATA": str(SAMPLE), "PROTOCOL_ANALYTICS_PROCESSED": None}
_saved: dict[str, str | None] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a notebook's first cell starts its kernel (the kernel inherits this process's environment)."""
    if not _in_notebooks(item):
        return
    for name, value in _ENV.items():
        _saved.setdefault(name, os.environ.get(name))
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def pytest_runtest_teardown(item, nextitem):
    """Give the tests outside notebooks/ their environment back."""
    if _saved and (nextitem is None or not _in_notebooks(nextitem)):
        for name, value in _saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        _saved.clear()


def _in_notebooks(item) -> bool:
    return Path(str(item.path)).resolve().parent == NOTEBOOKS
