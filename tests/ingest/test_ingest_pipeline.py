"""Ingestion end to end: real loaders, real ONNX model, real Chroma on disk, real SQLite catalog."""

from pathlib import Path

import pytest

from assistant.services import Services


def test_sources_are_relative_to_the_path_given(indexed: Services) -> None:
    sources = {d.source for d in indexed.catalog.documents()}
    assert sources == {
        "course/settings.md",
        "course/few-shot.mdx",
        "course/delimiters.md",
        "policy/national-ai-policy.txt",
        "policy/urdu-summary.md",
    }
    assert indexed.vectors.count() == len(indexed.catalog.chunk_ids())


def test_metadata_per_chunk(indexed: Services) -> None:
    docs = {d.source: d for d in indexed.catalog.documents()}
    assert docs["policy/national-ai-policy.txt"].doc_type == "policy"
    assert docs["course/settings.md"].doc_type == "course"
    assert docs["policy/urdu-summary.md"].language == "ur"
    assert docs["course/settings.md"].title == "Model settings"
    sections = {c.section for c in indexed.catalog.all_chunks() if c.source == "course/settings.md"}
    assert {"Temperature", "Stop sequences"} <= sections


def test_mdx_noise_is_gone_and_its_text_kept(indexed: Services) -> None:
    text = " ".join(c.text for c in indexed.catalog.all_chunks() if c.source == "course/few-shot.mdx")
    assert "import" not in text and "<Callout" not in text
    assert "Zero-shot prompting gives no examples" in text
    assert "# not a heading" in text


def test_reingesting_unchanged_files_does_nothing(indexed: Services, corpus: Path) -> None:
    ids = indexed.catalog.chunk_ids()
    report = indexed.ingestor.ingest([corpus])
    assert report.unchanged == 5 and not report.added and not report.updated
    assert indexed.catalog.chunk_ids() == ids


def test_a_changed_file_replaces_its_old_chunks(indexed: Services, corpus: Path) -> None:
    (corpus / "course/delimiters.md").write_text(
        "# Delimiters\n\nUse XML tags such as <data> around pasted text.\n"
    )
    report = indexed.ingestor.ingest([corpus])
    assert report.updated == ["course/delimiters.md"]
    texts = [c.text for c in indexed.catalog.all_chunks() if c.source == "course/delimiters.md"]
    assert texts == ["Use XML tags such as <data> around pasted text."]
    assert indexed.vectors.ids() == indexed.catalog.chunk_ids()
    top = indexed.searcher.search("XML tags around pasted text", k=1)[0]
    assert top.source == "course/delimiters.md"


def test_prune_removes_documents_whose_files_are_gone(indexed: Services, corpus: Path) -> None:
    (corpus / "course/few-shot.mdx").unlink()
    assert indexed.ingestor.ingest([corpus]).removed == []  # without --prune nothing is deleted
    report = indexed.ingestor.ingest([corpus], prune=True)
    assert report.removed == ["course/few-shot.mdx"]
    assert "course/few-shot.mdx" not in {d.source for d in indexed.catalog.documents()}
    assert indexed.vectors.ids() == indexed.catalog.chunk_ids()


def test_bad_files_are_reported_and_the_rest_indexed(services: Services, corpus: Path) -> None:
    (corpus / "empty.md").write_text("")
    (corpus / "picture.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (corpus / "notes.docx").write_bytes(b"PK\x03\x04 not a zip")
    (corpus / "legacy.txt").write_bytes("Caf\xe9 r\xe9sum\xe9 \x93quoted\x94 prompt tips.".encode("latin-1"))
    report = services.ingestor.ingest([corpus])
    failed = dict(report.failed)
    assert set(failed) == {"empty.md", "picture.md", "broken.pdf", "notes.docx"}
    assert all(reason for reason in failed.values())
    assert "legacy.txt" in report.added
    legacy = [c.text for c in services.catalog.all_chunks() if c.source == "legacy.txt"]
    assert "Café résumé" in legacy[0]
    assert len(report.added) == 6


def test_a_missing_path_is_reported_and_nothing_lost(indexed: Services, tmp_path: Path) -> None:
    before = indexed.catalog.chunk_ids()
    report = indexed.ingestor.ingest([tmp_path / "does-not-exist"])
    assert report.missing_paths and not report.ok
    assert indexed.catalog.chunk_ids() == before


def test_files_over_the_size_limit_get_a_clear_reason(services: Services, tmp_path: Path) -> None:
    big = tmp_path / "big"
    big.mkdir()
    (big / "dump.txt").write_bytes(b"All work and no play. " * 1_000_000)  # 22 MB
    report = services.ingestor.ingest([big])
    assert report.failed == [
        ("dump.txt", "the file is 22.0 MB, over the 10 MB limit (raise ASSISTANT_MAX_FILE_MB to index it)")
    ]


def test_an_interrupted_ingest_leaves_the_old_version_live(
    indexed: Services, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {c.id: c.text for c in indexed.catalog.all_chunks() if c.source == "course/settings.md"}
    (corpus / "course/settings.md").write_text("# Model settings\n\nA completely new text about top_p.\n")

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(indexed.catalog, "replace_document", crash)
    with pytest.raises(KeyboardInterrupt):
        indexed.ingestor.ingest([corpus])
    monkeypatch.undo()
    after = {c.id: c.text for c in indexed.catalog.all_chunks() if c.source == "course/settings.md"}
    assert after == before  # the half-written version is invisible
    assert all(
        h.source != "course/settings.md" or h.id in before for h in indexed.searcher.search("top_p", k=10)
    )
    assert len(indexed.vectors.ids()) > len(indexed.catalog.chunk_ids())  # orphans exist until the next run
    report = indexed.ingestor.ingest([corpus])
    assert report.updated == ["course/settings.md"]
    assert indexed.vectors.ids() == indexed.catalog.chunk_ids()


def test_a_single_file_path_is_indexed_under_its_name(services: Services, corpus: Path) -> None:
    report = services.ingestor.ingest([corpus / "policy/national-ai-policy.txt"], doc_type="course")
    assert report.added == ["national-ai-policy.txt"]
    assert services.catalog.documents()[0].doc_type == "course"


def test_an_unchanged_re_ingest_never_opens_the_vector_index(indexed: Services, corpus: Path) -> None:
    again = Services(indexed.settings, encoder=indexed.encoder)
    try:
        report = again.ingestor.ingest([corpus], prune=True)
        assert report.unchanged == len(indexed.catalog.documents()) and not report.updated
        assert "vectors" not in again.__dict__  # Chroma was not opened: nothing changed, nothing to repair
    finally:
        again.close()


def test_a_sentence_in_several_chunks_is_embedded_once(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = "Every officer must check the figures against the notification before sending the summary."
    for name in ("a", "b"):
        (tmp_path / f"{name}.md").write_text(f"# Note {name}\n\n{shared} This note is called {name}.\n")
    seen: list[str] = []
    embed = services.ingestor.embed
    monkeypatch.setattr(services.ingestor, "embed", lambda texts: seen.extend(texts) or embed(texts))
    services.ingestor.ingest([tmp_path])
    assert seen.count(shared) == 1 and len(seen) == len(set(seen))
    units = [u for u in services.catalog.all_units() if u.position == 0]  # each chunk's first sentence
    assert len(units) == 2 and units[0].vector == units[1].vector
