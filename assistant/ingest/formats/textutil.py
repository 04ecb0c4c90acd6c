"""Byte sniffing, decoding and whitespace clean-up shared by every text-based format."""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from assistant.errors import DocumentParseError

# Control bytes that never occur in real text (tab, LF, VT, FF, CR and ESC are tolerated).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_SNIFF_BYTES = 64 * 1024
_MAX_CONTROL_RATIO = 0.05

_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufeff\u00ad]")
_LINE_BREAKS = re.compile("\r\n?|[\x0c\u2028\u2029\x85]")
_LANG_SUFFIX = re.compile(r"\.[a-z]{2}(?:[-_][A-Za-z]{2,4})?$")  # 'cot.en', 'intro.ur-PK'


def looks_binary(data: bytes) -> bool:
    """Tell text from an image or archive renamed to a text suffix, so it is not indexed as noise."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in data:
        return True
    sample = data[:_SNIFF_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > len(sample) * _MAX_CONTROL_RATIO


def _arabic_legacy(data: bytes) -> str | None:
    """Decode Windows-1256 (legacy Urdu/Arabic) when the bytes are mostly high and decode to Arabic."""
    sample = data[:_SNIFF_BYTES]
    high = sum(1 for b in sample if b >= 0x80)
    if high < len(sample) * 0.2:
        return None
    text = data.decode("cp1256", errors="replace")
    probe = text[:_SNIFF_BYTES]
    non_ascii = [c for c in probe if ord(c) >= 0x80]
    arabic = sum(1 for c in non_ascii if "\u0600" <= c <= "\u06ff")
    return text if non_ascii and arabic >= 0.6 * len(non_ascii) else None


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (BOM or not) or UTF-16 with BOM, else a legacy Windows code page, never failing."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DocumentParseError(f"invalid UTF-16 text ({exc.reason})") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    arabic = _arabic_legacy(data)
    if arabic is not None:
        return arabic
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_text(data: bytes) -> str:
    """Turn the bytes of a text-format file into normalised text, rejecting binaries and empties."""
    if not data.strip():
        raise DocumentParseError("empty file")
    if looks_binary(data):
        raise DocumentParseError("looks like a binary file, not text")
    return normalize_newlines(decode_text(data))


def normalize_newlines(text: str) -> str:
    """NFC, LF line endings and no stray control characters; keeps all other characters intact."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _BAD_CHARS.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def squash(text: str) -> str:
    """Collapse runs of whitespace (NBSP too, never ZWNJ/ZWJ) and trim, for prose that is not code."""
    return " ".join(text.split())


def humanize_stem(path: Path) -> str:
    """Make a readable title from a file name: 'prompt_chaining.en.mdx' -> 'Prompt chaining'."""
    stem = _LANG_SUFFIX.sub("", path.stem) or path.stem
    words = squash(re.sub(r"[-_]+", " ", stem))
    return (words[:1].upper() + words[1:]) if words else path.name
