"""The day a report was published: the day its text states at its head, else its `published`.

An article's `published` comes from outside its text: a feed's pubDate, a page's meta tags, a
crawler's clock, a data set's date column, `--published`. Those can be a crawl, index or
re-post day, or belong to another record. Many pages print their own day above the report
("Published June 3 2024", "Mon Jun 3 2024", "03-06-2024 Headline", "KYIV, June 3, 2024
(Reuters) -"): that is the report's statement about itself, written with the relative dates it
contains. Where the text states one, "on Sunday" and "yesterday" count from it, and an event
of the report may lie a couple of days after it or after `published`, whichever is later
(`newest_report_date`; `sitrep.models.implausible_date`).

Only the head of the text counts: a date further on is something the report tells. What is
not a publication day:
- an update line ("Updated June 5 2024"): the relative days were written before it;
- a date followed by a comma or a colon, which opens a sentence or a timeline entry ("30
  April 2020, militiamen attacked", "12 March 2016: strikes on ..."): an event's day;
- a date with no year ("BAGHDAD, June 22"): its year would come from `published` itself;
- a numeric date whose day and month could trade places ("07/08/2016"); with - or . the day
  comes first ("18-07-2016", "19.07.2016"), as `sitrep.extract.dates` reads them.

One stamp may stand below the head: a wire agency's byline under the headline ("... AFP
Sunday 22 Feb 2015 ..."), the agency's name, a weekday and the full date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = ["MONTHS", "Stamp", "newest_report_date", "report_date", "stated_date"]

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATES = (
    rf"{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}",
    rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}",
    r"(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)",
    r"(?P<day>[0-3]?\d)(?P<sep>[-./])(?P<month>[01]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)",
)
#: "Published", "Published on:", "Date of publication", "Posted on".
_LABEL = (
    r"(?:(?:first\s+)?published|posted|date\s+of\s+publication|publication\s+date|"
    r"dated|filed)(?:\s+(?:on|at))?\s*:?\s*"
)
_WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?,?\s+"
)
#: A wire dateline's place: "KYIV", "BEIRUT, Lebanon", "Port Harcourt".
_WORD = r"[A-Z][\w'’.-]*"
_PLACE = rf"{_WORD}(?:[ -]{_WORD}){{0,3}},\s+(?:{_WORD}(?:\s{_WORD})?,\s+)?"
#: After an unlabelled date: the end of the line, a time ("14:47", "at 1459", "1849 UTC+3"),
#: an agency in parentheses, a dash, or a headline's capital; never a comma or colon.
#: (A clock time right after an ISO date, "2024-06-03T10:15", is part of the stamp.)
_AFTER_BARE = r"(?=\s*$|\s*\n|\s*\(|T\d|\s+(?:at\s+)?\d|\s+[–—-]\s|\s+[A-Z\"'‘“])"
#: A dateline's date ends the dateline: "(Reuters) -", "-".
_AFTER_DATELINE = r"(?=\s*(?:\([^()\n]{1,40}\)\s*)?[–—-])"

_STAMPS = [
    re.compile(rf"\s*(?P<head>{head})(?i:{date_form}){after}")
    for date_form in _DATES
    for head, after in (
        (rf"(?i:{_LABEL})(?i:{_WEEKDAY})?", r"(?![\d/.-]\d)"),
        (rf"(?i:{_WEEKDAY})?", _AFTER_BARE),
        (_PLACE, _AFTER_DATELINE),
    )
]


#: How far into the text a wire agency's byline can stand: under a headline.
BYLINE_WITHIN = 300
#: A wire agency's byline under the headline: its name, a weekday and the full date ("Suicide
#: bomber kills 4 in ... AFP Sunday 22 Feb 2015 A suicide bomber ...", "Reuters Monday 21 Apr
#: 2014"). The agency's day for its report, printed by the page that carries it.
_BYLINES = [
    re.compile(
        r"\b(?P<head>(?:AFP|AP|Reuters|DPA|dpa|Xinhua|UPI|ANI|IANS|PTI|TASS|Anadolu)\s+)"
        rf"(?i:{_WEEKDAY})(?i:{date_form})(?![\d/.-]\d)"
    )
    for date_form in _DATES[:2]
]


@dataclass(frozen=True, slots=True)
class Stamp:
    "The day a report states for itself at its head, and where in the text that stands."

    value: date
    start: int  # the stamp's first character (a label's, a weekday's or the date's)
    end: int  # just past the date


def stated_date(text: str) -> Stamp | None:
    "The publication day that `text` states at its head, if it states one."
    head = text[:200]
    for pattern in _STAMPS:
        m = pattern.match(head)
        if m is None:
            continue
        value = _day(m)
        if value is not None:
            return Stamp(value, m.start("head"), m.end())
    for pattern in _BYLINES:
        m = pattern.search(text, 0, BYLINE_WITHIN)
        if m is not None and (value := _day(m)) is not None:
            return Stamp(value, m.end("head"), m.end())
    return None


def report_date(text: str, published: date | None) -> date | None:
    """The day relative dates in the report count from: the day its text states at its head,
    else `published`."""
    stamp = stated_date(text)
    return stamp.value if stamp is not None else published


def newest_report_date(text: str, published: date | None) -> date | None:
    """The later of the day the text states and `published`: no event the report tells lies
    more than a couple of days after it (`sitrep.models.implausible_date`). The later one,
    so that neither source alone refuses a date the other allows."""
    days = [d for d in (report_date(text, published), published) if d is not None]
    return max(days) if days else None


def _day(m: re.Match[str]) -> date | None:
    raw = m.group("month").lower().rstrip(".")
    month = MONTHS.get(raw) or int(raw)
    day = int(m.group("day"))
    sep = m.groupdict().get("sep")
    if sep == "/" and day <= 12 and month != day:
        return None  # 07/08/2016: the 7th of August, or July the 8th
    try:
        return date(int(m.group("year")), month, day)
    except ValueError:
        return None
