"""The offline grader on a hand-written exercise: strong beats medium beats weak; stuffing, copying the
task, pasting without instructing and other jobs are capped; the checks accept natural phrasings.
(How fast grading is, is measured by evals/calibration.py and bench/grader.py, not asserted here.)"""

from __future__ import annotations

import pytest

from assistant.embeddings import MiniLMEncoder
from assistant.exercises.checks import CHECKS
from assistant.exercises.grader import Grader, is_keyword_stuffed, mentions, own_words
from assistant.exercises.schema import Exercise

MEMO = Exercise.model_validate(
    {
        "id": "L2-01-memo-for-minister",
        "title": "Summarise a policy memo for the Minister",
        "level": 2,
        "skills": ["instruction", "audience", "format", "length", "delimiters"],
        "scenario": "The Minister has a cabinet meeting in an hour and needs the gist of a 20-page memo.",
        "task": "Write a prompt that summarises the memo for the Minister.",
        "rubric": [
            {
                "id": "deliverable",
                "criterion": "Asks for a summary with an action verb.",
                "check": "deliverable",
                "weight": 25,
                "lesson": "course/02-anatomy-of-a-good-prompt.md",
                "keywords": ["memo"],
            },
            {
                "id": "audience",
                "criterion": "Names the Minister as the reader.",
                "check": "audience",
                "weight": 25,
                "lesson": "course/03-context-audience-and-role.md",
                "keywords": ["minister"],
            },
            {
                "id": "format",
                "criterion": "Asks for bullet points.",
                "check": "format",
                "weight": 20,
                "lesson": "course/04-delimiters-and-output-formats.md",
            },
            {
                "id": "length",
                "criterion": "Bounds the length in bullets or words.",
                "check": "length",
                "weight": 15,
                "lesson": "course/04-delimiters-and-output-formats.md",
            },
            {
                "id": "delimiters",
                "criterion": "Separates the memo text from the instruction.",
                "check": "delimiters",
                "weight": 15,
                "lesson": "course/04-delimiters-and-output-formats.md",
            },
        ],
        "hints": ["Who reads it?", "What shape and length?", "Put the memo between ### lines."],
        "sample_input": (
            "The proposed scheme would raise the use of certified wheat seed from 28 percent to 40 percent "
            "of the sown area within three crop seasons, at an estimated cost of Rs. 6.2 billion."
        ),
        "model_answer": "Summarise the memo below for the Minister in five bullets.\n###\n[memo]\n###",
        "common_mistakes": ["No reader named."],
    }
)

STRONG = (
    "You are a senior section officer. Summarise the policy memo below for the Minister, who has five "
    "minutes before a cabinet meeting. Write five bullet points in plain English, at most 120 words, and "
    "end with one line on the decision needed.\n###\n[memo text]\n###"
)
MEDIUM = "Please summarise this memo for the minister. Keep it short.\n\n[memo text]"
WEAK = "memo summary"
STUFFED = "summarise memo minister bullets 5 words ### format audience length delimiters table"


@pytest.fixture(scope="module")
def grader(encoder: MiniLMEncoder) -> Grader:
    return Grader(encoder.encode)


def test_strong_beats_medium_beats_weak(grader: Grader) -> None:
    strong, medium, weak = (grader.grade(MEMO, p).score for p in (STRONG, MEDIUM, WEAK))
    assert strong >= 90 > medium > weak
    assert grader.grade(MEMO, STRONG).next_hint is None
    assert grader.grade(MEMO, WEAK).next_hint == 1


def test_every_criterion_explains_itself_and_points_to_a_lesson(grader: Grader) -> None:
    grade = grader.grade(MEMO, MEDIUM)
    assert [c.id for c in grade.criteria] == ["deliverable", "audience", "format", "length", "delimiters"]
    assert all(c.feedback.endswith(".") and c.lesson.startswith("course/") for c in grade.criteria)
    statuses = {c.id: c.status for c in grade.criteria}
    assert statuses["length"] == "partial" and statuses["format"] == "fail"


def test_keyword_stuffing_scores_low(grader: Grader) -> None:
    assert is_keyword_stuffed(STUFFED) and not is_keyword_stuffed(STRONG)
    grade = grader.grade(MEMO, STUFFED)
    assert "keyword_stuffing" in grade.flags and grade.score < 35


def test_an_off_task_prompt_is_capped(grader: Grader) -> None:
    off_task = "Write a cheerful birthday poem for my cousin in rhyming couplets, about cricket and mangoes."
    grade = grader.grade(MEMO, off_task)
    assert "off_task" in grade.flags and grade.score < 40


def test_personal_data_in_a_prompt_fails_its_check() -> None:
    verdict = CHECKS["no_personal_data"](
        "Reply to Ali (CNIC 35202-1234567-1, 0300-1234567) about his pension."
    )
    assert verdict.status == "fail" and "cnic" in verdict.feedback.lower()


def test_negative_constraints_are_partial_positive_ones_pass() -> None:
    assert CHECKS["positive_constraints"]("Don't use jargon. Never exceed a page.").status == "partial"
    assert CHECKS["positive_constraints"]("Use plain words and keep it to one page.").status == "pass"


def test_a_verb_after_dont_asks_for_nothing() -> None:
    assert CHECKS["deliverable"]("Don't write it like a letter. Don't make it long.").status == "fail"
    assert CHECKS["deliverable"]("It should be short, but write it as a file note.").status == "partial"


def test_pasted_material_earns_nothing_by_itself(grader: Grader) -> None:
    pasted = f"Summarise this memo.\n\n{MEMO.sample_input}"
    assert own_words(pasted, frozenset({tuple("the proposed scheme would raise the".split())})).startswith(
        "Summarise this memo."
    )
    grade = grader.grade(MEMO, pasted)  # the memo is recognised as material, the instruction is short
    assert grade.flags == ["short_instruction"] and grade.score < 25


def test_a_prompt_that_copies_the_task_back_is_capped(grader: Grader) -> None:
    grade = grader.grade(MEMO, f"{MEMO.task} Thanks.")
    assert "copied_task" in grade.flags and grade.score < 20


def test_off_task_is_caught_without_the_embedder() -> None:
    other_job = (
        "Draft a notice for the staff of the district office that the biometric attendance machine will "
        "be installed on Monday and everyone must enrol their thumb impression by Friday."
    )
    assert "off_task" in Grader().grade(MEMO, other_job).flags
    assert "off_task" not in Grader().grade(MEMO, STRONG).flags


def test_a_one_line_list_of_rubric_phrases_is_stuffing() -> None:
    assert is_keyword_stuffed(
        "each condition step by step information missing only rule cases table eligible"
    )
    assert not is_keyword_stuffed("Check each condition step by step, then say whether the case is eligible.")


def test_a_quoted_reply_is_not_the_sentence_that_asks_for_something() -> None:
    """The fallback line a prompt quotes is what the model should write; fragments around it stay a list."""
    assert is_keyword_stuffed(
        'Rules only. "This case is not covered by the rules at all." Table. Verdicts. Step by step. '
        "No guessing."
    )
    assert not is_keyword_stuffed(
        "Decide each case from the rules below only. "
        'If a case is not covered, write "Not covered by the rules."'
    )


def test_labels_between_slashes_are_list_items() -> None:
    """'Approved / Rejected / Not decided' names labels; a prompt made only of such fragments is a list."""
    assert is_keyword_stuffed(
        "Eligibility check. Rule only. Outcome: Approved / Rejected / Not decided on the facts. "
        "Condition table. Reasons."
    )
    assert not is_keyword_stuffed(
        "Check each application against the rule and label it Approved / Rejected / Not decided, "
        "with the condition that decided it."
    )


@pytest.mark.parametrize(
    ("keyword", "text"),
    [
        ("file note", "Please draft a note on file for approval."),
        ("deputy commissioner", "Talking points for DC sahib."),
        ("plain", "Use simple, everyday words."),
        ("not stated", "If the notice is silent on the fee, put 'N/A - not in notice'."),
        ("exactly as written", "Copy every figure just as it is printed, no rounding."),
        ("stage 2", "Second prompt: classify the facts."),
        ("each condition", "Check conditions (a) to (d) for each case."),
        ("paragraph number", 'Then "Source: para __" with a short quote.'),
        ("paragraph", "Give the notification para for each statement."),
    ],
)
def test_rubric_keywords_are_recognised_in_other_words(keyword: str, text: str) -> None:
    assert mentions(text, keyword)


def test_not_guessing_is_not_saying_what_to_write() -> None:
    assert not mentions("Don't make up any figures.", "not stated")


@pytest.mark.parametrize(
    ("check", "text"),
    [
        ("grounding", "Answer from the standing order alone. If it doesn't cover a question, say so."),
        (
            "grounding",
            "The memo is the only source. If the answer isn't in the memo, tell me you don't know.",
        ),
        ("chaining", "Round 1: summarise each section. Round 2: use those bullets to draft the summary."),
        ("chaining", "First do the extraction. Once I confirm it, I'll ask you in the next prompt to rank."),
        ("delimiters", "Extract the dates.\n=== NOTICES START ===\ntext\n=== NOTICES END ==="),
        ("examples", "<example>A wall on the drain.\nWing: Encroachment</example>\n<example>x</example>"),
        (
            "examples",
            "Mutation of late father's land pending = Mutation\nNeighbour moved boundary marks = Demarcation",
        ),
        ("deliverable", "Using the DHO's note below, prepare six talking points."),
        ("deliverable", "Minister sahab ke liye is memo ka summary banayein."),
        ("audience", "DC sahib is chairing the meeting tomorrow."),
        ("audience", "Ten new junior clerks join next week and don't know e-Office."),
        ("audience", "Readers: Secretaries / administration wings of all federal ministries."),
        ("format", "For each question write:\nQ[n]. Answer in one sentence.\nSource: para [x]"),
        ("format", "Format: Q1, Q2, Q3 - one or two sentences each."),
        ("reasoning", "Go through conditions (a) to (d) one by one before giving the result."),
        ("verification", "After every figure give the bid wording it came from."),
        ("verification", "In each cell give the value and then the bid's own words in quotes."),
        ("context", "Our Municipal Committee is starting an anti-encroachment drive in the bazaar."),
    ],
)
def test_checks_accept_how_officers_phrase_things(check: str, text: str) -> None:
    assert CHECKS[check](text).status == "pass"


def test_a_register_alone_is_half_of_plain_language() -> None:
    """'Simple language' names a register; how plain (short sentences, common words, a reading level)
    is the other half the rubric asks for."""
    assert CHECKS["language"]("Reply in simple, polite language.").status == "partial"
    assert CHECKS["language"]("Use short sentences and common words.").status == "pass"
    assert CHECKS["language"]("Plain English a matric pass can follow.").status == "pass"
    assert CHECKS["language"]("Asaan Urdu mein, mushkil alfaaz nahi.").status == "pass"
    assert CHECKS["language"]("Reply to the complaint.").status == "fail"


def test_a_role_is_someone_the_model_is_asked_to_be() -> None:
    """A role is who the model is ("as a senior section officer"); "as a short announcement" or "as a
    table" says what to write, not who writes it."""
    for text in (
        "As a senior section officer of the Finance Department, draft the reply.",
        "Write this the way the district's public relations officer would, as the PRO of the office.",
        "You are a drafting assistant in the DC office.",
    ):
        assert CHECKS["role"](text).status == "pass", text
    for text in (
        "Rewrite the notification as a short announcement for shopkeepers.",
        "Give the result as a table, and send it as a note to the officer.",
        "Write for readers such as section officers, as well as the DC, as soon as the officer approves.",
    ):
        assert CHECKS["role"](text).status == "fail", text


def test_the_request_alone_is_not_a_positive_constraint() -> None:
    assert CHECKS["positive_constraints"](
        "Extract the dates into a table. Don't make up figures."
    ).status == ("partial")
