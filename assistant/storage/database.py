"""Engine and sessions for the question log, plus programmatic Alembic upgrades (no alembic.ini needed)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from assistant.errors import DatabaseUnavailableError

if TYPE_CHECKING:  # Alembic loads when a schema is upgraded: `assistant ingest` never does (0.17 s)
    from alembic.config import Config

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Any constant works; it only has to be the same for every process migrating the same PostgreSQL database.
_PG_MIGRATION_LOCK = 0x75737461  # "usta"
# Alembic's `context` is a process-global proxy, so two threads must not migrate at the same time.
_upgrade_lock = threading.Lock()
_SQLITE_LOCK_RETRIES = 5


def alembic_config(connection: sa.Connection | None = None, url: str | None = None) -> Config:
    """An Alembic config built in code, so an installed package can migrate (and devs can add revisions)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Per-connection SQLite settings: cascades need foreign_keys, concurrent writers need WAL + a timeout."""
    cursor = dbapi_connection.cursor()
    # the timeout first: switching to WAL needs a lock, and without it a busy database fails at once
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class Database:
    """One engine per process; hand it to `QuestionLog` and to anything else that needs the log."""

    def __init__(self, url: str, **engine_options: Any) -> None:
        parsed = sa.make_url(url)
        if parsed.drivername == "postgresql":  # plain URLs would pick psycopg2, which we do not ship
            parsed = parsed.set(drivername="postgresql+psycopg")
        database = parsed.database
        if parsed.get_backend_name() == "sqlite" and database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)  # a fresh data dir just works
        # A server can restart under a long-running API; a local SQLite file cannot go away.
        engine_options.setdefault("pool_pre_ping", parsed.get_backend_name() != "sqlite")
        # Statement parameters are learners' questions and names: never in an error's text, so never logged.
        engine_options.setdefault("hide_parameters", True)
        self.engine: Engine = sa.create_engine(parsed, **engine_options)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back if it raises."""
        with self._sessions.begin() as session:
            yield session

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to `revision`; safe to call at every start-up (a no-op when already there)."""
        # Workers starting together must not both create the tables: take a database-wide lock first.
        for attempt in range(_SQLITE_LOCK_RETRIES + 1):
            try:
                with _upgrade_lock, self.engine.begin() as connection:
                    if self.dialect == "sqlite":
                        connection.exec_driver_sql("BEGIN IMMEDIATE")  # pysqlite would not begin before DDL
                    elif self.dialect == "postgresql":
                        connection.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_MIGRATION_LOCK)))
                    from alembic import command

                    command.upgrade(alembic_config(connection), revision)
                break
            except sa.exc.OperationalError as exc:
                # SQLite answers "locked" at once, without waiting, when two connections would deadlock
                # upgrading their locks; seen when several workers start together on a loaded machine.
                if self.dialect != "sqlite" or "locked" not in str(exc) or attempt == _SQLITE_LOCK_RETRIES:
                    raise
                logger.info("question log is locked by another process; retrying the migration")
                time.sleep(0.2 * (attempt + 1))
        logger.info("question log schema at %s", revision)

    def ping(self) -> None:
        """Raise `DatabaseUnavailableError` if the database cannot answer a trivial query."""
        try:
            with self.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        except sa.exc.SQLAlchemyError as exc:
            raise DatabaseUnavailableError(
                f"The question-log database is unreachable: {exc.__class__.__name__}"
            ) from exc

    def dispose(self) -> None:
        self.engine.dispose()
