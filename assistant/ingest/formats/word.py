"""Load .docx files with python-docx: heading styles (or an outline level, or a short paragraph all in bold)
give paths, the Title style gives the title, tables keep their rows and cells with the header row found
by Word's 'repeat as header row' or its bold type, and the caption above a table goes with it."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError

from assistant.errors import DocumentParseError
from assistant.ingest.document import Block, ParsedDocument
from assistant.ingest.formats.structure import Event, Heading, assemble, first_title
from assistant.ingest.formats.tables import is_caption, make_table, table_block
from assistant.ingest.formats.textutil import normalize_newlines, squash

_HEADING_STYLE = re.compile(r"^heading\s*([1-6])$", re.IGNORECASE)
_MAX_BOLD_HEADING_WORDS = 12


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


def _bold(paragraph: Paragraph) -> bool:
    """Every run with text is bold, set on the run or by the paragraph's style."""
    runs = [run for run in paragraph.runs if run.text.strip()]
    if not runs:
        return False
    try:
        style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    except (KeyError, ValueError):
        style_bold = False
    return all(run.bold if run.bold is not None else style_bold for run in runs)


def _outline_level(paragraph: Paragraph) -> int | None:
    """Word's outline level set on the paragraph (0 = level 1), as custom heading styles do."""
    ppr = paragraph._p.pPr
    level = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if level is None:
        return None
    value = int(level.get(qn("w:val"), "9"))
    return value + 1 if value < 6 else None


def _cells(row: _Row) -> list[_Cell]:
    cells: list[_Cell] = []
    seen: set[int] = set()
    for cell in row.cells:
        if id(cell._tc) in seen:  # a cell merged across columns repeats the same XML element
            continue
        seen.add(id(cell._tc))
        cells.append(cell)
    return cells


def _all_bold(cells: list[_Cell]) -> bool:
    paragraphs = [p for cell in cells for p in cell.paragraphs if p.text.strip()]
    return bool(paragraphs) and all(_bold(p) for p in paragraphs)


def _table(table: Table, caption: str) -> Block | None:
    """Rows and cells; the first row is the header when Word repeats it on each page or it is in bold
    (a first column in bold instead marks a form of labels and values)."""
    rows = [_cells(row) for row in table.rows]
    if not rows:
        return None
    header: bool | None = None
    tr_pr = table.rows[0]._tr.trPr
    if tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None:
        header = True
    elif len(rows) > 1 and _all_bold(rows[0]):
        header = not (len(rows[0]) == 2 and _all_bold([r[0] for r in rows[1:] if r]))
    elif len(rows) > 1 and _all_bold([r[0] for r in rows if r]):
        header = False
    parsed = make_table([[_clean(c.text) for c in row] for row in rows], header=header, caption=caption)
    return table_block(parsed) if parsed is not None else None


def _is_bold_heading(paragraph: Paragraph, text: str) -> bool:
    """A short paragraph all in bold, not a sentence: offices mark headings this way as often as with
    heading styles."""
    words = len(text.split())
    ends_like_a_sentence = text.endswith((".", ",", ";", ":"))
    return 0 < words <= _MAX_BOLD_HEADING_WORDS and not ends_like_a_sentence and _bold(paragraph)


def _events(document: DocxDocument) -> tuple[list[Event], str | None]:
    """Headings/blocks in body order, plus the text of the first Title-styled paragraph."""
    events: list[Event] = []
    title: str | None = None
    items: list[str] = []
    level = 1  # of the last styled heading: a bold paragraph heading is its sibling

    def flush_list() -> None:
        if items:
            events.append(Block("\n".join(items), "list"))
            items.clear()

    for item in document.iter_inner_content():
        if isinstance(item, Table):
            flush_list()
            caption = ""
            last = events[-1] if events else None
            if isinstance(last, Block) and last.kind == "text" and is_caption(last.text):
                caption = last.text
                events.pop()
            block = _table(item, caption)
            if block is not None:
                events.append(block)
            continue
        text = _clean(item.text)
        if not text:
            continue
        style = _style_name(item)
        heading = _HEADING_STYLE.match(style)
        outline = _outline_level(item)
        if style.lower() == "title":
            flush_list()
            title = title or text
        elif heading or outline:
            flush_list()
            level = int(heading.group(1)) if heading else outline or 1
            events.append(Heading(level, text))
        elif _is_list(item, style):
            items.append(f"- {text}")
        elif style.lower() != "caption" and _is_bold_heading(item, text) and not is_caption(text):
            flush_list()
            events.append(Heading(level, text))
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
