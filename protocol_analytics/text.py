"""Small text helpers for what the package prints and renders."""
from __future__ import annotations

import json
import re
import textwrap

SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")  # between two sentences


def last_sentence(text: str) -> str:
    """The last sentence of a text: what a list after it goes on from.

    >>> last_sentence("Complaints are made in writing. Please send yours to:")
    'Please send yours to:'
    """
    return SENTENCE_BREAK.split(text.strip())[-1]


def shorten(text: str, width: int = 240, placeholder: str = " …") -> str:
    """``text`` cut at a word boundary to at most ``width`` characters, with an ellipsis when cut.

    >>> shorten("The Clerk will acknowledge the complaint in writing.", 30)
    'The Clerk will acknowledge …'
    >>> shorten("Short enough.", 30)
    'Short enough.'
    """
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    return textwrap.shorten(text, width, placeholder=placeholder) if " " in text[:width] else text[:width - 1] + "…"


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 topic', '2 topics', '0 documents'.

    >>> plural(1, "topic"), plural(3, "topic"), plural(2, "family", "families")
    ('1 topic', '3 topics', '2 families')
    """
    return f"{n} {word if n == 1 else (words or word + 's')}"


def slugify(name: str) -> str:
    """A name as a file name.

    >>> slugify("Seaton Town Council")
    'seaton-town-council'
    """
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "council"


def as_set(value) -> set[str]:
    """A label column's value (list, array, JSON list, "a;b" or "a, b" string, None or NaN) as a set of labels."""
    if value is None or (isinstance(value, float) and value != value) or type(value).__name__ in ("NAType", "NaTType"):
        return set()
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (list, tuple, set)):
        return {str(v).strip() for v in value if str(v).strip()}
    s = str(value).strip()
    if not s:
        return set()
    if s.startswith("["):
        try:
            return {str(v).strip() for v in json.loads(s) if str(v).strip()}
        except json.JSONDecodeError:
            pass
    return {v.strip() for v in re.split(r"[;|,]", s) if v.strip()}
