"""The segmentation rule file (furniture, front matter, headings), validated once when loaded.

:func:`packaged_rules` returns the rules of ``data/segmentation.v1.yaml``, read and checked the first
time they are needed; :func:`load_segment_rules` reads any other file of the same layout afresh (no
cache keyed by its path, so an edited file is never served stale). ``segment.segment_text`` takes a
:class:`SegmentRules` and passes it to every step that needs words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..config import PACKAGE_DATA, read_rule_file
from ..errors import Errors, RuleFileError
from .literals import compile_rule, kept_for

PACKAGED_SEGMENT_RULES = PACKAGE_DATA / "segmentation.v1.yaml"
PATTERN_LISTS = ("furniture_lines", "furniture_blocks", "furniture_tail", "toc_heads", "front_matter_labels",
                 "adoption_verbs", "chapter_words", "title_words", "modals", "heading_cues", "condition_openers",
                 "question_openers", "contact_lead_ins", "link_lead_ins", "count_values")
WORD_LISTS = ("sentence_openers", "connectors", "not_infinitive_after_to", "name_like_modals")
KEYS = {"version", "cookie_notice", *PATTERN_LISTS, *WORD_LISTS}
# the fields of SegmentRules each key of the file is compiled into
KEY_FIELDS = {
    "version": ("version",), "furniture_lines": ("furniture",), "furniture_blocks": ("furniture_block",),
    "furniture_tail": ("furniture_tail",), "cookie_notice": ("cookie_notice",), "toc_heads": ("toc_head",),
    "front_matter_labels": ("front_matter",), "adoption_verbs": ("adoption",), "chapter_words": ("chapter",),
    "title_words": ("title_word",), "modals": ("modal", "modal_verb"), "heading_cues": ("heading_cue",),
    "sentence_openers": ("sentence_openers",), "connectors": ("connectors",),
    "condition_openers": ("condition_opening",), "not_infinitive_after_to": ("infinitive_line",),
    "question_openers": ("question_heading", "question_opening"), "contact_lead_ins": ("contact_lead_in",),
    "link_lead_ins": ("link_lead_in",),
    "count_values": ("count_value",), "name_like_modals": ("name_like_modals",),
}


@dataclass(frozen=True)
class SegmentRules:
    """Compiled segmentation rules; every pattern is case-insensitive."""
    version: str
    furniture: re.Pattern         # a whole line of web-page furniture
    furniture_block: re.Pattern   # a whole line that opens a block of links
    furniture_tail: re.Pattern    # a whole line that opens the page's closing furniture
    cookie_notice: re.Pattern     # searched in a line
    toc_head: re.Pattern          # a whole line heading a table of contents
    front_matter: re.Pattern      # the start of a front-matter line ("Adopted …", "Cyngor / Adopted …")
    adoption: re.Pattern          # searched in a short line: a verb of adoption, later a year
    chapter: re.Pattern           # the start of a "Chapter 11" / "Part 5" line
    title_word: re.Pattern        # searched: a word that makes a line a title
    modal: re.Pattern             # searched: a modal verb, in any case
    modal_verb: re.Pattern        # searched: a modal verb in lower case (not the month in "12 May 2023")
    heading_cue: re.Pattern       # a whole heading that a page may run into its paragraph
    condition_opening: re.Pattern  # the start of a line that opens a condition ("If the Clerk is absent")
    infinitive_line: re.Pattern   # a line that is a duty in the infinitive ("To appoint …", not "To the Clerk")
    question_heading: re.Pattern  # a whole line that is a short question ("Who can complain?")
    count_value: re.Pattern  # a line that opens with a count of members ("Six members", "Seven (7) elected members")
    question_opening: re.Pattern  # the start of a line that opens as a question does ("Who we are", "What … is doing")
    contact_lead_in: re.Pattern   # the end of a lead-in that introduces an address ("Please write to:")
    link_lead_in: re.Pattern      # the end of a sentence that points to links ("… visit these sites:")
    sentence_openers: frozenset[str]
    connectors: frozenset[str]
    name_like_modals: frozenset[str]  # case-sensitive: "May" at a line's end is a month or a name


def _fail(path: Path, problem: str):
    raise RuleFileError(Errors.PA030.format(path=path, problem=problem))


def _compile(path: Path, key: str, pattern: str, flags: int = re.I) -> re.Pattern:
    try:  # (compiled when first used where a build kept it: literals.compile_rule)
        return compile_rule(pattern, flags, keep=True)
    except re.error as exc:
        _fail(path, f"{key}: pattern {pattern!r} does not compile: {exc}")


def _alternatives(path: Path, data: dict, key: str) -> str:
    items = data[key]
    if not isinstance(items, list) or not items:
        _fail(path, f"{key}: expected a non-empty list of patterns")
    for n, item in enumerate(items, start=1):
        if not isinstance(item, str) or not item.strip():
            _fail(path, f"{key}[{n}]: expected a non-empty string, got {item!r}")
        _compile(path, f"{key}[{n}]", item)
    return "|".join(f"(?:{item})" for item in items)


def _words(path: Path, data: dict, key: str, keep_case: bool = False) -> frozenset[str]:
    items = data[key]
    if not isinstance(items, list) or not items or not all(isinstance(w, str) and w.strip() for w in items):
        _fail(path, f"{key}: expected a non-empty list of words")
    return frozenset(w.strip() if keep_case else w.strip().lower() for w in items)


def load_segment_rules(path: str | Path | None = None) -> SegmentRules:
    """Read and check a segmentation rule file (the packaged one without ``path``)."""
    path = Path(path) if path else PACKAGED_SEGMENT_RULES
    with kept_for(path):  # (its patterns, compiled when first used by a build's next processes)
        return _read(path)


def _read(path: Path) -> SegmentRules:
    data = read_rule_file(path)
    if not isinstance(data, dict):
        _fail(path, "expected a mapping at the top")
    unknown, missing = set(data) - KEYS, KEYS - set(data)
    if unknown:
        _fail(path, f"unknown keys {sorted(unknown)}")
    if missing:
        _fail(path, f"missing keys {sorted(missing)}")
    alt = {key: _alternatives(path, data, key) for key in PATTERN_LISTS}
    cookie = data["cookie_notice"]
    if not isinstance(cookie, str) or not cookie.strip():
        _fail(path, "cookie_notice: expected a pattern")

    def whole(key: str) -> re.Pattern:
        return _compile(path, key, rf"^(?:{alt[key]})$")

    return SegmentRules(
        version=f"segmentation.v{data['version']}",
        furniture=whole("furniture_lines"),
        furniture_block=whole("furniture_blocks"),
        furniture_tail=whole("furniture_tail"),
        cookie_notice=_compile(path, "cookie_notice", cookie),
        toc_head=whole("toc_heads"),
        front_matter=_compile(path, "front_matter_labels",
                              rf"^(?:[\w'’ ]{{0,25}}/\s*)?(?:{alt['front_matter_labels']})\b"),
        adoption=_compile(path, "adoption_verbs", rf"\b(?:{alt['adoption_verbs']})\b.*\b(?:19|20)\d\d\b"),
        # "Chapter 11", "Part 5 - Codes", not "Section 4 of the protocol says …"
        chapter=_compile(path, "chapter_words", rf"^(?:{alt['chapter_words']})\s+[\dIVXivx]+\b(?!\s+(?-i:[a-z]))"),
        title_word=_compile(path, "title_words", rf"\b(?:{alt['title_words']})\b"),
        modal=_compile(path, "modals", rf"\b(?:{alt['modals']})\b"),
        modal_verb=_compile(path, "modals", rf"\b(?:{alt['modals']})\b", flags=0),
        heading_cue=whole("heading_cues"),
        condition_opening=_compile(path, "condition_openers", rf"^(?:{alt['condition_openers']})\b"),
        # (a question-and-answer page marks its questions "Q:")
        question_heading=_compile(path, "question_openers",
                                  rf"^(?:q\s*[:.)]\s*)?(?:{alt['question_openers']})\b(?:\W+\w+){{0,9}}\W*\?$"),
        question_opening=_compile(path, "question_openers", rf"^(?:{alt['question_openers']})\b"),
        contact_lead_in=_compile(path, "contact_lead_ins", rf"(?:{alt['contact_lead_ins']})\s*[:–—-]*\s*$"),
        link_lead_in=_compile(path, "link_lead_ins", rf"\b(?:{alt['link_lead_ins']})\s*:\s*$"),
        count_value=_compile(path, "count_values", rf"^(?:{alt['count_values']})\b"),
        sentence_openers=_words(path, data, "sentence_openers"),
        connectors=_words(path, data, "connectors"),
        name_like_modals=_words(path, data, "name_like_modals", keep_case=True),
        infinitive_line=_compile(path, "not_infinitive_after_to", r"^To (?!(?:{})\b)[a-z]{{2,}}\b".format(
            "|".join(sorted(map(re.escape, _words(path, data, "not_infinitive_after_to"))))), flags=0),
    )


_PACKAGED: SegmentRules | None = None


def packaged_rules() -> SegmentRules:
    """The packaged rules, loaded and checked once per process."""
    global _PACKAGED
    if _PACKAGED is None:
        _PACKAGED = load_segment_rules()
    return _PACKAGED
