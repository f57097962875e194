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
