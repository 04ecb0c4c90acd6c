"""Quotable units of a chunk: its sentences, list items and code blocks.

Each unit gets its own vector at ingest: a question in everyday words is closer to the one sentence that
answers it than to the 220-token chunk around that sentence, so search matches units and returns their
chunks ("match small, return big"), and the extractive answerer reuses the same vectors to choose what
to quote instead of embedding sentences while a learner waits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS_VERSION = "2"  # part of the ingest fingerprint: bump when units change, so documents are redone
MIN_WORDS = 3  # shorter pieces (a caption, "Output:") are never an answer and get no vector
_ITEM = re.compile(r"\s*(?:[-*•]|\d+[.)])")


_SENTENCE_END = re.compile(r"(?<=[.!?\u06d4\u061f])\s+(?=[\"'(\[A-Z0-9\u0600-\u06ff])")


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph (English and Urdu end marks); never returns empty strings."""
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


@dataclass(frozen=True, slots=True)
class TextUnit:
    position: int  # order inside the chunk
    text: str
    kind: str  # "sentence" | "item" | "code"


def split_units(text: str) -> list[TextUnit]:
    """The chunk's units in reading order: code blocks whole, list items one by one, prose by sentence."""
    units: list[TextUnit] = []
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        if not block:
            continue
        if block.startswith(("```", "~~~")):
            pieces, kind = [block], "code"
        elif all(_ITEM.match(line) for line in block.splitlines() if line.strip()):
            pieces, kind = [line.strip() for line in block.splitlines() if line.strip()], "item"
        else:
            prose = " ".join(block.replace("```", " ").split())  # a code block split across chunks
            pieces, kind = split_sentences(prose), "sentence"
        for piece in pieces:
            units.append(TextUnit(len(units), piece, kind))
    return units


def vector_text(unit: TextUnit) -> str:
    """What the embedding model sees for a unit (long code blocks are cut: the model reads 256 tokens)."""
    return unit.text[:1000]


def worth_a_vector(unit: TextUnit) -> bool:
    return unit.kind == "code" or len(unit.text.split()) >= MIN_WORDS
