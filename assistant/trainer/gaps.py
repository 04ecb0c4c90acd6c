"""Knowledge gaps: the questions waiting for a trainer (refused, disliked or answered on weak evidence, and
not curated yet), grouped by meaning (`assistant.trainer.grouping`), largest group first, so a trainer
sees what to teach or write next and can answer a whole group at once. Each group is labelled by its most
central question and the words most of its questions share, and counts its questions, learners, channels
and first and last time asked."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import sqlalchemy as sa

from assistant.messages import language_of
from assistant.storage.models import Feedback, Message
from assistant.trainer.accounts import Account
from assistant.trainer.curated import normalize
from assistant.trainer.grouping import central, group_questions, key_terms
from assistant.trainer.labels import channel_label
from assistant.trainer.log_queries import DISLIKED, WEAK_EVIDENCE, LogFilter, LogQueries, possibly_missed

Encode = Callable[[list[str]], np.ndarray]
MAX_QUESTIONS = 1000  # the most recent waiting questions considered
MAX_EXAMPLES = 50  # the console lists 8 on the card; answering the gap offers them all
MAX_MESSAGE_IDS = 500
UNANSWERED = "unanswered"


@dataclass(frozen=True, slots=True)
class Gap:
    label: str  # the group's most central question
    terms: list[str]  # the words most of its questions share
    questions: int  # messages
    learners: int  # distinct learners (anonymous ones each count once per conversation)
    first_asked: datetime
    last_asked: datetime
    channels: dict[str, int]  # "Widget": 3...
    reasons: dict[str, int]  # unanswered, disliked, weak evidence
    examples: list[str]  # its distinct questions (up to 50), the central one first, then the most asked
    message_ids: list[str]  # answering the gap takes these out of the queue
    wordings: int = 0  # distinct questions in the group
    topic: str = field(default="")  # the terms joined, or the label (older clients)


@dataclass(frozen=True, slots=True)
class _Asked:
    id: str
    question: str
    learner: str
    channel: str
    created_at: datetime
    reasons: tuple[str, ...]


def knowledge_gaps(
    queries: LogQueries, encode: Encode, flt: LogFilter, viewer: Account, limit: int = 30
) -> list[Gap]:
    """The waiting questions in `flt`'s view, grouped by meaning, largest group first."""
    asked = _waiting(queries, flt, viewer)
    by_text: dict[str, list[_Asked]] = {}
    for item in asked:
        by_text.setdefault(normalize(item.question) or item.question, []).append(item)
    texts = [items[0].question for items in by_text.values()]
    grouping = group_questions(texts, encode)
    gaps = []
    for group in grouping.groups:
        asked_as = {i: by_text[normalize(texts[i]) or texts[i]] for i in group}
        messages = [m for i in group for m in asked_as[i]]
        english = [language_of(texts[i]) == "en" for i in group]
        middle = central(group, grouping.similarity, [len(asked_as[i]) for i in group], english)
        ordered = [middle, *sorted((i for i in group if i != middle), key=lambda i: -len(asked_as[i]))]
        terms = key_terms([texts[i] for i in group])
        times = [m.created_at for m in messages]
        gaps.append(
            Gap(
                label=texts[middle],
                terms=terms,
                questions=len(messages),
                learners=len({m.learner for m in messages}),
                first_asked=min(times),
                last_asked=max(times),
                channels=dict(Counter(channel_label(m.channel) for m in messages).most_common()),
                reasons=dict(Counter(r for m in messages for r in m.reasons).most_common()),
                examples=[texts[i] for i in ordered[:MAX_EXAMPLES]],
                message_ids=[m.id for m in sorted(messages, key=lambda m: m.created_at, reverse=True)][
                    :MAX_MESSAGE_IDS
                ],
                wordings=len(group),
                topic=" · ".join(terms) or texts[middle],
            )
        )
    gaps.sort(key=lambda g: (-g.questions, -g.learners, -g.last_asked.timestamp()))
    return gaps[:limit]


def _waiting(queries: LogQueries, flt: LogFilter, viewer: Account) -> list[_Asked]:
    rating = (
        sa.select(Feedback.rating)
        .where(Feedback.message_id == Message.id)
        .correlate(Message)
        .scalar_subquery()
    )
    columns = sa.select(
        Message.id,
        Message.question,
        Message.user_id,
        Message.session_id,
        Message.channel,
        Message.created_at,
        Message.refused,
        Message.answerer,
        Message.p_answerable,
        rating.label("rating"),
    )
    query = queries.filtered(columns, flt, viewer).where(*queries.queue_conditions(flt.reason))
    query = query.order_by(Message.created_at.desc()).limit(MAX_QUESTIONS)
    with queries.database.session() as session:
        rows = session.execute(query).all()
    return [
        _Asked(
            id=r.id,
            question=r.question,
            learner=f"u{r.user_id}" if r.user_id is not None else f"s{r.session_id}",
            channel=r.channel,
            created_at=r.created_at,
            reasons=(UNANSWERED,)
            if r.refused
            else tuple(possibly_missed(False, r.answerer, r.p_answerable, r.rating)) or (DISLIKED,),
        )
        for r in rows
    ]


__all__ = ["DISLIKED", "UNANSWERED", "WEAK_EVIDENCE", "Gap", "knowledge_gaps"]
