"""Domain exceptions. Adapters translate them at the edge (HTTP 4xx, a polite bot reply, a CLI line)."""

from pydantic import ValidationError


class AssistantError(Exception):
    """Base class: the message is safe to show to the user."""


class ModelNotInstalledError(AssistantError):
    """An offline model or tokenizer file is missing from the installed packages."""


class DocumentParseError(AssistantError):
    """A file could not be turned into text; the message says why."""


class UnsupportedFileError(DocumentParseError):
    """The file's extension is not one we ingest."""


class IndexUnavailableError(AssistantError):
    """The vector store cannot be reached."""


class DatabaseUnavailableError(AssistantError):
    """The question-log database cannot be reached; the API answers 503 until it is back."""


class InvalidQueryError(AssistantError):
    """A search or question is empty or too long."""


class OverloadedError(AssistantError):
    """Too much answer work in flight in this worker, and no slot freed up in time (`assistant.admission`):
    the request was not handled, and may be sent again after `retry_after_s` seconds."""

    def __init__(self, retry_after_s: int, kind: str = "") -> None:
        super().__init__("Many learners are asking at once; please send your question again shortly.")
        self.retry_after_s = retry_after_s
        self.kind = kind


class AnswererUnavailableError(Exception):
    """An LLM backend failed, timed out or replied nonsense; the caller falls back (never shown as is)."""


class TooLongError(InvalidQueryError):
    """A search, question or prompt is longer than its limit."""


def first_validation_problem(exc: ValidationError, whole: str = "item") -> str:
    """'field.path: message' for the first problem pydantic found, for one-line file errors."""
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or whole
    return f"{field}: {first['msg']}"
