"""The Sitrep web page: one static page (map, timeline, evidence view, review form) that reads
the HTTP API (`sitrep.api`) and is served by the same app, fully offline.

Everything the page loads is under `STATIC_DIR` (`index.html`, `app.js`, `app.css` and the
vendored libraries and outline data in `vendor/`, written by `scripts/vendor_web.py`): no
CDN, no tile server unless the user configures one.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["INDEX_HTML", "STATIC_DIR"]

STATIC_DIR = Path(__file__).resolve().parent / "static"
INDEX_HTML = STATIC_DIR / "index.html"
