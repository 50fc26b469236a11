"""Bylines into author names, and the dateline that opens a story into place and agency.

Both are pure text rules about how newsrooms print credits and datelines; the tree is read
elsewhere (metadata.py finds the byline element, extract.py hands over the first paragraph).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .boilerplate import CJK_CREDIT_LEAD, CREDIT_LABEL, CREDIT_LEAD
from .dates import (
    MONTH_DAY,
    has_printed_date,
    is_month_name,
    opens_with_date_label,
    without_full_dates,
)

# A byline is a line or two; past this many characters the text is not read (every regex
# here then works on a bounded string).
MAX_BYLINE_INPUT = 1000


def _wordset(words: str) -> frozenset[str]:
    """Word lists are data: kept as one readable string each."""
    return frozenset(words.split())


# Lead-ins that introduce a credit ("By", "Written by", "Von", "Author:", "著者："): the one
# vocabulary in boilerplate.py.
_LEAD = re.compile(
    rf"^\s*(?:{CREDIT_LEAD}|{CREDIT_LABEL})(?:\s*+[:\-])?\s+"
    rf"|^\s*(?:{CJK_CREDIT_LEAD})\s*[:：]?\s*",
    re.I,
)
# "山田太郎記者", "홍길동 기자": the reporter's title printed after the name.
_CJK_TITLE = re.compile(r"(?:記者|记者|기자|特派員|特派员)\s*$")
# A CMS account, not a person: "admin", "NOC Admin", "webmaster", "editor1".
_ACCOUNT_WORDS = _wordset(
    "admin admins administrator administrators webmaster webmasters root superuser sysadmin "
    "moderator user guest wpadmin siteadmin"
)
# Link and badge labels that sit in author boxes: "Full Bio", "Fact Checked", "Learn More".
_LABEL_CREDITS = frozenset((
    "full bio", "bio", "view full profile", "view profile", "profile", "learn more", "read more",
    "more", "fact checked", "expert verified", "verified", "reviewed", "sign in", "sign",
    "subscribe", "follow", "contact", "the author", "author", "authors", "author's profile",
    "author profile", "about the author",
))  # fmt: skip
# Words that a name never holds: a credit that contains one is a phrase or a title. The
# first ones are never in an organisation's name either ("Go From Overlooked To Overbooked").
_PHRASE_WORDS = _wordset("from to your our how what why my is are you")
_NOT_NAME_WORDS = _PHRASE_WORDS | _wordset("the of for with in on at")
_BY = re.compile(r"\b(?:by|By|BY)(?:\s*+:)?\s++(?=\S)")
# Credits that are not authorship: reviewers, editors, photographers, illustrators, the
# people who tested the products a review covers.
_OTHER_WORK = (
    r"(?:reviewed|edited|checked|tested|photos?|photography|photographed|images?|video|"
    r"illustrations?|illustrated|graphics|produced|additional\s+reporting)"
)
_OTHER_WORK_BY = rf"(?:medically\s+|fact[\s-]*)?{_OTHER_WORK}\s+by\b"
_NOT_AUTHOR = re.compile("^" + _OTHER_WORK_BY, re.I)
# The same credit after the author's name, with no separator between them ("Jane Doe
# Reviewed by John Roe", "DVM . Fact checked by: John Roe"): the text from it on is cut.
_OTHER_CREDIT = re.compile(r"\b" + _OTHER_WORK_BY, re.I)
# The pattern is tried at every position of a byline, much of it white space: every match
# starts at a visible character (one look-ahead passes over the rest), and the alternatives
# that start at a word's edge share one test of it instead of each testing it again.
_NOISE = re.compile(
    r"(?=\S)(?:"
    r"\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?"  # machine time stamps
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b"  # 11/19/19
    r"|\(?\b\d{3}\)?[\s.\-]\d{3}[\s.\-]\d{4}\b"  # telephone numbers
    r"|(?<![^\s@])[^\s@]+@[^\s@]+\.\w+"  # emails, looked for from the start of a word only
    r"|(?<!\w)@\w+"  # handles
    r"|https?://\S+|www\.\S+"
    r"|\b(?:"  # from here on, each alternative starts at a word's edge
    r"(?:\d+|an?|one)\s+(?:second|minute|min|hour|hr|day|week|month|year)s?\s+ago\b"
    r"|\d+\s*min(?:ute)?s?\s+read\b|read\s+time\b"
    r"|(?:updated|published|posted|last\s+updated|first\s+published|modified)\b"
    r"\s*(?:on|at)?\s*:?"
    r"|(?:follow|email|contact|twitter|facebook)\b(?:\s+(?:me|us|him|her))?\s*:?"
    r"|print(?:\s+this\s+(?:article|story|page))?\b|shares?(?:\s+this)?\b|comments?\b"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
    r"|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b\.?(?=,?\s?\d)"  # "Sat, 20 Dec"
    r"))",
    re.I,
)


# Every match of _NOISE holds a digit or one of these (in lower case): a byline with none
# of them is not searched (the pattern is tried at every position, and most bylines are a
# name and nothing else). Only for ASCII text, where lower() and the pattern agree on case.
_NOISE_MARKS = ("@", "http", "www.", "ago", "read", "updated", "published", "posted",
                "modified", "follow", "email", "contact", "twitter", "facebook", "print",
                "share", "comment", "day")  # fmt: skip


def _may_hold_noise(text: str) -> bool:
    if not text.isascii() or _DIGIT.search(text):
        return True
    lower = text.lower()
    return any(mark in lower for mark in _NOISE_MARKS)


_ZONE = r"(?:[ECMPAH][SD]T|GMT|UTC|BST|CES?T|IST|HST|AKST|AE[SD]T|JST|KST|ET|PT|CT)"
# At a word's edge, the character there is looked at first: a digit or a zone's initial.
_TIME = re.compile(
    rf"\b(?=[\dECMPAHGUBIJK])"
    rf"(?:\d{{1,2}}(?:[:.]|\s?h\s?)\d{{2}}(?::\d{{2}})?\s*(?:[ap]\.?m\.?)?"
    rf"(?:\s*(?-i:{_ZONE})\b)?|(?-i:{_ZONE})\b)",  # zones as printed, in capitals: "et" is "and"
    re.I,
)
_NUMBERS = re.compile(r"\b\d[\d/.\-]*\b")
_DIGIT = re.compile(r"\d")
# "and" in the languages bylines are read in: German, French, Spanish, Italian and
# Portuguese, Polish, Dutch, Swedish, Norwegian and Danish, Russian, Ukrainian, Turkish,
# Indonesian, Hungarian, Romanian, Greek, Arabic.
_AND = ("and", "And", "AND", "und", "et", "y", "e", "i", "en", "och", "og", "и", "та", "і",
        "ve", "dan", "és", "și", "και", "و")  # fmt: skip
# Conjunctions in lower case only: "Bruce Y. Lee" is one name.
# Applied to clean_byline's output, whose runs of white space are one character long: the
# leading \s* has nothing to backtrack over.
# Captured: a name joined to the one before by "and" shares its credit.
_SPLIT = re.compile(
    rf"(\s*(?:,|;|\||/|·|•|&|\n|\s[—–-]\s|／|｜|、|\b(?:{'|'.join(_AND)})\b)\s*)"
)
_JOINS = frozenset(("&", *(word.lower() for word in _AND)))
_LEADING_EDGE_WORDS = re.compile(r"^(?:(?:on|at|in)\s++)+", re.I)
_EDGE_WORDS = ("on", "at", "in")

# Job titles printed after a name: "AP Auto Writer", "Senior Correspondent", "Staff Writer".
_ROLE_WORDS = _wordset(
    "writer writers correspondent correspondents reporter reporters editor editors "
    "columnist contributor contributing producer critic analyst chief senior staff "
    "photographer photojournalist host anchor intern fellow director manager "
    "freelance freelancer journalist journalists correspondant redakteur autor "
    "editor-at-large at-large expert experts reviewer reviewers columnists guest lead "
    "consultant consultants former editor-in-chief head"
)
# Words that make a credit an organisation rather than a person.
_ORG_WORDS = _wordset(
    "press news staff reports agency agencies bureau desk service services wire wires media "
    "network team newsroom times post herald tribune journal daily gazette magazine radio "
    "television tv online digital group inc ltd llc editorial editors sport sports business "
    "insider today weekly monthly channel broadcasting foundation institute university "
    "council association society company corp club office ministry ministries department "
    "government police newswire report reuters bloomberg leader observer courier chronicle "
    "register sentinel telegraph guardian independent examiner inquirer dispatch bulletin "
    "monitor argus enquirer advertiser standard health healthcare clinic hospital medical "
    "center centre school college academy labs solutions systems consulting marketing "
    "studio studios"
)
# Lower-case words inside a person's name ("Jan van Dijk", "Osama bin Laden").
NAME_PARTICLES = _wordset("van von de da del der den di la le du dos das bin al ibn ben y e")
_AGENCIES = ("Associated Press", "AP", "AFP", "Reuters", "UPI", "PTI", "IANS", "dpa", "EFE",
             "ANSA", "Bloomberg", "CNN", "ANI", "Xinhua", "TASS", "Kyodo", "Yonhap")  # fmt: skip
_TRAILING_AGENCY = re.compile(
    r"^(?P<name>.+?)(?<!\s)\s++(?:of\s++(?:the\s++)?)?(?:"
    + "|".join(map(re.escape, _AGENCIES)) + r")$"
)
# A name's word starts with a capital: Latin, Greek or Cyrillic; or an Arabic letter (the
# script has no case).
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÞĀ-ſΆΈ-ΏΑ-ΩЀ-ЯҐ\u0621-\u064a][\w'’.\-]*|[A-Z]\.)$")
_CREDENTIALS = _wordset("md phd ms msc rd rdn rn cpt do ma ba mba jd esq jr sr ii iii")


def _words(text: str) -> list[str]:
    return [w.strip(".,").lower() for w in text.split()]


def _is_role(segment: str) -> bool:
    words = _words(segment)
    return bool(words) and (
        any(w in _ROLE_WORDS for w in words) or all(w in _CREDENTIALS for w in words)
    )


def _acronym(word: str) -> bool:
    letters = word.strip(".,")
    return len(letters) >= 2 and letters.isupper() and letters.isalpha() and (
        letters.lower() not in _CREDENTIALS
    )


def _not_a_credit(segment: str) -> bool:
    """A link label ("Full Bio"), a CMS account ("admin") or a phrase: no one to credit."""
    words = _words(segment)
    return segment.lower().replace("’", "'") in _LABEL_CREDITS or any(
        w.rstrip("0123456789") in _ACCOUNT_WORDS or w in _PHRASE_WORDS for w in words
    )


def is_cms_account(name: str) -> bool:
    """A CMS login credited as the author ("admin", "q_admin", "webmaster2", "Staff"): the
    structured data names whoever pressed "publish", not a person the story credits. So is
    a template's unrendered value ("{{ author }}", "page.head.extra.author")."""
    if any(mark in name for mark in _TEMPLATE_MARKS):
        return True
    if len(name.split()) != 1:  # "Al Root" is a person
        return False
    *owners, field = name.split(".")  # "post.author", not a login as printed ("sara.r.peter")
    if owners and field in _AUTHOR_FIELDS and all(p.isidentifier() and p.islower() for p in owners):
        return True
    parts = [p.rstrip("0123456789") for p in re.split(r"[\W_]+", name.lower()) if p]
    return bool(parts) and (
        parts == ["staff"] or any(p in _ACCOUNT_WORDS or p.endswith("admin") for p in parts)
    )


# What a template engine leaves where it failed to fill a value in.
_TEMPLATE_MARKS = ("{{", "}}", "${", "{%", "%}", "<%", "%>")
# The last part of a template variable's path that holds the author ("page.head.author").
_AUTHOR_FIELDS = frozenset(("author", "authors", "name", "byline", "creator"))


def is_organisation(name: str) -> bool:
    """A credit that names a newsroom, agency or desk rather than a person."""
    words = _words(name)
    if any(w in _ORG_WORDS for w in words) or re.search(r"\.(?:com|net|org|info)\b", name, re.I):
        return True
    if name.strip() in _AGENCIES or words[:1] == ["the"]:
        return True
    mixed = not name.isupper()
    return (mixed and any(_acronym(w) for w in name.split())) or (
        len(words) == 1 and name.isupper() and len(name) <= 5
    )


def is_person(name: str) -> bool:
    """Two to five name-like words, none a role or organisation word."""
    parts = name.split()
    words = _words(name)
    return (
        2 <= len(parts) <= 5
        and not any(w in _NOT_NAME_WORDS or w in _ACCOUNT_WORDS for w in words)
        and all(_NAME_WORD.match(p) or p.lower() in NAME_PARTICLES for p in parts)
        and _NAME_WORD.match(parts[0]) is not None
        and not is_organisation(name)
        and not _is_role(name)
    )


def _tidy(name: str) -> str:
    name = _without_edge_words(name.strip(" .,:;-–—()[]'\"")).strip(" .,:;-–—()[]'\"")
    if name.count("(") > name.count(")"):  # "Acme (Widget Research)": its own bracket
        name += ")"
    if name.isupper() and len(name) > 3:
        name = " ".join(w.capitalize() if len(w) > 2 or not w.endswith(".") else w
                        for w in name.lower().split())  # fmt: skip
    return name


def _without_edge_words(name: str) -> str:
    """'on Jane Doe at' -> 'Jane Doe': the words a removed date or time leaves at either end
    (the trailing ones word by word: a regex anchored at the end backtracks on long text).
    A trailing word in title case is the name's own ("Audiophile On"), unless the whole
    credit is in capitals."""
    name = _LEADING_EDGE_WORDS.sub("", name)
    parts = name.rsplit(None, 1)
    while (
        len(parts) == 2
        and parts[1].lower() in _EDGE_WORDS
        and (parts[1].islower() or name.isupper())
        and name[-1:] == parts[1][-1:]
    ):
        name = parts[0]
        parts = name.rsplit(None, 1)
    return name


def _caps_prefix(segment: str) -> str:
    """'JILL LAWLESS Associated Press' -> 'JILL LAWLESS': a name printed in capitals ends
    where the capitals do."""
    words = segment.split()
    caps = 0
    for word in words:
        if word.isupper() and len(word.strip(".")) > 1:
            caps += 1
        else:
            break
    return " ".join(words[:caps]) if 2 <= caps < len(words) else segment


_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")  # what was around a removed date
_SPACES = re.compile(r"[^\S\n]+")
_LOOSE_PUNCTUATION = re.compile(r" (?=[,;])|(?<=[,;])(?: ?[,;])+")  # " ," and ", ,"


def clean_byline(byline: str) -> str:
    """The byline without dates, times, emails, handles and "Updated" stamps. Only its first
    MAX_BYLINE_INPUT characters are read: bounded work for the regexes below."""
    text = byline[:MAX_BYLINE_INPUT]
    if _may_hold_noise(text):
        text = _NOISE.sub(" ", text)
    if _DIGIT.search(text):  # every date pattern needs a digit: most bylines have none
        text = MONTH_DAY.sub(" ", without_full_dates(text))
    text = _TIME.sub(" ", text)
    if "(" in text or "[" in text:
        text = _EMPTY_BRACKETS.sub(" ", text)
    text = _SPACES.sub(" ", text)  # runs of one character left: linear _SPLIT
    if "," in text or ";" in text:
        text = _LOOSE_PUNCTUATION.sub("", text)
    text = _one_newline(text).strip(" |,-–—·•:\n")
    last = text.rsplit(None, 1)[-1] if text else ""
    if last.istitle() and _rstrip_separators(byline[:MAX_BYLINE_INPUT]).endswith(" " + last):
        return text  # "Audio Shelf On" as printed: nothing removed after it, a name's word
    return _without_trailing_on_at(text)


def _one_newline(text: str) -> str:
    """Every run of white space holding a line break becomes one line break."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    middle = [line.strip() for line in lines[1:-1]]
    return "\n".join([lines[0].rstrip(), *(line for line in middle if line), lines[-1].lstrip()])


_SEPARATORS = ",|-–—·•:"


def _rstrip_separators(text: str) -> str:
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] in _SEPARATORS):
        end -= 1
    return text[:end]


def _without_trailing_on_at(text: str) -> str:
    """'Jane Doe | on' -> 'Jane Doe': the dangling 'on'/'at' a removed date leaves, with the
    separators before it (a loop, not a backtracking regex). Only called when something was
    removed after the text ("Audiophile On" printed alone is a name)."""
    out, rest = text, _rstrip_separators(text)
    while rest[-2:].lower() in ("on", "at") and len(rest) > 2 and (
        rest[-3].isspace() or rest[-3] in _SEPARATORS
    ):
        rest = _rstrip_separators(rest[:-2])
        out = rest
    return out


# "Edited\nby\nMarie White": a credit whose "by" sits in an element of its own is one line
# (or "Edited by" and the name would be read as two credits, the name an author's).
_BROKEN_BY = re.compile(r"\n(?=by\b)|(?<=\bby)\n", re.I)


# A job title or the agency printed in parentheses after the name: "Lance Roe (Content
# Manager)", "Jane Doe (AP)".
_PAREN = re.compile(r"\(([^()\n]{1,60})\)")


def _without_role(match: re.Match[str]) -> str:
    inside = match.group(1).strip()
    return " " if _is_role(inside) or is_organisation(inside) else match.group(0)


def parse_authors(byline: str | None) -> list[str]:
    """'By A, B & C, Staff Writers' -> ['A', 'B', 'C']; an organisation only when it is the
    only credit. Lines of a byline (its elements) are separate segments."""
    if not byline:
        return []
    text = re.sub(" {2,}", " ", _NUMBERS.sub(" ", clean_byline(byline)))  # see _SPLIT
    if "(" in text:
        text = _PAREN.sub(_without_role, text)
    text = _LEAD.sub("", _BROKEN_BY.sub(" ", text))
    people: list[str] = []
    others: list[str] = []
    credited_elsewhere = False
    other_credit = False  # the last name read was credited with other work
    parts = _SPLIT.split(text)  # names, and the separators between them
    for index in range(0, len(parts), 2):
        raw = parts[index].strip()
        joined = index > 0 and parts[index - 1].strip().lower() in _JOINS
        listed = joined or (index > 0 and parts[index - 1].strip() == ",")
        # The name after "Reviewed by" in a line of its own, and what "and" or a comma
        # joins to such a name: another name that shares the credit ("Tested by Katie
        # Bandurski and Mary Henn"), or the person's title or employer ("Reviewed by Jo
        # Roe, Trial Attorney at Roe & Roe") -- unless a credit of its own begins there.
        if credited_elsewhere or (
            other_credit and listed and not (_LEAD.match(raw) or _BY.search(raw))
        ):
            credited_elsewhere, other_credit = False, True
            continue
        label = _NOT_AUTHOR.match(raw)
        if label:
            credited_elsewhere = not raw[label.end() :].strip(" :")
            other_credit = True
            continue
        other = _OTHER_CREDIT.search(raw)
        other_credit = other is not None
        if other:
            raw = raw[: other.start()]
        cuts = [m.end() for m in _BY.finditer(raw)]
        if cuts:  # "Monday 10:45 PST by Joe Rossignol": the name follows the last "by"
            raw = raw[cuts[-1] :]
        segment = _tidy(_caps_prefix(_LEAD.sub("", raw + " ")))
        segment = _CJK_TITLE.sub("", re.sub(r"\s+", " ", segment)).rstrip()
        if _not_a_credit(segment):
            continue
        match = _TRAILING_AGENCY.match(segment)
        if match and is_person(match.group("name")):
            segment = match.group("name")
        if len(segment) < 2:
            continue
        if _is_role(segment) and not is_organisation(segment):
            other_credit = True  # "Senior Editor and Community Lead": one title
            continue
        person = is_person(segment)
        (people if person else others).append(segment)
        # "Head of Marketing and Community Development", "Health and Human Services": what
        # "and" joins to a title or an organisation is part of it, not a person.
        other_credit = other_credit or not person
    names = people or others[:1]
    unique: list[str] = []
    for name in names:
        if name.casefold() not in (u.casefold() for u in unique):
            unique.append(name)
    return unique


# --- datelines -------------------------------------------------------------------------

# Labels that open a story like a dateline but are not places: the whole text, or its first
# word ("BREAKING NEWS:", "DEAR ABBY:", "UPDATE 2 -").
_LABELS = _wordset(
    "update updated updates exclusive analysis breaking opinion editorial commentary comment "
    "watch listen video videos photos photo gallery live review interview correction "
    "clarification dear sponsored advertisement advertorial important warning note alert "
    "urgent flash developing editor's editors' read related today yesterday tonight tomorrow "
    "now meanwhile also first finally monday tuesday wednesday thursday friday saturday "
    "sunday q a fact factcheck press tldr tl;dr note notes summary takeaway takeaways "
    "disclosure disclaimer transcript"
)
_DASH = r"(?:\s+[—–-]{1,2}|\s*[—–]|\s*--|\.-)"  # ".-": "Madrid, 5 mar (EFE).-"
# "ST. JOSEPH", "SÃO PAULO", "NEW YORK": letters in capitals, with spaces, dots, apostrophes.
_CAPS_PLACE = r"[A-ZÀ-Þ][A-ZÀ-Þ.'’\-]*(?:\s+[A-ZÀ-Þ][A-ZÀ-Þ.'’\-]*){0,3}"
_TITLE_PLACE = r"[A-ZÀ-Þ][a-zß-ÿ.'’\-]+(?:\s+[A-ZÀ-Þ][a-zß-ÿ.'’\-]+){0,2}"
# ", Ore.", ", N.Y.", ", Ohio", ", United Arab Emirates", ", SWITZERLAND", ", DC"
_REGION = r"(?:,\s*(?:[A-Z][A-Za-z.]*\.|[A-ZÀ-Þ][A-Za-zß-ÿ.'’\-]+(?:\s+[A-Z][A-Za-z.'’\-]+){0,2}))"
# ", Aug. 20" in English; ", 3 Dic.", ", 3. März" or ", 5 mars 2024" where the day comes
# first (then an agency must follow).
_DAY = (
    r"(?:,\s*(?:(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    r"|\d{1,2}\.?\s+[A-Za-zÀ-ÿ]{3,10}\.?(?:\s+\d{4})?(?=\s*\())"
    r")"
)
# An agency in parentheses: "(AP)", "(CNN Business)", "(EUROPA PRESS)", and the lower-case
# house style of a few ("(dpa)", "(apa)").
_AGENCY = r"\(\s*(?P<agency>[A-Z][\w.&’' \-]{0,30}?|[a-z]{2,5})\s*\)"
_DATELINE = re.compile(
    rf"^(?P<dateline>"
    rf"(?P<place>{_CAPS_PLACE}{_REGION}{{0,2}}|{_TITLE_PLACE}{_REGION}{{0,2}})?"
    rf"(?P<day>{_DAY})?\s*(?:{_AGENCY})?)"
    # After an agency the text may follow with no space at all: "(CNN)President Trump".
    rf"(?P<sep>{_DASH}\s*|\s*:\s+|\s+(?=[A-Z\"“‘'])|(?<=\))(?=[A-Z\"“‘']))",
)
# "PanARMENIAN.Net - ...": a news site credited by its domain name, with no place.
_SITE_AGENCY = re.compile(
    r"^(?P<agency>[A-Z][\w\-]*\.(?i:net|com|org|info|news))\s+[—–-]{1,2}\s+"
)
# "BAAR, SWITZERLAND" printed on a line of its own above the story.
_ONLY_DATELINE = re.compile(
    rf"^(?P<place>{_CAPS_PLACE}{_REGION}{{1,2}})\s*(?:{_AGENCY})?\s*[—–:-]*$"
)


# "Washington CNN —": the agency printed in its own span with no parentheses (and, where the
# spans are rendered without a space, "WashingtonCNN —"). Only a known agency name may follow
# the place so, or any "Place Word —" would qualify.
_BARE_AGENCY = re.compile(
    rf"^(?P<place>{_CAPS_PLACE}(?=\s)|{_TITLE_PLACE})\s*"
    r"(?P<agency>(?:" + "|".join(map(re.escape, _AGENCIES)) + r")(?:\s+[A-Z][a-z]+)?)"
    rf"(?P<sep>{_DASH}\s*)"
)
# Datelines in Chinese, Japanese, Korean and Arabic wire copy:
#   新华社北京11月17日电 / 本报上海3月5日电: agency, place, month and day, then 电 ("cabled");
#   【6月18日 AFP】 and 【ワシントン=共同】: in lenticular brackets;
#   (서울=연합뉴스): place = agency in parentheses;
#   دمشق، سوريا (CNN): an Arabic place (with its region after an Arabic comma), then the agency.
_HAN = "\u4e00-\u9fff"
_CJK_DATELINE = re.compile(
    rf"^(?P<dateline>(?P<agency>[{_HAN}]{{1,4}}社|本报|中新网)"
    rf"(?P<place>[{_HAN}]{{1,10}}?)\d{{1,2}}月\d{{1,2}}日电)"
    rf"|^(?P<bracket>【\s*(?:\d{{1,2}}月\d{{1,2}}日\s*(?P<agency2>[^【】\s]{{1,20}})"
    r"|(?P<place2>[^【】=＝]{1,15})[=＝](?P<agency3>[^【】]{1,15}))\s*】)"
    r"|^(?P<paren>[(（]\s*(?P<place3>[^()（）=＝\s]{1,15})\s*[=＝]\s*"
    r"(?P<agency4>[^()（）=＝]{1,15}?)\s*[)）])"
)
_ARABIC_WORDS = "[\u0621-\u064A\u066E-\u06D3]+(?:\\s+[\u0621-\u064A\u066E-\u06D3]+){0,2}"
_ARABIC_DATELINE = re.compile(
    rf"^(?P<dateline>(?P<place>{_ARABIC_WORDS}(?:\s*[،,]\s*{_ARABIC_WORDS})?)\s*"
    r"\(\s*(?P<agency>[^()]{1,30}?)\s*\))\s*(?:[—–-]{1,2}|:)?\s*"
)
# Russian and Ukrainian wire copy: place, day and month, then the agency after a dash and
# before a period ("МОСКВА, 5 мар — РИА Новости.", "Київ, 5 березня — Укрінформ.") or between
# slashes ("МОСКВА, 5 марта. /ТАСС/.").
_CYRILLIC_WORD = "[А-ЯЁЇІЄҐ][А-ЯЁЇІЄҐа-яёїієґ'’\\-]+"
_CYRILLIC_DATELINE = re.compile(
    rf"^(?P<dateline>(?P<place>{_CYRILLIC_WORD}(?:\s+{_CYRILLIC_WORD}){{0,2}}),\s*"
    r"\d{1,2}\s+[а-яёїієґ]{3,10}\.?\s*"
    r"(?:[—–-]\s*(?P<agency>[А-ЯЁЇІЄҐA-Z][\w\- ]{0,25}?)(?=\.\s)"
    r"|/\s*(?P<agency2>[^/\s][^/]{0,20}?)\s*/))\.?\s*"
)
# "(ANSA) - ROMA, 5 MAR - ...": the place and day printed after the agency.
_PLACE_AFTER_AGENCY = re.compile(
    rf"^(?P<place>{_CAPS_PLACE}|{_TITLE_PLACE}),\s*\d{{1,2}}\.?\s+(?P<month>[A-Za-zÀ-ÿ]{{3,10}})\.?"
    rf"(?P<sep>{_DASH}\s*)"
)
# A whole "place" that is an editorial label: "NEW: ...", "HIGHLIGHTS — ..."
_WHOLE_LABELS = _wordset("new highlights summary recap key points takeaways caption")
# The last word of a label or a picture credit, never of a place: "STORY HIGHLIGHTS —",
# "KEY POINTS:", "FILE PHOTO:", "Getty Images —".
_LABEL_TAILS = _wordset("highlights points takeaways summary photo photos images image caption "
                        "video videos")  # fmt: skip
# A dateline is read from this many characters at the head of a paragraph at most.
_DATELINE_READ = 200


@dataclass(frozen=True)
class Dateline:
    text: str
    place: str | None
    agency: str | None
    # Printed the way only datelines are: a place in capitals or an agency, then a dash, or
    # a place in capitals with its region on a line of its own.
    strong: bool = False


def _place_name(place: str) -> str:
    """'ST. JOSEPH, Mich.' -> 'St. Joseph, Mich.': capitals become title case; the rest stays."""
    parts = [p.strip() for p in place.split(",")]
    out = []
    for part in parts:
        if part.isupper() and len(part.replace(".", "")) > 2:
            words = part.lower().split()
            part = " ".join(w.capitalize() if "." not in w[:-1] else w for w in words)
            part = re.sub(r"(?<=[-'’])([a-z])", lambda m: m.group(1).upper(), part)
        out.append(part)
    return ", ".join(out)


def _is_label(text: str) -> bool:
    words = text.lower().replace("’", "'").split()
    return bool(words) and words[0].strip(".,:") in _LABELS


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _foreign_dateline(paragraph: str) -> tuple[Dateline, str] | None:
    """A dateline as Chinese, Japanese, Korean or Arabic wire copy prints it, or None."""
    head = paragraph[:200]
    match = _CJK_DATELINE.match(head)
    if match:
        if match.group("dateline"):
            text, place, agency = match.group("dateline", "place", "agency")
        elif match.group("bracket"):
            text = match.group("bracket")
            place = match.group("place2")
            agency = match.group("agency2") or match.group("agency3")
        else:
            text, place, agency = match.group("paren", "place3", "agency4")
        rest = paragraph[match.end() :].lstrip()
        return Dateline(text, place and place.strip(), agency.strip(), strong=True), rest
    match = _ARABIC_DATELINE.match(head)
    if match and paragraph[match.end() :].strip():
        text, place, agency = match.group("dateline", "place", "agency")
        if not _has_digit(agency):
            return Dateline(text, place, agency, strong=True), paragraph[match.end() :]
    match = _CYRILLIC_DATELINE.match(head)
    if match and paragraph[match.end() :].strip():
        agency = match.group("agency") or match.group("agency2")
        place = _place_name(match.group("place"))
        return Dateline(match.group("dateline"), place, agency, strong=True), (
            paragraph[match.end() :]
        )
    return None


def split_dateline(paragraph: str) -> tuple[Dateline | None, str]:
    """The dateline at the start of the first paragraph, and the paragraph without it.

    Accepts the shapes wire services and newspapers print: a place in capitals, or in title
    case with a region; an optional day; an optional agency in parentheses; then a dash, a
    colon (only after a place in capitals or a place with its region) or, after an agency,
    nothing. Editorial labels ("UPDATE:", "EXCLUSIVE -"), time stamps and sentences are not
    datelines.
    """
    opening = paragraph[:_DATELINE_READ]  # bounded work for the regexes
    foreign = _foreign_dateline(paragraph)
    if foreign is not None:
        return foreign
    bare = _BARE_AGENCY.match(opening)
    if bare and not _is_label(bare.group("place")) and paragraph[bare.end() :].strip() and (
        bare.group("place").lower() not in _WHOLE_LABELS
    ):
        text = f"{bare.group('place')} {bare.group('agency')}"
        place = _place_name(bare.group("place"))
        return Dateline(text, place, bare.group("agency"), strong=True), paragraph[bare.end() :]
    site = _SITE_AGENCY.match(opening)
    if site:
        return Dateline(site.group("agency"), None, site.group("agency")), paragraph[site.end() :]
    only = _ONLY_DATELINE.match(paragraph) if len(paragraph) <= _DATELINE_READ else None
    if only and only.group("place").isupper() and not _is_role(only.group("place").split(",")[-1]):
        text = paragraph.rstrip(" —–:-")
        place = _place_name(only.group("place"))
        return Dateline(text, place, only.group("agency"), strong=True), ""
    match = _DATELINE.match(opening)
    if not match or not match.group("dateline").strip():
        return None, paragraph
    place, agency, sep = match.group("place"), match.group("agency"), match.group("sep")
    if place and (_is_label(place) or place.lower() in _WHOLE_LABELS or _has_digit(place)
                  or place.split(",")[0].split()[-1].lower() in _LABEL_TAILS):  # fmt: skip
        return None, paragraph
    if agency and (_is_label(agency) or _has_digit(agency)):
        return None, paragraph
    if place and "," in place and _is_role(place.split(",")[-1]):
        return None, paragraph  # "SACHA PFEIFFER, HOST:": a speaker in a transcript
    head = place.split(",")[0] if place else ""
    in_caps = bool(head) and head.isupper() and len(head.replace(".", "").strip()) > 1
    has_region = bool(place) and "," in place
    if not sep.strip():  # no separator: only "(CNN) ..." or "Hong Kong (CNN Business) ..."
        if not agency:
            return None, paragraph
    elif ":" in sep:
        if not (in_caps or has_region) or agency:
            return None, paragraph
    elif not (in_caps or has_region or agency or match.group("day")) and (
        not head or len(head.split()) > 2
    ):
        # Only "Indianapolis – ...": one or two title-case words before a dash, not a label.
        return None, paragraph
    if place and not (in_caps or place[0].isupper()):
        return None, paragraph
    text = re.sub(r"\(\s+|\s+\)", lambda m: m.group(0).strip(), match.group("dateline").strip())
    rest = paragraph[match.end() :]
    if not rest.strip() and not re.search("[—–-]", sep):
        return None, paragraph
    strong = bool(re.search("[—–-]", sep)) and (in_caps or bool(agency))
    after = _PLACE_AFTER_AGENCY.match(rest[:_DATELINE_READ]) if agency and not place else None
    if after and strong and is_month_name(after.group("month")) and not _is_label(
        after.group("place")
    ):
        text = f"{text}{sep.rstrip()} {rest[: after.start('sep')]}"
        place, rest = after.group("place"), rest[after.end() :]
    return Dateline(text, _place_name(place) if place else None, agency, strong), rest


# --- the lines above a story -------------------------------------------------------------


# Words a labelled stamp may leave besides its dates: "Publié le ... à ..., mis à jour le".
_LABELLED_DATE_WORDS = 8
_SENTENCE_END = re.compile(r"[.!?]\s+\S")


def is_date_line(text: str) -> bool:
    """'Updated 10:01 pm PST, Tuesday, November 19, 2019', '5 maart 2024': a stamp and
    nothing else. A label in another language may take a few words more ('Publié le 5 mars
    2024 à 10h15, mis à jour le 6 mars'), when the line opens with a label, prints a full date
    and is no sentence."""
    if len(text) > 120:
        return False
    dated = has_printed_date(text)
    if not (dated or _TIME.search(text)):
        return False
    rest = _NUMBERS.sub(" ", clean_byline(text))
    words = len(rest.split())
    return words <= 2 or (
        words <= _LABELLED_DATE_WORDS
        and dated
        and opens_with_date_label(text)
        and _SENTENCE_END.search(rest) is None  # "5. März" is no sentence's end
    )


def credits_authors(text: str, authors: list[str] | tuple[str, ...]) -> bool:
    """A short line that credits the story to `authors`, already known from the page's
    metadata ('By A and B, Staff Writers | Nov 19, 2019'): dropped from the body."""
    if len(text) > 200 or not authors:
        return False
    rest = _NUMBERS.sub(" ", clean_byline(text))
    named = _LEAD.match(rest) is not None
    for name in authors:
        rest, found = re.subn(re.escape(name), " ", rest, flags=re.I)
        named = named or found > 0
    if not named:
        return False
    rest = _LEAD.sub("", rest.strip(" ,|·•"))
    leftover = [w for w in re.split(r"[\s,|·•&]+", rest) if w and w.lower() not in ("and", "by")]
    return len(leftover) <= 4 and not re.search(r"[.!?]\s+[A-Z]", rest)
