"""HMAC-SHA256 signed tokens: the training portal's learner tokens (JWT HS256, the portal signs) and the
console's session cookies (we sign). No third-party JWT library: HS256 is twenty lines, and accepting
only HS256 rules out the `alg: none` and key-confusion attacks by construction."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any

from assistant.errors import AssistantError

CLOCK_SKEW_S = 60
MAX_PORTAL_TOKEN_S = 24 * 3600


class InvalidTokenError(AssistantError):
    """A token that is malformed, forged, expired or not HS256."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode_jwt(claims: dict[str, Any], secret: str) -> str:
    """An HS256 JWT (what the portal does; used by the demo page and the tests)."""
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    body = _b64(json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode())
    signature = hmac.new(secret.encode(), f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{_b64(signature)}"


def decode_jwt(token: str, secret: str, now: float | None = None) -> dict[str, Any]:
    """The claims of a valid HS256 JWT with a future `exp`; raises `InvalidTokenError` otherwise."""
    now = time.time() if now is None else now
    try:
        header_b64, body_b64, signature_b64 = token.split(".")
        header = json.loads(_unb64(header_b64))
        expected = hmac.new(secret.encode(), f"{header_b64}.{body_b64}".encode(), hashlib.sha256).digest()
        if header.get("alg") != "HS256" or not hmac.compare_digest(expected, _unb64(signature_b64)):
            raise InvalidTokenError("The learner token's signature is not valid.")
        claims = json.loads(_unb64(body_b64))
    except (ValueError, TypeError, AttributeError) as exc:
        raise InvalidTokenError("The learner token is malformed.") from exc
    if not isinstance(claims, dict):
        raise InvalidTokenError("The learner token is malformed.")
    exp = claims.get("exp")
    if not isinstance(exp, int | float) or exp + CLOCK_SKEW_S < now:
        raise InvalidTokenError("The learner token has expired; reload the page.")
    if exp - now > MAX_PORTAL_TOKEN_S:
        raise InvalidTokenError("The learner token lives too long (at most a day).")
    return claims


@dataclass(frozen=True, slots=True)
class PortalLearner:
    """Who the portal says the learner is."""

    id: str
    name: str | None
    cohort: str | None


ANONYMOUS_PREFIX = "anon:"  # the widget's ids for browsers without a portal token


def portal_learner(token: str, secret: str, now: float | None = None) -> PortalLearner:
    claims = decode_jwt(token, secret, now)
    sub = claims.get("sub")
    if not isinstance(sub, str) or not 0 < len(sub) <= 120:
        raise InvalidTokenError("The learner token has no learner id (sub).")
    if sub.startswith(ANONYMOUS_PREFIX):  # else a portal could speak as an anonymous browser's learner
        raise InvalidTokenError(f"A learner id (sub) may not start with '{ANONYMOUS_PREFIX}'.")
    name, cohort = claims.get("name"), claims.get("cohort")
    return PortalLearner(
        sub,
        str(name)[:255] if isinstance(name, str) and name else None,
        str(cohort)[:100] if isinstance(cohort, str) and cohort else None,
    )


def sign(payload: dict[str, Any], secret: bytes) -> str:
    """A compact signed value for cookies: base64(json).base64(hmac)."""
    body = _b64(json.dumps(payload, separators=(",", ":")).encode())
    return f"{body}.{_b64(hmac.new(secret, body.encode(), hashlib.sha256).digest())}"


def unsign(value: str, secret: bytes) -> dict[str, Any] | None:
    """The payload of a value `sign` made with `secret`, or None."""
    body, _, signature = value.partition(".")
    try:
        expected = hmac.new(secret, body.encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _unb64(signature)):
            return None
        payload = json.loads(_unb64(body))
    except (ValueError, TypeError):
        return None
    return payload if isinstance(payload, dict) else None
