"""Invite codes: issued as hashes, redeemed once, expiring, revoked with the learner; on both backends."""

from __future__ import annotations

import sqlalchemy as sa

from assistant.storage import Database, QuestionLog
from assistant.storage.invites import InviteStore, Redemption, code_hash, normalize
from assistant.storage.models import InviteCode, User
from tests.storage.conftest import Clock


def _store(database: Database, log: QuestionLog, clock: Clock) -> InviteStore:
    return InviteStore(database, log, clock=clock)


def test_only_hashes_are_stored(database: Database, log: QuestionLog, clock: Clock) -> None:
    codes = _store(database, log, clock).create(3, cohort="batch-7", created_by="trainer")
    assert len(set(codes)) == 3
    with database.session() as session:
        rows = session.scalars(sa.select(InviteCode)).all()
    assert {r.code_hash for r in rows} == {code_hash(c) for c in codes}
    assert all(r.cohort == "batch-7" and r.used_by is None for r in rows)
    assert not any(normalize(c) in r.code_hash.upper() for c in codes for r in rows)


def test_a_code_admits_one_learner_once(database: Database, log: QuestionLog, clock: Clock) -> None:
    store = _store(database, log, clock)
    (code,) = store.create(cohort="batch-7")
    assert not store.is_admitted("telegram", "111")
    assert store.redeem(code.lower().replace("-", " "), "telegram", "111").outcome is Redemption.ADMITTED
    assert store.is_admitted("telegram", "111")
    assert store.redeem(code, "telegram", "111").outcome is Redemption.ADMITTED  # again: idempotent
    assert store.redeem(code, "telegram", "222").outcome is Redemption.USED
    assert not store.is_admitted("telegram", "222")
    with database.session() as session:
        cohort = session.scalars(sa.select(User.cohort).where(User.external_id == "111")).one()
    assert cohort == "batch-7"


def test_unknown_wrong_channel_and_expired_codes(database: Database, log: QuestionLog, clock: Clock) -> None:
    store = _store(database, log, clock)
    assert store.redeem("NOPE-NOPE-NOPE", "telegram", "1").outcome is Redemption.UNKNOWN
    (web_code,) = store.create(channel="web")
    assert store.redeem(web_code, "telegram", "1").outcome is Redemption.UNKNOWN
    (code,) = store.create(days=2)
    clock.advance(days=3)
    assert store.redeem(code, "telegram", "1").outcome is Redemption.EXPIRED
    assert not store.is_admitted("telegram", "1")


def test_forgetting_the_learner_revokes_admission(database: Database, log: QuestionLog, clock: Clock) -> None:
    store = _store(database, log, clock)
    (code,) = store.create()
    store.redeem(code, "telegram", "111")
    log.forget_user("telegram", "111")
    assert not store.is_admitted("telegram", "111")
    assert store.redeem(code, "telegram", "111").outcome is Redemption.USED  # one time, even after erasure
