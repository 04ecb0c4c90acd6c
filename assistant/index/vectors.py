"""The dense side of the index: a Chroma collection, embedded on disk or on a Chroma server."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from assistant.errors import IndexUnavailableError

logger = logging.getLogger(__name__)

_ADD_BATCH = 1000
Metadata = Mapping[str, str | int | float | bool]


@dataclass(frozen=True, slots=True)
class DenseHit:
    id: str
    similarity: float  # cosine similarity in [-1, 1]


def connect(persist_dir: Path, url: str | None) -> Any:
    """A Chroma client: `HttpClient` when a server URL is set, else `PersistentClient` on disk. (Chroma
    is imported here, not at start-up: an unchanged re-ingest never opens it.)"""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if url:
            parsed = urlparse(url)
            return chromadb.HttpClient(
                host=parsed.hostname or "localhost",
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=settings,
            )
        persist_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(persist_dir), settings=settings)
    except Exception as exc:  # chromadb raises bare ValueError/ConnectionError variants
        where = url or persist_dir
        raise IndexUnavailableError(f"Cannot open the Chroma index at {where}: {exc}") from exc


@contextmanager
def _unavailable_on_failure(action: str) -> Iterator[None]:
    """Chroma's client raises many exception types when the server is down; callers see one."""
    try:
        yield
    except IndexUnavailableError:
        raise
    except Exception as exc:
        raise IndexUnavailableError(f"The vector index could not {action}: {exc}") from exc


class VectorIndex:
    """Vectors by chunk id. Embeddings are always passed in, so Chroma never runs its default model."""

    def __init__(self, client: Any, name: str, embedding_function: Any) -> None:
        self._client = client
        try:
            self._collection = client.get_or_create_collection(
                name=name,
                embedding_function=embedding_function,
                metadata={"hnsw:space": "cosine"},
            )
        except Exception as exc:
            raise IndexUnavailableError(f"Cannot open the Chroma collection {name!r}: {exc}") from exc

    def count(self) -> int:
        with _unavailable_on_failure("count vectors"):
            return int(self._collection.count())

    def ids(self) -> set[str]:
        with _unavailable_on_failure("list vectors"):
            result = self._collection.get(include=[])
        return set(result["ids"])

    def add(
        self,
        ids: Sequence[str],
        vectors: np.ndarray,
        metadatas: Sequence[Metadata],
        documents: Sequence[str],
    ) -> None:
        for start in range(0, len(ids), _ADD_BATCH):
            end = start + _ADD_BATCH
            with _unavailable_on_failure("store vectors"):
                self._collection.upsert(
                    ids=list(ids[start:end]),
                    embeddings=vectors[start:end],
                    metadatas=[dict(m) for m in metadatas[start:end]],
                    documents=list(documents[start:end]),
                )

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), _ADD_BATCH):
            with _unavailable_on_failure("delete vectors"):
                self._collection.delete(ids=list(ids[start : start + _ADD_BATCH]))

    def query(self, vector: np.ndarray, n: int, where: dict[str, Any] | None = None) -> list[DenseHit]:
        """The `n` nearest vectors; the caller bounds `n` by what is indexed."""
        if n <= 0:
            return []
        with _unavailable_on_failure("be searched"):
            result = self._collection.query(
                query_embeddings=[vector],
                n_results=n,
                where=where or None,
                include=["distances"],
            )
        ids = result["ids"][0]
        distances = result["distances"][0] if result["distances"] else [0.0] * len(ids)
        return [DenseHit(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]

    def heartbeat(self) -> None:
        """Raise `IndexUnavailableError` if the store cannot be reached."""
        try:
            self._client.heartbeat()
        except Exception as exc:
            raise IndexUnavailableError(f"The Chroma index is unreachable: {exc}") from exc


def embedding_text(title: str, section: str, text: str) -> str:
    """What the embedding model sees for a chunk: where it sits, then what it says."""
    # text above a document's first heading has the title as its section: say it once
    where = " > ".join(dict.fromkeys(p for p in (title, section) if p))
    return f"{where}\n{text}" if where else text
