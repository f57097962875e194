"""Real documents in, nothing lost: one build over a raw folder mixing good files in every format with
every kind of bad file, the manifest's failure modes, and atomic outputs.

The main build runs once per module (the spaCy model loads once); the other builds use a handful of
small text files.
"""
from __future__ import annotations

import hashlib
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

import fixtures as fx
from protocol_analytics.build import Settings, build
from protocol_analytics.build.record import RECORD_NAME
from protocol_analytics.build.store import OutputFolder
from protocol_analytics.io import read_table
from protocol_analytics.table_pieces import PieceFiles

# each good format under its own file name and council
COUNCILS = {"txt": "Ashcombe", "md": "Brampton", "html": "Chilcote", "docx": "Dunmore", "pdf": "Eastwell"}
GOOD = {fmt: f"{name.lower()}-protocol.{fmt}" for fmt, name in COUNCILS.items()}

WELSH = """Protocol ar Gysylltiadau rhwng Aelodau a Swyddogion

1. Cyflwyniad

1.1 Mae'r protocol hwn yn arwain Cynghorwyr a gweithwyr y Cyngor Cymuned yn eu perthynas waith. Nid yw'n
disodli Cod Ymddygiad yr Aelodau.

1.2 Dylid ei ddarllen ynghyd â Rheolau Sefydlog y Cyngor, y Rheoliadau Ariannol a Llawlyfr y Staff.

2. Rolau Aelodau a swyddogion

2.1 Mae Cynghorwyr yn gosod polisi'r Cyngor ac mae swyddogion yn ei weithredu. Ni ddylai Cynghorydd roi
cyfarwyddiadau i unrhyw weithiwr heblaw'r Clerc, gofyn i swyddog wneud gwaith o natur wleidyddol, na
beirniadu aelod o staff yn gyhoeddus neu ar y cyfryngau cymdeithasol.

2.2 Y Clerc yw Swyddog Priodol y Cyngor ac mae'n gyfrifol am reoli pob gweithiwr arall o ddydd i ddydd.
Dylid gwneud ceisiadau am waith i'r Clerc, a fydd yn penderfynu sut y caiff y gwaith ei ddyrannu a threfn
blaenoriaeth ei gwblhau, gan roi sylw i'r adnoddau sydd ar gael ac unrhyw derfynau amser a osodwyd gan y Cyngor.

3. Codi pryderon

3.1 Dylai Aelod sy'n anhapus â gwaith gweithiwr godi'r mater yn anffurfiol gyda'r Clerc yn gyntaf, ac os na
chaiff ei ddatrys, ysgrifennu at Gadeirydd y Pwyllgor Staffio. Yn y pen draw, gellir gofyn i'r mater gael ei
roi gerbron y Pwyllgor Staffio llawn i'w ystyried.
"""

FRENCH = """Protocole sur les relations entre élus et agents

1.1 Le présent protocole guide les conseillers et les employés du conseil municipal dans leurs relations de
travail. Il ne remplace pas le code de conduite des élus.

1.2 Il doit être lu avec le règlement intérieur du conseil, le règlement financier et le manuel du personnel.

2.1 Les conseillers fixent la politique du conseil et les agents la mettent en oeuvre. Un conseiller ne doit
pas donner d'instructions à un employé autre que le secrétaire, ni demander à un agent un travail de nature
politique, ni critiquer un membre du personnel en public ou sur les réseaux sociaux.

2.2 Le secrétaire est responsable de la gestion quotidienne de tous les autres employés. Les demandes de
travail doivent lui être adressées; il décide de la répartition du travail et de l'ordre de priorité, en
tenant compte des ressources disponibles et des délais fixés par le conseil.

3.1 Un conseiller qui est mécontent du travail d'un employé doit d'abord en parler au secrétaire, puis, si la
question n'est pas réglée, écrire au président de la commission du personnel. En dernier recours, la question
peut être soumise à la commission du personnel.
"""

PLAIN = """Ashcombe Parish Council

Councillors and officers of the Council work together to serve the people of the parish, and each must
respect the role of the other at all times.

Councillors set the policy of the Council. The Clerk and the other employees of the Council carry out that
policy and give impartial advice to all members.

A councillor who is unhappy with the work of an employee should raise the matter with the Clerk, and not
with the employee in public or on social media.

Concerns about the Clerk should be put in writing to the Chair of the Council, who will consult the
Staffing Committee before any action is taken.
"""

FRONT_MATTER = """FOXLEY PARISH COUNCIL
Clerk: Mrs Jane Smith
The Village Hall, Church Lane, Foxley AB1 2CD
Telephone: 01234 567890
clerk@foxley-pc.gov.uk

Protocol on Member and Officer Relations

1. Introduction

1.1 This protocol guides Councillors and the employees of the Council in their working relationships.

1.2 Councillors must not give instructions to any employee other than the Clerk, and officers must treat
every Councillor with courtesy.
"""

MAX_MB = 0.05  # above every good file (the .docx is ~38 kB), below the "very large" one

# bad file -> (code, stage, words of the advice the message must give)
BAD = {
    "empty.txt": ("PA001", "read", "re-export"),
    "garbage.txt": ("PA002", "read", "check that it was saved"),
    "garbage.pdf": ("PA002", "read", "check that it was saved"),
    "scanned.pdf": ("PA003", "read", "ocr"),
    "encrypted.pdf": ("PA004", "read", "unencrypted copy"),
    "truncated.docx": ("PA005", "read", "re-save"),
    "broken-part.docx": ("PA005", "read", "re-save"),
    "very-large.txt": ("PA006", "read", "raise the limit"),
    "cyngor-cymuned.txt": ("PA008", "segment", "english version"),
    "conseil-municipal.txt": ("PA008", "segment", "english version"),
    "zz-copy-of-ashcombe.txt": ("PA010", "duplicate", "remove one"),
}
EXTRA_GOOD = ["plain-paragraphs.txt", "foxley.txt", "short-guide-to-you.txt"]
# a short guide written to its reader: few of "the", "of", "and", but English all the same
SHORT_GUIDE = """Speaking at meetings

You can speak at most meetings. We will write when your turn comes.

Keep what you say short. You must stop when asked.
"""


@contextmanager
def council_named(name: str):
    """The fixture protocol with 'Ashcombe' replaced by another council's name."""
    saved = fx.PROTOCOL
    fx.PROTOCOL = [(k, m, t.replace("Ashcombe", name)) for k, m, t in saved]
    try:
        yield
    finally:
        fx.PROTOCOL = saved


def write_raw(raw: Path) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    writers = {"txt": fx.write_txt, "md": fx.write_md, "html": fx.write_html, "docx": fx.write_docx,
               "pdf": fx.write_pdf}
    for fmt, council in COUNCILS.items():
        with council_named(council):
            writers[fmt](raw).rename(raw / GOOD[fmt])
    (raw / "plain-paragraphs.txt").write_text(PLAIN, encoding="utf-8")
    (raw / "foxley.txt").write_text(FRONT_MATTER, encoding="utf-8")
    (raw / "short-guide-to-you.txt").write_text(SHORT_GUIDE, encoding="utf-8")
    # bad files
    (raw / "empty.txt").write_bytes(b"")
    (raw / "garbage.txt").write_bytes(fx.garbage_bytes(seed=1))
    (raw / "garbage.pdf").write_bytes(fx.garbage_bytes(seed=2))
    fx.write_scanned_pdf(raw)
    fx.write_encrypted_pdf(raw)
    fx.write_truncated_docx(raw)
    fx.write_docx_with_broken_part(raw)
    big = fx.protocol_txt()
    (raw / "very-large.txt").write_text(big * (int(MAX_MB * 2 * 1024 * 1024) // len(big) + 1), encoding="utf-8")
    (raw / "cyngor-cymuned.txt").write_text(WELSH, encoding="utf-8")
    (raw / "conseil-municipal.txt").write_text(FRENCH, encoding="utf-8")
    shutil.copyfile(raw / GOOD["txt"], raw / "zz-copy-of-ashcombe.txt")


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` (files and directories) with its content hash."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


def temp_files(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.endswith(".tmp") or ".tmp" in p.suffixes]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    root = tmp_path_factory.mktemp("mixed")
    raw, out = root / "raw", root / "out"
    write_raw(raw)
    before = snapshot(raw)
    assert all(Path(raw / f).stat().st_size < MAX_MB * 1024 * 1024 for f in [*GOOD.values(), *EXTRA_GOOD])
    report = build(raw, out, settings=Settings(max_mb=MAX_MB), progress=False)
    return {"raw": raw, "out": out, "report": report, "before": before,
            "errors": read_table("errors", out), "documents": read_table("documents", out),
            "clauses": read_table("clauses", out)}


# ------------------------------------------------------------------------------ bad files


def test_every_bad_file_is_one_error_with_its_code(mixed):
    errors = mixed["errors"]
    assert sorted(errors["file"]) == sorted(BAD), errors[["file", "code"]]
    for file, (code, stage, _) in BAD.items():
        row = errors[errors["file"] == file]
        assert len(row) == 1, (file, row)
        assert (row["code"].iloc[0], row["stage"].iloc[0]) == (code, stage), (file, row.iloc[0].to_dict())
        stem = Path(file).stem
        shared = sum(Path(f).stem == stem for f in BAD) > 1  # garbage.txt and garbage.pdf
        assert row["doc_id"].iloc[0] == (file.replace(".", "-") if shared else stem)


def test_error_messages_name_the_file_and_say_what_to_do(mixed):
    for r in mixed["errors"].itertuples():
        advice = BAD[r.file][2]
        assert r.file in r.message, r.message
        assert advice in r.message.lower(), r.message
        assert "\n" not in r.message


def test_duplicate_reported_once_and_the_first_copy_is_built(mixed):
    dup = mixed["errors"][mixed["errors"]["code"] == "PA010"]
    assert list(dup["file"]) == ["zz-copy-of-ashcombe.txt"]
    assert GOOD["txt"] in dup["message"].iloc[0]
    assert "zz-copy-of-ashcombe" not in set(mixed["documents"]["doc_id"])


def test_partial_build_exit_code_and_counts(mixed):
    report = mixed["report"]
    assert report.exit_code == 3
    assert report.n_errors == len(BAD) == len(report.errors)
    assert report.n_documents == len(GOOD) + len(EXTRA_GOOD)
    assert report.n_files == len(GOOD) + len(EXTRA_GOOD) + len(BAD)
    assert report.n_clauses == len(mixed["clauses"])


# ----------------------------------------------------------------------------- good files


def test_every_good_file_is_a_document(mixed):
    docs = mixed["documents"].set_index("source_file")
    assert set(docs.index) == set(GOOD.values()) | set(EXTRA_GOOD)
    for fmt, file in GOOD.items():
        assert docs.loc[file, "format"] == fmt
        assert docs.loc[file, "council"] == f"{COUNCILS[fmt]} Parish Council"
        assert docs.loc[file, "council_type"] == "parish"
        assert docs.loc[file, "n_clauses"] > 0
    for file in docs.index:
        assert (mixed["out"] / docs.loc[file, "text_file"]).is_file()


def _normalised(clauses: pd.DataFrame, doc_id: str, council: str) -> list[tuple[str, str]]:
    rows = clauses[clauses["doc_id"] == doc_id]
    return [(r.clause_id, " ".join(r.text.replace(council, "COUNCIL").split()).casefold()) for r in rows.itertuples()]


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_every_format_gives_the_clauses_of_the_text_version(mixed, fmt):
    clauses = mixed["clauses"]
    reference = _normalised(clauses, Path(GOOD["txt"]).stem, COUNCILS["txt"])
    assert len(reference) >= 15
    got = _normalised(clauses, Path(GOOD[fmt]).stem, COUNCILS[fmt])
    assert got == reference


def test_unnumbered_paragraphs_still_give_clauses(mixed):
    clauses = mixed["clauses"][mixed["clauses"]["doc_id"] == "plain-paragraphs"]
    assert len(clauses) == 4
    assert clauses["clause_id"].is_unique
    assert all(re.fullmatch(r"(?:[\w.]+\.)?p\d+", c) for c in clauses["clause_id"]), list(clauses["clause_id"])
    assert clauses["text"].iloc[0].startswith("Councillors and officers of the Council work together")
    doc = mixed["documents"].set_index("doc_id").loc["plain-paragraphs"]
    assert doc["council"] == "Ashcombe Parish Council"  # the name line above the paragraphs
    assert doc["council_type"] == "parish"


def test_council_name_line_is_front_matter_not_a_section(mixed):
    clauses = mixed["clauses"][mixed["clauses"]["doc_id"] == "plain-paragraphs"]
    assert set(clauses["section"]) == {""}


def test_council_and_contact_details_found_in_front_matter_without_manifest(mixed):
    doc = mixed["documents"].set_index("doc_id").loc["foxley"]
    assert doc["council"] == "Foxley Parish Council"
    assert doc["council_source"] == "document"
    assert doc["council_type"] == "parish"
    assert doc["telephone"] == "01234 567890"
    assert doc["email"] == "clerk@foxley-pc.gov.uk"
    assert "AB1 2CD" in doc["address"]
    texts = " ".join(mixed["clauses"].loc[mixed["clauses"]["doc_id"] == "foxley", "text"])
    assert "01234" not in texts and "@" not in texts and "FOXLEY" not in texts


# ---------------------------------------------------------------------------- raw and out


def test_raw_folder_is_unchanged(mixed):
    assert snapshot(mixed["raw"]) == mixed["before"]


def test_no_temporary_files_left(mixed):
    assert temp_files(mixed["out"]) == []
    for name in ("documents", "clauses", "tags", "statements", "errors", "coverage"):
        assert (mixed["out"] / f"{name}.parquet").is_file() and (mixed["out"] / f"{name}.csv").is_file()


@pytest.mark.slow
def test_cli_prints_one_line_per_error(mixed, tmp_path, capsys):
    from protocol_analytics.cli import main

    code = main(["build", str(mixed["raw"]), "--out", str(tmp_path / "out"), "--quiet", "--max-mb", str(MAX_MB)])
    captured = capsys.readouterr()
    assert code == 3
    lines = [ln for ln in captured.err.splitlines() if ln.startswith("error ")]
    assert len(lines) == len(BAD), captured.err
    for file, (code_, _, _) in BAD.items():
        assert sum(file in ln for ln in lines) == 1, file
        assert any(ln.startswith(f"error {code_}: ") and file in ln for ln in lines), file
    assert f"{len(BAD)} errors" in captured.out
    assert snapshot(mixed["raw"]) == mixed["before"]


def test_size_message_states_the_limit(mixed):
    message = mixed["errors"].set_index("file").loc["very-large.txt", "message"]
    assert f"{MAX_MB:g} MB limit" in message


@pytest.mark.slow
def test_interrupted_write_keeps_previous_tables_and_rerun_completes(mixed, tmp_path, monkeypatch):
    out = tmp_path / "out"
    settings = Settings(max_mb=MAX_MB)
    build(mixed["raw"], out, settings=settings, progress=False)
    previous = {name: (out / f"{name}.parquet").read_bytes() for name in ("documents", "clauses", "tags")}

    real = PieceFiles.add

    def failing(self, piece):  # (the first table written is the clause table)
        self.parquet.write(b"half a table")  # the write dies midway
        raise OSError("No space left on device")

    monkeypatch.setattr(PieceFiles, "add", failing)
    (OutputFolder(out).live() / RECORD_NAME).unlink(missing_ok=True)  # (a build that writes its tables, not one that finds nothing changed)
    with pytest.raises(OSError, match="No space left"):
        build(mixed["raw"], out, settings=settings, progress=False)
    assert (out / "clauses.parquet").read_bytes() == previous["clauses"]
    assert len(read_table("clauses", out)) == mixed["report"].n_clauses
    assert (out / "documents.parquet").read_bytes() == previous["documents"]
    assert temp_files(out) == []

    monkeypatch.setattr(PieceFiles, "add", real)
    report = build(mixed["raw"], out, settings=settings, progress=False)
    assert report.exit_code == 3
    assert report.n_documents == mixed["report"].n_documents
    assert report.n_cached == report.n_documents + (len(BAD) - 1)  # every processed file from the cache
    assert read_table("clauses", out)["text"].tolist() == mixed["clauses"]["text"].tolist()
    assert temp_files(out) == []
    assert snapshot(mixed["raw"]) == mixed["before"]


# ------------------------------------------------------------------------------- manifest


def _small(raw: Path, names: dict[str, str]) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    for file, council in names.items():
        with council_named(council):
            (raw / file).write_text(fx.protocol_txt(), encoding="utf-8")


@pytest.fixture(scope="module")
def manifest_build(tmp_path_factory):
    raw = tmp_path_factory.mktemp("manifest") / "raw"
    _small(raw, {"alpha.txt": "Alpha", "alpha.md": "Alphamd", "beta.txt": "Beta", "gamma.txt": "Gamma",
                 "delta.txt": "Delta", "epsilon.txt": "Epsilon"})
    (raw / "councils.csv").write_text(
        "file,council,council_type,nation,source_url,sha256\n"
        "alpha.txt,Alpha Town Council,town,England,,\n"
        "alpha.md,Alpha Town Council,town,England,,\n"          # same doc_id as alpha.txt
        "beta.txt,Beta Hamlet Council,hamlet,England,,\n"       # unknown council_type
        "gamma.txt,Gamma Town Council,town,England,,deadbeef\n"  # wrong sha256
        "missing.txt,Missing Town Council,town,England,,\n"      # no such file
        "delta.txt,Delta Town Council,town,England,,\n"
        "delta.txt,Delta City Council,city,England,,\n",         # the same file twice
        encoding="utf-8")
    before = snapshot(raw)
    out = raw.parent / "out"
    report = build(raw, out, progress=False)
    assert snapshot(raw) == before
    return report, read_table("errors", out), read_table("documents", out)


MANIFEST_PROBLEMS = {  # file -> words of the message
    "alpha.md": "duplicate doc_id 'alpha'",
    "beta.txt": "unknown council_type 'hamlet'",
    "gamma.txt": "sha256 does not match",
    "missing.txt": "does not exist in the raw folder",
    "delta.txt": "listed twice",
}


def test_manifest_problems_are_error_rows(manifest_build):
    _, errors, _ = manifest_build
    assert set(errors["stage"]) == {"manifest"}
    assert set(errors["code"]) == {"PA020"}
    assert sorted(errors["file"]) == sorted(MANIFEST_PROBLEMS)
    for file, words in MANIFEST_PROBLEMS.items():
        message = errors.set_index("file").loc[file, "message"]
        assert words in message and f"'{file}'" in message, message
        assert "councils.csv" in message and "re-run" in message


def test_manifest_problems_do_not_stop_the_files(manifest_build):
    report, _, documents = manifest_build
    docs = documents.set_index("source_file")
    assert set(docs.index) == {"alpha.txt", "alpha.md", "beta.txt", "gamma.txt", "delta.txt", "epsilon.txt"}
    assert documents["doc_id"].is_unique
    assert report.exit_code == 3
    assert docs.loc["alpha.txt", "council"] == docs.loc["alpha.md", "council"] == "Alpha Town Council"
    # an unknown type falls back to the type in the council's name; other fields of the row are kept
    assert docs.loc["beta.txt", "council"] == "Beta Hamlet Council"
    assert docs.loc["beta.txt", "council_type"] == "unknown"
    assert (docs.loc["gamma.txt", "council"], docs.loc["gamma.txt", "council_source"]) == ("Gamma Town Council",
                                                                                         "manifest")
    assert (docs.loc["delta.txt", "council"], docs.loc["delta.txt", "council_type"]) == ("Delta Town Council",
                                                                                         "town")
    assert (docs.loc["epsilon.txt", "council"], docs.loc["epsilon.txt", "council_source"]) == (
        "Epsilon Parish Council", "document")


@pytest.mark.parametrize("content, words", [
    (b"name,council\nalpha.txt,Alpha Town Council\n", "no 'file' column"),
    (b"file,council\nalpha.txt,\xff\xfe\xfa Town Council\n", "could not be read"),
], ids=["no-file-column", "undecodable"])
@pytest.mark.slow
def test_broken_manifest_is_one_error_and_files_still_build(tmp_path, content, words):
    raw = tmp_path / "raw"
    _small(raw, {"alpha.txt": "Alpha"})
    (raw / "councils.csv").write_bytes(content)
    report = build(raw, tmp_path / "out", progress=False)
    errors = read_table("errors", tmp_path / "out")
    assert len(errors) == 1
    row = errors.iloc[0]
    assert (row["file"], row["code"], row["stage"]) == ("councils.csv", "PA021", "manifest")
    assert words in row["message"] and "councils.csv" in row["message"]
    documents = read_table("documents", tmp_path / "out")
    assert list(documents["doc_id"]) == ["alpha"]
    assert documents["council"].iloc[0] == "Alpha Parish Council"
    assert report.exit_code == 3


@pytest.mark.slow
def test_same_stem_in_two_folders_without_manifest(tmp_path):
    raw = tmp_path / "raw"
    _small(raw / "north", {"protocol.txt": "Northam"})
    _small(raw / "south", {"protocol.txt": "Southam"})
    report = build(raw, tmp_path / "out", progress=False)
    documents = read_table("documents", tmp_path / "out")
    assert report.exit_code == 0
    assert documents["doc_id"].is_unique and len(documents) == 2
    assert sorted(documents["council"]) == ["Northam Parish Council", "Southam Parish Council"]
    assert len(set(documents["text_file"])) == 2
