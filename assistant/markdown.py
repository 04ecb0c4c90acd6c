"""The small markdown subset answers are written in, parsed once for every channel that renders it.

Answers are plain text with a few marks: lines starting "- " (a list item), ``` fences (a code block),
`code`, **bold** and [title](url) links. `parse` turns that into lines of styled spans and code blocks;
each channel renders those (Telegram HTML in bots/telegram/markdown.py, rich text in the terminal), so
they agree on what is a mark and what is text. Everything else is text: nothing in an answer can become
markup of the channel, and a link is kept only when it leads to an http(s) address."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

_FENCE = re.compile(r"^\s*```")
_BULLET = re.compile(r"^(?P<indent>\s*)[-*•]\s+(?P<rest>.*)$")
_LANGUAGE = re.compile(r"[A-Za-z0-9_+#.-]{1,32}")
# a URL may hold one level of balanced parentheses; anything else ends it
_INLINE = re.compile(
    r"`(?P<code>[^`\n]+)`"
    r"|\*\*(?P<bold>\S(?:[^\n]*?\S)?)\*\*"
    r"|\[(?P<label>[^\[\]\n]+)\]\((?P<url>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)"
)


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text and its marks; `url` is an absolute http(s) address."""

    text: str
    code: bool = False
    bold: bool = False
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text (empty for a blank line); `bullet` for a list item, drawn after `indent`."""

    spans: tuple[Span, ...]
    bullet: bool = False
    indent: str = ""

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True, slots=True)
class CodeBlock:
    code: str
    language: str = ""


Block = Line | CodeBlock


def parse(text: str, base_url: str | None = None) -> list[Block]:
    """The lines and code blocks of `text`. Relative links are made absolute on `base_url` (without it
    they are plain text, as are links that do not lead to an http(s) address).

    A fence's closing line may carry text after it ("``` [2]", as the answerers write a citation after a
    quoted block): that text follows the block as a line of its own. A fence left open ends with the text."""
    blocks: list[Block] = []
    code: list[str] | None = None  # the open block's lines
    language = ""
    for raw in text.split("\n"):
        if code is None:
            if _FENCE.match(raw):
                code, language = [], _language(raw.strip()[3:])
            else:
                blocks.append(_line(raw, base_url))
        elif _FENCE.match(raw):
            blocks.append(CodeBlock("\n".join(code), language))
            code = None
            after = raw.strip().lstrip("`").strip()
            if after:
                blocks.append(_line(after, base_url))
        else:
            code.append(raw)
    if code is not None:
        blocks.append(CodeBlock("\n".join(code), language))
    return blocks


def resolve_link(url: str, base_url: str | None) -> str | None:
    """`url` as an absolute http(s) address: as it is, or a relative one put on `base_url`. None for other
    schemes (javascript:, data:, mailto:...), a protocol-relative URL, or a relative one without a base."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme:
        return url if parts.scheme in ("http", "https") and parts.netloc else None
    if url.startswith(("//", "\\")) or base_url is None:
        return None
    return f"{base_url.rstrip('/')}/{url.lstrip('/')}"


def reads_left_to_right(text: str) -> bool:
    """Whether the first letter with a direction in `text` is written left to right (English, not Urdu)."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction == "L":
            return True
        if direction in ("R", "AL"):
            return False
    return False


def _language(info: str) -> str:
    found = _LANGUAGE.match(info.strip())
    return found.group() if found else ""


def _line(raw: str, base_url: str | None) -> Line:
    raw = raw.rstrip()
    bullet = _BULLET.match(raw)
    if bullet is not None:
        return Line(inline(bullet["rest"], base_url), bullet=True, indent=bullet["indent"])
    return Line(inline(raw, base_url))


def inline(text: str, base_url: str | None = None, *, bold: bool = False) -> tuple[Span, ...]:
    """The spans of one line: `code`, **bold**, [title](url) and the text between them."""
    spans: list[Span] = []
    at = 0
    for match in _INLINE.finditer(text):
        if match.start() > at:
            spans.append(Span(text[at : match.start()], bold=bold))
        if match["code"] is not None:
            spans.append(Span(match["code"], code=True, bold=bold))
        elif match["bold"] is not None:
            spans.extend(inline(match["bold"], base_url, bold=True))
        else:
            spans.append(Span(match["label"], bold=bold, url=resolve_link(match["url"], base_url)))
        at = match.end()
    if at < len(text):
        spans.append(Span(text[at:], bold=bold))
    return tuple(spans)
