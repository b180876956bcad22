"""Property-based API testing: schemathesis reads /openapi.json and sends generated requests
(valid and invalid) to every operation of the real app, in process, over a seeded store,
with a valid token so writes run too. No response may be a server error, and every response
must match its documented status, content type, headers and schema."""

from __future__ import annotations

import os

import pytest
import schemathesis
from api_data import seed
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sitrep.api import create_app
from sitrep.api.routes import router

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
#: Examples per operation; SITREP_SCHEMATHESIS_EXAMPLES=500 for a deeper run than CI's.
EXAMPLES = int(os.environ.get("SITREP_SCHEMATHESIS_EXAMPLES", "40"))
OPERATIONS = sorted((method, route.path) for route in router.routes for method in route.methods)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> tuple[schemathesis.BaseSchema, str]:
    "The OpenAPI schema of the app over a seeded store, and a write token."
    folder = tmp_path_factory.mktemp("schemathesis")
    token = seed(folder / "store.db")
    app = create_app(folder / "store.db")
    return schemathesis.openapi.from_asgi("/openapi.json", app), token


def test_every_route_is_tested() -> None:
    assert len(OPERATIONS) == 11


@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda m: m.value)
@pytest.mark.parametrize("method, path", OPERATIONS)
@pytest.mark.reliability(
    "generated valid and schema-breaking requests (schemathesis) to every API operation",
    "no 5xx; every status, content type, header and body as documented",
)
def test_no_server_error_and_every_response_as_documented(
    api: tuple[schemathesis.BaseSchema, str], method: str, path: str, mode: GenerationMode
) -> None:
    "Valid requests (positive) and requests that break the schema (negative) alike."
    schema, token = api
    operation = schema[path][method]
    if mode is GenerationMode.NEGATIVE and path == "/api/config":
        pytest.skip("it takes no input, so no request can break its schema")

    @given(case=operation.as_strategy(mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,  # the same requests on every run: CI cannot flake
        suppress_health_check=list(HealthCheck),
    )
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

    check()
