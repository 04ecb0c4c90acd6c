"""YAML front matter (`--- ... ---` at the top of a text file) -> meta dict of strings."""

from __future__ import annotations

import logging
import re
from datetime import date

import yaml

logger = logging.getLogger(__name__)

_SEARCH_LIMIT = 64 * 1024
_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def _as_str(value: object) -> str | None:
    """Flatten a YAML value to text; lists become comma-separated, empty values are dropped."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        parts = [p for p in (_as_str(v) for v in value) if p]
        return ", ".join(parts) or None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Return (meta with lower-cased keys, body); invalid or non-mapping YAML is no front matter."""
    match = _FRONT_MATTER.match(text[:_SEARCH_LIMIT])
    if match is None:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        logger.warning("ignoring invalid YAML front matter: %s", type(exc).__name__)
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    pairs = ((str(k).strip().lower(), _as_str(v)) for k, v in data.items())
    meta = {k: v for k, v in pairs if k and v is not None}
    return meta, text[match.end() :]
