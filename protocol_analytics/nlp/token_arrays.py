"""A parsed Doc's token attributes as lists, read once per Doc, for the rules' walks over every token.

The rules ask each token of a clause or sentence whether it is worth looking at ("a subject?", "a modal?",
"an adverbial clause?"), and only a few are. Asking through ``Token`` objects makes one Python object and a
string look-up per token and attribute (``Doc.__getitem__`` was called 3.1 million times for 300 protocols);
:func:`token_columns` reads the dependency, tag, part of speech, lower-case form and lemma of every token with one
``Doc.to_array`` and keeps them in ``doc.user_data`` (plain lists of ints: a Doc still serialises), and the
functions below give the Token objects of only the tokens that pass a test on those ids, in the Doc's order,
the same tokens a walk over every token would have kept.

The columns are read the first time they are asked for, which in the pipeline is after the parser and the
lemmatizer (the package's components come last): a Doc whose tokens are changed after that would need
:func:`forget_columns`.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from spacy.attrs import DEP, IDX, LEMMA, LOWER, POS, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

_KEY = "pa_token_columns"  # the key of a Doc's columns in its user_data
_ATTRS = [DEP, TAG, POS, LOWER, LEMMA, IDX]
# the columns' positions in the tuple token_columns returns
DEP_COL, TAG_COL, POS_COL, LOWER_COL, LEMMA_COL, IDX_COL = range(6)


def ids(strings: Iterable[str]) -> frozenset[int]:
    """The ids ``Doc.to_array`` gives the strings (a label spaCy has a symbol for is the symbol's id)."""
    return frozenset(get_string_id(s) for s in strings)


def token_columns(doc: Doc) -> tuple[list[int], ...]:
    """(dependency, fine tag, part of speech, lower-case form and lemma ids, character offset) of every token of
    ``doc``, read once."""
    found = doc.user_data.get(_KEY)
    if found is None or len(found[DEP_COL]) != len(doc):
        found = doc.user_data[_KEY] = tuple(doc.to_array(_ATTRS).reshape(len(doc), len(_ATTRS)).T.tolist())
    return found


def forget_columns(doc: Doc) -> None:
    """Drop the columns kept for ``doc`` (its tokens were changed): the next :func:`token_columns` reads them again."""
    doc.user_data.pop(_KEY, None)


def _bounds(item: Doc | Span) -> tuple[Doc, int, int]:
    return (item, 0, len(item)) if isinstance(item, Doc) else (item.doc, item.start, item.end)


def tokens_with(item: Doc | Span, column: int, wanted: frozenset[int]) -> list[Token]:
    """The tokens of a Doc or Span whose ``column`` (``DEP_COL`` …) id is in ``wanted``, in order."""
    doc, start, end = _bounds(item)
    values = token_columns(doc)[column]
    return [doc[i] for i in range(start, end) if values[i] in wanted]


def tokens_from_char(item: Doc | Span, first: int, last: int) -> list[Token]:
    """The tokens of a Doc or Span that start at a character offset (``token.idx``) from ``first`` to ``last``
    (both included), in order: ``[t for t in item if first <= t.idx <= last]``."""
    doc, start, end = _bounds(item)
    offsets = token_columns(doc)[IDX_COL]
    return [doc[i] for i in range(bisect_left(offsets, first, start, end), bisect_right(offsets, last, start, end))]


def words(doc: Doc, start: int, end: int) -> list[str]:
    """The lower-case forms (``token.lower_``) of ``doc``'s tokens ``start`` to ``end`` (a slice's bounds, clipped
    as a slice clips them)."""
    start, end, _ = slice(start, end).indices(len(doc))
    strings, lowers = doc.vocab.strings, token_columns(doc)[LOWER_COL]
    return [strings[lowers[i]] for i in range(start, end)]


def lemmas_with(item: Doc | Span, column: int, wanted: frozenset[int]) -> list[str]:
    """The lemmas (``token.lemma_``) of the tokens of a Doc or Span whose ``column`` id is in ``wanted``, in order."""
    doc, start, end = _bounds(item)
    cols = token_columns(doc)
    values, lemmas, strings = cols[column], cols[LEMMA_COL], doc.vocab.strings
    return [strings[lemmas[i]] for i in range(start, end) if values[i] in wanted]


def modal_candidates(sentence: Span, modal_words: frozenset[int], modal_tags: frozenset[int],
                     semi_lemma, verb_pos: frozenset[int], not_semi_tags: frozenset[int]) -> list[Token]:
    """The tokens of ``sentence`` tagged as modals (``modal_tags``), spelt as one (``modal_words``: lower-case
    ids), or that may be a semi-modal: a lemma ``semi_lemma(lemma id)`` accepts, a part of speech in
    ``verb_pos`` and a tag not in ``not_semi_tags``. In order."""
    doc, start, end = sentence.doc, sentence.start, sentence.end
    cols = token_columns(doc)
    tags, poses, lowers, lemmas = cols[TAG_COL], cols[POS_COL], cols[LOWER_COL], cols[LEMMA_COL]
    return [doc[i] for i in range(start, end)
            if tags[i] in modal_tags or lowers[i] in modal_words
            or poses[i] in verb_pos and tags[i] not in not_semi_tags and semi_lemma(lemmas[i])]


_SEMI_LEMMAS: dict[frozenset, dict[int, bool]] = {}  # a lexicon's semi-modals -> lemma id -> one of them?
_WORD_IDS: dict[tuple[str, ...], frozenset[int]] = {}
_VERB_POS = ids(("VERB", "AUX"))
_MODAL_TAG = ids(("MD",))
_NOT_SEMI_TAGS = ids(("MD", "VBD"))


def sentence_modals(sentence: Span, lex, modal_words: tuple[str, ...]) -> list[Token]:
    """The tokens of ``sentence`` the deontic rules' modal loop looks at (``statements_of_sentence``): tagged
    ``MD``, spelt as one of ``modal_words``, or a semi-modal of the lexicon's as ``_semi_modal_verb`` takes it
    (its lemma, lower-cased, among ``lex.semi_modals``; a verb or auxiliary; not tagged ``MD`` or ``VBD``)."""
    known = _SEMI_LEMMAS.get(lex.semi_modals)
    if known is None:
        known = _SEMI_LEMMAS[lex.semi_modals] = {}
    strings, semi_modals = sentence.doc.vocab.strings, lex.semi_modals

    def semi_lemma(lemma: int) -> bool:
        found = known.get(lemma)
        if found is None:
            found = known[lemma] = strings[lemma].lower() in semi_modals if lemma else "" in semi_modals
        return found

    words = _WORD_IDS.get(modal_words)
    if words is None:
        words = _WORD_IDS[modal_words] = ids(modal_words)
    return modal_candidates(sentence, words, _MODAL_TAG, semi_lemma, _VERB_POS, _NOT_SEMI_TAGS)
