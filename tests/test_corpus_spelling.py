"""English words written in Urdu script, read back as the corpus's words (assistant.corpus_spelling)."""

from __future__ import annotations

import pytest

from assistant.corpus_spelling import CorpusSpelling, acronym, english_skeletons, urdu_skeleton

TEXTS = [
    "Temperature controls randomness. Hallucination is a risk. Jailbreaking bypasses the rules of a model.",
    "An AI workflow follows fixed steps; an LLM agent decides. GPT-4 and Claude 3 are models. Great news.",
    "Tree of Thoughts explores many paths. Chain-of-thought prompting shows the steps.",
]
HEADINGS = ["Tree of Thoughts (ToT)", "Chain-of-Thought Prompting", "Jailbreaking", "Model settings"]


@pytest.fixture(scope="module")
def spelling() -> CorpusSpelling:
    return CorpusSpelling.of(TEXTS, HEADINGS)


@pytest.mark.parametrize(
    ("urdu", "english"),
    [("تھاٹس", "thoughts"), ("ٹیمپریچر", "temperature"), ("ہیلوسینیشن", "hallucination"), ("چین", "chain")],
)
def test_both_spellings_reduce_to_the_same_consonants(urdu: str, english: str) -> None:
    assert urdu_skeleton(urdu) in english_skeletons(english)


def test_a_soft_g_may_sound_as_j() -> None:
    assert {"jmn", "gmn"} <= english_skeletons("gemini")


@pytest.mark.parametrize(
    ("run", "read"),
    [
        (["ٹیمپریچر"], [("temperature", 1)]),
        (["ٹری", "آف", "تھاٹس"], [("tree of thoughts", 3)]),  # a heading's name, short words included
        (["چین", "آف", "تھاٹ"], [("chain of thought", 3)]),
        (["جیل", "بریکنگ"], [("jailbreaking", 2)]),  # a heading's word written in parts
        (["ورک", "فلو"], [("workflow", 2)]),  # no part is a word alone
        (["ایل", "ایل", "ایم"], [("llm", 3)]),  # letter names spell an acronym the corpus uses
        (["کلاڈ", "تھری"], [("claude", 1), ("3", 1)]),
    ],
)
def test_a_run_of_unread_words_is_read_as_the_corpus_spells_it(
    spelling: CorpusSpelling, run: list[str], read: list[tuple[str, int]]
) -> None:
    assert spelling.read(run) == read


def test_what_is_not_read(spelling: CorpusSpelling) -> None:
    assert spelling.read(["ٹری"]) == []  # two consonants alone: tree, try, true...
    assert spelling.read(["گریٹ"]) == [("great", 1)]
    assert spelling.read(["اشتہار"]) == []  # Urdu writes English t as ٹ: a word with ت is Urdu
    assert spelling.read(["طے", "شدہ"]) == []  # nor does English take the Arabic letters
    assert acronym(["کے"]) is None and spelling.read(["ایکس", "وائی"]) == []  # no such word


def test_a_misspelt_word_is_read_as_the_corpus_word_it_stands_for(spelling: CorpusSpelling) -> None:
    assert spelling.corrected("halucination") == "hallucination"  # one letter missing
    assert spelling.corrected("temprature") == "temperature"
    assert spelling.corrected("Jailbraeking") == "jailbreaking"  # two letters swapped
    assert spelling.corrected("temperature") is None  # the corpus's own word
    assert spelling.corrected("gret") is None  # too short to tell from a word of the learner's
    assert spelling.corrected("kitchen") is None  # nothing close
