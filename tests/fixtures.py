"""Build the same short council protocol in .txt, .md, .html, .docx and .pdf (and some broken files).

``PROTOCOL`` is the source of truth; :func:`expected_blocks` is the text every
reader should give for it, one block per heading, paragraph or list item.
Call :func:`write_all` (or one ``write_*``) with a directory, e.g. pytest's
``tmp_path``.
"""
from __future__ import annotations

import html as _html
import io
import random
import zipfile
from pathlib import Path

# (kind, marker, text). Kinds: title, para, heading, clause, bullet, letter, number.
PROTOCOL: list[tuple[str, str, str]] = [
    ("title", "", "Ashcombe Parish Council"),
    ("title", "", "Protocol on Member and Officer Relations"),
    ("para", "", "Adopted by the Parish Council on 12 March 2024 (Minute 24/031). Next review: March 2026."),
    ("heading", "1.", "Introduction"),
    ("clause", "1.1", "This protocol guides Councillors and the employees of Ashcombe Parish Council in "
                      "their working relationships. It does not override the Members' Code of Conduct."),
    ("clause", "1.2", "It should be read together with:"),
    ("bullet", "-", "the Standing Orders of the Council;"),
    ("bullet", "-", "the Financial Regulations; and"),
    ("bullet", "-", "the Staff Handbook."),
    ("heading", "2.", "Roles of Members and officers"),
    ("clause", "2.1", "Councillors set the policy of the Council and officers carry it out. A Councillor "
                      "must not:"),
    ("letter", "(a)", "give instructions to any employee other than the Clerk;"),
    ("letter", "(b)", "ask an officer to undertake work of a party political nature; or"),
    ("letter", "(c)", "criticise a member of staff in public or on social media."),
    ("clause", "2.2", "The Clerk is the Proper Officer of the Council and is responsible for the "
                      "day-to-day management of all other employees. Requests for work should be made to "
                      "the Clerk, who will decide how the work is allocated and the order of priority in "
                      "which it can be completed, having regard to the resources available and any "
                      "deadlines set by the Council."),
    ("para", "", "Members and officers are expected to treat each other with courtesy and respect at all "
                 "times, whether at meetings, in e-mails or in person."),
    ("heading", "3.", "Raising concerns"),
    ("clause", "3.1", "A Member who is unhappy with the work of an employee should take these steps:"),
    ("number", "1.", "raise the matter informally with the Clerk;"),
    ("number", "2.", "if it is not resolved, write to the Chair of the Staffing Committee;"),
    ("number", "3.", "in the last resort, ask for the matter to be put to the Staffing Committee."),
    ("clause", "3.2", "Concerns about the Clerk should be set out in writing to the Chair of the Council, "
                      "who will consult the Staffing Committee."),
]

LIST_KINDS = {"bullet", "letter", "number"}
PAGE_BREAK_CLAUSE = "2.2"
"""The PDF's page break falls inside this clause."""

RUNNING_HEAD = "Ashcombe Parish Council | Member and Officer Relations"


def block_text(kind: str, marker: str, text: str) -> str:
    return f"{marker} {text}" if marker else text


def expected_blocks() -> list[str]:
    """The body as blocks, as every reader should render it (before marker canonicalisation)."""
    return [block_text(*item) for item in PROTOCOL]


# --------------------------------------------------------------------------- text formats

def protocol_txt() -> str:
    """A text export: blank lines between blocks, list items on consecutive lines under their lead-in."""
    out: list[str] = []
    for kind, marker, text in PROTOCOL:
        line = block_text(kind, marker, text)
        if kind in LIST_KINDS and out:
            out[-1] += "\n" + line
        else:
            out.append(line)
    return "\n\n".join(out) + "\n"


def protocol_md() -> str:
    out: list[str] = []
    for kind, marker, text in PROTOCOL:
        if kind == "title":
            out.append(("# " if not out else "## ") + text)
        elif kind == "heading":
            out.append(f"### {marker} {text}")
        elif kind == "clause":
            out.append(f"**{marker}** {text}")
        elif kind in LIST_KINDS:
            out[-1] += f"\n{marker} {text}"
        else:
            out.append(text.replace("courtesy and respect", "*courtesy and respect*"))
    return "\n\n".join(out) + "\n"


def write_txt(directory: Path) -> Path:
    path = Path(directory) / "ashcombe.txt"
    path.write_text(protocol_txt(), encoding="utf-8")
    return path


def write_md(directory: Path) -> Path:
    path = Path(directory) / "ashcombe.md"
    path.write_text(protocol_md(), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- HTML

_CLUTTER_TOP = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Member and Officer Protocol | Ashcombe Parish Council</title>
  <style>body { font-family: sans-serif } .cookie-banner { position: fixed }</style>
  <script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>
</head>
<body class="page-template-default">
  <a class="skip-link screen-reader-text" href="#content">Skip to content</a>
  <div id="cookie-banner" class="cookie-notice">
    <p>We use cookies to make this website work and to understand how you use it.</p>
    <button>Accept all cookies</button> <button>Reject</button>
  </div>
  <header class="site-header">
    <div class="logo">Ashcombe Parish Council</div>
    <form role="search"><input type="search" placeholder="Search this site"><button>Search</button></form>
  </header>
  <nav class="main-navigation" aria-label="Main">
    <ul><li><a href="/">Home</a></li><li><a href="/council">Your Council</a></li>
        <li><a href="/meetings">Meetings and minutes</a></li><li><a href="/contact">Contact us</a></li></ul>
  </nav>
  <div class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/policies">Policies</a> &gt; Protocol</div>
  <main id="content">
  <article class="policy">
"""

_CLUTTER_BOTTOM = """    <div class="share-buttons">Share this page: Facebook X Email</div>
  </article>
  <aside class="related"><h2>Related documents</h2><ul><li>Standing Orders</li><li>Financial Regulations</li></ul></aside>
  </main>
  <footer class="site-footer">
    <p>Ashcombe Parish Council, The Village Hall, Church Lane, Ashcombe AB1 2CD</p>
    <ul class="footer-menu"><li>Accessibility</li><li>Privacy notice</li><li>Cookies</li></ul>
  </footer>
  <script src="/js/site.js"></script>
</body>
</html>
"""


def protocol_html() -> str:
    e = _html.escape
    parts = [_CLUTTER_TOP]
    open_list = None
    titles = 0
    for kind, marker, text in PROTOCOL:
        if open_list and kind not in LIST_KINDS:
            parts.append(f"    </{open_list}>\n")
            open_list = None
        if kind == "title":
            if titles == 0:
                parts.append(f"    <header class=\"entry-header\"><h1 class=\"entry-title\">{e(text)}</h1></header>\n")
            else:
                parts.append(f"    <h2 class=\"subtitle\">{e(text)}</h2>\n")
            titles += 1
        elif kind == "heading":
            parts.append(f"    <h2>{e(marker)} {e(text)}</h2>\n")
        elif kind == "clause":
            body = e(text).replace("Members&#x27; Code of Conduct",
                                   '<a href="/code">Members&#x27;\n      Code of Conduct</a>')
            parts.append(f"    <p><strong>{e(marker)}</strong>&nbsp;{body}</p>\n")
        elif kind == "para":
            parts.append(f"    <p>{e(text).replace('courtesy', '<em>courtesy</em>')}</p>\n")
        else:
            if open_list is None:
                tag = "ul" if kind == "bullet" else "ol"
                attrs = ' type="a"' if kind == "letter" else ""
                parts.append(f"    <{tag}{attrs}>\n")
                open_list = tag
            parts.append(f"      <li>{e(text)}</li>\n")
    if open_list:
        parts.append(f"    </{open_list}>\n")
    parts.append(_CLUTTER_BOTTOM)
    return "".join(parts)


def write_html(directory: Path) -> Path:
    path = Path(directory) / "ashcombe.html"
    path.write_text(protocol_html(), encoding="utf-8")
    return path


def nav_only_html() -> str:
    """A council web page that is only site furniture: navigation, cookie banner, footer."""
    return _CLUTTER_TOP.split("<main")[0] + """
  <footer class="site-footer"><p>Ashcombe Parish Council, The Village Hall, Church Lane</p></footer>
</body></html>
"""


# --------------------------------------------------------------------------- DOCX

_ABSTRACT_NUM = """<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    w:abstractNumId="{aid}">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1"/>
    <w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1134" w:hanging="567"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%4."/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1701" w:hanging="567"/></w:pPr></w:lvl>
</w:abstractNum>"""


def add_numbering_definition(document, levels_xml: str | None = None, start_overrides: dict | None = None) -> str:
    """Add a multi-level list definition to a python-docx Document; return its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    numbering = document.part.numbering_part.element
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    aid = max(ids, default=-1) + 1
    abstract = parse_xml((levels_xml or _ABSTRACT_NUM).format(aid=aid))
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return add_num(document, aid, start_overrides)


def add_num(document, abstract_id: int, start_overrides: dict | None = None) -> str:
    """Add a ``w:num`` instance of an abstract definition (optionally restarting levels); return its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    numbering = document.part.numbering_part.element
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    num_id = max(num_ids, default=0) + 1
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        for lvl, start in (start_overrides or {}).items()
    )
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'
    ))
    return str(num_id)


def set_numbering(paragraph, num_id: str, ilvl: int) -> None:
    """Give a paragraph direct numbering (``w:numPr``)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'),
        "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
        "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
        "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
        "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
        "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
    )


def build_docx():
    """The protocol as a python-docx Document with Word automatic numbering (no numbers typed in)."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = RUNNING_HEAD
    document.sections[0].footer.paragraphs[0].text = "Page 1"
    outline = add_numbering_definition(document)
    titles = 0
    for kind, _marker, text in PROTOCOL:
        if kind == "title":
            document.add_paragraph(text, style="Title" if titles == 0 else "Subtitle")
            titles += 1
        elif kind == "heading":
            set_numbering(document.add_paragraph(text, style="Heading 1"), outline, 0)
        elif kind == "clause":
            p = document.add_paragraph()
            head, _, tail = text.partition(" ")
            p.add_run(head + " ")
            p.add_run(tail).italic = "Code of Conduct" in tail
            set_numbering(p, outline, 1)
        elif kind == "letter":
            set_numbering(document.add_paragraph(text), outline, 2)
        elif kind == "bullet":
            document.add_paragraph(text, style="List Bullet")  # numbering from the style (template)
        elif kind == "number":
            document.add_paragraph(text, style="List Number")
        else:
            document.add_paragraph(text)
    return document


def write_docx(directory: Path) -> Path:
    path = Path(directory) / "ashcombe.docx"
    build_docx().save(str(path))
    return path


# --------------------------------------------------------------------------- PDF

def _wrap(pdf, text: str, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and pdf.get_string_width(trial) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    return lines


def build_pdf(split_after_lines: int = 2) -> bytes:
    """The protocol as a two-page PDF laid out line by line (fpdf2, Helvetica).

    Paragraphs have space after them; list items sit tight under each other (like
    Word's contextual spacing); the page break falls inside clause 2.2, after
    ``split_after_lines`` of its lines. Each page has a running head and a footer.
    """
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_margins(20, 20, 20)
    total_pages = 2
    state = {"page": 0}

    def new_page() -> float:
        if state["page"]:
            pdf.set_font("Helvetica", "", 9)
            pdf.set_xy(20, 282)
            pdf.cell(170, 5, f"Page {state['page']} of {total_pages}", align="C")
        pdf.add_page()
        state["page"] += 1
        pdf.set_font("Helvetica", "", 9)
        pdf.set_xy(20, 10)
        pdf.cell(170, 5, RUNNING_HEAD)
        return 25.0

    y = new_page()
    line_h = 5.5
    for n, (kind, marker, text) in enumerate(PROTOCOL):
        next_kind = PROTOCOL[n + 1][0] if n + 1 < len(PROTOCOL) else None
        if kind == "title":
            pdf.set_font("Helvetica", "B", 16)
            size_h, indent, after = 8.0, 0.0, 4.0
        elif kind == "heading":
            pdf.set_font("Helvetica", "B", 12)
            size_h, indent, after = 6.5, 0.0, 3.0
        else:
            pdf.set_font("Helvetica", "", 11)
            size_h, indent = line_h, (8.0 if kind in LIST_KINDS else 0.0)
            tight = kind in LIST_KINDS and next_kind in LIST_KINDS
            after = 0.0 if tight else 3.5
        lines = _wrap(pdf, block_text(kind, marker, text), 170 - indent)
        for i, line in enumerate(lines):
            if kind == "clause" and marker == PAGE_BREAK_CLAUSE and i == split_after_lines:
                y = new_page()
                pdf.set_font("Helvetica", "", 11)
                assert line[0].islower(), f"page break should fall mid-sentence, got {line!r}"
            pdf.set_xy(20 + indent, y)
            pdf.cell(170 - indent, size_h, line)
            y += size_h
        y += after
    pdf.set_font("Helvetica", "", 9)
    pdf.set_xy(20, 282)
    pdf.cell(170, 5, f"Page {state['page']} of {total_pages}", align="C")
    return bytes(pdf.output())


def write_pdf(directory: Path) -> Path:
    path = Path(directory) / "ashcombe.pdf"
    path.write_bytes(build_pdf())
    return path


def write_all(directory: Path) -> dict[str, Path]:
    """Write the protocol in every format; return {suffix without dot: path}."""
    directory = Path(directory)
    return {"txt": write_txt(directory), "md": write_md(directory), "html": write_html(directory),
            "docx": write_docx(directory), "pdf": write_pdf(directory)}


# --------------------------------------------------------------------------- bad input

def garbage_bytes(n: int = 4096, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(n)


def write_scanned_pdf(directory: Path) -> Path:
    """A PDF with drawings and an image but no text layer, like a scan."""
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF(format="A4", unit="mm")
    for _ in range(2):
        pdf.add_page()
        pdf.set_fill_color(230, 230, 230)
        pdf.rect(20, 20, 170, 250, style="F")
        img = Image.new("L", (200, 280), color=250)
        for x in range(20, 180):
            for yy in range(30, 250, 12):
                img.putpixel((x, yy), 20)
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        buf.seek(0)
        pdf.image(buf, x=25, y=25, w=160)
    path = Path(directory) / "scanned.pdf"
    path.write_bytes(bytes(pdf.output()))
    return path


def write_encrypted_pdf(directory: Path, user_password: str = "secret", owner_password: str | None = None,
                        name: str = "encrypted.pdf") -> Path:
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(build_pdf()))
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password, owner_password)
    path = Path(directory) / name
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def write_truncated_docx(directory: Path) -> Path:
    data = io.BytesIO()
    build_docx().save(data)
    raw = data.getvalue()
    path = Path(directory) / "truncated.docx"
    path.write_bytes(raw[: len(raw) // 2])
    return path


def write_docx_with_broken_part(directory: Path) -> Path:
    """A valid zip whose word/document.xml is not XML."""
    data = io.BytesIO()
    build_docx().save(data)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "word/document.xml":
                body = body[: len(body) // 3]
            dst.writestr(item, body)
    path = Path(directory) / "broken-part.docx"
    path.write_bytes(out.getvalue())
    return path
