"""Structure-aware chunking: chunks follow sections, keep code blocks and tables whole where they fit,
are bounded in cl100k tokens, and overlap by whole sentences inside a section. A table too long for one
chunk is cut between rows, each part under the table's caption, and every row names its columns
("header: value"), so no part loses its header."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from assistant.index.units import split_sentences
from assistant.ingest.document import Block, ParsedDocument, Section, Table
from assistant.ingest.formats.tables import row_lines
from assistant.tokens import count_tokens, encoding

CHUNKER_VERSION = "2"  # bump when chunk boundaries change, so unchanged files are re-chunked


@dataclass(frozen=True, slots=True)
class Chunk:
    """A piece of a document small enough for the embedding model to see whole."""

    text: str
    heading_path: tuple[str, ...]
    page: int | None
    ordinal: int
    tokens: int

    @property
    def section(self) -> str:
        return " > ".join(self.heading_path)


def _hard_split(text: str, limit: int) -> Iterator[str]:
    """Cut text with no usable boundaries (a huge sentence) into token windows."""
    tokens = encoding().encode_ordinary(text)
    for start in range(0, len(tokens), limit):
        yield encoding().decode(tokens[start : start + limit])


def _table_pieces(table: Table, limit: int) -> Iterator[str]:
    """A table as pieces of whole rows, each under the caption ("... (continued)" after the first)."""
    rows = row_lines(table)
    caption = table.caption
    head = caption
    buffer: list[str] = []
    size = count_tokens(head) + 2 if head else 0
    for row in rows:
        row_tokens = count_tokens(row) + 1
        if buffer and size + row_tokens > limit:
            yield f"{head}\n\n" + "\n".join(buffer) if head else "\n".join(buffer)
            head = f"{caption} (continued)" if caption and not caption.endswith("(continued)") else caption
            buffer, size = [], count_tokens(head) + 2 if head else 0
        if row_tokens > limit:  # a row longer than a chunk: cut in token windows
            if buffer:
                yield f"{head}\n\n" + "\n".join(buffer) if head else "\n".join(buffer)
                buffer, size = [], count_tokens(head) + 2 if head else 0
            yield from _hard_split(row, limit)
            continue
        buffer.append(row)
        size += row_tokens
    if buffer:
        yield f"{head}\n\n" + "\n".join(buffer) if head else "\n".join(buffer)


def _pieces(block: Block, limit: int) -> Iterator[str]:
    """A block as pieces of at most `limit` tokens, cut at sentence, row or line boundaries."""
    if count_tokens(block.text) <= limit:
        yield block.text
        return
    if block.table is not None:
        yield from _table_pieces(block.table, limit)
        return
    if block.kind == "text":
        units = split_sentences(block.text)
        joiner = " "
    else:  # code, tables and lists break cleanly at line ends
        units = block.text.splitlines()
        joiner = "\n"
    buffer: list[str] = []
    size = 0
    for unit in units:
        unit_tokens = count_tokens(unit) + 1
        if unit_tokens > limit:
            if buffer:
                yield joiner.join(buffer)
                buffer, size = [], 0
            yield from _hard_split(unit, limit)
            continue
        if size + unit_tokens > limit and buffer:
            yield joiner.join(buffer)
            buffer, size = [], 0
        buffer.append(unit)
        size += unit_tokens
    if buffer:
        yield joiner.join(buffer)


def _tail(text: str, budget: int) -> str:
    """The last whole sentences of `text` within `budget` tokens (the overlap carried forward)."""
    if budget <= 0:
        return ""
    kept: list[str] = []
    size = 0
    for sentence in reversed(split_sentences(text)):
        size += count_tokens(sentence) + 1
        if size > budget:
            break
        kept.append(sentence)
    return " ".join(reversed(kept))


class Chunker:
    """Packs a document's blocks into chunks of at most `max_tokens`, section by section."""

    def __init__(self, max_tokens: int = 220, overlap: int = 40) -> None:
        if overlap >= max_tokens:
            raise ValueError("chunk overlap must be smaller than the chunk size")
        self.max_tokens = max_tokens
        self.overlap = overlap

    def split(self, document: ParsedDocument) -> list[Chunk]:
        chunks: list[Chunk] = []
        for section in document.sections:
            for text in self._section_texts(section):
                chunks.append(
                    Chunk(
                        text=text,
                        heading_path=section.heading_path,
                        page=section.page,
                        ordinal=len(chunks),
                        tokens=count_tokens(text),
                    )
                )
        return chunks

    def _section_texts(self, section: Section) -> Iterator[str]:
        parts: list[str] = []
        size = 0
        for block in section.blocks:
            # text carries an overlap into the next chunk, so its pieces leave room for it
            limit = self.max_tokens - self.overlap if block.kind == "text" else self.max_tokens - 2
            for piece in _pieces(block, limit):
                piece_tokens = count_tokens(piece) + 2
                if parts and size + piece_tokens > self.max_tokens:
                    text = "\n\n".join(parts)
                    yield text
                    carry = _tail(text, self.overlap) if block.kind == "text" else ""
                    parts, size = ([carry], count_tokens(carry) + 2) if carry else ([], 0)
                parts.append(piece)
                size += piece_tokens
        if parts and any(p.strip() for p in parts):
            yield "\n\n".join(parts)
