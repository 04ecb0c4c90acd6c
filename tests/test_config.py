"""Settings read from the environment: the checks that refuse a value before anything starts."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.config import Settings


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_public_url_is_an_http_address_without_a_trailing_slash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASSISTANT_PUBLIC_URL", raising=False)
    assert _settings().public_url is None
    assert _settings(public_url="").public_url is None
    assert _settings(public_url="http://10.0.0.5:8000/ustad").public_url == "http://10.0.0.5:8000/ustad"
    monkeypatch.setenv("ASSISTANT_PUBLIC_URL", "https://ustad.example.gov.pk/")
    assert _settings().public_url == "https://ustad.example.gov.pk"


@pytest.mark.parametrize(
    "bad", ["ustad.example.gov.pk", "javascript:alert(1)", "ftp://x.example", "https://", "https://x/?a=1"]
)
def test_public_url_refuses_what_is_not_one(bad: str) -> None:
    with pytest.raises(ValidationError, match="public_url"):
        _settings(public_url=bad)
