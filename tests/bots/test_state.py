"""The typed chat state: it reads the JSON stored before it existed, writes it back, and keeps its
bounded lists (pending comments, the outbox of undelivered replies) bounded."""

from __future__ import annotations

from typing import Any

from bots.telegram.delivery import KEEP_UNDELIVERED, Outbox, Reply, reply
from bots.telegram.state import KEEP_COMMENTS, ChatState, PendingComment

STORED: dict[str, Any] = {  # as the handlers stored it before `ChatState`
    "lang": "ur",
    "session_id": "s-1",
    "exercise": "L1-02-complaint-reply",
    "awaiting": "prompt",
    "hints": 2,
    "comments": {"501": "m-9:down"},
    "undelivered": {"77": [{"text": "<b>hi</b>", "markup": None}]},
}


def test_the_stored_json_loads_and_is_written_back_the_same() -> None:
    state = ChatState.from_json(STORED)
    assert state.lang == "ur" and state.session_id == "s-1" and state.hints == 2
    assert state.exercise == "L1-02-complaint-reply" and state.expects_attempt()
    assert state.comments == {"501": PendingComment("m-9", "down")}
    assert state.outbox.waiting == {"77": [{"text": "<b>hi</b>", "markup": None}]}
    assert state.to_json() == STORED


def test_a_new_chat_is_english_with_nothing_going_on() -> None:
    state = ChatState.from_json({})
    assert state == ChatState() and state.lang == "en" and not state.expects_attempt()
    assert state.to_json() == {"lang": "en", "hints": 0}
    assert ChatState.from_json({"lang": "fr"}).lang == "en"


def test_an_exercise_starts_is_graded_and_stops() -> None:
    state = ChatState(hints=3)
    state.start_exercise("L2-01-memo")
    assert state.expects_attempt() and state.hints == 0
    state.graded(next_hint=2)
    assert not state.expects_attempt() and state.hints == 2
    state.graded(next_hint=None)  # a strong prompt offers no hint; those shown stay shown
    assert state.hints == 2
    assert state.stop_exercise() and state.exercise is None
    assert not state.stop_exercise()


def test_only_the_latest_comment_prompts_are_kept() -> None:
    state = ChatState()
    for prompt_id in range(KEEP_COMMENTS + 2):
        state.await_comment(prompt_id, PendingComment(f"m-{prompt_id}", "down"))
    assert list(state.comments) == [str(i) for i in range(2, KEEP_COMMENTS + 2)]


def _replies(text: str) -> list[Reply]:
    return [reply(text)]


def test_the_outbox_keeps_the_latest_updates_replies_until_taken() -> None:
    outbox = Outbox()
    for update_id in range(KEEP_UNDELIVERED + 1):
        outbox.keep(update_id, _replies(f"for {update_id}"))
    assert "0" not in outbox.waiting and len(outbox.waiting) == KEEP_UNDELIVERED  # the oldest went
    assert outbox.take(3) == _replies("for 3") and outbox.take(3) is None


def test_a_later_reply_to_an_update_queues_behind_the_kept_ones() -> None:
    outbox = Outbox()
    assert not outbox.queue_behind(9, _replies("now"))  # nothing kept: send it now
    outbox.keep(9, _replies("first"))
    assert outbox.queue_behind(9, _replies("second"))
    assert [r["text"] for r in outbox.take(9) or []] == ["first", "second"]
