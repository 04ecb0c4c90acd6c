"""Hybrid retrieval: chunk and sentence vectors (Chroma) and BM25 over chunks and whole documents,
weighed into one score, spread over documents and returned as passages."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assistant.corpus_spelling import CorpusSpelling
from assistant.embeddings import wordpiece_words
from assistant.errors import InvalidQueryError, TooLongError
from assistant.index.catalog import DOC_TYPES, Catalog, ChunkRecord, UnitRecord
from assistant.index.lexical import LexicalIndex, tokenize
from assistant.index.sentence_scan import SentenceScan
from assistant.index.units import is_reference_section, split_sentences, split_units
from assistant.index.vectors import VectorIndex
from assistant.messages import language_of
from assistant.policy import RetrievalPolicy
from assistant.query_expansion import expand_query, for_embedding
from assistant.urdu_spelling import URDU_SCRIPT
from assistant.wording import english_words, read, spelled_out

logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 4000
# how often the catalog is asked whether another process changed the index (this process's own
# changes are seen at once); one query per search and several per chat cost 4% of a search at 16x
_POLL_SECONDS = 0.5
_MIN_EMBEDDED_WORDS = 3  # fewer known words: the question is embedded whole


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


def lexical_text(chunk: ChunkRecord) -> str:
    return f"{chunk.title}\n{chunk.section}\n{chunk.text}"


def _fingerprint(text: str) -> str:
    return hashlib.sha1(re.sub(r"\W+", " ", text.lower()).strip().encode()).hexdigest()  # noqa: S324


class HybridSearcher:
    """Searches the live index; safe to share between threads.

    A chunk's score adds four signals with the policy's weights: its cosine to the question, the
    cosine of its closest sentence (assistant.index.units: paraphrases reach the one sentence that
    answers them), its BM25 and its document's BM25 (each over the query's best, so the sum does not
    depend on corpus size). Results are spread over documents by a penalty per passage already taken
    from the same one, and each result is a passage: the hit read together with its best neighbour.
    """

    def __init__(
        self,
        catalog: Catalog,
        vectors: VectorIndex,
        embed_query: Any,
        policy: RetrievalPolicy | None = None,
        per_source: int = 3,
    ) -> None:
        self.catalog = catalog
        self.vectors = vectors
        self._embed_query = embed_query
        self.policy = policy or RetrievalPolicy()
        self.per_source = per_source
        self._generation = -1
        self._polled_at = float("-inf")
        self._local_changes = -1
        self._snapshot = _Snapshot({}, None, None)
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Rebuild the in-memory BM25 indexes, chunk table and sentence vectors if the catalog changed:
        at once for this process's changes, within `_POLL_SECONDS` for another process's."""
        now = time.monotonic()
        local = self.catalog.local_changes
        if local == self._local_changes and now - self._polled_at < _POLL_SECONDS:
            return
        self._polled_at, self._local_changes = now, local
        generation = self.catalog.generation()
        if generation == self._generation:
            return
        with self._lock:
            if generation == self._generation:
                return
            chunks = self.catalog.all_chunks()
            self._snapshot = _build_snapshot(chunks, self.catalog.all_units())  # one swap: old or new
            self._generation = generation
            logger.info("Lexical index rebuilt: %d chunks (generation %d)", len(chunks), generation)

    def search(
        self, query: str, k: int = 5, doc_type: str | None = None, per_source: int | None = None
    ) -> list[SearchHit]:
        """The `k` best passages, at most `per_source` (default: the searcher's) from one document."""
        query = query.strip()
        if not query:
            raise InvalidQueryError("The query is empty.")
        if len(query) > MAX_QUERY_CHARS:
            raise TooLongError(f"The query is longer than {MAX_QUERY_CHARS} characters.")
        if doc_type is not None and doc_type not in DOC_TYPES:
            raise InvalidQueryError(f"doc_type must be one of {', '.join(DOC_TYPES)}.")
        query = self.expand(query)
        self.refresh()
        snapshot = self._snapshot
        if not snapshot.chunks:
            return []
        policy = self.policy
        vector = self._query_vector(query)
        where = {"doc_type": doc_type} if doc_type else None
        wanted = min(policy.candidates, len(snapshot.chunks))
        dense = {h.id: h.similarity for h in self.vectors.query(vector, wanted, where)}
        dense = {i: s for i, s in dense.items() if i in snapshot.chunks}  # drop vectors not (yet) live
        closest = snapshot.closest_units(vector, doc_type)
        lexical: dict[str, float] = {}
        if snapshot.chunk_index:
            lexical = {h.id: h.score for h in snapshot.chunk_index.search(query, wanted, doc_type)}
        candidates = set(dense) | set(lexical) | set(_top(closest, wanted))
        documents, best_document = _document_scores(snapshot, query, candidates, doc_type)
        floor = min(dense.values(), default=0.0)  # a chunk a side did not return is below its last
        unit_floor = min(closest.values(), default=0.0)
        best_lexical = max(lexical.values(), default=0.0) or 1.0
        best_document = best_document or 1.0
        total = (policy.dense + policy.unit + policy.lexical + policy.document) or 1.0
        scores = {  # in [0, 1]: 1 is a chunk first on every signal with a cosine of 1
            i: max(
                0.0,
                policy.dense * dense.get(i, floor)
                + policy.unit * closest.get(i, unit_floor)
                + policy.lexical * lexical.get(i, 0.0) / best_lexical
                + policy.document * documents.get(snapshot.chunks[i].source, 0.0) / best_document,
            )
            / total
            for i in candidates
        }
        if not _ASKS_FOR_WORKS.search(query):  # a list of other works answers only a question for them
            scores = {i: s for i, s in scores.items() if i not in snapshot.reference_chunks}
        hits: list[SearchHit] = []
        read: set[str] = set()  # fingerprints of the chunks already in a passage: none is read twice
        for i in self._select(scores, snapshot, k * 2, per_source or self.per_source):
            if snapshot.fingerprints[i] in read:
                continue
            parts = _window(snapshot, i, closest, policy.window, read)
            read.update(snapshot.fingerprints[c.id] for c in parts)
            hits.append(_hit(snapshot.chunks[i], parts, scores[i], dense.get(i), lexical.get(i)))
            if len(hits) == k:
                break
        return hits

    def expand(self, query: str) -> str:
        """`query` with the course's terms for its everyday and Urdu words (`expand_query`) and, for Urdu
        script, its whole English reading: the words the tables read and the corpus's words and names it
        spells ("ٹیمپریچر": temperature), which the English embedding model and BM25 can match; for
        English, the corpus words its misspelt words stand for. Kept per snapshot: a question is
        expanded for its search, its quotes and its follow-up test alike."""
        self.refresh()
        expanded = self._snapshot.expanded
        found = expanded.get(query)
        if found is None:
            if len(expanded) >= _EXPANDED_KEPT:
                expanded.clear()
            found = expanded[query] = self._expand(query)
        return found

    def _expand(self, query: str) -> str:
        query = expand_query(query)
        if URDU_SCRIPT.search(query):
            english = english_words(query, 1.0, self.spelled(query)).split()
        else:
            english = self.corrections(query)
        missing = [w for w in dict.fromkeys(english) if w not in query.lower()]
        return f"{query}\n{' '.join(missing)}" if missing else query

    def corrections(self, text: str) -> list[str]:
        """The corpus words that an English question's misspelt words stand for ("halucination":
        hallucination; `CorpusSpelling.corrected`). A misspelt word is one neither the corpus nor the
        embedding model's vocabulary knows: "colleague" is a word the course never uses, not a typo of
        "college"; Roman Urdu is left alone."""
        self.refresh()
        if language_of(text) != "en":
            return []
        english = wordpiece_words()
        unknown = [
            w
            for w in re.findall(r"[A-Za-z]+", text)
            if w.lower() not in english and (stems := tokenize(w)) and not self.knows(stems[0])
        ]
        if not unknown:
            return []
        spelling = self._snapshot.spelling()
        return [c for w in unknown if (c := spelling.corrected(w)) is not None]

    def spelled(self, text: str) -> list[tuple[str, int]]:
        """The corpus's words and names that `text`'s unread Urdu-script words spell, each with how many
        Urdu words it reads (`CorpusSpelling.read`)."""
        self.refresh()
        if not URDU_SCRIPT.search(text):
            return []
        spelling = self._snapshot.spelling()
        return [found for run in read(text).unread_runs for found in spelling.read(run)]

    def closest_sentence(self, query: str) -> float:
        """Cosine of the corpus's closest sentence to `query` (how well it stands on its own)."""
        self.refresh()
        vector = self._query_vector(query)
        closest = self._snapshot.closest_units(vector, None)
        return max(closest.values(), default=0.0)

    def _query_vector(self, query: str) -> np.ndarray:
        """The embedding of what the corpus can match in an English question: words it never uses (the
        learner's office, "duty rosters", "pension case") are left out, so they do not pull the vector
        towards pages that share the setting rather than the technique (hit@5 blind-a 0.881 -> 0.910,
        tune-b 0.886 -> 0.898; MRR dev 0.937 -> 0.950). A Roman-Urdu question is embedded whole: its words
        the glossary does not read are the question, not noise (an Urdu-script one reaches here as the
        English words `for_embedding` keeps)."""
        text = for_embedding(query)
        if self.policy.embed_known_words and language_of(text) == "en":
            words = text.split()
            known = [w for w in words if _matchable(w, self.knows)]
            text = " ".join(known) if len(known) >= _MIN_EMBEDDED_WORDS else text
        return np.asarray(self._embed_query(text), dtype=np.float32)

    def best_lexical(self, text: str) -> float:
        """The best chunk's BM25 for `text`, over `lexical_scale` as the search's hits report it."""
        self.refresh()
        index = self._snapshot.chunk_index
        hits = index.search(text, 1, None) if index is not None and text.strip() else []
        return (hits[0].score if hits else 0.0) / self.lexical_scale()

    def term_weights(self, text: str) -> dict[str, float]:
        """IDF of each content word of `text` in the live corpus (rare words weigh more)."""
        self.refresh()
        index = self._snapshot.chunk_index
        return {t: index.idf(t) if index else 1.0 for t in tokenize(text)}

    def unit_vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those sentences the index holds (the answerer embeds the others)."""
        return self._snapshot.unit_vectors(texts)

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
                found.append(_hit(near, [near], hit.score * 0.9))
        return found

    def lexical_scale(self) -> float:
        """The IDF of a word seen once: BM25 scores divided by it compare across corpora of any size."""
        index = self._snapshot.chunk_index
        return index.max_idf if index is not None else 1.0

    def source_titled(self, title: str) -> str | None:
        """The source of the live document with this title (case and spacing aside), if any."""
        self.refresh()
        return self._snapshot.titles.get(_title_key(title))

    def document_mentions(self, source: str, text: str) -> bool:
        """Whether the live document `source` uses every content word of `text` somewhere, or, for an
        acronym, words it abbreviates ("HEC": Higher Education Commission; "CoT": chain-of-thought)."""
        self.refresh()
        snapshot = self._snapshot
        index = snapshot.document_index
        if index is None:
            return False
        words = dict.fromkeys(w for w in re.findall(r"\w+", text) if tokenize(w))  # each stemmed once, there
        if all(index.scores_of(word, [source])[0] for word in words):
            return True
        letters = text.rstrip("s") if _ACRONYM.fullmatch(text) else ""
        return len(letters) >= 2 and spelled_out(letters).search(snapshot.document_text(source)) is not None

    def knows(self, term: str) -> bool:
        """Whether a (stemmed) term occurs anywhere in the live corpus."""
        index = self._snapshot.chunk_index
        return index is not None and index.idf(term) < index.max_idf

    def _select(self, scores: dict[str, float], snapshot: _Snapshot, k: int, per_source: int) -> list[str]:
        """Best first without repeated text or nothing in common with the query (a score of 0); each
        passage already taken from a document lowers that document's others by the policy's penalty (a
        soft cap), and `per_source` is the hard one."""
        ranked = [
            i
            for i in sorted(scores, key=scores.__getitem__, reverse=True)[: max(k * 10, 50)]
            if scores[i] > 0
        ]
        chosen: list[str] = []
        seen: set[str] = set()
        taken: dict[str, int] = {}
        penalty = self.policy.repeat_penalty
        chunks = snapshot.chunks
        while ranked and len(chosen) < k:
            best = max(ranked, key=lambda i: scores[i] - penalty * taken.get(chunks[i].source, 0))
            ranked.remove(best)
            chunk = chunks[best]
            fingerprint = snapshot.fingerprints[best]
            if fingerprint in seen or taken.get(chunk.source, 0) >= per_source:
                continue
            seen.add(fingerprint)
            taken[chunk.source] = taken.get(chunk.source, 0) + 1
            chosen.append(best)
        return chosen


@dataclass(frozen=True, slots=True)
class _Snapshot:
    """Live chunks, the BM25 indexes over them and their sentences' vectors, swapped as one object when
    the catalog changes."""

    chunks: dict[str, ChunkRecord]
    chunk_index: LexicalIndex | None
    document_index: LexicalIndex | None
    positions: dict[tuple[str, int], ChunkRecord] = field(default_factory=dict)
    unit_chunks: list[str] = field(default_factory=list)  # chunk id of each row
    unit_rows: dict[str, int] = field(default_factory=dict)  # sentence text -> a row
    unit_types: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    titles: dict[str, str] = field(default_factory=dict)  # document title (folded) -> source
    fingerprints: dict[str, str] = field(default_factory=dict)  # chunk id -> its text's fingerprint
    unit_scan: SentenceScan = field(default_factory=lambda: SentenceScan(np.zeros((0, 0), np.float32)))
    reference_chunks: frozenset[str] = frozenset()  # chunks of "References" sections
    _built: dict[str, Any] = field(default_factory=dict)  # built on first use
    expanded: dict[str, str] = field(default_factory=dict)  # question -> `HybridSearcher.expand` of it

    def document_text(self, source: str) -> str:
        """The live document's text, its chunks joined in order (gathered once per snapshot)."""
        if "documents" not in self._built:
            parts: dict[str, list[tuple[int, str]]] = {}
            for chunk in self.chunks.values():
                parts.setdefault(chunk.source, []).append((chunk.ordinal, chunk.text))
            self._built["documents"] = {s: "\n".join(t for _, t in sorted(p)) for s, p in parts.items()}
        return self._built["documents"].get(source, "")

    def spelling(self) -> CorpusSpelling:
        """Reads learners' spellings of this corpus's words; built on the first Urdu question or the
        first English word neither the corpus nor the embedding model knows."""
        if "spelling" not in self._built:
            headings = {c.title for c in self.chunks.values()}
            headings.update(part for c in self.chunks.values() for part in c.section.split(" > "))
            self._built["spelling"] = CorpusSpelling.of((c.text for c in self.chunks.values()), headings)
        return self._built["spelling"]

    def closest_units(self, vector: np.ndarray, doc_type: str | None) -> dict[str, float]:
        """Each chunk's best sentence cosine to `vector`."""
        if not len(self.unit_chunks):
            return {}
        allowed = self.unit_types == doc_type if doc_type is not None else None
        rows, similarity = self.unit_scan.nearest(vector, _UNIT_CANDIDATES, allowed)
        best: dict[str, float] = {}
        for row, cosine in zip(rows.tolist(), similarity.tolist(), strict=True):
            chunk = self.unit_chunks[row]
            if chunk not in best:
                best[chunk] = cosine
        return best

    def unit_vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        return {t: self.unit_scan.vector(self.unit_rows[t]) for t in texts if t in self.unit_rows}


# a question for other works ("which papers...", "any further reading on...") may be answered by a
# "References" section; any other is not
_ASKS_FOR_WORKS = re.compile(
    r"\b(?:papers?|references?|readings?|bibliography|articles?|publications?|studies|literature)\b", re.I
)
_ACRONYM = re.compile(r"[A-Z][A-Za-z]*[A-Z][a-z]?s?|[A-Z][a-z][A-Z]s?")  # "HEC", "CoT", "MoUs", "LLMs"


_EXPANDED_KEPT = 1024  # expanded questions kept per snapshot; past it the cache starts again
_UNIT_CANDIDATES = 400  # sentences looked at: enough to give 50 chunks their best sentence


def _build_snapshot(chunks: list[ChunkRecord], units: list[UnitRecord]) -> _Snapshot:
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
    live = {c.id: c for c in chunks}
    texts = {c.id: {u.position: u.text for u in split_units(c.text)} for c in chunks}
    units = [u for u in units if u.position in texts.get(u.chunk_id, {})]
    matrix = (
        np.frombuffer(b"".join(u.vector for u in units), dtype=np.float16).reshape(len(units), -1)
        if units
        else np.zeros((0, 0), dtype=np.float16)
    )
    unit_chunks = [u.chunk_id for u in units]
    unit_rows = {texts[u.chunk_id][u.position]: row for row, u in enumerate(units)}
    unit_types = np.asarray([live[chunk].doc_type for chunk in unit_chunks], dtype=object)
    titles = {_title_key(c.title): c.source for c in live.values() if c.title}
    fingerprints = {c.id: _fingerprint(c.text) for c in chunks}
    return _Snapshot(
        live,
        chunk_index,
        document_index,
        positions,
        unit_chunks,
        unit_rows,
        unit_types,
        titles,
        fingerprints,
        SentenceScan(matrix),
        frozenset(c.id for c in chunks if is_reference_section(c.section)),
    )


def _matchable(word: str, knows: Callable[[str], bool]) -> bool:
    """A function word (no indexed term), or a word with a term the corpus uses."""
    terms = tokenize(word)
    return not terms or any(knows(t) for t in terms)


def _title_key(title: str) -> str:
    return " ".join(title.casefold().split())


def _top(scores: dict[str, float], n: int) -> list[str]:
    return sorted(scores, key=scores.__getitem__, reverse=True)[:n]


def _document_scores(
    snapshot: _Snapshot, query: str, candidates: set[str], doc_type: str | None
) -> tuple[dict[str, float], float]:
    """BM25 of each candidate's document over its whole text (the words of a question spread over several
    chunks), and the best document's. Every candidate's document is scored, not only the best few: in a
    large library the first twenty are documents that mix many subjects, and a focused page outside them
    lost this signal to its own rewritten copies (4x the shared corpus: hit@5 over dev and blind-a, a
    rewritten copy counting, 0.880 -> 0.907)."""
    if snapshot.document_index is None:
        return {}, 0.0
    sources = {snapshot.chunks[i].source for i in candidates}
    return snapshot.document_index.scores_of(query, sources, doc_type)


def _window(
    snapshot: _Snapshot, chunk_id: str, closest: dict[str, float], size: int, taken: set[str]
) -> list[ChunkRecord]:
    """The chunk and its best neighbours (by their closest sentence) up to `size` chunks, in reading
    order; chunks already in another passage (`taken` fingerprints) are not read twice."""
    chunk = snapshot.chunks[chunk_id]
    parts = [chunk]
    while len(parts) < size:
        around = [
            near
            for ordinal in (parts[-1].ordinal + 1, parts[0].ordinal - 1)  # ties: read on
            if (near := snapshot.positions.get((chunk.source, ordinal))) is not None
            and snapshot.fingerprints[near.id] not in taken
        ]
        if not around:
            break
        near = max(around, key=lambda c: closest.get(c.id, -1.0))
        parts = sorted([*parts, near], key=lambda c: c.ordinal)
    return parts


def _hit(
    chunk: ChunkRecord,
    parts: list[ChunkRecord],
    score: float,
    dense: float | None = None,
    lexical: float | None = None,
) -> SearchHit:
    """A passage: `chunk`'s place and signals, the text of `parts` (chunk and neighbours) joined."""
    return SearchHit(
        id=chunk.id,
        source=chunk.source,
        title=chunk.title,
        section=chunk.section,
        text=_joined(parts),
        page=chunk.page,
        doc_type=chunk.doc_type,
        language=chunk.language,
        score=round(score, 6),
        dense=dense,
        lexical=lexical,
    )


def _joined(parts: list[ChunkRecord]) -> str:
    """Adjacent chunks as one text; a chunk's first sentences that close the previous one are dropped."""
    text = parts[0].text
    for part in parts[1:]:
        blocks = part.text.split("\n\n")
        lead = split_sentences(blocks[0])
        while lead and lead[0] in text:
            lead.pop(0)
        rest = [" ".join(lead), *blocks[1:]] if lead else blocks[1:]
        text = "\n\n".join([text, *(b for b in rest if b.strip())])
    return text
