"""Build Sitrep's compact GeoNames copy from the GeoNames export files (run by maintainers).

Input: the GeoNames files in ../shared/gazetteer (cities5000.zip, admin1CodesASCII.txt,
admin2Codes.txt, countryInfo.txt). Output, shipped as package data (CC BY 4.0, attribution
"GeoNames, geonames.org"):
  sitrep/data/geonames_places.tsv.gz   one row per place: id, name, ascii name, Latin-script
                                       alternate names, lat, lon, feature code, country,
                                       admin1 code, admin2 code, population
  sitrep/data/geonames_admin.tsv.gz    admin1 and admin2 names by code
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
    with gzip.open(OUT / "geonames_places.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as out:
        out.write(
            "id\tname\tascii\talternates\tlat\tlon\tfeature\tcc\tadmin1\tadmin2\tpopulation\n"
        )
        out.write("\n".join(rows) + "\n")
    with gzip.open(OUT / "geonames_admin.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("code\tname\tascii\tid\n")
        for name in ("admin1CodesASCII.txt", "admin2Codes.txt"):
            for line in (src / name).read_text(encoding="utf-8").splitlines():
                if line.strip():
                    out.write(line.rstrip("\n") + "\n")
    print(f"{len(rows)} places written to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/gazetteer"))
