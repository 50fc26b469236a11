"""Small hand-written article pages the metadata tests build on."""

from __future__ import annotations

import json

BODY = "<p>" + "The council voted on the plan after a long debate in the chamber. " * 4 + "</p>"


def page(head: str = "", body: str = "", lang: str = "en") -> str:
    return f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>'


def ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'
