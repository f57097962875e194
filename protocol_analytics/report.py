"""Figures and per-council HTML reports from the processed tables.

* :func:`write_figures` – the corpus charts of :mod:`plots` as PNG and SVG (``build --figures DIR``).
* :func:`render_report` – one council's report: the parameterised notebook
  ``data/report_template.ipynb`` run with papermill, converted by nbconvert to ONE standalone HTML
  file (no code cells, images embedded as data URIs, no external scripts) (``protocol-analytics report``).

Every file is written to a temporary name beside its target and renamed over it.
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from .config import PACKAGE_DATA

REPORT_TEMPLATE = PACKAGE_DATA / "report_template.ipynb"
KERNEL_NAME = "python3"
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


def _atomic_write(path: Path, write: Callable[[str], None]) -> Path:
    """Call ``write(tmp)`` for a temporary file beside ``path``, then rename it over ``path``.

    The file gets the usual umask permissions (mkstemp's are 0600, unreadable for a web server or a colleague).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def save_figure(fig, path: Path, fmt: str | None = None, dpi: int = 120) -> Path:
    """Save ``fig`` to ``path`` atomically (temporary file beside it, then os.replace)."""
    import matplotlib

    fmt = fmt or Path(path).suffix.lstrip(".")

    def write(tmp: str) -> None:
        with matplotlib.rc_context({"svg.hashsalt": "protocol-analytics"}):
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=_SAVE_METADATA.get(fmt))

    return _atomic_write(path, write)


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

def slugify(name: str) -> str:
    """'Seaton Town Council' -> 'seaton-town-council' (the report's file name)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "council"


def known_councils(processed: Path) -> list[str]:
    from .io import read_table

    documents = read_table("documents", processed)
    coverage = read_table("coverage", processed)
    return sorted(set(documents["council"]) | set(coverage["council"]))


def _check_council(council: str, processed: Path) -> str:
    """The council's name as the tables spell it (any case, or its doc_id), or UnknownCouncilError (PA040)."""
    from .io import read_table
    from .analysis.selection import resolve_council

    documents = read_table("documents", processed)
    return resolve_council(council, documents if len(documents) else known_councils(processed))


def _kernel_manager_class():
    """A kernel manager that starts the ``python3`` kernel with this interpreter (the venv's ipykernel).

    jupyter_client already maps a spec's bare ``python`` to ``sys.executable``, but a user-level
    ``python3`` kernelspec (~/.local/share/jupyter) pointing at another Python would win the lookup and
    lack this package; the report must run in the environment that is rendering it.
    """
    from jupyter_client.manager import AsyncKernelManager

    class VenvKernelManager(AsyncKernelManager):
        def format_kernel_cmd(self, extra_arguments=None):
            cmd = super().format_kernel_cmd(extra_arguments)
            if self.kernel_name == KERNEL_NAME and "ipykernel_launcher" in cmd:
                cmd[0] = sys.executable
                cmd.append("--IPKernelApp.log_level=ERROR")  # no start-up warnings on the CLI's stderr
            return cmd

    return VenvKernelManager


_STANDALONE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
  body { max-width: 1200px; margin: 0 auto; padding: 0 1.5em 2em; }
  table.pa-table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0 1em; }
  table.pa-table th, table.pa-table td { border: 1px solid #ccc; padding: 3px 6px; text-align: left !important; vertical-align: top; }
  table.pa-table th { background: #f2f2f2; }
  .pa-note { color: #555; font-style: italic; }
</style>
{%- endblock extra_css -%}
"""


def _html_exporter():
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab", template_file="pa_standalone.html.j2",
                        extra_loaders=[DictLoader({"pa_standalone.html.j2": _STANDALONE_TEMPLATE})],
                        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                        embed_images=True, theme="light")


def execute_template(council: str, processed: Path, peers: str | None, workdir: Path):
    """Run the report notebook for one council in ``workdir``; the executed notebook (nbformat node)."""
    import nbformat
    import papermill as pm

    out = Path(workdir) / "report.ipynb"
    pm.execute_notebook(str(REPORT_TEMPLATE), str(out), kernel_name=KERNEL_NAME, progress_bar=False,
                        report_mode=True, cwd=str(workdir), kernel_manager_class=_kernel_manager_class(),
                        parameters={"council": council, "processed_dir": str(Path(processed).resolve()),
                                    "peers": peers})
    return nbformat.read(out, as_version=4)


def render_report(council: str, processed: Path, peers: str | None, out_dir: Path) -> Path:
    """One council's report as ``out_dir/<council-slug>.html``, a single standalone HTML file.

    It shows the council's coverage against its peers (all other councils, or those of type ``peers``),
    the topics its peers cover and it does not with their example clauses, its duties by role and its
    escalation-route graph. Raises UnknownCouncilError for a council not in the processed tables.
    """
    processed = Path(processed)
    council = _check_council(council, processed)
    if peers not in (None, "", "all"):
        from .io import read_table
        from .analysis.selection import select_councils

        select_councils(peers, read_table("documents", processed), exclude=council)  # a bad peer set fails here
    with tempfile.TemporaryDirectory(prefix="pa-report-") as tmp:
        nb = execute_template(council, processed, peers, Path(tmp))
    nb.metadata["title"] = f"{council}: member/officer protocol report"
    body, _ = _html_exporter().from_notebook_node(nb)
    path = Path(out_dir) / f"{slugify(council)}.html"
    return _atomic_write(path, lambda tmp: Path(tmp).write_text(body, encoding="utf-8"))
