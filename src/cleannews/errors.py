"""One exception tree. Every error carries the url (or path) it is about and the stage
of the pipeline it belongs to, so that a batch can turn it into an ErrorRecord."""

from __future__ import annotations


class CleannewsError(Exception):
    """Base of every error cleannews raises on purpose."""

    stage = "extract"

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None):
        super().__init__(message)
        self.url = url
        self.status = status


class InputError(CleannewsError):
    """A local input (file, stdin) could not be read."""

    stage = "read"


class FetchError(CleannewsError):
    """Fetching a URL failed."""

    stage = "fetch"


class HTTPStatusError(FetchError):
    """The server answered with a status that is not a success."""


class RobotsDisallowed(FetchError):
    """robots.txt forbids fetching this URL for our User-Agent."""

    stage = "robots"


class TooLarge(FetchError):
    """The body (decompressed) is larger than the configured cap."""


class NotHTML(FetchError):
    """The content type is not one we extract articles from (PDF, image, JSON...)."""


class BlockedAddress(FetchError):
    """The URL resolves to a loopback, private or otherwise non-public address."""


class TooManyRedirects(FetchError):
    """Redirects exceeded the cap or went round in a loop."""


class UnsupportedURL(FetchError):
    """Only http and https URLs are fetched."""


class ExtractError(CleannewsError):
    """The document could not be turned into a record."""


class DecodeError(ExtractError):
    """The bytes are not text in any encoding we can tell (binary, empty)."""

    stage = "decode"


class TimeLimitExceeded(ExtractError):
    """Extraction of one document ran past its time limit (a pathological page)."""
