"""The server's own logs (uvicorn's access log prints every URL, query string included) keep no personal
data: a search or a session lookup with a CNIC, phone number or e-mail address in the URL is logged masked."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest

from assistant.api.app import create_app
from assistant.config import Settings
from tests.faults.server_process import served
from tests.privacy.helpers import EMAIL, WITH_PERSONAL_DATA, leaks

pytestmark = pytest.mark.slow


def test_access_log_masks_personal_data_in_urls(tmp_path: Path, model_cache: Path) -> None:
    env = {
        "ASSISTANT_DATA_DIR": str(tmp_path / "data"),
        "ASSISTANT_MODEL_CACHE_DIR": str(model_cache),
        "ASSISTANT_LOG_LEVEL": "INFO",
    }
    with served(env, tmp_path / "serve.log") as server:
        httpx.get(server.url + "/v1/search", params={"q": WITH_PERSONAL_DATA}, timeout=30)
        httpx.get(server.url + f"/v1/learners/{EMAIL}/progress", timeout=30)
        httpx.get(server.url + "/v1/sessions/abc", params={"user_id": EMAIL}, timeout=30)
    logged = server.output()
    assert "GET /v1/search?q=" in logged, logged  # the access log is on: the check below means something
    assert leaks(logged) == []
    assert "[CNIC]" in logged or "%5BCNIC%5D" in logged


def test_every_app_masks_uvicorn_logs(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    """Worker processes build their app with the factory and never run the CLI's logging set-up."""
    create_app(Settings(_env_file=None, data_dir=tmp_path))  # type: ignore[call-arg]
    access = logging.getLogger("uvicorn.access")
    # uvicorn's logging config (applied by any in-process server started earlier in the run) stops this
    # logger propagating to the root, where caplog listens: listen on the logger itself
    access.addHandler(caplog.handler)
    try:
        caplog.set_level(logging.INFO, logger="uvicorn.access")
        access.info(
            '%s - "%s %s HTTP/%s" %d',
            "127.0.0.1:5000",
            "GET",
            "/v1/search?q=0300-1234567+a%40b.pk",
            "1.1",
            200,
        )
    finally:
        access.removeHandler(caplog.handler)
    assert "0300-1234567" not in caplog.text and "a@b.pk" not in caplog.text
    assert "/v1/search?q=[PHONE] [EMAIL]" in caplog.text
