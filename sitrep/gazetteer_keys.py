"""How the gazetteer index keys places: name keys, place ids, distances.

The index's builder (`sitrep.gazetteer_index`) writes these keys and its reader
(`sitrep.gazetteer.Gazetteer`) looks them up, so both import them from here, and neither
needs the other to know how a name is keyed.

    fold_name     case and accents folded, any script ('Ḥalab' -> 'halab')
    variant_key   spelling-blind, for Latin names: 'Maarat al-Numan' and "Ma'arrat an
                  Nu'man" both give 'marat numan'
    source_pid    the index id of a place from a packaged source other than GeoNames
    distance_km   great-circle distance, for merging villages and choosing seats
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = [
    "SOURCE_PREFIXES",
    "compound_parts",
    "distance_km",
    "fold_name",
    "name_keys",
    "pid_text",
    "source_pid",
    "text_pid",
    "variant_key",
]

#: Places from the other packaged sources have ids above every GeoNames id: the source's
#: number (1-based index here) shifted left by `_SOURCE_SHIFT`, plus the source's own number,
#: so a place's id names where it came from ("osm:node/27565036", "ucdp:syria/12").
SOURCE_PREFIXES = ("osm:node/", "osm:way/", "ucdp:syria/", "geonames-postal:UA/")
_SOURCE_SHIFT = 40


# --- name keys --------------------------------------------------------------------------


class _FoldTable(dict[int, str]):
    "str.translate table for `fold`, filled per character on first sight."

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch.isalnum():
            base = unicodedata.normalize("NFKD", ch)[0].lower()
            out = base if len(base) == 1 and base.isalnum() else ch.lower()[:1] or ch
        else:
            out = " "
        self[code] = out
        return out


_FOLD = _FoldTable()


def fold_name(text: str) -> str:
    "`sitrep.lexicons.fold`, computed with one str.translate (the build folds ~2M names)."
    return " ".join(text.translate(_FOLD).split())


# Apostrophes and ayn/hamza marks vanish: "Ma'rib" = "Marib", "Maʿarrat" = "Maarrat".
_APOSTROPHES = dict.fromkeys(map(ord, "'’‘ʿʾʻʼ`´′"), None)
# Latin letters that NFKD does not take apart.
_LATIN_EXTRA = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t", "ŋ": "ng"}
    | {"æ": "ae", "œ": "oe", "ß": "ss", "þ": "th"}
)
# Arabic articles in their assimilated spellings (al-, el-, ash-, ez-, ...): dropped.
_ARTICLES = frozenset(
    {"al", "el", "il", "ul", "ad", "ed", "ud", "ash", "esh", "ush", "as", "es", "at", "et"}
    | {"ar", "er", "an", "en", "az", "ez", "uz", "ath", "adh"}
)
# Common words of Arabic place names, after the letter rules below.
_WORDS = {
    **dict.fromkeys(["kfar", "kafar", "kefr", "kfr", "kafer", "kefer"], "kafr"),
    **dict.fromkeys(["deir", "dair", "deyr"], "dayr"),
    **dict.fromkeys(["jebel", "jabel", "jebal", "djebel", "jbel", "gebel", "jibal"], "jabal"),
    **dict.fromkeys(["maret", "marat"], "marat"),
    **dict.fromkeys(["sheikh", "shaikh", "shekh", "sheykh", "shaykh", "shiekh"], "shaykh"),
    **dict.fromkeys(["tel", "til"], "tal"),
    **dict.fromkeys(["ain", "ein", "eyn", "ayn"], "ayn"),
    **dict.fromkeys(["beit", "bait", "beyt", "bet"], "bayt"),
    **dict.fromkeys(["khirbet", "khirbit", "khirbe"], "khirbat"),
}
_DOUBLE = re.compile(r"(.)\1+")
_IYA = re.compile(r"(?:iyah|iyeh|ieh|iah|iya|ia)$")
_AH = re.compile(r"(?<=..)[ae]h$")
# "Quamishli" for Qamishli: a q written qu before a vowel, as in French or Spanish.
_QU = re.compile(r"qu(?=[aeio])")
# East Slavic adjective endings as news writes them: Kirovskyi, Kirovskiy, Kirovskii, Kirovsky.
_SKY = re.compile(r"(?<=sk)(?:yi|iy|ii|yy|yj|ij)$")
# "Taizz-Birarah", "Aden-Kraytar": ACLED's City-District names (a hyphen before a capital).
_COMPOUND = re.compile(r"\s+-\s+|-(?=[A-Z])")


@lru_cache(maxsize=1 << 16)
def _variant_word(word: str) -> str:
    # Repeat until nothing changes ('Muriaeh' -> 'muriaa' -> 'muria' -> 'muriya'), so a key
    # maps to itself.
    while True:
        before = word
        word = _SKY.sub("y", _QU.sub("q", word))
        word = _DOUBLE.sub(r"\1", word.replace("q", "k")).replace("ou", "u")
        word = _IYA.sub("iya", _DOUBLE.sub(r"\1", word))
        word = _AH.sub("a", word)
        word = _WORDS.get(word, word)
        if word == before:
            return word


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    "Great-circle distance (haversine, mean Earth radius)."
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def compound_parts(name: str) -> list[str]:
    """The parts of an ACLED-style City-District name ('Taizz-Birarah' -> ['Taizz',
    'Birarah']), or [] when the name is not one (an article prefix: 'Al-Maabdaa')."""
    parts = [p.strip() for p in _COMPOUND.split(name) if p.strip()]
    if len(parts) < 2 or any(fold_name(p) in _ARTICLES or len(fold_name(p)) < 2 for p in parts):
        return []
    if any(fold_name(p).split()[-1] in _ARTICLES for p in parts[:-1]):
        return []  # "Riad al-Solh Square": the hyphen joins an article to its noun
    return parts


def variant_key(name: str) -> str:
    """A spelling-blind key for a Latin-script place name, so transliterations meet.

    On the folded name: apostrophes go, hyphens split words; qu before a vowel -> q
    ('Quamishli'), q -> k, ou -> u, doubled letters single; -skyi/-skiy/-skii -> -sky;
    -iyah/-iyeh/-ieh/-iya -> -iya and a final -ah/-eh -> -a; Kafr/Kfar, Deir/Dayr,
    Jabal/Jebel, Sheikh/Shaykh, Tal/Tell, Ayn/Ain, Bayt/Beit each one form; the article
    (al-, el-, ash-, ez-, an- ...) dropped. 'Maarat al-Numan' -> 'marat numan'. A name in
    another script keeps its folded form. The key is a fixed point: variant_key of a key is
    the key.
    """
    folded = fold_name(name.translate(_APOSTROPHES)).translate(_LATIN_EXTRA)
    if not folded.isascii():
        return fold_name(name)
    words = [_variant_word(w) for w in folded.split()]
    kept = [w for w in words if w not in _ARTICLES]
    return " ".join(kept or words)


def name_keys(names: Iterable[str]) -> tuple[set[str], set[str]]:
    "The folded keys of a place's names, and the variant keys that differ from them."
    folded: set[str] = set()
    variants: set[str] = set()
    for name in names:
        key = fold_name(name)
        if not key:
            continue
        folded.add(key)
        # Latin-script names only: other scripts keep the folded key. Dropping apostrophes
        # cannot make a name Latin, so the (costly) variant of a name in another script is
        # never computed: about half of cities500's two million names.
        if key.isascii() or key.translate(_LATIN_EXTRA).isascii():
            variant = variant_key(name)
            if variant.isascii():
                variants.add(variant)
    return folded, variants - folded


# --- place ids ---------------------------------------------------------------------------


def source_pid(prefix: str, number: int) -> int:
    "The index id of a place from a packaged source other than GeoNames ('osm:node/', 123)."
    if not 0 <= number < 1 << _SOURCE_SHIFT:
        raise ValueError(f"{prefix}{number}: the number does not fit the index's id encoding")
    return ((SOURCE_PREFIXES.index(prefix) + 1) << _SOURCE_SHIFT) + number


def pid_text(pid: int) -> str:
    "An index id as the place's id text: '713122', 'osm:node/27565036', 'local:1f3a'."
    if pid < 0:
        return f"local:{-pid:x}"
    source = pid >> _SOURCE_SHIFT
    if source:
        return f"{SOURCE_PREFIXES[source - 1]}{pid & ((1 << _SOURCE_SHIFT) - 1)}"
    return str(pid)


def text_pid(text: str) -> int:
    "The index id of a place's id text (`pid_text` read back; 'geonames:713122' too)."
    if text.startswith("local:"):
        return -int(text[6:], 16)
    for prefix in SOURCE_PREFIXES:
        if text.startswith(prefix):
            return source_pid(prefix, int(text[len(prefix) :]))
    return int(text.removeprefix("geonames:"))
