"""The store: one body of tests, run against SQLite and against a real PostgreSQL server.

`store_url` (conftest) is a fresh SQLite file or a fresh database on the session's throwaway
PostgreSQL server, so every test here runs twice, once per database.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from sitrep.bench import synthetic_store_corpus
from sitrep.errors import ContractError, FilterError, StoreError
from sitrep.models import Article, Event, Evidence
from sitrep.store import content_hash, open_store
from sitrep.store import rows as store_rows
from sitrep.store.connect import make_engine, resolve_url
from sitrep.store.schema import SCHEMA_VERSION, metadata, migrate, tables

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def corpus() -> list[tuple[Article, list[Event]]]:
    "Generated articles with their events: varied types, actors, places, dates and tolls."
    return synthetic_store_corpus(120, events_per_article=4, seed=5)


@pytest.fixture(scope="module")
def extracted(kit) -> list[tuple[Article, list[Event]]]:
    "Real extractor output on the bundled examples: claims, breakdowns, undated events."
    from sitrep.extract import extract_many
    from sitrep.read import read_articles

    articles = [a for a in read_articles([EXAMPLES]) if isinstance(a, Article)]
    return [(a, evs) for a, evs in extract_many(articles, kit=kit)]


def _ids(events) -> list[str]:
    return [e.event_id for e in events]


def test_events_and_articles_round_trip_exactly(store_url, corpus, extracted) -> None:
    with open_store(store_url) as store:
        for article, events in [*extracted, *corpus[:10]]:
            assert store.ingest(article, events).status == "new"
        for article, events in [*extracted, *corpus[:10]]:
            stored = store.events_of(article.id)
            assert stored == [Event.from_dict(e.to_dict()) for e in events]
            assert stored == events
            assert store.article(article.id) == dataclasses.replace(article)
        assert sum(len(evs) for _, evs in extracted) > 20  # the examples do yield events
        stats = store.stats()
        assert stats["articles"] == stats["versions"] == len(extracted) + 10
        assert stats["events"] == sum(len(evs) for _, evs in [*extracted, *corpus[:10]])
        assert stats["schema"] == SCHEMA_VERSION


def test_normalized_tables_hold_every_field(store_url, extracted) -> None:
    "Queries filter on the normalized rows, so they must say what the events say."
    with open_store(store_url) as store:
        for article, events in extracted:
            store.ingest(article, events)
        events = [e for _, evs in extracted for e in evs]
        with store.engine.connect() as conn:

            def count(table: str, *where) -> int:
                t = metadata.tables[table]
                return conn.execute(
                    sa.select(sa.func.count()).select_from(t).where(*where)
                ).scalar()

            assert count("actors") == sum(len(e.actors) for e in events)
            assert count("places") == sum(e.location is not None for e in events)
            assert count("claims") == sum(len(e.claims) for e in events)
            fatal = [e.fatalities for e in events if e.fatalities]
            assert count("counts", metadata.tables["counts"].c.field == "fatalities") == len(fatal)
            spans = sum(len(a.mentions) for e in events for a in e.actors) + sum(
                len(e.location.mentions) for e in events if e.location
            )
            spans += sum(
                len(c.mentions) for e in events for c in (e.fatalities, e.wounded, e.captured) if c
            )
            assert count("evidence") == spans
            for text, start, end, body in conn.execute(
                sa.select(
                    metadata.tables["articles"].c.text,
                    metadata.tables["evidence"].c.start,
                    metadata.tables["evidence"].c.end,
                    metadata.tables["evidence"].c.text,
                )
                .select_from(metadata.tables["evidence"])
                .join(metadata.tables["events"])
                .join(metadata.tables["articles"])
            ):
                assert text[start:end] == body


def test_same_content_is_stored_once(store_url, corpus) -> None:
    article, events = corpus[0]
    with open_store(store_url) as store:
        assert store.ingest(article, events).status == "new"
        again = store.ingest(article, events)
        assert (again.status, again.version, again.events) == ("unchanged", 1, 0)
        # Re-wrapped whitespace and \r\n line ends are the same content.
        rewrapped = dataclasses.replace(article, text="  " + article.text.replace(". ", ".\r\n"))
        assert content_hash(rewrapped) != content_hash(dataclasses.replace(article, title="x"))
        assert store.ingest(rewrapped, []).status == "unchanged"
        assert store.stats()["versions"] == 1
        assert store.events_of(article.id) == events
        assert store.seen(article_id=article.id)
        assert store.seen(url=article.url, content_hash=content_hash(article))
        assert not store.seen(article_id=article.id, content_hash="0" * 64)
        assert not store.seen(article_id="no-such-article")


def test_changed_article_is_a_new_version_and_old_is_kept(store_url, corpus) -> None:
    (old, old_events), (_, other_events) = corpus[0], corpus[1]
    new = dataclasses.replace(old, text=old.text + " Rescuers found two more bodies.")
    new_events = [
        dataclasses.replace(e, event_id=e.event_id + "-v2", article_id=old.id) for e in old_events
    ][:2]
    with open_store(store_url) as store:
        store.ingest(old, old_events)
        result = store.ingest(new, new_events)
        assert (result.status, result.version, result.events) == ("version", 2, 2)
        assert store.versions(old.id) == [1, 2]
        assert store.article(old.id) == new
        assert store.article(old.id, version=1) == old
        assert store.events_of(old.id) == new_events
        assert store.events_of(old.id, version=1) == old_events
        # Queries read the latest version only.
        assert sorted(_ids(store.events())) == sorted(_ids(new_events))
        # Ingesting either version again changes nothing: re-running a batch is idempotent.
        assert store.ingest(old, old_events).status == "unchanged"
        assert store.ingest(new, new_events).status == "unchanged"
        # The same URL under another id is the same article: a third version of it.
        moved = dataclasses.replace(other_events[0], article_id="renamed")
        third_text = old.text + " The toll rose again."
        third = dataclasses.replace(old, id="renamed", text=third_text)
        moved = dataclasses.replace(moved, event_id="ev-renamed-0", claims=(), actors=())
        # Dated by this article, not the other one: a report cannot precede its event.
        moved = dataclasses.replace(moved, location=None, fatalities=None, event_date=old.published)
        result = store.ingest(third, [moved])
        assert (result.status, result.article_id, result.version) == ("version", old.id, 3)
        assert store.article("renamed") == store.article(old.id) == third
        assert _ids(store.events()) == ["ev-renamed-0"]
        assert store.stats() == {
            "articles": 1,
            "versions": 3,
            "events": 1,
            "incidents": store.stats()["incidents"],
            "schema": SCHEMA_VERSION,
        }


FILTERS = [
    {},
    {"since": date(2023, 6, 1), "until": date(2023, 8, 31)},
    {"until": date(2023, 3, 1)},
    {"event_type": "Battles"},
    {"event_type": "air/drone strike"},
    {"event_type": "Violence against civilians", "since": date(2024, 1, 1)},
    {"actor": "Arakan Army"},
    {"actor": "military forces of syria (2000-)"},
    {"actor": "Military Forces of*"},
    {"country": "SYR"},
    {"country": "sudan"},
    {"country": "YEM", "event_type": "Battles"},
    {"bbox": (36.0, 35.5, 37.5, 36.5)},  # Idlib and Aleppo, not Deir ez-Zor
    {"min_fatalities": 5},
    {"min_fatalities": 3, "country": "UKR", "actor": "Military Forces of Russia (2000-)"},
    {"since": date(2024, 1, 1), "limit": 7},
]


def _matches(event: Event, f: dict) -> bool:
    "The filters' documented meaning, in plain Python, to check the SQL against."
    place = event.location
    if f.get("since") and not (event.event_date and event.event_date >= f["since"]):
        return False
    if f.get("until") and not (event.event_date and event.event_date <= f["until"]):
        return False
    if f.get("event_type"):
        wanted = f["event_type"].casefold()
        if wanted not in (event.event_type.casefold(), event.sub_event_type.casefold()):
            return False
    if f.get("actor"):
        key = f["actor"].casefold()
        names = [a.name.casefold() for a in event.actors]
        if key.endswith("*"):
            if not any(n.startswith(key[:-1]) for n in names):
                return False
        elif key not in names:
            return False
    if f.get("country"):
        c = f["country"]
        if place is None or (place.country_code != c.upper() and place.country.casefold() != c):
            return False
    if f.get("bbox"):
        w, s, e, n = f["bbox"]
        if place is None or not (s <= place.latitude <= n and w <= place.longitude <= e):
            return False
    return not (
        f.get("min_fatalities") is not None
        and (event.fatalities is None or event.fatalities.best < f["min_fatalities"])
    )


def test_filters_select_exactly_the_matching_events(store_url, corpus) -> None:
    with open_store(store_url) as store:
        for article, events in corpus:
            store.ingest(article, events)
        everything = [e for _, evs in corpus for e in evs]
        for f in FILTERS:
            expected = sorted(
                (e for e in everything if _matches(e, f)), key=lambda e: (e.event_date, e.event_id)
            )
            if "limit" in f:
                expected = expected[: f["limit"]]
            got = list(store.events(**f))
            assert [(e.event_date, e.event_id) for e in got] == [
                (e.event_date, e.event_id) for e in expected
            ], f
            assert 0 < len(got) < len(everything) or not f, f  # each filter really filters


def test_bad_filters_say_what_to_give(store_url) -> None:
    with open_store(store_url) as store:
        with pytest.raises(FilterError, match="no ACLED event type or sub-event type 'Skirmish'"):
            store.events(event_type="Skirmish")
        with pytest.raises(FilterError, match="west, south, east, north"):
            store.events(bbox=(40.0, 30.0, 35.0, 36.0))


@pytest.mark.reliability(
    "an article whose events break the contract or collide with stored ones mid-write",
    "refused and rolled back whole; other articles stand and it can be ingested later",
)
def test_a_failing_article_leaves_no_trace_and_the_rest_stand(store_url, corpus) -> None:
    (good, good_events), (bad, bad_events), (later, later_events) = corpus[:3]
    with open_store(store_url) as store:
        store.ingest(good, good_events)
        # Evidence that does not slice the article's text is refused before any write.
        wrong = dataclasses.replace(bad_events[0].location, mentions=(Evidence(0, 3, "xyz"),))
        with pytest.raises(ContractError, match="does not slice"):
            store.ingest(bad, [dataclasses.replace(bad_events[0], location=wrong)])
        # The database refuses the third event (its event_id is taken) after the article
        # row and two events were written: the whole article is rolled back.
        clash = dataclasses.replace(bad_events[2], event_id=good_events[0].event_id)
        with pytest.raises(StoreError, match="nothing of this article was written"):
            store.ingest(bad, [*bad_events[:2], clash])
        assert not store.seen(article_id=bad.id)
        assert store.article(bad.id) is None
        assert store.ingest(later, later_events).status == "new"
        assert store.ingest(bad, bad_events).status == "new"
        assert store.events_of(good.id) == good_events
        assert store.stats()["events"] == len(good_events) + len(bad_events) + len(later_events)


@pytest.mark.reliability(
    "an event dated 9999-12-31 or before 1900 given to Store.ingest",
    "refused (ContractError naming the event and its date); nothing of the article stored",
)
@pytest.mark.parametrize("day", [date(9999, 12, 31), date(1899, 12, 31)])
def test_implausible_event_dates_are_refused_by_the_store(store_url, day) -> None:
    published = date(9999, 12, 31) if day.year == 9999 else date(2024, 3, 5)
    article, events = _report("far", "Wire", place="Saraqib", killed=2, source="SOHR", day=day)
    article = dataclasses.replace(article, published=published)
    with open_store(store_url) as store:
        with pytest.raises(ContractError, match=f"ev-far: its date {day.isoformat()} is"):
            store.ingest(article, events)
        assert not store.seen(article_id="far")
        assert store.stats()["incidents"] == 0


def test_a_store_with_a_table_of_the_users_own_still_opens(store_url, corpus) -> None:
    "Only a database that is not yet a store must be empty (see test_store_cli for that)."
    with open_store(store_url) as store:
        store.ingest(*corpus[0])
        with store.engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE my_notes (id INTEGER PRIMARY KEY, note TEXT)"))
    with open_store(store_url, create=False) as store:
        assert store.stats()["articles"] == 1


@pytest.mark.reliability(
    "events ingested under the wrong article",
    "ContractError before any write",
)
def test_events_of_another_article_are_refused(store_url, corpus) -> None:
    (first, _), (_, other_events) = corpus[:2]
    with open_store(store_url) as store, pytest.raises(ContractError, match="belongs to"):
        store.ingest(first, other_events)


def test_a_v1_database_is_migrated_forward_without_loss(store_url, corpus) -> None:
    article, events = corpus[3]
    engine = make_engine(resolve_url(store_url), create=True)
    v1 = tables(sa.MetaData(), 1).tables
    with engine.connect() as conn:
        assert migrate(conn, target=1) == [1]
        with conn.begin():
            article_pk = conn.execute(
                sa.insert(v1["articles"]).returning(v1["articles"].c.pk),
                {
                    "article_id": article.id,
                    "lineage": article.id,
                    "version": 1,
                    "latest": True,
                    "content_hash": content_hash(article),
                    "url": article.url,
                    "title": article.title,
                    "text": article.text,
                    "published": article.published,
                    "outlet": article.outlet,
                    "language": article.language,
                    "origin": None,
                    "ingested_at": "2025-01-01T00:00:00+00:00",
                },
            ).scalar_one()
            for i, event in enumerate(events):
                pk = conn.execute(
                    sa.insert(v1["events"]).returning(v1["events"].c.pk),
                    store_rows.event_row(event, article_pk=article_pk, ordinal=i),
                ).scalar_one()
                for name, items in store_rows.child_rows(event, pk).items():
                    if items:
                        conn.execute(sa.insert(v1[name]), items)
        assert "incident_id" not in {c["name"] for c in sa.inspect(conn).get_columns("events")}
    engine.dispose()

    with open_store(store_url) as store:
        assert store.stats()["schema"] == SCHEMA_VERSION
        assert store.article(article.id) == article
        assert store.events_of(article.id) == events
        assert _ids(store.events(country=events[0].location.country_code)) == _ids(
            sorted(
                (e for e in events if e.location.country_code == events[0].location.country_code),
                key=lambda e: (e.event_date, e.event_id),
            )
        )
        assert store.ingest(article, events).status == "unchanged"
        with store.engine.connect() as conn:
            # The migrated database has exactly the current schema's columns and indexes.
            assert _schema(conn) == {
                t.name: (sorted(t.columns.keys()), sorted(i.name for i in t.indexes))
                for t in metadata.sorted_tables
            }


def _schema(conn: sa.Connection) -> dict[str, tuple]:
    inspector = sa.inspect(conn)
    return {
        name: (
            sorted(c["name"] for c in inspector.get_columns(name)),
            sorted(
                i["name"]
                for i in inspector.get_indexes(name)
                if i["name"].startswith(("ix_", "uq_")) and not i.get("duplicates_constraint")
            ),
        )
        for name in inspector.get_table_names()
    }


@pytest.mark.reliability(
    "a store written by a newer Sitrep (schema version ahead)",
    "StoreError saying so; the store is not touched",
)
def test_a_newer_schema_is_refused(store_url) -> None:
    with open_store(store_url) as store, store.engine.connect() as conn, conn.begin():
        conn.execute(
            sa.insert(metadata.tables["sitrep_schema"]),
            {"version": SCHEMA_VERSION + 1, "applied_at": "2099-01-01", "sitrep": "9.9"},
        )
    with pytest.raises(StoreError, match="newer than this Sitrep"):
        open_store(store_url)


@pytest.mark.reliability(
    "reading from a store that does not exist",
    "StoreError naming `sitrep ingest`; no empty store created",
)
def test_a_missing_store_is_not_created_for_reading(store_url) -> None:
    with pytest.raises(StoreError, match="sitrep ingest"):
        open_store(store_url, create=False)


def test_event_json_is_what_is_read_back(store_url, corpus) -> None:
    "events.data holds Event.to_dict(); a stored event equals the ingested one, field by field."
    article, events = corpus[7]
    with open_store(store_url) as store:
        store.ingest(article, events)
        with store.engine.connect() as conn:
            data = conn.execute(
                sa.select(metadata.tables["events"].c.data).order_by(
                    metadata.tables["events"].c.ordinal
                )
            ).scalars()
            assert [json.loads(d) for d in data] == [e.to_dict() for e in events]


def test_default_store_is_sitrep_db_or_SITREP_DB(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SITREP_DB", raising=False)
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'sitrep.db'}"
    monkeypatch.setenv("SITREP_DB", str(tmp_path / "other.db"))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'other.db'}"
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    with pytest.raises(StoreError, match="not a store"):
        resolve_url("mysql://u@h/db")


_PLACES = {  # name: (admin1, lat, lon)
    "Saraqib": ("Idlib", 35.8645, 36.8059),
    "Bakhmut": ("Donetsk", 48.5940, 37.9990),
}


def _report(article_id: str, outlet: str, *, place: str, killed: int, source: str, day: date):
    "One article reporting one shelling: the text, and the event with evidence slicing it."
    from sitrep.models import Actor, Claim, Count, Place

    country = ("Syria", "SYR") if place == "Saraqib" else ("Ukraine", "UKR")
    actor1 = "Military Forces of Russia (2000-)"
    text = (
        f"{actor1} shelled the town of {place} on {day:%d %B %Y}, killing {killed} people, "
        f"{source} said."
    )

    def ev(s: str) -> Evidence:
        return Evidence.at(text, text.index(s), text.index(s) + len(s))

    toll = ev(f"killing {killed} people")
    admin1, lat, lon = _PLACES[place]
    event = Event(
        event_id=f"ev-{article_id}",
        article_id=article_id,
        event_date=day,
        date_precision="day",
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        actors=(
            Actor(
                role="actor1",
                name=actor1,
                kind="state forces",
                country="RUS",
                mentions=(ev(actor1),),
            ),
        ),
        location=Place(
            name=place,
            admin1=admin1,
            country=country[0],
            country_code=country[1],
            latitude=lat,
            longitude=lon,
            geo_precision=1,
            gazetteer_id=f"test:{place}",
            mentions=(ev(place),),
        ),
        fatalities=Count(best=killed, low=killed, high=killed, mentions=(toll,)),
        wounded=None,
        captured=None,
        civilian_harm=True,
        claims=(
            Claim.on(
                toll,
                field="fatalities",
                value={
                    "best": killed,
                    "low": killed,
                    "high": killed,
                    "qualifier": "exact",
                    "party": None,
                },
                claimant=source,
                via=outlet,
            ),
        ),
        sources=(outlet, source),
        notes=f"Shelling of {place}.",
        confidence=0.8,
    )
    article = Article(id=article_id, text=text, published=day, outlet=outlet)
    return article, [event]


def test_reports_of_one_incident_are_reconciled_on_ingest(store_url) -> None:
    day = date(2024, 3, 5)
    a = _report("a", "Wire One", place="Saraqib", killed=10, source="SOHR", day=day)
    b = _report("b", "Wire Two", place="Saraqib", killed=12, source="White Helmets", day=day)
    c = _report("c", "Wire One", place="Bakhmut", killed=3, source="Ukrainian officials", day=day)
    with open_store(store_url) as store:
        first = store.ingest(*a)
        assert store.ingest(*b).incidents == first.incidents  # joined a's incident
        assert store.ingest(*c).incidents != first.incidents  # 2,000 km away: its own
        (syria,) = store.incidents(country="SYR")
        assert syria.incident_id == first.incidents[0]
        assert set(syria.articles) == {"a", "b"}
        assert (syria.fatalities.low, syria.fatalities.high) == (10, 12)
        assert {(f.claimant, f.value, f.outlet) for f in syria.figures} == {
            ("SOHR", 10, "Wire One"),
            ("White Helmets", 12, "Wire Two"),
        }
        assert [i.incident_id for i in store.incidents(min_fatalities=5)] == [syria.incident_id]
        assert len(list(store.incidents(actor="military forces of russia (2000-)"))) == 2
        assert list(store.incidents(event_type="Battles")) == []
        assert store.stats()["incidents"] == 2
        # A new version of b without the event: the incident is rebuilt from a alone.
        revised = dataclasses.replace(b[0], text=b[0].text + " The report was withdrawn.")
        assert store.ingest(revised, []).status == "version"
        (syria,) = store.incidents(country="Syria")
        assert syria.articles == ("a",)
        assert syria.fatalities.best == 10
        # And a new version of a without the event leaves no incident behind in Syria.
        gone = dataclasses.replace(a[0], text=a[0].text + " Corrected: no shelling.")
        store.ingest(gone, [])
        assert list(store.incidents(country="SYR")) == []
        assert store.stats()["incidents"] == 1


def test_event_evidence_is_checked_stored_and_optional(tmp_path: Path) -> None:
    "Sentence evidence must slice the text; an event stored before it existed loads with none."
    article, (event,) = _report("a", "Wire One", place="Saraqib", killed=3, source="SOHR",
                                day=date(2024, 5, 2))  # fmt: skip
    sentence = Evidence.at(article.text, 0, len(article.text))
    with open_store(str(tmp_path / "store.db")) as store:
        with pytest.raises(ContractError, match="does not slice"):
            store.ingest(article, [dataclasses.replace(event, evidence=(Evidence(0, 3, "xyz"),))])
        store.ingest(article, [dataclasses.replace(event, evidence=(sentence,))])
        assert store.events_of(article.id)[0].evidence == (sentence,)
        older = {k: v for k, v in event.to_dict().items() if k != "evidence"}
        assert Event.from_dict(older) == event  # the JSON of an event stored before `evidence`
