"""The two-stage sentence scan must find what the exact product finds."""

from __future__ import annotations

import numpy as np

from assistant.index.sentence_scan import SentenceScan


def _sentences(rows: int, seed: int = 0) -> np.ndarray:
    """Unit vectors shaped like sentence embeddings: a few topics (low rank) plus noise."""
    rng = np.random.default_rng(seed)
    topics = rng.normal(size=(40, 384))
    matrix = rng.normal(size=(rows, 40)) @ topics + 0.8 * rng.normal(size=(rows, 384))
    return (matrix / np.linalg.norm(matrix, axis=1, keepdims=True)).astype(np.float32)


def _exact(matrix: np.ndarray, vector: np.ndarray, wanted: int) -> list[int]:
    return np.argsort(-(matrix @ vector), kind="stable")[:wanted].tolist()


def test_small_matrices_are_scanned_exactly() -> None:
    matrix = _sentences(500)
    rows, similarity = SentenceScan(matrix).nearest(matrix[7], 10)
    assert rows.tolist() == _exact(matrix, matrix[7], 10)
    assert similarity[0] == np.float32(matrix[7] @ matrix[7])
    assert list(similarity) == sorted(similarity, reverse=True)


def test_the_projected_scan_keeps_the_exact_neighbours() -> None:
    matrix = _sentences(6000)
    scan = SentenceScan(matrix, exact_up_to=1000)
    queries = _sentences(50, seed=1)
    found = [len(set(scan.nearest(q, 50)[0].tolist()) & set(_exact(matrix, q, 50))) / 50 for q in queries]
    assert np.mean(found) >= 0.98
    rows, similarity = scan.nearest(queries[0], 50)
    # exact cosines of the rows as stored (half precision above the threshold), not the projection's
    assert np.allclose(similarity, matrix[rows] @ queries[0], atol=2e-3)
    assert np.array_equal(scan.vector(int(rows[0])), matrix[rows[0]].astype(np.float16).astype(np.float32))


def test_rows_outside_the_mask_come_last() -> None:
    matrix = _sentences(3000)
    allowed = np.zeros(len(matrix), dtype=bool)
    allowed[::3] = True
    for scan in (SentenceScan(matrix), SentenceScan(matrix, exact_up_to=1000)):
        rows, similarity = scan.nearest(matrix[1], 20, allowed)
        assert allowed[rows].all()
        assert 1 not in rows.tolist()
        rows, similarity = scan.nearest(matrix[1], 2000, allowed)  # more than the mask allows
        assert allowed[rows[:1000]].all() and (similarity[1000:] == -1.0).all()


def test_an_empty_matrix_finds_nothing() -> None:
    rows, similarity = SentenceScan(np.zeros((0, 0), np.float32)).nearest(np.ones(384, np.float32), 5)
    assert len(rows) == len(similarity) == 0
