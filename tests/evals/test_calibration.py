"""Grader calibration: the statistics on hand-computed inputs, the set's loader, the regression gate on the
shipped set with the real encoder, and `assistant eval calibration` through the CLI."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import Settings
from assistant.embeddings import MiniLMEncoder
from assistant.exercises.bank import ExerciseBank, UnknownExerciseError
from evals.calibration import (
    CAPPED_CEILING,
    DEFAULT_SET,
    PAIRWISE_FLOOR,
    SPEARMAN_FLOOR,
    CalibrationPrompt,
    Scored,
    average_ranks,
    calibrate,
    load_set,
    ordered_pairs,
    pairwise_accuracy,
    report,
    spearman,
    warm_grader,
)
from evals.schema import DatasetError


def test_average_ranks_share_ties() -> None:
    assert average_ranks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4]
    assert average_ranks([3, 1, 2]) == [3, 1, 2]


def test_spearman_by_hand() -> None:
    assert spearman([1, 2, 3], [10, 20, 30]) == pytest.approx(1.0)
    assert spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    # y ranks 1, 2, 3.5, 5, 3.5: covariance of ranks 8, variances 10 and 9.5 -> 8 / sqrt(95)
    assert spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) == pytest.approx(8 / 95**0.5)
    assert spearman([1, 1, 1], [1, 2, 3]) is None
    assert spearman([1], [1]) is None


def test_spearman_agrees_with_scipy() -> None:
    stats = pytest.importorskip("scipy.stats")
    scores = [12, 40, 40, 75, 90, 5, 55, 55, 100, 33]
    bands = [0, 1, 0, 2, 2, 0, 1, 2, 2, 1]
    assert spearman(scores, bands) == pytest.approx(stats.spearmanr(scores, bands).statistic)


def test_pairwise_counts_same_exercise_strong_weak_pairs_and_ties_fail() -> None:
    scored = [
        ("a", "strong", 80.0),
        ("a", "weak", 80.0),  # a tie: a failure
        ("a", "weak", 10.0),
        ("b", "strong", 50.0),
        ("b", "weak", 60.0),  # misordered
        ("b", "medium", 55.0),  # not in any (strong, weak) pair
        ("c", "weak", 90.0),  # no strong prompt for c
    ]
    assert ordered_pairs(scored) == (1, 3)
    assert pairwise_accuracy(scored) == pytest.approx(1 / 3)
    assert pairwise_accuracy([("a", "medium", 1.0)]) is None


@pytest.fixture(scope="module")
def bank() -> ExerciseBank:
    return ExerciseBank.load(Settings(_env_file=None).exercises_dir)  # type: ignore[call-arg]


def test_a_bad_line_names_the_file_and_line(tmp_path: Path, bank: ExerciseBank) -> None:
    path = tmp_path / "set.jsonl"
    good = {"exercise_id": bank.list()[0].id, "band": "weak", "kind": "one_liner", "prompt": "hi"}
    path.write_text(json.dumps(good) + "\n" + json.dumps(good | {"band": "great"}) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"set\.jsonl:2"):
        load_set(path, bank)
    path.write_text(json.dumps(good | {"exercise_id": "L9-99-nope"}) + "\n", encoding="utf-8")
    with pytest.raises(UnknownExerciseError):
        load_set(path, bank)


def test_the_shipped_set_covers_every_exercise_and_the_hard_kinds(bank: ExerciseBank) -> None:
    items = load_set(DEFAULT_SET, bank)
    bands = {e.id: Counter(i.band for i in items if i.exercise_id == e.id) for e in bank.list()}
    assert all(len(b) == 3 for b in bands.values()), "weak, medium and strong for every exercise"
    kinds = {kind: {i.exercise_id for i in items if i.kind == kind} for kind in {i.kind for i in items}}
    assert len(kinds["keyword_stuffed"]) >= 8 and len(kinds["off_task"]) >= 5
    assert {i.split for i in items} == {"dev", "held_out"}


BLIND_SET = DEFAULT_SET.with_name("blind.jsonl")


def test_capped_kinds_and_expected_ranges_by_hand() -> None:
    def scored(exercise: str, band: str, kind: str, score: int, expected: tuple[int, int]) -> Scored:
        item = CalibrationPrompt.model_validate(
            {"exercise_id": exercise, "band": band, "kind": kind, "prompt": "p", "expected": expected}
        )
        return Scored(item, score, [], 1.0)

    r = report(
        [
            scored("a", "strong", "typical", 90, (80, 100)),
            scored("a", "weak", "off_task", 45, (0, 20)),  # above the ceiling and the range
            scored("a", "weak", "keyword_stuffed", 95, (0, 20)),  # above the strong prompt too
            scored("b", "weak", "off_task", 10, (15, 30)),  # no strong prompt in b: no pair; below range
        ]
    )
    assert r.capped is not None and r.capped.max_score == 95 and r.capped.pairs == 2
    assert r.capped.strong_above == 0.5 and len(r.capped.above_ceiling) == 2
    assert r.expected is not None and (r.expected.inside, r.expected.below, r.expected.above) == (1, 1, 2)
    assert not r.meets_targets  # prompts above the ceiling, and one above a strong prompt
    clean = report(
        [scored("a", "strong", "typical", 90, (80, 100)), scored("a", "weak", "off_task", 20, (0, 20))]
    )
    assert clean.meets_targets


def test_the_second_set_holds_the_kinds_issue_17_asks_for(bank: ExerciseBank) -> None:
    """Written before the grader changed and never tuned on: its figures are reported, not gated."""
    items = load_set(BLIND_SET, bank)
    kinds = Counter(i.kind for i in items)
    assert len(items) >= 120 and kinds["off_task"] >= 20 and kinds["keyword_stuffed"] >= 15
    assert kinds["pasted_material"] + kinds["personal_data"] >= 20
    assert all(i.expected is not None for i in items)
    assert {i.exercise_id for i in items} == {e.id for e in bank.list()}


@pytest.mark.parametrize("path", sorted(DEFAULT_SET.parent.glob("heldout-*.jsonl")), ids=lambda p: p.stem)
def test_every_held_out_set_loads_and_covers_the_bank(bank: ExerciseBank, path: Path) -> None:
    """The fresh sets are reported, not gated; they must stay readable as the bank changes."""
    items = load_set(path, bank)
    assert len(items) >= 120 and Counter(i.kind for i in items)["off_task"] >= 20
    assert {i.exercise_id for i in items} == {e.id for e in bank.list()}


def test_the_grader_agrees_with_the_trainers_bands(encoder: MiniLMEncoder, bank: ExerciseBank) -> None:
    """The regression gate: the shipped calibration set, the real encoder, the floors."""
    _, grader = warm_grader(Settings(_env_file=None), encoder)  # type: ignore[call-arg]
    report = calibrate(DEFAULT_SET, bank, grader.grade)
    assert report.overall.pairwise is not None and report.overall.pairwise >= PAIRWISE_FLOOR, (
        report.misordered
    )
    assert report.overall.spearman is not None and report.overall.spearman >= SPEARMAN_FLOOR
    held_out = report.by_split["held_out"].spearman
    assert held_out is not None and held_out >= SPEARMAN_FLOOR
    assert report.by_kind["keyword_stuffed"].max_score < 35
    assert report.capped is not None and report.capped.max_score <= CAPPED_CEILING
    assert report.capped.strong_above == 1.0
    assert report.passed


def test_the_cli_reports_and_gates(
    tmp_path: Path, model_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_MODEL_CACHE_DIR", str(model_cache))
    rows = [json.loads(line) for line in DEFAULT_SET.read_text(encoding="utf-8").splitlines()]
    exercise = rows[0]["exercise_id"]
    small = [r for r in rows if r["exercise_id"] == exercise]
    ordered, reversed_ = tmp_path / "ordered.jsonl", tmp_path / "reversed.jsonl"
    ordered.write_text("".join(json.dumps(r) + "\n" for r in small), encoding="utf-8")
    swap = {"weak": "strong", "strong": "weak", "medium": "medium"}
    reversed_.write_text("".join(json.dumps(r | {"band": swap[r["band"]]}) + "\n" for r in small), "utf-8")
    runner = CliRunner()

    result = runner.invoke(app, ["eval", "calibration", "--set", str(ordered), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["passed"] and report["overall"]["pairwise"] == 1.0 and report["latency_ms"]["p50"] > 0

    result = runner.invoke(app, ["eval", "calibration", "--set", str(reversed_)])
    assert result.exit_code == 1 and "FAIL" in result.output and "misordered" in result.output

    # several sets: a line each and a total, failing when any set is below the floors
    result = runner.invoke(app, ["eval", "calibration", "--set", str(ordered), "--set", str(reversed_)])
    lines = result.output.splitlines()
    assert result.exit_code == 1 and "2 sets:" in lines[-1] and "1 pass the gate's floors" in lines[-1]
    assert [line.split()[0] for line in lines[1:3]] == ["ordered", "reversed"]
