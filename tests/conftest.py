"""Shared fixtures: settings on a temp data dir, one loaded embedding model per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.embeddings import MiniLMEncoder
from assistant.services import Services
from tests.helpers.browser import browser, chromium, new_context, page, playwright  # noqa: F401 - fixtures
from tests.helpers.corpus import write_corpus


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def encoder(model_cache: Path) -> MiniLMEncoder:
    return MiniLMEncoder("int8-dynamic", cache_dir=model_cache)


@pytest.fixture
def settings(tmp_path: Path, model_cache: Path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path / "data", model_cache_dir=model_cache)  # type: ignore[call-arg]


@pytest.fixture
def services(settings: Settings, encoder: MiniLMEncoder) -> Iterator[Services]:
    built = Services(settings, encoder=encoder)
    yield built
    built.close()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def indexed(services: Services, corpus: Path) -> Services:
    report = services.ingestor.ingest([corpus])
    assert report.ok, report.failed
    return services
