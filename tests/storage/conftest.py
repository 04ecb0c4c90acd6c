"""Every storage test runs on SQLite (a temp file) and on PostgreSQL (a fresh schema per test)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant.storage import Database, QuestionLog
from tests.helpers.postgres import PostgresServer, connect_postgres


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = connect_postgres()
    yield server
    server.drop_leftovers()
    server.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'assistant.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    schema = server.create_schema()
    yield server.url_for(schema)
    server.drop_schema(schema)


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """A migrated, empty database."""
    db = Database(database_url)
    db.upgrade()
    yield db
    db.dispose()


class Clock:
    """A settable clock, so retention and ordering tests need no sleeping."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def log(database: Database, clock: Clock) -> QuestionLog:
    return QuestionLog(database, clock=clock)
