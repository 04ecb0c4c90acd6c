import pytest

from assistant.errors import InvalidQueryError
from assistant.index.catalog import ChunkRecord
from assistant.retrieval import _joined
from assistant.services import Services


def _chunk(ordinal: int, text: str) -> ChunkRecord:
    return ChunkRecord(f"c{ordinal}", "doc.md", ordinal, "Doc", "Part", None, "course", "en", 10, text)


def test_a_passage_joins_neighbours_without_the_overlap_they_repeat() -> None:
    first = _chunk(0, "Alpha opens the topic. Beta explains the method.")
    second = _chunk(1, "Beta explains the method. Gamma gives the result.\n\n- a list item")
    joined = _joined([first, second])
    assert joined.count("Beta explains the method.") == 1
    assert joined.startswith("Alpha") and "Gamma gives the result." in joined and joined.endswith("list item")


@pytest.mark.parametrize(
    ("query", "source"),
    [
        ("how do I stop the model after ten list items", "course/settings.md"),
        ("where should the instruction go and how to separate it from the text", "course/delimiters.md"),
        ("how many new courses for civil servants", "policy/national-ai-policy.txt"),
        ("examples in the prompt so the model copies the pattern", "course/few-shot.mdx"),
        ("سرکاری افسران کے لیے کورس", "policy/urdu-summary.md"),
        # English terms in Urdu script, which no glossary lists: read as the corpus spells them
        ("ٹیمپریچر زیادہ رکھنے سے جواب پر کیا اثر پڑتا ہے؟", "course/settings.md"),
        ("اسٹاپ سیکوینس کس لیے استعمال ہوتا ہے؟", "course/settings.md"),
    ],
)
def test_the_right_document_comes_first(indexed: Services, query: str, source: str) -> None:
    hits = indexed.searcher.search(query, k=5)
    assert hits[0].source == source
    assert 0 < hits[-1].score <= hits[0].score <= 1


def test_a_paraphrase_reaches_the_sentence_that_answers_it(indexed: Services) -> None:
    """No word of the question but "model" is in the answering sentence: the sentence vectors find it."""
    hits = indexed.searcher.search("how can I make the model halt once the list is long enough", k=3)
    assert hits[0].source == "course/settings.md"


def test_a_document_gives_several_passages_when_they_rank_so(indexed: Services, corpus) -> None:  # type: ignore[no-untyped-def]
    topics = [
        "leave rules",
        "travel claims",
        "office hours",
        "file movement",
        "pension forms",
        "tender notices",
    ]
    sections = [f"## {t.title()}\nThis section covers {t} in the ministry for every officer." for t in topics]
    (corpus / "course" / "handbook.md").write_text("# Handbook\n\n" + "\n\n".join(sections))
    indexed.ingestor.ingest([corpus])
    hits = indexed.searcher.search("leave rules and tender notices", k=5, per_source=5)
    handbook = [h for h in hits if h.source == "course/handbook.md"]
    assert len(handbook) >= 2
    assert any("leave rules" in h.text for h in handbook) and any(
        "tender notices" in h.text for h in handbook
    )
    one_each = indexed.searcher.search("leave rules and tender notices", k=5, per_source=1)
    assert len({h.source for h in one_each}) == len(one_each)


def test_doc_type_filter(indexed: Services) -> None:
    hits = indexed.searcher.search("prompt engineering courses", k=10, doc_type="policy")
    assert hits and {h.doc_type for h in hits} == {"policy"}


def test_results_are_deduplicated(indexed: Services, corpus) -> None:  # type: ignore[no-untyped-def]
    copy = corpus / "copy"
    copy.mkdir()
    (copy / "settings-copy.md").write_text((corpus / "course/settings.md").read_text())
    indexed.ingestor.ingest([corpus])
    texts = [h.text for h in indexed.searcher.search("stop sequence eleventh item", k=5)]
    assert len(texts) == len(set(texts))


def test_bad_queries_are_rejected(indexed: Services) -> None:
    with pytest.raises(InvalidQueryError):
        indexed.searcher.search("   ")
    with pytest.raises(InvalidQueryError):
        indexed.searcher.search("x" * 5000)
    with pytest.raises(InvalidQueryError):
        indexed.searcher.search("ok", doc_type="secret")


def test_searching_an_empty_index_returns_nothing(services: Services) -> None:
    assert services.searcher.search("anything") == []


def test_another_process_changes_are_seen_within_the_poll_interval(
    indexed: Services,
    corpus,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    """This process's ingest is searchable at once; another's (a second catalog on the same database,
    as `assistant ingest` beside a running server) once the searcher polls again."""
    from assistant import retrieval
    from assistant.index.catalog import Catalog

    indexed.searcher.search("leave", k=1)
    other = Catalog(indexed.settings.catalog_url)
    try:
        other.remove_document("course/settings.md")
        monkeypatch.setattr(retrieval, "_POLL_SECONDS", 3600.0)
        assert "course/settings.md" in {h.source for h in indexed.searcher.search("stop the model", k=5)}
        monkeypatch.setattr(retrieval, "_POLL_SECONDS", 0.0)
        assert "course/settings.md" not in {h.source for h in indexed.searcher.search("stop the model", k=5)}
    finally:
        other.close()
    (corpus / "course" / "extra.md").write_text("# Extra\n\nThe zebra crossing rule for couriers.\n")
    monkeypatch.setattr(retrieval, "_POLL_SECONDS", 3600.0)
    indexed.ingestor.ingest([corpus])
    assert indexed.searcher.search("zebra crossing couriers", k=1)[0].source == "course/extra.md"


def test_words_the_corpus_never_uses_do_not_move_the_question_vector(indexed: Services) -> None:
    """The learner's setting ("zakat disbursement roster") is not what the corpus can answer."""
    searcher = indexed.searcher
    plain = "how do I stop the model after ten list items"
    padded = f"{plain} zakat disbursement roster"
    assert searcher.closest_sentence(padded) == pytest.approx(searcher.closest_sentence(plain))
    assert searcher.search(padded, k=1)[0].source == "course/settings.md"
    whole = searcher.policy.model_copy(update={"embed_known_words": False})
    searcher.policy, kept = whole, searcher.policy
    try:
        assert searcher.closest_sentence(padded) != pytest.approx(searcher.closest_sentence(plain))
    finally:
        searcher.policy = kept


def test_a_references_section_answers_only_a_question_for_other_works(indexed: Services, corpus) -> None:  # type: ignore[no-untyped-def]
    """Its titles share the question's words but quote no answer: the answerer skips it, so search does."""
    (corpus / "course" / "chat-models.md").write_text(
        "# Chat models\n\nA chat model keeps the conversation so far as its context.\n\n## References\n\n"
        "- Hallucination in chat models: a survey of invented facts (2023)\n"
        "- Reducing invented facts and names in chat model answers (2024)\n"
    )
    indexed.ingestor.ingest([corpus])
    question = "how do I stop a chat model inventing facts and names"
    assert all(not h.section.endswith("References") for h in indexed.searcher.search(question, k=5))
    asked_for_works = indexed.searcher.search("papers on chat models inventing facts and names", k=5)
    assert asked_for_works[0].section.endswith("References")


def test_a_document_mentions_an_acronym_by_the_words_it_abbreviates(indexed: Services) -> None:
    searcher = indexed.searcher
    assert searcher.document_mentions("course/settings.md", "Temperature")
    assert searcher.document_mentions("course/settings.md", "SS")  # "stop sequence", spelled out
    assert not searcher.document_mentions("course/settings.md", "few-shot")
    assert not searcher.document_mentions("course/settings.md", "FSP")
    assert searcher.document_mentions("policy/national-ai-policy.txt", "Courses")  # stemmed once, not twice


def test_misspelt_words_are_searched_as_the_words_they_stand_for(indexed: Services) -> None:
    searcher = indexed.searcher
    assert searcher.corrections("What does the temprature setting change?") == ["temperature"]
    # words the embedding model knows are words, not typos, though the corpus never uses them
    assert searcher.corrections("My colleague asked about the temperature setting") == []
    assert searcher.corrections("Temperature kya hota hai aur kitna rakhein?") == []  # Roman Urdu
    hits = searcher.search("how do I make the model stop after ten items with a stop sequnce", k=1)
    assert hits[0].source == "course/settings.md"
    assert searcher.expand("what is a stop sequnce").splitlines()[-1] == "sequence"
