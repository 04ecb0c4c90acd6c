"""DELETE /v1/users/{id}: erasure of a learner's data; idempotent."""

from __future__ import annotations

from typing import get_args

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from assistant.api.schemas import Channel
from assistant.services import Services
from assistant.storage.models import CHANNELS
from tests.api.conftest import MakeClient
from tests.helpers.questions import log_exchange

TOKEN = "portal-service-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    return make_client(admin_token=SecretStr(TOKEN))


def test_forget_removes_the_users_rows_and_only_theirs(client: TestClient, services: Services) -> None:
    log = services.question_log
    session, message_id = log_exchange(log, "my question", user="learner-7")
    log_exchange(log, "a follow-up", session_id=session, user="learner-7")
    log.add_feedback(message_id, "up")
    other_session, _ = log_exchange(log, "another learner", user="learner-8")

    response = client.delete("/v1/users/learner-7", params={"channel": "api"}, headers=AUTH)

    assert response.status_code == 200
    assert response.json() == {"deleted": 5}  # user, session, two messages, feedback
    assert client.get(f"/v1/sessions/{session}", params={"user_id": "learner-7"}).status_code == 404
    assert client.get(f"/v1/sessions/{other_session}", params={"user_id": "learner-8"}).status_code == 200
    assert log.count_messages() == 1


def test_channel_defaults_to_api_and_scopes_the_id(client: TestClient, services: Services) -> None:
    log_exchange(services.question_log, "from telegram", user="42", channel="telegram")

    assert client.delete("/v1/users/42", headers=AUTH).json() == {"deleted": 0}
    assert client.delete("/v1/users/42", params={"channel": "telegram"}, headers=AUTH).json() == {
        "deleted": 3
    }


def test_unknown_or_forgotten_user_is_zero_not_an_error(client: TestClient, services: Services) -> None:
    log_exchange(services.question_log, "q", user="once")

    assert client.delete("/v1/users/once", headers=AUTH).json()["deleted"] == 3
    again = client.delete("/v1/users/once", headers=AUTH)
    assert again.status_code == 200 and again.json() == {"deleted": 0}
    assert client.delete("/v1/users/never-seen", headers=AUTH).json() == {"deleted": 0}


def test_unknown_channel_is_422(client: TestClient) -> None:
    assert client.delete("/v1/users/u1", params={"channel": "fax"}, headers=AUTH).status_code == 422


def test_api_channels_match_the_question_log() -> None:
    assert set(get_args(Channel)) == CHANNELS


def test_erasure_needs_the_service_token(client: TestClient, services: Services) -> None:
    log_exchange(services.question_log, "q", user="victim")
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        response = client.delete("/v1/users/victim", headers=headers)
        assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"
    assert services.question_log.count_messages() == 1


def test_erasure_is_off_until_a_token_is_configured(make_client: MakeClient) -> None:
    response = make_client().delete("/v1/users/anyone", headers=AUTH)
    assert response.status_code == 403 and "ASSISTANT_ADMIN_TOKEN" in response.json()["detail"]
