"""The HTTP API through the real app (FastAPI over a real store, no mocks): pages, keyset
cursors, filters, one event, one article and its evidence, incidents, stats, exports,
review and corrections, private reads, and `sitrep serve` itself."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import filter_data
import pyarrow.parquet as pq
import pytest
from api_data import XSS_ID, TestClient, seed

from sitrep.api import ApiSettings, create_app
from sitrep.bench import synthetic_store_corpus
from sitrep.store import open_store


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    "A seeded SQLite store (built once) and alice's token."
    path = tmp_path_factory.mktemp("api") / "seeded.db"
    return path, seed(path)


@pytest.fixture(scope="module")
def client(seeded: tuple[Path, str]) -> Iterator[TestClient]:
    "A read-only client over the shared seeded store."
    with TestClient(create_app(seeded[0])) as c:
        yield c


@pytest.fixture
def writable(seeded: tuple[Path, str], tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    "A client over a private copy of the seeded store, and a valid token, for writes."
    path = tmp_path / "copy.db"
    shutil.copy(seeded[0], path)
    with TestClient(create_app(path)) as c:
        yield c, seeded[1]


def _all_pages(client: TestClient, params: dict[str, Any], limit: int) -> list[dict]:
    items, cursor, pages = [], None, 0
    while True:
        query = {**params, "limit": limit, **({"cursor": cursor} if cursor else {})}
        r = client.get("/api/events", params=query)
        assert r.status_code == 200, r.text
        body = r.json()
        assert (body["count"] is None) == (cursor is not None)
        items += body["items"]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return items
        assert pages < 200


def _sort_key(sort: str) -> Any:
    field = sort.lstrip("-")

    def value(e: dict) -> Any:
        if field == "date":
            return e["event_date"]
        return e["fatalities"]["best"] if e["fatalities"] else None

    return value


@pytest.mark.parametrize("sort", ["date", "-date", "fatalities", "-fatalities"])
def test_paging_through_equals_one_big_query(client: TestClient, sort: str) -> None:
    whole = client.get("/api/events", params={"sort": sort, "limit": 500}).json()
    assert whole["next_cursor"] is None and whole["count"] == len(whole["items"])
    paged = _all_pages(client, {"sort": sort}, limit=7)
    ids = [e["event_id"] for e in paged]
    assert ids == [e["event_id"] for e in whole["items"]]
    assert len(ids) == len(set(ids)) == whole["count"]
    # Sorted by the key, with the events lacking it last, whichever the direction.
    value = _sort_key(sort)
    present = [value(e) for e in paged if value(e) is not None]
    assert present == sorted(present, reverse=sort.startswith("-"))
    missing = [i for i, e in enumerate(paged) if value(e) is None]
    assert missing and missing == list(range(len(paged) - len(missing), len(paged)))


def test_paging_with_filters_on_both_databases(store_url: str) -> None:
    seed(store_url)
    with TestClient(create_app(store_url)) as c:
        params = {"since": "2023-03-01", "until": "2024-10-31", "sort": "-date"}
        whole = c.get("/api/events", params={**params, "limit": 500}).json()
        paged = _all_pages(c, params, limit=5)
        assert [e["event_id"] for e in paged] == [e["event_id"] for e in whole["items"]]
        assert whole["count"] == len(paged) > 10
        assert all("2023-03-01" <= e["event_date"] <= "2024-10-31" for e in paged)
        incidents = c.get("/api/incidents", params={"limit": 3}).json()
        assert incidents["count"] >= 20 and incidents["next_cursor"]


def test_a_page_is_event_views_with_their_articles(client: TestClient) -> None:
    r = client.get("/api/events")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    body = r.json()
    assert len(body["items"]) == 100 and body["count"] == 24 * 5 + 4 * 5 + 1
    event = body["items"][0]
    assert event["review"] == "unreviewed" and event["corrected"] is False
    assert set(event["article"]) == {"id", "title", "outlet", "published", "url"}
    assert event["article"]["id"] == event["article_id"]
    contract = {
        "event_id", "article_id", "event_date", "date_precision", "event_type",
        "sub_event_type", "actors", "location", "fatalities", "wounded", "captured",
        "civilian_harm", "claims", "sources", "notes", "confidence", "evidence",
    }  # fmt: skip
    assert contract <= set(event)


@pytest.mark.parametrize(
    "params, store_filters",
    [
        ({"type": "Battles"}, {"event_type": "Battles"}),
        ({"type": "air/drone strike"}, {"event_type": "Air/drone strike"}),
        ({"country": "SYR"}, {"country": "SYR"}),
        ({"bbox": "36.3,35.6,37.0,36.1"}, {"bbox": (36.3, 35.6, 37.0, 36.1)}),
        ({"actor": "Ansar Allah"}, {"actor": "Ansar Allah"}),
        ({"min_fatalities": 5}, {"min_fatalities": 5}),
        (
            {"since": "2023-06-01", "until": "2023-12-31", "type": "Battles"},
            {"since": date(2023, 6, 1), "until": date(2023, 12, 31), "event_type": "Battles"},
        ),
    ],
)
def test_filters_select_what_sitrep_events_selects(
    client: TestClient, seeded: tuple[Path, str], params: dict, store_filters: dict
) -> None:
    api = [
        e["event_id"]
        for e in client.get("/api/events", params={**params, "limit": 500}).json()["items"]
    ]
    with open_store(seeded[0]) as store:
        expected = [e.event_id for e in store.events(**store_filters)]
    assert api == expected and api


@pytest.fixture(scope="module")
def filter_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    "A client over the hand-written store of `filter_data`."
    path = tmp_path_factory.mktemp("api-filters") / "filters.db"
    filter_data.seed(path)
    with TestClient(create_app(path)) as c:
        yield c


def _params(filters: dict[str, Any]) -> dict[str, Any]:
    "Filters as `Filters` fields name them, as query parameters."
    return {("type" if k == "event_type" else k): v for k, v in filters.items()}


@pytest.mark.parametrize(
    "filters, expected", filter_data.CASES, ids=[str(f) for f, _ in filter_data.CASES]
)
def test_each_filter_selects_its_events_in_every_endpoint(
    filter_client: TestClient, filters: dict, expected: list[str]
) -> None:
    params = _params(filters)
    r = filter_client.get("/api/events", params={**params, "limit": 500})
    assert r.status_code == 200, r.text
    assert [e["event_id"] for e in r.json()["items"]] == expected
    assert r.json()["count"] == len(expected)
    r = filter_client.get("/api/export", params={**params, "format": "jsonl"})
    assert r.status_code == 200, r.text
    assert [json.loads(line)["event_id"] for line in r.text.splitlines()] == expected
    types = filter_client.get("/api/stats", params={**params, "by": "type"}).json()["buckets"]
    assert sum(b["events"] for b in types) == len(expected)


@pytest.mark.parametrize(
    "filters, closest", filter_data.UNKNOWN, ids=[str(f) for f, _ in filter_data.UNKNOWN]
)
@pytest.mark.parametrize("path", ["/api/events", "/api/incidents", "/api/stats", "/api/export"])
def test_an_unknown_value_is_a_400_naming_the_closest(
    filter_client: TestClient, path: str, filters: dict, closest: str
) -> None:
    params = _params(filters)
    ((name, value),) = params.items()
    r = filter_client.get(path, params={**params, "format": "jsonl"})
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert set(r.json()) == {"error"} and (error["status"], error["code"]) == (400, "bad_request")
    message = error["message"]
    assert message.startswith(f"query parameter {name!r}: no ") and repr(value) in message
    assert closest in message.split(repr(value), 1)[1]


@pytest.mark.parametrize(
    "params, members",
    [
        ({"actor": "ISIS"}, {"ev-raqqa", "ev-mosul", "ev-maiduguri"}),
        ({"country": "NG"}, {"ev-maiduguri"}),
        ({"region": "Europe", "geo_precision": 2}, {"ev-kharkiv"}),
        ({"admin1": "Raqqa", "review": "confirmed"}, {"ev-raqqa"}),
        ({"interaction": 17, "since": "2016", "until": "2016"}, {"ev-saraqib"}),
        ({"sub_event_type": "Peaceful protest", "min_confidence": 0.9}, {"ev-paris"}),
    ],
)
def test_incidents_are_filtered_through_their_events(
    filter_client: TestClient, params: dict, members: set[str]
) -> None:
    body = filter_client.get("/api/incidents", params={**params, "limit": 500}).json()
    assert {e for i in body["items"] for e in i["events"]} == members


def test_text_search_reads_notes_actors_places_and_the_article(client: TestClient) -> None:
    def ids(q: str) -> set[str]:
        body = client.get("/api/events", params={"q": q, "limit": 500}).json()
        return {e["event_id"] for e in body["items"]}

    # An event matches exactly when its notes, actors or place, or its article's title or
    # text, hold the words in any case (the event's JSON holds its notes, actors and place).
    everything = client.get("/api/events", params={"limit": 500}).json()["items"]
    articles: dict[str, str] = {}
    for e in everything:
        if e["article_id"] not in articles:
            a = client.get(f"/api/articles/{e['article_id']}").json()["article"]
            articles[e["article_id"]] = f"{a['title']} {a['text']}"
    holding = {
        e["event_id"]
        for e in everything
        if "ansar allah" in (json.dumps(e) + articles[e["article_id"]]).lower()
    }
    assert holding and ids("ANSAR allah") == holding
    assert ids("gao <script>") == {"ev-xss-0"}  # the place name
    assert ids("witnesses posted") == {"ev-xss-0"}  # only in the article's text
    assert ids("100%_not-there") == set()


def test_text_search_reads_the_article_on_both_databases(store_url: str) -> None:
    corpus = synthetic_store_corpus(3, events_per_article=3, seed=5)
    article, events = corpus[0]
    marked = dataclasses.replace(
        article,
        text=article.text + " Residents of Київ heard the blasts_at dawn, 100% sure.",
        title="Night raid on the depot",
    )
    with open_store(store_url) as store:
        for a, evs in [(marked, events), *corpus[1:]]:
            store.ingest(a, evs)
    first = {e.event_id for e in events}
    with TestClient(create_app(store_url)) as c:

        def ids(q: str) -> set[str]:
            body = c.get("/api/events", params={"q": q, "limit": 500}).json()
            return {e["event_id"] for e in body["items"]}

        assert ids("heard the") == first  # words only the article's text holds
        assert ids("  HEARD the Blasts ") == first  # any case, trimmed
        assert ids("night RAID") == first  # the title
        assert ids("Київ") == first  # another script, as typed
        assert ids("blasts_at") == first and ids("blasts%at") == ids("blastsXat") == set()
        assert ids("100% sure") == first
        assert ids("Residents of Kyiv") == set()
        exported = c.get("/api/export", params={"q": "heard the", "format": "jsonl"}).text
        assert {json.loads(line)["event_id"] for line in exported.splitlines()} == first
        listed = c.get("/api/events", params={"q": "heard the", "limit": 500}).json()
        assert listed["count"] == len(first)
        incidents = c.get("/api/incidents", params={"q": "heard the", "limit": 500}).json()
        assert {i["incident_id"] for i in incidents["items"]} == {
            e["incident_id"] for e in listed["items"]
        }


def test_one_event_with_its_incident_others_and_history(client: TestClient) -> None:
    some = client.get("/api/events", params={"limit": 500}).json()["items"]
    twin = next(e for e in some if e["event_id"].endswith("-wire"))
    body = client.get(f"/api/events/{twin['event_id']}").json()
    assert body["event"]["event_id"] == twin["event_id"]
    incident = body["incident"]
    assert incident["incident_id"] == twin["incident_id"]
    assert [o["event_id"] for o in body["others"]] == [
        e for e in incident["events"] if e != twin["event_id"]
    ]
    assert body["corrections"] == []
    missing = client.get("/api/events/ev-nope")
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == "No event 'ev-nope'. List events at /api/events."


def test_one_article_with_its_text_events_and_every_evidence_span(client: TestClient) -> None:
    body = client.get(f"/api/articles/{XSS_ID}").json()
    text = body["article"]["text"]
    assert body["article"]["version"] == 1 and [e["event_id"] for e in body["events"]] == [
        "ev-xss-0"
    ]
    fields = {s["field"] for s in body["evidence"]}
    assert fields == {"actor1", "location", "fatalities", "claim"}
    for span in body["evidence"]:
        assert text[span["start"] : span["end"]] == span["text"]
    assert client.get("/api/articles/nope").status_code == 404
    assert client.get(f"/api/articles/{XSS_ID}", params={"version": 2}).status_code == 404


def test_incidents_list_and_one_incident(client: TestClient) -> None:
    body = client.get("/api/incidents", params={"limit": 500}).json()
    assert body["count"] == len(body["items"])
    together = {e: set(i["events"]) for i in body["items"] for e in i["events"]}
    twins = [e for e in together if e.endswith("-wire")]
    assert len(twins) == 20 and all(e.removesuffix("-wire") in together[e] for e in twins)
    pairs = [i for i in body["items"] if len(i["events"]) >= 2]
    one = client.get(f"/api/incidents/{pairs[0]['incident_id']}").json()
    assert [e["event_id"] for e in one["events"]] == pairs[0]["events"]
    assert one["incident"]["figures"]
    assert client.get("/api/incidents/inc-nope").status_code == 404
    battles = client.get("/api/incidents", params={"type": "Battles", "limit": 500}).json()
    assert battles["items"] and all(i["event_type"] == "Battles" for i in battles["items"])


def test_stats_per_day_week_actor_type_and_admin1(client: TestClient) -> None:
    total = client.get("/api/events", params={"limit": 1}).json()["count"]
    undated = 2
    day = client.get("/api/stats", params={"by": "day"}).json()
    assert day["by"] == "day" and sum(b["events"] for b in day["buckets"]) == total - undated
    keys = [b["key"] for b in day["buckets"]]
    assert keys == sorted(keys)
    week = client.get("/api/stats", params={"by": "week"}).json()["buckets"]
    assert all(date.fromisoformat(b["key"]).weekday() == 0 for b in week)
    assert sum(b["events"] for b in week) == total - undated
    assert sum(b["fatalities"] for b in week) == sum(b["fatalities"] for b in day["buckets"])
    by_type = client.get("/api/stats", params={"by": "type"}).json()["buckets"]
    assert sum(b["events"] for b in by_type) == total
    counts = [b["events"] for b in by_type]
    assert counts == sorted(counts, reverse=True)
    battles = client.get("/api/events", params={"type": "Battles", "limit": 1}).json()["count"]
    assert {b["key"]: b["events"] for b in by_type}["Battles"] == battles
    actors = client.get("/api/stats", params={"by": "actor", "type": "Battles"}).json()
    assert sum(b["events"] for b in actors["buckets"]) == 2 * battles  # actor1 and actor2
    admin1 = client.get("/api/stats", params={"by": "admin1", "country": "MLI"}).json()
    assert {b["key"] for b in admin1["buckets"]} >= {"Gao"}
    assert client.get("/api/stats", params={"by": "month"}).status_code == 422


def test_exports_in_every_format(client: TestClient) -> None:
    params = {"type": "Battles"}
    count = client.get("/api/events", params={**params, "limit": 1}).json()["count"]
    r = client.get("/api/export", params={**params, "format": "acled-csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="sitrep-events.csv"' in r.headers["content-disposition"]
    assert "GeoNames" in r.headers["x-attribution"]
    assert len(list(csv.DictReader(io.StringIO(r.text)))) == count
    r = client.get("/api/export", params={**params, "format": "geojson"})
    assert len(r.json()["features"]) == count
    r = client.get("/api/export", params={**params, "format": "jsonl"})
    assert len(r.text.splitlines()) == count
    r = client.get("/api/export", params={**params, "format": "parquet"})
    assert pq.read_table(io.BytesIO(r.content)).num_rows == count
    r = client.get("/api/export", params={"format": "jsonl", "incidents": "true"})
    assert all("incident_id" in json.loads(line) for line in r.text.splitlines())
    assert client.get("/api/export", params={"format": "xlsx"}).status_code == 422


def test_config_tells_the_page_what_it_needs(client: TestClient) -> None:
    body = client.get("/api/config").json()
    assert body["public_read"] is True and body["tile_url"] is None
    assert "GeoNames" in body["attribution"] and body["version"]


def test_review_and_correct_through_the_api(writable: tuple[TestClient, str]) -> None:
    c, token = writable
    auth = {"Authorization": f"Bearer {token}"}
    event = c.get("/api/events", params={"type": "Battles", "limit": 1}).json()["items"][0]
    url = f"/api/events/{event['event_id']}"
    r = c.post(
        url + "/corrections",
        json={"field": "sub_event_type", "value": "Mob violence", "why": "A mob"},
        headers=auth,
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["event"]["event_type"] == "Riots" and body["event"]["corrected"] is True
    assert body["correction"]["reviewer"] == "alice"
    assert body["correction"]["before"] == event["sub_event_type"]
    r = c.post(url + "/review", json={"verdict": "confirmed", "why": "Checked"}, headers=auth)
    assert r.status_code == 201 and r.json()["event"]["review"] == "confirmed"
    riots = c.get("/api/events", params={"type": "Riots"}).json()["items"]
    assert [e["event_id"] for e in riots] == [event["event_id"]]
    assert event["event_id"] not in {
        e["event_id"]
        for e in c.get("/api/events", params={"type": "Battles", "limit": 500}).json()["items"]
    }
    history = c.get(url + "/history").json()["corrections"]
    assert [h["field"] for h in history] == ["sub_event_type", "review"]
    assert c.get(url).json()["corrections"] == history
    r = c.post(url + "/review", json={"verdict": "rejected", "why": "Not an event"}, headers=auth)
    assert r.json()["event"]["incident_id"] is None
    assert c.get("/api/events", params={"type": "Riots"}).json()["items"] == []
    rejected = c.get("/api/events", params={"review": "rejected"}).json()["items"]
    assert [e["event_id"] for e in rejected] == [event["event_id"]]


@pytest.mark.parametrize(
    "body, words",
    [
        ({"field": "fatalities", "value": {"best": 3, "low": 5}, "why": "x"}, "low <= best"),
        ({"field": "confidence", "value": 1, "why": "x"}, "body field 'field'"),
        ({"field": "notes", "value": "x", "why": ""}, "body field 'why'"),
        ({"field": "notes", "why": "x"}, "body field 'value'"),
        ({"field": "notes", "value": "x", "why": "x", "extra": 1}, "body field 'extra'"),
    ],
)
def test_a_bad_correction_is_a_422_naming_the_field(
    writable: tuple[TestClient, str], body: dict, words: str
) -> None:
    c, token = writable
    event = c.get("/api/events", params={"limit": 1}).json()["items"][0]
    r = c.post(
        f"/api/events/{event['event_id']}/corrections",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 422
    assert words in r.json()["error"]["message"]
    assert r.json()["error"]["code"] == "invalid"


@pytest.mark.reliability(
    "review writes with no token, a wrong token, a Basic scheme, or an unknown event",
    "401, 403, 401, 404; nothing recorded",
)
def test_writes_need_a_valid_token_and_a_known_event(writable: tuple[TestClient, str]) -> None:
    c, token = writable
    event = c.get("/api/events", params={"limit": 1}).json()["items"][0]
    url = f"/api/events/{event['event_id']}/review"
    body = {"verdict": "confirmed", "why": "x"}
    r = c.post(url, json=body)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert "sitrep token create" in r.json()["error"]["message"]
    assert c.post(url, json=body, headers={"Authorization": "Bearer nope"}).status_code == 403
    assert c.post(url, json=body, headers={"Authorization": f"Basic {token}"}).status_code == 401
    r = c.post(
        "/api/events/ev-nope/review", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert r.status_code == 404
    assert c.get(f"/api/events/{event['event_id']}/history").json()["corrections"] == []


@pytest.mark.reliability(
    "unknown routes, bad parameters and wrong methods",
    "every failure in the one documented error shape",
)
def test_every_failure_has_the_one_error_shape(client: TestClient) -> None:
    cases = [
        ("GET", "/api/nothing", 404, "not_found"),
        ("GET", "/static/missing.js", 404, "not_found"),
        ("DELETE", "/api/events", 405, "method_not_allowed"),
        ("GET", "/api/events?limit=0", 422, "invalid"),
        ("GET", "/api/events?since=yesterday", 422, "invalid"),
        ("GET", "/api/events?type=Skirmish", 400, "bad_request"),
        ("GET", "/api/events?country=Syrie", 400, "bad_request"),
        ("GET", "/api/events?interaction=21", 400, "bad_request"),
        ("GET", "/api/events?since=2016-13", 422, "invalid"),
        ("GET", "/api/events?bbox=1,2,3", 422, "invalid"),
        ("GET", "/api/events?bbox=10,0,5,1", 422, "invalid"),
        ("GET", "/api/events?cursor=bm90IGEgY3Vyc29y", 400, "bad_request"),
        ("GET", "/api/events?review=maybe", 422, "invalid"),
        ("GET", "/api/events?min_fatalities=99999999999999999999", 422, "invalid"),
    ]
    for method, url, status, code in cases:
        r = client.request(method, url)
        assert r.status_code == status, (url, r.text)
        assert r.headers["content-type"] == "application/json"
        error = r.json()["error"]
        assert set(r.json()) == {"error"} and (error["status"], error["code"]) == (status, code)
        assert len(error["message"]) > 15
    # A cursor made for one sort is refused for another.
    cursor = client.get("/api/events", params={"limit": 2}).json()["next_cursor"]
    r = client.get("/api/events", params={"cursor": cursor, "sort": "-fatalities"})
    assert r.status_code == 400 and "cursor" in r.json()["error"]["message"]


def test_private_reads_need_a_token_but_the_page_and_config_do_not(
    seeded: tuple[Path, str],
) -> None:
    path, token = seeded
    with TestClient(create_app(path, settings=ApiSettings(public_read=False))) as c:
        r = c.get("/api/events")
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
        assert c.get("/api/stats", headers={"Authorization": "Bearer x"}).status_code == 403
        ok = c.get("/api/events", params={"limit": 1}, headers={"Authorization": f"Bearer {token}"})
        assert ok.status_code == 200
        assert c.get("/api/config").json()["public_read"] is False
        assert c.get("/").status_code in (200, 404)  # the page, when installed, is public
        assert c.get("/openapi.json").status_code == 200


def test_the_openapi_document_lists_every_route(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    assert set(doc["paths"]) == {
        "/api/events",
        "/api/events/{event_id}",
        "/api/events/{event_id}/history",
        "/api/events/{event_id}/review",
        "/api/events/{event_id}/corrections",
        "/api/articles/{article_id}",
        "/api/incidents",
        "/api/incidents/{incident_id}",
        "/api/stats",
        "/api/export",
        "/api/config",
    }
    assert "bearerAuth" in json.dumps(doc) or "HTTPBearer" in json.dumps(doc)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sitrep_serve_serves_the_api_and_the_page(seeded: tuple[Path, str]) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sitrep", "serve", "--db", str(seeded[0]), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/api/config", timeout=2) as r:
                    config = json.load(r)
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode()
                assert time.monotonic() < deadline, "sitrep serve did not start"
                time.sleep(0.2)
        assert config["public_read"] is True
        with urllib.request.urlopen(base + "/api/events?limit=2", timeout=5) as r:
            assert len(json.load(r)["items"]) == 2
            assert "script-src 'self'" in r.headers["Content-Security-Policy"]
        with urllib.request.urlopen(base + "/openapi.json", timeout=5) as r:
            assert json.load(r)["info"]["title"] == "Sitrep"
    finally:
        proc.terminate()
        proc.wait(timeout=15)


FILTERS = {
    "q": "al",
    "actor": "Ansar Allah",
    "country": "SYR",
    "bbox": "30,10,50,40",
    "min_fatalities": 1,
    "since": "2023-01-01",
    "until": "2024-12-31",
    "type": "Battles",
    "review": "all",
}


@pytest.mark.parametrize(
    "url",
    [
        "/api/events",
        "/api/events?sort=-fatalities",
        "/api/incidents",
        "/api/stats?by=actor",
        "/api/stats?by=admin1",
        "/api/export?format=jsonl",
    ],
)
def test_every_pair_of_filters_works_together(client: TestClient, url: str) -> None:
    path, _, query = url.partition("?")
    fixed = dict(p.split("=") for p in query.split("&")) if query else {}
    names = sorted(FILTERS)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            r = client.get(path, params={**fixed, a: FILTERS[a], b: FILTERS[b]})
            assert r.status_code == 200, (url, a, b, r.text)


@pytest.mark.parametrize("client_name", ["python", "auto"])
def test_bench_serve_loads_the_events_endpoint(client_name: str) -> None:
    from sitrep.bench import run_serve_bench

    r = run_serve_bench(
        events=300, seconds=1.5, connections=4, workers=1, client=client_name, warmup=0.3
    )
    assert r["requests"] > 10 and r["errors"] == 0 and r["non_2xx"] == 0
    assert 0 < r["p50_ms"] <= r["p95_ms"] <= r["p99_ms"]
    assert r["requests_per_s"] > 0 and r["seeded"] is True
    if client_name == "python":
        assert r["client"] == "python-asyncio"


def test_totals_follow_every_write_even_from_another_process(
    seeded: tuple[Path, str], tmp_path: Path
) -> None:
    from api_data import xss_article

    path = tmp_path / "copy.db"
    shutil.copy(seeded[0], path)
    with TestClient(create_app(path)) as c:

        def battles() -> tuple[int, str]:
            body = c.get("/api/events", params={"type": "Battles", "limit": 1}).json()
            return body["count"], body["items"][0]["event_id"]

        before, first = battles()
        assert battles()[0] == before  # served from the cache now
        r = c.post(
            f"/api/events/{first}/corrections",
            json={"field": "sub_event_type", "value": "Mob violence", "why": "A mob"},
            headers={"Authorization": f"Bearer {seeded[1]}"},
        )
        assert r.status_code == 201
        assert battles()[0] == before - 1
        # Another writer (another process, another Store) adds a battle: seen at once.
        article, (event,) = xss_article()
        article = dataclasses.replace(article, id="another", url="https://example.org/another")
        event = dataclasses.replace(
            event,
            event_id="ev-another",
            article_id="another",
            event_type="Battles",
            sub_event_type="Armed clash",
        )
        with open_store(path) as other:
            other.ingest(article, [event])
        assert battles()[0] == before


def _forged(*parts: Any) -> str:
    "A cursor in the API's own encoding, with parts no page would ever hold."
    import base64

    raw = json.dumps(list(parts), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.reliability(
    "a forged /api/events or /api/incidents cursor: an integer above 2^63, a key of the wrong kind",
    "400 in the API's error shape on SQLite and PostgreSQL (was a 500)",
)
def test_forged_cursors_are_400s_on_both_databases(store_url: str) -> None:
    seed(store_url)
    big, small = 2**63, -(2**63) - 1
    cases = [
        ("/api/events", "date", _forged("date", "2024-01-01", big)),
        ("/api/events", "-date", _forged("-date", None, small)),
        ("/api/events", "fatalities", _forged("fatalities", big, 1)),
        ("/api/events", "-fatalities", _forged("-fatalities", 3, 2**64 + 5)),
        ("/api/events", "fatalities", _forged("fatalities", None, big)),
        ("/api/incidents", "date", _forged("date", "2024-01-01", big)),
        ("/api/incidents", "-date", _forged("-date", None, 7)),
        ("/api/events", "date", _forged("date", "2024-01-01", "inc-a")),
        # Past PostgreSQL's integer, the type of every key and figure a cursor holds.
        ("/api/events", "date", _forged("date", "2024-01-01", 2**31)),
        ("/api/events", "fatalities", _forged("fatalities", -(2**31) - 1, 1)),
    ]
    with TestClient(create_app(store_url), raise_server_exceptions=False) as c:
        for url, sort, cursor in cases:
            r = c.get(url, params={"sort": sort, "cursor": cursor})
            assert r.status_code == 400, (url, sort, r.text)
            assert r.json() == {
                "error": {
                    "status": 400,
                    "code": "bad_request",
                    "message": "query parameter 'cursor': the cursor is not one this API gave "
                    "for this sort; start again without a cursor",
                }
            }
        # A cursor at the largest key the store can hold is still one the API could give.
        ok = c.get("/api/events", params={"cursor": _forged("date", "2024-01-01", 2**31 - 1)})
        assert ok.status_code == 200, ok.text
