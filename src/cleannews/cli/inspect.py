"""`cleannews inspect`: why a page came out as it did, as one HTML file (or the JSON data).

A saved page is read like `extract` reads it; a URL is fetched with the usual Fetcher and its
guards (robots.txt, private addresses refused, size limits). The fetch stack loads only for
a URL.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import Outcome, add_fetch_flags, fetch_options, open_output
from .rules import extract_options

HELP = "show what extraction kept and dropped on one page, and why (HTML report)"
DESCRIPTION = (
    "Extract one page and write a report of every decision: each text block in page order,\n"
    "coloured by verdict (body, clutter, teaser card, link list, byline, dateline, caption,\n"
    "duplicate) with its CSS path and scores, and each field with its source and the\n"
    "candidates that lost. The HTML file is self-contained (no scripts, no network). Each\n"
    "block offers a site rule to paste into a --rules file.")
EXAMPLES = ("examples:\n  cleannews inspect page.html -o report.html\n"
            "  cleannews inspect https://example.com/news/1 -o report.html\n"
            "  cleannews inspect page.html --format json -o report.json\n")
EXIT_MEANINGS = {
    0: "the report was written",
    2: "usage error (bad flags, a bad rules file)",
    3: "the page could not be read, fetched or decoded",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("source", metavar="PAGE", help="a saved page (.html, .gz, - for stdin) or an http(s) URL")
    add("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    add("--format", choices=("html", "json"), default="html",
        help="html: the report page (default); json: explain()'s data")
    add("--url", help="the saved page's URL (resolves links, picks the site rule)")
    add("--rules", metavar="RULES.toml", help="site rules to apply (and check)")
    add_fetch_flags(parser)


def run(args: argparse.Namespace) -> Outcome:
    from ..errors import CleannewsError
    from ..extraction.explain import explain
    from ..report import render_html, render_json
    from .extract import read_input

    options = extract_options(args)
    try:
        if args.source.startswith(("http://", "https://")):
            from ..net.fetcher import fetch

            page = fetch(args.source, options=fetch_options(args))
        else:
            page = read_input(args.source)
        report = explain(page, url=args.url, options=options)
    except CleannewsError as exc:  # the one input failed: as `extract` reports it
        print(f"cleannews: error: {args.source}: {exc}", file=sys.stderr)
        return Outcome(0, 1)
    for warning in report.warnings:
        print(f"cleannews: inspect: {warning}", file=sys.stderr)
    text = render_json(report) if args.format == "json" else render_html(report)
    with open_output(args.output) as stream:
        stream.write(text)
    if args.output and args.output != "-":
        size = Path(args.output).stat().st_size
        counts = ", ".join(f"{k} {v}" for k, v in report.counts().items() if v)
        print(f"cleannews: inspect: wrote {args.output} ({size:,} bytes; {counts})",
              file=sys.stderr)
    return Outcome(1, 0)
