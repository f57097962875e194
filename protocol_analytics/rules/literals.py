"""Literal prefilters for regular expressions.

Python's ``re`` tries every pattern at every position of a text; most of the taxonomy's patterns can
only match where some fixed word is present. :func:`required_literals` reads a compiled pattern's parse
tree and returns a set of strings at least one of which every match must contain, so a plain substring
test (``in``, which is very fast) rules the pattern out for most clauses before the regex runs.
"""
from __future__ import annotations

import re

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}
_APOSTROPHES = "'’"


def typographic(pattern: str) -> str:
    """A rule file's pattern that also matches typographic apostrophes ("Clerk’s" as "Clerk's").

    >>> bool(re.fullmatch(typographic("the clerk's [\\w' ]+"), "the clerk’s own’s"))
    True
    """
    out, in_class, escaped = [], False, False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif ch == "[" and not in_class:
            in_class = True
            out.append(ch)
        elif ch == "]" and in_class:
            in_class = False
            out.append(ch)
        elif ch in _APOSTROPHES:
            out.append(_APOSTROPHES if in_class else f"[{_APOSTROPHES}]")
        else:
            out.append(ch)
    return "".join(out)


def fold(text: str) -> str:
    """The form texts and literals are compared in (case-insensitive patterns)."""
    return text.casefold()


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective set: the one whose shortest literal is longest (fewest literals on a tie)."""
    if not candidates:
        return None
    return max(candidates, key=lambda s: (min(map(len, s)), -len(s)))


def _sequence(items) -> frozenset[str] | None:
    """A literal set every match of this sequence contains, or None when none can be shown."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def close_run():
        if run:
            candidates.append(frozenset({fold("".join(run))}))
            run.clear()

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        close_run()
        if op is _c.SUBPATTERN:
            found = _sequence(av[-1])
        elif op is _c.BRANCH:
            branches = [_sequence(b) for b in av[1]]
            found = frozenset().union(*branches) if branches and all(b for b in branches) else None
        elif op in _REPEATS:
            low, _high, body = av
            found = _sequence(body) if low >= 1 else None
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            found = _sequence(av)
        else:  # anchors, lookarounds, classes, any-char, back-references: nothing required from them
            found = None
        if found:
            candidates.append(found)
    close_run()
    return _best(candidates)


def required_literals(pattern: re.Pattern | str, flags: int = 0) -> frozenset[str] | None:
    """Strings (casefolded) one of which occurs in every match of ``pattern``; None if none is known.

    >>> sorted(required_literals(r"(?:personnel|staffing) panel"))
    ['personnel', 'staffing']
    >>> required_literals(r"\\w+\\s\\d+") is None
    True
    """
    if isinstance(pattern, re.Pattern):
        pattern, flags = pattern.pattern, pattern.flags
    try:
        tree = _parser.parse(pattern, flags)
    except Exception:  # a construct this reader does not know: no prefilter, the pattern always runs
        return None
    found = _sequence(list(tree))
    if found is None or any(not s for s in found):
        return None
    return found


def may_match(literals: frozenset[str] | None, folded_text: str) -> bool:
    """False only when the pattern behind ``literals`` cannot match ``folded_text``."""
    return literals is None or any(s in folded_text for s in literals)
