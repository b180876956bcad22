"""What people type to pick events (`sitrep.filters`), and the SQL each filter becomes
(`sitrep.store.query`) on SQLite and PostgreSQL; the CLI and the API run the same cases
(`filter_data.CASES`) in test_store_cli.py and test_api.py."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date

import filter_data
import pytest

from sitrep.errors import FilterError
from sitrep.export.acled_csv import acled_row
from sitrep.export.acled_regions import REGIONS, countries_in, region
from sitrep.filters import (
    FILTER_FIELDS,
    interaction_pairs,
    parse_bbox,
    parse_day,
    resolve_actor,
    resolve_admin1,
    resolve_country,
    resolve_region,
    search_actors,
)
from sitrep.models import ACTOR_KINDS, Actor
from sitrep.store import open_store
from sitrep.store.query import Filters


@pytest.mark.parametrize(
    "value, iso3",
    [
        ("SY", "SYR"),
        ("sy", "SYR"),
        ("SYR", "SYR"),
        ("760", "SYR"),  # ACLED's iso column
        ("004", "AFG"),  # zero-padded numeric
        ("Syria", "SYR"),
        ("syrian arab republic", "SYR"),
        ("Syrian", "SYR"),  # demonym
        ("DRC", "COD"),
        ("Cote d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("France", "FRA"),  # GeoNames knows every country, the lexicon the conflict ones
        ("Burkinabè", "BFA"),
    ],
)
def test_countries_resolve_by_code_name_alias_and_demonym(value: str, iso3: str) -> None:
    match = resolve_country(value)
    assert match.codes == (iso3,) and not match.literal


def test_a_country_no_lexicon_knows_is_left_for_the_store_to_check() -> None:
    assert resolve_country("Syrie") == resolve_country("Syrie")
    match = resolve_country("Syrie")
    assert match.literal and match.codes == () and match.names == ("syrie",)
    assert resolve_country("XYZ").codes == ("XYZ",)


def test_isis_stands_for_every_islamic_state_name() -> None:
    match = resolve_actor("ISIS")
    assert "islamic state (syria)" in match.names and match.prefixes == ("islamic state (",)
    assert resolve_actor("isis") == match
    # A canonical name is itself only; an alias of another kind of actor has no family.
    assert resolve_actor("Islamic State (Syria)").prefixes == ()
    hts = resolve_actor("HTS")
    assert hts.names[0] == "hts: hayat tahrir al sham" and hts.prefixes == ()
    # An alias of a state force stands for its forces of every period, current first.
    assert resolve_actor("Syrian Arab Army").names[:2] == (
        "military forces of syria (2024-)",
        "military forces of syria (2000-2024)",
    )
    # A dated name typed in full is that period's only.
    assert resolve_actor("Military Forces of Syria (2000-2024)").names == (
        "military forces of syria (2000-2024)",
    )
    assert resolve_actor("Civilians (Mali)").literal


def test_search_puts_what_the_filter_matches_first() -> None:
    names = [a.name for a in search_actors("Daesh")]
    assert names[0] == "Islamic State (Syria)"
    assert all(
        n.startswith("Islamic State (")
        for n in names[: names.index("Global Coalition Against Daesh")]
    )
    assert search_actors("no such group at all") == []


def test_admin1_finds_every_spelling_a_place_may_carry() -> None:
    assert {"Idleb", "Idlib"} <= set(resolve_admin1("idlib").spellings)
    assert "Ar-Raqqa" in resolve_admin1("Raqqa").spellings  # a news variant
    assert resolve_admin1("Nowhere Province").literal


@pytest.mark.parametrize(
    "text, first, last",
    [
        ("2016", date(2016, 1, 1), date(2016, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28)),
        ("2016-07-10", date(2016, 7, 10), date(2016, 7, 10)),
        ("2016-07-10T23:00:00+03:00", date(2016, 7, 10), date(2016, 7, 10)),
    ],
)
def test_a_day_a_month_or_a_year(text: str, first: date, last: date) -> None:
    assert (parse_day(text), parse_day(text, end=True)) == (first, last)


@pytest.mark.parametrize("text", ["yesterday", "2016-13", "16", "2016-07-32", "0000", "0000-01"])
def test_what_is_not_a_date_says_what_to_give(text: str) -> None:
    with pytest.raises(FilterError, match="give YYYY-MM-DD, a month YYYY-MM or a year YYYY"):
        parse_day(text)


def test_a_bbox_is_west_south_east_north() -> None:
    assert parse_bbox("36.3,35.6,37.0,36.1") == (36.3, 35.6, 37.0, 36.1)
    assert parse_bbox("-180,-90,180,90") == (-180.0, -90.0, 180.0, 90.0)


@pytest.mark.parametrize(
    "text, problem",
    [
        ("1,2,3", "four numbers"),
        ("1,2,3,x", "four numbers"),
        ("nan,0,1,1", "four numbers"),
        ("0,0,inf,1", "four numbers"),
        ("10,0,5,1", "bbox 10,0,5,1 is no box on the map"),  # west > east
        ("0,0,190,1", "longitudes in -180..180"),
        ("0,-91,1,1", "latitudes in -90..90"),
    ],
)
def test_a_bbox_that_selects_nothing_or_everything_is_refused(text: str, problem: str) -> None:
    "The CLI and the API read bboxes here: neither accepts a box the other refuses."
    with pytest.raises(FilterError, match=problem) as caught:
        parse_bbox(text)
    assert caught.value.field == "bbox"


@pytest.mark.parametrize("box", [(1.0, 2.0, 3.0), (10.0, 0.0, 5.0, 1.0), (float("nan"), 0, 1, 1)])
def test_the_library_refuses_the_boxes_the_shells_refuse(box: tuple[float, ...]) -> None:
    with pytest.raises(FilterError) as caught:
        Filters(bbox=box)  # type: ignore[arg-type]
    assert caught.value.field == "bbox"


def test_interaction_codes_are_read_as_the_acled_export_writes_them() -> None:
    "Every pair of actor kinds (or none) exports a code the filter reads back to that pair."
    event = filter_data.corpus()[0][1][0]
    kinds = [None, *ACTOR_KINDS]
    for one, two in itertools.product(kinds, kinds):
        actors = tuple(
            Actor(role=role, name=f"{role} {kind}", kind=kind, country=None)  # type: ignore[arg-type]
            for role, kind in (("actor1", one), ("actor2", two))
            if kind is not None
        )
        row = acled_row(dataclasses.replace(event, actors=actors))
        assert (row["inter1"], row["inter2"]) in interaction_pairs(int(row["interaction"]))
    for bad in (21, 9, 19, 90, 100, -1):
        with pytest.raises(FilterError, match="not an ACLED interaction code"):
            interaction_pairs(bad)


def test_a_region_selects_exactly_the_countries_the_export_labels_with_it() -> None:
    for name in REGIONS:
        codes = countries_in(name)
        assert codes and all(region(iso3) == name for iso3 in codes), name
    assert resolve_region("middle east").codes == tuple(sorted(countries_in("Middle East")))
    with pytest.raises(FilterError, match="closest: Middle East"):
        resolve_region("Midle East")


def test_filters_compare_by_what_was_typed_and_resolve_again_when_replaced() -> None:
    f = Filters(country="SY", actor="ISIS")
    assert f == Filters(country="SY", actor="ISIS") and hash(f) == hash(
        Filters(country="SY", actor="ISIS")
    )
    g = dataclasses.replace(f, country="IQ")
    assert g.resolved.country is not None and g.resolved.country.codes == ("IRQ",)
    assert Filters(year=2016, since=date(2016, 6, 1)).first_day == date(2016, 6, 1)
    assert Filters(year=2016, until=date(2020, 1, 1)).last_day == date(2016, 12, 31)
    for bad, field in [
        ({"geo_precision": 4}, "geo_precision"),
        ({"min_confidence": 1.5}, "min_confidence"),
        ({"review": "maybe"}, "review"),
        ({"sub_event_type": "Armed clashes"}, "sub_event_type"),
    ]:
        with pytest.raises(FilterError) as caught:
            Filters(**bad)
        assert caught.value.field == field


# --- in SQL, on both databases ------------------------------------------------------------


def _typed(filters: dict) -> dict:
    "Filters as a caller of the library gives them: dates parsed as the shells parse them."
    out = dict(filters)
    for name, end in (("since", False), ("until", True)):
        if name in out:
            out[name] = parse_day(out[name], end=end)
    return out


def test_each_filter_selects_its_events_on_both_databases(store_url: str) -> None:
    filter_data.seed(store_url)
    with open_store(store_url) as store:
        for filters, expected in filter_data.CASES:
            got = [e.event_id for e in store.events(**_typed(filters))]
            assert got == expected, filters
        # Incidents, through their member events where they have no column of their own.
        members = {
            e
            for i in store.incidents(actor="ISIS", region="Middle East", geo_precision=1)
            for e in i.events
        }
        assert members == {"ev-mosul"}


def test_an_unknown_value_names_the_closest_on_both_databases(store_url: str) -> None:
    filter_data.seed(store_url)
    with open_store(store_url) as store:
        for filters, closest in filter_data.UNKNOWN:
            ((field, _),) = filters.items()
            with pytest.raises(FilterError) as caught:
                store.events(**filters)
            assert caught.value.field == field
            assert closest in str(caught.value), filters
        # A name only the store holds is known; one it does not hold is not, with suggestions
        # from the store's own names.
        assert [e.event_id for e in store.events(actor="civilians (nigeria)")] == ["ev-maiduguri"]
        with pytest.raises(FilterError) as caught:
            store.events(actor="Civilians (Nigera)")
        assert caught.value.suggestions[0] == "Civilians (Nigeria)"


def test_each_filter_is_declared_once_for_the_cli_and_the_api() -> None:
    "FILTER_FIELDS names every `Filters` field; the CLI's options and the API's query are it."
    import inspect

    from sitrep.api.routes import filters
    from sitrep.cli import cli

    fields = [f.name for f in dataclasses.fields(Filters) if f.init]
    assert sorted(f.name for f in FILTER_FIELDS) == sorted(fields)
    for command in ("events", "export", "stats"):
        options = {p.name: p for p in cli.commands[command].params}
        for f in FILTER_FIELDS:
            assert (f.name in options) is f.cli, (command, f.name)
            if f.cli:
                assert options[f.name].opts == [f.flag] and options[f.name].help == f.help
    query = inspect.signature(filters).parameters
    assert list(query) == [f.name for f in FILTER_FIELDS if f.api]
    for f in FILTER_FIELDS:
        if f.api:
            info = query[f.name].annotation.__metadata__[0]
            assert (info.alias or f.name, info.description) == (f.public, f.help)
