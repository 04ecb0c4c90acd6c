from assistant.query_expansion import expand_query


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
