"""The slash commands: /start, /join, /help, /language, /exercise, /progress, /cancel, /forget."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from assistant.exercises.rules import is_level
from assistant.storage.invites import Redemption
from bots.telegram import formatting, keyboards
from bots.telegram.chat import Chat
from bots.telegram.deps import CHANNEL, Context, run
from bots.telegram.practice import show_exercise

_INVITE_OUTCOME = {
    Redemption.UNKNOWN: "invite_unknown",
    Redemption.EXPIRED: "invite_expired",
    Redemption.USED: "invite_used",
}


async def start(update: Update, context: Context) -> None:
    """Greeting, the AI notice and what is logged, language choice; `/start CODE` redeems an invite."""
    chat = await Chat.load(update, context)
    if context.args:
        await _redeem(chat, context, context.args[0])
    await chat.reply(context, chat.say("welcome"), keyboards.languages())
    if not await chat.admitted():
        await chat.reply(context, chat.say("not_admitted"))


async def join(update: Update, context: Context) -> None:
    """`/join CODE`: redeem a trainer's invite code."""
    chat = await Chat.load(update, context)
    if not context.args:
        await chat.reply(context, chat.say("not_admitted"))
        return
    await _redeem(chat, context, context.args[0])


async def _redeem(chat: Chat, context: Context, code: str) -> None:
    if not await chat.within_limit(context):  # codes cannot be guessed at speed
        return
    result = await run(chat.d.invites.redeem, code, CHANNEL, chat.user)
    await chat.reply(context, chat.say(_INVITE_OUTCOME.get(result.outcome, "invite_ok")))


async def help_command(update: Update, context: Context) -> None:
    """What the bot does and its commands."""
    chat = await Chat.load(update, context)
    await chat.reply(context, chat.say("help"))


async def language(update: Update, context: Context) -> None:
    """The language buttons."""
    chat = await Chat.load(update, context)
    await chat.reply(context, "Language / زبان", keyboards.languages())


async def exercise(update: Update, context: Context) -> None:
    """`/exercise [level]`: the next exercise for this learner (of that level, if given)."""
    chat = await Chat.load(update, context)
    if not await chat.gate(context):
        return
    level = None
    if context.args:
        if not context.args[0].isdigit() or not is_level(int(context.args[0])):
            await chat.reply(context, chat.say("level_usage"))
            return
        level = int(context.args[0])
    found = await run(chat.d.services.exercises.pick_next, chat.user, CHANNEL, level)
    await show_exercise(chat, context, found)


async def progress(update: Update, context: Context) -> None:
    """Attempts, completed exercises, levels and the exercise to try next."""
    chat = await Chat.load(update, context)
    if not await chat.gate(context):
        return
    exercises = chat.d.services.exercises
    mine = await run(exercises.progress, chat.user, CHANNEL)
    title = exercises.get(mine.next_exercise_id).title if mine.next_exercise_id else None
    await chat.reply(context, formatting.render_progress(mine, chat.lang, title))


async def cancel(update: Update, context: Context) -> None:
    """Leave the current exercise."""
    chat = await Chat.load(update, context)
    if not chat.state.stop_exercise():
        await chat.reply(context, chat.say("nothing_to_cancel"))
        return
    await chat.save()
    await chat.reply(context, chat.say("cancelled"))


async def forget(update: Update, context: Context) -> None:
    """Ask before deleting everything stored about the learner."""
    chat = await Chat.load(update, context)
    await chat.reply(context, chat.say("forget_confirm"), keyboards.forget(chat.lang))


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not have: say so, in private chats only."""
    if update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE:
        chat = await Chat.load(update, context)
        await chat.reply(context, chat.say("unknown_command"))
