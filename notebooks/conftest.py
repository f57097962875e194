"""nbval runs the notebooks on the committed sample of processed tables (notebooks/sample, written by
`make sample`), never on a build: the kernel of each notebook starts with PROTOCOL_ANALYTICS_DATA pointing
at the sample, whatever the shell set."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent / "sample"
_ENV = {"PROTOCOL_ANALYTICS_DATA": str(SAMPLE), "PROTOCOL_ANALYTICS_PROCESSED": None}
_saved: dict[str, str | None] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a notebook's first cell starts its kernel (the kernel inherits this process's environment)."""
    for name, value in _ENV.items():
        _saved.setdefault(name, os.environ.get(name))
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def pytest_runtest_teardown(item, nextitem):
    """Give the tests outside notebooks/ their environment back."""
    if nextitem is None or Path(str(nextitem.path)).parent != Path(__file__).parent:
        for name, value in _saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        _saved.clear()
