"""Incremental ingestion: discover files, skip unchanged ones, parse, chunk, embed, and switch each
document to its new version atomically (see `assistant.index.catalog`)."""

from __future__ import annotations

import fcntl
import hashlib
import logging
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from assistant.errors import AssistantError, DocumentParseError
from assistant.index.catalog import DOC_TYPES, Catalog, ChunkRecord, DocumentRecord, UnitRecord
from assistant.index.units import split_units, vector_text, worth_a_vector
from assistant.index.vectors import VectorIndex, embedding_text
from assistant.ingest.chunking import Chunker
from assistant.ingest.document import ParsedDocument
from assistant.ingest.loaders import SUPPORTED_SUFFIXES, load_document

logger = logging.getLogger(__name__)

Embed = Callable[[list[str]], np.ndarray]
Progress = Callable[[str, int, int], None]  # (source, files done, files total)


@dataclass
class IngestReport:
    """What an ingest run did, for the CLI and the logs."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    missing_paths: list[str] = field(default_factory=list)
    unsupported: int = 0
    chunks: int = 0
    tokens: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed and not self.missing_paths


_EMBED_GROUP = 256  # chunks embedded per model call group: big batches run ~2.5x faster than per file


@dataclass(frozen=True, slots=True)
class _Prepared:
    document: DocumentRecord
    records: list[ChunkRecord]
    is_update: bool


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path
    source: str  # path relative to the PATH the user gave, with forward slashes
    root: Path


def _is_repository_metadata(relative: Path) -> bool:
    """README and LICENSE files describe a folder; they are not course content."""
    return relative.stem.upper().startswith(("README", "LICENSE", "LICENCE"))


def discover(root: Path) -> tuple[list[SourceFile], int]:
    """Supported files under `root` (or `root` itself) and the number of unsupported ones skipped.

    Hidden files and folders, README and LICENSE files, and links to files outside the folder are left out
    when a folder is given.
    """
    root = root.resolve()
    if root.is_file():
        return [SourceFile(root, root.name, root.parent)], 0
    found: list[SourceFile] = []
    unsupported = 0
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if not path.resolve().is_relative_to(root):  # a link out of the folder, e.g. to /etc/passwd
            logger.warning("Skipped %s: it links to a file outside %s", relative, root)
            continue
        if _is_repository_metadata(relative):
            continue
        if path.suffix.lower() in SUPPORTED_SUFFIXES:
            found.append(SourceFile(path, relative.as_posix(), root))
        elif path.suffix.lower() not in {".json", ".yaml", ".yml", ".py", ".ipynb"}:
            unsupported += 1
    return found, unsupported


def detect_language(text: str) -> str:
    """'ur' when most letters are Arabic-script, else 'en' (our two course languages)."""
    sample = text[:5000]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return "en"
    arabic = sum(1 for c in letters if "ARABIC" in unicodedata.name(c, ""))
    return "ur" if arabic / len(letters) > 0.3 else "en"


def classify(doc: ParsedDocument, source: str, forced: str | None) -> str:
    """Document type from the flag, else front matter, else a `policy` folder in the path."""
    for candidate in (forced, doc.meta.get("doc_type")):
        if candidate in DOC_TYPES:
            return candidate
    parts = source.lower().split("/")[:-1]
    return "policy" if any("polic" in part for part in parts) else "course"


def chunk_id(source: str, content_hash: str, ordinal: int) -> str:
    """Stable for the same file content; differs between versions so both can coexist mid-switch."""
    prefix = hashlib.sha1(source.encode()).hexdigest()[:16]  # noqa: S324 - an id, not security
    return f"{prefix}-{content_hash[:12]}-{ordinal:05d}"


class Ingestor:
    """Keeps the index in step with files on disk."""

    def __init__(
        self,
        catalog: Catalog,
        vectors: Callable[[], VectorIndex],
        embed: Embed,
        chunker: Chunker,
        fingerprint: str,
        lock_path: Path,
        max_file_bytes: int,
    ) -> None:
        self.catalog = catalog
        self._open_vectors = vectors  # opened on first use: an unchanged re-ingest never needs Chroma
        self.embed = embed
        self.chunker = chunker
        self.fingerprint = fingerprint
        self.lock_path = lock_path
        self.max_file_bytes = max_file_bytes

    @cached_property
    def vectors(self) -> VectorIndex:
        return self._open_vectors()

    @property
    def _clean_marker(self) -> Path:
        """Present while the index is consistent: removed before a run changes anything, written back
        when it finishes. A run that finds it missing (an interrupted run, or the first one) sweeps."""
        return self.lock_path.with_name("ingest.clean")

    def ingest(
        self,
        paths: list[Path],
        doc_type: str | None = None,
        prune: bool = False,
        progress: Progress | None = None,
    ) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport()
        with self._exclusive():
            if not self._clean_marker.exists():
                self._sweep()
            files: list[SourceFile] = []
            for path in paths:
                if not path.exists():
                    report.missing_paths.append(str(path))
                    continue
                found, unsupported = discover(path)
                files.extend(found)
                report.unsupported += unsupported
            pending: list[_Prepared] = []
            for done, file in enumerate(files, start=1):
                prepared = self._prepare(file, doc_type, report)
                if prepared:
                    pending.append(prepared)
                if sum(len(p.records) for p in pending) >= _EMBED_GROUP or done == len(files):
                    self._commit(pending, report)
                    pending = []
                if progress:
                    progress(file.source, done, len(files))
            if prune:
                self._prune(files, {p.resolve() for p in paths if p.is_dir()}, report)
            self._clean_marker.touch()
        report.seconds = time.perf_counter() - started
        return report

    def _prepare(self, file: SourceFile, doc_type: str | None, report: IngestReport) -> _Prepared | None:
        """Parse and chunk a new or changed file; None when it is unchanged or cannot be read."""
        try:
            size = file.path.stat().st_size
            if size > self.max_file_bytes:
                raise DocumentParseError(
                    f"the file is {size / 1e6:.1f} MB, over the {self.max_file_bytes / 1e6:.0f} MB limit "
                    "(raise ASSISTANT_MAX_FILE_MB to index it)"
                )
            content_hash = hashlib.sha256(file.path.read_bytes()).hexdigest()
            previous = self.catalog.document(file.source)
            if (
                previous
                and previous.content_hash == content_hash
                and previous.fingerprint == self.fingerprint
                and (doc_type is None or previous.doc_type == doc_type)
            ):
                report.unchanged += 1
                return None
            parsed = load_document(file.path)
            chunks = self.chunker.split(parsed)
            if not chunks:
                raise DocumentParseError("no text left after cleaning")
        except AssistantError as exc:
            report.failed.append((file.source, str(exc)))
            logger.warning("Skipped %s: %s", file.source, exc)
            return None
        except OSError as exc:
            report.failed.append((file.source, f"cannot read the file ({exc.strerror})"))
            return None
        kind = classify(parsed, file.source, doc_type)
        language = parsed.meta.get("language") or detect_language(parsed.text)
        records = [
            ChunkRecord(
                id=chunk_id(file.source, content_hash, c.ordinal),
                source=file.source,
                ordinal=c.ordinal,
                title=parsed.title,
                section=c.section,
                page=c.page,
                doc_type=kind,
                language=language,
                tokens=c.tokens,
                text=c.text,
            )
            for c in chunks
        ]
        document = DocumentRecord(
            source=file.source,
            content_hash=content_hash,
            fingerprint=self.fingerprint,
            root=str(file.root),
            title=parsed.title,
            doc_type=kind,
            language=language,
            chunk_count=len(records),
            size_bytes=size,
        )
        return _Prepared(document, records, is_update=previous is not None)

    def _commit(self, pending: list[_Prepared], report: IngestReport) -> None:
        """Embed a group of documents in one go, then switch each one to its new version."""
        records = [r for p in pending for r in p.records]
        if not records:
            return
        self._clean_marker.unlink(missing_ok=True)
        units = [(r, u) for r in records for u in split_units(r.text) if worth_a_vector(u)]
        texts = [embedding_text(r.title, r.section, r.text) for r in records]
        vectors = self._embed_once(texts + [vector_text(u) for _, u in units])
        self.vectors.add(
            [r.id for r in records],
            vectors[: len(records)],
            [_vector_metadata(r) for r in records],
            [r.text for r in records],
        )
        unit_vectors = vectors[len(records) :].astype(np.float16)
        by_chunk: dict[str, list[UnitRecord]] = {}
        for (record, unit), vector in zip(units, unit_vectors, strict=True):
            by_chunk.setdefault(record.id, []).append(UnitRecord(record.id, unit.position, vector.tobytes()))
        for prepared in pending:
            source = prepared.document.source
            old_ids = self.catalog.chunk_ids(source)
            own_units = [u for r in prepared.records for u in by_chunk.get(r.id, [])]
            self.catalog.replace_document(prepared.document, prepared.records, own_units)  # the switch
            stale = sorted(old_ids - {r.id for r in prepared.records})
            if stale:
                self.vectors.delete(stale)
            (report.updated if prepared.is_update else report.added).append(source)
            report.chunks += len(prepared.records)
            report.tokens += sum(r.tokens for r in prepared.records)

    def _embed_once(self, texts: list[str]) -> np.ndarray:
        """Vectors for `texts` in one pass (big batches are faster), each distinct text embedded once:
        overlapping chunks share their edge sentences (on the shared corpus 8% of sentences repeat)."""
        distinct = list(dict.fromkeys(texts))
        if len(distinct) == len(texts):
            return self.embed(texts)
        row = {text: i for i, text in enumerate(distinct)}
        return self.embed(distinct)[[row[text] for text in texts]]

    def _prune(self, files: list[SourceFile], roots: set[Path], report: IngestReport) -> None:
        present = {f.source for f in files}
        for doc in self.catalog.documents():
            if Path(doc.root) in roots and doc.source not in present:
                self._clean_marker.unlink(missing_ok=True)
                ids = sorted(self.catalog.chunk_ids(doc.source))
                self.catalog.remove_document(doc.source)
                self.vectors.delete(ids)
                report.removed.append(doc.source)

    def _sweep(self) -> None:
        """Repair what an interrupted run left: drop orphan vectors, re-ingest docs missing vectors."""
        live = self.catalog.chunk_ids()
        stored = self.vectors.ids()
        orphans = sorted(stored - live)
        if orphans:
            logger.info("Removing %d vectors left by an interrupted ingest", len(orphans))
            self.vectors.delete(orphans)
        missing = live - stored
        if missing:
            sources = {c.source for c in self.catalog.chunks_by_id(sorted(missing)).values()}
            for source in sources:
                logger.warning("Vectors of %s are missing; it will be re-indexed", source)
                self.catalog.remove_document(source)

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        """One ingest at a time per data dir (a second one waits)."""
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        with self.lock_path.open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _vector_metadata(record: ChunkRecord) -> dict[str, str | int]:
    meta: dict[str, str | int] = {
        "source": record.source,
        "title": record.title,
        "section": record.section,
        "doc_type": record.doc_type,
        "language": record.language,
        "ordinal": record.ordinal,
    }
    if record.page is not None:
        meta["page"] = record.page
    return meta
