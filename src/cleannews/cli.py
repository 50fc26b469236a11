"""The command line: verbs, records on stdout (or -o FILE), logs and errors on stderr.

Exit status: 0 every input gave a record, 1 some inputs failed, 2 usage error,
3 every input failed.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from . import __version__
from .errors import CleannewsError, InputError
from .extract import extract
from .models import Page
from .write import JsonLinesWriter

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_ALL_FAILED = 3

log = logging.getLogger("cleannews")

_EPILOG = """\
exit status:
  0  every input produced a record
  1  some inputs failed (each failure is reported on stderr)
  2  usage error
  3  every input failed
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleannews",
        description="Extract clean news records (headline, byline, dateline, body) as JSON Lines.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"cleannews {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output on stderr")
    parser.add_argument("-q", "--quiet", action="store_true", help="only errors on stderr")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True

    ext = verbs.add_parser(
        "extract",
        help="extract records from saved pages (files, .gz files, - for stdin)",
        description="Extract one JSON record per saved page. HTML or plain-text dumps; "
        "gzipped files are read transparently; '-' reads standard input.",
        epilog="examples:\n  cleannews extract page.html\n"
        "  cleannews extract a.html b.html.gz - -o out.jsonl\n\n" + _EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ext.add_argument("inputs", nargs="+", metavar="FILE", help="a saved page, a .gz file, or -")
    ext.add_argument("-o", "--output", metavar="FILE", help="write JSON Lines here (default: stdout)")
    ext.add_argument("--url", help="the page's URL, when a single input is given (resolves links)")
    ext.set_defaults(run=_run_extract)
    _add_warc_parser(verbs)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    _configure_logging(args.verbose, args.quiet)
    try:
        return int(args.run(args))
    except CleannewsError as exc:
        print(f"cleannews: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _configure_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else
                                         logging.INFO if verbose else logging.WARNING)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("cleannews: %(levelname)s: %(message)s"))
    log.handlers = [h for h in log.handlers if not isinstance(h, logging.StreamHandler)]
    log.addHandler(handler)
    log.setLevel(level)


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[IO[str]]:
    """stdout, or a file opened for writing in UTF-8."""
    if path is None or path == "-":
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8") as stream:
        yield stream


def exit_status(ok: int, failed: int) -> int:
    """The documented exit status for a batch with `ok` records and `failed` inputs."""
    if failed == 0:
        return EXIT_OK
    return EXIT_ALL_FAILED if ok == 0 else EXIT_SOME_FAILED


def read_input(name: str) -> Page:
    """A saved page from a path (gzip detected by its magic bytes) or '-' for stdin."""
    try:
        if name == "-":
            data = sys.stdin.buffer.read()
        else:
            data = Path(name).read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", url=name) from exc
    return Page(url=None, content=data, origin="stdin" if name == "-" else "file")


def _run_extract(args: argparse.Namespace) -> int:
    if args.url and len(args.inputs) > 1:
        print("cleannews: error: --url goes with a single input", file=sys.stderr)
        return EXIT_USAGE
    ok = failed = 0
    with open_output(args.output) as stream:
        writer = JsonLinesWriter(stream)
        for name in args.inputs:
            try:
                article = extract(read_input(name), url=args.url)
            except CleannewsError as exc:
                failed += 1
                print(f"cleannews: error: {name}: {exc}", file=sys.stderr)
                continue
            writer.write(article)
            ok += 1
    return exit_status(ok, failed)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _add_warc_parser(verbs: argparse._SubParsersAction) -> None:
    import os

    warc = verbs.add_parser(
        "warc",
        help="extract every HTML response of web archives (WARC files) to --out",
        description="Extract one record per HTML 2xx response of each WARC file: the article "
        "record, or an error record. One output file per input under --out, written "
        "atomically: a rerun skips files already done (--force redoes them).",
        epilog="examples:\n  cleannews warc CC-NEWS-*.warc.gz --out news/\n"
        "  cleannews warc CC-NEWS-*.warc.gz --out news/ --engine ray --format parquet\n\n"
        "exit status:\n  0  every file was read to its end\n"
        "  1  some files could not be read (or broke off midway)\n  2  usage error\n"
        "  3  no file could be read\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    warc.add_argument("inputs", nargs="+", metavar="WARC", help="a .warc or .warc.gz file")
    warc.add_argument("--out", required=True, metavar="DIR", help="folder for the output files")
    warc.add_argument("--workers", type=_positive_int, default=os.cpu_count() or 1,
                      help="local engine: worker processes (default: the number of cores)")
    warc.add_argument("--engine", choices=("local", "ray"), default="local",
                      help="local process pool (default) or Ray Data (extra cleannews[ray])")
    warc.add_argument("--ray-address", metavar="ADDRESS",
                      help="an existing Ray cluster (default: $RAY_ADDRESS, else a local Ray)")
    warc.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl",
                      help="output format (parquet needs the extra cleannews[parquet])")
    warc.add_argument("--force", action="store_true", help="redo files whose output exists")
    warc.add_argument("--time-limit", type=float, default=20.0, metavar="SECONDS",
                      help="extraction time per record before it becomes an error (0: none)")
    warc.add_argument("--max-record-bytes", type=_positive_int, default=5_000_000,
                      metavar="N", help="larger HTTP bodies become error records")
    warc.set_defaults(run=_run_warc)


def _run_warc(args: argparse.Namespace) -> int:
    from .warc import WarcOptions
    from .warc_jobs import Progress, plan_jobs
    from .warc_local import run_local

    missing = _missing_extras(args.engine, args.format)
    if missing:
        print(f"cleannews: error: {missing}", file=sys.stderr)
        return EXIT_USAGE
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        todo, done = plan_jobs(args.inputs, out, args.format, force=args.force)
    except (OSError, ValueError) as exc:
        print(f"cleannews: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if done:
        log.warning("%d file(s) already done, skipped (--force redoes them)", len(done))
    progress = Progress(len(todo), stream=None if args.quiet else sys.stderr)
    options = WarcOptions(max_record_bytes=args.max_record_bytes, time_limit=args.time_limit)
    try:
        if args.engine == "ray":
            from .warc_ray import run_ray

            failed = run_ray(todo, fmt=args.format, options=options, progress=progress,
                             address=args.ray_address)
        else:
            failed = run_local(todo, fmt=args.format, workers=args.workers, options=options,
                               progress=progress)
    except KeyboardInterrupt:
        print("cleannews: interrupted; finished files are kept, a rerun resumes",
              file=sys.stderr)
        return 130
    return exit_status(len(todo) + len(done) - len(failed), len(failed))


def _missing_extras(engine: str, fmt: str) -> str | None:
    """Which optional dependency a choice needs and lacks, as a message; None if all there."""
    import importlib.util

    if engine == "ray" and importlib.util.find_spec("ray") is None:
        return "--engine ray needs Ray: pip install 'cleannews[ray]'"
    if fmt == "parquet" and importlib.util.find_spec("pyarrow") is None:
        return "--format parquet needs pyarrow: pip install 'cleannews[parquet]'"
    return None
