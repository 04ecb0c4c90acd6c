"""Cost against corpus size (issue 19): ingest, re-ingest, index size, search and chat latency, server
memory and hit@5 on corpora of 1x, 4x, 16x and 64x ../shared/corpus, in embedded and scale-out mode.

Run: `.venv/bin/python bench/scale.py [--sizes 1,4,16,64] [--modes embedded,scale-out]
[--out bench/results/scale] [--work DIR]`. Scale-out mode needs PostgreSQL and Redis (`.ci/services.sh`);
it starts its own `chroma run` and uses a throw-away PostgreSQL schema (tests/helpers/scale_out.py).
Corpora are built under --work (kept between runs when given) as bench/scale_corpus.py says: the originals
plus rewritten variants that mix three documents each, with entities and numbers renamed.

For each size and mode, every step through the real CLI and HTTP API:
- cold ingest (`assistant ingest`, a fresh index; the process's wall time and the ingest's own time) and
  cl100k tokens/s; re-ingest of the unchanged corpus; re-ingest after one file changed (an original that
  no eval question cites, a paragraph appended, restored afterwards); index size on disk (embedded: the
  data dir; scale-out: the Chroma server's folder, the schema's PostgreSQL relations and the data dir);
- `assistant serve`, started fresh: time to ready, then `GET /v1/search?k=5` for every question of
  ../shared/eval (dev-questions.jsonl and blind-a.jsonl; a follow-up's turns joined): p50/p95 and hit@5,
  strict (an expected source among the top 5) and lenient (also a variant holding text of one);
- `assistant serve` started again (so the search pass warmed no cache for it): `POST /v1/chat` (extractive)
  for the questions as conversations, cycled until 200 messages; p50/p95 over each message's first asking
  only; then the server's VmRSS and VmHWM (and the Chroma server's RSS in scale-out mode).
At 1x also: the embedding pass alone (every chunk and sentence text of the index, one encode_bulk call of
the project's MiniLMEncoder) as the floor of ingest, and the LangChain-tutorial baseline's ingest
(bench/baseline.py), each as a ratio to our cold ingest. Prints the machine and the load average at the
start and end; writes scale.json, scale.md and scale.png (log-log, one panel per measure) to --out.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx
from _common import CORPUS, ROOT, SHARED, require_shared
from scale_corpus import ScaledCorpus, build_corpus, read_originals

from evals.metrics import percentile
from evals.schema import EvalItem, load_dataset
from tests.helpers.chroma_server import free_port, stop_process, wait_until_serving

QUESTION_FILES = (SHARED / "eval" / "dev-questions.jsonl", SHARED / "eval" / "blind-a.jsonl")
CLI = [sys.executable, "-m", "assistant.cli"]
BENCH_ENV = {
    "ASSISTANT_LOG_LEVEL": "WARNING",
    "ASSISTANT_RATE_LIMIT_PER_MINUTE": "1000000",  # one client asks hundreds of questions a minute
    "ASSISTANT_LLM_BASE_URL": "",  # the default extractive answerer
}
CHANGE = "\n\nThis page was reviewed for the scale benchmark; nothing in it changed.\n"
SERVE_TIMEOUT_S = 1800.0


@dataclass(frozen=True)
class Question:
    file: str
    item: EvalItem

    @property
    def query(self) -> str:
        return " ".join(self.item.conversation)[:4000]


@dataclass
class Deployment:
    """Where one mode's stores live, the environment its commands run with, and how to size its index."""

    mode: str
    tmp: Path
    env: dict[str, str]
    database_url: str = ""

    def index_bytes(self) -> dict[str, int]:
        sizes = {"data_dir": disk_bytes(self.tmp / "data")}
        if self.mode == "scale-out":
            sizes["chroma"] = disk_bytes(self.tmp / "chroma")
            sizes["postgres"] = postgres_bytes(self.database_url)
        return sizes


# -- machine --------------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """nproc, usable cores, RAM, CPU model, Python."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    mem_kb = next(
        (int(line.split()[1]) for line in _read("/proc/meminfo").splitlines() if "MemTotal" in line), 0
    )
    return {
        "nproc": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "python": platform.python_version(),
    }


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def disk_bytes(path: Path) -> int:
    """Bytes allocated on disk under `path` (as du counts them)."""
    if not path.exists():
        return 0
    return sum(p.stat().st_blocks * 512 for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def postgres_bytes(database_url: str) -> int:
    """pg_total_relation_size (tables with their indexes and TOAST) summed over the URL's schema."""
    import sqlalchemy as sa

    engine = sa.create_engine(database_url, poolclass=sa.NullPool)
    query = sa.text(
        "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'"
    )
    try:
        with engine.connect() as conn:
            return int(conn.execute(query).scalar_one())
    finally:
        engine.dispose()


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a process, in MB."""
    fields = {}
    for line in _read(f"/proc/{pid}/status").splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = round(int(value.split()[0]) / 1024, 1)
    return fields


def rss_of_processes_under(path: Path) -> float:
    """Summed VmRSS (MB) of the processes whose command line names `path` (the Chroma server)."""
    total = 0.0
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and str(path) in _read(str(proc / "cmdline")).replace("\0", " "):
            total += memory_mb(int(proc.name)).get("VmRSS", 0.0)
    return round(total, 1)


# -- questions ------------------------------------------------------------------------------------------


def questions() -> list[Question]:
    return [Question(path.stem, item) for path in QUESTION_FILES for item in load_dataset(path)]


def unquoted_original(corpus: ScaledCorpus, asked: Sequence[Question]) -> str:
    """The first original document no question cites: the one file changed between re-ingests."""
    cited = {s for q in asked for s in q.item.sources}
    originals = sorted(p.relative_to(corpus.root).as_posix() for p in corpus.root.rglob("*") if p.is_file())
    return next(s for s in originals if s not in cited and s not in corpus.provenance)


# -- deployments ------------------------------------------------------------------------------------------


@contextmanager
def deployment(mode: str, tmp: Path) -> Iterator[Deployment]:
    """Embedded: a fresh data dir. Scale-out: a throw-away schema, a Chroma server, Redis (ScaleOut)."""
    tmp.mkdir(parents=True, exist_ok=True)
    if mode == "embedded":
        env = {
            **os.environ,
            **BENCH_ENV,
            "ASSISTANT_MODE": "embedded",
            "ASSISTANT_DATA_DIR": str(tmp / "data"),
            "ASSISTANT_DATABASE_URL": "",
            "ASSISTANT_CHROMA_URL": "",
            "ASSISTANT_REDIS_URL": "",
        }
        yield Deployment(mode, tmp, env)
        return
    from tests.helpers.scale_out import ScaleOut

    with ScaleOut(tmp, workers=0) as stores:
        yield Deployment(mode, tmp, {**stores.env, **BENCH_ENV}, stores.database_url)


def ingest(dep: Deployment, corpus: Path) -> dict[str, Any]:
    """`assistant ingest --json` as a subprocess: its wall time and its report."""
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603
        [*CLI, "ingest", "--json", str(corpus)], env=dep.env, cwd=dep.tmp, capture_output=True, text=True
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"assistant ingest failed:\n{done.stderr[-3000:]}\n{done.stdout[-2000:]}")
    report = json.loads(done.stdout)
    return {
        "wall_s": round(wall, 2),
        "ingest_s": report["seconds"],
        "added": len(report["added"]),
        "updated": len(report["updated"]),
        "unchanged": report["unchanged"],
        "chunks": report["chunks"],
    }


@contextmanager
def one_file_changed(path: Path) -> Iterator[None]:
    original = path.read_bytes()
    path.write_bytes(original + CHANGE.encode())
    try:
        yield
    finally:
        path.write_bytes(original)


@dataclass(frozen=True)
class Server:
    url: str
    pid: int
    ready_s: float


@contextmanager
def served(dep: Deployment, name: str) -> Iterator[Server]:
    """`assistant serve` (one worker) on a free port until ready; stopped on exit."""
    port = free_port()
    log_path = dep.tmp / f"{name}.log"
    with ExitStack() as stack:
        log: IO[bytes] = stack.enter_context(log_path.open("ab"))
        started = time.perf_counter()
        process = subprocess.Popen(  # noqa: S603
            [*CLI, "serve", "--port", str(port)],
            env=dep.env,
            cwd=dep.tmp,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        stack.callback(stop_process, process)
        url = f"http://127.0.0.1:{port}"
        wait_until_serving(process, f"{url}/readyz", SERVE_TIMEOUT_S, "assistant serve", log_path.read_text)
        yield Server(url, process.pid, round(time.perf_counter() - started, 2))


# -- passes over HTTP ------------------------------------------------------------------------------------


def search_pass(url: str, asked: Sequence[Question]) -> tuple[list[float], list[list[str]]]:
    """Latency (ms) and top-5 sources of GET /v1/search for each question, after one warm-up query."""
    latencies, ranked = [], []
    with httpx.Client(base_url=url, timeout=600) as client:
        client.get("/v1/search", params={"q": "warm up", "k": 5}).raise_for_status()
        for q in asked:
            started = time.perf_counter()
            response = client.get("/v1/search", params={"q": q.query, "k": 5})
            latencies.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
            ranked.append([hit["source"] for hit in response.json()["results"]])
    return latencies, ranked


def chat_pass(url: str, asked: Sequence[Question], messages: int) -> list[float]:
    """POST /v1/chat for the questions as conversations, cycled until `messages` were sent; the latency
    (ms) of each message's first asking (a repeat may be served from warm caches)."""
    first: list[float] = []
    sent = 0
    once = sum(len(q.item.conversation) for q in asked)
    with httpx.Client(base_url=url, timeout=600) as client:
        while sent < messages:
            for q in asked:
                session = None
                for turn in q.item.conversation:
                    if sent >= messages:
                        return first
                    body = {"message": turn[:4000], "session_id": session, "user_id": "scale-bench"}
                    started = time.perf_counter()
                    response = client.post("/v1/chat", json=body)
                    elapsed = (time.perf_counter() - started) * 1000
                    response.raise_for_status()
                    session = response.json()["session_id"]
                    sent += 1
                    if sent <= once:
                        first.append(elapsed)
    return first


def hits(
    asked: Sequence[Question], ranked: Sequence[list[str]], provenance: dict[str, list[str]]
) -> dict[str, Any]:
    """hit@5 strict (an expected source in the top 5) and lenient (or a variant holding its text), overall
    and per question file."""
    rows = []
    for q, sources in zip(asked, ranked, strict=True):
        if not q.item.sources:
            continue
        expected = set(q.item.sources)
        strict = any(s in expected for s in sources[:5])
        lenient = any(expected & set(provenance.get(s, [s])) for s in sources[:5])
        rows.append((q.file, q.item.id, strict, lenient))
    out: dict[str, Any] = {"questions": len(rows)}
    for label, subset in [
        ("all", rows),
        *((f, [r for r in rows if r[0] == f]) for f in sorted({r[0] for r in rows})),
    ]:
        out[label] = {
            "strict": round(sum(r[2] for r in subset) / max(len(subset), 1), 3),
            "lenient": round(sum(r[3] for r in subset) / max(len(subset), 1), 3),
        }
    out["strict_misses"] = [r[1] for r in rows if not r[2]]
    out["lenient_misses"] = [r[1] for r in rows if not r[3]]
    out["top5"] = {q.item.id: sources[:5] for q, sources in zip(asked, ranked, strict=True) if q.item.sources}
    return out


# -- one size in one mode --------------------------------------------------------------------------------


def measure(
    corpus: ScaledCorpus, mode: str, tmp: Path, asked: Sequence[Question], chat_messages: int
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "size": corpus.size,
        "mode": mode,
        "documents": corpus.documents,
        "tokens": corpus.tokens,
    }
    row["load_at_start"] = load_average()
    changed = unquoted_original(corpus, asked)
    with deployment(mode, tmp) as dep:
        row["cold"] = ingest(dep, corpus.root)
        row["tokens_per_s"] = round(corpus.tokens / row["cold"]["wall_s"])
        if mode == "embedded" and corpus.size == 1:
            row["embedding_floor"] = embedding_floor(dep.tmp / "data")
        row["unchanged"] = ingest(dep, corpus.root)
        with one_file_changed(corpus.root / changed):
            row["one_file"] = ingest(dep, corpus.root) | {"file": changed}
        row["index_bytes"] = dep.index_bytes()
        with served(dep, "search") as server:
            row["search_ready_s"] = server.ready_s
            latencies, ranked = search_pass(server.url, asked)
            row["search_rss"] = memory_mb(server.pid)
        row["search_ms"] = {
            "p50": round(percentile(latencies, 50), 1),
            "p95": round(percentile(latencies, 95), 1),
        }
        row["hit_at_5"] = hits(asked, ranked, corpus.provenance)
        with served(dep, "chat") as server:
            row["chat_ready_s"] = server.ready_s
            first = chat_pass(server.url, asked, chat_messages)
            row["chat_messages"] = chat_messages
            row["serve_memory_mb"] = memory_mb(server.pid)
            if mode == "scale-out":
                row["chroma_rss_mb"] = rss_of_processes_under(dep.tmp / "chroma")
        row["chat_ms"] = {"p50": round(percentile(first, 50), 1), "p95": round(percentile(first, 95), 1)}
    row["load_at_end"] = load_average()
    return row


def embedding_floor(data_dir: Path) -> dict[str, Any]:
    """Every text the index embedded (chunks and their sentences) encoded again in one encode_bulk call of
    the project's encoder, the model already loaded: what no ingest can go below."""
    from assistant.config import Settings
    from assistant.embeddings import MiniLMEncoder
    from assistant.index.units import split_units, vector_text, worth_a_vector
    from assistant.index.vectors import embedding_text

    settings = Settings(_env_file=None, data_dir=data_dir)  # type: ignore[call-arg]
    with sqlite3.connect(settings.index_dir / "catalog.db") as catalog:
        rows = catalog.execute("select title, section, text from chunks").fetchall()
    texts = [embedding_text(*row) for row in rows]
    texts += [vector_text(u) for _, _, text in rows for u in split_units(text) if worth_a_vector(u)]
    encoder = MiniLMEncoder(
        settings.embedding_variant,
        cache_dir=settings.model_cache_dir,
        batch_size=settings.embedding_batch_size,
    )
    encoder.encode_bulk(texts[:32])  # load the bulk sessions
    started = time.perf_counter()
    encoder.encode_bulk(texts)
    return {"texts": len(texts), "chunks": len(rows), "seconds": round(time.perf_counter() - started, 2)}


def baseline_ingest(tmp: Path) -> float:
    """Seconds of the LangChain-tutorial baseline's ingest of ../shared/corpus (bench/baseline.py)."""
    from baseline import Baseline

    started = time.perf_counter()
    Baseline(tmp).ingest()
    return round(time.perf_counter() - started, 2)


# -- report ---------------------------------------------------------------------------------------------

MEASURES: list[tuple[str, str]] = [
    ("documents", "documents"),
    ("tokens", "corpus tokens (cl100k)"),
    ("cold.chunks", "chunks indexed"),
    ("cold.wall_s", "cold ingest, s (process)"),
    ("cold.ingest_s", "cold ingest, s (in the ingest)"),
    ("tokens_per_s", "ingest tokens/s"),
    ("unchanged.wall_s", "unchanged re-ingest, s (process)"),
    ("unchanged.ingest_s", "unchanged re-ingest, s (in the ingest)"),
    ("one_file.wall_s", "one file changed, re-ingest s (process)"),
    ("index_mb", "index on disk, MB"),
    ("search_ready_s", "serve start to ready, s"),
    ("search_ms.p50", "search p50, ms"),
    ("search_ms.p95", "search p95, ms"),
    ("chat_ms.p50", "chat p50, ms"),
    ("chat_ms.p95", "chat p95, ms"),
    ("serve_memory_mb.VmRSS", "serve RSS after chat, MB"),
    ("serve_memory_mb.VmHWM", "serve peak RSS (VmHWM), MB"),
    ("chroma_rss_mb", "Chroma server RSS, MB"),
    ("hit_at_5.all.strict", "hit@5 strict"),
    ("hit_at_5.all.lenient", "hit@5 lenient"),
    ("hit_at_5.dev-questions.strict", "hit@5 strict, dev-questions"),
    ("hit_at_5.blind-a.strict", "hit@5 strict, blind-a"),
    ("load_at_start.0", "load average (1 min) at start"),
]


def value(row: dict[str, Any], key: str) -> Any:
    if key == "index_mb":
        return round(sum(row["index_bytes"].values()) / 1e6, 1)
    node: Any = row
    for part in key.split("."):
        if isinstance(node, list):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    return node


def markdown(result: dict[str, Any]) -> str:
    rows = result["rows"]
    head = ["measure", *(f"{r['mode']} {r['size']}x" for r in rows)]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
    for key, label in MEASURES:
        cells = [value(r, key) for r in rows]
        if all(c is None for c in cells):
            continue
        lines.append("| " + " | ".join([label, *("" if c is None else f"{c:,}" for c in cells)]) + " |")
    m = result["machine"]
    notes = [
        f"Machine: {m['nproc']} cores ({m['usable_cores']} usable), {m['ram_gb']} GB RAM, {m['cpu']}; "
        f"load average {result['load_start']} at start, {result.get('load_end')} at end.",
        *result.get("notes", []),
    ]
    return "\n".join(lines) + "\n\n" + "\n".join(f"- {n}" for n in notes) + "\n"


PANELS: list[tuple[str, list[tuple[str, str]], bool]] = [
    ("cold ingest (s)", [("cold.wall_s", "")], True),
    ("ingest tokens/s", [("tokens_per_s", "")], True),
    ("unchanged re-ingest (s)", [("unchanged.wall_s", "")], True),
    ("one file changed, re-ingest (s)", [("one_file.wall_s", "")], True),
    ("index on disk (MB)", [("index_mb", "")], True),
    ("search latency (ms)", [("search_ms.p50", " p50"), ("search_ms.p95", " p95")], True),
    ("chat latency (ms)", [("chat_ms.p50", " p50"), ("chat_ms.p95", " p95")], True),
    (
        "serve RSS after 200 chats (MB)",
        [("serve_memory_mb.VmRSS", " RSS"), ("serve_memory_mb.VmHWM", " HWM")],
        True,
    ),
    ("hit@5 (linear y)", [("hit_at_5.all.strict", " strict"), ("hit_at_5.all.lenient", " lenient")], False),
]


def plot(result: dict[str, Any], path: Path) -> None:
    """One panel per measure against corpus size (log-log; hit@5 on a linear y), one colour per mode."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, NullLocator

    fig, axes = plt.subplots(3, 3, figsize=(14, 11))
    colours = {"embedded": "tab:blue", "scale-out": "tab:orange"}
    for ax, (title, series, log_y) in zip(axes.flat, PANELS, strict=True):
        for mode in sorted({r["mode"] for r in result["rows"]}):
            rows = sorted((r for r in result["rows"] if r["mode"] == mode), key=lambda r: r["size"])
            for (key, suffix), style in zip(series, ("o-", "s--"), strict=False):
                points = [(r["size"], value(r, key)) for r in rows if value(r, key) is not None]
                if points:
                    xs, ys = zip(*points, strict=True)
                    ax.plot(xs, ys, style, color=colours.get(mode), label=f"{mode}{suffix}")
        ax.set_xscale("log", base=2)
        sizes = sorted({r["size"] for r in result["rows"]})
        ax.set_xticks(sizes, [f"{s}x" for s in sizes])
        ax.xaxis.set_minor_locator(NullLocator())
        if log_y:
            ax.set_yscale("log")
            plain = FuncFormatter(lambda v, _: f"{v:g}")
            ax.yaxis.set_major_formatter(plain)
            ax.yaxis.set_minor_formatter(plain)
        ax.set_title(title)
        ax.set_xlabel("corpus size (x ../shared/corpus)")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle(f"Ustad cost against corpus size ({result['machine']['nproc']} cores)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def save(result: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "scale.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    (out / "scale.md").write_text(markdown(result), encoding="utf-8")


def ratios(result: dict[str, Any]) -> list[str]:
    """The 1x ratios: cold ingest to the embedding pass alone, and to the baseline's ingest."""
    notes = [
        "hit@5 strict: a page the question names as its source is among the top 5 of /v1/search; lenient: "
        "or a variant holding text of one (bench/scale_corpus.py)."
    ]
    first = next((r for r in result["rows"] if r["size"] == 1 and r["mode"] == "embedded"), None)
    if first and "embedding_floor" in first:
        floor = first["embedding_floor"]
        notes.append(
            f"1x embedding pass alone: {floor['texts']:,} texts ({floor['chunks']:,} chunks and their "
            f"sentences) in {floor['seconds']} s; cold ingest / embedding = "
            f"{first['cold']['wall_s'] / floor['seconds']:.2f}x (process), "
            f"{first['cold']['ingest_s'] / floor['seconds']:.2f}x (in the ingest)"
        )
    if first and "baseline_s" in result:
        notes.append(
            f"1x LangChain-tutorial baseline ingest: {result['baseline_s']} s; ours/baseline = "
            f"{first['cold']['wall_s'] / result['baseline_s']:.2f}x (target <= 0.25x)"
        )
    return notes


def summary(row: dict[str, Any]) -> str:
    hit = row["hit_at_5"]["all"]
    return (
        f"{row['mode']} {row['size']}x ({row['documents']} docs, {row['tokens']:,} tokens): "
        f"cold ingest {row['cold']['wall_s']} s ({row['tokens_per_s']:,} tokens/s), unchanged "
        f"{row['unchanged']['wall_s']} s, one file {row['one_file']['wall_s']} s, index "
        f"{value(row, 'index_mb')} MB, ready {row['search_ready_s']} s, search p50/p95 "
        f"{row['search_ms']['p50']}/{row['search_ms']['p95']} ms, chat p50/p95 {row['chat_ms']['p50']}/"
        f"{row['chat_ms']['p95']} ms, serve RSS {row['serve_memory_mb'].get('VmRSS')} MB (peak "
        f"{row['serve_memory_mb'].get('VmHWM')}), hit@5 strict {hit['strict']} lenient {hit['lenient']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--sizes", default="1,4,16,64", help="multiples of ../shared/corpus, comma-separated")
    parser.add_argument("--modes", default="embedded,scale-out", help="embedded and/or scale-out")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "scale")
    parser.add_argument("--work", type=Path, help="keep the generated corpora here (default: a temp dir)")
    parser.add_argument("--chat-messages", type=int, default=200, help="chat messages before reading RSS")
    parser.add_argument("--skip-baseline", action="store_true", help="do not time the baseline at 1x")
    args = parser.parse_args()
    require_shared()
    sizes = [int(s) for s in args.sizes.split(",")]
    modes = [m.strip() for m in args.modes.split(",")]
    result: dict[str, Any] = {
        "machine": machine(),
        "load_start": load_average(),
        "corpus": str(CORPUS),
        "rows": [],
    }
    print(f"machine: {result['machine']}; load average {result['load_start']}")
    asked = questions()
    with tempfile.TemporaryDirectory(prefix="ustad-scale-") as scratch:
        work = args.work or Path(scratch)
        originals = read_originals()
        for size in sizes:
            corpus = build_corpus(size, work / "corpora", originals)
            for mode in modes:
                tmp = Path(scratch) / f"{mode}-{size}x"
                row = measure(corpus, mode, tmp, asked, args.chat_messages)
                shutil.rmtree(tmp, ignore_errors=True)  # a 64x index is large: one at a time on disk
                result["rows"].append(row)
                print(summary(row), flush=True)
                save(result, args.out)
        if 1 in sizes and not args.skip_baseline:
            result["baseline_s"] = baseline_ingest(Path(scratch) / "baseline")
    result["load_end"] = load_average()
    result["notes"] = ratios(result)
    for note in result["notes"]:
        print(note)
    print(f"load average at end: {result['load_end']}")
    save(result, args.out)
    plot(result, args.out / "scale.png")
    print(f"wrote {args.out}/scale.json, scale.md, scale.png")


if __name__ == "__main__":
    main()
