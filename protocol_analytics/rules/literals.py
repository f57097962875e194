"""Literal prefilters for regular expressions.

Python's ``re`` tries every pattern at every position of a text; most of the taxonomy's patterns can
only match where some fixed word is present. :func:`required_literals` reads a compiled pattern's parse
tree and returns a set of strings at least one of which every match must contain, so a plain substring
test (``in``, which is very fast) rules the pattern out for most clauses before the regex runs.

Reading the parse trees of a rule file's hundreds of patterns takes 12-15 ms a file, in every process that
loads it (a rebuild's model worker, on its critical path). A build keeps them (:func:`kept_in`): the
prefilters of a rule file's patterns (:func:`kept_for`) go to a file of the build's cache named by a hash of
the rule file's bytes and of this module's code, read back by the next process that loads the same file.
Entries are looked up by the pattern's text and flags, so a kept file never stands for another pattern; one
that is missing, unreadable or not this shape is ignored and written again (atomically).

A pattern whose prefilter was kept compiled once from the same bytes of its rule file, with the same code and
Python: :func:`compile_rule` then leaves it to be compiled when it is first used (:class:`LazyPattern`), so a
rebuild's processes compile only the patterns the changed files need (compiling them all took 0.08 s for the
taxonomy before the model worker starts, 0.1 s for the lexicon in the worker).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path

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
    if isinstance(pattern, (re.Pattern, LazyPattern)):
        pattern, flags = pattern.pattern, pattern.flags
    key = (pattern, flags)
    found = _KNOWN.get(key, _UNKNOWN)
    if found is _UNKNOWN:
        found = _KNOWN[key] = _read_literals(pattern, flags)
    for asked in _ASKED:
        asked[key] = found
    return found


def _read_literals(pattern: str, flags: int) -> frozenset[str] | None:
    try:
        tree = _parser.parse(pattern, flags)
    except Exception:  # a construct this reader does not know: no prefilter, the pattern always runs
        return None
    found = _sequence(list(tree))
    if found is None or any(not s for s in found):
        return None
    return found


# ------------------------------------------------------------------ kept between processes

_KNOWN: dict[tuple[str, int], frozenset[str] | None] = {}  # (pattern, flags) -> its literals, in this process
_UNKNOWN = object()
_ASKED: list[dict] = []  # the patterns asked for while each open kept_for runs (nested: a taxonomy extending another)
_KEPT: list[dict] = []  # the entries each open kept_for read back (patterns compiled before from the same bytes)
_FOLDER: list[Path] = []  # where kept_for keeps them (kept_in), innermost last


@contextmanager
def kept_in(folder: Path | str | None):
    """Keep the prefilters of the rule files loaded meanwhile (:func:`kept_for`) in ``folder`` (a build's
    cache; None: nowhere). Processes forked meanwhile keep theirs there too."""
    _FOLDER.append(Path(folder) if folder is not None else None)
    try:
        yield
    finally:
        _FOLDER.pop()


@contextmanager
def kept_for(rule_file: Path):
    """Around the loading of ``rule_file``: the prefilters of the patterns it compiles are read from the
    folder of :func:`kept_in` when they were kept for the same bytes of the file and the same code, and kept
    there (replacing the file's older entry) when they were not."""
    folder = _FOLDER[-1] if _FOLDER else None
    if folder is None:
        yield
        return
    try:
        path = folder / f"{Path(rule_file).stem}-{_kept_key(Path(rule_file).read_bytes())}.json"
    except OSError:  # (the loader reports the file it cannot read)
        yield
        return
    kept = _read_kept(path)
    _KNOWN.update(kept)
    asked: dict[tuple[str, int], frozenset[str] | None] = {}
    _ASKED.append(asked)
    _KEPT.append(kept)
    try:
        yield
    finally:
        _ASKED.remove(asked)
        _KEPT.remove(kept)
    if asked.keys() - kept.keys():
        _write_kept(path, asked)


class LazyPattern:
    """A rule file's pattern compiled when it is first used; then its methods are the compiled pattern's own
    (set on the instance: no indirection after the first call). Equal to a compiled pattern of the same text
    and flags (not hashed as one: a key it makes in a dict is not the compiled pattern's); pickled and copied as
    one."""

    def __init__(self, pattern: str, flags: int):
        self.pattern, self.flags = pattern, flags

    def __getattr__(self, name: str):  # (only for what is not set yet: the first use)
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self.flags)
        for attr in ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
                     "groups", "groupindex"):
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __eq__(self, other) -> bool:
        if not isinstance(other, (LazyPattern, re.Pattern)):
            return NotImplemented
        return (self.pattern, self.flags) == (other.pattern, other.flags)

    def __hash__(self) -> int:  # (not the salted str hash: the same in every process; equal ones hash alike)
        return len(self.pattern) * 1_000_003 ^ self.flags

    def __reduce__(self):
        return re.compile, (self.pattern, self.flags)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags})"


def compile_rule(pattern: str, flags: int = 0, keep: bool = False) -> re.Pattern | LazyPattern:
    """``re.compile(pattern, flags)`` for a rule file's pattern; a :class:`LazyPattern` when the rule file being
    loaded (:func:`kept_for`) kept this pattern's prefilter: a process compiled it from the same bytes, with the
    same code and Python, so it compiles (a pattern that does not raises ``re.error`` here, as before).
    ``keep``: keep its prefilter now (for a rule file whose loader asks for none) when a folder keeps them."""
    if not flags & re.ASCII:
        flags |= re.UNICODE  # (what a compiled str pattern's flags say, and the key its prefilter is kept under)
    if _KEPT and (pattern, flags) in _KEPT[-1]:
        return LazyPattern(pattern, flags)
    compiled = re.compile(pattern, flags)
    if keep and _ASKED:
        required_literals(compiled)
    return compiled


def _kept_key(data: bytes) -> str:
    """A hash of a rule file's bytes, this module's code and the Python version (whose parser it reads)."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(f"{sys.version_info[:2]}".encode())
    h.update(data)
    return h.hexdigest()[:16]


def _read_kept(path: Path) -> dict[tuple[str, int], frozenset[str] | None]:
    """The entries of a kept file; none when it is missing, unreadable or not a list of
    [pattern, flags, literals or null]."""
    try:
        entries = json.loads(path.read_bytes())
        kept = {}
        for pattern, flags, found in entries:
            if not (isinstance(pattern, str) and isinstance(flags, int)
                    and (found is None or isinstance(found, list) and found
                         and all(isinstance(s, str) and s for s in found))):
                return {}
            kept[pattern, flags] = frozenset(found) if found is not None else None
        return kept
    except (OSError, ValueError, TypeError):
        return {}


def _write_kept(path: Path, asked: dict) -> None:
    """Keep ``asked`` in ``path`` (atomically), and remove the entries of the same rule file kept for other
    bytes or code. A folder that cannot be written only costs the next process the time to read them again."""
    from ..io import atomic_write_bytes  # (only when the kept entry changes)

    entries = [[pattern, flags, sorted(found) if found is not None else None]
               for (pattern, flags), found in sorted(asked.items())]
    try:
        atomic_write_bytes(path, json.dumps(entries, ensure_ascii=False).encode())
        stem = path.name.rsplit("-", 1)[0]
        for other in path.parent.iterdir():
            if other != path and other.suffix == ".json" and other.name.rsplit("-", 1)[0] == stem:
                os.unlink(other)
    except OSError:
        pass


def may_match(literals: frozenset[str] | None, folded_text: str) -> bool:
    """False only when the pattern behind ``literals`` cannot match ``folded_text``."""
    return literals is None or any(s in folded_text for s in literals)


_WORD_RUN = re.compile(r"\w+")
_KEPT_WORDS = 1 << 16  # words whose literals a LiteralIndex remembers (cleared when full)


class LiteralIndex:
    """Which of a fixed set of literals a folded text contains, without testing each one.

    A literal's longest run of word characters lies inside one word of any text that contains the literal,
    so the text's words (each looked up once per process and remembered) name the only literals worth
    testing with ``in``; a literal that is all word characters is contained when its run is, and one without a
    word character is always tested. The same answer as testing every literal (``tests/test_literals.py``).
    """

    def __init__(self, literals):
        self.literals = tuple(sorted(set(literals)))
        self._keyless = tuple(s for s in self.literals if not _WORD_RUN.search(s))
        by_key: dict[str, list[str]] = {}
        for s in self.literals:
            runs = _WORD_RUN.findall(s)
            if runs:
                by_key.setdefault(max(runs, key=len), []).append(s)
        self._by_key = {key: tuple(found) for key, found in by_key.items()}
        self._lengths = tuple(sorted({len(key) for key in by_key}))
        self._words: dict[str, tuple[str, ...]] = {}

    def _keys_in(self, word: str) -> tuple[str, ...]:
        """The literals' word runs that are substrings of ``word``."""
        found = self._words.get(word)
        if found is None:
            n = len(word)
            found = tuple({word[i:i + k] for k in self._lengths if k <= n for i in range(n - k + 1)}
                          & self._by_key.keys())
            if len(self._words) >= _KEPT_WORDS:
                self._words.clear()
            self._words[word] = found
        return found

    def present(self, folded_text: str) -> set[str]:
        """The literals ``folded_text`` (a :func:`fold`-ed text) contains."""
        keys: set[str] = set()
        known = self._words.get  # (most words were seen before: their keys read here, without a call)
        for word in set(_WORD_RUN.findall(folded_text)):
            found = known(word)
            if found is None:
                found = self._keys_in(word)
            if found:
                keys.update(found)
        out = {s for s in self._keyless if s in folded_text}
        for key in keys:
            out.update(s for s in self._by_key[key] if s == key or s in folded_text)
        return out


_INDEXES: dict[int, tuple[tuple, LiteralIndex]] = {}


def index_of(items: tuple, literals_of=None) -> LiteralIndex:
    """The :class:`LiteralIndex` of the literals of a loaded rule file's ``items`` (``literals_of(item)``, by
    default ``item.literals``: a set of strings or None), made once while that tuple is alive."""
    kept = _INDEXES.get(id(items))
    if kept is None or kept[0] is not items:
        if len(_INDEXES) > 8:
            _INDEXES.clear()
        found = (literals_of(item) if literals_of is not None else item.literals for item in items)
        kept = _INDEXES[id(items)] = (items, LiteralIndex(s for literals in found for s in literals or ()))
    return kept[1]
