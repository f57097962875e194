"""The optional manifest data/raw/councils.csv: who each raw file belongs to."""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import Errors, ManifestError
from ..rules.labels import COUNCIL_TYPES, NATIONS

MANIFEST_NAME = "councils.csv"
COLUMNS = ("file", "council", "council_type", "nation", "source_url", "sha256")
VALID_TYPES = tuple(t.replace(" ", "_") for t in COUNCIL_TYPES) + ("unknown", "")


@dataclass
class ManifestProblem:
    file: str
    code: str
    message: str


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_manifest(raw_dir: Path) -> tuple[dict[str, dict[str, str]], list[ManifestProblem]]:
    """Rows by file name, and the problems found (each names the row and what to fix).

    A row with a problem is still used for the fields that are fine; a row that cannot be parsed (more
    cells than the header, a quote left open), or that names a file outside the raw folder, is not used.
    A manifest that cannot be read at all raises ManifestError.
    """
    path = Path(raw_dir) / MANIFEST_NAME
    if not path.exists():
        return {}, []
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh, strict=True)
            header = [h.strip() for h in (reader.fieldnames or [])]
            rows = list(_rows(reader))
    except (UnicodeDecodeError, csv.Error, OSError) as exc:
        raise ManifestError(Errors.PA021.format(path=path, reason=exc)) from exc
    if "file" not in header:
        raise ManifestError(Errors.PA021.format(path=path, reason=f"no 'file' column (columns: {header})"))
    problems: list[ManifestProblem] = []
    by_file: dict[str, dict[str, str]] = {}
    doc_ids: dict[str, int] = {}
    file_rows: dict[str, int] = {}
    root = Path(raw_dir).resolve()
    for n, raw in enumerate(rows, start=2):
        broken = isinstance(raw, csv.Error)
        row = {} if broken else {k.strip(): (v or "").strip() for k, v in raw.items() if isinstance(k, str) and k}
        file = row.get("file", "")

        def problem(text: str, code: str = "PA020", n: int = n, file: str = file) -> None:
            where = f"{n} (file '{file}')" if file else n
            problems.append(ManifestProblem(file or f"{MANIFEST_NAME}:{n}", code,
                                            Errors.PA020.format(path=path, row=where, problem=text)))

        if broken:
            problem(f"it cannot be parsed ({raw}); a quote left open takes in every line after it, so those "
                    f"rows were not read - close the quote")
            continue
        if None in raw:
            problem(f"it has {len(header) + len(raw[None])} cells, the header {len(header)}; the row was not used "
                    f"- quote a cell that holds a comma")
            continue
        if not file:
            problem("the 'file' cell is empty")
            continue
        target = Path(raw_dir) / file
        if not target.resolve().is_relative_to(root):
            problem(f"file '{file}' is outside the raw folder; the row was not used - name files by their path "
                    f"inside the raw folder")
            continue
        if not target.is_file():
            problem(f"file '{file}' does not exist in the raw folder")
            continue
        if file in file_rows:
            problem(f"the file is listed twice (also row {file_rows[file]}); only the first row is used - delete one")
            continue
        file_rows[file] = n
        stem = Path(file).stem
        if stem in doc_ids:
            # the build names such files by their whole path, so the row is still used
            problem(f"duplicate doc_id '{stem}' (also row {doc_ids[stem]}): files with the same name stem get "
                    f"ids from their whole path instead - rename one to keep ids stable")
        else:
            doc_ids[stem] = n
        kind = row.get("council_type", "").lower().replace(" ", "_")
        if kind not in VALID_TYPES:
            problem(f"unknown council_type '{row.get('council_type')}' (use one of {', '.join(t for t in VALID_TYPES if t)})")
            row["council_type"] = ""
        else:
            row["council_type"] = kind
        if row.get("nation", "") not in NATIONS:
            problem(f"unknown nation '{row.get('nation')}' (use one of {', '.join(x for x in NATIONS if x)})")
            row["nation"] = ""
        if row.get("sha256") and row["sha256"].lower() != sha256_of(target):
            problem("sha256 does not match the file (was it changed? update the checksum)")
        by_file[file] = row
    return by_file, problems


def _rows(reader: csv.DictReader):
    """The reader's rows; a row the csv module cannot parse comes as its csv.Error (reading goes on)."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield exc
