"""Data, not code: the word lists and marker groups that extraction reads.

Every marker here is true of news pages in general (the words newsrooms and their CMSs use
for such blocks), never of one site. The modules that read them decide *how*.
"""

from __future__ import annotations

import re

# Elements that never hold article text; removed from the whole page before anything else.
NON_CONTENT_TAGS = (
    "script", "style", "noscript", "template", "svg", "iframe", "button", "select", "option",
    "textarea", "input", "video", "audio", "canvas", "object", "embed", "map", "dialog",
)  # fmt: skip

# Elements that, inside the article, hold page furniture rather than story text.
FURNITURE_TAGS = frozenset(
    {"nav", "aside", "footer", "header", "figure", "figcaption", "form", "menu", "label"}
)

# <header>, <footer> and <form> sometimes wrap a whole page or story.
SOFT_FURNITURE_TAGS = frozenset({"header", "footer", "form"})

# Social posts quoted in a story, as the platforms' embed codes mark them up. They are part
# of the story even inside a wrapper whose class says "widget" or "video". One compound
# selector: lexbor parses the query anew on every call, and a list repeating "blockquote"
# costs half as much again to parse as it does to match in a small wrapper.
EMBEDDED_POST_CLASSES = (
    "twitter-tweet", "instagram-media", "tiktok-embed", "reddit-card", "bluesky-embed",
)  # fmt: skip
EMBEDDED_POSTS = f"blockquote:is({', '.join('.' + name for name in EMBEDDED_POST_CLASSES)})"

# Named groups of class/id words that mark clutter blocks. A word matches a whole token of
# the class or id (split at punctuation and camelCase), so "share" matches "share-bar" and
# "articleShare" but not "shareholders".
CLUTTER_TOKENS: dict[str, tuple[str, ...]] = {
    "related": (
        "related", "recommended", "recommendations", "recommendation", "recirc", "recirculation",
        "outbrain", "taboola", "teaser", "teasers", "upnext", "readnext", "more-stories",
        "more-articles", "more-news", "read-more", "read-next", "up-next", "also-read",
        "you-may-like", "you-might-like", "further-reading", "see-also", "next-article",
    ),
    "most_read": (
        "popular", "trending", "most-read", "mostread", "most-popular", "mostpopular", "latest",
        "latest-news", "must-read", "top-stories", "headlines",
    ),
    "newsletter": (
        "newsletter", "newsletters", "subscribe", "subscription", "subscriptions", "signup",
        "sign-up", "optin", "opt-in", "registration", "regwall", "cta", "call-to-action",
    ),
    "paywall": ("paywall", "premium-wall", "meter", "metered", "piano"),
    "share": (
        "share", "shares", "sharing", "sharebar", "sharetools", "social", "socials",
        "social-media", "follow", "print", "email-this", "likes",
    ),
    "comments": ("comment", "comments", "commenting", "disqus", "discussion", "respond", "reply"),
    "captions": (
        "caption", "captions", "credit", "credits", "wp-caption", "photo-credit", "image-credit",
        "gallery", "slideshow", "lightbox", "carousel",
    ),
    "author_bio": (
        "bio", "author-bio", "authorbio", "author-info", "about-author", "author-box", "authorbox",
        "byline", "bylines", "author", "authors", "contributor", "contributors",
    ),
    "meta": ("meta", "entry-meta", "post-meta", "timestamp", "dateline-meta", "published-date"),
    "tags": ("tags", "tag", "tag-list", "taglist", "topics", "keywords", "categories"),
    "breadcrumbs": ("breadcrumb", "breadcrumbs", "crumbs", "crumb"),
    "cookie": ("cookie", "cookies", "consent", "gdpr"),
    "ads": (
        "ad", "ads", "advert", "adverts", "advertisement", "advertising", "adslot", "ad-slot",
        "adunit", "ad-unit", "dfp", "gpt", "sponsor", "sponsored", "promo", "promoted",
        "native-ad", "banner",
    ),
    "video": ("video", "jwplayer", "video-player", "videoplayer", "media-player", "playlist"),
    "navigation": (
        "nav", "navbar", "navigation", "menu", "sidebar", "widget", "widgets",
        "masthead", "toolbar", "pagination", "pager", "skip-link", "overlay",
        "rollover", "tooltip", "popover", "hovercard",
    ),
    # Legal small print set apart from the story: a disclaimer or a disclosure box.
    "disclaimers": ("disclaimer", "disclaimers"),
    # Dialogs that open over the page (consent, legal notices, sign-in): never the story.
    "dialogs": ("modal", "modals", "popup", "popups"),
    # The page's footer: contact lines, legal text, site links. Never the story.
    "footer": ("footer", "site-footer", "page-footer", "colophon"),
    "hidden": (
        "hidden", "sr-only", "visually-hidden", "screen-reader-text", "screenreader", "offscreen",
        "print-only",
    ),
}  # fmt: skip

# Words that name clutter only as a whole class name or id: "hidden" hides the block, but
# "field--label-hidden" hides only its label and "hidden-xs" hides it on small screens only.
WHOLE_NAME_MARKERS = frozenset({"hidden"})

# Groups whose words also name wrappers around story text (a "paywall" container around the
# story's second half, WordPress "tag-..." classes on the post itself, layout classes such as
# "l-sidebar-fixed"): they are clutter only when they do not hold most of the prose around
# them. The rest ("comments", "footer") never hold the story, however long they are.
SOFT_GROUPS = (
    "related", "most_read", "newsletter", "paywall", "share", "captions", "author_bio", "meta",
    "tags", "breadcrumbs", "cookie", "ads", "video", "navigation", "hidden", "disclaimers",
)  # fmt: skip

# Whole short paragraphs that are clutter wherever they appear (matched against the full,
# lower-cased paragraph text; write patterns in lower case).
CLUTTER_PHRASES: dict[str, tuple[str, ...]] = {
    "ads": (
        r"advertisement", r"advertising", r"advert", r"ad", r"sponsored( content| links)?",
        r"paid content", r"anzeige", r"publicidad", r"publicité", r"pubblicità", r"реклама",
        r"advertentie", r"reklama", r"annons", r"广告", r"広告", r"광고",
        r"(story|article) continues (below|after)( (the )?(advertisement|ad))?",
        r"continue reading (the )?(main story|below)",
    ),
    "read_more": (
        r"read more\b.*", r"continue reading\b.*", r"read the full (story|article)\b.*",
        r"(see|read) also:?.*", r"related( (stories|articles|coverage|content|links))?:?.*",
        r"more (on this|from|stories|news)\b.*", r"more:?",
        r"recommended( for you| stories| articles| reading)?:?", r"(do not|don'?t) miss:?",
        r"(you )?(might|may) also (like|be interested in)\b.*", r"most (read|popular|viewed)",
        r"latest( news| stories)?", r"must read", r"trending( now)?", r"top stories",
        r"click here\b.*", r"(tags|topics|filed under|categories|related topics):.{0,150}",
        r"(tags|topics|categories|highlights)", r"about the author",
        # The same in other languages: German, French, Spanish, Italian, Portuguese, Dutch,
        # Polish, Russian, Scandinavian, Turkish, then Chinese, Japanese and Korean.
        r"(lesen sie|lies) (auch|mehr)\b.*", r"mehr zum thema\b.*", r"auch interessant\b.*",
        r"(à )?(lire|voir) aussi\b.*", r"sur le même sujet\b.*", r"lire la suite\b.*",
        r"(lee|leer|lea) (también|más)\b.*", r"te puede interesar\b.*",
        r"noticias relacionadas\b.*", r"leggi (anche|di più)\b.*", r"potrebbe interessarti\b.*",
        r"(leia|veja|saiba) (também|mais)\b.*", r"lees (ook|meer)\b.*",
        r"czytaj (też|także|więcej)\b.*", r"читайте (также|тоже)\b.*",
        r"(läs|les|læs) (också|også|mer|mere)\b.*", r"ilgili haberler\b.*",
        r"(相关阅读|延伸阅读|相关新闻|関連記事|관련\s?기사).*",
    ),
    "comments": (
        r"(\d+ )?comments?( \(\d+\))?", r"(leave|post|add|write) a (comment|reply)\b.*",
        r"tell us what you think\b.*", r"join the (conversation|discussion)\b.*",
        r"(show|view|load) (all |more )?comments\b.*",
    ),
    "newsletter": (
        r"subscribe( now| today| here)?",
        r"(sign up|subscribe|register)\b.*(newsletter|email|inbox|free|today|now|here)\b.*",
        r".*\bnewsletters?\b.*\b(sign up|subscribe)\b.*", r"get (our|the) .*newsletter\b.*",
        r".{0,80}\b(sign up|subscribe)\b.{0,80}\b(newsletters?|inbox)\b.{0,60}",
        r"already (a subscriber|have an account)\b.*", r"(log|sign) in to (continue|read)\b.*",
    ),
    "share": (
        r"share( this( article| story| post| page)?)?( on \w+)?:?", r"(tweet|email|print|whatsapp)",
        r"(teilen|artikel teilen|partager|compartir|condividi|compartilhe|compartilhar|delen"
        r"|udostępnij|поделиться|paylaş|分享|シェア|공유하기):?",
        r"follow (us|him|her|them|the author)\b.*\bon\b.*", r"copy link( to clipboard)?",
        r"follow\b.{0,60}\bon (twitter|facebook|instagram|linkedin|youtube|tiktok)\b.*",
    ),
    "credits": (
        r"(photo|image|picture|video|illustration|graphic|source)s?( credit)?\s*[:|].{0,80}",
        r"\(?(photo|image)s?\)?\s*(by|courtesy( of)?)\b.{0,80}", r"credit\s*:.{0,80}",
    ),
    # Credits for the reporting, set apart from the story: "Additional reporting by ...".
    "reporting_credits": (
        r"(additional )?reporting by\b.{0,120}",
        r".{0,80}\bcontributed (to this )?report(ing)?\b.{0,80}",
        r"(written|edited|compiled) by\b.{0,80}",
    ),
    # A line that is only a date or time, maybe labelled: "Updated at 1:23 p.m.".
    "timestamps": (
        r"((first )?published|updated|posted|last (updated|modified))( on| at)?:?\s*"
        r"[\w ,.:/+-]{0,60}\d[\w ,.:/+-]{0,60}",
        r"\(?(mon|tue|wed|thu|fri|sat|sun)\w*,? \w+ \d{1,2},? \d{4}.{0,30}\)?",
        r"\(?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.? \d{1,2}(st|nd|rd|th)?,? \d{4}"
        r"([,| -]+\d{1,2}:\d{2}( ?[ap]\.?m\.?)?( \w{2,4})?)?\)?",
        r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}([ ,]+\d{1,2}:\d{2}.{0,10})?",
    ),
    # A line that is only an address to write to or follow.
    "contact": (r"[\w.+-]+@[\w-]+\.[\w.]+", r"twitter\.com/\S+"),
    "rights": (r"(copyright|©).{0,120}", r".{0,120}all rights reserved\.?"),
    "cookie": (r".{0,200}\b(we|this (site|website)) uses? cookies\b.*",),
    # CMS shortcodes a page forgot to render: "[button link=...]Send us ...[/button]".
    "shortcodes": (r"\[\w+[^\]]*\].{0,150}\[/\w+\]",),
    "video": (r"(play|watch) (video|now)\b.{0,80}", r"loading( video)?\.*", r"\d{1,2}:\d{2}"),
}  # fmt: skip

# Paragraphs longer than this many characters are story text, whatever they start with.
PHRASE_MAX_CHARS = 200

# Matched against lower-cased text (faster than a case-insensitive pattern). The patterns
# that may begin anywhere in a line (".{0,80}\bsubscribe...") cost most of the matching, so
# they are tried only on a line holding one of the words every one of them needs.
# The combined patterns are only asked whether a line matches: their groups are made
# non-capturing, as saving a capture's position on every try is about half the cost of
# matching a line.
_GROUP_OPENING = re.compile(r"(?<!\\)\((?!\?)")


def _without_captures(phrase: str) -> str:
    """`phrase` with its capturing groups as (?:...), or as it is when anything but group
    openings would change (a "(" in a character class, a group reference)."""
    plain, converted = _GROUP_OPENING.subn("(?:", phrase)
    try:
        exact = converted == re.compile(phrase).groups and re.compile(plain).groups == 0
    except re.error:  # a reference to a group that is gone
        exact = False
    return plain if exact else phrase


_PHRASES = [_without_captures(p) for group in CLUTTER_PHRASES.values() for p in group]
CLUTTER_PHRASE_RE = re.compile("|".join(f"(?:{p})" for p in _PHRASES if p[0] != "."))
CLUTTER_PHRASE_ANYWHERE_RE = re.compile("|".join(f"(?:{p})" for p in _PHRASES if p[0] == "."))
CLUTTER_PHRASE_ANYWHERE_WORDS = (
    "subscribe", "sign up", "contributed", "rights reserved", "cookies",
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

# An inline style that hides an element from every reader: not displayed, not visible.
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Clipped to nothing: hidden from the eye, kept for screen readers (a visually-hidden copy).
CLIPPED_STYLE = re.compile(r"clip\s*:\s*rect\(\s*0", re.IGNORECASE)


# --- Page regions and titles, as metadata reads them -----------------------------------------

# Containers whose bylines and dates belong to something other than the story: comments,
# customers' testimonials, related and recommended stories, photo captions and credits,
# site chrome.
# "widget" only as a class of its own or its first word ("widget_recent_entries"): page
# builders mark every block of the story "builder-widget". A word after "has-", "with-",
# "under-", "offset-" (and the like) places the block beside such a region, it is not one:
# "has-sidebar", "under-menu", "offset-nav"; "content-sidebar" names a layout of the story
# and a sidebar (WordPress themes wrap both in "content-sidebar-wrap"); "tag-navigation" and
# "category-comments" name a post's tags and categories (WordPress's post classes).
_BESIDE = "".join(rf"(?<!{word})" for word in (
    "has", "with", "without", "no", "under", "below", "above", "offset", "content", "tag",
    "category",
))  # fmt: skip
# The words, each as FOREIGN_REGION reads it ("nav" only as a word's end: "navy" is no menu).
_FOREIGN_WORDS = (
    "comment", "related", "recommend", "recirc", "popular", "trending", "sidebar", "outbrain",
    "taboola", "caption", "credit", "newsletter", "footer", "navbar", "navigation",
    r"nav(?:$|[\s_\-])", "menu", "teaser", "more-stories", "most-read", "testimonial",
)  # fmt: skip
FOREIGN_REGION = re.compile(
    rf"(?:^|[\s_]|{_BESIDE}-)(?:{'|'.join(_FOREIGN_WORDS)})|(?:^|\s)widget", re.I
)
# Any of the words at all, in a lower-cased marker: a plain alternation that the regex engine
# scans for about five times faster than FOREIGN_REGION, whose look-arounds it tries at every
# character. Nine markers in ten hold none of them. Only for ASCII markers, where lower()
# and the pattern's IGNORECASE agree on case.
def _by_first_letter(words: list[str]) -> str:
    """Words as one alternation grouped by their first letter ("c(?:omment|aption)|r(?:...)"):
    at each position the engine tries one alternative per letter instead of every word."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rest)})" for first, rest in groups.items())


_FOREIGN_WORD = re.compile(
    _by_first_letter([w.partition("(")[0] for w in _FOREIGN_WORDS] + ["widget"])
)


def names_foreign_region(marker: str) -> bool:
    """Whether an element's class and id (`marker`) name a region FOREIGN_REGION describes."""
    if marker.isascii() and _FOREIGN_WORD.search(marker.lower()) is None:
        return False
    return FOREIGN_REGION.search(marker) is not None


# An element that is the site's name or logo (an h1 in the masthead is not the headline).
SITE_LOGO = re.compile(r"logo|brand|site-?title|site-?name|masthead", re.I)

# The page's own header, where today's date is printed (not the story's date).
SITE_HEADER = re.compile(r"masthead|site-?header|top-?bar|page-?header|global-?header", re.I)

# Between a story's title and the site or section name in <title> and og:title:
# "Story | Site", "Site - Story", "Story :: Section". The regex splits titles in markup;
# the plain-text reader, which compares lines, knows only the spaced forms.
# Possessive, from the start of a run of white space only: linear on any title. It opens
# with the white space itself (the look-behind after it: the character before the run is
# none), so that the regex engine skips ahead to the next space instead of trying every
# position.
TITLE_SEPARATOR = re.compile(r"\s(?<!\s\s)\s*+(?:[|\-–—:·•«»/]|::)\s++")
PRINTED_TITLE_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ")
# --- credits: how a byline begins ------------------------------------------------------

# One vocabulary for every place that tells a credit by its lead-in: the body (a credit line
# is not story text), metadata (a "By" line under the headline or at the story's end),
# plain-text dumps, and the byline parser that strips it. A lead added here is known to all.

# The words a credit puts before "by": "Written by", "Reporting by", "Article by", "Opinion
# by", "Photos and text by" (what the piece is, or how it was made, then its author).
CREDIT_VERBS = (
    "written", "authored", "posted", "words", "story", "article", "post", "blog post",
    "guest post", "essay", "column", "opinion", "commentary", "analysis", "reporting",
    "reported", "report", "text", "photos and text", "photo and text",
)  # fmt: skip
# Of those, the ones that say the person wrote the piece, and nothing else: "Written by
# Jane Doe" credits her wherever the page prints it ("Posted by" names a CMS account as
# often as a person, "Story by" a source).
AUTHORSHIP_VERBS = ("written", "authored")
# "By" as other languages print it at the head of a credit: Von, Par, Por, Door, Przez,
# "Publicado por" (posted by), Arabic "بقلم" ("by the pen of") and Hebrew "מאת".
FOREIGN_BY = ("von", "par", "por", "door", "przez", "publicado por", "بقلم", "מאת")
# The same, only as printed here: with a capital "Di" and "De" begin names ("Di Maio",
# "De Luca"); "Av" and "Af" do not.
FOREIGN_BY_AS_PRINTED = ("di", "de", "av", "Av", "af", "Af")
# What an author box or a byline element prints before the name, with no "by": "Author:",
# "Text:", "About the author", "More from", "View all posts by".
CREDIT_LABELS = (
    "posted", "autor", "author", "authors", "about", "about the author", "sobre",
    "sobre o autor", "über", "text", "texto", "текст", "автор", "more about", "more from",
    # "Author" as other languages label it: French, Italian, Spanish and Portuguese, German
    # (a woman), Danish and Norwegian, Swedish, Finnish, Turkish, Indonesian, Hungarian.
    "auteur", "autore", "autora", "autorin", "forfatter", "författare", "kirjoittaja",
    "yazar", "penulis", "szerző",
    "read more about", "read more from",
    *(f"{head}{kind} by" for head in ("", "all ", "view ", "view all ")
      for kind in ("articles", "posts", "stories")),
)  # fmt: skip
# Japanese, Chinese and Korean credits: "著者：山田太郎", "记者 王明", "글 홍길동".
CJK_CREDIT_LEADS = ("著者", "記者", "作者", "记者", "文", "글", "기자")
# What an author's note says before its credit: "This post was written by ...".
CREDIT_PREAMBLE = r"this\s+(?:post|article|story|piece)\s+(?:was\s+)?"


def _alternatives(phrases: tuple[str, ...]) -> str:
    """Phrases as a regex alternation, longest first (so "about the author" wins over
    "about"), their spaces any run of white space."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)


# "by" or "<verb> by", in English (no capture, case as the caller compiles it).
_CREDIT_BY = rf"(?:(?:{_alternatives(CREDIT_VERBS)})\s+)?by"
# "by" in any language, and the author's note: what a credit line opens with.
CREDIT_LEAD = (
    rf"(?:{CREDIT_PREAMBLE})?{_CREDIT_BY}|{_alternatives(FOREIGN_BY)}"
    rf"|(?-i:{_alternatives(FOREIGN_BY_AS_PRINTED)})"
)
# A label that opens a credit, and the CJK leads, as regexes (for the byline parser).
CREDIT_LABEL = _alternatives(CREDIT_LABELS)
CJK_CREDIT_LEAD = _alternatives(CJK_CREDIT_LEADS)
# The first word of every lead, in lower case: a line that does not start with one is no
# credit.
CREDIT_FIRST_WORDS = frozenset((
    "by", "this", *(lead.split()[0].lower() for lead in (
        *CREDIT_VERBS, *FOREIGN_BY, *FOREIGN_BY_AS_PRINTED,
    )),
))  # fmt: skip
