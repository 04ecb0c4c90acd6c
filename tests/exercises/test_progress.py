"""Progress rules on hand-made attempt rows: best scores, level unlocking, streaks, the next exercise."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from assistant.config import Settings
from assistant.exercises.bank import ExerciseBank
from assistant.exercises.progress import PASS_SCORE, AttemptRow, compute_progress, streak

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def bank() -> ExerciseBank:
    return ExerciseBank.load(Settings(_env_file=None).exercises_dir)  # type: ignore[call-arg]


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def test_a_new_learner_starts_at_level_one_with_the_first_exercise(bank: ExerciseBank) -> None:
    progress = compute_progress(bank, [], TODAY)
    assert progress.unlocked_level == 1
    assert progress.total_attempts == progress.completed == progress.current_streak_days == 0
    assert progress.next_exercise_id == bank.list(level=1)[0].id
    assert [lv.unlocked for lv in progress.levels] == [True, False, False, False, False]


def test_best_score_and_completion_come_from_the_best_attempt(bank: ExerciseBank) -> None:
    first = bank.list(level=1)[0].id
    rows = [
        AttemptRow(first, 40, _at(TODAY)),
        AttemptRow(first, 85, _at(TODAY)),
        AttemptRow(first, 60, _at(TODAY)),
    ]
    progress = compute_progress(bank, rows, TODAY)
    assert progress.best(first) == 85
    assert progress.completed == 1
    assert progress.next_exercise_id == bank.list(level=1)[1].id


def test_three_completed_exercises_unlock_the_next_level(bank: ExerciseBank) -> None:
    level1 = [e.id for e in bank.list(level=1)]
    rows = [AttemptRow(i, PASS_SCORE, _at(TODAY)) for i in level1[:2]]
    assert compute_progress(bank, rows, TODAY).unlocked_level == 1
    rows.append(AttemptRow(level1[2], PASS_SCORE + 5, _at(TODAY)))
    rows.append(AttemptRow(level1[3], PASS_SCORE - 1, _at(TODAY)))  # attempted, not completed
    progress = compute_progress(bank, rows, TODAY)
    assert progress.unlocked_level == 2
    assert progress.levels[0].needed_to_unlock_next == 0
    # level 1 still has untried exercises, so they come before level 2
    assert progress.next_exercise_id == level1[4]


def test_levels_unlock_in_order_only(bank: ExerciseBank) -> None:
    level2 = [e.id for e in bank.list(level=2)]
    rows = [AttemptRow(i, 95, _at(TODAY)) for i in level2]  # level 2 done without level 1
    assert compute_progress(bank, rows, TODAY).unlocked_level == 1


def test_unknown_exercise_ids_are_ignored(bank: ExerciseBank) -> None:
    progress = compute_progress(bank, [AttemptRow("L1-99-retired", 90, _at(TODAY))], TODAY)
    assert progress.total_attempts == 0


@pytest.mark.parametrize(
    ("offsets", "expected"),
    [
        ([], 0),
        ([0], 1),
        ([0, 1, 2], 3),
        ([1, 2], 2),  # nothing yet today: yesterday's streak still counts
        ([0, 2, 3], 1),  # a gap breaks it
        ([2, 3], 0),
    ],
)
def test_streak_counts_consecutive_days(offsets: list[int], expected: int) -> None:
    assert streak({TODAY - timedelta(days=d) for d in offsets}, TODAY) == expected
