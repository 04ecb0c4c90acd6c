"""GET /metrics: request counts and latencies by route template, and the pipeline's question counter."""

from __future__ import annotations

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from assistant.api.metrics import Metrics
from assistant.services import Services
from tests.api.conftest import MakeClient
from tests.helpers.questions import log_exchange


def _samples(client: TestClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def _requests(method: str, route: str, status: str) -> tuple[str, frozenset[tuple[str, str]]]:
    labels = {"method": method, "route": route, "status": status}
    return "ustad_http_requests_total", frozenset(labels.items())


def test_requests_are_counted_by_route_template_and_status(client: TestClient, services: Services) -> None:
    session, _ = log_exchange(services.question_log, "q")
    client.get(f"/v1/sessions/{session}")
    client.get("/v1/sessions/other-one")
    client.get("/v1/sessions/missing")
    client.get("/no/such/path")

    samples = _samples(client)

    assert samples[_requests("GET", "/v1/sessions/{session_id}", "200")] == 1
    assert samples[_requests("GET", "/v1/sessions/{session_id}", "404")] == 2
    assert samples[_requests("GET", "unmatched", "404")] == 1
    count = ("ustad_http_request_duration_seconds_count", _requests("GET", "unmatched", "404")[1])
    assert samples[count] == 1
    assert not any("other-one" in str(key) or "/no/such" in str(key) for key in samples)


def test_the_question_counter_is_exposed_for_the_pipeline(client: TestClient) -> None:
    metrics: Metrics = client.app.state.metrics  # type: ignore[attr-defined]
    metrics.count_question("web", "llm", refused=False)
    metrics.count_question("web", "llm", refused=False)
    metrics.count_question("telegram", "fallback", refused=True)

    samples = _samples(client)

    def questions(channel: str, answerer: str, refused: str) -> float:
        labels = {"channel": channel, "answerer": answerer, "refused": refused}
        return samples["ustad_questions_total", frozenset(labels.items())]

    assert questions("web", "llm", "false") == 2
    assert questions("telegram", "fallback", "true") == 1
    assert questions("api", "extractive", "false") == 0  # known series exist before the first question


def test_each_app_has_its_own_registry(make_client: MakeClient) -> None:
    first, second = make_client(), make_client()
    first.get("/healthz")
    first.get("/healthz")

    assert _samples(first)[_requests("GET", "/healthz", "200")] == 2
    assert _requests("GET", "/healthz", "200") not in _samples(second)
