"""Markdown, MDX and plain text -> headings and blocks (code fences kept whole and verbatim)."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from assistant.ingest.document import Block
from assistant.ingest.formats.inline import clean_heading, clean_inline
from assistant.ingest.formats.markup import strip_markup
from assistant.ingest.formats.structure import Event, Heading
from assistant.ingest.formats.textutil import squash

_FENCE_OPEN = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,9}[.)])[ \t]+\S")
_TABLE_SEP = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_QUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+")
_LINK_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s+\S+")


@dataclass(frozen=True, slots=True)
class Dialect:
    """What to interpret: `markdown` enables inline clean-up, lists/tables nuance and setext."""

    markdown: bool
    mdx: bool


TEXT = Dialect(markdown=False, mdx=False)
MARKDOWN = Dialect(markdown=True, mdx=False)
MDX = Dialect(markdown=True, mdx=True)


def split_fences(text: str) -> Iterator[tuple[bool, str]]:
    """Yield (is_code, chunk): fenced code blocks verbatim with fences, prose in between."""
    prose: list[str] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        opening = _FENCE_OPEN.match(lines[i])
        if opening is None:
            prose.append(lines[i])
            i += 1
            continue
        fence = opening.group(1)
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = i + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        if prose:
            yield False, "\n".join(prose)
            prose = []
        yield True, textwrap.dedent("\n".join(lines[i : end + 1])).strip("\n")
        i = end + 1
    if prose:
        yield False, "\n".join(prose)


def _table_row(line: str) -> str:
    """'| a | b |' -> 'a | b' (pipes escaped as \\| stay inside their cell)."""
    cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return " | ".join(squash(clean_inline(c)) for c in cells)


def _list_items(lines: list[str], clean: Callable[[str], str]) -> list[str]:
    """One line per item, nesting kept as indentation; wrapped continuation lines are joined."""
    base = min(len(line) - len(line.lstrip()) for line in lines)
    items: list[list[str]] = []
    for line in lines:
        if _LIST_ITEM.match(line) or not items:
            depth = len(line) - len(line.lstrip()) - base
            items.append([" " * depth, line.strip()])
        else:
            items[-1].append(line.strip())
    cleaned = [item[0] + squash(clean(" ".join(item[1:]))) for item in items]
    return [item for item in cleaned if item.strip()]


class _BlockBuilder:
    """Accumulates lines of the current block and emits events in order."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.events: list[Event] = []
        self.kind = "text"
        self.lines: list[str] = []

    def flush(self) -> None:
        if self.lines:
            self.events.append(self._block())
        self.lines = []
        self.kind = "text"

    def _block(self) -> Block:
        clean = clean_inline if self.dialect.markdown else (lambda s: s)
        if self.kind == "table":
            rows = [_table_row(line) for line in self.lines if not _TABLE_SEP.match(line)]
            return Block("\n".join(r for r in rows if r.strip(" |")), "table")
        if self.kind == "list":
            return Block("\n".join(_list_items(self.lines, clean)), "list")
        return Block(squash(clean(" ".join(line.strip() for line in self.lines))), "text")

    def start(self, kind: str) -> None:
        if self.kind != kind:
            self.flush()
            self.kind = kind

    def heading(self, level: int, text: str) -> None:
        self.flush()
        title = clean_heading(text) if self.dialect.markdown else squash(text.rstrip("# \t"))
        if title:
            self.events.append(Heading(level, title))


def _is_table_start(lines: list[str], i: int) -> bool:
    """A pipe row followed by a `|---|---|` separator (or a row that starts and ends with a pipe)."""
    line = lines[i].strip()
    if line.startswith("|") and line.endswith("|") and line.count("|") >= 2:
        return True
    return "|" in line and i + 1 < len(lines) and bool(_TABLE_SEP.match(lines[i + 1]))


def _prose_events(text: str, builder: _BlockBuilder) -> None:
    """Line-based block structure of a stretch of prose (no code fences inside)."""
    md = builder.dialect.markdown
    lines = text.split("\n")
    for i, raw in enumerate(lines):
        line = _QUOTE.sub("", raw) if md else raw
        if not line.strip():
            builder.flush()
            continue
        atx = _ATX.match(line)
        if atx:
            builder.heading(len(atx.group(1)), atx.group(2))
            continue
        if md and builder.kind == "text" and len(builder.lines) == 1 and _SETEXT.match(line):
            text_line = builder.lines.pop()
            builder.heading(1 if line.strip()[0] == "=" else 2, text_line)
            continue
        if _HR.match(line) or (md and _LINK_DEF.match(line)):
            builder.flush()
            continue
        if builder.kind == "table" and "|" in line:
            builder.lines.append(line)
        elif _is_table_start(lines, i):
            builder.start("table")
            builder.lines.append(line)
        elif _LIST_ITEM.match(line) or (builder.kind == "list" and line[:1] in " \t"):
            builder.start("list")
            builder.lines.append(line)
        else:
            if builder.kind == "table":
                builder.flush()
            builder.lines.append(line)


def parse_markdown(text: str, dialect: Dialect) -> list[Event]:
    """Headings and blocks in document order; '# x' inside a code fence is never a heading."""
    builder = _BlockBuilder(dialect)
    for is_code, chunk in split_fences(text):
        if is_code:
            builder.flush()
            if chunk.strip():
                builder.events.append(Block(chunk, "code"))
            continue
        if dialect.markdown:
            chunk = strip_markup(chunk, mdx=dialect.mdx)
        _prose_events(chunk, builder)
    builder.flush()
    return builder.events
