"""The trainer console's services, built once per process by `Services.console`."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.storage import UnknownMessageError
from assistant.storage.database import Database
from assistant.trainer.accounts import Account, Accounts
from assistant.trainer.audit import AuditLog
from assistant.trainer.curated import Curated, CuratedAnswers, Encode
from assistant.trainer.gaps import Gap, knowledge_gaps
from assistant.trainer.grouping import CachedEncode
from assistant.trainer.learned_wordings import taken_offers
from assistant.trainer.log_queries import LogFilter, LogQueries


class TrainerConsole:
    """Accounts, the log's views, curated answers, knowledge gaps and the audit log, on one database."""

    def __init__(self, database: Database, curated: CuratedAnswers, encode: Encode) -> None:
        self.database = database
        self.accounts = Accounts(database)
        self.audit = AuditLog(database)
        self.log = LogQueries(database)
        self.curated = curated
        self._encode = CachedEncode(encode)

    def gaps(self, flt: LogFilter, viewer: Account) -> list[Gap]:
        """The questions waiting for a trainer in this view, grouped by meaning."""
        return knowledge_gaps(self.log, self._encode, flt, viewer)

    def taught_wordings(self, viewer: Account) -> dict[int, list[str]]:
        """Per curated answer, questions whose learners took it when it was offered in other words."""
        return taken_offers(self.log, self.curated, viewer)

    def add_wording(self, viewer: Account, curated_id: int, wording: str) -> Curated:
        """Add a wording to a curated answer (a learner's, taken from `taught_wordings`), audited."""
        curated = self.curated.add_wording(curated_id, wording)
        self.audit.record(
            viewer.username, "curated.wording", f"curated/{curated_id}", wordings=len(curated.wordings)
        )
        return curated

    def approve(
        self,
        viewer: Account,
        question: str,
        answer: str,
        source_message_id: str | None = None,
        *,
        variants: Sequence[str] = (),
        sources: Sequence[str] = (),
    ) -> Curated:
        """Store a trainer's answer (it reaches every channel at once) and audit who approved it. The
        messages it answers (one, or a knowledge gap's) must be ones the trainer may see: they leave the
        queue. `variants` are the gap's other wordings, matched like the question."""
        wanted = list(dict.fromkeys(m for m in (source_message_id, *sources) if m))
        hidden = set(wanted) - self.log.visible_ids(wanted, viewer)
        if hidden:
            raise UnknownMessageError(f"No message {sorted(hidden)[0]!r} in your view of the log.")
        curated = self.curated.add(
            question, answer, viewer.username, source_message_id, variants=variants, sources=wanted
        )
        self.audit.record(
            viewer.username,
            "curated.approve",
            f"curated/{curated.id}",
            message=source_message_id,
            messages=len(wanted),
            wordings=len(curated.wordings),
        )
        return curated
