"""The trainer console's HTTP side: sign-in, cookies, CSRF, roles, personal data, CSV and XSS."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from assistant.answering.pipeline import ChatRequest
from assistant.services import Services
from tests.api.conftest import MakeClient

PASSWORD = "a long trainer password"


def _signed_in(
    make_client: MakeClient, services: Services, role: str = "trainer", **kw: object
) -> tuple[TestClient, str]:
    services.console.accounts.add(f"{role}1", PASSWORD, role, **kw)  # type: ignore[arg-type]
    client = make_client()
    client.base_url = client.base_url.copy_with(scheme="https", host="console.example", port=None)
    reply = client.post("/trainer/api/login", json={"username": f"{role}1", "password": PASSWORD})
    assert reply.status_code == 200, reply.text
    return client, reply.json()["csrf"]


def _seed(services: Services) -> None:
    log = services.question_log
    uid = log.get_or_create_user("web", "emp-7", "Sana Khan", "2026-A")
    other = log.get_or_create_user("telegram", "99", "Bilal", "2026-B")
    s1 = log.get_or_create_session(None, uid, "web")
    s2 = log.get_or_create_session(None, other, "telegram")
    log.log_message(
        s1, uid, "web", "<script>alert(1)</script> what is RAG?", "RAG is...", [], False, "extractive", 5
    )
    refused = log.log_message(
        s1, uid, "web", '=HYPERLINK("x") visa fee?', "Not found", [], True, "extractive", 5
    )
    log.log_message(s2, other, "telegram", "What is a prompt?", "A prompt is...", [], False, "extractive", 5)
    log.add_feedback(refused, "down")


def test_login_sets_a_hardened_cookie_and_wrong_passwords_fail(
    make_client: MakeClient, services: Services
) -> None:
    client, _ = _signed_in(make_client, services)
    cookie = client.cookies.jar
    assert any(c.name == "ustad_console" and c.secure and c.path == "/trainer" for c in cookie)
    stranger = make_client()
    stranger.base_url = stranger.base_url.copy_with(scheme="https")
    assert (
        stranger.post("/trainer/api/login", json={"username": "trainer1", "password": "nope"}).status_code
        == 401
    )
    assert stranger.get("/trainer/api/messages").status_code == 401
    plain = (
        make_client()
    )  # plain http on a non-loopback host: refused rather than a cookie that never comes back
    assert (
        plain.post("/trainer/api/login", json={"username": "trainer1", "password": PASSWORD}).status_code
        == 400
    )


def test_writes_need_the_csrf_token_and_same_origin(make_client: MakeClient, services: Services) -> None:
    client, csrf = _signed_in(make_client, services)
    body = {"question": "What is RAG?", "answer": "Retrieval-augmented generation."}
    assert client.post("/trainer/api/curated", json=body).status_code == 403
    evil = {"X-CSRF-Token": csrf, "Origin": "https://evil.example"}
    assert client.post("/trainer/api/curated", json=body, headers=evil).status_code == 403
    assert client.post("/trainer/api/curated", json=body, headers={"X-CSRF-Token": csrf}).status_code == 201
    actions = [e.action for e in services.console.audit.recent()]
    assert actions[:2] == ["curated.approve", "login"]


def test_trainers_see_pseudonyms_admins_see_names_and_cohort_scope_applies(
    make_client: MakeClient, services: Services
) -> None:
    _seed(services)
    trainer, _ = _signed_in(make_client, services, "trainer", cohort="2026-A")
    rows = trainer.get("/trainer/api/messages").json()["rows"]
    assert {r["cohort"] for r in rows} == {"2026-A"} and all(
        r["learner"].startswith("learner #") for r in rows
    )
    assert "Sana" not in trainer.get("/trainer/api/messages.csv").text
    assert trainer.get("/trainer/api/audit").status_code == 403
    admin, _ = _signed_in(make_client, services, "admin")
    names = {r["learner"] for r in admin.get("/trainer/api/messages").json()["rows"]}
    assert names == {"Sana Khan", "Bilal"}
    assert admin.get("/trainer/api/audit").status_code == 200


def test_filters_queue_charts_and_csv(make_client: MakeClient, services: Services) -> None:
    _seed(services)
    client, _ = _signed_in(make_client, services)
    refused = client.get("/trainer/api/messages", params={"status": "refused"}).json()
    assert refused["total"] == 1 and refused["rows"][0]["rating"] == "down"
    assert client.get("/trainer/api/messages", params={"channel": "telegram"}).json()["total"] == 1
    assert client.get("/trainer/api/messages", params={"q": "prompt"}).json()["total"] == 1
    assert client.get("/trainer/api/queue").json()["total"] == 1
    charts = client.get("/trainer/api/charts").json()
    assert charts["questions"] == 3 and charts["refused"] == 1 and charts["feedback"]["down"] == 1
    exported = client.get("/trainer/api/messages.csv", params={"status": "refused"})
    assert exported.headers["content-disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == 1 and rows[0]["question"].startswith("'=HYPERLINK")  # no formula in a spreadsheet


def test_console_page_is_locked_down_against_script_injection(
    make_client: MakeClient, services: Services
) -> None:
    client, _ = _signed_in(make_client, services)
    page = client.get("/trainer")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<script>" not in page.text.replace('<script src="/trainer/console.js"></script>', "")
    assert "innerHTML" not in client.get("/trainer/console.js").text


def test_curated_answer_reaches_every_channel(make_client: MakeClient, indexed: Services) -> None:
    client, csrf = _signed_in(make_client, indexed)
    body = {"question": "Who signs the AI training certificate?", "answer": "The academy's director."}
    assert client.post("/trainer/api/curated", json=body, headers={"X-CSRF-Token": csrf}).status_code == 201
    for channel in ("api", "web", "telegram"):
        result = indexed.tutor.ask(ChatRequest("who signs the AI training certificate", channel=channel))
        assert result.answer.answerer == "curated" and result.answer.text == "The academy's director."
    api = client.post("/v1/chat", json={"message": "Who signs the AI training certificate?"}).json()
    assert api["citations"][0]["title"] == "Answer approved by trainer"
