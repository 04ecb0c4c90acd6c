"""The question log as trainers see it: one filter shared by the list, the charts, the queue and the CSV
export, applied in SQL on indexed columns (created_at, channel, refused, user, feedback rating), and scoped
to the viewer: a trainer limited to a cohort sees only that cohort's learners, and learners' names are
shown only to admins. Every learner has one identifier shown the same way in the log, the conversation
view, the CSV, progress and the learner filter: "learner #42" (the stable users.id), and for admins the
learner's name when the channel gave one (never a channel's raw id such as the widget's "anon:<hex>").

"Possibly missed": an answer the tutor gave on weak evidence (its P(answerable) below `MISSED_BELOW`) or
that the learner disliked. They are marked in the log and join refusals in the queue.

Speed on a large log (docs/trainer-console.md, bench/console.py): the filter is conditions on `messages`
alone (cohort and rating are semi-joins), so counts and charts read the covering index
`messages(created_at, id, refused, answerer, channel, user_id)` instead of the wide rows; lists pick the page
of ids on that index first and join learner and feedback for those rows only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

import sqlalchemy as sa

from assistant.errors import AssistantError
from assistant.storage.database import Database
from assistant.storage.models import CuratedSource, Feedback, Message, User
from assistant.trainer.accounts import Account
from assistant.trainer.labels import channel_label, result_label

Status = Literal["refused", "answered", "missed"]
Rating = Literal["up", "down", "none"]
Reason = Literal["refused", "disliked", "weak"]
MAX_PAGE = 200
ANSWER_PREVIEW_CHARS = 400
TOPIC_SAMPLE = 5000  # top topics: the most cited documents of the latest answers in the view
# An answer given with P(answerable) below this is "possibly missed". The tutor refuses below 0.23 (the
# abstention threshold); of the 147 labelled questions it answers (bench/missed.py), 0.6 flags 12, 9 of
# which missed (out of scope, or none of the key facts), and 3 of 103 good answers; 0.65 would flag 24 (10
# good), 0.7 32, about half good. Disliked answers are flagged whatever their evidence.
MISSED_BELOW = 0.6
WEAK_EVIDENCE, DISLIKED = "weak evidence", "disliked"
_LEARNER_NUMBER = re.compile(r"\s*(?:learner\s*)?(?:#|no\.?|number)?\s*(\d{1,12})\s*", re.IGNORECASE)


class LearnerFilterError(AssistantError):
    """The learner filter holds something this viewer cannot look learners up by."""


def learner_filter(text: str, viewer: Account) -> tuple[int | None, str | None]:
    """(users.id, name) to filter on, from what the console shows: "learner #12", "#12" or "12" for
    anyone; a name (or part of one) for admins, who are shown names."""
    text = text.strip()
    number = _LEARNER_NUMBER.fullmatch(text)
    if number:
        return int(number.group(1)), None
    if viewer.sees_personal_data:
        return None, text[:100]
    raise LearnerFilterError('Type the learner as shown in the log, e.g. "learner #12".')


@dataclass(frozen=True, slots=True)
class LogFilter:
    """What the console's filter bar sends; every field optional."""

    start: date | None = None  # inclusive, UTC days
    end: date | None = None  # inclusive
    channel: str | None = None
    cohort: str | None = None
    learner: int | None = None  # users.id
    doc_type: str | None = None
    status: Status | None = None
    rating: Rating | None = None
    answerer: str | None = None
    text: str | None = None  # substring of the (redacted) question
    session_id: str | None = None
    learner_name: str | None = None  # part of a learner's name (admins only: see `learner_filter`)
    reason: Reason | None = None  # the queue: unanswered, disliked or answered on weak evidence


@dataclass(frozen=True, slots=True)
class LogRow:
    id: str
    created_at: datetime
    channel: str
    session_id: str
    learner: str | None
    learner_id: int | None
    cohort: str | None
    question: str
    answer: str
    citations: list[Any]
    refused: bool
    answerer: str
    rating: str | None
    comment: str | None
    doc_types: str | None
    latency_ms: int
    channel_label: str = ""  # "Widget" for web...
    result: str = ""  # answered, refused, curated or fallback
    learner_ref: str | None = None  # "learner #12" for everyone, admins too (the CSV and the filter)
    p_answerable: float | None = None
    possibly_missed: list[str] = field(default_factory=list)  # "weak evidence", "disliked"


@dataclass(frozen=True, slots=True)
class Page:
    total: int
    rows: list[LogRow]


@dataclass(frozen=True, slots=True)
class Charts:
    per_day: list[dict[str, Any]] = field(default_factory=list)  # {day, questions, refused}
    questions: int = 0
    refused: int = 0
    feedback: dict[str, int] = field(default_factory=dict)  # up, down
    top_topics: list[dict[str, Any]] = field(default_factory=list)  # {topic, questions}
    answerers: dict[str, int] = field(default_factory=dict)
    results: dict[str, int] = field(default_factory=dict)  # answered, refused, curated, fallback
    weak: int = 0  # answered on weak evidence ("possibly missed")

    @property
    def refusal_rate(self) -> float:
        return round(self.refused / self.questions, 4) if self.questions else 0.0


class LogQueries:
    """Read-only queries over the question log for the console."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def page(self, flt: LogFilter, viewer: Account, limit: int = 50, offset: int = 0) -> Page:
        """The newest matching messages first, `limit` at a time, with the total count."""
        ids = self.filtered(sa.select(Message.id), flt, viewer)
        count = self.filtered(sa.select(sa.func.count()), flt, viewer)
        return self._page(ids, count, viewer, limit, offset)

    def _page(self, ids: sa.Select, count: sa.Select, viewer: Account, limit: int, offset: int) -> Page:
        """A deferred join: order and offset run over message ids on an index, then only the rows of
        the page are read with their learner and feedback (sorting or skipping wide rows costs far more)."""
        limit = max(1, min(limit, MAX_PAGE))
        newest = (Message.created_at.desc(), Message.id.desc())
        chosen = ids.order_by(*newest).limit(limit).offset(offset).subquery()
        query = _with_people(_columns().join(chosen, chosen.c.id == Message.id)).order_by(*newest)
        with self.database.session() as session:
            total = int(session.scalar(count) or 0)
            rows = session.execute(query).all()
        return Page(total, [_row(r, viewer, preview=True) for r in rows])

    def iter_rows(self, flt: LogFilter, viewer: Account, batch: int = 2000) -> Iterator[LogRow]:
        """Every matching message, newest first, in batches (CSV export); keyset pagination, so the
        cost stays flat however deep the export goes."""
        cursor: tuple[datetime, str] | None = None
        while True:
            query = _with_people(self.filtered(_columns(), flt, viewer))
            if cursor is not None:
                query = query.where(
                    sa.or_(
                        Message.created_at < cursor[0],
                        sa.and_(Message.created_at == cursor[0], Message.id < cursor[1]),
                    )
                )
            query = query.order_by(Message.created_at.desc(), Message.id.desc()).limit(batch)
            with self.database.session() as session:
                rows = session.execute(query).all()
            yield from (_row(r, viewer, preview=False) for r in rows)
            if len(rows) < batch:
                return
            cursor = (rows[-1].created_at, rows[-1].id)

    def conversation(self, session_id: str, viewer: Account) -> list[LogRow]:
        """A whole conversation, oldest first, with the citations the learner saw."""
        query = _with_people(self.filtered(_columns(), LogFilter(session_id=session_id), viewer))
        with self.database.session() as session:
            rows = session.execute(query.order_by(Message.created_at, Message.id).limit(500)).all()
        return [_row(r, viewer, preview=False) for r in rows]

    def visible(self, message_id: str, viewer: Account) -> bool:
        """Whether the message exists and is in the viewer's scope (a scoped trainer's cohort)."""
        return message_id in self.visible_ids([message_id], viewer)

    def visible_ids(self, message_ids: list[str], viewer: Account) -> set[str]:
        """Those of the messages that exist and are in the viewer's scope."""
        if not message_ids:
            return set()
        query = self.filtered(sa.select(Message.id), LogFilter(), viewer).where(Message.id.in_(message_ids))
        with self.database.session() as session:
            return {str(i) for i in session.scalars(query).all()}

    def queue(self, flt: LogFilter, viewer: Account, limit: int = 50, offset: int = 0) -> Page:
        """Refused, disliked and weak-evidence answers that no curated answer was written for yet."""
        ids = self.filtered(sa.select(Message.id), flt, viewer).where(*self.queue_conditions(flt.reason))
        # counted as disjoint sets, each read from its own index, rather than one OR over every row
        count = sa.select(
            sum(  # type: ignore[arg-type]
                self.filtered(sa.select(sa.func.count()), flt, viewer).where(*part).scalar_subquery()
                for part in _queue_parts(flt.reason)
            )
        )
        return self._page(ids, count, viewer, limit, offset)

    def queue_conditions(self, reason: Reason | None = None) -> list[sa.ColumnElement[bool]]:
        """Messages waiting for a trainer: refused, disliked or answered on weak evidence, uncurated."""
        return [_uncurated(), sa.or_(*(sa.and_(*part) for part in _queue_parts(reason)))]

    def charts(self, flt: LogFilter, viewer: Account, top: int = 8) -> Charts:
        """Questions and refusals per day, feedback, answerers and the most cited documents."""
        day = _day(self.database.dialect)
        # One grouped scan of the covering index gives the days and the answerers; feedback is counted
        # from its own, much smaller, table (joined to messages only when the filter narrows them); only
        # the topics read whole rows, the latest TOPIC_SAMPLE.
        per_day = self.filtered(
            sa.select(
                day.label("day"),
                Message.answerer,
                sa.func.count(),
                sa.func.sum(sa.case((Message.refused, 1), else_=0)),
            ),
            flt,
            viewer,
        ).group_by(day, Message.answerer)
        ratings = sa.select(Feedback.rating, sa.func.count()).group_by(Feedback.rating)
        if conditions := self.conditions(flt, viewer):
            ratings = ratings.join(Message, Message.id == Feedback.message_id).where(*conditions)
        recent = (
            self.filtered(sa.select(Message.citations), flt, viewer)
            .where(Message.refused.is_(False), Message.answerer != "curated")
            .order_by(Message.created_at.desc())
            .limit(TOPIC_SAMPLE)
            .subquery()
        )
        topic = recent.c.citations[0]["title"].as_string()
        topics = (
            sa.select(topic.label("topic"), sa.func.count().label("n"))
            .group_by(topic)
            .order_by(sa.desc("n"))
            .limit(top + 1)
        )
        with self.database.session() as session:
            grouped = rows_of(session.execute(per_day))
            feedback = {str(k): int(v) for k, v in rows_of(session.execute(ratings))}
            # topics come from answered messages: none in a view of refusals, so skip the query
            found = [] if flt.status == "refused" else rows_of(session.execute(topics))
            top_topics = [{"topic": t, "questions": int(n)} for t, n in found if t]
        weak = self.filtered(sa.select(sa.func.count()), flt, viewer).where(*_weak())
        with self.database.session() as session:
            weak_count = int(session.scalar(weak) or 0)
        by_day: dict[str, tuple[int, int]] = {}
        by_answerer: dict[str, int] = {}
        results: dict[str, int] = {}
        for d, answerer, n, r in grouped:
            questions, refused = by_day.get(str(d), (0, 0))
            by_day[str(d)] = (questions + int(n), refused + int(r or 0))
            by_answerer[str(answerer)] = by_answerer.get(str(answerer), 0) + int(n)
            for label, count in (
                (result_label(False, str(answerer)), int(n) - int(r or 0)),
                ("refused", int(r or 0)),
            ):
                if count:
                    results[label] = results.get(label, 0) + count
        days = sorted((d, n, r) for d, (n, r) in by_day.items())
        return Charts(
            per_day=[{"day": d[:10], "questions": n, "refused": r} for d, n, r in days],
            questions=sum(n for _, n, _ in days),
            refused=sum(r for _, _, r in days),
            feedback={"up": feedback.get("up", 0), "down": feedback.get("down", 0)},
            top_topics=top_topics[:top],
            answerers=by_answerer,
            results=results,
            weak=weak_count,
        )

    def cohorts(self, viewer: Account) -> list[str]:
        query = sa.select(User.cohort).where(User.cohort.is_not(None)).distinct().order_by(User.cohort)
        if viewer.cohort:
            query = query.where(User.cohort == viewer.cohort)
        with self.database.session() as session:
            return [str(c) for c in session.scalars(query).all()]

    def filtered(self, query: sa.Select, flt: LogFilter, viewer: Account) -> sa.Select:
        """`query` over messages with the filter and the viewer's scope applied, as conditions on messages
        alone: cohort and rating are semi-joins, so a count or a chart reads only an index of messages
        (the learner and feedback columns of listed rows come from `_with_people`)."""
        return query.select_from(Message).where(*self.conditions(flt, viewer))

    def conditions(self, flt: LogFilter, viewer: Account) -> list[sa.ColumnElement[bool]]:
        """The filter and the viewer's scope as conditions on `messages` (none: every message)."""
        conditions: list[sa.ColumnElement[bool]] = []
        if flt.start is not None:
            conditions.append(Message.created_at >= _midnight(flt.start))
        if flt.end is not None:
            conditions.append(Message.created_at < _midnight(flt.end + timedelta(days=1)))
        if flt.channel:
            conditions.append(Message.channel == flt.channel)
        cohort = viewer.cohort or flt.cohort
        if viewer.cohort and flt.cohort and flt.cohort != viewer.cohort:
            conditions.append(sa.false())
        if cohort:
            learners = sa.select(User.id).where(User.cohort == cohort).correlate(None)
            conditions.append(Message.user_id.in_(learners))
        if flt.learner is not None:
            conditions.append(Message.user_id == flt.learner)
        if flt.learner_name and viewer.sees_personal_data:
            name = sa.func.lower(User.display_name).like(_like(flt.learner_name.lower()), escape="/")
            named = sa.select(User.id).where(name)
            conditions.append(Message.user_id.in_(named.correlate(None)))
        if flt.doc_type:
            conditions.append(Message.doc_types.contains(flt.doc_type, autoescape=True))
        if flt.status == "refused":
            conditions.append(Message.refused.is_(True))
        elif flt.status == "answered":
            conditions.append(Message.refused.is_(False))
        elif flt.status == "missed":
            conditions.append(sa.or_(sa.and_(*_weak()), sa.and_(*_disliked_answer())))
        if flt.rating == "none":
            unrated = sa.select(Feedback.id).where(Feedback.message_id == Message.id)
            conditions.append(~unrated.correlate_except(Feedback).exists())  # an anti-join on both backends
        elif flt.rating:
            rated = sa.select(Feedback.message_id).where(Feedback.rating == flt.rating)
            conditions.append(Message.id.in_(rated.correlate(None)))
        if flt.answerer:
            conditions.append(Message.answerer == flt.answerer)
        if flt.text:
            conditions.append(_contains_text(self.database.dialect, flt.text.strip()))
        if flt.session_id:
            conditions.append(Message.session_id == flt.session_id)
        return conditions


def _columns() -> sa.Select:
    return sa.select(
        Message.id,
        Message.created_at,
        Message.channel,
        Message.session_id,
        Message.user_id,
        User.display_name,
        User.external_id,
        User.cohort,
        Message.question,
        Message.answer,
        Message.citations,
        Message.refused,
        Message.answerer,
        Feedback.rating,
        Feedback.comment,
        Message.doc_types,
        Message.latency_ms,
        Message.p_answerable,
    ).select_from(Message)


def _with_people(query: sa.Select) -> sa.Select:
    """The learner and the feedback of each listed message (the filter itself never needs these joins)."""
    return query.outerjoin(User, User.id == Message.user_id).outerjoin(
        Feedback, Feedback.message_id == Message.id
    )


def learner_ref(user_id: int | None) -> str | None:
    """The learner's number, the same for every viewer and accepted by the learner filter."""
    return None if user_id is None else f"learner #{user_id}"


def learner_label(
    user_id: int | None, name: str | None, external_id: str | None, viewer: Account
) -> str | None:
    """What the viewer may see of a learner: the number for trainers, the name for admins (the number
    when the channel gave no name: a channel's own id, such as the widget's "anon:<hex>", means nothing
    to a person and is never shown)."""
    if user_id is None:
        return None
    if viewer.sees_personal_data and name:
        return name
    return learner_ref(user_id)


def possibly_missed(
    refused: bool, answerer: str, p_answerable: float | None, rating: str | None
) -> list[str]:
    """Why an answer the tutor gave may have missed: weak evidence, the learner's thumbs down, or both."""
    if refused:
        return []
    reasons = []
    if p_answerable is not None and p_answerable < MISSED_BELOW:
        reasons.append(WEAK_EVIDENCE)
    if rating == "down":
        reasons.append(DISLIKED)
    return reasons


def _row(r: Any, viewer: Account, preview: bool) -> LogRow:
    answer = r.answer
    if preview and len(answer) > ANSWER_PREVIEW_CHARS:
        answer = answer[:ANSWER_PREVIEW_CHARS].rsplit(" ", 1)[0] + "…"
    return LogRow(
        id=r.id,
        created_at=r.created_at,
        channel=r.channel,
        session_id=r.session_id,
        learner=learner_label(r.user_id, r.display_name, r.external_id, viewer),
        learner_id=r.user_id,
        cohort=r.cohort,
        question=r.question,
        answer=answer,
        citations=list(r.citations or []),
        refused=bool(r.refused),
        answerer=r.answerer,
        rating=r.rating,
        comment=r.comment,
        doc_types=r.doc_types,
        latency_ms=r.latency_ms,
        channel_label=channel_label(r.channel),
        result=result_label(bool(r.refused), r.answerer),
        learner_ref=learner_ref(r.user_id),
        p_answerable=r.p_answerable,
        possibly_missed=possibly_missed(bool(r.refused), r.answerer, r.p_answerable, r.rating),
    )


def _uncurated() -> sa.ColumnElement[bool]:
    return Message.id.not_in(sa.select(CuratedSource.message_id).correlate(None))


def _disliked() -> sa.ColumnElement[bool]:
    return Message.id.in_(sa.select(Feedback.message_id).where(Feedback.rating == "down").correlate(None))


def _weak() -> list[sa.ColumnElement[bool]]:
    """Answered on weak evidence (only extractive answers carry the signal)."""
    return [Message.refused.is_(False), Message.p_answerable < MISSED_BELOW]


def _disliked_answer() -> list[sa.ColumnElement[bool]]:
    return [Message.refused.is_(False), _disliked()]


def _queue_parts(reason: Reason | None) -> list[list[sa.ColumnElement[bool]]]:
    """The queue as disjoint parts (refused; answered and disliked; answered on weak evidence, not
    disliked), each uncurated, optionally only one reason's."""
    parts = {
        "refused": [Message.refused.is_(True), _uncurated()],
        "disliked": [*_disliked_answer(), _uncurated()],
        "weak": [*_weak(), ~_disliked(), _uncurated()],
    }
    return [parts[reason]] if reason else list(parts.values())


def rows_of(result: sa.Result[Any]) -> list[Any]:
    """Rows as plain tuples of untyped values (aggregates come back as Any from SQLAlchemy anyway)."""
    return [tuple(row) for row in result]


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def _day(dialect: str) -> sa.ColumnElement[Any]:
    """The UTC calendar day of a message (SQLite stores naive UTC text; PostgreSQL an aware timestamp,
    cast to a date: several times cheaper per row than formatting it with to_char)."""
    if dialect == "postgresql":
        return sa.cast(sa.func.timezone("UTC", Message.created_at), sa.Date)
    return sa.func.substr(Message.created_at, 1, 10)


def _like(text: str) -> str:
    """A LIKE pattern (escape "/") for text anywhere in the value."""
    escaped = text.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


def _contains_text(dialect: str, text: str) -> sa.ColumnElement[bool]:
    """The question contains `text`, ignoring case, with ILIKE's meaning on both backends but cheaper.
    SQLite: LIKE already ignores ASCII case, the only case lower() folds there, so lower() per row is
    skipped. PostgreSQL: ILIKE lower-cases the pattern again for every row; lower(q) LIKE lower(pattern)
    folds it once (same function, same collation, so the same matches)."""
    pattern = _like(text)
    if dialect == "sqlite":
        return Message.question.like(pattern, escape="/")
    return sa.func.lower(Message.question).like(sa.func.lower(pattern), escape="/")
