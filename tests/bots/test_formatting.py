"""Telegram HTML: escaping and splitting at 4,096 characters, checked with the fake server's parser."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.answering.types import Answer, Citation
from assistant.messages import say
from bots.telegram.formatting import escape, flag_note, render_answer, split_html, utf16_len
from bots.telegram.messages import LANGS, TEXTS, placeholders
from tests.helpers.fake_telegram import check_html

NASTY = "_*[]()~>#+-=|{}.!<&\"'`\\"
PIECES = [*NASTY, "a", "b", " ", "\n", "\n\n", "اردو", "🙂", "é"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=400).map("".join)


def _visible(part: str) -> str:
    return html.unescape(re.sub(r"<[^<>]*>", "", part))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_escaped_markdown_characters_are_valid_html() -> None:
    text = escape(NASTY * 3)
    assert check_html(text) and _visible(text) == NASTY * 3


def test_answer_renders_sources_compactly() -> None:
    citations = [
        Citation(1, "course/settings.md", "Model settings", "Temperature", "...", 0.9),
        Citation(2, "policy/ai.pdf", "AI <policy> & you", "AI <policy> & you", "...", 0.5, page=3),
    ]
    answer = Answer(f"Lower temperature [1]. {NASTY} [2]", citations, False, "extractive", "q")
    rendered = render_answer(answer, "en")
    check_html(rendered)
    assert "[1] Model settings › Temperature" in rendered
    assert "[2] AI &lt;policy&gt; &amp; you, p. 3" in rendered


@settings(max_examples=150, deadline=None)
@given(TEXT, st.integers(min_value=40, max_value=400), st.booleans())
def test_split_parts_fit_parse_and_keep_every_character(text: str, limit: int, bold: bool) -> None:
    body = escape(text)
    source = f"<b>Title</b>\n{'<b>' + body + '</b>' if bold else body}\n<pre>{escape(text[:80])}</pre>"
    parts = split_html(source, limit)
    for part in parts:
        assert utf16_len(part) <= limit
        check_html(part)
    assert _squash("".join(_visible(p) for p in parts)) == _squash(_visible(source))


def test_long_answer_splits_on_paragraphs() -> None:
    paragraphs = [f"Paragraph {i}: " + "word " * 150 for i in range(20)]
    parts = split_html(escape("\n\n".join(paragraphs)))
    assert len(parts) > 1 and all(utf16_len(p) <= 4096 for p in parts)
    assert all(p.startswith("Paragraph") for p in parts)


def test_short_text_is_one_part_and_blank_is_none() -> None:
    assert split_html("hi") == ["hi"]
    assert split_html("  \n ") == []


def test_every_ui_text_has_both_languages_with_the_same_placeholders() -> None:
    for key, texts in TEXTS.items():
        assert set(texts) == set(LANGS), key
        assert placeholders(texts["en"]) == placeholders(texts["ur"]), key
        for text in texts.values():
            check_html(text.replace("{", "").replace("}", ""))


def test_urdu_texts_use_urdu_punctuation() -> None:
    for key, texts in TEXTS.items():
        words = re.sub(r"<[^>]*>|\{[^}]*\}|/[a-z_]+|\d[\d.,/-]*\d", "", texts["ur"])
        assert not re.search(r"[.,?;]", words), (key, words)


def test_urdu_sources_name_their_page_in_urdu_and_isolate_english_titles() -> None:
    citations = [Citation(1, "policy/ai.pdf", "AI policy", "Funding", "...", 0.5, page=3)]
    rendered = render_answer(Answer("Funding grows. [1]", citations, False, "extractive", "q"), "ur")
    check_html(rendered)
    assert rendered.endswith("[1] \u2068AI policy › Funding\u2069، صفحہ 3")
    assert ", p." not in rendered


def test_score_caps_are_worded_as_in_every_channel() -> None:
    for lang in LANGS:
        assert flag_note("too_short", lang) == html.escape(say("flag_too_short", lang), quote=False)
        assert not any(key.startswith("flag_") for key in TEXTS)  # one copy: assistant/messages
    assert flag_note("personal_data", "en").endswith("such as [Name].")
