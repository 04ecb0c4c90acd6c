"""Helpers for the data-protection tests: personal data to plant, and ways to look for it in every store."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from assistant.services import Services
from assistant.storage.models import ChatSession, Message, utc_now

CNIC = "35202-1234567-1"
PHONE = "0300-1234567"
EMAIL = "ayesha.khan@punjab.gov.pk"
PERSONAL = (CNIC, PHONE, EMAIL, "3520212345671", "03001234567")
WITH_PERSONAL_DATA = f"My CNIC is {CNIC}, call me on {PHONE} or write to {EMAIL}: what is temperature?"


def leaks(text: str) -> list[str]:
    """The planted values found in `text` (empty when it is clean)."""
    return [value for value in PERSONAL if value in text]


def database_text(services: Services) -> str:
    """Every value of every row of every table of the question-log database, as one string."""
    engine = services.database.engine
    parts: list[str] = []
    with engine.connect() as connection:
        for table in sa.inspect(engine).get_table_names():
            for row in connection.execute(
                sa.table(table, *[sa.column(c["name"]) for c in _columns(engine, table)]).select()
            ):
                parts.extend(str(value) for value in row)
    return "\n".join(parts)


def _columns(engine: sa.Engine, table: str) -> list[dict[str, object]]:
    return list(sa.inspect(engine).get_columns(table))  # type: ignore[arg-type]


def files_text(root: Path) -> str:
    """The bytes of every file under `root` (SQLite files, WAL, JSON, reports), decoded leniently."""
    return "\n".join(
        path.read_bytes().decode("utf-8", errors="replace")
        for path in sorted(root.rglob("*"))
        if path.is_file()
    )


def age_log(services: Services, days: float) -> None:
    """Make every logged exchange and session `days` old (instead of waiting)."""
    then = utc_now() - timedelta(days=days)
    with services.database.session() as session:
        session.execute(sa.update(Message).values(created_at=then))
        session.execute(sa.update(ChatSession).values(created_at=then, updated_at=then))
