"""Extraction: Page | bytes | str -> Article, a pure function of the page and its URL.

Nothing here does I/O or imports the network, collection, archive or command-line code.
"""

from .article import extract

__all__ = ["extract"]
