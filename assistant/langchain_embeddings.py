"""The encoder as LangChain's `Embeddings`, for the answering core: a module of its own so that commands
that embed no question (`assistant ingest`) do not load LangChain (0.12 s of a re-ingest's 1.1 s)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.embeddings import MiniLMEncoder


class MiniLMEmbeddings(Embeddings):
    """The encoder as a LangChain `Embeddings`, with a small cache for repeated queries."""

    def __init__(self, encoder: MiniLMEncoder) -> None:
        self.encoder = encoder
        self._query_cache = lru_cache(maxsize=1024)(self._embed_one)

    def _embed_one(self, text: str) -> tuple[float, ...]:
        return tuple(self.encoder.encode([text])[0].tolist())

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encoder.encode(texts).tolist()

    def query_cache_counts(self) -> tuple[int, int]:
        """(hits, misses) of the query cache since start: repeated questions are embedded once."""
        info = self._query_cache.cache_info()
        return info.hits, info.misses

    def embed_query(self, text: str) -> list[float]:
        return list(self._query_cache(text))

    def embed_query_array(self, text: str) -> np.ndarray:
        """The query vector as numpy (skips list conversion on the hot path)."""
        return np.asarray(self._query_cache(text), dtype=np.float32)
