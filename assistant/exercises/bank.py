"""The exercise bank: YAML files under knowledge/exercises, validated when loaded."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from assistant.errors import AssistantError, first_validation_problem
from assistant.exercises.schema import Exercise


class ExerciseFileError(AssistantError):
    """An exercise file is invalid; the message names the file and the field."""


class UnknownExerciseError(AssistantError):
    """No exercise has this id."""


class ExerciseBank:
    """Exercises by id, ordered by level then id."""

    def __init__(self, exercises: list[Exercise]) -> None:
        self._by_id = {e.id: e for e in sorted(exercises, key=lambda e: (e.level, e.id))}

    @classmethod
    def load(cls, folder: Path) -> ExerciseBank:
        exercises = []
        for path in sorted(folder.glob("*.yaml")):
            try:
                exercise = Exercise.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
            except yaml.YAMLError as exc:
                raise ExerciseFileError(f"{path.name}: not valid YAML ({exc})") from exc
            except ValidationError as exc:
                raise ExerciseFileError(f"{path.name}: {first_validation_problem(exc, 'exercise')}") from exc
            if path.stem != exercise.id:
                raise ExerciseFileError(f"{path.name}: id: the file must be named {exercise.id}.yaml")
            exercises.append(exercise)
        return cls(exercises)

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, exercise_id: str) -> Exercise:
        try:
            return self._by_id[exercise_id]
        except KeyError:
            raise UnknownExerciseError(f"No exercise {exercise_id!r}.") from None

    def list(self, level: int | None = None, skill: str | None = None) -> list[Exercise]:
        return [
            e
            for e in self._by_id.values()
            if (level is None or e.level == level) and (skill is None or skill in e.skills)
        ]
