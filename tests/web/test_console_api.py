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


def test_a_wording_learners_taught_by_taking_an_offer_is_added_in_one_click(
    make_client: MakeClient, indexed: Services
) -> None:
    """A question offered the approved one in other words, whose learner then asked it (one tap), is shown
    to trainers; added, it gets the trainer's answer at once. Nothing is added without the trainer."""
    client, csrf = _signed_in(make_client, indexed)
    body = {"question": "Who signs the AI training certificate?", "answer": "The academy's director."}
    curated = client.post("/trainer/api/curated", json=body, headers={"X-CSRF-Token": csrf}).json()
    asked = "Whose signature is on the certificate of the AI training?"
    first = client.post("/v1/chat", json={"message": asked}).json()
    assert first["answerer"] != "curated" and first["related_question"] == body["question"]
    tap = client.post(
        "/v1/chat", json={"message": body["question"], "session_id": first["session_id"]}
    ).json()
    assert tap["answerer"] == "curated"
    assert client.post("/v1/chat", json={"message": body["question"]}).json()["answerer"] == "curated"

    taught = client.get("/trainer/api/curated").json()["taught"]
    assert taught == {str(curated["id"]): [asked]}  # the tap with no question before it taught nothing
    path = f"/trainer/api/curated/{curated['id']}/wordings"
    added = client.post(path, json={"wording": asked}, headers={"X-CSRF-Token": csrf})
    assert added.status_code == 200 and asked in added.json()["variants"]
    assert client.post("/v1/chat", json={"message": asked}).json()["answerer"] == "curated"
    assert client.get("/trainer/api/curated").json()["taught"] == {}
    assert client.post(path, json={"wording": asked}).status_code == 403  # no CSRF token
    unknown = client.post(
        "/trainer/api/curated/999/wordings", json={"wording": "x"}, headers={"X-CSRF-Token": csrf}
    )
    assert unknown.status_code == 400
    assert "curated.wording" in [row.action for row in indexed.console.audit.recent()]


def test_a_cohort_trainer_sees_only_wordings_taught_by_their_cohort(
    make_client: MakeClient, indexed: Services
) -> None:
    curated = indexed.console.curated.add("Who signs the AI training certificate?", "The director.", "t")
    asked = {
        "2026-A": "Who puts the signature on the AI course certificate?",
        "2026-B": "Whose signature is on the certificate of the AI training?",
    }
    for number, (cohort, question) in enumerate(asked.items()):
        user = f"emp-{number}"
        first = indexed.tutor.ask(ChatRequest(question, user_id=user, cohort=cohort))
        indexed.tutor.ask(
            ChatRequest(curated.question, session_id=first.session_id, user_id=user, cohort=cohort)
        )
    client, _ = _signed_in(make_client, indexed, cohort="2026-B")
    assert client.get("/trainer/api/curated").json()["taught"] == {str(curated.id): [asked["2026-B"]]}


# -- issue 16: learners you can find, labels, possibly missed, gaps answered once ---------------------


def _seed_issue16(services: Services) -> dict[str, str]:
    """A named widget learner, an anonymous one, a Telegram learner; a refused, a weak and a good answer."""
    log = services.question_log
    named = log.get_or_create_user("web", "emp-7", "Sana Khan", "2026-A")
    anonymous = log.get_or_create_user("web", "anon:5f1c2e9a0b3d4c6e")
    telegram = log.get_or_create_user("telegram", "99", "Bilal", "2026-A")
    ids: dict[str, str] = {"named": str(named), "anonymous": str(anonymous), "telegram": str(telegram)}
    s1 = log.get_or_create_session(None, named, "web")
    s2 = log.get_or_create_session(None, anonymous, "web")
    s3 = log.get_or_create_session(None, telegram, "telegram")
    ids["refused"] = log.log_message(
        s1,
        named,
        "web",
        "How many earned leaves do I get per year?",
        "Not in the material.",
        [],
        True,
        "extractive",
        5,
    )
    ids["weak"] = log.log_message(
        s2,
        anonymous,
        "web",
        "How do I apply for earned leave?",
        "Prompts have four parts...",
        [],
        False,
        "extractive",
        5,
        signals={"p_answerable": "0.41", "meaning": "0.39", "coverage": "0.2"},
    )
    ids["good"] = log.log_message(
        s3,
        telegram,
        "telegram",
        "What is few-shot prompting?",
        "Giving examples...",
        [],
        False,
        "extractive",
        5,
        signals={"p_answerable": "0.93", "meaning": "0.71", "coverage": "0.9"},
    )
    return ids


def test_one_learner_identifier_everywhere_and_the_filter_takes_it(
    make_client: MakeClient, services: Services
) -> None:
    ids = _seed_issue16(services)
    trainer, _ = _signed_in(make_client, services)
    rows = trainer.get("/trainer/api/messages").json()["rows"]
    assert {r["learner"] for r in rows} == {f"learner #{ids[k]}" for k in ("named", "anonymous", "telegram")}
    assert all(r["learner"] == r["learner_ref"] for r in rows)
    for typed in (
        f"learner #{ids['anonymous']}",
        f"#{ids['anonymous']}",
        ids["anonymous"],
        f"Learner {ids['anonymous']}",
    ):
        found = trainer.get("/trainer/api/messages", params={"learner": typed}).json()
        assert [r["id"] for r in found["rows"]] == [ids["weak"]], typed
    refused = trainer.get("/trainer/api/messages", params={"learner": "Sana"})
    assert refused.status_code == 400 and "learner #12" in refused.json()["detail"]

    admin, _ = _signed_in(make_client, services, "admin")
    shown = {r["learner"] for r in admin.get("/trainer/api/messages").json()["rows"]}
    assert shown == {"Sana Khan", "Bilal", f"learner #{ids['anonymous']}"}  # never "anon:5f1c..."
    assert "anon:" not in admin.get("/trainer/api/messages.csv").text
    by_name = admin.get("/trainer/api/messages", params={"learner": "sana"}).json()["rows"]
    assert [r["id"] for r in by_name] == [ids["refused"]]

    exported = list(csv.DictReader(io.StringIO(trainer.get("/trainer/api/messages.csv").text)))
    row = next(r for r in exported if r["message_id"] == ids["weak"])
    assert (row["learner"], row["learner_number"], row["channel"]) == (
        f"learner #{ids['anonymous']}",
        f"learner #{ids['anonymous']}",
        "Widget",
    )
    again = trainer.get("/trainer/api/messages", params={"learner": row["learner_number"]}).json()
    assert {r["session_id"] for r in again["rows"]} == {row["session_id"]}  # the CSV row finds the learner


def test_labels_and_the_possibly_missed_flag(make_client: MakeClient, services: Services) -> None:
    ids = _seed_issue16(services)
    client, _ = _signed_in(make_client, services)
    rows = {r["id"]: r for r in client.get("/trainer/api/messages").json()["rows"]}
    assert (rows[ids["refused"]]["result"], rows[ids["refused"]]["possibly_missed"]) == ("refused", [])
    assert (rows[ids["weak"]]["result"], rows[ids["weak"]]["possibly_missed"]) == (
        "answered",
        ["weak evidence"],
    )
    assert rows[ids["good"]]["possibly_missed"] == [] and rows[ids["good"]]["channel_label"] == "Telegram"
    services.question_log.add_feedback(ids["good"], "down", "Too general")
    missed = client.get("/trainer/api/messages", params={"status": "missed"}).json()
    assert {r["id"] for r in missed["rows"]} == {ids["weak"], ids["good"]}
    queue = client.get("/trainer/api/queue").json()
    assert queue["total"] == 3 and {r["id"] for r in queue["rows"]} == {
        ids["refused"],
        ids["weak"],
        ids["good"],
    }
    assert client.get("/trainer/api/queue", params={"reason": "weak"}).json()["total"] == 1
    assert client.get("/trainer/api/queue", params={"reason": "disliked"}).json()["total"] == 1
    charts = client.get("/trainer/api/charts").json()
    assert charts["results"] == {"refused": 1, "answered": 2} and charts["weak"] == 1
    me = client.get("/trainer/api/me").json()
    assert me["channels"]["web"] == "Widget" and me["results"][:2] == ["answered", "refused"]


def test_a_gap_answered_once_leaves_the_queue_and_reaches_its_wordings(
    make_client: MakeClient, indexed: Services
) -> None:
    ids = _seed_issue16(indexed)
    client, csrf = _signed_in(make_client, indexed)
    gaps = client.get("/trainer/api/gaps").json()["gaps"]
    leave = next(g for g in gaps if "leave" in g["terms"])
    assert (
        leave["questions"] == 2
        and leave["learners"] == 2
        and set(leave["message_ids"]) == {ids["refused"], ids["weak"]}
    )
    assert leave["channels"] == {"Widget": 2} and leave["reasons"] == {"unanswered": 1, "weak evidence": 1}
    body = {
        "question": leave["label"],
        "answer": "Earned leave: 48 days a year; apply on the leave form to your section officer.",
        "variants": leave["examples"][1:],
        "source_message_ids": leave["message_ids"],
    }
    made = client.post("/trainer/api/curated", json=body, headers={"X-CSRF-Token": csrf})
    assert made.status_code == 201 and len(made.json()["variants"]) == 1
    assert client.get("/trainer/api/queue").json()["total"] == 0
    assert all("leave" not in g["terms"] for g in client.get("/trainer/api/gaps").json()["gaps"])
    for question, channel in (
        ("how can I apply for earned leave", "telegram"),
        ("Earned leaves per year?", "api"),
    ):
        answer = indexed.tutor.ask(ChatRequest(question, channel=channel)).answer
        assert answer.answerer == "curated" and answer.text.startswith("Earned leave"), question


def test_a_cohort_trainer_cannot_answer_another_cohorts_gap(
    make_client: MakeClient, services: Services
) -> None:
    ids = _seed_issue16(services)
    outsider, csrf = _signed_in(make_client, services, "trainer", cohort="2026-B")
    body = {"question": "Leave?", "answer": "Ask HR.", "source_message_ids": [ids["refused"]]}
    assert outsider.post("/trainer/api/curated", json=body, headers={"X-CSRF-Token": csrf}).status_code == 404
    assert services.console.curated.list() == []
