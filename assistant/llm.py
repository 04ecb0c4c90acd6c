"""The OpenAI-compatible chat model (vLLM, Ollama, llama.cpp server, OpenAI) through LangChain, and what
its callers share about it: the text of a reply, and a short reason when it fails. The answerer and the
exercise reviewer both use it."""

from __future__ import annotations

from typing import Any

import openai
from langchain_core.language_models import BaseChatModel

from assistant.config import Settings


def message_text(content: str | list[Any]) -> str:
    """The text of a message's content, whether a plain string or a list of content blocks."""
    if isinstance(content, str):
        return content
    parts = (block if isinstance(block, str) else block.get("text", "") for block in content)
    return "".join(part for part in parts if isinstance(part, str))


def failure_reason(exc: Exception) -> str:
    """A short, key-free reason for logs and `Answer.reason` detail."""
    if isinstance(exc, openai.APITimeoutError):
        return "timed out"
    if isinstance(exc, openai.APIConnectionError):
        return "connection failed"
    if isinstance(exc, openai.APIStatusError):
        return f"HTTP {exc.status_code}"
    if isinstance(exc, TimeoutError):
        return "timed out"
    return type(exc).__name__


def chat_model(settings: Settings, temperature: float) -> BaseChatModel:
    """A `ChatOpenAI` on `settings.llm_base_url`; raises `ValueError` if no endpoint is configured."""
    from langchain_openai import ChatOpenAI  # imported here: only needed when an endpoint is set

    if not settings.llm_base_url:
        raise ValueError("ASSISTANT_LLM_BASE_URL is not set; there is no LLM to answer with.")
    return ChatOpenAI(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=settings.llm_api_key,
        timeout=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
        temperature=temperature,
    )
