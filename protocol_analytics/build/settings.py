"""What a document's result depends on besides its bytes: the build's settings and the code's own hash."""
from __future__ import annotations

import ast
import hashlib
import json
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

from .. import __version__, config

PER_DOCUMENT_MODULE = "protocol_analytics.build.documents"
"""The module of the per-document step: its code, and the code it imports, make a document's result."""
DATA_SUFFIXES = (".yaml", ".yml", ".npz", ".json")
KEY_FILE = "settings.key.json"  # in the build's cache folder: the key and the file stamps it was made under


@dataclass
class Settings:
    model: str = field(default_factory=config.model_name)
    max_mb: float = 50.0
    taxonomy: str | None = None  # a user's topic file instead of the packaged one
    time_limit: float = 300.0  # seconds to read and segment one file (0: none); not in the key: see cache.cacheable
    # reuse the parse of a clause text met before in the same process (nlp/reuse.py); not in the key: the
    # tables are the same either way
    reuse_parses: bool = True

    def key(self, cache_dir: Path | None = None) -> str:
        """Hash of everything a document's result depends on besides its bytes (and its manifest row).

        The files of the per-document code (:func:`per_document_sources`: every module the per-document
        step imports, as they are on disk), the package's data files, the model's name and version,
        spaCy's version and the user's taxonomy file: editing the report, plots, CLI or corpus-wide
        tables does not invalidate the cache. With ``cache_dir``, the key is kept there under the stamps
        (path, modification time, size) of every file it could depend on, and read back while none changed.
        """
        if cache_dir is None:
            return self._key()
        stamps = code_stamps(self)
        path = Path(cache_dir) / KEY_FILE
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            if kept["stamps"] == stamps and isinstance(kept["key"], str):
                return kept["key"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
        from ..io import atomic_write_bytes

        key = self._key()
        atomic_write_bytes(path, json.dumps({"stamps": stamps, "key": key}).encode())
        return key

    def _key(self) -> str:
        versions = _versions(self.model)
        h = hashlib.sha256(f"{__version__}|{self.model}|{self.max_mb}|{'/'.join(versions)}".encode())
        pkg = config.PACKAGE_DIR
        sources = per_document_sources(pkg)
        sources += sorted(p for p in config.PACKAGE_DATA.rglob("*") if p.suffix in DATA_SUFFIXES)
        for path in sources:
            h.update(str(path.relative_to(pkg)).encode())
            h.update(path.read_bytes())
        if self.taxonomy:
            h.update(Path(self.taxonomy).read_bytes())
        return h.hexdigest()[:16]


def _versions(model: str) -> list[str]:
    """spaCy's version and the model package's (or a model folder's meta.json hash), without importing spaCy."""
    from importlib import metadata  # (slow to import and to ask: only when the key is made again)

    versions = []
    for dist in ("spacy", model):
        try:
            versions.append(metadata.version(dist))
        except (metadata.PackageNotFoundError, ValueError):
            meta = Path(model) / "meta.json"
            versions.append(hashlib.sha256(meta.read_bytes()).hexdigest()[:12] if meta.is_file() else "?")
    return versions


def code_stamps(settings: Settings, libraries: tuple[str, ...] = ()) -> str:
    """Hash of the settings and the stamps (path, modification time, size) of every file a settings key
    could depend on (the package's modules and data files, the user's taxonomy), of spaCy's and the model's
    installed files and of ``libraries``'."""
    return hashlib.sha256(repr((settings.model, settings.max_mb, settings.taxonomy,
                                _install_stamps(settings.model, libraries),
                                [config.file_stamp(p) for p in _candidate_files(settings.taxonomy)])).encode()).hexdigest()


def _install_stamps(model: str, libraries: tuple[str, ...] = ()) -> list:
    """Stamps (path, modification time, size) of spaCy's and the model's installed files, found without
    importing them (and of ``libraries``'): what the kept key is checked against instead of their versions
    (reading the versions takes importlib.metadata, slower than the rest of the check). Installing another
    version of one rewrites its files."""
    stamps = []
    for name in ("spacy", model, *libraries):
        folder = Path(name)
        if not (folder / "meta.json").is_file():
            spec = find_spec(name) if name.isidentifier() else None
            folder = Path(spec.origin).parent if spec is not None and spec.origin else None
        for path in ((folder / "meta.json", folder / "__init__.py", folder / "about.py") if folder else ()):
            if path.is_file():
                stamps.append(config.file_stamp(path))
    return stamps


def _candidate_files(taxonomy: str | None) -> list[Path]:
    """Every file a settings key could hash: the package's modules and data files, and the user's taxonomy."""
    files = sorted(config.PACKAGE_DIR.rglob("*.py"))
    files += sorted(p for p in config.PACKAGE_DATA.rglob("*") if p.suffix in DATA_SUFFIXES)
    return files + ([Path(taxonomy)] if taxonomy else [])


def per_document_sources(package_dir: Path, start: str = PER_DOCUMENT_MODULE) -> list[Path]:
    """The .py files of module ``start`` and of every package module it imports, directly or not (imports
    inside functions too), read from the files under ``package_dir``: the code a document's result depends on.

    >>> from protocol_analytics import config
    >>> names = [p.relative_to(config.PACKAGE_DIR).as_posix() for p in per_document_sources(config.PACKAGE_DIR)]
    >>> "tag.py" in names and "nlp/rules.py" in names and "plots.py" not in names
    True
    """
    package = start.split(".")[0]
    seen: dict[str, Path] = {}
    todo = [start]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = module_file(package_dir, package, name)
        if path is None:
            continue
        seen[name] = path
        todo += imported_modules(path, name, package)
    return sorted(seen.values())


def module_file(package_dir: Path, package: str, name: str) -> Path | None:
    """The file of module ``name`` (``package.a.b``) under ``package_dir``, None when there is none."""
    parts = name.split(".")[1:]
    base = package_dir.joinpath(*parts)
    for path in (base.with_suffix(".py") if parts else None, base / "__init__.py"):
        if path is not None and path.is_file():
            return path
    return None


def imported_modules(path: Path, name: str, package: str) -> list[str]:
    """The modules of ``package`` the file of module ``name`` imports (``from .x import y`` may name a
    module ``x.y`` or an attribute of ``x``: both are listed, the one that is no file is skipped)."""
    is_init = path.name == "__init__.py"
    here = name.split(".") if is_init else name.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == package]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[:len(here) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] != package:
                continue
            found.append(module)
            found += [f"{module}.{a.name}" for a in node.names]
    return found
