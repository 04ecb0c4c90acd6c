"""Tables as rows and cells, the same for every format: which row is the header, how a row reads as
"header: value" pairs (what both indexes and the answers see), and a caption known by its words.

A row is rendered as one list item ("- C. Approving authority: Federal Secretary; Maximum duration: 4
months"), so it is one quotable unit (assistant.index.units) that names its columns wherever the table is
cut, and a row label such as "C." is never read as the end of a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.ingest.document import Block, Table

CAPTION = re.compile(
    r"^(?:table|annex(?:ure)?|schedule|appendix|statement|exhibit)\s*[-–]?\s*[\w.()-]{0,10}\s*[:.–—-]\s*\S",
    re.IGNORECASE,
)
# a row label: "A.", "(b)", "iv.", "3", "2.1", "#"
_LABEL = re.compile(
    r"^(?:\(?[A-Za-z]\)|[A-Za-z][.)]|\(?[ivxlcIVXLC]{1,5}[.)]|\(\d{1,3}\)|\d{1,3}(?:\.\d{1,3})*[.)]?|#)$"
)
_LABEL_HEADERS = {"", "#", "no", "no.", "sr", "sr.", "sr. no.", "s. no.", "s.no.", "s.no", "sl.", "serial"}
_HAS_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"^[-+(]?(?:rs\.?|pkr|\$)?\s*[\d.,]+\s*%?\)?$", re.IGNORECASE)
_MAX_HEADER_WORDS = 8
# a header that names the unit of its column: "Estimated unit cost (Rs.)", "Budget (Rs. million)"
_HEADER_UNIT = re.compile(r"^(?P<name>.+?)\s*\((?P<unit>[^()]{1,20})\)$")
_CURRENCY = re.compile(
    r"^(?P<currency>rs\.?|pkr|rupees|usd|us\$|\$)\s*(?P<scale>million|billion|thousand|lakh|crore|mn|bn)?$",
    re.IGNORECASE,
)
_MEASURE = re.compile(
    r"^(?:%|percent|days?|weeks?|months?|years?|hours?|minutes?|km|kg|gb|mb|tb)$", re.IGNORECASE
)
_PLAIN_NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?$")


def clean_cell(text: str | None) -> str:
    """A cell's text on one line: wrapped lines joined, a word broken by a hyphen at a line end mended."""
    if not text:
        return ""
    text = re.sub(r"(?<=\w)-\s*\n\s*(?=\w)", "-", text)  # office files break lines at hyphens only
    return " ".join(text.split())


def _looks_like_header(rows: list[tuple[str, ...]]) -> bool:
    """Without a format's own signal (<th>, bold, 'repeat as header row'): a first row of short labels
    with no figures above rows that have some."""
    if len(rows) < 2:
        return False
    first, body = rows[0], rows[1:]
    if not all(first[1:]) or any(_HAS_DIGIT.search(c) for c in first):
        return False
    if any(len(c.split()) > _MAX_HEADER_WORDS or c.endswith(".") and len(c) > 4 for c in first):
        return False
    body_has_figures = any(_HAS_DIGIT.search(c) for row in body for c in row[1:])
    return len(first) >= 3 or body_has_figures


def make_table(
    rows: Sequence[Sequence[str | None]], *, header: bool | None, caption: str = ""
) -> Table | None:
    """Cells cleaned, empty rows and columns dropped; `header` says whether the first row names the
    columns (None: guess). None when nothing is left."""
    cleaned = [tuple(clean_cell(c) for c in row) for row in rows]
    cleaned = [row for row in cleaned if any(row)]
    if not cleaned:
        return None
    width = max(len(row) for row in cleaned)
    padded = [row + ("",) * (width - len(row)) for row in cleaned]
    keep = [i for i in range(width) if any(row[i] for row in padded)]
    table_rows = [tuple(row[i] for i in keep) for row in padded]
    has_header = _looks_like_header(table_rows) if header is None else header and len(table_rows) > 1
    head = table_rows[0] if has_header else None
    body = [row for row in table_rows[1:] if row != head] if head else table_rows
    return Table(rows=tuple(body), header=head, caption=" ".join(caption.split()))


def _label_column(table: Table) -> bool:
    """The first column only labels rows ("A.", "3", "(ii)"), so it reads as a prefix, not a pair."""
    if len(table.header or table.rows[0]) < 2:
        return False
    values = [row[0] for row in table.rows if row[0]]
    named_as_labels = table.header is not None and table.header[0].strip().lower() in _LABEL_HEADERS
    enough = len(values) >= 2 or named_as_labels  # one "1" alone may be a figure
    return bool(values) and enough and all(_LABEL.match(v) for v in values)


def _pair(name: str, value: str) -> str:
    """'Estimated unit cost (Rs.)' and '48,500' read 'Estimated unit cost: Rs. 48,500': the unit goes
    with the figure, as a sentence would give it."""
    match = _HEADER_UNIT.match(name)
    if match and _PLAIN_NUMBER.match(value):
        unit = match.group("unit").strip()
        currency = _CURRENCY.match(unit)
        if currency:
            scale = currency.group("scale")
            return f"{match.group('name')}: {currency.group('currency')} {value}" + (
                f" {scale}" if scale else ""
            )
        if _MEASURE.match(unit):
            return f"{match.group('name')}: {value}{'' if unit == '%' else ' '}{unit}"
    return f"{name}: {value}" if name else value


def row_text(table: Table, row: tuple[str, ...]) -> str:
    """One row as a list item of "header: value" pairs (or "key: value" for a two-column table without
    a header, cells joined by '; ' otherwise)."""
    cells = list(row)
    label = ""
    if _label_column(table):
        label, cells = cells[0], cells[1:]
        names: Sequence[str] = table.header[1:] if table.header else [""] * len(cells)
    else:
        names = table.header or [""] * len(cells)
    if table.header:
        parts = [_pair(name, value) for name, value in zip(names, cells, strict=True) if value]
        body = "; ".join(parts)
    elif len(cells) == 2 and cells[0] and cells[1]:
        body = f"{cells[0]}: {cells[1]}"
    else:
        body = "; ".join(c for c in cells if c)
    return f"- {label} {body}".rstrip() if label else f"- {body}"


def row_lines(table: Table) -> list[str]:
    return [row_text(table, row) for row in table.rows]


def table_block(table: Table) -> Block:
    """A table as a block: its text is the caption, then one line per row."""
    lines = "\n".join(row_lines(table))
    text = f"{table.caption}\n\n{lines}" if table.caption else lines
    return Block(text, "table", table)


def is_caption(text: str) -> bool:
    return bool(CAPTION.match(text)) and len(text.split()) <= 25
