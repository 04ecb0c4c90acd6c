"""Strip MDX/HTML noise (ESM lines, JSX components, tags, comments) from Markdown prose."""

from __future__ import annotations

import re

# Tags whose whole element (content included) is noise in a text index.
_DROP_WITH_CONTENT = frozenset({"iframe", "script", "style", "video", "audio", "svg", "object"})
_INLINE_HTML = frozenset(
    {"a", "abbr", "b", "code", "em", "i", "kbd", "mark", "small", "span", "strong", "sub", "sup"}
    | {"u", "s", "del", "ins", "q", "cite", "var", "samp", "time", "font"}
)
_BLOCK_HTML = frozenset(
    {"div", "p", "br", "hr", "img", "picture", "source", "figure", "figcaption", "details"}
    | {"summary", "center", "section", "article", "aside", "blockquote", "table", "thead"}
    | {"tbody", "tr", "td", "th", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4"}
    | {"h5", "h6", "pre", "main", "nav", "header", "footer", "embed", "track"}
)
_VOID_INLINE = frozenset({"br", "img", "wbr", "source", "track", "embed"})  # no line break
_KNOWN_HTML = _INLINE_HTML | _BLOCK_HTML | _DROP_WITH_CONTENT

_TAG_START = re.compile(r"<(/?)([A-Za-z][\w.:-]*)")
_SPECIAL = re.compile(r"[<`{\\]")
_MAX_TAG_CHARS = 8000
_MAX_SPAN_CHARS = 2000
_MAX_ELEMENT_CHARS = 200_000  # bound look-ahead for closers so unclosed tags cannot go quadratic
_MAX_EXPORT_LINES = 200
_TICKS = re.compile(r"`+")

_IMPORT_ONE_LINE = re.compile(r"^import\s+(?:[\s\S]*?\sfrom\s+)?['\"][^'\"]+['\"];?\s*$")
_EXPORT_START = re.compile(r"^export\s+(?:default\b|const\b|let\b|var\b|function\b|async\b|\{)")


def _brace_delta(line: str) -> int:
    """Net `{` minus `}`, to find where a multi-line `export const x = {...}` ends."""
    return line.count("{") - line.count("}") + line.count("(") - line.count(")")


def drop_esm(text: str) -> str:
    """Remove MDX `import ... from '...'` and `export ...` statements (also multi-line ones)."""
    out: list[str] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("import ") or line.startswith("import{"):
            end = i
            stmt = line
            while not _IMPORT_ONE_LINE.match(stmt) and end + 1 < len(lines) and end - i < 30:
                end += 1
                stmt += "\n" + lines[end]
            if _IMPORT_ONE_LINE.match(stmt):
                i = end + 1
                continue
        elif _EXPORT_START.match(line):
            depth = _brace_delta(line)
            end = i
            while depth > 0 and end + 1 < len(lines) and end - i < _MAX_EXPORT_LINES:
                end += 1
                depth += _brace_delta(lines[end])
            if depth <= 0:
                i = end + 1
                continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _tag_end(text: str, pos: int) -> int:
    """Index just past the `>` closing a tag opened before `pos`, skipping quotes and {...}; -1."""
    depth = 0
    limit = min(len(text), pos + _MAX_TAG_CHARS)
    i = pos
    while i < limit:
        ch = text[i]
        if ch in "\"'`" and (depth or ch != "`"):
            close = text.find(ch, i + 1, limit)
            if close < 0:
                return -1
            i = close + 1
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == ">" and depth <= 0:
            return i + 1
        elif ch == "<" and depth <= 0:
            return -1  # a new tag starts: what we saw was not a tag
        i += 1
    return -1


def _skip_element(text: str, name: str, pos: int) -> int:
    """Index just past `</name>` (case-insensitive) starting from `pos`, or `pos` if absent."""
    closer = re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE)
    match = closer.search(text, pos, pos + _MAX_ELEMENT_CHARS)
    return match.end() if match else pos


def _strip_tag(text: str, i: int, out: list[str], *, mdx: bool) -> int:
    """Handle the `<` at `i`: drop a tag/comment and return where to continue, or keep it."""
    if text.startswith("<!--", i):
        end = text.find("-->", i + 4, i + _MAX_ELEMENT_CHARS)
        if end >= 0:
            return end + 3
    match = _TAG_START.match(text, i)
    if match is None:
        out.append("<")
        return i + 1
    closing, name = match.group(1) == "/", match.group(2)
    lower = name.lower()
    is_component = mdx and name[0].isupper()
    if not is_component and lower not in _KNOWN_HTML:
        out.append("<")
        return i + 1
    end = _tag_end(text, match.end())
    if end < 0:
        out.append("<")
        return i + 1
    self_closing = text[end - 2] == "/"
    if lower in _DROP_WITH_CONTENT and not closing and not self_closing:
        end = _skip_element(text, lower, end)
    if is_component or lower in _BLOCK_HTML:
        out.append(" " if lower in _VOID_INLINE else "\n")
    elif lower in _DROP_WITH_CONTENT:
        out.append("\n")
    return end


def _code_span(text: str, j: int, out: list[str]) -> int:
    """Copy an inline `code` span verbatim (bounded look-ahead keeps this linear); return next index."""
    ticks_match = _TICKS.match(text, j)
    ticks = ticks_match.group(0) if ticks_match else "`"
    start = j + len(ticks)
    limit = min(len(text), start + _MAX_SPAN_CHARS)
    close = text.find(ticks, start, limit)
    para_end = text.find("\n\n", start, limit)
    if close < 0 or 0 <= para_end < close:
        out.append(ticks)
        return start
    out.append(text[j : close + len(ticks)])
    return close + len(ticks)


def strip_markup(text: str, *, mdx: bool) -> str:
    """Remove HTML/JSX tags and comments from prose, leaving inline `code` spans untouched."""
    if mdx:
        text = drop_esm(text)
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        match = _SPECIAL.search(text, i)
        if match is None:
            out.append(text[i:])
            break
        j = match.start()
        out.append(text[i:j])
        ch = text[j]
        if ch == "\\":
            out.append(text[j : j + 2])  # an escaped character (e.g. \<MASK\>) is literal text
            i = j + 2
        elif ch == "`":
            i = _code_span(text, j, out)
        elif ch == "{":
            comment = mdx and text.startswith("{/*", j)
            end = text.find("*/}", j, j + _MAX_ELEMENT_CHARS) if comment else -1
            if end >= 0:
                i = end + 3
            else:
                out.append("{")
                i = j + 1
        else:
            i = _strip_tag(text, j, out, mdx=mdx)
    return "".join(out)
