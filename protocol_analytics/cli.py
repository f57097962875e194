"""The command line: protocol-analytics build | evaluate | gaps | report | show | compare | export | schema."""
# Each command imports what it needs when it runs (start-up speed: --help loads neither pandas nor spaCy).
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import NoReturn

from . import __version__, config


def _cmd_build(args) -> int:
    from .build import Settings, build
    from .errors import UserError, is_warning
    from .text import plural

    out = Path(args.out) if args.out else config.processed_dir()
    settings = Settings(model=args.model or config.model_name(), max_mb=args.max_mb, taxonomy=args.taxonomy,
                        time_limit=args.time_limit, reuse_parses=not args.no_parse_reuse)
    jobs = args.jobs if args.jobs is not None else config.available_cores()
    if args.scheduler:
        from .build.runners import require_dask

        require_dask(args.scheduler)  # before any file is read: the dask extra may be missing
    if args.watch:
        return _watch(args, out, settings, jobs)
    report = build(args.raw_dir, out, settings=settings, jobs=jobs, scheduler=args.scheduler,
                   use_cache=not args.no_cache, progress=not args.quiet, detached_cleanup=True)
    for r in report.error_rows:
        print(f"{'warning' if is_warning(r['code']) else 'error'} {r['code']}: {r['message']}", file=sys.stderr)
    if args.verbose:
        for w in report.warnings:
            print(f"warning: {w}", file=sys.stderr)
    n_warnings = len(report.error_rows) - report.n_errors
    print(f"{plural(report.n_documents, 'document')}, {plural(report.n_clauses, 'clause')} from "
          f"{plural(report.n_files, 'file')} ({report.n_cached} from cache), {plural(report.n_errors, 'error')}"
          f"{', ' + plural(n_warnings, 'warning') if n_warnings else ''} -> {report.out_dir}")
    if not report.replaced:
        raise UserError("PA052", path=args.raw_dir or config.raw_dir(), n_files=report.n_files, out=report.out_dir)
    if args.figures:
        from .report import write_figures

        written = write_figures(out, Path(args.figures))
        print(f"{plural(len(written), 'figure')} -> {args.figures}")
    return report.exit_code


def without_data_synthesis() -> None:
    """Keep pandera, in the process of a ``build`` run as the program, from loading its data-synthesis
    strategies: it does when ``hypothesis`` can be imported (the dev extra installs it), and that import took
    45 ms of a rebuild's process, which never synthesises data. The process then loads pandera as a core
    install's does (``hypothesis`` marked as not importable in it, as Python's import system allows; unless
    it or pandera is loaded already)."""
    if "hypothesis" not in sys.modules and "pandera" not in sys.modules:
        sys.modules["hypothesis"] = None


def _watch(args, out: Path, settings, jobs: int) -> int:
    from .errors import ExitStatus
    from .watch import watch_and_print

    try:
        watch_and_print(args.raw_dir, out, settings, jobs=jobs, scheduler=args.scheduler, clear=args.no_cache,
                        progress=not args.quiet, figures=Path(args.figures) if args.figures else None)
    except KeyboardInterrupt:
        print("stopped watching: the tables are those of the last rebuild", file=sys.stderr)
        return ExitStatus.INTERRUPTED
    return ExitStatus.OK


def _cmd_evaluate(args) -> int:
    from .errors import UserError
    from .evaluate import evaluate, format_report

    processed = Path(args.processed) if args.processed else config.processed_dir()
    if not Path(args.gold).is_file():
        raise UserError("PA042", path=args.gold, what="gold file", cwd=os.getcwd())
    if not (processed / "clauses.parquet").is_file():
        raise UserError("PA041", path=processed)
    result = evaluate(Path(args.gold), processed / "clauses.parquet")
    print(format_report(result, show_diffs=args.diffs))
    return 0


def _cmd_gaps(args) -> int:
    from .analysis.compare import gap_report
    from .analysis.selection import resolve_council
    from .io import read_table
    from .text import plural, shorten

    processed = Path(args.processed) if args.processed else config.processed_dir()
    coverage, clauses = read_table("coverage", processed), read_table("clauses", processed)
    documents = read_table("documents", processed)
    council = resolve_council(args.council, documents)
    gaps = gap_report(coverage, clauses, council, peers=args.peers, documents=documents)
    peers = args.peers or "all"
    if gaps.empty:
        print(f"{council}: no topic that its peers ({peers}) cover is missing.")
        return 0
    print(f"{council}: {plural(len(gaps), 'topic')} covered by peers ({peers}) but not by this council\n")
    for r in gaps.itertuples():
        print(f"- {r.topic_name} [{r.topic}]: {r.peers_covering} of {plural(r.n_peers, 'peer')}")
        for ex in r.examples:
            print(f"    e.g. {shorten(ex, 160)}")
    return 0


def _cmd_report(args) -> int:
    from .report import render_report

    processed = Path(args.processed) if args.processed else config.processed_dir()
    path = render_report(args.council, processed=processed, peers=args.peers,
                         out_dir=Path(args.out) if args.out else config.reports_dir())
    print(path)
    return 0


def _cmd_show(args) -> int:
    from .analysis.evidence import format_evidence, resolve_topic, topic_evidence
    from .analysis.selection import resolve_council
    from .io import read_table

    processed = Path(args.processed) if args.processed else config.processed_dir()
    tables = {n: read_table(n, processed) for n in ("documents", "coverage", "clauses", "tags")}
    council = resolve_council(args.council, tables["documents"])
    topic = resolve_topic(args.topic, tables["coverage"])
    name = tables["coverage"].drop_duplicates("topic").set_index("topic")["topic_name"].get(topic, topic)
    print(format_evidence(topic_evidence(council, topic, tables=tables), council, topic, name))
    return 0


def _cmd_compare(args) -> int:
    from .analysis.side_by_side import write_comparison

    processed = Path(args.processed) if args.processed else config.processed_dir()
    print(write_comparison(args.a, args.b, processed=processed, out_dir=Path(args.out) if args.out else None))
    return 0


def _cmd_export(args) -> int:
    from .errors import UserError
    from .export import write_ig_script, write_workbook

    processed = Path(args.processed) if args.processed else config.processed_dir()
    if not (args.xlsx or args.ig_script):
        raise UserError("PA047")
    if args.xlsx:
        print(write_workbook(Path(args.xlsx), processed))
    if args.ig_script:
        print(write_ig_script(Path(args.ig_script), processed))
    return 0


def _cmd_schema(args) -> int:
    from .schemas import data_dictionary_markdown

    print(data_dictionary_markdown())
    return 0


_PEERS = ("peer set: 'all' (default), council type(s) ('town', 'town,parish'), a nation ('Wales'), council "
          "names or doc_ids (comma-separated), or a file of council names (one a line)")
_EPILOG = """examples:
  protocol-analytics build                                   # data/raw -> data/processed
  protocol-analytics show "Seaton Town Council" political_groups
  protocol-analytics compare nuthurst-parish-council seaton-town-council
  protocol-analytics export --xlsx protocols.xlsx
  protocol-analytics COMMAND --help                          # every option of a command, with an example"""


def _processed_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--processed", help="processed folder (default data/processed)")


def _example(text: str) -> dict:
    return {"epilog": f"example:\n  {text}", "formatter_class": argparse.RawDescriptionHelpFormatter}


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="protocol-analytics", description=__doc__, epilog=_EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="raw protocols -> processed tables", **_example(
        "protocol-analytics build data/raw --out data/processed --figures reports/figures"))
    b.add_argument("raw_dir", nargs="?", default=None, help="folder of raw protocols (default data/raw)")
    b.add_argument("--out", help="output folder (default data/processed)")
    b.add_argument("--model", help=f"spaCy model name (default ${{PROTOCOL_ANALYTICS_MODEL}} or {config.DEFAULT_MODEL})")
    b.add_argument("--taxonomy", help="a topic taxonomy YAML file to use instead of the packaged one")
    b.add_argument("--jobs", type=int, default=None,
                   help=f"worker processes for the per-document stage (default: the cores this process may use, "
                        f"{config.available_cores()} here; 1 for a serial build)")
    b.add_argument("--scheduler", help="run on Dask: 'local' for a local cluster, or a scheduler address "
                                       "(needs the dask extra: pip install 'protocol_analytics[dask]')")
    b.add_argument("--max-mb", type=float, default=50.0, help="skip files larger than this (MB)")
    b.add_argument("--time-limit", type=float, default=300.0,
                   help="seconds to read and segment one file before it is given up as an error (0: no limit)")
    b.add_argument("--no-cache", action="store_true", help="ignore and clear the per-document cache")
    b.add_argument("--no-parse-reuse", action="store_true",
                   help="parse every clause, even a text met before in the build (the tables are the same; "
                        "slower where documents share clauses)")
    b.add_argument("--figures", help="also write the coverage figures (PNG and SVG) to this folder")
    b.add_argument("--watch", action="store_true",
                   help="keep the model loaded and rebuild whenever a raw file is added, changed or removed "
                        "(one line per rebuild; Ctrl-C to stop)")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.add_argument("--verbose", action="store_true", help="print warnings too")
    b.set_defaults(func=_cmd_build)

    e = sub.add_parser("evaluate", help="score the processed clauses against a gold JSONL file", **_example(
        "protocol-analytics evaluate ../shared/gold/seeds.jsonl --diffs"))
    e.add_argument("gold")
    _processed_option(e)
    e.add_argument("--diffs", action="store_true", help="list every clause where prediction and gold differ")
    e.set_defaults(func=_cmd_evaluate)

    g = sub.add_parser("gaps", help="topics a council's peers cover and it does not", **_example(
        'protocol-analytics gaps "Seaton Town Council" --peers town'))
    g.add_argument("council", help="council name (any case) or doc_id")
    g.add_argument("--peers", help=_PEERS)
    _processed_option(g)
    g.set_defaults(func=_cmd_gaps)

    r = sub.add_parser("report", help="one council's HTML report", **_example(
        'protocol-analytics report seaton-town-council --peers town,parish --out reports/'))
    r.add_argument("council", help="council name (any case) or doc_id")
    r.add_argument("--peers", help=_PEERS)
    r.add_argument("--out", help="output folder (default reports/)")
    _processed_option(r)
    r.set_defaults(func=_cmd_report)

    sh = sub.add_parser("show", help="the clauses behind a coverage cell, with their tags, evidence and rules",
                        **_example('protocol-analytics show "Seaton Town Council" political_groups'))
    sh.add_argument("council", help="council name (any case) or doc_id")
    sh.add_argument("topic", help="topic id or name ('political_groups', 'Political groups')")
    _processed_option(sh)
    sh.set_defaults(func=_cmd_show)

    c = sub.add_parser("compare", help="two councils' clauses side by side, as an HTML page", **_example(
        'protocol-analytics compare "Nuthurst Parish Council" seaton-town-council --out reports/'))
    c.add_argument("a", help="council A: name (any case) or doc_id")
    c.add_argument("b", help="council B")
    c.add_argument("--out", help="output folder (default reports/)")
    _processed_option(c)
    c.set_defaults(func=_cmd_compare)

    x = sub.add_parser("export", help="an Excel workbook and/or the statements in IG Script", **_example(
        "protocol-analytics export --xlsx protocols.xlsx --ig-script statements.tsv"))
    x.add_argument("--xlsx", metavar="FILE", help="write one workbook: councils, coverage, gaps, clauses, escalation edges")
    x.add_argument("--ig-script", metavar="FILE", help="write the statements in IG Script (tab-separated, for IG-Parser)")
    _processed_option(x)
    x.set_defaults(func=_cmd_export)

    s = sub.add_parser("schema", help="print the data dictionary of the processed tables",
                       **_example("protocol-analytics schema > data-dictionary.md"))
    s.set_defaults(func=_cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command; every error a user or the machine can cause is one coded line on stderr and its exit
    status (errors.ExitStatus), never a traceback. Run as the program (no ``argv``), a ``build`` ends its
    process once it is done (:func:`end_process`)."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    args = make_parser().parse_args(argv)
    program_build = argv is None and getattr(args, "func", None) is _cmd_build
    if program_build:
        without_data_synthesis()
    status = _run(args)
    if program_build and not args.watch:
        end_process(status)
    return status


def end_process(status: int) -> NoReturn:
    """End this process with ``status`` at once, once its output is flushed: without the interpreter's
    teardown, which takes a build's process 20-50 ms (every module and object it loaded freed one by one) after
    its results are live. A build leaves nothing to it: its files are written and closed, its worker processes
    and threads ended, its replaced build handed to a process of its own."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # (a closed pipe: nothing more can be said there)
            pass
    os._exit(status)


def _run(args) -> int:
    from .errors import ExitStatus, ProtocolAnalyticsError, os_error

    try:
        return args.func(args)
    except ProtocolAnalyticsError as exc:
        error = exc
    except BrokenPipeError as exc:
        if stdout_closed():  # "protocol-analytics evaluate … | head": the reader has what it wanted
            return ExitStatus.PIPE_CLOSED
        error = os_error(exc)
    except OSError as exc:  # a full or read-only disk, a missing file, an I/O error
        error = os_error(exc)
    except KeyboardInterrupt:
        print("interrupted: the previous results were kept", file=sys.stderr)
        return ExitStatus.INTERRUPTED
    print(f"error {error.code}: {error}" if error.code else f"error: {error}", file=sys.stderr)
    return error.exit_status


def stdout_closed() -> bool:
    """Whether whoever read this process's output has closed it (a pipe into ``head`` that has exited): the
    pipe's write end then reports an error when polled. The rest of the output is dropped, so that the
    interpreter's exit does not fail on it too."""
    import select

    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        closed = any(events & select.POLLERR for _, events in poller.poll(0))
    except (AttributeError, OSError, ValueError):  # (no poll here, or no real stdout)
        return False
    if closed:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return closed


if __name__ == "__main__":
    sys.exit(main())
