"""GeoParquet export: the Parquet export plus a WKB point column and the `geo` file metadata
of GeoParquet 1.1, read back with pyarrow and decoded here with struct, independently of
the writer. Events come from the filter tests' hand-made store, plus one without a place
and one whose place has no coordinates."""

from __future__ import annotations

import dataclasses
import io
import json
import struct
from pathlib import Path
from typing import Any

import filter_data
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from api_data import TestClient
from click.testing import CliRunner

from sitrep.api import create_app
from sitrep.attribution import GEONAMES_CREDIT
from sitrep.cli import cli
from sitrep.export import export, get_exporter
from sitrep.export.geoparquet import point_wkb, write_geoparquet
from sitrep.models import Event, Incident, Place
from sitrep.store import open_store


def _events() -> list[Event]:
    events = [e for _, (e,) in filter_data.corpus()]
    template = events[0]
    return [
        *events,
        dataclasses.replace(template, event_id="ev-nowhere", location=None),
        dataclasses.replace(
            template, event_id="ev-unplaced", location=Place(name="Somewhere", admin1="Idleb")
        ),
    ]


def _decode(wkb: bytes) -> tuple[float, float]:
    "A 2D WKB point's (x, y), read by the standard's layout whichever byte order it uses."
    order = "<" if wkb[0] == 1 else ">"
    kind, x, y = struct.unpack(order + "Idd", wkb[1:])
    assert kind == 1 and len(wkb) == 21  # Point, no Z or M
    return x, y


def _geo(path: Path | io.BytesIO) -> dict[str, Any]:
    return json.loads(pq.read_schema(path).metadata[b"geo"])


def test_geometry_decodes_to_each_events_longitude_and_latitude(tmp_path: Path) -> None:
    events = _events()
    path = tmp_path / "events.parquet"
    result = export(events, "geoparquet", path=path)
    assert (result.count, result.sidecar) == (len(events), None)
    table = pq.read_table(path)
    assert table.schema.field("geometry").type == pa.binary()
    rows = {r["id"]: r for r in table.to_pylist()}
    for event in events:
        geometry = rows[event.event_id]["geometry"]
        place = event.location
        if place is None or place.latitude is None:
            assert geometry is None, event.event_id
        else:
            assert _decode(geometry) == (place.longitude, place.latitude), event.event_id
    assert rows["ev-raqqa"]["geometry"] == struct.pack("<BIdd", 1, 1, 39.01, 35.95)
    assert sum(r["geometry"] is None for r in rows.values()) == 2


def test_geo_metadata_is_geoparquet_1_1(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    export(_events(), "geoparquet", path=path)
    geo = _geo(path)
    assert geo["version"] == "1.1.0"
    assert geo["primary_column"] == "geometry"
    column = geo["columns"]["geometry"]
    assert column["encoding"] == "WKB"
    assert column["geometry_types"] == ["Point"]
    assert "crs" not in column  # omitted: OGC:CRS84, longitude first
    # In the file footer's key-value metadata too, where non-Arrow readers look for it.
    footer = pq.read_metadata(path).metadata
    assert json.loads(footer[b"geo"]) == geo
    physical = pq.ParquetFile(path).schema.column(len(pq.read_schema(path)) - 1)
    assert (physical.name, physical.physical_type) == ("geometry", "BYTE_ARRAY")
    # The credits travel inside, as in the plain Parquet export.
    assert GEONAMES_CREDIT in pq.read_schema(path).metadata[b"attribution"].decode()


def test_columns_are_the_parquet_exports_plus_geometry(tmp_path: Path) -> None:
    events = _events()
    export(events, "parquet", path=tmp_path / "plain.parquet")
    export(events, "geoparquet", path=tmp_path / "geo.parquet")
    plain, geo = pq.read_table(tmp_path / "plain.parquet"), pq.read_table(tmp_path / "geo.parquet")
    assert geo.schema.names == [*plain.schema.names, "geometry"]
    assert geo.drop_columns(["geometry"]).equals(plain)
    assert b"geo" not in pq.read_schema(tmp_path / "plain.parquet").metadata
    assert get_exporter("geoparquet").binary and get_exporter("geoparquet").embeds_attribution


def test_incidents_and_empty_files_are_geoparquet_too(tmp_path: Path) -> None:
    event = _events()[1]
    incident = Incident(
        incident_id="inc-raqqa",
        events=(event.event_id,),
        articles=(event.article_id,),
        event_date=event.event_date,
        date_precision="day",
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        actors=event.actors,
        location=event.location,
        fatalities=event.fatalities,
        wounded=None,
        captured=None,
        figures=(),
        contradictions=(),
        sources=event.sources,
    )
    out = io.BytesIO()
    assert write_geoparquet([incident], out) == 1
    table = pq.read_table(io.BytesIO(out.getvalue()))
    (row,) = table.to_pylist()
    assert row["kind"] == "incident"
    assert _decode(row["geometry"]) == (39.01, 35.95)
    empty = io.BytesIO()
    assert write_geoparquet([], empty) == 0
    assert _geo(io.BytesIO(empty.getvalue()))["primary_column"] == "geometry"


def test_point_wkb_is_little_endian_iso_wkb() -> None:
    assert point_wkb(1.5, -2.25).hex() == (
        "01" + "01000000" + struct.pack("<d", 1.5).hex() + struct.pack("<d", -2.25).hex()
    )


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "geo.db"
    filter_data.seed(path)
    return str(path)


def test_export_command_writes_geoparquet_with_filters(db: str, tmp_path: Path) -> None:
    out = tmp_path / "syria.parquet"
    result = CliRunner().invoke(
        cli,
        ["export", "--db", db, "--format", "geoparquet", "-o", str(out), "--country", "SYR"],
        prog_name="sitrep",
    )
    assert result.exit_code == 0, result.output
    assert f"wrote 2 events to {out}" in result.stderr
    with open_store(db, create=False) as store:
        syria = {e.event_id: e for e in store.events(country="SYR")}
    rows = pq.read_table(out).to_pylist()
    assert {r["id"] for r in rows} == set(syria)
    for row in rows:
        place = syria[row["id"]].location
        assert _decode(row["geometry"]) == (place.longitude, place.latitude)
    assert _geo(out)["columns"]["geometry"]["encoding"] == "WKB"
    assert not Path(str(out) + ".attribution.txt").exists()  # the credit is inside
    binary = CliRunner().invoke(cli, ["export", "--db", db, "--format", "geoparquet"])
    assert binary.exit_code == 0  # not a terminal: the bytes go to standard output
    assert pq.read_table(io.BytesIO(binary.stdout_bytes)).num_rows == 6


def test_api_serves_geoparquet(db: str) -> None:
    with TestClient(create_app(db)) as client:
        r = client.get("/api/export", params={"format": "geoparquet", "country": "NGA"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/vnd.apache.parquet"
    body = io.BytesIO(r.content)
    assert _geo(body)["version"] == "1.1.0"
    (row,) = pq.read_table(io.BytesIO(r.content)).to_pylist()
    assert row["id"] == "ev-maiduguri" and _decode(row["geometry"]) == (13.16, 11.85)
