import pytest

from assistant.errors import InvalidQueryError
from assistant.retrieval import fuse_rrf, fuse_weighted
from assistant.services import Services


def test_rrf_rewards_agreement_and_scales_to_one() -> None:
    fused = fuse_rrf([["a", "b", "c"], ["a", "c"]], k=60)
    assert fused["a"] == pytest.approx(1.0)
    assert fused["c"] > fused["b"]


def test_weighted_fusion_normalises_bm25() -> None:
    fused = fuse_weighted({"a": 0.8, "b": 0.2}, {"b": 12.0, "c": 6.0}, weight=0.5)
    assert fused["b"] == pytest.approx(0.6)
    assert fused["c"] == pytest.approx(0.25)


@pytest.mark.parametrize(
    ("query", "source"),
    [
        ("how do I stop the model after ten list items", "course/settings.md"),
        ("where should the instruction go and how to separate it from the text", "course/delimiters.md"),
        ("how many new courses for civil servants", "policy/national-ai-policy.txt"),
        ("examples in the prompt so the model copies the pattern", "course/few-shot.mdx"),
        ("سرکاری افسران کے لیے کورس", "policy/urdu-summary.md"),
    ],
)
def test_the_right_document_comes_first(indexed: Services, query: str, source: str) -> None:
    hits = indexed.searcher.search(query, k=5)
    assert hits[0].source == source
    assert 0 < hits[-1].score <= hits[0].score <= 1


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
