"""Exports: each format read back by the tools its users have, with the credits inside.

ACLED CSV is read back with pandas and with the csv module and its header compared with
the shared spec's; GeoJSON is validated with geojson-pydantic (RFC 7946 models); Parquet is
read with pyarrow and pandas. Events come from real extraction of the feed test data.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from geojson_pydantic import FeatureCollection

from sitrep.attribution import GEONAMES_CREDIT, LICENSE
from sitrep.cli import cli
from sitrep.errors import ExportError
from sitrep.export import Exporter, export, exporters, get_exporter, register_exporter
from sitrep.export.acled_csv import (
    ACLED_COLUMNS,
    INTER,
    MAX_ID,
    NO_COUNTRY,
    acled_number,
    complete,
    write_acled_csv,
)
from sitrep.export.acled_regions import ACLED_REGIONS, _countries, iso_numeric, region
from sitrep.export.acled_sources import canonical_source, source_cell, source_scale
from sitrep.export.flat import flat_row
from sitrep.export.geojson import write_geojson
from sitrep.export.jsonl import write_jsonl
from sitrep.export.parquet import write_parquet
from sitrep.extract import Kit, extract
from sitrep.extract.claims import canonical_outlet
from sitrep.lexicons import SOURCE_SCALES, PhraseIndex, countries, fold, source_scales, sources
from sitrep.models import Count, Event, Figure, Incident
from sitrep.read import read_articles
from sitrep.reconcile import build_incident

FEEDS = Path(__file__).parent / "data" / "feeds"


@pytest.fixture(scope="module")
def events(kit: Kit) -> list[Event]:
    "Real events from the feed test data, plus one the gazetteer could not place."
    found = [
        event
        for article in read_articles([FEEDS / "frontline.rss", FEEDS / "monitor.atom"])
        for event in extract(article, kit=kit)  # type: ignore[arg-type]
    ]
    assert found and all(e.location and e.location.latitude is not None for e in found[:2])
    unlocated = dataclasses.replace(found[0], event_id="ev-unlocated", location=None)
    return [*found, unlocated]


@pytest.fixture(scope="module")
def incidents(events: list[Event]) -> list[Incident]:
    "Two incidents built from real events: one with disputed figures, one unlocated."
    first, second = events[0], events[1]

    def figure(event: Event, value: int, claimant: str) -> Figure:
        return Figure(
            field="fatalities",
            value=value,
            claimant=claimant,
            via=None,
            outlet="Frontline Dispatch",
            article_id=event.article_id,
            event_id=event.event_id,
            quote="killing three",
            start=0,
            end=13,
        )

    disputed = Incident(
        incident_id="inc-disputed",
        events=(first.event_id, second.event_id),
        articles=(first.article_id, second.article_id),
        event_date=first.event_date,
        date_precision=first.date_precision,
        event_type=first.event_type,
        sub_event_type=first.sub_event_type,
        actors=first.actors,
        location=first.location,
        fatalities=Count(best=3, low=3, high=5),
        wounded=None,
        captured=None,
        figures=(figure(first, 3, "Regional governor"), figure(second, 5, "Ministry of Health")),
        contradictions=(figure(second, 5, "Ministry of Health"),),
        sources=("Regional governor", "Ministry of Health", "Frontline Dispatch"),
    )
    lone = dataclasses.replace(
        disputed,
        incident_id="inc-lone",
        events=(second.event_id,),
        location=None,
        fatalities=None,
        figures=(),
        contradictions=(),
        sources=("Frontline Dispatch",),
    )
    return [disputed, lone]


def written(write: Any, records: list[Any], **kw: Any) -> str:
    out = io.StringIO()
    write(records, out, **kw)
    return out.getvalue()


# --- ACLED CSV ------------------------------------------------------------------------------

#: The columns ACLED's files hold as integers, which scripts written for them rely on.
INTEGER_COLUMNS = (
    "data_id",
    "iso",
    "event_id_no_cnty",
    "year",
    "time_precision",
    "inter1",
    "inter2",
    "interaction",
    "fatalities",
    "timestamp",
)


def acled_rows(records: list[Any], **kw: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(written(write_acled_csv, records, **kw))))


def test_acled_columns_are_the_shared_spec_header(shared: Path) -> None:
    with (shared / "spec" / "acled-columns.csv").open(encoding="utf-8", newline="") as f:
        (spec_header,) = list(csv.reader(f))
    assert list(ACLED_COLUMNS) == spec_header


def test_acled_csv_reads_back_with_the_csv_module(shared: Path, events: list[Event]) -> None:
    with (shared / "spec" / "acled-columns.csv").open(encoding="utf-8", newline="") as f:
        (spec_header,) = list(csv.reader(f))
    rows = acled_rows(events)
    kept = [e for e in events if complete(e)]
    assert list(rows[0]) == spec_header
    assert len(rows) == len(kept) < len(events)  # the unlocated event is left out
    for row, event in zip(rows, kept, strict=True):
        assert row["data_id"] == row["event_id_no_cnty"] == str(acled_number(event.event_id))
        assert row["sub_event_type"] == event.sub_event_type
        assert row["fatalities"] == str(event.fatalities.best if event.fatalities else 0)
        assert row["source"] == source_cell(event.sources)
        assert row["notes"] == event.notes


def test_acled_csv_reads_back_with_pandas_integer_columns_as_integers(
    events: list[Event],
) -> None:
    frame = pd.read_csv(io.StringIO(written(write_acled_csv, events, timestamp=1736900000)))
    kept = [e for e in events if complete(e)]
    assert list(frame.columns) == list(ACLED_COLUMNS)
    assert len(frame) == len(kept)
    assert {c: frame[c].dtype.kind for c in INTEGER_COLUMNS} == dict.fromkeys(INTEGER_COLUMNS, "i")
    assert frame["latitude"].dtype.kind == "f"
    assert set(frame["timestamp"]) == {1736900000}  # nothing says when these changed
    for (_, row), event in zip(frame.iterrows(), kept, strict=True):
        loc = event.location
        assert loc is not None and event.event_date is not None
        assert (row["latitude"], row["longitude"]) == (loc.latitude, loc.longitude)
        assert row["iso3"] == loc.country_code
        assert row["iso"] == iso_numeric(loc.country_code)
        assert row["region"] == region(loc.country_code)
        assert row["year"] == event.event_date.year


def test_incomplete_records_are_left_out_unless_asked_for(events: list[Event]) -> None:
    undated = dataclasses.replace(events[0], event_id="ev-undated", event_date=None)
    no_country = dataclasses.replace(
        events[0],
        event_id="ev-no-country",
        location=dataclasses.replace(events[0].location, country=None, country_code=None),  # type: ignore[arg-type]
    )
    records = [*events, undated, no_country]
    incomplete = {e.event_id for e in records if not complete(e)}
    assert incomplete == {"ev-unlocated", "ev-undated", "ev-no-country"}

    out = io.StringIO()
    assert write_acled_csv(records, out) == len(records) - 3
    written_ids = set(pd.read_csv(io.StringIO(out.getvalue()))["data_id"])
    assert acled_number("ev-undated") not in written_ids

    result = export(records, "acled-csv", stream=io.StringIO())
    assert (result.count, result.left_out) == (len(records) - 3, 3)
    kept = io.StringIO()
    result = export(records, "acled-csv", stream=kept, include_incomplete=True)
    assert (result.count, result.left_out) == (len(records), 0)
    frame = pd.read_csv(io.StringIO(kept.getvalue()))
    # What the default spares its users: one empty cell turns the whole column to floats.
    assert {frame[c].dtype.kind for c in ("year", "iso", "time_precision")} == {"f"}
    row = frame.set_index("data_id").loc[acled_number("ev-no-country")]
    assert row["event_id_cnty"] == f"{NO_COUNTRY}{acled_number('ev-no-country')}"
    # Formats that hold any record leave nothing out.
    assert export(records, "geojson", stream=io.StringIO()).left_out == 0


def test_inter1_and_interaction_are_never_zero(events: list[Event]) -> None:
    syria = events[0]
    assert syria.location is not None
    syria = dataclasses.replace(
        syria, location=dataclasses.replace(syria.location, country="Syria", country_code="SYR")
    )
    victims = tuple(a for a in syria.actors if a.role == "actor2")
    kinds = {
        ("Protests", "Peaceful protest"): INTER["protesters"],
        ("Riots", "Mob violence"): INTER["rioters"],
        ("Violence against civilians", "Attack"): INTER["political militia"],
        ("Explosions/Remote violence", "Remote explosive/landmine/IED"): INTER["political militia"],
        ("Strategic developments", "Looting/property destruction"): INTER["political militia"],
    }
    nameless = [
        dataclasses.replace(
            syria,
            event_id=f"ev-nameless-{i}",
            event_type=event_type,
            sub_event_type=sub,
            actors=victims if i % 2 else (),
        )
        for i, (event_type, sub) in enumerate(kinds)
    ]
    records = [*events, *nameless]
    rows = acled_rows(records, include_incomplete=True)
    for row, record in zip(rows, records, strict=True):
        inter1, inter2 = int(row["inter1"]), int(row["inter2"])
        assert row["actor1"] and inter1 in INTER.values()
        expected = min(inter1, inter2) * 10 + max(inter1, inter2) if inter2 else inter1 * 10
        assert int(row["interaction"]) == expected >= 10
        actor1 = record.actor("actor1")
        if actor1 is not None:
            assert (row["actor1"], inter1) == (actor1.name, INTER[actor1.kind])
    country = countries()["SYR"].name
    for row, (event_type, _) in zip(rows[len(events) :], kinds, strict=True):
        assert int(row["inter1"]) == kinds[event_type, row["sub_event_type"]]
        crowd = {"Protests": "Protesters", "Riots": "Rioters"}.get(event_type)
        assert row["actor1"] == f"{crowd or 'Unidentified Armed Group'} ({country})"
    frame = pd.read_csv(io.StringIO(written(write_acled_csv, records)))
    assert (frame["inter1"] > 0).all() and (frame["interaction"] >= 10).all()


def _ambiguous_keys() -> set[str]:
    names: dict[str, set[str]] = {}
    for alias, entry in sources():
        names.setdefault(fold(alias), set()).add(entry.name)
    return {key for key, found in names.items() if len(found) > 1}


def test_every_alias_of_an_outlet_is_written_as_its_canonical_name_once() -> None:
    ambiguous = _ambiguous_keys()
    for alias, entry in sources():
        if fold(alias) in ambiguous:
            continue  # the lexicon gives two names for it; the extractor takes the first
        assert canonical_source(alias) == entry.name, alias
        assert source_cell([entry.name, alias, alias.upper(), f" {alias} "]) == entry.name


def test_source_names_each_outlet_once_in_its_canonical_spelling(
    incidents: list[Incident],
) -> None:
    # An incident adds its articles' raw outlet metadata to its events' canonical sources.
    names = ("Al-Ahram", "Regional governor", "ahram", "Ahram Online", "AFP", "regional governor")
    incident = dataclasses.replace(incidents[0], sources=names)
    (row,) = acled_rows([incident])
    written = row["source"].split("; ")
    assert written == ["Al-Ahram", "Regional governor", "Agence France-Presse"]
    # Each is the spelling the extractor gives an outlet for claims, and none comes twice.
    index = PhraseIndex(sources())
    extractor = {fold(canonical_outlet(n, index) or "") for n in names}
    assert {fold(w) for w in written} == extractor and len(written) == len(extractor)


def _outlet(country: str, *, home: bool, listed: str | None = None) -> str:
    "The canonical name of an outlet from the lexicon: of `country` or not, with a listed reach."
    scales = source_scales()
    return next(
        e.name
        for _, e in sources()
        if e.kind == "outlet"
        and (e.country == country) == home
        and e.country is not None
        and scales.get(e.name) == listed
    )


def test_source_scale_is_the_outlets_reach(events: list[Event]) -> None:
    national, foreign = _outlet("SYR", home=True), _outlet("SYR", home=False)
    local = _outlet("SYR", home=True, listed="Subnational")
    regional = _outlet("SYR", home=False, listed="Regional")
    platform = next(name for name, scale in source_scales().items() if scale == "New media")
    monitor = next(e.name for _, e in sources() if e.kind == "monitor")
    home_of_regional = next(e.country for _, e in sources() if e.name == regional)
    cases = {
        (national,): "National",
        (foreign,): "International",
        (local,): "Subnational",
        (regional,): "Regional",
        (platform,): "New media",
        (monitor,): "Other",
        (foreign, national): "National-International",  # narrowest first, as ACLED writes
        (national, local): "Subnational-National",
        (national, monitor): "Other-National",
        (monitor, platform): "Other-New media",
        (local, national, foreign): "Subnational-International",  # ACLED never joins three
        ("a security source", "Unknown Gazette"): "",  # nothing known is guessed
        ("a security source", foreign): "International",
    }
    for names, scale in cases.items():
        assert source_scale(names, "SYR") == scale, names
    assert source_scale([regional], home_of_regional) == "National"
    # An alias counts as its outlet: SANA is the Syrian Arab News Agency.
    assert source_scale(["SANA"], "SYR") == source_scale(["Syrian Arab News Agency"], "SYR")
    syria = events[0]
    assert syria.location is not None
    event = dataclasses.replace(
        syria,
        location=dataclasses.replace(syria.location, country_code="SYR"),
        sources=(foreign, national),
    )
    (row,) = acled_rows([event])
    assert (row["source"], row["source_scale"]) == (
        f"{foreign}; {national}",
        "National-International",
    )


def test_every_listed_source_scale_is_acleds_and_names_a_known_source() -> None:
    known = {e.name for _, e in sources()}
    assert set(source_scales()) <= known
    assert set(source_scales().values()) <= set(SOURCE_SCALES)


@pytest.mark.parametrize(
    "iso3, numeric, acled_region",
    [
        ("SYR", 760, "Middle East"),
        ("TUR", 792, "Middle East"),
        ("UKR", 804, "Europe"),
        ("RUS", 643, "Europe"),
        ("NGA", 566, "Western Africa"),
        ("COD", 180, "Middle Africa"),
        ("SOM", 706, "Eastern Africa"),
        ("MOZ", 508, "Southern Africa"),
        ("LBY", 434, "Northern Africa"),
        ("AFG", 4, "South Asia"),
        ("MMR", 104, "Southeast Asia"),
        ("ARM", 51, "Caucasus and Central Asia"),
        ("MEX", 484, "Central America"),
        ("HTI", 332, "Caribbean"),
        ("COL", 170, "South America"),
        ("USA", 840, "North America"),
        ("PNG", 598, "Oceania"),
    ],
)
def test_iso_numeric_and_acled_region(iso3: str, numeric: int, acled_region: str) -> None:
    assert iso_numeric(iso3) == numeric
    assert region(iso3) == acled_region


def test_every_country_has_a_region_and_unknown_codes_none() -> None:
    assert [c for c in _countries() if not region(c)] == []
    assert (region("XXX"), iso_numeric("XXX"), region(None), iso_numeric(None)) == (
        "",
        None,
        "",
        None,
    )


def test_acled_ids_are_stable_integers_that_stay_exact(events: list[Event]) -> None:
    rows = acled_rows(events, timestamp=1736900000)
    again = acled_rows(list(reversed(events)), timestamp=1736900000)
    by_id = {r["data_id"]: r for r in again}
    for row, event in zip(rows, [e for e in events if complete(e)], strict=True):
        number = int(row["data_id"])
        assert number == acled_number(event.event_id)
        assert 0 < number <= MAX_ID == 2**53 - 1
        assert float(number) == number  # a JavaScript number (a double) holds it exactly
        assert row["event_id_no_cnty"] == row["data_id"]
        assert re.fullmatch(r"[A-Z]{3}[0-9]+", row["event_id_cnty"])
        iso3 = event.location.country_code if event.location else None
        assert row["event_id_cnty"] == f"{iso3 or NO_COUNTRY}{number}"
        assert by_id[row["data_id"]] == row  # the same in another export, in another order
    assert len({r["data_id"] for r in rows}) == len(rows)
    frame = pd.read_csv(io.StringIO(written(write_acled_csv, events)))
    assert list(frame["data_id"]) == [int(r["data_id"]) for r in rows]


def test_a_data_id_collision_is_refused_not_written(
    events: list[Event], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitrep.export import acled_csv

    first = events[0]
    second = dataclasses.replace(first, event_id="ev-other")
    monkeypatch.setattr(acled_csv, "acled_number", lambda _: 42)
    with pytest.raises(ExportError, match="ev-other: its data_id 42 is another record's"):
        write_acled_csv([first, second], io.StringIO())


def test_acled_regions_are_acleds_current_scheme() -> None:
    old_names = {"Southern Asia", "South-Eastern Asia", "Eastern Asia", "Western Asia"}
    assert not old_names & set(ACLED_REGIONS)
    regions = {region(c) for c in _countries()}
    assert regions <= set(ACLED_REGIONS)
    assert {region(c) for c in ("IND", "PAK", "AFG", "BGD", "NPL", "LKA")} == {"South Asia"}
    assert {region(c) for c in ("MMR", "THA", "PHL", "IDN", "VNM", "KHM")} == {"Southeast Asia"}


def test_acled_country_names_are_acleds_spelling(events: list[Event]) -> None:
    event = events[0]
    assert event.location is not None
    congo = dataclasses.replace(
        event, location=dataclasses.replace(event.location, country="DR Congo", country_code="COD")
    )
    (row,) = acled_rows([congo])
    assert row["country"] == countries()["COD"].name != "DR Congo"
    assert (row["region"], row["iso"]) == (region("COD"), str(iso_numeric("COD")))
    kosovo = dataclasses.replace(
        event, location=dataclasses.replace(event.location, country="Kosovo", country_code="XKX")
    )
    (row,) = acled_rows([kosovo])  # no ISO numeric code, yet an integer iso and a row
    assert (row["iso"], row["region"]) == ("0", "Europe")


def test_acled_incident_rows_carry_best_figure_all_sources_and_the_dispute(
    incidents: list[Incident],
) -> None:
    rows = acled_rows(incidents, include_incomplete=True)
    assert [r["data_id"] for r in rows] == [
        str(acled_number(i)) for i in ("inc-disputed", "inc-lone")
    ]
    disputed, lone = rows
    assert disputed["fatalities"] == "3"
    assert disputed["source"] == "Regional governor; Ministry of Health; Frontline Dispatch"
    assert "Reconciled from 2 reports" in disputed["notes"]
    assert "from 3 to 5" in disputed["notes"]
    assert "Ministry of Health 5 fatalities" in disputed["notes"]
    assert (lone["fatalities"], lone["latitude"], lone["region"]) == ("0", "", "")
    assert lone["notes"] == "Reconciled from 1 report."
    assert [r["data_id"] for r in acled_rows(incidents)] == [disputed["data_id"]]


def test_an_incidents_notes_tell_what_happened_then_the_reconciliation(
    events: list[Event],
) -> None:
    "The notes column of a reconciled incident: the lead report's note, then the summary."
    incident = build_incident("inc-built", events[:1], outlets={})
    assert incident.notes.startswith(events[0].notes)
    assert incident.notes.endswith("Reconciled from 1 report.")
    (row,) = acled_rows([incident], include_incomplete=True)
    assert row["notes"] == incident.notes
    assert flat_row(incident)["notes"] == incident.notes


# --- GeoJSON --------------------------------------------------------------------------------


def test_geojson_is_a_valid_rfc7946_feature_collection(events: list[Event]) -> None:
    data = json.loads(written(write_geojson, events))
    collection = FeatureCollection.model_validate(data)  # raises on any RFC 7946 violation
    assert len(collection.features) == len(events)
    assert data["attribution"].startswith(f"Gazetteer: {GEONAMES_CREDIT}")
    assert data["license"] == LICENSE


def test_geojson_points_are_lon_lat_and_unlocated_events_have_null_geometry(
    events: list[Event],
) -> None:
    features = json.loads(written(write_geojson, events))["features"]
    for feature, event in zip(features, events, strict=True):
        assert feature["id"] == feature["properties"]["id"] == event.event_id
        if event.location is None or event.location.latitude is None:
            assert feature["geometry"] is None
        else:
            assert feature["geometry"] == {
                "type": "Point",
                "coordinates": [event.location.longitude, event.location.latitude],
            }
            assert -180 <= feature["geometry"]["coordinates"][0] <= 180
        assert feature["properties"]["sub_event_type"] == event.sub_event_type
    assert any(f["geometry"] is None for f in features)


def test_geojson_incident_properties(incidents: list[Incident]) -> None:
    data = json.loads(written(write_geojson, incidents))
    FeatureCollection.model_validate(data)
    props = data["features"][0]["properties"]
    assert (props["fatalities_low"], props["fatalities"], props["fatalities_high"]) == (3, 3, 5)
    assert props["sources"] == ["Regional governor", "Ministry of Health", "Frontline Dispatch"]
    assert (props["contradictions"], props["figures"], props["reports"]) == (1, 2, 2)
    assert props["kind"] == "incident"
    assert data["features"][1]["geometry"] is None


def test_geojson_of_nothing_is_an_empty_valid_collection() -> None:
    data = json.loads(written(write_geojson, []))
    FeatureCollection.model_validate(data)
    assert data["features"] == []


# --- Parquet --------------------------------------------------------------------------------


def test_parquet_reads_back_with_types_records_and_credits(
    tmp_path: Path, events: list[Event]
) -> None:
    path = tmp_path / "events.parquet"
    result = export(events, "parquet", path=path)
    assert (result.count, result.sidecar) == (len(events), None)
    table = pq.read_table(path)
    meta = {k.decode(): v.decode() for k, v in table.schema.metadata.items()}
    assert GEONAMES_CREDIT in meta["attribution"] and meta["license"] == LICENSE
    assert str(table.schema.field("event_date").type) == "date32[day]"
    sources = table.schema.field("sources").type
    assert pa.types.is_list(sources) and pa.types.is_string(sources.value_type)
    frame = pd.read_parquet(path)
    assert list(frame["id"]) == [e.event_id for e in events]
    assert [Event.from_dict(json.loads(r)) for r in frame["record"]] == events
    for row, event in zip(table.to_pylist(), events, strict=True):
        assert row["event_date"] == event.event_date
        assert row["fatalities"] == (event.fatalities.best if event.fatalities else None)


def test_parquet_incidents_and_refusal_to_mix_kinds(
    tmp_path: Path, events: list[Event], incidents: list[Incident]
) -> None:
    path = tmp_path / "incidents.parquet"
    export(incidents, "parquet", path=path)
    rows = pq.read_table(path).to_pylist()
    assert [(r["id"], r["contradictions"]) for r in rows] == [("inc-disputed", 1), ("inc-lone", 0)]
    assert Incident.from_dict(json.loads(rows[0]["record"])) == incidents[0]
    mixed = tmp_path / "mixed.parquet"
    with pytest.raises(ExportError, match="separate files"):
        export([events[0], incidents[0]], "parquet", path=mixed)
    assert not mixed.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["incidents.parquet"]  # no partial file


def test_parquet_to_a_stream(events: list[Event]) -> None:
    out = io.BytesIO()
    assert write_parquet(events[:2], out) == 2
    assert pq.read_table(io.BytesIO(out.getvalue())).num_rows == 2


# --- JSON Lines -----------------------------------------------------------------------------


def test_jsonl_round_trips_the_contract_records(
    events: list[Event], incidents: list[Incident]
) -> None:
    lines = written(write_jsonl, events).splitlines()
    assert [Event.from_dict(json.loads(line)) for line in lines] == events
    lines = written(write_jsonl, incidents).splitlines()
    assert [Incident.from_dict(json.loads(line)) for line in lines] == incidents


# --- registry and files ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["acled-csv", "jsonl"])
def test_formats_without_room_for_credits_get_a_sidecar(
    tmp_path: Path, events: list[Event], fmt: str
) -> None:
    path = tmp_path / f"out{get_exporter(fmt).suffix}"
    result = export(events, fmt, path=path)
    assert result.sidecar == tmp_path / f"{path.name}.attribution.txt"
    credit = result.sidecar.read_text(encoding="utf-8")
    assert GEONAMES_CREDIT in credit and "CC BY 4.0" in credit
    assert GEONAMES_CREDIT not in path.read_text(encoding="utf-8").splitlines()[0]


def test_a_new_format_is_registered_not_coded_into_the_cli(
    tmp_path: Path, events: list[Event]
) -> None:
    def write_ids(records: Iterator[Any], out: Any) -> int:
        ids = [r.event_id for r in records]
        out.write("\n".join(ids))
        return len(ids)

    ids = Exporter(
        name="ids-for-test",
        suffix=".txt",
        binary=False,
        embeds_attribution=False,
        write=write_ids,
        help="event ids",
    )
    register_exporter(ids)
    register_exporter(ids)  # the same exporter again is harmless
    try:
        result = export(events, "ids-for-test", path=tmp_path / "ids.txt")
        assert result.count == len(events)
        assert (tmp_path / "ids.txt").read_text().split() == [e.event_id for e in events]
        with pytest.raises(ExportError, match="already registered"):
            register_exporter(dataclasses.replace(ids, suffix=".ids"))
    finally:
        from sitrep import export as export_module

        export_module._REGISTRY.pop("ids-for-test")


def test_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(ExportError, match="acled-csv, geojson, parquet, jsonl"):
        get_exporter("kml")


def test_cli_offers_exactly_the_registered_formats() -> None:
    option = next(p for p in cli.commands["export"].params if p.name == "fmt")
    assert list(option.type.choices) == list(exporters())  # type: ignore[attr-defined]


@pytest.mark.reliability(
    "an export to a folder that does not exist",
    "an ExportError: cannot be written",
)
def test_unwritable_output_is_an_export_error(events: list[Event], tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot be written"):
        export(events, "geojson", path=tmp_path / "missing-folder" / "out.geojson")


# --- the command ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory, kit: Kit) -> str:
    from sitrep.store import open_store

    url = str(tmp_path_factory.mktemp("export") / "sitrep.db")
    with open_store(url) as store:
        for article in read_articles([FEEDS / "frontline.rss", FEEDS / "monitor.atom"]):
            store.ingest(article, extract(article, kit=kit))  # type: ignore[arg-type]
    return url


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), prog_name="sitrep")


def test_export_command_writes_each_format_from_the_store(tmp_path: Path, store_url: str) -> None:
    from sitrep.store import open_store

    with open_store(store_url, create=False) as store:
        stored = list(store.events())
    for fmt in exporters():
        out = tmp_path / f"all{get_exporter(fmt).suffix}"
        result = run("export", "--db", store_url, "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
        assert f"wrote {len(stored)} events to {out}" in result.stderr
    data = json.loads((tmp_path / "all.geojson").read_text(encoding="utf-8"))
    FeatureCollection.model_validate(data)
    assert {f["id"] for f in data["features"]} == {e.event_id for e in stored}
    assert len(pd.read_csv(tmp_path / "all.csv")) == len(stored)
    assert (tmp_path / "all.csv.attribution.txt").is_file()


def test_export_command_filters_like_events(store_url: str) -> None:
    from sitrep.store import open_store

    with open_store(store_url, create=False) as store:
        nigeria = [e.event_id for e in store.events(country="NGA")]
    assert nigeria  # the Maiduguri raid
    result = run("export", "--db", store_url, "--format", "jsonl", "--country", "NGA")
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["event_id"] for line in result.stdout.splitlines()] == nigeria
    assert GEONAMES_CREDIT in result.stderr  # the credit, since stdout has no sidecar
    result = run("export", "--db", store_url, "--format", "acled-csv", "--since", "2030-01-01")
    assert result.stdout.splitlines() == [",".join(ACLED_COLUMNS)]


def test_export_command_without_a_store_says_how_to_make_one(tmp_path: Path) -> None:
    result = run("export", "--db", str(tmp_path / "none.db"), "--format", "geojson")
    assert result.exit_code == 1
    assert "sitrep ingest" in result.stderr


def test_dates_in_the_export_are_the_events_own(store_url: str) -> None:
    result = run("export", "--db", store_url, "--format", "geojson", "--until", "2025-01-13")
    dates = {f["properties"]["event_date"] for f in json.loads(result.stdout)["features"]}
    assert dates and all(date.fromisoformat(d) <= date(2025, 1, 13) for d in dates)


# --- ACLED CSV from the store: timestamps and incomplete events, CLI and API alike ----------


@pytest.fixture(scope="module")
def mixed_store(tmp_path_factory: pytest.TempPathFactory, kit: Kit) -> dict[str, Any]:
    """A store of the feed articles whose first article also reports an undated and a
    country-less event, with one event corrected a second after ingestion."""
    from sitrep.store import open_store

    url = str(tmp_path_factory.mktemp("acled") / "sitrep.db")
    articles = list(read_articles([FEEDS / "frontline.rss", FEEDS / "monitor.atom"]))
    before = time.time()
    with open_store(url) as store:
        for i, article in enumerate(articles):
            found = extract(article, kit=kit)  # type: ignore[arg-type]
            if i == 0:
                first = found[0]
                assert first.location is not None
                found = [
                    *found,
                    dataclasses.replace(
                        first, event_id=f"{first.event_id}-undated", event_date=None
                    ),
                    dataclasses.replace(
                        first,
                        event_id=f"{first.event_id}-nowhere",
                        location=dataclasses.replace(first.location, country_code=None),
                    ),
                ]
            store.ingest(article, found)  # type: ignore[arg-type]
        after = time.time()
        stored = list(store.events())
        corrected = next(
            e for e in stored if e.event_date and e.location and e.location.country_code
        ).event_id
        time.sleep(1.1)  # corrections are kept to the second
        store.correct(corrected, "notes", "Corrected note.", why="test", reviewer="tester")
        (correction,) = store.history(corrected)  # type: ignore[misc]
    return {
        "url": url,
        "stored": stored,
        "ingested": (int(before), int(after)),
        "incomplete": [e for e in stored if not complete(e)],
        "corrected": corrected,
        "corrected_at": int(datetime.fromisoformat(correction.at).timestamp()),
    }


def test_timestamp_is_each_records_last_change(mixed_store: dict[str, Any]) -> None:
    from sitrep.store import open_store

    url, corrected = mixed_store["url"], mixed_store["corrected"]
    first, last = mixed_store["ingested"]
    frame = pd.read_csv(io.StringIO(run("export", "--db", url, "--format", "acled-csv").stdout))
    assert frame["timestamp"].dtype.kind == "i"
    stamps = dict(zip(frame["data_id"], frame["timestamp"], strict=True))
    assert stamps.pop(acled_number(corrected)) == mixed_store["corrected_at"]
    assert stamps and all(first <= s <= last for s in stamps.values())  # ingestion
    with open_store(url, create=False) as store:
        rebuilt = {i.incident_id for i in store.incidents() if corrected in i.events}
    assert rebuilt
    incidents = run("export", "--db", url, "--format", "acled-csv", "--incidents")
    frame = pd.read_csv(io.StringIO(incidents.stdout))
    for data_id, stamp in zip(frame["data_id"], frame["timestamp"], strict=True):
        if data_id in {acled_number(i) for i in rebuilt}:
            assert stamp >= mixed_store["corrected_at"]  # rebuilt by the correction
        else:
            assert first <= stamp <= last


def test_export_leaves_out_incomplete_events_and_says_how_many(
    mixed_store: dict[str, Any], tmp_path: Path
) -> None:
    url, stored, incomplete = mixed_store["url"], mixed_store["stored"], mixed_store["incomplete"]
    assert len(incomplete) >= 2
    said = f"left out {len(incomplete)} events without a date, a country or coordinates"
    for command in (["export", "--format", "acled-csv"], ["events", "--format", "csv"]):
        result = run(*command, "--db", url)
        assert result.exit_code == 0, result.output
        assert said in result.stderr and "--include-incomplete keeps them" in result.stderr
        frame = pd.read_csv(io.StringIO(result.stdout))
        assert len(frame) == len(stored) - len(incomplete)
        assert {frame[c].dtype.kind for c in ("year", "iso", "time_precision")} == {"i"}
        assert not frame[["latitude", "longitude"]].isna().any().any()  # every row has a point
        assert not {acled_number(e.event_id) for e in incomplete} & set(frame["data_id"])
        kept = run(*command, "--db", url, "--include-incomplete")
        assert kept.exit_code == 0 and "left out" not in kept.stderr
        assert len(pd.read_csv(io.StringIO(kept.stdout))) == len(stored)
    out = tmp_path / "events.csv"
    result = run("export", "--db", url, "--format", "acled-csv", "-o", str(out))
    assert said in result.stderr
    assert f"wrote {len(stored) - len(incomplete)} events to {out}" in result.stderr
    geojson = run("export", "--db", url, "--format", "geojson")
    assert len(json.loads(geojson.stdout)["features"]) == len(stored)
    assert "left out" not in geojson.stderr


def test_api_export_leaves_out_incomplete_events_like_the_command(
    mixed_store: dict[str, Any],
) -> None:
    from api_data import TestClient

    from sitrep.api import create_app

    url, stored, incomplete = mixed_store["url"], mixed_store["stored"], mixed_store["incomplete"]
    with TestClient(create_app(url)) as client:
        default = client.get("/api/export", params={"format": "acled-csv"})
        kept = client.get("/api/export", params={"format": "acled-csv", "include_incomplete": True})
        geojson = client.get("/api/export", params={"format": "geojson"})
    assert default.headers["x-left-out"] == str(len(incomplete))
    frame = pd.read_csv(io.StringIO(default.text))
    assert len(frame) == len(stored) - len(incomplete)
    assert {frame[c].dtype.kind for c in ("year", "iso", "time_precision")} == {"i"}
    cli = pd.read_csv(io.StringIO(run("export", "--db", url, "--format", "acled-csv").stdout))
    assert frame.equals(cli)  # the same rows, ids and timestamps as the command's
    assert kept.headers["x-left-out"] == "0"
    assert len(pd.read_csv(io.StringIO(kept.text))) == len(stored)
    assert geojson.headers["x-left-out"] == "0"


def test_extract_csv_leaves_out_undated_events_too(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(
        "Gunmen killed three villagers in Gwoza in Borno State, Nigeria, police said.\n",
        encoding="utf-8",
    )
    lines = run("extract", str(path), "--format", "jsonl").stdout.splitlines()
    found = [json.loads(line) for line in lines]
    assert found and all(e["event_date"] is None for e in found)  # no date, no publication day
    result = run("extract", str(path), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert list(csv.DictReader(io.StringIO(result.stdout))) == []
    assert f"left out {len(found)} events without a date, a country or coordinates" in (
        result.stderr
    )
    kept = run("extract", str(path), "--format", "csv", "--include-incomplete")
    assert len(list(csv.DictReader(io.StringIO(kept.stdout)))) == len(found)
    assert "left out" not in kept.stderr
