"""Webhook mode: the route in the FastAPI app, the secret token, redeliveries handled once, replies Telegram
refuses retried or kept for its redelivery, and Telegram questions in the metrics."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr

from assistant.api.limits import max_body_bytes
from assistant.composition import web_app
from assistant.config import Settings
from assistant.services import Services
from assistant.storage.models import Message
from bots.telegram.app import SECRET_HEADER, WEBHOOK_PATH, SharedRecentIds
from bots.telegram.delivery import RetryPolicy
from bots.telegram.deps import BotDeps
from tests.helpers.fake_telegram import TOKEN, FakeTelegram

SECRET = "s3cret_-token"


def _webhook_settings(indexed: Services, tg: FakeTelegram, **extra: Any) -> Settings:
    return indexed.settings.model_copy(
        update={
            "telegram_token": SecretStr(TOKEN),
            "telegram_base_url": tg.base_url,
            "telegram_webhook_url": "https://ustad.example.gov.pk/telegram/webhook",
            "telegram_webhook_secret": SecretStr(SECRET),
            **extra,
        }
    )


def _wait_for_bot(app: FastAPI) -> None:
    deadline = time.monotonic() + 15
    while not app.state.telegram.ready.is_set():
        assert time.monotonic() < deadline, "the bot did not start"
        time.sleep(0.02)


@pytest.fixture
def client(indexed: Services, tg: FakeTelegram) -> Iterator[TestClient]:
    app = web_app(_webhook_settings(indexed, tg), indexed)
    with TestClient(app) as client:
        _wait_for_bot(app)
        yield client


def _messages(services: Services) -> int:
    with services.database.session() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(Message)) or 0)


def test_start_registers_the_webhook_with_its_secret(client: TestClient, tg: FakeTelegram) -> None:
    assert tg.webhook is not None
    assert tg.webhook["url"].endswith(WEBHOOK_PATH) and tg.webhook["secret_token"] == SECRET


@pytest.mark.parametrize("secret", [None, "wrong", SECRET + "x"])
def test_wrong_or_missing_secret_is_rejected(
    client: TestClient, tg: FakeTelegram, indexed: Services, secret: str | None
) -> None:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    response = client.post(WEBHOOK_PATH, json=tg.message_update("What is temperature?"), headers=headers)
    assert response.status_code == 403
    assert not tg.sent() and _messages(indexed) == 0


def test_an_update_is_answered_once_even_when_redelivered(
    client: TestClient, tg: FakeTelegram, indexed: Services
) -> None:
    update = tg.message_update("What does temperature control?", chat_id=5)
    for _ in range(3):  # Telegram resends when it did not get a 2xx in time
        assert client.post(WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET}).status_code == 200
    (answer,) = tg.sent(5)
    assert "[1]" in answer["text"]
    assert _messages(indexed) == 1


def test_garbage_is_a_400_not_a_crash(client: TestClient) -> None:
    response = client.post(WEBHOOK_PATH, content=b"not json", headers={SECRET_HEADER: SECRET})
    assert response.status_code == 400


def test_a_long_urdu_reply_to_a_long_answer_is_not_refused_for_its_size(
    client: TestClient, tg: FakeTelegram, indexed: Services
) -> None:
    """Telegram sizes its updates, not us: escaped, a long Urdu message replying to a 4,096-character
    answer passes the API's own body cap, and a 413 would have Telegram drop the update."""
    answer = {
        "message_id": 1,
        "date": int(time.time()),
        "chat": {"id": 8, "type": "private"},
        "text": "ا" * 4096,
    }
    update = tg.message_update("ا" * 3900, chat_id=8, reply_to=answer)
    body = json.dumps(update).encode()  # ensure_ascii: every Urdu letter becomes \uXXXX
    assert len(body) > max_body_bytes(indexed.settings)
    headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
    assert client.post(WEBHOOK_PATH, content=body, headers=headers).status_code == 200
    assert tg.sent(8)
    huge = json.dumps(tg.message_update("x", chat_id=8, extra={"padding": "x" * 300_000})).encode()
    assert client.post(WEBHOOK_PATH, content=huge, headers=headers).status_code == 413


def test_no_route_without_a_token(indexed: Services) -> None:
    with TestClient(web_app(indexed.settings, indexed)) as plain:
        assert plain.post(WEBHOOK_PATH, json={}).status_code == 404


def test_the_token_is_never_logged(
    client: TestClient, tg: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        update = tg.message_update("What is few-shot prompting?", chat_id=6)
        client.post(WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET})
        tg.wait_sent(6, 1)
    assert caplog.records and TOKEN not in caplog.text and TOKEN.split(":")[1] not in caplog.text


def test_workers_sharing_redis_answer_a_redelivered_update_once(indexed: Services, tg: FakeTelegram) -> None:
    """Scale-out: the redelivery reaches the other worker; the claim in Redis stops a second answer."""
    settings = _webhook_settings(indexed, tg, redis_url="redis://127.0.0.1:6379/15")
    prefix = f"test:{uuid.uuid4().hex}:"
    apps = [web_app(settings, indexed) for _ in range(2)]
    with TestClient(apps[0]) as first, TestClient(apps[1]) as second:
        for app in apps:
            app.state.telegram.recent = SharedRecentIds(str(settings.redis_url), prefix)
            _wait_for_bot(app)
        update = tg.message_update("What does temperature control?", chat_id=6)
        for worker in (first, second, first):
            assert worker.post(WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET}).status_code == 200
    (answer,) = tg.sent(6)
    assert "[1]" in answer["text"] and _messages(indexed) == 1


def _post(client: TestClient, update: dict[str, Any]) -> int:
    return client.post(WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET}).status_code


def _send_times(tg: FakeTelegram, chat_id: int) -> list[float]:
    return [
        at
        for method, params, at in list(tg.calls)
        if method == "sendMessage" and params["chat_id"] == chat_id
    ]


@pytest.mark.parametrize(
    "failure",
    [{"status": 502, "description": "Bad Gateway"}, {"status": 429, "retry_after": 1}],
    ids=["5xx", "flood-control"],
)
def test_a_reply_telegram_refuses_for_a_while_is_retried(
    client: TestClient, tg: FakeTelegram, indexed: Services, failure: dict[str, Any]
) -> None:
    tg.fail_next("sendMessage", 2, **failure)
    assert _post(client, tg.message_update("What does temperature control?", chat_id=7)) == 200
    (answer,) = tg.sent(7)
    assert "[1]" in answer["text"]
    tries = _send_times(tg, 7)
    assert len(tries) == 3 and _messages(indexed) == 1
    if "retry_after" in failure:  # flood control: waits as long as Telegram asked, not less
        assert tries[1] - tries[0] >= 0.95 and tries[2] - tries[1] >= 0.95


@pytest.mark.parametrize(
    "failure",
    [{"status": 500}, {"status": 429, "retry_after": 60}],  # 60 s: longer than the webhook may wait
    ids=["5xx", "flood-control"],
)
def test_a_reply_still_refused_is_sent_once_when_telegram_redelivers(
    client: TestClient, tg: FakeTelegram, indexed: Services, failure: dict[str, Any]
) -> None:
    deps: BotDeps = client.app.state.telegram.application.bot_data["deps"]  # type: ignore[attr-defined]
    deps.retry = RetryPolicy(budget_s=1.0)  # the 5xx case gives up after 1 s, not 20
    tg.fail_next("sendMessage", 1_000, **failure)
    update = tg.message_update("What does temperature control?", chat_id=8)

    assert _post(client, update) == 503  # not taken: Telegram keeps the update and sends it again
    assert not tg.sent(8) and _messages(indexed) == 1

    tg.failing.clear()
    assert _post(client, update) == 200  # the redelivery sends the kept answer; no second question
    assert _post(client, update) == 200  # a later redelivery: already done
    (answer,) = tg.sent(8)
    assert "[1]" in answer["text"] and _messages(indexed) == 1
    (logged_id,) = _message_ids(indexed)
    assert answer["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == f"fb:up:{logged_id}"
    telegram = 'ustad_questions_total{answerer="extractive",channel="telegram",refused="false"} 1.0'
    assert telegram in client.get("/metrics").text


def test_a_redelivery_while_the_update_is_being_handled_is_not_acknowledged(
    client: TestClient, tg: FakeTelegram
) -> None:
    """Telegram stops waiting after a while and sends the update again; a 200 then would drop it if the
    first delivery's reply fails after all."""
    update = tg.message_update("What does temperature control?", chat_id=9)
    assert asyncio.run(client.app.state.telegram.recent.claim(update["update_id"]))  # type: ignore[attr-defined]
    assert _post(client, update) == 503 and not tg.sent(9)


def test_telegram_questions_are_counted_once_in_metrics(client: TestClient, tg: FakeTelegram) -> None:
    update = tg.message_update("What does temperature control?", chat_id=10)
    assert _post(client, update) == 200 and _post(client, update) == 200  # a redelivery is not counted
    assert client.post("/v1/chat", json={"message": "What does temperature control?"}).status_code == 200

    metrics = client.get("/metrics").text

    for channel in ("telegram", "api"):
        assert (
            f'ustad_questions_total{{answerer="extractive",channel="{channel}",refused="false"}} 1.0'
            in metrics
        )


def _message_ids(services: Services) -> list[str]:
    with services.database.session() as session:
        return [str(i) for i in session.scalars(sa.select(Message.id))]
