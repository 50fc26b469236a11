"""The values that cross every boundary: what was fetched (Page), what was extracted
(Article) and what went wrong for one input (ErrorRecord). All frozen and picklable."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from ._version import __version__ as _version

EXTRACTOR_NAME = "cleannews"


@dataclass(frozen=True)
class Page:
    """Raw bytes of one document and where they came from, before any parsing."""

    url: str | None
    content: bytes
    requested_url: str | None = None
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: datetime | None = None
    origin: str = "memory"  # "http", "file", "stdin", "warc", "memory"

    @property
    def content_type(self) -> str | None:
        """The Content-Type header, looked up case-insensitively."""
        for key, value in self.headers.items():
            if key.lower() == "content-type":
                return value
        return None


@dataclass(frozen=True)
class Article:
    """One extracted news record. Field order is the JSON key order."""

    url: str | None = None
    canonical_url: str | None = None
    headline: str | None = None
    byline: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    dateline: str | None = None
    dateline_place: str | None = None
    dateline_agency: str | None = None
    body: str = ""
    language: str | None = None
    site_name: str | None = None
    description: str | None = None
    image: str | None = None
    word_count: int = 0
    extractor: dict[str, str] = field(
        default_factory=lambda: {"name": EXTRACTOR_NAME, "version": _version}
    )

    def to_dict(self) -> dict[str, Any]:
        """A plain dict in the record's stable key order; empty strings become None."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if name == "authors":
                value = list(value)
            elif name == "extractor":
                value = dict(value)
            elif isinstance(value, str) and not value and name != "body":
                value = None
            out[name] = value
        return out

    def to_json(self) -> str:
        """One JSON line (no trailing newline), UTF-8 characters kept as they are."""
        return json.dumps(self.to_dict(), ensure_ascii=False)


class Stage(StrEnum):
    """Where in the pipeline an input failed; the value is what error records carry."""

    READ = "read"  # a local file, stdin or an archive record could not be read
    FETCH = "fetch"
    ROBOTS = "robots"
    DECODE = "decode"  # the bytes are not text
    EXTRACT = "extract"
    SOURCE = "source"  # a feed or sitemap
    LOCK = "lock"  # another collect run holds the state file


@dataclass(frozen=True)
class ErrorRecord:
    """What a batch yields instead of an Article when one input fails."""

    url: str | None
    stage: Stage
    type: str  # the exception class name, e.g. "HTTPStatusError"
    message: str
    status: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "stage", Stage(self.stage))  # a plain string is checked here

    @classmethod
    def from_exception(
        cls, exc: BaseException, *, url: str | None, stage: Stage | str
    ) -> ErrorRecord:
        """Build the record for a failure, keeping the stage and status a typed error carries."""
        return cls(
            url=getattr(exc, "url", None) or url,
            stage=getattr(exc, "stage", None) or stage,
            type=type(exc).__name__,
            message=str(exc) or type(exc).__name__,
            status=getattr(exc, "status", None),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "error": {
                "stage": self.stage.value,
                "type": self.type,
                "message": self.message,
                "status": self.status,
            },
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)
