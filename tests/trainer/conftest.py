"""Trainer-core tests run on SQLite and PostgreSQL, like the storage tests."""

from tests.storage.conftest import clock, database, database_url, postgres_server  # noqa: F401
