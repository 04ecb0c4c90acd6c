"""The index catalog: which version of each document is live, and the text of its chunks.

Vectors go to Chroma first under ids that include the document's content hash; the catalog then switches
a document to its new version in one transaction. A search only returns chunks the catalog knows, so an
interrupted ingest never shows a half-indexed document, and leftover vectors are swept on the next ingest.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

DOC_TYPES = ("course", "policy")  # what a document can be: learners filter on it

metadata = sa.MetaData()

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("source", sa.String(1024), primary_key=True),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("fingerprint", sa.String(128), nullable=False),
    sa.Column("root", sa.String(2048), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("doc_type", sa.String(32), nullable=False),
    sa.Column("language", sa.String(16), nullable=False),
    sa.Column("chunk_count", sa.Integer, nullable=False),
    sa.Column("size_bytes", sa.Integer, nullable=False),
    sa.Column("ingested_at", sa.Float, nullable=False),
)

chunks = sa.Table(
    "chunks",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("source", sa.String(1024), nullable=False, index=True),
    sa.Column("ordinal", sa.Integer, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("section", sa.Text, nullable=False),
    sa.Column("page", sa.Integer),
    sa.Column("doc_type", sa.String(32), nullable=False),
    sa.Column("language", sa.String(16), nullable=False),
    sa.Column("tokens", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
)

units = sa.Table(  # a vector per quotable sentence of a live chunk (assistant.index.units)
    "units",
    metadata,
    sa.Column("chunk_id", sa.String(64), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("vector", sa.LargeBinary, nullable=False),  # float16, DIMENSION values
)

state = sa.Table(
    "catalog_state",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Integer, nullable=False),
)


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    source: str
    content_hash: str
    fingerprint: str
    root: str
    title: str
    doc_type: str
    language: str
    chunk_count: int
    size_bytes: int
    ingested_at: float = 0.0


@dataclass(frozen=True, slots=True)
class ChunkRecord:
    id: str
    source: str
    ordinal: int
    title: str
    section: str
    page: int | None
    doc_type: str
    language: str
    tokens: int
    text: str


@dataclass(frozen=True, slots=True)
class UnitRecord:
    chunk_id: str
    position: int
    vector: bytes


def _enable_sqlite_wal(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _pragma(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=10000")  # first: switching to WAL must wait, not fail
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


class Catalog:
    """Documents and chunks that are live in the index, plus a generation counter bumped on change."""

    def __init__(self, url: str) -> None:
        self.engine = sa.create_engine(url)
        self.local_changes = 0  # changes made through this object: seen at once, without polling
        if self.engine.dialect.name == "sqlite":
            _enable_sqlite_wal(self.engine)
        metadata.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def generation(self) -> int:
        """A number that changes whenever live content changes (cheap to poll)."""
        with self.engine.connect() as conn:
            value = conn.execute(sa.select(state.c.value).where(state.c.key == "generation"))
            return int(value.scalar() or 0)

    def document(self, source: str) -> DocumentRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(documents).where(documents.c.source == source)).first()
        return DocumentRecord(**row._mapping) if row else None

    def documents(self) -> list[DocumentRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(documents).order_by(documents.c.source)).all()
        return [DocumentRecord(**r._mapping) for r in rows]

    def chunk_ids(self, source: str | None = None) -> set[str]:
        query = sa.select(chunks.c.id)
        if source is not None:
            query = query.where(chunks.c.source == source)
        with self.engine.connect() as conn:
            return set(conn.execute(query).scalars())

    def all_chunks(self) -> list[ChunkRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(chunks).order_by(chunks.c.source, chunks.c.ordinal)).all()
        return [ChunkRecord(**r._mapping) for r in rows]

    def chunks_by_id(self, ids: Sequence[str]) -> dict[str, ChunkRecord]:
        if not ids:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(chunks).where(chunks.c.id.in_(list(ids)))).all()
        return {r.id: ChunkRecord(**r._mapping) for r in rows}

    def all_units(self) -> list[UnitRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(units).order_by(units.c.chunk_id, units.c.position)).all()
        return [UnitRecord(**r._mapping) for r in rows]

    def replace_document(
        self,
        record: DocumentRecord,
        new_chunks: Iterable[ChunkRecord],
        new_units: Iterable[UnitRecord] = (),
    ) -> None:
        """Make `record`, `new_chunks` and their sentences' vectors the live version of the document,
        all or nothing."""
        rows = [_as_dict(c) for c in new_chunks]
        unit_rows = [_as_dict(u) for u in new_units]
        with self.engine.begin() as conn:
            self._delete(conn, record.source)
            conn.execute(sa.insert(documents), [{**_as_dict(record), "ingested_at": time.time()}])
            if rows:
                conn.execute(sa.insert(chunks), rows)
            if unit_rows:
                conn.execute(sa.insert(units), unit_rows)
            self._bump(conn)
        self.local_changes += 1

    def remove_document(self, source: str) -> None:
        with self.engine.begin() as conn:
            self._delete(conn, source)
            self._bump(conn)
        self.local_changes += 1

    @staticmethod
    def _delete(conn: sa.Connection, source: str) -> None:
        owned = sa.select(chunks.c.id).where(chunks.c.source == source)
        conn.execute(sa.delete(units).where(units.c.chunk_id.in_(owned)))
        conn.execute(sa.delete(chunks).where(chunks.c.source == source))
        conn.execute(sa.delete(documents).where(documents.c.source == source))

    @staticmethod
    def _bump(conn: sa.Connection) -> None:
        updated = conn.execute(
            sa.update(state).where(state.c.key == "generation").values(value=state.c.value + 1)
        )
        if updated.rowcount == 0:
            conn.execute(sa.insert(state).values(key="generation", value=1))


def _as_dict(record: object) -> dict[str, object]:
    return {name: getattr(record, name) for name in record.__slots__}  # type: ignore[attr-defined]
