"""The sentences closest to a question vector, in two stages once the corpus is large: a scan of the
sentence vectors projected on their main directions (PCA), then the exact cosine of the best few.

Every question multiplies the whole sentence matrix; at 16x the shared corpus (~100k sentences) that
product was 37% of a search (cProfile, issue 19). The projection keeps the directions that tell these
sentences apart, so the scan reads a third of the memory; the exact pass on `_WIDEN` times the wanted
rows repairs its small ranking errors. Below `_EXACT_UP_TO` rows the plain product is already fast.
Above it the full vectors stay in half precision (as stored): only the few rows the exact pass reads
are widened, so the projection costs no memory over the single-precision matrix it replaces.
"""

from __future__ import annotations

import numpy as np

_EXACT_UP_TO = 20_000  # rows: below this, one exact product (a few ms at most)
_DIMENSIONS = 128  # of MiniLM's 384; the scan only proposes, the exact pass decides
_FIT_ROWS = 20_000  # a sample is enough to find the main directions
_WIDEN = 8  # rows proposed by the scan per row wanted


class SentenceScan:
    """Nearest rows of a (normalised) sentence matrix to a vector, exact below `exact_up_to` rows."""

    def __init__(self, matrix: np.ndarray, exact_up_to: int = _EXACT_UP_TO) -> None:
        self._basis: np.ndarray | None = None
        self._projected: np.ndarray | None = None
        if len(matrix) > exact_up_to and matrix.shape[1] > _DIMENSIONS:
            self.matrix = matrix.astype(np.float16, copy=False)
            self._fit()
        else:
            self.matrix = matrix.astype(np.float32, copy=False)

    def vector(self, row: int) -> np.ndarray:
        return self.matrix[row].astype(np.float32)

    def _fit(self) -> None:
        matrix = self.matrix
        rows = np.random.default_rng(0).choice(len(matrix), min(_FIT_ROWS, len(matrix)), replace=False)
        sample = matrix[rows].astype(np.float32)
        mean = sample.mean(axis=0)
        _, _, directions = np.linalg.svd(sample - mean, full_matrices=False)
        basis = np.ascontiguousarray(directions[:_DIMENSIONS].T, dtype=np.float32)  # (384, d)
        # the mean's share of every cosine is the same for all rows, so the scan leaves it out
        projected = np.empty((len(matrix), _DIMENSIONS), dtype=np.float32)
        for start in range(0, len(matrix), 20_000):  # widened a block at a time
            block = matrix[start : start + 20_000].astype(np.float32)
            projected[start : start + len(block)] = (block - mean) @ basis
        self._basis, self._projected = basis, projected

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
            similarity = self.matrix[rows].astype(np.float32) @ vector
        if allowed is not None:
            similarity = np.where(allowed[rows], similarity, -1.0)
        wanted = min(wanted, len(similarity))
        top = np.argpartition(-similarity, wanted - 1)[:wanted]
        top = top[np.argsort(-similarity[top], kind="stable")]
        return rows[top], similarity[top]
