"""Narrower prefilters for the lexicon's cue and role patterns (which of them a sentence's text is worth trying).

:func:`protocol_analytics.rules.literals.required_literals` gives each pattern one set of strings, one of which
every match contains (the most selective it can show), and the rules try a pattern only on a text holding one
of them. Most patterns require several such sets at once: "(?:the )?(?:role|duty|…) of (?P<actor>…) (?:is|are|…)
to" needs one of "role", "duty" … and " of " and one of "is", "are" …; its prefilter was " of " alone, which
half of all sentences hold, and the regex (tried at every position of the sentence: the patterns open with a
look-behind) then found nothing in 99 % of them. :func:`required_sets` reads every set the same parse-tree reading
can show, and :func:`items_to_try` tries a pattern only on a text that holds one string of each: a necessary
condition for a match, so the rules see the same matches (``tests/test_prefilter.py``), for about a third of the
regex work.

A pattern that is tried is then tried only where a match can begin (:func:`matches_in`): the strings every match
begins with (:func:`start_literals`, from the same tree) are found in the text, and the pattern is matched at
those places, from the end of each match, as ``finditer`` searches.

Each pattern's parse tree is read when the pattern is first asked about (about 0.1 ms a pattern, once a process:
15-20 ms if all 151 cue and role patterns are).
"""
from __future__ import annotations

from collections.abc import Callable

from ..rules.literals import _REPEATS, _c, _parser, _sequence, fold, index_of

_TREES: dict[tuple[str, int], list | None] = {}  # (pattern, flags) -> its parse tree (None: not parsed)


def _tree(pattern, flags: int = 0) -> list | None:
    """The parse tree's top sequence of a pattern (compiled or its text), read once a process for
    :func:`required_sets` and :func:`start_literals` both (reading it is nearly all their cost)."""
    if not isinstance(pattern, str):
        pattern, flags = pattern.pattern, pattern.flags
    key = (pattern, flags)
    if key not in _TREES:
        if len(_TREES) > 4_000:
            _TREES.clear()
        try:
            _TREES[key] = list(_parser.parse(pattern, flags))
        except Exception:  # (a construct the reader does not know)
            _TREES[key] = None
    return _TREES[key]


def required_sets(pattern, flags: int = 0) -> tuple[frozenset[str], ...]:
    """Every set of (casefolded) strings one of which every match of ``pattern`` contains, as
    :func:`~protocol_analytics.rules.literals.required_literals` reads them (it keeps the most selective
    one), most selective first; () when none can be shown.

    >>> [sorted(s) for s in required_sets(r"(?<![\\w-])(?:duty|role) of (?P<actor>[\\w ]+?) (?:is|are) to")]
    [[' of '], ['duty', 'role'], [' to'], ['are', 'is'], [' ']]
    """
    tree = _tree(pattern, flags)
    if tree is None:  # (nothing required)
        return ()
    found: list[frozenset[str]] = []

    def walk(items) -> None:  # (literals.py's _sequence, keeping every candidate of the required parts)
        run: list[str] = []

        def close_run() -> None:
            if run:
                found.append(frozenset({fold("".join(run))}))
                run.clear()

        for op, av in items:
            if op is _c.LITERAL:
                run.append(chr(av))
                continue
            close_run()
            if op is _c.SUBPATTERN:
                walk(av[-1])
            elif op is _c.BRANCH:
                branches = [_sequence(b) for b in av[1]]
                if branches and all(b for b in branches):
                    found.append(frozenset().union(*branches))
            elif op in _REPEATS:
                if av[0] >= 1:
                    walk(av[2])
            elif op is getattr(_c, "ATOMIC_GROUP", None):
                walk(av)
            # anchors, look-arounds, classes, any-char, back-references: nothing required from them
        close_run()

    walk(tree)
    sets = [s for s in dict.fromkeys(found) if s and all(s)]
    return tuple(sorted(sets, key=lambda s: (-min(map(len, s)), len(s))))


_ZERO_WIDTH = frozenset({_c.AT, _c.ASSERT, _c.ASSERT_NOT})  # anchors and look-arounds: they consume nothing


class _MayBeEmpty(Exception):
    """A part whose match may start with anything (or with nothing)."""


def _starts(items: list, k: int = 0) -> set[str]:
    """Strings one of which every match of ``items[k:]`` (a parse tree's sequence) begins with."""
    while k < len(items) and items[k][0] in _ZERO_WIDTH:
        k += 1
    if k == len(items):
        raise _MayBeEmpty
    op, av = items[k]
    if op is _c.LITERAL:
        run = []
        while k < len(items) and items[k][0] is _c.LITERAL:
            run.append(chr(items[k][1]))
            k += 1
        return {fold("".join(run))}
    if op is _c.SUBPATTERN:  # (its match, then the rest's, which begins the match where the group is empty)
        return _starts(list(av[-1]) + list(items[k + 1:]))
    if op is _c.BRANCH:
        return set().union(*(_starts(list(branch) + list(items[k + 1:])) for branch in av[1]))
    if op in _REPEATS:
        low, _high, body = av
        first = _starts(list(body))  # (a body that may be empty: nothing known)
        return first if low >= 1 else first | _starts(items, k + 1)
    raise _MayBeEmpty  # a class, any character, a reference …: no fixed beginning


def start_literals(pattern, flags: int = 0) -> frozenset[str] | None:
    """Strings (casefolded) one of which every match of ``pattern`` begins with, or None when that cannot be
    shown (a match may begin with a character class, or be empty).

    >>> sorted(start_literals(r"(?<![\\w-])(?:(?:elected |ward )?councill?ors?)(?![\\w-])"))
    ['council', 'elected ', 'ward ']
    """
    tree = _tree(pattern, flags)
    try:
        found = _starts(tree) if tree is not None else None
    except (_MayBeEmpty, RecursionError):
        return None
    return frozenset(found) if found and all(found) else None


_STARTS: dict[int, tuple[object, frozenset[str] | None]] = {}
_MANY = 8  # more places a match may begin than this: the regex's own scan is as fast
_FOLDED: list = [None, ""]  # the last text folded, and its fold


def matches_in(pattern, text: str) -> list:
    """``list(pattern.finditer(text))``, the pattern tried only where the text holds one of its
    :func:`start_literals` (the lexicon's patterns open with a look-behind, so the regex tries every position
    of the text): where a match can begin, in order, each from the end of the match before, as ``finditer``
    searches. A text that folding lengthens (and a pattern with no known beginning) is left to ``finditer``."""
    known = _STARTS.get(id(pattern))
    if known is None or known[0] is not pattern:
        if len(_STARTS) > 2_000:
            _STARTS.clear()
        known = _STARTS[id(pattern)] = (pattern, start_literals(pattern))
    starts = known[1]
    if starts is None:
        return list(pattern.finditer(text))
    if _FOLDED[0] is not text:
        _FOLDED[:] = [text, fold(text)]
    folded = _FOLDED[1]
    if len(folded) != len(text):  # (each character folded to one: the same offsets)
        return list(pattern.finditer(text))
    places: list[int] = []
    for s in starts:
        i = folded.find(s)
        while i >= 0:
            places.append(i)
            if len(places) > _MANY:
                return list(pattern.finditer(text))
            i = folded.find(s, i + 1)
    out, end = [], 0
    for place in sorted(places):
        if place >= end and (m := pattern.match(text, place)) is not None:
            out.append(m)
            end = m.end()
    return out


class _Narrowed:
    """A rule file's items (cues, or (role, pattern) pairs), indexed by the literals of their prefilter."""

    def __init__(self, items: tuple, literals_of: Callable, pattern_of: Callable, kept: Callable):
        self.items = items
        self.literals_of, self.pattern_of = literals_of, pattern_of
        self.index = index_of(items, literals_of)  # (the rules' own index of these items: the same `present`)
        self.by_literal: dict[str, list[int]] = {}
        self.always: list[int] = []  # items without a prefilter: tried on every text
        for n, item in enumerate(items):
            if not kept(item):
                continue
            literals = literals_of(item)
            if literals is None:
                self.always.append(n)
            else:
                for s in literals:
                    self.by_literal.setdefault(s, []).append(n)
        self.further: dict[int, tuple[frozenset[str], ...]] = {}  # item -> its other required sets, when asked

    def _further(self, n: int) -> tuple[frozenset[str], ...]:
        sets = self.further.get(n)
        if sets is None:
            own = self.literals_of(self.items[n])
            sets = self.further[n] = tuple(s for s in required_sets(self.pattern_of(self.items[n])) if s != own)
        return sets

    def __call__(self, folded: str) -> list:
        present = self.index.present(folded)
        chosen = set(self.always)
        for s in present:
            chosen.update(self.by_literal.get(s, ()))
        out = []
        for n in sorted(chosen):
            for required in self.further.get(n) or self._further(n):
                for s in required:
                    if s in folded:
                        break
                else:
                    break  # (none of this set's strings: the pattern cannot match)
            else:
                out.append(self.items[n])
        return out


_NARROWED: dict[int, tuple[tuple, _Narrowed]] = {}


def items_to_try(items: tuple, folded: str, literals_of: Callable, pattern_of: Callable,
                 kept: Callable = lambda item: True) -> list:
    """The ``items`` (in their order) whose pattern may match the text whose :func:`fold` is ``folded``: those
    ``kept`` whose prefilter (``literals_of(item)``, None for none) it passes and that hold a string of every
    other set :func:`required_sets` reads from ``pattern_of(item)``. (The functions of the first call for an
    ``items`` tuple are kept with it: call it with the same ones.)"""
    known = _NARROWED.get(id(items))
    if known is None or known[0] is not items:
        if len(_NARROWED) > 8:
            _NARROWED.clear()
        known = _NARROWED[id(items)] = (items, _Narrowed(items, literals_of, pattern_of, kept))
    return known[1](folded)


def cues_to_try(cues: tuple, text: str) -> list:
    """The lexicon's cues other than the bare modals that a sentence's ``text`` may match, in their order."""
    return items_to_try(cues, fold(text), lambda cue: cue.literals, lambda cue: cue.pattern,
                        lambda cue: cue.kind != "modal")


def roles_to_try(lex, text: str) -> list:
    """The lexicon's (role, pattern) pairs whose pattern ``text`` may match, in their order."""
    return items_to_try(lex.roles, fold(text), lambda role: lex.literals.get(id(role[1])), lambda role: role[1])

