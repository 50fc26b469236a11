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
