"""Logging set-up: chatty libraries stay quiet even when they set their own level after start-up."""

from __future__ import annotations

import logging

from assistant.logs import QuietThirdPartyFilter


def _record(name: str, level: int) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, "Building index from tokens", None, None)


def test_a_chatty_library_is_heard_only_from_warning_up() -> None:
    quiet = QuietThirdPartyFilter()
    assert not quiet.filter(_record("bm25s", logging.DEBUG))  # bm25s sets DEBUG on itself when imported
    assert not quiet.filter(_record("chromadb.telemetry", logging.INFO))
    assert quiet.filter(_record("bm25s", logging.WARNING))


def test_our_own_records_pass_at_any_level() -> None:
    quiet = QuietThirdPartyFilter()
    assert quiet.filter(_record("assistant.retrieval", logging.INFO))
    assert quiet.filter(_record("bm25sish", logging.DEBUG))  # only the library's own loggers
