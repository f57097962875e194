"""spaCy is imported without its command line (nlp/spacy_import.py), which is still there when asked for."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


CLI_MODULES = ("spacy.cli", "spacy.cli.info", "typer", "weasel", "requests", "httpx")


def test_the_package_imports_spacy_without_its_command_line():
    seen = _run(f"""
import json, sys
import protocol_analytics.nlp
import spacy
loaded = [m for m in {CLI_MODULES!r} if m in sys.modules]
print(json.dumps({{"loaded": loaded, "language": spacy.blank("en")("The Clerk will reply.")[1].text}}))
""")
    assert seen == {"loaded": [], "language": "Clerk"}


def test_spacy_s_command_line_is_there_when_asked_for():
    seen = _run("""
import json, sys
import protocol_analytics.nlp
import spacy
info = spacy.info(silent=True)  # (loads the real one)
download = spacy.cli.download.__module__  # (an attribute, as after a plain import spacy)
import spacy.cli
from spacy.cli import setup_cli
print(json.dumps({"version": info["spacy_version"] == spacy.__version__, "download": download,
                  "cli": spacy.cli.__file__.endswith("__init__.py"), "setup_cli": callable(setup_cli)}))
""")
    assert seen == {"version": True, "download": "spacy.cli.download", "cli": True, "setup_cli": True}


def test_spacy_imported_before_is_left_as_it_is():
    seen = _run("""
import json, sys
import spacy
cli = sys.modules["spacy.cli"]
import protocol_analytics.nlp
print(json.dumps({"same": sys.modules["spacy.cli"] is cli and spacy.cli is cli}))
""")
    assert seen == {"same": True}
