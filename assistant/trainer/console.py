"""The trainer console's services, built once per process by `Services.console`."""

from __future__ import annotations

from dataclasses import replace

from assistant.storage import UnknownMessageError
from assistant.storage.database import Database
from assistant.trainer.accounts import Account, Accounts
from assistant.trainer.audit import AuditLog
from assistant.trainer.curated import Curated, CuratedAnswers, Encode
from assistant.trainer.gaps import Gap, knowledge_gaps
from assistant.trainer.log_queries import LogFilter, LogQueries


class TrainerConsole:
    """Accounts, the log's views, curated answers, knowledge gaps and the audit log, on one database."""

    def __init__(self, database: Database, curated: CuratedAnswers, encode: Encode) -> None:
        self.database = database
        self.accounts = Accounts(database)
        self.audit = AuditLog(database)
        self.log = LogQueries(database)
        self.curated = curated
        self._encode = encode

    def gaps(self, flt: LogFilter, viewer: Account) -> list[Gap]:
        return knowledge_gaps(self.log, self._encode, replace(flt, status="refused"), viewer)

    def approve(
        self, viewer: Account, question: str, answer: str, source_message_id: str | None = None
    ) -> Curated:
        """Store a trainer's answer (it reaches every channel at once) and audit who approved it. The
        message it answers must be one the trainer may see: it leaves the queue of that message's cohort."""
        if source_message_id is not None and not self.log.visible(source_message_id, viewer):
            raise UnknownMessageError(f"No message {source_message_id!r} in your view of the log.")
        curated = self.curated.add(question, answer, viewer.username, source_message_id)
        self.audit.record(
            viewer.username, "curated.approve", f"curated/{curated.id}", message=source_message_id
        )
        return curated
