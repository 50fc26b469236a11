"""The headline: the visible heading that the title tags confirm, else the first story h1
(unless it is a label or a standfirst beside the story the titles name), else the title with
the site's name taken off."""

from __future__ import annotations

import html
import re

from selectolax.lexbor import LexborNode

from ..boilerplate import (
    CLIPPED_STYLE,
    CLUTTER_TOKENS,
    HIDDEN_STYLE,
    SITE_LOGO,
    TITLE_SEPARATOR,
)
from ..dom import attr, clean_text, node_text
from .document import (
    Document,
    absolute_url,
    ancestors_decide,
    class_and_id,
    first_str,
    is_foreign_heading,
    split_url,
)

_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")

# Two titles name the same story when most words of the shorter one are in the longer one,
# or when they share most of their words altogether.
SAME_WORDS_SHORTER = 0.8
SAME_WORDS_ALL = 0.6
# "Story | Editorial": a short last title part after a long story part is a label.
MAX_TAIL_WORDS = 3
MIN_STORY_WORDS = 4
# A short text inside a longer one is the same title only with this many words, or when it
# is this share of the longer one.
MIN_CONTAINED_WORDS = 4
MIN_CONTAINED_SHARE = 0.5
# A heading longer than this is a paragraph set in a heading tag, not a headline.
MAX_HEADLINE_CHARS = 300
_SEPARATOR_CHARS = " |-–—:·•«»/"
# Left over at a title's ends when a part is cut off ("| Story"); not the guillemets, which
# close a quote as often as they separate ("Il a dit «non»").
_EDGE_CHARS = " |-–—:·•/"


def _tokens(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def _similar(a: str, b: str) -> bool:
    """Most words shared. A short text inside a long one counts only when it is most of it:
    a section name ("Shots") is not the headline its page title contains."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    shared = len(ta & tb)
    shorter, longer = sorted((len(ta), len(tb)))
    contained = shared / shorter >= SAME_WORDS_SHORTER and (
        shorter >= MIN_CONTAINED_WORDS or shorter / longer >= MIN_CONTAINED_SHARE
    )
    return contained or shared / len(ta | tb) >= SAME_WORDS_ALL


def _site_words(page: Document, site_name: str | None) -> set[str]:
    names = {site_name or "", page.publisher or "", page.get("application-name") or ""}
    host = split_url(page.url or "")[1].rsplit("@", 1)[-1].split(":")[0].lower()
    host = host.removeprefix("www.")
    names.update((host.split(".")[0], host))  # "tidewatch", "tidewatch.com"
    names.update(_registered_name(host))  # "newegg", "newegg.com" on promotions.newegg.com
    return {_squashed(n) for n in names if n}


_NON_WORD = re.compile(r"\W")  # compiled once: _squashed runs for every title and heading


def _squashed(text: str) -> str:
    """A name as site names are compared: case folded, without spaces or punctuation."""
    return _NON_WORD.sub("", text.casefold())


# Second-level labels under which names are registered ("bbc.co.uk"), not names themselves.
_PUBLIC_SECOND_LEVELS = frozenset(("co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"))


def _registered_name(host: str) -> tuple[str, ...]:
    """The name a site registered ("newegg" and "newegg.com" for promotions.newegg.com): a
    subdomain's title still names the site by its registered domain."""
    labels = host.split(".")
    if len(labels) > 2 and labels[-2] in _PUBLIC_SECOND_LEVELS:
        labels = labels[:-1]
    if len(labels) < 2:
        return ()
    return labels[-2], ".".join(labels[-2:])


# A heading spelled inside the domain name is the site's name ("Lessons Learned" on
# startuplessonslearned.com) when it is at least this long, squashed.
MIN_DOMAIN_NAME_CHARS = 8


def _names_site(text: str, site: set[str], domain: str) -> bool:
    squashed = _squashed(text)
    return squashed in site or (len(squashed) >= MIN_DOMAIN_NAME_CHARS and squashed in domain)


def _is_site_name(part: str, site_words: set[str]) -> bool:
    """A title part that is the site's name, or the start of it ("Thrive Internet Marketing"
    for "Thrive Internet Marketing Agency")."""
    squashed = _squashed(part)
    return squashed in site_words or (
        len(squashed) >= MIN_DOMAIN_NAME_CHARS
        and any(word.startswith(squashed) for word in site_words)
    )


def strip_site_name(title: str, site_words: set[str], *, labels: bool = True) -> str:
    """'Story | Site', 'Site - Story', 'Story - Section - Site' -> 'Story'; '' when no part
    is left that is not the site's name, or no word at all ('|', 'Site | '). With `labels`,
    a short last part is dropped too ("Story | Editorial"): a title tag's habit, not a
    visible headline's, where "Rates rise - what it means" is the story's own."""
    title = title.strip(_EDGE_CHARS)
    if not _WORD.search(title):
        return ""
    parts = TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return _without_domain(title, site_words)
    keep = [i for i, p in enumerate(parts) if not _is_site_name(p, site_words)]
    if len(keep) == len(parts):
        # No part names the site: drop a short trailing part ("Story | Editorial", "... - IGN").
        if (labels and len(parts[-1].split()) <= MAX_TAIL_WORDS
                and len(" ".join(parts[:-1]).split()) >= MIN_STORY_WORDS):
            keep = keep[:-1]
        else:
            return title
    if not keep:  # every part names the site: no headline in this title
        return ""
    separators = TITLE_SEPARATOR.findall(title)
    out = parts[keep[0]]
    for i in keep[1:]:
        out += separators[i - 1] + parts[i]
    return out


def _without_domain(title: str, site_words: set[str]) -> str:
    """'tidewatch.com How Tides Turn' -> 'How Tides Turn': the site's domain name set before or
    after the story with no separator is still the site's name (a dot tells it from a
    word of the story)."""
    head, _, rest = title.partition(" ")
    if rest and "." in head and _squashed(head) in site_words:
        return rest.lstrip()
    rest, _, tail = title.rpartition(" ")
    if rest and "." in tail and _squashed(tail) in site_words:
        return rest.rstrip()
    return title


def is_logo(node: LexborNode, url: str | None) -> bool:
    """An h1 that is the site's name: marked as a logo, or a link to the home page."""
    return _marked_logo(node) or _links_home(node, url)


def _marked_logo(node: LexborNode) -> bool:
    return any(
        holder is not None and SITE_LOGO.search(class_and_id(holder))
        for holder in (node, node.parent)
    )


def _links_home(node: LexborNode, url: str | None) -> bool:
    """An h1 that links to the site's home page: the site's name, wherever it is printed
    (a class that mentions a brand or a site title also wraps story headlines)."""
    link = node.css_first("a[href]")
    if link is None and node.parent is not None and node.parent.tag == "a":
        link = node.parent
    if link is None:
        return False
    resolved = absolute_url(url, attr(link, "href") or "")
    if resolved is None:  # a broken address leads nowhere, not home
        return False
    target = split_url(resolved)
    return target[2] in ("", "/", "/index.html", "/index.php") and not target[3]


def read_headline(page: Document, site_name: str | None) -> str | None:
    site = _site_words(page, site_name)
    # An h1 that links to the home page names the site, also where no metadata does: the
    # title tag's part that repeats it is the site's, and the h1 is no headline.
    home_links = [node for node in page.h1s() if _links_home(node, page.url)]
    site.update(name for node in home_links if (name := _squashed(_heading_text(node))))
    home_ids = {node.mem_id for node in home_links}
    # is_logo() of every h1, from the home links just found
    logo_ids = home_ids | {node.mem_id for node in page.h1s() if _marked_logo(node)}
    titles = [
        first_str(page.article.get("headline")),
        page.get("og:title"),
        page.get("twitter:title"),
        node_text(title) if (title := page.tree.css_first("title")) is not None else None,
    ]
    titles = [stripped for t in titles
              if t and (stripped := strip_site_name(html.unescape(t) if "&" in t else t, site))]
    domain = split_url(page.url or "")[1].lower().split(".")
    domain_label = max(domain, key=len) if domain else ""
    headings = []
    for node in page.headings():
        text = _heading_text(node)
        if (not _WORD.search(text) or len(text) > MAX_HEADLINE_CHARS
                or _names_site(text, site, domain_label)):
            continue
        headings.append((node, text))
    story_h1 = False  # the story's own h1 went before: an agreeing teaser after it is not it
    for node, text in headings:
        if (any(_similar(text, t) for t in titles) and not _in_comments(node)
                and not (story_h1 and _foreign(page, node)) and not _hidden(node)
                and node.mem_id not in home_ids):
            # Some themes print the title tag's "Story – Site" in the h1.
            return _confirmed_part(node, text, titles) or _as_titles_confirm(
                strip_site_name(text, site, labels=False) or text, titles
            )
        if not story_h1 and node.tag == "h1":
            story_h1 = not _foreign(page, node) and node.mem_id not in logo_ids
    for node, text in headings:
        if (node.tag == "h1" and not _foreign(page, node) and node.mem_id not in logo_ids
                and not _hidden(node)):
            if part := _confirmed_part(node, text, titles):
                return part
            if _unlike_a_headline(text, titles) or _links_to_itself(node):
                break
            return text
    if titles:
        return _uncut(titles[0], titles[1:])
    return headings[0][1] if headings else None


# An h1 of this many words or fewer may be a section's or the navigation's label; one of
# more is a standfirst or a paragraph set in the heading tag (headlines run to about 20).
MAX_LABEL_WORDS = 3
MAX_STANDFIRST_WORDS = 30


def _unlike_a_headline(text: str, titles: list[str]) -> bool:
    """An h1 too short or too long to be the headline of the story the title tags name. A
    short one that no title confirms (none holds all its words) is a section's or the
    navigation's label ("Our Services", "Blog", "Part 2") when the title names a longer story:
    a story's own short headline is the title's too ("Climate Change | Agency"), or the
    title is no longer ("River floods town" under "Flood | Gazette"). A long one is a
    standfirst ("Learn which ...? Get expert tips ... We'll help you ...")."""
    if not titles:
        return False
    words = _WORD.findall(text.casefold())
    if len(words) > MAX_STANDFIRST_WORDS:
        return True
    if len(words) > MAX_LABEL_WORDS or len(_WORD.findall(titles[0])) <= len(words):
        return False
    return not any(all(word in title.casefold() for word in words) for title in titles)


def _confirmed_part(heading: LexborNode, text: str, titles: list[str]) -> str | None:
    """The element of the heading whose text a title tag gives (whole, or its first part
    before a separator, where "Story | Site" puts the story), when the heading prints more
    in elements of its own that the title leaves out: a kicker before it ("<div>Get that
    tech stack</div><span>Story</span>" against "Story | Site"), the source and comment
    count after it ("Story (example.com) 87"). None when the heading is the title, or when
    the title holds the rest too (a subtitle of the headline's own)."""
    folded = text.casefold()
    wanted: dict[str, str] = {}
    for title in titles:
        whole = title.casefold()
        if folded == whole:
            return None
        for part in (title, TITLE_SEPARATOR.split(title, maxsplit=1)[0]):
            wanted.setdefault(part.casefold(), whole)
    for element in heading.traverse():
        part = node_text(element)
        whole = wanted.get(part.casefold())
        if whole is None or element.mem_id == heading.mem_id:
            continue
        rest = clean_text(folded.replace(part.casefold(), " ", 1))
        if rest not in whole:
            return part
    return None


# Class names that hide an element from the eye and keep it for screen readers ("sr-only").
_HIDDEN_CLASSES = frozenset(CLUTTER_TOKENS["hidden"])


def _hidden(node: LexborNode) -> bool:
    """A heading hidden from the eye (a screen reader's copy of the title tag) is not the
    headline the reader sees."""
    attrs = node.attributes  # one read: selectolax builds the dict on each
    classes, style = attrs.get("class"), attrs.get("style")
    if classes and not _HIDDEN_CLASSES.isdisjoint(classes.lower().split()):
        return True
    # By an inline style: not displayed, or clipped to nothing.
    return bool(style) and (HIDDEN_STYLE.search(style) or CLIPPED_STYLE.search(style)) is not None


def _foreign(page: Document, node: LexborNode) -> bool:
    return page.foreign(node) and is_foreign_heading(node)


def _links_to_itself(node: LexborNode) -> bool:
    """An h1 holding a link to its own id (`<h1 id="x"><a href="#x">`) is a section heading
    of the body: Markdown renderers give each one that anchor, a page's headline has none."""
    own = attr(node, "id")
    return bool(own) and any(
        attr(link, "href") == f"#{own}" for link in node.css('a[href^="#"]')
    )


# A class or id word that opens the comments ("comments", "comments-area", "comment-list"),
# not one that only mentions them ("has-comments" on the story's own <article>).
_COMMENTS = re.compile(r"(?:^|\s)comments?(?:$|[\s_\-])", re.I)


def _as_titles_confirm(heading: str, titles: list[str]) -> str:
    """The heading in the form the title tags confirm: without a tagline or label the h1
    adds after a separator ("Story | Top 19 Companies", "Story | Opinion") or a section's
    name before one ("Blog: Story"), in the title's letter case when the h1 is set in
    capitals, and with the title's spacing when only spaces differ: the h1's spaces come from
    how its elements are joined ("Planning <span>C</span>ycle"), the title's are typed. Its
    own punctuation stays (the title tags drop or plainen quotes, dashes and ellipses)."""
    folded = heading.casefold()
    unspaced = _SPACES.sub("", folded)
    for title in titles:
        if folded == title.casefold():
            return title if heading.isupper() and not title.isupper() else heading
        if unspaced == _SPACES.sub("", title.casefold()):
            return title
        if folded.startswith(title.casefold()) and TITLE_SEPARATOR.match(heading, len(title)):
            return heading[: len(title)]
        label = heading[: len(heading) - len(title)].rstrip()
        if (folded.endswith(title.casefold()) and label and label[-1] in _SEPARATOR_CHARS
                and len(label.split()) <= MAX_TAIL_WORDS):
            return heading[len(heading) - len(title) :]
    return heading


def _heading_text(node: LexborNode) -> str:
    """A heading's text without the <time> some blogs print inside it ("Dec 18 2025
    Story"): the date is the story's, not part of its headline. A date prints a digit: a
    heading without one is not searched for the element."""
    text = node_text(node)
    if not _DIGIT.search(text) or node.css_first("time") is None:
        return text
    parts = [
        piece.text_content or ""
        for piece in node.traverse(include_text=True)
        if piece.tag == "-text" and not _inside_time(piece, node)
    ]
    return clean_text(" ".join(parts))


def _inside_time(text: LexborNode, heading: LexborNode) -> bool:
    element = text.parent
    while element is not None and element.mem_id != heading.mem_id:
        if element.tag == "time":
            return True
        element = element.parent
    return False


def _in_comments(node: LexborNode) -> bool:
    """Inside the comments, whose heading repeats the title it answers ("15 Replies to
    “Story”"), so that it agrees with the title tags as well as the headline does."""
    return ancestors_decide(node, _comments_verdict)


def _comments_verdict(element: LexborNode, _tag: str) -> bool | None:
    return True if _COMMENTS.search(class_and_id(element)) else None


def _uncut(title: str, others: list[str]) -> str:
    """The whole title when `title` was cut short: SEO plugins cut the structured headline
    to a length limit (110 characters) mid-phrase, while og:title and <title> keep it all;
    another title that starts with this one and goes on is the same one uncut."""
    folded = title.casefold()
    for other in sorted(others, key=len, reverse=True):
        rest = other[len(title) :].lstrip()
        # What follows a cut goes on with the phrase; a separator or a bracket starts a
        # subtitle or a label ("Tools – A Spreadsheet"), which the shorter title left out.
        if rest and rest[0] not in _SEPARATOR_CHARS + "([" and other.casefold().startswith(folded):
            return other
    return title
