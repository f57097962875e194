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

from ..rules.segmentation import SegmentRules, packaged_rules
from .clauses import SegmentedText
from .cues import EMAIL, _is_stamp, _looks_heading_text, is_front_matter_line
from .lines import _PAGE_NUMBER, classify_lines, mark_spaced_numbers, split_lines
from .paragraphs import _flattened_numbering, field_labels, find_body_start, group_paragraphs, split_run_in_headings
from .walker import Walker


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
    fields = field_labels(paragraphs, rules)  # ("Membership:" / "Six members": read once, for both uses)
    start = find_body_start(paragraphs, rules, fields)
    front = [ln.text for p in paragraphs[:start] for ln in p.lines]
    body = paragraphs[start:]
    headers = [ln.text for ln in lines if ln.kind == "furniture" and not _PAGE_NUMBER.match(ln.text)]
    title = guess_title(front, rules, headers)
    walker = Walker(_flattened_numbering(body), rules)
    walker.field_labels = {id(paragraphs[i]) for i in fields if i >= start}
    walker.field_values = {id(paragraphs[i + 1]) for i in fields if i >= start}
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
                and not _is_stamp(t, rules) and len(t.split()) <= 16 and not EMAIL.search(t)]

    candidates = titles(front) or titles(headers or [])
    if candidates:
        title = candidates[-1]
        return rules.chapter.sub("", title).strip(" :-–") or title
    headings = [t for t in front if _looks_heading_text(t) and not is_front_matter_line(t, rules)
                and not re.search(r"\bcouncil\b", t, re.I)]
    return headings[0] if headings else ""
