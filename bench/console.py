"""Trainer-console queries on a large question log: seeds N messages (default 100,000) over 90 days in a
temporary database with bulk inserts, then times the console's filtered list and charts server-side.

    .venv/bin/python bench/console.py [--messages 100000] [--database-url postgresql://postgres@127.0.0.1/test]
        [--explain]

Prints p50/p95 ms per query (target: < 300 ms each) and the load averages before and after timing (other
processes compete for the CPU). --explain prints the plan of every statement each query runs (SQLite: EXPLAIN
QUERY PLAN; PostgreSQL: EXPLAIN ANALYZE). With --database-url the tables are created in a fresh schema that is
dropped afterwards; PostgreSQL gets VACUUM ANALYZE after the bulk load, as autovacuum would give it (without
it the visibility map is empty and no index-only scan is possible).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from assistant.storage import Database  # noqa: E402
from assistant.storage.models import ChatSession, Feedback, Message, User  # noqa: E402
from assistant.trainer.accounts import Account  # noqa: E402
from assistant.trainer.log_queries import LogFilter, LogQueries  # noqa: E402

TOPICS = ["Lesson 2: Anatomy of a good prompt", "Lesson 8: Data hygiene", "AI policy: training", None]
WORDS = "prompt policy data summary memo citation Urdu letter budget training officer draft".split()


def seed(db: Database, messages: int, rng: random.Random) -> None:
    now = datetime.now(UTC)
    users = [
        {
            "id": i + 1,
            "channel": rng.choice(["web", "telegram"]),
            "external_id": f"emp-{i}",
            "display_name": f"Learner {i}",
            "cohort": f"2026-{'ABCD'[i % 4]}",
            "role": "learner",
            "created_at": now,
        }
        for i in range(2000)
    ]
    sessions = [
        {
            "id": uuid.uuid4().hex,
            "user_id": rng.choice(users)["id"] if i % 5 else None,
            "channel": "web",
            "created_at": now,
            "updated_at": now,
            "summary": None,
        }
        for i in range(20_000)
    ]
    rows, feedback = [], []
    for i in range(messages):
        session = sessions[i % len(sessions)]
        refused = rng.random() < 0.15
        topic = None if refused else rng.choice(TOPICS)
        message_id = uuid.uuid4().hex
        rows.append(
            {
                "id": message_id,
                "session_id": session["id"],
                "user_id": session["user_id"],
                "channel": rng.choice(["web", "web", "api", "telegram"]),
                "question": " ".join(rng.choices(WORDS, k=8)) + "?",
                "answer": "An answer. " * 20,
                "citations": [{"n": 1, "source": "x.md", "title": topic, "section": "", "snippet": ""}]
                if topic
                else [],
                "refused": refused,
                "answerer": "extractive",
                "latency_ms": rng.randint(20, 400),
                "doc_types": None if refused else rng.choice(["course", "policy", "course,policy"]),
                "language": "en",
                "created_at": now - timedelta(seconds=rng.randint(0, 90 * 86400)),
            }
        )
        if rng.random() < 0.1:
            feedback.append(
                {
                    "message_id": message_id,
                    "rating": rng.choice(["up", "down"]),
                    "comment": None,
                    "created_at": now,
                }
            )
    with db.session() as session:
        session.execute(sa.insert(User), users)
        session.execute(sa.insert(ChatSession), sessions)
        for start in range(0, len(rows), 5000):
            session.execute(sa.insert(Message), rows[start : start + 5000])
        session.execute(sa.insert(Feedback), feedback)
    autocommit = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    with autocommit as conn:
        conn.exec_driver_sql("ANALYZE" if db.dialect == "sqlite" else "VACUUM ANALYZE")


def timed(work: Callable[[], object], runs: int) -> tuple[float, float]:
    work()  # warm the caches once
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


@contextmanager
def statements(db: Database) -> Iterator[list[tuple[str, object]]]:
    """The SQL statements (and parameters) run inside the block."""
    seen: list[tuple[str, object]] = []

    def record(_conn: object, _cursor: object, sql: str, params: object, *_: object) -> None:
        seen.append((sql, params))

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def explain(db: Database, work: Callable[[], object]) -> None:
    """Print the plan of each statement `work` runs."""
    with statements(db) as seen:
        work()
    prefix = "EXPLAIN QUERY PLAN " if db.dialect == "sqlite" else "EXPLAIN (ANALYZE, COSTS OFF) "
    raw = db.engine.raw_connection()
    try:
        for sql, params in seen:
            cursor = raw.cursor()
            cursor.execute(prefix + sql, params)
            lines = [str(row[-1] if db.dialect == "sqlite" else row[0]) for row in cursor.fetchall()]
            print("   ", " ".join(sql.split())[:160])
            print("\n".join(f"      {line}" for line in lines))
        raw.rollback()
    finally:
        raw.close()


def load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--explain", action="store_true", help="print each statement's plan")
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        schema = None
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        if args.database_url:
            schema = f"ustad_bench_{uuid.uuid4().hex[:8]}"
            admin = sa.create_engine(sa.make_url(args.database_url).set(drivername="postgresql+psycopg"))
            with admin.begin() as conn:
                conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
            url = sa.make_url(args.database_url).update_query_dict({"options": f"-csearch_path={schema}"})
            url = url.render_as_string(hide_password=False)
        db = Database(url)
        db.upgrade()
        started = time.perf_counter()
        seed(db, args.messages, rng)
        print(f"seeded {args.messages:,} messages on {db.dialect} in {time.perf_counter() - started:.1f} s")
        queries = LogQueries(db)
        trainer = Account(1, "bench", "trainer", None)
        scoped = Account(2, "bench2", "trainer", "2026-B")
        last_30 = LogFilter(start=date.today() - timedelta(days=30))
        cases: dict[str, Callable[[], object]] = {
            "list: newest 50, no filter": lambda: queries.page(LogFilter(), trainer),
            "list: refused": lambda: queries.page(LogFilter(status="refused"), trainer),
            "list: negative feedback": lambda: queries.page(LogFilter(rating="down"), trainer),
            "list: cohort + channel + 30 days": lambda: queries.page(
                LogFilter(start=last_30.start, cohort="2026-A", channel="web"), trainer
            ),
            "list: text search 'budget memo'": lambda: queries.page(LogFilter(text="budget memo"), trainer),
            "list: page 100 (offset 4950)": lambda: queries.page(LogFilter(), trainer, offset=4950),
            "list: cohort-scoped trainer": lambda: queries.page(LogFilter(), scoped),
            "queue: refused or disliked": lambda: queries.queue(LogFilter(), trainer),
            "charts: all 90 days": lambda: queries.charts(LogFilter(), trainer),
            "charts: last 30 days": lambda: queries.charts(last_30, trainer),
            "charts: refused, cohort": lambda: queries.charts(
                LogFilter(status="refused", cohort="2026-C"), trainer
            ),
            "charts: negative feedback": lambda: queries.charts(LogFilter(rating="down"), trainer),
        }
        print(f"load average before timing: {load()} ({os.cpu_count()} CPUs)")
        print(f"{'query':<38} {'p50 ms':>8} {'p95 ms':>8}")
        worst = 0.0
        for name, work in cases.items():
            p50, p95 = timed(work, args.runs)
            worst = max(worst, p95)
            print(f"{name:<38} {p50:8.1f} {p95:8.1f}")
            if args.explain:
                explain(db, work)
        print(f"worst p95: {worst:.1f} ms (target < 300 ms); load average after: {load()}")
        db.dispose()
        if schema:
            with admin.begin() as conn:
                conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()
