"""Every record the extractor gives on the sample and on every dev page, as JSON Lines.

A refactor that must not change behaviour is checked by running this before and after and
comparing the two files byte for byte:

    python benchmarks/snapshot.py > before.jsonl    # on the old commit
    python benchmarks/snapshot.py > after.jsonl     # on the new one
    cmp before.jsonl after.jsonl

With --no-url the dev pages are read without their URLs, as benchmarks/speed.py reads them
(some readers, htmldate's among them, only run when the URL gives no answer).

A page that raises writes its exception type instead of a record, so a crash shows up too.
"""

from __future__ import annotations

import argparse
import json
import sys

import _common  # also puts the checkout's src/ on the path
import cleannews
import datasets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-url", action="store_true", help="read the dev pages without URLs")
    args = parser.parse_args()
    out = sys.stdout
    for sample in sorted((_common.REPO / "samples").glob("*/source.*")):
        _write(out, f"sample/{sample.parent.name}/{sample.name}", sample.read_bytes(), None)
    for name in datasets.NAMES:
        items = datasets.gold(name)
        for page_id, html in datasets.pages(name).items():
            url = None if args.no_url else items[page_id].url
            _write(out, f"{name}/{page_id}", html, url)


def _write(out, key: str, data: bytes, url: str | None) -> None:
    try:
        record = cleannews.extract(data, url=url).to_json()
    except Exception as exc:  # a crash is an output too: the comparison must see it
        record = json.dumps({"raised": type(exc).__name__})
    out.write(f"{key}\t{record}\n")


if __name__ == "__main__":
    main()
