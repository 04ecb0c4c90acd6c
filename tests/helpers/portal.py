"""A learner as the training portal sends them: a signed token, questions through the widget's real
streaming route, feedback and exercise attempts. Works with a `TestClient` or an `httpx.Client` on a live
server (both are httpx clients).

token = portal_token(SECRET, "EMP-1", "Sana Khan", "2026-A")
done = widget_ask(client, token, "What is RAG?")  # the `done` event: message_id, session_id, ...
"""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
from starlette.testclient import TestClient

from assistant.api.signing import encode_jwt

Client = httpx.Client | TestClient

EXERCISE = "L1-01-plain-reply-water-complaint"  # a shipped exercise, graded offline by its rubric


def portal_token(secret: str, sub: str, name: str | None = None, cohort: str | None = None) -> str:
    claims: dict[str, Any] = {"sub": sub, "exp": int(time.time()) + 3600}
    if name is not None:
        claims["name"] = name
    if cohort is not None:
        claims["cohort"] = cohort
    return encode_jwt(claims, secret)


def widget_ask(client: Client, token: str, message: str) -> dict[str, Any]:
    """Ask through `/widget/api/chat/stream` as the token's learner; the stream's `done` event."""
    reply = client.post(
        "/widget/api/chat/stream", json={"message": message}, headers={"X-Ustad-Token": token}
    )
    assert reply.status_code == 200, reply.text
    event = ""
    for line in reply.text.splitlines():
        if line.startswith("event: "):
            event = line.removeprefix("event: ")
        elif line.startswith("data: ") and event == "done":
            done: dict[str, Any] = json.loads(line.removeprefix("data: "))
            return done
    raise AssertionError(f"no done event in {reply.text[:300]!r}")


def widget_attempt(client: Client, token: str, prompt: str, exercise: str = EXERCISE) -> None:
    """One graded exercise attempt as the token's learner (it shows in the console's progress)."""
    reply = client.post(
        f"/widget/api/exercises/{exercise}/attempts",
        json={"prompt": prompt},
        headers={"X-Ustad-Token": token},
    )
    assert reply.status_code == 201, reply.text


def rate(client: Client, message_id: str, rating: str, comment: str | None = None) -> None:
    """Feedback through the public `/v1/feedback` route."""
    body = {"message_id": message_id, "rating": rating, "comment": comment}
    reply = client.post("/v1/feedback", json=body)
    assert reply.status_code == 201, reply.text
