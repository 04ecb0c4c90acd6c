"""Load PDFs as offices make them (Word exported to PDF): lines with their fonts and tables as rows and
cells (pdfplumber), bookmarks and metadata (pypdf). Headings come from the bookmarks and from font size and
weight, the title from the metadata or the largest text on page 1, tables that break across pages are
joined (a row cut by the page break is mended, the header carried on), and running headers, footers and
"Page X of Y" are removed. Each section keeps its page number for citations."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

import pdfplumber
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page
from pypdf import PdfReader
from pypdf.errors import DependencyError, PyPdfError

from assistant.errors import DocumentParseError
from assistant.ingest.document import Block, ParsedDocument, Table
from assistant.ingest.formats.structure import Event, Heading, PageStart, assemble, first_title
from assistant.ingest.formats.tables import is_caption, make_table, table_block
from assistant.ingest.formats.textutil import normalize_newlines, squash

logger = logging.getLogger(__name__)

_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.|seite|pg\.?)?\s*[-–—(\[]?\s*(?:\d{1,5}|[ivxlcdm]{1,7})\s*"
    r"(?:(?:of|/|from)\s*\d{1,5})?\s*[-–—)\]]?$",
    re.IGNORECASE,
)
_WORD_PREFIX = re.compile(r"^microsoft (?:word|powerpoint) - ", re.IGNORECASE)
_JUNK_TITLE = re.compile(r"^(?:untitled.*|document\d*|.*\.(?:docx?|pdf|pptx?|odt|rtf|txt))?$", re.I)
_EDGE_LINES = 2  # how many lines at the top and bottom of a page may be running furniture
_MAX_FURNITURE_CHARS = 100
# a bullet glyph (Word's Symbol-font bullet arrives as U+F0B7) or a numbered paragraph "3.", "2.1", "(b)"
_BULLET = re.compile(r"^[-•·▪◦*\uf0b7\uf0a7\uf076\uf0d8]\s*")
_NUMBERED = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]|\([a-z0-9]{1,4}\)|[a-z][.)])\s+\S", re.IGNORECASE)
_CONTINUES = (",", "-", ";", "(", "–")
_SENTENCE_END = (".", "!", "?", ":", "”", '"', "؟", "۔")
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_MAX_HEADING_WORDS = 16
_LINE_TOLERANCE = 2.5  # points: words this close in height are on one line


@dataclass(slots=True)
class _Line:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    size: float
    bold: bool

    @property
    def font(self) -> tuple[float, bool]:
        return (round(self.size), self.bold)


@dataclass(slots=True)
class _Paragraph:
    lines: list[_Line]

    @property
    def text(self) -> str:
        text = ""
        for line in self.lines:
            if text.endswith("-") and line.text[:1].isalnum():  # Word breaks lines at hyphens only
                text += line.text
            else:
                text = f"{text} {line.text}" if text else line.text
        return text

    @property
    def font(self) -> tuple[float, bool]:
        return self.lines[0].font


@dataclass(slots=True)
class _PageTable:
    page: int
    top: float
    bottom: float
    rows: list[list[str]]
    bold_first_row: bool
    bold_first_column: bool
    caption: str = ""
    header: tuple[str, ...] | None = None
    continued: bool = False


@dataclass(slots=True)
class _Page:
    number: int
    height: float
    lines: list[_Line] = field(default_factory=list)
    tables: list[_PageTable] = field(default_factory=list)


# -- opening ------------------------------------------------------------------------------------------


def _open(data: bytes) -> PdfReader:
    """Open and, for owner-password-only files, decrypt; errors name the reason."""
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentParseError("encrypted PDF (password required)")
        _ = len(reader.pages)
    except DependencyError as exc:
        raise DocumentParseError("encrypted PDF (cannot decrypt: missing crypto support)") from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise DocumentParseError(f"corrupt or unreadable PDF ({type(exc).__name__})") from exc
    return reader


def _is_bold(fontname: str) -> bool:
    return bool(_BOLD.search(fontname.split("+", 1)[-1]))


def _inside(word: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x_mid, y_mid = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return box[0] <= x_mid <= box[2] and box[1] <= y_mid <= box[3]


def _lines(words: list[dict[str, Any]], number: int) -> list[_Line]:
    """Words grouped into lines top to bottom, each with its size and whether it is all bold."""
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(word["top"] - lines[-1][0]["top"]) <= _LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    result = []
    for group in lines:
        group.sort(key=lambda w: w["x0"])
        text = squash(normalize_newlines(" ".join(w["text"] for w in group)))
        if not text:
            continue
        sizes = Counter(round(float(w["size"]), 1) for w in group for _ in w["text"])
        result.append(
            _Line(
                page=number,
                top=min(w["top"] for w in group),
                bottom=max(w["bottom"] for w in group),
                x0=group[0]["x0"],
                x1=group[-1]["x1"],
                text=text,
                size=sizes.most_common(1)[0][0],
                bold=all(_is_bold(str(w.get("fontname", ""))) for w in group if w["text"].strip()),
            )
        )
    return result


def _cells_bold(chars: list[dict[str, Any]], cells: list[Any]) -> bool:
    """Whether every character inside these cell boxes is set in a bold font."""
    inside = [c for c in chars if c["text"].strip() and any(box and _inside(c, box) for box in cells)]
    return bool(inside) and all(_is_bold(str(c.get("fontname", ""))) for c in inside)


def _page_tables(page: Page, number: int) -> list[_PageTable]:
    """Ruled tables of the page (Word's table borders) as rows of cells; a lone box is not a table."""
    found = []
    chars = page.chars
    for table in page.find_tables():
        rows = [[cell or "" for cell in row] for row in table.extract()]
        if len(rows) < 1 or max((len(r) for r in rows), default=0) < 2:
            continue
        if len(rows) == 1 and sum(1 for c in rows[0] if c.strip()) < 2:
            continue
        first_row = list(table.rows[0].cells) if table.rows else []
        first_column = [row.cells[0] for row in table.rows if row.cells and row.cells[0] is not None]
        found.append(
            _PageTable(
                page=number,
                top=float(table.bbox[1]),
                bottom=float(table.bbox[3]),
                rows=rows,
                bold_first_row=_cells_bold(chars, first_row),
                bold_first_column=len(first_column) > 1 and _cells_bold(chars, first_column[1:]),
            )
        )
    return found


def _read_pages(data: bytes) -> list[_Page]:
    pages = []
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                try:
                    tables = _page_tables(page, number)
                    words = page.extract_words(extra_attrs=["fontname", "size"])
                except Exception as exc:  # pdfminer raises many types on damaged content streams
                    logger.warning("could not extract text from PDF page %d: %s", number, exc)
                    pages.append(_Page(number, float(page.height)))
                    continue
                boxes = [(0.0, t.top - 1, float(page.width), t.bottom + 1) for t in tables]
                words = [w for w in words if not any(_inside(w, box) for box in boxes)]
                pages.append(_Page(number, float(page.height), _lines(words, number), tables))
    except (PSException, ValueError, KeyError, TypeError) as exc:  # pdfminer's errors derive from PSException
        raise DocumentParseError(f"corrupt or unreadable PDF ({type(exc).__name__})") from exc
    return pages


# -- running headers and footers ----------------------------------------------------------------------


def _masked(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def _edge_keys(lines: list[_Line]) -> set[tuple[str, int, str]]:
    """Keys for the short lines at the top and bottom of a page; digits masked ('Page 3')."""
    keys = set()
    for offset in range(min(_EDGE_LINES, len(lines))):
        for edge, line in (("top", lines[offset]), ("bottom", lines[-1 - offset])):
            if len(line.text) <= _MAX_FURNITURE_CHARS:
                keys.add((edge, offset, _masked(line.text)))
    return keys


def _strip_furniture(pages: list[_Page]) -> None:
    """Drop page-number lines and running headers/footers repeated at the same edge of most pages."""
    counts: Counter[tuple[str, int, str]] = Counter()
    for page in pages:
        counts.update(_edge_keys(page.lines))
    with_text = sum(1 for page in pages if page.lines or page.tables)
    threshold = max(2, (with_text * 6 + 9) // 10)
    for page in pages:
        n = len(page.lines)
        keep = []
        for i, line in enumerate(page.lines):
            top, bottom = i < _EDGE_LINES, i >= n - _EDGE_LINES
            if top or bottom:
                masked = _masked(line.text)
                repeated = (top and counts[("top", i, masked)] >= threshold) or (
                    bottom and counts[("bottom", n - 1 - i, masked)] >= threshold
                )
                if repeated or _PAGE_NUMBER.match(line.text):
                    continue
            keep.append(line)
        page.lines = keep


# -- paragraphs and headings --------------------------------------------------------------------------


def _starts_paragraph(line: _Line) -> bool:
    return bool(_BULLET.match(line.text) or _NUMBERED.match(line.text))


def _paragraphs(lines: list[_Line]) -> list[_Paragraph]:
    """Re-flow lines into paragraphs: a new one starts after a gap wider than the line spacing, at a
    change of font, at a bullet or paragraph number, or after a short line that ends a sentence."""
    width = max((line.x1 - lines[0].x0 for line in lines), default=0.0) if lines else 0.0
    paragraphs: list[_Paragraph] = []
    for line in lines:
        if paragraphs:
            previous = paragraphs[-1].lines[-1]
            gap = line.top - previous.bottom
            short_end = previous.text.endswith(_SENTENCE_END) and (previous.x1 - previous.x0) < 0.6 * width
            joins = (
                line.page == previous.page
                and gap <= 0.6 * max(line.size, previous.size)
                and line.font == previous.font
                and not _starts_paragraph(line)
                and not short_end
            )
            if joins:
                paragraphs[-1].lines.append(line)
                continue
        paragraphs.append(_Paragraph([line]))
    return paragraphs


def _body_font(pages: list[_Page]) -> float:
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[round(line.size)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """Bookmarks as (level, title, page), in order; [] when the file has none."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
                continue
            try:
                number = reader.get_destination_page_number(item)
                title = squash(normalize_newlines(str(item.title)))
            except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
                logger.debug("unreadable bookmark: %s", exc)
                continue
            if title and number is not None:
                found.append((level, title, number + 1))

    try:
        walk(list(reader.outline), 1)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        logger.debug("unreadable PDF outline: %s", exc)
    return found


class _Headings:
    """Decides which paragraphs are headings and at what level: bookmarks first (a paragraph whose text
    is a bookmark's title on that page), then paragraphs set like a bookmarked heading, then (without
    bookmarks) text larger than the body or a short line all in bold."""

    def __init__(self, paragraphs: list[_Paragraph], outline: list[tuple[int, str, int]], body: float):
        self.levels: dict[int, int] = {}  # id(paragraph) -> level
        marked: dict[tuple[float, bool], int] = {}
        wanted = {(_fold(title), page): level for level, title, page in outline}
        for paragraph in paragraphs:
            key = (_fold(paragraph.text), paragraph.lines[0].page)
            if key in wanted and len(paragraph.text.split()) <= 2 * _MAX_HEADING_WORDS:
                self.levels[id(paragraph)] = wanted[key]
                marked.setdefault(paragraph.font, wanted[key])
        candidates = [p for p in paragraphs if id(p) not in self.levels and self._looks_like(p, body)]
        if outline:
            for paragraph in candidates:
                if paragraph.font in marked:
                    self.levels[id(paragraph)] = marked[paragraph.font]
            return
        fonts = sorted({p.font for p in candidates}, key=lambda f: (-f[0], not f[1]))
        for paragraph in candidates:
            self.levels[id(paragraph)] = fonts.index(paragraph.font) + 1

    @staticmethod
    def _looks_like(paragraph: _Paragraph, body: float) -> bool:
        text = paragraph.text
        if len(text.split()) > _MAX_HEADING_WORDS or text.endswith((".", ",", ";", ":")) or is_caption(text):
            return False
        if not any(c.isalpha() for c in text) or len(paragraph.lines) > 3:
            return False
        size, bold = paragraph.lines[0].size, paragraph.lines[0].bold
        return size >= body * 1.15 or (bold and size >= body - 0.5)

    def level(self, paragraph: _Paragraph) -> int | None:
        return self.levels.get(id(paragraph))


def _cover_title(by_page: dict[int, list[_Paragraph]], body: float) -> _Paragraph | None:
    """The largest text on the first page with text, when it is larger than the body text."""
    for paragraphs in by_page.values():
        if not paragraphs:
            continue
        biggest = max(paragraphs, key=lambda p: p.lines[0].size)
        big = biggest.lines[0].size >= body * 1.3 and any(c.isalpha() for c in biggest.text)
        if big and len(biggest.text.split()) <= 25:
            return biggest
        return None
    return None


def _guess_title(pages: list[_Page]) -> str | None:
    """Without a larger font: the first line of the first page, if it is short next to the body lines."""
    for page in pages:
        lines = [line.text for line in page.lines]
        if lines:
            first = lines[0]
            width = max(len(line) for line in lines)
            short = len(first) <= 80 and (len(lines) == 1 or len(first) < 0.7 * width)
            ok = short and not first.endswith((".", ",", ";", ":")) and any(c.isalpha() for c in first)
            return first if ok else None
    return None


def _clean_meta_title(title: str | None) -> str | None:
    """PDF producers often store 'Microsoft Word - x.docx' or 'untitled' as the title."""
    if not title:
        return None
    title = _WORD_PREFIX.sub("", normalize_newlines(title)).strip()
    return None if _JUNK_TITLE.match(title) else title


# -- tables across pages ------------------------------------------------------------------------------


def _is_fragment(row: list[str], previous: list[str]) -> bool:
    """A row cut by a page break: its first cell is empty where the row before it had one."""
    return bool(previous) and not row[0].strip() and bool(previous[0].strip()) and any(c.strip() for c in row)


def _join_tables(pages: list[_Page]) -> None:
    """A table that goes on at the top of the next page continues the last one: same columns, nothing
    between them. A row cut by the page break is mended, a repeated header row dropped, and the header
    and caption carried on."""
    last: _PageTable | None = None
    for page in pages:
        body_top = min((line.top for line in page.lines), default=page.height)
        first = min(page.tables, key=lambda t: t.top, default=None)
        if (
            last is not None
            and first is not None
            and first.top <= body_top
            and len(first.rows[0]) == len(last.rows[0])
        ):
            first.continued = True
            if _is_fragment(first.rows[0], last.rows[-1]):
                fragment = first.rows.pop(0)
                last.rows[-1] = [f"{a}\n{b}".strip() for a, b in zip(last.rows[-1], fragment, strict=True)]
            if (
                first.rows
                and last.rows
                and [squash(c) for c in first.rows[0]] == [squash(c) for c in last.rows[0]]
            ):
                first.rows.pop(0)
            first.bold_first_row = False
        lowest = max(page.tables, key=lambda t: t.bottom, default=None)
        below = [line for line in page.lines if lowest is not None and line.top > lowest.bottom]
        last = lowest if lowest is not None and not below else None


def _tables(pages: list[_Page]) -> dict[int, Table | None]:
    """Each page table as a Table; a continued one shares the header and caption of the one it goes on.
    A table whose first page holds only its header row is given on the next page, header and all."""
    result: dict[int, Table | None] = {}
    previous: Table | None = None
    shown = False  # whether `previous` had rows of its own
    for page in pages:
        for piece in sorted(page.tables, key=lambda t: t.top):
            table: Table | None
            if piece.continued and not piece.rows:  # its one row was the end of the last page's
                result[id(piece)] = None
                continue
            if piece.continued and previous is not None:
                head = previous.header
                rows = [head, *[tuple(r) for r in piece.rows]] if head else piece.rows
                table = make_table(rows, header=head is not None)
                caption = (
                    f"{previous.caption} (continued)" if previous.caption and shown else previous.caption
                )
                if table is not None:
                    table = Table(table.rows, head, caption)
            elif piece.bold_first_row and len(piece.rows) == 1:  # only the header fits on this page
                alone = make_table(piece.rows, header=False)
                table = Table((), alone.rows[0], piece.caption) if alone else None
            else:
                header = True if piece.bold_first_row else False if piece.bold_first_column else None
                table = make_table(piece.rows, header=header, caption=piece.caption)
            result[id(piece)] = table if table is not None and table.rows else None
            if table is not None:
                shown = bool(table.rows) or (shown and piece.continued)
                previous = Table(table.rows, table.header, table.caption.removesuffix(" (continued)"))
    return result


# -- putting it together ------------------------------------------------------------------------------


def _captions(pages: list[_Page], by_page: dict[int, list[_Paragraph]]) -> None:
    """A caption ("Table 3: ...") right above a table becomes the table's, not a paragraph of its own."""
    for page in pages:
        paragraphs = by_page[page.number]
        for piece in page.tables:
            above = [p for p in paragraphs if p.lines[-1].bottom <= piece.top + 1]
            if above and is_caption(above[-1].text) and piece.top - above[-1].lines[-1].bottom < 40:
                piece.caption = above[-1].text
                paragraphs.remove(above[-1])


def _goes_on(paragraph: _Paragraph, item: _Paragraph | _PageTable) -> bool:
    """The first paragraph of a page continues the last one of the page before (a sentence cut by the
    page break): it starts in lower case, in the same font."""
    return (
        isinstance(item, _Paragraph)
        and not paragraph.text.endswith(_SENTENCE_END)
        and item.text[:1].islower()
        and item.font == paragraph.font
    )


def _events(
    pages: list[_Page], by_page: dict[int, list[_Paragraph]], headings: _Headings, cover: _Paragraph | None
) -> Iterator[Event]:
    tables = _tables(pages)
    pending: _Paragraph | None = None  # the last paragraph of a page, which may go on on the next one
    for page in pages:
        items: list[_Paragraph | _PageTable] = [p for p in by_page[page.number] if p is not cover]
        items = sorted(
            [*items, *page.tables], key=lambda i: i.lines[0].top if isinstance(i, _Paragraph) else i.top
        )
        if pending is not None:
            if items and _goes_on(pending, items[0]):
                first = items.pop(0)
                assert isinstance(first, _Paragraph)
                pending = _Paragraph(pending.lines + first.lines)
            yield Block(pending.text)
            pending = None
        yield PageStart(page.number)
        for n, item in enumerate(items):
            if isinstance(item, _PageTable):
                table = tables.get(id(item))
                if table is not None:
                    yield table_block(table)
                continue
            level = headings.level(item)
            if level is not None:
                yield Heading(level, item.text)
            elif n == len(items) - 1:
                pending = item
            else:
                yield Block(item.text)
    if pending is not None:
        yield Block(pending.text)


def _as_lists(events: Iterator[Event]) -> Iterator[Event]:
    """Bulleted paragraphs become one list block ("- item" lines) so each item is a quotable unit."""
    items: list[str] = []
    for event in events:
        if isinstance(event, Block) and event.kind == "text" and _BULLET.match(event.text):
            items.append("- " + _BULLET.sub("", event.text, count=1))
            continue
        if items:
            yield Block("\n".join(items), "list")
            items = []
        yield event
    if items:
        yield Block("\n".join(items), "list")


def load_pdf(data: bytes) -> ParsedDocument:
    """Parse a PDF; scanned (image-only) PDFs are rejected because there is nothing to index."""
    if not data.strip():
        raise DocumentParseError("empty file")
    reader = _open(data)
    pages = _read_pages(data)
    if not any(page.lines or page.tables for page in pages):
        raise DocumentParseError("no extractable text (scanned PDF?)")
    _strip_furniture(pages)
    _join_tables(pages)
    body = _body_font(pages)
    by_page = {page.number: _paragraphs(page.lines) for page in pages}
    _captions(pages, by_page)
    outline = _outline(reader)
    cover = _cover_title(by_page, body)
    if cover is not None and _fold(cover.text) in {_fold(t) for _, t, _ in outline}:
        cover = None  # a bookmarked first heading is a heading, not only the title
    headings = _Headings([p for ps in by_page.values() for p in ps if p is not cover], outline, body)
    meta_title = None
    try:
        meta_title = reader.metadata.title if reader.metadata else None
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        logger.debug("unreadable PDF metadata: %s", exc)
    title = first_title(_clean_meta_title(meta_title), cover.text if cover else None, _guess_title(pages))
    events = _as_lists(_events(pages, by_page, headings, cover))
    return ParsedDocument(title=title, sections=assemble(events, drop_single_h1=False).sections)
