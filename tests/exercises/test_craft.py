"""Keyword stuffing dressed as sentences (assistant/exercises/craft.py), with prompts written for these
tests: rubric words and names of techniques in grammatical sentences, with no case, are capped; a short
prompt that does the job in the rubric's words is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.exercises.bank import ExerciseBank
from assistant.exercises.grader import STUFFED_FACTOR, Grader, is_keyword_stuffed

ROOT = Path(__file__).resolve().parents[2]

DRESSED = {
    "L4-01-check-draft-for-hallucinations": (
        "The prompt uses grounding and verification. The notification is the only source and hallucination "
        "checking is done with delimiters. The output format is a table with paragraph references and a "
        "verdict of supported, contradicted or not in the notification for every statement."
    ),
    "L4-03-eligibility-house-building-advance": (
        "This prompt applies step by step reasoning to each condition for each case. The rule and the case "
        "facts are the only source, and information missing is written where a fact is absent. The output "
        "is a table per case with a conclusion of eligible, not eligible or cannot decide."
    ),
    "L5-04-chain-flood-report-to-brief": (
        "The chain of prompts has an extraction stage with a table, a ranking stage with step by step "
        "reasoning through the approved criteria, a drafting stage for the Chief Secretary and a "
        "verification stage that checks every figure against the source."
    ),
    "L2-01-press-release-dengue": (
        "You are a public information officer. Background of the dengue campaign. The audience is "
        "journalists and the public. Structure with headline, lead paragraph, body and quote. Length of "
        "300 words."
    ),
}
CONCISE = {  # the job, in few words and mostly the rubric's own, but asked for and pointed at the case
    "L5-04-chain-flood-report-to-brief": (
        "Design a chain of prompts that turns the flood assessment report into the brief for the Chief "
        "Secretary. Stage 1: extract each district's figures into a table. Stage 2: rank the districts by "
        "the approved criteria, step by step. Stage 3: draft the brief for the CS from the ranking. Stage 4: "
        "verify every figure in the brief against Stage 1."
    ),
    "L5-05-tender-review-chain": (
        "Design a chain of prompts for the procurement committee's review. Prompt 1: extract from each "
        "tender the dates, amounts and eligibility, using only the documents. Prompt 2: compare the tenders "
        "in a table. Prompt 3: flag missing or inconsistent information. Prompt 4: verify the final list "
        "against the source text."
    ),
    "L4-01-check-draft-for-hallucinations": (
        "Compare the AI draft summary with the notification below, statement by statement. Use only the "
        "notification. List every statement it does not support in a table: Statement | Verdict | Paragraph."
    ),
    "L4-03-eligibility-house-building-advance": (
        "For each case below, check conditions (a) to (d) one by one using only the rule, write 'Information "
        "missing' where the facts are silent, then give Eligible / Not eligible / Cannot decide in a table."
    ),
    "L2-01-press-release-dengue": (
        "You are the PRO of the district health office. Draft a 300-word press release on the dengue "
        "campaign for journalists, with a headline, a lead paragraph and a quote from the DHO."
    ),
}


@pytest.mark.parametrize("exercise_id", sorted(DRESSED))
def test_rubric_words_dressed_as_sentences_are_stuffing(
    bank: ExerciseBank, grader: Grader, exercise_id: str
) -> None:
    grade = grader.grade(bank.get(exercise_id), DRESSED[exercise_id])
    assert "keyword_stuffing" in grade.flags and grade.score <= 100 * STUFFED_FACTOR


@pytest.mark.parametrize("exercise_id", sorted(CONCISE))
def test_a_concise_prompt_in_the_rubrics_words_is_not_stuffing(
    bank: ExerciseBank, grader: Grader, exercise_id: str
) -> None:
    assert "keyword_stuffing" not in grader.grade(bank.get(exercise_id), CONCISE[exercise_id]).flags


def test_the_same_words_with_the_case_pasted_are_not_stuffing(bank: ExerciseBank, grader: Grader) -> None:
    exercise = bank.get("L4-03-eligibility-house-building-advance")
    prompt = f"{DRESSED[exercise.id]}\n\n{exercise.sample_input}"
    assert "keyword_stuffing" not in grader.grade(exercise, prompt).flags


def test_a_telegraphic_form_that_asks_for_the_job_is_not_a_list(bank: ExerciseBank, grader: Grader) -> None:
    """Officers write prompts as forms: few function words, but labelled fields and a request."""
    exercise = bank.get("L4-02-answer-only-from-standing-order")
    form = (
        "Role: admin branch assistant. Job: answer 3 staff questions. Source: standing order below only. "
        "Not in order -> reply 'The standing order does not cover this.' Each answer: 1-2 lines + para no. "
        "Format: Q1/Q2/Q3 numbered.\n<order>[standing order]</order>\n<questions>[questions]</questions>"
    )
    grade = grader.grade(exercise, form)
    assert "keyword_stuffing" not in grade.flags and grade.score >= 80
    fields_only = "Role: assistant. Source: standing order. Answers: numbered. Citations: para no."
    assert is_keyword_stuffed(fields_only)  # labelled terms with nothing asked are still a list
    # its labels ("Format:", "Task:") ask nothing either, however many fields it has
    labels = (
        "ROLE: officer. TASK: answers. SOURCE: order. FORMAT: numbered. LENGTH: short. TONE: crisp, "
        "formal, precise. KEYWORDS: vehicles, fuel, log book, pool car."
    )
    assert is_keyword_stuffed(labels)
    described = (
        "Reader: the junior staff who asked, most new to the rules. Source: only the standing order "
        "in the tags. Format: each answer in one or two lines with its para number."
    )
    assert not is_keyword_stuffed(described)


def test_chain_of_thought_named_as_a_noun_is_a_technique_named_not_used(
    bank: ExerciseBank, grader: Grader
) -> None:
    """Fragments of the rubric around the name of a technique: nothing is asked of the model."""
    exercise = bank.get("L4-03-eligibility-house-building-advance")
    fragments = (
        'chain of thought, step by step. each condition per case. the rule alone. "Not stated" if missing. '
        "<rule> <cases>. Condition | Met? | Reason. Eligible / Not eligible / Cannot decide."
    )
    grade = grader.grade(exercise, fragments)
    assert "keyword_stuffing" in grade.flags and grade.score <= 100 * STUFFED_FACTOR
