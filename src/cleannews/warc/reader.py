"""Web archives: every HTML response in a WARC file becomes an Article or an ErrorRecord.

Only `read_responses` knows the WARC reader (warcio), so that a faster one (FastWARC) can
replace it without touching the rest. Each record is extracted under a time limit and a size
cap: one pathological page becomes an error record instead of stalling a whole file.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import importlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple, TypeVar

from ..config import WarcOptions
from ..errors import InputError
from ..extraction.guarded import safe_extract
from ..models import Article, ErrorRecord, Page, parse_timestamp
from ..net.payload import HTML_TYPES, media_type
from .split import WHOLE, Readable, Span, SpanReader

T = TypeVar("T")
_RECORD_START = b"\r\n\r\nWARC/1."  # a record's end, then the next one's version line
_SCAN_BLOCK = 1 << 16


class Response(NamedTuple):
    """One HTTP response record as the reader hands it over."""

    url: str | None
    date: str | None
    status: int | None
    headers: dict[str, str]
    content: bytes | None  # None when the record was not wanted (body left unread)
    error: Exception | None = None  # the body could not be read


class _SingleStream(InputError):
    """The archive is one gzip stream, not a member per record: read it through gzip."""

    def __init__(self, records: int) -> None:
        super().__init__("a single-stream gzip archive (not a gzip member per record)")
        self.records = records  # how many were read before warcio noticed


class _LostSync(InputError):
    """A record of an uncompressed archive runs past the end of the file: the records after
    it, if its Content-Length lied, start at the next record header after `start`."""

    def __init__(self, problem: InputError, start: int) -> None:
        super().__init__(str(problem))
        self.start = start


def read_responses(
    stream: Readable,
    *,
    wanted: Callable[[int | None, dict[str, str]], bool],
    max_bytes: int,
    skip: int = 0,
) -> Iterator[Response]:
    """Every `response` record with HTTP headers; bodies are read only when `wanted`.

    At most max_bytes + 1 bytes of a body are read, so the caller can tell it was cut. The
    first `skip` records are passed over. Raises InputError when the archive cannot be read
    any further, or breaks off: a record whose stated length runs past the end of its data
    (a cut file, or a Content-Length that would swallow the records after it) is an error of
    its own when it was wanted; then, in an uncompressed file, reading stops there (with
    _LostSync: a caller that can seek goes on at the next record header), while in a gzip
    member per record the next member is read.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    class Records(ArchiveIterator):  # type: ignore[misc]
        truncated = False

        def close(self) -> None:
            # warcio ends quietly where a gzip member breaks off: notice it here.
            decompressor = self.reader.decompressor if self.reader else None
            self.truncated = decompressor is not None and not decompressor.eof
            super().close()

    records = Records(stream)
    seen = 0
    try:
        for record in records:
            if not record.format.startswith("warc"):
                raise InputError(f"not a WARC file (looks like {record.format})")
            seen += 1
            start = records.offset
            relevant = seen > skip and record.rec_type == "response" and record.http_headers
            response = _response(record, wanted, max_bytes) if relevant else None
            problem = _incomplete(records, record)
            if problem is not None:
                if response and (response.content is not None or response.error is not None):
                    yield response._replace(content=None, error=problem)
                if records.reader.decompressor is None:
                    raise _LostSync(problem, start)  # uncompressed: it ran to the end
                # a gzip member per record: the next one starts where this one ended
            elif response:
                yield response
    except InputError:
        raise
    except ArchiveLoadFailed as exc:
        if "non-chunked gzip" in str(exc):
            raise _SingleStream(seen) from exc
        raise InputError(f"cannot read archive: {exc}") from exc
    except Exception as exc:  # not a WARC file, broken gzip, bad record headers...
        raise InputError(f"cannot read archive: {exc}") from exc
    if records.truncated:
        raise InputError("the archive breaks off in the middle of a record (truncated?)")


def _response(
    record: Any, wanted: Callable[[int | None, dict[str, str]], bool], max_bytes: int
) -> Response:
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
    return Response(url, record.rec_headers.get_header("WARC-Date"), status, headers, content,
                    error)


def _incomplete(records: Any, record: Any) -> InputError | None:
    """The error of a record whose block ends before its stated Content-Length."""
    records.read_to_end()  # what warcio does before the next record anyway
    missing = getattr(record.raw_stream, "limit", 0)
    if missing <= 0:
        return None
    stated = record.rec_headers.get_header("Content-Length")
    return InputError(
        f"the archive breaks off in the middle of a record: it states {stated} bytes "
        f"and {missing} of them are missing (truncated, or a wrong Content-Length)"
    )


def is_html_success(status: int | None, headers: dict[str, str]) -> bool:
    """A 2xx response whose Content-Type is HTML: the records that can hold an article."""
    if status is None or not 200 <= status < 300:
        return False
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    return media_type(content_type) in HTML_TYPES


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
        reader: Readable = stream if span == WHOLE else SpanReader(stream, span)
        while True:
            try:
                yield from _read(reader, options)
                return
            except _SingleStream as single:
                if span != WHOLE:
                    raise
                # warcio reads a whole-file gzip stream only as plain data: start again so
                stream.seek(0)
                with gzip.GzipFile(fileobj=stream) as plain:
                    yield from _read(plain, options, skip=single.records)
                return
            except _LostSync as lost:
                # a wrong Content-Length swallowed the records after it: go on at the next
                # record header, if there is one (else the file was cut: it breaks off)
                resume = _next_header(stream, lost.start) if span == WHOLE else None
                if resume is None:
                    raise
                stream.seek(resume)
                reader = stream


def _next_header(stream: IO[bytes], after: int) -> int | None:
    """Where the first record header after offset `after` starts (a blank line, then
    WARC/1.x), or None."""
    offset = after + 1
    while True:
        stream.seek(offset)
        block = stream.read(_SCAN_BLOCK)
        at = block.find(_RECORD_START)
        if at != -1:
            return offset + at + 4  # past the blank line
        if len(block) < _SCAN_BLOCK:
            return None
        offset += len(block) - len(_RECORD_START) + 1


def _read(reader: Readable, options: WarcOptions, skip: int = 0) -> Iterator[Page | ErrorRecord]:
    for resp in read_responses(
        reader, wanted=is_html_success, max_bytes=options.max_record_bytes, skip=skip
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
        fetched_at=parse_timestamp(resp.date),
        origin="warc",
    )


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
    pages = iter_pages(path, options)  # raises now if the file cannot be opened
    return _extract_all(pages, path, functools.partial(extract_page, options=options))


def extract_records(
    path: str | Path,
    options: WarcOptions,
    span: Span = WHOLE,
    extract_one: Callable[[Page | ErrorRecord], T] | None = None,
) -> Iterator[T | Article | ErrorRecord]:
    """What every engine runs on a span: each HTML response through `extract_one`
    (extract_page by default). Never raises for the archive: a file that cannot be opened,
    or breaks off, gives its read error (see read_failure) as the last item."""
    extract = extract_one or functools.partial(extract_page, options=options)
    try:
        pages = iter_pages(path, options, span)
    except InputError as exc:
        return iter([read_failure(path, exc)])
    return _extract_all(pages, path, extract)


def _extract_all(
    pages: Iterator[Page | ErrorRecord], path: str | Path,
    extract_one: Callable[[Page | ErrorRecord], T],
) -> Iterator[T | ErrorRecord]:
    try:
        for item in pages:
            yield extract_one(item)
    except InputError as exc:
        yield read_failure(path, exc)


def read_failure(path: str | Path, exc: InputError) -> ErrorRecord:
    """The error record of an archive that could not be read (to its end)."""
    return ErrorRecord.from_exception(exc, url=str(path), stage="read")


def is_read_failure(url: str | None, stage: str | None, source: str | Path) -> bool:
    """Whether a record is `source`'s own read failure (not one page's): stage "read" and
    the file as url (matched by name, so another spelling of its path counts)."""
    return (stage == "read" and url is not None and "://" not in url
            and Path(url).name == Path(source).name)
