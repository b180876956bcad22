"""Event dates: absolute dates in the text first, relative ones resolved against `published`.

Rules (pinned in tests/test_extract_dates.py):
- "On 30 April 2020", "April 30, 2020", "30/04/2020", "2020-04-30": that day.
- "on 14 March" (no year): the latest such day on or before `published` (or none without it).
- "on Wednesday", "late on Thursday", "Wednesday night": the latest such weekday before
  `published` (the same weekday as `published` means that day).
- "yesterday", "last night", "overnight": the day before `published`; "today", "this
  morning", "earlier today": `published`.
- "last week" / "earlier this week": week precision, dated to the Monday of that week;
  "last month", "earlier this month": month precision, dated to the first day of that
  month.
A relative date with no `published` is left empty: never today's date. `extract` passes the
report's own day as `published` when its text states one at its head ("Published June 20
2016"; `sitrep.report_date`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sitrep.extract.lowered import finditer, lowered_text
from sitrep.models import Evidence, Precision
from sitrep.report_date import BYLINE_WITHIN, MONTHS, stated_date

WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PART_OF_DAY = r"(?:night|morning|evening|afternoon|early hours)"

ABSOLUTE = [
    re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(r"\b(?P<day>[0-3]?\d)[/.-](?P<month>[01]?\d)[/.-](?P<year>(?:19|20)\d\d)\b"),
]
NO_YEAR = [
    re.compile(
        rf"\b(?:on|since|from|by)\s+(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}\b(?!,?\s+(?:19|20)\d\d\b)",
        re.I,
    ),
    re.compile(rf"\b(?:on|since|from|by)\s+{_MONTH}\s+{_DAY}\b(?!,?\s+(?:19|20)\d\d\b)", re.I),
    # "on the night of 12 June", "the morning of June 12"
    re.compile(rf"\b(?:on\s+)?the\s+{_PART_OF_DAY}\s+of\s+{_DAY}\s+{_MONTH}(?!,?\s+\d)", re.I),
    re.compile(rf"\b(?:on\s+)?the\s+{_PART_OF_DAY}\s+of\s+{_MONTH}\s+{_DAY}\b(?!,?\s+\d)", re.I),
]
#: A wire dateline heading a report: "BELGOROD, October 13 (TASS) -", "BAGHDAD, June 22",
#: "Kyauktaga, 21 July". The day the report was filed: it dates an event the text gives no
#: other day for, so it is kept as a statement's day.
DATELINE = [
    re.compile(
        rf"^\s*[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){{0,3}},\s+(?:[A-Z][\w'’.-]*,\s+)?"
        rf"(?i:{_MONTH})\s+\(?{_DAY}\)?(?!,?\s*\d{{4}})(?=[\s(]|$)"
    ),
    re.compile(
        rf"^\s*[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){{0,3}},\s+(?:[A-Z][\w'’.-]*,\s+)?"
        rf"{_DAY}\s+(?i:{_MONTH})(?!,?\s*\d{{4}})(?=[\s(]|$)"
    ),
]
#: Where a dateline ends: the agency in parentheses and a dash, or a dash alone.
_DATELINE_END = re.compile(r"\([A-Z][^()\n]{0,40}\)\s*[–—-]|\s[–—-]\s")
MONTH_YEAR = re.compile(rf"\b(?:in|during|since|early|late|mid-?)\s+{_MONTH},?\s+{_YEAR}\b", re.I)
#: "last September", "in March" (no year): the latest such month before publication.
MONTH_ALONE = re.compile(
    rf"\b(?:last|in|since|during|early|late|mid-?|a)\s+{_MONTH}\b(?!\s*\d)", re.I
)
WEEKDAY = re.compile(
    r"\b(?:(?:on|late|early|late on|early on|since|from|by|last)\s+)?"
    r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:\s+(?:night|morning|evening|afternoon))?\b",
    re.I,
)
RELATIVE: list[tuple[re.Pattern[str], int, Precision]] = [
    (re.compile(r"\b(?:the day before yesterday)\b", re.I), -2, "day"),
    (
        re.compile(
            r"\b(?:yesterday|last night|late last night|the previous day|"
            # "overnight on Monday", "overnight Sunday": the weekday tells the day
            r"overnight(?!\s+(?:on\s+|into\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day))\b",
            re.I,
        ),
        -1,
        "day",
    ),
    (
        re.compile(
            r"\b(?:today|this morning|earlier today|this afternoon|tonight|this evening)\b", re.I
        ),
        0,
        "day",
    ),
    (re.compile(r"\b(?:two|2) days ago\b", re.I), -2, "day"),
    (re.compile(r"\b(?:three|3) days ago\b", re.I), -3, "day"),
    (re.compile(r"\b(?:last week|a week ago|past week|previous week)\b", re.I), -7, "week"),
    (re.compile(r"\b(?:earlier this week|this week)\b", re.I), 0, "week"),
    (re.compile(r"\b(?:last month|a month ago|previous month)\b", re.I), -31, "month"),
    (re.compile(r"\b(?:earlier this month|this month)\b", re.I), 0, "month"),
]


#: "since Saturday", "since 11 July": the day a period began, not the day of an event in it.
_SINCE = re.compile(r"^since\b|\bsince\s+(?:the\s+)?$", re.I)
_SAYING = r"said|says|confirmed|announced|reported|stated|claimed|added"
#: A plain verb of saying right before a day: "announced on Wednesday", "police said late on
#: Tuesday" (the day it was said; no denial, no release of a video).
SAID_BEFORE = re.compile(rf"\b(?:{_SAYING})\s*(?:late\s+|early\s+)?$", re.I)
#: A speech verb right before a date: the date is when it was said.
SPEECH_BEFORE = re.compile(
    rf"\b(?:{_SAYING}|denied|admitted|"
    r"acknowledged|told\s+(?:\w+\s+){0,3}?|statement|(?:said|announced)\s+in\s+a\s+statement|"
    # "a video released on Friday shows heavy fighting": the day it was put out
    r"(?:video|footage|report|statement|images?|photos?)\s+(?:was\s+)?(?:released|published|"
    r"posted|issued|uploaded))"
    r"\s*(?:late\s+|early\s+)?$",
    re.I,
)
#: "apparently in revenge for the killing on Monday of a herder": the day of what an
#: incident answered, which stands for the incident only when the text gives no other day.
_CAUSE_BEFORE = re.compile(
    r"\b(?:retaliation|revenge|reprisal|response|retribution)\s+(?:for|to)\s+"
    r"(?:(?:the|a|an|his|their|its)\s+)?(?:[\w-]+\s+){0,3}$",
    re.I,
)
#: Days named by a holiday with a fixed date: "Christmas Eve attacks".
HOLIDAY = re.compile(
    r"\b(?P<name>Christmas Eve|Christmas Day|Christmas|New Year's Eve|New Year’s Eve|"
    r"New Year's Day|New Year’s Day)\b(?:\s+(?P<year>(?:19|20)\d\d))?"
)
_HOLIDAYS = {"christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25)} | {
    f"new year{a}s {d}": md for a in ("'", "’") for d, md in (("eve", (12, 31)), ("day", (1, 1)))
}


def _holiday(m: re.Match[str], published: date | None) -> date | None:
    "The holiday's date: in the year given, else the latest on or before `published`."
    month, day = _HOLIDAYS[m.group("name").lower()]
    if m.group("year"):
        return date(int(m.group("year")), month, day)
    if published is None:
        return None
    this_year = date(published.year, month, day)
    if this_year <= published:
        return this_year
    # Published in the first days of year 1: the holiday before it has no date.
    return date(published.year - 1, month, day) if published.year > 1 else None


#: Any of the RELATIVE patterns: most sentences have none, and one search says so.
#: "over the weekend", "at the weekend", "last weekend": the Saturday of the latest
#: weekend before publication (of the one before it for "last weekend" in a report of that
#: weekend), week precision: the report does not say which of its two days.
WEEKEND = re.compile(
    r"\b(?:(?:over|at|during|on)\s+the\s+weekend|(?P<this>this|last)\s+weekend)\b", re.I
)
_ANY_RELATIVE = re.compile("|".join(f"(?:{p.pattern})" for p, _, _ in RELATIVE), re.I)
#: A digit: without one, no pattern that needs a day of the month or a year can match.
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class DateMention:
    "A date the text gives, resolved, with its precision and the span it stands on."

    value: date
    precision: Precision
    evidence: Evidence
    relative: bool
    #: "Police said on Wednesday that the bomber ... on Monday": the day of the statement,
    #: which stands for the event only when the text gives no other day.
    statement: bool = False
    #: "Date of publication 26 October 2016 ...": the day the page states for itself at its
    #: head. An account dated only by it may be of any day the report tells.
    filed: bool = False
    #: '"... four air strikes today" the army said': a relative day inside a quotation,
    #: counted from the report's day though the words were said before it (a `statement`).
    quoted: bool = False
    #: "the truce that took effect on April 12", "Kadugli, which rebels took on June
    #: 3": the character span of the relative clause the date stands in (from the parse,
    #: `in_relative_clause`). It dates what the clause tells of the noun, which is the
    #: event's day only when the event's trigger stands inside that clause.
    clause: tuple[int, int] | None = None


#: A photo caption's date, the words before "(Photo ...)": "... attends a meeting in Sochi
#: Thursday Oct. 27 2016 (AP Photo)". Captions run into a stripped page's text; the day the
#: picture was taken stands for an event only when the text gives no other day.
_CAPTION_AFTER = re.compile(r"[\w\s,.]{0,20}?\((?:[A-Z]\w*\s+)?[Pp]hoto\b")


def find_dates(text: str, start: int, end: int, published: date | None) -> list[DateMention]:
    "Every resolvable date in text[start:end], in text order."
    segment = text[start:end]
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    # "BEIRUT, Lebanon, July 17, 2024 (AFP) -": a date in the dateline is the filing day.
    first = start == _first_line_start(text)
    heading = _DATELINE_END.search(segment[:120]) if first else None
    filed_by = heading.start() if heading else -1
    # "Date of publication 26 October 2016 Regime forces dropped ...", "Saturday 27 February
    # 2016 ISIS attacks ...": the day the page states for itself at its head
    # (`sitrep.report_date`). It dates the headline's incident as the report's day does,
    # but tells no day of its own: it is marked `filed`.
    # (A byline's stamp stands below the head, and may run over two sentences.)
    stamp = stated_date(text) if start < _first_line_start(text) + BYLINE_WITHIN else None
    stamped = stamp.end - start if stamp is not None and stamp.start < end else -1

    def add(
        s: int,
        e: int,
        value: date | None,
        precision: Precision,
        relative: bool,
        *,
        quoted: bool = False,
    ) -> None:
        if value is None or any(ts < e and s < te for ts, te in taken):
            return
        taken.append((s, e))
        # The day something was said, and the day a running period began, stand for the
        # event only when the text gives no other day.
        statement = (
            quoted
            or e <= filed_by
            or bool(SPEECH_BEFORE.search(segment[max(0, s - 40) : s]))
            or bool(_CAUSE_BEFORE.search(segment[max(0, s - 60) : s]))
            or bool(_SINCE.search(segment[s:e]) or _SINCE.search(segment[max(0, s - 12) : s]))
            or bool(_CAPTION_AFTER.match(segment, e))
        )
        found.append(
            DateMention(
                value,
                precision,
                Evidence.at(text, start + s, start + e),
                relative,
                statement,
                filed=e <= stamped,
                quoted=quoted,
            )
        )

    # The case-insensitive patterns search a lowered copy with case-sensitive twins: the
    # same spans in less than half the time (sitrep.extract.lowered). Every resolver reads
    # a match's words lower-cased, and "in March" reads its capital from the sentence.
    lowered = lowered_text(segment)
    numbered = _DIGIT.search(segment) is not None
    for pattern in ABSOLUTE if numbered else ():
        for m in finditer(pattern, segment, lowered):
            add(m.start(), m.end(), _ymd(m), "day", False)
    for m in finditer(MONTH_YEAR, segment, lowered) if numbered else ():
        month = MONTHS[m.group("month").lower()]
        add(m.start(), m.end(), date(int(m.group("year")), month, 1), "month", False)
    for pattern in NO_YEAR if numbered else ():
        for m in finditer(pattern, segment, lowered):
            add(m.start(), m.end(), _no_year(m, published), "day", True)
    if published is not None:
        for m in finditer(MONTH_ALONE, segment, lowered):
            if segment[m.start("month")].isupper():  # "in March", not "in march order"
                add(m.start(), m.end(), _calendar(_month_before, m, published), "month", True)
    if published is not None and start == _first_line_start(text):
        for pattern in DATELINE:
            if m := pattern.match(segment):
                s, e = m.span("month")[0], m.end()
                if not any(ts < e and s < te for ts, te in taken):
                    value = _no_year(m, published)
                    if value is not None:
                        taken.append((s, e))
                        found.append(
                            DateMention(
                                value,
                                "day",
                                Evidence.at(text, start + s, start + e),
                                True,
                                statement=True,
                            )
                        )
    for m in HOLIDAY.finditer(segment):
        add(m.start(), m.end(), _calendar(_holiday, m, published), "day", True)
    if published is not None:
        for m in finditer(WEEKDAY, segment, lowered):
            value = _calendar(_weekday, m.group("weekday"), published)
            add(m.start(), m.end(), value, "day", True)
        for m in WEEKEND.finditer(segment):
            value = _calendar(_weekend, published, m.group("this"))
            add(m.start(), m.end(), value, "week", True, quoted=_in_quotes(segment, m))
        relative = next(finditer(_ANY_RELATIVE, segment, lowered), None) is not None
        for pattern, days, precision in RELATIVE if relative else ():
            for m in finditer(pattern, segment, lowered):
                value = _calendar(_relative, published, days, precision)
                add(m.start(), m.end(), value, precision, True, quoted=_in_quotes(segment, m))
    return sorted(found, key=lambda d: d.evidence.start)


_QUOTE_MARKS = re.compile(r"[\"“”]")


def _in_quotes(segment: str, m: re.Match[str]) -> bool:
    """Whether a relative day lies inside a quotation ('"... carried out four air strikes
    today" the army said in a statement'): it counts from the day the words were said, which
    the report need not give, not from its own day; it stands for the event only when the
    text gives no other day, as a statement's day does."""
    return len(_QUOTE_MARKS.findall(segment, 0, m.start())) % 2 == 1


def _first_line_start(text: str) -> int:
    "Where the report's text begins (past leading blank space): a dateline stands there."
    return len(text) - len(text.lstrip())


def _calendar(resolve: Callable[..., date | None], *args: object) -> date | None:
    """A relative date, or None where counting from `published` runs off the calendar
    (year 1 or 9999): there is no such day to give, and no reason to fail the article."""
    try:
        return resolve(*args)
    except (OverflowError, ValueError):
        return None


def _ymd(m: re.Match[str]) -> date | None:
    month_raw = m.group("month").lower().rstrip(".")
    month = MONTHS.get(month_raw) or (int(month_raw) if month_raw.isdigit() else 0)
    try:
        return date(int(m.group("year")), month, int(m.group("day")))
    except ValueError:
        return None


def _month_before(m: re.Match[str], published: date) -> date:
    """The month named, in the latest year it lies in on or before publication; "last"
    September read in September is a year back."""
    month = MONTHS[m.group("month").lower().rstrip(".")]
    last = m.group(0).lower().startswith("last")
    this_year = month < published.month or (month == published.month and not last)
    return date(published.year if this_year else published.year - 1, month, 1)


def _no_year(m: re.Match[str], published: date | None) -> date | None:
    if published is None:
        return None
    month = MONTHS[m.group("month").lower().rstrip(".")]
    day = int(m.group("day"))
    for year in range(
        published.year, published.year - 5, -1
    ):  # 29 February looks back to a leap year
        try:
            value = date(year, month, day)
        except ValueError:
            continue
        if value <= published:
            return value
    return None


def _weekday(name: str, published: date) -> date | None:
    back = (published.weekday() - WEEKDAYS[name.lower()]) % 7
    return _shifted(published, -back)


def _weekend(published: date, which: str | None) -> date | None:
    saturday = _weekday("saturday", published)
    if saturday is not None and which and which.lower() == "last" and published.weekday() >= 5:
        return _shifted(saturday, -7)  # "last weekend" said on a Saturday or Sunday
    return saturday


def _relative(published: date, days: int, precision: Precision) -> date | None:
    if precision == "month":
        first = published.replace(day=1)
        if days >= 0:
            return first
        before = _shifted(first, -1)
        return before.replace(day=1) if before else None
    if precision == "week":  # the Monday of that week
        monday = _shifted(published, -published.weekday())
        return _shifted(monday, days) if monday else None
    return _shifted(published, days)


def _shifted(day: date, days: int) -> date | None:
    "`day` moved by `days`, or None past the calendar's ends (0001-01-01, 9999-12-31)."
    try:
        return day + timedelta(days=days)
    except OverflowError:  # "yesterday" in a report published on 0001-01-01
        return None


def in_relative_clause(doc: Any, start: int, end: int) -> tuple[int, int] | None:
    """The character span of the relative clause that text[start:end] stands in ("the
    truce that began on 12 April", "Kadugli, which rebels took on 3 June"), or None.

    Such a clause tells something of a noun, at its own time: the day in it is the day of
    that other happening, not the sentence's event's, unless the event is told in the clause
    itself ("the soldiers who were killed on Saturday").
    """
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    # The date's own verb: the first one above it.
    verb = next((t for t in span.root.ancestors if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.dep_ != "relcl":
        return None
    # Only a clause of a thing, led by "which" or "that" ("the truce that began ..."): one
    # led by "who" tells of a person, often the event's victim ("a man who was shot on
    # Tuesday"); and spaCy hangs a main verb on a subject's clause with no pronoun of its
    # own ("The fighting, which could signal X, escalated on Thursday"). A clause with no
    # pronoun of a thing and a subject of its own ("the push they began this month")
    # is one too; one with no subject is that misparse.
    pronouns = [c for c in verb.children if c.tag_ in ("WDT", "WP", "WP$")]
    thing = any(c.lower_ in _THING_PRONOUNS and c.tag_ == "WDT" for c in pronouns)
    zero = (
        not pronouns
        and verb.head.pos_ == "NOUN"
        and any(c.dep_ == "nsubj" and c.pos_ == "PRON" for c in verb.children)
    )
    if not (thing or zero):
        return None
    # The clause with the noun it tells of: "clashes that broke out overnight" are the
    # event when "clashes" is its trigger.
    sub = list(verb.subtree)
    return min(sub[0].idx, verb.head.idx), sub[-1].idx + len(sub[-1])


def after_a_gap(doc: Any, start: int, end: int) -> tuple[int, int] | None:
    """The character span of a phrase told a gap before or after the sentence's event that
    text[start:end] stands in ("two weeks after a similar attack on 10 April killed 12", "a
    week after rebels seized the town on 3 April"), or None. The gap makes it another
    happening (as `sitrep.extract.roles.other_time` reads it for places): the day in it is
    that happening's."""
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    for t in span.root.ancestors:
        # (spaCy may hang "a week after rebels seized X" on the verb before it as a
        # conjunct, not a clause: its mark says what it is.)
        if t.pos_ in ("VERB", "AUX"):
            marks = [c for c in t.children if c.dep_ == "mark" and c.lower_ in _GAP_WORDS]
        elif t.dep_ == "prep" and t.lower_ in _GAP_WORDS:
            marks = [t]
        else:
            marks = []
        gaps = [c for m in (t, *marks) for c in m.children if c.dep_ == "npadvmod"]
        if marks and any(c.lower_ in _TIME_UNITS for c in gaps):
            sub = list(t.subtree)
            return sub[0].idx, sub[-1].idx + len(sub[-1])
        if t.dep_ == "ROOT":
            return None
    return None


def possessed(doc: Any, text: str, start: int, end: int) -> tuple[int, int] | None:
    """The character span of the noun phrase a possessive day owns ("last month's loss of
    the town", "Tuesday's raid"), or None. The day dates that noun: the event's day when the
    noun is its trigger ("Tuesday's raid killed 8"), another happening's when it is not
    ("the post rebuilt after last month's fighting")."""
    if doc is None or text[end : end + 2] not in ("'s", "’s"):
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    noun = span.root.head if span.root.dep_ == "poss" else None
    if noun is None or noun.pos_ not in ("NOUN", "PROPN"):
        return None
    sub = list(noun.subtree)
    return sub[0].idx, sub[-1].idx + len(sub[-1])


_GAP_WORDS = frozenset({"after", "before"})
_TIME_UNITS = frozenset(
    {"hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years"}
)

#: Relative pronouns that stand for a thing, not a person.
_THING_PRONOUNS = frozenset({"which", "that"})


#: How far before `published` a dateline's day may lie and still be the filing day.
DATELINE_WITHIN = 7


def dateline_day(text: str, published: date | None) -> date | None:
    """The day a wire dateline with no year gives ("KHARTOUM, April 28 (Reuters) -"), when
    it lies in the week up to `published`: the day the report was filed, which its
    "yesterday" and "on Monday" count from. A feed's or a page's date may be a day or two
    later (a re-post, a time zone, a print edition). A dateline further back is no filing
    day of this copy (its year would be a guess)."""
    if published is None:
        return None
    head = text[_first_line_start(text) :]
    for pattern in DATELINE:
        if m := pattern.match(head):
            day = _no_year(m, published)
            if day is not None and 0 < (published - day).days <= DATELINE_WITHIN:
                return day
    return None
