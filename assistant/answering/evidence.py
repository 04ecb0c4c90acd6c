"""Evidence selection, shared by every answerer: the sentences of the retrieved passages that best answer
the question, chosen once. The extractive answerer quotes them; the LLM answerer reads their passages;
abstention judges them."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from assistant.answering.types import Evidence, Passage, Unit
from assistant.index.lexical import tokenize
from assistant.index.units import is_reference_section, split_units
from assistant.policy import EvidencePolicy
from assistant.query_expansion import for_embedding

Embed = Callable[[list[str]], np.ndarray]
EmbedQuery = Callable[[str], np.ndarray]
_CACHED_UNITS = 50_000  # ~75 MB of float32 vectors at most
TermWeights = Callable[[str], dict[str, float]]
StoredVectors = Callable[[list[str]], dict[str, np.ndarray]]  # the index's sentence vectors, by text

_LEADS_ON = re.compile(
    r"^(?:it|its|this|that|these|those|they|them|such|however|also|here|there|in this|in that|for example|"
    r"for instance|as a result|therefore|thus|then|the result|the output)\b",
    re.IGNORECASE,
)
_NOISE = re.compile(
    r"^(?:share:|\d+ comments?|sort by|image:|figure|source:|photo:|credit:|video source|image source"
    r"|learn (?:how|more)\b.*\b(?:course|academy)|find more examples|read more|click here|subscribe)",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://\S+")
# sentences about the material itself ("This lesson describes...", "Lesson 6 explains..."): they point
# to an answer rather than give it, so they never open one
_SIGNPOST = re.compile(
    r"^(?:(?:this|the present|the next|the previous|that) (?:lesson|section|chapter|guide|page|module|unit)\b"
    r"|in (?:this|the next|the previous) (?:lesson|section|chapter|guide|page|module|unit)\b"
    r"|(?:lesson|section|chapter|module|unit) \d+\b)",
    re.IGNORECASE,
)
# a sentence that announces a list ("A good prompt has four parts.") is a lead-in like one ending in ":"
_ANNOUNCES_LIST = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|several|\d+)\s+(?:[\w-]+\s+){0,2}"
    r"(?:parts|steps|ways|kinds|types|elements|components|stages|principles|rules|things|questions|"
    r"techniques|methods|points|pillars|areas|goals|objectives)\s*[.:]$",
    re.IGNORECASE,
)
_LIST_RUN = 8  # items read after a lead-in ("...has four parts:"), so a list is not cut short


def _is_noise(text: str) -> bool:
    """Captions, promotions and link-only lines: quotable text, but never an answer."""
    if _NOISE.match(text.lstrip("-*• ")):
        return True
    without_links = _URL.sub("", text)
    return len(without_links.split()) < 3 or (" | " in text and len(text.split()) < 12)


_LONG_QUESTION = re.compile(r"\b(?:explain|why|how does|how do|describe|difference|compare|steps?)\b", re.I)
_DETAILED_QUESTION_WORDS = 18


def _wants_long_answer(question: str) -> bool:
    """Explanations, and questions detailed or in several parts, get the full word budget (measured:
    dev key-fact recall 0.71 -> 0.75, golden 0.60 -> 0.62; a two-part question needs room for both)."""
    return (
        bool(_LONG_QUESTION.search(question))
        or len(question.split()) >= _DETAILED_QUESTION_WORDS
        or question.count("?") >= 2
    )


def units_of(passages: list[Passage]) -> list[Unit]:
    """Split passages into quotable units (assistant.index.units), without noise and repeats."""
    units: list[Unit] = []
    seen: set[str] = set()  # chunks overlap, so neighbouring passages repeat sentences
    for index, passage in enumerate(passages):
        if is_reference_section(passage.section):
            continue
        position = 0
        for piece in split_units(passage.text):
            key = " ".join(piece.text.lower().split())
            if key in seen or (piece.kind != "code" and _is_noise(piece.text)):
                continue
            seen.add(key)
            units.append(Unit(index, position, piece.text, piece.kind))
            position += 1
    return units


class EvidenceSelector:
    """Scores every unit against the question (meaning, shared rare words, passage rank) and chooses the
    best few; short questions get short answers."""

    def __init__(
        self,
        embed: Embed,
        term_weights: TermWeights,
        policy: EvidencePolicy | None = None,
        embed_query: EmbedQuery | None = None,
        stored_vectors: StoredVectors | None = None,
    ):
        self._embed = embed
        # the retriever's cached query embedding: the question was just embedded to search
        self._embed_query = embed_query or (lambda text: embed([text])[0])
        self._stored_vectors = stored_vectors or (lambda texts: {})
        self.policy = policy or EvidencePolicy()
        self._term_weights = term_weights
        # unit text -> (vector, word set), a bounded LRU
        self._features: OrderedDict[str, tuple[np.ndarray, frozenset[str]]] = OrderedDict()
        self._lock = threading.Lock()

    def select(self, question: str, passages: list[Passage], focus: str | None = None) -> Evidence:
        """The units that answer `question` (`focus`: the question alone, when `question` carries the
        conversation's topic too). Most come from the document whose sentences answer best, in reading
        order; another document contributes only a sentence that scores nearly as well."""
        units = units_of(passages)
        if not units:
            return Evidence(passages, [], 0.0, 0.0)
        scores, meaning, vectors = self._scores(focus or question, question, units, passages)
        best = float(scores.max())
        primary = self._primary_source(units, scores, passages)
        policy = self.policy
        long_answer = _wants_long_answer(focus or question)
        budget = policy.max_words if long_answer else int(policy.max_words * policy.short_share)
        members = [i for i, u in enumerate(units) if passages[u.passage].source == primary]
        top_member = max(members, key=lambda i: scores[i])
        chosen = [top_member]
        words = len(units[top_member].text.split())
        candidates = [
            i for i in members if i != top_member and scores[i] >= scores[top_member] * policy.keep_ratio
        ]
        while candidates and len(chosen) < policy.max_units:
            picked = self._most_informative(candidates, chosen, scores, vectors, units, budget - words)
            if picked is None:
                break
            chosen.append(picked)
            candidates.remove(picked)
            words += len(units[picked].text.split())
        for i in np.argsort(-scores):
            i = int(i)
            if scores[i] < best * policy.other_source_ratio or len(chosen) >= policy.max_units + 1:
                break
            size = len(units[i].text.split())
            if i not in chosen and words + size <= budget * 1.3:
                chosen.append(i)
                words += size
        wants_list = bool(_ASKS_FOR_LIST.search(focus or question))
        chosen = self._with_lead_ins(self._grown(chosen, scores, units, budget), units, wants_list)
        substantive = any(not _SIGNPOST.match(units[i].text) for i in chosen)
        reading_order = sorted(
            chosen,
            key=lambda i: (
                passages[units[i].passage].source != primary,
                substantive and bool(_SIGNPOST.match(units[i].text)),
                units[i].passage,
                units[i].position,
            ),
        )
        reading_order = _answer_first(reading_order, top_member, units)
        judged_budget = policy.judged_words if long_answer else int(policy.judged_words * policy.short_share)
        judged = _within(sorted(chosen, key=lambda i: -scores[i]), units, int(judged_budget * 1.3))
        return Evidence(
            passages,
            [units[i] for i in reading_order],
            best,
            float(meaning.max()),
            [units[i] for i in judged],
        )

    def _grown(self, chosen: list[int], scores: np.ndarray, units: list[Unit], budget: int) -> list[int]:
        """The chosen units with the sentences next to them that are nearly as relevant: an answer in
        expository text runs over consecutive sentences ("The first step... The second step...")."""
        result = list(chosen)
        words = sum(len(units[i].text.split()) for i in result)
        for i in sorted(chosen, key=lambda i: -scores[i]):
            for j in (i + 1, i - 1):
                if j in result or not 0 <= j < len(units) or units[j].passage != units[i].passage:
                    continue
                size = len(units[j].text.split())
                if scores[j] >= self.policy.grow_ratio * scores[i] and words + size <= budget:
                    result.append(j)
                    words += size
        return result

    def _most_informative(
        self,
        candidates: list[int],
        chosen: list[int],
        scores: np.ndarray,
        vectors: np.ndarray,
        units: list[Unit],
        words_left: int,
    ) -> int | None:
        """The candidate that best answers while repeating least of what is chosen (maximal marginal
        relevance): a second sentence saying the same as the first wastes the budget that another part
        of the question needs (measured: dev key-fact recall 0.667 -> 0.71, golden 0.590 -> 0.596)."""
        redundancy = (vectors[candidates] @ vectors[chosen].T).max(axis=1)
        value = scores[candidates] - self.policy.redundancy * redundancy
        for k in np.argsort(-value):
            candidate = candidates[int(k)]
            if len(units[candidate].text.split()) <= words_left:
                return candidate
        return None

    def closeness(self, text: str, passages: list[Passage]) -> float:
        """Cosine similarity of the passages' closest quotable unit to `text`."""
        units = units_of(passages)
        if not units:
            return 0.0
        vectors, _ = self._unit_features([u.text for u in units])
        return float((vectors @ self._embed_query(for_embedding(text))).max())

    @staticmethod
    def _primary_source(units: list[Unit], scores: np.ndarray, passages: list[Passage]) -> str:
        """The document with the strongest evidence: its best sentence plus half its second best."""
        by_source: dict[str, list[float]] = {}
        for unit, score in zip(units, scores, strict=True):
            by_source.setdefault(passages[unit.passage].source, []).append(float(score))

        def strength(values: list[float]) -> float:
            top = sorted(values, reverse=True)
            return top[0] + 0.5 * (top[1] if len(top) > 1 else 0.0)

        return max(by_source, key=lambda source: strength(by_source[source]))

    def _scores(
        self, focus: str, question: str, units: list[Unit], passages: list[Passage]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each unit's score and its closeness to the question, with the unit vectors they came from."""
        query = self._embed_query(for_embedding(focus))
        vectors, words = self._unit_features([u.text for u in units])
        meaning = vectors @ query
        weights = self._term_weights(question)
        focus_terms = set(tokenize(focus))
        total = sum(weights.values()) or 1.0
        overlap = np.array([_overlap(weights, focus_terms, present) / total for present in words])
        headings = [f"{passages[u.passage].title} > {passages[u.passage].section}" for u in units]
        heading_vectors, _ = self._unit_features(headings)
        heading = heading_vectors @ query
        top_score = max(p.score for p in passages) or 1.0
        rank = np.array([passages[u.passage].score / top_score for u in units])
        answer_type = np.array([_answer_type_bonus(focus, u.text) for u in units])
        if _ASKS_NAME.search(focus):  # "what is this technique called?": its page's title names it
            answer_type += [_TITLE_BONUS * _names_title(passages[u.passage].title, u.text) for u in units]
        code_penalty = np.array([0.1 if u.kind == "code" else 0.0 for u in units])
        p = self.policy
        score = (
            p.meaning * meaning
            + p.overlap * overlap
            + p.rank * rank
            + p.heading * heading
            + answer_type
            - code_penalty
        )
        return score, meaning, vectors

    def _unit_features(self, texts: list[str]) -> tuple[np.ndarray, list[frozenset[str]]]:
        """Vectors and word sets of quotable units; popular passages are processed once, then served
        from memory (a bounded LRU), which keeps a warm answer at about 10 ms."""
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._features]
        if missing:
            stored = self._stored_vectors(missing)  # sentences of the index were embedded at ingest
            unstored = [t for t in missing if t not in stored]
            # one text per call: the int8 model quantizes each call's activations with one scale, so a
            # text embedded beside others (and their padding) gets a slightly different vector, and an
            # answer would depend on what the cache already held, that is, on earlier questions
            stored.update((text, self._embed([text[:1000]])[0]) for text in unstored)
            with self._lock:
                for text in missing:
                    self._features[text] = (stored[text], frozenset(tokenize(text)))
                while len(self._features) > _CACHED_UNITS:
                    self._features.popitem(last=False)
        with self._lock:
            found = []
            for text in texts:
                self._features.move_to_end(text)
                found.append(self._features[text])
        return np.stack([vector for vector, _ in found]), [words for _, words in found]

    @staticmethod
    def _with_lead_ins(chosen: list[int], units: list[Unit], wants_list: bool = False) -> list[int]:
        """Complete what a chosen unit leans on: the sentence before "This method...", and the list or
        example after "...is useful when:" or "...has four parts." (dropped if none follows). A question
        asking for a set ("what are the basic parts...") also gets the list that the sentence after a
        chosen one introduces ("...certain elements make up a prompt. A prompt contains these:")."""
        result = set(chosen)
        for i in chosen:
            if i > 0 and _LEADS_ON.match(units[i].text) and units[i - 1].passage == units[i].passage:
                result.add(i - 1)
            if _leads_into_list(i, units):
                following = _run_after(i, units)
                if following:
                    result.update(following)
                else:
                    result.discard(i)
            elif wants_list and i + 1 < len(units) and units[i + 1].passage == units[i].passage:
                following = _run_after(i + 1, units) if _leads_into_list(i + 1, units) else []
                if following:
                    result.update([i + 1, *following])
        return list(result)


def _answer_first(order: list[int], best: int, units: list[Unit]) -> list[int]:
    """`order` opening on the best unit, with what it leans on (a "This..." sentence's antecedent, the
    lead-in of a list item or an example): asked "what is few-shot prompting?", the answer starts with
    its definition, and the zero-shot paragraph before it in the lesson follows. A signpost ("This
    lesson explains...") never opens an answer that has anything else."""
    if _SIGNPOST.match(units[best].text):
        return order
    start = best
    while (
        start - 1 in order
        and units[start - 1].passage == units[best].passage
        and (units[start].kind in ("item", "code") or _LEADS_ON.match(units[start].text))
    ):
        start -= 1
    head = [i for i in order if units[i].passage == units[best].passage and i >= start]
    return head + [i for i in order if i not in head]


def _within(ranked: list[int], units: list[Unit], words: int) -> list[int]:
    """The best-first units that fit in `words` (the first always)."""
    kept: list[int] = []
    total = 0
    for i in ranked:
        size = len(units[i].text.split())
        if kept and total + size > words:
            continue
        kept.append(i)
        total += size
    return kept


def _leads_into_list(i: int, units: list[Unit]) -> bool:
    text = units[i].text.rstrip()
    return units[i].kind == "sentence" and (text.endswith(":") or bool(_ANNOUNCES_LIST.search(text)))


# a question asking for a set of things: its answer is often a list
_ASKS_FOR_LIST = re.compile(
    r"\bwhat\s+are\s+the\b|\b(?:parts|elements|components|ingredients|steps|stages|ways|types|kinds|tips|"
    r"principles|options|techniques|methods|things|features|characteristics|categories)\b|\blist\b",
    re.IGNORECASE,
)


_ASKS_QUANTITY = re.compile(
    r"\bhow\s+(?:many|much|long|big|large|fast|often|old)\b|\b(?:cost|price|size|number of|percentage|"
    r"fraction|budget|when|what year|which year|what date|how large)\b",
    re.IGNORECASE,
)
# "what is it called", "is there a name for", "is technique ka naam kya hai"; not "so-called"
_ASKS_NAME = re.compile(
    r"(?<!so-)\bcalled\b|\b(?:name\s+for|what\s+is\s+the\s+name|term\s+for|known\s+as|is\s+there\s+a\s+name|"
    r"naam\s+kya|kya\s+kehte)\b|نام\s+کیا|کیا\s+کہتے",
    re.I,
)
_HAS_NUMBER = re.compile(r"\d")
_NAMES_SOMETHING = re.compile(
    r"\b(?:called|known as|refers? to|named|is a|are a|introduced|proposed)\b", re.I
)


# "what is RAG?", "what does grounding mean?", "define...", "RAG kya hai?": a definition, and only that, is
# asked for ("What does RAG mean, and why would it help...?" wants more, from one page)
_ASKS_DEFINITION = re.compile(
    r"^\W*(?:what\s+(?:is|are)\s+(?!the\s+(?:best|difference|main|number|name|role|purpose|reason))"
    r"(?:an?\s+)?[\w\s-]{1,40}\??\s*$|what\s+does\s+[\w\s-]{1,40}\s+mean\W*$|define\s+[\w\s-]{1,40}\W*$)"
    r"|\b(?:kya|kia)\s+(?:hai|hain|hota|hoti|hotay)\W*$|کیا\s+(?:ہے|ہیں|ہوتا|ہوتی)\W*$",
    re.IGNORECASE,
)
# a sentence that says what something is: "X is a method...", "X means...", "X, usually shortened to..."
_DEFINES = re.compile(
    r"^[^.;:]{0,80}?\b(?:is|are)\s+(?:an?|the)\s+\w+|^[^.;:]{0,80}?\b(?:means|refers?\s+to|is\s+called|"
    r"stands\s+for|is\s+short\s+for|usually\s+shortened\s+to)\b",
    re.IGNORECASE,
)


# a short sentence that merely names the term ("RAG does not remove the need for checking.") scores up to
# 0.08 above its definition (for "What is RAG?": 0.804 against 0.720, on a cosine of 0.64 against 0.47);
# no figure on tune-b, dev, heldout-shared or blind-a moves
_DEFINITION_BONUS = 0.1
# (what the question asks for, what a sentence giving it contains, the push)
_PUSHES: tuple[tuple[re.Pattern[str], re.Pattern[str], float], ...] = (
    (_ASKS_DEFINITION, _DEFINES, _DEFINITION_BONUS),
    (_ASKS_QUANTITY, _HAS_NUMBER, 0.06),
    (_ASKS_NAME, _NAMES_SOMETHING, 0.04),
)


@lru_cache(maxsize=256)
def _asked(question: str) -> tuple[tuple[re.Pattern[str], float], ...]:
    """The kinds of sentence `question` asks for, read once however many units are scored."""
    return tuple((gives, push) for asks, gives, push in _PUSHES if asks.search(question))


def _answer_type_bonus(question: str, text: str) -> float:
    """A small push towards sentences of the kind the question asks for (a definition, a figure, a
    name)."""
    return sum((push for gives, push in _asked(question) if gives.search(text)), 0.0)


# a sentence naming its page's subject, for a question asking what something is called (tune-b: the Roman-
# Urdu "is technique ka naam kya hai?" answered with "This is what's referred to as prompt chaining";
# key-fact recall 0.689 -> 0.701; dev, blind-a and heldout-shared unchanged)
_TITLE_BONUS = 0.1
_SEPARATORS = re.compile(r"[\s_-]+")
_GENERIC_LAST_WORD = re.compile(r"\s+(?:prompting|prompts?)$")


def _names_title(title: str, text: str) -> bool:
    """Whether `text` names the subject of the page titled `title` ("Zero-Shot Prompting": "zero shot")."""
    name = _SEPARATORS.sub(" ", title.casefold()).strip()
    subject = _GENERIC_LAST_WORD.sub("", name)
    name = subject if len(subject) >= 3 else name
    words = _SEPARATORS.sub(" ", text.casefold())
    return bool(name) and re.search(rf"\b{re.escape(name)}\b", words) is not None  # "rag", not "paragraph"


# a list written as paragraphs: "Instruction - a specific task...", "Context: external information..."
_TERM_AND_DEFINITION = re.compile(r"^[A-Z][\w/()' -]{0,40}?\s*(?:\s[-–—]|:)\s+\S")


def _run_after(i: int, units: list[Unit]) -> list[int]:
    """The list items (or code, or "Term - definition" lines) right after unit `i` in its passage, up to
    `_LIST_RUN` of them."""
    run: list[int] = []
    for j in range(i + 1, min(i + 1 + _LIST_RUN, len(units))):
        unit = units[j]
        listed = unit.kind in ("item", "code") or bool(_TERM_AND_DEFINITION.match(unit.text))
        if unit.passage != units[i].passage or not listed:
            break
        run.append(j)
    return run


def _overlap(weights: dict[str, float], focus_terms: set[str], present: frozenset[str]) -> float:
    """Share of the question's IDF mass found in a unit; words of the question itself count fully,
    topic words carried over from earlier turns two thirds (divide by the total IDF mass)."""
    return sum(w * (1.0 if t in focus_terms else 2 / 3) for t, w in weights.items() if t in present)
