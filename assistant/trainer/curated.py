"""Curated answers: a trainer's corrected answer to a question, given from then on to every matching
question on every channel, cited as "answer approved by trainer".

A question matches when its normalized text equals a curated question's (or one of the other wordings the
answer stands for), or when the two are the same question: MiniLM cosine of their English readings
>= `MIN_COSINE` and no difference of negation, number, grade, question word, unit or topic word
(`assistant.trainer.matching`), so "BPS-17 casual leave per year?" gets the answer written for "How many
casual leaves can a grade 17 officer take in a year?" while "grade 18", "earned leave" or "cannot" do not
(measured on labelled pairs: `bench/curated.py`). A question within `RELATED_COSINE` of an approved one
that differs from it in words alone is not surely the same question, so it is not given the answer but
offered the approved question, which every channel shows and one tap asks. Vectors are cached per process
and re-read when the table changes (row count and latest update), so several workers sharing one database
agree within one question.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import sqlalchemy as sa

from assistant.answering.types import Answer, Citation
from assistant.errors import AssistantError
from assistant.storage.database import Database
from assistant.storage.models import CuratedAnswer, CuratedSource, utc_now
from assistant.trainer.matching import difference
from assistant.wording import read

logger = logging.getLogger(__name__)

Encode = Callable[[list[str]], np.ndarray]
# of the English readings: the highest with the best recall on the tuning half (bench/curated.py)
MIN_COSINE = 0.65
CANDIDATES = 5  # the closest curated wordings checked word by word
# a question this close to an approved one, differing only in words (no number, negation, question word or
# unit), is offered it as a related question: on bench/curated.py's reworded pairs, paraphrases reached
# (matched or offered) 0.225 -> 0.850 with no wrong question offered; blind2, not tuned on: 0.283 -> 0.883
RELATED_COSINE = 0.7
MAX_VARIANTS = 50
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
    variants: list[str] = field(default_factory=list)  # more wordings it stands for (a knowledge gap)

    @property
    def wordings(self) -> list[str]:
        return [self.question, *self.variants]

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


def embedded_text(question: str) -> str:
    """What the embedding model compares: the question read in English (Urdu and Roman Urdu too)."""
    return read(question).text or normalize(question) or question


@dataclass
class _Cache:
    version: tuple[int, datetime | None]
    wordings: list[tuple[Curated, str]]  # every wording of every active answer
    by_text: dict[str, Curated]
    vectors: np.ndarray


class CuratedAnswers:
    """The store of curated answers and the matcher the answering pipeline consults."""

    def __init__(
        self,
        database: Database,
        encode: Encode,
        min_cosine: float = MIN_COSINE,
    ) -> None:
        self._db = database
        self._encode = encode
        self.min_cosine = min_cosine
        self._cache: _Cache | None = None
        self._lock = threading.Lock()

    # -- writing -----------------------------------------------------------------------------------

    def add(
        self,
        question: str,
        answer: str,
        author: str,
        source_message_id: str | None = None,
        *,
        variants: Sequence[str] = (),
        sources: Sequence[str] = (),
    ) -> Curated:
        """Store a curated answer; one for the same normalized question replaces it (deactivated).
        `variants` are more wordings it answers (each matched like the question); `sources` the messages
        it was written for (with `source_message_id`), which leave the queue."""
        question, answer = question.strip(), answer.strip()
        if not question or not answer:
            raise CuratedAnswerError("Both the question and the answer are needed.")
        if len(answer) > MAX_ANSWER_CHARS or len(question) > 2000:
            raise CuratedAnswerError(f"The answer is longer than {MAX_ANSWER_CHARS} characters.")
        key = normalize(question)
        others = [v.strip() for v in variants if v.strip() and len(v) <= 2000]
        others = list({normalize(v): v for v in others if normalize(v) != key}.values())[:MAX_VARIANTS]
        messages = list(dict.fromkeys([m for m in (source_message_id, *sources) if m]))
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
                source_message_id=messages[0] if messages else None,
                active=True,
                created_at=now,
                updated_at=now,
                variants=others,
            )
            session.add(row)
            session.flush()
            session.add_all(CuratedSource(curated_id=row.id, message_id=m) for m in messages)
            session.flush()
            return _curated(row)

    def add_wording(self, curated_id: int, wording: str) -> Curated:
        """One more wording the active curated answer stands for (matched like its question)."""
        wording = wording.strip()
        if not wording or len(wording) > 2000:
            raise CuratedAnswerError("The wording must be 1-2000 characters.")
        with self._db.session() as session:
            row = session.get(CuratedAnswer, curated_id)
            if row is None or not row.active:
                raise CuratedAnswerError(f"No curated answer {curated_id}.")
            known = {normalize(w) for w in [row.question, *(row.variants or [])]}
            if normalize(wording) not in known:
                if len(row.variants or []) >= MAX_VARIANTS:
                    raise CuratedAnswerError(f"A curated answer stands for at most {MAX_VARIANTS} wordings.")
                row.variants = [*(row.variants or []), wording]
                row.updated_at = utc_now()
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
        return self.lookup(question)[0]

    def lookup(self, question: str) -> tuple[Answer | None, tuple[int, str] | None]:
        """(the curated answer for this question, or None; else the id and approved question of a
        related one to offer the learner, or None)."""
        found, related = self.consult(question)
        if found is not None:
            return found.as_answer(question), None
        return None, (related.id, related.question) if related is not None else None

    def get(self, curated_id: int) -> Curated | None:
        """The curated answer with this id, if it exists and is active."""
        with self._db.session() as session:
            row = session.get(CuratedAnswer, curated_id)
            return _curated(row) if row is not None and row.active else None

    def consult(self, question: str) -> tuple[Curated | None, Curated | None]:
        """(the active curated answer whose question or other wording is this question; else None and the
        closest one differing from it in words alone, within `RELATED_COSINE`, or None)."""
        cache = self._current()
        if not cache.wordings:
            return None, None
        exact = cache.by_text.get(normalize(question))
        if exact is not None:
            return exact, None
        vector = self._encode([embedded_text(question)])[0]
        scores = cache.vectors @ vector
        related: Curated | None = None
        for index in np.argsort(-scores)[:CANDIDATES]:
            if scores[index] < self.min_cosine:
                break
            candidate, wording = cache.wordings[int(index)]
            why = difference(wording, question)
            if why is None:
                logger.debug("curated %d matched (cosine %.3f)", candidate.id, scores[index])
                return candidate, None
            logger.debug("curated %d not matched: %s (cosine %.3f)", candidate.id, why, scores[index])
            if related is None and why == "words" and scores[index] >= RELATED_COSINE:
                related = candidate
        return None, related

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
            wordings = [(row, text) for row in rows for text in row.wordings]
            texts = [embedded_text(text) for _, text in wordings]
            vectors = self._encode(texts) if texts else np.zeros((0, 1), dtype=np.float32)
            by_text = {normalize(text): row for row, text in reversed(wordings)}
            self._cache = _Cache(version, wordings, by_text, vectors)
            logger.info("curated answers loaded: %d (%d wordings)", len(rows), len(wordings))
            return self._cache


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
        list(row.variants or []),
    )
