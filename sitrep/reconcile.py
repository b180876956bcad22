"""Reconciliation: Events from many articles -> Incidents, the real happenings they report.

Different outlets report one incident in different words: another spelling of the town, a
toll that grew overnight, "on Tuesday" in one report and "yesterday" in the next, a monitor's
figure relayed by a wire and a state agency's much lower one. Reconciling groups those
reports and keeps every claim, never an average:

    window(event)            where candidate incidents can lie (types, dates, box): the
                             store pre-selects candidate events with it in SQL
    pair_score(a, b)         evidence that two reports describe one incident, or None when
                             a hard rule says they cannot (the gates below)
    match(event, candidates) the incident the event joins, or None: a new incident
    build_incident(...)      merge members: low/best/high, every Figure, contradictions,
                             notes (what happened, then how the reports add up)
    reconcile(events, ...)   the batch form: sort, then window/match/build incrementally

The gates (any one failing means "not the same incident"):
- types: compatible families. Battles, explosions/remote violence and violence against
  civilians may be one incident (a shelling one outlet calls a clash, a state agency's
  "terrorists attacked our positions" for a monitor's massacre); protests and riots may; a
  non-violent transfer of territory may be a battle's outcome; other strategic
  developments only match their own event type.
- dates: each report's span (its day, or the week or month its precision covers) widened
  by DAY_SLACK days must overlap ("late on Monday" and "overnight" straddle midnight). An
  undated report (or one dated only to a year) passes, but counts against the match.
- places: two resolved places (with coordinates) in different countries are two places;
  two precision-1 towns more than SAME_TOWN_KM apart are two towns; otherwise they must lie
  within RADIUS_KM[p_a] + RADIUS_KM[p_b], or share an admin2 or a name (spellings folded by
  `sitrep.gazetteer.variant_key`, word order, spacing and kind words like "Local Government
  Area" ignored); a precision-3 place compares provinces. A place the gazetteer could not
  resolve is matched by name only, since its country is the extractor's guess.
- one article's events are never paired with each other (an article reports each event
  once); when the extractor splits one report in two, each may still join the incident.

The evidence (summed): the same place +2 (same gazetteer id, or same name at precision 1-2),
a shared admin2 +1, nearby or the same province +0.5; the same day +1, an undated report -1;
the same sub-event type +1, another compatible type +0.5; a named actor in common +1 (not
"Civilians", "Protesters" or "Unidentified ..."); tolls whose ranges overlap +0.5, tolls
more than TOLL_RATIO apart -2 (a "three killed" report is not the 54-dead market shelling
in the next district). An event joins the candidate incident with the highest mean score
over the other articles that report it (a gate failure counts GATE_FAIL; an article the
extractor split into several events counts once, at the mean over them) when that mean is
at least JOIN (two independent agreements, e.g. same place and same day); otherwise it
starts an incident. The mean makes an incident hard to join for an event that contradicts
some of its reports, so one report dated a day late cannot chain Monday's incident to
Wednesday's, nor a weakly located report pull in next-door distractors.

Figures: every fatalities/wounded/captured claim of every member becomes a Figure with its
claimant, relay and outlet (an event with a count but no claim is claimed by its outlet).
Only a report's totals vote on the incident's range: the extractor marks what each figure
is to its event's toll (`role`, see `sitrep.extract.counts.Role`), so a share ("two women",
"including three children", "37 soldiers" of 97) never sets the low, and a figure the
report's own toll left aside (a week's running total beside the day's toll) never sets
the high; both are kept with their claimants. A report whose toll no figure states whole
(parts that add up) votes with that sum. Across the report totals: low is the lowest
figure, high the highest ("nearly 100" reaches 100, "at least 12" stays 12), best the value
most reports give (ties: the value more distinct claimants give, then the lower median of
the tied values: ACLED's conservative choice). A total whose own range (low..high; "at
least" has no upper bound, "nearly" no lower one) excludes best is listed in
`contradictions`, with its claimant, next to the figures that agree.
"""

from __future__ import annotations

import calendar
import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sitrep.errors import ContractError
from sitrep.gazetteer import distance_km, variant_key
from sitrep.lexicons import fold
from sitrep.models import (
    EVENT_TYPES,
    SUB_EVENT_TYPES,
    Actor,
    Claim,
    Count,
    Event,
    Figure,
    Incident,
    Place,
)

__all__ = [
    "Window",
    "build_incident",
    "in_window",
    "match",
    "new_incident_id",
    "pair_score",
    "reconcile",
    "reconciliation_summary",
    "window",
]

#: How far (km) the true place may lie from a report's coordinates, by geo_precision:
#: the town itself, near a town / part of a region, the province centre.
RADIUS_KM: dict[int, float] = {1: 2.5, 2: 15.0, 3: 100.0}
#: Two precision-1 places further apart than this are two towns (Kramatorsk and Bilenke).
SAME_TOWN_KM = 5.0
#: No two places further apart are one place, whatever the rule (a same-named place
#: geocoded to another seat of its province, a shared admin2): the window's box half-width.
REACH_KM = 200.0
#: Days a day-precision report may be off ("late on Monday" vs "overnight").
DAY_SLACK = 1
#: A week-precision date covers the six days either side of it (see `_span`).
WEEK_REACH_DAYS = 6
#: How far back a window reaches for coarse candidates: a month-precision event is dated to
#: the first day of its month.
COARSE_REACH_DAYS = 31
#: Tolls further apart than this ratio (with +2 smoothing) speak against one incident.
TOLL_RATIO = 5.0
#: Mean evidence needed to join an incident; a member failing a gate counts GATE_FAIL.
JOIN = 2.0
GATE_FAIL = -3.0

FIELDS = ("fatalities", "wounded", "captured")
_VIOLENT = ("Battles", "Explosions/Remote violence", "Violence against civilians")
_DEMONSTRATIONS = ("Protests", "Riots")
_HANDOVER = "Non-violent transfer of territory"
_GENERIC_KINDS = frozenset({"civilians", "protesters", "rioters"})


@dataclass(frozen=True, slots=True)
class Window:
    """Where candidate incidents for an event can lie, for a store's SQL pre-selection.

    A candidate event lies in the window when
    - its `event_type` is one of `event_types` (every type `match` may accept: a clash may
      be the incident a shelling report describes);
    - its `event_date` is within `date_from`..`date_to` (None: no date limit); an undated
      candidate, or one dated only to a year, always qualifies;
    - its coordinates are inside `bbox` = (min_lon, min_lat, max_lon, max_lat), a box
      REACH_KM around the event (None: no place limit); a candidate without coordinates
      always qualifies. The box is clamped at +-180 degrees, not wrapped.
    The window only pre-selects: `match` makes the decision. `in_window` is the same test
    in Python.
    """

    event_types: tuple[str, ...]
    date_from: date | None
    date_to: date | None
    bbox: tuple[float, float, float, float] | None


# --- types ---------------------------------------------------------------------------------


def _types_compatible(sub_a: str, sub_b: str) -> bool:
    type_a, type_b = SUB_EVENT_TYPES[sub_a], SUB_EVENT_TYPES[sub_b]
    if type_a == type_b:
        return True
    if type_a in _VIOLENT and type_b in _VIOLENT:
        return True
    if type_a in _DEMONSTRATIONS and type_b in _DEMONSTRATIONS:
        return True
    # "fighters entered the town without a fight" and "captured the town after clashes"
    return (sub_a == _HANDOVER and type_b == "Battles") or (
        sub_b == _HANDOVER and type_a == "Battles"
    )


def _type_evidence(a: Event, b: Event) -> float | None:
    if not _types_compatible(a.sub_event_type, b.sub_event_type):
        return None
    # Outlets frame one incident as a clash, an attack or a shelling: any compatible pair is
    # weak evidence, the same sub-event type stronger.
    return 1.0 if a.sub_event_type == b.sub_event_type else 0.5


# --- dates ---------------------------------------------------------------------------------


def _dated(event: Event) -> bool:
    "Whether the event has a date to match on: a year is too coarse to count as one."
    return event.event_date is not None and event.date_precision != "year"


def _shift(day: date, days: int) -> date:
    """`day` moved by `days`, held at the calendar's ends (date.min, date.max) rather than
    raising OverflowError: a window or a slack around 9999-12-31 then simply stops there."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _span(event: Event) -> tuple[date, date] | None:
    """The days a report's date covers: its day, or the week or month.

    A week-precision date is either the Monday of a week the text names ("last week") or the
    publication day of a report that dates nothing (the days before it): both lie within
    six days of it, either way.
    """
    d = event.event_date
    if d is None or not _dated(event):
        return None
    if event.date_precision == "week":
        return _shift(d, -WEEK_REACH_DAYS), _shift(d, WEEK_REACH_DAYS)
    if event.date_precision == "month":
        return d, d.replace(day=calendar.monthrange(d.year, d.month)[1])
    return d, d


def _date_evidence(a: Event, b: Event) -> float | None:
    span_a, span_b = _span(a), _span(b)
    if span_a is None or span_b is None:
        return -1.0  # an undated report needs the rest of the evidence to be strong
    if _shift(span_a[0], -DAY_SLACK) > span_b[1] or _shift(span_b[0], -DAY_SLACK) > span_a[1]:
        return None
    same_day = span_a[0] == span_a[1] == span_b[0] == span_b[1]
    return 1.0 if same_day else 0.0


# --- places --------------------------------------------------------------------------------


#: Words that say what kind of place a name is, not which: "Bokkos Local Government Area".
_KIND_WORDS = frozenset(
    {"local", "government", "area", "lga", "district", "township", "territory", "province"}
    | {"governorate", "oblast", "region", "state", "county", "municipality", "city", "town"}
    | {"village", "camp"}
)


def _name_keys(place: Place) -> set[str]:
    """Spelling-blind keys of a place's name: transliterations meet (`variant_key`), word
    order and spacing do not matter ("Hotel Hayat", "Pa Zi Gyi"), kind words are dropped."""
    words = [w for w in variant_key(place.name).split() if w not in _KIND_WORDS]
    if not words:
        return set()
    return {" ".join(sorted(words)), "".join(words)}


def _has_point(place: Place) -> bool:
    return place.latitude is not None and place.longitude is not None


def _precision(place: Place) -> int:
    return place.geo_precision or 2


def _same_text(x: str | None, y: str | None) -> bool | None:
    """Whether two optional admin names are equal (folded; a possessive country in front, as
    in "Nigeria's Plateau", ignored); None when either is missing."""
    if not x or not y:
        return None
    return fold(x.rsplit("'s ", 1)[-1]) == fold(y.rsplit("'s ", 1)[-1])


def _place_evidence(a: Place | None, b: Place | None) -> float | None:
    if a is None or b is None:
        return 0.0
    pa, pb = _precision(a), _precision(b)
    coarse = max(pa, pb)
    same_id = a.gazetteer_id is not None and a.gazetteer_id == b.gazetteer_id
    same_name = bool(_name_keys(a) & _name_keys(b))
    same_admin1 = _same_text(a.admin1, b.admin1)
    other_country = bool(a.country_code and b.country_code and a.country_code != b.country_code)
    if not (_has_point(a) and _has_point(b)):
        # A place the gazetteer could not resolve: its country and province are guesses
        # from the text (JNIM's home country for a Burkinabe town), so the name wins.
        if same_name:
            return 2.0 if coarse <= 2 else 0.5
        if other_country:
            return None
        return 0.5 if same_admin1 else 0.0
    if other_country:
        return None
    km = distance_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
    if km > REACH_KM:
        return None  # beyond every rule's reach (and outside the window's box)
    if same_id or (same_name and same_admin1 is not False):
        return 2.0 if coarse <= 2 else 0.5
    if pa == pb == 1 and km > SAME_TOWN_KM:
        return None
    if coarse == 3 and same_admin1 is not None:
        return 0.5 if same_admin1 else None
    if _same_text(a.admin2, b.admin2):
        return 1.0
    if km <= RADIUS_KM[pa] + RADIUS_KM[pb]:
        return 0.5
    return None


# --- actors and tolls ----------------------------------------------------------------------


def _named(actors: Iterable[Actor]) -> set[str]:
    "Actors that identify someone: not 'Civilians (X)', 'Protesters (X)', 'Unidentified ...'."
    return {
        a.name
        for a in actors
        if a.kind not in _GENERIC_KINDS and not a.name.startswith("Unidentified")
    }


def _actor_evidence(a: Event, b: Event) -> float:
    return 1.0 if _named(a.actors) & _named(b.actors) else 0.0


def _toll_evidence(a: Count | None, b: Count | None) -> float:
    if a is None or b is None:
        return 0.0
    if a.low <= b.high and b.low <= a.high:
        return 0.5
    ratio = (max(a.low, b.low) + 2) / (min(a.high, b.high) + 2)
    return -2.0 if ratio > TOLL_RATIO else 0.0


def pair_score(a: Event, b: Event) -> float | None:
    "Evidence that two reports describe one incident, or None when a gate rules it out."
    if a.article_id == b.article_id:
        return None
    parts = (
        _type_evidence(a, b),
        _date_evidence(a, b),
        _place_evidence(a.location, b.location),
    )
    if any(p is None for p in parts):
        return None
    evidence = sum(p for p in parts if p is not None)
    return evidence + _actor_evidence(a, b) + _toll_evidence(a.fatalities, b.fatalities)


# --- window and match ----------------------------------------------------------------------


def window(event: Event) -> Window:
    "Where candidate incidents for this event can lie: the store pre-selects with it in SQL."
    types = sorted(
        {
            t
            for t, subs in EVENT_TYPES.items()
            for s in subs
            if _types_compatible(event.sub_event_type, s)
        }
    )
    span = _span(event)
    date_from = date_to = None
    if span is not None:
        date_from = _shift(span[0], -(DAY_SLACK + COARSE_REACH_DAYS))
        # A week-precision candidate is stored on a day up to six days after its span opens.
        date_to = _shift(span[1], DAY_SLACK + WEEK_REACH_DAYS)
    bbox = None
    loc = event.location
    if loc is not None and _has_point(loc):
        lat, lon = float(loc.latitude), float(loc.longitude)  # type: ignore[arg-type]
        # Degrees at the sphere `distance_km` uses, with a margin, and longitude measured at
        # the box's poleward edge, so the box holds every point within REACH_KM.
        dlat = REACH_KM * 1.05 / 111.19
        poleward = min(89.0, abs(lat) + dlat)
        dlon = min(180.0, REACH_KM * 1.05 / (111.19 * math.cos(math.radians(poleward))))
        bbox = (
            max(-180.0, lon - dlon),
            max(-90.0, lat - dlat),
            min(180.0, lon + dlon),
            min(90.0, lat + dlat),
        )
    return Window(event_types=tuple(types), date_from=date_from, date_to=date_to, bbox=bbox)


def in_window(w: Window, event: Event) -> bool:
    "Whether a candidate event lies in a window: the test a store runs in SQL, in Python."
    if event.event_type not in w.event_types:
        return False
    if _dated(event) and event.event_date is not None:
        if w.date_from is not None and event.event_date < w.date_from:
            return False
        if w.date_to is not None and event.event_date > w.date_to:
            return False
    loc = event.location
    if w.bbox is not None and loc is not None and _has_point(loc):
        min_lon, min_lat, max_lon, max_lat = w.bbox
        lat, lon = float(loc.latitude), float(loc.longitude)  # type: ignore[arg-type]
        return min_lon <= lon <= max_lon and min_lat <= lat <= max_lat
    return True


def _incident_score(event: Event, members: Sequence[Event]) -> float | None:
    """Mean pair evidence over the other articles that report the incident (None if there
    are none): each article's evidence is the mean over its members, so a report the
    extractor split into four events counts once, like a report told as one.

    The event's own article does not count either way: when the extractor splits one report
    into two events (the shelling, then the toll "on Sunday"), the second may still join
    the incident the first is in, on the other reports' evidence.
    """
    by_article: dict[str, list[float]] = defaultdict(list)
    for member in members:
        if member.article_id != event.article_id:
            score = pair_score(event, member)
            by_article[member.article_id].append(GATE_FAIL if score is None else score)
    if not by_article:
        return None
    return sum(sum(scores) / len(scores) for scores in by_article.values()) / len(by_article)


def match(event: Event, candidates: Sequence[tuple[str, Sequence[Event]]]) -> str | None:
    """The incident_id among candidates (incident_id, its member events) this event belongs
    to, or None (a new incident). Ties go to the smaller incident_id, so the answer does not
    depend on the order of `candidates`."""
    best: tuple[float, str] | None = None
    for incident_id, members in candidates:
        score = _incident_score(event, members)
        if score is None or score < JOIN:
            continue
        if best is None or score > best[0] or (score == best[0] and incident_id < best[1]):
            best = (score, incident_id)
    return best[1] if best else None


def new_incident_id(event: Event) -> str:
    "A stable incident id from the event that starts the incident."
    return "inc-" + hashlib.sha256(event.event_id.encode()).hexdigest()[:16]


_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _order(event: Event) -> tuple[Any, ...]:
    "Deterministic processing order: by date, precise reports first, then by id."
    loc = event.location
    return (
        event.event_date or date.max,
        _PRECISION_RANK.get(event.date_precision or "", 4),
        (loc.geo_precision or 4) if loc else 5,
        -event.confidence,
        event.event_id,
    )


def reconcile(events: Iterable[Event], *, outlets: Mapping[str, str | None]) -> list[Incident]:
    """Batch form: sort events deterministically, then window/match/build incrementally.

    The same events in any order give the same incidents (ids included). `outlets` maps
    article_id -> outlet name, for figures an outlet claims.
    """
    members: dict[str, list[Event]] = {}
    for event in sorted(events, key=_order):
        w = window(event)
        candidates = [
            (incident_id, group)
            for incident_id, group in members.items()
            if any(in_window(w, m) for m in group)
        ]
        incident_id = match(event, candidates)
        if incident_id is None:
            members[new_incident_id(event)] = [event]
        else:
            members[incident_id].append(event)
    return [
        build_incident(incident_id, group, outlets=outlets)
        for incident_id, group in sorted(members.items())
    ]


# --- merging -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Claimed:
    "A figure with the range its own report gives it, and whether it votes."

    figure: Figure
    low: float
    high: float
    total: bool


#: Roles (`sitrep.extract.counts.Role`) of a report's figures that vote on an incident's
#: range: the report's totals. Shares ("two women", "37 soldiers" of 97) and figures its own
#: toll left aside (a week's total beside a day's toll) are kept, never voting.
_VOTING_ROLES = frozenset({"total"})


def _votes(claim: Claim, count: Count | None, best: int) -> bool:
    """Whether a report's figure votes on its incident's low/best/high.

    The extractor says what each figure is to its event's toll (`role` in the claim's
    value); a figure from before it did (a stored event, a reviewer's figure) votes unless
    it is one party's share of a report's several-party total ('37 soldiers' of 97).
    """
    value = claim.value if isinstance(claim.value, dict) else {}
    role = value.get("role")
    if role is not None:
        return role in _VOTING_ROLES
    party = value.get("party")
    if count is None or party is None or len(count.breakdown) < 2:
        return True
    return not (best < count.best and any(s.actor == party for s in count.breakdown))


def _claimed_figures(event: Event, outlet: str | None) -> list[_Claimed]:
    """Every figure of a report, each with the range its report gives it and whether it
    votes. A toll no figure states as a whole (44 + 16 + 37 of three parties, with no total)
    votes as the report's own arithmetic, credited to the claimant of its parts when they
    share one, else to the outlet."""
    out: list[_Claimed] = []
    for field in FIELDS:
        count: Count | None = getattr(event, field)
        claims = [c for c in event.claims if c.field == field]
        voted = False
        for claim in claims:
            value = claim.value
            if isinstance(value, dict):
                best = int(value.get("best", 0))
                low, high = int(value.get("low", best)), int(value.get("high", best))
                qualifier = value.get("qualifier")
                party = value.get("party")
            else:
                best = low = high = int(value)
                qualifier, party = "exact", None
            lo = 0.0 if qualifier == "at_most" else float(low)
            hi = math.inf if qualifier == "at_least" else float(high)
            figure = Figure(
                field=field,
                value=best,
                claimant=claim.claimant,
                via=claim.via,
                outlet=outlet,
                article_id=event.article_id,
                event_id=event.event_id,
                quote=claim.quote,
                start=claim.start,
                end=claim.end,
                party=party,
            )
            votes = _votes(claim, count, best)
            voted = voted or votes
            out.append(_Claimed(figure, lo, hi, votes))
        if count is not None and not voted:
            # A count nobody is credited with is the outlet's; parts that add up are their
            # claimant's arithmetic.
            credited = {(c.claimant, c.via) for c in claims}
            claimant, via = (
                next(iter(credited)) if len(credited) == 1 else (outlet or "Unattributed", None)
            )
            mention = count.mentions[0] if count.mentions else None
            figure = Figure(
                field=field,
                value=count.best,
                claimant=claimant,
                via=via,
                outlet=outlet,
                article_id=event.article_id,
                event_id=event.event_id,
                quote=mention.text if mention else "",
                start=mention.start if mention else 0,
                end=mention.end if mention else 0,
                party=None,
            )
            out.append(_Claimed(figure, float(count.low), float(count.high), True))
    return out


def _best(claimed: Sequence[_Claimed]) -> int:
    "The value most reports give; ties: more distinct claimants, then the lower median."
    reports: dict[int, set[str]] = defaultdict(set)
    claimants: dict[int, set[str]] = defaultdict(set)
    for c in claimed:
        reports[c.figure.value].add(c.figure.article_id)
        claimants[c.figure.value].add(c.figure.claimant)
    top = max(len(r) for r in reports.values())
    tied = [v for v, r in reports.items() if len(r) == top]
    most = max(len(claimants[v]) for v in tied)
    tied = sorted(v for v in tied if len(claimants[v]) == most)
    return tied[(len(tied) - 1) // 2]


def _merge_field(claimed: Sequence[_Claimed]) -> tuple[Count | None, list[Figure]]:
    totals = [c for c in claimed if c.total]
    if not totals:
        return None, []
    best = _best(totals)
    low = min(c.figure.value for c in totals)
    # "nearly 100" reaches 100; "at least 12" is 12 (no guess at how many more).
    high = max(
        c.figure.value if math.isinf(c.high) else max(int(c.high), c.figure.value) for c in totals
    )
    contradictions = [c.figure for c in totals if not c.low <= best <= c.high]
    return Count(best=best, low=low, high=high), contradictions


def _vote(values: Iterable[Any]) -> Any:
    "The most common value; ties go to the first seen (members come in processing order)."
    counts = Counter(values)
    top = max(counts.values())
    return next(v for v in counts if counts[v] == top)


def build_incident(
    incident_id: str, members: Sequence[Event], *, outlets: Mapping[str, str | None]
) -> Incident:
    """Merge member events into one Incident: low/best/high, every Figure, contradictions,
    sources. `outlets` maps article_id -> outlet name (the claimant of unattributed counts)."""
    if not members:
        raise ContractError(f"incident {incident_id} has no events")
    events = sorted(members, key=_order)
    by_confidence = sorted(events, key=lambda e: (-e.confidence, e.event_id))
    sub_event_type = _vote(e.sub_event_type for e in by_confidence)
    dated = [e for e in events if e.event_date is not None]
    event_date = precision = None
    if dated:
        finest = min(_PRECISION_RANK.get(e.date_precision or "", 4) for e in dated)
        finest_dated = [
            e for e in dated if _PRECISION_RANK.get(e.date_precision or "", 4) == finest
        ]
        event_date = _vote(e.event_date for e in finest_dated)
        precision = next(e.date_precision for e in finest_dated if e.event_date == event_date)
    located = [e.location for e in events if e.location is not None]
    location = None
    if located:
        finest_place = min(_precision(p) + (0 if _has_point(p) else 3) for p in located)
        candidates = [
            p for p in located if _precision(p) + (0 if _has_point(p) else 3) == finest_place
        ]
        key = _vote(p.gazetteer_id or p.name for p in candidates)
        location = next(p for p in candidates if (p.gazetteer_id or p.name) == key)
    actors: list[Actor] = []
    for role in ("actor1", "actor2"):
        named = [a for e in by_confidence for a in e.actors if a.role == role]
        if named:
            name = _vote(a.name for a in named)
            actors.append(next(a for a in named if a.name == name))
    figures: list[Figure] = []
    contradictions: list[Figure] = []
    counts: dict[str, Count | None] = {}
    for field in FIELDS:
        claimed = [
            c
            for e in events
            for c in _claimed_figures(e, outlets.get(e.article_id))
            if c.figure.field == field
        ]
        figures.extend(c.figure for c in claimed)
        counts[field], disagree = _merge_field(claimed)
        contradictions.extend(disagree)
    sources: list[str] = []
    for e in events:
        for name in (*e.sources, outlets.get(e.article_id)):
            if name and name not in sources:
                sources.append(name)
    articles = tuple(dict.fromkeys(e.article_id for e in events))
    summary = reconciliation_summary(len(articles), counts["fatalities"], contradictions)
    # What happened, as the most confident report tells it, then how the reports add up.
    notes = " ".join(part for part in (by_confidence[0].notes.strip(), summary) if part)
    return Incident(
        incident_id=incident_id,
        events=tuple(e.event_id for e in events),
        articles=articles,
        event_date=event_date,
        date_precision=precision,
        event_type=SUB_EVENT_TYPES[sub_event_type],
        sub_event_type=sub_event_type,
        actors=tuple(actors),
        location=location,
        fatalities=counts["fatalities"],
        wounded=counts["wounded"],
        captured=counts["captured"],
        figures=tuple(figures),
        contradictions=tuple(contradictions),
        sources=tuple(sources),
        notes=notes,
    )


def reconciliation_summary(
    reports: int, fatalities: Count | None, contradictions: Sequence[Figure]
) -> str:
    """How an incident's reports add up, in neutral words: how many reports, the range of
    the fatalities they give, and who disputes the best figure.

    ACLED's one notes column is where an export keeps what its one fatalities column (the
    best figure) cannot: the range and the contradicting claims.
    """
    parts = [f"Reconciled from {reports} report{'s' if reports != 1 else ''}."]
    if fatalities is not None and fatalities.low != fatalities.high:
        parts.append(
            f"Fatalities reported from {fatalities.low} to {fatalities.high}; "
            f"best {fatalities.best}."
        )
    if contradictions:
        # A claimant's figure repeated in one report's sentences is one figure in dispute.
        claims = "; ".join(
            dict.fromkeys(
                f"{c.claimant} {c.value} {c.field}" + (f" (via {c.via})" if c.via else "")
                for c in contradictions
            )
        )
        parts.append(f"Figures in dispute: {claims}.")
    return " ".join(parts)
