"""Importing more places into the gazetteer index (`sitrep gazetteer import`).

Files: GeoNames country dumps and alternateNames, UCDP GED event CSVs, and a local CSV
(name,alternate_names,latitude,longitude,country,admin1,admin2). What a file adds is kept
in `imports.sqlite` beside the index, so `sitrep.gazetteer_index` replays it whenever it
rebuilds the base layer; the index itself is rewritten as a copy renamed over the old one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sqlite3
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.gazetteer import admin_codes
from sitrep.gazetteer_index import (
    _BATCH,
    _SEP,
    IMPORTS_NAME,
    INDEX_NAME,
    PlaceRecord,
    _batched,
    _build,
    _is_fresh,
    _locked,
    _new_index,
    _say,
    _store_generation,
    _write_meta,
    _write_pointers,
    _Writer,
    fingerprint,
    index_home,
)
from sitrep.gazetteer_keys import fold_name
from sitrep.lexicons import countries as lexicon_countries

__all__ = ["DEFAULT_CLASSES", "UCDP_MAX_PREC", "ImportReport", "import_files", "ucdp_place_names"]

#: GeoNames feature classes imported from dumps by default: populated places, admin areas,
#: areas/regions, spots (bases, airports, checkpoints) and terrain (hills, mountains).
DEFAULT_CLASSES = "PALST"
#: alternateNames "languages" that are codes or links, not names.
_CODE_LANGUAGES = frozenset({"post", "link", "iata", "icao", "faac", "abbr", "wkdt", "unlc"})
_MAX_WARNINGS = 20
_STORE_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS place (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, latitude REAL NOT NULL,
    longitude REAL NOT NULL, feature TEXT NOT NULL, cc TEXT NOT NULL, admin1 TEXT NOT NULL,
    admin2 TEXT NOT NULL, population INTEGER NOT NULL,
    names TEXT NOT NULL,             -- every name, joined by U+001F
    source TEXT NOT NULL, generation INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS altname (
    id INTEGER PRIMARY KEY,          -- alternateNameId
    place INTEGER NOT NULL, name TEXT NOT NULL, source TEXT NOT NULL
);
"""


#: UCDP GED where_prec: 1 the place itself, 2 within 25 km of it; above that, a district,
#: province or country, which is not a place.
UCDP_MAX_PREC = 2
#: UCDP type words after a settlement's name ("Tanab village"): stripped.
_UCDP_SETTLEMENT = re.compile(r"\s+(?:village|town|city|suburb|locality|area)$", re.IGNORECASE)
#: UCDP locations that are provinces or districts, not places.
_UCDP_ADMIN = re.compile(r"\b(?:governorate|subdistrict|district|province)$", re.IGNORECASE)


def ucdp_place_names(where: str) -> list[str]:
    """A UCDP GED `where_coordinates` as place names, the main one first: 'Tanab village' ->
    ['Tanab']; 'Al Sokkareyah (Kasr Ada) village' -> ['Al Sokkareyah', 'Kasr Ada'];
    'Kuweires Airbase' stays whole; an admin unit ('Idlib governorate') gives []."""
    where = " ".join(where.replace("|", " ").split())
    if not where or _UCDP_ADMIN.search(where):
        return []
    if _UCDP_SETTLEMENT.search(where):
        bare = _UCDP_SETTLEMENT.sub("", where)
        return [n.strip() for n in re.split(r"[()]", bare) if n.strip()]
    return [re.sub(r"\s*\(.*?\)", "", where).strip()]  # "Airport (Aleppo)"


def _open_store(home: Path) -> sqlite3.Connection:
    db = sqlite3.connect(home / IMPORTS_NAME)
    db.executescript(_STORE_SCHEMA)
    return db


@dataclass
class ImportReport:
    "What `import_files` did: counts, and the problems it reported and skipped."

    files: int = 0
    places_new: int = 0
    places_updated: int = 0
    names: int = 0
    rows_skipped: int = 0
    files_skipped: int = 0
    filtered: int = 0  # dump rows outside the chosen feature classes
    unknown_places: int = 0  # alternateNames rows for places the index does not have
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        "One line for people: what was added, and what was skipped."
        text = (
            f"added {self.places_new:,} new places, updated {self.places_updated:,}, and added "
            f"{self.names:,} names from {self.files:,} file(s)"
        )
        extra = []
        if self.filtered:
            extra.append(f"{self.filtered:,} rows of other feature classes left out")
        if self.unknown_places:
            extra.append(
                f"{self.unknown_places:,} alternate names for places not in the index left out"
            )
        if self.rows_skipped:
            extra.append(f"{self.rows_skipped:,} bad rows skipped")
        if self.files_skipped:
            extra.append(f"{self.files_skipped:,} file(s) skipped")
        return text + (f" ({'; '.join(extra)})" if extra else "")


class _BadRow(ValueError):
    "A row that cannot be imported; the message says why."


class _Import:
    "One `import_files` run: the index copy, the store, the report."

    def __init__(
        self,
        db: sqlite3.Connection,
        store: sqlite3.Connection,
        generation: int,
        classes: str,
        on_warning: Callable[[str], None],
    ) -> None:
        self.db, self.store, self.generation = db, store, generation
        self.classes = frozenset(classes.upper())
        self.on_warning = on_warning
        self.writer = _Writer(db)
        self.report = ImportReport()
        self.iso3 = dict(db.execute("SELECT iso2, iso3 FROM country"))
        self.countries = self._country_names()

    def _country_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for iso2, iso3, name in self.db.execute("SELECT iso2, iso3, name FROM country"):
            for key in (iso2, iso3, name):
                names.setdefault(fold_name(key), iso2)
        for country in lexicon_countries().values():
            for alias in country.aliases:
                names.setdefault(fold_name(alias), country.iso2)
        return names

    def warn(self, message: str) -> None:
        self.report.warnings.append(message)
        self.on_warning(message)

    # -- files --

    def run(self, path: Path) -> None:
        self.report.files += 1
        try:
            for origin, lines in _texts(path):
                self._text(origin, lines)
        except (OSError, zipfile.BadZipFile, UnicodeDecodeError, _BadRow) as err:
            self.report.files_skipped += 1
            self.warn(f"{path}: skipped ({err})")

    def _text(self, origin: str, lines: Iterator[str]) -> None:
        start, first = next(((n, t) for n, t in enumerate(lines, start=1) if t.strip()), (0, ""))
        if not start:
            raise _BadRow("the file has no rows")
        first = first.lstrip("\ufeff")
        head = first.rstrip("\r\n")
        cells = head.split("\t")
        header = {h.strip().strip('"').lower() for h in head.split(",")}
        if head.split(",")[0].strip().lower() == "name":
            self._local_csv(origin, start, first, lines)
        elif {"where_coordinates", "where_prec", "latitude", "longitude"} <= header:
            self._ucdp_csv(origin, start, first, lines)
        elif len(cells) == 19 and cells[0].isdigit():
            self._geonames(origin, start, first, lines)
        elif 4 <= len(cells) <= 10 and cells[0].isdigit() and cells[1].isdigit():
            self._alternate_names(origin, start, first, lines)
        else:
            raise _BadRow(
                "not a GeoNames dump (19 tab-separated columns), an alternateNames file, a "
                "UCDP GED CSV, or a CSV with the header name,alternate_names,latitude,"
                "longitude,country,admin1,admin2"
            )

    def _ucdp_csv(self, origin: str, start: int, first: str, lines: Iterator[str]) -> None:
        """A UCDP GED events CSV: the distinct places of events located to the place itself
        or within 25 km (where_prec 1-2), named as `ucdp_place_names` reads them."""
        reader = csv.DictReader(_chain(first, lines))
        counted = [0]
        seen: set[tuple[str, str, str]] = set()

        def records() -> Iterator[PlaceRecord]:
            for row in reader:
                cells = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
                line = reader.line_num + start - 1
                try:
                    if float(cells.get("where_prec") or 9) > UCDP_MAX_PREC:
                        self.report.filtered += 1
                        continue
                except ValueError:
                    self._problem(origin, line, _BadRow("where_prec is not a number"), counted)
                    continue
                names = ucdp_place_names(cells.get("where_coordinates", ""))
                key = (names[0] if names else "", cells["latitude"], cells["longitude"])
                if not names or key in seen:
                    continue
                seen.add(key)
                place = {
                    "name": names[0],
                    "alternate_names": "|".join(names[1:]),
                    "latitude": cells["latitude"],
                    "longitude": cells["longitude"],
                    "country": cells.get("country", ""),
                }
                try:
                    yield self._local_place(origin, line, place)
                except _BadRow as err:
                    self._problem(origin, line, err, counted)

        self._add(origin, records())
        self._more_problems(origin, counted)

    def _problem(self, origin: str, line: int, err: Exception, counted: list[int]) -> None:
        self.report.rows_skipped += 1
        counted[0] += 1
        if counted[0] <= _MAX_WARNINGS:
            self.warn(f"{origin}, line {line}: {err}; row skipped")

    def _more_problems(self, origin: str, counted: list[int]) -> None:
        if counted[0] > _MAX_WARNINGS:
            self.warn(f"{origin}: {counted[0] - _MAX_WARNINGS} more bad rows skipped")

    def _geonames(self, origin: str, start: int, first: str, lines: Iterator[str]) -> None:
        counted = [0]

        def records() -> Iterator[PlaceRecord]:
            for number, line in enumerate(_chain(first, lines), start=start):
                if not line.strip():
                    continue
                try:
                    record = self._geoname(line.rstrip("\r\n").split("\t"))
                except (_BadRow, ValueError) as err:
                    self._problem(origin, number, err, counted)
                    continue
                if record is not None:
                    yield record

        self._add(origin, records())
        self._more_problems(origin, counted)

    def _add(self, origin: str, records: Iterable[PlaceRecord]) -> None:
        for batch in _batched(records):
            new, updated, names = self.writer.places(batch)
            self.report.places_new += new
            self.report.places_updated += updated
            self.report.names += names
            self.store.executemany(
                "INSERT OR REPLACE INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        *r[:9],
                        _SEP.join(dict.fromkeys(n for n in r.names if n)),
                        origin,
                        self.generation,
                    )
                    for r in batch
                ],
            )

    def _geoname(self, cells: list[str]) -> PlaceRecord | None:
        "One row of a GeoNames `geoname` dump (19 columns)."
        if len(cells) != 19:
            raise _BadRow(f"expected 19 tab-separated columns, found {len(cells)}")
        if cells[6] not in self.classes:
            self.report.filtered += 1
            return None
        name, cc = cells[1].strip(), cells[8].strip().upper()
        if not name:
            raise _BadRow("the name column is empty")
        if cc not in self.iso3:
            raise _BadRow(f"unknown country code {cells[8]!r}")
        return PlaceRecord(
            _int(cells[0], "geonameid"),
            name,
            *_coordinates(cells[4], cells[5]),
            cells[7].strip(),
            cc,
            cells[10].strip(),
            cells[11].strip(),
            _int(cells[14] or "0", "population"),
            (name, cells[2], *cells[3].split(",")),
        )

    def _alternate_names(self, origin: str, start: int, first: str, lines: Iterator[str]) -> None:
        "alternateNames: alternateNameId, geonameid, isolanguage, name, ... (names for known ids)."
        counted = [0]
        kept: list[tuple[int, int, str]] = []

        def flush() -> None:
            known = self.writer.known_ids([pid for _, pid, _ in kept])
            found = [(aid, pid, name) for aid, pid, name in kept if pid in known]
            self.report.names += self.writer.add_names((pid, (name,)) for _, pid, name in found)
            self.report.unknown_places += len(kept) - len(found)
            self.store.executemany(
                "INSERT OR REPLACE INTO altname VALUES (?, ?, ?, ?)",
                [(*row, origin) for row in found],
            )
            kept.clear()

        for number, line in enumerate(_chain(first, lines), start=start):
            cells = line.rstrip("\r\n").split("\t")
            if len(cells) == 1 and not cells[0].strip():
                continue
            try:
                if len(cells) < 4:
                    raise _BadRow(f"expected at least 4 tab-separated columns, found {len(cells)}")
                if not cells[3].strip():
                    raise _BadRow("the alternate name column is empty")
                row = (_int(cells[0], "alternateNameId"), _int(cells[1], "geonameid"), cells[3])
            except _BadRow as err:
                self._problem(origin, number, err, counted)
                continue
            if cells[2].strip().lower() in _CODE_LANGUAGES:
                continue
            kept.append(row)
            if len(kept) >= _BATCH:
                flush()
        flush()
        self._more_problems(origin, counted)

    def _local_csv(self, origin: str, start: int, first: str, lines: Iterator[str]) -> None:
        "Local knowledge: name,alternate_names,latitude,longitude,country,admin1,admin2."
        reader = csv.DictReader(_chain(first, lines))
        header = {h.strip().lower() for h in reader.fieldnames or []}
        missing = {"name", "latitude", "longitude", "country"} - header
        if missing:
            raise _BadRow(
                f"the CSV header lacks {', '.join(sorted(missing))}; expected "
                "name,alternate_names,latitude,longitude,country,admin1,admin2"
            )
        counted = [0]

        def records() -> Iterator[PlaceRecord]:
            for row in reader:
                cells = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
                if not any(cells.values()):
                    continue
                line = reader.line_num + start - 1
                try:
                    yield self._local_place(origin, line, cells)
                except _BadRow as err:
                    self._problem(origin, line, err, counted)

        self._add(origin, records())
        self._more_problems(origin, counted)

    def _local_place(self, origin: str, line: int, cells: dict[str, str]) -> PlaceRecord:
        name = cells.get("name", "")
        if not name:
            raise _BadRow("the name column is empty")
        latitude, longitude = _coordinates(cells.get("latitude", ""), cells.get("longitude", ""))
        cc = self.countries.get(fold_name(cells.get("country", "")))
        if cc is None:
            raise _BadRow(
                f"unknown country {cells.get('country', '')!r} (use ISO2, ISO3 or a name)"
            )
        query = lambda sql, params: self.db.execute(sql, params).fetchall()  # noqa: E731
        admin1 = admin2 = ""
        if cells.get("admin1"):
            codes = admin_codes(query, cells["admin1"], level=1, cc=cc)
            if codes:
                admin1 = codes[0].split(".")[1]
            else:
                self.warn(
                    f"{origin}, line {line}: admin1 {cells['admin1']!r} unknown in {cc}; left empty"
                )
        if cells.get("admin2"):
            codes = admin_codes(query, cells["admin2"], level=2, cc=cc)
            codes = [c for c in codes if not admin1 or c.split(".")[1] == admin1]
            if codes:
                admin1, admin2 = codes[0].split(".")[1:]
            else:
                self.warn(
                    f"{origin}, line {line}: admin2 {cells['admin2']!r} unknown in {cc}; left empty"
                )
        alternates = [a.strip() for a in cells.get("alternate_names", "").split("|") if a.strip()]
        key = f"{fold_name(name)}|{cc}|{latitude:.4f}|{longitude:.4f}"
        pid = -int(hashlib.sha256(key.encode()).hexdigest()[:13], 16) - 1
        return PlaceRecord(
            pid,
            name,
            latitude,
            longitude,
            cells.get("feature", ""),
            cc,
            admin1,
            admin2,
            _int(cells.get("population") or "0", "population"),
            (name, *alternates),
        )


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _int(text: str, column: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise _BadRow(f"{column} {text!r} is not a whole number") from None


def _coordinates(lat: str, lon: str) -> tuple[float, float]:
    try:
        latitude, longitude = float(lat), float(lon)
    except ValueError:
        raise _BadRow(f"latitude/longitude {lat!r}, {lon!r} are not numbers") from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise _BadRow(f"latitude/longitude {lat}, {lon} are out of range")
    return latitude, longitude


def _texts(path: Path) -> Iterator[tuple[str, Iterator[str]]]:
    "The text files inside a path: itself, or the data members of a zip ('SY.zip!SY.txt')."
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [
                m
                for m in archive.namelist()
                if m.lower().endswith((".txt", ".csv", ".tsv"))
                and not Path(m).name.lower().startswith(("readme", "iso-languagecodes"))
            ]
            if not members:
                raise _BadRow("the zip holds no .txt or .csv file")
            for member in members:
                with archive.open(member) as raw:
                    text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                    yield f"{path}!{member}", iter(text)
    else:
        with open(path, encoding="utf-8", newline="") as handle:
            yield str(path), iter(handle)


def import_files(
    paths: Iterable[Path | str],
    *,
    home: Path | None = None,
    feature_classes: str = DEFAULT_CLASSES,
    on_warning: Callable[[str], None] = lambda message: None,
    say: Callable[[str], None] = _say,
) -> ImportReport:
    """Add the places and names in these files to the user's index, and keep them for rebuilds.

    Files: GeoNames `geoname` dumps (SY.zip, SY.txt, allCountries.zip; only the feature
    classes in `feature_classes`), alternateNames files (names are attached to places already
    in the index, so import them after their places), UCDP GED event CSVs, or a CSV with the header
    name,alternate_names,latitude,longitude,country,admin1,admin2. A bad row is reported
    through `on_warning` (file and line) and skipped; the import goes on.
    """
    home = home or index_home()
    expected = fingerprint()
    with _locked(home):
        if not _is_fresh(home, expected):
            _build(home, expected, say=say)
        store = _open_store(home)
        try:
            generation = _store_generation(home) + 1
            with _new_index(home, copy_of=home / INDEX_NAME) as db:
                job = _Import(db, store, generation, feature_classes, on_warning)
                for path in paths:
                    job.run(Path(path))
                _write_pointers(db)
                _write_meta(db, imports_generation=str(generation))
                store.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(generation),)
                )
                # The store commits first: if the rename never happens, the generations
                # disagree and the next load rebuilds the index from base layer + store.
                store.commit()
        except BaseException:
            store.rollback()
            raise
        finally:
            store.close()
    return job.report
