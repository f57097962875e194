"""Pass 4 of segmentation: paragraphs walked with a small state machine (section, open lists) that assigns
clause ids, parents and lead-ins."""
from __future__ import annotations

from ..rules.segmentation import SegmentRules
from ..text import last_sentence
from .clauses import Clause, ClauseLog, _ListLevel
from .cues import (
    _ITEM_END,
    _OPENING_QUOTES,
    _SENTENCE_END,
    _STARTS_UPPER,
    _TERMINAL,
    COLON_DASH,
    _looks_heading_text,
    ends_lead_in,
    ends_verb_lead_in,
    is_front_matter_line,
    is_history_stamp,
    is_verb_item,
)
from .markers import _BULLET_CLASS, _ITEM_KINDS, _next_letter, _section_number, _successor
from .paragraphs import (
    Paragraph,
    _ends_in_connector,
    _is_contact_block,
    _is_contact_footer,
    bare_item_line,
    open_lead_in,
)

_LABEL_WORDS = 4  # "Roles and Responsibilities:", a label heading
_SHORT_ITEM_WORDS = 8  # "Insurance renewals", "The Finance Committee": a list item printed as a line of its own
_LIST_MARKERS = ("bullet", *_ITEM_KINDS)  # the items a lead-in without its colon opens (numbers count as clauses)
_PROSE_WORDS = 8  # a paragraph of at least so many words ending its sentence is prose, not a heading or an item


def _is_prose(p: Paragraph) -> bool:
    """A paragraph of sentences, not a short line or a lead-in: what a heading stands over."""
    return p.marker_kind == "none" and p.n_words >= _PROSE_WORDS and bool(_STARTS_UPPER.match(p.text)) \
        and p.text.rstrip().endswith((".", "!", "?")) and not ends_lead_in(p.text)


class Walker(ClauseLog):
    """The state machine of pass 4: sections, numbered clauses, lists, paragraphs."""

    def __init__(self, flattened: bool, rules: SegmentRules):
        self.flattened = flattened
        self.rules = rules
        super().__init__()
        self.headings: list[str] = []
        self.meta: list[str] = []
        self.section_ordinal = 0
        self.section_paras = 0
        self.section_top = 0
        self.doc_paras = 0
        self.last_top: Clause | None = None  # the last clause that is not a list item
        self.last_top_number: int | None = None
        self.stack: list[_ListLevel] = []
        self.top_bullet: tuple[str, str] | None = None  # (clause id, bullet kind) of a bullet at the top level
        self.field_labels: set[int] = set()  # ids of the paragraphs that name a field ("Membership:"): headings
        self.field_values: set[int] = set()  # and of their values ("Six members"): clauses

    def _prefix(self) -> str:
        if self.flattened:
            return str(max(self.section_ordinal, 1))
        return self.section_number or ""

    def feed(self, p: Paragraph, nxt: Paragraph | None) -> None:
        if not p.text:
            if p.marker_kind in ("number", "dotted") and nxt is not None and nxt.marker_kind in _ITEM_KINDS:
                self._start_section(p)  # "3" over "(a) …", "(b) …": clauses 3.a, 3.b
            return
        short = self._short_item_level(p, nxt)  # (an item of a run of short lines: neither a heading nor a clause)
        if short is None and self._is_heading(p, nxt):
            self._start_section(p)
            return
        kind = p.marker_kind
        if kind == "number" and self._follows_section_number(p):
            self._close_section()  # "1. Purpose" / a paragraph / "2. Members should:-": clause 2, not 1.2
        if kind == "dotted":
            self._dotted(p)
        elif kind == "none":
            self._plain(p, short)
        else:
            self._marked(p)

    def _is_heading(self, p: Paragraph, nxt: Paragraph | None) -> bool:
        if id(p) in self.field_labels or id(p) in self.field_values:
            return id(p) in self.field_labels  # "Quorum:" over "Four members" (:func:`paragraphs.field_labels`)
        if p.marker_kind in ("bullet", "letter", "roman") or len(p.lines) > 2:
            return False
        if p.marker_kind in ("none", "number", "dotted") and nxt is not None and nxt.marker_kind == "none" \
                and self._label_over_prose(p, nxt):
            return True  # "PURPOSE:", "Roles and Responsibilities:" or "3. Public comment:" over a paragraph of sentences
        if not _looks_heading_text(p.text) and not self.rules.question_heading.match(p.text):
            return False
        if p.marker_kind == "none" and self.rules.count_value.match(p.text):
            return False  # "Six members" under the body's name: the value of its membership, a clause
        if COLON_DASH.search(p.text) and ends_verb_lead_in(p.text, self.rules):
            return False  # "4. At the hearing the Chair shall:-" over its items: a lead-in ("Posts affected:-" a label)
        if self.stack and p.marker_kind == "number" and self._continues_list(p):
            return False
        if p.marker_kind == "number" and p.marker == "1" and self.last is not None and self._last_ends(":"):
            return False  # "These will include:" over "1. The website", "2. Newsletters": a list, not sections
        if p.marker_kind == "dotted":
            number = _section_number("dotted", p.marker)
            if number != p.marker:  # "9.0 Political Groups"
                return True
            if self.rules.heading_cue.match(p.text) and nxt is not None and nxt.marker_kind == "none":
                return True  # "1.2 Definitions" over unnumbered paragraphs
            if nxt is not None and nxt.marker_kind == "none" and len(p.text.split()) <= 6 \
                    and not self.rules.modal_verb.search(p.text) and not self.rules.condition_opening.match(p.text) \
                    and _STARTS_UPPER.match(nxt.text) \
                    and nxt.n_words >= 8 and nxt.text.rstrip().endswith(_TERMINAL):
                return True  # "16.1. Process" over paragraphs that are sentences of their own
            return nxt is not None and nxt.marker_kind == "dotted" and nxt.marker.startswith(p.marker + ".")
        if p.marker_kind == "none":
            if nxt is None or ends_lead_in(p.text):
                return False  # a lead-in ("… the newsletter will –") is a clause
            if nxt.marker_kind in _LIST_MARKERS and self._own_lines(p) and open_lead_in(p.text, self.rules):
                return False  # a lead-in without its colon ("You can report worries about" over "• theft")
            if self.last is not None and self._last_ends(":") and not p.blank_before:
                return False
            if self.last is not None and self.rules.infinitive_line.match(p.text) and (
                    self._last_ends(":") or self.rules.infinitive_line.match(self.last.text)):
                return False  # "To hear appeals" under "… are:" or after "To appoint staff": an item
            return True
        return True

    def _own_lines(self, p: Paragraph) -> bool:
        """One line, or a sentence wrapped onto a second in lower case after a text that ended its own ("Members of
        staff may report / worries about"); not a table cell's fragments joined over lines after others that end no
        sentence ("(two of whom" / "Panel places shall go to a / nominee of each")."""
        if len(p.lines) == 1:
            return True
        return len(p.lines) == 2 and p.lines[1].text[:1].islower() and (
            self.last is None or self.after_heading or bool(_SENTENCE_END.search(self._tail(self.last).rstrip())))

    def _label_over_prose(self, p: Paragraph, nxt: Paragraph) -> bool:
        """A short label ending in a colon, its words capitalised and none of them a sentence's opening word or a
        modal ("Roles and Responsibilities:", not "All councillors will:" or "This document:"), above a
        paragraph that is a sentence of its own, not a list's item."""
        label = p.text.rstrip(" :-–—")
        words = label.split()
        if not (p.text.rstrip().endswith(":") and 0 < len(words) <= _LABEL_WORDS) or len(p.lines) > 1:
            return False
        if words[0].lower() in self.rules.sentence_openers or self.rules.modal.search(label):
            return False
        capitalised = label.isupper() or all(w[:1].isupper() or w[:1].isdigit() or w.lower() in self.rules.connectors
                                             for w in words)
        numbered = p.marker_kind in ("number", "dotted") and words[0][:1].isupper()  # "3. Public comment:"
        return (capitalised or numbered) and _is_prose(nxt)

    def _unmarked_item(self, last: Clause, p: Paragraph, short: _ListLevel | None = None) -> bool:
        """An item of a list printed without markers: under a lead-in ("… has authority to:"), each item on
        a paragraph of its own ending in ";", "," or "and"/"or" ("appoint staff;") or starting "To <verb>", and
        the last one after such an item ("set salaries."). Adds the item and returns True."""
        top = self.stack[-1] if self.stack else None
        duties = self.rules.infinitive_line.match(p.text) is not None  # "To appoint staff": one per paragraph
        verb_item = len(p.lines) == 1 and is_verb_item(p.text, self.rules)
        if top is not None and top.kind == "unmarked" and last is top.last_item and (
                _ITEM_END.search(self._tail(last)) or duties and self.rules.infinitive_line.match(last.text)
                or top.verbs and verb_item):
            level = top
        elif not self.stack and ends_lead_in(self._tail(last)) and (_ITEM_END.search(p.text) or duties):
            level = _ListLevel("unmarked", last)
            self.stack = [level]
        elif not self.stack and ends_verb_lead_in(self._tail(last), self.rules) and verb_item:
            level = _ListLevel("unmarked", last, verbs=True)  # "… have the duty to:" / "Attend meetings."
            self.stack = [level]
        elif short is not None:  # (:meth:`_short_item_level`)
            level = short
            if not self.stack:
                self.stack = [level]
                level.spaced = None if p.blank_before else False  # (right under its lead-in: a run without gaps)
            elif level.spaced is None:
                level.spaced = p.blank_before
        else:
            return False
        level.count += 1
        parent = level.parent
        level.last_item = self._new(f"{parent.clause_id}.{level.count}", p, "", parent, level=parent.level + 1)
        return True

    def _short_item_level(self, p: Paragraph, nxt: Paragraph | None) -> _ListLevel | None:
        """The list whose item ``p`` is, where a page lost the bullets of a run of short lines: the run opens under
        a lead-in ending in a colon ("The Clerk looks after:" / "Office accounts" / "Insurance renewals") and goes
        on, as spaced as it began, until a line ends its sentence or a short line heads prose. Under a lead-in that
        asks for a letter or a contact the lines are an address. None where ``p`` is no such item."""
        last = self.last
        if last is None or self.after_heading or not (self._short_line(p) or self._bare_line(p)):
            return None
        top = self.stack[-1] if self.stack else None
        if top is None:
            # (a plain colon: pages whose lead-ins end ":-" put it over headings and titles too)
            if self._tail(last).rstrip().endswith(":") and nxt is not None \
                    and (self._short_line(nxt) or self._bare_line(nxt)) \
                    and not self.rules.contact_lead_in.search(last_sentence(self._tail(last))):
                return _ListLevel("unmarked", last)
            return None
        if top.kind != "unmarked" or last is not top.last_item or self._tail(last).endswith(_TERMINAL):
            return None
        if nxt is not None and not nxt.blank_before and _is_prose(nxt):
            return None  # "Keeping records" over the paragraph it heads
        if not p.blank_before:
            return top if top.spaced is not True else None
        return top if top.spaced is not False and (nxt is None or self._short_line(nxt) or self._bare_line(nxt)) \
            else None

    def _short_line(self, p: Paragraph) -> bool:
        """One short unmarked line worded as a heading is ("Insurance renewals"; not "Meetings start at seven.")."""
        return (p.marker_kind == "none" and len(p.lines) == 1 and 0 < p.n_words <= _SHORT_ITEM_WORDS
                and not ends_lead_in(p.text) and _looks_heading_text(p.text)
                and not is_front_matter_line(p.text, self.rules))

    def _bare_line(self, p: Paragraph) -> bool:
        """One short unmarked line in lower case that neither ends a sentence nor runs on ("two from the eastern
        borough"): an item whose bullet the page lost, when a run of them follows a lead-in."""
        return (p.marker_kind == "none" and len(p.lines) == 1 and p.text[:1].islower()
                and bare_item_line(p.text, self.rules) and not is_front_matter_line(p.text, self.rules))

    def _closes_list(self, last: Clause, p: Paragraph) -> bool:
        """``p`` follows the last item of a list whose items are numbered as clauses ("1.4" under
        "1. … as follows:"): the item ends its sentence and ``p`` starts a new one."""
        parent = self.by_id.get(last.parent_id) if last.parent_id else None
        return (last.marker_kind == "dotted" and parent is not None and ends_lead_in(self._tail(parent))
                and self._tail(last).endswith((".", "!", "?")) and bool(_STARTS_UPPER.match(p.text)))

    def _continues_list(self, p: Paragraph) -> bool:
        for level in self.stack:
            if level.kind == p.marker_kind and level.last_value.isdigit() and p.marker.isdigit():
                return int(p.marker) == int(level.last_value) + 1 or self.flattened
        return False

    def _follows_section_number(self, p: Paragraph) -> bool:
        """A numbered clause that is not a heading, numbered next after the open section's heading, in a section
        that has no numbered clause of its own: the page's numbering goes on at the top level."""
        number = self.section_number
        return (not self.flattened and number is not None and number.isdigit() and p.marker.isdigit()
                and int(p.marker) == int(number) + 1 and self.section_top == 0 and not self.stack
                and p.marker not in self.by_id)  # (a clause numbered so already: a list's items, not the page's)

    def _close_section(self) -> None:
        """End the open section without a heading of its own: what follows is the page's top level."""
        self.settle()
        self.section_number = None
        self.section_title = None
        self.last_top = None
        self.last = None

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
        top = self.last_top
        if top is not None and top.marker_kind == "dotted" and p.marker.isdigit():
            head = top.number.split(".")[0]
            if head.isdigit() and int(p.marker) == int(head) + 1:
                return True  # "2." after "1.1", "1.2": the next top-level clause, not an item of 1.2
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
        item = self._new(cid, p, p.marker, level.parent, level=level.parent.level + 1)
        if kind in ("letter", "roman"):
            item.marker_kind = kind
        level.last_item = item

    def _next_top_sibling(self, p: Paragraph, kind: str) -> str | None:
        """The marker kind of ``p`` when it is the next in sequence after a top-level clause printed
        with the same kind of marker, else None."""
        top = self.last_top
        if top is not None and top is self.last and self.top_bullet == (top.clause_id, kind) \
                and not ends_lead_in(self._tail(top)):
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

    def _plain(self, p: Paragraph, short: _ListLevel | None = None) -> None:
        if (self.rules.front_matter.match(p.text) and p.n_words <= 20 and not (
                p.text.endswith(".") and self.rules.modal_verb.search(p.text))) or is_history_stamp(p.text, self.rules):
            self.meta.append(p.text)
            return
        if _is_contact_block(p, self.rules) or _is_contact_footer(p, self.rules):
            self.meta.extend(ln.text for ln in p.lines)  # an address or contact block, e.g. in a web page's footer
            return
        last = self.last
        if last is not None and not self.after_heading and not self.stack and ends_lead_in(self._tail(last)) \
                and p.text[:1] in _OPENING_QUOTES:
            self._append(last, p)  # the quotation a lead-in introduces: "… is defined as:" / "“…”"
            return
        if last is not None and not self.after_heading and self._unmarked_item(last, p, short):
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
            elif last.marker_kind not in ("none", "bullet") and not (ends_lead_in(p.text) and (
                    last.marker_kind != "dotted" or not self._tail(last).endswith(_TERMINAL))):
                # a numbered clause's further paragraph (ANNOTATION.md section 1); but after an item of a list
                # ("b) …", "2. …") or a numbered heading ("4.2 Annual Meeting") a lead-in opens a list of its own
                self._append(last, p)
                return
            elif not self._last_ends((".", ";", ":", "!", "?")) and (p.text[:1].islower() or p.after_break):
                self._append(last, p)  # a sentence carried over a line or a page break
                return
        self.stack = []
        clause = self._paragraph_clause(p)
        self.last_top = clause
