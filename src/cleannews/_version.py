"""The package version, apart: models and config read it without importing the package."""

__version__ = "0.1.0"
