"""A busy worker in webhook mode: a question (or an exercise attempt) that finds no answer slot in time gets
the polite "busy" reply in the learner's language and a 200 (no redelivery), is not logged, and the same
learner's next message is handled once a slot is free."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from pydantic import SecretStr

from assistant.admission import Slot
from assistant.composition import web_app
from assistant.config import Settings
from assistant.messages import say
from assistant.services import Services
from assistant.storage.models import ExerciseAttempt, Message
from bots.telegram.app import SECRET_HEADER, WEBHOOK_PATH
from bots.telegram.delivery import RetryPolicy
from bots.telegram.deps import BotDeps
from tests.helpers.fake_telegram import TOKEN, FakeTelegram

SECRET = "busy-secret"
QUESTION = "What does temperature control?"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"max_concurrent_answers": 1, "max_queue_wait_s": 0.2})


@pytest.fixture
def client(indexed: Services, tg: FakeTelegram) -> Iterator[TestClient]:
    settings = indexed.settings.model_copy(
        update={
            "telegram_token": SecretStr(TOKEN),
            "telegram_base_url": tg.base_url,
            "telegram_webhook_url": "https://ustad.example.gov.pk/telegram/webhook",
            "telegram_webhook_secret": SecretStr(SECRET),
        }
    )
    app = web_app(settings, indexed)
    with TestClient(app) as client:
        deadline = time.monotonic() + 15
        while not app.state.telegram.ready.is_set():
            assert time.monotonic() < deadline, "the bot did not start"
            time.sleep(0.02)
        yield client


@pytest.fixture
def full(indexed: Services) -> Iterator[Slot]:
    """The worker's one answer slot taken, as by a long answer to another learner."""
    slot = asyncio.run(indexed.admission.enter("chat"))
    yield slot
    slot.release()


def _post(client: TestClient, update: dict[str, object]) -> int:
    return client.post(WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET}).status_code


def _logged(services: Services, table: type[Message | ExerciseAttempt] = Message) -> int:
    with services.database.session() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(table)) or 0)


def _texts(tg: FakeTelegram, chat_id: int) -> list[str]:
    return [m["text"] for m in tg.sent(chat_id)]


def test_a_question_that_finds_no_slot_gets_the_busy_reply_and_is_not_logged(
    client: TestClient, tg: FakeTelegram, indexed: Services, full: Slot
) -> None:
    assert _post(client, tg.message_update(QUESTION, chat_id=31)) == 200  # told, so no redelivery
    assert _texts(tg, 31) == [say("busy", "en")]
    assert _logged(indexed) == 0
    full.release()  # the other answer finished: the learner sends the question again
    assert _post(client, tg.message_update(QUESTION, chat_id=31)) == 200
    busy, answer = _texts(tg, 31)
    assert "[1]" in answer and _logged(indexed) == 1


def test_the_busy_reply_is_in_the_learners_language(
    client: TestClient, tg: FakeTelegram, indexed: Services
) -> None:
    assert _post(client, tg.message_update("/start", chat_id=32)) == 200
    (welcome,) = tg.sent(32)
    assert _post(client, tg.callback_update("lang:ur", welcome)) == 200
    slot = asyncio.run(indexed.admission.enter("chat"))
    try:
        assert _post(client, tg.message_update("درجہ حرارت کیا کنٹرول کرتا ہے؟", chat_id=32)) == 200
    finally:
        slot.release()
    assert _texts(tg, 32)[-1] == say("busy", "ur")
    assert _logged(indexed) == 0


def test_a_busy_reply_telegram_refuses_waits_for_the_redelivery(
    client: TestClient, tg: FakeTelegram, indexed: Services, full: Slot
) -> None:
    """Nothing lost: the busy reply is kept like any reply, and sent when Telegram redelivers the update."""
    deps: BotDeps = client.app.state.telegram.application.bot_data["deps"]  # type: ignore[attr-defined]
    deps.retry = RetryPolicy(budget_s=1.0)
    tg.fail_next("sendMessage", 1_000)
    update = tg.message_update(QUESTION, chat_id=33)
    assert _post(client, update) == 503  # not taken: Telegram sends the update again
    tg.failing.clear()
    assert _post(client, update) == 200  # the kept busy reply goes out; the question is not asked now
    assert _texts(tg, 33) == [say("busy", "en")] and _logged(indexed) == 0


def test_an_attempt_that_finds_no_slot_is_not_graded_and_can_be_sent_again(
    client: TestClient, tg: FakeTelegram, indexed: Services, full: Slot
) -> None:
    assert _post(client, tg.message_update("/exercise", chat_id=34)) == 200
    prompt = "Write a polite reply to the citizen about the water supply, in plain English, under 150 words."
    assert _post(client, tg.message_update(prompt, chat_id=34)) == 200
    assert _texts(tg, 34)[-1] == say("busy", "en")
    assert _logged(indexed, ExerciseAttempt) == 0
    full.release()
    assert _post(client, tg.message_update(prompt, chat_id=34)) == 200  # still the exercise's attempt
    assert "/100" in _texts(tg, 34)[-1] and _logged(indexed, ExerciseAttempt) == 1
