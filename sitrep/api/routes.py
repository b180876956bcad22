"""The API's endpoints: thin shells over Store methods (`sitrep.store`, `sitrep.store.browse`).

Reads: /api/events, /api/events/{id}, /api/articles/{id}, /api/incidents, /api/incidents/{id},
/api/stats, /api/export, /api/config. Writes (token required): /api/events/{id}/review and
/api/events/{id}/corrections; /api/events/{id}/history reads the review history.
"""

from __future__ import annotations

import inspect
import os
import tempfile
from dataclasses import replace
from datetime import date
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.background import BackgroundTask
from starlette.responses import FileResponse, Response

from sitrep import __version__
from sitrep.api.errors import ApiError
from sitrep.api.models import (
    ArticleDetail,
    Config,
    CorrectionBody,
    ErrorBody,
    EventDetail,
    EventPage,
    History,
    IncidentDetail,
    IncidentPage,
    ReviewBody,
    ReviewResult,
    Stats,
)
from sitrep.api.respond import JSONBody, dumps, event_view, raw_array, raw_object
from sitrep.api.settings import ApiSettings
from sitrep.attribution import ATTRIBUTION
from sitrep.errors import FilterError, StoreError
from sitrep.export import export, exporters, get_exporter
from sitrep.filters import FILTER_FIELDS, BBox, FilterField, parse_bbox, parse_day
from sitrep.store import Store
from sitrep.store.browse import EVENT_SORTS, INCIDENT_SORTS, STATS_BY, Cursor, decode_cursor
from sitrep.store.query import Filters

__all__ = ["router"]

router = APIRouter()

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (400, "Malformed request"),
        (401, "A token is needed"),
        (403, "The token is not valid"),
        (404, "Not found"),
        (413, "Request body too large"),
        (422, "A parameter or the body is invalid; the message names it"),
        (500, "Server error"),
    )
}
_MAX_INT = 2**31 - 1
_bearer = HTTPBearer(
    auto_error=False,
    description="A write token from `sitrep token create NAME` (shown once when created).",
)


def _header_text(text: str) -> str:
    """Text as an HTTP header value: one line of ASCII. Headers are Latin-1 at best, and the
    credits hold "©" and names in other scripts: those become "(c)" and their nearest ASCII."""
    import unicodedata

    flat = " ".join(text.replace("©", "(c)").split())
    return unicodedata.normalize("NFKD", flat).encode("ascii", "ignore").decode("ascii")


def _store(request: Request) -> Store:
    return request.app.state.store


def _settings(request: Request) -> ApiSettings:
    return request.app.state.settings


def _token_holder(request: Request, credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None or not credentials.credentials:
        raise ApiError(
            401,
            "This needs a token: send 'Authorization: Bearer <token>'. "
            "Create one with `sitrep token create NAME`.",
        )
    name = _store(request).token_name(credentials.credentials)
    if name is None:
        raise ApiError(
            403,
            "The token is not valid (unknown or revoked); create a new one with "
            "`sitrep token create NAME`.",
        )
    return name


def reviewer(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> str:
    "The name of the token's holder: every write needs a valid token."
    return _token_holder(request, credentials)


def reader(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> None:
    "Reads are open when the server's public_read setting is on; else they need a token too."
    if not _settings(request).public_read:
        _token_holder(request, credentials)


def _text(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    if any(ord(c) < 32 for c in value):
        raise ApiError(422, f"query parameter {name!r} has a control character; remove it")
    return value.strip() or None


def _bbox(value: str | None) -> BBox | None:
    "?bbox= read as the CLI reads --bbox (`sitrep.filters.parse_bbox`); 422 when malformed."
    if value is None:
        return None
    try:
        return parse_bbox(value)
    except FilterError as err:
        raise ApiError(422, f"query parameter 'bbox': {err}") from None


def _day(value: str | None, name: str, *, end: bool) -> date | None:
    "A date, a month (2016-05) or a bare year (2016): its first day, or with `end` its last."
    if value is None:
        return None
    try:
        return parse_day(value, end=end, field=name)
    except FilterError as err:
        raise ApiError(422, f"query parameter {name!r}: {err}") from None


def _query_parameter(f: FilterField) -> inspect.Parameter:
    """The query parameter of filter `f` (`sitrep.filters.FILTER_FIELDS`), named as `f.public`.
    Numbers keep to `f.bounds`, and integers to 0..2**31-1 besides (what the store's integer
    columns hold); text, dates and boxes to `f.max_length`, read by `_read`."""
    kind: Any = str
    checks: dict[str, Any] = {"max_length": f.max_length}
    if f.kind in ("int", "float"):
        kind = int if f.kind == "int" else float
        low, high = f.bounds or (None, None)
        if f.kind == "int":
            low, high = max(low or 0, 0), min(_MAX_INT if high is None else high, _MAX_INT)
        checks = {"ge": low, "le": high}
    elif f.kind == "choice":
        kind, checks = Literal[f.choices], {}
    alias = f.public if f.public != f.name else None
    query = Query(alias=alias, description=f.help, **checks)
    return inspect.Parameter(
        f.name,
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[kind | None, query],
    )


def _read(f: FilterField, value: Any) -> Any:
    "A query parameter's value as `Filters` takes it; a malformed one is a 422 naming it."
    if f.kind == "text":
        return _text(value, f.public)
    if f.kind == "day":
        return _day(value, f.public, end=f.end)
    if f.kind == "bbox":
        return _bbox(value)
    return value  # numbers and choices: FastAPI has checked them


_API_FILTERS = tuple(f for f in FILTER_FIELDS if f.api)


def filters(**given: Any) -> Filters:
    """The filters of `sitrep events`, from query parameters: one for each filter in
    `sitrep.filters.FILTER_FIELDS` the API offers (the signature below). A name nobody knows
    (a FilterError from `Filters`, which resolves them) is a 400 naming the closest ones."""
    return Filters(**{f.name: _read(f, given.get(f.name)) for f in _API_FILTERS})


# FastAPI reads a dependency's parameters from its signature: these are the query's.
filters.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [_query_parameter(f) for f in _API_FILTERS], return_annotation=Filters
)


def _cursor(text: str | None, sort: str, kind: str) -> Cursor | None:
    "The page's cursor; one the API did not give is a malformed request (400), not a value."
    if text is None:
        return None
    try:
        return decode_cursor(text, sort, kind=kind)
    except StoreError as err:
        raise ApiError(400, f"query parameter 'cursor': {err}") from None


Limit = Annotated[int, Query(ge=1, le=500, description="Items per page")]
CursorParam = Annotated[
    str | None, Query(max_length=1000, description="`next_cursor` of the previous page")
]
EventId = Annotated[str, Path(max_length=200)]


@router.get(
    "/api/events",
    response_model=EventPage,
    responses=_ERRORS,
    dependencies=[Depends(reader)],
    summary="Events matching the filters, one page at a time",
)
async def list_events(
    request: Request,
    f: Annotated[Filters, Depends(filters)],
    sort: Annotated[Literal[EVENT_SORTS], Query()] = "date",  # type: ignore[valid-type]
    limit: Limit = 100,
    cursor: CursorParam = None,
) -> Response:
    # In the event loop, not a thread: a page is about 2 ms of CPU (a total is cached once
    # counted), and handing it to a thread costs more than it saves, in GIL contention
    # between threads: measured 290 requests/s that way, 410-650 this way (bench --serve).
    page = _store(request).event_page(
        f, sort=sort, after=_cursor(cursor, sort, "events"), limit=limit, count=cursor is None
    )
    return JSONBody(
        raw_object(
            items=raw_array([event_view(r) for r in page.items]),
            next_cursor=dumps(page.next_cursor),
            count=dumps(page.count),
        )
    )


def _corrections(store: Store, event_id: str) -> bytes:
    found = store.history(event_id) or []
    return dumps([c.to_dict() for c in found])


def _no_event(event_id: str) -> ApiError:
    return ApiError(404, f"No event {event_id!r}. List events at /api/events.")


@router.get(
    "/api/events/{event_id}",
    response_model=EventDetail,
    responses=_ERRORS,
    dependencies=[Depends(reader)],
    summary="One event with its incident, the incident's other reports and its review history",
)
def get_event(request: Request, event_id: EventId) -> Response:
    store = _store(request)
    found = store.event_rows([event_id])
    if not found:
        raise _no_event(event_id)
    row = found[0]
    incident = store.incident(row.incident_id) if row.incident_id else None
    others = []
    if incident is not None:
        others = store.event_rows([e for e in incident.events if e != event_id])
    return JSONBody(
        raw_object(
            event=event_view(row),
            incident=dumps(incident.to_dict() if incident else None),
            others=raw_array([event_view(r) for r in others]),
            corrections=_corrections(store, event_id),
        )
    )


@router.get(
    "/api/events/{event_id}/history",
    response_model=History,
    responses=_ERRORS,
    dependencies=[Depends(reader)],
    summary="The event's corrections and verdicts, oldest first",
)
def event_history(request: Request, event_id: EventId) -> Response:
    found = _store(request).history(event_id)
    if found is None:
        raise _no_event(event_id)
    return JSONBody({"corrections": [c.to_dict() for c in found]})


def _written(store: Store, event_id: str, correction: Any) -> Response:
    (row,) = store.event_rows([event_id])
    return JSONBody(
        raw_object(event=event_view(row), correction=dumps(correction.to_dict())),
        status_code=201,
    )


@router.post(
    "/api/events/{event_id}/review",
    response_model=ReviewResult,
    status_code=201,
    responses=_ERRORS,
    summary="Confirm or reject an event (token required)",
)
def review_event(
    request: Request,
    event_id: EventId,
    body: ReviewBody,
    who: Annotated[str, Depends(reviewer)],
) -> Response:
    store = _store(request)
    if not store.event_rows([event_id]):
        raise _no_event(event_id)
    correction = store.review(event_id, body.verdict, why=body.why, reviewer=who)
    return _written(store, event_id, correction)


@router.post(
    "/api/events/{event_id}/corrections",
    response_model=ReviewResult,
    status_code=201,
    responses=_ERRORS,
    summary="Correct one field of an event (token required); the extraction is kept",
)
def correct_event(
    request: Request,
    event_id: EventId,
    body: CorrectionBody,
    who: Annotated[str, Depends(reviewer)],
) -> Response:
    store = _store(request)
    if not store.event_rows([event_id]):
        raise _no_event(event_id)
    correction = store.correct(event_id, body.field, body.value, why=body.why, reviewer=who)
    return _written(store, event_id, correction)


def _evidence(view: Any) -> list[dict[str, Any]]:
    "Every span the article's events rest on, as extracted (spans slice the article text)."
    spans: dict[tuple[str, str, int, int], str] = {}
    for event in view.extracted:
        owners: list[tuple[str, Any]] = [(a.role, a.mentions) for a in event.actors]
        if event.location is not None:
            owners.append(("location", event.location.mentions))
        for name in ("fatalities", "wounded", "captured"):
            count = getattr(event, name)
            if count is not None:
                owners.append((name, count.mentions))
        for owner, mentions in owners:
            for m in mentions:
                spans.setdefault((event.event_id, owner, m.start, m.end), m.text)
        for c in event.claims:
            spans.setdefault((event.event_id, "claim", c.start, c.end), c.quote)
    return [
        {"event_id": e, "field": field, "start": start, "end": end, "text": text}
        for (e, field, start, end), text in spans.items()
    ]


@router.get(
    "/api/articles/{article_id}",
    response_model=ArticleDetail,
    responses=_ERRORS,
    dependencies=[Depends(reader)],
    summary="One article (latest version, or `version`) with its text, events and evidence",
)
def get_article(
    request: Request,
    article_id: Annotated[str, Path(max_length=300)],
    version: Annotated[int | None, Query(ge=1, le=_MAX_INT)] = None,
) -> Response:
    view = _store(request).article_view(article_id, version=version)
    if view is None:
        which = f" version {version}" if version else ""
        raise ApiError(404, f"No article {article_id!r}{which}. Events name their article_id.")
    a = view.article
    article = {
        "id": a.id,
        "title": a.title,
        "outlet": a.outlet,
        "published": a.published.isoformat() if a.published else None,
        "url": a.url,
        "text": a.text,
        "version": view.version,
    }
    return JSONBody(
        raw_object(
            article=dumps(article),
            events=raw_array([event_view(r) for r in view.events]),
            evidence=dumps(_evidence(view)),
        )
    )


@router.get(
    "/api/incidents",
    response_model=IncidentPage,
    responses=_ERRORS,
    dependencies=[Depends(reader)],
    summary="Incidents (events reconciled across reports) matching the filters",
)
def list_incidents(
    request: Request,
    f: Annotated[Filters, Depends(filters)],
    sort: Annotated[Literal[INCIDENT_SORTS], Query()] = "date",  # type: ignore[valid-type]
    limit: Limit = 100,
    cursor: CursorParam = None,
) -> Response:
    page = _store(request).incident_page(
        f, sort=sort, after=_cursor(cursor, sort, "incidents"), limit=limit, count=cursor is None
    )
    return JSONBody(
        raw_object(
            items=raw_array([d.encode("utf-8") for d in page.items]),
            next_cursor=dumps(page.next_cursor),
            count=dumps(page.count),
        )
    )


@router.get(
    "/api/incidents/{incident_id}",
    response_model=IncidentDetail,
    responses=_ERRORS,
    dependencies=[Depends(reader)],
    summary="One incident with its member events",
)
def get_incident(request: Request, incident_id: Annotated[str, Path(max_length=200)]) -> Response:
    store = _store(request)
    incident = store.incident(incident_id)
    if incident is None:
        raise ApiError(404, f"No incident {incident_id!r}. List incidents at /api/incidents.")
    members = store.event_rows(list(incident.events))
    return JSONBody(
        raw_object(
            incident=dumps(incident.to_dict()),
            events=raw_array([event_view(r) for r in members]),
        )
    )


@router.get(
    "/api/stats",
    response_model=Stats,
    responses=_ERRORS,
    dependencies=[Depends(reader)],
    summary="Events and fatalities per day, week, actor, type, sub-type or admin1",
)
def stats(
    request: Request,
    f: Annotated[Filters, Depends(filters)],
    by: Annotated[Literal[STATS_BY], Query()] = "day",  # type: ignore[valid-type]
) -> Response:
    return JSONBody({"by": by, "buckets": _store(request).event_stats(f, by=by)})


_MEDIA = {
    "acled-csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "parquet": "application/vnd.apache.parquet",
    "geoparquet": "application/vnd.apache.parquet",
    "jsonl": "application/x-ndjson",
}
ExportFormat = Literal[tuple(exporters())]  # type: ignore[valid-type]


@router.get(
    "/api/export",
    responses={
        **_ERRORS,
        200: {
            "description": "The file (the GeoNames credit is in it, or in X-Attribution)",
            "content": {m.split(";")[0]: {} for m in _MEDIA.values()},
            "headers": {
                "X-Left-Out": {
                    "description": "How many matching records the format left out (ACLED "
                    "CSV: those without a date, a country or coordinates, unless "
                    "include_incomplete)",
                    "schema": {"type": "integer", "minimum": 0},
                }
            },
        },
    },
    dependencies=[Depends(reader)],
    response_class=Response,
    summary="Events or incidents matching the filters as a file (the formats of sitrep export)",
)
def export_file(
    request: Request,
    f: Annotated[Filters, Depends(filters)],
    fmt: Annotated[ExportFormat, Query(alias="format")],
    incidents: bool = False,
    limit: Annotated[int | None, Query(ge=1, le=10_000_000)] = None,
    raw_cells: Annotated[
        bool,
        Query(
            description="CSV only: text exactly as stored. By default a cell starting with "
            "=, +, -, @, tab or CR gets a leading ' so spreadsheets never run it."
        ),
    ] = False,
    include_incomplete: Annotated[
        bool,
        Query(
            description="ACLED CSV only: keep records without a date, a country or "
            "coordinates. By default they are left out (counted in X-Left-Out), so year, iso "
            "and time_precision stay integers and latitude has no gaps."
        ),
    ] = False,
) -> Response:
    exporter = get_exporter(fmt)
    kind = "incidents" if incidents else "events"
    if limit is not None:
        f = replace(f, limit=limit)
    store = _store(request)
    handle, path = tempfile.mkstemp(prefix="sitrep-export-", suffix=exporter.suffix)
    try:
        mode, options = (
            ("wb", {}) if exporter.binary else ("w", {"encoding": "utf-8", "newline": ""})
        )
        with os.fdopen(handle, mode, **options) as out:
            result = export(
                store.select(f, incidents=incidents),
                fmt,
                stream=out,
                raw_cells=raw_cells,
                include_incomplete=include_incomplete,
                changed=partial(store.last_changed, incidents=incidents),
            )
    except BaseException:
        os.unlink(path)
        raise
    return FileResponse(
        path,
        media_type=_MEDIA.get(fmt, "application/octet-stream"),
        filename=f"sitrep-{kind}{exporter.suffix}",
        headers={
            "X-Attribution": _header_text(ATTRIBUTION),
            "X-Left-Out": str(result.left_out),
        },
        background=BackgroundTask(os.unlink, path),
    )


@router.get(
    "/api/config",
    response_model=Config,
    responses=_ERRORS,
    summary="What the page needs to know: public reads, map tiles, attribution, version",
)
def config(request: Request) -> Response:
    settings = _settings(request)
    attribution = ATTRIBUTION
    if settings.tile_attribution:
        attribution += f"\nMap tiles: {settings.tile_attribution}"
    return JSONBody(
        {
            "public_read": settings.public_read,
            "tile_url": settings.tile_url,
            "attribution": attribution,
            "version": __version__,
        }
    )
