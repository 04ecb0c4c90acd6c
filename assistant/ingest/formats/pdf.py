"""Load PDFs with pypdf: one section per page, running headers/footers and page numbers removed."""

from __future__ import annotations

import logging
import re
from collections import Counter
from io import BytesIO

from pypdf import PdfReader
from pypdf.errors import DependencyError, PyPdfError

from assistant.errors import DocumentParseError
from assistant.ingest.document import Block, ParsedDocument, Section
from assistant.ingest.formats.structure import first_title
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
_BULLET = re.compile(r"^(?:[-•·▪◦*]|\d{1,3}[.)])\s+")
_CONTINUES = (",", "-", ";", "(", "–")
_SENTENCE_END = (".", "!", "?", ":", "”", '"', "؟", "۔")


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


def _page_lines(reader: PdfReader) -> list[list[str]]:
    """Text lines of each page; a page whose text cannot be extracted counts as empty."""
    pages: list[list[str]] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception as exc:  # pypdf raises many types on damaged content streams
            logger.warning("could not extract text from PDF page %d: %s", number, exc)
            text = ""
        lines = [squash(line) for line in normalize_newlines(text).split("\n")]
        pages.append([line for line in lines if line])
    return pages


def _edge_keys(lines: list[str]) -> set[tuple[str, int, str]]:
    """Keys for the short lines at the top and bottom of a page; digits masked ('Page 3')."""
    keys = set()
    for offset in range(min(_EDGE_LINES, len(lines))):
        for edge, line in (("top", lines[offset]), ("bottom", lines[-1 - offset])):
            if len(line) <= _MAX_FURNITURE_CHARS:
                keys.add((edge, offset, re.sub(r"\d+", "#", line.lower())))
    return keys


def _strip_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Drop page-number lines and running headers/footers repeated at the same edge of most pages."""
    counts: Counter[tuple[str, int, str]] = Counter()
    for lines in pages:
        counts.update(_edge_keys(lines))
    with_text = sum(1 for lines in pages if lines)
    threshold = max(2, (with_text * 6 + 9) // 10)
    cleaned = []
    for lines in pages:
        n = len(lines)
        keep = []
        for i, line in enumerate(lines):
            top, bottom = i < _EDGE_LINES, i >= n - _EDGE_LINES
            if not (top or bottom):
                keep.append(line)
                continue
            masked = re.sub(r"\d+", "#", line.lower())
            repeated = (top and counts[("top", i, masked)] >= threshold) or (
                bottom and counts[("bottom", n - 1 - i, masked)] >= threshold
            )
            if not (repeated or _PAGE_NUMBER.match(line)):
                keep.append(line)
        cleaned.append(keep)
    return cleaned


def _paragraphs(lines: list[str]) -> list[Block]:
    """Re-flow extracted lines: a short line (a title, or the end of a sentence) closes a paragraph."""
    width = max((len(line) for line in lines), default=0)
    blocks: list[Block] = []
    current: list[str] = []
    for line in lines:
        if current and _BULLET.match(line):
            blocks.append(Block(" ".join(current)))
            current = []
        if current and current[-1].endswith("-") and line[:1].islower():
            current[-1] = current[-1][:-1] + line
        else:
            current.append(line)
        ends_sentence = line.endswith(_SENTENCE_END) and len(line) < 0.8 * width
        if ends_sentence or (len(line) < 0.6 * width and not line.endswith(_CONTINUES)):
            blocks.append(Block(" ".join(current)))
            current = []
    if current:
        blocks.append(Block(" ".join(current)))
    return blocks


def _guess_title(pages: list[list[str]]) -> str | None:
    """The first line of the first page with text, if it is short next to the body lines."""
    for lines in pages:
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


def load_pdf(data: bytes) -> ParsedDocument:
    """Parse a PDF; scanned (image-only) PDFs are rejected because there is nothing to index."""
    if not data.strip():
        raise DocumentParseError("empty file")
    reader = _open(data)
    raw = _page_lines(reader)
    if not any(raw):
        raise DocumentParseError("no extractable text (scanned PDF?)")
    pages = _strip_furniture(raw)
    sections = [
        Section(heading_path=(), blocks=_paragraphs(lines), page=number)
        for number, lines in enumerate(pages, start=1)
        if lines
    ]
    meta_title = None
    try:
        meta_title = reader.metadata.title if reader.metadata else None
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        logger.debug("unreadable PDF metadata: %s", exc)
    title = first_title(_clean_meta_title(meta_title), _guess_title(pages))
    return ParsedDocument(title=title, sections=sections)
