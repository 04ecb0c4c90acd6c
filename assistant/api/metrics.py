"""Prometheus metrics on a registry owned by one app (never the global one), and the middleware that
times every request by its route template, so `/v1/sessions/{session_id}` is one series, not one per id."""

from __future__ import annotations

import time
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.answering.types import Answer
from assistant.services import Services
from assistant.storage.models import ANSWERERS, CHANNELS

# From a cached search (milliseconds) to a slow local LLM answer streamed to the end (tens of seconds).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"  # 404s and CORS preflights: a label per raw path would let clients grow the series


class Metrics:
    """The app's counters and histograms; `render()` is the text exposition format."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "ustad_http_requests",
            "HTTP requests served.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "ustad_http_request_duration_seconds",
            "Time from receiving a request to sending the last byte of its response.",
            ["method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.questions = Counter(
            "ustad_questions",
            "Questions answered, by channel, answerer and whether the assistant declined.",
            ["channel", "answerer", "refused"],
            registry=self.registry,
        )
        for channel in CHANNELS:  # known series start at 0, so rate() sees the first question
            for answerer in ANSWERERS:
                for refused in ("true", "false"):
                    self.questions.labels(channel, answerer, refused)

    def count_question(self, channel: str, answerer: str, refused: bool) -> None:
        """One answered question, refusals included."""
        self.questions.labels(channel, answerer, "true" if refused else "false").inc()

    def count_answer(self, channel: str, answer: Answer) -> None:
        """The tutor's listener (`Services.answer_listeners`): every channel's answers, counted once."""
        self.count_question(channel, answer.answerer, answer.refused)

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        method = method if method in _METHODS else "OTHER"
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route, str(status)).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class ServiceCollector(Collector):
    """Read at each scrape from the process's services: admission (answers in flight, waiting, admitted
    and shed by kind) and the caches (query embeddings, the evidence selector's units)."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        stats = self.services.admission.stats()
        yield GaugeMetricFamily(
            "ustad_answers_in_flight", "Answers and searches being worked on.", stats.in_flight
        )
        yield GaugeMetricFamily(
            "ustad_answers_waiting", "Requests waiting for an answer slot.", stats.waiting
        )
        yield GaugeMetricFamily("ustad_answer_slots", "ASSISTANT_MAX_CONCURRENT_ANSWERS.", stats.slots)
        admitted = CounterMetricFamily(
            "ustad_admitted", "Requests given an answer slot, by kind.", labels=["kind"]
        )
        shed = CounterMetricFamily(
            "ustad_shed", "Requests refused as busy (503 or the bot's busy reply), by kind.", labels=["kind"]
        )
        for kind in sorted({"chat", "search", "telegram", *stats.admitted, *stats.shed}):
            admitted.add_metric([kind], stats.admitted.get(kind, 0))
            shed.add_metric([kind], stats.shed.get(kind, 0))
        yield admitted
        yield shed
        counts = self.services.cache_counts()
        lookups = CounterMetricFamily(
            "ustad_cache_lookups", "Lookups of the query-embedding cache.", labels=["cache", "result"]
        )
        lookups.add_metric(["query_embedding", "hit"], counts.query_hits)
        lookups.add_metric(["query_embedding", "miss"], counts.query_misses)
        yield lookups
        yield CounterMetricFamily(
            "ustad_evidence_unit_misses",
            "Quotable units the evidence selector had not in memory (fetched from the index or embedded).",
            counts.unit_misses,
        )


class MetricsMiddleware:
    """Records every HTTP request, including those that middleware further in answers (413, 429, CORS)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # unless a response starts: an exception escaping here becomes a 500 further out
        started = time.perf_counter()

        async def send_recording_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_recording_status)
        finally:
            route = getattr(scope.get("route"), "path", None) or UNMATCHED  # set by the router on a match
            self.metrics.observe_request(scope["method"], route, status, time.perf_counter() - started)
