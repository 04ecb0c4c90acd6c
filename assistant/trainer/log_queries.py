"""The question log as trainers see it: one filter shared by the list, the charts, the queue and the CSV
export, applied in SQL on indexed columns (created_at, channel, refused, user, feedback rating), and scoped
to the viewer: a trainer limited to a cohort sees only that cohort's learners, and learners' names and
external ids are shown only to admins (trainers see a pseudonym, "learner #42").

Speed on a large log (docs/trainer-console.md, bench/console.py): the filter is conditions on `messages`
alone (cohort and rating are semi-joins), so counts and charts read the covering index
`messages(created_at, id, refused, answerer, channel, user_id)` instead of the wide rows; lists pick the page
of ids on that index first and join learner and feedback for those rows only."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

import sqlalchemy as sa

from assistant.storage.database import Database
from assistant.storage.models import CuratedAnswer, Feedback, Message, User
from assistant.trainer.accounts import Account

Status = Literal["refused", "answered"]
Rating = Literal["up", "down", "none"]
MAX_PAGE = 200
ANSWER_PREVIEW_CHARS = 400
TOPIC_SAMPLE = 5000  # top topics: the most cited documents of the latest answers in the view


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
        query = self.filtered(sa.select(Message.id), LogFilter(), viewer).where(Message.id == message_id)
        with self.database.session() as session:
            return session.scalar(query) is not None

    def queue(self, flt: LogFilter, viewer: Account, limit: int = 50, offset: int = 0) -> Page:
        """Refused or disliked answers that no curated answer was written from yet."""
        source = CuratedAnswer.source_message_id
        uncurated = Message.id.not_in(sa.select(source).where(source.is_not(None)).correlate(None))
        disliked = Message.id.in_(
            sa.select(Feedback.message_id).where(Feedback.rating == "down").correlate(None)
        )
        ids = self.filtered(sa.select(Message.id), flt, viewer)
        ids = ids.where(sa.or_(Message.refused.is_(True), disliked), uncurated)
        # counted as two disjoint sets, each read from its own index, rather than one OR over every row
        refused = self.filtered(sa.select(sa.func.count()), flt, viewer).where(Message.refused.is_(True))
        answered = self.filtered(sa.select(sa.func.count()), flt, viewer).where(Message.refused.is_(False))
        count = sa.select(
            refused.where(uncurated).scalar_subquery() + answered.where(disliked, uncurated).scalar_subquery()
        )
        return self._page(ids, count, viewer, limit, offset)

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
        by_day: dict[str, tuple[int, int]] = {}
        by_answerer: dict[str, int] = {}
        for d, answerer, n, r in grouped:
            questions, refused = by_day.get(str(d), (0, 0))
            by_day[str(d)] = (questions + int(n), refused + int(r or 0))
            by_answerer[str(answerer)] = by_answerer.get(str(answerer), 0) + int(n)
        days = sorted((d, n, r) for d, (n, r) in by_day.items())
        return Charts(
            per_day=[{"day": d[:10], "questions": n, "refused": r} for d, n, r in days],
            questions=sum(n for _, n, _ in days),
            refused=sum(r for _, _, r in days),
            feedback={"up": feedback.get("up", 0), "down": feedback.get("down", 0)},
            top_topics=top_topics[:top],
            answerers=by_answerer,
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
        if flt.doc_type:
            conditions.append(Message.doc_types.contains(flt.doc_type, autoescape=True))
        if flt.status == "refused":
            conditions.append(Message.refused.is_(True))
        elif flt.status == "answered":
            conditions.append(Message.refused.is_(False))
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
    ).select_from(Message)


def _with_people(query: sa.Select) -> sa.Select:
    """The learner and the feedback of each listed message (the filter itself never needs these joins)."""
    return query.outerjoin(User, User.id == Message.user_id).outerjoin(
        Feedback, Feedback.message_id == Message.id
    )


def learner_label(
    user_id: int | None, name: str | None, external_id: str | None, viewer: Account
) -> str | None:
    """What the viewer may see of a learner: a pseudonym for trainers, the name (or id) for admins."""
    if user_id is None:
        return None
    if viewer.sees_personal_data:
        return name or external_id or f"learner #{user_id}"
    return f"learner #{user_id}"


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
    )


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


def _contains_text(dialect: str, text: str) -> sa.ColumnElement[bool]:
    """The question contains `text`, ignoring case, with ILIKE's meaning on both backends but cheaper.
    SQLite: LIKE already ignores ASCII case, the only case lower() folds there, so lower() per row is
    skipped. PostgreSQL: ILIKE lower-cases the pattern again for every row; lower(q) LIKE lower(pattern)
    folds it once (same function, same collation, so the same matches)."""
    escaped = text.replace("/", "//").replace("%", "/%").replace("_", "/_")
    pattern = f"%{escaped}%"
    if dialect == "sqlite":
        return Message.question.like(pattern, escape="/")
    return sa.func.lower(Message.question).like(sa.func.lower(pattern), escape="/")
