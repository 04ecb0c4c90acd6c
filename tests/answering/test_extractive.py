"""The extractive answerer's choice of sentences, with a bag-of-words embedding: the arithmetic is visible."""

from __future__ import annotations

import re
import zlib

import numpy as np

from assistant.answering.evidence import EvidenceSelector, _wants_long_answer
from assistant.answering.extractive import compose
from assistant.answering.types import Passage
from assistant.policy import EvidencePolicy

_DIMENSIONS = 512


def bag_of_words(texts: list[str]) -> np.ndarray:
    """Unit vectors of hashed word counts: texts sharing words are close, as with a real embedder."""
    vectors = np.zeros((len(texts), _DIMENSIONS), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in re.findall(r"[a-z0-9]+", text.lower()):
            vectors[row, zlib.crc32(word.encode()) % _DIMENSIONS] += 1.0
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def uniform_weights(text: str) -> dict[str, float]:
    return dict.fromkeys(re.findall(r"[a-z0-9]+", text.lower()), 1.0)


def test_a_repeated_point_gives_way_to_the_other_part_of_the_question() -> None:
    text = (
        "Claude 3 models are strong at reasoning and analysis tasks of many kinds.\n\n"
        "Claude 3 models are strong at reasoning and analysis and coding tasks.\n\n"
        "Claude 3 models are strong at reasoning and analysis in many languages.\n\n"
        "The context window of Claude 3 holds 200K tokens of input."
    )
    passages = [Passage(1, "claude.md", "Claude 3", "", text, 1.0)]
    answerer = EvidenceSelector(
        bag_of_words, uniform_weights, EvidencePolicy(max_words=36)
    )  # 24 words for a short question
    evidence = answerer.select(
        "Are Claude 3 models strong at reasoning, and how big is the context window?", passages
    )
    chosen = " ".join(unit.text for unit in evidence.units)
    assert "200K tokens" in chosen
    assert chosen.count("strong at reasoning") == 1

    # without the redundancy penalty the near-duplicates fill the budget
    answerer.policy = EvidencePolicy(max_words=36, redundancy=0.0)
    evidence = answerer.select(
        "Are Claude 3 models strong at reasoning, and how big is the context window?", passages
    )
    assert "200K tokens" not in " ".join(unit.text for unit in evidence.units)


def test_explanations_and_detailed_questions_get_the_long_budget() -> None:
    assert _wants_long_answer("Explain few-shot prompting")
    assert _wants_long_answer("Is there a variant for pictures? What two phases does it go through?")
    assert _wants_long_answer(
        "When I want a thinking model to hand back tagged, machine-readable results, which markup style is "
        "suggested by default?"
    )
    assert not _wants_long_answer("What is a stop sequence?")


def _answer(question: str, text: str, max_words: int = 120) -> str:
    passages = [Passage(1, "lesson.md", "Lesson 2", "", text, 1.0)]
    answerer = EvidenceSelector(bag_of_words, uniform_weights, EvidencePolicy(max_words=max_words))
    return compose(answerer.select(question, passages))


def test_a_list_announced_by_its_lead_in_is_given_whole() -> None:
    items = [
        "instruction says the task",
        "context says who reads",
        "input data is the text",
        "format says how",
    ]
    text = "A good prompt has four parts:\n\n" + "\n".join(f"- The {item}." for item in items)
    answer = _answer("What are the four parts of a good prompt?", text)
    assert all(item in answer for item in items), answer


def test_a_question_asking_for_a_set_gets_the_list_the_next_sentence_introduces() -> None:
    # written as paragraphs ("Term - definition"), as a page without bullets lists them
    items = ["Scope - names the offices covered", "Timeline - gives the dates", "Budget - states the cost"]
    text = (
        "Every circular is built from the same basic parts of a circular. "
        "Drafters include these:\n\n" + "\n\n".join(f"{item}." for item in items)
    )
    answer = _answer("What are the basic parts of a circular?", text)
    assert all(item in answer for item in items), answer


def test_an_announcement_whose_list_is_elsewhere_is_not_left_dangling() -> None:
    text = (
        "A vague prompt makes the assistant guess the purpose of a good prompt. "
        "A well-built good prompt usually contains four parts."
    )
    answer = _answer("What makes a good prompt?", text)
    assert "guess the purpose" in answer and "four parts" not in answer


def test_a_sentence_about_the_lesson_does_not_open_the_answer() -> None:
    text = (
        "This lesson describes what a good prompt contains and why it matters. "
        "A good prompt names the reader, the purpose and the format of what it asks for."
    )
    answer = _answer("What does a good prompt contain?", text)
    assert answer.startswith("A good prompt names the reader"), answer
    assert "This lesson describes" in answer  # kept, after the answer


def test_the_answer_opens_on_the_best_unit_and_the_text_before_it_follows() -> None:
    """Asked for the second of two neighbouring definitions, the answer starts with it (and the list it
    introduces); the first, in the lesson before it, follows as a paragraph of its own."""
    from assistant.answering.evidence import _answer_first
    from assistant.answering.types import Evidence, Unit

    units = [
        Unit(0, 0, "Zero-shot prompting gives no examples.", "sentence"),
        Unit(0, 1, "It is the quickest way to start.", "sentence"),
        Unit(0, 2, "Few-shot prompting gives a few examples. It helps when:", "sentence"),
        Unit(0, 3, "labels are particular to one office;", "item"),
        Unit(0, 4, "a house style must be followed.", "item"),
        Unit(1, 0, "Examples should be varied.", "sentence"),
    ]
    order = _answer_first([0, 1, 2, 3, 4, 5], best=2, units=units)
    assert order == [2, 3, 4, 0, 1, 5]
    assert _answer_first([0, 1, 2, 3, 4], best=4, units=units) == [2, 3, 4, 0, 1]  # an item: from its lead-in
    assert _answer_first([0, 1, 2], best=1, units=units) == [0, 1, 2]  # "It is..." keeps its antecedent
    lead_in = Unit(0, 2, "A prompt looks like this:", "sentence")
    example = [*units[:2], lead_in, Unit(0, 3, "Classify...", "code")]
    assert _answer_first([0, 1, 2, 3], best=3, units=example) == [2, 3, 0, 1]  # an example: from its lead-in
    signpost = [*units[:2], Unit(0, 2, "This lesson explains zero-shot prompting.", "sentence")]
    assert _answer_first([0, 1, 2], best=2, units=signpost) == [0, 1, 2]
    passages = [Passage(1, "a.md", "A", "S", "", 1.0), Passage(2, "b.md", "B", "S", "", 0.9)]
    text = compose(Evidence(passages, [units[i] for i in order]))
    assert text == (
        "Few-shot prompting gives a few examples. It helps when:\nlabels are particular to one office;\n"
        "a house style must be followed. [1]\n\n"
        "Zero-shot prompting gives no examples. It is the quickest way to start. [1]\n\n"
        "Examples should be varied. [2]"
    )


def test_a_definition_asked_for_pushes_the_defining_sentence() -> None:
    from assistant.answering.evidence import _answer_type_bonus

    definition = "Retrieval-augmented generation, usually shortened to RAG, is a method in which a system..."
    for question in ("What is RAG?", "what does grounding mean?", "RAG kya hai?", "آر اے جی کیا ہے؟"):
        assert _answer_type_bonus(question, definition) > 0, question
    assert _answer_type_bonus("What is RAG?", "RAG does not remove the need for checking.") == 0
    assert _answer_type_bonus("What is the difference between RAG and fine-tuning?", definition) == 0
    assert _answer_type_bonus("How do I write a prompt?", "A prompt is the text given to the model.") == 0
    assert _answer_type_bonus("What does RAG mean, and why would it help our office?", definition) == 0


def test_a_question_asking_what_something_is_called_gets_the_sentence_naming_its_page() -> None:
    text = (
        "One prompt pulls the quotes from the document, and another prompt answers from the quotes.\n\n"
        "The answer prompt must use the quotes alone.\n\n"
        "Feeding one prompt's output into another prompt is referred to as prompt chaining."
    )
    passages = [Passage(1, "chaining.md", "Prompt Chaining", "", text, 1.0)]
    selector = EvidenceSelector(bag_of_words, uniform_weights, EvidencePolicy(max_words=20))
    question = "Should one prompt pull the quotes and another prompt answer?"
    named = selector.select(f"{question} Is technique ka naam kya hai?", passages)
    assert named.units[0].text.endswith("prompt chaining.")
    plain = selector.select(question, passages)
    assert plain.units[0].text.startswith("One prompt pulls")
