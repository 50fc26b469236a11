"""`cleannews extract`: saved pages (files, folders, lists of files, gzip, stdin) to records.
Needs no network stack; with --workers N it extracts in a process pool, records in input
order."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import logging
import sys
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..config import ExtractOptions
from ..errors import CleannewsError, InputError
from ..models import Article, ErrorRecord, Page
from ..net.payload import read_capped
from ..progress import progress_bar
from .common import Outcome, UsageError, count, open_output, read_list
from .rules import add_rules_flag, extract_options

log = logging.getLogger(__name__)

HELP = "extract records from saved pages (files, folders, .gz files, - for stdin)"
DESCRIPTION = (
    "Extract one JSON record per saved page. HTML or plain-text dumps; gzipped files are\n"
    "read transparently; '-' reads standard input. A folder stands for its *.html, *.htm\n"
    "and *.html.gz files (with -r, those of its subfolders too). Records come in the order\n"
    "of the inputs, also with --workers.")
EXAMPLES = ("examples:\n  cleannews extract page.html\n"
            "  cleannews extract a.html b.html.gz - -o out.jsonl\n"
            "  cleannews extract -r pages/ --workers 4 -o out.jsonl\n"
            "  find . -name '*.html' | cleannews extract -i - -o out.jsonl\n")
PAGE_SUFFIXES = (".html", ".htm", ".html.gz")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("inputs", nargs="*", metavar="FILE", help="a saved page, a .gz file, a folder, or -")
    add("-i", "--input", metavar="LIST", help="read input paths from LIST, one a line "
        "('-' for stdin; blank lines and lines starting with # are skipped)")
    add("-r", "--recursive", action="store_true", help="read folders' subfolders too")
    add("-o", "--output", metavar="FILE", help="write JSON Lines here (default: stdout)")
    add("--url", help="the page's URL, when a single input is given (resolves links)")
    add("--workers", type=count, default=0, metavar="N",
        help="extract in N worker processes (default 0: in this process)")
    add("--no-progress", action="store_true", help="no progress bar")
    add_rules_flag(parser)


def read_input(name: str, limit: int | None = None) -> Page:
    """A saved page from a path or '-' for stdin, gzip (told by its magic bytes) inflated as
    it streams: at most `limit` bytes (ExtractOptions.max_input_bytes), which is all that
    extraction reads of a plain page; a gzip page that inflates past it is refused."""
    limit = ExtractOptions().max_input_bytes if limit is None else limit
    try:
        with contextlib.ExitStack() as stack:
            stream = sys.stdin.buffer if name == "-" else stack.enter_context(open(name, "rb"))
            data = read_capped(stream, limit)
    except OverflowError:
        raise InputError(f"larger than {limit} bytes once decompressed (the max_input_bytes "
                         "cap)", url=name) from None
    except zlib.error as exc:
        raise InputError(f"corrupt gzip data: {exc}", url=name) from exc
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", url=name) from exc
    return Page(url=None, content=data, origin="stdin" if name == "-" else "file")


def input_names(args: argparse.Namespace) -> list[str]:
    """The inputs in order: the arguments, then the paths LIST names; folders expanded."""
    names = list(args.inputs) + (read_list(args.input) if args.input else [])
    return [found for name in names for found in _expand(name, args.recursive)]


def _expand(name: str, recursive: bool) -> Iterable[str]:
    path = Path(name)
    if name == "-" or not path.is_dir():
        return [name]  # a file that cannot be read is reported when it is read
    found = path.rglob("*") if recursive else path.iterdir()
    return sorted(str(p) for p in found
                  if p.name.lower().endswith(PAGE_SUFFIXES) and p.is_file())


def run(args: argparse.Namespace) -> Outcome:
    from ..jsonl import JsonLinesWriter

    names = input_names(args)
    if not names:
        raise UsageError("no input: give files, folders, - or -i LIST")
    if args.url and len(names) > 1:
        raise UsageError("--url goes with a single input")
    if "-" in names and args.workers:
        raise UsageError("'-' (standard input) cannot go to --workers: leave --workers out")
    ok = failed = 0
    show = not (args.no_progress or args.quiet) and len(names) > 1
    with open_output(args.output) as stream, progress_bar(len(names), "page", show) as bar:
        writer = JsonLinesWriter(stream)
        results = _results(names, args.url, args.workers, extract_options(args))
        for name, (result, seconds) in results:
            if isinstance(result, str):
                failed += 1
                bar.write(f"cleannews: error: {name}: {result}", file=sys.stderr)
            else:
                writer.write(result)
                ok += 1
                log.info("%s: %d words in %.3fs", name, result.word_count, seconds)
            bar.update()
    return Outcome(ok, failed)


def _results(names: list[str], url: str | None, workers: int, options: ExtractOptions
             ) -> Iterator[tuple[str, tuple[Article | str, float]]]:
    """(input, (its Article or what went wrong, seconds taken)), in input order."""
    if not workers:
        for name in names:
            yield name, extract_one(name, url, options)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from ..workers import ignore_interrupts

    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=ignore_interrupts) as pool:
        # map keeps input order; chunks make the round trips few when pages are small
        yield from zip(names, pool.map(extract_one, names, [url] * len(names),
                                         [options] * len(names), chunksize=4),
                       strict=True)


def extract_one(name: str, url: str | None, options: ExtractOptions | None = None
                ) -> tuple[Article | str, float]:
    """The record of one input, or the message of its failure, and the seconds it took (a
    module-level function so that worker processes receive it by name). Extraction runs
    guarded: a page that crashes it or outlasts the time budget is that input's failure."""
    from ..extraction.guarded import safe_extract

    started = time.perf_counter()
    try:
        page = read_input(name)
    except CleannewsError as exc:
        return str(exc), time.perf_counter() - started
    outcome = safe_extract(dataclasses.replace(page, url=url) if url else page, options)
    result = outcome.message if isinstance(outcome, ErrorRecord) else outcome
    return result, time.perf_counter() - started
