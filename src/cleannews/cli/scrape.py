"""`cleannews scrape`: fetch URLs and extract one record per URL. The fetch stack (httpx,
robots, tqdm) loads only when this verb runs."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TYPE_CHECKING

from ..progress import progress_bar
from .common import (
    Outcome,
    UsageError,
    add_fetch_flags,
    count,
    fetch_options,
    open_output,
    read_list,
)
from .rules import add_rules_flag, extract_options

if TYPE_CHECKING:
    from ..config import ExtractOptions, FetchOptions
    from ..jsonl import JsonLinesWriter

log = logging.getLogger(__name__)

HELP = "fetch URLs and extract one record per URL"
DESCRIPTION = (
    "Fetch each URL (politely: robots.txt, per-host limits, retries) and write\n"
    "one JSON line per input URL: the article record, or an error record\n"
    '{"url": ..., "error": {"stage", "type", "message", "status"}}, in the order pages\n'
    "complete. Loopback, private and other non-public addresses are refused unless\n"
    "--allow-private is given. A progress bar is shown when stderr is a terminal.")
EXAMPLES = ("examples:\n"
            "  cleannews scrape https://example.com/a https://example.com/b > out.jsonl\n"
            "  cleannews scrape -i urls.txt -o out.jsonl --concurrency 32\n")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("urls", nargs="*", metavar="URL", help="http(s) URLs to fetch")
    parser.add_argument("-i", "--input", metavar="FILE",
                        help="read URLs from FILE, one per line ('-' for stdin; blank lines "
                        "and lines starting with # are skipped)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write JSON Lines here (default: stdout)")
    add_fetch_flags(parser)
    add_rules_flag(parser)
    parser.add_argument("--workers", type=count, default=0, metavar="N",
                        help="extract in N worker processes (default 0: in the fetching "
                        "process, which is fastest on 2 cores; more helps on machines with "
                        "many)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def read_urls(args: argparse.Namespace) -> list[str]:
    return list(args.urls) + (read_list(args.input) if args.input else [])


def run(args: argparse.Namespace) -> Outcome:
    import asyncio

    from ..jsonl import JsonLinesWriter

    if not args.urls and not args.input:
        raise UsageError("give URLs or -i FILE")
    urls = read_urls(args)
    options = fetch_options(args)
    rules = extract_options(args)
    show = not (args.no_progress or args.quiet)
    with open_output(args.output) as stream:
        return asyncio.run(
            _scrape_to(JsonLinesWriter(stream), urls, options, show, args.workers, rules)
        )


async def _scrape_to(
    writer: JsonLinesWriter, urls: list[str], options: FetchOptions, progress: bool, workers: int,
    rules: ExtractOptions,
) -> Outcome:
    from ..models import ErrorRecord
    from ..scraping import scrape_many

    ok = failed = 0
    with progress_bar(len(urls), "page", progress) as bar:
        async for item in scrape_many(urls, options=options, workers=workers,
                                      extract_options=rules):
            writer.write(item)
            if isinstance(item, ErrorRecord):
                failed += 1
                if log.isEnabledFor(logging.WARNING):
                    bar.write(f"cleannews: {item.url}: {item.message}", file=sys.stderr)
            else:
                ok += 1
            bar.update()
    return Outcome(ok, failed)
