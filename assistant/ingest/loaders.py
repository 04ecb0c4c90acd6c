"""Turn a file on disk into a ParsedDocument; the suffix picks the parser."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from assistant.errors import DocumentParseError, UnsupportedFileError
from assistant.ingest.document import ParsedDocument
from assistant.ingest.formats.textfile import load_text_file
from assistant.ingest.formats.textutil import humanize_stem

logger = logging.getLogger(__name__)


def load_html(data: bytes) -> ParsedDocument:
    """HTML, PDF and Word readers (BeautifulSoup, pypdf, python-docx) are imported when a file of their
    kind is read: a re-ingest of unchanged files imports none of them."""
    from assistant.ingest.formats.html_page import load_html as parse

    return parse(data)


def load_pdf(data: bytes) -> ParsedDocument:
    from assistant.ingest.formats.pdf import load_pdf as parse

    return parse(data)


def load_docx(data: bytes) -> ParsedDocument:
    from assistant.ingest.formats.word import load_docx as parse

    return parse(data)


_PARSERS: dict[str, Callable[[bytes], ParsedDocument]] = {
    ".md": lambda data: load_text_file(data, ".md"),
    ".mdx": lambda data: load_text_file(data, ".mdx"),
    ".txt": lambda data: load_text_file(data, ".txt"),
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
}

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_PARSERS)
# formats whose text above the first heading gets the title as its section (a memo's reference lines, a
# page's intro); Markdown and text files keep an empty one, as the course material was measured with
_OFFICE_FORMATS = frozenset({".pdf", ".docx", ".html", ".htm"})


def load_document(path: Path) -> ParsedDocument:
    """Read and clean one file; failures raise DocumentParseError with a reason a user can act on."""
    suffix = path.suffix.lower()
    parser = _PARSERS.get(suffix)
    if parser is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        shown = suffix or "(no extension)"
        raise UnsupportedFileError(f"unsupported file type {shown} (supported: {supported})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentParseError(f"cannot read file ({exc.strerror or type(exc).__name__})") from exc
    document = parser(data)
    if not document.sections or not document.text.strip():
        raise DocumentParseError("empty file (no readable text after cleaning)")
    if not document.title:
        document.title = humanize_stem(path)
    if suffix in _OFFICE_FORMATS:
        for section in document.sections:
            if not section.heading_path:  # text above the first heading is under the document's title
                section.heading_path = (document.title,)
    logger.debug("loaded %s: %d sections, %d chars", path.name, len(document.sections), len(document.text))
    return document
