"""The Python API for notebooks: extract events from a string, read stored events as a frame.

    >>> import sitrep
    >>> events = sitrep.extract("Gunmen killed five villagers in Zamfara on Sunday.",
    ...                         published="2024-05-06", outlet="Example Daily")
    >>> frame = sitrep.read_events("sitrep.db", country="Nigeria", since="2024")

Both take what an analyst types: dates as `date` objects or ISO strings (a bare year or
month for filters), names and aliases as the CLI does (`sitrep.filters`). `read_events`
returns one row per event with the flat columns GeoJSON and Parquet share
(`sitrep.export.flat`), dates as pandas datetimes; pandas is imported only here.
`extract_text` belongs to the extraction stage (`sitrep.extract.text`) and is re-exported
here, so data flows one way: extract never imports this module.
"""

from __future__ import annotations

from datetime import datetime
from os import PathLike
from typing import TYPE_CHECKING, Any

from sitrep.extract.text import extract_text

if TYPE_CHECKING:
    import pandas

__all__ = ["extract_text", "read_events"]


def read_events(
    db: str | PathLike[str] | None = None, *, incidents: bool = False, **filters: Any
) -> pandas.DataFrame:
    """Stored events (or incidents) matching `filters`, one flat row each, as a DataFrame.

    `filters` are the CLI's, by their Python names: since, until, year, event_type,
    sub_event_type, actor, country, region, admin1, bbox, interaction, geo_precision,
    min_fatalities, min_confidence, limit, q, review. `since`/`until` take a date or a string
    ('2016', '2016-05', '2016-05-03'). An unknown name raises FilterError with the closest
    matches, as the CLI does.
    """
    import pandas as pd

    from sitrep.export.flat import flat_row
    from sitrep.filters import parse_day
    from sitrep.store import open_store
    from sitrep.store.query import Filters

    for key, end in (("since", False), ("until", True)):
        value = filters.get(key)
        if isinstance(value, str):
            filters[key] = parse_day(value, end=end, field=key)
        elif isinstance(value, datetime):
            filters[key] = value.date()
    chosen = Filters(**filters)
    with open_store(db, create=False, read_only=True) as store:
        rows = [flat_row(r) for r in store.select(chosen, incidents=incidents)]
    frame = pd.DataFrame(rows)
    if "event_date" in frame:
        frame["event_date"] = pd.to_datetime(frame["event_date"])
    return frame
