"""`assistant demo-data`: fake learners' questions asked through the real tutor, spread over the days asked
for, with feedback and exercise attempts; an empty database only, unless forced."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from assistant.cli import app
from assistant.services import Services
from assistant.storage.models import ExerciseAttempt, Feedback, Message, User, utc_now
from assistant.trainer.demo import DemoBank, DemoDataError, seed_demo

runner = CliRunner()


def test_the_demo_bank_is_valid_data() -> None:
    bank = DemoBank.load()
    assert {t.kind for t in bank.topics} == {"course", "gap"} and len(bank.cohorts) >= 3
    languages = {
        lang for t in bank.topics for q in t.questions for lang in ("en", "ur", "roman") if getattr(q, lang)
    }
    assert languages == {"en", "ur", "roman"}


def test_demo_data_fills_an_empty_log_through_the_tutor(indexed: Services) -> None:
    now = utc_now()
    report = seed_demo(
        indexed.database, indexed.tutor, indexed.exercises, learners=8, questions=40, days=20, now=now
    )
    assert (report.learners, report.questions) == (8, 40) and report.refused > 0 and report.attempts > 0
    with indexed.database.session() as session:
        times = session.scalars(sa.select(Message.created_at)).all()
        channels = set(session.scalars(sa.select(Message.channel)).all())
        cohorts = set(session.scalars(sa.select(User.cohort)).all())
        anonymous = session.scalars(sa.select(User.external_id).where(User.display_name.is_(None))).all()
        comments = session.scalars(sa.select(Feedback.comment).where(Feedback.rating == "down")).all()
        signals = session.scalars(
            sa.select(Message.p_answerable).where(Message.p_answerable.is_not(None))
        ).all()
        attempts = session.scalar(sa.select(sa.func.count()).select_from(ExerciseAttempt))
    assert len(times) == 40 and min(times) >= now - timedelta(days=21) and max(times) <= now
    assert max(times) - min(times) > timedelta(days=5)  # spread over the weeks, not all at once
    assert {"web", "telegram"} <= channels and len(cohorts - {None}) >= 2
    assert any(a.startswith("anon:") for a in anonymous)  # widget visitors who never signed in
    assert comments and all(comments) and signals and attempts == report.attempts

    with pytest.raises(DemoDataError, match="already holds"):
        seed_demo(indexed.database, indexed.tutor, indexed.exercises, questions=5)
    more = seed_demo(indexed.database, indexed.tutor, indexed.exercises, learners=3, questions=5, force=True)
    assert more.questions == 5


def test_the_command_needs_an_index_and_says_so(
    tmp_path: Path, model_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_MODEL_CACHE_DIR", str(model_cache))
    refused = runner.invoke(app, ["demo-data", "--questions", "5"])
    assert refused.exit_code == 1 and "assistant ingest knowledge" in str(refused.exception)
    shown = runner.invoke(app, ["demo-data", "--help"])
    assert shown.exit_code == 0 and "--force" in shown.output
