"""A store for the API tests, built without NLP: generated articles and events (the store
benchmark's generator), the same reports from a second outlet (so incidents form), events
without a date or a toll (so sorts meet empty values), and an article whose text, title,
outlet, notes and place carry HTML and script payloads."""

from __future__ import annotations

import dataclasses
import warnings
from datetime import date
from pathlib import Path

from sitrep.bench import synthetic_store_corpus
from sitrep.models import Actor, Article, Claim, Count, Event, Evidence, Place
from sitrep.store import open_store

with warnings.catch_warnings():  # starlette asks for httpx2, which is not released yet
    warnings.filterwarnings("ignore", message=".*httpx2")
    from fastapi.testclient import TestClient

__all__ = ["IMG", "SCRIPT", "XSS_ID", "TestClient", "corpus", "seed", "xss_article"]

SCRIPT = '<script>alert("xss")</script>'
IMG = '<img src=x onerror="alert(1)">'
XSS_ID = "xss-article"


def xss_article() -> tuple[Article, list[Event]]:
    "An article whose every user-visible string carries markup a browser would run."
    text = (
        f"Gunmen attacked the market in Gao on 3 March 2024, killing 4 people. {SCRIPT} "
        f"Witnesses posted {IMG} and said the toll could rise & more were hurt."
    )
    start = text.index(SCRIPT)
    script = Evidence.at(text, start, start + len(SCRIPT))
    img_at = text.index(IMG)
    img = Evidence.at(text, img_at, img_at + len(IMG))
    killed = Evidence.at(text, text.index("killing 4"), text.index("killing 4") + 9)
    event = Event(
        event_id="ev-xss-0",
        article_id=XSS_ID,
        event_date=date(2024, 3, 3),
        date_precision="day",
        event_type="Violence against civilians",
        sub_event_type="Attack",
        actors=(
            Actor(
                role="actor1",
                name=f"Gunmen {IMG}",
                kind="political militia",
                country="MLI",
                mentions=(script,),
            ),
            Actor(role="actor2", name="Civilians (Mali)", kind="civilians", country="MLI"),
        ),
        location=Place(
            name=f"Gao {SCRIPT}",
            admin1="Gao",
            country="Mali",
            country_code="MLI",
            latitude=16.27,
            longitude=-0.04,
            geo_precision=1,
            gazetteer_id="test:gao",
            mentions=(img,),
        ),
        fatalities=Count(best=4, low=4, high=4, mentions=(killed,)),
        wounded=None,
        captured=None,
        civilian_harm=True,
        claims=(
            Claim.on(
                script,
                field="fatalities",
                value={"best": 4, "low": 4, "high": 4},
                claimant=f"Witness {IMG}",
                via=None,
            ),
        ),
        sources=("Test Wire",),
        notes=f"On 3 March 2024, gunmen attacked civilians in Gao. {SCRIPT}",
        confidence=0.8,
    )
    article = Article(
        id=XSS_ID,
        text=text,
        published=date(2024, 3, 4),
        outlet=f"Wire {IMG}",
        title=f"Market attack {SCRIPT}",
        url="https://example.org/xss",
        language="en",
    )
    return article, [event]


def corpus() -> list[tuple[Article, list[Event]]]:
    "Every article the API store holds, in ingest order."
    items = synthetic_store_corpus(24, events_per_article=5, seed=3)
    out: list[tuple[Article, list[Event]]] = []
    for i, (article, events) in enumerate(items):
        if i == 5:  # no dates, no tolls: sorted after every dated / counted event
            events = [
                dataclasses.replace(e, event_date=None, date_precision=None)
                if j < 2
                else dataclasses.replace(e, fatalities=None)
                if j < 4
                else e
                for j, e in enumerate(events)
            ]
        out.append((article, events))
        if i < 4:  # the same report from another outlet: one incident per pair of events
            twin = dataclasses.replace(
                article, id=article.id + "-wire", url=f"{article.url}-wire", outlet="Other Wire"
            )
            out.append(
                (
                    twin,
                    [
                        dataclasses.replace(e, event_id=e.event_id + "-wire", article_id=twin.id)
                        for e in events
                    ],
                )
            )
    out.append(xss_article())
    return out


def seed(url: str | Path) -> str:
    "Fill the store at `url` with `corpus()`; a write token for reviewer 'alice'."
    with open_store(url) as store:
        for article, events in corpus():
            store.ingest(article, events)
        return store.create_token("alice")
