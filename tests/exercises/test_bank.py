from pathlib import Path

import pytest
import yaml

from assistant.exercises.bank import ExerciseBank, ExerciseFileError, UnknownExerciseError
from tests.exercises.test_grader import MEMO


def write(folder: Path, name: str, data: object) -> None:
    (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_the_bank_loads_lists_and_filters(tmp_path: Path) -> None:
    write(tmp_path, f"{MEMO.id}.yaml", MEMO.model_dump())
    bank = ExerciseBank.load(tmp_path)
    assert len(bank) == 1 and bank.get(MEMO.id).title == MEMO.title
    assert bank.list(level=2) and not bank.list(level=3)
    assert bank.list(skill="audience") and not bank.list(skill="chaining")
    with pytest.raises(UnknownExerciseError):
        bank.get("L9-99-nothing")


def test_a_bad_file_names_the_file_and_the_field(tmp_path: Path) -> None:
    broken = MEMO.model_dump()
    broken["rubric"][0]["weight"] = 5  # the weights no longer add up to 100
    write(tmp_path, f"{MEMO.id}.yaml", broken)
    with pytest.raises(ExerciseFileError, match=rf"{MEMO.id}.yaml: rubric: .*add up to 80"):
        ExerciseBank.load(tmp_path)


def test_a_misnamed_file_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "other-name.yaml", MEMO.model_dump())
    with pytest.raises(ExerciseFileError, match="must be named"):
        ExerciseBank.load(tmp_path)
