"""Reading and writing processed tables: validated, atomic, parquet and CSV.

pandas and the schemas (pandera) are loaded by the functions that read or write tables, not when this module
is imported: the per-document step (atomic files, a learned model's files) never needs them.
"""
from __future__ import annotations

import itertools
import json
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .config import processed_dir
from .errors import UserError

if TYPE_CHECKING:
    import pandas as pd

    from .table_pieces import Piece


@cache
def list_columns(name: str) -> list[str]:
    """The columns of table ``name`` holding lists of strings."""
    from . import schemas

    schema = schemas.TABLES.get(name)
    return [c for c, spec in schema.columns.items() if spec.kind == "list"] if schema is not None else []


FILE_MODE = 0o644  # mkstemp creates 0600 files; processed tables are for everyone to read


def atomic_write(path: Path, writer) -> Path:
    """Run ``writer(tmp_path)`` on a temporary file beside ``path``, then rename it over ``path``: a reader
    sees the old file or the new one, never a part. The file is readable by everyone (FILE_MODE)."""
    path = Path(path)
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
    return path


def write_model_files(folder: Path, name: str, arrays: dict, info: dict) -> tuple[Path, Path]:
    """A learned model's ``<name>.npz`` (``arrays``, compressed) and ``<name>.json`` (``info``), each written
    atomically into ``folder``."""
    import numpy as np  # deferred: only training writes models

    def arrays_to(tmp: str) -> None:
        with open(tmp, "wb") as fh:  # a file handle: savez would otherwise append ".npz" to the name
            np.savez_compressed(fh, **arrays)

    text = json.dumps(info, indent=1, ensure_ascii=False) + "\n"
    npz = atomic_write(Path(folder) / f"{name}.npz", arrays_to)
    path = atomic_write(Path(folder) / f"{name}.json", lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
    return npz, path


def read_model_files(npz: Path, info_path: Path) -> tuple[dict, dict]:
    """A learned model's arrays (read with ``allow_pickle=False``) and its JSON."""
    import numpy as np  # deferred: only tagging with a model reads one

    info = json.loads(Path(info_path).read_text(encoding="utf-8"))
    with np.load(npz, allow_pickle=False) as stored:
        return {key: stored[key] for key in stored.files}, info


_TMP_NUMBERS = itertools.count()


def atomic_write_bytes(path: Path, data) -> None:
    """Write bytes to a temporary file beside ``path``, then rename over it (as :func:`atomic_write`, in
    fewer system calls: the build writes one such file per document). ``data``: bytes, or a list of
    bytes-like parts written one after the other."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{next(_TMP_NUMBERS)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), FILE_MODE)  # (whatever the umask)
            for part in data if isinstance(data, list) else [data]:
                fh.write(part)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@dataclass
class EncodedBatch:
    """A validated batch of a table's rows (those of a batch of documents), ready to write: ``table``, the
    rows' Parquet form (arrow), and once made, ``piece``: the rows encoded for the table's files
    (:func:`encoded_piece`). ``frame`` is the validated DataFrame (not kept when the batch is cached)."""
    name: str
    table: object  # pyarrow.Table
    frame: pd.DataFrame | None = None
    piece: Piece | None = None
    lines: bytes | None = None  # the rows' CSV lines, when put together from earlier pieces' (before the piece)

    def __getstate__(self):
        return {"name": self.name, "table": self.table, "frame": None, "piece": self.piece, "lines": self.lines}


def encoded_piece(encoded: EncodedBatch) -> Piece:
    """The rows of ``encoded`` as a Parquet row group and CSV lines (:mod:`table_pieces`), made once."""
    from . import schemas
    from .table_pieces import encode_piece

    if encoded.piece is None:
        csv = csv_rows(encoded.table) if encoded.lines is None else None
        encoded.piece = encode_piece(encoded.table, csv, schemas.arrow_schema(encoded.name), encoded.lines)
        encoded.lines = None
    return encoded.piece


_JSON_ESCAPES = {"\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def json_arrays(column):
    """Each cell of an arrow column of lists of strings as the JSON array ``json.dumps(cell,
    ensure_ascii=False)`` writes, made in Arrow (a Python call a cell took most of the time of a batch):
    backslashes and quotes escaped, control characters as ``\\n`` … or ``\\u00XX``, items joined by ", ".

    >>> import pyarrow as pa
    >>> json_arrays(pa.array([["a", 'say "hi"\\n'], [], ["tab\\there", "back\\\\slash", "\\x01"]])).to_pylist()
    ['["a", "say \\\\"hi\\\\"\\\\n"]', '[]', '["tab\\\\there", "back\\\\\\\\slash", "\\\\u0001"]']
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks else pa.array([], column.type)
    items = pc.replace_substring(pc.replace_substring(pc.list_flatten(column), "\\", "\\\\"), '"', '\\"')
    if len(items) and pc.any(pc.match_substring_regex(items, "[\\x00-\\x1f]")).as_py():
        for code in range(0x20):
            items = pc.replace_substring(items, chr(code), _JSON_ESCAPES.get(chr(code), f"\\u{code:04x}"))
    quoted = pc.binary_join_element_wise('"', items, '"', "")
    offsets = pc.subtract(column.offsets, column.offsets[0]) if len(column) else pa.array([0], pa.int32())
    joined = pc.binary_join(pa.ListArray.from_arrays(offsets, quoted), ", ")
    return pc.binary_join_element_wise("[", joined, "]", "")

FORMULA_CHARACTERS = ("=", "+", "-", "@", "\t", "\r")
"""A cell a spreadsheet would run as a formula starts with one of these (OWASP, "CSV injection")."""


def escape_formulas(column):
    """A text column's cells that start with one of FORMULA_CHARACTERS with an apostrophe before them, the
    others as they are (found by their first character, not a regular expression a cell).

    >>> import pyarrow as pa
    >>> escape_formulas(pa.array(["=1+1", "a=b", None, "", "-x", "@A1"])).to_pylist()
    ["'=1+1", 'a=b', None, '', "'-x", "'@A1"]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    first = pc.utf8_slice_codeunits(column, 0, 1)
    starts = pc.fill_null(pc.is_in(first, value_set=pa.array(FORMULA_CHARACTERS, pa.string())), False)
    if not pc.any(starts).as_py():
        return column
    return pc.if_else(starts, pc.binary_join_element_wise("'", column, ""), column)


def csv_schema(name: str):
    """The arrow schema of a table's CSV rows (:func:`encode_batch`): list, boolean and text columns as text."""
    import pyarrow as pa

    from . import schemas

    text = (pa.types.is_list, pa.types.is_boolean, pa.types.is_string)
    return pa.schema([pa.field(f.name, pa.string()) if any(t(f.type) for t in text) else f
                      for f in schemas.arrow_schema(name)])


def encode_batch(name: str, df: pd.DataFrame) -> EncodedBatch:
    """Validate rows of table ``name`` against its schema and convert them for writing: parquet keeps the
    true values; in the CSV, lists are JSON arrays, booleans True/False, and a text cell that a spreadsheet
    would run as a formula (=, +, -, @, tab or CR first) gets a leading apostrophe, as OWASP recommends."""
    import pyarrow as pa

    from . import schemas

    df = schemas.validate(name, df if len(df.columns) else schemas.empty(name)).reset_index(drop=True)
    table = pa.Table.from_pandas(df, schema=schemas.arrow_schema(name), preserve_index=False)
    return EncodedBatch(name, table, df)


def validated_rows(name: str, df: pd.DataFrame):
    """Rows of table ``name`` validated against its schema, as an arrow table of its parquet form (the
    ``table`` of :func:`encode_batch`, without pandas' metadata), for :func:`encoded_rows` later."""
    import pyarrow as pa

    from . import schemas

    df = schemas.validate(name, df if len(df.columns) else schemas.empty(name)).reset_index(drop=True)
    return pa.Table.from_pandas(df, schema=schemas.arrow_schema(name), preserve_index=False).replace_schema_metadata()


def encoded_rows(name: str, table) -> EncodedBatch:
    """Rows of table ``name`` validated before (an arrow table of its parquet form, as :func:`encode_batch`
    made it), ready to write again."""
    return EncodedBatch(name, table)


def csv_rows(table):
    """The CSV form of validated rows (an arrow table of a table's parquet form): lists as JSON arrays,
    booleans True/False, and a formula's first character escaped in text cells (:func:`encode_batch`)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    csv = table
    for n, field in enumerate(table.schema):
        if pa.types.is_list(field.type):
            csv = csv.set_column(n, field.name, json_arrays(table.column(n)))
        elif pa.types.is_boolean(field.type):
            csv = csv.set_column(n, field.name, pc.if_else(pc.fill_null(table.column(n), False), "True", "False"))
        elif pa.types.is_string(field.type):
            csv = csv.set_column(n, field.name, escape_formulas(csv.column(n)))
    return csv


class TableSink:
    """One processed table written batch by batch: NAME.parquet (one row group per batch) and NAME.csv grow
    in temporary files and replace the old ones together at :meth:`close`, so memory holds one batch at a
    time and an interrupted build leaves the previous tables in place. Every batch is validated.

    ``pieces``: each batch is written as its piece (:mod:`table_pieces`: its row group and CSV lines, made
    once and cached with the batch), so a batch of an earlier build is copied, not encoded again; where the
    installed pyarrow's files cannot be assembled so (:func:`table_pieces.assembly_works`), and for tables
    not cached a batch at a time, by the writers (they stream a batch's CSV, a piece holds it whole)."""

    def __init__(self, name: str, out_dir: Path, pieces: bool = False):
        from . import schemas

        self.name, self.out_dir, self.pieces = name, Path(out_dir), pieces
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.schema = schemas.arrow_schema(name)
        self._tmp = {}
        for ext in ("parquet", "csv"):
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.{ext}.", suffix=".tmp", dir=self.out_dir)
            os.close(fd)
            self._tmp[ext] = Path(tmp)
        self._files = None  # the open files and what assembles them (table_pieces.PieceFiles)
        self._parquet = None  # or the writers
        self._csv = None
        self._open: list = []
        self.n_rows = 0

    def append(self, df: pd.DataFrame) -> pd.DataFrame:
        """Validate a batch of rows and write it; returns it as validated (coerced, columns in order)."""
        encoded = encode_batch(self.name, df)
        self.write_encoded(encoded)
        return encoded.frame

    def write_encoded(self, encoded: EncodedBatch) -> None:
        """Write a batch :func:`encode_batch` made (now or in an earlier build). A batch without rows is
        written only while no row is (a table's first row group may be empty, no other is)."""
        from .table_pieces import assembly_works

        if encoded.table.num_rows or not self.n_rows:
            if self._files is None and self._parquet is None:
                self._start(self.pieces and assembly_works())
            if self._files is not None:
                self._files.add(encoded_piece(encoded))
            else:
                self._parquet.write_table(encoded.table)
                self._csv.write_table(csv_rows(encoded.table))
        self.n_rows += encoded.table.num_rows

    def _start(self, assembled: bool) -> None:
        if assembled:
            from .table_pieces import PieceFiles, csv_header

            self._open = [open(self._tmp["parquet"], "wb", buffering=0), open(self._tmp["csv"], "wb", buffering=0)]
            self._files = PieceFiles(*self._open, csv_header(csv_schema(self.name)))
        else:
            import pyarrow.csv as pacsv

            from .table_pieces import parquet_writer

            self._parquet = parquet_writer(self._tmp["parquet"], self.schema)
            self._csv = pacsv.CSVWriter(self._tmp["csv"], csv_schema(self.name))

    def close(self) -> None:
        if self._files is None and self._parquet is None:
            from . import schemas

            self.append(schemas.empty(self.name))
        if self._files is not None:
            self._files.finish()
        self._close_files()
        for ext, tmp in self._tmp.items():
            os.chmod(tmp, FILE_MODE)
            os.replace(tmp, self.out_dir / f"{self.name}.{ext}")

    def _close_files(self) -> None:
        for writer in (self._parquet, self._csv, *self._open):
            if writer is not None:
                writer.close()
        self._parquet = self._csv = self._files = None
        self._open = []

    def abort(self) -> None:
        self._close_files()
        for tmp in self._tmp.values():
            tmp.unlink(missing_ok=True)

    def __enter__(self) -> TableSink:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        self.abort() if kind is not None else self.close()


def write_table(df: pd.DataFrame, name: str, out_dir: Path, rows_per_group: int | None = None) -> pd.DataFrame | None:
    """Validate ``df`` against the schema called ``name`` and write NAME.parquet and NAME.csv atomically;
    returns it validated. ``rows_per_group``: validated, encoded and written that many rows at a time (a
    Parquet row group each), so that a table of millions of rows is never encoded whole; returns None."""
    with TableSink(name, out_dir) as sink:
        if rows_per_group is None:
            return sink.append(df)
        for start in range(0, max(len(df), 1), rows_per_group):
            sink.append(df.iloc[start:start + rows_per_group])
        return None


def table_frame(name: str, table=None) -> pd.DataFrame:
    """A DataFrame of an arrow table of ``name`` or of some of its columns (None: empty), list columns as
    Python lists."""
    from . import schemas

    if table is None or table.num_rows == 0:
        return schemas.empty(name)
    lists = [c for c in list_columns(name) if c in table.column_names]  # (a table of some of the columns)
    df = table.drop_columns(lists).to_pandas()
    for col in lists:  # (Arrow's own conversion to Python lists: several times faster than one list() a cell)
        df.insert(table.column_names.index(col), col, [[] if v is None else v for v in table.column(col).to_pylist()])
    return df


def release_memory() -> None:
    """Hand the memory a step of the build freed back to the system: Arrow's allocator keeps it for reuse,
    and so does the C library's (glibc's ``malloc_trim``, where there is one)."""
    import ctypes

    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):  # not glibc (macOS, musl, Windows)
        return
    trim(0)


def read_table(name: str, processed: Path | None = None) -> pd.DataFrame:
    """A processed table, list columns as Python lists."""
    path = Path(processed or processed_dir()) / f"{name}.parquet"
    if not path.exists():
        raise UserError("PA041", path=path.parent)
    import pandas as pd

    df = pd.read_parquet(path)
    for col in list_columns(name):
        df[col] = df[col].map(lambda v: [] if v is None else list(v))
    return df
