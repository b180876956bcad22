"""Events or incidents as GeoParquet 1.1, for GIS tools that read Parquet (QGIS and GDAL,
GeoPandas, DuckDB spatial, BigQuery).

It is the Parquet export (`sitrep.export.parquet`: the same typed columns, the whole record
as JSON, the credits in the key-value metadata) plus what GeoParquet 1.1 asks for:

- a `geometry` column of Well-Known Binary points, x = longitude and y = latitude, written
  here with `struct` (a 2D WKB point is 21 bytes: byte order, type 1, two doubles), so no
  geometry library is needed;
- the `geo` key of the file metadata, a JSON object naming that column as the primary
  one, its encoding ("WKB") and its geometry types (["Point"]).

`crs` is omitted, which per the specification means OGC:CRS84 (WGS 84, longitude first):
what GeoNames coordinates are. A record without coordinates keeps its row, with a null
geometry, as GeoJSON keeps it as a feature with a null geometry: dropping it would silently
lose events from the table. The optional per-file `bbox` is left out, since rows are
streamed and the file's schema (where readers look for `geo`) is written before them.

    https://geoparquet.org/releases/v1.1.0/
"""

from __future__ import annotations

import json
import struct
from collections.abc import Iterable
from typing import Any, BinaryIO

from sitrep.export.parquet import Columns, write_parquet
from sitrep.models import Event, Incident

__all__ = ["GEOMETRY", "GEOPARQUET_VERSION", "geo_metadata", "point_wkb", "write_geoparquet"]

GEOPARQUET_VERSION = "1.1.0"
#: The name of the geometry column (GeoParquet's `primary_column`).
GEOMETRY = "geometry"
#: A 2D point in little-endian ISO WKB: byte order 1, geometry type 1, x, y.
_POINT = struct.Struct("<BIdd")


def point_wkb(longitude: float, latitude: float) -> bytes:
    "A 2D point as little-endian Well-Known Binary, x = longitude, y = latitude (21 bytes)."
    return _POINT.pack(1, 1, longitude, latitude)


def geo_metadata() -> dict[str, Any]:
    "The `geo` file metadata of GeoParquet 1.1 for one WKB point column in OGC:CRS84."
    return {
        "version": GEOPARQUET_VERSION,
        "primary_column": GEOMETRY,
        "columns": {GEOMETRY: {"encoding": "WKB", "geometry_types": ["Point"]}},
    }


def _geometry(record: Event | Incident) -> dict[str, bytes | None]:
    place = record.location
    if place is None or place.latitude is None or place.longitude is None:
        return {GEOMETRY: None}
    return {GEOMETRY: point_wkb(place.longitude, place.latitude)}


def write_geoparquet(records: Iterable[Event | Incident], out: BinaryIO) -> int:
    "Write the records to a binary stream as GeoParquet; returns the number of rows."
    import pyarrow as pa

    columns = Columns(
        fields=((GEOMETRY, pa.binary()),),
        cells=_geometry,
        metadata={"geo": json.dumps(geo_metadata())},
    )
    return write_parquet(records, out, extra=columns)
