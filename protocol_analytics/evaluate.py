"""Score a clause table against hand-coded gold, as ANNOTATION.md section 7 defines.

The matching and the micro-averaged figures are the same as the coding
scheme's reference scorer (``shared/tools/score_clauses.py``); on top of them
this module reports per-label figures, a duty confusion table and the clauses
where prediction and gold differ.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

from .text import as_set

FIELDS = ("roles", "duties", "escalation_targets", "topics")
MATCH_AT = 0.8


def tokens(text) -> list[str]:
    return re.findall(r"[a-z0-9]+", str(text).lower())


def overlap_f1(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    ca, cb = Counter(a), Counter(b)
    common = sum(min(n, cb[t]) for t, n in ca.items())
    if common == 0:
        return 0.0
    p, r = common / len(b), common / len(a)
    return 2 * p * r / (p + r)


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def load_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def load_predicted(path: Path) -> list[dict]:
    path = Path(path)
    if path.suffix == ".jsonl":
        rows = load_gold(path)
        return [r for r in rows if r.get("kind", "clause") == "clause"]
    df = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
    return df.to_dict("records")


def match_clauses(g_rows: list[dict], p_rows: list[dict]) -> list[tuple[int, int, float]]:
    """Greedy one-to-one matching by token-overlap F1, best pair first, at MATCH_AT or more."""
    g_tok = [tokens(r["text"]) for r in g_rows]
    p_tok = [tokens(r.get("text", "")) for r in p_rows]
    p_sets = [set(t) for t in p_tok]
    pairs = []
    for i, gt in enumerate(g_tok):
        gset = set(gt)
        for j, pt in enumerate(p_tok):
            if gset & p_sets[j]:
                s = overlap_f1(gt, pt)
                if s >= MATCH_AT:
                    pairs.append((s, i, j))
    pairs.sort(reverse=True)
    used_g, used_p, matched = set(), set(), []
    for s, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            matched.append((i, j, s))
    return matched


def score(gold_rows: list[dict], pred_rows: list[dict]) -> dict:
    """Segmentation, per-field, per-label and coverage figures, a duty confusion table, and the differences."""
    gold = defaultdict(list)
    for r in gold_rows:
        if r.get("kind") == "clause":
            gold[r["doc_id"]].append(r)
    pred = defaultdict(list)
    for r in pred_rows:
        if str(r.get("doc_id")) in gold:
            pred[str(r["doc_id"])].append(r)
    seg = [0, 0, 0]
    counts = {f: [0, 0, 0] for f in FIELDS}
    per_label = {f: defaultdict(lambda: [0, 0, 0]) for f in FIELDS}
    confusion: Counter = Counter()
    cover_gold, cover_pred, topics_seen = set(), set(), set()
    per_doc, diffs = {}, []
    for doc_id, g_rows in gold.items():
        p_rows = pred.get(doc_id, [])
        matched = match_clauses(g_rows, p_rows)
        seg[0] += len(matched)
        seg[1] += len(p_rows)
        seg[2] += len(g_rows)
        per_doc[doc_id] = {"gold": len(g_rows), "predicted": len(p_rows), "matched": len(matched)}
        for i, j, _ in matched:
            diff = {}
            for f in FIELDS:
                g, p = as_set(g_rows[i].get(f)), as_set(p_rows[j].get(f))
                counts[f][0] += len(g & p)
                counts[f][1] += len(p - g)
                counts[f][2] += len(g - p)
                for lab in g & p:
                    per_label[f][lab][0] += 1
                for lab in p - g:
                    per_label[f][lab][1] += 1
                for lab in g - p:
                    per_label[f][lab][2] += 1
                if g != p:
                    diff[f] = {"gold": sorted(g), "predicted": sorted(p)}
                if f == "duties":
                    for lab in sorted(g | p):
                        confusion[(lab if lab in g else "(none)", lab if lab in p else "(none)")] += 1
            if diff:
                diffs.append({"doc_id": doc_id, "clause_id": g_rows[i].get("clause_id"),
                              "predicted_clause_id": p_rows[j].get("clause_id"), "text": g_rows[i]["text"], **diff})
        matched_g = {i for i, _, _ in matched}
        matched_p = {j for _, j, _ in matched}
        for i, r in enumerate(g_rows):
            if i not in matched_g:
                diffs.append({"doc_id": doc_id, "clause_id": r.get("clause_id"), "text": r["text"],
                              "segmentation": "missing from prediction"})
        for j, r in enumerate(p_rows):
            if j not in matched_p:
                diffs.append({"doc_id": doc_id, "predicted_clause_id": r.get("clause_id"), "text": r.get("text", ""),
                              "segmentation": "not in gold"})
        for r in g_rows:
            for t in as_set(r.get("topics")):
                cover_gold.add((doc_id, t))
                topics_seen.add(t)
        for r in p_rows:
            for t in as_set(r.get("topics")):
                cover_pred.add((doc_id, t))
                topics_seen.add(t)
    result = {"segmentation": prf(seg[0], seg[1] - seg[0], seg[2] - seg[0])}
    for f in FIELDS:
        result[f] = prf(*counts[f])
    tp = len(cover_gold & cover_pred)
    result["coverage"] = prf(tp, len(cover_pred - cover_gold), len(cover_gold - cover_pred))
    cells = len(gold) * max(len(topics_seen), 1)
    result["coverage"]["cell_agreement"] = round(1 - len(cover_gold ^ cover_pred) / cells, 4)
    result["documents"] = per_doc
    result["per_label"] = {f: {lab: prf(*c) for lab, c in sorted(per_label[f].items())} for f in FIELDS}
    result["duty_confusion"] = {f"{g} -> {p}": n for (g, p), n in sorted(confusion.items())}
    result["differences"] = diffs
    return result


def evaluate(gold_path: Path, predicted_path: Path) -> dict:
    return score(load_gold(gold_path), load_predicted(predicted_path))


def format_report(result: dict, show_diffs: bool = False) -> str:
    lines = []
    for name in ("segmentation",) + FIELDS + ("coverage",):
        m = result[name]
        extra = f"  cells agree {m['cell_agreement']:.3f}" if "cell_agreement" in m else ""
        lines.append(f"{name:20s} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}{extra}")
    lines.append("\nper label (P / R / F1, tp fp fn):")
    for f in FIELDS:
        for lab, m in result["per_label"][f].items():
            lines.append(f"  {f:18s} {lab:34s} {m['precision']:.2f} / {m['recall']:.2f} / {m['f1']:.2f}"
                         f"   {m['tp']:3d} {m['fp']:3d} {m['fn']:3d}")
    lines.append("\nduty confusion (gold -> predicted, per clause and label):")
    for k, n in result["duty_confusion"].items():
        if "(none)" in k:
            lines.append(f"  {k:34s} {n}")
    lines.append(f"\n{len(result['differences'])} clauses differ" + ("" if show_diffs else " (--diffs lists them)"))
    if show_diffs:
        for d in result["differences"]:
            lines.append(f"\n{d['doc_id']} {d.get('clause_id') or d.get('predicted_clause_id')}: {d['text'][:160]}")
            for f in FIELDS + ("segmentation",):
                if f in d:
                    v = d[f]
                    lines.append(f"    {f}: {v}" if isinstance(v, str) else
                                 f"    {f}: gold {v['gold']}  predicted {v['predicted']}")
    return "\n".join(lines)
