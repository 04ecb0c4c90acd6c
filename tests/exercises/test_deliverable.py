"""What a prompt asks to be produced (assistant/exercises/deliverable.py), with prompts written for these
tests: another deliverable for the same office is another job, even with the exercise's nouns in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.exercises.bank import ExerciseBank
from assistant.exercises.deliverable import another_job, expected, requested
from assistant.exercises.grader import OFF_TASK_FACTOR, Grader
from assistant.exercises.roman_urdu import english

ROOT = Path(__file__).resolve().parents[2]

SAME_OFFICE = {  # the exercise's office and nouns, another deliverable
    "L5-03-chain-complaint-to-urdu-reply": (
        "Design a chain of prompts to turn a month of citizens' complaints into a monthly report for the DC. "
        "Stage 1: extract each complaint's category and union council into a table, with [Name] for names. "
        "Stage 2: count complaints by category, step by step. Stage 3: draft a two-page report with the "
        "counts and three recommendations."
    ),
    "L5-04-chain-flood-report-to-brief": (
        "Design a chain of prompts to turn the district flood reports into a relief distribution plan. "
        "Stage 1: extract each district's figures into a table. Stage 2: rank districts by the approved "
        "criteria, step by step. Stage 3: draft the plan with tents and rations per district. Stage 4: "
        "verify every figure against Stage 1."
    ),
    "L1-01-plain-reply-water-complaint": (
        "You are a sub-engineer in the water supply division. Draft a note for the Director asking him to "
        "approve two extra water tankers for the affected street until the supply line damaged by the road "
        "widening is repaired by 20 June. Citizens have complained twice. Four numbered paragraphs, under "
        "150 words, ending with the approval sought."
    ),
    "L1-02-minister-memo-summary": (
        "You are the public relations officer of the agriculture department. Draft a press release for "
        "farmers announcing the certified wheat seed subsidy of Rs. 1,500 per 50-kg bag through e-vouchers. "
        "Headline, three short paragraphs, under 200 words, plain English, with the helpline [Helpline]."
    ),
    "L1-07-faq-domicile-certificate": (
        "You are the in-charge of the District Service Centre. Write an office order for the counter staff "
        "on the new domicile certificate service: who sits at which counter, the timing 9 a.m. to 3 p.m., "
        "and that every application is entered in the register the same day. Numbered paragraphs, one page."
    ),
    "L2-01-press-release-dengue": (
        "You are the district health officer. Prepare talking points for the Deputy Commissioner for the "
        "dengue review meeting with the union council secretaries: six bullets on larvae found, fogging "
        "done and the teams short of staff, one sentence each, lead with the decision he must take."
    ),
    "L2-03-brief-biometric-attendance": (
        "You are the deputy secretary admin. Draft a circular to all staff of the department announcing that "
        "biometric attendance machines start on Monday and every employee must enrol a thumb impression by "
        "Friday with the IT cell. Formal English, five numbered paragraphs, under 200 words."
    ),
    "L2-06-office-memorandum-vacancies": (
        "You are a deputy secretary in the Establishment Division. Draft a speech for the Secretary to "
        "deliver at the induction of the newly recruited assistants in BS-1 to BS-16. Warm but formal, about "
        "400 words: welcome, the values of public service, and what is expected in the first year."
    ),
    "L5-01-chain-memo-to-minister-summary": (
        "Design a chain of prompts that turns the memo into a press release for the newspapers. Stage 1: "
        "pull the amounts, the dates and the decision from the memo, exactly as written. Stage 2: use that "
        "list to write a 200-word press release in plain English with a headline. Stage 3: check every "
        "figure in the release against the Stage 1 list and flag any mismatch."
    ),
}


@pytest.mark.parametrize(
    ("prompt", "kinds"),
    [
        ("Please draft a short, polite reply to the shopkeeper.", {"reply"}),
        ("Summarise the report below for the Secretary.", {"summary"}),
        ("Turn the minutes into a one-page briefing note.", {"summary"}),
        ("Write 8 frequently asked questions with answers for the leaflet.", {"faq"}),
        ("Using the complaint and the note below, prepare the letter.", {"reply"}),
        ("Extract the dates from the notices below into a table.", set()),  # a table is a format
        ("Compare the bids from the three firms and write the result.", set()),
        # a forbidden deliverable is not asked for
        ("Don't write an essay; these are talking points for the DC.", set()),
        ("Do not prepare a summary, draft the reply to the parent.", {"reply"}),
        ("Please make some FAQs like question answers for the counter leaflet.", {"faq"}),
    ],
)
def test_the_deliverable_is_what_a_request_makes(prompt: str, kinds: set[str]) -> None:
    assert requested(prompt) == kinds


def test_a_deliverable_roman_urdu_forbids_is_not_asked_for() -> None:
    """Urdu puts its negation after the verb ("...note ke ilawa kuch na likhein"), and so does the
    English reading of it."""
    assert requested(english("Memo ke ilawa koi figure apni taraf se na likhein.")) == set()
    assert requested(english("Aap complaint ka jawab draft karein.")) == {"reply"}


@pytest.mark.parametrize(
    ("exercise_id", "wording"),
    [
        ("L1-02-minister-memo-summary", "Write a one-page note for the Minister"),
        ("L1-03-talking-points-polio-meeting", "Prepare speaking notes for the DC"),
        ("L1-04-file-note-training-nomination", "Draft a memo to the DS Admin proposing the nominations"),
        ("L1-05-sharpen-vague-leave-prompt", "Write a circular for staff on the new leave procedure"),
        ("L1-07-faq-domicile-certificate", "Draft a leaflet with 8 questions and answers"),
        ("L2-01-press-release-dengue", "Write a news article for the papers"),
        ("L2-02-bilingual-encroachment-notice", "Prepare a newspaper advertisement in English and Urdu"),
        ("L2-04-circular-plain-urdu", "Rewrite the circular as a WhatsApp message for parents"),
        ("L5-04-chain-flood-report-to-brief", "Prompt 3: prepare the note for the CS"),
    ],
)
def test_the_exercise_deliverable_in_a_learners_words_is_its_job(
    bank: ExerciseBank, exercise_id: str, wording: str
) -> None:
    assert not another_job(requested(wording), expected(bank.get(exercise_id)))


def test_an_exercise_whose_job_is_no_document_leaves_the_topic_words_to_decide(bank: ExerciseBank) -> None:
    assert expected(bank.get("L4-03-eligibility-house-building-advance")) == set()


def test_names_of_one_kind_and_near_kinds_are_the_same_job() -> None:
    assert not another_job({"summary"}, {"talking points"})  # a brief where points were asked
    assert not another_job({"reply"}, {"memorandum"})
    assert another_job({"press release"}, {"summary"})
    assert not another_job(set(), {"summary"})  # asks for nothing named: the subject words decide


@pytest.mark.parametrize("exercise_id", sorted(SAME_OFFICE))
def test_another_deliverable_for_the_same_office_is_another_job(
    bank: ExerciseBank, grader: Grader, exercise_id: str
) -> None:
    exercise = bank.get(exercise_id)
    assert expected(exercise)
    grade = grader.grade(exercise, SAME_OFFICE[exercise_id])
    assert "off_task" in grade.flags and grade.score <= 100 * OFF_TASK_FACTOR
    assert "asks for something else" in grade.notes[grade.flags.index("off_task")].detail


def test_the_exercise_deliverable_in_other_words_is_on_task(bank: ExerciseBank, grader: Grader) -> None:
    exercise = bank.get("L1-03-talking-points-polio-meeting")
    prompt = (
        "You support the Deputy Commissioner, who chairs the polio review tomorrow and will speak from "
        "your page. Using only the background note below, prepare a brief of six numbered points, one "
        "sentence each, on coverage, refusals and the vaccinator shortage, leading with the decision.\n"
        f'"""\n{exercise.sample_input}\n"""'
    )
    assert "off_task" not in grader.grade(exercise, prompt).flags


def test_the_same_deliverable_for_another_case_is_another_job(bank: ExerciseBank, grader: Grader) -> None:
    """A reply from the same office on another complaint: the topic words decide, not the embedder."""
    exercise = bank.get("L1-01-plain-reply-water-complaint")
    prompt = (
        "Draft a reply in plain language to a citizen who complained on the portal that the sewerage line in "
        "his street overflows after every rain. The Director's note says desilting will be done by 30 June "
        "and a jetting machine will visit on Friday. The reader is an ordinary resident, so use simple "
        "words and short sentences, under 120 words, polite."
    )
    grade = grader.grade(exercise, prompt)
    assert "off_task" in grade.flags and grade.score <= 100 * OFF_TASK_FACTOR
