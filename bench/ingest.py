"""Ingestion speed on ../shared/corpus: cold ingest and unchanged re-ingest through the real CLI, the
LangChain-tutorial baseline's ingest in the same run, and embedding throughput (ours vs Chroma's default
embedding function) on the same chunks and on short queries.

Run: `.venv/bin/python bench/ingest.py`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import CORPUS, ROOT, install_chroma_default_model, require_shared, retrieval_cases

CLI = [sys.executable, "-m", "assistant.cli"]


def timed_cli(args: list[str], data_dir: Path, model_cache: Path | None = None) -> float:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir)}
    if model_cache is not None:
        env["ASSISTANT_MODEL_CACHE_DIR"] = str(model_cache)
    started = time.perf_counter()
    subprocess.run([*CLI, *args], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603
    return time.perf_counter() - started


def throughput(encode, texts: list[str], count_tokens) -> float:  # type: ignore[no-untyped-def]
    encode(texts[:8])
    tokens = sum(count_tokens(t) for t in texts)
    started = time.perf_counter()
    encode(texts)
    return tokens / (time.perf_counter() - started)


def main() -> None:
    require_shared()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        timed_cli(["prepare"], work / "unused")  # what `make install` does
        cold = timed_cli(["ingest", str(CORPUS)], work / "data")
        warm = timed_cli(["ingest", str(CORPUS)], work / "data")
        first_ever = timed_cli(["ingest", str(CORPUS)], work / "data-2", model_cache=work / "empty-cache")
        sys.path.insert(0, str(ROOT))
        from baseline import Baseline

        baseline = Baseline(work)
        started = time.perf_counter()
        baseline.ingest()
        base = time.perf_counter() - started
        print(f"cold ingest (CLI, fresh data dir, model prepared at install): {cold:.1f} s")
        print(f"first run ever (also prepares the model, empty model cache): {first_ever:.1f} s")
        print(f"baseline ingest (RecursiveCharacterTextSplitter + Chroma default EF): {base:.1f} s")
        print(f"ratio ours/baseline: {cold / base:.2f}x (issue 19: <= 0.25x)")
        print(f"re-ingest of the unchanged corpus (CLI, whole process): {warm:.2f} s (issue 19: <= 1 s)")
        measure_embedding(work)


def measure_embedding(work: Path) -> None:
    import sqlite3

    from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2

    from assistant.embeddings import MiniLMEncoder
    from assistant.index.vectors import embedding_text

    catalog = sqlite3.connect(work / "data" / "index" / "catalog.db")
    chunks = [embedding_text(*row) for row in catalog.execute("select title, section, text from chunks")]
    queries = [c.query for c in retrieval_cases()]
    ours = MiniLMEncoder("int8-dynamic", cache_dir=work / "empty-cache")
    install_chroma_default_model(work / "chroma-model")
    chroma = ONNXMiniLM_L6_V2()
    count = ours.count_tokens  # real (unpadded) tokens, the same measure for both
    for label, texts in (("chunks", chunks), ("short queries", queries * 5)):
        mine = throughput(ours.encode, texts, count)
        theirs = throughput(chroma, texts, count)
        print(
            f"embedding {label} ({len(texts)} texts): ours {mine:,.0f} tokens/s, "
            f"Chroma default {theirs:,.0f} tokens/s, ratio {mine / theirs:.1f}x"
        )
    started = time.perf_counter()
    for q in queries:
        ours.encode([q])
    print(f"one query embedded alone: {(time.perf_counter() - started) / len(queries) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
