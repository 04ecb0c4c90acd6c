"""The CLI contract (`assistant ingest|search|stats`) driven through Typer's CliRunner."""

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import Settings
from assistant.services import Services

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, model_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_MODEL_CACHE_DIR", str(model_cache))
    return tmp_path


def test_ingest_search_and_stats(env: Path, corpus: Path) -> None:
    result = runner.invoke(app, ["ingest", str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["added"]) == 5

    result = runner.invoke(app, ["search", "stop sequence for a list of ten", "--k", "3", "--json"])
    assert result.exit_code == 0, result.output
    results = json.loads(result.output)["results"]
    assert len(results) == 3
    assert set(results[0]) == {"source", "title", "section", "text", "score"}
    assert results[0]["source"] == "course/settings.md"

    result = runner.invoke(app, ["stats", "--json"])
    stats = json.loads(result.output)
    assert stats["documents"] == 5 and stats["by_doc_type"] == {"course": 3, "policy": 2}

    again = runner.invoke(app, ["ingest", str(corpus)])
    assert "5 unchanged" in again.output


def test_a_missing_path_gives_an_error_line_and_status_1(env: Path) -> None:
    result = runner.invoke(app, ["ingest", str(env / "nope")])
    assert result.exit_code == 1
    assert "error:" in result.output and "no such file or directory" in result.output
    assert "Traceback" not in result.output


def test_human_search_output(env: Path, corpus: Path) -> None:
    runner.invoke(app, ["ingest", str(corpus)])
    result = runner.invoke(app, ["search", "few-shot examples"])
    assert result.exit_code == 0
    assert "Few-shot prompting" in result.output


def test_chat_ends_on_quit_or_exit_without_asking_it(env: Path, corpus: Path) -> None:
    runner.invoke(app, ["ingest", str(corpus)])
    for word in ("quit", "exit", "Quit."):
        result = runner.invoke(
            app, ["chat"], input=f"What is a stop sequence?\n{word}\nWhat is temperature?\n"
        )
        assert result.exit_code == 0, result.output
        assert "stop" in result.output.lower()
        assert "random" not in result.output.lower()  # the question after quit was never asked


def test_chat_renders_the_answers_markdown_and_prints_markup_in_it_literally(
    env: Path, corpus: Path, model_cache: Path
) -> None:
    runner.invoke(app, ["ingest", str(corpus)])
    services = Services(Settings(_env_file=None, data_dir=env / "data", model_cache_dir=model_cache))  # type: ignore[call-arg]
    answer = "Use **bold** words and [red]this[/red]:\n- one `code`\n```text\n[bold]as typed[/bold]\n``` [1]"
    services.curated.add("How do I style an answer?", answer, "trainer")
    services.close()
    result = runner.invoke(app, ["chat"], input="How do I style an answer?\nquit\n")
    assert result.exit_code == 0, result.output
    assert "Use bold words and [red]this[/red]:" in result.output
    assert "• one code" in result.output
    assert "    [bold]as typed[/bold]\n[1]" in result.output
    assert "**" not in result.output and "```" not in result.output


def test_chat_names_a_related_question_a_trainer_answered(env: Path, corpus: Path, model_cache: Path) -> None:
    runner.invoke(app, ["ingest", str(corpus)])
    services = Services(Settings(_env_file=None, data_dir=env / "data", model_cache_dir=model_cache))  # type: ignore[call-arg]
    approved = "How many days of casual leave can a BPS-17 officer take in a calendar year?"
    services.curated.add(approved, "Twenty days.", "trainer")
    services.close()
    asked = "what is the yearly casual leave entitlement of a grade 17 officer?"
    result = runner.invoke(app, ["chat"], input=f"{asked}\n{approved}\nquit\n")
    assert result.exit_code == 0, result.output
    offer = "A trainer has answered a similar question. Ask it as written to see the answer: "
    assert " ".join(result.output.split()).count(" ".join((offer + approved).split())) == 1
    assert "Twenty days." in result.output


def test_chat_links_sources_to_their_view_when_the_public_url_is_set(
    env: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner.invoke(app, ["ingest", str(corpus)])
    question = "What does temperature control?\nquit\n"
    plain = runner.invoke(app, ["chat"], input=question)
    assert "[1] Model settings > Temperature (course/settings.md)" in plain.output
    monkeypatch.setenv("ASSISTANT_PUBLIC_URL", "https://ustad.example.gov.pk/")
    linked = runner.invoke(app, ["chat"], input=question)
    assert linked.exit_code == 0, linked.output
    url = "https://ustad.example.gov.pk/sources/view?source=course%2Fsettings.md&section=Temperature"
    assert f"[1] Model settings > Temperature ({url})" in linked.output


def test_chat_tells_how_to_open_a_suggested_exercise_in_the_learners_language(
    env: Path, corpus: Path
) -> None:
    runner.invoke(app, ["ingest", str(corpus)])
    result = runner.invoke(app, ["chat"], input="Give me an exercise please\nمجھے ایک مشق دیں\nbye\n")
    assert result.exit_code == 0, result.output
    command = re.search(r"To open it here: assistant exercise --id (L\d-\d\d-[a-z0-9-]+)", result.output)
    assert command is not None, result.output
    assert f"اسے یہاں کھولنے کے لیے: assistant exercise --id {command[1]}" in result.output
    opened = runner.invoke(app, ["exercise", "--id", command[1], "--user", "t"], input="q\n")
    assert opened.exit_code == 0 and "Scenario" in opened.output


def test_help_on_every_command() -> None:
    for command in ([], ["ingest"], ["search"], ["stats"], ["serve"], ["ask"], ["chat"], ["prepare"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


def test_the_installed_command_exits_non_zero_on_errors(env: Path) -> None:
    """Through the real entry point (a subprocess), not CliRunner: the shell must see the failure."""
    import subprocess
    import sys

    missing = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "assistant.cli", "ingest", str(env / "nope")], capture_output=True, text=True
    )
    assert missing.returncode == 1 and "error:" in missing.stderr and "Traceback" not in missing.stderr
    usage = subprocess.run([sys.executable, "-m", "assistant.cli", "search"], capture_output=True, text=True)  # noqa: S603
    assert usage.returncode == 2


def test_exercise_session_grades_a_prompt_gives_a_hint_and_records_progress(env: Path) -> None:
    keystrokes = "\n".join(["please reply to the complaint", ".", "h", "q"]) + "\n"
    result = runner.invoke(app, ["exercise", "--level", "1", "--user", "test-learner"], input=keystrokes)
    assert result.exit_code == 0, result.output
    assert "Level 1" in result.output and "Scenario" in result.output
    assert "Score: " in result.output and "/100" in result.output
    assert "Hint 1:" in result.output
    assert "Score capped: The prompt is very short" in result.output and "too_short" not in result.output
    unknown = runner.invoke(app, ["exercise", "--id", "L1-99-none", "--user", "test-learner"], input="q\n")
    assert "L1-99-none" in str(unknown.exception)  # `main()` turns it into an error line (tested above)


def test_exercise_text_is_shown_as_written_never_as_markup(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = (
        Path(__file__).resolve().parents[1]
        / "knowledge"
        / "exercises"
        / "L1-01-plain-reply-water-complaint.yaml"
    )
    exercise = yaml.safe_load(shipped.read_text(encoding="utf-8"))
    exercise["sample_input"] = "Reply to [red]this[/red], see [para 2]."
    exercise["hints"][0] = "Quote the paragraph number, for example [para 2]."
    folder = env / "exercises"
    folder.mkdir()
    (folder / shipped.name).write_text(yaml.safe_dump(exercise), encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_EXERCISES_DIR", str(folder))
    keystrokes = "\n".join(["Write a reply.", ".", "h", "q"]) + "\n"
    result = runner.invoke(app, ["exercise", "--user", "t"], input=keystrokes)
    assert result.exit_code == 0, result.output
    assert "Text to work on\nReply to [red]this[/red], see [para 2]." in result.output
    assert "Hint 1: Quote the paragraph number, for example [para 2]." in result.output
