"""The lexical side of the index: BM25 (bm25s) over title, section path and text of every live chunk."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import bm25s
import numpy as np
import Stemmer

_WORD = re.compile(r"\w+", re.UNICODE)
_STEMMER = Stemmer.Stemmer("english")
# Urdu and Roman-Urdu function words: learners ask in both, and these carry no topic.
_URDU_STOPWORDS = (
    "کے کی کا کو میں سے اور ہے ہیں تھا تھی تھے نے پر یہ وہ کیا کس کیسے کون کب کیوں لیے لئے ایک بھی "
    "ہو ہوں ہوتا ہوتی ہوتے جو جس جن ان اس تو مجھے ہم آپ اپنے اپنی گا گی گے رہا رہی رہے چاہیے چاہئیں "
    "mein main ka ki ke ko se aur hai hain tha thi the ne par yeh ye woh wo kya kis kaise kaun kab kyun "
    "liye ek bhi ho hota hoti hote jo jis un us to mujhe hum aap apne apni ga gi ge raha rahi rahe "
    "chahiye karte karna karein kar koi khaas deni parti"
).split()
_STOPWORDS = frozenset(bm25s.stopwords.STOPWORDS_EN_PLUS) | frozenset(_URDU_STOPWORDS)


def tokenize(text: str) -> list[str]:
    """Lower-cased, stemmed word tokens without English stop words (Urdu words pass through)."""
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS]
    return list(_STEMMER.stemWords(words))


@dataclass(frozen=True, slots=True)
class LexicalHit:
    id: str
    score: float


class LexicalIndex:
    """An in-memory BM25 index, rebuilt from the catalog whenever its generation changes."""

    def __init__(self, ids: Sequence[str], texts: Sequence[str], labels: Sequence[str]) -> None:
        self.ids = list(ids)
        self._positions = {id_: k for k, id_ in enumerate(self.ids)}
        self._labels = np.asarray(labels)
        self._bm25 = bm25s.BM25()
        corpus = [tokenize(t) or ["\u2400"] for t in texts]  # bm25s cannot index an empty document
        if corpus:
            self._bm25.index(corpus, show_progress=False)
        self._vocab = self._bm25.vocab_dict if corpus else {}
        frequency: Counter[str] = Counter()
        for tokens in corpus:
            frequency.update(set(tokens))
        total = max(len(corpus), 1)
        self._idf = {t: math.log(1 + (total - df + 0.5) / (df + 0.5)) for t, df in frequency.items()}
        self.max_idf = math.log(1 + (total + 0.5) / 0.5)  # what a word the corpus never uses would get

    def idf(self, term: str) -> float:
        """How rare a (stemmed) term is in the corpus; unseen terms get the maximum."""
        return self._idf.get(term, self.max_idf)

    def __len__(self) -> int:
        return len(self.ids)

    def scores_of(
        self, query: str, ids: Iterable[str], label: str | None = None
    ) -> tuple[dict[str, float], float]:
        """BM25 of each of `ids` (those it scores above 0), and the best score of any entry with `label`."""
        scores = self._scores(query, label)
        if scores is None:
            return {}, 0.0
        wanted = {id_: float(scores[k]) for id_ in ids if (k := self._positions.get(id_)) is not None}
        return {id_: score for id_, score in wanted.items() if score > 0}, float(scores.max())

    def search(self, query: str, n: int, label: str | None = None) -> list[LexicalHit]:
        """Top `n` chunks by BM25; `label` keeps only chunks of that document type."""
        scores = self._scores(query, label)
        if scores is None:
            return []
        n = min(n, len(scores))
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [LexicalHit(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def _scores(self, query: str, label: str | None) -> np.ndarray | None:
        """Every entry's BM25 for `query` (0 outside `label`), or None when no word of it is indexed."""
        terms = [t for t in tokenize(query) if t in self._vocab]
        if not terms or not self.ids:
            return None
        scores = self._bm25.get_scores(terms)
        return np.where(self._labels == label, scores, 0.0) if label is not None else scores
