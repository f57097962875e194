"""The statistical layers' parse of a clause text met before, reused (:func:`pipe_clauses`).

Councils adopt model documents, so a corpus repeats whole clauses across councils, and parsing a clause's
text (the model's tok2vec, tagger and parser, then the attribute look-up and the lemmas) is the largest
part of tagging it. A pipeline's :class:`ParseMemo` keeps, per clause text, what those layers leave on the
tokens (tag, part of speech, morphology, dependency, head, lemma, sentence start: ``Doc.to_array``) and
writes it onto the next Doc of the same text (``Doc.from_array``, about 1 % of a parse's time). A Doc is
never shared: each clause's Doc is made by the tokenizer with its document's own state (the document's
aliases and procedure, its text) as before, and the package's own components (``pa_*``), which read that
state, run on every Doc as usual. What is kept is keyed by the exact text within one pipeline object (its
model's name and version and its component names besides): another model, or a pipeline built otherwise,
has a memo of its own.

Memory: each token is kept as a 4-byte number of its row of attributes, the rows shared between texts (the
300 synthetic protocols' 72,000 tokens have 3,000 distinct rows, 660 real pages' 190,000 tokens 34,000); at most
:data:`REUSE_TEXTS` texts (least recently used first out) and :data:`REUSE_ROWS` rows. Measured in a process:
50,000 texts of real clauses' length with 34,000 rows, 23 MB; 100,000 rows, about 30 MB; under 50 MB a process
at both bounds. ``reuse=False`` (``build --no-parse-reuse``) parses every clause.
"""
from __future__ import annotations

import weakref
from collections import OrderedDict

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

from . import PA_COMPONENTS
from .rules import text_of

# what the statistical layers (and the attribute look-up and lemmas after them) set on a token; the tokenizer's
# own output (ORTH, SPACY, NORM …) is made again from the text
ATTRS = (TAG, POS, MORPH, DEP, HEAD, LEMMA, SENT_START)
REUSE_TEXTS = 50_000  # clause texts kept per pipeline (least recently used first out)
REUSE_ROWS = 100_000  # distinct token rows kept per pipeline; past it the memo starts again

_memos: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # pipeline -> its ParseMemo


class ParseMemo:
    """One pipeline's parses by clause text: each text's tokens as numbers of rows of :data:`ATTRS` values."""

    def __init__(self, nlp, texts: int = REUSE_TEXTS, rows: int = REUSE_ROWS):
        self.max_texts, self.max_rows = texts, rows
        self.signature = pipeline_signature(nlp)
        self.parsed_by = [n for n in nlp.pipe_names if n not in PA_COMPONENTS]  # run on a text not met before
        self.run_after = [n for n in nlp.pipe_names if n in PA_COMPONENTS]  # run on every Doc
        self.hits = self.misses = 0  # clauses whose text's parse was written on, clauses parsed
        self.clear()

    def clear(self) -> None:
        self.texts: OrderedDict[str, bytes] = OrderedDict()  # text -> its tokens' row numbers (uint32)
        self.row_ids: dict[bytes, int] = {}
        self.rows = numpy.zeros((1024, len(ATTRS)), dtype=numpy.uint64)

    def put(self, text: str, doc) -> None:
        """Keep ``doc``'s parse (the statistical layers have run on it) under ``text``."""
        array = numpy.ascontiguousarray(doc.to_array(list(ATTRS)), dtype=numpy.uint64)
        if len(self.row_ids) + len(array) > self.max_rows:
            self.clear()
        ids = numpy.empty(len(array), dtype=numpy.uint32)
        row_ids = self.row_ids
        for i, row in enumerate(array.view(numpy.dtype((numpy.void, array.itemsize * len(ATTRS)))).ravel().tolist()):
            found = row_ids.get(row)
            if found is None:
                found = row_ids[row] = len(row_ids)
                if found >= len(self.rows):
                    self.rows = numpy.concatenate([self.rows, numpy.zeros_like(self.rows)])
                self.rows[found] = array[i]
            ids[i] = found
        self.texts[text] = ids.tobytes()
        self.texts.move_to_end(text)
        while len(self.texts) > self.max_texts:
            self.texts.popitem(last=False)

    def restore(self, text: str, doc) -> bool:
        """Write the parse kept under ``text`` onto ``doc`` (fresh from the tokenizer); False when none is kept
        or it does not fit ``doc``'s tokens."""
        kept = self.texts.get(text)
        if kept is None or len(kept) != 4 * len(doc):
            return False
        if kept:
            doc.from_array(list(ATTRS), self.rows[numpy.frombuffer(kept, dtype=numpy.uint32)])
        return True

    def pipe(self, nlp, docs: list, batch_size: int):
        """``nlp.pipe(docs)`` with each text's statistical layers run once: the texts not met before go through
        them (one Doc for each text), the others' Docs get the kept parse, then every Doc goes through the
        package's components."""
        texts = [text_of(doc) for doc in docs]
        first: dict[str, object] = {}  # text not met before -> the Doc that is parsed for it
        for doc, text in zip(docs, texts):
            if text in self.texts:
                self.texts.move_to_end(text)  # (met again: kept longest)
            elif text not in first:
                first[text] = doc
        self.parse(nlp, list(first.values()), batch_size)
        again = []
        for doc, text in zip(docs, texts):
            if first.get(text) is doc:
                self.misses += 1
            elif self.restore(text, doc):
                self.hits += 1
            else:  # (a memo at its bound let the text go during this call)
                again.append(doc)
                self.misses += 1
        if again:
            for _ in nlp.pipe(again, batch_size=batch_size, disable=self.run_after):
                pass
        return nlp.pipe(docs, batch_size=batch_size, disable=self.parsed_by)

    def parse(self, nlp, docs: list, batch_size: int) -> None:
        for doc in nlp.pipe(docs, batch_size=batch_size, disable=self.run_after):
            self.put(text_of(doc), doc)

    def memory(self) -> int:
        """Bytes held, about: the texts (keys and row numbers), the rows and their index, the dictionaries."""
        import sys

        size = sys.getsizeof
        return (size(self.texts) + sum(size(text) + size(ids) for text, ids in self.texts.items())
                + size(self.row_ids) + sum(size(row) + 28 for row in self.row_ids) + self.rows.nbytes)


def pipeline_signature(nlp) -> tuple:
    """What a kept parse belongs to besides the pipeline object: its model's name and version, its components."""
    meta = getattr(nlp, "meta", {}) or {}
    return (meta.get("lang"), meta.get("name"), meta.get("version"), tuple(nlp.pipe_names))


def parse_memo(nlp) -> ParseMemo:
    """``nlp``'s memo (made on first use; a pipeline whose components changed since gets a new one)."""
    memo = _memos.get(nlp)
    if memo is None or memo.signature != pipeline_signature(nlp):
        memo = _memos[nlp] = ParseMemo(nlp)
    return memo


def pipe_clauses(nlp, docs: list, batch_size: int, reuse: bool = True):
    """``nlp.pipe(docs, batch_size=batch_size)`` over clause Docs (:func:`protocol_analytics.tag.clause_docs`),
    the parse of a text met before reused when ``reuse`` (and ``nlp`` has the package's components after its
    statistical layers)."""
    ours = [name in PA_COMPONENTS for name in nlp.pipe_names]
    if not reuse or True not in ours or False in ours[ours.index(True):]:  # (ours last, as make_nlp adds them)
        return nlp.pipe(docs, batch_size=batch_size)
    return parse_memo(nlp).pipe(nlp, list(docs), batch_size)
