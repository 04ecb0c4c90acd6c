"""Inline button presses, one handler per kind (see `callback_data` for what each button carries). Every
press is answered, so Telegram stops the button's spinner."""

from __future__ import annotations

import contextlib
import functools

from telegram import CallbackQuery, ForceReply, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from assistant.exercises.rules import next_hint
from assistant.storage import UnknownMessageError
from bots.telegram import callback_data
from bots.telegram.callback_data import ExerciseAction
from bots.telegram.chat import Chat
from bots.telegram.conversation import ask
from bots.telegram.delivery import with_retries
from bots.telegram.deps import CHANNEL, Context, run
from bots.telegram.practice import show_exercise
from bots.telegram.state import PendingComment


async def choose_language(update: Update, context: Context) -> None:
    """English / اردو: the bot speaks that language to this learner from now on."""
    chat, query = await _pressed(update, context)
    lang = callback_data.parse_language(query.data)
    if lang is None:
        await query.answer()
        return
    chat.state.lang = lang
    await chat.save()
    await query.answer()
    await chat.reply(context, chat.say("language_set"))


async def rate_answer(update: Update, context: Context) -> None:
    """👍/👎 on an answer: stored as feedback; a 👎 asks why (the reply is saved as a comment)."""
    chat, query = await _pressed(update, context)
    rated = callback_data.parse_rating(query.data)
    if rated is None:
        await query.answer()
        return
    rating, message_id = rated
    try:
        await run(chat.d.services.question_log.add_feedback, message_id, rating)
    except UnknownMessageError:
        await query.answer(chat.say("feedback_gone"))
        return
    await query.answer(chat.say("thanks_up" if rating == "up" else "thanks_down"))
    await _remove_buttons(query.message, keep_exercise=True)
    if rating == "down":
        ask = functools.partial(
            context.bot.send_message,
            chat.chat_id,
            chat.say("ask_comment"),
            reply_markup=ForceReply(selective=True),
        )
        prompt = await with_retries(ask, chat.d.retry, chat.retry_deadline())
        chat.state.await_comment(prompt.message_id, PendingComment(message_id, rating))
        await chat.save()


async def ask_related(update: Update, context: Context) -> None:
    """📌 Trainer's answer: asks the approved question of a curated answer close to the learner's, as
    written, so it gets the trainer's answer (logged as the learner's question, like a typed one)."""
    chat, query = await _pressed(update, context)
    curated_id = callback_data.parse_related(query.data)
    if curated_id is None or not await chat.gate(context):
        await query.answer()
        return
    curated = await run(chat.d.services.curated.get, curated_id)
    if curated is None:  # withdrawn by a trainer since
        await query.answer(chat.say("related_gone"))
        return
    await query.answer()
    await ask(chat, context, curated.question)


async def start_exercise(update: Update, context: Context) -> None:
    """📝 Start this exercise (suggested with an answer)."""
    pressed = await _exercise_pressed(update, context, ExerciseAction.START)
    if pressed is not None:
        chat, exercise_id = pressed
        await show_exercise(chat, context, chat.d.services.exercises.get(exercise_id))


async def next_exercise(update: Update, context: Context) -> None:
    """➡️ Next: the learner's next exercise, not the one the button was under."""
    pressed = await _exercise_pressed(update, context, ExerciseAction.NEXT)
    if pressed is not None:
        chat, exercise_id = pressed
        exercises = chat.d.services.exercises
        found = await run(exercises.pick_next, chat.user, CHANNEL, None, exercise_id)
        await show_exercise(chat, context, found)


async def show_hint(update: Update, context: Context) -> None:
    """💡 Hint: the next of the exercise's hints, from gentle to specific."""
    pressed = await _current_exercise(update, context, ExerciseAction.HINT)
    if pressed is None:
        return
    chat, exercise_id = pressed
    n = next_hint(chat.state.hints)
    if n is None:
        await chat.reply(context, chat.say("no_more_hints"))
        return
    chat.state.hints = n
    await chat.save()
    text = chat.d.services.exercises.hint(exercise_id, n)
    await chat.reply(context, chat.say("hint_text", n=n, text=text))


async def retry_exercise(update: Update, context: Context) -> None:
    """🔁 Try again: the next text message is another attempt."""
    pressed = await _current_exercise(update, context, ExerciseAction.RETRY)
    if pressed is not None:
        chat, _ = pressed
        chat.state.awaiting_prompt = True
        await chat.save()
        await chat.reply(context, chat.say("try_again"))


async def stop_exercise(update: Update, context: Context) -> None:
    """✖ Stop: leave the exercise."""
    pressed = await _current_exercise(update, context, ExerciseAction.STOP)
    if pressed is not None:
        chat, _ = pressed
        chat.state.stop_exercise()
        await chat.save()
        await chat.reply(context, chat.say("cancelled"))


async def confirm_forget(update: Update, context: Context) -> None:
    """Yes, delete: erase everything stored about the learner."""
    chat, query = await _pressed(update, context)
    await query.answer()
    await _remove_buttons(query.message)
    rows = await run(chat.d.services.question_log.forget_user, CHANNEL, chat.user)
    await chat.reply(context, chat.say("forgotten", rows=rows))


async def cancel_forget(update: Update, context: Context) -> None:
    """Cancel: keep the learner's data."""
    chat, query = await _pressed(update, context)
    await query.answer()
    await _remove_buttons(query.message)
    await chat.reply(context, chat.say("forget_cancelled"))


async def other_button(update: Update, context: Context) -> None:
    """A button of no known kind (none of ours): only answered."""
    _chat, query = await _pressed(update, context)
    await query.answer()


async def _pressed(update: Update, context: Context) -> tuple[Chat, CallbackQuery]:
    query = update.callback_query
    assert query is not None
    return await Chat.load(update, context), query


async def _exercise_pressed(
    update: Update, context: Context, action: ExerciseAction
) -> tuple[Chat, str] | None:
    """The chat and the button's exercise id, the press answered; None when the learner is not admitted
    (they are told) or the button carries no exercise."""
    chat, query = await _pressed(update, context)
    exercise_id = callback_data.parse_exercise(action, query.data)
    if exercise_id is None:
        await query.answer()
        return None
    admitted = await chat.gate(context)
    await query.answer()
    return (chat, exercise_id) if admitted else None


async def _current_exercise(
    update: Update, context: Context, action: ExerciseAction
) -> tuple[Chat, str] | None:
    """As `_exercise_pressed`, for a button acting on the exercise being practised: one under an earlier
    exercise is stale (the learner is told)."""
    pressed = await _exercise_pressed(update, context, action)
    if pressed is None:
        return None
    chat, exercise_id = pressed
    if exercise_id != chat.state.exercise:
        await chat.reply(context, chat.say("exercise_stale"))
        return None
    return pressed


async def _remove_buttons(message: object, keep_exercise: bool = False) -> None:
    """Take the buttons off a message once used (keeping a 'start exercise' row if asked)."""
    if not isinstance(message, Message):
        return
    markup = message.reply_markup
    rows = []
    if keep_exercise and markup is not None:
        rows = [row for row in markup.inline_keyboard if not callback_data.is_rating(row[0].callback_data)]
    with contextlib.suppress(BadRequest):  # e.g. "message is not modified"
        await message.edit_reply_markup(InlineKeyboardMarkup(rows) if rows else None)
