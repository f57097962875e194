"""Issue 15: routes drawn as routes, evidence behind a cell, two councils side by side, Excel and IG Script
exports, council selection with 'did you mean', web clutter out of front matter, coded CLI messages.

Built on the small hand-made corpus of test_report.py (labels filled in, no tagger needed)."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from protocol_analytics import plots, schemas
from protocol_analytics.analysis import compare
from protocol_analytics.errors import UnknownCouncilError, UserError
from protocol_analytics.io import read_table, write_table
from test_report import COUNCILS, _chromium

# ---------------------------------------------------------------- escalation relations and routes

def _esc(text: str, spans: list[tuple[str, str]], roles=("councillor",)):
    """clauses + tags for one clause: spans are (label, evidence text found in the clause text)."""
    from protocol_analytics.analysis.routes import escalation_edges

    clauses = pd.DataFrame([{"doc_id": "d", "council": "C", "clause_id": "1", "text": text, "roles": list(roles),
                             "escalation_targets": [label for label, _ in spans]}])
    tags = pd.DataFrame([{"doc_id": "d", "clause_id": "1", "field": "escalation_target", "label": label,
                          "span_start": text.index(ev), "span_end": text.index(ev) + len(ev), "sentence": text}
                         for label, ev in spans])
    return escalation_edges(clauses, tags)


def test_either_or_targets_are_alternatives_not_steps():
    e = _esc("It will be dealt with under the disciplinary procedure or, where it is about performance, the "
             "capability procedure.", [("disciplinary_procedure", "disciplinary procedure"),
                                       ("capability_procedure", "capability procedure")])
    assert list(zip(e["target"], e["step"], e["relation"])) == [
        ("disciplinary_procedure", 1, "first"), ("capability_procedure", 1, "or")]


def test_referral_is_a_later_step():
    e = _esc("Raise it with the Clerk, who will refer it to the Staffing Committee.",
             [("clerk", "the Clerk"), ("personnel_committee", "Staffing Committee")])
    assert list(zip(e["target"], e["step"], e["relation"])) == [("clerk", 1, "first"), ("personnel_committee", 2, "then")]
    schemas.validate("escalation_edges", e)


def test_route_graph_layers_and_alternatives():
    from protocol_analytics.analysis.routes import route_graph

    e = _esc("Raise it with the Clerk, who will deal with it under the disciplinary or capability procedure.",
             [("clerk", "the Clerk"), ("disciplinary_procedure", "disciplinary"), ("capability_procedure", "capability procedure")])
    g = route_graph(e, "C")
    assert {(n[0], n[1]) for n in g.nodes} == {(0, "councillor"), (1, "clerk"), (2, "disciplinary_procedure"),
                                              (2, "capability_procedure")}
    assert all(g.nodes[b]["layer"] == g.nodes[a]["layer"] + 1 for a, b in g.edges)
    assert g[(1, "clerk")][(2, "capability_procedure")]["alternatives"] == 1
    assert g[(0, "councillor")][(1, "clerk")]["alternatives"] == 0


def test_route_figure_arrows_end_on_boxes_and_columns_are_named(tables):
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    fig = plots.escalation_graph(tables["escalation_edges"], "Ashcombe Parish Council")
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert {"raised by", "first stop", "second stop"} <= set(texts)
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(boxes) == 3 and len(arrows) == 2
    for arrow in arrows:  # from a box's right side to the left side of a box in the next column
        (x0, y0), (x1, y1) = arrow._posA_posB
        left = [b for b in boxes if abs(b.get_x() + b.get_width() - x0) < 1e-9 and b.get_y() <= y0 <= b.get_y() + b.get_height()]
        right = [b for b in boxes if abs(b.get_x() - x1) < 1e-9 and b.get_y() <= y1 <= b.get_y() + b.get_height()]
        assert len(left) == 1 and len(right) == 1
    fig.canvas.draw()
    # no two texts overlap
    boxes_px = [t.get_window_extent() for t in ax.texts if t.get_text()]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes_px) for b in boxes_px[i + 1:])


def test_route_pages_page_through_many_councils():
    rows = [{"council": f"Council {k:03d}", "doc_id": f"c{k}", "clause_id": "1", "source": "councillor",
             "target": "clerk", "step": 1, "relation": "first", "evidence": "x"} for k in range(30)]
    edges = pd.DataFrame(rows)
    figs = plots.escalation_route_pages(edges, per_page=12)
    assert len(figs) == 3 and "page 3 of 3" in figs[-1].get_suptitle()
    assert sum(1 for ax in figs[-1].axes if ax.get_title()) == 6
    first = plots.escalation_first_stops(edges)
    assert first.axes[0].get_images()[0].get_array().shape == (30, 1)


def test_escalation_targets_counts_are_whole_numbers_in_cells(tables):
    fig = plots.escalation_targets_by_council(tables["escalation_edges"])
    ax, cbar = fig.axes[0], fig.axes[1]
    assert all(float(t).is_integer() for t in cbar.get_yticks())
    assert {t.get_text() for t in ax.texts} == {"1"}


def test_similarity_masks_diagonal_and_scales_to_off_diagonal(tables):
    sim = tables["similarity"]
    fig = plots.similarity_heatmap(sim)
    image = fig.axes[0].get_images()[0]
    arr = image.get_array()
    assert arr.mask.diagonal().all()
    off = sim.loc[sim["council"] != sim["other_council"], "similarity"]
    assert image.norm.vmax < 1.0 or off.max() > 0.95
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert not any("own template" in label for label in labels)


def test_family_sort_is_natural():
    assert sorted(["F10", "F2", "F1", "F11"], key=compare.family_sort_key) == ["F1", "F2", "F10", "F11"]


def test_statement_role_pairs_are_split():
    st = pd.DataFrame({"role": ["councillor;officer", "officer;councillor", "clerk"], "duty": ["obligation"] * 3})
    counts = plots.duty_counts(st)
    assert set(counts.index) == {"councillor", "officer", "clerk"} and counts.loc["officer", "obligation"] == 2


def test_text_helpers():
    from protocol_analytics.text import plural, shorten

    assert plural(1, "topic") == "1 topic" and plural(2, "document") == "2 documents"
    cut = shorten("word " * 100, 40)
    assert cut.endswith("…") and len(cut) <= 40 and not cut[:-2].endswith("wor")


# ---------------------------------------------------------------- selection

def test_select_and_resolve_councils(tables, tmp_path):
    from protocol_analytics.analysis.selection import resolve_council, select_councils

    docs = tables["documents"]
    assert resolve_council("ashcombe parish council", docs) == "Ashcombe Parish Council"
    assert resolve_council("bramley-town-council", docs) == "Bramley Town Council"
    assert select_councils("parish", docs) == ["Ashcombe Parish Council", "Corton Parish Council"]
    assert select_councils("England", docs, exclude="Corton Parish Council") == ["Ashcombe Parish Council",
                                                                               "Bramley Town Council"]
    names = tmp_path / "peers.txt"
    names.write_text("# my peers\nbramley town council\ncorton-parish-council\n")
    assert select_councils(str(names), docs) == ["Bramley Town Council", "Corton Parish Council"]
    with pytest.raises(UnknownCouncilError, match="Did you mean 'Ashcombe Parish Council'"):
        resolve_council("Ashcomb Parish Council", docs)
    with pytest.raises(UserError, match="Did you mean 'town'") as err:
        select_councils("twon", docs)
    assert err.value.code == "PA043"
    with pytest.raises(UserError, match="no council of that nation"):
        select_councils("Wales", docs)
    with pytest.raises(UserError) as err:
        select_councils(str(tmp_path / "missing.txt"), docs)
    assert err.value.code == "PA042"


def test_figures_and_gaps_accept_selections(tables):
    fig = plots.coverage_heatmap(tables["coverage"], councils="parish", documents=tables["documents"])
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Ashcombe Parish Council", "Corton Parish Council"]
    from protocol_analytics.analysis.compare import gap_report

    gaps = gap_report(tables["coverage"], tables["clauses"], "ashcombe parish council", peers="town")
    assert set(gaps["n_peers"]) == {1} and "meeting_etiquette" in set(gaps["topic"])
    with pytest.raises(UserError):
        plots.coverage_heatmap(tables["coverage"], councils="hamlet", documents=tables["documents"])


# ---------------------------------------------------------------- show

def test_topic_evidence_lists_the_clauses_behind_a_cell(mini_processed):
    from protocol_analytics.analysis.evidence import format_evidence, topic_evidence

    ev = topic_evidence("ASHCOMBE PARISH COUNCIL", "Raising concerns", processed=mini_processed)
    assert set(ev["clause_id"]) == {"3.1"}
    text = format_evidence(ev, "Ashcombe Parish Council", "raising_concerns", "Raising concerns")
    assert "1 clause" in text and "raise it with the Clerk" in text
    with pytest.raises(UserError, match="Did you mean 'raising_concerns'"):
        topic_evidence("Ashcombe Parish Council", "raising_concern", processed=mini_processed)


# ---------------------------------------------------------------- compare

def test_side_by_side_relations_and_word_diff(tables):
    from protocol_analytics.analysis.side_by_side import render_comparison_html, side_by_side, word_diff

    table = side_by_side(tables["clauses"], "Ashcombe Parish Council", "Bramley Town Council")
    rel = dict(zip(table["a_clause_id"].where(table["a_clause_id"] != "", table["b_clause_id"]), table["relation"]))
    assert rel["1.1"] == "same"
    assert {"only in A", "only in B"} <= set(table["relation"])
    assert (table["a_clause_id"] != "").sum() == 3 and (table["b_clause_id"] != "").sum() == 3
    a, b = word_diff("Officers must attend.", "Officers must not attend.")
    assert a == "Officers must attend." and b == "Officers must <ins>not</ins> attend."
    page = render_comparison_html(table, "Ashcombe Parish Council", "Bramley Town Council")
    assert "<script" not in page and "only in Bramley Town Council" in page


@pytest.fixture(scope="module")
def compare_page(mini_processed, tmp_path_factory) -> Path:
    from protocol_analytics.analysis.side_by_side import write_comparison

    return write_comparison("ashcombe-parish-council", "Bramley Town Council", processed=mini_processed,
                            out_dir=tmp_path_factory.mktemp("compare"))


def test_compare_page_written(compare_page):
    assert compare_page.name == "compare-ashcombe-parish-council--bramley-town-council.html"
    html = compare_page.read_text(encoding="utf-8")
    assert html.count("<tr class=") == 5 and "<h1>Ashcombe Parish Council and Bramley Town Council</h1>" in html


@pytest.mark.browser
def test_compare_page_in_headless_chromium(compare_page, tmp_path):
    browser = _chromium()
    if browser is None:
        pytest.skip("headless Chromium is not installed (apt-get install -y chromium)")
    args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=3000", "--dump-dom", compare_page.as_uri()]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert len(re.findall(r"<tr class=\"(?:same|modified|only-in-a|only-in-b)\"", dom)) == 5
    assert "<h1>Ashcombe Parish Council and Bramley Town Council</h1>" in dom


# ---------------------------------------------------------------- exports

def test_workbook_opened_with_openpyxl(mini_processed, tmp_path):
    import openpyxl

    from protocol_analytics.export import write_workbook

    path = write_workbook(tmp_path / "protocols.xlsx", mini_processed)
    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb.sheetnames == ["councils", "coverage", "gaps", "clauses", "escalation_edges"]
    rows = list(wb["councils"].values)
    header, body = rows[0], rows[1:]
    assert {"council", "council_type", "nation", "adopted", "reviewed", "clauses", "topics_covered",
            "first_escalation_stop", "closest_protocol"} <= set(header)
    summary = {r[header.index("council")]: dict(zip(header, r)) for r in body}
    assert set(summary) == set(COUNCILS)
    assert summary["Ashcombe Parish Council"]["first_escalation_stop"] == "clerk"
    assert summary["Ashcombe Parish Council"]["clauses"] == 3
    cov = list(wb["coverage"].values)
    assert len(cov) == 1 + len(COUNCILS) and "Political groups" in cov[0]
    clauses = list(wb["clauses"].values)
    assert len(clauses) == 1 + 8 and "councillor; officer" in {r[clauses[0].index("roles")] for r in clauses[1:]}
    assert len(list(wb["escalation_edges"].values)) == 1 + len(read_table("escalation_edges", mini_processed))
    gaps = list(wb["gaps"].values)
    assert ("Ashcombe Parish Council", "meeting_etiquette") in {(r[0], r[1]) for r in gaps[1:]}


STATEMENTS = [
    {"attribute": "Councillors", "role": "councillor", "deontic": "should not", "duty": "prohibition",
     "aim": "give instructions", "object": "to staff (other than the Clerk)", "condition": "", "or_else": ""},
    {"attribute": "An officer", "role": "officer", "deontic": "may", "duty": "permission", "aim": "raise",
     "object": "a concern", "condition": "If treated with disrespect", "or_else": "clerk; grievance_procedure"},
    {"attribute": "The Clerk", "role": "clerk", "deontic": "must", "duty": "obligation", "aim": "acknowledge",
     "object": "", "condition": "when a complaint [see 5.1] is made", "or_else": ""},
]


def test_ig_script_round_trip(mini_processed, tmp_path):
    from protocol_analytics.export import IG_COMPONENTS, ig_text, read_ig_script, write_ig_script

    rows = [{"doc_id": "ashcombe-parish-council", "council": "Ashcombe Parish Council", "clause_id": f"{k}.1",
             "statement_id": f"{k}.1#1", "sentence": f"Sentence {k}.", "passive": False, **s}
            for k, s in enumerate(STATEMENTS, start=1)]
    out = tmp_path / "processed"
    shutil.copytree(mini_processed, out)
    write_table(pd.DataFrame(rows), "statements", out)
    path = write_ig_script(tmp_path / "statements.tsv", out)
    first = path.read_text(encoding="utf-8").splitlines()[1].split("\t")[-1]
    assert first == "A(Councillors) D(should not) I(give instructions) Bdir(to staff other than the Clerk)"
    back = read_ig_script(path)
    assert len(back) == len(STATEMENTS)
    for parsed, original in zip(back.to_dict("records"), STATEMENTS, strict=True):
        for _, column in IG_COMPONENTS:
            assert parsed[column] == ig_text(original[column]), column
    assert back.loc[1, "encoded_statement"].startswith("A(An officer) D(may) I(raise) Bdir(a concern) Cac(If treated")


# ---------------------------------------------------------------- front matter and nation

def test_web_clutter_is_no_title_and_leaves_front_matter():
    from protocol_analytics.frontmatter import clean_front_matter, clean_title, is_web_clutter, nation_of

    front = ["We use cookies to improve your experience on our website. Accept all cookies",
             "Home | About us | Councillors | Meetings | Contact", "Cyngor Cymuned Llanfair",
             "Llanfair Community Council", "Member/Officer Protocol", "Related documents", "Standing Orders",
             "Financial Regulations", "Share this page on Facebook", "© 2024 Llanfair Community Council"]
    assert clean_title(front[0], front) == "Member/Officer Protocol"
    kept = clean_front_matter(front)
    assert kept == ["Cyngor Cymuned Llanfair", "Llanfair Community Council", "Member/Officer Protocol"]
    assert not is_web_clutter("Adopted by the Council on 12 May 2023")
    assert nation_of(["clerc@llanfair.cymru"]) == "Wales"
    assert nation_of(["Croeso i wefan y cyngor", "Cysylltu gyda ni"]) == "Wales"
    assert nation_of(["Ashcombe Parish Council", "clerk@ashcombe-pc.gov.uk"]) == ""


def test_document_metadata_of_a_web_page():
    from protocol_analytics.frontmatter import document_metadata
    from protocol_analytics.segment import segment_text

    text = ("This website uses cookies. By continuing to browse the site you accept our use of cookies.\n\n"
            "Home | News | Council | Contact\n\nwww.llanbedr.cymru\n\nProtocol on Member and Officer Relations\n\n"
            "1. Introduction\n\n1.1 This protocol guides councillors and the Clerk in their work together.\n\n"
            "1.2 Councillors must treat the Clerk with courtesy.\n")
    meta = document_metadata(segment_text(text), "llanbedr", None)
    assert meta["title"] == "Protocol on Member and Officer Relations"
    assert meta["nation"] == "Wales"
    assert "cookies" not in meta["front_matter"] and "Home | News" not in meta["front_matter"]


# ---------------------------------------------------------------- command line

def _cli(*args, cwd=None) -> subprocess.CompletedProcess:
    import sys

    return subprocess.run([sys.executable, "-m", "protocol_analytics", *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd)


def test_cli_show_compare_export_and_coded_errors(mini_processed, tmp_path):
    P = str(mini_processed)
    show = _cli("show", "ashcombe parish council", "raising_concerns", "--processed", P)
    assert show.returncode == 0 and "3.1  (3 Concerns" in show.stdout and "1 clause" in show.stdout
    comp = _cli("compare", "Ashcombe Parish Council", "corton-parish-council", "--processed", P, "--out", str(tmp_path))
    assert comp.returncode == 0 and Path(comp.stdout.strip()).exists()
    exp = _cli("export", "--xlsx", str(tmp_path / "a.xlsx"), "--ig-script", str(tmp_path / "a.tsv"), "--processed", P)
    assert exp.returncode == 0 and (tmp_path / "a.xlsx").exists() and (tmp_path / "a.tsv").exists()
    # a wrong name or option exits 2, something missing exits 4 (README: exit statuses)
    for args, code, status in [(("show", "Ashcomb Parish Council", "raising_concerns", "--processed", P), "PA040", 2),
                               (("gaps", "Ashcombe Parish Council", "--peers", "twon", "--processed", P), "PA043", 2),
                               (("evaluate", str(tmp_path / "none.jsonl"), "--processed", P), "PA042", 4),
                               (("build", str(tmp_path / "no-such-folder")), "PA042", 4),
                               (("report", "x", "--processed", str(tmp_path / "empty")), "PA041", 4),
                               (("export", "--processed", P), "PA047", 2)]:
        proc = _cli(*args)
        assert proc.returncode == status, (args, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error {code}:"), (args, proc.stderr)
        assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("command", ["build", "evaluate", "gaps", "report", "show", "compare", "export", "schema"])
def test_cli_help_has_an_example(command):
    from protocol_analytics.cli import make_parser

    sub = next(a for a in make_parser()._actions if a.dest == "command").choices[command]
    assert f"protocol-analytics {command}" in sub.format_help().split("example:")[1]
