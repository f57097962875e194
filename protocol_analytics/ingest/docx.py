"""Word (.docx): paragraphs in body order, Word's automatic list numbering written as text.

Word keeps list numbers outside the text (``numbering.xml``), so the reader
replays the numbering the way Word renders it: per level, the ``numFmt`` and
``lvlText`` of the level, counters kept per abstract numbering definition,
lower levels reset when a higher level advances, ``startOverride`` honoured.
Bullets become ``"- "``. Tables are read cell by cell; headers, footers,
footnotes and comments are not read.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IngestError
from .base import ExtractedText, looks_binary, register_reader
from .numbering import to_letters, to_roman

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W_NS}}}"


def _w(tag: str) -> str:
    return _W + tag


def _val(el, attr: str = "val") -> str | None:
    """The ``w:val`` (or another ``w:`` attribute) of an element, or None."""
    if el is None:
        return None
    return el.get(_w(attr))


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _on(el) -> bool:
    """Whether a Word on/off property element (``<w:vanish/>``, ``<w:isLgl/>``) is on."""
    if el is None:
        return False
    return (_val(el) or "true").lower() not in ("0", "false", "off")


# --------------------------------------------------------------------------- number formats

def format_number(n: int, num_fmt: str) -> str:
    """Render counter ``n`` in a Word ``numFmt`` (unknown formats as decimal)."""
    if num_fmt == "lowerLetter":
        return to_letters(n)
    if num_fmt == "upperLetter":
        return to_letters(n).upper()
    if num_fmt == "lowerRoman":
        return to_roman(n)
    if num_fmt == "upperRoman":
        return to_roman(n).upper()
    if num_fmt == "decimalZero":
        return f"{n:02d}"
    if num_fmt == "none":
        return ""
    return str(n)


# --------------------------------------------------------------------------- numbering model

@dataclass
class Level:
    start: int = 0
    num_fmt: str = "decimal"
    lvl_text: str = ""
    restart: int | None = None  # lvlRestart: None = after any higher level; 0 = never
    is_lgl: bool = False
    p_style: str | None = None


@dataclass
class Numbering:
    """The parts of ``numbering.xml`` and ``styles.xml`` that decide how a list item is numbered."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    num_to_abstract: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> ilvl -> start
    level_overrides: dict[str, dict[int, Level]] = field(default_factory=dict)
    style_numpr: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    style_based_on: dict[str, str] = field(default_factory=dict)
    default_pstyle: str | None = None
    # state while reading a document
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    pending: dict[str, dict[int, int]] = field(default_factory=dict)
    seen_nums: set[str] = field(default_factory=set)

    def levels(self, num_id: str) -> dict[int, Level]:
        abstract_id = self.num_to_abstract.get(num_id)
        levels = dict(self.abstract.get(abstract_id, {})) if abstract_id is not None else {}
        levels.update(self.level_overrides.get(num_id, {}))
        return levels

    def style_numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """numId and ilvl a paragraph style gives, following ``basedOn`` (nearest wins)."""
        num_id = ilvl = None
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            s_num, s_lvl = self.style_numpr.get(style_id, (None, None))
            if num_id is None and s_num is not None:
                num_id = s_num
            if ilvl is None and s_lvl is not None:
                ilvl = s_lvl
            style_id = self.style_based_on.get(style_id)
        return num_id, ilvl

    def marker(self, num_id: str, ilvl: int, style_id: str | None) -> str | None:
        """Advance the counters for one list paragraph and return its marker text (or None)."""
        abstract_id = self.num_to_abstract.get(num_id)
        if abstract_id is None:
            return None
        levels = self.levels(num_id)
        if not levels:
            return None
        if ilvl not in levels:
            ilvl = max((k for k in levels if k <= ilvl), default=min(levels))
        counters = self.counters.setdefault(abstract_id, {})
        pending = self.pending.setdefault(abstract_id, {})
        if num_id not in self.seen_nums:
            # a w:num with startOverride restarts the list the first time it is used
            self.seen_nums.add(num_id)
            for lvl_no, start in self.overrides.get(num_id, {}).items():
                counters.pop(lvl_no, None)
                pending[lvl_no] = start
        level = levels[ilvl]
        restart_at = pending.pop(ilvl, None)
        if restart_at is not None:
            counters[ilvl] = restart_at
        elif ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = level.start
        for lower in [k for k in counters if k > ilvl]:
            lower_level = levels.get(lower)
            if lower_level is not None and lower_level.restart == 0:
                continue
            if lower_level is not None and lower_level.restart is not None and lower_level.restart - 1 < ilvl:
                continue
            del counters[lower]
        if level.num_fmt == "bullet":
            return "-"
        if level.num_fmt == "none" and "%" not in level.lvl_text:
            return level.lvl_text.strip() or None

        def substitute(match: re.Match) -> str:
            ref = int(match.group(1)) - 1
            ref_level = levels.get(ref, Level())
            if ref not in counters:
                counters[ref] = ref_level.start  # a level used before its parent: Word shows the start
            fmt = "decimal" if (level.is_lgl and ref < ilvl) else ref_level.num_fmt
            return format_number(counters[ref], fmt)

        text = re.sub(r"%([1-9])", substitute, level.lvl_text)
        return text.strip() or None


def _parse_level(lvl) -> Level:
    return Level(
        start=_int(_val(lvl.find(_w("start"))), 0),
        num_fmt=_val(lvl.find(_w("numFmt"))) or "decimal",
        lvl_text=_val(lvl.find(_w("lvlText"))) or "",
        restart=_int(_val(lvl.find(_w("lvlRestart")))),
        is_lgl=_on(lvl.find(_w("isLgl"))),
        p_style=_val(lvl.find(_w("pStyle"))),
    )


def load_numbering(document) -> Numbering:
    """Read the numbering definitions and the numbering of paragraph styles of a python-docx Document."""
    numbering = Numbering()
    styles_el = document.styles.element
    for style in styles_el.iter(_w("style")):
        if style.get(_w("type")) != "paragraph":
            continue
        style_id = style.get(_w("styleId"))
        if style.get(_w("default")) in ("1", "true", "on"):
            numbering.default_pstyle = style_id
        based_on = _val(style.find(_w("basedOn")))
        if based_on:
            numbering.style_based_on[style_id] = based_on
        num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
        if num_pr is not None:
            numbering.style_numpr[style_id] = (_val(num_pr.find(_w("numId"))),
                                               _int(_val(num_pr.find(_w("ilvl")))))
    try:
        numbering_el = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return numbering
    style_links: dict[str, str] = {}
    for abstract in numbering_el.iter(_w("abstractNum")):
        abstract_id = abstract.get(_w("abstractNumId"))
        numbering.abstract[abstract_id] = {
            _int(lvl.get(_w("ilvl")), 0): _parse_level(lvl) for lvl in abstract.findall(_w("lvl"))
        }
        link = _val(abstract.find(_w("numStyleLink")))
        if link:
            style_links[abstract_id] = link
    for num in numbering_el.iter(_w("num")):
        num_id = num.get(_w("numId"))
        numbering.num_to_abstract[num_id] = _val(num.find(_w("abstractNumId")))
        for override in num.findall(_w("lvlOverride")):
            ilvl = _int(override.get(_w("ilvl")), 0)
            start = _int(_val(override.find(_w("startOverride"))))
            if start is not None:
                numbering.overrides.setdefault(num_id, {})[ilvl] = start
            lvl = override.find(_w("lvl"))
            if lvl is not None:
                numbering.level_overrides.setdefault(num_id, {})[ilvl] = _parse_level(lvl)
    # numStyleLink: the abstract definition is the one the linked numbering style points to
    for abstract_id, style_id in style_links.items():
        linked_num, _ = numbering.style_numbering(style_id)
        target = numbering.num_to_abstract.get(linked_num) if linked_num else None
        if target and target != abstract_id and numbering.abstract.get(target):
            numbering.abstract[abstract_id] = numbering.abstract[target]
    return numbering


# --------------------------------------------------------------------------- text of a paragraph

_SKIP_INSIDE = {_w("del"), _w("moveFrom"), _w("txbxContent"), _w("instrText"), _w("delText"),
                f"{{{MC_NS}}}Fallback", _w("footnoteReference"), _w("endnoteReference")}


def paragraph_text(p) -> str:
    """Visible text of a ``w:p`` element: runs, hyperlinks, fields' results, tracked insertions."""
    parts: list[str] = []

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP_INSIDE:
                continue
            if tag == _w("r"):
                rpr = child.find(_w("rPr"))
                if rpr is not None and _on(rpr.find(_w("vanish"))):
                    continue
            if tag == _w("t"):
                parts.append(child.text or "")
            elif tag == _w("tab") and el.tag == _w("r"):
                parts.append("\t")
            elif tag in (_w("br"), _w("cr")):
                parts.append("\n" if child.get(_w("type")) in (None, "textWrapping") else " ")
            elif tag == _w("noBreakHyphen"):
                parts.append("-")
            elif tag == _w("softHyphen"):
                continue
            elif tag == _w("sym"):
                continue
            elif tag == _w("pPr"):
                continue
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _textbox_paragraphs(p) -> list:
    """Paragraphs inside text boxes anchored in a paragraph (the ``mc:Choice`` copy only)."""
    boxes = []
    for box in p.iter(_w("txbxContent")):
        ancestor = box.getparent()
        while ancestor is not None and ancestor is not p:
            if ancestor.tag == f"{{{MC_NS}}}Fallback":
                break
            ancestor = ancestor.getparent()
        else:
            boxes.append(box)
    return boxes


# --------------------------------------------------------------------------- body walk

def _paragraph_numbering(p, numbering: Numbering) -> tuple[str | None, int, str | None]:
    ppr = p.find(_w("pPr"))
    style_id = _val(ppr.find(_w("pStyle"))) if ppr is not None else None
    style_id = style_id or numbering.default_pstyle
    num_id = ilvl = None
    num_pr = ppr.find(_w("numPr")) if ppr is not None else None
    if num_pr is not None:
        num_id = _val(num_pr.find(_w("numId")))
        ilvl = _int(_val(num_pr.find(_w("ilvl"))))
    s_num, s_lvl = numbering.style_numbering(style_id)
    if num_id is None:
        num_id = s_num
    if ilvl is None:
        ilvl = s_lvl
    if ilvl is None and num_id is not None:
        # a level linked to this paragraph style by w:pStyle in the definition
        for lvl_no, level in numbering.levels(num_id).items():
            if level.p_style and level.p_style == style_id:
                ilvl = lvl_no
                break
    if num_id in (None, "0"):
        return None, 0, style_id
    return num_id, ilvl or 0, style_id


def _children(el, tag: str) -> list:
    """Child elements ``w:tag`` of el in order, also those wrapped in content controls (``w:sdt``)."""
    found = []
    for child in el:
        if child.tag == _w(tag):
            found.append(child)
        elif child.tag == _w("sdt"):
            content = child.find(_w("sdtContent"))
            if content is not None:
                found.extend(_children(content, tag))
    return found


def _blocks(container, numbering: Numbering, out: list[str]) -> None:
    for child in container:
        tag = child.tag
        if tag == _w("p"):
            text = paragraph_text(child).strip()
            num_id, ilvl, style_id = _paragraph_numbering(child, numbering)
            marker = numbering.marker(num_id, ilvl, style_id) if num_id else None
            if text:
                out.append(f"{marker} {text}" if marker else text)
            for box in _textbox_paragraphs(child):
                _blocks(box, numbering, out)
        elif tag == _w("tbl"):
            for row in _children(child, "tr"):
                for cell in _children(row, "tc"):
                    _blocks(cell, numbering, out)
        elif tag in (_w("sdt"), _w("customXml"), _w("smartTag")):
            content = child.find(_w("sdtContent")) if tag == _w("sdt") else child
            if content is not None:
                _blocks(content, numbering, out)
        elif tag in (_w("ins"), _w("moveTo")):
            _blocks(child, numbering, out)


def docx_to_text(document) -> str:
    """Plain text of a python-docx Document: one block per paragraph, list numbers as text."""
    numbering = load_numbering(document)
    out: list[str] = []
    _blocks(document.element.body, numbering, out)
    return "\n\n".join(out)


def _check_container(path: Path, data: bytes) -> None:
    fmt = "a Word document (.docx)"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise IngestError("PA005", path, fmt=fmt,
                          reason="it is a legacy Word 97-2003 .doc file; save it as .docx")
    if data.startswith(b"{\\rtf"):
        raise IngestError("PA005", path, fmt=fmt, reason="it is an RTF file; save it as .docx")
    if not data.startswith(b"PK"):
        if looks_binary(data):
            raise IngestError("PA002", path, fmt=fmt)
        raise IngestError("PA005", path, fmt=fmt, reason="it is not a zip archive; it looks like plain text")


MAX_INFLATED_MB = 200
"""What all parts of a Word file may inflate to: python-docx holds every part in memory."""
MAX_XML_PART_MB = 32
"""What one XML part may inflate to: it is parsed into a tree many times its size."""


def _check_inflated_size(path: Path, parts: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb before anything is inflated, from the sizes in the zip's directory (zipfile stops
    reading a part at its stated size, and a part that inflates to more fails its CRC check)."""
    mb = 1024 * 1024
    for part in parts:
        if part.filename.lower().endswith((".xml", ".rels")) and part.file_size > MAX_XML_PART_MB * mb:
            raise IngestError("PA019", path, part=f"the part {part.filename}", size_mb=part.file_size / mb,
                              limit_mb=MAX_XML_PART_MB, scope="one XML part of a Word file")
    total = sum(part.file_size for part in parts)
    if total > MAX_INFLATED_MB * mb:
        largest = max(parts, key=lambda part: part.file_size)
        raise IngestError("PA019", path, part=f"the file (largest part {largest.filename})", size_mb=total / mb,
                          limit_mb=MAX_INFLATED_MB, scope="all parts of a Word file")


@register_reader(".docx")
def read_docx(path: Path) -> ExtractedText:
    """Read a .docx file into the shared plain-text layout."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    path = Path(path)
    with open(path, "rb") as fh:
        head = fh.read(8192)
    if not head.strip():
        raise IngestError("PA001", path)
    _check_container(path, head)
    fmt = "a Word document (.docx)"
    try:
        with zipfile.ZipFile(path) as zf:
            parts = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise IngestError("PA005", path, fmt=fmt, reason=f"the zip archive is damaged or truncated: {exc}") from exc
    _check_inflated_size(path, parts)
    if "[Content_Types].xml" not in {part.filename for part in parts}:
        raise IngestError("PA005", path, fmt=fmt, reason="the zip archive is not an Office document")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        # ValueError: another Office type (an .xlsx or .pptx renamed); BadZipFile: a member fails its CRC
        raise IngestError("PA005", path, fmt=fmt, reason=f"{type(exc).__name__}: {exc}") from exc
    except Exception as exc:  # lxml XMLSyntaxError and friends from a damaged part
        raise IngestError("PA005", path, fmt=fmt, reason=f"{type(exc).__name__}: {exc}") from exc
    text = docx_to_text(document)
    if not text.strip():
        raise IngestError("PA001", path)
    return ExtractedText(text=text, format="docx", encoding=None, n_pages=None)
