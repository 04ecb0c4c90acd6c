"""The Telegram webhook under load: 1,000 updates from 100 simulated learners, pushed concurrently into
`assistant serve` in webhook mode, whose replies go to a fake Bot API server on loopback. Every twentieth
update is delivered twice, as Telegram does when a 2xx comes late. Checks that no update is lost or
answered twice and that every question is logged exactly once; prints throughput and reply times.

Run: `.venv/bin/python bench/telegram_load.py [--users 100] [--per-user 10]`. Uses ../shared/corpus when it
is there (else the shipped knowledge/); the rate limit is raised for the run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import sqlalchemy as sa
from _common import CORPUS, DEV_QUESTIONS, ROOT, free_port, peak_rss_mb

from evals.metrics import percentile
from tests.helpers.fake_telegram import TOKEN, FakeTelegram

SECRET = "bench-secret"
GOLDEN = ROOT / "evals" / "datasets" / "golden.jsonl"


def questions() -> list[str]:
    source = DEV_QUESTIONS if DEV_QUESTIONS.is_file() else GOLDEN
    items = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [item.get("question") or item["turns"][0] for item in items]


def start_server(data_dir: Path, tg: FakeTelegram) -> tuple[subprocess.Popen[bytes], str]:
    corpus = CORPUS if CORPUS.is_dir() else ROOT / "knowledge"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(data_dir),
        "ASSISTANT_LOG_LEVEL": "WARNING",
        "ASSISTANT_RATE_LIMIT_PER_MINUTE": "1000000",
        "ASSISTANT_TELEGRAM_TOKEN": TOKEN,
        "ASSISTANT_TELEGRAM_BASE_URL": tg.base_url,
        "ASSISTANT_TELEGRAM_WEBHOOK_URL": f"{url}/telegram/webhook",
        "ASSISTANT_TELEGRAM_WEBHOOK_SECRET": SECRET,
    }
    cli = [sys.executable, "-m", "assistant.cli"]
    subprocess.run([*cli, "ingest", str(corpus)], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    print(f"indexed {corpus}")
    server = subprocess.Popen([*cli, "serve", "--port", str(port)], env=env, cwd=ROOT)
    deadline = time.monotonic() + 120
    while tg.webhook is None:  # setWebhook is the bot's last start-up step
        if time.monotonic() > deadline or server.poll() is not None:
            server.terminate()
            sys.exit("error: the server did not start its Telegram webhook")
        time.sleep(0.1)
    return server, url


async def learner(
    client: httpx.AsyncClient, tg: FakeTelegram, chat: int, asked: list[str], posted: dict[str, float]
) -> None:
    """One learner: sends a question, waits for the webhook to return (it answers first), asks the next."""
    for k, question in enumerate(asked):
        tag = f"c{chat}q{k}"
        update = tg.message_update(f"{question} ({tag})", chat_id=chat)
        posted[tag] = time.monotonic()
        for _ in range(2 if update["update_id"] % 20 == 0 else 1):  # a redelivery every 20th update
            response = await client.post(
                "/telegram/webhook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
            )
            response.raise_for_status()


async def push(url: str, tg: FakeTelegram, users: int, per_user: int, first_chat: int) -> dict[str, float]:
    """All learners at once; returns when each got its last answer. Tag -> when its update was posted."""
    pool = questions()
    posted: dict[str, float] = {}
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        await asyncio.gather(
            *(
                learner(
                    client,
                    tg,
                    first_chat + u,
                    [pool[(u * per_user + k) % len(pool)] for k in range(per_user)],
                    posted,
                )
                for u in range(users)
            )
        )
    return posted


def answers_sent(tg: FakeTelegram) -> dict[int, list[tuple[str, float]]]:
    """Per chat, the answers in the order sent: (logged message id from the 👍 button, time received)."""
    answers: dict[int, list[tuple[str, float]]] = {}
    for method, params, at in list(tg.calls):
        markup = params.get("reply_markup")
        rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
        if method == "sendMessage" and rows and str(rows[0][0]["callback_data"]).startswith("fb:up:"):
            answers.setdefault(int(params["chat_id"]), []).append((rows[0][0]["callback_data"][6:], at))
    return answers


def check(tg: FakeTelegram, data_dir: Path, posted: dict[str, float], chats: range) -> list[float]:
    """Reply times (ms) of every update; exits non-zero when one was lost, answered twice or logged wrong."""
    engine = sa.create_engine(f"sqlite:///{data_dir / 'assistant.db'}")
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, question FROM messages WHERE channel = 'telegram'")).all()
    engine.dispose()
    logged: dict[str, list[str]] = {}  # tag -> logged message ids
    for message_id, question in rows:
        logged.setdefault(question.rsplit("(", 1)[-1].rstrip(")"), []).append(message_id)
    answers = answers_sent(tg)
    sent = [(message_id, at) for chat in chats for message_id, at in answers.get(chat, [])]
    times: dict[str, list[float]] = {}
    for message_id, at in sent:
        times.setdefault(message_id, []).append(at)
    lost = twice = unlogged = 0
    latencies = []
    for tag, started in posted.items():
        ids = logged.get(tag, [])
        unlogged += not ids
        replied = [at for i in ids for at in times.get(i, [])]
        lost += not replied
        twice += max(0, len(ids) - 1) + max(0, len(replied) - 1)
        latencies.extend((at - started) * 1000 for at in replied[:1])
    replies = len(sent)
    print(
        f"updates {len(posted)} (about {len(posted) // 20} delivered twice), "
        f"answers sent {replies}, questions logged {sum(len(v) for v in logged.values())}"
    )
    print(f"lost {lost}, answered twice {twice}, not logged {unlogged}")
    if lost or twice or unlogged:
        sys.exit("error: updates were lost or answered twice")
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--per-user", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, FakeTelegram() as tg:
        data_dir = Path(tmp)
        server, url = start_server(data_dir, tg)
        try:
            # warm-up, in other chats (not counted): each question once, as bench/api.py does, since the first
            # answer from a document embeds its sentences (~1 s), later ones reuse them
            asyncio.run(push(url, tg, 8, -(-len(questions()) // 8), first_chat=1))
            started = time.perf_counter()
            posted = asyncio.run(push(url, tg, args.users, args.per_user, first_chat=1000))
            elapsed = time.perf_counter() - started
            latencies = check(tg, data_dir, posted, range(1000, 1000 + args.users))
            print(
                f"{len(posted)} updates from {args.users} learners in {elapsed:.1f} s: "
                f"{len(posted) / elapsed:.1f} updates/s"
            )
            print(
                f"reply time p50 {percentile(latencies, 50):.0f} ms, p95 {percentile(latencies, 95):.0f} ms, "
                f"max {max(latencies):.0f} ms"
            )
            print(f"server peak memory (VmHWM): {peak_rss_mb(server.pid):.0f} MB")
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
