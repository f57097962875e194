"""scripts/real_pages.py: restored real pages checked against their hashes, new candidates screened (invented
pages in a temporary folder; no real page is needed)."""
from __future__ import annotations

import csv
import hashlib
import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts/real_pages.py"
spec = importlib.util.spec_from_file_location("real_pages", SCRIPT)
real_pages = importlib.util.module_from_spec(spec)
spec.loader.exec_module(real_pages)

USED = ("Staff who wish to raise a grievance should first speak to their line manager, who will try to settle the "
        "matter within ten working days. If the matter is not settled, the employee may put the grievance in writing "
        "to the Clerk, who will arrange a hearing before the Staffing Committee.")
OTHER = ("Councillors should address one another courteously at meetings and should not interrupt the person who "
         "has the floor. The Chairman decides who speaks next and may ask a member who persists to leave.")


@pytest.fixture
def corner(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "oldtown-grievance.txt").write_text(USED, encoding="utf-8")
    sources = tmp_path / "sources.csv"
    with open(sources, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["doc_id", "batch", "url", "sha1_ws_normalized"])
        w.writerow(["oldtown-grievance", "1", "https://www.oldtown.gov.uk/staff/grievance/", real_pages.text_hash(USED)])
    excluded = tmp_path / "excluded.txt"
    excluded.write_text("# kept aside\n" + hashlib.sha1(b"https://newtown.gov.uk/aside").hexdigest() + "\n",
                        encoding="utf-8")
    return tmp_path, pages, sources, excluded


def run(corner, *argv):
    _, pages, sources, excluded = corner
    return real_pages.main(["--sources", str(sources), "--pages", str(pages), "--excluded", str(excluded), *argv])


def test_a_new_page_that_nothing_holds_may_join(corner, capsys):
    page = corner[0] / "candidate.txt"
    page.write_text(OTHER, encoding="utf-8")
    assert run(corner, "check", "https://newtown.gov.uk/meetings/conduct", str(page)) == 0
    assert capsys.readouterr().out.startswith(f"OK sha1_ws_normalized={real_pages.text_hash(OTHER)} chars=")


@pytest.mark.parametrize("url, text, reason", [
    ("http://oldtown.gov.uk/staff/grievance?print=1", OTHER, "same address"),
    ("https://elsewhere.gov.uk/a", "  " + USED.replace(" ", "\n", 3), "same text"),
    ("https://elsewhere.gov.uk/b", USED.replace("ten working days", "five working days") + " Appeals go to the Council.",
     "near copy of a used page: oldtown-grievance.txt"),
    ("https://newtown.gov.uk/aside", OTHER, "excluded"),
])
def test_a_page_used_copied_or_kept_aside_may_not(corner, capsys, url, text, reason):
    page = corner[0] / "candidate.txt"
    page.write_text(text, encoding="utf-8")
    assert run(corner, "check", url, str(page)) == 1
    assert reason in capsys.readouterr().out


def test_a_committee_sites_pages_differ_by_the_parameter_that_names_them(corner):
    # one committee's page of a committee site is used: another committee's may join, the same one may not
    with open(corner[2], "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(["oldtown-appeals", "2", "https://democracy.oldtown.gov.uk/ieListMeetings.aspx?CId=116"
                                 "&Year=0", real_pages.text_hash("Appeals Committee")])
    page = corner[0] / "candidate.txt"
    page.write_text(OTHER, encoding="utf-8")
    assert run(corner, "check", "https://democracy.oldtown.gov.uk/ieListMeetings.aspx?CId=133&Year=0", str(page)) == 0
    assert run(corner, "check", "http://democracy.oldtown.gov.uk/ieListMeetings.aspx?Year=2&CId=116", str(page)) == 1


def test_a_candidate_saved_among_the_pages_is_no_copy_of_itself(corner):
    page = corner[1] / "newtown-conduct.txt"
    page.write_text(OTHER, encoding="utf-8")
    assert run(corner, "check", "https://newtown.gov.uk/meetings/conduct", str(page)) == 0


def test_verify_names_a_restored_page_whose_text_differs(corner, capsys):
    assert run(corner, "verify") == 0
    (corner[1] / "oldtown-grievance.txt").write_text(USED.replace("Clerk", "Clerk's deputy"), encoding="utf-8")
    assert run(corner, "verify") == 1
    assert "oldtown-grievance MISMATCH" in capsys.readouterr().out
    assert run(corner, "verify", "nowhere-page") == 1  # asked for by name and not restored


def test_an_unreadable_candidate_is_named(corner, capsys):
    page = corner[0] / "candidate.txt"
    page.write_bytes(b"\xff\xfe not utf-8 \xff")
    assert run(corner, "check", "https://newtown.gov.uk/x", str(page)) == 2
    err = capsys.readouterr().err
    assert "candidate.txt" in err and "UTF-8" in err
