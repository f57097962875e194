"""spaCy imported without its command line.

``import spacy`` runs ``from .cli.info import info``, which imports every ``spacy`` command and what they use
(typer, weasel, requests, httpx, jinja2): 0.1 s of the 0.23 s spaCy takes to import, in every process that
tags (a rebuild's model worker, on its critical path, and each process of a cold build), and none of it is
used to load or run a pipeline. :func:`import_spacy` imports spaCy with ``spacy.cli`` standing in for the
command line while it does; then ``spacy.cli`` is imported on first use as any module is (``import
spacy.cli``, ``spacy.cli.download``), and ``spacy.info`` loads the real one when called.
"""
from __future__ import annotations

import importlib
import sys
import types


def import_spacy() -> None:
    """Import spaCy, unless it is loaded already, without importing its command line (``spacy.cli``)."""
    if "spacy" in sys.modules:
        return
    cli, info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    cli.__path__ = []  # (a package with no submodules of its own: only spacy.cli.info is asked for)
    info.info = _info
    stand_ins = {"spacy.cli": cli, "spacy.cli.info": info}
    sys.modules.update(stand_ins)
    try:
        import spacy
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    if getattr(spacy, "cli", None) is cli:
        del spacy.cli
    if not hasattr(spacy, "__getattr__"):
        spacy.__getattr__ = _cli_on_first_use


def _info(*args, **kwargs):
    """``spacy.info``: the command line's, loaded now."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _cli_on_first_use(name: str):
    """``spacy.cli`` (as ``import spacy`` would have left it) imported when it is first asked for."""
    if name == "cli":
        return importlib.import_module("spacy.cli")
    raise AttributeError(f"module 'spacy' has no attribute {name!r}")
