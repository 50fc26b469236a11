"""`cleannews extract`: saved pages (files, gzip, stdin) to records. Needs no network stack."""

from __future__ import annotations

import argparse
import gzip
import logging
import sys
from pathlib import Path

from ..errors import CleannewsError, InputError
from ..models import Page
from .common import Outcome, UsageError, open_output

log = logging.getLogger(__name__)

HELP = "extract records from saved pages (files, .gz files, - for stdin)"
DESCRIPTION = ("Extract one JSON record per saved page. HTML or plain-text dumps; "
               "gzipped files are read transparently; '-' reads standard input.")
EXAMPLES = ("examples:\n  cleannews extract page.html\n"
            "  cleannews extract a.html b.html.gz - -o out.jsonl\n")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="FILE",
                        help="a saved page, a .gz file, or -")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write JSON Lines here (default: stdout)")
    parser.add_argument("--url",
                        help="the page's URL, when a single input is given (resolves links)")


def read_input(name: str) -> Page:
    """A saved page from a path (gzip detected by its magic bytes) or '-' for stdin."""
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", url=name) from exc
    return Page(url=None, content=data, origin="stdin" if name == "-" else "file")


def run(args: argparse.Namespace) -> Outcome:
    from ..extraction.article import extract
    from ..jsonl import JsonLinesWriter

    if args.url and len(args.inputs) > 1:
        raise UsageError("--url goes with a single input")
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
    return Outcome(ok, failed)
