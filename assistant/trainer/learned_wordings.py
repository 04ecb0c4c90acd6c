"""Wordings learners taught: a question that was offered an approved one ("A trainer has answered a similar
question:") whose learner then asked that approved question, one tap, in the same conversation. The exact
matcher (assistant/trainer/matching.py) keeps such paraphrases apart on purpose, since the words alone
cannot tell them from a question that differs in substance; the learner's tap says they were one question.
They are shown to trainers, and one click adds a wording to its answer: nothing is added without a trainer."""

from __future__ import annotations

import sqlalchemy as sa

from assistant.storage.models import Message
from assistant.trainer.accounts import Account
from assistant.trainer.curated import CURATED_PREFIX, CuratedAnswers, normalize
from assistant.trainer.log_queries import LogFilter, LogQueries

RECENT_TAPS = 500  # the latest curated answers looked at for the question asked before each


def taken_offers(log: LogQueries, curated: CuratedAnswers, viewer: Account) -> dict[int, list[str]]:
    """For each active curated answer, the questions (as logged, redacted) whose learners took it when it
    was offered, in the viewer's scope, not yet among its wordings; newest first."""
    active = {c.id: c for c in curated.list()}
    wordings = {c.id: {normalize(w) for w in c.wordings} for c in active.values()}
    columns = sa.select(Message.session_id, Message.created_at, Message.citations, Message.question)
    taps = log.filtered(columns, LogFilter(), viewer).where(Message.answerer == "curated")
    before: list[tuple[int, str, str]] = []  # (curated id, question asked before the tap, its answerer)
    with log.database.session() as session:
        rows = session.execute(taps.order_by(Message.created_at.desc()).limit(RECENT_TAPS)).all()
        for session_id, created_at, citations, tapped in rows:
            answered = _curated_id(citations)
            if answered not in wordings or normalize(str(tapped)) not in wordings[answered]:
                continue  # not an offer taken: a tap asks an approved wording as written
            previous = log.filtered(sa.select(Message.question, Message.answerer), LogFilter(), viewer)
            previous = previous.where(Message.session_id == session_id, Message.created_at < created_at)
            row = session.execute(previous.order_by(Message.created_at.desc()).limit(1)).first()
            if row is not None:
                before.append((answered, str(row[0]), str(row[1])))
    found: dict[int, dict[str, str]] = {}
    for curated_id, question, answerer in before:
        if answerer == "curated" or normalize(question) in wordings[curated_id]:
            continue
        exact, related = curated.consult(question)  # offered it, and would still offer it
        if exact is None and related is not None and related.id == curated_id:
            found.setdefault(curated_id, {}).setdefault(normalize(question), question)
    return {curated_id: list(taught.values()) for curated_id, taught in found.items()}


def _curated_id(citations: object) -> int | None:
    """The curated answer a logged answer cites ("curated/7"), if it is one."""
    if not isinstance(citations, list) or not citations or not isinstance(citations[0], dict):
        return None
    source = str(citations[0].get("source", ""))
    number = source.removeprefix(CURATED_PREFIX)
    return int(number) if source.startswith(CURATED_PREFIX) and number.isdigit() else None
