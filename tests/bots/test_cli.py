"""`assistant bot` and `assistant invite create`, through Typer's CliRunner."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import Settings
from assistant.storage import Database
from assistant.storage.invites import code_hash
from assistant.storage.models import InviteCode

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, model_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_MODEL_CACHE_DIR", str(model_cache))
    monkeypatch.delenv("ASSISTANT_TELEGRAM_TOKEN", raising=False)
    return tmp_path / "data"


def test_invite_create_prints_codes_and_stores_hashes(env: Path) -> None:
    result = runner.invoke(app, ["invite", "create", "--cohort", "batch-7", "--count", "3", "--days", "14"])
    assert result.exit_code == 0, result.output
    codes = result.output.split()
    assert len(codes) == 3 and all(re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", c) for c in codes)
    database = Database(Settings(_env_file=None, data_dir=env).question_log_url)  # type: ignore[call-arg]
    with database.session() as session:
        rows = session.scalars(sa.select(InviteCode)).all()
    database.dispose()
    assert {r.code_hash for r in rows} == {code_hash(c) for c in codes}
    assert all(r.cohort == "batch-7" and r.expires_at is not None for r in rows)


def test_bot_without_a_token_is_a_clear_error(env: Path) -> None:
    result = runner.invoke(app, ["bot"])
    assert result.exit_code == 1
    assert "ASSISTANT_TELEGRAM_TOKEN is not set" in str(result.exception)
