"""Cut a protocol's extracted text into clauses, as ANNOTATION.md section 1 defines.

The algorithm is a plain function, :func:`segment_text`, over the text any
reader returns; it needs no spaCy. It works in four passes:

1. lines with their offsets (line breaks restored where a converter lost them);
2. each line classified: page furniture, web clutter, table of contents, or content;
3. content lines grouped into paragraphs, the start of the body found, and
   everything before it kept as front matter;
4. paragraphs walked with a small state machine (section, open lists) that
   assigns clause ids, parents and lead-ins.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

# --------------------------------------------------------------------------- lines


@dataclass
class Line:
    start: int
    end: int
    raw: str
    kind: str = "content"  # content | blank | furniture | clutter | toc | meta

    @property
    def text(self) -> str:
        return self.raw.strip()

    @property
    def lstrip_offset(self) -> int:
        return self.start + (len(self.raw) - len(self.raw.lstrip()))


_INLINE_BREAK = re.compile(
    r"(?<=[.:;!?])\s+(?=(?:\d+(?:\.\d+)+\.?|\d{1,2}\.|\([a-z]{1,4}\)|[a-z]\)|[-•*–])\s+[A-Za-z(])"
    r"|(?<=[a-z])\s+(?=\d+\.\d+(?:\.\d+)*\s+[A-Z])"
    r"|(?<=[a-z])\s+(?=\d{1,2}\.\s+[A-Z][a-z]+(?:\s+[a-z]+){0,5}\s+\d+\.\d+\s)"
)


def split_lines(text: str) -> list[Line]:
    """Lines with offsets; very long lines are split where a number or bullet starts."""
    lines: list[Line] = []
    pos = 0
    raws = text.split("\n")
    # a whole document on one line (its line breaks lost) is split however short it is
    one_line = sum(1 for raw in raws if raw.strip()) == 1
    for raw in raws:
        end = pos + len(raw)
        if len(raw) > 600 or (one_line and len(raw) > 200):
            lines.extend(_split_long_line(raw, pos))
        else:
            lines.append(Line(pos, end, raw))
        pos = end + 1
    return lines


def _split_long_line(raw: str, offset: int) -> list[Line]:
    cuts = [0] + [m.end() for m in _INLINE_BREAK.finditer(raw)] + [len(raw)]
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = raw[a:b]
        if piece.strip():
            out.append(Line(offset + a, offset + b, piece))
            out.append(Line(offset + b, offset + b, ""))  # a virtual paragraph break
    return out


# ------------------------------------------------------------------ classification

_PAGE_NUMBER = re.compile(r"^(?:page\s+\d+(?:\s+of\s+\d+)?|-?\s*\d{1,3}\s*-?|\d+\s*/\s*\d+|\[\d+\])$", re.I)
_CLUTTER = re.compile(
    r"^(?:skip to (?:main )?content|skip navigation|accept(?: all)? cookies|reject(?: all| non-essential)? cookies|"
    r"cookie (?:settings|policy|preferences)|manage cookies|back to top|print this page|search this site|search|menu|"
    r"main menu|toggle navigation|was this page (?:useful|helpful)\??.*|you are here:?.*|share this page:?.*|follow us.*|"
    r"(?:[\w ]+/\s*)?(?:page )?(?:last )?updated:?\s.*\d{4}|(?:[\w ]+/\s*)?copyright\b.*|©.*|\(c\) \d{4}.*)$",
    re.I,
)
_COOKIE_NOTICE = re.compile(r"\bcookies?\b.*\b(?:website|site|experience|browser|accept|consent)\b", re.I)
_BREADCRUMB = re.compile(r"\S\s+(?:>|»|›)\s+\S.*\s(?:>|»|›)\s+\S|^(?:home|you are here:?)\s+(?:>|»|›|/)\s+\S", re.I)
_NAV_SEPARATED = re.compile(r"(?:\s\|\s|\s{3,})")
_TOC_HEAD = re.compile(r"^(?:table of )?contents?$|^index$|^in this (?:article|document|protocol|page)$", re.I)
_TOC_ENTRY = re.compile(r"(?:\.{3,}|…{2,}|\s{2,})\s*\d{1,3}\s*$")
_META = re.compile(
    r"^(?:[\w'’ ]{0,25}/\s*)?(?:adopted|approved|agreed|ratified|re-?adopted|last reviewed|reviewed|review(?:ed)? (?:date|due)|"
    r"next review|date of (?:adoption|review|issue)|date adopted|last updated|version|issue date|effective from|"
    r"minute (?:no|ref)|status)\b",
    re.I,
)
_CHAPTER = re.compile(r"^(?:chapter|part|section|appendix|annex|schedule)\s+[\dIVXivx]+\b", re.I)
_PHONE = re.compile(r"^(?:tel(?:ephone)?|phone|mobile|mob|fax|t|m)\b\.?\s*:?\s*[\d+(]|^\+?[\d][\d ()\-]{7,}$", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WEB = re.compile(r"(?:https?://|www\.)[\w./-]+|\b[\w-]+(?:\.[\w-]+)*\.(?:gov\.uk|org\.uk|co\.uk|wales|uk|com|org)\b", re.I)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")


def _is_nav_line(text: str) -> bool:
    """Menus written on one line: several short items joined by '|' or wide gaps."""
    parts = [p for p in re.split(r"\s\|\s|\s{3,}|\t", text) if p.strip()]
    return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts) and not text.rstrip().endswith((".", ":", ";"))


def classify_lines(lines: list[Line]) -> None:
    """Mark furniture, clutter and table-of-contents lines in place."""
    # only lines without a list marker can be running headers; items may repeat ("- a working partnership")
    counts = Counter(_norm_key(ln.text) for ln in lines if ln.text and parse_marker(ln.text)[0] == "none")
    page_idx = set()
    for i, ln in enumerate(lines):
        t = ln.text
        if not t:
            ln.kind = "blank"
        elif _PAGE_NUMBER.match(t):
            ln.kind = "furniture"
            page_idx.add(i)
        elif _CLUTTER.match(t) or (_COOKIE_NOTICE.search(t) and len(t.split()) < 60) or _BREADCRUMB.search(t) \
                or _is_nav_line(t):
            ln.kind = "clutter"
    # running headers and footers: a non-marker line repeated, near a page number or with '|'
    for i, ln in enumerate(lines):
        if ln.kind != "content" or counts[_norm_key(ln.text)] < 2 or parse_marker(ln.text)[0] != "none":
            continue
        near_page = any(abs(i - j) <= 3 for j in page_idx)
        if near_page or " | " in ln.text or counts[_norm_key(ln.text)] >= 3:
            ln.kind = "furniture"
    _mark_toc(lines)


def _norm_key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _toc_title(text: str) -> str:
    t = _TOC_ENTRY.sub("", text)
    t = re.sub(r"^\s*(?:\d+(?:\.\d+)*\.?|[ivx]+\.)\s*", "", t)
    return _norm_key(t)


def _mark_toc(lines: list[Line]) -> None:
    """A 'Contents' block: its entries until a heading repeats one of them."""
    for i, ln in enumerate(lines):
        if ln.kind == "content" and _TOC_HEAD.match(ln.text):
            ln.kind = "toc"
            seen: set[str] = set()
            for nxt in lines[i + 1:]:
                if nxt.kind != "content":
                    continue
                title = _toc_title(nxt.text)
                if _TOC_ENTRY.search(nxt.text) or (title and title not in seen and _heading_words(nxt.text)):
                    if title in seen:
                        break
                    seen.add(title)
                    nxt.kind = "toc"
                else:
                    break
            return


def _heading_words(text: str) -> bool:
    body = strip_marker(text)
    return 0 < len(body.split()) <= 12 and not body.endswith((".", ";", ":", ","))


# ------------------------------------------------------------------------ markers

_ROMAN = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"}
_MARKERS = [
    ("dotted", re.compile(r"^(?:[-•*–·]\s*)?(\d{1,3}(?:\.\d{1,3})+)\.?(?=\s|$)\s*")),
    ("number", re.compile(r"^(?:[-•*–·]\s*)?(\d+)[.)](?=\s|$)\s*")),  # list numbers of any size
    ("number", re.compile(r"^(\d{1,3})\s{2,}(?=\S)")),
    ("paren_number", re.compile(r"^\((\d+)\)\s*")),
    ("roman", re.compile(r"^\(((?:x{0,1}(?:ix|iv|v?i{0,3})))\)\s*(?=\S)")),
    ("roman", re.compile(r"^((?:x{0,1}(?:ix|iv|v?i{0,3})))[.)]\s+(?=\S)")),
    ("letter", re.compile(r"^\(([a-z])\)\s*")),
    ("letter", re.compile(r"^([a-z])[.)]\s+(?=\S)")),
    ("upper_letter", re.compile(r"^\(([A-Z])\)\s*")),
    ("upper_letter", re.compile(r"^([A-Z])[.)]\s+(?=[A-Za-z])")),
    ("bullet", re.compile(r"^([-–—•●▪■◦*·‣⁃\uf0b7\uf0a7\uf0d8\uf076]|o(?=\s)|>(?=\s))\s*(?=\S)")),
]


# bullet glyphs that print the same level of a list
_BULLET_CLASS = {"-": "-", "–": "-", "—": "-", "⁃": "-", "•": "•", "●": "•", "·": "•", "\uf0b7": "•",
                 "o": "o", "◦": "o", "\uf0a7": "▪", "▪": "▪", "■": "▪", "*": "*", ">": ">", "\uf0d8": ">",
                 "‣": ">", "\uf076": "v"}


def parse_marker(text: str) -> tuple[str, str, int]:
    """(kind, value, length) of the list or clause marker that starts ``text``.

    >>> parse_marker("- 1.1 The relationship")
    ('dotted', '1.1', 6)
    >>> parse_marker("(ii) where it cannot be resolved")[:2]
    ('roman', 'ii')
    """
    for kind, pattern in _MARKERS:
        m = pattern.match(text)
        if m and m.group(1) != "":
            if kind == "roman" and m.group(1) not in _ROMAN:
                continue
            return kind, m.group(1), m.end()
    return "none", "", 0


def strip_marker(text: str) -> str:
    return text[parse_marker(text)[2]:].strip()


# --------------------------------------------------------------------- paragraphs


@dataclass
class Paragraph:
    lines: list[Line]
    marker_kind: str
    marker: str
    text: str
    start: int
    end: int
    blank_before: bool = True
    after_break: bool = False  # page furniture (a page number, a running header) lies before it

    @property
    def n_words(self) -> int:
        return len(self.text.split())


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _join_lines(parts: list[str]) -> str:
    """Lines joined into one text: a word broken at a line's end is mended ("capa-" + "bility"), a compound
    keeps its hyphen ("day-to-" + "day", "non-" + "Statutory"). Linear in the length of the parts: only
    the word the text so far ends in is looked at, by its last two characters and its count of hyphens."""
    pieces: list[str] = []
    tail, hyphens = "", 0  # the last two characters of the word the text ends in, and its hyphens
    for part in parts:
        part = part.strip()
        if not part:
            continue
        glued = pieces and part[:1].isalpha() and len(tail) == 2 and tail[1] == "-" and tail[0] in _ASCII_LETTERS
        if glued and part[:1].islower() and hyphens == 1:
            pieces[-1] = pieces[-1][:-1]  # "capa-" + "bility": a word broken at the line's end
            tail, hyphens = tail[:1], 0
        elif glued:
            pass  # "day-to-" + "day", "non-" + "Statutory": a compound keeps its hyphen
        else:
            if pieces:
                pieces.append(" ")
            tail, hyphens = "", 0
        pieces.append(part)
        last_word = part[part.rfind(" ") + 1:]
        if len(last_word) < len(part):  # the part has a space: the word starts in it
            tail, hyphens = "", 0
        tail, hyphens = (tail + last_word)[-2:], hyphens + last_word.count("-")
    return re.sub(r"\s+", " ", "".join(pieces)).strip()


def group_paragraphs(lines: list[Line]) -> list[Paragraph]:
    """Join wrapped lines; a marker, a blank line, page furniture or a heading ends a paragraph."""
    paragraphs: list[Paragraph] = []
    current: list[Line] = []
    blank_before = True
    pending_blank = True
    pending_break = after_break = False

    def flush():
        nonlocal current
        if current:
            paragraphs.append(_make_paragraph(current, blank_before, after_break))
        current = []

    for ln in lines:
        if ln.kind in ("blank", "furniture", "clutter", "toc"):
            if current:
                flush()
            pending_blank = True
            pending_break = pending_break or ln.kind == "furniture"
            continue
        kind, _, _ = parse_marker(ln.text)
        starts_new = (not current or kind != "none" or _ends_heading(current, ln))
        if starts_new:
            flush()
            blank_before = pending_blank
            after_break = pending_break
            current = [ln]
        else:
            current.append(ln)
        pending_blank = pending_break = False
    flush()
    return paragraphs


def _ends_heading(current: list[Line], ln: Line) -> bool:
    """A one-line heading directly followed by text, with no blank line between."""
    if len(current) != 1:
        return False
    prev = current[0].text
    return _looks_heading_text(strip_marker(prev)) and ln.text[:1].isupper() and len(ln.text.split()) > 3 \
        and (prev.isupper() or len(prev) < 0.6 * len(ln.text))


def _make_paragraph(lines: list[Line], blank_before: bool, after_break: bool = False) -> Paragraph:
    first = lines[0].text
    kind, value, length = parse_marker(first)
    parts = [first[length:]] + [ln.text for ln in lines[1:]]
    text = _join_lines(parts)
    start = lines[0].lstrip_offset + length
    # skip whitespace after the marker so the offset points at the clause's first character
    raw_first = lines[0].raw.lstrip()
    while length < len(raw_first) and raw_first[length].isspace():
        length += 1
        start += 1
    end = lines[-1].start + len(lines[-1].raw.rstrip())
    return Paragraph(lines, kind, value, text, start, end, blank_before, after_break)


# ------------------------------------------------------------------- heading tests

_TERMINAL = (".", ";", ":", ",", "!")


def _looks_heading_text(text: str) -> bool:
    if not text or not (text[0].isupper() or text[0].isdigit() or text[0] in "'\"‘“("):
        return False
    words = text.split()
    if text.isupper() and len(words) <= 16 and not text.endswith((".", ";", ",")):
        return True
    return len(words) <= 12 and not text.endswith(_TERMINAL) and not re.search(r"[.;!?]\s+\S", text)


def is_front_matter_line(text: str) -> bool:
    return bool(_META.match(text) or _CHAPTER.match(text) or _PHONE.match(text)
                or (_EMAIL.search(text) and len(text.split()) <= 8)
                or (_WEB.search(text) and len(text.split()) <= 6)
                or (_POSTCODE.search(text) and len(text.split()) <= 12))


def _is_contact_block(p: Paragraph) -> bool:
    """An address or contact block: every line an address, telephone, e-mail or web line."""
    return all(is_front_matter_line(ln.text) for ln in p.lines) and not p.text.endswith((".", ":", ";"))


def _is_prose(p: Paragraph) -> bool:
    return p.n_words >= 8 and p.text.endswith((".", ":", "?", "!")) and not is_front_matter_line(p.text)


# ------------------------------------------------------------------------ clauses


@dataclass
class Clause:
    clause_id: str
    parent_id: str | None
    number: str
    marker_kind: str
    section_number: str | None
    section_title: str | None
    text: str
    char_start: int
    char_end: int
    level: int = 0
    lead_in: str = ""
    is_lead_in: bool = False
    list_position: int | None = None

    @property
    def section(self) -> str:
        if self.section_number and self.section_title:
            return f"{self.section_number} {self.section_title}"
        return self.section_title or self.section_number or ""


@dataclass
class SegmentedText:
    clauses: list[Clause]
    front_matter: list[str]
    title: str
    headings: list[str] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)


@dataclass
class _ListLevel:
    kind: str
    parent: Clause
    count: int = 0
    last_value: str = ""
    last_item: Clause | None = None


def _section_number(kind: str, value: str) -> str | None:
    if kind == "dotted":
        parts = value.split(".")
        while len(parts) > 1 and parts[-1] in ("0", "00"):
            parts.pop()
        return ".".join(parts)
    if kind in ("number", "paren_number"):
        return value
    if kind in ("roman", "upper_letter"):
        return value
    return None


_ROMAN_ORDER = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]


def _successor(value: str, kind: str) -> str:
    """The marker that follows ``value`` in a list of ``kind`` ("2" after "1", "b" after "a", "iv" after "iii")."""
    if value.isdigit():
        return str(int(value) + 1)
    if kind == "roman" and value in _ROMAN_ORDER[:-1]:
        return _ROMAN_ORDER[_ROMAN_ORDER.index(value) + 1]
    return _next_letter(value)


def _next_letter(value: str) -> str:
    return chr(ord(value) + 1) if len(value) == 1 else ""


_COUNCIL_LINE = re.compile(r"^(?:[A-Z][\w'’.-]*\s+){1,5}(?:parish|town|community|village|city|district|borough|county)"
                           r"\s+council$", re.I)


def _is_contact_footer(p: Paragraph) -> bool:
    """A one-line footer with the council's e-mail, phone or postcode and no sentence ("… - clerk@x.gov.uk")."""
    t = p.text
    return len(p.lines) <= 2 and not t.endswith((".", ":", ";", "?", "!")) and bool(
        _EMAIL.search(t) or _PHONE.search(t) or _POSTCODE.search(t)) and not re.search(
        r"\b(?:must|shall|should|will|may|can)\b", t, re.I)


def find_body_start(paragraphs: list[Paragraph]) -> int:
    """Index of the first paragraph of the protocol's body."""
    for i, p in enumerate(paragraphs):
        nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        if (is_front_matter_line(p.text) and p.n_words <= 20) or _is_contact_block(p):
            continue
        if p.marker_kind in ("dotted", "number", "paren_number", "letter") and p.text:
            return i
        if p.marker_kind == "none" and _COUNCIL_LINE.match(p.text):
            continue  # "Ashcombe Parish Council" above the body is front matter, not a heading
        if p.marker_kind == "none" and _looks_heading_text(p.text) and nxt is not None:
            if _looks_heading_text(strip_marker(nxt.text)) and len(nxt.lines) == 1:
                continue  # a title line above the first heading
            if nxt.marker_kind in ("dotted", "number", "paren_number", "letter", "bullet") or _is_prose(nxt) \
                    or (nxt.n_words >= 12 and not is_front_matter_line(nxt.text) and not _is_contact_block(nxt)) \
                    or _opens_list(nxt, paragraphs[i + 2] if i + 2 < len(paragraphs) else None):
                return i
            continue
        if _is_prose(p) or _opens_list(p, nxt):
            return i
    return len(paragraphs)


def _opens_list(p: Paragraph, nxt: Paragraph | None) -> bool:
    """A lead-in ("Councillors should not:") followed by the first item of its list."""
    return (nxt is not None and p.marker_kind == "none" and p.text.endswith(":") and p.n_words >= 2
            and nxt.marker_kind != "none" and not is_front_matter_line(p.text))


def _flattened_numbering(paragraphs: list[Paragraph]) -> bool:
    """Lists flattened from HTML: plain '1.' markers repeated instead of counting up."""
    values = [p.marker for p in paragraphs if p.marker_kind == "number"]
    if len(values) < 3:
        return False
    ones = values.count("1")
    return ones >= 3 and ones / len(values) >= 0.6


def segment_text(text: str) -> SegmentedText:
    """Cut a protocol's text into clauses.

    >>> seg = segment_text("1. Roles\\n\\n1.1 Councillors set policy.\\n\\n1.2 Officers can expect:\\n- respect\\n- courtesy")
    >>> [(c.clause_id, c.text) for c in seg.clauses]
    [('1.1', 'Councillors set policy.'), ('1.2', 'Officers can expect:'), ('1.2.1', 'respect'), ('1.2.2', 'courtesy')]
    """
    lines = split_lines(text)
    classify_lines(lines)
    removed = Counter(ln.kind for ln in lines if ln.kind not in ("content", "blank"))
    paragraphs = group_paragraphs(lines)
    start = find_body_start(paragraphs)
    front = [ln.text for p in paragraphs[:start] for ln in p.lines]
    body = paragraphs[start:]
    title = guess_title(front)
    walker = _Walker(flattened=_flattened_numbering(body))
    for i, p in enumerate(body):
        walker.feed(p, body[i + 1] if i + 1 < len(body) else None)
    walker.settle()
    return SegmentedText(walker.clauses, front + walker.meta, title, walker.headings, dict(removed))


_TITLE_WORD = re.compile(r"\b(?:protocol|policy|code|charter|guidance|guide|procedure|agreement|framework)\b", re.I)


def guess_title(front: list[str]) -> str:
    """The document's title among its front-matter lines."""
    candidates = [t for t in front if _TITLE_WORD.search(t) and not _META.match(t) and len(t.split()) <= 16
                  and not _EMAIL.search(t)]
    if candidates:
        title = candidates[-1]
        return _CHAPTER.sub("", title).strip(" :-–") or title
    headings = [t for t in front if _looks_heading_text(t) and not is_front_matter_line(t)
                and not re.search(r"\bcouncil\b", t, re.I)]
    return headings[0] if headings else ""


class _Walker:
    """The state machine of pass 4: sections, numbered clauses, lists, paragraphs."""

    def __init__(self, flattened: bool):
        self.flattened = flattened
        self.clauses: list[Clause] = []
        self.by_id: dict[str, Clause] = {}
        self.headings: list[str] = []
        self.meta: list[str] = []
        self.section_number: str | None = None
        self.section_title: str | None = None
        self.section_ordinal = 0
        self.section_paras = 0
        self.section_top = 0
        self.doc_paras = 0
        self.last_top: Clause | None = None  # the last clause that is not a list item
        self.last: Clause | None = None  # the last clause of any kind
        self.last_top_number: int | None = None
        self.stack: list[_ListLevel] = []
        self.after_heading = True
        self.repeats: dict[str, int] = {}  # the next free "~n" of a repeated clause id
        self.continued: list[str] = []  # paragraphs continuing a clause, joined onto it once (settle)
        self.continued_clause: Clause | None = None

    # -- helpers
    def _new(self, clause_id: str, p: Paragraph, number: str, parent: Clause | None, level: int,
             position: int | None = None) -> Clause:
        self.settle()
        clause_id = self._unique(clause_id)
        clause = Clause(
            clause_id=clause_id, parent_id=parent.clause_id if parent else None, number=number,
            marker_kind=p.marker_kind, section_number=self.section_number, section_title=self.section_title,
            text=p.text, char_start=p.start, char_end=p.end, level=level,
            lead_in=parent.text if parent else "", list_position=position,
        )
        if parent is not None:
            parent.is_lead_in = True
        self.clauses.append(clause)
        self.by_id[clause_id] = clause
        self.last = clause
        self.after_heading = False
        return clause

    def _unique(self, clause_id: str) -> str:
        if clause_id not in self.by_id:
            return clause_id
        n = self.repeats.get(clause_id, 2)  # ids below it are taken: a repeated id costs no search
        while f"{clause_id}~{n}" in self.by_id:
            n += 1
        self.repeats[clause_id] = n + 1
        return f"{clause_id}~{n}"

    def _append(self, clause: Clause, p: Paragraph) -> None:
        """Continue a clause with a paragraph (joined by :meth:`settle`, once, not per paragraph)."""
        if clause is not self.continued_clause:
            self.settle()
            self.continued_clause = clause
        self.continued.append(p.text)
        clause.char_end = p.end

    def settle(self) -> None:
        """Join the paragraphs that continue a clause onto its text."""
        if self.continued:
            self.continued_clause.text = _join_lines([self.continued_clause.text, *self.continued])
            self.continued = []

    def _last_ends(self, suffixes) -> bool:
        """Whether the last clause's text (with its continuation) ends with one of ``suffixes`` (characters)."""
        pending = self.continued and self.continued_clause is self.last
        return (self.continued[-1] if pending else self.last.text).endswith(suffixes)

    def _prefix(self) -> str:
        if self.flattened:
            return str(max(self.section_ordinal, 1))
        return self.section_number or ""

    # -- the walk
    def feed(self, p: Paragraph, nxt: Paragraph | None) -> None:
        if not p.text:
            return
        if self._is_heading(p, nxt):
            self._start_section(p)
            return
        kind = p.marker_kind
        if kind == "dotted":
            self._dotted(p)
        elif kind == "none":
            self._plain(p)
        else:
            self._marked(p)

    def _is_heading(self, p: Paragraph, nxt: Paragraph | None) -> bool:
        if p.marker_kind in ("bullet", "letter", "roman") or len(p.lines) > 2:
            return False
        if not _looks_heading_text(p.text):
            return False
        if self.stack and p.marker_kind == "number" and self._continues_list(p):
            return False
        if p.marker_kind == "dotted":
            number = _section_number("dotted", p.marker)
            if number != p.marker:  # "9.0 Political Groups"
                return True
            return nxt is not None and nxt.marker_kind == "dotted" and nxt.marker.startswith(p.marker + ".")
        if p.marker_kind == "none":
            if nxt is None:
                return False
            if self.last is not None and self._last_ends(":") and not p.blank_before:
                return False
            return True
        return True

    def _continues_list(self, p: Paragraph) -> bool:
        for level in self.stack:
            if level.kind == p.marker_kind and level.last_value.isdigit() and p.marker.isdigit():
                return int(p.marker) == int(level.last_value) + 1 or self.flattened
        return False

    def _start_section(self, p: Paragraph) -> None:
        self.settle()
        self.stack = []
        self.section_ordinal += 1
        self.section_number = _section_number(p.marker_kind, p.marker) if p.marker_kind != "none" else None
        self.section_title = p.text
        self.section_paras = 0
        self.section_top = 0
        self.last_top = None
        self.last = None
        self.after_heading = True
        self.headings.append(f"{self.section_number} {p.text}" if self.section_number else p.text)

    def _dotted(self, p: Paragraph) -> None:
        self.stack = []
        number = p.marker
        parts = number.split(".")
        parent = None
        for k in range(len(parts) - 1, 0, -1):
            parent = self.by_id.get(".".join(parts[:k]))
            if parent is not None:
                break
        if self.section_number is None and not self.flattened:
            pass
        clause = self._new(number, p, number, parent, level=len(parts) - 1)
        self.last_top = clause

    def _top_number(self, p: Paragraph) -> bool:
        """A plain 'N.' marker that continues the document's own top-level numbering."""
        if self.flattened:
            return not (self.last is not None and self._last_ends(":") and not self.stack)
        if self.last_top_number is not None and p.marker.isdigit() and int(p.marker) == self.last_top_number + 1:
            return True
        opens_list = self.last is not None and (self._last_ends(":") or self.stack)
        if opens_list:
            return False
        return self.last_top is None or self.last_top.marker_kind in ("number", "none")

    def _marked(self, p: Paragraph) -> None:
        kind = p.marker_kind
        if kind == "number" and self._top_number(p):
            self.stack = []
            self.section_top += 1
            if self.flattened:
                cid = f"{self._prefix()}.{self.section_top}"
            elif self.section_number and self.section_number != p.marker:
                cid = f"{self.section_number}.{p.marker}"
            else:
                cid = p.marker
            clause = self._new(cid, p, p.marker, None, level=0)
            self.last_top = clause
            self.last_top_number = int(p.marker)
            return
        # roman/letter ambiguity: "(i)" after "(h)" is a letter
        if kind == "roman" and self.stack:
            for level in self.stack:
                if level.kind == "letter" and _next_letter(level.last_value) == p.marker:
                    kind = "letter"
        if kind == "bullet":
            kind = "bullet" + _BULLET_CLASS.get(p.marker, "")  # "o" under "•" is a nested list
        level_index = next((k for k in range(len(self.stack) - 1, -1, -1) if self.stack[k].kind == kind), None)
        sibling_kind = self._next_top_sibling(p, kind) if level_index is None and not self.stack else None
        if sibling_kind:
            self._top_marked(p, sibling_kind)  # "(2)" after a top-level "(1)": a sibling, not a sub-item
            return
        if level_index is not None:
            del self.stack[level_index + 1:]
        else:
            parent = self._list_parent(p)
            if parent is None:
                self._top_marked(p, kind)
                return
            self.stack.append(_ListLevel(kind, parent))
        level = self.stack[-1]
        level.count += 1
        level.last_value = p.marker
        cid = f"{level.parent.clause_id}.{level.count}"
        item = self._new(cid, p, p.marker, level.parent, level=level.parent.level + 1, position=level.count)
        if kind in ("letter", "roman"):
            item.marker_kind = kind
        level.last_item = item

    def _next_top_sibling(self, p: Paragraph, kind: str) -> str | None:
        """The marker kind of ``p`` when it is the next in sequence after a top-level clause printed
        with the same kind of marker, else None."""
        top = self.last_top
        if top is None or top is not self.last or top.parent_id is not None or not top.number:
            return None
        if top.marker_kind == "letter" and kind == "roman" and _next_letter(top.number) == p.marker:
            return "letter"  # "(i)" after a top-level "(h)" is the letter i
        if top.marker_kind != kind or kind not in ("letter", "paren_number", "upper_letter", "roman"):
            return None
        return kind if _successor(top.number, kind) == p.marker else None

    def _list_parent(self, p: Paragraph) -> Clause | None:
        if self.stack:
            return self.stack[-1].last_item
        if self.last is not None:
            return self.last
        return None

    def _top_marked(self, p: Paragraph, kind: str) -> None:
        """A lettered or bracketed clause at the top level, or a bullet under a heading."""
        if kind in ("letter", "paren_number", "upper_letter", "roman"):
            prefix = self._prefix()
            cid = f"{prefix}.{p.marker}" if prefix else p.marker
            clause = self._new(cid, p, p.marker, None, level=0)
            clause.marker_kind = kind
        else:
            clause = self._paragraph_clause(p)
        self.last_top = clause

    def _paragraph_clause(self, p: Paragraph) -> Clause:
        self.section_paras += 1
        self.doc_paras += 1
        prefix = self._prefix()
        cid = f"{prefix}.p{self.section_paras}" if prefix else f"p{self.doc_paras}"
        return self._new(cid, p, "", None, level=0)

    def _plain(self, p: Paragraph) -> None:
        if _META.match(p.text) and p.n_words <= 20:
            self.meta.append(p.text)
            return
        if _is_contact_block(p) or _is_contact_footer(p):
            self.meta.extend(ln.text for ln in p.lines)  # an address or contact block, e.g. in a web page's footer
            return
        last = self.last
        if last is not None and not self.after_heading:
            in_list = bool(self.stack) and last.parent_id is not None
            if in_list:
                # list items often end without punctuation: only a lower-case start or a page break continues one
                if p.text[:1].islower() or (p.after_break and not self._last_ends((".", ";", ":", "!", "?"))):
                    self._append(last, p)
                    return
            elif last.marker_kind not in ("none", "bullet"):
                self._append(last, p)
                return
            elif not self._last_ends((".", ";", ":", "!", "?")) and (p.text[:1].islower() or p.after_break):
                self._append(last, p)  # a sentence carried over a line or a page break
                return
        self.stack = []
        clause = self._paragraph_clause(p)
        self.last_top = clause
