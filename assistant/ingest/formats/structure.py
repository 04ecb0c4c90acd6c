"""Turn a flat stream of headings and blocks into sections with heading paths."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assistant.ingest.document import Block, Section


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading event: level 1 (H1/Heading 1) to 6."""

    level: int
    text: str


@dataclass(frozen=True, slots=True)
class PageStart:
    """The content that follows is on this page (PDF): a new section starts under the same headings."""

    page: int


Event = Heading | Block | PageStart


@dataclass(slots=True)
class Outline:
    """Sections plus the heading texts a loader may want as the document title."""

    sections: list[Section]
    first_h1: str | None
    first_heading: str | None


def assemble(events: Iterable[Event], *, drop_single_h1: bool = True) -> Outline:
    """Build sections; a lone H1 is the title, so paths start below it instead of repeating it."""
    items = [e for e in events if not isinstance(e, Block) or e.text.strip()]
    headings = [e for e in items if isinstance(e, Heading)]
    h1s = [h for h in headings if h.level == 1]
    skip = h1s[0] if drop_single_h1 and len(h1s) == 1 else None

    sections: list[Section] = []
    stack: list[Heading] = []
    page: int | None = None
    current = Section(heading_path=())
    for item in items:
        if isinstance(item, Block):
            current.blocks.append(item)
            continue
        if current.blocks:
            sections.append(current)
        if isinstance(item, PageStart):
            page = item.page
        elif item is not skip:
            while stack and stack[-1].level >= item.level:
                stack.pop()
            stack.append(item)
        current = Section(heading_path=tuple(h.text for h in stack), page=page)
    if current.blocks:
        sections.append(current)
    return Outline(
        sections=sections,
        first_h1=h1s[0].text if h1s else None,
        first_heading=headings[0].text if headings else None,
    )


def first_title(*candidates: str | None) -> str:
    """The first non-blank candidate, whitespace-collapsed; '' when none."""
    for candidate in candidates:
        if candidate and candidate.strip():
            return " ".join(candidate.split())
    return ""
