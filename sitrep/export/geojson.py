"""Events or incidents as one RFC 7946 GeoJSON FeatureCollection, for QGIS and web maps.

Each record is a Feature with a Point geometry at [longitude, latitude] (RFC 7946 order) and
the flat columns of `sitrep.export.flat` as properties. A record the gazetteer could not place
is still a Feature, with `"geometry": null`: RFC 7946 (section 3.2) allows an unlocated
feature, QGIS loads it as a row without a shape, and dropping it would silently lose events
from the table. The GeoNames credit travels inside the file as top-level foreign members
(`attribution`, `license`, `generator`), which RFC 7946 (section 6.1) lets readers ignore.

Features are written one at a time, so a large export never sits in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from sitrep.attribution import export_metadata
from sitrep.export.flat import flat_row
from sitrep.models import Event, Incident

__all__ = ["feature", "write_geojson"]


def feature(record: Event | Incident) -> dict[str, Any]:
    "One record as a GeoJSON Feature; geometry is null when the record has no coordinates."
    props = flat_row(record)
    lat, lon = props.pop("latitude"), props.pop("longitude")
    geometry = None if lat is None else {"type": "Point", "coordinates": [lon, lat]}
    return {"type": "Feature", "id": props["id"], "geometry": geometry, "properties": props}


def write_geojson(records: Iterable[Event | Incident], out: TextIO) -> int:
    "Write a FeatureCollection with the attribution members; returns the number of features."
    head = {"type": "FeatureCollection", **export_metadata()}
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [')
    count = 0
    for record in records:
        out.write(("," if count else "") + "\n" + json.dumps(feature(record), ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count
