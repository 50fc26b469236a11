"""Frozen option objects. Defaults are what a careful user would pick."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractOptions:
    """How extraction behaves. Extraction stays a pure function of page, url and these."""

    # Documents larger than this are cut before parsing: bounded time and memory.
    max_input_bytes: int = 20_000_000
    # When cleannews finds no article text at all, ask trafilatura (if installed) instead.
    fallback: bool = True
