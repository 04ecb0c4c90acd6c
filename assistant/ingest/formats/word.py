"""Load .docx files with python-docx: heading styles give paths, the Title style gives the title."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError

from assistant.errors import DocumentParseError
from assistant.ingest.document import Block, ParsedDocument
from assistant.ingest.formats.structure import Event, Heading, assemble, first_title
from assistant.ingest.formats.textutil import normalize_newlines, squash

_HEADING_STYLE = re.compile(r"^heading\s*([1-6])$", re.IGNORECASE)


def _open(data: bytes) -> DocxDocument:
    try:
        return docx.Document(BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile) as exc:
        raise DocumentParseError("corrupt DOCX (not a Word .docx package)") from exc
    except (KeyError, ValueError, LxmlError, OSError) as exc:
        raise DocumentParseError(f"corrupt or unreadable DOCX ({type(exc).__name__})") from exc


def _clean(text: str) -> str:
    return squash(normalize_newlines(text).replace("\n", " "))


def _style_name(paragraph: Paragraph) -> str:
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return ""
    return (style.name or "") if style is not None else ""


def _is_list(paragraph: Paragraph, style: str) -> bool:
    """List styles or explicit numbering properties mark list items."""
    if style.lower().startswith("list"):
        return True
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.numPr is not None


def _table(table: Table) -> Block:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # merged cells repeat the same XML element
                continue
            seen.add(id(cell._tc))
            cells.append(_clean(cell.text))
        if any(cells):
            rows.append(" | ".join(cells))
    return Block("\n".join(rows), "table")


def _events(document: DocxDocument) -> tuple[list[Event], str | None]:
    """Headings/blocks in body order, plus the text of the first Title-styled paragraph."""
    events: list[Event] = []
    title: str | None = None
    items: list[str] = []

    def flush_list() -> None:
        if items:
            events.append(Block("\n".join(items), "list"))
            items.clear()

    for item in document.iter_inner_content():
        if isinstance(item, Table):
            flush_list()
            events.append(_table(item))
            continue
        text = _clean(item.text)
        if not text:
            continue
        style = _style_name(item)
        heading = _HEADING_STYLE.match(style)
        if style.lower() == "title":
            flush_list()
            title = title or text
        elif heading:
            flush_list()
            events.append(Heading(int(heading.group(1)), text))
        elif _is_list(item, style):
            items.append(f"- {text}")
        else:
            flush_list()
            events.append(Block(text))
    flush_list()
    return events, title


def load_docx(data: bytes) -> ParsedDocument:
    """Parse a Word document; a corrupt package is reported, not raised as a zip error."""
    if not data.strip():
        raise DocumentParseError("empty file")
    document = _open(data)
    events, styled_title = _events(document)
    outline = assemble(events, drop_single_h1=styled_title is None)
    core_title = document.core_properties.title
    title = first_title(styled_title, core_title, outline.first_h1, outline.first_heading)
    return ParsedDocument(title=title, sections=outline.sections)
