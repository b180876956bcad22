"""Latin spellings of Ukrainian place names, so a settlement known only in Cyrillic is found.

Two spelling families reach English news for the same Ukrainian village:

* **Ukrainian national romanisation** (KMU resolution 55 of 27 January 2010), used by
  Ukraine's official names and by GeoNames: Олександрівка -> Oleksandrivka. `ukrainian_latin`
  implements its table, with the word-initial forms of є ї й ю я (ye yi y yu ya; inside a
  word ie i i iu ia) and зг -> zgh. `ukrainian_latin_variants` adds the older y-forms that
  GeoNames and many outlets still print (Avdiyivka, Semyhirya).
* **Russian-language names in Latin letters** (Elenovka for Olenivka, Gorlovka for Horlivka).
  The data gives only the Ukrainian name, so `russian_latin_variants` derives the Russian
  form by rules and romanises it the way news does (г -> g, и -> i, е -> e or ye).

What the Russian rules cover, and what they do not (they are deliberately conservative, and
the keys they make only count once a country is established or no exact name matched):

  covered    г -> g, и -> i, і -> i, ї -> i, є -> e; suffixes -івка/-ївка -> -овка/-евка,
             -ськ -> -ск, -цьк -> -цк, the adjective endings -ське/-цьке -> -ское/-цкое,
             -не/-те/-ве -> -ное/-тое/-вое (Водяне -> Vodyanoye), -ове -> -ово as well,
             -ий -> -ый/-ий; a short table of first-name stems that villages are named after
             (Олександр -> Александр, Олен -> Елен, Микола -> Никола, Костянтин -> Константин)
  not        і from Russian о/е inside a stem (Оріхове is Орехово, Кривий Ріг is Кривой Рог):
             і -> е/о is not safe in general, so stems keep і -> i; renamed places
             (Artemivsk/Bakhmut) belong in `lexicons/place_aliases.tsv`, not here

A spelling the rules miss can still be found by `Gazetteer.fuzzy`, inside a country the
text has already established (one letter off on a long name).
"""

from __future__ import annotations

import re

__all__ = ["russian_latin_variants", "ukrainian_latin", "ukrainian_latin_variants"]

# KMU 2010: letters with one Latin form everywhere.
_UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "'": "", "’": "", "ʼ": "",
}  # fmt: skip
# KMU 2010: letters whose form depends on their place: (word-initial, elsewhere).
_UK_PLACED = {
    "є": ("ye", "ie"),
    "ї": ("yi", "i"),
    "й": ("y", "i"),
    "ю": ("yu", "iu"),
    "я": ("ya", "ia"),
}
# Russian letters as English-language news romanises them (BGN/PCGN without diacritics).
_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _latin(
    text: str, table: dict[str, str], placed: dict[str, tuple[str, str]], *, ye: bool = False
) -> str:
    """Romanise with `table`; `placed` letters take their first form word-initially. With
    `ye`, Russian е is 'ye' at the start of a word and after a vowel or ь/ъ (BGN/PCGN)."""
    out: list[str] = []
    start = True
    for i, ch in enumerate(text):
        low = ch.lower()
        if ye and low == "е" and (start or text[i - 1].lower() in "аеёиоуыэюяьъ"):
            latin = "ye"
        elif low in placed:
            latin = placed[low][0 if start else 1]
        elif low == "г" and table is _UK and i > 0 and text[i - 1].lower() == "з":
            latin = "gh"  # зг -> zgh, so it is not read as ж (zh)
        elif low in table:
            latin = table[low]
        else:
            latin = ch
        if ch != low and latin:
            # Capital letter: capitalise its first Latin letter (Щ -> Shch, Я -> Ya).
            latin = latin[0].upper() + latin[1:]
        out.append(latin)
        start = not ch.isalpha() and ch not in "'’ʼ"
    return "".join(out)


def ukrainian_latin(name: str) -> str:
    "A Ukrainian name in the national romanisation (KMU 2010): 'Олександрівка' -> 'Oleksandrivka'."
    return _latin(name, _UK, _UK_PLACED)


def ukrainian_latin_variants(name: str) -> set[str]:
    """The KMU 2010 form and the older y-forms news and GeoNames still print: є ї ю я as
    ye yi yu ya everywhere ('Авдіївка' -> Avdiivka, Avdiyivka)."""
    y_forms = {k: (v[0], v[0]) for k, v in _UK_PLACED.items() if k != "й"}
    return {ukrainian_latin(name), _latin(name, _UK, {**_UK_PLACED, **y_forms})}


# Ukrainian -> Russian, on lower-case Cyrillic. Each rule is (pattern, replacements): a
# name gets every combination of the replacements of the rules that apply.
_STEMS = [
    (re.compile(r"(?:^|(?<=[\s\-]))олександр"), ("александр",)),
    (re.compile(r"(?:^|(?<=[\s\-]|о))олекс"), ("алекс",)),
    (re.compile(r"(?:^|(?<=[\s\-]))олен"), ("елен",)),
    (re.compile(r"(?:^|(?<=[\s\-]|о))микола"), ("никола",)),
    (re.compile(r"костянтин"), ("константин",)),
]
_SUFFIXES = [
    # -івка: Петрівка -> Петровка; after a vowel -ївка: Миколаївка -> Николаевка.
    (re.compile(r"(?<=[аеиоуяюєії])ївка\b"), ("евка",)),
    (re.compile(r"івка\b"), ("овка", "евка")),
    (re.compile(r"івськ"), ("овск",)),
    (re.compile(r"ськ"), ("ск",)),
    (re.compile(r"цьк"), ("цк",)),
    # Neuter adjectives: Ukrainian -е, Russian -ое (Водяне -> Водяное, Золоте -> Золотое).
    (re.compile(r"(?<=ськ)е\b|(?<=цк)е\b|(?<=ск)е\b"), ("ое",)),
    (re.compile(r"(?<=[нтвлр])е\b"), ("ое", "о")),
    (re.compile(r"ий\b"), ("ый", "ий")),
]
# Letters that differ once the rules above have run.
_UK_TO_RU = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "'": "ь", "’": "ь", "ʼ": "ь"})


def _russian_cyrillic(name: str) -> set[str]:
    forms = {name.lower()}
    for pattern, replacements in _STEMS + _SUFFIXES:
        forms = {
            pattern.sub(r, form) if pattern.search(form) else form
            for form in forms
            for r in replacements
        }
    # A Ukrainian и between consonants is mostly a Russian и too (Мирне, Мирное).
    return {form.translate(_UK_TO_RU) for form in forms}


def russian_latin_variants(name: str) -> set[str]:
    """Russian-language Latin spellings of a Ukrainian name, derived by rule ('Оленівка' ->
    Elenovka, Yelenovka, Elenevka, ...). A word-initial е, or one after a vowel, is written
    both e and ye, as in news. Lower-case forms: they are lookup keys, never display names."""
    if not _CYRILLIC.search(name):
        return set()
    out: set[str] = set()
    for form in _russian_cyrillic(name):
        plain = _latin(form, _RU, {})
        out.add(plain)
        out.add(_latin(form, _RU, {}, ye=True))
        out.add(plain.replace("iy", "y") if plain.endswith("iy") else plain)
    return out
