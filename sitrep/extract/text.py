"""A string in, events out: `sitrep.extract(text, published=..., outlet=...)` for notebooks.

The package `sitrep.extract` is callable (its `__init__`) and calls `extract_text`, which
makes the Article a reader would and runs the pipeline on it; `sitrep.notebook` re-exports it.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from sitrep.extract import extract
from sitrep.extract.kit import load_kit
from sitrep.models import Article, Event

__all__ = ["extract_text"]


def _day(value: date | str | None, *, field: str) -> date | None:
    "A date from a date, a datetime or an ISO string ('2024-11-27', '2024-11-27T08:00')."
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ValueError(f"{field}: {value!r} is not a date; give YYYY-MM-DD") from None


def extract_text(
    text: str | Article,
    *,
    published: date | str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    article_id: str | None = None,
    model: str = "sm",
) -> list[Event]:
    """Every event a report tells, highest confidence first (see `sitrep.extract.extract`).

    `text` is the report's text (or an Article); `published` resolves relative dates ("on
    Sunday") and may be a date or an ISO string. The id defaults to a hash of the text, as
    the readers make it, so the same text gives the same event ids.
    """
    if isinstance(text, Article):
        article = text
    else:
        if not isinstance(text, str):
            raise TypeError(f"text must be a string or an Article, not {type(text).__name__}")
        article = Article(
            id=article_id or hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
            text=text,
            published=_day(published, field="published"),
            outlet=outlet,
            title=title,
        )
    return extract(article, kit=load_kit(model))
