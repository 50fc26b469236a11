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

# Plain-text dumps (text.py). Lines that open a block of teasers after the story; matched
# case-insensitively at the start of a short line ("You might also likeRELATED" included).
TEXT_SECTION_TITLES = (
    "latest news", "latest stories", "latest articles", "latest headlines", "must read",
    "you might also like", "you may also like", "recommended", "recommended for you",
    "recommended to you", "related", "related articles", "related stories", "related news",
    "related posts", "related content", "most read", "most popular", "most viewed",
    "more stories", "more news", "more from", "read more", "read next", "also read",
    "see also", "trending", "top stories", "editor's picks", "editors' picks", "don't miss",
    "more on this story", "popular posts", "further reading",
)  # fmt: skip

# What a dump prints for an image (its alt text), often glued to the caption that follows:
# "ImageAFP: ...", "PhotoWASHINGTON (AFP) — ...".
TEXT_IMAGE_PLACEHOLDERS = ("Image", "Photo", "Picture", "Photograph", "Video")

# Lines that are never story text on their own (compared case-insensitively, whole line).
TEXT_STANDALONE_CLUTTER = (
    "image", "photo", "picture", "video", "advertisement", "ad", "share", "share this",
    "share this article", "print", "email", "click to enlarge", "comments", "listen",
    "skip to content", "skip to main content", "leave a comment",
)  # fmt: skip
