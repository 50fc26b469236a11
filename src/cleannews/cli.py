"""The command line: verbs, records on stdout (or -o FILE), logs and errors on stderr.

Exit status: 0 every input gave a record, 1 some inputs failed, 2 usage error,
3 every input failed.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import logging
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from . import __version__
from .collect import CollectOptions, exit_code, parse_duration, parse_since, run
from .config import FetchOptions
from .errors import CleannewsError, InputError
from .extract import extract
from .models import Page
from .runfiles import AlreadyRunning
from .sources import load_sites
from .write import JsonLinesWriter

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_ALL_FAILED = 3
EXIT_ALREADY_RUNNING = 75  # sysexits EX_TEMPFAIL: cron may simply try again later

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
    _add_collect_parser(verbs)
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


_COLLECT_EPILOG = """\
example (crontab, every hour at minute 7):
  7 * * * * cd $HOME/news && .venv/bin/cleannews -q collect sites.toml --out data/ --state state.db

exit status:
  0   every source read and every new article collected
  1   some articles or sources failed (each one is logged on stderr)
  2   usage error (bad arguments, bad sites file)
  3   all failed: every article tried failed, or no source could be read
  75  another collect run is using the same state file (try again later)
"""


def add_fetch_flags(parser: argparse.ArgumentParser) -> None:
    """The fetcher's options as flags (defaults from FetchOptions)."""
    d = FetchOptions()
    group = parser.add_argument_group("fetching")
    group.add_argument("--user-agent", default=d.user_agent, help="the User-Agent sent")
    group.add_argument("--timeout", type=float, default=d.timeout, metavar="SECONDS",
                       help=f"per request (default {d.timeout:g})")
    group.add_argument("--concurrency", type=int, default=d.concurrency, metavar="N",
                       help=f"requests in flight (default {d.concurrency})")
    group.add_argument("--per-host-concurrency", type=int, default=d.per_host_concurrency,
                       metavar="N", help=f"per host (default {d.per_host_concurrency})")
    group.add_argument("--per-host-delay", type=float, default=d.per_host_delay,
                       metavar="SECONDS", help="pause between two requests to one host")
    group.add_argument("--retries", type=int, default=d.retries, metavar="N",
                       help=f"after a transient failure (default {d.retries})")
    group.add_argument("--max-bytes", type=int, default=d.max_bytes, metavar="N",
                       help=f"largest body accepted (default {d.max_bytes})")
    group.add_argument("--no-robots", action="store_true", help="ignore robots.txt")
    group.add_argument("--allow-private", action="store_true",
                       help="allow loopback and private addresses (tests, intranets)")


def fetch_options(args: argparse.Namespace) -> FetchOptions:
    """FetchOptions from the flags add_fetch_flags() defined."""
    return FetchOptions(
        user_agent=args.user_agent, timeout=args.timeout, concurrency=args.concurrency,
        per_host_concurrency=args.per_host_concurrency, per_host_delay=args.per_host_delay,
        retries=args.retries, max_bytes=args.max_bytes, respect_robots=not args.no_robots,
        allow_private=args.allow_private,
    )


def _add_collect_parser(verbs: argparse._SubParsersAction) -> None:
    col = verbs.add_parser(
        "collect",
        help="collect new articles from the feeds and sitemaps of the sites in a TOML file",
        description="One scheduled collection run: read the sites' feeds and sitemaps "
        "(discovered from each home page and robots.txt, or listed in the file), fetch the "
        "articles not collected before and append their records to a new JSON Lines file "
        "under --out. Safe to kill at any moment; a second run on the same state exits 75.",
        epilog=_COLLECT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    col.add_argument("sites", metavar="SITES.toml", help="[[site]] tables: url, feeds, "
                     "sitemaps, include, exclude")
    col.add_argument("--out", required=True, metavar="DIR",
                     help="directory of the output files, one per run: <UTC time>-run<N>.jsonl")
    col.add_argument("--state", required=True, metavar="FILE", help="the SQLite state file")
    col.add_argument("--max-items", type=int, metavar="N",
                     help="fetch at most N articles this run (the rest wait for the next)")
    col.add_argument("--since", metavar="WHEN",
                     help="ignore entries dated before WHEN: an ISO date/time or an age "
                     "such as 36h or 7d (undated entries are kept)")
    col.add_argument("--time-budget", metavar="DURATION",
                     help="start no work after this long (e.g. 300, 10m); the rest waits")
    col.add_argument("--json-summary", action="store_true",
                     help="also print the summary as one JSON object on stdout")
    add_fetch_flags(col)
    col.set_defaults(run=_run_collect)


def _run_collect(args: argparse.Namespace) -> int:
    try:
        since = parse_since(args.since) if args.since else None
        budget = parse_duration(args.time_budget) if args.time_budget else None
    except ValueError:
        print("cleannews: error: --since takes an ISO date/time or an age like 36h; "
              "--time-budget a duration like 600 or 10m", file=sys.stderr)
        return EXIT_USAGE
    if args.max_items is not None and args.max_items < 0:
        print("cleannews: error: --max-items must be 0 or more", file=sys.stderr)
        return EXIT_USAGE
    sites = load_sites(args.sites)
    options = CollectOptions(out_dir=Path(args.out), state_path=Path(args.state),
                             fetch=fetch_options(args), max_items=args.max_items,
                             since=since, time_budget=budget)
    try:
        summary = run(sites, options)
    except AlreadyRunning as exc:
        print(f"cleannews: collect: {exc}", file=sys.stderr)
        return EXIT_ALREADY_RUNNING
    except (OSError, sqlite3.Error) as exc:  # output or state unusable: nothing can be kept
        print(f"cleannews: collect: error: {exc}", file=sys.stderr)
        return EXIT_ALL_FAILED
    print(f"cleannews: {summary.line()}", file=sys.stderr)
    if args.json_summary:
        print(json.dumps(summary.to_dict()), flush=True)
    return exit_code(summary)
