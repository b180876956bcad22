"""Geocoding table: one-sentence reports and the place where each event happened.

Each row of `tests/data/geocode_table.tsv` is a news-style report written for this table and
the event location it should get (shared/spec/events.md, "place"): the ISO alpha-3
country, the ACLED geo_precision (1 the town itself, 2 near a town or a part of a region,
3 only the province, placed at its capital) and coordinates with a tolerance in km. The
coordinates come from GeoNames cities5000 (`source` gives the geonameid); places missing
from it carry coordinates from known geography (`source` "known", to 0.05 degree), or from
the shipped village data (`source` "osm:node/..."), and Taftanaz those of the issue
("brief"). The expectations never follow Sitrep's output.

The rows cover:
- spelling variants: al-/el-/ad-/ash-/an-/ar-/as- articles, Kafr/Kfar/Kafar, Ma'arrat/Maarat/
  Marat, -iyah/-iya/-ieh/-eh, Deir/Dayr, Jabal/Jebel, q/k, ou/u, apostrophes and hyphens,
  Ukrainian and Russian names (Avdiivka/Avdeyevka, Bakhmut/Artemivsk/Artyomovsk, Kharkiv/
  Kharkov), renamed towns (Pokrovsk, Toretsk), Hodeidah/Hudaydah;
- names resolved by context: Avdiivka (Donetsk), Beni (North Kivu), Tripoli (Libya or
  Lebanon), Ariha (Idlib, not Jericho), Kostiantynivka and Artemivsk (Donetsk), a village
  given as "(Djugu, Ituri)";
- vague and relative places ("west of Aleppo", "the eastern countryside of Idlib", "near
  Taftanaz airport", "on the outskirts of X") -> precision 2 at the anchor; a province alone
  -> precision 3 at its capital (60 km); an unknown village with its district or province
  -> that anchor, never a same-named place in another country;
- the event's place, not every place named (a supply line from Idlib to Taftanaz; Sumy, not
  Belgorod; Kunduz, not Kabul; Wad Madani, not Khartoum; fighters' home town, a road's far
  end, a street or a prison are not the place; a town named after a bare province is);
- district names: a place disambiguated by its LGA in parentheses, an LGA at its seat;
- the village data and key rules: a UCDP village (Sarmada), an OSM settlement (Jakana),
  Quamishli, Ar-Raqqa, Tall Refaat, Russian forms of Ukrainian names (Elenovka,
  Novoluganskoye), City-District names (Aden-Kraytar; Taizz-Birarah at the city).

The geocoder is being rebuilt, so a case that fails today is marked xfail (strict=False)
with what Sitrep gives now (`XFAIL`, by id). When a case starts to pass it shows as XPASS:
take its entry out of `XFAIL`. Running this file as a script prints how many cases pass:

    .venv/bin/python tests/test_geocode_table.py
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from sitrep.evaluate import distance_km
from sitrep.extract import Kit, extract, load_kit
from sitrep.models import Article

TABLE = Path(__file__).resolve().parent / "data" / "geocode_table.tsv"
PUBLISHED = date(2024, 5, 1)


@dataclass(frozen=True, slots=True)
class Case:
    "One row of the table: a report and where its event happened."

    id: str
    country_code: str
    latitude: float
    longitude: float
    tolerance_km: float
    precision: tuple[int, ...]  # the accepted geo_precision values (usually one)
    source: str
    text: str


def read_table(path: Path = TABLE) -> list[Case]:
    with path.open(encoding="utf-8", newline="") as h:
        rows = csv.DictReader(h, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Case(
                id=row["id"],
                country_code=row["country_code"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                tolerance_km=float(row["tolerance_km"]),
                precision=tuple(int(p) for p in row["geo_precision"].split("|")),
                source=row["source"],
                text=row["text"],
            )
            for row in rows
        ]


CASES = read_table()

#: Cases that fail today, by id, with what Sitrep gives now. Remove an entry when it passes.
XFAIL: dict[str, str] = {
    "SYR-al-mayadeen": "now 'Deir': precision 2, 45 km off at (35.34, 40.14)",
    "SYR-kafar-zeita": "now no location",
    "SYR-jabal-al-zawiya": "now 'Jabal al-Zawiya': 26 km off at (35.93, 36.63)",
    "SYR-jebel-zawiya": "now 'Jebel Zawiya': 26 km off at (35.93, 36.63)",
    "SYR-village-paren-jisr-idlib": "now 'Bdama': precision 3, 31 km off at (35.93, 36.63)",
    "UKR-artyomovsk-russian": "now 'Artyomovsk': country RUS, no coordinates",
    "UKR-pokrovsk-renamed": "now 'Pokrovsk': country RUS, 731 km off at (51.48, 46.11)",
    "UKR-sumy-not-belgorod": 'now "Russia\'s Belgorod": precision 3',
    "YEM-hodeidah": "now no location",
    "NGA-monguno-not-abuja": "now 'Abuja': 779 km off at (9.06, 7.50)",
    "SOM-bulo-burde": "now 'Bulo Burde': country ETH, no coordinates",
    "MLI-near-ansongo-not-gao": "now 'Gao': precision 1, 89 km off at (16.27, -0.04)",
    "AFG-kunduz-not-kabul": "now 'Kabul': 246 km off at (34.53, 69.17)",
    "MMR-laukkaing": "now 'Laukkaing': no coordinates",
    "PSE-jabalia": "now no location",
    "PSE-near-qalqilya": "now 'Qalqilya': country ISR, no coordinates",
    "LBN-tripoli-lebanon": "now 'Tripoli': country LBY, 2100 km off at (32.88, 13.19)",
    "LBN-khiam": "now no location",
    "ETH-shire-inda-selassie": 'now "Ethiopia\'s Tigray": precision 3, no coordinates',
}


def mismatch(case: Case, kit: Kit) -> str | None:
    "What is wrong with the first event's location, or None when it is right."
    article = Article(id="t", text=case.text, published=PUBLISHED)
    events = extract(article, kit=kit)
    if not events:
        return "no event"
    loc = events[0].location
    if loc is None:
        return "no location"
    out: list[str] = []
    if loc.country_code != case.country_code:
        out.append(f"country {loc.country_code}")
    if loc.geo_precision not in case.precision:
        out.append(f"precision {loc.geo_precision}")
    if loc.latitude is None or loc.longitude is None:
        out.append("no coordinates")
    else:
        km = distance_km(loc.latitude, loc.longitude, case.latitude, case.longitude)
        if km > case.tolerance_km:
            out.append(f"{km:.0f} km off at ({loc.latitude:.2f}, {loc.longitude:.2f})")
    return f"{loc.name!r}: {', '.join(out)}" if out else None


def _param(case: Case):  # type: ignore[no-untyped-def]
    reason = XFAIL.get(case.id)
    marks = [pytest.mark.xfail(strict=False, reason=reason)] if reason else []
    return pytest.param(case, id=case.id, marks=marks)


def test_table_is_well_formed() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert len(CASES) >= 90
    assert len({c.country_code for c in CASES}) >= 14
    assert set(XFAIL) <= set(ids), f"XFAIL names unknown cases: {set(XFAIL) - set(ids)}"
    for c in CASES:
        assert set(c.precision) <= {1, 2, 3}, c.id
        assert -90 <= c.latitude <= 90 and -180 <= c.longitude <= 180, c.id
        assert c.tolerance_km <= 60, c.id
        assert c.tolerance_km == 60 or 3 not in c.precision, c.id


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_event_location(case: Case, kit: Kit) -> None:
    found = mismatch(case, kit)
    assert found is None, found


if __name__ == "__main__":
    kit_ = load_kit()
    failing: dict[str, str] = {}
    for case in CASES:
        found = mismatch(case, kit_)
        known = " [xfail]" if case.id in XFAIL else ""
        print(f"ok   {case.id}{known}" if found is None else f"FAIL {case.id}{known}: {found}")
        if found is not None:
            failing[case.id] = found
    passed = len(CASES) - len(failing)
    countries = sorted({c.country_code for c in CASES})
    print(f"\n{passed}/{len(CASES)} cases pass, {len(countries)} countries")
    for cc in countries:
        ids = [c.id for c in CASES if c.country_code == cc]
        print(f"  {cc}: {sum(i not in failing for i in ids)}/{len(ids)}")
    fixed = sorted(set(XFAIL) - set(failing))
    broken = sorted(set(failing) - set(XFAIL))
    if fixed:
        print(f"now passing, take out of XFAIL: {', '.join(fixed)}")
    if broken:
        print(f"failing but not in XFAIL: {', '.join(broken)}")
