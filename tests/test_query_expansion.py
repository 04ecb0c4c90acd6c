from assistant.query_expansion import expand_query, for_embedding


def test_english_queries_are_unchanged() -> None:
    assert expand_query("What is few-shot prompting?") == "What is few-shot prompting?"


def test_urdu_terms_gain_english_equivalents() -> None:
    expanded = expand_query("ڈیپ ریسرچ کے لیے پرامپٹ کیسے لکھیں؟")
    assert expanded.startswith("ڈیپ ریسرچ")
    assert "deep research" in expanded and "prompt" in expanded


def test_longest_match_and_diacritics() -> None:
    assert "artificial intelligence" in expand_query("مصنوعی ذہانت کی قومی پالیسی")
    assert "ministry" in expand_query("وزارتِ تعلیم")  # zer on the first word is ignored


def test_unknown_urdu_is_left_alone() -> None:
    assert expand_query("بالکل نامعلوم لفظ") == "بالکل نامعلوم لفظ"


def test_everyday_phrasing_about_ai_gains_the_course_term() -> None:
    expanded = expand_query("The chatbot made up a notification number. Why?")
    assert expanded.startswith("The chatbot made up a notification number. Why?\n")
    assert "hallucination" in expanded
    for phrasing in ("How do I stop the chatbot making things up?", "Why does the AI keep making up facts?"):
        assert "hallucination" in expand_query(phrasing)
    assert "context window" in expand_query("How long a document can Claude 3 take in at once?")


def test_course_terms_are_only_added_to_questions_about_ai() -> None:
    question = "How do I apply online for a new machine-readable passport?"
    assert expand_query(question) == question
    assert "JSON" in expand_query("How do I get machine-readable results from the model?")


def test_terms_the_question_already_uses_are_not_repeated() -> None:
    expanded = expand_query("Why does the model hallucinate and make things up?")
    assert expanded.count("hallucination") == 1


def test_a_term_hidden_inside_a_longer_word_is_still_added() -> None:
    assert "RAG" in expand_query("Can the chatbot search our own documents, paragraph by paragraph?")


def test_the_embedding_model_reads_the_english_of_an_urdu_question() -> None:
    expanded = expand_query("اچھا پرامپٹ کیسے لکھا جاتا ہے؟")
    assert for_embedding(expanded) == "good effective prompt how write written"
    assert for_embedding("What is few-shot prompting?") == "What is few-shot prompting?"
    assert for_embedding("سوال؟") == "سوال؟"  # no English equivalents: the question itself


def test_roman_urdu_words_get_their_english_too() -> None:
    expanded = expand_query("Prompt chaining ka kya faida hai? Kya is se ghalti dhoondna aasaan hai?")
    assert expanded.splitlines()[-1] == "benefit advantage error mistake find detect easier simpler"
    assert expand_query("Is the main point of it to write less?") == "Is the main point of it to write less?"


def test_an_urdu_data_hygiene_question_reaches_the_english_rule() -> None:
    """'Can I put a citizen's CNIC number into ChatGPT?' was refused: no word of it had an English reading
    but ChatGPT, so the rule on personal data was never found."""
    expanded = for_embedding(expand_query("کیا میں چیٹ جی پی ٹی میں شہری کا شناختی کارڈ نمبر ڈال سکتا ہوں؟"))
    assert {"ChatGPT", "citizen", "CNIC", "number", "paste"} <= set(expanded.split())
