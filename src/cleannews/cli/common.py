"""What the verbs share: how a verb reports its outcome, the output stream, argument types
and the fetch flags. Imports nothing heavy: every verb module loads this at start-up."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from ..config import FetchOptions


@dataclass(frozen=True)
class Outcome:
    """What a verb did, in units of its inputs; cli.main turns it into the exit status."""

    ok: int
    failed: int


class UsageError(Exception):
    """Bad arguments or an unusable output: one line on stderr, exit status 2."""


class RunFailed(Exception):
    """Nothing could be done (an output or state that cannot be used): exit status 3."""


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[IO[str]]:
    """stdout, or a file opened for writing in UTF-8 (opened before any work, so a bad
    path is a usage error, not a traceback after the work is done)."""
    if path is None or path == "-":
        yield sys.stdout
        return
    try:
        stream = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    with stream:
        yield stream


def read_list(path: str) -> list[str]:
    """The lines of a list file ('-': stdin), stripped; blank lines and # comments skipped."""
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8", errors="replace") as stream:
                text = stream.read()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.strip().startswith("#")]


def positive_int(text: str) -> int:
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def count(text: str) -> int:
    value = _int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be zero or more, got {value}")
    return value


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 <= value < float("inf"):  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be zero or more seconds, got {text}")
    return value


def timeout(text: str) -> float:
    value = seconds(text)
    if value == 0:
        raise argparse.ArgumentTypeError("a timeout must be more than 0 seconds")
    return value


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None


def header(text: str) -> tuple[str, str]:
    """'Name: value' -> (name, value)."""
    name, colon, value = text.partition(":")
    if not colon or not name.strip() or any(c.isspace() for c in name.strip()):
        raise argparse.ArgumentTypeError(f"expected 'Name: value', got {text!r}")
    return name.strip(), value.strip()


def add_fetch_flags(parser: argparse.ArgumentParser) -> None:
    """The fetcher's options as flags, shared by every verb that fetches (defaults from
    FetchOptions); fetch_options() reads them back."""
    d = FetchOptions()
    add = parser.add_argument
    add("--concurrency", type=positive_int, default=d.concurrency, metavar="N",
        help=f"requests in flight over all hosts (default {d.concurrency})")
    add("--per-host-concurrency", type=positive_int, default=d.per_host_concurrency,
        metavar="N", help=f"requests in flight per host (default {d.per_host_concurrency})")
    add("--per-host-delay", type=seconds, default=d.per_host_delay, metavar="SECONDS",
        help="wait between requests to one host (default 0; a robots.txt Crawl-delay, if "
        "larger, wins)")
    add("--user-agent", default=d.user_agent, metavar="UA",
        help=f"User-Agent header (default {d.user_agent!r})")
    add("--timeout", type=timeout, default=d.timeout, metavar="SECONDS",
        help=f"limit for one whole request, body included (default {d.timeout:g})")
    add("--deadline", type=timeout, default=d.deadline, metavar="SECONDS",
        help="limit for everything one URL takes: robots.txt, redirects, retries and the "
        f"waits between them (default {d.deadline:g})")
    add("--connect-timeout", type=timeout, default=d.connect_timeout, metavar="SECONDS",
        help=f"limit for connecting (default {d.connect_timeout:g})")
    add("--read-timeout", type=timeout, default=d.read_timeout, metavar="SECONDS",
        help=f"limit between bytes received (default {d.read_timeout:g})")
    add("--max-bytes", type=positive_int, default=d.max_bytes, metavar="N",
        help=f"largest body accepted, after decompression (default {d.max_bytes})")
    add("--max-redirects", type=count, default=d.max_redirects, metavar="N",
        help=f"redirects followed per URL (default {d.max_redirects})")
    add("--retries", type=count, default=d.retries, metavar="N",
        help="further attempts after connection errors, timeouts, 5xx, 408 and 429 "
        f"(default {d.retries})")
    add("--header", type=header, action="append", default=[], metavar="'NAME: VALUE'",
        help="send this header with every request (repeatable; 'Cookie: a=1' sets cookies)")
    add("--proxy", metavar="URL", help="fetch through this http(s) proxy (default: the "
        "HTTPS_PROXY / HTTP_PROXY / NO_PROXY environment variables, as httpx reads them)")
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
        retries=args.retries, deadline=args.deadline, headers=dict(args.header),
        proxy=args.proxy,
    )
