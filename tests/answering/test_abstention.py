from assistant.answering.abstention import (
    Signals,
    Thresholds,
    answer_type_found,
    quantity_found,
    refusal_reason,
    unknown_acronyms,
)


def signals(**changes: object) -> Signals:
    base = {"meaning": 0.6, "lexical": 0.8, "unknown_acronyms": (), "answer_type_found": True}
    return Signals(**(base | changes))  # type: ignore[arg-type]


def test_a_well_supported_question_is_answered() -> None:
    assert refusal_reason(signals(), Thresholds()) is None


def test_each_signal_can_refuse() -> None:
    assert refusal_reason(signals(meaning=0.1), Thresholds()) == "out_of_scope"
    assert refusal_reason(signals(meaning=0.4, lexical=0.3), Thresholds()) == "out_of_scope"
    assert refusal_reason(signals(meaning=0.4, lexical=0.9), Thresholds()) is None  # a rare word matched
    assert refusal_reason(signals(unknown_acronyms=("EU",)), Thresholds()) == "unknown_subject"
    assert refusal_reason(signals(answer_type_found=False), Thresholds()) == "figure_not_in_sources"


def test_unknown_acronyms_are_those_the_corpus_never_uses() -> None:
    known = {"gpt", "4", "json"}.__contains__
    assert unknown_acronyms("Does GPT-4 support JSON mode under the EU AI Act?", known) == ("EU", "AI")
    assert unknown_acronyms("does gpt-4 support json?", known) == ()
    assert unknown_acronyms("What is a CNIC? Mine is [CNIC]; my DS said an SRO is OK", known) == ()
    assert unknown_acronyms("What does NADRA do with [CNIC] data?", known) == ("NADRA",)


def test_a_how_many_question_needs_a_number_next_to_the_thing_counted() -> None:
    question = "How many hours long is each course?"
    assert not quantity_found(question, ["The ministry will introduce 25 new courses."])
    assert quantity_found(question, ["Each course lasts 12 hours."])
    # every word of the thing counted must be there: commission members are not faculty members
    faculty = "How many faculty members attended the event?"
    assert not quantity_found(faculty, ["Around 300 Higher Education Commission members were trained."])
    assert quantity_found(faculty, ["About 40 faculty members attended."])
    assert quantity_found("How many examples should I put in it?", ["between two and five examples"])
    assert quantity_found("How many?", ["anything"])  # nothing to check against
    assert quantity_found("What is few-shot prompting?", [])


def test_questions_asking_for_a_year_a_frequency_or_a_name_need_one_in_the_evidence() -> None:
    vague = ["The policy aims to train one million people in AI skills."]
    assert not answer_type_found("By what year is the target to be met?", vague)
    assert answer_type_found("By what year is the target to be met?", ["The target is 2030."])
    assert not answer_type_found("How often does the council meet?", ["The council oversees the policy."])
    assert answer_type_found("How often does the council meet?", ["The council meets every quarter."])
    assert not answer_type_found(
        "What's the name of the minister?", ["It is chaired by the federal minister."]
    )
    assert answer_type_found(
        "What's the name of the minister?", ["It is chaired by Shaza Fatima, the minister."]
    )
    assert answer_type_found("What is few-shot prompting?", [])  # no answer type asked
