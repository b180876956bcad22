"""Events as rows with exactly the columns of a real ACLED export, in the same order.

Tools that read ACLED files read these. Columns Sitrep cannot know (ACLED's own ids,
numeric ISO code, source scale) are left empty rather than invented.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from sitrep.models import Event

ACLED_COLUMNS = (
    "data_id",
    "iso",
    "event_id_cnty",
    "event_id_no_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
    "iso3",
)

#: ACLED's actor type codes (inter1/inter2).
INTER = {
    "state forces": 1,
    "rebel group": 2,
    "political militia": 3,
    "identity militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external force": 8,
}
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}


def acled_row(event: Event) -> dict[str, object]:
    "One event as an ACLED row (dict keyed by ACLED column)."

    def names(role: str) -> str:
        return "; ".join(a.name for a in event.actors if a.role == role)

    def inter(role: str) -> int:
        actor = event.actor(role)  # type: ignore[arg-type]
        return INTER.get(actor.kind, 0) if actor else 0

    inter1, inter2 = inter("actor1"), inter("actor2")
    pair = sorted(i for i in (inter1, inter2) if i) or [0]
    interaction = pair[0] * 10 + (pair[1] if len(pair) > 1 else 0)
    loc = event.location
    return {
        "data_id": event.event_id,
        "iso": "",
        "event_id_cnty": event.event_id,
        "event_id_no_cnty": "",
        "event_date": event.event_date.isoformat() if event.event_date else "",
        "year": event.event_date.year if event.event_date else "",
        "time_precision": TIME_PRECISION.get(event.date_precision or "", ""),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": names("actor1"),
        "assoc_actor_1": names("assoc_actor_1"),
        "inter1": inter1,
        "actor2": names("actor2"),
        "assoc_actor_2": names("assoc_actor_2"),
        "inter2": inter2,
        "interaction": interaction,
        "region": "",
        "country": loc.country if loc and loc.country else "",
        "admin1": loc.admin1 if loc and loc.admin1 else "",
        "admin2": loc.admin2 if loc and loc.admin2 else "",
        "admin3": "",
        "location": loc.name if loc else "",
        "latitude": "" if not loc or loc.latitude is None else loc.latitude,
        "longitude": "" if not loc or loc.longitude is None else loc.longitude,
        "geo_precision": loc.geo_precision if loc and loc.geo_precision else "",
        "source": "; ".join(event.sources),
        "source_scale": "",
        "notes": event.notes,
        "fatalities": event.fatalities.best if event.fatalities else 0,
        "timestamp": "",
        "iso3": loc.country_code if loc and loc.country_code else "",
    }


def write_acled_csv(events: Iterable[Event], out: TextIO, *, header: bool = True) -> None:
    "Write events as ACLED CSV rows."
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    if header:
        writer.writeheader()
    for event in events:
        writer.writerow(acled_row(event))
