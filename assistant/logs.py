"""Logging set-up shared by the entry points."""

from __future__ import annotations

import logging
from urllib.parse import unquote_plus

from assistant.privacy import redact

# Loggers whose records carry request data: uvicorn's access log prints every URL with its query string.
_REDACTED_LOGGERS = ("uvicorn.access", "uvicorn.error")


def _mask(value: str) -> str:
    """`value` with personal data masked, also when it hides in a percent-encoded URL."""
    masked = redact(value)
    if "%" in value or "+" in value:
        decoded = redact(unquote_plus(value))
        if decoded.kinds:
            return decoded.text
    return masked.text


class RedactingFilter(logging.Filter):
    """Masks CNIC numbers, phone numbers and e-mail addresses in a record's message and arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _mask(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_mask(a) if isinstance(a, str) else a for a in record.args)
        return True


_CHATTY = ("chromadb", "httpx", "httpcore", "urllib3", "bm25s", "onnxruntime")


class QuietThirdPartyFilter(logging.Filter):
    """Drops chatty libraries' records below WARNING. A filter on the handlers, not a logger level: a
    library imported later (they are imported lazily) may set its own logger's level, as bm25s does."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or record.name.split(".", 1)[0] not in _CHATTY


def configure_logging(level: str) -> None:
    """Plain, timestamped logs on stderr; chatty third-party loggers kept at WARNING; personal data masked."""
    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in _CHATTY:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        _add_once(handler, RedactingFilter)
        _add_once(handler, QuietThirdPartyFilter)
    redact_request_logs()


def redact_request_logs() -> None:
    """Mask personal data in uvicorn's loggers, which have handlers of their own (filtered at the logger,
    so it holds after uvicorn configures logging, in every worker process: `create_app` calls this)."""
    for name in _REDACTED_LOGGERS:
        _add_once(logging.getLogger(name), RedactingFilter)


def _add_once(target: logging.Filterer, kind: type[logging.Filter]) -> None:
    if not any(isinstance(f, kind) for f in target.filters):
        target.addFilter(kind())
