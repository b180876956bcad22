"""Sitrep: trustworthy, evidence-linked conflict event data from news reports.

For notebooks: `sitrep.extract(text, published="2024-11-27", outlet=...)` returns the events
a report tells, and `sitrep.read_events(db, **filters)` the stored ones as a pandas
DataFrame (`sitrep.notebook`). Both load lazily: `import sitrep` stays cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "extract", "read_events"]


def __getattr__(name: str) -> Any:
    # `sitrep.extract` is also the extraction package: importing it makes it callable
    # (sitrep/extract/__init__.py), so `sitrep.extract(text)` works either way.
    if name == "read_events":
        from sitrep.notebook import read_events

        return read_events
    if name == "extract":
        import importlib

        return importlib.import_module("sitrep.extract")
    raise AttributeError(f"module 'sitrep' has no attribute {name!r}")
