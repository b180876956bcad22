"""ACLED's `source` and `source_scale` columns: canonical outlet names, once each, and their reach.

`source` lists every source a record rests on by its canonical name, resolved the way the
extractor resolves an article's outlet for claims (`sitrep.extract.claims.canonical_outlet`
over the sources lexicon), and each name once, compared blind to case, accents and
punctuation. An incident merges its events' sources with its articles' raw outlet metadata,
so without this one outlet came out in two spellings ("Al-Ahram; ahram").

`source_scale` is ACLED's geographic reach of those sources, from the sources lexicon:

- an outlet of the event's own country is "National", one of another country
  "International";
- an outlet listed in `source_scales.tsv` has the reach given there: "Subnational" (a local
  outlet), "New media" (a social platform), "Regional" (a pan-Arab or pan-African outlet;
  "National" at home);
- a source that is not an outlet (a monitor, an official, an armed group's statement, an aid
  organisation) is "Other", ACLED's scale for reports that are not media;
- a name the lexicon does not know (an unnamed "security source", an outlet nobody has
  added) tells nothing, and is left out of the scale rather than guessed.

Several scales are joined the way ACLED joins two, narrowest first ("Subnational-National",
"National-International", "Other-National"). ACLED's files never join three, so with more
the narrowest and the widest are kept ("Subnational", "National", "International" give
"Subnational-International"). No known source leaves the cell empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from sitrep.lexicons import SOURCE_SCALES, PhraseIndex, Source, fold, source_scales, sources

__all__ = ["canonical_source", "canonical_sources", "source_cell", "source_scale"]


@cache
def _index() -> PhraseIndex[Source]:
    "The sources lexicon as the extractor's Kit holds it, built once."
    return PhraseIndex(sources())


@cache
def _by_name() -> dict[str, Source]:
    "Each canonical source name's lexicon entry (kind and country)."
    out: dict[str, Source] = {}
    for _, entry in sources():
        out.setdefault(entry.name, entry)
    return out


@cache
def canonical_source(name: str) -> str:
    "The canonical name of a source or outlet ('ahram' -> 'Al-Ahram'); the name itself if unknown."
    # Imported here: sitrep.extract is a large package, and the CLI imports sitrep.export on
    # every start to list the formats.
    from sitrep.extract.claims import canonical_outlet

    return canonical_outlet(name, _index()) or name.strip()


def canonical_sources(names: Iterable[str]) -> list[str]:
    "Canonical names, each once (blind to case, accents and punctuation), first seen first."
    out: dict[str, str] = {}
    for name in names:
        if name and name.strip():
            canonical = canonical_source(name)
            out.setdefault(fold(canonical), canonical)
    return list(out.values())


def source_cell(names: Iterable[str]) -> str:
    "The `source` cell: canonical names, each once, joined with '; ' as ACLED does."
    return "; ".join(canonical_sources(names))


def _scale(name: str, iso3: str | None) -> str | None:
    entry = _by_name().get(name)
    if entry is None:
        return None
    listed = source_scales().get(name)
    home = iso3 is not None and entry.country is not None and entry.country == iso3.upper()
    if listed == "Regional" and home:
        return "National"
    if listed is not None:
        return listed
    if entry.kind != "outlet":
        return "Other"
    if entry.country is None:
        return None
    return "National" if home else "International"


def source_scale(names: Iterable[str], iso3: str | None) -> str:
    "The `source_scale` cell for a record in country `iso3` resting on these sources."
    found = {s for name in canonical_sources(names) if (s := _scale(name, iso3)) is not None}
    ordered = [s for s in SOURCE_SCALES if s in found]
    if len(ordered) > 2:
        ordered = [ordered[0], ordered[-1]]
    return "-".join(ordered)
