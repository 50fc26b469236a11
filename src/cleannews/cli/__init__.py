"""The `cleannews` command line: one module per verb, each loading its stack when run."""

from .main import main

__all__ = ["main"]
