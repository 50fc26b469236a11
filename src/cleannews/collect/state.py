"""What scheduled collection has seen, in one SQLite file (no server to run).

Every article URL ever listed is a row keyed by its canonical form, with its status:
  pending    listed, not collected yet (new, or left over by --max-items / --time-budget)
  writing    its record is being written to the run's output; a restart checks the output
  collected  its record is durably in an output file
  failed     the last attempt failed; tried again by later runs until MAX_ATTEMPTS
  skipped    ruled out by the site's include/exclude (looked at again when listed again)
  duplicate  the same article as a collected row (same final URL or same content hash)
Feeds and sitemaps keep their ETag / Last-Modified and body hash for conditional requests.
Commits are synchronous (WAL, synchronous=FULL): once a call returns, the change survives
a crash of the process or of the machine.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MAX_ATTEMPTS = 3
SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS urls (
    key TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    site TEXT NOT NULL,
    status TEXT NOT NULL,
    published TEXT,
    first_seen TEXT NOT NULL,
    fetched_at TEXT,
    final_key TEXT,
    content_hash TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    outcome TEXT,
    run_id INTEGER
);
CREATE INDEX IF NOT EXISTS urls_status ON urls (status);
CREATE INDEX IF NOT EXISTS urls_final ON urls (final_key);
CREATE INDEX IF NOT EXISTS urls_hash ON urls (content_hash);
CREATE TABLE IF NOT EXISTS sources (
    url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    body_hash TEXT,
    checked_at TEXT,
    outcome TEXT,
    children TEXT
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    output TEXT NOT NULL,
    summary TEXT
);
"""


@dataclass(frozen=True)
class Candidate:
    """A URL listed by a source, canonicalised, ready to be recorded."""

    key: str
    url: str
    published: datetime | None
    wanted: bool  # passes the site's include/exclude


@dataclass(frozen=True)
class Validators:
    """What a conditional request for a feed or sitemap needs, and what the body was."""

    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    children: tuple[str, ...] = ()  # a sitemap index's sitemaps, for when it answers 304


@dataclass(frozen=True)
class Item:
    """An article to fetch."""

    key: str
    url: str
    site: str
    attempts: int


def now() -> str:
    """The current UTC time as ISO 8601, the form every timestamp in the state takes."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class State:
    """The SQLite state file. One process at a time (collect.py holds the lock)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(_SCHEMA)  # idempotent; the run lock keeps others out
        with self.transaction():
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)",
                             (SCHEMA_VERSION,))

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> State:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: BEGIN IMMEDIATE ... COMMIT, rolled back on any exception."""
        if self._db.in_transaction:
            yield self._db
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # --- runs ----------------------------------------------------------------------------

    def begin_run(self, output: str) -> tuple[int, str]:
        """Register a run; `output` may hold "{run}", replaced by the run's number so that
        two runs in the same second never share a file. Returns (run id, output)."""
        with self.transaction() as db:
            run_id = int(db.execute("INSERT INTO runs (started_at, output) VALUES (?, '')",
                                    (now(),)).lastrowid or 0)
            output = output.replace("{run}", str(run_id))
            db.execute("UPDATE runs SET output = ? WHERE id = ?", (output, run_id))
        return run_id, output

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute("UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?",
                       (now(), json.dumps(summary), run_id))

    def unfinished_runs(self) -> list[tuple[int, str]]:
        """Runs that were killed, or stopped by an error while writing a record: their
        outputs need reconciling."""
        rows = self._db.execute("SELECT id, output FROM runs WHERE finished_at IS NULL OR id IN "
                                "(SELECT run_id FROM urls WHERE status = 'writing')")
        return [(int(r[0]), str(r[1])) for r in rows]

    def close_run(self, run_id: int) -> None:
        """Mark a killed run as dealt with, once its output is reconciled."""
        with self.transaction() as db:
            db.execute("UPDATE runs SET finished_at = coalesce(finished_at, ?), "
                       "summary = coalesce(summary, 'killed') WHERE id = ?", (now(), run_id))

    # --- sources -------------------------------------------------------------------------

    def validators(self, url: str) -> Validators:
        row = self._db.execute("SELECT etag, last_modified, body_hash, children FROM sources "
                               "WHERE url = ?", (url,)).fetchone()
        if not row:
            return Validators()
        return Validators(row[0], row[1], row[2], tuple(json.loads(row[3] or "[]")))

    def record_source(self, url: str, site: str, validators: Validators | None, outcome: str,
                      candidates: Iterable[Candidate] = ()) -> int:
        """Record a source's entries and then its validators, in one transaction, so that a
        crash never leaves a 304-able source whose entries were not recorded. Returns how many
        wanted entries were new."""
        with self.transaction() as db:
            new = self.add_candidates(site, candidates)
            if validators is None:  # failed: keep the old validators
                db.execute("INSERT INTO sources (url, site, checked_at, outcome) "
                           "VALUES (?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
                           "checked_at = excluded.checked_at, outcome = excluded.outcome",
                           (url, site, now(), outcome))
            else:
                db.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           (url, site, validators.etag, validators.last_modified,
                            validators.body_hash, now(), outcome,
                            json.dumps(list(validators.children))))
        return new

    def add_candidates(self, site: str, candidates: Iterable[Candidate]) -> int:
        """Insert the URLs not seen before (pending, or skipped when unwanted); a skipped URL
        that is now wanted becomes pending again. Returns how many new ones are wanted."""
        new = 0
        stamp = now()
        with self.transaction() as db:
            for c in candidates:
                published = c.published.isoformat() if c.published else None
                status = "pending" if c.wanted else "skipped"
                cursor = db.execute(
                    "INSERT OR IGNORE INTO urls (key, url, site, status, published, first_seen) "
                    "VALUES (?, ?, ?, ?, ?, ?)", (c.key, c.url, site, status, published, stamp))
                if cursor.rowcount:
                    new += c.wanted
                elif c.wanted:
                    db.execute("UPDATE urls SET status = 'pending' "
                               "WHERE key = ? AND status = 'skipped'", (c.key,))
        return new

    # --- articles ------------------------------------------------------------------------

    def status(self, key: str) -> str | None:
        row = self._db.execute("SELECT status FROM urls WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def due(self, since: datetime | None = None) -> list[Item]:
        """Articles to fetch, newest first: pending ones and failed ones with tries left.
        With `since`, those a source dated earlier are left out (undated ones stay in)."""
        query = ("SELECT key, url, site, attempts FROM urls WHERE (status = 'pending' OR "
                 "(status = 'failed' AND attempts < ?))")
        params: list[Any] = [MAX_ATTEMPTS]
        if since is not None:
            query += " AND (published IS NULL OR published >= ?)"
            params.append(since.astimezone(UTC).isoformat())
        query += " ORDER BY published IS NULL, published DESC, first_seen, key"
        return [Item(str(k), str(u), str(s), int(a)) for k, u, s, a in
                self._db.execute(query, params)]

    def count(self, status: str) -> int:
        return int(self._db.execute("SELECT count(*) FROM urls WHERE status = ?",
                                    (status,)).fetchone()[0])

    def duplicate_of(self, key: str, final_key: str, content_hash: str | None) -> str | None:
        """The collected row this article already is (same final URL or same content)."""
        row = self._db.execute(
            "SELECT key FROM urls WHERE key != ? AND status IN ('collected', 'writing') "
            "AND (key = ? OR final_key = ? OR (? IS NOT NULL AND content_hash = ?)) LIMIT 1",
            (key, final_key, final_key, content_hash, content_hash)).fetchone()
        return str(row[0]) if row else None

    def mark_writing(self, key: str, final_key: str, content_hash: str | None,
                     fetched_at: str, run_id: int) -> None:
        """Step 1 of 2: the record is about to be written to run `run_id`'s output."""
        with self.transaction() as db:
            db.execute("UPDATE urls SET status = 'writing', final_key = ?, content_hash = ?, "
                       "fetched_at = ?, attempts = attempts + 1, outcome = 'ok', run_id = ? "
                       "WHERE key = ?", (final_key, content_hash, fetched_at, run_id, key))

    def mark_collected(self, keys: Iterable[str]) -> None:
        """Step 2 of 2: the records are durably on disk.

        This commit alone skips the fsync (synchronous=NORMAL): the WAL is written in order,
        so the next synchronous commit makes it durable too, and if the machine dies before
        that, the row is still `writing` and reconcile() finds its record in the output.
        """
        self._db.execute("PRAGMA synchronous=NORMAL")
        try:
            with self.transaction() as db:
                db.executemany("UPDATE urls SET status = 'collected' WHERE key = ?",
                               [(k,) for k in keys])
        finally:
            self._db.execute("PRAGMA synchronous=FULL")

    def writing(self, run_id: int) -> list[tuple[str, str]]:
        """(key, final_key) of the rows a killed run was writing."""
        rows = self._db.execute("SELECT key, final_key FROM urls WHERE status = 'writing' "
                                "AND run_id = ?", (run_id,))
        return [(str(k), str(f)) for k, f in rows]

    def mark_pending(self, keys: Iterable[str]) -> None:
        """A killed run's record never reached the disk: fetch it again."""
        with self.transaction() as db:
            db.executemany("UPDATE urls SET status = 'pending', attempts = max(attempts - 1, 0) "
                           "WHERE key = ?", [(k,) for k in keys])

    def mark_failed(self, key: str, outcome: str, *, final: bool, fetched_at: str | None) -> None:
        """A failed attempt; `final` failures (404, not HTML, robots) are not tried again."""
        with self.transaction() as db:
            db.execute("UPDATE urls SET status = 'failed', outcome = ?, fetched_at = ?, "
                       "attempts = CASE WHEN ? THEN ? ELSE attempts + 1 END WHERE key = ?",
                       (outcome, fetched_at, final, MAX_ATTEMPTS, key))

    def mark_duplicate(self, key: str, of: str, final_key: str, content_hash: str | None,
                       fetched_at: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE urls SET status = 'duplicate', outcome = ?, final_key = ?, "
                       "content_hash = ?, fetched_at = ?, attempts = attempts + 1 WHERE key = ?",
                       (f"duplicate of {of}", final_key, content_hash, fetched_at, key))
