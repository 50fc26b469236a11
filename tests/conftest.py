"""Shared fixtures: the benchmark pages beside the repo, and a schema validator."""

from __future__ import annotations

import gzip
import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
BENCH = REPO.parent / "shared" / "bench" / "scrapinghub"


@pytest.fixture(scope="session")
def record_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(resources.files("cleannews").joinpath("schema.json").read_text())
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture
def validate_record(record_validator):
    """Assert a record dict is valid against the shipped JSON Schema."""

    def check(record: dict) -> dict:
        record_validator.validate(record)
        return record

    return check


def bench_page(page_id: str) -> bytes:
    """The raw bytes of one benchmark page (skip when the benchmark is not beside the repo)."""
    path = BENCH / "html" / f"{page_id}.html.gz"
    if not path.exists():
        pytest.skip("../shared/bench is not beside this checkout")
    return gzip.decompress(path.read_bytes())
