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
- district names: a place disambiguated by its LGA in parentheses, an LGA at its seat (the
  town it is named for when GeoNames marks no seat), an LGA in a coding note after a road;
- a village named without its qualifier (Baghuz for Baghuz Fawqani), a suburb of a town, a
  governor's office for its province;
- the village data and key rules: a UCDP village (Sarmada), an OSM settlement (Jakana),
  Quamishli, Ar-Raqqa, Tall Refaat, Russian forms of Ukrainian names (Elenovka,
  Novoluganskoye), City-District names (Aden-Kraytar; Taizz-Birarah at the city).

A case that fails today is marked xfail (strict=True) with its cause (`XFAIL`, by id): the
step that goes wrong (the gazetteer lacks the name, the article's country, the mention
chosen, the mention found) and, briefly, what Sitrep gives now. Strict means a case that
starts to pass shows as XPASS and fails the run, so its entry must come out of `XFAIL`:
the dict names exactly the failing cases. Running this file as a script prints how many
cases pass, and which entries of `XFAIL` are out of date:

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

#: Cases that fail today, by id: why, then what Sitrep gives now. Strict: a case that passes
#: fails as XPASS until its entry is removed.
XFAIL: dict[str, str] = {
    # find_places misses or misreads the event's place.
    "SYR-al-mayadeen": (
        "the sources lexicon holds 'al-Mayadeen' as the outlet Al Mayadeen, so find_places skips "
        "that span as a source and only 'Deir ez-Zor province' is left (the gazetteer has Al "
        "Mayadin, geonames:173480): now the province seat, precision 3, 45 km off"
    ),
    "PSE-jabalia": (
        "find_places drops 'raided the Jabalia refugee camp': a name after a verb and before a "
        "lowercase noun is read as a description ('hit Islamist positions') and 'refugee camp' "
        "is no building word; only 'Gaza' is left, a country name: now 'Palestine', precision "
        "3, no coordinates (the gazetteer has Jabalia, geonames:281129)"
    ),
    "YEM-hodeidah": (
        "find_places reads 'port' after the name as a facility near the town ('near Taftanaz "
        "airport') and sets precision 2, but Hodeidah's port is in the city: now the right "
        "coordinates at precision 2"
    ),
    # The article's country is resolved wrong, and the name is looked up there.
    "UKR-artyomovsk-russian": (
        "the article's country is Russia (two 'Russian' demonyms outvote one 'Ukrainian') and "
        "the gazetteer has an Artemovsk in Krasnoyarsk Krai (pop. 2,179, above the 1,000 that "
        "lets a larger town elsewhere win), so Bakhmut's alias Artyomovsk in Ukraine is never "
        "tried: now Artemovsk, RUS, 3790 km off"
    ),
    # The gazetteer lacks the place or this spelling of it.
    "SYR-kafar-zeita": (
        "the gazetteer has Kafr Zayta (geonames:168620) as Kafr Zaita, Kafer Zita, not Zeita "
        "(ei/ai is no variant_key rule), so the lookup fails and _resolve takes the next place "
        "named with it, 'northern Hama', before the fuzzy match that would find it: now Hama "
        "city, precision 2, 30 km off"
    ),
    "SYR-jabal-al-zawiya": (
        "the gazetteer holds populated places only and has no entry for the Jabal al-Zawiya "
        "hill region, so _resolve takes the next place named with it, 'southern Idlib': now "
        "Idlib city, 26 km from the region's centre"
    ),
    "SYR-jebel-zawiya": (
        "the gazetteer holds populated places only and has no entry for the Jabal al-Zawiya "
        "hill region, so _resolve falls back to the seat of the named province (Idlib): now "
        "Idlib city, 26 km from the region's centre"
    ),
    "MMR-laukkaing": (
        "the gazetteer has the town only as Laukkai (geonames:13494766), and the fuzzy match "
        "scores 0.86 < 0.88, so _resolve falls back to the seat of the named Shan State: "
        "GeoNames has one Shan State (MM.11), whose seat Taunggyi lies in the south, though "
        "the text says northern Shan: now Taunggyi, precision 2, 368 km off"
    ),
    "LBN-khiam": (
        "the gazetteer has no entry for Khiam under any spelling (52 Lebanese places; the "
        "cities500 base lacks it) and the text names no province to fall back to: now no "
        "coordinates"
    ),
    "ETH-shire-inda-selassie": (
        "the gazetteer has Shire only as 'Shire Inda Silase', a name of Inda Selassie "
        "(geonames:334227), not as 'Shire'; the fuzzy match finds Sire in Oromia, outside "
        "Tigray, so _resolve falls back to Tigray's seat: now Mek'ele, precision 2, 145 km off"
    ),
    # The expectation and the gazetteer disagree.
    "SYR-village-paren-jisr-idlib": (
        "the row expects the district anchor (Jisr al-Shughur, precision 2) as for a village "
        "the gazetteer lacks, but its cities500 layer has Bdama (geonames:171494), 11 km from "
        "Jisr al-Shughur, and _resolve returns it (the district itself is not found: Syrian "
        "places carry no admin2 code): now Bdama, precision 1, within tolerance"
    ),
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
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
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
