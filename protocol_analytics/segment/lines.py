"""Pass 1 and 2 of segmentation: the text's lines with their offsets, each classified as content, page
furniture, web clutter, table of contents or contact details."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..rules.segmentation import SegmentRules, packaged_rules
from .cues import _SENTENCE_END, EMAIL, PHONE, POSTCODE, is_front_matter_line
from .markers import _ITEM_KINDS, parse_marker, strip_marker

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
        elif bullets := _inline_bullet_cuts(raw):
            lines.extend(Line(pos + a, pos + b, raw[a:b]) for a, b in zip(bullets, bullets[1:]))
        else:
            lines.extend(_split_run_in_numbers(raw, pos))
        pos = end + 1
    return lines


# a clause number run on after a sentence: "… under the Code. 2.4    The Clerk will …"
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


_INLINE_BULLET = re.compile(r"[ \t]+(?=[•●▪][ \t]+\S)")


def _inline_bullet_cuts(raw: str) -> list[int]:
    """Where a lead-in and its bulleted items run onto one line ("You may use this card to: • thank us • tell us
    …"), as a converted page prints them, are cut into lines: two bullets or more, the first right after a colon
    (the line's start, each bullet, its end); [] for any other line."""
    found = list(_INLINE_BULLET.finditer(raw))
    if len(found) < 2 or not raw[:found[0].start()].rstrip().endswith(":"):
        return []
    return [0] + [m.end() for m in found] + [len(raw)]


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
    # running headers and footers: a non-marker line repeated, near a page number or with '|'; never a lead-in, which
    # may open one list after another ("This includes:")
    for i, ln in enumerate(lines):
        if ln.kind != "content" or counts[_norm_key(ln.text)] < 2 or parse_marker(ln.text)[0] != "none" \
                or ln.text.rstrip().endswith(":"):
            continue
        near_page = any(abs(i - j) <= 3 for j in page_idx)
        if near_page or " | " in ln.text or counts[_norm_key(ln.text)] >= 3:
            ln.kind = "furniture"
    _mark_furniture_blocks(lines, rules)
    _mark_address_blocks(lines)
    _mark_toc(lines, rules)


_ADDRESS_LINES = 6  # an address block's most lines: name, department, street, town, county, postcode


def _mark_address_blocks(lines: list[Line]) -> None:
    """A postal address in the body, set out one part to a line ("Ashcombe District Council" / "Democratic
    Services" / "1 High Street" / "AB1 2CD"), marked as clutter: the short lines, none a sentence, that end in a
    postcode line with no blank line between, after a sentence ("… by writing to this address:")."""
    for i, ln in enumerate(lines):
        if ln.kind != "content" or not POSTCODE.search(ln.text) or len(ln.text.split()) > 8 \
                or _SENTENCE_END.search(ln.text):
            continue
        block = [ln]
        for prev in reversed(lines[max(0, i - _ADDRESS_LINES + 1):i]):
            if prev.kind != "content" or len(prev.text.split()) > 6 or _SENTENCE_END.search(prev.text) \
                    or parse_marker(prev.text)[0] != "none":
                break
            block.append(prev)
        before = next((x for x in reversed(lines[:i + 1 - len(block)]) if x.kind != "blank"), None)
        if len(block) >= 3 and before is not None and before.kind == "content" and _SENTENCE_END.search(before.text):
            for part in block:  # (an address in a letterhead, before any sentence, stays for the metadata)
                part.kind = "clutter"


def _is_link_line(text: str) -> bool:
    """A line that could be a link's title: short, and not a sentence."""
    body = strip_marker(text)
    return 0 < len(body.split()) <= 10 and not _SENTENCE_END.search(body)


def _is_contact_line(text: str, rules: SegmentRules) -> bool:
    """An address, telephone, e-mail or web line (of a page's footer, say)."""
    return is_front_matter_line(text, rules) or (len(text.split()) <= 20 and bool(
        EMAIL.search(text) or PHONE.match(text) or POSTCODE.search(text)))


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
        # a sentence pointing to links ("… you could look at these websites:") stays; its links do not
        pointer = ln.kind == "content" and rules.link_lead_in.search(ln.text) is not None
        if ln.kind == "content" and (pointer or rules.furniture_block.match(ln.text)):
            if not pointer:
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


def line_marker(ln: Line) -> tuple[str, str, int]:
    """The marker a line starts with, including one its context shows (a clause number with one space)."""
    return ln.marker or parse_marker(ln.text)


# a clause number followed by one space: a marker only when the numbers count up line after line
_SPACED_NUMBER = re.compile(r"^(\d{1,2}) (?=[\"“(A-Z])")
_SPACED_LETTER = re.compile(r"^([a-z])\s+(?=[\"“(A-Z])")
_NUMBER_START = re.compile(r"^(?:[-•*–·]\s*)?\d")  # a line that may start with a clause number


def _spaced_letter_lines(lines: list[Line]) -> dict[int, int]:
    """Lines starting with an item letter and spaces only ("a Motions shall …", "c   Meetings shall …").

    A letter is a marker only where such letters count up (at most one skipped) at the starts of at
    least three lines; "a Member may …" alone stays a sentence broken across lines.
    """
    found = [(i, ord(m.group(1)), m.end()) for i, ln in enumerate(lines) if ln.kind == "content"
             and (m := _SPACED_LETTER.match(ln.text)) and parse_marker(ln.text)[0] == "none"]
    accepted: dict[int, int] = {}
    chain: list[tuple[int, int, int]] = []
    for cand in found + [(-1, -9, 0)]:
        if chain and 1 <= cand[1] - chain[-1][1] <= 2:
            chain.append(cand)
            continue
        if len(chain) >= 3:
            accepted.update((i, length) for i, _, length in chain)
        chain = [cand]
    return accepted


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
    accepted.update(_spaced_letter_lines(lines))
    out: list[Line] = []
    for i, ln in enumerate(lines):
        if i not in accepted and (ln.kind != "content" or not _NUMBER_START.match(ln.text)):
            out.append(ln)
            continue
        if i in accepted and ln.text[0].isalpha():
            ln.marker = ("letter", ln.text[0], accepted[i])
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
