"""The Sitrep HTTP API and page: one ASGI app (FastAPI) over a Store, served by `sitrep serve`.

    from sitrep.api import ApiSettings, create_app
    app = create_app("sitrep.db", settings=ApiSettings(public_read=True))

Reads return JSON in the data contract's shapes (the OpenAPI document is at /openapi.json);
writes (review, corrections) need a token; every failure has one error shape
(`sitrep.api.errors`). See `sitrep.api.settings` and `sitrep.api.app` for the security
settings and `sitrep.api.routes` for the endpoints.
"""

from __future__ import annotations

from sitrep.api.app import app_from_env, create_app
from sitrep.api.errors import ApiError
from sitrep.api.settings import ApiSettings

__all__ = ["ApiError", "ApiSettings", "app_from_env", "create_app"]
