"""The published contract: every route that answers JSON says what it answers with a response model."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_every_json_route_declares_its_response_model(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    untyped = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                content = response.get("content", {})
                if not code.startswith("2") or set(content) - {"application/json"}:
                    continue  # errors have their own models; streams and CSV are not JSON
                body = content.get("application/json", {}).get("schema")
                if body is not None and not ({"$ref", "anyOf", "items"} & set(body)):
                    untyped.append(f"{method.upper()} {path} {code}")
    assert untyped == []
    assert len(schema["paths"]) >= 25  # the console and widget routes are in it, not only /v1
