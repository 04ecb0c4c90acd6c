"""Mentions of another document become links to its source view (pure logic)."""

from __future__ import annotations

from assistant.answering.links import link_file_mentions, source_view_url

TITLES = {"national ai policy 2025: funding and incentives": "policy/funding.md"}


def _lookup(title: str) -> str | None:
    return TITLES.get(" ".join(title.casefold().split()))


def test_a_mention_of_a_known_document_becomes_a_link() -> None:
    text = 'The Fund is new; the file "National AI Policy 2025: funding and incentives" gives details.'
    linked = link_file_mentions(text, _lookup)
    assert (
        "the file [National AI Policy 2025: funding and incentives](/sources/view?source=policy%2Ffunding.md)"
        in linked
    )
    assert linked.endswith(" gives details.")


def test_unknown_titles_and_plain_quotes_stay_as_they_are() -> None:
    text = 'See the file "Minutes of a meeting" and the word "prompt".'
    assert link_file_mentions(text, _lookup) == text


def test_the_source_view_url_encodes_source_and_section() -> None:
    assert source_view_url("course/a b.md", "Part 1 > Intro") == (
        "/sources/view?source=course%2Fa+b.md&section=Part+1+%3E+Intro"
    )
