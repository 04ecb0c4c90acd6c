"""Console sessions: a signed, HttpOnly, SameSite=Strict cookie scoped to /trainer, and a CSRF token
derived from the session that every state-changing call must send in `X-CSRF-Token` (plus an Origin
check). Cookies are `Secure` unless the console is reached over plain http on the loopback interface
(development); over plain http elsewhere, with `cookie_secure` on, login is refused with a clear message
rather than issuing a cookie the browser would drop. The cookie carries the account's session generation:
signing out (everywhere), a password reset or disabling the account raises it, and older cookies are
refused on the account lookup every request already makes."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import time
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Response

from assistant.api.deps import get_accounts
from assistant.api.signing import sign, unsign
from assistant.config import Settings
from assistant.trainer.accounts import Account

COOKIE = "ustad_console"
COOKIE_PATH = "/trainer"
CSRF_HEADER = "x-csrf-token"


def _secret(request: Request) -> bytes:
    """The settings' session secret, else one random secret for this process."""
    state = request.app.state
    if getattr(state, "console_secret", None) is None:
        configured = state.settings.session_secret
        state.console_secret = (
            configured.get_secret_value().encode() if configured else secrets.token_bytes(32)
        )
    secret: bytes = state.console_secret
    return secret


def _is_loopback(host: str) -> bool:
    name = host.rsplit(":", 1)[0].strip("[]") if host.count(":") <= 1 or host.startswith("[") else host
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def cookie_secure(request: Request) -> bool:
    """Whether the session cookie gets `Secure`; raises 400 when a secure cookie cannot work here."""
    settings: Settings = request.app.state.settings
    if request.url.scheme == "https":
        return True
    if _is_loopback(request.headers.get("host", "")):
        return False
    if settings.cookie_secure:
        raise HTTPException(
            400,
            "The trainer console needs HTTPS. Serve it behind TLS (uvicorn --proxy-headers behind a proxy), "
            "or set ASSISTANT_COOKIE_SECURE=false on a closed network.",
        )
    return False


def csrf_for(request: Request, nonce: str) -> str:
    return hmac.new(_secret(request), f"csrf:{nonce}".encode(), hashlib.sha256).hexdigest()


def start_session(request: Request, response: Response, account: Account) -> str:
    """Set the session cookie; returns the CSRF token the page must send back."""
    settings: Settings = request.app.state.settings
    max_age = int(settings.session_hours * 3600)
    nonce = secrets.token_urlsafe(16)
    claims = {"a": account.id, "g": account.session_generation, "n": nonce, "exp": int(time.time()) + max_age}
    value = sign(claims, _secret(request))
    response.set_cookie(
        COOKIE,
        value,
        max_age=max_age,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=cookie_secure(request),
    )
    return csrf_for(request, nonce)


def end_session(request: Request, response: Response, account: Account) -> None:
    """Sign out: the browser drops the cookie, and every cookie of this account (copies, other browsers)
    is refused from now on."""
    get_accounts(request).end_sessions(account.id)
    response.delete_cookie(COOKIE, path=COOKIE_PATH, httponly=True, samesite="strict")


def _session(request: Request) -> tuple[Account, str] | None:
    """The account and nonce of a valid session cookie; read once per request (one primary-key lookup)."""
    if "console_session" not in request.scope:
        request.scope["console_session"] = _read_session(request)
    found: tuple[Account, str] | None = request.scope["console_session"]
    return found


def _read_session(request: Request) -> tuple[Account, str] | None:
    value = request.cookies.get(COOKIE)
    payload = unsign(value, _secret(request)) if value else None
    if payload is None or not isinstance(payload.get("exp"), int) or payload["exp"] < time.time():
        return None
    if not isinstance(payload.get("a"), int) or not isinstance(payload.get("g"), int):
        return None  # no generation: issued before sessions could be revoked
    account = get_accounts(request).for_session(payload["a"], payload["g"])
    return (account, str(payload["n"])) if account is not None else None


def current_account(request: Request) -> Account:
    """The signed-in trainer or admin; 401 otherwise. State-changing methods also need the CSRF token
    and, when the browser sends one, this app's own Origin."""
    found = _session(request)
    if found is None:
        raise HTTPException(401, "Please sign in.")
    account, nonce = found
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        check_same_origin(request)
        given = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(given.encode(), csrf_for(request, nonce).encode()):
            raise HTTPException(403, "Missing or wrong CSRF token; reload the page.")
    return account


def session_csrf(request: Request) -> str | None:
    found = _session(request)
    return csrf_for(request, found[1]) if found else None


def check_same_origin(request: Request) -> None:
    origin = request.headers.get("origin")
    own = f"{request.url.scheme}://{request.headers.get('host', '')}"
    if origin is not None and origin.lower() != own.lower():
        raise HTTPException(403, "Cross-site requests to the console are refused.")


def require_admin(account: Annotated[Account, Depends(current_account)]) -> Account:
    if account.role != "admin":
        raise HTTPException(403, "Only administrators can see this.")
    return account


ConsoleUser = Annotated[Account, Depends(current_account)]
AdminUser = Annotated[Account, Depends(require_admin)]
