"""Build Sitrep's packaged gazetteer data from the shared source files (run by maintainers).

Input: ../shared/gazetteer (GeoNames cities5000.zip, admin1CodesASCII.txt, admin2Codes.txt,
countryInfo.txt, postal/UA.txt) and ../shared/gazetteer/extra (UCDP GED Syria .rda, the OSM
Nigeria settlements CSV). Output, shipped as package data:

  GeoNames, CC BY 4.0, attribution "GeoNames, geonames.org":
  sitrep/data/geonames_places.tsv.gz     one row per place: id, name, ascii name, Latin-script
                                         alternate names, lat, lon, feature code, country,
                                         admin1 code, admin2 code, population
  sitrep/data/geonames_admin.tsv.gz      admin1 and admin2 names by code
  sitrep/data/geonames_countries.tsv.gz  ISO alpha-2, alpha-3 and name of every country
  sitrep/data/geonames_postal_ua.tsv.gz  Ukrainian settlements from the GeoNames postal export,
                                         one row per settlement (not per postal code), names in
                                         Cyrillic: the index build romanises them
                                         (`sitrep.transliterate`)
  UCDP GED, CC BY 4.0, attribution "UCDP Georeferenced Event Dataset (Sundberg and Melander
  2013)":
  sitrep/data/ucdp_syria.tsv.gz          distinct places of UCDP GED Syria events located to the
                                         place itself or within 25 km (where_prec <= 2)
  OpenStreetMap, ODbL 1.0, "© OpenStreetMap contributors" (a separate database under its own
  licence; see sitrep/data/LICENSE-ODbL.txt):
  sitrep/data/osm_nigeria.tsv.gz         Nigerian settlements (type=settlement) with their OSM ids

The three village-level files share one layout: id, name, alternates (|-separated), lat,
lon, country (ISO2), admin1, admin2. Their admin codes are GeoNames codes, taken from the
nearest GeoNames place of the same country, so a village sorts into the same provinces as
the towns around it. A postal settlement is dropped when its point lies among another
oblast's towns, or when same-named settlements of different districts share its point: the
postal export sometimes gives a village the point of a namesake.

The admin step reads a built gazetteer index (run `sitrep gazetteer build` first, with
SITREP_HOME pointing at a scratch folder). pyreadr reads the .rda (build time only:
`pip install pyreadr`). The gzip headers carry no timestamp, so a rebuild from the same input
gives the same bytes (and the same index fingerprint).
Usage: python scripts/build_gazetteer_data.py ../shared/gazetteer
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import re
import sqlite3
import statistics
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "sitrep" / "data"
#: Ids above this are the index's own encoding of other sources' places, not GeoNames ids.
GEONAMES_IDS = (1 << 40) - 1
#: How far a postal settlement may lie from the nearest town of its own oblast.
BORDER_KM = 15.0
EXTRA_HEADER = "id\tname\talternates\tlat\tlon\tcc\tadmin1\tadmin2\n"


def latin(name: str) -> bool:
    return all(ord(c) < 0x250 or c in "’ʿʾ‘" for c in name)


def write_gz(name: str, text: str) -> None:
    with (
        open(OUT / name, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as out,
    ):
        out.write(text.encode("utf-8"))


def clean(text: str) -> str:
    "No tabs, pipes or newlines inside a TSV cell."
    return " ".join(text.replace("|", " ").split())


class Nearest:
    "The nearest GeoNames place of a country, on a 0.5-degree grid over a built index."

    CELL = 0.5

    def __init__(self, index: Path) -> None:
        db = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
        self.grid: dict[tuple[str, int, int], list[tuple[float, float, str, str]]] = defaultdict(
            list
        )
        for lat, lon, cc, admin1, admin2 in db.execute(
            "SELECT latitude, longitude, cc, admin1, admin2 FROM place WHERE id BETWEEN 1 AND ?1 "
            "AND admin1 NOT IN ('', '00')",
            (GEONAMES_IDS,),
        ):
            self.grid[(cc, *self._cell(lat, lon))].append((lat, lon, admin1, admin2))
        db.close()

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / self.CELL), math.floor(lon / self.CELL)

    def __call__(
        self, cc: str, lat: float, lon: float, *, admin1: str | None = None
    ) -> tuple[str, str, float] | None:
        """(admin1, admin2, km) of the nearest place (in `admin1` when given), looking up to
        ~1.5 degrees away."""
        y, x = self._cell(lat, lon)
        best: tuple[float, str, str] | None = None
        for ring in range(4):
            for dy in range(-ring, ring + 1):
                for dx in range(-ring, ring + 1):
                    if max(abs(dy), abs(dx)) != ring:
                        continue
                    for plat, plon, code1, code2 in self.grid.get((cc, y + dy, x + dx), ()):
                        if admin1 is not None and code1 != admin1:
                            continue
                        d = _km(lat, lon, plat, plon)
                        if best is None or d < best[0]:
                            best = (d, code1, code2)
            if best is not None and best[0] < ring * self.CELL * 111 * math.cos(math.radians(lat)):
                break
        return None if best is None else (best[1], best[2], best[0])


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def geonames(src: Path) -> None:
    with zipfile.ZipFile(src / "cities5000.zip") as z:
        raw = z.read("cities5000.txt").decode("utf-8")
    rows = []
    for line in io.StringIO(raw):
        f = line.rstrip("\n").split("\t")
        if len(f) != 19:
            continue
        alts = sorted({a for a in f[3].split(",") if a and latin(a) and a not in (f[1], f[2])})
        rows.append(
            "\t".join(
                [f[0], f[1], f[2], "|".join(alts), f[4], f[5], f[7], f[8], f[10], f[11], f[14]]
            )
        )
    write_gz(
        "geonames_places.tsv.gz",
        "id\tname\tascii\talternates\tlat\tlon\tfeature\tcc\tadmin1\tadmin2\tpopulation\n"
        + "\n".join(rows)
        + "\n",
    )
    admin = ["code\tname\tascii\tid\n"]
    for name in ("admin1CodesASCII.txt", "admin2Codes.txt"):
        for line in (src / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                admin.append(line.rstrip("\n") + "\n")
    write_gz("geonames_admin.tsv.gz", "".join(admin))
    countries = ["iso2\tiso3\tname\n"]
    for line in (src / "countryInfo.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        f = line.split("\t")
        countries.append(f"{f[0]}\t{f[1]}\t{f[4]}\n")
    write_gz("geonames_countries.tsv.gz", "".join(countries))
    print(f"GeoNames: {len(rows)} places and {len(countries) - 1} countries")


def ukraine_postal(src: Path, nearest: Nearest) -> None:
    """One row per settlement: the postal export lists a town once per postal code."""
    groups: dict[tuple[str, str, str], list[list[str]]] = defaultdict(list)
    for line in (src / "postal" / "UA.txt").read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if len(f) != 12 or not f[9] or not f[10]:
            continue
        # "Оленівка (Оленівська с-р)": the parenthesis names the village council.
        name = clean(re.sub(r"\s*\(.*?\)\s*", " ", f[2]))
        if name:
            groups[(name, f[4], f[5])].append(f)
    # Which GeoNames admin1 each postal region is: the one most of its settlements lie in.
    placed = {
        key: (
            statistics.median(float(r[9]) for r in rows),
            statistics.median(float(r[10]) for r in rows),
        )
        for key, rows in groups.items()
    }
    found = {key: nearest("UA", *point) for key, point in placed.items()}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for (_, region, _), hit in found.items():
        if hit is not None:
            votes[region][hit[0]] += 1
    region_admin1 = {region: counts.most_common(1)[0][0] for region, counts in votes.items()}
    # One point given to several same-named settlements in different districts is a guess
    # (the export copies the point of a namesake): none of them is placed.
    sharing = Counter((key[0], round(lat, 3), round(lon, 3)) for key, (lat, lon) in placed.items())
    rows, dropped = [], 0
    for key in sorted(groups):
        if sharing[(key[0], round(placed[key][0], 3), round(placed[key][1], 3))] > 1:
            dropped += 1
            continue
        hit, own = found[key], region_admin1.get(key[1])
        if hit is not None and own is not None and hit[0] != own:
            # Near a border the nearest town may lie across it: keep a village that is
            # still close to a town of its own oblast.
            inside = nearest("UA", *placed[key], admin1=own)
            hit = inside if inside is not None and inside[2] <= BORDER_KM else None
        if hit is None:
            dropped += 1
            continue
        code = min(r[1] for r in groups[key])
        lat, lon = placed[key]
        rows.append(f"{code}\t{key[0]}\t\t{lat:.5f}\t{lon:.5f}\tUA\t{hit[0]}\t{hit[1]}\n")
    write_gz("geonames_postal_ua.tsv.gz", EXTRA_HEADER + "".join(rows))
    print(f"GeoNames postal UA: {len(rows)} settlements ({dropped} with doubtful points dropped)")


def ucdp_syria(extra: Path, nearest: Nearest) -> None:
    import pyreadr  # build time only

    frame = next(iter(pyreadr.read_r(str(extra / "ucdp_syria_df.rda")).values()))
    from sitrep.gazetteer_files import UCDP_MAX_PREC, ucdp_place_names

    frame = frame[frame["where_prec"] <= UCDP_MAX_PREC]
    places: dict[tuple[str, float, float], set[str]] = {}
    for where, lat, lon in zip(
        frame["where_coordinates"], frame["latitude"], frame["longitude"], strict=True
    ):
        names = ucdp_place_names(str(where))
        if not names:
            continue
        key = (names[0], round(float(lat), 4), round(float(lon), 4))
        places.setdefault(key, set()).update(names[1:])
    rows = []
    for number, ((name, lat, lon), alternates) in enumerate(sorted(places.items()), start=1):
        hit = nearest("SY", lat, lon)
        admin1, admin2 = (hit[0], hit[1]) if hit else ("", "")
        alts = "|".join(sorted(alternates - {name}))
        rows.append(f"{number}\t{name}\t{alts}\t{lat}\t{lon}\tSY\t{admin1}\t{admin2}\n")
    write_gz("ucdp_syria.tsv.gz", EXTRA_HEADER + "".join(rows))
    print(f"UCDP GED Syria: {len(rows)} places")


def osm_nigeria(extra: Path, nearest: Nearest) -> None:
    rows = []
    with open(extra / "nigeria_v0.2.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["type"] != "settlement" or not row["source"].startswith("osm:"):
                continue
            name = clean(row["canonical_name"])
            lat, lon = float(row["lat"]), float(row["lng"])
            if not name:
                continue
            aliases = {clean(a) for a in row["aliases"].split(";")} - {"", name, name.lower()}
            hit = nearest("NG", lat, lon)
            admin1, admin2 = (hit[0], hit[1]) if hit else ("", "")
            osm_id = row["source"].removeprefix("osm:")
            rows.append(
                f"{osm_id}\t{name}\t{'|'.join(sorted(aliases))}\t{lat}\t{lon}\tNG\t"
                f"{admin1}\t{admin2}\n"
            )
    write_gz("osm_nigeria.tsv.gz", EXTRA_HEADER + "".join(sorted(rows)))
    print(f"OSM Nigeria: {len(rows)} settlements")


def main(src: Path) -> None:
    OUT.mkdir(exist_ok=True)
    geonames(src)
    from sitrep.gazetteer import index_home

    nearest = Nearest(index_home() / "gazetteer.sqlite")
    ukraine_postal(src, nearest)
    ucdp_syria(src / "extra", nearest)
    osm_nigeria(src / "extra", nearest)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/gazetteer"))
