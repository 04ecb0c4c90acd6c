"""What the assistant says when it does not answer from the sources, per reason code and language.

The answering core decides *why* (a reason code: out_of_scope, prompt_injection...); the words live
here, one catalogue per language (`en.yaml`, `ur.yaml`), so every channel says the same thing and an
Urdu question gets an Urdu reply. Keys missing from a language fall back to English.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from assistant.urdu_spelling import URDU_SCRIPT

LANGUAGES = ("en", "ur")


@lru_cache(maxsize=len(LANGUAGES))
def catalogue(language: str) -> dict[str, str]:
    """The messages of one language (reason code -> text)."""
    text = resources.files("assistant.messages").joinpath(f"{language}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    return {str(key): str(value).strip() for key, value in data.items()}


_ROMAN_URDU = frozenset(
    "hai hain kya kaise kaisay mein ka ki ke ko aur nahi nahin mujhe chahiye karun karein karna kaunsi "
    "kaun kyun yeh woh bhi hota hoti raha rahi isay iska iski uska uski kab kahan jata jati sakta sakti "
    "ilawa faida zyada sirf".split()
)
_WORD = re.compile(r"[a-z]+")


def language_of(text: str) -> str:
    """'ur' for a message written mostly in Urdu script, 'ur-Latn' for Roman Urdu (several of its
    function words), else 'en'. Replies in Roman Urdu fall back to English (no catalogue yet)."""
    letters = [c for c in text if c.isalpha()]
    urdu = sum(1 for c in letters if URDU_SCRIPT.match(c))
    if letters and urdu / len(letters) > 0.3:
        return "ur"
    words = _WORD.findall(text.lower())
    roman = [w for w in words if w in _ROMAN_URDU]
    if len(set(roman)) >= 2 and len(roman) >= 0.15 * len(words):
        return "ur-Latn"
    return "en"


def say(reason: str, language: str = "en", **values: object) -> str:
    """The words for `reason` in `language` (English when that language lacks them), with `values` put
    into its {placeholders}."""
    words = catalogue(language if language in LANGUAGES else "en").get(reason)
    words = words or catalogue("en").get(reason) or catalogue("en")["out_of_scope"]
    return words.format(**values) if values else words
