"""Grouping learners' questions by meaning (knowledge gaps), measured by `bench/gaps.py`.

Agglomerative clustering (weighted average linkage, WPGMA), cut at a distance chosen on the tuning half
of bench/data/gap_questions.jsonl. What is compared is each question read in English whatever the learner
wrote (`assistant.wording`: "سال میں کتنی چھٹیاں ملتی ہیں؟" reads "year how many leave get"):

- the MiniLM cosine of the question's words, averaged over two views, its topic words alone and all its
  words. Question scaffolding ("how do I", "kya", "کیسے") dominates a short question's embedding, and
  words of the setting every learner shares ("AI", "government", "grade") or that most questions of the
  batch share say nothing about which topic a question is on; Urdu words the vocabulary does not know
  reach the (English) model as noise, so they are left to the lexical side;
- the TF-IDF cosine of the topic words' stems (30%);
- and, blended half and half with the above, how much two questions share their nearest neighbours
  (cosine of their rows kept to the `NEIGHBOURS` closest): two paraphrases close to the same questions
  are alike even when their own words differ.

On the tuning half, raw questions grouped at an adjusted Rand index of 0.19; the English reading brought
it to 0.73 and the rest to about 0.9 (`bench/gaps.py` prints both halves and a blind set). On the blind
set, written on other topics, half the Urdu-script words were missing from the tables written for the
tuning topics and it grouped at 0.61; with a general Urdu and Roman-Urdu lexicon under them
(`assistant/data/urdu_lexicon.tsv`, written without reading any question set) it groups at 0.86."""

from __future__ import annotations

import math
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from assistant.wording import Reading, read, setting_words, stems, word_class

Encode = Callable[[list[str]], np.ndarray]
# chosen on the tuning half of bench/data/gap_questions.jsonl (`bench/gaps.py --sweep` prints every cut)
GROUP_DISTANCE = 0.775
SENTENCE_WEIGHT = 0.7  # the embedding's share of the direct similarity; the rest is TF-IDF over stems
NEIGHBOURS = 5  # nearest neighbours (the question itself included) compared for the shared-neighbour part
COMMON_SHARE = 0.15  # a stem in more than this share of the batch's questions is left out of the embedding
MIN_SHARED = 0.5  # a key term is in at least this share of a group's questions
_LATIN = re.compile(r"[a-z0-9][a-z0-9'.-]*")


@dataclass(frozen=True, slots=True)
class Grouping:
    groups: list[list[int]]  # indexes into the questions, largest group first
    similarity: np.ndarray


def group_questions(questions: Sequence[str], encode: Encode, distance: float = GROUP_DISTANCE) -> Grouping:
    """The questions grouped by meaning: clusters cut at `distance` (1 - similarity)."""
    if not questions:
        return Grouping([], np.zeros((0, 0), dtype=np.float32))
    similarity = similarities(questions, encode)
    if len(questions) == 1:
        return Grouping([[0]], similarity)
    distances = np.clip(1.0 - similarity, 0.0, 2.0)
    np.fill_diagonal(distances, 0.0)
    tree = linkage(squareform((distances + distances.T) / 2, checks=False), method="weighted")
    labels = fcluster(tree, t=distance, criterion="distance")
    by_label: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        by_label.setdefault(int(label), []).append(index)
    groups = sorted(by_label.values(), key=lambda g: (-len(g), g[0]))
    return Grouping(groups, similarity)


def similarities(questions: Sequence[str], encode: Encode) -> np.ndarray:
    """Pairwise similarity of the questions, 1 on the diagonal."""
    readings = [read(q) for q in questions]
    frequency = Counter(s for r in readings for s in set(stems(r.topic_words)))
    common = {s for s, n in frequency.items() if n > COMMON_SHARE * len(readings)} | setting_words()
    topics = [_latin(r.topic_words, common) for r in readings]
    whole = [_latin(r.words, set()) for r in readings]
    vectors = np.asarray(encode([t or "-" for t in topics + whole]), dtype=np.float32)
    readable = np.asarray([bool(t) for t in topics + whole], dtype=np.float32)[:, None]
    vectors *= readable  # nothing the English model can read: compared by its words alone
    views = vectors[: len(questions)] + vectors[len(questions) :]
    views /= np.maximum(np.linalg.norm(views, axis=1, keepdims=True), 1e-9)
    direct = SENTENCE_WEIGHT * (views @ views.T) + (1 - SENTENCE_WEIGHT) * _tfidf_cosine(readings, frequency)
    return np.asarray((direct + _shared_neighbours(direct)) / 2, dtype=np.float32)


class CachedEncode:
    """`encode` with the vectors of the last `size` texts kept: a trainer reopening the gaps tab re-groups
    mostly the same questions, so only the new ones reach the model."""

    def __init__(self, encode: Encode, size: int = 20_000) -> None:
        self._encode = encode
        self._size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            fresh = np.asarray(self._encode(missing), dtype=np.float32)
            with self._lock:
                for text, vector in zip(missing, fresh, strict=True):
                    self._vectors[text] = vector
                while len(self._vectors) > self._size:
                    self._vectors.popitem(last=False)
        with self._lock:
            found = [self._vectors[t] for t in texts if t in self._vectors]
        if len(found) < len(texts):  # evicted meanwhile by another thread's batch
            return np.asarray(self._encode(texts), dtype=np.float32)
        return np.stack(found) if found else np.zeros((0, 1), dtype=np.float32)


def central(
    group: Sequence[int],
    similarity: np.ndarray,
    weights: Sequence[int] | None = None,
    preferred: Sequence[bool] | None = None,
) -> int:
    """The group's most central question: the highest (weighted) mean similarity to the others; a
    `preferred` one (a label trainers read easily: English) when it is within 10% of the most central."""
    if len(group) == 1:
        return group[0]
    members = np.asarray(group)
    weight = np.asarray(weights if weights is not None else [1] * len(group), dtype=np.float32)
    scores = similarity[np.ix_(members, members)] @ weight
    best = int(np.argmax(scores))
    if preferred is not None:
        liked = [i for i in range(len(group)) if preferred[i] and scores[i] >= 0.9 * scores[best]]
        if liked:
            best = max(liked, key=lambda i: float(scores[i]))
    return int(members[best])


def key_terms(questions: Sequence[str], limit: int = 3) -> list[str]:
    """The words most of the questions share, as whole English words ("leave", not "leav"), most shared
    first; a lone question's own first topic words."""
    counts: Counter[str] = Counter()
    surface: dict[str, Counter[str]] = {}
    bland = setting_words() | word_class("modal") | word_class("light")
    for question in questions:
        reading = read(question)
        topic = [w for w in reading.topic_words if w not in bland] or list(reading.topic_words)
        words = dict(zip(stems(topic), topic, strict=True))
        counts.update(words.keys())
        for stem, word in words.items():
            surface.setdefault(stem, Counter())[word] += 1
    needed = max(2, math.ceil(MIN_SHARED * len(questions))) if len(questions) > 1 else 1
    shared = [s for s, n in counts.most_common() if n >= needed]
    return [surface[s].most_common(1)[0][0] for s in shared[:limit]]


def _latin(words: Sequence[str], left_out: set[str] | frozenset[str]) -> str:
    """The words the English model can read, without those left out (by stem or as written)."""
    kept = [w for w, s in zip(words, stems(words), strict=True) if w not in left_out and s not in left_out]
    return " ".join(w for w in kept if _LATIN.fullmatch(w))


def _tfidf_cosine(readings: Sequence[Reading], frequency: Counter[str]) -> np.ndarray:
    vocabulary = {term: i for i, term in enumerate(frequency)}
    total = len(readings)
    matrix = np.zeros((total, max(len(vocabulary), 1)), dtype=np.float32)
    for row, reading in enumerate(readings):
        for term in set(stems(reading.topic_words)):
            matrix[row, vocabulary[term]] = math.log((1 + total) / (1 + frequency[term])) + 1
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix /= np.where(norms == 0, 1, norms)
    return matrix @ matrix.T


def _shared_neighbours(similarity: np.ndarray) -> np.ndarray:
    """Cosine of the similarity rows, each kept to its `NEIGHBOURS` largest values; 3 in a batch of fewer
    than 32 questions, where five would reach beyond a topic's few wordings (on random batches of 18-24
    questions drawn from bench/data/gap_questions.jsonl, both halves: ARI about 0.83 with 3, 0.64-0.73
    with 5)."""
    k = min(len(similarity), max(3, min(NEIGHBOURS, len(similarity) // 8)))
    kth = -np.sort(-similarity, axis=1)[:, k - 1 : k]
    sparse = np.where(similarity >= kth, np.clip(similarity, 0.0, None), 0.0)
    sparse /= np.maximum(np.linalg.norm(sparse, axis=1, keepdims=True), 1e-9)
    return np.asarray(sparse @ sparse.T, dtype=np.float32)
