"""Throw-away PostgreSQL schemas on the tests' server (127.0.0.1:5432 or ASSISTANT_TEST_POSTGRES_URL)."""

from __future__ import annotations

import itertools
import os
import uuid
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa

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


def connect_postgres() -> PostgresServer:
    """The test server, or a clear pytest failure (not a traceback) when it is unreachable."""
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
    return PostgresServer(url=url, engine=engine)
