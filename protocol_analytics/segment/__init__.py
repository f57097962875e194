"""Cut a protocol's extracted text into clauses, as ANNOTATION.md section 1 defines.

The algorithm is a plain function, :func:`segment_text`, over the text any
reader returns; it needs no spaCy. It works in four passes:

1. lines with their offsets (line breaks restored where a converter lost them,
   clause numbers run on after a sentence cut off);
2. each line classified: page furniture, web clutter (furniture lines, blocks of
   links, a page's closing feedback form and footer), table of contents, or
   content; clause numbers printed with one space found where they count up;
   headings run into their paragraphs cut off;
3. content lines grouped into paragraphs (by how the text breaks its lines: one
   paragraph per line, wrapped at a fixed width, or wrapped irregularly; see
   :class:`LineLayout`), the start of the body found, and everything before it
   kept as front matter;
4. paragraphs walked with a small state machine (section, open lists) that
   assigns clause ids, parents and lead-ins.

The words these passes need (furniture, front-matter labels, heading cues,
sentence openers, words a line cannot end with) are in
``data/segmentation.v1.yaml``, loaded once into a :class:`SegmentRules` that
``segment_text`` passes on.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..rules.segmentation import SegmentRules, packaged_rules

# --------------------------------------------------------------------------- lines


@dataclass
class Line:
    start: int
    end: int
    raw: str
    kind: str = "content"  # content | blank | furniture | clutter | toc | meta
    marker: tuple[str, str, int] | None = None  # a marker only its context shows (see mark_spaced_numbers)

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
            lines.extend(_split_run_in_numbers(raw, pos))
        pos = end + 1
    return lines


# a clause number run on after a sentence: "… of personal conduct. 1.3    The Protocol must …"
_RUN_IN_NUMBER = re.compile(r"(?<=[.:;!?])[ \t]+(?=(\d{1,3}(?:\.\d{1,3})+)\.?([ \t]+)[\"“(A-Z])")


def _next_number(number: str) -> str:
    head, _, last = number.rpartition(".")
    return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)


def _split_run_in_numbers(raw: str, offset: int) -> list[Line]:
    """A line cut where a clause number follows a sentence, when the number is followed by a wide gap
    (as the line's own number is) or is the next after the line's own number ("1.2 … 1.3 …")."""
    if not _RUN_IN_NUMBER.search(raw):
        return [Line(offset, offset + len(raw), raw)]
    kind, own, _ = parse_marker(raw.strip())
    expected = _next_number(own) if kind == "dotted" else None
    cuts = [0]
    for m in _RUN_IN_NUMBER.finditer(raw):
        number, gap = m.group(1), m.group(2)
        if len(gap) >= 2 or "\t" in gap or number == expected:
            cuts.append(m.end())
            expected = _next_number(number)
    cuts.append(len(raw))
    return [Line(offset + a, offset + b, raw[a:b]) for a, b in zip(cuts, cuts[1:])]


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
_BREADCRUMB = re.compile(r"\S\s+(?:>|»|›)\s+\S.*\s(?:>|»|›)\s+\S|^(?:home|you are here:?)\s+(?:>|»|›|/)\s+\S", re.I)
_NAV_SEPARATED = re.compile(r"(?:\s\|\s|\s{3,})")
_TOC_ENTRY = re.compile(r"(?:\.{3,}|…{2,}|\s{2,})\s*\d{1,3}\s*$")
_PHONE = re.compile(r"^(?:tel(?:ephone)?|phone|mobile|mob|fax|t|m)\b\.?\s*:?\s*[\d+(]|^\+?[\d][\d ()\-]{7,}$", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WEB = re.compile(r"(?:https?://|www\.)[\w./-]+|\b[\w-]+(?:\.[\w-]+)*\.(?:gov\.uk|org\.uk|co\.uk|wales|uk|com|org)\b", re.I)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")


def _number_in_sentence(lines: list[Line], i: int) -> bool:
    """A bare number on its own line inside a sentence ("… within" / "15" / "working days …"), with no
    blank line around it: a web page's rendering broke the sentence there; it is no page number."""
    if not lines[i].text.isdigit() or i == 0 or i + 1 >= len(lines):
        return False
    before, after = lines[i - 1].text, lines[i + 1].text
    return bool(before and after) and not _SENTENCE_END.search(before) and after[:1].islower()


def _is_nav_line(text: str) -> bool:
    """Menus written on one line: several short items joined by '|' or wide gaps."""
    parts = [p for p in re.split(r"\s\|\s|\s{3,}|\t", text) if p.strip()]
    return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts) and not text.rstrip().endswith((".", ":", ";"))


def classify_lines(lines: list[Line], rules: SegmentRules | None = None) -> None:
    """Mark furniture, clutter and table-of-contents lines in place."""
    rules = rules or packaged_rules()
    # only lines without a list marker can be running headers; items may repeat ("- a working partnership")
    counts = Counter(_norm_key(ln.text) for ln in lines if ln.text and parse_marker(ln.text)[0] == "none")
    page_idx = set()
    for i, ln in enumerate(lines):
        t = ln.text
        if not t:
            ln.kind = "blank"
        elif _PAGE_NUMBER.match(t) and not _number_in_sentence(lines, i):
            ln.kind = "furniture"
            page_idx.add(i)
        elif rules.furniture.match(t) or (rules.cookie_notice.search(t) and len(t.split()) < 60) \
                or _BREADCRUMB.search(t) \
                or _is_nav_line(t):
            ln.kind = "clutter"
    # running headers and footers: a non-marker line repeated, near a page number or with '|'
    for i, ln in enumerate(lines):
        if ln.kind != "content" or counts[_norm_key(ln.text)] < 2 or parse_marker(ln.text)[0] != "none":
            continue
        near_page = any(abs(i - j) <= 3 for j in page_idx)
        if near_page or " | " in ln.text or counts[_norm_key(ln.text)] >= 3:
            ln.kind = "furniture"
    _mark_furniture_blocks(lines, rules)
    _mark_toc(lines, rules)


def _is_link_line(text: str) -> bool:
    """A line that could be a link's title: short, and not a sentence."""
    body = strip_marker(text)
    return 0 < len(body.split()) <= 10 and not _SENTENCE_END.search(body)


def _is_contact_line(text: str, rules: SegmentRules) -> bool:
    """An address, telephone, e-mail or web line (of a page's footer, say)."""
    return is_front_matter_line(text, rules) or (len(text.split()) <= 20 and bool(
        _EMAIL.search(text) or _PHONE.match(text) or _POSTCODE.search(text)))


def _mark_furniture_blocks(lines: list[Line], rules: SegmentRules) -> None:
    """A web page's blocks of links and its closing furniture, marked as clutter.

    A line such as "Related documents" or "Share this page" opens a block: it and the short link lines
    under it, up to a blank line or a sentence. A line such as "Was this page helpful?" opens the page's
    closing furniture (feedback form, footer): everything after it, provided less text follows it than
    comes before it (a feedback prompt at the top of a page does not end the page); its address and
    contact lines are kept for the document's metadata.
    """
    words_before = 0
    total = sum(len(ln.text.split()) for ln in lines if ln.kind == "content")
    for i, ln in enumerate(lines):
        if ln.kind not in ("content", "clutter"):
            continue
        if rules.furniture_tail.match(ln.text) and total - words_before < words_before / 2:
            for rest in lines[i:]:  # contact lines stay, for the document's metadata
                if rest.kind in ("content", "toc") and not _is_contact_line(rest.text, rules):
                    rest.kind = "clutter"
            return
        words_before += len(ln.text.split()) if ln.kind == "content" else 0
        if ln.kind == "content" and rules.furniture_block.match(ln.text):
            ln.kind = "clutter"
            seen_link = False
            for nxt in lines[i + 1:]:
                if nxt.kind == "blank":
                    if seen_link:
                        break
                    continue
                if nxt.kind == "content":
                    if not _is_link_line(nxt.text) or parse_marker(nxt.text)[0] in ("dotted", "number"):
                        break
                    nxt.kind = "clutter"
                seen_link = True


def _norm_key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _toc_title(text: str) -> str:
    t = _TOC_ENTRY.sub("", text)
    t = re.sub(r"^\s*(?:\d+(?:\.\d+)*\.?|[ivx]+\.)\s*", "", t)
    return _norm_key(t)


def _mark_toc(lines: list[Line], rules: SegmentRules) -> None:
    """A 'Contents' block: its entries until a heading repeats one of them."""
    for i, ln in enumerate(lines):
        if ln.kind == "content" and rules.toc_head.match(ln.text):
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


def line_marker(ln: Line) -> tuple[str, str, int]:
    """The marker a line starts with, including one its context shows (a clause number with one space)."""
    return ln.marker or parse_marker(ln.text)


# a clause number followed by one space: a marker only when the numbers count up line after line
_SPACED_NUMBER = re.compile(r"^(\d{1,2}) (?=[\"“(A-Z])")
_ITEM_KINDS = ("letter", "roman", "paren_number", "upper_letter")
_NUMBER_START = re.compile(r"^(?:[-•*–·]\s*)?\d")  # a line that may start with a clause number


def mark_spaced_numbers(lines: list[Line]) -> list[Line]:
    """Clause numbers printed with a single space ("1 The matter …", "2 If it is …", "3 (a) The …").

    A number followed by one space is a clause number only where such numbers count up (1, 2, 3 …) at
    the starts of at least three lines; elsewhere "3 councillors form a quorum" stays a sentence. A
    clause number followed by an item marker ("3 (a) The …") is cut in two: the number, then the item.
    """
    found = [(i, int(m.group(1)), m.end()) for i, ln in enumerate(lines) if ln.kind == "content"
             and (m := _SPACED_NUMBER.match(ln.text)) and parse_marker(ln.text)[0] == "none"]
    accepted: dict[int, int] = {}
    chain: list[tuple[int, int, int]] = []
    for cand in found + [(-1, -1, 0)]:
        if chain and cand[1] == chain[-1][1] + 1:
            chain.append(cand)
        elif not chain or len(chain) < 3 or cand[1] in (1, -1):
            if len(chain) >= 3:
                accepted.update((i, length) for i, _, length in chain)
            chain = [cand]
    out: list[Line] = []
    for i, ln in enumerate(lines):
        if i not in accepted and (ln.kind != "content" or not _NUMBER_START.match(ln.text)):
            out.append(ln)
            continue
        kind, value, length = ("number", ln.text.split(" ", 1)[0], accepted[i]) if i in accepted \
            else parse_marker(ln.text)
        if kind in ("number", "dotted") and parse_marker(ln.text[length:])[0] in _ITEM_KINDS:
            at = ln.lstrip_offset - ln.start + length  # "3 (a) The …": the number, then the item
            out.append(Line(ln.start, ln.start + at, ln.raw[:at].rstrip(), marker=(kind, value, length)))
            out.append(Line(ln.start + at, ln.end, ln.raw[at:]))
            continue
        if i in accepted:
            ln.marker = (kind, value, length)
        out.append(ln)
    return out


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


def group_paragraphs(lines: list[Line], rules: SegmentRules | None = None) -> list[Paragraph]:
    """Join wrapped lines; a marker, a blank line, page furniture or a heading ends a paragraph."""
    rules = rules or packaged_rules()
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

    layout = line_layout(lines)
    last_i = 0  # the position of the last line of ``current``
    for i, ln in enumerate(lines):
        if ln.kind in ("blank", "furniture", "clutter", "toc"):
            if current:
                flush()
            pending_blank = True
            pending_break = pending_break or ln.kind == "furniture"
            continue
        kind, _, _ = line_marker(ln)
        starts_new = (not current or kind != "none" or _ends_heading(current, ln, rules)
                      or _line_ends_paragraph(lines, last_i, i, layout, rules))
        if starts_new:
            flush()
            blank_before = pending_blank
            after_break = pending_break
            current = [ln]
        else:
            current.append(ln)
        last_i = i
        pending_blank = pending_break = False
    flush()
    return paragraphs


def _ends_heading(current: list[Line], ln: Line, rules: SegmentRules) -> bool:
    """A one-line heading directly followed by text, with no blank line between."""
    if len(current) != 1:
        return False
    prev = current[0].text
    return _looks_heading_text(strip_marker(prev)) and bool(_STARTS_UPPER.match(ln.text)) \
        and len(ln.text.split()) > 3 and (prev.isupper() or len(prev) < 0.6 * len(ln.text)) \
        and not _runs_on(prev, rules)


# ---------------------------------------------------------- run-in headings

_SMALL_WORDS = {"of", "and", "to", "for", "the", "in", "on", "at", "with", "a", "an", "or", "&", "-", "–", "—"}
_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")  # "DefinitionsBullying": a heading run into its text


def _title_token(token: str) -> bool:
    """A word of a heading printed in title case or capitals ("Stage", "1", "INFORMAL", "of")."""
    return token[:1].isupper() or token[:1].isdigit() or token.lower() in _SMALL_WORDS


def _run_in_heading(text: str, rules: SegmentRules) -> int:
    """Where the text after a heading run into its paragraph starts, or 0.

    "DefinitionsBullying is …" and "Definitions Bullying is …" (a heading the rules know), "Stage 1
    Informal The employee should …" or "INTRODUCTION This protocol …" (a heading in title case or
    capitals, then a word that starts sentences). What follows must be a sentence of five words or more.
    """
    def prose(rest: str) -> bool:
        return len(rest.split()) >= 5 and (bool(_SENTENCE_END.search(rest)) or len(rest.split()) >= 12)

    def heading(head: str) -> bool:
        return _looks_heading_text(head) and not _runs_on(head, rules)

    def opener(word: str) -> bool:
        return word.lower() in rules.sentence_openers

    tokens = text.split(" ")
    m = _GLUED.search(text, 0, min(len(text), 80))
    if m:  # the heading known, or followed by a word that starts sentences ("Our aimsThe Council …")
        head, rest = text[:m.start()], text[m.start():]
        if heading(head) and prose(rest) and (rules.heading_cue.match(head) or (
                opener(rest.split(" ", 1)[0]) and not opener(tokens[0]))):
            return m.start()
    for k in range(min(8, len(tokens) - 1), 0, -1):  # the longest heading first
        head, nxt = " ".join(tokens[:k]), tokens[k]
        if not nxt[:1].isupper() or not heading(head):
            continue
        rest = text[len(head) + 1:].lstrip()
        if not prose(rest):
            continue
        if rules.heading_cue.match(head):
            return len(text) - len(rest)
        if (opener(nxt) and not opener(tokens[0]) and all(_title_token(t) for t in tokens[:k])
                and tokens[k - 1].lower() not in _SMALL_WORDS):
            return len(text) - len(rest)
    return 0


def split_run_in_headings(lines: list[Line], rules: SegmentRules | None = None) -> list[Line]:
    """Lines that start a paragraph with a heading run into it, cut into the heading and the text."""
    rules = rules or packaged_rules()
    out: list[Line] = []
    prev: Line | None = None
    for ln in lines:
        starts_paragraph = prev is None or prev.kind != "content" or bool(_SENTENCE_END.search(prev.text))
        if ln.kind == "content" and starts_paragraph and line_marker(ln)[0] == "none":
            cut = _run_in_heading(ln.text, rules)
            if cut:
                at = ln.lstrip_offset - ln.start + cut  # the cut, counted in the raw line
                out.append(Line(ln.start, ln.start + at, ln.raw[:at].rstrip()))
                out.append(Line(ln.start + at, ln.end, ln.raw[at:]))
                prev = ln
                continue
        out.append(ln)
        if ln.kind != "blank":
            prev = ln
    return out


# --------------------------------------------------------------- line layout

# a line that ends a sentence ("… the Clerk.", "… as follows:", "… in writing.”")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
# a line that can start a sentence or a heading: a capital or a digit, perhaps after a quote or bracket
_STARTS_UPPER = re.compile(r"^[\"'“‘(\[]?[A-Z0-9]")


@dataclass(frozen=True)
class LineLayout:
    """How a text breaks its lines.

    ``wrapped``: sentences run on from line to line (at least three lines, and a fifth of the line
    breaks, fall inside a sentence), so a line break alone does not end a paragraph. ``width``: the
    length wrapped lines reach when the wrapping is regular (a PDF or a fixed-width text), else None
    (a web page whose lines break wherever its markup did). A text whose sentences do not run on from
    line to line has one paragraph or heading per line.
    """
    wrapped: bool
    width: float | None


def line_layout(lines: list[Line]) -> LineLayout:
    """Measure how the content lines of a text are broken."""
    pairs = 0
    run_on: list[int] = []
    for a, b in zip(lines, lines[1:]):
        if a.kind != "content" or b.kind != "content" or line_marker(b)[0] != "none":
            continue
        pairs += 1
        if b.text[:1].islower() and not _SENTENCE_END.search(a.text):
            run_on.append(len(a.text))
    if len(run_on) < 3 or len(run_on) < 0.2 * pairs:
        return LineLayout(False, None)
    run_on.sort()
    q25, q75, q90 = (run_on[int(f * (len(run_on) - 1))] for f in (0.25, 0.75, 0.9))
    return LineLayout(True, float(q90) if q25 >= 0.8 * q75 else None)


def _ends_in_connector(text: str, rules: SegmentRules) -> bool:
    """A text that ends in a word such as "the", "of" or "with", without a full stop."""
    words = text.split()
    return bool(words) and not _SENTENCE_END.search(text) and \
        re.sub(r"^\W+|\W+$", "", words[-1]).lower() in rules.connectors


def _runs_on(text: str, rules: SegmentRules) -> bool:
    """A line that cannot end a sentence or a heading: it ends in a comma, a hyphen, an open bracket or a
    word such as "the", "of" or "and"."""
    return text.endswith((",", "-", "–", "—", "(", "&", "/", "+")) or _ends_in_connector(text, rules)


def _local_width(lines: list[Line], i: int) -> int:
    """The longest of the content lines around line ``i`` (three either side): the width its block is
    wrapped at (list items and quotations are often indented, and so narrower than the page)."""
    near = [x for x in lines[max(0, i - 3):i + 4] if x.kind == "content" and strip_marker(x.text)]
    return max((len(x.text) for x in near), default=0)


def _line_ends_paragraph(lines: list[Line], i_prev: int, i: int, layout: LineLayout,
                         rules: SegmentRules) -> bool:
    """Whether the break between two content lines, with no blank line between, ends a paragraph.

    A text with one paragraph per line breaks after a sentence, a heading or a title line; a text
    wrapped at a regular width breaks after a line that stops well short of that width; a text wrapped
    irregularly breaks only around front-matter lines. Nowhere does a line that runs on ("… with the",
    "… of", "…,") or a line that starts in lower case end or start a paragraph.
    """
    a, b = lines[i_prev].text, lines[i].text
    if not strip_marker(a):
        return False  # "4.1.1" alone on its line: its text follows
    if not layout.wrapped and (_ITEM_LINE_END.search(a) or (a.endswith(":") and _ITEM_END.search(b))):
        return True  # items of a list printed without markers, one to a line
    if not _STARTS_UPPER.match(b) or _runs_on(a, rules):
        return False
    if (_is_stamp(a, rules) or _is_stamp(b, rules)) and not (layout.width and len(a) >= 0.85 * layout.width):
        return True  # an adoption or review line stands alone (but a full wrapped line may merely mention one)
    ends_sentence = bool(_SENTENCE_END.search(a))
    if layout.wrapped:
        if layout.width is None:
            return False
        if len(a) > 1.25 * layout.width:  # far longer than the wrapping: a paragraph on one line
            return ends_sentence
        if len(a) + 1 + len(b.split()[0]) + 3 > min(_local_width(lines, i_prev), 1.1 * layout.width):
            return False  # the next word would not have fitted on the line: the paragraph may go on
        # a line that stopped short: the end of a sentence, or a heading over a paragraph or a sub-heading
        # ("1.2 Definitions" / "Bullying"); short lines under short lines (an address) stay together
        return ends_sentence or (_looks_heading_text(strip_marker(a)) and (
            len(b) >= 0.5 * layout.width or parse_marker(a)[0] != "none"))
    if ends_sentence:
        return True
    first = re.sub(r"^\W+|\W+$", "", b.split()[0]).lower()
    last = re.sub(r"^\W+|\W+$", "", a.split()[-1])
    return (_looks_heading_text(strip_marker(a)) or first in rules.sentence_openers
            or (_looks_heading_text(b) and last[:1].islower()))


def _is_stamp(text: str, rules: SegmentRules) -> bool:
    """A short front-matter line of adoption or review ("Adopted 3 May 2022", "This policy was approved
    by the Council on 9 June 2021"), which stands on a line of its own."""
    return len(text.split()) <= 16 and not rules.modal_verb.search(text) and not text.endswith(".") and bool(
        rules.front_matter.match(text) or rules.adoption.search(text))


def _make_paragraph(lines: list[Line], blank_before: bool, after_break: bool = False) -> Paragraph:
    first = lines[0].text
    kind, value, length = line_marker(lines[0])
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
_ITEM_END = re.compile(r"(?:[;,]|\b(?:and|or))$")  # an item of a list that goes on: "…;", "…; and"
_ITEM_LINE_END = re.compile(r"(?:;|[;,]\s+(?:and|or))$")  # a line that ends an item: "…;", "…; and"
_OPENING_QUOTES = "\"“‘'«"


def _looks_heading_text(text: str) -> bool:
    if not text or not (text[0].isupper() or text[0].isdigit() or text[0] in "'\"‘“("):
        return False
    if _SENTENCE_END.search(text) and not text.endswith(_TERMINAL):
        return False  # a quoted sentence: "“… within ten working days.”"
    words = text.split()
    if text.isupper() and len(words) <= 16 and not text.endswith((".", ";", ",")):
        return True
    return len(words) <= 12 and not text.endswith(_TERMINAL) and not re.search(r"[.;!?]\s+\S", text)


def is_front_matter_line(text: str, rules: SegmentRules | None = None) -> bool:
    rules = rules or packaged_rules()
    return bool(rules.front_matter.match(text) or rules.chapter.match(text) or _PHONE.match(text)
                or _is_stamp(text, rules)
                or (_EMAIL.search(text) and len(text.split()) <= 8)
                or (_WEB.search(text) and len(text.split()) <= 6)
                or (_POSTCODE.search(text) and len(text.split()) <= 12))


def _is_contact_block(p: Paragraph, rules: SegmentRules) -> bool:
    """An address or contact block: every line an address, telephone, e-mail or web line; or an
    address under a name ("The Monitoring Officer", the council, street, postcode, e-mail): three or more
    short lines, none a sentence, two of them a postcode, a telephone number or an e-mail address."""
    texts = [ln.text for ln in p.lines]
    if all(is_front_matter_line(t, rules) for t in texts) and not p.text.endswith((".", ":", ";")):
        return True
    contact = sum(1 for t in texts if _EMAIL.search(t) or _PHONE.match(t) or _POSTCODE.search(t))
    return len(texts) >= 3 and contact >= 2 and all(
        len(t.split()) <= 8 and not _SENTENCE_END.search(t) for t in texts)


def _is_prose(p: Paragraph, rules: SegmentRules) -> bool:
    return p.n_words >= 8 and p.text.endswith((".", ":", "?", "!")) and not is_front_matter_line(p.text, rules)


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


def _is_contact_footer(p: Paragraph, rules: SegmentRules) -> bool:
    """A one-line footer with the council's e-mail, phone or postcode and no sentence ("… - clerk@x.gov.uk")."""
    t = p.text
    return len(p.lines) <= 2 and not t.endswith((".", ":", ";", "?", "!")) and bool(
        _EMAIL.search(t) or _PHONE.search(t) or _POSTCODE.search(t)) and not rules.modal.search(t)


def find_body_start(paragraphs: list[Paragraph], rules: SegmentRules | None = None) -> int:
    """Index of the first paragraph of the protocol's body."""
    rules = rules or packaged_rules()
    for i, p in enumerate(paragraphs):
        nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        if (is_front_matter_line(p.text, rules) and p.n_words <= 20) or _is_contact_block(p, rules):
            continue
        if p.marker_kind in ("dotted", "number", "paren_number", "letter") and p.text:
            return i
        if p.marker_kind == "none" and _COUNCIL_LINE.match(p.text):
            continue  # "Ashcombe Parish Council" above the body is front matter, not a heading
        if p.marker_kind == "none" and _looks_heading_text(p.text) and nxt is not None:
            if _looks_heading_text(strip_marker(nxt.text)) and len(nxt.lines) == 1:
                continue  # a title line above the first heading
            if nxt.marker_kind in ("dotted", "number", "paren_number", "letter", "bullet") or _is_prose(nxt, rules) \
                    or (nxt.n_words >= 12 and not is_front_matter_line(nxt.text, rules)
                        and not _is_contact_block(nxt, rules)) \
                    or _opens_list(nxt, paragraphs[i + 2] if i + 2 < len(paragraphs) else None, rules):
                return i
            continue
        if _is_prose(p, rules) or _opens_list(p, nxt, rules):
            return i
    return len(paragraphs)


def _opens_list(p: Paragraph, nxt: Paragraph | None, rules: SegmentRules) -> bool:
    """A lead-in ("Councillors should not:") followed by the first item of its list."""
    return (nxt is not None and p.marker_kind == "none" and p.text.endswith(":") and p.n_words >= 2
            and (nxt.marker_kind != "none" or bool(_ITEM_END.search(nxt.text)))
            and not is_front_matter_line(p.text, rules))


def _flattened_numbering(paragraphs: list[Paragraph]) -> bool:
    """Lists flattened from HTML: plain '1.' markers repeated instead of counting up."""
    values = [p.marker for p in paragraphs if p.marker_kind == "number"]
    if len(values) < 3:
        return False
    ones = values.count("1")
    return ones >= 3 and ones / len(values) >= 0.6


def segment_text(text: str, rules: SegmentRules | None = None) -> SegmentedText:
    """Cut a protocol's text into clauses; ``rules`` are the packaged segmentation rules unless given.

    >>> seg = segment_text("1. Roles\\n\\n1.1 Councillors set policy.\\n\\n1.2 Officers can expect:\\n- respect\\n- courtesy")
    >>> [(c.clause_id, c.text) for c in seg.clauses]
    [('1.1', 'Councillors set policy.'), ('1.2', 'Officers can expect:'), ('1.2.1', 'respect'), ('1.2.2', 'courtesy')]
    """
    rules = rules or packaged_rules()
    lines = split_lines(text)
    classify_lines(lines, rules)
    lines = mark_spaced_numbers(lines)
    lines = split_run_in_headings(lines, rules)
    removed = Counter(ln.kind for ln in lines if ln.kind not in ("content", "blank"))
    paragraphs = group_paragraphs(lines, rules)
    start = find_body_start(paragraphs, rules)
    front = [ln.text for p in paragraphs[:start] for ln in p.lines]
    body = paragraphs[start:]
    headers = [ln.text for ln in lines if ln.kind == "furniture" and not _PAGE_NUMBER.match(ln.text)]
    title = guess_title(front, rules, headers)
    walker = _Walker(_flattened_numbering(body), rules)
    for i, p in enumerate(body):
        walker.feed(p, body[i + 1] if i + 1 < len(body) else None)
    walker.settle()
    return SegmentedText(walker.clauses, front + walker.meta, title, walker.headings, dict(removed))


def guess_title(front: list[str], rules: SegmentRules | None = None, headers: list[str] | None = None) -> str:
    """The document's title among its front-matter lines, else among the lines repeated as running headers
    (a PDF's page header, a web page's title printed in its breadcrumb, heading and menu)."""
    rules = rules or packaged_rules()

    def titles(texts: list[str]) -> list[str]:
        return [t for t in texts if rules.title_word.search(t) and not rules.front_matter.match(t)
                and not _is_stamp(t, rules) and len(t.split()) <= 16 and not _EMAIL.search(t)]

    candidates = titles(front) or titles(headers or [])
    if candidates:
        title = candidates[-1]
        return rules.chapter.sub("", title).strip(" :-–") or title
    headings = [t for t in front if _looks_heading_text(t) and not is_front_matter_line(t, rules)
                and not re.search(r"\bcouncil\b", t, re.I)]
    return headings[0] if headings else ""


class _Walker:
    """The state machine of pass 4: sections, numbered clauses, lists, paragraphs."""

    def __init__(self, flattened: bool, rules: SegmentRules):
        self.flattened = flattened
        self.rules = rules
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
        self.top_bullet: tuple[str, str] | None = None  # (clause id, bullet kind) of a bullet at the top level
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

    def _tail(self, clause: Clause) -> str:
        """The end of a clause's text, paragraphs still waiting to be joined onto it included."""
        return self.continued[-1] if self.continued and clause is self.continued_clause else clause.text

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
            if p.marker_kind in ("number", "dotted") and nxt is not None and nxt.marker_kind in _ITEM_KINDS:
                self._start_section(p)  # "3" over "(a) …", "(b) …": clauses 3.a, 3.b
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
            if self.rules.heading_cue.match(p.text) and nxt is not None and nxt.marker_kind == "none":
                return True  # "1.2 Definitions" over unnumbered paragraphs
            return nxt is not None and nxt.marker_kind == "dotted" and nxt.marker.startswith(p.marker + ".")
        if p.marker_kind == "none":
            if nxt is None:
                return False
            if self.last is not None and self._last_ends(":") and not p.blank_before:
                return False
            return True
        return True

    def _unmarked_item(self, last: Clause, p: Paragraph) -> bool:
        """An item of a list printed without markers: under a lead-in ("… has authority to:"), each item on
        a paragraph of its own ending in ";", "," or "and"/"or" ("appoint staff;"), and the last one after
        such an item ("set salaries."). Adds the item and returns True."""
        top = self.stack[-1] if self.stack else None
        if top is not None and top.kind == "unmarked" and last is top.last_item and _ITEM_END.search(self._tail(last)):
            level = top
        elif not self.stack and self._tail(last).endswith(":") and _ITEM_END.search(p.text):
            level = _ListLevel("unmarked", last)
            self.stack = [level]
        else:
            return False
        level.count += 1
        parent = level.parent
        level.last_item = self._new(f"{parent.clause_id}.{level.count}", p, "", parent, level=parent.level + 1,
                                    position=level.count)
        return True

    def _closes_list(self, last: Clause, p: Paragraph) -> bool:
        """``p`` follows the last item of a list whose items are numbered as clauses ("1.4" under
        "1. … as follows:"): the item ends its sentence and ``p`` starts a new one."""
        parent = self.by_id.get(last.parent_id) if last.parent_id else None
        return (last.marker_kind == "dotted" and parent is not None and self._tail(parent).endswith(":")
                and self._tail(last).endswith((".", "!", "?")) and bool(_STARTS_UPPER.match(p.text)))

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
        self.section_title = p.text or None
        self.section_paras = 0
        self.section_top = 0
        self.last_top = None
        self.last = None
        self.after_heading = True
        self.headings.append(" ".join(x for x in (self.section_number, p.text) if x))

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
        if top is not None and top is self.last and self.top_bullet == (top.clause_id, kind) \
                and not self._tail(top).endswith(":"):
            return kind  # "- second point" after a "- first point" that opened no list: siblings
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
            self.top_bullet = (clause.clause_id, kind)
        self.last_top = clause

    def _paragraph_clause(self, p: Paragraph) -> Clause:
        self.section_paras += 1
        self.doc_paras += 1
        prefix = self._prefix()
        cid = f"{prefix}.p{self.section_paras}" if prefix else f"p{self.doc_paras}"
        return self._new(cid, p, "", None, level=0)

    def _plain(self, p: Paragraph) -> None:
        if self.rules.front_matter.match(p.text) and p.n_words <= 20:
            self.meta.append(p.text)
            return
        if _is_contact_block(p, self.rules) or _is_contact_footer(p, self.rules):
            self.meta.extend(ln.text for ln in p.lines)  # an address or contact block, e.g. in a web page's footer
            return
        last = self.last
        if last is not None and not self.after_heading and not self.stack and self._tail(last).endswith(":") \
                and p.text[:1] in _OPENING_QUOTES:
            self._append(last, p)  # the quotation a lead-in introduces: "… is defined as:" / "“…”"
            return
        if last is not None and not self.after_heading and self._unmarked_item(last, p):
            return
        if last is not None and not self.after_heading and _ends_in_connector(self._tail(last), self.rules):
            self._append(last, p)  # "… with the" / "Monitoring Officer …": a sentence the page broke
            return
        if last is not None and not self.after_heading and self._closes_list(last, p):
            self.stack = []
            self.last_top = self._paragraph_clause(p)  # a paragraph after a numbered list is a clause
            return
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
