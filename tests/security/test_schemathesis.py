"""Property-based fuzzing of every documented route against the app's own OpenAPI schema, in process.

Schemathesis generates valid and invalid requests from the schema; every response must be a status the
schema documents, with a body that matches its model, and never a 500. A failure is a bug in the route or
in its schema. Bounded: a few examples per operation (about 40 s in all on two cores).

The app is built at import (schemathesis reads its schema then); the fixture gives it its services, over a
small indexed corpus, with an admin token and no rate limit so that every route is reachable.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from assistant.api.app import create_app
from assistant.config import Settings
from assistant.embeddings import MiniLMEncoder
from assistant.services import Services
from tests.helpers.corpus import write_corpus

pytestmark = pytest.mark.slow

ADMIN_TOKEN = "schemathesis-admin-token-0123456789abcdef"  # noqa: S105 - a test value
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 8

_SETTINGS = Settings(  # type: ignore[call-arg]
    _env_file=None,
    data_dir=Path(tempfile.mkdtemp(prefix="ustad-schemathesis-")),  # the app's own services are replaced
    admin_token=ADMIN_TOKEN,
    rate_limit_per_minute=1_000_000,
)
APP = create_app(_SETTINGS)
# The widget, source view and trainer console are still being written by another change: fuzzed once landed.
schema = schemathesis.openapi.from_asgi("/openapi.json", APP).exclude(
    path_regex=r"^/(widget|trainer)/|^/v1/sources"
)
CALLS: list[int] = []


@pytest.fixture(scope="module", autouse=True)
def app_services(
    tmp_path_factory: pytest.TempPathFactory, model_cache: Path, encoder: MiniLMEncoder
) -> Iterator[Services]:
    """What the lifespan would build, over a small indexed corpus in a temp data dir."""
    root = tmp_path_factory.mktemp("fuzz")
    config = _SETTINGS.model_copy(update={"data_dir": root / "data", "model_cache_dir": model_cache})
    services = Services(config, encoder=encoder)
    assert services.ingestor.ingest([write_corpus(root / "corpus")]).ok
    services.warm_up()
    APP.state.services = services
    yield services
    services.close()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_errors_and_responses_match_the_schema(case: schemathesis.Case) -> None:
    CALLS.append(1)
    case.call_and_validate(headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, checks=CHECKS)


def test_fuzzing_ran(app_services: Services) -> None:
    """Runs after the fuzzing in this module: it must have sent requests (a filter typo would not fail)."""
    print(f"schemathesis sent {len(CALLS)} requests")
    assert len(CALLS) >= 50
