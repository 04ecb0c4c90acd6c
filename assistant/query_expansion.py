"""Cross-language help for Urdu-script questions: the course material is mostly English and the embedding
model is English-only, so known Urdu terms are followed by their English equivalents before searching."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
_WORD = re.compile(r"[\u0600-\u06ff\u200c]+")
_DIACRITICS = re.compile(r"[\u064b-\u065f\u0670]")  # zer, zabar, pesh...: optional in Urdu spelling


def _words(text: str) -> list[str]:
    return _WORD.findall(_DIACRITICS.sub("", text))


@lru_cache(maxsize=1)
def _glossary() -> dict[tuple[str, ...], str]:
    """Urdu term (as a word tuple) → English, from the shipped TSV."""
    text = resources.files("assistant.data").joinpath("urdu_glossary.tsv").read_text(encoding="utf-8")
    entries: dict[tuple[str, ...], str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        urdu, english = line.split("\t", 1)
        entries[tuple(_words(urdu))] = english.strip()
    return entries


def expand_query(query: str) -> str:
    """`query` plus English equivalents of the Urdu terms it contains (longest match first)."""
    if not _ARABIC_SCRIPT.search(query):
        return query
    glossary = _glossary()
    longest = max((len(k) for k in glossary), default=1)
    words = _words(query)
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
