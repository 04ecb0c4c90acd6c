"""The answers' markdown subset, parsed once for every channel."""

from __future__ import annotations

import pytest

from assistant.markdown import CodeBlock, Line, Span, parse, reads_left_to_right, resolve_link


def test_lines_items_and_code_blocks() -> None:
    blocks = parse("Intro:\n- one `x`\n  * two\n```py\na = 1\n\nb = 2\n``` [3]\n1. kept as text")
    assert blocks == [
        Line((Span("Intro:"),)),
        Line((Span("one "), Span("x", code=True)), bullet=True),
        Line((Span("two"),), bullet=True, indent="  "),
        CodeBlock("a = 1\n\nb = 2", "py"),
        Line((Span("[3]"),)),
        Line((Span("1. kept as text"),)),
    ]


def test_bold_may_hold_code_and_links_and_odd_stars_stay_text() -> None:
    (line,) = parse("**see `x` and [y](https://y.example)** 2 ** 3 **not closed")
    assert isinstance(line, Line)
    assert line.spans == (
        Span("see ", bold=True),
        Span("x", code=True, bold=True),
        Span(" and ", bold=True),
        Span("y", bold=True, url="https://y.example"),
        Span(" 2 ** 3 **not closed"),
    )


@pytest.mark.parametrize(
    ("url", "base", "resolved"),
    [
        ("https://a.example/x?q=1", None, "https://a.example/x?q=1"),
        ("http://a.example", None, "http://a.example"),
        ("/sources/view?source=a.md", "https://u.example", "https://u.example/sources/view?source=a.md"),
        ("sources/view", "https://u.example/ustad/", "https://u.example/ustad/sources/view"),
        ("/sources/view?source=a.md", None, None),
        ("javascript:alert(1)", "https://u.example", None),
        (" JAVASCRIPT:alert(1)", "https://u.example", None),
        ("data:text/html,x", "https://u.example", None),
        ("//evil.example/x", "https://u.example", None),
        ("https:///no-host", None, None),
        ("ftp://a.example/f", None, None),
    ],
)
def test_only_http_links_survive(url: str, base: str | None, resolved: str | None) -> None:
    assert resolve_link(url, base) == resolved


def test_direction_is_that_of_the_first_letter_with_one() -> None:
    assert reads_left_to_right("[1] Model settings")
    assert not reads_left_to_right("2025 کی پالیسی in English")
    assert not reads_left_to_right("[1] 42")
