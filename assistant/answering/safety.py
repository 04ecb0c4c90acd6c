"""Requests the assistant must not follow, recognised before retrieval: attempts to override its rules
or extract its prompt, and requests for people's personal data. Each gets a polite, safe reply."""

from __future__ import annotations

import re
from dataclasses import dataclass

_INJECTION = re.compile(
    r"ignore\s+(?:all\s+|any\s+|the\s+|your\s+)?(?:previous|prior|above|earlier)?\s*(?:instructions|rules|prompts?)"
    r"|disregard\s+(?:all\s+|your\s+|the\s+)?(?:previous\s+|prior\s+)?(?:instructions|rules|sources)"
    r"|system\s+override|developer\s+mode|jailbreak|\bDAN\s+mode|do\s+anything\s+now"
    r"|you\s+are\s+no\s+longer|from\s+now\s+on,?\s+(?:you|skip|ignore|answer|reply)"
    r"|(?:reveal|show|print|repeat|output|tell\s+me|what\s+(?:is|are|was))\s+(?:me\s+)?your\s+"
    r"(?:system\s+|hidden\s+|initial\s+|original\s+)?(?:prompt|instructions|rules)"
    r"|(?:reveal|print|repeat|output|leak)\s+(?:the\s+)?(?:system|hidden|initial)\s+prompt"
    r"|make\s+up\s+(?:a|an|the|some)?\s*(?:realistic|plausible)?\s*(?:one|figure|number|answer|facts?)"
    r"|reply\s+only\s+with\s+the\s+words",
    re.IGNORECASE,
)

_PERSONAL_DATA = re.compile(
    r"(?:e-?mail\s+address(?:es)?|home\s+address(?:es)?|mobile\s+(?:numbers?|nos?\.?)|phone\s+numbers?"
    r"|cell\s+numbers?|contact\s+(?:details|numbers?|sheet|list)|cnic(?:\s+numbers?)?|whatsapp\s+numbers?"
    r"|personal\s+(?:details|data|information))",
    re.IGNORECASE,
)
_OF_PEOPLE = re.compile(
    r"\b(?:officials?|officers?|participants?|attendees|trainees|learners?|employees|staff|people|persons?"
    r"|students|teachers|minister|secretary|colleagues?|who\s+attended)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class SafetyVerdict:
    reason: str  # "prompt_injection" | "personal_data"
    reply: str


INJECTION_REPLY = (
    "I can't change how I work or set aside my sources, and I don't share my instructions. "
    "I'm an AI teaching assistant: I answer questions about the course material and the policy "
    "documents, with citations. Please ask your question on its own and I'll help."
)
PERSONAL_DATA_REPLY = (
    "I can't share personal information such as e-mail addresses, phone numbers, home addresses or "
    "CNIC numbers. Please contact your training coordinator through official channels."
)


def check(question: str) -> SafetyVerdict | None:
    """A safe reply if the question must not be answered as asked, else None."""
    if _INJECTION.search(question):
        return SafetyVerdict("prompt_injection", INJECTION_REPLY)
    if _PERSONAL_DATA.search(question) and _OF_PEOPLE.search(question):
        return SafetyVerdict("personal_data", PERSONAL_DATA_REPLY)
    return None
