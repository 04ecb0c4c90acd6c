"""Hostile requests against the real app (SQLite question log, Chroma index, a signed-in console admin;
PostgreSQL for NUL): oversized, malformed and mistyped bodies, control characters and Unicode edge cases,
over-long URLs and headers, path traversal (through uvicorn), malformed Telegram webhook updates.

Every refusal must be a 4xx with a JSON message, never a 500 or a stack trace, must not echo personal data,
and must leave the question log exactly as it was. The JSON routes come from the OpenAPI schema, so a new
route is covered without editing this file.
"""

from __future__ import annotations

import http.client
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from starlette.types import Message

from assistant.api.limits import MAX_HEADER_BYTES, MAX_URL_BYTES, max_body_bytes
from assistant.composition import web_app
from assistant.config import Settings
from assistant.embeddings import MiniLMEncoder
from assistant.services import Services
from assistant.storage.models import Base
from bots.telegram.app import SECRET_HEADER, WEBHOOK_PATH
from tests.helpers.corpus import write_corpus
from tests.helpers.fake_telegram import TOKEN, FakeTelegram
from tests.helpers.live_server import LiveServer
from tests.helpers.postgres import connect_postgres

pytestmark = pytest.mark.slow

ADMIN_TOKEN = "payloads-admin-token-0123456789abcdef"  # noqa: S105 - test values
PASSWORD = "a long console password"  # noqa: S105
WEBHOOK_SECRET = "payloads_webhook-secret"  # noqa: S105
CNIC, PHONE, EMAIL = "35202-1234567-9", "0300-7654321", "learner.private@example.pk"
PERSONAL = (CNIC, PHONE, EMAIL, "1234567")  # "1234567": a CNIC's middle part, in case only that leaks
OUTSIDE = "ustad-outside-the-corpus-7f3a9c"  # text of a file outside the served trees
UNICODE_EDGES = {
    "rtl override": "What is \u202etemperature\u202c control?",
    "zero-width": "What\u200b is tem\u200dper\u200cature\u2060?\ufeff",
    "combining marks": "Whát ís te\u0301\u0301\u0301\u0301mperature?",
    "urdu with ZWNJ": "ٹمپریچر\u200cکیا ہے؟",
    "astral and emoji": "What is temperature? \U0001f9d1\u200d\U0001f3eb \U0001d54b",
    "noncharacters": "What is temperature \ufdd0\uffff\U0010ffff?",
}
STACK_TRACE_SIGNS = ("Traceback", 'File "', "sqlalchemy", "sqlite3", "psycopg")


@dataclass(frozen=True)
class Operation:
    """A route that takes a JSON body, with its path parameters filled in and its body's schema."""

    method: str
    path: str
    schema: dict[str, Any]
    headers: frozenset[str]  # the header parameters it reads

    @property
    def text_fields(self) -> list[str]:
        return [name for name, spec in self.schema["properties"].items() if _types(spec) == {"string"}]

    @property
    def first_field(self) -> str:
        return (self.text_fields or list(self.schema["properties"]))[0]

    def sample(self) -> dict[str, Any]:
        """A valid body: each required field with a plain value of its type."""
        properties = self.schema["properties"]
        return {name: _plain_value(properties[name]) for name in self.schema.get("required", [])}

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


@dataclass
class Harness:
    app: FastAPI
    client: TestClient
    services: Services
    operations: list[Operation]

    def rows(self) -> dict[str, int]:
        """Rows in every table of the question log."""
        with self.services.database.session() as session:
            return {
                table.name: int(session.scalar(sa.select(sa.func.count()).select_from(table)) or 0)
                for table in Base.metadata.sorted_tables
            }


def _plain_value(spec: dict[str, Any]) -> Any:
    if "enum" in spec:
        return spec["enum"][0]
    return {"boolean": True, "integer": 1}.get(spec.get("type", ""), "What does temperature control?")


def _types(spec: dict[str, Any]) -> set[str]:
    return {option.get("type", "?") for option in spec.get("anyOf", [spec])} - {"null"}


def json_operations(app: FastAPI, path_values: dict[str, str]) -> list[Operation]:
    schema = app.openapi()
    found = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is None:
                continue
            ref = body["schema"]["$ref"].rsplit("/", 1)[1]
            for param in operation.get("parameters", []):
                if param["in"] == "path":  # a new path parameter needs a sample value here
                    path = path.replace(f"{{{param['name']}}}", path_values[param["name"]])
            headers = frozenset(p["name"] for p in operation.get("parameters", []) if p["in"] == "header")
            found.append(Operation(method.upper(), path, schema["components"]["schemas"][ref], headers))
    return found


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder beside the corpus whose file the corpus links to: it must never be indexed or served."""
    folder = tmp_path_factory.mktemp("outside")
    (folder / "secret.md").write_text(f"# Secret\n\nTemperature {OUTSIDE} is not course material.\n")
    return folder


@pytest.fixture(scope="module")
def harness(
    tmp_path_factory: pytest.TempPathFactory, model_cache: Path, encoder: MiniLMEncoder, outside: Path
) -> Iterator[Harness]:
    root = tmp_path_factory.mktemp("payloads")
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=root / "data",
        model_cache_dir=model_cache,
        admin_token=ADMIN_TOKEN,
        rate_limit_per_minute=1_000_000,
    )
    services = Services(settings, encoder=encoder)
    corpus = write_corpus(root / "corpus")
    (corpus / "course" / "linked.md").symlink_to(outside / "secret.md")
    assert services.ingestor.ingest([corpus]).ok
    services.console.accounts.add("admin1", PASSWORD, "admin")
    app = web_app(settings, services)
    with TestClient(app, base_url="https://console.example", raise_server_exceptions=False) as client:
        login = client.post("/trainer/api/login", json={"username": "admin1", "password": PASSWORD})
        assert login.status_code == 200, login.text
        client.headers.update(
            {
                "X-CSRF-Token": login.json()["csrf"],  # the console
                "Authorization": f"Bearer {ADMIN_TOKEN}",  # admin-only /v1 routes
                "X-Ustad-Anon": "payloads-browser-0123456789",  # the widget's exercises
            }
        )
        curated = {"question": "What is RAG?", "answer": "Retrieval-augmented generation."}
        assert client.post("/trainer/api/curated", json=curated).status_code == 201
        exercise = services.exercises.list(None, None)[0].id
        operations = json_operations(app, {"exercise_id": exercise, "curated_id": "1"})
        yield Harness(app, client, services, operations)
    services.close()


def assert_refused(response: Any, *, status: int | None = None, secrets: tuple[str, ...] = ()) -> None:
    """A 4xx whose JSON body says what was wrong, with no stack trace and none of `secrets`."""
    where = f"{response.request.method} {response.request.url.path}"
    assert 400 <= response.status_code < 500, f"{where}: {response.status_code} {response.text[:300]}"
    if status is not None:
        assert response.status_code == status, f"{where}: {response.status_code} {response.text[:300]}"
    assert response.headers["content-type"].startswith("application/json"), where
    detail = response.json()["detail"]
    if isinstance(detail, list):
        assert detail and all(problem["msg"] and "input" not in problem for problem in detail), detail
    else:
        assert isinstance(detail, str) and detail, where
    for sign in (*STACK_TRACE_SIGNS, *secrets):
        assert sign not in response.text, f"{where} shows {sign!r}: {response.text[:300]}"


def send_each(
    harness: Harness, body: Callable[[Operation], bytes | None], content_type: str = "application/json"
) -> list[tuple[Operation, Any]]:
    """`body(operation)` to every JSON route; the question log must not change."""
    sent = []
    for operation in harness.operations:
        content = body(operation)
        if content is None:
            continue
        before = harness.rows()
        response = harness.client.request(
            operation.method, operation.path, content=content, headers={"Content-Type": content_type}
        )
        assert harness.rows() == before, f"{operation}: the question log changed"
        sent.append((operation, response))
    assert sent
    return sent


def _with(operation: Operation, field: str, raw_value: str | bytes) -> bytes:
    """The sample body with `field` set to `raw_value`, JSON text (or bytes) spliced in as it is."""
    marker = "__hostile__"
    raw = raw_value if isinstance(raw_value, bytes) else raw_value.encode()
    return (
        json.dumps({**operation.sample(), field: marker}).encode().replace(json.dumps(marker).encode(), raw)
    )


def _each_text_field(operation: Operation, raw_value: str) -> Iterator[bytes]:
    for field in operation.text_fields:
        yield _with(operation, field, raw_value)


# -- the routes found ------------------------------------------------------------------------------------


def test_every_json_route_is_found_and_its_sample_body_is_accepted(harness: Harness) -> None:
    """Discovery is not vacuous, and the hostile bodies below differ from an accepted one only in what
    makes them hostile."""
    paths = {op.path.split("/")[1] + ":" + op.method for op in harness.operations}
    assert {"v1:POST", "widget:POST", "trainer:POST"} <= paths
    assert len(harness.operations) >= 10
    for operation in harness.operations:
        response = harness.client.request(operation.method, operation.path, json=operation.sample())
        assert response.status_code not in (400, 415, 422) and response.status_code < 500, (
            f"{operation}: {response.status_code} {response.text[:300]}"
        )


# -- bodies ----------------------------------------------------------------------------------------------

HOSTILE_BODIES: dict[str, Callable[[Operation], bytes]] = {
    "invalid JSON": lambda op: b'{"message": "unterminated',
    "trailing garbage": lambda op: json.dumps(op.sample()).encode() + b"}}",
    "an array": lambda op: json.dumps([op.sample()]).encode(),
    "a number": lambda op: b"42",
    "null": lambda op: b"null",
    "a string": lambda op: b'"What does temperature control?"',
    "empty": lambda op: b"",
    "10,000 nested arrays": lambda op: b"[" * 10_000 + b"]" * 10_000,
    "10,000 nested arrays in a field": lambda op: _with(op, op.first_field, "[" * 10_000 + "]" * 10_000),
    "invalid UTF-8": lambda op: _with(op, op.first_field, b'"caf\xe9 \xff\xfe"'),
    "UTF-8 encoded surrogate": lambda op: _with(op, op.first_field, b'"x \xed\xa0\x80 y"'),
    "3,000 unknown fields": lambda op: json.dumps({f"field{i}": i for i in range(3000)}).encode(),
    "a 5,000-digit number": lambda op: _with(op, op.first_field, "9" * 5000),
    "1e999 (infinity)": lambda op: _with(op, op.first_field, "1e999"),
}


@pytest.mark.parametrize("kind", HOSTILE_BODIES)
def test_malformed_bodies_are_a_4xx_with_a_message(harness: Harness, kind: str) -> None:
    for operation, response in send_each(harness, HOSTILE_BODIES[kind]):
        assert_refused(response)
        assert len(response.content) < 4096, f"{operation}: {len(response.content)} bytes of error"


@pytest.mark.parametrize(
    "raw_value",
    [
        pytest.param('"a\\u0000b"', id="NUL"),
        pytest.param('"\\u001b[2J\\u001b[31mred"', id="ANSI escapes"),
        pytest.param('"bell\\u0007 and DEL\\u007f"', id="BEL and DEL"),
        pytest.param('"lone \\ud800 surrogate"', id="lone high surrogate"),
        pytest.param('"\\udfff first"', id="lone low surrogate"),
        pytest.param('["a list"]', id="a list"),
        pytest.param('{"nested": "object"}', id="an object"),
        pytest.param("null", id="null"),
        pytest.param("12", id="a number"),
    ],
)
def test_bad_values_in_each_text_field_are_a_422_naming_the_field(harness: Harness, raw_value: str) -> None:
    """Every text field of every body: control characters (PostgreSQL cannot store NUL; escapes would
    reach terminals) and lone surrogates (not encodable) are refused, as are other types."""
    for operation in harness.operations:
        for field, body in zip(operation.text_fields, _each_text_field(operation, raw_value), strict=True):
            before = harness.rows()
            response = harness.client.request(
                operation.method, operation.path, content=body, headers={"Content-Type": "application/json"}
            )
            if raw_value == "null" and field not in operation.schema.get("required", []):
                assert response.status_code < 500  # an optional field may be null
                continue
            assert_refused(response, status=422)
            assert harness.rows() == before, f"{operation} {field}: the question log changed"
            assert [p["loc"] for p in response.json()["detail"]] == [["body", field]], response.text


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "",
    ],
)
def test_a_json_body_under_another_content_type_is_refused(harness: Harness, content_type: str) -> None:
    """Not parsed as JSON (a cross-site form can send text/plain without a preflight): 415, saying so."""
    for operation, response in send_each(
        harness, lambda op: json.dumps(op.sample()).encode(), content_type=content_type
    ):
        assert_refused(response, status=415)
        assert "application/json" in response.json()["detail"], operation


@pytest.mark.parametrize("text", UNICODE_EDGES.values(), ids=UNICODE_EDGES.keys())
def test_unicode_edge_cases_are_accepted_and_stored_as_sent(harness: Harness, text: str) -> None:
    """Bidi overrides, zero-width joiners (Urdu needs ZWNJ), combining marks and astral characters are
    text: answered, and the log keeps them exactly."""
    asked = harness.client.post("/v1/chat", json={"message": text, "user_id": "unicode-learner"})
    assert asked.status_code == 200, asked.text
    session = asked.json()["session_id"]
    history = harness.client.get(f"/v1/sessions/{session}", params={"user_id": "unicode-learner"})
    assert history.json()["messages"][-1]["question"] == text
    for operation in harness.operations:
        for body in _each_text_field(operation, json.dumps(text)):
            response = harness.client.request(
                operation.method, operation.path, content=body, headers={"Content-Type": "application/json"}
            )
            assert response.status_code < 500, f"{operation}: {response.text[:300]}"


# -- size ------------------------------------------------------------------------------------------------


def test_a_body_of_several_megabytes_is_a_413_on_every_route(harness: Harness) -> None:
    limit = max_body_bytes(harness.services.settings)
    huge = "x" * (5 * 1024 * 1024)
    for _, response in send_each(harness, lambda op: _with(op, op.first_field, json.dumps(huge))):
        assert_refused(response, status=413)
        assert str(limit) in response.json()["detail"]
        assert response.headers["connection"] == "close"


@pytest.mark.parametrize("declared", [True, False], ids=["Content-Length", "chunked"])
def test_an_oversized_body_is_not_read_to_its_end(harness: Harness, declared: bool) -> None:
    """Driven over ASGI to count what the app pulls: nothing when Content-Length is over the limit, and no
    more than the limit (plus one chunk) when the body streams in without one."""
    limit = max_body_bytes(harness.services.settings)
    chunk, chunks = 64 * 1024, 80  # 5 MB
    headers = [(b"content-type", b"application/json"), (b"host", b"console.example")]
    if declared:
        headers.append((b"content-length", str(chunk * chunks).encode()))
    pulled = 0
    replies: list[Message] = []

    async def receive() -> Message:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * chunk, "more_body": pulled < chunks}

    async def send(message: Message) -> None:
        replies.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "https",
        "path": "/v1/chat",
        "raw_path": b"/v1/chat",
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 1234),
        "server": ("console.example", 443),
        "state": {},
    }
    harness.client.portal.call(harness.app, scope, receive, send)  # type: ignore[union-attr]

    assert replies[0]["status"] == 413
    assert pulled <= (0 if declared else limit // chunk + 2), f"pulled {pulled} chunks of {chunks}"


# -- URLs and headers ------------------------------------------------------------------------------------


def _get_operations(harness: Harness) -> Iterator[tuple[str, str, dict[str, Any], list[dict[str, Any]]]]:
    for path, item in harness.app.openapi()["paths"].items():
        for method, operation in item.items():
            if method in ("get", "delete"):
                yield method.upper(), path, operation, operation.get("parameters", [])


def _url(path: str, params: list[dict[str, Any]], target: str, value: str) -> str:
    """`path` with every path parameter filled (`target` with `value`, already percent-encoded) and
    `target` as a query parameter."""
    filled = path
    for param in params:
        if param["in"] == "path":
            filled = filled.replace(f"{{{param['name']}}}", value if param["name"] == target else "1")
    queried = [p for p in params if p["in"] == "query" and p["name"] == target]
    return filled + (f"?{target}={value}" if queried else "")


@pytest.mark.parametrize(
    ("value", "status"),
    [
        pytest.param("a%00b", 400, id="NUL"),
        pytest.param("9" * 30, None, id="a 30-digit number"),
        pytest.param("-" + "9" * 30, None, id="a negative 30-digit number"),
        pytest.param("%1b%5b31m", 400, id="ANSI escape"),
        pytest.param("x" * 5000, None, id="5,000 characters"),
        pytest.param("x" * (MAX_URL_BYTES + 1), 414, id="over the URL cap"),
        pytest.param(quote(f"{CNIC} {PHONE} {EMAIL} " + "x" * 600, safe=""), None, id="personal data, long"),
        pytest.param("%ff%fe", None, id="invalid UTF-8"),
        pytest.param("%ed%a0%80", None, id="UTF-8 encoded surrogate"),
        pytest.param("..%2f..%2fetc%2fpasswd", None, id="traversal"),
    ],
)
def test_hostile_path_and_query_parameters(harness: Harness, value: str, status: int | None) -> None:
    """Every parameter of every GET and DELETE route, as a query or a path segment."""
    tried = 0
    for method, path, _, params in _get_operations(harness):
        for param in params:
            if param["in"] not in ("path", "query"):
                continue
            url = _url(path, params, param["name"], value)
            before = harness.rows()
            response = harness.client.request(method, url)
            tried += 1
            assert response.status_code < 500, f"{method} {url[:80]}: {response.text[:300]}"
            if response.status_code >= 400:
                assert_refused(response, status=status, secrets=PERSONAL)
                assert harness.rows() == before, f"{method} {url[:80]}: the question log changed"
            else:  # accepted: an unconstrained value that matched nothing
                assert status is None and not any(s in response.text for s in PERSONAL), url[:80]
    assert tried > 40


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        pytest.param({"X-Padding": "x" * MAX_HEADER_BYTES}, 431, id="over the header cap"),
        pytest.param({f"X-H{i}": "x" * 30 for i in range(1200)}, 431, id="1,200 headers"),
        pytest.param({"Content-Length": "99999999999999999999"}, 413, id="absurd Content-Length"),
        pytest.param({"X-Ustad-Token": f"{CNIC}." + "x" * 5000}, 422, id="long learner token"),
        pytest.param({"X-Ustad-Token": f"{CNIC}.x.y"}, 401, id="forged learner token"),
        pytest.param({"X-Ustad-Anon": "../../etc/passwd"}, None, id="odd anonymous id"),
        pytest.param({"Authorization": "Bearer " + "x" * 20_000}, None, id="long bearer token"),
        pytest.param({"Cookie": "ustad_console=" + "x" * 20_000}, None, id="long forged cookie"),
    ],
)
def test_hostile_headers(harness: Harness, headers: dict[str, str], status: int | None) -> None:
    """Each header on every JSON route: `status` from every route that reads it (or from all, for the
    size limits), and never a 500."""
    client = harness.client
    for operation in harness.operations:
        response = client.request(operation.method, operation.path, json=operation.sample(), headers=headers)
        assert response.status_code < 500, f"{operation}: {response.text[:300]}"
        applies = status in (413, 431) or bool(operation.headers & set(headers))
        if status is not None and applies:
            assert_refused(response, status=status, secrets=PERSONAL)
    forged = {"Cookie": "ustad_console=" + "x" * 20_000, "X-CSRF-Token": "x"}
    assert_refused(
        client.post("/trainer/api/curated", json={"question": "q", "answer": "a"}, headers=forged), status=401
    )


def test_the_served_app_answers_over_long_heads_with_a_4xx(harness: Harness) -> None:
    """Through uvicorn (httptools) as deployed: a 10 MB header or a 1 MB request line is never a 500."""
    with LiveServer(web_app(harness.services.settings, harness.services)) as server:
        for head in (
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 10_000_000 + b"\r\n",
            b"GET /v1/search?q=" + b"a" * 1_000_000 + b" HTTP/1.1\r\nHost: x\r\n",
        ):
            status = _raw_status(server.port, head + b"Connection: close\r\n\r\n")
            assert 400 <= status < 500, status


def _raw_status(port: int, request: bytes) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.connect()
    assert connection.sock is not None
    connection.sock.sendall(request)
    response = http.client.HTTPResponse(connection.sock)
    response.begin()
    connection.close()
    return response.status


# -- privacy of validation errors ------------------------------------------------------------------------


def test_a_422_never_echoes_the_input(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    """FastAPI's default 422 puts the refused value in `input`; a learner's CNIC, phone or e-mail in it
    must not come back in the reply, nor reach the log."""
    personal = f"My CNIC is {CNIC}, phone {PHONE}, mail {EMAIL}. "
    client = harness.client
    with caplog.at_level(logging.DEBUG):
        replies = [
            client.post("/v1/chat", json={"message": personal + "x" * 20_000}),  # too long
            client.post("/v1/chat", json={"message": {"text": personal}}),  # wrong type
            client.post("/v1/chat", json={"message": "hi", "session_id": personal}),  # pattern
            client.post("/v1/chat", json={"message": "hi", "user_id": personal * 10}),  # too long
            client.post("/v1/feedback", json={"message_id": "m", "rating": personal}),  # not up/down
            client.post("/widget/api/chat/stream", json={"message": personal + "\x00"}),  # control character
            client.post("/trainer/api/login", json={"username": personal, "password": ""}),  # empty
            client.get("/v1/sessions/" + quote(personal)),  # path pattern
            client.get("/v1/search", params={"q": personal * 200}),  # query too long
            client.post("/v1/chat", content=f'{{"message": "{personal}'.encode()),  # invalid JSON
        ]
    for reply in replies:
        assert_refused(reply, secrets=PERSONAL)
    first = replies[0].json()["detail"][0]
    assert first["loc"] == ["body", "message"] and "20000" in first["msg"]  # still says what and where
    app_records = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert not any(secret in r.getMessage() for r in app_records for secret in PERSONAL)


# -- path traversal --------------------------------------------------------------------------------------

TRAVERSALS = [
    "../../../../../../etc/passwd",
    "..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "%252e%252e%252f%252e%252e%252fpyproject.toml",
    "..%252f..%252f..%252fpyproject.toml",
    "/etc/passwd",
    "//etc/passwd",
    "file:///etc/passwd",
    "..\\..\\..\\..\\pyproject.toml",
    "..%5c..%5c..%5cpyproject.toml",
    "....//....//....//etc/passwd",
    "course/../../../pyproject.toml",
    "../pyproject.toml",
    "pyproject.toml",
    "../../assistant/config.py",
    "course/linked.md",
    "course/settings.md%00.txt",
    "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "x" * 5000,
]
# Where a request could name a file: the source views' `source` (and `section`), path segments after
# each static file and page, and the ids of exercises.
TRAVERSAL_URLS = [
    "/sources/view?source={p}",
    "/sources/view?source=course/settings.md&section={p}",
    "/v1/sources?source={p}",
    "/{p}",
    "/widget.js/{p}",
    "/widget.js?{p}",
    "/trainer/{p}",
    "/trainer/console.{p}",
    "/trainer/console.js/{p}",
    "/static/{p}",
    "/assistant/api/static/{p}",
    "/widget/api/exercises/{p}",
    "/v1/exercises/{p}",
    "/v1/exercises/{p}/hints/1",
]
NOT_A_NAME = {  # the payload names no file here: a page may be served, but only its own
    "/sources/view?source=course/settings.md&section={p}",
    "/widget.js?{p}",
}


def _leaked(text: str) -> str | None:
    """Which outside file's text, if any, is in a response."""
    signs = {
        "/etc/passwd": "root:x:0:0",
        "pyproject.toml": "[tool.mypy]",
        "assistant/config.py": "class Settings(BaseSettings)",
        "the linked file": OUTSIDE,
    }
    return next((name for name, sign in signs.items() if sign in text), None)


def test_path_traversal_serves_nothing_outside_the_served_trees(harness: Harness) -> None:
    """Sent over a socket as written (an HTTP client would resolve the dot segments first) to uvicorn."""
    assert Path("/etc/passwd").read_text().startswith("root:x:0:0")  # the sign below is real
    with LiveServer(web_app(harness.services.settings, harness.services)) as server:
        for template in TRAVERSAL_URLS:
            for payload in TRAVERSALS:
                target = template.format(p=payload).replace("\\", "%5c")
                status, body = _raw_get(server.port, target)
                refused = status in (400, 404, 405, 414, 422)
                assert refused or template in NOT_A_NAME, f"{target[:100]}: {status} {body[:200]!r}"
                assert status < 500 and _leaked(body) is None, f"{target[:100]}: {status}, {_leaked(body)}"
        assert _raw_get(server.port, "/widget.js")[0] == 200  # the real files are still served
        assert _raw_get(server.port, "/sources/view?source=course/settings.md")[0] == 200


def _raw_get(port: int, target: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("GET", target, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, body


def test_a_link_out_of_the_corpus_is_not_indexed(harness: Harness) -> None:
    """course/linked.md points at a file outside the ingested folder: not in the catalog, not found, not
    served."""
    assert harness.services.catalog.document("course/linked.md") is None
    assert harness.services.catalog.document("course/settings.md") is not None
    client = harness.client
    assert client.get("/v1/sources", params={"source": "course/linked.md"}).status_code == 404
    found = client.get("/v1/search", params={"q": f"temperature {OUTSIDE}", "k": 50}).text
    assert OUTSIDE not in found


# -- the Telegram webhook --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def webhook(harness: Harness) -> Iterator[tuple[TestClient, FakeTelegram]]:
    """The app in webhook mode, over the same services, with a fake Bot API."""
    with FakeTelegram() as tg:
        settings = harness.services.settings.model_copy(
            update={
                "telegram_token": SecretStr(TOKEN),
                "telegram_base_url": tg.base_url,
                "telegram_webhook_url": "https://ustad.example.gov.pk/telegram/webhook",
                "telegram_webhook_secret": SecretStr(WEBHOOK_SECRET),
            }
        )
        app = web_app(settings, harness.services)
        with TestClient(app, raise_server_exceptions=False) as client:
            deadline = time.monotonic() + 15
            while not app.state.telegram.ready.is_set():
                assert time.monotonic() < deadline, "the bot did not start"
                time.sleep(0.02)
            client.headers[SECRET_HEADER] = WEBHOOK_SECRET
            yield client, tg


def _update(**message: Any) -> dict[str, Any]:
    base = {"message_id": 1, "date": 1_700_000_000, "chat": {"id": 7, "type": "private"}, "text": "hi"}
    return {"update_id": 9_000_001, "message": {**base, **message}}


MALFORMED_UPDATES: dict[str, bytes] = {
    "not JSON": b"{update",
    "invalid UTF-8": b'{"update_id": 1, "message": {"text": "\xff"}}',
    "an array": b"[1, 2]",
    "null": b"null",
    "a number": b"5",
    "an empty object": b"{}",
    "update_id a string": b'{"update_id": "7"}',
    "update_id null": b'{"update_id": null}',
    "update_id true": b'{"update_id": true}',
    "message a string": json.dumps({"update_id": 9_000_002, "message": "hello"}).encode(),
    "message a list": json.dumps({"update_id": 9_000_003, "message": [1]}).encode(),
    "message without date": json.dumps({"update_id": 9_000_004, "message": {"text": "hi"}}).encode(),
    "date out of range": json.dumps(_update(date=10**20)).encode(),
    "date a string": json.dumps(_update(date="yesterday")).encode(),
    "chat a list": json.dumps(_update(chat=[7])).encode(),
    "10,000 nested arrays": b'{"update_id": 9000005, "message": ' + b"[" * 10_000 + b"]" * 10_000 + b"}",
}


@pytest.mark.parametrize("kind", MALFORMED_UPDATES)
def test_malformed_telegram_updates_are_a_400(
    webhook: tuple[TestClient, FakeTelegram], harness: Harness, kind: str
) -> None:
    client, tg = webhook
    before, calls = harness.rows(), len(tg.sent())
    response = client.post(WEBHOOK_PATH, content=MALFORMED_UPDATES[kind])
    assert_refused(response, status=400)
    assert harness.rows() == before and len(tg.sent()) == calls


def test_the_bot_still_answers_after_malformed_updates(webhook: tuple[TestClient, FakeTelegram]) -> None:
    client, tg = webhook
    assert client.post(WEBHOOK_PATH, content=b"[" * 10_000).status_code == 400
    big = client.post(WEBHOOK_PATH, content=b'{"update_id": 1, "x": "' + b"x" * 5_000_000 + b'"}')
    assert_refused(big, status=413)
    update = tg.message_update("What does temperature control?", chat_id=77)
    assert client.post(WEBHOOK_PATH, json=update).status_code == 200
    assert "[1]" in tg.wait_sent(77, 1)[0]["text"]


# -- PostgreSQL ------------------------------------------------------------------------------------------


def test_nul_never_reaches_postgresql(encoder: MiniLMEncoder, model_cache: Path, tmp_path: Path) -> None:
    """PostgreSQL refuses NUL in text (psycopg raises DataError: a 500, with the question in the log's
    traceback): the edge refuses it first, in bodies, queries and paths alike."""
    server = connect_postgres()
    schema = server.create_schema()
    try:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            data_dir=tmp_path / "data",
            model_cache_dir=model_cache,
            database_url=server.url_for(schema),
            admin_token=ADMIN_TOKEN,
        )
        services = Services(settings, encoder=encoder)
        headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        try:
            with TestClient(web_app(settings, services), raise_server_exceptions=False) as client:
                for response in (
                    client.post("/v1/chat", json={"message": "hi\x00", "user_id": "u"}),
                    client.post("/v1/chat", json={"message": "hi", "user_id": "u\x00"}),
                    client.post("/v1/feedback", json={"message_id": "m\x00", "rating": "up"}),
                    client.get("/v1/sessions/s1", params={"user_id": "u\x00"}),
                    client.get("/v1/learners/u%00/progress"),
                    client.delete("/v1/users/u%00", headers=headers),
                ):
                    assert_refused(response)
        finally:
            services.close()
    finally:
        server.drop_schema(schema)
        server.engine.dispose()


def test_database_errors_carry_no_statement_parameters(harness: Harness) -> None:
    """SQLAlchemy puts a failed statement's parameters (questions, names) in the error's text, which the
    500 handler logs with its traceback: the question log's engine hides them."""
    with pytest.raises(sa.exc.OperationalError) as caught, harness.services.database.session() as session:
        session.execute(
            sa.text("SELECT * FROM no_such_table WHERE question = :q"), {"q": f"My CNIC is {CNIC}"}
        )
    assert "no_such_table" in str(caught.value) and CNIC not in str(caught.value)
