"""What an eval runs against: the assistant in this process (on any corpus), or a running server."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from assistant.answering.followup import standalone_query
from assistant.answering.pipeline import ChatRequest
from assistant.answering.types import Turn
from assistant.services import Services


@dataclass(frozen=True, slots=True)
class Exchange:
    """The scored (last) turn of a conversation."""

    answer: str
    refused: bool
    answerer: str
    cited: list[tuple[str, str, str]]  # (source, section, snippet) in citation order
    standalone: str
    latency_ms: float
    context: list[str] | None = None  # the passages the answerer read, when the target can tell


@dataclass(frozen=True, slots=True)
class Hit:
    source: str
    score: float
    text: str


class Target(Protocol):
    name: str

    def converse(self, turns: list[str]) -> Exchange: ...

    def retrieve(self, query: str, k: int) -> list[Hit]: ...

    def evidence(self, cited: list[tuple[str, str, str]]) -> list[str]:
        """The text behind each citation, for groundedness."""
        ...


class InProcessTarget:
    """The Tutor and searcher of a `Services`, called directly."""

    def __init__(self, services: Services, name: str) -> None:
        self.services = services
        self.name = name
        self._sections: dict[tuple[str, str], list[str]] | None = None
        self._cited_passages: list[str] = []  # of the last conversation's scored turn

    def converse(self, turns: list[str]) -> Exchange:
        session: str | None = None
        for turn in turns:
            started = time.perf_counter()
            result = self.services.tutor.ask(ChatRequest(turn, session_id=session, channel="cli"))
            latency = (time.perf_counter() - started) * 1000
            session = result.session_id
        answer = result.answer
        cited = [(c.source, c.section, c.snippet) for c in answer.citations]
        snippets = [(c.source, c.snippet.rstrip("…")) for c in answer.citations]
        self._cited_passages = [  # what each citation points at: the passage the answerer read
            p.text
            for p in answer.passages
            if any(p.source == source and p.text.startswith(start) for source, start in snippets)
        ]
        return Exchange(
            answer.text,
            answer.refused,
            answer.answerer,
            cited,
            answer.standalone_question,
            latency,
            [p.text for p in answer.passages],
        )

    def retrieve(self, query: str, k: int) -> list[Hit]:
        return [Hit(h.source, h.score, h.text) for h in self.services.searcher.search(query, k)]

    def evidence(self, cited: list[tuple[str, str, str]]) -> list[str]:
        if self._cited_passages:
            return self._cited_passages
        if self._sections is None:  # read the catalog once per run, not once per item
            self._sections = {}
            for chunk in self.services.catalog.all_chunks():
                self._sections.setdefault((chunk.source, chunk.section), []).append(chunk.text)
        wanted = dict.fromkeys((source, section) for source, section, _ in cited)
        texts = [text for key in wanted for text in self._sections.get(key, [])]
        return texts or [snippet for _, _, snippet in cited]


class HttpTarget:
    """A running server, through its public `/v1` API."""

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        self.name = url
        self._client = httpx.Client(base_url=url.rstrip("/"), timeout=timeout)

    def converse(self, turns: list[str]) -> Exchange:
        session: str | None = None
        body: dict[str, Any] = {}
        for turn in turns:
            started = time.perf_counter()
            response = self._client.post("/v1/chat", json={"message": turn, "session_id": session})
            latency = (time.perf_counter() - started) * 1000
            response.raise_for_status()
            body = response.json()
            session = str(body["session_id"])
        cited = [(c["source"], c["section"], c["snippet"]) for c in body.get("citations") or []]
        history = [Turn(t, "") for t in turns[:-1]]
        return Exchange(
            str(body["answer"]),
            bool(body["refused"]),
            str(body.get("answerer", "")),
            cited,
            standalone_query(turns[-1], history),
            latency,
        )

    def retrieve(self, query: str, k: int) -> list[Hit]:
        response = self._client.get("/v1/search", params={"q": query[:4000], "k": k})
        response.raise_for_status()
        return [Hit(r["source"], r["score"], r["text"]) for r in response.json()["results"]]

    def evidence(self, cited: list[tuple[str, str, str]]) -> list[str]:
        texts: list[str] = []
        for _source, section, snippet in cited:
            results = self.retrieve(f"{section} {snippet}", 3)
            texts.extend(r.text for r in results)
        return texts or [s for _, _, s in cited]

    def close(self) -> None:
        self._client.close()
