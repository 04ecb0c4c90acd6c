"""What a learner sees of an answer in Telegram, over the fake Bot API: its markdown as HTML, sources
linked to their view when the public URL is set, a button for a suggested exercise, Urdu with English
answer text isolated."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.services import Services
from bots.telegram.markdown import FSI, PDI
from tests.bots.conftest import PollingBot
from tests.helpers.fake_telegram import FakeTelegram, check_html

PUBLIC = "https://ustad.example.gov.pk"
STYLED = (
    "A good prompt has **four parts**:\n"
    "- an `instruction`\n"
    "- <script>alert(1)</script> context\n"
    "```text\n"
    "Summarise the <memo> in 3 points\n"
    "``` [1]\n"
    "Read [the lesson](/sources/view?source=course%2Fsettings.md) or [this](javascript:alert(1))."
)


def test_an_answers_markdown_arrives_as_telegram_html(
    start_bot: Callable[..., PollingBot], tg: FakeTelegram, indexed: Services
) -> None:
    indexed.curated.add("How should a prompt be styled?", STYLED, "trainer")
    start_bot()
    tg.push_text("How should a prompt be styled?", chat_id=301)
    (answer,) = tg.wait_sent(301, 1)
    text = answer["text"]
    check_html(text)
    assert "A good prompt has <b>four parts</b>:\n• an <code>instruction</code>\n" in text
    assert "• &lt;script&gt;alert(1)&lt;/script&gt; context" in text
    assert '<pre><code class="language-text">Summarise the &lt;memo&gt; in 3 points</code></pre>\n[1]' in text
    assert "Read the lesson or this." in text  # no public URL: the relative link is text; javascript: never


def test_sources_link_to_their_view_only_when_the_public_url_is_set(
    start_bot: Callable[..., PollingBot], tg: FakeTelegram, indexed: Services
) -> None:
    indexed.curated.add("How should a prompt be styled?", STYLED, "trainer")
    start_bot(public_url=PUBLIC)
    tg.push_text("What does temperature control?", chat_id=302)
    tg.push_text("How should a prompt be styled?", chat_id=302)
    answer, styled = tg.wait_sent(302, 2)
    view = f"{PUBLIC}/sources/view?source=course%2Fsettings.md&amp;section=Temperature"
    assert f'[1] <a href="{view}">Model settings › Temperature</a>' in answer["text"]
    lesson = f'<a href="{PUBLIC}/sources/view?source=course%2Fsettings.md">the lesson</a>'
    assert f"Read {lesson} or this." in styled["text"]


def test_without_the_public_url_sources_are_named_not_linked(bot: PollingBot, tg: FakeTelegram) -> None:
    tg.push_text("What does temperature control?", chat_id=303)
    (answer,) = tg.wait_sent(303, 1)
    assert "[1] Model settings › Temperature" in answer["text"] and "<a " not in answer["text"]


def test_asking_for_an_exercise_gives_a_button_that_opens_it(bot: PollingBot, tg: FakeTelegram) -> None:
    tg.push_text("Give me an exercise please", chat_id=304)
    (suggestion,) = tg.wait_sent(304, 1)
    rows = suggestion["reply_markup"]["inline_keyboard"]
    assert [b["text"] for b in rows[0]] == ["👍", "👎"]
    (start,) = rows[1]
    assert start["text"] == "📝 Start this exercise" and start["callback_data"].startswith("ex:start:L1-")
    exercise_id = start["callback_data"].removeprefix("ex:start:")
    tg.push(tg.callback_update(start["callback_data"], suggestion))
    card = tg.wait_sent(304, 2)[-1]
    assert f"<b>Exercise {exercise_id}</b>" in card["text"] and "Reply with the prompt" in card["text"]


def test_an_urdu_chat_isolates_english_answer_text(bot: PollingBot, tg: FakeTelegram) -> None:
    tg.push_text("/start", chat_id=305)
    (welcome,) = tg.wait_sent(305, 1)
    tg.push(tg.callback_update("lang:ur", welcome))
    tg.wait_sent(305, 2)
    tg.push_text("What does temperature control?", chat_id=305)
    answer = tg.wait_sent(305, 3)[-1]["text"]
    check_html(answer)
    first, *_ = answer.split("\n")
    assert first.startswith(f"{FSI}Temperature controls") and first.endswith(f"[1]{PDI}")
    assert f"<b>حوالے</b>\n[1] {FSI}Model settings › Temperature{PDI}" in answer

    tg.push_text("/exercise 1", chat_id=305)
    card = tg.wait_sent(305, 4)[-1]["text"]
    assert card.startswith(f"<b>مشق {FSI}L1-")  # the exercise's id and title read left to right
    tg.push_text("Write a polite reply to the citizen about the water supply.", chat_id=305)
    graded = tg.wait_sent(305, 5)[-1]["text"]
    check_html(graded)
    criterion = re.search(rf"[✅🟡❌] <b>{FSI}[^<]+{PDI}</b>\n{FSI}[^\n]+{PDI}\n", graded)
    assert criterion is not None, graded  # the grader's English criteria and feedback


def test_a_related_trainer_answer_is_a_button_that_asks_its_question(
    start_bot: Callable[..., PollingBot], tg: FakeTelegram, indexed: Services
) -> None:
    approved = "How many days of casual leave can a BPS-17 officer take in a calendar year?"
    made = indexed.curated.add(approved, "Twenty days a year.", "trainer")
    start_bot()
    tg.push_text("what is the yearly casual leave entitlement of a grade 17 officer?", chat_id=307)
    (answer,) = tg.wait_sent(307, 1)
    (related,) = answer["reply_markup"]["inline_keyboard"][-1]
    assert related["callback_data"] == f"rq:{made.id}"
    assert related["text"].startswith("📌 Trainer's answer: How many days of casual leave") and related[
        "text"
    ].endswith("…")
    tg.push(tg.callback_update(related["callback_data"], answer))
    trainers = tg.wait_sent(307, 2)[-1]
    assert "Twenty days a year." in trainers["text"]
    indexed.curated.set_active(made.id, False)  # withdrawn: the old button says so
    tg.push(tg.callback_update(related["callback_data"], answer))
    gone = "That answer is no longer available. Please ask your question again."
    tg.wait_for(lambda: any(p.get("text") == gone for p in tg.methods("answerCallbackQuery")))
    assert len(tg.sent(307)) == 2  # nothing asked
