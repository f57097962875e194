"""The package's layout: every module imports on its own, and no module imports from a layer above its own."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[1] / "protocol_analytics"

# The pipeline's story, bottom up: a module may import from its own layer and the layers below it, never
# from one above. A package (rules, segment, …) is one layer; its modules import each other freely.
LAYERS = (
    ("errors", "config", "text", "columns", "schemas", "io", "table_pieces"),  # foundations: error texts, paths, tables and their files
    ("rules",),  # rule files: labels, lexicon, taxonomy, segmentation rules, literals
    ("ingest",),  # raw files -> text (readers, numbering, the manifest)
    ("segment",),  # text -> clauses
    ("frontmatter",),  # council, type, nation, contacts
    ("nlp",),  # spaCy pipeline and rules over sentences
    ("candidate_model", "topic_model", "escalation_model", "role_model", "subject_model", "topics", "tag"),  # clauses -> tags
    ("analysis",),  # corpus-wide tables: coverage, comparison, routes, selection
    ("build",),  # raw folder -> processed tables
    ("evaluate", "export", "plots", "report", "notebook", "watch", "topic_training", "escalation_training", "role_training", "subject_training", "cli", "__main__", "__init__"),  # what users run
)
LAYER = {name: k for k, names in enumerate(LAYERS) for name in names}
OPTIONAL = {"protocol_analytics.build.distributed": "dask"}  # modules of an optional extra


def modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        rel = path.relative_to(PACKAGE_DIR)
        if rel.parts[0] == "data":
            continue
        parts = ["protocol_analytics", *rel.with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def top_name(module: str) -> str:
    """The layer name of a package module: its first part below protocol_analytics."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def package_imports(module: str) -> list[str]:
    """The package modules ``module`` imports (anywhere in its file), as absolute names."""
    from protocol_analytics.build.settings import imported_modules, module_file

    path = module_file(PACKAGE_DIR, "protocol_analytics", module)
    return [m for m in imported_modules(path, module, "protocol_analytics") if m != "protocol_analytics"]


def test_every_module_has_a_layer():
    assert {top_name(m) for m in modules()} <= set(LAYER)


def test_no_module_imports_from_a_layer_above_its_own():
    wrong = []
    for module in modules():
        here = LAYER[top_name(module)]
        for imported in package_imports(module):
            name = top_name(imported)
            if name in LAYER and LAYER[name] > here:
                wrong.append(f"{module} imports {imported} ({name} is layer {LAYER[name]}, above {here})")
    assert wrong == []


def test_the_light_column_names_are_those_the_schemas_declare():
    """columns.COLUMNS (what the per-document step reads, without pandera) names every table's columns in the
    order schemas.TABLES declares them."""
    from protocol_analytics import schemas
    from protocol_analytics.columns import COLUMNS

    assert {name: tuple(schema.columns) for name, schema in schemas.TABLES.items()} == COLUMNS


def test_the_layer_check_sees_an_import_from_above(tmp_path):
    """The check above can fail: a lower module importing a higher one is reported."""
    from protocol_analytics.build.settings import imported_modules

    fake = tmp_path / "coverage.py"
    fake.write_text("def f():\n    from ..build import build\n")
    imported = imported_modules(fake, "protocol_analytics.analysis.coverage", "protocol_analytics")
    assert "protocol_analytics.build" in imported and LAYER[top_name(imported[0])] > LAYER["analysis"]


def _import_alone(module: str) -> tuple[str, int, str]:
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True,
                          cwd=PACKAGE_DIR.parent)
    return module, done.returncode, done.stderr.strip().splitlines()[-1:] and done.stderr.strip().splitlines()[-1]


@pytest.mark.slow
def test_every_module_imports_alone_in_a_fresh_interpreter():
    """No import cycle: each module imports first in a new interpreter (a cycle fails for one of its modules)."""
    names = [m for m in modules() if m != "protocol_analytics.__main__"  # (runs the command line when imported)
             and (m not in OPTIONAL or importlib.util.find_spec(OPTIONAL[m]) is not None)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        failures = [f"{m}: {err}" for m, code, err in pool.map(_import_alone, names) if code]
    assert failures == []


@pytest.mark.parametrize("edit", ["constant", "new module"])
def test_the_cache_key_follows_the_per_document_code_on_disk(tmp_path, monkeypatch, edit):
    """The key hashes the files of the per-document code: a changed module constant, or a module the
    per-document step newly imports, changes it; a module it does not import does not."""
    import shutil

    from protocol_analytics import config
    from protocol_analytics.build.settings import Settings

    pkg = tmp_path / "protocol_analytics"
    shutil.copytree(config.PACKAGE_DIR, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(config, "PACKAGE_DIR", pkg)
    monkeypatch.setattr(config, "PACKAGE_DATA", pkg / "data")
    key = Settings().key()
    (pkg / "unused.py").write_text("VALUE = 1\n")  # imported by nothing
    assert Settings().key() == key
    if edit == "constant":
        cues = pkg / "segment" / "cues.py"
        text = cues.read_text()
        assert '_OPENING_QUOTES = "' in text
        cues.write_text(text.replace('_OPENING_QUOTES = "', '_OPENING_QUOTES = "‹', 1))
    else:
        frame = pkg / "segment" / "frame.py"
        frame.write_text(frame.read_text() + "\nfrom .. import unused  # noqa: E402,F401\n")
    assert Settings().key() != key
