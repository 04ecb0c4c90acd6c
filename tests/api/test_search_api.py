"""The HTTP contract: /healthz, /readyz and /v1/search through TestClient against the real app."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.services import Services


@pytest.fixture
def client(indexed: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services=indexed)) as test_client:
        yield test_client


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["documents"] == 5


def test_search_contract(client: TestClient) -> None:
    response = client.get("/v1/search", params={"q": "how do I stop a list at ten items", "k": 5})
    assert response.status_code == 200
    results = response.json()["results"]
    assert 1 <= len(results) <= 5
    assert {"source", "title", "section", "text", "score"} <= set(results[0])
    assert results[0]["source"] == "course/settings.md"


def test_search_filter_by_doc_type(client: TestClient) -> None:
    results = client.get("/v1/search", params={"q": "courses", "doc_type": "policy"}).json()["results"]
    assert results and all(r["doc_type"] == "policy" for r in results)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "x" * 4001},
        {"q": "ok", "k": 0},
        {"q": "ok", "k": 51},
        {"q": "ok", "doc_type": "x"},
    ],
)
def test_bad_search_requests_get_422_with_a_message(client: TestClient, params: dict[str, object]) -> None:
    response = client.get("/v1/search", params=params)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_whitespace_query_is_a_clear_422(client: TestClient) -> None:
    response = client.get("/v1/search", params={"q": "   "})
    assert response.status_code == 422
    assert response.json() == {"detail": "The query is empty."}


def test_openapi_docs_are_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    assert "/v1/search" in client.get("/openapi.json").json()["paths"]
