"""Shared fixtures: paths to the bundled data and one session-wide spaCy pipeline."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "gold").exists():
        pytest.skip("../shared (gold files) is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def nlp():
    from protocol_analytics.nlp import default_nlp

    return default_nlp()


@pytest.fixture(scope="session")
def built(tmp_path_factory, nlp) -> Path:
    """The bundled data/raw built once per session into a temporary folder."""
    from protocol_analytics.build import build

    out = tmp_path_factory.mktemp("processed")
    build(RAW, out, progress=False)
    return out


@pytest.fixture(scope="module")
def mini_processed(tmp_path_factory) -> Path:
    """A processed folder of three hand-made councils with every label filled in (see test_report.py)."""
    from test_report import write_mini_processed

    return write_mini_processed(tmp_path_factory.mktemp("mini_processed"))


@pytest.fixture(scope="module")
def tables(mini_processed) -> dict:
    """The tables of ``mini_processed``, by name."""
    from protocol_analytics import schemas
    from protocol_analytics.io import read_table

    return {name: read_table(name, mini_processed) for name in schemas.TABLES}


MODEL_FIXTURES = {"nlp", "built"}  # fixtures that load the spaCy model


def pytest_collection_modifyitems(items):
    """Every test that loads the spaCy model is ``slow`` (``make test-fast`` leaves them out): those using
    a model fixture are marked here; the others must carry the marker themselves (see model_guard)."""
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def model_guard(request, monkeypatch):
    """A test not marked ``slow`` may not load the spaCy model, in this process or in a command it runs:
    it fails, naming the marker, instead of quietly making the fast run slow."""
    if request.node.get_closest_marker("slow") is not None:
        yield
        return
    import protocol_analytics.nlp as nlp_module

    def refuse(*args, **kwargs):
        raise RuntimeError("this test loads the spaCy model: mark it @pytest.mark.slow")

    monkeypatch.setattr(nlp_module, "make_nlp", refuse)
    monkeypatch.setattr(nlp_module, "_loaded", refuse)
    monkeypatch.setenv("PROTOCOL_ANALYTICS_MODEL", "not_loaded_in_fast_tests")
    yield
