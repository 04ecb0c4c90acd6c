"""How a learner's question reads in English, whatever the script or spelling: for the trainer's tools, and
for the abstention, which judges an Urdu question by its English reading.

`read("BPS-17 officer ko saal mein kitni casual leave milti hai?")` gives the English words
`how many grade 17 casual leave get year` with the numbers {17}, not negated. Knowledge gaps group questions
by these words (and their embeddings); curated answers compare them, so "BPS-17" and "grade 17" are one
thing while "grade 17" and "grade 18", "casual" and "earned", "can" and "cannot" are not. The vocabulary is
data: `assistant/data/trainer_wording.tsv` (English, Urdu and Roman-Urdu rows), over the first English word
of each row of the search's Urdu and Roman-Urdu glossaries, over `urdu_lexicon.tsv` (a general Urdu and
Roman-Urdu lexicon: the words of questions on topics no table was written for). Read canonically (for
curated matching), `english_synonyms.tsv` joins them under trainer_wording.tsv: one word per meaning."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import Stemmer

from assistant.urdu_spelling import URDU_SCRIPT, without_diacritics

WORDING_FILE = "trainer_wording.tsv"
GLOSSARIES = ("urdu_glossary.tsv", "roman_urdu_glossary.tsv")  # the search's: their first English word
LEXICON_FILE = "urdu_lexicon.tsv"  # general words, read first: every other table wins over it
SYNONYMS_FILE = "english_synonyms.tsv"  # general English paraphrases onto one word; trainer_wording wins
ASKING = frozenset({"how", "many", "what", "when", "where", "who", "why"})
NEGATION = "not"
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_WORD = re.compile(r"[\w\u200c]+(?:'[\w]+)?")
_NUMBER = re.compile(r"\d+")
_STEMMER = Stemmer.Stemmer("english")


@dataclass(frozen=True, slots=True)
class Reading:
    """A question as the trainer's tools read it."""

    words: tuple[str, ...]  # English words in order; function words dropped, numbers as digits
    numbers: frozenset[str]
    negated: bool
    asks: frozenset[str]  # how, many, what, when, where, who, why
    terms: frozenset[str]  # stems of the topic words: not numbers, asking words or negation
    unread: float = 0.0  # share of the words in Urdu script that no table knows (left as they are)
    # those words, as runs of neighbours (transliterated English, names, or Urdu the tables lack)
    unread_runs: tuple[tuple[str, ...], ...] = ()

    @property
    def text(self) -> str:
        """The words as one line, for the embedding model (which reads English)."""
        return " ".join(self.words)

    @property
    def topic_words(self) -> tuple[str, ...]:
        """The words that carry the topic, in order (what a label is made of)."""
        return tuple(w for w in self.words if _is_topic(w))


@lru_cache(maxsize=2)
def vocabulary(canonical: bool = False) -> tuple[dict[tuple[str, ...], tuple[str, ...]], int]:
    """(phrase as a word tuple -> its English words, the longest phrase's length); `canonical` adds the
    English synonym table (one word per meaning)."""
    table: dict[tuple[str, ...], tuple[str, ...]] = dict(_rows(LEXICON_FILE))
    for name in GLOSSARIES:
        table.update((phrase, tuple(meaning[:1])) for phrase, meaning in _rows(name) if meaning)
    if canonical:
        table.update(_rows(SYNONYMS_FILE))
    table.update(_rows(WORDING_FILE))
    return table, max((len(k) for k in table), default=1)


def _rows(name: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    text = resources.files("assistant.data").joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith(("#", "@")) or "\t" not in line:
            continue
        phrase, meaning = line.split("\t", 1)
        key = tuple(split_words(phrase))
        if key:
            rows.append((key, tuple(meaning.split())))
    return rows


@lru_cache(maxsize=8)
def word_class(name: str) -> frozenset[str]:
    """The words of one `@name` row of the vocabulary: `setting` (words every learner's question shares:
    "AI", "government"), `units` (what an answer is counted in), `modal` ("can", "should"), `numbered`
    (words naming a number's kind: "grade")."""
    text = resources.files("assistant.data").joinpath(WORDING_FILE).read_text(encoding="utf-8")
    rows = [line.split("\t", 1)[1] for line in text.splitlines() if line.startswith(f"@{name}\t")]
    return frozenset(word for row in rows for word in row.split())


def setting_words() -> frozenset[str]:
    return word_class("setting")


def split_words(text: str) -> list[str]:
    """Lower-cased words, Urdu diacritics removed, letters and digits apart ("bps17" -> "bps", "17")."""
    folded = without_diacritics(unicodedata.normalize("NFKC", text).casefold())
    folded = _LETTER_DIGIT.sub(" ", folded.replace("’", "'"))
    return [w.strip("'") for w in _WORD.findall(folded) if w.strip("'")]


@lru_cache(maxsize=4096)
def read(question: str, canonical: bool = False) -> Reading:
    """The question's English words, numbers, negation, asking words and topic terms. `canonical` reads
    every English paraphrase as one word ("duration" for "how long", "salary" for "emoluments"): for
    telling whether two questions are one (assistant/trainer/matching.py). Grouping and the embedding
    model read the words as written, which MiniLM compares better than a reduced vocabulary."""
    table, longest = vocabulary(canonical)
    source = split_words(question)
    words: list[str] = []
    runs: list[list[str]] = [[]]  # unread Urdu-script words; a word read or not in Urdu ends a run
    i = 0
    while i < len(source):
        for size in range(min(longest, len(source) - i), 0, -1):
            meaning = table.get(tuple(source[i : i + size]))
            if meaning is not None:
                words.extend(meaning)
                runs.append([])
                i += size
                break
        else:
            words.append(source[i])
            if URDU_SCRIPT.search(source[i]):
                runs[-1].append(source[i])
            else:
                runs.append([])
            i += 1
    unread = sum(map(len, runs))
    numbers = frozenset(w.lstrip("0") or "0" for w in words if _NUMBER.fullmatch(w))
    return Reading(
        words=tuple(words),
        numbers=numbers,
        negated=NEGATION in words,
        asks=frozenset(w for w in words if w in ASKING),
        terms=frozenset(stems(w for w in words if _is_topic(w))),
        unread=unread / len(source) if source else 0.0,
        unread_runs=tuple(tuple(run) for run in runs if run),
    )


def spelled_out(letters: str) -> re.Pattern[str]:
    """Words whose initials are `letters`, an acronym written out, small joining words allowed
    ("mou": "Memorandum of Understanding", "nspp": "National School of Public Policy")."""
    joins = r"(?:[\s-]+(?:of|and|the|for|in|on)\b)?[\s-]+"
    return re.compile(r"\b" + joins.join(rf"{re.escape(c)}[\w'-]*?" for c in letters.lower()) + r"\b", re.I)


def english_words(question: str, max_unread: float, spelled: Sequence[tuple[str, int]] = ()) -> str:
    """The question's English words, or "" when more than `max_unread` of its words are Urdu that no
    table knows: too little of it would be judged. `spelled`: English words its unread Urdu-script
    words spell, each with how many of them it reads (the searcher's `spelled`), which count as read."""
    reading = read(question)
    words = len(split_words(question))
    read_by_spelling = sum(n for _, n in spelled)
    if words and reading.unread - read_by_spelling / words > max_unread:
        return ""
    return " ".join([w for w in reading.words if not URDU_SCRIPT.search(w)] + [e for e, _ in spelled])


def stems(words: Iterable[str]) -> list[str]:
    return list(_STEMMER.stemWords(list(words)))


def _is_topic(word: str) -> bool:
    return word not in ASKING and word != NEGATION and not _NUMBER.fullmatch(word)
