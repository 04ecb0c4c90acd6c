"""Edge limits through the real app: body size (413), CORS origins, and the rate limiter (429)."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send

from assistant.api.limits import BodySizeLimitMiddleware, client_address, max_body_bytes, rate_limited
from assistant.services import Services
from tests.api.conftest import MakeClient
from tests.helpers.questions import log_exchange

ORIGIN = "https://learn.example.gov"


def test_body_over_the_limit_is_413_before_the_route_runs(client: TestClient, services: Services) -> None:
    _, message_id = log_exchange(services.question_log, "q")
    limit = max_body_bytes(services.settings)
    body = {"message_id": message_id, "rating": "up", "comment": "x" * limit}

    response = client.post("/v1/feedback", json=body)

    assert response.status_code == 413
    assert str(limit) in response.json()["detail"]


def test_streamed_body_without_content_length_is_cut_off(client: TestClient, services: Services) -> None:
    limit = max_body_bytes(services.settings)

    def chunks() -> Iterator[bytes]:  # a generator body is sent chunked, with no Content-Length
        yield b'{"message_id": "m", "rating": "up", "comment": "'
        for _ in range(limit // 1000 + 2):
            yield b"y" * 1000
        yield b'"}'

    response = client.post("/v1/feedback", content=chunks(), headers={"Content-Type": "application/json"})

    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


def test_body_read_outside_a_route_is_413_too() -> None:
    async def read_everything(scope: Scope, receive: Receive, send: Send) -> None:
        while (await receive()).get("more_body"):
            pass
        await PlainTextResponse("read")(scope, receive, send)

    client = TestClient(BodySizeLimitMiddleware(read_everything, max_bytes=10))

    def chunks() -> Iterator[bytes]:
        yield b"x" * 11

    assert client.post("/", content=b"x" * 10).text == "read"
    refused = client.post("/", content=chunks())
    assert refused.status_code == 413
    assert refused.json() == {"detail": "The request body is too large (at most 10 bytes)."}


def test_a_body_within_the_limit_passes(client: TestClient, services: Services) -> None:
    _, message_id = log_exchange(services.question_log, "q")
    body = {"message_id": message_id, "rating": "up", "comment": "ی" * 1000}
    assert client.post("/v1/feedback", json=body).status_code == 201


def test_limit_scales_with_max_message_chars(services: Services) -> None:
    longer = services.settings.model_copy(update={"max_message_chars": 8000})
    assert max_body_bytes(longer) > max_body_bytes(services.settings) >= 6 * 4000


def _preflight(client: TestClient, origin: str) -> dict[str, str]:
    headers = {"Origin": origin, "Access-Control-Request-Method": "POST"}
    return dict(client.options("/v1/feedback", headers=headers).headers)


def test_cors_preflight_from_an_allowed_origin(make_client: MakeClient) -> None:
    client = make_client(cors_origins=[ORIGIN])

    headers = _preflight(client, ORIGIN)

    assert headers["access-control-allow-origin"] == ORIGIN
    assert "POST" in headers["access-control-allow-methods"]
    simple = client.get("/healthz", headers={"Origin": ORIGIN})
    assert simple.headers["access-control-allow-origin"] == ORIGIN


def test_cors_refuses_other_origins(make_client: MakeClient) -> None:
    client = make_client(cors_origins=[ORIGIN])

    assert "access-control-allow-origin" not in _preflight(client, "https://evil.example.com")
    simple = client.get("/healthz", headers={"Origin": "https://evil.example.com"})
    assert "access-control-allow-origin" not in simple.headers


def test_no_cross_origin_access_by_default(client: TestClient) -> None:
    assert "access-control-allow-origin" not in _preflight(client, ORIGIN)
    assert "access-control-allow-origin" not in client.get("/healthz", headers={"Origin": ORIGIN}).headers


def _add_limited_route(app: FastAPI) -> None:
    @app.get("/limited", dependencies=[Depends(rate_limited(client_address))])
    def limited() -> dict[str, str]:
        return {"status": "ok"}


def test_over_the_rate_limit_is_429_with_retry_after(make_client: MakeClient) -> None:
    client = make_client(app_hook=_add_limited_route, rate_limit_per_minute=2)

    assert [client.get("/limited").status_code for _ in range(2)] == [200, 200]
    refused = client.get("/limited")

    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "Too many requests" in refused.json()["detail"]


def test_rate_limits_are_per_app(make_client: MakeClient) -> None:
    first = make_client(app_hook=_add_limited_route, rate_limit_per_minute=1)
    second = make_client(app_hook=_add_limited_route, rate_limit_per_minute=1)

    assert first.get("/limited").status_code == 200
    assert first.get("/limited").status_code == 429
    assert second.get("/limited").status_code == 200
