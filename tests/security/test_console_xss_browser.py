"""XSS against the trainer console in headless Chromium: script payloads arrive through the real routes
as learners' questions (`/v1/chat`, the widget), feedback comments (`/v1/feedback`), a display name and a
cohort (the portal's signed token), a trainer's curated answer and a failed sign-in's username. An admin,
who sees names, then opens every view that shows them: nothing runs, no dialog opens, the page never even
tries an inline script (no CSP violation), and every payload reads back as literal text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, expect
from pydantic import SecretStr

from assistant.api.app import create_app
from assistant.config import Settings
from assistant.embeddings import MiniLMEncoder
from assistant.services import Services
from tests.helpers.live_server import LiveServer
from tests.helpers.portal import portal_token, rate, widget_ask, widget_attempt

pytestmark = pytest.mark.browser
WIDGET_SECRET = "test-portal-widget-secret-8e2d4b6a0c1f"
PASSWORD = "a long trainer password"
SCRIPT = "<script>window.__pwned=1</script> how do I apply for casual leave?"
IMG = '<img src=x onerror="window.__pwned=1"> what is the leave encashment rule?'
LINK = '[open](javascript:window.__pwned=1) <a href="javascript:window.__pwned=1">the policy</a> on travel?'
DIALOG = "<svg/onload=alert('xss')> what is the visa fee?"
QUESTIONS = [SCRIPT, IMG, LINK, DIALOG]
NAME = '<img src=x onerror="window.__pwned=1">Zara'
COHORT = "<svg onload=alert('cohort')>2026"
COMMENT = "<iframe src=\"javascript:alert('comment')\"></iframe> wrong"
CURATED_Q = "<b onmouseover=alert('q')>Who signs a leave application?</b>"
CURATED_A = "<script>window.__pwned=1</script><img src=x onerror=alert('a')> Your section officer."
LOGIN_NAME = "<img src=x onerror=alert('login')>"
# Inline script or handlers anywhere in the console's own DOM would mean some view parsed text as HTML.
LIVE_MARKUP = (
    "#app script, #app iframe, #app [onerror], #app [onload], #app [onmouseover], a[href^='javascript:']"
)
WATCH_CSP = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective));"
)


@dataclass
class Console:
    url: str
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, encoder: MiniLMEncoder, model_cache: Path
) -> Iterator[str]:
    """The app on a loopback port, its log seeded with payloads through the real routes."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=tmp_path_factory.mktemp("console-xss") / "data",
        model_cache_dir=model_cache,
        widget_secret=SecretStr(WIDGET_SECRET),
        rate_limit_per_minute=1000,
    )
    services = Services(settings, encoder=encoder)
    accounts = services.console.accounts
    accounts.add("admin-xss", PASSWORD, "admin")
    accounts.add("trainer-xss", PASSWORD, "trainer")
    with LiveServer(create_app(settings, services)) as server, httpx.Client(base_url=server.url) as http:
        token = portal_token(WIDGET_SECRET, "EMP-XSS-1", NAME, COHORT)
        asked = [widget_ask(http, token, SCRIPT)["message_id"]]
        for question in QUESTIONS[1:]:
            reply = http.post("/v1/chat", json={"message": question, "user_id": "api-xss-learner"})
            asked.append(reply.json()["message_id"])
        for message_id in asked:
            rate(http, message_id, "down", COMMENT)
        widget_attempt(http, token, "Reply politely to the citizen about the water supply schedule.")
        own = {"Origin": server.url}
        login = http.post(
            "/trainer/api/login", json={"username": "admin-xss", "password": PASSWORD}, headers=own
        )
        curated = {"question": CURATED_Q, "answer": CURATED_A}
        headers = {**own, "X-CSRF-Token": login.json()["csrf"]}
        assert http.post("/trainer/api/curated", json=curated, headers=headers).status_code == 201
        http.cookies.clear()
        answer = http.post("/v1/chat", json={"message": CURATED_Q, "user_id": "api-xss-learner"}).json()
        assert answer["answerer"] == "curated" and answer["answer"] == CURATED_A
        failed = {"username": LOGIN_NAME, "password": "wrong password"}
        assert http.post("/trainer/api/login", json=failed, headers=own).status_code == 401
        yield server.url
    services.close()


@pytest.fixture
def console(browser: BrowserContext, site: str) -> Iterator[tuple[Page, Console]]:  # noqa: F811
    """A fresh, signed-out page that records dialogs and CSP violations."""
    browser.clear_cookies()
    page = browser.new_page()
    state = Console(site)

    def on_dialog(dialog: object) -> None:
        state.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", on_dialog)
    page.add_init_script(WATCH_CSP)
    yield page, state
    page.close()


def sign_in(page: Page, console: Console, username: str) -> None:
    page.goto(console.url + "/trainer")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("table.log tbody tr").first).to_be_visible()


def assert_inert(page: Page, console: Console, view: str) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined", view
    assert console.dialogs == [], view
    assert page.evaluate("window.__csp") == [], view  # no view even tried to run inline markup
    assert page.locator(LIVE_MARKUP).count() == 0, view


def texts(page: Page, selector: str) -> list[str]:
    return [t.strip() for t in page.locator(selector).all_text_contents()]


def open_tab(page: Page, name: str, ready: str) -> None:
    page.get_by_role("tab", name=name).click()
    expect(page.locator(ready).first).to_be_visible()


def test_payloads_stay_text_in_every_console_view(console: tuple[Page, Console]) -> None:
    page, state = console
    sign_in(page, state, "admin-xss")
    assert page.evaluate("Array.isArray(window.__csp)")  # the violation watcher is in place
    questions = texts(page, "table.log td.question")
    assert set(QUESTIONS) | {CURATED_Q} <= set(questions)
    cells = texts(page, "table.log tbody td")
    assert NAME in cells and COHORT in cells
    assert any(COMMENT in c for c in cells)
    assert COHORT in texts(page, "#f-cohort option")
    assert_inert(page, state, "question log")

    page.locator("table.log tbody tr", has_text="casual leave").get_by_role("button", name="View").click()
    expect(page.locator(".conversation .q").first).to_have_text(SCRIPT)
    expect(page.locator(".conversation .turn .muted").first).to_contain_text(NAME)
    page.get_by_role("button", name="Write curated answer").first.click()
    expect(page.locator("#curated-question")).to_have_value(SCRIPT)
    assert_inert(page, state, "conversation and editor")

    page.locator("table.log tbody tr", has_text="Who signs a leave").get_by_role(
        "button", name="View"
    ).click()
    expect(page.locator(".conversation .a").first).to_have_text(CURATED_A)
    page.get_by_role("button", name="Write curated answer").first.click()
    expect(page.locator("#curated-question")).to_have_value(CURATED_Q)
    expect(page.locator("#curated-answer")).to_have_value(CURATED_A)
    assert_inert(page, state, "curated answer in a conversation")

    open_tab(page, "Unanswered & disliked", "table.log tbody tr")
    assert set(QUESTIONS) <= set(texts(page, "table.log td.question"))
    page.locator("table.log tbody tr", has_text="encashment").get_by_role(
        "button", name="Write answer"
    ).click()
    expect(page.locator("#curated-question")).to_have_value(IMG)
    assert_inert(page, state, "queue and editor")

    open_tab(page, "Curated answers", ".panel .a")
    assert CURATED_A in texts(page, ".panel .a") and CURATED_Q in texts(page, ".panel .q")
    assert_inert(page, state, "curated answers")

    open_tab(page, "Exercise progress", "table tbody tr")
    cells = texts(page, "table tbody td")
    assert NAME in cells and COHORT in cells
    assert_inert(page, state, "progress")

    open_tab(page, "Knowledge gaps", ".card li")
    assert set(QUESTIONS) <= set(texts(page, ".card li"))
    assert_inert(page, state, "gaps")

    open_tab(page, "Audit log", "table tbody tr")
    assert LOGIN_NAME in texts(page, "table tbody td")
    assert_inert(page, state, "audit log")


def test_a_trainer_sees_the_payloads_as_text_and_no_names(console: tuple[Page, Console]) -> None:
    page, state = console
    sign_in(page, state, "trainer-xss")
    assert set(QUESTIONS) <= set(texts(page, "table.log td.question"))
    learners = texts(page, "table.log tbody td:nth-child(3)")
    assert learners and all(name.startswith("learner #") for name in learners)
    assert NAME not in page.content()
    assert_inert(page, state, "trainer's question log")


def test_the_payloads_and_the_watchers_are_live(console: tuple[Page, Console]) -> None:
    """Positive controls: rendered as HTML these payloads do run and do open dialogs, and on the console
    page the CSP watcher sees an injected handler (which the CSP then blocks)."""
    page, state = console
    with page.expect_event("dialog"):
        page.set_content(f"<div>{IMG}{DIALOG}</div>")
    page.wait_for_function("window.__pwned === 1")
    assert state.dialogs == ["xss"]
    state.dialogs.clear()
    sign_in(page, state, "trainer-xss")
    page.evaluate("html => document.getElementById('app').insertAdjacentHTML('beforeend', html)", IMG)
    page.wait_for_function("window.__csp.length > 0")
    assert page.evaluate("typeof window.__pwned") == "undefined"  # the CSP held
    assert page.locator(LIVE_MARKUP).count() == 1  # and the markup check sees injected markup
