"""Trainer and admin accounts: scrypt password hashes (stdlib, no native dependency), constant-time checks."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assistant.errors import AssistantError
from assistant.storage.database import Database
from assistant.storage.models import TRAINER_ROLES, TrainerAccount, utc_now

# OWASP's scrypt floor (N=2^17, r=8, p=1) costs 128 MiB a login; 2^15 keeps a login near 50 ms and 32 MiB.
_N, _R, _P = 2**15, 8, 1
_MAXMEM = 64 * 1024 * 1024
_USERNAME = re.compile(r"[A-Za-z0-9._@-]{2,64}")
MIN_PASSWORD_CHARS = 10


class AccountError(AssistantError):
    """A bad username, password or role when creating an account."""


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    username: str
    role: str
    cohort: str | None
    active: bool = True
    session_generation: int = 0  # goes into the session cookie; raised to end every session

    @property
    def sees_personal_data(self) -> bool:
        """Learners' names and ids are shown to admins only; trainers see pseudonyms."""
        return self.role == "admin"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode()


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, maxmem=_MAXMEM, dklen=32)
    return "$".join(["scrypt", str(_N), str(_R), str(_P), _b64(salt), _b64(digest)])


def verify_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        expected = base64.urlsafe_b64decode(digest)
        actual = hashlib.scrypt(
            password.encode(),
            salt=base64.urlsafe_b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=_MAXMEM,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


@cache
def _dummy_hash() -> str:
    """Checked for unknown usernames, so they cost as much as a wrong password (no user enumeration)."""
    return hash_password(secrets.token_urlsafe(16))


# Raised in SQL rather than read and written back, so two concurrent sign-outs never lose an increment.
_NEXT_GENERATION = TrainerAccount.session_generation + 1


class Accounts:
    """Create, list and authenticate console accounts."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def add(self, username: str, password: str, role: str, cohort: str | None = None) -> Account:
        if not _USERNAME.fullmatch(username):
            raise AccountError("username: 2-64 letters, digits or . _ @ -")
        if role not in TRAINER_ROLES:
            raise AccountError(f"role must be one of {sorted(TRAINER_ROLES)}")
        _check_password(password)
        with self._db.session() as session:
            if session.scalars(
                sa.select(TrainerAccount.id).where(TrainerAccount.username == username)
            ).first():
                raise AccountError(f"an account named {username!r} already exists")
            row = TrainerAccount(
                username=username,
                password_hash=hash_password(password),
                role=role,
                cohort=cohort or None,
                active=True,
                created_at=utc_now(),
            )
            session.add(row)
            session.flush()
            return _account(row)

    def authenticate(self, username: str, password: str) -> Account | None:
        """The account if the password is right and the account active; None otherwise (same cost)."""
        with self._db.session() as session:
            row = session.scalars(
                sa.select(TrainerAccount).where(TrainerAccount.username == username)
            ).first()
            stored = row.password_hash if row is not None else _dummy_hash()
            ok = verify_password(password, stored)
            return _account(row) if ok and row is not None and row.active else None

    def get(self, account_id: int) -> Account | None:
        with self._db.session() as session:
            row = session.get(TrainerAccount, account_id)
            return _account(row) if row is not None and row.active else None

    def named(self, username: str) -> Account:
        """The account of this name, active or not; `AccountError` if there is none."""
        with self._db.session() as session:
            return _account(_row_named(session, username))

    def for_session(self, account_id: int, generation: int) -> Account | None:
        """The active account whose sessions of this generation have not been ended (one primary-key read)."""
        account = self.get(account_id)
        return account if account is not None and account.session_generation == generation else None

    def list(self) -> list[Account]:
        with self._db.session() as session:
            rows = session.scalars(sa.select(TrainerAccount).order_by(TrainerAccount.username)).all()
            return [_account(r) for r in rows]

    def end_sessions(self, account_id: int) -> None:
        """Sign the account out everywhere: every session cookie issued so far is refused from now on."""
        with self._db.session() as session:
            session.execute(
                sa.update(TrainerAccount)
                .where(TrainerAccount.id == account_id)
                .values(session_generation=_NEXT_GENERATION)
            )

    def set_active(self, username: str, active: bool) -> Account:
        """Disable or re-enable an account; either way its existing sessions end."""
        return self._change(username, active=active)

    def set_password(self, username: str, password: str) -> Account:
        """Reset the password; the account's existing sessions end."""
        _check_password(password)
        return self._change(username, password_hash=hash_password(password))

    def _change(self, username: str, **values: object) -> Account:
        """Update one account and end its sessions in the same UPDATE."""
        with self._db.session() as session:
            row = _row_named(session, username)
            for name, value in values.items():
                setattr(row, name, value)
            row.session_generation = _NEXT_GENERATION
            session.flush()
            return _account(row)


def _row_named(session: Session, username: str) -> TrainerAccount:
    row = session.scalars(sa.select(TrainerAccount).where(TrainerAccount.username == username)).first()
    if row is None:
        raise AccountError(f"no account named {username!r} (see `assistant users list`)")
    return row


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"password: at least {MIN_PASSWORD_CHARS} characters")


def _account(row: TrainerAccount) -> Account:
    return Account(row.id, row.username, row.role, row.cohort, row.active, row.session_generation)
