"""`--rules RULES.toml`, shared by every verb that extracts: read and checked before any work
starts, so that a bad rule fails the run at once (exit status 2) with its file and line."""

from __future__ import annotations

import argparse

from ..config import ExtractOptions, load_rules


def add_rules_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", metavar="RULES.toml",
                        help="site rules: [[rule]] tables (match, body, drop, headline, byline, "
                        "published, dateline) that narrow or override extraction per host")


def extract_options(args: argparse.Namespace) -> ExtractOptions:
    """ExtractOptions with the rules of --rules, if given."""
    return ExtractOptions(rules=load_rules(args.rules) if args.rules else ())
