"""Package data reviewed in pull requests: actor aliases, sources and their scales, countries,
event triggers.

The TSV files beside this module are the knowledge; this module only loads them and finds
their phrases in text. Finding works on a normalised copy of the text (case and accents
folded, punctuation as spaces, runs of spaces collapsed) with a map back to the original
offsets, so every hit is an exact span of the article text.

Short all-uppercase aliases ("HTS", "SANA", "AFP") match case-sensitively, because in lower
case they are often ordinary words; everything else matches blind to case and accents.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Generic, TypeVar

import ahocorasick

from sitrep.errors import ResourceError

T = TypeVar("T")


def _fold_char(ch: str) -> str:
    "One character folded for matching; always exactly one character, so offsets survive."
    if ch.isalnum():
        base = unicodedata.normalize("NFKD", ch)[0].lower()
        return base if len(base) == 1 and base.isalnum() else ch.lower()[:1] or ch
    return " "


_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_WORDS = re.compile(r"[^ ]+")


def fold(text: str) -> str:
    "A phrase folded the way `PhraseIndex` folds text: lower case, no accents, single spaces."
    return " ".join("".join(_fold_char(c) for c in text).split())


@dataclass(frozen=True, slots=True)
class Folded:
    "Normalised text plus, for each of its characters, the offset in the original text."

    text: str
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, original: str) -> Folded:
        # Fold character by character (one char in, one char out), then collapse runs of
        # spaces while recording where each kept character came from.
        if original.isascii():
            mapped = _NOT_ALNUM.sub(" ", original.lower())
        else:
            mapped = "".join(_fold_char(c) for c in original)
        chars: list[str] = []
        offsets: list[int] = []
        for word in _WORDS.finditer(mapped):
            if chars:
                chars.append(" ")
                offsets.append(word.start() - 1)
            chars.append(word.group())
            offsets.extend(range(word.start(), word.end()))
        return cls("".join(chars), tuple(offsets))


@dataclass(frozen=True, slots=True)
class Hit(Generic[T]):
    "A lexicon phrase found in the text: original offsets, the text there, and its entry."

    start: int
    end: int
    text: str
    entry: T


class PhraseIndex(Generic[T]):
    """Aho-Corasick over folded phrases; `find` returns longest, non-overlapping hits."""

    def __init__(self, phrases: list[tuple[str, T]], *, possessive: bool = False) -> None:
        #: Whether a phrase may end glued to a possessive "s" whose apostrophe the text
        #: lost ("Fatah al-Shams mortars", "ISILs stronghold"): copied reports often drop
        #: apostrophes, and the name must still win over a shorter one inside it.
        self._possessive = possessive
        self._automaton: Any = ahocorasick.Automaton()
        table: dict[str, list[tuple[str, T, bool]]] = {}
        for phrase, entry in phrases:
            key = fold(phrase)
            if not key:
                continue
            exact = len(phrase) <= 4 and phrase.isupper()
            table.setdefault(key, []).append((phrase, entry, exact))
        for key, entries in table.items():
            self._automaton.add_word(key, (len(key), entries))
        self._empty = not table
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str, folded: Folded | None = None) -> list[Hit[T]]:
        if self._empty:
            return []
        folded = folded or Folded.of(text)
        ftext = folded.text
        found: list[Hit[T]] = []
        for end_index, (length, entries) in self._automaton.iter(ftext):
            start = end_index - length + 1
            if start > 0 and ftext[start - 1] != " ":
                continue
            if end_index + 1 < len(ftext) and ftext[end_index + 1] != " ":
                glued_s = (
                    self._possessive
                    and length >= 3
                    and ftext[end_index + 1] == "s"
                    and (end_index + 2 == len(ftext) or ftext[end_index + 2] == " ")
                )
                if not glued_s:
                    continue
            o_start = folded.offsets[start]
            o_end = folded.offsets[end_index] + 1
            surface = text[o_start:o_end]
            picked = _pick(entries, surface)
            if picked is not None:
                phrase, entry = picked
                if phrase.endswith(".") and text[o_end : o_end + 1] == ".":
                    # "the U.S. military": the abbreviation's final period is the name's,
                    # so the words after it ("military") follow the hit directly.
                    o_end += 1
                found.append(Hit(o_start, o_end, text[o_start:o_end], entry))
        # The longest phrase wins an overlap wherever it starts: "the National News Agency"
        # is that agency, not the newspaper "The National News" that overlaps its start.
        found.sort(key=lambda h: (-(h.end - h.start), h.start))
        kept: list[Hit[T]] = []
        for hit in found:
            if any(hit.start < k.end and k.start < hit.end for k in kept):
                continue
            kept.append(hit)
        return sorted(kept, key=lambda h: h.start)


def _pick(entries: list[tuple[str, T, bool]], surface: str) -> tuple[str, T] | None:
    """The phrase and entry the surface spells; a short upper-case phrase ("US", "IS")
    must match case exactly, so the pronoun "us" is not the country. The surface ends at
    its last letter, so an abbreviation's final period ("U.S.") is not part of it."""
    for phrase, entry, exact in entries:
        if not exact or surface == phrase.rstrip("."):
            return phrase, entry
    return None


def read_tsv(name: str) -> Iterator[dict[str, str]]:
    "Rows of a packaged TSV file as dicts keyed by its header."
    try:
        with resources.files(__name__).joinpath(name).open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except FileNotFoundError as err:
        raise ResourceError(f"lexicon {name} is missing from the package; reinstall") from err
    for row in rows:
        yield {k: (v or "").strip() for k, v in row.items() if k}


# --- the lexicons -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Period:
    """An earlier government of a country, as ACLED dates its state forces' names: the
    "2014-2021" of "Military Forces of Afghanistan (2014-2021)", in force until `until`."""

    label: str
    until: date  # the first day of the next period


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    iso2: str
    name: str
    demonyms: tuple[str, ...]
    aliases: tuple[str, ...]
    military: str  # the current period's names; `dated_name` gives an event's day its own
    police: str
    periods: tuple[Period, ...] = ()  # earlier periods, oldest first (force_periods.tsv)


@dataclass(frozen=True, slots=True)
class NamedActor:
    name: str
    kind: str
    country: str | None


@dataclass(frozen=True, slots=True)
class Source:
    "A claimant or outlet: 'SOHR' -> 'Syrian Observatory for Human Rights'."

    name: str
    kind: str
    country: str | None


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


@cache
def countries() -> dict[str, Country]:
    "Countries by ISO alpha-3, each with the earlier periods of its forces' names."
    periods = _force_periods()
    out: dict[str, Country] = {}
    for row in read_tsv("countries.tsv"):
        military = row["military"] or f"Military Forces of {row['name']}"
        police = row["police"] or f"Police Forces of {row['name']}"
        earlier = periods.get(row["iso3"], ())
        if earlier:
            _check_periods(row["iso3"], earlier, military, police)
        out[row["iso3"]] = Country(
            iso3=row["iso3"],
            iso2=row["iso2"],
            name=row["name"],
            demonyms=_split(row["demonyms"]),
            aliases=_split(row["aliases"]),
            military=military,
            police=police,
            periods=earlier,
        )
    unknown = set(periods) - set(out)
    if unknown:
        raise ResourceError(f"force_periods.tsv: no country {sorted(unknown)} in countries.tsv")
    return out


_PERIOD = re.compile(r"(\d{4})-(\d{4})")
#: A state force's name: "Military Forces of Iraq (2022-) Peshmerga" is the base, the
#: period's label and what follows it (a unit).
_FORCE_NAME = re.compile(r"((?:Military|Police) Forces of [^()]+?) \((\d{4}-(?:\d{4})?)\)(.*)")


def _force_periods() -> dict[str, tuple[Period, ...]]:
    "Earlier periods by ISO alpha-3, oldest first, from force_periods.tsv."
    return _dated_rows("force_periods.tsv", key="iso3", label="period")


def _dated_rows(name: str, *, key: str, label: str) -> dict[str, tuple[Period, ...]]:
    """The rows of a periods file as `Period(row[label], row["until"])` grouped by
    `row[key]`, oldest first; a malformed `until` is refused, naming the file and row."""
    out: dict[str, list[Period]] = {}
    for row in read_tsv(name):
        try:
            until = date.fromisoformat(row["until"])
        except ValueError as err:
            raise ResourceError(
                f"{name}: {row[key]} / {row[label]}: until {row['until']!r} "
                "is not a YYYY-MM-DD date"
            ) from err
        out.setdefault(row[key], []).append(Period(row[label], until))
    return {k: tuple(sorted(ps, key=lambda p: p.until)) for k, ps in out.items()}


def _check_periods(iso3: str, earlier: tuple[Period, ...], military: str, police: str) -> None:
    """Refuse periods that do not chain: each ends in the year its `until` falls in, the
    next starts that year, and the last ends where countries.tsv's current names start.
    A typo would otherwise name some days' events after a government that never was."""
    current = _FORCE_NAME.fullmatch(military)
    other = _FORCE_NAME.fullmatch(police)
    if current is None or other is None or other.group(2) != current.group(2):
        raise ResourceError(
            f"countries.tsv: {iso3} has dated periods, so its military {military!r} and "
            f"police {police!r} need one current period, e.g. (2021-)"
        )
    starts = [p.label for p in earlier[1:]] + [current.group(2)]
    for period, following in zip(earlier, starts, strict=True):
        label = _PERIOD.fullmatch(period.label)
        if (
            label is None
            or int(label.group(2)) != period.until.year
            or following[:4] != label.group(2)
        ):
            raise ResourceError(
                f"force_periods.tsv: {iso3} ({period.label}) until {period.until} does not "
                f"chain with the next period ({following}); write START-END, END being the "
                "year of `until` and the year the next period starts"
            )


@cache
def _forces() -> dict[str, Country]:
    "The base of each dated state force name ('Military Forces of Syria') -> its country."
    out: dict[str, Country] = {}
    for country in countries().values():
        if not country.periods:
            continue
        for name in (country.military, country.police):
            if m := _FORCE_NAME.fullmatch(name):
                out[m.group(1)] = country
    return out


@cache
def _name_periods() -> dict[str, tuple[Period, ...]]:
    """A group's earlier names by its current canonical name, oldest first, from
    name_periods.tsv: each `earlier` name stands until its `until` day."""
    return _dated_rows("name_periods.tsv", key="name", label="earlier")


@cache
def _renamed_from() -> dict[str, str]:
    "Each earlier name of a group -> its current canonical name."
    return {p.label: name for name, ps in _name_periods().items() for p in ps}


def dated_name(name: str, day: date | None) -> str:
    """`name` as it was on `day`: a group under the name it then had ("HTS: Hayat Tahrir al
    Sham" in 2015 is "Jabhat al Nusra", name_periods.tsv), and a state force's name:
    "Military Forces of Syria (2024-)" on 2017-12-28 is "Military Forces of Syria
    (2000-2024)"; a unit keeps its suffix. ACLED names state forces after the government in
    power, so a 2015 event is never by the forces of a later one.

    Without a day the current period's name is given (the latest is the likeliest). A day
    before the earliest known period takes that one. Names of other actors, and periods this
    lexicon does not list (parallel governments, like Libya's), are left as they are.
    """
    current = _renamed_from().get(name, name)
    renamed = _name_periods().get(current)
    if renamed is not None:
        if day is None:
            return current
        return next((p.label for p in renamed if day < p.until), current)
    m = _FORCE_NAME.fullmatch(name)
    if m is None:
        return name
    country = _forces().get(m.group(1))
    if country is None:
        return name
    current = _FORCE_NAME.fullmatch(country.military)
    assert current is not None  # _check_periods saw to it
    labels = {p.label for p in country.periods} | {current.group(2)}
    if m.group(2) not in labels:
        return name
    label = current.group(2)
    if day is not None:
        label = next((p.label for p in country.periods if day < p.until), label)
    return f"{m.group(1)} ({label}){m.group(3)}"


def dated_names(name: str) -> tuple[str, ...]:
    """Every period's form of a state force's name, current first ("Military Forces of
    Afghanistan (2021-)", "Military Forces of Afghanistan (2014-2021)"); any other name is
    just itself. A filter on a force finds its events of every period."""
    current = _renamed_from().get(name, name)
    renamed = _name_periods().get(current)
    if renamed is not None:
        return (current, *(p.label for p in reversed(renamed)))
    m = _FORCE_NAME.fullmatch(name)
    country = _forces().get(m.group(1)) if m else None
    if m is None or country is None:
        return (name,)
    forms = [dated_name(name, None)]
    forms += [f"{m.group(1)} ({p.label}){m.group(3)}" for p in reversed(country.periods)]
    return tuple(dict.fromkeys(forms))


@cache
def named_actors() -> list[tuple[str, NamedActor]]:
    "(alias, actor) pairs from actors.tsv."
    return [
        (row["alias"], NamedActor(row["name"], row["kind"], row["country"] or None))
        for row in read_tsv("actors.tsv")
    ]


@cache
def branches() -> dict[tuple[str, str], NamedActor]:
    """(network, ISO alpha-3) -> the network's branch there, from branches.tsv: "Islamic
    State fighters" in Nigeria are ISWAP and "al Qaeda-linked militants" in Mali are JNIM,
    as ACLED names them. Every branch is a name actors.tsv knows (its kind comes from there)."""
    known = {actor.name: actor for _, actor in named_actors()}
    table = {}
    for row in read_tsv("branches.tsv"):
        actor = known.get(row["branch"])
        if actor is None:
            raise ResourceError(f"branches.tsv: {row['branch']!r} is not a name in actors.tsv")
        table[(row["network"], row["country"])] = actor
    return table


@cache
def allies() -> frozenset[tuple[str, str]]:
    """(actor name, ISO alpha-3) pairs from allies.tsv: armed groups that fight beside a
    state's forces, so that the two are never the two sides of one event."""
    return frozenset((row["name"], row["ally"]) for row in read_tsv("allies.tsv"))


@cache
def auxiliaries() -> dict[str, str]:
    """ISO alpha-3 -> the militia a report calls the army's "auxiliaries" there (allies.tsv
    rows whose note calls them so): "four army auxiliaries were killed" in Burkina Faso are
    VDP volunteers, not soldiers."""
    return {row["ally"]: row["name"] for row in read_tsv("allies.tsv") if "auxiliar" in row["note"]}


@cache
def sources() -> list[tuple[str, Source]]:
    "(alias, source) pairs from sources.tsv."
    return [
        (row["alias"], Source(row["name"], row["kind"], row["country"] or None))
        for row in read_tsv("sources.tsv")
    ]


@cache
def loaded_terms() -> list[str]:
    "Loaded wording that is kept as the source's words, never used as a name."
    return [row["term"] for row in read_tsv("loaded_terms.tsv")]


#: ACLED's source scales, narrowest reach first: the order ACLED joins two of them in
#: ("Subnational-National", "Other-New media", "New media-Subnational").
SOURCE_SCALES = (
    "Local partner",
    "Other",
    "New media",
    "Subnational",
    "National",
    "Regional",
    "International",
)


@cache
def source_scales() -> dict[str, str]:
    """Sources whose reach their kind and country do not tell, by canonical name: local
    outlets ("Subnational"), pan-regional ones ("Regional"), social platforms ("New media").

    A scale outside SOURCE_SCALES is refused (ResourceError), so a typo in the file cannot
    put a scale ACLED never writes into an export.
    """
    out: dict[str, str] = {}
    for row in read_tsv("source_scales.tsv"):
        if row["scale"] not in SOURCE_SCALES:
            raise ResourceError(
                f"source_scales.tsv: {row['name']!r} has scale {row['scale']!r}; "
                f"use one of {', '.join(SOURCE_SCALES)}"
            )
        out[row["name"]] = row["scale"]
    return out
