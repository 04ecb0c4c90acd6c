"""Load .md, .mdx and .txt files: decode, front matter, structure, title."""

from __future__ import annotations

import re

from assistant.ingest.document import ParsedDocument
from assistant.ingest.formats.frontmatter import split_front_matter
from assistant.ingest.formats.markdown import MARKDOWN, MDX, TEXT, parse_markdown
from assistant.ingest.formats.structure import assemble, first_title
from assistant.ingest.formats.textutil import read_text

_DIALECTS = {".md": MARKDOWN, ".mdx": MDX, ".txt": TEXT}
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_DATE_LINE = re.compile(
    rf"^(?:\W*(?:date|updated|published)\W*)?(?:\d{{1,4}}[-/. ]\d{{1,2}}[-/. ]\d{{1,4}}"
    rf"|(?:\d{{1,2}}\s+)?(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+(?:{_MONTHS})[a-z]*\s+\d{{4}})\W*$",
    re.IGNORECASE,
)
_TITLE_PROBE_LINES = 5
_MAX_TITLE_CHARS = 150


def guess_text_title(body: str) -> str | None:
    """A plain-text file's title is often its first short line that is not a date or a sentence."""
    lines = [line.strip() for line in body[:4000].split("\n") if line.strip()]
    for line in lines[:_TITLE_PROBE_LINES]:
        if _DATE_LINE.match(line) or len(line) > _MAX_TITLE_CHARS or line[-1] in ".!?;:,":
            continue
        if len(line.split()) >= 3:
            return line
    return None


def load_text_file(data: bytes, suffix: str) -> ParsedDocument:
    """Parse a Markdown/MDX/plain-text file; headings come only from Markdown syntax."""
    dialect = _DIALECTS[suffix]
    meta, body = split_front_matter(read_text(data))
    outline = assemble(parse_markdown(body, dialect))
    fallback = None if dialect.markdown else guess_text_title(body)
    title = first_title(meta.get("title"), outline.first_h1, fallback, outline.first_heading)
    return ParsedDocument(title=title, sections=outline.sections, meta=meta)
