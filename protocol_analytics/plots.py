"""Charts of the processed tables: pure functions, DataFrame in -> matplotlib Figure out.

No file I/O and no data loading here (``report.py`` saves, notebooks display).
Figures are built with :class:`matplotlib.figure.Figure` directly, not through
pyplot, so nothing is kept in pyplot's global figure list and any backend
works; when the process is not interactive the Agg backend is selected.
Every function accepts an empty table and then draws an empty chart with a
"no data" note instead of raising.

Colours: the Okabe–Ito palette for categories, cividis / viridis for ordered
values (all colour-blind safe).
"""
from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Iterable, Mapping, Sequence

import matplotlib
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .analysis.compare import family_sort_key
from .analysis.routes import first_stops, route_graph
from .analysis.selection import resolve_council, select_councils
from .rules.labels import DUTY_ORDER
from .rules.taxonomy import load_taxonomy


def _use_agg_unless_interactive() -> None:
    """Agg unless a backend was chosen (MPLBACKEND, pyplot already in use) or the session is interactive."""
    interactive = hasattr(sys, "ps1") or "IPython" in sys.modules or "ipykernel" in sys.modules
    if not (interactive or os.environ.get("MPLBACKEND") or "matplotlib.pyplot" in sys.modules):
        matplotlib.use("Agg")


# none of the imports above loads pyplot, so the backend can still be chosen here
_use_agg_unless_interactive()

# Topics researchers look for first: drawn first and in bold, marked with ★.
KEY_TOPICS = ("political_groups", "meeting_etiquette", "personnel_committee_delegation")
KEY_MARK = "★ "

OKABE_ITO = {
    "orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000", "grey": "#999999",
}
CATEGORICAL = [OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky_blue", "yellow",
                                      "black", "grey")]
DUTY_COLOURS = {"obligation": OKABE_ITO["blue"], "prohibition": OKABE_ITO["vermillion"],
                "expectation": OKABE_ITO["green"], "permission": OKABE_ITO["orange"]}
STRENGTH_ORDER = ("none", "mention", "clause", "section")
STRENGTH_COLOURS = ("#f2f2f2", "#c8c0a2", "#7c7b78", "#00204d")  # light grey, then cividis light -> dark

NO_DATA = "no data"


# ---------------------------------------------------------------- helpers

def _figure(width: float, height: float, ncols: int = 1, nrows: int = 1, **kw):
    fig = Figure(figsize=(max(width, 3.0), max(height, 2.0)), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, **kw)
    return fig, axes


def _no_data(ax, message: str = NO_DATA, xlabel: str = "", ylabel: str = "", title: str = "") -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=12,
            color=OKABE_ITO["grey"], style="italic")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)


def _empty_figure(message: str, xlabel: str, ylabel: str, title: str) -> Figure:
    fig, axes = _figure(6.4, 3.6)
    _no_data(axes[0, 0], message, xlabel, ylabel, title)
    return fig


def topic_names(taxonomy=None) -> dict[str, str]:
    """Topic id -> readable name, from a loaded taxonomy (sequence of topics) or the packaged one."""
    if taxonomy is None:
        taxonomy = load_taxonomy()
    if isinstance(taxonomy, Mapping):
        return dict(taxonomy)
    return {t.id: t.name for t in taxonomy}


def order_topics(topics: Iterable[str], key_topics: Sequence[str] = KEY_TOPICS,
                 taxonomy_order: Sequence[str] = ()) -> list[str]:
    """Key topics first (in the given order), then the others in taxonomy order, unknown ones last."""
    topics = list(dict.fromkeys(topics))
    pos = {t: i for i, t in enumerate(taxonomy_order)}
    key = [t for t in key_topics if t in topics]
    rest = sorted((t for t in topics if t not in key), key=lambda t: (pos.get(t, len(pos)), t))
    return key + rest


def _topic_label(topic: str, names: Mapping[str, str], key_topics: Sequence[str]) -> str:
    name = names.get(topic, topic.replace("_", " ").capitalize())
    return f"{KEY_MARK}{name}" if topic in key_topics else name


def _bold_key_labels(labels, key_topics_labels: set[str]) -> None:
    for label in labels:
        if label.get_text() in key_topics_labels:
            label.set_fontweight("bold")


def _readable(label_id: str) -> str:
    return str(label_id).replace("_", " ")


def _councils(councils, table: pd.DataFrame | None, documents: pd.DataFrame | None = None) -> list[str] | None:
    """A figure's councils: None (all), a list (names or doc_ids, checked when a table is at hand), or a
    selection string (council type, nation, comma-separated names, a file of names) resolved against
    ``documents`` (or ``table``), see :func:`selection.select_councils`."""

    if councils is None:
        return None
    lookup = documents if documents is not None and len(documents) else table
    if isinstance(councils, str):
        if lookup is None or not len(lookup):
            return [councils]
        return select_councils(councils, lookup)
    councils = list(councils)
    if lookup is None or not len(lookup) or "council" not in lookup.columns:
        return councils
    known = set(lookup["council"])
    out = []
    for c in councils:
        if c in known:
            out.append(c)
        elif documents is not None and len(documents):
            out.append(resolve_council(c, documents))  # checked against every council
        else:
            try:  # a council may have no row in this table (no escalation route): kept as given
                out.append(resolve_council(c, lookup))
            except Exception:
                out.append(c)
    return out


# ---------------------------------------------------------------- coverage

def coverage_heatmap(coverage: pd.DataFrame, taxonomy=None, councils: Sequence[str] | str | None = None,
                     key_topics: Sequence[str] = KEY_TOPICS, highlight: str | None = None,
                     title: str = "Topic coverage by council", documents: pd.DataFrame | None = None) -> Figure:
    """Council (rows) × topic (columns) heatmap of coverage strength: none, mention, clause, section.

    ``councils`` fixes the rows (e.g. every council of the documents table, in order), or selects them
    (a council type, a nation, names, a file of names: :func:`selection.select_councils`, with ``documents``
    for nations); by default the councils of ``coverage``. Key topics come first with bold, ★-marked tick labels; ``highlight``
    puts one council's row first in bold (a report's own council).
    """
    xlabel, ylabel = "topic", "council"
    if coverage is None or coverage.empty:
        return _empty_figure(NO_DATA + " (coverage table is empty)", xlabel, ylabel, title)
    names = topic_names(taxonomy)
    topics = order_topics(coverage["topic"].unique(), key_topics, list(names))
    councils = _councils(councils, coverage, documents)
    rows = list(councils) if councils is not None else sorted(coverage["council"].unique())
    if highlight in rows:
        rows = [highlight] + [c for c in rows if c != highlight]
    code = {s: i for i, s in enumerate(STRENGTH_ORDER)}
    values = coverage.assign(v=coverage["strength"].map(code).fillna(0))
    matrix = (values.pivot_table(index="council", columns="topic", values="v", aggfunc="max", observed=True)
              .reindex(index=rows, columns=topics).fillna(0).to_numpy(dtype=float))
    n_rows, n_cols = matrix.shape
    fig, axes = _figure(3.5 + 0.33 * n_cols, min(2.8 + 0.32 * max(n_rows, 1), 80))
    ax = axes[0, 0]
    cmap = ListedColormap(STRENGTH_COLOURS)
    norm = BoundaryNorm(np.arange(-0.5, len(STRENGTH_ORDER)), cmap.N)
    ax.imshow(matrix, cmap=cmap, norm=norm, aspect="auto", interpolation="nearest")
    labels = [_topic_label(t, names, key_topics) for t in topics]
    ax.set_xticks(range(n_cols), labels, rotation=60, ha="right", rotation_mode="anchor", fontsize=8)
    _bold_key_labels(ax.get_xticklabels(), {_topic_label(t, names, key_topics) for t in key_topics})
    if n_rows <= 120:
        ax.set_yticks(range(n_rows), rows, fontsize=8)
        for label in ax.get_yticklabels():
            if label.get_text() == highlight:
                label.set_fontweight("bold")
    else:
        ax.set_yticks([])
    n_key = sum(t in key_topics for t in topics)
    if 0 < n_key < n_cols:
        ax.axvline(n_key - 0.5, color=OKABE_ITO["orange"], linewidth=2)
    ax.set_xticks(np.arange(-0.5, n_cols), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows), minor=True)
    ax.grid(which="minor", color="white", linewidth=0.6)
    ax.tick_params(which="minor", length=0)
    ax.set_xlabel(f"topic ({KEY_MARK.strip()} key topics first)")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    handles = [Patch(facecolor=c, edgecolor="#666666", label=s) for s, c in zip(STRENGTH_ORDER, STRENGTH_COLOURS, strict=True)]
    ax.legend(handles=handles, title="coverage strength", loc="upper left", bbox_to_anchor=(1.01, 1.0),
              fontsize=8, title_fontsize=8, frameon=False)
    if not (matrix > 0).any():
        ax.text(0.5, 0.5, "no topic covered yet", transform=ax.transAxes, ha="center", va="center",
                color=OKABE_ITO["grey"], style="italic")
    return fig


def topic_counts(coverage: pd.DataFrame, taxonomy=None) -> pd.DataFrame:
    """Per topic: readable name, number of councils covering it, of how many; most covered first."""
    cols = ["topic", "topic_name", "n_councils", "of_councils", "share"]
    if coverage is None or coverage.empty:
        return pd.DataFrame(columns=cols)
    names = topic_names(taxonomy)
    n = coverage["council"].nunique()
    counts = (coverage[coverage["covered"].astype(bool)].groupby("topic")["council"].nunique()
              .reindex(coverage["topic"].unique(), fill_value=0))
    out = pd.DataFrame({"topic": counts.index, "n_councils": counts.to_numpy()})
    out["topic_name"] = out["topic"].map(lambda t: names.get(t, t))
    out["of_councils"] = n
    out["share"] = (out["n_councils"] / max(n, 1)).round(3)
    return out.sort_values(["n_councils", "topic"], ascending=[False, True]).reset_index(drop=True)[cols]


def topic_ranking(coverage: pd.DataFrame, taxonomy=None, key_topics: Sequence[str] = KEY_TOPICS,
                  title: str = "Topics ranked by the number of councils covering them") -> Figure:
    """Horizontal bars: councils covering each topic, most covered at the top; key topics in orange, bold."""
    xlabel, ylabel = "councils covering the topic", "topic"
    counts = topic_counts(coverage, taxonomy)
    if counts.empty:
        return _empty_figure(NO_DATA + " (coverage table is empty)", xlabel, ylabel, title)
    names = topic_names(taxonomy)
    fig, axes = _figure(8.5, 1.2 + 0.28 * len(counts))
    ax = axes[0, 0]
    y = np.arange(len(counts))
    is_key = counts["topic"].isin(key_topics).to_numpy()
    colours = np.where(is_key, OKABE_ITO["orange"], OKABE_ITO["blue"])
    ax.barh(y, counts["n_councils"], color=colours)
    labels = [_topic_label(t, names, key_topics) for t in counts["topic"]]
    ax.set_yticks(y, labels, fontsize=8)
    _bold_key_labels(ax.get_yticklabels(), {labels[i] for i in np.flatnonzero(is_key)})
    ax.invert_yaxis()
    total = int(counts["of_councils"].iloc[0])
    ax.set_xlim(0, max(total, 1))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(f"{xlabel} (of {total})")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(handles=[Patch(color=OKABE_ITO["orange"], label="key topic"), Patch(color=OKABE_ITO["blue"], label="other topic")],
              loc="lower right", fontsize=8, frameon=False)
    if counts["n_councils"].sum() == 0:
        ax.text(0.5, 0.5, "no topic covered yet", transform=ax.transAxes, ha="center", va="center",
                color=OKABE_ITO["grey"], style="italic")
    return fig


# ---------------------------------------------------------------- duties by role

def duty_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Role × duty counts (roles as rows, duties as columns in DUTY_ORDER).

    ``table`` is either the statements table (one row per statement: ``role``, ``duty``; a statement whose
    attribute names several roles, 'councillor;officer', counts once for each) or the clauses table (lists
    ``roles`` × ``duties``: a clause counts once for each of its role–duty pairs).
    """
    if table is None or table.empty:
        return pd.DataFrame(columns=list(DUTY_ORDER), dtype=int)
    if {"role", "duty"} <= set(table.columns):
        pairs = table.loc[(table["role"].astype(str) != "") & (table["duty"].astype(str) != ""), ["role", "duty"]]
        # a statement of several actors ('councillor;officer') counts once for each of its roles
        pairs = pairs.assign(role=pairs["role"].astype(str).str.split(";")).explode("role")
        pairs["role"] = pairs["role"].str.strip()
        pairs = pairs[pairs["role"] != ""]
    else:
        pairs = pd.DataFrame([(r, d) for roles, duties in zip(table["roles"], table["duties"])
                              for r in roles for d in duties], columns=["role", "duty"])
    if pairs.empty:
        return pd.DataFrame(columns=list(DUTY_ORDER), dtype=int)
    out = pd.crosstab(pairs["role"], pairs["duty"])
    cols = [d for d in DUTY_ORDER if d in out.columns] + sorted(c for c in out.columns if c not in DUTY_ORDER)
    out = out.reindex(columns=list(dict.fromkeys(list(DUTY_ORDER) + cols)), fill_value=0)
    return out.loc[out.sum(axis=1).sort_values(ascending=False, kind="stable").index]


def duties_by_role(table: pd.DataFrame, title: str = "Duties by role") -> Figure:
    """Two panels: stacked bars of duty counts per role, and each role's share of all duties (the burden)."""
    counts = duty_counts(table)
    fig, axes = _figure(12, 1.8 + 0.45 * max(len(counts), 3), ncols=2)
    left, right = axes[0]
    if counts.empty or counts.to_numpy().sum() == 0:
        _no_data(left, NO_DATA + " (no clause has both a role and a duty)", "clauses (role × duty)", "role",
                 "Duty counts by role")
        _no_data(right, NO_DATA, "share of all duties (%)", "role", "Share of the burden")
        fig.suptitle(title)
        return fig
    y = np.arange(len(counts))
    total = counts.to_numpy().sum()
    colours = {**{d: CATEGORICAL[4 + i % 5] for i, d in enumerate(counts.columns)}, **DUTY_COLOURS}
    base_l = np.zeros(len(counts))
    base_r = np.zeros(len(counts))
    for duty in counts.columns:
        v = counts[duty].to_numpy(dtype=float)
        left.barh(y, v, left=base_l, color=colours[duty], label=duty)
        right.barh(y, 100 * v / total, left=base_r, color=colours[duty], label=duty)
        base_l += v
        base_r += 100 * v / total
    for ax in (left, right):
        ax.set_yticks(y, [_readable(r) for r in counts.index])
        ax.invert_yaxis()
        ax.set_ylabel("role")
    for yi, share in zip(y, base_r):
        right.text(share, yi, f" {share:.0f}%" if share >= 0.5 else " <1%", va="center", fontsize=8)
    left.set_xlabel("clauses (role × duty pairs)")
    left.xaxis.get_major_locator().set_params(integer=True)
    right.set_xlabel("share of all duties (%)")
    right.set_xlim(0, min(100, base_r.max() * 1.2 + 5))
    left.set_title("Duty counts by role")
    right.set_title("Share of the burden")
    right.legend(title="duty", fontsize=8, title_fontsize=8, frameon=False, loc="lower right")
    fig.suptitle(title)
    return fig


# ---------------------------------------------------------------- escalation routes

ROUTE_AXIS = "raised by → first stop → later stops"
STOP_NAMES = ("raised by", "first stop", "second stop", "third stop", "fourth stop", "fifth stop")
ROUTES_PER_PAGE = 12
_COL_W, _BOX_W, _BOX_H = 1.0, 0.74, 0.62  # column spacing, box size (data units; rows are 1 apart)
_IN_PER_COL, _IN_PER_ROW = 1.85, 0.62  # inches per column and per row of a route panel


def _stop_name(layer: int) -> str:
    return STOP_NAMES[layer] if layer < len(STOP_NAMES) else f"stop {layer}"


def _route_positions(g) -> dict:
    """Node -> (column, row): networkx's multipartite layout over the layers, the rows of each layer ordered
    to cut crossings (barycentre sweeps: each node near the mean row of its neighbours in the layer before,
    then after), snapped to a grid."""
    layers: dict[int, list] = {}
    for n, layer in g.nodes(data="layer"):
        layers.setdefault(layer, []).append(n)
    for layer in layers:
        layers[layer].sort(key=lambda n: (-len(g.nodes[n]["clauses"]), str(n[1])))
    rank = {n: i for nodes in layers.values() for i, n in enumerate(nodes)}

    def sweep(order, neighbours):
        for layer in order:
            def key(n):
                near = [rank[m] for m in neighbours(n)]
                return (sum(near) / len(near) if near else rank[n], rank[n])
            layers[layer].sort(key=key)
            rank.update({n: i for i, n in enumerate(layers[layer])})

    down, up = sorted(layers)[1:], sorted(layers, reverse=True)[1:]
    for _ in range(4):
        sweep(down, g.predecessors)
        sweep(up, g.successors)
    sweep(down, g.predecessors)
    ordered = nx.DiGraph()
    for layer in sorted(layers):
        for n in layers[layer]:
            ordered.add_node(n, layer=layer)
    pos = nx.multipartite_layout(ordered, subset_key="layer", align="vertical")
    xs = sorted({round(float(x), 6) for x, _ in pos.values()})
    col = {x: i for i, x in enumerate(xs)}
    return {n: (col[round(float(x), 6)] * _COL_W, rank[n] - (len(layers[n[0]]) - 1) / 2) for n, (x, y) in pos.items()}


def _route_extent(g) -> tuple[int, int]:
    """(columns, rows) of a route graph's grid."""
    if g is None or g.number_of_nodes() == 0:
        return 2, 1
    counts: dict[int, int] = {}
    for _, layer in g.nodes(data="layer"):
        counts[layer] = counts.get(layer, 0) + 1
    return max(counts) + 1, max(counts.values())


def _box_label(label: str, n: int, width: int = 15) -> str:
    lines = textwrap.wrap(_readable(label), width)
    if len(lines) > 2:
        lines = lines[:1] + [textwrap.shorten(" ".join(lines[1:]), width, placeholder="…")]
    return "\n".join(lines)


def draw_route_graph(ax, g, council: str = "", fontsize: float = 8.5) -> None:
    """Draw a route DiGraph (:func:`escalation.route_graph`) on ``ax``, left to right: who raises the
    concern, then the first stop, then later stops. A box per body and stop (its clause count in the
    corner); solid arrows lead to the next stop, dashed ones to one of several alternatives. Every arrow
    leaves a box's right side and ends on the left side of a box in the next column, so it runs in the gap
    between two columns and crosses no box."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_xticks([])
    ax.set_yticks([])
    if g is None or g.number_of_nodes() == 0:
        _no_data(ax, "no escalation route found", title=council)
        return
    pos = _route_positions(g)
    n_cols, n_rows = _route_extent(g)
    boxes = {}
    for n, (x, y) in pos.items():
        raiser = g.nodes[n]["layer"] == 0
        box = FancyBboxPatch((x - _BOX_W / 2, y - _BOX_H / 2), _BOX_W, _BOX_H, boxstyle="round,pad=0,rounding_size=0.08",
                             fc=OKABE_ITO["orange"] if raiser else "#cfe8f7", ec="#333333", lw=0.8, zorder=2)
        ax.add_patch(box)
        boxes[n] = box
        ax.text(x, y + 0.04, _box_label(g.nodes[n]["label"], 0), ha="center", va="center", fontsize=fontsize,
                zorder=3, linespacing=1.0)
        n_clauses = len(g.nodes[n]["clauses"])
        ax.text(x + _BOX_W / 2 - 0.03, y + _BOX_H / 2 - 0.04, str(n_clauses), ha="right", va="bottom",
                fontsize=fontsize - 2, color="#333333", zorder=3)
    weights = [d["weight"] for _, _, d in g.edges(data=True)]
    top = max(weights, default=1)

    def ports(edges, end):  # where each edge leaves / enters a box: spread over its side, in row order
        out = {}
        for n in g.nodes:
            own = sorted((e for e in edges if e[end] == n), key=lambda e: pos[e[1 - end]][1])
            for k, e in enumerate(own):
                out[e] = pos[n][1] + (0 if len(own) == 1 else (k / (len(own) - 1) - 0.5) * 0.55 * _BOX_H)
        return out

    edge_list = list(g.edges)
    leave, enter = ports(edge_list, 0), ports(edge_list, 1)
    for a, b, d in g.edges(data=True):
        alternative = d["alternatives"] == d["weight"]
        # from the right side of one box to the left side of a box in the next column: arrows run in the
        # gap between two columns, so none crosses a box, and each ends on its box's edge
        start, end = (pos[a][0] + _BOX_W / 2, leave[(a, b)]), (pos[b][0] - _BOX_W / 2, enter[(a, b)])
        arrow = FancyArrowPatch(start, end, shrinkA=0, shrinkB=0, arrowstyle="-|>", mutation_scale=11,
                                lw=0.8 + 2.2 * d["weight"] / top, linestyle=(0, (3, 2)) if alternative else "-",
                                color="#444444", zorder=1)
        ax.add_patch(arrow)
    top_row = -(n_rows - 1) / 2 - 0.55
    for layer in range(n_cols):
        ax.text(layer * _COL_W, top_row, _stop_name(layer), ha="center", va="bottom", fontsize=fontsize - 1,
                color="#555555", style="italic")
    ax.set_xlim(-_COL_W / 2, (n_cols - 0.5) * _COL_W)
    ax.set_ylim((n_rows - 1) / 2 + 0.5, top_row - 0.35)  # rows run downwards
    ax.set_title(council, fontsize=fontsize + 1.5)


def _route_legend(fig) -> None:
    from matplotlib.lines import Line2D

    handles = [Patch(fc=OKABE_ITO["orange"], ec="#333333", label="raises the concern"),
               Patch(fc="#cfe8f7", ec="#333333", label="where it goes (corner: clauses)"),
               Line2D([], [], color="#444444", lw=1.5, label="next stop (width: clauses)"),
               Line2D([], [], color="#444444", lw=1.5, linestyle=(0, (3, 2)), label="one of alternatives ('… or …')")]
    fig.legend(handles=handles, loc="outside lower center", ncols=4, fontsize=8, frameon=False)


def escalation_graph(edges: pd.DataFrame, council: str, title: str | None = None) -> Figure:
    """One council's escalation routes: who raises a concern (left), its first stop, later stops to the right."""
    title = title or f"Escalation routes: {council}"
    g = route_graph(edges, council) if edges is not None and len(edges) else None
    n_cols, n_rows = _route_extent(g)
    fig, axes = _figure(max(_IN_PER_COL * n_cols + 0.6, 7.5), _IN_PER_ROW * n_rows + 1.6)
    ax = axes[0, 0]
    if g is None or g.number_of_nodes() == 0:
        _no_data(ax, f"no escalation route found for {council}", ROUTE_AXIS, "", title)
        return fig
    draw_route_graph(ax, g, title)
    _route_legend(fig)
    return fig


def route_pages(councils: Sequence[str], per_page: int = ROUTES_PER_PAGE) -> list[list[str]]:
    """Councils cut into pages of ``per_page`` for :func:`escalation_small_multiples`."""
    councils = list(councils)
    return [councils[i:i + per_page] for i in range(0, len(councils), per_page)] or [[]]


def escalation_small_multiples(edges: pd.DataFrame, councils: Sequence[str] | str | None = None, ncols: int = 3,
                               page: int = 1, per_page: int = ROUTES_PER_PAGE, documents: pd.DataFrame | None = None,
                               title: str = "Escalation routes by council") -> Figure:
    """One page of councils' route graphs, a panel each (``per_page`` councils per page; ``page`` from 1).

    ``councils``: a list, or a selection (council type, nation, names, a file: :func:`selection.select_councils`).
    Every panel of a page has the same scale, so text is the same size at 14 councils and at 1,000.
    """
    has_edges = edges is not None and len(edges) > 0
    councils = _councils(councils, edges if has_edges else None, documents)
    if councils is None:
        councils = sorted(edges["council"].unique()) if has_edges else []
    pages = route_pages(councils, per_page)
    if not councils or not has_edges:
        return _empty_figure(NO_DATA + " (no escalation edges)", ROUTE_AXIS, "", title)
    if not 1 <= page <= len(pages):
        raise ValueError(f"page {page} of {len(pages)}")
    chosen = pages[page - 1]
    graphs = [route_graph(edges, c) if has_edges else None for c in chosen]
    extents = [_route_extent(g) for g in graphs]
    ncols = max(1, min(ncols, len(chosen)))
    nrows = -(-len(chosen) // ncols)
    max_cols = max(c for c, _ in extents)
    max_rows = max(r for _, r in extents)
    fig, axes = _figure(ncols * _IN_PER_COL * max_cols * 0.9, nrows * (_IN_PER_ROW * max_rows + 0.9) + 1.0,
                        ncols=ncols, nrows=nrows)
    for ax, council, g in zip(axes.flat, chosen, graphs):
        draw_route_graph(ax, g, council, fontsize=8)
        if g is not None and g.number_of_nodes():
            # every panel on the page's common grid, so boxes and text are the same size in each
            n_cols, n_rows = _route_extent(g)
            top = -(n_rows - 1) / 2 - 0.9
            ax.set_xlim(-_COL_W / 2, (max_cols - 0.5) * _COL_W)
            ax.set_ylim(top + max_rows + 0.45, top)
    for ax in list(axes.flat)[len(chosen):]:
        ax.set_axis_off()
    suffix = f" (page {page} of {len(pages)}: {len(chosen)} of {len(councils)} councils)" if len(pages) > 1 else ""
    fig.suptitle(title + suffix)
    _route_legend(fig)
    return fig


def escalation_route_pages(edges: pd.DataFrame, councils: Sequence[str] | str | None = None,
                           per_page: int = ROUTES_PER_PAGE, **kw) -> list[Figure]:
    """Every page of :func:`escalation_small_multiples`, in council order."""
    has_edges = edges is not None and len(edges) > 0
    chosen = _councils(councils, edges if has_edges else None, kw.get("documents"))
    if chosen is None:
        chosen = sorted(edges["council"].unique()) if has_edges else []
    return [escalation_small_multiples(edges, chosen, page=p, per_page=per_page, **kw)
            for p in range(1, len(route_pages(chosen, per_page)) + 1)]


def _count_heatmap(m: pd.DataFrame, title: str, xlabel: str, ylabel: str, colorbar: str) -> Figure:
    """Council × category counts: integer colour steps, the count in each non-empty cell."""
    n_rows, n_cols = m.shape
    fig, axes = _figure(4.0 + 0.62 * n_cols, 2.4 + 0.24 * n_rows)
    ax = axes[0, 0]
    values = m.to_numpy(dtype=float)
    top = int(max(values.max(), 1))
    bounds = np.arange(0.5, top + 1.5)  # 0 is the grey of an empty cell, not a colour of the scale
    cmap = matplotlib.colormaps["viridis"].resampled(max(top, 2)).with_extremes(bad="#f2f2f2")
    masked = np.ma.masked_equal(values, 0)
    im = ax.imshow(masked, cmap=cmap, norm=BoundaryNorm(bounds, cmap.N), aspect="auto", interpolation="nearest")
    ax.set_xticks(range(n_cols), [_readable(c) for c in m.columns], rotation=45, ha="right", rotation_mode="anchor",
                  fontsize=8)
    ax.set_yticks(range(n_rows), m.index, fontsize=8 if n_rows <= 60 else 7)
    ax.set_xticks(np.arange(-0.5, n_cols), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows), minor=True)
    ax.grid(which="minor", color="white", linewidth=0.6)
    ax.tick_params(which="minor", length=0)
    for i in range(n_rows):
        for j in range(n_cols):
            v = int(values[i, j])
            if v:
                ax.text(j, i, str(v), ha="center", va="center", fontsize=7,
                        color="black" if v > 0.6 * top else "white")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    cbar = fig.colorbar(im, ax=ax, label=colorbar, shrink=min(1.0, 6 / max(n_rows * 0.24, 1)), aspect=20)
    cbar.set_ticks(range(1, top + 1, max(1, -(-top // 8))))
    cbar.minorticks_off()
    return fig


def escalation_targets_by_council(edges: pd.DataFrame, councils: Sequence[str] | str | None = None,
                                  documents: pd.DataFrame | None = None,
                                  title: str = "Where concerns go: escalation targets by council") -> Figure:
    """Council × target heatmap: number of route clauses naming the target (first stop or later)."""
    xlabel, ylabel = "escalation target", "council"
    if edges is None or edges.empty:
        return _empty_figure(NO_DATA + " (no escalation edges)", xlabel, ylabel, title)
    m = (edges.drop_duplicates(["council", "clause_id", "target"])
         .pivot_table(index="council", columns="target", values="clause_id", aggfunc="count", observed=True))
    rows = _councils(councils, edges, documents)
    m = m.reindex(index=rows if rows is not None else sorted(m.index)).fillna(0)
    m = m[m.sum().sort_values(ascending=False, kind="stable").index]
    return _count_heatmap(m, title, xlabel, ylabel, "clauses naming the target")


def escalation_first_stops(edges: pd.DataFrame, councils: Sequence[str] | str | None = None,
                           documents: pd.DataFrame | None = None,
                           title: str = "First stop of a concern, by council") -> Figure:
    """Council × first stop (the corpus summary of the routes): clauses naming each body as a first stop."""
    xlabel, ylabel = "first stop (or one of the first alternatives)", "council"
    m = first_stops(edges)
    if m.empty:
        return _empty_figure(NO_DATA + " (no escalation edges)", xlabel, ylabel, title)
    rows = _councils(councils, edges, documents)
    m = m.reindex(index=rows if rows is not None else sorted(m.index)).fillna(0)
    m = m[m.astype(bool).sum().sort_values(ascending=False, kind="stable").index]
    return _count_heatmap(m, title, xlabel, ylabel, "clauses naming it as the first stop")


# ---------------------------------------------------------------- similarity

def similarity_heatmap(similarity: pd.DataFrame, title: str = "Protocol similarity between councils",
                       councils: Sequence[str] | str | None = None, documents: pd.DataFrame | None = None) -> Figure:
    """Council × other council: share of the row council's clauses with a same/modified counterpart.

    Councils are ordered by template family so that families form blocks; a council's tick label names its
    family only when the family has two councils or more. The diagonal (a council with itself, always 1)
    is masked, so the colour scale spans the off-diagonal values.
    """
    xlabel, ylabel = "other council", "council (share of its clauses found in the other's)"
    if similarity is None or similarity.empty:
        return _empty_figure(NO_DATA + " (similarity table is empty)", xlabel, ylabel, title)
    fam = similarity.drop_duplicates("council").set_index("council")["family"].astype(str).str.split(" ").str[0]
    chosen = _councils(councils, similarity, documents)
    members = fam.value_counts()
    order = sorted(chosen if chosen is not None else fam.index, key=lambda c: (family_sort_key(fam.get(c, "")), c))
    m = (similarity.pivot_table(index="council", columns="other_council", values="similarity", aggfunc="mean",
                                observed=True).reindex(index=order, columns=order).fillna(0.0))  # absent pair: 0
    values = m.to_numpy(dtype=float, copy=True)
    n = len(order)
    np.fill_diagonal(values, np.nan)
    off = values[~np.isnan(values)]
    top = float(np.ceil(max(off.max() if off.size else 0.0, 0.05) * 20) / 20)  # up to the next 0.05
    cell = 0.5 if n <= 25 else 0.3 if n <= 60 else 0.2  # inches per council: 8 pt labels, or 6 pt past 40
    fig, axes = _figure(4.5 + 0.5 * cell / 0.5 * n + (0 if n <= 25 else 2), 3.2 + 0.9 * cell * n + (0 if n <= 25 else 2))
    ax = axes[0, 0]
    cmap = matplotlib.colormaps["viridis"].with_extremes(bad="#d9d9d9")
    im = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=top, aspect="auto", interpolation="nearest")
    labels = [f"{c} [{fam[c]}]" if members.get(fam.get(c), 0) >= 2 else c for c in order]
    if n <= 120:
        size = 8 if n <= 40 else 6
        ax.set_xticks(range(n), labels, rotation=45, ha="right", rotation_mode="anchor", fontsize=size)
        ax.set_yticks(range(n), labels, fontsize=size)
    else:
        ax.set_xticks([])
        ax.set_yticks([])
    if n <= 25:
        for i in range(n):
            for j in range(n):
                v = values[i, j]
                if i != j:
                    ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=7,
                            color="black" if v > 0.6 * top else "white")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title + "\n(diagonal, a council with itself, in grey; [Fn]: template family of 2 or more)",
                 fontsize=10)
    fig.colorbar(im, ax=ax, label=f"similarity (0–{top:.2f}, the highest pair)",
                 shrink=min(1.0, 8 / max(0.9 * cell * n, 1)))
    return fig


# ---------------------------------------------------------------- accuracy against gold

ACCURACY_FIELDS = ("segmentation", "roles", "duties", "escalation_targets", "topics", "coverage")


def accuracy_table(result: Mapping | pd.DataFrame | None) -> pd.DataFrame:
    """The evaluate()/score_clauses --json result as one row per label: precision, recall, f1, tp, fp, fn."""
    cols = ["label", "precision", "recall", "f1", "tp", "fp", "fn"]
    if result is None:
        return pd.DataFrame(columns=cols)
    if isinstance(result, pd.DataFrame):
        return result.reset_index(drop=True) if "label" in result.columns else result.rename_axis("label").reset_index()
    rows = [{"label": k, **{c: result[k].get(c) for c in cols[1:]}} for k in ACCURACY_FIELDS
            if isinstance(result.get(k), Mapping)]
    rows += [{"label": k, **{c: v.get(c) for c in cols[1:]}} for k, v in result.items()
             if k not in ACCURACY_FIELDS and isinstance(v, Mapping) and "f1" in v]
    return pd.DataFrame(rows, columns=cols)


def gold_accuracy(result: Mapping | pd.DataFrame | None, title: str = "Accuracy against gold") -> Figure:
    """Grouped bars of precision, recall and F1 per label (segmentation, roles, duties, …)."""
    xlabel, ylabel = "label", "score (0–1)"
    table = accuracy_table(result)
    if table.empty:
        return _empty_figure(NO_DATA + " (no evaluation result)", xlabel, ylabel, title)
    fig, axes = _figure(2.5 + 1.3 * len(table), 4.2)
    ax = axes[0, 0]
    x = np.arange(len(table))
    width = 0.27
    for k, (metric, colour) in enumerate(zip(("precision", "recall", "f1"),
                                             (OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["green"]))):
        v = pd.to_numeric(table[metric], errors="coerce").fillna(0).to_numpy()
        bars = ax.bar(x + (k - 1) * width, v, width, color=colour, label=metric)
        ax.bar_label(bars, fmt="%.2f", fontsize=7, padding=1)
    ax.set_xticks(x, [_readable(label) for label in table["label"]], rotation=20, ha="right")
    ax.set_ylim(0, 1.12)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    fig.legend(*ax.get_legend_handles_labels(), fontsize=8, frameon=False, ncols=3, loc="outside lower center")
    return fig
