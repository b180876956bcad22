"""Sitrep: trustworthy, evidence-linked conflict event data from news reports."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
