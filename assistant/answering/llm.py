"""The LLM answerer: grounded answers from any OpenAI-compatible endpoint through LangChain.

It talks to a `BaseChatModel`, so tests can inject `GenericFakeChatModel`; `from_settings` builds the
real `ChatOpenAI`. Every backend failure becomes `AnswererUnavailableError`, so the pipeline can fall back
to the extractive answerer instead of showing the learner a stack trace.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage

from assistant.answering.prompts import answer_messages, rewrite_messages
from assistant.answering.types import AnswererName, Draft, Evidence, Passage, Turn
from assistant.config import Settings
from assistant.errors import AnswererUnavailableError
from assistant.llm import chat_model, failure_reason, message_text

logger = logging.getLogger(__name__)


class LLMAnswerer:
    """Answers from numbered passages with an LLM; implements the `Answerer` protocol."""

    name: AnswererName = "llm"

    def __init__(
        self, model: BaseChatModel, *, context_tokens: int = 1800, history_tokens: int = 600
    ) -> None:
        self._model = model
        self._context_tokens = context_tokens
        self._history_tokens = history_tokens

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMAnswerer:
        """A `ChatOpenAI` on `settings.llm_base_url`; raises `ValueError` if no endpoint is configured."""
        model = chat_model(settings, settings.llm_temperature)
        return cls(model, context_tokens=settings.context_tokens, history_tokens=settings.history_tokens)

    def __repr__(self) -> str:
        model = getattr(self._model, "model_name", type(self._model).__name__)
        return f"LLMAnswerer(model={model!r})"

    def messages(self, question: str, passages: list[Passage], history: list[Turn]) -> list[BaseMessage]:
        """The exact messages sent for an answer (system prompt, trimmed history, sources + question)."""
        return answer_messages(
            question,
            passages,
            history,
            context_tokens=self._context_tokens,
            history_tokens=self._history_tokens,
        )

    def answer(self, question: str, evidence: Evidence, history: list[Turn]) -> Draft:
        """One grounded answer with [n] citations of the evidence's passages."""
        messages = self.messages(question, evidence.passages, history)
        return Draft(text=self._invoke("answer", messages), answerer="llm")

    def stream(self, question: str, evidence: Evidence, history: list[Turn]) -> Iterator[str]:
        """Text deltas of the answer; raises `AnswererUnavailableError` on failure, before or mid-stream."""
        messages = self.messages(question, evidence.passages, history)
        sent, has_text = 0, False
        try:
            for chunk in self._model.stream(messages):
                delta = message_text(chunk.content)
                if delta:
                    sent += len(delta)
                    has_text = has_text or not delta.isspace()
                    yield delta
        except Exception as exc:  # any failure of the backend means "fall back", never a crash
            raise self._unavailable("stream", exc, sent) from exc
        if not has_text:
            logger.warning("LLM stream: empty reply")
            raise AnswererUnavailableError("empty reply")

    def rewrite_question(self, question: str, history: list[Turn]) -> str:
        """`question` as a standalone question; unchanged (no LLM call) when there is no history."""
        if not history:
            return question
        messages = rewrite_messages(question, history, history_tokens=self._history_tokens)
        return self._invoke("rewrite", messages).strip().strip("\"'“”").strip()

    def _invoke(self, what: str, messages: list[BaseMessage]) -> str:
        try:
            reply = self._model.invoke(messages)
        except Exception as exc:  # any failure of the backend means "fall back", never a crash
            raise self._unavailable(what, exc) from exc
        text = message_text(reply.content).strip()
        if not text:
            logger.warning("LLM %s: empty reply", what)
            raise AnswererUnavailableError("empty reply")
        return text

    def _unavailable(self, what: str, exc: Exception, sent: int = 0) -> AnswererUnavailableError:
        reason = failure_reason(exc)
        if sent:
            reason = f"{reason} after {sent} characters"
        logger.warning("LLM %s failed: %s", what, reason, exc_info=exc)
        return AnswererUnavailableError(reason)
