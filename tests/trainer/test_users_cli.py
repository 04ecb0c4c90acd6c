"""`assistant users add|list|disable|enable|passwd` through Typer's CliRunner, on a real SQLite database:
the password is never echoed or stored, and disabling or resetting ends a signed-in trainer's session at
once (the console is served from the same database)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assistant.api.app import create_app
from assistant.cli import app, main
from assistant.config import Settings
from assistant.embeddings import MiniLMEncoder
from assistant.services import Services
from assistant.storage import Database
from assistant.trainer.accounts import AccountError, Accounts

runner = CliRunner()
PASSWORD = "a long trainer password"


@pytest.fixture
def data_dir(tmp_path: Path, model_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The CLI's data dir (from the environment, as in production)."""
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_MODEL_CACHE_DIR", str(model_cache))
    return tmp_path / "data"


@pytest.fixture
def console(data_dir: Path, model_cache: Path, encoder: MiniLMEncoder) -> Iterator[TestClient]:
    """The app on the CLI's database, as a browser on the console's host would reach it."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=data_dir, model_cache_dir=model_cache, rate_limit_per_minute=1000
    )
    services = Services(settings, encoder=encoder)
    with TestClient(create_app(settings, services), base_url="https://console.example") as client:
        yield client
    services.close()


def _sign_in(console: TestClient, password: str = PASSWORD) -> dict[str, str] | None:
    """A new browser's session cookie, or None if sign-in is refused."""
    return _session_of(console, "amina", password)


def _session_of(console: TestClient, username: str, password: str) -> dict[str, str] | None:
    reply = console.post("/trainer/api/login", json={"username": username, "password": password})
    console.cookies.clear()  # each session is sent explicitly, like separate browsers
    return {"Cookie": reply.headers["set-cookie"].split(";")[0]} if reply.status_code == 200 else None


def _signed_in(console: TestClient, session: dict[str, str]) -> bool:
    reply = console.get("/trainer/api/me", headers=session)
    assert reply.status_code in (200, 401), reply.text
    return reply.status_code == 200


def test_users_add_and_list(data_dir: Path) -> None:
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
        ["amina", "trainer", "2026-A", "active"],
        ["root", "admin", "-", "active"],
    ]
    settings = Settings(_env_file=None, data_dir=data_dir)  # type: ignore[call-arg]
    database = Database(settings.question_log_url)
    assert Accounts(database).authenticate("amina", "a long trainer password") is not None
    database.dispose()


def test_disable_enable_and_passwd_end_the_sessions_at_once(console: TestClient) -> None:
    added = runner.invoke(app, ["users", "add", "amina", "--role", "trainer", "--password-stdin"], PASSWORD)
    assert added.exit_code == 0, added.output
    session = _sign_in(console)
    assert session is not None and _signed_in(console, session)

    disabled = runner.invoke(app, ["users", "disable", "amina"])
    assert disabled.exit_code == 0, disabled.output
    assert "Disabled trainer 'amina'" in disabled.output
    assert not _signed_in(console, session)  # the open session, at once
    assert _sign_in(console) is None
    assert runner.invoke(app, ["users", "list"]).output.split() == ["amina", "trainer", "-", "disabled"]

    enabled = runner.invoke(app, ["users", "enable", "amina"])
    assert enabled.exit_code == 0 and "Enabled trainer 'amina'" in enabled.output
    assert not _signed_in(console, session)  # sessions from before stay ended
    session = _sign_in(console)
    assert session is not None and _signed_in(console, session)

    new_password = "a brand new trainer password"
    reset = runner.invoke(app, ["users", "passwd", "amina", "--password-stdin"], new_password + "\n")
    assert reset.exit_code == 0, reset.output
    assert "New password set for 'amina'" in reset.output and new_password not in reset.output
    assert not _signed_in(console, session)
    assert _sign_in(console) is None  # the old password
    session = _sign_in(console, new_password)
    assert session is not None and _signed_in(console, session)

    prompted = runner.invoke(app, ["users", "passwd", "amina"], input="third password!\nthird password!\n")
    assert prompted.exit_code == 0 and "third password!" not in prompted.output
    assert not _signed_in(console, session)
    assert _sign_in(console, "third password!") is not None

    admin = runner.invoke(app, ["users", "add", "root", "--role", "admin", "--password-stdin"], PASSWORD)
    assert admin.exit_code == 0
    admin_session = _session_of(console, "root", PASSWORD)
    assert admin_session is not None
    audit = console.get("/trainer/api/audit", headers=admin_session).json()["entries"]
    trail = [(e["actor"], e["action"], e["target"]) for e in audit if e["action"].startswith("account.")]
    assert trail == [
        ("cli", "account.add", "root"),
        ("cli", "account.password", "amina"),
        ("cli", "account.password", "amina"),
        ("cli", "account.enable", "amina"),
        ("cli", "account.disable", "amina"),
        ("cli", "account.add", "amina"),
    ]


def test_unknown_names_and_short_passwords_are_refused_without_a_change(data_dir: Path) -> None:
    assert runner.invoke(app, ["users", "add", "amina", "--role", "trainer", "--password-stdin"], PASSWORD)
    for command in (["disable", "nobody"], ["enable", "nobody"], ["passwd", "nobody"]):
        refused = runner.invoke(app, ["users", *command])  # no input: passwd must not ask for a password
        assert refused.exit_code == 1, (command, refused.output)
        assert isinstance(refused.exception, AccountError), (command, refused.exception)
        assert "no account named 'nobody'" in str(refused.exception)
    short = runner.invoke(app, ["users", "passwd", "amina", "--password-stdin"], "short\n")
    assert isinstance(short.exception, AccountError) and "at least 10 characters" in str(short.exception)
    database = Database(Settings(_env_file=None, data_dir=data_dir).question_log_url)  # type: ignore[call-arg]
    account = Accounts(database).named("amina")
    assert account.session_generation == 0 and Accounts(database).authenticate("amina", PASSWORD)
    database.dispose()


def test_the_entry_point_prints_one_error_line_for_an_unknown_name(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["assistant", "users", "disable", "nobody"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    stderr = capsys.readouterr().err
    assert stderr.startswith("error: no account named 'nobody'") and "Traceback" not in stderr


@pytest.mark.parametrize("command", ["add", "list", "disable", "enable", "passwd"])
def test_every_users_command_has_help(command: str) -> None:
    shown = runner.invoke(app, ["users", command, "--help"])
    assert shown.exit_code == 0 and "Usage" in shown.output
