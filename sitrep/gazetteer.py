"""The packaged GeoNames gazetteer (offline): places, admin1/admin2 names, countries.

Data: a compact copy derived from GeoNames exports (cities5000 and the admin code files),
shipped in `sitrep/data/` under CC BY 4.0 — attribution "GeoNames, geonames.org". It covers
places with population over 5,000 and admin seats; villages need `sitrep gazetteer import`
(a later issue).

`Gazetteer.lookup` resolves a name within a country (population and admin rank break
ties); `Gazetteer.countries_in` finds the countries a text points at through its admin1
and major place names, for articles that never name their country.
"""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sitrep.lexicons import PhraseIndex, countries, fold, read_tsv

ATTRIBUTION = "GeoNames, geonames.org (CC BY 4.0)"
#: Capitalised words that are also town names somewhere but mostly mean something else.
_NOT_POINTERS = {
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
_RANK = {"PPLC": 5, "PPLA": 4, "PPLA2": 3, "PPLA3": 2, "PPLA4": 1}


@dataclass(frozen=True, slots=True)
class GeoName:
    "One gazetteer place."

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
    def rank(self) -> tuple[int, int]:
        return (_RANK.get(self.feature, 0), self.population)


@dataclass(frozen=True, slots=True)
class Admin1:
    "A first-level division: 'Idlib' in SY."

    cc: str
    code: str
    name: str


class Gazetteer:
    "Places and admin names from the packaged GeoNames copy, indexed by folded name."

    def __init__(self) -> None:
        self.by_name: dict[str, list[GeoName]] = defaultdict(list)
        self.admin1: dict[str, Admin1] = {}
        self.admin2: dict[str, str] = {}
        self.admin1_by_name: dict[str, list[Admin1]] = defaultdict(list)
        self.iso2_to_iso3 = {c.iso2: c.iso3 for c in countries().values()}
        data = resources.files("sitrep").joinpath("data")
        with gzip.open(
            data.joinpath("geonames_admin.tsv.gz").open("rb"), "rt", encoding="utf-8"
        ) as h:
            next(h)
            for line in h:
                code, name, ascii_name, *_ = line.rstrip("\n").split("\t")
                if code.count(".") == 1:
                    cc, _, sub = code.partition(".")
                    entry = Admin1(cc, sub, name)
                    self.admin1[code] = entry
                    for variant in {name, ascii_name}:
                        self.admin1_by_name[fold(variant)].append(entry)
                else:
                    self.admin2[code] = name
        # ACLED's admin1 spellings ("Idleb", "Dar'a") and news variants, reviewed package data.
        self.acled_admin1: dict[str, str] = {}
        for row in read_tsv("admin1.tsv"):
            key = f"{row['cc']}.{row['code']}"
            self.acled_admin1[key] = row["acled"]
            entry = self.admin1.get(key)
            if entry is None:
                continue
            for variant in (row["acled"], *row["variants"].split("|")):
                if variant.strip() and entry not in self.admin1_by_name[fold(variant)]:
                    self.admin1_by_name[fold(variant)].append(entry)
        with gzip.open(
            data.joinpath("geonames_places.tsv.gz").open("rb"), "rt", encoding="utf-8"
        ) as h:
            reader = csv.reader(h, delimiter="\t", quoting=csv.QUOTE_NONE)
            next(reader)
            for row in reader:
                place = GeoName(
                    row[0],
                    row[1],
                    float(row[4]),
                    float(row[5]),
                    row[6],
                    row[7],
                    row[8],
                    row[9],
                    int(row[10] or 0),
                )
                names = {row[1], row[2], *(a for a in row[3].split("|") if a)}
                for key in {fold(n) for n in names if n}:
                    self.by_name[key].append(place)

    def lookup(self, name: str, *, country: str | None = None) -> GeoName | None:
        "The best place of that name, in `country` (ISO alpha-3) when given."
        candidates = self.by_name.get(fold(name), [])
        if country:
            iso2 = next((k for k, v in self.iso2_to_iso3.items() if v == country), None)
            candidates = [c for c in candidates if c.cc == iso2]
        return max(candidates, key=lambda c: c.rank, default=None)

    def admin1_name(self, place: GeoName) -> str | None:
        "The place's admin1 as ACLED spells it where known, else as GeoNames does."
        key = f"{place.cc}.{place.admin1_code}"
        if key in self.acled_admin1:
            return self.acled_admin1[key]
        entry = self.admin1.get(key)
        return entry.name if entry else None

    def canonical_admin1(self, name: str, *, country: str | None) -> str | None:
        "An admin1 named in the text ('Idlib province', 'Dar'a') in ACLED's spelling."
        iso2 = next((k for k, v in self.iso2_to_iso3.items() if v == country), None)
        for entry in self.admin1_by_name.get(fold(name), []):
            if iso2 is None or entry.cc == iso2:
                return self.acled_admin1.get(f"{entry.cc}.{entry.code}", entry.name)
        return None

    def admin2_name(self, place: GeoName) -> str | None:
        return self.admin2.get(f"{place.cc}.{place.admin1_code}.{place.admin2_code}")

    def country_of(self, place: GeoName) -> str | None:
        return self.iso2_to_iso3.get(place.cc)

    @property
    def pointers(self) -> PhraseIndex[str]:
        return _pointers(self)


@cache
def _pointers(gazetteer: Gazetteer) -> PhraseIndex[str]:
    "Names that point at one country: admin1 names and sizeable towns unique to a country."
    phrases: list[tuple[str, str]] = []
    for key, entries in gazetteer.admin1_by_name.items():
        ccs = {e.cc for e in entries}
        if len(ccs) == 1 and len(key) > 3 and key not in _NOT_POINTERS:
            iso3 = gazetteer.iso2_to_iso3.get(next(iter(ccs)))
            if iso3:
                phrases.append((key, iso3))
    for key, places in gazetteer.by_name.items():
        big = [p for p in places if p.population >= 100000 or p.feature in {"PPLC", "PPLA"}]
        ccs = {p.cc for p in big}
        if len(ccs) == 1 and len(key) > 3 and key not in _NOT_POINTERS:
            iso3 = gazetteer.iso2_to_iso3.get(next(iter(ccs)))
            if iso3:
                phrases.append((key, iso3))
    return PhraseIndex(phrases)


@cache
def load_gazetteer() -> Gazetteer:
    "The packaged gazetteer, loaded once per process."
    return Gazetteer()
