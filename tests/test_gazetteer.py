"""The gazetteer: the SQLite index, its lookups and variant keys, and `sitrep gazetteer import`.

The index is built once for this module into a temporary SITREP_HOME (about 20 s). Tests that
import or rebuild work on a copy of it (`home`), so they never disturb the shared one.
"""

from __future__ import annotations

import difflib
import pickle
import shutil
import zipfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import sitrep.gazetteer_index as gi
from sitrep.gazetteer import (
    Gazetteer,
    GeoName,
    _may_match,
    compound_parts,
    fold_name,
    variant_key,
)
from sitrep.gazetteer_commands import register
from sitrep.gazetteer_files import ImportReport, import_files
from sitrep.gazetteer_index import INDEX_NAME, ensure_index
from sitrep.lexicons import fold, read_tsv
from sitrep.transliterate import (
    russian_latin_variants,
    ukrainian_latin,
    ukrainian_latin_variants,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    "A SITREP_HOME holding a freshly built base index, shared by the module."
    home = tmp_path_factory.mktemp("sitrep_home")
    messages: list[str] = []
    ensure_index(home, say=messages.append)
    assert any("building" in m for m in messages)
    return home


@pytest.fixture(scope="module")
def gaz(built: Path) -> Gazetteer:
    return Gazetteer(built / INDEX_NAME)


@pytest.fixture
def home(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    "A SITREP_HOME of its own, holding a copy of the built index (so nothing is rebuilt)."
    own = tmp_path / "home"
    own.mkdir()
    shutil.copy2(built / INDEX_NAME, own / INDEX_NAME)
    monkeypatch.setenv("SITREP_HOME", str(own))
    return own


def _import(home: Path, *paths: Path) -> tuple[ImportReport, list[str]]:
    warnings: list[str] = []
    report = import_files(paths, home=home, on_warning=warnings.append, say=lambda m: None)
    return report, warnings


# --- lookups ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, country, geonameid",
    [
        ("Aleppo", "SYR", "170063"),
        ("Idlib", "SYR", "169389"),
        ("Avdiivka", "UKR", "713122"),  # the Donetsk town, not the Chernihiv villages
        ("Avdeyevka", "UKR", "713122"),
        ("Marib", "YEM", "72968"),
        ("Hodeidah", "YEM", "79415"),  # Al Ḩudaydah, through its alternates El-Hodeidah/Hodeida
        ("El Fasher", "SDN", "379555"),
        ("Kafr Nabl", "SYR", "168661"),  # Kafranbel, through its alternate names
        ("Maarat al-Numan", "SYR", "167611"),  # Ma‘arrat an Nu‘mān, through the variant key
        ("Deir ez-Zor", "SYR", "170794"),
        ("Dayr az Zawr", "SYR", "170794"),
        ("Bakhmut", "UKR", "713174"),
        ("Artemivsk", "UKR", "713174"),  # Bakhmut, not Kypuche (also once Artemivsk)
        ("Krasnoarmiysk", "UKR", "704422"),  # Pokrovsk
        ("Kharkov", "UKR", "706483"),
        ("Ariha", "SYR", "172994"),  # in Idlib; Jericho's Arabic name elsewhere
    ],
)
def test_lookup(gaz: Gazetteer, name: str, country: str, geonameid: str) -> None:
    place = gaz.lookup(name, country=country)
    assert place is not None and place.id == geonameid


def test_lookup_stays_in_the_country(gaz: Gazetteer) -> None:
    assert gaz.lookup("Aleppo", country="UKR") is None
    assert gaz.lookup("Aleppo", country="XXX") is None
    assert gaz.lookup("Sarmada", country="UKR") is None  # a Syrian village only


def test_villages_from_the_packaged_sources(gaz: Gazetteer) -> None:
    # Sarmada (Idlib) is in UCDP GED, not in cities500; known geography: 36.19 N, 36.72 E.
    sarmada = gaz.lookup("Sarmada", country="SYR")
    assert sarmada is not None and sarmada.id.startswith("ucdp:syria/")
    assert abs(sarmada.latitude - 36.19) < 0.05 and abs(sarmada.longitude - 36.72) < 0.05
    assert gaz.admin1_name(sarmada) == "Idleb"
    assert gaz.place(sarmada.gazetteer_id) == sarmada  # the id round-trips
    # A Ukrainian village known only in Cyrillic (postal export) answers to its KMU name.
    village = gaz.lookup("Remchytsi", country="UKR")  # Ремчиці, Rivne oblast
    assert village is not None and village.id == "geonames-postal:UA/34520"
    assert gaz.lookup("Ремчиці", country="UKR") == village and gaz.admin1_name(village) == "Rivne"
    # A Nigerian settlement from OpenStreetMap carries its OSM id.
    auno = gaz.lookup("Auno", country="NGA")
    assert auno is not None and auno.gazetteer_id.startswith(("geonames:", "osm:node/"))
    assert gaz.place("osm:node/1") is None and gaz.place("no such id") is None


def test_russian_forms_of_ukrainian_names(gaz: Gazetteer) -> None:
    # Olenivka (Donetsk), GeoNames 698614: the Russian form by rule, in either spelling.
    for name in ("Olenivka", "Elenovka", "Olenovka", "Оленівка"):
        found = gaz.lookup(name, country="UKR")
        assert found is not None and gaz.admin1_name(found) == "Donetsk", name
    assert {p.id for p in gaz.candidates(["elenovka"]).get("elenovka", [])} >= {"698614"}
    horlivka = gaz.lookup("Gorlovka", country="UKR")
    assert horlivka is not None and horlivka.id == "707753"  # Horlivka


def test_city_district_names_resolve_through_either_part(gaz: Gazetteer) -> None:
    crater = gaz.lookup("Aden-Kraytar", country="YEM")  # Kraytar = Crater, a district of Aden
    assert crater is not None and crater.id == "73656"
    taiz = gaz.lookup("Taizz-Birarah", country="YEM")  # an unknown district: the city
    assert taiz is not None and taiz.id == "70225"
    assert gaz.lookup("Al-Nowhereville", country="SYR") is None  # an article is not a city


def test_fuzzy_stays_in_the_established_country(gaz: Gazetteer) -> None:
    qamishli = gaz.fuzzy("Qamishlie", country="SYR", cutoff=0.88)
    assert qamishli is not None and qamishli.id == "173377"
    assert gaz.fuzzy("Qamishlie", country="IRQ", cutoff=0.88) is None
    assert gaz.fuzzy("Idli", country="SYR") is None  # too short to guess at


@given(
    key=st.text(alphabet="abdhiklmnorstu '", min_size=5, max_size=9),
    cutoff=st.sampled_from([0.6, 0.85, 0.88]),
)
def test_fuzzy_prefilter_never_drops_a_match_difflib_would_make(key: str, cutoff: float) -> None:
    "`_may_match` only removes keys difflib would reject: the best match is the same."
    keys = ["sarakib", "saraqib", "maarat numan", "kafr nubl", "idlib", "ariha", "khan shaykhun"]
    keys += [k[::-1] for k in keys] + [k.replace("a", "i") for k in keys]
    kept = _may_match(key, keys, cutoff)
    assert set(difflib.get_close_matches(key, keys, n=9, cutoff=cutoff)) <= set(kept)
    assert difflib.get_close_matches(key, kept, n=1, cutoff=cutoff) == difflib.get_close_matches(
        key, keys, n=1, cutoff=cutoff
    )


def test_rank_prefers_seats_then_population() -> None:
    def place(feature: str, population: int) -> GeoName:
        return GeoName("1", "x", 0.0, 0.0, feature, "SY", "01", "", population)

    assert place("PPLC", 0).rank > place("PPLA", 10**6).rank > place("PPLA4", 10**7).rank
    assert place("PPLA4", 0).rank > place("PPL", 10**6).rank > place("", 10).rank
    assert place("", 0).rank > place("MT", 10**6).rank  # a mountain loses to any town
    # Between equals: the user's import, then GeoNames, then a packaged village.
    village = GeoName("ucdp:syria/1", "x", 0.0, 0.0, "", "SY", "01", "", 0)
    imported = GeoName("local:1f", "x", 0.0, 0.0, "", "SY", "01", "", 0)
    assert imported.rank > place("", 0).rank > village.rank


def test_place_fields_and_admin_names(gaz: Gazetteer) -> None:
    kafranbel = gaz.lookup("Kafranbel", country="SYR")
    assert kafranbel is not None
    assert (kafranbel.feature, kafranbel.cc, kafranbel.admin1_code) == ("PPLA3", "SY", "12")
    assert kafranbel.gazetteer_id == "geonames:168661"
    assert gaz.country_of(kafranbel) == "SYR"
    assert gaz.admin1_name(kafranbel) == "Idleb"  # ACLED's spelling (lexicons/admin1.tsv)
    assert gaz.admin2_name(kafranbel) == "Maarrat al-Nu'man District"
    assert gaz.iso2_to_iso3["SY"] == "SYR"


@pytest.mark.parametrize(
    "name, country, acled",
    [
        ("Latakia", "SYR", "Lattakia"),
        ("Deir ez-Zor", "SYR", "Deir-ez-Zor"),
        ("Hodeidah", "YEM", "Al Hudaydah"),
        ("Bakhmut", "UKR", "Donetsk"),
        ("Caracas", "VEN", "Distrito Capital"),  # GeoNames still has "Distrito Federal"
    ],
)
def test_admin1_name_is_acled_spelling(gaz: Gazetteer, name: str, country: str, acled: str) -> None:
    place = gaz.lookup(name, country=country)
    assert place is not None and gaz.admin1_name(place) == acled


@pytest.mark.parametrize(
    "text, country, acled",
    [
        ("Idlib", "SYR", "Idleb"),
        ("Dar'a", "SYR", "Dar'a"),
        ("Daraa", "SYR", "Dar'a"),
        ("Rif Dimashq", "SYR", "Rural Damascus"),
        ("Hasakeh", "SYR", "Al-Hasakeh"),
        ("Donetsk Oblast", "UKR", "Donetsk"),
        ("Hodeidah", "YEM", "Al Hudaydah"),
    ],
)
def test_canonical_admin1(gaz: Gazetteer, text: str, country: str, acled: str) -> None:
    assert gaz.canonical_admin1(text, country=country) == acled


def test_canonical_admin1_keeps_to_the_country(gaz: Gazetteer) -> None:
    assert gaz.canonical_admin1("Idlib", country="UKR") is None
    assert gaz.canonical_admin1("Idlib", country=None) == "Idleb"


def test_admin_places(gaz: Gazetteer) -> None:
    idlib = gaz.admin1_place("SYR", "Idleb")
    assert idlib is not None and idlib.id == "169389"  # the PPLA seat
    damascus = gaz.admin1_place("SYR", "Damascus")
    assert damascus is not None and damascus.id == "170654"  # a capital seats its admin1
    maiduguri = gaz.admin2_place("NGA", "Maiduguri")
    assert maiduguri is not None and maiduguri.id == "2331447"
    district = gaz.admin2_place("SYR", "Maarrat al-Nu'man", admin1="Idlib")  # 'District' optional
    assert district is not None and (district.cc, district.admin1_code) == ("SY", "12")
    assert gaz.admin2_place("SYR", "Maarrat al-Nu'man", admin1="Aleppo") is None
    assert gaz.admin1_place("SYR", "Nowhere at all") is None


@pytest.mark.parametrize(
    ("admin1", "seat"),
    [
        ("Jonglei", "Bor"),  # the unit that bears the state's name
        ("Central Equatoria", "Juba"),  # else the largest seat (not Yei)
        ("Upper Nile", "Malakal"),  # (not Kodok)
        ("Lakes", "Rumbek"),  # (not Yirol)
        ("Western Bahr el Ghazal", "Wau"),  # (not Raja)
    ],
)
def test_a_state_that_geonames_splits_sits_at_its_capital(
    gaz: Gazetteer, admin1: str, seat: str
) -> None:
    "South Sudan's ten states, as ACLED codes them, are 28 or 32 units in GeoNames."
    found = gaz.admin1_place("SSD", admin1)
    assert found is not None and found.name == seat


def test_candidates_many_keys_in_one_call(gaz: Gazetteer) -> None:
    keys = ["aleppo", fold("Avdiivka"), variant_key("Ma'arrat an Nu'man"), "no such place xyz"]
    found = gaz.candidates(keys)
    assert set(found) == set(keys) - {"no such place xyz"}
    assert [p.id for p in found["aleppo"]][:1] == ["170063"]
    avdiivka = [p.id for p in found[fold("Avdiivka")]]
    assert avdiivka[0] == "713122" and {"713120", "713121"} <= set(avdiivka)  # all, best first
    assert "167611" in {p.id for p in found[variant_key("Ma'arrat an Nu'man")]}
    # kind="name" matches folded names only: the variant key finds nothing then
    assert variant_key("Maarat al-Numan") not in gaz.candidates(
        [variant_key("Maarat al-Numan")], kind="name"
    )
    assert gaz.candidates([]) == {}


def test_candidates_span_countries(gaz: Gazetteer) -> None:
    ariha = {p.cc for p in gaz.candidates(["ariha"])["ariha"]}
    assert {"SY", "PS"} <= ariha


def test_pointers(gaz: Gazetteer) -> None:
    text = "Shelling hit Idlib and Saraqib; later Donetsk oblast, Hodeidah and Kharkiv."
    hits = {h.text: h.entry for h in gaz.pointers.find(text)}
    assert hits["Idlib"] == "SYR" and hits["Hodeidah"] == "YEM" and hits["Kharkiv"] == "UKR"
    assert not gaz.pointers.find("The police and the army went to the market.")


def test_gazetteer_pickles(gaz: Gazetteer) -> None:
    copy = pickle.loads(pickle.dumps(gaz))
    place = copy.lookup("Aleppo", country="SYR")
    assert place is not None and place.id == "170063"


@pytest.mark.parametrize("row", list(read_tsv("place_aliases.tsv")), ids=lambda r: r["alias"])
def test_place_aliases_resolve(gaz: Gazetteer, row: dict[str, str]) -> None:
    place = gaz.place(row["geonameid"])
    assert place is not None, f"alias {row['alias']} names an id missing from the index"
    found = gaz.lookup(row["alias"], country=gaz.country_of(place))
    assert found is not None and found.id == row["geonameid"]


# --- variant keys -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spellings",
    [
        ("Maarat al-Numan", "Ma'arrat an Nu'man", "Ma‘arrat an-Nu‘mān", "Marat al Numan"),
        ("Kafr Nabl", "Kfar Nabl", "Kafar Nabl"),
        ("Deir Hafer", "Dayr Hafer", "Dair Hafer", "Deyr Hafer"),
        ("Jabal al-Zawiya", "Jebel Zawiya", "Jabel az-Zawiyah"),
        ("Qusair", "Kusair"),
        ("Sheikh Maqsoud", "Shaykh Maqsud"),
        ("Latakia", "Lattakia"),
        ("Salamiyah", "Salamiya", "Salamieh", "Salamiyeh", "al-Salamiyya"),
        ("Ash-Shaddadi", "ash Shaddadi", "Shaddadi", "al-Shaddadi"),
        ("Ad-Dana", "ed-Dana", "Dana"),
        ("Ar-Rastan", "Rastan", "er-Rastan"),
        ("Az-Zabadani", "Zabadani", "ez-Zabadani"),
        ("At-Tall", "Tall"),
        ("An-Nabk", "Nabk", "en-Nabk"),
        ("As-Safira", "Safira", "es-Safira"),
        ("Ma'rib", "Marib"),
        ("Hasakah", "Hasakeh", "Al-Hasaka"),
    ],
)
def test_variant_keys_meet(spellings: tuple[str, ...]) -> None:
    keys = {variant_key(s) for s in spellings}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    "spellings",
    [
        ("Quamishli", "Qamishli", "al-Qamishli"),  # qu before a vowel is q
        ("Kirovskyi", "Kirovskiy", "Kirovskii", "Kirovsky"),  # East Slavic adjective endings
        ("Tall Rifaat", "Tel Rifaat", "Tal Rifaat"),
        ("Ar-Raqqa", "Raqqah", "al-Raqqa"),
    ],
)
def test_new_variant_rules_meet(spellings: tuple[str, ...]) -> None:
    assert len({variant_key(s) for s in spellings}) == 1, [variant_key(s) for s in spellings]


def test_variant_key_examples() -> None:
    assert variant_key("Maarat al-Numan") == "marat numan"
    assert variant_key("Авдіївка") == fold("Авдіївка")  # other scripts keep their folded form
    assert variant_key("Al") == "al"  # a name that is only an article keeps it


def test_variant_keys_meet_in_the_index(gaz: Gazetteer) -> None:
    deir = {variant_key("Deir ez-Zor"), variant_key("Dayr az Zawr")}
    for key, places in gaz.candidates(deir).items():
        assert "170794" in {p.id for p in places}, key
    kafr = gaz.candidates([variant_key("Kafr Nabl")])[variant_key("Kafr Nabl")]
    assert "168661" in {p.id for p in kafr}  # Kafranbel


_LATIN = st.text(
    alphabet=st.sampled_from(list("abdehiklmnoqrstuyz AEIOQ-'’ʿāīūḩ")), min_size=0, max_size=24
)


@given(_LATIN)
def test_variant_key_is_a_fixed_point(name: str) -> None:
    key = variant_key(name)
    assert variant_key(key) == key


@given(st.text(max_size=30))
def test_fold_name_is_fold(text: str) -> None:
    assert fold_name(text) == fold(text)


# --- the index: built once, reused, rebuilt when stale --------------------------------------


def test_second_load_reuses_the_index(built: Path) -> None:
    before = (built / INDEX_NAME).stat()
    messages: list[str] = []
    path = ensure_index(built, say=messages.append)
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert messages == []
    assert not list(built.glob(".gazetteer-*"))  # no temporary file left behind


def test_new_version_rebuilds_and_keeps_imports(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    villages = tmp_path / "villages.csv"
    villages.write_text(
        "name,alternate_names,latitude,longitude,country,admin1,admin2\n"
        "Sarmada,Sarmadā,36.1819,36.7185,SY,Idlib,\n",
        encoding="utf-8",
    )
    _import(home, villages)
    old = (home / INDEX_NAME).stat()
    old_print = Gazetteer(home / INDEX_NAME).fingerprint
    monkeypatch.setattr(gi, "SCHEMA_VERSION", 10**6)  # what a new Sitrep version does
    messages: list[str] = []
    path = ensure_index(home, say=messages.append)
    assert any("building" in m for m in messages)
    assert path.stat().st_ino != old.st_ino  # a new file, renamed into place
    rebuilt = Gazetteer(path)
    assert rebuilt.fingerprint != old_print
    sarmada = rebuilt.lookup("Sarmada", country="SYR")
    assert sarmada is not None and sarmada.id.startswith("local:")
    assert not list(home.glob(".gazetteer-*"))


# --- importing ----------------------------------------------------------------------------


def _geoname_row(gid: int, name: str, alternates: str, cls: str, code: str, pop: int) -> str:
    cells = [str(gid), name, name, alternates, "36.05", "37.05", cls, code, "SY", ""]
    cells += ["09", "", "", "", str(pop), "", "400", "Asia/Damascus", "2024-01-01"]
    return "\t".join(cells) + "\n"


def _small_dump(path: Path) -> Path:
    path.write_text(
        _geoname_row(99000001, "Qabtan al-Jabal", "Qabtan al Jabal,Kabtan el-Jebel", "P", "PPL", 0)
        + _geoname_row(99000002, "Wadi Something", "", "H", "WAD", 0)  # not a chosen class
        + "99000003\tBroken row\tonly a few columns\n"
        + _geoname_row(99000004, "Bala", "Bālā", "P", "PPL", 1200),
        encoding="utf-8",
    )
    return path


def test_import_geoname_dump_plain_and_zipped(home: Path, tmp_path: Path) -> None:
    txt = _small_dump(tmp_path / "SY.txt")
    report, warnings = _import(home, txt)
    assert (report.places_new, report.places_updated, report.filtered) == (2, 0, 1)
    assert report.rows_skipped == 1 and report.names > 0
    assert warnings == [f"{txt}, line 3: expected 19 tab-separated columns, found 3; row skipped"]
    gaz = Gazetteer(home / INDEX_NAME)
    qabtan = gaz.lookup("Qabtan al-Jabal", country="SYR")
    assert qabtan is not None and qabtan.id == "99000001" and gaz.admin1_name(qabtan) == "Aleppo"
    assert gaz.lookup("Kabtan el Jebel", country="SYR") == qabtan  # variant of an alternate

    zipped = tmp_path / "SY.zip"
    with zipfile.ZipFile(zipped, "w") as z:
        z.write(txt, "SY.txt")
        z.writestr("readme.txt", "GeoNames readme, not data\n")
    report, warnings = _import(home, zipped)
    assert (report.places_new, report.places_updated) == (0, 2)
    assert warnings == [
        f"{zipped}!SY.txt, line 3: expected 19 tab-separated columns, found 3; row skipped"
    ]


def test_import_alternate_names(home: Path, tmp_path: Path) -> None:
    alternates = tmp_path / "alternateNamesV2.txt"
    alternates.write_text(
        "90000001\t168661\ten\tKafr Nubbul Town\t\t\t\t\t\t\n"  # Kafranbel
        "90000002\t99999999\ten\tNowhere\t\t\t\t\t\t\n"  # a place the index lacks
        "90000003\t168661\tlink\thttps://en.wikipedia.org/wiki/Kafr_Nabl\t\t\t\t\t\t\n"
        "90000004\tnot-a-number\ten\tBroken\t\t\t\t\t\t\n",
        encoding="utf-8",
    )
    report, warnings = _import(home, alternates)
    assert (report.names, report.unknown_places, report.rows_skipped) == (1, 1, 1)
    assert warnings == [
        f"{alternates}, line 4: geonameid 'not-a-number' is not a whole number; row skipped"
    ]
    found = Gazetteer(home / INDEX_NAME).lookup("Kafr Nubbul Town", country="SYR")
    assert found is not None and found.id == "168661"


def test_import_local_csv(home: Path, tmp_path: Path) -> None:
    villages = tmp_path / "villages.csv"
    villages.write_text(
        "name,alternate_names,latitude,longitude,country,admin1,admin2\n"
        "Sarmada,Sarmadā|Sarmadah,36.1819,36.7185,SY,Idlib,Harem\n"
        "Sheikh Aqil,Shaykh Aqil,36.2466,36.9676,SYR,Aleppo,\n"
        "Tal Hadya,,36.05,36.95,Syria,Aleppo,\n"
        "Nowhere,,not-a-latitude,36.9,SY,,\n"
        "Atlantis,,10,10,Atlantis,,\n"
        "Bala,,36.2,37.0,SY,Atlantis Province,\n",
        encoding="utf-8",
    )
    report, warnings = _import(home, villages)
    assert (report.places_new, report.rows_skipped) == (4, 2)
    assert warnings == [
        f"{villages}, line 5: latitude/longitude 'not-a-latitude', '36.9' are not numbers; "
        "row skipped",
        f"{villages}, line 6: unknown country 'Atlantis' (use ISO2, ISO3 or a name); row skipped",
        f"{villages}, line 7: admin1 'Atlantis Province' unknown in SY; left empty",
    ]
    assert "added 4 new places" in report.summary() and "2 bad rows skipped" in report.summary()
    gaz = Gazetteer(home / INDEX_NAME)
    sarmada = gaz.lookup("Sarmadah", country="SYR")
    assert sarmada is not None and sarmada.id.startswith("local:")
    assert sarmada.gazetteer_id == sarmada.id
    assert (sarmada.latitude, sarmada.longitude) == (36.1819, 36.7185)
    assert gaz.admin1_name(sarmada) == "Idleb" and gaz.admin2_name(sarmada) == "Harem District"
    assert gaz.place(sarmada.id) == sarmada
    aqil = gaz.lookup("Shaykh Aqil", country="SYR")
    assert aqil is not None and gaz.admin1_name(aqil) == "Aleppo"
    assert gaz.lookup("Tal Hadya", country="SYR") is not None


def test_import_ucdp_ged_csv(home: Path, tmp_path: Path) -> None:
    # The columns of a UCDP GED events CSV that matter here, with made-up places and events.
    ged = tmp_path / "ged.csv"
    ged.write_text(
        "id,where_prec,where_coordinates,adm_1,latitude,longitude,country\n"
        "1,1,Qarya Jadida village,Idlib governorate,36.01,36.55,Syria\n"
        "2,2,Qarya Jadida village,Idlib governorate,36.01,36.55,Syria\n"  # same place
        '3,1,"Tall Hamra (Tell Hamra) town",Aleppo governorate,36.41,37.33,Syria\n'
        "4,4,Idlib governorate,Idlib governorate,35.9,36.6,Syria\n"  # a province: left out
        "5,x,Bad Row village,,36.0,36.0,Syria\n",
        encoding="utf-8",
    )
    report, warnings = _import(home, ged)
    assert (report.places_new, report.filtered, report.rows_skipped) == (2, 1, 1)
    assert warnings == [f"{ged}, line 6: where_prec is not a number; row skipped"]
    gaz = Gazetteer(home / INDEX_NAME)
    village = gaz.lookup("Qarya Jadida", country="SYR")
    assert village is not None and (village.latitude, village.longitude) == (36.01, 36.55)
    assert gaz.lookup("Tell Hamra", country="SYR") == gaz.lookup("Tall Hamra", country="SYR")


def test_import_real_cities5000(home: Path, shared: Path) -> None:
    report, warnings = _import(home, shared / "gazetteer" / "cities5000.zip")
    assert warnings == [] and report.rows_skipped == 0
    # every row is a place the base layer already has (cities500 plus the shipped copy)
    assert report.places_new == 0 and report.places_updated == 48325
    gaz = Gazetteer(home / INDEX_NAME)
    bakhmut = gaz.lookup("Artemivs’k", country="UKR")
    assert bakhmut is not None and bakhmut.id == "713174" and bakhmut.admin2_code == ""


@pytest.mark.reliability("a bad file among gazetteer imports", "reported; the other files imported")
def test_bad_file_is_reported_and_the_rest_imported(home: Path, tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("just some notes\nnothing tabular\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    dump = _small_dump(tmp_path / "SY.txt")
    report, warnings = _import(home, junk, empty, dump)
    assert report.files == 3 and report.files_skipped == 2 and report.places_new == 2
    assert warnings[0].startswith(f"{junk}: skipped (not a GeoNames dump")
    assert warnings[1] == f"{empty}: skipped (the file has no rows)"


@pytest.mark.reliability(
    "an import that fails half-way (an exception from inside the import)",
    "the gazetteer index and the import store are left exactly as they were",
)
def test_failed_import_leaves_index_and_store_unchanged(home: Path, tmp_path: Path) -> None:
    before = (home / INDEX_NAME).stat()

    def explode(message: str) -> None:
        raise RuntimeError(message)

    with pytest.raises(RuntimeError):
        import_files([_small_dump(tmp_path / "SY.txt")], home=home, on_warning=explode)
    after = (home / INDEX_NAME).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert not list(home.glob(".gazetteer-*"))
    assert gi._store_generation(home) == 0
    assert Gazetteer(home / INDEX_NAME).place("99000001") is None  # the dump's village


# --- command line -------------------------------------------------------------------------


@pytest.fixture
def cli() -> click.Group:
    @click.group()
    def group() -> None:
        "A stand-in for `sitrep`."

    register(group)
    return group


def test_cli_import_and_info(home: Path, tmp_path: Path, cli: click.Group) -> None:
    dump = _small_dump(tmp_path / "SY.txt")
    result = CliRunner().invoke(cli, ["gazetteer", "import", str(dump)])
    assert result.exit_code == 1  # one bad row was skipped
    assert "added 2 new places, updated 0, and added" in result.stdout
    assert f"sitrep: {dump}, line 3: expected 19" in result.stderr
    result = CliRunner().invoke(cli, ["gazetteer", "info", "--json"])
    assert result.exit_code == 0, result.output
    assert '"imports_generation": "1"' in result.stdout
    assert "GeoNames, geonames.org" in result.stdout


# -- Ukrainian romanisation (sitrep.transliterate) -------------------------------------------


@pytest.mark.parametrize(
    "cyrillic, latin",
    [
        # Examples from the table of KMU resolution 55 (2010).
        ("Алушта", "Alushta"),
        ("Борщагівка", "Borshchahivka"),
        ("Вінниця", "Vinnytsia"),
        ("Згорани", "Zghorany"),  # зг -> zgh, not zh
        ("Ґалаґан", "Galagan"),
        ("Єнакієве", "Yenakiieve"),  # є: ye at the start of a word, ie inside it
        ("Їжакевич", "Yizhakevych"),
        ("Кадіївка", "Kadiivka"),
        ("Йосипівка", "Yosypivka"),
        ("Стрий", "Stryi"),
        ("Юрій", "Yurii"),
        ("Яготин", "Yahotyn"),
        ("Ічня", "Ichnia"),
        ("Знам'янка", "Znamianka"),  # the apostrophe and ь are not written
        ("Русь", "Rus"),
        ("Біла Церква", "Bila Tserkva"),
        ("Олександрівка", "Oleksandrivka"),
    ],
)
def test_ukrainian_national_romanisation(cyrillic: str, latin: str) -> None:
    assert ukrainian_latin(cyrillic) == latin


def test_older_y_forms_and_russian_forms() -> None:
    assert ukrainian_latin_variants("Авдіївка") == {"Avdiivka", "Avdiyivka"}
    assert {"elenovka", "yelenovka"} <= russian_latin_variants("Оленівка")
    assert "gorlovka" in russian_latin_variants("Горлівка")  # г is g in Russian
    assert "nikolaevka" in russian_latin_variants("Миколаївка")
    assert "vodyanoye" in russian_latin_variants("Водяне")  # -е -> -ое
    assert "petrovskoye" in russian_latin_variants("Петрівське")
    assert russian_latin_variants("Olenivka") == set()  # Latin input: nothing to derive


def test_compound_parts() -> None:
    assert compound_parts("Taizz-Birarah") == ["Taizz", "Birarah"]
    assert compound_parts("Aden - Kraytar") == ["Aden", "Kraytar"]
    assert compound_parts("Al-Maabdaa") == []  # an article, not a city
    assert compound_parts("Bab al-Hawa Crossing") == []  # an article inside the name


def test_capital(gaz: Gazetteer) -> None:
    assert gaz.capital("KEN").name == "Nairobi"
    assert gaz.capital("IRQ").name == "Baghdad"
    assert gaz.capital("XXX") is None
