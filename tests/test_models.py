import dataclasses
import json
import pickle

from cleannews import Article, ErrorRecord, Page
from cleannews.errors import HTTPStatusError


def test_article_keys_follow_schema_order(record_validator):
    schema_keys = record_validator.schema["$defs"]["article"]["required"]
    assert list(Article().to_dict()) == schema_keys


def test_empty_strings_become_null_and_authors_a_list(validate_record):
    record = Article(headline="", byline="", authors=("A B",), body="").to_dict()
    assert record["headline"] is None and record["byline"] is None
    assert record["authors"] == ["A B"]
    validate_record(record)


def test_values_are_frozen_and_picklable():
    page = Page(url="https://e.x/a", content=b"<p>x</p>", headers={"Content-Type": "text/html"})
    art = Article(headline="H", authors=("A",))
    for value in (page, art):
        assert pickle.loads(pickle.dumps(value)) == value
        try:
            value.url = "changed"  # type: ignore[misc]
        except dataclasses.FrozenInstanceError:
            pass
        else:
            raise AssertionError("value is not frozen")
    assert page.content_type == "text/html"


def test_error_record_carries_stage_and_status():
    exc = HTTPStatusError("503 Service Unavailable", url="https://e.x/a", status=503)
    rec = ErrorRecord.from_exception(exc, url="https://e.x/a", stage="extract")
    assert json.loads(rec.to_json()) == {
        "url": "https://e.x/a",
        "requested_url": None,
        "error": {"stage": "fetch", "type": "HTTPStatusError",
                  "message": "503 Service Unavailable", "status": 503},
    }


def test_schema_validates_error_records_and_refuses_mixtures(validate_record, record_validator):
    exc = HTTPStatusError("HTTP 404", url="https://e.x/a", status=404)
    rec = ErrorRecord.from_exception(exc, url="https://e.x/a", stage="fetch",
                                     requested_url="https://e.x/a")
    assert validate_record(json.loads(rec.to_json()))["requested_url"] == "https://e.x/a"
    mixed = {**Article(headline="H").to_dict(), "error": rec.to_dict()["error"]}
    assert not record_validator.is_valid(mixed)
    assert not record_validator.is_valid({"url": "https://e.x/a", "error": {"stage": "x"}})
