"""The command line: protocol-analytics build | evaluate | gaps | report | schema | manifest."""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from . import __version__, config


def _cmd_build(args) -> int:
    from .errors import UserError, is_warning
    from .pipeline import Settings, build

    out = Path(args.out) if args.out else config.processed_dir()
    settings = Settings(model=args.model or config.model_name(), max_mb=args.max_mb, taxonomy=args.taxonomy,
                        time_limit=args.time_limit)
    report = build(args.raw_dir, out, settings=settings, jobs=args.jobs, scheduler=args.scheduler,
                   use_cache=not args.no_cache, progress=not args.quiet)
    for r in report.errors.itertuples():
        print(f"{'warning' if is_warning(r.code) else 'error'} {r.code}: {r.message}", file=sys.stderr)
    if args.verbose:
        for w in report.warnings:
            print(f"warning: {w}", file=sys.stderr)
    n_warnings = len(report.errors) - report.n_errors
    print(f"{report.n_documents} documents, {report.n_clauses} clauses from {report.n_files} files "
          f"({report.n_cached} from cache), {report.n_errors} errors"
          f"{f', {n_warnings} warnings' if n_warnings else ''} -> {report.out_dir}")
    if not report.replaced:
        raise UserError("PA052", path=args.raw_dir or config.raw_dir(), n_files=report.n_files, out=report.out_dir)
    if args.figures:
        from .report import write_figures

        written = write_figures(out, Path(args.figures))
        print(f"{len(written)} figures -> {args.figures}")
    return report.exit_code


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
    from .compare import gap_report
    from .io import read_table

    processed = Path(args.processed) if args.processed else config.processed_dir()
    coverage, clauses = read_table("coverage", processed), read_table("clauses", processed)
    gaps = gap_report(coverage, clauses, args.council, peers=args.peers)
    peers = args.peers or "all"
    if gaps.empty:
        print(f"{args.council}: no topic that its peers ({peers}) cover is missing.")
        return 0
    print(f"{args.council}: {len(gaps)} topics covered by peers ({peers}) but not by this council\n")
    for r in gaps.itertuples():
        print(f"- {r.topic_name} [{r.topic}]: {r.peers_covering} of {r.n_peers} peers")
        for ex in r.examples:
            print(f"    e.g. {ex[:160]}")
    return 0


def _cmd_report(args) -> int:
    from .report import render_report

    processed = Path(args.processed) if args.processed else config.processed_dir()
    path = render_report(args.council, processed=processed, peers=args.peers,
                         out_dir=Path(args.out) if args.out else config.reports_dir())
    print(path)
    return 0


def _cmd_schema(args) -> int:
    from .schemas import data_dictionary_markdown

    print(data_dictionary_markdown())
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="protocol-analytics", description=__doc__)
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="raw protocols -> processed tables")
    b.add_argument("raw_dir", nargs="?", default=None, help="folder of raw protocols (default data/raw)")
    b.add_argument("--out", help="output folder (default data/processed)")
    b.add_argument("--model", help=f"spaCy model name (default ${{PROTOCOL_ANALYTICS_MODEL}} or {config.DEFAULT_MODEL})")
    b.add_argument("--taxonomy", help="a topic taxonomy YAML file to use instead of the packaged one")
    b.add_argument("--jobs", type=int, default=1, help="worker processes for the per-document stage")
    b.add_argument("--scheduler", help="run on Dask: 'local' for a local cluster, or a scheduler address")
    b.add_argument("--max-mb", type=float, default=50.0, help="skip files larger than this (MB)")
    b.add_argument("--time-limit", type=float, default=300.0,
                   help="seconds to read and segment one file before it is given up as an error (0: no limit)")
    b.add_argument("--no-cache", action="store_true", help="ignore and clear the per-document cache")
    b.add_argument("--figures", help="also write the coverage figures (PNG and SVG) to this folder")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.add_argument("--verbose", action="store_true", help="print warnings too")
    b.set_defaults(func=_cmd_build)

    e = sub.add_parser("evaluate", help="score the processed clauses against a gold JSONL file")
    e.add_argument("gold")
    e.add_argument("--processed", help="processed folder (default data/processed)")
    e.add_argument("--diffs", action="store_true", help="list every clause where prediction and gold differ")
    e.set_defaults(func=_cmd_evaluate)

    g = sub.add_parser("gaps", help="topics a council's peers cover and it does not")
    g.add_argument("council")
    g.add_argument("--peers", help="peer set: a council type (parish, town, …) or 'all' (default)")
    g.add_argument("--processed")
    g.set_defaults(func=_cmd_gaps)

    r = sub.add_parser("report", help="one council's HTML report")
    r.add_argument("council")
    r.add_argument("--peers", help="peer set: a council type or 'all'")
    r.add_argument("--out", help="output folder (default reports/)")
    r.add_argument("--processed")
    r.set_defaults(func=_cmd_report)

    s = sub.add_parser("schema", help="print the data dictionary of the processed tables")
    s.set_defaults(func=_cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command; every error a user or the machine can cause is one coded line on stderr and its exit
    status (errors.ExitStatus), never a traceback."""
    from .errors import ExitStatus, ProtocolAnalyticsError, os_error

    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except ProtocolAnalyticsError as exc:
        error = exc
    except OSError as exc:  # a full or read-only disk, a missing file, an I/O error
        error = os_error(exc)
    except KeyboardInterrupt:
        print("interrupted: the previous results were kept", file=sys.stderr)
        return ExitStatus.INTERRUPTED
    print(f"error {error.code}: {error}" if error.code else f"error: {error}", file=sys.stderr)
    return error.exit_status


if __name__ == "__main__":
    sys.exit(main())
