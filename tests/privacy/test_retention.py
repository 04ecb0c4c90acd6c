"""Retention (ASSISTANT_RETENTION_DAYS): old exchanges are deleted by `assistant purge`, at API start-up and
periodically in the background, while recent ones and learners' exercise progress stay."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.answering.pipeline import ChatRequest
from assistant.cli import app as cli
from assistant.errors import AssistantError
from assistant.services import Services
from assistant.storage.retention import apply_retention, retention_loop
from tests.api.conftest import MakeClient
from tests.privacy.helpers import age_log


def _ask(services: Services, question: str, user: str = "learner-1") -> str:
    return services.tutor.ask(ChatRequest(question, user_id=user)).message_id


def _questions(services: Services) -> list[str]:
    return [item.question for item in services.question_log.rated_exchanges(rating=None, refused=False)] + [
        item.question for item in services.question_log.rated_exchanges(rating=None, refused=True)
    ]


def test_purge_deletes_only_what_is_older_than_the_period(indexed: Services) -> None:
    old = _ask(indexed, "What does temperature control?")
    indexed.question_log.add_feedback(old, "up", "useful")
    age_log(indexed, days=40)
    _ask(indexed, "What is a stop sequence?")

    deleted = apply_retention(indexed.question_log, days=30)

    assert deleted == 1 + 1 + 1  # the old message, its rating, its now idle session
    assert _questions(indexed) == ["What is a stop sequence?"]
    assert apply_retention(indexed.question_log, days=30) == 0


def test_purge_keeps_exercise_progress(indexed: Services) -> None:
    exercise = indexed.exercises.list(None, None)[0]
    indexed.exercises.attempt(exercise.id, "Summarise the memo in three bullet points.", "learner-1", "api")
    age_log(indexed, days=400)
    apply_retention(indexed.question_log, days=30)
    assert indexed.exercises.progress("learner-1", "api").total_attempts == 1


def test_purge_needs_a_period(services: Services) -> None:
    assert services.settings.retention_days is None
    with pytest.raises(AssistantError, match="ASSISTANT_RETENTION_DAYS"):
        apply_retention(services.question_log, services.settings.retention_days)


@pytest.fixture
def cli_env(indexed: Services, model_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Services:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(indexed.settings.data_dir))
    monkeypatch.setenv("ASSISTANT_MODEL_CACHE_DIR", str(model_cache))
    return indexed


def test_cli_purge_uses_the_setting_or_the_option(cli_env: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    _ask(cli_env, "What does temperature control?")
    age_log(cli_env, days=10)
    runner = CliRunner()

    kept = runner.invoke(cli, ["purge", "--older-than", "30"])
    assert kept.exit_code == 0, kept.output
    assert "Deleted 0 rows older than 30.0 days" in kept.output

    monkeypatch.setenv("ASSISTANT_RETENTION_DAYS", "7")
    purged = runner.invoke(cli, ["purge"])
    assert purged.exit_code == 0, purged.output
    assert "Deleted 2 rows older than 7.0 days" in purged.output
    assert _questions(cli_env) == []


def test_cli_purge_without_a_period_is_an_error(cli_env: Services) -> None:
    result = CliRunner().invoke(cli, ["purge"])
    assert result.exit_code != 0
    assert isinstance(result.exception, AssistantError)


def test_the_api_applies_retention_at_start_up(indexed: Services, make_client: MakeClient) -> None:
    _ask(indexed, "What does temperature control?")
    age_log(indexed, days=40)
    client = make_client(retention_days=30)
    deadline = time.monotonic() + 10
    while indexed.question_log.count_messages() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert indexed.question_log.count_messages() == 0
    assert client.post("/v1/chat", json={"message": "What is a stop sequence?"}).status_code == 200
    assert indexed.question_log.count_messages() == 1  # new exchanges are kept


def test_the_api_without_a_period_keeps_everything(indexed: Services, make_client: MakeClient) -> None:
    _ask(indexed, "What does temperature control?")
    age_log(indexed, days=4000)
    assert make_client().get("/healthz").status_code == 200
    assert indexed.question_log.count_messages() == 1


class _FlakyLog:
    """A question log whose database is down for the first call."""

    def __init__(self) -> None:
        self.calls: list[float] = []
        self.third_call = threading.Event()

    def delete_older_than(self, days: float) -> int:
        self.calls.append(days)
        if len(self.calls) == 3:
            self.third_call.set()
        if len(self.calls) == 1:
            raise OSError("database is down")
        return 0


def test_the_background_task_repeats_and_survives_a_failure(caplog: pytest.LogCaptureFixture) -> None:
    log = _FlakyLog()

    async def run_a_while() -> None:
        task = asyncio.create_task(retention_loop(lambda: log, days=3, every_s=0.01))
        assert await asyncio.to_thread(log.third_call.wait, 10)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(asyncio.wait_for(run_a_while(), timeout=10))
    assert log.calls[:3] == [3, 3, 3]
    assert "Retention failed" in caplog.text
