"""Knowledge gaps: the questions the assistant could not answer, grouped by meaning, largest group first,
so trainers see what material to write next. Groups are formed greedily around the most recent question
(MiniLM cosine >= `GROUP_COSINE`) and named by their most frequent content words."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import sqlalchemy as sa

from assistant.index.lexical import tokenize
from assistant.storage.models import Message
from assistant.trainer.accounts import Account
from assistant.trainer.log_queries import LogFilter, LogQueries, rows_of

Encode = Callable[[list[str]], np.ndarray]
GROUP_COSINE = 0.6
MAX_QUESTIONS = 1000  # the most recent refused questions considered


@dataclass(frozen=True, slots=True)
class Gap:
    topic: str
    questions: int
    examples: list[str]
    message_ids: list[str]


def knowledge_gaps(
    queries: LogQueries, encode: Encode, flt: LogFilter, viewer: Account, limit: int = 20
) -> list[Gap]:
    """Refused questions matching `flt`, grouped by topic."""
    refused = replace(flt, status="refused")
    rows = _recent_refused(queries, refused, viewer)
    if not rows:
        return []
    texts = [q for _, q in rows]
    vectors = encode(texts)
    unassigned = np.ones(len(rows), dtype=bool)
    groups: list[list[int]] = []
    for i in range(len(rows)):
        if not unassigned[i]:
            continue
        members = np.flatnonzero(unassigned & (vectors @ vectors[i] >= GROUP_COSINE))
        unassigned[members] = False
        groups.append([int(m) for m in members])
    groups.sort(key=len, reverse=True)
    return [
        Gap(
            topic=_name([texts[m] for m in group]),
            questions=len(group),
            examples=list(dict.fromkeys(texts[m] for m in group))[:5],
            message_ids=[rows[m][0] for m in group][:50],
        )
        for group in groups[:limit]
    ]


def _recent_refused(queries: LogQueries, flt: LogFilter, viewer: Account) -> list[tuple[str, str]]:
    query = queries.filtered(sa.select(Message.id, Message.question), flt, viewer)
    query = query.order_by(Message.created_at.desc()).limit(MAX_QUESTIONS)
    with queries.database.session() as session:
        return [(str(i), str(q)) for i, q in rows_of(session.execute(query))]


def _name(questions: list[str]) -> str:
    counts = Counter(word for q in questions for word in dict.fromkeys(tokenize(q)))
    words = [w for w, _ in counts.most_common(3)]
    return " · ".join(words) if words else questions[0][:60]
