"""Curated answers: a trainer's corrected answer to a question, given from then on to every matching
question on every channel, cited as "answer approved by trainer".

A question matches when its normalized text equals a curated question's, or when the two mean the same:
MiniLM cosine >= `MIN_COSINE`, they share most content words (`MIN_OVERLAP`) and the same numbers, so
"what is a prompt?" never takes the answer of "what is a system prompt?", nor "by 2030" that of "by 2027"
(paraphrases measured 0.926-0.985, different questions 0.42-0.919: tests/trainer/test_curated.py).
Vectors are cached per process and re-read when the table changes (row count and latest update), so
several workers sharing one database agree within one question.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import sqlalchemy as sa

from assistant.answering.types import Answer, Citation
from assistant.errors import AssistantError
from assistant.index.lexical import tokenize
from assistant.storage.database import Database
from assistant.storage.models import CuratedAnswer, utc_now

logger = logging.getLogger(__name__)

Encode = Callable[[list[str]], np.ndarray]
MIN_COSINE = 0.90
MIN_OVERLAP = 0.65
_NUMBER = re.compile(r"\d+")
CURATED_TITLE = "Answer approved by trainer"
CURATED_PREFIX = "curated/"
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
MAX_ANSWER_CHARS = 8000


class CuratedAnswerError(AssistantError):
    """An empty or too long curated question or answer, or an unknown id."""


@dataclass(frozen=True, slots=True)
class Curated:
    id: int
    question: str
    answer: str
    author: str
    active: bool
    source_message_id: str | None
    created_at: datetime
    updated_at: datetime

    def as_answer(self, asked: str) -> Answer:
        """The pipeline's answer: the trainer's text, one citation naming the author and the date."""
        citation = Citation(
            1,
            f"{CURATED_PREFIX}{self.id}",
            CURATED_TITLE,
            f"{self.author}, {self.updated_at:%Y-%m-%d}",
            self.question,
            1.0,
        )
        meta = {"curated_id": str(self.id), "author": self.author}
        return Answer(self.answer, [citation], False, "curated", asked, reason="curated", meta=meta)


def normalize(text: str) -> str:
    """Case, width, punctuation and spacing do not change a question."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NON_WORD.sub(" ", folded).split())[:1000]


def overlap(a: str, b: str) -> float:
    """Jaccard overlap of the stemmed content words of two questions."""
    left, right = set(tokenize(a)), set(tokenize(b))
    if not left or not right:
        return 1.0 if normalize(a) == normalize(b) else 0.0
    return len(left & right) / len(left | right)


@dataclass
class _Cache:
    version: tuple[int, datetime | None]
    rows: list[Curated]
    by_text: dict[str, Curated]
    vectors: np.ndarray


class CuratedAnswers:
    """The store of curated answers and the matcher the answering pipeline consults."""

    def __init__(
        self,
        database: Database,
        encode: Encode,
        min_cosine: float = MIN_COSINE,
        min_overlap: float = MIN_OVERLAP,
    ) -> None:
        self._db = database
        self._encode = encode
        self.min_cosine = min_cosine
        self.min_overlap = min_overlap
        self._cache: _Cache | None = None
        self._lock = threading.Lock()

    # -- writing -----------------------------------------------------------------------------------

    def add(self, question: str, answer: str, author: str, source_message_id: str | None = None) -> Curated:
        """Store a curated answer; one for the same normalized question replaces it (deactivated)."""
        question, answer = question.strip(), answer.strip()
        if not question or not answer:
            raise CuratedAnswerError("Both the question and the answer are needed.")
        if len(answer) > MAX_ANSWER_CHARS or len(question) > 2000:
            raise CuratedAnswerError(f"The answer is longer than {MAX_ANSWER_CHARS} characters.")
        key = normalize(question)
        now = utc_now()
        with self._db.session() as session:
            session.execute(
                sa.update(CuratedAnswer)
                .where(CuratedAnswer.normalized == key, CuratedAnswer.active.is_(True))
                .values(active=False, updated_at=now)
            )
            row = CuratedAnswer(
                question=question,
                normalized=key,
                answer=answer,
                author=author,
                source_message_id=source_message_id,
                active=True,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            session.flush()
            return _curated(row)

    def set_active(self, curated_id: int, active: bool) -> Curated:
        with self._db.session() as session:
            row = session.get(CuratedAnswer, curated_id)
            if row is None:
                raise CuratedAnswerError(f"No curated answer {curated_id}.")
            row.active = active
            row.updated_at = utc_now()
            session.flush()
            return _curated(row)

    def list(self, include_inactive: bool = False, limit: int = 500) -> list[Curated]:
        query = sa.select(CuratedAnswer).order_by(CuratedAnswer.updated_at.desc()).limit(limit)
        if not include_inactive:
            query = query.where(CuratedAnswer.active.is_(True))
        with self._db.session() as session:
            return [_curated(r) for r in session.scalars(query).all()]

    # -- matching ----------------------------------------------------------------------------------

    def match(self, question: str) -> Answer | None:
        """The curated answer for this (redacted) question, or None."""
        cache = self._current()
        if not cache.rows:
            return None
        exact = cache.by_text.get(normalize(question))
        if exact is not None:
            return exact.as_answer(question)
        vector = self._encode([question])[0]
        scores = cache.vectors @ vector
        for index in np.argsort(-scores)[:3]:
            candidate = cache.rows[int(index)]
            if scores[index] < self.min_cosine:
                break
            if overlap(question, candidate.question) >= self.min_overlap and _numbers(question) == _numbers(
                candidate.question
            ):
                logger.debug("curated %d matched (cosine %.3f)", candidate.id, scores[index])
                return candidate.as_answer(question)
        return None

    def _version(self) -> tuple[int, datetime | None]:
        query = sa.select(sa.func.count(CuratedAnswer.id), sa.func.max(CuratedAnswer.updated_at))
        with self._db.session() as session:
            count, latest = session.execute(query).one()
        if isinstance(latest, str):  # SQLite returns max() of a timestamp as text
            latest = datetime.fromisoformat(latest)
        return int(count), latest

    def _current(self) -> _Cache:
        version = self._version()
        cache = self._cache
        if cache is not None and cache.version == version:
            return cache
        with self._lock:
            if self._cache is not None and self._cache.version == version:
                return self._cache
            rows = self.list()
            vectors = self._encode([r.question for r in rows]) if rows else np.zeros((0, 1), dtype=np.float32)
            self._cache = _Cache(version, rows, {normalize(r.question): r for r in rows}, vectors)
            logger.info("curated answers loaded: %d", len(rows))
            return self._cache


def _numbers(text: str) -> set[str]:
    return set(_NUMBER.findall(text))


def _curated(row: Any) -> Curated:
    return Curated(
        row.id,
        row.question,
        row.answer,
        row.author,
        bool(row.active),
        row.source_message_id,
        row.created_at,
        row.updated_at,
    )
