"""Load on the scale-out deployment: 200 simulated learners for 5 minutes mixing chat, search, feedback,
exercise attempts and Telegram webhook updates, spread over two API workers that share PostgreSQL, a Chroma
server and Redis (all on loopback; Telegram is a fake Bot API server). Reports throughput, p50/p95/p99 per
kind, errors (target: no 5xx), worker memory over time (a leak shows as steady growth) and checks that every
request is logged exactly once.

Run: `.venv/bin/python bench/load.py [--users 200] [--seconds 300] [--workers 2]`. Needs PostgreSQL and Redis
on the machine (`.ci/services.sh` starts them); uses ../shared/corpus when it is there, else knowledge/.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from _common import CORPUS, ROOT

from evals.metrics import percentile
from tests.helpers.fake_telegram import TOKEN, FakeTelegram
from tests.helpers.scale_out import ScaleOut

SECRET = "load-secret"
QUESTIONS = [
    "What is a stop sequence?",
    "How do I set the temperature for factual answers?",
    "What is few-shot prompting?",
    "How should I separate instructions from the text I paste?",
    "What is chain-of-thought prompting?",
    "How can I reduce hallucinations?",
    "What is prompt injection?",
    "How do I ask for a table as output?",
]
EXERCISE = "L1-01-plain-reply-water-complaint"
PROMPT = (
    "Draft a reply to the citizen's complaint below. The reader is an ordinary citizen, so use plain, polite "
    "English with short sentences. Explain the damaged line, the repair by 20 June and the free tanker on "
    "alternate days, and give the helpline. Keep it under 150 words."
)
THINK_S = (4.0, 12.0)  # a learner reads an answer and types the next message: about 8 s between requests
MIX = [("chat", 45), ("search", 20), ("feedback", 10), ("attempt", 15), ("webhook", 10)]


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    chat_ids: list[str] = field(default_factory=list)  # message ids of answers delivered over HTTP
    chat_tags: list[str] = field(default_factory=list)
    attempts: int = 0
    feedback: set[str] = field(default_factory=set)
    webhook_tags: list[str] = field(default_factory=list)


async def learner(
    n: int,
    urls: list[str],
    client: httpx.AsyncClient,
    tg: FakeTelegram,
    deadline: float,
    run: str,
    tally: Tally,
    think: tuple[float, float],
) -> None:
    rng = random.Random(n)
    mine: list[str] = []
    kinds, weights = zip(*MIX, strict=True)
    k = 0
    while time.monotonic() < deadline:
        kind = rng.choices(kinds, weights)[0]
        url, k = rng.choice(urls), k + 1
        tag = f"{run}-{n}-{k}"
        started = time.perf_counter()
        try:
            if kind == "chat":
                r = await client.post(
                    f"{url}/v1/chat", json={"message": f"{rng.choice(QUESTIONS)} ({tag})", "user_id": f"l{n}"}
                )
                if r.status_code == 200:
                    mine.append(r.json()["message_id"])
                    tally.chat_ids.append(mine[-1])
                    tally.chat_tags.append(tag)
            elif kind == "search":
                r = await client.get(f"{url}/v1/search", params={"q": rng.choice(QUESTIONS), "k": 5})
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
                update = tg.message_update(f"{rng.choice(QUESTIONS)} ({tag})", chat_id=100_000 + n)
                r = await client.post(
                    f"{url}/telegram/webhook",
                    json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                )
                if r.status_code == 200:
                    tally.webhook_tags.append(tag)
            else:
                continue
            tally.statuses[(kind, r.status_code)] += 1
        except httpx.TransportError as exc:
            tally.statuses[(kind, -1)] += 1
            print(f"transport error on {kind}: {type(exc).__name__}", file=sys.stderr)
            continue
        tally.latencies[kind].append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(rng.uniform(*think))  # reading the answer, typing the next one


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def sample_memory(pids: list[int], deadline: float, samples: list[list[float]]) -> None:
    while time.monotonic() < deadline:
        samples.append([rss_mb(pid) for pid in pids])
        await asyncio.sleep(10)


async def drive(
    deployment: ScaleOut,
    tg: FakeTelegram,
    users: int,
    seconds: float,
    run: str,
    think: tuple[float, float],
) -> tuple[Tally, list[list[float]], float]:
    tally, samples = Tally(), []
    limits = httpx.Limits(max_connections=users * 2, max_keepalive_connections=users)
    started = time.monotonic()
    deadline = started + seconds
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        await asyncio.gather(
            sample_memory([p.pid for p in deployment.processes], deadline, samples),
            *(learner(n, deployment.urls, client, tg, deadline, run, tally, think) for n in range(users)),
        )
    return tally, samples, time.monotonic() - started


def report(deployment: ScaleOut, tally: Tally, samples: list[list[float]], elapsed: float, run: str) -> bool:
    total = sum(tally.statuses.values())
    print(
        f"\n{total} requests in {elapsed:.0f} s: {total / elapsed:.1f} req/s, {len(deployment.urls)} workers"
    )
    print(f"{'kind':10s} {'n':>6s} {'p50':>7s} {'p95':>7s} {'p99':>7s}  statuses")
    for kind, _ in MIX:
        values = tally.latencies.get(kind, [])
        codes = {code: n for (k, code), n in sorted(tally.statuses.items()) if k == kind}
        print(
            f"{kind:10s} {len(values):6d} {percentile(values, 50):6.0f}ms {percentile(values, 95):6.0f}ms "
            f"{percentile(values, 99):6.0f}ms  {codes}"
        )
    server_errors = sum(n for (_, code), n in tally.statuses.items() if code >= 500 or code == -1)
    print(f"5xx or dropped: {server_errors}")
    if samples:
        first, last = samples[min(3, len(samples) - 1)], samples[-1]  # after 30 s of warm-up
        for w, (a, b) in enumerate(zip(first, last, strict=True)):
            print(f"worker {w} RSS: {a:.0f} MB after warm-up -> {b:.0f} MB at the end ({b - a:+.0f} MB)")

    like = f"%({run}-%"
    logged_chat = deployment.count(
        "SELECT count(*) FROM messages WHERE channel = 'api' AND question LIKE :r", r=like
    )
    distinct_chat = deployment.count(
        "SELECT count(DISTINCT question) FROM messages WHERE channel = 'api' AND question LIKE :r", r=like
    )
    logged_attempts = deployment.count("SELECT count(*) FROM exercise_attempts WHERE prompt LIKE :r", r=like)
    logged_feedback = deployment.count("SELECT count(*) FROM feedback")
    logged_webhook = deployment.count(
        "SELECT count(*) FROM messages WHERE channel = 'telegram' AND question LIKE :r", r=like
    )
    abandoned = {kind: n for (kind, code), n in tally.statuses.items() if code == -1}
    delivered_logged = _count_ids(deployment, tally.chat_ids)
    checks = {  # (acknowledged, logged, distinct, given up by the client after its timeout)
        "chat answers": (len(tally.chat_ids), logged_chat, distinct_chat, abandoned.get("chat", 0)),
        "exercise attempts": (tally.attempts, logged_attempts, logged_attempts, abandoned.get("attempt", 0)),
        "feedback rows": (
            len(tally.feedback),
            logged_feedback,
            logged_feedback,
            abandoned.get("feedback", 0),
        ),
        "webhook questions": (
            len(tally.webhook_tags),
            logged_webhook,
            logged_webhook,
            abandoned.get("webhook", 0),
        ),
    }
    ok = server_errors == 0 and delivered_logged == len(tally.chat_ids)
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


def _count_ids(deployment: ScaleOut, ids: list[str]) -> int:
    found = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join(f"'{i}'" for i in chunk if i.isalnum())  # message ids are hex
        if marks:
            found += deployment.count(f"SELECT count(*) FROM messages WHERE id IN ({marks})")  # noqa: S608
    return found


def warm_up(deployment: ScaleOut) -> None:
    """Each worker answers each question once first (the first answer from a document prepares it)."""
    for url in deployment.urls:
        for question in QUESTIONS:
            httpx.post(f"{url}/v1/chat", json={"message": question}, timeout=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--think", type=float, nargs=2, default=THINK_S, help="seconds between a learner's requests"
    )
    args = parser.parse_args()
    corpus = CORPUS if CORPUS.is_dir() else ROOT / "knowledge"
    run = uuid.uuid4().hex[:8]
    with tempfile.TemporaryDirectory() as tmp, FakeTelegram() as tg:
        env = {
            "ASSISTANT_TELEGRAM_TOKEN": TOKEN,
            "ASSISTANT_TELEGRAM_BASE_URL": tg.base_url,
            "ASSISTANT_TELEGRAM_WEBHOOK_SECRET": SECRET,
            "ASSISTANT_TELEGRAM_WEBHOOK_URL": "http://127.0.0.1/telegram/webhook",
        }
        print(f"starting {args.workers} workers over {corpus} ...", flush=True)
        with ScaleOut(Path(tmp), workers=args.workers, corpus=corpus, env=env) as deployment:
            warm_up(deployment)
            print(f"driving {args.users} learners for {args.seconds:.0f} s ...", flush=True)
            tally, samples, elapsed = asyncio.run(
                drive(deployment, tg, args.users, args.seconds, run, tuple(args.think))
            )
            time.sleep(5)  # webhook answers still being written
            ok = report(deployment, tally, samples, elapsed, run)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
