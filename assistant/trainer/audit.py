"""The audit log of trainer actions: who did what to which target, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from assistant.storage.database import Database
from assistant.storage.models import AuditEntry, utc_now


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    actor: str
    action: str
    target: str | None
    detail: dict[str, Any]
    created_at: datetime


class AuditLog:
    def __init__(self, database: Database) -> None:
        self._db = database

    def record(self, actor: str, action: str, target: str | None = None, **detail: Any) -> None:
        """Append one entry; `detail` must hold no learner personal data (ids and counts only)."""
        with self._db.session() as session:
            session.add(
                AuditEntry(actor=actor, action=action, target=target, detail=detail, created_at=utc_now())
            )

    def recent(self, limit: int = 100, offset: int = 0) -> list[AuditRow]:
        query = sa.select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        with self._db.session() as session:
            rows = session.scalars(query.limit(limit).offset(offset)).all()
            return [AuditRow(r.id, r.actor, r.action, r.target, dict(r.detail), r.created_at) for r in rows]
