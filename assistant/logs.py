"""Logging set-up shared by the entry points."""

from __future__ import annotations

import logging


def configure_logging(level: str) -> None:
    """Plain, timestamped logs on stderr; chatty third-party loggers kept at WARNING."""
    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("chromadb", "httpx", "httpcore", "urllib3", "bm25s", "onnxruntime"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
