"""The widget's HTTP side: files, origin allow-list, portal tokens, the source view, a learner's own
conversation and progress, and score caps explained in the learner's language."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr, ValidationError

from assistant.api.signing import InvalidTokenError, decode_jwt, encode_jwt, portal_learner
from assistant.config import Settings
from assistant.messages import say
from assistant.services import Services
from tests.api.conftest import MakeClient

SECRET = "k3y-for-tests-7f9a2c1e5b8d4f6a0c3e9b1d"
OWN = "http://localhost:8000"


def _client(make_client: MakeClient, **overrides: object) -> TestClient:
    client = make_client(**overrides)
    client.base_url = client.base_url.copy_with(scheme="http", host="localhost", port=8000)
    return client


def _events(text: str) -> list[tuple[str, object]]:
    out = []
    for frame in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in frame.splitlines())
        out.append((lines["event"], json.loads(lines["data"])))
    return out


def test_widget_files_and_demo_page(make_client: MakeClient) -> None:
    client = _client(make_client)
    script = client.get("/widget.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert "attachShadow" in script.text and "http://" not in script.text.replace("http://www.w3.org", "")
    page = client.get("/")
    assert '<script src="/widget.js"' in page.text


def test_only_allowed_origins_may_use_the_widget_api(make_client: MakeClient) -> None:
    client = _client(make_client, widget_origins=["https://portal.example"])
    refused = client.get("/widget/api/config", headers={"Origin": "https://evil.example"})
    assert refused.status_code == 403 and "not allowed" in refused.json()["detail"]
    preflight = client.options(
        "/widget/api/chat/stream",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 403 and "access-control-allow-headers" not in preflight.headers
    allowed = client.options(
        "/widget/api/chat/stream",
        headers={"Origin": "https://portal.example", "Access-Control-Request-Method": "POST"},
    )
    assert allowed.status_code == 204
    assert allowed.headers["access-control-allow-origin"] == "https://portal.example"
    assert "X-Ustad-Token" in allowed.headers["access-control-allow-headers"]
    assert client.get("/widget/api/config", headers={"Origin": OWN}).status_code == 200  # its own page


def test_portal_token_names_the_learner(make_client: MakeClient, indexed: Services) -> None:
    client = _client(make_client, widget_secret=SecretStr(SECRET))
    token = encode_jwt(
        {"sub": "emp-42", "name": "Sana", "cohort": "2026-A", "exp": time.time() + 600}, SECRET
    )
    reply = client.post(
        "/widget/api/chat/stream",
        json={"message": "What is retrieval-augmented generation?"},
        headers={"Origin": OWN, "X-Ustad-Token": token},
    )
    assert reply.status_code == 200
    kinds = [kind for kind, _ in _events(reply.text)]
    assert kinds[0] == "token" and kinds[-2:] == ["citations", "done"]
    assert indexed.question_log.find_user("web", "emp-42") is not None
    forged = encode_jwt({"sub": "emp-1", "exp": time.time() + 600}, "another-secret-of-enough-length-123")
    bad = client.post("/widget/api/chat/stream", json={"message": "hi"}, headers={"X-Ustad-Token": forged})
    assert bad.status_code == 401


def test_jwt_checks() -> None:
    now = time.time()
    assert decode_jwt(encode_jwt({"sub": "a", "exp": now + 60}, SECRET), SECRET)["sub"] == "a"
    for claims in ({"sub": "a", "exp": now - 3600}, {"sub": "a"}, {"sub": "a", "exp": now + 7 * 86400}):
        with pytest.raises(InvalidTokenError):
            decode_jwt(encode_jwt(claims, SECRET), SECRET)
    header, body, _ = encode_jwt({"sub": "a", "exp": now + 60}, SECRET).split(".")
    none_alg = "eyJhbGciOiJub25lIn0." + body + "."
    with pytest.raises(InvalidTokenError):
        decode_jwt(none_alg, SECRET)


def test_a_portal_learner_cannot_take_an_anonymous_browsers_id() -> None:
    token = encode_jwt({"sub": "anon:0123456789abcdef", "exp": time.time() + 60}, SECRET)
    with pytest.raises(InvalidTokenError, match="may not start with 'anon:'"):
        portal_learner(token, SECRET)
    assert portal_learner(encode_jwt({"sub": "emp-7", "exp": time.time() + 60}, SECRET), SECRET).id == "emp-7"


def test_placeholder_secrets_are_refused() -> None:
    for bad in ("changeme", "secret", "x" * 40):
        with pytest.raises(ValidationError):
            Settings(_env_file=None, widget_secret=bad)  # type: ignore[call-arg]


def test_source_view_serves_catalog_documents_only(make_client: MakeClient, indexed: Services) -> None:
    client = _client(make_client)
    source = indexed.catalog.documents()[0].source
    doc = client.get("/v1/sources", params={"source": source}).json()
    assert doc["title"] and doc["sections"]
    view = client.get("/sources/view", params={"source": source, "section": doc["sections"][0]["section"]})
    assert 'class="cited"' in view.text and "default-src 'self'" in view.headers["content-security-policy"]
    for path in ("../../etc/passwd", "/etc/passwd", "..%2f..%2fpyproject.toml"):
        assert client.get("/v1/sources", params={"source": path}).status_code == 404


def _ask(client: TestClient, headers: dict[str, str], session_id: str | None = None) -> dict[str, object]:
    reply = client.post(
        "/widget/api/chat/stream",
        json={"message": "What makes a good prompt?", "session_id": session_id},
        headers={"Origin": OWN, **headers},
    )
    assert reply.status_code == 200
    done: dict[str, object] = _events(reply.text)[-1][1]  # type: ignore[assignment]
    return done


def test_a_learner_gets_back_their_own_conversation_only(make_client: MakeClient, indexed: Services) -> None:
    client = _client(make_client, widget_secret=SecretStr(SECRET))
    mine, theirs = {"X-Ustad-Anon": "a" * 32}, {"X-Ustad-Anon": "b" * 32}
    first = _ask(client, mine)
    session = str(first["session_id"])
    _ask(client, mine, session)
    history = client.get(f"/widget/api/sessions/{session}", headers={"Origin": OWN, **mine})
    assert history.status_code == 200
    messages = history.json()["messages"]
    assert [m["question"] for m in messages] == ["What makes a good prompt?"] * 2
    assert messages[0]["message_id"] == first["message_id"] and "citations" in messages[0]

    token = encode_jwt({"sub": "emp-7", "exp": time.time() + 600}, SECRET)
    for other in (theirs, {"X-Ustad-Token": token}, {}):
        refused = client.get(f"/widget/api/sessions/{session}", headers={"Origin": OWN, **other})
        assert refused.status_code == 403, other
    assert client.get("/widget/api/sessions/no-such-session", headers=mine).status_code == 404
    stolen = client.post(
        "/widget/api/chat/stream", json={"message": "hi", "session_id": session}, headers=theirs
    )
    assert stolen.status_code == 403


def test_score_caps_explained_in_the_learners_language(make_client: MakeClient, indexed: Services) -> None:
    client = _client(make_client)
    learner = {"Origin": OWN, "X-Ustad-Anon": "c" * 32}
    exercise = "L1-01-plain-reply-water-complaint"
    shown = client.get(f"/widget/api/exercises/{exercise}", headers=learner).json()
    assert shown["sample_input"] and all("lesson_title" in c for c in shown["rubric"])  # named if indexed
    short = "Write a reply to the citizen in plain language."
    for language in ("ur", "en"):
        graded = client.post(
            f"/widget/api/exercises/{exercise}/attempts",
            json={"prompt": short, "language": language},
            headers=learner,
        ).json()
        assert "too_short" in graded["flags"]
        assert say("flag_too_short", language) in graded["flag_notes"]
        assert graded["score"] < graded["rubric_points"] <= 100 and not graded["completed"]
    model_answer = indexed.exercises.get(exercise).model_answer
    strong = client.post(
        f"/widget/api/exercises/{exercise}/attempts", json={"prompt": model_answer}, headers=learner
    ).json()
    assert strong["completed"] and strong["flag_notes"] == []
    progress = client.get("/widget/api/progress", headers=learner).json()
    assert progress["completed"] == 1 and progress["total_attempts"] == 3
    assert client.get("/widget/api/progress", headers={"Origin": OWN}).json()["total_attempts"] == 0
