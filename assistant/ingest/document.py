"""What a loader hands to the chunker: a document as an ordered list of sections."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Table:
    """A table as rows of cells: `header` names the columns (None when the table has no header row),
    `caption` is its title ("Table 3: Officers trained by province"), if it has one."""

    rows: tuple[tuple[str, ...], ...]
    header: tuple[str, ...] | None = None
    caption: str = ""


@dataclass(frozen=True, slots=True)
class Block:
    """A unit the chunker must not split carelessly: a paragraph, a list, a table or a code block.
    A table block carries its rows and cells in `table`; `text` is then the table rendered row by row."""

    text: str
    kind: str = "text"  # "text" | "code" | "table" | "list"
    table: Table | None = None


@dataclass(slots=True)
class Section:
    """Content under one heading path, optionally from a known page (PDF)."""

    heading_path: tuple[str, ...]
    blocks: list[Block] = field(default_factory=list)
    page: int | None = None


@dataclass(slots=True)
class ParsedDocument:
    """A cleaned document. `meta` carries front-matter keys (e.g. doc_type, language, title)."""

    title: str
    sections: list[Section]
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for s in self.sections for b in s.blocks)
