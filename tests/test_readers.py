"""Format readers: the same protocol gives the same blocks from .txt, .md, .html, .docx and .pdf."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import fixtures
from protocol_analytics.errors import IngestError
from protocol_analytics.ingest import read_document
from protocol_analytics.ingest.docx import format_number, read_docx
from protocol_analytics.ingest.html import read_html
from protocol_analytics.ingest.pdf import read_pdf

FORMATS = ["txt", "md", "html", "docx", "pdf"]
_LIST_LINE = re.compile(r"^(- |\([a-z]\) |[a-z][.)] |\d+\. )")
_FURNITURE = re.compile(r"^(Page \d+ of \d+|" + re.escape(fixtures.RUNNING_HEAD) + r")$")


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _canonical_marker(block: str) -> str:
    """``a.`` / ``a)`` / ``(a)`` are one marker printed three ways (HTML ``<ol type=a>`` shows ``a.``)."""
    return re.sub(r"^\(?([a-z])[.)] ", r"(\1) ", block)


def raw_blocks(text: str) -> list[str]:
    """Blocks as the reader wrote them: split on blank lines, whitespace collapsed."""
    return [_collapse(b) for b in re.split(r"\n\s*\n", text) if b.strip()]


def normalised_blocks(text: str, split_list_lines: bool = True) -> list[str]:
    """Blocks a segmenter would see: list items on their own, page furniture out, page splits mended."""
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        current: list[str] = []
        for line in lines:
            if current and split_list_lines and _LIST_LINE.match(line):
                blocks.append(" ".join(current))
                current = []
            current.append(line)
        if current:
            blocks.append(" ".join(current))
    blocks = [_canonical_marker(_collapse(b)) for b in blocks if not _FURNITURE.match(_collapse(b))]
    mended: list[str] = []
    for block in blocks:
        if mended and not re.search(r"[.:;!?]$", mended[-1]) and block[:1].islower():
            mended[-1] += " " + block  # a paragraph the page break cut in two
        else:
            mended.append(block)
    return mended


EXPECTED = [_canonical_marker(b) for b in fixtures.expected_blocks()]


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    directory = tmp_path_factory.mktemp("protocol")
    paths = fixtures.write_all(directory)
    return {fmt: read_document(path) for fmt, path in paths.items()}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_clause_in_order(documents, fmt):
    extracted = documents[fmt]
    assert extracted.format == fmt
    text = " ".join(_canonical_marker(b) for b in raw_blocks(extracted.text) if not _FURNITURE.match(b))
    position = 0
    for kind, marker, body in fixtures.PROTOCOL:
        block = _canonical_marker(fixtures.block_text(kind, marker, body))
        found = text.find(block, position)
        assert found >= 0, f"{fmt}: missing or out of order: {block!r}"
        position = found + len(block)


@pytest.mark.parametrize("fmt", FORMATS)
def test_blocks_agree_with_source(documents, fmt):
    assert normalised_blocks(documents[fmt].text) == EXPECTED


def test_blocks_agree_across_formats(documents):
    reference = normalised_blocks(documents["txt"].text)
    for fmt in FORMATS[1:]:
        assert normalised_blocks(documents[fmt].text) == reference, fmt


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_every_item_is_its_own_block(documents, fmt):
    """Readers of laid-out formats separate list items with blank lines, not only line breaks."""
    blocks = normalised_blocks(documents[fmt].text, split_list_lines=False)
    assert blocks == EXPECTED


def test_docx_numbering_comes_from_word(tmp_path):
    """The .docx has no numbers typed in: they come from numbering.xml and are written as text."""
    document = fixtures.build_docx()
    typed = "\n".join(p.text for p in document.paragraphs)
    assert "1.1" not in typed and "(a)" not in typed and "- the" not in typed
    text = read_docx(fixtures.write_docx(tmp_path)).text
    assert "2.1 Councillors" in text and "3.2 Concerns" in text  # level 2 reset after 2. and 3.
    assert fixtures.RUNNING_HEAD not in text and "Page 1" not in text  # header/footer not read


def test_pdf_pages_and_page_break(documents):
    pdf = documents["pdf"]
    assert pdf.n_pages == 2
    blocks = raw_blocks(pdf.text)
    assert "Page 1 of 2" in blocks  # page furniture is left for segmentation
    cut = next(i for i, b in enumerate(blocks) if b.startswith("2.2 The Clerk"))
    assert blocks[cut].endswith("who will")  # the page break splits clause 2.2 ...
    assert blocks[cut + 3].startswith("decide how the work")  # ... and page 2 goes on with it


def test_html_boilerplate_removed(documents):
    text = documents["html"].text
    for clutter in ("cookies", "Skip to content", "Contact us", "Meetings and minutes", "Share this page",
                    "Village Hall", "Related documents", "Search this site", "dataLayer", "font-family"):
        assert clutter not in text


# --------------------------------------------------------------------------- DOCX details

def _docx_with(tmp_path, build) -> str:
    import docx

    document = docx.Document()
    build(document)
    path = tmp_path / "case.docx"
    document.save(str(path))
    return read_docx(path).text


def test_docx_roman_upper_letter_and_restart(tmp_path):
    levels = """<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        w:abstractNumId="{aid}"><w:multiLevelType w:val="multilevel"/>
      <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1)"/></w:lvl>
      <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%2."/></w:lvl>
      <w:lvl w:ilvl="2"><w:start w:val="4"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%3"/>
        <w:isLgl/></w:lvl>
    </w:abstractNum>"""

    def build(document):
        from docx.oxml.ns import qn

        num = fixtures.add_numbering_definition(document, levels)
        for text, lvl in [("one", 0), ("sub one", 1), ("sub two", 1), ("deep", 2), ("two", 0), ("sub again", 1)]:
            fixtures.set_numbering(document.add_paragraph(text), num, lvl)
        abstract = document.part.numbering_part.element.findall(qn("w:abstractNum"))[-1]
        restart = fixtures.add_num(document, int(abstract.get(qn("w:abstractNumId"))), {0: 1})
        fixtures.set_numbering(document.add_paragraph("fresh list"), restart, 0)
        document.add_paragraph("plain")

    blocks = raw_blocks(_docx_with(tmp_path, build))
    assert blocks == ["A) one", "i. sub one", "ii. sub two", "1.2.4 deep", "B) two", "i. sub again",
                      "A) fresh list", "plain"]


def test_docx_list_number_style_and_table_cells(tmp_path):
    def build(document):
        document.add_paragraph("Before the table:", style="List Number")
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "Role"
        table.cell(0, 1).text = "Duty"
        table.cell(1, 0).text = "Clerk"
        table.cell(1, 1).paragraphs[0].text = "Advises the Council."
        table.cell(1, 1).add_paragraph("Manages the staff.", style="List Bullet")
        document.add_paragraph("After the table.", style="List Number")

    blocks = raw_blocks(_docx_with(tmp_path, build))
    assert blocks == ["1. Before the table:", "Role", "Duty", "Clerk", "Advises the Council.",
                      "- Manages the staff.", "2. After the table."]


def test_format_number():
    assert [format_number(n, "lowerLetter") for n in (1, 26, 27)] == ["a", "z", "aa"]
    assert [format_number(n, "upperRoman") for n in (4, 9, 14, 1999)] == ["IV", "IX", "XIV", "MCMXCIX"]
    assert format_number(3, "decimalZero") == "03"


# --------------------------------------------------------------------------- HTML details

def test_html_list_attributes_and_no_main(tmp_path):
    page = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>
    <body><a href="#c">Skip to main content</a><div id="topMenu"><a href="/">Home</a></div>
    <div class="content"><h3>4. Gifts</h3>
    <ol start="3"><li>third</li><li>fourth<ul><li>nested bullet</li></ul></li></ol>
    <ol type="i"><li>roman one</li><li value="5">roman five</li></ol>
    <ol type="A" reversed><li><p>B item</p></li><li>A item</li></ol>
    <p>Gifts worth more than \xa325 must be recorded.</p>
    <table><tr><td>Clerk</td><td>keeps the register</td></tr></table></div>
    <div style="display: none">hidden text</div></body></html>"""
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("cp1252"))
    extracted = read_html(path)
    assert extracted.encoding == "cp1252"
    assert raw_blocks(extracted.text) == [
        "4. Gifts", "3. third", "4. fourth", "- nested bullet", "i. roman one", "v. roman five",
        "B. B item", "A. A item", "Gifts worth more than £25 must be recorded.", "Clerk", "keeps the register",
    ]


# --------------------------------------------------------------------------- bad input

def _raises(path: Path, code: str, reader=read_document) -> IngestError:
    with pytest.raises(IngestError) as info:
        reader(path)
    assert info.value.code == code, str(info.value)
    assert str(path) in str(info.value)
    assert info.value.path == str(path)
    return info.value


@pytest.mark.parametrize("suffix", [".txt", ".pdf", ".docx", ".html"])
def test_empty_file(tmp_path, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    _raises(path, "PA001")


@pytest.mark.parametrize("reader", [read_pdf, read_docx, read_html])
def test_empty_file_read_directly(tmp_path, reader):
    path = tmp_path / "blank"
    path.write_bytes(b"  \n")
    _raises(path, "PA001", reader)


@pytest.mark.parametrize("suffix", [".txt", ".pdf", ".docx", ".html"])
def test_binary_garbage(tmp_path, suffix):
    path = tmp_path / f"garbage{suffix}"
    path.write_bytes(fixtures.garbage_bytes())
    _raises(path, "PA002")


def test_text_named_pdf(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("These are meeting notes, not a PDF.\n")
    error = _raises(path, "PA005")
    assert "%PDF" in str(error)


def test_pdf_with_broken_structure(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + fixtures.garbage_bytes(2000))
    _raises(path, "PA005")


def test_scanned_pdf(tmp_path):
    error = _raises(fixtures.write_scanned_pdf(tmp_path), "PA003")
    assert "OCR" in str(error)


def test_encrypted_pdf(tmp_path):
    _raises(fixtures.write_encrypted_pdf(tmp_path), "PA004")


def test_pdf_with_owner_password_only_is_read(tmp_path):
    path = fixtures.write_encrypted_pdf(tmp_path, user_password="", owner_password="owner",
                                        name="restricted.pdf")
    extracted = read_document(path)
    assert normalised_blocks(extracted.text) == EXPECTED


def test_truncated_docx(tmp_path):
    error = _raises(fixtures.write_truncated_docx(tmp_path), "PA005")
    assert "Word" in str(error)


def test_docx_with_broken_xml_part(tmp_path):
    _raises(fixtures.write_docx_with_broken_part(tmp_path), "PA005")


def test_legacy_doc_named_docx(tmp_path):
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + fixtures.garbage_bytes(1000))
    error = _raises(path, "PA005")
    assert ".doc" in str(error)


def test_html_with_only_navigation(tmp_path):
    path = tmp_path / "index.html"
    path.write_text(fixtures.nav_only_html(), encoding="utf-8")
    _raises(path, "PA012")
