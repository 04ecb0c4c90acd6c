"""What inline buttons carry: each kind's builder, pattern and parser agree, and the strings of buttons
already in learners' chats still parse."""

from __future__ import annotations

import re

import pytest

from bots.telegram import callback_data as data
from bots.telegram.callback_data import EXERCISE, FORGET_NO, FORGET_YES, LANGUAGE, RATING, ExerciseAction

MESSAGE_ID = "3f2b9c1e-5d0a-4c2e-9b7a-1c2d3e4f5a6b"
EXERCISE_ID = "L1-02-complaint-reply"


def _patterns() -> list[re.Pattern[str]]:
    return [LANGUAGE, RATING, *EXERCISE.values(), data.exactly(FORGET_YES), data.exactly(FORGET_NO)]


def test_the_strings_are_those_buttons_already_carry() -> None:
    assert data.language("ur") == "lang:ur"
    assert data.rating("down", MESSAGE_ID) == f"fb:down:{MESSAGE_ID}"
    assert data.exercise(ExerciseAction.HINT, EXERCISE_ID) == f"ex:hint:{EXERCISE_ID}"
    assert (FORGET_YES, FORGET_NO) == ("forget:yes", "forget:no")


def test_what_is_built_parses_back() -> None:
    assert data.parse_language(data.language("en")) == "en"
    assert data.parse_rating(data.rating("up", MESSAGE_ID)) == ("up", MESSAGE_ID)
    for action in ExerciseAction:
        assert data.parse_exercise(action, data.exercise(action, EXERCISE_ID)) == EXERCISE_ID


@pytest.mark.parametrize(
    "sent",
    [
        "lang:en",
        "lang:ur",
        f"fb:up:{MESSAGE_ID}",
        f"fb:down:{MESSAGE_ID}",
        *(f"ex:{action}:{EXERCISE_ID}" for action in ExerciseAction),
        "forget:yes",
        "forget:no",
    ],
)
def test_every_button_matches_exactly_one_handler(sent: str) -> None:
    assert sum(p.match(sent) is not None for p in _patterns()) == 1


@pytest.mark.parametrize(
    "other",
    ["", "lang:fr", "lang:en ", "lang:en\n", "fb:meh:1", "fb:up", "ex:jump:L1-01-x", "forget:maybe", "zz:1"],
)
def test_anything_else_matches_no_handler(other: str) -> None:
    assert not any(p.match(other) for p in _patterns())


def test_parsers_refuse_other_kinds_and_no_data() -> None:
    assert data.parse_language(None) is None and data.parse_language("fb:up:1") is None
    assert data.parse_rating(None) is None and data.parse_rating("lang:en") is None
    assert data.parse_exercise(ExerciseAction.HINT, f"ex:next:{EXERCISE_ID}") is None


def test_a_message_id_is_taken_whole() -> None:
    assert data.parse_rating("fb:down:a:b") == ("down", "a:b")
    assert data.parse_rating("fb:up:") == ("up", "")


def test_rating_buttons_are_told_apart() -> None:
    assert data.is_rating(data.rating("up", "1"))
    assert not data.is_rating(data.exercise(ExerciseAction.START, EXERCISE_ID)) and not data.is_rating(None)
