"""One-time invite codes that trainers issue to admit learners to a channel (Telegram) restricted to
invited learners. Only each code's SHA-256 is stored; a code is redeemed once, by one learner."""

from __future__ import annotations

import enum
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from assistant.storage.database import Database
from assistant.storage.models import CHANNELS, InviteCode, User, utc_now
from assistant.storage.repository import QuestionLog, _rowcount

# Crockford's base32 without I, L, O, U: nothing a learner can misread when typing a code from paper.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_GROUPS = 3
_GROUP_LEN = 4  # 12 symbols: 60 bits, far beyond guessing at the rate limit


class Redemption(enum.StrEnum):
    ADMITTED = "admitted"  # newly redeemed, or already redeemed by this very learner
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"  # redeemed by someone else


@dataclass(frozen=True, slots=True)
class RedeemResult:
    outcome: Redemption
    cohort: str | None = None


def normalize(code: str) -> str:
    """The code as stored before hashing: upper case, separators and spaces removed."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(normalize(code).encode()).hexdigest()


def new_code() -> str:
    """A random code like 'K7M2-QX9P-4TRD' (also valid as a Telegram /start deep-link parameter)."""
    groups = ("".join(secrets.choice(_ALPHABET) for _ in range(_GROUP_LEN)) for _ in range(_GROUPS))
    return "-".join(groups)


class InviteStore:
    """Issues and redeems invite codes; tells whether a learner was admitted by one."""

    def __init__(self, database: Database, log: QuestionLog, clock: Callable[[], datetime] = utc_now) -> None:
        self._db = database
        self._log = log
        self._clock = clock

    def create(
        self,
        count: int = 1,
        *,
        channel: str = "telegram",
        cohort: str | None = None,
        days: float | None = None,
        created_by: str | None = None,
    ) -> list[str]:
        """`count` new codes (returned once, in clear; only their hashes are kept)."""
        if channel not in CHANNELS:
            raise ValueError(f"channel must be one of {sorted(CHANNELS)}")
        if not 1 <= count <= 1000:
            raise ValueError("count must be between 1 and 1000")
        if days is not None and days <= 0:
            raise ValueError("days must be positive")
        now = self._clock()
        expires = now + timedelta(days=days) if days is not None else None
        codes = [new_code() for _ in range(count)]
        with self._db.session() as session:
            for code in codes:
                session.add(
                    InviteCode(
                        code_hash=code_hash(code),
                        channel=channel,
                        cohort=cohort,
                        created_by=created_by,
                        created_at=now,
                        expires_at=expires,
                    )
                )
        return codes

    def redeem(self, code: str, channel: str, external_id: str) -> RedeemResult:
        """Admit the learner with this code, once; the invite's cohort becomes the learner's cohort."""
        digest = code_hash(code)
        with self._db.session() as session:
            invite = session.get(InviteCode, digest)
            if invite is None or invite.channel != channel:
                return RedeemResult(Redemption.UNKNOWN)
            cohort = invite.cohort
            used_by, used_at, expires_at = invite.used_by, invite.used_at, invite.expires_at
        user_id = self._log.get_or_create_user(channel, external_id, cohort=cohort)
        if used_by == user_id:
            return RedeemResult(Redemption.ADMITTED, cohort)
        if used_at is not None:  # by someone else, or by a learner since erased: one time means once
            return RedeemResult(Redemption.USED)
        now = self._clock()
        if expires_at is not None and expires_at <= now:
            return RedeemResult(Redemption.EXPIRED)
        claim = (
            sa.update(InviteCode)
            .where(InviteCode.code_hash == digest, InviteCode.used_at.is_(None))
            .values(used_by=user_id, used_at=now)
        )
        with self._db.session() as session:
            claimed = _rowcount(session.execute(claim, execution_options={"synchronize_session": False}))
        return RedeemResult(Redemption.ADMITTED, cohort) if claimed else RedeemResult(Redemption.USED)

    def is_admitted(self, channel: str, external_id: str) -> bool:
        """Whether this learner redeemed an invite on this channel (erasing the learner revokes it)."""
        query = (
            sa.select(InviteCode.code_hash)
            .join(User, User.id == InviteCode.used_by)
            .where(User.channel == channel, User.external_id == external_id, InviteCode.channel == channel)
            .limit(1)
        )
        with self._db.session() as session:
            return session.scalars(query).first() is not None
