"""The learners' saturation curve: N simulated learners mixing chat, search, feedback, exercise attempts and
Telegram webhook updates against one embedded `assistant serve` worker (SQLite and Chroma on disk) and a
scale-out deployment (workers sharing PostgreSQL, a Chroma server and Redis; all on loopback, Telegram a fake
Bot API server), for each number of learners and each repetition. Questions are drawn from the question files
(../shared/eval/dev-questions.jsonl and blind-a.jsonl, evals/datasets/*.jsonl: their question text only).

For each run it prints the machine (once), the load average before and after, chat p50/p95/p99, webhook
p50/p95/p99, search p95, requests shed as busy (503 with Retry-After; the bot's busy reply), other 5xx,
worker RSS growth after warm-up, the hit rate of the query-embedding cache and the evidence selector's unit
misses per answer (from /metrics), and whether every request was logged exactly once: every answer delivered
is in the log once, a shed question is not; then a table of every run and the median of the repetitions.
Targets at 200 learners on 2 cores: chat p95 <= 1 s, webhook p99 <= 5 s, RSS growth <= 50 MB.

Run the curve: `.venv/bin/python bench/load.py --users 50,100,200,400 --repeat 3` (about 2.5 hours with
the default 300 s per run); try it out with `--users 50 --seconds 30 --repeat 1 --modes embedded`. Scale-out
needs PostgreSQL and Redis on the machine (`.ci/services.sh` starts them); the corpus is ../shared/corpus when
it is there, else knowledge/. Each run starts its workers afresh (cold caches, fresh memory) and warms each
with `WARM_UP` questions first. `--questions fixed` asks the eight questions earlier versions used instead.

Why two runs of `--users 200 --seconds 300 --workers 2` differed (chat p95 123 ms and RSS +18/+22 MB in the
reliability issue's closing note; 18 s and +270/+132 MB later). The guess was that the quick run asked a
fixed list of eight questions (so every answer after the warm-up came from warm caches) on a quiet machine.
Half right: until this version the bench always asked the same eight (each chat with a unique tag, so chat
never hit the query-embedding cache, but every answer after the warm-up found its sentences in the evidence
selector's unit cache), so both runs did; what the list hides is cost, and what separated the two runs is
which side of capacity they ran on. Short checks on this machine, busy with other work (load average 4-10 on
2 cores), one embedded worker, 200 learners, 30 s each (6 December 2026):

    code, questions, admission            chat p50/p95/p99 ms   webhook p99   unit misses/answer  shed
    Nov 25 (c9b6169), fixed 8, none        549 / 7886 / 9038     13.6 s        (not counted)        -
    now, fixed 8, none (256 slots)         235 / 3206 / 4063      4.5 s        2.1                  -
    now, fixed 8, 4 slots / 0.5 s          186 /  761 / 1095      1.1 s        2.4                 13%
    now, drawn (401), 4 slots / 0.5 s      484 / 2291 / 3966      4.9 s       11.9                 19%
    the same, later, load average 1.8      101 /  713 /  818      0.9 s        9.8                  9%

The fixed list understates an answer's cost about threefold at p95 (warm unit cache: 2 misses an answer
against 12); the code did not get slower (the November code was slower on the same list). Past capacity
latency is a queue that grows with the length of the run (here 30 s gave p95 3-8 s without admission; 300 s
gives tens of seconds), below it answers take about 100 ms: a quiet machine with two workers was below it,
a machine sharing its cores, or harder questions, above. So the 18 s run shows what a deployment at that
load sees, the 123 ms run a warm cache below capacity; the bench now draws questions, prints the machine
and the load average around each run, and sheds past capacity instead of queueing.

It also prints where the machine's CPU went during each run (from /proc): this process (the simulated
learners and the fake Telegram), the API workers, and everything else. The learners share the 2 cores
with what they measure; at 400 of them a profile of a worker (py-spy) showed the event loop and the
answer threads waiting for a core, the queue that forms before a request reaches the admission gate.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import httpx
from _common import CORPUS, ROOT, SHARED
from prometheus_client.parser import text_string_to_metric_families

from assistant.messages import say
from evals.metrics import percentile
from tests.helpers.chroma_server import stop_process
from tests.helpers.fake_telegram import TOKEN, FakeTelegram
from tests.helpers.scale_out import Embedded, ScaleOut

SECRET = "load-secret"
QUESTION_FILES = [
    SHARED / "eval" / "dev-questions.jsonl",
    SHARED / "eval" / "blind-a.jsonl",
    *sorted((ROOT / "evals" / "datasets").glob("*.jsonl")),
]
FIXED_QUESTIONS = [  # what earlier versions of this bench asked, over and over
    "What is a stop sequence?",
    "How do I set the temperature for factual answers?",
    "What is few-shot prompting?",
    "How should I separate instructions from the text I paste?",
    "What is chain-of-thought prompting?",
    "How can I reduce hallucinations?",
    "What is prompt injection?",
    "How do I ask for a table as output?",
]
WARM_UP = 8  # questions each worker answers before the run (the first answers load what answering needs)
EXERCISE = "L1-01-plain-reply-water-complaint"
PROMPT = (
    "Draft a reply to the citizen's complaint below. The reader is an ordinary citizen, so use plain, polite "
    "English with short sentences. Explain the damaged line, the repair by 20 June and the free tanker on "
    "alternate days, and give the helpline. Keep it under 150 words."
)
THINK_S = (4.0, 12.0)  # a learner reads an answer and types the next message: about 8 s between requests
MIX = [("chat", 45), ("search", 20), ("feedback", 10), ("attempt", 15), ("webhook", 10)]
ADMITTED = ("chat", "search", "attempt", "webhook")  # what waits for an answer slot and may be shed
SAMPLE_EVERY_S = 5.0
WARM_S = 30.0  # RSS growth is measured from this far into a run (or a third of a shorter one)
BUSY = say("busy")


def question_pool(kind: str) -> list[str]:
    """Distinct question texts of the question files (a conversation's turns each count), or the fixed 8."""
    if kind == "fixed":
        return list(FIXED_QUESTIONS)
    found: dict[str, None] = {}
    for path in QUESTION_FILES:
        if not path.is_file():
            print(f"note: {path} is missing; its questions are left out", file=sys.stderr)
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                for text in [item.get("question"), *(item.get("turns") or [])]:
                    if isinstance(text, str) and text.strip():
                        found[text.strip()] = None
    return list(found)


# --- the machine ------------------------------------------------------------------------------------


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line
    )
    return f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu}, {kb / 1024**2:.1f} GB RAM"


def load_average() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return float("nan")


# --- deployments --------------------------------------------------------------------------------------


class Deployment(Protocol):
    urls: list[str]
    processes: list[subprocess.Popen[bytes]]

    def count(self, query: str, **params: object) -> int: ...

    def restart(self, n: int) -> None: ...


def fresh_workers(deployment: Deployment) -> None:
    """Every worker stopped and started again: cold caches and fresh memory for the next run."""
    for n, process in enumerate(deployment.processes):
        stop_process(process)
        deployment.restart(n)


# --- one run ------------------------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    shed: Counter[str] = field(default_factory=Counter)  # 503s that are the admission's "busy"
    shed_latencies: list[float] = field(default_factory=list)  # kept apart: the percentiles are of answers
    chat_ids: list[str] = field(default_factory=list)  # message ids of answers delivered over HTTP
    attempts: int = 0
    feedback: set[str] = field(default_factory=set)
    webhook_ok: int = 0
    webhook_chats: set[int] = field(default_factory=set)


def _is_shed(response: httpx.Response) -> bool:
    if response.status_code != 503 or "retry-after" not in response.headers:
        return False
    try:
        return bool(response.json().get("detail") == BUSY)
    except ValueError:
        return False


async def learner(
    n: int,
    urls: list[str],
    client: httpx.AsyncClient,
    tg: FakeTelegram,
    deadline: float,
    run: str,
    chat_base: int,
    questions: list[str],
    tally: Tally,
    think: tuple[float, float],
) -> None:
    rng = random.Random(f"{run}-{n}")
    mine: list[str] = []
    kinds, weights = zip(*MIX, strict=True)
    k = 0
    await asyncio.sleep(rng.uniform(0, think[0]))  # learners arrive over the first seconds, not at once
    while time.monotonic() < deadline:
        kind = rng.choices(kinds, weights)[0]
        url, k = rng.choice(urls), k + 1
        tag = f"{run}-{n}-{k}"
        started = time.perf_counter()
        try:
            if kind == "chat":
                r = await client.post(
                    f"{url}/v1/chat", json={"message": f"{rng.choice(questions)} ({tag})", "user_id": f"l{n}"}
                )
                if r.status_code == 200:
                    mine.append(r.json()["message_id"])
                    tally.chat_ids.append(mine[-1])
            elif kind == "search":
                r = await client.get(f"{url}/v1/search", params={"q": rng.choice(questions), "k": 5})
            elif kind == "feedback" and mine:
                message = mine.pop()
                r = await client.post(
                    f"{url}/v1/feedback", json={"message_id": message, "rating": rng.choice(["up", "down"])}
                )
                if r.status_code == 201:
                    tally.feedback.add(message)
            elif kind == "attempt":
                r = await client.post(
                    f"{url}/v1/exercises/{EXERCISE}/attempts",
                    json={"user_id": f"l{n}", "prompt": f"{PROMPT} ({tag})"},
                )
                tally.attempts += r.status_code == 201
            elif kind == "webhook":
                chat = chat_base + n
                update = tg.message_update(f"{rng.choice(questions)} ({tag})", chat_id=chat)
                r = await client.post(
                    f"{url}/telegram/webhook",
                    json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                )
                if r.status_code == 200:
                    tally.webhook_ok += 1
                    tally.webhook_chats.add(chat)
            else:
                continue
            tally.statuses[(kind, r.status_code)] += 1
            took = (time.perf_counter() - started) * 1000
            if _is_shed(r):
                tally.shed[kind] += 1
                tally.shed_latencies.append(took)
            else:
                tally.latencies[kind].append(took)
        except httpx.TransportError as exc:
            tally.statuses[(kind, -1)] += 1
            print(f"transport error on {kind}: {type(exc).__name__}", file=sys.stderr)
        # reading the answer, typing the next one (not past the end of the run)
        await asyncio.sleep(max(0.0, min(rng.uniform(*think), deadline - time.monotonic())))


async def sample_memory(pids: list[int], deadline: float, samples: list[tuple[float, list[float]]]) -> None:
    started = time.monotonic()
    while time.monotonic() < deadline:
        samples.append((time.monotonic() - started, [rss_mb(pid) for pid in pids]))
        await asyncio.sleep(SAMPLE_EVERY_S)
    samples.append((time.monotonic() - started, [rss_mb(pid) for pid in pids]))


async def sample_own_lag(deadline: float, lags: list[float]) -> None:
    """How late this process's event loop (the learners') wakes from a 50 ms sleep: the part of a
    measured latency that is the bench's own queue, not the server's."""
    loop = asyncio.get_running_loop()
    while time.monotonic() < deadline:
        asked = loop.time() + 0.05
        await asyncio.sleep(0.05)
        lags.append((loop.time() - asked) * 1000)


def scrape(urls: list[str]) -> Counter[str]:
    """The admission and cache counters of /metrics, summed over the workers."""
    totals: Counter[str] = Counter()
    for url in urls:
        text = httpx.get(f"{url}/metrics", timeout=30).text
        for family in text_string_to_metric_families(text):
            for s in family.samples:
                if s.name == "ustad_cache_lookups_total":
                    totals[f"query_{s.labels['result']}"] += int(s.value)
                elif s.name == "ustad_evidence_unit_misses_total":
                    totals["unit_misses"] += int(s.value)
                elif s.name == "ustad_shed_total":
                    totals[f"shed_{s.labels['kind']}"] += int(s.value)
                elif s.name == "ustad_questions_total":
                    totals["answers"] += int(s.value)
                elif (
                    s.name == "ustad_http_request_duration_seconds_bucket"
                    and s.labels.get("route") == "/v1/chat"
                    and s.labels.get("status") == "200"
                ):
                    totals[f"chat_le_{s.labels['le']}"] += int(s.value)
    return totals


def server_percentile(before: Counter[str], after: Counter[str], p: float) -> float:
    """The chat latency the workers measured (from receiving a request to its last byte), in ms: the
    upper bound of the histogram bucket holding the `p`th percentile of this run's answers."""
    buckets = sorted(
        (float(k.removeprefix("chat_le_")), after[k] - before[k]) for k in after if k.startswith("chat_le_")
    )
    total = buckets[-1][1] if buckets else 0
    for bound, count in buckets:
        if total and count >= p / 100 * total:
            return bound * 1000
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used (its threads included), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time every core of the machine has spent busy (not idle or waiting for I/O)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def warm_up(urls: list[str], questions: list[str], rng: random.Random) -> None:
    """Each worker answers `WARM_UP` questions first (the first answers load what answering needs)."""
    for url in urls:
        for question in rng.sample(questions, min(WARM_UP, len(questions))):
            httpx.post(f"{url}/v1/chat", json={"message": question}, timeout=120)


@dataclass
class Run:
    mode: str
    users: int
    repetition: int
    questions: str
    seconds: float = 0.0
    requests: int = 0
    load_before: str = ""
    load_after: str = ""
    chat: tuple[float, float, float] = (float("nan"),) * 3
    webhook: tuple[float, float, float] = (float("nan"),) * 3
    search_p95: float = float("nan")
    answer_requests: int = 0
    shed: int = 0
    other_5xx: int = 0
    rss_growth: list[float] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)  # share of one core: client, workers, the rest
    own_lag: tuple[float, float] = (float("nan"),) * 2  # the learners' loop, late by (p50, p95) ms
    query_hit_rate: float = float("nan")
    unit_misses_per_answer: float = float("nan")
    exactly_once: bool = False


def drive_once(
    deployment: Deployment,
    tg: FakeTelegram,
    run: Run,
    questions: list[str],
    seconds: float,
    think: tuple[float, float],
    chat_base: int,
) -> None:
    tag = uuid.uuid4().hex[:8]
    fresh_workers(deployment)
    warm_up(deployment.urls, questions, random.Random(tag))
    before = scrape(deployment.urls)
    run.load_before = load_average()
    print(
        f"\n== {run.mode}, {run.users} learners, run {run.repetition} ({run.questions} questions, "
        f"{len(questions)} of them), load average {run.load_before}",
        flush=True,
    )
    tally, samples, own_lags = Tally(), list[tuple[float, list[float]]](), list[float]()
    pids = [p.pid for p in deployment.processes]
    cpu_before = (time.process_time(), [cpu_seconds(pid) for pid in pids], machine_busy_seconds())

    async def drive() -> float:
        limits = httpx.Limits(max_connections=run.users * 2, max_keepalive_connections=run.users)
        started = time.monotonic()
        deadline = started + seconds
        async with httpx.AsyncClient(timeout=120, limits=limits) as client:
            await asyncio.gather(
                sample_memory([p.pid for p in deployment.processes], deadline, samples),
                sample_own_lag(deadline, own_lags),
                *(
                    learner(n, deployment.urls, client, tg, deadline, tag, chat_base, questions, tally, think)
                    for n in range(run.users)
                ),
            )
        return time.monotonic() - started

    run.seconds = asyncio.run(drive())
    run.own_lag = (percentile(own_lags, 50), percentile(own_lags, 95))
    client = time.process_time() - cpu_before[0]
    workers = sum(cpu_seconds(pid) for pid in pids) - sum(cpu_before[1])
    busy = machine_busy_seconds() - cpu_before[2]
    run.cpu = {  # the load generator shares the machine: say how much of it it took
        "client": client / run.seconds,
        "workers": workers / run.seconds,
        "rest": max(0.0, busy - client - workers) / run.seconds,
    }
    time.sleep(5)  # webhook answers still being written
    run.load_after = load_average()
    after = scrape(deployment.urls)
    report(deployment, tg, run, tally, samples, before, after, tag)


def report(
    deployment: Deployment,
    tg: FakeTelegram,
    run: Run,
    tally: Tally,
    samples: list[tuple[float, list[float]]],
    before: Counter[str],
    after: Counter[str],
    tag: str,
) -> None:
    run.requests = sum(tally.statuses.values())
    print(f"{run.requests} requests in {run.seconds:.0f} s: {run.requests / run.seconds:.1f} req/s")
    print(f"{'kind':10s} {'n':>6s} {'p50':>7s} {'p95':>7s} {'p99':>7s}  statuses (latency of those not shed)")
    for kind, _ in MIX:
        values = tally.latencies.get(kind, [])
        codes = {code: n for (k, code), n in sorted(tally.statuses.items()) if k == kind}
        print(
            f"{kind:10s} {len(values):6d} {percentile(values, 50):6.0f}ms {percentile(values, 95):6.0f}ms "
            f"{percentile(values, 99):6.0f}ms  {codes}"
        )
    run.chat = tuple(percentile(tally.latencies["chat"], p) for p in (50, 95, 99))  # type: ignore[assignment]
    run.webhook = tuple(percentile(tally.latencies["webhook"], p) for p in (50, 95, 99))  # type: ignore[assignment]
    run.search_p95 = percentile(tally.latencies["search"], 95)

    busy_replies = sum(
        1
        for m in tg.methods("sendMessage")
        if m.get("chat_id") in tally.webhook_chats and m.get("text") == BUSY
    )
    http_shed = sum(tally.shed.values())
    run.shed = http_shed + busy_replies
    run.answer_requests = sum(n for (k, _), n in tally.statuses.items() if k in ADMITTED)
    run.other_5xx = sum(n for (_, code), n in tally.statuses.items() if code >= 500 or code == -1) - http_shed
    server_shed = sum(after[k] - before[k] for k in after if k.startswith("shed_"))
    shed_after = (
        f"; a 503 came after p50 {percentile(tally.shed_latencies, 50):.0f} ms"
        if tally.shed_latencies
        else ""
    )
    print(
        f"shed as busy: {run.shed} of {run.answer_requests} requests that take a slot ({dict(tally.shed)} "
        f"over HTTP, "
        f"{busy_replies} busy replies on Telegram; the workers counted {server_shed}{shed_after}); "
        f"other 5xx or dropped: {run.other_5xx}"
    )

    if samples:
        warm = next((s for s in samples if s[0] >= min(WARM_S, run.seconds / 3)), samples[0])
        last = samples[-1]
        run.rss_growth = [b - a for a, b in zip(warm[1], last[1], strict=True)]
        for w, (a, b) in enumerate(zip(warm[1], last[1], strict=True)):
            print(f"worker {w} RSS: {a:.0f} MB at {warm[0]:.0f} s -> {b:.0f} MB at the end ({b - a:+.0f} MB)")

    hits, misses = after["query_hit"] - before["query_hit"], after["query_miss"] - before["query_miss"]
    answers = after["answers"] - before["answers"]
    run.query_hit_rate = hits / (hits + misses) if hits + misses else float("nan")
    run.unit_misses_per_answer = (after["unit_misses"] - before["unit_misses"]) / answers if answers else 0.0
    print(
        f"query-embedding cache (the answer reuses its search's vector): {hits} hits, {misses} misses "
        f"({run.query_hit_rate:.0%}); "
        f"evidence unit cache: {run.unit_misses_per_answer:.1f} misses per answer over {answers} answers"
    )
    inside = [server_percentile(before, after, p) for p in (50, 95)]
    print(
        f"chat as the workers timed it (histogram bounds): p50 <= {inside[0]:.0f} ms, p95 <= {inside[1]:.0f} "
        "ms; the learners' wait beyond that passed before the workers' outermost middleware saw the "
        "request (connection and event-loop queues, the learners' own loop); "
        f"the learners' own loop ran late by p50 {run.own_lag[0]:.0f} ms, p95 {run.own_lag[1]:.0f} ms"
    )
    cores = len(os.sched_getaffinity(0))
    print(
        f"CPU over the run, in cores of {cores}: this process (the learners and the fake Telegram) "
        f"{run.cpu['client']:.2f}, the API workers {run.cpu['workers']:.2f}, everything else (databases, "
        f"Chroma) {run.cpu['rest']:.2f}"
    )
    run.exactly_once = exactly_once(deployment, run, tally, tag, busy_replies)


def exactly_once(deployment: Deployment, run: Run, tally: Tally, tag: str, busy_replies: int) -> bool:
    """Every answer delivered is logged once; a shed question is not logged; nothing is logged twice."""
    like = f"%({tag}-%"
    logged_chat = deployment.count(
        "SELECT count(*) FROM messages WHERE channel = 'api' AND question LIKE :r", r=like
    )
    distinct_chat = deployment.count(
        "SELECT count(DISTINCT question) FROM messages WHERE channel = 'api' AND question LIKE :r", r=like
    )
    logged_attempts = deployment.count("SELECT count(*) FROM exercise_attempts WHERE prompt LIKE :r", r=like)
    # feedback rows of this run's answers only (the log outlives a run in scale-out and embedded mode)
    logged_feedback = _count_ids(
        deployment, sorted(tally.feedback), "SELECT count(*) FROM feedback WHERE message_id"
    )
    logged_webhook = deployment.count(
        "SELECT count(*) FROM messages WHERE channel = 'telegram' AND question LIKE :r", r=like
    )
    distinct_webhook = deployment.count(
        "SELECT count(DISTINCT question) FROM messages WHERE channel = 'telegram' AND question LIKE :r",
        r=like,
    )
    abandoned = {kind: n for (kind, code), n in tally.statuses.items() if code == -1}
    delivered_logged = _count_ids(deployment, tally.chat_ids, "SELECT count(*) FROM messages WHERE id")
    checks = {  # (acknowledged, logged, distinct, given up by the client after its timeout)
        "chat answers": (len(tally.chat_ids), logged_chat, distinct_chat, abandoned.get("chat", 0)),
        "exercise attempts": (tally.attempts, logged_attempts, logged_attempts, abandoned.get("attempt", 0)),
        "feedback rows": (
            len(tally.feedback),
            logged_feedback,
            logged_feedback,
            abandoned.get("feedback", 0),
        ),
        # a 200 is an answer (logged) or the busy reply (not logged)
        "webhook questions": (
            tally.webhook_ok - busy_replies,
            logged_webhook,
            distinct_webhook,
            abandoned.get("webhook", 0),
        ),
    }
    ok = delivered_logged == len(tally.chat_ids)
    print(f"chat answers delivered and found in the log by id: {delivered_logged}/{len(tally.chat_ids)}")
    for name, (sent, logged, distinct, gave_up) in checks.items():
        # exactly once: no duplicates, every acknowledged one logged; a request the client gave up on may
        # still have been answered and logged (once)
        good = logged == distinct and sent <= logged <= sent + gave_up
        ok &= good
        print(
            f"{name}: acknowledged {sent}, logged {logged}, distinct {distinct}, client gave up {gave_up}: "
            f"{'ok' if good else 'BAD'}"
        )
    return ok


def _count_ids(deployment: Deployment, ids: list[str], select: str) -> int:
    found = 0
    for start in range(0, len(ids), 500):
        marks = ", ".join(f"'{i}'" for i in ids[start : start + 500] if i.isalnum())  # message ids are hex
        if marks:
            found += deployment.count(f"{select} IN ({marks})")
    return found


# --- the curve ----------------------------------------------------------------------------------------


def _ms(values: tuple[float, ...]) -> str:
    return "/".join(f"{v:.0f}" for v in values)


def table(runs: list[Run]) -> None:
    print("\nEvery run (ms; shed = 503 or busy reply, of chat, search, attempt and webhook requests):")
    header = (
        f"{'mode':9s} {'users':>5s} {'#':>1s} {'req/s':>6s} {'chat p50/95/99':>17s} "
        f"{'webhook p50/95/99':>19s} {'search95':>8s} {'shed':>11s} {'5xx':>4s} {'RSS+ MB':>9s} "
        f"{'qcache':>6s} {'unit/ans':>8s} {'cpu c/w/o':>14s} "
        f"{'load before->after':>21s} {'once':>4s}"
    )
    print(header)
    for r in runs:
        shed = f"{r.shed} ({r.shed / r.answer_requests:.0%})" if r.answer_requests else "0"
        print(
            f"{r.mode:9s} {r.users:5d} {r.repetition:1d} {r.requests / r.seconds:6.1f} {_ms(r.chat):>17s} "
            f"{_ms(r.webhook):>19s} {r.search_p95:8.0f} {shed:>11s} {r.other_5xx:4d} "
            f"{'/'.join(f'{g:+.0f}' for g in r.rss_growth):>9s} {r.query_hit_rate:6.0%} "
            f"{r.unit_misses_per_answer:8.1f} {'/'.join(f'{c:.2f}' for c in r.cpu.values()):>14s} "
            f"{r.load_before + '->' + r.load_after:>21s} "
            f"{'ok' if r.exactly_once else 'BAD':>4s}"
        )
    groups: dict[tuple[str, int], list[Run]] = defaultdict(list)
    for r in runs:
        groups[(r.mode, r.users)].append(r)
    print(
        "\nMedian of the repetitions (targets at 200 learners: chat p95 <= 1000, webhook p99 <= 5000, "
        "RSS <= +50):"
    )
    print(
        f"{'mode':9s} {'users':>5s} {'chat p95':>8s} {'webhook p99':>11s} {'search p95':>10s} {'shed %':>6s} "
        f"{'RSS+':>5s}"
    )
    for (mode, users), group in groups.items():
        med = statistics.median
        shed_rate = med(r.shed / r.answer_requests if r.answer_requests else 0.0 for r in group)
        rss = med(max(r.rss_growth, default=0.0) for r in group)
        print(
            f"{mode:9s} {users:5d} {med(r.chat[1] for r in group):8.0f} "
            f"{med(r.webhook[2] for r in group):11.0f} {med(r.search_p95 for r in group):10.0f} "
            f"{shed_rate:6.1%} {rss:+5.0f}"
        )


def _users(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--users", type=_users, default=[50, 100, 200, 400], help="learners per run: 50,100,200"
    )
    parser.add_argument("--seconds", type=float, default=300, help="length of each run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per number of learners")
    parser.add_argument("--modes", default="embedded,scale-out", help="embedded, scale-out or both")
    parser.add_argument("--workers", type=int, default=2, help="API workers in scale-out mode")
    parser.add_argument("--questions", choices=["drawn", "fixed"], default="drawn")
    parser.add_argument(
        "--think", type=float, nargs=2, default=THINK_S, help="seconds between a learner's requests"
    )
    args = parser.parse_args()
    corpus = CORPUS if CORPUS.is_dir() else ROOT / "knowledge"
    questions = question_pool(args.questions)
    print(f"machine: {machine()}; load average {load_average()}")
    print(f"corpus: {corpus}; {len(questions)} {args.questions} questions; {args.seconds:.0f} s per run")
    runs: list[Run] = []
    ok = True
    with FakeTelegram() as tg:
        env = {
            "ASSISTANT_TELEGRAM_TOKEN": TOKEN,
            "ASSISTANT_TELEGRAM_BASE_URL": tg.base_url,
            "ASSISTANT_TELEGRAM_WEBHOOK_SECRET": SECRET,
            "ASSISTANT_TELEGRAM_WEBHOOK_URL": "http://127.0.0.1/telegram/webhook",
        }
        for mode in [m.strip() for m in args.modes.split(",") if m.strip()]:
            with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
                print(f"\nstarting {mode} over {corpus} ...", flush=True)
                deployment: Deployment
                if mode == "embedded":
                    deployment = stack.enter_context(Embedded(Path(tmp), corpus, env))
                elif mode == "scale-out":
                    deployment = stack.enter_context(ScaleOut(Path(tmp), args.workers, corpus, env))
                else:
                    parser.error(f"unknown mode {mode!r}")
                for users in args.users:
                    for repetition in range(1, args.repeat + 1):
                        run = Run(mode, users, repetition, args.questions)
                        chat_base = 1_000_000 * len(runs) + 100_000_000
                        drive_once(deployment, tg, run, questions, args.seconds, tuple(args.think), chat_base)
                        runs.append(run)
                        ok &= run.exactly_once and run.other_5xx == 0
    table(runs)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
