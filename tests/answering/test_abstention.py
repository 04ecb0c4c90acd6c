from assistant.answering.abstention import (
    Signals,
    answer_type_found,
    answer_type_in_primary,
    answerable_probability,
    coverage,
    names_elsewhere,
    quantity_found,
    refusal_reason,
    unknown_acronyms,
    unseen_share,
    without_said_numbers,
)
from assistant.answering.types import Evidence, Passage, Unit
from assistant.policy import AbstentionPolicy
from assistant.wording import english_words

POLICY = AbstentionPolicy()


def signals(**changes: object) -> Signals:
    base = {"meaning": 0.6, "lexical": 0.8, "unknown_acronyms": (), "answer_type_found": True}
    return Signals(**(base | changes))  # type: ignore[arg-type]


def test_a_well_supported_question_is_answered() -> None:
    assert refusal_reason(signals(), POLICY) is None


def test_each_signal_can_refuse_and_the_reason_names_the_strongest() -> None:
    assert refusal_reason(signals(meaning=0.1), POLICY) == "out_of_scope"  # below the floor
    assert refusal_reason(signals(meaning=0.3, unseen=1.0, lexical=1.5), POLICY) == "out_of_scope"
    # weak evidence: no close sentence and no rare word matched, whatever the linear model says
    assert refusal_reason(signals(meaning=0.42, lexical=0.3), POLICY) == "out_of_scope"
    assert refusal_reason(signals(meaning=0.42, lexical=0.9), POLICY) is None  # a rare word matched
    # an Urdu question is seldom close to English sentences: the guard is for English questions only
    assert refusal_reason(signals(meaning=0.42, lexical=0.3, english=False, coverage=0.3), POLICY) is None
    # ...which instead needs a word of it in the quotes: an English model finds all Urdu text close
    assert refusal_reason(signals(meaning=0.78, lexical=0.0, english=False, coverage=0.0), POLICY) == (
        "out_of_scope"
    )
    assert refusal_reason(signals(meaning=0.78, lexical=0.0, english=True, coverage=0.0), POLICY) is None
    # ...and an English one too, unless a quoted sentence is clearly close
    assert refusal_reason(signals(meaning=0.48, lexical=0.4, coverage=0.03), POLICY) == "out_of_scope"
    assert refusal_reason(signals(unknown_acronyms=("EU",), meaning=0.45), POLICY) == "unknown_subject"
    assert refusal_reason(signals(answer_type_found=False, meaning=0.45), POLICY) == "figure_not_in_sources"


def test_the_probability_rises_with_meaning_and_falls_with_missing_evidence() -> None:
    low, high = (
        answerable_probability(signals(meaning=0.3), POLICY),
        answerable_probability(signals(), POLICY),
    )
    assert 0 < low < high < 1
    assert answerable_probability(signals(answer_type_found=False), POLICY) < high
    assert answerable_probability(signals(unseen=0.5), POLICY) < high


def test_coverage_and_unseen_words_are_shares_of_the_question() -> None:
    weights = {"stop": 2.0, "sequenc": 3.0}
    assert coverage(weights, ["A stop sequence ends the output."]) == 1.0
    assert coverage(weights, ["Stop here."]) == 0.4
    assert coverage({}, []) == 1.0
    known = {"leav", "rule"}.__contains__
    assert unseen_share("casual leave rules for grade seventeen", known) == 0.6


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
    used = "how many of its parameters actually get used for each token?"  # counts parameters, not "its"
    assert quantity_found(used, ["It has 47B parameters but only uses 13B per token."])
    assert quantity_found("how many had been trained?", [])  # "been" is not what is counted
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


def test_questions_asking_for_a_share_a_price_or_a_default_need_one_in_the_evidence() -> None:
    topic = ["Tree of Thoughts was tested on the Game of 24 with GPT-4."]
    assert not answer_type_found("What success rate in percent did it reach on the Game of 24?", topic)
    assert answer_type_found("What success rate in percent did it reach?", ["It solved 74% of games."])
    assert not answer_type_found("What is the monthly price of ChatGPT Pro?", ["ChatGPT Pro offers more."])
    assert answer_type_found("What does fine-tuning cost?", ["It costs $25 per million tokens."])
    assert not answer_type_found("What is the monthly price of Pro?", ["Free users get 5 queries a month."])
    assert not answer_type_found("By how much did it improve accuracy?", ["Liu et al., 2023 introduces it."])
    assert answer_type_found("By how much did it improve accuracy?", ["Accuracy rose by 12 points."])
    assert not answer_type_found("Which effort level does o3 use by default?", ["o3 has effort levels."])
    assert answer_type_found("Which level does it use by default?", ["The default is medium."])
    assert answer_type_found("What is few-shot prompting?", [])  # no answer type asked


def test_the_thing_counted_may_be_followed_by_a_verb_and_an_amount_comes_in_its_own_units() -> None:
    trainers = "and how many teachers get covered through the trainer model?"
    assert quantity_found(trainers, ["Another 650 teachers will be trained by the first group."])
    assert not quantity_found(trainers, ["The drive covers 10,000 officials."])
    data = "How much data was the model pretrained on?"
    assert quantity_found(data, ["It is pretrained on over 15T tokens."])
    assert not quantity_found(data, ["It was pretrained on public web text in 2024."])


def test_a_price_is_asked_for_only_when_the_question_wants_one() -> None:
    vague = ["Set a maximum length so that replies stay short."]
    assert answer_type_found("Can I cap the reply's length so it doesn't cost us more?", vague)
    assert not answer_type_found("How much does the cheaper model cost?", vague)
    assert not answer_type_found("How much is a Plus subscription per month?", vague)
    assert answer_type_found("How much is a Plus subscription per month?", ["Plus costs $20 a month."])


def test_how_often_can_be_answered_by_a_rate() -> None:
    fixes = "How often does the right document fix the model's error?"
    assert answer_type_found(fixes, ["The right document fixed the model's answer in 94% of cases."])
    assert not answer_type_found(fixes, ["It often helps."])
    # any percentage nearby is not a rate of the thing asked about
    assert not answer_type_found("How often does the AI council meet?", ["AI adoption rose by 30%."])


def test_a_deadline_needs_a_date_and_how_many_of_the_x_counts_x() -> None:
    launch = ["The programme was launched to train young people in AI."]
    assert not answer_type_found("What's the last date to apply, and where do I register?", launch)
    assert answer_type_found("What is the deadline to apply?", ["Applications close on 15 March."])
    officials = "How many of the officials trained so far are from the provinces?"
    assert not quantity_found(officials, ["Twelve provinces and 300 districts take part."])
    assert quantity_found(officials, ["So far 2,000 officials have been trained."])


def test_a_frequency_is_a_rate_in_time_not_any_each() -> None:
    question = "How often does the council meet?"
    assert not answer_type_found(question, ["The budget of each centre is not given."])
    assert answer_type_found(question, ["It meets twice a year."])
    assert answer_type_found(question, ["Meetings are held every three months."])


def test_a_name_asked_for_is_not_answered_by_the_words_of_the_question() -> None:
    """'Who is the Prime Minister?': a sentence about summaries for the Prime Minister names nobody."""
    about = ["Numbered paragraphs suit summaries for the Prime Minister or a minister."]
    assert not answer_type_found("Who is the Prime Minister of Pakistan?", about)
    named = ["The Prime Minister, Shehbaz Sharif, approved the National AI Policy."]
    assert answer_type_found("Who is the Prime Minister of Pakistan?", named)
    # a paragraph opening "The Ministry of IT said..." names an institution, not the minister
    council = ["[1]\n\nThe Ministry of IT said the AI Council is chaired by the federal IT minister."]
    assert not answer_type_found(
        "What's the name of the federal IT minister who chairs the council?", council
    )


def test_a_place_asked_for_is_one_the_question_does_not_already_say() -> None:
    """'In which city will the centre in Pakistan be?': 'a centre in Pakistan' names no city."""
    about = ["ZTE plans to establish its eighth global training centre in Pakistan."]
    asked = "ZTE will set up a training centre in Pakistan. In which city will it be located?"
    assert not answer_type_found(asked, about)
    assert answer_type_found(asked, ["The centre will open in Lahore next year."])
    roman = "Centres of Excellence kin kin shehron mein banenge?"
    assert not answer_type_found(roman, ["Centres of Excellence will be set up across the country."])
    assert answer_type_found(roman, ["Centres of Excellence will open in Islamabad and Karachi."])
    assert answer_type_found("Where do I find the temperature setting?", [])  # asks how, not for a place
    where = "Where will the policy set up its Centres of Excellence?"
    assert answer_type_found(where, ["It establishes Centres of Excellence in major cities."])
    assert not answer_type_found(
        "In which cities?", ["It establishes Centres of Excellence in major cities."]
    )
    # an acronym, a month or an institution after "in" or "to" is no place
    quoted = ["It sets up Centres of Excellence in AI in major cities, according to the Ministry, in August."]
    assert not answer_type_found("In which cities will the centres be set up?", quoted)
    assert answer_type_found("In which cities will the centres be set up?", ["They open in Mardan."])
    languages = "In which languages and countries is it available?"
    assert not answer_type_found(languages, ["According to Google, it is more capable of reasoning."])


def test_a_name_asked_by_name_is_a_name_in_a_sentence_about_what_is_named() -> None:
    """'What is the name of the licence?' is not answered by another model's name nearby, and a minister is
    not named by the title of a policy."""
    licence = "What is the name of the licence that the Llama 3 models are released under?"
    assert not answer_type_found(licence, ["Llama 3 70B outperforms Gemini Pro 1.5 and Claude 3 Sonnet."])
    assert answer_type_found(licence, ["The models are released under the Llama Community License."])
    minister = "The council is chaired by the federal IT minister. What is that minister's name?"
    assert not answer_type_found(
        minister, ["The National Artificial Intelligence Policy names the IT minister."]
    )
    assert answer_type_found(minister, ["It is chaired by the IT minister, Shaza Fatima Khawaja."])


def test_budgets_places_and_sizes_are_asked_in_more_words() -> None:
    budget = "What is the total budget set aside for this training drive?"
    assert not answer_type_found(budget, ["The ministry is training 10,000 officials."])
    assert answer_type_found(budget, ["The drive has a budget of Rs 500 million."])
    described = "When the model gives different totals for the same budget sum, can I ask it several times?"
    assert answer_type_found(described, ["Self-consistency samples several reasoning paths."])
    cities = "Which specific cities have been picked for the centres?"
    assert not answer_type_found(cities, ["The centres will be set up in major cities."])
    longest = "What is the maximum context window length of Grok-1?"
    assert not answer_type_found(longest, ["Grok-1 activates 25% of its weights per token."])


def test_a_size_is_an_amount_not_a_share() -> None:
    asked = "Grok-1 has 314B parameters. What is its context window length in tokens?"
    assert not answer_type_found(asked, ["It activates 25% of the weights for a given token."])
    assert answer_type_found(asked, ["Its context window is 8,192 tokens."])


def test_the_figure_must_come_from_the_document_the_answer_quotes_first() -> None:
    passages = [
        Passage(1, "plans.md", "Plans", "Limits", "Pro users get 250 research queries a month.", 0.9),
        Passage(2, "study.md", "Study", "Cost", "The whole study cost about $10,000 to run.", 0.5),
    ]
    limits = Unit(0, 0, passages[0].text, "sentence")
    estimate = Unit(1, 0, passages[1].text, "sentence")
    question = "What is the monthly price of the Pro plan?"
    other_figure = Evidence(passages, [limits, estimate])
    assert answer_type_found(question, [limits.text, estimate.text])
    assert not answer_type_in_primary(question, other_figure)
    own_figure = Evidence(passages, [estimate, limits])
    assert answer_type_in_primary(question, own_figure)
    assert answer_type_in_primary("What is the Pro plan?", Evidence(passages, []))  # nothing asked


def test_a_release_date_is_asked_for_by_when_was_it_released_not_by_when_to_use_it() -> None:
    assert not answer_type_found("When was the 65B model released?", ["The 7B model is open."])
    assert answer_type_found("When was the 65B model released?", ["It was released in February 2024."])
    assert answer_type_found("When should I use few-shot prompting?", ["Use it for new formats."])


def test_urdu_and_roman_urdu_questions_ask_through_their_english_reading() -> None:
    launch = english_words("Sora kab launch hua tha?", 1.0)
    assert not answer_type_found(launch, ["Sora is a video model."])
    assert answer_type_found(launch, ["Sora was launched in December 2024."])
    year = english_words("یہ پروگرام کس سال تک مکمل ہوگا؟", 1.0)
    assert not answer_type_found(year, ["The programme trains 300,000 young people."])
    assert answer_type_found(year, ["The programme will be complete by 2027."])
    # the thing counted may be lost in the reading ("کتنے سرکاری افسران" reads "how many"): any number will do
    officers = english_words("کتنے سرکاری افسران کو تربیت دی جا رہی ہے؟", 1.0)
    assert not answer_type_found(officers, ["Officials are being trained in AI."], counted_read=False)
    assert answer_type_found(officers, ["10,000 officials are being trained."], counted_read=False)


def test_a_news_items_dateline_is_not_the_date_asked_for() -> None:
    question = "What is the last date to apply for the programme?"
    assert not answer_type_found(question, ["February 25, 2026 The Ministry is training 10,000 officials."])
    assert not answer_type_found(question, ["date 2025-08-13 Pakistan has announced its AI policy."])
    assert answer_type_found(question, ["February 25, 2026 Applications close on 30 June 2026."])
    assert answer_type_found(question, ["The cabinet approved it on August 13, 2025."])


def test_a_figure_asked_about_a_stated_figure_comes_from_a_sentence_about_that_figure() -> None:
    question = "The scheme will give 40,000 laptops. By which year will the 40,000 be handed out?"
    other_target = "The scheme also aims to open 12 labs by 2027."
    assert not answer_type_found(question, ["The scheme will give 40,000 laptops to students.", other_target])
    assert answer_type_found(question, ["All 40,000 laptops are to be handed out by 2028.", other_target])
    assert answer_type_found("By which year will every student have a laptop?", [other_target])
    counted = "How many weeks did the training of 300 teachers last?"
    assert not answer_type_found(counted, ["In 2025, 3000 teachers were trained for 6 weeks."])
    assert answer_type_found(counted, ["The 300 teachers trained for 6 weeks."])
    # a grade names who asks, not the subject: a rule for every grade answers it
    assert answer_type_found("When is the deadline for BPS-17 officers to apply?", ["Apply by 30 June 2026."])


def test_a_number_the_question_already_says_is_not_the_one_it_asks_for() -> None:
    context = "Grok-1 has 314B parameters. What is its context window length in tokens?"
    assert not answer_type_found(context, ["Grok-1 is a mixture-of-experts model with 314B parameters."])
    assert answer_type_found(context, ["Grok-1 reads up to 8,192 tokens."])
    assert not answer_type_found("What does GPT-4o mini cost?", ["GPT-4o costs more than GPT-3.5."])
    assert without_said_numbers("Is 8x7B in 2025 new?", ["8x7B, 18x7B, 2025"]) == ["#x#B, 18x#B, #"]
    # a figure stated about the subject stays: the sentences about it are the ones read
    window = "With its 1 million token window, how much video can Gemini 2 handle?"
    assert without_said_numbers(window, ["Up to 1 million tokens in Gemini 2"]) == [
        "Up to 1 million tokens in Gemini #"
    ]


def test_scores_sizes_minimums_and_names_are_asked_for_in_several_wordings() -> None:
    score = "What MMLU score did the Llama 3 400B checkpoint get?"
    assert not answer_type_found(score, ["Llama 3.1 405B does well on MMLU."])  # a version is no score
    assert answer_type_found(score, ["It scores 86.4 on MMLU."])
    assert answer_type_found("How did it score on MMLU?", ["It reaches 81.2% on MMLU."])
    minimum = "What is the minimum number of tokens a document needs before it can be cached?"
    assert not answer_type_found(minimum, ["Caching works with Gemini 1.5 Pro and Flash."])
    assert answer_type_found(minimum, ["A cached document needs at least 32,768 tokens."])
    assert answer_type_found("Does the number of examples matter?", ["More examples help."])
    name = "The council is chaired by the IT minister. What is that minister's name?"
    assert not answer_type_found(name, ["The council is chaired by the federal IT minister."])
    assert not answer_type_found("What was the exact release date of the 8x22B model?", ["It is open."])


def test_how_many_people_is_answered_by_a_count_of_people_by_what_they_are() -> None:
    assert quantity_found("How many people does Cod4AI cover?", ["It will train 7,500 individuals."])
    assert quantity_found("How many people speak Kalamang?", ["It has fewer than 200 speakers."])
    assert not quantity_found("How many people does it cover?", ["It began in 2024 with 3 partners."])
    assert not quantity_found("How many officers will Google train?", ["Google will train 500 students."])


def test_a_deadline_year_is_a_year_things_are_due_by_not_the_date_of_a_report() -> None:
    question = "By what year is the one million people AI training target supposed to be met?"
    reported = "It sets a target of training one million people, according to news reports of August 2025."
    assert not answer_type_found(question, [reported])
    assert answer_type_found(question, ["The policy aims to train one million people by 2030."])
    assert answer_type_found("When was the policy approved?", ["The policy was approved in August 2025."])


def test_a_name_the_quoted_document_never_mentions_is_another_subject() -> None:
    """The asking sentence's names that the corpus uses but the answer's document does not: the score
    asked for is another benchmark's. Names given as examples ("models like o3") and names the corpus
    never uses (the unknown-subject signal's) do not count; "MoUs" is the acronym MoU."""
    known = {"mistral", "larg", "mmlu", "humanev", "o3", "mou", "cot"}.__contains__
    page = {"Mistral", "Large", "MMLU"}.__contains__
    asked = "The guide says Mistral Large is second on MMLU. What is its score on HumanEval?"
    assert names_elsewhere(asked, known, page) == ("HumanEval",)
    assert names_elsewhere("What is the MMLU score of Mistral Large?", known, page) == ()
    assert names_elsewhere("With models like o3, should I still ask for steps?", known, page) == ()
    assert names_elsewhere("What did the ministry sign in the China MoUs?", known, lambda n: n == "MoU") == ()
    assert names_elsewhere("What is its score on BigBench?", known, page) == ()  # never used: not this one
    assert answerable_probability(signals(named_elsewhere=("HumanEval",)), POLICY) < answerable_probability(
        signals(), POLICY
    )
