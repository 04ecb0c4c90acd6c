"""The shipped migrations build the schema the models expect, on both backends, and are safe to re-run."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from assistant.storage import Database, QuestionLog
from assistant.storage.database import alembic_config
from assistant.storage.models import Base

TABLES = {"users", "sessions", "messages", "feedback"}


def _version(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def test_upgrade_creates_tables_and_indexes(database_url: str) -> None:
    db = Database(database_url)
    try:
        db.upgrade()
        inspector = sa.inspect(db.engine)
        assert TABLES | {"alembic_version"} <= set(inspector.get_table_names())
        message_indexes = {ix["name"] for ix in inspector.get_indexes("messages")}
        assert {"ix_messages_created_at", "ix_messages_session_id_created_at"} <= message_indexes
        assert _version(db) == ScriptDirectory.from_config(alembic_config()).get_current_head()
    finally:
        db.dispose()


def test_upgrade_twice_is_a_no_op(database: Database) -> None:
    log = QuestionLog(database)
    user = log.get_or_create_user("web", "u1")
    before = _version(database)

    database.upgrade()

    assert _version(database) == before
    assert log.get_or_create_user("web", "u1") == user


def test_models_match_migrations(database: Database) -> None:
    with database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_base_and_back(database: Database) -> None:
    with database.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert not TABLES & set(sa.inspect(database.engine).get_table_names())
    database.upgrade()
    assert TABLES <= set(sa.inspect(database.engine).get_table_names())


def test_concurrent_threads_migrate_once(database_url: str) -> None:
    databases = [Database(database_url) for _ in range(3)]
    try:
        with ThreadPoolExecutor(len(databases)) as pool:
            list(pool.map(Database.upgrade, databases))
        assert TABLES <= set(sa.inspect(databases[0].engine).get_table_names())
    finally:
        for db in databases:
            db.dispose()


WORKER = """
import sys, time
from pathlib import Path
from assistant.storage import Database
url, ready, go = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
db = Database(url)
ready.touch()
while not go.exists():
    time.sleep(0.005)
db.upgrade()
"""


def test_concurrent_worker_processes_migrate_once(database_url: str, tmp_path: Path) -> None:
    """Like `uvicorn --workers 4` starting on an empty database: imports done, then all migrate at once."""
    go = tmp_path / "go"
    ready = [tmp_path / f"ready-{n}" for n in range(4)]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, database_url, str(flag), str(go)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for flag in ready
    ]
    deadline = time.monotonic() + 30
    while not all(flag.exists() for flag in ready) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    errors = [worker.communicate(timeout=60)[1] for worker in workers]
    assert [worker.returncode for worker in workers] == [0] * len(workers), errors
    db = Database(database_url)
    try:
        assert TABLES <= set(sa.inspect(db.engine).get_table_names())
    finally:
        db.dispose()


def test_revisions_are_numbered_and_linear() -> None:
    """Migrations are append-only: NNNN_name.py, revision "NNNN", each revising the one before."""
    scripts = ScriptDirectory.from_config(alembic_config())
    revisions = list(reversed(list(scripts.walk_revisions())))
    assert len(scripts.get_heads()) == 1
    for number, script in enumerate(revisions, start=1):
        assert script.revision == f"{number:04d}"
        assert script.down_revision == (f"{number - 1:04d}" if number > 1 else None)
        assert re.fullmatch(rf"{number:04d}_\w+\.py", Path(script.path).name)


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'nested' / 'assistant.db'}")
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    finally:
        db.dispose()


def test_0005_gives_existing_accounts_session_generation_0_and_downgrades(database_url: str) -> None:
    db = Database(database_url)
    try:
        db.upgrade("0004")
        with db.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO trainer_accounts (username, password_hash, role, active, created_at) "
                    "VALUES ('amina', 'scrypt$x', 'trainer', true, CURRENT_TIMESTAMP)"
                )
            )
        db.upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT username, session_generation FROM trainer_accounts")).all()
        assert [tuple(r) for r in rows] == [("amina", 0)]
        with db.engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0004")
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("trainer_accounts")}
        assert "session_generation" not in columns and "username" in columns
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT username FROM trainer_accounts")).scalars().all() == ["amina"]
    finally:
        db.dispose()
