#!/usr/bin/env python3
"""Keep the real development pages honest: restored copies checked, new candidates screened.

The real pages are third-party text kept beside the project, never in it (``tests/data/real/README.md``).
Two checks that every session needs when it restores them or looks for a new batch:

``verify``
    Every row of ``sources.csv`` (and of ``../shared/real/sources.csv``) whose page is in a pages folder: is its
    whitespace-collapsed SHA-1 the one recorded? Prints one line a page (OK / MISSING / MISMATCH) and exits 1
    when any page listed on the command line (or, with none, any restored page) does not match.

``check URL PAGE``
    May this page join a new batch? Not when its address's or its text's SHA-1 is in
    ``../shared/real/excluded.txt``; not when an earlier batch used the same address (scheme, ``www.``,
    fragment, a trailing slash and a query that does not name the page ignored) or the same text; not when it
    is a near copy of a restored page (at least ``NEAR_COPY`` of its word 8-grams shared: councils copy each
    other's procedures). Prints ``OK`` with
    the hash and length that ``sources.csv`` records, or the reasons, and exits 1 on any.

Only standard library; run it with any Python 3.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "tests/data/real/sources.csv"
SHARED = ROOT.parent / "shared/real"
PAGES = [ROOT.parent / "real-new/pages", ROOT.parent / "real-pages"]
NEAR_COPY = 0.3  # share of a candidate's word 8-grams found in one restored page that makes it a copy of it


def text_hash(text: str) -> str:
    """SHA-1 of the whitespace-collapsed text, as ``sources.csv`` records it.

    >>> text_hash("The Clerk\\n  will reply.") == text_hash("The Clerk will reply.")
    True
    """
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()


def address_key(url: str) -> str:
    """An address without what does not tell two pages apart: scheme, ``www.``, fragment, final slash, case, and
    the query but for the parameters that name the page itself (a committee site's ``?CId=`` or ``?ID=``: its
    committees' pages differ only there), in order.

    >>> address_key("https://www.Example.gov.uk/council/complaints/?page=2#top")
    'example.gov.uk/council/complaints'
    >>> address_key("https://democracy.example.gov.uk/ieListMeetings.aspx?Year=0&CId=1166")
    'democracy.example.gov.uk/ielistmeetings.aspx?cid=1166'
    """
    key, _, query = url.strip().lower().split("#")[0].partition("?")
    key = re.sub(r"^www\.", "", re.sub(r"^[a-z]+://", "", key)).rstrip("/")
    naming = sorted(p for p in query.split("&") if p.partition("=")[0] in PAGE_PARAMETERS and p.partition("=")[2])
    return key + ("?" + "&".join(naming) if naming else "")


PAGE_PARAMETERS = frozenset({"id", "cid", "mid", "iid", "docid", "pageid", "committeeid"})


def shingles(text: str, n: int = 8) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def source_rows(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        if path.is_file():
            with open(path, encoding="utf-8", newline="") as fh:
                rows += list(csv.DictReader(fh))
    return rows


def excluded_hashes(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    return {ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")}


def check_candidate(url: str, text: str, rows: list[dict], excluded: set[str], pages: list[Path],
                    itself: Path | None = None) -> list[str]:
    """The reasons a page may not join a new batch ([] when it may); ``itself``: the candidate's own file, where
    it is saved among the pages."""
    problems = []
    if hashlib.sha1(url.encode("utf-8")).hexdigest() in excluded or text_hash(text) in excluded:
        problems.append("excluded: its address or text is listed in excluded.txt")
    if address_key(url) in {address_key(r["url"]) for r in rows}:
        problems.append("already used: an earlier batch has the same address")
    if text_hash(text) in {r["sha1_ws_normalized"] for r in rows}:
        problems.append("already used: an earlier batch has the same text")
    mine = shingles(text)
    if mine:
        for folder in pages:
            for other in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
                if itself is not None and other.resolve() == itself.resolve():
                    continue
                shared = len(mine & shingles(other.read_text(encoding="utf-8")))
                if shared >= NEAR_COPY * len(mine):
                    problems.append(f"near copy of a used page: {other.name} ({shared} of {len(mine)} 8-grams)")
                    return problems
    return problems


def verify(rows: list[dict], pages: list[Path], wanted: list[str]) -> int:
    bad = 0
    for row in rows:
        doc_id = row["doc_id"]
        if wanted and doc_id not in wanted:
            continue
        found = next((f / f"{doc_id}.txt" for f in pages if (f / f"{doc_id}.txt").is_file()), None)
        if found is None:
            if wanted:
                print(f"{doc_id} MISSING")
                bad += 1
            continue
        got = text_hash(found.read_text(encoding="utf-8"))
        ok = got == row["sha1_ws_normalized"]
        print(f"{doc_id} OK" if ok else f"{doc_id} MISMATCH ({found}: {got}, sources.csv: {row['sha1_ws_normalized']})")
        bad += not ok
    for doc_id in sorted(set(wanted) - {row["doc_id"] for row in rows}):
        print(f"{doc_id} UNKNOWN (no row of sources.csv)")
        bad += 1
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", type=Path, action="append",
                    help=f"a sources.csv (repeatable; default {SOURCES.relative_to(ROOT)} and ../shared/real/sources.csv)")
    ap.add_argument("--pages", type=Path, action="append", help="a folder of restored pages (repeatable; default "
                                                                "../real-new/pages and ../real-pages)")
    ap.add_argument("--excluded", type=Path, default=SHARED / "excluded.txt")
    sub = ap.add_subparsers(dest="command", required=True)
    v = sub.add_parser("verify", help="restored pages against their recorded hashes")
    v.add_argument("doc_ids", nargs="*")
    c = sub.add_parser("check", help="may this page join a new batch?")
    c.add_argument("url")
    c.add_argument("page", type=Path)
    args = ap.parse_args(argv)
    rows = source_rows(args.sources or [SOURCES, SHARED / "sources.csv"])
    pages = args.pages or PAGES
    if args.command == "verify":
        return verify(rows, pages, args.doc_ids)
    try:
        text = args.page.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{args.page}: cannot be read ({exc}); save the excerpt as UTF-8 text and try again", file=sys.stderr)
        return 2
    problems = check_candidate(args.url, text, rows, excluded_hashes(args.excluded), pages, args.page)
    print("\n".join(problems) if problems else f"OK sha1_ws_normalized={text_hash(text)} chars={len(text)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
