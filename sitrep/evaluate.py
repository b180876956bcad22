"""Score extracted events against gold files with the contract's evaluation rules.

A gold file is JSON Lines of articles, each with a `gold` object (shared/spec/events.md,
"Evaluation"). The gold event is compared with the article's first output event (highest
confidence). Only fields present in an item's gold are scored there; an article with no
event is wrong on every field it is scored on. Results are given per file and, when a file
mixes origins, per origin.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitrep.errors import GoldError
from sitrep.gazetteer import distance_km
from sitrep.models import Article, Event

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
class GoldItem:
    "One gold article: the article to extract from and the gold coding."

    article: Article
    gold: dict[str, Any]
    origin: str


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

    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            origin = f"{path}:{lineno}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                raise GoldError(f"{origin}: invalid JSON ({err.msg})") from err
            if not isinstance(obj, dict) or not isinstance(obj.get("gold"), dict):
                raise GoldError(f"{origin}: each line needs an article object with a 'gold' object")
            try:
                article = article_from_object(obj, origin=origin)
            except Exception as err:  # a ReadError from the article reader
                raise GoldError(str(err)) from err
            yield GoldItem(article, obj["gold"], str(obj.get("origin") or path.name))


Extractor = Callable[[Iterable[Article]], Iterator[tuple[Article, list[Event]]]]
#: Whether the gazetteer holds an item's gold place (given the gold object).
KnownPlace = Callable[[dict[str, Any]], bool]


def evaluate(
    paths: list[Path], *, run: Extractor, known_place: KnownPlace | None = None
) -> dict[str, Any]:
    """Scores per file (and per origin inside a file that mixes them), plus all files together.

    With `known_place`, two more figures separate geocoding from gazetteer coverage:
    `gazetteer_coverage`, the share of items whose gold place the gazetteer holds, and
    `location_10km_known`, location within 10 km among those items only.
    """
    report: dict[str, Any] = {"files": {}}
    overall = Tally()
    for path in paths:
        items = list(read_gold(path))
        golds = {id(item.article): item for item in items}
        per_file = Tally()
        per_origin: dict[str, Tally] = defaultdict(Tally)
        for article, events in run(item.article for item in items):
            item = golds[id(article)]
            first = events[0] if events else None
            scores = score_item(item.gold, first)
            if known_place is not None and "location_10km" in scores:
                known = known_place(item.gold)
                scores["gazetteer_coverage"] = float(known)
                if known:
                    scores["location_10km_known"] = scores["location_10km"]
            for tally in (per_file, per_origin[item.origin], overall):
                tally.add(scores, had_event=first is not None)
        entry = per_file.report()
        if len(per_origin) > 1:
            entry["origins"] = {name: t.report() for name, t in sorted(per_origin.items())}
        report["files"][str(path)] = entry
    report["all"] = overall.report()
    return report


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
