"""Whether a learner's question is the question a trainer answered: the same words once read in English
(`assistant.wording`), so paraphrases, reordering, "BPS-17" for "grade 17", Roman Urdu and
"am I allowed to" for "can I" match, while one changed number, grade, entity or a negation does not.

The rules, in order (`difference` names the first one broken):
- negation: "can" and "cannot" differ;
- numbers, with the word that names their kind ("grade 17"): when both questions give one, they agree;
  a question may leave the grade out ("how many casual leaves do I get?");
- question words: who, when, where, why and how ask different things ("what" asks anything); a question
  may leave its question word out ("BPS-17 casual leave per year?"), but not "why": "Why can't I paste a
  CNIC into ChatGPT?" is not "Can I paste a CNIC into ChatGPT?"; one opening with an auxiliary asks yes
  or no ("Do I have to disclose it?" is not "How should I disclose it?");
- units: "per month" is not "per year", though a question may leave one out ("how many days of casual
  leave in a year" is "how many casual leaves in a year");
- direction: "from English into Urdu" is not "from Urdu to English";
- topic words (stems, without units, modal words such as "can" or "should" and light verbs such as
  "get" or "take"): the same set once one word spelt two ways ("register", "registration") and an acronym
  and the words it stands for ("NSPP", "National School of Public Policy") are paired, so
  "casual" never stands for "earned", "Karachi" for "Lahore" or "a prompt" for "a system prompt".
MiniLM's cosine of the two readings is checked too (`CuratedAnswers.min_cosine`). Measured by
`bench/curated.py` on labelled pairs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.wording import read, spelled_out, split_words, stems, word_class

_NUMBER = re.compile(r"\d+")
_OPEN_QUESTION = "what"
# a question opening with an auxiliary asks yes or no ("Do I have to submit it online?"), which is not
# what "How do I submit it online?" or "Why can't I...?" asks; Roman Urdu opens such a question with "kya"
_YES_NO = re.compile(
    r"^\W*(?:do|does|did|is|are|was|were|am|can|could|should|shall|must|may|will|would|has|have|kya)\b"
    # "can you explain what...": a request, which asks what its clause asks
    r"(?!\s+(?:you|someone|anyone|u)\s+(?:please\s+)?(?:explain|tell|give|help|describe|list|show|share|"
    r"suggest|clarify)\b)",
    re.I,
)


# a way between two things: "from English into Urdu", "Lahore se Karachi tak"
_DIRECTION = re.compile(
    r"\bfrom\s+(?:the\s+)?([\w-]+)\s+(?:to|into|towards)\s+(?:the\s+)?([\w-]+)"
    r"|\b([\w-]+)\s+se\s+([\w-]+)\s+(?:mein|main|tak|ko)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Key:
    """What two questions must share to be one question."""

    negated: bool
    numbers: frozenset[str]  # "grade 17", "2027"
    asks: frozenset[str]  # who, when, where, why, how, many, or "yes or no"
    units: frozenset[str]
    terms: frozenset[str]
    direction: tuple[str, str] | None = None  # ("english", "urdu") for "from English into Urdu"


@lru_cache(maxsize=4096)
def key(question: str) -> Key:
    reading = read(question, canonical=True)
    units, numbered = word_class("units"), word_class("numbered")
    weak = set(stems(word_class("modal") | word_class("light")))
    words = reading.words
    numbers: set[str] = set()
    kinds: set[int] = set()
    for i, word in enumerate(words):
        if _NUMBER.fullmatch(word):
            if i > 0 and words[i - 1] in numbered:
                kinds.add(i - 1)
                numbers.add(f"{words[i - 1]} {int(word)}")
            else:
                numbers.add(str(int(word)))
    topic = [w for i, w in enumerate(words) if i not in kinds and w in reading.topic_words and w not in units]
    terms = [s for s in stems(topic) if s not in weak]
    # a wh-word after an opening auxiliary starts a clause ("is it ok when I draft..."), not the question
    asks = frozenset({"yes or no"}) if _YES_NO.match(question) else reading.asks - {_OPEN_QUESTION}
    way = _DIRECTION.search(question)
    direction = None
    if way is not None:
        start, end = (way.group(1), way.group(2)) if way.group(1) else (way.group(3), way.group(4))
        direction = (stems([start.lower()])[0], stems([end.lower()])[0])
    return Key(
        negated=reading.negated,
        numbers=frozenset(numbers),
        asks=asks,
        units=frozenset(stems(w for w in words if w in units)),
        terms=frozenset(terms),
        direction=direction,
    )


def difference(curated: str, asked: str) -> str | None:
    """Why `asked` is another question than `curated`: "negation", "number", "question word", "unit",
    "direction" or "words"; None when they are the same question as far as their words go."""
    a, b = key(curated), key(asked)
    if a.negated != b.negated:
        return "negation"
    if a.numbers and b.numbers and a.numbers != b.numbers:
        return "number"
    if a.asks and b.asks and a.asks != b.asks:
        return "question word"
    if ("why" in a.asks) != ("why" in b.asks):  # a reason is asked only by a why-question
        return "question word"
    if a.units - b.units and b.units - a.units:
        return "unit"
    if a.direction and b.direction and a.direction == b.direction[::-1]:  # "from Urdu to English"
        return "direction"
    if _unmatched(curated, a.terms - b.terms, asked, b.terms - a.terms):
        return "words"
    return None


MIN_SHARED_STEM = 5  # "regist" begins "registr"; "male" ends "female" and "offici" ends "unoffici": not one


def _unmatched(curated: str, only_curated: frozenset[str], asked: str, only_asked: frozenset[str]) -> bool:
    """Whether a topic word of one question is left over once words spelt two ways ("register" and
    "registration", "deputation" and "deputationists") and acronyms of the other's words ("NSPP" for
    "National School of Public Policy") are paired."""
    left, right = set(only_curated), set(only_asked)
    for x in sorted(left):
        for y in sorted(right):
            short, long = sorted((x, y), key=len)
            if len(short) >= MIN_SHARED_STEM and long.startswith(short):
                left.discard(x)
                right.discard(y)
                break
    for acronyms, text, spelled in ((right, curated, left), (left, asked, right)):
        for letters in sorted(acronyms):
            written = (
                spelled_out(letters).search(text) if 2 <= len(letters) <= 6 and letters.isalpha() else None
            )
            if written is not None:
                acronyms.discard(letters)
                spelled.difference_update(stems(split_words(written.group(0))))
    return bool(left or right)
