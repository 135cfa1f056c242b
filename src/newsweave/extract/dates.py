"""Publication dates from page text lines and URLs.

htmldate handles HTML; a text dump has no markup, only lines such as "Last Updated :
Jul 15 2016 | 3:25 PM IST" or "Wednesday, May 8th 2013". A bounded regex finds the
English date-shaped span (so a long prose line never reaches the parser) and dateutil parses
it, keeping the time of day. Other shapes ("31.01.2016", "Am 13. November 2019",
"Publié le 29 juin 2019", "2020.10.26 13:44") go to htmldate's own date-expression parser
(``htmldate.extractors.try_date_expr``, many formats and languages, plausibility bounds):
on the htmldate evaluation pages rendered as text dumps it took dated pages from 31% to 83%
(``benchmarks/text_dates.py``). htmldate reads a date element's own text, so a date among other
words ("von AUTO ZEITUNG 02.11.2021", "Veröffentlicht am 8. Februar 2022 von PETA-Team") is
found by a bounded regex first and each span read on its own; a dotted numeric date is read day
first by hand (htmldate takes "4. 2. 2022" for 2 April). A line longer than a date line counts
when it says the article was posted (a blog's footer), and the article's first lines give the
date they open with, after at most a place or a label ("Wien, 14. Dezember 2021 – …"): with
these, the text-dump accuracy went from 0.743 to 0.788 and precision from 0.880 to 0.890.

Numeric dates with slashes are read by hand, because the order of day and month is the whole
question and neither library answers it from the line's own evidence: dateutil picks one order
for every page, htmldate one per call. A slashed date is read month first when the day cannot be
first ("7/28/2004"), day first when the month cannot be ("25/08/2023"); when both could
("11/08/2023"), the weekday written beside it decides ("Thursday, 05/02/2013" is 2 May), else a
US time zone written after a time means month first ("8:13 AM PDT 8/2/2013"), else a page not in
English reads it day first and an English one (American or British) leaves it out, as a wrong
date is worse than none. A two-digit year ("11/28/05") is the latest such year not in the future.

A URL gives the page's day (``/2015/09/17/``) or only its month (``/2013/09/slug``,
``month_from_url``: the page is not older than that month).
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime

from dateutil import parser as dateutil_parser
from dateutil.parser import UnknownTimezoneWarning
from htmldate.extractors import try_date_expr

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_TIME = r"(?:\s*(?:[|,]|at)?\s*\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?)?"
_DATE_RE = re.compile(
    rf"\b(?:{_MONTH}\s+{_DAY},?\s+\d{{4}}|{_DAY}\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?)?)"
    rf"{_TIME}",
    re.I,
)
_UPDATED_LABEL = re.compile(
    r"\b(last\s+)?(updated|modified|edited)\b|\b(aktualisiert|mis à jour|actualizado|aggiornato|"
    r"bijgewerkt|ultima modifica)", re.I)
_PUBLISHED_LABEL = re.compile(
    r"\b(first\s+)?(published|posted|issued|released)\b|\b(veröffentlicht|gepostet|publié|publicado|"
    r"pubblicato|gepubliceerd)", re.I)
_SLASH_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])")
# a whole date among other words: day-first dotted ("02.11.2021", "4. 2. 2022"), a day, a month's
# name in any language and a year ("8. Februar 2022", "19 Febbraio 2020", "25 de agosto de 2021")
_DATE_AMONG_WORDS = re.compile(
    r"(?<![\d.])(?P<day>\d{1,2})\.\s?(?P<month>\d{1,2})\.\s?(?P<year>(?:19|20)\d{2})(?![\d.]\d)|"
    r"(?<![\d.])\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]{3,15}\.?\s+(?:de\s+)?(?:19|20)\d{2}\b")
# a line that opens with a whole date, after at most a place ("Wien, ", "BERLIN (dpa) - ") or a
# label ("Pubblicato il: ", "Posted on ")
_OPENING_DATE = re.compile(
    r"^[\W_]{0,3}(?:[^\W\d_][\w./-]*(?:\s\([^)]{1,20}\))?\s?[,-]\s*|"
    rf"(?:{_PUBLISHED_LABEL.pattern}|{_UPDATED_LABEL.pattern})[^\d\n]{{0,12}})?"
    rf"(?:{_DATE_AMONG_WORDS.pattern}|{_DATE_RE.pattern}|{_SLASH_DATE.pattern})", re.I)
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat)\b",
                      re.I)  # no "Sun": a paper's name
_WEEKDAY_NUMBERS = {name: number for number, name in enumerate(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])}
_CLOCK = re.compile(r"\b(\d{1,2}):(\d{2})(?::\d{2})?\s*([ap])?\.?(?:m\b\.?)?", re.I)
# a US zone written after a time: the page writes its dates month first
_US_ZONE_AFTER_TIME = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*\b(?:[ECMP][SD]?T|AK[SD]T|H[SD]?T)\b", re.I)
# htmldate's own lower bound: older "dates" in page furniture are mostly noise
_EARLIEST_OTHER = datetime(1995, 1, 1)
# "/2015/09/17/", "_2013_09_14_", "/2013/aug/02/" (htmldate's COMPLETE_URL, with month names)
_URL_DATE = re.compile(
    r"[/_-]((?:19|20)\d{2})[/_-](0?[1-9]|1[0-2]|[a-z]{3})[/_-](0?[1-9]|[12]\d|3[01])(?:\D|$)", re.I)
# "/20111111.htm", "?ymd=20081216&", "/20100505-268325": eight digits standing alone
_URL_COMPACT_DATE = re.compile(r"[/=_-]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[/._&-]|$)")
# "/2013/09/slug", "/2011/01/new_orleans": a month with no day after it
_URL_MONTH = re.compile(r"[/_-]((?:19|20)\d{2})[/_-](0?[1-9]|1[0-2])(?=[/_-]|$)")
_URL_PATH = re.compile(r"^[a-z][a-z0-9+.-]*://[^/]*", re.I)  # what precedes the path
_URL_MONTHS = {name: number for number, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
# Lines longer than this are prose, not a timestamp line...
MAX_DATE_LINE = 90
MAX_POSTED_LINE = 240  # ... unless they say the article was posted, up to this length
LEAD_DATE_LINES = 3  # the article's first lines searched for its date (``lead_dates``)
OPENING_TAIL = 20  # characters after a paragraph's opening date read with it (its time: ", 15:30 Uhr")


@dataclass
class FoundDate:
    value: datetime
    has_time: bool
    label: str  # "published" | "updated" | ""

    def iso(self) -> str:
        if self.has_time:
            return self.value.replace(tzinfo=None).isoformat(timespec="minutes")
        return self.value.date().isoformat()


def _parse(span: str) -> tuple[datetime, bool] | None:
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", span, flags=re.I).replace("|", " ")
    # a time written with a dot ("Mon 20 Jan 2020 06.05 GMT", the Guardian's): dateutil refuses it
    cleaned = re.sub(r"(?<=\s)(\d{1,2})\.(\d{2})(?!\d)", r"\1:\2", cleaned)
    try:
        value = dateutil_parser.parse(cleaned, fuzzy=True, default=datetime(1900, 1, 1))
    except (ValueError, OverflowError):
        return None
    if value.year < 1900:
        return None
    return value, bool(re.search(r"\d[:.]\d{2}", span))


def dates_in_line(
    line: str, now: datetime | None = None, *, english: bool = False
) -> list[FoundDate]:
    """Dates written in a short line (or a longer one that says the article was posted, as a
    blog's footer does), labelled published/updated when the line says so.

    ``english``: the page is in English, so a slashed date that reads both ways is left out.
    """
    now = now or datetime.now(UTC)
    if len(line) <= MAX_DATE_LINE:
        return _dates_of(line, now, english)
    if len(line) <= MAX_POSTED_LINE and _PUBLISHED_LABEL.search(line):
        # a blog's "This entry was posted in X on May 3, 2013 by Y." (the label may follow the
        # date: "Dieser Beitrag wurde am 04.02.2020 von kj in … veröffentlicht.")
        return [dataclasses.replace(found, label=found.label or "published") for found in _dates_of(line, now, english)]
    return []


def _dates_of(line: str, now: datetime, english: bool) -> list[FoundDate]:
    labels = sorted(
        [(m.start(), "updated") for m in _UPDATED_LABEL.finditer(line)]
        + [(m.start(), "published") for m in _PUBLISHED_LABEL.finditer(line)]
    )
    found = []
    for match in _DATE_RE.finditer(line):
        parsed = _parse(match.group(0))
        if parsed is None:
            continue
        value, has_time = parsed
        if value.replace(tzinfo=None) > now.replace(tzinfo=None):
            continue
        found.append(FoundDate(value, has_time, _label_before(labels, match.start())))
    if found:
        return found
    if _SLASH_DATE.search(line):
        return _slash_dates(line, now, english=english, labels=labels)
    other = _date_expression(line, now)
    if other:
        return [FoundDate(other, False, labels[0][1] if labels else "")]
    return _dates_among_words(line, now, labels)


def lead_dates(body: str, now: datetime | None = None, *, english: bool = False) -> list[FoundDate]:
    """Dates the article's first lines open with, after at most a place or a label, as a
    dateline or a date line the cleaner kept gives them ("Wien, 14. Dezember 2021 – Aufgrund …",
    "26.01.2022 Strava wertet …", "Pubblicato il: 30 Settembre 2020", "1. Januar 2016 von X").
    A date further into a line is what the article tells of ("Page was born April 22, 1923.",
    "On Tuesday, Oct. 10, 1972, Washington awoke …"), not when it was written."""
    found: list[FoundDate] = []
    for line in [line.strip() for line in body.split("\n") if line.strip()][:LEAD_DATE_LINES]:
        opening = _OPENING_DATE.match(line)
        if opening:
            found += dates_in_line(line[:opening.end() + OPENING_TAIL], now, english=english)[:1]
    return found


def _date_expression(text: str, now: datetime) -> datetime | None:
    """The date htmldate reads in ``text``, a date element's text ("Am 13. November 2019")."""
    with warnings.catch_warnings():
        # htmldate hands zone names to dateutil, which warns on the user's terminal about the ones
        # it cannot place ("GST"); only the day is kept, so the zone does not matter
        warnings.simplefilter("ignore", UnknownTimezoneWarning)
        found = try_date_expr(text, "%Y-%m-%d", True, _EARLIEST_OTHER, now.replace(tzinfo=None))
    return datetime.fromisoformat(found) if found else None


def _dates_among_words(line: str, now: datetime, labels: list[tuple[int, str]]) -> list[FoundDate]:
    """Whole dates written among other words ("von AUTO ZEITUNG 02.11.2021", "Veröffentlicht am
    8. Februar 2022 von PETA-Team", "11.01.2022, 09:50 Uhr / Aktualisiert am 21.01.2022"), which
    htmldate, made for a date element's own text, does not read: each span is read on its own, a
    dotted one day first ("4. 2. 2022" is 4 February), a spelled one by htmldate (its month names
    in many languages), each with its label and the time written beside it."""
    matches = list(_DATE_AMONG_WORDS.finditer(line))
    found = []
    for index, match in enumerate(matches):
        if match.group("day"):
            value = _day(int(match.group("year")), int(match.group("month")), int(match.group("day")))
        else:
            value = _date_expression(match.group(0), now)
        if value is None or not _EARLIEST_OTHER <= value <= now.replace(tzinfo=None):
            continue
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
        clock = _clock(line[match.end():end])
        if clock:
            value = value.replace(hour=clock[0], minute=clock[1])
        found.append(FoundDate(value, clock is not None, _label_before(labels, match.start())))
    return found


def _slash_dates(
    line: str, now: datetime, *, english: bool, labels: list[tuple[int, str]]
) -> list[FoundDate]:
    month_first = bool(_US_ZONE_AFTER_TIME.search(line))
    weekdays = {_WEEKDAY_NUMBERS[m.group(1).lower()[:3]] for m in _WEEKDAY.finditer(line)}
    matches = list(_SLASH_DATE.finditer(line))
    found = []
    for index, match in enumerate(matches):
        first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if year < 100:
            year += 2000 if 2000 + year <= now.year else 1900
        readings = {order: _day(year, month, day) for order, (month, day) in
                    (("month first", (first, second)), ("day first", (second, first)))}
        readings = {order: value for order, value in readings.items() if value is not None}
        if first == second:  # "05/05/2013" reads one way
            readings.pop("day first", None)
        if len(readings) == 2 and len({r.weekday() for r in readings.values()} & weekdays) == 1:
            # "Friday 08/02/2013": the weekday written beside it says which reading is meant
            readings = {order: value for order, value in readings.items() if value.weekday() in weekdays}
        if len(readings) == 2:
            if month_first:
                readings.pop("day first")
            elif not english:
                readings.pop("month first")
            else:
                continue  # reads both ways on a page that may be American or British
        if not readings:
            continue
        [value] = readings.values()
        # the time written beside this date: after it, else before it, never past a neighbour date
        start = matches[index - 1].end() if index else 0
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
        clock = _clock(line[match.end():end]) or _clock(line[start:match.start()], last=True)
        if clock:
            value = value.replace(hour=clock[0], minute=clock[1])
        if _EARLIEST_OTHER <= value <= now.replace(tzinfo=None):
            found.append(FoundDate(value, clock is not None, _label_before(labels, match.start())))
    return found


def _day(year: int, month: int, day: int) -> datetime | None:
    try:
        return datetime(year, month, day)
    except ValueError:
        return None


def _clock(text: str, *, last: bool = False) -> tuple[int, int] | None:
    """(hour, minute) of the first (or last) valid time of day written in ``text``."""
    clocks = []
    for match in _CLOCK.finditer(text):
        hour, minute, half = int(match.group(1)), int(match.group(2)), (match.group(3) or "").lower()
        if half:
            hour = hour % 12 + (12 if half == "p" else 0)
        if hour < 24 and minute < 60:
            clocks.append((hour, minute))
    if not clocks:
        return None
    return clocks[-1] if last else clocks[0]


def _label_before(labels: list[tuple[int, str]], position: int) -> str:
    """The label written last before ``position``: in "Posted: Nov 27, 2005 Last Updated: Nov 28,
    2005" each date has its own, and in "Friday, Sep 10, 2010 | Updated 8:52 PM" the date has none
    (the label is the time's)."""
    before = [label for start, label in labels if start < position]
    return before[-1] if before else ""


def date_from_url(url: str | None, now: datetime | None = None) -> str | None:
    """The YYYY-MM-DD a URL carries (``/2015/09/17/``, ``/2013/aug/02/``, ``ymd=20081216``),
    if any and not in the future."""
    if not url:
        return None
    now = now or datetime.now(UTC)
    for pattern in (_URL_DATE, _URL_COMPACT_DATE):
        for match in pattern.finditer(url):
            month = match.group(2)
            month_number = int(month) if month.isdigit() else _URL_MONTHS.get(month.lower())
            try:
                value = datetime(int(match.group(1)), month_number or 0, int(match.group(3)))
            except ValueError:  # "/2013/foo/02/", "/2013/02/30/": not a date, look further
                continue
            return None if value > now.replace(tzinfo=None) else value.date().isoformat()
    return None


def month_from_url(url: str | None, now: datetime | None = None) -> str | None:
    """The first day (YYYY-MM-01) of the month a URL carries without a day (``/2013/09/slug``),
    if any and not in the future: the page is from that month, so it is not older than that day."""
    if not url or date_from_url(url, now):
        return None
    now = now or datetime.now(UTC)
    match = _URL_MONTH.search(_URL_PATH.sub("", url.split("?", 1)[0].split("#", 1)[0]))
    if match is None:
        return None
    value = datetime(int(match.group(1)), int(match.group(2)), 1)
    return None if value > now.replace(tzinfo=None) else value.date().isoformat()


def normalise_date(value: str | None, now: datetime | None = None) -> str | None:
    """An export's date string as ISO 8601, or None when unparseable or in the future."""
    if not value:
        return None
    try:
        parsed = dateutil_parser.isoparse(value)
        has_time = "T" in value or " " in value.strip()
    except ValueError:
        result = _parse(value)
        if result is None:
            return None
        parsed, has_time = result
    now = now or datetime.now(UTC)
    if parsed.replace(tzinfo=None) > now.replace(tzinfo=None):
        return None
    if has_time and (parsed.hour or parsed.minute):
        return parsed.replace(tzinfo=None).isoformat(timespec="minutes")
    return parsed.date().isoformat()
