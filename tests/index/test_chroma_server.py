"""The same ingestion and search against a Chroma server (`chroma run`) instead of the embedded store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.config import Settings
from assistant.embeddings import MiniLMEncoder
from assistant.errors import IndexUnavailableError
from assistant.services import Services
from tests.helpers.chroma_server import chroma_server, free_port

pytestmark = pytest.mark.chroma_server


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    given = os.environ.get("ASSISTANT_TEST_CHROMA_URL")
    if given:
        yield given
        return
    with chroma_server(tmp_path_factory.mktemp("chroma")) as url:
        yield url


@pytest.fixture
def server_services(
    settings: Settings, encoder: MiniLMEncoder, chroma_url: str, request: pytest.FixtureRequest
) -> Iterator[Services]:
    name = "t-" + request.node.name.replace("_", "-")[:50]
    configured = settings.model_copy(update={"chroma_url": chroma_url, "collection": name})
    services = Services(configured, encoder=encoder)
    yield services
    services.close()


def test_ingest_and_search_through_the_server(server_services: Services, corpus: Path) -> None:
    report = server_services.ingestor.ingest([corpus])
    assert report.ok and len(report.added) == 5
    assert server_services.vectors.count() == len(server_services.catalog.chunk_ids())
    hit = server_services.searcher.search("stop sequence for ten items", k=1)[0]
    assert hit.source == "course/settings.md"
    assert server_services.ingestor.ingest([corpus]).unchanged == 5


def test_the_api_reports_ready_on_the_server(server_services: Services, corpus: Path) -> None:
    server_services.ingestor.ingest([corpus])
    with TestClient(create_app(services=server_services)) as client:
        assert client.get("/readyz").json()["status"] == "ready"
        results = client.get("/v1/search", params={"q": "few-shot examples"}).json()["results"]
        assert results[0]["source"] == "course/few-shot.mdx"


def test_an_unreachable_server_is_a_clear_error(settings: Settings, encoder: MiniLMEncoder) -> None:
    dead = settings.model_copy(update={"chroma_url": f"http://127.0.0.1:{free_port()}"})
    with pytest.raises(IndexUnavailableError, match="Chroma"):
        Services(dead, encoder=encoder).vectors.count()


def test_the_api_starts_without_the_server_and_answers_503(
    settings: Settings, encoder: MiniLMEncoder
) -> None:
    dead = settings.model_copy(update={"chroma_url": f"http://127.0.0.1:{free_port()}"})
    services = Services(dead, encoder=encoder)
    with TestClient(create_app(services=services)) as client:
        assert client.get("/healthz").status_code == 200
        ready = client.get("/readyz")
        assert ready.status_code == 503 and "Chroma" in ready.json()["detail"]
        search = client.get("/v1/search", params={"q": "prompt"})
        assert search.status_code == 503 and search.json()["detail"] and search.headers["retry-after"] == "5"
    services.close()


def test_search_recovers_when_the_server_comes_back(
    settings: Settings, encoder: MiniLMEncoder, corpus: Path, tmp_path: Path
) -> None:
    port = free_port()
    with chroma_server(tmp_path, port) as url:
        services = Services(settings.model_copy(update={"chroma_url": url}), encoder=encoder)
        services.ingestor.ingest([corpus])
    with pytest.raises(IndexUnavailableError):
        services.searcher.search("few-shot examples")
    with chroma_server(tmp_path, port):
        assert services.searcher.search("few-shot examples")[0].source == "course/few-shot.mdx"
    services.close()
