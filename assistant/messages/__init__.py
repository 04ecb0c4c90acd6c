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

LANGUAGES = ("en", "ur")
_URDU_SCRIPT = re.compile(r"[\u0600-\u06ff]")


@lru_cache(maxsize=len(LANGUAGES))
def catalogue(language: str) -> dict[str, str]:
    """The messages of one language (reason code -> text)."""
    text = resources.files("assistant.messages").joinpath(f"{language}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    return {str(key): str(value).strip() for key, value in data.items()}


def language_of(text: str) -> str:
    """'ur' for a message written mostly in Urdu script, else 'en'."""
    letters = [c for c in text if c.isalpha()]
    urdu = sum(1 for c in letters if _URDU_SCRIPT.match(c))
    return "ur" if letters and urdu / len(letters) > 0.3 else "en"


def say(reason: str, language: str = "en") -> str:
    """The words for `reason` in `language` (English when that language lacks them)."""
    words = catalogue(language if language in LANGUAGES else "en").get(reason)
    return words or catalogue("en").get(reason) or catalogue("en")["out_of_scope"]
