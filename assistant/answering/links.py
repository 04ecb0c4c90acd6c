"""Mentions of another document in an answer ('the file "National AI Policy 2025: funding"') become
links to that document's source view, so a learner can follow them in every channel. Links are markdown
with a relative URL; each channel makes it absolute (or plain text) when it renders the answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlencode

SOURCE_VIEW = "/sources/view"
_FILE_MENTION = re.compile(
    r"\b(?P<lead>(?:the )?(?:file|document|lesson|page))\s+[\"“](?P<title>[^\"”\n]{3,160})[\"”]", re.I
)


def source_view_url(source: str, section: str | None = None) -> str:
    """The relative URL of a document's readable view (`assistant/api/routes/sources.py`), with the
    section to highlight when one is cited ("" is the untitled text before the first heading)."""
    query = {"source": source, **({"section": section} if section is not None else {})}
    return f"{SOURCE_VIEW}?{urlencode(query)}"


def link_file_mentions(text: str, source_titled: Callable[[str], str | None]) -> str:
    """`text` with each quoted mention of a known document's title made a markdown link to it."""

    def linked(match: re.Match[str]) -> str:
        source = source_titled(match["title"])
        if source is None:
            return match[0]
        return f"{match['lead']} [{match['title']}]({source_view_url(source)})"

    return _FILE_MENTION.sub(linked, text)
