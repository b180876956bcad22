"""Article -> list[Event]: the extraction pipeline, top to bottom.

    doc = kit.nlp(text)                      sentences (spaCy parser)
    context = read_context(article, kit)     country, dates, actors, places, sources, claims
    frames = split into frames               one per event (classify.py)
    events = [assemble(frame) ...]           one contract record each, evidence-linked
    sorted by confidence                     the first is the article's main event

Every field is built from spans of `article.text` (`Evidence.at`), so offsets always slice
the stored text. A field with no supporting span stays empty.
"""

from __future__ import annotations

import hashlib
import re
import sys
import types
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from sitrep import __version__
from sitrep.errors import ExtractionError
from sitrep.extract.actors import ActorMention, assign_roles, find_actors, with_all_mentions
from sitrep.extract.claims import (
    UN_MISSION,
    UNATTRIBUTED,
    Attribution,
    Attributions,
    canonical_outlet,
    claimant_spans,
    un_mission,
)
from sitrep.extract.classify import (
    VIOLENT,
    WEAK,
    Frame,
    TriggerHit,
    amid_spans,
    opens_frame,
    sentence_trigger,
)
from sitrep.extract.counts import Counted, Role, read_figures, read_toll, split_count
from sitrep.extract.dates import (
    SAID_BEFORE,
    WEEKDAYS,
    DateMention,
    after_a_gap,
    dateline_day,
    find_dates,
    in_relative_clause,
    possessed,
)
from sitrep.extract.discourse import REPORTS, own_end
from sitrep.extract.kit import Kit, load_kit
from sitrep.extract.lowered import lowered_text
from sitrep.extract.notes import write_notes
from sitrep.extract.numbers import NUMBER_RE, UNITS, Figure, parse_figure
from sitrep.extract.parse import parse, parse_many
from sitrep.extract.places import (
    BACKER_AFTER,
    COMMON_ADMIN1,
    PARTICLE_CAP,
    TOWN_KINDS,
    Admin1,
    PlaceMention,
    capital_mentions,
    choose_place,
    find_admin1,
    find_dateline,
    find_places,
    fold,
    generic_name,
    headline_trimmed,
    implied_country,
    near_scene,
    posted_in,
    report_scene,
    with_dateline,
)
from sitrep.extract.roles import aimed_at, harmed, other_time, pronoun_casualties, suffered
from sitrep.gazetteer import Gazetteer, distance_km
from sitrep.lexicons import Country, Folded, Hit, allies, dated_name
from sitrep.lexicons import fold as _fold
from sitrep.models import Actor, Article, Claim, Count, Event, Evidence, Place
from sitrep.report_date import report_date

__all__ = ["Kit", "extract", "extract_many", "load_kit"]

#: Versioned name of the code that produced an event, stored with it (spaCy's habit).
EXTRACTOR = "sitrep.extract.v1"


@dataclass(frozen=True, slots=True)
class Context:
    "What the whole article says, found once and shared by its events."

    text: str
    sentences: list[tuple[int, int]]
    country: Country | None
    ranked_countries: list[Country]
    country_mentions: list[tuple[int, int, str]]
    actors: list[list[ActorMention]]
    places: list[list[PlaceMention]]
    dates: list[list[DateMention]]
    figures: list[list[Counted]]
    attributions: Attributions
    outlet: str | None
    loaded: list[Evidence]
    admin1: list[list[Hit[Admin1]]]
    #: Countries the text names as places (a country's name, a province, a town only it has),
    #: not only through nationalities ("Turkish forces").
    named_countries: frozenset[str] = frozenset()
    #: The discourse label of each sentence: only "incident" sentences report events.
    labels: tuple[str, ...] = ()
    #: The article's spaCy Doc: the parse the role, attribution and discourse stages read.
    doc: Any = None
    #: The town the report is about (`report_scene`): where a village it names, and the
    #: gazetteer lacks, is placed.
    scene: Any = None
    #: Spans spaCy labels a person, a people or an organisation: no village of the scene.
    not_places: frozenset[tuple[int, int]] = frozenset()
    #: Spans spaCy labels a people, a religion or a nationality ("Shiite Muslim") and the
    #: gazetteer knows no place of the name: no place ("the Shopian encounter" is one).
    peoples: frozenset[tuple[int, int]] = frozenset()
    #: Names the parse makes, somewhere in the report, the object of a verb of aiming
    #: ("targeted armed Fano militants"): never an unnamed act's perpetrator.
    aimed: frozenset[str] = frozenset()
    #: Actors named as sources ("Al-Shabab claimed responsibility"): no party to the events
    #: they tell, but a group's claim of an attack names who did it (`_claimed_by`).
    spoken: tuple[ActorMention, ...] = ()


def extract(article: Article, *, kit: Kit | None = None, doc: object | None = None) -> list[Event]:
    "Every event the article reports, highest confidence first."
    kit = kit or load_kit()
    if not article.text.strip():
        return []
    doc = doc if doc is not None else parse(kit.nlp, article.text)
    # "Published June 20 2016" heading the text: relative dates count from the day the
    # report states for itself, whatever its metadata says (sitrep.report_date).
    published = report_date(article.text, article.published)
    # "KHARTOUM, April 28 (Reuters) - ... yesterday": the dateline's day, a few days before
    # the metadata's, is the day the report was filed (`dateline_day`).
    if published == article.published:
        published = dateline_day(article.text, published) or published
    if published != article.published:
        article = replace(article, published=published)
    ctx = read_context(article, kit, doc)
    frames = split_frames(ctx, kit)
    _round_up_totals(ctx, frames)
    events = [assemble(article, ctx, frame, index, kit) for index, frame in enumerate(frames)]
    events = _sides_of_the_region_before(ctx, frames, events)
    events = one_per_incident(article, ctx, frames, events, kit)
    events = [x for k, e in enumerate(events) for x in crowds_of_a_clause(article, ctx, e, k, kit)]
    events = [x for k, e in enumerate(events) for x in each_states_strikes(article, e, k)]
    events = [
        piece for k, e in enumerate(events) for piece in split_roundup(article, ctx, e, k, kit)
    ]
    events = one_crowd_event_per_town(events)
    events = [
        near_the_scene(e, ctx, kit)
        for e in events
        if not _a_sweep(ctx, e, kit) and not _only_a_quote(ctx, e)
    ]
    return without_history(sorted(events, key=lambda e: -e.confidence))


#: A sweep over a whole country or its regions: "targeted the militants' positions across
#: the country", "strikes hit the capital and several other parts of the country".
_SWEEP = re.compile(
    r"\b(?:across|throughout|all\s+over)\s+(?:the\s+)?(?P<whole>country|nation|[A-Z][\w-]*)\b"
    r"(?!\s+(?:city|town|village|district|neighbou?rhoods?)\b)|"
    r"\bother\s+parts\s+of\s+the\s+(?:country|nation)\b|"
    r"\b(?:across|throughout)\s+(?:[A-Z][\w'’-]*\s+)?(?:provinces|regions)\b"
)
#: This many provinces named in one sentence make it a sweep over them, no scene of its own.
SWEEP_PROVINCES = 3


def _a_sweep(ctx: Context, event: Event, kit: Kit) -> bool:
    """Whether an event is only a sweep over a country or several provinces, with no toll.

    "Warplanes hit militant positions in Idlib, Hama, Aleppo and Latakia provinces" and
    "bombarded rebel-held areas across the country" tell a campaign, no incident at a place
    ACLED could code: with no toll of their own they are no event. The sentence that names
    the event's place decides (a sweep told with a toll is kept).
    """
    if event.fatalities is not None and event.fatalities.best:
        return False
    if event.location is None:
        return False
    told = [
        m
        for m in event.location.mentions
        if any(ev.start <= m.start < ev.end for ev in event.evidence)
    ]
    if not told:
        return False  # a place inferred from elsewhere says nothing of the account's reach
    starts = [s for s, _ in ctx.sentences]
    for mention in told:
        n = bisect_right(starts, mention.start) - 1
        if n < 0:
            return False
        s, e = ctx.sentences[n]
        provinces = {p.admin1 for p in ctx.places[n] if p.admin1}
        whole = any(
            m["whole"] is None
            or m["whole"].lower() in {"country", "nation"}
            or fold(m["whole"]) in _country_names(kit)
            for m in _SWEEP.finditer(ctx.text, s, e)
        )
        if not whole and len(provinces) < SWEEP_PROVINCES:
            return False
    return True


#: A sentence that is a quotation: it opens with the quote mark (after any bracketed
#: caption such as "[Photo]") and closes it before the speaker is named.
_QUOTE_SENTENCE = re.compile(r"\s*(?:\[[^\]]*\]\s*)?[\"“][^\"”]{20,}[\"”]")


def _only_a_quote(ctx: Context, event: Event) -> bool:
    """Whether an event is told only in quotations, with no toll and no place of their own.

    '"All the factions sent reinforcements ..." a rebel said' and '"Leading members were
    on high alert ..." the source added' colour a report's incident with what its
    witnesses said; a quotation that names neither a place nor a toll tells no incident
    ACLED could code apart from the one the report tells. (A quoted account with a place
    or a toll, '"Our aircraft struck a commander near X" the army said', is kept.)
    """
    if event.fatalities is not None and event.fatalities.best:
        return False
    if not event.evidence:
        return False
    place = event.location
    if place is not None and any(
        ev.start <= m.start < ev.end for m in place.mentions for ev in event.evidence
    ):
        return False
    starts = [s for s, _ in ctx.sentences]
    for ev in event.evidence:
        n = bisect_right(starts, ev.start) - 1
        if n < 0 or not _QUOTE_SENTENCE.match(ctx.text, ctx.sentences[n][0], ctx.sentences[n][1]):
            return False
    return True


#: How long before the report's main incident an incident told by its day is history.
HISTORY_DAYS = 7


def without_history(events: list[Event]) -> list[Event]:
    """The report's events less its history: incidents told as background to its main one,
    the incident it tells first. A report recalls what came before ("a similar clash took
    place on Jan 30", "last month a suicide bomber struck", "in May the group overran the
    city") to set the scene; the reports of those days coded them when they were news, so
    here they are no event. History is an incident dated more than a week before the main
    one, or told only by a week or a month that ended before the main one's began.
    "Earlier this week" and "earlier this month" are the main one's own week or month: kept.
    """
    if len(events) < 2:
        return events
    main = min(events, key=lambda e: e.evidence[0].start if e.evidence else sys.maxsize)
    if main.event_date is None:
        return events
    return [e for e in events if e is main or not _history(e, main.event_date)]


#: The report's own month, told as such: "earlier this month", "this month".
_THIS_MONTH = re.compile(r"\bthis\s+month\b", re.I)


def _history(event: Event, main: date) -> bool:
    day = event.event_date
    if day is None:
        return False
    if event.date_precision == "week":
        return day + timedelta(days=7) <= main - timedelta(days=main.weekday())
    if event.date_precision == "month":
        # "In July a car bomb hit the X market" in a report of 27 July: a writer names
        # the month for what lies beyond the days of the week ("on Monday"), and says
        # "earlier this month" for the month's news; told so, it is background too.
        return day < main.replace(day=1) or (
            day == main.replace(day=1)
            and main.day > HISTORY_DAYS
            and not any(_THIS_MONTH.search(ev.text) for ev in event.evidence)
        )
    if event.date_precision == "year":
        return day.year < main.year
    return day < main - timedelta(days=HISTORY_DAYS)


def near_the_scene(event: Event, ctx: Context, kit: Kit) -> Event:
    """An event at a village the gazetteer lacks is placed near the town the report is
    about (`near_scene`). Only now, once the report's events are told apart: a name with
    no point says nothing about which incident it is, and that stays so for merging."""
    place = event.location
    if place is None or place.latitude is not None or ctx.scene is None:
        return event
    mentions = [m for found in ctx.places for m in found]
    placed = near_scene(
        place, ctx.scene, mentions, kit.gazetteer, ctx.not_places, ctx.country_mentions
    )
    return event if placed is place else replace(event, location=placed)


def _round_up_totals(ctx: Context, frames: list[Frame]) -> None:
    """A round-up's total is the sum of its incidents, no incident's toll.

    "Kyiv said five civilians were killed by Russian shelling in the south and east. ... two
    in Toretsk ... two in Mala Tokmachka ... one in Kharkiv": when the later incidents' tolls
    account for the lead's (their deaths add up to at least its figure), the lead's figure
    is dropped from its sentence, so the lead's own event (a captured village) is not given
    the five and the total is not counted twice.
    """
    for i in sorted({f.lead[0] for f in frames if f.lead is not None}):
        total = max((c.figure.best for c in ctx.figures[i] if c.field == "fatalities"), default=0)
        if not total:
            continue
        told = {k for f in frames if f.trigger_sentence > i for k in f.reports if k > i}
        parts = sum(
            max(
                (c.figure.best for c in ctx.figures[k] if c.field == "fatalities" and not c.subset),
                default=0,
            )
            for k in told
        )
        if parts >= total:
            ctx.figures[i] = [c for c in ctx.figures[i] if c.field != "fatalities"]
    _provinces_round_up(ctx, frames)


def _provinces_round_up(ctx: Context, frames: list[Frame]) -> None:
    """A toll told for several provinces at once is a round-up, no incident's toll.

    "Four people killed in attacks in Damascus, Aleppo, Homs and Hasaka" heading a report,
    then each province's account: the bare toll opens the first account's frame, which a
    later sentence types ("7 were injured by rocket shells on al-Mazzeh"), and would lend it
    the four. When the later accounts' tolls add up to the round-up's, it is dropped from its
    sentence, as a lead's is (`_round_up_totals`).
    """
    for frame in frames:
        for i in (k for k in frame.sentences if k < frame.trigger_sentence):
            if len({fold(h.text) for h in ctx.admin1[i]}) < 3:
                continue
            told = {k for f in frames for k in f.reports if k > frame.trigger_sentence}
            for field in ("fatalities", "wounded"):
                totals = [c.figure.best for c in ctx.figures[i] if c.field == field]
                parts = sum(
                    max(
                        (
                            c.figure.best
                            for c in ctx.figures[k]
                            if c.field == field and not c.subset
                        ),
                        default=0,
                    )
                    for k in told
                )
                if len(totals) == 1 and 0 < totals[0] <= parts:
                    ctx.figures[i] = [c for c in ctx.figures[i] if c.field != field]


#: Crowd sub-event types, the one ACLED keeps first when one town's crowd does several.
_CROWD_ORDER = (
    "Excessive force against protesters",
    "Violent demonstration",
    "Mob violence",
    "Protest with intervention",
    "Peaceful protest",
)


def one_crowd_event_per_town(events: list[Event]) -> list[Event]:
    """One crowd event per town and day: a rally that police met with tear gas and that then
    burned police vehicles is one violent demonstration, not also a protest with
    intervention. The most severe type stands, with the evidence of all."""
    keep: dict[tuple[str, object], Event] = {}
    out: list[Event] = []
    for event in events:
        place = event.location
        if (
            event.sub_event_type not in _CROWD_ORDER
            or place is None
            or place.latitude is None
            or event.event_date is None
        ):
            out.append(event)
            continue
        key = (place.name, event.event_date)
        other = keep.get(key)
        if other is None:
            keep[key] = event
            out.append(event)
            continue
        first, second = sorted(
            (other, event), key=lambda e: _CROWD_ORDER.index(e.sub_event_type or "")
        )
        spans = {(x.start, x.end): x for x in (*first.evidence, *second.evidence)}
        merged = replace(first, evidence=tuple(spans[k] for k in sorted(spans)))
        out[out.index(other)] = merged
        keep[key] = merged
    return out


#: Between two perpetrators each told with its own "by": "hit by A's jets and by rockets
#: fired by B's army".
_AND_BY = re.compile(r"\b(?:and|as well as)\s+(?:also\s+)?by\b", re.I)


def each_states_strikes(article: Article, event: Event, index: int) -> list[Event]:
    """Strikes told of two states' forces, each with its own "by" ("the dead were hit by A's
    jets and by rockets fired by B's army"), are two events, one per
    state: ACLED codes each force's strikes apart. A toll told for both is shared out as
    for a list of towns. Two forces of one state, or a force and its allies told as one
    side ("by A and B forces"), stay one event."""
    if event.event_type != "Explosions/Remote violence":
        return [event]
    first = next((a for a in event.actors if a.role == "actor1"), None)
    ally = next((a for a in event.actors if a.role == "assoc_actor_1"), None)
    if (
        first is None
        or ally is None
        or first.kind != "state forces"
        or ally.kind != "state forces"
        or first.country == ally.country
        or not first.mentions
        or not ally.mentions
    ):
        return [event]
    a, b = sorted((first.mentions[0], ally.mentions[0]), key=lambda m: m.start)
    if a.end >= b.start or not _AND_BY.search(article.text, a.end, b.start):
        return [event]
    out = []
    for n, side in enumerate((first, ally)):
        others = tuple(x for x in event.actors if x.role not in {"actor1", "assoc_actor_1"})
        tolls = {field: _share(getattr(event, field), n, 2) for field in ("fatalities", "wounded")}
        piece = replace(
            event,
            event_id=event.event_id if n == 0 else _event_id(article, 1000 * (index + 1) + 700),
            actors=(replace(side, role="actor1"), *others),
            **tolls,
        )
        out.append(_noted(piece))
    return out


#: A clause of its own within a sentence: "police used batons on marchers in A, while
#: demonstrators held a sit-in in B".
_CLAUSE_BREAK = re.compile(r"(?:,\s*|\s+)(?:while|whereas)\s+|;\s+", re.I)


def crowds_of_a_clause(
    article: Article, ctx: Context, event: Event, index: int, kit: Kit
) -> list[Event]:
    """A crowd event whose sentence goes on, in a clause of its own, to crowds in other towns
    ("Riot police used batons on marchers in A and B, while demonstrators held sit-ins in C
    and D") is also an event at the first of those towns, typed by that clause's own words
    (`split_roundup` then gives each town of its list one). The clause's crowd is no party
    to the first clause's toll, and met no force unless its own words say so."""
    place = event.location
    if event.event_type not in _CROWDS or place is None or not place.mentions:
        return [event]
    anchor = place.mentions[0]
    i = next((k for k, (s, e) in enumerate(ctx.sentences) if s <= anchor.start < e), None)
    if i is None:
        return [event]
    end = ctx.sentences[i][1]
    cut = _CLAUSE_BREAK.search(ctx.text, anchor.end, end)
    if cut is None:
        return [event]
    countries = {(s, e) for s, e, _ in ctx.country_mentions}
    first = next(
        (
            m
            for m in ctx.places[i]
            if m.start >= cut.end() and m.precision < 3 and (m.start, m.end) not in countries
        ),
        None,
    )
    hit = sentence_trigger(ctx.text[cut.end() : end], cut.end(), kit.triggers)
    if first is None or hit is None or hit.event_type not in _CROWDS:
        return [event]
    located = choose_place(
        [first],
        text=ctx.text,
        clause=(cut.end(), end),
        country=ctx.country,
        country_mentions=ctx.country_mentions,
        gazetteer=kit.gazetteer,
        countries=kit.countries,
        admin1_mentions=ctx.admin1[i],
        also=ctx.ranked_countries[1:4],
    )
    if located is None or _one_town(located, place) or hit.event_type != event.event_type:
        return [event]
    actors = event.actors
    if hit.sub_event_type == "Peaceful protest":
        actors = tuple(a for a in actors if a.role in {"actor1", "assoc_actor_1"})
    tolls = {"fatalities", "wounded", "captured"}
    other = replace(
        event,
        event_id=_event_id(article, 1000 * (index + 1) + 500),
        sub_event_type=hit.sub_event_type,
        location=located,
        actors=actors,
        fatalities=None,
        wounded=None,
        captured=None,
        claims=tuple(c for c in event.claims if c.field not in tolls),
    )
    return [event, _noted(other)]


#: The end of a list that names some of its places: "in A, B, and other cities".
_AND_OTHERS = re.compile(
    r",?\s+(?:and|or)\s+(?:several\s+|many\s+|some\s+)?other\s+(?:cities|towns|villages)\b",
    re.I,
)
#: What joins the places of a list: "in Karachi, Lahore, and Faisalabad".
_LIST_JOIN = re.compile(
    r"^(?:\s+(?:city|town|village))?(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:the\s+)?"
    r"(?:(?:towns?|cities|city|villages?)\s+of\s+)?$",
    re.I,
)

#: What joins the regions of a list, each told with its kind word: "in the A and B
#: provinces", "over the A region, and two more over the B region", "in A province
#: and in B province".
_REGION_JOIN = re.compile(
    r"^(?:\s+(?:regions?|provinces?|oblasts?|governorates?|states?|districts?|counties))?"
    r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)"
    r"(?:(?:another|one|two|three|four|five|six|\d+)(?:\s+(?:more|others?|ones?|[a-z]+s))?"
    r"\s+)?(?:(?:in|over|above|across)\s+)?(?:the\s+)?$",
    re.I,
)

#: The kind words that tell a name is a region's: "the A region", "B province".
_REGION_KINDS = frozenset({"region", "province", "oblast", "governorate", "state", "county"})


def split_roundup(
    article: Article, ctx: Context, event: Event, index: int, kit: Kit
) -> list[Event]:
    """An event told at a list of towns is one event per town.

    "Police fired tear gas at protesters in Karachi, Lahore and Faisalabad", "forces shelled
    Ariha, Sarmada and Idlib city": ACLED codes an event per place. The event's place is one
    member of a list of town names joined by commas and "and"; each other member gets a copy
    of the event placed there. A toll the report gives for all of them together is shared
    out as ACLED does: evenly, the remainder to the first places ("two civilians were killed
    in Toretsk and Velyka Novosilka" is one each), so the places' tolls add up to the
    report's and no place is given a figure larger than the one reported.
    """
    place = event.location
    if place is None or not place.mentions:
        return [event]
    anchor = place.mentions[0]
    i = next((k for k, (s, e) in enumerate(ctx.sentences) if s <= anchor.start < e), None)
    if i is None:
        return [event]
    apart = _where_toll(article, ctx, event, index, kit, anchor)
    if apart is not None:  # the event's own town (or list of towns), and the clause's town
        here, there = apart
        return [*split_roundup(article, ctx, here, index, kit), there]
    countries = {(s, e) for s, e, _ in ctx.country_mentions}
    provinces = [(h.start, h.end) for h in ctx.admin1[i]]
    towns = [
        m
        for m in ctx.places[i]
        if m.precision < 3
        and (m.start, m.end) not in countries
        # (the event's own town, placed as a town, is one: "the capital Kabul")
        and not (
            m.kind == ""
            and any(a <= m.start < b for a, b in provinces)
            and not (m.start == anchor.start and place.geo_precision == 1)
        )
    ]
    at = next((k for k, m in enumerate(towns) if m.start == anchor.start), None)
    join = _LIST_JOIN
    if at is None and not towns:
        # "three missiles were downed over the A region, and two more over the B region"
        towns = [m for m in ctx.places[i] if (m.start, m.end) not in countries]
        at = next((k for k, m in enumerate(towns) if m.start == anchor.start), None)
        join = _REGION_JOIN
    if at is None:
        # "killed 15 in the Tillaberi region, four in the village of A and six in B": the
        # towns of a region's toll told town by town.
        each = next(
            (
                c
                for k in range(len(towns))
                if (c := _town_tolls(ctx.text, ctx.sentences[i][0], towns, k))
            ),
            [],
        )
        if each and _of_the_dead(ctx, i, each):
            return _per_town(article, ctx, event, index, kit, i, each)
        return [event]
    lo = hi = at
    while lo > 0 and join.match(ctx.text[towns[lo - 1].end : towns[lo].start]):
        lo -= 1
    while hi + 1 < len(towns) and join.match(ctx.text[towns[hi].end : towns[hi + 1].start]):
        hi += 1
    each = _town_tolls(ctx.text, ctx.sentences[i][0], towns, at)
    if each and _of_the_dead(ctx, i, each):
        return _per_town(article, ctx, event, index, kit, i, each)
    chain = towns[lo : hi + 1]
    joins = [ctx.text[a.end : b.start] for a, b in pairwise(chain)]
    listed = (
        len(chain) >= 3
        or any(re.search(r"\b(?:and|or)\b", j) for j in joins)
        or (len(chain) == 2 and bool(_AND_OTHERS.match(ctx.text, chain[-1].end)))
    )
    if not listed or len({fold(m.name) for m in chain}) < len(chain):
        return [event]  # "Patikul, Sulu": a town and its province, not a list
    if join is _REGION_JOIN and not any(m.kind in _REGION_KINDS for m in chain):
        return [event]  # "rocket attacks in Aleppo and Homs": cities as much as provinces
    if _PARTS_OF.match(ctx.text, chain[-1].end):
        # "the Midan and Hamdaniyah neighbourhoods of Aleppo", "shells hit the Midan and
        # Salihiya neighbourhoods": one town
        return [event]
    told = next((c for c in event.claims if c.field == "event"), None)
    if told is None or not told.start <= anchor.start < told.end:
        return [event]  # a list in another of its sentences ("a curfew is in effect in ...")
    placed: list[tuple[int, Place]] = []
    for k, mention in enumerate(chain):
        located = choose_place(
            [mention],
            text=ctx.text,
            clause=ctx.sentences[i],
            country=ctx.country,
            country_mentions=ctx.country_mentions,
            gazetteer=kit.gazetteer,
            countries=kit.countries,
            # a province named as another member of the list ("the capital X, Y and Z",
            # X a capital territory's name too) is no province of the others
            admin1_mentions=[
                h
                for h in ctx.admin1[i]
                if not any(o is not mention and o.start <= h.start < o.end for o in chain)
            ],
            also=ctx.ranked_countries[1:4],
        )
        if located is not None and not any(_one_town(located, p) for _, p in placed):
            placed.append((k, located))
    out = []
    for n, (k, located) in enumerate(placed):
        tolls = {
            field: _share(getattr(event, field), n, len(placed))
            for field in ("fatalities", "wounded", "captured")
        }
        # A share keeps the claims of the figure it comes from (their quote is the total).
        claims = tuple(
            c for c in event.claims if c.field not in tolls or tolls[c.field] is not None
        )
        piece = replace(
            event,
            event_id=event.event_id if k == 0 else _event_id(article, 1000 * (index + 1) + k),
            location=located,
            claims=claims,
            **tolls,
        )
        out.append(_noted(piece))
    return out or [event]


def _where_toll(
    article: Article, ctx: Context, event: Event, index: int, kit: Kit, anchor: Evidence
) -> tuple[Event, Event] | None:
    """The event's toll told in a relative clause of another town than its own: "fighting
    raged in A and in the nearby village of B, where 14 people were killed", "rebels were
    advancing on the town of B, where six civilians died". The dead fell at B: an event at
    B carries the toll (its own account: the clause's sentence), and the event at A keeps
    none of it. None when no such clause holds the event's toll."""
    toll = event.fatalities
    if toll is None or not toll.mentions:
        return None
    figure = toll.mentions[0]
    k = next((n for n, (s, e) in enumerate(ctx.sentences) if s <= figure.start < e), None)
    if k is None or not any(ev.start <= figure.start < ev.end for ev in event.evidence):
        return None
    s, e = ctx.sentences[k]
    town = next(
        (
            m
            for m in reversed(ctx.places[k])
            if m.end <= figure.start
            and m.precision < 3
            and (w := _WHERE_TOLL.match(ctx.text, m.end)) is not None
            and w.end() >= figure.start
        ),
        None,
    )
    if town is None or town.start == anchor.start or fold(town.name) == fold(anchor.text):
        return None
    counted = [c for c in ctx.figures[k] if c.field == "fatalities" and c.figure.best > 0]
    if not counted or (counted[0].figure.start, counted[0].figure.best) != (
        figure.start,
        toll.best,
    ):
        return None  # the event's toll is more than the clause's figure
    located = _placed_in_sentence(ctx, kit, town, k)
    if located is None or (event.location is not None and _one_town(located, event.location)):
        return None
    told = Evidence.at(ctx.text, s, s + len(ctx.text[s:e].rstrip()))
    claims: list[Claim] = []
    for c in event.claims:
        moved = replace(c, quote=told.text, start=told.start, end=told.end)
        if c.field in {"fatalities", "event"} and moved not in claims:
            claims.append(moved)
    there = replace(
        event,
        event_id=_event_id(article, 1000 * (index + 1) + 500),
        location=located,
        wounded=None,
        captured=None,
        actors=tuple(replace(a, mentions=()) for a in event.actors),
        claims=tuple(claims),
        evidence=(told,),
    )
    here = replace(
        event,
        fatalities=None,
        claims=tuple(c for c in event.claims if c.field != "fatalities"),
    )
    return _noted(here), _noted(there)


def _placed_in_sentence(ctx: Context, kit: Kit, mention: PlaceMention, i: int) -> Place | None:
    """One more town of an account, placed as its own sentence reads it: that sentence's
    provinces first, then the report's others, which place a village the gazetteer lacks
    as they place the event's own town."""
    return choose_place(
        [mention],
        text=ctx.text,
        clause=ctx.sentences[i],
        country=ctx.country,
        country_mentions=ctx.country_mentions,
        gazetteer=kit.gazetteer,
        countries=kit.countries,
        admin1_mentions=ctx.admin1[i],
        report_admin1=[h for j, hs in enumerate(ctx.admin1) if j != i for h in hs],
        also=ctx.ranked_countries[1:4],
    )


#: A relative clause of place that tells a toll: ", where 14 people were killed", ", where
#: at least six civilians died" (up to the figure).
_WHERE_TOLL = re.compile(r"\s*,\s+where\s+(?:(?:at\s+least|some|about|nearly|up\s+to)\s+)?", re.I)


#: "four in the village of Danga": a toll told for one town of a list, its number first.
_TOLL_AT = re.compile(
    rf"(?:{NUMBER_RE.pattern})\s+(?:(?:people|civilians|others|more|of them)\s+)?"
    r"(?:(?:were|was)\s+(?:killed|shot\s+dead|wounded)\s+)?(?:in|at)\s+(?:the\s+)?"
    r"(?:(?:nearby|neighbou?ring|adjacent)\s+)?(?:(?:towns?|villages?|city|hamlet|settlement|"
    r"locality)\s+of\s+)?$",
    re.I,
)
#: Between two towns of such a list: "..., four in the village of A and four in B".
_TOLL_JOIN = re.compile(r"^\s*(?:,\s*(?:and\s+)?|;\s*|\s+and\s+)")


def _town_tolls(
    text: str, sentence_start: int, towns: list[PlaceMention], at: int
) -> list[tuple[PlaceMention, Figure, int]]:
    """The towns of a toll told town by town, each with its figure and where its clause
    starts: "killed at least 15 people, four in the village of A and four in the nearby
    village of B" (empty unless the event's town `at` is one of two or more such towns)."""

    def toll_before(k: int, since: int) -> tuple[Figure, int] | None:
        "The figure told just before town k, and where its clause starts."
        window = text[max(since, towns[k].start - 80) : towns[k].start]
        offset = towns[k].start - len(window)
        m = _TOLL_AT.search(window)
        if m is None:
            return None
        figure = parse_figure(NUMBER_RE.match(window, m.start()), offset)  # type: ignore[arg-type]
        return (figure, offset + m.start()) if figure is not None and figure.best > 0 else None

    own = toll_before(at, sentence_start)
    if own is None:
        return []
    chain = [(towns[at], *own)]
    lo = at
    while lo > 0:
        prior = toll_before(lo, towns[lo - 1].end)
        gap = text[towns[lo - 1].end : prior[1]] if prior else ""
        if prior is None or not _TOLL_JOIN.fullmatch(gap):
            break
        earlier = toll_before(lo - 1, sentence_start)
        if earlier is None:
            break
        lo -= 1
        chain.insert(0, (towns[lo], *earlier))
    hi = at
    while hi + 1 < len(towns):
        nxt = toll_before(hi + 1, towns[hi].end)
        if nxt is None or not _TOLL_JOIN.fullmatch(text[towns[hi].end : nxt[1]]):
            break
        hi += 1
        chain.append((towns[hi], *nxt))
    return chain if len(chain) >= 2 else []


def _of_the_dead(ctx: Context, i: int, each: list[tuple[PlaceMention, Figure, int]]) -> bool:
    """Whether a toll told town by town counts the dead: the sentence gives a death toll,
    and none of the towns' figures counts anything else ("four people in A and two in B
    were wounded")."""
    fields = {c.figure.start: c.field for c in ctx.figures[i]}
    return "fatalities" in fields.values() and all(
        fields.get(f.start, "fatalities") == "fatalities" for _m, f, _s in each
    )


def _per_town(
    article: Article,
    ctx: Context,
    event: Event,
    index: int,
    kit: Kit,
    i: int,
    each: list[tuple[PlaceMention, Figure, int]],
) -> list[Event]:
    """One event per town of a toll told town by town, each with its own figure. The event
    keeps its account at its own town; another town's event rests on its own clause ("four
    in the nearby village of B"): its figure, its place and what the account's source says."""
    text = ctx.text
    anchor = event.location.mentions[0] if event.location and event.location.mentions else None
    starts = [m.start for m, _f, _s in each]
    keep = starts.index(anchor.start) if anchor is not None and anchor.start in starts else 0
    out: list[Event] = []
    for k, (mention, figure, start) in enumerate(each):
        located = (
            event.location
            if event.location is not None and anchor is not None and mention.start == anchor.start
            else _placed_in_sentence(ctx, kit, mention, i)
        )
        if located is None:
            continue
        toll = Count(
            best=figure.best,
            low=figure.low,
            high=figure.high,
            mentions=(Evidence.at(text, figure.start, figure.end),),
        )
        if k == keep:
            piece = replace(event, location=located, fatalities=toll)
        else:
            clause = Evidence.at(text, start, mention.end)
            claims = tuple(
                replace(
                    c,
                    value=toll.best if c.field == "fatalities" else c.value,
                    quote=clause.text,
                    start=clause.start,
                    end=clause.end,
                )
                for c in event.claims
                if c.field in {"fatalities", "event"}
            )
            piece = replace(
                event,
                event_id=_event_id(article, 1000 * (index + 1) + 100 + k),
                location=located,
                fatalities=toll,
                wounded=None,
                captured=None,
                actors=tuple(replace(a, mentions=()) for a in event.actors),
                claims=tuple(dict.fromkeys(claims)),
                evidence=(clause,),
            )
        out.append(_noted(piece))
    return out or [event]


def _noted(piece: Event) -> Event:
    "A piece of an event (one town of a list) with the ACLED-style notes of its own fields."
    notes = write_notes(
        event_date=piece.event_date,
        precision=piece.date_precision or "",
        event_type=piece.event_type,
        sub_event_type=piece.sub_event_type,
        actors=piece.actors,
        location=piece.location,
        fatalities=piece.fatalities,
    )
    return replace(piece, notes=notes)


#: What follows a list of places that are parts of one town.
_PARTS_OF = re.compile(r"\s+(?:neighbou?rhoods?|quarters?)\b", re.I)


def _one_town(a: Place, b: Place) -> bool:
    """Whether two members of a list resolve to one place (two spellings of one town). Two
    names the gazetteer lacks, both placed at the town they are near, are still two places."""
    if a.geo_precision == b.geo_precision == 1 and a.gazetteer_id == b.gazetteer_id:
        return True
    return fold(a.name) == fold(b.name)


def _share(count: Count | None, n: int, of: int) -> Count | None:
    """The n-th of `of` places' share of a toll told for all of them: equal parts, the
    remainder to the first ones (ACLED's rule for a total over several places). A place whose
    share is nothing has no toll."""
    if count is None or of <= 1:
        return count

    def part(total: int) -> int:
        return total // of + (1 if n < total % of else 0)

    best = part(count.best)
    if best == 0 and count.best > 0:
        return None
    return Count(
        best=best,
        low=min(part(count.low), best),
        high=max(part(count.high), best),
        mentions=count.mentions,
    )


#: Places closer than this are one scene for merging an article's accounts of one incident.
SAME_SCENE_KM = 25.0
#: Two named towns further apart than this are two scenes (gazetteer namesakes and a town's
#: own points differ by less).
TWO_TOWNS_KM = 3.0
#: Event types a crowd makes.
_CROWDS = frozenset({"Protests", "Riots"})
_FAMILIES = (
    frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"}),
    _CROWDS,
    frozenset({"Strategic developments"}),
)


def one_per_incident(
    article: Article, ctx: Context, frames: list[Frame], events: list[Event], kit: Kit
) -> list[Event]:
    """One event per incident: an article's accounts of the same happening become one.

    A report tells one incident in several sentences, and each may open a frame of its own
    ("Clashes ... killed two protesters. Security forces fired tear gas at the crowd ...").
    Two events are one incident when they share a day (or one has none), a scene (the same
    place, places within SAME_SCENE_KM, or one unplaced) and a family of event types
    (violence; protests and riots); for violence also the weapon (the same sub-event type,
    or a generic clash or attack) and the side that acts (the same actor1, or one unnamed).
    Places or days that differ keep events apart: a round-up of seven shelled villages
    stays seven events. A merged incident is assembled again from all its sentences, typed
    by its most confident trigger.
    """
    if len(events) < 2:
        return events
    group = list(range(len(events)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    # "... while in a separate gun battle a policeman was killed": the report itself says
    # the later account is another incident.
    apart = {
        k
        for k, f in enumerate(frames)
        if any(
            _APART.search(ctx.text, *ctx.sentences[n])
            for n in {f.trigger_sentence, *(n for n, _ in f.hits[:1])}
        )
    }
    # "Date of publication 4 September 2016 Two killed in rocket attacks on Aleppo ..."
    # then "... fired rockets on the Salah Eddin neighbourhood on Saturday evening": an
    # account dated only by the page's own day may be of the day the body tells.
    # (A day a quotation tells, "it's terrifying today", is the account's own for this.)
    filed = {
        k
        for k, f in enumerate(frames)
        if not any(
            (not d.statement or d.quoted) and not d.filed for n in f.sentences for d in ctx.dates[n]
        )
        and any(d.filed for n in f.sentences for d in ctx.dates[n])
    }
    # The days an incident's accounts tell for it: two incidents told on two days stay two,
    # even when an undated account would join either.
    untold = {
        k
        for k, f in enumerate(frames)
        if not any(not d.statement and not d.filed for n in f.sentences for d in ctx.dates[n])
    }
    told_days: dict[int, set[date]] = {
        k: set() if k in untold or e.event_date is None else {e.event_date}
        for k, e in enumerate(events)
    }
    # "Raids went on from late Friday into early Saturday": an incident told over a night
    # spans both days, and an account of either day may be of it.
    nights = {k: _night(ctx, f, events[k].event_date) for k, f in enumerate(frames)}
    # "The bombing also destroyed civilian property": the damage an attack did is told with
    # it, no looting of its own.
    damage = {
        k
        for k, f in enumerate(frames)
        if f.trigger.sub_event_type == "Looting/property destruction"
        and _DAMAGE_OF.search(ctx.text, *ctx.sentences[f.trigger_sentence])
    }
    # The attack a damage refers back to ("the attack", "the bombing"): the last one told.
    attack_before = {
        k: max((n for n in range(k) if events[n].event_type in _FAMILIES[0]), default=-1)
        for k in damage
    }
    # "The bombing also destroyed civilian property": a damage told with no place and no
    # day of its own is the damage of the attack it refers back to, wherever and whenever
    # the report placed that (its own place and day are only inferred).
    its_own = {
        k for k in damage if k not in untold or any(ctx.places[n] for n in frames[k].sentences)
    }
    # A toll at a village of its own ("moved on to the villages of X and Y, where four were
    # killed") is another scene, even when the gazetteer lacks the village and
    # `_same_scene` cannot tell the places apart. (A bare unknown name may be no place.)
    called = {(p.start, p.end) for group in ctx.places for p in group if p.kind in TOWN_KINDS}
    apart |= {
        k
        for k, f in enumerate(frames)
        if f.scene
        and (place := events[k].location) is not None
        and place.latitude is None
        and any((m.start, m.end) in called for m in place.mentions)
    }
    # "The assault began with a car bomb at the gate": the weapon that opened an assault
    # is an event beside the battle, never the battle's own account.
    openers = {
        k
        for k, f in enumerate(frames)
        if k > 0
        and f.trigger.event_type == "Explosions/Remote violence"
        and _OPENED_WITH.search(ctx.text, *ctx.sentences[f.trigger_sentence])
    }
    # "Rockets hit the neighbourhoods of X and Y ... Later, shells fell on the Z
    # neighbourhood": parts of one city, placed at its point, on one day by one side.
    quarters = {k for k, e in enumerate(events) if _a_quarter(ctx, e.location)}
    # "Mortar fire was also heard east of the town.": a bare report
    # adds a weapon to the account before it, no incident of its own.
    bare = {k for k, f in enumerate(frames) if k > 0 and _bare_report(ctx, f, events[k])}
    parts: set[int] = set()
    for i in range(len(events)):
        for j in range(i + 1, len(events)):
            if j in apart or {i, j} & parts or _opener_and_battle(events, openers, i, j):
                continue
            if i == 0 and _part_of_the_toll(events[0], events[j]):
                # "the group executed 500 clansmen ... 200 were put to death in one day in X": a
                # part of the lead's toll, by its perpetrator, with no day of its own, is
                # counted in the lead already: no event, nor a toll to add to it.
                parts.add(j)
                continue
            days_i, days_j = told_days[root(i)], told_days[root(j)]
            # An account of one of the two days an overnight incident spans is of it.
            spanned = bool(days_i and days_j) and (days_i <= nights[j] or days_j <= nights[i])
            if days_i and days_j and days_i != days_j and not spanned:
                continue
            aimed = (_aimed(frames[i]), _aimed(frames[j]))
            if root(i) != root(j) and (
                _same_incident(
                    events[i],
                    events[j],
                    aimed=aimed,
                    any_day=i in filed or j in filed or spanned,
                    vague=any(
                        _vague_blast(f) or _vague_fire(f, ctx.text) for f in (frames[i], frames[j])
                    )
                    or bool({i, j} & bare),
                    quarter=i in quarters or j in quarters,
                )
                or (
                    j in damage
                    and attack_before[j] == i
                    and (j not in its_own or _its_damage(events[i], events[j]))
                )
            ):
                told_days[root(i)] = days_i | days_j
                group[root(j)] = root(i)
    members: dict[int, list[int]] = {}
    for i in range(len(events)):
        if i not in parts:
            members.setdefault(root(i), []).append(i)
    # What the lead came after ("The sweep came two days after soldiers raided X and left 16
    # dead") is background the report of its own day coded: no event, nor is another
    # account of it, of a day before the report's first incident ("12 were hurt in
    # Tuesday's shelling"). An account of the lead's day it was merged with stays.
    first_day = events[0].event_date
    background = {
        k
        for k, f in enumerate(frames)
        if f.background
        or (
            f.amid
            and first_day is not None
            and (day := events[k].event_date) is not None
            and day < first_day
        )
    }
    for first in [r for r, idx in members.items() if background.intersection(idx)]:
        kept = [k for k in members.pop(first) if k not in background]
        if kept and not (
            0 not in kept
            and first_day is not None
            and all((day := events[k].event_date) is not None and day < first_day for k in kept)
        ):
            members[kept[0]] = kept
    if len(members) == len(events):
        return events
    out: list[Event] = []
    for first, idx in sorted(members.items()):
        if len(idx) == 1:
            out.append(events[idx[0]])
            continue
        # The attack, not the damage it did, types the incident.
        # Gas told with the shells that carried it: the incident is a chemical attack.
        chemical = [k for k in idx if frames[k].trigger.sub_event_type == CHEMICAL]
        lead = max(
            chemical or [k for k in idx if k not in damage] or idx,
            key=lambda k: (events[k].confidence, -k),
        )
        base = frames[lead]
        merged = Frame(
            trigger=base.trigger,
            sentences=sorted({n for k in idx for n in frames[k].sentences}),
            trigger_sentence=base.trigger_sentence,
            agent=base.agent or next((frames[k].agent for k in idx if frames[k].agent), None),
            date=base.date or next((frames[k].date for k in idx if frames[k].date), None),
            reports=sorted({n for k in idx for n in frames[k].reports}),
            hits=sorted({h for k in idx for h in frames[k].hits}, key=lambda h: h[1].start),
        )
        out.append(assemble(article, ctx, merged, first, kit))
    return out


def _part_of_the_toll(lead: Event, part: Event) -> bool:
    """Whether `part` tells a part of the lead's toll: the same act by the same side (named
    by the lead), a smaller toll, and no day of its own, only a week or a month ("IS
    executed 500 members of a clan over a fortnight ... 200 were put to death in one day
    in X"). A part told with a day of its own stays an incident."""
    if lead.sub_event_type != part.sub_event_type or part.date_precision == "day":
        return False
    if lead.date_precision != "day" or lead.fatalities is None or part.fatalities is None:
        return False
    actor = _told_actor1(lead)
    # (The part's perpetrator may be told only by the lead: "200 were put to death".)
    return (
        actor is not None
        and not actor.startswith("Unidentified")
        and actor == next((x.name for x in part.actors if x.role == "actor1"), None)
        and 0 < part.fatalities.best < lead.fatalities.best
    )


def _night(ctx: Context, frame: Frame, day: date | None) -> frozenset[date]:
    """The two days an incident spans when one of its sentences tells it on a day and the
    next, joined ("late Friday and early Saturday", "the strikes, carried out on Friday
    and Sunday"): a night's strikes, dated by one report on the evening and by another on
    the morning. Empty for an incident told on one day."""
    if day is None:
        return frozenset()
    for k in frame.reports:
        found = sorted(
            (d for d in ctx.dates[k] if d.precision == "day" and not d.filed),
            key=lambda d: d.evidence.start,
        )
        for a, b in pairwise(found):
            if (
                b.value - a.value == timedelta(days=1)
                and day in (a.value, b.value)
                and _NIGHT_JOIN.fullmatch(ctx.text, a.evidence.end, b.evidence.start)
            ):
                return frozenset({a.value, b.value})
    return frozenset()


#: What joins a night's two days: "late Friday and early Saturday", "Friday to Saturday".
_NIGHT_JOIN = re.compile(r"\s*(?:and|to|into|through|-|–)\s+(?:(?:early|late)\s+)?(?:on\s+)?", re.I)


#: A neighbourhood told as such around its name: "the neighbourhoods of X", "X and Y
#: neighbourhoods", "the X quarter".
_QUARTER_BEFORE = re.compile(r"\b(?:neighbou?rhoods?|quarters?)\s+of\s+(?:the\s+)?$", re.I)
_QUARTER_AFTER = re.compile(
    r"^(?:\s+and\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})?\s+"
    r"(?:neighbou?rhoods?|quarters?)\b"
)


def _a_quarter(ctx: Context, place: Place | None) -> bool:
    "Whether the text tells an event's place as a part of a city (a neighbourhood, a quarter)."
    if place is None or not place.mentions:
        return False
    spans = {(m.start, m.end) for m in place.mentions}
    return any(
        (p.start, p.end) in spans
        and (
            p.kind in {"neighbourhood", "neighborhood", "quarter"}
            or _QUARTER_BEFORE.search(ctx.text, max(0, p.start - 40), p.start) is not None
            or _QUARTER_AFTER.match(ctx.text[p.end : p.end + 60]) is not None
        )
        for found in ctx.places
        for p in found
    )


def _aimed(frame: Frame) -> bool:
    """Whether a frame's attack is told by an act aimed at someone ("opened fire on a
    vehicle", "shot at the convoy"): a specific account, not the generic one of another."""
    return frame.trigger.sub_event_type == "Attack" and frame.trigger.weight >= WEAK


#: An attack named as what did the damage: "the bombing also destroyed", "demolished after
#: the attack", "the plane crashed ... destroying several homes".
_DAMAGE_OF = re.compile(
    r"\b(?:attacks?|bombings?|bombardment|strikes?|air\s?strikes?|raids?|shelling|shells|"
    r"blasts?|explosions?|crash(?:ed)?|rockets?|missiles?|"
    # ... or the attackers just told: "the attackers also burned houses" (soldiers who burn
    # houses after a clash did an act of their own)
    r"attackers|assailants|raiders)\b|"
    # ... or the armed men just told, named again: "The militants later set fire to a church"
    r"\b(?:the|these|those)\s+(?:gunm[ae]n|militants|insurgents|jihadists|bandits|"
    r"militiam[ae]n|extremists|terrorists)\b|"
    # ... or no one: "Several houses were set on fire." right after an attack is its damage
    r"\b(?:was|were)\s+(?:also\s+)?(?:set\s+on\s+fire|set\s+ablaze|torched|burned|burnt|"
    r"razed|looted|vandali[sz]ed)\b(?!\s+by\b)",
    re.I,
)


def _its_damage(a: Event, b: Event) -> bool:
    """Whether `b`, an account of an attack's damage, is the damage `a`'s attack did: told
    of the same day and place."""
    kinds = {a.event_type, b.event_type}
    if "Strategic developments" not in kinds or not kinds & _FAMILIES[0]:
        return False
    if a.event_date and b.event_date and a.event_date != b.event_date:
        return False
    return _same_scene(a.location, b.location)


def _vague_blast(frame: Frame) -> bool:
    """Whether a frame's weapon is only a word for any explosion ("the bombing on Monday
    evening", "blasts were heard"): no account of a weapon of its own beside an air strike
    or shelling told of the same place and day."""
    trigger = frame.trigger
    return trigger.sub_event_type == "Remote explosive/landmine/IED" and trigger.weight < WEAK


#: "Shelling was also reported", "air raids were reported": a report of fire with no one
#: who fired, told in the passive.
_REPORTED = re.compile(r"\b(?:was|were|has\s+been|have\s+been)\s+(?:also\s+)?reported\b", re.I)


def _bare_report(ctx: Context, frame: Frame, event: Event) -> bool:
    """Whether an account only reports that fire happened: "Artillery shelling was also
    heard east of the town". With no side that acted, no toll and no place of
    its own (its place inferred from the account before it), it adds colour to the
    incident just told, no incident ACLED could code apart; it joins that incident whatever
    weapon it names. (Reported fire at a place of its own, or with a toll, stays an event.)
    """
    if event.event_type != "Explosions/Remote violence":
        return False
    if event.fatalities is not None and event.fatalities.best:
        return False
    if any(x.role == "actor1" for x in event.actors):
        return False
    place = event.location
    if place is not None and any(
        ev.start <= m.start < ev.end for m in place.mentions for ev in event.evidence
    ):
        return False
    return bool(_REPORTED.search(ctx.text, *ctx.sentences[frame.trigger_sentence]))


def _same_incident(
    a: Event,
    b: Event,
    *,
    aimed: tuple[bool, bool] = (False, False),
    any_day: bool = False,
    vague: bool = False,
    quarter: bool = False,
) -> bool:
    family = next((f for f in _FAMILIES if a.event_type in f), None)
    if family is None or b.event_type not in family:
        return False
    if not any_day and a.event_date and b.event_date and a.event_date != b.event_date:
        return False
    if not _same_scene(a.location, b.location, quarter=quarter) and not _province_retold(a, b):
        return False
    if family is _FAMILIES[1]:
        return True
    if family is _FAMILIES[2] and not (
        a.sub_event_type == b.sub_event_type == "Looting/property destruction"
    ):
        # Houses burned at one village, told twice, are one looting; each arrest (of whom
        # the report names) and any other development stays its own.
        return False
    # Two weapons are two events (an air strike and shelling the same day); a bare clash or
    # attack is the generic account of a specific one. Gunmen who "opened fire on a
    # vehicle" and a bomb that "exploded near a market" are two weapons too.
    generic = {"Armed clash", "Attack"}
    if (
        a.sub_event_type != b.sub_event_type
        and not ({a.sub_event_type, b.sub_event_type} & generic)
        and not _one_weapon(a.sub_event_type, b.sub_event_type)
        and not (vague and a.event_type == b.event_type)
    ):
        return False
    if a.sub_event_type != b.sub_event_type and any(aimed):
        return False
    # The same side acts in both, or one account does not say who acted: its actor is
    # unnamed, or named only elsewhere in the report (inferred, not told in its sentences).
    first_a = _told_actor1(a)
    first_b = _told_actor1(b)
    unknown = (None, *(n for n in (first_a, first_b) if n and n.startswith("Unidentified")))
    return (
        first_a == first_b
        or first_a in unknown
        or first_b in unknown
        # "State media accused rebels of using chemical arms against troops ... urged the
        # regime and the rebels to allow an inquiry into the attack": the same two sides,
        # each account naming the other's actor among its own.
        or (first_a in _sides(b) and first_b in _sides(a))
    )


def _province_retold(a: Event, b: Event) -> bool:
    """Whether two accounts are one toll told once of a province and once of a place in it.

    A headline sums an incident up by its province ("Army kills 16 militants in Latakia")
    and the body tells the village ("... clashed with them near Ain Sakhr, killing 16"); a
    province named as a bare word is read as its namesake city, tens of kilometres from
    the village. The same toll on the same day in the same province, one place bearing the
    province's own name, is the one incident (distinct incidents rarely share a toll).
    """
    pa, pb = a.location, b.location
    if pa is None or pb is None or not pa.admin1 or pa.admin1 != pb.admin1:
        return False
    if a.event_date != b.event_date or a.fatalities is None or b.fatalities is None:
        return False
    if not a.fatalities.best or a.fatalities.best != b.fatalities.best:
        return False
    province = _spelling(pa.admin1)
    return any(
        (name := _spelling(p.name)) and (province.endswith(name) or name.endswith(province))
        for p in (pa, pb)
    )


def _spelling(name: str) -> str:
    "A name's letters with doubled ones single ('Lattakia' and 'Latakia' spell one name)."
    return re.sub(r"(.)\1", r"\1", re.sub(r"[^a-z]", "", _fold(name)))


def _sides(event: Event) -> set[str]:
    "The names of an event's actors on either side (primary and associated)."
    return {x.name for x in event.actors if x.role in _ROLE_ORDER}


#: "Bombardment", "bombarded": heavy fire from the air or the ground alike, no weapon of
#: its own beside the air strikes or the shelling told of the same place and day. Nor is a
#: "bomber", a plane or a man who blows himself up ("the bombers targeted two positions").
_ANY_FIRE = re.compile(r"bombard|bombers?\b", re.I)


def _vague_fire(frame: Frame, text: str) -> bool:
    """Whether a frame's weapon is only a word for heavy fire of any kind ("overnight
    bombardment of the city", "pro-regime forces extend their bombardment"): the same
    account as the air strikes or shelling told with it."""
    trigger = frame.trigger
    return trigger.event_type == "Explosions/Remote violence" and bool(
        _ANY_FIRE.match(text, trigger.start, trigger.end)
    )


#: A bomb blast the report later says a suicide bomber set off is one blast, not two weapons
#: ("a bomb blast killed 44 ... the attack was carried out by a suicide bomber").
_ONE_BLAST = frozenset({"Remote explosive/landmine/IED", "Suicide bomb"})
#: A chemical weapon comes in shells, rockets or bombs: "fired rockets that released deadly
#: fumes", "barrel bombs laced with chlorine". The shelling or air strike that carried the gas
#: is the chemical attack told of its delivery, no weapon's use of its own (ACLED codes the
#: attack once, as a chemical weapon).
_CARRIERS = frozenset({"Shelling/artillery/missile attack", "Air/drone strike"})
CHEMICAL = "Chemical weapon"


def _one_weapon(a: str, b: str) -> bool:
    "Whether two sub-event types can be one weapon's use: a blast and its bomber, gas and shell."
    pair = {a, b}
    return pair == _ONE_BLAST or (CHEMICAL in pair and bool(pair & _CARRIERS))


def _told_actor1(event: Event) -> str | None:
    "The event's actor1 when one of its own sentences names it; else None."
    actor = next((x for x in event.actors if x.role == "actor1"), None)
    if actor is None:
        return None
    if actor.mentions and not any(
        ev.start <= m.start < ev.end for m in actor.mentions for ev in event.evidence
    ):
        return None
    return actor.name


def _same_scene(a: Any, b: Any, *, quarter: bool = False) -> bool:
    """Whether two accounts' places can be one scene.

    The same place, places within SAME_SCENE_KM, a region and a place inside it ("Lower
    Shabelle" and a town there), or a place the gazetteer could not resolve beside one it
    did (an unresolved name says nothing about where, and is often no place at all).
    Two unresolved names that differ stay apart: a round-up of villages. So do two names
    placed only by the same district seat, unless one is told as a neighbourhood
    (`quarter`): the parts of a city placed at its point are one place in ACLED's terms.
    """
    if a is None or b is None or a.name == b.name:
        return True
    if not a.mentions or not b.mentions:
        return True  # a place only inferred (the report's province) says nothing of the scene
    unresolved_a, unresolved_b = a.latitude is None, b.latitude is None
    if unresolved_a or unresolved_b:
        return unresolved_a != unresolved_b
    if (
        a.geo_precision == b.geo_precision == 2
        and (a.latitude, a.longitude) == (b.latitude, b.longitude)
        and not _holds(a.name, b.name)
        and not quarter
    ):
        # Two names placed at the same district seat: the seat stands in for both, and
        # says nothing about whether they are one scene; their names differ. (One that
        # holds the other, "the Qalamoun Barrens" and "Qalamoun", is one place.)
        return False
    if (
        a.geo_precision == b.geo_precision == 1
        and distance_km(a.latitude, a.longitude, b.latitude, b.longitude) > TWO_TOWNS_KM
    ):
        # Two towns the report names, each placed by its own name: ACLED codes an event per
        # location, whatever the distance ("moved on to the villages of ...").
        return False
    for coarse, fine in ((a, b), (b, a)):
        if (
            coarse.geo_precision == 3
            and coarse.country_code == fine.country_code
            and (coarse.admin1 is None or coarse.admin1 == fine.admin1)
        ):
            return True
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude) <= SAME_SCENE_KM


def _holds(a: str, b: str) -> bool:
    "Whether one place name holds the other as whole words ('Wadi Khaled Plain', 'Wadi Khaled')."
    x, y = f" {fold(a)} ", f" {fold(b)} "
    return x in y or y in x


OnError = Callable[[ExtractionError], None]


def extract_many(
    articles: Iterable[Article],
    *,
    kit: Kit | None = None,
    batch_size: int = 32,
    on_error: OnError | None = None,
) -> Iterator[tuple[Article, list[Event]]]:
    """Events of many articles, in input order, in this process.

    Texts go through spaCy in batches. An article whose extraction fails is passed to
    `on_error` and yields no events, so one article never stops a batch; without `on_error`
    the error is raised. Several processes are `sitrep.batch.extract_batches`, which builds
    on this module (data flows one way: extract, then batch).
    """
    kit = kit or load_kit()
    texts = ((a.text, a) for a in articles)
    for doc, article in parse_many(kit.nlp, texts, batch_size=batch_size):
        yield article, _guarded(article, kit, doc, on_error)


def _guarded(article: Article, kit: Kit, doc: object, on_error: OnError | None) -> list[Event]:
    try:
        return extract(article, kit=kit, doc=doc)
    except Exception as err:  # a bug in one article must not stop the batch
        error = ExtractionError(article.origin or article.id, err)
        if on_error is None:
            raise error from err
        on_error(error)
        return []


#: Where one sentence tells two incidents: "six people were killed in Tumaco, while two
#: soldiers died in Ipiales"; "... in Jenin; another man was shot in Ramallah".
_TWO_INCIDENTS = re.compile(
    r",\s+while\s+|;\s+|"
    # "Russian forces captured X on Tuesday, as Ukrainian officials said four civilians were
    # killed by shelling in Y": a speaker's report of another incident, run on with "as".
    r",\s+as\s+(?=(?:[\w'’.-]+\s+){1,4}?(?:said|says|reported|announced)\s)"
)
#: A clause that tells an incident: a casualty or attack verb in it.
_TELLS = re.compile(
    r"\b(?:killed|killing|died|dead|wounded|injured|shot|attacked|struck|hit|shelled|"
    r"bombed|abducted|kidnapped|murdered|arrested|detained|clashed|fired|captured|overran|"
    r"retook|recaptured)\b",
    re.I,
)


#: A part of the country other than the place told before: "in the north of the country",
#: "elsewhere in the country", "in another province".
_ELSEWHERE_IN = re.compile(
    r"\b(?:in\s+the\s+(?:north|south|east|west|centre|center|(?:north|south)-?(?:east|west))"
    r"(?:ern)?\s+(?:part\s+)?of\s+the\s+country|elsewhere\s+in\s+the\s+country|"
    r"in\s+(?:another|a\s+different)\s+(?:province|region|state|district))\b",
    re.I,
)


#: "Militants fired rockets on Saturday after air strikes killed a commander on Friday":
#: what came before, told with a day of its own, is an incident of its own.
_AFTER = re.compile(r"\s(?=after\s)", re.I)  # one character: no backtracking in long runs
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.I)


def _days_differ(left: str, right: str) -> bool:
    "Whether two clauses each name a weekday, and not the same one."
    a = {d.lower() for d in _WEEKDAY.findall(left)}
    b = {d.lower() for d in _WEEKDAY.findall(right)}
    return bool(a) and bool(b) and not a & b


def _clauses(text: str, s: int, e: int) -> list[tuple[int, int]]:
    "A sentence, cut where it goes on to a second incident with a verb of its own."
    cuts = [
        m
        for m in _TWO_INCIDENTS.finditer(text, s, e)
        if _TELLS.search(text, s, m.start())
        and _TELLS.search(text, m.end(), e)
        and len(text[m.end() : e].split()) >= 6
        and len(text[s : m.start()].split()) >= 6
    ]
    if not cuts:
        cuts = [
            m
            for m in _AFTER.finditer(text, s, e)
            if _TELLS.search(text, s, m.start())
            and _TELLS.search(text, m.end(), e)
            and _days_differ(text[s : m.start()], text[m.end() : e])
        ]
    if not cuts:
        return [(s, e)]
    out, start = [], s
    for m in cuts[:1]:  # one cut: the two halves each keep their verb and place
        out.append((start, m.start() + 1))
        start = m.end()
    out.append((start, e))
    return out


#: A sentence opener glued to the words before it with no stop: "... amid faltering peace
#: talks Civilians flee the city Meanwhile hundreds of civilians escaped ...". A page whose
#: stops and subheads were stripped runs two sentences together; the capitalised opener
#: in mid-sentence is where the next one begins.
_GLUED_OPENER = re.compile(r"(?<=[A-Za-z]) (?=(?:Meanwhile|Separately|Elsewhere) )")


#: Characters before a glued opener that are too few to be a sentence of their own.
_SUBHEAD = 40


def _unglued(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The sentences a span runs together (`_GLUED_OPENER`): a day the second one tells
    ("... escaped on Sunday") is not the day of what the first told ("in April")."""
    # (A short run before the opener is a subhead that opens the sentence, "Homs Meanwhile
    # two civilians were killed ...": it stays with it.)
    cuts = [m.end() for m in _GLUED_OPENER.finditer(text, s, e) if m.start() - s >= _SUBHEAD]
    bounds = [s, *cuts, e]
    return [(a, b) for a, b in pairwise(bounds) if a < b]


def _sentences(doc: object, text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:  # type: ignore[attr-defined]
        s, e = sent.start_char, sent.end_char
        # spaCy splits inside "(Djugu, Ituri)." and after "Gen." rarely; newlines always split.
        for part in re.finditer(r"[^\n]+", text[s:e]):
            ps, pe = s + part.start(), s + part.end()
            for gs, ge in _unglued(text, ps, pe):
                if text[gs:ge].strip():
                    spans.extend(_clauses(text, gs, ge))
    # spaCy sometimes ends a sentence one token late ("... days. 78" | "BH fighters were
    # killed."): move such a dangling start to the next sentence.
    for k in range(len(spans) - 1):
        s, e = spans[k]
        m = re.search(r"[.!?][\"')\]]?\s+(\S+(?:\s+\S+)?)\s*$", text[s:e])
        if m and len(m.group(1)) <= 12 and spans[k + 1][0] >= e:
            cut = s + m.start(1)
            spans[k] = (s, cut)
            spans[k + 1] = (cut, spans[k + 1][1])
    merged: list[tuple[int, int]] = []
    lead: int | None = None  # a short line opener waiting for the rest of its line
    for k, (s, e) in enumerate(spans):
        if lead is not None:
            s, lead = lead, None
        # a clause cut (_clauses): after ", while", ";" or before a dated "after"
        cut = bool(merged) and (
            text[merged[-1][1] - 1] in ",;" or (merged[-1][1] <= s and text.startswith("after ", s))
        )
        short = len(text[s:e].strip()) < 12
        nxt = spans[k + 1][0] if k + 1 < len(spans) else None
        if (
            short
            and "\n" in text[merged[-1][1] if merged else 0 : s]
            and nxt is not None
            and ("\n" not in text[e:nxt])
        ):
            # "BEIRUT: Violent clashes ...": a dateline opening a line belongs to the
            # sentence after it, not to the headline above.
            lead = s
            continue
        if merged and not cut and (short or re.match(r"^\s*[a-z(]", text[s:e])):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def read_context(article: Article, kit: Kit, doc: object) -> Context:
    text = article.text
    folded = Folded.of(text)
    sentences = _sentences(doc, text)
    country_hits = [
        h  # "near the community of Costa Rica" (Culiacán) names a locality, not the country
        for h in kit.places.find(text, folded)
        if not _LOCALITY_OF.search(text[max(0, h.start - 40) : h.start])
        and not _LOCALITY_AFTER.match(text, h.end)
        and not BACKER_AFTER.match(text, h.end)  # "Iran-backed militias": no place
        and not _CURRENCY_AFTER.match(text, h.end)  # "the US dollar rate": no place
        # "in Niger state, northern Nigeria": another country's province of the name
        and not _A_STATE_OF_THE_NAME.match(text, h.end)
    ]
    country_mentions = [(h.start, h.end, h.entry) for h in country_hits]
    # The parse's entities, read once: spaCy builds `doc.ents` anew at every access.
    entities = [(e.start_char, e.end_char, e.label_) for e in getattr(doc, "ents", ())]
    persons = [(s, e) for s, e, label in entities if label == "PERSON"]
    named = [h for h in kit.actors.find(text, folded) if not _in_a_persons_name(persons, h)]
    source_hits = kit.sources.find(text, folded)
    outlets = [(h.start, h.end) for h in source_hits if h.entry.kind == "outlet"]
    ranked, named_countries = _article_countries(
        text, folded, kit, country_hits, named, doc, outlets
    )
    if not ranked:  # a report that names no country: the one its places imply
        mentions = [m for s, e in sentences for m in find_places(text, s, e, exclude=[])]
        implied = implied_country(mentions, kit.gazetteer)
        ranked = [kit.countries[implied]] if implied in kit.countries else []
    country = ranked[0] if ranked else None
    iso3 = country.iso3 if country else None
    if country is not None:
        named = _peacekeepers_mission(named, kit, country)
    outlet = canonical_outlet(article.outlet, kit.sources)
    claimants = claimant_spans(text, source_hits)
    all_actors = find_actors(
        text,
        named=named,
        country_hits=country_hits,
        rules=kit.generic,
        countries=kit.countries,
        country=iso3,
    )

    def actor_at(start: int, end: int) -> str | None:
        return next((m.name for m in all_actors if start <= m.start and m.end <= end), None)

    attributions = kit.attributor.attribute(
        doc, text, sentences, hits=source_hits, outlet=outlet, actor_at=actor_at
    )
    # "the UN mission said": the UN's mission in the report's country (MINUSCA, UNAMA).
    names = {UN_MISSION: un_mission(iso3)}
    if country is not None:
        # "the government said": which one is the report's country's, the only one a
        # database of many countries can use.
        names["Government"] = f"Government of {country.name}"
    attributions = attributions.renamed(names)
    # "the Nigerian Police said", "police told reporters": sources, not parties.
    claimants += attributions.speakers
    every_actor = [m for m in all_actors if not any(s <= m.start < e for s, e in claimants)]
    kept_actors = {id(m) for m in every_actor}
    labels = kit.discourse.label(doc, text, sentences, article.published)
    lower_words = frozenset(re.findall(r"(?<![\w-])[a-z][\w'’]*(?![\w-])", text))
    actors, places, dates, figures = [], [], [], []

    def seat(demonym: tuple[int, int] | None) -> str | None:
        "The capital of the report's country, or of the one a demonym names."
        code = (
            iso3
            if demonym is None
            else next((c for s, e, c in country_mentions if (s, e) == demonym), None)
        )
        found = kit.gazetteer.capital(code) if code else None
        return found.name if found is not None else None

    # A people's, a faith's or a nationality's name ("Kurdish opposition groups") that names
    # no place the gazetteer knows: never a place of the report.
    peoples = frozenset(
        (s, e)
        for s, e, label in entities
        if label == "NORP" and kit.gazetteer.lookup(text[s:e]) is None
    )
    # Of those, the ones that read as a people: an adjective of one word ("Kurdish",
    # "Alawite"), or a name before a word for a group of people ("the Luac section",
    # "Bor herders"). The parse also labels a village's unfamiliar name a people ("the
    # village of Abu Khashab"), so a name alone is not enough.
    adjectives = frozenset(
        (s, e)
        for s, e in peoples
        if _PEOPLES_WORD.fullmatch(text, s, e) or _GROUP_AFTER.match(text, e)
    )
    for s, e in sentences:
        found = [m for m in every_actor if s <= m.start < e]
        actors.append(found)
        exclude = [(m.start, m.end) for m in found if not m.generic or m.kind == "state forces"]
        exclude += [(h.start, h.end) for h in source_hits]
        places.append(
            sorted(
                [
                    *(
                        headline_trimmed(p, text, lower_words)
                        for p in find_places(text, s, e, exclude=exclude)
                        if not _common_noun(text, p.name, lower_words)
                        and not _inside_a_countrys_name(p, country_mentions)
                        and not _A_REGIONS_ADJECTIVE.fullmatch(p.name)
                        and (p.start, p.end) not in adjectives
                    ),
                    *capital_mentions(text, s, e, seat),
                ],
                key=lambda p: p.start,
            )
        )
        dates.append(
            [
                replace(d, clause=c)
                if (
                    c := in_relative_clause(doc, d.evidence.start, d.evidence.end)
                    or after_a_gap(doc, d.evidence.start, d.evidence.end)
                    or possessed(doc, text, d.evidence.start, d.evidence.end)
                )
                else d
                for d in find_dates(text, s, e, article.published)
            ]
        )
        if _stale(dates[-1], article.published):
            labels[len(dates) - 1] = "background"

        def party(ps: int, pe: int, found: list[ActorMention] = found) -> str | None:
            return next(
                (m.name for m in found if ps <= m.start < pe or m.start <= ps < m.end), None
            )

        # A running total or a figure from history is no incident's toll.
        reports = labels[len(figures)] in REPORTS
        # Other reports' headlines listed as links ("Related ...") give this report no toll.
        own = own_end(text, s, e)
        figures.append(read_figures(text, s, own, party=party, doc=doc) if reports else [])
    loaded = [Evidence.at(text, h.start, h.end) for h in kit.loaded.find(text, folded)]
    # "YANGON –" heads a wire report: where it was filed, not where anything happened.
    dateline = _DATELINE.match(text)
    filed = find_dateline(text)
    # Nor is a country's own name its namesake province ("Mexico", the State of Mexico),
    # or a province's name inside a group's ("the Sinaloa Cartel").
    countries_at = {(s, e) for s, e, _c in country_mentions}
    groups = [(m.start, m.end) for m in every_actor if not m.generic or m.kind == "state forces"]
    admin1_hits = [
        h
        for h in kit.admin1.find(text, folded)
        if (not dateline or h.start >= dateline.end())
        and (not filed or h.start >= filed.end)
        and (h.start, h.end) not in countries_at
        and not any(s <= h.start and h.end <= e for s, e in groups)
    ]
    if filed is not None:
        with_dateline(text, places, sentences, filed, country_mentions, kit.gazetteer, iso3)
    admin1 = [find_admin1(text, admin1_hits, s, e) for s, e in sentences]
    reporting = [label in REPORTS for label in labels]
    scene = report_scene(places, reporting, country_mentions, kit.gazetteer, iso3, admin1)
    return Context(
        text,
        sentences,
        country,
        ranked,
        country_mentions,
        actors,
        places,
        dates,
        figures,
        attributions,
        outlet,
        loaded,
        admin1,
        named_countries,
        labels=tuple(labels),
        doc=doc,
        scene=scene,
        aimed=frozenset(
            m.name for sentence in actors for m in sentence if aimed_at(doc, m.start, m.end)
        ),
        not_places=frozenset(
            (s, e) for s, e, label in entities if label in {"PERSON", "NORP", "ORG"}
        ),
        spoken=tuple(m for m in all_actors if id(m) not in kept_actors),
        peoples=peoples,
    )


def _peacekeepers_mission(named: list[Hit], kit: Kit, country: Country) -> list[Hit]:
    """UN peacekeepers in a country with a UN mission are that mission's ("MINUSCA" in the
    Central African Republic), as ACLED codes them; the lexicon's "UN mission in X" alias
    names it. Elsewhere they stay the United Nations."""
    if not any(h.entry.name == _UN and "peacekeep" in h.text.lower() for h in named):
        return named
    mission = next(
        (
            hit.entry
            for phrase in (f"UN mission in {country.name}", f"UN mission in the {country.name}")
            for hit in kit.actors.find(phrase)
            if (hit.start, hit.end) == (0, len(phrase))
        ),
        None,
    )
    if mission is None:
        return named
    return [
        replace(h, entry=mission) if h.entry.name == _UN and "peacekeep" in h.text.lower() else h
        for h in named
    ]


_UN = "UN: United Nations"


def _in_a_persons_name(persons: list[tuple[int, int]], hit: Hit) -> bool:
    """Whether a group's alias is part of a longer person's name the parse found ("Qassam"
    of "Qassam Abu Saria", one of the dead): a name, not the group. `persons` are the
    spans of the parse's PERSON entities."""
    return any(
        s <= hit.start and hit.end <= e and (s, e) != (hit.start, hit.end) for s, e in persons
    )


def _article_countries(
    text: str,
    folded: Folded,
    kit: Kit,
    country_hits: list,
    named: list,
    doc: Any = None,
    outlets: Sequence[tuple[int, int]] = (),
) -> tuple[list[Country], frozenset[str]]:
    """The countries the article is about, most votes first.

    Places outrank nationalities: "Turkish forces shelled Tall Refaat in Aleppo" is about
    Syria. A province the text calls one ("Delta State", "(Bassa LGA, Plateau)") counts 4,
    an admin1 or major town that exists in one country only 3, a country's name 2, a named
    actor's home 1, a demonym 1. A news agency's name is no place ("IRNA reported" is not
    the Italian town, "the Fars news agency" not the Iranian province).
    """

    def in_outlet(hit: Hit[Any]) -> bool:
        return any(s <= hit.start and hit.end <= e for s, e in outlets)

    votes: Counter[str] = Counter()
    strong: set[str] = set()
    for hit in country_hits:
        country = kit.countries.get(hit.entry)
        is_name = country is not None and fold(hit.text) in {
            fold(n) for n in (country.name, *country.aliases)
        }
        votes[hit.entry] += 2 if is_name else 1
        if is_name:
            strong.add(hit.entry)
    for hit in named:
        if hit.entry.country:
            votes[hit.entry.country] += 1
    provinces = [h for h in kit.admin1.find(text, folded) if not in_outlet(h)]
    # Countries the report names and places itself in: by name and by a province of theirs.
    pointed = {h.entry.iso3 for h in provinces if h.text[:1].isupper()}
    located = pointed & strong
    pointed |= strong
    for hit in kit.gazetteer.pointers.find(text, folded):
        # "Kruta Balka" is not "Balka", nor "Jabal al-Zawiya" "Zawiya": a pointer must be a
        # whole capitalised name.
        inside = _INSIDE_NAME.search(text[max(0, hit.start - 25) : hit.start]) or (
            _CONTINUES_NAME.match(text[hit.end : hit.end + 25])
        )
        if (
            hit.text[:1].isupper()
            and not inside
            and not in_outlet(hit)
            and not _word_not_name(doc, hit.start, hit.end)
            and not generic_name(hit.text)
            # "central Mali" is the country, not the Turkmen town of that name.
            and fold(hit.text) not in _country_names(kit)
            # "Ariha, Syria": the report says which country's Ariha it means.
            and not any(
                c.entry != hit.entry and re.fullmatch(r"\s*,\s*", text[hit.end : c.start])
                for c in country_hits
            )
            and not _far_namesake_town(kit, hit, located, pointed)
            # nor "Tuzla, Istanbul": a province of another country names the town's
            and not any(
                p.entry.iso3 != hit.entry
                and p.text[:1].isupper()
                and re.fullmatch(r"\s*,\s*", text[hit.end : p.start])
                for p in provinces
            )
        ):
            votes[hit.entry] += 3
            strong.add(hit.entry)
    for hit in provinces:
        capitalised = hit.text[:1].isupper() or PARTICLE_CAP.match(hit.text)
        common = fold(hit.text) in COMMON_ADMIN1
        if common and find_admin1(text, [hit], hit.start, hit.end):
            # "(Bassa LGA, Plateau)", "Delta State": a common word the text calls a
            # province, which outranks a town name only one country has ("Kuru" is also a
            # name of a Swiss town)
            votes[hit.entry.iso3] += 4
            strong.add(hit.entry.iso3)
        elif capitalised and not common and not generic_name(hit.text):
            votes[hit.entry.iso3] += 2
            strong.add(hit.entry.iso3)
    ranked = [kit.countries[iso3] for iso3, _ in votes.most_common() if iso3 in kit.countries]
    return ranked, frozenset(strong)


#: How far from the capital of every country a report names a town the gazetteer knows in
#: one other country only may lie before it is taken for a namesake the gazetteer lacks.
_FAR_POINTER_KM = 3000.0


def _far_namesake_town(kit: Kit, hit: Hit[str], located: set[str], pointed: set[str]) -> bool:
    """Whether a town name the gazetteer has in one country only ("Kani", Japan) stands for a
    namesake the gazetteer lacks, in a report set elsewhere: other countries are named, each
    with a province of its own (`located`), the town's country is neither named nor given a
    province (`pointed`: the countries the text names either way), and the town lies
    thousands of kilometres from all of their capitals. A Myanmar report of fighting in
    Kani township is not about Japan; an Israeli town in a Lebanon report ("rockets hit
    Metula") is the neighbour's and still points to Israel."""
    if not located or hit.entry in pointed:
        return False
    town = kit.gazetteer.lookup(hit.text, country=hit.entry)
    if town is None:
        return False
    capitals = [kit.gazetteer.capital(iso3) for iso3 in located]
    return all(
        c is None
        or distance_km(town.latitude, town.longitude, c.latitude, c.longitude) > _FAR_POINTER_KM
        for c in capitals
    )


_COUNTRY_NAMES: dict[int, frozenset[str]] = {}


def _country_names(kit: Kit) -> frozenset[str]:
    "Every country's name and alias, folded (once per Kit)."
    key = id(kit.countries)
    if key not in _COUNTRY_NAMES:
        _COUNTRY_NAMES[key] = frozenset(
            fold(n) for c in kit.countries.values() for n in (c.name, *c.aliases)
        )
    return _COUNTRY_NAMES[key]


#: Parts of speech a place name never takes: "Unknown gunmen" (a town in Algeria by its
#: spelling) opens a sentence as an adjective, not as a name.
_NOT_NAMES = frozenset({"ADJ", "ADV", "VERB", "AUX", "DET", "PRON", "ADP", "CCONJ", "SCONJ"})


def _word_not_name(doc: Any, start: int, end: int) -> bool:
    "Whether the parse reads the words at text[start:end] as anything but a name or noun."
    span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
    return span is not None and len(span) > 0 and span[0].pos_ in _NOT_NAMES


#: "marchers angry at the price of the US dollar": the currency of the world's trade,
#: quoted in any country's news, names no country the report is about.
_CURRENCY_AFTER = re.compile(r"\s+dollars?\b", re.I)
#: A country's name followed by "state" as a province's kind ("Niger State", "Niger state
#: governor"), not the state's institutions ("Niger state television").
_A_STATE_OF_THE_NAME = re.compile(
    r"\s+[Ss]tate\b(?!\s+(?:media|television|tv|news|agency|radio|broadcaster|department|"
    r"officials?|forces|security|council|of|visit|funeral|secretary|prosecutors?|apparatus)\b)"
)
_LOCALITY_OF = re.compile(
    r"\b(?:community|town|village|district|neighbou?rhood|municipality|locality|hamlet|"
    r"settlement|suburb|colonia|barrio)\s+of\s+$",
    re.I,
)
#: "in the Costa Rica district of Culiacan": a country's name before a word for a part of a
#: town names that part, not the country.
_LOCALITY_AFTER = re.compile(
    r"\s+(?:district|neighbou?rhood|quarter|suburb|colonia|barrio|township|estate)\b"
    r"(?!\s+of\b)",
    re.I,
)
_DATELINE = re.compile(r"\s*[A-Z][A-Z'’ .,/-]{1,60}?(?:\s*\([^()\n]{1,40}\))?\s*[–—-]+\s")
_INSIDE_NAME = re.compile(r"(?:[A-Z][\w'’]*[\s-]|\b(?:al|el|ad|as|ash|an|ar|at|az)-)$")
_CONTINUES_NAME = re.compile(r"^[\s-][A-Z]")


#: A sentence whose every date lies this many days or more before publication recalls
#: history: news reports an incident within days. A recalled incident of last month still
#: stands as an event of its own (with its own date); a season back it is background.
STALE_DAYS = 90


def _stale(found: list[DateMention], published: date | None) -> bool:
    "Whether every date a sentence gives (not the day of a statement) is long past."
    days = [d.value for d in found if not d.statement]
    return (
        bool(days)
        and published is not None
        and all((published - d).days >= STALE_DAYS for d in days)
    )


#: A people's or a faith's adjective: "Kurdish", "Alawite", "Tigrayan", "Shiite".
_PEOPLES_WORD = re.compile(r"[A-Z][a-z]+(?:ish|ian|an|ese|i|ite|ic)")
#: Words for a group of people after a people's name: "(Luac) section", "(Murle)
#: community", "(Fulani) herdsmen", "(Kurdish) opposition groups".
_GROUP_AFTER = re.compile(
    r"\s+(?:opposition|communit(?:y|ies)|section|subsections?|sub-?clans?|clans?|tribes?|"
    r"tribesmen|militias?|fighters|rebels|groups?|part(?:y|ies)|youths?|herders|herdsmen|"
    r"cattle|villagers|civilians|separatists|insurgents|militants|members|elders|families)\b"
)
#: A world region's adjective ("the West African country", "a Middle Eastern state",
#: "the central African nation") describes a country; it names no place.
_A_REGIONS_ADJECTIVE = re.compile(
    r"(?:(?:West|East|North|South|Central|Southern|Northern|Eastern|Western|Southeast|"
    r"Southeastern|Northeast|Northeastern|Sub-Saharan|Horn of)\s+)?(?:African|Asian|European|"
    r"Latin American|Middle Eastern|Caribbean|Balkan|Baltic|Sahelian|Caucasian)",
    re.I,
)


def _inside_a_countrys_name(
    place: PlaceMention, country_mentions: list[tuple[int, int, str]]
) -> bool:
    """A piece of a country's long name ("Democratic Republic" or "Congo" of "Democratic
    Republic of the Congo", "Sudan" of "South Sudan") is no place of its own: the whole
    name is the country's mention, and where in it the event was is for the report's other
    places to say."""
    return any(
        s <= place.start and place.end <= e and (place.start, place.end) != (s, e)
        for s, e, _iso3 in country_mentions
    )


def _common_noun(text: str, name: str, lower_words: frozenset[str]) -> bool:
    """A capitalised word the same report also writes in lower case is a common noun set in
    a headline's title case ("Killed in Clashes with Kurds" ... "killed in clashes"), not a
    place. `lower_words` are the report's words that start in lower case."""
    lower = name.lower()
    if lower == name or not lower.strip():
        return False
    words = lower.split()
    if any(w not in lower_words for w in words):
        return False
    return len(words) == 1 or re.search(rf"(?<![\w-]){re.escape(lower)}(?![\w-])", text) is not None


def split_frames(ctx: Context, kit: Kit) -> list[Frame]:
    frames: list[Frame] = []
    current: Frame | None = None
    pending: list[int] = []
    # Each trigger searches the whole article once; its matches are shared out by sentence
    # (a trigger absent from the article is absent from every sentence).
    starts = [s for s, _e in ctx.sentences]
    by_sentence: list[dict[Any, list[tuple[int, int]]]] = [{} for _ in ctx.sentences]
    present: set[Any] = set()
    lowered = lowered_text(ctx.text)
    for t in kit.triggers:
        if t.pattern.pattern.startswith("^") or t.absent_from(lowered):
            continue
        for m in t.finditer(ctx.text, lowered):
            present.add(t)
            k = bisect_right(starts, m.start()) - 1
            if k >= 0 and m.end() <= ctx.sentences[k][1]:
                s0 = starts[k]
                by_sentence[k].setdefault(t, []).append((m.start() - s0, m.end() - s0))
    triggers = tuple(t for t in kit.triggers if t.pattern.pattern.startswith("^") or t in present)

    def unreal(start: int, end: int) -> bool:
        return kit.discourse.unreal(ctx.doc, start, end)

    for i, (s, e) in enumerate(ctx.sentences):
        if ctx.labels and ctx.labels[i] not in REPORTS:
            continue  # background, threats and denials neither open nor join an event
        hit = sentence_trigger(ctx.text[s:e], s, triggers, unreal, by_sentence[i])
        headline = i + 1 < len(ctx.sentences) and ctx.text[e : e + 1] == "\n"
        if hit is not None and current is None and headline and _headline(ctx.text[s:e], i):
            # A headline restates the lead: it joins the event the lead opens.
            pending.append(i)
            continue
        bare_toll = False
        if hit is None and ctx.figures[i] and any(c.figure.best > 0 for c in ctx.figures[i]):
            hit = _casualty_trigger(ctx, i)
            bare_toll = True
        elif hit is not None and hit.sub_event_type == "Attack" and hit.weight < WEAK:
            bare_toll = True  # "were killed": a casualty verb names no kind of violence
        if hit is None:
            (current.sentences if current else pending).append(i)
            if current is not None and ctx.figures[i]:
                current.reports.append(i)
            continue
        agent = next((m.name for m in ctx.actors[i] if m.end <= hit.start and m.armed), None)
        # The day the sentence says it happened; not the day something was said or filed.
        own_date = next(iter(_own_days(ctx.dates[i])), None)
        elsewhere = (
            current is not None
            and bool(_ALSO_HIT.search(ctx.text, *ctx.sentences[i]))
            and _new_place(ctx, current, i)
        )
        if (
            current is not None
            and not _moves_on(ctx, i)
            and not elsewhere
            # "... killed in Toretsk. In the Zaporizhzhia region, two men were killed by
            # Russian shelling in Mala Tokmachka": a toll at a new town is a new incident,
            # not a sharper account of the last.
            and not _new_scene(ctx, current, i, toll=hit.event_type not in {"Protests", "Riots"})
            and not (current.date is not None and _opens_with_a_day_of_its_own(ctx, current, i))
            and not (
                # a crowd's acts of another day are that day's protest or riot (fighting
                # that "continued on Friday" goes on with its battle)
                _CROWDS & {hit.event_type, current.trigger.event_type}
                and _another_day(ctx, current, i)
            )
            and (
                _escalates(current.trigger, hit, i - current.trigger_sentence)
                or _sharpens(current.trigger, hit)
            )
            and not _opened_with(ctx, current, i, hit)
        ):
            current.hits.append((i, hit))
            current.sentences.append(i)
            current.reports.append(i)
            told_apart = hit.sub_event_type == "Arrests" and i - current.trigger_sentence > 1
            riot = current.trigger.event_type == "Riots"
            if (
                # a riot the police met stays a riot
                (hit.event_type == "Riots" or (hit.event_type == "Protests" and not riot))
                or told_apart
                or _sharpens(current.trigger, hit)
            ):
                # Arrests told further on in a news report are an event of their own type.
                current.trigger, current.trigger_sentence = hit, i
            elif (
                hit.sub_event_type == "Arrests"
                and agent is not None
                and current.trigger.sub_event_type == "Peaceful protest"
            ):
                # "Police arrested 12": the forces stepped in; the protest is one with
                # intervention. (A protest's clash, killings or arrests are told as part of
                # it and leave the crowd event its type; deaths at the forces' hands make it
                # excessive force, in assemble.)
                current.trigger = TriggerHit(
                    "Protest with intervention",
                    "Protests",
                    current.trigger.weight,
                    current.trigger.start,
                    current.trigger.end,
                )
            continue
        if (
            current is not None
            and _TOLL_UPDATE.search(ctx.text, *ctx.sentences[i])
            # of the act the frame tells ("the toll from clashes" is no abduction's)
            and (hit.sub_event_type == current.trigger.sub_event_type or bare_toll)
            and not _moves_on(ctx, i)
            and not _new_place(ctx, current, i)
        ):
            # "By morning the toll had climbed to 210 as raids hit the town again": the
            # running toll of the incident being told, whatever later hour or day it names.
            current.hits.append((i, hit))
            current.sentences.append(i)
            current.reports.append(i)
            continue
        if current is not None and (
            _claims_it(ctx, current, i, hit) or _confirms_it(ctx, current, i)
        ):
            # "JNIM claimed responsibility for the ambush on Thursday", "Police blamed the
            # attack on X": who did the act told before, not another act (its day is the
            # claim's). The sentence joins the frame, for `_claimed_by` to read.
            current.sentences.append(i)
            current.reports.append(i)
            continue
        retold = _retold(ctx, frames, current, i, hit) or _retold_by_subject(
            ctx, frames, current, i
        )
        if retold is not None:
            # "Witnesses said the raids flattened a bakery": the incident told before, in
            # other words, after the report told another.
            retold.hits.append((i, hit))
            retold.sentences.append(i)
            retold.reports.append(i)
            current = retold
            continue
        if _separate(ctx, current, i, hit, agent) and (
            # A day the frame already tells is no other day ("strikes on Saturday and
            # Sunday ... the strikes tonight", said on the Sunday).
            opens_frame(
                current,
                hit,
                agent,
                None if current and own_date in _told_days(ctx, current) else own_date,
            )
            or _moves_on(ctx, i)
            or _new_scene(ctx, current, i)
            or elsewhere
            # "On Saturday mortar rounds struck ...": another day's incident, of any kind.
            or _opens_another_day(ctx, current, i)
            # "Eleven villagers died in a drone strike near Tarin on March 3", in a report
            # of Friday's bombing: a toll of its own on a date the frame does not tell.
            or _dated_toll(ctx, current, i)
            or _new_region(ctx, current, i)
            or _opened_with(ctx, current, i, hit)
        ):
            lead = None
            if (
                bare_toll
                and current is not None
                and current.trigger.event_type in _LEAD_TYPES
                and not any(m.armed for m in ctx.actors[i])
                # A lead sums up: it names no town ("in the south and east"); a frame at a
                # town is an incident of its own, not a round-up.
                and not any(
                    p.precision < 3 and fold(p.name) not in _country_names(kit)
                    for p in ctx.places[current.trigger_sentence]
                )
            ):
                # "In Toretsk, two civilians were killed": a bare toll after a round-up's
                # lead is one of the lead's incidents, of its kind and by its perpetrator.
                lead = (current.trigger_sentence, current.trigger)
                hit = TriggerHit(
                    current.trigger.sub_event_type,
                    current.trigger.event_type,
                    hit.weight,
                    hit.start,
                    hit.end,
                )
            frame = Frame(
                trigger=hit,
                sentences=[*pending, i],
                trigger_sentence=i,
                agent=agent,
                date=own_date,
                reports=[i],
                hits=[(i, hit)],
                lead=lead,
                scene=_new_scene(ctx, current, i),
            )
            pending = []
            frames.append(frame)
            came = _CAME_AFTER.search(ctx.text, *ctx.sentences[i]) if current else None
            after = came if came and came[0].lower().endswith(("after", "following")) else None
            # "The sweep came a day after gunmen shot a policeman": the definite subject is
            # the lead told again; what the frame takes from the sentence (a toll, a day, a
            # place) is the other incident's. So is a trigger inside the clause. ("An attack
            # on X came after ..." tells a new incident: no background.)
            told_in = came is not None and (
                hit.start >= came.end()
                or not _INDEFINITE.match(ctx.text, ctx.sentences[i][0], came.start())
            )
            frame.background = told_in and after is not None
            frame.amid = told_in and after is None
            aside = (
                (
                    elsewhere
                    and not (
                        opens_frame(current, hit, agent, own_date)
                        or _moves_on(ctx, i)
                        or _new_scene(ctx, current, i)
                    )
                )
                # "The sweep came a day after gunmen shot a policeman in X": what the lead
                # came after is told in passing; the report goes on with its lead.
                or came is not None
                or _opened_with(ctx, current, i, hit)
            )  # told in passing: the assault goes on
            if not aside:
                # A town "also struck" is an aside: the report goes on with its incident.
                current = frame
        else:
            assert current is not None
            current.hits.append((i, hit))
            current.sentences.append(i)
            current.reports.append(i)
            if (
                hit.weight > current.trigger.weight
                and hit.event_type == current.trigger.event_type
                and hit.sub_event_type != current.trigger.sub_event_type
            ):
                current.trigger, current.trigger_sentence = hit, i
            current.agent = current.agent or agent
            current.date = current.date or own_date
    return frames


#: "The capital, Sanaa, was also struck by air raids": a town the frame has not named, hit
#: too, is a target of its own (where the same strike "also hit a school" names no town).
_ALSO_HIT = re.compile(
    r"\balso\s+(?:been\s+)?(?:hit|struck|targeted|shelled|bombed|pounded|attacked|raided)\b",
    re.I,
)
#: Words that tell a reader the report has moved on to another incident.
_ANOTHER = re.compile(
    r"\b(?:separately|elsewhere|meanwhile|in (?:a |an )?(?:separate|another|second|similar|"
    r"earlier|later|related)\b|in other (?:attacks|incidents|violence)|also on|earlier on|"
    r"on the same day|the same day|a day (?:earlier|later)|the previous day|"
    r"last (?:week|month)|earlier this (?:week|month)|"
    # "another attack in the same region", "a second ambush": a further incident, told apart
    r"(?:another|a second|a third|a separate|a further|a new|a fresh)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:attacks?|ambush(?:es)?|raids?|assaults?|strikes?|airstrikes?|bombings?|incidents?|"
    r"explosions?|blasts?))",
    re.I,
)
#: The markers of _ANOTHER that say outright that an account is of another incident (not
#: merely of another day or a further attack, which may retell the same one).
_APART = re.compile(
    r"\b(?:separately|elsewhere|meanwhile|in (?:a |an )?(?:separate|another|second)\b|"
    r"in other (?:attacks|incidents|violence)|"
    # "Also on Saturday, troops beat back ...": a further incident of a day already told;
    # "On the same day, an attack on a mosque in X ...": another, the same day
    r"also on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"on the same day\b)",
    re.I,
)
_FAMILY = {
    "Battles": "violence",
    "Explosions/Remote violence": "violence",
    "Violence against civilians": "violence",
    "Protests": "crowd",
    "Riots": "crowd",
    "Strategic developments": "strategic",
}


def _new_scene(ctx: Context, current: Frame | None, i: int, *, toll: bool = True) -> bool:
    """A toll of its own at a place the frame has not named ("two officers were murdered in
    the nearby town of Kisoro") is another incident, however weak its verb. With `toll`
    False, a town the frame has not named is enough: a crowd in another town is another
    protest ("police fired tear gas in Karachi ... protesters blocked roads in Peshawar")."""
    if current is None or (toll and not any(c.figure.best > 0 for c in ctx.figures[i])):
        return False
    # Only towns and villages make scenes: a frame placed by its country or province is
    # told more precisely, not moved, by a town ("strikes on Syria kill 35" ... "in Shadadi,
    # 35 were killed"), and a country or province named later moves nothing either.
    countries = {(s, e) for s, e, _ in ctx.country_mentions}
    provinces = {fold(h.text) for k in (*current.sentences, i) for h in ctx.admin1[k]}
    names = {fold(c.name) for c in ctx.ranked_countries}

    def towns(k: int) -> list[PlaceMention]:
        return [
            p
            for p in ctx.places[k]
            if (p.start, p.end) not in countries
            # "the city of Zaporizhzhia" is a town, named like its province or not
            and (fold(p.name) not in provinces or p.kind in TOWN_KINDS)
            and not any(n in fold(p.name) for n in names)
        ]

    named = {fold(p.name) for k in _telling(ctx, current) for p in towns(k)}
    if not named:
        return False
    # "a Syrian source in Idlib said ...": where the speaker is is no scene. Nor is a name
    # that holds a named one or is held by it ("Qalamoun" and "the Qalamoun Barrens").
    speakers = ctx.attributions.speakers
    return any(
        not any(n in fold(p.name) or fold(p.name) in n for n in named)
        for p in towns(i)
        if not any(a <= p.start < b for a, b in speakers) and not posted_in(ctx.text, p)
    )


def _new_region(ctx: Context, current: Frame | None, i: int) -> bool:
    """Whether sentence `i` tells its act in regions only, one at least outside every
    region the frame is placed in ("four drones were shot down over the A region. Two
    more were destroyed over the B region"): ACLED codes an event per region where no town
    is named. A region that holds the frame's towns moves nothing."""
    if current is None:
        return False
    countries = {(s, e) for s, e, _ in ctx.country_mentions}
    places = [p for p in ctx.places[i] if (p.start, p.end) not in countries]
    if not places or any(p.precision < 3 or p.admin1 is None for p in places):
        return False
    held = {
        fold(p.admin1)
        for k in current.sentences
        for p in ctx.places[k]
        if p.admin1 and (p.start, p.end) not in countries
    }
    return bool(held) and any(fold(p.admin1) not in held for p in places if p.admin1)


def _sides_of_the_region_before(
    ctx: Context, frames: list[Frame], events: list[Event]
) -> list[Event]:
    """An act told in a further region that names no one ("Two more drones were destroyed
    over the B region") is by the sides of the act just told in another region, of the same
    kind: the report lists one side's acts region by region. Their names are carried over
    without mentions (no words of its own name them)."""
    out = list(events)
    for k in range(1, len(events)):
        event, before = events[k], events[k - 1]
        if (
            not event.actors
            and before.actors
            and event.sub_event_type == before.sub_event_type
            and _new_region(ctx, frames[k - 1], frames[k].trigger_sentence)
        ):
            out[k] = _noted(
                replace(event, actors=tuple(replace(a, mentions=()) for a in before.actors))
            )
    return out


#: "Earlier, gunmen opened fire ...", "Later on Monday, a bomb ...": a sentence that opens
#: by placing itself before or after what was told is a report of another incident.
_BEFORE_OR_AFTER = re.compile(
    r"\s*(?:earlier|later)(?:\s+(?:on|in|that|this)(?:\s+(?:the\s+)?[\w-]+){1,2})?\s*,", re.I
)


#: "The strike came hours after shelling in Bakhmut", "the attack comes as troops advance":
#: what the lead came after or amid is another incident (or background), never more of it.
#: So is what marked the span of time the lead "came in" ("The bombings come in a bloody
#: week that also saw 30 killed in X on Monday"): the week is told by its other incidents.
_CAME_AFTER = re.compile(
    r"\b(?:came|comes?)\s+(?:(?:just|only|barely|shortly|hours|days|weeks|a|one|two|three|"
    r"day|week|month|few|after|less|than)\s+){0,4}?(?:after|as|amid|following)\b|"
    r"\b(?:came|comes?)\s+(?:in|during|at\s+the\s+end\s+of)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:week|weekend|days?|month|period|spell|stretch)\b",
    re.I,
)


#: A sentence opening on an indefinite noun phrase ("An attack on X came ...", "Two bombs
#: ..."): what it tells is new to the report, not the lead told again.
_INDEFINITE = re.compile(
    r"\s*(?:an?|another|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\b", re.I
)


#: "were subsequently arrested": the act came after what the report told before it.
_AFTERWARDS = re.compile(r"\b(?:subsequently|afterwards|thereafter)\b", re.I)
#: A day told only against the account's last one: "a day earlier", "two days before",
#: "hours later", "later that day" (`n` is how many days back; none is the same day).
_RELATIVE_TO_TOLD = re.compile(
    r"\b(?:(?P<n>a|one|two|three|four|five|six)\s+days?\s+(?:earlier|before)\b|"
    r"the day before\b(?!\s+yesterday)|"
    r"(?:hours|minutes|moments)\s+(?:later|earlier)\b|later (?:that|the same) day\b)",
    re.I,
)
#: "came two days after": how many days before the lead the other incident happened.
_DAYS_BEFORE = re.compile(
    r"\b(?:came|comes)\s+(?:just\s+|only\s+)?(?P<n>a|one|two|three|four|five|six)\s+days?\s+"
    r"(?:after|following)\b",
    re.I,
)


def _moves_on(ctx: Context, i: int) -> bool:
    "'Meanwhile, police regained ...': the sentence says it tells another incident."
    s, e = ctx.sentences[i]
    return bool(
        _ANOTHER.search(ctx.text[s:e])
        or _BEFORE_OR_AFTER.match(ctx.text, s)
        or _CAME_AFTER.search(ctx.text, s, e)
    )


def _separate(
    ctx: Context, current: Frame | None, i: int, hit: TriggerHit, agent: str | None
) -> bool:
    """Whether a sentence with a new trigger tells another incident than the current frame's.

    A report tells one incident over several sentences, each with a trigger word of its own
    ("clashes ... killed two protesters", "security forces fired tear gas"). It moves to
    another incident by a sign a reader sees: a place the frame has not named, another day,
    a word such as "separately" or "elsewhere", another side acting, or another kind of event
    (an arrest after an attack). Without one, the sentence goes on with the current incident.
    """
    if current is None:
        return True
    if _moves_on(ctx, i):
        return True
    if _FAMILY.get(hit.event_type) != _FAMILY.get(current.trigger.event_type):
        return True
    cur = current.trigger
    if (
        hit.event_type == cur.event_type == "Explosions/Remote violence"
        and hit.sub_event_type != cur.sub_event_type
        and min(hit.weight, cur.weight) >= WEAK
        and not _one_weapon(hit.sub_event_type, cur.sub_event_type)
        and not _refers_back(ctx, hit)
        and not _quoted(ctx, i, hit)
    ):
        return True  # another weapon is another event (air strikes, then shelling)
    if _fire_beside_battle(ctx, i, hit, cur) or _opened_with(ctx, current, i, hit):
        return True
    if _new_place(ctx, current, i):
        return True
    if _another_day(ctx, current, i):
        return True
    if _opens_another_day(ctx, current, i):
        return True
    if not (agent and current.agent and agent != current.agent):
        return False
    # The other side of the same fight acting ("the group said it had killed 20 soldiers")
    # goes on with it: only a side the frame has not named acting opens another incident.
    # Its shelling or air strikes are another event, though (ACLED codes each weapon's use).
    if hit.event_type == "Explosions/Remote violence":
        return True
    return all(m.name != agent for k in current.sentences for m in ctx.actors[k])


#: A word for the fighting itself: a sentence with one tells the battle, whatever fire it adds.
_BATTLE_WORD = re.compile(r"\b(?:clash|fight|battl|gun ?battl|firefight|exchang)", re.I)


#: "the assault began with a car bomb", "the raid opened with shelling".
_OPENED_WITH = re.compile(
    r"\b(?:attack|assault|raid|ambush|offensive|storming)\s+(?:\w+\s+)?"
    r"(?:started|began|opened|kicked\s+off)\s+with\b",
    re.I,
)


#: What an assault on a place is told as, before its weapons are: a clash or an attack.
_ASSAULTS = frozenset({"Armed clash", "Attack"})


def _opened_with(ctx: Context, current: Frame | None, i: int, hit: TriggerHit) -> bool:
    """Whether sentence `i` tells the bomb or the fire an assault the frame tells opened
    with ("The assault began with a car bomb at the gate"): ACLED codes the
    suicide bombing or the shelling beside the armed clash it opened."""
    return (
        current is not None
        and current.trigger.sub_event_type in _ASSAULTS
        and hit.event_type == "Explosions/Remote violence"
        and hit.weight >= WEAK
        and bool(_OPENED_WITH.search(ctx.text, *ctx.sentences[i]))
    )


def _opener_and_battle(events: list[Event], openers: set[int], i: int, j: int) -> bool:
    "Whether one of two accounts is the weapon that opened an assault and the other the battle."
    return bool({i, j} & openers) and bool(
        _ASSAULTS & {events[i].sub_event_type, events[j].sub_event_type}
    )


def _fire_beside_battle(ctx: Context, i: int, hit: TriggerHit, cur: TriggerHit) -> bool:
    """Whether sentence `i` tells air strikes or shelling beside the gun battle the frame
    tells ("heavy gun battles between rebels and soldiers in the town. Jets pounded its
    outskirts"): ACLED codes the battle and each weapon's use apart. A
    strike told as the battle's own ("the shelling", in a quotation, "clashes were
    accompanied by shelling") goes on with it."""
    return (
        cur.sub_event_type == "Armed clash"
        and not _BATTLE_WORD.search(ctx.text, *ctx.sentences[i])
        and cur.weight >= WEAK
        and hit.sub_event_type in _CARRIERS
        and hit.weight >= WEAK
        and not _refers_back(ctx, hit)
        and not _quoted(ctx, i, hit)
    )


#: What may stand before a day that opens a sentence: "On Saturday, ...", "Late on Friday".
_DAY_FIRST = re.compile(r"\s*(?:(?:early|late|later)\s+)?(?:on\s+)?", re.I)


def _opens_another_day(ctx: Context, current: Frame | None, i: int) -> bool:
    """Whether sentence `i` opens with a day ("On Saturday mortar rounds struck near the
    embassy") other than the ones the report has told so far, while the current frame has
    told its toll but no day of its own: the report has moved to another day's incident.
    Joined to the frame, the later day would date the incident told before it. A frame with
    a day of its own is left by a sentence that opens with another day and tells a toll of
    its own ("... killed four on Saturday. On Sunday, in the Southwest region, a bomb
    wounded six"): ACLED codes each day's violence as its own event."""
    if current is None:
        return False
    if current.date is not None:
        return _opens_with_a_day_of_its_own(ctx, current, i)
    if not any(c.figure.best > 0 for k in current.reports for c in ctx.figures[k]):
        # "Warplanes kept pounding rebel areas. On Saturday eight people were killed when a
        # barrel bomb hit a building": an account with no toll yet is told more precisely.
        return False
    s, _e = ctx.sentences[i]
    first = next((d for d in ctx.dates[i] if not d.statement and d.precision == "day"), None)
    if first is None or _DAY_FIRST.fullmatch(ctx.text, s, first.evidence.start) is None:
        return False
    told = [
        d.value
        for k in range(current.sentences[0] if current.sentences else i)
        for d in ctx.dates[k]
        if d.precision == "day" and not d.statement
    ]
    return bool(told) and first.value not in told


def _opens_with_a_day_of_its_own(ctx: Context, current: Frame, i: int) -> bool:
    "Whether sentence `i` opens with a day the frame does not tell, and has a toll of its own."
    if not any(c.figure.best > 0 for c in ctx.figures[i]):
        return False
    s, _e = ctx.sentences[i]
    first = next((d for d in ctx.dates[i] if not d.statement and d.precision == "day"), None)
    if first is None or _DAY_FIRST.fullmatch(ctx.text, s, first.evidence.start) is None:
        return False
    return first.value not in _told_days(ctx, current)


def _dated_toll(ctx: Context, current: Frame, i: int) -> bool:
    """Whether sentence `i` tells a toll of its own on a day it names by its date ("on March
    3"), one the frame does not tell: an earlier incident recalled with its own figures,
    never more of the frame's. (A weekday may be the frame's day told loosely.)"""
    if current.date is None or not any(c.figure.best > 0 for c in ctx.figures[i]):
        return False
    days = _told_days(ctx, current)
    return (
        any(
            not d.statement
            and not d.filed
            and d.precision == "day"
            and any(ch.isdigit() for ch in d.evidence.text)
            for d in ctx.dates[i]
        )
        and not set(_own_days(ctx.dates[i])) & days
    )


def _another_day(ctx: Context, current: Frame, i: int) -> bool:
    """Whether sentence `i` dates what it tells to a day the frame does not tell: "On
    Wednesday, crowds set fire to a police station" after Tuesday's shooting is no
    escalation of it, but the next day's incident."""
    own = set(_own_days(ctx.dates[i]))
    return bool(own) and current.date is not None and not own & _told_days(ctx, current)


#: Determiners that point back to something told: "the airstrikes include ...", "these
#: strikes", "on landing the shells gave off a choking smoke".
_DEFINITE = frozenset({"the", "this", "these", "those", "that", "its", "their"})


def _refers_back(ctx: Context, hit: TriggerHit) -> bool:
    """Whether a trigger is a definite noun phrase ("The airstrikes include the use of
    incendiary bombs", "the bombings killed 21"): it names the incident the report is telling
    in other words, not another weapon's use. (A new place or day still moves the report on.)"""
    if ctx.doc is None:
        return False
    span = ctx.doc.char_span(hit.start, hit.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.pos_ in {"NOUN", "PROPN"} and any(
        c.dep_ in {"det", "poss"} and c.lower_ in _DEFINITE for c in root.children
    ):
        return True
    # "Residents said the air strikes flattened two blocks": the parser may take the noun for
    # a verb ("strikes"); the determiner just before it still makes it definite.
    before = ctx.doc[span.start - 1] if span.start > 0 else None
    return (
        before is not None
        and before.tag_ in {"DT", "PRP$"}
        and before.lower_ in _DEFINITE - {"that"}
        and span[0].tag_.startswith("NN")
    )


def _claims_it(ctx: Context, current: Frame, i: int, hit: TriggerHit) -> bool:
    """Whether sentence `i` only says who did the act told before: its trigger is a
    definite noun ("the ambush") that a claim or a blame governs ("X claimed responsibility
    for the ambush", "blamed X for the attack", "X were behind the raid"), with no toll and
    no place of its own."""
    s, e = ctx.sentences[i]
    said = [
        m.start()
        for pattern in (_CLAIMED, _BLAMED, _BEHIND)
        for m in pattern.finditer(ctx.text, s, e)
    ]
    if not any(0 <= hit.start - at <= 80 for at in said) or any(
        c.figure.best > 0 for c in ctx.figures[i]
    ):
        return False
    told = {fold(p.name) for k in _telling(ctx, current) for p in ctx.places[k]}
    for p in ctx.places[i]:
        # A name in the claimant's own ("Jama'at Nasr al-Islam ... claimed") places nothing.
        before = ctx.text[max(s, p.start - 12) : p.start]
        in_name = p.start < min(said) and not _AT_PLACE.search(before)
        if fold(p.name) not in told and not in_name:
            return False
    return _refers_back(ctx, hit)


#: A source confirming what was told: "the monitor confirmed the civilian casualty",
#: "police have confirmed the deaths".
_CONFIRMED = re.compile(
    r"\bconfirm(?:ed|s)\s+(?:the\s+)(?:[\w-]+\s+){0,2}?(?:casualt(?:y|ies)|deaths?|killings?|"
    r"toll|death\s+toll)\b",
    re.I,
)


def _confirms_it(ctx: Context, current: Frame, i: int) -> bool:
    """Whether sentence `i` is a source confirming the toll told before ("The monitor has
    confirmed the two deaths in X, adding that one of them was a boy shot in a
    district of the town"): more of the account, with no larger toll and no town the
    report has not named (a quarter of a town told is no other)."""
    s, e = ctx.sentences[i]
    if not _CONFIRMED.search(ctx.text, s, e):
        return False
    told = [c.figure.best for k in current.reports for c in ctx.figures[k]]
    if any(c.figure.best > max(told, default=0) for c in ctx.figures[i]):
        return False
    named = {fold(p.name) for k in range(i) for p in ctx.places[k]}
    return all(
        fold(p.name) in named or p.kind in {"district", "neighbourhood", "quarter"}
        for p in ctx.places[i]
    )


#: A preposition of place just before a name: "in", "near", "at", "outside" (the).
_AT_PLACE = re.compile(r"(?<![\w'’])(?:in|at|near|outside|around|on|of)\s+(?:the\s+)?$", re.I)


def _retold(
    ctx: Context, frames: list[Frame], current: Frame | None, i: int, hit: TriggerHit
) -> Frame | None:
    """The frame a sentence retells, when it names an act told before by a definite noun
    and adds no toll nor place ("Residents said the air strikes flattened two blocks", "The
    raids were the heaviest since troops lost the hills on Monday"): the same incident in
    other words, whatever day it names around it. The latest frame of the
    same kind of act; None when the sentence says it moves on ("also hit", "meanwhile"),
    tells a toll of its own or names a place the frame has not (the strikes "killed five
    in X" is another scene's event)."""
    if (
        current is None
        or hit.weight < WEAK
        or any(c.figure.best > 0 for c in ctx.figures[i])
        or _moves_on(ctx, i)
        or _ALSO_HIT.search(ctx.text, *ctx.sentences[i])
        or not _refers_back(ctx, hit)
    ):
        return None
    told = next(
        (f for f in reversed(frames) if f.trigger.sub_event_type == hit.sub_event_type), None
    )
    # "The shells also set a mill on fire in the village of X": a place the frame has not
    # named is another scene, however the act is introduced.
    return None if told is None or _new_place(ctx, told, i) else told


#: Nouns for a violent act, by lemma, and the kinds of act each can name: "the barrage" is
#: shelling told again, "the raids" air strikes; "the killings" or "the attack" any
#: violence (None).
_ACT_NOUNS: dict[str, frozenset[str] | None] = {
    "barrage": frozenset({"Shelling/artillery/missile attack"}),
    "shelling": frozenset({"Shelling/artillery/missile attack"}),
    "bombardment": frozenset({"Shelling/artillery/missile attack", "Air/drone strike"}),
    "strike": frozenset({"Air/drone strike", "Shelling/artillery/missile attack"}),
    "airstrike": frozenset({"Air/drone strike"}),
    "raid": frozenset({"Air/drone strike", "Attack", "Armed clash"}),
    "bombing": frozenset(
        {"Remote explosive/landmine/IED", "Suicide bomb", "Air/drone strike", "Grenade"}
    ),
    "blast": frozenset({"Remote explosive/landmine/IED", "Suicide bomb"}),
    "explosion": frozenset({"Remote explosive/landmine/IED", "Suicide bomb"}),
    "killing": None,
    "massacre": None,
    "execution": None,
    "attack": None,
    "assault": None,
}
#: The clauses of a sentence that tell something of their own, with a subject or a
#: conjunction of their own ("... killed 10 in X, while the air strikes on Y killed 82").
_OWN_CLAUSES = frozenset({"advcl", "conj", "ccomp", "parataxis"})


def _retold_by_subject(
    ctx: Context, frames: list[Frame], current: Frame | None, i: int
) -> Frame | None:
    """The frame a sentence retells by its subject, a definite noun for a violent act ("The
    barrage killed 10 people in the capital", "The killings took place on Wednesday at the
    base, which militants had overrun") names the act told before, whatever stronger trigger
    the sentence holds elsewhere. Its toll is that act's toll. The latest frame of a kind the
    noun can name; None when the sentence says it moves on, or its subject's clause names a
    place the frame has not (the barrage "killed 10 in X" of a frame in Y is another)."""
    if current is None or ctx.doc is None or not frames:
        return None
    s, e = ctx.sentences[i]
    if _moves_on(ctx, i) or _ALSO_HIT.search(ctx.text, s, e):
        return None
    span = ctx.doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    subject = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    # (The parse has no lemmatizer: a plural's singular is its word less the final "s".)
    noun = subject.lower_ if subject is not None else ""
    noun = noun[:-1] if noun.endswith("s") and noun[:-1] in _ACT_NOUNS else noun
    if (
        subject is None
        or subject.pos_ != "NOUN"
        or noun not in _ACT_NOUNS
        or not any(c.dep_ == "det" and c.lower_ in _DEFINITE - {"that"} for c in subject.children)
    ):
        return None
    kinds = _ACT_NOUNS[noun]
    told = next(
        (
            f
            for f in reversed(frames)
            if (f.trigger.sub_event_type in kinds if kinds else f.trigger.event_type in VIOLENT)
            and not f.background
        ),
        None,
    )
    if told is None:
        return None
    # The subject's own clause: the root's words less the clauses of their own.
    own = [
        (t.left_edge.idx, t.right_edge.idx + len(t.right_edge))
        for t in root.children
        if t.dep_ in _OWN_CLAUSES
        and any(c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in t.children)
    ]
    named = {fold(p.name) for k in _telling(ctx, told) for p in ctx.places[k]}
    named |= {fold(h.text) for k in _telling(ctx, told) for h in ctx.admin1[k]}
    if any(
        fold(p.name) not in named
        and not any(a <= p.start < b for a, b in own)
        and not posted_in(ctx.text, p)
        and (p.start, p.end) not in ctx.peoples
        for p in ctx.places[i]
    ):
        return None
    return told


#: Marks that open and close a quotation (a single quote too: some outlets quote with it).
_OPEN_QUOTES = "\"“‘'"
_CLOSE_QUOTES = "\"”’'"


def _quoted(ctx: Context, i: int, hit: TriggerHit) -> bool:
    """Whether sentence `i` opens with a quotation and the trigger lies inside it ('"One
    rocket hit the entrance of the school as students were leaving" said an activist'): a
    witness or a statement telling what the report has told, not another weapon's use."""
    s, _e = ctx.sentences[i]
    head = ctx.text[s : hit.start].lstrip()
    if not head or head[0] not in _OPEN_QUOTES:
        return False
    return not any(c in _CLOSE_QUOTES for c in head[1:])


def _telling(ctx: Context, frame: Frame) -> list[int]:
    """The frame's sentences whose places are the incident's: all but an aside that says the
    report moves on and tells no act of it ("Meanwhile, the governor of X province urged
    calm"), whose places would hide the next town hit ("jets struck the town of X, killing
    three")."""
    return [
        k
        for k in frame.sentences
        if k in frame.reports or k == frame.trigger_sentence or not _moves_on(ctx, k)
    ]


def _new_place(ctx: Context, current: Frame, i: int) -> bool:
    """Whether sentence `i` names a place, or a province ("In Idlib province, ..."), that
    the frame has not named. Where the attackers were posted ("positioned in X") moves the
    account nowhere."""
    named = {fold(p.name) for k in _telling(ctx, current) for p in ctx.places[k]}
    named |= {fold(h.text) for k in _telling(ctx, current) for h in ctx.admin1[k]}
    return any(
        fold(p.name) not in named
        and not posted_in(ctx.text, p)
        # "a mainly Druze district, the Druze being a faith of their own":
        # a people's name, no place's, moves the account nowhere.
        and (p.start, p.end) not in ctx.peoples
        for p in ctx.places[i]
    ) or any(fold(h.text) not in named for h in ctx.admin1[i])


def _own_days(found: list[DateMention]) -> list[date]:
    """The days a sentence says something happened, in order: not the days of statements,
    and the page's own day (`DateMention.filed`) only when it gives no other."""
    told = [d for d in found if not d.statement]
    return [d.value for d in ([d for d in told if not d.filed] or told)]


#: What joins the days of one span of time: "on Saturday and Sunday", "from May 3 to 5".
_DAYS_JOIN = re.compile(r"\s*(?:,\s*)?(?:and|to|through|until|till|-|–)\s+(?:on\s+)?$", re.I)


def _told_days(ctx: Context, frame: Frame) -> set[date]:
    """The frame's day, with the days its sentences join to it ("air strikes on Saturday
    and Sunday"): an account of any of them is not of another day."""
    days = {frame.date} if isinstance(frame.date, date) else set()
    for k in frame.sentences:
        found = [d for d in ctx.dates[k] if not d.statement]
        for a, b in pairwise(found):
            between = ctx.text[a.evidence.end : b.evidence.start]
            if _DAYS_JOIN.match(between) and ({a.value, b.value} & days):
                days |= {a.value, b.value}
    return days


def _headline(sentence: str, index: int) -> bool:
    "A title or dateline line heading the text (on a line of its own): short, no sentence end."
    line = sentence.strip()
    return index < 2 and len(line) < 160 and not line.endswith((".", "!", "?", '"', "”", "]"))


def _sharpens(current: TriggerHit, hit: TriggerHit) -> bool:
    "A frame opened by a bare casualty verb takes the first specific violent trigger after it."
    return (
        current.weight < WEAK
        and hit.weight >= WEAK
        and current.event_type in VIOLENT
        and hit.event_type in VIOLENT
    )


_TERRITORY = frozenset(
    {
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Non-violent transfer of territory",
    }
)


def _escalates(current: TriggerHit, hit: TriggerHit, gap: int = 0) -> bool:
    """A protest that turns violent, or meets the police, later in the report is still one
    event; so is a riot the police then break up or make arrests at, told in the next
    sentence ("rioters torched trucks ... police fired rubber bullets and arrested 37").
    Arrests told further on (the instigators, days later) are an event of their own."""
    if current.sub_event_type in _TERRITORY and hit.sub_event_type == "Change to group/activity":
        # "Troops retook the town ... The militia said its fighters had withdrawn": the
        # losers' withdrawal, told next, is the same change of hands.
        return gap <= 1
    if current.event_type == "Riots":
        return hit.event_type == "Protests" or (
            hit.weight >= 0.6
            and (
                hit.sub_event_type == "Armed clash"
                or (hit.sub_event_type == "Arrests" and gap <= 1)
            )
        )
    if current.event_type != "Protests":
        return False
    if hit.event_type == "Riots":
        return True
    order = ("Peaceful protest", "Protest with intervention", "Excessive force against protesters")
    return (
        hit.event_type == "Protests"
        and order.index(hit.sub_event_type) > order.index(current.sub_event_type)
    ) or (hit.sub_event_type in {"Arrests", "Armed clash", "Attack"} and hit.weight >= 0.6)


#: Kinds of violence whose lead a later bare toll belongs to.
_LEAD_TYPES = frozenset({"Explosions/Remote violence", "Battles", "Violence against civilians"})


def _casualty_trigger(ctx: Context, i: int) -> TriggerHit:
    "A sentence that only reports deaths or injuries suggests an attack, weakly."
    first = ctx.figures[i][0].evidence
    return TriggerHit("Attack", "Violence against civilians", 0.5, first.start, first.end)


def _in_any(gazetteer: Gazetteer, name: str, iso3s: set[str]) -> bool:
    "Whether the gazetteer has a place or a province of the name in one of the countries."
    return any(
        gazetteer.lookup(name, country=c) is not None
        or gazetteer.canonical_admin1(name, country=c) is not None
        for c in iso3s
    )


def assemble(article: Article, ctx: Context, frame: Frame, index: int, kit: Kit) -> Event:
    text = ctx.text
    hit = frame.trigger
    ts = frame.trigger_sentence
    ctx = _without_the_backdrop(ctx, frame)
    clause = ctx.sentences[ts]  # the trigger's sentence is the clause roles are read in
    sentences = sorted(set(frame.reports)) or sorted(set(frame.sentences))
    mentions = [
        m for i in sentences for m in ctx.actors[i] if not _bystander(ctx, frame, i, m, kit)
    ]
    # The trigger's own sentence leads; the rest of the frame follows in text order.
    ordered = ctx.actors[ts] + [m for m in mentions if m not in ctx.actors[ts]]
    country = ctx.country
    # The trigger's sentence names the place; else the frame's; else the nearest sentence
    # before it that names one (a report states the place once, then its events).
    place_mentions = ctx.places[ts] + [p for i in sentences if i != ts for p in ctx.places[i]]
    # "..., a day after rebels fired a missile at Riyadh": another happening's place.
    place_mentions = [
        p for p in place_mentions if not other_time(ctx.doc, p.start, p.end, (hit.start, hit.end))
    ]
    # "a Syrian source in Idlib said": where a speaker is does not place the event; nor
    # does a country name say where in it.
    vague = list(ctx.attributions.speakers) + [(s, e) for s, e, _ in ctx.country_mentions]
    told_in: list[int] = []
    if all(any(a <= p.start < b for a, b in vague) for p in place_mentions):
        # The frame's other sentences ("... captured a village in Ukraine. ... liberated the
        # settlement of X"), else the nearest sentence before that names a place.
        told_in = [i for i in frame.sentences if i not in sentences and ctx.places[i]]
        told = [
            p for i in told_in for p in ctx.places[i] if not any(a <= p.start < b for a, b in vague)
        ]
        earlier = next((ctx.places[i] for i in range(ts - 1, -1, -1) if ctx.places[i]), [])
        named = {c for s, _e, c in ctx.country_mentions if clause[0] <= s < clause[1]}
        if named and not told:
            # "In Lebanon, some 200 people marched ...": a sentence that names its country
            # borrows no place of an earlier sentence that lies in another of the report's
            # countries (one the gazetteer places nowhere may still be the sentence's).
            others = {c.iso3 for c in ctx.ranked_countries} - named
            earlier = [
                p
                for p in earlier
                if _in_any(kit.gazetteer, p.name, named)
                or not _in_any(kit.gazetteer, p.name, others)
            ]
        if _ELSEWHERE_IN.search(text, *ctx.sentences[ts]):
            # "an attack on a church in the north of the country killed 15": the sentence
            # says the place is another than the one told before it, and names none.
            earlier = []
        place_mentions = place_mentions + told if told else earlier + place_mentions
    location = choose_place(
        place_mentions,
        text=text,
        clause=clause,
        country=country,
        country_mentions=ctx.country_mentions,
        gazetteer=kit.gazetteer,
        countries=kit.countries,
        admin1_mentions=[h for i in [ts, *sentences, *told_in] for h in ctx.admin1[i]],
        # The rest of the report (its headline) only prefers among same-named places.
        report_admin1=[
            h
            for j in range(len(ctx.admin1))
            if j != ts and j not in sentences
            for h in ctx.admin1[j]
        ],
        also=ctx.ranked_countries[1:4],
        weak_country=country is not None and country.iso3 not in ctx.named_countries,
        trigger=(hit.start, hit.end),
        scene=ctx.scene,
    )
    if country is None and location is not None and location.country_code:
        # A report that names only a town ("gunmen raided a village near Jos") is about the
        # town's country: the unnamed attackers and the victims are of that country.
        country = kit.countries.get(location.country_code)
    if (
        hit.sub_event_type == "Disrupted weapons use"
        and location is not None
        and location.country_code in kit.countries
    ):
        # "Air defences destroyed 12 Ukrainian drones over Bryansk": the side that downs
        # them is the country's over which they were downed, whoever's report it is.
        country = kit.countries[location.country_code]
    sides = kit.roles.sides(ctx.doc, hit.start, hit.end)
    actors = assign_roles(
        ordered,
        trigger_start=hit.start,
        trigger_end=hit.end,
        clause_start=clause[0],
        clause_end=clause[1],
        event_type=hit.event_type,
        sub_event_type=hit.sub_event_type,
        country=country,
        text=text,
        sides=sides,
    )
    actors = with_all_mentions(actors, mentions)
    # "Six farmers were killed by gunmen in an ambush", "QSD members shot and killed a
    # civilian": whom the parse says it hit decides.
    hit_civilians = any(
        m.kind == "civilians"
        and (sides.side_of(m.start, m.end) == "target" or harmed(ctx.doc, m.start, m.end))
        for m in ctx.actors[ts]
    )
    event_type, sub_type = _refine(hit, actors, hit_civilians)
    if event_type in {"Battles", "Violence against civilians"} and _fired_on_crowd(ctx, ts, sides):
        # "Five protesters were shot while trying to breach a barrier", "police fired on
        # the demonstrators": force used on a crowd is a protest event, the crowd first.
        event_type, sub_type = "Protests", "Excessive force against protesters"
    if (
        sub_type == "Peaceful protest"
        and aimed_at(ctx.doc, hit.start, hit.end)
        and any(m.armed and sides.side_of(m.start, m.end) == "agent" for m in ctx.actors[ts])
    ):
        # "Plainclothes men armed with pistols attacked a protest march": the parse makes
        # the protest what an armed side attacked; no peaceful one.
        sub_type = "Protest with intervention"
    if (event_type, sub_type) != (hit.event_type, hit.sub_event_type):
        refined = TriggerHit(sub_type, event_type, hit.weight, hit.start, hit.end)
        actors = with_all_mentions(
            assign_roles(
                ordered,
                trigger_start=hit.start,
                trigger_end=hit.end,
                clause_start=clause[0],
                clause_end=clause[1],
                event_type=event_type,
                sub_event_type=sub_type,
                country=country,
                text=text,
                sides=sides,
            ),
            mentions,
        )
        hit = refined
    actors = _agent_from_other_triggers(actors, ctx, frame, kit)
    actors = _from_the_lead(actors, ctx, frame, kit, hit.sub_event_type)
    actors = _earlier_arrester(actors, ctx, ts, kit, hit.sub_event_type)
    actors = repair_pairing(actors, ctx, hit.sub_event_type)
    actors = _claimed_by(actors, ctx, frame)
    if hit.sub_event_type in {"Air/drone strike", "Shelling/artillery/missile attack"}:
        actors = _the_speakers_strike(actors, ctx, frame, hit.sub_event_type)
    if hit.sub_event_type == "Armed clash":
        actors = _state_leads_an_encounter(actors, ctx, ts, sides)
        actors = _who_started(actors, ctx, frame, kit, sides)
    actors = _across_the_border(actors, location, kit, hit.event_type)
    actors = _ground_lost_by(actors, ordered, location, kit, hit.sub_event_type)
    actors = _told_before(actors, ctx, ts, hit)
    actors = _ground_given_up(actors, ordered, ctx, location, kit, hit.sub_event_type)
    actors = _aimed_at_a_state(actors, ctx, kit, sides, hit.event_type, clause)
    actors = _aimed_by_the_striker(actors, ctx, hit.event_type)
    event_date, precision = _event_date(
        ctx, frame, sentences, article.published, (hit.start, hit.end)
    )
    every = [(i, c) for i in sentences for c in ctx.figures[i]]
    counted = _without_boasts(every, ctx, actors)
    frame_text = " ".join(text[ctx.sentences[i][0] : ctx.sentences[i][1]] for i in sentences)
    roles: dict[int, Role] = {}
    tolls: dict[str, Count | None] = {}
    for field in ("fatalities", "wounded", "captured"):
        tolls[field], read = read_toll(counted, field)  # type: ignore[arg-type]
        roles.update((id(c), role) for c, role in read)
    fatalities = split_count(tolls["fatalities"], frame_text)
    wounded, captured = tolls["wounded"], tolls["captured"]
    abducted = hit.sub_event_type == "Abduction/forced disappearance"
    if abducted and fatalities and fatalities.best > 0:
        # "killed 12 villagers and abducted 20": the killing is the graver act, and ACLED codes
        # an attack that kills and abducts as the attack.
        hit = TriggerHit("Attack", "Violence against civilians", hit.weight, hit.start, hit.end)
    if hit.sub_event_type == "Peaceful protest" and fatalities and fatalities.best > 0:
        # "Security forces launched a crackdown that killed 66 people ... on protests": a
        # protest with deaths at the hands of the forces its sentence names is no peaceful one.
        forces = [m for m in ctx.actors[ts] if m.kind == "state forces"]
        if forces:
            hit = TriggerHit(
                "Excessive force against protesters", "Protests", hit.weight, hit.start, hit.end
            )
            if not any(a.role == "actor2" for a in actors):
                actors = (*actors, forces[0].as_actor("actor2"))
    if (
        hit.sub_event_type == "Protest with intervention"
        and fatalities
        and fatalities.best > 0
        and any(_FORCES_KILLED.search(text, *ctx.sentences[i]) for i in sentences)
    ):
        # "Police fired tear gas at protesters ... At least six people were shot dead by
        # police": the forces killed protesters, which ACLED codes as excessive force.
        hit = TriggerHit(
            "Excessive force against protesters", "Protests", hit.weight, hit.start, hit.end
        )
    actors = _of_the_place(actors, ctx.country, location, kit)
    actors = _gangs_gunmen(actors, ctx)
    if hit.sub_event_type == "Non-state actor overtakes territory" and _home_forces_take(
        actors, location
    ):
        # "Troops captured a rebel base": the state's own forces taking ground is what ACLED
        # calls the government regaining it; a group or a foreign army overtakes it.
        hit = TriggerHit(
            "Government regains territory", hit.event_type, hit.weight, hit.start, hit.end
        )
    if hit.sub_event_type == "Looting/property destruction":
        actors = _looted_in_a_riot(actors, ctx, sentences)
    # The rules name state forces by the current government; ACLED names them by the
    # government of the event's day, which is known only now.
    actors = tuple(replace(a, name=dated_name(a.name, event_date)) for a in actors)
    fatalities, wounded, captured = (
        _dated_count(c, event_date) for c in (fatalities, wounded, captured)
    )
    claims = _dated_claims(
        _claims(ctx, frame, sentences, [c for _i, c in every], hit, roles), event_date
    )
    sources = _sources(ctx, claims)
    civilian_harm = _civilian_harm(ctx, sentences, actors, counted)
    event_id = _event_id(article, index)
    notes = write_notes(
        event_date=event_date,
        precision=precision,
        event_type=hit.event_type,
        sub_event_type=hit.sub_event_type,
        actors=actors,
        location=location,
        fatalities=fatalities,
    )
    confidence = _confidence(hit, ts, actors, location, event_date, fatalities)
    return Event(
        event_id=event_id,
        article_id=article.id,
        event_date=event_date,
        date_precision=precision if event_date else None,
        event_type=hit.event_type,
        sub_event_type=hit.sub_event_type,
        actors=actors,
        location=location,
        fatalities=fatalities,
        wounded=wounded,
        captured=captured,
        civilian_harm=civilian_harm,
        claims=claims,
        sources=sources,
        notes=notes,
        confidence=confidence,
        evidence=_frame_evidence(ctx, sorted(set(frame.reports)) or sentences),
    )


def _home_forces_take(actors: tuple[Actor, ...], location: Place | None) -> bool:
    "Whether the side taking ground is the state forces of the country it lies in."
    first = next((a for a in actors if a.role == "actor1"), None)
    return (
        first is not None
        and first.kind == "state forces"
        and location is not None
        and first.country is not None
        and first.country == location.country_code
    )


def _without_the_backdrop(ctx: Context, frame: Frame) -> Context:
    """The context without the sides of fighting the frame's sentences tell only as a
    backdrop ("shelled a market amid clashes with opposition fighters", "as fighting with
    the Taliban intensified"): they are no side of the act, unless the act is that
    fighting (its trigger lies in the phrase) or they are hit outside it."""
    aside: dict[int, list[tuple[int, int]]] = {}
    for i in frame.sentences:
        spans = amid_spans(ctx.text, *ctx.sentences[i])
        if spans and not any(a <= h.start < b for j, h in frame.hits if j == i for a, b in spans):
            aside[i] = spans
    if not aside:
        return ctx
    actors = [
        [m for m in found if not any(a <= m.start < b for a, b in aside.get(i, ()))]
        for i, found in enumerate(ctx.actors)
    ]
    return replace(ctx, actors=actors)


def _fired_on_crowd(ctx: Context, ts: int, sides: Any) -> bool:
    """Whether the trigger's sentence says protesters were hit, and no armed group of
    anyone but the state is on either side (gunmen firing on a march is an attack)."""
    crowd_hit = False
    for m in ctx.actors[ts]:
        side = sides.side_of(m.start, m.end)
        if m.kind == "protesters" and (side == "target" or suffered(ctx.doc, m.start, m.end)):
            crowd_hit = True
        elif m.armed and m.kind != "state forces":
            return False
    return crowd_hit


def _bystander(ctx: Context, frame: Frame, i: int, mention: ActorMention, kit: Kit) -> bool:
    """Whether a generic mention of a state's forces, outside the trigger's sentence, takes
    no side in any of the frame's triggers.

    "The police received information ...", "the commissioner of police called for a probe":
    the police who investigate, guard or comment are not who fought. Named groups stay (the
    report names them for a reason); a force on a side of a trigger in its sentence stays.
    """
    if i == frame.trigger_sentence or not mention.generic or mention.kind != "state forces":
        return False
    if ctx.doc is None or mention.start < 0:
        return False
    for j, hit in frame.hits:
        if j == i and kit.roles.sides(ctx.doc, hit.start, hit.end).side_of(
            mention.start, mention.end
        ):
            return False
    return True


def _agent_from_other_triggers(
    actors: tuple[Actor, ...], ctx: Context, frame: Frame, kit: Kit
) -> tuple[Actor, ...]:
    """Who acted, from another of the frame's triggers when the typing one names nobody.

    "The Taliban stormed a police checkpoint, killing two officers ... the attack triggered
    an hours-long gun battle": the gun battle types the event, but its sentence names no one
    acting; the parse of the first trigger does. Only a named, armed actor on the acting
    side of another trigger counts, never a victim placed there by word order.
    """
    first = next((a for a in actors if a.role == "actor1"), None)
    if first is not None and not first.name.startswith("Unidentified"):
        return actors
    for i, other in frame.hits:
        if other == frame.trigger:
            continue
        sides = kit.roles.sides(ctx.doc, other.start, other.end)
        agent = next(
            (
                m
                for m in ctx.actors[i]
                if m.armed and not m.generic and sides.side_of(m.start, m.end) == "agent"
            ),
            None,
        )
        if agent is None:
            continue
        rest = [a for a in actors if a.role != "actor1" and a.name != agent.name]
        if not any(a.role == "actor2" for a in rest):
            promoted = next((a for a in rest if a.role == "assoc_actor_2"), None)
            rest = [replace(a, role="actor2") if a is promoted else a for a in rest]
        return (agent.as_actor("actor1"), *rest)
    return actors


#: Non-state armed sides, whose claims of enemies killed are boasts.
_ARMED_GROUPS = frozenset({"rebel group", "political militia", "identity militia"})


def _without_boasts(
    counted: list[tuple[int, Counted]], ctx: Context, actors: tuple[Actor, ...]
) -> list[Counted]:
    """The figures a toll rests on, without the perpetrator's own count of its enemies'
    dead when anyone else gives one: "Al-Shabab ... said it had killed 30 soldiers" beside
    an official's 18 is a claim (kept in the claims), not the toll. Its count of its own
    dead is no one else's: "leaving two soldiers and three rebels dead, the army said" is
    one account of both sides' dead, and the toll sums them."""
    # The acting side's boast, or an armed group's on the other side: "JNIM said it had
    # killed more than 30 soldiers" beside the army's count of a battle it is named first
    # in. A state's count of the enemy it "neutralised" stays, as ACLED reads it.
    sides = {
        a.name
        for a in actors
        if (a.role == "actor1" or (a.role == "actor2" and a.kind in _ARMED_GROUPS))
        and not a.name.startswith("Unidentified")
    }
    if not sides:
        return [c for _i, c in counted]

    def boast(i: int, c: Counted) -> bool:
        said = ctx.attributions.at(i, c.figure.start)
        return (
            said.explicit
            and said.claimant in sides
            and c.party is not None
            and c.party != said.claimant
            # "left 27 people dead, the army said": a count of people is no enemy count
            and not c.party.startswith("Civilians")
        )

    # A boast gives way to a figure someone else gives that is no boast of theirs.
    plain = {
        (c.field, ctx.attributions.at(i, c.figure.start).claimant)
        for i, c in counted
        if not boast(i, c)
    }

    def outweighed(i: int, c: Counted) -> bool:
        said = ctx.attributions.at(i, c.figure.start).claimant
        return any(field == c.field and who != said for field, who in plain)

    return [c for i, c in counted if not (boast(i, c) and outweighed(i, c))]


def _claimed_by(actors: tuple[Actor, ...], ctx: Context, frame: Frame) -> tuple[Actor, ...]:
    """An unnamed perpetrator is the group that claimed the attack: "Al-Shabab claimed
    responsibility for the attack" names who did it, as ACLED codes it. So is one the
    incident's own sentence does not name, placed first only by a later sentence ("a
    Taliban guard was among the dead")."""
    first = next((a for a in actors if a.role == "actor1"), None)
    ts, te = ctx.sentences[frame.trigger_sentence]
    if (
        first is not None
        and not first.name.startswith("Unidentified")
        and (not first.mentions or any(ts <= m.start < te for m in first.mentions))
    ):
        return actors
    for i in frame.sentences:
        s, e = ctx.sentences[i]
        claim = _CLAIMED.search(ctx.text, s, e)
        if claim is None:
            continue
        named = sorted([*ctx.actors[i], *(m for m in ctx.spoken if s <= m.start < e)],
                       key=lambda m: m.start)  # fmt: skip
        group = next(
            (
                m
                for m in reversed(named)
                if m.end <= claim.start()
                and m.armed
                and not m.generic
                and m.kind != "state forces"
                and not _NO_CLAIM.search(ctx.text, s, e)
            ),
            None,
        )
        if group is None:
            continue
        rest = [a for a in actors if a.role != "actor1" and a.name != group.name]
        return (group.as_actor("actor1"), *rest)
    return _blamed_on(actors, ctx, frame)


def _blamed_on(actors: tuple[Actor, ...], ctx: Context, frame: Frame) -> tuple[Actor, ...]:
    """An unnamed perpetrator is the group the authorities blame: "killing four officers,
    police said, blaming al-Shabaab militants", "the attack was blamed on the ADF", "police
    blamed the raid on X", "officials said X fighters were behind the ambush". ACLED codes
    the group a report attributes an attack to."""
    first = next((a for a in actors if a.role == "actor1"), None)
    if first is not None and not first.name.startswith("Unidentified"):
        return actors
    for i in frame.sentences:
        s, e = ctx.sentences[i]
        named = [*ctx.actors[i], *(m for m in ctx.spoken if s <= m.start < e)]
        usable = [m for m in named if m.armed and not m.generic and m.kind != "state forces"]
        group = next(
            (m for b in _BLAMED.finditer(ctx.text, s, e) for m in usable
             if 0 <= m.start - b.end() <= 2),
            None,
        ) or next(
            (m for b in _BEHIND.finditer(ctx.text, s, e) for m in usable
             if m.end <= b.start() and _GROUP_TAIL.fullmatch(ctx.text, m.end, b.start())),
            None,
        )  # fmt: skip
        if group is not None:
            rest = [a for a in actors if a.role != "actor1" and a.name != group.name]
            return (group.as_actor("actor1"), *rest)
    return actors


#: The act a report blames on a group: "blamed the attack on", "attributed the killings to".
_BLAMED_ACT = (
    r"(?:the|this|that|Monday's|Tuesday's|Wednesday's|Thursday's|Friday's|Saturday's|"
    r"Sunday's)\s+(?:[\w-]+\s+){0,2}?(?:attacks?|bombings?|blasts?|ambush(?:es)?|assaults?|"
    r"strikes?|killings?|raids?|explosions?|massacres?|abductions?|kidnappings?|violence)"
)
#: "blaming al-Shabaab", "blamed the ADF for", "was blamed on suspected Boko Haram",
#: "blamed the attack on the ADF", "attributed the killings to Ansaroul Islam".
_BLAMED = re.compile(
    r"(?<!not )(?<!n't )\b(?:blam(?:ed|ing|es)\s+(?:it\s+on\s+|on\s+|"
    + _BLAMED_ACT
    + r"\s+on\s+)?|attribut(?:ed|ing|es)\s+(?:it|"
    + _BLAMED_ACT
    + r")\s+to\s+)(?:the\s+)?(?:(?:suspected|alleged|Islamist|jihadist)\s+)?",
    re.I,
)
#: "X militants were behind the attack": the group named just before it did it.
_BEHIND = re.compile(
    r"\b(?:was|were|is|are|had\s+been|have\s+been)\s+(?:(?:likely|probably|possibly)\s+)?"
    r"behind\s+(?:the|this|that|Monday's|Tuesday's|Wednesday's|Thursday's|Friday's|"
    r"Saturday's|Sunday's)\b",
    re.I,
)
#: What may stand between a group's name and "were behind": a space, or its fighters.
_GROUP_TAIL = re.compile(
    r"(?:\s+(?:militants?|fighters?|insurgents?|rebels?|jihadists?|gunmen|members|elements))?"
    r"\s{1,3}",
    re.I,
)


def _the_speakers_strike(
    actors: tuple[Actor, ...], ctx: Context, frame: Frame, sub_event_type: str
) -> tuple[Actor, ...]:
    """An air strike no one is named as flying, told by a state's military, on an armed
    group: the military's own ("the military said an air strike killed 35 bandits in their
    hideout", "the army said air strikes destroyed militant camps"). Armies report their own
    strikes on their enemies; ACLED codes the military, and the group it hit as the other
    side. A military that says "it struck" names itself as the striker, whatever the
    roles read from the words after it, whoever the strike killed and with any weapon
    ("the defence ministry said it had hit Ukrainian army positions near X")."""
    first = next((a for a in actors if a.role == "actor1"), None)
    second = next((a for a in actors if a.role == "actor2"), None)
    s, e = ctx.sentences[frame.trigger_sentence]
    speakers = [
        m
        for m in ctx.spoken
        if s <= m.start < e
        and m.kind == "state forces"
        and m.name.startswith("Military Forces of")
        and _SAID_AFTER.match(ctx.text, m.end)
    ]
    if len({m.name for m in speakers}) != 1:
        return actors
    force = speakers[0]
    own = bool(_SAID_IT_STRUCK.match(ctx.text, force.end))
    if not own and (
        (first is not None and not first.name.startswith("Unidentified"))
        or sub_event_type != "Air/drone strike"
        or (second and second.kind == "civilians")
    ):
        return actors  # a strike that killed civilians: its maker is not taken on trust
    hit = [a for a in actors if a.role in {"actor1", "actor2"} and a.name != force.name]
    rest = [a for a in actors if a.role not in {"actor1", "actor2"}]
    other: Actor | None = None
    if own and second is not None and second.name != force.name:
        other = second  # whom its strike hit, as the account tells it
    elif own and first is not None and first.name != force.name and first.mentions:
        other = replace(first, role="actor2")  # the side named after "it struck"
    elif hit and hit[0].kind != "civilians":
        other = replace(hit[0], role="actor2")
    return (force.as_actor("actor1"), *([other] if other else []), *rest)


#: A verb of saying right after a speaker's name: "the military said", "the army says".
_SAID_AFTER = re.compile(r"\s+(?:said|says|announced|reported|stated)\b", re.I)
#: The speaker as the striker, by its own word: "the army said it struck", "... said they
#: had hit". The pronoun is the speaker; no other party's strike is told this way.
_SAID_IT_STRUCK = re.compile(
    r"\s+(?:said|says|announced|reported|stated)\s+(?:that\s+)?(?:it|they)\s+(?:had\s+|has\s+|"
    r"have\s+)?(?:struck|hit|targeted|bombed|shelled|carried\s+out|conducted|launched)\b",
    re.I,
)


#: "X claimed responsibility for", "X claimed the attack": who did it, by its own word.
_CLAIMED = re.compile(
    r"\bclaim(?:ed|s|ing)?\s+(?:(?:the\s+)?responsibility|(?:the|this|that)\s+(?:[\w-]+\s+)?"
    r"(?:attack|bombing|blast|ambush|assault|strike|killing|raid|explosion))\b",
    re.I,
)

#: The state's forces killing: "shot dead by police", "security forces opened fire on".
_FORCES_KILLED = re.compile(
    r"\b(?:shot\s+dead|shot\s+and\s+killed|killed|gunned\s+down)\s+by\s+(?:the\s+)?"
    r"(?:[\w-]+\s+)?(?:police|security\s+forces|soldiers|troops|army|gendarmes)\b|"
    r"\b(?:police|security\s+forces|soldiers|troops|gendarmes)\s+(?:\w+\s+){0,2}?"
    r"(?:shot\s+dead|shot\s+and\s+killed|opened\s+fire\s+on|fired\s+live\s+(?:rounds|"
    r"ammunition)\s+(?:at|on))\b",
    re.I,
)

#: The order of an event's actors: its sides' leads and their associates.
_ROLE_ORDER = {"actor1": 0, "assoc_actor_1": 1, "actor2": 2, "assoc_actor_2": 3}

#: Words of attacking: whom the parse makes their agent started the fighting.
_ATTACK_WORDS = frozenset({"attacked", "ambushed", "raided", "stormed", "assaulted", "attack",
                           "attacks", "ambush", "raid", "assault", "offensive"})  # fmt: skip


def _who_started(
    actors: tuple[Actor, ...], ctx: Context, frame: Frame, kit: Kit, sides: Any
) -> tuple[Actor, ...]:
    """A clash told as shared ("two soldiers and four rebels were killed in a clash") puts
    first the side the rest of the account says attacked: "the army team was attacked by
    about 30 rebels". ACLED lists the side that started the fighting first.

    Only when the typing trigger's parse names neither side as acting, and another trigger of
    the frame names one of the two sides, and only that one, as its agent.
    """
    first = next((a for a in actors if a.role == "actor1"), None)
    second = next((a for a in actors if a.role == "actor2"), None)
    if first is None or second is None:
        return actors
    ts = frame.trigger_sentence
    if any(
        sides.side_of(m.start, m.end) == "agent"
        for m in ctx.actors[ts]
        if m.name in (first.name, second.name)
    ):
        return actors
    starters = set()
    for i in sorted(set(frame.reports) | {ts}):
        s, e = ctx.sentences[i]
        span = ctx.doc.char_span(s, e, alignment_mode="expand") if ctx.doc is not None else None
        for t in span if span is not None else ():
            if t.lower_ not in _ATTACK_WORDS or (
                s <= frame.trigger.start < e and t.idx == frame.trigger.start
            ):
                continue
            other_sides = kit.roles.sides(ctx.doc, t.idx, t.idx + len(t))
            starters |= {
                m.name
                for m in ctx.actors[i]
                if m.name in (first.name, second.name)
                and other_sides.side_of(m.start, m.end) == "agent"
            }
    if starters != {second.name}:
        return actors
    swapped = {"actor1": "actor2", "actor2": "actor1",
               "assoc_actor_1": "assoc_actor_2", "assoc_actor_2": "assoc_actor_1"}  # fmt: skip
    out = [replace(a, role=swapped[a.role]) for a in actors]  # type: ignore[arg-type]
    return tuple(sorted(out, key=lambda a: _ROLE_ORDER[a.role]))


def _state_leads_an_encounter(
    actors: tuple[Actor, ...], ctx: Context, ts: int, sides: Any
) -> tuple[Actor, ...]:
    """In a gunfight told by its dead, the state's forces lead an unnamed armed group.

    "Three militants were killed in an encounter", "a policeman was killed in a gun battle":
    the sentence says the two sides fought and who fell, not who attacked, and ACLED puts the
    state's forces first (as in "three soldiers were killed in clashes with militants").
    Only with an unidentified group first that the parse does not make the one acting;
    `_who_started` may still put it first when the report says it attacked.
    """
    first = next((a for a in actors if a.role == "actor1"), None)
    second = next((a for a in actors if a.role == "actor2"), None)
    if first is None or second is None or second.kind != "state forces":
        return actors
    if not first.name.startswith("Unidentified Armed Group"):
        return actors
    if any(sides.side_of(m.start, m.end) == "agent" for m in first.mentions):
        return actors
    s, e = ctx.sentences[ts]
    if not _ENCOUNTER.search(ctx.text, s, e):
        return actors
    swapped = {"actor1": "actor2", "actor2": "actor1",
               "assoc_actor_1": "assoc_actor_2", "assoc_actor_2": "assoc_actor_1"}  # fmt: skip
    out = [replace(a, role=swapped[a.role]) for a in actors]  # type: ignore[arg-type]
    return tuple(sorted(out, key=lambda a: _ROLE_ORDER[a.role]))


#: Words of fighting on both sides (roles._MUTUAL), as read in a sentence.
_ENCOUNTER = re.compile(
    r"\b(?:encounters?|gun ?fights?|gun ?battles?|fire ?fights?|shoot-?outs?|exchanges? of "
    r"fire|clash(?:es)?|skirmish(?:es)?)\b",
    re.I,
)


def _frame_evidence(ctx: Context, sentences: list[int]) -> tuple[Evidence, ...]:
    "The frame's sentences as spans (trailing whitespace dropped): what the event rests on."
    spans = []
    for i in sentences:
        s, e = ctx.sentences[i]
        e = s + len(ctx.text[s:e].rstrip())
        if e > s:
            spans.append(Evidence.at(ctx.text, s, e))
    return tuple(spans)


#: Sub-event types ACLED never codes with state forces as the perpetrator.
_NEVER_STATE = frozenset({"Suicide bomb"})
_NON_STATE = frozenset({"rebel group", "political militia", "identity militia"})


#: The report says no one is known to have done it: the perpetrator stays unidentified.
_NO_CLAIM = re.compile(
    r"\bno (?:immediate )?claim of responsibility\b|\bno (?:group|one) (?:has |had )?"
    r"(?:immediately )?claimed\b|\bnot (?:immediately )?clear who\b|\bunclear who\b",
    re.I,
)


def repair_pairing(actors: tuple[Actor, ...], ctx: Context, sub_event_type: str) -> tuple:
    """Refuse pairings ACLED never codes, and name a perpetrator the report names.

    - An actor against itself is no pairing: the second side is dropped, save rioters
      against rioters (two rival crowds fighting, `assign_roles`), which ACLED codes so.
    - Police or soldiers do not carry out suicide bombings: state forces named as the
      perpetrator of one are its target, and the bomber is unnamed (or named elsewhere).
    - "Unidentified Armed Group" (or bare "rebels") stands only when the report names no
      armed group: a report that names one non-state group and blames nobody else means
      that group ("rebels went on a rampage ... the rebels of the ADF attacked").
    """
    by_role = {a.role: a for a in actors}
    first, second = by_role.get("actor1"), by_role.get("actor2")
    out = list(actors)
    if first and second and first.name == second.name and first.kind != "rioters":
        out = [a for a in out if a is not second]
        second = None
    if first and second and _allied(first, second):
        # An army and the militia (or police) that fight beside it are one side. Counted
        # among the dead ("12 soldiers and four army auxiliaries died in an attack by
        # suspected jihadists"), they are the side attacked, and who attacked them is named
        # elsewhere or unidentified; otherwise they acted together ("customs officers with
        # reinforcement from police and the army fired shots").
        if _hit_side(ctx, (first, second)):
            if _hit_side(ctx, (second,)) and not _hit_side(ctx, (first,)):
                # "another attack left dozens dead, the majority of them VDP": the ally
                # counted among the dead is who was attacked; the other only stood by it.
                first, second = second, first
            out = [a for a in out if a not in (first, second) and a.role != "assoc_actor_2"]
            out += [replace(first, role="actor2"), replace(second, role="assoc_actor_2")]
            first, second = None, replace(first, role="actor2")
        else:
            out = [a for a in out if a is not second] + [replace(second, role="assoc_actor_1")]
            second = None
    if first and first.kind == "state forces" and sub_event_type in _NEVER_STATE:
        out = [a for a in out if a.role not in {"actor1", "actor2"}]
        out.append(replace(first, role="actor2"))
        first = None
        second = None
    unknown = first is None or first.name.startswith("Unidentified Armed Group")
    air = _one_air_force(ctx, second) if sub_event_type in _FIRED_BY_ARMIES else None
    if (
        air is not None
        and sub_event_type != "Air/drone strike"
        and (second is None or second.country is None or air.country == second.country)
    ):
        # Shells and missiles are fired by armed groups too: only a foreign army, the one
        # the report names, fired those no one is named for that hit another country's side
        # ("four civilians were killed by shelling" in a report on Russia's war in Ukraine).
        air = None
    if unknown and air is not None:
        # "an 'enemy' drone strike targeted a motorcycle": air strikes are flown by armed
        # forces, and a report that names one country's forces alone names who flew them.
        lead = air.as_actor("actor1", cited=False)
        out = [a for a in out if a.role != "actor1" and a.name != air.name] + [lead]
        first = lead
    if first is None or first.name.startswith(("Unidentified Armed Group", "Opposition Rebels")):
        home = ctx.country.iso3 if ctx.country else None
        aimed = ctx.aimed
        mentioned = [
            m
            for sentence in ctx.actors
            for m in sentence
            if not m.generic
            and m.kind in _NON_STATE
            and m.name != getattr(second, "name", None)
            # A group of another country's war (Hamas in a report on Lebanon), or one named
            # as what others oppose ("an anti-Islamic State militia"), is not this one's.
            and (m.country is None or home is None or m.country == home)
            and not ctx.text[max(0, m.start - 5) : m.start].lower().endswith("anti-")
            # The militia that fights beside the state is not who attacked it.
            and (m.name, home) not in allies()
            # "the strike targeted armed Fano militants": who was aimed at did not do it.
            and m.name not in aimed
            and m.name != getattr(second, "name", None)
        ]
        named = {m.name: m for m in mentioned}
        counts = Counter(m.name for m in mentioned).most_common(2)
        if len(counts) == 2 and counts[0][1] >= 2 * counts[1][1]:
            # One group the report keeps naming, another named once in passing (the ADF,
            # and the Islamic State it pledged to): the report is about the first.
            named = {counts[0][0]: named[counts[0][0]]}
        rebels = second is not None and second.name == f"Opposition Rebels ({_home_name(ctx)})"
        if len(named) == 1 and rebels and not _NO_CLAIM.search(ctx.text):
            # "a push to drive from Kidal the rebels led by a jihadist
            # alliance": the group the report names is those rebels, the side acted on;
            # who acts on rebels in their own country, unnamed, is its state's forces.
            (m,) = named.values()
            army = next(
                (
                    x
                    for sentence in ctx.actors
                    for x in sentence
                    if x.kind == "state forces"
                    and x.name.startswith("Military Forces")
                    and ctx.country is not None
                    and x.country == ctx.country.iso3
                ),
                None,
            )
            if army is not None and m.kind == "rebel group":
                out = [a for a in out if a.role not in {"actor1", "actor2"} and a.name != m.name]
                out += [army.as_actor("actor1", cited=False), m.as_actor("actor2")]
                named = {}
        if len(named) == 1 and not _NO_CLAIM.search(ctx.text):
            (m,) = named.values()
            lead = m.as_actor("actor1")
            # The group may already stand on the other side ("gunmen ... cartel"): one side.
            out = [a for a in out if a.role != "actor1" and a.name != m.name] + [lead]
        elif first is None and ctx.country is not None and any(a.role == "actor2" for a in out):
            home = ctx.country
            out.append(
                Actor(
                    role="actor1",
                    name=f"Unidentified Armed Group ({home.name})",
                    kind="political militia",
                    country=home.iso3,
                    mentions=(),
                )
            )
    out = _opponents_apart(out, sub_event_type)
    out = _other_side(out, ctx, sub_event_type)
    return tuple(sorted(out, key=lambda a: _ROLE_ORDER[a.role]))


def _home_name(ctx: Context) -> str:
    "The name of the report's country, or '' when it has none."
    return ctx.country.name if ctx.country is not None else ""


def _from_the_lead(
    actors: tuple[Actor, ...], ctx: Context, frame: Frame, kit: Kit, sub_event_type: str = ""
) -> tuple[Actor, ...]:
    """A bare toll's perpetrator: who acts in the round-up's lead (Frame.lead), if named there.
    So too an arrest's: "troops arrested ... In another operation, three suspects were
    arrested" is by the troops, not by the police ACLED codes when no one is named."""
    if frame.lead is None:
        return actors
    first = next((a for a in actors if a.role == "actor1"), None)
    implied_arrester = sub_event_type == "Arrests" and first is not None and not first.mentions
    if first is not None and not first.name.startswith("Unidentified") and not implied_arrester:
        return actors
    i, hit = frame.lead
    sides = kit.roles.sides(ctx.doc, hit.start, hit.end)
    agent = next(
        (m for m in ctx.actors[i] if m.armed and sides.side_of(m.start, m.end) == "agent"), None
    )
    if agent is None or (implied_arrester and agent.kind != "state forces"):
        return actors
    lead = agent.as_actor("actor1", cited=False)
    return (lead, *(a for a in actors if a.role != "actor1" and a.name != agent.name))


#: Verbs of holding someone: their subject made an arrest.
_ARREST_VERBS = frozenset({"arrested", "detained", "apprehended", "nabbed", "captured", "seized"})


def _earlier_arrester(
    actors: tuple[Actor, ...], ctx: Context, ts: int, kit: Kit, sub_event_type: str
) -> tuple[Actor, ...]:
    """An arrest whose sentence names no one making it is by the state force the report has
    already seen make arrests: military and police statements list their operations one
    after another ("troops arrested ... In another operation, three suspects were arrested").
    Only with no such force does the country's police (assign_roles' default) stand."""
    first = next((a for a in actors if a.role == "actor1"), None)
    if sub_event_type != "Arrests" or first is None or first.mentions:
        return actors
    if first.kind != "state forces":
        return actors
    for j in range(ts - 1, -1, -1):
        s, e = ctx.sentences[j]
        forces = [m for m in ctx.actors[j] if m.kind == "state forces" and not m.generic]
        forces = forces or [m for m in ctx.actors[j] if m.kind == "state forces"]
        if not forces or ctx.doc is None:
            continue
        span = ctx.doc.char_span(s, e, alignment_mode="expand")
        for t in span if span is not None else ():
            if t.lower_ not in _ARREST_VERBS or t.pos_ != "VERB":
                continue
            sides = kit.roles.sides(ctx.doc, t.idx, t.idx + len(t))
            agent = next((m for m in forces if sides.side_of(m.start, m.end) == "agent"), None)
            if agent is not None:
                rest = [a for a in actors if a.role != "actor1" and a.name != agent.name]
                return (agent.as_actor("actor1", cited=False), *rest)
    return actors


def _across_the_border(
    actors: tuple[Actor, ...], location: Any, kit: Kit, event_type: str
) -> tuple[Actor, ...]:
    """The other side of a group's fire into another country: that country's forces.

    "Hezbollah said it launched rockets at Kiryat Shmona": a group of one country striking a
    place in another strikes that state; with no target named, ACLED codes its military.
    """
    if event_type not in {"Explosions/Remote violence", "Battles"}:
        return actors
    if any(a.role == "actor2" for a in actors) or location is None or location.latitude is None:
        return actors
    first = next((a for a in actors if a.role == "actor1"), None)
    there = kit.countries.get(location.country_code or "")
    if first is None or first.kind not in _NON_STATE or first.country is None or there is None:
        return actors
    if first.country == there.iso3:
        return actors
    target = Actor(role="actor2", name=there.military, kind="state forces", country=there.iso3)
    return (*actors, target)


def _ground_lost_by(
    actors: tuple[Actor, ...],
    mentions: list[ActorMention],
    location: Any,
    kit: Kit,
    sub_event_type: str,
) -> tuple[Actor, ...]:
    """Who lost the ground a group (or a foreign army) took: the state's forces, when no other
    side is named.

    "Taliban militants captured another district", "the collapse of two districts": ACLED
    codes a territory taken from someone, and a group taking ground in a country takes it
    from that state's forces unless the report names another holder. The forces the report
    names (the "government forces" that withdrew) stand first; else the country's military.
    """
    if sub_event_type != "Non-state actor overtakes territory":
        return actors
    second = next((a for a in actors if a.role == "actor2"), None)
    army = next((a for a in actors if a.role == "assoc_actor_2" and _army_of(a, second)), None)
    if second is not None and army is not None:
        # "captured the district after fighting with Afghan forces ... seized the district
        # police headquarters": the army held the ground, the police beside it.
        return tuple(
            replace(a, role="actor2")
            if a is army
            else replace(a, role="assoc_actor_2")
            if a is second
            else a
            for a in actors
        )
    if second is not None or location is None:
        return actors
    first = next((a for a in actors if a.role == "actor1"), None)
    there = kit.countries.get(location.country_code or "")
    if first is None or there is None:
        return actors
    # A group takes ground from the state; so does a foreign army ("Russian forces have
    # captured the village of X in eastern Ukraine"), from the state whose ground it is.
    foreign = first.kind == "state forces" and first.country not in (None, there.iso3)
    if first.kind not in _NON_STATE and not foreign:
        return actors
    held = next((m for m in mentions if m.kind == "state forces" and m.country == there.iso3), None)
    if held is not None:
        return (*actors, held.as_actor("actor2"))
    target = Actor(role="actor2", name=there.military, kind="state forces", country=there.iso3)
    return (*actors, target)


def _army_of(a: Actor, police: Actor | None) -> bool:
    "Whether `a` is the military of the country whose police `police` is."
    return (
        police is not None
        and police.kind == "state forces"
        and police.name.startswith("Police Forces")
        and a.kind == "state forces"
        and a.name.startswith("Military Forces")
        and a.country == police.country
    )


def _told_before(
    actors: tuple[Actor, ...], ctx: Context, ts: int, hit: TriggerHit
) -> tuple[Actor, ...]:
    """The dead a sentence tells by a pronoun are the civilians the sentence before names.

    "Nine of the dead were villagers. They died in raids flown by the air force": the
    strike's sentence names its attacker, the one before its
    victims. Only for a strike or an attack with no one acted on, and only civilians: an
    armed side is never read across sentences by a pronoun.
    """
    if hit.event_type not in {"Explosions/Remote violence", "Violence against civilians"}:
        return actors
    if ts == 0 or any(a.role == "actor2" for a in actors):
        return actors
    if not pronoun_casualties(ctx.doc, hit.start, hit.end):
        return actors
    named = [m for m in ctx.actors[ts - 1] if m.kind == "civilians" and m.start >= 0]
    if not named:
        return actors
    return (*actors, named[-1].as_actor("actor2"))


#: What follows a side that gives ground up: "the troops had pulled out of the town",
#: "the UN mission (MINUSMA) officially handed over its camp".
_GAVE_UP = re.compile(
    r"(?:\s*\([^)]*\))?\s+(?:[\w-]+\s+){0,2}?(?:left|withdr[ae]w|withdrawn|abandoned|vacated|"
    r"evacuated|pulled\s+out|retreated|handed\s+over|ceded|surrendered)\b",
    re.I,
)


def _ground_given_up(
    actors: tuple[Actor, ...],
    mentions: list[ActorMention],
    ctx: Context,
    location: Any,
    kit: Kit,
    sub_event_type: str,
) -> tuple[Actor, ...]:
    """A transfer of ground without fighting puts who took it first, who gave it up second.

    ACLED codes a non-violent transfer as actor1 taking the ground from actor2. The report
    often tells it from the side that leaves ("the troops had pulled out of the town",
    "the UN mission handed over its camp to the national authorities"): that side is the
    second one. Who took it is the other armed side the event's sentences name (`mentions`),
    else the one the report names; a foreign force or mission hands ground over to the
    state's own forces when no one else is named.
    """
    if sub_event_type != "Non-violent transfer of territory" or location is None:
        return actors
    if any(a.role == "actor2" for a in actors):
        return actors
    first = next((a for a in actors if a.role == "actor1"), None)
    there = kit.countries.get(location.country_code or "")
    if first is None or there is None:
        return actors
    if not any(_GAVE_UP.match(ctx.text, m.end) for m in first.mentions):
        return actors
    taker = next(
        (
            m
            for m in mentions + [x for sentence in ctx.actors for x in sentence]
            if m.armed
            and m.name != first.name
            and (m.kind in _NON_STATE or (m.kind == "state forces" and m.country != first.country))
        ),
        None,
    )
    if taker is not None:
        lead = taker.as_actor("actor1")
    elif first.country != there.iso3:
        lead = Actor(role="actor1", name=there.military, kind="state forces", country=there.iso3)
    else:
        return actors
    return (lead, replace(first, role="actor2"))


#: What may stand before a country's name aimed at: "at northern Israel", "towards the south
#: of Lebanon" is no town in it.
_WHOLE_COUNTRY = re.compile(
    r"(?:the\s+)?(?:(?:north|south|east|west|central)(?:ern|-?(?:east|west)(?:ern)?)?\s+)?", re.I
)


#: Words for the dead that do not say who they were.
_ANYONE = frozenset({"people", "persons", "person"})


def _aimed_by_the_striker(
    actors: tuple[Actor, ...], ctx: Context, event_type: str
) -> tuple[Actor, ...]:
    """The group a named striker says it aimed at is who its strike hit, when the report
    counts the dead only as "people".

    "An Israeli air strike killed four people in Deir al-Balah. The military said it had
    targeted Hamas militants": the one group the report makes the object of a verb of aiming
    is the other side. The dead called civilians ("killed 100 civilians ... the authorities
    claimed the strike targeted Fano militants") stay civilians.
    """
    if event_type != "Explosions/Remote violence":
        return actors
    first = next((a for a in actors if a.role == "actor1"), None)
    second = next((a for a in actors if a.role == "actor2"), None)
    if first is None or first.name.startswith("Unidentified") or first.kind == "civilians":
        return actors
    if second is None or second.kind != "civilians":
        return actors
    if any(
        (ctx.text[m.start : m.end].lower().split() or [""])[-1] not in _ANYONE
        for m in second.mentions
    ):
        return actors
    home = ctx.country.iso3 if ctx.country else None
    targets = {
        m.name: m
        for sentence in ctx.actors
        for m in sentence
        if m.kind in _NON_STATE
        and not m.generic
        and m.name in ctx.aimed
        and m.name != first.name
        and (m.country is None or home is None or m.country == home)
    }
    if len(targets) != 1:
        return actors
    (target,) = targets.values()
    out = [a for a in actors if a.role != "actor2" and a.name != target.name]
    return (*out, target.as_actor("actor2", cited=False))


def _aimed_at_a_state(
    actors: tuple[Actor, ...],
    ctx: Context,
    kit: Kit,
    sides: Any,
    event_type: str,
    clause: tuple[int, int],
) -> tuple[Actor, ...]:
    """Fire aimed at a country by a side of another is on that state's forces.

    "Hezbollah announced rocket fire at Israel", "missiles launched towards northern Israel":
    the parse makes the country itself what was fired at, and ACLED codes its military.
    Civilians the parse does not put on the receiving end (killed by another side's strikes
    told in the same sentence) give way; a town inside the country ("a village in southern
    Lebanon") is a place, not the state.
    """
    if event_type != "Explosions/Remote violence":
        return actors
    first = next((a for a in actors if a.role == "actor1"), None)
    second = next((a for a in actors if a.role == "actor2"), None)
    if first is None or first.country is None:
        return actors
    here = [m for m in second.mentions if clause[0] <= m.start < clause[1]] if second else []
    if second is not None and (
        second.kind != "civilians"
        or any(sides.side_of(m.start, m.end) == "target" for m in here)
        or any(suffered(ctx.doc, m.start, m.end) for m in here)
    ):
        return actors
    for s, e, iso3 in ctx.country_mentions:
        there = kit.countries.get(iso3)
        if there is None or iso3 == first.country:
            continue
        if any(
            ts <= s and e == te and _WHOLE_COUNTRY.fullmatch(ctx.text, ts, s)
            for ts, te in sides.targets
        ):
            target = Actor(role="actor2", name=there.military, kind="state forces", country=iso3)
            kept = (
                a
                for a in actors
                if a.role not in {"actor2", "assoc_actor_2"} and a.name != target.name
            )
            return (*kept, target)
    return actors


#: Coalitions that fly all the air strikes of a war, by the country it is fought in: there
#: an air raid told without its author is theirs (the other side flies none).
_AIR_COALITIONS = {"YEM": "Operation Restoring Hope"}


#: Remote violence an army delivers: air strikes (only armies fly) and, from a foreign
#: army, shelling and missiles.
_FIRED_BY_ARMIES = frozenset({"Air/drone strike", "Shelling/artillery/missile attack"})


def _one_air_force(ctx: Context, second: Actor | None) -> ActorMention | None:
    """The one country's military the report names, other than the side hit, if only one.

    Where one coalition flies the war's air strikes and the report names it, it flew the
    raid: "a Houthi source said Sanaa was also hit by air raids" in a report on the
    Saudi-led coalition's raids is the coalition's, not the speaker's own side's."""
    coalition = _AIR_COALITIONS.get(ctx.country.iso3) if ctx.country else None
    named = [m for sentence in ctx.actors for m in sentence if m.name == coalition]
    if named and coalition != getattr(second, "name", None):
        return named[0]
    forces = {
        m.name: m
        for sentence in ctx.actors
        for m in sentence
        if m.kind == "state forces"
        and m.name.startswith("Military Forces of")
        and m.name != getattr(second, "name", None)
    }
    return next(iter(forces.values())) if len(forces) == 1 else None


def _hit_side(ctx: Context, side: tuple[Actor, ...]) -> bool:
    """Whether the report counts members of the side among the dead, hurt or taken, or the
    parse says a mention of them suffered ("soldiers were killed")."""
    names = {a.name for a in side}
    spans = [(m.start, m.end) for a in side for m in a.mentions]
    for i, (s, e) in enumerate(ctx.sentences):
        if not any(s <= start < e for start, _ in spans):
            continue
        if any(c.party in names for c in ctx.figures[i]):
            return True
    return any(suffered(ctx.doc, start, end) for start, end in spans)


_PLAIN_FORCE = re.compile(r"^(?:Military|Police) Forces of (?P<home>.+?) \([\d-]+\)$")


def _opponents_apart(actors: list[Actor], sub_event_type: str) -> list[Actor]:
    """A state's forces and a group that are not allies, placed on one side with no other,
    are the two sides ("two soldiers and four NPA fighters were killed in a clash", "a
    Turkish drone strike killed three SDF fighters"): the associate becomes actor2."""
    if sub_event_type not in _TWO_SIDED or any(a.role == "actor2" for a in actors):
        return actors
    first = next((a for a in actors if a.role == "actor1"), None)
    if first is None:
        return actors
    # Any associate, not only the first: "Boko Haram/IS claimed to have killed 3 soldiers"
    # names the group twice over before the soldiers.
    assoc = next(
        (
            a
            for a in actors
            if a.role == "assoc_actor_1"
            and not _allied(first, a)
            and "state forces" in {first.kind, a.kind}
            and {first.kind, a.kind} & _NON_STATE
        ),
        None,
    )
    if assoc is None:
        return actors
    return [replace(a, role="actor2") if a is assoc else a for a in actors]


#: Sub-event types that always have two armed sides.
_TWO_SIDED = frozenset(
    {"Armed clash", "Air/drone strike", "Shelling/artillery/missile attack",
     "Remote explosive/landmine/IED", "Suicide bomb", "Grenade"}
)  # fmt: skip


def _allied(a: Actor, b: Actor) -> bool:
    """Whether two actors fight on one side: a state's army and its police, or a state's
    forces and a militia that fights beside them (lexicons/allies.tsv)."""
    if a.kind == "state forces" and b.kind == "state forces":
        # Only a country's own army and police: rival governments ("... Supreme Political
        # Council", "... Haftar Faction") and breakaway states each have forces of their own.
        home_a, home_b = _PLAIN_FORCE.match(a.name), _PLAIN_FORCE.match(b.name)
        return bool(home_a and home_b and home_a["home"] == home_b["home"])
    return any(
        force.kind == "state forces" and (other.name, force.country) in allies()
        for force, other in ((a, b), (b, a))
    )


def _other_side(actors: list[Actor], ctx: Context, sub_event_type: str) -> list[Actor]:
    """A clash has two sides: a group's clash the report gives no second side for is with
    the state forces it talks about (its most named army or police of the country).

    The other way round is not guessed: state forces' opponent is often named elsewhere,
    and an "Unidentified Armed Group" there would be wrong more often than right.
    """
    if sub_event_type != "Armed clash" or ctx.country is None:
        return actors
    first = next((a for a in actors if a.role == "actor1"), None)
    if first is None or any(a.role == "actor2" for a in actors):
        return actors
    home = ctx.country
    if first.kind == "state forces":
        return actors
    forces = Counter(
        (m.name, m.kind, m.country)
        for sentence in ctx.actors
        for m in sentence
        if m.kind == "state forces" and m.country == home.iso3
    )
    taken = {a.name for a in actors}
    for (name, kind, iso3), _n in forces.most_common():
        if name not in taken:
            return [*actors, Actor(role="actor2", name=name, kind=kind, country=iso3)]
    return actors


def _refine(hit: TriggerHit, actors: tuple, hit_civilians: bool = False) -> tuple[str, str]:
    """Type rules that need the actors: who is attacked decides clash versus attack.

    `hit_civilians`: the parse says the trigger's sentence hit civilians ("six farmers were
    killed by gunmen in an ambush"); with no armed second side that is an attack on them.
    """
    actor2 = next((a for a in actors if a.role == "actor2"), None)
    actor1 = next((a for a in actors if a.role == "actor1"), None)
    armed_target = actor1 is not None and actor2 is not None and actor2.kind != "civilians"
    if hit.sub_event_type == "Attack" and armed_target:
        return "Battles", "Armed clash"
    civilian_target = actor2 is not None and actor2.kind == "civilians"
    if hit.sub_event_type == "Armed clash" and hit.weight < 0.6 and civilian_target:
        return "Violence against civilians", "Attack"
    if hit.sub_event_type == "Armed clash" and actor2 is None and hit_civilians:
        return "Violence against civilians", "Attack"
    if (
        hit.sub_event_type == "Abduction/forced disappearance"
        and actor1 is not None
        and (actor1.kind == "state forces")
    ):
        return "Strategic developments", "Arrests"
    if (
        hit.sub_event_type == "Arrests"
        and actor1 is not None
        and actor1.name.startswith("Unidentified Armed Group")
        and (actor2 is None or actor2.kind == "civilians")
    ):
        # "detained by three unidentified people": no state arrests anyone unnamed; people
        # taken by unknown men have been abducted (ACLED's forced disappearance).
        return "Violence against civilians", "Abduction/forced disappearance"
    return hit.event_type, hit.sub_event_type


#: "The death toll ... has risen to 27": a running toll of an incident told before.
_TOLL_UPDATE = re.compile(
    r"\b(?:toll|number of (?:dead|deaths|casualties))\b[^.]{0,80}?\b(?:has |had )?"
    r"(?:risen|rose|climbed|increased|reached|jumped)\b",
    re.I,
)

_PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3}


def _event_date(
    ctx: Context,
    frame: Frame,
    sentences: list[int],
    published: date | None = None,
    trigger: tuple[int, int] | None = None,
) -> tuple[date | None, str]:
    """The day the event happened, from the nearest text that says so.

    A day the text says something happened outranks the day something was said or filed
    ("the junta said Friday ... troops entered the village on Thursday"): first the trigger's
    sentence, then the event's other sentences, then the article's first such day; only then
    the days of statements, then the publication date. For a toll at a town of its own
    (`Frame.scene`) that the report names for the first time, the article's day is the last
    one told before it.
    """
    ts = frame.trigger_sentence
    # "Jets bombed Kadugli, which rebels took on 3 June": a day told in a relative clause
    # the trigger stands outside of is the day of what the clause tells, kept only where
    # the report's own week is unknown (`DateMention.clause`).
    # (In the event's other sentences such a clause often retells the event itself: "The
    # air strikes, which began Saturday, killed 45".)
    aside = [
        d
        for d in ctx.dates[ts]
        if d.clause and trigger and not d.clause[0] <= trigger[0] < d.clause[1]
    ]
    own = [d for i in sentences for d in ctx.dates[i] if d not in aside]
    context_days = [
        d
        for i in frame.sentences
        if i not in sentences and sentences and min(sentences) < i < max(sentences)
        for d in ctx.dates[i]
        if d.precision == "day" and not d.statement and not d.clause
    ]
    article_days = [
        d for group in ctx.dates for d in group if d.precision == "day" and not d.clause
    ]
    told_before = _fold(ctx.text[: ctx.sentences[ts][0]]) if frame.scene else ""
    if frame.scene and not any(fold(p.name) in told_before for p in ctx.places[ts]):
        # A toll at the next town of an account ("Sunday morning the rebels attacked
        # Mangazi ... The rebels moved on to the villages of X and Y, where ...") happened on
        # the day the account has reached, not the first day the report gives.
        before = [d for group in reversed(ctx.dates[:ts]) for d in group if d.precision == "day"]
        article_days = before[:1] + article_days
    elif _AFTERWARDS.search(ctx.text, *ctx.sentences[ts]) or _ALSO_HIT.search(
        ctx.text, *ctx.sentences[ts]
    ):
        # "Gunmen stormed a studio on Tuesday ... The 13 gunmen were subsequently arrested":
        # what came after the account happened on the day it had reached (or later), not
        # on the first day the report gives. So did a place "also targeted" by the strikes
        # just told.
        before = [
            d
            for group in reversed(ctx.dates[:ts])
            for d in group
            if d.precision == "day" and not d.statement
        ]
        article_days = before[:1] + article_days
    relative = _RELATIVE_TO_TOLD.search(ctx.text, *ctx.sentences[ts])
    if relative and not any(
        not d.statement and d.precision == "day" for i in sentences for d in ctx.dates[i]
    ):
        # "Fano had clashed with troops there a day earlier", "Hours later, gunmen stormed
        # Kwaya ..., police said on Sunday": counted from the last day the report told
        # before it, never from the day of a statement or of publication.
        told_days = [
            d
            for group in reversed(ctx.dates[:ts])
            for d in reversed(group)
            if d.precision == "day" and not d.statement and not d.clause
        ]
        if told_days:
            back = relative.group("n")
            days = UNITS.get(back.lower(), 1) if back else int("day" in relative.group())
            return told_days[0].value - timedelta(days=days), "day"
    before = _DAYS_BEFORE.search(ctx.text, *ctx.sentences[ts])
    # "Wednesday's shelling comes a day after ...": a day told before the words is the lead's.
    leads = [d for d in ctx.dates[ts] if before and d.evidence.end <= before.start()]
    if before and len(leads) == len(ctx.dates[ts]) and (leads or article_days):
        # "The ambush came two days after a raid in X left nine dead": the incident the
        # lead came after happened that many days before the lead's day.
        lead = leads[0] if leads else next((d for d in article_days if not d.statement), None)
        lead = lead or article_days[0]
        back = UNITS.get(before.group("n").lower(), 1)
        return lead.value - timedelta(days=back), "day"
    # The page's own day (`DateMention.filed`) on the trigger's sentence, a headline's,
    # yields to a day the event's other sentences tell ("Air strikes kill dozens in Aleppo
    # Reuters Monday 21 Apr 2014" ... "air strikes killed 14 people on Sunday").
    told_ts = [d for d in ctx.dates[ts] if d not in aside]
    unstamped = [d for d in told_ts if not d.filed]
    # "Rebels shelled X on Monday ... The army announced on Wednesday that it had retaken
    # Y": an event the trigger's sentence tells only as said on a day happened by that day,
    # not on the day of another incident the report gave first. A toll that "has risen"
    # by the day it was said is of an incident told before it, and keeps that one's day.
    said = [
        d
        for d in told_ts
        if d.statement
        and not d.quoted
        and not d.filed
        and SAID_BEFORE.search(ctx.text, max(0, d.evidence.start - 40), d.evidence.start)
    ]
    # (A day the frame's other sentences tell, "The raids on Tuesday hit a market", is the
    # event's own, said or not.)
    if said and (
        _TOLL_UPDATE.search(ctx.text, *ctx.sentences[ts])
        or any(not d.statement for k in frame.sentences for d in ctx.dates[k])
    ):
        said = []
    for group, statements in (
        (unstamped, False),
        (own, False),
        (said, True),
        (article_days, False),
        (told_ts, True),
        (own, True),
        (article_days, True),
        # A day of what a clause tells only where the report's own week is unknown.
        *(((aside, False), (aside, True)) if published is None else ()),
    ):
        told = [d for d in group if d.statement == statements]
        if group is not article_days:
            # "Date of publication 26 October 2016 Forces dropped chlorine ... Tuesday": the
            # event's own sentences' day, not the page's (`DateMention.filed`).
            told = [d for d in told if not d.filed] or told
        if told:
            # "After militia expelled them last month, al-Qaeda attacked ... on Saturday":
            # of the days a sentence gives, the one it pins down to a day is the event's.
            d = min(told, key=lambda d: _PRECISION_ORDER[d.precision])
            if group is own and not statements and d.precision != "day" and context_days:
                # "... detained 27 gang members. The operation took place on Friday ...
                # Gangs were declared terrorist groups this month": the day the frame's
                # context tells beats a month its background gives.
                return context_days[0].value, "day"
            return d.value, d.precision
    if published is not None:
        # A news report that dates nothing tells what happened in the days before it was
        # published: ACLED codes the report's date, as a week.
        return published, "week"
    return None, "day"


def _claims(
    ctx: Context,
    frame: Frame,
    sentences: list[int],
    counted: list[Counted],
    hit: TriggerHit,
    roles: dict[int, Role],
) -> tuple[Claim, ...]:
    """The event's claims: the event itself, every figure read in its sentences, loaded words.

    A figure's claim value carries its `role` in the event's toll (`sitrep.extract.counts.
    Role`), so that reconciliation lets a report's totals vote on an incident's range while
    its shares ("two women") and figures left aside (a week's total) are kept but never set
    an incident's low or high.
    """
    claims: list[Claim] = []

    def who(pos: int) -> Attribution:
        for i in sentences:
            s, e = ctx.sentences[i]
            if s <= pos < e:
                return ctx.attributions.at(i, pos)
        return ctx.attributions.sentence[frame.trigger_sentence]

    ts = frame.trigger_sentence
    s, e = ctx.sentences[ts]
    quote = Evidence.at(ctx.text, s, len(ctx.text[:e].rstrip()))
    a = ctx.attributions.at(ts, hit.start)
    claims.append(
        Claim.on(quote, field="event", value=hit.sub_event_type, claimant=a.claimant, via=a.via)
    )
    for c in counted:
        a = who(c.figure.start)
        f = c.figure
        value = {
            "best": f.best,
            "low": f.low,
            "high": f.high,
            "qualifier": f.qualifier,
            "party": c.party,
            "role": roles.get(id(c), "aside"),
        }
        claims.append(
            Claim.on(c.evidence, field=c.field, value=value, claimant=a.claimant, via=a.via)
        )
    spans = [ctx.sentences[i] for i in sentences]
    for ev in ctx.loaded:
        if any(s <= ev.start < e for s, e in spans):
            a = who(ev.start)
            claims.append(
                Claim.on(ev, field="wording", value=ev.text, claimant=a.claimant, via=a.via)
            )
    return tuple(claims)


#: Words for armed men that belong to an insurgency, not to a gang.
_INSURGENT_WORDS = re.compile(
    r"\b(?:militants?|jihadis\w*|insurgen\w+|terroris\w+|rebels?|extremists?|islamists?)\b",
    re.I,
)
_GANG_WORDS = re.compile(r"\bgang(?:s|sters?| members?)?\b", re.I)


_RIOTING = re.compile(r"\b(?:riot\w*|disorder|unrest|mobs?)\b", re.I)


def _looted_in_a_riot(
    actors: tuple[Actor, ...], ctx: Context, sentences: list[int]
) -> tuple[Actor, ...]:
    """A shop "looted during the disorder" was looted by the rioters: with no one named
    doing it, the looting's sentences set in a riot make the crowd its actor, not an
    unidentified armed group."""
    first = next((a for a in actors if a.role == "actor1"), None)
    if first is None or first.mentions or not first.name.startswith("Unidentified Armed Group"):
        return actors
    if ctx.country is None or not any(
        _RIOTING.search(ctx.text, *ctx.sentences[i]) for i in sentences
    ):
        return actors
    rioters = Actor(
        role="actor1", name=f"Rioters ({ctx.country.name})", kind="rioters",
        country=ctx.country.iso3, mentions=(),
    )  # fmt: skip
    return (rioters, *(a for a in actors if a is not first))


def _gangs_gunmen(actors: tuple[Actor, ...], ctx: Context) -> tuple[Actor, ...]:
    """In a report about gangs, its unnamed gunmen are a gang's: "armed and hooded gang
    members stormed a studio ... The 13 gunmen were arrested" (ACLED's "Unidentified Gang").
    Only where the report speaks of gangs at least twice and never of militants, rebels or
    insurgents, whose unnamed fighters stay an unidentified armed group."""
    unknown = [a for a in actors if a.name.startswith("Unidentified Armed Group (")]
    if not unknown:
        return actors
    if len(_GANG_WORDS.findall(ctx.text)) < 2 or _INSURGENT_WORDS.search(ctx.text):
        return actors
    return tuple(
        replace(a, name="Unidentified Gang (" + a.name[len("Unidentified Armed Group (") :])
        if a in unknown
        else a
        for a in actors
    )


#: Actor names ACLED gives the country where the event took place.
_OF_PLACE = ("Civilians", "Protesters", "Rioters", "Unidentified Armed Group", "Unidentified Gang")


def _of_the_place(
    actors: tuple[Actor, ...], country: Country | None, location: Any, kit: Kit
) -> tuple[Actor, ...]:
    """Civilians, crowds and unnamed groups of the country where the event happened.

    A report on Jenin that names Israel more often than Palestine reads its "civilians"
    as Israel's; ACLED codes "Civilians (Palestine)", the country of the place. Only names
    made from the report's main country move, and only to a place resolved in another.
    """
    if country is None or location is None or location.latitude is None:
        return actors
    there = kit.countries.get(location.country_code or "")
    if there is None or there.iso3 == country.iso3:
        return actors
    out = []
    for a in actors:
        for stem in _OF_PLACE:
            if a.name == f"{stem} ({country.name})":
                a = replace(a, name=f"{stem} ({there.name})", country=there.iso3)
                break
        out.append(a)
    return tuple(out)


def _dated_count(count: Count | None, day: date | None) -> Count | None:
    "A toll whose per-party shares name state forces by the government of `day`."
    if count is None or not count.breakdown:
        return count
    shares = tuple(
        replace(s, actor=dated_name(s.actor, day)) if s.actor else s for s in count.breakdown
    )
    return replace(count, breakdown=shares)


def _dated_claims(claims: tuple[Claim, ...], day: date | None) -> tuple[Claim, ...]:
    """Claims whose claimant, relayer and figure's party name state forces by the government
    of `day` ("police said" in a 2020 report is the police of 2020's government)."""
    out = []
    for c in claims:
        value = c.value
        if isinstance(value, dict) and value.get("party"):
            value = {**value, "party": dated_name(value["party"], day)}
        out.append(
            replace(
                c,
                claimant=dated_name(c.claimant, day),
                via=dated_name(c.via, day) if c.via else c.via,
                value=value,
            )
        )
    return tuple(out)


def _sources(ctx: Context, claims: tuple[Claim, ...]) -> tuple[str, ...]:
    names: list[str] = []
    for claim in claims:
        for name in (claim.claimant, claim.via):
            if name and name != UNATTRIBUTED and name not in names:
                names.append(name)
    if ctx.outlet and ctx.outlet not in names:
        names.append(ctx.outlet)
    return tuple(names)


_CIVILIAN = re.compile(
    r"\bcivilians?\b|\bchild(?:ren)?\b|\bresidents?\b|\bvillagers?\b|\bwomen\b", re.I
)


def _civilian_harm(
    ctx: Context, sentences: list[int], actors: tuple, counted: list[Counted]
) -> bool:
    if any(a.kind == "civilians" and a.role in {"actor2", "assoc_actor_2"} for a in actors):
        return True
    for c in counted:
        if c.figure.best > 0 and c.party and c.party.startswith("Civilians"):
            return True
    for i in sentences:
        s, e = ctx.sentences[i]
        sentence = ctx.text[s:e]
        if _CIVILIAN.search(sentence) and re.search(
            r"\b(?:killed|wounded|injured|casualties|dead|died|hurt|targeted|abducted|kidnapped)\b",
            sentence,
            re.I,
        ):
            return True
    return False


def _event_id(article: Article, index: int) -> str:
    digest = hashlib.sha256(
        f"{__version__}|{EXTRACTOR}|{article.id}|{article.text}|{index}".encode()
    ).hexdigest()
    return f"ev-{digest[:16]}"


def _confidence(
    hit: TriggerHit,
    sentence: int,
    actors: tuple,
    location: object,
    event_date: date | None,
    fatalities: Count | None,
) -> float:
    "How sure Sitrep is of this event: trigger strength, supporting fields, an early mention."
    score = 0.45 + 0.4 * hit.weight
    score += 0.04 if actors else -0.05
    # A place the text names for the event supports it; one only inferred does not.
    score += 0.03 if location is not None and getattr(location, "mentions", ()) else 0.0
    score += 0.03 if event_date is not None else 0.0
    score += 0.02 if fatalities is not None and fatalities.best > 0 else 0.0
    score -= min(0.03 * sentence, 0.15)
    return round(max(0.05, min(0.99, score)), 3)


class _Callable(types.ModuleType):
    """This package, callable: `sitrep.extract(text, published=..., outlet=...)` is
    `sitrep.extract.text.extract_text` (a string in, events out), for notebooks."""

    def __call__(self, text: Any, **options: Any) -> list[Event]:
        from sitrep.extract.text import extract_text

        return extract_text(text, **options)


sys.modules[__name__].__class__ = _Callable
