"""Property-based fuzzing of every documented route against the app's own OpenAPI schema, in process: the
/v1 API, the widget's API, the source view and the trainer console's API.

Schemathesis generates valid and invalid requests from the schema; every response must be a status the
schema documents, with a body that matches its model, and never a 500. A failure is a bug in the route or
in its schema. Bounded: a few examples per operation.

The schema is read at import (schemathesis parametrizes at collection) from an app that never serves; the
requests go to the app the fixture builds over a small indexed corpus, with an admin token, a signed-in
console administrator (session cookie and CSRF token) and no rate limit, so that every route is reachable.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from assistant.api.app import create_app
from assistant.api.auth import COOKIE
from assistant.config import Settings
from assistant.embeddings import MiniLMEncoder
from assistant.services import Services
from tests.helpers.corpus import write_corpus

pytestmark = pytest.mark.slow

ADMIN_TOKEN = "schemathesis-admin-token-0123456789abcdef"  # noqa: S105 - test values
CONSOLE_PASSWORD = "schemathesis console password"  # noqa: S105
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 8
BASE_URL = "http://testserver"

_SETTINGS = Settings(  # type: ignore[call-arg]
    _env_file=None,
    admin_token=ADMIN_TOKEN,
    rate_limit_per_minute=1_000_000,
    cookie_secure=False,  # the console's cookie over the in-process client's plain http
)
schema = schemathesis.openapi.from_dict(create_app(_SETTINGS).openapi())
CALLS: list[int] = []
LIVE: dict[str, Any] = {}  # the app under test, and the console session of a signed-in administrator


@pytest.fixture(scope="module", autouse=True)
def app_services(
    tmp_path_factory: pytest.TempPathFactory, model_cache: Path, encoder: MiniLMEncoder
) -> Iterator[Services]:
    """The app over a small indexed corpus in a temp data dir, and two console administrators."""
    root = tmp_path_factory.mktemp("fuzz")
    config = _SETTINGS.model_copy(update={"data_dir": root / "data", "model_cache_dir": model_cache})
    services = Services(config, encoder=encoder)
    assert services.ingestor.ingest([write_corpus(root / "corpus")]).ok
    for username in ("fuzz-admin", "fuzz-leaver"):
        services.console.accounts.add(username, CONSOLE_PASSWORD, "admin")
    app = create_app(config, services)
    app.state.services = services  # as the lifespan does; schemathesis starts it at the first request
    LIVE.update(app=app, console=console_session(app, "fuzz-admin"))
    yield services
    services.close()


def console_session(app: FastAPI, username: str) -> dict[str, str]:
    """Sign in (no `with`: the lifespan runs once, under schemathesis); the cookie and CSRF token."""
    login = TestClient(app).post(
        "/trainer/api/login", json={"username": username, "password": CONSOLE_PASSWORD}
    )
    assert login.status_code == 200, login.text
    return {"cookie": login.cookies[COOKIE], "csrf": login.json()["csrf"]}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_errors_and_responses_match_the_schema(case: schemathesis.Case) -> None:
    CALLS.append(1)
    app = LIVE["app"]
    # signing out ends every session of the account: sign out another account's fresh one each time
    console = console_session(app, "fuzz-leaver") if case.path == "/trainer/api/logout" else LIVE["console"]
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}", "X-CSRF-Token": console["csrf"]}
    cookies = {COOKIE: console["cookie"]}
    case.call_and_validate(base_url=BASE_URL, app=app, headers=headers, cookies=cookies, checks=CHECKS)


def test_fuzzing_ran(app_services: Services) -> None:
    """Runs after the fuzzing in this module: it must have sent requests to every part of the API (a filter
    typo would not fail), and they must have reached the fixture's services, not ones the lifespan built."""
    paths = {result.ok().path.split("/")[1] for result in schema.get_all_operations()}
    print(f"schemathesis sent {len(CALLS)} requests to {len(paths)} groups of routes")
    assert {"v1", "widget", "trainer"} <= paths
    assert len(CALLS) >= 150
    assert LIVE["app"].state.services is app_services
