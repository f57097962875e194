"""Where a piece of evidence sits in its document's text (tag._doc_offset), its pattern compiled once."""
from __future__ import annotations

import re

from protocol_analytics.tag import _doc_offset, _evidence_pattern


def _uncached(raw, clause_start, clause_end, evidence, clause_text="", span_start=-1):
    """_doc_offset as it was, compiling the evidence's pattern on every call."""
    words = evidence.split()
    if not words:
        return -1
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words[:8]))
    nth = len(pattern.findall(clause_text[:span_start])) if clause_text and span_start > 0 else 0
    for k, m in enumerate(pattern.finditer(raw[clause_start:clause_end + 1])):
        if k == nth:
            return clause_start + m.start()
    return -1


RAW = ("Title\n\n1. The Clerk  will\nreply. The Clerk (or Chair*) will act; the clerk's deputy [if any] may "
       "help.\n2. Complaints go to the Monitoring Officer, then to the Monitoring\tOfficer's deputy: 1+1 = 2? "
       "see s.3.1(a) and a b c d e f g h i j.")


def test_the_offsets_are_those_of_a_pattern_compiled_each_time():
    cases = []
    for evidence in ("The Clerk will reply.", "The Clerk", "Clerk (or Chair*)", "clerk's deputy [if any]", "",
                     "   ", "Monitoring Officer", "Monitoring Officer's deputy:", "1+1 = 2?", "s.3.1(a)",
                     "a b c d e f g h i j", "a b c d e f g h X", "not there", "lerk"):
        for start, end in ((0, len(RAW)), (7, 120), (120, len(RAW) - 1)):
            clause = RAW[start:end + 1]
            for span_start in (-1, 0, 5, 40, len(clause)):
                cases.append((RAW, start, end, evidence, clause, span_start))
    found = [_doc_offset(*c) for c in cases]
    assert found == [_uncached(*c) for c in cases]
    assert sum(f >= 0 for f in found) > 50 and -1 in found
    assert found == [_doc_offset(*c) for c in cases]  # (the patterns kept answer as the new ones did)


def test_an_evidence_pattern_is_compiled_once():
    assert _evidence_pattern(("The", "Clerk")) is _evidence_pattern(("The", "Clerk"))
    assert _evidence_pattern(("a+", "(b)")).pattern == r"(?<!\w)a\+\s+\(b\)"
