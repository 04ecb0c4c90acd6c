"""Domain exceptions. Adapters translate them at the edge (HTTP 4xx, a polite bot reply, a CLI line)."""


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


class InvalidQueryError(AssistantError):
    """A search or question is empty or too long."""
