"""The peer baseline users build from the LangChain RAG tutorials: RecursiveCharacterTextSplitter(1000, 200),
Chroma with its default embedding function, similarity_search(k=5)."""

from __future__ import annotations

from pathlib import Path

from _common import CORPUS, corpus_files, install_chroma_default_model


class Baseline:
    def __init__(self, workdir: Path) -> None:
        import chromadb
        from langchain_chroma import Chroma

        install_chroma_default_model(workdir / "chroma-model")
        client = chromadb.PersistentClient(path=str(workdir / "baseline-chroma"))
        self.store = Chroma(client=client, collection_name="baseline")

    def ingest(self) -> int:
        from langchain_core.documents import Document
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        docs = [
            Document(
                page_content=path.read_text(encoding="utf-8", errors="replace"),
                metadata={"source": path.relative_to(CORPUS).as_posix()},
            )
            for path in corpus_files()
        ]
        chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
        self.store.add_documents(chunks)
        return len(chunks)

    def search(self, query: str, k: int = 5) -> list[str]:
        return [d.metadata["source"] for d in self.store.similarity_search(query, k=k)]
