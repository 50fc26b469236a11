"""Data, not code: the named groups of clutter markers that body extraction drops."""

from __future__ import annotations

# Elements that never hold article text.
NON_CONTENT_TAGS = (
    "script", "style", "noscript", "template", "svg", "iframe", "form", "button", "select",
    "nav", "aside", "footer", "header", "figure", "figcaption", "picture", "video", "audio",
)  # fmt: skip

# Substrings of class / id values that mark clutter blocks on news sites.
CLUTTER_MARKERS = (
    "related", "recommend", "share", "social", "newsletter", "subscribe", "comment",
    "promo", "advert", "sidebar", "breadcrumb", "byline", "caption", "credit", "tags",
    "most-read", "mostread", "popular", "trending", "latest", "more-stories", "read-more",
    "cookie", "paywall", "author-bio", "widget",
)  # fmt: skip
