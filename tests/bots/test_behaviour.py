"""Groups, odd messages, long answers, rate limits and access control, over the polling bot."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import SecretStr

from assistant.storage.invites import InviteStore
from tests.bots.conftest import PollingBot
from tests.helpers.fake_telegram import BOT_USERNAME, FakeTelegram


def test_in_groups_it_answers_only_when_mentioned_or_replied_to(bot: PollingBot, tg: FakeTelegram) -> None:
    group = -100
    tg.push_text("What is temperature?", chat_id=group, user_id=1, chat_type="supergroup")
    tg.push_text(
        f"@{BOT_USERNAME} what does temperature control?", chat_id=group, user_id=1, chat_type="supergroup"
    )
    (answer,) = tg.wait_sent(group, 1)
    assert "[1]" in answer["text"]
    tg.push_text(
        "and what about stop sequences?", chat_id=group, user_id=2, chat_type="supergroup", reply_to=answer
    )
    tg.wait_sent(group, 2)
    tg.push({**tg.message_update(None, chat_id=group, chat_type="supergroup", extra={"sticker": _sticker()})})
    tg.push_text("/help", chat_id=99)  # a marker: everything before it has been handled
    tg.wait_sent(99, 1)
    assert len(tg.sent(group)) == 2


def _sticker() -> dict[str, object]:
    return {
        "file_id": "s",
        "file_unique_id": "u",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }


def test_stickers_photos_voice_edits_and_long_texts_get_a_helpful_reply(
    bot: PollingBot, tg: FakeTelegram
) -> None:
    chat = 50
    photo = [{"file_id": "p", "file_unique_id": "pu", "width": 10, "height": 10}]
    voice = {"file_id": "v", "file_unique_id": "vu", "duration": 3}
    for extra in ({"sticker": _sticker()}, {"photo": photo}, {"voice": voice}):
        tg.push(tg.message_update(None, chat_id=chat, extra=extra))
    tg.push(tg.message_update("What is temperature??", chat_id=chat, edited=True))
    tg.push_text("x " * 2100, chat_id=chat)
    replies = tg.wait_sent(chat, 5)
    assert sum("only read text" in r["text"] for r in replies) == 3
    assert any("new message" in r["text"] for r in replies)
    assert "too long" in replies[-1]["text"]
    assert not [c for c in tg.calls if c[0] == "sendMessage" and "went wrong" in str(c[1].get("text"))]


def test_markdown_characters_and_long_answers_reach_telegram_intact(
    bot: PollingBot, tg: FakeTelegram
) -> None:
    tg.push_text("_*[]()~>#+-=|{}.! what is <temperature> & co?", chat_id=60)
    (answer,) = tg.wait_sent(60, 1)  # the fake refuses HTML that Telegram could not parse
    assert "&lt;" not in answer["text"] or "<b>" in answer["text"]


def test_rate_limit_replies_politely(start_bot: Callable[..., PollingBot], tg: FakeTelegram) -> None:
    start_bot(rate_limit_per_minute=2)
    for question in ("What is temperature?", "What is few-shot?", "What are delimiters?"):
        tg.push_text(question, chat_id=70)
    replies = tg.wait_sent(70, 3)
    assert "wait" in replies[-1]["text"] and "[1]" in replies[0]["text"]


def test_allow_list(start_bot: Callable[..., PollingBot], tg: FakeTelegram) -> None:
    start_bot(telegram_allowed_users=[81])
    tg.push_text("What is temperature?", chat_id=80)
    tg.push_text("What is temperature?", chat_id=81)
    assert "invited learners" in tg.wait_sent(80, 1)[0]["text"]
    assert "[1]" in tg.wait_sent(81, 1)[0]["text"]


def test_invite_code_admits_once(start_bot: Callable[..., PollingBot], tg: FakeTelegram) -> None:
    bot = start_bot(telegram_require_invite=True)
    deps = bot.application.bot_data["deps"]
    (code,) = InviteStore(deps.services.database, deps.services.question_log).create(cohort="c1")
    tg.push_text("What is temperature?", chat_id=90)
    assert "invited learners" in tg.wait_sent(90, 1)[-1]["text"]
    tg.push_text(f"/start {code}", chat_id=90)  # the deep link t.me/<bot>?start=CODE
    accepted, welcome = tg.wait_sent(90, 3)[1:]
    assert "accepted" in accepted["text"] and "AI teaching assistant" in welcome["text"]
    tg.push_text("What is temperature?", chat_id=90)
    assert "[1]" in tg.wait_sent(90, 4)[-1]["text"]
    tg.push_text(f"/join {code}", chat_id=91)
    assert "already been used" in tg.wait_sent(91, 1)[-1]["text"]


def test_token_must_be_set(indexed: object) -> None:
    import pytest

    from bots.telegram.app import build_application

    with pytest.raises(ValueError, match="TELEGRAM_TOKEN"):
        build_application(indexed.settings, indexed)  # type: ignore[attr-defined]
    assert SecretStr  # imported for start_bot overrides in other tests
