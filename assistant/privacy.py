"""Personal data redaction: CNIC numbers, phone numbers and e-mail addresses are replaced before anything
is logged, stored or sent to an LLM."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("EMAIL", re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")),
    # CNIC: 12345-1234567-1, also written without dashes or with spaces
    ("CNIC", re.compile(r"(?<!\d)\d{5}[-\s]?\d{7}[-\s]?\d(?!\d)")),
    # Phones: +92 300 1234567, 0300-1234567, (051) 9201234, 0092..., other +CC numbers
    (
        "PHONE",
        re.compile(
            r"(?<![\w+])(?:\+|00)\d{1,3}[\s.-]?(?:\(?\d{1,4}\)?[\s.-]?){2,4}\d{2,4}(?!\d)"
            r"|(?<!\d)0\d{2,4}[\s.-]?\d{6,8}(?!\d)"
            r"|(?<!\d)\(0\d{2,4}\)\s?\d{6,8}(?!\d)"
        ),
    ),
]


@dataclass(frozen=True, slots=True)
class Redaction:
    text: str
    kinds: tuple[str, ...]  # which kinds of personal data were found, e.g. ("CNIC", "EMAIL")


def redact(text: str) -> Redaction:
    """`text` with personal data replaced by [CNIC], [PHONE] or [EMAIL]."""
    found: list[str] = []
    for kind, pattern in _PATTERNS:
        text, count = pattern.subn(f"[{kind}]", text)
        if count:
            found.append(kind)
    return Redaction(text, tuple(found))
