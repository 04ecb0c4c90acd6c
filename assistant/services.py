"""The services container: built once per process (API lifespan, CLI command, bot start-up) and passed
to the adapters. The embedding model is loaded lazily, so commands that need no model start fast."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy.exc import SQLAlchemyError

from assistant.admission import Admission
from assistant.config import Settings
from assistant.embeddings import MiniLMEncoder, chroma_embedding_function
from assistant.errors import DatabaseUnavailableError, IndexUnavailableError
from assistant.index.catalog import Catalog
from assistant.index.units import UNITS_VERSION
from assistant.index.vectors import VectorIndex, connect
from assistant.ingest.chunking import CHUNKER_VERSION, Chunker
from assistant.ingest.pipeline import Ingestor
from assistant.policy import AnsweringPolicy

if TYPE_CHECKING:  # the question log, LangChain, answering, exercises and trainer tools load when first
    # used: a re-ingest needs none of them (they were 0.2 s of its 1.1 s)
    from assistant.answering.pipeline import AnswerListener, Tutor
    from assistant.answering.types import Answer
    from assistant.exercises.service import ExerciseService
    from assistant.langchain_embeddings import MiniLMEmbeddings
    from assistant.retrieval import HybridSearcher
    from assistant.storage import Database, QuestionLog
    from assistant.storage.state import ConversationStateStore
    from assistant.trainer.console import TrainerConsole
    from assistant.trainer.curated import CuratedAnswers

logger = logging.getLogger(__name__)


class LazyEncoder:
    """Loads the ONNX model on first use; Chroma gets an embedding function bound to it."""

    def __init__(self, settings: Settings, encoder: MiniLMEncoder | None = None) -> None:
        self._settings = settings
        self._encoder = encoder
        self._lock = threading.Lock()

    @property
    def encoder(self) -> MiniLMEncoder:
        if self._encoder is None:
            with self._lock:
                if self._encoder is None:
                    self._encoder = MiniLMEncoder(
                        self._settings.embedding_variant,
                        cache_dir=self._settings.models_dir,
                        batch_size=self._settings.embedding_batch_size,
                    )
        return self._encoder

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.encoder.encode(texts)

    def encode_bulk(self, texts: list[str]) -> np.ndarray:
        return self.encoder.encode_bulk(texts)


@dataclass(frozen=True, slots=True)
class CacheCounts:
    """How often work was served from memory: the query-embedding cache (hits, misses) and the evidence
    selector's unit cache (misses only: units fetched from the index or embedded)."""

    query_hits: int
    query_misses: int
    unit_misses: int


@dataclass
class Services:
    """Everything the adapters need, wired from one `Settings`."""

    settings: Settings
    encoder: MiniLMEncoder | None = None  # pass one in to share a loaded model (tests, benchmarks)
    # told of every answer the tutor logs, whatever the channel (the API app adds its metrics here)
    answer_listeners: list[AnswerListener] = field(default_factory=list, init=False)
    _lazy: LazyEncoder = field(init=False)
    # quotable units the evidence selector did not have in memory (each fetched from the index or embedded):
    # its cache's misses, for /metrics and the load benchmark
    unit_cache_misses: int = field(default=0, init=False)
    _misses_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self._lazy = LazyEncoder(self.settings, self.encoder)

    @cached_property
    def catalog(self) -> Catalog:
        self.settings.index_dir.mkdir(parents=True, exist_ok=True)
        return Catalog(self.settings.catalog_url)

    @cached_property
    def database(self) -> Database:
        from assistant.storage import Database

        database = Database(self.settings.question_log_url)
        try:
            database.upgrade()
        except SQLAlchemyError as exc:  # not cached: the next request tries again
            database.dispose()
            raise DatabaseUnavailableError(
                f"The question-log database is unreachable ({exc.__class__.__name__})."
            ) from exc
        return database

    @cached_property
    def question_log(self) -> QuestionLog:
        from assistant.storage import QuestionLog

        return QuestionLog(self.database)

    @cached_property
    def embeddings(self) -> MiniLMEmbeddings:
        from assistant.langchain_embeddings import MiniLMEmbeddings

        return MiniLMEmbeddings(self._lazy.encoder)

    @cached_property
    def vectors(self) -> VectorIndex:
        client = connect(self.settings.index_dir / "chroma", self.settings.chroma_url)
        function = chroma_embedding_function(self._lazy.encode, self.settings.embedding_variant)
        return VectorIndex(client, self.settings.collection, function)

    @cached_property
    def searcher(self) -> HybridSearcher:
        from assistant.retrieval import HybridSearcher

        s = self.settings
        return HybridSearcher(
            self.catalog,
            self.vectors,
            self.embeddings.embed_query_array,
            policy=self.policy.retrieval,
            per_source=s.per_source,
        )

    @cached_property
    def policy(self) -> AnsweringPolicy:
        return AnsweringPolicy.load(self.settings.policy_file)

    @cached_property
    def tutor(self) -> Tutor:
        """The answering pipeline, with the LLM when one is configured."""
        from assistant.answering.evidence import EvidenceSelector
        from assistant.answering.pipeline import Tutor

        s = self.settings
        llm = None
        if s.llm_base_url:
            from assistant.answering.llm import LLMAnswerer  # the OpenAI client only when it is used

            llm = LLMAnswerer.from_settings(s)
        evidence = EvidenceSelector(
            self._lazy.encode,
            self.searcher.term_weights,
            self.policy.evidence,
            embed_query=self.embeddings.embed_query_array,
            stored_vectors=self._stored_unit_vectors,
        )
        return Tutor(
            self.searcher,
            self.question_log,
            evidence,
            llm,
            max_message_chars=s.max_message_chars,
            policy=self.policy,
            suggest_exercise=lambda user_id, channel: self.exercises.suggest_next(user_id, channel),
            curated=self.curated,
            on_answer=self._answered,
        )

    @cached_property
    def admission(self) -> Admission:
        """The bound on answer work in flight in this process, shared by every channel in it."""
        return Admission(self.settings.max_concurrent_answers, self.settings.max_queue_wait_s)

    def cache_counts(self) -> CacheCounts:
        """The caches' counts since start (loads nothing: zero before the model is loaded)."""
        hits, misses = self.embeddings.query_cache_counts() if "embeddings" in self.__dict__ else (0, 0)
        return CacheCounts(hits, misses, self.unit_cache_misses)

    def _stored_unit_vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        """The index's vectors of units the selector is missing (each one a miss of its cache)."""
        with self._misses_lock:
            self.unit_cache_misses += len(texts)
        return self.searcher.unit_vectors(texts)

    def _answered(self, channel: str, answer: Answer) -> None:
        for listener in tuple(self.answer_listeners):
            listener(channel, answer)

    @cached_property
    def curated(self) -> CuratedAnswers:
        """Trainers' approved answers; the tutor gives them before retrieval, on every channel."""
        from assistant.trainer.curated import CuratedAnswers

        return CuratedAnswers(self.database, self._lazy.encode)

    @cached_property
    def console(self) -> TrainerConsole:
        """What the trainer console reads and writes: accounts, the log's views, curated answers, audit."""
        from assistant.trainer.console import TrainerConsole

        return TrainerConsole(self.database, self.curated, self._lazy.encode)

    @cached_property
    def conversation_state(self) -> ConversationStateStore:
        from assistant.storage.state import ConversationStateStore

        return ConversationStateStore(self.database)

    @cached_property
    def exercises(self) -> ExerciseService:
        """The exercise bank, the grader (with the off-task check) and progress; the LLM judge and
        "try it" when an LLM is configured."""
        from assistant.exercises.bank import ExerciseBank
        from assistant.exercises.grader import Grader
        from assistant.exercises.llm_review import PromptReviewer
        from assistant.exercises.progress import AttemptStore
        from assistant.exercises.service import ExerciseService

        s = self.settings
        reviewer = None
        if s.llm_base_url:
            from assistant.llm import chat_model

            reviewer = PromptReviewer(chat_model(s, temperature=0.0), s.llm_model)
        return ExerciseService(
            ExerciseBank.load(s.exercises_dir),
            Grader(self._lazy.encode),
            self.question_log,
            AttemptStore(self.database),
            reviewer,
        )

    @cached_property
    def ingestor(self) -> Ingestor:
        s = self.settings
        return Ingestor(
            catalog=self.catalog,
            vectors=lambda: self.vectors,
            embed=self._lazy.encode_bulk,
            chunker=Chunker(s.chunk_tokens, s.chunk_overlap),
            fingerprint=f"c{CHUNKER_VERSION}-u{UNITS_VERSION}-t{s.chunk_tokens}-o{s.chunk_overlap}-"
            f"{s.embedding_variant}",
            lock_path=s.index_dir / "ingest.lock",
            max_file_bytes=int(s.max_file_mb * 1_000_000),
        )

    def warm_up(self) -> None:
        """Load the model and the lexical index now rather than on the first request.

        A vector store that is down does not stop start-up: requests get 503 until it is back.
        """
        from assistant.exercises.bank import ExerciseFileError

        self.embeddings.embed_query("warm up")
        _ = self.admission  # built before the first request, not by two at once
        try:
            self.searcher.refresh()
        except IndexUnavailableError as exc:
            logger.warning("Starting without the vector index: %s", exc)
        try:
            self.exercises.grader.prepare(self.exercises.bank.list())
        except ExerciseFileError as exc:  # answers still work; exercise requests report the bad file
            logger.error("The exercise bank is invalid: %s", exc)
        except DatabaseUnavailableError as exc:  # requests get 503 until it is back, then it is built
            logger.warning("Starting without the question-log database: %s", exc)

    def close(self) -> None:
        if "catalog" in self.__dict__:
            self.catalog.close()
        if "database" in self.__dict__:
            self.database.dispose()
