"""Date strings as pages print them -> ISO 8601 as the record carries them.

Machine dates (JSON-LD, meta, <time datetime>) are nearly always ISO-like and go through one
regex; the rest (RFC 2822 stamps, "Nov. 19, 2019 5:50 PM", "19 NOV 2019") through
python-dateutil, only ever on short strings. Time and offset are kept when the page gives
them and never invented.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta

from dateutil import parser as _dateutil_parser
from dateutil import tz as _tz

# Years a news page can plausibly carry; CMS placeholders ("0001-01-01") and typos fall outside.
_MIN_YEAR, _MAX_YEAR = 1990, 2100
# UTC offsets in use run from -12:00 to +14:00.
_MAX_OFFSET_HOURS = 14

_ISO = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ]\s*(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?\s*$",
    re.I,
)
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# A printed date: "November 19, 2019", "Nov. 19, 2019", "19 Nov 2019", "2019-11-19",
# "19/11/2019", optionally followed by a clock time ("5:50 PM", "at 8:59 pm").
# Each pattern below that is tried at every word's edge first looks at the character there: a
# digit or a letter some month's name starts with (a cheap test that passes over most words).
VISIBLE_DATE = re.compile(
    rf"\b(?=[\djfmasond])(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:de\s+)?{_MONTHS},?\s+(?:de\s+)?\d{{4}}"
    r"|\d{4}-\d{1,2}-\d{1,2}|\d{4}[/.]\d{1,2}[/.]\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4})"
    r"(?:,?\s*(?:at\s+|/\s+|-+\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)?",
    re.I,
)
# Four digits spelled out, not "\d{4}": a pattern that opens with a character class lets the
# regex engine skip ahead to the next digit, where a repeat is tried at every position.
_YEAR_DIGITS = re.compile(r"\d\d\d\d")
# How far before its year a printed date may start when its words are one space apart
# ("30th. de september., de 2019": 24 characters), and how far past the year's end its
# required part may run ("2019/11/19": 6).
_MAX_BEFORE_YEAR = 32
_MAX_AFTER_YEAR = 8
_SPACE_RUN = re.compile(r"\s\s")
# Month names in the languages most news sites print in, mapped to English for the parser.
_ENGLISH_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
                   "september", "october", "november", "december")  # fmt: skip
_MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                        "dec")  # fmt: skip
# English month -> its names in German, French, Spanish, Portuguese, Italian, Dutch, Indonesian.
_MONTH_NAMES = {
    "january": "januar jänner janvier enero janeiro gennaio januari",
    "february": "februar février febrero fevereiro febbraio februari",
    "march": "märz mär mars marzo março maart maret",
    "april": "avril abril aprile",
    "may": "mai mayo maio maggio mei",
    "june": "juni juin junio junho giugno",
    "july": "juli juillet julio julho luglio",
    "august": "août agosto augustus agustus",
    "september": "septembre septiembre setiembre setembro settembre",
    "october": "oktober okt octobre octubre outubro ottobre",
    "november": "novembre noviembre novembro",
    "december": "dezember dez décembre diciembre dezembro dicembre desember",
}
# Every English spelling of a month: names, abbreviations and "sept".
ENGLISH_MONTH_WORDS = frozenset({*_MONTH_NAMES, *_MONTH_ABBREVIATIONS, "sept"})
# Russian, Polish and Swedish, Norwegian and Danish (nominative and genitive forms), then
# Ukrainian, Czech and Greek (the genitive a date prints), Romanian, Turkish and Arabic (the
# names of Egypt and the Gulf, with and without hamza; of the Levant's, the one-word ones).
_MORE_MONTH_NAMES = {
    "january": "январь января styczeń stycznia січня ledna ianuarie ocak ιανουαρίου يناير",
    "february": "февраль февраля luty lutego лютого února februarie şubat φεβρουαρίου "
                "فبراير شباط",
    "march": "март марта marzec marca березня března martie mart μαρτίου مارس آذار",
    "april": "апрель апреля kwiecień kwietnia квітня dubna aprilie nisan απριλίου أبريل "
             "إبريل ابريل نيسان",
    "may": "май мая maj maja травня května mayıs μαΐου مايو أيار",
    "june": "июнь июня czerwiec czerwca червня června iunie haziran ιουνίου يونيو يونيه "
            "حزيران",
    "july": "июль июля lipiec lipca липня července iulie temmuz ιουλίου يوليو يوليه تموز",
    "august": "август августа sierpień sierpnia augusti серпня srpna ağustos αυγούστου أغسطس "
              "اغسطس",
    "september": "сентябрь сентября wrzesień września вересня září septembrie eylül "
                 "σεπτεμβρίου سبتمبر أيلول",
    "october": "октябрь октября październik października жовтня října octombrie ekim "
               "οκτωβρίου أكتوبر اكتوبر",
    "november": "ноябрь ноября listopad listopada листопада listopadu noiembrie kasım "
                "νοεμβρίου نوفمبر",
    "december": "декабрь декабря grudzień grudnia грудня prosince decembrie aralık "
                "δεκεμβρίου ديسمبر",
}  # fmt: skip
for _english, _names in _MORE_MONTH_NAMES.items():
    _MONTH_NAMES[_english] += " " + _names
_LOCAL_MONTHS = {name: english for english, names in _MONTH_NAMES.items()
                 for name in names.split()}  # fmt: skip
# "November 18" printed without a year: noise in a byline, too little to date a story.
MONTH_DAY = re.compile(rf"\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b", re.I)
_LOCAL_NAMES = "|".join(sorted(map(re.escape, _LOCAL_MONTHS), key=len, reverse=True))
_LOCAL_MONTH = re.compile(rf"\b({_LOCAL_NAMES})\b", re.I)
_LOCAL_WORDS = frozenset(_LOCAL_MONTHS)
_WORD = re.compile(r"\w+")
# A date printed with a month name in another language: "30. Juli 2018", "Maret 30, 2015".
# It opens with a digit or a month name: at a word's edge, its first character is looked at
# before the names are tried one by one.
_LOCAL_INITIALS = "".join(sorted({name[0] for name in _LOCAL_MONTHS}))
LOCAL_DATE = re.compile(
    rf"\b(?=[\d{_LOCAL_INITIALS}])"
    rf"(?:\d{{1,2}}\.?\s+(?:de\s+)?(?:{_LOCAL_NAMES})\.?,?\s+(?:de\s+)?\d{{4}}"
    rf"|(?:{_LOCAL_NAMES})\.?\s+\d{{1,2}},?\s+\d{{4}})\b",
    re.I,
)


def has_printed_date(text: str) -> bool:
    """Whether `text` prints a day, month and year in a form parse_printed reads, in any
    language read ("5 maart 2024", "2024年3月5日", "Nov. 19, 2019")."""
    return _YEAR_DIGITS.search(text) is not None and (
        VISIBLE_DATE.search(_normalise(text)) is not None
    )


def without_full_dates(text: str) -> str:
    """`text` with the dates VISIBLE_DATE and LOCAL_DATE read blanked out. Every form of
    either holds a 4-digit year: a text without one ("10:45 AM", "Nov. 19") is returned as
    it is, not tried at every position by two long patterns. LOCAL_DATE's month is a whole
    word: a text none of whose words names a month in another language (most) is not tried
    by its alternation of some two hundred names."""
    if not _YEAR_DIGITS.search(text):
        return text
    text = VISIBLE_DATE.sub(" ", text)
    return LOCAL_DATE.sub(" ", text) if _names_foreign_month(text) else text


def _names_foreign_month(text: str) -> bool:
    """Whether one of `text`'s words is a month's name in another language: a set look-up,
    where the alternation of every name would be tried at each word."""
    return not _LOCAL_WORDS.isdisjoint(_WORD.findall(text.lower()))


_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](\d{1,2}|[a-z]{3,9})[/-](\d{1,2})(?:/|-|_|\.|$)", re.I
)
# A month spelled in a path: its English name or abbreviation ("/2023/october/03/").
_URL_MONTHS = frozenset(_MONTH_ABBREVIATIONS) | frozenset(
    ("january", "february", "march", "april", "june", "july", "august", "september", "sept",
     "october", "november", "december")
)  # fmt: skip
_MONTH_NUMBERS = {m: i for i, m in enumerate(_MONTH_ABBREVIATIONS, start=1)}


def _valid(year: int, month: int, day: int) -> bool:
    try:
        datetime(year, month, day)
    except ValueError:
        return False
    return _MIN_YEAR <= year <= _MAX_YEAR


def _valid_time(hour: str, minute: str, second: str | None, zone: str | None) -> bool:
    """A clock time and UTC offset that exist: no 12:61:99, no +99:99."""
    if int(hour) > 23 or int(minute) > 59 or (second is not None and int(second) > 59):
        return False
    if zone and zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        return int(digits[:2]) <= _MAX_OFFSET_HOURS and int(digits[2:]) <= 59
    return True


def _offset(zone: str | None) -> str:
    if not zone:
        return ""
    zone = zone.upper()
    if zone in ("Z", "UTC", "GMT"):
        return "Z"
    zone = zone.replace(":", "")
    return f"{zone[:3]}:{zone[3:]}"


def _from_datetime(value: datetime, with_time: bool) -> str | None:
    if not _valid(value.year, value.month, value.day):
        return None
    if not with_time:
        return value.strftime("%Y-%m-%d")
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    offset = value.utcoffset()
    if offset is not None:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        text += "Z" if minutes == 0 else f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return text


def to_iso(value: str | None) -> str | None:
    """An ISO 8601 string for a date as found in the page, or None when it is not a date."""
    if not value:
        return None
    value = value.strip()
    match = _ISO.match(value)
    if match:
        year, month, day, hour, minute, second, fraction, zone = match.groups()
        if not _valid(int(year), int(month), int(day)):
            return None
        text = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
        if hour is None or not _valid_time(hour, minute, second, zone):
            return text  # the day is known; an impossible time is not kept
        text += f"T{int(hour):02d}:{minute}"
        if second is not None:
            text += f":{second}{fraction or ''}"
        return text + _offset(zone)
    return parse_printed(value)


def _zone(name: str | None, offset: int | None) -> _tz.tzutc | _tz.tzoffset | None:
    """Only unambiguous zones: UTC names and numeric offsets. "EST", "IST" stay local time."""
    if offset is not None:  # an impossible offset ("+9999") makes no date
        if abs(offset) > _MAX_OFFSET_HOURS * 3600:
            raise ValueError(f"UTC offset out of range: {offset} s")
        return _tz.tzoffset(None, offset)
    return _tz.UTC if name in ("UTC", "GMT", "Z") else None


def english_months(text: str) -> str:
    """'25. Juli 2018' -> '25. july 2018': one parser for the languages news is printed in.
    A set look-up of the text's words first: most texts name no month in another language,
    and the alternation of every name costs more than the look-up."""
    if not _names_foreign_month(text):
        return text
    return _LOCAL_MONTH.sub(lambda m: _LOCAL_MONTHS[m.group(1).lower()], text)


# "2024年3月5日", "2024년 3월 5일": year, month and day spelled with their counters.
_CJK_DATE = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")
_DOTTED = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}")
_CLOCK = re.compile(r"\d:\d\d")


# "04-Aug-2021", "04-ago-2021": day, abbreviated month and year joined by hyphens, as
# databases and forum software print them. The abbreviation is the first three letters of
# a month's name in a language read; one that starts two months' names is no month.
_HYPHENED_DATE = re.compile(r"\b(\d{1,2})-([^\W\d_]{3,9})\.?-(\d{4})\b")


def _month_abbreviations() -> dict[str, str]:
    months: dict[str, set[str]] = {}
    for english, names in _MONTH_NAMES.items():
        for name in (english, *names.split()):
            months.setdefault(name[:3], set()).add(english)
            months.setdefault(name, set()).add(english)
    return {word: next(iter(found)) for word, found in months.items() if len(found) == 1}


_ABBREVIATED_MONTHS = _month_abbreviations()


def is_month_name(word: str) -> bool:
    """Whether `word` names one month, in full or by its first three letters, in a
    language read ("MAR", "dic", "März", "marca")."""
    return word.lower() in _ABBREVIATED_MONTHS


def _hyphened(match: re.Match[str]) -> str:
    month = _ABBREVIATED_MONTHS.get(match.group(2).lower())
    return f"{match.group(1)} {month} {match.group(3)}" if month else match.group(0)


def _normalise(text: str) -> str:
    """Month names in English, CJK dates as ISO: one set of patterns reads them all."""
    if "-" in text:
        text = _HYPHENED_DATE.sub(_hyphened, text)
    text = english_months(text)
    if "年" in text or "년" in text:
        text = _CJK_DATE.sub(lambda m: "{}-{:0>2}-{:0>2}".format(*m.groups()), text)
    return text


# The shapes most printed dates take ("November 18, 2019 12:02 PM", "Nov. 18th 2019",
# "19 Nov 2019 07:09", "25. September 2018", "19 Nov 2019 07:09 GMT"), read without
# dateutil, which costs more than the rest of reading a page's date. Anything else (other
# zones, "a.m.") goes to dateutil; numeric days to _numeric_date. GMT and UTC count only
# in capitals, as dateutil reads them.
_SIMPLE_DATE = re.compile(
    r"(?:(?P<month>[a-z]{3,9})\.? (?P<day>\d{1,2})(?:st|nd|rd|th)?,? (?P<year>[1-9]\d{3})"
    r"|(?P<day2>\d{1,2})\.? (?P<month2>[a-z]{3,9}) (?P<year2>[1-9]\d{3}))"
    r"(?:,? (?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?: ?(?P<half>[ap]m))?"
    r"(?P<utc> (?-i:GMT|UTC))?)? *",
    re.I,
)
_MONTH_NUMBER = {
    name: number
    for number, english in enumerate(_ENGLISH_MONTHS, start=1)
    for name in (english, english[:3], *(("sept",) if number == 9 else ()))
}


def _simple_date(text: str) -> datetime | None:
    """`text` as dateutil reads it, when it has one of the shapes of _SIMPLE_DATE and a
    plain clock ("5:50 PM", "17:50:00"); else None (dateutil decides)."""
    match = _SIMPLE_DATE.fullmatch(text)
    if match is None:
        return None
    month = _MONTH_NUMBER.get((match.group("month") or match.group("month2")).lower())
    day = int(match.group("day") or match.group("day2"))
    if month is None or not 1 <= day <= 31:
        return None
    hour = minute = second = 0
    if match.group("hour") is not None:
        hour, minute = int(match.group("hour")), int(match.group("minute"))
        second = int(match.group("second") or 0)
        half = (match.group("half") or "").lower()
        if half and not 1 <= hour <= 12:
            return None
        if half == "pm" and hour < 12:
            hour += 12
        elif half == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59 or second > 59:
            return None
    try:
        return datetime(int(match.group("year") or match.group("year2")), month, day, hour,
                        minute, second, tzinfo=_tz.UTC if match.group("utc") else None)  # fmt: skip
    except ValueError:  # 30 February: no date, as dateutil says
        return None


# A numeric day alone: "2019-11-19", "27/09/2018", "19.11.2019" (the dividers alike).
_NUMERIC_DATE = re.compile(
    r"(?P<year>\d{4})(?P<divider>[-/.])(?P<a>\d{1,2})(?P=divider)(?P<b>\d{1,2})"
    r"|(?P<c>\d{1,2})(?P<divider2>[-/.])(?P<d>\d{1,2})(?P=divider2)(?P<year2>\d{4})"
)


def _numeric_date(text: str, day_first: bool) -> datetime | None:
    """`text` as dateutil reads it, when it is a numeric day alone that names a date; else
    None (dateutil decides; a call costs 15-100 us). A number above 12 is the day; else
    the order is month then day, or day then month with `day_first` (with the year first
    too). Checked against dateutil over every pair of numbers 1-31 and each divider."""
    match = _NUMERIC_DATE.fullmatch(text)
    if match is None:
        return None
    if match.group("year"):
        year, a, b = match.group("year", "a", "b")
        swap = day_first and int(b) <= 12
    else:
        a, b, year = match.group("c", "d", "year2")
        swap = (day_first and int(b) <= 12) or int(a) > 12
    month, day = (int(b), int(a)) if swap else (int(a), int(b))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    try:
        return datetime(int(year), month, day)
    except ValueError:  # 30 February: dateutil says so itself
        return None


def _dateutil(text: str, day_first: bool) -> datetime | None:
    simple = _simple_date(text) or _numeric_date(text, day_first)
    if simple is not None:
        return simple
    try:
        parsed = _dateutil_parser.parse(
            text, fuzzy=True, default=datetime(1, 1, 1), tzinfos=_zone, dayfirst=day_first
        )
        parsed.utcoffset()  # "+9999" parses, and fails only here
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed


def parse_printed(text: str, *, day_first: bool = False) -> str | None:
    """A date as printed for readers ("Nov. 19, 2019 5:50 PM") -> ISO. `day_first` reads
    "05/10/2018" as 5 October, as everywhere but the US does; "05.10.2018" always is.

    Only a printed day, month and year make a date: "Mar 2024" and "2024" are no publication
    date, and a month name in a language not listed is not read as something else."""
    if len(text) > 80 or not any(c.isdigit() for c in text):
        return None
    text = _normalise(text)
    match = VISIBLE_DATE.search(text)
    if match is None:
        return None
    span = match.group(0)
    if span[:4].isdigit():  # year first: 2019-11-19, 2019/11/19
        day_first = False
    elif _DOTTED.match(span):
        day_first = True
    date = _dateutil(span, day_first)
    if date is None or date.year < _MIN_YEAR:
        return None
    # The text around may carry the clock time and zone ("01:38 PM IST Nov 20, 2019",
    # "... 17:50:00 GMT"): kept when reading it all gives the same day.
    for around in (text, text[match.start() :]):
        if around == span:  # the date alone, read just above
            return _from_datetime(date, bool(_CLOCK.search(span)))
        full = _dateutil(around, day_first)
        if full is not None and full.date() == date.date():
            return _from_datetime(full, bool(_CLOCK.search(around)))
    return _from_datetime(date, bool(_CLOCK.search(span)))


# "Updated" as newsrooms in other languages print it.
_FOREIGN_UPDATED = (
    "aktualisiert|mis à jour|actualizado|atualizado|aggiornato|bijgewerkt|zaktualizowano"
    "|обновлено|uppdaterad|opdateret|oppdatert|güncellendi|diperbarui|更新|수정"
)
_UPDATE_WORDS = ("updated", "modified", "edited", "last", *_FOREIGN_UPDATED.split("|"))
# The word a label may put between itself and its date: "on", "am", "le", "el", "em"...
_LABEL_LINKS = ("on", "at", "am", "le", "el", "em", "il", "op", "den", "pada")
_LABEL_LINK = f"(?:{'|'.join(_LABEL_LINKS)})"
# An update label that ends where a date starts ("Updated on ", "Mis à jour le "), matched
# on the reversed text before the date: anchored at its start, the pattern is tried once,
# not at every position of the text (its alternation holds the labels of many languages).
_UPDATE_LABEL_REVERSED = re.compile(
    rf"\W*(?:{'|'.join(w[::-1] for w in _LABEL_LINKS)})?\W*"
    rf"(?:{'|'.join(re.escape(w[::-1]) for w in _UPDATE_WORDS)})",
    re.I,
)


def _ends_with_update_label(text: str) -> bool:
    return _UPDATE_LABEL_REVERSED.match(text[::-1]) is not None


# A label that says the date after it is the publication: "Published on", "Posted:", "Post
# time:", "Publish date", "originally published on", and the words newsrooms print in other
# languages. The bare words count only capitalised, as labels are printed: in prose ("the
# study was published on ...") they name another text's date. Looked for in the
# characters before a date, which it must end.
_FOREIGN_PUBLISHED = (
    "Veröffentlicht|Publié|Publicado|Pubblicato|Gepubliceerd|Opublikowano|Опубликовано"
    "|Publicerad|Publiceret|Publisert|Diterbitkan"
)
_PUBLISH_LABEL = re.compile(
    r"(?:(?i:(?:originally|first)\s+(?:published|posted))"
    r"|Published|PUBLISHED|Posted|POSTED|Post\s+time|Publish(?:ed)?\s+date|Date\s+published"
    rf"|{_FOREIGN_PUBLISHED})"
    rf"(?:\s+{_LABEL_LINK})?\s*[:：]?\s*$"
)
_PUBLISH_LABEL_WINDOW = 32
# A word every form of the label holds, in the case the label takes it: a text without
# one holds no label. "Post" is followed by the space before "time" (a separator, when
# the word ends a text node): "Postal" is no label. The look-ahead at the first letter
# lets the regex engine skip to the next one that may start a word (half the time).
_PUBLISH_INITIALS = "".join(sorted({"p", "P", *(w[0] for w in _FOREIGN_PUBLISHED.split("|"))}))
_PUBLISH_WORD = re.compile(
    rf"(?=[{_PUBLISH_INITIALS}])(?:(?i:publish|posted)|Post\s|{_FOREIGN_PUBLISHED})"
)


def may_label(text: str) -> bool:
    """Whether `text` may print a publication label: False when find_labelled() would find
    none in it, nor in any text made of some of its text nodes (a page's text without its
    chrome), so that such a text need not be built. `text` joins its text nodes with a
    space."""
    return _PUBLISH_WORD.search(text) is not None


# A label that opens a date line: the publication's or the update's, in any language read.
_DATE_LABEL_START = re.compile(
    rf"\s*(?i:published|posted|updated|last\s+updated|modified|{_FOREIGN_PUBLISHED}"
    rf"|{_FOREIGN_UPDATED})"
)


def opens_with_date_label(text: str) -> bool:
    """Whether `text` opens with a publication or update label ("Published", "Publié le",
    "Mis à jour le", "Aktualisiert am"): a line that starts so and prints a date is a stamp."""
    return _DATE_LABEL_START.match(text) is not None


def printed_dates(text: str) -> Iterator[re.Match[str]]:
    """VISIBLE_DATE.finditer(text), tried only near each 4-digit run: every printed date
    holds its year, and trying the pattern at every position of a header's text is most of
    what reading its date costs. A text with runs of white space (where a date may start
    further before its year) is read whole."""
    if _SPACE_RUN.search(text):
        yield from VISIBLE_DATE.finditer(text)
        return
    at = 0
    for year in _YEAR_DIGITS.finditer(text):
        if year.start() < at:  # inside the date just found
            continue
        start = max(at, year.start() - _MAX_BEFORE_YEAR)
        # The first date starting in the window; read again on the whole text, which may
        # hold more of it (its clock time).
        near = VISIBLE_DATE.search(text, start, year.end() + _MAX_AFTER_YEAR)
        if near is not None:
            match = VISIBLE_DATE.match(text, near.start())
            if match is not None:  # always: no part of the pattern looks past its end
                yield match
                at = match.end()


def find_update(text: str, *, day_first: bool = False) -> str | None:
    """The first date in a short text that is labelled as an update ("Last updated: Dec 12,
    2025"), the one find_printed passes over."""
    return _first_printed(text, day_first, update=True)


def find_labelled(text: str, *, day_first: bool = False) -> str | None:
    """The first date in `text` labelled as the publication ("Published on Nov 15, 2018",
    "Post time: 01-04-2024", "originally published on 26 Sep 2019")."""
    return _first_printed(text, day_first, update=False, published=True)


def find_published(text: str, *, day_first: bool = False) -> str | None:
    """The first date in a short text labelled as the publication, else the first not
    labelled as an update: a header may print a review or event date before "Published"."""
    return _first_printed(text, day_first, update=False, published=None)


def _first_printed(
    text: str, day_first: bool, *, update: bool, published: bool | None = False
) -> str | None:
    """The first printed date in `text` that is labelled as an update (`update`) or is not;
    with `published`, the first labelled as the publication; with `published=None`, that one
    or else the first not labelled as an update (one pass over the text)."""
    if not _YEAR_DIGITS.search(text):  # every printed form has a 4-digit year: skip the rest
        return None
    text = _normalise(text)
    fallback: re.Match[str] | None = None
    for match in printed_dates(text):
        start = match.start()
        if published is not False and _PUBLISH_LABEL.search(
            text, max(0, start - _PUBLISH_LABEL_WINDOW), start
        ):
            return _read_match(match, day_first)
        if published:
            continue
        if _ends_with_update_label(text[max(0, start - 24) : start]) == update:
            if published is False:
                return _read_match(match, day_first)
            fallback = fallback or match
    return _read_match(fallback, day_first) if fallback else None


def _read_match(match: re.Match[str], day_first: bool) -> str | None:
    return parse_printed(match.group(0).replace(" at ", " "), day_first=day_first)


# Month number - 1 -> an alternation of its names in every language read, longest first.
_NAMES_OF_MONTH = tuple(
    "|".join(sorted({english, english[:3], "sept" if english == "september" else english[:3],
                     *_MONTH_NAMES[english].split()}, key=len, reverse=True))
    for english in _ENGLISH_MONTHS
)  # fmt: skip
# How far before a printed year its day and month may start ("September 30th, ").
_DATE_WINDOW = 24
# A page printing the year more often than this is a list or an archive: the rest is skipped.
_MAX_YEARS_LOOKED_AT = 500
# How much of a page prints_day() reads: a story's dates are printed near its top.
MAX_PRINTED_SEARCH = 400_000


# ASCII case only, as lower() compares these tags (no other character lowers into them).
_SCRIPT_OPEN = re.compile("<script", re.I | re.A)
_SCRIPT_CLOSE = re.compile("</script", re.I | re.A)


def _without_scripts(page: str) -> str:
    """The page without its <script> elements, which hold comment threads, widgets' data and
    other stories' dates, none of them printed. Linear on any input: each search resumes
    where the last one ended. The tags are found case-insensitively without lowering the
    page (the costly part)."""
    kept: list[str] = []
    at = 0
    while (start := _SCRIPT_OPEN.search(page, at)) is not None:
        kept.append(page[at : start.start()])
        end = _SCRIPT_CLOSE.search(page, start.start())
        if end is None:
            return " ".join(kept)
        close = page.find(">", end.start())
        at = close + 1 if close >= 0 else len(page)
    kept.append(page[at:])
    return " ".join(kept)


def prints_day(page: str, iso: str) -> bool:
    """Whether the page prints the day `iso` names, as a date a reader or a machine reads
    ("2019-11-19", "19.11.2019", "11/19/2019", "Nov 19, 2019", "19 November 2019"). A date
    another reader inferred is kept only when the page states it, not only its year."""
    try:
        day = datetime.strptime(iso[:10], "%Y-%m-%d")
    except ValueError:
        return False
    page = _without_scripts(page[:MAX_PRINTED_SEARCH])
    y, m, d = day.year, day.month, day.day
    numeric = (f"{y}-{m:02d}-{d:02d}", f"{y}/{m:02d}/{d:02d}", f"{d:02d}.{m:02d}.{y}",
               f"{d}.{m}.{y}", f"{m}/{d}/{y}", f"{m:02d}/{d:02d}/{y}", f"{d:02d}/{m:02d}/{y}",
               f"{d}/{m}/{y}", f"{y}年{m}月{d}日")  # fmt: skip
    return any(form in page for form in numeric) or _names_day(page, y, m, d)


def names_days(page: str, *isos: str) -> list[bool]:
    """For each day `iso`, whether the page prints it with its month's name ("Dec 2, 2025",
    "2. Dezember 2025"), which no reader takes in the wrong order. The page's scripts are
    set aside once for all the days."""
    text = _without_scripts(page[:MAX_PRINTED_SEARCH])
    found = []
    for iso in isos:
        try:
            day = datetime.strptime(iso[:10], "%Y-%m-%d")
        except ValueError:
            found.append(False)
            continue
        found.append(_names_day(text, day.year, day.month, day.day))
    return found


def _names_day(page: str, y: int, m: int, d: int) -> bool:
    names = _NAMES_OF_MONTH[m - 1]
    named = re.compile(
        rf"\b(?:{names})\.?\s+0?{d}(?:st|nd|rd|th)?,?\s+{y}$"
        rf"|\b0?{d}(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(?:{names})\.?,?\s+(?:de\s+)?{y}$",
        re.I,
    )
    # Year first, as citations print it ("2023 Jan 7", "2023, January 7").
    year_first = re.compile(rf"{y}\.?,?\s+(?:{names})\.?\s+0?{d}\b", re.I)
    # Only where the year is printed: a window around each occurrence holds the date.
    year, at = str(y), page.find(str(y))
    for _ in range(_MAX_YEARS_LOOKED_AT):
        if at < 0:
            break
        if named.search(page, max(0, at - _DATE_WINDOW), at + len(year)) or year_first.match(
            page, at, at + _DATE_WINDOW
        ):
            return True
        at = page.find(year, at + 1)
    return False


def find_printed(text: str, *, day_first: bool = False) -> str | None:
    """The first printed date (with its time, if printed beside it) in a short text that is
    not labelled as an update ("Updated Nov 13, 2019")."""
    return _first_printed(text, day_first, update=False)


def from_url(url: str | None) -> str | None:
    """The day in a URL path such as /2019/11/19/slug or /2019-11-19/, if valid."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    if not match:
        return None
    year, day = int(match.group(1)), int(match.group(3))
    month = _MONTH_NUMBERS.get(match.group(2).lower()[:3], 0) if match.group(2).isalpha() else (
        int(match.group(2))
    )
    if match.group(2).isalpha() and match.group(2).lower() not in _URL_MONTHS:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if _valid(year, month, day) else None


# "3 hours ago", "il y a 3 heures", "vor 3 Stunden", "hace 3 horas", "há 3 horas",
# "3 ore fa", "3 uur geleden", "3 часа назад", "3 godziny temu", "3 saat önce", "3小时前",
# "3時間前", "3시간 전": only minutes, hours and days name a day; "2 weeks ago" or "a month
# ago" does not.
_UNITS = {
    "minute": ("minute minutes min mins minuten minuto minutos minuti минут минуту минуты "
               "minut minuty dakika"),
    "hour": ("hour hours hr hrs heure heures stunde stunden hora horas ora ore uur час часа "
             "часов godzin godziny godzinę saat"),
    "day": ("day days jour jours tag tagen día días dia dias giorno giorni dag dagen день дня "
            "дней dni dzień gün"),
}  # fmt: skip
# Counted in CJK: the unit follows the number with no space, then "前" or "전" ("ago").
_CJK_UNITS = {"minute": "分钟 分鐘 分 분", "hour": "小时 小時 時間 시간", "day": "天 日 일"}
_UNIT_OF = {word: unit for units in (_UNITS, _CJK_UNITS) for unit, words in units.items()
            for word in words.split()}  # fmt: skip


def _alternation(units: dict[str, str]) -> str:
    return "|".join(sorted(map(re.escape, " ".join(units.values()).split()), key=len, reverse=True))


_UNIT_NAMES = _alternation(_UNITS)
_CJK_UNIT_NAMES = _alternation(_CJK_UNITS)
_RELATIVE = re.compile(
    rf"\b(?:(?:il\s+y\s+a|vor|hace|há|ha)\s+(?P<n1>\d{{1,3}}|an?|une?|einer?)\s+(?P<u1>{_UNIT_NAMES})"
    rf"|(?P<n2>\d{{1,3}}|an?|one)\s+(?P<u2>{_UNIT_NAMES})\s+(?:ago|fa|geleden|назад|temu|önce))\b"
    # not "3月5日前" ("before 5 March"): no month or digit before the count
    rf"|(?<![\d月])(?P<n3>\d{{1,3}})\s*(?P<u3>{_CJK_UNIT_NAMES})\s*(?:前|전)",
    re.I,
)
_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


def relative(text: str, now: datetime | None) -> str | None:
    """The day a relative stamp ("3 hours ago", "il y a 3 heures") names, counted back from
    `now`, the time the page was served; None without that time or without a day."""
    if now is None or not text:
        return None
    match = _RELATIVE.search(text[:200])
    if match is None:
        return None
    count = match.group("n1") or match.group("n2") or match.group("n3")
    unit = _UNIT_OF[(match.group("u1") or match.group("u2") or match.group("u3")).lower()]
    amount = int(count) if count.isdigit() else 1
    try:
        return _from_datetime(now - timedelta(seconds=amount * _SECONDS[unit]), False)
    except OverflowError:  # a served time at the edge of the calendar
        return None
