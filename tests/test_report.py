"""Charts (plots.py), figure files and the per-council HTML report (report.py).

The figures and reports are tested on a small hand-made corpus with filled-in labels (so they do not
depend on the tagger) and on empty tables; one slow test renders a report from the bundled data/raw.
"""
from __future__ import annotations

import base64
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from protocol_analytics import plots, schemas
from protocol_analytics.analysis import compare, coverage
from protocol_analytics.errors import UnknownCouncilError
from protocol_analytics.io import write_table

COUNCILS = {
    "Ashcombe Parish Council": ("ashcombe-parish-council", "parish"),
    "Bramley Town Council": ("bramley-town-council", "town"),
    "Corton Parish Council": ("corton-parish-council", "parish"),
}
# (council, clause_id, section, text, roles, duties, escalation_targets, topics)
CLAUSES = [
    ("Ashcombe Parish Council", "1.1", "1 Introduction", "This protocol guides councillors and officers in their working relationship.",
     ["councillor", "officer"], [], [], ["purpose_and_scope", "working_relationship"]),
    ("Ashcombe Parish Council", "2.1", "2 Political groups", "Officers must not attend meetings of political groups.",
     ["officer"], ["prohibition"], [], ["political_groups"]),
    ("Ashcombe Parish Council", "3.1", "3 Concerns", "A councillor who is concerned about an officer should raise it with the Clerk, "
     "then with the Chair of the Staffing Committee.", ["councillor"], ["obligation"], ["clerk", "personnel_committee"],
     ["raising_concerns"]),
    ("Bramley Town Council", "1.1", "1 Introduction", "This protocol guides councillors and officers in their working relationship.",
     ["councillor", "officer"], [], [], ["purpose_and_scope"]),
    ("Bramley Town Council", "2.1", "2 Meetings", "Councillors should address the chair at formal meetings of the council.",
     ["councillor"], ["obligation"], [], ["meeting_etiquette"]),
    ("Bramley Town Council", "3.1", "3 Concerns", "An officer may raise a concern about a councillor with the Clerk.",
     ["officer"], ["permission"], ["clerk"], ["raising_concerns"]),
    ("Corton Parish Council", "1.1", "1 Introduction", "Members can expect officers to give impartial advice.",
     ["councillor"], ["expectation"], [], ["expectations_of_officers"]),
    ("Corton Parish Council", "2.1", "2 Staffing", "The Personnel Committee acts under delegated authority on staffing matters.",
     ["personnel_committee"], ["obligation"], ["personnel_committee"], ["personnel_committee_delegation"]),
]
KEY_HEADINGS = ["Coverage against peers", "Gaps: topics its peers cover and it does not", "Duties by role",
                "Escalation routes"]


def _documents() -> pd.DataFrame:
    rows = []
    for council, (doc_id, ctype) in COUNCILS.items():
        n = sum(c[0] == council for c in CLAUSES)
        rows.append({"doc_id": doc_id, "council": council, "council_source": "manifest", "council_type": ctype,
                     "nation": "England", "title": "Member/Officer Protocol", "source_file": f"{doc_id}.txt",
                     "format": "txt", "sha256": "0" * 64, "n_clauses": n, "n_words": 10 * n, "address": "",
                     "telephone": "", "email": "", "web": "", "adopted": "", "reviewed": "", "front_matter": "",
                     "text_file": f"text/{doc_id}.txt"})
    return pd.DataFrame(rows)


def _clauses() -> pd.DataFrame:
    rows = []
    for council, cid, section, text, roles, duties, esc, topics in CLAUSES:
        rows.append({"doc_id": COUNCILS[council][0], "council": council, "clause_id": cid, "parent_id": None,
                     "number": cid, "section": section, "section_number": section.split()[0],
                     "section_title": section.split(" ", 1)[1], "level": 1, "is_lead_in": False, "lead_in": "",
                     "text": text, "char_start": 0, "char_end": len(text), "roles": roles, "duties": duties,
                     "escalation_targets": esc, "topics": topics})
    return pd.DataFrame(rows)


def _edges(clauses: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for r in clauses[clauses["escalation_targets"].map(len) > 0].itertuples():
        source = next((x for x in r.roles if x in ("councillor", "officer")), "anyone")
        for step, target in enumerate(r.escalation_targets, start=1):
            rows.append({"council": r.council, "doc_id": r.doc_id, "clause_id": r.clause_id, "source": source,
                         "target": target, "step": step, "relation": "first" if step == 1 else "then",
                         "evidence": r.text})
    return pd.DataFrame(rows)


def write_mini_processed(out: Path, rename: dict[str, str] | None = None) -> Path:
    """The three hand-made councils' tables written to ``out`` (councils renamed by ``rename``)."""
    docs, clauses = _documents(), _clauses()
    if rename:
        docs["council"], clauses["council"] = docs["council"].replace(rename), clauses["council"].replace(rename)
    alignment = compare.align_clauses(clauses)
    tables = {"documents": docs, "clauses": clauses, "coverage": coverage.coverage_matrix(clauses, docs),
              "alignment": alignment, "similarity": compare.council_similarity(alignment, clauses),
              "escalation_edges": _edges(clauses)}
    for name in schemas.TABLES:
        write_table(tables.get(name, schemas.empty(name)), name, out)
    return out


def _labelled(fig: Figure) -> bool:
    ax = fig.axes[0]
    return bool(ax.get_xlabel() or ax.get_ylabel()) and bool(ax.get_title() or fig.get_suptitle())


# ---------------------------------------------------------------- plots on data

def test_coverage_heatmap_rows_topics_and_key_topics(tables):
    cov = tables["coverage"]
    councils = sorted(COUNCILS)
    fig = plots.coverage_heatmap(cov, councils=councils)
    assert isinstance(fig, Figure) and _labelled(fig)
    ax = fig.axes[0]
    assert ax.get_images()[0].get_array().shape == (len(councils), cov["topic"].nunique())
    assert [t.get_text() for t in ax.get_yticklabels()] == councils
    xt = ax.get_xticklabels()
    assert [t.get_text() for t in xt[:3]] == [f"{plots.KEY_MARK}{n}" for n in
                                              (plots.topic_names()[k] for k in plots.KEY_TOPICS)]
    assert all(t.get_fontweight() == "bold" for t in xt[:3]) and xt[3].get_fontweight() != "bold"
    assert fig.get_figwidth() > plots.coverage_heatmap(cov[cov["topic"].isin(plots.KEY_TOPICS)]).get_figwidth()


def test_coverage_heatmap_highlight_puts_council_first(tables):
    fig = plots.coverage_heatmap(tables["coverage"], highlight="Corton Parish Council")
    labels = fig.axes[0].get_yticklabels()
    assert labels[0].get_text() == "Corton Parish Council" and labels[0].get_fontweight() == "bold"


def test_topic_ranking_counts_councils(tables):
    cov = tables["coverage"]
    counts = plots.topic_counts(cov)
    assert counts.set_index("topic").loc["raising_concerns", "n_councils"] == 2
    assert counts.set_index("topic").loc["meeting_etiquette", "n_councils"] == 1
    assert counts["n_councils"].is_monotonic_decreasing
    fig = plots.topic_ranking(cov)
    assert _labelled(fig)
    assert len(fig.axes[0].patches) == cov["topic"].nunique()


def test_duties_by_role_counts_and_share(tables):
    counts = plots.duty_counts(tables["clauses"])
    assert counts.loc["councillor", "obligation"] == 2 and counts.loc["officer", "prohibition"] == 1
    assert int(counts.to_numpy().sum()) == sum(len(c[4]) * len(c[5]) for c in CLAUSES)
    fig = plots.duties_by_role(tables["clauses"])
    left, right = fig.axes[:2]
    assert left.get_xlabel() and right.get_xlabel() == "share of all duties (%)"
    assert sum(p.get_width() for p in right.patches) == pytest.approx(100)


def test_duty_counts_from_statements():
    st = pd.DataFrame({"role": ["clerk", "clerk", "", "chair"], "duty": ["obligation", "permission", "obligation", ""]})
    counts = plots.duty_counts(st)
    assert counts.loc["clerk"].sum() == 2 and "chair" not in counts.index


def test_escalation_graph_nodes_and_widths(tables):
    fig = plots.escalation_graph(tables["escalation_edges"], "Ashcombe Parish Council")
    ax = fig.axes[0]
    texts = {t.get_text().replace("\n", " ") for t in ax.texts}
    assert {"councillor", "clerk", "personnel committee"} <= texts
    assert ax.get_title() == "Escalation routes: Ashcombe Parish Council"
    assert {"raised by", "first stop", "second stop"} <= texts  # columns named, no tickless axis
    multi = plots.escalation_small_multiples(tables["escalation_edges"], councils=sorted(COUNCILS))
    assert [a.get_title() for a in multi.axes[:3]] == sorted(COUNCILS)


def test_similarity_and_accuracy(tables):
    fig = plots.similarity_heatmap(tables["similarity"])
    assert _labelled(fig) and fig.axes[0].get_images()[0].get_array().shape == (3, 3)
    result = {"segmentation": {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "tp": 1, "fp": 0, "fn": 1},
              "roles": {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "fp": 1, "fn": 1},
              "documents": {"x": {"gold": 2, "predicted": 1, "matched": 1}}}
    table = plots.accuracy_table(result)
    assert list(table["label"]) == ["segmentation", "roles"]
    fig = plots.gold_accuracy(result)
    assert _labelled(fig) and len(fig.axes[0].patches) == 2 * 3


# ---------------------------------------------------------------- plots on empty tables

@pytest.mark.parametrize("draw", [
    lambda: plots.coverage_heatmap(schemas.empty("coverage")),
    lambda: plots.coverage_heatmap(pd.DataFrame()),
    lambda: plots.topic_ranking(schemas.empty("coverage")),
    lambda: plots.duties_by_role(schemas.empty("clauses")),
    lambda: plots.duties_by_role(schemas.empty("statements")),
    lambda: plots.duties_by_role(pd.DataFrame({"roles": [[]], "duties": [[]]})),
    lambda: plots.escalation_graph(schemas.empty("escalation_edges"), "Nowhere Council"),
    lambda: plots.escalation_small_multiples(schemas.empty("escalation_edges")),
    lambda: plots.escalation_small_multiples(schemas.empty("escalation_edges"), councils=["A", "B"]),
    lambda: plots.escalation_targets_by_council(schemas.empty("escalation_edges")),
    lambda: plots.similarity_heatmap(schemas.empty("similarity")),
    lambda: plots.gold_accuracy(None),
    lambda: plots.gold_accuracy({}),
], ids=["heatmap", "heatmap-no-columns", "ranking", "duties", "duties-statements", "duties-unlabelled",
        "graph", "multiples", "multiples-councils", "targets", "similarity", "accuracy-none", "accuracy-empty"])
def test_plots_on_empty_tables_draw_a_no_data_note(draw):
    fig = draw()
    assert isinstance(fig, Figure) and _labelled(fig)
    notes = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert any("no " in n for n in notes)
    fig.savefig(__import__("io").BytesIO(), format="png")


def test_unlabelled_coverage_still_draws(tables):
    cov = tables["coverage"].assign(covered=False, n_clauses=0, strength="none")
    fig = plots.coverage_heatmap(cov)
    assert fig.axes[0].get_images()[0].get_array().shape[0] == 3
    assert any("no topic covered" in t.get_text() for t in fig.axes[0].texts)


# ---------------------------------------------------------------- files

def test_write_figures_png_and_svg(mini_processed, tmp_path):
    from protocol_analytics.report import write_figures

    out = tmp_path / "figures"
    written = write_figures(mini_processed, out)
    names = {p.stem for p in written}
    assert {"coverage_heatmap", "topic_ranking", "duties_by_role", "similarity"} <= names
    for stem in names:
        png, svg = out / f"{stem}.png", out / f"{stem}.svg"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert "<svg" in svg.read_text(encoding="utf-8")[:1000]
    assert not list(out.glob(".*.tmp"))
    first = (out / "coverage_heatmap.svg").read_bytes()
    write_figures(mini_processed, out)
    assert (out / "coverage_heatmap.svg").read_bytes() == first  # reproducible bytes


@pytest.fixture(scope="module")
def report_html(mini_processed, tmp_path_factory) -> Path:
    from protocol_analytics.report import render_report

    return render_report("Ashcombe Parish Council", processed=mini_processed, peers=None,
                         out_dir=tmp_path_factory.mktemp("reports"))


def test_render_report_is_one_standalone_html(report_html):
    assert report_html.name == "ashcombe-parish-council.html"
    assert [p.name for p in report_html.parent.iterdir()] == [report_html.name]
    html = report_html.read_text(encoding="utf-8")
    assert "Ashcombe Parish Council" in html
    imgs = re.findall(r'<img\b[^>]*\bsrc="([^"]+)"', html)
    assert len(imgs) >= 3 and all(src.startswith("data:image/png;base64,") for src in imgs)
    assert base64.b64decode(imgs[0].split(",", 1)[1])[:4] == b"\x89PNG"
    assert not re.search(r'<script[^>]+src=|<link[^>]+href="https?:', html)  # nothing fetched from outside
    for heading in KEY_HEADINGS:
        assert heading in html
    assert "{{" not in html and "{%" not in html  # every template value filled in
    assert "Meeting etiquette" in html and "Bramley Town Council 2.1" in html  # a gap with a peer's example


def _report_table(html: str, column: str) -> pd.DataFrame:
    """The one table of the report that has a column called ``column``, every cell as text."""
    from io import StringIO

    found = [t for t in pd.read_html(StringIO(html), keep_default_na=False) if column in t.columns]
    assert len(found) == 1, [list(t.columns) for t in pd.read_html(StringIO(html))]
    return found[0].astype(str)


def test_report_coverage_table_rows(report_html, tables):
    """One row per topic of the taxonomy, in the coverage table's order, with the council's strength, its
    clause count and how many of its two peers cover the topic."""
    table = _report_table(report_html.read_text(encoding="utf-8"), "this council")
    cov = tables["coverage"]
    own = cov[cov["council"] == "Ashcombe Parish Council"]
    assert list(table["topic"]) == list(own["topic_name"])
    assert list(table["this council"]) == list(own["strength"])
    assert list(table["clauses"]) == [str(n) for n in own["n_clauses"]]
    rows = table.set_index("topic")
    assert rows.loc["Raising concerns", "peers covering"] == "1 of 2"  # Bramley raises concerns, Corton does not
    assert rows.loc["Meeting etiquette", "peers covering"] == "1 of 2"
    assert rows.loc["Political groups", "peers covering"] == "0 of 2"
    assert rows.loc["Political groups", "this council"] == "clause"


def test_report_duties_escalation_and_closest(report_html, tables):
    html = report_html.read_text(encoding="utf-8")
    duties = _report_table(html, "role").set_index("role")
    assert duties.loc["councillor", "obligation"] == "1" and duties.loc["officer", "prohibition"] == "1"
    routes = _report_table(html, "clause_id")
    assert list(routes["target"]) == ["clerk", "personnel_committee"] and set(routes["clause_id"]) == {"3.1"}
    assert list(routes["relation"]) == ["first", "then"]
    closest = _report_table(html, "other_council")
    sim = tables["similarity"]
    expected = sim[(sim["council"] == "Ashcombe Parish Council") & (sim["other_council"] != "Ashcombe Parish Council")]
    assert set(closest["other_council"]) == set(expected["other_council"])
    assert list(closest["similarity"].astype(float)) == sorted(closest["similarity"].astype(float), reverse=True)
    assert "<b>3.1</b> A councillor who is concerned about an officer" in html  # a covered topic's clause in full


def test_report_escapes_council_names(tmp_path):
    """A council name with HTML's special characters is shown as text, never as markup."""
    from protocol_analytics.report import render_report

    name = 'O\'Hare & <Vale> "Parish" Council'
    processed = write_mini_processed(tmp_path / "processed", rename={"Ashcombe Parish Council": name})
    html = render_report(name, processed, None, tmp_path / "reports").read_text(encoding="utf-8")
    assert "<h1>O&#39;Hare &amp; &lt;Vale&gt; &#34;Parish&#34; Council</h1>" in html
    assert "<Vale>" not in html and '"Parish"' not in html
    assert (tmp_path / "reports" / "o-hare-vale-parish-council.html").is_file()
    peer = render_report("Bramley Town Council", processed, None, tmp_path / "reports").read_text(encoding="utf-8")
    escaped = "O&#39;Hare &amp; &lt;Vale&gt; &#34;Parish&#34; Council"
    assert f"{escaped} 2.1: Officers must not attend" in peer  # a gap's example names the council, escaped


def test_report_replaces_an_old_report_whole(mini_processed, tmp_path):
    from protocol_analytics.report import render_report

    old = tmp_path / "ashcombe-parish-council.html"
    old.write_text("an old report", encoding="utf-8")
    path = render_report("ashcombe-parish-council", mini_processed, None, tmp_path)  # a doc_id works too
    assert path == old and "an old report" not in path.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [old.name]


def test_report_needs_no_kernel_and_core_imports_no_optional_part(mini_processed, tmp_path):
    """Rendering a report (and importing the command line) loads neither Jupyter nor Dask: the core runs
    without the notebooks and dask extras."""
    import os
    import sys

    code = ("import sys; from pathlib import Path; from protocol_analytics import cli, report; "
            f"report.render_report('Ashcombe Parish Council', Path({str(mini_processed)!r}), None, "
            f"Path({str(tmp_path)!r})); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'dask', 'distributed', 'jupyter_client', 'ipykernel', 'IPython', 'nbconvert', 'nbformat', 'papermill'}))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
    assert (tmp_path / "ashcombe-parish-council.html").is_file()


def test_render_report_peer_type(mini_processed, tmp_path):
    from protocol_analytics.report import render_report

    html = render_report("Ashcombe Parish Council", mini_processed, "parish", tmp_path).read_text(encoding="utf-8")
    assert "parish councils (1: Corton Parish Council)" in html
    assert "Bramley Town Council 2.1" not in html


def test_render_report_unknown_council(mini_processed, tmp_path):
    from protocol_analytics.report import render_report

    with pytest.raises(UnknownCouncilError, match="Known councils: Ashcombe"):
        render_report("Nowhere Council", mini_processed, None, tmp_path)
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_cli_report_from_bundled_data(built, tmp_path):
    """The `make build` invocation: the console script, not an activated venv, renders Seaton's report."""
    import os
    import sys

    exe = Path(sys.executable).parent / "protocol-analytics"
    if not exe.exists():
        pytest.skip(f"console script not installed beside {sys.executable}")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}  # no venv on PATH: the script must still find its packages
    if os.environ.get("PYTHONPATH"):  # a checkout run with PYTHONPATH (not installed): test its code, not the venv's
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    proc = subprocess.run([str(exe), "report", "Seaton Town Council", "--processed", str(built), "--out", str(tmp_path)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "seaton-town-council.html").read_text(encoding="utf-8")
    assert "Seaton Town Council" in html and "data:image/png;base64," in html
    bad = subprocess.run([str(exe), "report", "Nowhere", "--processed", str(built), "--out", str(tmp_path)],
                         capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 2 and "Known councils" in bad.stderr


# ---------------------------------------------------------------- browser

def _chromium() -> str | None:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.mark.browser
def test_report_in_headless_chromium(report_html, tmp_path):
    browser = _chromium()
    if browser is None:
        pytest.skip("headless Chromium is not installed (apt-get install -y chromium)")
    args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
            "--virtual-time-budget=5000", "--dump-dom", report_html.as_uri()]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    headings = re.findall(r"<h([12])\b[^>]*>(.*?)</h\1>", dom, flags=re.S)
    texts = [re.sub(r"<[^>]+>", "", t).replace("¶", "").strip() for _, t in headings]
    assert "Ashcombe Parish Council" in texts
    for heading in KEY_HEADINGS:
        assert heading in texts
    n_img = len(re.findall(r"<img\b", report_html.read_text(encoding="utf-8")))
    dom_imgs = re.findall(r"<img\b[^>]*>", dom)
    assert len(dom_imgs) == n_img >= 3 and all('src="data:image/png;base64,' in i for i in dom_imgs)
    assert "Uncaught" not in proc.stderr, proc.stderr[-2000:]
    shot = tmp_path / "report.png"
    subprocess.run(args[:-2] + [f"--screenshot={shot}", "--window-size=1200,2000", report_html.as_uri()],
                   capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000
