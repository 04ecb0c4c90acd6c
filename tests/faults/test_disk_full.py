"""The data dir's disk fills up: questions get a 503 saying storage is full (never a 500, and not "database
unreachable", which would send an operator looking at the wrong thing), searches keep working,
an ingest fails cleanly, and once space is freed everything recovers without a restart - nothing lost,
nothing duplicated.

The data dir is a small tmpfs mounted for the test (needs root, as in CI here); where mounting is not
permitted the test is skipped with the reason.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.api.errors import STORAGE_FULL
from assistant.config import Settings
from assistant.embeddings import MiniLMEncoder
from assistant.services import Services
from tests.faults.server_process import assistant_command
from tests.helpers.corpus import write_corpus

pytestmark = pytest.mark.slow

SIZE = "24m"
QUESTION = "What does temperature control?"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(  # noqa: S603, S607 - fixed arguments
        ["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)  # noqa: S603, S607


def _fill(disk: Path) -> Path:
    """Write a file until the disk is full; returns it (delete it to free the space)."""
    filler = disk / "filler"
    chunk = b"\0" * (256 * 1024)
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(chunk)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    with filler.open("ab", buffering=0) as handle:  # the last partial blocks too
        for size in (4096, 512, 1):
            try:
                while True:
                    handle.write(b"\0" * size)
            except OSError:
                continue
    return filler


def test_a_full_disk_is_a_503_and_recovers_by_itself(
    small_disk: Path, tmp_path: Path, model_cache: Path, encoder: MiniLMEncoder
) -> None:
    settings = Settings(_env_file=None, data_dir=small_disk / "data", model_cache_dir=model_cache)  # type: ignore[call-arg]
    services = Services(settings, encoder=encoder)
    corpus = write_corpus(tmp_path / "corpus")
    assert services.ingestor.ingest([corpus]).ok
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "leave.md").write_text("# Leave rules\n\nCasual leave is ten days a year for every officer.\n")
    with TestClient(create_app(settings, services), raise_server_exceptions=False) as client:
        asked = client.post("/v1/chat", json={"message": QUESTION, "user_id": "disk-learner"})
        assert asked.status_code == 200
        session = asked.json()["session_id"]
        filler = _fill(small_disk)

        refused = [
            client.post(
                "/v1/chat", json={"message": QUESTION, "user_id": "disk-learner", "session_id": session}
            )
            for _ in range(3)
        ]
        assert [r.status_code for r in refused] == [503, 503, 503], [r.text for r in refused]
        assert all(r.json()["detail"] == STORAGE_FULL and r.headers["Retry-After"] for r in refused)
        assert client.get("/v1/search", params={"q": "temperature"}).status_code == 200  # reads still work
        failed = client.post("/v1/exercises/" + _first_exercise(client) + "/attempts", json=_attempt())
        assert failed.status_code == 503
        assert failed.json()["detail"] == STORAGE_FULL and failed.headers["Retry-After"]
        # `assistant ingest` is its own process (embedded Chroma does not recover from ENOSPC in the
        # process that hit it: its next write hangs, so the ingest that failed must exit, as the CLI does)
        full = _ingest(settings, extra, tmp_path / "full.log")
        assert full != 0
        assert services.catalog.document("leave.md") is None
        assert services.catalog.chunk_ids() == services.vectors.ids()

        filler.unlink()  # space is back: no restart

        again = client.post(
            "/v1/chat", json={"message": QUESTION, "user_id": "disk-learner", "session_id": session}
        )
        assert again.status_code == 200, again.text
        history = client.get(f"/v1/sessions/{session}", params={"user_id": "disk-learner"}).json()["messages"]
        assert [m["message_id"] for m in history] == [asked.json()["message_id"], again.json()["message_id"]]
        assert (
            client.post("/v1/exercises/" + _first_exercise(client) + "/attempts", json=_attempt()).status_code
            == 201
        )
        progress = client.get("/v1/learners/disk-learner/progress").json()
        assert progress["total_attempts"] == 1
        assert _ingest(settings, extra, tmp_path / "freed.log") == 0, (tmp_path / "freed.log").read_text()
        assert services.catalog.document("leave.md") is not None
        assert services.catalog.chunk_ids() == services.vectors.ids()
        assert (
            client.get("/v1/search", params={"q": "casual leave days"}).json()["results"][0]["source"]
            == "leave.md"
        )
    services.close()


def _ingest(settings: Settings, path: Path, log: Path) -> int:
    env = {
        "ASSISTANT_DATA_DIR": str(settings.data_dir),
        "ASSISTANT_MODEL_CACHE_DIR": str(settings.model_cache_dir),
    }
    with log.open("wb") as sink:
        return subprocess.run(  # noqa: S603 - our own command
            assistant_command("ingest", str(path)),
            env={**os.environ, **env},
            stdout=sink,
            stderr=sink,
            timeout=120,
        ).returncode


def _first_exercise(client: TestClient) -> str:
    return str(client.get("/v1/exercises").json()["exercises"][0]["id"])


def _attempt() -> dict[str, str]:
    return {
        "user_id": "disk-learner",
        "prompt": "Summarise the memo in three bullet points for the director.",
    }


def _add_failing_write(app: FastAPI) -> None:
    @app.post("/write/{code}")
    def write(code: int) -> None:
        raise OSError(code, os.strerror(code))


def test_a_full_disk_outside_the_database_is_a_503_too(services: Services) -> None:
    """ENOSPC from a plain file write says the same; any other OSError stays a logged 500."""
    app = create_app(services.settings, services)
    _add_failing_write(app)
    with TestClient(app, raise_server_exceptions=False) as plain:
        for code in (errno.ENOSPC, errno.EDQUOT):
            full = plain.post(f"/write/{code}")
            assert full.status_code == 503 and full.headers["Retry-After"]
            assert full.json() == {"detail": STORAGE_FULL}
        denied = plain.post(f"/write/{errno.EACCES}")
        assert denied.status_code == 500 and "Permission" not in denied.text
