"""The page's language, as its markup declares it (BCP 47 tags only)."""

from __future__ import annotations

import re

from .document import Document, first_str


def read_language(page: Document) -> str | None:
    value = (
        page.html_lang()
        or page.get("og:locale", "content-language", "language", "dc.language")
        or first_str(page.ld("inLanguage"))
    )
    if not value:
        return None
    value = value.replace("_", "-").split(",")[0].strip()
    return value if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value) else None
