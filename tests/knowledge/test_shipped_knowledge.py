"""The knowledge base `make run` ships answers real questions out of the box, and refuses others."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.answering.pipeline import ChatRequest
from assistant.config import Settings
from assistant.embeddings import MiniLMEncoder
from assistant.services import Services

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory, encoder: MiniLMEncoder, model_cache: Path) -> Services:
    data_dir = tmp_path_factory.mktemp("shipped")
    services = Services(
        Settings(_env_file=None, data_dir=data_dir, model_cache_dir=model_cache),  # type: ignore[call-arg]
        encoder=encoder,
    )
    report = services.ingestor.ingest([KNOWLEDGE])
    assert report.ok and not report.failed, report.failed
    return services


@pytest.mark.parametrize(
    ("question", "lesson"),
    [
        ("Why should I not paste CNIC numbers into ChatGPT?", "course/08-data-hygiene-and-security.md"),
        ("What is a stop sequence?", "course/09-model-settings-and-choosing-a-tool.md"),
        ("What is few-shot prompting?", "course/05-few-shot-and-zero-shot.md"),
        (
            "How do I separate my instructions from the text I paste?",
            "course/04-delimiters-and-output-formats.md",
        ),
        ("How many government officials are being trained in AI?", "policy/"),
    ],
)
def test_course_questions_are_answered_from_the_right_lesson(
    shipped: Services, question: str, lesson: str
) -> None:
    answer = shipped.tutor.ask(ChatRequest(question)).answer
    assert not answer.refused, answer.meta
    assert answer.citations[0].source.startswith(lesson)


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of France?",
        "How do I apply for a passport online?",
        "What is the basic pay of a BPS-17 officer?",
        "What is today's dollar exchange rate?",
    ],
)
def test_questions_outside_the_material_are_refused(shipped: Services, question: str) -> None:
    assert shipped.tutor.ask(ChatRequest(question)).answer.refused


@pytest.mark.parametrize(
    ("question", "answerable"),
    [
        ("چھٹی کے لیے درخواست کیسے دوں؟", False),  # how do I apply for leave? ("application": a petition)
        ("میری تنخواہ کب بڑھے گی؟", False),  # when will my salary rise?
        ("ترقی کے لیے کتنے سال کی سروس چاہیے؟", False),  # years of service for promotion?
        ("پرامپٹ میں مثالیں دینے کا کیا فائدہ ہے؟", True),  # why give examples in a prompt?
        ("کیا میں شہری کا شناختی کارڈ نمبر چیٹ جی پی ٹی میں ڈال سکتا ہوں؟", True),  # a citizen's CNIC
        ("ماڈل غلط معلومات کیوں دیتا ہے؟", True),  # why does the model give wrong information?
    ],
)
def test_urdu_questions_are_judged_on_their_english_reading(
    shipped: Services, question: str, answerable: bool
) -> None:
    """Read through the Urdu vocabulary, an off-topic question is refused like its English twin, though
    one of its glossed words ("درخواست", application) occurs in the material."""
    answer = shipped.tutor.ask(ChatRequest(question)).answer
    assert answer.refused != answerable, answer.meta


@pytest.mark.parametrize(
    "question", ["What is few-shot prompting?", "How many government officials are being trained?"]
)
def test_a_streamed_answer_shows_the_citation_numbers_of_the_final_answer(
    shipped: Services, question: str
) -> None:
    events = list(shipped.tutor.ask_stream(ChatRequest(question)))
    streamed = "".join(e.text for e in events if e.kind == "token").strip()
    final = events[-1].result
    assert final is not None and len(final.answer.citations) >= 2
    assert streamed == final.answer.text
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", streamed)}
    assert markers == {c.n for c in final.answer.citations}


def test_a_document_named_in_an_answer_is_a_link_to_its_source_view(shipped: Services) -> None:
    answer = shipped.tutor.ask(
        ChatRequest("What are the Centres of Excellence in the National AI Policy?")
    ).answer
    links = re.findall(r"\[([^\]]+)\]\((/sources/view\?source=[^)]+)\)", answer.text)
    assert links, answer.text
    for title, url in links:
        source = re.search(r"source=([^&]+)", url)
        assert source is not None
        assert shipped.catalog.document(source.group(1).replace("%2F", "/")).title == title  # type: ignore[union-attr]
