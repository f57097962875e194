"""Reading and writing processed tables: validated, atomic, parquet and CSV."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from . import schemas
from .errors import Errors, ProtocolAnalyticsError

LIST_COLUMNS = {name: [c for c, spec in s.columns.items() if spec.dtype is not None and str(spec.dtype) == "object"
                       and spec.checks] for name, s in schemas.TABLES.items()}


FILE_MODE = 0o644  # mkstemp creates 0600 files; processed tables are for everyone to read


def _atomic(path: Path, writer) -> None:
    """Run ``writer(tmp_path)`` on a temporary file beside ``path``, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        writer(tmp)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write bytes to a temporary file beside ``path``, then rename over it."""
    _atomic(Path(path), lambda tmp: Path(tmp).write_bytes(data))


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def write_table(df: pd.DataFrame, name: str, out_dir: Path) -> pd.DataFrame:
    """Validate ``df`` against the schema called ``name`` and write NAME.parquet and NAME.csv atomically."""
    df = schemas.validate(name, df if len(df.columns) else schemas.empty(name)).reset_index(drop=True)
    out_dir = Path(out_dir)
    _atomic(out_dir / f"{name}.parquet", lambda tmp: df.to_parquet(tmp, index=False))
    csv = df.copy()
    for col in LIST_COLUMNS[name]:
        csv[col] = csv[col].map(lambda v: json.dumps(list(v), ensure_ascii=False))
    _atomic(out_dir / f"{name}.csv", lambda tmp: csv.to_csv(tmp, index=False))
    return df


def read_table(name: str, processed: Path | None = None) -> pd.DataFrame:
    """A processed table, list columns as Python lists."""
    from .config import processed_dir

    path = Path(processed or processed_dir()) / f"{name}.parquet"
    if not path.exists():
        raise ProtocolAnalyticsError(Errors.PA041.format(path=path.parent))
    df = pd.read_parquet(path)
    for col in LIST_COLUMNS.get(name, []):
        df[col] = df[col].map(lambda v: [] if v is None else list(v))
    return df
