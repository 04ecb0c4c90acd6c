"""The shipped exercise bank and a grader prepared for it, shared by the grader's test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.embeddings import MiniLMEncoder
from assistant.exercises.bank import ExerciseBank
from assistant.exercises.grader import Grader

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def bank() -> ExerciseBank:
    return ExerciseBank.load(ROOT / "knowledge" / "exercises")


@pytest.fixture(scope="session")
def grader(bank: ExerciseBank, encoder: MiniLMEncoder) -> Grader:
    """Prepared for the bank, as the services do at start-up."""
    prepared = Grader(encoder.encode)
    prepared.prepare(bank.list())
    return prepared
