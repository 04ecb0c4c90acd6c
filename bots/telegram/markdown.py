"""An answer's markdown subset (`assistant.markdown`) as Telegram HTML: list items with "• ", code blocks
as <pre><code class="language-x">, `code`, **bold** and http(s) links; every other character is escaped
text, so an answer can never inject markup.

In an Urdu chat each line that reads left to right (English answer text) is wrapped in Unicode isolates
(U+2068 FIRST STRONG ISOLATE ... U+2069 POP DIRECTIONAL ISOLATE): Telegram has no bidi markup, and
without them an English sentence in a right-to-left message shows its full stop and [n] markers at the
wrong end."""

from __future__ import annotations

import html

from assistant.markdown import CodeBlock, Line, Span, parse, reads_left_to_right

FSI = "\u2068"  # FIRST STRONG ISOLATE
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE


def escape(text: str) -> str:
    """Text safe inside Telegram HTML (only <, > and & are special outside attributes)."""
    return html.escape(text, quote=False)


def isolate(text: str, html_text: str) -> str:
    """`html_text` (the HTML of `text`) isolated when `text` reads left to right."""
    return f"{FSI}{html_text}{PDI}" if reads_left_to_right(text) else html_text


def link(url: str, label_html: str) -> str:
    return f'<a href="{html.escape(url, quote=True)}">{label_html}</a>'


def to_html(text: str, public_url: str | None = None, isolated: bool = False) -> str:
    """Telegram HTML for an answer's `text`; relative links are put on `public_url` (plain text without
    it); `isolated` (Urdu chats) wraps left-to-right lines in isolates."""
    lines = []
    for block in parse(text, public_url):
        if isinstance(block, CodeBlock):
            if block.code.strip():
                language = f' class="language-{block.language}"' if block.language else ""
                lines.append(f"<pre><code{language}>{escape(block.code)}</code></pre>")
        else:
            lines.append(_line(block, isolated))
    return "\n".join(lines)


def _line(line: Line, isolated: bool) -> str:
    body = "".join(_span(s) for s in line.spans)
    if isolated:
        body = isolate(line.text, body)
    return f"{escape(line.indent)}• {body}" if line.bullet else body


def _span(span: Span) -> str:
    out = escape(span.text)
    if span.code:
        out = f"<code>{out}</code>"
    if span.url is not None:
        out = link(span.url, out)
    if span.bold:
        out = f"<b>{out}</b>"
    return out
