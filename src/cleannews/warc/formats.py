"""The warc verb's output formats, JSON Lines and Parquet, behind one interface: what a
worker sends back for a batch of records, how a file is written, and how its records are
read back (the last one, to resume; the errors, to count). The engines never ask which
format they have; pyarrow is loaded only where Parquet or Ray needs it."""

from __future__ import annotations

import json
import os
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from ..models import Article, ErrorRecord
from .reader import is_read_failure

ARTICLE_FIELDS = tuple(Article.__dataclass_fields__)
_ROW_GROUP = 2000
_TAIL_BYTES = 65536  # an error line is far shorter
LINE = "line"  # the one column of a JSON Lines block (Ray)


class Writer(ABC):
    """One output file being written; close() leaves it complete and on disk."""

    @abstractmethod
    def write(self, payload: Any) -> None: ...

    @abstractmethod
    def close(self) -> None: ...


class OutputFormat(ABC):
    """One output format: FORMATS maps the --format names to these."""

    name: str
    suffix: str
    # Ray names the file of the index-th input "part{index:06d}" + this (a template, and
    # the name the template gives), + suffix.
    ray_part: tuple[str, str] = ("", "")

    @abstractmethod
    def payload(self, items: Sequence[Article | ErrorRecord]) -> Any:
        """What a worker sends back for `items` (picklable, cheap to write)."""

    @abstractmethod
    def join(self, payloads: Sequence[Any]) -> Any:
        """Several payloads as one."""

    @abstractmethod
    def writer(self, path: Path) -> Writer: ...

    @abstractmethod
    def count(self, path: Path) -> int:
        """How many records a written file holds."""

    @abstractmethod
    def errors(self, path: Path) -> list[dict[str, Any]]:
        """`url` and `error` of the error records of a written file."""

    @abstractmethod
    def last(self, path: Path) -> dict[str, Any] | None:
        """`url` and `error` of the file's last record, None for an empty file."""

    @abstractmethod
    def block(self, items: Sequence[Article | ErrorRecord]) -> Any:
        """`items` as a pyarrow table (a Ray Data block)."""

    def tally(self, path: Path, source: str | Path) -> tuple[int, int, bool]:
        """(records, error records, whether `source` broke off) of a written file."""
        errors = self.errors(path)
        broke_off = any(is_read_failure(row["url"], row["error"]["stage"], source)
                        for row in errors)
        return self.count(path), len(errors), broke_off

    def ends_in_read_failure(self, path: Path, source: str | Path) -> bool:
        """Whether the file's last record is `source`'s own read failure."""
        last = self.last(path) or {}
        error = last.get("error")
        return isinstance(error, dict) and is_read_failure(last.get("url"), error.get("stage"),
                                                           source)


class JsonLines(OutputFormat):
    name, suffix = "jsonl", ".jsonl"

    def payload(self, items: Sequence[Article | ErrorRecord]) -> str:
        return "".join(item.to_json() + "\n" for item in items)

    def join(self, payloads: Sequence[str]) -> str:
        return "".join(payloads)

    def writer(self, path: Path) -> Writer:
        return _LinesWriter(path)

    def count(self, path: Path) -> int:
        with open(path, "rb") as stream:
            return sum(1 for _ in stream)

    def errors(self, path: Path) -> list[dict[str, Any]]:
        rows = []
        with open(path, encoding="utf-8") as stream:
            for line in stream:
                # Only an error record has the key "error": a quote inside a JSON string
                # is escaped, so an article's text cannot contain this.
                if '"error": {' in line:
                    record = json.loads(line)
                    rows.append({"url": record.get("url"), "error": record["error"]})
        return rows

    def last(self, path: Path) -> dict[str, Any] | None:
        with open(path, "rb") as stream:
            size = stream.seek(0, os.SEEK_END)
            stream.seek(max(0, size - _TAIL_BYTES))
            lines = stream.read().splitlines()
        try:
            record = json.loads(lines[-1]) if lines else None
        except ValueError:
            return None
        return record if isinstance(record, dict) else None

    def block(self, items: Sequence[Article | ErrorRecord]) -> Any:
        import pyarrow as pa

        return pa.table({LINE: pa.array([item.to_json() for item in items], pa.string())})


class Parquet(OutputFormat):
    """The record's columns plus `error` (a struct, null for articles)."""

    name, suffix = "parquet", ".parquet"
    ray_part = ("-{i}", "-0")  # Ray numbers the parts of one write (one here)

    def payload(self, items: Sequence[Article | ErrorRecord]) -> list[dict[str, Any]]:
        return [to_row(item) for item in items]

    def join(self, payloads: Sequence[list[dict[str, Any]]]) -> list[dict[str, Any]]:
        return [row for payload in payloads for row in payload]

    def writer(self, path: Path) -> Writer:
        return _ParquetWriter(path)

    def count(self, path: Path) -> int:
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)

    def errors(self, path: Path) -> list[dict[str, Any]]:
        import pyarrow.parquet as pq

        rows = pq.read_table(path, columns=["url", "error"]).to_pylist()
        return [row for row in rows if row["error"]]

    def last(self, path: Path) -> dict[str, Any] | None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            parquet = pq.ParquetFile(path)
        except pa.ArrowException:  # not ours (an output is renamed into place complete)
            return None
        groups = [i for i in range(parquet.num_row_groups)
                  if parquet.metadata.row_group(i).num_rows]
        if not groups:
            return None
        return dict(parquet.read_row_group(groups[-1], columns=["url", "error"]).to_pylist()[-1])

    def block(self, items: Sequence[Article | ErrorRecord]) -> Any:
        import pyarrow as pa

        return pa.Table.from_pylist(self.payload(items), schema=arrow_schema())


FORMATS: dict[str, OutputFormat] = {f.name: f for f in (JsonLines(), Parquet())}


class _LinesWriter(Writer):
    def __init__(self, path: Path) -> None:
        self._stream: IO[str] | None = open(path, "w", encoding="utf-8")  # noqa: SIM115

    def write(self, payload: str) -> None:
        assert self._stream is not None
        self._stream.write(payload)

    def close(self) -> None:
        if self._stream is not None:
            self._stream.flush()
            os.fsync(self._stream.fileno())
            self._stream.close()
            self._stream = None


class _ParquetWriter(Writer):
    """Rows buffered into row groups of a sensible size."""

    def __init__(self, path: Path) -> None:
        import pyarrow.parquet as pq

        self._parquet: Any = pq.ParquetWriter(path, arrow_schema())
        self._rows: list[dict[str, Any]] = []

    def write(self, payload: list[dict[str, Any]]) -> None:
        self._rows.extend(payload)
        if len(self._rows) >= _ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._rows:
            self._parquet.write_table(pa.Table.from_pylist(self._rows, schema=arrow_schema()))
            self._rows = []

    def close(self) -> None:
        if self._parquet is not None:
            self._flush()
            self._parquet.close()
            self._parquet = None


def to_row(item: Article | ErrorRecord) -> dict[str, Any]:
    """A fixed-column row: the article's fields plus `error` (None for an article).

    Tables need one schema for both kinds; an error row has only `url` and `error` set.
    """
    if isinstance(item, Article):
        return {**item.to_dict(), "error": None}
    row: dict[str, Any] = dict.fromkeys(ARTICLE_FIELDS)
    row["url"] = item.url
    row["error"] = item.to_dict()["error"]
    return row


def arrow_schema() -> Any:
    """The pyarrow schema of to_row()'s rows (pyarrow is the optional `parquet` extra)."""
    import pyarrow as pa

    text = pa.string()
    columns: list[tuple[str, Any]] = [(name, text) for name in ARTICLE_FIELDS]
    types = {
        "authors": pa.list_(text),
        "word_count": pa.int64(),
        "extractor": pa.struct([("name", text), ("version", text)]),
    }
    columns = [(name, types.get(name, kind)) for name, kind in columns]
    error = pa.struct(
        [("stage", text), ("type", text), ("message", text), ("status", pa.int64())]
    )
    return pa.schema([*columns, ("error", error)])
