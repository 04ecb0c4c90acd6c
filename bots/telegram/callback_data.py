"""What the inline buttons carry, each kind's format stated once: a builder for the keyboards, a pattern for
the kind's `CallbackQueryHandler` and a parser for its handler. The strings are those of the buttons already
in learners' chats (`lang:ur`, `fb:down:<message id>`, `ex:hint:<exercise id>`, `forget:yes`), which keep
working, and `rq:<curated answer id>`."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Literal, cast

from bots.telegram.messages import LANGS, Lang

Rating = Literal["up", "down"]


class ExerciseAction(StrEnum):
    START = "start"  # the exercise an answer suggested
    NEXT = "next"
    HINT = "hint"
    RETRY = "retry"
    STOP = "stop"


LANGUAGE = re.compile(rf"lang:({'|'.join(LANGS)})\Z")
RATING = re.compile(r"fb:(up|down):(.*)\Z", re.DOTALL)
EXERCISE = {action: re.compile(rf"ex:{action}:(.*)\Z", re.DOTALL) for action in ExerciseAction}
RELATED = re.compile(r"rq:(\d+)\Z")  # ask the approved question of this curated answer
FORGET_YES = "forget:yes"
FORGET_NO = "forget:no"


def exactly(data: str) -> re.Pattern[str]:
    """The pattern of a button whose data is always `data`."""
    return re.compile(rf"{re.escape(data)}\Z")


def language(lang: Lang) -> str:
    return f"lang:{lang}"


def rating(value: Rating, message_id: str) -> str:
    return f"fb:{value}:{message_id}"


def exercise(action: ExerciseAction, exercise_id: str) -> str:
    return f"ex:{action}:{exercise_id}"


def related(curated_id: int) -> str:
    return f"rq:{curated_id}"


def parse_related(data: str | None) -> int | None:
    """The id of the curated answer whose question the button asks."""
    found = RELATED.match(data or "")
    return int(found[1]) if found else None


def parse_language(data: str | None) -> Lang | None:
    found = LANGUAGE.match(data or "")
    return cast(Lang, found[1]) if found else None


def parse_rating(data: str | None) -> tuple[Rating, str] | None:
    """The rating and the rated message's id."""
    found = RATING.match(data or "")
    return (cast(Rating, found[1]), found[2]) if found else None


def parse_exercise(action: ExerciseAction, data: str | None) -> str | None:
    """The id of the exercise an `action` button is for."""
    found = EXERCISE[action].match(data or "")
    return found[1] if found else None


def is_rating(data: object) -> bool:
    return isinstance(data, str) and data.startswith("fb:")
