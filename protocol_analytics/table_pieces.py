"""A table's files assembled from pieces: each batch's rows encoded once, as a Parquet row group and as CSV
lines, and NAME.parquet and NAME.csv written by copying the pieces' bytes. The files are, byte for byte, those
the Parquet and CSV writers make of the same rows written a batch at a time (:func:`assembly_works` checks it
in each process), so a rebuild copies the batches it did not change instead of encoding them again.

A Parquet file is ``PAR1``, the row groups' column chunks, a footer (Thrift's compact protocol: the schema,
each row group's metadata, the key-value metadata, the writer's name), the footer's length and ``PAR1``. A
row group's bytes do not depend on where it lies in the file; its metadata does (the offsets of its pages).
A piece holds its rows as a Parquet file of their own; the table's footer is the first piece's, with every
piece's row-group metadata, their offsets moved to where the row groups land, and the number of all rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

MAGIC = b"PAR1"
# Thrift compact protocol: field types
_TRUE, _FALSE, _BYTE, _I16, _I32, _I64, _DOUBLE, _BINARY, _LIST, _SET, _MAP, _STRUCT = range(1, 13)
# the fields that hold a position in the file (parquet.thrift), and those this module cannot move
_ROW_GROUP_OFFSET, _ROW_GROUP_ORDINAL, _ROW_GROUP_COLUMNS = 5, 7, 1
_CHUNK_OFFSET, _CHUNK_META = 2, 3
_META_OFFSETS = (9, 10, 11)  # data_page_offset, index_page_offset, dictionary_page_offset
_UNMOVABLE_CHUNK = range(4, 10)  # page indexes, encryption
_UNMOVABLE_META = (14, 15)  # bloom filters
_UNMOVABLE_FILE = (8, 9)  # encryption
_NUM_ROWS, _ROW_GROUPS = 3, 4


class Unsupported(ValueError):
    """A Parquet footer this module cannot move (page indexes, bloom filters, encryption)."""


@dataclass
class Piece:
    """Rows of a table encoded once: ``parquet`` a Parquet file of them, ``csv`` their CSV lines (no header).

    ``groups``: each row group's metadata in the footer, as (start, end) in ``parquet``, with the fields to
    rewrite when it moves, as (start, end, kind, value): ``kind`` 0 an offset in the file, 1 the ordinal.
    ``data_end``: where the row groups' bytes end (the footer starts); ``footer``: (start, end) of the footer.
    """
    rows: int
    parquet: bytes | memoryview
    csv: bytes | memoryview
    groups: list
    data_end: int
    footer: tuple[int, int]
    where: tuple[str, int, int] | None = None  # the file holding the bytes, and where its parquet and csv start

    def layout(self) -> list:
        """What :func:`piece_from` needs besides the bytes (plain lists and ints, for a JSON header)."""
        return [self.rows, self.groups, self.data_end, list(self.footer)]


def piece_from(layout: list, parquet, csv, where: tuple[str, int, int] | None = None) -> Piece:
    """A :class:`Piece` from its bytes and :meth:`Piece.layout` (ValueError when they do not fit: each span
    inside the footer, the fields to rewrite in order inside their row group); ``where``: the file the bytes
    are read from, and where in it (they are then copied by the kernel, not through memory)."""
    rows, groups, data_end, footer = layout
    n = len(parquet)
    ok = (isinstance(rows, int) and rows >= 0 and isinstance(data_end, int) and 4 <= data_end <= n
          and isinstance(footer, list) and len(footer) == 2 and data_end <= footer[0] <= footer[1] <= n
          and isinstance(groups, list))
    found = []
    for group in groups if ok else ():
        start, end, slots = group
        at = start
        for slot_start, slot_end, kind, value in slots:
            ok = ok and at <= slot_start < slot_end <= end and kind in (0, 1) and isinstance(value, int)
            at = slot_end
        ok = ok and footer[0] <= start <= end <= footer[1]
        found.append([start, end, [tuple(slot) for slot in slots]])
    if not ok:
        raise ValueError("piece layout out of range")
    return Piece(rows, parquet, csv, found, data_end, (footer[0], footer[1]), where)


# ------------------------------------------------------------------ Thrift compact protocol


def _varint(data, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7


def _write_varint(value: int) -> bytes:
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _zigzag(value: int) -> bytes:
    return _write_varint((value << 1) ^ (value >> 63))


def _skip(data, pos: int, kind: int) -> int:
    """The position after a value of type ``kind`` at ``pos``."""
    if kind in (_TRUE, _FALSE):
        return pos
    if kind == _BYTE:
        return pos + 1
    if kind in (_I16, _I32, _I64):
        return _varint(data, pos)[1]
    if kind == _DOUBLE:
        return pos + 8
    if kind == _BINARY:
        size, pos = _varint(data, pos)
        return pos + size
    if kind in (_LIST, _SET):
        size, element, pos = _list_head(data, pos)
        for _ in range(size):
            pos = pos + 1 if element in (_TRUE, _FALSE) else _skip(data, pos, element)
        return pos
    if kind == _MAP:
        size, pos = _varint(data, pos)
        if size:
            types = data[pos]
            pos += 1
            for _ in range(size):
                pos = _skip(data, _skip(data, pos, types >> 4), types & 0x0F)
        return pos
    if kind == _STRUCT:
        return _walk(data, pos, lambda fid, kind, at: None)
    raise Unsupported(f"unknown Thrift type {kind}")


def _list_head(data, pos: int) -> tuple[int, int, int]:
    head = data[pos]
    pos += 1
    size, element = head >> 4, head & 0x0F
    if size == 15:
        size, pos = _varint(data, pos)
    return size, element, pos


def _walk(data, pos: int, on_field) -> int:
    """Go through the struct at ``pos``, calling ``on_field(fid, kind, start)`` for each field: it returns the
    position after the value (or None to skip it). Returns the position after the struct."""
    last = 0
    while True:
        head = data[pos]
        pos += 1
        if head == 0:
            return pos
        kind, delta = head & 0x0F, head >> 4
        if delta:
            fid = last + delta
        else:
            raw, pos = _varint(data, pos)
            fid = (raw >> 1) ^ -(raw & 1)
        end = on_field(fid, kind, pos)
        pos = _skip(data, pos, kind) if end is None else end
        last = fid


def _int_slot(data, pos: int, kind: int, slot_kind: int, slots: list) -> int:
    raw, end = _varint(data, pos)
    value = (raw >> 1) ^ -(raw & 1)
    if kind not in (_I16, _I32, _I64):
        raise Unsupported("an offset that is not an integer")
    if slot_kind == 1 or value > 0:  # (an offset of 0 is one the writer did not set)
        slots.append((pos, end, slot_kind, value))
    return end


def _row_group(data, pos: int) -> tuple[int, list]:
    """The end of the RowGroup struct at ``pos`` and the fields to rewrite when it moves."""
    slots: list = []

    def meta(fid, kind, at):
        if fid in _UNMOVABLE_META:
            raise Unsupported("bloom filters")
        return _int_slot(data, at, kind, 0, slots) if fid in _META_OFFSETS else None

    def chunk(fid, kind, at):
        if fid in _UNMOVABLE_CHUNK:
            raise Unsupported("page indexes or encryption")
        if fid == _CHUNK_OFFSET:
            return _int_slot(data, at, kind, 0, slots)
        return _walk(data, at, meta) if fid == _CHUNK_META else None

    def group(fid, kind, at):
        if fid == _ROW_GROUP_COLUMNS:
            size, _, at = _list_head(data, at)
            for _ in range(size):
                at = _walk(data, at, chunk)
            return at
        if fid == _ROW_GROUP_OFFSET:
            return _int_slot(data, at, kind, 0, slots)
        if fid == _ROW_GROUP_ORDINAL:
            return _int_slot(data, at, kind, 1, slots)
        return None

    return _walk(data, pos, group), slots


def _footer_span(data) -> tuple[int, int]:
    n = len(data)
    if n < 12 or bytes(data[:4]) != MAGIC or bytes(data[n - 4:]) != MAGIC:
        raise ValueError("not a Parquet file")
    size = int.from_bytes(bytes(data[n - 8:n - 4]), "little")
    if size > n - 12:
        raise ValueError("not a Parquet file")
    return n - 8 - size, n - 8


def _row_groups(data, footer: tuple[int, int]) -> tuple[list, int, int]:
    """Each row group's metadata in the footer (start, end, slots), and where the number of rows and the row
    groups' list are (the start of the number's value, the end of the list)."""
    found: list = []
    where = {}

    def top(fid, kind, at):
        if fid in _UNMOVABLE_FILE:
            raise Unsupported("encryption")
        if fid == _NUM_ROWS:
            where["rows"] = at
        elif fid == _ROW_GROUPS:
            if where.get("rows") is None or kind != _LIST:
                raise Unsupported("unexpected footer layout")
            size, _, at = _list_head(data, at)
            for _ in range(size):
                end, slots = _row_group(data, at)
                found.append([at, end, slots])
                at = end
            where["groups_end"] = at
            return at
        return None

    _walk(data, footer[0], top)
    if "groups_end" not in where:
        raise Unsupported("no row groups")
    return found, where["rows"], where["groups_end"]


# ------------------------------------------------------------------ pieces made and written


def parquet_writer(where, schema):
    """The writer of every table's Parquet file (and of each piece: the same options)."""
    import pyarrow.parquet as pq

    return pq.ParquetWriter(where, schema)


def csv_header(schema) -> bytes:
    """The header line the CSV writer writes for ``schema`` (a table's CSV form)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    sink = pa.BufferOutputStream()
    pacsv.CSVWriter(sink, schema).close()
    return sink.getvalue().to_pybytes()


def csv_lines(csv_table) -> memoryview:
    """The CSV writer's lines of ``csv_table`` (rows in their CSV form), without the header."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    sink = pa.BufferOutputStream()
    pacsv.write_csv(csv_table, sink, pacsv.WriteOptions(include_header=False))
    return memoryview(sink.getvalue()).cast("B")  # (the writer's buffer itself: no copy)


def line_ends(piece: Piece):
    """Where each of the piece's rows ends in its CSV lines (a numpy array: the offset after its line
    break), or None when a cell holds a line break (the rows cannot be told apart by them)."""
    import numpy as np

    ends = np.flatnonzero(np.frombuffer(piece.csv, dtype=np.uint8) == 0x0A) + 1
    return ends if len(ends) == piece.rows else None


def encode_piece(table, csv_table, schema, lines=None) -> Piece:
    """The piece of ``table`` (rows in their Parquet form) and ``csv_table`` (the same rows in their CSV form),
    written as a Parquet file with ``schema`` (the table's file schema); ``lines``: the rows' CSV lines when
    known (put together from earlier pieces' lines). Raises :class:`Unsupported` when the writer's footer
    holds what this module cannot move."""
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with parquet_writer(sink, schema) as writer:
        writer.write_table(table)
    parquet = memoryview(sink.getvalue()).cast("B")
    footer = _footer_span(parquet)
    groups, _, _ = _row_groups(parquet, footer)
    return Piece(table.num_rows, parquet, csv_lines(csv_table) if lines is None else lines, groups, footer[0], footer)


class PieceFiles:
    """NAME.parquet and NAME.csv written into the open binary files ``parquet`` and ``csv`` from pieces, in
    order (:meth:`add`), their footer and header at :meth:`finish`."""

    def __init__(self, parquet, csv, header: bytes):
        self.parquet, self.csv = parquet, csv
        self.parquet.write(MAGIC)
        self.csv.write(header)
        self.at = len(MAGIC)
        self.rows = 0
        self.metas: list[bytes] = []
        self.footer: bytes | None = None  # the first piece's

    def add(self, piece: Piece) -> None:
        data = memoryview(piece.parquet)
        shift = self.at - len(MAGIC)
        for start, end, slots in piece.groups:
            parts, pos = [], start
            for slot_start, slot_end, kind, value in slots:
                parts += [data[pos:slot_start], _zigzag(len(self.metas) if kind else value + shift)]
                pos = slot_end
            parts.append(data[pos:end])
            self.metas.append(b"".join(parts))
        if piece.where is None or not _copied(piece.where, [(self.parquet, 1, len(MAGIC), piece.data_end - len(MAGIC)),
                                                             (self.csv, 2, 0, len(piece.csv))]):
            self.parquet.write(data[len(MAGIC):piece.data_end])
            self.csv.write(piece.csv)
        self.at += piece.data_end - len(MAGIC)
        self.rows += piece.rows
        if self.footer is None:
            self.footer = bytes(data[piece.footer[0]:piece.footer[1]])

    def finish(self) -> None:
        """Write the Parquet footer (the first piece's, with every row group and the number of all rows)."""
        footer = self.footer
        _, rows_at, groups_end = _row_groups(footer, (0, len(footer)))
        _, rows_end = _varint(footer, rows_at)
        if footer[rows_end] != (1 << 4) | _LIST:  # (the row groups' list right after the number of rows)
            raise Unsupported("unexpected footer layout")
        n = len(self.metas)
        head = bytes([(n << 4) | _STRUCT]) if n < 15 else bytes([0xF0 | _STRUCT]) + _write_varint(n)
        new = b"".join([footer[:rows_at], _zigzag(self.rows), footer[rows_end:rows_end + 1], head, *self.metas,
                        footer[groups_end:]])
        self.parquet.write(new + len(new).to_bytes(4, "little") + MAGIC)


def _copied(where: tuple[str, int, int], copies: list) -> bool:
    """Copy byte ranges of the file ``where`` names into unbuffered files by the kernel (``copy_file_range``:
    the bytes never pass through this process's memory, and a mapped file's pages are not read into it):
    each copy (file, 1 or 2: from the piece's Parquet or CSV bytes, start in them, length). False (nothing
    copied) where the system cannot."""
    import os

    if not hasattr(os, "copy_file_range"):
        return False
    done = []
    try:
        with open(where[0], "rb") as source:
            for target, which, start, size in copies:
                offset = where[which] + start
                done.append((target, target.tell()))
                while size:
                    n = os.copy_file_range(source.fileno(), target.fileno(), size, offset)
                    if n <= 0:
                        raise OSError("copy_file_range copied nothing")
                    offset, size = offset + n, size - n
    except OSError:  # (a file system that cannot: the bytes are written from memory instead)
        for target, at in done:
            target.seek(at)
            target.truncate()
        return False
    return True


@cache
def assembly_works() -> bool:
    """Whether the files this module assembles are those the writers write, with the installed pyarrow: a few
    rows of every kind of column, in pieces (one empty), both ways. When not, tables are written by the writers."""
    import io

    import pyarrow as pa
    import pyarrow.csv as pacsv

    schema = pa.schema([pa.field("text", pa.string()), pa.field("number", pa.int64(), nullable=False),
                        pa.field("share", pa.float64()), pa.field("flag", pa.bool_(), nullable=False),
                        pa.field("items", pa.list_(pa.string()))])
    rows = pa.table({"text": ["a", None, "b\nc", "", "d", "d"], "number": [1, 2, 3, 4, 5, 6],
                     "share": [0.5, None, 1.0, 2.5, 0.0, 1e300], "flag": [True, False, True, True, False, False],
                     "items": [["x"], [], None, ["y", "z"], ["x"], []]}, schema=schema)
    csv_of = pa.table({c: pa.array([str(v) for v in rows.column(c).to_pylist()]) for c in schema.names})
    cuts = [(0, 2), (2, 2), (2, 5), (5, 6)]
    try:
        expected_parquet, expected_csv = pa.BufferOutputStream(), pa.BufferOutputStream()
        with parquet_writer(expected_parquet, schema) as writer, pacsv.CSVWriter(expected_csv, csv_of.schema) as csv:
            for lo, hi in cuts:
                writer.write_table(rows.slice(lo, hi - lo))
                csv.write_table(csv_of.slice(lo, hi - lo))
        parquet, csv = io.BytesIO(), io.BytesIO()
        files = PieceFiles(parquet, csv, csv_header(csv_of.schema))
        for lo, hi in cuts:
            files.add(encode_piece(rows.slice(lo, hi - lo), csv_of.slice(lo, hi - lo), schema))
        files.finish()
    except (Unsupported, ValueError, IndexError):
        return False
    return (parquet.getvalue() == expected_parquet.getvalue().to_pybytes()
            and csv.getvalue() == expected_csv.getvalue().to_pybytes())

