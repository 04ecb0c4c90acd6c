"""How the core's results become the API's response models: one place, shared by the `/v1` routes and
the learners' widget (which reach the core through the services, never through each other)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict

from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.types import Receive, Scope, Send

from assistant.admission import Admission, Slot
from assistant.answering.pipeline import RELATED_QUESTION, ChatRequest, ChatResult, StreamEvent, Tutor
from assistant.api.schemas import (
    AttemptOut,
    ChatOut,
    CitationOut,
    CriterionFeedback,
    ExerciseOut,
    ExerciseSummary,
    FlagDetail,
    HintOut,
    JudgeOut,
    RubricCriterionOut,
    SessionHistory,
    SessionMessage,
)
from assistant.exercises.progress import PASS_SCORE
from assistant.exercises.schema import Exercise
from assistant.exercises.service import AttemptResult, ExerciseService
from assistant.index.catalog import Catalog
from assistant.messages import catalogue, say
from assistant.storage import QuestionLog, SessionOwnershipError


def chat_out(result: ChatResult) -> ChatOut:
    answer = result.answer
    return ChatOut(
        answer=answer.text,
        citations=[CitationOut(**asdict(c)) for c in answer.citations],
        refused=answer.refused,
        session_id=result.session_id,
        message_id=result.message_id,
        answerer=answer.answerer,
        reason=answer.reason,
        suggested_exercise=answer.meta.get("exercise_id"),
        related_question=answer.meta.get(RELATED_QUESTION),
    )


async def answer(tutor: Tutor, chat: ChatRequest, admission: Admission) -> ChatOut:
    """The Tutor's answer to `chat`, once admitted (`OverloadedError` when this worker is too busy)."""
    async with await admission.enter("chat"):
        return chat_out(await run_in_threadpool(tutor.ask, chat))


class AdmittedStream(StreamingResponse):
    """A streamed answer that holds its admission slot until the response ends, however it ends (the
    last frame sent, an error, the client gone)."""

    def __init__(self, content: Iterator[str], slot: Slot) -> None:
        super().__init__(content, media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
        self.slot = slot

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.slot.release()


async def answer_stream(tutor: Tutor, chat: ChatRequest, admission: Admission) -> StreamingResponse:
    """The Tutor's answer to `chat` as Server-Sent Events (here and in the widget): `token` events, then
    `citations`, then `done` with the rest of the chat response. Admitted first, like `answer`."""
    slot = await admission.enter("chat")
    try:
        events = tutor.ask_stream(chat)
        first = await run_in_threadpool(next, events)  # bad input fails here, before the response starts
    except BaseException:
        slot.release()
        raise

    def frames() -> Iterator[str]:
        for event in _chain(first, events):
            if event.kind == "token":
                yield _sse("token", {"text": event.text})
            elif event.result is not None:
                out = chat_out(event.result)
                yield _sse("citations", [c.model_dump() for c in out.citations])
                yield _sse("done", out.model_dump(exclude={"citations"}))

    return AdmittedStream(frames(), slot)


def _chain(first: StreamEvent, rest: Iterator[StreamEvent]) -> Iterator[StreamEvent]:
    yield first
    yield from rest


def _sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def exercise_summary(e: Exercise) -> ExerciseSummary:
    return ExerciseSummary(id=e.id, title=e.title, level=e.level, skills=list(e.skills))


def flag_notes(flags: Sequence[str], language: str = "en") -> list[str]:
    """Each score cap explained in the learner's language (the words are shared with the bot)."""
    known = catalogue("en")
    return [say(f"flag_{flag}", language) for flag in flags if f"flag_{flag}" in known]


def attempt_out(result: AttemptResult, exercises: ExerciseService, language: str = "en") -> AttemptOut:
    grade, exercise = result.grade, result.exercise
    hint = None
    if grade.next_hint is not None:
        hint = HintOut(
            exercise_id=exercise.id, n=grade.next_hint, text=exercises.hint(exercise.id, grade.next_hint)
        )
    return AttemptOut(
        attempt_id=result.attempt_id,
        exercise_id=exercise.id,
        score=grade.score,
        criteria=[CriterionFeedback(**asdict(c)) for c in grade.criteria],
        flags=grade.flags,
        flag_details=[FlagDetail(**asdict(note)) for note in grade.notes],
        next_hint=hint,
        attempt_number=result.attempt_number,
        best_score=result.best_score,
        unlocked_level=result.progress.unlocked_level,
        next_exercise_id=result.progress.next_exercise_id,
        judge=JudgeOut(**asdict(result.judge)) if result.judge else None,
        judge_error=result.judge_error,
        model_answer=result.model_answer,
        personal_data_redacted=result.personal_data_redacted,
        completed=result.best_score >= PASS_SCORE,
        rubric_points=round(sum(c.weight * c.points for c in grade.criteria)),
        flag_notes=flag_notes(grade.flags, language),
    )


def lesson_titles(catalog: Catalog, exercise: Exercise) -> dict[str, str]:
    """The titles of the lessons an exercise's rubric points to, as the knowledge base names them."""
    titles = {}
    for lesson in {c.lesson for c in exercise.rubric}:
        record = catalog.document(lesson)
        if record is not None:
            titles[lesson] = record.title
    return titles


def exercise_out(e: Exercise, titles: Mapping[str, str] | None = None) -> ExerciseOut:
    """The scenario, task, sample input and rubric (hints and the model answer are earned separately);
    `titles` names the rubric's lessons."""
    titles = titles or {}
    return ExerciseOut(
        **exercise_summary(e).model_dump(),
        scenario=e.scenario,
        task=e.task,
        sample_input=e.sample_input,
        rubric=[
            RubricCriterionOut(
                id=c.id,
                criterion=c.criterion,
                weight=c.weight,
                lesson=c.lesson,
                lesson_title=titles.get(c.lesson),
            )
            for c in e.rubric
        ],
        hints_available=len(e.hints),
        common_mistakes=e.common_mistakes,
    )


async def graded_attempt(
    exercises: ExerciseService,
    admission: Admission,
    exercise_id: str,
    prompt: str,
    user_id: str,
    channel: str,
    language: str = "en",
) -> AttemptOut:
    """Grade a prompt and record it in the learner's progress (in a thread: grading may call an LLM).
    Admitted like an answer: grading embeds the prompt on the same encoder and cores."""
    async with await admission.enter("attempt"):
        result = await run_in_threadpool(exercises.attempt, exercise_id, prompt, user_id, channel)
    return attempt_out(result, exercises, language)


def session_history(
    log: QuestionLog, session_id: str, channel: str, user_id: str | None, limit: int = 100
) -> SessionHistory:
    """A conversation's latest `limit` exchanges, oldest first, for the learner who owns it: a learner's
    session only to the same learner (channel and id), an anonymous one to whoever holds its id."""
    owner = log.session_owner(session_id)
    if owner is not None and owner != (channel, user_id):
        raise SessionOwnershipError("This conversation belongs to another learner.")
    return SessionHistory(
        session_id=session_id,
        messages=[
            SessionMessage(
                message_id=item.message_id,
                question=item.question,
                answer=item.answer,
                citations=item.citations,
                refused=item.refused,
                created_at=item.created_at,
            )
            for item in log.history(session_id, limit=limit)
        ],
    )
