import pytest

from assistant.messages import LANGUAGES, catalogue, language_of, say


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("What is few-shot prompting?", "en"),
        ("فیو شاٹ پرامپٹنگ کیا ہے؟", "ur"),
        ("Prompt chaining ka kya faida hai?", "ur-Latn"),
        ("Mujhe sirf 10 points ki list chahiye", "ur-Latn"),
        ("Is the main use of the tool to summarise?", "en"),
    ],
)
def test_the_language_of_a_question(text: str, language: str) -> None:
    assert language_of(text) == language


def test_every_language_words_every_reason_the_core_gives() -> None:
    reasons = set(catalogue("en"))
    assert {
        "out_of_scope",
        "unknown_subject",
        "figure_not_in_sources",
        "prompt_injection",
        "personal_data",
    } <= reasons
    for language in LANGUAGES:
        assert set(catalogue(language)) == reasons
    assert say("out_of_scope", "ur") != say("out_of_scope", "en")
    assert say("out_of_scope", "ur-Latn") == say("out_of_scope", "en")  # no Roman-Urdu catalogue yet
    assert say("no_such_reason", "ur") == say("out_of_scope", "en")


def test_placeholders_are_filled_in_the_learners_language() -> None:
    english = say("exercise_suggestion", "en", title="Reply to a complaint", level=1, task="Write it.")
    urdu = say("exercise_suggestion", "ur", title="Reply to a complaint", level=1, task="Write it.")
    assert "“Reply to a complaint” (level 1)" in english and "Write it." in english
    assert "“Reply to a complaint” (درجہ 1)۔" in urdu and "{" not in urdu
