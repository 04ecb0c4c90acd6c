"""The exercise steps more than one handler takes: show an exercise, grade an attempt at it."""

from __future__ import annotations

from assistant.exercises.schema import Exercise
from assistant.exercises.service import AttemptResult
from bots.telegram import formatting, keyboards
from bots.telegram.chat import Chat, typing
from bots.telegram.deps import CHANNEL, Context, run


async def show_exercise(chat: Chat, context: Context, found: Exercise | None) -> None:
    """Make `found` the exercise being practised (the next text is an attempt) and show it."""
    if found is None:
        await chat.reply(context, chat.say("all_done"))
        return
    chat.state.start_exercise(found.id)
    await chat.save()
    html = formatting.render_exercise(found, chat.lang)
    await chat.reply(context, html, keyboards.exercise(found.id, chat.lang))


async def attempt(chat: Chat, context: Context, exercise_id: str, prompt: str) -> None:
    """Grade `prompt` (recorded in the learner's progress) and show the feedback with what to do next."""
    if not await chat.within_limit(context):
        return
    exercises = chat.d.services.exercises
    async with typing(context, chat.chat_id), await chat.d.services.admission.enter(CHANNEL):
        result: AttemptResult = await run(exercises.attempt, exercise_id, prompt, chat.user, CHANNEL)
    grade = result.grade
    hint = exercises.hint(exercise_id, grade.next_hint) if grade.next_hint is not None else None
    chat.state.graded(grade.next_hint)
    await chat.save()
    html = formatting.render_attempt(result, chat.lang, hint, result.model_answer)
    await chat.reply(context, html, keyboards.exercise(exercise_id, chat.lang, retry=True))
