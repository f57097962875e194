"""Comparing councils: clause alignment, council similarity, template families, gap reports."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz, process

from .. import schemas
from ..io import release_memory
from .selection import resolve_council, select_councils

SAME_AT = 0.9
MODIFIED_AT = 0.6
FAMILY_AT = 0.3
PER_CLAUSE = 10  # candidates kept per clause
MAX_POSTING = 64  # a word 3-gram in more clauses than this links none of them


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def relation_of(similarity: float) -> str:
    if similarity >= SAME_AT:
        return "same"
    return "modified" if similarity >= MODIFIED_AT else "none"


def _similarity_matrix(a: list[str], b: list[str]) -> np.ndarray:
    """Pairwise similarity 0–1: the mean of token-sort and plain ratios (punishes partial overlaps)."""
    if not a or not b:
        return np.zeros((len(a), len(b)))
    sort = process.cdist(a, b, scorer=fuzz.token_sort_ratio, workers=1) / 100.0
    plain = process.cdist(a, b, scorer=fuzz.ratio, workers=1) / 100.0
    return (sort + plain) / 2


WORD_BASE = 2 ** 21
"""Words are numbered below WORD_BASE - 1 (the number that pads a short text) and a 3-gram's key is its three
numbers in this base, so that keys stay valid as later texts add words (:func:`text_shingles`)."""


def shingle_keys(norm: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every text's distinct word 3-grams as integers: two arrays (text index, key), by key and then text
    (the posting lists :func:`candidate_pairs` reads, one after the other).

    Words are numbered in the order they first appear and a 3-gram's key is made of its three numbers, so
    keys never collide and do not depend on Python's salted ``hash()`` (PYTHONHASHSEED). A text of one or
    two words is one key of its own (padded with a number no word has); an empty text has none.

    >>> rows, keys = shingle_keys(["a b c d", "b c d", "a b", ""])
    >>> bool((keys[1:] >= keys[:-1]).all()), sorted(rows.tolist())
    (True, [0, 0, 1, 2])
    >>> shared = [k for k in set(keys.tolist()) if keys.tolist().count(k) == 2]
    >>> sorted(rows[keys == shared[0]].tolist())  # "b c d", in texts 0 and 1
    [0, 1]
    >>> rows, keys = shingle_keys([" b  c\td ", "b c d"])  # any whitespace separates words
    >>> rows.tolist(), bool(keys[0] == keys[1])
    ([0, 1], True)
    """
    rows, keys, _ = text_shingles(norm)
    return rows, keys


def text_shingles(norm: list[str], words=None) -> tuple[np.ndarray, np.ndarray, pa.Array | None]:
    """:func:`shingle_keys` of ``norm``, and the words in the order they are numbered (an Arrow array).

    ``words``: the numbering to go on with (that of earlier texts: their words in order, new words numbered
    after them), so that the keys of texts numbered in turn can be put together: those of a changed text
    join those kept of the others. The words returned are None when there are too many for WORD_BASE (the
    3-grams are then numbered among these texts only, and the numbering cannot be continued).

    >>> rows, keys, words = text_shingles(["a b c", "x y"])
    >>> more_rows, more_keys, words = text_shingles(["z a b c"], words)
    >>> words.to_pylist(), bool(keys[0] in more_keys)  # "a b c" keeps its key
    (['a', 'b', 'c', 'x', 'y', 'z'], True)
    """
    texts = pa.array(norm, pa.string())  # (split and their words numbered in Arrow: no Python string a word)
    if len(texts) and pc.any(pc.match_substring_regex(texts, r"^\s|\s$|\s\s|[^\S ]")).as_py():
        texts = pa.array([" ".join(t.split()) for t in norm], pa.string())  # words separated by one space
    nonempty = pc.greater(pc.utf8_length(texts), 0)
    split = pc.split_pattern(texts.filter(nonempty), " ")
    lengths = np.zeros(len(texts), dtype=np.int64)
    lengths[np.flatnonzero(nonempty.to_numpy(zero_copy_only=False))] = pc.list_value_length(split).to_numpy()
    flat = pc.list_flatten(split)
    if words is None:
        encoded = pc.dictionary_encode(flat)  # numbered in order of appearance
        codes, words = encoded.indices.to_numpy().astype(np.int64), encoded.dictionary
    else:
        found = pc.index_in(flat, value_set=words)
        codes = pc.fill_null(found, -1).to_numpy().astype(np.int64)
        new = codes < 0
        if new.any():  # (words not seen before: numbered after the others, in order of appearance)
            encoded = pc.dictionary_encode(flat.filter(pa.array(new)))
            codes[new] = len(words) + encoded.indices.to_numpy()
            words = pa.concat_arrays([words, encoded.dictionary])
    n = len(texts)
    del split, texts, nonempty, flat
    release_memory()
    base = WORD_BASE if len(words) < WORD_BASE - 1 else len(words) + 1
    # a text of one or two words is padded to three with the number base - 1, which no word has
    padded = np.where(lengths > 0, np.maximum(lengths, 3), 0)
    w = np.full(int(padded.sum()), base - 1, dtype=np.int64)
    w[np.repeat(np.cumsum(padded) - padded, lengths) + np.arange(len(codes))
      - np.repeat(np.cumsum(lengths) - lengths, lengths)] = codes
    del codes
    row_of = np.repeat(np.arange(n, dtype=np.int32 if n < 2 ** 31 else np.int64), padded)
    start = np.flatnonzero(row_of[:-2] == row_of[2:]) if len(w) >= 3 else np.zeros(0, dtype=np.int64)
    rows = row_of[start]  # (each 3-gram starts where the word two on is of the same text)
    del row_of
    if base == WORD_BASE:
        keys = w[start]  # (computed in place: at association scale these arrays are tens of MB each)
        keys *= base
        keys += w[1:][start]
        keys *= base
        keys += w[2:][start]
    else:  # a vocabulary of over two million words: number the distinct 3-grams instead
        triples = np.stack([w[start], w[start + 1], w[start + 2]], axis=1)
        keys = np.unique(triples, axis=0, return_inverse=True)[1].ravel().astype(np.int64)
        words = None
    del w, start
    order = np.argsort(keys, kind="stable")  # (rows come in text order: a stable sort keeps them so in each key)
    keys = keys[order]
    rows = rows[order]
    del order
    first = np.ones(len(keys), dtype=bool)
    first[1:] = (rows[1:] != rows[:-1]) | (keys[1:] != keys[:-1])
    return rows[first].astype(np.int64), keys[first], words


def candidate_pairs(norm: list[str], councils: np.ndarray, per_clause: int = 10,
                    max_posting: int = MAX_POSTING, max_pairs: int = 500_000,
                    rows: np.ndarray | None = None,
                    shingles: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Candidate counterparts in other councils, without comparing every pair of clauses.

    Clauses are blocked on shared word 3-grams (a 3-gram found in more than ``max_posting`` clauses says
    little and is skipped) and on identical text; each clause keeps the ``per_clause`` candidates that share
    the most 3-grams with it. Returns two index arrays (clause, candidate). ``rows`` (a boolean mask over the
    clauses): only the candidates of those clauses, the same as theirs among all. ``shingles``: what
    :func:`shingle_keys` gives for ``norm`` (or for ``norm`` and more texts after it), when the caller has it.
    """
    n = len(norm)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    wanted = np.ones(n, dtype=bool) if rows is None else np.asarray(rows, dtype=bool)
    rows_a, keys_a = shingle_keys(norm) if shingles is None else shingles
    if shingles is not None and len(rows_a) and rows_a.max() >= n:  # (keys of more texts than these)
        rows_a, keys_a = rows_a[rows_a < n], keys_a[rows_a < n]
    if len(keys_a) > 1 and not (keys_a[1:] >= keys_a[:-1]).all():  # (shingle_keys gives them by key already)
        order = np.argsort(keys_a, kind="stable")
        rows_a, keys_a = rows_a[order], keys_a[order]
        del order
    # each key's first position and count (what np.unique gives, read off the sorted keys without sorting again)
    starts = np.flatnonzero(np.r_[True, keys_a[1:] != keys_a[:-1]]) if len(keys_a) else np.zeros(0, dtype=np.int64)
    counts = np.diff(np.r_[starts, len(keys_a)])
    del keys_a
    release_memory()
    useful = (counts > 1) & (counts <= max_posting)
    if rows is not None:  # (a list none of whose clauses is wanted gives no pair: left out)
        useful[useful] = np.bincount(np.repeat(np.arange(int(useful.sum())), counts[useful]),
                                     weights=wanted[rows_a[_members(starts[useful], counts[useful])]],
                                     minlength=int(useful.sum())) > 0
    starts, sizes = starts[useful], counts[useful]
    # the members of each useful posting list: position in rows_a, and its list
    group = np.repeat(np.arange(len(sizes)), sizes)
    member = _members(starts, sizes)
    member_row = rows_a[member]
    # identical texts shared too widely for the 3-gram postings: each linked to a few copies elsewhere,
    # with weight 8 (an identical text outranks shared 3-grams)
    text_codes = pd.factorize(pd.Series(norm, dtype=object))[0]  # (each distinct text numbered, no dict of lists)
    by_text = np.argsort(text_codes, kind="stable")
    copies = np.bincount(text_codes)
    group_start = np.concatenate([[0], np.cumsum(copies)])
    shared_text = copies > 1
    if rows is not None:  # (the texts one of the wanted clauses has)
        shared_text &= np.bincount(text_codes, weights=wanted, minlength=len(copies)) > 0
    ex_i, ex_j = [], []
    few_i, few_j = _copies_elsewhere(by_text, group_start, councils, np.flatnonzero(shared_text & (copies <= FEW_COPIES)),
                                     per_clause)
    for code in np.flatnonzero(shared_text & (copies > FEW_COPIES)).tolist():
        members = by_text[group_start[code]:group_start[code + 1]]
        m = members.astype(np.int64)
        # each member's first per_clause copies in other councils: they are among the first
        # per_clause + (most copies one council has) members
        _, per_council = np.unique(councils[m], return_counts=True)
        head = m[:per_clause + per_council.max()]
        other = councils[m][:, None] != councils[head][None, :]
        keep = other & (np.cumsum(other, axis=1) <= per_clause)
        ex_i.append(np.broadcast_to(m[:, None], keep.shape)[keep])
        ex_j.append(np.broadcast_to(head[None, :], keep.shape)[keep])
    ex_i = np.concatenate([few_i, *ex_i])  # (in any order: the pairs are counted by key below)
    ex_j = np.concatenate([few_j, *ex_j])
    # clauses are taken in ranges of about max_pairs pairs, so memory does not grow with the corpus:
    # every pair of a clause is counted within its own range
    per_row = np.bincount(member_row, weights=sizes[group] * wanted[member_row], minlength=n)
    bounds = np.searchsorted(np.cumsum(per_row), np.arange(max_pairs, per_row.sum() + max_pairs, max_pairs))
    bounds = np.unique(np.concatenate([[0], np.minimum(bounds + 1, n), [n]]))
    out_i, out_j = [], []
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        sel = (member_row >= lo) & (member_row < hi) & wanted[member_row]
        m_pos, m_group = member[sel], group[sel]
        times = sizes[m_group]
        left = np.repeat(m_pos, times)
        pair_group = np.repeat(m_group, times)
        right = starts[pair_group] + np.arange(len(left)) - np.repeat(np.cumsum(times) - times, times)
        a, b = rows_a[left], rows_a[right]
        keep = councils[a] != councils[b]
        ex = (ex_i >= lo) & (ex_i < hi) & wanted[ex_i]
        keys = np.concatenate([a[keep] * n + b[keep], ex_i[ex] * n + ex_j[ex]])
        weights = np.concatenate([np.ones(int(keep.sum()), dtype=np.int64), np.full(int(ex.sum()), 8)])
        if not len(keys):
            continue
        pair_keys, inverse = np.unique(keys, return_inverse=True)
        shared = np.bincount(inverse.ravel(), weights=weights, minlength=len(pair_keys))
        i, j = pair_keys // n, pair_keys % n
        order = np.lexsort((-shared, i))
        i, j = i[order], j[order]
        first = np.searchsorted(i, i, side="left")
        best = (np.arange(len(i)) - first) < per_clause
        out_i.append(i[best])
        out_j.append(j[best])
    if not out_i:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(out_i), np.concatenate(out_j)


FEW_COPIES = 32  # identical texts with at most this many copies are paired in plain Python (_copies_elsewhere)


def _copies_elsewhere(by_text: np.ndarray, group_start: np.ndarray, councils: np.ndarray, codes: np.ndarray,
                      per_clause: int) -> tuple[np.ndarray, np.ndarray]:
    """For the identical texts ``codes`` (each of a few copies), every copy with its first ``per_clause`` copies
    in other councils, in clause order (clause, copy): the pairs :func:`candidate_pairs` makes with numpy for
    texts of many copies, made with Python's lists, which for a handful of copies take a tenth of the time
    (a rebuild's touched clauses have some hundred such texts)."""
    pairs_i: list[int] = []
    pairs_j: list[int] = []
    order, starts, of = by_text.tolist(), group_start.tolist(), councils.tolist()
    for code in codes.tolist():
        members = order[starts[code]:starts[code + 1]]
        for clause in members:
            council, found = of[clause], 0
            for other in members:
                if of[other] != council:
                    pairs_i.append(clause)
                    pairs_j.append(other)
                    found += 1
                    if found == per_clause:
                        break
    return np.asarray(pairs_i, dtype=np.int64), np.asarray(pairs_j, dtype=np.int64)


def _members(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The positions of the members of posting lists that start at ``starts`` and hold ``sizes`` entries, list
    after list."""
    return np.repeat(starts, sizes) + np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)


def touched_clauses(norm: list[str], changed: np.ndarray, removed: list[str], max_posting: int = MAX_POSTING,
                    shingles: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """The clauses whose candidates (:func:`candidate_pairs`) may differ from those of the corpus before a
    change, as a boolean mask over ``norm`` (the clause texts after the change, as :func:`_norm` gives them).

    ``changed`` (a mask over ``norm``) marks the clauses that are new or changed, ``removed`` lists the
    texts of the clauses that are gone (those of a changed document included). A clause's candidates come
    from the word 3-grams it shares with others (each 3-gram of at most ``max_posting`` clauses) and from
    identical texts, so a clause is touched when it is changed, shares a 3-gram with a changed or removed
    clause that links clauses before or after the change, or has the same text as one. Any other clause
    shares nothing that changed: its candidates, their scores and their order are the same. ``shingles``:
    :func:`shingle_keys` of ``norm + removed``, when the caller has it.

    >>> touched_clauses(["a b c", "a b c d", "x y z", "p q r"], np.array([False, False, False, True]), ["x y z w"]).tolist()
    [False, False, True, True]
    """
    n = len(norm)
    changed = np.asarray(changed, dtype=bool)
    rows, keys = shingle_keys(list(norm) + list(removed)) if shingles is None else shingles
    touched = changed.copy()
    if len(keys):
        is_new = rows < n
        in_change = np.concatenate([changed, np.ones(len(removed), dtype=bool)])[rows]
        if (keys[1:] >= keys[:-1]).all():  # (by key, as shingle_keys gives them: each key's number without a sort)
            inverse = np.cumsum(np.r_[True, keys[1:] != keys[:-1]]) - 1
        else:
            inverse = np.unique(keys, return_inverse=True)[1].ravel()
        count_new = np.bincount(inverse, weights=is_new)
        count_old = count_new - np.bincount(inverse, weights=is_new & in_change) + np.bincount(inverse, weights=~is_new)
        links = ((count_new > 1) & (count_new <= max_posting)) | ((count_old > 1) & (count_old <= max_posting))
        relevant = links & (np.bincount(inverse, weights=in_change, minlength=len(links)) > 0)
        touched[rows[is_new & relevant[inverse]]] = True
    same_text = {norm[k] for k in np.flatnonzero(changed).tolist()} | set(removed)
    if same_text:
        touched |= np.fromiter((t in same_text for t in norm), dtype=bool, count=n)
    return touched


PAIRS_AT_ONCE = 250_000  # pairs scored in one call of rapidfuzz (it copies the texts of the pairs it is given)


def _pairwise(texts: list[str], ii: np.ndarray, jj: np.ndarray, scorer) -> np.ndarray:
    """``scorer(texts[i], texts[j])`` for each pair (i, j), in rapidfuzz's C loop (0 for two empty texts),
    PAIRS_AT_ONCE pairs at a time."""
    if not len(ii):
        return np.zeros(0)
    values = texts if isinstance(texts, np.ndarray) else np.asarray(texts, dtype=object)
    return np.concatenate([process.cpdist(values[ii[k:k + PAIRS_AT_ONCE]], values[jj[k:k + PAIRS_AT_ONCE]],
                                          scorer=scorer, dtype=np.float64, workers=-1)
                           for k in range(0, len(ii), PAIRS_AT_ONCE)])


def scored_candidates(clauses: pd.DataFrame, per_clause: int = PER_CLAUSE, rows: np.ndarray | None = None,
                      norm: list[str] | None = None, lead: list[str] | None = None,
                      shingles: tuple[np.ndarray, np.ndarray] | None = None) -> pd.DataFrame:
    """Candidate counterparts scored 0–1 (mean of token-sort and plain ratios): columns i, j, similarity,
    ranking, rank. ``rows`` (a boolean mask): only those clauses' candidates (:func:`candidate_pairs`);
    ``norm``, ``lead``: the clause texts and lead-ins as :func:`_norm` gives them, and ``shingles``, when the
    caller has them."""
    norm = clauses["text"].map(_norm).tolist() if norm is None else norm
    councils = pd.factorize(clauses["council"])[0]
    ii, jj = candidate_pairs(norm, councils, per_clause=per_clause, rows=rows, shingles=shingles)
    release_memory()
    # token_sort_ratio is the ratio of the two texts with their words sorted: sorted once a clause here,
    # not twice a pair
    needed = np.unique(np.concatenate([ii, jj]))  # (a few clauses' candidates: sort only their words)
    if lead is None:  # (the lead-ins of the clauses in a pair only)
        lead = np.full(len(norm), "", dtype=object)
        if "lead_in" in clauses:
            lead[needed] = [_norm(t) for t in clauses["lead_in"].iloc[needed]]
    words_sorted = np.full(len(norm), "", dtype=object)
    words_sorted[needed] = [" ".join(sorted(norm[k].split())) for k in needed.tolist()]
    sims = (_pairwise(words_sorted, ii, jj, fuzz.ratio) + _pairwise(norm, ii, jj, fuzz.ratio)) / 200.0
    # equal texts ("a working partnership") are told apart by their lead-ins: a tie-breaker only, 0 for
    # two clauses without one
    no_lead = np.asarray([not x for x in lead], dtype=bool)
    either = ~(no_lead[ii] & no_lead[jj])
    tie = np.zeros(len(ii))
    tie[either] = _pairwise(lead, ii[either], jj[either], fuzz.ratio) / 100.0
    ranking = sims + 0.01 * tie
    del tie, either, no_lead, words_sorted
    # each clause's candidates best first (a stable sort: equal rankings keep their order), numbered from 1
    order = np.lexsort((-ranking, ii))
    ii, jj, sims, ranking = ii[order], jj[order], sims[order], ranking[order]
    del order
    rank = np.arange(1, len(ii) + 1, dtype=np.int64) - np.searchsorted(ii, ii, side="left")
    return pd.DataFrame({"i": ii, "j": jj, "similarity": sims, "ranking": ranking, "rank": rank})


def word_counts(texts: pd.Series) -> np.ndarray:
    """Words in each text, as ``texts.str.split().str.len()`` counts them (NaN for a missing text), without
    holding a list of words a text (hundreds of MB at association scale).

    >>> word_counts(pd.Series(["The Clerk  will reply.", "", None])).tolist()
    [4.0, 0.0, nan]
    """
    return np.fromiter((len(t.split()) if isinstance(t, str) else np.nan for t in texts), dtype=float,
                       count=len(texts))


def align_clauses(clauses: pd.DataFrame, top_k: int = 1, min_words: int = 3,
                  candidates: pd.DataFrame | None = None, rows=None) -> pd.DataFrame:
    """For every clause, its closest counterpart(s) in other councils' protocols.

    One row per clause and rank (best first); ``relation`` says same text (≥ 0.9), modified (≥ 0.6) or no
    counterpart. Candidates come from :func:`candidate_pairs`, so the cost grows with the number of clauses,
    not with its square. ``rows`` (start, end), or an ascending array of clause indices: only the rows of
    those clauses, as in the whole table.
    """
    if clauses.empty:
        return schemas.empty("alignment")
    clauses = clauses.reset_index(drop=True)
    candidates = scored_candidates(clauses) if candidates is None else candidates
    i_all = candidates["i"].to_numpy()
    top = candidates["rank"].to_numpy() <= top_k
    if rows is None or isinstance(rows, tuple):
        lo, hi = rows if rows is not None else (0, len(clauses))
        wanted = np.arange(lo, hi)
        best = candidates[top & (i_all >= lo) & (i_all < hi)]
        texts = clauses["text"].iloc[lo:hi]
    else:  # (some clauses: each a candidate's clause is one of them)
        wanted = np.asarray(rows, dtype=np.int64)
        inside = np.zeros(len(clauses), dtype=bool)
        inside[wanted] = True
        best = candidates[top & inside[i_all]]
        texts = clauses["text"].take(wanted)
    n_words = word_counts(texts)
    best = best[n_words[np.searchsorted(wanted, best["i"].to_numpy())] >= min_words]
    # one row per (clause, rank); a clause without a candidate gets one row with no counterpart
    unmatched = np.setdiff1d(wanted, best["i"].to_numpy())
    i = np.concatenate([best["i"].to_numpy(), unmatched])
    j = np.concatenate([best["j"].to_numpy(), np.full(len(unmatched), -1)])
    sim = np.concatenate([best["similarity"].to_numpy(dtype=float), np.zeros(len(unmatched))])
    rank = np.concatenate([best["rank"].to_numpy(), np.ones(len(unmatched), dtype=np.int64)])
    order = np.lexsort((rank, i))
    i, j, sim, rank = i[order], j[order], sim[order], rank[order]
    relation = np.where(j < 0, "none", np.where(sim >= SAME_AT, "same", np.where(sim >= MODIFIED_AT, "modified", "none")))
    has_other = relation != "none"
    jj = np.where(has_other, j, 0)

    def pick(col: str, idx: np.ndarray, keep: np.ndarray | None = None):
        column = pa.array(clauses[col])
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            # (texts stay in Arrow: no Python string a cell, twice over at association scale)
            values = column.take(pa.array(idx))
            values = pc.if_else(pa.array(keep), values, "") if keep is not None else values
            return pd.array(values, dtype=clauses[col].dtype) if isinstance(clauses[col].dtype, pd.StringDtype) \
                else values.to_pandas()
        values = clauses[col].to_numpy(dtype=object)[idx]
        return np.where(keep, values, "") if keep is not None else values

    table = pd.DataFrame({
        "doc_id": pick("doc_id", i), "council": pick("council", i), "clause_id": pick("clause_id", i),
        "rank": rank.astype(np.int64),
        "other_doc_id": pick("doc_id", jj, has_other), "other_council": pick("council", jj, has_other),
        "other_clause_id": pick("clause_id", jj, has_other),
        "similarity": np.round(sim.astype(float), 4), "relation": relation, "text": pick("text", i),
        "other_text": pick("text", jj, has_other),
    })
    return table[list(schemas.ALIGNMENT.columns)]


def pair_alignment(clauses: pd.DataFrame, council_a: str, council_b: str) -> pd.DataFrame:
    """Clauses of two councils side by side: each of A's clauses with its best counterpart in B."""
    a = clauses[clauses["council"] == council_a].reset_index(drop=True)
    b = clauses[clauses["council"] == council_b].reset_index(drop=True)
    sims = _similarity_matrix(a["text"].map(_norm).tolist(), b["text"].map(_norm).tolist())
    ranking = sims + 0.01 * _similarity_matrix(a["lead_in"].map(_norm).tolist(), b["lead_in"].map(_norm).tolist())
    rows = []
    for i, row in a.iterrows():
        j = int(np.argmax(ranking[i])) if sims.shape[1] else None
        s = float(sims[i, j]) if j is not None else 0.0
        rel = relation_of(s)
        rows.append({"clause_id": row["clause_id"], "text": row["text"], "relation": rel, "similarity": round(s, 3),
                     "other_clause_id": b.loc[j, "clause_id"] if j is not None and rel != "none" else "",
                     "other_text": b.loc[j, "text"] if j is not None and rel != "none" else ""})
    return pd.DataFrame(rows)


def council_similarity(alignment: pd.DataFrame, clauses: pd.DataFrame,
                       candidates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Council × council: the share of one council's clauses with a same or modified counterpart in the other's.

    Pairs of councils with no clause in common are left out (read them as 0); each council's row with
    itself is kept. ``family`` is the template family (:func:`template_families`).
    """
    if clauses.empty:
        return schemas.empty("similarity")
    clauses = clauses.reset_index(drop=True)
    candidates = scored_candidates(clauses) if candidates is None else candidates
    codes, names = pd.factorize(clauses["council"])
    n = len(names)
    sizes = np.bincount(codes, minlength=n)  # clauses a council
    i, j = candidates["i"].to_numpy(), candidates["j"].to_numpy()
    # each clause's best counterpart in each other council, on integer keys (clause, other council)
    key = i.astype(np.int64) * n + codes[j]
    order = np.lexsort((-candidates["similarity"].to_numpy(), key))
    key, sim = key[order], candidates["similarity"].to_numpy()[order]
    del order
    first = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, dtype=bool)
    key, sim = key[first], sim[first]
    matched = sim >= MODIFIED_AT
    key, sim = key[matched], sim[matched]
    pair = codes[key // n].astype(np.int64) * n + key % n  # (council, other council)
    del key
    pairs, inverse = np.unique(pair, return_inverse=True)
    del pair
    n_matched = np.bincount(inverse.ravel(), minlength=len(pairs))
    n_same = np.bincount(inverse.ravel(), weights=(sim >= SAME_AT), minlength=len(pairs)).astype(np.int64)
    del inverse, sim
    # the pairs, then each council with itself, in the order of the councils' names (sorted on integer codes:
    # at association scale there are millions of pairs)
    a = np.concatenate([pairs // n, np.arange(n)])
    b = np.concatenate([pairs % n, np.arange(n)])
    similarity = np.concatenate([(n_matched / sizes[pairs // n]).round(4), np.ones(n)])
    n_modified = np.concatenate([n_matched - n_same, np.zeros(n, dtype=np.int64)])
    n_same = np.concatenate([n_same, sizes])
    del pairs, n_matched
    rank = np.empty(n, dtype=np.int64)
    rank[sorted(range(n), key=list(names).__getitem__)] = np.arange(n)
    order = np.lexsort((rank[b], rank[a]))
    a, b = rank[a[order]], rank[b[order]]  # (councils as their place in name order, the table's order)
    by_rank = pd.array(np.asarray(names, dtype=object)[np.argsort(rank)], dtype="str")  # (text columns as taken)
    families = pd.array(_family_labels(n, a, b, similarity[order]), dtype="str")
    table = pd.DataFrame({"council": by_rank.take(a), "other_council": by_rank.take(b), "n_same": n_same[order],
                          "n_modified": n_modified[order], "similarity": similarity[order], "family": families.take(a)})
    return table[list(schemas.SIMILARITY.columns)]


def connected_components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Component label (its smallest node) of each of ``n`` nodes, given edges (a, b).

    Labels spread along the edges, each node taking the smallest it sees and then its label's label, until
    none changes (a few rounds: the families' graphs are shallow).

    >>> connected_components(4, np.array([3]), np.array([1])).tolist()
    [0, 1, 2, 1]
    >>> connected_components(5, np.array([4, 3, 2]), np.array([3, 2, 1])).tolist()
    [0, 1, 1, 1, 1]
    """
    labels = np.arange(n)
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    while True:
        low = np.minimum(labels[a], labels[b])
        new = labels.copy()
        np.minimum.at(new, a, low)
        np.minimum.at(new, b, low)
        new = new[new]
        if np.array_equal(new, labels):
            return labels
        labels = new


def template_families(similarity: pd.DataFrame, threshold: float = FAMILY_AT) -> dict[str, str]:
    """Connected components of councils whose protocols share ≥ threshold of their clauses (both ways, mean)."""
    names = np.asarray(sorted(similarity["council"].unique()), dtype=object)
    if not len(names):
        return {}
    code = {name: n for n, name in enumerate(names)}
    a = similarity["council"].map(code).to_numpy(dtype=np.int64)
    b = similarity["other_council"].map(code).fillna(-1).to_numpy(dtype=np.int64)
    ok = b >= 0
    labels = _family_labels(len(names), a[ok], b[ok], similarity["similarity"].to_numpy(dtype=float)[ok], threshold)
    return dict(zip(names.tolist(), labels))


def _family_labels(n: int, a: np.ndarray, b: np.ndarray, sim: np.ndarray, threshold: float = FAMILY_AT) -> list[str]:
    """:func:`template_families` of councils numbered 0 … n - 1 in name order: rows (a, b, similarity) of the
    similarity table (rows of a council with itself are left out); each council's family, by number."""
    other = a != b
    low, high, sim = np.minimum(a, b)[other], np.maximum(a, b)[other], np.asarray(sim, dtype=float)[other]
    pairs, inverse = np.unique(low * n + high, return_inverse=True)
    inverse = inverse.ravel()
    mean = np.bincount(inverse, weights=sim, minlength=len(pairs)) / np.bincount(inverse, minlength=len(pairs))
    linked = pairs[mean >= threshold]  # (the mean of both ways, or the one there is)
    labels = connected_components(n, linked // n, linked % n)
    roots, size = np.unique(labels, return_counts=True)
    # families numbered by size, then by their first council's name (names are sorted, so the root's)
    order = sorted(range(len(roots)), key=lambda k: (-size[k], roots[k]))
    number = {roots[k]: rank for rank, k in enumerate(order, start=1)}
    sizes = dict(zip(roots, size))
    return [f"F{number[labels[k]]}" if sizes[labels[k]] > 1 else f"F{number[labels[k]]} (own template)"
            for k in range(n)]


def gap_report(coverage: pd.DataFrame, clauses: pd.DataFrame, council: str, peers=None,
               examples: int | None = 2, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Topics the council's peers cover and it does not, with peers' clauses as examples.

    ``council``: a name (any case) or doc_id. ``peers``: None or 'all' for every other council; a council
    type ('parish', 'town', …), a nation (with ``documents``), council names (comma-separated or a list) or
    a file of names (:func:`selection.select_councils`). ``examples``: clauses quoted per topic, one per
    covering peer (None: every clause of every covering peer).
    """
    council = resolve_council(council, documents if documents is not None and len(documents) else coverage)
    lookup = documents if documents is not None and len(documents) else coverage
    peer_names = select_councils(peers, lookup, exclude=council)
    peer_cov = coverage[coverage["council"].isin(peer_names)]
    n_peers = peer_cov["council"].nunique()
    own = coverage[coverage["council"] == council].set_index("topic")
    text_of = dict(zip(zip(clauses["council"], clauses["clause_id"].astype(str)), clauses["text"]))
    rows = []
    for topic, group in peer_cov.groupby("topic", sort=False):
        covered = group[group["covered"]]
        if covered.empty or (topic in own.index and bool(own.loc[topic, "covered"])):
            continue
        ex = []
        for r in (covered if examples is None else covered.head(examples)).itertuples():
            for cid in (r.clause_ids if examples is None else r.clause_ids[:1]):
                ex.append(f"{r.council} {cid}: {text_of.get((r.council, str(cid)), '')}")
        rows.append({"topic": topic, "topic_name": group["topic_name"].iloc[0], "peers_covering": len(covered),
                     "n_peers": n_peers, "share_of_peers": round(len(covered) / max(n_peers, 1), 3),
                     "examples": ex})
    out = pd.DataFrame(rows, columns=["topic", "topic_name", "peers_covering", "n_peers", "share_of_peers", "examples"])
    return out.sort_values(["share_of_peers", "topic"], ascending=[False, True]).reset_index(drop=True)


def family_sort_key(family: str) -> tuple[int, str]:
    """Natural order of template family ids: F1, F2, … F10 (not F1, F10, F2).

    >>> sorted(["F10", "F2", "F1 (own template)"], key=family_sort_key)
    ['F1 (own template)', 'F2', 'F10']
    """
    m = re.match(r"F(\d+)", str(family))
    return (int(m.group(1)) if m else 10**9, str(family))


def family_table(similarity: pd.DataFrame) -> pd.DataFrame:
    """Council and template family, families in natural order (F1, F2, … F10) then council name."""
    fam = similarity.drop_duplicates("council")[["council", "family"]]
    key = fam["family"].map(family_sort_key)
    return fam.assign(_k=key).sort_values(["_k", "council"]).drop(columns="_k").reset_index(drop=True)
