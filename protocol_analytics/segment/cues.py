"""Tests of a line's text that need no context: contact details, sentence ends, heading-like text,
front-matter lines."""
from __future__ import annotations

import re

from ..rules.segmentation import SegmentRules, packaged_rules

# what contact details look like (front matter, address blocks, a page's footer)
PHONE = re.compile(r"^(?:tel(?:ephone)?|(?:free ?)?phone|mobile|mob|fax|t|m)\b\.?\s*:?\s*[\d+(]|^\+?[\d][\d ()\-]{7,}$", re.I)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WEB = re.compile(r"(?:https?://|www\.)[\w./-]+|\b[\w-]+(?:\.[\w-]+)*\.(?:gov\.uk|org\.uk|co\.uk|wales|uk|com|org)\b", re.I)
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")

# a line that ends a sentence ("… the Clerk.", "… as follows:", "… in writing.”")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
# a line that can start a sentence or a heading: a capital or a digit, perhaps after a quote or bracket
_STARTS_UPPER = re.compile(r"^[\"'“‘(\[]?[A-Z0-9]")


_TERMINAL = (".", ";", ":", ",", "!")
# a lead-in: "… are:", "… as follows: –", "… will:-", "… the Clerk will –" (a spaced en or em dash, not a hyphen)
# "… should:", "… as follows –", and "… role is to;" (a semicolon typed for the colon after "to")
_LEAD_IN_END = re.compile(r":\s*[-–—]*$|(?<=\w)\s+[–—]$|\bto\s*;$")


def ends_lead_in(text: str) -> bool:
    return _LEAD_IN_END.search(text) is not None


# a lead-in whose words want a verb next: "… have the duty to:", "Councillors should:", "The Clerk will:"
_VERB_LEAD_IN = re.compile(r"\b(?P<word>[A-Za-z]+)\s*:\s*[-–—]*$")


def ends_verb_lead_in(text: str, rules: SegmentRules) -> bool:
    """A lead-in whose items complete its verb ("Councillors have the duty to:" / "Attend meetings.")."""
    m = _VERB_LEAD_IN.search(text)
    return m is not None and (m.group("word").lower() == "to" or rules.modal.fullmatch(m.group("word")) is not None)


def is_verb_item(text: str, rules: SegmentRules) -> bool:
    """One short line that completes a verb lead-in: "Attend council meetings.", "To represent the ward;" (not
    a sentence with its own subject, "The Clerk will …", nor a heading)."""
    words = text.split()
    if not words or len(words) > 40 or re.search(r"[.!?]\s+[A-Z]", text):
        return False
    if rules.infinitive_line.match(text):
        return True
    first = words[0].strip("\"'“‘(").rstrip(",")  # "Ensure, with other members, that …"
    return first[:1].isupper() and first.isalpha() and first.lower() not in rules.sentence_openers \
        and rules.modal.fullmatch(first) is None and text.rstrip().endswith(_TERMINAL)


_ITEM_END = re.compile(r"(?:[;,]|\b(?:and|or))$")  # an item of a list that goes on: "…;", "…; and"
_ITEM_LINE_END = re.compile(r"(?:;|[;,]\s+(?:and|or))$")  # a line that ends an item: "…;", "…; and"
_OPENING_QUOTES = "\"“‘'«"


_CAPS_HEADING_WORDS = 24  # a heading in capitals may be long ("APPENDIX B – MODEL PROCEDURE … (EXTRACT FROM …)")


COLON_DASH = re.compile(r":\s*[-–—]+\s*$")  # a lead-in's colon with a dash after it ("… the Chair shall:-")


def _looks_heading_text(text: str) -> bool:
    if not text or not (text[0].isupper() or text[0].isdigit() or text[0] in "'\"‘“("):
        return False
    if _SENTENCE_END.search(text) and not text.endswith(_TERMINAL):
        return False  # a quoted sentence: "“… within ten working days.”"
    words = text.split()
    if text.isupper() and len(words) <= _CAPS_HEADING_WORDS and not text.endswith((".", ";", ",")):
        return True
    return len(words) <= 12 and not text.endswith(_TERMINAL) and not re.search(r"[.;!?]\s+\S", text)


def is_front_matter_line(text: str, rules: SegmentRules | None = None) -> bool:
    rules = rules or packaged_rules()
    return bool(rules.front_matter.match(text) or rules.chapter.match(text) or PHONE.match(text)
                or _is_stamp(text, rules)
                or (EMAIL.search(text) and len(text.split()) <= 8)
                or (WEB.search(text) and len(text.split()) <= 6)
                or (POSTCODE.search(text) and len(text.split()) <= 12))


def _is_stamp(text: str, rules: SegmentRules) -> bool:
    """A short front-matter line of adoption or review ("Adopted 3 May 2022", "This policy was approved
    by the Council on 9 June 2021"), which stands on a line of its own."""
    return len(text.split()) <= 16 and not rules.modal_verb.search(text) and not text.endswith(".") and bool(
        rules.front_matter.match(text) or rules.adoption.search(text))


_HISTORY_WORDS = 40  # a document's adoption and amendment history, however many dates it lists


def is_history_stamp(text: str, rules: SegmentRules) -> bool:
    """A paragraph that opens on a verb of adoption and records when ("Approved by the Authority on 1 May 2008
    and amended on 3 March 2012 and 9 June 2019."): the document's history, not a clause."""
    return len(text.split()) <= _HISTORY_WORDS and not rules.modal_verb.search(text) \
        and rules.adoption.match(text) is not None
