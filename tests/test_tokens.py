import pytest

from assistant import tokens
from assistant.errors import ModelNotInstalledError


def test_cl100k_matches_known_ids() -> None:
    assert tokens.encoding().encode_ordinary("hello world") == [15339, 1917]
    assert tokens.count_tokens("") == 0


def test_truncate_keeps_a_prefix_within_the_limit() -> None:
    text = "Prompt engineering is a skill. " * 50
    cut = tokens.truncate_tokens(text, 20)
    assert tokens.count_tokens(cut) <= 20
    assert text.startswith(cut)


def test_a_tampered_table_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "_CL100K_SHA256", "0" * 64)
    with pytest.raises(ModelNotInstalledError, match="sha256"):
        tokens._read_table()
