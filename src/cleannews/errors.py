"""One exception tree. Every error carries the url (or path) it is about, the stage of the
pipeline it belongs to, and whether another attempt could change the outcome, so that a
batch can turn it into an ErrorRecord and a scheduled run knows whether to try again."""

from __future__ import annotations

from .models import Stage


class CleannewsError(Exception):
    """Base of every error cleannews raises on purpose."""

    stage = Stage.EXTRACT
    # True where trying the same input again cannot help (a redirect loop, a PDF); a
    # scheduled run stops retrying such an item.
    permanent = True

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None):
        super().__init__(message)
        self.url = url
        self.status = status


class InputError(CleannewsError):
    """A local input (file, stdin) could not be read."""

    stage = Stage.READ


class FetchError(CleannewsError):
    """Fetching a URL failed (a timeout, a reset connection: worth another try later)."""

    stage = Stage.FETCH
    permanent = False


class HTTPStatusError(FetchError):
    """The server answered with a status that is not a success."""

    @property
    def permanent(self) -> bool:  # type: ignore[override]
        """Gone (404, 410) is final; a 5xx or 429 may pass."""
        return self.status in (404, 410)


class RobotsDisallowed(FetchError):
    """robots.txt forbids fetching this URL for our User-Agent."""

    permanent = True

    stage = Stage.ROBOTS


class TooLarge(FetchError):
    """The body (decompressed) is larger than the configured cap."""

    permanent = True


class NotHTML(FetchError):
    """The content type is not one we extract articles from (PDF, image, JSON...)."""

    permanent = True


class BlockedAddress(FetchError):
    """The URL resolves to a loopback, private or otherwise non-public address."""

    permanent = True


class TooManyRedirects(FetchError):
    """Redirects exceeded the cap or went round in a loop."""

    permanent = True


class UnsupportedURL(FetchError):
    """Only http and https URLs are fetched."""

    permanent = True


class ExtractError(CleannewsError):
    """The document could not be turned into a record."""


class DecodeError(ExtractError):
    """The bytes are not text in any encoding we can tell (binary, empty)."""

    stage = Stage.DECODE


class TimeLimitExceeded(ExtractError):
    """Extraction of one document ran past its time limit (a pathological page)."""


class WorkerCrashed(ExtractError):
    """The worker process extracting a document died (killed, out of memory, a crash)."""


class SourceError(CleannewsError):
    """A feed or sitemap could not be read (broken, empty, too large, not a feed)."""

    stage = Stage.SOURCE
    permanent = False


class AlreadyRunning(CleannewsError):
    """Another collect run holds the lock on this state file."""

    stage = Stage.LOCK
    permanent = False
