"""Table files assembled from pieces (table_pieces.py): byte for byte the files the writers write."""
from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from protocol_analytics import schemas
from protocol_analytics.io import csv_rows
from protocol_analytics.table_pieces import (
    PieceFiles,
    Unsupported,
    _footer_span,
    _row_groups,
    assembly_works,
    csv_header,
    encode_piece,
    piece_from,
)


def _clause_rows(n: int) -> pa.Table:
    """``n`` rows of the clause table: texts with quotes, commas, line breaks and formula starts, lists."""
    texts = ['The Clerk "shall" reply, in writing.', "=SUM(A1)", "Line one\nline two", "", "Café — naïve"]
    columns = {}
    for field in schemas.arrow_schema("clauses"):
        if pa.types.is_list(field.type):
            columns[field.name] = [[f"label{k % 3}"] * (k % 3) for k in range(n)]
        elif pa.types.is_boolean(field.type):
            columns[field.name] = [k % 2 == 0 for k in range(n)]
        elif pa.types.is_integer(field.type):
            columns[field.name] = list(range(n))
        else:
            columns[field.name] = [None if field.nullable and k % 7 == 3 else texts[k % len(texts)] + str(k)
                                   for k in range(n)]
    return pa.table(columns, schema=schemas.arrow_schema("clauses"))


def _written(rows: pa.Table, cuts: list[tuple[int, int]]) -> tuple[bytes, bytes]:
    """The files the writers make of ``rows`` written a cut at a time."""
    schema = schemas.arrow_schema("clauses")
    parquet, csv = pa.BufferOutputStream(), pa.BufferOutputStream()
    csv_form = csv_rows(rows)
    with pq.ParquetWriter(parquet, schema) as writer, pacsv.CSVWriter(csv, csv_form.schema) as csv_writer:
        for lo, hi in cuts:
            writer.write_table(rows.slice(lo, hi - lo))
            csv_writer.write_table(csv_form.slice(lo, hi - lo))
    return parquet.getvalue().to_pybytes(), csv.getvalue().to_pybytes()


def _assembled(rows: pa.Table, cuts: list[tuple[int, int]]) -> tuple[bytes, bytes]:
    schema = schemas.arrow_schema("clauses")
    parquet, csv = io.BytesIO(), io.BytesIO()
    csv_form = csv_rows(rows)
    files = PieceFiles(parquet, csv, csv_header(csv_form.schema))
    for lo, hi in cuts:
        files.add(encode_piece(rows.slice(lo, hi - lo), csv_form.slice(lo, hi - lo), schema))
    files.finish()
    return parquet.getvalue(), csv.getvalue()


def test_the_installed_pyarrow_writes_files_that_pieces_assemble():
    assert assembly_works()  # (else every table is encoded again at each build: the fast path is untested)


@pytest.mark.parametrize("cuts", [[(0, 40)], [(0, 0), (0, 7), (7, 40)], [(0, 13), (13, 14), (14, 40)],
                                  [(k, k + 2) for k in range(0, 40, 2)]])
def test_a_table_assembled_from_pieces_is_the_files_the_writers_write(cuts):
    rows = _clause_rows(40)
    parquet, csv = _assembled(rows, cuts)
    assert (parquet, csv) == _written(rows, cuts)  # (twenty row groups: a list longer than its short form)
    assert pq.read_table(io.BytesIO(parquet)).equals(rows)


def test_a_piece_survives_its_layout_and_refuses_one_that_does_not_fit():
    rows = _clause_rows(9)
    piece = encode_piece(rows, csv_rows(rows), schemas.arrow_schema("clauses"))
    again = piece_from(piece.layout(), memoryview(piece.parquet), memoryview(piece.csv))
    assert (again.rows, again.groups, again.data_end, again.footer) == \
           (piece.rows, piece.groups, piece.data_end, piece.footer)
    rows_, groups, data_end, footer = piece.layout()
    for broken in ([rows_, groups, len(piece.parquet) + 1, footer], [rows_, [[0, 10, []]], data_end, footer],
                   [rows_, groups, data_end, [footer[0], len(piece.parquet) + 5]]):
        with pytest.raises(ValueError):
            piece_from(broken, piece.parquet, piece.csv)


def test_a_footer_with_page_indexes_is_refused():
    rows = _clause_rows(5)
    sink = pa.BufferOutputStream()
    with pq.ParquetWriter(sink, rows.schema, write_page_index=True) as writer:
        writer.write_table(rows)
    data = sink.getvalue().to_pybytes()
    with pytest.raises(Unsupported):
        _row_groups(data, _footer_span(data))


def test_a_pieces_rows_are_told_apart_by_their_line_breaks_unless_a_cell_holds_one():
    from protocol_analytics.table_pieces import line_ends

    rows = _clause_rows(10)  # (a text of "Line one\nline two" in row 2)
    piece = encode_piece(rows, csv_rows(rows), schemas.arrow_schema("clauses"))
    assert line_ends(piece) is None
    plain = rows.filter(pa.array([k != 2 and k != 7 for k in range(10)]))
    piece = encode_piece(plain, csv_rows(plain), schemas.arrow_schema("clauses"))
    ends = line_ends(piece).tolist()
    assert len(ends) == plain.num_rows and ends[-1] == len(piece.csv)
    starts = [0, *ends[:-1]]
    for k in range(plain.num_rows):  # each row's line is the piece of one row
        one = plain.slice(k, 1)
        assert bytes(piece.csv[starts[k]:ends[k]]) == encode_piece(one, csv_rows(one), one.schema).csv
