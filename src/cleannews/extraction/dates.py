"""Date strings as pages print them -> ISO 8601 as the record carries them.

Machine dates (JSON-LD, meta, <time datetime>) are nearly always ISO-like and go through one
regex; the rest (RFC 2822 stamps, "Nov. 19, 2019 5:50 PM", "19 NOV 2019") through
python-dateutil, only ever on short strings. Time and offset are kept when the page gives
them and never invented.
"""

from __future__ import annotations

import re
from datetime import datetime

from dateutil import parser as _dateutil
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
VISIBLE_DATE = re.compile(
    rf"\b(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:de\s+)?{_MONTHS},?\s+(?:de\s+)?\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{4})"
    r"(?:,?\s*(?:at\s+|/\s+|-+\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)?",
    re.I,
)
# Month names in the languages most news sites print in, mapped to English for the parser.
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
_LOCAL_MONTHS = {name: english for english, names in _MONTH_NAMES.items()
                 for name in names.split()}  # fmt: skip
# "November 18" printed without a year: noise in a byline, too little to date a story.
MONTH_DAY = re.compile(rf"\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b", re.I)
_LOCAL_NAMES = "|".join(sorted(map(re.escape, _LOCAL_MONTHS), key=len, reverse=True))
_LOCAL_MONTH = re.compile(rf"\b({_LOCAL_NAMES})\b", re.I)
# A date printed with a month name in another language: "30. Juli 2018", "Maret 30, 2015".
LOCAL_DATE = re.compile(
    rf"\b(?:\d{{1,2}}\.?\s+(?:de\s+)?(?:{_LOCAL_NAMES})\.?,?\s+(?:de\s+)?\d{{4}}"
    rf"|(?:{_LOCAL_NAMES})\.?\s+\d{{1,2}},?\s+\d{{4}})\b",
    re.I,
)
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](\d{1,2}|[a-z]{3})[/-](\d{1,2})(?:/|-|_|\.|$)", re.I
)
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
    """'25. Juli 2018' -> '25. july 2018': one parser for the languages news is printed in."""
    return _LOCAL_MONTH.sub(lambda m: _LOCAL_MONTHS[m.group(1).lower()], text)


def parse_printed(text: str, *, day_first: bool = False) -> str | None:
    """A date as printed for readers ("Nov. 19, 2019 5:50 PM") -> ISO. `day_first` reads
    "05/10/2018" as 5 October, as everywhere but the US does."""
    if len(text) > 80 or not any(c.isdigit() for c in text):
        return None
    text = english_months(text)
    parsed = _parse(text, day_first, _DEFAULT)
    if parsed is None or parsed.year < _MIN_YEAR:
        return None  # no year printed: not enough to date a story
    if parsed.day == _DEFAULT.day or parsed.month == _DEFAULT.month:
        # Perhaps the parser's default: a day and month not printed ("Mar 2024", "2024",
        # "5 марта 2024" with a month in a language we do not read) are no date.
        other = _parse(text, day_first, _OTHER_DEFAULT)
        if other is None or (other.day, other.month) != (parsed.day, parsed.month):
            return None
    with_time = bool(re.search(r"\d:\d\d", text))
    return _from_datetime(parsed, with_time)


# Two defaults for the fields a text does not print: a field that follows the default is
# not in the text.
_DEFAULT, _OTHER_DEFAULT = datetime(1, 1, 1), datetime(1, 2, 2)


def _parse(text: str, day_first: bool, default: datetime) -> datetime | None:
    try:
        return _dateutil.parse(
            text, fuzzy=True, default=default, tzinfos=_zone, dayfirst=day_first
        )
    except (ValueError, OverflowError, TypeError):
        return None


_UPDATE_LABEL = re.compile(r"(?:updated|modified|edited|last)\W*(?:on|at)?\W*$", re.I)


def find_printed(text: str, *, day_first: bool = False) -> str | None:
    """The first printed date (with its time, if printed beside it) in a short text that is
    not labelled as an update ("Updated Nov 13, 2019")."""
    text = english_months(text)
    for match in VISIBLE_DATE.finditer(text):
        if _UPDATE_LABEL.search(text[max(0, match.start() - 24) : match.start()]):
            continue
        return parse_printed(match.group(0).replace(" at ", " "), day_first=day_first)
    return None


def from_url(url: str | None) -> str | None:
    """The day in a URL path such as /2019/11/19/slug or /2019-11-19/, if valid."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    if not match:
        return None
    year, day = int(match.group(1)), int(match.group(3))
    month = _MONTH_NUMBERS.get(match.group(2).lower(), 0) if match.group(2).isalpha() else (
        int(match.group(2))
    )
    return f"{year:04d}-{month:02d}-{day:02d}" if _valid(year, month, day) else None
