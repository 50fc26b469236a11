"""The files a scheduled run owns besides the state: its lock and its JSON Lines output.

The lock is fcntl.flock on a file beside the state: the kernel releases it when the holder
dies, however it dies, so a lock left by a killed run is never stale. The output is one
file per run, created on the first record; every record is one line written in one call,
flushed, and fsync'd (once per batch) before the state may say it was collected.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from ..errors import AlreadyRunning
from ..jsonl import JsonLinesWriter, Record


class RunLock:
    """An exclusive, non-blocking lock on `<state>.lock`, holding the owner's pid."""

    def __init__(self, state_path: str | Path):
        self.path = Path(f"{state_path}.lock")
        self._fd: int | None = None

    def __enter__(self) -> RunLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise AlreadyRunning(
                f"another collect run (pid {holder}) is using this state; "
                f"it holds {self.path}. Try again later.", url=str(self.path)) from exc
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class RunOutput:
    """One run's JSON Lines file, created (and its directory entry fsync'd) on first write."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.written = 0
        self._stream: IO[str] | None = None

    def write_all(self, records: Sequence[Record]) -> None:
        """Append records, one line each; when this returns, they are on disk (one fsync)."""
        stream = self._stream or self._open()
        writer = JsonLinesWriter(stream)
        for record in records:
            writer.write(record)
        os.fsync(stream.fileno())
        self.written += len(records)

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
