"""Reading a learner's question in English (assistant/wording.py) and telling two questions apart
(assistant/trainer/matching.py): pure functions over the shipped vocabulary."""

from __future__ import annotations

import pytest

from assistant.trainer.matching import difference
from assistant.wording import read, split_words


def test_urdu_roman_urdu_and_english_read_alike() -> None:
    english = read("How many casual leaves can a grade 17 officer take in a year?")
    roman = read("grade 17 officer ko saal mein kitni casual leave milti hai?")
    urdu = read("گریڈ سترہ کی تنخواہ کتنی ہے؟")
    assert english.numbers == roman.numbers == {"17"}
    assert english.terms == roman.terms | {"can"}
    assert urdu.text == "grade 17 salary how many"
    assert read("I cannot log in").negated and not read("Can I log in?").negated
    # "... or not?" asks whether, in every language
    assert not any(
        read(q, canonical=True).negated
        for q in ("Is it allowed or not?", "allowed hai ya nahi?", "جائز ہے یا نہیں؟")
    )
    assert read("main nahi ja sakta").negated


def test_the_general_lexicon_reads_topics_no_other_table_was_written_for() -> None:
    """Maternity leave and official cars are in no trainer table: urdu_lexicon.tsv reads them."""
    assert (
        read("زچگی کی چھٹی کتنے دن کی ملتی ہے؟").words
        == read("maternity leave kitne din ki milti hai?").words
    )
    assert (
        read("زچگی کی چھٹی کتنے دن کی ملتی ہے؟").terms
        == read("How many days of maternity leave do I get?").terms
    )
    vehicle = read("سرکاری گاڑی ذاتی کام کے لیے استعمال کر سکتے ہیں؟")
    assert {"vehicle", "personal", "work", "use"} <= set(vehicle.words)
    assert read("دس لاکھ افسران").words[:2] == read("das lakh afsaran").words[:2] == ("10", "lakh")


def test_the_lexicon_is_well_formed() -> None:
    """One tab a row, each phrase once, plain Urdu letters (no Arabic forms, no diacritics), English."""
    from importlib import resources

    text = resources.files("assistant.data").joinpath("urdu_lexicon.tsv").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert len(rows) > 5000
    phrases = [row.split("\t")[0] for row in rows]
    assert all(row.count("\t") == 1 for row in rows)
    assert len(set(phrases)) == len(phrases)
    assert not any(set(p) & set("يكه\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670") for p in phrases)
    assert all(row.split("\t")[1].replace(" ", "").isascii() for row in rows)


@pytest.mark.parametrize(
    ("curated", "asked", "same"),
    [
        ("How long is the AI training?", "What is the duration of the AI training?", True),
        ("What is the salary of a grade 17 officer?", "What are the emoluments of a grade 17 officer?", True),
        ("Is ChatGPT banned in ministries?", "Is ChatGPT prohibited in ministries?", True),
        ("Is ChatGPT banned in ministries?", "Is ChatGPT allowed in ministries?", False),
        ("How do I apply for earned leave?", "How do I apply for sick leave?", False),
        ("Is a grade 18 officer eligible for a car?", "Can a grade 18 officer get a car?", True),
        ("Is a grade 18 officer entitled to a car?", "Is a grade 19 officer entitled to a car?", False),
        ("Which AI tools are permitted in ministries?", "Which AI tools are banned in ministries?", False),
    ],
)
def test_english_paraphrases_are_one_question_and_contrasts_are_not(
    curated: str, asked: str, same: bool
) -> None:
    """The English synonym table (english_synonyms.tsv) reads paraphrases alike for curated matching."""
    assert (difference(curated, asked) is None) == same


def test_grouping_reads_the_words_as_written_and_matching_reads_them_canonically() -> None:
    assert "emoluments" in read("What are the emoluments?").words
    assert "salary" in read("What are the emoluments?", canonical=True).words


def test_the_synonym_table_is_well_formed() -> None:
    """Lower-case English on both sides, one tab a row, each phrase once, none that trainer_wording has."""
    from importlib import resources

    def rows(name: str) -> list[str]:
        text = resources.files("assistant.data").joinpath(name).read_text(encoding="utf-8")
        return [line for line in text.splitlines() if line.strip() and not line.startswith(("#", "@"))]

    synonyms = rows("english_synonyms.tsv")
    phrases = [row.split("\t")[0] for row in synonyms]
    assert len(synonyms) > 1000 and all(row.count("\t") == 1 for row in synonyms)
    assert all(row.isascii() and row == row.lower() for row in synonyms)
    assert len(set(phrases)) == len(phrases)
    assert not set(phrases) & {row.split("\t")[0] for row in rows("trainer_wording.tsv")}


def test_split_words_separates_letters_from_digits_and_drops_diacritics() -> None:
    assert split_words("BPS-17, bps17 & Grade‑17") == ["bps", "17", "bps", "17", "grade", "17"]
    assert split_words("پَنشن") == ["پنشن"]


@pytest.mark.parametrize(
    ("asked", "why"),
    [
        ("How many casual leaves can a BPS-18 officer take in a year?", "number"),
        ("How many casual leaves can a grade 17 officer not take in a year?", "negation"),
        ("When can a grade 17 officer take casual leave?", "question word"),
        ("How many casual leaves can a grade 17 officer take in a month?", "unit"),
        ("How many earned leaves can a grade 17 officer take in a year?", "words"),
        ("BPS-17 casual leave per year?", None),
        ("How many days of casual leave do I get in a year?", None),
    ],
)
def test_difference_names_the_first_rule_broken(asked: str, why: str | None) -> None:
    assert difference("How many casual leaves can a grade 17 officer take in a year?", asked) == why


@pytest.mark.parametrize(
    ("curated", "asked", "why"),
    [  # a yes-or-no question is not a how-question, whatever clause follows its opening
        (
            "Do I have to disclose AI use in a summary?",
            "How should I disclose AI use in a summary?",
            "question word",
        ),
        (
            "Is the AI training mandatory for officers due for promotion to BPS-19?",
            "is AI training compulsory for officers who are due to be promoted to BPS-19?",
            None,
        ),
        (  # a request asks what its clause asks
            "What is few-shot prompting and when should it be used?",
            "can you explain few-shot prompting and when to use it?",
            None,
        ),
    ],
)
def test_a_yes_or_no_question_asks_something_else_than_a_how_question(
    curated: str, asked: str, why: str | None
) -> None:
    assert difference(curated, asked) == why


def test_english_words_of_an_urdu_question_or_nothing_when_too_little_is_read() -> None:
    from assistant.wording import english_words

    assert english_words("چھٹی کے لیے درخواست کیسے دوں؟", 0.3) == "leave apply how"
    assert read("چھٹی کے لیے درخواست کیسے دوں؟").unread > 0  # "دوں" is in no table
    assert english_words("گمبھیر ادق مغلق", 0.3) == ""  # words no table knows
