"""Pass 3 of segmentation: content lines grouped into paragraphs (by how the text wraps its lines), headings
run into their text cut off, and the start of the body found."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..rules.segmentation import SegmentRules, packaged_rules
from .cues import (
    _ITEM_END,
    _ITEM_LINE_END,
    _SENTENCE_END,
    _STARTS_UPPER,
    EMAIL,
    PHONE,
    POSTCODE,
    _is_stamp,
    _looks_heading_text,
    ends_lead_in,
    ends_verb_lead_in,
    is_front_matter_line,
    is_verb_item,
)
from .lines import Line, line_marker
from .markers import parse_marker, strip_marker

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


def double_spaced_breaks(lines: list[Line], rules: SegmentRules) -> list[Line]:
    """The lines without the single blank lines of a double-spaced text, which are line breaks, not
    paragraph breaks (a PDF copied with a blank line after every line: "… set out how the Parish" / "" /
    "Council will deal with …"); other texts are returned as they are.

    A text is double-spaced when its content lines are never next to each other and at least three, and a
    fifth, of the single blank lines fall inside a sentence; a paragraph break is then two blank lines or more.
    """
    singles, run_on, adjacent = [], 0, 0
    for n in range(1, len(lines) - 1):
        a, gap, b = lines[n - 1], lines[n], lines[n + 1]
        if gap.kind == "content" and a.kind == "content":
            adjacent += 1
        if a.kind == "content" and gap.kind == "blank" and b.kind == "content" and line_marker(b)[0] == "none":
            singles.append(n)
            if (b.text[:1].islower() and not _SENTENCE_END.search(a.text)) or _ends_in_connector(a.text, rules):
                run_on += 1
    if run_on < 3 or run_on < 0.2 * len(singles) or adjacent > 0.1 * max(1, len(singles)):
        return lines
    dropped = set(singles)
    return [ln for n, ln in enumerate(lines) if n not in dropped]


def group_paragraphs(lines: list[Line], rules: SegmentRules | None = None) -> list[Paragraph]:
    """Join wrapped lines; a marker, a blank line, page furniture or a heading ends a paragraph."""
    rules = rules or packaged_rules()
    lines = double_spaced_breaks(lines, rules)
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

    layout = line_layout(lines, rules)
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
    infinitive_items: bool = False  # three lines or more start "To <verb>": a list of duties without markers


def line_layout(lines: list[Line], rules: SegmentRules | None = None) -> LineLayout:
    """Measure how the content lines of a text are broken."""
    rules = rules or packaged_rules()
    pairs = 0
    run_on: list[int] = []
    items = sum(1 for ln in lines if ln.kind == "content" and rules.infinitive_line.match(ln.text)) >= 3
    for a, b in zip(lines, lines[1:]):
        if a.kind != "content" or b.kind != "content" or line_marker(b)[0] != "none":
            continue
        pairs += 1
        if b.text[:1].islower() and not _SENTENCE_END.search(a.text):
            run_on.append(len(a.text))
    if len(run_on) < 3 or len(run_on) < 0.2 * pairs:
        return LineLayout(False, None, items)
    run_on.sort()
    q25, q75, q90 = (run_on[int(f * (len(run_on) - 1))] for f in (0.25, 0.75, 0.9))
    return LineLayout(True, float(q90) if q25 >= 0.8 * q75 else None, items)


def _ends_in_connector(text: str, rules: SegmentRules) -> bool:
    """A text that ends in a word such as "the", "of" or "with", without a full stop."""
    words = text.split()
    if not words or _SENTENCE_END.search(text):
        return False
    last = re.sub(r"^\W+|\W+$", "", words[-1])
    if len(words) > 1 and last in rules.name_like_modals:
        return False  # "Councillor Tom May", "… each May": a name or a month, not a modal left hanging
    return last.lower() in rules.connectors


def _runs_on(text: str, rules: SegmentRules) -> bool:
    """A line that cannot end a sentence or a heading: it ends in a comma, a hyphen, an open bracket or a
    word such as "the", "of" or "and", or leaves a bracket open."""
    return text.endswith((",", "-", "–", "—", "(", "&", "/", "+")) or _ends_in_connector(text, rules) \
        or strip_marker(text).count("(") > strip_marker(text).count(")")  # "… (other than the" / "Deputy) …"


def _local_width(lines: list[Line], i: int) -> int:
    """The longest of the content lines around line ``i`` (three either side): the width its block is
    wrapped at (list items and quotations are often indented, and so narrower than the page)."""
    near = [x for x in lines[max(0, i - 3):i + 4] if x.kind == "content" and strip_marker(x.text)]
    return max((len(x.text) for x in near), default=0)


_SHORT_LAST_LINE = 0.5  # of the lines around it: a paragraph's last line in irregularly wrapped text


_ITEM_LINES_AT_MOST = 12  # lines of one list item looked back over (a bound, so a long text without blank lines
# stays linear)


def _in_marked_item(lines: list[Line], i: int) -> bool:
    """Whether line ``i`` goes on from a line with a list marker, with only content lines between (at most
    :data:`_ITEM_LINES_AT_MOST` back)."""
    for j in range(i, max(-1, i - _ITEM_LINES_AT_MOST), -1):
        if lines[j].kind != "content":
            return False
        if line_marker(lines[j])[0] != "none":
            return True
    return False


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
    if not layout.wrapped and (_ITEM_LINE_END.search(a) or (ends_lead_in(a) and _ITEM_END.search(b))):
        return True  # items of a list printed without markers, one to a line
    if not layout.wrapped and bare_item_line(b, rules) and _under_lead_in(lines, i_prev, rules):
        return True  # "Two by the districts:" / "one from the north" / "one from the south": short bare items
    if not _STARTS_UPPER.match(b):
        return False
    if not layout.wrapped and ends_lead_in(a):
        return True  # "… the newsletter will –" over its first item
    if _runs_on(a, rules):
        return False
    if layout.infinitive_items and rules.infinitive_line.match(b):
        return True  # "To appoint staff" after "… the Committee are:" or after the item before it
    if (_is_stamp(a, rules) or _is_stamp(b, rules)) and not (layout.width and len(a) >= 0.85 * layout.width):
        return True  # an adoption or review line stands alone (but a full wrapped line may merely mention one)
    ends_sentence = bool(_SENTENCE_END.search(a))
    if layout.wrapped:
        if layout.width is None:
            # wrapped irregularly (a web page's lines broken at its links): a sentence's end on a line that goes
            # on from a line before (not a one-line heading: "- Complaints about a councillor."); within a list
            # item, only on a line far shorter than the lines around it (a second sentence of the item)
            return ends_sentence and i_prev > 0 and lines[i_prev - 1].kind == "content" \
                and line_marker(lines[i_prev])[0] == "none" and (
                    not _in_marked_item(lines, i_prev) or len(a) < _SHORT_LAST_LINE * _local_width(lines, i_prev))
        if len(a) > 1.25 * layout.width:  # far longer than the wrapping: a paragraph on one line
            return ends_sentence
        if len(a) + 1 + len(b.split()[0]) + 3 > min(_local_width(lines, i_prev), 1.1 * layout.width):
            return False  # the next word would not have fitted on the line: the paragraph may go on
        # a line that stopped short: the end of a sentence, or a heading over a paragraph or a sub-heading
        # ("1.2 Definitions" / "Bullying"); short lines under short lines (an address) stay together
        return ends_sentence or (_looks_heading_text(strip_marker(a)) and (
            len(b) >= 0.5 * layout.width or parse_marker(a)[0] != "none"))
    if ends_sentence or _two_statements(a, b, rules):
        return True
    first = re.sub(r"^\W+|\W+$", "", b.split()[0]).lower()
    last = re.sub(r"^\W+|\W+$", "", a.split()[-1])
    return (_looks_heading_text(strip_marker(a)) or first in rules.sentence_openers
            or (_looks_heading_text(b) and last[:1].islower()))


BARE_ITEM_WORDS = 10  # the most words of an item printed bare, one to a line, under a lead-in


def bare_item_line(text: str, rules: SegmentRules) -> bool:
    """A short line that is no sentence and does not run on: an item of a list printed without markers."""
    return 0 < len(text.split()) <= BARE_ITEM_WORDS and not _SENTENCE_END.search(text) \
        and not _runs_on(text, rules) and parse_marker(text)[0] == "none"


def _under_lead_in(lines: list[Line], i: int, rules: SegmentRules) -> bool:
    """Whether line ``i`` ends in a colon, or is a short bare item in an unbroken run of them under such a line."""
    for k in range(i, -1, -1):
        ln = lines[k]
        if ln.kind != "content":
            return False
        if ln.text.rstrip().endswith(":") and parse_marker(ln.text)[0] == "none":
            return True
        if not bare_item_line(ln.text, rules):
            return False
    return False


def _two_statements(a: str, b: str, rules: SegmentRules) -> bool:
    """Two lines that each state something with a modal verb ("… the Clerk will keep the register" / "Notices
    will be posted …"): a paragraph per line, though the first has no full stop."""
    return len(a.split()) >= 6 and len(b.split()) >= 5 and bool(
        rules.modal_verb.search(a) and rules.modal_verb.search(" ".join(b.split()[:12])))


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


def _is_contact_block(p: Paragraph, rules: SegmentRules) -> bool:
    """An address or contact block: every line an address, telephone, e-mail or web line; or an
    address under a name ("The Monitoring Officer", the council, street, postcode, e-mail): three or more
    short lines, none a sentence, two of them a postcode, a telephone number or an e-mail address."""
    texts = [ln.text for ln in p.lines]
    if all(is_front_matter_line(t, rules) for t in texts) and not p.text.endswith((".", ":", ";")):
        return True
    contact = sum(1 for t in texts if EMAIL.search(t) or PHONE.match(t) or POSTCODE.search(t))
    return len(texts) >= 3 and contact >= 2 and all(
        len(t.split()) <= 8 and not _SENTENCE_END.search(t) for t in texts)


_SHORT_SENTENCE_WORDS = 5  # "The Chair prepares for each meeting.": a short sentence, but one


def _is_prose(p: Paragraph, rules: SegmentRules) -> bool:
    if not p.text.endswith((".", ":", "?", "!")) or is_front_matter_line(p.text, rules):
        return False
    return p.n_words >= 8 or (p.n_words >= _SHORT_SENTENCE_WORDS and p.text.endswith(".") and len(p.lines) == 1
                              and p.text.split()[0].lower() in rules.sentence_openers
                              and (rules.modal.search(p.text) is not None or _may_have_verb(p.text)))


def _may_have_verb(text: str) -> bool:
    """A word after the first two that may be a finite verb ("prepares", "is"; a plural noun passes too)."""
    return any(re.fullmatch(r"[a-z]{3,}s|is|are|has|have|was|were", w) for w in text.split()[2:-1])


_COUNCIL_LINE = re.compile(r"^(?:[A-Z][\w'’.-]*\s+){1,5}(?:parish|town|community|village|city|district|borough|county)"
                           r"\s+council$", re.I)


def _is_contact_footer(p: Paragraph, rules: SegmentRules) -> bool:
    """A one-line footer with the council's e-mail, phone or postcode and no sentence ("… - clerk@x.gov.uk")."""
    t = p.text
    return len(p.lines) <= 2 and not t.endswith((".", ":", ";", "?", "!")) and bool(
        EMAIL.search(t) or PHONE.search(t) or POSTCODE.search(t)) and not rules.modal.search(t)


_FIELD_LABEL_WORDS = 3  # "Membership:", "Reports to:", "Public attendance:"
_FIELD_VALUE_WORDS = 12  # "Six members", "Three elected members and the Mayor"


def _field_label(p: Paragraph, rules: SegmentRules) -> bool:
    text = p.text.rstrip()
    words = text.rstrip(":").split()
    return (p.marker_kind == "none" and len(p.lines) == 1 and text.endswith(":") and 0 < len(words) <= _FIELD_LABEL_WORDS
            and words[0][:1].isupper() and words[0].lower() not in rules.sentence_openers
            and not rules.modal.search(text))


def _field_value(p: Paragraph) -> bool:
    return p.marker_kind == "none" and len(p.lines) == 1 and 0 < p.n_words <= _FIELD_VALUE_WORDS \
        and not p.text.rstrip().endswith(":")


def field_labels(paragraphs: list[Paragraph], rules: SegmentRules | None = None) -> set[int]:
    """Indices of the labels of a run of two or more "Label:" / value pairs ("Membership:" / "Six members",
    "Quorum:" / "Four members"): a body's particulars printed as lines, each label a heading over its value."""
    rules = rules or packaged_rules()
    pairs = {i for i in range(len(paragraphs) - 1)
             if _field_label(paragraphs[i], rules) and _field_value(paragraphs[i + 1])}
    return {i for i in pairs if i + 2 in pairs or i - 2 in pairs}


def find_body_start(paragraphs: list[Paragraph], rules: SegmentRules | None = None,
                    fields: set[int] | None = None) -> int:
    """Index of the first paragraph of the protocol's body; ``fields``: :func:`field_labels` of ``paragraphs``,
    when the caller has them already."""
    rules = rules or packaged_rules()
    fields = field_labels(paragraphs, rules) if fields is None else fields
    for i, p in enumerate(paragraphs):
        nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        if (is_front_matter_line(p.text, rules) and p.n_words <= 20) or _is_contact_block(p, rules):
            continue
        if i in fields:
            return i  # "Membership:" / "Six members": the body's particulars begin it
        if p.marker_kind in ("dotted", "number", "paren_number", "letter") and p.text:
            return i
        if p.marker_kind == "none" and _COUNCIL_LINE.match(p.text):
            continue  # "Ashcombe Parish Council" above the body is front matter, not a heading
        if p.marker_kind == "none" and _looks_heading_text(p.text) and nxt is not None:
            if _looks_heading_text(strip_marker(nxt.text)) and len(nxt.lines) == 1 and (
                    nxt.marker_kind != "bullet" or not _infinitive_items(paragraphs[i + 1:i + 4])):
                continue  # a title line above the first heading (not above a list of duties "• To …")
            if nxt.marker_kind in ("dotted", "number", "paren_number", "letter", "bullet") or _is_prose(nxt, rules) \
                    or (nxt.n_words >= 12 and not is_front_matter_line(nxt.text, rules)
                        and not _is_contact_block(nxt, rules)) \
                    or _opens_list(nxt, paragraphs[i + 2] if i + 2 < len(paragraphs) else None, rules) \
                    or _unmarked_items(paragraphs[i + 1:i + 1 + _UNMARKED_ITEMS], rules):
                return i
            continue
        if _is_prose(p, rules) or _opens_list(p, nxt, rules) or _unmarked_items(paragraphs[i:i + _UNMARKED_ITEMS], rules) \
                or _statement_bullets(paragraphs[i:i + _UNMARKED_ITEMS], rules):
            return i
    return len(paragraphs)


def _statement_bullets(items: list[Paragraph], rules: SegmentRules) -> bool:
    """Bullets that state rules without a closing full stop ("• Minutes are signed by the chair"), not a
    menu's links ("• Contact us", "• News and events"): each a few words with a modal or an auxiliary verb."""
    return len(items) == _UNMARKED_ITEMS and all(
        p.marker_kind == "bullet" and p.n_words >= _ITEM_WORDS and not is_front_matter_line(p.text, rules)
        and not rules.question_opening.match(p.text) and (rules.modal.search(p.text) is not None or _AUXILIARY.search(p.text) is not None) for p in items)


_AUXILIARY = re.compile(r"(?<=\w )(?:is|are|was|were|has|have|will|shall)\b")  # after a word: a statement's verb


_UNMARKED_ITEMS = 2
_ITEM_WORDS = 4
_ITEM_CLOSE = re.compile(r";(?:\s*(?:and|or))?$")


def _unmarked_items(items: list[Paragraph], rules: SegmentRules) -> bool:
    """Items of a list whose markers a page lost, each a phrase closed by a semicolon ("Lead the council's
    work on its plan;"): the body has begun (a title or a menu has no such run)."""
    return len(items) == _UNMARKED_ITEMS and all(
        p.marker_kind == "none" and p.n_words >= _ITEM_WORDS and _ITEM_CLOSE.search(p.text)
        and not is_front_matter_line(p.text, rules) for p in items)


def _infinitive_items(items: list[Paragraph]) -> bool:
    """Bulleted lines that state duties ("• To represent the ward"), not a menu's links."""
    bullets = [p for p in items if p.marker_kind == "bullet"]
    return len(bullets) >= 2 and all(re.match(r"(?:not )?to [a-z]", p.text, re.I) for p in bullets)


def _opens_list(p: Paragraph, nxt: Paragraph | None, rules: SegmentRules) -> bool:
    """A lead-in ("Councillors should not:") followed by the first item of its list, or a rule printed without its
    colon whose items complete its last sentence, lower-case (:func:`open_lead_in`, or a long one: "… should rest
    on a belief that wrongdoing" over "• has happened"); a rule has a modal verb, a page's notice ("Share this page
    or follow us on" over "• facebook") has none."""
    if nxt is None or p.marker_kind != "none" or p.n_words < 2 or is_front_matter_line(p.text, rules):
        return False
    if ends_lead_in(p.text):
        return (nxt.marker_kind != "none" or bool(_ITEM_END.search(nxt.text))
                or ends_verb_lead_in(p.text, rules) and is_verb_item(nxt.text, rules))
    return nxt.marker_kind != "none" and nxt.text[:1].islower() and not _SENTENCE_END.search(p.text) \
        and bool(rules.modal_verb.search(p.text)) and (open_lead_in(p.text, rules) or p.n_words >= _OPEN_SENTENCE_WORDS)


_OPEN_SENTENCE_WORDS = 12  # a paragraph this long whose items complete it opens the body, whatever its last word


def open_lead_in(text: str, rules: SegmentRules) -> bool:
    """A sentence's opening that its list's items complete, its colon left out: it starts with a capital, ends in
    a word no sentence ends with (``connectors``: "about", "will", "the") and reads as a sentence, not a heading: it
    has a modal verb ("When a complaint is received the Clerk will", "Members may also report worries about") or
    opens as a statement does ("A serious concern might be", "Typically, the Clerk is also"), not as a question
    ("How a complaint is dealt with") or a noun ("Matters this policy applies to")."""
    words = text.split()
    if not words or not _STARTS_UPPER.match(text) or not _ends_in_connector(text, rules):
        return False
    if len(words) > 1 and re.fullmatch(r"[A-Z][a-z]+ly,", words[0]):
        words = words[1:]  # "Typically, the Clerk is also …"
    return bool(rules.modal_verb.search(text)) or (
        words[0].lower() in rules.sentence_openers and not rules.question_heading.match(" ".join(words)))


def _flattened_numbering(paragraphs: list[Paragraph]) -> bool:
    """Lists flattened from HTML: plain '1.' markers repeated instead of counting up."""
    values = [p.marker for p in paragraphs if p.marker_kind == "number"]
    if len(values) < 3:
        return False
    ones = values.count("1")
    return ones >= 3 and ones / len(values) >= 0.6
