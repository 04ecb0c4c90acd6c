from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant.storage import Database
from assistant.trainer.accounts import AccountError, Accounts, hash_password, verify_password
from assistant.trainer.audit import AuditLog


def test_password_hash_is_salted_scrypt_and_verifies() -> None:
    first, second = hash_password("a long password"), hash_password("a long password")
    assert first != second and first.startswith("scrypt$")
    assert verify_password("a long password", first)
    assert not verify_password("a long passwore", first)
    assert not verify_password("a long password", "garbage")


def test_accounts_add_authenticate_and_refuse_bad_input(database: Database) -> None:
    accounts = Accounts(database)
    made = accounts.add("amina", "a long password", "trainer", cohort="2026-A")
    assert (made.role, made.cohort, made.sees_personal_data) == ("trainer", "2026-A", False)
    assert accounts.authenticate("amina", "a long password") == made
    assert accounts.authenticate("amina", "wrong password!") is None
    assert accounts.authenticate("nobody", "a long password") is None
    assert accounts.add("root", "another long one", "admin").sees_personal_data
    with pytest.raises(AccountError, match="already exists"):
        accounts.add("amina", "a long password", "trainer")
    with pytest.raises(AccountError, match="role"):
        accounts.add("bilal", "a long password", "learner")
    with pytest.raises(AccountError, match="password"):
        accounts.add("bilal", "short", "trainer")
    assert [a.username for a in accounts.list()] == ["amina", "root"]


def test_audit_log_keeps_actions_newest_first(database: Database) -> None:
    audit = AuditLog(database)
    audit.record("amina", "login")
    audit.record("amina", "curated.approve", "curated/1", message="m1")
    entries = audit.recent()
    assert [e.action for e in entries] == ["curated.approve", "login"]
    assert entries[0].detail == {"message": "m1"} and entries[0].target == "curated/1"


def test_sign_out_password_reset_and_disabling_raise_the_session_generation(database: Database) -> None:
    accounts = Accounts(database)
    made = accounts.add("amina", "a long password", "trainer")
    assert made.session_generation == 0 and accounts.for_session(made.id, 0) == made
    accounts.end_sessions(made.id)
    assert accounts.for_session(made.id, 0) is None
    assert accounts.for_session(made.id, 1) == accounts.named("amina")
    reset = accounts.set_password("amina", "a new long password")
    assert reset.session_generation == 2 and accounts.for_session(made.id, 1) is None
    assert accounts.authenticate("amina", "a long password") is None
    assert accounts.authenticate("amina", "a new long password") == reset
    disabled = accounts.set_active("amina", False)
    assert (disabled.active, disabled.session_generation) == (False, 3)
    assert accounts.for_session(made.id, 3) is None  # disabled: no generation is valid
    assert accounts.authenticate("amina", "a new long password") is None
    enabled = accounts.set_active("amina", True)
    assert enabled.session_generation == 4 and accounts.for_session(made.id, 3) is None
    assert [(a.username, a.active) for a in accounts.list()] == [("amina", True)]


def test_account_changes_refuse_unknown_names_and_short_passwords(database: Database) -> None:
    accounts = Accounts(database)
    accounts.add("amina", "a long password", "trainer")
    for change in (
        lambda: accounts.named("nobody"),
        lambda: accounts.set_active("nobody", False),
        lambda: accounts.set_password("nobody", "a long password"),
    ):
        with pytest.raises(AccountError, match="no account named 'nobody'"):
            change()
    with pytest.raises(AccountError, match="password"):
        accounts.set_password("amina", "short")
    assert accounts.named("amina").session_generation == 0  # a refused change ends no session


def test_concurrent_sign_outs_never_lose_an_increment(database: Database) -> None:
    accounts = Accounts(database)
    made = accounts.add("amina", "a long password", "trainer")
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: accounts.end_sessions(made.id), range(20)))
    assert accounts.named("amina").session_generation == 20
