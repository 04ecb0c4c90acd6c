"""The sentences closest to a question vector, in two stages once the corpus is large: a scan of the
sentence vectors projected on their main directions (PCA), then the exact cosine of the best few.

Every question multiplies the whole sentence matrix; at 16x the shared corpus (~100k sentences) that
product was 37% of a search (cProfile, issue 19). The projection keeps the directions that tell these
sentences apart, so the scan reads a third of the memory; the exact pass on `widen` times the wanted
rows repairs its small ranking errors. Below `_EXACT_UP_TO` rows the plain product is already fast.
"""

from __future__ import annotations

import numpy as np

_EXACT_UP_TO = 20_000  # rows: below this, one exact product (a few ms at most)
_DIMENSIONS = 128  # of MiniLM's 384; the scan only proposes, the exact pass decides
_FIT_ROWS = 20_000  # a sample is enough to find the main directions
_WIDEN = 8  # rows proposed by the scan per row wanted


class SentenceScan:
    """Nearest rows of a (normalised) sentence matrix to a vector, exact below `_EXACT_UP_TO` rows."""

    def __init__(self, matrix: np.ndarray, exact_up_to: int = _EXACT_UP_TO) -> None:
        self.matrix = matrix
        self._mean: np.ndarray | None = None
        self._basis: np.ndarray | None = None
        self._projected: np.ndarray | None = None
        if len(matrix) > exact_up_to and matrix.shape[1] > _DIMENSIONS:
            self._fit(matrix)

    def _fit(self, matrix: np.ndarray) -> None:
        rows = np.random.default_rng(0).choice(len(matrix), min(_FIT_ROWS, len(matrix)), replace=False)
        mean = matrix[rows].mean(axis=0)
        centred = matrix[rows] - mean
        _, _, directions = np.linalg.svd(centred, full_matrices=False)
        basis = np.ascontiguousarray(directions[:_DIMENSIONS].T, dtype=np.float32)  # (384, d)
        projected = np.empty((len(matrix), _DIMENSIONS), dtype=np.float32)
        for start in range(0, len(matrix), 50_000):  # no full-size centred copy
            block = matrix[start : start + 50_000]
            projected[start : start + len(block)] = (block - mean) @ basis
        self._mean, self._basis, self._projected = mean, basis, projected

    def nearest(
        self, vector: np.ndarray, wanted: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Row numbers and their exact cosines, best first, of the `wanted` rows closest to `vector`;
        rows outside `allowed` (a boolean mask), if given, come last with a cosine of -1."""
        if not len(self.matrix) or wanted < 1:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32)
        if self._projected is None or self._basis is None:
            rows = np.arange(len(self.matrix))
            similarity = self.matrix @ vector
        else:
            scan = self._projected @ (vector @ self._basis)
            if allowed is not None:
                scan = np.where(allowed, scan, -np.inf)
            proposed = min(wanted * _WIDEN, len(scan))
            rows = np.argpartition(-scan, proposed - 1)[:proposed]
            similarity = self.matrix[rows] @ vector
        if allowed is not None:
            similarity = np.where(allowed[rows], similarity, -1.0)
        wanted = min(wanted, len(similarity))
        top = np.argpartition(-similarity, wanted - 1)[:wanted]
        top = top[np.argsort(-similarity[top], kind="stable")]
        return rows[top], similarity[top]
