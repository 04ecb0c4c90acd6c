"""Evidence selection with the real embedding model."""

from assistant.answering.evidence import EvidenceSelector
from assistant.answering.types import Passage
from assistant.embeddings import MiniLMEncoder


def test_what_was_asked_before_does_not_change_the_evidence(encoder: MiniLMEncoder) -> None:
    """The int8 model scales each call's activations together, so sentences embedded in one batch get
    vectors that depend on their neighbours; the selector must not let its cache decide the batches."""
    text = (
        "A stop sequence tells the model where to end. Set it to 11 to stop a numbered list at ten items. "
        "Temperature controls how varied the wording is, and a low value suits factual replies."
    )
    passages = [Passage(1, "settings.md", "Settings", "Stop sequences", text, 1.0)]
    question = "How do I make the list stop at ten items?"
    fresh = EvidenceSelector(encoder.encode, lambda q: {})
    warmed = EvidenceSelector(encoder.encode, lambda q: {})
    warmed.closeness(question, [Passage(1, "settings.md", "Settings", "", text.split(". ")[0] + ".", 1.0)])
    first, second = fresh.select(question, passages), warmed.select(question, passages)
    assert [u.text for u in first.units] == [u.text for u in second.units]
    assert fresh.closeness(question, passages) == warmed.closeness(question, passages)
