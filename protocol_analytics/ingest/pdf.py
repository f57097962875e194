"""PDF: the text layer read line by line, paragraph breaks recovered from vertical gaps.

pypdf checks the file first (header, structure, encryption; an empty user
password is tried). pdfplumber then gives the text lines of each page with
their positions (where one library fails, the other stands in: see
:func:`extract_pages`): a blank line goes between two lines when the gap between them
is clearly wider than the document's line spacing, or when a line starts with
a list marker right after a line that ends a sentence or clause. Pages are
joined with a blank line, as in the text exports; page furniture (running
heads, page numbers) is left for segmentation to remove.
"""
from __future__ import annotations

import re
import statistics
from pathlib import Path

from ..errors import IngestError, Warnings
from .base import ExtractedText, looks_binary, register_reader

MIN_TEXT_CHARS = 20
"""Fewer non-space characters than this over all pages: treated as a scan without a text layer."""

PARAGRAPH_GAP = 1.35
"""A line pitch this many times the usual pitch (or more) starts a new block."""

_BULLET_GLYPHS = "\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2043\uf0b7\uf0a7\u27a2\u25ba"
_LIST_START = re.compile(
    r"^\s*(?:[" + _BULLET_GLYPHS + r"]|[-\u2013\u2014*](?=\s)|\(?[a-zA-Z]\)|\(?[ivxlcIVXLC]{1,5}[.)](?=\s)"
    r"|\d{1,3}(?:\.\d{1,3})*\.?(?=\s))"
)
_ENDS_UNIT = re.compile(r"[.:;!?]['\")\u2019\u201d]*$|\b(?:and|or)$")


def _check_header(path: Path) -> None:
    """Refuse an empty file, or one that is not a PDF at all, before any PDF library sees it."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if not head.strip():
        raise IngestError("PA001", path)
    if b"%PDF-" not in head[:1024]:
        if looks_binary(head):
            raise IngestError("PA002", path, fmt="PDF")
        raise IngestError("PA005", path, fmt="PDF", reason="it has no %PDF header; it looks like text")


def _check_pdf(path: Path) -> tuple[int, str | None]:
    """Validate with pypdf; return (page count, password to open with) or raise IngestError."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError, PyPdfError

    password = None
    try:
        with open(path, "rb") as fh:
            reader = PdfReader(fh, strict=False)
            if reader.is_encrypted:
                try:
                    ok = reader.decrypt("")
                except (NotImplementedError, PyPdfError) as exc:
                    raise IngestError("PA004", path) from exc
                if not ok:
                    raise IngestError("PA004", path)
                password = ""
            n_pages = len(reader.pages)
    except IngestError:
        raise
    except FileNotDecryptedError as exc:
        raise IngestError("PA004", path) from exc
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise IngestError("PA005", path, fmt="PDF", reason=f"{type(exc).__name__}: {exc}") from exc
    if n_pages == 0:
        raise IngestError("PA005", path, fmt="PDF", reason="it has no pages")
    return n_pages, password


def _page_lines(page) -> list[dict]:
    """Text lines of a page, top to bottom, each with ``text``, ``top``, ``bottom``, ``x0``."""
    lines = page.extract_text_lines(layout=False, strip=True, return_chars=False)
    out = []
    for line in lines:
        text = (line.get("text") or "").strip()
        if text:
            out.append({"text": text, "top": float(line["top"]), "bottom": float(line["bottom"]),
                        "x0": float(line["x0"])})
    return out


def _usual_pitch(pages: list[list[dict]]) -> float | None:
    """The document's ordinary baseline-to-baseline distance between lines of one paragraph."""
    pitches = []
    heights = []
    for lines in pages:
        for prev, line in zip(lines, lines[1:]):
            pitch = line["bottom"] - prev["bottom"]
            if pitch > 0.5:
                pitches.append(pitch)
        heights.extend(ln["bottom"] - ln["top"] for ln in lines)
    if not pitches:
        return None
    pitches.sort()
    low = pitches[: max(1, len(pitches) // 3)]  # the tightest third: lines inside paragraphs
    pitch = statistics.median(low)
    height = statistics.median(heights) if heights else pitch
    # all gaps alike and wide (only one-line paragraphs): the in-paragraph pitch is not in the sample
    if height > 0 and pitch > 1.8 * height and pitch >= 0.85 * statistics.median(pitches):
        pitch = 1.2 * height
    return pitch


def _lay_out(lines: list[dict], pitch: float | None) -> str:
    blocks: list[list[str]] = []
    prev = None
    for line in lines:
        new_block = prev is None
        if prev is not None:
            gap = line["bottom"] - prev["bottom"]
            height = max(prev["bottom"] - prev["top"], line["bottom"] - line["top"], 1.0)
            if pitch is not None and gap > PARAGRAPH_GAP * pitch:
                new_block = True
            elif gap > 2.2 * height:
                new_block = True
            elif gap < -height:  # back up the page: a new column or a positioned box
                new_block = True
            elif line["text"][0] in _BULLET_GLYPHS:
                new_block = True
            elif _LIST_START.match(line["text"]) and _ENDS_UNIT.search(prev["text"]):
                new_block = True
        if new_block:
            blocks.append([])
        blocks[-1].append(line["text"])
        prev = line
    return "\n\n".join("\n".join(b) for b in blocks)


def _plumber_pages(path: Path, password: str | None) -> list[list[dict]]:
    """Every page's text lines, by pdfplumber (pdfminer)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    pages: list[list[dict]] = []
    try:
        with pdfplumber.open(path, password=password or "") as pdf:
            for page in pdf.pages:
                pages.append(_page_lines(page))
                page.close()
    except PDFPasswordIncorrect as exc:
        raise IngestError("PA004", path) from exc
    except Exception as exc:  # pdfminer raises many kinds on a damaged content stream
        raise IngestError("PA005", path, fmt="PDF", reason=f"{type(exc).__name__}: {exc}") from exc
    return pages


def _pypdf_pages(path: Path, password: str | None) -> list[list[dict]]:
    """Every page's text lines, by pypdf's layout mode (which rebuilds a broken cross-reference table).
    Its rows of text stand in for positions: a blank row between two lines is a gap between blocks."""
    from pypdf import PdfReader

    pages: list[list[dict]] = []
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            reader.decrypt(password or "")
        for page in reader.pages:
            rows = page.extract_text(extraction_mode="layout").splitlines()
            pages.append([{"text": row.strip(), "top": float(n), "bottom": n + 1.0,
                           "x0": float(len(row) - len(row.lstrip()))} for n, row in enumerate(rows) if row.strip()])
    except Exception as exc:  # pypdf raises many kinds on a damaged file too
        raise IngestError("PA005", path, fmt="PDF", reason=f"{type(exc).__name__}: {exc}") from exc
    return pages


def _n_chars(pages: list[list[dict]]) -> int:
    return sum(len(re.sub(r"\s", "", ln["text"])) for lines in pages for ln in lines)


def extract_pages(path: Path) -> tuple[list[list[dict]], list[str]]:
    """The text lines of every page, and warnings. pypdf checks the file (encryption, structure), then
    pdfplumber reads it; each library stands in for the other where it fails: pdfplumber still reads a
    file that pypdf's check refuses, and pypdf reads one where pdfplumber finds no text. A file both
    refuse raises the first refusal; one where neither finds text is a scan."""
    _check_header(path)
    password, refusals, warnings = None, [], []
    try:
        _, password = _check_pdf(path)
    except IngestError as exc:
        if exc.code != "PA005":
            raise
        refusals.append(("pypdf", exc))
    pages = None
    for name, reader in (("pdfplumber", _plumber_pages), ("pypdf", _pypdf_pages)):
        try:
            pages = reader(path, password)
        except IngestError as exc:
            if exc.code != "PA005":
                raise
            refusals.append((name, exc))
            continue
        if _n_chars(pages) >= MIN_TEXT_CHARS:
            break
        refusals.append((name, None))  # read, but no text
    else:
        if pages is None:
            raise refusals[0][1]
        raise IngestError("PA003", path)
    for failed, exc in refusals:
        reason = exc.fields["reason"] if exc is not None else "it found no text"
        warnings.append(Warnings.PA106.format(path=path, failed=failed, reason=reason, reader=name))
    return pages, warnings


@register_reader(".pdf")
def read_pdf(path: Path) -> ExtractedText:
    """Read a PDF's text layer into the shared plain-text layout."""
    path = Path(path)
    pages, warnings = extract_pages(path)
    blank = [str(i) for i, lines in enumerate(pages, 1) if not lines]
    if blank and len(blank) > len(pages) // 4:
        warnings.append(Warnings.PA104.format(path=path, pages=", ".join(blank), total=len(pages)))
    pitch = _usual_pitch(pages)
    text = "\n\n".join(t for t in (_lay_out(lines, pitch) for lines in pages) if t)
    return ExtractedText(text=text, format="pdf", encoding=None, n_pages=len(pages), warnings=warnings)
