"""Every record the extractor gives on the sample and on every dev page, as JSON Lines.

A refactor that must not change behaviour is checked by running this before and after and
comparing the two files byte for byte:

    python benchmarks/snapshot.py > before.jsonl    # on the old commit
    python benchmarks/snapshot.py > after.jsonl     # on the new one
    cmp before.jsonl after.jsonl

A page that raises writes its exception type instead of a record, so a crash shows up too.
"""

from __future__ import annotations

import json
import sys

import _common  # also puts the checkout's src/ on the path
import cleannews
import datasets


def main() -> None:
    out = sys.stdout
    for sample in sorted((_common.REPO / "samples").glob("*/source.*")):
        _write(out, f"sample/{sample.parent.name}/{sample.name}", sample.read_bytes(), None)
    for name in datasets.NAMES:
        items = datasets.gold(name)
        for page_id, html in datasets.pages(name).items():
            _write(out, f"{name}/{page_id}", html, items[page_id].url)


def _write(out, key: str, data: bytes, url: str | None) -> None:
    try:
        record = cleannews.extract(data, url=url).to_json()
    except Exception as exc:  # a crash is an output too: the comparison must see it
        record = json.dumps({"raised": type(exc).__name__})
    out.write(f"{key}\t{record}\n")


if __name__ == "__main__":
    main()
