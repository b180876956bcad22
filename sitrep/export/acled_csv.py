"""Events or incidents as rows with exactly the columns of a real ACLED export, in order.

Tools that read ACLED files read these, and scripts written for ACLED's files run on them
unchanged. The columns are the classic ACLED export's (`shared/spec/acled-columns.csv`), with
ACLED's types:

- `data_id` and `event_id_no_cnty` are integers and `event_id_cnty` is ACLED-style, the
  country's alpha-3 code and that number (`SYR4503599627370`). The number is derived from
  Sitrep's stable event or incident id (`acled_number`), so it is the same in every export.
- `year`, `time_precision` and `iso` are integers, `latitude` and `longitude` numbers. A
  record without a date, a country or a point cannot fill them, and one empty cell makes
  pandas read the whole column as floats (or NaN), so such records are left out unless
  `include_incomplete` (and the command says how many).
- `inter1` and `interaction` are never 0. ACLED has no event without an actor1: a record
  whose report names nobody gets the actor ACLED codes then, "Unidentified Armed Group
  (Syria)" (inter 3), or "Protesters (Syria)"/"Rioters (Syria)" for demonstrations.
- `region`, `country` and `iso` follow ACLED's current scheme (`sitrep.export.acled_regions`);
  `source` and `source_scale` name each outlet once, canonically, with its reach
  (`sitrep.export.acled_sources`).
- `timestamp` is when the record last changed, as a Unix integer (ACLED's: when the row was
  last updated): for an event, the later of its article's ingestion and its last review
  (a correction or a verdict); for an incident, its last rebuild. `changed` looks these up
  in the store; a record it does not know (one just extracted) gets the time of writing.

`admin3` is left empty rather than invented. An incident is one row: its best fatality
figure, every source that reported it, and a note that gives the range of figures and who
disagrees, since ACLED's columns have no room for ranges. The file has no room for the
GeoNames credit either, so `sitrep.export` writes it to a sidecar file next to the CSV.
"""

from __future__ import annotations

import csv
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from itertools import islice
from typing import TextIO

from sitrep.errors import ExportError
from sitrep.export.acled_regions import country_name, iso_numeric, region
from sitrep.export.acled_sources import source_cell, source_scale
from sitrep.export.cells import neutralise
from sitrep.export.flat import record_id
from sitrep.models import INTER, Event, Incident

__all__ = [
    "ACLED_COLUMNS",
    "INTER",
    "MAX_ID",
    "NO_COUNTRY",
    "TIME_PRECISION",
    "Changed",
    "acled_number",
    "acled_row",
    "complete",
    "write_acled_csv",
]

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

#: ACLED's time_precision: 1 day, 2 week, 3 month; ACLED has no year code, so a year is 3.
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}

#: Who ACLED codes as actor1 when the report names nobody, by event type: the crowd for
#: demonstrations, an unidentified armed group (a political militia, inter 3) otherwise.
_UNNAMED_ACTOR1 = {"Protests": ("Protesters", "protesters"), "Riots": ("Rioters", "rioters")}
_UNIDENTIFIED = ("Unidentified Armed Group", "political militia")

#: The largest `data_id`: JavaScript's Number.MAX_SAFE_INTEGER (2**53 - 1), so pandas (int64),
#: JSON readers and spreadsheets all keep every id exact.
MAX_ID = 2**53 - 1
#: The `event_id_cnty` prefix of a record without a country (only with include_incomplete):
#: ISO 3166 leaves X-codes to users, and XXX is the usual "unknown".
NO_COUNTRY = "XXX"

#: Looks up when each record last changed, by id, a batch of ids at a time (Store.last_changed).
Changed = Callable[[Sequence[str]], Mapping[str, datetime]]
# Records per `changed` lookup: one query per batch instead of one per row.
_BATCH = 500


def acled_number(sitrep_id: str) -> int:
    """The integer `data_id`/`event_id_no_cnty` of a Sitrep event or incident id: stable,
    positive, at most MAX_ID.

    It is the first 8 bytes of the id's SHA-256 reduced to 1..2**53-1. Two ids share a number
    with probability about n²/2**54 among n records (one in 18,000 for a million);
    `write_acled_csv` checks every file and refuses to write one that would hold the same
    number twice, since renumbering either record would break the ids' stability.
    """
    digest = hashlib.sha256(sitrep_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % MAX_ID + 1


def complete(record: Event | Incident) -> bool:
    """Whether the record fills ACLED's integer columns `year`, `time_precision` and `iso`
    and its `latitude` and `longitude`: it has a date, that date's precision, a country with
    an ISO numeric code and a point (an event placed only by its country has none; ACLED
    codes every event at a point, a province's centre at the least)."""
    loc = record.location
    return (
        record.event_date is not None
        and record.date_precision in TIME_PRECISION
        and iso_numeric(loc.country_code if loc else None) is not None
        and loc is not None
        and loc.latitude is not None
        and loc.longitude is not None
    )


def acled_row(record: Event | Incident, *, timestamp: int | None = None) -> dict[str, object]:
    """One event or incident as an ACLED row (dict keyed by ACLED column).

    `timestamp` is the record's last change (Unix seconds); the time of the call when None.
    """

    def names(role: str) -> str:
        return "; ".join(a.name for a in record.actors if a.role == role)

    def inter(role: str) -> int:
        actor = next((a for a in record.actors if a.role == role), None)
        return INTER[actor.kind] if actor else 0

    loc = record.location
    iso3 = loc.country_code.upper() if loc and loc.country_code else ""
    iso = iso_numeric(iso3)
    country = country_name(iso3, fallback=loc.country if loc else None)
    actor1, inter1 = names("actor1"), inter("actor1")
    if not actor1:
        base, kind = _UNNAMED_ACTOR1.get(record.event_type, _UNIDENTIFIED)
        actor1, inter1 = (f"{base} ({country})" if country else base), INTER[kind]
    inter2 = inter("actor2")
    # ACLED writes the smaller code first: 12 is state forces against rebels either way
    # round; a one-sided event is actor1's code times ten (10, 60).
    low, high = sorted((inter1, inter2)) if inter2 else (inter1, 0)
    number = acled_number(record_id(record))
    return {
        "data_id": number,
        "iso": "" if iso is None else iso,
        "event_id_cnty": f"{iso3 or NO_COUNTRY}{number}",
        "event_id_no_cnty": number,
        "event_date": record.event_date.isoformat() if record.event_date else "",
        "year": record.event_date.year if record.event_date else "",
        "time_precision": (
            TIME_PRECISION.get(record.date_precision or "", "") if record.event_date else ""
        ),
        "event_type": record.event_type,
        "sub_event_type": record.sub_event_type,
        "actor1": actor1,
        "assoc_actor_1": names("assoc_actor_1"),
        "inter1": inter1,
        "actor2": names("actor2"),
        "assoc_actor_2": names("assoc_actor_2"),
        "inter2": inter2,
        "interaction": low * 10 + high,
        "region": region(iso3),
        "country": country,
        "admin1": loc.admin1 if loc and loc.admin1 else "",
        "admin2": loc.admin2 if loc and loc.admin2 else "",
        "admin3": "",
        "location": loc.name if loc else "",
        "latitude": "" if not loc or loc.latitude is None else loc.latitude,
        "longitude": "" if not loc or loc.longitude is None else loc.longitude,
        "geo_precision": loc.geo_precision if loc and loc.geo_precision else "",
        "source": source_cell(record.sources),
        "source_scale": source_scale(record.sources, iso3 or None),
        "notes": record.notes if isinstance(record, Event) else incident_note(record),
        "fatalities": record.fatalities.best if record.fatalities else 0,
        "timestamp": int(time.time()) if timestamp is None else timestamp,
        "iso3": iso3,
    }


def incident_note(incident: Incident) -> str:
    """An incident row's note: what happened in ACLED style, then how many reports, the
    figures' range and who disagrees (`Incident.notes`).

    ACLED's one fatalities column holds the best figure; the range and the contradicting
    claims would otherwise be lost in this format. An incident stored before incidents had
    notes gets the reconciliation summary alone, counting its events as it always has.
    """
    if incident.notes:
        return incident.notes
    from sitrep.reconcile import reconciliation_summary

    return reconciliation_summary(
        len(incident.events), incident.fatalities, incident.contradictions
    )


def write_acled_csv(
    records: Iterable[Event | Incident],
    out: TextIO,
    *,
    header: bool = True,
    timestamp: int | None = None,
    raw_cells: bool = False,
    include_incomplete: bool = False,
    changed: Changed | None = None,
) -> int:
    """Write events or incidents as ACLED CSV rows; returns the number of rows written.

    Records without a date, a country or a point (`complete`) are left out unless
    `include_incomplete`; the caller tells the records it gave from the rows written.
    `changed` gives each record's last change for `timestamp`; records it does not know get
    `timestamp` (Unix seconds), by default the time of writing. Text a spreadsheet would run
    as a formula gets a leading `'` (`sitrep.export.cells`) unless `raw_cells`. Raises
    ExportError before writing a second row with the same `data_id` (see `acled_number`).
    """
    stamp = int(time.time()) if timestamp is None else timestamp
    # RFC 4180's CRLF: the csv module quotes a field holding any character of the line
    # terminator, so with "\n" alone a carriage return in a cell went out bare and readers
    # split the row there (a defused "'\r=1+1" became a new line starting "=1+1").
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\r\n")
    if header:
        writer.writeheader()
    kept = records if include_incomplete else (r for r in records if complete(r))
    seen: set[int] = set()  # every data_id written: about 90 MB per million rows
    count = 0
    for batch in _batches(kept):
        times = changed([record_id(r) for r in batch]) if changed is not None else {}
        for record in batch:
            last = times.get(record_id(record))
            row = acled_row(record, timestamp=stamp if last is None else _unix(last))
            number = int(row["data_id"])  # type: ignore[call-overload]
            if number in seen:
                raise ExportError(
                    f"{record_id(record)}: its data_id {number} is another record's in this "
                    "file too (a hash collision, see sitrep.export.acled_csv.acled_number); "
                    "export the two records in separate files (--since/--until) and report it"
                )
            seen.add(number)
            writer.writerow(row if raw_cells else {k: neutralise(v) for k, v in row.items()})
            count += 1
    return count


def _batches(records: Iterable[Event | Incident]) -> Iterator[list[Event | Incident]]:
    it = iter(records)
    while batch := list(islice(it, _BATCH)):
        yield batch


def _unix(moment: datetime) -> int:
    "Unix seconds of a stored time; a time stored without a zone is UTC, as the store writes."
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())
