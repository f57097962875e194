"""Narrower prefilters for the lexicon's cue and role patterns (which of them a sentence's text is worth trying).

:func:`protocol_analytics.rules.literals.required_literals` gives each pattern one set of strings, one of which
every match contains (the most selective it can show), and the rules try a pattern only on a text holding one
of them. Most patterns require several such sets at once: "(?:the )?(?:role|duty|…) of (?P<actor>…) (?:is|are|…)
to" needs one of "role", "duty" … and " of " and one of "is", "are" …; its prefilter was " of " alone, which
half of all sentences hold, and the regex (tried at every position of the sentence: the patterns open with a
look-behind) then found nothing in 99 % of them. :func:`required_sets` reads every set the same parse-tree reading
can show, and :func:`items_to_try` tries a pattern only on a text that holds one string of each: a necessary
condition for a match, so the rules see the same matches (``tests/test_prefilter.py``), for about a third of the
regex work. Each pattern's sets are read when it is first asked about (about 0.1 ms a pattern, once a process).
"""
from __future__ import annotations

from collections.abc import Callable

from ..rules.literals import _REPEATS, _c, _parser, _sequence, fold, index_of


def required_sets(pattern, flags: int = 0) -> tuple[frozenset[str], ...]:
    """Every set of (casefolded) strings one of which every match of ``pattern`` contains, as
    :func:`~protocol_analytics.rules.literals.required_literals` reads them (it keeps the most selective
    one), most selective first; () when none can be shown.

    >>> [sorted(s) for s in required_sets(r"(?<![\\w-])(?:duty|role) of (?P<actor>[\\w ]+?) (?:is|are) to")]
    [[' of '], ['duty', 'role'], [' to'], ['are', 'is'], [' ']]
    """
    if not isinstance(pattern, str):
        pattern, flags = pattern.pattern, pattern.flags
    try:
        tree = _parser.parse(pattern, flags)
    except Exception:  # (a construct the reader does not know: nothing required)
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

    walk(list(tree))
    sets = [s for s in dict.fromkeys(found) if s and all(s)]
    return tuple(sorted(sets, key=lambda s: (-min(map(len, s)), len(s))))


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


_SEMI_LEMMAS: dict[int, tuple[frozenset, dict[int, bool]]] = {}


def modal_candidates(sentence, words: tuple[str, ...], semi_modals: frozenset) -> list:
    """The tokens of ``sentence`` tagged MD, or whose lower-case form is one of ``words``, or whose lemma in lower
    case is one of ``semi_modals``: the only ones a sentence's modal cues can start at (rules.py), found from
    the Doc's arrays without making a Token of every other word."""
    from spacy.attrs import LEMMA, LOWER, TAG

    doc = sentence.doc
    strings = doc.vocab.strings
    md, lowers = strings["MD"], {strings[w] for w in words}
    known = _SEMI_LEMMAS.get(id(semi_modals))
    if known is None or known[0] is not semi_modals:
        known = _SEMI_LEMMAS[id(semi_modals)] = (semi_modals, {})
    semi = known[1]
    start = sentence.start
    rows = doc.to_array([TAG, LOWER, LEMMA])[start:sentence.end].tolist()
    out = []
    for i, (tag, lower, lemma) in enumerate(rows):
        if tag == md or lower in lowers:
            out.append(doc[start + i])
            continue
        found = semi.get(lemma)
        if found is None:
            found = semi[lemma] = (strings[lemma] if lemma else "").lower() in semi_modals
        if found:
            out.append(doc[start + i])
    return out
