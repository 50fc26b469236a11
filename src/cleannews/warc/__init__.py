"""Web archives (WARC, Common Crawl's CC-NEWS): every HTML response becomes a record.

warcio, and Ray or pyarrow where asked for, load on first use.
"""

from ..config import WarcOptions
from .reader import extract_warc

__all__ = ["WarcOptions", "extract_warc"]
