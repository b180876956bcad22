"""Review in the store: the correction history and the corrected events it makes.

The history (`corrections`) is append-only: a row is written once and never changed. An
event's extraction (`events.data`) is never changed either. What changes is derived from the
two and can always be rebuilt from them: `events.corrected` (the extraction with its history
applied, `sitrep.review.apply_corrections`), `events.review` (the last verdict), the query
columns of `events` and the event's places/actors/counts rows (what filters match), and the
incidents the event belongs to (rebuilt from their members' corrected events; a rejected
event is no member). Claims and evidence rows stay as extracted: they point at the text.

A history is keyed by `review_key`: the event_id of the event first reviewed. A new version
of the article gets new event ids, so when it is ingested, `carry` pairs the old version's
reviewed events with the new ones (`sitrep.review.successors`) and gives each new event its
predecessor's key: the history applies to it from then on, and re-ingesting never erases it.

Writes take the engine and the Store's incident rebuilding as arguments, so this module does
not import the Store that calls it. Reviewers' write tokens are `sitrep.store.tokens`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from sitrep.errors import ReviewError
from sitrep.models import Event
from sitrep.review import (
    REVIEW,
    Correction,
    apply_correction,
    apply_corrections,
    check_verdict,
    check_why,
    field_value,
    successors,
    verdict_of,
)
from sitrep.store import rows
from sitrep.store.connect import write_transaction
from sitrep.store.schema import metadata

__all__ = ["RefreshIncidents", "carry", "history", "record", "record_all"]

#: Rebuilds these incidents from their members as they now read (`Store._refresh_incidents`):
#: passed in, so this module needs the Store's incident logic without importing the Store.
RefreshIncidents = Callable[[sa.Connection, set[str]], None]

T = metadata.tables
ARTICLES, EVENTS, CORRECTIONS = T["articles"], T["events"], T["corrections"]
_FILTERED = ("places", "actors", "counts")  # child rows that filters read: rebuilt on review


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def history(conn: sa.Connection, review_key: str) -> list[Correction]:
    "Every correction and verdict under `review_key`, oldest first."
    c = CORRECTIONS
    found = conn.execute(sa.select(c).where(c.c.review_key == review_key).order_by(c.c.pk))
    return [
        Correction(
            id=r.pk,
            event_id=r.event_id,
            field=r.field,
            before=json.loads(r.before),
            after=json.loads(r.after),
            why=r.why,
            reviewer=r.reviewer,
            at=r.at,
        )
        for r in found
    ]


def _write_event(conn: sa.Connection, pk: int, data: str, key: str, hist: list[Correction]) -> None:
    "Derive the event's corrected record, verdict, query columns and filter rows from `hist`."
    original = rows.load_event(data)
    corrected = apply_corrections(original, hist)
    fields = any(c.field != REVIEW for c in hist)
    verdict = verdict_of(hist)
    conn.execute(
        sa.update(EVENTS)
        .where(EVENTS.c.pk == pk)
        .values(
            review_key=key,
            corrected=rows.dump(corrected.to_dict()) if fields else None,
            review=None if verdict == "unreviewed" else verdict,
            event_date=corrected.event_date,
            date_precision=corrected.date_precision,
            event_type=corrected.event_type,
            sub_event_type=corrected.sub_event_type,
            civilian_harm=corrected.civilian_harm,
            notes=corrected.notes,
        )
    )
    for name in _FILTERED:
        conn.execute(sa.delete(T[name]).where(T[name].c.event_pk == pk))
    children = rows.child_rows(corrected, pk)
    for name in _FILTERED:
        if children[name]:
            conn.execute(sa.insert(T[name]), children[name])


def _refresh(conn: sa.Connection, key: str, refresh_incidents: RefreshIncidents) -> None:
    "Rewrite every event under `key` (all its versions) and the incidents they belong to."
    hist = history(conn, key)
    found = conn.execute(
        sa.select(EVENTS.c.pk, EVENTS.c.data, EVENTS.c.incident_id).where(
            EVENTS.c.review_key == key
        )
    ).all()
    for pk, data, _ in found:
        _write_event(conn, pk, data, key, hist)
    refresh_incidents(conn, {iid for _, _, iid in found if iid})


def record(
    engine: sa.Engine,
    event_id: str,
    field: str,
    value: Any,
    *,
    why: str,
    reviewer: str,
    refresh_incidents: RefreshIncidents,
) -> Correction:
    """Append a correction (or, for field "review", a verdict) to the event's history and
    bring the event, its other versions and its incidents up to date; one transaction.

    ReviewError when the event does not exist or the value does not fit the field.
    """
    (correction,) = record_all(
        engine,
        event_id,
        [(field, value)],
        why=why,
        reviewer=reviewer,
        refresh_incidents=refresh_incidents,
    )
    return correction


def record_all(
    engine: sa.Engine,
    event_id: str,
    changes: Sequence[tuple[str, Any]],
    *,
    why: str,
    reviewer: str,
    refresh_incidents: RefreshIncidents,
) -> list[Correction]:
    """Append several (field, value) changes to the event's history, in order, as one
    transaction: each becomes its own entry, exactly as `record` would write it, but a
    value that does not fit leaves the history as it was (no half-applied batch).

    ReviewError when the event does not exist or a value does not fit its field.
    """
    why = check_why(why)
    written: list[Correction] = []
    with write_transaction(engine) as conn:
        row = conn.execute(
            sa.select(EVENTS.c.data, EVENTS.c.review_key, ARTICLES.c.lineage)
            .join(ARTICLES, ARTICLES.c.pk == EVENTS.c.article_pk)
            .where(EVENTS.c.event_id == event_id)
        ).first()
        if row is None:
            raise ReviewError(f"no event {event_id!r} is stored; list events with `sitrep events`")
        key = row.review_key or event_id
        at = _now()
        for field, value in changes:
            hist = history(conn, key)
            if field == REVIEW:
                before, after = verdict_of(hist), check_verdict(value)
            else:
                current = apply_corrections(rows.load_event(row.data), hist)
                before = field_value(current, field)
                after = field_value(apply_correction(current, field, value), field)
            pk = conn.execute(
                sa.insert(CORRECTIONS).returning(CORRECTIONS.c.pk),
                {
                    "review_key": key,
                    "lineage": row.lineage,
                    "event_id": event_id,
                    "field": field,
                    "before": rows.dump(before),
                    "after": rows.dump(after),
                    "why": why,
                    "reviewer": reviewer,
                    "at": at,
                },
            ).scalar_one()
            written.append(
                Correction(
                    id=pk,
                    event_id=event_id,
                    field=field,
                    before=before,
                    after=after,
                    why=why,
                    reviewer=reviewer,
                    at=at,
                )
            )
        conn.execute(sa.update(EVENTS).where(EVENTS.c.event_id == event_id).values(review_key=key))
        _refresh(conn, key, refresh_incidents)
    return written


def carry(
    conn: sa.Connection, lineage: str, version: int, *, refresh_incidents: RefreshIncidents
) -> None:
    """Give the events of a new article version the review histories of the events they
    succeed in the version before (inside the ingest's transaction)."""
    reviewed = conn.execute(
        sa.select(CORRECTIONS.c.pk).where(CORRECTIONS.c.lineage == lineage).limit(1)
    ).first()
    if reviewed is None:
        return
    pks = dict(
        conn.execute(
            sa.select(ARTICLES.c.version, ARTICLES.c.pk).where(
                ARTICLES.c.lineage == lineage, ARTICLES.c.version.in_((version - 1, version))
            )
        ).all()
    )
    if version - 1 not in pks or version not in pks:
        return

    def events_of(article_pk: int) -> list[Any]:
        return conn.execute(
            sa.select(EVENTS.c.pk, EVENTS.c.data, EVENTS.c.review_key, EVENTS.c.incident_id)
            .where(EVENTS.c.article_pk == article_pk)
            .order_by(EVENTS.c.ordinal)
        ).all()

    old, new = events_of(pks[version - 1]), events_of(pks[version])
    old_events: list[Event] = [rows.load_event(r.data) for r in old]
    new_events: list[Event] = [rows.load_event(r.data) for r in new]
    pairs = successors(old_events, new_events)
    keys = {e.event_id: r.review_key for e, r in zip(old_events, old, strict=True)}
    by_id = {e.event_id: r for e, r in zip(new_events, new, strict=True)}
    incidents: set[str] = set()
    for old_id, new_id in pairs.items():
        key = keys[old_id]
        if key is None:
            continue
        target = by_id[new_id]
        _write_event(conn, target.pk, target.data, key, history(conn, key))
        if target.incident_id:
            incidents.add(target.incident_id)
    refresh_incidents(conn, incidents)
