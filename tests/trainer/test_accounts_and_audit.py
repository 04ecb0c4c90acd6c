from __future__ import annotations

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
