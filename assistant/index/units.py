"""Quotable units of a chunk: its sentences, list items and code blocks.

Each unit gets its own vector at ingest: a question in everyday words is closer to the one sentence that
answers it than to the 220-token chunk around that sentence, so search matches units and returns their
chunks ("match small, return big"), and the extractive answerer reuses the same vectors to choose what
to quote instead of embedding sentences while a learner waits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS_VERSION = "3"  # part of the ingest fingerprint: bump when units change, so documents are redone
MIN_WORDS = 3  # shorter pieces (a caption, "Output:") are never an answer and get no vector
_REFERENCE_SECTION = re.compile(
    r"^\s*(?:sources?|references?|further reading|bibliography|citations?)\s*$", re.I
)
_ITEM = re.compile(r"\s*(?:[-*•]|\d+[.)])")
_NUMBERED = re.compile(r"\d{1,3}(?:\.\d{1,3})*[.)]\s")  # "3. The officer who signs..." is a paragraph


_SENTENCE_END = re.compile(r"(?<=[.!?\u06d4\u061f])\s+(?=[\"'(\[A-Z0-9\u0600-\u06ff])")
# a full stop that ends no sentence: an abbreviation ("No. 7", "Rs. 5 million", "Dr. Siddiqui") or a
# single letter ("row C. ...", "M. Ali")
_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:[A-Za-z]|no|nos|mr|mrs|ms|dr|prof|sr|jr|st|rs|govt|dept|vs|e\.g|i\.e|viz|approx|fig"
    r"|para|paras|art|sec|ref|vol|pp?|ext|tel|cf)\.$",
    re.IGNORECASE,
)
# a piece that is only a paragraph or row label: "3.", "(b)", "iv.", "A."
_LABEL = re.compile(
    r"^(?:\(?[A-Za-z0-9]{1,3}[.)]|\(?[ivxlc]{1,5}[.)]|\d{1,3}(?:\.\d{1,3})+\.?)$", re.IGNORECASE
)


def is_reference_section(section: str) -> bool:
    """A section that lists sources ("References", "Further reading"): titles of other works, which point
    to an answer elsewhere and never give one, so search does not rank it and answers do not quote it."""
    return bool(_REFERENCE_SECTION.search(section.rsplit(">", 1)[-1]))


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph (English and Urdu end marks); never returns empty strings. A label
    ("3.", "C.") stays with the words it labels, and an abbreviation's full stop ends no sentence."""
    sentences: list[str] = []
    for piece in _SENTENCE_END.split(text.strip()):
        if not piece:
            continue
        if sentences and (_LABEL.match(sentences[-1]) or _ABBREVIATION.search(sentences[-1])):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


@dataclass(frozen=True, slots=True)
class TextUnit:
    position: int  # order inside the chunk
    text: str
    kind: str  # "sentence" | "item" | "code"


def _numbered_paragraph(block: str) -> bool:
    """One numbered line that leads into a list ("5. No officer shall enter the following:") is a
    paragraph of an office document, read by sentence (its number kept with the first), so the lead-in
    brings its list as any other does. Other numbered lines stay whole items."""
    return "\n" not in block and bool(_NUMBERED.match(block)) and block.endswith(":")


def split_units(text: str) -> list[TextUnit]:
    """The chunk's units in reading order: code blocks whole, list items one by one, prose by sentence."""
    units: list[TextUnit] = []
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        if not block:
            continue
        if block.startswith(("```", "~~~")):
            pieces, kind = [block], "code"
        elif _numbered_paragraph(block):
            pieces, kind = split_sentences(block), "sentence"
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
