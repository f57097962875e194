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



def _use_agg_unless_interactive() -> None:
    """Agg unless a backend was chosen (MPLBACKEND, pyplot already in use) or the session is interactive."""
    interactive = hasattr(sys, "ps1") or "IPython" in sys.modules or "ipykernel" in sys.modules
    if not (interactive or os.environ.get("MPLBACKEND") or "matplotlib.pyplot" in sys.modules):
        matplotlib.use("Agg")


_use_agg_unless_interactive()

import numpy as np
import pandas as pd
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

# Topics researchers look for first: drawn first and in bold, marked with ★.
KEY_TOPICS = ("political_groups", "meeting_etiquette", "personnel_committee_delegation")
KEY_MARK = "★ "

OKABE_ITO = {
    "orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000", "grey": "#999999",
}
CATEGORICAL = [OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky_blue", "yellow",
                                      "black", "grey")]
DUTY_ORDER = ("obligation", "prohibition", "expectation", "permission")
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
        from .taxonomy import load_taxonomy

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


# ---------------------------------------------------------------- coverage

def coverage_heatmap(coverage: pd.DataFrame, taxonomy=None, councils: Sequence[str] | None = None,
                     key_topics: Sequence[str] = KEY_TOPICS, highlight: str | None = None,
                     title: str = "Topic coverage by council") -> Figure:
    """Council (rows) × topic (columns) heatmap of coverage strength: none, mention, clause, section.

    ``councils`` fixes the rows (e.g. every council of the documents table, in order); by default the
    councils of ``coverage``. Key topics come first with bold, ★-marked tick labels; ``highlight``
    puts one council's row first in bold (a report's own council).
    """
    xlabel, ylabel = "topic", "council"
    if coverage is None or coverage.empty:
        return _empty_figure(NO_DATA + " (coverage table is empty)", xlabel, ylabel, title)
    names = topic_names(taxonomy)
    topics = order_topics(coverage["topic"].unique(), key_topics, list(names))
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
    handles = [Patch(facecolor=c, edgecolor="#666666", label=s) for s, c in zip(STRENGTH_ORDER, STRENGTH_COLOURS)]
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

    ``table`` is either the statements table (one row per statement: ``role``, ``duty``) or the clauses
    table (lists ``roles`` × ``duties``: a clause counts once for each of its role–duty pairs).
    """
    if table is None or table.empty:
        return pd.DataFrame(columns=list(DUTY_ORDER), dtype=int)
    if {"role", "duty"} <= set(table.columns):
        pairs = table.loc[(table["role"].astype(str) != "") & (table["duty"].astype(str) != ""), ["role", "duty"]]
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
        right.text(share, yi, f" {share:.0f}%", va="center", fontsize=8)
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

def _route_layout(g) -> dict:
    """Left-to-right layers: raisers (no incoming edge) at 0, then distance along the routes."""
    import networkx as nx

    sources = [n for n in g.nodes if g.in_degree(n) == 0] or [min(g.nodes, key=str)]
    layer = {}
    for s in sources:
        for n, d in nx.single_source_shortest_path_length(g, s).items():
            layer[n] = min(layer.get(n, d), d)
    for n in g.nodes:
        layer.setdefault(n, max(layer.values(), default=0) + 1)
    nx.set_node_attributes(g, layer, "layer")
    return nx.multipartite_layout(g, subset_key="layer", align="vertical")


def _max_layer(g) -> int:
    if g is None or g.number_of_nodes() == 0:
        return 1
    _route_layout(g)
    return max(pd.Series(dict(g.nodes(data="layer"))).value_counts().max(), 1)


def draw_route_graph(ax, g, council: str = "", xlabel: str = "route step (raiser → first stop → next stop)") -> None:
    """Draw a route DiGraph (escalation.route_graph) on ``ax``: labelled nodes, edge width by weight."""
    import networkx as nx

    if g is None or g.number_of_nodes() == 0:
        _no_data(ax, "no escalation route found", xlabel, "", council)
        return
    pos = _route_layout(g)
    raisers = {n for n in g.nodes if g.in_degree(n) == 0}
    weights = [g[a][b].get("weight", 1) for a, b in g.edges]
    widths = [1.0 + 3.0 * w / max(weights) for w in weights]
    nx.draw_networkx_edges(g, pos, ax=ax, width=widths, edge_color="#444444", arrows=True, arrowsize=14,
                           node_size=2200, node_shape="s", connectionstyle="arc3,rad=0.06")
    nx.draw_networkx_edge_labels(g, pos, ax=ax, edge_labels={(a, b): g[a][b].get("weight", 1) for a, b in g.edges},
                                 font_size=7, rotate=False, label_pos=0.45,
                                 bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})
    for n, (x, y) in pos.items():
        ax.text(x, y, "\n".join(textwrap.wrap(_readable(n), 12)), ha="center", va="center", fontsize=8, zorder=3,
                bbox={"boxstyle": "round,pad=0.35", "ec": "#333333",
                      "fc": OKABE_ITO["orange"] if n in raisers else OKABE_ITO["sky_blue"]})
    ax.set_title(council)
    ax.set_xlabel(xlabel)
    ax.margins(x=0.22, y=0.12)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_xticks([])
    ax.set_yticks([])


_ROUTE_LEGEND = [Patch(color=OKABE_ITO["orange"], label="raises the concern"),
                 Patch(color=OKABE_ITO["sky_blue"], label="where it goes (edge label = clauses)")]


def escalation_graph(edges: pd.DataFrame, council: str, title: str | None = None) -> Figure:
    """One council's escalation routes as a directed graph: raisers (orange) → targets, edge width = clauses."""
    from .escalation import route_graph

    title = title or f"Escalation routes: {council}"
    g = route_graph(edges, council) if edges is not None and len(edges) else None
    n = g.number_of_nodes() if g is not None else 0
    fig, axes = _figure(7 + 0.3 * n, 2.5 + 0.6 * _max_layer(g))
    ax = axes[0, 0]
    if n == 0:
        _no_data(ax, f"no escalation route found for {council}", "route step", "", title)
        return fig
    draw_route_graph(ax, g, title)
    ax.legend(handles=_ROUTE_LEGEND, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=2, fontsize=8,
              frameon=False)
    return fig


def escalation_small_multiples(edges: pd.DataFrame, councils: Sequence[str] | None = None, ncols: int = 3,
                               title: str = "Escalation routes by council") -> Figure:
    """Every council's route graph in one figure, one panel each (councils without routes say so)."""
    from .escalation import route_graph

    has_edges = edges is not None and len(edges) > 0
    councils = list(councils) if councils is not None else sorted(edges["council"].unique()) if has_edges else []
    if not councils:
        return _empty_figure(NO_DATA + " (no escalation edges)", "route step", "", title)
    graphs = [route_graph(edges, c) if has_edges else None for c in councils]
    ncols = max(1, min(ncols, len(councils)))
    nrows = -(-len(councils) // ncols)
    fig, axes = _figure(6.0 * ncols, nrows * (1.5 + 0.55 * max(_max_layer(g) for g in graphs)) + 0.6,
                        ncols=ncols, nrows=nrows)
    for ax, council, g in zip(axes.flat, councils, graphs):
        draw_route_graph(ax, g, council, xlabel="route step")
    for ax in list(axes.flat)[len(councils):]:
        ax.set_axis_off()
    fig.suptitle(title)
    fig.legend(handles=_ROUTE_LEGEND, loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    return fig


def escalation_targets_by_council(edges: pd.DataFrame, councils: Sequence[str] | None = None,
                                  title: str = "Where concerns go: escalation targets by council") -> Figure:
    """Council × target heatmap: number of route clauses naming the target (first stop or later)."""
    xlabel, ylabel = "escalation target", "council"
    if edges is None or edges.empty:
        return _empty_figure(NO_DATA + " (no escalation edges)", xlabel, ylabel, title)
    m = (edges.drop_duplicates(["council", "clause_id", "target"])
         .pivot_table(index="council", columns="target", values="clause_id", aggfunc="count", observed=True))
    rows = list(councils) if councils is not None else sorted(m.index)
    m = m.reindex(index=rows).fillna(0)
    m = m[m.sum().sort_values(ascending=False, kind="stable").index]
    fig, axes = _figure(3.5 + 0.6 * m.shape[1], 2.5 + 0.32 * m.shape[0])
    ax = axes[0, 0]
    im = ax.imshow(m.to_numpy(dtype=float), cmap="viridis", aspect="auto", interpolation="nearest")
    ax.set_xticks(range(m.shape[1]), [_readable(c) for c in m.columns], rotation=45, ha="right", rotation_mode="anchor", fontsize=8)
    ax.set_yticks(range(m.shape[0]), m.index, fontsize=8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    fig.colorbar(im, ax=ax, label="clauses naming the target")
    return fig


# ---------------------------------------------------------------- similarity

def similarity_heatmap(similarity: pd.DataFrame, title: str = "Protocol similarity between councils") -> Figure:
    """Council × other council: share of the row council's clauses with a same/modified counterpart.

    Councils are ordered by template family so that families form blocks; tick labels name the family.
    """
    xlabel, ylabel = "other council", "council (share of its clauses found in the other's)"
    if similarity is None or similarity.empty:
        return _empty_figure(NO_DATA + " (similarity table is empty)", xlabel, ylabel, title)
    fam = similarity.drop_duplicates("council").set_index("council")["family"].astype(str)
    order = sorted(fam.index, key=lambda c: (fam[c].split(" ")[0].lstrip("F").zfill(6), c))
    m = (similarity.pivot_table(index="council", columns="other_council", values="similarity", aggfunc="mean",
                                observed=True).reindex(index=order, columns=order).fillna(0.0))  # absent pair: 0
    n = len(order)
    fig, axes = _figure(4 + 0.55 * n, 3 + 0.5 * n)
    ax = axes[0, 0]
    im = ax.imshow(m.to_numpy(dtype=float), cmap="viridis", vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    labels = [f"{c} [{fam[c].split(' ')[0]}]" for c in order]
    if n <= 120:
        ax.set_xticks(range(n), labels, rotation=45, ha="right", rotation_mode="anchor", fontsize=8)
        ax.set_yticks(range(n), labels, fontsize=8)
    if n <= 25:
        for i in range(n):
            for j in range(n):
                v = m.iat[i, j]
                if pd.notna(v):
                    ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=7,
                            color="black" if v > 0.6 else "white")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    fig.colorbar(im, ax=ax, label="similarity (0–1)")
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
    ax.set_xticks(x, [_readable(l) for l in table["label"]], rotation=20, ha="right")
    ax.set_ylim(0, 1.1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False, ncols=3, loc="upper right")
    return fig
