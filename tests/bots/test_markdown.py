"""An answer's markdown subset as Telegram HTML: the marks it knows, and nothing injected by the rest."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bots.telegram.formatting import split_html, utf16_len
from bots.telegram.markdown import FSI, PDI, to_html
from tests.helpers.fake_telegram import check_html

PUBLIC = "https://ustad.example.gov.pk"


def test_lists_code_bold_and_links_become_telegram_html() -> None:
    text = (
        "A prompt has **four parts** [1]:\n"
        "- the `instruction`\n"
        "- the context\n\n"
        "For example:\n"
        "```text\n"
        "Summarise <memo> & list 3 points\n"
        "```\n"
        "See [the lesson](https://example.org/lesson) [2]"
    )
    rendered = to_html(text)
    check_html(rendered)
    assert rendered.split("\n")[:3] == [
        "A prompt has <b>four parts</b> [1]:",
        "• the <code>instruction</code>",
        "• the context",
    ]
    assert (
        '<pre><code class="language-text">Summarise &lt;memo&gt; &amp; list 3 points</code></pre>' in rendered
    )
    assert 'See <a href="https://example.org/lesson">the lesson</a> [2]' in rendered


def test_a_closing_fence_with_a_citation_after_it() -> None:
    rendered = to_html("The prompt:\n```\nDraft a reply.\n``` [4]")
    assert rendered == "The prompt:\n<pre><code>Draft a reply.</code></pre>\n[4]"
    assert to_html("```python\nprint(1)") == '<pre><code class="language-python">print(1)</code></pre>'


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<b onclick="alert(1)">hi</b>', '&lt;b onclick="alert(1)"&gt;hi&lt;/b&gt;'),
        ("[x](javascript:alert(1))", "x"),
        ("[x](JavaScript:alert(1))", "x"),
        ("[x](data:text/html,<script>alert(1)</script>)", "x"),
        ("[x](//evil.example/)", "x"),
        ("[x](mailto:a@b.c)", "x"),
        ("`<i>` and **<u>**", "<code>&lt;i&gt;</code> and <b>&lt;u&gt;</b>"),
        (
            "```\n</code></pre><a href=x>\n```",
            "<pre><code>&lt;/code&gt;&lt;/pre&gt;&lt;a href=x&gt;</code></pre>",
        ),
        ("[**x**](https://a.example)", '<a href="https://a.example">**x**</a>'),
    ],
)
def test_nothing_in_an_answer_becomes_markup(text: str, shown: str) -> None:
    rendered = to_html(text)
    check_html(rendered)
    assert rendered == shown


def test_a_quote_in_a_link_cannot_leave_its_attribute() -> None:
    rendered = to_html('[x](https://a.example/"onmouseover="alert(1))')
    check_html(rendered)
    assert rendered == '<a href="https://a.example/&quot;onmouseover=&quot;alert(1)">x</a>'


def test_relative_links_need_the_public_url() -> None:
    text = "the file [National AI Policy](/sources/view?source=policy%2Fai.txt) says so"
    assert to_html(text) == "the file National AI Policy says so"
    assert to_html(text, PUBLIC) == (
        f'the file <a href="{PUBLIC}/sources/view?source=policy%2Fai.txt">National AI Policy</a> says so'
    )


def test_isolated_lines_are_the_left_to_right_ones() -> None:
    text = "Temperature controls randomness. [1]\n\n- a **list** item\nقومی پالیسی۔ [2]\n```\ncode\n```"
    lines = to_html(text, isolated=True).split("\n")
    assert lines[0] == f"{FSI}Temperature controls randomness. [1]{PDI}"
    assert lines[1] == ""
    assert lines[2] == f"• {FSI}a <b>list</b> item{PDI}"
    assert lines[3] == "قومی پالیسی۔ [2]"  # already right to left
    assert lines[4] == "<pre><code>code</code></pre>"  # code is copied: no invisible characters in it
    assert FSI not in to_html(text)


MARKS = ["*", "**", "`", "```", "[", "]", "(", ")", "- ", "<", ">", "&", '"', "a", " ", "\n", "اردو"]
MARKS += ["javascript:", "https://x.example", "/sources/view?a=1&b=2"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(MARKS), max_size=80).map("".join), st.booleans())
def test_any_text_renders_to_html_telegram_accepts(text: str, isolated: bool) -> None:
    rendered = to_html(text, PUBLIC, isolated)
    check_html(rendered)
    for href in re.findall(r'<a href="([^"]*)"', rendered):
        assert href.startswith(("https://", "http://"))
    assert not re.search(r"<(?!/?(?:b|code|pre|a)[ >])", rendered)


def test_a_long_code_block_splits_into_balanced_messages() -> None:
    code = "\n".join(f"line {i}: <tag> & more words to fill the block" for i in range(300))
    rendered = to_html(f"Intro paragraph.\n\n```python\n{code}\n```\nAfter the block [1]")
    parts = split_html(rendered)
    assert len(parts) > 1
    for part in parts:
        assert utf16_len(part) <= 4096
        check_html(part)
    assert parts[0].startswith("Intro paragraph.")
    assert all(p.startswith('<pre><code class="language-python">') for p in parts[1:-1])
    assert parts[-1].endswith("After the block [1]")
    joined = "".join(re.sub(r"<[^<>]*>", "", p) for p in parts)
    assert joined.count("line ") == 300
