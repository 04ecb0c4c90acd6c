"""Scripted conversations: the real PTB application polls the fake Bot API over HTTP."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from assistant.services import Services
from assistant.storage.models import ExerciseAttempt, Feedback, Message, User
from tests.bots.conftest import PollingBot
from tests.helpers.fake_telegram import FakeTelegram


def _count(services: Services, model: type, **where: object) -> int:
    with services.database.session() as session:
        query = sa.select(sa.func.count()).select_from(model)
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        return int(session.scalar(query) or 0)


def test_start_says_it_is_an_ai_and_what_is_logged(bot: PollingBot, tg: FakeTelegram) -> None:
    tg.push_text("/start", chat_id=7)
    (welcome,) = tg.wait_sent(7, 1)
    assert "AI teaching assistant" in welcome["text"] and "/forget" in welcome["text"]
    buttons = [b["callback_data"] for row in welcome["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["lang:en", "lang:ur"]
    tg.push(tg.callback_update("lang:ur", welcome))
    tg.wait_sent(7, 2)
    tg.push_text("/help", chat_id=7)
    assert "استاد" in tg.wait_sent(7, 3)[-1]["text"]  # Urdu from now on, after a restart too


def test_question_gets_answer_with_sources_and_thumbs_down_is_stored(
    bot: PollingBot, tg: FakeTelegram, indexed: Services
) -> None:
    tg.push_text("What does temperature control?", chat_id=11)
    (answer,) = tg.wait_sent(11, 1)
    assert "[1]" in answer["text"] and "<b>Sources</b>" in answer["text"]
    assert "Model settings" in answer["text"]
    assert tg.methods("sendChatAction")  # typing… while answering
    keyboard = answer["reply_markup"]["inline_keyboard"][0]
    assert [b["text"] for b in keyboard] == ["👍", "👎"]
    assert _count(indexed, Message, channel="telegram") == 1

    tg.push(tg.callback_update(keyboard[1]["callback_data"], answer))
    prompt = tg.wait_sent(11, 2)[-1]
    assert tg.methods("sendMessage")[-1]["reply_markup"]["force_reply"] is True
    tg.wait_for(lambda: _count(indexed, Feedback, rating="down") == 1)
    assert tg.methods("answerCallbackQuery")

    tg.push_text("It missed the part about creativity, call me on 0300-1234567", chat_id=11, reply_to=prompt)
    assert "comment was saved" in tg.wait_sent(11, 3)[-1]["text"]
    with indexed.database.session() as session:
        comment = session.scalars(sa.select(Feedback.comment)).one()
    assert comment is not None and "creativity" in comment and "1234567" not in comment


def test_exercise_attempt_is_graded_with_buttons(
    bot: PollingBot, tg: FakeTelegram, indexed: Services
) -> None:
    tg.push_text("/exercise 1", chat_id=21)
    (card,) = tg.wait_sent(21, 1)
    assert "Exercise L1-" in card["text"] and "Reply with the prompt" in card["text"]
    tg.push_text(
        "You are a helpful assistant. Write a short, polite reply in plain English to the citizen's "
        "complaint about the water supply, in three bullet points, under 120 words.",
        chat_id=21,
    )
    graded = tg.wait_sent(21, 2)[-1]
    assert "Score: <b>" in graded["text"]
    assert any(mark in graded["text"] for mark in ("✅", "🟡", "❌"))
    actions = [
        b["callback_data"].split(":")[1] for row in graded["reply_markup"]["inline_keyboard"] for b in row
    ]
    assert actions == ["hint", "retry", "next", "stop"]
    assert _count(indexed, ExerciseAttempt) == 1

    tg.push(tg.callback_update(graded["reply_markup"]["inline_keyboard"][0][0]["callback_data"], graded))
    assert "Hint" in tg.wait_sent(21, 3)[-1]["text"]
    tg.push(tg.callback_update(graded["reply_markup"]["inline_keyboard"][0][1]["callback_data"], graded))
    assert "improved prompt" in tg.wait_sent(21, 4)[-1]["text"]
    tg.push_text("Write a reply.", chat_id=21)
    tg.wait_sent(21, 5)
    assert _count(indexed, ExerciseAttempt) == 2

    tg.push_text("/progress", chat_id=21)
    assert "Attempts: 2" in tg.wait_sent(21, 6)[-1]["text"]


def test_forget_deletes_the_learners_rows_after_confirmation(
    bot: PollingBot, tg: FakeTelegram, indexed: Services
) -> None:
    tg.push_text("What is few-shot prompting?", chat_id=31)
    tg.push_text("/forget", chat_id=31)
    confirm = tg.wait_sent(31, 2)[-1]
    assert _count(indexed, Message, channel="telegram") == 1
    tg.push(tg.callback_update("forget:yes", confirm))
    assert "deleted" in tg.wait_sent(31, 3)[-1]["text"]
    assert _count(indexed, Message, channel="telegram") == 0
    assert _count(indexed, User, external_id="31") == 0


def test_an_exercise_in_progress_survives_a_restart(
    start_bot: Callable[..., PollingBot], tg: FakeTelegram, indexed: Services
) -> None:
    first = start_bot()
    tg.push_text("/exercise 2", chat_id=41)
    assert "Exercise L2-" in tg.wait_sent(41, 1)[0]["text"]
    first.stop()
    start_bot()
    tg.push_text(
        "Act as a press officer. Write a press release on dengue prevention for citizens.", chat_id=41
    )
    assert "Score: <b>" in tg.wait_sent(41, 2)[-1]["text"]
    assert _count(indexed, ExerciseAttempt) == 1


def test_telegram_failures_never_stop_the_bot(bot: PollingBot, tg: FakeTelegram) -> None:
    tg.fail["sendChatAction"] = (500, "Internal Server Error")  # typing… is cosmetic
    tg.push_text("What does temperature control?", chat_id=45)
    assert "[1]" in tg.wait_sent(45, 1)[0]["text"]
    tg.fail["sendMessage"] = (403, "Forbidden: bot was blocked by the user")
    tg.push_text("What is few-shot prompting?", chat_id=45)
    tg.wait_for(lambda: len(tg.methods("sendMessage")) >= 2)
    tg.fail.clear()
    tg.push_text("What are delimiters?", chat_id=45)
    assert "[1]" in tg.wait_sent(45, 2)[-1]["text"]


@pytest.mark.parametrize(
    "failure",
    [{"status": 503, "description": "Service Unavailable"}, {"status": 429, "retry_after": 1}],
    ids=["5xx", "flood-control"],
)
def test_a_polled_reply_telegram_refuses_for_a_while_is_retried(
    bot: PollingBot, tg: FakeTelegram, indexed: Services, failure: dict[str, Any]
) -> None:
    """A polled update is consumed, so nothing redelivers it: the bot keeps trying to send the answer."""
    tg.fail_next("sendMessage", 2, **failure)
    tg.push_text("What does temperature control?", chat_id=47)
    assert "[1]" in tg.wait_sent(47, 1)[0]["text"]
    tg.push_text("/help", chat_id=47)  # handled after the question (one chat in order): nothing else came
    answer, _help = tg.wait_sent(47, 2)
    assert "[1]" in answer["text"]
    assert len(tg.methods("sendMessage")) == 4 and _count(indexed, Message, channel="telegram") == 1


def test_exercise_buttons_hints_run_out_next_moves_on_and_old_buttons_are_stale(
    bot: PollingBot, tg: FakeTelegram
) -> None:
    chat = 25
    tg.push_text("/exercise 9", chat_id=chat)
    assert "levels 1-5" in tg.wait_sent(chat, 1)[-1]["text"]
    tg.push_text("/exercise 1", chat_id=chat)
    card = tg.wait_sent(chat, 2)[-1]
    hint, next_, stop = (b["callback_data"] for row in card["reply_markup"]["inline_keyboard"] for b in row)
    for _ in range(4):
        tg.push(tg.callback_update(hint, card))
    replies = [r["text"] for r in tg.wait_sent(chat, 6)[2:]]
    assert [f"Hint {n}/3" in text for n, text in enumerate(replies[:3], 1)] == [True] * 3
    assert "last hint" in replies[3]

    tg.push(tg.callback_update(next_, card))
    second = tg.wait_sent(chat, 7)[-1]
    assert "Exercise L1-" in second["text"] and second["text"] != card["text"]
    tg.push(tg.callback_update(hint, card))  # a button under the first exercise
    assert "older exercise" in tg.wait_sent(chat, 8)[-1]["text"]
    tg.push(tg.callback_update(stop, card))
    assert "older exercise" in tg.wait_sent(chat, 9)[-1]["text"]
    second_stop = second["reply_markup"]["inline_keyboard"][1][0]["callback_data"]
    tg.push(tg.callback_update(second_stop, second))
    assert "Exercise stopped" in tg.wait_sent(chat, 10)[-1]["text"]
    tg.push_text("/cancel", chat_id=chat)
    assert "Nothing to stop" in tg.wait_sent(chat, 11)[-1]["text"]

    answered = len(tg.methods("answerCallbackQuery"))
    tg.push(tg.callback_update("zz:not-ours", second))  # no handler of its own: only answered
    tg.wait_for(lambda: len(tg.methods("answerCallbackQuery")) > answered)
    tg.push_text("/help", chat_id=chat)
    assert "/exercise" in tg.wait_sent(chat, 12)[-1]["text"]  # nothing was sent for the odd button
