"""Clause markers ("2.3", "(a)", "iv.", bullets): parsed from a line's start, and the order they count in."""
from __future__ import annotations

import re

from ..ingest.numbering import to_roman

# ------------------------------------------------------------------------ markers

_ROMAN_ORDER = [to_roman(n) for n in range(1, 16)]  # the roman item markers read: i to xv
_ROMAN = frozenset(_ROMAN_ORDER)
_MARKERS = [
    # also run into its first word by a converter ("2.2An officer should …")
    ("dotted", re.compile(r"^(?:[-•*–·]\s*)?(\d{1,3}(?:\.\d{1,3})+)\.?(?=\s|$|[A-Z][a-z])\s*")),
    # an appendix's clause numbers carry its letter ("A-2.1 To act as …")
    ("dotted", re.compile(r"^([A-Z]{1,2}-\d{1,3}(?:\.\d{1,3})+)\.?(?=\s|$)\s*")),
    # list numbers of any size, also run into their first word ("6.Where a statute …")
    ("number", re.compile(r"^(?:[-•*–·]\s*)?(\d+)[.)](?=\s|$|[A-Z][a-z])\s*")),
    ("number", re.compile(r"^(\d{1,3})\s{2,}(?=\S)")),
    ("paren_number", re.compile(r"^\((\d+)\)\s*")),
    ("roman", re.compile(r"^\(((?:x{0,1}(?:ix|iv|v?i{0,3})))\)\s*(?=\S)")),
    ("roman", re.compile(r"^((?:x{0,1}(?:ix|iv|v?i{0,3})))[.)](?:\s+(?=\S)|(?=[A-Z][a-z])|\s*$)")),
    ("letter", re.compile(r"^\(([a-z])\)\s*")),
    # also "a)To receive …", "c.to keep …", and "a)" alone on its line over its text (a converted PDF)
    ("letter", re.compile(r"^([a-z])[.)](?:\s+(?=\S)|(?=[A-Z][a-z]|(?!mail\b)[a-z]{2,}\b(?!\.))|\s*$)")),
    ("upper_letter", re.compile(r"^\(([A-Z])\)\s*")),
    ("upper_letter", re.compile(r"^([A-Z])[.)]\s+(?=[A-Za-z])")),
    # a glyph alone on its line is a bullet whose text is on the lines after it (a converted PDF: "·" / "Take …")
    ("bullet", re.compile(r"^([-–—•●▪■◦*·‣⁃\uf0b7\uf0a7\uf0d8\uf076]|o(?=\s)|>(?=\s))(?:\s*(?=\S)|\s*$)")),
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
    >>> parse_marker("(3); Northtown Borough Council (5)")
    ('none', '', 0)
    """
    for kind, pattern in _MARKERS:
        m = pattern.match(text)
        if m and m.group(1) != "":
            if kind == "roman" and m.group(1) not in _ROMAN:
                continue
            if text[m.end():].lstrip()[:1] in (";", ","):
                return "none", "", 0  # "(3); Conwy (5); …": a count wrapped onto the line's start, no marker
            return kind, m.group(1), m.end()
    return "none", "", 0


def strip_marker(text: str) -> str:
    return text[parse_marker(text)[2]:].strip()


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


def _successor(value: str, kind: str) -> str:
    """The marker that follows ``value`` in a list of ``kind`` ("2" after "1", "b" after "a", "iv" after "iii")."""
    if value.isdigit():
        return str(int(value) + 1)
    if kind == "roman" and value in _ROMAN_ORDER[:-1]:
        return _ROMAN_ORDER[_ROMAN_ORDER.index(value) + 1]
    return _next_letter(value)


def _next_letter(value: str) -> str:
    return chr(ord(value) + 1) if len(value) == 1 else ""


_ITEM_KINDS = ("letter", "roman", "paren_number", "upper_letter")
