"""Inline Markdown clean-up: links keep their text, images go, emphasis markers and escapes drop."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

_CODE_SPAN = re.compile(r"(?<!\\)(`+)[^`\n]*?\1")
_LINK_TEXT = r"((?:[^\[\]\n]|\[[^\[\]\n]{0,200}\]){1,500})"  # one level of [nested] brackets
_LINK_TARGET = r"\((?:[^()\s]|\([^()\n]{0,500}\))*(?:\s+\"[^\"\n]*\")?\)"  # url (with parens)
_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]" + _LINK_TARGET)
_LINK = re.compile(r"\[" + _LINK_TEXT + r"\]" + _LINK_TARGET)
_REF_LINK = re.compile(r"\[" + _LINK_TEXT + r"\]\[[^\]\n]{0,200}\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]{1,2000})>")
_BOLD = re.compile(r"(\*\*|__)(?=\S)([^\n]{1,1000}?)(?<=\S)\1")
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,1000}?)(?<=[^\s*])\*(?![\w*])")
_UNDERSCORE_ITALIC = re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]{1,1000}?)(?<=[^\s_])_(?![\w_])")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # any escaped ASCII punctuation
_PARKED = re.compile("\x00(\\d+)\x01")
_HEADING_ID = re.compile(r"\s*\{#[\w-]+\}\s*$")


def _restore(spans: list[str]) -> Callable[[re.Match[str]], str]:
    return lambda m: spans[int(m.group(1))]


def clean_inline(text: str) -> str:
    """Make one Markdown line/paragraph read as prose, leaving `code` spans exactly as written."""
    spans: list[str] = []
    if "`" in text:

        def park(match: re.Match[str]) -> str:
            spans.append(match.group(0))
            return f"\x00{len(spans) - 1}\x01"

        text = _CODE_SPAN.sub(park, text)  # NUL never survives decoding, so it is a safe marker
    if "[" in text:
        text = _IMAGE.sub("", text)
        text = _LINK.sub(r"\1", text)
        text = _REF_LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
    if "*" in text or "_" in text:
        text = _BOLD.sub(r"\2", text)
        text = _ITALIC.sub(r"\1", text)
        text = _UNDERSCORE_ITALIC.sub(r"\1", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "&" in text:
        text = html.unescape(text)
    return _PARKED.sub(_restore(spans), text) if spans else text


def clean_heading(text: str) -> str:
    """Heading text without `{#id}` anchors, trailing #'s or Markdown decoration."""
    text = _HEADING_ID.sub("", text)
    text = re.sub(r"\s+#+\s*$", "", text)
    return clean_inline(text).strip()
