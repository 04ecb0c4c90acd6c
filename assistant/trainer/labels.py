"""The words the console, its filters, the charts and the CSV use for channels and results: one table, so
the log never says "web" where the filter says "widget", nor "extractive" where a trainer means
"answered"."""

from __future__ import annotations

CHANNEL_LABELS = {"web": "Widget", "api": "API", "telegram": "Telegram", "cli": "Terminal"}
RESULTS = ("answered", "refused", "curated", "fallback")  # in the order the console lists them


def channel_label(channel: str) -> str:
    return CHANNEL_LABELS.get(channel, channel)


def result_label(refused: bool, answerer: str) -> str:
    """answered (from the material, extractive or LLM), refused, curated (a trainer's answer) or fallback
    (the LLM was down and the material was quoted instead)."""
    if refused:
        return "refused"
    if answerer in ("curated", "fallback"):
        return answerer
    return "answered"
