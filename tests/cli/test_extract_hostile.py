"""`cleannews extract` over the inputs that broke extraction (issue 12): one record per input
that is text, one error line per binary input, and the batch goes on."""

import json

from cleannews import DecodeError, extract
from cleannews.cli.main import main
from fuzzing import FOUND

GOOD = ("<html><body><article><h1>Headline here</h1>"
        + "<p>Some sentence of the article body text. </p>" * 10 + "</article></body></html>")


def test_good_hostile_good_gives_a_record_for_each(tmp_path, capsys, validate_record):
    paths, binary = [], 0
    for n, page in enumerate([GOOD, *FOUND, GOOD]):
        data = page.encode() if isinstance(page, str) else page
        path = tmp_path / f"{n}.html"
        path.write_bytes(data)
        paths.append(str(path))
        try:
            extract(data)
        except DecodeError:
            binary += 1
    code = main(["extract", *paths])
    captured = capsys.readouterr()
    records = [validate_record(json.loads(line)) for line in captured.out.splitlines()]
    assert len(records) == len(paths) - binary
    assert len(captured.err.splitlines()) == binary
    assert records[0]["headline"] == records[-1]["headline"] == "Headline here"
    assert code == (1 if binary else 0)
