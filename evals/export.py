"""Turn the question log into eval items: answers learners rated 👍 become answerable items with the
answer as reference (a trainer adds key facts), refused questions become out-of-scope candidates."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.storage import QuestionLog
from evals.metrics import strip_markers


def export_items(log: QuestionLog, include_unanswered: bool = False) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for exchange in log.rated_exchanges("up"):
        items.append(
            {
                "id": f"log-{exchange.message_id[:12]}",
                "kind": "answerable",
                "question": exchange.question,
                "sources": sorted({c["source"] for c in exchange.citations if c.get("source")}),
                "must_include": [],
                "reference": " ".join(strip_markers(exchange.answer).split()),
            }
        )
    if include_unanswered:
        for exchange in log.rated_exchanges(None, refused=True):
            items.append(
                {
                    "id": f"log-{exchange.message_id[:12]}",
                    "kind": "out_of_scope",
                    "question": exchange.question,
                }
            )
    return items


def write_items(items: list[dict[str, object]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), encoding="utf-8")
