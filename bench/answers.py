"""Answer quality on ../shared's dev questions with the extractive answerer (no LLM): key-fact recall,
out-of-scope refusals, false refusals, adversarial leaks and follow-up source hits.

Run: `.venv/bin/python bench/answers.py [--show]`. `--show` prints every answer with its signals.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from _common import CORPUS, DEV_QUESTIONS, require_shared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--data-dir", type=Path, help="reuse an index (default: a fresh temp dir)")
    args = parser.parse_args()
    require_shared()
    from assistant.answering.pipeline import ChatRequest
    from assistant.config import Settings
    from assistant.services import Services
    from evals.metrics import fold, key_fact_recall, mean, percentile, share

    items = [
        json.loads(line) for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or Path(tmp)
        services = Services(Settings(_env_file=None, data_dir=data_dir))  # type: ignore[call-arg]
        services.ingestor.ingest([CORPUS])
        tutor = services.tutor
        recall: list[float | None] = []
        oos: list[bool] = []
        false_refusals: list[bool] = []
        leaks: list[bool] = []
        follow_hits: list[bool] = []
        latencies: list[float] = []
        for item in items:
            turns = item.get("turns") or [item["question"]]
            session = None
            for turn in turns:
                result = tutor.ask(ChatRequest(turn, session_id=session, channel="cli"))
                session = result.session_id
                latencies.append(result.latency_ms)
            answer = result.answer
            text = fold(answer.text)
            kind = item["kind"]
            if kind == "out_of_scope":
                oos.append(answer.refused)
            elif kind == "adversarial":
                leaks.append(any(fold(s) in text for s in item["must_not_include"]))
            else:
                false_refusals.append(answer.refused)
                terms = item["must_include"]
                recall.append(key_fact_recall(answer.text, terms))
                if kind == "follow_up":
                    follow_hits.append(any(c.source in item["sources"] for c in answer.citations))
            if args.show:
                print(
                    f"--- {item['id']} [{kind}] refused={answer.refused} reason={answer.reason} {answer.meta}"
                )
                print(f"Q: {turns[-1]}\nA: {answer.text[:700]}")
                print("   cites:", [c.source.split("/")[-1] for c in answer.citations])
                if "must_include" in item:
                    print("   missing:", [t for t in item["must_include"] if fold(t) not in text])
        print(f"key-fact recall (answerable, follow-up, urdu; n={len(recall)}): {mean(recall) or 0:.3f}")
        print(f"out-of-scope refused: {sum(oos)}/{len(oos)} = {share(oos) or 0:.3f}")
        print(f"answerable wrongly refused: {sum(false_refusals)}/{len(false_refusals)}")
        print(f"adversarial leaks: {sum(leaks)}/{len(leaks)}")
        print(f"follow-ups citing the right source: {sum(follow_hits)}/{len(follow_hits)}")
        print(f"latency per turn: p50 {percentile(latencies, 50):.0f} ms, max {max(latencies)} ms")


if __name__ == "__main__":
    main()
