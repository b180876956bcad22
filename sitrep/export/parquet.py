"""Events or incidents as a Parquet file (pyarrow), for pandas, DuckDB, R and Spark.

The columns are the flat ones of `sitrep.export.flat` with real types (a date column, integer
counts, float coordinates, string lists for sources), plus `record`: the whole contract
record as JSON, so the evidence offsets and claims are kept. The GeoNames credit is in the
file's key-value metadata (`attribution`, `license`, `generator`), where Parquet readers show
it (`pyarrow.parquet.read_schema(path).metadata`).

Rows are written in batches, so a large export never sits in memory. One file holds one kind:
events or incidents, not both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import Any, BinaryIO

from sitrep.attribution import export_metadata
from sitrep.errors import ExportError
from sitrep.export.flat import COUNT_FIELDS, ROLES, flat_row
from sitrep.models import Event, Incident

__all__ = ["BATCH_ROWS", "schema", "write_parquet"]

BATCH_ROWS = 5000


def schema(kind: str) -> Any:
    "The pyarrow schema of an events (`kind='event'`) or incidents file, with the credits."
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
        ]
    fields.append(("record", text))
    return pa.schema(fields, metadata=export_metadata())


def write_parquet(records: Iterable[Event | Incident], out: BinaryIO) -> int:
    "Write the records to a binary stream as Parquet; returns the number of rows."
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = iter(records)
    first = next(records, None)
    kind = "incident" if isinstance(first, Incident) else "event"
    target = schema(kind)
    count = 0
    with pq.ParquetWriter(out, target) as writer:
        stream = chain([first], records) if first is not None else iter(())
        for batch in _batches(stream, BATCH_ROWS):
            rows = [_row(record, kind) for record in batch]
            writer.write_table(pa.Table.from_pylist(rows, schema=target))
            count += len(rows)
    return count


def _row(record: Event | Incident, kind: str) -> dict[str, Any]:
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
    return row


def _batches(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(islice(items, size)):
        yield batch
