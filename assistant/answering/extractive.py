"""The default answerer, with no LLM: it quotes the chosen evidence (assistant.answering.evidence) in
reading order, a paragraph per source, each paragraph marked with its source [n]."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.answering.types import AnswererName, Draft, Evidence, Passage, Turn, Unit


class ExtractiveAnswerer:
    """Quotes the evidence; implements the `Answerer` protocol (it needs no history: the evidence was
    chosen for the standalone question)."""

    name: AnswererName = "extractive"

    def answer(self, question: str, evidence: Evidence, history: list[Turn]) -> Draft:
        return Draft(compose(evidence), self.name)

    def stream(self, question: str, evidence: Evidence, history: list[Turn]) -> Iterator[str]:
        """The answer word by word, as a chat shows a reply arriving."""
        yield from words(compose(evidence))


def words(text: str) -> Iterator[str]:
    """`text` as the pieces a stream sends: each word with the space after it."""
    for match in re.finditer(r"\S+\s*", text):
        yield match.group(0)


def compose(evidence: Evidence) -> str:
    """A paragraph per source (the main source first), each ending with its marker [n]; a passage read
    out of order (the answer first, the text before it after) is two paragraphs."""
    paragraphs: list[str] = []
    current: list[Unit] = []
    for unit in evidence.units:
        if current and (unit.passage != current[-1].passage or unit.position < current[-1].position):
            paragraphs.append(_paragraph(current, evidence.passages))
            current = []
        current.append(unit)
    if current:
        paragraphs.append(_paragraph(current, evidence.passages))
    return "\n\n".join(paragraphs)


def _paragraph(units: list[Unit], passages: list[Passage]) -> str:
    marker = f"[{passages[units[0].passage].n}]"
    parts: list[str] = []
    previous = ""
    for unit in units:
        if unit.kind == "code":
            fence = "\n```" if unit.text.count("```") % 2 else ""  # its closing fence is in the next chunk
            parts.append(f"\n{unit.text}{fence}\n")
        elif unit.kind == "item" or (parts and previous == "item"):  # a list, and what follows it, on lines
            parts.append(("\n" if parts else "") + unit.text)
        else:
            parts.append(unit.text)
        previous = unit.kind
    body = " ".join(parts).replace(" \n", "\n").strip()
    return f"{body}\n{marker}" if body.endswith("```") else f"{body} {marker}"  # a fence closes its line
