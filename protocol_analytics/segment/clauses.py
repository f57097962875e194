"""Clauses, the segmented text, and the log the walker keeps of the clauses it has made."""
from __future__ import annotations

from dataclasses import dataclass, field

from .cues import COLON_DASH
from .paragraphs import Paragraph, _join_lines

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
    verbs: bool = False  # items that complete a verb lead-in ("… have the duty to:" / "Attend meetings.")
    spaced: bool | None = None  # items of a run of short lines: whether a blank line parts them


class ClauseLog:
    """The clauses made so far, by id, and the paragraphs still to be joined onto the last one continued:
    the book-keeping the walker (:class:`walker.Walker`) writes through."""

    def __init__(self):
        self.clauses: list[Clause] = []
        self.by_id: dict[str, Clause] = {}
        self.last: Clause | None = None  # the last clause of any kind
        self.after_heading = True
        self.section_number: str | None = None
        self.section_title: str | None = None
        self.repeats: dict[str, int] = {}  # the next free "~n" of a repeated clause id
        self.continued: list[str] = []  # paragraphs continuing a clause, joined onto it once (settle)
        self.continued_clause: Clause | None = None

    def _new(self, clause_id: str, p: Paragraph, number: str, parent: Clause | None, level: int) -> Clause:
        self.settle()
        clause_id = self._unique(clause_id)
        clause = Clause(
            clause_id=clause_id, parent_id=parent.clause_id if parent else None, number=number,
            marker_kind=p.marker_kind, section_number=self.section_number, section_title=self.section_title,
            text=p.text, char_start=p.start, char_end=p.end, level=level,
            lead_in=parent.text if parent else "",
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
        text = self.continued[-1] if pending else self.last.text
        return COLON_DASH.sub(":", text).endswith(suffixes)  # "… the following steps:-" ends in its colon
