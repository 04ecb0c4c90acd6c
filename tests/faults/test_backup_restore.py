"""The backup and restore of docs/operations.md, run exactly as written (the bash blocks are read from the
document): an online backup while the API serves, a lost data dir, a restore, and everything as it was at
the backup - the conversation, the index, search and readiness."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.embeddings import MiniLMEncoder
from assistant.services import Services

pytestmark = pytest.mark.slow

DOC = Path(__file__).resolve().parents[2] / "docs" / "operations.md"


def documented_block(name: str) -> str:
    """The bash block that follows `<!-- test: NAME ... -->` in docs/operations.md."""
    found = re.search(rf"<!-- test: {name}\b.*?-->\s*```bash\n(.*?)```", DOC.read_text(), re.DOTALL)
    assert found, f"no block {name!r} in {DOC}"
    return found.group(1)


def run_documented(name: str, data: Path, backup: Path) -> str:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data), "BACKUP": str(backup)}
    done = subprocess.run(  # noqa: S603 - the documented commands
        ["bash", "-c", documented_block(name)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout


def test_the_documented_backup_and_restore(indexed: Services, encoder: MiniLMEncoder, tmp_path: Path) -> None:
    data, backup = indexed.settings.data_dir, tmp_path / "backup"
    with TestClient(create_app(indexed.settings, indexed)) as client:
        first = client.post("/v1/chat", json={"message": "What does temperature control?", "user_id": "b-1"})
        session = first.json()["session_id"]
        client.post("/v1/feedback", json={"message_id": first.json()["message_id"], "rating": "up"})
        before = client.get("/readyz").json()

        assert "backed up to" in run_documented("backup-embedded", data, backup)  # online, while serving

        after_backup = {"message": "What is a stop sequence?", "user_id": "b-1", "session_id": session}
        assert client.post("/v1/chat", json=after_backup).status_code == 200
    indexed.close()
    shutil.rmtree(data)  # the disaster

    run_documented("restore-embedded", data, backup)

    restored = Services(indexed.settings, encoder=encoder)
    try:
        with TestClient(create_app(restored.settings, restored)) as client:
            assert client.get("/readyz").json() == before
            history = client.get(f"/v1/sessions/{session}", params={"user_id": "b-1"}).json()["messages"]
            assert [m["message_id"] for m in history] == [first.json()["message_id"]]  # as at the backup
            hits = client.get("/v1/search", params={"q": "stop sequence list of ten items"}).json()["results"]
            assert hits and hits[0]["source"] == "course/settings.md"
            assert client.post("/v1/chat", json=after_backup).status_code == 200  # writable again
        assert restored.catalog.chunk_ids() == restored.vectors.ids()
        assert len(restored.question_log.rated_exchanges("up")) == 1
    finally:
        restored.close()
