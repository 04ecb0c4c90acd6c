"""Messages that are not commands: questions for the tutor, exercise attempts, comments on a 👎, and a
helpful word for what the bot cannot read."""

from __future__ import annotations

import re

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType

from assistant.answering.pipeline import RELATED_ID, RELATED_QUESTION, ChatRequest, ChatResult
from assistant.privacy import redact
from assistant.storage import UnknownMessageError
from bots.telegram import formatting, keyboards
from bots.telegram.chat import Chat, typing
from bots.telegram.deps import CHANNEL, Context, run
from bots.telegram.practice import attempt


async def text_message(update: Update, context: Context) -> None:
    """A comment on a rated answer, an exercise attempt, or a question (in that order)."""
    message = update.effective_message
    assert message is not None and message.text is not None
    text = addressed_text(message, context)
    if text is None:  # a group message not meant for the bot
        return
    chat = await Chat.load(update, context)
    if not await chat.gate(context):
        return
    replied = message.reply_to_message
    if replied is not None and str(replied.message_id) in chat.state.comments:
        await _save_comment(chat, context, str(replied.message_id), text)
    elif chat.state.expects_attempt():
        assert chat.state.exercise is not None
        await attempt(chat, context, chat.state.exercise, text)
    else:
        await ask(chat, context, text)


async def ask(chat: Chat, context: Context, text: str) -> None:
    """Answer a question once this worker has a slot for it (`assistant.admission`, shared with the API).

    When no slot frees up in time, `OverloadedError` reaches the error handler, which replies "busy, please
    send it again in a minute" in the learner's language, and the webhook answers 200. Not a 503 for
    Telegram to redeliver: the learner would wait in silence for Telegram's back-off (seconds to
    minutes, longer each time, and it slows delivery to every chat of the bot), and each redelivery would
    arrive while the worker is still overloaded. The busy reply is itself kept and sent on redelivery if
    Telegram does not take it, so the learner always hears back; a shed question is never asked, so it is
    not logged as answered, and a delivered answer is logged once (the tutor logs it, redeliveries are
    dropped by update id)."""
    if not await chat.within_limit(context):
        return
    request = ChatRequest(text, chat.state.session_id, chat.user, CHANNEL)
    async with typing(context, chat.chat_id), await chat.d.services.admission.enter(CHANNEL):
        result: ChatResult = await run(chat.d.services.tutor.ask, request)
    if chat.state.session_id != result.session_id:
        chat.state.session_id = result.session_id
        await chat.save()
    meta = result.answer.meta
    suggested = meta.get("exercise_id")
    related = (int(meta[RELATED_ID]), meta[RELATED_QUESTION]) if RELATED_ID in meta else None
    markup = keyboards.answer(result.message_id, str(suggested) if suggested else None, chat.lang, related)
    html = formatting.render_answer(result.answer, chat.lang, chat.d.settings.public_url)
    await chat.reply(context, html, markup)


async def _save_comment(chat: Chat, context: Context, prompt_id: str, text: str) -> None:
    pending = chat.state.comments.pop(prompt_id)
    await chat.save()
    try:
        await run(
            chat.d.services.question_log.add_feedback, pending.message_id, pending.rating, redact(text).text
        )
    except UnknownMessageError:
        await chat.reply(context, chat.say("feedback_gone"))
        return
    await chat.reply(context, chat.say("comment_saved"))


async def unsupported(update: Update, context: Context) -> None:
    """Stickers, photos, voice, files, locations...: a helpful word, in private chats only."""
    await _say_in_private(update, context, "unsupported")


async def edited(update: Update, context: Context) -> None:
    """An edited message is not answered again: ask for a new message, in private chats only."""
    await _say_in_private(update, context, "edited")


async def _say_in_private(update: Update, context: Context, key: str) -> None:
    if update.effective_chat is None or update.effective_chat.type != ChatType.PRIVATE:
        return
    if update.effective_user is None:
        return
    chat = await Chat.load(update, context)
    await chat.reply(context, chat.say(key))


def addressed_text(message: Message, context: Context) -> str | None:
    """The text for the bot: all of it in a private chat; in a group, only when it mentions the bot or
    replies to it (with the mention removed)."""
    text = message.text or ""
    if message.chat.type == ChatType.PRIVATE:
        return text
    username = context.bot.username
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == context.bot.id:
        return text
    mentions = message.parse_entities([MessageEntity.MENTION]).values()
    if any(m.lower() == f"@{username}".lower() for m in mentions):
        return re.sub(rf"@{re.escape(username)}\b", "", text, flags=re.IGNORECASE).strip()
    return None
