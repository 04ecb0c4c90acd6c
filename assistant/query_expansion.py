"""Vocabulary help before searching. Urdu-script questions: the course material is mostly English and
the embedding model is English-only, so known Urdu terms are followed by their English equivalents.
Everyday English: learners say "it made up a number", the material says "hallucination", so the
course's own term is added to the question's words."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from assistant.urdu_spelling import URDU_SCRIPT, without_diacritics

_WORD = re.compile(r"[\u0600-\u06ff\u200c]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(without_diacritics(text))


def _pairs(name: str) -> list[tuple[str, str]]:
    """The (first column, rest) rows of a shipped two-column TSV, without blank and `#` comment lines."""
    text = resources.files("assistant.data").joinpath(name).read_text(encoding="utf-8")
    rows = [line.split("\t", 1) for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [(key, value.strip()) for key, value in (row for row in rows if len(row) == 2)]


@lru_cache(maxsize=1)
def _glossary() -> dict[tuple[str, ...], str]:
    """Urdu term (as a word tuple) → English."""
    return {tuple(_words(urdu)): english for urdu, english in _pairs("urdu_glossary.tsv")}


@lru_cache(maxsize=1)
def _plain_terms() -> list[tuple[re.Pattern[str], str]]:
    """(everyday phrasing, the course's term)."""
    return [(re.compile(rf"\b(?:{pattern})\b"), terms) for pattern, terms in _pairs("plain_terms.tsv")]


def expand_query(query: str) -> str:
    """`query` plus the course's terms for the everyday phrasings and Urdu terms it contains."""
    return _with_course_terms(_with_english(query))


_ABOUT_AI = re.compile(
    r"\b(?:ai|a\.i\.|chat ?bots?|bots?|models?|llms?|prompts?|prompting|gpt[\w.-]*|chatgpt|gemini|claude|"
    r"copilot|mistral|mixtral|llama|assistants?|agents?|tools?|openai|anthropic|machine learning|reasoning|"
    r"tokens?|embeddings?|fine-?tun\w*|rag|retrieval|hallucinat\w*|few-shot|zero-shot|chain-of-thought|"
    r"generative|neural|deep learning)\b"
)


def _with_course_terms(query: str) -> str:
    """Only for questions about AI tools: "machine-readable passport" is not a question about JSON."""
    lowered = query.lower()
    if not _ABOUT_AI.search(lowered):
        return query
    added = [terms for pattern, terms in _plain_terms() if pattern.search(lowered)]
    present = set(re.findall(r"[\w.-]+", lowered))  # whole words: "rag" is not in "paragraph"
    missing = [t for t in dict.fromkeys(" ".join(added).split()) if t.lower() not in present]
    return f"{query}\n{' '.join(missing)}" if missing else query


def for_embedding(query: str) -> str:
    """What the (English) embedding model should read of an expanded query: for a question in Urdu
    script, its English equivalents and Latin-script words when it has some, since Urdu script reaches
    the model as unknown pieces; otherwise the query itself."""
    if not URDU_SCRIPT.search(query):
        return query
    english = " ".join(re.findall(r"[A-Za-z][\w-]*", query))
    return english if len(english.split()) >= 2 else query


@lru_cache(maxsize=1)
def _roman_glossary() -> dict[tuple[str, ...], str]:
    """Roman-Urdu term (as a word tuple) → English."""
    return {tuple(roman.split()): english for roman, english in _pairs("roman_urdu_glossary.tsv")}


_ROMAN_FUNCTION_WORDS = frozenset(
    "hai hain kya kaise mein ka ki ke ko aur nahi mujhe chahiye se bhi ho".split()
)


def _with_english(query: str) -> str:
    """`query` plus English equivalents of its Urdu terms (longest match first), in Urdu script or in
    Roman Urdu (a question with at least two Roman-Urdu function words)."""
    if URDU_SCRIPT.search(query):
        glossary, words = _glossary(), _words(query)
    else:
        words = re.findall(r"[a-z]+", query.lower())
        if len(_ROMAN_FUNCTION_WORDS.intersection(words)) < 2:
            return query
        glossary = _roman_glossary()
    longest = max((len(k) for k in glossary), default=1)
    added: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            english = glossary.get(tuple(words[i : i + size]))
            if english:
                added.append(english)
                i += size
                break
        else:
            i += 1
    return f"{query}\n{' '.join(dict.fromkeys(added))}" if added else query
