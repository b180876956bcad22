"""The `sitrep gazetteer` commands (import, info, build): thin shells over the index's
builder (`sitrep.gazetteer_index`), the file import (`sitrep.gazetteer_files`) and the
reader (`sitrep.gazetteer`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from sitrep.cli_errors import library_errors
from sitrep.gazetteer import Gazetteer
from sitrep.gazetteer_files import DEFAULT_CLASSES, import_files
from sitrep.gazetteer_index import IMPORTS_NAME, build_index, ensure_index, index_home

__all__ = ["gazetteer_cli", "register"]


@click.group("gazetteer")
def gazetteer_cli() -> None:
    """The offline gazetteer: GeoNames places (geonames.org, CC BY 4.0) and your imports.

    Example: sitrep gazetteer info
    """


@gazetteer_cli.command("import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--feature-classes",
    default=DEFAULT_CLASSES,
    show_default=True,
    help="GeoNames feature classes to take from dumps (P places, A admin areas, L areas, "
    "S spots, T terrain, H water, R roads, V vegetation, U undersea).",
)
def import_command(files: tuple[Path, ...], feature_classes: str) -> None:
    """Add places and names to your gazetteer: GeoNames dumps, alternateNames, or a CSV.

    FILES are GeoNames country dumps (SY.zip, SY.txt from the GeoNames download server) or
    allCountries, alternateNames files (their names attach to places already in the index:
    import them last), UCDP GED event CSVs (the places of events with where_prec 1-2), or a
    CSV with the header name,alternate_names,latitude,longitude,country,admin1,admin2
    (alternate names |-separated; country as ISO2, ISO3 or name). Imports are kept in
    $SITREP_HOME and survive rebuilds. A bad row is reported with its file and line and
    skipped; the exit status is then 1.

    Example: sitrep gazetteer import SY.zip GEDEvent_v25_1.csv villages.csv
    """
    with library_errors():
        report = import_files(
            files,
            feature_classes=feature_classes,
            on_warning=lambda message: click.echo(f"sitrep: {message}", err=True),
        )
    click.echo(report.summary())
    if report.rows_skipped or report.files_skipped:
        sys.exit(1)


@gazetteer_cli.command("info")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def info_command(as_json: bool) -> None:
    """Show where the gazetteer index is, what it holds, and when it was built.

    Builds the index first if it is missing or stale.

    Example: sitrep gazetteer info --json
    """
    with library_errors():
        stats = Gazetteer(ensure_index()).stats()
    stats["imports"] = str(index_home() / IMPORTS_NAME)
    if as_json:
        click.echo(json.dumps(stats, indent=2))
        return
    counts = stats.pop("counts")
    for key, value in stats.items():
        click.echo(f"{key}: {value}")
    click.echo(
        f"holds: {counts['place']:,} places, {counts['name']:,} name keys, "
        f"{counts['admin']:,} admin units, {counts['country']:,} countries, "
        f"{counts['pointer']:,} country pointers"
    )


@gazetteer_cli.command("build")
def build_command() -> None:
    """Rebuild the gazetteer index now (your imports are re-applied).

    Sitrep builds it on first use anyway; run this after installing to pay that once.

    Example: sitrep gazetteer build
    """
    with library_errors():
        build_index()


def register(cli: click.Group) -> None:
    "Add the `gazetteer` command group (import, info, build) to the `sitrep` command line."
    cli.add_command(gazetteer_cli)
