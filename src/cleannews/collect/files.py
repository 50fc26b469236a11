"""The files a scheduled run owns besides the state: its lock and its JSON Lines output.

The lock is an OS file lock (filelock: flock on POSIX, msvcrt on Windows) on a file beside
the state (the real file, symlinks resolved): the system releases it when the holder dies,
however it dies, so a lock left by a killed run is never stale. The output is one file per
run, created on the first record; every record is one line written in one call, flushed,
and fsync'd (once per batch) before the state may say it was collected.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from filelock import FileLock, Timeout

from ..errors import AlreadyRunning
from ..jsonl import JsonLinesWriter, Record


class RunLock:
    """An exclusive, non-blocking lock on `<state>.lock`, which holds the owner's pid. The
    state path is resolved first (symlinks, `..`, relative to the working directory): two
    spellings of one state file are one lock."""

    def __init__(self, state_path: str | Path):
        self.path = Path(f"{Path(state_path).resolve()}.lock")
        self._lock: FileLock | None = None

    def __enter__(self) -> RunLock:
        lock = FileLock(self.path, timeout=0)
        try:
            lock.acquire()
        except Timeout as exc:
            holder = self._pid() or "?"
            raise AlreadyRunning(
                f"another collect run (pid {holder}) is using this state; "
                f"it holds {self.path}. Try again later.", url=str(self.path)) from exc
        self._lock = lock
        self._note(f"{os.getpid()}\n")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._lock is not None:
            self._note("")
            self._lock.release()
            self._lock = None

    def _note(self, text: str) -> None:
        """The pid, for the message another run gives; best effort (Windows may refuse
        a second handle on a locked file)."""
        with contextlib.suppress(OSError):
            fd = os.open(self.path, os.O_WRONLY)
            try:
                os.ftruncate(fd, 0)
                os.write(fd, text.encode())
            finally:
                os.close(fd)

    def _pid(self) -> str:
        try:
            return self.path.read_text("ascii", "replace").strip()
        except OSError:
            return ""


class RunOutput:
    """One run's JSON Lines file, created (and its directory entry fsync'd) on first write."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.written = 0
        self._stream: IO[str] | None = None

    def write_all(self, records: Sequence[Record]) -> None:
        """Append records, one line each; when this returns, they are on disk (one fsync).
        A failure (a full disk) before the first record reached the disk removes the file:
        no run leaves an empty or torn-only output behind."""
        stream = self._stream or self._open()
        try:
            writer = JsonLinesWriter(stream)
            for record in records:
                writer.write(record)
            os.fsync(stream.fileno())
        except OSError:
            if not self.written:
                self._discard()
            raise
        self.written += len(records)

    def _discard(self) -> None:
        with contextlib.suppress(OSError):  # the disk is full: closing may fail to flush
            self.close()
        self._stream = None
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def _open(self) -> IO[str]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._stream = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()
        _fsync_dir(self.path.parent)  # the new file's name is durable too
        return self._stream

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None

    def __enter__(self) -> RunOutput:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def run_outputs(out_dir: Path) -> list[Path]:
    """The run files under `out_dir` (<UTC time>-run<N>.jsonl), oldest first."""
    return sorted(out_dir.glob("*-run*.jsonl")) if out_dir.is_dir() else []


def count_records(paths: Sequence[Path]) -> int:
    """Complete lines in `paths`: one record each."""
    total = 0
    for path in paths:
        with open(path, "rb") as stream:
            while chunk := stream.read(1 << 20):
                total += chunk.count(b"\n")
    return total


def repair(path: str | Path) -> Iterator[dict]:
    """Make a killed run's output whole again and yield its records.

    A last line without its newline was torn by the kill: it is cut off (and its article,
    never marked collected, is fetched again). Lines that are not JSON objects are skipped.
    """
    path = Path(path)
    if not path.exists():
        return
    with open(path, "rb+") as stream:
        data = stream.read()
        end = data.rfind(b"\n") + 1
        if end < len(data):
            stream.truncate(end)
            stream.flush()
            os.fsync(stream.fileno())
    for line in data[:end].splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            yield record
