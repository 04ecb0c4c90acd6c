"""A demo data set for the trainer console (`assistant demo-data`): fake learners in several cohorts and
channels asking, over a month, the questions in assistant/data/demo_questions.yaml (English, Urdu and
Roman Urdu), each through the real Tutor, so answers, refusals and evidence signals are what the
assistant really gives; then some feedback (disliked answers with comments) and exercise attempts graded
by the real grader. Times are spread over the month by giving the log a clock. It refuses a database that
already holds questions unless forced, and is never loaded by default."""

from __future__ import annotations

import copy
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from typing import Literal

import sqlalchemy as sa
import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.answering.pipeline import ChatRequest, Tutor
from assistant.errors import AssistantError
from assistant.exercises.progress import AttemptStore
from assistant.exercises.service import ExerciseService
from assistant.storage import QuestionLog
from assistant.storage.database import Database
from assistant.storage.models import ExerciseAttempt, Message, User, utc_now
from assistant.trainer.log_queries import MISSED_BELOW

DEMO_FILE = "demo_questions.yaml"
Progress = Callable[[int, int], None]  # (questions asked, questions in all)
Language = Literal["en", "ur", "roman"]
# who the demo learners are: (channel, share of learners, named?)
_KINDS = (
    ("web", 0.40, True),
    ("web", 0.15, False),
    ("telegram", 0.27, True),
    ("api", 0.13, True),
    ("cli", 0.05, True),
)


class DemoDataError(AssistantError):
    """The database already holds questions, or the demo data file is malformed."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DemoQuestion(_Strict):
    en: str | None = None
    ur: str | None = None
    roman: str | None = None

    @model_validator(mode="after")
    def _one_language(self) -> DemoQuestion:
        if sum(v is not None for v in (self.en, self.ur, self.roman)) != 1:
            raise ValueError("each question has exactly one of en, ur, roman")
        return self

    @property
    def text(self) -> str:
        return str(self.en or self.ur or self.roman)


class DemoTopic(_Strict):
    topic: str
    kind: Literal["course", "gap"]
    weight: int = Field(ge=1, le=20)
    questions: list[DemoQuestion] = Field(min_length=1)


class DemoBank(_Strict):
    cohorts: list[str] = Field(min_length=1)
    names: list[str] = Field(min_length=4)
    dislike_comments: dict[Literal["course", "gap"], list[str]]
    topics: list[DemoTopic] = Field(min_length=2)

    @classmethod
    def load(cls) -> DemoBank:
        text = resources.files("assistant.data").joinpath(DEMO_FILE).read_text(encoding="utf-8")
        try:
            return cls.model_validate(yaml.safe_load(text))
        except (yaml.YAMLError, ValueError) as exc:
            raise DemoDataError(f"{DEMO_FILE}: {exc}") from exc


@dataclass(frozen=True, slots=True)
class DemoLearner:
    channel: str
    external_id: str
    name: str | None
    cohort: str | None
    activity: float  # how many questions they ask, relative to the others


@dataclass
class DemoReport:
    learners: int = 0
    questions: int = 0
    refused: int = 0
    weak: int = 0
    disliked: int = 0
    liked: int = 0
    attempts: int = 0
    cohorts: list[str] = field(default_factory=list)
    first: datetime | None = None
    last: datetime | None = None


class _Clock:
    """The time the log and the attempt store write, moved along the month by the seeder."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def existing_rows(database: Database) -> int:
    """Questions, learners and exercise attempts already in the database."""
    with database.session() as session:
        return sum(
            int(session.scalar(sa.select(sa.func.count()).select_from(table)) or 0)
            for table in (Message, User, ExerciseAttempt)
        )


def seed_demo(
    database: Database,
    tutor: Tutor,
    exercises: ExerciseService,
    *,
    learners: int = 36,
    questions: int = 300,
    days: int = 30,
    seed: int = 16,
    force: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> DemoReport:
    """Fill the question log with the demo data set; `DemoDataError` if it already holds data (unless
    `force`, which adds the demo data beside it: nothing is ever deleted)."""
    found = existing_rows(database)
    if found and not force:
        raise DemoDataError(
            f"The database already holds {found} learners, questions or attempts: demo data goes into an "
            "empty database (or pass --force to add it beside them)."
        )
    bank = DemoBank.load()
    rng = random.Random(seed)  # noqa: S311 - fake data, reproducible from the seed
    end = (now or utc_now()).replace(microsecond=0)
    clock = _Clock(end - timedelta(days=days))
    log = QuestionLog(database, clock=clock)
    dated = copy.copy(tutor)  # the same retrieval and answerers, logging at the demo's clock
    dated.log = log
    dated.suggest_exercise = None
    practice = ExerciseService(exercises.bank, exercises.grader, log, AttemptStore(database, clock=clock))
    people = _learners(bank, learners, rng)
    report = DemoReport(learners=len(people), cohorts=list(bank.cohorts))
    asked = _schedule(bank, people, questions, days, end, rng)
    sessions: dict[tuple[str, str], str] = {}
    for n, (when, learner, topic, question) in enumerate(asked, start=1):
        clock.now = when
        day = (learner.external_id, when.date().isoformat())
        result = dated.ask(
            ChatRequest(
                question.text,
                session_id=sessions.get(day),
                user_id=learner.external_id,
                channel=learner.channel,
                display_name=learner.name,
                cohort=learner.cohort,
            )
        )
        sessions[day] = result.session_id
        report.questions += 1
        report.first = report.first or when
        report.last = when
        answer = result.answer
        weak = not answer.refused and float(answer.meta.get("p_answerable", 1.0)) < MISSED_BELOW
        report.refused += answer.refused
        report.weak += weak
        rating = _rating(answer.refused, weak, topic.kind, rng)
        if rating is not None:
            clock.now = when + timedelta(minutes=rng.randint(1, 6))
            comment = rng.choice(bank.dislike_comments[topic.kind]) if rating == "down" else None
            log.add_feedback(result.message_id, rating, comment)
            report.disliked += rating == "down"
            report.liked += rating == "up"
        if progress is not None:
            progress(n, len(asked))
    report.attempts = _practise(practice, people, days, end, clock, rng)
    return report


def _learners(bank: DemoBank, count: int, rng: random.Random) -> list[DemoLearner]:
    names = list(bank.names)
    rng.shuffle(names)
    people = []
    for i in range(count):
        channel, named = _kind(i / max(count, 1))
        name = names[i % len(names)] if named else None
        cohort = bank.cohorts[i % len(bank.cohorts)] if named else None
        if channel == "telegram" and name:
            name = name.split()[0]  # Telegram gives a first name
        external = {
            "web": f"emp-{4000 + i}" if named else f"anon:{uuid.UUID(int=rng.getrandbits(128)).hex[:16]}",
            "telegram": str(700_000_000 + rng.randrange(10**8)),
            "api": f"lms-{1000 + i}",
            "cli": f"desk-{i}",
        }[channel]
        people.append(DemoLearner(channel, external, name, cohort, rng.choice((0.5, 1.0, 1.0, 2.0, 3.0))))
    return people


def _kind(position: float) -> tuple[str, bool]:
    share = 0.0
    for channel, part, named in _KINDS:
        share += part
        if position < share:
            return channel, named
    return _KINDS[-1][0], _KINDS[-1][2]


def _schedule(
    bank: DemoBank, people: list[DemoLearner], count: int, days: int, end: datetime, rng: random.Random
) -> list[tuple[datetime, DemoLearner, DemoTopic, DemoQuestion]]:
    """Who asks what when: office hours on working days, more often in the last weeks (the course goes
    on), oldest first."""
    topics = bank.topics
    asked = []
    for _ in range(count):
        learner = rng.choices(people, weights=[p.activity for p in people])[0]
        topic = rng.choices(topics, weights=[t.weight for t in topics])[0]
        question = rng.choice(topic.questions)
        back = days * (1 - rng.random() ** 0.7)  # recent days more likely
        when = end - timedelta(days=back)
        when = when.replace(
            hour=rng.choice((9, 10, 10, 11, 11, 12, 14, 15, 15, 16)), minute=rng.randrange(60)
        )
        if when.weekday() == 6:  # Sunday: Monday morning
            when += timedelta(days=1)
        asked.append((min(when, end - timedelta(minutes=1)), learner, topic, question))
    return sorted(asked, key=lambda a: a[0])


def _rating(refused: bool, weak: bool, kind: str, rng: random.Random) -> Literal["up", "down"] | None:
    """Learners dislike refusals and wrong-topic answers more often than good answers."""
    draw = rng.random()
    if refused:
        return "down" if draw < 0.3 else None
    if weak or kind == "gap":
        return "down" if draw < 0.45 else None
    if draw < 0.07:
        return "down"
    return "up" if draw < 0.35 else None


def _practise(
    practice: ExerciseService,
    people: list[DemoLearner],
    days: int,
    end: datetime,
    clock: _Clock,
    rng: random.Random,
) -> int:
    """Some named learners try a few exercises: a bare first attempt, then often the model answer's
    approach."""
    exercises = [e for e in practice.bank.list() if e.level <= 3]
    attempts = 0
    for learner in people:
        if learner.name is None or rng.random() < 0.35 or not exercises:
            continue
        for exercise in rng.sample(exercises, k=min(len(exercises), rng.randint(1, 4))):
            when = end - timedelta(days=rng.uniform(1, days), hours=rng.uniform(0, 6))
            tries = [f"{exercise.title}."]
            if rng.random() < 0.7:
                tries.append(exercise.model_answer)
            for prompt in tries:
                clock.now = when
                practice.attempt(
                    exercise.id,
                    prompt,
                    learner.external_id,
                    learner.channel,
                    display_name=learner.name,
                    cohort=learner.cohort,
                    judge=False,
                )
                attempts += 1
                when += timedelta(minutes=rng.randint(5, 40))
    return attempts
