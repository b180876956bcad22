"""The Python API for notebooks (issue 12): `sitrep.extract(text, ...)` and
`sitrep.read_events(db, **filters)` as a pandas DataFrame."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import sitrep
from sitrep.errors import FilterError
from sitrep.models import Article
from sitrep.store import open_store

REPORT = "Gunmen killed five villagers in Zamfara on Sunday, police said."


def test_extract_takes_a_string_and_a_date_string(kit) -> None:  # type: ignore[no-untyped-def]
    events = sitrep.extract(REPORT, published="2024-05-06", outlet="Example Daily")
    (event,) = events
    assert event.event_date == date(2024, 5, 5)  # the Sunday before publication
    assert event.fatalities is not None and event.fatalities.best == 5
    # A date object and an ISO datetime string say the same; the same text, the same ids.
    again = sitrep.extract(REPORT, published=date(2024, 5, 6), outlet="Example Daily")
    also = sitrep.extract(REPORT, published="2024-05-06T08:30:00", outlet="Example Daily")
    assert [e.event_id for e in again] == [e.event_id for e in also] == [event.event_id]


def test_extract_says_what_is_wrong_with_its_input(kit) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="published: 'last Tuesday' is not a date"):
        sitrep.extract(REPORT, published="last Tuesday")
    with pytest.raises(TypeError, match="not bytes"):
        sitrep.extract(REPORT.encode())


def test_the_package_stays_importable_as_a_package() -> None:
    from sitrep.extract import extract

    article = Article(id="a", text=REPORT, published=date(2024, 5, 6))
    assert [e.event_date for e in extract(article)] == [date(2024, 5, 5)]
    assert callable(sitrep.extract)


def test_read_events_is_a_data_frame_with_filters(tmp_path: Path, kit) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "s.db"
    with open_store(db) as store:
        for i, (text, day) in enumerate(
            [
                (REPORT, date(2024, 5, 6)),
                ("Syrian army shelling killed 3 civilians in Idlib.", date(2016, 3, 2)),
            ]
        ):
            article = Article(id=f"a{i}", text=text, published=day)
            store.ingest(article, sitrep.extract(article))
    frame = sitrep.read_events(db)
    assert isinstance(frame, pd.DataFrame) and len(frame) == 2
    assert pd.api.types.is_datetime64_any_dtype(frame["event_date"])
    assert {"event_type", "actor1", "fatalities", "latitude", "country"} <= set(frame.columns)
    nigeria = sitrep.read_events(db, country="NG", since="2024")
    assert list(nigeria["country"]) == ["Nigeria"]
    assert len(sitrep.read_events(db, year=2016)) == 1
    with pytest.raises(FilterError, match="Syria"):
        sitrep.read_events(db, country="Syrie")
