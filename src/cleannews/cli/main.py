"""The command line: verbs, records on stdout (or -o FILE), logs and errors on stderr.

This module owns the parser, the logging set-up and the exit status: a verb returns an
Outcome or raises, and main() alone turns that into the status. Each verb lives in its own
module, which loads its stack (httpx, SQLite, warcio, Ray...) only when it runs.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from types import ModuleType

from .._version import __version__
from ..errors import AlreadyRunning, CleannewsError
from . import collect, extract, inspect, scrape, warc
from .common import Outcome, RunFailed, UsageError

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_ALL_FAILED = 3
EXIT_ALREADY_RUNNING = 75  # sysexits EX_TEMPFAIL: cron may simply try again later
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C
EXIT_OUTPUT_CLOSED = 141  # 128 + SIGPIPE, as shells report a reader that went away

VERBS: dict[str, ModuleType] = {"extract": extract, "scrape": scrape, "collect": collect,
                                "inspect": inspect,
                                "warc": warc}

# The one exit-status table: (status, meaning, the verbs that can return it; None: all).
EXIT_TABLE: tuple[tuple[int, str, frozenset[str] | None], ...] = (
    (EXIT_OK, "every input produced a record", None),
    (EXIT_SOME_FAILED, "some inputs failed (each failure is reported on stderr)", None),
    (EXIT_USAGE, "usage error", None),
    (EXIT_ALL_FAILED, "every input failed", None),
    (EXIT_ALREADY_RUNNING, "another run holds the same state file: try again later",
     frozenset({"collect"})),
    (EXIT_INTERRUPTED, "interrupted (Ctrl-C); every record written so far is whole", None),
    (EXIT_OUTPUT_CLOSED, "the output was closed early (e.g. by | head); stopped there", None),
)

log = logging.getLogger("cleannews")  # the root of every module's getLogger(__name__)


def exit_table(verb: str | None = None) -> str:
    """The exit statuses `verb` can return, in its own words where it has them; every
    status (marked with the verbs that alone return it) when `verb` is None."""
    meanings = getattr(VERBS[verb], "EXIT_MEANINGS", {}) if verb else {}
    lines = ["exit status:"]
    for status, meaning, verbs in EXIT_TABLE:
        if verb is not None and verbs is not None and verb not in verbs:
            continue
        if verb is None and verbs is not None:
            meaning = f"({', '.join(sorted(verbs))}) {meaning}"
        lines.append(f"  {status:<3} {meanings.get(status, meaning)}")
    return "\n".join(lines) + "\n"


def _verbosity_flags(parser: argparse.ArgumentParser, suffix: str = "") -> None:
    # Given before the verb they land in verbose/quiet, after it in verbose_/quiet_ (a
    # subparser would overwrite the first pair with its defaults); main() adds them up.
    parser.add_argument("-v", "--verbose", dest="verbose" + suffix, action="count", default=0,
                        help="more output on stderr (-v per-item progress, -vv debug)")
    parser.add_argument("-q", "--quiet", dest="quiet" + suffix, action="store_true",
                        help="only errors on stderr")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleannews",
        description="Extract clean news records (headline, byline, dateline, body) as JSON Lines.",
        epilog=exit_table(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"cleannews {__version__}")
    _verbosity_flags(parser)
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True
    for name, module in VERBS.items():
        sub = verbs.add_parser(
            name, help=module.HELP, description=module.DESCRIPTION,
            epilog=module.EXAMPLES + "\n" + exit_table(name),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(sub)
        _verbosity_flags(sub, "_")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    args.verbose += args.verbose_
    args.quiet = args.quiet or args.quiet_
    _configure_logging(args.verbose, args.quiet)
    module = VERBS[args.verb]
    try:
        outcome = module.run(args)
    except UsageError as exc:
        return _fail(f"error: {exc}", EXIT_USAGE)
    except AlreadyRunning as exc:
        return _fail(f"{args.verb}: {exc}", EXIT_ALREADY_RUNNING)
    except CleannewsError as exc:
        return _fail(f"error: {exc}", EXIT_USAGE)
    except RunFailed as exc:
        return _fail(str(exc), EXIT_ALL_FAILED)
    except KeyboardInterrupt:
        return _fail(getattr(module, "INTERRUPTED", "interrupted"), EXIT_INTERRUPTED)
    except BrokenPipeError:
        _silence_stdout()
        return _fail("output closed early (broken pipe); stopped", EXIT_OUTPUT_CLOSED)
    return exit_status(outcome)


def exit_status(outcome: Outcome) -> int:
    """The documented exit status of a verb that ran to its end."""
    if outcome.failed == 0:
        return EXIT_OK
    return EXIT_ALL_FAILED if outcome.ok == 0 else EXIT_SOME_FAILED


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the flush at exit does not fail a second time
    (Python would print 'Exception ignored ... BrokenPipeError')."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is not a file (tests, embedding)
        pass


def _fail(message: str, status: int) -> int:
    print(f"cleannews: {message}", file=sys.stderr)
    return status


def _configure_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else
                                         logging.INFO if verbose else logging.WARNING)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("cleannews: %(levelname)s: %(message)s"))
    log.handlers = [h for h in log.handlers if not isinstance(h, logging.StreamHandler)]
    log.addHandler(handler)
    log.setLevel(level)
