"""Output formats: a registry of exporters, each a pure writer over Events or Incidents.

Exporters never touch SQL: `sitrep export` reads records from the store and hands them to
`export()`. A format is added by registering an `Exporter`; the five built-in formats
(`acled-csv`, `geojson`, `jsonl`, `parquet`, `geoparquet`) register the same way, and the CLI
lists and dispatches formats from the registry, so a new format never means an if/elif in
`cli.py`:

    register_exporter(Exporter(name="kml", suffix=".kml", binary=False,
                               embeds_attribution=True, write=write_kml, help="..."))

The GeoNames credit (see `sitrep.attribution`) travels with every file: inside it for
formats that embed it, and otherwise in a sidecar `<file>.attribution.txt` written next to it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sitrep.attribution import ATTRIBUTION, LICENSE
from sitrep.errors import ExportError
from sitrep.export.acled_csv import Changed, write_acled_csv
from sitrep.export.files import check_target, output_file
from sitrep.export.geojson import write_geojson
from sitrep.export.geoparquet import write_geoparquet
from sitrep.export.jsonl import write_jsonl
from sitrep.export.parquet import write_parquet
from sitrep.models import Event, Incident

__all__ = [
    "ExportResult",
    "Exporter",
    "export",
    "exporters",
    "get_exporter",
    "register_exporter",
    "sidecar_path",
]

Records = Iterable[Event | Incident]


@dataclass(frozen=True, slots=True, kw_only=True)
class Exporter:
    """One output format: a pure writer and what the caller needs to know to open its file.

    `write(records, out) -> rows written` gets a text stream, or a binary one when `binary`.
    `embeds_attribution` says whether the format carries the GeoNames credit inside the file;
    when it does not, `export()` writes the sidecar. `spreadsheet` formats (CSV) are opened
    by spreadsheets, so their `write` also takes `raw_cells=`: False (the default) defuses
    cells that would run as formulas (`sitrep.export.cells`). `options` names the other
    keyword options `write` takes, which `export()` passes to that format only:
    `include_incomplete` (a format that leaves out records it cannot hold whole, as ACLED
    CSV leaves out undated and country-less ones) and `changed` (a lookup of each record's
    last change in the store, `Store.last_changed`).
    """

    name: str
    suffix: str
    binary: bool
    embeds_attribution: bool
    write: Callable[..., int]
    help: str
    spreadsheet: bool = False
    options: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportResult:
    """What an export wrote: the format, the number of records, the file and its sidecar, and
    how many records the format left out (ACLED CSV's undated or country-less ones)."""

    format: str
    count: int
    path: Path | None
    sidecar: Path | None
    left_out: int = 0


_REGISTRY: dict[str, Exporter] = {}


def register_exporter(exporter: Exporter) -> Exporter:
    "Add a format; a second exporter under a taken name is refused, so none is lost silently."
    taken = _REGISTRY.get(exporter.name)
    if taken is not None and taken != exporter:
        raise ExportError(
            f"an exporter named {exporter.name!r} is already registered; pick another name"
        )
    _REGISTRY[exporter.name] = exporter
    return exporter


def exporters() -> dict[str, Exporter]:
    "Every registered format by name, in registration order."
    return dict(_REGISTRY)


def get_exporter(name: str) -> Exporter:
    "The exporter for a format name; ExportError naming the known formats otherwise."
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(_REGISTRY)
        raise ExportError(f"no export format {name!r}; use one of: {known}") from None


def sidecar_path(path: Path) -> Path:
    "Where the attribution of a file without room for it goes: `<file>.attribution.txt`."
    return path.with_name(path.name + ".attribution.txt")


def export(
    records: Records,
    fmt: str,
    *,
    path: str | os.PathLike[str] | None = None,
    stream: IO[Any] | None = None,
    raw_cells: bool = False,
    include_incomplete: bool = False,
    changed: Changed | None = None,
    protected: Iterable[str | os.PathLike[str]] = (),
) -> ExportResult:
    """Write `records` in format `fmt` to a file (`path`) or an open `stream`.

    Spreadsheet formats get cells that cannot run as formulas unless `raw_cells`. A format
    that leaves out records it cannot hold whole does so unless `include_incomplete`, and
    the result counts them (`left_out`). `changed` looks up each record's last change for
    the formats that write it (ACLED CSV's `timestamp`).

    A file is written through `output_file`: to a temporary name, renamed when complete, so
    a failed export never leaves half a file under the real name; a path that is one of
    `protected` (the store's files) or not a regular file or a new path is refused. For a
    format without room for attribution, a sidecar file is written next to `path`; on a
    stream that is the caller's job (the CLI prints the credit on stderr).
    """
    exporter = get_exporter(fmt)
    if (path is None) == (stream is None):
        raise ExportError("export needs exactly one of a path or a stream")

    given = {"include_incomplete": include_incomplete, "changed": changed}
    options: dict[str, Any] = {k: v for k, v in given.items() if k in exporter.options}
    if exporter.spreadsheet:
        options["raw_cells"] = raw_cells
    read = 0

    def counted() -> Iterator[Event | Incident]:
        nonlocal read
        for record in records:
            read += 1
            yield record

    def write(out: IO[Any]) -> int:
        return exporter.write(counted(), out, **options)

    if stream is not None:
        count = write(stream)
        return ExportResult(format=fmt, count=count, path=None, sidecar=None, left_out=read - count)
    target = Path(path)  # type: ignore[arg-type]
    sidecar = None if exporter.embeds_attribution else sidecar_path(target)
    keep = [Path(p) for p in protected]
    if sidecar is not None:  # refused before anything is written, like the file itself
        check_target(sidecar, protected=keep)
    with output_file(target, binary=exporter.binary, protected=keep) as out:
        count = write(out)
    if sidecar is not None:
        with output_file(sidecar, binary=False, protected=keep) as out:
            out.write(_sidecar_text(target, exporter))
    return ExportResult(
        format=fmt, count=count, path=target, sidecar=sidecar, left_out=read - count
    )


def _sidecar_text(target: Path, exporter: Exporter) -> str:
    return (
        f"Attribution for {target.name} ({exporter.name}, written by Sitrep).\n"
        f"{exporter.name} has no place for it inside the file, so it travels here.\n\n"
        f"{ATTRIBUTION}\n\nLicence: {LICENSE}\n"
    )


for _exporter in (
    Exporter(
        name="acled-csv",
        suffix=".csv",
        binary=False,
        embeds_attribution=False,
        write=write_acled_csv,
        help="ACLED's export columns, in ACLED's order (credit in a sidecar file)",
        spreadsheet=True,
        options=frozenset({"include_incomplete", "changed"}),
    ),
    Exporter(
        name="geojson",
        suffix=".geojson",
        binary=False,
        embeds_attribution=True,
        write=write_geojson,
        help="RFC 7946 FeatureCollection of points (QGIS, web maps)",
    ),
    Exporter(
        name="parquet",
        suffix=".parquet",
        binary=True,
        embeds_attribution=True,
        write=write_parquet,
        help="typed columns plus the full record as JSON (pandas, DuckDB, R)",
    ),
    Exporter(
        name="jsonl",
        suffix=".jsonl",
        binary=False,
        embeds_attribution=False,
        write=write_jsonl,
        help="the data contract's records, one per line (credit in a sidecar file)",
    ),
    Exporter(
        name="geoparquet",
        suffix=".parquet",
        binary=True,
        embeds_attribution=True,
        write=write_geoparquet,
        help="GeoParquet 1.1: the Parquet columns plus a WKB point geometry (QGIS, GeoPandas)",
    ),
):
    register_exporter(_exporter)
