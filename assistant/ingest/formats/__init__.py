"""One parser per file format; `assistant.ingest.loaders` picks the right one by suffix."""
