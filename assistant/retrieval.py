"""Hybrid retrieval: dense (Chroma) and lexical (BM25) candidates fused, de-duplicated and filtered."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.config import FusionMethod
from assistant.errors import InvalidQueryError
from assistant.index.catalog import Catalog, ChunkRecord
from assistant.index.lexical import LexicalIndex, tokenize
from assistant.index.vectors import VectorIndex
from assistant.query_expansion import expand_query

logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 4000
_DOCUMENT_CANDIDATES = 20
DOC_TYPES = ("course", "policy")


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One retrieved chunk with the signals that ranked it."""

    id: str
    source: str
    title: str
    section: str
    text: str
    page: int | None
    doc_type: str
    language: str
    score: float  # fused, in (0, 1]
    dense: float | None  # cosine similarity, when the dense side found it
    lexical: float | None  # BM25 score, when the lexical side found it


def embedding_text(title: str, section: str, text: str) -> str:
    """What the embedding model sees for a chunk: where it sits, then what it says."""
    where = " > ".join(p for p in (title, section) if p)
    return f"{where}\n{text}" if where else text


def lexical_text(chunk: ChunkRecord) -> str:
    return f"{chunk.title}\n{chunk.section}\n{chunk.text}"


def _fingerprint(text: str) -> str:
    return hashlib.sha1(re.sub(r"\W+", " ", text.lower()).strip().encode()).hexdigest()  # noqa: S324


def fuse_rrf(rankings: list[list[str]], k: int, boosts: dict[str, int] | None = None) -> dict[str, float]:
    """Reciprocal rank fusion, scaled so a chunk ranked first by every list scores 1.

    `boosts` gives a chunk the rank of its document in a document-level ranking, as one more list.
    """
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, chunk_id in enumerate(ranking):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (k + rank + 1)
    if boosts:
        for chunk_id, rank in boosts.items():
            if chunk_id in scores:
                scores[chunk_id] += 1.0 / (k + rank + 1)
    best = (len(rankings) + (1 if boosts is not None else 0)) / (k + 1)
    return {i: s / best for i, s in scores.items()}


def fuse_weighted(dense: dict[str, float], lexical: dict[str, float], weight: float) -> dict[str, float]:
    """Convex combination of cosine similarity and max-normalised BM25."""
    top = max(lexical.values(), default=0.0) or 1.0
    ids = dense.keys() | lexical.keys()
    return {i: weight * max(dense.get(i, 0.0), 0.0) + (1 - weight) * lexical.get(i, 0.0) / top for i in ids}


class HybridSearcher:
    """Searches the live index; safe to share between threads."""

    def __init__(
        self,
        catalog: Catalog,
        vectors: VectorIndex,
        embed_query: Any,
        fusion: FusionMethod = "rrf",
        rrf_k: int = 60,
        dense_weight: float = 0.5,
        candidates: int = 50,
        per_source: int = 1,
    ) -> None:
        self.catalog = catalog
        self.vectors = vectors
        self._embed_query = embed_query
        self.fusion = fusion
        self.rrf_k = rrf_k
        self.dense_weight = dense_weight
        self.candidates = candidates
        self.per_source = per_source
        self._generation = -1
        self._snapshot = _Snapshot({}, None, None)
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Rebuild the in-memory BM25 index and chunk table if the catalog changed."""
        generation = self.catalog.generation()
        if generation == self._generation:
            return
        with self._lock:
            if generation == self._generation:
                return
            chunks = self.catalog.all_chunks()
            self._snapshot = _build_snapshot(chunks)  # one swap: readers see old or new
            self._generation = generation
            logger.info("Lexical index rebuilt: %d chunks (generation %d)", len(chunks), generation)

    def search(
        self, query: str, k: int = 5, doc_type: str | None = None, per_source: int | None = None
    ) -> list[SearchHit]:
        """The `k` best chunks, at most `per_source` (default: the searcher's) from one document."""
        query = query.strip()
        if not query:
            raise InvalidQueryError("The query is empty.")
        if len(query) > MAX_QUERY_CHARS:
            raise InvalidQueryError(f"The query is longer than {MAX_QUERY_CHARS} characters.")
        if doc_type is not None and doc_type not in DOC_TYPES:
            raise InvalidQueryError(f"doc_type must be one of {', '.join(DOC_TYPES)}.")
        query = expand_query(query)
        self.refresh()
        snapshot = self._snapshot
        chunks = snapshot.chunks
        where = {"doc_type": doc_type} if doc_type else None
        vector = np.asarray(self._embed_query(query), dtype=np.float32)
        wanted = min(self.candidates, len(chunks))
        dense = {h.id: h.similarity for h in self.vectors.query(vector, wanted, where)}
        dense = {i: s for i, s in dense.items() if i in chunks}  # drop vectors not (yet) live
        lex: dict[str, float] = {}
        if snapshot.chunk_index:
            lex = {h.id: h.score for h in snapshot.chunk_index.search(query, self.candidates, doc_type)}
        if self.fusion == "rrf":
            doc_rank = _document_ranks(snapshot, query, doc_type)
            boosts = {
                i: doc_rank[chunks[i].source] for i in dense.keys() | lex if chunks[i].source in doc_rank
            }
            fused = fuse_rrf([list(dense), list(lex)], self.rrf_k, boosts)
        else:
            fused = fuse_weighted(dense, lex, self.dense_weight)
        return self._select(fused, chunks, dense, lex, k, per_source or self.per_source)

    def term_weights(self, text: str) -> dict[str, float]:
        """IDF of each content word of `text` in the live corpus (rare words weigh more)."""
        self.refresh()
        index = self._snapshot.chunk_index
        return {t: index.idf(t) if index else 1.0 for t in tokenize(text)}

    def document_around(self, hit: SearchHit, radius: int) -> list[SearchHit]:
        """Chunks of `hit`'s document within `radius` positions of it, in reading order (without `hit`)."""
        snapshot = self._snapshot
        chunk = snapshot.chunks.get(hit.id)
        if chunk is None:
            return []
        found = []
        for ordinal in range(chunk.ordinal - radius, chunk.ordinal + radius + 1):
            near = snapshot.positions.get((chunk.source, ordinal))
            if near is not None and near.id != hit.id:
                found.append(_hit(near, hit.score * 0.9, None, None))
        return found

    def lexical_scale(self) -> float:
        """The IDF of a word seen once: BM25 scores divided by it compare across corpora of any size."""
        index = self._snapshot.chunk_index
        return index.max_idf if index is not None else 1.0

    def knows(self, term: str) -> bool:
        """Whether a (stemmed) term occurs anywhere in the live corpus."""
        index = self._snapshot.chunk_index
        return index is not None and index.idf(term) < index.max_idf

    @staticmethod
    def _select(
        fused: dict[str, float],
        chunks: dict[str, ChunkRecord],
        dense: dict[str, float],
        lex: dict[str, float],
        k: int,
        per_source: int,
    ) -> list[SearchHit]:
        """Best first, without repeated text and with at most `per_source` chunks per document."""
        hits: list[SearchHit] = []
        seen: set[str] = set()
        taken: dict[str, int] = {}
        for chunk_id in sorted(fused, key=fused.__getitem__, reverse=True):
            chunk = chunks[chunk_id]
            fingerprint = _fingerprint(chunk.text)
            if fingerprint in seen or taken.get(chunk.source, 0) >= per_source:
                continue
            seen.add(fingerprint)
            taken[chunk.source] = taken.get(chunk.source, 0) + 1
            hits.append(_hit(chunk, fused[chunk_id], dense.get(chunk_id), lex.get(chunk_id)))
            if len(hits) == k:
                break
        return hits


@dataclass(frozen=True, slots=True)
class _Snapshot:
    """Live chunks and the BM25 indexes over them, swapped as one object when the catalog changes."""

    chunks: dict[str, ChunkRecord]
    chunk_index: LexicalIndex | None
    document_index: LexicalIndex | None
    positions: dict[tuple[str, int], ChunkRecord] = field(default_factory=dict)


def _build_snapshot(chunks: list[ChunkRecord]) -> _Snapshot:
    by_source: dict[str, list[ChunkRecord]] = {}
    for chunk in chunks:
        by_source.setdefault(chunk.source, []).append(chunk)
    chunk_index = LexicalIndex(
        [c.id for c in chunks], [lexical_text(c) for c in chunks], [c.doc_type for c in chunks]
    )
    document_index = LexicalIndex(
        list(by_source),
        [
            parts[0].title + "\n" + "\n".join(f"{c.section}\n{c.text}" for c in parts)
            for parts in by_source.values()
        ],
        [parts[0].doc_type for parts in by_source.values()],
    )
    positions = {(c.source, c.ordinal): c for c in chunks}
    return _Snapshot({c.id: c for c in chunks}, chunk_index, document_index, positions)


def _document_ranks(snapshot: _Snapshot, query: str, doc_type: str | None) -> dict[str, int]:
    """Rank of each document by BM25 over its whole text: words of a query spread over several chunks."""
    if snapshot.document_index is None:
        return {}
    hits = snapshot.document_index.search(query, _DOCUMENT_CANDIDATES, doc_type)
    return {h.id: rank for rank, h in enumerate(hits)}


def _hit(chunk: ChunkRecord, score: float, dense: float | None, lexical: float | None) -> SearchHit:
    return SearchHit(
        id=chunk.id,
        source=chunk.source,
        title=chunk.title,
        section=chunk.section,
        text=chunk.text,
        page=chunk.page,
        doc_type=chunk.doc_type,
        language=chunk.language,
        score=round(score, 6),
        dense=dense,
        lexical=lexical,
    )


class HybridRetriever(BaseRetriever):
    """The searcher as a LangChain retriever, for chains that expect one."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: HybridSearcher
    k: int = 5
    doc_type: str | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [
            Document(
                id=h.id,
                page_content=h.text,
                metadata={
                    "source": h.source,
                    "title": h.title,
                    "section": h.section,
                    "page": h.page,
                    "doc_type": h.doc_type,
                    "score": h.score,
                },
            )
            for h in self.searcher.search(query, self.k, self.doc_type)
        ]
