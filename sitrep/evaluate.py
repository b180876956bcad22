"""Score extracted events against gold files with the contract's evaluation rules.

Two gold formats (shared/spec/events.md, "Evaluation" and "Multi-event gold"):

- **Single gold**: each line has a `gold` object, compared with the article's first output
  event (highest confidence). Only fields present in an item's gold are scored there; an
  article with no event is wrong on every field it is scored on.
- **Multi-event gold**: each line has a `gold_events` list, every event of the report coded
  with the verbatim sentences (`evidence`) that report it. Predictions are matched to gold
  events by the text they rest on (`match_events`), then scored as events (precision, recall,
  F1, duplicates), field by field on matched pairs, on the claimant of the toll, and on the
  fatalities total (`score_article`).

Results are given per file and, when a file mixes origins, per origin. A file holds one
format; `evaluate` takes several files of either format in one run.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from sitrep.errors import GoldError
from sitrep.gazetteer import distance_km
from sitrep.lexicons import fold
from sitrep.models import Article, Event, Incident

#: Fields in the order reports print them.
FIELDS = (
    "event_type",
    "sub_event_type",
    "actors_f1",
    "actor1",
    "actor2",
    "location_10km",
    "location_50km",
    "location_10km_known",
    "gazetteer_coverage",
    "admin1",
    "country",
    "fatalities",
    "event_date",
)


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One event of a multi-event gold article, with its evidence quotes located in the text.

    `spans` are the (start, end) offsets of the quotes; `gold` is the coding as given
    (`event_type`, `actor1`, ..., `fatalities` as {best, low, high} or null, `claimant`).
    """

    index: int  # position in the line's `gold_events`, as diagnostics name it
    gold: dict[str, Any]
    required: bool
    spans: tuple[tuple[int, int], ...]
    alternatives: dict[str, list[Any]]

    @property
    def fatalities(self) -> int:
        "Gold `fatalities.best`; a report that gives no deaths counts 0."
        return _gold_toll(self.gold.get("fatalities"))


@dataclass(frozen=True, slots=True)
class GoldItem:
    "One gold article: the article to extract from and the gold coding (one or every event)."

    article: Article
    gold: dict[str, Any]
    origin: str
    gold_events: tuple[GoldEvent, ...] | None = None  # set for multi-event gold

    @property
    def multi(self) -> bool:
        return self.gold_events is not None


@dataclass(slots=True)
class Tally:
    "Correct share per field: scores[field] is a list of per-item scores in 0..1."

    scores: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    items: int = 0
    no_event: int = 0

    def add(self, item_scores: dict[str, float], *, had_event: bool) -> None:
        self.items += 1
        self.no_event += 0 if had_event else 1
        for key, value in item_scores.items():
            self.scores[key].append(value)

    def report(self) -> dict[str, Any]:
        fields = {
            name: {"score": round(sum(v) / len(v), 4), "n": len(v)}
            for name in FIELDS
            if (v := self.scores.get(name))
        }
        return {"items": self.items, "no_event": self.no_event, "fields": fields}


def normalise_name(name: str | None) -> str:
    "An actor name as the scorer compares it: no case, accents, punctuation, (parts) or 'ACR: '."
    if not name:
        return ""
    text = re.sub(r"\([^)]*\)", " ", name)
    text = re.sub(r"^\s*[\w&./'-]{1,15}:\s+", "", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’ʼ`]", "", text.casefold())  # "People's" == "Peoples"
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def _blind(value: str | None) -> str:
    if not value:
        return ""
    text = unicodedata.normalize("NFKD", value)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


def score_item(gold: dict[str, Any], event: Event | None) -> dict[str, float]:
    "Per-field scores (0 or 1; F1 for actors) of one predicted event against one gold coding."
    out: dict[str, float] = {}
    has = gold.__contains__
    if has("event_type"):
        out["event_type"] = float(event is not None and event.event_type == gold["event_type"])
    if has("sub_event_type"):
        out["sub_event_type"] = float(
            event is not None and event.sub_event_type == gold["sub_event_type"]
        )
    if has("actor1") or has("actor2"):
        gold_set = {normalise_name(gold.get(k)) for k in ("actor1", "actor2")} - {""}
        pred_set: set[str] = set()
        if event is not None:
            for role in ("actor1", "actor2"):
                actor = event.actor(role)  # type: ignore[arg-type]
                if actor:
                    pred_set.add(normalise_name(actor.name))
        if gold_set or pred_set:
            tp = len(gold_set & pred_set)
            precision = tp / len(pred_set) if pred_set else 0.0
            recall = tp / len(gold_set) if gold_set else 0.0
            out["actors_f1"] = 2 * precision * recall / (precision + recall) if tp else 0.0
        for role in ("actor1", "actor2"):
            if has(role):
                if event is None:  # no event is wrong on every field it is scored on
                    out[role] = 0.0
                    continue
                predicted = event.actor(role)  # type: ignore[arg-type]
                out[role] = float(
                    normalise_name(gold[role])
                    == normalise_name(predicted.name if predicted else None)
                )
    if gold.get("latitude") is not None and gold.get("longitude") is not None:
        loc = event.location if event else None
        if loc is None or loc.latitude is None or loc.longitude is None:
            out["location_10km"] = out["location_50km"] = 0.0
        else:
            km = distance_km(gold["latitude"], gold["longitude"], loc.latitude, loc.longitude)
            out["location_10km"] = float(km <= 10)
            out["location_50km"] = float(km <= 50)
    if gold.get("admin1"):
        predicted = event.location.admin1 if event and event.location else None
        out["admin1"] = float(_blind(predicted) == _blind(gold["admin1"]))
    if gold.get("country"):
        predicted = event.location.country if event and event.location else None
        out["country"] = float(_blind(predicted) == _blind(gold["country"]))
    if has("fatalities") and gold["fatalities"] is not None:
        if event is None:
            out["fatalities"] = 0.0
        else:
            count = event.fatalities
            low, best = (count.low, count.best) if count else (0, 0)
            out["fatalities"] = float(int(gold["fatalities"]) in {low, best})
    if gold.get("event_date"):
        predicted = event.event_date.isoformat() if event and event.event_date else None
        out["event_date"] = float(predicted == gold["event_date"])
    return out


def read_gold(path: Path) -> Iterator[GoldItem]:
    "Gold items of one file; a malformed line is a GoldError naming the file and line."
    from sitrep.read.jsonl import article_from_object

    formats: dict[str, bool] = {}  # "multi": the format of the file's first line
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            origin = f"{path}:{lineno}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                raise GoldError(f"{origin}: invalid JSON ({err.msg})") from err
            multi = isinstance(obj, dict) and isinstance(obj.get("gold_events"), list)
            if not isinstance(obj, dict) or not (multi or isinstance(obj.get("gold"), dict)):
                raise GoldError(
                    f"{origin}: each line needs an article object with a 'gold' object "
                    "or a 'gold_events' list"
                )
            if formats.setdefault("multi", multi) != multi:
                raise GoldError(
                    f"{origin}: this line is {'multi-event' if multi else 'single'} gold but "
                    "the file's first line is not; keep each format in its own file"
                )
            try:
                article = article_from_object(obj, origin=origin)
            except Exception as err:  # a ReadError from the article reader
                raise GoldError(str(err)) from err
            name = str(obj.get("origin") or path.name)
            if multi:
                events = tuple(
                    _gold_event(article.text, i, g, where=f"{origin}: gold_events[{i}]")
                    for i, g in enumerate(obj["gold_events"])
                )
                yield GoldItem(article, {}, name, events)
            else:
                yield GoldItem(article, obj["gold"], name)


# --- multi-event gold -------------------------------------------------------------------------

#: A prediction matches a gold event only when at least this share of the characters it rests
#: on (its evidence sentences, actor, place and count mentions, claim quotes) lies inside the
#: gold event's quotes. A third, not a half: the extractor's frames carry an event's sentences
#: together with context around them (a background line, a reaction), and such a frame is
#: the event a reader finds. On news.jsonl (extraction of 3 Dec 2026) the pairs with a share
#: from 1/3 to 1/2 have the gold sub-event type as often as those above 1/2 (12 of 16 against
#: 55 of 77), so a majority rule would count each as one spurious and one missed event; below
#: 1/3, where a prediction rests twice as much on other sentences, half of them (7 of 14) do.
#: One-to-one assignment, largest share first, keeps a wide frame from taking an event that a
#: closer prediction rests on.
MIN_SHARE = 1 / 3
#: Matching ties: shares equal to this many decimals are one share, so the tie-break by
#: agreeing fields decides between gold events told in the same sentences.
_SHARE_DECIMALS = 3
#: The claimant a prediction gives a figure that no one is credited with (extract.claims).
UNATTRIBUTED = "unattributed"

#: Fields scored on matched pairs, in print order (the single-gold fields, plus two).
MULTI_FIELDS = (
    "event_type",
    "sub_event_type",
    "actors_f1",
    "actor1",
    "actor2",
    "location_10km",
    "location_50km",
    "geo_precision",
    "admin1",
    "country",
    "fatalities",
    "event_date",
    "claimant",
)


def _gold_toll(value: Any) -> int:
    "A gold toll as one number: {best, ...} gives best, a bare number itself, null 0."
    if isinstance(value, dict):
        value = value.get("best")
    return 0 if value is None else int(value)


def _locate(text: str, quote: str) -> list[tuple[int, int]]:
    "Every place a quote occurs in the text; whitespace may differ (line breaks in the text)."
    found = [(m.start(), m.start() + len(quote)) for m in re.finditer(re.escape(quote), text)]
    if not found:
        loose = r"\s+".join(re.escape(word) for word in quote.split())
        found = [m.span() for m in re.finditer(loose, text)] if loose else []
    return found


def gold_spans(text: str, quotes: list[str]) -> tuple[tuple[int, int], ...]:
    """The spans of an event's evidence quotes in the text; ValueError names a missing quote.

    A quote found more than once (a repeated line) is taken where it lies nearest the event's
    quotes that occur once, since an event is told in one passage; when none occurs once,
    every occurrence counts (they are the same words, so resting on either is resting on it).
    """
    places = []
    for quote in quotes:
        found = _locate(text, quote) if quote.strip() else []
        if not found:
            raise ValueError(f"evidence quote {quote[:60]!r} is not in the text")
        places.append(found)
    anchors = [found[0] for found in places if len(found) == 1]
    spans: list[tuple[int, int]] = []
    for found in places:
        if len(found) > 1 and anchors:
            found = [min(found, key=lambda f: min(abs(f[0] - a[0]) for a in anchors))]
        spans.extend(found)
    return tuple(sorted(set(spans)))


def _gold_event(text: str, index: int, gold: Any, *, where: str) -> GoldEvent:
    "One `gold_events` entry, checked: an object with evidence quotes that occur in the text."
    if not isinstance(gold, dict):
        raise GoldError(f"{where}: each gold event must be an object")
    quotes = gold.get("evidence")
    if not isinstance(quotes, list) or not quotes or not all(isinstance(q, str) for q in quotes):
        raise GoldError(f"{where}: 'evidence' must be a non-empty list of quotes from the text")
    try:
        spans = gold_spans(text, quotes)
    except ValueError as err:
        raise GoldError(f"{where}: {err}; quotes are verbatim sentences of 'text'") from err
    alternatives = gold.get("alternatives") or {}
    if not isinstance(alternatives, dict) or not all(
        isinstance(v, list) for v in alternatives.values()
    ):
        raise GoldError(f"{where}: 'alternatives' must map a field to a list of values")
    return GoldEvent(index, gold, gold.get("required", True) is not False, spans, alternatives)


def prediction_spans(event: Event) -> list[tuple[int, int]]:
    "Every span an event rests on: its evidence, actor/place/count mentions and claim quotes."
    spans = [(e.start, e.end) for e in event.evidence]
    for actor in event.actors:
        spans += [(m.start, m.end) for m in actor.mentions]
    if event.location is not None:
        spans += [(m.start, m.end) for m in event.location.mentions]
    for count in (event.fatalities, event.wounded, event.captured):
        if count is not None:
            spans += [(m.start, m.end) for m in count.mentions]
    spans += [(c.start, c.end) for c in event.claims]
    return [(s, e) for s, e in spans if e > s]


def _chars(spans: Iterable[tuple[int, int]]) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


def overlap_share(event: Event, gold: GoldEvent) -> float:
    "Share of the characters the prediction rests on that lie inside the gold event's quotes."
    chars = _chars(prediction_spans(event))
    return len(chars & _chars(gold.spans)) / len(chars) if chars else 0.0


def _options(gold: GoldEvent, field: str) -> list[Any]:
    "The gold value of a field and its alternatives."
    return [gold.gold.get(field), *gold.alternatives.get(field, [])]


def _agreement(event: Event, gold: GoldEvent) -> float:
    "How many of place, date, sub-event type and actors agree: breaks ties between gold events."
    agreeing = ("location_50km", "event_date", "sub_event_type", "actors_f1")
    return sum(_field_scores(gold, event, fields=agreeing).values())


@dataclass(frozen=True, slots=True)
class Match:
    "How one article's predictions and gold events were paired."

    pairs: tuple[tuple[int, int, float], ...]  # (prediction index, gold index, share)
    duplicates: tuple[tuple[int, int], ...]  # (prediction index, gold index it repeats)
    spurious: tuple[int, ...]  # prediction indexes that rest on no gold event
    best: dict[int, tuple[int, float]]  # prediction index -> (gold index, share) it overlaps most


def match_events(events: list[Event], golds: tuple[GoldEvent, ...]) -> Match:
    """Pair predictions with gold events one-to-one, largest share of overlap first.

    A pair needs a share of at least MIN_SHARE. Equal shares (gold events told in the same
    sentences) go to the pair whose place, date, sub-event type and actors agree most. A
    prediction left over whose gold events are all taken is a duplicate; one that reaches
    no gold event is spurious.
    """
    candidates = []
    best: dict[int, tuple[int, float]] = {}
    for p, event in enumerate(events):
        for g, gold in enumerate(golds):
            share = overlap_share(event, gold)
            if share > best.get(p, (-1, -1.0))[1]:
                best[p] = (g, share)
            if share >= MIN_SHARE:
                rounded = round(share, _SHARE_DECIMALS)
                candidates.append((-rounded, -_agreement(event, gold), p, g, share))
    candidates.sort()
    pairs, taken_p, taken_g = [], set(), set()
    for _, _, p, g, share in candidates:
        if p not in taken_p and g not in taken_g:
            pairs.append((p, g, share))
            taken_p.add(p)
            taken_g.add(g)
    duplicates, spurious = [], []
    for p in range(len(events)):
        if p in taken_p:
            continue
        reached = [c for c in candidates if c[2] == p]
        if reached:
            duplicates.append((p, reached[0][3]))  # its best gold, taken by another prediction
        else:
            spurious.append(p)
    return Match(tuple(sorted(pairs)), tuple(duplicates), tuple(spurious), best)


@cache
def _canonical_sources() -> dict[str, str]:
    "Folded alias -> canonical source name, from the sources lexicon (no spaCy needed)."
    from sitrep.lexicons import fold, sources

    return {fold(alias): source.name for alias, source in sources()}


def canonical_source(name: str | None, table: dict[str, str]) -> str:
    """A claimant as the scorer compares it: the lexicon's canonical name when the name (or
    the name without a parenthesis) is an alias, folded either way."""
    from sitrep.lexicons import fold

    if not name:
        return ""
    for form in (name, re.sub(r"\s*\([^)]*\)", "", name)):
        key = fold(form)
        if key in table:
            return normalise_name(table[key])
    return normalise_name(name)


def outlet_names(outlet: str | None, table: dict[str, str]) -> set[str]:
    """What "the outlet itself" may be called: the outlet, its name without the parenthesis,
    and each wire in it ("National Post (Reuters)" is also Reuters), plus "unattributed"."""
    names = {canonical_source(UNATTRIBUTED, table)}
    if outlet:
        parts = [outlet, re.sub(r"\s*\([^)]*\)", "", outlet)]
        for inner in re.findall(r"\(([^)]*)\)", outlet):
            parts += re.split(r"\s*/\s*|\s*,\s*", re.sub(r"^via\s+", "", inner.strip()))
        names |= {canonical_source(p, table) for p in parts if p.strip()}
    return names - {""}


def _claimants(event: Event) -> list[str]:
    "Who the prediction credits for its toll: the claimants of its fatalities claims."
    return [c.claimant for c in event.claims if c.field == "fatalities"]


@cache
def _actor_finder() -> Callable[[str, str | None], str | None]:
    """The actor rules as a claimant's canonical name: "Burkina Faso army" and "Police of
    Ecuador" are the sources Sitrep calls "Military Forces of Burkina Faso (2022-)" and
    "Police Forces of Ecuador (...)". Lexicons only, no spaCy."""
    from sitrep.extract.actors import find_actors, generic_rules
    from sitrep.lexicons import Folded, PhraseIndex, countries, named_actors

    table = countries()
    by_name = {normalise_name(c.name): iso3 for iso3, c in table.items()}
    places = PhraseIndex(
        [(p, iso3) for iso3, c in table.items() for p in (c.name, *c.aliases, *c.demonyms)]
    )
    actors = PhraseIndex(named_actors())
    rules = generic_rules()

    def actor_of(name: str, country: str | None) -> str | None:
        folded = Folded.of(name)
        found = find_actors(
            name,
            named=actors.find(name, folded),
            country_hits=places.find(name, folded),
            rules=rules,
            countries=table,
            country=by_name.get(normalise_name(country or "")),
        )
        # The name is one actor when a mention of it reaches the name's last word.
        tail = len(name.rstrip(" .)")) - 1
        heads = {m.name for m in found if m.start <= tail < m.end + 1 and m.kind != "civilians"}
        return heads.pop() if len(heads) == 1 else None

    return actor_of


def _claimant_names(name: str | None, table: dict[str, str], country: str | None) -> set[str]:
    "What a claimant may be called: its canonical source name, and its actor name if it is one."
    names = {canonical_source(name, table)}
    if name and name != UNATTRIBUTED:
        actor = _actor_finder()(name, country)
        if actor is not None:
            names.add(normalise_name(actor))
    return names - {""}


def claimant_right(
    event: Event, gold: GoldEvent, *, outlet: str | None, table: dict[str, str]
) -> bool:
    """Any of the prediction's fatalities claims names the gold claimant or an alternative
    (null: the outlet itself). A prediction with no fatalities claim names no one.

    Names compare as canonical names: the sources lexicon's, and for a source that is an
    actor (an army, a police force, a group) the actor rules' name, on both sides."""
    country = gold.gold.get("country")
    predicted = {n for c in _claimants(event) for n in _claimant_names(c, table, country)}
    accepted: set[str] = set()
    for option in _options(gold, "claimant"):
        accepted |= (
            outlet_names(outlet, table)
            if option is None
            else _claimant_names(option, table, country)
        )
    return bool(predicted & accepted)


def _single_gold(gold: GoldEvent, choice: dict[str, Any]) -> dict[str, Any]:
    "The gold event as a single-gold object (`score_item`'s shape), with chosen alternatives."
    single = {k: gold.gold.get(k) for k in ("event_type", "sub_event_type", "actor1", "actor2",
              "latitude", "longitude", "admin1", "country", "event_date")}  # fmt: skip
    single.update({k: v for k, v in choice.items() if k in single})
    single["fatalities"] = _gold_toll(choice.get("fatalities", gold.gold.get("fatalities")))
    return single


def _field_scores(
    gold: GoldEvent, event: Event, *, fields: tuple[str, ...] = MULTI_FIELDS
) -> dict[str, float]:
    """Per-field scores of a matched pair: the single-gold rules, with any value in
    `alternatives` counting as right (the best over every combination of alternatives).

    An alternative `location` is a place name without coordinates: it counts as right at
    10 and 50 km when the predicted place (or its admin1/admin2) bears that name.
    """
    # The claimant is scored apart (claimant_right), so its alternatives add no combination.
    alternatives = {k: v for k, v in gold.alternatives.items() if v and k != "claimant"}
    keys = sorted(alternatives)
    combos: list[dict[str, Any]] = [{}]
    for key in keys:
        combos = [{**c, key: v} for c in combos for v in (gold.gold.get(key), *alternatives[key])]
    out: dict[str, float] = {}
    for choice in combos:
        scores = score_item(_single_gold(gold, choice), event)
        place = event.location
        if choice.get("location") not in (None, gold.gold.get("location")) and place is not None:
            names = {normalise_name(n) for n in (place.name, place.admin1, place.admin2) if n}
            if normalise_name(choice["location"]) in names:
                scores["location_10km"] = scores["location_50km"] = 1.0
        if gold.gold.get("geo_precision") is not None:
            wanted = choice.get("geo_precision", gold.gold["geo_precision"])
            scores["geo_precision"] = float(place is not None and place.geo_precision == wanted)
        for name, value in scores.items():
            if name in fields:
                out[name] = max(out.get(name, 0.0), value)
    return out


def _shown(event: Event, field: str) -> Any:
    "A predicted value as diagnostics show it."
    place = event.location
    if field in ("event_type", "sub_event_type"):
        return getattr(event, field)
    if field in ("actor1", "actor2"):
        actor = event.actor(field)  # type: ignore[arg-type]
        return actor.name if actor else None
    if field == "actors_f1":
        return [_shown(event, "actor1"), _shown(event, "actor2")]
    if field.startswith("location"):
        if place is None:
            return None
        return {"name": place.name, "latitude": place.latitude, "longitude": place.longitude}
    if field in ("admin1", "country", "geo_precision"):
        return getattr(place, field) if place else None
    if field == "fatalities":
        count = event.fatalities
        return {"best": count.best, "low": count.low} if count else 0
    if field == "event_date":
        return event.event_date.isoformat() if event.event_date else None
    if field == "claimant":
        return _claimants(event)
    return None


def _mismatch(event: Event, gold: GoldEvent, field: str, outlet: str | None) -> dict[str, Any]:
    "One wrong field of a matched pair: predicted and gold values, the gold's alternatives."
    out = {
        "field": field,
        "predicted": _shown(event, field),
        "gold": _gold_shown(gold, field, outlet),
    }
    place, g = event.location, gold.gold
    if field.startswith("location") and place is not None:
        ends = (g.get("latitude"), g.get("longitude"), place.latitude, place.longitude)
        if None not in ends:
            out["km"] = round(distance_km(*ends), 1)  # type: ignore[arg-type]
    key = "location" if field.startswith("location") else field
    if alternatives := gold.alternatives.get(key):
        out["alternatives"] = alternatives
    return out


def _gold_shown(gold: GoldEvent, field: str, outlet: str | None) -> Any:
    "A gold value as diagnostics show it."
    g = gold.gold
    if field == "actors_f1":
        return [g.get("actor1"), g.get("actor2")]
    if field.startswith("location"):
        return {"name": g.get("location"), "latitude": g.get("latitude"),
                "longitude": g.get("longitude")}  # fmt: skip
    if field == "fatalities":
        return gold.fatalities
    if field == "claimant":
        return g.get("claimant") or f"the outlet itself ({outlet or UNATTRIBUTED})"
    return g.get(field)


def _event_summary(event: Event) -> dict[str, Any]:
    "A prediction as diagnostics show it: what it says and the sentences it rests on."
    return {
        "event_id": event.event_id,
        "type": f"{event.event_type} / {event.sub_event_type}",
        "actors": [f"{a.role}: {a.name}" for a in event.actors],
        "location": event.location.name if event.location else None,
        "event_date": _shown(event, "event_date"),
        "fatalities": event.fatalities.best if event.fatalities else None,
        "evidence": " ".join(e.text for e in event.evidence),
    }


def _gold_summary(gold: GoldEvent) -> dict[str, Any]:
    g = gold.gold
    return {
        "gold": gold.index,
        "required": gold.required,
        "type": f"{g.get('event_type')} / {g.get('sub_event_type')}",
        "actors": [g.get("actor1"), g.get("actor2")],
        "location": g.get("location"),
        "event_date": g.get("event_date"),
        "fatalities": gold.fatalities if g.get("fatalities") is not None else None,
        "evidence": " ".join(g.get("evidence") or ()),
    }


@dataclass(slots=True)
class EventTally:
    "Event-level counts, matched-pair field scores and toll sums for multi-event gold."

    items: int = 0
    no_event: int = 0
    predicted: int = 0
    matched: int = 0
    matched_required: int = 0
    matched_optional: int = 0
    duplicates: int = 0
    spurious: int = 0
    gold_required: int = 0
    gold_optional: int = 0
    predicted_toll: int = 0
    gold_toll: int = 0
    fields: Tally = field(default_factory=Tally)

    def add(self, other: EventTally) -> None:
        for name in self.__slots__:  # type: ignore[attr-defined]
            if name == "fields":
                for key, values in other.fields.scores.items():
                    self.fields.scores[key].extend(values)
            else:
                setattr(self, name, getattr(self, name) + getattr(other, name))

    def report(self) -> dict[str, Any]:
        precision = self.matched / self.predicted if self.predicted else 0.0
        recall = self.matched_required / self.gold_required if self.gold_required else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores = self.fields.scores
        return {
            "format": "multi-event",
            "items": self.items,
            "no_event": self.no_event,
            "events": {
                "predicted": self.predicted,
                "gold_required": self.gold_required,
                "gold_optional": self.gold_optional,
                "matched": self.matched,
                "matched_required": self.matched_required,
                "matched_optional": self.matched_optional,
                "missed_required": self.gold_required - self.matched_required,
                "duplicates": self.duplicates,
                "spurious": self.spurious,
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "f1": round(f1, 4),
            },
            "fields": {
                name: {"score": round(sum(v) / len(v), 4), "n": len(v)}
                for name in MULTI_FIELDS
                if (v := scores.get(name))
            },
            "fatalities_total": {
                "predicted": self.predicted_toll,
                "gold": self.gold_toll,
                "ratio": round(self.predicted_toll / self.gold_toll, 4) if self.gold_toll else None,
            },
        }


def score_article(
    item: GoldItem, events: list[Event], *, sources: dict[str, str] | None = None
) -> tuple[EventTally, dict[str, Any]]:
    """Score one multi-event gold article: its tally, and a diagnostic of what went wrong.

    The diagnostic lists spurious predictions (type, actors, evidence, the gold event they
    came nearest), duplicates, missed required gold events (with the prediction that came
    nearest) and field mismatches on matched pairs (field, predicted, gold).
    """
    assert item.gold_events is not None, "score_article takes multi-event gold"
    table = _canonical_sources() if sources is None else sources
    golds = item.gold_events
    outlet = item.article.outlet
    match = match_events(events, golds)
    tally = EventTally(items=1, no_event=int(not events), predicted=len(events))
    tally.gold_required = sum(g.required for g in golds)
    tally.gold_optional = len(golds) - tally.gold_required
    tally.duplicates, tally.spurious = len(match.duplicates), len(match.spurious)
    mismatches = []
    for p, g, share in match.pairs:
        event, gold = events[p], golds[g]
        tally.matched += 1
        tally.matched_required += gold.required
        tally.matched_optional += not gold.required
        scores = _field_scores(gold, event)
        if gold.gold.get("fatalities") is not None:  # claimant only where gold has a toll
            scores["claimant"] = float(claimant_right(event, gold, outlet=outlet, table=table))
        tally.fields.add(scores, had_event=True)
        wrong = [
            _mismatch(event, gold, name, outlet)
            for name in MULTI_FIELDS
            if name in scores and scores[name] < 1 and name != "location_50km"
        ]
        if wrong:
            mismatches.append(
                {"gold": g, "event_id": event.event_id, "share": round(share, 3), "fields": wrong}
            )
    matched_golds = {g for _, g, _ in match.pairs}
    tally.predicted_toll = sum(e.fatalities.best for e in events if e.fatalities)
    tally.gold_toll = sum(
        gold.fatalities for g, gold in enumerate(golds) if gold.required or g in matched_golds
    )

    def nearest_gold(p: int) -> dict[str, Any]:
        g, share = match.best.get(p, (None, 0.0))
        return {"nearest_gold": g if share else None, "share": round(share, 3)}

    paired_with = {p: g for p, g, _ in match.pairs}

    def nearest_prediction(g: int) -> dict[str, Any]:
        "The prediction resting most on this gold event, and the gold event it went to."
        shares = [(overlap_share(e, golds[g]), -p) for p, e in enumerate(events)]
        share, p = max(shares, default=(0.0, 0))
        if not share:
            return {"nearest_prediction": None, "share": 0.0}
        return {
            "nearest_prediction": events[-p].event_id,
            "share": round(share, 3),
            "its_gold": paired_with.get(-p),  # null: it matched no gold event
        }

    diagnostic = {
        "id": item.article.id,
        "origin": item.origin,
        "predicted": len(events),
        "gold_required": tally.gold_required,
        "matched": tally.matched,
        "spurious": [{**_event_summary(events[p]), **nearest_gold(p)} for p in match.spurious],
        "duplicates": [
            {**_event_summary(events[p]), "duplicate_of_gold": g} for p, g in match.duplicates
        ],
        "missed": [
            {**_gold_summary(gold), **nearest_prediction(g)}
            for g, gold in enumerate(golds)
            if gold.required and g not in matched_golds
        ],
        "mismatches": mismatches,
    }
    return tally, diagnostic


Extractor = Callable[[Iterable[Article]], Iterator[tuple[Article, list[Event]]]]
#: Whether the gazetteer holds an item's gold place (given the gold object).
KnownPlace = Callable[[dict[str, Any]], bool]


#: Receives one diagnostic object per article scored (`evaluate(on_article=...)`).
OnArticle = Callable[[dict[str, Any]], None]


def evaluate(
    paths: list[Path],
    *,
    run: Extractor,
    known_place: KnownPlace | None = None,
    on_article: OnArticle | None = None,
) -> dict[str, Any]:
    """Scores per file (and per origin inside a file that mixes them), plus all files together.

    A single-gold file's entry has `items`, `no_event` and `fields`; `all` adds those files
    together (present unless every file is multi-event). A multi-event file's entry
    (`"format": "multi-event"`) has `events` (precision, recall, F1, duplicates, ...),
    `fields` on matched pairs (with `claimant`) and `fatalities_total`; `all_events` adds
    those files together, present when there are any.

    With `known_place`, two more figures separate geocoding from gazetteer coverage:
    `gazetteer_coverage`, the share of items whose gold place the gazetteer holds, and
    `location_10km_known`, location within 10 km among those items only (single gold).

    `on_article` receives, for every article, what went wrong there: for multi-event gold
    the spurious, duplicate and missed events and the field mismatches (`score_article`);
    for single gold the fields the first event got wrong.
    """
    report: dict[str, Any] = {"files": {}}
    overall = Tally()
    overall_events: EventTally | None = None
    sources = _canonical_sources()
    for path in paths:
        items = list(read_gold(path))
        golds = {id(item.article): item for item in items}
        multi = bool(items) and items[0].multi
        per_file: Tally | EventTally = EventTally() if multi else Tally()
        per_origin: dict[str, Any] = defaultdict(EventTally if multi else Tally)
        for article, events in run(item.article for item in items):
            item = golds[id(article)]
            if multi:
                tally, diagnostic = score_article(item, events, sources=sources)
                overall_events = overall_events or EventTally()
                for total in (per_file, per_origin[item.origin], overall_events):
                    total.add(tally)  # type: ignore[arg-type]
                if on_article is not None:
                    on_article({"file": str(path), **diagnostic})
                continue
            first = events[0] if events else None
            scores = score_item(item.gold, first)
            if known_place is not None and "location_10km" in scores:
                known = known_place(item.gold)
                scores["gazetteer_coverage"] = float(known)
                if known:
                    scores["location_10km_known"] = scores["location_10km"]
            for tally_ in (per_file, per_origin[item.origin], overall):
                tally_.add(scores, had_event=first is not None)  # type: ignore[call-arg]
            if on_article is not None:
                on_article(_single_diagnostic(path, item, first, scores))
        entry = per_file.report()
        if len(per_origin) > 1:
            entry["origins"] = {name: t.report() for name, t in sorted(per_origin.items())}
        report["files"][str(path)] = entry
    if overall.items or overall_events is None:
        report["all"] = overall.report()
    if overall_events is not None:
        report["all_events"] = overall_events.report()
    return report


def _single_diagnostic(
    path: Path, item: GoldItem, first: Event | None, scores: dict[str, float]
) -> dict[str, Any]:
    "What the first event of a single-gold article got wrong, field by field."
    as_gold = GoldEvent(0, item.gold, True, (), {})
    wrong = [
        {"field": name, "predicted": _shown(first, name) if first else None,
         "gold": _gold_shown(as_gold, name, item.article.outlet)}
        for name in FIELDS
        if scores.get(name, 1.0) < 1 and name not in ("location_50km", "gazetteer_coverage")
    ]  # fmt: skip
    return {
        "file": str(path),
        "id": item.article.id,
        "origin": item.origin,
        "event": _event_summary(first) if first else None,
        "mismatches": wrong,
    }


def gazetteer_knows(gazetteer: Any) -> KnownPlace:
    """A `known_place` test: the gazetteer has a place of the gold location's name (any
    spelling variant, any part of ACLED's "City-Neighbourhood" names) within 10 km of the
    gold coordinates."""
    from sitrep.gazetteer import variant_key
    from sitrep.lexicons import fold

    def known(gold: dict[str, Any]) -> bool:
        lat, lon, name = gold.get("latitude"), gold.get("longitude"), gold.get("location")
        if lat is None or lon is None or not name:
            return False
        names = {name, *re.split(r"\s+-\s+|-(?=[A-Z])", name)}
        keys = {k for n in names for k in (fold(n), variant_key(n)) if k}
        return any(
            distance_km(lat, lon, p.latitude, p.longitude) <= 10
            for places in gazetteer.candidates(keys).values()
            for p in places
        )

    return known


# --- reconciliation -----------------------------------------------------------------------------
# Pairwise scores of incident merging: two articles form a gold pair when they report one
# incident, a predicted pair when one reconciled incident holds both articles' first events.
# Two kinds of gold: a written set that labels each article's incident (a TSV beside its
# articles.jsonl, tests/data/reconcile/), and single-gold files such as FA-KES whose coded
# place, day, cause and toll show which articles report one incident (`derive_incidents`).


def pairwise_scores(predicted: Iterable[Incident], gold: Mapping[str, str]) -> dict[str, Any]:
    """Pairwise precision and recall of predicted incidents against gold labels.

    `gold` maps an item (an event_id, or an article_id) to its gold incident label. Two items
    form a gold pair when they share a label, a predicted pair when one predicted incident
    holds both (an item no incident holds is alone). Precision = correct pairs / predicted
    pairs, recall = correct pairs / gold pairs; with no pairs at all a score is 1.0.
    """
    where: dict[str, str] = {}
    for incident in predicted:
        for item in (*incident.events, *incident.articles):
            where.setdefault(item, incident.incident_id)
    cells: Counter[tuple[str, str]] = Counter()
    for item, label in gold.items():
        cells[(label, where.get(item, "alone:" + item))] += 1
    gold_sizes: Counter[str] = Counter()
    predicted_sizes: Counter[str] = Counter()
    for (label, incident_id), n in cells.items():
        gold_sizes[label] += n
        predicted_sizes[incident_id] += n

    def pairs(sizes: Iterable[int]) -> int:
        return sum(n * (n - 1) // 2 for n in sizes)

    correct = pairs(cells.values())
    gold_pairs, predicted_pairs = pairs(gold_sizes.values()), pairs(predicted_sizes.values())
    precision = correct / predicted_pairs if predicted_pairs else 1.0
    recall = correct / gold_pairs if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "pairs": {"gold": gold_pairs, "predicted": predicted_pairs, "correct": correct},
        "items": len(gold),
        "gold_incidents": len(gold_sizes),
        "predicted_incidents": len(predicted_sizes),
    }


def read_reconcile_gold(path: Path) -> tuple[list[Article], dict[str, str]]:
    """A written reconciliation set: the gold TSV (article_id, incident, ...) and the
    articles, read from `articles.jsonl` in the same folder."""
    from sitrep.read.jsonl import article_from_object

    articles_path = path.parent / "articles.jsonl"
    if not articles_path.is_file():
        raise GoldError(f"{path}: no articles.jsonl beside it; put the articles there")
    gold: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if not row.get("article_id") or not row.get("incident"):
                raise GoldError(f"{path}: each row needs article_id and incident columns")
            gold[row["article_id"]] = row["incident"]
    articles: list[Article] = []
    with articles_path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                raise GoldError(f"{articles_path}:{lineno}: invalid JSON ({err.msg})") from err
            articles.append(article_from_object(obj, origin=f"{articles_path}:{lineno}"))
    missing = sorted(gold.keys() - {a.id for a in articles})
    if missing:
        raise GoldError(f"{path}: articles not in articles.jsonl: {', '.join(missing[:5])}")
    return [a for a in articles if a.id in gold], gold


#: Coded days of two reports that give one toll may differ by this much: an outlet files the
#: next day, or dates a night attack by the morning it was reported.
DERIVED_DAY_SLACK = 1
#: Tolls of this size are estimates that outlets round and revise ("about 600",
#: "more than 650"): two of them within TOLL_ESTIMATE_SHARE of the larger agree.
TOLL_ESTIMATE = 100
TOLL_ESTIMATE_SHARE = 0.1
#: A perpetrator category that names no one: agreeing on it says nothing.
_UNKNOWN_ACTOR = frozenset({"", "unknown"})


def _gold_place(gold: Mapping[str, Any]) -> str | None:
    "The coded place, as the coders wrote it (FA-KES's governorate, else ACLED's admin1)."
    for key in ("location_raw", "admin1", "location"):
        value = gold.get(key)
        if isinstance(value, str) and value.strip():
            return fold(value)
    return None


def _gold_day(item: GoldItem) -> date | None:
    "The coded day: the gold event_date, else the article's date (FA-KES codes no other)."
    value = item.gold.get("event_date")
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return item.article.published


def _gold_text(gold: Mapping[str, Any], *keys: str) -> str:
    "The first of `keys` the gold codes as text, folded ('' when none is)."
    for key in keys:
        value = gold.get(key)
        if isinstance(value, str) and value.strip():
            return fold(value)
    return ""


def _tolls_agree(a: int, b: int) -> bool:
    if a == b:
        return True
    return min(a, b) >= TOLL_ESTIMATE and abs(a - b) <= TOLL_ESTIMATE_SHARE * max(a, b)


def same_incident(a: GoldItem, b: GoldItem) -> bool:
    """Whether two single-gold articles report one incident, by their coding alone.

    Both must be coded at one place (the province) with one kind of death (FA-KES's cause,
    else ACLED's sub-event type), and then either
    - give one toll (a toll in the hundreds or more within a tenth) on days at most
      DERIVED_DAY_SLACK apart: one account, often one wire's copy, carried by several
      outlets; or
    - come from two outlets on the same coded day and blame the same side (a category
      other than "unknown"): two outlets' accounts of one attack, whatever toll each
      claimant gives (a monitor's 22 against the attackers' target's 10).
    A report coded with no deaths, no place or no day pairs with nothing: agreeing on
    "nothing known" says nothing about the incident.
    """
    toll_a, toll_b = _gold_toll(a.gold.get("fatalities")), _gold_toll(b.gold.get("fatalities"))
    place_a, day_a, day_b = _gold_place(a.gold), _gold_day(a), _gold_day(b)
    if not (toll_a and toll_b and place_a and day_a and day_b):
        return False
    kind = ("cause_of_death_raw", "sub_event_type")
    if place_a != _gold_place(b.gold) or _gold_text(a.gold, *kind) != _gold_text(b.gold, *kind):
        return False
    days = abs((day_a - day_b).days)
    if _tolls_agree(toll_a, toll_b) and days <= DERIVED_DAY_SLACK:
        return True
    actor = ("actor_category_raw", "actor1")
    side = _gold_text(a.gold, *actor)
    outlets = fold(a.article.outlet or ""), fold(b.article.outlet or "")
    return (
        days == 0
        and side not in _UNKNOWN_ACTOR
        and side == _gold_text(b.gold, *actor)
        and outlets[0] != outlets[1]
    )


def derive_incidents(items: Sequence[GoldItem]) -> dict[str, str]:
    """Gold incident labels (article_id -> label) derived from single-gold coding.

    Articles that `same_incident` pairs, directly or through a chain, share a label (the
    smallest article id among them); every other article is an incident of its own.
    """
    parent = {item.article.id: item.article.id for item in items}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            if same_incident(a, b):
                ra, rb = root(a.article.id), root(b.article.id)
                parent[max(ra, rb)] = min(ra, rb)
    return {item.article.id: root(item.article.id) for item in items}


def read_reconcile_set(path: Path) -> tuple[list[Article], dict[str, str], str]:
    """Articles and gold incident labels of a reconciliation set, and how the labels came.

    A `.tsv` is a written set (`read_reconcile_gold`, "written"); a JSON Lines gold file
    with a `gold` object per article is labelled by `derive_incidents` ("derived").
    """
    if path.suffix.lower() == ".tsv":
        articles, gold = read_reconcile_gold(path)
        return articles, gold, "written"
    items = list(read_gold(path))
    if any(item.multi for item in items):
        raise GoldError(
            f"{path}: multi-event gold has no incident labels to derive; give a gold TSV "
            "or a single-gold JSON Lines file"
        )
    return [item.article for item in items], derive_incidents(items), "derived"


def score_reconciliation(path: Path, *, run: Extractor) -> dict[str, Any]:
    """Extract, reconcile and score one reconciliation set (see `read_reconcile_set`).

    Each article is represented by its first event (highest confidence), the one the article
    is about; an article with no event stays alone, so it costs recall. All events take part
    in reconciliation, as they would in a store. `split` lists gold pairs the reconciler
    kept apart, `merged` pairs it joined against gold (article ids).
    """
    from sitrep.reconcile import reconcile

    articles, gold_articles, labels = read_reconcile_set(path)
    outlets = {a.id: a.outlet for a in articles}
    all_events: list[Event] = []
    main: dict[str, str] = {}
    for article, events in run(articles):
        all_events.extend(events)
        main[article.id] = events[0].event_id if events else "article:" + article.id
    incidents = reconcile(all_events, outlets=outlets)
    gold = {main[a]: label for a, label in gold_articles.items()}
    report = pairwise_scores(incidents, gold)
    where = {e: i.incident_id for i in incidents for e in i.events}
    article_of = {key: a for a, key in main.items()}
    split, merged = [], []
    keys = sorted(gold)
    for i, x in enumerate(keys):
        for y in keys[i + 1 :]:
            same_gold = gold[x] == gold[y]
            same_predicted = x in where and where.get(x) == where.get(y)
            if same_gold != same_predicted:
                (split if same_gold else merged).append(sorted((article_of[x], article_of[y])))
    report.update(
        file=str(path),
        labels=labels,
        articles=len(articles),
        events=len(all_events),
        split=sorted(split),
        merged=sorted(merged),
    )
    return report
