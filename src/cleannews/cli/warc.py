"""`cleannews warc`: every HTML response of web archives to one output file per input.
warcio, the process pool and Ray load only when this verb runs."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from ..config import WarcOptions
from .common import Outcome, UsageError, positive_int, seconds
from .rules import add_rules_flag, extract_options

log = logging.getLogger(__name__)

HELP = "extract every HTML response of web archives (WARC files) to --out"
DESCRIPTION = (
    "Extract one record per HTML 2xx response of each WARC file: the article "
    "record, or an error record. One output file per input under --out, written "
    "atomically: a rerun skips files already done (--force redoes them).")
EXAMPLES = ("examples:\n  cleannews warc CC-NEWS-*.warc.gz --out news/\n"
            "  cleannews warc CC-NEWS-*.warc.gz --out news/ --engine ray --format parquet\n")
EXIT_MEANINGS = {
    0: "every file was read to its end",
    1: "some files could not be read (or broke off midway)",
    3: "no file could be read",
}
INTERRUPTED = "interrupted; finished files are kept, a rerun resumes"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    d = WarcOptions()
    add = parser.add_argument
    add("inputs", nargs="+", metavar="WARC", help="a .warc or .warc.gz file")
    add("--out", required=True, metavar="DIR", help="folder for the output files")
    add("--workers", type=positive_int, default=os.cpu_count() or 1,
        help="local engine: worker processes (default: the number of cores)")
    add("--engine", choices=("local", "ray"), default="local",
        help="local process pool (default) or Ray Data (extra cleannews[ray])")
    add("--ray-address", metavar="ADDRESS",
        help="an existing Ray cluster (default: $RAY_ADDRESS, else a local Ray)")
    add("--format", choices=("jsonl", "parquet"), default="jsonl",
        help="output format (parquet needs the extra cleannews[parquet])")
    add("--force", action="store_true", help="redo files whose output exists")
    add("--time-limit", type=seconds, default=d.time_limit, metavar="SECONDS",
        help="extraction time per record before it becomes an error (0: none)")
    add("--max-record-bytes", type=positive_int, default=d.max_record_bytes, metavar="N",
        help="larger HTTP bodies become error records")
    add_rules_flag(parser)


def run(args: argparse.Namespace) -> Outcome:
    from ..warc.jobs import Progress, plan_jobs
    from ..warc.pool import run_local

    missing = _missing_extras(args.engine, args.format)
    if missing:
        raise UsageError(missing)
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        todo, done = plan_jobs(args.inputs, out, args.format, force=args.force)
    except (OSError, ValueError) as exc:
        raise UsageError(str(exc)) from exc
    if done:
        log.warning("%d file(s) already done, skipped (--force redoes them)", len(done))
    progress = Progress(len(todo), stream=None if args.quiet else sys.stderr)
    options = WarcOptions(max_record_bytes=args.max_record_bytes, time_limit=args.time_limit,
                          extract_options=extract_options(args))
    if args.engine == "ray":
        from ..warc.raydata import run_ray

        failed = run_ray(todo, fmt=args.format, options=options, progress=progress,
                         address=args.ray_address)
    else:
        failed = run_local(todo, fmt=args.format, workers=args.workers, options=options,
                           progress=progress)
    return Outcome(len(todo) + len(done) - len(failed), len(failed))


def _missing_extras(engine: str, fmt: str) -> str | None:
    """Which optional dependency a choice needs and lacks, as a message; None if all there."""
    import importlib.util

    if engine == "ray" and importlib.util.find_spec("ray") is None:
        return "--engine ray needs Ray: pip install 'cleannews[ray]'"
    if fmt == "parquet" and importlib.util.find_spec("pyarrow") is None:
        return "--format parquet needs pyarrow: pip install 'cleannews[parquet]'"
    return None
