"""`assistant users add|list` through Typer's CliRunner: the password is never echoed or stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import Settings
from assistant.storage import Database
from assistant.trainer.accounts import Accounts

runner = CliRunner()


def test_users_add_and_list(tmp_path: Path, model_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_MODEL_CACHE_DIR", str(model_cache))
    added = runner.invoke(
        app,
        ["users", "add", "amina", "--role", "trainer", "--cohort", "2026-A", "--password-stdin"],
        input="a long trainer password\n",
    )
    assert added.exit_code == 0, added.output
    assert "a long trainer password" not in added.output
    prompted = runner.invoke(
        app, ["users", "add", "root", "--role", "admin"], input="another long one\nanother long one\n"
    )
    assert prompted.exit_code == 0 and "another long one" not in prompted.output
    listed = runner.invoke(app, ["users", "list"])
    assert [line.split() for line in listed.output.splitlines()] == [
        ["amina", "trainer", "2026-A"],
        ["root", "admin", "-"],
    ]
    settings = Settings(_env_file=None, data_dir=tmp_path / "data")  # type: ignore[call-arg]
    database = Database(settings.question_log_url)
    assert Accounts(database).authenticate("amina", "a long trainer password") is not None
    database.dispose()
