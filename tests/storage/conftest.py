"""Every storage test runs on SQLite (a temp file) and on PostgreSQL (a fresh schema per test)."""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from assistant.storage import Database, QuestionLog

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@dataclass
class PostgresServer:
    """Hands out throw-away schemas named after this test run, so parallel runs never collide."""

    url: sa.URL
    engine: sa.Engine
    prefix: str = field(default_factory=lambda: f"ustad_test_{os.getpid()}_{uuid.uuid4().hex[:8]}")
    _counter: itertools.count[int] = field(default_factory=itertools.count)

    def create_schema(self) -> str:
        schema = f"{self.prefix}_{next(self._counter)}"
        with self.engine.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        return schema

    def drop_schema(self, schema: str) -> None:
        with self.engine.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")

    def url_for(self, schema: str) -> str:
        url = self.url.update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    def drop_leftovers(self) -> None:
        query = sa.text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :prefix")
        with self.engine.connect() as conn:
            leftovers = conn.execute(query, {"prefix": f"{self.prefix}%"}).scalars().all()
        for schema in leftovers:
            self.drop_schema(schema)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    url = sa.make_url(os.environ.get("ASSISTANT_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    engine = sa.create_engine(url, connect_args={"connect_timeout": 3}, poolclass=sa.NullPool)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        problem = None
    except sa.exc.OperationalError as exc:
        problem = str(exc.orig).strip()
    if problem is not None:  # failed outside `except`, so the report is one clear message, not a traceback
        engine.dispose()
        pytest.fail(
            f"PostgreSQL is unreachable at {url.render_as_string(hide_password=True)}: {problem}\n"
            "Start it, or point ASSISTANT_TEST_POSTGRES_URL at one (deselect with -k sqlite to skip).",
            pytrace=False,
        )
    server = PostgresServer(url=url, engine=engine)
    yield server
    server.drop_leftovers()
    engine.dispose()


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
