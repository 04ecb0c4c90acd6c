"""The exercise rules every channel shares: the level range, the hint cap, and the next exercise to pick."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.exercises.bank import ExerciseBank
from assistant.exercises.grader import Grader
from assistant.exercises.progress import PASS_SCORE, AttemptStore
from assistant.exercises.rules import HINTS_PER_EXERCISE, MAX_LEVEL, MIN_LEVEL, is_level, next_hint
from assistant.exercises.schema import Exercise
from assistant.exercises.service import ExerciseService
from assistant.storage import Database, QuestionLog
from tests.exercises.test_grader import MEMO
from tests.exercises.test_shipped_bank import BANK_DIR

CHANNEL = "telegram"


def test_the_level_range() -> None:
    assert (MIN_LEVEL, MAX_LEVEL) == (1, 5)
    assert is_level(MIN_LEVEL) and is_level(MAX_LEVEL)
    assert not is_level(MIN_LEVEL - 1) and not is_level(MAX_LEVEL + 1)


def test_hints_are_shown_in_order_up_to_the_last() -> None:
    assert [next_hint(shown) for shown in range(HINTS_PER_EXERCISE + 2)] == [1, 2, 3, None, None]


@pytest.mark.parametrize("level", [MIN_LEVEL - 1, MAX_LEVEL + 1])
def test_the_schema_refuses_a_level_out_of_range(level: int) -> None:
    data = {**MEMO.model_dump(), "level": level, "id": f"L{level}-01-memo"}
    with pytest.raises(ValidationError):
        Exercise.model_validate(data)


def test_the_schema_takes_every_level_in_range() -> None:
    for level in range(MIN_LEVEL, MAX_LEVEL + 1):
        assert Exercise.model_validate({**MEMO.model_dump(), "level": level, "id": f"L{level}-01-memo"})


def test_the_schema_wants_exactly_the_hint_count() -> None:
    with pytest.raises(ValidationError, match="hints"):
        Exercise.model_validate({**MEMO.model_dump(), "hints": MEMO.hints[:-1]})


@pytest.fixture(scope="module")
def bank() -> ExerciseBank:
    return ExerciseBank.load(BANK_DIR)


@pytest.fixture
def service(tmp_path: Path, bank: ExerciseBank) -> Iterator[ExerciseService]:
    database = Database(f"sqlite:///{tmp_path / 'assistant.db'}")
    database.upgrade()
    yield ExerciseService(bank, Grader(), QuestionLog(database), AttemptStore(database))
    database.dispose()


def _complete(service: ExerciseService, user: str, exercise_id: str) -> None:
    user_id = service.log.get_or_create_user(CHANNEL, user)
    service.attempts.add(user_id, service.get(exercise_id), PASS_SCORE, "a prompt", [], [], CHANNEL)


def test_without_a_level_the_suggested_exercise_is_picked(
    service: ExerciseService, bank: ExerciseBank
) -> None:
    first = bank.list(level=MIN_LEVEL)[0]
    assert service.pick_next("new", CHANNEL) == service.suggest_next("new", CHANNEL) == first


def test_of_a_level_the_first_not_yet_completed_is_picked(
    service: ExerciseService, bank: ExerciseBank
) -> None:
    level2 = bank.list(level=2)
    assert service.pick_next("ali", CHANNEL, 2) == level2[0]
    _complete(service, "ali", level2[0].id)
    assert service.pick_next("ali", CHANNEL, 2) == level2[1]


def test_when_a_level_is_all_done_its_first_exercise_is_picked_again(
    service: ExerciseService, bank: ExerciseBank
) -> None:
    level3 = bank.list(level=3)
    for exercise in level3:
        _complete(service, "sara", exercise.id)
    assert service.pick_next("sara", CHANNEL, 3) == level3[0]
    assert service.pick_next("sara", CHANNEL, 3, skip=level3[0].id) == level3[1]


def test_next_never_repeats_the_exercise_just_done(service: ExerciseService, bank: ExerciseBank) -> None:
    """'Next' under the suggested exercise: another of the same level, not the same one again."""
    first, second = bank.list(level=MIN_LEVEL)[:2]
    assert service.pick_next("new", CHANNEL, skip=first.id) == second
    assert service.pick_next("new", CHANNEL, skip=second.id) == first  # not the suggestion: it stands


def test_a_level_without_exercises_picks_nothing(service: ExerciseService) -> None:
    assert service.pick_next("new", CHANNEL, MAX_LEVEL + 1) is None
