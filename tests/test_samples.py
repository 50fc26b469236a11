"""Every samples/<slug>/ comes out as its expected.json says: the record field by field,
valid against the schema, and no clutter line in the body."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import cleannews
from cleannews.cli.main import main
from cleannews.models import Article

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_DIRS = sorted(p.parent for p in SAMPLES.glob("*/expected.json"))
TEXT_SAMPLES = [d for d in SAMPLE_DIRS if (d / "source.txt").exists()]
RECORD_FIELDS = [name for name in Article.__dataclass_fields__ if name != "extractor"]


def _expected(sample: Path) -> dict:
    return json.loads((sample / "expected.json").read_text(encoding="utf-8"))


def _check(record: dict, expected_record: dict, spec: dict) -> None:
    assert record["extractor"] == {"name": "cleannews", "version": cleannews.__version__}
    wrong = {
        name: {"got": record[name], "expected": expected_record[name]}
        for name in RECORD_FIELDS
        if record[name] != expected_record[name]
    }
    assert not wrong, f"fields that differ: {sorted(wrong)}\n{json.dumps(wrong, indent=1)}"
    for text in spec["body_must_contain"]:
        assert record["body"].count(text) == 1, f"body must contain once: {text!r}"
    for text in spec["body_must_not_contain"]:
        assert text not in record["body"], f"body must not contain: {text!r}"


def test_samples_are_present():
    assert SAMPLE_DIRS, "no samples/<slug>/expected.json found"
    for sample in SAMPLE_DIRS:
        spec = _expected(sample)
        assert set(spec["record"]) == set(RECORD_FIELDS), sample.name
        if "record_from_text" in spec:
            assert set(spec["record_from_text"]) == set(RECORD_FIELDS), sample.name


@pytest.mark.parametrize("sample", SAMPLE_DIRS, ids=lambda p: p.name)
def test_html_sample(sample: Path, validate_record):
    spec = _expected(sample)
    article = cleannews.extract((sample / "source.html").read_bytes(), url=spec["record"]["url"])
    _check(validate_record(article.to_dict()), spec["record"], spec)


@pytest.mark.parametrize("sample", TEXT_SAMPLES, ids=lambda p: p.name)
def test_text_sample(sample: Path, validate_record):
    spec = _expected(sample)
    article = cleannews.extract((sample / "source.txt").read_bytes())
    _check(validate_record(article.to_dict()), spec["record_from_text"], spec)


@pytest.mark.parametrize("sample", SAMPLE_DIRS, ids=lambda p: p.name)
def test_cli_on_sample(sample: Path, capsys, validate_record):
    """The command line gives the same records as the library, one JSON line per input."""
    url = _expected(sample)["record"]["url"]
    assert main(["extract", str(sample / "source.html"), "--url", url]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1
    library = cleannews.extract((sample / "source.html").read_bytes(), url=url)
    assert validate_record(json.loads(out[0])) == library.to_dict()
    if (sample / "source.txt").exists():
        assert main(["extract", str(sample / "source.txt")]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert len(lines) == 1
        library = cleannews.extract((sample / "source.txt").read_bytes())
        assert json.loads(lines[0]) == library.to_dict()
