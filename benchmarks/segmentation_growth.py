"""How segmentation's time grows with the size of hostile inputs: each attack's text made 4 times longer should take
about 4 times as long (linear), not 16 (quadratic).

A time ratio depends on the machine's load, so it is measured here, with the benchmarks, not in the tests:
``tests/test_reliability.py`` counts the work instead (the characters the segmenter joins), which no load
changes. Each size is timed a few times in this process's CPU time and the fastest run kept.

    python benchmarks/segmentation_growth.py            # prints each attack's ratio; exit status 1 if one is >= 8
"""
from __future__ import annotations

import sys
import time

ATTACKS = {
    # a numbered clause followed by thousands of unnumbered paragraphs (all appended to it)
    "clause-then-paragraphs": lambda n: "1. Councillors must be courteous to officers.\n\n" + "\n\n".join(
        f"Further paragraph {i} of the same clause, with several words in it." for i in range(n)),
    # one paragraph of thousands of wrapped lines, some hyphenated
    "one-long-paragraph": lambda n: "1. Introduction\n\n" + "\n".join(
        f"line {i} of one very long para- graph that wraps" + ("-" if i % 3 else "") for i in range(n)),
    # the same clause number over and over
    "repeated-clause-id": lambda n: "\n\n".join(f"1.1 Clause text number {i}." for i in range(n)),
    # a list far longer than 999 items
    "long-list": lambda n: "Members must:\n\n" + "\n".join(f"{i}. do thing {i};" for i in range(1, n + 1)),
}
"""Inputs that made the segmenter's work grow with the square of their size before it was fixed."""

SIZE = 800  # each attack at this size and at 4 times it
LINEAR_BELOW = 8  # a ratio under this is linear (4) with room for noise; quadratic work gives about 16


def growth(make, run, n: int = SIZE, repeats: int = 3) -> float:
    """How many times longer ``run(make(4n))`` takes than ``run(make(n))`` (the fastest of ``repeats`` runs of
    each, in this process's CPU time)."""
    def best(size: int) -> float:
        data = make(size)
        times = []
        for _ in range(repeats):
            start = time.process_time()
            run(data)
            times.append(time.process_time() - start)
        return min(times)

    return best(4 * n) / best(n)


def segmentation_growth() -> dict[str, float]:
    """Each attack's ratio, for ``protocol_analytics.segment.segment_text``."""
    from protocol_analytics.segment import segment_text

    segment_text(ATTACKS["long-list"](10))  # (its rules compiled before anything is timed)
    return {name: growth(make, segment_text) for name, make in ATTACKS.items()}


def main() -> int:
    ratios = segmentation_growth()
    for name, ratio in ratios.items():
        print(f"{name:24} {ratio:5.1f}x for 4x the text {'ok' if ratio < LINEAR_BELOW else 'NOT LINEAR'}")
    return 0 if max(ratios.values()) < LINEAR_BELOW else 1


if __name__ == "__main__":
    sys.exit(main())
