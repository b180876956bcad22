"""Events or incidents as a Parquet file (pyarrow), for pandas, DuckDB, R and Spark.

The columns are the flat ones of `sitrep.export.flat` with real types (a date column, integer
counts, float coordinates, string lists for sources), plus `record`: the whole contract
record as JSON, so the evidence offsets and claims are kept. The GeoNames credit is in the
file's key-value metadata (`attribution`, `license`, `generator`), where Parquet readers show
it (`pyarrow.parquet.read_schema(path).metadata`).

Rows are written in batches, so a large export never sits in memory. One file holds one kind:
events or incidents, not both.

Formats built on this one (GeoParquet, `sitrep.export.geoparquet`) add their own columns and
file metadata through `Columns`, so the flat columns and their types stay defined here once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any, BinaryIO

from sitrep.attribution import export_metadata
from sitrep.errors import ExportError
from sitrep.export.flat import COUNT_FIELDS, ROLES, flat_row
from sitrep.models import Event, Incident

__all__ = ["BATCH_ROWS", "Columns", "schema", "write_parquet"]

BATCH_ROWS = 5000


@dataclass(frozen=True, slots=True, kw_only=True)
class Columns:
    """What a format built on Parquet adds after the flat columns: `fields` (name, pyarrow
    type), the `cells` of one record for them, and `metadata` for the file's key-value
    metadata, where readers look for it (GeoParquet's `geo`)."""

    fields: tuple[tuple[str, Any], ...]
    cells: Callable[[Event | Incident], dict[str, Any]]
    metadata: dict[str, str]


def schema(kind: str, extra: Columns | None = None) -> Any:
    """The pyarrow schema of an events (`kind='event'`) or incidents file, with the credits,
    and the `extra` columns and metadata of a format built on this one."""
    import pyarrow as pa

    text, count = pa.string(), pa.int64()
    fields = [
        ("id", text),
        ("kind", text),
        ("event_date", pa.date32()),
        ("date_precision", text),
        ("event_type", text),
        ("sub_event_type", text),
        *((role, text) for role in ROLES),
        ("location", text),
        ("admin1", text),
        ("admin2", text),
        ("country", text),
        ("iso3", text),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("geo_precision", pa.int8()),
        ("gazetteer_id", text),
    ]
    for field in COUNT_FIELDS:
        fields += [(f"{field}_low", count), (field, count), (f"{field}_high", count)]
    fields.append(("sources", pa.list_(text)))
    if kind == "event":
        fields += [
            ("article_id", text),
            ("civilian_harm", pa.bool_()),
            ("notes", text),
            ("confidence", pa.float64()),
        ]
    else:
        fields += [
            ("events", pa.list_(text)),
            ("articles", pa.list_(text)),
            ("reports", pa.int32()),
            ("figures", pa.int32()),
            ("contradictions", pa.int32()),
            ("notes", text),
        ]
    fields.append(("record", text))
    metadata = export_metadata()
    if extra is not None:
        fields += extra.fields
        metadata |= extra.metadata
    return pa.schema(fields, metadata=metadata)


def write_parquet(
    records: Iterable[Event | Incident], out: BinaryIO, *, extra: Columns | None = None
) -> int:
    "Write the records to a binary stream as Parquet; returns the number of rows."
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = iter(records)
    first = next(records, None)
    kind = "incident" if isinstance(first, Incident) else "event"
    target = schema(kind, extra)
    count = 0
    with pq.ParquetWriter(out, target) as writer:
        stream = chain([first], records) if first is not None else iter(())
        for batch in _batches(stream, BATCH_ROWS):
            rows = [_row(record, kind, extra) for record in batch]
            writer.write_table(pa.Table.from_pylist(rows, schema=target))
            count += len(rows)
    return count


def _row(record: Event | Incident, kind: str, extra: Columns | None = None) -> dict[str, Any]:
    this = "incident" if isinstance(record, Incident) else "event"
    if this != kind:
        raise ExportError(
            f"a Parquet file holds one kind of record, and this one started with {kind}s "
            f"but was given an {this} ({flat_row(record)['id']}); export events and "
            "incidents to separate files"
        )
    row = flat_row(record)
    row["event_date"] = record.event_date
    row["record"] = json.dumps(record.to_dict(), ensure_ascii=False)
    if extra is not None:
        row |= extra.cells(record)
    return row


def _batches(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(islice(items, size)):
        yield batch
