"""The BM25 side of the index: scores for chosen entries, wherever they rank."""

from __future__ import annotations

from assistant.index.lexical import LexicalIndex


def _library(n: int) -> LexicalIndex:
    """`n` documents on leave rules, document k padded with k more words (so it ranks k-th), and one on
    pensions; even documents are course material, odd ones policy."""
    texts = [f"leave rules {' '.join(f'filler{j}' for j in range(k))}" for k in range(n)] + ["pension"]
    labels = ["course" if k % 2 == 0 else "policy" for k in range(n)] + ["policy"]
    return LexicalIndex([f"doc-{k}" for k in range(n + 1)], texts, labels)


def test_scores_of_covers_entries_far_down_the_ranking() -> None:
    index = _library(40)
    assert "doc-39" not in [hit.id for hit in index.search("leave rules", 20)]  # a search's first twenty
    scores, best = index.scores_of("leave rules", ["doc-0", "doc-39", "doc-40", "missing"])
    assert set(scores) == {"doc-0", "doc-39"}  # no match and no such entry: no score
    assert 0 < scores["doc-39"] < scores["doc-0"] == best


def test_scores_of_takes_the_best_within_the_label() -> None:
    index = _library(10)
    scores, best = index.scores_of("leave rules", ["doc-0", "doc-3"], label="policy")
    assert set(scores) == {"doc-3"}  # doc-0 is course material
    assert best == index.scores_of("leave rules", ["doc-1"])[0]["doc-1"]  # the best policy document
    assert index.scores_of("", ["doc-0"]) == ({}, 0.0)
