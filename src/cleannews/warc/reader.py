"""Web archives: every HTML response in a WARC file becomes an Article or an ErrorRecord.

Only `read_responses` knows the WARC reader (warcio), so that a faster one (FastWARC) can
replace it without touching the rest. Each record is extracted under a time limit and a size
cap: one pathological page becomes an error record instead of stalling a whole file.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any, NamedTuple

from ..config import WarcOptions
from ..errors import InputError
from ..extraction.guarded import safe_extract
from ..models import Article, ErrorRecord, Page
from .split import WHOLE, Readable, Span, SpanReader

HTML_TYPES = ("text/html", "application/xhtml+xml")


class Response(NamedTuple):
    """One HTTP response record as the reader hands it over."""

    url: str | None
    date: str | None
    status: int | None
    headers: dict[str, str]
    content: bytes | None  # None when the record was not wanted (body left unread)
    error: Exception | None = None  # the body could not be read


def read_responses(
    stream: Readable,
    *,
    wanted: Callable[[int | None, dict[str, str]], bool],
    max_bytes: int,
) -> Iterator[Response]:
    """Every `response` record with HTTP headers; bodies are read only when `wanted`.

    At most max_bytes + 1 bytes of a body are read, so the caller can tell it was cut.
    Raises InputError when the archive cannot be read any further, or breaks off.
    """
    from warcio.archiveiterator import ArchiveIterator

    class Records(ArchiveIterator):  # type: ignore[misc]
        truncated = False

        def close(self) -> None:
            # warcio ends quietly where a gzip member breaks off: notice it here.
            decompressor = self.reader.decompressor if self.reader else None
            self.truncated = decompressor is not None and not decompressor.eof
            super().close()

    records = Records(stream)
    try:
        for record in records:
            if not record.format.startswith("warc"):
                raise InputError(f"not a WARC file (looks like {record.format})")
            if record.rec_type != "response" or record.http_headers is None:
                continue
            url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<> ") or None
            headers = dict(record.http_headers.headers)
            try:
                status: int | None = int(record.http_headers.get_statuscode())
            except (TypeError, ValueError):
                status = None
            content = error = None
            if wanted(status, headers):
                try:
                    content = record.content_stream().read(max_bytes + 1)
                except Exception as exc:  # a broken chunked/gzip body: this record only
                    error = exc
            date = record.rec_headers.get_header("WARC-Date")
            yield Response(url, date, status, headers, content, error)
    except InputError:
        raise
    except Exception as exc:  # not a WARC file, broken gzip, bad record headers...
        raise InputError(f"cannot read archive: {exc}") from exc
    if records.truncated:
        raise InputError("the archive breaks off in the middle of a record (truncated?)")


def is_html_success(status: int | None, headers: dict[str, str]) -> bool:
    """A 2xx response whose Content-Type is HTML: the records that can hold an article."""
    if status is None or not 200 <= status < 300:
        return False
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    return content_type.split(";", 1)[0].strip().lower() in HTML_TYPES


def iter_pages(
    path: str | Path, options: WarcOptions, span: Span = WHOLE
) -> Iterator[Page | ErrorRecord]:
    """A Page per HTML 2xx response, or an ErrorRecord where its body cannot be used.

    `span` limits reading to the records of one byte range (see warc_split). Raises
    InputError at once if the file cannot be opened, and when iterating if the archive
    (or the span) breaks off midway, after yielding what could be read.
    """
    try:
        stream = open(path, "rb")  # noqa: SIM115 - the generator below closes it
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", url=str(path)) from exc
    return _pages(stream, options, span)


def _pages(stream: IO[bytes], options: WarcOptions, span: Span) -> Iterator[Page | ErrorRecord]:
    with stream:
        reader = stream if span == WHOLE else SpanReader(stream, span)
        for resp in read_responses(
            reader, wanted=is_html_success, max_bytes=options.max_record_bytes
        ):
            if resp.content is not None or resp.error is not None:
                yield _to_page(resp, options)


def _to_page(resp: Response, options: WarcOptions) -> Page | ErrorRecord:
    if resp.error is not None:
        return ErrorRecord(
            url=resp.url, stage="read", type=type(resp.error).__name__,
            message=f"cannot read the HTTP body: {resp.error}", status=resp.status,
        )
    assert resp.content is not None
    if len(resp.content) > options.max_record_bytes:
        return ErrorRecord(
            url=resp.url, stage="read", type="TooLarge",
            message=f"HTTP body larger than {options.max_record_bytes} bytes", status=resp.status,
        )
    return Page(
        url=resp.url,
        requested_url=resp.url,
        content=resp.content,
        status=resp.status,
        headers=resp.headers,
        fetched_at=_parse_date(resp.date),
        origin="warc",
    )


def _parse_date(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def extract_page(item: Page | ErrorRecord, options: WarcOptions) -> Article | ErrorRecord:
    """safe_extract() under the record's time limit; any failure becomes an ErrorRecord."""
    if isinstance(item, ErrorRecord):
        return item
    _load_lazy_imports(options)
    return safe_extract(item, options.extract_options, extractor=options.extractor,
                        limit=options.time_limit or 0)


def _load_lazy_imports(options: WarcOptions) -> None:
    """Load what extraction loads on first need (the trafilatura fallback) outside the
    time limit, so that a worker's one-time start-up is not charged to one record."""
    if options.extract_options.fallback:
        _warm_fallback()


@functools.cache
def _warm_fallback() -> None:
    """Once per process: trafilatura's first extract() loads its models (~0.3 s)."""
    with contextlib.suppress(ImportError):
        importlib.import_module("trafilatura").extract("<html><body><p>warm up</p></body></html>")


def extract_warc(
    path: str | Path, *, options: WarcOptions | None = None
) -> Iterator[Article | ErrorRecord]:
    """An Article or an ErrorRecord for every HTML 2xx response in a WARC file, in order.

    Raises InputError when the file cannot be opened; a file that breaks off midway
    yields what it held, then an ErrorRecord with stage "read" whose url is the file.
    """
    options = options or WarcOptions()
    pages = iter_pages(path, options)
    try:
        for item in pages:
            yield extract_page(item, options)
    except InputError as exc:
        yield ErrorRecord.from_exception(exc, url=str(path), stage="read")


# --- tabular rows (Parquet, Ray Data) -------------------------------------------------

ARTICLE_FIELDS = tuple(Article.__dataclass_fields__)
ROW_FIELDS = (*ARTICLE_FIELDS, "error")


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
