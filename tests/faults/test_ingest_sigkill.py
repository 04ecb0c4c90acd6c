"""`assistant ingest` killed with SIGKILL mid-run, then run again: every document indexed exactly once, and
the catalog and the vector store agree (no orphan vectors, no chunk without its vector)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.embeddings import MiniLMEncoder
from assistant.ingest.pipeline import discover
from assistant.services import Services
from tests.faults.server_process import assistant_command
from tests.helpers.corpus import write_corpus

pytestmark = pytest.mark.slow

TOPICS = ["budget", "procurement", "leave", "transfer", "training", "records", "audit", "grievance"]


def _big_corpus(root: Path, files: int = 100) -> Path:
    """The test corpus plus `files` generated policy notes of a few chunks each (several embedding groups)."""
    corpus = write_corpus(root)
    for n in range(files):
        topic = TOPICS[n % len(TOPICS)]
        paragraphs = "\n\n".join(
            f"Rule {n}.{p}: officers handling {topic} case {n} must record decision {n * 10 + p} in the "
            f"register, cite the notification, and inform the section officer within {p + 2} working days."
            for p in range(8)
        )
        note = root / "policy" / "notes" / f"note-{n:03d}.md"
        note.parent.mkdir(parents=True, exist_ok=True)
        note.write_text(f"# {topic.title()} note {n}\n\n## Procedure\n\n{paragraphs}\n", encoding="utf-8")
    return corpus


def _catalogued(catalog: Path) -> int:
    """Documents in the catalog as another process sees it (0 while it does not exist or is locked)."""
    if not catalog.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{catalog}?mode=ro", uri=True, timeout=0.2) as connection:
            return int(connection.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def _ingest(env: dict[str, str], corpus: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as sink:  # the child keeps its own copy of the file
        return subprocess.Popen(  # noqa: S603 - our own command
            assistant_command("ingest", str(corpus), "--json"),
            env={**os.environ, **env},
            stdout=sink,
            stderr=subprocess.STDOUT,
        )


def test_sigkill_mid_ingest_then_rerun_loses_and_duplicates_nothing(
    tmp_path: Path, model_cache: Path, encoder: MiniLMEncoder
) -> None:
    corpus = _big_corpus(tmp_path / "corpus")
    files = sorted(f.source for f in discover(corpus)[0])
    data = tmp_path / "data"
    env = {"ASSISTANT_DATA_DIR": str(data), "ASSISTANT_MODEL_CACHE_DIR": str(model_cache)}
    catalog = data / "index" / "catalog.db"

    first = _ingest(env, corpus, tmp_path / "first.log")
    deadline = time.monotonic() + 120
    while _catalogued(catalog) == 0 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)  # after the first group was switched in, before the last
    first.wait(timeout=30)
    done_when_killed = _catalogued(catalog)
    assert first.returncode == -signal.SIGKILL, "ingest finished before it could be killed"
    assert 0 < done_when_killed < len(files)

    second = _ingest(env, corpus, tmp_path / "second.log")
    assert second.wait(timeout=300) == 0, (tmp_path / "second.log").read_text(errors="replace")

    services = Services(Settings(_env_file=None, **_settings(env)), encoder=encoder)  # type: ignore[arg-type]
    try:
        documents = services.catalog.documents()
        assert sorted(d.source for d in documents) == files  # each file once, none missing
        live = services.catalog.chunk_ids()
        assert live == services.vectors.ids()  # no orphan vector, no chunk without one
        assert len(live) == sum(d.chunk_count for d in documents) == services.vectors.count()
        again = services.ingestor.ingest([corpus])
        assert (again.added, again.updated, again.unchanged) == ([], [], len(files))
        hits = services.searcher.search("grievance case 7 decision 75 register", 5, None)
        assert hits[0].source == "policy/notes/note-007.md"
        assert len({h.source for h in hits}) == len(hits)
    finally:
        services.close()


def _settings(env: dict[str, str]) -> dict[str, Path]:
    return {
        "data_dir": Path(env["ASSISTANT_DATA_DIR"]),
        "model_cache_dir": Path(env["ASSISTANT_MODEL_CACHE_DIR"]),
    }
