"""Figures and per-council HTML reports from the processed tables.

* :func:`write_figures` – the corpus charts of :mod:`plots` as PNG and SVG (``build --figures DIR``).
* :func:`render_report` – one council's report (``protocol-analytics report``): :func:`report_context`
  prepares every value from the tables, the Jinja2 template ``templates/report.html.j2`` lays them out as
  ONE standalone HTML file (figures embedded as PNG data URIs, no script, nothing fetched). No kernel runs.

Every file is written to a temporary name beside its target and renamed over it.
"""
from __future__ import annotations

import base64
import math
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pandas as pd

from .config import PACKAGE_DIR
from .io import atomic_write
from .text import slugify

TEMPLATES = PACKAGE_DIR / "templates"
REPORT_TEMPLATE = "report.html.j2"
REPORT_TABLES = ("documents", "clauses", "coverage", "statements", "escalation_edges", "similarity")
DOCUMENT_COLUMNS = ["title", "council_type", "nation", "source_file", "n_clauses", "n_words", "adopted", "reviewed"]
ESCALATION_COLUMNS = ["clause_id", "source", "step", "relation", "target", "evidence"]
CLOSEST = 5  # the report lists this many closest protocols
FIGURE_FORMATS = ("png", "svg")
_SAVE_METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}  # reproducible bytes


# ---------------------------------------------------------------- figures

def corpus_figures(processed: Path) -> dict[str, Callable]:
    """Name -> zero-argument function drawing one corpus chart from the tables in ``processed``."""
    from . import plots
    from .io import read_table

    processed = Path(processed)
    documents = read_table("documents", processed)
    councils = sorted(documents["council"].unique())
    coverage = read_table("coverage", processed)
    edges = read_table("escalation_edges", processed)
    routed = [c for c in councils if c in set(edges["council"])] or councils
    pages = plots.route_pages(routed)
    figures = {
        "coverage_heatmap": lambda: plots.coverage_heatmap(coverage, councils=councils),
        "topic_ranking": lambda: plots.topic_ranking(coverage),
        "duties_by_role": lambda: plots.duties_by_role(read_table("clauses", processed)),
        "similarity": lambda: plots.similarity_heatmap(read_table("similarity", processed)),
        "escalation_targets": lambda: plots.escalation_targets_by_council(edges, councils=councils),
        "escalation_first_stops": lambda: plots.escalation_first_stops(edges, councils=councils),
    }
    # the routes of the councils that have one, a page of plots.ROUTES_PER_PAGE councils per figure
    for page in range(1, len(pages) + 1):
        name = "escalation_routes" if page == 1 else f"escalation_routes-{page}"
        figures[name] = lambda page=page: plots.escalation_small_multiples(edges, councils=routed, page=page)
    return figures


def save_figure(fig, path: Path, fmt: str | None = None, dpi: int = 120) -> Path:
    """Save ``fig`` to ``path`` atomically (temporary file beside it, then os.replace)."""
    import matplotlib

    fmt = fmt or Path(path).suffix.lstrip(".")

    def write(tmp: str) -> None:
        with matplotlib.rc_context({"svg.hashsalt": "protocol-analytics"}):
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=_SAVE_METADATA.get(fmt))

    return atomic_write(path, write)


def write_figures(processed_dir: Path, figures_dir: Path) -> list[Path]:
    """Draw every corpus chart from ``processed_dir`` and save it as NAME.png and NAME.svg in ``figures_dir``
    (route pages left from a larger corpus are removed)."""
    written = []
    figures = corpus_figures(Path(processed_dir))
    for old in Path(figures_dir).glob("escalation_routes-*.*"):
        if old.stem not in figures:
            old.unlink()
    for name, draw in figures.items():
        fig = draw()
        for fmt in FIGURE_FORMATS:
            written.append(save_figure(fig, Path(figures_dir) / f"{name}.{fmt}", fmt))
    return written


# ---------------------------------------------------------------- per-council report

def known_councils(processed: Path) -> list[str]:
    from .io import read_table

    documents = read_table("documents", processed)
    coverage = read_table("coverage", processed)
    return sorted(set(documents["council"]) | set(coverage["council"]))


def _check_council(council: str, documents, processed: Path) -> str:
    """The council's name as the tables spell it (any case, or its doc_id), or UnknownCouncilError (PA040)."""
    from .analysis.selection import resolve_council

    return resolve_council(council, documents if len(documents) else known_councils(processed))


@dataclass(frozen=True)
class Table:
    """A table as the report shows it: column names, rows of display strings, and the note shown instead
    when it has no row."""
    columns: list[str]
    rows: list[list[str]]
    note: str = "nothing to show"

    @classmethod
    def of(cls, df, note: str = "nothing to show") -> Table:
        rows = [[display_value(v) for v in row] for row in df.itertuples(index=False)]
        return cls([str(c) for c in df.columns], rows, note)


@dataclass(frozen=True)
class EmbeddedFigure:
    """A figure embedded in the report as a base64 PNG, with its title as the alt text."""
    png_base64: str
    alt: str


def display_value(value) -> str:
    """A table cell as the report prints it: floats to 3 decimals, lists comma-separated, missing as ''.

    >>> display_value(0.8571), display_value(["clerk", "chair"]), display_value(None), display_value(3)
    ('0.857', 'clerk, chair', '', '3')
    """
    if isinstance(value, (list, tuple)):
        return ", ".join(display_value(v) for v in value)
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def embed(fig, dpi: int = 100) -> EmbeddedFigure:
    """``fig`` as a PNG for the report (no Software stamp, so the bytes are reproducible)."""
    buf = BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    alt = fig.get_suptitle() or (fig.axes[0].get_title() if fig.axes else "")
    return EmbeddedFigure(base64.b64encode(buf.getvalue()).decode("ascii"), alt)


def report_context(council: str, processed: Path, peers: str | None = None) -> dict:
    """Every value the report template shows for one council, prepared (tables as :class:`Table`, figures as
    :class:`EmbeddedFigure`). ``peers`` as in :func:`selection.select_councils`; a bad peer set or an unknown
    council raises its coded error before anything is drawn."""
    from . import __version__, plots
    from .analysis import compare
    from .analysis.selection import select_councils
    from .io import read_table
    from .text import plural, shorten

    processed = Path(processed)
    t = {name: read_table(name, processed) for name in REPORT_TABLES}
    council = _check_council(council, t["documents"], processed)
    peer_set = None if peers in (None, "", "all") else peers
    peer_names = select_councils(peer_set, t["documents"], exclude=council)
    docs = t["documents"][t["documents"]["council"] == council]
    clauses = t["clauses"][t["clauses"]["council"] == council]
    cov = t["coverage"]

    own = cov[cov["council"] == council].set_index("topic")
    peer_cov = cov[cov["council"].isin(peer_names) & cov["covered"]]
    n_covering = peer_cov.groupby("topic")["council"].nunique().reindex(own.index).fillna(0).astype(int)
    coverage = own[["topic_name", "strength", "n_clauses"]].assign(
        peers=n_covering.map(lambda n: f"{n} of {len(peer_names)}"))
    coverage.columns = ["topic", "this council", "clauses", "peers covering"]
    text_of = dict(zip(clauses["clause_id"].astype(str), clauses["text"]))
    covered_topics = [
        {"name": r.topic_name, "n_clauses": plural(len(r.clause_ids), "clause"), "strength": r.strength,
         "clauses": [{"clause_id": str(cid), "text": text_of.get(str(cid), "")} for cid in r.clause_ids]}
        for r in own[own["covered"].astype(bool)].itertuples()]

    gaps = compare.gap_report(cov, t["clauses"], council, peers=peer_set, examples=None, documents=t["documents"])

    statements = t["statements"][t["statements"]["council"] == council]
    duty_source = statements if len(statements) else clauses
    duties = plots.duty_counts(duty_source).rename_axis(index="role", columns=None).reset_index()

    edges = t["escalation_edges"][t["escalation_edges"]["council"] == council]
    routes = edges[[c for c in ESCALATION_COLUMNS if c in edges.columns]].assign(
        evidence=edges["evidence"].map(lambda e: shorten(e, 240)))

    sim = t["similarity"]
    closest = (sim[(sim["council"] == council) & (sim["other_council"] != council)]
               .sort_values("similarity", ascending=False)[["other_council", "similarity", "n_same", "n_modified"]]
               .head(CLOSEST))

    return {
        "version": __version__,
        "council": council,
        "documents": Table.of(docs[DOCUMENT_COLUMNS]),
        "peers_text": f"{'all other councils' if peer_set is None else peer_set + ' councils'} "
                      f"({len(peer_names)}: {', '.join(peer_names) or 'none'})",
        "coverage_figure": embed(plots.coverage_heatmap(cov[cov["council"].isin([council, *peer_names])],
                                                        councils=[council, *peer_names], highlight=council,
                                                        title=f"{council} against its peers")),
        "coverage": Table.of(coverage, "no coverage for this council"),
        "covered_topics": covered_topics,
        "gaps": [{"topic_name": g.topic_name, "peers_covering": f"{g.peers_covering} of {g.n_peers}",
                  "examples": list(g.examples)} for g in gaps.itertuples()],
        "duties_source": "statements" if len(statements) else "clauses",
        "duties_figure": embed(plots.duties_by_role(duty_source, title=f"Duties by role: {council}")),
        "duties": Table.of(duties, "no clause has both a role and a duty"),
        "escalation_figure": embed(plots.escalation_graph(edges, council)),
        "escalation": Table.of(routes, "no escalation route found"),
        "closest": Table.of(closest, "no similarity table"),
    }


def render_report(council: str, processed: Path, peers: str | None, out_dir: Path) -> Path:
    """One council's report as ``out_dir/<council-slug>.html``: ONE standalone HTML file (figures embedded as
    PNG data URIs, no script, nothing fetched), rendered from ``templates/report.html.j2``.

    It shows the council's coverage against its peers (all other councils, or those ``peers`` selects),
    the topics its peers cover and it does not with their clauses, its duties by role, its escalation routes
    and its closest protocols. Raises UnknownCouncilError for a council not in the processed tables; nothing
    is written then.
    """
    context = report_context(council, processed, peers)
    page = template_environment().get_template(REPORT_TEMPLATE).render(**context)
    path = Path(out_dir) / f"{slugify(context['council'])}.html"
    return atomic_write(path, lambda tmp: Path(tmp).write_text(page, encoding="utf-8"))


def template_environment():
    """The Jinja2 environment of the packaged templates: HTML autoescaped, an undefined value an error."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                       keep_trailing_newline=True)
