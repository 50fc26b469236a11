"""The command line: verbs, records on stdout (or -o FILE), logs and errors on stderr.

Exit status: 0 every input gave a record, 1 some inputs failed, 2 usage error,
3 every input failed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .._version import __version__
from ..collect.run import exit_code, parse_duration, parse_since, run
from ..collect.sources import load_sites
from ..config import CollectOptions, FetchOptions
from ..errors import AlreadyRunning, CleannewsError, InputError
from ..extraction.article import extract
from ..jsonl import JsonLinesWriter
from ..models import ErrorRecord, Page

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
  75 (collect) another run holds the same state file: try again later
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleannews",
        description="Extract clean news records (headline, byline, dateline, body) as JSON Lines.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"cleannews {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more log output on stderr"
    )
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
    ext.add_argument(
        "-o", "--output", metavar="FILE", help="write JSON Lines here (default: stdout)"
    )
    ext.add_argument("--url", help="the page's URL, when a single input is given (resolves links)")
    ext.set_defaults(run=_run_extract)
    _add_scrape_parser(verbs)
    _add_collect_parser(verbs)
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
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
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
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be zero or more, got {value}")
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 <= value < float("inf"):  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be zero or more seconds, got {text}")
    return value


def _timeout(text: str) -> float:
    value = _seconds(text)
    if value == 0:
        raise argparse.ArgumentTypeError("a timeout must be more than 0 seconds")
    return value


def add_fetch_flags(parser: argparse.ArgumentParser) -> None:
    """The fetcher's options as flags, shared by every verb that fetches (defaults from
    FetchOptions); fetch_options() reads them back."""
    d = FetchOptions()
    add = parser.add_argument
    add("--concurrency", type=_positive_int, default=d.concurrency, metavar="N",
        help=f"requests in flight over all hosts (default {d.concurrency})")
    add("--per-host-concurrency", type=_positive_int, default=d.per_host_concurrency,
        metavar="N", help=f"requests in flight per host (default {d.per_host_concurrency})")
    add("--per-host-delay", type=_seconds, default=d.per_host_delay, metavar="SECONDS",
        help="wait between requests to one host (default 0; a robots.txt Crawl-delay, if "
        "larger, wins)")
    add("--user-agent", default=d.user_agent, metavar="UA",
        help=f"User-Agent header (default {d.user_agent!r})")
    add("--timeout", type=_timeout, default=d.timeout, metavar="SECONDS",
        help=f"limit for one whole request, body included (default {d.timeout:g})")
    add("--connect-timeout", type=_timeout, default=d.connect_timeout, metavar="SECONDS",
        help=f"limit for connecting (default {d.connect_timeout:g})")
    add("--read-timeout", type=_timeout, default=d.read_timeout, metavar="SECONDS",
        help=f"limit between bytes received (default {d.read_timeout:g})")
    add("--max-bytes", type=_positive_int, default=d.max_bytes, metavar="N",
        help=f"largest body accepted, after decompression (default {d.max_bytes})")
    add("--max-redirects", type=_count, default=d.max_redirects, metavar="N",
        help=f"redirects followed per URL (default {d.max_redirects})")
    add("--retries", type=_count, default=d.retries, metavar="N",
        help="further attempts after connection errors, timeouts, 5xx, 408 and 429 "
        f"(default {d.retries})")
    add("--no-robots", action="store_true",
        help="do not read robots.txt (for sites you own or may crawl anyway)")
    add("--allow-private", action="store_true",
        help="allow loopback, private and link-local addresses (your own hosts)")


def fetch_options(args: argparse.Namespace) -> FetchOptions:
    """FetchOptions from the flags add_fetch_flags() defined."""
    return FetchOptions(
        user_agent=args.user_agent, timeout=args.timeout, connect_timeout=args.connect_timeout,
        read_timeout=args.read_timeout, max_bytes=args.max_bytes,
        max_redirects=args.max_redirects, concurrency=args.concurrency,
        per_host_concurrency=args.per_host_concurrency, per_host_delay=args.per_host_delay,
        respect_robots=not args.no_robots, allow_private=args.allow_private,
        retries=args.retries,
    )


def _add_scrape_parser(verbs: argparse._SubParsersAction) -> None:
    sc = verbs.add_parser(
        "scrape",
        help="fetch URLs and extract one record per URL",
        description="Fetch each URL (politely: robots.txt, per-host limits, retries) and write\n"
        "one JSON line per input URL: the article record, or an error record\n"
        '{"url": ..., "error": {"stage", "type", "message", "status"}}, in the order pages\n'
        "complete. Loopback, private and other non-public addresses are refused unless\n"
        "--allow-private is given. A progress bar is shown when stderr is a terminal.",
        epilog="examples:\n"
        "  cleannews scrape https://example.com/a https://example.com/b > out.jsonl\n"
        "  cleannews scrape -i urls.txt -o out.jsonl --concurrency 32\n\n" + _EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sc.add_argument("urls", nargs="*", metavar="URL", help="http(s) URLs to fetch")
    sc.add_argument("-i", "--input", metavar="FILE",
                    help="read URLs from FILE, one per line ('-' for stdin; blank lines and "
                    "lines starting with # are skipped)")
    sc.add_argument("-o", "--output", metavar="FILE",
                    help="write JSON Lines here (default: stdout)")
    add_fetch_flags(sc)
    sc.add_argument("--workers", type=_count, default=0, metavar="N",
                    help="extract in N worker processes (default 0: in the fetching process, "
                    "which is fastest on 2 cores; more helps on machines with many)")
    sc.add_argument("--no-progress", action="store_true", help="no progress bar")
    sc.set_defaults(run=_run_scrape)


def _read_urls(args: argparse.Namespace) -> list[str]:
    urls = list(args.urls)
    if args.input:
        try:
            if args.input == "-":
                text = sys.stdin.read()
            else:
                text = Path(args.input).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise InputError(f"cannot read {args.input}: {exc.strerror or exc}") from exc
        for line in text.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                urls.append(line)
    return urls


def _run_scrape(args: argparse.Namespace) -> int:
    if not args.urls and not args.input:
        print("cleannews: error: give URLs or -i FILE", file=sys.stderr)
        return EXIT_USAGE
    urls = _read_urls(args)
    options = fetch_options(args)
    show = not (args.no_progress or args.quiet) and sys.stderr.isatty()
    with open_output(args.output) as stream:
        ok, failed = asyncio.run(
            _scrape_to(JsonLinesWriter(stream), urls, options, show, args.workers)
        )
    return exit_status(ok, failed)


async def _scrape_to(
    writer: JsonLinesWriter, urls: list[str], options: FetchOptions, progress: bool, workers: int
) -> tuple[int, int]:
    from tqdm import tqdm  # the fetch stack loads only for this verb

    from ..scraping import scrape_many

    ok = failed = 0
    with tqdm(total=len(urls), unit="page", file=sys.stderr, disable=not progress) as bar:
        async for item in scrape_many(urls, options=options, workers=workers):
            writer.write(item)
            if isinstance(item, ErrorRecord):
                failed += 1
                if log.isEnabledFor(logging.WARNING):
                    bar.write(f"cleannews: {item.url}: {item.message}", file=sys.stderr)
            else:
                ok += 1
            bar.update()
    return ok, failed


_COLLECT_EPILOG = """\
example (crontab, every hour at minute 7):
  7 * * * * cd "$HOME/news" && .venv/bin/cleannews collect sites.toml --out data/ \\
            --state state.db >> collect.log 2>&1     (one line in the crontab)

exit status:
  0   every source read and every new article collected
  1   some articles or sources failed (each one is logged on stderr)
  2   usage error (bad arguments, bad sites file)
  3   all failed: every article tried failed, or no source could be read
  75  another collect run is using the same state file (try again later)
"""


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


def _add_warc_parser(verbs: argparse._SubParsersAction) -> None:
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
    warc.add_argument("--time-limit", type=_seconds, default=20.0, metavar="SECONDS",
                      help="extraction time per record before it becomes an error (0: none)")
    warc.add_argument("--max-record-bytes", type=_positive_int, default=5_000_000,
                      metavar="N", help="larger HTTP bodies become error records")
    warc.set_defaults(run=_run_warc)


def _run_warc(args: argparse.Namespace) -> int:
    from ..config import WarcOptions
    from ..warc.jobs import Progress, plan_jobs
    from ..warc.pool import run_local

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
            from ..warc.raydata import run_ray

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
