"""`cleannews collect`: one scheduled collection run. Its stack (httpx, feedparser, SQLite,
the run lock) loads only when this verb runs."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .common import Outcome, RunFailed, UsageError, add_fetch_flags, fetch_options
from .rules import add_rules_flag, extract_options

HELP = "collect new articles from the feeds and sitemaps of the sites in a TOML file"
DESCRIPTION = (
    "One scheduled collection run: read the sites' feeds and sitemaps "
    "(discovered from each home page and robots.txt, or listed in the file), fetch the "
    "articles not collected before and append their records to a new JSON Lines file "
    "under --out. Safe to kill at any moment; a second run on the same state exits 75.")
EXAMPLES = """\
example (crontab, every hour at minute 7):
  7 * * * * cd "$HOME/news" && .venv/bin/cleannews collect sites.toml --out data/ \\
            --state state.db >> collect.log 2>&1     (one line in the crontab)
"""
# How the shared exit statuses read for this verb.
EXIT_MEANINGS = {
    0: "every source read and every new article collected",
    1: "some articles or sources failed (each one is logged on stderr)",
    2: "usage error (bad arguments, bad sites file, a new state beside earlier outputs "
       "without --rebuild-state)",
    3: "all failed: every article tried failed, or no source could be read",
    75: "another collect run is using the same state file (try again later)",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("sites", metavar="SITES.toml", help="[[site]] tables: url, feeds, sitemaps, include, "
        "exclude")
    add("--out", required=True, metavar="DIR",
        help="directory of the output files, one per run: <UTC time>-run<N>.jsonl")
    add("--state", required=True, metavar="FILE", help="the SQLite state file")
    add("--max-items", type=int, metavar="N",
        help="fetch at most N articles this run (the rest wait for the next)")
    add("--since", metavar="WHEN", help="ignore entries dated before WHEN: an ISO date/time "
        "or an age such as 36h or 7d (undated entries are kept)")
    add("--time-budget", metavar="DURATION",
        help="start no work after this long (e.g. 300, 10m); the rest waits")
    add("--discover", action="store_true",
        help="discover the sites' feeds and sitemaps again (home page, robots.txt, usual "
        "sitemap paths); by default only a site's first run does, later runs reuse its finds")
    add("--rebuild-state", action="store_true",
        help="the state is new or empty but --out holds earlier runs: take their records as "
        "collected (without this flag, that is an error)")
    add("--no-progress", action="store_true", help="no progress bar")
    add("--json-summary", action="store_true",
        help="also print the summary as one JSON object on stdout")
    add_fetch_flags(parser)
    add_rules_flag(parser)


def run(args: argparse.Namespace) -> Outcome:
    import sqlite3

    from ..collect.run import parse_duration, parse_since
    from ..collect.run import run as collect
    from ..collect.sources import load_sites
    from ..config import CollectOptions

    try:
        since = parse_since(args.since) if args.since else None
        budget = parse_duration(args.time_budget) if args.time_budget else None
    except ValueError:
        raise UsageError("--since takes an ISO date/time or an age like 36h; "
                         "--time-budget a duration like 600 or 10m") from None
    if args.max_items is not None and args.max_items < 0:
        raise UsageError("--max-items must be 0 or more")
    sites = load_sites(args.sites)
    options = CollectOptions(out_dir=Path(args.out), state_path=Path(args.state),
                             fetch=fetch_options(args), max_items=args.max_items,
                             since=since, time_budget=budget, discover=args.discover,
                             progress=not (args.quiet or args.no_progress),
                             rebuild_state=args.rebuild_state, extract=extract_options(args))
    try:
        summary = collect(sites, options)
    except sqlite3.Error as exc:  # the state is unusable: nothing can be kept
        raise RunFailed(f"collect: error: state file {args.state}: {exc}") from exc
    except OSError as exc:  # the output or the state's folder is unusable
        where = exc.filename if exc.filename is not None else args.out
        raise RunFailed(f"collect: error: {where}: {exc.strerror or exc}") from exc
    print(f"cleannews: {summary.line()}", file=sys.stderr)
    if args.json_summary:
        print(json.dumps(summary.to_dict()), flush=True)
    return Outcome(*summary.outcome())
