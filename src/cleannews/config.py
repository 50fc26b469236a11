"""Every frozen option object. Defaults are what a careful user would pick."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .models import Article


@dataclass(frozen=True)
class SiteRule:
    """One [[rule]] of a rules file: CSS selectors that narrow or override extraction for the
    pages of one host and its subdomains. `origin` is "file:line", for messages."""

    match: str
    body: str | None = None
    drop: tuple[str, ...] = ()
    headline: str | None = None
    byline: str | None = None
    published: str | None = None
    dateline: str | None = None
    origin: str = ""

    def applies_to(self, host: str) -> bool:
        return host == self.match or host.endswith("." + self.match)


RULE_FIELDS = ("headline", "byline", "published", "dateline")


def load_rules(path: str | Path) -> tuple[SiteRule, ...]:
    """Read and check a rules file: [[rule]] tables. Fails at once (InputError) with the file,
    line and reason, so that a cron run never starts with a rule that cannot work."""
    from .errors import InputError

    name = str(path)
    text, data = read_toml(path, "rules file")
    unknown = set(data) - {"rule"}
    if unknown:
        line = _line_of(text, 0, len(text), next(iter(sorted(unknown))))
        raise InputError(f"{name}:{line}: unknown top-level key(s) {sorted(unknown)}; "
                         "expected [[rule]] tables", url=name)
    tables = data.get("rule", [])
    if not isinstance(tables, list):
        raise InputError(f"{name}: 'rule' must be [[rule]] tables", url=name)
    starts = [m.start() for m in re.finditer(r"(?m)^[ \t]*\[\[[ \t]*rule[ \t]*\]\]", text)]
    rules = []
    for number, table in enumerate(tables):
        start = starts[number] if number < len(starts) else 0
        end = starts[number + 1] if number + 1 < len(starts) else len(text)
        rules.append(parse_rule(table, name, text, start, end))
    return tuple(rules)


_RULE_KEYS = ("match", "body", "drop", *RULE_FIELDS)


def read_toml(path: str | Path, kind: str) -> tuple[str, dict[str, Any]]:
    """The text (for line numbers) and data of a TOML file the user wrote; InputError
    (exit status 2) when it cannot be read or parsed."""
    import tomllib

    from .errors import InputError

    try:
        text = Path(path).read_text(encoding="utf-8")
        return text, tomllib.loads(text)
    except OSError as exc:
        raise InputError(f"cannot read {kind} {path}: {exc.strerror or exc}",
                         url=str(path)) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid TOML: {exc}", url=str(path)) from exc


def parse_rule(table: object, name: str, text: str, start: int, end: int,
               match: str | None = None) -> SiteRule:
    """One rule table, checked: known keys, strings, valid CSS. `text[start:end]` is the
    table's span in the file (to name the line of a fault); `match` is given when the table
    belongs to a site whose host it is (collect's [site.rules])."""
    from .errors import InputError

    def fail(key: str, reason: str) -> InputError:
        return InputError(f"{name}:{_line_of(text, start, end, key)}: {reason}", url=name)

    if not isinstance(table, dict):
        raise fail("", "a rule must be a table")
    for key in table:
        if key not in _RULE_KEYS or (match is not None and key == "match"):
            allowed = [k for k in _RULE_KEYS if match is None or k != "match"]
            raise fail(key, f"unknown key {key!r} in a rule; allowed: {', '.join(allowed)}")
    if match is None:
        match = table.get("match")
        if not isinstance(match, str) or not match.strip(" ."):
            raise fail("match" if "match" in table else "", "a rule needs match = \"host\"")
    host = match.strip().strip(".").lower()
    if "/" in host or " " in host:
        raise fail("match", f"match must be a host name such as \"example.com\", not {match!r}")
    values: dict[str, object] = {}
    for key in ("body", *RULE_FIELDS):
        if key in table:
            values[key] = _selector(table[key], key, fail)
    drop = table.get("drop", [])
    if isinstance(drop, str):
        drop = [drop]
    if not isinstance(drop, list):
        raise fail("drop", "drop must be a list of CSS selectors")
    values["drop"] = tuple(_selector(item, "drop", fail) for item in drop)
    origin = f"{name}:{_line_of(text, start, end, '')}"
    return SiteRule(match=host, origin=origin, **values)  # type: ignore[arg-type]


def _selector(value: object, key: str, fail: Callable[[str, str], Exception]) -> str:
    """A CSS selector the parser accepts (tried on an empty document)."""
    from selectolax.lexbor import LexborHTMLParser, SelectolaxError

    if not isinstance(value, str) or not value.strip():
        raise fail(key, f"{key} must be a CSS selector (a non-empty string)")
    try:
        LexborHTMLParser("").css(value)
    except SelectolaxError:
        raise fail(key, f"invalid CSS in {key}: {value!r}") from None
    return value.strip()


def _line_of(text: str, start: int, end: int, key: str) -> int:
    """The line number of `key = ` inside text[start:end] (of the span's start without one)."""
    pattern = rf"(?m)^[ \t]*\"?{re.escape(key)}\"?[ \t]*="
    found = re.search(pattern, text[start:end]) if key else None
    at = start + found.start() if found else start
    return text.count("\n", 0, at) + 1


@dataclass(frozen=True)
class ExtractOptions:
    """How extraction behaves. Extraction stays a pure function of page, url and these."""

    # Documents larger than this are cut before parsing: bounded time and memory.
    max_input_bytes: int = 20_000_000
    # When cleannews finds no article text at all, ask trafilatura (if installed) instead.
    fallback: bool = True
    # ... but only on documents up to this many characters: trafilatura's time grows faster
    # than linearly with the number of blocks, and a page this large without prose is not
    # an article (a 1 MB page of short lines costs it seconds).
    fallback_max_chars: int = 1_000_000
    # Site rules (load_rules): for a page whose host one names, where its story is, what is
    # never part of it, and selectors for fields the generic reader misses. () = none.
    rules: tuple[SiteRule, ...] = ()
    # Seconds one page may take, all of its extraction together (0 or None: no budget). The
    # fallback runs only within what is left of it; the verbs stop an extraction that
    # overruns it and write an error record, so that no page stalls a run.
    time_budget: float | None = 5.0


@dataclass(frozen=True)
class FetchOptions:
    """How pages are fetched: politeness, limits and safety. Times are in seconds."""

    user_agent: str = f"cleannews/{__version__} (+https://github.com/cleannews/cleannews)"
    timeout: float = 30.0  # one whole request: connect, headers and body
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # the longest wait for the next bytes
    max_bytes: int = 10_000_000  # the body after decompression
    max_redirects: int = 10
    concurrency: int = 16  # requests in flight, all hosts together
    per_host_concurrency: int = 4
    per_host_delay: float = 0.0  # between the starts of two requests to one host
    respect_robots: bool = True
    allow_private: bool = False  # lift the refusal of loopback/private addresses
    retries: int = 3  # further attempts after a transient failure
    max_retry_after: float = 60.0  # a longer Retry-After is cut to this
    backoff: float = 0.5  # first retry wait; doubles each time, with jitter
    max_backoff: float = 30.0
    # Sent with every request (after the defaults, so they may replace Accept or User-Agent).
    headers: Mapping[str, str] = field(default_factory=dict)
    cookies: Mapping[str, str] = field(default_factory=dict)  # name -> value, every request
    # An http:// or https:// proxy for every request; None: the proxy environment variables
    # (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY) as httpx reads them. The address guard
    # then checks the target host's addresses, since the proxy is what connects.
    proxy: str | None = None
    # Proxies for some hosts only, as httpx mount patterns -> proxy URL, e.g.
    # {"all://news.example.com": "http://proxy:3128"}; they win over `proxy` for those hosts.
    proxies: Mapping[str, str] = field(default_factory=dict)
    # Everything one URL may take: robots.txt, redirects, attempts and the waits between
    # them (not the wait for a free slot of our own limits); None: no limit.
    deadline: float | None = 60.0


@dataclass(frozen=True)
class WarcOptions:
    """How WARC records are extracted, with bounds so that one page cannot stall a file."""

    # HTTP bodies larger than this (after transfer/content decoding) become error records.
    max_record_bytes: int = 5_000_000
    # Seconds of extraction allowed per record; 0 or None means no limit.
    time_limit: float | None = 20.0
    extract_options: ExtractOptions = field(default_factory=ExtractOptions)
    # Page -> Article; a module-level function, since worker processes receive it pickled.
    # Another extractor can run through the same harness (the benchmark runs trafilatura).
    extractor: Callable[..., Article] | None = None  # None: cleannews.extract


@dataclass(frozen=True)
class CollectOptions:
    """What one run may do. `since` drops entries a source dates earlier; `time_budget`
    (seconds) stops the run starting work after that long; leftovers stay pending."""

    out_dir: Path
    state_path: Path
    fetch: FetchOptions = field(default_factory=FetchOptions)
    max_items: int | None = None
    since: datetime | None = None
    time_budget: float | None = None
    # Discover each site's feeds and sitemaps again (home page, robots.txt, usual paths);
    # without it discovery runs on a site's first run only and later runs reuse its finds.
    discover: bool = False
    progress: bool = False  # a progress bar over the articles, when stderr is a terminal
    # A new or empty state beside an output folder that holds records is refused, unless
    # this is set: then those records are taken as collected before the run.
    rebuild_state: bool = False
    # How articles are extracted; a site's [site.rules] in the sites file join these rules.
    extract: ExtractOptions = field(default_factory=ExtractOptions)
